//! Typst as a library: a minimal `World` over the fonts of `typst-assets` and the site's static
//! files, and the layout of one Typst source into a tagged PDF.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

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

/// Typst's diagnostics as one line.
fn messages(errors: impl IntoIterator<Item = typst::diag::SourceDiagnostic>) -> String {
    errors
        .into_iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// The day `AAAA-MM-JJ` (or a prefix of it) as a Typst date.
fn date(day: &str) -> Option<Datetime> {
    let mut parts = day.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next().flatten()? as i32;
    let month = parts.next().flatten().unwrap_or(1) as u8;
    let d = parts.next().flatten().unwrap_or(1) as u8;
    Datetime::from_ymd(year, month, d)
}

/// Lays out `source` (a complete Typst document) and writes it as a tagged PDF dated `day`.
/// Typst memoizes its work in a global cache; what the last PDFs did not use is dropped from it
/// now and then. (Memory still grows by ~1.8 MB per PDF laid out, even when the cache is
/// emptied after each one: something else in Typst keeps it; see the notes of issue 4.)
pub(super) fn render(
    source: &str,
    files: &Arc<BTreeMap<String, Vec<u8>>>,
    day: Option<&str>,
) -> Result<Vec<u8>, String> {
    // A template may loop for ever: each PDF gets a bounded time (`CTIN_DELAI_PDF` seconds).
    let limit = crate::deadline::limit("CTIN_DELAI_PDF", 120);
    let (text, images, date) = (source.to_string(), files.clone(), day.map(String::from));
    let made = crate::deadline::run("ctin-typst", limit, super::job::STACK, move || {
        layout(&text, &images, date.as_deref())
    })
    .unwrap_or_else(|| {
        Err(format!(
            "la mise en page n'a pas fini en {} s (ou s'est interrompue)",
            limit.as_secs_f64()
        ))
    });
    // Eviction walks the whole cache, so not after each PDF: after each `EVICT_EVERY` bytes of
    // Typst source laid out (about twenty documents).
    static LAID_OUT: AtomicUsize = AtomicUsize::new(0);
    let before = LAID_OUT.fetch_add(source.len(), Ordering::Relaxed);
    if before / EVICT_EVERY != (before + source.len()) / EVICT_EVERY {
        typst::comemo::evict(2);
    }
    made
}

/// Typst's message when it cannot show the image `bytes` (at the site path `path`) as the PDFs
/// would show it; `None` when it can.
pub(super) fn image_problem(path: &str, bytes: &[u8]) -> Option<String> {
    let key = path.trim_start_matches('/').to_string();
    let source = format!(
        "#image({}, width: 1cm)",
        super::markup::string(&format!("/{key}"))
    );
    let files = BTreeMap::from([(key, bytes.to_vec())]);
    let id = RootedPath::new(VirtualRoot::Project, VirtualPath::new("image.typ").ok()?).intern();
    let job = Job {
        main: Source::new(id, source),
        files: &files,
        date: None,
    };
    typst::compile::<PagedDocument>(&job)
        .output
        .err()
        .map(messages)
}

/// Bytes of Typst source laid out between two evictions of Typst's cache. Measured on 480
/// documents and 5 dossiers (`benches/echelle.rs`, 5 territories): 1 MiB peaks at 880 MB,
/// 256 KiB at 470 MB, 128 KiB at 390 MB, 64 KiB at 330 MB, in the same time within noise
/// (what the cache keeps is not used by the next documents: they differ).
const EVICT_EVERY: usize = 128 << 10;

fn layout(
    source: &str,
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
        main: Source::new(id, source.to_string()),
        files,
        date,
    };
    let document: PagedDocument = typst::compile(&job).output.map_err(messages)?;
    // PDF/UA-1 when Typst accepts the document for it, else PDF/A-2b, else plain (tagged).
    let mut last = String::new();
    for standard in [
        Some(typst_pdf::PdfStandard::Ua_1),
        Some(typst_pdf::PdfStandard::A_2b),
        None,
    ] {
        let standards = match standard {
            Some(s) => typst_pdf::PdfStandards::new(&[s]).map_err(|e| e.message().to_string())?,
            None => typst_pdf::PdfStandards::default(),
        };
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Auto,
            timestamp: date.map(typst_pdf::Timestamp::new_utc),
            creator: typst::foundations::Smart::Custom(Some("ctin".into())),
            standards,
            ..Default::default()
        };
        match typst_pdf::pdf(&document, &options) {
            Ok(bytes) => return Ok(bytes),
            Err(errors) => last = messages(errors),
        }
    }
    Err(last)
}
