//! Every printable document and model as its PDF shows it, and each territory's dossier: what
//! `output::pdf` lays out.

use serde_json::Value;

use super::Context;
use super::format::{date_text, typography};
use super::labels::label;
use super::views::{actor_ref, document_summary, segment_file, territory_sources, territory_url};
use crate::model::{Document, MarkdownFile, Territory};

/// Where the PDF of a territory's document is written.
pub fn document_pdf_path(t: &Territory, d: &Document) -> String {
    crate::paths::document_pdf(&t.slug, &d.page.slug)
}

/// Where the PDF of a model is written.
pub fn model_pdf_path(m: &MarkdownFile) -> String {
    crate::paths::model_pdf(&m.slug)
}

/// Where a territory's dossier (all its printable documents in one PDF) is written.
pub fn dossier_pdf_path(t: &Territory) -> String {
    crate::paths::dossier_pdf(&t.slug)
}

/// A territory's printable documents as their PDFs show them, and its dossier.
pub fn territory_printables(
    r: &Context,
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
            territory: Some(typography(&t.short_name())),
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
                .segments()
                .iter()
                .map(|s| s.text)
                .collect::<Vec<_>>()
                .join("\n\n"),
            links: d
                .segments()
                .iter()
                .flat_map(|s| r.link_targets(s.text, segment_file(r, d, s)))
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
        territory: typography(&t.short_name()),
        documents: out.clone(),
        sources,
        day: day.map(|d| (date_text(&d), d)),
    });
    (out, dossier)
}

/// The printable models as their PDFs show them.
pub fn model_printables(r: &Context) -> Vec<crate::products::Printable> {
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
