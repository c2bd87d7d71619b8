//! `ctin serve`: a local preview. It builds into a temporary folder (never `output/`), serves
//! it on loopback, watches `content/`, `templates/`, `themes/`, and rebuilds on every change.
//! Open pages reload by themselves over Server-Sent Events, keeping their scroll position; when
//! the content has errors, the last good build keeps being served and every page shows the
//! French diagnostics in an overlay until the file is fixed. Only files of the build are served.
//!
//! A change renders only the pages that show the changed data ([`crate::incremental`]); the
//! search index follows in the background.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Pos, code, io_reason, plural};
use crate::incremental::{Outcome, Session};
use crate::output::{self, pdf, search};
use crate::render::Options;

mod http;
mod memory;

pub use http::resolve;
use http::*;

const RELOAD_JS: &str = include_str!("reload.js");

/// What the server shows: the last good build and the current problems.
struct Shared {
    site: RwLock<Option<PathBuf>>,
    errors: RwLock<String>,
    events: broadcast::Sender<&'static str>,
    /// Keeps a page from being read while a rebuild rewrites it.
    gate: Arc<output::sink::Gate>,
}

/// Options of `ctin serve`.
#[derive(Debug, Clone)]
pub struct ServeArgs {
    /// Folder holding `content/`.
    pub root: PathBuf,
    /// Address to listen on.
    pub interface: String,
    /// Port (0: any free port).
    pub port: u16,
    /// Open the browser.
    pub open: bool,
}

/// The search index and the PDFs of the preview, made again in the background after rebuilds:
/// on a big site they take seconds, the reload must not wait for them. Only the latest request
/// of each is kept (a search job not run yet is taken over by the next one, which makes its
/// parts too).
#[derive(Default)]
struct Indexer {
    next: Mutex<(Option<search::Job>, Option<pdf::Preview>)>,
    wake: Condvar,
}

impl Indexer {
    fn start() -> Arc<Indexer> {
        let indexer = Arc::new(Indexer::default());
        let worker = indexer.clone();
        std::thread::spawn(move || {
            // The next save's rebuild comes first: this thread and every thread it starts (the
            // PDFs' pool, Pagefind's workers in `pool`) yield the processor to it.
            background_priority();
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("ctin-index-{i}"))
                .build()
                .ok();
            // A search job failed: the next one makes every part again.
            let mut search_failed = false;
            loop {
                let (mut search, pdfs) = {
                    let Ok(mut next) = worker.next.lock() else {
                        return;
                    };
                    loop {
                        if next.0.is_some() || next.1.is_some() {
                            break (next.0.take(), next.1.take());
                        }
                        let Ok(n) = worker.wake.wait(next) else {
                            return;
                        };
                        next = n;
                    }
                };
                if STOPPING.load(Ordering::SeqCst) {
                    return;
                }
                if search.is_some() && std::mem::take(&mut search_failed) {
                    search = search.map(search::Job::whole);
                }
                let start = Instant::now();
                match within(&pool, || search.map(search::Job::run)) {
                    Some(Ok(pages)) => eprintln!(
                        "Index de recherche à jour : {} en {} ms.",
                        plural(pages, "page", "pages"),
                        start.elapsed().as_millis()
                    ),
                    // Stopping: its writes were refused, nothing to say.
                    Some(Err(_)) if STOPPING.load(Ordering::SeqCst) => return,
                    Some(Err(message)) => {
                        search_failed = true;
                        report(code::ECRITURE_IMPOSSIBLE, Path::new("output"), message)
                    }
                    None => {}
                }
                let start = Instant::now();
                match within(&pool, || pdfs.map(pdf::Preview::run)) {
                    Some(Ok(report)) if report.made + report.cut > 0 => eprintln!(
                        "PDF à jour : {} mis en page, {} découpés dans les dossiers, en {} ms.",
                        report.made,
                        report.cut,
                        start.elapsed().as_millis()
                    ),
                    Some(Err(_)) if STOPPING.load(Ordering::SeqCst) => return,
                    Some(Err(message)) => {
                        report(code::PDF_IMPOSSIBLE, Path::new("output"), message)
                    }
                    _ => {}
                }
            }
        });
        indexer
    }

    fn ask(&self, search: Option<search::Job>, pdfs: Option<pdf::Preview>) {
        if search.is_none() && pdfs.is_none() {
            return;
        }
        if let Ok(mut next) = self.next.lock() {
            if let Some(mut search) = search {
                if let Some(older) = next.0.take() {
                    search.absorb(older);
                }
                next.0 = Some(search);
            }
            if pdfs.is_some() {
                next.1 = pdfs;
            }
            self.wake.notify_one();
        }
    }
}

/// Rebuilds after `changed` (all when `None`), tells the open pages and has the search index
/// made again if pages changed.
fn rebuild(session: &mut Session, changed: Option<&[PathBuf]>, shared: &Shared, indexer: &Indexer) {
    let outcome = session.rebuild(changed);
    match outcome {
        Outcome::Rebuilt {
            site,
            pages,
            full,
            ms,
        } => {
            if let Ok(mut s) = shared.site.write() {
                *s = Some(site);
            }
            if let Ok(mut e) = shared.errors.write() {
                e.clear();
            }
            let what = if full {
                "Site reconstruit"
            } else {
                "Mis à jour"
            };
            eprintln!("{what} : {} en {ms} ms.", plural(pages, "page", "pages"));
            let _ = shared.events.send("recharge");
        }
        // Stopping: its writes were refused, nothing to say.
        Outcome::Failed(_) if STOPPING.load(Ordering::SeqCst) => return,
        Outcome::Failed(report) => {
            eprint!("{report}");
            if let Ok(mut e) = shared.errors.write() {
                *e = report;
            }
            eprintln!("Erreurs : le dernier site valide reste servi.");
            let _ = shared.events.send("erreurs");
        }
        Outcome::Unchanged => {}
    }
    // After the event: the open pages need not wait for the background work to be handed out.
    indexer.ask(session.search_job(), session.pdf_job());
}

/// Runs `work` in `pool` (on the calling thread when the pool could not be started).
fn within<R: Send>(pool: &Option<rayon::ThreadPool>, work: impl FnOnce() -> R + Send) -> R {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Lowers the priority of the calling thread, and so of the threads it starts afterwards, which
/// inherit it (Linux: the scheduling policy and the nice value belong to each thread; elsewhere
/// they would be the whole process's, so nothing is done).
///
/// The thread gets Linux's idle policy (`SCHED_IDLE`): it runs only on a processor that no
/// rebuild wants, and a rebuild's thread that wakes takes the processor from it at once. A nice
/// value 10 above, which it had before, still gave the background ~10 % of a processor a rebuild
/// wanted and made the rebuild's threads wait for their turn when they woke: on the
/// 100-territory site, with the index and PDFs of the previous saves being made, the card's
/// short-name save reloaded in 61–68 ms (five runs of `cargo bench --bench serve -- 100 15`),
/// 43–46 ms with the idle policy (four runs, alternated). Where the policy is refused, the nice
/// value is raised instead.
fn background_priority() {
    #[cfg(target_os = "linux")]
    {
        const BACKGROUND_NICENESS: i32 = 10;
        // SAFETY: plain system calls on the calling thread (0, or its own id); a failure leaves
        // the priority as it was.
        unsafe {
            let param = libc::sched_param { sched_priority: 0 };
            if libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) != 0 {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                let now = libc::getpriority(libc::PRIO_PROCESS, tid);
                libc::setpriority(libc::PRIO_PROCESS, tid, now + BACKGROUND_NICENESS);
            }
        }
    }
}

/// How long the watched folders must stay quiet before a rebuild starts. The events of one save
/// come much closer together: measured on Linux (inotify), the longest gap inside a save was
/// 0.4 ms for Vim (swap file, then the file), 0.2 ms for `sed -i` (a temporary file renamed over
/// it) and 0.2 ms between the files of a `git checkout` of 18 files. A save that still arrives
/// in two bursts only makes a second rebuild, which takes what the first missed.
const QUIET: Duration = Duration::from_millis(5);

/// A watcher sending the path of every created, changed or removed file (opening or reading a
/// file, which the rebuild itself does, is not a change).
fn watch(tx: std::sync::mpsc::Sender<PathBuf>) -> notify::Result<notify::RecommendedWatcher> {
    notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let change = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        if change {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
}

/// Prints one problem of the preview itself (not of the content), as every diagnostic is printed.
fn report(kind: Code, file: &Path, message: String) {
    let mut diags = Diagnostics::new();
    diags.push(Diagnostic::new(kind, file, Pos::default(), message));
    eprint!("{}", diags.render());
}

/// Reports that the preview cannot start or go on; gives the exit status.
fn fail(message: String) -> i32 {
    report(code::APERCU_IMPOSSIBLE, Path::new(""), message);
    1
}

/// Runs the preview until Ctrl+C or SIGTERM (or a failure to listen), then removes its folder
/// and ends the process with its exit status; returns only when it could not start at all.
pub fn serve(args: &ServeArgs) -> i32 {
    memory::keep_freed();
    let work = match tempfile::Builder::new().prefix("ctin-apercu-").tempdir() {
        Ok(w) => w,
        Err(e) => {
            return fail(format!(
                "dossier temporaire de l'aperçu impossible à créer ({})",
                io_reason(&e)
            ));
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return fail(format!(
                "moteur du serveur impossible à démarrer ({})",
                io_reason(&e)
            ));
        }
    };
    // The port is taken before the first build: a busy port is said at once, not after it.
    let listener = match std::net::TcpListener::bind((args.interface.as_str(), args.port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .and_then(|l| {
            let _inside = runtime.enter();
            tokio::net::TcpListener::from_std(l)
        }) {
        Ok(l) => l,
        Err(e) => {
            return fail(format!(
                "impossible d'écouter sur {}:{} ({})",
                args.interface,
                args.port,
                io_reason(&e)
            ));
        }
    };
    // Ctrl+C and SIGTERM are listened to from now on, so that stopping during the first
    // build still removes the folder.
    let stop = {
        let _inside = runtime.enter();
        match Stop::listen() {
            Ok(stop) => stop,
            Err(e) => {
                return fail(format!(
                    "arrêt par Ctrl+C impossible à préparer ({})",
                    io_reason(&e)
                ));
            }
        }
    };
    let (events, _) = broadcast::channel(16);
    let mut session = Session::new(&args.root, work.path(), Options::default());
    let shared = Arc::new(Shared {
        site: RwLock::new(None),
        errors: RwLock::new(String::new()),
        events,
        gate: session.gate(),
    });
    let indexer = Indexer::start();
    rebuild(&mut session, None, &shared, &indexer);

    let (tx, rx) = std::sync::mpsc::channel();
    let watcher = watch(tx);
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            return fail(format!("surveillance des fichiers impossible ({e})"));
        }
    };
    for dir in ["content", "templates", "themes"] {
        let path = args.root.join(dir);
        if path.is_dir() {
            let path = std::path::absolute(&path).unwrap_or(path);
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
    let watcher_shared = shared.clone();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Editors save in several steps: wait until the folder is quiet for a moment.
            let mut paths = vec![first];
            while let Ok(more) = rx.recv_timeout(QUIET) {
                paths.push(more);
            }
            paths.sort();
            paths.dedup();
            if STOPPING.load(Ordering::SeqCst) {
                return;
            }
            rebuild(&mut session, Some(&paths), &watcher_shared, &indexer);
        }
    });

    let status = runtime.block_on(async move {
        let address = listener
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default();
        eprintln!("Aperçu : http://{address}/ (Ctrl+C pour arrêter)");
        if args.open {
            let _ = std::process::Command::new("xdg-open")
                .arg(format!("http://{address}/"))
                .spawn();
        }
        if !is_loopback(&args.interface) {
            eprintln!(
                "attention : l'aperçu écoute sur {}, hors de cet ordinateur : il montre aussi les brouillons à qui peut le joindre.",
                args.interface
            );
        }
        let app = Router::new()
            .route(
                "/__ctin/recharge.js",
                get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                        RELOAD_JS,
                    )
                }),
            )
            .route("/__ctin/erreurs", get(errors))
            .route("/__ctin/evenements", get(event_stream))
            .fallback(file)
            .with_state(shared);
        accept(listener, app, stop).await;
        eprintln!("Aperçu arrêté.");
        0
    });
    // The preview's folder (drafts included) goes with it. The rebuilds and the background
    // work stop starting anything, and once the writes in progress have ended none other
    // starts (a PDF being laid out, or an index being made, writes nothing when done): the
    // folder is removed and the process ends without waiting for them.
    STOPPING.store(true, Ordering::SeqCst);
    crate::output::halt::WRITES.stop();
    let folder = work.keep();
    for _ in 0..20 {
        // In parallel: on a national site it holds ~44 000 files (~4 s on one thread here).
        crate::output::remove_tree(&folder);
        if !folder.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::process::exit(status)
}

/// Set when the preview stops: background threads start nothing more.
static STOPPING: AtomicBool = AtomicBool::new(false);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(resolve(dir.path(), "/").is_ok());
        assert_eq!(
            resolve(dir.path(), "/../etc/passwd"),
            Err(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            resolve(dir.path(), "/%2e%2e/etc/passwd"),
            Err(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            resolve(dir.path(), "/absent.html"),
            Err(StatusCode::NOT_FOUND)
        );
    }
}

#[cfg(all(test, target_os = "linux"))]
mod priority_tests {
    /// The calling thread's scheduling policy.
    fn policy() -> i32 {
        // SAFETY: a plain system call on the calling thread.
        unsafe { libc::sched_getscheduler(0) }
    }

    #[test]
    fn background_work_yields_to_rebuilds_and_its_threads_too() {
        let before = policy();
        assert_eq!(before, libc::SCHED_OTHER);
        let (own, started) = std::thread::spawn(|| {
            super::background_priority();
            let own = policy();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            (own, pool.install(policy))
        })
        .join()
        .unwrap();
        assert_eq!(own, libc::SCHED_IDLE);
        assert_eq!(
            started,
            libc::SCHED_IDLE,
            "a pool started by the background thread"
        );
        assert_eq!(policy(), before, "the calling thread keeps its policy");
        let other = std::thread::spawn(policy).join().unwrap();
        assert_eq!(other, before, "other threads keep theirs");
    }
}
