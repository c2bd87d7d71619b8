//! Open data under `/donnees/`: the tables of `model::open_data` as CSV (UTF-8, comma, RFC 4180
//! quoting, lists joined with `|` as in the national schema of lieux de médiation numérique) and
//! JSON (lists as arrays), with a Frictionless `datapackage.json` describing every column in
//! French, and each territory's rows in their own files.

use serde_json::{Value, json};

use crate::model::Site;
use crate::model::open_data::{Cell, Column, Table};
use crate::products::OutputFile;

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

    /// The rows of each territory of `only` (every territory when `None`), for the tables whose
    /// rows belong to a territory (their first column is its slug; `None` for the others): one
    /// pass over the rows, whatever the number of territories, copying only the rows kept.
    pub fn by_territory(
        &self,
        only: Option<&std::collections::BTreeSet<String>>,
    ) -> Option<std::collections::HashMap<&str, Table>> {
        if self.columns.first()?.name != "territoire" {
            return None;
        }
        let mut out: std::collections::HashMap<&str, Table> = Default::default();
        for row in &self.rows {
            if let Some(Cell::Text(slug)) = row.first()
                && only.is_none_or(|o| o.contains(slug))
            {
                out.entry(slug.as_str())
                    .or_insert_with(|| self.clone_empty())
                    .rows
                    .push(row.clone());
            }
        }
        Some(out)
    }

    /// The same table without its rows.
    fn clone_empty(&self) -> Table {
        Table {
            name: self.name,
            title: self.title,
            description: self.description,
            columns: self.columns,
            rows: Vec::new(),
        }
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
/// territory (linked from its pages) in their own files: of the territories `only` when given
/// (the preview, whose other territories' files stay from its previous run).
pub fn files(
    site: &Site,
    tables: &[Table],
    only: Option<&std::collections::BTreeSet<String>>,
) -> Vec<OutputFile> {
    use rayon::prelude::*;
    // Each table, then the rows of each territory that has a card (an empty table for a
    // territory without rows, so that its pages' links lead somewhere).
    let mut parts: Vec<(std::borrow::Cow<Table>, [String; 2])> = Vec::new();
    for t in tables {
        let whole = ["csv", "json"].map(|ext| format!("donnees/{}.{ext}", t.name));
        parts.push((std::borrow::Cow::Borrowed(t), whole));
        let Some(mut rows) = t.by_territory(only) else {
            continue;
        };
        let made = |t: &&crate::model::Territory| only.is_none_or(|o| o.contains(&t.slug));
        for territory in site
            .territories
            .iter()
            .filter(|t| t.card.is_some())
            .filter(made)
        {
            let slug = territory.slug.as_str();
            // The link index accepts links to these files from this list.
            debug_assert!(crate::paths::TERRITORY_EXPORTS.contains(&t.name));
            let own = rows.remove(slug).unwrap_or_else(|| t.clone_empty());
            let paths =
                ["csv", "json"].map(|ext| crate::paths::territory_export(slug, t.name, ext));
            parts.push((std::borrow::Cow::Owned(own), paths));
        }
    }
    // Each file on its own: the whole tables' JSON is the longest to write.
    let files: Vec<(&Table, &String, bool)> = parts
        .iter()
        .flat_map(|(t, [csv, json])| [(&**t, csv, false), (&**t, json, true)])
        .collect();
    let mut out: Vec<OutputFile> = files
        .into_par_iter()
        .map(|(t, path, json)| OutputFile {
            path: path.clone(),
            bytes: if json { t.json() } else { t.csv() },
        })
        .collect();
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
