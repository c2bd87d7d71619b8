//! Helpers shared by the integration tests: fixture sites copied into temporary folders, and
//! the real `ctin` binary run on them.
#![allow(dead_code)]

pub mod html;
pub mod lieux;
pub mod server;
pub mod site;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Replaces `from` by `to` (once) in the file `file` under `root`, which must contain it; gives
/// the file's path.
pub fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} ne contient pas {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// The folder of the test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the `base` fixture in a fresh temporary folder.
pub fn base_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base"), dir.path());
    dir
}

/// What a run of `ctin` gave.
pub struct Run {
    /// Exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `ctin` binary with these arguments.
pub fn ctin(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ctin"))
        .args(args)
        .output()
        .expect("ctin runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `ctin check --root <root>`.
pub fn check(root: &Path) -> Run {
    ctin(&["check", "--root", root.to_str().unwrap()])
}

/// Every file under `dir`, by path relative to it, with its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn unwrap_error(e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    match e {
        serde_saphyr::Error::WithSnippet { error, .. } => unwrap_error(error),
        other => other,
    }
}

/// The keys a struct of the content format accepts, as serde lists them when it meets an
/// unknown one.
pub fn keys_of<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
    let err = serde_saphyr::from_str::<T>("zz_cle_inconnue: 1\n")
        .err()
        .expect("refused");
    match unwrap_error(&err) {
        serde_saphyr::Error::SerdeUnknownField { expected, .. } => expected.clone(),
        other => panic!("unexpected error {other}"),
    }
}
