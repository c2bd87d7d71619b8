/*!
Stage 1 — content: find and read the files of `content/`.

Walks the content folder under the reading policy of [`walk`] (no link out of the site or into
`.git/`, no FIFO or device), refuses files that are not UTF-8 or are huge, names each file by its role in the format
([`FileKind`]), and splits Markdown files into front matter and body. It knows the folder
layout of the content format, but nothing of the meaning of keys: that is `model`'s job.
*/

pub mod frontmatter;
pub mod git;
pub mod walk;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::text::{did_you_mean, is_slug, slugify};

/// Content files larger than this are refused (static files have no limit).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Where a piece of YAML comes from: the file and the number of lines before its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Path relative to the site root (`content/site.yaml`).
    pub file: PathBuf,
    /// Lines of the file before the YAML text (the front matter's `---` line: 1).
    pub offset: u32,
}

impl Origin {
    /// The file position of a value parsed from this YAML.
    pub fn pos<T>(&self, spanned: &yaml::S<T>) -> Pos {
        if spanned.line() == 0 {
            Pos::new(self.offset + 1, 1)
        } else {
            Pos::new(spanned.line().saturating_add(self.offset), spanned.column())
        }
    }
}

/// The role of a file in the content format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `site.yaml`
    Site,
    /// `index.md` at the top
    Home,
    /// `pages/<slug>.md`
    Page(String),
    /// `referentiel/indicateurs.yaml`
    Referentiel,
    /// `modeles/<slug>.md`
    Model(String),
    /// `territoires/<t>/territoire.yaml`
    Territory(String),
    /// `territoires/<t>/index.md`
    TerritoryIndex(String),
    /// `territoires/<t>/acteurs.yaml`
    Actors(String),
    /// `territoires/<t>/indicateurs.yaml`
    Measures(String),
    /// `territoires/<t>/feuille-de-route.md`
    Roadmap(String),
    /// `territoires/<t>/documents/<d>.md`
    Document(String, String),
}

impl FileKind {
    /// The territory a file belongs to.
    pub fn territory(&self) -> Option<&str> {
        match self {
            FileKind::Territory(t)
            | FileKind::TerritoryIndex(t)
            | FileKind::Actors(t)
            | FileKind::Measures(t)
            | FileKind::Roadmap(t)
            | FileKind::Document(t, _) => Some(t),
            _ => None,
        }
    }
}

/// A content file, read and known to be valid UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// What the file is.
    pub kind: FileKind,
    /// Path relative to the site root.
    pub path: PathBuf,
    /// Its text (a leading byte-order mark removed).
    pub text: String,
}

/// Every file found under `content/`.
#[derive(Debug, Default)]
pub struct ContentTree {
    /// The files that make pages or data, sorted by kind.
    pub files: Vec<SourceFile>,
    /// Territory folders (`territoires/<t>/`), even those without `territoire.yaml`.
    pub territory_dirs: BTreeSet<String>,
    /// Files under `content/static/`, as paths relative to it with `/` separators.
    pub static_files: BTreeSet<String>,
}

const TERRITORY_FILES: [&str; 5] = [
    "territoire.yaml",
    "index.md",
    "acteurs.yaml",
    "indicateurs.yaml",
    "feuille-de-route.md",
];
const TOP_ENTRIES: [&str; 7] = [
    "site.yaml",
    "index.md",
    "pages",
    "referentiel",
    "modeles",
    "territoires",
    "static",
];

/// Reads the content folder of `root`. Problems go to `diags`; what could be read is returned.
pub fn read_tree(root: &Path, diags: &mut Diagnostics) -> ContentTree {
    let mut tree = ContentTree::default();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::new(
                code::DOSSIER_ABSENT,
                Path::new("content"),
                Pos::default(),
                format!("dossier `content/` introuvable dans `{}`", root.display()),
            )
            .hint("lancez ctin depuis le dossier du site, ou indiquez-le avec `--root DOSSIER`"),
        );
        return tree;
    }
    let (found, refused) = walk::walk(&walk::canonical_root(root), &content, root);
    for d in refused {
        diags.push(d);
    }
    let mut pending: Vec<(FileKind, PathBuf, PathBuf)> = Vec::new();
    for entry in found {
        if entry.rel.as_os_str().is_empty() {
            continue;
        }
        let rel_root = entry
            .path
            .strip_prefix(root)
            .unwrap_or(&entry.path)
            .to_path_buf();
        let parts: Vec<String> = entry
            .rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        classify(
            &parts,
            entry.is_dir,
            &rel_root,
            &entry.path,
            &mut tree,
            &mut pending,
            diags,
        );
    }
    let read: Vec<(Option<SourceFile>, Diagnostics)> = pending
        .into_par_iter()
        .map(|(kind, path, abs)| {
            let mut local = Diagnostics::new();
            let file =
                read_text(&abs, &path, &mut local).map(|text| SourceFile { kind, path, text });
            (file, local)
        })
        .collect();
    for (file, local) in read {
        diags.absorb(local);
        tree.files.extend(file);
    }
    tree.files
        .sort_by(|a, b| (&a.kind, &a.path).cmp(&(&b.kind, &b.path)));
    tree
}

fn classify(
    parts: &[String],
    is_dir: bool,
    rel_root: &Path,
    abs: &Path,
    tree: &mut ContentTree,
    pending: &mut Vec<(FileKind, PathBuf, PathBuf)>,
    diags: &mut Diagnostics,
) {
    let p: Vec<&str> = parts.iter().map(String::as_str).collect();
    let kind = match (p.as_slice(), is_dir) {
        (["static", rest @ ..], false) => {
            tree.static_files.insert(rest.join("/"));
            return;
        }
        (["static", ..], true) => return,
        (["pages" | "modeles" | "referentiel" | "territoires"], true) => return,
        (["territoires", t], true) => {
            if check_slug(t, "dossier de territoire", rel_root, diags) {
                tree.territory_dirs.insert(t.to_string());
            }
            return;
        }
        (["territoires", t, "documents"], true) if is_slug(t) => return,
        (["site.yaml"], false) => FileKind::Site,
        (["index.md"], false) => FileKind::Home,
        (["referentiel", "indicateurs.yaml"], false) => FileKind::Referentiel,
        (["pages", f], false) if f.ends_with(".md") => {
            match markdown_slug(f, "page", rel_root, diags) {
                Some(s) => FileKind::Page(s),
                None => return,
            }
        }
        (["modeles", f], false) if f.ends_with(".md") => {
            match markdown_slug(f, "modèle", rel_root, diags) {
                Some(s) => FileKind::Model(s),
                None => return,
            }
        }
        (["territoires", t, f], false) if is_slug(t) && TERRITORY_FILES.contains(f) => {
            let t = t.to_string();
            match *f {
                "territoire.yaml" => FileKind::Territory(t),
                "index.md" => FileKind::TerritoryIndex(t),
                "acteurs.yaml" => FileKind::Actors(t),
                "indicateurs.yaml" => FileKind::Measures(t),
                _ => FileKind::Roadmap(t),
            }
        }
        (["territoires", t, "documents", f], false) if is_slug(t) && f.ends_with(".md") => {
            match markdown_slug(f, "document", rel_root, diags) {
                Some(d) => FileKind::Document(t.to_string(), d),
                None => return,
            }
        }
        (["territoires", t, ..], _) if !is_slug(t) => return,
        _ => {
            unexpected_entry(&p, is_dir, rel_root, diags);
            return;
        }
    };
    pending.push((kind, rel_root.to_path_buf(), abs.to_path_buf()));
}

/// A file or folder the format does not know, with the closest expected name.
fn unexpected_entry(parts: &[&str], is_dir: bool, rel_root: &Path, diags: &mut Diagnostics) {
    let name = parts.last().copied().unwrap_or_default();
    let expected: Vec<&str> = match parts {
        [_] => TOP_ENTRIES.to_vec(),
        ["territoires", _, _] => {
            let mut v = TERRITORY_FILES.to_vec();
            v.push("documents");
            v
        }
        ["referentiel", _] => vec!["indicateurs.yaml"],
        _ => vec![],
    };
    let what = if is_dir { "dossier" } else { "fichier" };
    let mut d = Diagnostic::new(
        code::FICHIER_INATTENDU,
        rel_root,
        Pos::default(),
        format!("{what} `{name}` inattendu à cet endroit"),
    )
    .culprit(name);
    d = match did_you_mean(name, expected.iter().copied()) {
        Some(h) => d.hint(h),
        None => d.hint(
            "le format n'attend ici que des fichiers Markdown (`.md`) ; \
             placez les autres fichiers dans `content/static/`",
        ),
    };
    diags.push(d);
}

fn check_slug(name: &str, what: &str, rel_root: &Path, diags: &mut Diagnostics) -> bool {
    if is_slug(name) {
        return true;
    }
    diags.push(
        Diagnostic::new(
            code::SLUG_INVALIDE,
            rel_root,
            Pos::default(),
            format!("nom de {what} invalide : `{name}`"),
        )
        .culprit(name)
        .hint(format!(
            "un nom ne contient que des minuscules sans accent, des chiffres et des tirets : \
             renommez-le `{}`",
            slugify(name)
        )),
    );
    false
}

fn markdown_slug(
    file: &str,
    what: &str,
    rel_root: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    check_slug(stem, &format!("fichier de {what}"), rel_root, diags).then(|| stem.to_string())
}

/// Reads again one file already found by [`read_tree`]; `None` when it is gone, has become a
/// symbolic link, or cannot be read as text (a new walk of the tree then says why).
pub fn reread(root: &Path, kind: &FileKind, path: &Path) -> Option<SourceFile> {
    let abs = root.join(path);
    let meta = std::fs::symlink_metadata(&abs).ok()?;
    if !meta.is_file() {
        return None;
    }
    let text = read_text(&abs, path, &mut Diagnostics::new())?;
    Some(SourceFile {
        kind: kind.clone(),
        path: path.to_path_buf(),
        text,
    })
}

/// Reads a content file as UTF-8 text, refusing huge or non-UTF-8 files.
fn read_text(abs: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    let size = std::fs::metadata(abs).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::new(
                code::FICHIER_TROP_GROS,
                rel,
                Pos::default(),
                format!(
                    "fichier trop volumineux ({} Mio, au plus {} Mio)",
                    size / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .hint("découpez ce fichier, ou placez les gros fichiers à télécharger dans `content/static/`"),
        );
        return None;
    }
    let bytes = match std::fs::read(abs) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::new(
                code::FICHIER_ILLISIBLE,
                rel,
                Pos::default(),
                format!("lecture impossible : {}", crate::diagnostic::io_reason(&e)),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Some(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let line = valid.matches('\n').count() as u32 + 1;
            let col = valid.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            diags.push(
                Diagnostic::new(
                    code::ENCODAGE,
                    rel,
                    Pos::new(line, col),
                    "le fichier n'est pas encodé en UTF-8",
                )
                .hint("enregistrez-le en UTF-8 (dans l'éditeur : « Enregistrer sous » → encodage UTF-8)"),
            );
            None
        }
    }
}
