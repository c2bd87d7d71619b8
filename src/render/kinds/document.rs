//! A territory's documents, each with its print page and PDF when printable, and the
//! territory's dossier (its printable documents in one PDF).

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde_json::json;

use super::{Kind, Pick, Print, Scope, Shows, printed};
use crate::model::Territory;
use crate::model::links::Pages;
use crate::paths;
use crate::render::printables::{document_pdf_path, territory_printables};
use crate::render::views::{
    actor_ref, crumbs, document_summary, headings, model_file, print_header, published_documents,
    segment_file, territory_sources, territory_url,
};
use crate::render::{Context, Job};
use crate::text::HeadingIds;

/// `/territoires/<slug>/documents/<slug>/`, with `…/impression/` and the PDF when printable.
pub const DOCUMENT: Kind = Kind {
    template: "document.html",
    search: Some("Document"),
    menu: None,
    print: Some(Print::Territory(territory_printables)),
    shows: &[
        Shows::CardSummary,
        Shows::Documents,
        Shows::Texts,
        Shows::Models,
        Shows::NamedActors,
    ],
    // A document's page and print page show that document alone, and the actors it names.
    own: &[Shows::Documents, Shows::Texts, Shows::NamedActors],
    scope: Scope::Territory { pages, jobs },
};

fn pages(t: &Territory, ix: &mut Pages) {
    let base = territory_url(t);
    for d in &t.documents {
        let url = format!("{base}documents/{}/", d.page.slug);
        ix.add(
            url.clone(),
            Some(d.page.file()),
            Some(headings(d.scan())),
            d.page.is_draft(),
        );
        if d.page.is_printable() {
            let pdf = paths::document_pdf(&t.slug, &d.page.slug);
            printed(ix, &url, &pdf, d.page.is_draft());
        }
    }
    // The dossier binds the printable documents that are built: a draft while they all are.
    let printable: Vec<bool> = t
        .documents
        .iter()
        .filter(|d| d.page.is_printable())
        .map(|d| d.page.is_draft())
        .collect();
    if cfg!(feature = "pdf") && !printable.is_empty() {
        let dossier = format!("/{}", paths::dossier_pdf(&t.slug));
        ix.add(
            dossier,
            None,
            Some(BTreeSet::new()),
            printable.iter().all(|d| *d),
        );
    }
}

fn jobs(r: &Context, t: &Territory, pick: &Pick) -> Vec<Job> {
    let base = territory_url(t);
    let name = t.short_name().to_string();
    let docs = published_documents(r, t);
    // Documents, each with its print page when printable; their views made in parallel (a
    // territory has hundreds, and a change of its short name makes them all again).
    let sources = territory_sources(t);
    let docs: Vec<_> = docs
        .into_iter()
        .filter(|d| pick.takes(d.page.file()))
        .collect();
    docs.into_par_iter()
        .flat_map_iter(|d| {
            let mut jobs = Vec::with_capacity(2);
            let url = format!("{base}documents/{}/", d.page.slug);
            // The text from the model and the document's own sections, parsed once, then
            // written for the page at `at`.
            let mut ids = HeadingIds::default();
            let segments: Vec<_> = d
                .segments()
                .iter()
                .map(|s| r.prepare_md(s.text, segment_file(r, d, s), &mut ids))
                .collect();
            let body = |at: &str| -> String { segments.iter().map(|s| s.html(at)).collect() };
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
                    summary["pdf_href"] =
                        json!(r.href(&url, &format!("/{}", document_pdf_path(t, d))));
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
                    super::PRINT_TEMPLATE,
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
            jobs
        })
        .collect()
}
