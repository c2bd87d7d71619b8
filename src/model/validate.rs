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
    let per_territory: Vec<Diagnostics> = site
        .territories
        .par_iter()
        .map(|t| {
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
            std::mem::take(diags)
        })
        .collect();
    for local in per_territory {
        diags.absorb(local);
    }
}
