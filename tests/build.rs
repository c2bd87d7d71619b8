//! `ctin build` on fixtures and on the sample site, checked on the parsed HTML: every kind of
//! page exists and shows its data, every internal link and fragment resolves (a crawler), links
//! are relative, drafts are left out, builds are deterministic and a failed build changes nothing.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::base_site;
use common::site::{build, built_base, page, select, text};
use scraper::Html;

/// Follows every link, script, stylesheet and image of every page of `out`; returns problems.
fn crawl(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    let pages: Vec<PathBuf> = common::files(out)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| out.join(p))
        .collect();
    for p in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(p).unwrap());
        ids.insert(
            p.clone(),
            select(&html, "[id]")
                .iter()
                .map(|e| e.value().attr("id").unwrap().to_string())
                .collect(),
        );
    }
    for p in &pages {
        let html = Html::parse_document(&std::fs::read_to_string(p).unwrap());
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for e in select(&html, css) {
                let href = e.value().attr(attr).unwrap();
                if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
                    continue;
                }
                if href.starts_with('/') {
                    problems.push(format!("{}: lien absolu à la racine {href}", p.display()));
                    continue;
                }
                let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
                let target = if path.is_empty() {
                    p.clone()
                } else {
                    p.parent().unwrap().join(path)
                };
                let Ok(target) = target.canonicalize() else {
                    problems.push(format!("{}: lien cassé {href}", p.display()));
                    continue;
                };
                if target.is_dir() {
                    problems.push(format!("{}: lien vers un dossier {href}", p.display()));
                    continue;
                }
                if !fragment.is_empty() {
                    let found = ids
                        .iter()
                        .find(|(k, _)| k.canonicalize().ok().as_ref() == Some(&target));
                    if !found.is_some_and(|(_, v)| v.iter().any(|i| i == fragment)) {
                        problems.push(format!("{}: ancre absente {href}", p.display()));
                    }
                }
            }
        }
    }
    problems
}

#[test]
fn every_page_kind_exists_and_shows_its_data() {
    let (_site, out) = built_base(&[]);
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "methode/index.html",
        "mentions-legales/index.html",
        "accessibilite/index.html",
        "territoires/index.html",
        "territoires/alpha/index.html",
        "territoires/alpha/acteurs/index.html",
        "territoires/alpha/indicateurs/index.html",
        "territoires/alpha/feuille-de-route/index.html",
        "territoires/alpha/documents/charte/index.html",
        "territoires/beta/index.html",
        "modeles/index.html",
        "modeles/charte/index.html",
        "indicateurs/index.html",
        "indicateurs/ind-01/index.html",
        "indicateurs/ind-02/index.html",
        "acteurs/index.html",
        "images/plan.png",
        "theme/ctin.css",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/LICENSE",
    ] {
        assert!(out.join(rel).is_file(), "{rel} absent");
    }

    let alpha = page(&out, "territoires/alpha/index.html");
    let t = text(&alpha);
    for expected in [
        "16 février 2021",
        "400 000 €",
        "Camille Martin",
        "Comité de pilotage",
        "Préfecture",
        "février 2021 : début",
        "0 / 1",
        "Charte de coordination d'Alpha",
        "Article",
    ] {
        assert!(
            t.contains(expected),
            "{expected:?} absent de la page du territoire"
        );
    }
    assert_eq!(select(&alpha, "html")[0].value().attr("lang"), Some("fr"));
    let data = select(&alpha, "#carte-donnees")[0]
        .text()
        .collect::<String>();
    let points: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(points[0]["lat"], 46.16);
    assert_eq!(
        select(&alpha, ".lieux li").len(),
        1,
        "les lieux sont listés sans JavaScript"
    );
    // The page of a map loads the map's script and nothing else does: the network's page too.
    let loads_map = |html: &Html| {
        select(html, "script[src]")
            .iter()
            .filter_map(|s| s.value().attr("src"))
            .any(|src| src.ends_with("theme/carte.js"))
    };
    assert!(loads_map(&alpha));
    let network = page(&out, "territoires/index.html");
    assert!(loads_map(&network));
    assert_eq!(select(&network, ".lieux li").len(), 1);
    assert!(!loads_map(&page(&out, "methode/index.html")));

    let actors = page(&out, "territoires/alpha/acteurs/index.html");
    let asso = &select(&actors, "#asso")[0];
    let t = asso.text().collect::<String>();
    assert!(
        t.contains("1 rue de la Paix, 17000 La Rochelle") && t.contains("Mo-Fr 09:00-12:00"),
        "{t}"
    );

    let ind = page(&out, "territoires/alpha/indicateurs/index.html");
    let svg = &select(&ind, "#ind-01 svg")[0];
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert!(
        select(&ind, "#ind-01 svg title")[0]
            .text()
            .collect::<String>()
            .contains("Acteurs cartographiés")
    );
    let cells: Vec<String> = select(&ind, "#ind-01 td")
        .iter()
        .map(|c| c.text().collect::<String>().replace('\u{a0}', " "))
        .collect();
    assert!(cells.contains(&"42 acteurs".to_string()), "{cells:?}");

    let roadmap = page(&out, "territoires/alpha/feuille-de-route/index.html");
    let action = &select(&roadmap, "#comite")[0];
    let t = action.text().collect::<String>().replace('\u{a0}', " ");
    assert!(
        t.contains("En cours") && t.contains("juin 2024") && t.contains("Département de Beta"),
        "{t}"
    );
    let beta = select(&roadmap, "#comite a")
        .into_iter()
        .find(|a| a.text().collect::<String>() == "Département de Beta")
        .unwrap();
    assert_eq!(
        beta.value().attr("href"),
        Some("../../../territoires/beta/acteurs/departement/index.html")
    );

    let doc = page(&out, "territoires/alpha/documents/charte/index.html");
    let t = text(&doc);
    assert!(
        t.contains("Charte entre les acteurs de Communauté d'agglomération d'Alpha"),
        "modèle rendu"
    );
    assert!(
        t.contains("Les signataires d'Alpha s'engagent davantage")
            && !t.contains("Les signataires s'engagent."),
        "section remplacée"
    );
    assert!(t.contains("Liste des lieux"), "section ajoutée");
    assert!(
        t.contains("Préfecture de la Charente-Maritime") && t.contains("Adopté"),
        "signataires et statut"
    );
    let model_link = select(&doc, "dd a")
        .into_iter()
        .find(|a| a.text().collect::<String>() == "Charte de coordination")
        .unwrap();
    assert_eq!(
        model_link.value().attr("href"),
        Some("../../../../modeles/charte/index.html")
    );
    let self_link = &select(&doc, "h2#engagements a.ancre")[0];
    assert_eq!(self_link.value().attr("href"), Some("#engagements"));

    let model = page(&out, "modeles/charte/index.html");
    let t = text(&model);
    assert!(
        t.contains("[nom du territoire]") && t.contains("[perimetre]"),
        "texte neutre"
    );
    assert!(
        t.contains("Charte de coordination d'Alpha"),
        "territoires qui l'adoptent"
    );

    let comparison = page(&out, "indicateurs/ind-01/index.html");
    let rows = select(&comparison, "tbody tr");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text().collect::<String>().contains("Alpha"));

    let all = page(&out, "acteurs/index.html");
    assert_eq!(select(&all, "article.acteur").len(), 3);
    assert!(
        select(&all, "#filtres")[0].value().attr("hidden").is_some(),
        "filtres cachés sans JavaScript"
    );
    assert!(select(&all, "#alpha-asso").len() == 1);

    let legal = text(&page(&out, "mentions-legales/index.html"));
    assert!(legal.contains("Réseau d'essai"));
    assert!(text(&page(&out, "index.html")).contains("Accessibilité : non conforme"));
}

#[test]
fn markdown_gets_french_typography_and_relative_links() {
    let (_site, out) = built_base(&[]);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=territoires/alpha/index.html#presentation")
            || home.contains("href=\"territoires/alpha/index.html#presentation\""),
        "{home}"
    );
    assert!(home.contains("images/plan.png"));
    let methode = std::fs::read_to_string(out.join("territoires/alpha/index.html")).unwrap();
    assert!(
        methode.contains("feuille-de-route/index.html#gouvernance"),
        "lien vers une ancre d'action"
    );
    let alpha = std::fs::read_to_string(out.join("territoires/alpha/index.html")).unwrap();
    assert!(alpha.contains("Fiche d’identité"));
}

#[test]
fn every_internal_link_resolves_and_none_is_root_absolute() {
    let (_site, out) = built_base(&[]);
    let problems = crawl(&out);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_sample_site_builds_and_its_links_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sortie");
    let run = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let problems = crawl(&out);
    assert!(problems.is_empty(), "{problems:#?}");
    let lr = text(&page(&out, "territoires/la-rochelle/index.html"));
    for expected in [
        "8 conseillers numériques",
        "400 000 €",
        "200 personnes",
        "mai 2023",
        "Jérôme Valais",
    ] {
        assert!(lr.contains(expected), "{expected:?}");
    }
    assert_eq!(
        common::files(&out.join("territoires"))
            .keys()
            .filter(|k| k.ends_with("index.html") && k.matches('/').count() == 1)
            .count(),
        8
    );
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = base_site();
    std::fs::write(
        site.path().join("content/pages/brouillon.md"),
        "---\ntitre: En préparation\nbrouillon: true\n---\nTexte.\n",
    )
    .unwrap();
    let out = site.path().join("sortie");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    assert!(!out.join("brouillon/index.html").exists());
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("En préparation")
    );
    assert!(
        !std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("brouillon")
    );
    assert_eq!(build(site.path(), &out, &["--drafts"]).code, 0);
    assert!(out.join("brouillon/index.html").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let site = base_site();
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    assert_eq!(build(site.path(), &a, &[]).code, 0);
    assert_eq!(build(site.path(), &b, &[]).code, 0);
    assert_eq!(common::files(&a), common::files(&b));
    // On another file system, which lists a folder's entries in another order (tmpfs in the
    // order they were made, ext4 in the order of their names' hashes): the same files, the
    // search index's too.
    let shm = Path::new("/dev/shm");
    assert!(
        shm.is_dir() || std::env::var_os("CI").is_none(),
        "/dev/shm manque : la construction sur un autre système de fichiers n'est pas vérifiée"
    );
    if shm.is_dir() {
        let other = tempfile::tempdir_in(shm).unwrap();
        let c = other.path().join("c");
        assert_eq!(build(site.path(), &c, &[]).code, 0);
        assert_eq!(common::files(&a), common::files(&c));
    }
}

#[test]
fn a_build_takes_again_the_pages_whose_templates_and_context_are_the_same() {
    let (site, out) = built_base(&[]);
    let root = site.path();
    // A mark in two pages of the previous output: one whose content stays the same, one whose
    // document changes. A page taken again keeps its mark (it is not rendered again).
    let mark = |rel: &str| {
        let path = out.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("</body>", "<!-- repris --></body>", 1)).unwrap();
    };
    let (same, changed) = (
        "methode/index.html",
        "territoires/alpha/documents/charte/index.html",
    );
    mark(same);
    mark(changed);
    edit_charter(root);
    assert_eq!(build(root, &out, &[]).code, 0);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert!(read(same).contains("<!-- repris -->"), "page reprise");
    assert!(!read(changed).contains("<!-- repris -->"), "page refaite");
    assert!(read(changed).contains("Liste des lieux ouverts."));
    // Apart from the mark, the same files as a build from an empty folder.
    let cold = root.join("a-froid");
    assert_eq!(build(root, &cold, &[]).code, 0);
    let mut warm = common::files(&out);
    let page = warm.get_mut(same).unwrap();
    *page = String::from_utf8(page.clone())
        .unwrap()
        .replacen("<!-- repris -->", "", 1)
        .into_bytes();
    assert_eq!(warm, common::files(&cold));

    // Another template: every page is rendered again.
    let template = root.join("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    let ours = default.replacen(
        "{% endblock contenu %}",
        "<p>Gabarit du site</p>{% endblock contenu %}",
        1,
    );
    std::fs::write(&template, ours).unwrap();
    assert_eq!(build(root, &out, &[]).code, 0);
    assert!(!read(same).contains("<!-- repris -->"), "gabarit modifié");
    assert!(read(same).contains("Gabarit du site"));
}

/// Changes a line of Alpha's charter.
fn edit_charter(root: &Path) {
    common::edit(
        root,
        "content/territoires/alpha/documents/charte.md",
        "Liste des lieux.",
        "Liste des lieux ouverts.",
    );
}

/// Checks that `out` holds the same files, byte for byte, as a build of `root` into an empty
/// folder `name` (in `root`).
fn assert_same_as_cold(root: &Path, out: &Path, name: &str) {
    let cold = root.join(name);
    assert_eq!(build(root, &cold, &[]).code, 0);
    assert_eq!(common::files(out), common::files(&cold));
}

/// The inode of the file `rel` of `out` (the same when a build took the previous file).
fn inode(out: &Path, rel: &str) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(out.join(rel)).unwrap().ino()
}

/// Builds `root` into `out` with the steps timed; gives how many groups of pages (the two
/// territories, the seven parts of the site) the build took whole from the previous output.
fn groups_taken(root: &Path, out: &Path) -> usize {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_ctin"))
        .args(["build", "--root", root.to_str().unwrap(), "--output"])
        .arg(out)
        .env("CTIN_DETAILS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let (before, _) = stderr.split_once(" groupes repris tels quels").unwrap();
    before.rsplit('(').next().unwrap().parse().unwrap()
}

#[test]
fn a_build_takes_again_whole_territories_whose_inputs_are_the_same() {
    let (site, out) = built_base(&[]);
    let root = site.path();
    let inode = |rel: &str| inode(&out, rel);
    let beta_page = "territoires/beta/index.html";
    let alpha_pdf = "territoires/alpha/documents/charte/alpha-charte.pdf";
    assert_eq!(groups_taken(root, &out), 9, "rien n'a changé");

    // Alpha's roadmap names an actor of Beta: a change of Beta's actors makes both again.
    common::edit(
        root,
        "content/territoires/beta/acteurs.yaml",
        "nom: Département de Beta",
        "nom: Conseil départemental de Beta",
    );
    assert_eq!(groups_taken(root, &out), 0);
    let roadmap = text_of(&out, "territoires/alpha/feuille-de-route/index.html");
    assert!(
        roadmap.contains("Conseil départemental de Beta"),
        "{roadmap}"
    );
    assert_same_as_cold(root, &out, "froid-1");

    // Alpha's document changes: Beta's pages are the previous build's files themselves.
    let beta_before = inode(beta_page);
    let alpha_before = inode(alpha_pdf);
    edit_charter(root);
    assert_eq!(groups_taken(root, &out), 1);
    assert_eq!(inode(beta_page), beta_before, "Beta repris sans être copié");
    assert_ne!(inode(alpha_pdf), alpha_before, "PDF d'Alpha refait");
    assert_same_as_cold(root, &out, "froid-2");

    // A model: only the territories whose documents adopt it (Alpha), with the site's groups;
    // the home page's text: no territory.
    common::edit(
        root,
        "content/modeles/charte.md",
        "La charte organise",
        "La charte règle",
    );
    assert_eq!(groups_taken(root, &out), 1, "Beta repris");
    assert!(
        text_of(&out, "territoires/alpha/documents/charte/index.html").contains("La charte règle")
    );
    assert_same_as_cold(root, &out, "froid-modele");
    common::edit(root, "content/index.md", "Bienvenue.", "Bienvenue à tous.");
    assert_eq!(groups_taken(root, &out), 2, "Alpha et Beta repris");
    assert_same_as_cold(root, &out, "froid-accueil");

    // What every page shows (the site's title, the static files the PDFs show): all again.
    common::edit(root, "content/site.yaml", "titre: ", "titre: Le ");
    assert_eq!(groups_taken(root, &out), 0);
    assert_same_as_cold(root, &out, "froid-3");
    assert_eq!(groups_taken(root, &out), 9);
    let image = root.join("content/static/images/plan.png");
    let mut bytes = std::fs::read(&image).unwrap();
    bytes.extend_from_slice(b"fin");
    std::fs::write(&image, bytes).unwrap();
    assert_eq!(groups_taken(root, &out), 0);

    // A page taken is a regular file of the previous output: a link planted there is not
    // followed, and the group is made again.
    let planted = out.join(beta_page);
    std::fs::remove_file(&planted).unwrap();
    std::os::unix::fs::symlink(root.join("content/site.yaml"), &planted).unwrap();
    assert_eq!(groups_taken(root, &out), 8, "tout sauf Beta");
    assert!(std::fs::symlink_metadata(&planted).unwrap().is_file());
    assert_same_as_cold(root, &out, "froid-4");
}

#[test]
fn a_change_in_a_territory_makes_only_its_part_of_the_search_index_again() {
    let (site, out) = built_base(&[]);
    let root = site.path();
    let inode = |rel: &str| inode(&out, rel);
    // The site's pages are in the first part, the territories' in the others, which the
    // search page merges.
    let (first, territories) = (
        "pagefind/pagefind-entry.json",
        "pagefind/parties/1/pagefind-entry.json",
    );
    let search = std::fs::read_to_string(out.join("recherche/index.html")).unwrap();
    assert!(
        search.contains("../pagefind/parties/1/pagefind.js"),
        "{search}"
    );
    let before = (inode(first), inode(territories));
    edit_charter(root);
    assert_eq!(build(root, &out, &[]).code, 0);
    assert_eq!(inode(first), before.0, "première partie reprise");
    assert_ne!(
        inode(territories),
        before.1,
        "partie des territoires refaite"
    );
    assert_same_as_cold(root, &out, "froid");
}

#[test]
fn a_new_commit_date_makes_its_territory_again() {
    let (site, out) = built_base(&[]);
    let root = site.path();
    let date = "2024-01-15T10:00:00+01:00";
    git(root, &["init", "-q", "-b", "main"], date);
    git(root, &["add", "-A"], date);
    git(root, &["commit", "-q", "-m", "premier"], date);
    assert_eq!(groups_taken(root, &out), 0, "dates apparues");
    assert_eq!(groups_taken(root, &out), 9);
    // The same files, another date for Alpha's actors.
    git(
        root,
        &[
            "commit",
            "-q",
            "--amend",
            "--no-edit",
            "--date",
            "2024-03-20T10:00:00+01:00",
        ],
        "2024-03-20T10:00:00+01:00",
    );
    assert_eq!(
        groups_taken(root, &out),
        0,
        "dates de tous les fichiers changées"
    );
    let alpha = root.join("content/territoires/alpha/acteurs.yaml");
    std::fs::write(&alpha, std::fs::read_to_string(&alpha).unwrap() + "\n").unwrap();
    git(
        root,
        &["commit", "-q", "-am", "second"],
        "2024-04-02T10:00:00+01:00",
    );
    assert_eq!(groups_taken(root, &out), 1, "Beta repris");
    let actors = text_of(&out, "territoires/alpha/acteurs/index.html");
    assert!(actors.contains("Mis à jour le 2 avril 2024"), "{actors}");
    assert_same_as_cold(root, &out, "froid");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (site, out) = built_base(&[]);
    std::fs::write(out.join("marqueur.txt"), "publié").unwrap();
    let before = common::files(&out);
    let card = site
        .path()
        .join("content/territoires/alpha/territoire.yaml");
    let broken = std::fs::read_to_string(&card)
        .unwrap()
        .replace("echelon: epci", "echelon: epc");
    std::fs::write(&card, broken).unwrap();
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("n'a pas été modifié"), "{}", run.stderr);
    assert_eq!(before, common::files(&out));
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".sortie"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_broken_template_fails_the_build_without_writing() {
    let (site, out) = built_base(&[]);
    let before = common::files(&out);
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block contenu %}{{ corps | inconnu }}{% endblock contenu %}",
    )
    .unwrap();
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("erreur[gabarit-invalide]"),
        "{}",
        run.stderr
    );
    assert_eq!(before, common::files(&out));
}

#[test]
fn templates_can_be_overridden_by_the_site() {
    let site = base_site();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/page.html"), "{% extends \"base.html\" %}{% block contenu %}<p class=\"perso\">Gabarit du site</p>{{ corps | safe }}{% endblock contenu %}").unwrap();
    let out = site.path().join("sortie");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    assert!(text(&page(&out, "methode/index.html")).contains("Gabarit du site"));
}

#[test]
fn base_url_makes_canonical_sitemap_and_feed_absolute() {
    let (_site, out) = built_base(&["--base-url", "https://exemple.fr/ctin/"]);
    let alpha = page(&out, "territoires/alpha/index.html");
    assert_eq!(
        select(&alpha, "link[rel=canonical]")[0]
            .value()
            .attr("href"),
        Some("https://exemple.fr/ctin/territoires/alpha/")
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://exemple.fr/ctin/territoires/alpha/</loc>"),
        "{sitemap}"
    );
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(
        atom.contains("https://exemple.fr/ctin/territoires/alpha/documents/charte/"),
        "{atom}"
    );
    assert!(
        std::fs::read_to_string(out.join("robots.txt"))
            .unwrap()
            .contains("Sitemap: https://exemple.fr/ctin/sitemap.xml")
    );
    assert!(crawl(&out).is_empty());
    let not_found = page(&out, "404.html");
    let home_link = select(&not_found, "main a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(
        home_link, "https://exemple.fr/ctin/",
        "la page 404 est servie à toute adresse"
    );
    let (_s, plain) = built_base(&[]);
    assert!(select(&page(&plain, "index.html"), "link[rel=canonical]").is_empty());
}

#[test]
fn geojson_export_follows_rfc_7946() {
    let (_site, out) = built_base(&[]);
    let geo: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("donnees/acteurs.geojson")).unwrap())
            .unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        serde_json::json!([-1.15, 46.16]),
        "longitude d'abord"
    );
    assert_eq!(features[0]["properties"]["territoire"], "alpha");
}

#[test]
fn pages_of_the_site_replace_generated_legal_pages_and_link_to_their_source() {
    let site = base_site();
    std::fs::write(
        site.path().join("content/pages/mentions-legales.md"),
        "---\ntitre: Mentions légales\n---\n\nTexte rédigé par le réseau.\n",
    )
    .unwrap();
    let config = site.path().join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap();
    yaml.push_str("depot: https://forge.exemple.fr/reseau/site/-/edit/main/\n");
    std::fs::write(&config, yaml).unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let legal = page(&out, "mentions-legales/index.html");
    assert!(text(&legal).contains("Texte rédigé par le réseau"));
    assert!(!text(&legal).contains("Éditeur du site"));
    let edit = select(
        &page(&out, "territoires/alpha/acteurs/index.html"),
        ".pied-page a",
    )[0]
    .value()
    .attr("href")
    .unwrap()
    .to_string();
    assert_eq!(
        edit,
        "https://forge.exemple.fr/reseau/site/-/edit/main/content/territoires/alpha/acteurs.yaml"
    );
    let menu: Vec<String> = select(&legal, ".menu a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(!menu.contains(&"Mentions légales".to_string()), "{menu:?}");
}

#[test]
fn markdown_extensions_are_rendered() {
    let site = base_site();
    std::fs::write(
        site.path().join("content/pages/methode.md"),
        "---\ntitre: Méthode\n---\n\n## Tableau\n\n| Étape | Durée |\n|---|---|\n| Diagnostic | 3 mois |\n\nUne note[^1] et ~~barré~~.\n\n- [x] fait\n- [ ] à faire\n\n[^1]: La note.\n\n```\nNote : pas de typographie ici\n```\n",
    )
    .unwrap();
    let out = site.path().join("sortie");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    let html = page(&out, "methode/index.html");
    assert_eq!(
        select(&html, ".texte .tableau table th").len(),
        2,
        "tableau dans une zone défilante"
    );
    assert_eq!(select(&html, "del").len(), 1);
    assert_eq!(select(&html, "input[type=checkbox]").len(), 2);
    assert!(
        !select(&html, ".footnote-definition").is_empty()
            || !select(&html, "[id^=\"1\"]").is_empty()
            || text(&html).contains("La note.")
    );
    let code = select(&html, "pre code")[0].text().collect::<String>();
    assert!(
        code.contains("Note : pas"),
        "pas d'espace insécable dans le code : {code:?}"
    );
    assert!(select(&html, "h2#tableau a.ancre").len() == 1);
}

#[test]
fn the_output_folder_may_not_hold_the_content() {
    let site = base_site();
    for out in [
        site.path().to_path_buf(),
        site.path().join("content/sortie"),
        site.path().join("content"),
    ] {
        let run = build(site.path(), &out, &[]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("erreur[sortie-refusee]"),
            "{}",
            run.stderr
        );
    }
    assert!(site.path().join("content/site.yaml").exists());
}

#[test]
fn a_model_counts_the_territories_that_adopt_it_not_their_documents() {
    let site = base_site();
    let alpha = site.path().join("content/territoires/alpha/documents");
    let charte = std::fs::read_to_string(alpha.join("charte.md")).unwrap();
    std::fs::write(
        alpha.join("charte-bis.md"),
        charte.replace(
            "titre: Charte de coordination d'Alpha",
            "titre: Seconde charte d'Alpha",
        ),
    )
    .unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = text(&page(&out, "modeles/index.html"));
    assert!(list.contains("1 territoire l'adopte"), "{list}");
    let model = text(&page(&out, "modeles/charte/index.html"));
    assert!(
        model.contains("Seconde charte d'Alpha")
            && model.contains("Charte de coordination d'Alpha")
    );
}

/// Runs git in `dir` as a fixed author at a fixed date.
fn git(dir: &Path, args: &[&str], date: &str) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@exemple.fr")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@exemple.fr")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git est installé");
    assert!(
        out.status.success(),
        "git {args:?} : {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn pages_show_the_date_of_the_last_commit_of_their_files() {
    let site = base_site();
    let root = site.path();
    git(
        root,
        &["init", "-q", "-b", "main"],
        "2024-01-15T10:00:00+01:00",
    );
    git(root, &["add", "-A"], "2024-01-15T10:00:00+01:00");
    git(
        root,
        &["commit", "-q", "-m", "premier"],
        "2024-01-15T10:00:00+01:00",
    );
    let actors = root.join("content/territoires/alpha/acteurs.yaml");
    let text = std::fs::read_to_string(&actors).unwrap();
    std::fs::write(
        &actors,
        text.replace("Numérique pour tous", "Numérique partout"),
    )
    .unwrap();
    git(
        root,
        &["commit", "-q", "-am", "second"],
        "2024-03-20T10:00:00+01:00",
    );

    let out = root.join("sortie");
    let run = build(root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("historique-git-incomplet"),
        "{}",
        run.stderr
    );
    let changed = text_of(&out, "territoires/alpha/acteurs/index.html");
    assert!(changed.contains("Mis à jour le 20 mars 2024"), "{changed}");
    // The roadmap's adoption date gives way to the date of its file's last commit.
    let roadmap = text_of(&out, "territoires/alpha/feuille-de-route/index.html");
    assert!(
        roadmap.contains("Mis à jour le 15 janvier 2024"),
        "{roadmap}"
    );
    let home = text_of(&out, "index.html");
    assert!(home.contains("Mis à jour le 15 janvier 2024"), "{home}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>territoires/alpha/acteurs/</loc><lastmod>2024-03-20</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains(
            "<loc>territoires/alpha/feuille-de-route/</loc><lastmod>2024-01-15</lastmod>"
        )
    );

    // A shallow clone (the default of CI checkouts) is reported with the fix.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", root.display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "site"],
        "2024-04-01T10:00:00+01:00",
    );
    let cloned = clone.path().join("site");
    let run = build(&cloned, &cloned.join("sortie"), &[]);
    assert_eq!(run.code, 0, "un avertissement seulement : {}", run.stderr);
    assert!(
        run.stderr.contains("historique-git-incomplet") && run.stderr.contains("fetch-depth: 0"),
        "{}",
        run.stderr
    );
}

fn text_of(out: &Path, rel: &str) -> String {
    text(&page(out, rel))
}

#[test]
fn open_data_exports_match_the_content() {
    let site = base_site();
    let actors_file = site.path().join("content/territoires/alpha/acteurs.yaml");
    let source = std::fs::read_to_string(&actors_file).unwrap();
    // A name that needs CSV quoting.
    std::fs::write(
        &actors_file,
        source.replace(
            "nom: Association Numérique pour tous",
            "nom: 'Association \"Numérique\", pour tous'",
        ),
    )
    .unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut diags = ctin::diagnostic::Diagnostics::new();
    let model = ctin::model::load(site.path(), ctin::pipeline::index, &mut diags);
    let data = out.join("donnees");
    let package: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["licenses"][0]["name"], "etalab-2.0");

    let read = |name: &str| {
        let mut reader = csv::Reader::from_path(data.join(format!("{name}.csv"))).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let json: Vec<serde_json::Map<String, serde_json::Value>> = serde_json::from_str(
            &std::fs::read_to_string(data.join(format!("{name}.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            json.len(),
            rows.len(),
            "{name} : autant de lignes en JSON qu'en CSV"
        );
        // serde_json's map sorts the keys: compare them sorted.
        let mut sorted = headers.clone();
        sorted.sort();
        for object in &json {
            let keys: Vec<&String> = object.keys().collect();
            assert_eq!(
                keys,
                sorted.iter().collect::<Vec<_>>(),
                "{name} : colonnes du JSON"
            );
        }
        let resource = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} absent du paquet de données"));
        assert_eq!(resource["path"], format!("{name}.csv"));
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                assert!(!f["description"].as_str().unwrap().is_empty());
                f["name"].as_str().unwrap()
            })
            .collect();
        assert_eq!(fields, headers, "{name} : schéma et en-tête");
        (headers, rows, json)
    };
    let cell = |headers: &[String], row: &csv::StringRecord, name: &str| {
        row.get(headers.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };

    let (h, rows, json) = read("acteurs");
    let count: usize = model.territories.iter().map(|t| t.actor_list().len()).sum();
    assert_eq!(rows.len(), count);
    let asso = rows.iter().find(|r| cell(&h, r, "id") == "asso").unwrap();
    assert_eq!(
        cell(&h, asso, "nom"),
        "Association \"Numérique\", pour tous"
    );
    assert_eq!(cell(&h, asso, "territoire"), "alpha");
    assert_eq!(cell(&h, asso, "code_postal"), "17000");
    assert_eq!(cell(&h, asso, "latitude"), "46.16");
    assert_eq!(cell(&h, asso, "roles"), "accompagnement|formation");
    assert_eq!(
        cell(&h, asso, "services"),
        "Aide aux démarches administratives"
    );
    let asso_json = json.iter().find(|o| o["id"] == "asso").unwrap();
    assert_eq!(
        asso_json["roles"],
        serde_json::json!(["accompagnement", "formation"])
    );
    assert_eq!(asso_json["latitude"], serde_json::json!(46.16));

    let (h, rows, _) = read("indicateurs");
    let count: usize = model
        .territories
        .iter()
        .map(|t| {
            t.measures
                .iter()
                .flat_map(|d| d.items.iter().flatten())
                .count()
        })
        .sum();
    assert_eq!(rows.len(), count);
    let ind = rows
        .iter()
        .find(|r| cell(&h, r, "indicateur") == "IND-01")
        .unwrap();
    assert_eq!(cell(&h, ind, "valeur"), "42");
    assert_eq!(cell(&h, ind, "nom_indicateur"), "Acteurs cartographiés");

    let (h, rows, _) = read("actions");
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&h, &rows[0], "partenaires"), "asso|beta/departement");
    assert_eq!(cell(&h, &rows[0], "budget"), "10000");
    assert_eq!(cell(&h, &rows[0], "statut"), "en-cours");

    // The national export: the fields of the national schema, in its order; only the actors
    // that have every required field.
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/standard-mediation-num-v1.0.2.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let national: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    let (h, rows, _) = read("lieux-mediation-numerique");
    assert_eq!(h, national);
    assert_eq!(rows.len(), 1, "seul `asso` a tous les champs obligatoires");
    assert_eq!(cell(&h, &rows[0], "id"), "alpha-asso");
    assert_eq!(cell(&h, &rows[0], "telephone"), "+33546000000");
    assert_eq!(cell(&h, &rows[0], "date_maj"), "2024-02-01");
    assert_eq!(cell(&h, &rows[0], "pivot"), "12345678901234");
    assert_eq!(cell(&h, &rows[0], "source"), "Site d'essai");

    let page = text(&page(&out, "donnees/index.html"));
    assert!(
        page.contains("acteurs.csv") && page.contains("datapackage")
            || page.contains("paquet de données"),
        "{page}"
    );
    let size = std::fs::metadata(data.join("acteurs.csv")).unwrap().len();
    let shown = if size < 1024 {
        format!("{size} octets")
    } else {
        format!("{:.1} ko", size as f64 / 1024.0).replace('.', ",")
    };
    assert!(
        page.contains(&shown),
        "taille de acteurs.csv ({shown}) : {page}"
    );
    assert!(
        page.contains(&format!("{} lignes", count_actors(&model))),
        "{page}"
    );

    // Each territory's rows in their own files, linked from its pages.
    for t in &model.territories {
        for (name, from) in [
            ("acteurs", "acteurs"),
            ("indicateurs", "indicateurs"),
            ("actions", "feuille-de-route"),
        ] {
            let all: Vec<csv::StringRecord> =
                csv::Reader::from_path(data.join(format!("{name}.csv")))
                    .unwrap()
                    .records()
                    .map(Result::unwrap)
                    .filter(|r| &r[0] == t.slug.as_str())
                    .collect();
            let path = format!("territoires/{}/{name}.csv", t.slug);
            let own: Vec<csv::StringRecord> = csv::Reader::from_path(data.join(&path))
                .unwrap_or_else(|e| panic!("{path} : {e}"))
                .records()
                .map(Result::unwrap)
                .collect();
            assert_eq!(own, all, "{path} : les lignes du territoire");
            let json: Vec<serde_json::Value> = serde_json::from_str(
                &std::fs::read_to_string(data.join(path.replace(".csv", ".json"))).unwrap(),
            )
            .unwrap();
            assert_eq!(json.len(), own.len());
            let rel = format!("territoires/{}/{from}/index.html", t.slug);
            if out.join(&rel).exists() {
                let html = self::page(&out, &rel);
                let hrefs: Vec<&str> = select(&html, ".donnees-lien a")
                    .iter()
                    .filter_map(|a| a.value().attr("href"))
                    .collect();
                assert!(
                    hrefs.contains(&format!("../../../donnees/{path}").as_str()),
                    "{rel} : liens {hrefs:?}"
                );
            }
        }
    }
}

fn count_actors(site: &ctin::model::Site) -> usize {
    site.territories.iter().map(|t| t.actor_list().len()).sum()
}

#[test]
fn every_content_page_is_in_the_search_index_with_its_kind_and_territory() {
    let (site, out) = built_base(&[]);
    let files = common::files(&out);
    let kinds = [
        "Page",
        "Territoire",
        "Acteurs",
        "Document",
        "Modèle partagé",
        "Feuille de route",
        "Indicateurs",
        "Données",
    ];
    let mut indexed = 0;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for rel in files.keys().filter(|p| p.ends_with(".html")) {
        let html = page(&out, rel);
        let main = select(&html, "main").pop().expect("un <main>");
        let attr = |a: &str| main.value().attr(a).map(str::to_string);
        if rel == "404.html"
            || rel == "recherche/index.html"
            || rel.ends_with("/impression/index.html")
        {
            assert!(
                attr("data-pagefind-body").is_none(),
                "{rel} ne doit pas être indexée"
            );
            continue;
        }
        indexed += 1;
        assert!(
            attr("data-pagefind-body").is_some(),
            "{rel} n'est pas indexée"
        );
        let kind = attr("data-ctin-type").unwrap();
        assert!(kinds.contains(&kind.as_str()), "{rel} : type {kind}");
        let filter = attr("data-pagefind-filter").unwrap();
        assert!(filter.contains("type[data-ctin-type]"), "{rel} : {filter}");
        // Every page of a territory is filed under its name, the same on all of them.
        if let Some(slug) = rel
            .strip_prefix("territoires/")
            .and_then(|r| r.split('/').next())
            && rel.matches('/').count() > 1
        {
            let name =
                attr("data-ctin-territoire").unwrap_or_else(|| panic!("{rel} sans territoire"));
            assert!(
                filter.contains("territoire[data-ctin-territoire]"),
                "{rel} : {filter}"
            );
            let first = names
                .entry(slug.to_string())
                .or_insert_with(|| name.clone());
            assert_eq!(*first, name, "{rel}");
        } else {
            assert!(attr("data-ctin-territoire").is_none(), "{rel}");
        }
    }
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.values().any(|n| n == "Alpha"), "{names:?}");
    // The index: French, every indexed page (in its parts: the site's, the territories'),
    // only the files the search page uses.
    let count = |entry: &str| {
        let entry: serde_json::Value = serde_json::from_slice(&files[entry]).unwrap();
        entry["languages"]["fr"]["page_count"].as_u64().unwrap()
    };
    let parts =
        count("pagefind/pagefind-entry.json") + count("pagefind/parties/1/pagefind-entry.json");
    assert_eq!(parts as usize, indexed);
    for needed in ["pagefind/pagefind.js", "pagefind/wasm.fr.pagefind"] {
        assert!(files.contains_key(needed), "{needed} absent");
    }
    assert!(files.keys().any(|k| k.starts_with("pagefind/fragment/")));
    assert!(
        !files.keys().any(|k| k.contains("-ui.")),
        "interfaces de Pagefind écrites"
    );
    // The search page finds the index from where it is; every page has the search field.
    let search = page(&out, "recherche/index.html");
    let form = select(&search, "form#recherche").pop().unwrap();
    assert_eq!(
        form.value().attr("data-index"),
        Some("../pagefind/pagefind.js")
    );
    let home = page(&out, "index.html");
    let field = select(&home, "form[role=search]").pop().unwrap();
    assert_eq!(field.value().attr("action"), Some("recherche/index.html"));
    drop(site);
}

#[test]
fn search_can_be_turned_off() {
    let site = base_site();
    let config = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}\nrecherche: false\n")).unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = common::files(&out);
    assert!(
        !files
            .keys()
            .any(|k| k.starts_with("pagefind/") || k.starts_with("recherche/"))
    );
    for (rel, bytes) in files.iter().filter(|(k, _)| k.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains("data-pagefind-body") && !html.contains("role=search"),
            "{rel}"
        );
    }
    assert!(crawl(&out).is_empty(), "{:?}", crawl(&out));
}

#[test]
fn lists_may_be_written_under_their_key_as_web_editors_do() {
    let (site, bare) = built_base(&[]);
    let keyed = |file: &str, key: &str| {
        let path = site.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let indented: String = text.lines().map(|l| format!("  {l}\n")).collect();
        std::fs::write(
            &path,
            format!("# Écrit par l'interface d'édition\n{key}:\n{indented}"),
        )
        .unwrap();
    };
    keyed("content/territoires/alpha/acteurs.yaml", "acteurs");
    keyed("content/territoires/alpha/indicateurs.yaml", "mesures");
    keyed("content/referentiel/indicateurs.yaml", "indicateurs");
    keyed("content/territoires/beta/acteurs.yaml", "acteurs");
    let out = site.path().join("cle");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (before, after) = (common::files(&bare), common::files(&out));
    for (path, bytes) in &before {
        if path.contains("territoires/beta")
            || path.contains("acteurs")
            || path.starts_with("pagefind/")
            || path == "index.html"
            // Build state: it keeps the fingerprints of the files' texts, which differ.
            || path == ".ctin-pages.json"
        {
            continue;
        }
        assert!(after.get(path) == Some(bytes), "{path} diffère");
    }
    let alpha = text(&page(&out, "territoires/alpha/acteurs/index.html"));
    assert!(alpha.contains("Numérique pour tous"), "{alpha}");
}

#[test]
fn printable_documents_and_models_have_a_print_page() {
    let site = base_site();
    // A page of the model that is not printable.
    let model = site.path().join("content/modeles/charte.md");
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let rel = "territoires/alpha/documents/charte/impression/index.html";
    let print = page(&out, rel);
    let shown = text(&print);
    // Title block: territory, type, status, adoption date, the model it adopts.
    let block = text(&Html::parse_fragment(
        &select(&print, ".bloc-titre")[0].html(),
    ));
    for expected in [
        "Alpha",
        "Charte",
        "Adopté",
        "1er juin 2023",
        "Charte de coordination",
    ] {
        assert!(
            block.contains(expected),
            "bloc de titre sans {expected} : {block}"
        );
    }
    // The adopted text and the document's own sections.
    assert!(
        shown.contains("Charte entre les acteurs de") && shown.contains("s'engagent davantage"),
        "{shown}"
    );
    // Signatories resolved to names, each with an empty box.
    let names: Vec<String> = select(&print, ".cases-signature .signataire")
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().any(|n| n.contains("Association")), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n == "Préfecture de la Charente-Maritime"),
        "{names:?}"
    );
    assert_eq!(select(&print, ".cases-signature .case").len(), 3);
    // The running header for the paged media, as a CSS string.
    let style = select(&print, "head style")[0].text().collect::<String>();
    assert!(
        style.contains("@top-left") && style.contains("Alpha — Charte de coordination d"),
        "{style}"
    );
    // The document page links to it; not indexed for search; models have one too.
    let doc = page(&out, "territoires/alpha/documents/charte/index.html");
    let link = select(&doc, ".imprimer a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(
        link.ends_with("alpha/documents/charte/impression/index.html"),
        "{link}"
    );
    assert!(
        select(&print, "main")[0]
            .value()
            .attr("data-pagefind-body")
            .is_none()
    );
    assert!(out.join("modeles/charte/impression/index.html").exists());
    let css = std::fs::read_to_string(out.join("theme/ctin.css")).unwrap();
    assert!(
        css.contains("size: A4") && css.contains("counter(pages)"),
        "feuille d'impression"
    );

    // `imprimable: false` leaves the print page out.
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(
        &model,
        text.replacen("type: charte\n", "type: charte\nimprimable: false\n", 1),
    )
    .unwrap();
    let out = site.path().join("sortie2");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!out.join("modeles/charte/impression").exists());
    assert!(out.join(rel).exists(), "le document reste imprimable");
}

#[test]
fn a_print_header_is_a_safe_css_string() {
    let h = ctin::render::views::print_header("Saint-Jean </style> \\ a");
    assert!(h.starts_with('"') && h.ends_with('"'), "{h}");
    let inner = &h[1..h.len() - 1];
    assert!(!inner.contains('<') && !inner.contains('"'), "{h}");
    assert!(
        inner.contains("\\3c /style\\3e ") && inner.contains("\\\\ a"),
        "{h}"
    );
}

/// Runs a poppler tool; the test fails if it is missing (scripts/test installs poppler-utils).
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} introuvable ({e}) : installez poppler-utils (scripts/test le fait)")
        });
    assert!(
        out.status.success(),
        "{tool} : {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ")
}

/// Alpha's charter in the base fixture.
const CHARTER: &str = "content/territoires/alpha/documents/charte.md";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 96, 248, 95, 15, 0, 2,
    135, 1, 128, 235, 71, 186, 146, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// The number of pages `pdfinfo` gives.
fn page_count(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pas de nombre de pages : {info}"))
}

/// The text of each page of a PDF.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]).replace('\u{2060}', "");
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    assert_eq!(
        pages.pop().as_deref().map(str::trim),
        Some(""),
        "texte après la dernière page"
    );
    pages
}

/// « page i / n » at the foot of each page.
fn assert_page_numbers(pages: &[String]) {
    for (i, page) in pages.iter().enumerate() {
        let n = format!("page {} / {}", i + 1, pages.len());
        assert!(page.contains(&n), "{n} : {page}");
    }
}

/// The base site with a text full of Typst's special characters and an image in Alpha's
/// charter.
fn pdf_site() -> tempfile::TempDir {
    let site = base_site();
    std::fs::write(site.path().join("content/static/images/carte.png"), PNG).unwrap();
    common::edit(
        site.path(),
        CHARTER,
        "Les signataires d'Alpha s'engagent davantage.",
        "Les signataires d'Alpha s'engagent davantage.\n\nCaractères : # $ * _ @ < [ ] \\\\ ~ fin.\n\n![Carte des lieux](/images/carte.png)\n\nVoir [la méthode](../../../pages/methode.md), [le site national](https://societenumerique.gouv.fr/) et [la carte](/images/carte.png).",
    );
    site
}

#[cfg(feature = "pdf")]
#[test]
fn documents_and_models_have_a_pdf_made_by_the_build() {
    let site = pdf_site();
    let out = site.path().join("sortie");
    let run = build(
        site.path(),
        &out,
        &["--base-url", "https://exemple.fr/ctin/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("territoires/alpha/documents/charte/alpha-charte.pdf");
    assert!(pdf.is_file(), "PDF du document absent");
    let path = pdf.to_str().unwrap();
    let info = poppler("pdfinfo", &[path]);
    assert!(
        info.contains("Title:           Charte de coordination d’Alpha"),
        "{info}"
    );
    assert!(info.contains("Author:          Alpha"), "{info}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("(A4)"), "{info}");
    // Language and PDF/UA-1 are in the XMP metadata.
    let meta = poppler("pdfinfo", &["-meta", path]);
    assert!(meta.contains("<dc:language><rdf:Bag><rdf:li>fr"), "{meta}");
    assert!(
        meta.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "PDF/UA-1 : {meta}"
    );
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), page_count(&info));
    let text = pages.concat();
    // The model's adopted section and the document's own (overriding) one.
    assert!(text.contains("Charte entre les acteurs de"), "{text}");
    assert!(
        text.contains("Les signataires d’Alpha s’engagent davantage."),
        "{text}"
    );
    assert!(
        text.contains("Caractères : # $ * _ @ < [ ] \\ ~ fin."),
        "{text}"
    );
    // Signatories resolved to names, each with its box.
    for name in [
        "Association Numérique pour tous",
        "Préfecture de la Charente-Maritime",
    ] {
        assert!(text.contains(name), "{name} : {text}");
    }
    assert_eq!(
        text.matches("Date, nom du représentant et signature")
            .count(),
        3
    );
    // French page numbers on every page.
    assert_page_numbers(&pages);
    for page in &pages {
        assert!(
            page.contains("Alpha — Charte de coordination d’Alpha"),
            "en-tête : {page}"
        );
    }
    // Bookmarks from the headings.
    let xml = poppler("pdftohtml", &["-xml", "-stdout", "-i", path]);
    // Links lead where the site's do, made absolute with the base URL.
    for href in [
        "https://exemple.fr/ctin/methode/",
        "https://societenumerique.gouv.fr/",
        "https://exemple.fr/ctin/images/carte.png",
    ] {
        assert!(
            xml.contains(&format!("<a href=\"{href}\">")),
            "{href} : {xml}"
        );
    }
    let outline = &xml[xml.find("<outline>").expect("pas de signets")..];
    for heading in ["Engagements", "Annexe", "Signataires"] {
        assert!(outline.contains(&format!(">{heading}</item>")), "{outline}");
    }
    // The image of content/static.
    let images = poppler("pdfimages", &["-list", path]);
    let shown = images
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    assert_eq!(shown, 1, "une image : {images}");
    // The model's own PDF, and the links on the pages.
    let model = out.join("modeles/charte/charte.pdf");
    let model_text = pdf_pages(&model).concat();
    assert!(model_text.contains("Modèle partagé"), "{model_text}");
    let html =
        std::fs::read_to_string(out.join("territoires/alpha/documents/charte/index.html")).unwrap();
    assert!(html.contains("alpha-charte.pdf"), "lien vers le PDF");
    let html = std::fs::read_to_string(out.join("modeles/charte/index.html")).unwrap();
    assert!(html.contains("charte.pdf"), "lien vers le PDF du modèle");
}

#[cfg(feature = "pdf")]
#[test]
fn a_territory_dossier_binds_its_documents_with_a_table_of_contents() {
    let site = pdf_site();
    // A second printable document, and one that is not printable.
    let docs = site.path().join("content/territoires/alpha/documents");
    std::fs::write(
        docs.join("cahier.md"),
        "---\ntitre: Cahier des charges d'Alpha\ntype: cahier-des-charges-formation\nstatut: projet\n---\n\n## Publics\n\nLes aidants.\n\n## Modalités\n\nDeux jours.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("interne.md"),
        "---\ntitre: Note interne\ntype: autre\nimprimable: false\n---\n\nNe pas imprimer.\n",
    )
    .unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dossier = out.join("territoires/alpha/alpha-dossier.pdf");
    let info = poppler("pdfinfo", &[dossier.to_str().unwrap()]);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let pages = pdf_pages(&dossier);
    assert_eq!(pages.len(), page_count(&info));
    let text = pages.concat();
    assert!(!text.contains("Ne pas imprimer"), "{text}");
    // The table of contents on the first page gives the page where each document starts.
    let toc = &pages[0];
    assert!(toc.contains("Sommaire"), "{toc}");
    assert!(
        !toc.contains("page 1 /"),
        "pas de numéro sur la couverture : {toc}"
    );
    let mut starts = Vec::new();
    for (title, pdf) in [
        (
            "Cahier des charges d’Alpha",
            "territoires/alpha/documents/cahier/alpha-cahier.pdf",
        ),
        (
            "Charte de coordination d’Alpha",
            "territoires/alpha/documents/charte/alpha-charte.pdf",
        ),
    ] {
        let line = toc
            .lines()
            .find(|l| l.starts_with(title))
            .unwrap_or_else(|| panic!("{title} absent du sommaire : {toc}"));
        let page: usize = line
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("pas de page : {line}"));
        assert!(
            pages[page - 1].contains(&format!("Alpha — {title}")),
            "{title} devrait commencer page {page} : {}",
            pages[page - 1]
        );
        // The document's own PDF is its pages of the dossier (cut from it, not laid out
        // again), numbered from 1, with its title and author.
        let own = out.join(pdf);
        let own_pages = pdf_pages(&own);
        assert_page_numbers(&own_pages);
        assert_eq!(own_pages[..], pages[page - 1..page - 1 + own_pages.len()]);
        let info = poppler("pdfinfo", &[own.to_str().unwrap()]);
        assert!(info.contains("Tagged:          yes"), "{info}");
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{info}"
        );
        assert!(info.contains("Author:          Alpha"), "{info}");
        starts.push((page, own_pages.len()));
    }
    // The documents follow one another, each on its own pages, after the table of contents.
    assert_eq!(starts[0].0 + starts[0].1, starts[1].0, "{starts:?}");
    assert_eq!(starts[1].0 + starts[1].1 - 1, pages.len(), "{starts:?}");
    assert!(
        run.stderr
            .contains("PDF : 2 mis en page, 2 découpés dans leur dossier"),
        "{}",
        run.stderr
    );
    // The documents' own headings are in the table of contents, one level down, but not their
    // signatories and sources (in the bookmarks).
    assert!(
        toc.contains("Engagements") && toc.contains("Modalités"),
        "{toc}"
    );
    assert!(!toc.contains("Signataires"), "{toc}");
    assert!(text.contains("Les signataires d’Alpha s’engagent davantage."));
    let html = std::fs::read_to_string(out.join("territoires/alpha/index.html")).unwrap();
    assert!(html.contains("alpha-dossier.pdf"), "lien vers le dossier");
}

#[cfg(feature = "pdf")]
#[test]
fn a_rebuild_lays_out_only_the_pdfs_whose_inputs_changed() {
    use std::os::unix::fs::MetadataExt;
    let site = pdf_site();
    let out = site.path().join("sortie");
    let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
    let (charter, dossier, model) = (
        "territoires/alpha/documents/charte/alpha-charte.pdf",
        "territoires/alpha/alpha-dossier.pdf",
        "modeles/charte/charte.pdf",
    );
    let first = build(site.path(), &out, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = [inode(charter), inode(dossier), inode(model)];
    let bytes = std::fs::read(out.join(charter)).unwrap();
    // Unchanged site: no PDF is laid out or written, the files are the previous ones.
    let again = build(site.path(), &out, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("PDF : 0 mis en page"),
        "{}",
        again.stderr
    );
    assert_eq!([inode(charter), inode(dossier), inode(model)], before);
    // One document changed: its territory's dossier only is laid out, the document's PDF cut
    // from it.
    edit_charter(site.path());
    let changed = build(site.path(), &out, &[]);
    assert_eq!(changed.code, 0, "{}", changed.stderr);
    assert!(
        changed
            .stderr
            .contains("PDF : 1 mis en page, 1 découpé dans son dossier, 1 inchangé"),
        "{}",
        changed.stderr
    );
    assert_ne!(inode(charter), before[0]);
    assert_ne!(inode(dossier), before[1]);
    assert_eq!(inode(model), before[2]);
    assert_ne!(std::fs::read(out.join(charter)).unwrap(), bytes);
    // The same inputs give the same bytes, from scratch.
    let fresh = site.path().join("autre");
    assert_eq!(build(site.path(), &fresh, &[]).code, 0);
    assert_eq!(
        std::fs::read(fresh.join(charter)).unwrap(),
        std::fs::read(out.join(charter)).unwrap()
    );
}

#[cfg(feature = "pdf")]
#[test]
fn a_site_may_replace_the_pdf_template_and_its_mistakes_are_reported() {
    let site = base_site();
    // A second printable document in Alpha's dossier.
    std::fs::write(
        site.path().join("content/territoires/alpha/documents/cahier.md"),
        "---\ntitre: Cahier des charges d'Alpha\ntype: cahier-des-charges-formation\n---\n\nDeux jours.\n",
    )
    .unwrap();
    let dir = site.path().join("templates/pdf");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("document.typ"),
        "#let ctin-document(titre: \"\", ..reste, corps) = [Gabarit du site : #titre. #corps]\n#let ctin-dossier(territoire: \"\", ..reste) = [Dossier du site : #territoire]\n",
    )
    .unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_pages(&out.join("territoires/alpha/documents/charte/alpha-charte.pdf")).concat();
    assert!(
        text.contains("Gabarit du site : Charte de coordination d’Alpha."),
        "{text}"
    );
    assert!(text.contains("davantage"), "{text}");
    let text = pdf_pages(&out.join("territoires/alpha/alpha-dossier.pdf")).concat();
    assert!(text.contains("Dossier du site : Alpha"), "{text}");
    // This template does not mark its documents' pages: each document is laid out alone, and
    // one document edited lays out again that document and its dossier only (not the cahier).
    assert!(!run.stderr.contains("découpé"), "{}", run.stderr);
    edit_charter(site.path());
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("PDF : 2 mis en page, 2 inchangés"),
        "{}",
        run.stderr
    );
    // A template Typst cannot compile: the build fails, names the PDF, and leaves the output.
    std::fs::write(
        dir.join("document.typ"),
        "#let ctin-document(titre: \"\", ..reste, corps) = [#inconnu]\n",
    )
    .unwrap();
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("erreur[pdf-impossible]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("alpha-charte.pdf"), "{}", run.stderr);
    assert!(run.stderr.contains("inconnu"), "{}", run.stderr);
    let text = pdf_pages(&out.join("territoires/alpha/documents/charte/alpha-charte.pdf")).concat();
    assert!(
        text.contains("Gabarit du site"),
        "la sortie précédente est restée : {text}"
    );
}

#[test]
fn links_to_search_print_pages_pdfs_dossiers_and_exports_are_accepted_and_lead_there() {
    let site = base_site();
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "\n---\n",
        "\n---\n\n[Chercher](/recherche/), [à imprimer](/territoires/alpha/documents/charte/impression/), \
         [PDF](/territoires/alpha/documents/charte/alpha-charte.pdf), \
         [dossier](/territoires/alpha/alpha-dossier.pdf), [modèle](/modeles/charte/charte.pdf), \
         [modèle à imprimer](/modeles/charte/impression/), \
         [acteurs](/donnees/territoires/alpha/acteurs.csv), [actions](/donnees/territoires/beta/actions.json).\n",
    );
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(out.join("methode/index.html")).unwrap();
    let page = Html::parse_document(&html);
    let hrefs: Vec<String> = select(&page, ".texte a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(hrefs.len(), 8, "{hrefs:?}");
    for href in hrefs {
        let target = out.join("methode").join(&href);
        let target = if href.ends_with('/') {
            target.join("index.html")
        } else {
            target
        };
        assert!(target.is_file(), "{href} ne mène à aucun fichier");
    }
    // A link to a PDF that is not made (a document that is not printable) is still refused.
    common::edit(
        site.path(),
        "content/territoires/alpha/documents/charte.md",
        "statut: adopte",
        "statut: adopte\nimprimable: false",
    );
    let run = common::check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("erreur[lien-casse]"), "{}", run.stderr);
}

/// A reference to an actor written with spaces around it (a quoted value copied with them) is
/// read as its check reads it: the check accepts it and the page links to the actor, instead of
/// showing the reference as a free name.
#[test]
fn a_reference_to_an_actor_with_spaces_around_it_names_the_actor() {
    let site = base_site();
    let root = site.path();
    common::edit(
        root,
        "content/territoires/alpha/documents/charte.md",
        "signataires: [agglo, asso,",
        "signataires: [\" agglo \", \"beta/departement \", asso,",
    );
    common::edit(
        root,
        "content/territoires/alpha/feuille-de-route.md",
        "partenaires: [asso, beta/departement]",
        "partenaires: [asso, \" beta/departement\"]",
    );
    let out = root.join("sortie");
    let run = build(root, &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = page(&out, "territoires/alpha/documents/charte/index.html");
    let href = |name: &str| {
        select(&doc, "a")
            .into_iter()
            .find(|a| a.text().collect::<String>().replace('’', "'") == name)
            .and_then(|a| a.value().attr("href").map(String::from))
    };
    assert_eq!(
        href("Communauté d'agglomération d'Alpha").as_deref(),
        Some("../../../../territoires/alpha/acteurs/agglo/index.html")
    );
    assert_eq!(
        href("Département de Beta").as_deref(),
        Some("../../../../territoires/beta/acteurs/departement/index.html")
    );
    assert!(!text(&doc).contains("beta/departement"), "{}", text(&doc));
    let roadmap = page(&out, "territoires/alpha/feuille-de-route/index.html");
    assert!(
        select(&roadmap, "a")
            .iter()
            .any(|a| a.text().collect::<String>() == "Département de Beta"),
        "partenaire"
    );
    // The open data gives the id as the check reads it.
    let csv = std::fs::read_to_string(out.join("donnees/actions.csv")).unwrap();
    assert!(csv.contains(",asso|beta/departement,"), "{csv}");
    assert!(!csv.contains(" beta/departement"), "{csv}");
}
