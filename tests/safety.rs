//! Trust under careless and hostile input: each case of issue 14, run on the real binary.
//! Every test asserts the exit status, the French diagnostic (code and file) and what stayed
//! intact: the site's files, the user's folders, and no planted secret anywhere in the output.

mod common;
#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, base_site, files};

/// A secret planted outside what may be published.
const SECRET: &str = "JETON-SECRET-4f1c";

/// Runs `ctin` with `args` in `dir`, killing it (and failing) after `limit`.
fn ctin_in(dir: &Path, args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctin"))
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ctin runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "ctin {args:?} ne s'est pas arrêté en {limit:?} :\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const MINUTE: Duration = Duration::from_secs(60);

fn run(dir: &Path, args: &[&str]) -> Run {
    ctin_in(dir, args, &[], MINUTE)
}

/// Every file under `dir` (links not followed), by path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
}

/// Asserts that a run failed with `code` in its messages, naming `file`.
fn refused(r: &Run, code: &str, file: &str) {
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with(&format!("erreur[{code}]")))
        .collect();
    assert!(!lines.is_empty(), "pas d'erreur[{code}] :\n{}", r.stderr);
    assert!(
        lines.iter().any(|l| l.contains(file)),
        "{file} absent de {lines:?}"
    );
}

/// No file under `dir` contains the planted secret.
fn no_secret(dir: &Path) {
    for (path, bytes) in files(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "le secret a été publié dans {path}"
        );
    }
}

/// The base fixture in `<tmp>/site`, beside a user folder `<tmp>/documents` holding a file.
fn site_and_neighbours() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_dir(&common::fixtures().join("base"), &site);
    std::fs::create_dir_all(tmp.path().join("documents")).unwrap();
    std::fs::write(tmp.path().join("documents/lettre.txt"), "à garder").unwrap();
    (tmp, site)
}

#[test]
fn an_output_that_is_the_site_is_refused_from_any_spelling() {
    let (tmp, site) = site_and_neighbours();
    let before = snapshot(tmp.path());
    // From inside the site, `..` back to it.
    refused(
        &run(&site, &["build", "--output", "../site"]),
        "sortie-refusee",
        "../site",
    );
    // Through the output folder and back up.
    let r = run(
        tmp.path(),
        &[
            "build",
            "--root",
            "site",
            "--output",
            "site/output/../../site",
        ],
    );
    refused(&r, "sortie-refusee", "site/output/../../site");
    assert!(r.stderr.contains("n'a pas été modifié"), "{}", r.stderr);
    // The root through a symbolic link, the output as written.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&site, tmp.path().join("lien-vers-site")).unwrap();
        let r = run(
            tmp.path(),
            &["build", "--root", "lien-vers-site", "--output", "site"],
        );
        refused(&r, "sortie-refusee", "site");
        std::fs::remove_file(tmp.path().join("lien-vers-site")).unwrap();
    }
    // A folder that holds the site.
    refused(
        &run(&site, &["build", "--output", ".."]),
        "sortie-refusee",
        "..",
    );
    // Nothing moved, nothing deleted, no hidden copy left beside.
    assert_eq!(before, snapshot(tmp.path()));
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn an_output_inside_what_ctin_reads_or_a_user_folder_is_refused() {
    let (tmp, site) = site_and_neighbours();
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/config"), SECRET).unwrap();
    std::fs::create_dir_all(site.join("themes/t/static")).unwrap();
    std::fs::write(site.join("themes/t/static/a.css"), "a{}").unwrap();
    let before = snapshot(tmp.path());
    for (out, file) in [
        ("../documents", "documents"),
        (".git", ".git"),
        ("themes", "themes"),
        ("themes/t/sortie", "themes/t/sortie"),
        ("content/static/sortie", "content/static/sortie"),
        ("templates", "templates"),
        ("/", "/"),
    ] {
        refused(
            &run(&site, &["build", "--output", out]),
            "sortie-refusee",
            file,
        );
    }
    let r = ctin_in(&site, &["build", "--output", "../documents"], &[], MINUTE);
    assert!(
        r.stderr.contains("n'a pas été écrit par ctin"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("aide :"), "{}", r.stderr);
    assert_eq!(before, snapshot(tmp.path()));
}

#[test]
fn ctin_replaces_only_a_folder_it_wrote_or_an_empty_one() {
    let (tmp, site) = site_and_neighbours();
    let out = tmp.path().join("publie");
    std::fs::create_dir_all(&out).unwrap();
    let r = run(&site, &["build", "--output", "../publie"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(out.join(".ctin-sortie").is_file());
    assert!(out.join("index.html").is_file());
    // Its own output is replaced at the next build; a file added there goes with it.
    std::fs::write(out.join("ajout.txt"), "x").unwrap();
    let r = run(&site, &["build", "--output", "../publie"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!out.join("ajout.txt").exists());
    // Once its mark is gone, the folder is not ctin's any more.
    std::fs::remove_file(out.join(".ctin-sortie")).unwrap();
    std::fs::remove_file(out.join(".ctin-pdf.json")).unwrap();
    let before = snapshot(&out);
    refused(
        &run(&site, &["build", "--output", "../publie"]),
        "sortie-refusee",
        "publie",
    );
    assert_eq!(before, snapshot(&out));
}

#[cfg(unix)]
#[test]
fn a_theme_linked_outside_the_site_publishes_nothing() {
    let (tmp, site) = site_and_neighbours();
    let outside = tmp.path().join("dehors");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("shadow"), SECRET).unwrap();
    std::fs::create_dir_all(site.join("themes/t")).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("themes/t/static")).unwrap();
    common::edit(
        &site,
        "content/site.yaml",
        "langue: fr",
        "langue: fr\ntheme: t",
    );
    let before = snapshot(tmp.path());
    let r = run(&site, &["build"]);
    refused(&r, "lien-hors-racine", "themes/t/static");
    assert!(!site.join("output").exists());
    assert_eq!(before, snapshot(tmp.path()));
    // A path instead of a name is refused where it is written.
    for theme in ["/etc", "../dehors", "t/../t"] {
        common::edit(
            &site,
            "content/site.yaml",
            "theme: t",
            &format!("theme: {theme}"),
        );
        let r = run(&site, &["check"]);
        refused(&r, "theme-invalide", "content/site.yaml:");
        common::edit(
            &site,
            "content/site.yaml",
            &format!("theme: {theme}"),
            "theme: t",
        );
    }
}

#[cfg(unix)]
#[test]
fn static_links_to_git_or_the_disk_are_refused_at_once() {
    let (tmp, site) = site_and_neighbours();
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(
        site.join(".git/config"),
        format!("[remote]\n  url = https://{SECRET}@forge\n"),
    )
    .unwrap();
    std::os::unix::fs::symlink("../../.git", site.join("content/static/g")).unwrap();
    let content = snapshot(&site.join("content"));
    let r = run(&site, &["build"]);
    refused(&r, "lien-hors-racine", "content/static/g");
    std::fs::remove_file(site.join("content/static/g")).unwrap();
    // A link to the root of the disk is refused, not walked.
    std::os::unix::fs::symlink("/", site.join("content/static/r")).unwrap();
    let start = Instant::now();
    let r = ctin_in(&site, &["build"], &[], Duration::from_secs(20));
    refused(&r, "lien-hors-racine", "content/static/r");
    assert!(start.elapsed() < Duration::from_secs(20));
    std::fs::remove_file(site.join("content/static/r")).unwrap();
    // A link that stays inside (and out of .git) is followed.
    std::os::unix::fs::symlink("images", site.join("content/static/img")).unwrap();
    let r = run(&site, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(site.join("output/img/plan.png").is_file());
    no_secret(&site.join("output"));
    assert_eq!(content, snapshot(&site.join("content")));
    drop(tmp);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_static_is_refused_without_hanging() {
    let site = base_site();
    let fifo = site.path().join("content/static/tube");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let content = snapshot(&site.path().join("content"));
    let r = ctin_in(site.path(), &["build"], &[], Duration::from_secs(30));
    refused(&r, "fichier-special", "content/static/tube");
    assert_eq!(content, snapshot(&site.path().join("content")));
    assert!(!site.path().join("output").exists());
}

#[test]
fn editors_html_is_sanitized_and_every_page_has_a_policy() {
    let site = base_site();
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "\n---\n",
        "\n---\n\nAvant <script>alert('x')</script> après.\n\n<img src=\"x.png\" onerror=\"alert(1)\" alt=\"image\">\n\n<a href=\"javascript:alert(2)\">lien</a> <iframe src=\"https://exemple.fr\"></iframe>\n\n<details><summary>Plus</summary>Texte <b>gras</b></details>\n",
    );
    let r = run(site.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = site.path().join("output");
    let page = std::fs::read_to_string(out.join("methode/index.html")).unwrap();
    for gone in ["alert", "onerror", "javascript:", "<iframe"] {
        assert!(!page.contains(gone), "{gone} publié : {page}");
    }
    for kept in [
        "Avant",
        "après",
        "<details>",
        "<b>gras</b>",
        "<img alt=image src=x.png>",
    ] {
        assert!(page.contains(kept), "{kept} absent : {page}");
    }
    let policy = ctin::render::CONTENT_SECURITY_POLICY;
    for (path, bytes) in files(&out) {
        if path.ends_with(".html") && !path.starts_with("admin/") {
            let html = String::from_utf8_lossy(&bytes);
            let head = &html[..html.find("</head>").unwrap_or(html.len())];
            assert!(
                head.contains(&format!("content=\"{policy}\"")),
                "pas de politique dans {path}"
            );
        }
    }
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
}

#[test]
fn links_that_run_code_are_located_errors() {
    let site = base_site();
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "\n---\n",
        "\n---\n\nUn [lien](javascript:alert(1)) et [un autre](  JaVaScript:alert(2)).\n\n![image](data:text/html;base64,PHNjcmlwdD4=) et ![bonne](data:image/png;base64,AA)\n",
    );
    let r = run(site.path(), &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("erreur[lien-interdit]"))
        .collect();
    assert_eq!(errors.len(), 3, "{}", r.stderr);
    assert!(
        errors[0].contains("content/pages/methode.md:"),
        "{errors:?}"
    );
}

#[test]
fn text_after_inline_code_or_emphasis_stays_text_in_the_pdf() {
    let site = base_site();
    common::edit(
        site.path(),
        "content/territoires/alpha/documents/charte.md",
        "Les signataires d'Alpha s'engagent davantage.",
        "Le champ `nom`(obligatoire) et *gras*(x) ; `x`.at(0, default: {for i in range(1000000) {for j in range(100000) {}}}) fin.",
    );
    let start = Instant::now();
    let r = ctin_in(site.path(), &["build"], &[], MINUTE);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(start.elapsed() < MINUTE);
    let pdf = site
        .path()
        .join("output/territoires/alpha/documents/charte/alpha-charte.pdf");
    assert!(pdf.is_file(), "{}", pdf.display());
    let text = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) est nécessaire");
    let text = String::from_utf8_lossy(&text.stdout).replace(['\u{2060}', '\n'], " ");
    assert!(text.contains("nom(obligatoire)"), "{text}");
    assert!(text.contains("gras(x)"), "{text}");
    assert!(text.contains(".at(0, default:"), "{text}");
}

#[test]
fn an_image_the_pdf_cannot_read_is_found_by_the_check() {
    let site = base_site();
    std::fs::write(
        site.path().join("content/static/images/faux.png"),
        "ceci n'est pas une image",
    )
    .unwrap();
    common::edit(
        site.path(),
        "content/territoires/alpha/documents/charte.md",
        "Liste des lieux.",
        "Liste des lieux.\n\n![Plan](../../../static/images/faux.png)",
    );
    let r = run(site.path(), &["check"]);
    refused(
        &r,
        "image-illisible",
        "content/territoires/alpha/documents/charte.md:20:",
    );
    let r = run(site.path(), &["build"]);
    refused(
        &r,
        "image-illisible",
        "content/territoires/alpha/documents/charte.md",
    );
    assert!(!r.stderr.contains("pdf-impossible"), "{}", r.stderr);
    // A good image reached through a link that stays inside the site is read, not refused.
    #[cfg(unix)]
    {
        // A 1×1 PNG.
        const PNG: &[u8] = &[
            137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1,
            8, 6, 0, 0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 96,
            248, 95, 15, 0, 2, 135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66,
            96, 130,
        ];
        let images = site.path().join("content/static/images");
        std::fs::write(images.join("vrai.png"), PNG).unwrap();
        std::fs::remove_file(images.join("faux.png")).unwrap();
        std::os::unix::fs::symlink("vrai.png", images.join("faux.png")).unwrap();
        let r = run(site.path(), &["check"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
}

#[test]
fn a_pdf_that_takes_too_long_is_stopped_and_named() {
    let site = base_site();
    std::fs::create_dir_all(site.path().join("templates/pdf")).unwrap();
    std::fs::write(
        site.path().join("templates/pdf/document.typ"),
        "#let ctin-document(..args, body) = { for i in range(100000000) { } ; body }\n#let ctin-dossier(..args) = { for i in range(100000000) { } }\n",
    )
    .unwrap();
    let start = Instant::now();
    let r = ctin_in(site.path(), &["build"], &[("CTIN_DELAI_PDF", "2")], MINUTE);
    refused(
        &r,
        "pdf-impossible",
        "content/territoires/alpha/documents/charte.md",
    );
    assert!(r.stderr.contains("n'a pas fini en 2 s"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(30));
    assert!(!site.path().join("output").exists());
}

#[test]
fn deep_nesting_is_a_located_error_not_a_crash() {
    let site = base_site();
    let deep = format!(
        "\n---\n\n{}citation\n\n{}gras{}\n",
        "> ".repeat(3000),
        "*".repeat(20000),
        "*".repeat(20000)
    );
    common::edit(site.path(), "content/pages/methode.md", "\n---\n", &deep);
    let r = run(site.path(), &["build"]);
    refused(&r, "imbrication-excessive", "content/pages/methode.md:6:");
    // A model can write what no file holds: its text is flattened, never crashes the build.
    common::edit(site.path(), "content/pages/methode.md", &deep, "\n---\n");
    common::edit(
        site.path(),
        "content/modeles/charte.md",
        "Les signataires s'engagent.",
        "Les signataires s'engagent.\n\n{% for i in range(end=3000) %}> {% endfor %}fin",
    );
    let r = run(site.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_model_that_loops_for_ever_is_stopped_and_located() {
    let site = base_site();
    common::edit(
        site.path(),
        "content/modeles/charte.md",
        "Les signataires s'engagent.",
        "Les signataires s'engagent.\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    let r = ctin_in(
        site.path(),
        &["check"],
        &[("CTIN_DELAI_MODELE", "1")],
        MINUTE,
    );
    refused(&r, "modele-invalide", "content/modeles/charte.md");
    assert!(r.stderr.contains("n'a pas fini"), "{}", r.stderr);
}

#[test]
fn a_page_with_many_links_is_checked_in_linear_time() {
    let site = base_site();
    let links = "[a](#) ".repeat(400_000);
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "\n---\n",
        &format!("\n---\n\n{links}\n"),
    );
    let start = Instant::now();
    let r = ctin_in(site.path(), &["check"], &[], MINUTE);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(start.elapsed() < MINUTE);
}

#[test]
fn a_static_file_on_a_generated_path_is_an_error_naming_both() {
    let site = base_site();
    let s = site.path().join("content/static");
    std::fs::write(s.join("sitemap.xml"), "<urlset/>").unwrap();
    let r = run(site.path(), &["build"]);
    refused(&r, "fichier-en-conflit", "content/static/sitemap.xml");
    assert!(r.stderr.contains("`sitemap.xml`"), "{}", r.stderr);
    std::fs::remove_file(s.join("sitemap.xml")).unwrap();
    std::fs::write(s.join("Notice.txt"), "a").unwrap();
    std::fs::write(s.join("notice.txt"), "b").unwrap();
    let r = run(site.path(), &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with("avertissement[fichiers-casse]") && l.contains("otice.txt")),
        "{}",
        r.stderr
    );
}

mod preview {
    use super::*;
    use common::server::{get, start, start_with, wait_for};
    use std::io::{Read, Write};

    #[test]
    fn slow_and_idle_connections_are_closed() {
        let site = base_site();
        let server = start(site.path());
        let start = Instant::now();
        // One that never finishes its headers, one that sends nothing, many of them.
        let mut slow = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .unwrap();
        let idle: Vec<std::net::TcpStream> = (0..200)
            .map(|_| std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap())
            .collect();
        // The server still answers others meanwhile.
        assert_eq!(get(server.port, "/").0, 200);
        for mut s in std::iter::once(slow).chain(idle) {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            let mut buf = Vec::new();
            let _ = s.read_to_end(&mut buf);
            assert!(
                start.elapsed() < Duration::from_secs(25),
                "connexion encore ouverte après {:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn the_overlay_follows_a_file_that_came_and_went() {
        let site = base_site();
        let server = start(site.path());
        let stray = site.path().join("content/inconnu.txt");
        std::fs::write(&stray, "x").unwrap();
        assert!(
            wait_for(|| get(server.port, "/__ctin/erreurs")
                .1
                .contains("fichier-inattendu")),
            "l'erreur du fichier inattendu n'apparaît pas"
        );
        std::fs::remove_file(&stray).unwrap();
        assert!(
            wait_for(|| get(server.port, "/__ctin/erreurs").1.is_empty()),
            "l'erreur reste après la suppression du fichier"
        );
    }

    /// Starts the preview of `site` with its temporary folder made in `tmp`.
    #[cfg(unix)]
    fn start_in_tmpdir(site: &Path, tmp: &Path, wait: Duration) -> common::server::Server {
        start_with(site, &[], &[("TMPDIR", tmp.to_str().unwrap())], wait)
    }

    #[cfg(unix)]
    #[test]
    fn stopping_the_preview_removes_its_folder() {
        for signal in [libc::SIGINT, libc::SIGTERM] {
            let site = base_site();
            let tmp = tempfile::tempdir().unwrap();
            let mut server = start_in_tmpdir(site.path(), tmp.path(), Duration::from_secs(30));
            assert_eq!(get(server.port, "/").0, 200);
            let before = std::fs::read_dir(tmp.path()).unwrap().count();
            assert_eq!(before, 1, "le dossier de l'aperçu est dans TMPDIR");
            let status = server.signal(signal, Duration::from_secs(20));
            assert_eq!(status.and_then(|s| s.code()), Some(0), "signal {signal}");
            let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
            assert!(left.is_empty(), "reste après le signal {signal} : {left:?}");
        }
    }

    /// Stopped while its background work (the first build's PDFs: several seconds for five
    /// territories) still writes into its folder: the folder is gone and stays gone, the stop
    /// says no error, and it does not wait for the PDFs.
    #[cfg(unix)]
    #[test]
    fn stopping_the_preview_while_it_makes_pdfs_leaves_nothing_and_says_no_error() {
        let site = tempfile::tempdir().unwrap();
        synthetic::generate(site.path(), 5);
        let tmp = tempfile::tempdir().unwrap();
        let mut server = start_in_tmpdir(site.path(), tmp.path(), Duration::from_secs(120));
        let status = server.signal(libc::SIGTERM, Duration::from_secs(60));
        assert_eq!(status.and_then(|s| s.code()), Some(0));
        let said: Vec<String> = server.lines.try_iter().collect();
        assert!(
            said.iter().any(|l| l.contains("Aperçu arrêté")),
            "{said:#?}"
        );
        assert!(
            !said.iter().any(|l| l.contains("PDF à jour")),
            "les PDF étaient déjà faits : le test n'arrête pas l'aperçu pendant qu'il écrit"
        );
        assert!(
            !said.iter().any(|l| l.contains("erreur")),
            "erreur après l'arrêt : {said:#?}"
        );
        std::thread::sleep(Duration::from_millis(500));
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(left.is_empty(), "reste après l'arrêt : {left:?}");
    }

    #[test]
    fn a_static_file_on_a_generated_path_is_shown_in_the_overlay() {
        let site = base_site();
        let server = start(site.path());
        std::fs::write(site.path().join("content/static/sitemap.xml"), "<urlset/>").unwrap();
        assert!(
            wait_for(|| get(server.port, "/__ctin/erreurs")
                .1
                .contains("fichier-en-conflit")),
            "le conflit n'apparaît pas dans l'aperçu"
        );
        assert_ne!(get(server.port, "/sitemap.xml").1, "<urlset/>");
    }

    #[test]
    fn listening_beyond_this_computer_is_announced() {
        let site = base_site();
        let server = start_with(
            site.path(),
            &["--interface", "0.0.0.0"],
            &[],
            Duration::from_secs(30),
        );
        let warned = server
            .lines
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_default();
        assert!(warned.contains("brouillons"), "{warned}");
    }
}
