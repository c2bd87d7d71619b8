//! Every file the build writes besides the pages, declared once, as the kinds of page are: what
//! it is, its URLs (for the link index and the slugs a free page may not take), when a run makes
//! it again, and how it is made. The pipeline makes them in this order; the search index and
//! the PDFs are made by the command after the pipeline (at once for a build, in the background
//! for the preview), and static files on full runs.

use crate::model::Site;
use crate::model::open_data::NAMES;
use crate::paths;
use crate::products::{OutputFile, PageMeta};
use crate::render::Part;

/// When a run makes a generated file again (every run that renders every page makes them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// On every run.
    Always,
    /// When the pages of this part of the site are rendered again (they show the same data).
    With(Part),
    /// When a page came or went or its date changed, or the title or summary of a page the
    /// feed lists ([`super::feeds::newest`]) changed.
    PagesChanged,
    /// By the command, after the pipeline.
    After,
}

/// What a generated file is made from.
pub struct Input<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its absolute URL, when known.
    pub base_url: Option<&'a str>,
    /// Every page of the site, as the sitemap and the feed list them.
    pub pages: &'a [&'a PageMeta],
    /// The editor's files of the theme (`/admin/`).
    pub admin: &'a std::collections::BTreeMap<String, &'static [u8]>,
    /// True when every page is made (the editor's static files are written then).
    pub full: bool,
    /// The territories whose own files are made again (`None`: all of them); the others' files
    /// of the previous run stay as they are.
    pub territories: Option<&'a std::collections::BTreeSet<String>>,
    /// Each territory's open-data rows as written by the previous run of the preview.
    pub open_data: &'a super::exports::Kept,
}

/// One generated file (or group of files).
pub struct Generated {
    /// What it is (for the timings of `CTIN_DETAILS`).
    pub name: &'static str,
    /// Its root-absolute URLs, or the folder it fills (ending with `/`).
    pub urls: fn(&Site) -> Vec<String>,
    /// True when a Markdown link may lead to it (a folder of generated files may not be linked).
    pub linked: bool,
    /// When a run makes it again.
    pub when: When,
    /// Makes its files (`None` for those the command makes after the pipeline).
    pub make: Option<fn(Input) -> Vec<OutputFile>>,
}

/// The open data: each table as CSV and JSON, each territory's rows, the data package. Made
/// before the pages: the open-data page lists the files' sizes.
pub const OPEN_DATA: Generated = Generated {
    name: "données ouvertes",
    urls: |site| {
        let mut urls = vec!["/donnees/datapackage.json".to_string()];
        for name in NAMES {
            for ext in ["csv", "json"] {
                urls.push(format!("/donnees/{name}.{ext}"));
            }
        }
        for t in site.territories.iter().filter(|t| t.card.is_some()) {
            for name in paths::TERRITORY_EXPORTS {
                for ext in ["csv", "json"] {
                    urls.push(format!("/{}", paths::territory_export(&t.slug, name, ext)));
                }
            }
        }
        urls
    },
    linked: true,
    when: When::With(Part::Data),
    make: Some(|input| super::exports::files(input.site, input.territories, input.open_data)),
};

/// The files made after the pages, in order.
pub const AFTER_PAGES: &[Generated] = &[
    Generated {
        name: "plan du site et flux",
        urls: |_| {
            ["/sitemap.xml", "/atom.xml", "/robots.txt"]
                .map(String::from)
                .to_vec()
        },
        linked: true,
        when: When::PagesChanged,
        make: Some(|input| {
            super::feeds::feeds(
                input.pages.iter().copied(),
                input.site.title(),
                input.base_url,
            )
        }),
    },
    Generated {
        name: "GeoJSON des lieux",
        urls: |_| vec!["/donnees/acteurs.geojson".to_string()],
        linked: true,
        when: When::With(Part::Actors),
        make: Some(|input| vec![super::geojson::actors(input.site)]),
    },
    Generated {
        name: "interface d'édition /admin/",
        urls: |_| vec!["/admin/".to_string()],
        linked: false,
        when: When::Always,
        make: Some(|input| super::cms::files(input.site, input.admin, input.full, input.base_url)),
    },
    Generated {
        name: "index de recherche",
        urls: |_| vec![format!("/{}/", paths::SEARCH_INDEX)],
        linked: false,
        when: When::After,
        make: None,
    },
];

/// Every generated file, for the link index and the reserved slugs.
pub fn all() -> impl Iterator<Item = &'static Generated> {
    std::iter::once(&OPEN_DATA).chain(AFTER_PAGES)
}
