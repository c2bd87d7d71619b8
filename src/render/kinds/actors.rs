//! All actors of every territory, grouped by category, filterable.

use serde_json::{Value, json};

use super::{Kind, Scope, Shows};
use crate::model::schema::{Categorie, Role};
use crate::render::labels::label;
use crate::render::views::{actor_view, count, published_territories};
use crate::render::{Context, Job, Part};

const URL: &str = "/acteurs/";

/// `/acteurs/`.
pub const ACTORS: Kind = Kind {
    template: "acteurs.html",
    search: Some("Acteurs"),
    menu: Some(("Acteurs", URL)),
    print: None,
    shows: &[Shows::Cards, Shows::Actors],
    own: &[],
    scope: Scope::Site {
        part: Part::Actors,
        pages: |_, ix| ix.add_plain(URL),
        jobs,
    },
};

fn jobs(r: &Context) -> Vec<Job> {
    let territories = published_territories(r);
    let mut groups = Vec::new();
    let mut total = 0;
    for cat in Categorie::ALL {
        let actors: Vec<Value> = territories
            .iter()
            .flat_map(|t| {
                t.actor_list()
                    .iter()
                    .filter(|a| a.categorie == *cat)
                    .map(move |a| (t, a))
            })
            .map(|(t, a)| actor_view(r, t, a, URL))
            .collect();
        if actors.is_empty() {
            continue;
        }
        total += actors.len();
        groups.push(json!({ "code": cat.as_str(), "nom": label(cat.as_str()), "nombre": actors.len(), "acteurs": actors }));
    }
    let roles: Vec<Value> = Role::ALL
        .iter()
        .map(|x| json!({ "code": x.as_str(), "nom": label(x.as_str()) }))
        .collect();
    vec![r.job(
        ACTORS.template,
        URL,
        "Tous les acteurs",
        &[],
        None,
        None,
        None,
        json!({
            "groupes": groups,
            "roles": roles,
            "total": count(total, "acteur", "acteurs"),
        }),
    )]
}
