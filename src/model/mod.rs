/*!
Stage 2 — model: the typed, resolved and validated content.

[`load`] turns the files found by `content` into a [`Site`]: YAML is deserialized into the
structs of [`schema`], models are adopted by documents ([`adoption`]), then every value and
reference is checked ([`validate`], [`links`]). Problems are pushed to the shared
`Diagnostics`; what loaded is kept, so that one run reports every problem. A file that failed to
parse is `None`, and checks that depend on it are skipped to avoid cascades of false errors.
*/

pub mod adoption;
pub mod links;
mod loading;
mod official;
pub mod open_data;
pub mod places;
pub mod schema;
pub mod settings;
pub mod validate;

pub use loading::{Loaded, Parsed, load, load_timed, parse_file, place};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::content::{self, ContentTree, FileKind, Origin, SourceFile, frontmatter, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::markdown::{self, Scan};
use schema::{Acteur, FrontMatter, Indicateur, Mesure, SiteConfig, Territoire};

/// A Markdown file: front matter, body and where they sit in the file.
#[derive(Debug, Clone)]
pub struct MarkdownFile {
    /// Slug (file name without `.md`; `index` for index files).
    pub slug: String,
    /// Where its front matter comes from.
    pub origin: Origin,
    /// The front matter.
    pub front: FrontMatter,
    /// The front matter's YAML text, to find the line of a key.
    pub yaml: String,
    /// The Markdown body.
    pub body: String,
    /// Lines of the file before the body.
    pub body_offset: u32,
    /// Headings and links of the body, read once when first asked.
    pub scanned: OnceLock<Scan>,
}

impl MarkdownFile {
    /// The file, relative to the root.
    pub fn file(&self) -> &Path {
        &self.origin.file
    }

    /// The position of a top-level key of the front matter (the first line when absent).
    pub fn key_pos(&self, key: &str) -> Pos {
        let line = self
            .yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i as u32 + 1)
            .unwrap_or(0);
        Pos::new(self.origin.offset + line.max(1), 1)
    }

    /// True unless the page says `imprimable: false` (documents and models get a print page
    /// and a PDF).
    pub fn is_printable(&self) -> bool {
        self.front.imprimable.as_ref().is_none_or(|b| b.value)
    }

    /// True for a draft.
    pub fn is_draft(&self) -> bool {
        self.front.brouillon.as_ref().is_some_and(|b| b.value)
    }

    /// Headings and links of the body.
    pub fn scan(&self) -> &Scan {
        self.scanned.get_or_init(|| markdown::scan(&self.body))
    }
}

/// A territory document, with its text after model adoption.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document's own file.
    pub page: MarkdownFile,
    /// Its text once a model is adopted (`None` when it adopts none: its text is its body).
    adopted: Option<Adopted>,
    /// Headings and links of the text once a model is adopted, read once when first asked.
    adopted_scan: OnceLock<Scan>,
}

/// An adopted document's text, and where each of its pieces was written.
#[derive(Debug, Clone)]
struct Adopted {
    text: String,
    pieces: Vec<(bool, std::ops::Range<usize>)>,
}

/// A piece of a document's text, and where it was written.
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    /// True when the text comes from the model (its links are relative to the model's file).
    pub from_model: bool,
    /// Markdown.
    pub text: &'a str,
}

impl Document {
    /// A document that adopts no model (yet): its text is its body.
    pub fn new(page: MarkdownFile) -> Self {
        Document {
            page,
            adopted: None,
            adopted_scan: OnceLock::new(),
        }
    }

    /// Sets the text after adoption.
    pub fn set_segments(&mut self, segments: Vec<adoption::Segment>) {
        let (text, pieces) = adoption::join(&segments);
        self.adopted = Some(Adopted { text, pieces });
        self.adopted_scan = OnceLock::new();
    }

    /// Its Markdown once the model is adopted (its own body when it adopts none).
    pub fn text(&self) -> &str {
        self.adopted.as_ref().map_or(&self.page.body, |a| &a.text)
    }

    /// The same text in pieces, each with where it was written (one piece without a model).
    pub fn segments(&self) -> Vec<Piece<'_>> {
        match &self.adopted {
            None => vec![Piece {
                from_model: false,
                text: &self.page.body,
            }],
            Some(a) => a
                .pieces
                .iter()
                .map(|(from_model, range)| Piece {
                    from_model: *from_model,
                    text: &a.text[range.clone()],
                })
                .collect(),
        }
    }

    /// Headings and links of the text after adoption.
    pub fn scan(&self) -> &Scan {
        match &self.adopted {
            Some(a) if a.pieces.iter().any(|(m, _)| *m) || a.text != self.page.body => {
                self.adopted_scan.get_or_init(|| markdown::scan(&a.text))
            }
            _ => self.page.scan(),
        }
    }
}

/// A list read from a YAML file (`None` when the file is absent).
#[derive(Debug, Clone)]
pub struct DataFile<T> {
    /// Where it was read from.
    pub origin: Origin,
    /// Its items; `None` when the file could not be parsed.
    pub items: Option<Vec<T>>,
    /// Written as a bare list (not under its key), which web editors cannot edit.
    pub bare: bool,
}

/// One territory folder.
#[derive(Debug, Clone)]
pub struct Territory {
    /// Folder name.
    pub slug: String,
    /// `territoire.yaml`; `None` when missing or invalid.
    pub card: Option<Territoire>,
    /// Where the card comes from.
    pub card_origin: Origin,
    /// `index.md`.
    pub index: Option<MarkdownFile>,
    /// `acteurs.yaml`.
    pub actors: Option<DataFile<Acteur>>,
    /// `indicateurs.yaml`.
    pub measures: Option<DataFile<Mesure>>,
    /// `feuille-de-route.md`.
    pub roadmap: Option<MarkdownFile>,
    /// `documents/*.md`, sorted by slug.
    pub documents: Vec<Document>,
    /// What adopting models into its documents found wrong (kept for incremental rebuilds).
    pub adoption_problems: Diagnostics,
    /// Its pages and their anchors, indexed once for the link check (reset when it changes).
    pub link_pages: OnceLock<std::sync::Arc<links::Pages>>,
    /// What the official geography says of its `code`, read once (reset when the card changes).
    pub official_facts: OnceLock<Option<crate::geo::Facts>>,
}

impl Territory {
    /// The actors that loaded (empty when the file is absent or invalid).
    pub fn actor_list(&self) -> &[Acteur] {
        self.actors
            .as_ref()
            .and_then(|d| d.items.as_deref())
            .unwrap_or(&[])
    }

    /// False when `acteurs.yaml` exists but could not be parsed.
    pub fn actors_known(&self) -> bool {
        self.actors.as_ref().is_none_or(|d| d.items.is_some())
    }

    /// The actors its pages name, each with the file that names it: a roadmap's carriers and
    /// partners, a document's signatories.
    pub fn named_actors(&self) -> impl Iterator<Item = (&Path, ActorName<'_>)> {
        let roadmap = self.roadmap.iter().flat_map(|r| {
            r.front
                .axes
                .iter()
                .flatten()
                .flat_map(|axe| &axe.actions)
                .flat_map(|a| a.porteurs.iter().chain(&a.partenaires))
                .map(|p| (r.file(), ActorName::of(&p.value)))
        });
        let documents = self.documents.iter().flat_map(|d| {
            d.page
                .front
                .signataires
                .iter()
                .flatten()
                .map(|s| (d.page.file(), ActorName::of(&s.value)))
        });
        roadmap.chain(documents)
    }
}

/// What a reference to an actor names, as a page shows it (`render::views::actor_ref`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorName<'a> {
    /// `id`: an actor of the territory whose file names it.
    Own(&'a str),
    /// `territoire/id`: an actor of that territory.
    Of(&'a str, &'a str),
    /// A name that is no id (`Préfecture de la Charente-Maritime`).
    Free(&'a str),
}

impl<'a> ActorName<'a> {
    /// The reference `value` as written, without the spaces around it (as its check reads
    /// it: `validate::values::check_actor_ref`).
    pub fn of(value: &'a str) -> ActorName<'a> {
        let value = value.trim();
        match value.split_once('/') {
            Some((territory, id)) => ActorName::Of(territory, id),
            None if crate::text::is_slug(value) => ActorName::Own(value),
            None => ActorName::Free(value),
        }
    }
}

/// The whole content, typed.
#[derive(Debug, Clone)]
pub struct Site {
    /// The folder holding `content/`.
    pub root: PathBuf,
    /// `site.yaml`; `None` when missing or invalid.
    pub config: Option<SiteConfig>,
    /// `index.md`.
    pub home: Option<MarkdownFile>,
    /// `pages/*.md`.
    pub pages: Vec<MarkdownFile>,
    /// `referentiel/indicateurs.yaml`.
    pub referentiel: Option<DataFile<Indicateur>>,
    /// `modeles/*.md`.
    pub models: Vec<MarkdownFile>,
    /// `territoires/*/`.
    pub territories: Vec<Territory>,
    /// Files under `content/static/`.
    pub static_files: BTreeSet<String>,
    /// Every page's URL and anchors, as the link check saw them.
    pub links: links::LinkIndex,
    /// Dates of the last commit of each file, when the site is in a git repository.
    pub history: Option<content::git::History>,
    /// The fingerprint of each content file's text, by path relative to the root: what a
    /// build compares with the previous one to take a territory's pages again.
    pub sources: BTreeMap<PathBuf, String>,
}

impl Site {
    /// The référentiel indicators that loaded.
    pub fn indicators(&self) -> &[Indicateur] {
        self.referentiel
            .as_ref()
            .and_then(|d| d.items.as_deref())
            .unwrap_or(&[])
    }

    /// False when the référentiel exists but could not be parsed.
    pub fn indicators_known(&self) -> bool {
        self.referentiel.as_ref().is_none_or(|d| d.items.is_some())
    }

    /// The site's title (`ctin` when `site.yaml` could not be read).
    pub fn title(&self) -> &str {
        self.config
            .as_ref()
            .map(|c| c.titre.as_str())
            .unwrap_or("ctin")
    }

    /// The number of territory parts of the search index (`paths::search_parts`): one for
    /// each few territories with pages (those with a card).
    pub fn search_parts(&self) -> usize {
        let with_pages = self.territories.iter().filter(|t| t.card.is_some());
        crate::paths::search_parts(with_pages.count())
    }

    /// The territory with this slug.
    pub fn territory(&self, slug: &str) -> Option<&Territory> {
        self.territories.iter().find(|t| t.slug == slug)
    }

    /// The type of a document: its own `type`, else the type of the model it adopts.
    pub fn document_type(&self, doc: &Document) -> Option<schema::DocType> {
        let own = doc.page.front.kind.as_ref().map(|k| k.value);
        own.or_else(|| {
            let model = self.model(&doc.page.front.modele.as_ref()?.value)?;
            model.front.kind.as_ref().map(|k| k.value)
        })
    }

    /// The model with this slug.
    pub fn model(&self, slug: &str) -> Option<&MarkdownFile> {
        self.models.iter().find(|m| m.slug == slug)
    }
}
