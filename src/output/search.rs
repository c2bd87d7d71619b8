/*!
The search index: Pagefind, run as a library inside the build, indexes the rendered pages and
gives the files of a static index (`/pagefind/`), which the search page queries from the
browser, loading only the chunks a query needs.

Pagefind reads what the templates mark: `data-pagefind-body` on the main content of each page to
index (the others are left out), `data-pagefind-filter` for the kind of page and the territory,
`data-pagefind-meta` for the territory shown with each result. Words are stemmed in the site's
language and their accents folded, so `mediation` finds « médiation ».

Pages are given in the order of their paths, so that the index (whose file names are hashes of
their contents) is the same from one build to the next.

The index is made of parts, each a Pagefind index of its own ([`index`]): the pages outside the
territories in `/pagefind/` (with `pagefind.js`, which the search page loads), those of the
territories in `/pagefind/parties/<n>/`, a territory's part following from its folder's name
(`paths::search_part`); the search page merges them (`mergeIndex`), filters and counts included.
A build remakes only the parts whose pages changed (`output::reuse`), two at a time: Pagefind
holds the words of two parts at most.
*/

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::products::OutputFile;

/// The folder of the index in the output.
pub const DIR: &str = crate::paths::SEARCH_INDEX;

/// Files of Pagefind's bundle that ctin does not use: its ready-made interfaces (the theme has
/// its own search page) and its playground.
const UNUSED: &[&str] = &["-ui.", "-highlight.", "playground"];

/// Pages to index, gathered while they are rendered (from any thread).
#[derive(Debug, Default)]
pub struct Pages(Mutex<Vec<(String, Indexed)>>);

/// What the index reads of one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Indexed {
    /// The text Pagefind reads (the page reduced to its main content).
    Text(String),
    /// A page taken unchanged from the previous output, whose text had this fingerprint; the
    /// text is read from the page written only if the index is made again.
    Taken(String),
    /// A page its template did not mark for the index.
    Not,
}

impl Pages {
    /// Keeps the page at `path` if its template marked it for the index.
    pub fn offer(&self, path: &str, html: &[u8]) {
        if !path.ends_with(".html") {
            return;
        }
        let page = indexed_text(path, html).map_or(Indexed::Not, Indexed::Text);
        if let Ok(mut pages) = self.0.lock() {
            pages.push((path.to_string(), page));
        }
    }

    /// Keeps the page at `path`, taken unchanged from the previous output, whose indexed text
    /// had the fingerprint `print` (empty when it was not indexed).
    pub fn taken(&self, path: &str, print: &str) {
        let page = match print {
            "" => Indexed::Not,
            print => Indexed::Taken(print.to_string()),
        };
        if let Ok(mut pages) = self.0.lock() {
            pages.push((path.to_string(), page));
        }
    }

    /// The pages gathered, by path.
    pub fn into_sorted(self) -> Vec<(String, Indexed)> {
        let mut pages = self.0.into_inner().unwrap_or_default();
        pages.sort();
        pages
    }
}

/// The text of the page at `path` that the index reads, if its template marked it for the
/// index.
fn indexed_text(path: &str, html: &[u8]) -> Option<String> {
    if !path.ends_with(".html") {
        return None;
    }
    let text = std::str::from_utf8(html).ok()?;
    text.contains("data-pagefind-body")
        .then(|| spaced_blocks(&main_only(text)))
}

/// The text of each page, the taken ones read again from the folder `dir` where they were
/// written.
pub fn texts(pages: Vec<(String, Indexed)>, dir: &Path) -> Result<Vec<(String, String)>, String> {
    use rayon::prelude::*;
    let read = |path: String| {
        let file = dir.join(&path);
        let html = std::fs::read(&file).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("lecture de `{}` impossible : {e}", file.display())
        })?;
        Ok(indexed_text(&path, &html).map(|text| (path, text)))
    };
    let pages: Vec<Option<(String, String)>> = pages
        .into_par_iter()
        .map(|(path, page)| match page {
            Indexed::Text(text) => Ok(Some((path, text))),
            Indexed::Not => Ok(None),
            Indexed::Taken(_) => read(path),
        })
        .collect::<Result<_, String>>()?;
    Ok(pages.into_iter().flatten().collect())
}

/// The pages of the index kept by the preview between rebuilds, which gives a [`Job`] to
/// index them again when one of them changed.
#[derive(Debug, Default)]
pub struct Kept {
    // Shared with the jobs handed out: a job is a snapshot taken without copying the texts.
    pages: BTreeMap<String, std::sync::Arc<str>>,
    stale: bool,
}

impl Kept {
    /// Takes the pages rendered by a rebuild: all of them when `full`, else those of the chunks
    /// rendered again, whose pages that are gone are `removed`. (The preview renders every page
    /// it writes: none is taken from elsewhere.)
    pub fn update(&mut self, full: bool, rendered: Pages, removed: &BTreeSet<String>) {
        if full {
            self.pages.clear();
            self.stale = true;
        }
        for path in removed {
            self.stale |= self.pages.remove(path).is_some();
        }
        let rendered = rendered.into_sorted().into_iter();
        let texts = rendered.filter_map(|(path, page)| match page {
            Indexed::Text(text) => Some((path, text)),
            Indexed::Taken(_) | Indexed::Not => None,
        });
        for (path, html) in texts {
            if self.pages.get(&path).map(|t| &**t) != Some(html.as_str()) {
                self.pages.insert(path, html.into());
                self.stale = true;
            }
        }
    }

    /// The indexing to do for the site served from `dir`, if a page changed since the last;
    /// its scratch folder is made in `work`; the index has `parts` territory parts.
    pub fn job(&mut self, dir: &Path, work: &Path, language: &str, parts: usize) -> Option<Job> {
        if !std::mem::take(&mut self.stale) {
            return None;
        }
        Some(Job {
            parts,
            pages: self
                .pages
                .iter()
                .map(|(p, h)| (p.clone(), h.clone()))
                .collect(),
            language: language.to_string(),
            dir: dir.to_path_buf(),
            work: work.to_path_buf(),
        })
    }
}

/// Indexing the pages of a site already written (the preview does it in the background).
#[derive(Debug)]
pub struct Job {
    pages: Vec<(String, std::sync::Arc<str>)>,
    parts: usize,
    language: String,
    dir: PathBuf,
    work: PathBuf,
}

impl Job {
    /// Indexes the pages and writes the index into the site's folder, leaving out the files
    /// already there (the names of the index's parts are hashes of their contents) and removing
    /// those of the previous index; gives the number of pages indexed.
    pub fn run(self) -> Result<usize, String> {
        let count = self.pages.len();
        let files = index(by_part(self.pages, self.parts), &self.language, &self.work)?;
        let folder = self.dir.join(DIR);
        let names: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for file in &files {
            // Fragments, index chunks and filters are named by the hash of their bytes.
            let parent = Path::new(&file.path).parent().and_then(|p| p.file_name());
            let hashed = parent
                .is_some_and(|p| ["fragment", "index", "filter"].contains(&&*p.to_string_lossy()));
            let path = self.dir.join(&file.path);
            let same = if hashed {
                path.exists()
            } else {
                std::fs::read(&path).is_ok_and(|b| b == file.bytes)
            };
            if !same {
                super::replace_file(&self.dir, file)?;
            }
        }
        for entry in walkdir::WalkDir::new(&folder).into_iter().flatten() {
            let rel = entry.path().strip_prefix(&self.dir).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_file() && !names.contains(rel.as_str()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(count)
    }
}

/// Block elements after which Pagefind adds no space: in a minified page the words of two
/// adjacent cells (`<dt>Unité</dt><dd>conseillers</dd>`) would make one word.
const UNSPACED_BLOCKS: &[&str] = &[
    "dt",
    "dd",
    "th",
    "tr",
    "caption",
    "figcaption",
    "blockquote",
    "dl",
    "ol",
    "table",
    "pre",
    "figure",
    "address",
    "details",
    "summary",
    "aside",
    "header",
];

/// The page reduced to what Pagefind reads: the `<html>` tag (for the language) and the main
/// content (which holds the text, filters and metadata); menus, header and footer are left out.
fn main_only(html: &str) -> String {
    let html_tag = html
        .find("<html")
        .and_then(|i| html[i..].find('>').map(|e| &html[i..=i + e]))
        .unwrap_or("<html>");
    let main = html
        .find("<main")
        .zip(html.rfind("</main>"))
        .filter(|(a, b)| a < b)
        .map(|(a, b)| &html[a..b + "</main>".len()]);
    match main {
        Some(main) => format!("<!doctype html>{html_tag}<body>{main}</body></html>"),
        None => html.to_string(),
    }
}

/// `html` with a space after the closing tag of each element of [`UNSPACED_BLOCKS`].
fn spaced_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    while let Some(i) = rest.find("</") {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        let end = tag.find('>').map(|e| e + 1).unwrap_or(tag.len());
        out.push_str(&tag[..end]);
        if UNSPACED_BLOCKS.contains(
            &tag[2..end.saturating_sub(1).max(2)]
                .to_ascii_lowercase()
                .as_str(),
        ) {
            out.push(' ');
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

/// The pages of each part of the index (`paths::search_part`), for a site whose index has
/// `parts` territory parts.
pub fn by_part<T>(pages: Vec<(String, T)>, parts: usize) -> BTreeMap<usize, Vec<(String, T)>> {
    let mut out: BTreeMap<usize, Vec<(String, T)>> = BTreeMap::new();
    for (path, page) in pages {
        let part = crate::paths::search_part(&path, parts);
        out.entry(part).or_default().push((path, page));
    }
    out
}

/// Indexes the pages (path in the output folder, indexed text) of each part of the index for
/// the site's `language`, two parts at a time (each on every core: Pagefind's own steps after
/// reading the pages use one core), and gives the files of the index, each part under its
/// folder (`paths::search_part_dir`), in the order of the parts.
pub fn index<T: AsRef<str> + Sync>(
    parts: BTreeMap<usize, Vec<(String, T)>>,
    language: &str,
    scratch: &Path,
) -> Result<Vec<OutputFile>, String> {
    use rayon::prelude::*;
    let parts: Vec<(usize, Vec<(String, T)>)> = parts.into_iter().collect();
    let mut files = Vec::new();
    for pair in parts.chunks(PARTS_AT_ONCE) {
        let made: Vec<Result<Vec<OutputFile>, String>> = pair
            .par_iter()
            .map(|(part, pages)| {
                let dir = crate::paths::search_part_dir(*part);
                Ok(bundle(pages, language, scratch)?
                    .into_iter()
                    .map(|f| OutputFile {
                        path: format!("{dir}/{}", f.path),
                        bytes: f.bytes,
                    })
                    .collect())
            })
            .collect();
        for part in made {
            files.extend(part?);
        }
    }
    Ok(files)
}

/// Parts of the index made at the same time. Measured on the synthetic site of 100 territories
/// (12 000 indexed pages in five parts, index made again from scratch, 2 cores): one at a time
/// 4.3–4.7 s and ~410 MB at most, two at a time 3.4–4.4 s and ~470 MB.
const PARTS_AT_ONCE: usize = 2;

/// Indexes `pages` (path in the output folder, indexed text) for the site's `language` and
/// gives the files of a Pagefind index (paths relative to its folder). The pages are written
/// into a scratch folder made in `scratch` (removed after), which Pagefind reads on every
/// core: given one by one, the pages are read one after the other. They are written in the
/// order of their paths, one after the other, so that Pagefind finds them in the same order
/// from one build to the next (the order of a folder's entries depends on the file system, not
/// on the build).
fn bundle<T: AsRef<str>>(
    pages: &[(String, T)],
    language: &str,
    scratch: &Path,
) -> Result<Vec<OutputFile>, String> {
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    let folder = tempfile::Builder::new()
        .prefix(".ctin-index-")
        .tempdir_in(scratch)
        .map_err(fail)?;
    for (path, html) in pages {
        let file = folder.path().join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&file, html.as_ref()).map_err(fail)?;
    }
    // Pagefind fossicks the pages with rayon on a thread tokio starts for blocking work: that
    // thread gets a pool of its own, as large as the caller's, so that this work does not go to
    // the global pool (where the preview's rebuilds after a save would wait behind it).
    let threads = rayon::current_num_threads();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .on_thread_start(move || own_pool(threads))
        .build()
        .map_err(fail)?;
    runtime.block_on(async {
        let config = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(config)).map_err(fail)?;
        let root = folder.path().to_string_lossy().to_string();
        index
            .add_directory(root, Some("**/*.html".to_string()))
            .await
            .map_err(fail)?;
        let files = index.get_files().await.map_err(fail)?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.iter().any(|u| name.contains(u))).then(|| OutputFile {
                    path: name,
                    bytes: f.contents,
                })
            })
            .collect())
    })
}

/// Makes the calling thread the first of a rayon pool of `threads` threads (the others start
/// with its priority), kept until the thread ends: its parallel work runs there.
fn own_pool(threads: usize) {
    thread_local! {
        static POOL: std::cell::OnceCell<Option<rayon::ThreadPool>> = const { std::cell::OnceCell::new() };
    }
    POOL.with(|pool| {
        pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .use_current_thread()
                .build()
                .ok()
        });
    });
}

fn fail(e: impl std::fmt::Display) -> String {
    format!("index de recherche impossible : {e}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_pages_are_read_again_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let html = "<html lang=fr><main data-pagefind-body><p>Médiation</p></main></html>";
        std::fs::write(dir.path().join("a.html"), html).unwrap();
        let pages = Pages::default();
        pages.offer("b.html", b"<main><p>hors index</p></main>");
        pages.offer("c.html", html.as_bytes());
        pages.taken("a.html", "empreinte");
        let got = texts(pages.into_sorted(), dir.path()).unwrap();
        let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["a.html", "c.html"]);
        assert_eq!(got[0].1, got[1].1);
        assert!(got[0].1.contains("Médiation"));

        let gone = vec![("z.html".to_string(), Indexed::Taken("x".into()))];
        let error = texts(gone, dir.path()).unwrap_err();
        assert!(
            error.contains("z.html") && error.contains("impossible"),
            "{error}"
        );
    }

    #[test]
    fn adjacent_cells_are_spaced() {
        assert_eq!(
            spaced_blocks("<dl><dt>Unité</dt><dd>conseillers</dd></dl><p>a</p>"),
            "<dl><dt>Unité</dt> <dd>conseillers</dd> </dl> <p>a</p>"
        );
        assert_eq!(spaced_blocks("x</"), "x</");
        assert_eq!(spaced_blocks("é</TH>é"), "é</TH> é");
    }
}
