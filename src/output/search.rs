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

mod text;
use text::indexed_text;

/// The folder of the index in the output.
pub const DIR: &str = crate::paths::SEARCH_INDEX;

/// Files of Pagefind's bundle that ctin does not use: its ready-made interfaces (the theme has
/// its own search page) and its playground.
const UNUSED: &[&str] = &["-ui.", "-highlight.", "playground"];

/// Pages to index, gathered while they are rendered (from any thread).
#[derive(Debug, Default)]
pub struct Pages {
    pages: Mutex<Vec<(String, Indexed)>>,
    /// Keeps each page's HTML as it is ([`Pages::deferred`]).
    defer: bool,
    html: Mutex<Vec<(String, Vec<u8>)>>,
}

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
    /// Pages whose text is read from their HTML only when the preview next hands out the
    /// index's job ([`Kept::job`], after the reload event): reading the text of a big page (the
    /// network's actors, ~1.5 MB on the 100-territory site) took 4–12 ms on the way to the
    /// reload. For the few pages of a save; a whole site's HTML would be held at once.
    pub fn deferred() -> Pages {
        Pages {
            defer: true,
            ..Pages::default()
        }
    }

    /// Keeps the page at `path` if its template marked it for the index.
    pub fn offer(&self, path: &str, html: &[u8]) {
        if !path.ends_with(".html") {
            return;
        }
        if self.defer {
            if let Ok(mut pages) = self.html.lock() {
                pages.push((path.to_string(), html.to_vec()));
            }
            return;
        }
        let page = indexed_text(path, html).map_or(Indexed::Not, Indexed::Text);
        if let Ok(mut pages) = self.pages.lock() {
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
        if let Ok(mut pages) = self.pages.lock() {
            pages.push((path.to_string(), page));
        }
    }

    /// The pages gathered, by path (those kept as HTML are not).
    pub fn into_sorted(self) -> Vec<(String, Indexed)> {
        let mut pages = self.pages.into_inner().unwrap_or_default();
        pages.sort();
        pages
    }
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
/// index again the parts where a page changed.
#[derive(Debug, Default)]
pub struct Kept {
    // Shared with the jobs handed out: a job is a snapshot taken without copying the texts.
    pages: BTreeMap<String, std::sync::Arc<str>>,
    /// Pages rendered since the last job, as HTML (their text is read by the next job).
    html: BTreeMap<String, Vec<u8>>,
    /// What changed since the last job.
    stale: Stale,
    /// The number of territory parts of the last job.
    parts: usize,
}

/// What changed in the index's pages since the last job.
#[derive(Debug, Default)]
enum Stale {
    #[default]
    Nothing,
    /// These pages (changed, added or removed).
    Pages(BTreeSet<String>),
    /// Everything (a full rebuild).
    All,
}

impl Stale {
    fn page(&mut self, path: &str) {
        match self {
            Stale::Nothing => *self = Stale::Pages(BTreeSet::from([path.to_string()])),
            Stale::Pages(paths) => {
                paths.insert(path.to_string());
            }
            Stale::All => {}
        }
    }
}

impl Kept {
    /// Takes the pages rendered by a rebuild: all of them when `full`, else those of the chunks
    /// rendered again, whose pages that are gone are `removed`. (The preview renders every page
    /// it writes: none is taken from elsewhere.)
    pub fn update(&mut self, full: bool, rendered: Pages, removed: &BTreeSet<String>) {
        if full {
            self.pages.clear();
            self.html.clear();
            self.stale = Stale::All;
        }
        for path in removed {
            self.html.remove(path);
            if self.pages.remove(path).is_some() {
                self.stale.page(path);
            }
        }
        // The latest HTML of each page, until the next job reads it.
        let html = std::mem::take(&mut *rendered.html.lock().unwrap_or_else(|e| e.into_inner()));
        self.html.extend(html);
        let rendered = rendered.into_sorted().into_iter();
        let texts = rendered.filter_map(|(path, page)| match page {
            Indexed::Text(text) => Some((path, text)),
            Indexed::Taken(_) | Indexed::Not => None,
        });
        for (path, text) in texts {
            self.keep(path, text);
        }
    }

    /// Keeps the text of the page at `path`, noting its part as stale if the text changed.
    fn keep(&mut self, path: String, text: String) {
        if self.pages.get(&path).map(|t| &**t) != Some(text.as_str()) {
            self.stale.page(&path);
            self.pages.insert(path, text.into());
        }
    }

    /// The indexing to do for the site served from `dir`, if a page changed since the last:
    /// the parts that hold a changed page, or every part after a full rebuild or when the
    /// number of parts changed; the index has `parts` territory parts.
    pub fn job(&mut self, dir: &Path, language: &str, parts: usize) -> Option<Job> {
        use rayon::prelude::*;
        let html = std::mem::take(&mut self.html);
        let texts: Vec<(String, Option<String>)> = html
            .into_par_iter()
            .map(|(path, html)| {
                let text = indexed_text(&path, &html);
                (path, text)
            })
            .collect();
        // As `update` does with the texts of pages rendered: an unmarked page is left out.
        for (path, text) in texts {
            if let Some(text) = text {
                self.keep(path, text);
            }
        }
        if std::mem::replace(&mut self.parts, parts) != parts {
            self.stale = Stale::All;
        }
        let only = match std::mem::take(&mut self.stale) {
            Stale::Nothing => return None,
            Stale::All => None,
            Stale::Pages(paths) => Some(
                paths
                    .iter()
                    .map(|p| crate::paths::search_part(p, parts))
                    .collect(),
            ),
        };
        Some(Job {
            parts,
            only,
            pages: self
                .pages
                .iter()
                .map(|(p, h)| (p.clone(), h.clone()))
                .collect(),
            language: language.to_string(),
            dir: dir.to_path_buf(),
        })
    }
}

/// Indexing the pages of a site already written (the preview does it in the background).
#[derive(Debug)]
pub struct Job {
    pages: Vec<(String, std::sync::Arc<str>)>,
    parts: usize,
    /// The parts to make again (`None`: all); the others are left as they are in the folder.
    only: Option<BTreeSet<usize>>,
    language: String,
    dir: PathBuf,
}

impl Job {
    /// Takes over what an `older` job not run yet had to do: its parts are made too (it was
    /// handed out for the same folder; for another one, this job's full rebuild makes all).
    pub fn absorb(&mut self, older: Job) {
        if older.dir != self.dir {
            return;
        }
        self.only = match (self.only.take(), older.only) {
            (Some(mut mine), Some(theirs)) => {
                mine.extend(theirs);
                Some(mine)
            }
            _ => None,
        };
    }

    /// The same job, making every part again (after a job that failed).
    pub fn whole(mut self) -> Job {
        self.only = None;
        self
    }

    /// Indexes the pages of the parts to make again and writes their files into the site's
    /// folder, leaving out the files already there (the names of the index's parts are hashes
    /// of their contents) and removing those of these parts' previous index; gives the number
    /// of pages indexed.
    pub fn run(self) -> Result<usize, String> {
        let mut parts = by_part(self.pages, self.parts);
        let remade = |part: usize| self.only.as_ref().is_none_or(|o| o.contains(&part));
        parts.retain(|part, _| remade(*part));
        let count = parts.values().map(Vec::len).sum();
        let files = index(parts, &self.language)?;
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
            if entry.file_type().is_file()
                && !names.contains(rel.as_str())
                && remade(crate::paths::search_part_of_file(&rel))
            {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(count)
    }
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
/// the site's `language`, [`PARTS_AT_ONCE`] parts at a time, and gives the files of the index,
/// each part under its folder (`paths::search_part_dir`), in the order of the parts.
///
/// Each of the workers takes the largest part left as soon as it is done with one (each part
/// on every core: Pagefind's own steps after reading the pages use one), so that the parts,
/// ~3 000 pages each on a national site beside the site's own few but long pages, end
/// together instead of pair by pair.
pub fn index<T: AsRef<str> + Sync>(
    parts: BTreeMap<usize, Vec<(String, T)>>,
    language: &str,
) -> Result<Vec<OutputFile>, String> {
    let mut queue: Vec<(usize, &[(String, T)])> = parts
        .iter()
        .map(|(part, pages)| (*part, pages.as_slice()))
        .collect();
    // Popped from the end: the largest last.
    queue.sort_by_key(|(part, pages)| (pages.len(), std::cmp::Reverse(*part)));
    let queue = Mutex::new(queue);
    let made = Mutex::new(BTreeMap::new());
    let work = || {
        loop {
            let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
            let Some((part, pages)) = next else {
                return;
            };
            let dir = crate::paths::search_part_dir(part);
            let files = bundle(pages, language).map(|files| {
                files
                    .into_iter()
                    .map(|f| OutputFile {
                        path: format!("{dir}/{}", f.path),
                        bytes: f.bytes,
                    })
                    .collect::<Vec<_>>()
            });
            let failed = files.is_err();
            if let Ok(mut made) = made.lock() {
                made.insert(part, files);
            }
            if failed {
                // The others stop after their current part.
                if let Ok(mut q) = queue.lock() {
                    q.clear();
                }
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..PARTS_AT_ONCE.min(parts.len()) {
            scope.spawn(work);
        }
    });
    let mut files = Vec::new();
    for (_, part) in made.into_inner().unwrap_or_default() {
        files.extend(part?);
    }
    Ok(files)
}

/// Parts of the index made at the same time. Measured on the synthetic site of 100 territories
/// (12 000 indexed pages in five parts, index made again from scratch, 2 cores): one at a time
/// 4.3–4.7 s and ~410 MB at most, two at a time 3.4–4.4 s and ~470 MB; two workers taking the
/// largest part left rather than pairs in order: 3.1–3.3 s against 3.2–3.6 s (same hour). With
/// a part's pages read in parallel ([`bundle`]), still two: 2.2 s against 2.6 s one at a time
/// (median of 6, alternated; ~355 MB against ~230 MB at most).
const PARTS_AT_ONCE: usize = 2;

/// Indexes `pages` (path in the output folder, indexed text) for the site's `language` and
/// gives the files of a Pagefind index (paths relative to its folder). The pages are given to
/// Pagefind at once in the order of their paths (`add_html_files`, ctin's change to Pagefind:
/// `vendor/pagefind/CTIN.md`), which reads them in parallel and numbers them in that order: a
/// page's number in the index is its rank, so the index's bytes depend on the pages alone.
/// (Pagefind reading them from a folder gave another index on another file system: ext4 lists
/// a folder's entries in the order of their names' hashes, tmpfs in the order they were made.
/// Given one by one with `add_html_file`, each page was read under the index's lock, looked up
/// among those already given and copied: the index of the 100-territory site made from scratch
/// took 3.0 s instead of 2.3 s, with ~20 % more CPU.)
fn bundle<T: AsRef<str>>(pages: &[(String, T)], language: &str) -> Result<Vec<OutputFile>, String> {
    if pages.is_empty() {
        return Ok(Vec::new());
    }
    // Pagefind reads the pages and builds the index (with rayon) on a thread tokio starts for
    // blocking work: that thread gets a pool of its own, as large as the caller's, so that this
    // work does not go to the global pool (where the preview's rebuilds after a save would wait
    // behind it).
    let threads = rayon::current_num_threads();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .on_thread_start(move || own_pool(threads))
        .build()
        .map_err(fail)?;
    runtime.block_on(async {
        let mut index = new_index(language)?;
        let mut pages: Vec<(Option<String>, Option<String>, String)> = pages
            .iter()
            .map(|(path, html)| (Some(path.clone()), None, html.as_ref().to_string()))
            .collect();
        pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        index.add_html_files(pages).await.map_err(fail)?;
        let files = index.get_files().await.map_err(fail)?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                (!UNUSED.iter().any(|u| name.contains(u))).then_some(OutputFile {
                    path: name,
                    bytes: f.contents,
                })
            })
            .collect())
    })
}

/// An empty Pagefind index for pages in the site's `language`, which keeps the URLs given.
fn new_index(language: &str) -> Result<pagefind::api::PagefindIndex, String> {
    let config = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language.to_string())
        .build();
    pagefind::api::PagefindIndex::new(Some(config)).map_err(fail)
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

    /// Pages given to Pagefind at once (`add_html_files`, read in parallel) make the index
    /// that giving them one by one in the order of their paths makes (`add_html_file`), in
    /// whatever order they come.
    #[test]
    fn pages_read_at_once_make_the_index_of_pages_read_one_by_one() {
        let pages: Vec<(String, String)> = (0..40)
            .rev()
            .map(|n| {
                let html = format!(
                    "<!doctype html><html lang=fr><body><main data-pagefind-body \
                     data-ctin-type=Document data-pagefind-filter=\"type[data-ctin-type]\">\
                     <h1>Charte {n}</h1><h2 id=objet>Objet</h2><p>Médiation numérique {n}, \
                     conseillers {}.</p></main></body></html>",
                    n * 7 % 13
                );
                (
                    format!("territoires/t{}/charte-{n}/index.html", n % 3),
                    html,
                )
            })
            .collect();
        let sorted = |files: Vec<OutputFile>| {
            let mut files: Vec<(String, Vec<u8>)> =
                files.into_iter().map(|f| (f.path, f.bytes)).collect();
            files.sort();
            files
        };
        let at_once = sorted(bundle(&pages, "fr").unwrap());
        let one_by_one = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(async {
                let mut index = new_index("fr").unwrap();
                let mut in_order = pages.clone();
                in_order.sort();
                for (path, html) in in_order {
                    index.add_html_file(Some(path), None, html).await.unwrap();
                }
                index.get_files().await.unwrap()
            });
        let one_by_one = sorted(
            one_by_one
                .into_iter()
                .map(|f| OutputFile {
                    path: f.filename.to_string_lossy().replace('\\', "/"),
                    bytes: f.contents,
                })
                .filter(|f| !UNUSED.iter().any(|u| f.path.contains(u)))
                .collect(),
        );
        assert!(
            at_once
                .iter()
                .filter(|(p, _)| p.contains("fragment/"))
                .count()
                == 40
        );
        assert_eq!(at_once, one_by_one);
    }

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

    /// The preview's index: a save makes again only the parts where a page changed, leaves
    /// the others' files as they are, and removes the previous files of the parts it made; a
    /// job not run yet is taken over with its parts.
    #[test]
    fn the_preview_makes_again_only_the_parts_that_changed() {
        let page = |text: &str| {
            format!(
                "<!doctype html><html lang=fr><body><main data-pagefind-body><h1>{text}</h1>\
                 <p>Médiation numérique, {text}.</p></main></body></html>"
            )
        };
        let site = tempfile::tempdir().unwrap();
        let parts = 3;
        // One territory in each territory part, and a page outside them.
        let mut slugs = Vec::new();
        for n in 0.. {
            let slug = format!("t{n}");
            let part = crate::paths::territory_search_part(&slug, parts);
            if !slugs.iter().any(|(p, _)| *p == part) {
                slugs.push((part, slug));
            }
            if slugs.len() == parts {
                break;
            }
        }
        slugs.sort();
        let mut paths = vec!["index.html".to_string()];
        paths.extend(
            slugs
                .iter()
                .map(|(_, s)| format!("territoires/{s}/index.html")),
        );
        let rendered = |texts: &[(&str, &str)]| {
            let pages = Pages::default();
            for (path, text) in texts {
                pages.offer(path, page(text).as_bytes());
            }
            pages
        };
        let files = |dir: &Path| -> BTreeMap<String, std::fs::Metadata> {
            walkdir::WalkDir::new(dir.join(DIR))
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .map(|e| {
                    let rel = e.path().strip_prefix(dir).unwrap();
                    (
                        rel.to_string_lossy().replace('\\', "/"),
                        e.metadata().unwrap(),
                    )
                })
                .collect()
        };
        let of_part = |files: &BTreeMap<String, std::fs::Metadata>, part: usize| -> Vec<String> {
            files
                .keys()
                .filter(|f| crate::paths::search_part_of_file(f) == part)
                .cloned()
                .collect()
        };

        let mut kept = Kept::default();
        let first: Vec<(&str, &str)> = paths.iter().map(|p| (p.as_str(), "Avant")).collect();
        kept.update(true, rendered(&first), &BTreeSet::new());
        let job = kept.job(site.path(), "fr", parts).unwrap();
        assert_eq!(job.only, None, "a full rebuild makes every part");
        assert_eq!(job.run().unwrap(), parts + 1);
        assert!(kept.job(site.path(), "fr", parts).is_none());
        let before = files(site.path());
        for part in 0..=parts {
            assert!(
                !of_part(&before, part).is_empty(),
                "part {part}: {before:?}"
            );
        }

        // A page of the second territory part changes: only that part is made again.
        let (changed, other) = (&paths[2], &paths[3]);
        kept.update(
            false,
            rendered(&[(changed.as_str(), "Après")]),
            &BTreeSet::new(),
        );
        let job = kept.job(site.path(), "fr", parts).unwrap();
        assert_eq!(job.only, Some(BTreeSet::from([slugs[1].0])));
        assert_eq!(job.run().unwrap(), 1);
        let after = files(site.path());
        for part in [0, slugs[0].0, slugs[2].0] {
            assert_eq!(of_part(&before, part), of_part(&after, part));
            for f in of_part(&before, part) {
                assert_eq!(
                    before[&f].modified().unwrap(),
                    after[&f].modified().unwrap(),
                    "{f}"
                );
            }
        }
        let (old, new) = (of_part(&before, slugs[1].0), of_part(&after, slugs[1].0));
        assert_ne!(old, new);
        // Its files are those of the part made from scratch (the previous ones removed).
        let alone = vec![(
            changed.clone(),
            indexed_text(changed, page("Après").as_bytes()).unwrap(),
        )];
        let made: BTreeSet<String> = index(BTreeMap::from([(slugs[1].0, alone)]), "fr")
            .unwrap()
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(new.into_iter().collect::<BTreeSet<_>>(), made);

        // A job left waiting is taken over by the next one, with its parts; a page removed
        // makes its part again.
        kept.update(
            false,
            rendered(&[(other.as_str(), "Encore")]),
            &BTreeSet::new(),
        );
        let waiting = kept.job(site.path(), "fr", parts).unwrap();
        kept.update(false, Pages::default(), &BTreeSet::from([paths[1].clone()]));
        let mut next = kept.job(site.path(), "fr", parts).unwrap();
        assert_eq!(next.only, Some(BTreeSet::from([slugs[0].0])));
        next.absorb(waiting);
        assert_eq!(next.only, Some(BTreeSet::from([slugs[0].0, slugs[2].0])));
        next.run().unwrap();
        let last = files(site.path());
        assert!(of_part(&last, slugs[0].0).is_empty(), "{last:?}");
        assert_eq!(of_part(&last, 0), of_part(&before, 0));
        // Another number of parts makes them all again.
        kept.update(
            false,
            rendered(&[(other.as_str(), "Encore")]),
            &BTreeSet::new(),
        );
        assert!(kept.job(site.path(), "fr", parts).is_none());
        kept.update(
            false,
            rendered(&[(other.as_str(), "Fin")]),
            &BTreeSet::new(),
        );
        assert_eq!(kept.job(site.path(), "fr", 4).unwrap().only, None);
        assert_eq!(
            crate::paths::search_part_of_file("pagefind/parties/12/index/a"),
            12
        );
        assert_eq!(crate::paths::search_part_of_file("pagefind/pagefind.js"), 0);
    }
}
