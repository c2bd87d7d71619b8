//! `ctin import lieux`: the places of a file in the national schema of lieux de médiation
//! numérique that lie in a territory, merged into its `acteurs.yaml`.
//!
//! [`read`] reads the file into rows; [`place`] locates each row on the official geography and
//! maps and checks its values; [`merge`] compares the territory's places with its actors and
//! with what the last import wrote ([`state`]); [`yaml`] edits the file without touching what
//! the import does not change; [`report`] says it all in French.

mod merge;
mod place;
mod read;
mod report;
mod state;
mod yaml;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use crate::content::{FileKind, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, Severity, code};
use crate::model::{self, Parsed, Territory};
use merge::Entry;
use place::{Perimeter, Verdict};

pub use place::Problem;
pub use report::Report;

/// What `ctin import lieux` is asked.
#[derive(Debug)]
pub struct Request<'a> {
    /// The site's root folder.
    pub root: &'a Path,
    /// The file to import.
    pub file: &'a Path,
    /// The territory's folder name.
    pub territoire: &'a str,
    /// Reports and shows the changes without writing.
    pub dry_run: bool,
}

/// Imports, or says why not.
pub fn lieux(req: &Request) -> Result<Report, Diagnostics> {
    let mut diags = Diagnostics::new();
    let site = model::load(req.root, crate::pipeline::index, &mut diags);
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::new();
        all.set_root(req.root);
        all.push(d);
        all
    };
    let Some(t) = site.territories.iter().find(|t| t.slug == req.territoire) else {
        let names: Vec<&str> = site.territories.iter().map(|t| t.slug.as_str()).collect();
        return Err(one(Diagnostic::new(
            code::TERRITOIRE_INCONNU,
            Path::new("content/territoires"),
            Pos::start(),
            format!("territoire inconnu : `{}`", req.territoire),
        )
        .culprit(req.territoire.to_string())
        .maybe_hint(crate::text::did_you_mean(req.territoire, names))));
    };
    let dir = req.root.join("content/territoires").join(&t.slug);
    // The import writes only into real folders of the site, never through a link.
    for folder in [
        req.root.join("content"),
        req.root.join("content/territoires"),
        dir.clone(),
    ] {
        if !std::fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            return Err(one(Diagnostic::new(
                code::FICHIER_SPECIAL,
                &folder,
                Pos::start(),
                "ce dossier est un lien symbolique (ou n'est pas un dossier) : l'import n'écrit pas au travers",
            )));
        }
    }
    let actors_rel = PathBuf::from(format!("content/territoires/{}/acteurs.yaml", t.slug));
    // The actors' file must read without error: the import writes into it.
    let own: Vec<&Diagnostic> = diags
        .sorted()
        .into_iter()
        .filter(|d| {
            d.severity == Severity::Error
                && (d.file == actors_rel || d.file.ends_with(Path::new(&actors_rel)))
        })
        .collect();
    if !own.is_empty() || !t.actors_known() {
        let mut all = Diagnostics::new();
        all.set_root(req.root);
        for d in own {
            all.push(d.clone());
        }
        return Err(all);
    }
    let perimeter = perimeter(t).map_err(one)?;
    let rows = read::read(req.file).map_err(one)?;
    let verdicts: Vec<Verdict> = rows
        .par_iter()
        .map(|r| place::judge(r, &perimeter))
        .collect();

    let path = dir.join("acteurs.yaml");
    let (text, entries) = current(&path, t).map_err(one)?;
    let mut layout = yaml::Layout::read(&text).map_err(|why| {
        one(Diagnostic::new(
            code::ECRITURE_IMPOSSIBLE,
            &actors_rel,
            Pos::start(),
            format!("acteurs.yaml ne peut pas être complété sans risque : {why}"),
        ))
    })?;
    let lines = layout.first_lines();
    let aligned = layout.len() == t.actor_list().len()
        && t.actor_list().iter().enumerate().all(|(i, a)| {
            let line = a.id.line() as usize;
            line >= lines[i] && lines.get(i + 1).is_none_or(|next| line < *next)
        });
    if !aligned || entries.len() != layout.len() {
        return Err(one(Diagnostic::new(
            code::ECRITURE_IMPOSSIBLE,
            &actors_rel,
            Pos::start(),
            "acteurs.yaml ne peut pas être complété sans risque : ses acteurs ne sont pas écrits un par élément de liste (`- id: …`)",
        )));
    }

    let mut report = Report::new(req, t, rows.len());
    let mut places = Vec::new();
    let mut listed = HashSet::new();
    let mut seen = std::collections::HashMap::new();
    for (row, verdict) in rows.iter().zip(verdicts) {
        match verdict {
            Verdict::Outside => report.outside += 1,
            Verdict::Rejected(problems) => {
                if let Some(id) = row.get("id") {
                    listed.insert(id.to_string());
                }
                report.rejected.push(problems);
            }
            Verdict::Place(p) => {
                listed.insert(p.id.clone());
                if let Some(first) = seen.insert(p.id.clone(), p.at.clone()) {
                    report.rejected.push(vec![place::Problem {
                        at: p.at.clone(),
                        field: "id".to_string(),
                        reason: format!("identifiant « {} » déjà pris par la {first}", p.id),
                    }]);
                    continue;
                }
                report.discarded.extend(p.discarded.iter().cloned());
                places.push(*p);
            }
        }
    }
    let state = state::State::read(&dir);
    let plan = merge::merge(&t.slug, &entries, places, &listed, &state);

    for u in &plan.updated {
        for (key, value) in &u.sets {
            layout.set(u.index, key, value.as_ref());
        }
    }
    for (id, place) in &plan.added {
        layout.push(&yaml::entry_text(
            id,
            place.categorie,
            &place.values,
            Some(&place.id),
            0,
        ));
    }
    let new_text = layout.text();
    // What is written must read back: every actor there before, and the new ones.
    let mut check = Diagnostics::new();
    let reread = model::parse_file(
        &SourceFile {
            kind: FileKind::Actors(t.slug.clone()),
            path: actors_rel.clone(),
            text: new_text.clone(),
        },
        &mut check,
    );
    let count = match reread {
        Parsed::Actors(d) => d.items.map(|i| i.len()),
        _ => None,
    };
    if count != Some(entries.len() + plan.added.len()) || check.has_errors() {
        let mut all = Diagnostics::new();
        all.set_root(req.root);
        all.push(Diagnostic::new(
            code::ECRITURE_IMPOSSIBLE,
            &actors_rel,
            Pos::start(),
            "l'import s'est arrêté sans rien écrire : le fichier obtenu ne se relisait pas (signalez-le, avec le fichier importé)",
        ));
        all.absorb(check);
        return Err(all);
    }
    report.fill(&plan, &text, &new_text);
    if !req.dry_run && new_text != text {
        write(&path, &new_text).map_err(|e| one(write_error(&actors_rel, &e)))?;
    }
    let state_text = plan.state.text();
    let old_state = std::fs::read_to_string(dir.join(state::FILE)).unwrap_or_default();
    if !req.dry_run && state_text != old_state {
        let rel = actors_rel.with_file_name(state::FILE);
        write(&dir.join(state::FILE), &state_text).map_err(|e| one(write_error(&rel, &e)))?;
    }
    Ok(report)
}

/// The communes (or départements) that are the territory's.
fn perimeter(t: &Territory) -> Result<Perimeter, Diagnostic> {
    let departements = t.departement_codes();
    let communes: Vec<&'static str> = t
        .official()
        .map(|f| f.communes.iter().map(|(code, _)| *code).collect())
        .unwrap_or_default();
    if communes.is_empty() && departements.is_empty() {
        return Err(Diagnostic::new(
            code::PERIMETRE_INCONNU,
            &t.card_origin.file,
            Pos::start(),
            format!(
                "le territoire `{}` n'a ni `code` ni `departements` : impossible de savoir quels lieux sont les siens",
                t.slug
            ),
        ));
    }
    Ok(Perimeter::new(communes, departements))
}

/// The text of `acteurs.yaml` (empty when absent) and its entries read generically.
fn current(path: &Path, t: &Territory) -> Result<(String, Vec<Entry>), Diagnostic> {
    let rel = t
        .actors
        .as_ref()
        .map(|d| d.origin.file.clone())
        .unwrap_or_else(|| PathBuf::from("acteurs.yaml"));
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok((String::new(), Vec::new()));
        }
        Err(e) => return Err(write_error(&rel, &e)),
        Ok(m) if !m.is_file() => {
            return Err(Diagnostic::new(
                code::FICHIER_SPECIAL,
                &rel,
                Pos::start(),
                "acteurs.yaml n'est pas un fichier ordinaire (lien symbolique ?) : l'import n'y écrit pas",
            ));
        }
        Ok(_) => {}
    }
    let text = std::fs::read_to_string(path).map_err(|e| write_error(&rel, &e))?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(String::from)
        .unwrap_or(text);
    let generic: Value = if crate::content::yaml::is_blank(&text) {
        Value::Null
    } else {
        serde_saphyr::from_str(&text)
            .map_err(|e| Diagnostic::new(code::YAML_SYNTAXE, &rel, Pos::start(), e.to_string()))?
    };
    let list = match generic {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("acteurs") {
            Some(Value::Array(items)) => items,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    let entries = list
        .into_iter()
        .map(|v| {
            let values = match v {
                Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            Entry {
                id: values
                    .get("id")
                    .and_then(|x| merge::canon(x))
                    .and_then(|x| x.as_str().map(String::from))
                    .unwrap_or_default(),
                values,
            }
        })
        .collect();
    Ok((text, entries))
}

fn write_error(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        code::ECRITURE_IMPOSSIBLE,
        rel,
        Pos::start(),
        format!("écriture impossible : {}", crate::diagnostic::io_reason(e)),
    )
}

/// Writes `text` to `path` in one step (a new file renamed over the old one), so that an
/// interrupted import leaves the previous file whole.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    #[cfg(unix)]
    let permissions = permissions.or_else(|| {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    });
    if let Some(p) = permissions {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
