//! `ctin new`: files ready to fill, with French comments saying what each key means.
//! What it writes passes `ctin check` as it is.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Pos, code};
use crate::geo;
use crate::text::{is_slug, slugify};

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An official territory for `ctin new territoire --code`: its code and what the geography
/// says of it.
struct Official {
    code: String,
    facts: geo::Facts,
}

/// The official territory of `--code`, or the problem.
fn official(code: &str) -> Result<Official, Diagnostic> {
    let g = geo::geography();
    let code = code.trim();
    match g.official(code) {
        Some(o) => Ok(Official {
            code: code.to_string(),
            facts: g.facts(o),
        }),
        None => Err(Diagnostic::new(
            code::CODE_TERRITOIRE_INCONNU,
            Path::new(""),
            Pos::default(),
            format!("`--code` : aucun EPCI ni département n'a le code « {code} »"),
        )
        .culprit(code)),
    }
}

/// Creates `content/territoires/<slug>/` under `root`; returns the folder, or the problem.
/// With `code` (SIREN of an EPCI or code of a département), the names, échelon and
/// départements come from the official geography, and `slug` may be left out.
pub fn new_territory(
    root: &Path,
    slug: Option<&str>,
    nom: Option<&str>,
    echelon: &str,
    code: Option<&str>,
) -> Result<PathBuf, Diagnostic> {
    let official = code.map(official).transpose()?;
    let slug = match (slug, &official) {
        (Some(s), _) => s.to_string(),
        (None, Some(o)) => slugify(&geo::label(&o.facts.court)),
        (None, None) => {
            return Err(Diagnostic::new(
                code::COMMANDE_INVALIDE,
                Path::new(""),
                Pos::default(),
                "`ctin new territoire` : indiquez le nom du dossier du territoire, ou son code officiel avec `--code`",
            )
            .hint("par exemple `ctin new territoire la-rochelle` ou `ctin new territoire --code 241700434`"));
        }
    };
    let slug = slug.as_str();
    let echelon = official.as_ref().map_or(echelon, |o| o.facts.echelon);
    let dir = Path::new("content").join("territoires").join(slug);
    if !is_slug(slug) {
        return Err(Diagnostic::new(
            code::SLUG_INVALIDE,
            &dir,
            Pos::default(),
            format!("nom de dossier de territoire invalide : `{slug}`"),
        )
        .culprit(slug)
        .hint(format!(
            "minuscules sans accent, chiffres et tirets seulement : par exemple `{}`",
            slugify(slug)
        )));
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::new(
            code::DOSSIER_ABSENT,
            Path::new("content"),
            Pos::default(),
            format!("dossier `content/` introuvable dans `{}`", root.display()),
        )
        .hint(
            "lancez la commande depuis le dossier du site, ou indiquez-le avec `--root DOSSIER`",
        ));
    }
    if root.join(&dir).exists() {
        return Err(Diagnostic::new(
            code::TERRITOIRE_EXISTANT,
            &dir,
            Pos::default(),
            format!("le territoire `{slug}` existe déjà"),
        ));
    }
    let nom = nom.map(str::to_string).unwrap_or_else(|| match &official {
        Some(o) => o.facts.titre.clone(),
        None => format!("Territoire {slug}"),
    });
    let files = [
        (
            "territoire.yaml",
            territory_yaml(&nom, echelon, official.as_ref()),
        ),
        ("index.md", index_md(&nom)),
        ("acteurs.yaml", actors_yaml(&nom, echelon)),
        ("indicateurs.yaml", MEASURES_YAML.to_string()),
        ("feuille-de-route.md", roadmap_md(&nom)),
    ];
    write_files(
        root,
        files.iter().map(|(name, text)| (dir.join(name), text)),
    )?;
    std::fs::create_dir_all(root.join(&dir).join("documents"))
        .map_err(|e| write_error(&dir.join("documents"), &e))?;
    Ok(root.join(dir))
}

/// Writes each file (path relative to `root`), creating its folders.
fn write_files<'a>(
    root: &Path,
    files: impl IntoIterator<Item = (PathBuf, &'a String)>,
) -> Result<(), Diagnostic> {
    for (rel, text) in files {
        let path = root.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(&rel, &e))?;
        }
        std::fs::write(&path, text).map_err(|e| write_error(&rel, &e))?;
    }
    Ok(())
}

fn write_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        code::ECRITURE_IMPOSSIBLE,
        rel,
        Pos::default(),
        format!("écriture impossible ({})", crate::diagnostic::io_reason(e)),
    )
}

/// The keys `--code` fills, or their commented examples.
fn identity(official: Option<&Official>) -> String {
    let Some(o) = official else {
        return "# code : SIREN de l'intercommunalité (9 chiffres) ou code du département, entre
# guillemets ; ctin en tire le nom officiel, les communes et la population.
# code: \"241700434\"
# nom_court : nom affiché dans les menus et les listes, avec son article s'il en prend un
# (« le Sicoval », « la Haute-Garonne », « Lille »).
# nom_court: Mon territoire
"
        .to_string();
    };
    let f = &o.facts;
    let g = geo::geography();
    let deps: Vec<String> = f.departements.iter().map(|d| quoted(d)).collect();
    let mut communes = String::new();
    let mut line = String::from("#  ");
    for (i, (_, name)) in f.communes.iter().enumerate() {
        let item = format!(
            " {name}{}",
            if i + 1 < f.communes.len() { "," } else { "." }
        );
        if line.len() + item.len() > 96 {
            communes.push_str(line.trim_end());
            communes.push('\n');
            line = String::from("#  ");
        }
        line.push_str(&item);
    }
    communes.push_str(line.trim_end());
    format!(
        "# code : {kind} ; ctin en tire les communes, la population et les noms
# (code officiel géographique {year} de l'Insee).
code: {code}
# nom_officiel, nom_court : les noms avec leur article, tels que les modèles les écrivent
# (« réunis par la communauté… », « chaque habitant du Sicoval »).
nom_officiel: {officiel}
nom_court: {court}
# departements : départements de ses communes.
departements: [{deps}]
# Ses {n} communes :
{communes}
",
        kind = if f.echelon == "departement" {
            "code du département"
        } else {
            "SIREN de l'intercommunalité"
        },
        year = g.millesime,
        code = quoted(&o.code),
        officiel = quoted(&f.officiel),
        court = quoted(&f.court),
        deps = deps.join(", "),
        n = f.communes.len(),
    )
}

fn territory_yaml(nom: &str, echelon: &str, official: Option<&Official>) -> String {
    let identity = identity(official);
    let departements = if official.is_some() {
        ""
    } else {
        "# departements : codes des départements couverts, entre guillemets.\n# departements: [\"17\"]\n"
    };
    let nom = quoted(nom);
    format!(
        r#"# Fiche d'identité du territoire (format : docs/content-format.md).
# Les lignes commençant par « # » sont des commentaires : retirez le « # » d'une clé
# facultative pour l'utiliser. Les dates s'écrivent AAAA-MM-JJ, AAAA-MM ou AAAA.

# nom : nom complet de la collectivité, comme un titre l'écrit (obligatoire).
nom: {nom}
{identity}# echelon : epci, departement, region, commune ou autre (obligatoire).
echelon: {echelon}
{departements}# engage_le : date d'entrée dans la coordination.
# engage_le: 2021-02-16
# coordination : la personne qui anime la coordination ; structure = id d'un acteur ou un nom.
# coordination:
#   nom: Prénom Nom
#   fonction: chargée de mission inclusion numérique
#   courriel: prenom.nom@exemple.fr
#   structure: collectivite
# conseillers_numeriques : nombre de conseillers numériques du territoire.
# conseillers_numeriques: 8
# budget : montants en euros ; financeur = id d'un acteur ou un nom.
# budget:
#   - montant: 400000
#     periode: 2021-2022
#     financeur: État
#     objet: postes de conseillers numériques
# comites : instances de gouvernance ; type = strategique, technique, consultatif ou autre ;
# frequence = mensuelle, trimestrielle, semestrielle, annuelle ou autre.
# comites:
#   - nom: Comité de pilotage
#     type: strategique
#     frequence: semestrielle
#     composition: [collectivite]
# calendrier : les grandes étapes.
# calendrier:
#   - date: 2021-02
#     evenement: début de la coordination
# liens : pages utiles (adresses complètes).
# liens:
#   - titre: Site de la collectivité
#     url: https://exemple.fr
# sources : d'où viennent les informations de ces pages (url et date facultatives).
# sources:
#   - titre: Article de presse
#     url: https://exemple.fr/article
#     date: 2021-02-16
"#,
    )
}

fn index_md(nom: &str) -> String {
    format!(
        "---\n# titre : titre de la page de présentation (obligatoire) ; resume : une phrase pour les listes.\ntitre: {}\n# resume: En une phrase, ce que fait la coordination.\n---\n\n## Présentation\n\nPrésentez ici le territoire et sa coordination pour l'inclusion numérique.\n\n## Diagnostic\n\nCe qui existe, qui agit, ce qui manque.\n",
        quoted(nom)
    )
}

fn actors_yaml(nom: &str, echelon: &str) -> String {
    let categorie = if echelon == "autre" {
        "autre"
    } else {
        "collectivite"
    };
    format!(
        r#"# Les acteurs du territoire : une entrée par acteur, commençant par « - ».
# id : identifiant unique (minuscules, chiffres, tirets), utilisé dans la feuille de route,
#   les signataires et les comités ; ailleurs, on écrit « <territoire>/<id> ».
# categorie : collectivite, etat, operateur-public, association, centre-social, ccas,
#   bibliotheque, france-services, entreprise, hub ou autre.
# roles : coporteur, coordination, financeur, accompagnement, formation, orientation,
#   equipement, animation-reseau, observateur.
# Champs facultatifs d'un lieu (noms du schéma national des lieux de médiation numérique) :
#   pivot (SIRET ou RNA), adresse, complement_adresse, code_postal, commune, code_insee,
#   latitude et longitude (ensemble), telephone, courriels (liste), site_web,
#   horaires (syntaxe OpenStreetMap), services, publics_specifiquement_adresses,
#   modalites_accompagnement, presentation_resume (280 caractères au plus),
#   conseillers_numeriques, date_maj, et les autres champs du schéma national.
# Les lieux déjà publiés dans les données nationales s'importent avec
#   `ctin import lieux <fichier> --territoire <dossier>`.
# La liste est écrite sous la clé « acteurs: », ce que l'interface d'édition /admin/ sait modifier.
acteurs:
  - id: collectivite
    nom: {nom}
    categorie: {categorie}
    roles: [coordination]
    # code_postal: "17000"
    # commune: La Rochelle
    # latitude: 46.16
    # longitude: -1.15
"#,
        nom = quoted(nom),
    )
}

const MEASURES_YAML: &str = r#"# Valeurs mesurées des indicateurs du référentiel (content/referentiel/indicateurs.yaml).
# Une entrée par mesure : indicateur (code du référentiel), periode (date), valeur (nombre),
# source et commentaire facultatifs. Exemple :
# mesures:
#   - indicateur: IND-01
#     periode: 2023
#     valeur: 42
#     source: Cartographie des acteurs 2023
mesures: []
"#;

fn roadmap_md(nom: &str) -> String {
    format!(
        r#"---
# titre : titre de la feuille de route (obligatoire).
titre: {}
# adopte_le : date d'adoption ; horizon : année de fin.
# adopte_le: 2023-05
# horizon: 2026
# axes : la liste des axes, chacun avec ses actions.
#   Action : id, titre, statut (a-lancer, en-cours, realisee, abandonnee) obligatoires ;
#   description, porteurs et partenaires (id d'acteurs), echeance (date), budget (euros),
#   indicateurs (codes du référentiel) facultatifs. Exemple :
# axes:
#   - id: gouvernance
#     titre: Structurer la gouvernance
#     actions:
#       - id: comite-de-pilotage
#         titre: Réunir un comité de pilotage
#         statut: a-lancer
#         porteurs: [collectivite]
axes: []
---

Présentez ici la démarche qui a conduit à cette feuille de route.
"#,
        quoted(&format!(
            "Feuille de route de l'inclusion numérique — {nom}"
        ))
    )
}

/// Where this binary's version is released (set when the release workflow builds it; empty in
/// a build from source).
pub const RELEASES: &str = env!("CTIN_TELECHARGEMENT");

/// Creates a new site in `dir` (absent or empty): a content folder that passes `ctin check`
/// with one example territory, a `.gitignore`, publishing recipes for GitLab Pages and GitHub
/// Pages, and the French publishing guide. The recipes download this version of ctin from
/// `releases` (by default, where this binary was released from) and check its SHA-256 sum;
/// `ctin_git`, the address of ctin's repository, is their fallback (compiling it).
pub fn new_site(
    dir: &Path,
    titre: &str,
    ctin_git: Option<&str>,
    releases: Option<&str>,
) -> Result<(), Diagnostic> {
    let not_empty = std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some());
    if not_empty {
        return Err(Diagnostic::new(
            code::DOSSIER_NON_VIDE,
            dir,
            Pos::default(),
            "ce dossier existe déjà et n'est pas vide : ctin n'y écrit rien",
        )
        .hint("choisissez un nouveau dossier (absent ou vide)"));
    }
    let fill = |template: &str| {
        template
            .replace("{titre_yaml}", &quoted(titre))
            .replace("{titre}", titre)
            .replace("{ctin_git_yaml}", &quoted(ctin_git.unwrap_or("")))
            .replace("{ctin_version_yaml}", &quoted(env!("CARGO_PKG_VERSION")))
            .replace(
                "{ctin_telechargement_yaml}",
                &quoted(releases.unwrap_or(RELEASES).trim_end_matches('/')),
            )
    };
    let files = [
        (
            "content/site.yaml",
            fill(include_str!("scaffold/site.yaml")),
        ),
        ("content/index.md", fill(include_str!("scaffold/index.md"))),
        (
            "content/pages/a-propos.md",
            include_str!("scaffold/a-propos.md").to_string(),
        ),
        (
            "content/referentiel/indicateurs.yaml",
            include_str!("scaffold/indicateurs.yaml").to_string(),
        ),
        (".gitignore", include_str!("scaffold/gitignore").to_string()),
        (
            ".gitlab-ci.yml",
            fill(include_str!("scaffold/gitlab-ci.yml")),
        ),
        (
            ".github/workflows/publier.yml",
            fill(include_str!("scaffold/github-publier.yml")),
        ),
        (
            "docs/publier.md",
            include_str!("../docs/publier.md").to_string(),
        ),
    ];
    write_files(
        dir,
        files.iter().map(|(name, text)| (PathBuf::from(name), text)),
    )?;
    new_territory(
        dir,
        Some("mon-territoire"),
        Some("Mon territoire"),
        "epci",
        None,
    )
    .map(|_| ())
}
