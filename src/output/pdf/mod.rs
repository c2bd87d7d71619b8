/*!
PDFs written by the build itself: Typst, embedded as a library, lays out each printable
document and model with the theme's template (`pdf/document.typ`, overridable like the HTML
templates) and the fonts that `typst-assets` ships, so nothing is installed or fetched.

The Markdown text (after model adoption) is converted to Typst markup by
[`markup`]; the template receives the title block (territory, type, status,
adoption date, model), the signatories and the sources as Typst values. Each territory also gets
a « dossier »: all its printable documents in one PDF, with a table of contents. A dossier is
laid out once: when its template marks each document's pages, each document's PDF is made of
those pages (`engine::render_dossier`), else each document is laid out alone. The PDFs are
tagged and ask for PDF/UA-1 (PDF/A-2b when Typst refuses the document for PDF/UA), in French
(`lang: "fr"`: hyphenation, « » spacing), and dated from the document so that two builds give
the same bytes.

A PDF is made again only when its inputs changed: the hash of its Typst source, the images it
shows and the versions of ctin and Typst is kept beside the PDFs ([`MANIFEST`]); a PDF whose
hash is unchanged is linked from the previous output instead of being laid out again. A
dossier and its documents go together: the documents' hashes include the dossier's, and they
are all kept or all made again.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::products::{OutputFile, Printable};

/// The file, at the root of the output, that keeps the hash of each PDF's inputs.
pub const MANIFEST: &str = ".ctin-pdf.json";

#[cfg(feature = "pdf")]
use engine::{render, render_dossier};

#[cfg(feature = "pdf")]
mod engine;
mod job;
pub mod markup;

pub use job::{Job, Preview, Report};

/// The labels with which a dossier's template marks the first and the last page of each
/// document (`#metadata(i) <ctin-debut>`, `#metadata(i) <ctin-fin>`).
const MARKS: [&str; 2] = ["ctin-debut", "ctin-fin"];

/// One document of a dossier, as its own PDF shows it when it is cut from the dossier's pages:
/// its title, author and day.
#[derive(Debug, Clone)]
struct Cut {
    title: String,
    author: String,
    day: Option<String>,
}

/// A dossier's PDF and, when its template marks each document's pages, each document's PDF cut
/// from them (`None`: the documents are to be laid out alone).
type LaidOut = (Vec<u8>, Option<Vec<Vec<u8>>>);

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
pub fn dossier_source(
    d: &crate::products::Dossier,
    template: &str,
    body: &dyn Fn(&Printable) -> String,
) -> String {
    use markup::string;
    let documents: Vec<String> = d
        .documents
        .iter()
        .map(|p| {
            format!(
                "  (\n    titre: {},\n    territoire: {},\n    nature: {},\n    type: {},\n    statut: {},\n    adopte-le: {},\n    modele: {},\n    signataires: {},\n    sources: {},\n    corps: [\n{}\n    ],\n  ),\n",
                string(&p.title),
                opt(&p.territory),
                opt(&p.nature),
                opt(&p.kind),
                opt(&p.status),
                opt(&p.adopted),
                opt(&p.model),
                list(&p.signatories),
                list(&p.sources),
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

/// Without the `pdf` feature no PDF is made.
#[cfg(not(feature = "pdf"))]
fn render(
    _source: &str,
    _files: &Arc<BTreeMap<String, Vec<u8>>>,
    _day: Option<&str>,
) -> Result<Vec<u8>, String> {
    Err("ce ctin a été compilé sans la fonction `pdf`".into())
}

/// Without the `pdf` feature no PDF is made.
#[cfg(not(feature = "pdf"))]
fn render_dossier(
    _source: &str,
    _files: &Arc<BTreeMap<String, Vec<u8>>>,
    _day: Option<&str>,
    _documents: Vec<Cut>,
) -> Result<LaidOut, String> {
    Err("ce ctin a été compilé sans la fonction `pdf`".into())
}

#[cfg(test)]
mod tests {
    use super::job::{hash, images_of};
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

    #[cfg(unix)]
    #[test]
    fn a_kept_pdf_with_another_name_elsewhere_is_copied_not_shared() {
        use std::os::unix::fs::MetadataExt;
        let p = Printable {
            path: "t/a.pdf".into(),
            file: "a.md".into(),
            title: "A".into(),
            territory: None,
            nature: None,
            kind: None,
            status: None,
            adopted: None,
            model: None,
            signatories: Vec::new(),
            sources: Vec::new(),
            markdown: "Texte.".into(),
            links: BTreeMap::new(),
            day: None,
        };
        let job = Job::new(&[p], &[], "", Arc::new(BTreeMap::new()), None);
        let dir = tempfile::tempdir().unwrap();
        let (previous, into) = (dir.path().join("avant"), dir.path().join("apres"));
        std::fs::create_dir_all(previous.join("t")).unwrap();
        std::fs::create_dir_all(&into).unwrap();
        job::write_manifest(&previous, &job.manifest()).unwrap();
        // The previous PDF has another name outside the output.
        let outside = dir.path().join("ailleurs.pdf");
        std::fs::write(&outside, b"%PDF ancien").unwrap();
        std::fs::hard_link(&outside, previous.join("t/a.pdf")).unwrap();
        let report = job.run(&previous, &into, Some(1)).unwrap();
        assert_eq!(
            report,
            Report {
                made: 0,
                cut: 0,
                kept: 1
            }
        );
        let taken = into.join("t/a.pdf");
        assert_ne!(
            std::fs::metadata(&taken).unwrap().ino(),
            std::fs::metadata(&outside).unwrap().ino()
        );
        std::fs::write(&outside, b"autre").unwrap();
        assert_eq!(std::fs::read(&taken).unwrap(), b"%PDF ancien");
        // With no other name, it is linked.
        std::fs::remove_file(&outside).unwrap();
        std::fs::remove_file(&taken).unwrap();
        job.run(&previous, &into, Some(1)).unwrap();
        assert_eq!(
            std::fs::metadata(&taken).unwrap().ino(),
            std::fs::metadata(previous.join("t/a.pdf")).unwrap().ino()
        );
    }
}
