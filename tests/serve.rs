//! `ctin serve` as a real HTTP server on a free loopback port: pages are served, a content
//! change is rebuilt and announced to open pages, a broken file keeps the last good site and
//! shows the errors, and requests that try to leave the build are refused.

mod common;

use std::time::Duration;

use common::server::{Events, get, start, wait_for};

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
    let mut events = Events::connect(server.port);

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
    assert!(
        events.wait("recharge", Duration::from_secs(20)),
        "un événement de rechargement"
    );

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

#[test]
fn the_search_index_follows_the_content_in_the_background() {
    let site = common::base_site();
    let server = start(site.path());
    let entry = || get(server.port, "/pagefind/pagefind-entry.json");
    assert!(wait_for(|| entry().0 == 200), "index de recherche absent");
    let before = entry().1;
    assert!(before.contains("\"fr\""), "{before}");
    let (status, _) = get(server.port, "/pagefind/pagefind.js");
    assert_eq!(status, 200);
    std::fs::write(
        site.path().join("content/pages/methode.md"),
        "---\ntitre: Méthode\n---\n\nUn mot nouveau : zorglub.\n",
    )
    .unwrap();
    assert!(
        wait_for(|| {
            let now = entry();
            now.0 == 200 && now.1 != before
        }),
        "l'index n'a pas suivi la page modifiée"
    );
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdfs_follow_the_content_in_the_background() {
    let site = common::base_site();
    let server = start(site.path());
    let pdf = || {
        get(
            server.port,
            "/territoires/alpha/documents/charte/alpha-charte.pdf",
        )
    };
    assert!(wait_for(|| pdf().0 == 200), "PDF absent de l'aperçu");
    let before = pdf().1;
    assert!(before.starts_with("%PDF-"), "pas un PDF");
    common::edit(
        site.path(),
        "content/territoires/alpha/documents/charte.md",
        "Liste des lieux.",
        "Liste des lieux, revue.",
    );
    assert!(
        wait_for(|| {
            let now = pdf();
            now.0 == 200 && now.1.starts_with("%PDF-") && now.1 != before
        }),
        "le PDF n'a pas suivi le document modifié"
    );
}
