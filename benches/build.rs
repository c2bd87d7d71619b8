//! Benchmark of `ctin build` on the synthetic site (100 territories, about 10 000 pages):
//! wall time of the real binary (median of several runs) and its peak memory (max RSS).
//!
//! Run: `cargo bench --bench build` (options after `--`: number of territories, runs).
//! `CTIN_SITE=. cargo bench --bench build` measures an existing site instead (here the sample).
//!
//! The first build starts from an empty output folder, so it lays out every PDF; the next ones
//! find their PDFs unchanged. Both are reported.

#[path = "synthetic.rs"]
mod synthetic;

use std::process::Command;
use std::time::Instant;

fn peak_rss_kib(child: std::process::Child) -> (std::process::ExitStatus, i64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into valid local variables.
    unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    std::mem::forget(child);
    (
        std::os::unix::process::ExitStatusExt::from_raw(status),
        usage.ru_maxrss,
    )
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let keep = std::env::var_os("CTIN_GARDER").map(std::path::PathBuf::from);
    let territories: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let tmp = tempfile::tempdir().unwrap();
    let existing = std::env::var_os("CTIN_SITE").map(std::path::PathBuf::from);
    let root = existing
        .clone()
        .or(keep)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    if existing.is_none() {
        let t = Instant::now();
        synthetic::generate(&root, territories);
        eprintln!(
            "site synthétique : {territories} territoires générés en {} ms",
            t.elapsed().as_millis()
        );
    }
    if runs == 0 {
        // Only the site was asked for (with CTIN_GARDER): nothing to measure.
        return;
    }
    // Outside the site, so that the first build finds no previous PDFs.
    let output = tmp.path().join("sortie-mesuree");
    let mut times = Vec::new();
    let mut peaks = Vec::new();
    let mut search = Vec::new();
    let mut pdf: Vec<(f64, String)> = Vec::new();
    for i in 0..runs {
        let t = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_ctin"))
            .args(["build", "--root", root.to_str().unwrap()])
            .args(["--output", output.to_str().unwrap()])
            .env("CTIN_DETAILS", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut details = String::new();
        let stderr = child.stderr.take();
        let (status, peak) = peak_rss_kib(child);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        std::io::Read::read_to_string(&mut stderr.unwrap(), &mut details).unwrap();
        assert!(status.success(), "la construction a échoué :\n{details}");
        // The step lines of CTIN_DETAILS: "  index de recherche : 4321 ms".
        if let Some(step) = details
            .lines()
            .find_map(|l| l.trim().strip_prefix("index de recherche : "))
            .and_then(|l| l.trim_end_matches(" ms").parse::<f64>().ok())
        {
            search.push(step);
        }
        // "  19 PDF, dont 19 mis en page : 812 ms".
        if let Some((what, ms)) = details
            .lines()
            .filter(|l| l.contains(" PDF, dont "))
            .find_map(|l| l.trim().rsplit_once(" : "))
        {
            pdf.push((
                ms.trim_end_matches(" ms").parse().unwrap_or(0.0),
                what.to_string(),
            ));
        }
        eprintln!(
            "  construction {} : {ms:.0} ms, mémoire maximale {} Mo",
            i + 1,
            peak / 1024
        );
        times.push(ms);
        peaks.push(peak);
    }
    let pages = walkdir::WalkDir::new(&output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    let first = times[0];
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    search.sort_by(|a, b| a.partial_cmp(b).unwrap());
    peaks.sort();
    let (index_files, index_bytes) = walkdir::WalkDir::new(output.join("pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map(|m| m.len()).unwrap_or(0))
        });
    let git_pass = if existing.is_none() {
        git_dates(&root)
    } else {
        None
    };
    println!(
        "build: {pages} pages, médiane {:.0} ms (min {:.0}, max {:.0}) sur {runs} constructions, la première (sortie vide) {first:.0} ms ; mémoire maximale médiane {} Mo",
        times[runs / 2],
        times[0],
        times[runs - 1],
        peaks[runs / 2] / 1024
    );
    if !search.is_empty() {
        println!(
            "recherche: index de {index_files} fichiers, {:.1} Mo ; le faire prend {:.0} ms (médiane, min {:.0}, max {:.0})",
            index_bytes as f64 / 1_048_576.0,
            search[search.len() / 2],
            search[0],
            search[search.len() - 1]
        );
    }
    if let Some(((first, what), rest)) = pdf.split_first() {
        let mut warm: Vec<&(f64, String)> = rest.iter().collect();
        warm.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        let size: u64 = walkdir::WalkDir::new(&output)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
            .sum();
        print!(
            "pdf: sortie vide : {what} en {first:.0} ms ; {:.1} Mo de PDF",
            size as f64 / 1_048_576.0
        );
        match warm.get(warm.len() / 2) {
            Some((ms, what)) => println!(" ; reconstruction : {what} en {ms:.0} ms (médiane)"),
            None => println!(),
        }
    }
    if let Some(ms) = git_pass {
        println!("git: dates du dernier commit de chaque fichier, médiane {ms:.0} ms");
    }
}

/// Puts the synthetic site in a git repository (one commit) and times the pass that reads the
/// date of every content file's last commit; returns the median in milliseconds.
fn git_dates(root: &std::path::Path) -> Option<f64> {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .env("GIT_AUTHOR_NAME", "ctin")
            .env("GIT_AUTHOR_EMAIL", "ctin@exemple.fr")
            .env("GIT_COMMITTER_NAME", "ctin")
            .env("GIT_COMMITTER_EMAIL", "ctin@exemple.fr")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let _ = std::fs::remove_dir_all(root.join(".git"));
    if !(git(&["init", "-q"]) && git(&["add", "content"]) && git(&["commit", "-q", "-m", "site"])) {
        eprintln!("git absent : passe des dates git non mesurée");
        return None;
    }
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let history = ctin::content::git::read(root).expect("historique git");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            assert!(
                history
                    .date(&[std::path::Path::new("content/site.yaml")])
                    .is_some()
            );
            ms
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let _ = std::fs::remove_dir_all(root.join(".git"));
    eprintln!(
        "  dates git de tous les fichiers : médiane {:.0} ms sur 5",
        times[2]
    );
    Some(times[2])
}
