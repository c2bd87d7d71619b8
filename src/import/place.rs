//! One row of the national data as a place of the territory: located on the official
//! geography, its values mapped to the keys of `acteurs.yaml`, and checked by the same checks
//! as `ctin check` (an invalid required value rejects the row; an invalid optional one is left
//! out and reported).

use std::collections::HashSet;

use serde_json::{Value, json};

use super::read::Row;
use super::yaml::entry_text;
use crate::content::Origin;
use crate::diagnostic::Diagnostics;
use crate::geo::{self, Commune};
use crate::model::places::{Problem as Unplaced, postal_codes, resolve};
use crate::model::schema::{
    Acteur, Dispositif, FormationLabel, Frais, Itinerance, Modalite, ModaliteAcces, PriseEnCharge,
    Public, Service,
};
use crate::model::validate::territory::{is_insee_code, is_postal_code};

/// How a column's text becomes a value of `acteurs.yaml`.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Text as it is.
    Text,
    /// A number.
    Number,
    /// A day: `AAAA-MM-JJ` (a time after it is dropped).
    Day,
    /// A list separated by `|`, of any values.
    List,
    /// A list separated by `|`, of the schema's values only.
    Values(&'static [&'static str]),
    /// One web address (the first of a `|` list).
    FirstUrl,
}

/// The schema's columns and the keys of `acteurs.yaml` they fill, in the order new entries
/// are written. `id` becomes `id_source`; `nom` is first since it is written with `id`.
const MAP: &[(&str, &str, Kind)] = &[
    ("nom", "nom", Kind::Text),
    ("pivot", "pivot", Kind::Text),
    ("adresse", "adresse", Kind::Text),
    ("complement_adresse", "complement_adresse", Kind::Text),
    ("code_postal", "code_postal", Kind::Text),
    ("commune", "commune", Kind::Text),
    ("code_insee", "code_insee", Kind::Text),
    ("latitude", "latitude", Kind::Number),
    ("longitude", "longitude", Kind::Number),
    ("telephone", "telephone", Kind::Text),
    ("courriels", "courriels", Kind::List),
    ("site_web", "site_web", Kind::FirstUrl),
    ("horaires", "horaires", Kind::Text),
    ("services", "services", Kind::Values(Service::NAMES)),
    (
        "publics_specifiquement_adresses",
        "publics_specifiquement_adresses",
        Kind::Values(Public::NAMES),
    ),
    (
        "modalites_accompagnement",
        "modalites_accompagnement",
        Kind::Values(Modalite::NAMES),
    ),
    ("presentation_resume", "presentation_resume", Kind::Text),
    ("presentation_detail", "presentation_detail", Kind::Text),
    ("typologie", "typologie", Kind::List),
    ("itinerance", "itinerance", Kind::Values(Itinerance::NAMES)),
    ("structure_parente", "structure_parente", Kind::Text),
    (
        "prise_en_charge_specifique",
        "prise_en_charge_specifique",
        Kind::Values(PriseEnCharge::NAMES),
    ),
    (
        "frais_a_charge",
        "frais_a_charge",
        Kind::Values(Frais::NAMES),
    ),
    (
        "dispositif_programmes_nationaux",
        "dispositif_programmes_nationaux",
        Kind::Values(Dispositif::NAMES),
    ),
    (
        "formations_labels",
        "formations_labels",
        Kind::Values(FormationLabel::NAMES),
    ),
    (
        "autres_formations_labels",
        "autres_formations_labels",
        Kind::List,
    ),
    (
        "modalites_acces",
        "modalites_acces",
        Kind::Values(ModaliteAcces::NAMES),
    ),
    ("fiche_acces_libre", "fiche_acces_libre", Kind::Text),
    ("prise_rdv", "prise_rdv", Kind::Text),
    ("date_maj", "date_maj", Kind::Day),
    ("source", "source", Kind::Text),
];

/// The keys of `acteurs.yaml` an import fills (and keeps in step), `id_source` aside.
pub(super) fn imported_keys() -> impl Iterator<Item = &'static str> {
    MAP.iter().map(|(_, key, _)| *key)
}

/// Keys whose invalid value rejects the whole row: the place cannot be told or located
/// without them (the schema requires them, and the coordinates are the map's).
const ESSENTIAL: &[&str] = &[
    "nom",
    "pivot",
    "adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "date_maj",
];

/// A problem with one field of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the row is (`ligne 12`).
    pub at: String,
    /// The column.
    pub field: String,
    /// Why, in French.
    pub reason: String,
}

/// A place of the territory, ready to merge.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// Where its row is.
    pub(super) at: String,
    /// Its `id` in the national data.
    pub(super) id: String,
    /// Its values by key of `acteurs.yaml`, in [`MAP`]'s order.
    pub(super) values: Vec<(&'static str, Value)>,
    /// The `categorie` a new actor takes, from the typology.
    pub(super) categorie: &'static str,
    /// Values left out, and why.
    pub(super) discarded: Vec<Problem>,
}

impl Place {
    /// The value of a key, if the place has one.
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The value of a text key.
    pub(super) fn text(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }
}

/// What a row is for the territory.
#[derive(Debug)]
pub(super) enum Verdict {
    /// Its place lies outside the territory.
    Outside,
    /// It lies in the territory (or cannot be placed anywhere) and cannot be imported.
    Rejected(Vec<Problem>),
    /// A place of the territory.
    Place(Box<Place>),
}

/// The territory's communes (INSEE codes) or départements, and their postal codes.
pub(super) struct Perimeter {
    /// INSEE codes of its communes (empty: the départements decide).
    pub(super) communes: HashSet<&'static str>,
    /// Its départements.
    pub(super) departements: Vec<String>,
    /// The postal codes of its communes.
    pub(super) postal: HashSet<&'static str>,
}

impl Perimeter {
    /// The perimeter of official communes, or of départements.
    pub(super) fn new(communes: Vec<&'static str>, departements: Vec<String>) -> Perimeter {
        let g = geo::geography();
        let communes: HashSet<&'static str> = communes.into_iter().collect();
        let postal = if communes.is_empty() {
            departements
                .iter()
                .flat_map(|d| g.departement_communes(d))
                .flat_map(postal_codes)
                .collect()
        } else {
            communes
                .iter()
                .filter_map(|c| g.commune(c))
                .flat_map(|c| postal_codes(c))
                .collect()
        };
        Perimeter {
            communes,
            departements,
            postal,
        }
    }

    fn departement_refs(&self) -> Vec<&str> {
        self.departements.iter().map(String::as_str).collect()
    }

    fn contains(&self, c: &Commune) -> bool {
        let home = c.parent.unwrap_or(c.code);
        if self.communes.is_empty() {
            self.departements.iter().any(|d| d == c.departement)
        } else {
            self.communes.contains(home)
        }
    }
}

/// True when the row surely lies outside: every commune it could name is outside.
fn surely_outside(row: &Row, perimeter: &Perimeter) -> bool {
    let g = geo::geography();
    if let Some(c) = row
        .get("code_insee")
        .filter(|i| is_insee_code(i))
        .and_then(|i| g.commune(i))
    {
        return !perimeter.contains(c);
    }
    let named = row
        .get("commune")
        .map(|n| g.communes_named(n))
        .unwrap_or_default();
    if !named.is_empty() {
        return named.iter().all(|c| !perimeter.contains(c));
    }
    row.get("code_postal")
        .filter(|p| is_postal_code(p))
        .is_some_and(|p| !perimeter.postal.contains(p))
}

/// The reason a row's address does not lead to one commune.
fn unplaced_reason(problem: &Unplaced, row: &Row) -> (&'static str, String) {
    let commune = row.get("commune").unwrap_or("");
    match problem {
        Unplaced::Unknown(_) => ("commune", format!("commune inconnue : « {commune} »")),
        Unplaced::Ambiguous(all) => (
            "commune",
            format!(
                "{} communes s'appellent « {commune} » et rien ne les départage",
                all.len()
            ),
        ),
        Unplaced::Postal(_) => (
            "code_postal",
            format!(
                "code postal « {} » qui n'est pas celui de {commune}",
                row.get("code_postal").unwrap_or("")
            ),
        ),
        Unplaced::Insee(c, _) => (
            "code_insee",
            format!(
                "code INSEE « {} » qui n'est pas celui de {} ({})",
                row.get("code_insee").unwrap_or(""),
                c.nom,
                c.code
            ),
        ),
    }
}

/// The `categorie` of a new actor, from the typology and national schemes of the place.
fn categorie(row: &Row) -> &'static str {
    let typologies: Vec<String> = row
        .get("typologie")
        .unwrap_or("")
        .split('|')
        .map(|t| t.trim().to_uppercase())
        .collect();
    let has = |codes: &[&str]| typologies.iter().any(|t| codes.contains(&t.as_str()));
    let schemes = row.get("dispositif_programmes_nationaux").unwrap_or("");
    if has(&["FS", "MSAP"]) || schemes.split('|').any(|d| d.trim() == "France Services") {
        "france-services"
    } else if has(&["CCAS", "CIAS"]) {
        "ccas"
    } else if has(&["CS", "CSC", "MQ", "EVS"]) {
        "centre-social"
    } else if has(&["BIB", "MEDIATHEQUE"]) {
        "bibliotheque"
    } else if has(&["MUNI", "COMMUNE", "MAIRIE", "EPCI", "DEPT", "REG", "MDS"]) {
        "collectivite"
    } else if has(&[
        "CAF",
        "CPAM",
        "MSA",
        "PE",
        "FT",
        "CARSAT",
        "CAP_EMPLOI",
        "ML",
    ]) {
        "operateur-public"
    } else if has(&["ASSO", "ASSO_CHOMEUR", "PIMMS", "REG_ASSO"]) {
        "association"
    } else {
        "autre"
    }
}

/// The values of a row, mapped to keys; values outside the schema's lists are reported.
fn values(row: &Row, discarded: &mut Vec<Problem>) -> Result<Vec<(&'static str, Value)>, Problem> {
    let problem = |field: &str, reason: String| Problem {
        at: row.at.clone(),
        field: field.to_string(),
        reason,
    };
    let split = |v: &str| -> Vec<String> {
        let mut items: Vec<String> = Vec::new();
        for item in v.split('|').map(str::trim).filter(|x| !x.is_empty()) {
            if !items.iter().any(|x| x == item) {
                items.push(item.to_string());
            }
        }
        items
    };
    let mut out = Vec::new();
    for &(column, key, kind) in MAP {
        let Some(raw) = row.get(column) else { continue };
        let value = match kind {
            Kind::Text => json!(raw),
            Kind::Number => match raw.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => json!(n),
                _ => {
                    return Err(problem(
                        column,
                        format!("coordonnée invalide : « {raw} » n'est pas un nombre"),
                    ));
                }
            },
            Kind::Day => {
                let day = raw
                    .get(..10)
                    .filter(|_| raw.len() == 10 || raw[10..].starts_with(['T', ' ']));
                json!(day.unwrap_or(raw))
            }
            Kind::List => json!(split(raw)),
            Kind::Values(allowed) => {
                let (known, unknown): (Vec<String>, Vec<String>) = split(raw)
                    .into_iter()
                    .partition(|v| allowed.contains(&v.as_str()));
                for v in unknown {
                    discarded.push(problem(
                        column,
                        format!("valeur hors de la liste du schéma : « {v} »"),
                    ));
                }
                if known.is_empty() {
                    continue;
                }
                json!(known)
            }
            Kind::FirstUrl => {
                let all = split(raw);
                for other in all.iter().skip(1) {
                    discarded.push(problem(
                        column,
                        format!("adresse de plus : « {other} » (ctin en garde une)"),
                    ));
                }
                match all.into_iter().next() {
                    Some(first) => json!(first),
                    None => continue,
                }
            }
        };
        out.push((key, value));
    }
    let has = |k: &str| out.iter().any(|(key, _)| *key == k);
    if has("latitude") != has("longitude") {
        let missing = if has("latitude") {
            "longitude"
        } else {
            "latitude"
        };
        return Err(problem(
            missing,
            "coordonnées incomplètes : la latitude et la longitude vont ensemble".to_string(),
        ));
    }
    Ok(out)
}

/// A problem `ctin check` finds with a place: the key, its message, and the value at fault.
struct Found {
    key: String,
    message: String,
    culprit: Option<String>,
}

/// The checks of `ctin check` on the place's values.
fn checked(values: &[(&'static str, Value)], categorie: &str) -> Result<Vec<Found>, String> {
    let text = entry_text("lieu", categorie, values, None, 0);
    let origin = Origin {
        file: std::path::PathBuf::from("acteurs.yaml"),
        offset: 0,
    };
    let list: Vec<Acteur> = crate::content::yaml::parse(&text, &origin).map_err(|d| d.message)?;
    let Some(acteur) = list.into_iter().next() else {
        return Err("lieu vide".to_string());
    };
    let mut diags = Diagnostics::new();
    crate::model::validate::territory::check_actor(&origin, &acteur, &mut diags);
    let lines: Vec<&str> = text.lines().collect();
    Ok(diags
        .sorted()
        .into_iter()
        .map(|d| {
            // The key of the line the problem is on, or of the list the line belongs to.
            let upto = (d.pos.line as usize).clamp(1, lines.len());
            let key = lines[..upto]
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, l)| {
                    let t = l.trim_start();
                    let t = if i == 0 {
                        t.trim_start_matches("- ")
                    } else {
                        t
                    };
                    if t.starts_with("- ") {
                        return None;
                    }
                    t.split_once(':').map(|(k, _)| k.to_string())
                })
                .unwrap_or_default();
            Found {
                key,
                message: d.message.clone(),
                culprit: d.culprit.clone(),
            }
        })
        .collect())
}

/// What row `row` is for the territory of `perimeter`.
pub(super) fn judge(row: &Row, perimeter: &Perimeter) -> Verdict {
    let problem = |field: &str, reason: String| Problem {
        at: row.at.clone(),
        field: field.to_string(),
        reason,
    };
    if surely_outside(row, perimeter) {
        return Verdict::Outside;
    }
    if let Some((field, reason)) = &row.problem {
        return Verdict::Rejected(vec![problem(field, reason.clone())]);
    }
    // Where the row lies, from what is valid in it: its INSEE code first, else its commune's
    // name with its postal code.
    let g = geo::geography();
    let postal = row.get("code_postal").filter(|p| is_postal_code(p));
    let insee = row.get("code_insee").filter(|i| is_insee_code(i));
    let deps = perimeter.departement_refs();
    let by_code = insee.and_then(|i| g.commune(i));
    let mut renamed = None;
    if let Some(name) = row.get("commune") {
        let named = !g.communes_named(name).is_empty();
        let agrees = named && resolve(name, None, insee, &deps).is_ok();
        let name = match by_code {
            // The INSEE code names the commune: a name written otherwise takes the official
            // one (`ctin check` reads the name).
            Some(c) if !agrees => {
                renamed = Some((name, c.nom));
                c.nom
            }
            // A name no commune has is refused at once (`resolve` would look for close names
            // among every commune, for each such row of a large file).
            _ if !named => {
                return Verdict::Rejected(vec![problem(
                    "commune",
                    format!("commune inconnue : « {name} »"),
                )]);
            }
            _ => name,
        };
        match resolve(name, postal, insee, &deps) {
            Ok(c) if !perimeter.contains(c) => return Verdict::Outside,
            Ok(_) => {}
            Err(p) => {
                let (field, reason) = unplaced_reason(&p, row);
                return Verdict::Rejected(vec![problem(field, reason)]);
            }
        }
    }
    let missing: Vec<Problem> = super::read::REQUIRED
        .iter()
        .filter(|c| row.get(c).is_none())
        .map(|c| problem(c, "champ obligatoire vide".to_string()))
        .collect();
    if !missing.is_empty() {
        return Verdict::Rejected(missing);
    }
    let mut discarded = Vec::new();
    let mut values = match values(row, &mut discarded) {
        Ok(v) => v,
        Err(p) => return Verdict::Rejected(vec![p]),
    };
    if let Some((written, official)) = renamed {
        if let Some((_, v)) = values.iter_mut().find(|(k, _)| *k == "commune") {
            *v = json!(official);
        }
        discarded.push(problem(
            "commune",
            format!("« {written} » remplacé par « {official} », la commune du code INSEE"),
        ));
    }
    let categorie = categorie(row);
    // What `ctin check` would find wrong: an essential value rejects the row, another one is
    // left out. Leaving a value out cannot make another one wrong, so two rounds suffice.
    for _ in 0..2 {
        let found = match checked(&values, categorie) {
            Ok(found) => found,
            Err(message) => return Verdict::Rejected(vec![problem("(lieu)", message)]),
        };
        if found.is_empty() {
            break;
        }
        let essential: Vec<Problem> = found
            .iter()
            .filter(|f| ESSENTIAL.contains(&f.key.as_str()))
            .map(|f| problem(&f.key, f.message.clone()))
            .collect();
        if !essential.is_empty() {
            return Verdict::Rejected(essential);
        }
        for f in found {
            // A wrong item of a list is left out alone; another value, with its key.
            let slot = values.iter_mut().find(|(key, _)| *key == f.key);
            if let Some((_, Value::Array(items))) = slot
                && let Some(culprit) = &f.culprit
                && items.iter().any(|i| i.as_str() == Some(culprit.as_str()))
            {
                items.retain(|i| i.as_str() != Some(culprit.as_str()));
            } else {
                values.retain(|(key, _)| *key != f.key);
            }
            values.retain(|(_, v)| !matches!(v, Value::Array(items) if items.is_empty()));
            discarded.push(problem(&f.key, f.message));
        }
    }
    Verdict::Place(Box::new(Place {
        at: row.at.clone(),
        id: row.get("id").unwrap_or_default().to_string(),
        values,
        categorie,
        discarded,
    }))
}
