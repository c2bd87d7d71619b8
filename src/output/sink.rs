//! Where the pipeline writes: the staging folder of `ctin build` (every file, once), or the
//! folder the preview serves (only the files whose bytes changed, and stale pages removed).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

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

/// What lets the preview server read a page while a rebuild writes pages in place: the writer
/// of a file holds its stripe's lock while it writes, the server holds it while it reads that
/// file, so a page is never read half written. Files are spread over a fixed number of
/// stripes by their path, so that writers of different files rarely wait for each other.
#[derive(Debug)]
pub struct Gate([RwLock<()>; Gate::STRIPES]);

impl Default for Gate {
    fn default() -> Self {
        Gate(std::array::from_fn(|_| RwLock::new(())))
    }
}

impl Gate {
    const STRIPES: usize = 64;

    fn stripe(&self, path: &Path) -> &RwLock<()> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        &self.0[(h.finish() % Self::STRIPES as u64) as usize]
    }

    /// Holds off the writers of the file at `path` (relative to the folder) while the guard
    /// lives.
    pub fn reading(&self, path: &Path) -> Option<RwLockReadGuard<'_, ()>> {
        self.stripe(path).read().ok()
    }

    /// Runs `write` while no reader reads the file at `path` (relative to the folder).
    fn writing<R>(&self, path: &Path, write: impl FnOnce() -> R) -> R {
        let _guard = self.stripe(path).write();
        write()
    }
}

/// The folder a preview serves, with a hash of each file in it, so that a file whose bytes did
/// not change is not written again (the browser's reload then fetches less). A file it wrote
/// before is written again in place, under the [`Gate`] the server reads through: on a disk
/// such as ext4, a new file for each page of a save (written aside, then renamed over the old
/// one) costs several times more than rewriting the old one.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    hashes: Mutex<HashMap<String, u64>>,
    gate: Arc<Gate>,
}

impl Folder {
    /// The folder `dir`, whose files have these hashes (empty for a new folder), read by the
    /// server through `gate`.
    pub fn new(dir: &Path, hashes: HashMap<String, u64>, gate: Arc<Gate>) -> Folder {
        Folder {
            dir: dir.to_path_buf(),
            hashes: Mutex::new(hashes),
            gate,
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
        let hash = xxhash_rust::xxh3::xxh3_64(&file.bytes);
        let known = self
            .hashes
            .lock()
            .ok()
            .and_then(|m| m.get(&file.path).map(|h| *h == hash));
        if known == Some(true) {
            return Ok(());
        }
        self.gate.writing(Path::new(&file.path), || {
            // Written by this folder's runs: rewritten in place when it still is a plain file.
            let path = self.dir.join(&file.path);
            if known == Some(false) && super::rewrite_file(&path, &file.bytes)? {
                return Ok(());
            }
            super::replace_file(&self.dir, file)
        })?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// A page written again is written in place (same file), shorter or longer; a page that
    /// has another name (a hard link) or is a symbolic link is replaced, and what the other
    /// name or the link leads to is left as it was.
    #[cfg(unix)]
    #[test]
    fn a_page_written_again_is_rewritten_in_place_and_never_through_another_name() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        let folder = Folder::new(&dir, HashMap::new(), Arc::default());
        folder
            .write(&page("a/index.html", "première version, assez longue"))
            .unwrap();
        let ino = std::fs::metadata(dir.join("a/index.html")).unwrap().ino();
        folder.write(&page("a/index.html", "courte")).unwrap();
        let meta = std::fs::metadata(dir.join("a/index.html")).unwrap();
        assert_eq!(meta.ino(), ino, "réécrit en place");
        assert_eq!(
            std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
            "courte"
        );
        folder
            .write(&page("a/index.html", "une version plus longue encore"))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
            "une version plus longue encore"
        );

        // Another name for the page, and the page made a symbolic link to a file outside.
        let outside = tmp.path().join("ailleurs.html");
        std::fs::write(&outside, "à garder").unwrap();
        folder.write(&page("b.html", "b")).unwrap();
        folder.write(&page("c.html", "c")).unwrap();
        let other_name = tmp.path().join("autre-nom.html");
        std::fs::hard_link(dir.join("b.html"), &other_name).unwrap();
        std::fs::remove_file(dir.join("c.html")).unwrap();
        std::os::unix::fs::symlink(&outside, dir.join("c.html")).unwrap();
        folder.write(&page("b.html", "b, nouvelle")).unwrap();
        folder.write(&page("c.html", "c, nouvelle")).unwrap();
        assert_eq!(std::fs::read_to_string(&other_name).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "à garder");
        assert_eq!(
            std::fs::read_to_string(dir.join("b.html")).unwrap(),
            "b, nouvelle"
        );
        let c = dir.join("c.html");
        assert!(std::fs::symlink_metadata(&c).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&c).unwrap(), "c, nouvelle");
    }

    /// While the server reads a page through the gate, the rebuild's writer of that page waits.
    #[test]
    fn a_page_is_not_written_while_the_server_reads_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let gate = Arc::new(Gate::default());
        let folder = Folder::new(&dir, HashMap::new(), gate.clone());
        folder.write(&page("a/index.html", "ancienne")).unwrap();
        let reading = gate.reading(Path::new("a/index.html"));
        std::thread::scope(|s| {
            let writer = s.spawn(|| folder.write(&page("a/index.html", "nouvelle")));
            std::thread::sleep(std::time::Duration::from_millis(200));
            assert_eq!(
                std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
                "ancienne",
                "écrit pendant la lecture"
            );
            drop(reading);
            writer.join().unwrap().unwrap();
        });
        assert_eq!(
            std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
            "nouvelle"
        );
    }
}
