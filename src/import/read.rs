//! Reading a file in the national schema of lieux de médiation numérique: CSV (separated by
//! `,` or `;`, UTF-8 with or without byte-order mark) or JSON (an array of objects, or an object
//! holding one such array), into rows of values named by the schema's columns.

use std::path::Path;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pos, code};
use crate::model::open_data::national_columns;
use crate::text::did_you_mean;

/// Files larger than this are refused (the national consolidation is ~40 MB).
const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The columns every row needs (the schema's required fields); a file without one of them
/// cannot be imported.
pub(super) const REQUIRED: [&str; 7] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "adresse",
    "date_maj",
];

/// One row of the file.
#[derive(Debug)]
pub(super) struct Row {
    /// Where it is, in words (`ligne 12` for CSV, `lieu n° 3` for JSON).
    pub(super) at: String,
    /// Its non-empty values, trimmed, by column.
    pub(super) values: FxHashMap<&'static str, String>,
    /// Why the row cannot be read as a place (a wrong number of values, a nested object).
    pub(super) problem: Option<(String, String)>,
}

impl Row {
    /// The value of a column, if not empty.
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        self.values.get(column).map(String::as_str)
    }
}

/// Reads the rows of `path`.
pub(super) fn read(path: &Path) -> Result<Vec<Row>, Diagnostic> {
    let unreadable =
        |message: String| Diagnostic::new(code::FICHIER_ILLISIBLE, path, Pos::start(), message);
    let size = std::fs::metadata(path)
        .map_err(|e| {
            Diagnostic::new(
                code::FICHIER_ABSENT,
                path,
                Pos::start(),
                format!(
                    "fichier à importer introuvable : {}",
                    crate::diagnostic::io_reason(&e)
                ),
            )
        })?
        .len();
    if size > MAX_BYTES {
        return Err(Diagnostic::new(
            code::FICHIER_TROP_GROS,
            path,
            Pos::start(),
            format!(
                "fichier à importer trop gros : {} Mo (au plus {} Mo)",
                size / 1_000_000,
                MAX_BYTES / 1_000_000
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        unreadable(format!(
            "fichier à importer illisible : {}",
            crate::diagnostic::io_reason(&e)
        ))
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        Diagnostic::new(
            code::ENCODAGE,
            path,
            Pos::new(line, 1),
            "le fichier à importer n'est pas encodé en UTF-8",
        )
        .hint("enregistrez-le en UTF-8 (dans un tableur : « CSV UTF-8 »)")
    })?;
    match text.trim_start().chars().next() {
        Some('[' | '{') => read_json(path, text),
        Some(_) => read_csv(path, text),
        None => Err(Diagnostic::new(
            code::FICHIER_VIDE,
            path,
            Pos::start(),
            "le fichier à importer est vide",
        )),
    }
}

/// The schema's column a name designates, or the error that stops the import.
fn column(
    path: &Path,
    name: &str,
    pos: Pos,
    seen: &[&'static str],
) -> Result<&'static str, Diagnostic> {
    let known = national_columns().find(|c| *c == name);
    match known {
        Some(c) if seen.contains(&c) => Err(Diagnostic::new(
            code::COLONNE_INCONNUE,
            path,
            pos,
            format!("colonne `{name}` en double"),
        )
        .culprit(name.to_string())
        .hint("gardez une seule colonne de ce nom")),
        Some(c) => Ok(c),
        None => Err(Diagnostic::new(
            code::COLONNE_INCONNUE,
            path,
            pos,
            format!(
                "colonne inconnue du schéma national des lieux de médiation numérique : `{name}`"
            ),
        )
        .culprit(name.to_string())
        .maybe_hint(did_you_mean(name, national_columns().collect::<Vec<_>>()))),
    }
}

/// Stops when a required column is missing.
fn require(path: &Path, columns: &[&'static str]) -> Result<(), Diagnostic> {
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.contains(c))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::new(
        code::COLONNE_ABSENTE,
        path,
        Pos::new(1, 1),
        format!(
            "colonne{} obligatoire{} absente{} : {}",
            if missing.len() > 1 { "s" } else { "" },
            if missing.len() > 1 { "s" } else { "" },
            if missing.len() > 1 { "s" } else { "" },
            crate::text::quote_list(&missing)
        ),
    ))
}

/// The separator of a CSV file: `;` when its first line has more of them than commas
/// (outside quotes).
fn separator(text: &str) -> u8 {
    let (mut quoted, mut commas, mut semicolons) = (false, 0, 0);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn read_csv(path: &Path, text: &str) -> Result<Vec<Row>, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let header_line = text.lines().next().unwrap_or("");
    let mut columns: Vec<&'static str> = Vec::new();
    for name in headers.iter() {
        let name = name.trim();
        let col = header_line.find(name).map_or(1, |i| i as u32 + 1);
        columns.push(column(path, name, Pos::new(1, col), &columns)?);
    }
    require(path, &columns)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let line = record.position().map_or(0, |p| p.line());
        let mut row = Row {
            at: format!("ligne {line}"),
            values: FxHashMap::default(),
            problem: None,
        };
        if record.len() != columns.len() {
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            row.problem = Some((
                "(ligne)".to_string(),
                format!(
                    "{} valeurs au lieu de {} (une virgule ou un guillemet de trop ?)",
                    record.len(),
                    columns.len()
                ),
            ));
        } else {
            for (c, v) in columns.iter().zip(record.iter()) {
                let v = v.trim();
                if !v.is_empty() {
                    row.values.insert(c, v.to_string());
                }
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

fn csv_error(path: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map_or(1, |p| p.line() as u32);
    Diagnostic::new(
        code::FICHIER_ILLISIBLE,
        path,
        Pos::new(line, 1),
        format!("fichier CSV illisible : {e}"),
    )
}

/// The line where `"key"` first appears as a key, for a located error.
fn key_line(text: &str, key: &str) -> u32 {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| l.contains(&quoted))
        .map_or(1, |i| i as u32 + 1)
}

fn read_json(path: &Path, text: &str) -> Result<Vec<Row>, Diagnostic> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::new(
            code::FICHIER_ILLISIBLE,
            path,
            Pos::new(e.line() as u32, e.column() as u32),
            format!("fichier JSON illisible : {e}"),
        )
    })?;
    // The list of places: the root, or the one list an object holds (`{"data": [...]}`).
    let items = match value {
        Value::Array(items) => Some(items),
        Value::Object(map) => {
            let mut arrays = map.into_iter().filter_map(|(_, v)| match v {
                Value::Array(a) => Some(a),
                _ => None,
            });
            match (arrays.next(), arrays.next()) {
                (Some(a), None) => Some(a),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(items) = items else {
        return Err(Diagnostic::new(
            code::FICHIER_ILLISIBLE,
            path,
            Pos::new(1, 1),
            "fichier JSON sans liste de lieux",
        )
        .hint("le fichier doit contenir une liste d'objets, un par lieu, avec les champs du schéma national"));
    };
    let mut seen: Vec<&'static str> = Vec::new();
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let mut row = Row {
            at: format!("lieu n° {}", i + 1),
            values: FxHashMap::default(),
            problem: None,
        };
        let Value::Object(map) = item else {
            row.problem = Some(("(lieu)".to_string(), "n'est pas un objet".to_string()));
            rows.push(row);
            continue;
        };
        for (key, v) in map {
            let c = match seen.iter().find(|c| **c == key) {
                Some(c) => *c,
                None => {
                    let c = column(path, &key, Pos::new(key_line(text, &key), 1), &[])?;
                    seen.push(c);
                    c
                }
            };
            let text = match v {
                Value::Null => continue,
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Array(a) => a
                    .iter()
                    .map(|x| match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("|"),
                Value::Object(_) => {
                    row.problem = Some((key.clone(), "valeur imbriquée (objet)".to_string()));
                    continue;
                }
            };
            let text = text.trim();
            if !text.is_empty() {
                row.values.insert(c, text.to_string());
            }
        }
        rows.push(row);
    }
    require(path, &seen).or_else(|e| if rows.is_empty() { Ok(()) } else { Err(e) })?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// No text makes the reader panic: it gives rows or a located error.
        #[test]
        fn any_text_reads_or_stops(text in "(id,nom,pivot\n)?[a-z0-9,;\"\n{}\\[\\]: ]{0,80}") {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            std::fs::write(&path, &text).unwrap();
            let _ = read(&path);
        }
    }

    #[test]
    fn the_separator_is_the_most_frequent_outside_quotes() {
        assert_eq!(separator("a,b,c\n1;2"), b',');
        assert_eq!(separator("a;b;\"c,d,e\"\n"), b';');
    }
}
