//! The shared models: their list, and a page per model with its print page and PDF.

use serde_json::json;

use super::{Kind, Print, Scope, Shows, printed};
use crate::model::adoption::{neutral_context, render_model};
use crate::model::links::Pages;
use crate::model::{Document, MarkdownFile, Site, Territory};
use crate::render::format::typography;
use crate::render::labels::label;
use crate::render::printables::{model_pdf_path, model_printables};
use crate::render::ready::{Piece, Ready};
use crate::render::views::{
    count, document_summary, headings, page_updated, print_header, published_territories,
};
use crate::render::{Context, Job, Part};
use crate::text::HeadingIds;

const URL: &str = "/modeles/";
/// The template of a document in a model's list of adoptions, rendered alone with `d` (the
/// document).
const ADOPTION: &str = "partiels/adoption.html";
const TITLE: &str = "Modèles partagés";

/// `/modeles/`.
pub const MODELS: Kind = Kind {
    template: "modeles.html",
    search: Some("Modèle partagé"),
    menu: Some(("Modèles", URL)),
    print: None,
    shows: &[Shows::Models, Shows::Adoptions, Shows::Cards],
    own: &[],
    scope: Scope::Site {
        part: Part::Models,
        pages: |_, ix| ix.add_plain(URL),
        jobs: list,
    },
};

/// `/modeles/<slug>/`, with `…/impression/` and the PDF when printable.
pub const MODEL: Kind = Kind {
    template: "modele.html",
    search: Some("Modèle partagé"),
    menu: None,
    print: Some(Print::Site(model_printables)),
    shows: &[Shows::Models, Shows::Adoptions, Shows::Cards],
    own: &[],
    scope: Scope::Site {
        part: Part::Models,
        pages: model_pages,
        jobs: model_jobs,
    },
};

fn model_pages(site: &Site, ix: &mut Pages) {
    for m in &site.models {
        let base = format!("{URL}{}/", m.slug);
        let anchors = render_model(&m.body, &neutral_context(&m.body))
            .as_deref()
            .ok()
            .map(|text| headings(&crate::markdown::scan(text)));
        ix.add(base.clone(), Some(m.file()), anchors, m.is_draft());
        if m.is_printable() {
            printed(ix, &base, &crate::paths::model_pdf(&m.slug), m.is_draft());
        }
    }
}

/// The published documents of territory `t` that adopt the model `slug`.
fn adopted_in<'a>(
    r: &Context<'a>,
    t: &'a Territory,
    slug: &str,
) -> impl Iterator<Item = &'a Document> {
    let adopts = move |d: &&Document| {
        let model = d.page.front.modele.as_ref();
        r.published(&d.page) && model.is_some_and(|m| m.value == slug)
    };
    t.documents.iter().filter(adopts)
}

fn published<'a>(r: &Context<'a>) -> Vec<&'a MarkdownFile> {
    r.site.models.iter().filter(|m| r.published(m)).collect()
}

fn list(r: &Context) -> Vec<Job> {
    vec![r.job(
        MODELS.template,
        URL,
        TITLE,
        &[],
        None,
        None,
        None,
        json!({
            "modeles": published(r).iter().map(|m| json!({
                "titre": typography(&m.front.titre),
                "resume": m.front.resume.as_ref().map(|s| typography(s)),
                "type": m.front.kind.as_ref().map(|k| label(k.value.as_str())),
                "href": r.href(URL, &format!("{URL}{}/", m.slug)),
                "adoptions": count(
                    published_territories(r)
                        .into_iter()
                        .filter(|t| adopted_in(r, t, &m.slug).next().is_some())
                        .count(),
                    "territoire l'adopte",
                    "territoires l'adoptent",
                ),
            })).collect::<Vec<_>>(),
        }),
    )]
}

fn model_jobs(r: &Context) -> Vec<Job> {
    let mut jobs = Vec::new();
    for m in published(r) {
        let url = format!("{URL}{}/", m.slug);
        let text = render_model(&m.body, &neutral_context(&m.body)).unwrap_or_default();
        let prepared = r.prepare_md(&text, m.file(), &mut HeadingIds::default());
        let body = |at: &str| prepared.html(at);
        let kind = m.front.kind.as_ref().map(|k| label(k.value.as_str()));
        let print_url = crate::paths::print_page(&url);
        let printable = m.is_printable();
        // Each territory's documents that adopt it, as HTML kept from an earlier run or made
        // now.
        let adopters: Vec<Piece> = published_territories(r)
            .into_iter()
            .flat_map(|t| {
                r.entries_of_territory(&url, "adoptions", t, ADOPTION, || {
                    adopted_in(r, t, &m.slug)
                        .map(|d| {
                            (
                                String::new(),
                                json!({ "d": document_summary(r, t, d, &url) }),
                            )
                        })
                        .collect()
                })
            })
            .map(|(_, html)| html)
            .collect();
        let page = r.job(
            MODEL.template,
            &url,
            &m.front.titre,
            &[(TITLE.into(), URL.into())],
            Some(m.file()),
            m.front.resume.as_deref(),
            page_updated(r, m),
            json!({
                "corps": body(&url),
                "type": kind,
                "impression_href": printable.then(|| r.href(&url, &print_url)),
                "pdf_href": (printable && cfg!(feature = "pdf")).then(|| r.href(&url, &format!("/{}", model_pdf_path(m)))),
            }),
        );
        jobs.push(page.with("adoptions", Ready::pieces(adopters)));
        if printable {
            jobs.push(r.job(
                super::PRINT_TEMPLATE,
                &print_url,
                &m.front.titre,
                &[
                    (TITLE.into(), URL.into()),
                    (m.front.titre.clone(), url.clone()),
                ],
                Some(m.file()),
                m.front.resume.as_deref(),
                page_updated(r, m),
                json!({
                    "document": {
                        "titre": typography(&m.front.titre),
                        "type": kind,
                        "corps": body(&print_url),
                        "modele_partage": true,
                    },
                    "entete": print_header(&format!("Modèle partagé — {}", m.front.titre)),
                    "page_href": r.href(&print_url, &url),
                }),
            ));
        }
    }
    jobs
}
