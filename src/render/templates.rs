//! Filling the templates: the pages of groups of pages rendered in parallel with Tera (each
//! template parsed once), with the Content-Security-Policy every page gets.

use super::*;

/// The pages of one chunk, each with what the sitemap and the feed need.
pub type Rendered = Vec<(PageMeta, OutputFile)>;

/// Renders the pages of `chunks` (those each one's focus asks for) in parallel, so that only
/// the finished pages (after `finish`, e.g. minification and writing) are kept in memory. A
/// page that `taken` puts in place by itself (from a previous output) is not rendered.
/// A territory chunk whose territory is gone (or has no card) renders no page.
pub fn render_chunks(
    r: &Context,
    chunks: &[(Chunk, Focus)],
    taken: &(dyn Fn(&Job) -> bool + Sync),
    finish: &(dyn Fn(&mut OutputFile) + Sync),
) -> Result<Vec<(Chunk, Rendered)>, Vec<Diagnostic>> {
    let progress = Progress::new(chunks.len());
    // Territories first: they are the biggest groups, and a preview's save often renders one
    // beside a few site pages; started last, it would run alone on one core at the end.
    let mut order: Vec<usize> = (0..chunks.len()).collect();
    order.sort_by_key(|&i| chunks[i].0.territory().is_none());
    let mut results: Vec<(usize, Result<Rendered, Diagnostic>)> = order
        .into_par_iter()
        .map(|i| {
            let (chunk, focus) = &chunks[i];
            let _tick = progress.tick_on_drop();
            let jobs = kinds::jobs(r, chunk, focus);
            // The pages of a group in parallel too: a preview often renders one group.
            let made = jobs
                .par_iter()
                .map(|job| {
                    if taken(job) {
                        let path = job.output_path();
                        let bytes = Vec::new();
                        return Ok((job.meta(), OutputFile { path, bytes }));
                    }
                    let mut file = render_one(r.templates, job)?;
                    finish(&mut file);
                    Ok((job.meta(), file))
                })
                .collect();
            (i, made)
        })
        .collect();
    results.sort_by_key(|(i, _)| *i);
    progress.finish();
    let mut out = Vec::new();
    let mut errors: Vec<Diagnostic> = r.take_errors();
    for ((chunk, _), (_, result)) in chunks.iter().zip(results) {
        match result {
            Ok(items) => out.push((chunk.clone(), items)),
            Err(d) => {
                if !errors.contains(&d) {
                    errors.push(d);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A progress line on the terminal for long builds (nothing when stderr is not a terminal).
struct Progress {
    total: usize,
    done: std::sync::atomic::AtomicUsize,
    shown: bool,
}

struct Tick<'a>(&'a Progress);

impl Drop for Tick<'_> {
    fn drop(&mut self) {
        let p = self.0;
        let done = p.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if p.shown && (done.is_multiple_of(10) || done == p.total) {
            eprint!("\rRendu des pages : {done}/{} groupes", p.total);
        }
    }
}

impl Progress {
    fn new(total: usize) -> Self {
        use std::io::IsTerminal;
        let shown = total > 50 && std::io::stderr().is_terminal();
        Progress {
            total,
            done: Default::default(),
            shown,
        }
    }

    fn tick_on_drop(&self) -> Tick<'_> {
        Tick(self)
    }

    fn finish(&self) {
        if self.shown {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}

fn render_one(
    (tera, theme): (&tera::Tera, &theme::Theme),
    job: &Job,
) -> Result<OutputFile, Diagnostic> {
    let mut ctx =
        tera::Context::from_serialize(&job.ctx).map_err(|e| theme::template_error(theme, &e))?;
    for (key, value) in &job.ready {
        ctx.insert_value(*key, value.to_value());
    }
    let html = tera
        .render(job.template, &ctx)
        .map_err(|e| theme::template_error(theme, &e))?;
    Ok(OutputFile {
        path: job.output_path(),
        bytes: with_policy(html).into_bytes(),
    })
}

/// The Content-Security-Policy of every page: scripts only from the site (WebAssembly for the
/// search), never inline, never from elsewhere; images from the site, `data:` and any `https:`
/// host (map tiles, pictures linked by editors); styles from the site and inline (the print
/// pages' running header is a per-page `<style>`; styles cannot run code); no plugins, no
/// `<base>`, forms only to the site. Whatever an editor's text might still slip through stays
/// inert. (Given in a `<meta>`, since static hosts do not let ctin set headers.)
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'";

/// `html` with the policy as the first element of its `<head>` (after the charset, which must
/// come first), whatever the theme's templates say.
fn with_policy(mut html: String) -> String {
    let tag = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">"
    );
    let mut end = html.len().min(4096);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let lower = html[..end].to_ascii_lowercase();
    let after = |what: &str| {
        lower
            .find(what)
            .and_then(|i| lower[i..].find('>').map(|j| i + j + 1))
    };
    let at = after("<meta charset")
        .or_else(|| after("<head"))
        .or_else(|| after("<!doctype"))
        .unwrap_or(0);
    html.insert_str(at, &tag);
    html
}
