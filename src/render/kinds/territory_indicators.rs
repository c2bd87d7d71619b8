//! A territory's measures of indicators, with a chart per indicator.

use std::collections::BTreeMap;

use serde_json::json;

use super::{Kind, Pick, Scope, Shows};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::render::format::{date_text, typography, with_unit};
use crate::render::views::{crumbs, data_links, territory_url};
use crate::render::{Context, Job, charts};

/// `/territoires/<slug>/indicateurs/`, anchored by indicator code in lowercase.
pub const TERRITORY_INDICATORS: Kind = Kind {
    template: "indicateurs-territoire.html",
    search: Some("Indicateurs"),
    menu: None,
    print: None,
    shows: &[Shows::Cards, Shows::Measures],
    own: &[],
    scope: Scope::Territory { pages, jobs },
};

fn pages(t: &Territory, ix: &mut Pages) {
    let codes = t
        .measures
        .iter()
        .flat_map(|d| d.items.iter().flatten())
        .map(|m| m.indicateur.value.to_lowercase())
        .collect();
    let file = t.measures.as_ref().map(|d| d.origin.file.clone());
    let known = t.measures.as_ref().is_none_or(|d| d.items.is_some());
    ix.add(
        format!("{}indicateurs/", territory_url(t)),
        file.as_deref(),
        known.then_some(codes),
        false,
    );
}

fn jobs(r: &Context, t: &Territory, _: &Pick) -> Vec<Job> {
    let base = territory_url(t);
    let mut jobs = Vec::new();
    let name = t.short_name().to_string();
    // Indicators.
    let url = format!("{base}indicateurs/");
    type Point = (String, f64, Option<String>, Option<String>);
    let mut series: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for m in t.measures.iter().flat_map(|d| d.items.iter().flatten()) {
        series.entry(m.indicateur.value.clone()).or_default().push((
            m.periode.value.clone(),
            m.valeur.value,
            m.source.clone(),
            m.commentaire.clone(),
        ));
    }
    let mut blocks = Vec::new();
    for ind in r.site.indicators() {
        let Some(points) = series.get_mut(&ind.code.value) else {
            continue;
        };
        points.sort_by_key(|p| crate::date::PartialDate::parse(&p.0));
        let bars: Vec<(String, f64)> = points
            .iter()
            .map(|p| (date_text(&p.0).replace('\u{A0}', " "), p.1))
            .collect();
        let code = ind.code.value.to_lowercase();
        blocks.push(json!({
            "code": ind.code.value,
            "ancre": code,
            "nom": typography(&ind.nom),
            "definition": typography(&ind.definition),
            "unite": ind.unite,
            "href": r.href(&url, &format!("/indicateurs/{code}/")),
            "graphique": charts::bars(&format!("graphique-{code}"), &format!("{} — {name}", ind.nom), &ind.unite, &bars),
            "mesures": points.iter().map(|p| json!({
                "periode": date_text(&p.0),
                "valeur": with_unit(p.1, &ind.unite),
                "source": p.2.as_ref().map(|s| typography(s)),
                "commentaire": p.3.as_ref().map(|s| typography(s)),
            })).collect::<Vec<_>>(),
        }));
    }
    jobs.push(
        r.job(
            "indicateurs-territoire.html",
            &url,
            &format!("Indicateurs — {name}"),
            &crumbs(t),
            t.measures.as_ref().map(|d| d.origin.file.as_path()),
            None,
            r.updated(
                None,
                &t.measures
                    .iter()
                    .map(|d| d.origin.file.as_path())
                    .collect::<Vec<_>>(),
                None,
            ),
            json!({
                "indicateurs": blocks,
                "territoire": name,
                "donnees": data_links(r, t, "indicateurs", &url),
            }),
        ),
    );

    jobs
}
