/*!
Writes that a stop can wait for and then refuse. The preview (`ctin serve`) removes its folder
when it stops, while its background work (search index, PDFs) may still be writing into it: a
file written after the removal would make the folder again (`create_dir_all`) and leave it
behind. Each write into the preview's folder goes through [`WRITES`]; once [`Halt::stop`] has
returned, the writes in progress have ended and no other starts.
*/

use std::sync::RwLock;

/// The writes that replace a file in a folder being served or kept ([`super::replace_file`],
/// the PDFs linked or taken into the preview's folder): every write of the preview. (A build
/// writes into its staging folder otherwise; nothing stops it.)
pub static WRITES: Halt = Halt::new();

/// Writes that may be stopped (see the module).
pub struct Halt {
    stopped: RwLock<bool>,
}

impl Halt {
    /// Writes not stopped.
    pub const fn new() -> Halt {
        Halt {
            stopped: RwLock::new(false),
        }
    }

    /// Runs `write` unless the writes were stopped (then an error); a stop waits for it to end.
    pub fn write<R>(&self, write: impl FnOnce() -> Result<R, String>) -> Result<R, String> {
        let stopped = self.stopped.read().unwrap_or_else(|e| e.into_inner());
        if *stopped {
            return Err("arrêt en cours : fichier non écrit".into());
        }
        write()
    }

    /// Refuses every write from now on, once those in progress have ended.
    pub fn stop(&self) {
        *self.stopped.write().unwrap_or_else(|e| e.into_inner()) = true;
    }
}

impl Default for Halt {
    fn default() -> Halt {
        Halt::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Halt;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[test]
    fn a_stop_waits_for_the_write_in_progress_then_refuses_the_others() {
        let halt = Halt::new();
        let (started, ended) = (AtomicBool::new(false), AtomicBool::new(false));
        std::thread::scope(|scope| {
            scope.spawn(|| {
                halt.write(|| {
                    started.store(true, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(200));
                    ended.store(true, Ordering::SeqCst);
                    Ok(())
                })
                .unwrap();
            });
            while !started.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            halt.stop();
            assert!(
                ended.load(Ordering::SeqCst),
                "the write in progress ended first"
            );
        });
        let mut ran = false;
        let refused = halt.write(|| {
            ran = true;
            Ok(())
        });
        assert!(!ran && refused.unwrap_err().contains("arrêt"));
    }
}
