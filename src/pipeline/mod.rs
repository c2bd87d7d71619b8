/*!
From a checked site to the files of its output: one flat list of timed steps, which
`ctin build` runs on every group of pages and `ctin serve` runs on the groups a change touched
(see `incremental`). The same code writes both; what differs is the [`Sink`] (a fresh staging
folder, or the served folder that skips unchanged files) and what the pipeline remembers from
its previous run (nothing, for a build).

The steps, in order:
1. the open data (when every page is made, or the open-data page is): its page lists their sizes;
2. the pages of the groups, rendered in parallel, minified, offered to the search index and
   written as they are made (a build first takes whole from the previous output the groups
   whose inputs did not change: `groups`);
3. the pages no longer made are removed, and which territory reads which is noted;
4. the sitemap and the feed, when a page's title, summary or date changed;
5. the actors' GeoJSON (with the actors' pages), the editor's configuration (`/admin/`);
6. the printable documents of the groups, as their PDFs will show them;
7. on full runs, the static files, checked against every generated path;
8. the other files written.

The search index and the PDFs' layout come after, as each command needs them: at once for a
build, in the background for the preview.
*/

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::model::Site;
use crate::output::generated::{AFTER_PAGES, Generated, Input, OPEN_DATA, When};
use crate::output::sink::Sink;
use crate::output::{self, pdf, reuse, search};
use crate::products::{OutputFile, PageMeta};
use crate::render::{self, Chunk, Context, Focus, Part, Settings, theme};

mod groups;

/// What the pipeline keeps from one run to the next.
#[derive(Default)]
pub struct Pipeline {
    opts: render::Options,
    minify: bool,
    verbose: bool,
    /// The pages of each group, as the sitemap and the feed list them.
    written: BTreeMap<Chunk, Vec<PageMeta>>,
    /// The URLs of the pages the feed listed last time: a change of another page's title or
    /// summary leaves the sitemap and the feed as they are.
    in_feed: BTreeSet<String>,
    /// Each territory's open-data rows as last written.
    open_data: output::exports::Kept,
    /// Which territory's pages show data of which other territory (reader, read).
    reads: BTreeSet<(String, String)>,
    /// What the pages of the whole site showed of each territory (kept by the preview).
    fragments: render::Fragments,
    /// The fingerprint of each page's template and context as last written (the preview):
    /// a page made again from the same is left as it is.
    prints: std::collections::HashMap<String, String>,
    /// The PDFs of each group.
    pdf_parts: BTreeMap<Chunk, pdf::Job>,
    /// The groups rendered since their PDFs' sources were last made (the preview's partial
    /// runs leave them to [`Pipeline::pdfs`]).
    pdf_due: BTreeSet<Chunk>,
    /// True when the pipeline runs again (the preview): it keeps the PDFs of each group.
    keep: bool,
    /// The site's static files, which the PDFs may show (read on full runs).
    images: Arc<BTreeMap<String, Vec<u8>>>,
    /// The output this run replaces, whose minified pages it takes again when their HTML is
    /// the same (builds only).
    previous: Option<Arc<reuse::Previous>>,
}

/// What a run made.
#[derive(Debug)]
pub struct Made {
    /// HTML pages written (or kept unchanged).
    pub pages: usize,
    /// Files written, pages included.
    pub files: usize,
    /// Every PDF of the site, those of groups not rendered again included; `None` when the
    /// run left their sources to [`Pipeline::pdfs`] (the preview's partial runs: they are made
    /// after the reload).
    pub pdfs: Option<pdf::Job>,
    /// Paths of the pages removed.
    pub removed: BTreeSet<String>,
    /// What deserves a look but did not stop the run (`fichiers-casse`).
    pub warnings: Diagnostics,
}

/// Times the steps of a run (printed with `CTIN_DETAILS`).
struct Steps {
    verbose: bool,
    start: Instant,
}

impl Steps {
    fn done(&mut self, what: &str) {
        if self.verbose {
            eprintln!("  {what} : {} ms", self.start.elapsed().as_millis());
        }
        self.start = Instant::now();
    }
}

/// The URL and anchors of every page the site will have, and every other file a link may lead
/// to: the index of `render::kinds`, with the files of `output::generated`. The commands hand it
/// to `model`, which checks the links with it.
pub fn index(site: &Site) -> crate::model::links::LinkIndex {
    let mut index = render::kinds::index(site);
    let generated: Vec<(Vec<String>, bool)> = output::generated::all()
        .map(|g| ((g.urls)(site), g.linked))
        .collect();
    let linked = generated
        .iter()
        .filter(|(_, linked)| *linked)
        .flat_map(|(urls, _)| urls.iter().cloned());
    let taken = generated.iter().flat_map(|(urls, _)| urls.iter().cloned());
    index.add_files(linked.collect::<Vec<_>>(), taken.collect::<Vec<_>>());
    index
}

impl Pipeline {
    /// A pipeline with these build options; `minify` as `ctin build` does (a preview may skip
    /// it); `keep` when it will run again on what changed (the preview), so that it keeps what
    /// each group made.
    pub fn new(opts: render::Options, minify: bool, keep: bool) -> Pipeline {
        Pipeline {
            opts,
            minify,
            keep,
            verbose: std::env::var_os("CTIN_DETAILS").is_some(),
            ..Default::default()
        }
    }

    /// Takes again from `previous` the groups whose inputs did not change, and the pages whose
    /// template and context (or HTML) did not change.
    pub fn reusing(mut self, previous: Arc<reuse::Previous>) -> Pipeline {
        self.previous = Some(previous);
        self
    }

    /// Every PDF of the site. The sources of the groups rendered since they were last made are
    /// made now: the preview calls this once the open pages have reloaded; builds and full
    /// runs made them in the run already.
    pub fn pdfs(
        &mut self,
        site: &Site,
        settings: Settings,
        theme: &theme::Theme,
        tera: &tera::Tera,
    ) -> pdf::Job {
        let renderer = Context::new(site, settings, tera, theme);
        let due = std::mem::take(&mut self.pdf_due);
        note_pdf_parts(
            &mut self.pdf_parts,
            pdf_parts(due, &renderer, theme, &self.images),
        );
        pdf::Job::merge(self.pdf_parts.values())
    }

    /// The build options.
    pub fn options(&self) -> &render::Options {
        &self.opts
    }

    /// Which territory's pages show data of which other territory, as of the last run.
    pub fn reads(&self) -> &BTreeSet<(String, String)> {
        &self.reads
    }

    /// Runs the steps, with the run's `settings` (resolved once by the command), on the groups
    /// `only` and the pages of each that its focus asks for (every group when `None`: a full
    /// run), writing into `sink`; every page is offered to `indexed` for the search index.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        root: &Path,
        site: &Site,
        settings: Settings,
        theme: &theme::Theme,
        tera: &tera::Tera,
        only: Option<&BTreeMap<Chunk, Focus>>,
        sink: &dyn Sink,
        indexed: &search::Pages,
    ) -> Result<Made, Diagnostics> {
        let mut steps = Steps {
            verbose: self.verbose,
            start: Instant::now(),
        };
        let full = only.is_none();
        let chunks: Vec<(Chunk, Focus)> = match only {
            Some(set) => set.iter().map(|(c, f)| (c.clone(), f.clone())).collect(),
            None => Chunk::all(site)
                .into_iter()
                .map(|c| (c, Focus::Whole))
                .collect(),
        };
        if full {
            self.written.clear();
            self.reads.clear();
            self.pdf_parts.clear();
        }
        let shows = |part: Part| full || chunks.iter().any(|(c, _)| *c == Chunk::Site(part));

        let base_url = settings.base_url.clone();
        // The territories whose pages are rendered again: their own files follow.
        let territories: Option<BTreeSet<String>> = (!full).then(|| {
            chunks
                .iter()
                .filter_map(|(c, _)| c.territory().map(String::from))
                .collect()
        });
        let remade = |g: &Generated| match g.when {
            When::Always => true,
            When::With(part) => shows(part),
            When::PagesChanged | When::After => false,
        };
        let make = |g: &Generated, pages: &[&PageMeta]| {
            g.make.map(|make| {
                make(Input {
                    site,
                    base_url: base_url.as_deref(),
                    pages,
                    admin: &theme.admin,
                    full,
                    territories: territories.as_ref(),
                    open_data: &self.open_data,
                })
            })
        };

        // 1. The open data, whose page lists the files' sizes.
        let exports = if remade(&OPEN_DATA) {
            make(&OPEN_DATA, &[]).unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut renderer = Context::new(site, settings, tera, theme).with_exports(&exports);
        // Written at once: on a national site they weigh megabytes that the rest of the run
        // need not hold. Only their paths are kept (a static file may not take them).
        let write_error = Mutex::new(None::<String>);
        let export_paths: Vec<String> = {
            use rayon::prelude::*;
            if let Err(e) = exports.par_iter().try_for_each(|f| sink.write(f))
                && let Ok(mut first) = write_error.lock()
            {
                first.get_or_insert(e);
            }
            exports.into_iter().map(|f| f.path).collect()
        };
        if self.keep {
            // What the site's lists showed of the territories rendered again is made again.
            match &territories {
                None => {
                    self.fragments.clear();
                    self.prints.clear();
                }
                Some(set) => self
                    .fragments
                    .forget(&set.iter().map(String::as_str).collect()),
            }
            renderer = renderer.keeping(&self.fragments);
        }
        steps.done(OPEN_DATA.name);

        // The static files, read on full runs: the PDFs show them (and a build's groups are
        // taken again only when they are the same).
        let mut statics = Vec::new();
        if full {
            statics = output::static_files(root, &theme.statics, &site.static_files).map_err(
                |message| {
                    collect(
                        Vec::new(),
                        Some(Diagnostic::new(
                            code::FICHIER_ILLISIBLE,
                            Path::new("content/static"),
                            Pos::default(),
                            message,
                        )),
                    )
                },
            )?;
            self.images = Arc::new(
                statics
                    .iter()
                    .map(|f| (f.path.clone(), f.bytes.clone()))
                    .collect(),
            );
        }

        // A build takes again the groups whose inputs did not change.
        let inputs = (full && self.previous.is_some()).then(|| {
            groups::Inputs::new(site, &renderer.settings, self.minify, theme, &self.images)
        });

        // 2. The pages, written as they are made.
        let minify = self.minify;
        let previous = self.previous.as_deref();
        // A page made from the same templates and context as last time is taken again.
        let templates = reuse::theme_print(theme.templates.iter().map(|(n, (_, t))| (n, t)));
        // The preview's pages whose prints changed, noted once the run succeeded.
        let kept_prints = &self.prints;
        let new_prints = Mutex::new(Vec::new());
        let taken = |job: &render::Job| {
            if self.keep {
                let path = job.output_path();
                let print = reuse::context_print(&templates, job.template, &job.ctx, &job.ready);
                if kept_prints.get(&path) == Some(&print) {
                    return true;
                }
                if let Ok(mut new) = new_prints.lock() {
                    new.push((path, print));
                }
                return false;
            }
            let Some(previous) = previous else {
                return false;
            };
            let path = job.output_path();
            let print = reuse::context_print(&templates, job.template, &job.ctx, &job.ready);
            let Some(same) = previous.rendered(&path, print) else {
                return false;
            };
            previous
                .take(sink, &path, &same, indexed)
                .unwrap_or_else(|e| {
                    if let Ok(mut first) = write_error.lock() {
                        first.get_or_insert(e);
                    }
                    true
                })
        };
        let finish = |f: &mut OutputFile| {
            if f.path.ends_with(".html") {
                if minify {
                    f.bytes = match previous.and_then(|p| p.page(&f.path, &f.bytes)) {
                        Some(same) => same,
                        None => output::minify(&f.bytes),
                    };
                }
                indexed.offer(&f.path, &f.bytes);
            }
            if let Err(e) = sink.write(f)
                && let Ok(mut first) = write_error.lock()
            {
                first.get_or_insert(e);
            }
            f.bytes = Vec::new();
        };
        let kept = match (&inputs, previous) {
            (Some(inputs), Some(previous)) => {
                take_groups(inputs, previous, &chunks, sink, indexed, &write_error)
            }
            _ => Vec::new(),
        };
        let kept_chunks: BTreeSet<&Chunk> = kept.iter().map(|k| &k.chunk).collect();
        let to_render: Vec<(Chunk, Focus)> = chunks
            .iter()
            .filter(|(c, _)| !kept_chunks.contains(c))
            .cloned()
            .collect();
        let mut rendered = render::render_chunks(&renderer, &to_render, &taken, &finish)
            .map_err(|errors| collect(errors, None))?;
        let kept_count = kept.len();
        let mut chunks = to_render;
        let mut kept_pdfs = Vec::new();
        let mut kept_reads = Vec::new();
        for k in kept {
            chunks.push((k.chunk.clone(), Focus::Whole));
            let files = k
                .metas
                .into_iter()
                .map(|m| {
                    let path = render::output_path(&m.url);
                    let bytes = Vec::new();
                    (m, OutputFile { path, bytes })
                })
                .collect();
            rendered.push((k.chunk.clone(), files));
            if let Some(reader) = k.chunk.territory() {
                let reads = k.reads.into_iter().map(|read| (reader.to_string(), read));
                kept_reads.extend(reads);
            }
            kept_pdfs.push((k.chunk, k.pdfs));
        }
        let pages: usize = rendered.iter().map(|(_, p)| p.len()).sum();
        steps.done(&format!(
            "rendu, minification et écriture de {pages} pages ({kept_count} groupes repris tels quels)"
        ));

        // 3. Pages no longer made, and what each territory reads (what the territories whose
        // pages were all rendered read is noted again; a focused group only adds to it).
        let rendered_territories: BTreeSet<&str> = chunks
            .iter()
            .filter(|(_, f)| *f == Focus::Whole)
            .filter_map(|(c, _)| c.territory())
            .collect();
        self.reads
            .retain(|(reader, _)| !rendered_territories.contains(reader.as_str()));
        self.reads
            .extend(renderer.reads.lock().map(|r| r.clone()).unwrap_or_default());
        self.reads.extend(kept_reads);
        let mut page_paths = Vec::new();
        let mut removed = BTreeSet::new();
        let mut feeds_changed = full;
        for ((chunk, files), (_, focus)) in rendered.into_iter().zip(&chunks) {
            let new: BTreeSet<&str> = files.iter().map(|(_, f)| f.path.as_str()).collect();
            // The pages made last time that this run made again (or should have).
            let (mut covered, kept): (Vec<PageMeta>, Vec<PageMeta>) = self
                .written
                .remove(&chunk)
                .unwrap_or_default()
                .into_iter()
                .partition(|m| match focus {
                    Focus::Whole => true,
                    Focus::Showing(_) => render::kinds::kind(m.kind)
                        .is_some_and(|k| k.covers(focus, m.source.as_deref())),
                });
            for old in &covered {
                let path = render::output_path(&old.url);
                if !new.contains(path.as_str()) {
                    sink.remove(&path);
                    removed.insert(path);
                }
            }
            page_paths.extend(new.iter().map(|p| p.to_string()));
            let mut metas: Vec<PageMeta> = files.into_iter().map(|(m, _)| m).collect();
            metas.sort_by(|a, b| a.url.cmp(&b.url));
            covered.sort_by(|a, b| a.url.cmp(&b.url));
            // The sitemap lists the pages' URLs and dates; the feed, the newest pages.
            fn listed(m: &PageMeta) -> (&str, Option<&str>) {
                (m.url.as_str(), m.updated.as_deref())
            }
            feeds_changed |= !covered.iter().map(listed).eq(metas.iter().map(listed))
                || covered
                    .iter()
                    .zip(&metas)
                    .any(|(old, new)| old != new && self.in_feed.contains(&old.url));
            metas.extend(kept);
            metas.sort_by(|a, b| a.url.cmp(&b.url));
            self.written.insert(chunk, metas);
        }

        // 4. and 5. The files made after the pages (sitemap and feed, GeoJSON, editor…).
        let mut rest = Vec::new();
        for g in AFTER_PAGES {
            let now = remade(g) || full || (g.when == When::PagesChanged && feeds_changed);
            if now && g.when != When::After {
                let pages: Vec<&PageMeta> = match g.when {
                    When::PagesChanged => self.written.values().flatten().collect(),
                    _ => Vec::new(),
                };
                if g.when == When::PagesChanged {
                    let newest = output::feeds::newest(pages.iter().copied());
                    self.in_feed = newest.into_iter().map(|p| p.url.clone()).collect();
                }
                rest.extend(make(g, &pages).unwrap_or_default());
                steps.done(g.name);
            }
        }
        // 6. The printable documents of the groups rendered. A territory's group rendered with
        // a focus that leaves its printable pages alone keeps its PDFs. The preview's partial
        // runs make their sources after the reload (`pdfs`): only the PDFs wait for them.
        let printed = chunks
            .iter()
            .filter(|(c, f)| matches!(c, Chunk::Site(_)) || render::kinds::prints(f))
            .map(|(c, _)| c)
            .filter(|c| !kept_pdfs.iter().any(|(k, _)| k == *c))
            .cloned();
        self.pdf_due.extend(printed);
        let deferred = self.keep && !full;
        if !deferred {
            let due = std::mem::take(&mut self.pdf_due);
            let made = pdf_parts(due, &renderer, theme, &self.images);
            note_pdf_parts(&mut self.pdf_parts, made);
        }
        let images = &self.images;
        let kept_chunks: BTreeSet<Chunk> = kept_pdfs.iter().map(|(c, _)| c.clone()).collect();
        for (chunk, entries) in kept_pdfs {
            if !entries.is_empty() {
                let job = pdf::Job::taken(&entries, images.clone());
                self.pdf_parts.insert(chunk, job);
            }
        }
        // What the territories' groups made this time, for the next build.
        if let (Some(inputs), Some(previous)) = (&inputs, &self.previous) {
            let reads = &self.reads;
            for (chunk, _) in chunks.iter().filter(|(c, _)| !kept_chunks.contains(c)) {
                let read: BTreeSet<String> = reads
                    .iter()
                    .filter(|(reader, _)| chunk.territory() == Some(reader.as_str()))
                    .map(|(_, read)| read.clone())
                    .collect();
                let print = inputs.of(chunk, &read);
                let pages = self.written.get(chunk).map_or(&[][..], Vec::as_slice);
                let group = groups::group(print, pages, read, self.pdf_parts.get(chunk));
                previous.note_group(&groups::key(chunk), group);
            }
        }
        let pdfs = if deferred {
            None
        } else if self.keep {
            Some(pdf::Job::merge(self.pdf_parts.values()))
        } else {
            Some(pdf::Job::merge_owned(
                std::mem::take(&mut self.pdf_parts).into_values(),
            ))
        };
        if !deferred {
            steps.done("sources des PDF");
        }

        // 7. On full runs, a static file may not take a generated path.
        let mut warnings = Diagnostics::new();
        if full && let Some(pdfs) = &pdfs {
            let pdf_paths = pdfs.manifest();
            let generated = page_paths
                .iter()
                .chain(rest.iter().map(|f| &f.path))
                .chain(&export_paths)
                .map(String::as_str)
                .chain(pdf_paths.keys().map(String::as_str));
            let theme_name = renderer.settings.theme.as_deref();
            let conflicts =
                output::check_paths(generated, &statics, &site.static_files, theme_name);
            if conflicts.has_errors() {
                return Err(conflicts);
            }
            warnings = conflicts;
        }

        // 8. The other files.
        rest.extend(statics);
        let files = pages + export_paths.len() + rest.len();
        let written = {
            use rayon::prelude::*;
            rest.par_iter().try_for_each(|f| sink.write(f))
        };
        let first = write_error.into_inner().ok().flatten();
        if let Some(message) = written.err().or(first) {
            return Err(collect(
                Vec::new(),
                Some(Diagnostic::new(
                    code::ECRITURE_IMPOSSIBLE,
                    Path::new(""),
                    Pos::default(),
                    message,
                )),
            ));
        }
        steps.done("écriture des autres fichiers");
        self.prints
            .extend(new_prints.into_inner().unwrap_or_default());
        for path in &removed {
            self.prints.remove(path);
        }
        Ok(Made {
            pages,
            files,
            pdfs,
            removed,
            warnings,
        })
    }
}

/// A group of pages taken whole from the previous output.
struct Kept {
    chunk: Chunk,
    metas: Vec<PageMeta>,
    reads: BTreeSet<String>,
    pdfs: Vec<(String, std::path::PathBuf, String)>,
}

/// Takes the groups of `chunks` whose inputs are the ones `previous` noted; the
/// first error (a page taken that cannot be read again) goes to `error`.
fn take_groups(
    inputs: &groups::Inputs,
    previous: &reuse::Previous,
    chunks: &[(Chunk, Focus)],
    sink: &dyn Sink,
    indexed: &search::Pages,
    error: &Mutex<Option<String>>,
) -> Vec<Kept> {
    use rayon::prelude::*;
    chunks
        .par_iter()
        .filter_map(|(chunk, _)| {
            let key = groups::key(chunk);
            let old = previous.group(&key)?;
            let print = inputs.of(chunk, &old.lectures);
            let metas = groups::metas(old)?;
            let group = match previous.take_group(sink, &key, &print, indexed) {
                Ok(group) => group?,
                Err(e) => {
                    if let Ok(mut first) = error.lock() {
                        first.get_or_insert(e);
                    }
                    return None;
                }
            };
            Some(Kept {
                chunk: chunk.clone(),
                metas,
                reads: group.lectures.clone(),
                pdfs: group.pdfs.clone(),
            })
        })
        .collect()
}

/// The PDFs of each of the groups `due` (none for a group that prints nothing).
fn pdf_parts(
    due: BTreeSet<Chunk>,
    renderer: &Context,
    theme: &theme::Theme,
    images: &Arc<BTreeMap<String, Vec<u8>>>,
) -> Vec<(Chunk, Option<pdf::Job>)> {
    use rayon::prelude::*;
    let template = theme.pdf.get("document.typ").map_or("", String::as_str);
    let base_url = renderer.settings.base_url.as_deref();
    due.into_par_iter()
        .map(|chunk| {
            let (printables, dossiers) = render::kinds::printables(renderer, &chunk);
            let job = (!printables.is_empty() || !dossiers.is_empty())
                .then(|| pdf::Job::new(&printables, &dossiers, template, images.clone(), base_url));
            (chunk, job)
        })
        .collect()
}

/// Notes the PDFs of groups whose sources were made again.
fn note_pdf_parts(parts: &mut BTreeMap<Chunk, pdf::Job>, made: Vec<(Chunk, Option<pdf::Job>)>) {
    for (chunk, job) in made {
        match job {
            Some(job) => parts.insert(chunk, job),
            None => parts.remove(&chunk),
        };
    }
}

fn collect(errors: Vec<Diagnostic>, more: Option<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::new();
    for e in errors.into_iter().chain(more) {
        d.push(e);
    }
    d
}
