//! The command line as a user meets it: French help and errors, `new territoire`, and the
//! real sample site of `content/`.

mod common;

use std::path::Path;

use common::{base_site, check, ctin};

#[test]
fn help_is_in_french() {
    let run = ctin(&["--help"]);
    assert_eq!(run.code, 0);
    for text in [
        "Utilisation",
        "Commandes",
        "check",
        "Vérifie tout le contenu",
        "--root <DOSSIER>",
        "Affiche cette aide",
    ] {
        assert!(
            run.stdout.contains(text),
            "{text:?} absent de :\n{}",
            run.stdout
        );
    }
    let run = ctin(&["new", "territoire", "--help"]);
    assert!(
        run.stdout.contains("Nom complet du territoire"),
        "{}",
        run.stdout
    );
}

#[test]
fn command_line_mistakes_are_explained_in_french() {
    let run = ctin(&["chek"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("commande inconnue `chek`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("vouliez-vous dire `check` ?"),
        "{}",
        run.stderr
    );
    let run = ctin(&["check", "--rot", "x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("argument inconnu `--rot`"),
        "{}",
        run.stderr
    );
    let run = ctin(&["new", "territoire", "x", "--echelon", "pays"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("valeur invalide `pays`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("epci"), "{}", run.stderr);
}

#[test]
fn new_territory_passes_the_check() {
    let site = base_site();
    let root = site.path().to_str().unwrap();
    let run = ctin(&[
        "new",
        "territoire",
        "gamma",
        "--root",
        root,
        "--nom",
        "Communauté \"Gamma\"",
        "--echelon",
        "departement",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = site.path().join("content/territoires/gamma");
    for file in [
        "territoire.yaml",
        "index.md",
        "acteurs.yaml",
        "indicateurs.yaml",
        "feuille-de-route.md",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let card = std::fs::read_to_string(dir.join("territoire.yaml")).unwrap();
    assert!(card.contains("# echelon : epci, departement"), "{card}");
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("3 territoires"), "{}", run.stderr);
    let (loaded, _) = ctin::cli::check(site.path());
    let gamma = loaded.territory("gamma").unwrap();
    assert_eq!(gamma.card.as_ref().unwrap().nom, "Communauté \"Gamma\"");

    let again = ctin(&["new", "territoire", "gamma", "--root", root]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("existe déjà"), "{}", again.stderr);
    let bad = ctin(&["new", "territoire", "Haute Garonne", "--root", root]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("`haute-garonne`"), "{}", bad.stderr);
}

#[test]
fn build_refuses_invalid_content() {
    let site = base_site();
    let card = site
        .path()
        .join("content/territoires/alpha/territoire.yaml");
    let text = std::fs::read_to_string(&card)
        .unwrap()
        .replace("nom_court", "nom_cour");
    std::fs::write(&card, text).unwrap();
    let run = ctin(&["build", "--root", site.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("erreur[cle-inconnue]"),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("output").exists());
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_sample_site_is_valid() {
    let run = check(repo());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("avertissement"), "{}", run.stderr);
    assert!(run.stderr.contains("8 territoires"), "{}", run.stderr);
}

/// The seven pilots are described from the sources and tied to the official geography; what no
/// source describes (documents adopted from the models, their signatories) belongs to a
/// fictional territory only.
#[test]
fn the_sample_site_holds_the_facts_of_the_sources() {
    let (site, diags) = ctin::cli::check(repo());
    assert!(!diags.has_errors());
    let slugs: Vec<&str> = site.territories.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "exemple",
            "haute-garonne",
            "la-rochelle",
            "lille",
            "lyon",
            "rhone",
            "sicoval",
            "strasbourg"
        ]
    );
    let pilots: Vec<_> = site
        .territories
        .iter()
        .filter(|t| t.slug != "exemple")
        .collect();
    let codes: Vec<&str> = pilots
        .iter()
        .map(|t| {
            t.card
                .as_ref()
                .unwrap()
                .code
                .as_ref()
                .unwrap()
                .value
                .as_str()
        })
        .collect();
    assert_eq!(
        codes,
        [
            "31",
            "241700434",
            "200093201",
            "200046977",
            "69",
            "243100633",
            "246700488"
        ]
    );
    for t in &pilots {
        let card = t.card.as_ref().unwrap();
        assert!(
            card.sources.as_ref().is_some_and(|s| !s.is_empty()),
            "{} cite ses sources",
            t.slug
        );
        assert_eq!(
            card.engage_le.as_ref().unwrap().value,
            "2021-02-16",
            "{}",
            t.slug
        );
        assert!(
            t.documents
                .iter()
                .all(|d| d.page.front.modele.is_none() && d.page.front.signataires.is_none()),
            "{} : un document adopté ou signé que les sources ne décrivent pas",
            t.slug
        );
        assert!(
            t.index
                .as_ref()
                .unwrap()
                .body
                .contains("reconstituée à partir des articles"),
            "{} dit d'où vient sa page",
            t.slug
        );
    }
    let lr = site.territory("la-rochelle").unwrap();
    let card = lr.card.as_ref().unwrap();
    assert_eq!(card.conseillers_numeriques, Some(8));
    assert_eq!(card.budget.as_ref().unwrap()[0].montant.value, 400000.0);
    // Its roadmap page is not presented as the adopted document.
    let roadmap = lr.roadmap.as_ref().unwrap();
    assert!(roadmap.front.adopte_le.is_none());
    assert!(roadmap.body.contains("n'est pas la feuille de route"));
    assert!(lr.index.as_ref().unwrap().body.contains("200 personnes"));
    // The fictional territory says so, and adopts every model with its own actors.
    let example = site.territory("exemple").unwrap();
    assert!(example.card.as_ref().unwrap().code.is_none());
    assert!(
        example
            .index
            .as_ref()
            .unwrap()
            .body
            .contains("Ce territoire n'existe pas")
    );
    for model in &site.models {
        assert!(
            example.documents.iter().any(|d| d
                .page
                .front
                .modele
                .as_ref()
                .is_some_and(|m| m.value == model.slug)),
            "le modèle {} n'est adopté par aucun territoire",
            model.slug
        );
    }
    let config = site.config.as_ref().unwrap();
    assert!(config.editeur.is_none() && config.directeur_publication.is_none());
    let codes: Vec<&str> = site
        .indicators()
        .iter()
        .map(|i| i.code.value.as_str())
        .collect();
    for code in ["FNE-01", "FNE-02", "FNE-03", "FNE-04"] {
        assert!(codes.contains(&code), "{code}");
    }
    let targets: Vec<f64> = site
        .indicators()
        .iter()
        .filter_map(|i| i.cible.as_ref().map(|c| c.valeur.value))
        .collect();
    assert_eq!(targets, [8_000_000.0, 25_000.0, 20_000.0, 2_000_000.0]);
}

#[test]
fn adoption_replaces_and_appends_sections() {
    let site = base_site();
    let (loaded, diags) = ctin::cli::check(site.path());
    assert!(!diags.has_errors(), "{}", diags.render());
    let doc = &loaded.territory("alpha").unwrap().documents[0];
    assert!(
        doc.text()
            .starts_with("Charte entre les acteurs de Communauté d'agglomération d'Alpha."),
        "{}",
        doc.text()
    );
    assert!(
        doc.text().contains("coordination sur l'agglomération."),
        "{}",
        doc.text()
    );
    assert!(
        doc.text()
            .contains("## Engagements\n\nLes signataires d'Alpha s'engagent davantage."),
        "{}",
        doc.text()
    );
    assert!(
        !doc.text().contains("Les signataires s'engagent.\n"),
        "{}",
        doc.text()
    );
    assert!(
        doc.text()
            .trim_end()
            .ends_with("## Annexe\n\nListe des lieux."),
        "{}",
        doc.text()
    );
}

fn yaml(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{} : {e}", path.display()))
}

#[test]
fn new_site_passes_the_check_builds_and_has_publishing_recipes() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("reseau");
    let s = site.to_str().unwrap();
    let run = ctin(&[
        "new",
        "site",
        s,
        "--titre",
        "Réseau « essai »",
        "--ctin-git",
        "https://forge.exemple/ctin.git",
        "--telechargement",
        "https://forge.exemple/ctin/versions/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ctin(&["check", "--root", s]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = ctin(&["build", "--root", s]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = std::fs::read_to_string(site.join("output/index.html")).unwrap();
    let home = home.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(home.contains("Réseau « essai »"), "le titre donné");
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/output/"));
    assert!(site.join("docs/publier.md").is_file());

    // GitLab Pages: the job builds with ctin and publishes the output folder, with the whole
    // history for the dates.
    let gitlab = yaml(&site.join(".gitlab-ci.yml"));
    assert_eq!(gitlab["variables"]["GIT_DEPTH"], "0");
    assert_eq!(
        gitlab["variables"]["CTIN_GIT"],
        "https://forge.exemple/ctin.git"
    );
    let pages = &gitlab["pages"];
    let script: Vec<&str> = pages["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str())
        .collect();
    assert!(
        script.iter().any(|l| l.starts_with("ctin build")),
        "{script:?}"
    );
    assert!(
        script
            .iter()
            .any(|l| l.contains("cargo install") && l.contains("$CTIN_GIT"))
    );
    // Pinned to this version, downloaded from the address given and checked, the previous
    // output (its PDFs) kept in the runner's cache.
    assert_eq!(
        gitlab["variables"]["CTIN_VERSION"],
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        gitlab["variables"]["CTIN_TELECHARGEMENT"],
        "https://forge.exemple/ctin/versions"
    );
    assert!(script.iter().any(|l| l.contains("sha256sum -c")));
    assert_eq!(pages["cache"]["paths"][0], "output/");
    assert_eq!(pages["pages"]["publish"], "output");
    assert_eq!(pages["artifacts"]["paths"][0], "output");

    // GitHub Pages: full history, build, upload of the output folder, deployment.
    let github = yaml(&site.join(".github/workflows/publier.yml"));
    assert_eq!(github["env"]["CTIN_VERSION"], env!("CARGO_PKG_VERSION"));
    let steps = github["jobs"]["construire"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/cache"))
            && s["with"]["path"] == "output"
    }));
    assert!(steps.iter().any(|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.contains("sha256sum -c"))
    }));
    assert!(steps.iter().any(|s| s["with"]["fetch-depth"] == 0));
    assert!(steps.iter().any(|s| {
        s["run"]
            .as_str()
            .is_some_and(|r| r.starts_with("ctin build"))
    }));
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
            && s["with"]["path"] == "output"
    }));
    assert!(
        github["jobs"]["publier"]["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages")
    );

    // Never over an existing site.
    let run = ctin(&["new", "site", s]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("n'est pas vide"), "{}", run.stderr);
}

/// `ctin --version` names the version and, in a git checkout, the commit it was built from.
#[test]
fn the_version_names_its_commit() {
    let run = ctin(&["--version"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let version = run.stdout.trim();
    assert!(
        version.starts_with(&format!("ctin {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let head = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    match head {
        Some(hash) => assert!(
            version.contains(&format!("(commit {hash} du ")),
            "{version}"
        ),
        None => assert!(version.ends_with("(commit inconnu)"), "{version}"),
    }
}
