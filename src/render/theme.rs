//! The theme: Tera templates and static files.
//!
//! The default theme (`themes/default/`) is built into the binary, so any site can be built
//! without copying it. A site overrides any file by putting one with the same path in
//! `<root>/themes/<theme>/` (when `site.yaml` names `theme`), and any template in
//! `<root>/templates/`, which wins over both.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostic::{Diagnostic, Pos, code};

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates (by name, with the file they come from) and static files (by output path).
#[derive(Debug, Default)]
pub struct Theme {
    /// `name` → (file shown in messages, text).
    pub templates: BTreeMap<String, (PathBuf, String)>,
    /// Output path → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Files of the web editor (Decap CMS), by path under `/admin/`: written only for sites
    /// that set `edition`.
    pub admin: BTreeMap<String, &'static [u8]>,
    /// Typst templates of the PDFs (`pdf/document.typ`), by name.
    pub pdf: BTreeMap<String, String>,
}

fn embedded(dir: &Dir<'static>, prefix: &str, out: &mut BTreeMap<String, &'static [u8]>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(rest) = path.strip_prefix(prefix) {
            out.insert(rest.to_string(), file.contents());
        }
    }
    for sub in dir.dirs() {
        embedded(sub, prefix, out);
    }
}

/// The files under `dir`, read under the site's reading policy ([`crate::content::walk`]): a
/// theme copied with its symbolic links publishes nothing from outside the site.
fn on_disk(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    let canonical = crate::content::walk::canonical_root(root);
    let (found, mut refused) = crate::content::walk::walk(&canonical, dir, root);
    if !refused.is_empty() {
        return Err(refused.swap_remove(0));
    }
    Ok(found
        .into_iter()
        .filter(|f| !f.is_dir)
        .map(|f| (f.rel.to_string_lossy().replace('\\', "/"), f.path))
        .collect())
}

/// The default theme's Typst template of the PDFs.
pub fn default_pdf_template() -> String {
    DEFAULT
        .get_file("pdf/document.typ")
        .map(|f| String::from_utf8_lossy(f.contents()).into_owned())
        .unwrap_or_default()
}

/// Loads the theme of the site under `root`.
pub fn load(root: &Path, theme: Option<&str>) -> Result<Theme, Diagnostic> {
    let mut out = Theme::default();
    let mut templates = BTreeMap::new();
    embedded(&DEFAULT, "templates/", &mut templates);
    for (name, bytes) in templates {
        let text = String::from_utf8_lossy(bytes).into_owned();
        out.templates.insert(
            name.clone(),
            (
                PathBuf::from(format!("themes/default/templates/{name}")),
                text,
            ),
        );
    }
    embedded(&DEFAULT, "admin/", &mut out.admin);
    let mut pdf = BTreeMap::new();
    embedded(&DEFAULT, "pdf/", &mut pdf);
    out.pdf = pdf
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8_lossy(v).into_owned()))
        .collect();
    let mut statics = BTreeMap::new();
    embedded(&DEFAULT, "static/", &mut statics);
    out.statics = statics.into_iter().map(|(k, v)| (k, v.to_vec())).collect();
    let mut template_dirs = Vec::new();
    if let Some(name) = theme {
        if !crate::text::is_plain_name(name) {
            return Err(Diagnostic::new(
                code::THEME_INVALIDE,
                Path::new("content/site.yaml"),
                Pos::default(),
                format!("nom de thème invalide : `{name}`"),
            )
            .hint("`theme` est le nom d'un dossier de `themes/`, jamais un chemin"));
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            return Err(Diagnostic::new(
                code::THEME_ABSENT,
                Path::new("content/site.yaml"),
                Pos::default(),
                format!("thème `{name}` introuvable : le dossier `themes/{name}/` n'existe pas"),
            )
            .hint("créez ce dossier à côté de `content/`, ou retirez la clé `theme`"));
        }
        for (rel, path) in on_disk(root, &dir.join("static"))? {
            let bytes = std::fs::read(&path).map_err(|e| read_error(root, &path, &e))?;
            out.statics.insert(rel, bytes);
        }
        for (rel, path) in on_disk(root, &dir.join("pdf"))? {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(root, &path, &e))?;
            out.pdf.insert(rel, text);
        }
        template_dirs.push(dir.join("templates"));
    }
    template_dirs.push(root.join("templates"));
    for dir in template_dirs {
        for (rel, path) in on_disk(root, &dir)? {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(root, &path, &e))?;
            // `templates/pdf/` holds the Typst templates of the PDFs, not Tera ones.
            if let Some(name) = rel.strip_prefix("pdf/") {
                out.pdf.insert(name.to_string(), text);
                continue;
            }
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            out.templates.insert(rel, (shown, text));
        }
    }
    Ok(out)
}

fn read_error(root: &Path, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        code::FICHIER_ILLISIBLE,
        path.strip_prefix(root).unwrap_or(path),
        Pos::default(),
        format!(
            "fichier du thème illisible ({})",
            crate::diagnostic::io_reason(e)
        ),
    )
}

/// A Tera instance with every template of the theme, parsed once.
pub fn tera(theme: &Theme) -> Result<tera::Tera, Diagnostic> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    crate::geo::filters::register(&mut tera);
    let list: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(name, (_, text))| (name.as_str(), text.as_str()))
        .collect();
    tera.add_raw_templates(list)
        .map_err(|e| template_error(theme, &e))?;
    Ok(tera)
}

/// A Tera error as a diagnostic on the template file.
pub fn template_error(theme: &Theme, e: &tera::Error) -> Diagnostic {
    let (name, line, detail) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line as u32,
            r.message().to_string(),
        ),
        other => (String::new(), 0, other.to_string()),
    };
    let file = theme
        .templates
        .iter()
        .find(|(n, _)| name == **n)
        .map(|(_, (f, _))| f.clone())
        .unwrap_or_else(|| PathBuf::from("templates"));
    Diagnostic::new(
        code::GABARIT_INVALIDE,
        &file,
        Pos::new(line, 1),
        format!("gabarit invalide : {detail}"),
    )
    .hint("corrigez ce gabarit Tera (voir la documentation de Tera 2)")
}
