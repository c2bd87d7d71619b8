//! Open data under `/donnees/`: the tables of `model::open_data` as CSV (UTF-8, comma, RFC 4180
//! quoting, lists joined with `|` as in the national schema of lieux de médiation numérique) and
//! JSON (lists as arrays), with a Frictionless `datapackage.json` describing every column in
//! French, and each territory's rows in their own files.

use serde_json::{Value, json};

use crate::model::Site;
use crate::model::open_data::{Cell, Column, Table};
use crate::products::OutputFile;

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

/// Each territory's rows as the files write them. The preview keeps them from one run to the
/// next and writes again only the rows of the territories it renders again; a build starts
/// empty.
#[derive(Default)]
pub struct Kept(std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Written>>>);

/// One territory's rows in each table (in the order of `open_data::NAMES`): the CSV records,
/// and each row as a JSON object indented as an item of its file's array.
pub struct Written([(Vec<u8>, Vec<String>); 4]);

impl Written {
    fn of(tables: &[Table], rows: [Vec<Vec<Cell>>; 4]) -> Written {
        let mut columns = tables.iter().map(|t| t.columns);
        Written(rows.map(|rows| {
            let columns = columns.next().unwrap_or_default();
            let mut w = csv_writer();
            for row in &rows {
                let _ = w.write_record(row.iter().map(Cell::csv));
            }
            let items = rows
                .iter()
                .map(|r| {
                    let object = serde_json::to_string_pretty(&Row(columns, r)).unwrap_or_default();
                    // A JSON text holds no line break but between its tokens.
                    format!("  {}", object.replace('\n', "\n  "))
                })
                .collect();
            (w.into_inner().unwrap_or_default(), items)
        }))
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// A CSV file: the header of `table`, then the records.
fn csv_file<'a>(table: &Table, records: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record(table.columns.iter().map(|c| c.name));
    let mut bytes = w.into_inner().unwrap_or_default();
    records.for_each(|r| bytes.extend_from_slice(r));
    bytes
}

/// A JSON file: the array of the items, as `serde_json` writes it pretty.
fn json_file<'a>(items: impl Iterator<Item = &'a String>) -> Vec<u8> {
    let mut bytes = b"[".to_vec();
    let mut any = false;
    for item in items {
        bytes.extend_from_slice(if any { b",\n" } else { b"\n" });
        bytes.extend_from_slice(item.as_bytes());
        any = true;
    }
    bytes.extend_from_slice(if any { b"\n]\n" } else { b"]\n" });
    bytes
}

/// Every export file, the data package describing the CSV files, and the rows of each
/// territory (linked from its pages) in their own files: of the territories `only` when given
/// (the preview, whose other territories' files stay from its previous run, as their rows in
/// `kept` do).
pub fn files(
    site: &Site,
    only: Option<&std::collections::BTreeSet<String>>,
    kept: &Kept,
) -> Vec<OutputFile> {
    use rayon::prelude::*;
    let tables = crate::model::open_data::described();
    let mut written = kept.0.lock().unwrap_or_else(|e| e.into_inner());
    if only.is_none() {
        written.clear();
    }
    let made = |t: &&crate::model::Territory| only.is_none_or(|o| o.contains(&t.slug));
    let todo: Vec<&crate::model::Territory> = site
        .territories
        .iter()
        .filter(|t| made(t) || !written.contains_key(&t.slug))
        .collect();
    let new: Vec<(String, Written)> = todo
        .par_iter()
        .map(|t| {
            let rows = crate::model::open_data::rows_of(site, t);
            (t.slug.clone(), Written::of(&tables, rows))
        })
        .collect();
    for (slug, w) in new {
        written.insert(slug, std::sync::Arc::new(w));
    }
    let all: Vec<&Written> = site
        .territories
        .iter()
        .filter_map(|t| written.get(&t.slug).map(|w| &**w))
        .collect();
    // Each table, then the rows of each territory that has a card (an empty table for a
    // territory without rows, so that its pages' links lead somewhere).
    let mut out = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let path = |ext: &str| format!("donnees/{}.{ext}", table.name);
        out.push(OutputFile {
            path: path("csv"),
            bytes: csv_file(table, all.iter().map(|w| w.0[i].0.as_slice())),
        });
        out.push(OutputFile {
            path: path("json"),
            bytes: json_file(all.iter().flat_map(|w| &w.0[i].1)),
        });
        if table.columns.first().map(|c| c.name) != Some("territoire") {
            continue;
        }
        // The link index accepts links to these files from this list.
        debug_assert!(crate::paths::TERRITORY_EXPORTS.contains(&table.name));
        for t in site
            .territories
            .iter()
            .filter(|t| t.card.is_some())
            .filter(made)
        {
            let Some(own) = written.get(&t.slug) else {
                continue;
            };
            let (records, items) = &own.0[i];
            let path = |ext| crate::paths::territory_export(&t.slug, table.name, ext);
            out.push(OutputFile {
                path: path("csv"),
                bytes: csv_file(table, std::iter::once(records.as_slice())),
            });
            out.push(OutputFile {
                path: path("json"),
                bytes: json_file(items.iter()),
            });
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
    use super::*;

    /// The files assembled from each territory's rows are, byte for byte, the tables written
    /// whole by the `csv` and `serde_json` writers.
    #[test]
    fn files_assembled_from_each_territorys_rows_are_the_whole_tables() {
        let tables = crate::model::open_data::described();
        let width = tables[0].columns.len();
        let row = |i: usize| -> Vec<Cell> {
            (0..width)
                .map(|c| match (i + c) % 5 {
                    0 => Cell::text(format!("a \"cité\", ligne\nsuivante {i}")),
                    1 => Cell::Number(i as f64 + 0.5),
                    2 => Cell::List(vec!["x".into(), format!("y{i}")]),
                    3 => Cell::List(Vec::new()),
                    _ => Cell::Empty,
                })
                .collect()
        };
        let rows: Vec<Vec<Cell>> = (0..5).map(row).collect();
        let split = |range: std::ops::Range<usize>| {
            let mut four: [Vec<Vec<Cell>>; 4] = Default::default();
            four[0] = rows[range].to_vec();
            Written::of(&tables, four)
        };
        let parts = [split(0..2), split(2..2), split(2..5)];

        let mut w = csv_writer();
        let _ = w.write_record(tables[0].columns.iter().map(|c| c.name));
        for r in &rows {
            let _ = w.write_record(r.iter().map(Cell::csv));
        }
        let csv = w.into_inner().unwrap();
        let assembled = csv_file(&tables[0], parts.iter().map(|p| p.0[0].0.as_slice()));
        assert_eq!(
            String::from_utf8(assembled).unwrap(),
            String::from_utf8(csv).unwrap()
        );

        let whole: Vec<Row> = rows.iter().map(|r| Row(tables[0].columns, r)).collect();
        let mut json = serde_json::to_vec_pretty(&whole).unwrap();
        json.push(b'\n');
        let assembled = json_file(parts.iter().flat_map(|p| &p.0[0].1));
        assert_eq!(
            String::from_utf8(assembled).unwrap(),
            String::from_utf8(json).unwrap()
        );

        let mut empty = serde_json::to_vec_pretty(&Vec::<Row>::new()).unwrap();
        empty.push(b'\n');
        assert_eq!(json_file(parts.iter().flat_map(|p| &p.0[1].1)), empty);
    }
}
