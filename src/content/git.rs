//! The date of the last commit that touched each content file, when the site is in a git
//! repository: one `git log` for the whole folder, never one process per page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diagnostic::{Diagnostic, Pos, code};

/// Last-commit dates of the content files.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Path relative to the site root → `AAAA-MM-JJ` of the last commit that changed it.
    dates: HashMap<PathBuf, String>,
    /// True in a shallow clone: older files then all look changed by the oldest commit kept.
    pub shallow: bool,
}

impl History {
    /// The latest date among these files (paths relative to the site root).
    pub fn date(&self, files: &[&Path]) -> Option<String> {
        files
            .iter()
            .filter_map(|f| self.dates.get(*f))
            .max()
            .cloned()
    }

    /// The warning for a shallow clone, with the fix for the usual forges.
    pub fn shallow_warning(&self) -> Option<Diagnostic> {
        self.shallow.then(|| {
            Diagnostic::new(
                code::HISTORIQUE_GIT_INCOMPLET,
                Path::new("content"),
                Pos::default(),
                "dépôt git cloné sans tout son historique : les dates « mis à jour le » seront fausses",
            )
            .hint(
                "récupérez tout l'historique : `fetch-depth: 0` dans `actions/checkout` (GitHub), \
                 `GIT_DEPTH: 0` dans les variables (GitLab), ou `git fetch --unshallow`",
            )
        })
    }
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Reads the history of `root/content`; `None` when the site is not in a git repository or git
/// is not installed.
pub fn read(root: &Path) -> Option<History> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
    let root_abs = root.canonicalize().ok()?;
    let top = top.canonicalize().unwrap_or(top);
    let prefix = root_abs.strip_prefix(&top).ok()?.to_path_buf();
    let shallow =
        git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true");
    // Newest first: the first date seen for a file is its last change.
    let log = git(
        root,
        &[
            "log",
            "--format=\u{1}%cs",
            "--name-only",
            "--no-renames",
            "--",
            "content",
        ],
    )?;
    let mut dates = HashMap::new();
    let mut current = "";
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\u{1}') {
            current = date;
        } else if !line.is_empty()
            && !current.is_empty()
            && let Ok(rel) = Path::new(line).strip_prefix(&prefix)
        {
            dates
                .entry(rel.to_path_buf())
                .or_insert_with(|| current.to_string());
        }
    }
    Some(History { dates, shallow })
}
