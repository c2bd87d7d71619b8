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

use super::Cut;

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
pub(super) fn render(
    source: &str,
    files: &Arc<BTreeMap<String, Vec<u8>>>,
    day: Option<&str>,
) -> Result<Vec<u8>, String> {
    let date = day.and_then(self::date);
    bounded(source, files, day, move |document| export(&document, date))
}

/// Lays out the dossier `source` (dated `day`) once and gives its PDF and, when its template
/// marks each document's pages (`<ctin-debut>` and `<ctin-fin>`, see the default template),
/// each of its `documents`' PDFs made of those pages, with the document's title, author and
/// day. `None` in place of the documents: the template does not mark them (as [`marked_pages`]
/// requires), so they are to be laid out alone.
pub(super) fn render_dossier(
    source: &str,
    files: &Arc<BTreeMap<String, Vec<u8>>>,
    day: Option<&str>,
    documents: Vec<Cut>,
) -> Result<super::LaidOut, String> {
    let date = day.and_then(self::date);
    bounded(source, files, day, move |document| {
        let whole = export(&document, date)?;
        let Some(ranges) = marked_pages(&document, documents.len()) else {
            return Ok((whole, None));
        };
        let mut cuts = Vec::with_capacity(documents.len());
        for (cut, range) in documents.iter().zip(ranges) {
            let pages: typst::ecow::EcoVec<_> = document.pages()[range].iter().cloned().collect();
            let mut info =
                typst::model::DocumentInfo::clone(typst::model::Document::info(&document));
            info.title = Some(cut.title.as_str().into());
            info.author = vec![cut.author.as_str().into()];
            let part = PagedDocument::new(pages, info);
            cuts.push(export(&part, cut.day.as_deref().and_then(self::date))?);
        }
        Ok((whole, Some(cuts)))
    })
}

/// The pages (indices) of each of the `n` documents of a laid-out dossier, from the marks its
/// template puts on the first and last page of document `i` (`#metadata(i) <ctin-debut>` and
/// `#metadata(i) <ctin-fin>`): `None` unless each document has exactly one mark of each, on
/// pages in the documents' order, each document starting a page after the previous one ends.
fn marked_pages(document: &PagedDocument, n: usize) -> Option<Vec<std::ops::Range<usize>>> {
    use typst::foundations::{Label, Selector, Value};
    use typst::introspection::{Introspector, MetadataElem};
    let marks = |name: &str| -> Option<Vec<usize>> {
        let label = Label::new(typst::utils::PicoStr::intern(name))?;
        let mut pages: Vec<Option<usize>> = vec![None; n];
        for found in document.introspector().query(&Selector::Label(label)) {
            let meta = found.to_packed::<MetadataElem>()?;
            let Value::Int(i) = meta.value else {
                return None;
            };
            let slot = pages.get_mut(usize::try_from(i).ok()?)?;
            let position = document.introspector().position(found.location()?)?;
            if slot.replace(position.page.get() - 1).is_some() {
                return None;
            }
        }
        pages.into_iter().collect()
    };
    let [start, end] = super::MARKS;
    let (starts, ends) = (marks(start)?, marks(end)?);
    let mut ranges = Vec::with_capacity(n);
    let mut next = 0;
    for (start, end) in starts.into_iter().zip(ends) {
        if start < next || end < start {
            return None;
        }
        ranges.push(start..end + 1);
        next = end + 1;
    }
    Some(ranges)
}

/// Lays out `source` on a thread of its own, for a bounded time (`CTIN_DELAI_PDF` seconds: a
/// template may loop for ever), and gives the document to `then` (on that thread).
/// Typst memoizes its work in a global cache; what the last PDFs did not use is dropped from it
/// now and then. (Memory still grows by ~1.8 MB per PDF laid out, even when the cache is
/// emptied after each one: something else in Typst keeps it; see the notes of issue 4.)
fn bounded<T: Send + 'static>(
    source: &str,
    files: &Arc<BTreeMap<String, Vec<u8>>>,
    day: Option<&str>,
    then: impl FnOnce(PagedDocument) -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    let limit = crate::deadline::limit("CTIN_DELAI_PDF", 120);
    let (text, images, date) = (source.to_string(), files.clone(), day.map(String::from));
    let made = crate::deadline::run("ctin-typst", limit, super::job::STACK, move || {
        then(compile(&text, &images, date.as_deref())?)
    })
    .unwrap_or_else(|| {
        Err(format!(
            "la mise en page n'a pas fini en {} s (ou s'est interrompue)",
            limit.as_secs_f64()
        ))
    });
    // Eviction walks the whole cache, so not after each PDF: after each `EVICT_EVERY` bytes of
    // Typst source laid out (about six documents, or each dossier); what was not used since the
    // previous eviction is dropped.
    static LAID_OUT: AtomicUsize = AtomicUsize::new(0);
    let before = LAID_OUT.fetch_add(source.len(), Ordering::Relaxed);
    if before / EVICT_EVERY != (before + source.len()) / EVICT_EVERY {
        typst::comemo::evict(1);
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
/// documents and 5 dossiers (`benches/echelle.rs`, 5 territories), keeping what the last two
/// evictions used: 1 MiB peaks at 880 MB, 256 KiB at 470 MB, 128 KiB at 390 MB, 64 KiB at
/// 330 MB, in the same time within noise (what the cache keeps is not used by the next
/// documents: they differ). Since documents are cut from their dossier (10 territories, 10
/// dossiers of ~60 KiB of source each, two laid out at a time): 128 KiB keeping two evictions'
/// use peaked at 870–950 MB, 32 KiB keeping one eviction's at 430–490 MB, in the same time.
const EVICT_EVERY: usize = 32 << 10;

/// Lays out `source`, dated `day` (what Typst's `today` gives).
fn compile(
    source: &str,
    files: &BTreeMap<String, Vec<u8>>,
    day: Option<&str>,
) -> Result<PagedDocument, String> {
    let id = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("document.typ").map_err(|e| format!("{e:?}"))?,
    )
    .intern();
    let job = Job {
        main: Source::new(id, source.to_string()),
        files,
        date: day.and_then(date),
    };
    typst::compile(&job).output.map_err(messages)
}

/// `document` as a tagged PDF dated `date`: PDF/UA-1 when Typst accepts the document for it,
/// else PDF/A-2b, else plain (tagged).
fn export(document: &PagedDocument, date: Option<Datetime>) -> Result<Vec<u8>, String> {
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
        match typst_pdf::pdf(document, &options) {
            Ok(bytes) => return Ok(bytes),
            Err(errors) => last = messages(errors),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(source: &str, n: usize) -> Option<Vec<std::ops::Range<usize>>> {
        let document = compile(source, &BTreeMap::new(), None).unwrap();
        marked_pages(&document, n)
    }

    const DEBUT: &str = "#metadata(0) <ctin-debut>";

    #[test]
    fn each_document_is_cut_from_its_marked_pages_or_not_at_all() {
        let two = "Couverture #pagebreak() #metadata(0) <ctin-debut> Un #pagebreak() un #metadata(0) <ctin-fin> #pagebreak() #metadata(1) <ctin-debut> Deux #metadata(1) <ctin-fin>";
        assert_eq!(pages(two, 2), Some(vec![1..3, 3..4]));
        // The same marks, but the template passed three documents.
        assert_eq!(pages(two, 3), None);
        // Two documents on one page, a document ending before it starts, marks out of order.
        let shared = "#metadata(0) <ctin-debut> Un #metadata(0) <ctin-fin> #metadata(1) <ctin-debut> Deux #metadata(1) <ctin-fin>";
        assert_eq!(pages(shared, 2), None);
        let backwards = "#metadata(0) <ctin-fin> #pagebreak() #metadata(0) <ctin-debut>";
        assert_eq!(pages(backwards, 1), None);
        let crossed = "#metadata(1) <ctin-debut> #metadata(1) <ctin-fin> #pagebreak() #metadata(0) <ctin-debut> #metadata(0) <ctin-fin>";
        assert_eq!(pages(crossed, 2), None);
        // A mark missing, given twice, or whose value is not a document's number.
        assert_eq!(pages(DEBUT, 1), None);
        let twice = format!("{DEBUT} #metadata(0) <ctin-fin> #pagebreak() {DEBUT}");
        assert_eq!(pages(&twice, 1), None);
        assert_eq!(
            pages(
                "#metadata(\"0\") <ctin-debut> #metadata(\"0\") <ctin-fin>",
                1
            ),
            None
        );
        assert_eq!(
            pages("#metadata(-1) <ctin-debut> #metadata(-1) <ctin-fin>", 1),
            None
        );
        assert_eq!(
            pages("#metadata(7) <ctin-debut> #metadata(7) <ctin-fin>", 1),
            None
        );
        // No document: nothing to cut, whatever the template marks.
        assert_eq!(pages("Rien", 0), Some(Vec::new()));
    }
}
