//! Open data under `/donnees/`: one row per actor, per measure and per roadmap action across
//! all territories, as CSV (UTF-8, comma, RFC 4180 quoting, lists joined with `|` as in the
//! national schema of lieux de médiation numérique) and JSON (lists as arrays), with a
//! Frictionless `datapackage.json` describing every column in French.

use serde_json::{Value, json};

use crate::model::Site;
use crate::render::OutputFile;

/// The file stems of the exports (each as `.csv` and `.json`).
pub const NAMES: [&str; 4] = [
    "acteurs",
    "indicateurs",
    "actions",
    "lieux-mediation-numerique",
];

/// A column of an export: its name, its Table Schema type and a French description.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Field name (the national schema's for actors).
    pub name: &'static str,
    /// Table Schema type: `string`, `number` or `integer`.
    pub kind: &'static str,
    /// What it holds.
    pub description: &'static str,
}

/// A value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A list (`|` in CSV, an array in JSON).
    List(Vec<String>),
    /// No value.
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map(Cell::text).unwrap_or(Cell::Empty)
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number(*n),
            Cell::List(items) => items.join("|"),
            Cell::Empty => String::new(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => json!(s),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(*n as i64),
            Cell::Number(n) => json!(n),
            Cell::List(items) => json!(items),
            Cell::Empty => Value::Null,
        }
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One export: a file stem, a title, a description, its columns and rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// File stem (`acteurs`).
    pub name: &'static str,
    /// French title.
    pub title: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// Columns, in order.
    pub columns: &'static [Column],
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

const fn col(name: &'static str, kind: &'static str, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

// Place fields shared by the actors' export and the national one.
const ADRESSE: Column = col("adresse", "string", "Numéro et voie.");
const COMPLEMENT: Column = col("complement_adresse", "string", "Complément d'adresse.");
const CODE_POSTAL: Column = col("code_postal", "string", "Code postal.");
const COMMUNE: Column = col("commune", "string", "Commune.");
const CODE_INSEE: Column = col("code_insee", "string", "Code INSEE de la commune.");
const LATITUDE: Column = col("latitude", "number", "Latitude WGS84.");
const LONGITUDE: Column = col("longitude", "number", "Longitude WGS84.");
const SITE_WEB: Column = col("site_web", "string", "Site web.");
const COURRIELS: Column = col(
    "courriels",
    "string",
    "Adresses électroniques, séparées par « | ».",
);
const HORAIRES: Column = col(
    "horaires",
    "string",
    "Horaires d'ouverture (syntaxe OpenStreetMap opening_hours).",
);

const ACTORS: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire qui décrit l'acteur.",
    ),
    col(
        "id",
        "string",
        "Identifiant de l'acteur dans son territoire.",
    ),
    col("nom", "string", "Nom de l'acteur."),
    col(
        "categorie",
        "string",
        "Catégorie de l'acteur (collectivite, association, france-services…).",
    ),
    col(
        "roles",
        "string",
        "Rôles dans la coordination, séparés par « | ».",
    ),
    col("pivot", "string", "SIRET ou numéro RNA."),
    ADRESSE,
    COMPLEMENT,
    CODE_POSTAL,
    COMMUNE,
    CODE_INSEE,
    LATITUDE,
    LONGITUDE,
    col("telephone", "string", "Téléphone."),
    COURRIELS,
    SITE_WEB,
    HORAIRES,
    col(
        "services",
        "string",
        "Services proposés (valeurs du schéma national), séparés par « | ».",
    ),
    col(
        "publics_specifiquement_adresses",
        "string",
        "Publics spécifiquement accueillis, séparés par « | ».",
    ),
    col(
        "modalites_accompagnement",
        "string",
        "Modalités d'accompagnement, séparées par « | ».",
    ),
    col(
        "presentation_resume",
        "string",
        "Présentation en quelques phrases.",
    ),
    col(
        "conseillers_numeriques",
        "integer",
        "Nombre de conseillers numériques de l'acteur.",
    ),
];

const MEASURES: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire qui a mesuré.",
    ),
    col(
        "indicateur",
        "string",
        "Code de l'indicateur dans le référentiel.",
    ),
    col("nom_indicateur", "string", "Nom de l'indicateur."),
    col("unite", "string", "Unité de la valeur."),
    col(
        "periode",
        "string",
        "Période mesurée : année, mois (AAAA-MM) ou jour (AAAA-MM-JJ).",
    ),
    col("valeur", "number", "Valeur mesurée."),
    col("source", "string", "Source de la mesure."),
    col("commentaire", "string", "Commentaire."),
];

const ACTIONS: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire dont c'est la feuille de route.",
    ),
    col("axe", "string", "Identifiant de l'axe."),
    col("axe_titre", "string", "Titre de l'axe."),
    col(
        "id",
        "string",
        "Identifiant de l'action dans la feuille de route.",
    ),
    col("titre", "string", "Titre de l'action."),
    col(
        "statut",
        "string",
        "Statut : a-lancer, en-cours, realisee ou abandonnee.",
    ),
    col(
        "porteurs",
        "string",
        "Acteurs qui portent l'action (identifiants), séparés par « | ».",
    ),
    col(
        "partenaires",
        "string",
        "Acteurs partenaires (identifiants), séparés par « | ».",
    ),
    col(
        "echeance",
        "string",
        "Échéance : année, mois (AAAA-MM) ou jour (AAAA-MM-JJ).",
    ),
    col("budget", "number", "Budget en euros."),
    col(
        "indicateurs",
        "string",
        "Codes des indicateurs suivis, séparés par « | ».",
    ),
];

/// The columns of the national schema of lieux de médiation numérique (v1.0.2), in its order.
const NATIONAL: &[Column] = &[
    col(
        "id",
        "string",
        "Identifiant du lieu : territoire et identifiant de l'acteur.",
    ),
    col("pivot", "string", "SIRET ou numéro RNA de la structure."),
    col("nom", "string", "Nom du lieu."),
    COMMUNE,
    CODE_POSTAL,
    CODE_INSEE,
    ADRESSE,
    COMPLEMENT,
    LATITUDE,
    LONGITUDE,
    col(
        "typologie",
        "string",
        "Typologie de la structure (non renseignée par ctin).",
    ),
    col(
        "telephone",
        "string",
        "Téléphone au format international (+33…).",
    ),
    COURRIELS,
    SITE_WEB,
    HORAIRES,
    col(
        "presentation_resume",
        "string",
        "Présentation en 280 caractères au plus.",
    ),
    col(
        "presentation_detail",
        "string",
        "Présentation détaillée (non renseignée par ctin).",
    ),
    col(
        "source",
        "string",
        "Producteur de la donnée : le titre du site.",
    ),
    col(
        "itinerance",
        "string",
        "Lieu fixe ou itinérant (non renseigné par ctin).",
    ),
    col(
        "structure_parente",
        "string",
        "Structure parente (non renseignée par ctin).",
    ),
    col(
        "date_maj",
        "date",
        "Jour de la dernière mise à jour des informations du lieu.",
    ),
    col(
        "services",
        "string",
        "Services proposés, séparés par « | ».",
    ),
    col(
        "publics_specifiquement_adresses",
        "string",
        "Publics spécifiquement accueillis, séparés par « | ».",
    ),
    col(
        "prise_en_charge_specifique",
        "string",
        "Prises en charge spécifiques (non renseignées par ctin).",
    ),
    col(
        "frais_a_charge",
        "string",
        "Frais à charge (non renseignés par ctin).",
    ),
    col(
        "dispositif_programmes_nationaux",
        "string",
        "Dispositifs nationaux : « Conseillers numériques » quand le lieu en compte.",
    ),
    col(
        "formations_labels",
        "string",
        "Formations et labels (non renseignés par ctin).",
    ),
    col(
        "autres_formations_labels",
        "string",
        "Autres formations et labels (non renseignés par ctin).",
    ),
    col(
        "modalites_acces",
        "string",
        "Modalités d'accès (non renseignées par ctin).",
    ),
    col(
        "modalites_accompagnement",
        "string",
        "Modalités d'accompagnement, séparées par « | ».",
    ),
    col(
        "fiche_acces_libre",
        "string",
        "Fiche Acceslibre (non renseignée par ctin).",
    ),
    col(
        "prise_rdv",
        "string",
        "Prise de rendez-vous en ligne (non renseignée par ctin).",
    ),
];

/// A French phone number in the national schema's form (`+33` and 9 digits); `None` when it
/// is not a French number with 10 digits or already in international form.
fn international_phone(phone: &str) -> Option<String> {
    const PREFIXES: [&str; 10] = [
        "+33", "+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681",
    ];
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.starts_with('+') {
        let national_part = PREFIXES.iter().find_map(|p| digits.strip_prefix(p))?;
        let valid = (6..=9).contains(&national_part.len())
            && national_part.chars().all(|c| c.is_ascii_digit());
        return valid.then_some(digits.clone());
    }
    let national = digits.strip_prefix('0').filter(|r| r.len() == 9)?;
    Some(format!("+33{national}"))
}

/// The rows of the national export: actors that have every field the schema requires.
fn national_rows(site: &Site) -> Vec<Vec<Cell>> {
    let source = crate::output::site_title(site).to_string();
    let mut rows = Vec::new();
    for t in &site.territories {
        let file_date = t
            .actors
            .as_ref()
            .and_then(|d| site.history.as_ref()?.date(&[d.origin.file.as_path()]));
        for a in t.actor_list() {
            let date = a
                .date_maj
                .as_ref()
                .map(|d| d.value.clone())
                .or(file_date.clone());
            let (Some(pivot), Some(adresse), Some(cp), Some(commune), Some(date)) =
                (&a.pivot, &a.adresse, &a.code_postal, &a.commune, date)
            else {
                continue;
            };
            let list = |v: Vec<&str>| Cell::List(v.into_iter().map(String::from).collect());
            let none = || Cell::Empty;
            rows.push(vec![
                Cell::text(format!("{}-{}", t.slug, a.id.value)),
                Cell::text(&pivot.value),
                Cell::text(&a.nom),
                Cell::text(commune),
                Cell::text(&cp.value),
                Cell::opt(a.code_insee.as_ref().map(|x| x.value.clone())),
                Cell::text(adresse),
                Cell::opt(a.complement_adresse.clone()),
                a.latitude
                    .as_ref()
                    .map_or(Cell::Empty, |x| Cell::Number(x.value)),
                a.longitude
                    .as_ref()
                    .map_or(Cell::Empty, |x| Cell::Number(x.value)),
                none(),
                Cell::opt(
                    a.telephone
                        .as_ref()
                        .and_then(|x| international_phone(&x.value)),
                ),
                list(a.courriels.iter().map(|x| x.value.as_str()).collect()),
                Cell::opt(a.site_web.as_ref().map(|x| x.value.clone())),
                Cell::opt(a.horaires.as_ref().map(|x| x.value.clone())),
                Cell::opt(a.presentation_resume.as_ref().map(|x| x.value.clone())),
                none(),
                Cell::text(&source),
                none(),
                none(),
                Cell::text(date),
                list(a.services.iter().map(|x| x.as_str()).collect()),
                list(
                    a.publics_specifiquement_adresses
                        .iter()
                        .map(|x| x.as_str())
                        .collect(),
                ),
                none(),
                none(),
                if a.conseillers_numeriques.is_some_and(|n| n > 0) {
                    Cell::text("Conseillers numériques")
                } else {
                    none()
                },
                none(),
                none(),
                none(),
                list(
                    a.modalites_accompagnement
                        .iter()
                        .map(|x| x.as_str())
                        .collect(),
                ),
                none(),
                none(),
            ]);
        }
    }
    rows
}

/// The tables of the site.
pub fn tables(site: &Site) -> Vec<Table> {
    let mut actors = Vec::new();
    let mut measures = Vec::new();
    let mut actions = Vec::new();
    for t in &site.territories {
        for a in t.actor_list() {
            let list = |v: Vec<&str>| Cell::List(v.into_iter().map(String::from).collect());
            actors.push(vec![
                Cell::text(&t.slug),
                Cell::text(&a.id.value),
                Cell::text(&a.nom),
                Cell::text(a.categorie.as_str()),
                list(a.roles.iter().map(|r| r.as_str()).collect()),
                Cell::opt(a.pivot.as_ref().map(|x| x.value.clone())),
                Cell::opt(a.adresse.clone()),
                Cell::opt(a.complement_adresse.clone()),
                Cell::opt(a.code_postal.as_ref().map(|x| x.value.clone())),
                Cell::opt(a.commune.clone()),
                Cell::opt(a.code_insee.as_ref().map(|x| x.value.clone())),
                a.latitude
                    .as_ref()
                    .map_or(Cell::Empty, |x| Cell::Number(x.value)),
                a.longitude
                    .as_ref()
                    .map_or(Cell::Empty, |x| Cell::Number(x.value)),
                Cell::opt(a.telephone.as_ref().map(|x| x.value.clone())),
                list(a.courriels.iter().map(|x| x.value.as_str()).collect()),
                Cell::opt(a.site_web.as_ref().map(|x| x.value.clone())),
                Cell::opt(a.horaires.as_ref().map(|x| x.value.clone())),
                list(a.services.iter().map(|x| x.as_str()).collect()),
                list(
                    a.publics_specifiquement_adresses
                        .iter()
                        .map(|x| x.as_str())
                        .collect(),
                ),
                list(
                    a.modalites_accompagnement
                        .iter()
                        .map(|x| x.as_str())
                        .collect(),
                ),
                Cell::opt(a.presentation_resume.as_ref().map(|x| x.value.clone())),
                a.conseillers_numeriques
                    .map_or(Cell::Empty, |n| Cell::Number(n as f64)),
            ]);
        }
        for m in t.measures.iter().flat_map(|d| d.items.iter().flatten()) {
            let ind = site
                .indicators()
                .iter()
                .find(|i| i.code.value == m.indicateur.value);
            measures.push(vec![
                Cell::text(&t.slug),
                Cell::text(&m.indicateur.value),
                Cell::opt(ind.map(|i| i.nom.clone())),
                Cell::opt(ind.map(|i| i.unite.clone())),
                Cell::text(&m.periode.value),
                Cell::Number(m.valeur.value),
                Cell::opt(m.source.clone()),
                Cell::opt(m.commentaire.clone()),
            ]);
        }
        for axe in t.roadmap.iter().flat_map(|r| r.front.axes.iter().flatten()) {
            for x in &axe.actions {
                let ids = |v: &[crate::model::schema::S<String>]| {
                    Cell::List(v.iter().map(|s| s.value.clone()).collect())
                };
                actions.push(vec![
                    Cell::text(&t.slug),
                    Cell::text(&axe.id.value),
                    Cell::text(&axe.titre),
                    Cell::text(&x.id.value),
                    Cell::text(&x.titre),
                    Cell::text(x.statut.as_str()),
                    ids(&x.porteurs),
                    ids(&x.partenaires),
                    Cell::opt(x.echeance.as_ref().map(|e| e.value.clone())),
                    x.budget
                        .as_ref()
                        .map_or(Cell::Empty, |b| Cell::Number(b.value)),
                    ids(&x.indicateurs),
                ]);
            }
        }
    }
    let tables = vec![
        Table {
            name: "acteurs",
            title: "Acteurs",
            description: "Un acteur de l'inclusion numérique d'un territoire par ligne.",
            columns: ACTORS,
            rows: actors,
        },
        Table {
            name: "indicateurs",
            title: "Mesures des indicateurs",
            description: "Une valeur mesurée d'un indicateur du référentiel, par territoire et par période.",
            columns: MEASURES,
            rows: measures,
        },
        Table {
            name: "actions",
            title: "Actions des feuilles de route",
            description: "Une action de la feuille de route d'un territoire par ligne.",
            columns: ACTIONS,
            rows: actions,
        },
        Table {
            name: "lieux-mediation-numerique",
            title: "Lieux de médiation numérique (schéma national)",
            description: "Un lieu par ligne, au schéma national des lieux de médiation numérique (v1.0.2) : les acteurs qui en ont tous les champs obligatoires.",
            columns: NATIONAL,
            rows: national_rows(site),
        },
    ];
    debug_assert!(tables.iter().map(|t| t.name).eq(NAMES));
    tables
}

impl Table {
    /// The CSV file.
    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(self.columns.iter().map(|c| c.name));
        for row in &self.rows {
            let _ = w.write_record(row.iter().map(Cell::csv));
        }
        w.into_inner().unwrap_or_default()
    }

    /// The rows of territory `slug`, for the tables whose rows belong to a territory (their
    /// first column is its slug).
    pub fn of_territory(&self, slug: &str) -> Option<Table> {
        (self.columns.first()?.name == "territoire").then(|| Table {
            rows: self
                .rows
                .iter()
                .filter(|r| matches!(r.first(), Some(Cell::Text(s)) if s == slug))
                .cloned()
                .collect(),
            ..self.clone()
        })
    }

    /// The JSON file: an array of objects, keys in column order.
    pub fn json(&self) -> Vec<u8> {
        let rows: Vec<Row> = self.rows.iter().map(|r| Row(self.columns, r)).collect();
        let mut bytes = serde_json::to_vec_pretty(&rows).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

/// A row as a JSON object whose keys keep the order of the columns.
struct Row<'a>(&'a [Column], &'a [Cell]);

impl serde::Serialize for Row<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (c, cell) in self.0.iter().zip(self.1) {
            map.serialize_entry(c.name, &cell.json())?;
        }
        map.end()
    }
}

/// Every export file, the data package describing the CSV files, and the rows of each
/// territory (linked from its pages) in their own files.
pub fn files(site: &Site, tables: &[Table]) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let both = |out: &mut Vec<OutputFile>, t: &Table, path: &dyn Fn(&str) -> String| {
        out.push(OutputFile {
            path: path("csv"),
            bytes: t.csv(),
        });
        out.push(OutputFile {
            path: path("json"),
            bytes: t.json(),
        });
    };
    for t in tables {
        both(&mut out, t, &|ext| format!("donnees/{}.{ext}", t.name));
        for territory in site.territories.iter().filter(|t| t.card.is_some()) {
            let slug = &territory.slug;
            if let Some(rows) = t.of_territory(slug) {
                // The link index accepts links to these files from this list.
                debug_assert!(crate::paths::TERRITORY_EXPORTS.contains(&t.name));
                both(&mut out, &rows, &|ext| {
                    crate::paths::territory_export(slug, t.name, ext)
                });
            }
        }
    }
    let config = site.config.as_ref();
    let licence = config
        .and_then(|c| c.licence.clone())
        .unwrap_or_else(|| "Licence Ouverte 2.0".into());
    let package = json!({
        "profile": "tabular-data-package",
        "name": "ctin",
        "title": config.map(|c| c.titre.clone()).unwrap_or_default(),
        "description": config.map(|c| c.description.trim().to_string()).unwrap_or_default(),
        "licenses": [licence_entry(&licence)],
        "resources": tables.iter().map(|t| json!({
            "profile": "tabular-data-resource",
            "name": t.name,
            "title": t.title,
            "description": t.description,
            "path": format!("{}.csv", t.name),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "header": true },
            "schema": {
                "fields": t.columns.iter().map(|c| json!({
                    "name": c.name, "type": c.kind, "description": c.description,
                })).collect::<Vec<_>>(),
            },
        })).collect::<Vec<_>>(),
    });
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    out.push(OutputFile {
        path: "donnees/datapackage.json".into(),
        bytes,
    });
    out
}

/// The licence as a data package `licenses` entry (a name and a path when it is known).
fn licence_entry(licence: &str) -> Value {
    let lower = licence.to_lowercase();
    if lower.contains("licence ouverte") || lower.contains("etalab") {
        json!({ "name": "etalab-2.0", "title": licence, "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" })
    } else if lower.contains("odbl") {
        json!({ "name": "ODbL-1.0", "title": licence, "path": "https://opendatacommons.org/licenses/odbl/1-0/" })
    } else if lower.contains("cc-by") || lower.contains("cc by") {
        json!({ "name": "CC-BY-4.0", "title": licence, "path": "https://creativecommons.org/licenses/by/4.0/" })
    } else {
        json!({ "name": "licence", "title": licence })
    }
}

#[cfg(test)]
mod tests {
    use super::international_phone;

    #[test]
    fn phones_take_the_national_schema_form() {
        assert_eq!(
            international_phone("05 46 00 00 00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("05.46.00.00.00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("+33 5 46 00 00 00").as_deref(),
            Some("+33546000000")
        );
        assert_eq!(
            international_phone("+262 262 00 00 00").as_deref(),
            Some("+262262000000")
        );
        assert_eq!(international_phone("+32 2 000 00 00"), None);
        assert_eq!(international_phone("3646"), None);
    }
}
