/*!
Work that must end in time, whatever its input: a model written as a Tera loop over millions of
items, or a PDF template that never stops laying out. The work runs on a thread of its own; if
it has not ended when the time is up, the caller gets `None` (and reports a located error) while
the thread is left to finish alone. Neither Tera nor Typst can be interrupted from outside, so
this is the only bound that holds for every input; the process (a build, a check) ends soon
after anyway, and the preview keeps serving.
*/

use std::collections::HashMap;
use std::sync::mpsc::{Sender, channel, sync_channel};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

type Task = Box<dyn FnOnce() + Send>;

/// Threads waiting for work, by stack size: a build bounds thousands of renders, and starting
/// a thread for each would cost more than the renders (a thread that overruns its time is not
/// waited for, and comes back here only if it ever ends).
fn idle() -> &'static Mutex<HashMap<usize, Vec<Sender<Task>>>> {
    static IDLE: OnceLock<Mutex<HashMap<usize, Vec<Sender<Task>>>>> = OnceLock::new();
    IDLE.get_or_init(Default::default)
}

/// A thread with a stack of `stack` bytes that runs the tasks sent to it, then waits again.
fn worker(name: &str, stack: usize) -> Option<Sender<Task>> {
    let waiting = idle()
        .lock()
        .ok()
        .and_then(|mut i| i.get_mut(&stack)?.pop());
    if waiting.is_some() {
        return waiting;
    }
    let (tx, rx) = channel::<Task>();
    let me = tx.clone();
    std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(stack)
        .spawn(move || {
            // This thread is the only one of its own thread pool, so that the parallel work a
            // task starts (Typst lays out and exports parts of a document with rayon) runs
            // here, at this thread's priority, instead of in the global pool, where it would
            // hold up the caller's next parallel work (the preview's rebuild after a save).
            let _own = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .use_current_thread()
                .build();
            while let Ok(task) = rx.recv() {
                task();
                if let Ok(mut i) = idle().lock() {
                    i.entry(stack).or_default().push(me.clone());
                }
            }
        })
        .ok()?;
    Some(tx)
}

/// Runs `work` on a thread with a stack of `stack` bytes; `None` when it takes longer than
/// `limit` (or panics).
pub fn run<T: Send + 'static>(
    name: &str,
    limit: Duration,
    stack: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = sync_channel(1);
    let task: Task = Box::new(move || {
        let _ = tx.send(work());
    });
    worker(name, stack)?.send(task).ok()?;
    rx.recv_timeout(limit).ok()
}

/// A limit in seconds from the environment variable `var` (for tests and very big sites), else
/// `default`.
pub fn limit(var: &str, default: u64) -> Duration {
    let seconds = std::env::var(var)
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0);
    seconds.map_or(Duration::from_secs(default), Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_reused_and_a_panic_is_no_answer() {
        let name = |_| std::thread::current().name().map(String::from);
        let first = run("reutilise", Duration::from_secs(5), 1 << 21, move || {
            name(())
        });
        // The thread puts itself back in the idle list just after answering.
        std::thread::sleep(Duration::from_millis(200));
        let second = run("autre-nom", Duration::from_secs(5), 1 << 21, move || {
            name(())
        });
        assert_eq!(first, Some(Some("reutilise".into())));
        assert_eq!(second, first);
        let panicked = run("panique", Duration::from_secs(5), 1 << 21, || -> u8 {
            panic!("exprès")
        });
        assert_eq!(panicked, None);
    }

    #[test]
    fn parallel_work_of_a_task_stays_on_its_thread() {
        use rayon::prelude::*;
        let threads = run("parallele", Duration::from_secs(20), 1 << 22, || {
            let me = std::thread::current().id();
            let spawned = std::sync::Arc::new(std::sync::OnceLock::new());
            let done = spawned.clone();
            rayon::spawn(move || {
                let _ = done.set(std::thread::current().id());
            });
            // What Typst does to wait for its deferred work.
            while let Some(rayon::Yield::Executed) = rayon::yield_now() {}
            let others = (0..64)
                .into_par_iter()
                .map(|_| std::thread::current().id())
                .filter(|t| *t != me)
                .count();
            (others, spawned.get().map(|t| *t == me))
        });
        assert_eq!(threads, Some((0, Some(true))));
    }

    #[test]
    fn gives_up_on_work_that_does_not_end() {
        let quick = run("rapide", Duration::from_secs(5), 1 << 20, || 2 + 2);
        assert_eq!(quick, Some(4));
        let endless = run("sans-fin", Duration::from_millis(50), 1 << 20, || {
            loop {
                std::thread::park();
            }
        });
        assert_eq!(endless, None::<()>);
    }
}
