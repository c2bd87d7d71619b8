//! The list and map of territories.

use serde_json::json;

use super::{Kind, Scope, Shows};
use crate::render::ready::Ready;
use crate::render::views::{
    PLACE, map_points, map_view_of, published_territories, territory_cards,
};
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
    // Each territory's located actors, kept as rendered places.
    let places = published_territories(r)
        .into_iter()
        .flat_map(|t| r.entries_of_territory(URL, "carte", t, PLACE, || map_points(r, &[t], URL)));
    let page = r.job(
        TERRITORIES.template,
        URL,
        "Territoires",
        &[],
        None,
        None,
        None,
        json!({}),
    );
    vec![
        page.with("territoires", Ready::pieces(territory_cards(r, URL, 2)))
            .with("carte", map_view_of(r, places.collect(), URL)),
    ]
}
