//! Cost of the official geography at start-up: `ctin check` on the sample site as it is (its
//! territories give their official `code`, so the geography is read) and on a copy whose
//! territories give none (the geography is never read). Medians of wall times, and peak
//! memory (max RSS) of the last run.
//!
//! Run: `cargo bench --bench check` (option after `--`: number of runs, 21 by default).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn copy_dir(from: &Path, to: &Path) {
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

/// Median wall time and last peak RSS (KiB) of `ctin check --root <root>`.
fn measure(root: &Path, runs: usize) -> (Duration, i64) {
    let mut times = Vec::new();
    let mut rss = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_ctin"))
            .args(["check", "--root", root.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id() as libc::pid_t;
        let mut status = 0;
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for our own child, writing into valid local variables.
        unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        std::mem::forget(child);
        times.push(start.elapsed());
        assert_eq!(status, 0, "ctin check a échoué sur {}", root.display());
        rss = usage.ru_maxrss;
    }
    times.sort();
    (times[times.len() / 2], rss)
}

/// Median time to read the embedded table, and to build its index of names, in this process.
fn in_process(runs: usize) -> (Duration, Duration) {
    let mut read = Vec::new();
    let mut names = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let g = ctin::geo::read();
        read.push(start.elapsed());
        let start = Instant::now();
        assert!(!g.communes_named("La Rochelle").is_empty());
        names.push(start.elapsed());
    }
    read.sort();
    names.sort();
    (read[runs / 2], names[runs / 2])
}

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(21);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&sample.join("content"), &tmp.path().join("content"));
    let territories = tmp.path().join("content/territoires");
    for t in std::fs::read_dir(&territories).unwrap() {
        let card = t.unwrap().path().join("territoire.yaml");
        let text = std::fs::read_to_string(&card).unwrap();
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with("code:"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&card, without).unwrap();
    }
    // One run each first, so that both read warm files.
    measure(sample, 1);
    measure(tmp.path(), 1);
    let (with, rss_with) = measure(sample, runs);
    let (without, rss_without) = measure(tmp.path(), runs);
    let (read, names) = in_process(runs);
    println!(
        "géographie intégrée : {} octets de table ; lecture {:.1} ms, index des noms {:.1} ms (médianes dans un même processus)",
        include_str!("../src/geo/data/geographie.tsv").len(),
        read.as_secs_f64() * 1000.0,
        names.as_secs_f64() * 1000.0
    );
    println!(
        "ctin check, exemple du dépôt ({runs} exécutions, médianes) :\n  avec la géographie (codes officiels) : {:.1} ms, {} Mio au plus\n  sans (codes retirés) : {:.1} ms, {} Mio au plus\n  coût de la géographie : {:.1} ms",
        with.as_secs_f64() * 1000.0,
        rss_with / 1024,
        without.as_secs_f64() * 1000.0,
        rss_without / 1024,
        (with.as_secs_f64() - without.as_secs_f64()) * 1000.0
    );
}
