//! The référentiel of indicators, and a page per indicator comparing the territories.

use std::collections::BTreeSet;

use serde_json::json;

use super::{Kind, Scope, Shows};
use crate::model::Site;
use crate::model::links::Pages;
use crate::render::format::{date_text, number, typography, with_unit};
use crate::render::labels::label;
use crate::render::views::{latest_measures, published_territories, territory_url};
use crate::render::{Context, Job, Part, charts};

const URL: &str = "/indicateurs/";
const TITLE: &str = "Référentiel d'indicateurs";

/// `/indicateurs/`, anchored by indicator code in lowercase.
pub const REFERENTIEL: Kind = Kind {
    template: "referentiel.html",
    search: Some("Indicateurs"),
    menu: Some(("Indicateurs", URL)),
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: Part::Indicators,
        pages: referentiel_pages,
        jobs: referentiel,
    },
};

/// `/indicateurs/<code in lowercase>/`.
pub const INDICATOR: Kind = Kind {
    template: "indicateur.html",
    search: Some("Indicateurs"),
    menu: None,
    print: None,
    shows: &[Shows::Cards, Shows::Measures],
    own: &[],
    scope: Scope::Site {
        part: Part::Indicators,
        pages: |site, ix| {
            for i in site.indicators() {
                ix.add_plain(&format!("{URL}{}/", i.code.value.to_lowercase()));
            }
        },
        jobs: indicator_jobs,
    },
};

fn referentiel_pages(site: &Site, ix: &mut Pages) {
    ix.add_plain(URL);
    if let Some(r) = &site.referentiel {
        let codes: BTreeSet<String> = site
            .indicators()
            .iter()
            .map(|i| i.code.value.to_lowercase())
            .collect();
        ix.add(
            URL.into(),
            Some(&r.origin.file),
            site.indicators_known().then_some(codes),
            false,
        );
    }
}

fn referentiel(r: &Context) -> Vec<Job> {
    let site = r.site;
    vec![r.job(REFERENTIEL.template, URL, TITLE, &[], site.referentiel.as_ref().map(|d| d.origin.file.as_path()), None, None, json!({
        "indicateurs": site.indicators().iter().map(|i| {
            let code = i.code.value.to_lowercase();
            json!({
                "code": i.code.value, "ancre": code, "nom": typography(&i.nom), "definition": typography(&i.definition),
                "unite": i.unite, "famille": i.famille, "sens": i.sens.map(|s| label(s.as_str())),
                "cible": i.cible.as_ref().map(|c| with_unit(c.valeur.value, &i.unite)),
                "par_habitants": i.par_habitants.as_ref().map(|p| format!("pour {} habitants", number(f64::from(p.value)))),
                "href": r.href(URL, &format!("{URL}{code}/")),
            })
        }).collect::<Vec<_>>(),
    }))]
}

fn indicator_jobs(r: &Context) -> Vec<Job> {
    let mut jobs = Vec::new();
    let latest_by_territory: Vec<_> = published_territories(r)
        .into_iter()
        .map(|t| {
            (
                t,
                latest_measures(t),
                t.official().and_then(|f| f.population),
            )
        })
        .collect();
    let year = crate::geo::geography().population_year;
    for i in r.site.indicators() {
        let code = i.code.value.to_lowercase();
        let url = format!("{URL}{code}/");
        let per = i.par_habitants.as_ref().map(|p| p.value).filter(|p| *p > 0);
        let mut latest = Vec::new();
        let mut relative = Vec::new();
        let mut rows = Vec::new();
        for (t, measures, population) in &latest_by_territory {
            if let Some((period, value)) = measures.get(&i.code.value) {
                latest.push((t.short_name().to_string(), *value));
                let ratio = per
                    .zip(*population)
                    .filter(|(_, p)| *p > 0)
                    .map(|(n, p)| value * f64::from(n) / p as f64);
                if let Some(v) = ratio {
                    relative.push((t.short_name().to_string(), v));
                }
                rows.push(json!({
                    "territoire": t.short_name(), "href": r.href(&url, &format!("{}indicateurs/#{code}", territory_url(t))),
                    "valeur": with_unit(*value, &i.unite), "periode": date_text(period),
                    "population": population.map_or_else(|| "—".to_string(), |p| number(p as f64)),
                    "par_habitants": ratio.map_or_else(|| "—".to_string(), number),
                }));
            }
        }
        let per_label = per.map(|n| format!("pour {} habitants", number(f64::from(n))));
        jobs.push(r.job(INDICATOR.template, &url, &format!("{} — {}", i.code.value, i.nom), &[(TITLE.into(), URL.into())], None, None, None, json!({
            "indicateur": {
                "code": i.code.value, "nom": typography(&i.nom), "definition": typography(&i.definition), "unite": i.unite,
                "famille": i.famille, "sens": i.sens.map(|s| label(s.as_str())),
                "cible": i.cible.as_ref().map(|c| json!({
                    "valeur": with_unit(c.valeur.value, &i.unite), "source": typography(&c.source),
                    "echeance": c.echeance.as_ref().map(|e| date_text(&e.value)),
                })),
            },
            "comparaison": rows,
            "graphique": charts::bars(&format!("graphique-{code}"), &format!("{} : dernière valeur par territoire", i.nom), &i.unite, &latest),
            "par_habitants": per_label.as_ref().map(|label| json!({
                "libelle": label,
                "annee": year,
                "graphique": charts::bars(&format!("graphique-{code}-habitants"), &format!("{} : dernière valeur {label} (population municipale {year})", i.nom), &format!("{} {label}", i.unite), &relative),
            })),
        })));
    }
    jobs
}
