//! The list and map of territories.

use serde_json::json;

use super::{Kind, Scope, Shows};
use crate::render::views::{map_points, map_view, published_territories, territory_card};
use crate::render::{Context, Job, Part};

const URL: &str = "/territoires/";

/// `/territoires/`.
pub const TERRITORIES: Kind = Kind {
    template: "territoires.html",
    search: Some("Page"),
    menu: Some(("Territoires", URL)),
    print: None,
    shows: &[
        Shows::Cards,
        Shows::Presentations,
        Shows::Actors,
        Shows::Documents,
    ],
    own: &[],
    scope: Scope::Site {
        part: Part::Territories,
        pages: |_, ix| ix.add_plain(URL),
        jobs,
    },
};

fn jobs(r: &Context) -> Vec<Job> {
    let territories = published_territories(r);
    let cards = territories
        .iter()
        .map(|t| r.of_territory(URL, "fiche", t, || territory_card(r, t, URL)));
    // Each territory's located actors, kept as a list of points.
    let points = territories
        .iter()
        .flat_map(|t| r.list_of_territory(URL, "carte", t, || map_points(r, &[t], URL)));
    vec![r.job(
        TERRITORIES.template,
        URL,
        "Territoires",
        &[],
        None,
        None,
        None,
        json!({
            "territoires": cards.collect::<Vec<_>>(),
            "carte": map_view(r, points.collect(), URL),
        }),
    )]
}
