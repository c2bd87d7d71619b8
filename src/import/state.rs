//! What the last import wrote, kept beside `acteurs.yaml` in `.ctin-import-lieux.json` (a
//! name starting with `.`, which the build ignores): for each imported place, its actor and
//! the values the import gave it. A value that differs from it was changed by hand since.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file name, in the territory's folder.
pub(super) const FILE: &str = ".ctin-import-lieux.json";

/// The state of a territory's imports.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct State {
    /// Format version.
    pub(super) version: u32,
    /// By `id` of the national data.
    pub(super) lieux: BTreeMap<String, Imported>,
}

/// One imported place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(super) struct Imported {
    /// The actor it became.
    pub(super) acteur: String,
    /// The values the import wrote, by key of `acteurs.yaml`.
    pub(super) valeurs: BTreeMap<String, Value>,
}

impl State {
    /// Reads the state of the folder `dir`; an absent or unreadable state is empty (every
    /// difference is then a conflict: nothing written by hand is lost).
    pub(super) fn read(dir: &Path) -> State {
        let path = dir.join(FILE);
        let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if !regular {
            return State::default();
        }
        std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// The text written to the file.
    pub(super) fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&State {
            version: 1,
            lieux: self.lieux.clone(),
        })
        .unwrap_or_default();
        text.push('\n');
        text
    }
}
