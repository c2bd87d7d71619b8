//! `ctin serve` as a real HTTP server on a free loopback port: pages are served, a content
//! change is rebuilt and announced to open pages, a broken file keeps the last good site and
//! shows the errors, and requests that try to leave the build are refused.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctin"))
        .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200))
            && let Some(rest) = line.strip_prefix("Aperçu : http://127.0.0.1:")
        {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            return Server { child, port };
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("le serveur n’a pas démarré");
}

/// A GET request; returns the status and the body.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for(mut ok: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serves_rebuilds_reloads_and_keeps_the_last_good_site() {
    let site = common::base_site();
    let server = start(site.path());
    let (status, home) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("Bienvenue") && home.contains("/__ctin/recharge.js"),
        "{home}"
    );
    let (status, css) = get(server.port, "/theme/ctin.css");
    assert_eq!(status, 200);
    assert!(css.contains("--accent"));

    // Listen to reload events like an open page.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__ctin/evenements HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let page = site.path().join("content/pages/methode.md");
    std::fs::write(
        &page,
        "---\ntitre: Méthode\n---\n\nTexte modifié pendant l'aperçu.\n",
    )
    .unwrap();
    assert!(
        wait_for(|| get(server.port, "/methode/").1.contains("Texte modifié")),
        "la page n'a pas été reconstruite"
    );
    let mut buf = [0u8; 4096];
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !seen.contains("event: recharge") && Instant::now() < deadline {
        let n = events.read(&mut buf).unwrap_or(0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("event: recharge"), "{seen}");

    // A broken file: the last good page stays, the errors are available to the overlay.
    let card = site
        .path()
        .join("content/territoires/alpha/territoire.yaml");
    let good = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, good.replace("nom_court", "nom_cour")).unwrap();
    assert!(wait_for(|| get(server.port, "/__ctin/erreurs")
        .1
        .contains("cle-inconnue")));
    let (status, alpha) = get(server.port, "/territoires/alpha/");
    assert_eq!(status, 200);
    assert!(
        alpha.contains("Camille Martin"),
        "la dernière version valide reste servie"
    );
    std::fs::write(&card, good).unwrap();
    assert!(
        wait_for(|| get(server.port, "/__ctin/erreurs").1.is_empty()),
        "corriger le fichier efface les erreurs"
    );

    // Only files of the build.
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path} : {status}");
        assert!(!body.contains("root:"), "{path}");
    }
    let (status, body) = get(server.port, "/page-absente/");
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"), "la page 404 du site");
}
