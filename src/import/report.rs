//! The import's report, in French: the figures (they add up to the rows read), each rejected
//! row and left-out value with its row and field, each conflict, the places gone, and with
//! `--dry-run` the changes as a diff of `acteurs.yaml`.

use std::fmt::Write;

use serde_json::Value;

use super::Request;
use super::merge::Plan;
use super::place::Problem;
use crate::model::Territory;

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// The file imported, as given.
    pub file: String,
    /// The territory's folder.
    pub territoire: String,
    /// Nothing was written.
    pub dry_run: bool,
    /// Rows read.
    pub read: usize,
    /// Rows outside the territory.
    pub outside: usize,
    /// Rows of the territory that cannot be imported, with each problem.
    pub rejected: Vec<Vec<Problem>>,
    /// Values left out of imported places.
    pub discarded: Vec<Problem>,
    /// Ids of the new actors.
    pub added: Vec<String>,
    /// Places whose actor was updated without conflict.
    pub updated: usize,
    /// Places imported before and unchanged.
    pub unchanged: usize,
    /// Places with a conflict.
    pub conflicted: usize,
    /// The conflicts: actor, row, key, kept value, national value.
    pub conflicts: Vec<(String, String, String, String, String)>,
    /// Places matching an actor written by hand: (actor, row).
    pub by_hand: Vec<(String, String)>,
    /// Imported actors whose place is gone: (actor, national id).
    pub gone: Vec<(String, String)>,
    /// The changes to `acteurs.yaml`, as a unified diff (empty when none).
    pub diff: String,
}

fn shown(v: &Option<Value>) -> String {
    match v {
        None => "(rien)".to_string(),
        Some(Value::String(s)) => format!("« {s} »"),
        Some(Value::Array(items)) => {
            let items: Vec<String> = items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect();
            format!("« {} »", items.join(" | "))
        }
        Some(other) => other.to_string(),
    }
}

impl Report {
    pub(super) fn new(req: &Request, t: &Territory, read: usize) -> Report {
        Report {
            file: req.file.display().to_string(),
            territoire: t.slug.clone(),
            dry_run: req.dry_run,
            read,
            ..Report::default()
        }
    }

    pub(super) fn fill(&mut self, plan: &Plan, before: &str, after: &str) {
        let conflicted: std::collections::HashSet<&str> =
            plan.conflicts.iter().map(|c| c.acteur.as_str()).collect();
        self.added = plan.added.iter().map(|(id, _)| id.clone()).collect();
        self.updated = plan
            .updated
            .iter()
            .filter(|u| !conflicted.contains(u.acteur.as_str()))
            .count();
        self.unchanged = plan.unchanged;
        self.conflicted = plan.conflicted;
        self.conflicts = plan
            .conflicts
            .iter()
            .map(|c| {
                (
                    c.acteur.clone(),
                    c.at.clone(),
                    c.key.to_string(),
                    shown(&c.kept),
                    shown(&c.national),
                )
            })
            .collect();
        self.by_hand = plan.by_hand.clone();
        self.gone = plan.gone.clone();
        if before != after {
            self.diff = similar::TextDiff::from_lines(before, after)
                .unified_diff()
                .context_radius(2)
                .header("acteurs.yaml (avant)", "acteurs.yaml (après)")
                .to_string();
        }
    }

    /// The report, in French.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Import de {} dans le territoire `{}`{} :",
            self.file,
            self.territoire,
            if self.dry_run {
                " (simulation : rien n'est écrit)"
            } else {
                ""
            }
        );
        let lines: [(usize, &str, &str); 9] = [
            (self.read, "lieu lu", "lieux lus"),
            (self.outside, "hors du territoire", "hors du territoire"),
            (self.added.len(), "ajouté", "ajoutés"),
            (self.updated, "mis à jour", "mis à jour"),
            (self.unchanged, "inchangé", "inchangés"),
            (
                self.conflicted,
                "en conflit (valeur modifiée à la main gardée)",
                "en conflit (valeurs modifiées à la main gardées)",
            ),
            (self.rejected.len(), "refusé", "refusés"),
            (
                self.by_hand.len(),
                "déjà présent hors import (non modifié)",
                "déjà présents hors import (non modifiés)",
            ),
            (
                self.gone.len(),
                "acteur importé absent du fichier (gardé)",
                "acteurs importés absents du fichier (gardés)",
            ),
        ];
        for (n, one, many) in lines {
            let _ = writeln!(out, "  {n:>7} {}", if n == 1 { one } else { many });
        }
        if !self.rejected.is_empty() {
            let _ = writeln!(out, "\nLieux refusés :");
            for problems in &self.rejected {
                for p in problems {
                    let _ = writeln!(out, "  {} : `{}` — {}", p.at, p.field, p.reason);
                }
            }
        }
        if !self.discarded.is_empty() {
            let _ = writeln!(
                out,
                "\nValeurs écartées (le lieu est importé sans elles) ou corrigées :"
            );
            for p in &self.discarded {
                let _ = writeln!(out, "  {} : `{}` — {}", p.at, p.field, p.reason);
            }
        }
        if !self.conflicts.is_empty() {
            let _ = writeln!(
                out,
                "\nConflits (la valeur modifiée à la main est gardée ; reportez à la main celle des données nationales si elle est juste) :"
            );
            for (actor, at, key, kept, national) in &self.conflicts {
                let _ = writeln!(
                    out,
                    "  acteur `{actor}` ({at}), `{key}` : gardé {kept}, données nationales {national}"
                );
            }
        }
        if !self.by_hand.is_empty() {
            let _ = writeln!(
                out,
                "\nLieux déjà présents (acteur écrit à la main, ou exporté par ce site), que l'import ne modifie pas :"
            );
            for (actor, at) in &self.by_hand {
                let _ = writeln!(out, "  {at} : acteur `{actor}`");
            }
        }
        if !self.gone.is_empty() {
            let _ = writeln!(
                out,
                "\nActeurs importés dont le lieu n'est plus dans le fichier pour ce territoire (rien n'est supprimé : vérifiez s'il a fermé) :"
            );
            for (actor, id) in &self.gone {
                let _ = writeln!(out, "  acteur `{actor}` (identifiant national « {id} »)");
            }
        }
        if self.dry_run {
            if self.diff.is_empty() {
                let _ = writeln!(out, "\nAucun changement à acteurs.yaml.");
            } else {
                let _ = writeln!(out, "\nChangements que l'import ferait :\n{}", self.diff);
            }
        } else if self.diff.is_empty() {
            let _ = writeln!(
                out,
                "\nacteurs.yaml est déjà à jour : rien n'a été modifié."
            );
        } else {
            let _ = writeln!(
                out,
                "\nacteurs.yaml est mis à jour. L'état de l'import est dans {} : versionnez-le avec acteurs.yaml (le prochain import s'en sert pour garder vos modifications).",
                super::state::FILE
            );
        }
        out
    }
}
