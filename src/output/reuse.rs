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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::products::OutputFile;

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
    /// Fingerprint of what the search index read (pages and language).
    recherche: Option<String>,
}

/// The previous output and what this build notes for the next one.
#[derive(Debug)]
pub struct Previous {
    /// The folder, with every link of its path resolved.
    dir: PathBuf,
    old: State,
    new: Mutex<State>,
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
            dir: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
            old,
            new: Mutex::new(State {
                version: MAKER.to_string(),
                ..State::default()
            }),
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
        same.then(|| file_within(&self.dir, path)).flatten()
    }

    /// The bytes the previous build wrote at `path`, when it rendered them from what has the
    /// fingerprint `print` ([`context_print`]): the page needs neither rendering nor
    /// minification. Notes `print` for the next build.
    pub fn rendered(&self, path: &str, print: String) -> Option<Vec<u8>> {
        let same = self.old.contextes.get(path) == Some(&print);
        let bytes = same.then(|| file_within(&self.dir, path)).flatten();
        if let Ok(mut new) = self.new.lock() {
            new.contextes.insert(path.to_string(), print);
            // The HTML is the one the previous build minified.
            if bytes.is_some()
                && let Some(html) = self.old.pages.get(path)
            {
                new.pages.insert(path.to_string(), html.clone());
            }
        }
        bytes
    }

    /// The files of the previous search index (under `dir`, in the output), when it was made
    /// from these same `pages` in this `language`; notes their fingerprint for the next build.
    pub fn search(
        &self,
        dir: &str,
        pages: &[(String, String)],
        language: &str,
    ) -> Option<Vec<OutputFile>> {
        let print = super::fingerprint(
            std::iter::once(language.as_bytes()).chain(
                pages
                    .iter()
                    .flat_map(|(path, html)| [path.as_bytes(), html.as_bytes()]),
            ),
        );
        let same = self.old.recherche.as_ref() == Some(&print);
        if let Ok(mut new) = self.new.lock() {
            new.recherche = Some(print);
        }
        if !same {
            return None;
        }
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(self.dir.join(dir)) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(&self.dir).ok()?;
            files.push(OutputFile {
                path: rel.to_string_lossy().replace('\\', "/"),
                bytes: file_within(&self.dir, rel)?,
            });
        }
        (!files.is_empty()).then_some(files)
    }

    /// The state file to write in the new output, for the next build (what was noted is
    /// handed over: call it once, at the end).
    pub fn state(&self) -> OutputFile {
        let new = self
            .new
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        OutputFile {
            path: STATE.to_string(),
            bytes: serde_json::to_vec(&new).unwrap_or_default(),
        }
    }
}

/// The fingerprint of what a page is rendered from: the theme's templates (`theme`, from
/// [`theme_print`]), its template and its context.
pub fn context_print(theme: &str, template: &str, context: &serde_json::Value) -> String {
    let context = serde_json::to_vec(context).unwrap_or_default();
    super::fingerprint([theme.as_bytes(), template.as_bytes(), &context])
}

/// The fingerprint of a theme's templates (names and texts).
pub fn theme_print<'a>(templates: impl IntoIterator<Item = (&'a String, &'a String)>) -> String {
    super::fingerprint(
        templates
            .into_iter()
            .flat_map(|(name, text)| [name.as_bytes(), text.as_bytes()]),
    )
}

/// True when `rel` in the folder `dir` (whose own path has no link left) is a regular file
/// reached without any link: neither it nor a folder on the way leads elsewhere.
pub(crate) fn is_file_within(dir: &Path, rel: impl AsRef<Path>) -> bool {
    let path = dir.join(rel);
    path.canonicalize().is_ok_and(|real| real == path)
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
}

/// The bytes of `rel` in `dir` when [`is_file_within`] holds.
fn file_within(dir: &Path, rel: impl AsRef<Path>) -> Option<Vec<u8>> {
    let rel = rel.as_ref();
    is_file_within(dir, rel)
        .then(|| std::fs::read(dir.join(rel)).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let print = context_print(&theme, "page.html", &ctx);
        assert_eq!(
            first.rendered("a.html", print.clone()),
            None,
            "no state yet"
        );
        std::fs::write(dir.path().join(STATE), first.state().bytes).unwrap();

        let second = Previous::read(dir.path());
        assert_eq!(
            second.rendered("a.html", print.clone()).as_deref(),
            Some(&b"<p>min"[..])
        );
        let changed = context_print(&theme, "page.html", &serde_json::json!({ "x": 2 }));
        assert_eq!(second.rendered("a.html", changed), None);
        let retemplated = context_print(&other_theme, "page.html", &ctx);
        assert_eq!(second.rendered("a.html", retemplated), None);
        let elsewhere = context_print(&theme, "autre.html", &ctx);
        assert_eq!(second.rendered("a.html", elsewhere), None);
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
        let pages = vec![("a.html".to_string(), "<p>a".to_string())];
        first.page("a.html", b"<p> full");
        first.search("pagefind", &pages, "fr");
        std::fs::write(out.join(STATE), first.state().bytes).unwrap();
        std::os::unix::fs::symlink(&secret, out.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&secret, out.join("pagefind/index.pf")).unwrap();

        let second = Previous::read(&out);
        assert_eq!(second.page("a.html", b"<p> full"), None);
        assert!(second.search("pagefind", &pages, "fr").is_none());

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
}
