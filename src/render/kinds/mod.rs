/*!
Every kind of page the site has, each declared once, in its own file of this folder.

A [`Kind`] says everything the rest of ctin needs to know of a kind of page: its template, the
label search results and filters give it, its place in the menu, whether it is printed, the
content it shows ([`Shows`]), the pages it makes (their URLs, source files, anchors and drafts)
and its view (the [`Job`]s to render). [`KINDS`] lists them, and the rest is derived from that
list:

- the link index that checks every Markdown link ([`index`], handed to `model` by the command);
- the free-page slugs a site may not use (they would take a URL of the site);
- the search labels ([`search_label`]) and the menu ([`menu`]);
- the groups of pages rendered together ([`jobs`]) and what a change of a content file makes the
  preview render again ([`showing`]);
- the print pages and PDFs of printable kinds (their URLs here, their layout in `output::pdf`).

The site's other files (feeds, exports, GeoJSON, `/admin/`, search index) are declared the
same way in `output::generated`; `pipeline::index` adds them to the link index.

To add a kind of page: declare it in a new file of this folder, add it to [`KINDS`], write its
template in `themes/default/templates/` and its URL in `docs/content-format.md`. What it shows
must be complete (`tests/incremental.rs` compares the preview's pages with a full build's after
each kind of change), and what it shows only of its own file ([`Kind::own`]) exactly that.
*/

pub mod actor;
pub mod actors;
pub mod data;
pub mod document;
pub mod home;
pub mod indicators;
pub mod models;
pub mod pages;
pub mod roadmap;
pub mod territories;
pub mod territory;
pub mod territory_actors;
pub mod territory_indicators;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Chunk, Context, Focus, Job, Part};
use crate::model::links::{LinkIndex, Pages};
use crate::model::{Site, Territory};
use crate::paths;
use crate::products::{Dossier, Printable};

/// The content a kind of page shows, so that a change of it renders the page again. A page of
/// the whole site shows that content of every territory; a territory's page, its own (and what
/// it reads of other territories, which the renderer notes as it goes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shows {
    /// The home page's text.
    Home,
    /// The shared models.
    Models,
    /// Which documents adopt which model.
    Adoptions,
    /// The territories' cards (`territoire.yaml`: names, coordination, budget…).
    Cards,
    /// What a territory's documents show of its card (`views::card_summary`: its short name,
    /// the sources of its facts, what adopted models read of it).
    CardSummary,
    /// The territories' presentations (`index.md`).
    Presentations,
    /// The actors.
    Actors,
    /// The names of the actors a page's own file names (a document's signatories, a
    /// roadmap's carriers and partners): a change of actors renders again only the pages
    /// naming one whose name changed, came or went (`views::actor_ref` reads no more).
    NamedActors,
    /// The measures of indicators.
    Measures,
    /// The roadmaps.
    Roadmaps,
    /// The documents (what their front matter says).
    Documents,
    /// The text of documents and roadmaps (below their front matter), which only the pages made
    /// from each file show.
    Texts,
}

/// Where the pages of a kind belong, and how they are made.
pub enum Scope {
    /// Pages of the whole site, rendered with the other pages of `part`.
    Site {
        /// The group they are rendered with.
        part: Part,
        /// Adds the pages the kind makes to the link index.
        pages: fn(&Site, &mut Pages),
        /// The pages to render.
        jobs: fn(&Context) -> Vec<Job>,
    },
    /// Pages of one territory (they depend on its content only), rendered with its other pages.
    Territory {
        /// Adds the pages the kind makes for this territory to the link index.
        pages: fn(&Territory, &mut Pages),
        /// The pages to render for this territory: all, or those made from the picked files
        /// (a kind that shows nothing of its own files, [`Kind::own`], is always asked for all).
        jobs: fn(&Context, &Territory, &Pick) -> Vec<Job>,
    },
}

/// Which pages of a territory's kind to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// All of them.
    All,
    /// Those made from these content files.
    Files(BTreeSet<PathBuf>),
    /// None.
    Nothing,
}

impl Pick {
    /// Whether the page made from `file` is made.
    pub fn takes(&self, file: &Path) -> bool {
        match self {
            Pick::All => true,
            Pick::Files(files) => files.contains(file),
            Pick::Nothing => false,
        }
    }
}

/// How a printable kind gives its pages to the PDFs.
pub enum Print {
    /// The printable pages of the whole site of this kind.
    Site(fn(&Context) -> Vec<Printable>),
    /// A territory's printable pages of this kind, and its dossier (all of them in one PDF).
    Territory(fn(&Context, &Territory) -> (Vec<Printable>, Option<Dossier>)),
}

/// One kind of page.
pub struct Kind {
    /// The template that renders it.
    pub template: &'static str,
    /// What search results and filters call it; `None`: not indexed.
    pub search: Option<&'static str>,
    /// Its entry in the menu (label, URL), for kinds with one page.
    pub menu: Option<(&'static str, &'static str)>,
    /// For printable kinds, how their pages are given to the PDFs (each printable page also
    /// has a print page, `…/impression/`, which its `pages` adds to the link index).
    pub print: Option<Print>,
    /// The content it shows.
    pub shows: &'static [Shows],
    /// Of what it shows, what each of its pages shows only of the content file it is made
    /// from (a document's page shows its own document, not the others): a change of one such
    /// file renders that page again, not every page of the kind.
    pub own: &'static [Shows],
    /// Where its pages belong and how they are made.
    pub scope: Scope,
}

/// Every kind of page, in the order pages are rendered within a group and listed in the menu.
pub const KINDS: &[&Kind] = &[
    &home::HOME,
    &pages::FREE_PAGE,
    &pages::LEGAL_NOTICE,
    &pages::ACCESSIBILITY,
    &pages::SEARCH,
    &pages::NOT_FOUND,
    &territories::TERRITORIES,
    &actors::ACTORS,
    &indicators::REFERENTIEL,
    &indicators::INDICATOR,
    &models::MODELS,
    &models::MODEL,
    &data::DATA,
    &territory::TERRITORY,
    &territory_actors::TERRITORY_ACTORS,
    &actor::ACTOR,
    &territory_indicators::TERRITORY_INDICATORS,
    &roadmap::ROADMAP,
    &document::DOCUMENT,
];

/// The kinds of pages of the whole site rendered with `part`.
fn of_part(part: Part) -> impl Iterator<Item = &'static Kind> {
    KINDS
        .iter()
        .copied()
        .filter(move |k| matches!(k.scope, Scope::Site { part: p, .. } if p == part))
}

/// The pages of one group, in the order of [`KINDS`]; of a territory's group, those the
/// `focus` asks for.
pub fn jobs(r: &Context, chunk: &Chunk, focus: &Focus) -> Vec<Job> {
    match chunk {
        Chunk::Site(part) => of_part(*part)
            .flat_map(|k| match k.scope {
                Scope::Site { jobs, .. } => jobs(r),
                Scope::Territory { .. } => Vec::new(),
            })
            .collect(),
        Chunk::Territory(slug) => {
            let Some(t) = r.site.territory(slug).filter(|t| t.card.is_some()) else {
                return Vec::new();
            };
            // Each kind's pages made in parallel, in the order of `KINDS`: a preview's save
            // often makes one territory's pages alone.
            KINDS
                .par_iter()
                .flat_map_iter(|k| {
                    let Scope::Territory { jobs, .. } = k.scope else {
                        return Vec::new();
                    };
                    let pick = k.picks(focus);
                    let mut job_list = match pick {
                        Pick::Nothing => Vec::new(),
                        Pick::All => jobs(r, t, &pick),
                        // Exactly the pages `covers` says are made again, whatever the kind
                        // makes of the pick (it may skip the work of the others).
                        Pick::Files(_) => {
                            let mut list = jobs(r, t, &pick);
                            list.retain(|j| j.source.as_deref().is_some_and(|s| pick.takes(s)));
                            list
                        }
                    };
                    for job in &mut job_list {
                        job.kind = k.template;
                    }
                    job_list
                })
                .collect()
        }
    }
}

impl Kind {
    /// Which of its pages a territory's group rendered with `focus` makes again.
    pub fn picks(&self, focus: &Focus) -> Pick {
        let Focus::Showing(changes) = focus else {
            return Pick::All;
        };
        let mut files = BTreeSet::new();
        for (what, file) in changes.iter().filter(|(w, _)| self.shows.contains(w)) {
            match file {
                Some(f) if self.own.contains(what) => {
                    files.insert(f.clone());
                }
                _ => return Pick::All,
            }
        }
        if files.is_empty() {
            Pick::Nothing
        } else {
            Pick::Files(files)
        }
    }

    /// Whether a page of this kind made from `source` is one `focus` makes again.
    pub fn covers(&self, focus: &Focus, source: Option<&Path>) -> bool {
        match self.picks(focus) {
            Pick::All => true,
            pick => source.is_some_and(|s| pick.takes(s)),
        }
    }
}

/// The template of the print pages of printable kinds (`…/impression/`).
pub const PRINT_TEMPLATE: &str = "impression.html";

/// The template named `name` when a page may be made with it (a kind's, or the print pages'),
/// as a page's metadata keeps it.
pub fn page_template(name: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .map(|k| k.template)
        .chain([PRINT_TEMPLATE])
        .find(|t| *t == name)
}

/// The kind whose template is `template` (a page's [`Job::kind`]).
pub fn kind(template: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.template == template)
}

/// The printable pages of one group as their PDFs show them, and its dossiers.
pub fn printables(r: &Context, chunk: &Chunk) -> (Vec<Printable>, Vec<Dossier>) {
    let mut printables = Vec::new();
    let mut dossiers = Vec::new();
    match chunk {
        Chunk::Site(part) => {
            for k in of_part(*part) {
                if let Some(Print::Site(print)) = k.print {
                    printables.extend(print(r));
                }
            }
        }
        Chunk::Territory(slug) => {
            let Some(t) = r.site.territory(slug).filter(|t| t.card.is_some()) else {
                return (printables, dossiers);
            };
            for k in KINDS {
                if let Some(Print::Territory(print)) = k.print {
                    let (p, d) = print(r, t);
                    printables.extend(p);
                    dossiers.extend(d);
                }
            }
        }
    }
    (printables, dossiers)
}

/// Whether the PDFs of a territory's group rendered with `focus` must be made again (its
/// printable kinds render again; their dossier binds them all, so all are made again).
pub fn prints(focus: &Focus) -> bool {
    KINDS
        .iter()
        .filter(|k| matches!(k.print, Some(Print::Territory(_))))
        .any(|k| k.picks(focus) != Pick::Nothing)
}

/// The groups whose pages show `what`: the parts of the site, and whether a territory's own
/// pages show it.
pub fn showing(what: Shows) -> (Vec<Part>, bool) {
    let mut parts = Vec::new();
    let mut territory = false;
    for k in KINDS.iter().filter(|k| k.shows.contains(&what)) {
        match k.scope {
            Scope::Site { part, .. } if !parts.contains(&part) => parts.push(part),
            Scope::Site { .. } => {}
            Scope::Territory { .. } => territory = true,
        }
    }
    (parts, territory)
}

/// What search results and filters call the pages made with `template` (`None`: not indexed;
/// print pages are not).
pub fn search_label(template: &str) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|k| k.template == template)
        .and_then(|k| k.search)
}

/// The menu's fixed entries (label, URL), before the free pages.
pub fn menu() -> impl Iterator<Item = (&'static str, &'static str)> {
    KINDS.iter().filter_map(|k| k.menu)
}

/// The URL and anchors of every page the site will have (`pipeline::index` adds the other
/// files). The pages of each territory are kept in the territory until one of its files changes.
pub fn index(site: &Site) -> LinkIndex {
    use rayon::prelude::*;
    let mut pages = Pages::default();
    // A free page may not take the first segment of a URL of another kind or product.
    let mut reserved = BTreeSet::new();
    let first_segment = |url: &str| {
        let segment = url.trim_start_matches('/').split('/').next().unwrap_or("");
        (!segment.is_empty() && !segment.contains('.')).then(|| segment.to_string())
    };
    for k in KINDS {
        if let Scope::Site { pages: add, .. } = k.scope {
            let mut own = Pages::default();
            add(site, &mut own);
            if !std::ptr::eq(*k, &pages::FREE_PAGE) {
                reserved.extend(own.urls().filter_map(first_segment));
            }
            pages.absorb(own);
        }
    }
    // The legal notice and the accessibility statement may be written as free pages.
    reserved.remove(pages::LEGAL_NOTICE_SLUG);
    reserved.remove(pages::ACCESSIBILITY_SLUG);
    let territories = site
        .territories
        .par_iter()
        .map(|t| {
            let own = t
                .link_pages
                .get_or_init(|| {
                    let mut own = Pages::default();
                    for k in KINDS {
                        if let Scope::Territory { pages: add, .. } = k.scope {
                            add(t, &mut own);
                        }
                    }
                    std::sync::Arc::new(own)
                })
                .clone();
            (t.slug.clone(), own)
        })
        .collect();
    LinkIndex::new(pages, territories, reserved)
}

/// Adds the print page of the page at `url` and its PDF (at `pdf`, when PDFs are made).
pub fn printed(ix: &mut Pages, url: &str, pdf: &str, draft: bool) {
    ix.add(paths::print_page(url), None, Some(BTreeSet::new()), draft);
    if cfg!(feature = "pdf") {
        ix.add(format!("/{pdf}"), None, Some(BTreeSet::new()), draft);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_unique_and_printable_kinds_are_indexed() {
        let mut seen = BTreeSet::new();
        for k in KINDS {
            assert!(seen.insert(k.template), "{} déclaré deux fois", k.template);
        }
        assert_eq!(search_label("impression.html"), None);
        assert_eq!(search_label("404.html"), None);
        assert_eq!(search_label("document.html"), Some("Document"));
    }

    #[test]
    fn every_part_has_a_kind() {
        for part in Part::ALL {
            assert!(of_part(part).next().is_some(), "{part:?}");
        }
    }
}
