//! One fixture per kind of content error: each edits a copy of the valid `base` site, runs
//! `ctin check`, and asserts the exit status, the code, the file and line, and the culprit.

mod common;

use std::path::Path;

use common::{base_site, check};

enum Edit {
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a file (created or overwritten).
    Write(&'static str, &'static [u8]),
    /// Append to a file.
    Append(&'static str, &'static str),
    /// Create a symbolic link at a path, pointing at a target.
    Symlink(&'static str, &'static str),
}

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    code: &'static str,
    /// `file:line` as printed (relative to the root).
    location: &'static str,
    /// A text the message must quote (the culprit or the hint).
    culprit: &'static str,
}

use Edit::*;

const T: &str = "content/territoires/alpha/territoire.yaml";
const A: &str = "content/territoires/alpha/acteurs.yaml";
const M: &str = "content/territoires/alpha/indicateurs.yaml";
const R: &str = "content/territoires/alpha/feuille-de-route.md";
const D: &str = "content/territoires/alpha/documents/charte.md";
const P: &str = "content/pages/methode.md";
const H: &str = "content/index.md";

const CASES: &[Case] = &[
    Case {
        name: "repository given as a web address",
        edits: &[Append(
            "content/site.yaml",
            "edition:\n  forge: gitlab\n  depot: https://gitlab.com/org/site\n  app_id: x\n",
        )],
        code: "edition-invalide",
        location: "site.yaml:11:",
        culprit: "groupe/projet",
    },
    Case {
        name: "gitlab editor without its application id",
        edits: &[Append(
            "content/site.yaml",
            "edition:\n  forge: gitlab\n  depot: org/site\n",
        )],
        code: "cle-manquante",
        location: "site.yaml:11:",
        culprit: "app_id",
    },
    Case {
        name: "list under the wrong key",
        edits: &[Write(
            A,
            b"# Acteurs\npersonnes:\n  - id: agglo\n    nom: Agglo\n    categorie: collectivite\n",
        )],
        code: "cle-inconnue",
        location: "acteurs.yaml:2:1",
        culprit: "acteurs:",
    },
    Case {
        name: "a second key beside the list",
        edits: &[Write(
            M,
            b"mesures:\n  - indicateur: IND-01\n    periode: 2023\n    valeur: 42\nautre: []\n",
        )],
        code: "cle-inconnue",
        location: "indicateurs.yaml:5:1",
        culprit: "autre",
    },
    Case {
        name: "error inside a keyed list keeps its line",
        edits: &[Write(
            A,
            b"acteurs:\n  - id: agglo\n    nom: Agglo\n    categorie: mairie\n",
        )],
        code: "valeur-non-admise",
        location: "acteurs.yaml:4:",
        culprit: "mairie",
    },
    Case {
        name: "yaml syntax",
        edits: &[Replace(T, "echelon: epci", "echelon epci")],
        code: "yaml-syntaxe",
        location: "territoire.yaml:3:",
        culprit: "echelon epci",
    },
    Case {
        name: "tab indentation",
        edits: &[Replace(T, "  nom: Camille", "\tnom: Camille")],
        code: "yaml-syntaxe",
        location: "territoire.yaml:7:",
        culprit: "tabulations",
    },
    Case {
        name: "unknown key",
        edits: &[Replace(T, "nom_court:", "nom_cour:")],
        code: "cle-inconnue",
        location: "territoire.yaml:2:1",
        culprit: "vouliez-vous dire `nom_court` ?",
    },
    Case {
        name: "missing key",
        edits: &[Replace(T, "    objet: conseillers numériques\n", "")],
        code: "cle-manquante",
        location: "territoire.yaml:13:",
        culprit: "`objet`",
    },
    Case {
        name: "duplicate key",
        edits: &[Replace(
            T,
            "echelon: epci\n",
            "echelon: epci\nechelon: epci\n",
        )],
        code: "cle-en-double",
        location: "territoire.yaml:4:1",
        culprit: "`echelon`",
    },
    Case {
        name: "wrong type",
        edits: &[Replace(M, "valeur: 42", "valeur: douze")],
        code: "type-invalide",
        location: "indicateurs.yaml:3:11",
        culprit: "douze",
    },
    Case {
        name: "wrong type, list expected",
        edits: &[Replace(
            A,
            "roles: [coordination, financeur]",
            "roles: coordination",
        )],
        code: "type-invalide",
        location: "acteurs.yaml:4:",
        culprit: "une liste",
    },
    Case {
        name: "bad enum value",
        edits: &[Replace(
            A,
            "categorie: association",
            "categorie: associaton",
        )],
        code: "valeur-non-admise",
        location: "acteurs.yaml:7:14",
        culprit: "vouliez-vous dire `association` ?",
    },
    Case {
        name: "bad boolean",
        edits: &[Replace(P, "ordre: 1", "brouillon: oui")],
        code: "type-invalide",
        location: "methode.md:3:",
        culprit: "true",
    },
    Case {
        name: "bad date",
        edits: &[Replace(T, "engage_le: 2021-02-16", "engage_le: 2021-02-30")],
        code: "date-invalide",
        location: "territoire.yaml:5:12",
        culprit: "2021-02-30",
    },
    Case {
        name: "bad date format",
        edits: &[Replace(R, "echeance: 2024-06", "echeance: juin 2024")],
        code: "date-invalide",
        location: "feuille-de-route.md:14:19",
        culprit: "juin 2024",
    },
    Case {
        name: "bad actor id",
        edits: &[Append(
            A,
            "- id: Nouvel_Acteur\n  nom: Nouvel acteur\n  categorie: autre\n",
        )],
        code: "slug-invalide",
        location: "acteurs.yaml:26:7",
        culprit: "nouvel-acteur",
    },
    Case {
        name: "bad folder name",
        edits: &[Write(
            "content/territoires/Haute Garonne/territoire.yaml",
            b"nom: X\nechelon: autre\n",
        )],
        code: "slug-invalide",
        location: "content/territoires/Haute Garonne",
        culprit: "haute-garonne",
    },
    Case {
        name: "duplicate actor id",
        edits: &[Append(
            A,
            "- id: agglo\n  nom: Doublon\n  categorie: autre\n",
        )],
        code: "id-en-double",
        location: "acteurs.yaml:26:7",
        culprit: "déjà utilisé ligne 1",
    },
    Case {
        name: "unknown actor in roadmap",
        edits: &[Replace(R, "porteurs: [agglo]", "porteurs: [aglo]")],
        code: "acteur-inconnu",
        location: "feuille-de-route.md:12:20",
        culprit: "vouliez-vous dire `agglo` ?",
    },
    Case {
        name: "unknown actor of another territory",
        edits: &[Replace(R, "beta/departement", "beta/departemnt")],
        code: "acteur-inconnu",
        location: "feuille-de-route.md:13:",
        culprit: "beta/departemnt",
    },
    Case {
        name: "unknown signatory id",
        edits: &[Replace(
            D,
            "signataires: [agglo, asso,",
            "signataires: [agglo, assoc,",
        )],
        code: "acteur-inconnu",
        location: "charte.md:6:",
        culprit: "assoc",
    },
    Case {
        name: "unknown indicator",
        edits: &[Replace(R, "indicateurs: [IND-01]", "indicateurs: [IND-1]")],
        code: "indicateur-inconnu",
        location: "feuille-de-route.md:16:23",
        culprit: "IND-1",
    },
    Case {
        name: "unknown indicator in measures",
        edits: &[Replace(M, "indicateur: IND-02", "indicateur: IND-03")],
        code: "indicateur-inconnu",
        location: "indicateurs.yaml:5:",
        culprit: "IND-03",
    },
    Case {
        name: "duplicate measure",
        edits: &[Append(
            M,
            "- indicateur: IND-01\n  periode: 2023\n  valeur: 43\n",
        )],
        code: "mesure-en-double",
        location: "indicateurs.yaml:8:",
        culprit: "déjà mesuré ligne 1",
    },
    Case {
        name: "unknown model",
        edits: &[Replace(D, "modele: charte", "modele: chart")],
        code: "modele-inconnu",
        location: "charte.md:7:9",
        culprit: "vouliez-vous dire `charte` ?",
    },
    Case {
        name: "missing model variable",
        edits: &[Replace(
            D,
            "  perimetre: l'agglomération\n",
            "  perimetr: l'agglomération\n",
        )],
        code: "variable-manquante",
        location: "charte.md:7:9",
        culprit: "`perimetre`",
    },
    Case {
        name: "undefined field in model",
        edits: &[Replace(
            "content/modeles/charte.md",
            "{{ territoire.nom }}",
            "{{ territoire.coordination.telephone }}",
        )],
        code: "modele-invalide",
        location: "modeles/charte.md:6:",
        culprit: "`telephone`",
    },
    Case {
        name: "text outside sections",
        edits: &[Replace(
            D,
            "---\n\n## Engagements",
            "---\n\nTexte libre.\n\n## Engagements",
        )],
        code: "texte-hors-section",
        location: "charte.md:12:1",
        culprit: "Texte libre.",
    },
    Case {
        name: "broken link",
        edits: &[Replace(
            H,
            "modeles/charte.md#engagements",
            "modeles/chartre.md#engagements",
        )],
        code: "lien-casse",
        location: "content/index.md:5:",
        culprit: "modeles/chartre.md",
    },
    Case {
        name: "broken fragment",
        edits: &[Replace(H, "index.md#presentation", "index.md#presentaton")],
        code: "ancre-inconnue",
        location: "content/index.md:5:25",
        culprit: "vouliez-vous dire `presentation` ?",
    },
    Case {
        name: "fragment of a roadmap action",
        edits: &[Replace(
            "content/territoires/alpha/index.md",
            "#gouvernance",
            "#comit",
        )],
        code: "ancre-inconnue",
        location: "alpha/index.md:7:",
        culprit: "`comite`",
    },
    Case {
        name: "broken static file",
        edits: &[Replace(H, "/images/plan.png", "/images/plans.png")],
        code: "lien-casse",
        location: "content/index.md:6:",
        culprit: "/images/plans.png",
    },
    Case {
        name: "broken root-absolute page",
        edits: &[Replace(H, "(/acteurs/)", "(/acteur/)")],
        code: "lien-casse",
        location: "content/index.md:6:15",
        culprit: "vouliez-vous dire `/acteurs/` ?",
    },
    Case {
        name: "non-UTF-8 file",
        edits: &[Write(P, b"---\ntitre: Caf\xe9\n---\n")],
        code: "encodage",
        location: "methode.md:2:11",
        culprit: "UTF-8",
    },
    Case {
        name: "unclosed front matter",
        edits: &[Write(P, b"---\ntitre: M\n\n## Texte\n")],
        code: "front-matter-non-ferme",
        location: "methode.md:1:1",
        culprit: "---",
    },
    Case {
        name: "missing front matter",
        edits: &[Write(P, b"# M\xc3\xa9thode\n")],
        code: "front-matter-absent",
        location: "methode.md:1:1",
        culprit: "# Méthode",
    },
    Case {
        name: "empty markdown file",
        edits: &[Write(P, b"")],
        code: "front-matter-absent",
        location: "methode.md:1:1",
        culprit: "titre:",
    },
    Case {
        name: "empty territory card",
        edits: &[Write(T, b"# rien\n")],
        code: "fichier-vide",
        location: "territoire.yaml",
        culprit: "fichier vide",
    },
    Case {
        name: "latitude without longitude",
        edits: &[Replace(A, "  longitude: -1.15\n", "")],
        code: "coordonnees-incompletes",
        location: "acteurs.yaml:14:13",
        culprit: "`longitude`",
    },
    Case {
        name: "symlink outside root",
        edits: &[Symlink("content/pages/secret.md", "/etc/hostname")],
        code: "lien-hors-racine",
        location: "content/pages/secret.md",
        culprit: "hors du dossier",
    },
    Case {
        name: "unexpected file",
        edits: &[Write("content/territoires/alpha/acteur.yml", b"[]\n")],
        code: "fichier-inattendu",
        location: "alpha/acteur.yml",
        culprit: "vouliez-vous dire `acteurs.yaml` ?",
    },
    Case {
        name: "reserved page url",
        edits: &[Write(
            "content/pages/acteurs.md",
            b"---\ntitre: Acteurs\n---\n",
        )],
        code: "url-reservee",
        location: "content/pages/acteurs.md",
        culprit: "/acteurs/",
    },
    Case {
        name: "key of another kind of page",
        edits: &[Replace(P, "ordre: 1", "modele: charte")],
        code: "cle-non-admise",
        location: "methode.md:3:1",
        culprit: "`modele`",
    },
    Case {
        name: "bad postal code",
        edits: &[Replace(
            A,
            "code_postal: \"17000\"",
            "code_postal: \"1700\"",
        )],
        code: "code-postal-invalide",
        location: "acteurs.yaml:11:16",
        culprit: "1700",
    },
    Case {
        name: "bad e-mail",
        edits: &[Replace(
            T,
            "camille.martin@exemple.fr",
            "camille.martin.exemple.fr",
        )],
        code: "courriel-invalide",
        location: "territoire.yaml:9:13",
        culprit: "camille.martin.exemple.fr",
    },
    Case {
        name: "bad département",
        edits: &[Replace(T, "[\"17\"]", "[\"99\"]")],
        code: "departement-invalide",
        location: "territoire.yaml:4:",
        culprit: "99",
    },
    Case {
        name: "bad url",
        edits: &[Replace(T, "url: https://exemple.fr\n", "url: exemple.fr\n")],
        code: "url-invalide",
        location: "territoire.yaml:27:10",
        culprit: "exemple.fr",
    },
    Case {
        name: "summary too long",
        edits: &[Replace(
            A,
            "Ateliers et permanences.",
            "Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers et permanences. Ateliers.",
        )],
        code: "texte-trop-long",
        location: "acteurs.yaml:24:",
        culprit: "280",
    },
    Case {
        name: "date_maj not a day",
        edits: &[Replace(A, "date_maj: 2024-02-01", "date_maj: 2024-02")],
        code: "date-invalide",
        location: "acteurs.yaml:25:13",
        culprit: "2024-02",
    },
    Case {
        name: "duplicate indicator code",
        edits: &[Replace(
            "content/referentiel/indicateurs.yaml",
            "code: IND-02",
            "code: ind-01",
        )],
        code: "id-en-double",
        location: "referentiel/indicateurs.yaml:7:",
        culprit: "ind-01",
    },
    Case {
        name: "missing site.yaml",
        edits: &[Write("content/site.yml", b"titre: x\n")],
        code: "fichier-inattendu",
        location: "content/site.yml",
        culprit: "vouliez-vous dire `site.yaml` ?",
    },
];

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Replace(file, from, to) => {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} does not contain {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Write(file, bytes) => {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        Append(file, text) => {
            let path = root.join(file);
            let mut all = std::fs::read_to_string(&path).unwrap();
            all.push_str(text);
            std::fs::write(path, all).unwrap();
        }
        Symlink(link, target) => {
            #[cfg(unix)]
            std::os::unix::fs::symlink(target, root.join(link)).unwrap();
        }
    }
}

#[test]
fn the_base_fixture_is_valid() {
    let site = base_site();
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Contenu valide : 2 territoires"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_error_kind_is_reported_with_file_line_and_culprit() {
    let mut failures = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for case in CASES {
        let site = base_site();
        for edit in case.edits {
            apply(site.path(), edit);
        }
        let run = check(site.path());
        let header = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("erreur[{}] ", case.code)))
            .unwrap_or("");
        let ok =
            run.code == 1 && header.contains(case.location) && run.stderr.contains(case.culprit);
        if !ok {
            failures.push(format!(
                "--- {} (attendu : {} à {} citant {:?}, statut {})\n{}",
                case.name, case.code, case.location, case.culprit, run.code, run.stderr
            ));
        }
        codes.insert(case.code);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        codes.len() >= 20,
        "only {} kinds of error covered",
        codes.len()
    );
}

#[test]
fn all_problems_are_reported_in_one_run_sorted_by_file_and_line() {
    let site = base_site();
    apply(
        site.path(),
        &Replace(R, "porteurs: [agglo]", "porteurs: [aglo]"),
    );
    apply(
        site.path(),
        &Replace(R, "indicateurs: [IND-01]", "indicateurs: [IND-1]"),
    );
    apply(site.path(), &Replace(T, "nom_court:", "nom_cour:"));
    apply(site.path(), &Replace(H, "(/acteurs/)", "(/acteur/)"));
    let run = check(site.path());
    assert_eq!(run.code, 1);
    let headers: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("erreur["))
        .collect();
    assert_eq!(headers.len(), 4, "{}", run.stderr);
    assert!(headers[0].contains("content/index.md:6:"), "{headers:?}");
    assert!(
        headers[1].contains("feuille-de-route.md:12:"),
        "{headers:?}"
    );
    assert!(
        headers[2].contains("feuille-de-route.md:16:"),
        "{headers:?}"
    );
    assert!(headers[3].contains("territoire.yaml:2:"), "{headers:?}");
    assert!(
        run.stderr
            .ends_with("4 erreurs, 0 avertissement dans 3 fichiers.\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn warnings_do_not_fail_the_check() {
    let site = base_site();
    apply(site.path(), &Replace(D, "adopte_le: 2023-06-01\n", ""));
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("avertissement[date-adoption-absente]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_actors_file_does_not_cascade_into_unknown_actors() {
    let site = base_site();
    apply(
        site.path(),
        &Replace(A, "categorie: association", "categorie: associaton"),
    );
    let run = check(site.path());
    let errors = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("erreur["))
        .count();
    assert_eq!(errors, 1, "{}", run.stderr);
}

#[test]
fn check_writes_nothing() {
    let site = base_site();
    let before = walk(site.path());
    let run = check(site.path());
    assert_eq!(run.code, 0);
    assert_eq!(before, walk(site.path()));
    assert!(!site.path().join("output").exists());
}

fn walk(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn a_missing_content_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(dir.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("erreur[dossier-absent] content"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--root"), "{}", run.stderr);
}
