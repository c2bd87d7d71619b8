//! A rehearsal of a publication, as a GitLab runner would run the recipe that `ctin new site`
//! writes: a fresh clone, the runner's cache restored, the `pages` job's script run in a clean
//! environment (an empty HOME, no Rust toolchain on PATH) with ctin's release served by a
//! loopback HTTP server (the address a network hosting its own forge puts in
//! `CTIN_TELECHARGEMENT`), then the cache saved. Twice per site: cold, then warm after one
//! document is edited. On a new site and on the sample; the time of each step is printed
//! (`cargo test --profile ci --test publication -- --nocapture`, or `scripts/repetition-publication`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A loopback HTTP server of a folder (Python's), stopped when dropped.
struct Forge {
    child: Child,
    url: String,
}

impl Drop for Forge {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// ctin's release, as the release workflow packs it, served from a folder: this build's
/// binary, or the one `CTIN_BINAIRE_PUBLIE` names (`scripts/binaire-portable` gives its
/// portable binary).
fn forge(dir: &Path) -> Forge {
    let releases = dir.join("versions");
    let arch = std::env::consts::ARCH;
    let binary = std::env::var("CTIN_BINAIRE_PUBLIE")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_ctin").to_string());
    let pack = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/empaqueter"))
        .args([
            binary.as_str(),
            VERSION,
            &format!("{arch}-linux"),
            releases.join(format!("v{VERSION}")).to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        pack.status.success(),
        "{}",
        String::from_utf8_lossy(&pack.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
        ])
        .current_dir(&releases)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 sert les versions");
    let forge = Forge {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "le serveur des versions ne répond pas"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    forge
}

/// What a runner's image offers the job: a folder of links to these tools only, so that no
/// Rust toolchain (wherever this machine installed it) is on the job's PATH.
const TOOLS: &[&str] = &[
    "bash",
    "sh",
    "env",
    "curl",
    "tar",
    "gzip",
    "sha256sum",
    "grep",
    "sed",
    "mkdir",
    "mktemp",
    "mv",
    "cp",
    "rm",
    "cat",
    "ls",
    "uname",
    "date",
    "head",
    "tail",
    "sort",
    "dirname",
    "basename",
    "git",
];

fn runner_path(dir: &Path) -> PathBuf {
    let bin = dir.join("outils-du-runner");
    std::fs::create_dir_all(&bin).unwrap();
    for tool in TOOLS {
        let found = Command::new("bash")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .unwrap();
        let path = String::from_utf8_lossy(&found.stdout).trim().to_string();
        assert!(
            found.status.success() && !path.is_empty(),
            "il manque {tool} pour répéter la publication"
        );
        let link = bin.join(tool);
        if !link.exists() {
            std::os::unix::fs::symlink(&path, &link).unwrap();
        }
    }
    bin
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Agent")
        .env("GIT_AUTHOR_EMAIL", "agent@exemple.fr")
        .env("GIT_COMMITTER_NAME", "Agent")
        .env("GIT_COMMITTER_EMAIL", "agent@exemple.fr")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} : {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What one run of the job gave.
struct Job {
    ok: bool,
    log: String,
    /// (step, seconds)
    steps: Vec<(String, f64)>,
}

/// Runs the `pages` job of `.gitlab-ci.yml` on a fresh clone of `repo`, with the runner's
/// cache in `cache`, as a runner would.
fn run_job(repo: &Path, work: &Path, cache: &Path, releases: &str) -> Job {
    let mut steps = Vec::new();
    let start = Instant::now();
    let clone = work.join("clone");
    let _ = std::fs::remove_dir_all(&clone);
    git(work, &["clone", "--quiet", repo.to_str().unwrap(), "clone"]);
    steps.push(("clonage".to_string(), start.elapsed().as_secs_f64()));
    let t = Instant::now();
    if cache.join("output").is_dir() {
        common::copy_dir(&cache.join("output"), &clone.join("output"));
    }
    steps.push(("cache rendu".to_string(), t.elapsed().as_secs_f64()));

    let text = std::fs::read_to_string(clone.join(".gitlab-ci.yml")).unwrap();
    let recipe: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    assert_eq!(recipe["pages"]["cache"]["paths"][0], "output/");
    let entries: Vec<&str> = recipe["pages"]["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    // The runner runs the entries one after the other in one shell; a line between them
    // notes the time.
    let script = entries.join("\necho \"@@étape $(date +%s.%N)\"\n");
    let home = work.join("home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let mut command = Command::new("bash");
    command
        .args([
            "-e",
            "-c",
            &format!("echo \"@@étape $(date +%s.%N)\"\n{script}\necho \"@@étape $(date +%s.%N)\""),
        ])
        .current_dir(&clone)
        .env_clear()
        .env("HOME", &home)
        .env("PATH", runner_path(work))
        .env("LANG", "C.UTF-8")
        .env("CI", "true")
        .env("CI_PROJECT_DIR", &clone)
        .env("CI_PAGES_URL", "https://reseau.exemple.fr/site");
    for (k, v) in recipe["variables"].as_object().unwrap() {
        command.env(k, v.as_str().unwrap());
    }
    command.env("CTIN_TELECHARGEMENT", releases);
    let out = command.output().unwrap();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let marks: Vec<f64> = log
        .lines()
        .filter_map(|l| l.strip_prefix("@@étape ")?.parse().ok())
        .collect();
    for (i, pair) in marks.windows(2).enumerate() {
        let name = if i == 0 {
            "installation de ctin"
        } else {
            "ctin build"
        };
        steps.push((name.to_string(), pair[1] - pair[0]));
    }
    let t = Instant::now();
    if out.status.success() {
        let _ = std::fs::remove_dir_all(cache.join("output"));
        common::copy_dir(&clone.join("output"), &cache.join("output"));
    }
    steps.push(("cache gardé".to_string(), t.elapsed().as_secs_f64()));
    steps.push((
        "total, du début à l'artefact".to_string(),
        start.elapsed().as_secs_f64(),
    ));
    Job {
        ok: out.status.success(),
        log,
        steps,
    }
}

fn laid_out(log: &str) -> Option<usize> {
    let at = log.find("PDF : ")?;
    log[at + 6..].split(' ').next()?.parse().ok()
}

fn print(site: &str, run: &str, job: &Job) {
    let steps: Vec<String> = job
        .steps
        .iter()
        .map(|(name, secs)| format!("{name} {secs:.2} s"))
        .collect();
    println!("{site}, {run} : {}", steps.join(" ; "));
}

/// A site repository made by `ctin new site`, its content replaced by `content` if given.
fn repository(dir: &Path, content: Option<&Path>) -> PathBuf {
    let repo = dir.join("depot");
    let run = common::ctin(&[
        "new",
        "site",
        repo.to_str().unwrap(),
        "--telechargement",
        "https://versions.exemple.fr/ctin",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let recipe = std::fs::read_to_string(repo.join(".gitlab-ci.yml")).unwrap();
    assert!(recipe.contains("CTIN_TELECHARGEMENT: \"https://versions.exemple.fr/ctin\""));
    assert!(recipe.contains(&format!("CTIN_VERSION: \"{VERSION}\"")));
    if let Some(content) = content {
        std::fs::remove_dir_all(repo.join("content")).unwrap();
        common::copy_dir(content, &repo.join("content"));
    }
    git(&repo, &["init", "--quiet", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "--quiet", "-m", "Site"]);
    repo
}

fn edit(repo: &Path, file: &str, line: &str) {
    let path = repo.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(line);
    std::fs::write(&path, text).unwrap();
    git(repo, &["commit", "--quiet", "-am", "Une modification"]);
}

#[test]
fn the_sample_is_published_cold_then_warm_with_only_the_edited_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let forge = forge(dir.path());
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let repo = repository(dir.path(), Some(&sample));
    let cache = dir.path().join("cache");
    let work = dir.path().join("runner");
    std::fs::create_dir_all(&work).unwrap();

    let cold = run_job(&repo, &work, &cache, &forge.url);
    assert!(cold.ok, "{}", cold.log);
    print("exemple", "à froid", &cold);
    assert!(work.join("clone/output/index.html").is_file());
    assert!(
        cold.log.contains(&format!("ctin {VERSION} (")),
        "{}",
        cold.log
    );
    let all = laid_out(&cold.log).expect("le résumé compte les PDF");
    assert!(all > 2, "{}", cold.log);

    // One document edited: its territory's dossier is laid out (the documents' PDFs cut from
    // it), nothing else.
    let document = std::fs::read_dir(repo.join("content/territoires/exemple/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let rel = document
        .strip_prefix(&repo)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    edit(
        &repo,
        &rel,
        "\n## Répétition\n\nUne phrase ajoutée pour la répétition.\n",
    );
    let warm = run_job(&repo, &work, &cache, &forge.url);
    assert!(warm.ok, "{}", warm.log);
    print("exemple", "à chaud, un document modifié", &warm);
    assert_eq!(laid_out(&warm.log), Some(1), "{}", warm.log);
    // Each of the territory's printable documents has its PDF in the output.
    let printable = std::fs::read_dir(work.join("clone/output/territoires/exemple/documents"))
        .unwrap()
        .filter(|e| {
            let dir = e.as_ref().unwrap().path();
            std::fs::read_dir(&dir).is_ok_and(|mut files| {
                files.any(|f| f.unwrap().path().extension().is_some_and(|e| e == "pdf"))
            })
        })
        .count();
    assert!(printable > 1, "{}", warm.log);
    assert!(
        warm.log.contains(&format!(
            "PDF : 1 mis en page, {printable} découpés dans leur dossier"
        )),
        "{}",
        warm.log
    );
    let text = std::fs::read_to_string(work.join("clone/output/index.html")).unwrap();
    assert!(text.contains("<html"));

    // A content error stops the publication with the French message in the job's log.
    edit(&repo, "content/site.yaml", "tire: faute de frappe\n");
    let broken = run_job(&repo, &work, &cache, &forge.url);
    assert!(!broken.ok);
    assert!(
        broken.log.contains("erreur[cle-inconnue]"),
        "{}",
        broken.log
    );
    assert!(
        broken.log.contains("Construction annulée"),
        "{}",
        broken.log
    );
}

#[test]
fn a_new_site_is_published_and_a_wrong_checksum_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let forge = forge(dir.path());
    let repo = repository(dir.path(), None);
    let cache = dir.path().join("cache");
    let work = dir.path().join("runner");
    std::fs::create_dir_all(&work).unwrap();
    // No Rust toolchain where the job runs.
    let cargo = Command::new(runner_path(&work).join("bash"))
        .args(["-c", "command -v cargo || command -v rustc"])
        .env_clear()
        .env("PATH", runner_path(&work))
        .output()
        .unwrap();
    assert!(!cargo.status.success(), "cargo est sur le PATH du job");

    let cold = run_job(&repo, &work, &cache, &forge.url);
    assert!(cold.ok, "{}", cold.log);
    print("nouveau site", "à froid", &cold);
    assert!(work.join("clone/output/index.html").is_file());
    edit(
        &repo,
        "content/territoires/mon-territoire/index.md",
        "\nUne phrase de plus.\n",
    );
    let warm = run_job(&repo, &work, &cache, &forge.url);
    assert!(warm.ok, "{}", warm.log);
    print("nouveau site", "à chaud, une page modifiée", &warm);
    let page =
        std::fs::read_to_string(work.join("clone/output/territoires/mon-territoire/index.html"))
            .unwrap();
    assert!(page.contains("Une phrase de plus."));

    // An archive that is not the released one is refused, and nothing is built.
    let sums = dir.path().join(format!("versions/v{VERSION}/SHA256SUMS"));
    let text = std::fs::read_to_string(&sums).unwrap();
    let tampered: String = text
        .lines()
        .map(|l| format!("{}{}\n", "0".repeat(64), &l[64..]))
        .collect();
    std::fs::write(&sums, tampered).unwrap();
    let refused = run_job(&repo, &work, &cache, &forge.url);
    assert!(!refused.ok);
    assert!(refused.log.contains("ne correspond pas"), "{}", refused.log);
    assert!(!refused.log.contains("Site construit"), "{}", refused.log);
}
