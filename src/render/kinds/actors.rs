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
    // Each territory's actors, as `[category, view]` pairs in the order of its file.
    let by_territory: Vec<Vec<Value>> = published_territories(r)
        .into_iter()
        .map(|t| {
            r.list_of_territory(URL, "acteurs", t, || {
                let actors = t.actor_list().iter();
                actors
                    .map(|a| json!([a.categorie.as_str(), actor_view(r, t, a, URL)]))
                    .collect()
            })
        })
        .collect();
    let mut groups = Vec::new();
    let mut total = 0;
    for cat in Categorie::ALL {
        let actors: Vec<Value> = by_territory
            .iter()
            .flatten()
            .filter(|pair| pair[0] == cat.as_str())
            .map(|pair| pair[1].clone())
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
