/*!
Stage 4 — output: files on disk.

Every file of the build (pages as soon as they are rendered and minified, then feeds, exports
and static files) is written into a fresh temporary folder beside the output folder
([`Staging`]); only when all of it is written is the old output swapped for the new one. A failed build leaves the previous
output exactly as it was. Nothing here depends on the clock or on the order threads finish, so
two builds of the same content are byte-identical. The files besides the pages are declared once
in [`generated`]; [`sink`] is where a run writes (the staging folder, or the preview's folder).
*/

pub mod cms;
pub mod exports;
pub mod feeds;
pub mod generated;
pub mod geojson;
pub mod halt;
pub mod pdf;
pub mod reuse;
pub mod search;
pub mod sink;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::products::OutputFile;

/// Minifies an HTML page (keeping it valid: closing tags, quoted attributes, doctype).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
}

pub use crate::fingerprint::fingerprint;

/// The file ctin leaves in every output folder it writes: only a folder that holds it (or an
/// empty one) is ever replaced by a build.
pub const MARK: &str = ".ctin-sortie";

const MARK_TEXT: &str = "Dossier écrit par ctin : chaque construction le remplace en entier.\n";

/// `path` made absolute with every symbolic link and `..` resolved, also when its last parts do
/// not exist yet (they are then taken as written).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut out = PathBuf::from("/");
    for part in absolute.components() {
        match part {
            std::path::Component::Prefix(p) => out = PathBuf::from(p.as_os_str()),
            std::path::Component::RootDir => out.push(part.as_os_str()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::Normal(name) => {
                out.push(name);
                if std::fs::symlink_metadata(&out).is_ok() {
                    out = out.canonicalize()?;
                }
            }
        }
    }
    Ok(out)
}

/// Why an output folder is refused: the French message and how to proceed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What is wrong, with the resolved path.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Checks that `output` may receive the build of the site at `root`, and gives its resolved
/// path. Refused: the root itself or a folder that contains it; a folder inside `content/`,
/// `themes/`, `templates/`, `.git/` or `static/`; `/` and home folders; a file; a folder that
/// is not empty and was not written by ctin (it has no [`MARK`]).
pub fn check_target(root: &Path, output: &Path) -> Result<PathBuf, Refused> {
    let refuse = |message: String, hint: &str| Refused {
        message,
        hint: hint.to_string(),
    };
    let unreadable = |e: std::io::Error| {
        refuse(
            format!(
                "dossier de sortie `{}` impossible à résoudre ({})",
                output.display(),
                crate::diagnostic::io_reason(&e)
            ),
            "vérifiez le chemin donné à `--output`",
        )
    };
    let root = resolve(root).map_err(unreadable)?;
    let out = resolve(output).map_err(unreadable)?;
    let shown = out.display();
    let other = "choisissez un dossier à part, par exemple `output/` à côté de `content/` (l'option par défaut)";
    if out == root || root.starts_with(&out) {
        return Err(refuse(
            format!("dossier de sortie refusé : `{shown}` est le dossier du site ou le contient"),
            other,
        ));
    }
    for inner in ["content", "themes", "templates", "static"] {
        if out.starts_with(root.join(inner)) {
            return Err(refuse(
                format!("dossier de sortie refusé : `{shown}` est dans `{inner}/`, que ctin lit"),
                other,
            ));
        }
    }
    if out.components().any(|c| c.as_os_str() == ".git") {
        return Err(refuse(
            format!("dossier de sortie refusé : `{shown}` est dans un dépôt `.git`"),
            other,
        ));
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .and_then(|h| resolve(&h).ok());
    let is_home = home.as_deref() == Some(out.as_path())
        || out.parent().is_some_and(|p| p == Path::new("/home"))
        || out == Path::new("/root");
    if out.parent().is_none() || is_home {
        return Err(refuse(
            format!(
                "dossier de sortie refusé : `{shown}` est la racine du disque ou un dossier personnel"
            ),
            other,
        ));
    }
    match std::fs::symlink_metadata(&out) {
        Err(_) => Ok(out),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            format!("dossier de sortie refusé : `{shown}` est un fichier, pas un dossier"),
            "donnez à `--output` le chemin d'un dossier (absent, vide ou déjà écrit par ctin)",
        )),
        Ok(_) => {
            let mut entries = std::fs::read_dir(&out).map_err(unreadable)?;
            let empty = entries.next().is_none();
            if empty || out.join(MARK).is_file() || out.join(pdf::MANIFEST).is_file() {
                Ok(out)
            } else {
                Err(refuse(
                    format!(
                        "dossier de sortie refusé : `{shown}` n'est pas vide et n'a pas été écrit par ctin (il n'a pas de fichier `{MARK}`) ; rien n'y a été touché"
                    ),
                    "choisissez un dossier absent ou vide : ctin remplace en entier le dossier de sortie. Si c'est bien une ancienne sortie de ctin, videz-le vous-même une fois",
                ))
            }
        }
    }
}

/// A temporary folder beside the output folder that receives the build; [`Staging::commit`]
/// swaps it in, and dropping it uncommitted removes it, leaving the previous output as it was.
/// `output` must have been accepted by [`check_target`] (and given resolved).
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    /// Folders made in `tmp` so far (each page would otherwise ask for its folder again).
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// Files of `tmp` that are hard links to files of the previous output: never written
    /// through (that would change the previous output), replaced.
    linked: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for `output`, with a name no other file has.
    pub fn new(output: &Path) -> Result<Staging, String> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("création de `{}` impossible : {e}", parent.display())
        })?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}.nouveau-"))
            .tempdir_in(parent)
            .map_err(|e| {
                format!(
                    "création d'un dossier dans `{}` impossible : {}",
                    parent.display(),
                    crate::diagnostic::io_reason(&e)
                )
            })?
            .keep();
        std::fs::write(tmp.join(MARK), MARK_TEXT).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("écriture dans `{}` impossible : {e}", tmp.display())
        })?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            made: Default::default(),
            linked: Default::default(),
            committed: false,
        })
    }

    /// The temporary folder that receives the build.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Makes the folder of `path` (once: each page would otherwise ask for it again).
    fn folder_of(&self, path: &Path) -> Result<(), String> {
        if let Some(dir) = path.parent()
            && !self.made.lock().is_ok_and(|made| made.contains(dir))
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                let e = crate::diagnostic::io_reason(&e);
                format!("création de `{}` impossible : {e}", dir.display())
            })?;
            if let Ok(mut made) = self.made.lock() {
                made.insert(dir.to_path_buf());
            }
        }
        Ok(())
    }

    /// Gives the file `path` of the previous output `from` its place in the new one as a hard
    /// link (see [`reuse::Within::link`]); false when it cannot.
    pub fn link(&self, from: &reuse::Within, path: &str) -> Result<bool, String> {
        let to = self.tmp.join(path);
        self.folder_of(&to)?;
        let linked = from.link(path, &to);
        if linked && let Ok(mut l) = self.linked.lock() {
            l.insert(to);
        }
        Ok(linked)
    }

    /// Writes one file (safe to call from several threads).
    pub fn write(&self, file: &OutputFile) -> Result<(), String> {
        self.write_with(&file.path, |out| out.write_all(&file.bytes))
    }

    /// Writes the file `rel` with what `write` gives to the open file (a large file need not be
    /// held whole in memory first; a caller writing in small pieces buffers them).
    pub fn write_with(
        &self,
        rel: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String> {
        let path = self.tmp.join(rel);
        self.folder_of(&path)?;
        if self.linked.lock().is_ok_and(|mut l| l.remove(&path)) {
            let _ = std::fs::remove_file(&path);
        }
        std::fs::File::create(&path)
            .and_then(|mut file| write(&mut file))
            .map_err(|e| {
                let e = crate::diagnostic::io_reason(&e);
                format!("écriture de `{}` impossible : {e}", path.display())
            })
    }

    /// Writes files in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), String> {
        files.par_iter().try_for_each(|f| self.write(f))
    }

    /// Puts the new output in place of the old one (which [`check_target`] found empty or
    /// written by ctin), then removes the old one.
    pub fn commit(mut self) -> Result<(), String> {
        let mut old = self.tmp.clone().into_os_string();
        old.push(".ancien");
        let old = PathBuf::from(old);
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old).map_err(|e| {
                format!(
                    "remplacement de `{}` impossible : {}",
                    self.output.display(),
                    crate::diagnostic::io_reason(&e)
                )
            })?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(format!(
                "remplacement de `{}` impossible : {}",
                self.output.display(),
                crate::diagnostic::io_reason(&e)
            ));
        }
        self.committed = true;
        if had_output {
            remove_tree(&old);
        }
        Ok(())
    }
}

/// Removes the folder `dir` (a previous output, the preview's folder) and everything in it,
/// never following a link (a link is removed, not what it leads to). A national site has tens
/// of thousands of folders (one per page): each folder's files are removed by the thread that
/// reads it, and its sub-folders are removed in parallel, so that no single thread walks the
/// whole tree.
pub fn remove_tree(dir: &Path) {
    remove_within(dir);
    // Whatever could not be removed above (a folder made meanwhile): one last, plain try.
    let _ = std::fs::remove_dir_all(dir);
}

/// Removes the content of `dir`, then `dir` itself when it is empty.
fn remove_within(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        // `DirEntry::file_type` does not follow links: a link to a folder is a file here.
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => folders.push(entry.path()),
            _ => {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    folders.par_iter().for_each(|f| remove_within(f));
    let _ = std::fs::remove_dir(dir);
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Static files: the theme's, then the site's `content/static/` (which wins).
pub fn static_files(
    root: &Path,
    theme: &BTreeMap<String, Vec<u8>>,
    site_static: &std::collections::BTreeSet<String>,
) -> Result<Vec<OutputFile>, String> {
    let mut out: BTreeMap<String, Vec<u8>> = theme.clone();
    for rel in site_static {
        let path = root.join("content/static").join(rel);
        let bytes = std::fs::read(&path).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("lecture de `{}` impossible : {e}", path.display())
        })?;
        out.insert(rel.clone(), bytes);
    }
    Ok(out
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

/// Checks the paths of the output: a static file (of `content/static/` or of the theme) at a
/// path the build generates is an error naming both (else one would silently replace the
/// other); two paths that differ only by case are a warning (hosts that ignore case serve only
/// one of them). `site_static` are the files of `content/static/`, `theme` the theme's name.
pub fn check_paths<'a>(
    generated: impl IntoIterator<Item = &'a str>,
    statics: &[OutputFile],
    site_static: &std::collections::BTreeSet<String>,
    theme: Option<&str>,
) -> crate::diagnostic::Diagnostics {
    use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
    let mut out = Diagnostics::new();
    let mut generated: std::collections::BTreeSet<&str> = generated.into_iter().collect();
    generated.extend([MARK, pdf::MANIFEST, reuse::STATE]);
    let origin = |path: &str| {
        if site_static.contains(path) {
            PathBuf::from(format!("content/static/{path}"))
        } else {
            PathBuf::from(format!(
                "themes/{}/static/{path}",
                theme.unwrap_or("default")
            ))
        }
    };
    for file in statics {
        if generated.contains(file.path.as_str()) {
            out.push(
                Diagnostic::new(
                    code::FICHIER_EN_CONFLIT,
                    &origin(&file.path),
                    Pos::default(),
                    format!(
                        "ce fichier statique a le chemin `{}`, que ctin produit lui-même",
                        file.path
                    ),
                )
                .hint("renommez ou déplacez ce fichier : un fichier statique ne remplace pas un fichier produit par la construction"),
            );
        }
    }
    let mut by_case: BTreeMap<String, &str> = BTreeMap::new();
    let all = generated
        .iter()
        .copied()
        .chain(statics.iter().map(|f| f.path.as_str()));
    for path in all {
        if let Some(first) = by_case.insert(path.to_lowercase(), path)
            && first != path
        {
            let file = if statics.iter().any(|f| f.path == path) {
                origin(path)
            } else {
                PathBuf::from(path)
            };
            out.push(
                Diagnostic::new(
                    code::FICHIERS_CASSE,
                    &file,
                    Pos::default(),
                    format!("`{path}` et `{first}` ne diffèrent que par les majuscules"),
                )
                .hint("certains hébergements ne distinguent pas les majuscules : renommez l'un des deux"),
            );
        }
    }
    out
}

/// Writes `bytes` over the file at `path` in place, when it is a regular file with no other
/// name (no hard link elsewhere would see the change) reached without a symbolic link; false,
/// having written nothing, otherwise. A reader may see it half written: the caller keeps
/// readers off (see [`sink::Gate`]).
pub fn rewrite_file(path: &Path, bytes: &[u8]) -> Result<bool, String> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::MetadataExt;
        let alone = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.nlink() == 1);
        if !alone {
            return Ok(false);
        }
        // Written over, then cut to its new length: cutting it to nothing first would make
        // ext4 free its blocks and flush the new ones at once (`auto_da_alloc`), as slow as a
        // new file.
        std::fs::OpenOptions::new()
            .write(true)
            .truncate(false)
            .open(path)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.set_len(bytes.len() as u64)
            })
            .map(|()| true)
            .map_err(|e| {
                let e = crate::diagnostic::io_reason(&e);
                format!("écriture de `{}` impossible : {e}", path.display())
            })
    }
    #[cfg(not(unix))]
    {
        let _ = (path, bytes);
        Ok(false)
    }
}

/// Writes one file into `dir` through a temporary file renamed over the old one, so that a
/// reader (the preview server) sees the old file or the new one, never half of it. Not once
/// the writes are stopped ([`halt::WRITES`]).
pub fn replace_file(dir: &Path, file: &OutputFile) -> Result<(), String> {
    halt::WRITES.write(|| replace_file_now(dir, file))
}

fn replace_file_now(dir: &Path, file: &OutputFile) -> Result<(), String> {
    let path = dir.join(&file.path);
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent).map_err(|e| {
        let e = crate::diagnostic::io_reason(&e);
        format!("création de `{}` impossible : {e}", parent.display())
    })?;
    let tmp = parent.join(format!(
        ".{}.ctin-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, &file.bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("écriture de `{}` impossible : {e}", path.display())
        })
}

#[cfg(test)]
mod tests {
    use super::remove_tree;

    #[test]
    fn removing_a_previous_output_never_follows_its_links() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("ailleurs");
        std::fs::create_dir_all(outside.join("sous")).unwrap();
        std::fs::write(outside.join("garde.txt"), "à garder").unwrap();
        std::fs::write(outside.join("sous/garde.txt"), "à garder").unwrap();
        let old = tmp.path().join("sortie.ancien");
        for page in [
            "a/index.html",
            "a/b/index.html",
            "a/b/c/d/index.html",
            "z.xml",
        ] {
            let path = old.join(page);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "page").unwrap();
        }
        std::os::unix::fs::symlink(&outside, old.join("a/b/dossier")).unwrap();
        std::os::unix::fs::symlink(outside.join("garde.txt"), old.join("a/fichier")).unwrap();
        std::os::unix::fs::symlink("nulle-part", old.join("a/b/c/rompu")).unwrap();
        remove_tree(&old);
        assert!(std::fs::symlink_metadata(&old).is_err(), "tout est retiré");
        assert!(outside.join("garde.txt").is_file());
        assert!(outside.join("sous/garde.txt").is_file());
    }
}
