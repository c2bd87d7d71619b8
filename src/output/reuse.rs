/*!
What a build takes again from the output folder it replaces, when the inputs are the same:

- a page made from the same template and context as in the previous build (the theme's
  templates the same) is neither rendered nor minified again: the previous build's bytes are
  taken;
- a page whose HTML, before minification, is the one the previous build made gets the previous
  build's minified bytes instead of being minified again (minification is half of the cost of
  a page);
- the search index, when the pages it indexes are all the same, is taken whole instead of being
  made again (Pagefind reads every page, one after the other).

[`STATE`], written in the output beside the pages, keeps the fingerprint of each page's
template and context, of its HTML before minification and of everything the index read, with the version of ctin that made them
(another version, or another commit, makes everything again). Only regular files are taken
from the previous output (never what a link leads to), and any doubt (a file missing, a state
that does not read) means making the file again: the result is always the bytes a build from
an empty folder would give.
*/

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::search::{Indexed, Pages};
use super::sink::Sink;

/// The state file, in the output folder.
pub const STATE: &str = ".ctin-pages.json";

/// What makes a fingerprint of another build not comparable: ctin's version and commit.
const MAKER: &str = concat!("ctin ", env!("CARGO_PKG_VERSION"), " ", env!("CTIN_COMMIT"));

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// [`MAKER`] of the build that wrote it.
    version: String,
    /// Fingerprint of each page's HTML before minification, by path.
    pages: BTreeMap<String, String>,
    /// Fingerprint of what each page is rendered from (theme, template, context), by path.
    #[serde(default)]
    contextes: BTreeMap<String, String>,
    /// Fingerprint of the text the search index read of each page, by path (empty for a page
    /// not indexed).
    #[serde(default)]
    textes: BTreeMap<String, String>,
    /// Fingerprint of what each part of the search index read (pages and language), by its
    /// folder.
    #[serde(default)]
    recherches: BTreeMap<String, String>,
    /// What each group of pages made, by group (a territory's folder, or `site/<part>`).
    #[serde(default)]
    groupes: BTreeMap<String, Group>,
}

/// What a group of pages made, with the fingerprint of everything it was made from: when that
/// fingerprint is the same, the next build takes the whole group again
/// ([`Previous::take_group`]) without building any page's context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Fingerprint of what its pages and PDFs are made from.
    pub empreinte: String,
    /// The other territories its pages show data of.
    pub lectures: BTreeSet<String>,
    /// Its pages.
    pub pages: Vec<GroupPage>,
    /// Its PDFs: path in the output, the content file it is made from, fingerprint of its
    /// inputs (as the PDFs' manifest keeps it).
    pub pdfs: Vec<(String, PathBuf, String)>,
}

/// A page of a group, with what the sitemap and the feed need of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPage {
    /// Path in the output.
    pub chemin: String,
    /// Root-absolute URL.
    pub url: String,
    /// Title.
    pub titre: String,
    /// Summary.
    pub description: String,
    /// Date of the last change, when known.
    pub date: Option<String>,
    /// Its kind (the template of its kind).
    pub genre: String,
    /// The content file it is made from.
    pub source: Option<PathBuf>,
}

/// A page the previous build rendered from the same templates and context: its bytes are
/// taken again.
#[derive(Debug, Clone)]
pub struct Same {
    /// The fingerprint of its HTML before minification.
    html: Option<String>,
    /// The fingerprint of the text the search index read of it (empty if it was not indexed),
    /// when the previous build noted it.
    pub text: Option<String>,
}

/// The previous output and what this build notes for the next one.
#[derive(Debug)]
pub struct Previous {
    /// The folder, read only through links-free paths.
    dir: Within,
    old: State,
    new: Mutex<State>,
    /// The groups taken whole from `old` (noted for the next build as they were).
    taken: Mutex<Vec<String>>,
}

impl Previous {
    /// The output folder `dir` as the previous build left it (nothing to take when it has no
    /// state, or one of another version).
    pub fn read(dir: &Path) -> Previous {
        let old = std::fs::read(dir.join(STATE))
            .ok()
            .and_then(|b| serde_json::from_slice::<State>(&b).ok())
            .filter(|s| s.version == MAKER)
            .unwrap_or_default();
        Previous {
            dir: Within::new(dir),
            old,
            new: Mutex::new(State {
                version: MAKER.to_string(),
                ..State::default()
            }),
            taken: Mutex::default(),
        }
    }

    /// The minified bytes the previous build wrote at `path`, when it made them from this same
    /// `html`; notes the page's fingerprint for the next build.
    pub fn page(&self, path: &str, html: &[u8]) -> Option<Vec<u8>> {
        let print = super::fingerprint([html]);
        let same = self.old.pages.get(path) == Some(&print);
        if let Ok(mut new) = self.new.lock() {
            new.pages.insert(path.to_string(), print);
        }
        same.then(|| self.dir.read(path)).flatten()
    }

    /// What the previous build noted of the page at `path` when it rendered it from what has
    /// the fingerprint `print` ([`context_print`]): the page then needs neither rendering nor
    /// minification ([`Previous::take`]). Notes `print` for the next build.
    pub fn rendered(&self, path: &str, print: String) -> Option<Same> {
        let same = self.old.contextes.get(path) == Some(&print);
        if let Ok(mut new) = self.new.lock() {
            new.contextes.insert(path.to_string(), print);
        }
        same.then(|| Same {
            html: self.old.pages.get(path).cloned(),
            text: self.old.textes.get(path).cloned(),
        })
    }

    /// Puts the page at `path` of the previous output, which [`Previous::rendered`] found
    /// `same`, into `sink`, and offers it to the search index (`indexed`); false when the
    /// previous output has no such regular file (reached without any link).
    pub fn take(
        &self,
        sink: &dyn Sink,
        path: &str,
        same: &Same,
        indexed: &Pages,
    ) -> Result<bool, String> {
        if !self.take_file(sink, path)? {
            return Ok(false);
        }
        if let Some(html) = &same.html
            && let Ok(mut new) = self.new.lock()
        {
            // The HTML is the one the previous build minified.
            new.pages.insert(path.to_string(), html.clone());
        }
        match &same.text {
            Some(text) => indexed.taken(path, text),
            // Not noted: the page is read where it was put.
            None => indexed.offer(path, &read_taken(sink, path)?),
        }
        Ok(true)
    }

    /// The group `key` as the previous build noted it.
    pub fn group(&self, key: &str) -> Option<&Group> {
        self.old.groupes.get(key)
    }

    /// Puts every page and PDF of the previous build's group `key` into `sink`,
    /// when it was made from what has the fingerprint `print`, and offers its pages to the
    /// search index (`indexed`); the group and its pages' fingerprints are noted for the next
    /// build. `None` (nothing offered or noted) when the fingerprint differs or a file of it is
    /// missing from the previous output: the group is then made again, and what was put into
    /// `sink` is replaced.
    pub fn take_group(
        &self,
        sink: &dyn Sink,
        key: &str,
        print: &str,
        indexed: &Pages,
    ) -> Result<Option<&Group>, String> {
        let Some(group) = self.old.groupes.get(key).filter(|g| g.empreinte == print) else {
            return Ok(None);
        };
        let files = group.pages.iter().map(|p| &p.chemin);
        // The PDFs are files of the output only when this ctin makes them.
        let pdfs = group.pdfs.iter().filter(|_| cfg!(feature = "pdf"));
        for path in files.chain(pdfs.map(|(path, _, _)| path)) {
            if !self.take_file(sink, path)? {
                return Ok(None);
            }
        }
        let mut texts = Vec::with_capacity(group.pages.len());
        for page in &group.pages {
            let path = page.chemin.as_str();
            let text = match self.old.textes.get(path) {
                Some(text) => Ok(text.as_str()),
                // Not noted: the page is read where it was put.
                None => Err(read_taken(sink, path)?),
            };
            texts.push((path, text));
        }
        for (path, text) in texts {
            match text {
                Ok(text) => indexed.taken(path, text),
                Err(bytes) => indexed.offer(path, &bytes),
            }
        }
        // Its pages' fingerprints and the group are noted by reference (`state`): a national
        // site takes ~100 groups and 20 000 pages, whose copies would cost ~20 MB.
        if let Ok(mut taken) = self.taken.lock() {
            taken.push(key.to_string());
        }
        Ok(Some(group))
    }

    /// Notes for the next build what the group `key` made.
    pub fn note_group(&self, key: &str, group: Group) {
        if let Ok(mut new) = self.new.lock() {
            new.groupes.insert(key.to_string(), group);
        }
    }

    /// Puts the file `path` of the previous output into `sink`; false when the previous output
    /// has no such regular file (reached without any link).
    pub fn take_file(&self, sink: &dyn Sink, path: &str) -> Result<bool, String> {
        sink.take(&self.dir, path)
    }

    /// For each part of the search index (by its folder, which `part` gives for each page's
    /// path), the paths of the files of the previous one when it was made from these same
    /// `pages` in this `language` (to take with [`Previous::take_file`]), else `None`; notes
    /// their fingerprints for the next build.
    pub fn search(
        &self,
        pages: &[(String, Indexed)],
        language: &str,
        part: &dyn Fn(&str) -> String,
    ) -> BTreeMap<String, Option<Vec<String>>> {
        use rayon::prelude::*;
        let texts: BTreeMap<String, String> = pages
            .par_iter()
            .map(|(path, page)| {
                let print = match page {
                    Indexed::Text(text) => super::fingerprint([text.as_bytes()]),
                    Indexed::Taken(print) => print.clone(),
                    Indexed::Not => String::new(),
                };
                (path.clone(), print)
            })
            .collect();
        let mut parts: BTreeMap<String, Vec<(&String, &String)>> = BTreeMap::new();
        for (path, text) in &texts {
            parts.entry(part(path)).or_default().push((path, text));
        }
        let prints: BTreeMap<String, String> = parts
            .into_iter()
            .map(|(dir, pages)| {
                let pages = pages
                    .into_iter()
                    .flat_map(|(path, text)| [path.as_bytes(), text.as_bytes()]);
                let head = [language.as_bytes(), dir.as_bytes()];
                let print = super::fingerprint(head.into_iter().chain(pages));
                (dir, print)
            })
            .collect();
        let found = prints
            .iter()
            .map(|(dir, print)| {
                let same = self.old.recherches.get(dir) == Some(print);
                (dir.clone(), same.then(|| self.index_files(dir)).flatten())
            })
            .collect();
        if let Ok(mut new) = self.new.lock() {
            new.recherches = prints;
            new.textes = texts;
        }
        found
    }

    /// The files of the part of the previous search index in the folder `dir` (not those of
    /// the parts below it); `None` when one is not a regular file (a link…) or there are none.
    fn index_files(&self, dir: &str) -> Option<Vec<String>> {
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(self.dir.dir().join(dir))
            .into_iter()
            .filter_entry(|e| e.depth() != 1 || e.file_name() != crate::paths::SEARCH_PARTS);
        for entry in walk {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            // Anything else than a regular file (a link…): the part is made again.
            if !entry.file_type().is_file() {
                return None;
            }
            let rel = entry.path().strip_prefix(self.dir.dir()).ok()?;
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
        (!files.is_empty()).then_some(files)
    }

    /// The state file to write in the new output, for the next build, as bytes.
    #[cfg(test)]
    pub fn state(&self) -> crate::products::OutputFile {
        let mut bytes = Vec::new();
        self.write_state(&mut bytes).unwrap();
        crate::products::OutputFile {
            path: STATE.to_string(),
            bytes,
        }
    }

    /// Writes the state file ([`STATE`]) of the new output to `out`, for the next build (what
    /// was noted is handed over: call it once, at the end).
    pub fn write_state(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let new = self
            .new
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        let taken = self
            .taken
            .lock()
            .map(|mut t| std::mem::take(&mut *t))
            .unwrap_or_default();
        // The groups taken whole, as the previous build noted them; what this build noted
        // itself wins (a group taken, then made again).
        let mut view = StateView {
            version: &new.version,
            textes: &new.textes,
            recherches: &new.recherches,
            pages: BTreeMap::new(),
            contextes: BTreeMap::new(),
            groupes: BTreeMap::new(),
        };
        for (key, group) in taken
            .iter()
            .filter_map(|key| self.old.groupes.get_key_value(key))
        {
            view.groupes.insert(key, group);
            for page in &group.pages {
                let path = page.chemin.as_str();
                for (old, to) in [
                    (&self.old.pages, &mut view.pages),
                    (&self.old.contextes, &mut view.contextes),
                ] {
                    if let Some(print) = old.get(path) {
                        to.insert(path, print);
                    }
                }
            }
        }
        for (new, to) in [
            (&new.pages, &mut view.pages),
            (&new.contextes, &mut view.contextes),
        ] {
            to.extend(new.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        view.groupes
            .extend(new.groupes.iter().map(|(k, g)| (k.as_str(), g)));
        // serde_json writes in small pieces: buffered.
        let mut out = std::io::BufWriter::new(out);
        serde_json::to_writer(&mut out, &view).map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut out)
    }
}

/// [`State`] as it is written, borrowing what the previous build noted of the groups taken
/// whole instead of copying it (the same fields, in the same order: the same bytes).
#[derive(Serialize)]
struct StateView<'a> {
    version: &'a str,
    pages: BTreeMap<&'a str, &'a str>,
    contextes: BTreeMap<&'a str, &'a str>,
    textes: &'a BTreeMap<String, String>,
    recherches: &'a BTreeMap<String, String>,
    groupes: BTreeMap<&'a str, &'a Group>,
}

/// The bytes of the page `path` taken into `sink`.
fn read_taken(sink: &dyn Sink, path: &str) -> Result<Vec<u8>, String> {
    let file = sink.folder().join(path);
    std::fs::read(&file).map_err(|e| {
        let e = crate::diagnostic::io_reason(&e);
        format!("lecture de `{}` impossible : {e}", file.display())
    })
}

/// The fingerprint of what a page is rendered from: the theme's templates (`theme`, from
/// [`theme_print`]), its template, its context and the parts of it made of shared pieces
/// (`ready`, each piece by its own print: see [`crate::render::ready`]).
///
/// Serializing the context to JSON and hashing that with SipHash, as before, was a tenth of a
/// save's rebuild in the preview of the 100-territory site: a page listing the whole network
/// has a context of 1–1.6 MB, mostly ready HTML that JSON escaped again.
pub fn context_print(
    theme: &str,
    template: &str,
    context: &serde_json::Value,
    ready: &[(&str, crate::render::ready::Ready)],
) -> String {
    let mut p = crate::fingerprint::Printer::default();
    p.text(theme);
    p.text(template);
    p.value(context);
    for (key, value) in ready {
        p.text(key);
        value.feed(&mut p);
    }
    p.finish()
}

/// The fingerprint of a theme's templates (names and texts).
pub fn theme_print<'a>(templates: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    super::fingerprint(
        templates
            .into_iter()
            .flat_map(|(name, text)| [name.as_bytes(), text.as_bytes()]),
    )
}

/// A folder whose files are taken only when reached without any link: neither the file nor a
/// folder on the way may lead elsewhere. Each folder on the way is checked once (a national
/// site's output has ~40 000 files in a few thousand folders), each file when it is opened.
#[derive(Debug)]
pub struct Within {
    /// The folder, with every link of its own path resolved.
    dir: PathBuf,
    /// Folders (relative to `dir`) found to be real folders.
    folders: Mutex<HashSet<PathBuf>>,
}

impl Within {
    /// The folder `dir` (its own path may hold links: they are resolved once here).
    pub fn new(dir: &Path) -> Within {
        Within {
            dir: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
            folders: Mutex::new(HashSet::new()),
        }
    }

    /// The folder, its path without links.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when every folder from `dir` down to `rel` is a real folder (not a link).
    fn real_folder(&self, rel: &Path) -> bool {
        if rel.as_os_str().is_empty() || self.folders.lock().is_ok_and(|f| f.contains(rel)) {
            return true;
        }
        let mut checked = PathBuf::new();
        for part in rel.components() {
            let std::path::Component::Normal(name) = part else {
                return false;
            };
            checked.push(name);
            let known = self.folders.lock().is_ok_and(|f| f.contains(&checked));
            if known {
                continue;
            }
            let real = std::fs::symlink_metadata(self.dir.join(&checked))
                .is_ok_and(|m| m.file_type().is_dir());
            if !real {
                return false;
            }
            if let Ok(mut f) = self.folders.lock() {
                f.insert(checked.clone());
            }
        }
        true
    }

    /// The path and metadata of `rel` when it is a regular file reached without any link.
    fn regular(&self, rel: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
        let parent = rel.parent().unwrap_or(Path::new(""));
        let name = rel.file_name()?;
        if !matches!(
            rel.components().next_back(),
            Some(std::path::Component::Normal(_))
        ) || !self.real_folder(parent)
        {
            return None;
        }
        let path = self.dir.join(parent).join(name);
        let meta = std::fs::symlink_metadata(&path).ok()?;
        meta.file_type().is_file().then_some((path, meta))
    }

    /// The file `rel`, open, when it is a regular file reached without any link.
    fn open(&self, rel: &Path) -> Option<std::fs::File> {
        let (path, before) = self.regular(rel)?;
        let file = std::fs::File::open(&path).ok()?;
        // What was opened is what was looked at (not a link put there in between).
        let opened = file.metadata().ok()?;
        same_file(&before, &opened).then_some(file)
    }

    /// Gives the file `rel` (a regular file reached without any link, and with no other name)
    /// the new name `to`, a hard link: no bytes copied. False when it cannot (another file
    /// system, a file with other names…): the caller copies it.
    #[cfg(unix)]
    pub fn link(&self, rel: impl AsRef<Path>, to: &Path) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Some((path, before)) = self.regular(rel.as_ref()) else {
            return false;
        };
        // A file with another name elsewhere (`ln` by hand) is copied, never shared.
        if before.nlink() != 1 || std::fs::hard_link(&path, to).is_err() {
            return false;
        }
        // What was linked is what was looked at: a regular file, never a link put in between.
        let linked = std::fs::symlink_metadata(to).is_ok_and(|m| same_file(&before, &m));
        if !linked {
            let _ = std::fs::remove_file(to);
        }
        linked
    }

    /// Without hard links the file is copied.
    #[cfg(not(unix))]
    pub fn link(&self, _rel: impl AsRef<Path>, _to: &Path) -> bool {
        false
    }

    /// True when `rel` is a regular file reached without any link.
    pub fn has_file(&self, rel: impl AsRef<Path>) -> bool {
        self.regular(rel.as_ref()).is_some()
    }

    /// The bytes of `rel` when it is a regular file reached without any link.
    pub fn read(&self, rel: impl AsRef<Path>) -> Option<Vec<u8>> {
        use std::io::Read;
        let mut file = self.open(rel.as_ref())?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino() && b.file_type().is_file()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    b.file_type().is_file()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::OutputFile;

    #[test]
    fn a_page_is_taken_again_only_from_the_same_html_and_version() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), b"<p>min").unwrap();
        let first = Previous::read(dir.path());
        assert_eq!(first.page("a.html", b"<p> full"), None, "no state yet");
        std::fs::write(dir.path().join(STATE), first.state().bytes).unwrap();

        let second = Previous::read(dir.path());
        assert_eq!(
            second.page("a.html", b"<p> full").as_deref(),
            Some(&b"<p>min"[..])
        );
        assert_eq!(second.page("a.html", b"<p> other"), None);

        // Another version of ctin: nothing is taken.
        let mut state: State =
            serde_json::from_slice(&std::fs::read(dir.path().join(STATE)).unwrap()).unwrap();
        state.version = "ctin 0.0.0".into();
        std::fs::write(dir.path().join(STATE), serde_json::to_vec(&state).unwrap()).unwrap();
        assert_eq!(Previous::read(dir.path()).page("a.html", b"<p> full"), None);
    }

    #[test]
    fn a_page_is_rendered_again_unless_its_context_and_templates_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), b"<p>min").unwrap();
        let theme = theme_print([(&"page.html".to_string(), &"{{ x }}".to_string())]);
        let other_theme = theme_print([(&"page.html".to_string(), &"<b>{{ x }}".to_string())]);
        let ctx = serde_json::json!({ "x": 1 });
        let first = Previous::read(dir.path());
        let print = context_print(&theme, "page.html", &ctx, &[]);
        assert!(
            first.rendered("a.html", print.clone()).is_none(),
            "no state yet"
        );
        std::fs::write(dir.path().join(STATE), first.state().bytes).unwrap();

        let second = Previous::read(dir.path());
        let same = second.rendered("a.html", print.clone()).unwrap();
        let staging = super::super::Staging::new(&dir.path().join("nouveau")).unwrap();
        let indexed = Pages::default();
        assert!(second.take(&staging, "a.html", &same, &indexed).unwrap());
        // No text noted by the previous build: the page taken is read for the index.
        let offered = indexed.into_sorted();
        assert_eq!(offered, [("a.html".to_string(), Indexed::Not)]);
        let taken = staging.dir().join("a.html");
        assert_eq!(std::fs::read(&taken).unwrap(), b"<p>min");
        #[cfg(unix)]
        {
            // Linked, not copied.
            use std::os::unix::fs::MetadataExt;
            let old = std::fs::metadata(dir.path().join("a.html")).unwrap();
            assert_eq!(std::fs::metadata(&taken).unwrap().ino(), old.ino());
        }
        // Writing the page again replaces the link: the previous output stays as it was.
        let again = OutputFile {
            path: "a.html".into(),
            bytes: b"<p>autre".to_vec(),
        };
        staging.write(&again).unwrap();
        assert_eq!(std::fs::read(&taken).unwrap(), b"<p>autre");
        assert_eq!(std::fs::read(dir.path().join("a.html")).unwrap(), b"<p>min");
        let changed = context_print(&theme, "page.html", &serde_json::json!({ "x": 2 }), &[]);
        assert!(second.rendered("a.html", changed).is_none());
        let retemplated = context_print(&other_theme, "page.html", &ctx, &[]);
        assert!(second.rendered("a.html", retemplated).is_none());
        let elsewhere = context_print(&theme, "autre.html", &ctx, &[]);
        assert!(second.rendered("a.html", elsewhere).is_none());
    }

    #[test]
    fn contexts_that_differ_have_different_fingerprints() {
        use serde_json::json;
        let print = |v: serde_json::Value| context_print("thème", "page.html", &v, &[]);
        let values = [
            json!({ "a": "b" }),
            json!({ "ab": "" }),
            json!({ "a": ["b"] }),
            json!(["a", "b"]),
            json!(["ab"]),
            json!([["a"], "b"]),
            json!(1),
            json!("1"),
            json!(1.5),
            json!(null),
            json!(false),
            json!(true),
            json!({ "a": null }),
            json!({}),
            json!([]),
            json!(1.0),
            json!(-1),
            json!(["ab", ""]),
            json!({ "a": "bc" }),
            json!({ "a": "b", "c": "" }),
            json!({ "a": { "b": "c" } }),
            json!({ "a": [{ "b": "c" }] }),
        ];
        let prints: std::collections::BTreeSet<String> =
            values.iter().map(|v| print(v.clone())).collect();
        assert_eq!(prints.len(), values.len());
        assert_eq!(
            print(json!({ "a": [1, "b"] })),
            print(json!({ "a": [1, "b"] }))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_output_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, b"secret").unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("pagefind")).unwrap();
        let first = Previous::read(&out);
        let pages = vec![("a.html".to_string(), Indexed::Text("<p>a".to_string()))];
        first.page("a.html", b"<p> full");
        let part = |_: &str| "pagefind".to_string();
        first.search(&pages, "fr", &part);
        std::fs::write(out.join(STATE), first.state().bytes).unwrap();
        std::os::unix::fs::symlink(&secret, out.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&secret, out.join("pagefind/index.pf")).unwrap();

        let second = Previous::read(&out);
        assert_eq!(second.page("a.html", b"<p> full"), None);
        let found = second.search(&pages, "fr", &part);
        assert_eq!(found.get("pagefind"), Some(&None), "index made again");
        let staging = super::super::Staging::new(&dir.path().join("nouveau")).unwrap();
        let same = Same {
            html: None,
            text: None,
        };
        let indexed = Pages::default();
        assert!(!second.take(&staging, "a.html", &same, &indexed).unwrap());
        assert!(!staging.dir().join("a.html").exists());

        // A file of the output with another name elsewhere is copied, never linked.
        std::fs::remove_file(out.join("a.html")).unwrap();
        std::fs::hard_link(&secret, out.join("a.html")).unwrap();
        assert!(second.take(&staging, "a.html", &same, &indexed).unwrap());
        std::fs::write(&secret, b"changed").unwrap();
        assert_eq!(
            std::fs::read(staging.dir().join("a.html")).unwrap(),
            b"secret"
        );
        std::fs::remove_file(out.join("a.html")).unwrap();

        // A folder on the way that is a link leading out of the output.
        let elsewhere = dir.path().join("ailleurs");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("index.html"), b"secret").unwrap();
        let third = Previous::read(&out);
        third.page("t/index.html", b"<p> full");
        std::fs::write(out.join(STATE), third.state().bytes).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("t")).unwrap();
        assert_eq!(Previous::read(&out).page("t/index.html", b"<p> full"), None);
    }

    #[test]
    fn a_group_is_taken_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sortie");
        std::fs::create_dir_all(out.join("t")).unwrap();
        for name in ["t/a.html", "t/b.html"] {
            std::fs::write(out.join(name), b"<main>page</main>").unwrap();
        }
        let page = |path: &str| GroupPage {
            chemin: path.into(),
            url: format!("/{path}"),
            titre: "Titre".into(),
            description: String::new(),
            date: None,
            genre: "page.html".into(),
            source: None,
        };
        let group = Group {
            empreinte: "e1".into(),
            lectures: ["u".to_string()].into(),
            pages: vec![page("t/a.html"), page("t/b.html")],
            pdfs: Vec::new(),
        };
        let first = Previous::read(&out);
        first.note_group("t", group.clone());
        first.rendered("t/a.html", "c".into());
        std::fs::write(out.join(STATE), first.state().bytes).unwrap();

        let staging = super::super::Staging::new(&dir.path().join("nouvelle")).unwrap();
        let second = Previous::read(&out);
        assert_eq!(second.group("t"), Some(&group));
        let indexed = Pages::default();
        // Another fingerprint: nothing taken, nothing offered.
        assert!(
            second
                .take_group(&staging, "t", "e2", &indexed)
                .unwrap()
                .is_none()
        );
        // A page missing from the previous output: nothing offered (the group is made again).
        std::fs::remove_file(out.join("t/b.html")).unwrap();
        assert!(
            second
                .take_group(&staging, "t", "e1", &indexed)
                .unwrap()
                .is_none()
        );
        assert!(indexed.into_sorted().is_empty());
        std::fs::write(out.join("t/b.html"), b"<main>page</main>").unwrap();
        let indexed = Pages::default();
        let taken = second.take_group(&staging, "t", "e1", &indexed).unwrap();
        assert_eq!(taken, Some(&group));
        assert_eq!(indexed.into_sorted().len(), 2, "each page offered once");
        assert!(staging.dir().join("t/b.html").is_file());
        // Noted again for the next build, with its pages' fingerprints.
        let state: State = serde_json::from_slice(&second.state().bytes).unwrap();
        assert_eq!(state.groupes.get("t"), Some(&group));
        assert_eq!(
            state.contextes.get("t/a.html").map(String::as_str),
            Some("c")
        );
        // Taking every group notes the state the previous build wrote, byte for byte.
        let written = std::fs::read(out.join(STATE)).unwrap();
        let third = Previous::read(&out);
        let taken = third.take_group(&staging, "t", "e1", &Pages::default());
        assert!(taken.unwrap().is_some());
        assert_eq!(third.state().bytes, written);
        let plain: State = serde_json::from_slice(&Previous::read(&out).state().bytes).unwrap();
        assert!(plain.groupes.is_empty(), "rien de pris, rien de noté");
        // A group taken, then made again: what was made is noted.
        let fourth = Previous::read(&out);
        let taken = fourth.take_group(&staging, "t", "e1", &Pages::default());
        assert!(taken.unwrap().is_some());
        let made = Group {
            empreinte: "e3".into(),
            ..group.clone()
        };
        fourth.note_group("t", made.clone());
        let state: State = serde_json::from_slice(&fourth.state().bytes).unwrap();
        assert_eq!(state.groupes.get("t"), Some(&made));
    }
}
