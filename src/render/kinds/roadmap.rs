//! A territory's roadmap: its axes and actions, with their carriers, deadlines and progress.

use serde_json::{Value, json};

use super::{Kind, Pick, Scope, Shows};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::render::format::{date_text, euros, typography};
use crate::render::labels::label;
use crate::render::views::{actor_ref, crumbs, data_links, headings, progress, territory_url};
use crate::render::{Context, Job};
use crate::text::HeadingIds;

/// `/territoires/<slug>/feuille-de-route/`, anchored by its headings, axes and actions.
pub const ROADMAP: Kind = Kind {
    template: "feuille-de-route.html",
    search: Some("Feuille de route"),
    menu: None,
    print: None,
    shows: &[
        Shows::Cards,
        Shows::Roadmaps,
        Shows::Texts,
        Shows::NamedActors,
    ],
    own: &[Shows::Texts, Shows::NamedActors],
    scope: Scope::Territory { pages, jobs },
};

fn pages(t: &Territory, ix: &mut Pages) {
    let Some(r) = &t.roadmap else {
        return;
    };
    let mut anchors = headings(r.scan());
    for axe in r.front.axes.iter().flatten() {
        anchors.insert(axe.id.value.clone());
        anchors.extend(axe.actions.iter().map(|a| a.id.value.clone()));
    }
    ix.add(
        format!("{}feuille-de-route/", territory_url(t)),
        Some(r.file()),
        Some(anchors),
        r.is_draft(),
    );
}

fn jobs(r: &Context, t: &Territory, pick: &Pick) -> Vec<Job> {
    let base = territory_url(t);
    let mut jobs = Vec::new();
    let roadmap_published = t
        .roadmap
        .as_ref()
        .filter(|p| r.published(p) && pick.takes(p.file()));
    // Roadmap.
    if let Some(page) = roadmap_published {
        let url = format!("{base}feuille-de-route/");
        let mut ids = HeadingIds::default();
        let body = r.md(&page.body, page.file(), &url, &mut ids);
        let axes: Vec<Value> = page.front.axes.iter().flatten().map(|axe| json!({
            "id": axe.id.value,
            "titre": typography(&axe.titre),
            "description": axe.description.as_ref().map(|d| typography(d)),
            "actions": axe.actions.iter().map(|a| json!({
                "id": a.id.value,
                "titre": typography(&a.titre),
                "description": a.description.as_ref().map(|d| typography(d)),
                "statut": label(a.statut.as_str()),
                "statut_code": a.statut.as_str(),
                "porteurs": a.porteurs.iter().map(|p| actor_ref(r, t, &p.value, &url)).collect::<Vec<_>>(),
                "partenaires": a.partenaires.iter().map(|p| actor_ref(r, t, &p.value, &url)).collect::<Vec<_>>(),
                "echeance": a.echeance.as_ref().map(|d| date_text(&d.value)),
                "budget": a.budget.as_ref().map(|b| euros(b.value)),
                "indicateurs": a.indicateurs.iter().map(|c| {
                    let nom = r.site.indicators().iter().find(|i| i.code.value == c.value).map(|i| i.nom.clone()).unwrap_or_default();
                    json!({ "code": c.value, "nom": typography(&nom), "href": r.href(&url, &format!("/indicateurs/{}/", c.value.to_lowercase())) })
                }).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect();
        jobs.push(r.job(
            "feuille-de-route.html",
            &url,
            &page.front.titre,
            &crumbs(t),
            Some(page.file()),
            page.front.resume.as_deref(),
            r.updated(
                page.front.mis_a_jour.as_ref(),
                &[page.file()],
                page.front.adopte_le.as_ref(),
            ),
            json!({
                "corps": body,
                "adopte_le": page.front.adopte_le.as_ref().map(|d| date_text(&d.value)),
                "horizon": page.front.horizon.as_ref().map(|h| h.value),
                "axes": axes,
                "progression": progress(t),
                "donnees": data_links(r, t, "actions", &url),
            }),
        ));
    }

    jobs
}
