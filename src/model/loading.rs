//! Reading the content into a [`Site`]: each file parsed into its place ([`parse_file`],
//! [`place`]), the whole assembled, then checked ([`Loaded::check`]); what `ctin serve` keeps
//! between rebuilds ([`Loaded`]).

use super::*;

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

/// Reads the official geography on another thread while the files are parsed, when a
/// territory gives a `code` or an actor a `commune` (the checks will need it): its ~15 ms then
/// overlap the parsing instead of following it.
fn prefetch_geography(tree: &ContentTree) {
    let mentions = |kind: fn(&FileKind) -> bool, key: &str| {
        tree.files
            .iter()
            .any(|f| kind(&f.kind) && f.text.contains(key))
    };
    let codes = mentions(|k| matches!(k, FileKind::Territory(_)), "code:");
    let communes = mentions(|k| matches!(k, FileKind::Actors(_)), "commune:");
    if codes || communes {
        std::thread::spawn(move || {
            let g = crate::geo::geography();
            if communes {
                g.communes_named("");
            }
        });
    }
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
    /// The link problems of each Markdown file at the last check.
    link_problems: links::Found,
    /// What each territory's value checks found at the last check.
    value_problems: validate::Kept,
    /// The files read again since the last check (`None` before the first check).
    changed: Option<BTreeSet<PathBuf>>,
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
        prefetch_geography(&tree);
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
            link_problems: Default::default(),
            value_problems: Default::default(),
            changed: None,
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
        self.site
            .sources
            .insert(file.path.clone(), source_print(&file));
        if let Some(changed) = &mut self.changed {
            changed.insert(file.path.clone());
        }
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
        let changed = self.changed.replace(BTreeSet::new());
        // The territories whose files changed are checked again, the others keep their
        // problems, unless a file outside territories changed or a territory's actors did.
        let territories: Option<BTreeSet<&str>> = changed.as_ref().and_then(|files| {
            files
                .iter()
                .map(|f| self.files.get(f).and_then(FileKind::territory))
                .collect()
        });
        let again =
            territories.filter(|t| self.value_problems.same_actors(site, t.iter().copied()));
        validate::validate_again(site, diags, &mut self.value_problems, again.as_ref());
        step("vérification des valeurs");
        site.links = links::check_links(
            site,
            index,
            diags,
            &mut self.link_problems,
            changed.as_ref(),
        );
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

fn parse_page(file: &SourceFile, slug: &str, diags: &mut Diagnostics) -> Option<MarkdownFile> {
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
    Some(MarkdownFile {
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
    Page(Option<MarkdownFile>),
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
    let page_slug: fn(&MarkdownFile) -> &str = |p| &p.slug;
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
            let territory = territory_mut(&mut site.territories, t);
            territory.card = card;
            territory.official_facts = OnceLock::new();
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
                    official_facts: OnceLock::new(),
                },
            );
            i
        }
    };
    &mut territories[index]
}

/// The fingerprint of a content file's text ([`Site::sources`]).
fn source_print(file: &SourceFile) -> String {
    crate::fingerprint::fingerprint([file.text.as_bytes()])
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
        sources: BTreeMap::new(),
    };
    let mut seen_card: BTreeSet<String> = BTreeSet::new();
    for t in &tree.territory_dirs {
        territory_mut(&mut site.territories, t);
    }
    let parsed: Vec<(Parsed, Diagnostics, String)> = tree
        .files
        .par_iter()
        .map(|file| {
            let mut local = Diagnostics::new();
            let parsed = parse_file(file, &mut local);
            (parsed, local, source_print(file))
        })
        .collect();
    let mut problems = BTreeMap::new();
    for (file, (parsed, local, print)) in tree.files.iter().zip(parsed) {
        problems.insert(file.path.clone(), local);
        site.sources.insert(file.path.clone(), print);
        if let FileKind::Territory(t) = &file.kind {
            seen_card.insert(t.clone());
        }
        place(&mut site, &file.kind, parsed);
    }
    // A document is a large value (its typed front matter): a national site's lists grown one
    // by one would hold a quarter more room than they use.
    for t in &mut site.territories {
        t.documents.shrink_to_fit();
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
