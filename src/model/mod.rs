/*!
Stage 2 — model: the typed, resolved and validated content.

[`load`] turns the files found by `content` into a [`Site`]: YAML is deserialized into the
structs of [`schema`], models are adopted by documents ([`adoption`]), then every value and
reference is checked ([`validate`], [`links`]). Problems are pushed to the shared
`Diagnostics`; what loaded is kept, so that one run reports every problem. A file that failed to
parse is `None`, and checks that depend on it are skipped to avoid cascades of false errors.
*/

pub mod adoption;
pub mod links;
pub mod open_data;
pub mod schema;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::content::{self, ContentTree, FileKind, Origin, SourceFile, frontmatter, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::markdown::{self, Scan};
use schema::{Acteur, FrontMatter, Indicateur, Mesure, SiteConfig, Territoire};

/// A Markdown file: front matter, body and where they sit in the file.
#[derive(Debug, Clone)]
pub struct Page {
    /// Slug (file name without `.md`; `index` for index files).
    pub slug: String,
    /// Where its front matter comes from.
    pub origin: Origin,
    /// The front matter.
    pub front: FrontMatter,
    /// The front matter's YAML text, to find the line of a key.
    pub yaml: String,
    /// The Markdown body.
    pub body: String,
    /// Lines of the file before the body.
    pub body_offset: u32,
    /// Headings and links of the body, read once when first asked.
    pub scanned: OnceLock<Scan>,
}

impl Page {
    /// The file, relative to the root.
    pub fn file(&self) -> &Path {
        &self.origin.file
    }

    /// The position of a top-level key of the front matter (the first line when absent).
    pub fn key_pos(&self, key: &str) -> Pos {
        let line = self
            .yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i as u32 + 1)
            .unwrap_or(0);
        Pos::new(self.origin.offset + line.max(1), 1)
    }

    /// True unless the page says `imprimable: false` (documents and models get a print page
    /// and a PDF).
    pub fn is_printable(&self) -> bool {
        self.front.imprimable.as_ref().is_none_or(|b| b.value)
    }

    /// True for a draft.
    pub fn is_draft(&self) -> bool {
        self.front.brouillon.as_ref().is_some_and(|b| b.value)
    }

    /// Headings and links of the body.
    pub fn scan(&self) -> &Scan {
        self.scanned.get_or_init(|| markdown::scan(&self.body))
    }
}

/// A territory document, with its text after model adoption.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's own file.
    pub page: Page,
    /// Its Markdown once the model is adopted (its own body when it adopts none).
    pub text: String,
    /// The same text in pieces, each with where it was written (one piece without a model).
    pub segments: Vec<adoption::Segment>,
    /// Headings and links of `text` once a model is adopted, read once when first asked.
    pub adopted_scan: OnceLock<Scan>,
}

impl Document {
    /// A document that adopts no model (yet): its text is its body.
    pub fn new(page: Page) -> Self {
        let text = page.body.clone();
        let segments = vec![adoption::Segment {
            from_model: false,
            text: text.clone(),
        }];
        Document {
            page,
            text,
            segments,
            adopted_scan: OnceLock::new(),
        }
    }

    /// Sets the text after adoption.
    pub fn set_segments(&mut self, segments: Vec<adoption::Segment>) {
        self.text = adoption::join(&segments);
        self.segments = segments;
        self.adopted_scan = OnceLock::new();
    }

    /// Headings and links of the text after adoption.
    pub fn scan(&self) -> &Scan {
        if self.segments.iter().all(|s| !s.from_model) && self.text == self.page.body {
            return self.page.scan();
        }
        self.adopted_scan.get_or_init(|| markdown::scan(&self.text))
    }
}

/// A list read from a YAML file (`None` when the file is absent).
#[derive(Debug, Clone)]
pub struct DataFile<T> {
    /// Where it was read from.
    pub origin: Origin,
    /// Its items; `None` when the file could not be parsed.
    pub items: Option<Vec<T>>,
    /// Written as a bare list (not under its key), which web editors cannot edit.
    pub bare: bool,
}

/// One territory folder.
#[derive(Debug, Clone)]
pub struct Territory {
    /// Folder name.
    pub slug: String,
    /// `territoire.yaml`; `None` when missing or invalid.
    pub card: Option<Territoire>,
    /// Where the card comes from.
    pub card_origin: Origin,
    /// `index.md`.
    pub index: Option<Page>,
    /// `acteurs.yaml`.
    pub actors: Option<DataFile<Acteur>>,
    /// `indicateurs.yaml`.
    pub measures: Option<DataFile<Mesure>>,
    /// `feuille-de-route.md`.
    pub roadmap: Option<Page>,
    /// `documents/*.md`, sorted by slug.
    pub documents: Vec<Document>,
    /// What adopting models into its documents found wrong (kept for incremental rebuilds).
    pub adoption_problems: Diagnostics,
    /// Its pages and their anchors, indexed once for the link check (reset when it changes).
    pub link_pages: OnceLock<std::sync::Arc<links::Pages>>,
}

impl Territory {
    /// The actors that loaded (empty when the file is absent or invalid).
    pub fn actor_list(&self) -> &[Acteur] {
        self.actors
            .as_ref()
            .and_then(|d| d.items.as_deref())
            .unwrap_or(&[])
    }

    /// False when `acteurs.yaml` exists but could not be parsed.
    pub fn actors_known(&self) -> bool {
        self.actors.as_ref().is_none_or(|d| d.items.is_some())
    }

    /// The display name: `nom_court`, else `nom`, else the slug.
    pub fn short_name(&self) -> &str {
        self.card
            .as_ref()
            .map(|c| c.nom_court.as_deref().unwrap_or(&c.nom))
            .unwrap_or(&self.slug)
    }
}

/// The whole content, typed.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder holding `content/`.
    pub root: PathBuf,
    /// `site.yaml`; `None` when missing or invalid.
    pub config: Option<SiteConfig>,
    /// `index.md`.
    pub home: Option<Page>,
    /// `pages/*.md`.
    pub pages: Vec<Page>,
    /// `referentiel/indicateurs.yaml`.
    pub referentiel: Option<DataFile<Indicateur>>,
    /// `modeles/*.md`.
    pub models: Vec<Page>,
    /// `territoires/*/`.
    pub territories: Vec<Territory>,
    /// Files under `content/static/`.
    pub static_files: BTreeSet<String>,
    /// Every page's URL and anchors, as the link check saw them.
    pub links: links::LinkIndex,
    /// Dates of the last commit of each file, when the site is in a git repository.
    pub history: Option<content::git::History>,
}

impl Site {
    /// The référentiel indicators that loaded.
    pub fn indicators(&self) -> &[Indicateur] {
        self.referentiel
            .as_ref()
            .and_then(|d| d.items.as_deref())
            .unwrap_or(&[])
    }

    /// False when the référentiel exists but could not be parsed.
    pub fn indicators_known(&self) -> bool {
        self.referentiel.as_ref().is_none_or(|d| d.items.is_some())
    }

    /// The site's title (`ctin` when `site.yaml` could not be read).
    pub fn title(&self) -> &str {
        self.config
            .as_ref()
            .map(|c| c.titre.as_str())
            .unwrap_or("ctin")
    }

    /// The territory with this slug.
    pub fn territory(&self, slug: &str) -> Option<&Territory> {
        self.territories.iter().find(|t| t.slug == slug)
    }

    /// The type of a document: its own `type`, else the type of the model it adopts.
    pub fn document_type(&self, doc: &Document) -> Option<schema::DocType> {
        let own = doc.page.front.kind.as_ref().map(|k| k.value);
        own.or_else(|| {
            let model = self.model(&doc.page.front.modele.as_ref()?.value)?;
            model.front.kind.as_ref().map(|k| k.value)
        })
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&Page> {
        self.models.iter().find(|m| m.slug == slug)
    }
}

/// Reads, types, adopts and validates the content under `root`; `index` makes the index of the
/// pages the site will have, which checks the links (`render::kinds::index`).
pub fn load(root: &Path, index: links::MakeIndex, diags: &mut Diagnostics) -> Site {
    load_timed(root, index, diags, &mut |_| {})
}

/// [`load`], calling `step` after each stage with its name.
pub fn load_timed(
    root: &Path,
    index: links::MakeIndex,
    diags: &mut Diagnostics,
    step: &mut dyn FnMut(&str),
) -> Site {
    diags.set_root(root);
    let mut loaded = Loaded::read(root, step);
    loaded.check(diags, &|_| true, index, step);
    loaded.site
}

/// The content as read and parsed, before the checks: what `ctin serve` keeps between rebuilds
/// so that a change reads and parses only the files that changed.
#[derive(Debug)]
pub struct Loaded {
    /// The site; its documents keep their adopted texts and pages their scans.
    pub site: Site,
    /// Every content file read, by path relative to the root.
    pub files: BTreeMap<PathBuf, FileKind>,
    /// Problems of the folder itself: unexpected, missing or unreadable files.
    tree_problems: Diagnostics,
    /// Problems of each file's YAML or front matter.
    file_problems: BTreeMap<PathBuf, Diagnostics>,
}

impl Loaded {
    /// Reads and parses the whole content folder.
    pub fn read(root: &Path, step: &mut dyn FnMut(&str)) -> Loaded {
        let mut tree_problems = Diagnostics::new();
        let tree = content::read_tree(root, &mut tree_problems);
        step("lecture des fichiers");
        let files = tree
            .files
            .iter()
            .map(|f| (f.path.clone(), f.kind.clone()))
            .collect();
        let (mut site, file_problems) = assemble(root, tree, &mut tree_problems);
        step("analyse YAML et Markdown");
        site.history = content::git::read(root);
        if let Some(w) = site.history.as_ref().and_then(|h| h.shallow_warning()) {
            tree_problems.push(w);
        }
        step("historique git");
        Loaded {
            site,
            files,
            tree_problems,
            file_problems,
        }
    }

    /// Reads and parses again one known file, putting it in place of its previous version.
    /// False when it cannot be read any more: read the whole folder again.
    pub fn reread(&mut self, path: &Path) -> bool {
        let Some(kind) = self.files.get(path) else {
            return false;
        };
        let Some(file) = content::reread(&self.site.root, kind, path) else {
            return false;
        };
        let mut problems = Diagnostics::new();
        let parsed = parse_file(&file, &mut problems);
        place(&mut self.site, &file.kind, parsed);
        self.file_problems.insert(file.path, problems);
        true
    }

    /// Adopts models (into the territories `redo` selects; the others keep their texts), then
    /// checks every value, reference and link (with the index of pages `index` makes). Every problem, old or new, goes to `diags`.
    pub fn check(
        &mut self,
        diags: &mut Diagnostics,
        redo: &(dyn Fn(&Territory) -> bool + Sync),
        index: links::MakeIndex,
        step: &mut dyn FnMut(&str),
    ) {
        diags.absorb(self.tree_problems.clone());
        for problems in self.file_problems.values() {
            diags.absorb(problems.clone());
        }
        let site = &mut self.site;
        adoption::adopt(site, diags, redo);
        step("adoption des modèles");
        validate::validate(site, diags);
        step("vérification des valeurs");
        site.links = links::check_links(site, index, diags);
        step("vérification des liens");
    }
}

fn origin(file: &SourceFile) -> Origin {
    Origin {
        file: file.path.clone(),
        offset: 0,
    }
}

fn parse_struct<T: DeserializeOwned>(file: &SourceFile, diags: &mut Diagnostics) -> Option<T> {
    let origin = origin(file);
    if yaml::is_blank(&file.text) {
        diags.push(Diagnostic::new(
            code::FICHIER_VIDE,
            &file.path,
            Pos::default(),
            "fichier vide : des clés y sont obligatoires",
        ));
        return None;
    }
    yaml::parse(&file.text, &origin)
        .map_err(|d| diags.push(d))
        .ok()
}

/// A file holding a list: the list itself, or a map whose only key is `key` and whose value is
/// the list (the form web editors such as Decap CMS write, which cannot edit a bare list).
fn parse_list<T: DeserializeOwned>(
    file: &SourceFile,
    key: &str,
    diags: &mut Diagnostics,
) -> DataFile<T> {
    let origin = origin(file);
    let items = if yaml::is_blank(&file.text) {
        Some(Vec::new())
    } else if let Some(root) = yaml::root_key(&file.text) {
        let unknown = |other: &str| {
            let line = yaml::root_key_line(&file.text, other).unwrap_or(1);
            Diagnostic::new(
                code::CLE_INCONNUE,
                &file.path,
                Pos::new(line, 1),
                format!("clé inconnue `{other}` : ce fichier contient une liste, écrite seule ou sous la clé `{key}`"),
            )
            .culprit(other.to_string())
            .hint(format!(
                "écrivez `{key}:` puis les éléments de la liste, chacun commençant par `- `"
            ))
        };
        if root != key {
            diags.push(unknown(root));
            None
        } else {
            yaml::parse::<BTreeMap<String, Option<Vec<T>>>>(&file.text, &origin)
                .map_err(|d| diags.push(d))
                .ok()
                .and_then(|mut map| {
                    let items = map.remove(key).flatten().unwrap_or_default();
                    let others: Vec<Diagnostic> = map.keys().map(|k| unknown(k)).collect();
                    let ok = others.is_empty();
                    others.into_iter().for_each(|d| diags.push(d));
                    ok.then_some(items)
                })
        }
    } else {
        yaml::parse::<Vec<T>>(&file.text, &origin)
            .map_err(|d| diags.push(d))
            .ok()
    };
    let bare = !yaml::is_blank(&file.text) && yaml::root_key(&file.text).is_none();
    DataFile {
        origin,
        items,
        bare,
    }
}

fn parse_page(file: &SourceFile, slug: &str, diags: &mut Diagnostics) -> Option<Page> {
    let split = frontmatter::split(&file.text, &file.path)
        .map_err(|d| diags.push(d))
        .ok()?;
    let origin = Origin {
        file: file.path.clone(),
        offset: split.yaml_offset,
    };
    if yaml::is_blank(split.yaml) {
        diags.push(
            Diagnostic::new(
                code::CLE_MANQUANTE,
                &file.path,
                Pos::new(2, 1),
                "en-tête vide : la clé obligatoire `titre` est absente",
            )
            .hint("ajoutez `titre: …` entre les deux lignes `---`"),
        );
        return None;
    }
    let front: FrontMatter = yaml::parse(split.yaml, &origin)
        .map_err(|d| diags.push(d))
        .ok()?;
    Some(Page {
        slug: slug.to_string(),
        origin,
        front,
        yaml: split.yaml.to_string(),
        body: split.body.to_string(),
        body_offset: split.body_offset,
        scanned: OnceLock::new(),
    })
}

/// A file once parsed, before it takes its place in the [`Site`].
#[allow(missing_docs)]
pub enum Parsed {
    Site(Option<SiteConfig>),
    Page(Option<Page>),
    Referentiel(DataFile<Indicateur>),
    Territory(Option<Territoire>),
    Actors(DataFile<Acteur>),
    Measures(DataFile<Mesure>),
}

/// Parses one content file; problems go to `diags`.
pub fn parse_file(file: &SourceFile, diags: &mut Diagnostics) -> Parsed {
    match &file.kind {
        FileKind::Site => Parsed::Site(parse_struct(file, diags)),
        FileKind::Home | FileKind::TerritoryIndex(_) => {
            Parsed::Page(parse_page(file, "index", diags))
        }
        FileKind::Page(slug) | FileKind::Model(slug) | FileKind::Document(_, slug) => {
            Parsed::Page(parse_page(file, slug, diags))
        }
        FileKind::Roadmap(_) => Parsed::Page(parse_page(file, "feuille-de-route", diags)),
        FileKind::Referentiel => Parsed::Referentiel(parse_list(file, "indicateurs", diags)),
        FileKind::Territory(_) => Parsed::Territory(parse_struct(file, diags)),
        FileKind::Actors(_) => {
            let data = parse_list(file, "acteurs", diags);
            validate::territory::check_actors(&data, diags);
            Parsed::Actors(data)
        }
        FileKind::Measures(_) => Parsed::Measures(parse_list(file, "mesures", diags)),
    }
}

/// Puts a parsed file in its place in the site, replacing what the same file gave before (a
/// page that failed to parse leaves its list). Pages, models and documents stay sorted by slug.
pub fn place(site: &mut Site, kind: &FileKind, parsed: Parsed) {
    fn upsert<T>(list: &mut Vec<T>, slug: &str, key: fn(&T) -> &str, item: Option<T>) {
        match (list.binary_search_by(|x| key(x).cmp(slug)), item) {
            (Ok(i), Some(x)) => list[i] = x,
            (Ok(i), None) => {
                list.remove(i);
            }
            (Err(i), Some(x)) => list.insert(i, x),
            (Err(_), None) => {}
        }
    }
    let page_slug: fn(&Page) -> &str = |p| &p.slug;
    if let Some(t) = kind.territory() {
        territory_mut(&mut site.territories, t).link_pages = OnceLock::new();
    }
    match (kind, parsed) {
        (FileKind::Site, Parsed::Site(c)) => site.config = c,
        (FileKind::Home, Parsed::Page(p)) => site.home = p,
        (FileKind::Page(slug), Parsed::Page(p)) => upsert(&mut site.pages, slug, page_slug, p),
        (FileKind::Referentiel, Parsed::Referentiel(d)) => site.referentiel = Some(d),
        (FileKind::Model(slug), Parsed::Page(p)) => upsert(&mut site.models, slug, page_slug, p),
        (FileKind::Territory(t), Parsed::Territory(card)) => {
            territory_mut(&mut site.territories, t).card = card;
        }
        (FileKind::TerritoryIndex(t), Parsed::Page(p)) => {
            territory_mut(&mut site.territories, t).index = p;
        }
        (FileKind::Actors(t), Parsed::Actors(d)) => {
            territory_mut(&mut site.territories, t).actors = Some(d);
        }
        (FileKind::Measures(t), Parsed::Measures(d)) => {
            territory_mut(&mut site.territories, t).measures = Some(d);
        }
        (FileKind::Roadmap(t), Parsed::Page(p)) => {
            territory_mut(&mut site.territories, t).roadmap = p;
        }
        (FileKind::Document(t, slug), Parsed::Page(p)) => upsert(
            &mut territory_mut(&mut site.territories, t).documents,
            slug,
            |d| &d.page.slug,
            p.map(Document::new),
        ),
        _ => {}
    }
}

/// The territory with this slug, created (in slug order) when absent.
fn territory_mut<'a>(territories: &'a mut Vec<Territory>, slug: &str) -> &'a mut Territory {
    let index = match territories.binary_search_by(|t| t.slug.as_str().cmp(slug)) {
        Ok(i) => i,
        Err(i) => {
            territories.insert(
                i,
                Territory {
                    slug: slug.to_string(),
                    card: None,
                    card_origin: Origin {
                        file: PathBuf::from(format!("content/territoires/{slug}/territoire.yaml")),
                        offset: 0,
                    },
                    index: None,
                    actors: None,
                    measures: None,
                    roadmap: None,
                    documents: Vec::new(),
                    adoption_problems: Diagnostics::new(),
                    link_pages: OnceLock::new(),
                },
            );
            i
        }
    };
    &mut territories[index]
}

/// The site of a content tree, and the problems of each file; problems of the tree itself
/// (missing required files) go to `diags`.
fn assemble(
    root: &Path,
    tree: ContentTree,
    diags: &mut Diagnostics,
) -> (Site, BTreeMap<PathBuf, Diagnostics>) {
    let mut site = Site {
        root: root.to_path_buf(),
        config: None,
        home: None,
        pages: Vec::new(),
        referentiel: None,
        models: Vec::new(),
        territories: Vec::new(),
        static_files: tree.static_files,
        links: links::LinkIndex::default(),
        history: None,
    };
    let mut seen_card: BTreeSet<String> = BTreeSet::new();
    for t in &tree.territory_dirs {
        territory_mut(&mut site.territories, t);
    }
    let parsed: Vec<(Parsed, Diagnostics)> = tree
        .files
        .par_iter()
        .map(|file| {
            let mut local = Diagnostics::new();
            let parsed = parse_file(file, &mut local);
            (parsed, local)
        })
        .collect();
    let mut problems = BTreeMap::new();
    for (file, (parsed, local)) in tree.files.iter().zip(parsed) {
        problems.insert(file.path.clone(), local);
        if let FileKind::Territory(t) = &file.kind {
            seen_card.insert(t.clone());
        }
        place(&mut site, &file.kind, parsed);
    }
    required_files(&site, &tree.files, &seen_card, diags);
    (site, problems)
}

fn required_files(
    site: &Site,
    files: &[SourceFile],
    seen_card: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let has = |kind: &FileKind| files.iter().any(|f| &f.kind == kind);
    if !has(&FileKind::Site) && site.root.join("content").is_dir() {
        diags.push(
            Diagnostic::new(
                code::FICHIER_ABSENT,
                Path::new("content/site.yaml"),
                Pos::default(),
                "fichier `site.yaml` absent : il décrit le site (titre, description…)",
            )
            .hint("créez `content/site.yaml` avec au moins `titre:` et `description:`"),
        );
    }
    if !has(&FileKind::Home) && site.root.join("content").is_dir() {
        diags.push(
            Diagnostic::new(
                code::FICHIER_ABSENT,
                Path::new("content/index.md"),
                Pos::default(),
                "fichier `index.md` absent : c'est le texte de la page d'accueil",
            )
            .hint("créez `content/index.md` avec un en-tête `titre:`"),
        );
    }
    for t in &site.territories {
        if !seen_card.contains(&t.slug) {
            diags.push(
                Diagnostic::new(
                    code::FICHIER_ABSENT,
                    &t.card_origin.file,
                    Pos::default(),
                    format!(
                        "le territoire `{}` n'a pas de fiche `territoire.yaml`",
                        t.slug
                    ),
                )
                .hint(format!(
                    "créez-la avec `ctin new territoire {}` ou copiez celle d'un autre territoire",
                    t.slug
                )),
            );
        }
    }
}
