//! One fixture per kind of problem, and every code of the catalogue has at least one: each edits
//! a copy of the valid `base` site, runs `ctin check` (or `build`, `new`, `serve`), and asserts
//! the exit status, the code, the file and line, and the culprit; the complete French output is
//! a reviewed snapshot (`tests/snapshots/`, see `tests/README.md`), so that a change to any
//! message shows in review.

mod common;

use std::path::Path;

use common::{base_site, check};
use ctin::diagnostic::{Severity, code};

enum Edit {
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a file (created or overwritten).
    Write(&'static str, &'static [u8]),
    /// Append to a file.
    Append(&'static str, &'static str),
    /// Create a symbolic link at a path, pointing at a target.
    Symlink(&'static str, &'static str),
    /// Remove a file or a folder.
    Remove(&'static str),
    /// Create a named pipe (FIFO).
    Fifo(&'static str),
    /// Write a file of this many bytes.
    Big(&'static str, usize),
    /// Make the site a git repository with one commit, marked as a shallow clone.
    ShallowGit,
}

/// What is run on the edited site (`{site}` stands for its folder).
enum How {
    /// `ctin check --root {site}`.
    Check,
    /// `ctin build --root {site} --output {site}/../sortie` and these arguments.
    Build(&'static [&'static str]),
    /// `ctin` with exactly these arguments.
    Args(&'static [&'static str]),
    /// `ctin serve --root {site}` on a port that is already taken.
    ServeOnBusyPort,
}

struct Case {
    name: &'static str,
    how: How,
    edits: &'static [Edit],
    code: &'static str,
    /// `file:line` as printed (relative to the root).
    location: &'static str,
    /// A text the message must quote (the culprit or the hint).
    culprit: &'static str,
}

use Edit::*;
use How::*;

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
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
        edits: &[Replace(T, "echelon: epci", "echelon epci")],
        code: "yaml-syntaxe",
        location: "territoire.yaml:3:",
        culprit: "echelon epci",
    },
    Case {
        name: "tab indentation",
        how: Check,
        edits: &[Replace(T, "  nom: Camille", "\tnom: Camille")],
        code: "yaml-syntaxe",
        location: "territoire.yaml:7:",
        culprit: "tabulations",
    },
    Case {
        name: "unknown key",
        how: Check,
        edits: &[Replace(T, "nom_court:", "nom_cour:")],
        code: "cle-inconnue",
        location: "territoire.yaml:2:1",
        culprit: "vouliez-vous dire `nom_court` ?",
    },
    Case {
        name: "missing key",
        how: Check,
        edits: &[Replace(T, "    objet: conseillers numériques\n", "")],
        code: "cle-manquante",
        location: "territoire.yaml:13:",
        culprit: "`objet`",
    },
    Case {
        name: "duplicate key",
        how: Check,
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
        how: Check,
        edits: &[Replace(M, "valeur: 42", "valeur: douze")],
        code: "type-invalide",
        location: "indicateurs.yaml:3:11",
        culprit: "douze",
    },
    Case {
        name: "wrong type, list expected",
        how: Check,
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
        how: Check,
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
        how: Check,
        edits: &[Replace(P, "ordre: 1", "brouillon: oui")],
        code: "type-invalide",
        location: "methode.md:3:",
        culprit: "true",
    },
    Case {
        name: "bad date",
        how: Check,
        edits: &[Replace(T, "engage_le: 2021-02-16", "engage_le: 2021-02-30")],
        code: "date-invalide",
        location: "territoire.yaml:5:12",
        culprit: "2021-02-30",
    },
    Case {
        name: "bad date format",
        how: Check,
        edits: &[Replace(R, "echeance: 2024-06", "echeance: juin 2024")],
        code: "date-invalide",
        location: "feuille-de-route.md:14:19",
        culprit: "juin 2024",
    },
    Case {
        name: "bad actor id",
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
        edits: &[Replace(R, "porteurs: [agglo]", "porteurs: [aglo]")],
        code: "acteur-inconnu",
        location: "feuille-de-route.md:12:20",
        culprit: "vouliez-vous dire `agglo` ?",
    },
    Case {
        name: "unknown actor of another territory",
        how: Check,
        edits: &[Replace(R, "beta/departement", "beta/departemnt")],
        code: "acteur-inconnu",
        location: "feuille-de-route.md:13:",
        culprit: "beta/departemnt",
    },
    Case {
        name: "unknown signatory id",
        how: Check,
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
        how: Check,
        edits: &[Replace(R, "indicateurs: [IND-01]", "indicateurs: [IND-1]")],
        code: "indicateur-inconnu",
        location: "feuille-de-route.md:16:23",
        culprit: "IND-1",
    },
    Case {
        name: "unknown indicator in measures",
        how: Check,
        edits: &[Replace(M, "indicateur: IND-02", "indicateur: IND-03")],
        code: "indicateur-inconnu",
        location: "indicateurs.yaml:5:",
        culprit: "IND-03",
    },
    Case {
        name: "duplicate measure",
        how: Check,
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
        how: Check,
        edits: &[Replace(D, "modele: charte", "modele: chart")],
        code: "modele-inconnu",
        location: "charte.md:7:9",
        culprit: "vouliez-vous dire `charte` ?",
    },
    Case {
        name: "missing model variable",
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
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
        how: Check,
        edits: &[Replace(H, "index.md#presentation", "index.md#presentaton")],
        code: "ancre-inconnue",
        location: "content/index.md:5:25",
        culprit: "vouliez-vous dire `presentation` ?",
    },
    Case {
        name: "fragment of a roadmap action",
        how: Check,
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
        how: Check,
        edits: &[Replace(H, "/images/plan.png", "/images/plans.png")],
        code: "lien-casse",
        location: "content/index.md:6:",
        culprit: "/images/plans.png",
    },
    Case {
        name: "broken root-absolute page",
        how: Check,
        edits: &[Replace(H, "(/acteurs/)", "(/acteur/)")],
        code: "lien-casse",
        location: "content/index.md:6:15",
        culprit: "vouliez-vous dire `/acteurs/` ?",
    },
    Case {
        name: "non-UTF-8 file",
        how: Check,
        edits: &[Write(P, b"---\ntitre: Caf\xe9\n---\n")],
        code: "encodage",
        location: "methode.md:2:11",
        culprit: "UTF-8",
    },
    Case {
        name: "unclosed front matter",
        how: Check,
        edits: &[Write(P, b"---\ntitre: M\n\n## Texte\n")],
        code: "front-matter-non-ferme",
        location: "methode.md:1:1",
        culprit: "---",
    },
    Case {
        name: "missing front matter",
        how: Check,
        edits: &[Write(P, b"# M\xc3\xa9thode\n")],
        code: "front-matter-absent",
        location: "methode.md:1:1",
        culprit: "# Méthode",
    },
    Case {
        name: "empty markdown file",
        how: Check,
        edits: &[Write(P, b"")],
        code: "front-matter-absent",
        location: "methode.md:1:1",
        culprit: "titre:",
    },
    Case {
        name: "empty territory card",
        how: Check,
        edits: &[Write(T, b"# rien\n")],
        code: "fichier-vide",
        location: "territoire.yaml",
        culprit: "fichier vide",
    },
    Case {
        name: "latitude without longitude",
        how: Check,
        edits: &[Replace(A, "  longitude: -1.15\n", "")],
        code: "coordonnees-incompletes",
        location: "acteurs.yaml:14:13",
        culprit: "`longitude`",
    },
    Case {
        name: "symlink outside root",
        how: Check,
        edits: &[Symlink("content/pages/secret.md", "/etc/hostname")],
        code: "lien-hors-racine",
        location: "content/pages/secret.md",
        culprit: "hors du dossier",
    },
    Case {
        name: "unexpected file",
        how: Check,
        edits: &[Write("content/territoires/alpha/acteur.yml", b"[]\n")],
        code: "fichier-inattendu",
        location: "alpha/acteur.yml",
        culprit: "vouliez-vous dire `acteurs.yaml` ?",
    },
    Case {
        name: "reserved page url",
        how: Check,
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
        how: Check,
        edits: &[Replace(P, "ordre: 1", "modele: charte")],
        code: "cle-non-admise",
        location: "methode.md:3:1",
        culprit: "`modele`",
    },
    Case {
        name: "bad postal code",
        how: Check,
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
        how: Check,
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
        how: Check,
        edits: &[Replace(T, "[\"17\"]", "[\"99\"]")],
        code: "departement-invalide",
        location: "territoire.yaml:4:",
        culprit: "99",
    },
    Case {
        name: "unknown territory code",
        how: Check,
        edits: &[
            Replace(T, "echelon: epci\n", "code: \"241700435\"\nechelon: epci\n"),
            Replace(
                T,
                "nom: Communauté d'agglomération d'Alpha",
                "nom: Communauté d'agglomération de La Rochele",
            ),
        ],
        code: "code-territoire-inconnu",
        location: "territoire.yaml:3:7",
        culprit: "\"241700435\"",
    },
    Case {
        name: "echelon contradicting the code",
        how: Check,
        edits: &[Replace(
            T,
            "echelon: epci\n",
            "code: \"17\"\nechelon: epci\n",
        )],
        code: "echelon-incoherent",
        location: "territoire.yaml:3:7",
        culprit: "\"17\"",
    },
    Case {
        name: "the Métropole de Lyon is not an EPCI",
        how: Check,
        edits: &[
            Replace(T, "echelon: epci\n", "code: \"200046977\"\nechelon: epci\n"),
            Replace(T, "departements: [\"17\"]", "departements: [\"69\"]"),
            Replace(A, "commune: La Rochelle", "commune: Lyon"),
            Replace(A, "code_postal: \"17000\"", "code_postal: \"69003\""),
            Replace(A, "code_insee: \"17300\"", "code_insee: \"69123\""),
        ],
        code: "echelon-incoherent",
        location: "territoire.yaml:3:7",
        culprit: "\"200046977\"",
    },
    Case {
        name: "departements contradicting the code",
        how: Check,
        edits: &[Replace(
            T,
            "echelon: epci\n",
            "code: \"243100633\"\nechelon: epci\n",
        )],
        code: "departements-incoherents",
        location: "territoire.yaml:5:16",
        culprit: "17",
    },
    Case {
        name: "unknown commune",
        how: Check,
        edits: &[Replace(A, "commune: La Rochelle", "commune: La Rochele")],
        code: "commune-inconnue",
        location: "acteurs.yaml:12:12",
        culprit: "La Rochele",
    },
    Case {
        name: "commune shared by several",
        how: Check,
        edits: &[
            Replace(A, "commune: La Rochelle", "commune: Saint-Denis"),
            Replace(A, "  code_postal: \"17000\"\n", ""),
            Replace(A, "  code_insee: \"17300\"\n", ""),
            Replace(T, "departements: [\"17\"]\n", ""),
        ],
        code: "commune-ambigue",
        location: "acteurs.yaml:11:12",
        culprit: "Saint-Denis",
    },
    Case {
        name: "postal code of another commune",
        how: Check,
        edits: &[Replace(
            A,
            "code_postal: \"17000\"",
            "code_postal: \"17138\"",
        )],
        code: "code-postal-incoherent",
        location: "acteurs.yaml:11:16",
        culprit: "17138",
    },
    Case {
        name: "INSEE code of another commune",
        how: Check,
        edits: &[Replace(A, "code_insee: \"17300\"", "code_insee: \"17299\"")],
        code: "code-insee-incoherent",
        location: "acteurs.yaml:13:15",
        culprit: "17299",
    },
    Case {
        name: "a place outside the territory",
        how: Check,
        edits: &[
            Replace(A, "commune: La Rochelle", "commune: Rochefort"),
            Replace(A, "code_postal: \"17000\"", "code_postal: \"17300\""),
            Replace(A, "code_insee: \"17300\"", "code_insee: \"17299\""),
            Replace(T, "echelon: epci\n", "code: \"241700434\"\nechelon: epci\n"),
        ],
        code: "lieu-hors-territoire",
        location: "acteurs.yaml:12:12",
        culprit: "Rochefort",
    },
    Case {
        name: "bad url",
        how: Check,
        edits: &[Replace(T, "url: https://exemple.fr\n", "url: exemple.fr\n")],
        code: "url-invalide",
        location: "territoire.yaml:27:10",
        culprit: "exemple.fr",
    },
    Case {
        name: "summary too long",
        how: Check,
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
        how: Check,
        edits: &[Replace(A, "date_maj: 2024-02-01", "date_maj: 2024-02")],
        code: "date-invalide",
        location: "acteurs.yaml:25:13",
        culprit: "2024-02",
    },
    Case {
        name: "duplicate indicator code",
        how: Check,
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
        how: Check,
        edits: &[Write("content/site.yml", b"titre: x\n")],
        code: "fichier-inattendu",
        location: "content/site.yml",
        culprit: "vouliez-vous dire `site.yaml` ?",
    },
    Case {
        name: "no content folder",
        how: Check,
        edits: &[Remove("content")],
        code: "dossier-absent",
        location: "content",
        culprit: "--root",
    },
    Case {
        name: "new site in a folder that is not empty",
        how: Args(&["new", "site", "{site}/content"]),
        edits: &[],
        code: "dossier-non-vide",
        location: "content",
        culprit: "nouveau dossier",
    },
    Case {
        name: "new territory that exists",
        how: Args(&["new", "territoire", "alpha", "--root", "{site}"]),
        edits: &[],
        code: "territoire-existant",
        location: "content/territoires/alpha",
        culprit: "`alpha` existe déjà",
    },
    Case {
        name: "home page missing",
        how: Check,
        edits: &[Remove(H)],
        code: "fichier-absent",
        location: "content/index.md",
        culprit: "index.md",
    },
    Case {
        name: "broken symbolic link",
        how: Check,
        edits: &[Symlink("content/pages/lien.md", "absent.md")],
        code: "fichier-illisible",
        location: "content/pages/lien.md",
        culprit: "fichier ou dossier illisible",
    },
    Case {
        name: "file too big",
        how: Check,
        edits: &[Big("content/pages/gros.md", 5 * 1024 * 1024)],
        code: "fichier-trop-gros",
        location: "content/pages/gros.md",
        culprit: "au plus 4 Mio",
    },
    Case {
        name: "named pipe",
        how: Check,
        edits: &[Fifo("content/pages/tube.md")],
        code: "fichier-special",
        location: "content/pages/tube.md",
        culprit: "tube nommé",
    },
    Case {
        name: "yaml nested too deep",
        how: Check,
        edits: &[Write(M, NESTED)],
        code: "yaml-trop-complexe",
        location: "indicateurs.yaml:",
        culprit: "trop imbriqué",
    },
    Case {
        name: "empty title",
        how: Check,
        edits: &[Replace(P, "titre: Méthode", "titre: \"\"")],
        code: "valeur-vide",
        location: "methode.md:2:",
        culprit: "titre est vide",
    },
    Case {
        name: "negative budget",
        how: Check,
        edits: &[Replace(R, "budget: 10000", "budget: -10000")],
        code: "nombre-invalide",
        location: "feuille-de-route.md:15:",
        culprit: "-10000",
    },
    Case {
        name: "indicator code with a space",
        how: Check,
        edits: &[Replace(
            "content/referentiel/indicateurs.yaml",
            "code: IND-02",
            "code: IND 02",
        )],
        code: "code-invalide",
        location: "referentiel/indicateurs.yaml:7:",
        culprit: "IND 02",
    },
    Case {
        name: "language written in words",
        how: Check,
        edits: &[Replace(
            "content/site.yaml",
            "langue: fr",
            "langue: français",
        )],
        code: "langue-invalide",
        location: "site.yaml:3:",
        culprit: "fr-FR",
    },
    Case {
        name: "pivot too short",
        how: Check,
        edits: &[Replace(A, "pivot: \"12345678901234\"", "pivot: \"123\"")],
        code: "pivot-invalide",
        location: "acteurs.yaml:9:",
        culprit: "SIRET",
    },
    Case {
        name: "insee code too short",
        how: Check,
        edits: &[Replace(A, "code_insee: \"17300\"", "code_insee: \"1730\"")],
        code: "code-insee-invalide",
        location: "acteurs.yaml:13:",
        culprit: "1730",
    },
    Case {
        name: "phone number too short",
        how: Check,
        edits: &[Replace(
            A,
            "telephone: \"05 46 00 00 00\"",
            "telephone: \"05 46\"",
        )],
        code: "telephone-invalide",
        location: "acteurs.yaml:16:",
        culprit: "05 46",
    },
    Case {
        name: "opening hours in words",
        how: Check,
        edits: &[Replace(
            A,
            "horaires: Mo-Fr 09:00-12:00",
            "horaires: le lundi matin",
        )],
        code: "horaires-invalides",
        location: "acteurs.yaml:19:",
        culprit: "le lundi matin",
    },
    Case {
        name: "latitude out of range",
        how: Check,
        edits: &[Replace(A, "latitude: 46.16", "latitude: 146.16")],
        code: "coordonnees-invalides",
        location: "acteurs.yaml:14:",
        culprit: "146.16",
    },
    Case {
        name: "horizon before adoption",
        how: Check,
        edits: &[Replace(R, "horizon: 2026", "horizon: 2020")],
        code: "horizon-invalide",
        location: "feuille-de-route.md:4:",
        culprit: "2020",
    },
    Case {
        name: "theme given as a path",
        how: Check,
        edits: &[Append("content/site.yaml", "theme: ../autre\n")],
        code: "theme-invalide",
        location: "site.yaml:9:",
        culprit: "../autre",
    },
    Case {
        name: "unknown territory in a reference",
        how: Check,
        edits: &[Replace(R, "beta/departement", "gamma/departement")],
        code: "territoire-inconnu",
        location: "feuille-de-route.md:13:",
        culprit: "gamma/departement",
    },
    Case {
        name: "javascript link",
        how: Check,
        edits: &[Append(P, "\n[Cliquez](javascript:alert(1))\n")],
        code: "lien-interdit",
        location: "methode.md:10:11",
        culprit: "javascript:alert(1)",
    },
    Case {
        name: "quotes nested too deep",
        how: Check,
        edits: &[Append(
            P,
            "\n> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > trop\n",
        )],
        code: "imbrication-excessive",
        location: "methode.md:10:",
        culprit: "32 niveaux",
    },
    Case {
        name: "image a PDF cannot read",
        how: Check,
        edits: &[
            Write(
                "content/static/images/casse.png",
                b"ceci n'est pas une image",
            ),
            Append(D, "\n![Plan](/images/casse.png)\n"),
        ],
        code: "image-illisible",
        location: "documents/charte.md:20:",
        culprit: "/images/casse.png",
    },
    Case {
        name: "unknown theme",
        how: Build(&[]),
        edits: &[Append("content/site.yaml", "theme: autre\n")],
        code: "theme-absent",
        location: "content/site.yaml",
        culprit: "themes/autre/",
    },
    Case {
        name: "broken template",
        how: Build(&[]),
        edits: &[Write("templates/page.html", b"{% if %}\n")],
        code: "gabarit-invalide",
        location: "templates/page.html:1",
        culprit: "Tera",
    },
    Case {
        // Only the list of every territory's actors renders this line: each entry there is
        // rendered alone, and its error still stops the build at its line.
        name: "broken entry of a site-wide list",
        how: Build(&[]),
        edits: &[Write(
            "templates/partiels/acteur.html",
            b"<article>\n{% if montrer_territoire %}{{ a.inexistant.profond }}{% endif %}</article>\n",
        )],
        code: "gabarit-invalide",
        location: "templates/partiels/acteur.html:2",
        culprit: "inexistant",
    },
    Case {
        name: "output inside the content",
        how: Build(&["--output", "{site}/content/sortie"]),
        edits: &[],
        code: "sortie-refusee",
        location: "content/sortie",
        culprit: "content/",
    },
    Case {
        name: "static file at a generated path",
        how: Build(&[]),
        edits: &[Write("content/static/sitemap.xml", b"<urlset/>\n")],
        code: "fichier-en-conflit",
        location: "content/static/sitemap.xml",
        culprit: "renommez",
    },
    Case {
        name: "output where nothing can be written",
        how: Build(&["--output", "/proc/ctin-sortie"]),
        edits: &[],
        code: "ecriture-impossible",
        location: "/proc/ctin-sortie",
        culprit: "impossible",
    },
    Case {
        name: "broken PDF template",
        how: Build(&[]),
        edits: &[Write("templates/pdf/document.typ", b"#let gabarit = (\n")],
        code: "pdf-impossible",
        location: "content/modeles/charte.md",
        culprit: "Typst",
    },
    Case {
        name: "base url given without its scheme",
        how: Build(&["--base-url", "exemple.fr/ctin"]),
        edits: &[],
        code: "url-invalide",
        location: "",
        culprit: "`--base-url`",
    },
    Case {
        name: "import: a column the national schema does not have",
        how: Args(&[
            "import", "lieux", "{site}/lieux.csv", "--territoire", "alpha", "--root", "{site}",
        ]),
        edits: &[Write(
            "lieux.csv",
            "id,pivot,nom,commune,code_postal,adresse,date_maj,horaire\nl1,12345678901234,Lieu,La Rochelle,17000,1 rue,2025-01-01,Mo 09:00-12:00\n".as_bytes(),
        )],
        code: "colonne-inconnue",
        location: "lieux.csv:1:",
        culprit: "vouliez-vous dire `horaires` ?",
    },
    Case {
        name: "import: a required column missing",
        how: Args(&[
            "import", "lieux", "{site}/lieux.json", "--territoire", "alpha", "--root", "{site}",
        ]),
        edits: &[Write(
            "lieux.json",
            "[{\"id\": \"l1\", \"nom\": \"Lieu\", \"commune\": \"La Rochelle\"}]\n".as_bytes(),
        )],
        code: "colonne-absente",
        location: "lieux.json:1:1",
        culprit: "`pivot`, `code_postal`, `adresse`, `date_maj`",
    },
    Case {
        name: "import into a territory without code nor départements",
        how: Args(&[
            "import", "lieux", "{site}/lieux.csv", "--territoire", "alpha", "--root", "{site}",
        ]),
        edits: &[
            Replace(T, "departements: [\"17\"]\n", ""),
            Write(
                "lieux.csv",
                "id,pivot,nom,commune,code_postal,adresse,date_maj\n".as_bytes(),
            ),
        ],
        code: "perimetre-inconnu",
        location: "territoires/alpha/territoire.yaml",
        culprit: "alpha",
    },
    Case {
        name: "unknown command",
        how: Args(&["chek", "--root", "{site}"]),
        edits: &[],
        code: "commande-invalide",
        location: "",
        culprit: "vouliez-vous dire `check` ?",
    },
    Case {
        name: "port already taken",
        how: ServeOnBusyPort,
        edits: &[],
        code: "apercu-impossible",
        location: "",
        culprit: "impossible d'écouter",
    },
    Case {
        name: "adopted without a date",
        how: Check,
        edits: &[Replace(D, "adopte_le: 2023-06-01\n", "")],
        code: "date-adoption-absente",
        location: "documents/charte.md:4:",
        culprit: "adopte_le",
    },
    Case {
        name: "variable the model does not use",
        how: Check,
        edits: &[Replace(
            D,
            "  perimetre: l'agglomération\n",
            "  perimetre: l'agglomération\n  couleur: bleu\n",
        )],
        code: "variable-inutilisee",
        location: "documents/charte.md:10:",
        culprit: "couleur",
    },
    Case {
        name: "link to a draft",
        how: Check,
        edits: &[
            Replace(P, "ordre: 1", "ordre: 1\nbrouillon: true"),
            Append(H, "\nVoir la [méthode](pages/methode.md).\n"),
        ],
        code: "lien-brouillon",
        location: "content/index.md:8:",
        culprit: "pages/methode.md",
    },
    Case {
        name: "shallow git clone",
        how: Check,
        edits: &[ShallowGit],
        code: "historique-git-incomplet",
        location: "content",
        culprit: "--unshallow",
    },
    Case {
        name: "bare list with the web editor",
        how: Check,
        edits: &[Append(
            "content/site.yaml",
            "edition:\n  forge: gitlab\n  depot: org/site\n  app_id: x\n",
        )],
        code: "liste-sans-cle",
        location: "referentiel/indicateurs.yaml:1:1",
        culprit: "`indicateurs:`",
    },
    Case {
        name: "static files that differ by case",
        how: Build(&[]),
        edits: &[Write("content/static/images/Plan.png", b"x")],
        code: "fichiers-casse",
        location: "content/static/images/",
        culprit: "majuscules",
    },
];

/// YAML nested deeper than any reader should accept.
const NESTED: &[u8] = &[b'['; 5000];

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
        Remove(path) => {
            let path = root.join(path);
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            } else {
                std::fs::remove_file(path).unwrap();
            }
        }
        Fifo(path) => {
            let status = std::process::Command::new("mkfifo")
                .arg(root.join(path))
                .status()
                .expect("mkfifo runs");
            assert!(status.success());
        }
        Big(path, size) => {
            std::fs::write(root.join(path), vec![b'a'; *size]).unwrap();
        }
        ShallowGit => {
            let git = |args: &[&str]| {
                let out = std::process::Command::new("git")
                    .arg("-C")
                    .arg(root)
                    .args(["-c", "user.name=Essai", "-c", "user.email=essai@exemple.fr"])
                    .args(args)
                    .output()
                    .expect("git runs");
                assert!(out.status.success(), "{out:?}");
                String::from_utf8(out.stdout).unwrap()
            };
            git(&["init", "-q"]);
            git(&["add", "-A"]);
            git(&["commit", "-q", "-m", "essai"]);
            // What a `git clone --depth 1` leaves: the commits whose parents were not fetched.
            let head = git(&["rev-parse", "HEAD"]);
            std::fs::write(root.join(".git/shallow"), head).unwrap();
        }
    }
}

/// Runs the case's command on the site in `dir` (`dir/site`).
fn run(case: &Case, dir: &Path) -> common::Run {
    let site = dir.join("site");
    let site = site.to_str().unwrap();
    let fill =
        |args: &[&str]| -> Vec<String> { args.iter().map(|a| a.replace("{site}", site)).collect() };
    let args: Vec<String> = match &case.how {
        Check => fill(&["check", "--root", "{site}"]),
        Build(more) => {
            let mut args = fill(&["build", "--root", "{site}"]);
            if !more.contains(&"--output") {
                args.extend(fill(&["--output", "{site}/../sortie"]));
            }
            args.extend(fill(more));
            args
        }
        Args(args) => fill(args),
        ServeOnBusyPort => {
            let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = taken.local_addr().unwrap().port().to_string();
            let run = common::ctin(&["serve", "--root", site, "--port", &port]);
            return common::Run {
                stderr: run.stderr.replace(&port, "<port>"),
                ..run
            };
        }
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::ctin(&args)
}

/// The output with what changes from one run to the next (folders, timings) replaced.
fn normalized(text: &str, dir: &Path) -> String {
    let text = text.replace(&dir.display().to_string(), "<dossier>");
    let mut out = String::new();
    for line in text.lines() {
        // « (123 ms) », « en 45 ms »: timings.
        let words: Vec<String> = line
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                let next_is_ms = line
                    .split(' ')
                    .nth(i + 1)
                    .is_some_and(|n| n.starts_with("ms"));
                let digits = w.trim_start_matches('(');
                if next_is_ms && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    format!("{}N", &w[..w.len() - digits.len()])
                } else {
                    w.to_string()
                }
            })
            .collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
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
fn each_kind_of_problem_is_reported_with_file_line_and_culprit() {
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/diagnostics");
    let _settings = settings.bind_to_scope();
    for case in CASES {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&common::fixtures().join("base"), &dir.path().join("site"));
        for edit in case.edits {
            apply(&dir.path().join("site"), edit);
        }
        let run = run(case, dir.path());
        let kind =
            code::find(case.code).unwrap_or_else(|| panic!("{} n'est pas au catalogue", case.code));
        let (label, status) = match kind.severity {
            // A mistake in the command line itself exits with 2, as usage errors do.
            Severity::Error if kind == code::COMMANDE_INVALIDE => ("erreur", 2),
            Severity::Error => ("erreur", 1),
            Severity::Warning => ("avertissement", 0),
        };
        let header = run
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("{label}[{}]", case.code)))
            .unwrap_or("");
        let ok = run.code == status
            && !header.is_empty()
            && header.contains(case.location)
            && run.stderr.contains(case.culprit);
        if !ok {
            failures.push(format!(
                "--- {} (attendu : {label}[{}] à {} citant {:?}, statut {status} ; obtenu {})\n{}",
                case.name, case.code, case.location, case.culprit, run.code, run.stderr
            ));
        }
        let n = seen.entry(case.code).or_default();
        *n += 1;
        let name = format!("{}-{n}", case.code);
        insta::assert_snapshot!(name, normalized(&run.stderr, dir.path()), case.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let missing: Vec<&str> = code::ALL
        .iter()
        .map(|c| c.name)
        .filter(|name| !seen.contains_key(name))
        .collect();
    assert!(missing.is_empty(), "codes sans cas d'essai : {missing:?}");
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
