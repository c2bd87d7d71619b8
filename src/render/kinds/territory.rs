//! A territory's page: its card, presentation, latest indicators, roadmap progress, documents
//! and map.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Kind, Pick, Scope, Shows};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::render::format::{date_text, euros, typography, with_unit};
use crate::render::labels::label;
use crate::render::printables::dossier_pdf_path;
use crate::render::views::{
    actor_ref, crumbs, document_summary, headings, latest_measures, map_points, map_view,
    official_view, progress, published_documents, territory_sources, territory_url,
};
use crate::render::{Context, Job};
use crate::text::HeadingIds;

/// `/territoires/<slug>/`, anchored by the headings of its presentation.
pub const TERRITORY: Kind = Kind {
    template: "territoire.html",
    search: Some("Territoire"),
    menu: None,
    print: None,
    shows: &[
        Shows::Cards,
        Shows::Presentations,
        Shows::Actors,
        Shows::Measures,
        Shows::Roadmaps,
        Shows::Documents,
    ],
    own: &[],
    scope: Scope::Territory { pages, jobs },
};

fn pages(t: &Territory, ix: &mut Pages) {
    let base = territory_url(t);
    let anchors: BTreeSet<String> = t
        .index
        .as_ref()
        .map(|p| headings(p.scan()))
        .unwrap_or_default();
    ix.add(
        base.clone(),
        Some(&t.card_origin.file),
        Some(anchors.clone()),
        false,
    );
    if let Some(p) = &t.index {
        ix.add(base, Some(p.file()), Some(anchors), false);
    }
}

fn jobs(r: &Context, t: &Territory, _: &Pick) -> Vec<Job> {
    let Some(card) = &t.card else {
        return Vec::new();
    };
    let base = territory_url(t);
    let mut jobs = Vec::new();
    let name = t.short_name().to_string();
    let docs = published_documents(r, t);

    // Identity card and presentation.
    let mut ids = HeadingIds::default();
    let presentation = t
        .index
        .as_ref()
        .map(|p| r.md(&p.body, p.file(), &base, &mut ids));
    let indicators: Vec<Value> = latest_measures(t)
        .into_iter()
        .filter_map(|(code, (period, value))| {
            let ind = r.site.indicators().iter().find(|i| i.code.value == code)?;
            Some(json!({
                "nom": typography(&ind.nom),
                "valeur": with_unit(value, &ind.unite),
                "periode": date_text(&period),
                "href": r.href(&base, &format!("{base}indicateurs/#{}", code.to_lowercase())),
            }))
        })
        .collect();
    let roadmap_published = t.roadmap.as_ref().filter(|p| r.published(p));
    let coordination = card.coordination.as_ref().map(|c| {
        json!({
            "nom": c.nom,
            "fonction": c.fonction.as_ref().map(|f| typography(f)),
            "courriel": c.courriel.as_ref().map(|m| m.value.clone()),
            "structure": c.structure.as_ref().map(|s| actor_ref(r, t, &s.value, &base)),
        })
    });
    let territories = [t];
    let card_view = json!({
        "nom": typography(&card.nom),
        "nom_court": name,
        "nom_officiel": typography(&t.official_name()),
        "nom_court_article": typography(&t.short_name_with_article()),
        "echelon": label(card.echelon.as_str()),
        "departements": card.departements.iter().flatten().map(|d| d.value.clone()).collect::<Vec<_>>(),
        "engage_le": card.engage_le.as_ref().map(|d| date_text(&d.value)),
        "coordination": coordination,
        "conseillers": card.conseillers_numeriques,
        "budget": card.budget.iter().flatten().map(|b| json!({
            "montant": euros(b.montant.value),
            "periode": typography(&b.periode),
            "financeur": actor_ref(r, t, &b.financeur.value, &base),
            "objet": typography(&b.objet),
        })).collect::<Vec<_>>(),
        "budget_total": card.budget.as_ref().filter(|b| b.len() > 1).map(|b| euros(b.iter().map(|l| l.montant.value).sum())),
        "comites": card.comites.iter().flatten().map(|c| json!({
            "nom": typography(&c.nom),
            "type": label(c.kind.as_str()),
            "frequence": c.frequence.map(|f| label(f.as_str()).to_string()),
            "composition": c.composition.iter().flatten().map(|m| actor_ref(r, t, &m.value, &base)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "calendrier": card.calendrier.iter().flatten().map(|e| json!({
            "date": date_text(&e.date.value), "iso": e.date.value, "evenement": typography(&e.evenement),
        })).collect::<Vec<_>>(),
        "liens": card.liens.iter().flatten().map(|l| json!({ "titre": typography(&l.titre), "url": l.url.value })).collect::<Vec<_>>(),
        "sources": territory_sources(t),
        "officiel": official_view(t, true),
    });
    let documents: Vec<Value> = docs
        .iter()
        .map(|d| document_summary(r, t, d, &base))
        .collect();
    let index_file = t
        .index
        .as_ref()
        .map(|p| p.file().to_path_buf())
        .unwrap_or_else(|| t.card_origin.file.clone());
    jobs.push(r.job(
        "territoire.html",
        &base,
        &card.nom,
        &crumbs(t)[..1],
        Some(&index_file),
        t.index.as_ref().and_then(|p| p.front.resume.as_deref()),
        r.updated(
            t.index.as_ref().and_then(|p| p.front.mis_a_jour.as_ref()),
            &[&t.card_origin.file, &index_file],
            t.index.as_ref().and_then(|p| p.front.date.as_ref()),
        ),
        json!({
            "territoire": card_view,
            "presentation": presentation,
            "nombre_acteurs": t.actor_list().len(),
            "acteurs_href": r.href(&base, &format!("{base}acteurs/")),
            "indicateurs": indicators,
            "indicateurs_href": r.href(&base, &format!("{base}indicateurs/")),
            "feuille_de_route": roadmap_published.map(|p| json!({
                "titre": typography(&p.front.titre),
                "href": r.href(&base, &format!("{base}feuille-de-route/")),
                "progression": progress(t),
            })),
            "documents": documents,
            "dossier_pdf_href": (cfg!(feature = "pdf")
                && docs.iter().any(|d| d.page.is_printable()))
                .then(|| r.href(&base, &format!("/{}", dossier_pdf_path(t)))),
            "carte": map_view(r, map_points(r, &territories, &base), &base),
        }),
    ));

    jobs
}
