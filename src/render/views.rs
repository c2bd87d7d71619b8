//! What several kinds of page show alike: actors, map, references to actors, document
//! summaries, latest measures, progress of a roadmap, sources, the territories' cards.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::Context;
use super::format::{date_text, number, typography};
use super::labels::label;
use super::ready::{Piece, Ready};
use crate::markdown::Scan;
use crate::model::schema::{Acteur, ActionStatut};
use crate::model::{ActorName, Document, MarkdownFile, Territory};

/// The anchors of a Markdown text: the ids of its headings.
pub fn headings(scan: &Scan) -> std::collections::BTreeSet<String> {
    scan.headings.iter().map(|h| h.id.clone()).collect()
}

/// The territories that have a card, in order: the others have no pages.
pub fn published_territories<'a>(r: &Context<'a>) -> Vec<&'a Territory> {
    r.site
        .territories
        .iter()
        .filter(|t| t.card.is_some())
        .collect()
}

/// The documents of territory `t` that this build publishes.
pub fn published_documents<'a>(r: &Context, t: &'a Territory) -> Vec<&'a Document> {
    t.documents
        .iter()
        .filter(|d| r.published(&d.page))
        .collect()
}

/// The URL of a territory's page.
pub fn territory_url(t: &Territory) -> String {
    format!("/territoires/{}/", t.slug)
}

/// The URL of the page of actor `id` of territory `t`.
pub fn actor_url(t: &Territory, id: &str) -> String {
    format!("{}acteurs/{id}/", territory_url(t))
}

/// The postal address of an actor on one line, when it has one.
pub fn address(a: &Acteur) -> Option<String> {
    let parts: Vec<String> = [
        a.adresse.clone(),
        a.complement_adresse.clone(),
        match (&a.code_postal, &a.commune) {
            (Some(cp), Some(c)) => Some(format!("{} {}", cp.value, c.value)),
            (None, Some(c)) => Some(c.value.clone()),
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
pub fn actor_view(r: &Context, t: &Territory, a: &Acteur, from: &str) -> Value {
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
        "provenance": provenance(a),
        "territoire": t.short_name(),
        "territoire_href": r.href(from, &territory_url(t)),
        "href": r.href(from, &actor_url(t, &a.id.value)),
    })
}

/// Where an imported place's data comes from, and of when: « Données : Hubik, mises à jour
/// le 2 avril 2024 » (`None` for an actor without `source`).
fn provenance(a: &Acteur) -> Option<String> {
    let source = a
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())?;
    let when = a
        .date_maj
        .as_ref()
        .map(|d| format!(", mises à jour le {}", date_text(&d.value)))
        .unwrap_or_default();
    Some(typography(&format!("Données : {source}{when}")))
}

/// The template of a located actor's entry in a map's list of places, rendered alone with `p`
/// (the point: `nom`, `territoire`, `adresse`, `href`, `lat`, `lon`).
pub const PLACE: &str = "partiels/lieu.html";

/// The located actors of these territories as map points: each one's JSON for the map's
/// script (see [`map_view`]) and its variables for [`PLACE`].
pub fn map_points(r: &Context, territories: &[&Territory], from: &str) -> Vec<(String, Value)> {
    territories
        .iter()
        .flat_map(|t| {
            t.actor_list()
                .iter()
                .filter_map(|a| map_point(r, t, a, from))
        })
        .collect()
}

/// Actor `a` of territory `t` as a map point, when it is located (see [`map_points`]).
pub fn map_point(r: &Context, t: &Territory, a: &Acteur, from: &str) -> Option<(String, Value)> {
    let (lat, lon) = (a.latitude.as_ref()?, a.longitude.as_ref()?);
    let p = json!({
        "nom": a.nom,
        "territoire": t.short_name(),
        "lat": lat.value,
        "lon": lon.value,
        "adresse": address(a),
        "href": r.href(from, &actor_url(t, &a.id.value)),
    });
    // Inside `<script type="application/json">`: no `<` at all (`</script>` or `<!--` in a name
    // would end or confuse the element), and `&`, `>` alike; JSON reads `\u003c` as `<`.
    let json = serde_json::to_string(&p)
        .ok()?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Some((json, json!({ "p": p })))
}

/// The map block of these points (see [`map_points`]): the points as JSON for the script
/// (`json`), the places' list (`lieux`, each entry rendered by [`PLACE`]), the tiles, their
/// attribution and the link to the file of the network's places.
pub fn map_view(r: &Context, points: Vec<(String, Value)>, from: &str) -> Value {
    let places = r.entries(PLACE, points);
    let (points, lieux): (Vec<String>, Vec<&str>) = places
        .iter()
        .map(|(point, html)| (point.clone(), html.as_str()))
        .unzip();
    let mut view: serde_json::Map<String, Value> = map_settings(r, from)
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    view.insert("lieux".into(), json!(lieux));
    view.insert("json".into(), json!(format!("[{}]", points.join(","))));
    Value::Object(view)
}

/// The map block of places already rendered (each one's JSON, its HTML), as [`map_view`] gives
/// it, the places' HTML shared as it is kept.
pub fn map_view_of(r: &Context, places: Vec<(String, Piece)>, from: &str) -> Ready {
    let (points, lieux): (Vec<String>, Vec<Piece>) = places.into_iter().unzip();
    let json = Piece::new(&format!("[{}]", points.join(",")));
    let mut view = vec![
        ("lieux", Ready::pieces(lieux)),
        ("json", Ready::Piece(json)),
    ];
    let settings = map_settings(r, from).into_iter();
    view.extend(settings.map(|(key, value)| (key, Ready::Json(value))));
    Ready::Map(view)
}

/// The map block's tiles, attribution and link to the file of the network's places.
fn map_settings(r: &Context, from: &str) -> [(&'static str, Value); 3] {
    let carte = r.site.config.as_ref().and_then(|c| c.carte.as_ref());
    let tiles = carte.map(|c| c.tuiles.value.as_str());
    let attribution = carte.map(|c| c.attribution.as_str());
    [
        (
            "tuiles",
            json!(tiles.unwrap_or("https://tile.openstreetmap.org/{z}/{x}/{y}.png")),
        ),
        (
            "attribution",
            json!(attribution.unwrap_or("© les contributeurs d'OpenStreetMap")),
        ),
        ("geojson", json!(r.href(from, "/donnees/acteurs.geojson"))),
    ]
}

/// A reference to an actor (`id`, `territoire/id`) or a free name, resolved for the page `from`.
pub fn actor_ref(r: &Context, t: &Territory, value: &str, from: &str) -> Value {
    let (target, id) = match ActorName::of(value) {
        ActorName::Of(ts, id) => {
            r.note_read(&t.slug, ts);
            (r.site.territory(ts), id)
        }
        ActorName::Own(id) => (Some(t), id),
        ActorName::Free(name) => (None, name),
    };
    if let Some(target) = target
        && let Some(a) = target.actor_list().iter().find(|a| a.id.value == id)
    {
        return json!({
            "nom": typography(named(a)),
            "href": r.href(from, &actor_url(target, &a.id.value)),
        });
    }
    json!({ "nom": typography(value.trim()), "href": null })
}

/// What a reference to an actor ([`actor_ref`]) shows of it besides its id: its name. The
/// preview renders again the pages naming an actor only when this changed
/// ([`Shows::NamedActors`](crate::render::kinds::Shows::NamedActors)).
pub fn named(a: &Acteur) -> &str {
    &a.nom
}

/// The breadcrumbs of a territory's pages (label, URL).
pub fn crumbs(t: &Territory) -> Vec<(String, String)> {
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
pub fn progress(t: &Territory) -> Option<Value> {
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

/// A document as lists show it.
pub fn document_summary(r: &Context, t: &Territory, d: &Document, from: &str) -> Value {
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
pub fn data_links(r: &Context, t: &Territory, name: &str, from: &str) -> Value {
    let file = |ext: &str| {
        let path = crate::paths::territory_export(&t.slug, name, ext);
        r.href(from, &format!("/{path}"))
    };
    json!({ "csv": file("csv"), "json": file("json"), "tout": r.href(from, "/donnees/") })
}

/// The sources of a territory's facts, as its pages list them.
pub fn territory_sources(t: &Territory) -> Vec<Value> {
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

/// What a territory's documents show of its card: its short name, the sources of its facts
/// (on print pages) and what the models they adopt read of it. The preview renders them again
/// on a change of the card only when this changed
/// ([`Shows::CardSummary`](crate::render::kinds::Shows::CardSummary)).
pub fn card_summary(t: &Territory) -> String {
    json!({
        "nom": t.short_name(),
        "sources": territory_sources(t),
        "modeles": crate::model::adoption::territory_fields(t),
    })
    .to_string()
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
pub fn model_file<'a>(r: &'a Context, d: &Document) -> Option<&'a Path> {
    let slug = &d.page.front.modele.as_ref()?.value;
    r.site.model(slug).map(|m| m.file())
}

/// The file a segment of a document's text comes from (its links are relative to it): the
/// adopted model's, or the document's own.
pub fn segment_file<'a>(r: &'a Context, d: &'a Document, s: &crate::model::Piece) -> &'a Path {
    s.from_model
        .then(|| model_file(r, d))
        .flatten()
        .unwrap_or(d.page.file())
}

/// When a page was last changed: its `mis_a_jour`, its last commit, or its date.
pub fn page_updated(r: &Context, p: &MarkdownFile) -> Option<String> {
    r.updated(
        p.front.mis_a_jour.as_ref(),
        &[p.file()],
        p.front.date.as_ref(),
    )
}

/// What the official geography says of a territory with a `code`: official name and kind,
/// code, number of communes (and their list when `list`: a card does not show it), population
/// with its year, and the Insee's record.
pub fn official_view(t: &Territory, list: bool) -> Option<Value> {
    let f = t.official()?;
    let g = crate::geo::geography();
    let communes = if list { &f.communes[..] } else { &[] };
    Some(json!({
        "nom": typography(&f.titre),
        "nature": typography(f.kind),
        "code": t.card.as_ref()?.code.as_ref()?.value.trim(),
        "nombre_communes": count(f.communes.len(), "commune", "communes"),
        "communes": communes.iter().map(|(code, nom)| json!({ "code": code, "nom": typography(nom) })).collect::<Vec<_>>(),
        "population": f.population.map(|p| count(p as usize, "habitant", "habitants")),
        "annee_population": g.population_year,
        "fiche": f.record,
        "source": format!("code officiel géographique {} de l'Insee", g.millesime),
    }))
}

/// The template of a territory's card, rendered alone with `t` (see [`territory_card`]) and
/// `niveau_titre` (the level of its heading: 2 or 3).
pub const CARD: &str = "partiels/carte-territoire.html";

/// The cards of the published territories for the page at `from` (their headings at `level`),
/// as HTML kept per territory (see [`Context::entries_of_territory`]).
pub fn territory_cards(r: &Context, from: &str, level: u8) -> Vec<Piece> {
    published_territories(r)
        .iter()
        .flat_map(|t| {
            r.entries_of_territory(from, "fiche", t, CARD, || {
                let vars = json!({ "t": territory_card(r, t, from), "niveau_titre": level });
                vec![(String::new(), vars)]
            })
        })
        .map(|(_, html)| html)
        .collect()
}

/// A territory as the lists of territories show it.
pub fn territory_card(r: &Context, t: &Territory, from: &str) -> Value {
    let card = t.card.as_ref();
    json!({
        "nom": typography(&t.short_name()),
        "nom_complet": card.map(|c| typography(&c.nom)),
        "echelon": card.map(|c| label(c.echelon.as_str())),
        "resume": t.index.as_ref().and_then(|p| p.front.resume.as_ref()).map(|s| typography(s)),
        "href": r.href(from, &territory_url(t)),
        "acteurs": count(t.actor_list().len(), "acteur", "acteurs"),
        "documents": count(t.documents.iter().filter(|d| r.published(&d.page)).count(), "document", "documents"),
        "conseillers": card.and_then(|c| c.conseillers_numeriques).map(|n| number(n as f64)),
        "officiel": official_view(t, false),
    })
}
