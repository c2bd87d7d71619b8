/*!
Stage 4 — output: files on disk.

Every file of the build (pages as soon as they are rendered and minified, then feeds, exports
and static files) is written into a fresh temporary folder beside the output folder
([`Staging`]); only when all of it is written is the old output swapped for the new one. A failed build leaves the previous
output exactly as it was. Nothing here depends on the clock or on the order threads finish, so
two builds of the same content are byte-identical.
*/

pub mod cms;
pub mod exports;
pub mod feeds;
pub mod geojson;
pub mod pdf;
pub mod search;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::model::Site;
use crate::render::{OutputFile, PageMeta};

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

/// Checks that the output folder may be replaced: not the site root, not `content/` or above it.
pub fn check_target(root: &Path, output: &Path) -> Result<(), String> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (abs(root), abs(output));
    let content = root.join("content");
    if output == root || content.starts_with(&output) || output.starts_with(&content) {
        return Err(format!(
            "dossier de sortie refusé : `{}` contient le contenu du site ou s'y trouve",
            output.display()
        ));
    }
    Ok(())
}

/// A temporary folder beside the output folder that receives the build; [`Staging::commit`]
/// swaps it in, and dropping it uncommitted removes it, leaving the previous output as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, String> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("création de `{}` impossible : {e}", parent.display()))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.nouveau-{}", std::process::id()));
        let old = parent.join(format!(".{name}.ancien-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp)
            .map_err(|e| format!("création de `{}` impossible : {e}", tmp.display()))?;
        Ok(Staging {
            output: output.to_path_buf(),
            tmp,
            old,
            committed: false,
        })
    }

    /// The temporary folder that receives the build.
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Writes one file (safe to call from several threads).
    pub fn write(&self, file: &OutputFile) -> Result<(), String> {
        let path = self.tmp.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("création de `{}` impossible : {e}", dir.display()))?;
        }
        std::fs::write(&path, &file.bytes)
            .map_err(|e| format!("écriture de `{}` impossible : {e}", path.display()))
    }

    /// Writes files in parallel.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), String> {
        files.par_iter().try_for_each(|f| self.write(f))
    }

    /// Puts the new output in place of the old one.
    pub fn commit(mut self) -> Result<(), String> {
        if self.output.exists() {
            std::fs::rename(&self.output, &self.old).map_err(|e| {
                format!(
                    "remplacement de `{}` impossible : {e}",
                    self.output.display()
                )
            })?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.output) {
            let _ = std::fs::rename(&self.old, &self.output);
            return Err(format!(
                "remplacement de `{}` impossible : {e}",
                self.output.display()
            ));
        }
        self.committed = true;
        let _ = std::fs::remove_dir_all(&self.old);
        Ok(())
    }
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
        let bytes = std::fs::read(&path)
            .map_err(|e| format!("lecture de `{}` impossible : {e}", path.display()))?;
        out.insert(rel.clone(), bytes);
    }
    Ok(out
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

/// The files made from the whole site after its pages: the actors' GeoJSON, the sitemap, the
/// feed and `robots.txt` (the exports are made before the pages, see [`exports`]).
pub fn data_files<'a>(
    site: &Site,
    metas: impl IntoIterator<Item = &'a PageMeta>,
    base_url: Option<&str>,
) -> Vec<OutputFile> {
    let title = site_title(site);
    let mut files = vec![geojson::actors(site)];
    files.extend(feeds::feeds(metas, title, base_url));
    files
}

/// The title of the site (`ctin` when `site.yaml` could not be read).
pub fn site_title(site: &Site) -> &str {
    site.config
        .as_ref()
        .map(|c| c.titre.as_str())
        .unwrap_or("ctin")
}

/// Writes one file into `dir` through a temporary file renamed over the old one, so that a
/// reader (the preview server) sees the old file or the new one, never half of it.
pub fn replace_file(dir: &Path, file: &OutputFile) -> Result<(), String> {
    let path = dir.join(&file.path);
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("création de `{}` impossible : {e}", parent.display()))?;
    let tmp = parent.join(format!(
        ".{}.ctin-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, &file.bytes)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| format!("écriture de `{}` impossible : {e}", path.display()))
}
