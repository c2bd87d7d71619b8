//! The pages of one territory: identity card, actors, indicators, roadmap, documents.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::format::{date_text, euros, number, typography, with_unit};
use super::labels::label;
use super::{Job, Renderer, charts};
use crate::model::schema::{Acteur, ActionStatut};
use crate::model::{Document, Page, Territory};
use crate::text::{HeadingIds, is_slug};

/// The URL of a territory's page.
pub fn territory_url(t: &Territory) -> String {
    format!("/territoires/{}/", t.slug)
}

/// The postal address of an actor on one line, when it has one.
fn address(a: &Acteur) -> Option<String> {
    let parts: Vec<String> = [
        a.adresse.clone(),
        a.complement_adresse.clone(),
        match (&a.code_postal, &a.commune) {
            (Some(cp), Some(c)) => Some(format!("{} {c}", cp.value)),
            (None, Some(c)) => Some(c.clone()),
            (Some(cp), None) => Some(cp.value.clone()),
            (None, None) => None,
        },
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// An actor as pages show it, with links relative to the page at `from`.
pub fn actor_view(r: &Renderer, t: &Territory, a: &Acteur, from: &str) -> Value {
    json!({
        "id": a.id.value,
        "uid": format!("{}-{}", t.slug, a.id.value),
        "nom": typography(&a.nom),
        "categorie": label(a.categorie.as_str()),
        "categorie_code": a.categorie.as_str(),
        "roles": a.roles.iter().map(|x| label(x.as_str())).collect::<Vec<_>>(),
        "roles_codes": a.roles.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" "),
        "adresse": address(a),
        "telephone": a.telephone.as_ref().map(|x| x.value.clone()),
        "courriels": a.courriels.iter().map(|x| x.value.clone()).collect::<Vec<_>>(),
        "site_web": a.site_web.as_ref().map(|x| x.value.clone()),
        "horaires": a.horaires.as_ref().map(|x| x.value.clone()),
        "services": a.services.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
        "publics": a.publics_specifiquement_adresses.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
        "modalites": a.modalites_accompagnement.iter().map(|x| x.as_str()).collect::<Vec<_>>(),
        "resume": a.presentation_resume.as_ref().map(|x| typography(&x.value)),
        "conseillers": a.conseillers_numeriques,
        "localise": a.latitude.is_some() && a.longitude.is_some(),
        "territoire": t.short_name(),
        "territoire_href": r.href(from, &territory_url(t)),
        "href": r.href(from, &format!("{}acteurs/#{}", territory_url(t), a.id.value)),
    })
}

/// The located actors of these territories, as map points (longitude, latitude).
pub fn map_points(r: &Renderer, territories: &[&Territory], from: &str) -> Vec<Value> {
    let mut points = Vec::new();
    for t in territories {
        for a in t.actor_list() {
            if let (Some(lat), Some(lon)) = (&a.latitude, &a.longitude) {
                points.push(json!({
                    "nom": a.nom,
                    "territoire": t.short_name(),
                    "lat": lat.value,
                    "lon": lon.value,
                    "adresse": address(a),
                    "href": r.href(from, &format!("{}acteurs/#{}", territory_url(t), a.id.value)),
                }));
            }
        }
    }
    points
}

/// The map block: points as JSON for the script, tiles and attribution.
pub fn map_view(r: &Renderer, points: Vec<Value>, from: &str) -> Value {
    let carte = r.site.config.as_ref().and_then(|c| c.carte.as_ref());
    // Inside `<script type="application/json">`: no `<` at all (`</script>` or `<!--` in a name
    // would end or confuse the element), and `&`, `>` alike; JSON reads `\u003c` as `<`.
    let json = serde_json::to_string(&points)
        .unwrap_or_else(|_| "[]".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    json!({
        "points": points,
        "json": json,
        "tuiles": carte.map(|c| c.tuiles.value.clone()).unwrap_or_else(|| "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into()),
        "attribution": carte.map(|c| c.attribution.clone()).unwrap_or_else(|| "© les contributeurs d'OpenStreetMap".into()),
        "geojson": r.href(from, "/donnees/acteurs.geojson"),
    })
}

/// A reference to an actor (`id`, `territoire/id`) or a free name, resolved for the page `from`.
pub fn actor_ref(r: &Renderer, t: &Territory, value: &str, from: &str) -> Value {
    let (target, id) = match value.split_once('/') {
        Some((ts, id)) => {
            r.note_read(&t.slug, ts);
            (r.site.territory(ts), id)
        }
        None if is_slug(value) => (Some(t), value),
        None => (None, value),
    };
    if let Some(target) = target
        && let Some(a) = target.actor_list().iter().find(|a| a.id.value == id)
    {
        return json!({
            "nom": typography(&a.nom),
            "href": r.href(from, &format!("{}acteurs/#{}", territory_url(target), a.id.value)),
        });
    }
    json!({ "nom": typography(value), "href": null })
}

fn crumbs(t: &Territory) -> Vec<(String, String)> {
    vec![
        ("Territoires".into(), "/territoires/".into()),
        (t.short_name().to_string(), territory_url(t)),
    ]
}

/// The latest value of each indicator the territory measures.
pub fn latest_measures(t: &Territory) -> BTreeMap<String, (String, f64)> {
    let mut out: BTreeMap<String, (String, f64)> = BTreeMap::new();
    for m in t.measures.iter().flat_map(|d| d.items.iter().flatten()) {
        let period = m.periode.value.clone();
        let entry = out
            .entry(m.indicateur.value.clone())
            .or_insert((period.clone(), m.valeur.value));
        if crate::date::PartialDate::parse(&period) >= crate::date::PartialDate::parse(&entry.0) {
            *entry = (period, m.valeur.value);
        }
    }
    out
}

/// Actions of the roadmap counted by status, and the share completed.
fn progress(t: &Territory) -> Option<Value> {
    let roadmap = t.roadmap.as_ref()?;
    let actions: Vec<ActionStatut> = roadmap
        .front
        .axes
        .iter()
        .flatten()
        .flat_map(|a| a.actions.iter().map(|x| x.statut))
        .collect();
    let total = actions.len();
    let counts: Vec<Value> = ActionStatut::ALL
        .iter()
        .map(|s| {
            let n = actions.iter().filter(|a| *a == s).count();
            json!({ "statut": label(s.as_str()), "code": s.as_str(), "nombre": n })
        })
        .collect();
    let done = actions
        .iter()
        .filter(|a| **a == ActionStatut::Realisee)
        .count();
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    Some(json!({ "total": total, "realisees": done, "pourcentage": percent, "statuts": counts }))
}

/// Every page of territory `t`.
pub fn territory_pages(r: &Renderer, t: &Territory) -> Vec<Job> {
    let Some(card) = &t.card else {
        return Vec::new();
    };
    let base = territory_url(t);
    let mut jobs = Vec::new();
    let name = t.short_name().to_string();
    let docs: Vec<&Document> = t
        .documents
        .iter()
        .filter(|d| r.published(&d.page))
        .collect();

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

    // Documents, each with its print page when printable.
    let sources = territory_sources(t);
    for d in docs {
        let url = format!("{base}documents/{}/", d.page.slug);
        // The text from the model and the document's own sections, for the page at `at`.
        let body = |at: &str| -> String {
            let mut ids = HeadingIds::default();
            d.segments
                .iter()
                .map(|s| r.md(&s.text, segment_file(r, d, s), at, &mut ids))
                .collect()
        };
        let files: Vec<&Path> = std::iter::once(d.page.file())
            .chain(model_file(r, d))
            .collect();
        let updated = r.updated(
            d.page.front.mis_a_jour.as_ref(),
            &files,
            d.page
                .front
                .adopte_le
                .as_ref()
                .or(d.page.front.date.as_ref()),
        );
        let view = |at: &str| {
            let mut summary = document_summary(r, t, d, at);
            summary["corps"] = json!(body(at));
            summary["signataires"] = json!(
                d.page
                    .front
                    .signataires
                    .iter()
                    .flatten()
                    .map(|s| actor_ref(r, t, &s.value, at))
                    .collect::<Vec<_>>()
            );
            summary
        };
        let printable = d.page.is_printable();
        let print_url = crate::paths::print_page(&url);
        let mut summary = view(&url);
        if printable {
            summary["impression_href"] = json!(r.href(&url, &print_url));
            if cfg!(feature = "pdf") {
                summary["pdf_href"] = json!(r.href(&url, &format!("/{}", document_pdf_path(t, d))));
            }
        }
        jobs.push(r.job(
            "document.html",
            &url,
            &d.page.front.titre,
            &crumbs(t),
            Some(d.page.file()),
            d.page.front.resume.as_deref(),
            updated.clone(),
            json!({ "document": summary, "territoire": name }),
        ));
        if printable {
            let mut trail = crumbs(t);
            trail.push((d.page.front.titre.clone(), url.clone()));
            jobs.push(r.job(
                "impression.html",
                &print_url,
                &d.page.front.titre,
                &trail,
                Some(d.page.file()),
                d.page.front.resume.as_deref(),
                updated,
                json!({
                    "document": view(&print_url),
                    "territoire": name,
                    "entete": print_header(&format!("{name} — {}", d.page.front.titre)),
                    "sources": sources,
                    "page_href": r.href(&print_url, &url),
                }),
            ));
        }
    }
    jobs
}

/// A document as lists show it.
pub fn document_summary(r: &Renderer, t: &Territory, d: &Document, from: &str) -> Value {
    let f = &d.page.front;
    let model = f
        .modele
        .as_ref()
        .and_then(|m| r.site.model(&m.value))
        .filter(|m| r.published(m));
    json!({
        "titre": typography(&f.titre),
        "resume": f.resume.as_ref().map(|s| typography(s)),
        "href": r.href(from, &format!("{}documents/{}/", territory_url(t), d.page.slug)),
        "type": r.site.document_type(d).map(|k| label(k.as_str()).to_string()),
        "statut": f.statut.as_ref().map(|s| label(s.value.as_str()).to_string()),
        "statut_code": f.statut.as_ref().map(|s| s.value.as_str()),
        "adopte_le": f.adopte_le.as_ref().map(|x| date_text(&x.value)),
        "date": f.date.as_ref().map(|x| date_text(&x.value)),
        "modele": model.map(|m| json!({ "titre": typography(&m.front.titre), "href": r.href(from, &format!("/modeles/{}/", m.slug)) })),
        "territoire": t.short_name(),
        "territoire_href": r.href(from, &territory_url(t)),
    })
}

/// `n` in French with its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n as f64), if n <= 1 { one } else { many })
}

/// Links from the page at `from` to the rows of territory `t` in the export `name`, and to the
/// open-data page.
fn data_links(r: &Renderer, t: &Territory, name: &str, from: &str) -> Value {
    let file = |ext: &str| {
        let path = crate::paths::territory_export(&t.slug, name, ext);
        r.href(from, &format!("/{path}"))
    };
    json!({ "csv": file("csv"), "json": file("json"), "tout": r.href(from, "/donnees/") })
}

/// The sources of a territory's facts, as its pages list them.
fn territory_sources(t: &Territory) -> Vec<Value> {
    t.card
        .iter()
        .flat_map(|c| c.sources.iter().flatten())
        .map(|s| {
            json!({
                "titre": typography(&s.titre),
                "url": s.url.as_ref().map(|u| u.value.clone()),
                "date": s.date.as_ref().map(|d| date_text(&d.value)),
            })
        })
        .collect()
}

/// The running header of a print page, as a CSS string (for `@page` margin boxes).
pub fn print_header(text: &str) -> String {
    let mut out = String::from("\"");
    for c in typography(text).chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The file of the model a document adopts.
fn model_file<'a>(r: &'a Renderer, d: &Document) -> Option<&'a Path> {
    let slug = &d.page.front.modele.as_ref()?.value;
    r.site.model(slug).map(|m| m.file())
}

/// The file a segment of a document's text comes from (its links are relative to it): the
/// adopted model's, or the document's own.
fn segment_file<'a>(
    r: &'a Renderer,
    d: &'a Document,
    s: &crate::model::adoption::Segment,
) -> &'a Path {
    s.from_model
        .then(|| model_file(r, d))
        .flatten()
        .unwrap_or(d.page.file())
}

/// Where the PDF of a territory's document is written.
pub fn document_pdf_path(t: &Territory, d: &Document) -> String {
    crate::paths::document_pdf(&t.slug, &d.page.slug)
}

/// Where the PDF of a model is written.
pub fn model_pdf_path(m: &Page) -> String {
    crate::paths::model_pdf(&m.slug)
}

/// Where a territory's dossier (all its printable documents in one PDF) is written.
pub fn dossier_pdf_path(t: &Territory) -> String {
    crate::paths::dossier_pdf(&t.slug)
}

/// Every printable document and model of the build as its PDF shows it, and each territory's
/// dossier (for territories with printable documents).
pub fn printables(
    r: &Renderer,
) -> (
    Vec<crate::products::Printable>,
    Vec<crate::products::Dossier>,
) {
    let mut out = Vec::new();
    let mut dossiers = Vec::new();
    for t in r.site.territories.iter().filter(|t| t.card.is_some()) {
        let (printables, dossier) = territory_printables(r, t);
        out.extend(printables);
        dossiers.extend(dossier);
    }
    out.extend(model_printables(r));
    (out, dossiers)
}

/// A territory's printable documents as their PDFs show them, and its dossier.
pub fn territory_printables(
    r: &Renderer,
    t: &Territory,
) -> (
    Vec<crate::products::Printable>,
    Option<crate::products::Dossier>,
) {
    use crate::products::{Dossier, Printable};
    let text = |v: &Value| v.as_str().map(String::from);
    let mut out = Vec::new();
    let sources: Vec<String> = territory_sources(t)
        .iter()
        .map(|s| {
            let mut line = text(&s["titre"]).unwrap_or_default();
            if let Some(url) = text(&s["url"]) {
                line.push_str(&format!(" : {url}"));
            }
            line
        })
        .collect();
    for d in t
        .documents
        .iter()
        .filter(|d| r.published(&d.page) && d.page.is_printable())
    {
        let from = format!("{}documents/{}/", territory_url(t), d.page.slug);
        let summary = document_summary(r, t, d, &from);
        let f = &d.page.front;
        out.push(Printable {
            path: document_pdf_path(t, d),
            file: d.page.file().to_path_buf(),
            title: typography(&f.titre),
            territory: Some(typography(t.short_name())),
            nature: None,
            kind: text(&summary["type"]),
            status: text(&summary["statut"]),
            adopted: text(&summary["adopte_le"]),
            model: text(&summary["modele"]["titre"]),
            signatories: f
                .signataires
                .iter()
                .flatten()
                .filter_map(|s| text(&actor_ref(r, t, &s.value, &from)["nom"]))
                .collect(),
            sources: sources.clone(),
            markdown: d
                .segments
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
            links: d
                .segments
                .iter()
                .flat_map(|s| r.link_targets(&s.text, segment_file(r, d, s)))
                .collect(),
            day: f
                .adopte_le
                .as_ref()
                .or(f.date.as_ref())
                .map(|d| d.value.clone()),
        });
    }
    let day = out.iter().filter_map(|p| p.day.clone()).max();
    let dossier = (!out.is_empty()).then(|| Dossier {
        path: dossier_pdf_path(t),
        file: std::path::PathBuf::from(format!("content/territoires/{}", t.slug)),
        territory: typography(t.short_name()),
        documents: out.clone(),
        sources,
        day: day.map(|d| (date_text(&d), d)),
    });
    (out, dossier)
}

/// The printable models as their PDFs show them.
pub fn model_printables(r: &Renderer) -> Vec<crate::products::Printable> {
    use crate::products::Printable;
    let mut out = Vec::new();
    for m in r
        .site
        .models
        .iter()
        .filter(|m| r.published(m) && m.is_printable())
    {
        let markdown = crate::model::adoption::render_model(
            &m.body,
            &crate::model::adoption::neutral_context(&m.body),
        )
        .unwrap_or_default();
        out.push(Printable {
            path: model_pdf_path(m),
            file: m.file().to_path_buf(),
            title: typography(&m.front.titre),
            territory: None,
            nature: Some("Modèle partagé, à adopter et compléter par chaque territoire".into()),
            kind: m
                .front
                .kind
                .as_ref()
                .map(|k| label(k.value.as_str()).to_string()),
            status: None,
            adopted: None,
            model: None,
            signatories: Vec::new(),
            sources: Vec::new(),
            links: r.link_targets(&markdown, m.file()),
            markdown,
            day: m.front.date.as_ref().map(|d| d.value.clone()),
        });
    }
    out
}
