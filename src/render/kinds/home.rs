//! The home page: its text and a card per territory.

use serde_json::json;

use super::{Kind, Scope, Shows};
use crate::model::Site;
use crate::model::links::Pages;
use crate::render::ready::Ready;
use crate::render::views::{headings, page_updated, territory_cards};
use crate::render::{Context, Job, Part};
use crate::text::HeadingIds;

/// `/`.
pub const HOME: Kind = Kind {
    template: "accueil.html",
    search: Some("Page"),
    menu: Some(("Accueil", "/")),
    print: None,
    shows: &[
        Shows::Home,
        Shows::Cards,
        Shows::Presentations,
        Shows::Actors,
        Shows::Documents,
    ],
    own: &[],
    scope: Scope::Site {
        part: Part::Home,
        pages,
        jobs,
    },
};

fn pages(site: &Site, ix: &mut Pages) {
    if let Some(home) = &site.home {
        ix.add(
            "/".into(),
            Some(home.file()),
            Some(headings(home.scan())),
            false,
        );
    }
}

fn jobs(r: &Context) -> Vec<Job> {
    let Some(home) = &r.site.home else {
        return Vec::new();
    };
    let mut ids = HeadingIds::default();
    let body = r.md(&home.body, home.file(), "/", &mut ids);
    let page = r.job(
        HOME.template,
        "/",
        &home.front.titre,
        &[],
        Some(home.file()),
        home.front.resume.as_deref(),
        page_updated(r, home),
        json!({
            "corps": body,
            "territoires_href": r.href("/", "/territoires/"),
        }),
    );
    vec![page.with("territoires", Ready::pieces(territory_cards(r, "/", 3)))]
}
