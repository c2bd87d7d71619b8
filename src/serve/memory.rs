//! The preview's memory. Every save renders about the same pages again, with about the same
//! memory: what a rebuild (or the background's index and PDFs) frees is kept for the next one
//! instead of being given back to the system.
//!
//! mimalloc, ctin's allocator, gives freed memory back ("purges" it) a second after it was
//! freed, and the first allocation that finds the delay expired does the purging. A save that
//! came more than a second after the previous one paid for that purge, then for the page faults
//! of taking the same memory back: on the 100-territory synthetic site, a card's short-name
//! save took 78 ms (median of 15, `cargo bench --bench serve -- 100 15`) and 54 ms without the
//! purge; an actor's name 54 → 30 ms. The cost: the preview keeps its highest footprint
//! (after 12 such saves, ~720 MB resident instead of ~550 MB; 715 MB after 60: it does not
//! grow); `ctin build`, which runs once, keeps mimalloc's default (a warm build took the same
//! time and memory either way).

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in the `mi_option_e` enum of the mimalloc (v3) that
/// `libmimalloc-sys` builds; the crate names no constant for it. The test below checks that
/// the option at this place has the purge delay's default.
const PURGE_DELAY: mi_option_t = 15;

/// Memory freed from now on stays with the process, to be used again.
pub(super) fn keep_freed() {
    // SAFETY: sets one of mimalloc's options (`-1`: never purge), read when memory is freed;
    // called before the preview starts its threads.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The purge delay now in force, in milliseconds (`-1`: never).
    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reads one of mimalloc's options.
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
    }

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // mimalloc v3's default: a second (unless the environment says otherwise).
        let from_env = std::env::var("MIMALLOC_PURGE_DELAY")
            .ok()
            .or_else(|| std::env::var("MIMALLOC_RESET_DELAY").ok());
        let expected = from_env.and_then(|v| v.parse().ok()).unwrap_or(1000);
        assert_eq!(purge_delay(), expected);
        keep_freed();
        assert_eq!(purge_delay(), -1);
    }
}
