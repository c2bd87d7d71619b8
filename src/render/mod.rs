/*!
Stage 3 — render: the checked [`Site`] becomes pages.

1. [`Renderer::new`] gives the views what they share (the link index that checked the links,
   the base URL, the options);
2. each kind of page, declared once in [`kinds`], turns the model into one [`Job`] per page: a
   template name and a context of ready-to-print values (French numbers and dates, relative
   links, HTML of the Markdown, SVG charts), with helpers shared by several kinds in [`views`];
   [`printables`] gives the printable documents as their PDFs show them;
3. [`render_chunks`] fills the templates of groups of pages ([`Chunk`]) in parallel with Tera, each template parsed once.

Writing files, feeds and minification belong to `output`.
*/

pub mod charts;
pub mod format;
pub mod hours;
pub mod kinds;
pub mod labels;
pub mod markdown;
pub mod printables;
pub mod sanitize;
pub mod theme;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::model::links::LinkIndex;
use crate::model::schema::S;
use crate::model::{Page, Site};
use crate::products::{OutputFile, PageMeta};
use crate::text::HeadingIds;
use format::typography;
use markdown::LinkContext;

/// The URL of the page shown for unknown addresses.
pub const NOT_FOUND: &str = "/404.html";

/// Choices of the build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Build drafts too.
    pub drafts: bool,
    /// Absolute URL of the site (overrides `url_de_base`).
    pub base_url: Option<String>,
}

/// One page to render.
#[derive(Debug, Clone)]
pub struct Job {
    /// Root-absolute URL (`/territoires/lille/`), or a file name at the root (`/404.html`).
    pub url: String,
    /// Template name.
    pub template: &'static str,
    /// Template context.
    pub ctx: Value,
    /// Date of the page's last change, when known (`AAAA-MM-JJ`…), for the sitemap and feed.
    pub updated: Option<String>,
}

impl Job {
    /// Where the page is written in the output folder.
    pub fn output_path(&self) -> String {
        output_path(&self.url)
    }
}

/// Where the page at `url` is written in the output folder.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The site's language (`fr` unless `site.yaml` says otherwise).
pub fn language(site: &Site) -> String {
    site.config
        .as_ref()
        .and_then(|c| c.langue.as_ref())
        .map(|l| l.value.clone())
        .unwrap_or_else(|| "fr".into())
}

/// True unless `site.yaml` turns the search off (`recherche: false`).
pub fn search_enabled(site: &Site) -> bool {
    site.config.as_ref().and_then(|c| c.recherche) != Some(false)
}

/// What every view needs.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    /// Every page's URL and anchors.
    pub index: &'a LinkIndex,
    /// Build options.
    pub opts: &'a Options,
    /// The absolute URL of the site, when known.
    pub base_url: Option<String>,
    /// Which territory's pages show data of which other territory (reader, read), as seen
    /// while rendering: an incremental rebuild renders the readers again.
    pub reads: std::sync::Mutex<std::collections::BTreeSet<(String, String)>>,
    /// The open-data files the build writes (path in the output folder → bytes), for the page
    /// that lists them with their sizes.
    pub exports: std::collections::BTreeMap<String, usize>,
}

impl<'a> Renderer<'a> {
    /// Indexes the site.
    pub fn new(site: &'a Site, opts: &'a Options) -> Self {
        let base_url = opts
            .base_url
            .clone()
            .or_else(|| {
                site.config
                    .as_ref()?
                    .url_de_base
                    .as_ref()
                    .map(|u| u.value.clone())
            })
            .map(|u| u.trim_end_matches('/').to_string());
        Renderer {
            site,
            index: &site.links,
            opts,
            base_url,
            reads: Default::default(),
            exports: Default::default(),
        }
    }

    /// Gives the open-data files that will be written, so that their page shows their sizes.
    pub fn with_exports(mut self, files: &[OutputFile]) -> Self {
        self.exports = files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.len()))
            .collect();
        self
    }

    /// Notes that the pages of `reader` show data of territory `read`.
    pub fn note_read(&self, reader: &str, read: &str) {
        if reader != read
            && let Ok(mut reads) = self.reads.lock()
        {
            reads.insert((reader.to_string(), read.to_string()));
        }
    }

    /// The date a page was last changed: its `mis_a_jour`, else the last commit that touched
    /// one of its source `files` (when the site is in git), else `fallback` (its adoption or
    /// meeting date).
    pub fn updated(
        &self,
        mis_a_jour: Option<&S<String>>,
        files: &[&Path],
        fallback: Option<&S<String>>,
    ) -> Option<String> {
        mis_a_jour
            .map(|d| d.value.clone())
            .or_else(|| self.site.history.as_ref()?.date(files))
            .or_else(|| fallback.map(|d| d.value.clone()))
    }

    /// The site's language.
    pub fn language(&self) -> String {
        language(self.site)
    }

    /// True unless `site.yaml` turns the search off (`recherche: false`).
    pub fn search(&self) -> bool {
        search_enabled(self.site)
    }

    /// How the search index files the page made with `template` at `url`: its kind and, for a
    /// territory's pages, the territory's name (`None`: the page is not indexed).
    fn search_facets(&self, template: &str, url: &str) -> Option<Value> {
        if !self.search() {
            return None;
        }
        let kind = kinds::search_label(template)?;
        let territory = url
            .strip_prefix("/territoires/")
            .and_then(|rest| rest.split('/').next())
            .and_then(|slug| self.site.territory(slug))
            .map(|t| typography(t.short_name()));
        Some(json!({ "type": kind, "territoire": territory }))
    }

    /// True when the page is part of this build.
    pub fn published(&self, page: &Page) -> bool {
        self.opts.drafts || !page.is_draft()
    }

    /// The link from the page at `from` to the page or file `to`. The 404 page is served at
    /// any address, so its links are absolute when the site's URL is known.
    pub fn href(&self, from: &str, to: &str) -> String {
        match &self.base_url {
            Some(base) if from == NOT_FOUND => urls::absolute(base, to),
            _ => urls::relative(from, to),
        }
    }

    fn static_prefix(&self, from: &str) -> String {
        match &self.base_url {
            Some(base) if from == NOT_FOUND => format!("{base}/"),
            _ => urls::to_root(from),
        }
    }

    fn link_context(&self) -> LinkContext<'_> {
        LinkContext {
            site: self.site,
            index: self.index,
            drafts: self.opts.drafts,
        }
    }

    /// Markdown of `file` as HTML for the page at `url`.
    pub fn md(&self, text: &str, file: &Path, url: &str, ids: &mut HeadingIds) -> String {
        markdown::to_html(text, file, url, &self.link_context(), ids)
    }

    /// The site paths that the links and images of `text` (written in `file`) lead to, by
    /// destination as written (see [`LinkContext::site_path`]).
    pub fn link_targets(&self, text: &str, file: &Path) -> BTreeMap<String, String> {
        let links = self.link_context();
        crate::markdown::scan(text)
            .links
            .into_iter()
            .filter_map(|l| Some((l.dest.clone(), links.site_path(file, &l.dest)?)))
            .collect()
    }

    fn menu(&self, url: &str) -> Vec<Value> {
        let mut items: Vec<(String, String)> = kinds::menu()
            .map(|(label, url)| (label.to_string(), url.to_string()))
            .collect();
        let mut pages: Vec<&Page> = self
            .site
            .pages
            .iter()
            .filter(|p| {
                self.published(p)
                    && !matches!(p.slug.as_str(), "mentions-legales" | "accessibilite")
            })
            .collect();
        pages.sort_by_key(|p| {
            (
                p.front.ordre.as_ref().map(|o| o.value).unwrap_or(i64::MAX),
                p.slug.clone(),
            )
        });
        items.extend(
            pages
                .iter()
                .map(|p| (typography(&p.front.titre), format!("/{}/", p.slug))),
        );
        items
            .into_iter()
            .map(|(titre, to)| {
                let current = if to == "/" {
                    url == "/"
                } else {
                    url.starts_with(&to)
                };
                json!({ "titre": titre, "href": self.href(url, &to), "actif": current })
            })
            .collect()
    }

    /// A page: its template, URL, title, breadcrumbs (label, URL) and source file, with the
    /// context every page has (`site`, `page`) merged into `extra`.
    #[allow(clippy::too_many_arguments)]
    pub fn job(
        &self,
        template: &'static str,
        url: &str,
        titre: &str,
        crumbs: &[(String, String)],
        source: Option<&Path>,
        description: Option<&str>,
        updated: Option<String>,
        extra: Value,
    ) -> Job {
        let config = self.site.config.as_ref();
        let etat = config
            .and_then(|c| c.accessibilite.as_ref()?.etat)
            .map(|e| e.as_str())
            .unwrap_or("non-conforme");
        let site_titre = config.map(|c| c.titre.as_str()).unwrap_or("ctin");
        let site_description = config
            .map(|c| c.description.trim().to_string())
            .unwrap_or_default();
        let edit = config
            .and_then(|c| c.depot.as_ref())
            .zip(source)
            .map(|(d, s)| {
                format!(
                    "{}/{}",
                    d.value.trim_end_matches('/'),
                    s.display().to_string().replace('\\', "/")
                )
            });
        let mut fil: Vec<Value> = vec![json!({ "titre": "Accueil", "href": self.href(url, "/") })];
        fil.extend(
            crumbs
                .iter()
                .map(|(t, u)| json!({ "titre": typography(t), "href": self.href(url, u) })),
        );
        let canonical = self.base_url.as_ref().map(|b| urls::absolute(b, url));
        let mut ctx = json!({
            "site": {
                "titre": typography(site_titre),
                "description": typography(&site_description),
                "langue": self.language(),
                "racine": self.href(url, "/"),
                "statique": self.static_prefix(url),
                "menu": self.menu(url),
                "licence": config.and_then(|c| c.licence.clone()).unwrap_or_else(|| "Licence Ouverte 2.0".into()),
                "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| typography(&e.nom)),
                "accessibilite": labels::label(etat),
                "mentions_href": self.href(url, "/mentions-legales/"),
                "accessibilite_href": self.href(url, "/accessibilite/"),
                "recherche": self.search().then(|| self.href(url, "/recherche/")),
            },
            "page": {
                "titre": typography(titre),
                "description": description.map(|d| typography(d.trim())).unwrap_or_else(|| typography(&site_description)),
                "canonique": canonical,
                "fil": fil,
                "modifier": edit,
                "mis_a_jour": updated.as_deref().map(format::date_text),
                "recherche": self.search_facets(template, url),
            },
        });
        if let (Value::Object(base), Value::Object(more)) = (&mut ctx, extra) {
            base.extend(more);
        }
        Job {
            url: url.to_string(),
            template,
            ctx,
            updated,
        }
    }
}

impl Job {
    /// What the sitemap and the feed need of this page.
    fn meta(&self) -> PageMeta {
        let job = self;
        let text = |k: &str| job.ctx["page"][k].as_str().unwrap_or("").to_string();
        PageMeta {
            url: job.url.clone(),
            titre: text("titre"),
            description: text("description"),
            updated: job.updated.clone(),
        }
    }
}

/// A part of the site that does not belong to one territory, rendered as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The home page.
    Home,
    /// Free pages, legal notice, accessibility statement, search page, 404 page.
    Pages,
    /// The list and map of territories.
    Territories,
    /// The models and their pages.
    Models,
    /// The référentiel and the comparison page of each indicator.
    Indicators,
    /// All actors.
    Actors,
    /// The open-data page.
    Data,
}

impl Part {
    /// Every part, in the order pages are listed.
    pub const ALL: [Part; 7] = [
        Part::Home,
        Part::Pages,
        Part::Territories,
        Part::Models,
        Part::Indicators,
        Part::Actors,
        Part::Data,
    ];
}

/// A group of pages rendered together: the unit of incremental rebuilds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chunk {
    /// Pages of the whole site.
    Site(Part),
    /// Every page of one territory.
    Territory(String),
}

impl Chunk {
    /// Every chunk of the site, site parts first, then territories in order.
    pub fn all(site: &Site) -> Vec<Chunk> {
        Part::ALL
            .into_iter()
            .map(Chunk::Site)
            .chain(
                site.territories
                    .iter()
                    .map(|t| Chunk::Territory(t.slug.clone())),
            )
            .collect()
    }
}

/// The pages of one chunk, each with what the sitemap and the feed need.
pub type Rendered = Vec<(PageMeta, OutputFile)>;

/// Renders every page of the site; see [`render_chunks`].
pub fn render_site(
    r: &Renderer,
    theme: &theme::Theme,
    finish: &(dyn Fn(&mut OutputFile) + Sync),
) -> Result<(Vec<PageMeta>, Vec<OutputFile>), Vec<Diagnostic>> {
    let tera = theme::tera(theme).map_err(|d| vec![d])?;
    let chunks = render_chunks(r, &tera, theme, &Chunk::all(r.site), finish)?;
    Ok(chunks.into_iter().flat_map(|(_, pages)| pages).unzip())
}

/// Renders the pages of `chunks` in parallel, so that only the finished pages (after `finish`,
/// e.g. minification) are kept in memory. A territory chunk whose territory is gone (or has no
/// card) renders no page.
pub fn render_chunks(
    r: &Renderer,
    tera: &tera::Tera,
    theme: &theme::Theme,
    chunks: &[Chunk],
    finish: &(dyn Fn(&mut OutputFile) + Sync),
) -> Result<Vec<(Chunk, Rendered)>, Vec<Diagnostic>> {
    let progress = Progress::new(chunks.len());
    let results: Vec<Result<Rendered, Diagnostic>> = chunks
        .par_iter()
        .map(|chunk| {
            let _tick = progress.tick_on_drop();
            let jobs = kinds::jobs(r, chunk);
            jobs.iter()
                .map(|job| {
                    let mut file = render_one(tera, theme, job)?;
                    finish(&mut file);
                    Ok((job.meta(), file))
                })
                .collect()
        })
        .collect();
    progress.finish();
    let mut out = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (chunk, result) in chunks.iter().zip(results) {
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
    tera: &tera::Tera,
    theme: &theme::Theme,
    job: &Job,
) -> Result<OutputFile, Diagnostic> {
    let ctx =
        tera::Context::from_serialize(&job.ctx).map_err(|e| theme::template_error(theme, &e))?;
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
