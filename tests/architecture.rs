//! The stages flow one way: a module of `src/` uses only modules of earlier stages (or the leaf
//! helpers), and no import circle exists between the top-level modules. Read from the source
//! (`crate::…` paths, `use crate::{…}` lists), tests left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its rank: a module may use modules of a lower rank only (leaves,
/// rank 0, may use other leaves, as long as no circle forms).
const RANKS: &[(&str, u8)] = &[
    ("text", 0),
    ("date", 0),
    ("deadline", 0),
    ("diagnostic", 0),
    ("fingerprint", 0),
    ("markdown", 0),
    ("paths", 0),
    ("products", 0),
    ("geo", 0),
    ("content", 1),
    ("model", 2),
    ("render", 3),
    ("output", 4),
    ("pipeline", 5),
    ("build", 6),
    ("incremental", 6),
    ("scaffold", 5),
    ("import", 6),
    ("serve", 7),
    ("cli", 8),
];

fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules that `text` names through `crate::`.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect()
    };
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first name of each item at depth 0.
            for item in split_top(list) {
                let name = ident(item.trim());
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// The items of a `{…}` list at depth 0 (up to its closing brace).
fn split_top(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                items.push(&list[from..i]);
                return items;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&list[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let top = top_module(&src, path);
        if top == "main" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        let used: Vec<String> = uses(text)
            .into_iter()
            .filter(|m| *m != top && m != "self")
            .collect();
        edges.entry(top).or_default().extend(used);
    }
    edges
}

#[test]
fn every_module_has_a_stage() {
    let ranks: BTreeMap<&str, u8> = RANKS.iter().copied().collect();
    let unknown: Vec<String> = graph()
        .keys()
        .filter(|m| !ranks.contains_key(m.as_str()))
        .cloned()
        .collect();
    assert!(
        unknown.is_empty(),
        "modules sans rang dans tests/architecture.rs (à ajouter, et à lib.rs) : {unknown:?}"
    );
}

#[test]
fn stages_use_only_earlier_stages() {
    let ranks: BTreeMap<&str, u8> = RANKS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (from, used) in graph() {
        let Some(&rank) = ranks.get(from.as_str()) else {
            continue;
        };
        for to in used {
            match ranks.get(to.as_str()) {
                Some(&r) if r < rank || (r == 0 && rank == 0) => {}
                Some(&r) => wrong.push(format!("{from} (rang {rank}) utilise {to} (rang {r})")),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_import_circle() {
    let edges = graph();
    // Depth-first search with colours: grey nodes are on the current path.
    fn visit<'a>(
        node: &'a str,
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, bool>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(true) => {
                let at = path.iter().position(|n| *n == node).unwrap();
                let mut circle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
                circle.push(node.to_string());
                return Some(circle);
            }
            Some(false) => return None,
            None => {}
        }
        state.insert(node, true);
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(node, false);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        let circle = visit(node, &edges, &mut state, &mut Vec::new());
        assert!(circle.is_none(), "cercle d'imports : {:?}", circle.unwrap());
    }
}

#[test]
fn the_reader_sees_use_lists() {
    let used = uses(
        "use crate::{model::{self, Site}, output, render::Context};\nlet x = crate::paths::SEARCH;",
    );
    let expected: BTreeSet<String> = ["model", "output", "render", "paths"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(used, expected);
}

#[test]
fn the_architecture_document_names_every_module_and_kind_of_page() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let missing: Vec<&str> = RANKS
        .iter()
        .map(|(m, _)| *m)
        .filter(|m| !doc.contains(&format!("`{m}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "modules absents de docs/architecture.md : {missing:?}"
    );
    // Every kind of page has its own file in render/kinds, and a template the theme has.
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    for kind in ctin::render::kinds::KINDS {
        assert!(
            templates.join(kind.template).is_file(),
            "gabarit absent du thème : {}",
            kind.template
        );
    }
}
