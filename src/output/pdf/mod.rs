/*!
PDFs written by the build itself: Typst, embedded as a library, lays out each printable
document and model with the theme's template (`pdf/document.typ`, overridable like the HTML
templates) and the fonts that `typst-assets` ships, so nothing is installed or fetched.

The Markdown text (after model adoption) is converted to Typst markup by
[`markup`]; the template receives the title block (territory, type, status,
adoption date, model), the signatories and the sources as Typst values. Each territory also gets
a « dossier »: all its printable documents in one PDF, with a table of contents. The PDFs are
tagged and ask for PDF/UA-1 (PDF/A-2b when Typst refuses the document for PDF/UA), in French
(`lang: "fr"`: hyphenation, « » spacing), and dated from the document so that two builds give
the same bytes.

A PDF is made again only when its inputs changed: the hash of its Typst source, the images it
shows and the versions of ctin and Typst is kept beside the PDFs ([`MANIFEST`]); a PDF whose
hash is unchanged is linked from the previous output instead of being laid out again.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::products::{Dossier, OutputFile, Printable};

/// The file, at the root of the output, that keeps the hash of each PDF's inputs.
pub const MANIFEST: &str = ".ctin-pdf.json";

#[cfg(feature = "pdf")]
use engine::render;

#[cfg(feature = "pdf")]
mod engine;
pub mod markup;

fn opt(v: &Option<String>) -> String {
    v.as_deref()
        .map(markup::string)
        .unwrap_or_else(|| "none".into())
}

/// A Typst array of strings.
fn list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| markup::string(s)).collect();
    format!(
        "({}{})",
        items.join(", "),
        if items.len() == 1 { "," } else { "" }
    )
}

/// The complete Typst source of `p` with the theme's `template`; `body` is its text in Typst.
pub fn source(p: &Printable, template: &str, body: &str) -> String {
    use markup::string;
    format!(
        "{template}\n#show: ctin-document.with(\n  titre: {},\n  territoire: {},\n  nature: {},\n  type: {},\n  statut: {},\n  adopte-le: {},\n  modele: {},\n  signataires: {},\n  sources: {},\n)\n\n{body}",
        string(&p.title),
        opt(&p.territory),
        opt(&p.nature),
        opt(&p.kind),
        opt(&p.status),
        opt(&p.adopted),
        opt(&p.model),
        list(&p.signatories),
        list(&p.sources),
    )
}

/// The complete Typst source of a territory's dossier with the theme's `template`; `body`
/// gives each document's text in Typst.
pub fn dossier_source(d: &Dossier, template: &str, body: &dyn Fn(&Printable) -> String) -> String {
    use markup::string;
    let documents: Vec<String> = d
        .documents
        .iter()
        .map(|p| {
            format!(
                "  (\n    titre: {},\n    type: {},\n    statut: {},\n    adopte-le: {},\n    modele: {},\n    signataires: {},\n    corps: [\n{}\n    ],\n  ),\n",
                string(&p.title),
                opt(&p.kind),
                opt(&p.status),
                opt(&p.adopted),
                opt(&p.model),
                list(&p.signatories),
                body(p),
            )
        })
        .collect();
    format!(
        "{template}\n#ctin-dossier(\n  territoire: {},\n  date: {},\n  sources: {},\n  documents: (\n{}),\n)\n",
        string(&d.territory),
        opt(&d.day.as_ref().map(|(shown, _)| shown.clone())),
        list(&d.sources),
        documents.concat(),
    )
}

/// `p`'s text in Typst: links lead where the site's do (made absolute with `base_url`, else
/// shown as text), images are the site's static files (`files`, by path).
fn body(p: &Printable, files: &BTreeMap<String, Vec<u8>>, base_url: Option<&str>) -> String {
    let external =
        |u: &str| u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:");
    let target = |u: &str| p.links.get(u).map_or(u, String::as_str).to_string();
    let image = |u: &str| {
        let path = target(u);
        let key = path.trim_start_matches('/');
        let shown = [".png", ".jpg", ".jpeg", ".svg", ".gif"]
            .iter()
            .any(|e| key.to_ascii_lowercase().ends_with(e));
        (shown && path.starts_with('/') && files.contains_key(key)).then_some(path)
    };
    let link = |u: &str| {
        let to = target(u);
        if external(&to) {
            return Some(to);
        }
        let base = base_url?.trim_end_matches('/');
        let rest = to.strip_prefix('/')?;
        if files.contains_key(rest.split('#').next().unwrap_or(rest)) {
            Some(format!("{base}{}", crate::render::urls::encode_path(&to)))
        } else {
            Some(format!("{base}{to}"))
        }
    };
    let cx = markup::Context {
        image: &image,
        link: &link,
    };
    markup::convert(&p.markdown, &cx)
}

/// Checks the images that the documents and models show, which their PDFs embed: an image
/// Typst cannot read (a `.png` that is not one, a truncated file) would stop the build, so
/// `check` reports it where it is shown (`image-illisible`).
#[cfg(feature = "pdf")]
pub fn check_images(site: &crate::model::Site, diags: &mut crate::diagnostic::Diagnostics) {
    use crate::diagnostic::{Diagnostic, Pos, code};
    use crate::model::links::Resolved;
    let pages = site.models.iter().chain(
        site.territories
            .iter()
            .flat_map(|t| t.documents.iter().map(|d| &d.page)),
    );
    let mut judged: BTreeMap<String, Option<String>> = BTreeMap::new();
    for page in pages {
        let file = page.file();
        let own = site.links.page_of(file);
        for link in page.scan().links.iter().filter(|l| l.image) {
            let Ok(Resolved::Static(path)) = site.links.resolve(site, file, own, &link.dest) else {
                continue;
            };
            let lower = path.to_ascii_lowercase();
            if ![".png", ".jpg", ".jpeg", ".svg", ".gif"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                continue;
            }
            let problem = judged.entry(path.to_string()).or_insert_with(|| {
                let abs = site.root.join("content/static").join(path);
                // The walk of `content/` accepted this path (a link it follows stays inside
                // the site); a FIFO or a folder is still not read.
                let readable = std::fs::metadata(&abs).is_ok_and(|m| m.is_file());
                let bytes = if readable {
                    std::fs::read(&abs).ok()
                } else {
                    None
                };
                match bytes {
                    Some(bytes) => engine::image_problem(path, &bytes),
                    None => Some("fichier illisible".into()),
                }
            });
            if let Some(message) = problem {
                diags.push(
                    Diagnostic::new(
                        code::IMAGE_ILLISIBLE,
                        file,
                        Pos::new(page.body_offset + link.line, link.col),
                        format!("image `{path}` illisible pour le PDF ({message})"),
                    )
                    .culprit(link.dest.clone())
                    .hint("enregistrez l'image à nouveau en PNG, JPEG, GIF ou SVG, sous l'extension qui correspond à son format"),
                );
            }
        }
    }
}

/// Without the `pdf` feature no PDF embeds images: nothing to check.
#[cfg(not(feature = "pdf"))]
pub fn check_images(_site: &crate::model::Site, _diags: &mut crate::diagnostic::Diagnostics) {}

/// Lays out `markdown` alone as a document PDF with the Typst `template` (the default theme's
/// when `None`), as the build would: for tests and fuzzing.
pub fn markdown_pdf(markdown: &str, template: Option<&str>) -> Result<Vec<u8>, String> {
    let p = Printable {
        path: "essai.pdf".into(),
        file: "essai.md".into(),
        title: "Essai".into(),
        territory: Some("Essai".into()),
        nature: None,
        kind: None,
        status: None,
        adopted: None,
        model: None,
        signatories: vec!["Signataire".into()],
        sources: Vec::new(),
        markdown: markdown.into(),
        links: BTreeMap::new(),
        day: Some("2026-01-01".into()),
    };
    let images = Arc::new(BTreeMap::new());
    let default = crate::render::theme::default_pdf_template();
    let source = source(&p, template.unwrap_or(&default), &body(&p, &images, None));
    render(&source, &images, p.day.as_deref())
}

/// One PDF to make.
#[derive(Debug, Clone)]
struct Pdf {
    path: String,
    file: PathBuf,
    source: String,
    day: Option<String>,
    /// Hash of everything the PDF is made from.
    hash: String,
}

impl Pdf {
    /// True when `previous` holds this PDF, made from the same inputs (`old`: its manifest).
    fn kept(&self, old: &BTreeMap<String, String>, previous: &Path) -> bool {
        old.get(&self.path) == Some(&self.hash) && previous.join(&self.path).is_file()
    }
}

/// The site paths of the images a Typst source shows (as the converter writes them).
fn images_of(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("#figure(image(\"") {
        rest = &rest[i + "#figure(image(\"".len()..];
        let mut path = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => path.extend(chars.next()),
                '"' => break,
                c => path.push(c),
            }
        }
        out.push(path);
    }
    out
}

/// What changes a PDF: this format, ctin's and Typst's versions, the source, the day, the
/// images it shows.
fn hash(source: &str, day: Option<&str>, images: &BTreeMap<String, Vec<u8>>) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new();
    let mut feed = |b: &[u8]| {
        h.write_usize(b.len());
        h.write(b);
    };
    feed(b"ctin-pdf 1");
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    feed(TYPST_VERSION.as_bytes());
    feed(source.as_bytes());
    feed(day.unwrap_or("").as_bytes());
    for path in images_of(source) {
        feed(path.as_bytes());
        feed(
            images
                .get(path.trim_start_matches('/'))
                .map(Vec::as_slice)
                .unwrap_or(b""),
        );
    }
    use siphasher::sip128::Hasher128;
    format!("{:032x}", h.finish128().as_u128())
}

/// The version of Typst that lays out the PDFs (part of their hash).
const TYPST_VERSION: &str = "0.15";

/// Stack of the threads that lay out PDFs.
const STACK: usize = 256 << 20;

/// What a run of [`Job::run`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// PDFs laid out.
    pub made: usize,
    /// PDFs taken unchanged from the previous output.
    pub kept: usize,
}

/// The PDFs of a build: their sources are made at once (cheap), the layout by [`Job::run`].
#[derive(Debug, Clone, Default)]
pub struct Job {
    pdfs: Vec<Arc<Pdf>>,
    images: Arc<BTreeMap<String, Vec<u8>>>,
}

impl Job {
    /// The PDFs of `printables` and `dossiers` with the theme's `template`; `images` are the
    /// site's static files (by path) that the texts may show; links to the site are made
    /// absolute with `base_url` (else shown as text).
    pub fn new(
        printables: &[Printable],
        dossiers: &[Dossier],
        template: &str,
        images: Arc<BTreeMap<String, Vec<u8>>>,
        base_url: Option<&str>,
    ) -> Job {
        use rayon::prelude::*;
        let bodies: BTreeMap<&str, String> = printables
            .par_iter()
            .map(|p| (p.path.as_str(), body(p, &images, base_url)))
            .collect();
        let body_of = |p: &Printable| {
            bodies
                .get(p.path.as_str())
                .cloned()
                .unwrap_or_else(|| body(p, &images, base_url))
        };
        let pdf = |path: &str, file: &Path, source: String, day: Option<&str>| {
            Arc::new(Pdf {
                path: path.to_string(),
                file: file.to_path_buf(),
                hash: hash(&source, day, &images),
                day: day.map(String::from),
                source,
            })
        };
        let mut pdfs: Vec<Arc<Pdf>> = printables
            .par_iter()
            .map(|p| {
                pdf(
                    &p.path,
                    &p.file,
                    source(p, template, &body_of(p)),
                    p.day.as_deref(),
                )
            })
            .collect();
        pdfs.par_extend(dossiers.par_iter().map(|d| {
            pdf(
                &d.path,
                &d.file,
                dossier_source(d, template, &body_of),
                d.day.as_ref().map(|(_, day)| day.as_str()),
            )
        }));
        Job {
            pdfs,
            images: images.clone(),
        }
    }

    /// The PDFs of several jobs (made with the same images) as one.
    pub fn merge<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> Job {
        let mut out = Job::default();
        for job in jobs {
            out.pdfs.extend(job.pdfs.iter().cloned());
            out.images = job.images.clone();
        }
        out
    }

    /// The content file (or territory folder) the PDF at `path` is made from.
    pub fn source_file(&self, path: &str) -> Option<&Path> {
        self.pdfs
            .iter()
            .find(|p| p.path == path)
            .map(|p| p.file.as_path())
    }

    /// Number of PDFs.
    pub fn len(&self) -> usize {
        self.pdfs.len()
    }

    /// True when the site has no printable page.
    pub fn is_empty(&self) -> bool {
        self.pdfs.is_empty()
    }

    /// Each PDF's path and the hash of its inputs.
    pub fn manifest(&self) -> BTreeMap<String, String> {
        self.pdfs
            .iter()
            .map(|p| (p.path.clone(), p.hash.clone()))
            .collect()
    }

    /// Writes the PDFs into `into`, laying out again (in parallel) only those whose hash is
    /// not the one `previous` keeps for them: the others are linked (or copied) from
    /// `previous`, which may be `into` itself. Writes the manifest last. Errors name the
    /// PDF's path.
    pub fn run(
        &self,
        previous: &Path,
        into: &Path,
        threads: Option<usize>,
    ) -> Result<Report, Vec<(String, String)>> {
        let old = read_manifest(previous);
        if self.pdfs.iter().all(|p| p.kept(&old, previous)) {
            // Nothing to lay out: no thread pool to start.
            return self.run_here(previous, into, &old);
        }
        // Typst recurses deeply on long documents (a dossier of a hundred documents overflows
        // the default 2 MiB stack): its own threads, with room (reserved, not used).
        let mut pool = rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .thread_name(|i| format!("ctin-pdf-{i}"));
        if let Some(n) = threads {
            pool = pool.num_threads(n);
        }
        let pool = pool
            .build()
            .map_err(|e| vec![(MANIFEST.to_string(), e.to_string())])?;
        pool.install(|| self.run_here(previous, into, &old))
    }

    /// [`Job::run`] on the current thread pool; `old` is `previous`'s manifest.
    fn run_here(
        &self,
        previous: &Path,
        into: &Path,
        old: &BTreeMap<String, String>,
    ) -> Result<Report, Vec<(String, String)>> {
        use rayon::prelude::*;
        let results: Vec<Result<bool, (String, String)>> = self
            .pdfs
            .par_iter()
            .map(|p| {
                let fail = |e: String| (p.path.clone(), e);
                if p.kept(old, previous) {
                    if previous != into {
                        link(&previous.join(&p.path), &into.join(&p.path)).map_err(fail)?;
                    }
                    return Ok(false);
                }
                let bytes = render(&p.source, &self.images, p.day.as_deref()).map_err(fail)?;
                let file = OutputFile {
                    path: p.path.clone(),
                    bytes,
                };
                super::replace_file(into, &file).map_err(fail)?;
                Ok(true)
            })
            .collect();
        let mut report = Report::default();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(true) => report.made += 1,
                Ok(false) => report.kept += 1,
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let manifest = self.manifest();
        if previous == into {
            for path in old.keys().filter(|p| !manifest.contains_key(*p)) {
                let _ = std::fs::remove_file(into.join(path));
            }
        }
        write_manifest(into, &manifest).map_err(|e| vec![(MANIFEST.to_string(), e)])?;
        Ok(report)
    }

    /// Makes the PDFs in `cache` (kept from one run to the next) and links them into
    /// `served`, removing from it those that are gone: the preview's way.
    pub fn publish(&self, cache: &Path, served: &Path) -> Result<Report, Vec<(String, String)>> {
        let report = self.run(cache, cache, Some(1))?;
        let old = read_manifest(served);
        let manifest = self.manifest();
        let fail = |path: &str, e: String| vec![(path.to_string(), e)];
        for (path, hash) in &manifest {
            if old.get(path) != Some(hash) || !served.join(path).is_file() {
                link(&cache.join(path), &served.join(path)).map_err(|e| fail(path, e))?;
            }
        }
        for path in old.keys().filter(|p| !manifest.contains_key(*p)) {
            let _ = std::fs::remove_file(served.join(path));
        }
        write_manifest(served, &manifest).map_err(|e| fail(MANIFEST, e))?;
        Ok(report)
    }
}

/// The PDFs of the preview: made in a cache folder kept across rebuilds, then linked into the
/// served folder.
#[derive(Debug)]
pub struct Preview {
    /// The PDFs.
    pub job: Job,
    /// The cache folder.
    pub cache: std::path::PathBuf,
    /// The served folder.
    pub served: std::path::PathBuf,
}

impl Preview {
    /// Makes the PDFs that changed and links them all into the served folder, on one thread of
    /// its own: laying out thousands of PDFs must not hold up the rebuilds, which use rayon's
    /// global pool.
    pub fn run(self) -> Result<Report, String> {
        self.job
            .publish(&self.cache, &self.served)
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|(path, e)| format!("PDF `{path}` impossible à produire : {e}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
    }
}

/// Hard-links `from` to `to` (replacing it), or copies it where links are not possible.
fn link(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("création de `{}` impossible : {e}", dir.display())
        })?;
    }
    let _ = std::fs::remove_file(to);
    std::fs::hard_link(from, to)
        .or_else(|_| std::fs::copy(from, to).map(|_| ()))
        .map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("copie de `{}` impossible : {e}", from.display())
        })
}

fn read_manifest(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_manifest(dir: &Path, manifest: &BTreeMap<String, String>) -> Result<(), String> {
    let mut bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    bytes.push(b'\n');
    super::replace_file(
        dir,
        &OutputFile {
            path: MANIFEST.into(),
            bytes,
        },
    )
}

/// Without the `pdf` feature no PDF is made.
#[cfg(not(feature = "pdf"))]
fn render(
    _source: &str,
    _files: &Arc<BTreeMap<String, Vec<u8>>>,
    _day: Option<&str>,
) -> Result<Vec<u8>, String> {
    Err("ce ctin a été compilé sans la fonction `pdf`".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_found_in_the_source() {
        let s = "a #figure(image(\"/img/a.png\", alt: \"x\")) b #figure(image(\"/b\\\"c.svg\", alt: \"\"))";
        assert_eq!(images_of(s), ["/img/a.png", "/b\"c.svg"]);
    }

    #[test]
    fn the_hash_follows_the_source_day_and_images() {
        let mut images = BTreeMap::new();
        images.insert("a.png".to_string(), vec![1u8]);
        let s = "#figure(image(\"/a.png\", alt: \"\"))";
        let h = hash(s, Some("2026-01-01"), &images);
        assert_eq!(h, hash(s, Some("2026-01-01"), &images));
        assert_ne!(h, hash(s, Some("2026-01-02"), &images));
        assert_ne!(h, hash("autre", Some("2026-01-01"), &images));
        images.insert("a.png".to_string(), vec![2u8]);
        assert_ne!(h, hash(s, Some("2026-01-01"), &images));
    }
}
