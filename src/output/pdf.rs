/*!
PDFs written by the build itself: Typst, embedded as a library, lays out each printable
document and model with the theme's template (`pdf/document.typ`, overridable like the HTML
templates) and the fonts that `typst-assets` ships, so nothing is installed or fetched.

The Markdown text (after model adoption) is converted to Typst markup by
[`super::typst_markup`]; the template receives the title block (territory, type, status,
adoption date, model), the signatories and the sources as Typst values. The PDF is tagged (for
accessibility), in French (`lang: "fr"`: hyphenation, « » spacing), and dated from the document
so that two builds give the same bytes.
*/

use std::collections::BTreeMap;

#[cfg(feature = "pdf")]
pub use engine::{date, render};

#[cfg(feature = "pdf")]
mod engine {
use std::collections::BTreeMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst_layout::PagedDocument;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The standard library and the fonts, made once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One PDF to make: the Typst source and the files it may read (images, by site path).
struct Job<'a> {
    main: Source,
    files: &'a BTreeMap<String, Vec<u8>>,
    date: Option<Datetime>,
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_with_slash();
        self.files
            .get(path.trim_start_matches('/'))
            .map(|b| Bytes::new(b.clone()))
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.date
    }
}

/// The day `AAAA-MM-JJ` (or a prefix of it) as a Typst date.
pub fn date(day: &str) -> Option<Datetime> {
    let mut parts = day.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next().flatten()? as i32;
    let month = parts.next().flatten().unwrap_or(1) as u8;
    let d = parts.next().flatten().unwrap_or(1) as u8;
    Datetime::from_ymd(year, month, d)
}

/// Lays out `source` (a complete Typst document) and writes it as a tagged PDF dated `day`.
pub fn render(
    source: String,
    files: &BTreeMap<String, Vec<u8>>,
    day: Option<&str>,
) -> Result<Vec<u8>, String> {
    let id = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("document.typ").map_err(|e| format!("{e:?}"))?,
    )
    .intern();
    let date = day.and_then(date);
    let job = Job {
        main: Source::new(id, source),
        files,
        date,
    };
    let document: PagedDocument = typst::compile(&job).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join(" ; ")
    })?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Auto,
        timestamp: date.map(typst_pdf::Timestamp::new_utc),
        creator: typst::foundations::Smart::Custom(Some("ctin".into())),
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join(" ; ")
    })
}
}

/// One printable page as its PDF shows it.
#[derive(Debug, Clone)]
pub struct Printable {
    /// Path of the PDF in the output folder.
    pub path: String,
    /// Title.
    pub title: String,
    /// The territory's name (documents).
    pub territory: Option<String>,
    /// « Modèle partagé » for models.
    pub nature: Option<String>,
    /// Kind, status, adoption date (as shown), adopted model's title.
    pub kind: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Adoption date, as shown.
    pub adopted: Option<String>,
    /// The model it adopts.
    pub model: Option<String>,
    /// Signatories, resolved to names.
    pub signatories: Vec<String>,
    /// Sources of the territory's facts.
    pub sources: Vec<String>,
    /// The text, in Markdown, after model adoption.
    pub markdown: String,
    /// The document's day (`AAAA-MM-JJ`): the PDF's date, for deterministic output.
    pub day: Option<String>,
}

/// The complete Typst source of `p` with the theme's `template`.
pub fn source(p: &Printable, template: &str, cx: &super::typst_markup::Context) -> String {
    use super::typst_markup::{convert, string};
    let opt = |v: &Option<String>| v.as_deref().map(string).unwrap_or_else(|| "none".into());
    let list = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| string(s)).collect();
        format!("({}{})", items.join(", "), if items.len() == 1 { "," } else { "" })
    };
    format!(
        "{template}\n#show: ctin-document.with(\n  titre: {},\n  territoire: {},\n  nature: {},\n  type: {},\n  statut: {},\n  adopte-le: {},\n  modele: {},\n  signataires: {},\n  sources: {},\n)\n\n{}",
        string(&p.title),
        opt(&p.territory),
        opt(&p.nature),
        opt(&p.kind),
        opt(&p.status),
        opt(&p.adopted),
        opt(&p.model),
        list(&p.signatories),
        list(&p.sources),
        convert(&p.markdown, cx),
    )
}

/// The PDFs of `printables`, made in parallel with the theme's `template`; `images` are the
/// site's static files (by path) that the texts may show. Errors name the PDF's path.
#[cfg(feature = "pdf")]
pub fn files(
    printables: &[Printable],
    template: &str,
    images: &BTreeMap<String, Vec<u8>>,
    base_url: Option<&str>,
) -> Result<Vec<crate::render::OutputFile>, Vec<(String, String)>> {
    use rayon::prelude::*;
    let has_image = |p: &str| {
        let p = p.trim_start_matches('/');
        images.contains_key(p)
            && [".png", ".jpg", ".jpeg", ".svg", ".gif"]
                .iter()
                .any(|e| p.to_ascii_lowercase().ends_with(e))
    };
    let link = |u: &str| {
        if u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:") {
            Some(u.to_string())
        } else if let (Some(base), Some(rest)) = (base_url, u.strip_prefix('/')) {
            Some(format!("{}/{rest}", base.trim_end_matches('/')))
        } else {
            None
        }
    };
    let cx = super::typst_markup::Context {
        has_image: &has_image,
        link: &link,
    };
    let results: Vec<Result<crate::render::OutputFile, (String, String)>> = printables
        .par_iter()
        .map(|p| {
            render(source(p, template, &cx), images, p.day.as_deref())
                .map(|bytes| crate::render::OutputFile {
                    path: p.path.clone(),
                    bytes,
                })
                .map_err(|e| (p.path.clone(), e))
        })
        .collect();
    let (ok, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if errors.is_empty() {
        Ok(ok.into_iter().flatten().collect())
    } else {
        Err(errors.into_iter().filter_map(Result::err).collect())
    }
}
