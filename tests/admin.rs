//! `/admin/`: the Decap CMS configuration made from the content format. Every key that serde
//! accepts appears in the editor's forms with the right widget (a select with the enumeration's
//! values, a relation for references, a date picker for dates), and no `/admin/` is written
//! without `edition` in `site.yaml`.

mod common;

use std::path::Path;

use common::{base_site, ctin, keys_of};
use ctin::model::schema::*;
use serde_json::Value;

const EDITION: &str = "\nedition:\n  forge: gitlab\n  depot: interconnectes/site\n  app_id: abc123\n  url: https://forge.exemple.fr/\n";

fn build_with(site: &Path, extra: &str) -> std::path::PathBuf {
    build_with_args(site, extra, &[])
}

fn build_with_args(site: &Path, extra: &str, args: &[&str]) -> std::path::PathBuf {
    let config = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}{extra}")).unwrap();
    let out = site.join("sortie");
    let mut all = vec![
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let run = ctin(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

#[test]
fn the_site_address_comes_from_base_url_or_url_de_base() {
    let site = base_site();
    let out = build_with(site.path(), EDITION);
    assert!(config(&out).get("site_url").is_none());
    let out = build_with_args(site.path(), "", &["--base-url", "https://exemple.fr/ctin/"]);
    assert_eq!(config(&out)["site_url"], "https://exemple.fr/ctin");
    let out = build_with(site.path(), "url_de_base: https://autre.fr/site\n");
    assert_eq!(config(&out)["site_url"], "https://autre.fr/site");
}

fn config(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("admin/config.yml")).unwrap();
    assert!(text.starts_with("# Fait par ctin build"), "{text}");
    serde_saphyr::from_str(&text).expect("config.yml est du YAML")
}

fn collection<'a>(c: &'a Value, name: &str) -> &'a Value {
    c["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("collection {name} absente"))
}

fn file<'a>(c: &'a Value, collection_name: &str, name: &str) -> &'a Value {
    collection(c, collection_name)["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("fichier {name} absent de {collection_name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == name)
        .unwrap_or_else(|| panic!("champ {name} absent de {fields}"))
}

fn names(fields: &Value) -> Vec<String> {
    let mut n: Vec<String> = fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .filter(|n| n != "body")
        .collect();
    n.sort();
    n
}

fn sorted(keys: Vec<&str>) -> Vec<String> {
    let mut k: Vec<String> = keys.into_iter().map(String::from).collect();
    k.sort();
    k
}

fn without(keys: Vec<&'static str>, left_out: &[&str]) -> Vec<String> {
    sorted(keys.into_iter().filter(|k| !left_out.contains(k)).collect())
}

fn assert_select(f: &Value, values: &[&str], multiple: bool) {
    assert_eq!(f["widget"], "select", "{f}");
    assert_eq!(f["options"], serde_json::json!(values), "{f}");
    assert_eq!(f["multiple"], multiple, "{f}");
}

fn assert_date(f: &Value) {
    assert_eq!(f["widget"], "datetime", "{f}");
    assert_eq!(f["format"], "YYYY-MM-DD", "{f}");
    assert_eq!(f["time_format"], false, "{f}");
}

#[test]
fn every_key_of_the_format_appears_with_its_widget() {
    let site = base_site();
    let out = build_with(site.path(), EDITION);
    let c = config(&out);

    assert_eq!(c["backend"]["name"], "gitlab");
    assert_eq!(c["backend"]["repo"], "interconnectes/site");
    assert_eq!(c["backend"]["branch"], "main");
    assert_eq!(c["backend"]["auth_type"], "pkce");
    assert_eq!(c["backend"]["app_id"], "abc123");
    assert_eq!(c["backend"]["base_url"], "https://forge.exemple.fr");
    assert_eq!(c["backend"]["api_root"], "https://forge.exemple.fr/api/v4");
    assert_eq!(c["publish_mode"], "editorial_workflow");
    assert_eq!(c["locale"], "fr");

    // The territory card and its groups.
    let card = &file(&c, "territoires", "alpha-fiche")["fields"];
    assert_eq!(
        file(&c, "territoires", "alpha-fiche")["file"],
        "content/territoires/alpha/territoire.yaml"
    );
    assert_eq!(names(card), sorted(keys_of::<Territoire>()));
    assert_select(field(card, "echelon"), Echelon::NAMES, false);
    assert_eq!(field(card, "echelon")["required"], true);
    assert_eq!(field(card, "nom_court")["required"], false);
    assert_date(field(card, "engage_le"));
    for (key, keys) in [
        ("coordination", keys_of::<Coordination>()),
        ("budget", keys_of::<LigneBudget>()),
        ("comites", keys_of::<Comite>()),
        ("calendrier", keys_of::<Evenement>()),
        ("liens", keys_of::<Lien>()),
        ("sources", keys_of::<Source>()),
    ] {
        assert_eq!(names(&field(card, key)["fields"]), sorted(keys), "{key}");
    }
    let comites = &field(card, "comites")["fields"];
    assert_select(field(comites, "type"), ComiteType::NAMES, false);
    assert_select(field(comites, "frequence"), Frequence::NAMES, false);
    let structure = field(&field(card, "coordination")["fields"], "structure");
    assert_eq!(structure["widget"], "relation");
    assert_eq!(structure["file"], "alpha");

    // Actors: one list under `acteurs:` per territory file.
    let actors_file = file(&c, "acteurs", "alpha");
    assert_eq!(
        actors_file["file"],
        "content/territoires/alpha/acteurs.yaml"
    );
    let list = field(&actors_file["fields"], "acteurs");
    assert_eq!(list["widget"], "list");
    let actor = &list["fields"];
    assert_eq!(names(actor), sorted(keys_of::<Acteur>()));
    for (key, required) in [
        ("id", true),
        ("nom", true),
        ("categorie", true),
        ("pivot", false),
    ] {
        assert_eq!(field(actor, key)["required"], required, "{key}");
    }
    assert_select(field(actor, "categorie"), Categorie::NAMES, false);
    assert_select(field(actor, "roles"), Role::NAMES, true);
    assert_select(field(actor, "services"), Service::NAMES, true);
    assert_select(
        field(actor, "publics_specifiquement_adresses"),
        Public::NAMES,
        true,
    );
    assert_select(
        field(actor, "modalites_accompagnement"),
        Modalite::NAMES,
        true,
    );
    assert_date(field(actor, "date_maj"));
    assert_eq!(field(actor, "latitude")["widget"], "number");

    // Measures and the référentiel.
    let measure = &field(&file(&c, "mesures", "alpha")["fields"], "mesures")["fields"];
    assert_eq!(names(measure), sorted(keys_of::<Mesure>()));
    let code = field(measure, "indicateur");
    assert_eq!(code["widget"], "relation");
    assert_eq!(code["collection"], "referentiel");
    assert_eq!(code["value_field"], "indicateurs.*.code");
    let indicator = &field(
        &file(&c, "referentiel", "indicateurs")["fields"],
        "indicateurs",
    )["fields"];
    assert_eq!(names(indicator), sorted(keys_of::<Indicateur>()));
    assert_select(field(indicator, "sens"), Sens::NAMES, false);
    assert_eq!(
        names(&field(indicator, "cible")["fields"]),
        sorted(keys_of::<Cible>())
    );

    // Markdown pages: each kind with the front matter keys it may use, and its text.
    let front = keys_of::<FrontMatter>();
    let roadmap = &file(&c, "feuilles-de-route", "alpha")["fields"];
    let documents = collection(&c, "documents-alpha");
    assert_eq!(documents["folder"], "content/territoires/alpha/documents");
    assert_eq!(documents["create"], true);
    let document = &documents["fields"];
    // The keys each kind may use are those `ctin check` accepts for it.
    use ctin::model::validate::FrontMatterKind;
    for (what, fields, kind) in [
        ("document", document, FrontMatterKind::Document),
        ("feuille de route", roadmap, FrontMatterKind::Roadmap),
        (
            "modèle",
            &collection(&c, "modeles")["fields"],
            FrontMatterKind::Model,
        ),
        (
            "page",
            &collection(&c, "pages")["fields"],
            FrontMatterKind::Plain,
        ),
        (
            "accueil",
            &file(&c, "accueil", "accueil")["fields"],
            FrontMatterKind::Plain,
        ),
    ] {
        assert_eq!(
            names(fields),
            without(front.clone(), kind.forbidden()),
            "{what}"
        );
        assert_eq!(field(fields, "body")["widget"], "markdown", "{what}");
        assert_eq!(field(fields, "titre")["required"], true, "{what}");
    }
    assert_select(field(document, "type"), DocType::NAMES, false);
    assert_select(field(document, "statut"), DocStatut::NAMES, false);
    assert_date(field(document, "adopte_le"));
    let model = field(document, "modele");
    assert_eq!(model["widget"], "relation");
    assert_eq!(model["collection"], "modeles");
    let variables = field(document, "variables");
    assert_eq!(variables["widget"], "object");
    assert!(
        !variables["fields"].as_array().unwrap().is_empty(),
        "les variables des modèles : {variables}"
    );

    let axes = field(roadmap, "axes");
    assert_eq!(names(&axes["fields"]), sorted(keys_of::<Axe>()));
    let action = &field(&axes["fields"], "actions")["fields"];
    assert_eq!(names(action), sorted(keys_of::<Action>()));
    assert_select(field(action, "statut"), ActionStatut::NAMES, false);
    for key in ["porteurs", "partenaires"] {
        let f = field(action, key);
        assert_eq!(f["widget"], "relation", "{key}");
        assert_eq!(f["collection"], "acteurs", "{key}");
        assert_eq!(f["file"], "alpha", "{key}");
        assert_eq!(f["value_field"], "acteurs.*.id", "{key}");
        assert_eq!(f["multiple"], true, "{key}");
    }
    assert_eq!(field(action, "indicateurs")["collection"], "referentiel");
    assert_date(field(action, "echeance"));

    // The editor itself, vendored with its licence.
    let page = std::fs::read_to_string(out.join("admin/index.html")).unwrap();
    assert!(
        page.contains("decap-cms/decap-cms.js") && page.contains("config.yml"),
        "{page}"
    );
    assert!(out.join("admin/decap-cms/decap-cms.js").is_file());
    let licence = std::fs::read_to_string(out.join("admin/decap-cms/LICENSE")).unwrap();
    assert!(licence.contains("MIT License"));
}

#[test]
fn no_admin_without_edition_and_github_needs_an_oauth_service() {
    let site = base_site();
    let out = build_with(site.path(), "");
    assert!(!out.join("admin").exists());

    let site = base_site();
    let yaml = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        format!("{text}\nedition:\n  forge: github\n  depot: org/site\n"),
    )
    .unwrap();
    let run = common::check(site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cle-manquante") && run.stderr.contains("authentification"),
        "{}",
        run.stderr
    );
    std::fs::write(
        &yaml,
        format!(
            "{text}\nedition:\n  forge: github\n  depot: org/site\n  branche: publie\n  authentification: https://auth.exemple.fr\n"
        ),
    )
    .unwrap();
    let out = build_with(site.path(), "");
    let c = config(&out);
    assert_eq!(c["backend"]["name"], "github");
    assert_eq!(c["backend"]["branch"], "publie");
    assert_eq!(c["backend"]["base_url"], "https://auth.exemple.fr");
}

#[test]
fn with_the_editor_bare_lists_are_reported_with_the_fix() {
    let site = base_site();
    let yaml = site.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}{EDITION}")).unwrap();
    let run = common::check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("avertissement[liste-sans-cle]")
            && run.stderr.contains("territoires/alpha/acteurs.yaml:1:1")
            && run.stderr.contains("écrivez `acteurs:`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_new_site_writes_its_lists_in_the_form_the_editor_edits() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let run = ctin(&["new", "site", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ctin(&[
        "new",
        "territoire",
        "autre-territoire",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let yaml = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}{EDITION}")).unwrap();
    let run = common::check(&root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("liste-sans-cle"), "{}", run.stderr);
}
