//! `ctin import lieux`: a national-size file made from the geography (20 000 places over every
//! département, some broken in every way) imported into a territory, and the schema's own
//! example file; the figures of the report, every mapping, conflicts, idempotence, comments
//! kept, places gone, the dry run, and the export → import round trip.

mod common;

use std::path::Path;

use common::lieux::{COLUMNS, National, national};
use common::site::{build, page, text};
use common::{base_site, check, ctin};

/// The Sicoval (36 communes, Haute-Garonne).
const SICOVAL: &str = "243100633";
const ACTORS: &str = "content/territoires/sicoval/acteurs.yaml";
const STATE: &str = "content/territoires/sicoval/.ctin-import-lieux.json";

/// The base site with the Sicoval created from its code.
fn site_with_sicoval() -> tempfile::TempDir {
    let site = base_site();
    let root = site.path().to_str().unwrap();
    let run = ctin(&["new", "territoire", "--root", root, "--code", SICOVAL]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

fn import(site: &Path, file: &Path, more: &[&str]) -> common::Run {
    let mut args = vec![
        "import",
        "lieux",
        file.to_str().unwrap(),
        "--territoire",
        "sicoval",
        "--root",
        site.to_str().unwrap(),
    ];
    args.extend(more);
    ctin(&args)
}

/// The figure of the report's line that ends with `label`.
fn figure(report: &str, label: &str) -> usize {
    report
        .lines()
        .find_map(|l| {
            let (n, rest) = l.trim().split_once(' ')?;
            rest.starts_with(label).then(|| n.parse().ok())?
        })
        .unwrap_or_else(|| panic!("pas de ligne « {label} » dans :\n{report}"))
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_default()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_national_file_fills_the_territory_and_a_second_import_changes_nothing() {
    let site = site_with_sicoval();
    let data = national(20_000, SICOVAL);
    let files = tempfile::tempdir().unwrap();
    let csv = write(files.path(), "lieux.csv", &data.csv(','));
    let run = import(site.path(), &csv, &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = &run.stdout;
    assert_eq!(figure(report, "lieu"), data.read);
    assert_eq!(figure(report, "hors du territoire"), data.outside);
    assert_eq!(figure(report, "ajouté"), data.inside.len());
    assert_eq!(figure(report, "refusé"), data.rejected.len());
    assert_eq!(figure(report, "mis à jour"), 0);
    assert_eq!(
        data.read,
        data.outside + data.inside.len() + data.rejected.len(),
        "le fichier généré se décompte"
    );
    for (line, column) in &data.rejected {
        let said = format!("ligne {line} : `{column}`");
        assert!(report.contains(&said), "{said} absent de :\n{report}");
    }
    for (line, column) in &data.discarded {
        let said = format!("ligne {line} : `{column}`");
        assert!(report.contains(&said), "{said} absent de :\n{report}");
    }
    // The imported actors pass `ctin check` as they are, without a warning.
    let checked = check(site.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        !checked.stderr.contains("avertissement"),
        "{}",
        checked.stderr
    );
    let yaml = read(site.path(), ACTORS);
    for id in &data.inside {
        assert!(yaml.contains(&format!("id_source: {id}\n")), "{id}");
    }
    // Only the good e-mail address of a place with a bad one is left out.
    assert!(yaml.contains("accueil@exemple.fr"));
    assert!(!yaml.contains("pas-un-courriel"));
    assert!(!yaml.contains("Cours de cuisine"));

    // The same file again, as CSV with `;` and a byte-order mark, then as JSON: nothing moves.
    let before = (read(site.path(), ACTORS), read(site.path(), STATE));
    for (name, text) in [
        ("lieux.csv", data.csv(',')),
        ("lieux-bom.csv", format!("\u{feff}{}", data.csv(';'))),
        ("lieux.json", data.json()),
    ] {
        let file = write(files.path(), name, &text);
        let run = import(site.path(), &file, &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(figure(&run.stdout, "ajouté"), 0, "{name}");
        assert_eq!(figure(&run.stdout, "mis à jour"), 0, "{name}");
        assert_eq!(figure(&run.stdout, "inchangé"), data.inside.len(), "{name}");
        assert!(run.stdout.contains("rien n'a été modifié"), "{name}");
        let after = (read(site.path(), ACTORS), read(site.path(), STATE));
        assert!(after == before, "{name} a changé acteurs.yaml ou l'état");
    }

    // The territory's page of actors says where each imported place comes from, and of when.
    let out = files.path().join("sortie");
    let built = build(site.path(), &out, &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let actors = text(&page(&out, "territoires/sicoval/acteurs/index.html"));
    assert_eq!(
        actors
            .matches("Données : Synthèse nationale, mises à jour le")
            .count(),
        data.inside.len(),
        "{actors}"
    );

    // Export → import: the site's own national export, imported into the territory, is the
    // territory's actors themselves: nothing changes.
    let export = out.join("donnees/lieux-mediation-numerique.csv");
    let run = import(site.path(), &export, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(figure(&run.stdout, "ajouté"), 0, "{}", run.stdout);
    assert_eq!(figure(&run.stdout, "refusé"), 0, "{}", run.stdout);
    assert_eq!(figure(&run.stdout, "déjà présent"), data.inside.len());
    assert!((read(site.path(), ACTORS), read(site.path(), STATE)) == before);
}

#[test]
fn every_field_of_the_schemas_example_is_mapped() {
    // The example file of the national schema, verbatim: a place in Reims.
    let site = base_site();
    let root = site.path().to_str().unwrap();
    let run = ctin(&[
        "new",
        "territoire",
        "reims",
        "--root",
        root,
        "--code",
        "200067213",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let example = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/standard-mediation-num-exemple-valide.csv");
    let run = ctin(&[
        "import",
        "lieux",
        example.to_str().unwrap(),
        "--territoire",
        "reims",
        "--root",
        root,
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(figure(&run.stdout, "ajouté"), 1, "{}", run.stdout);
    let yaml = read(site.path(), "content/territoires/reims/acteurs.yaml");
    // Lines compared without their indentation.
    let squash = |s: &str| s.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let squashed = squash(&yaml);
    for line in [
        "- id: anonymal",
        "categorie: association",
        "pivot: \"43493312300029\"",
        "commune: Reims",
        "code_postal: \"51100\"",
        "code_insee: \"51454\"",
        "adresse: \"12 BIS RUE DE LECLERCQ\"",
        "complement_adresse: \"Le patio du bois de l'Aulne\"",
        "latitude: 43.52609",
        "longitude: 5.41423",
        "typologie:\n    - TIERS_LIEUX\n    - ASSO",
        "telephone: \"+33180059880\"",
        "courriels:\n    - contact@laquincaillerie.tl\n    - responsable@laquincaillerie.tl",
        "site_web: https://www.laquincaillerie.tl/",
        "horaires: Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        "presentation_resume: Notre association propose",
        "presentation_detail: \"Notre parcours d'initiation",
        "source: Hubik",
        "itinerance:\n    - Itinérant",
        "structure_parente: SIRET de la ville pour une bibliothèque.",
        "date_maj: 2024-04-02",
        "services:\n    - Maîtrise des outils numériques du quotidien\n    - Insertion professionnelle via le numérique\n    - Loisirs et créations numériques",
        "publics_specifiquement_adresses:\n    - Jeunes\n    - Femmes",
        "prise_en_charge_specifique:\n    - Surdité\n    - Illettrisme\n    - Langues étrangères (anglais)",
        "frais_a_charge:\n    - Gratuit sous condition\n    - Payant",
        "dispositif_programmes_nationaux:\n    - Aidants Connect\n    - Conseillers numériques\n    - La Croix Rouge",
        "formations_labels:\n    - Formé à « Mon Espace Santé »\n    - Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        "autres_formations_labels:\n    - Label et la bête",
        "modalites_acces:\n    - Se présenter\n    - Téléphoner",
        "modalites_accompagnement:\n    - Dans un atelier collectif\n    - À distance\n    - En autonomie\n    - Accompagnement individuel",
        "fiche_acces_libre: https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/",
        "prise_rdv: https://www.rdv-solidarites.fr/",
        "id_source: structure-1",
    ] {
        assert!(
            squashed.contains(&squash(line)),
            "{line:?} absent de :\n{yaml}"
        );
    }
    // The second web address is the one value left out, and said so.
    assert!(
        run.stdout.contains("ligne 2 : `site_web`"),
        "{}",
        run.stdout
    );
    // Every column of the schema but `id` (→ `id_source`) is a key of acteurs.yaml.
    for column in COLUMNS.iter().filter(|c| **c != "id") {
        assert!(squashed.contains(&format!("\n{column}:")), "{column}");
    }
    let checked = check(site.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    // The actor's page shows the new fields.
    let out = site.path().join("sortie");
    assert_eq!(build(site.path(), &out, &[]).code, 0);
    let card = text(&page(&out, "territoires/reims/acteurs/anonymal/index.html"));
    for shown in [
        "Gratuit sous condition",
        "Langues étrangères (anglais)",
        "Aidants Connect",
        "Label et la bête",
        "fiche Acceslibre du lieu",
        "Données : Hubik, mises à jour le 2 avril 2024",
    ] {
        assert!(card.contains(shown), "{shown} absent de :\n{card}");
    }
}

/// A small file: `n` valid places of the Sicoval from the generator.
fn small(n: usize) -> National {
    let mut data = national(0, SICOVAL);
    data.rows.truncate(n + 1);
    data
}

fn cell<'a>(row: &'a mut [String], column: &str) -> &'a mut String {
    &mut row[COLUMNS.iter().position(|c| *c == column).unwrap()]
}

#[test]
fn hand_edits_comments_and_hand_written_actors_are_kept() {
    let site = site_with_sicoval();
    let mut data = small(3);
    // An actor written by hand with the third place's pivot and name, and comments.
    let pivot = data.rows[3][1].clone();
    let nom = data.rows[3][2].clone();
    let by_hand = format!(
        "# Les acteurs du Sicoval\nacteurs:\n  # écrit à la main\n  - id: a-la-main\n    nom: {nom}\n    categorie: collectivite # à vérifier\n    pivot: \"{pivot}\"\n    telephone: 05 61 00 00 00\n"
    );
    std::fs::write(site.path().join(ACTORS), &by_hand).unwrap();
    let files = tempfile::tempdir().unwrap();
    let file = write(files.path(), "lieux.csv", &data.csv(','));
    let run = import(site.path(), &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(figure(&run.stdout, "ajouté"), 2, "{}", run.stdout);
    assert_eq!(figure(&run.stdout, "déjà présent"), 1);
    let yaml = read(site.path(), ACTORS);
    assert!(
        yaml.starts_with(&by_hand),
        "le début du fichier a changé :\n{yaml}"
    );

    // By hand: a phone number changed (with a comment), a line of comment in the entry.
    let first = yaml.find("id_source: lieu-1\n").unwrap();
    let start = yaml[..first].rfind("  - id: ").unwrap();
    let entry = &yaml[start..first];
    let phone = entry.lines().find(|l| l.contains("telephone:")).unwrap();
    let edited_entry = entry
        .replace(phone, "    telephone: 05 61 11 11 11 # ligne directe")
        .replace(
            "    adresse:",
            "    # l'entrée est à l'arrière\n    adresse:",
        );
    let edited = yaml.replace(entry, &edited_entry);
    std::fs::write(site.path().join(ACTORS), &edited).unwrap();

    // Nationally: the same place's phone and hours change, and its id's other values too.
    *cell(&mut data.rows[1], "telephone") = "+33561222222".to_string();
    *cell(&mut data.rows[1], "horaires") = "Mo-Fr 10:00-12:00".to_string();
    *cell(&mut data.rows[1], "frais_a_charge") = "Payant".to_string();
    let file = write(files.path(), "lieux.csv", &data.csv(','));
    let dry = import(site.path(), &file, &["--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(read(site.path(), ACTORS), edited, "--dry-run a écrit");
    assert!(dry.stdout.contains("simulation"), "{}", dry.stdout);
    assert!(
        dry.stdout.contains("+    horaires: Mo-Fr 10:00-12:00"),
        "{}",
        dry.stdout
    );
    let run = import(site.path(), &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(figure(&run.stdout, "en conflit"), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "`telephone` : gardé « 05 61 11 11 11 », données nationales « +33561222222 »"
        ),
        "{}",
        run.stdout
    );
    let yaml = read(site.path(), ACTORS);
    assert!(yaml.contains("    telephone: 05 61 11 11 11 # ligne directe\n"));
    assert!(yaml.contains("    # l'entrée est à l'arrière\n"));
    assert!(yaml.contains("    horaires: Mo-Fr 10:00-12:00\n"));
    assert!(yaml.contains("    frais_a_charge:\n      - Payant\n"));
    assert!(yaml.starts_with(&by_hand));
    // The conflict stays said while it lasts; nothing else moves.
    let again = import(site.path(), &file, &[]);
    assert_eq!(figure(&again.stdout, "en conflit"), 1);
    assert_eq!(read(site.path(), ACTORS), yaml);
    assert_eq!(check(site.path()).code, 0);
}

#[test]
fn a_place_gone_from_the_data_is_reported_not_deleted() {
    let site = site_with_sicoval();
    let mut data = small(3);
    let files = tempfile::tempdir().unwrap();
    let file = write(files.path(), "lieux.csv", &data.csv(','));
    assert_eq!(import(site.path(), &file, &[]).code, 0);
    let before = read(site.path(), ACTORS);
    data.rows.remove(2);
    let file = write(files.path(), "lieux.csv", &data.csv(','));
    let run = import(site.path(), &file, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(figure(&run.stdout, "acteur"), 1, "{}", run.stdout);
    assert!(run.stdout.contains("« lieu-2 »"), "{}", run.stdout);
    assert_eq!(read(site.path(), ACTORS), before);
}

#[test]
fn what_cannot_be_imported_stops_before_writing() {
    let site = site_with_sicoval();
    let files = tempfile::tempdir().unwrap();
    let data = small(2);
    // An unknown column names itself and proposes the schema's.
    let text = data.csv(',').replacen("\"horaires\"", "\"horaire\"", 1);
    let run = import(site.path(), &write(files.path(), "a.csv", &text), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("erreur[colonne-inconnue]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("a.csv:1:"), "{}", run.stderr);
    assert!(run.stderr.contains("`horaires`"), "{}", run.stderr);
    // A file that is not UTF-8, a broken JSON, a file that does not exist.
    let latin1 = [b"id,nom\n1,Biblioth\xe8que\n".as_slice()].concat();
    std::fs::write(files.path().join("b.csv"), latin1).unwrap();
    let run = import(site.path(), &files.path().join("b.csv"), &[]);
    assert!(run.stderr.contains("erreur[encodage]"), "{}", run.stderr);
    let run = import(
        site.path(),
        &write(files.path(), "c.json", "[{\"id\": "),
        &[],
    );
    assert!(
        run.stderr.contains("erreur[fichier-illisible]"),
        "{}",
        run.stderr
    );
    let run = import(site.path(), &files.path().join("absent.csv"), &[]);
    assert!(
        run.stderr.contains("erreur[fichier-absent]"),
        "{}",
        run.stderr
    );
    // An acteurs.yaml written on one line cannot be edited without losing its form.
    std::fs::write(
        site.path().join(ACTORS),
        "acteurs: [{id: a, nom: A, categorie: ccas}]\n",
    )
    .unwrap();
    let run = import(
        site.path(),
        &write(files.path(), "d.csv", &data.csv(',')),
        &[],
    );
    assert!(
        run.stderr.contains("erreur[ecriture-impossible]"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(site.path(), ACTORS),
        "acteurs: [{id: a, nom: A, categorie: ccas}]\n"
    );
    assert!(!site.path().join(STATE).exists());
}

#[test]
fn a_departement_or_departements_make_the_perimeter() {
    // The Haute-Garonne (`code: "31"`) and Alpha (no code, `departements: ["17"]`).
    let site = site_with_sicoval();
    let root = site.path().to_str().unwrap();
    let run = ctin(&["new", "territoire", "--root", root, "--code", "31"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let data = national(20_000, SICOVAL);
    let files = tempfile::tempdir().unwrap();
    let csv = write(files.path(), "lieux.csv", &data.csv(','));
    let insee = COLUMNS.iter().position(|c| *c == "code_insee").unwrap();
    let postal = COLUMNS.iter().position(|c| *c == "code_postal").unwrap();
    for (territory, departement) in [("haute-garonne", "31"), ("alpha", "17")] {
        // The generated places elsewhere in the département: valid ones are added, those with
        // a broken postal code refused.
        let elsewhere = &data.rows[data.rows.len() - data.outside..];
        let here = |broken: bool| {
            elsewhere
                .iter()
                .filter(|r| r[insee].starts_with(departement) && (r[postal] == "ABCDE") == broken)
                .count()
        };
        // The row with a value too many cannot be placed anywhere: every territory refuses it.
        let (sicoval_added, sicoval_rejected) = if departement == "31" {
            (data.inside.len(), data.rejected.len())
        } else {
            (0, 1)
        };
        let run = ctin(&[
            "import",
            "lieux",
            csv.to_str().unwrap(),
            "--territoire",
            territory,
            "--root",
            root,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(here(false) > 10, "{territory} : trop peu de lieux générés");
        assert_eq!(
            figure(&run.stdout, "ajouté"),
            here(false) + sicoval_added,
            "{territory}\n{}",
            run.stdout
        );
        assert_eq!(
            figure(&run.stdout, "refusé"),
            here(true) + sicoval_rejected,
            "{territory}"
        );
        assert_eq!(
            figure(&run.stdout, "hors du territoire"),
            data.read - here(false) - here(true) - sicoval_added - sicoval_rejected,
            "{territory}"
        );
    }
    let checked = check(site.path());
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[test]
fn a_code_insee_names_the_commune_when_the_name_is_written_otherwise() {
    let site = site_with_sicoval();
    let mut data = small(1);
    let right = data.rows[1][3].clone();
    *cell(&mut data.rows[1], "commune") = format!("{} (centre)", right.to_uppercase());
    let files = tempfile::tempdir().unwrap();
    let run = import(
        site.path(),
        &write(files.path(), "l.csv", &data.csv(';')),
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(figure(&run.stdout, "ajouté"), 1, "{}", run.stdout);
    assert!(run.stdout.contains("ligne 2 : `commune`"), "{}", run.stdout);
    let yaml = read(site.path(), ACTORS);
    assert!(
        yaml.contains(&format!("commune: {right}\n"))
            || yaml.contains(&format!("commune: \"{right}\"\n")),
        "{yaml}"
    );
    assert_eq!(check(site.path()).code, 0);
}
