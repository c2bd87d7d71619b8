//! Benchmark at national scale: `ctin build` of the synthetic site (`synthetic.rs`) at several
//! sizes, in the situations of a real network, with wall time and peak memory (max RSS) of the
//! real binary, and the same corpus built by Hugo and indexed by Pagefind's CLI as anchors.
//!
//! Run: `scripts/bench-echelle` (installs the anchors, runs on tmpfs and on disk), or
//! `cargo bench --bench echelle -- 10 100 300` (numbers of territories; about 100 pages and
//! 96 PDFs each). Options by environment: `CTIN_MESURES` (runs of each warm situation, 3 by
//! default), `CTIN_DOSSIER_MESURE` (folder of the sites and outputs, the system's temporary
//! folder by default), `HUGO` and `PAGEFIND` (the anchors' commands; looked up on the `PATH`,
//! left out when absent), `CTIN_BIN` (the ctin binary to measure, to compare two versions;
//! the one cargo built by default).
//!
//! For each size, in this order (one output folder, as a build site keeps it):
//! 1. complete site from an empty output: pages, search index, every PDF laid out;
//! 2. the same again, nothing changed (median);
//! 3. one document edited (a new sentence each run): its PDF and its territory's dossier;
//! 4. search off (`recherche: false`), PDFs unchanged (median): the site alone;
//! 5. the search index's own step (`CTIN_DETAILS`), from the runs of 3 (a page changed, so the
//!    index is made again; with nothing changed it is taken from the previous output);
//! 6. the build state removed (`.ctin-pages.json`): every page rendered again, the PDFs kept,
//!    and the search index's step alone, made from scratch (median).

#[path = "measure.rs"]
mod measure;
#[path = "synthetic.rs"]
mod synthetic;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use measure::{Run, median};

/// One line of a size's table.
struct Line {
    what: String,
    secs: f64,
    peak_mib: f64,
    note: String,
}

fn ctin_build(root: &Path, output: &Path) -> Run {
    let run = measure::run(
        Command::new(ctin())
            .args(["build", "--root", root.to_str().unwrap()])
            .args(["--output", output.to_str().unwrap()])
            .env("CTIN_DETAILS", "1"),
    );
    assert!(run.ok, "la construction a échoué :\n{}", run.output);
    run
}

/// The binary measured: `CTIN_BIN` (to compare two versions), else the one cargo built.
fn ctin() -> PathBuf {
    std::env::var_os("CTIN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ctin")))
}

/// A step's time in milliseconds, from the `CTIN_DETAILS` lines (`  index de recherche : 812 ms`).
fn step_ms(output: &str, step: &str) -> Option<f64> {
    output.lines().find_map(|l| {
        l.trim()
            .strip_prefix(step)?
            .strip_prefix(" : ")?
            .strip_suffix(" ms")?
            .parse()
            .ok()
    })
}

/// How many PDFs the build laid out (`  193 PDF, dont 2 mis en page : 812 ms`).
fn pdfs_made(output: &str) -> usize {
    output
        .lines()
        .find_map(|l| {
            let rest = l.split(" PDF, dont ").nth(1)?;
            rest.split(' ').next()?.parse().ok()
        })
        .unwrap_or(0)
}

/// How many documents' PDFs the build cut from their dossier
/// (`  193 PDF, dont 2 mis en page et 190 découpés dans les dossiers : 812 ms`).
fn pdfs_cut(output: &str) -> usize {
    output
        .lines()
        .find_map(|l| {
            let rest = l
                .split(" PDF, dont ")
                .nth(1)?
                .split(" mis en page et ")
                .nth(1)?;
            rest.split(' ').next()?.parse().ok()
        })
        .unwrap_or(0)
}

fn count(dir: &Path, extension: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == extension))
        .count()
}

/// `runs` builds: medians of time and peak, and how many PDFs each laid out.
fn warm(root: &Path, output: &Path, runs: usize) -> (f64, f64, Vec<usize>) {
    let mut all = prepared(runs, root, output, |_| {});
    (median(&mut all.secs), median(&mut all.peaks), all.made)
}

/// What `runs` builds gave, each after `prepare(run)` (from 1): times, peaks, PDFs laid out
/// and the search index's step (ms).
struct Runs {
    secs: Vec<f64>,
    peaks: Vec<f64>,
    made: Vec<usize>,
    search: Vec<f64>,
}

fn prepared(runs: usize, root: &Path, output: &Path, mut prepare: impl FnMut(usize)) -> Runs {
    let mut all = Runs {
        secs: Vec::new(),
        peaks: Vec::new(),
        made: Vec::new(),
        search: Vec::new(),
    };
    for i in 1..=runs {
        prepare(i);
        let r = ctin_build(root, output);
        all.made.push(pdfs_made(&r.output));
        all.search.extend(step_ms(&r.output, "index de recherche"));
        all.secs.push(r.secs);
        all.peaks.push(r.peak_mib);
    }
    all
}

fn listed(made: &[usize]) -> String {
    made.iter()
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn measure_ctin(root: &Path, work: &Path, runs: usize) -> (Vec<Line>, usize) {
    let output = work.join("sortie");
    let _ = fs::remove_dir_all(&output);
    let mut lines = Vec::new();
    let cold = ctin_build(root, &output);
    let pages = count(&output, "html");
    let pdfs = count(&output, "pdf");
    lines.push(Line {
        what: "site complet, sortie vide (pages, recherche, tous les PDF)".into(),
        secs: cold.secs,
        peak_mib: cold.peak_mib,
        note: format!(
            "{pages} pages HTML, {} PDF mis en page, {} découpés dans les dossiers",
            pdfs_made(&cold.output),
            pdfs_cut(&cold.output)
        ),
    });
    let (secs, peak, made) = warm(root, &output, runs);
    lines.push(Line {
        what: "reconstruction, rien de changé".into(),
        secs,
        peak_mib: peak,
        note: format!("PDF mis en page à chaque fois : {}", listed(&made)),
    });

    let indexed = pages - pages_not_indexed(&output);

    let edited = root.join("content/territoires/t000/documents/doc-001.md");
    let before = fs::read_to_string(&edited).unwrap();
    // A page changed: the index is made again.
    let mut edits = prepared(runs, root, &output, |i| {
        fs::write(&edited, format!("{before}\nModification numéro {i}.\n")).unwrap();
    });
    fs::write(&edited, &before).unwrap();
    lines.push(Line {
        what: "un document modifié".into(),
        secs: median(&mut edits.secs),
        peak_mib: median(&mut edits.peaks),
        note: format!("PDF mis en page à chaque fois : {}", listed(&edits.made)),
    });

    let config = root.join("content/site.yaml");
    let site = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{site}recherche: false\n")).unwrap();
    // The first build without search rewrites the pages (no search field): not counted.
    ctin_build(root, &output);
    let (secs, peak, _) = warm(root, &output, runs);
    fs::write(&config, &site).unwrap();
    lines.push(Line {
        what: "sans recherche, PDF inchangés".into(),
        secs,
        peak_mib: peak,
        note: String::new(),
    });
    if !edits.search.is_empty() {
        lines.push(Line {
            what: "dont l'index de recherche, refait après la modification (étape seule)".into(),
            secs: median(&mut edits.search) / 1000.0,
            peak_mib: f64::NAN,
            note: format!("{indexed} pages indexées"),
        });
    }
    // Without the build state every page is rendered again and the whole index made from
    // scratch; the PDFs (their own manifest) are kept.
    let mut stateless = prepared(runs, root, &output, |_| {
        fs::remove_file(output.join(ctin::output::reuse::STATE)).unwrap();
    });
    lines.push(Line {
        what: "état de construction retiré : toutes les pages refaites, PDF repris".into(),
        secs: median(&mut stateless.secs),
        peak_mib: median(&mut stateless.peaks),
        note: String::new(),
    });
    lines.push(Line {
        what: "dont l'index de recherche, refait en entier (étape seule)".into(),
        secs: median(&mut stateless.search) / 1000.0,
        peak_mib: f64::NAN,
        note: format!("{indexed} pages indexées"),
    });

    let _ = fs::remove_dir_all(&output);
    (lines, pdfs)
}

/// Pages left out of the search index: print pages, the 404 and the search page.
fn pages_not_indexed(output: &Path) -> usize {
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| fs::read_to_string(e.path()).is_ok_and(|t| !t.contains("data-pagefind-body")))
        .count()
}

/// A command given by the environment variable `var`, else found on the `PATH`.
fn tool(var: &str, name: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// The synthetic corpus as a Hugo site: every Markdown file of a territory (its presentation
/// as the section's page), one page per actor with its entry, and the free pages.
fn hugo_site(root: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    let w = |path: &Path, text: &str| {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    w(
        &to.join("hugo.toml"),
        "baseURL = 'https://exemple.fr/'\nlanguageCode = 'fr'\ntitle = 'Site synthétique'\ndisableKinds = ['taxonomy', 'term']\n",
    );
    w(
        &to.join("layouts/baseof.html"),
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav><a href=\"/\">Accueil</a> {{ range .Ancestors }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav><main data-pagefind-body><h1>{{ .Title }}</h1>{{ block \"main\" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>",
    );
    w(
        &to.join("layouts/single.html"),
        "{{ define \"main\" }}{{ .Content }}{{ end }}",
    );
    w(
        &to.join("layouts/list.html"),
        "{{ define \"main\" }}{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    );
    let content = root.join("content");
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let rel = path.strip_prefix(&content).unwrap();
        let text = || fs::read_to_string(path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("md") if !rel.starts_with("modeles") => {
                let target = if rel.file_name().is_some_and(|n| n == "index.md") {
                    rel.with_file_name("_index.md")
                } else {
                    rel.to_path_buf()
                };
                w(
                    &to.join("content").join(target),
                    &text().replacen("\ntitre:", "\ntitle:", 1),
                );
            }
            Some("yaml") if rel.file_name().is_some_and(|n| n == "acteurs.yaml") => {
                let folder = to
                    .join("content")
                    .join(rel.parent().unwrap())
                    .join("acteurs");
                w(&folder.join("_index.md"), "---\ntitle: Acteurs\n---\n");
                for (i, actor) in text().split("- id: ").skip(1).enumerate() {
                    let name = actor
                        .lines()
                        .find_map(|l| l.trim().strip_prefix("nom: "))
                        .unwrap_or("Acteur");
                    let mut body = format!("---\ntitle: \"{name}\"\n---\n\n");
                    for l in actor.lines().skip(1) {
                        let _ = writeln!(body, "- {}", l.trim());
                    }
                    w(&folder.join(format!("acteur-{i}.md")), &body);
                }
            }
            _ => {}
        }
    }
}

fn measure_anchors(root: &Path, work: &Path, runs: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let Some(hugo) = tool("HUGO", "hugo") else {
        eprintln!("hugo absent (HUGO ou PATH) : ancres non mesurées");
        return lines;
    };
    let source = work.join("hugo");
    let public = work.join("hugo-public");
    hugo_site(root, &source);
    let (mut secs, mut peaks) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let _ = fs::remove_dir_all(&public);
        let r = measure::run(
            Command::new(&hugo)
                .args(["--quiet", "--source", source.to_str().unwrap()])
                .args(["--destination", public.to_str().unwrap()]),
        );
        assert!(r.ok, "hugo a échoué :\n{}", r.output);
        secs.push(r.secs);
        peaks.push(r.peak_mib);
    }
    let pages = count(&public, "html");
    lines.push(Line {
        what: "ancre : Hugo, même corpus, sortie vide".into(),
        secs: median(&mut secs),
        peak_mib: median(&mut peaks),
        note: format!("{pages} pages HTML, sans PDF ni page d'impression"),
    });
    if let Some(pagefind) = tool("PAGEFIND", "pagefind") {
        let (mut secs, mut peaks) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let _ = fs::remove_dir_all(public.join("pagefind"));
            let r = measure::run(
                Command::new(&pagefind)
                    .args(["--site", public.to_str().unwrap()])
                    .args(["--force-language", "fr"]),
            );
            assert!(r.ok, "pagefind a échoué :\n{}", r.output);
            secs.push(r.secs);
            peaks.push(r.peak_mib);
        }
        lines.push(Line {
            what: "ancre : CLI de Pagefind sur la sortie de Hugo".into(),
            secs: median(&mut secs),
            peak_mib: median(&mut peaks),
            note: format!("{pages} pages"),
        });
    } else {
        eprintln!("pagefind absent (PAGEFIND ou PATH) : ancre non mesurée");
    }
    let _ = fs::remove_dir_all(&source);
    let _ = fs::remove_dir_all(&public);
    lines
}

fn mib(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else {
        format!("{v:.0} Mo")
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10, 100]
    } else {
        sizes
    };
    let runs: usize = std::env::var("CTIN_MESURES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let base = std::env::var_os("CTIN_DOSSIER_MESURE")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let work = tempfile::tempdir_in(&base).unwrap();
    println!(
        "Mesures dans {} ; médiane de {runs} constructions pour chaque reconstruction.\n",
        base.display()
    );
    let mut growth = Vec::new();
    for &n in &sizes {
        let root = work.path().join(format!("site-{n}"));
        synthetic::generate(&root, n);
        let (mut lines, pdfs) = measure_ctin(&root, work.path(), runs);
        lines.extend(measure_anchors(&root, work.path(), runs));
        println!("### {n} territoires ({pdfs} PDF)\n");
        println!("| situation | temps | mémoire maximale | remarque |\n|---|---|---|---|");
        for l in &lines {
            println!(
                "| {} | {:.2} s | {} | {} |",
                l.what,
                l.secs,
                mib(l.peak_mib),
                l.note
            );
        }
        println!();
        growth.push((n, lines));
        let _ = fs::remove_dir_all(&root);
    }
    if growth.len() > 1 {
        println!("### Croissance\n");
        println!(
            "| territoires | site complet, sortie vide | par territoire | mémoire | reconstruction sans recherche | par territoire |\n|---|---|---|---|---|---|"
        );
        for (n, lines) in &growth {
            let find = |w: &str| lines.iter().find(|l| l.what.starts_with(w));
            let cell = |l: Option<&Line>| {
                l.map(|l| format!("{:.2} s | {:.0} ms", l.secs, l.secs * 1000.0 / *n as f64))
                    .unwrap_or_else(|| "— | —".into())
            };
            let cold = find("site complet");
            println!(
                "| {n} | {} | {} | {} |",
                cell(cold),
                mib(cold.map_or(f64::NAN, |l| l.peak_mib)),
                cell(find("sans recherche")),
            );
        }
    }
}
