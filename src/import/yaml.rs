//! Writing into `acteurs.yaml` without disturbing it: the file is cut into its entries (the
//! items of its list, bare or under `acteurs:`) and what lies around them; an entry the import
//! changes is edited key by key (its other lines, comments included, stay as they are), new
//! entries are appended, and every other line is kept byte for byte.

use serde_json::Value;

/// A scalar as YAML writes it: plain when nothing in it could be read otherwise, else
/// double-quoted (JSON's escapes are YAML's).
pub(super) fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            if plain_is_safe(s) {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        other => other.to_string(),
    }
}

/// True when `s` reads back as the same string written plain.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let day = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let keyword = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n" | "~"
    );
    let numeric_start = first.is_ascii_digit() || matches!(first, '+' | '-' | '.');
    (first.is_alphanumeric() || day)
        && !(numeric_start && !day)
        && !keyword
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s
            .chars()
            .any(|c| c.is_control() || "[]{}\"'\\`".contains(c))
}

/// The lines of one key of an entry, its keys indented by `indent` spaces (nothing for an
/// empty list).
pub(super) fn field_text(key: &str, value: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    match value {
        Value::Array(items) if items.is_empty() => String::new(),
        Value::Array(items) => {
            let mut out = format!("{pad}{key}:\n");
            for item in items {
                out.push_str(&format!("{pad}  - {}\n", scalar(item)));
            }
            out
        }
        other => format!("{pad}{key}: {}\n", scalar(other)),
    }
}

/// A new entry: `id`, `nom`, `categorie`, then the other values and `id_source`, its dash
/// indented by `indent` spaces.
pub(super) fn entry_text(
    id: &str,
    categorie: &str,
    values: &[(&str, Value)],
    id_source: Option<&str>,
    indent: usize,
) -> String {
    let keys = indent + 2;
    let mut out = format!("{}- id: {}\n", " ".repeat(indent), scalar(&Value::from(id)));
    if let Some((_, nom)) = values.iter().find(|(k, _)| *k == "nom") {
        out.push_str(&field_text("nom", nom, keys));
    }
    out.push_str(&field_text("categorie", &Value::from(categorie), keys));
    for (k, v) in values.iter().filter(|(k, _)| *k != "nom") {
        out.push_str(&field_text(k, v, keys));
    }
    if let Some(id) = id_source {
        out.push_str(&field_text("id_source", &Value::from(id), keys));
    }
    out
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_filler(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn is_dash(line: &str, indent: usize) -> bool {
    indentation(line) == indent && {
        let t = &line[indent..];
        t.starts_with("- ") || t.trim_end() == "-"
    }
}

/// `acteurs.yaml` cut into entries.
#[derive(Debug)]
pub(super) struct Layout {
    /// Lines before the first entry (each with its line break).
    head: Vec<String>,
    /// Each entry: its lines, then the blank and comment lines after it.
    entries: Vec<(Vec<String>, Vec<String>)>,
    /// Indentation of the entries' dashes.
    indent: usize,
    /// The file had no list: `acteurs:` goes before the first new entry.
    add_key: bool,
}

/// Why a file cannot be edited safely.
pub(super) type Unsupported = String;

impl Layout {
    /// Cuts `text` (empty for a missing file).
    pub(super) fn read(text: &str) -> Result<Layout, Unsupported> {
        let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
        if let Some(last) = lines.last_mut()
            && !last.ends_with('\n')
        {
            last.push('\n');
        }
        let keyed = crate::content::yaml::root_key(text).is_some();
        let mut start = 0;
        if keyed {
            let k = lines
                .iter()
                .position(|l| l.starts_with("acteurs:"))
                .ok_or("la clé `acteurs:` doit commencer sa ligne")?;
            let rest = lines[k]["acteurs:".len()..].trim();
            let rest = rest.split(" #").next().unwrap_or("").trim();
            match rest {
                "" => {}
                "[]" => lines[k] = "acteurs:\n".to_string(),
                _ => return Err("la liste des acteurs est écrite sur une ligne (`acteurs: [...]`) ; écrivez chaque acteur sur ses lignes, commençant par `- `".into()),
            }
            start = k + 1;
        }
        let first = lines[start..]
            .iter()
            .position(|l| !is_filler(l) && l.trim_end() != "---")
            .map(|i| i + start);
        let Some(first) = first else {
            // A new file takes the form web editors can edit: under `acteurs:`.
            return Ok(Layout {
                head: lines,
                entries: Vec::new(),
                indent: 2,
                add_key: !keyed,
            });
        };
        let indent = indentation(&lines[first]);
        if !is_dash(&lines[first], indent) {
            return Err(
                "les acteurs doivent être les éléments d'une liste, chacun commençant par `- `"
                    .into(),
            );
        }
        let head = lines[..first].to_vec();
        let mut entries = Vec::new();
        let mut i = first;
        while i < lines.len() {
            let mut j = i + 1;
            while j < lines.len() && !is_dash(&lines[j], indent) {
                if !is_filler(&lines[j]) && indentation(&lines[j]) <= indent {
                    return Err(format!(
                        "ligne {} : seuls des acteurs (éléments `- `) peuvent suivre",
                        j + 1
                    ));
                }
                j += 1;
            }
            // Blank and comment lines at the end go with what follows.
            let mut end = j;
            while end > i + 1 && is_filler(&lines[end - 1]) {
                end -= 1;
            }
            entries.push((lines[i..end].to_vec(), lines[end..j].to_vec()));
            i = j;
        }
        Ok(Layout {
            head,
            entries,
            indent,
            add_key: false,
        })
    }

    /// How many entries the file has.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The first line (from 1) of each entry.
    pub(super) fn first_lines(&self) -> Vec<usize> {
        let mut line = self.head.len() + 1;
        self.entries
            .iter()
            .map(|(e, gap)| {
                let at = line;
                line += e.len() + gap.len();
                at
            })
            .collect()
    }

    /// Sets (or with `None`, removes) key `key` of entry `index`.
    pub(super) fn set(&mut self, index: usize, key: &str, value: Option<&Value>) {
        let indent = self.indent;
        let lines = &mut self.entries[index].0;
        let keys = indent + 2;
        let key_at = |l: &str, first: bool| -> bool {
            let body = if first {
                l.get(indent + 2..)
            } else {
                (indentation(l) == keys).then(|| &l[keys..])
            };
            body.is_some_and(|b| b.starts_with(&format!("{key}:")))
        };
        let found = lines
            .iter()
            .enumerate()
            .find(|(i, l)| key_at(l, *i == 0))
            .map(|(i, _)| i);
        let new = value.map(|v| field_text(key, v, keys)).unwrap_or_default();
        let new: Vec<String> = new.split_inclusive('\n').map(String::from).collect();
        match found {
            Some(at) => {
                let inline_empty = {
                    let l = lines[at].trim_end();
                    l.ends_with(':')
                };
                let mut end = at + 1;
                while end < lines.len() {
                    let l = &lines[end];
                    let deeper = indentation(l) > keys && !l.trim().is_empty();
                    let list = inline_empty && is_dash(l, keys);
                    let blank_inside = l.trim().is_empty()
                        && lines[end..]
                            .iter()
                            .find(|x| !x.trim().is_empty())
                            .is_some_and(|x| indentation(x) > keys);
                    if deeper || list || blank_inside {
                        end += 1;
                    } else {
                        break;
                    }
                }
                let mut new = new;
                if at == 0 {
                    match new.first_mut() {
                        Some(first) => first.replace_range(indent..indent + 2, "- "),
                        None => {
                            if let Some(next) = lines.get_mut(end) {
                                next.replace_range(indent..indent + 2, "- ");
                            }
                        }
                    }
                }
                lines.splice(at..end, new);
            }
            None => {
                let end = lines.len();
                lines.splice(end..end, new);
            }
        }
    }

    /// Appends a new entry written by [`entry_text`] with indentation 0.
    pub(super) fn push(&mut self, entry: &str) {
        let pad = " ".repeat(self.indent);
        let lines: Vec<String> = entry
            .split_inclusive('\n')
            .map(|l| format!("{pad}{l}"))
            .collect();
        self.entries.push((lines, Vec::new()));
    }

    /// The dash indentation new entries take.
    #[cfg(test)]
    pub(super) fn indent(&self) -> usize {
        self.indent
    }

    /// The whole text again.
    pub(super) fn text(&self) -> String {
        let mut out = self.head.concat();
        if self.head.is_empty() && self.entries.is_empty() {
            return out;
        }
        if self.add_key && !self.entries.is_empty() {
            out.push_str("acteurs:\n");
        }
        for (lines, gap) in &self.entries {
            out.push_str(&lines.concat());
            out.push_str(&gap.concat());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        /// Any text either is refused or is cut into entries that give it back byte for byte,
        /// and a key set in an entry leaves every other entry as it was.
        #[test]
        fn cutting_a_file_loses_nothing(text in "(acteurs:\n)?((  )?(- |  |#)[a-z: é#-]{0,12}\n){0,12}") {
            if let Ok(mut layout) = Layout::read(&text) {
                let expected = if text.ends_with('\n') || text.is_empty() { text.clone() } else { format!("{text}\n") };
                prop_assert_eq!(layout.text(), expected.clone());
                if layout.len() > 1 {
                    let before: Vec<String> = layout.entries[1..].iter().map(|(e, g)| e.concat() + &g.concat()).collect();
                    layout.set(0, "nom", Some(&json!("X")));
                    let after: Vec<String> = layout.entries[1..].iter().map(|(e, g)| e.concat() + &g.concat()).collect();
                    prop_assert_eq!(before, after);
                }
            }
        }

        /// Any string written as a scalar reads back the same.
        #[test]
        fn any_scalar_reads_back(s in "\\PC{0,40}") {
            let yaml = format!("k: {}\n", scalar(&json!(s)));
            let back: std::collections::BTreeMap<String, Option<String>> =
                serde_saphyr::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{yaml}: {e}")))?;
            prop_assert_eq!(back["k"].clone().unwrap_or_default(), s);
        }
    }

    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "17000",
            "2024-04-02",
            "+33546000000",
            "12 BIS RUE DE LECLERCQ",
            "Mo-Fr 09:00-12:00; Sa 08:30-12:00",
            "Formé à « Mon Espace Santé »",
            "true",
            "- tiret",
            "deux: points",
            "dièse #1",
            "L'Atelier",
            "\"guillemets\"",
            "ligne\nsuivante",
            " espace",
            "Point d'accès numérique CAF",
        ] {
            let yaml = format!("k: {}\n", scalar(&json!(s)));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(back["k"], s, "{yaml}");
        }
        assert_eq!(scalar(&json!("17000")), "\"17000\"");
        assert_eq!(scalar(&json!("Reims")), "Reims");
    }

    const KEYED: &str = "# Acteurs\nacteurs:\n  # le premier\n  - id: a\n    nom: A # commentaire\n    categorie: ccas\n    services:\n    - Aide aux démarches administratives\n\n  # le second\n  - id: b\n    nom: B\n    categorie: autre\n";

    #[test]
    fn entries_are_found_with_their_comments_kept_outside() {
        let l = Layout::read(KEYED).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l.first_lines(), vec![4, 11]);
        assert_eq!(l.text(), KEYED);
        let bare =
            "---\n- id: a\n  nom: A\n  categorie: ccas\n- id: b\n  nom: B\n  categorie: autre\n";
        let l = Layout::read(bare).unwrap();
        assert_eq!((l.len(), l.indent()), (2, 0));
        assert_eq!(l.text(), bare);
    }

    #[test]
    fn a_key_is_replaced_added_or_removed_and_nothing_else_moves() {
        let mut l = Layout::read(KEYED).unwrap();
        l.set(
            0,
            "services",
            Some(&json!(["Accès internet et matériel informatique"])),
        );
        l.set(0, "telephone", Some(&json!("05 46 00 00 00")));
        l.set(1, "nom", Some(&json!("B bis")));
        assert_eq!(
            l.text(),
            "# Acteurs\nacteurs:\n  # le premier\n  - id: a\n    nom: A # commentaire\n    categorie: ccas\n    services:\n      - Accès internet et matériel informatique\n    telephone: \"05 46 00 00 00\"\n\n  # le second\n  - id: b\n    nom: B bis\n    categorie: autre\n"
        );
        l.set(0, "services", None);
        l.set(0, "id", None);
        assert!(
            l.text()
                .contains("  - nom: A # commentaire\n    categorie: ccas\n    telephone")
        );
    }

    #[test]
    fn new_entries_follow_the_file_form() {
        for (text, expected) in [
            (
                "",
                "acteurs:\n  - id: x\n    nom: X\n    categorie: autre\n",
            ),
            (
                "acteurs: []\n",
                "acteurs:\n  - id: x\n    nom: X\n    categorie: autre\n",
            ),
            (
                "- id: a\n  nom: A\n  categorie: ccas\n",
                "- id: a\n  nom: A\n  categorie: ccas\n- id: x\n  nom: X\n  categorie: autre\n",
            ),
        ] {
            let mut l = Layout::read(text).unwrap();
            l.push(&entry_text("x", "autre", &[("nom", json!("X"))], None, 0));
            assert_eq!(l.text(), expected, "{text:?}");
        }
        assert!(Layout::read("acteurs: [{id: a}]\n").is_err());
    }
}
