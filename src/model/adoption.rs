//! Model adoption: a territory document with `modele: <slug>` takes the model's text, rendered
//! with Tera over the territory, then its own `## ` sections replace the model's sections of the
//! same slug or are appended.
//!
//! The model page itself renders with neutral placeholders (`[nom du territoire]`), which is
//! also how a model's template syntax is checked once, whether or not it is adopted.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

mod templating;

use templating::*;
pub use templating::{
    Ctx, model_variables, neutral_context, render_model, territory_context, territory_fields,
};

use super::{MarkdownFile, Site, Territory};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::markdown;
use crate::text::did_you_mean;

/// A piece of an adopted document and where its text was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// True when the text comes from the model (its links are relative to the model's file).
    pub from_model: bool,
    /// Markdown.
    pub text: String,
}

/// Puts the document's own sections into the model's text, as segments in reading order. `Err`
/// gives the byte offset of text written outside any `## ` section.
pub fn merge_segments(model_text: &str, doc_body: &str) -> Result<Vec<Segment>, usize> {
    let doc = markdown::sections(doc_body);
    if !doc.preamble.trim().is_empty() {
        let offset = doc.preamble.len() - doc.preamble.trim_start().len();
        return Err(offset);
    }
    let model = markdown::sections(model_text);
    let mut out = Vec::new();
    let mut push = |from_model: bool, text: &str| {
        let mut text = text.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        out.push(Segment { from_model, text });
    };
    let preamble = model.preamble.trim_start();
    if !preamble.is_empty() {
        push(true, preamble);
    }
    let mut used = BTreeSet::new();
    for (id, text) in &model.sections {
        match doc.sections.iter().find(|(d, _)| d == id) {
            Some((_, replacement)) => {
                used.insert(id.clone());
                push(false, replacement);
            }
            None => push(true, text),
        }
    }
    for (id, text) in &doc.sections {
        if !used.contains(id) {
            push(false, text);
        }
    }
    Ok(out)
}

/// The segments as one Markdown text, with the range of each segment in it.
pub fn join(segments: &[Segment]) -> (String, Vec<(bool, std::ops::Range<usize>)>) {
    let mut out = String::new();
    let mut pieces = Vec::with_capacity(segments.len());
    for s in segments {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        let start = out.len();
        out.push_str(&s.text);
        pieces.push((s.from_model, start..out.len()));
    }
    (out, pieces)
}

/// [`merge_segments`] joined into one text.
pub fn merge_sections(model_text: &str, doc_body: &str) -> Result<String, usize> {
    merge_segments(model_text, doc_body).map(|s| join(&s).0)
}

/// Checks every model's template once, then adopts models into the documents that name one.
pub fn adopt_all(site: &mut Site, diags: &mut Diagnostics) {
    adopt(site, diags, &|_| true);
}

/// Checks every model's template, then adopts models into the documents of the territories
/// `redo` selects; the others keep their texts and the problems found when they were adopted.
pub fn adopt(site: &mut Site, diags: &mut Diagnostics, redo: &(dyn Fn(&Territory) -> bool + Sync)) {
    let mut broken_models = BTreeSet::new();
    let mut compiled = tera::Tera::default();
    compiled.autoescape_on(Vec::<&str>::new());
    crate::geo::filters::register(&mut compiled);
    let mut problems = Vec::new();
    for model in &site.models {
        if let Err(e) = compiled.add_raw_template(&model.slug, &model.body) {
            problems.push((model, tera_error(&e)));
        }
    }
    let compiled = Arc::new(compiled);
    for model in &site.models {
        if problems.iter().any(|(m, _)| m.slug == model.slug) {
            continue;
        }
        let neutral = neutral_context(&model.body);
        if let Err(e) = render_compiled(&compiled, &model.slug, &model.body, neutral) {
            problems.push((model, e));
        }
    }
    for (model, (line, message)) in problems {
        broken_models.insert(model.slug.clone());
        let pos = Pos::new(model.body_offset + line.max(1), 1);
        diags.push(
            Diagnostic::new(code::MODELE_INVALIDE, model.file(), pos, message)
                .hint("vérifiez les `{{ … }}` et `{% … %}` de ce modèle"),
        );
    }
    let model_slugs: Vec<String> = site.models.iter().map(|m| m.slug.clone()).collect();
    type Adopted = Vec<(usize, Vec<Segment>)>;
    let per_territory: Vec<(usize, Adopted, Diagnostics)> = site
        .territories
        .par_iter()
        .enumerate()
        .filter(|(_, territory)| redo(territory))
        .map(|(ti, territory)| {
            let mut adopted = Vec::new();
            let mut diags = Diagnostics::new();
            let diags = &mut diags;
            for (di, doc) in territory.documents.iter().enumerate() {
                let page = &doc.page;
                let Some(slug) = &page.front.modele else {
                    continue;
                };
                let pos = page.origin.pos(slug);
                let Some(model) = site.model(&slug.value) else {
                    diags.push(
                        Diagnostic::new(
                            code::MODELE_INCONNU,
                            page.file(),
                            pos,
                            format!("modèle inconnu : `{}`", slug.value),
                        )
                        .culprit(slug.value.clone())
                        .maybe_hint(did_you_mean(
                            &slug.value,
                            model_slugs.iter().map(String::as_str),
                        ))
                        .hint_or("les modèles sont les fichiers de `content/modeles/`"),
                    );
                    continue;
                };
                if broken_models.contains(&model.slug) {
                    continue;
                }
                if let Some(text) = adopt_one(&compiled, territory, page, model, diags) {
                    adopted.push((di, text));
                }
            }
            (ti, adopted, std::mem::take(diags))
        })
        .collect();
    for (ti, items, local) in per_territory {
        let territory = &mut site.territories[ti];
        territory.adoption_problems = local;
        territory.link_pages = std::sync::OnceLock::new();
        for (di, segments) in items {
            territory.documents[di].set_segments(segments);
        }
    }
    for territory in &site.territories {
        diags.absorb(territory.adoption_problems.clone());
    }
}

fn adopt_one(
    compiled: &Arc<tera::Tera>,
    territory: &Territory,
    page: &MarkdownFile,
    model: &MarkdownFile,
    diags: &mut Diagnostics,
) -> Option<Vec<Segment>> {
    let slug = page.front.modele.as_ref()?;
    let pos = page.origin.pos(slug);
    let given: BTreeSet<&str> = page
        .front
        .variables
        .iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    let used = model_variables(&model.body);
    let mut ok = true;
    for missing in used.iter().filter(|v| !given.contains(v.as_str())) {
        ok = false;
        diags.push(
            Diagnostic::new(
                code::VARIABLE_MANQUANTE,
                page.file(),
                pos,
                format!(
                    "le modèle `{}` utilise la variable `{missing}`, que ce document ne donne pas",
                    model.slug
                ),
            )
            .culprit(slug.value.clone())
            .hint(format!(
                "ajoutez dans l'en-tête :\n    variables:\n      {missing}: …"
            )),
        );
    }
    for (name, value) in page.front.variables.iter().flatten() {
        if !used.contains(name) {
            diags.push(
                Diagnostic::new(
                    code::VARIABLE_INUTILISEE,
                    page.file(),
                    page.origin.pos(value),
                    format!(
                        "la variable `{name}` n'est pas utilisée par le modèle `{}`",
                        model.slug
                    ),
                )
                .maybe_hint(did_you_mean(name, used.iter().map(String::as_str))),
            );
        }
    }
    if !ok {
        return None;
    }
    let rendered = match render_compiled(
        compiled,
        &model.slug,
        &model.body,
        territory_context(territory, page),
    ) {
        Ok(text) => text,
        Err((line, message)) => {
            diags.push(
                Diagnostic::new(code::MODELE_INVALIDE, page.file(), pos, message)
                    .culprit(slug.value.clone())
                    .hint(format!(
                        "à la ligne {} du modèle `{}` ; complétez `territoire.yaml` ou le modèle",
                        model.body_offset + line.max(1),
                        model.slug
                    )),
            );
            return None;
        }
    };
    match merge_segments(&rendered, &page.body) {
        Ok(segments) => Some(segments),
        Err(offset) => {
            let (line, col) = markdown::line_col(&page.body, offset);
            diags.push(
                Diagnostic::new(
                    code::TEXTE_HORS_SECTION,
                    page.file(),
                    Pos::new(page.body_offset + line, col),
                    "un document qui adopte un modèle ne contient que des sections `## `",
                )
                .culprit(page.body[offset..].lines().next().unwrap_or("").to_string())
                .hint("placez ce texte sous un titre `## …` : il remplacera la section du modèle de même titre, ou s'ajoutera à la fin"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_variables() {
        let v = model_variables(
            "{{ variables.duree }} et {% if variables.lieu_x %}{{ autres.variables.y }}",
        );
        assert_eq!(v.into_iter().collect::<Vec<_>>(), ["duree", "lieu_x"]);
    }

    #[test]
    fn replaces_and_appends_sections() {
        let model = "Préambule\n\n## Objet\nA\n\n## Durée\nB\n";
        let doc = "## Durée\nC\n\n## Annexe\nD\n";
        let merged = merge_sections(model, doc).unwrap();
        assert_eq!(
            merged,
            "Préambule\n\n## Objet\nA\n\n## Durée\nC\n\n## Annexe\nD\n"
        );
        assert_eq!(merge_sections(model, "\n\nTexte libre\n## X\n"), Err(2));
        assert_eq!(merge_sections(model, "").unwrap(), model);
    }

    #[test]
    fn each_segment_is_found_again_in_the_joined_text() {
        // Segments with and without their blank line: `join` adds a line only between those
        // that lack it, and the ranges must still give back each segment's own text.
        let model = "Préambule\n## Objet\nA\n## Durée\nB\n\n## Fin\nE";
        let doc = "## Durée\nC\n## Annexe\nD\n\n\n";
        let segments = merge_segments(model, doc).unwrap();
        let (text, pieces) = join(&segments);
        assert_eq!(pieces.len(), segments.len());
        for (segment, (from_model, range)) in segments.iter().zip(&pieces) {
            assert_eq!(&text[range.clone()], segment.text);
            assert_eq!(*from_model, segment.from_model);
        }
        assert!(pieces.windows(2).all(|w| w[0].1.end <= w[1].1.start));
        assert_eq!(text, merge_sections(model, doc).unwrap());
        assert_eq!(join(&[]), (String::new(), Vec::new()));
    }

    #[test]
    fn only_templates_that_can_repeat_are_bounded_apart() {
        assert!(!may_loop(
            "Charte de {{ territoire.nom }} {% if x %}formation{% endif %}"
        ));
        for t in [
            "{% for a in b %}{% endfor %}",
            "{%- for a in b %}",
            "{%  include \"x\" %}",
        ] {
            assert!(may_loop(t), "{t}");
        }
    }

    #[test]
    fn neutral_render_uses_placeholders() {
        let body = "Entre {{ territoire.nom }} et {{ variables.partenaire_principal }}.";
        let out = render_model(body, &neutral_context(body)).unwrap();
        assert_eq!(out, "Entre [nom du territoire] et [partenaire principal].");
    }
}
