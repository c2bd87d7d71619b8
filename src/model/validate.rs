//! Checks of values and references that serde cannot do: dates, slugs, codes, URLs, unique ids,
//! which keys a kind of page may use, and references to actors and indicators.
//! Territory files are checked in [`territory`]; links in Markdown in `model::links`.

mod official;
mod pages;
mod site;
pub mod territory;
mod values;

pub use pages::FrontMatterKind;
use pages::check_page;
use site::{check_referentiel, check_site_config};
pub use values::*;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

use super::schema::S;
use super::{MarkdownFile, Site, Territory};
use crate::content::Origin;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::text::{did_you_mean, is_slug, slugify};

/// Runs every value and reference check.
pub fn validate(site: &Site, diags: &mut Diagnostics) {
    validate_again(site, diags, &mut Kept::default(), None);
}

/// What each territory's checks found last time, and what other territories' checks read of
/// it: the ids of its actors (`None` when its actor file could not be read).
#[derive(Debug, Default)]
pub struct Kept {
    problems: HashMap<String, Diagnostics>,
    actors: HashMap<String, Option<Vec<String>>>,
}

impl Kept {
    /// True when the actors of these territories are those of the last check: the only thing
    /// a territory's checks read of another territory.
    pub fn same_actors<'a>(
        &self,
        site: &Site,
        mut territories: impl Iterator<Item = &'a str>,
    ) -> bool {
        territories.all(|slug| {
            let now = site.territory(slug).map(actor_ids);
            self.actors.get(slug) == now.as_ref()
        })
    }
}

fn actor_ids(t: &Territory) -> Option<Vec<String>> {
    let ids = t.actor_list().iter().map(|a| a.id.value.clone());
    t.actors_known().then(|| ids.collect())
}

/// Runs every value and reference check; each territory's checks are run again only when
/// `again` is `None` or names it, the others' problems are taken from `kept` (valid while no
/// actor was added, removed or renamed elsewhere: see [`Kept::same_actors`]), which then holds
/// this check's.
pub fn validate_again(
    site: &Site,
    diags: &mut Diagnostics,
    kept: &mut Kept,
    again: Option<&std::collections::BTreeSet<&str>>,
) {
    check_site_config(site, diags);
    if let Some(home) = &site.home {
        check_page(site, None, home, FrontMatterKind::Plain, diags);
    }
    for page in &site.pages {
        check_page(site, None, page, FrontMatterKind::Plain, diags);
    }
    for model in &site.models {
        check_page(site, None, model, FrontMatterKind::Model, diags);
    }
    check_referentiel(site, diags);
    let fresh = |t: &Territory| {
        again.is_none_or(|a| a.contains(t.slug.as_str())) || !kept.problems.contains_key(&t.slug)
    };
    let per_territory: Vec<Option<Diagnostics>> = site
        .territories
        .par_iter()
        .map(|t| {
            if !fresh(t) {
                return None;
            }
            let mut diags = Diagnostics::new();
            let diags = &mut diags;
            territory::check_territory(site, t, diags);
            for page in t.index.iter() {
                check_page(site, Some(t), page, FrontMatterKind::Plain, diags);
            }
            if let Some(roadmap) = &t.roadmap {
                check_page(site, Some(t), roadmap, FrontMatterKind::Roadmap, diags);
            }
            for doc in &t.documents {
                check_page(site, Some(t), &doc.page, FrontMatterKind::Document, diags);
            }
            Some(std::mem::take(diags))
        })
        .collect();
    if again.is_none() {
        kept.problems.clear();
        kept.actors.clear();
    }
    for (t, checked) in site.territories.iter().zip(per_territory) {
        if let Some(checked) = checked {
            kept.problems.insert(t.slug.clone(), checked);
            kept.actors.insert(t.slug.clone(), actor_ids(t));
        }
        if let Some(problems) = kept.problems.get(&t.slug) {
            diags.absorb(problems.clone());
        }
    }
}
