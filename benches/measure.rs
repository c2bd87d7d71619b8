//! Running a command and measuring it: wall time and peak memory (max RSS of the process and
//! of the children it waited for), for the benchmarks.

use std::process::{Command, Stdio};
use std::time::Instant;

/// What one run of a command gave.
pub struct Run {
    /// True when it exited with status 0.
    pub ok: bool,
    /// Wall time, in seconds.
    pub secs: f64,
    /// Peak resident memory, in MiB.
    pub peak_mib: f64,
    /// What it wrote on stderr (and stdout, after it).
    pub output: String,
}

/// Runs `command` to its end, with its output captured.
pub fn run(command: &mut Command) -> Run {
    let out = tempfile::tempfile().unwrap();
    let err = out.try_clone().unwrap();
    let start = Instant::now();
    let child = command
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(err))
        .stdin(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("impossible de lancer {command:?} : {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into valid local variables. Linux gives the
    // largest RSS of the child and of the descendants it waited for.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    let secs = start.elapsed().as_secs_f64();
    let mut output = String::new();
    let mut file = out;
    std::io::Seek::rewind(&mut file).unwrap();
    std::io::Read::read_to_string(&mut file, &mut output).unwrap_or_default();
    Run {
        ok: status == 0,
        secs,
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
        output,
    }
}

/// The median of `values` (sorted in place).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}
