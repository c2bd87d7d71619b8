//! The open-data page: each export with its size, rows, licence and columns.

use serde_json::{Value, json};

use super::{Kind, Scope, Shows};
use crate::render::format::{number, typography};
use crate::render::views::count;
use crate::render::{Context, Job, Part};

const URL: &str = "/donnees/";

/// `/donnees/`.
pub const DATA: Kind = Kind {
    template: "donnees.html",
    search: Some("Données"),
    menu: Some(("Données", URL)),
    print: None,
    shows: &[
        Shows::Cards,
        Shows::Actors,
        Shows::Measures,
        Shows::Roadmaps,
    ],
    own: &[],
    scope: Scope::Site {
        part: Part::Data,
        pages: |_, ix| ix.add_plain(URL),
        jobs,
    },
};

fn jobs(r: &Context) -> Vec<Job> {
    let licence = r
        .site
        .config
        .as_ref()
        .and_then(|c| c.licence.clone())
        .unwrap_or_else(|| "Licence Ouverte 2.0".into());
    let size = |bytes: usize| {
        if bytes < 1024 {
            format!("{bytes} octets")
        } else {
            format!(
                "{} ko",
                number((bytes as f64 / 1024.0 * 10.0).round() / 10.0)
            )
        }
    };
    // The rows are counted in the files made for this run; the tables are made again only
    // when a run renders this page without them.
    let counted = crate::model::open_data::NAMES
        .iter()
        .all(|name| r.export_rows.contains_key(&format!("donnees/{name}.csv")));
    let tables = if counted {
        crate::model::open_data::described()
    } else {
        crate::model::open_data::tables(r.site)
    };
    let views: Vec<Value> = tables
        .iter()
        .map(|t| {
            let rows = r
                .export_rows
                .get(&format!("donnees/{}.csv", t.name))
                .copied()
                .unwrap_or(t.rows.len());
            let file = |ext: &str| {
                let path = format!("donnees/{}.{ext}", t.name);
                json!({
                    "format": ext.to_uppercase(),
                    "href": r.href(URL, &format!("/{path}")),
                    "taille": r.exports.get(&path).map(|n| size(*n)),
                })
            };
            json!({
                "nom": t.name,
                "titre": t.title,
                "description": t.description,
                "lignes": count(rows, "ligne", "lignes"),
                "fichiers": [file("csv"), file("json")],
                "colonnes": t.columns.iter().map(|c| json!({
                    "nom": c.name, "type": c.kind, "description": typography(c.description),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    vec![r.job(
        DATA.template,
        URL,
        "Données ouvertes",
        &[],
        None,
        Some("Les acteurs, les mesures d'indicateurs et les actions de tous les territoires, à télécharger en CSV et en JSON."),
        None,
        json!({
            "tables": views,
            "licence": typography(&licence),
            "datapackage": r.href(URL, "/donnees/datapackage.json"),
            "geojson": r.href(URL, "/donnees/acteurs.geojson"),
        }),
    )]
}
