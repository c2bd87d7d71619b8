//! A territory's actors: the list (anchored by actor id) and their map.

use serde_json::{Value, json};

use super::{Kind, Pick, Scope, Shows};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::render::views::{actor_view, crumbs, data_links, map_points, map_view, territory_url};
use crate::render::{Context, Job};

/// `/territoires/<slug>/acteurs/`, anchored by actor id.
pub const TERRITORY_ACTORS: Kind = Kind {
    template: "acteurs-territoire.html",
    search: Some("Acteurs"),
    menu: None,
    print: None,
    shows: &[Shows::Cards, Shows::Actors],
    own: &[],
    scope: Scope::Territory { pages, jobs },
};

fn pages(t: &Territory, ix: &mut Pages) {
    let ids = t.actor_list().iter().map(|a| a.id.value.clone()).collect();
    let file = t.actors.as_ref().map(|d| d.origin.file.clone());
    ix.add(
        format!("{}acteurs/", territory_url(t)),
        file.as_deref(),
        t.actors_known().then_some(ids),
        false,
    );
}

fn jobs(r: &Context, t: &Territory, _: &Pick) -> Vec<Job> {
    let base = territory_url(t);
    let mut jobs = Vec::new();
    let name = t.short_name().to_string();
    let territories = [t];
    // Actors.
    let url = format!("{base}acteurs/");
    let actors: Vec<Value> = t
        .actor_list()
        .iter()
        .map(|a| actor_view(r, t, a, &url))
        .collect();
    jobs.push(
        r.job(
            "acteurs-territoire.html",
            &url,
            &format!("Acteurs — {name}"),
            &crumbs(t),
            t.actors.as_ref().map(|d| d.origin.file.as_path()),
            None,
            r.updated(
                None,
                &t.actors
                    .iter()
                    .map(|d| d.origin.file.as_path())
                    .collect::<Vec<_>>(),
                None,
            ),
            json!({
                "acteurs": actors,
                "carte": map_view(r, map_points(r, &territories, &url), &url),
                "territoire": name,
                "donnees": data_links(r, t, "acteurs", &url),
            }),
        ),
    );

    jobs
}
