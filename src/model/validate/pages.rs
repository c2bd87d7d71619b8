//! Checks of the front matter of Markdown files: which keys each kind of file may use, the
//! required ones, and documents' status.

use super::*;

/// What a Markdown file is, for the keys it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    /// Home, free pages, territory presentation.
    Plain,
    /// `modeles/*.md`.
    Model,
    /// `documents/*.md`.
    Document,
    /// `feuille-de-route.md`.
    Roadmap,
}

impl FrontMatterKind {
    fn label(self) -> &'static str {
        match self {
            FrontMatterKind::Plain => "une page",
            FrontMatterKind::Model => "un modèle",
            FrontMatterKind::Document => "un document",
            FrontMatterKind::Roadmap => "une feuille de route",
        }
    }

    /// Keys this kind may not use, with where they belong.
    pub fn forbidden(self) -> &'static [&'static str] {
        match self {
            FrontMatterKind::Plain => &[
                "type",
                "statut",
                "adopte_le",
                "signataires",
                "modele",
                "variables",
                "imprimable",
                "horizon",
                "axes",
            ],
            FrontMatterKind::Model => &[
                "statut",
                "adopte_le",
                "signataires",
                "modele",
                "variables",
                "horizon",
                "axes",
            ],
            FrontMatterKind::Document => &["horizon", "axes"],
            FrontMatterKind::Roadmap => &[
                "type",
                "statut",
                "signataires",
                "modele",
                "variables",
                "imprimable",
            ],
        }
    }
}

pub(super) fn present_keys(page: &MarkdownFile) -> Vec<&'static str> {
    let f = &page.front;
    let mut keys = Vec::new();
    let flags = [
        ("type", f.kind.is_some()),
        ("statut", f.statut.is_some()),
        ("adopte_le", f.adopte_le.is_some()),
        ("signataires", f.signataires.is_some()),
        ("modele", f.modele.is_some()),
        ("variables", f.variables.is_some()),
        ("imprimable", f.imprimable.is_some()),
        ("horizon", f.horizon.is_some()),
        ("axes", f.axes.is_some()),
    ];
    for (key, present) in flags {
        if present {
            keys.push(key);
        }
    }
    keys
}

pub(super) fn check_page(
    site: &Site,
    t: Option<&Territory>,
    page: &MarkdownFile,
    kind: FrontMatterKind,
    diags: &mut Diagnostics,
) {
    let f = &page.front;
    let o = &page.origin;
    for key in present_keys(page) {
        if kind.forbidden().contains(&key) {
            diags.push(
                Diagnostic::new(
                    code::CLE_NON_ADMISE,
                    page.file(),
                    page.key_pos(key),
                    format!("la clé `{key}` n'a pas de sens dans {}", kind.label()),
                )
                .culprit(key)
                .hint(key_home(key)),
            );
        }
    }
    if f.titre.trim().is_empty() {
        diags.push(Diagnostic::new(
            code::VALEUR_VIDE,
            page.file(),
            page.key_pos("titre"),
            "le titre est vide",
        ));
    }
    let needs_type =
        kind == FrontMatterKind::Model || (kind == FrontMatterKind::Document && f.modele.is_none());
    if needs_type && f.kind.is_none() {
        diags.push(
            Diagnostic::new(
                code::CLE_MANQUANTE,
                page.file(),
                Pos::new(o.offset + 1, 1),
                format!("la clé obligatoire `type` est absente de {}", kind.label()),
            )
            .hint("ajoutez par exemple `type: charte` (charte, cahier-des-charges-formation, habilitation, diagnostic, convention, compte-rendu, autre)"),
        );
    }
    if kind == FrontMatterKind::Roadmap && f.axes.is_none() {
        diags.push(
            Diagnostic::new(
                code::CLE_MANQUANTE,
                page.file(),
                Pos::new(o.offset + 1, 1),
                "la clé obligatoire `axes` est absente de la feuille de route",
            )
            .hint("ajoutez `axes:` avec la liste des axes et de leurs actions (voir la documentation du format)"),
        );
    }
    for (key, value) in [
        ("date", &f.date),
        ("mis_a_jour", &f.mis_a_jour),
        ("adopte_le", &f.adopte_le),
    ] {
        if let Some(value) = value {
            check_date(o, value, key, diags);
        }
    }
    if kind == FrontMatterKind::Document {
        check_document_status(page, diags);
        if let Some(t) = t {
            for s in f.signataires.iter().flatten() {
                check_actor_ref(site, Some(t), o, s, ActorRef::IdOrName, "signataire", diags);
            }
        }
    }
    if kind == FrontMatterKind::Roadmap
        && let Some(t) = t
    {
        territory::check_roadmap(site, t, page, diags);
    }
}

pub(super) fn key_home(key: &str) -> &'static str {
    match key {
        "type" | "imprimable" => {
            "cette clé sert aux modèles (`modeles/`) et aux documents (`documents/`)"
        }
        "statut" | "signataires" | "modele" | "variables" => {
            "cette clé sert aux documents d'un territoire (`territoires/<t>/documents/`)"
        }
        "adopte_le" => "cette clé sert aux documents et à la feuille de route d'un territoire",
        _ => "cette clé sert à la feuille de route d'un territoire (`feuille-de-route.md`)",
    }
}

pub(super) fn check_document_status(page: &MarkdownFile, diags: &mut Diagnostics) {
    use crate::model::schema::DocStatut;
    let f = &page.front;
    if let Some(statut) = &f.statut
        && matches!(statut.value, DocStatut::Adopte | DocStatut::Signe)
        && f.adopte_le.is_none()
    {
        diags.push(
            Diagnostic::new(
                code::DATE_ADOPTION_ABSENTE,
                page.file(),
                page.origin.pos(statut),
                format!(
                    "document au statut `{}` sans date `adopte_le`",
                    statut.value.as_str()
                ),
            )
            .hint("ajoutez `adopte_le: AAAA-MM-JJ` pour que la date apparaisse sur le document"),
        );
    }
}
