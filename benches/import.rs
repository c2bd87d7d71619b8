//! `ctin import lieux` of a national-size file (20 000 places over every département, made
//! from the official geography by `tests/common/lieux.rs`) into one territory, the Sicoval:
//! the first import (every place of the territory added) and a second one (nothing changes),
//! as CSV and as JSON. Medians of wall time, and the peak memory of the last run.
//!
//! Run: `cargo bench --bench import` (options after `--`: number of rows, 20 000 by default,
//! and number of runs, 11 by default).

#[path = "../tests/common/lieux.rs"]
mod lieux;
#[path = "measure.rs"]
mod measure;

use std::path::Path;
use std::process::Command;

fn ctin(args: &[&str]) -> measure::Run {
    measure::run(Command::new(env!("CARGO_BIN_EXE_ctin")).args(args))
}

/// A site with the Sicoval created from its code (its `acteurs.yaml` as `ctin new` writes it).
fn new_site(dir: &Path) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("content/site.yaml"),
        "titre: Mesure\ndescription: Mesure de l'import des lieux.\n",
    )
    .unwrap();
    let run = ctin(&[
        "new",
        "territoire",
        "--root",
        dir.to_str().unwrap(),
        "--code",
        "243100633",
    ]);
    assert!(run.ok, "{}", run.output);
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let rows = args.first().copied().unwrap_or(20_000);
    let runs = args.get(1).copied().unwrap_or(11);
    let data = lieux::national(rows, "243100633");
    let work = tempfile::tempdir().unwrap();
    let files = [
        ("CSV", work.path().join("lieux.csv"), data.csv(',')),
        ("JSON", work.path().join("lieux.json"), data.json()),
    ];
    println!(
        "Import de {} lieux ({} dans le Sicoval), médiane de {runs} exécutions :",
        data.read,
        data.inside.len()
    );
    for (kind, path, text) in &files {
        std::fs::write(path, text).unwrap();
        let size = text.len() as f64 / 1e6;
        let (mut first, mut second) = (Vec::new(), Vec::new());
        let mut peak = 0.0;
        for i in 0..runs {
            let site = work.path().join(format!("site-{kind}-{i}"));
            new_site(&site);
            let args = [
                "import",
                "lieux",
                path.to_str().unwrap(),
                "--territoire",
                "sicoval",
                "--root",
                site.to_str().unwrap(),
            ];
            let run = ctin(&args);
            assert!(run.ok, "{}", run.output);
            first.push(run.secs);
            let run = ctin(&args);
            assert!(
                run.ok && run.output.contains("rien n'a été modifié"),
                "{}",
                run.output
            );
            second.push(run.secs);
            peak = run.peak_mib;
            std::fs::remove_dir_all(&site).unwrap();
        }
        println!(
            "  {kind} ({size:.1} Mo) : premier import {:.3} s, second (rien ne change) {:.3} s, mémoire {peak:.0} Mio",
            measure::median(&mut first),
            measure::median(&mut second),
        );
    }
}
