//! A page per actor (`/territoires/<t>/acteurs/<id>/`): what its entry says, its place on a map,
//! its opening hours in words, the actions and documents that name it, its open data; linked
//! from the lists, the map and every reference to it; searchable; reachable by a Markdown link.

mod common;

use common::site::{build, built_base, page, select, text};

const ASSO: &str = "territoires/alpha/acteurs/asso/index.html";

#[test]
fn each_actor_has_a_page_with_everything_its_entry_says() {
    let (_site, out) = built_base(&[]);
    let html = page(&out, ASSO);
    let all = text(&html);
    for expected in [
        "Association Numérique pour tous",
        "Association",
        "Accompagnement",
        "Ateliers et permanences.",
        "1 rue de la Paix, 17000 La Rochelle",
        "Du lundi au vendredi, de 9 h à 12 h",
        "05 46 00 00 00",
        "contact@asso.fr",
        "https://asso.fr",
        "Aide aux démarches administratives",
        "Seniors",
        "Accompagnement individuel",
        "12345678901234",
        "1er février 2024",
    ] {
        assert!(all.contains(expected), "{expected:?} absent de :\n{all}");
    }
    // Its place on the map: one point, at its coordinates.
    let data = select(&html, "script#carte-donnees")
        .pop()
        .expect("une carte");
    let points: serde_json::Value = serde_json::from_str(&data.inner_html()).unwrap();
    assert_eq!(points.as_array().unwrap().len(), 1, "{points}");
    assert_eq!(points[0]["lat"], 46.16);
    // The roadmap action that names it as a partner, and the document it signs.
    let actions = select(&html, "#actions a");
    assert_eq!(actions.len(), 1);
    assert_eq!(
        actions[0].value().attr("href"),
        Some("../../../../territoires/alpha/feuille-de-route/index.html#comite")
    );
    assert!(all.contains("Réunir le comité — partenaire"), "{all}");
    let documents = select(&html, "#documents a");
    assert_eq!(documents.len(), 1);
    assert_eq!(
        documents[0].value().attr("href"),
        Some("../../../../territoires/alpha/documents/charte/index.html")
    );
    // Its rows in the open data, and its place in the list.
    let hrefs: Vec<&str> = select(&html, "#donnees a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for expected in [
        "../../../../territoires/alpha/acteurs/index.html#asso",
        "../../../../donnees/territoires/alpha/acteurs.csv",
        "../../../../donnees/territoires/alpha/acteurs.json",
    ] {
        assert!(hrefs.contains(&expected), "{expected} absent : {hrefs:?}");
    }
    // Searchable, filed as an actor of its territory.
    let main = select(&html, "main").pop().unwrap();
    assert_eq!(main.value().attr("data-ctin-type"), Some("Acteurs"));
    assert_eq!(main.value().attr("data-ctin-territoire"), Some("Alpha"));
    // An actor with little to say still has its page, which says so.
    let bare = text(&page(
        &out,
        "territoires/beta/acteurs/departement/index.html",
    ));
    assert!(bare.contains("Aucune action"), "{bare}");
    assert!(bare.contains("Aucun document"), "{bare}");
}

#[test]
fn lists_map_and_references_lead_to_the_actor_page_and_list_anchors_stay() {
    let (_site, out) = built_base(&[]);
    let list = page(&out, "territoires/alpha/acteurs/index.html");
    assert_eq!(select(&list, "article#asso").len(), 1, "ancre de la liste");
    let name = select(&list, "article#asso h3 a").pop().expect("un lien");
    assert_eq!(
        name.value().attr("href"),
        Some("../../../territoires/alpha/acteurs/asso/index.html")
    );
    let map = select(&list, "ul.lieux a")
        .pop()
        .expect("la liste de la carte");
    assert_eq!(
        map.value().attr("href"),
        Some("../../../territoires/alpha/acteurs/asso/index.html")
    );
    // Every actor of the site links to its page from the list of all actors.
    let all = page(&out, "acteurs/index.html");
    let links: Vec<&str> = select(&all, "article.acteur h3 a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "../territoires/alpha/acteurs/agglo/index.html",
            "../territoires/beta/acteurs/departement/index.html",
            "../territoires/alpha/acteurs/asso/index.html",
        ]
    );
    // A reference to an actor of another territory leads to its page too.
    let roadmap = page(&out, "territoires/alpha/feuille-de-route/index.html");
    let hrefs: Vec<&str> = select(&roadmap, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"../../../territoires/beta/acteurs/departement/index.html"),
        "{hrefs:?}"
    );
    // The page is in the sitemap.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("territoires/alpha/acteurs/asso/"),
        "{sitemap}"
    );
}

#[test]
fn a_markdown_link_may_lead_to_an_actor_page_and_a_wrong_one_is_reported() {
    let site = common::base_site();
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "Texte.",
        "Voir [l'association](/territoires/alpha/acteurs/asso/#actions).",
    );
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&out, "methode/index.html");
    let link = select(&html, ".texte a").pop().unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("../territoires/alpha/acteurs/asso/index.html#actions")
    );
    common::edit(
        site.path(),
        "content/pages/methode.md",
        "/acteurs/asso/",
        "/acteurs/assoc/",
    );
    let run = common::check(site.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("erreur[lien-casse]"), "{}", run.stderr);
}

#[test]
fn opening_hours_the_words_cannot_say_are_shown_as_written() {
    let site = common::base_site();
    common::edit(
        site.path(),
        "content/territoires/alpha/acteurs.yaml",
        "horaires: Mo-Fr 09:00-12:00",
        "horaires: Jan-Mar Mo 09:00-12:00",
    );
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let all = text(&page(&out, ASSO));
    assert!(all.contains("Jan-Mar Mo 09:00-12:00"), "{all}");
}
