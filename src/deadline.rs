/*!
Work that must end in time, whatever its input: a model written as a Tera loop over millions of
items, or a PDF template that never stops laying out. The work runs on a thread of its own; if
it has not ended when the time is up, the caller gets `None` (and reports a located error) while
the thread is left to finish alone. Neither Tera nor Typst can be interrupted from outside, so
this is the only bound that holds for every input; the process (a build, a check) ends soon
after anyway, and the preview keeps serving.
*/

use std::time::Duration;

/// Runs `work` on a new thread with a stack of `stack` bytes; `None` when it takes longer than
/// `limit` (or panics).
pub fn run<T: Send + 'static>(
    name: &str,
    limit: Duration,
    stack: usize,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(stack)
        .spawn(move || {
            let _ = tx.send(work());
        });
    if spawned.is_err() {
        return None;
    }
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
