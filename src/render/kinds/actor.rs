//! A page per actor: everything its entry says, its place on a map when located, its opening
//! hours in words, what its territory's roadmap, documents, committees and budget say of it,
//! and its rows in the open data.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Kind, Pick, Scope, Shows};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::model::schema::{Acteur, S};
use crate::render::format::{date_text, euros, typography};
use crate::render::labels::label;
use crate::render::views::{
    actor_url, actor_view, crumbs, data_links, map_point, map_view, published_documents,
    territory_url,
};
use crate::render::{Context, Job, hours};

/// `/territoires/<slug>/acteurs/<id>/`.
pub const ACTOR: Kind = Kind {
    template: "acteur.html",
    search: Some("Acteurs"),
    menu: None,
    print: None,
    shows: &[
        Shows::Cards,
        Shows::Actors,
        Shows::Roadmaps,
        Shows::Documents,
    ],
    own: &[],
    scope: Scope::Territory { pages, jobs },
};

/// The ids of the sections of the page, which links may name.
const SECTIONS: [&str; 3] = ["actions", "documents", "donnees"];

fn pages(t: &Territory, ix: &mut Pages) {
    for a in t.actor_list() {
        // No source file: links to `acteurs.yaml#id` lead to the list, as before.
        let anchors: BTreeSet<String> = SECTIONS.iter().map(|s| s.to_string()).collect();
        ix.add(actor_url(t, &a.id.value), None, Some(anchors), false);
    }
}

/// True when `value` (an actor reference written in territory `t`) names actor `id` of `t`.
fn names(t: &Territory, value: &S<String>, id: &str) -> bool {
    match value.value.split_once('/') {
        Some((territory, other)) => territory == t.slug && other == id,
        None => value.value == id,
    }
}

fn jobs(r: &Context, t: &Territory, _: &Pick) -> Vec<Job> {
    let list = format!("{}acteurs/", territory_url(t));
    let mut trail = crumbs(t);
    trail.push(("Acteurs".into(), list.clone()));
    let files: Vec<&std::path::Path> = t.actors.iter().map(|d| d.origin.file.as_path()).collect();
    t.actor_list()
        .iter()
        .map(|a| {
            let url = actor_url(t, &a.id.value);
            let description = a
                .presentation_resume
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_else(|| {
                    format!(
                        "{} : acteur de l'inclusion numérique, {}.",
                        a.nom,
                        t.short_name()
                    )
                });
            r.job(
                ACTOR.template,
                &url,
                &a.nom,
                &trail,
                t.actors.as_ref().map(|d| d.origin.file.as_path()),
                Some(&description),
                r.updated(None, &files, a.date_maj.as_ref()),
                view(r, t, a, &url, &list),
            )
        })
        .collect()
}

/// What the page of actor `a` of territory `t` shows.
fn view(r: &Context, t: &Territory, a: &Acteur, url: &str, list: &str) -> Value {
    let id = a.id.value.as_str();
    let mut acteur = actor_view(r, t, a, url);
    acteur["horaires_en_mots"] = json!(a.horaires.as_ref().and_then(|h| hours::in_words(&h.value)));
    acteur["pivot"] = json!(a.pivot.as_ref().map(|p| p.value.clone()));
    acteur["verifie_le"] = json!(a.date_maj.as_ref().map(|d| date_text(&d.value)));
    let values = |v: Vec<&str>| json!(v);
    acteur["detail"] = json!(a.presentation_detail.as_deref().map(typography));
    acteur["itinerance"] = values(a.itinerance.iter().map(|x| x.as_str()).collect());
    acteur["structure_parente"] = json!(a.structure_parente.as_deref().map(typography));
    acteur["prise_en_charge"] = values(
        a.prise_en_charge_specifique
            .iter()
            .map(|x| x.as_str())
            .collect(),
    );
    acteur["frais"] = values(a.frais_a_charge.iter().map(|x| x.as_str()).collect());
    acteur["dispositifs"] = values(
        a.dispositif_programmes_nationaux
            .iter()
            .map(|x| x.as_str())
            .collect(),
    );
    acteur["labels"] = values(
        a.formations_labels
            .iter()
            .map(|x| x.as_str())
            .chain(a.autres_formations_labels.iter().map(String::as_str))
            .collect(),
    );
    acteur["acces"] = values(a.modalites_acces.iter().map(|x| x.as_str()).collect());
    acteur["fiche_acces_libre"] = json!(a.fiche_acces_libre.as_ref().map(|x| x.value.clone()));
    acteur["prise_rdv"] = json!(a.prise_rdv.as_ref().map(|x| x.value.clone()));
    json!({
        "acteur": acteur,
        "territoire": t.short_name(),
        "liste_href": r.href(url, &format!("{list}#{id}")),
        "carte": map_view(r, map_point(r, t, a, url).into_iter().collect(), url),
        "actions": actions(r, t, id, url),
        "documents": documents(r, t, id, url),
        "comites": t.card.iter().flat_map(|c| c.comites.iter().flatten())
            .filter(|c| c.composition.iter().flatten().any(|m| names(t, m, id)))
            .map(|c| json!({ "nom": typography(&c.nom), "type": label(c.kind.as_str()) }))
            .collect::<Vec<_>>(),
        "financements": t.card.iter().flat_map(|c| c.budget.iter().flatten())
            .filter(|b| names(t, &b.financeur, id))
            .map(|b| json!({
                "montant": euros(b.montant.value),
                "periode": typography(&b.periode),
                "objet": typography(&b.objet),
            }))
            .collect::<Vec<_>>(),
        "coordination": t.card.as_ref()
            .and_then(|c| c.coordination.as_ref()?.structure.as_ref())
            .is_some_and(|s| names(t, s, id)),
        "donnees": data_links(r, t, "acteurs", url),
    })
}

/// The actions of the territory's roadmap that the actor carries or joins.
fn actions(r: &Context, t: &Territory, id: &str, url: &str) -> Vec<Value> {
    let Some(roadmap) = t.roadmap.as_ref().filter(|p| r.published(p)) else {
        return Vec::new();
    };
    let page = format!("{}feuille-de-route/", territory_url(t));
    roadmap
        .front
        .axes
        .iter()
        .flatten()
        .flat_map(|axe| axe.actions.iter().map(move |action| (axe, action)))
        .filter_map(|(axe, action)| {
            let role = if action.porteurs.iter().any(|p| names(t, p, id)) {
                "porteur"
            } else if action.partenaires.iter().any(|p| names(t, p, id)) {
                "partenaire"
            } else {
                return None;
            };
            Some(json!({
                "titre": typography(&action.titre),
                "axe": typography(&axe.titre),
                "role": role,
                "statut": label(action.statut.as_str()),
                "statut_code": action.statut.as_str(),
                "echeance": action.echeance.as_ref().map(|d| date_text(&d.value)),
                "href": r.href(url, &format!("{page}#{}", action.id.value)),
            }))
        })
        .collect()
}

/// The territory's published documents that the actor signs.
fn documents(r: &Context, t: &Territory, id: &str, url: &str) -> Vec<Value> {
    published_documents(r, t)
        .into_iter()
        .filter(|d| {
            d.page
                .front
                .signataires
                .iter()
                .flatten()
                .any(|s| names(t, s, id))
        })
        .map(|d| crate::render::views::document_summary(r, t, d, url))
        .collect()
}
