//! Where the pipeline writes: the staging folder of `ctin build` (every file, once), or the
//! folder the preview serves (only the files whose bytes changed, and stale pages removed).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Staging;
use super::reuse::Within;
use crate::products::OutputFile;

/// A folder that receives the files of a run; safe to call from several threads.
pub trait Sink: Sync {
    /// Writes one file.
    fn write(&self, file: &OutputFile) -> Result<(), String>;
    /// Removes a page that is no longer made.
    fn remove(&self, path: &str);
    /// The folder.
    fn folder(&self) -> &Path;
    /// Puts the file `path` of the folder `from` (a previous output) at the same path, when it
    /// is a regular file reached without any link (false otherwise).
    fn take(&self, from: &Within, path: &str) -> Result<bool, String> {
        copy(self, from, path)
    }
}

/// Reads the file `path` of `from` and writes it into `sink` (false when `from` has no such
/// regular file).
fn copy(sink: &(impl Sink + ?Sized), from: &Within, path: &str) -> Result<bool, String> {
    match from.read(path) {
        Some(bytes) => sink
            .write(&OutputFile {
                path: path.to_string(),
                bytes,
            })
            .map(|()| true),
        None => Ok(false),
    }
}

impl Sink for Staging {
    fn write(&self, file: &OutputFile) -> Result<(), String> {
        Staging::write(self, file)
    }

    /// Linked rather than copied when it can be: a national site takes tens of thousands of
    /// pages again.
    fn take(&self, from: &Within, path: &str) -> Result<bool, String> {
        Ok(Staging::link(self, from, path)? || copy(self, from, path)?)
    }

    /// A build starts from an empty folder: nothing is left to remove.
    fn remove(&self, _path: &str) {}

    fn folder(&self) -> &Path {
        self.dir()
    }
}

/// The folder a preview serves, with a hash of each file in it, so that a file whose bytes did
/// not change is not written again (the browser's reload then fetches less).
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    hashes: Mutex<HashMap<String, u64>>,
}

impl Folder {
    /// The folder `dir`, whose files have these hashes (empty for a new folder).
    pub fn new(dir: &Path, hashes: HashMap<String, u64>) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
            hashes: Mutex::new(hashes),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The hashes of its files, to give the next run.
    pub fn into_hashes(self) -> HashMap<String, u64> {
        self.hashes.into_inner().unwrap_or_default()
    }
}

impl Sink for Folder {
    fn write(&self, file: &OutputFile) -> Result<(), String> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        file.bytes.hash(&mut h);
        let hash = h.finish();
        let known = self
            .hashes
            .lock()
            .map(|m| m.get(&file.path) == Some(&hash))
            .unwrap_or(false);
        if known {
            return Ok(());
        }
        super::replace_file(&self.dir, file)?;
        if let Ok(mut m) = self.hashes.lock() {
            m.insert(file.path.clone(), hash);
        }
        Ok(())
    }

    fn folder(&self) -> &Path {
        &self.dir
    }

    fn remove(&self, path: &str) {
        let _ = std::fs::remove_file(self.dir.join(path));
        if let Ok(mut m) = self.hashes.lock() {
            m.remove(path);
        }
    }
}
