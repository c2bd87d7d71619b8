//! All actors of every territory, grouped by category, filterable.

use serde_json::{Value, json};

use super::{Kind, Scope, Shows};
use crate::model::schema::{Categorie, Role};
use crate::render::labels::label;
use crate::render::ready::{Piece, Ready};
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

/// The template of an actor's entry in the list, rendered alone with `a` (the actor) and
/// `montrer_territoire` (true here).
const ENTRY: &str = "partiels/acteur.html";

fn jobs(r: &Context) -> Vec<Job> {
    // Each territory's actors, as (category, HTML of the entry) in the order of its file.
    let mut by_category: Vec<(Categorie, Vec<Piece>)> =
        Categorie::ALL.iter().map(|c| (*c, Vec::new())).collect();
    for t in published_territories(r) {
        let entries = r.entries_of_territory(URL, "acteurs", t, ENTRY, || {
            let actors = t.actor_list().iter();
            actors
                .map(|a| {
                    let vars = json!({ "a": actor_view(r, t, a, URL), "montrer_territoire": true });
                    (a.categorie.as_str().to_string(), vars)
                })
                .collect()
        });
        for (category, html) in entries {
            if let Some((_, list)) = by_category.iter_mut().find(|(c, _)| c.as_str() == category) {
                list.push(html);
            }
        }
    }
    let mut total = 0;
    let groups: Vec<Ready> = by_category
        .into_iter()
        .filter(|(_, entries)| !entries.is_empty())
        .map(|(cat, entries)| {
            total += entries.len();
            Ready::Map(vec![
                ("code", Ready::Json(json!(cat.as_str()))),
                ("nom", Ready::Json(json!(label(cat.as_str())))),
                ("nombre", Ready::Json(json!(entries.len()))),
                ("fiches", Ready::pieces(entries)),
            ])
        })
        .collect();
    let roles: Vec<Value> = Role::ALL
        .iter()
        .map(|x| json!({ "code": x.as_str(), "nom": label(x.as_str()) }))
        .collect();
    let page = r.job(
        ACTORS.template,
        URL,
        "Tous les acteurs",
        &[],
        None,
        None,
        None,
        json!({
            "roles": roles,
            "total": count(total, "acteur", "acteurs"),
        }),
    );
    vec![page.with("groupes", Ready::List(groups))]
}
