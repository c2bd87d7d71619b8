//! Links in Markdown: every page's URL and anchors ([`LinkIndex`]), and the check that each link
//! between content files, each root-absolute link and each `#fragment` leads somewhere.
//!
//! A link to a content file (`../../modeles/charte-ctin.md#objet`) is resolved relative to the
//! file that holds it; a link starting with `/` points into the site (a page URL or a file of
//! `content/static/`). External links are left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{MarkdownFile, Site};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::markdown;
use crate::text::did_you_mean;

/// What a link can reach: a page, its anchors, and whether it is a draft.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// The page URL, root-absolute (`/territoires/lille/`).
    pub url: String,
    /// Ids that `#fragment` may name.
    pub anchors: BTreeSet<String>,
    /// True when the page is a draft (left out of the build by default).
    pub draft: bool,
    /// False when the file that gives the anchors could not be read: fragments are not checked.
    pub anchors_known: bool,
}

/// Pages by URL and by source file: those of one territory, or those outside territories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pages {
    /// Root-absolute URL → target.
    by_url: BTreeMap<String, Target>,
    /// Source file (`content/…`, `/` separators) → URL.
    by_file: BTreeMap<String, String>,
}

impl Pages {
    /// Adds a page; `anchors` is `None` when the file that gives them could not be read.
    pub fn add(
        &mut self,
        url: String,
        file: Option<&Path>,
        anchors: Option<BTreeSet<String>>,
        draft: bool,
    ) {
        if let Some(file) = file {
            self.by_file.insert(slash(file), url.clone());
        }
        let entry = self.by_url.entry(url.clone()).or_insert_with(|| Target {
            url,
            anchors: BTreeSet::new(),
            draft,
            anchors_known: true,
        });
        match anchors {
            Some(anchors) => entry.anchors.extend(anchors),
            None => entry.anchors_known = false,
        }
        entry.draft &= draft;
    }

    /// Adds a page or file without anchors.
    pub fn add_plain(&mut self, url: &str) {
        self.add(url.to_string(), None, Some(BTreeSet::new()), false);
    }
}

impl Pages {
    /// Takes in the pages of `other` (as if they were added here).
    pub fn absorb(&mut self, other: Pages) {
        self.by_file.extend(other.by_file);
        for (url, target) in other.by_url {
            match self.by_url.entry(url) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(target);
                }
                std::collections::btree_map::Entry::Occupied(mut o) => {
                    let entry = o.get_mut();
                    entry.anchors.extend(target.anchors);
                    entry.anchors_known &= target.anchors_known;
                    entry.draft &= target.draft;
                }
            }
        }
    }

    /// Every URL.
    pub fn urls(&self) -> impl Iterator<Item = &str> + Clone {
        self.by_url.keys().map(String::as_str)
    }
}

/// Every page of the site, by URL and by source file. The pages of each territory are kept
/// apart (and cached in the territory until one of its files changes), so that an
/// incremental rebuild indexes again only the territories that changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkIndex {
    /// Pages outside territories.
    site: Pages,
    /// Pages of each territory, by slug.
    territories: BTreeMap<String, Arc<Pages>>,
    /// First segments of URLs that a free page may not take (`territoires`, `admin`…).
    reserved: BTreeSet<String>,
}

impl LinkIndex {
    /// An index of the site's pages, each territory's, and the slugs a free page may not take
    /// (the renderer's kinds of page make it: see `render::kinds::index`).
    pub fn new(
        site: Pages,
        territories: BTreeMap<String, Arc<Pages>>,
        reserved: BTreeSet<String>,
    ) -> Self {
        LinkIndex {
            site,
            territories,
            reserved,
        }
    }

    /// Adds files of the whole site that links may lead to, and the first segments of `taken`
    /// URLs to the slugs a free page may not take.
    pub fn add_files(
        &mut self,
        linked: impl IntoIterator<Item = String>,
        taken: impl IntoIterator<Item = String>,
    ) {
        for url in linked {
            self.site.add_plain(&url);
        }
        self.reserved.extend(taken.into_iter().filter_map(|u| {
            let segment = u.trim_start_matches('/').split('/').next()?;
            (!segment.is_empty() && !segment.contains('.')).then(|| segment.to_string())
        }));
    }

    /// True when a free page may not take this slug (a URL of the site starts with it).
    pub fn is_reserved(&self, slug: &str) -> bool {
        self.reserved.contains(slug)
    }

    /// The pages that hold `key`: those of territory `<t>` when `key` is `<prefix><t>/…`.
    fn pages_under(&self, key: &str, prefix: &str) -> &Pages {
        key.strip_prefix(prefix)
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(t, _)| self.territories.get(t))
            .map(|p| p.as_ref())
            .unwrap_or(&self.site)
    }

    /// The page at this root-absolute URL.
    pub fn target(&self, url: &str) -> Option<&Target> {
        self.pages_under(url, "/territoires/").by_url.get(url)
    }

    fn by_file(&self, key: &str) -> Option<&Target> {
        self.pages_under(key, "content/territoires/")
            .by_file
            .get(key)
            .and_then(|u| self.target(u))
    }

    /// The fingerprint of what rendering a link depends on: every page's URL and whether it is
    /// a draft, and the page each source file gives (anchors only matter to the check).
    pub fn fingerprint(&self) -> String {
        let flag = |draft: bool| if draft { &b"1"[..] } else { &b"0"[..] };
        crate::fingerprint::fingerprint(self.parts().flat_map(|p| {
            let urls = p
                .by_url
                .values()
                .flat_map(move |t| [t.url.as_bytes(), flag(t.draft)]);
            let files = p
                .by_file
                .iter()
                .flat_map(|(file, url)| [file.as_bytes(), url.as_bytes()]);
            urls.chain(files)
        }))
    }

    fn parts(&self) -> impl Iterator<Item = &Pages> + Clone {
        std::iter::once(&self.site).chain(self.territories.values().map(|p| p.as_ref()))
    }

    fn urls(&self) -> impl Iterator<Item = &str> + Clone {
        self.parts()
            .flat_map(|p| p.by_url.keys().map(String::as_str))
    }

    fn files(&self) -> impl Iterator<Item = &str> + Clone {
        self.parts()
            .flat_map(|p| p.by_file.keys().map(String::as_str))
    }
}

fn slash(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Builds the index of the site's pages (see `render::kinds::index`).
pub type MakeIndex = fn(&Site) -> LinkIndex;

/// The link problems of each Markdown file, kept from one check to the next (the preview; a
/// check looks up each of the site's ~20 000 texts in it, so the key is the path's bytes, hashed
/// at once with a faster hash than SipHash, where a `Path` is hashed component by component).
pub type Found = rustc_hash::FxHashMap<std::ffi::OsString, Vec<Diagnostic>>;

/// Checks that no free page takes a URL of the site, and the links of every Markdown text of
/// the site; returns the index it used. With `changed` (the files read again since the check
/// that filled `found`), when the index is the one the site holds (`site.links`: no page,
/// anchor or file came or went), only the links of the changed files are checked again and the
/// others' problems are taken from `found`; `found` then holds this check's.
pub fn check_links(
    site: &Site,
    make_index: MakeIndex,
    diags: &mut Diagnostics,
    found: &mut Found,
    changed: Option<&BTreeSet<PathBuf>>,
) -> LinkIndex {
    let ix = make_index(site);
    let again = changed.filter(|_| ix == site.links);
    for page in site.pages.iter().filter(|p| ix.is_reserved(&p.slug)) {
        diags.push(
            Diagnostic::new(
                code::URL_RESERVEE,
                page.file(),
                Pos::default(),
                format!(
                    "la page `{}` prendrait l'adresse /{}/, déjà utilisée par le site",
                    page.slug, page.slug
                ),
            )
            .hint("renommez ce fichier (les pages `mentions-legales` et `accessibilite` sont permises)"),
        );
    }
    let mut pages: Vec<&MarkdownFile> = Vec::new();
    pages.extend(site.home.iter());
    pages.extend(site.pages.iter());
    pages.extend(site.models.iter());
    for t in &site.territories {
        pages.extend(t.index.iter());
        pages.extend(t.roadmap.iter());
        pages.extend(t.documents.iter().map(|d| &d.page));
    }
    // One look-up per file, in the parallel part: a file checked again gives its new problems,
    // another the ones kept (none on most files).
    let problems: Vec<(bool, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|page| {
            let file = page.file();
            let kept = if again.is_none_or(|c| c.contains(file)) {
                None
            } else {
                found.get(file.as_os_str())
            };
            if let Some(kept) = kept {
                return (false, kept.clone());
            }
            let own = ix.page_of(file);
            let scan = page.scan();
            let deep = scan.too_deep.map(|(line, col)| {
                Diagnostic::new(
                    code::IMBRICATION_EXCESSIVE,
                    file,
                    Pos::new(page.body_offset + line, col),
                    format!(
                        "citations, listes ou mises en forme imbriquées sur plus de {} niveaux",
                        markdown::MAX_NESTING
                    ),
                )
                .hint("simplifiez ce passage : retirez des `>`, des retraits de liste ou des `*`")
            });
            let checked = deep
                .into_iter()
                .chain(scan.links.iter().filter_map(|link| {
                    let pos = Pos::new(page.body_offset + link.line, link.col);
                    forbidden_link(page, link, pos)
                        .or_else(|| check_one(site, &ix, page, own, &link.dest, pos))
                }))
                .collect();
            (true, checked)
        })
        .collect();
    if again.is_none() {
        found.clear();
    }
    for (page, (fresh, problems)) in pages.iter().zip(problems) {
        if fresh {
            for d in &problems {
                diags.push(d.clone());
            }
            found.insert(page.file().as_os_str().to_owned(), problems);
        } else {
            for d in problems {
                diags.push(d);
            }
        }
    }
    ix
}

fn is_external(dest: &str) -> bool {
    let scheme = dest.split_once(':').map(|(s, _)| s).unwrap_or("");
    dest.starts_with("//")
        || (!scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !dest.starts_with('/'))
}

/// Where a link of a Markdown text leads.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// Left as written: external, empty, or a template expression.
    AsIs,
    /// A file of `content/static/`, by its path relative to that folder.
    Static(&'a str),
    /// A page of the site, with the fragment written after `#` (empty when none).
    Page(&'a Target, &'a str),
}

/// Why a link leads nowhere: a French message and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl LinkIndex {
    /// Resolves `dest`, written in `file` (the page at `own` when known).
    pub fn resolve<'a>(
        &'a self,
        site: &'a Site,
        file: &Path,
        own: Option<&'a Target>,
        dest: &'a str,
    ) -> Result<Resolved<'a>, Broken> {
        if dest.is_empty() || is_external(dest) || dest.contains("{{") || dest.contains("{%") {
            return Ok(Resolved::AsIs);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p.split('?').next().unwrap_or(""), f),
            None => (dest.split('?').next().unwrap_or(""), ""),
        };
        let decoded = path.replace("%20", " ");
        if path.is_empty() {
            return own.map(|t| Resolved::Page(t, fragment)).ok_or(Broken {
                message: "lien vers une ancre d'une page inconnue".into(),
                hint: None,
            });
        }
        if let Some(rooted) = decoded.strip_prefix('/') {
            if let Some(stat) = site.static_files.get(rooted.trim_end_matches('/')) {
                return Ok(Resolved::Static(stat));
            }
            let url = if rooted.is_empty()
                || rooted.ends_with('/')
                || rooted.rsplit('/').next().is_some_and(|s| s.contains('.'))
            {
                format!("/{rooted}")
            } else {
                format!("/{rooted}/")
            };
            return match self.target(&url) {
                Some(t) => Ok(Resolved::Page(t, fragment)),
                None => Err(Broken {
                    message: format!("lien cassé : aucune page ni fichier statique à l'adresse `{decoded}`"),
                    hint: did_you_mean(&url, self.urls()).or(Some(
                        "un lien qui commence par `/` vise une page du site ou un fichier de `content/static/`".into(),
                    )),
                }),
            };
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let Some(resolved) = normalize(&dir.join(&decoded)) else {
            return Err(Broken {
                message: "lien cassé : il mène hors du dossier `content/`".into(),
                hint: None,
            });
        };
        let key = slash(&resolved);
        if let Some(rest) = key.strip_prefix("content/static/")
            && let Some(stat) = site.static_files.get(rest)
        {
            return Ok(Resolved::Static(stat));
        }
        match self.by_file(&key) {
            Some(t) => Ok(Resolved::Page(t, fragment)),
            None => {
                let message = if site.root.join(&resolved).exists() {
                    format!("lien vers `{key}`, un fichier qui ne donne pas de page")
                } else {
                    format!("lien cassé : le fichier `{key}` n'existe pas")
                };
                let hint = did_you_mean(&key, self.files())
                    .map(|h| format!("{h} (chemin depuis `content/`, à écrire relatif à ce fichier)"))
                    .or(Some("liez le fichier source (`….md`, `acteurs.yaml`…) par un chemin relatif à ce fichier".into()));
                Err(Broken { message, hint })
            }
        }
    }

    /// The page built from this source file.
    pub fn page_of(&self, file: &Path) -> Option<&Target> {
        self.by_file(&slash(file))
    }
}

/// A link whose scheme runs code or carries a page (see [`markdown::forbidden_scheme`]).
fn forbidden_link(page: &MarkdownFile, link: &markdown::Link, pos: Pos) -> Option<Diagnostic> {
    let scheme = markdown::forbidden_scheme(&link.dest, link.image)?;
    Some(
        Diagnostic::new(
            code::LIEN_INTERDIT,
            page.file(),
            pos,
            format!("adresse `{scheme}:` refusée : elle pourrait exécuter du code chez le lecteur"),
        )
        .culprit(link.dest.clone())
        .hint(if scheme == "data" {
            "seules les images peuvent être données en `data:image/…` ; placez le fichier dans `content/static/` et liez-le"
        } else {
            "un lien mène à une page (`https://…`, un fichier du site) ou à une adresse `mailto:` / `tel:`"
        }),
    )
}

fn check_one(
    site: &Site,
    ix: &LinkIndex,
    page: &MarkdownFile,
    own: Option<&Target>,
    dest: &str,
    pos: Pos,
) -> Option<Diagnostic> {
    let file = page.file();
    let (target, fragment) = match ix.resolve(site, file, own, dest) {
        Ok(Resolved::Page(target, fragment)) => (target, fragment),
        Ok(_) => return None,
        Err(broken) => {
            return Some(
                Diagnostic::new(code::LIEN_CASSE, file, pos, broken.message)
                    .culprit(dest)
                    .maybe_hint(broken.hint),
            );
        }
    };
    if !fragment.is_empty() && target.anchors_known && !target.anchors.contains(fragment) {
        let hint = did_you_mean(fragment, target.anchors.iter().map(String::as_str));
        return Some(
            Diagnostic::new(
                code::ANCRE_INCONNUE,
                file,
                pos,
                format!("la page `{}` n'a pas d'ancre `#{fragment}`", target.url),
            )
            .culprit(dest)
            .maybe_hint(hint)
            .hint_or(
                "l'ancre d'un titre est son texte en minuscules, sans accents, avec des tirets",
            ),
        );
    }
    if target.draft && !page.is_draft() {
        return Some(
            Diagnostic::new(
                code::LIEN_BROUILLON,
                file,
                pos,
                format!(
                    "lien vers `{}`, un brouillon absent du site publié",
                    target.url
                ),
            )
            .culprit(dest),
        );
    }
    None
}

/// Resolves `.` and `..` without touching the disk; `None` when it climbs above `content/`.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                out.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    (out.first().map(String::as_str) == Some("content")).then(|| out.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_inside_content_only() {
        let p = normalize(Path::new(
            "content/territoires/a/documents/../../../modeles/x.md",
        ))
        .unwrap();
        assert_eq!(slash(&p), "content/modeles/x.md");
        assert_eq!(normalize(Path::new("content/../secret.md")), None);
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://exemple.fr"));
        assert!(is_external("mailto:a@b.fr"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("/acteurs/"));
    }
}
