//! `cargo bench --bench serve [territoires] [modifications]`: on the synthetic site (100
//! territories, about 10 000 pages, by default), the time from saving one territory file to the
//! reload event that `ctin serve` sends to open pages, median over 20 saves of each kind of
//! file (the territory card twice: its short name, which every page of the territory shows, then
//! a budget line, which its own page alone shows), against the time of a full rebuild (a change of `site.yaml`). The real binary runs
//! as a real server; the clock starts just before the file is written. Under each kind, the
//! median time of each step of the server's rebuilds (as `CTIN_DETAILS=1` prints them).
//!
//! `CTIN_GARDER=<dossier>` keeps the synthetic site in that folder.

#[path = "../tests/common/server.rs"]
mod server;
mod synthetic;

use std::path::Path;
use std::time::{Duration, Instant};

use server::{Events, get, start_with};

/// Saves `file` with `from` replaced by `to`, then waits for the reload event; returns the
/// milliseconds between the write and the event, the server's own rebuild line, and the times
/// of the rebuild's steps it printed (`CTIN_DETAILS`: « étape : N ms »).
fn save_and_wait(
    server: &server::Server,
    events: &mut Events,
    file: &Path,
    from: &str,
    to: &str,
) -> (f64, String, Vec<(String, f64)>) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} : {from:?} absent", file.display());
    let changed = text.replacen(from, to, 1);
    while server.lines.try_recv().is_ok() {}
    // A reload sent before this save (a rebuild of an earlier one) is not this save's.
    events.forget();
    let t = Instant::now();
    std::fs::write(file, changed).unwrap();
    assert!(
        events.wait("recharge", Duration::from_secs(120)),
        "pas d'événement de rechargement après {}",
        file.display()
    );
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    // The step lines come before the rebuild's own line; the background work's lines are not
    // steps of the rebuild.
    let mut steps = Vec::new();
    let mut line = String::new();
    while let Ok(l) = server.lines.recv_timeout(Duration::from_secs(5)) {
        if l.starts_with("Mis à jour") || l.starts_with("Site reconstruit") {
            line = l;
            break;
        }
        let step = l.strip_prefix("  ").and_then(|l| l.strip_suffix(" ms"));
        if let Some((name, n)) = step.and_then(|l| l.rsplit_once(" : "))
            && let Ok(n) = n.parse::<f64>()
        {
            // The number of pages rendered varies from save to save: one name per step, each
            // number in it written N.
            let mut named = String::new();
            for c in name.chars() {
                if !c.is_ascii_digit() {
                    named.push(c);
                } else if !named.ends_with('N') {
                    named.push('N');
                }
            }
            let name = named;
            steps.push((name, n));
        }
    }
    // Let the file system settle before the next save.
    std::thread::sleep(Duration::from_millis(100));
    (ms, line, steps)
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let territories: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let saves: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let tmp = tempfile::tempdir().unwrap();
    let root = std::env::var_os("CTIN_GARDER")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    synthetic::generate(&root, territories);
    let t = Instant::now();
    // The server prints the time of each step of its rebuilds.
    let server = start_with(
        &root,
        &[],
        &[("CTIN_DETAILS", "1")],
        Duration::from_secs(300),
    );
    eprintln!(
        "serveur prêt (première construction comprise) en {} ms",
        t.elapsed().as_millis()
    );
    let mut events = Events::connect(server.port);
    let k = territories / 2;
    let dir = root.join(format!("content/territoires/t{k:03}"));

    // (file, what it holds, text to change)
    let kinds = [
        (
            "acteurs.yaml",
            "les acteurs",
            format!("nom: Acteur 3 du territoire {k}"),
        ),
        (
            "territoire.yaml",
            "la fiche du territoire",
            format!("nom_court: Territoire {k}"),
        ),
        (
            "territoire.yaml",
            "la fiche du territoire, une ligne de budget (sur sa seule page)",
            "objet: conseillers numériques".to_string(),
        ),
        (
            "feuille-de-route.md",
            "la feuille de route",
            "titre: Action 2.3".to_string(),
        ),
        (
            "documents/doc-010.md",
            "un document qui adopte un modèle",
            format!("titre: Charte 10 du territoire {k}"),
        ),
        (
            "documents/doc-011.md",
            "un compte rendu",
            format!("titre: Compte rendu 11 du territoire {k}"),
        ),
    ];
    let mut report = Vec::new();
    for (file, what, from) in &kinds {
        let path = dir.join(file);
        let mut times = Vec::new();
        let mut line = String::new();
        let mut steps: Vec<(String, Vec<f64>)> = Vec::new();
        let mut current = from.clone();
        for i in 0..saves {
            let next = format!("{from} (version {i})");
            let (ms, l, s) = save_and_wait(&server, &mut events, &path, &current, &next);
            times.push(ms);
            line = l;
            for (name, n) in s {
                match steps.iter_mut().find(|(known, _)| *known == name) {
                    Some((_, all)) => all.push(n),
                    None => steps.push((name, vec![n])),
                }
            }
            current = next;
        }
        let (med, min, max) = median(times);
        eprintln!("  {what} : médiane {med:.0} ms (min {min:.0}, max {max:.0}) ; dernier : {line}");
        for (name, all) in steps {
            let runs = all.len();
            let (med, _, _) = median(all);
            eprintln!("      {name} : médiane {med:.0} ms ({runs} reconstructions)");
        }
        report.push(format!("{what} ({file}) {med:.0} ms"));
    }
    let (_, acteurs) = get(server.port, &format!("/territoires/t{k:03}/acteurs/"));
    assert!(
        acteurs.contains(&format!(
            "Acteur 3 du territoire {k} (version {})",
            saves - 1
        )),
        "la page des acteurs montre la dernière version"
    );

    let site_yaml = root.join("content/site.yaml");
    let mut full = Vec::new();
    let mut current = "Un grand site pour mesurer ctin.".to_string();
    for i in 0..3 {
        let next = format!("Un grand site pour mesurer ctin ({i}).");
        let (ms, line, _) = save_and_wait(&server, &mut events, &site_yaml, &current, &next);
        eprintln!("  site.yaml (tout refaire) : {ms:.0} ms ; {line}");
        full.push(ms);
        current = next;
    }
    let (full_med, _, _) = median(full);
    println!(
        "serve: de l'enregistrement à l'événement de rechargement, médiane sur {saves} : {} ; reconstruction complète (site.yaml) : médiane {full_med:.0} ms",
        report.join(", ")
    );
}
