/*!
The site's open data as tables: one row per actor, per measure and per roadmap action across all
territories, and the actors in the national schema of lieux de médiation numérique. Each table
has a file stem, a French title and description, typed columns ([`columns`]) and rows of
[`Cell`]s. The output writes them as CSV and JSON (`output::exports`); the open-data page lists
them.
*/

mod columns;
mod national;

use crate::model::{Site, Territory};
use columns::{ACTIONS, ACTORS, MEASURES, NATIONAL};
use national::national_rows;
use serde_json::{Value, json};

/// The file stems of the exports (each as `.csv` and `.json`).
pub const NAMES: [&str; 4] = [
    "acteurs",
    "indicateurs",
    "actions",
    "lieux-mediation-numerique",
];

/// The columns of the national schema of lieux de médiation numérique (v1.0.2), in its order.
pub fn national_columns() -> impl Iterator<Item = &'static str> {
    NATIONAL.iter().map(|c| c.name)
}

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
    pub(crate) fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub(crate) fn list<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Cell {
        Cell::List(items.into_iter().map(Into::into).collect())
    }

    pub(crate) fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map(Cell::text).unwrap_or(Cell::Empty)
    }

    /// The cell as CSV writes it (lists joined with `|`).
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number(*n),
            Cell::List(items) => items.join("|"),
            Cell::Empty => String::new(),
        }
    }

    /// The cell as JSON writes it (lists as arrays).
    pub fn json(&self) -> Value {
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

/// The rows of territory `t` in each table, in the order of [`NAMES`].
pub fn rows_of(site: &Site, t: &Territory) -> [Vec<Vec<Cell>>; 4] {
    let mut actors = Vec::new();
    let mut measures = Vec::new();
    let mut actions = Vec::new();
    for a in t.actor_list() {
        actors.push(vec![
            Cell::text(&t.slug),
            Cell::text(&a.id.value),
            Cell::text(&a.nom),
            Cell::text(a.categorie.as_str()),
            Cell::list(a.roles.iter().map(|r| r.as_str())),
            Cell::opt(a.pivot.as_ref().map(|x| x.value.clone())),
            Cell::opt(a.adresse.clone()),
            Cell::opt(a.complement_adresse.clone()),
            Cell::opt(a.code_postal.as_ref().map(|x| x.value.clone())),
            Cell::opt(a.commune.as_ref().map(|c| c.value.clone())),
            Cell::opt(t.code_insee(a)),
            a.latitude
                .as_ref()
                .map_or(Cell::Empty, |x| Cell::Number(x.value)),
            a.longitude
                .as_ref()
                .map_or(Cell::Empty, |x| Cell::Number(x.value)),
            Cell::opt(a.telephone.as_ref().map(|x| x.value.clone())),
            Cell::list(a.courriels.iter().map(|x| x.value.as_str())),
            Cell::opt(a.site_web.as_ref().map(|x| x.value.clone())),
            Cell::opt(a.horaires.as_ref().map(|x| x.value.clone())),
            Cell::list(a.services.iter().map(|x| x.as_str())),
            Cell::list(a.publics_specifiquement_adresses.iter().map(|x| x.as_str())),
            Cell::list(a.modalites_accompagnement.iter().map(|x| x.as_str())),
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
                Cell::List(v.iter().map(|s| s.value.trim().to_string()).collect())
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
    [actors, measures, actions, national_rows(site, t)]
}

/// The tables of the site: the rows of every territory, in the site's order.
pub fn tables(site: &Site) -> Vec<Table> {
    let mut tables = described();
    for t in &site.territories {
        for (table, rows) in tables.iter_mut().zip(rows_of(site, t)) {
            table.rows.extend(rows);
        }
    }
    debug_assert!(tables.iter().map(|t| t.name).eq(NAMES));
    tables
}

/// The tables of [`tables`] without their rows (what they are and their columns).
pub fn described() -> Vec<Table> {
    vec![
        Table {
            name: "acteurs",
            title: "Acteurs",
            description: "Un acteur de l'inclusion numérique d'un territoire par ligne.",
            columns: ACTORS,
            rows: Vec::new(),
        },
        Table {
            name: "indicateurs",
            title: "Mesures des indicateurs",
            description: "Une valeur mesurée d'un indicateur du référentiel, par territoire et par période.",
            columns: MEASURES,
            rows: Vec::new(),
        },
        Table {
            name: "actions",
            title: "Actions des feuilles de route",
            description: "Une action de la feuille de route d'un territoire par ligne.",
            columns: ACTIONS,
            rows: Vec::new(),
        },
        Table {
            name: "lieux-mediation-numerique",
            title: "Lieux de médiation numérique (schéma national)",
            description: "Un lieu par ligne, au schéma national des lieux de médiation numérique (v1.0.2) : les acteurs qui en ont tous les champs obligatoires.",
            columns: NATIONAL,
            rows: Vec::new(),
        },
    ]
}
