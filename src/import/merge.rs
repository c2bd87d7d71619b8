//! The places of the territory against its actors: which are new, which are already there
//! (imported before, or written by hand), and for each imported one, key by key, whether the
//! national value replaces the file's (nobody changed it since the last import) or the file's
//! is kept (changed by hand: a conflict when the national value changed too).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Map, Value};

use super::place::{Place, imported_keys};
use super::state::{Imported, State};
use crate::text::slugify;

/// An entry of `acteurs.yaml`, read generically.
#[derive(Debug)]
pub(super) struct Entry {
    /// Its `id`.
    pub(super) id: String,
    /// Its keys and values.
    pub(super) values: Map<String, Value>,
}

impl Entry {
    fn text(&self, key: &str) -> Option<String> {
        canon(self.values.get(key)?).and_then(|v| v.as_str().map(String::from))
    }
}

/// A value in the form two values are compared in: text (numbers as written), lists as sorted
/// text; nothing for empty values.
pub(super) fn canon(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(Value::String(s.trim().to_string())),
        Value::Array(items) => {
            let mut texts: Vec<String> = items
                .iter()
                .filter_map(canon)
                .map(|x| match x {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect();
            if texts.is_empty() {
                return None;
            }
            texts.sort();
            Some(Value::from(texts))
        }
        Value::Object(_) => Some(v.clone()),
        other => Some(Value::String(other.to_string())),
    }
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    a.and_then(canon) == b.and_then(canon)
}

/// A key the import did not change because it was changed by hand.
#[derive(Debug, Clone)]
pub(super) struct Conflict {
    /// The actor.
    pub(super) acteur: String,
    /// Where the place's row is.
    pub(super) at: String,
    /// The key.
    pub(super) key: &'static str,
    /// The value kept (the file's).
    pub(super) kept: Option<Value>,
    /// The national value.
    pub(super) national: Option<Value>,
}

/// The changes to one existing entry.
#[derive(Debug)]
pub(super) struct Update {
    /// Index of the entry in the file.
    pub(super) index: usize,
    /// Its id.
    pub(super) acteur: String,
    /// Keys set (or removed, with `None`).
    pub(super) sets: Vec<(&'static str, Option<Value>)>,
}

/// What the import does.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// New actors: their id and place.
    pub(super) added: Vec<(String, Place)>,
    /// Entries changed.
    pub(super) updated: Vec<Update>,
    /// Places already imported and unchanged.
    pub(super) unchanged: usize,
    /// Places with at least one conflict (their other keys may be updated).
    pub(super) conflicted: usize,
    /// Every conflict.
    pub(super) conflicts: Vec<Conflict>,
    /// Places matching an actor written by hand: (actor, row).
    pub(super) by_hand: Vec<(String, String)>,
    /// Imported actors whose place is no longer in the territory's data: (actor, id_source).
    pub(super) gone: Vec<(String, String)>,
    /// The state after the import.
    pub(super) state: State,
}

/// Merges `places` (the territory's, one per national id) into `entries`.
/// `listed` holds the national ids of every row of the file that lies in the territory
/// (rejected ones included).
pub(super) fn merge(
    slug: &str,
    entries: &[Entry],
    places: Vec<Place>,
    listed: &HashSet<String>,
    state: &State,
) -> Plan {
    let mut plan = Plan {
        state: State {
            version: 1,
            lieux: BTreeMap::new(),
        },
        ..Plan::default()
    };
    let place_ids: HashSet<String> = places.iter().map(|p| p.id.clone()).collect();
    let mut by_source: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(s) = e.text("id_source") {
            by_source.entry(s).or_insert(i);
        }
    }
    let mut pivots: HashMap<String, usize> = HashMap::new();
    for p in &places {
        if let Some(pv) = p.text("pivot") {
            *pivots.entry(pv.to_string()).or_default() += 1;
        }
    }
    let mut taken: HashSet<String> = entries.iter().map(|e| e.id.clone()).collect();
    let mut claimed: HashSet<usize> = HashSet::new();
    let fold = |s: &str| slugify(s);
    for place in places {
        let pivot = place.text("pivot").map(String::from);
        // This site's own export (`<territoire>-<id>`): the actor itself, left as it is.
        let own = place.id.strip_prefix(&format!("{slug}-")).unwrap_or("");
        let exported = entries
            .iter()
            .position(|e| e.id == own)
            .filter(|i| !claimed.contains(i) && !by_source.contains_key(&place.id));
        if let Some(i) = exported {
            claimed.insert(i);
            keep_record(&mut plan, &entries[i], state);
            plan.by_hand.push((entries[i].id.clone(), place.at.clone()));
            continue;
        }
        // An imported entry: by national id, else by pivot when its own id left the data.
        let found = by_source.get(&place.id).copied().or_else(|| {
            let pivot = pivot.as_deref()?;
            let mut same_pivot = entries.iter().enumerate().filter(|(i, e)| {
                !claimed.contains(i)
                    && e.text("pivot").as_deref() == Some(pivot)
                    && e.text("id_source").is_some_and(|s| !place_ids.contains(&s))
            });
            match (same_pivot.next(), same_pivot.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        });
        if let Some(i) = found.filter(|i| !claimed.contains(i)) {
            claimed.insert(i);
            update(&mut plan, i, &entries[i], place, state);
            continue;
        }
        // An entry written by hand with the same pivot (and the same name, unless the pivot
        // is the place's alone).
        let nom = fold(place.text("nom").unwrap_or(""));
        let hand = entries.iter().enumerate().find(|(i, e)| {
            !claimed.contains(i)
                && e.text("id_source").is_none()
                && pivot.as_deref().is_some_and(|pv| {
                    e.text("pivot").as_deref() == Some(pv)
                        && (pivots.get(pv) == Some(&1)
                            || e.text("nom").is_some_and(|n| fold(&n) == nom))
                })
        });
        if let Some((i, e)) = hand {
            claimed.insert(i);
            plan.by_hand.push((e.id.clone(), place.at.clone()));
            continue;
        }
        let id = new_id(&place, &mut taken);
        plan.state.lieux.insert(
            place.id.clone(),
            Imported {
                acteur: id.clone(),
                valeurs: place
                    .values
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            },
        );
        plan.added.push((id, place));
    }
    for (i, e) in entries.iter().enumerate() {
        if let Some(s) = e.text("id_source")
            && !claimed.contains(&i)
        {
            keep_record(&mut plan, e, state);
            if !listed.contains(&s) {
                plan.gone.push((e.id.clone(), s));
            }
        }
    }
    plan
}

/// Keeps what the last import wrote of an imported entry the import does not change.
fn keep_record(plan: &mut Plan, e: &Entry, state: &State) {
    if let Some(s) = e.text("id_source")
        && let Some(record) = state.lieux.get(&s)
    {
        plan.state.lieux.insert(s, record.clone());
    }
}

/// Key by key, what an import of `place` does to the imported entry `e`.
fn update(plan: &mut Plan, index: usize, e: &Entry, place: Place, state: &State) {
    let record = e
        .text("id_source")
        .and_then(|s| state.lieux.get(&s))
        .or_else(|| state.lieux.get(&place.id));
    let mut sets = Vec::new();
    let mut kept = BTreeMap::new();
    let mut conflicts = 0;
    for key in imported_keys() {
        let cur = e.values.get(key);
        let new = place.get(key);
        let base = record.map(|r| r.valeurs.get(key));
        let written = if same(cur, new) {
            new.cloned()
        } else if base.is_some_and(|b| same(cur, b)) {
            sets.push((key, new.cloned()));
            new.cloned()
        } else if let Some(b) = base.filter(|b| same(new, *b)) {
            b.cloned()
        } else {
            conflicts += 1;
            plan.conflicts.push(Conflict {
                acteur: e.id.clone(),
                at: place.at.clone(),
                key,
                kept: cur.cloned(),
                national: new.cloned(),
            });
            base.flatten().cloned()
        };
        if let Some(v) = written {
            kept.insert(key.to_string(), v);
        }
    }
    if e.text("id_source").as_deref() != Some(place.id.as_str()) {
        sets.push(("id_source", Some(Value::from(place.id.clone()))));
    }
    plan.state.lieux.insert(
        place.id.clone(),
        Imported {
            acteur: e.id.clone(),
            valeurs: kept,
        },
    );
    if conflicts > 0 {
        plan.conflicted += 1;
    } else if sets.is_empty() {
        plan.unchanged += 1;
    }
    if !sets.is_empty() {
        plan.updated.push(Update {
            index,
            acteur: e.id.clone(),
            sets,
        });
    }
}

/// An id for a new actor: its name as a slug, then with its commune, then numbered.
fn new_id(place: &Place, taken: &mut HashSet<String>) -> String {
    let nom = slugify(place.text("nom").unwrap_or(""));
    let base = if nom.is_empty() {
        "lieu".to_string()
    } else {
        nom
    };
    let base: String = base
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string();
    let mut candidates = vec![base.clone()];
    if let Some(c) = place.text("commune") {
        candidates.push(format!("{base}-{}", slugify(c)));
    }
    let id = candidates
        .into_iter()
        .find(|c| !taken.contains(c))
        .unwrap_or_else(|| {
            (2..)
                .map(|n| format!("{base}-{n}"))
                .find(|c| !taken.contains(c))
                .unwrap_or_default()
        });
    taken.insert(id.clone());
    id
}
