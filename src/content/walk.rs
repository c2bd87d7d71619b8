//! The one policy for every file ctin reads from the site's folder (content, static files,
//! themes, templates): what is read stays inside the site.
//!
//! - The real path of every folder walked and of every symbolic link must lie inside the site's
//!   root, and outside its `.git/` (where a forge token may sit in `config`). A link that leads
//!   elsewhere is refused and never followed, so a link to `/` is not walked.
//! - Only folders and regular files are read: a FIFO would block the build for ever, a device
//!   or a socket has nothing to publish.
//! - Hidden entries (`.name`) are skipped; loops of links are refused.
//!
//! Each refusal is a located diagnostic; the walk goes on with the rest.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Pos, code};

/// A file or folder found by [`walk`].
#[derive(Debug, Clone)]
pub struct Found {
    /// Its path as walked (under the folder given to [`walk`]).
    pub path: PathBuf,
    /// Its path relative to that folder.
    pub rel: PathBuf,
    /// True for a folder.
    pub is_dir: bool,
}

/// The site's root with every link resolved, as [`walk`] compares paths to it.
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Why `path` (a folder to walk or a symbolic link) may not be read; `shown` names it.
fn refusal(root: &Path, path: &Path, shown: &Path) -> Option<Diagnostic> {
    let target = match path.canonicalize() {
        Ok(t) => t,
        Err(_) => {
            return Some(Diagnostic::new(
                code::FICHIER_ILLISIBLE,
                shown,
                Pos::default(),
                "lien symbolique cassé ou chemin illisible",
            ));
        }
    };
    let message = if !target.starts_with(root) {
        "lien symbolique qui mène hors du dossier du site : refusé"
    } else if target.starts_with(root.join(".git")) {
        "lien symbolique vers le dossier `.git` du site : refusé"
    } else {
        return None;
    };
    Some(
        Diagnostic::new(code::LIEN_HORS_RACINE, shown, Pos::default(), message)
            .hint("copiez le fichier dans le dossier du site au lieu d'un lien symbolique"),
    )
}

/// Walks `dir` (which may be absent) under the site's `root` (see [`canonical_root`]), in file
/// name order, following only the links the policy accepts. Gives what may be read, and a
/// diagnostic for each refusal, its path relative to `shown_root` (the root as the user wrote it).
pub fn walk(root: &Path, dir: &Path, shown_root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let problems = RefCell::new(Vec::new());
    let shown = |p: &Path| p.strip_prefix(shown_root).unwrap_or(p).to_path_buf();
    if std::fs::symlink_metadata(dir).is_err() {
        return (Vec::new(), Vec::new());
    }
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if (e.depth() == 0 || e.path_is_symlink())
                && let Some(d) = refusal(root, e.path(), &shown(e.path()))
            {
                problems.borrow_mut().push(d);
                return false;
            }
            let kind = e.file_type();
            if !kind.is_dir() && !kind.is_file() {
                problems.borrow_mut().push(
                    Diagnostic::new(
                        code::FICHIER_SPECIAL,
                        &shown(e.path()),
                        Pos::default(),
                        "ni fichier ni dossier (tube nommé, socket ou périphérique) : refusé",
                    )
                    .hint(
                        "retirez-le du dossier du site : ctin ne lit que des fichiers ordinaires",
                    ),
                );
                return false;
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(e) => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_path_buf();
                found.push(Found {
                    is_dir: e.file_type().is_dir(),
                    path: e.into_path(),
                    rel,
                });
            }
            Err(err) => {
                let path = err.path().map(|p| shown(p)).unwrap_or_else(|| shown(dir));
                let message = if err.loop_ancestor().is_some() {
                    "lien symbolique qui forme une boucle"
                } else {
                    "fichier ou dossier illisible"
                };
                problems.borrow_mut().push(Diagnostic::new(
                    code::FICHIER_ILLISIBLE,
                    &path,
                    Pos::default(),
                    message,
                ));
            }
        }
    }
    (found, problems.into_inner())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_are_followed_only_inside_and_outside_git() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let outside = dir.path().join("ailleurs");
        std::fs::create_dir_all(root.join("content/static/vrai")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret"), "x").unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("content/static/vrai/a.txt"), "a").unwrap();
        let s = root.join("content/static");
        symlink(&outside, s.join("dehors")).unwrap();
        symlink("../../.git", s.join("g")).unwrap();
        symlink("vrai", s.join("dedans")).unwrap();
        symlink("/", s.join("racine")).unwrap();
        let canonical = canonical_root(&root);
        let (found, problems) = walk(&canonical, &s, &root);
        let files: Vec<String> = found
            .iter()
            .filter(|f| !f.is_dir)
            .map(|f| f.rel.display().to_string())
            .collect();
        assert_eq!(files, ["dedans/a.txt", "vrai/a.txt"]);
        let refused: Vec<String> = problems
            .iter()
            .map(|d| format!("{} {}", d.code, d.file.display()))
            .collect();
        assert_eq!(
            refused,
            [
                "lien-hors-racine content/static/dehors",
                "lien-hors-racine content/static/g",
                "lien-hors-racine content/static/racine",
            ]
        );
    }
}
