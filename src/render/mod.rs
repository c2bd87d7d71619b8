/*!
Stage 3 — render: the checked [`Site`] becomes pages.

1. [`Context::new`] gives the views what they share (the link index that checked the links,
   the base URL, the options);
2. each kind of page, declared once in [`kinds`], turns the model into one [`Job`] per page: a
   template name and a context of ready-to-print values (French numbers and dates, relative
   links, HTML of the Markdown, SVG charts), with helpers shared by several kinds in [`views`];
   [`printables`] gives the printable documents as their PDFs show them;
3. [`render_chunks`] fills the templates of groups of pages ([`Chunk`]) in parallel with Tera, each template parsed once.

Writing files, feeds and minification belong to `output`.
*/

pub mod charts;
mod context;
pub mod format;
pub mod hours;
pub mod kinds;
pub mod labels;
pub mod markdown;
pub mod printables;
pub mod ready;
pub mod sanitize;
mod templates;
pub mod theme;
pub mod urls;
pub mod views;

pub use context::{Context, Fragments};
pub use templates::{CONTENT_SECURITY_POLICY, Rendered, render_chunks};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::model::links::LinkIndex;
use crate::model::schema::S;
use crate::model::{MarkdownFile, Site};
use crate::products::{OutputFile, PageMeta};
use crate::text::HeadingIds;
use format::typography;
use markdown::LinkContext;

/// The URL of the page shown for unknown addresses.
pub const NOT_FOUND: &str = "/404.html";

pub use crate::model::settings::{Options, Settings};

/// One page to render.
#[derive(Debug, Clone)]
pub struct Job {
    /// Root-absolute URL (`/territoires/lille/`), or a file name at the root (`/404.html`).
    pub url: String,
    /// Template name.
    pub template: &'static str,
    /// Template context.
    pub ctx: Value,
    /// Keys of the context whose values are made of shared pieces (see [`ready`]): given to
    /// the template after `ctx`, over its keys of the same name.
    pub ready: Vec<(&'static str, ready::Ready)>,
    /// Date of the page's last change, when known (`AAAA-MM-JJ`…), for the sitemap and feed.
    pub updated: Option<String>,
    /// The content file the page is made from, when it is made from one.
    pub source: Option<PathBuf>,
    /// The kind of page that made it (the template of its kind in `kinds::KINDS`).
    pub kind: &'static str,
}

impl Job {
    /// The page with `key` of its context made of shared pieces.
    pub fn with(mut self, key: &'static str, value: ready::Ready) -> Job {
        self.ready.push((key, value));
        self
    }

    /// Where the page is written in the output folder.
    pub fn output_path(&self) -> String {
        output_path(&self.url)
    }
}

/// Where the page at `url` is written in the output folder.
pub fn output_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

impl Job {
    /// What the sitemap and the feed need of this page.
    fn meta(&self) -> PageMeta {
        let job = self;
        let text = |k: &str| job.ctx["page"][k].as_str().unwrap_or("").to_string();
        PageMeta {
            url: job.url.clone(),
            titre: text("titre"),
            description: text("description"),
            updated: job.updated.clone(),
            kind: job.kind,
            source: job.source.clone(),
        }
    }
}

/// A part of the site that does not belong to one territory, rendered as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// The home page.
    Home,
    /// Free pages, legal notice, accessibility statement, search page, 404 page.
    Pages,
    /// The list and map of territories.
    Territories,
    /// The models and their pages.
    Models,
    /// The référentiel and the comparison page of each indicator.
    Indicators,
    /// All actors.
    Actors,
    /// The open-data page.
    Data,
}

impl Part {
    /// Every part, in the order pages are listed.
    pub const ALL: [Part; 7] = [
        Part::Home,
        Part::Pages,
        Part::Territories,
        Part::Models,
        Part::Indicators,
        Part::Actors,
        Part::Data,
    ];
}

/// Which pages of a territory's group a change makes the preview render again.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Focus {
    /// Every page of the group.
    #[default]
    Whole,
    /// The pages of the kinds that show one of these contents; a content given with its file
    /// renders, of a kind that shows that content only on the page made from the file
    /// ([`kinds::Kind::own`]), that page alone.
    Showing(BTreeSet<(kinds::Shows, Option<PathBuf>)>),
}

impl Focus {
    /// The pages of both.
    pub fn merge(&mut self, other: Focus) {
        match (&mut *self, other) {
            (Focus::Showing(mine), Focus::Showing(more)) => mine.extend(more),
            (_, Focus::Whole) => *self = Focus::Whole,
            (Focus::Whole, Focus::Showing(_)) => {}
        }
    }
}

/// A group of pages rendered together: the unit of incremental rebuilds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chunk {
    /// Pages of the whole site.
    Site(Part),
    /// Every page of one territory.
    Territory(String),
}

impl Chunk {
    /// The territory whose pages it groups, if any.
    pub fn territory(&self) -> Option<&str> {
        match self {
            Chunk::Territory(t) => Some(t),
            Chunk::Site(_) => None,
        }
    }

    /// Every chunk of the site, site parts first, then territories in order.
    pub fn all(site: &Site) -> Vec<Chunk> {
        Part::ALL
            .into_iter()
            .map(Chunk::Site)
            .chain(
                site.territories
                    .iter()
                    .map(|t| Chunk::Territory(t.slug.clone())),
            )
            .collect()
    }
}
