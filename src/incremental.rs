/*!
Incremental rebuilds, for `ctin serve`.

A [`Session`] keeps what the last rebuild made: the parsed content ([`Loaded`]), the compiled
theme, the pages written for each [`Chunk`] and which territory's pages show data of which
other territory. When files change it reads and parses only those files, adopts models again
only where a document, its territory or its model changed, checks the whole site (references
cross files), then renders only the chunks that show the changed data, following the table of
[`touched`]. Templates, `site.yaml`, free pages (the menu), the référentiel, static files, a file
added or removed, or a page becoming a draft (or ceasing to be one) make everything render again.

While the content has errors nothing is written: the last good site stays in place and the
chunks to render pile up until the next good rebuild. The incremental result is the same,
file for file, as a full build of the same content (tests/incremental.rs checks it).
*/

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::content::FileKind;
use crate::diagnostic::{Diagnostic, Diagnostics, code};
use crate::model::{Loaded, Site};
use crate::output;
use crate::products::{OutputFile, PageMeta};
use crate::render::kinds::{self, Shows};
use crate::render::{self, Chunk, Part, Renderer, theme};

/// What must be rendered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dirty {
    /// Every page.
    All,
    /// These chunks only (none: nothing to do).
    Chunks(BTreeSet<Chunk>),
}

impl Default for Dirty {
    fn default() -> Self {
        Dirty::Chunks(BTreeSet::new())
    }
}

impl Dirty {
    fn add(&mut self, chunks: impl IntoIterator<Item = Chunk>) {
        if let Dirty::Chunks(set) = self {
            set.extend(chunks);
        }
    }

    fn merge(&mut self, other: Dirty) {
        match other {
            Dirty::All => *self = Dirty::All,
            Dirty::Chunks(set) => self.add(set),
        }
    }

    fn territory(&self, slug: &str) -> bool {
        match self {
            Dirty::All => true,
            Dirty::Chunks(set) => set.contains(&Chunk::Territory(slug.to_string())),
        }
    }
}

/// What a change of the file of `kind` makes render again, in a site where `reads` lists which
/// territory's pages show data of which other territory (reader, read); `before` and `after`
/// are the [`Facts`] of its page before and after the change. The groups come from what each
/// kind of page says it shows ([`kinds::showing`]).
pub fn touched(
    site: &Site,
    kind: &FileKind,
    reads: &BTreeSet<(String, String)>,
    before: &Facts,
    after: &Facts,
) -> Dirty {
    // Links to a draft are dropped everywhere.
    if before.draft != after.draft {
        return Dirty::All;
    }
    let territory = |t: &str| Chunk::Territory(t.to_string());
    let mut dirty = Dirty::default();
    // The pages that show `what`: the site's groups, and territory `t`'s own pages (with the
    // territories whose pages read `t`'s, when `read` is true).
    let mut show = |what: Shows, t: Option<&str>, read: bool| {
        let (parts, own) = kinds::showing(what);
        dirty.add(parts.into_iter().map(Chunk::Site));
        if let Some(t) = t.filter(|_| own) {
            dirty.add([territory(t)]);
            if read {
                dirty.add(
                    reads
                        .iter()
                        .filter(|(_, read)| read == t)
                        .map(|(reader, _)| territory(reader)),
                );
            }
        }
    };
    match kind {
        // Names, labels and the menu are on every page.
        FileKind::Site | FileKind::Page(_) | FileKind::Referentiel => return Dirty::All,
        FileKind::Home => show(Shows::Home, None, false),
        FileKind::Model(m) => {
            show(Shows::Models, None, false);
            // Only the territories whose documents adopt it show it.
            for t in &site.territories {
                let adopts = t
                    .documents
                    .iter()
                    .any(|d| d.page.front.modele.as_ref().is_some_and(|x| &x.value == m));
                if adopts {
                    dirty.add([territory(&t.slug)]);
                }
            }
        }
        FileKind::Territory(t) => show(Shows::Cards, Some(t), true),
        FileKind::TerritoryIndex(t) => show(Shows::Presentations, Some(t), false),
        FileKind::Actors(t) => show(Shows::Actors, Some(t), true),
        FileKind::Measures(t) => show(Shows::Measures, Some(t), false),
        FileKind::Roadmap(t) => show(Shows::Roadmaps, Some(t), false),
        FileKind::Document(t, _) => {
            show(Shows::Documents, Some(t), false);
            // A model's page lists the documents that adopt it, before and after the change.
            if before.model.is_some() || after.model.is_some() {
                show(Shows::Adoptions, None, false);
            }
        }
    }
    dirty
}

/// What other pages need to know of the page made from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// A draft is left out of the site, and links to it are dropped.
    pub draft: bool,
    /// The model a document adopts.
    pub model: Option<String>,
}

/// The [`Facts`] of the page made from the file of `kind`; `None` when that file gives no
/// page or its page could not be read. Other files give plain facts.
fn facts(site: &Site, kind: &FileKind) -> Option<Facts> {
    let page = match kind {
        FileKind::Home => site.home.as_ref(),
        FileKind::Page(s) => site.pages.iter().find(|p| &p.slug == s),
        FileKind::Model(s) => site.model(s),
        FileKind::TerritoryIndex(t) => site.territory(t)?.index.as_ref(),
        FileKind::Roadmap(t) => site.territory(t)?.roadmap.as_ref(),
        FileKind::Document(t, d) => site
            .territory(t)?
            .documents
            .iter()
            .find(|x| &x.page.slug == d)
            .map(|x| &x.page),
        _ => {
            return Some(Facts {
                draft: false,
                model: None,
            });
        }
    };
    page.map(|p| Facts {
        draft: p.is_draft(),
        model: match kind {
            FileKind::Document(..) => p.front.modele.as_ref().map(|m| m.value.clone()),
            _ => None,
        },
    })
}

/// What the files changed on disk ask for.
#[derive(Debug, Default)]
struct Changes {
    /// Read the whole content folder again.
    reload: bool,
    /// Load the theme again.
    theme: bool,
    /// Known content files that changed, relative to the root.
    files: Vec<PathBuf>,
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// Pages were written; the site is served from `site`.
    Rebuilt {
        /// Folder of the site.
        site: PathBuf,
        /// Pages written.
        pages: usize,
        /// True when every page was rendered.
        full: bool,
        /// Duration in milliseconds.
        ms: u128,
    },
    /// The content has errors (the French report); the last good site stays.
    Failed(String),
    /// Nothing that the site shows changed.
    Unchanged,
}

/// The state kept between rebuilds.
pub struct Session {
    root: PathBuf,
    work: PathBuf,
    generation: u32,
    opts: render::Options,
    minify: bool,
    verbose: bool,
    loaded: Option<Loaded>,
    theme: Option<Result<(theme::Theme, tera::Tera), Diagnostic>>,
    served: Option<PathBuf>,
    written: BTreeMap<Chunk, Vec<PageMeta>>,
    /// A hash of each file in the served folder, so that unchanged files are not written.
    hashes: HashMap<String, u64>,
    reads: BTreeSet<(String, String)>,
    pending: Dirty,
    search: output::search::Kept,
    /// The site's static files, which the PDFs may show (read on full rebuilds).
    images: Arc<BTreeMap<String, Vec<u8>>>,
    /// The PDFs of each chunk, those of the last rebuild, and those last handed out (folder
    /// and hashes).
    pdf_parts: BTreeMap<Chunk, output::pdf::Job>,
    pdfs: Option<output::pdf::Job>,
    pdfs_published: Option<(PathBuf, BTreeMap<String, String>)>,
    /// True while the last rebuild failed: a file that then disappears may have been the
    /// cause, so the content is read again instead of ignoring it.
    failed: bool,
}

impl Session {
    /// A session for the site at `root`, writing its builds under `work`.
    pub fn new(root: &Path, work: &Path, opts: render::Options) -> Session {
        Session {
            root: std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()),
            work: work.to_path_buf(),
            generation: 0,
            opts,
            minify: false,
            verbose: std::env::var_os("CTIN_DETAILS").is_some(),
            loaded: None,
            theme: None,
            served: None,
            written: BTreeMap::new(),
            hashes: HashMap::new(),
            reads: BTreeSet::new(),
            pending: Dirty::All,
            search: Default::default(),
            images: Default::default(),
            pdf_parts: BTreeMap::new(),
            pdfs: None,
            pdfs_published: None,
            failed: false,
        }
    }

    /// Minify pages as `ctin build` does (off by default: a preview favours speed).
    pub fn minify(mut self, on: bool) -> Self {
        self.minify = on;
        self
    }

    /// The folder of the last good build.
    pub fn served(&self) -> Option<&Path> {
        self.served.as_deref()
    }

    /// Indexing the served site for search, when a page changed since the last one; slow on
    /// big sites, so the preview runs it in the background.
    pub fn search_job(&mut self) -> Option<output::search::Job> {
        let dir = self.served.clone()?;
        let language = render::language(&self.loaded.as_ref()?.site);
        self.search.job(&dir, &language)
    }

    /// Making the PDFs that changed since the last ones (in a cache folder under the work
    /// folder) and linking them into the served site; slow when many changed, so the preview
    /// runs it in the background.
    pub fn pdf_job(&mut self) -> Option<output::pdf::Preview> {
        if !cfg!(feature = "pdf") {
            return None;
        }
        let job = self.pdfs.take()?;
        let served = self.served.clone()?;
        let state = (served.clone(), job.manifest());
        if self.pdfs_published.as_ref() == Some(&state) {
            return None;
        }
        self.pdfs_published = Some(state);
        Some(output::pdf::Preview {
            job,
            cache: self.work.join("pdf"),
            served,
        })
    }

    /// Rebuilds after `changed` (absolute paths reported by the watcher), or everything when
    /// `None`.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Outcome {
        let outcome = self.rebuild_now(changed);
        match &outcome {
            Outcome::Failed(_) => self.failed = true,
            Outcome::Rebuilt { .. } => self.failed = false,
            Outcome::Unchanged => {}
        }
        outcome
    }

    fn rebuild_now(&mut self, changed: Option<&[PathBuf]>) -> Outcome {
        let start = Instant::now();
        let changes = match (changed, &self.loaded) {
            (Some(paths), Some(_)) => self.classify(paths),
            _ => Changes {
                reload: true,
                theme: true,
                files: Vec::new(),
            },
        };
        if !changes.reload && !changes.theme && changes.files.is_empty() {
            return Outcome::Unchanged;
        }
        let mut reload = changes.reload;
        if !reload && let Some(loaded) = self.loaded.as_mut() {
            for path in &changes.files {
                let Some(kind) = loaded.files.get(path).cloned() else {
                    continue;
                };
                let before = facts(&loaded.site, &kind);
                if !loaded.reread(path) {
                    reload = true;
                    break;
                }
                let after = facts(&loaded.site, &kind);
                match (before, after) {
                    (Some(b), Some(a)) => {
                        let dirty = touched(&loaded.site, &kind, &self.reads, &b, &a);
                        self.pending.merge(dirty);
                    }
                    // The page could not be read before or after: its draft flag is unknown.
                    _ => self.pending = Dirty::All,
                }
            }
        }
        if reload {
            self.loaded = Some(Loaded::read(&self.root, &mut |_| {}));
            self.pending = Dirty::All;
        }
        // Templates changed, or `site.yaml`, which names the theme.
        let settings = |p: &PathBuf| p.as_path() == Path::new("content/site.yaml");
        if changes.theme || reload || changes.files.iter().any(settings) || self.theme.is_none() {
            self.theme = Some(self.load_theme());
            self.pending = Dirty::All;
        }
        let Some(loaded) = self.loaded.as_mut() else {
            return Outcome::Unchanged;
        };
        let mut diags = Diagnostics::new();
        diags.set_root(&self.root);
        let pending = &self.pending;
        let mut t = Instant::now();
        let mut step = |what: &str| {
            if self.verbose {
                eprintln!("  {what} : {} ms", t.elapsed().as_millis());
            }
            t = Instant::now();
        };
        step("lecture");
        loaded.check(
            &mut diags,
            &|t| pending.territory(&t.slug),
            render::kinds::index,
            &mut step,
        );
        if let Some(Err(d)) = &self.theme {
            diags.push(d.clone());
        }
        if diags.has_errors() {
            return Outcome::Failed(diags.render());
        }
        match self.render_and_write() {
            Ok((pages, full)) => {
                self.pending = Dirty::default();
                Outcome::Rebuilt {
                    site: self.served.clone().unwrap_or_default(),
                    pages,
                    full,
                    ms: start.elapsed().as_millis(),
                }
            }
            Err(mut diags) => {
                diags.set_root(&self.root);
                Outcome::Failed(diags.render())
            }
        }
    }

    fn load_theme(&self) -> Result<(theme::Theme, tera::Tera), Diagnostic> {
        // The theme's name is in `site.yaml`; read it from the parsed site when there is one.
        let name = self
            .loaded
            .as_ref()
            .and_then(|l| l.site.config.as_ref()?.theme.as_ref())
            .map(|t| t.value.clone());
        let theme = theme::load(&self.root, name.as_deref())?;
        let tera = theme::tera(&theme)?;
        Ok((theme, tera))
    }

    fn classify(&self, paths: &[PathBuf]) -> Changes {
        let mut changes = Changes::default();
        let known = self.loaded.as_ref().map(|l| &l.files);
        let canonical_root = self.root.canonicalize().ok();
        for path in paths {
            let rel = path
                .strip_prefix(&self.root)
                .ok()
                .or_else(|| path.strip_prefix(canonical_root.as_ref()?).ok());
            let Some(rel) = rel else { continue };
            let hidden = rel.components().any(|c| match c {
                Component::Normal(s) => s.to_string_lossy().starts_with('.'),
                _ => false,
            });
            if hidden {
                continue;
            }
            let top = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy());
            match top.as_deref() {
                Some("templates" | "themes") => changes.theme = true,
                Some("content") => {
                    let abs = self.root.join(rel);
                    if known.is_some_and(|k| k.contains_key(rel)) {
                        if !changes.files.iter().any(|f| f == rel) {
                            changes.files.push(rel.to_path_buf());
                        }
                    } else if (!abs.exists() && !self.failed)
                        || (abs.is_dir()
                            && known.is_some_and(|k| k.keys().any(|f| f.starts_with(rel))))
                    {
                        // A temporary file that came and went (unless the site is failing,
                        // maybe because of it), or a known folder.
                    } else {
                        changes.reload = true;
                    }
                }
                _ => {}
            }
        }
        changes
    }

    /// Renders the pending chunks and writes them; returns the number of pages and whether
    /// everything was rendered.
    fn render_and_write(&mut self) -> Result<(usize, bool), Diagnostics> {
        let fail = |message: String| {
            let mut d = Diagnostics::new();
            d.push(Diagnostic::new(
                code::ECRITURE_IMPOSSIBLE,
                &self.work,
                Default::default(),
                message,
            ));
            d
        };
        let (Some(loaded), Some(Ok((theme, tera)))) = (&self.loaded, &self.theme) else {
            return Ok((0, false));
        };
        let site = &loaded.site;
        let full = self.pending == Dirty::All || self.served.is_none();
        let chunks: Vec<Chunk> = match &self.pending {
            Dirty::Chunks(set) if !full => set.iter().cloned().collect(),
            _ => Chunk::all(site),
        };
        // The exports show the same data as the open-data page, which lists their sizes.
        let exports = if chunks.contains(&Chunk::Site(Part::Data)) {
            output::exports::files(site, &crate::model::open_data::tables(site))
        } else {
            Vec::new()
        };
        let renderer = Renderer::new(site, &self.opts).with_exports(&exports);
        let minify = self.minify;
        let indexed = output::search::Pages::default();
        let finish = |f: &mut OutputFile| {
            if minify && f.path.ends_with(".html") {
                f.bytes = output::minify(&f.bytes);
            }
            indexed.offer(&f.path, &f.bytes);
        };
        let t = Instant::now();
        let rendered =
            render::render_chunks(&renderer, tera, theme, &chunks, &finish).map_err(|errors| {
                let mut d = Diagnostics::new();
                for e in errors {
                    d.push(e);
                }
                d
            })?;
        if self.verbose {
            eprintln!(
                "  rendu de {} groupes : {} ms",
                chunks.len(),
                t.elapsed().as_millis()
            );
        }
        let pages: usize = rendered.iter().map(|(_, p)| p.len()).sum();
        let t = Instant::now();
        let target = if full {
            self.generation += 1;
            let dir = self.work.join(format!("site-{}", self.generation));
            let _ = std::fs::remove_dir_all(&dir);
            self.written.clear();
            self.hashes.clear();
            self.reads.clear();
            dir
        } else {
            self.served.clone().unwrap_or_default()
        };
        let rendered_territories: BTreeSet<&str> = chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Territory(t) => Some(t.as_str()),
                Chunk::Site(_) => None,
            })
            .collect();
        self.reads
            .retain(|(reader, _)| !rendered_territories.contains(reader.as_str()));
        self.reads
            .extend(renderer.reads.lock().map(|r| r.clone()).unwrap_or_default());
        let hashes = &mut self.hashes;
        let mut feeds_changed = full;
        let pages_out: Vec<&OutputFile> = rendered
            .iter()
            .flat_map(|(_, files)| files.iter().map(|(_, f)| f))
            .collect();
        write_changed(&target, hashes, &pages_out).map_err(fail)?;
        let page_paths: Vec<String> = pages_out.iter().map(|f| f.path.clone()).collect();
        let mut removed = BTreeSet::new();
        for (chunk, files) in rendered {
            let new: BTreeSet<String> = files.iter().map(|(_, f)| f.path.clone()).collect();
            for old in self.written.get(&chunk).into_iter().flatten() {
                let path = render::output_path(&old.url);
                if !new.contains(&path) {
                    let _ = std::fs::remove_file(target.join(&path));
                    hashes.remove(&path);
                    removed.insert(path);
                }
            }
            let metas: Vec<PageMeta> = files.into_iter().map(|(m, _)| m).collect();
            feeds_changed |= self.written.get(&chunk) != Some(&metas);
            self.written.insert(chunk, metas);
        }
        self.search.update(full, indexed, &removed);
        // The sitemap and the feed list the title, summary and date of every page.
        let mut rest = Vec::new();
        if feeds_changed {
            let metas = self.written.values().flatten();
            let title = site.title();
            rest = output::feeds::feeds(metas, title, renderer.base_url.as_deref());
        }
        // The actors' GeoJSON shows the same data as the page of all actors.
        if chunks.contains(&Chunk::Site(Part::Actors)) {
            rest.push(output::geojson::actors(site));
        }
        rest.extend(exports);
        // The editor's configuration lists the territories' files and the models' variables.
        rest.extend(output::cms::files(
            site,
            &theme.admin,
            full,
            renderer.base_url.as_deref(),
        ));
        if full {
            let statics = output::static_files(&self.root, &theme.statics, &site.static_files)
                .map_err(fail)?;
            // As in the build: a static file may not take a generated path.
            let generated = page_paths.iter().chain(rest.iter().map(|f| &f.path));
            let theme_name = site.config.as_ref().and_then(|c| c.theme.as_ref());
            let conflicts = output::check_paths(
                generated.map(String::as_str),
                &statics,
                &site.static_files,
                theme_name.map(|t| t.value.as_str()),
            );
            if conflicts.has_errors() {
                return Err(conflicts);
            }
            self.images = Arc::new(
                statics
                    .iter()
                    .map(|f| (f.path.clone(), f.bytes.clone()))
                    .collect(),
            );
            rest.extend(statics);
        }
        // The PDFs of the chunks rendered again; the others' are kept.
        if full {
            self.pdf_parts.clear();
        }
        let template = theme.pdf.get("document.typ").map_or("", String::as_str);
        for chunk in &chunks {
            let (printables, dossiers) = match chunk {
                Chunk::Territory(slug) => site
                    .territories
                    .iter()
                    .find(|t| &t.slug == slug && t.card.is_some())
                    .map(|t| {
                        let (p, d) = render::printables::territory_printables(&renderer, t);
                        (p, d.into_iter().collect())
                    })
                    .unwrap_or_default(),
                Chunk::Site(Part::Models) => {
                    (render::printables::model_printables(&renderer), Vec::new())
                }
                Chunk::Site(_) => continue,
            };
            let job = output::pdf::Job::new(
                &printables,
                &dossiers,
                template,
                self.images.clone(),
                renderer.base_url.as_deref(),
            );
            self.pdf_parts.insert(chunk.clone(), job);
        }
        self.pdfs = Some(output::pdf::Job::merge(self.pdf_parts.values()));
        write_changed(&target, hashes, &rest.iter().collect::<Vec<_>>()).map_err(fail)?;
        if self.verbose {
            eprintln!("  écriture : {} ms", t.elapsed().as_millis());
        }
        if full && let Some(previous) = self.served.replace(target) {
            // Removing thousands of files takes a while: not on the way to the reload.
            std::thread::spawn(move || std::fs::remove_dir_all(previous));
        }
        Ok((pages, full))
    }
}

/// Writes the files into `dir` in parallel, except those whose bytes are already there.
fn write_changed(
    dir: &Path,
    hashes: &mut HashMap<String, u64>,
    files: &[&OutputFile],
) -> Result<(), String> {
    let known = &*hashes;
    let written: Vec<(String, u64)> = files
        .par_iter()
        .map(|file| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            file.bytes.hash(&mut h);
            let hash = h.finish();
            if known.get(&file.path) == Some(&hash) {
                return Ok(None);
            }
            output::replace_file(dir, file).map(|()| Some((file.path.clone(), hash)))
        })
        .filter_map(Result::transpose)
        .collect::<Result<_, String>>()?;
    hashes.extend(written);
    Ok(())
}
