/*!
Incremental rebuilds, for `ctin serve`.

A [`Session`] keeps what the last rebuild made: the parsed content ([`Loaded`]), the compiled
theme, the pages written for each [`Chunk`] and which territory's pages show data of which
other territory. When files change it reads and parses only those files, adopts models again
only where a document, its territory or its model changed, checks the whole site (references
cross files: the values of unchanged territories only when a file outside territories or the
actor ids of a changed territory changed, the links of unchanged files only when a page, an
anchor or a file came or went),
then renders only the chunks that show the changed data, following the table of [`touched`]:
of the changed territory's chunk, only the kinds of page that show the change, and of a
document, only its own pages where a kind shows each document on its own page (of a change of
actors, likewise, only the pages naming an actor whose name changed, came or went). Templates,
`site.yaml`, free pages (the menu), the référentiel, static files, a file added or removed, or
a page becoming a draft (or ceasing to be one) make everything render again.

While the content has errors nothing is written: the last good site stays in place and the
chunks to render pile up until the next good rebuild. The incremental result is the same,
file for file, as a full build of the same content (tests/incremental.rs checks it).
*/

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::content::FileKind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{ActorName, Loaded, Site};
use crate::output;
use crate::pipeline::Pipeline;
use crate::render::kinds::{self, Shows};
use crate::render::{self, Chunk, Focus, theme};

/// What must be rendered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dirty {
    /// Every page.
    All,
    /// These chunks only, each with the pages its focus asks for (none: nothing to do).
    Chunks(BTreeMap<Chunk, Focus>),
}

impl Default for Dirty {
    fn default() -> Self {
        Dirty::Chunks(BTreeMap::new())
    }
}

impl Dirty {
    fn add(&mut self, chunks: impl IntoIterator<Item = (Chunk, Focus)>) {
        if let Dirty::Chunks(set) = self {
            for (chunk, focus) in chunks {
                match set.entry(chunk) {
                    std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().merge(focus),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(focus);
                    }
                }
            }
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
            Dirty::Chunks(set) => set.contains_key(&Chunk::Territory(slug.to_string())),
        }
    }
}

/// What a change of `file`, of `kind`, makes render again, in a site where `reads` lists which
/// territory's pages show data of which other territory (reader, read); `before` and `after`
/// are the [`Facts`] of its page before and after the change. The groups come from what each
/// kind of page says it shows ([`kinds::showing`]); of the changed territory's group, only the
/// kinds that show the change (and of a document, only its own pages where a kind shows each
/// document on its own page). The territories that read it render all their pages.
pub fn touched(
    site: &Site,
    file: &Path,
    kind: &FileKind,
    reads: &BTreeSet<(String, String)>,
    before: &Facts,
    after: &Facts,
) -> Dirty {
    // Links to a draft are dropped everywhere.
    if before.draft != after.draft {
        return Dirty::All;
    }
    let territory = |t: &str, focus: Focus| (Chunk::Territory(t.to_string()), focus);
    let whole = |c: Chunk| (c, Focus::Whole);
    let mut dirty = Dirty::default();
    // The pages that show `what`: the site's groups, and territory `t`'s own pages (with the
    // territories whose pages read `t`'s, when `read` is true).
    let mut show = |what: Shows, t: Option<&str>, read: bool| {
        let (parts, own) = kinds::showing(what);
        dirty.add(parts.into_iter().map(Chunk::Site).map(whole));
        if let Some(t) = t.filter(|_| own) {
            let source = Some(file.to_path_buf());
            dirty.add([territory(t, Focus::Showing([(what, source)].into()))]);
            if read {
                dirty.add(
                    reads
                        .iter()
                        .filter(|(_, read)| read == t)
                        .map(|(reader, _)| territory(reader, Focus::Whole)),
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
                    dirty.add([territory(
                        &t.slug,
                        Focus::Showing([(Shows::Models, None)].into()),
                    )]);
                }
            }
        }
        FileKind::Territory(t) => {
            show(Shows::Cards, Some(t), true);
            if before.card != after.card {
                show(Shows::CardSummary, Some(t), false);
            }
        }
        FileKind::TerritoryIndex(t) => show(Shows::Presentations, Some(t), false),
        FileKind::Actors(t) => {
            show(Shows::Actors, Some(t), true);
            // Of the pages naming actors, those naming one whose name changed, came or went.
            let changed = renamed(&before.actors, &after.actors);
            let naming = site.territory(t).into_iter().flat_map(|x| {
                x.named_actors().filter(|(_, named)| match named {
                    ActorName::Own(id) => changed.contains(id),
                    ActorName::Of(other, id) => other == t && changed.contains(id),
                    ActorName::Free(_) => false,
                })
            });
            for (file, _) in naming {
                let focus = Focus::Showing([(Shows::NamedActors, Some(file.to_path_buf()))].into());
                dirty.add([territory(t, focus)]);
            }
        }
        FileKind::Measures(t) => show(Shows::Measures, Some(t), false),
        // Only the text changed: only the file's own pages show it.
        FileKind::Roadmap(t) | FileKind::Document(t, _) if before.front == after.front => {
            show(Shows::Texts, Some(t), false)
        }
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

/// The ids whose name differs between `before` and `after` (id to name), or that only one has.
fn renamed<'a>(
    before: &'a BTreeMap<String, String>,
    after: &'a BTreeMap<String, String>,
) -> BTreeSet<&'a str> {
    let differs = |(id, name): (&'a String, &'a String), other: &BTreeMap<String, String>| {
        (other.get(id) != Some(name)).then_some(id.as_str())
    };
    let gone_or_renamed = before.iter().filter_map(|e| differs(e, after));
    let new = after.iter().filter_map(|e| differs(e, before));
    gone_or_renamed.chain(new).collect()
}

/// What other pages need to know of the page made from a file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    /// A draft is left out of the site, and links to it are dropped.
    pub draft: bool,
    /// The model a document adopts.
    pub model: Option<String>,
    /// The front matter of a document or a roadmap, as written (`None` for other files).
    pub front: Option<String>,
    /// Of an actors file, what a page naming each actor shows of it ([`render::views::named`]),
    /// by id (empty for other files).
    pub actors: BTreeMap<String, String>,
    /// Of a territory's card, what its documents show of it ([`render::views::card_summary`]).
    pub card: Option<String>,
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
        FileKind::Actors(t) => {
            let mut actors = BTreeMap::new();
            // A reference finds the first actor with its id.
            for a in site
                .territory(t)
                .map(|t| t.actor_list())
                .unwrap_or_default()
            {
                actors
                    .entry(a.id.value.clone())
                    .or_insert_with(|| render::views::named(a).to_string());
            }
            return Some(Facts {
                actors,
                ..Facts::default()
            });
        }
        FileKind::Territory(t) => {
            return Some(Facts {
                card: site.territory(t).map(render::views::card_summary),
                ..Facts::default()
            });
        }
        _ => return Some(Facts::default()),
    };
    page.map(|p| Facts {
        draft: p.is_draft(),
        model: match kind {
            FileKind::Document(..) => p.front.modele.as_ref().map(|m| m.value.clone()),
            _ => None,
        },
        front: matches!(kind, FileKind::Document(..) | FileKind::Roadmap(_))
            .then(|| p.yaml.clone()),
        ..Facts::default()
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
    verbose: bool,
    loaded: Option<Loaded>,
    theme: Option<Result<(theme::Theme, tera::Tera), Diagnostic>>,
    served: Option<PathBuf>,
    /// The pipeline, with what it made last time (pages, reads, PDFs of each chunk).
    pipeline: Pipeline,
    /// A hash of each file in the served folder, so that unchanged files are not written.
    hashes: HashMap<String, u64>,
    /// What the server reads the served folder's files through while pages are rewritten.
    gate: Arc<output::sink::Gate>,
    pending: Dirty,
    search: output::search::Kept,
    /// The PDFs of the last rebuild, and those last handed out (folder and hashes).
    /// The PDFs of the last run, when not handed out yet (`Some(None)`: their sources are made
    /// when they are handed out).
    pdfs: Option<Option<output::pdf::Job>>,
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
            verbose: std::env::var_os("CTIN_DETAILS").is_some(),
            loaded: None,
            theme: None,
            served: None,
            pipeline: Pipeline::new(opts, false, true),
            hashes: HashMap::new(),
            gate: Default::default(),
            pending: Dirty::All,
            search: Default::default(),
            pdfs: None,
            pdfs_published: None,
            failed: false,
        }
    }

    /// Minify pages as `ctin build` does (off by default: a preview favours speed).
    pub fn minify(mut self, on: bool) -> Self {
        self.pipeline = Pipeline::new(self.pipeline.options().clone(), on, true);
        self
    }

    /// What a reader of the served folder's files reads them through, so that it never reads
    /// a page a rebuild is writing.
    pub fn gate(&self) -> Arc<output::sink::Gate> {
        self.gate.clone()
    }

    /// The folder of the last good build.
    pub fn served(&self) -> Option<&Path> {
        self.served.as_deref()
    }

    /// Indexing the served site for search, when a page changed since the last one; slow on
    /// big sites, so the preview runs it in the background.
    pub fn search_job(&mut self) -> Option<output::search::Job> {
        let dir = self.served.clone()?;
        let site = &self.loaded.as_ref()?.site;
        let language = render::Settings::of(site).language;
        self.search.job(&dir, &language, site.search_parts())
    }

    /// Making the PDFs that changed since the last ones (in a cache folder under the work
    /// folder) and linking them into the served site; slow when many changed, so the preview
    /// runs it in the background.
    pub fn pdf_job(&mut self) -> Option<output::pdf::Preview> {
        if !cfg!(feature = "pdf") {
            return None;
        }
        let job = match self.pdfs.take()? {
            Some(job) => job,
            // Left by the run: made now that the open pages have reloaded.
            None => {
                let (Some(loaded), Some(Ok((theme, tera)))) = (&self.loaded, &self.theme) else {
                    return None;
                };
                let site = &loaded.site;
                let settings = render::Settings::resolve(site, self.pipeline.options());
                self.pipeline.pdfs(site, settings, theme, tera)
            }
        };
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
                        let reads = self.pipeline.reads();
                        let dirty = touched(&loaded.site, path, &kind, reads, &b, &a);
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
        // The reading of the changed files counts from the start.
        let mut t = start;
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
            crate::pipeline::index,
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
            .and_then(|l| render::Settings::of(&l.site).theme);
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

    /// Runs the pipeline on the pending chunks (on every chunk, into a new folder, when
    /// everything must be rendered); returns the number of pages and whether it was full.
    fn render_and_write(&mut self) -> Result<(usize, bool), Diagnostics> {
        let (Some(loaded), Some(Ok((theme, tera)))) = (&self.loaded, &self.theme) else {
            return Ok((0, false));
        };
        let site = &loaded.site;
        let full = self.pending == Dirty::All || self.served.is_none();
        let sink = if full {
            self.generation += 1;
            let dir = self.work.join(format!("site-{}", self.generation));
            let _ = std::fs::remove_dir_all(&dir);
            output::sink::Folder::new(&dir, HashMap::new(), self.gate.clone())
        } else {
            let dir = self.served.clone().unwrap_or_default();
            output::sink::Folder::new(&dir, std::mem::take(&mut self.hashes), self.gate.clone())
        };
        let only = match &self.pending {
            Dirty::Chunks(set) if !full => Some(set),
            _ => None,
        };
        // A save's pages give their text to the index once the open pages have reloaded.
        let indexed = if full {
            output::search::Pages::default()
        } else {
            output::search::Pages::deferred()
        };
        let made = self.pipeline.run(
            &self.root,
            site,
            render::Settings::resolve(site, self.pipeline.options()),
            theme,
            tera,
            only,
            &sink,
            &indexed,
        );
        let target = sink.dir().to_path_buf();
        self.hashes = sink.into_hashes();
        let made = made?;
        self.search.update(full, indexed, &made.removed);
        self.pdfs = Some(made.pdfs);
        if full && let Some(previous) = self.served.replace(target) {
            // Removing thousands of files takes a while: not on the way to the reload.
            std::thread::spawn(move || std::fs::remove_dir_all(previous));
        }
        Ok((made.pages, full))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::kinds::{Pick, document::DOCUMENT, roadmap::ROADMAP};

    /// What a change of Alpha's actors (from `before` to `after`) makes its documents' and
    /// roadmap's kinds render again.
    fn picked(site: &Site, before: &Facts, after: &Facts) -> (Pick, Pick) {
        let file = Path::new("content/territoires/alpha/acteurs.yaml");
        let kind = FileKind::Actors("alpha".into());
        let Dirty::Chunks(set) = touched(site, file, &kind, &BTreeSet::new(), before, after) else {
            panic!("tout le site pour un changement d'acteurs");
        };
        let focus = &set[&Chunk::Territory("alpha".into())];
        (DOCUMENT.picks(focus), ROADMAP.picks(focus))
    }

    fn fixture() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        Loaded::read(&root, &mut |_| {}).site
    }

    #[test]
    fn a_change_of_a_card_renders_the_documents_again_only_when_what_they_show_of_it_changed() {
        let site = fixture();
        let file = Path::new("content/territoires/alpha/territoire.yaml");
        let kind = FileKind::Territory("alpha".into());
        let before = facts(&site, &kind).unwrap();
        let documents = |change: &dyn Fn(&mut crate::model::schema::Territoire)| {
            let mut changed = site.clone();
            let alpha = changed.territories.iter_mut().find(|t| t.slug == "alpha");
            change(alpha.unwrap().card.as_mut().unwrap());
            let after = facts(&changed, &kind).unwrap();
            let Dirty::Chunks(set) =
                touched(&changed, file, &kind, &BTreeSet::new(), &before, &after)
            else {
                panic!("tout le site pour un changement de fiche");
            };
            let focus = &set[&Chunk::Territory("alpha".into())];
            // The territory's own page shows the whole card.
            assert_eq!(
                crate::render::kinds::territory::TERRITORY.picks(focus),
                Pick::All
            );
            DOCUMENT.picks(focus)
        };
        // A budget line, the number of advisors, a committee: not on a document.
        assert_eq!(documents(&|c| c.budget = None), Pick::Nothing);
        assert_eq!(
            documents(&|c| c.conseillers_numeriques = Some(99)),
            Pick::Nothing
        );
        assert_eq!(documents(&|c| c.comites = None), Pick::Nothing);
        // Its short name (breadcrumbs), its sources (print pages), what a model reads of it.
        assert_eq!(
            documents(&|c| c.nom_court = Some("Alpha-Centre".into())),
            Pick::All
        );
        assert_eq!(documents(&|c| c.sources = None), Pick::All);
        assert_eq!(documents(&|c| c.nom = "Agglo".into()), Pick::All);
        assert_eq!(documents(&|c| c.coordination = None), Pick::All);
    }

    #[test]
    fn a_change_of_actors_renders_again_only_the_pages_naming_one_whose_name_changed() {
        let site = fixture();
        let before = facts(&site, &FileKind::Actors("alpha".into())).unwrap();
        // The charter names `agglo` and `asso`; the roadmap too.
        assert_eq!(before.actors.len(), 2, "{:?}", before.actors);
        let charter = PathBuf::from("content/territoires/alpha/documents/charte.md");
        let roadmap = PathBuf::from("content/territoires/alpha/feuille-de-route.md");
        let with = |change: &dyn Fn(&mut BTreeMap<String, String>)| {
            let mut after = before.clone();
            change(&mut after.actors);
            after
        };

        // Another field of an actor (its address…), an actor no page names: nothing.
        assert_eq!(
            picked(&site, &before, &before),
            (Pick::Nothing, Pick::Nothing)
        );
        let added = with(&|a| {
            a.insert("nouveau".into(), "Nouvel acteur".into());
        });
        assert_eq!(
            picked(&site, &before, &added),
            (Pick::Nothing, Pick::Nothing)
        );
        // A name that changes, an actor that goes: the pages naming it.
        let renamed = with(&|a| {
            a.insert("asso".into(), "Association renommée".into());
        });
        let gone = with(&|a| {
            a.remove("agglo");
        });
        // (A kind makes of the files picked those it makes pages from.)
        let both = Pick::Files([charter, roadmap].into());
        for after in [renamed, gone] {
            assert_eq!(picked(&site, &before, &after), (both.clone(), both.clone()));
        }
        // An actor that comes back.
        let back = with(&|a| {
            a.remove("agglo");
        });
        assert_eq!(picked(&site, &back, &before).0, both);
    }
}
