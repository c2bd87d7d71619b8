//! The free pages (`content/pages/`), the legal notice, the accessibility statement, the search
//! page and the page shown for unknown addresses.

use serde_json::json;

use super::{Kind, Scope};
use crate::model::Site;
use crate::model::links::Pages;
use crate::render::format::date_text;
use crate::render::labels::label;
use crate::render::views::{headings, page_updated};
use crate::render::{Context, Job, NOT_FOUND as NOT_FOUND_URL, Part};
use crate::text::HeadingIds;

/// The slug of the legal notice, which a free page may replace.
pub const LEGAL_NOTICE_SLUG: &str = "mentions-legales";
/// The slug of the accessibility statement, which a free page may replace.
pub const ACCESSIBILITY_SLUG: &str = "accessibilite";

const PART: Part = Part::Pages;

/// `/<slug>/` for each file of `content/pages/`.
pub const FREE_PAGE: Kind = Kind {
    template: "page.html",
    search: Some("Page"),
    menu: None,
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: PART,
        pages: free_pages,
        jobs: free_page_jobs,
    },
};

/// `/mentions-legales/`, unless a free page of that slug replaces it.
pub const LEGAL_NOTICE: Kind = Kind {
    template: "mentions-legales.html",
    search: Some("Page"),
    menu: None,
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: PART,
        pages: |site, ix| built_in(site, ix, LEGAL_NOTICE_SLUG),
        jobs: legal_notice,
    },
};

/// `/accessibilite/`, unless a free page of that slug replaces it.
pub const ACCESSIBILITY: Kind = Kind {
    template: "accessibilite.html",
    search: Some("Page"),
    menu: None,
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: PART,
        pages: |site, ix| built_in(site, ix, ACCESSIBILITY_SLUG),
        jobs: accessibility,
    },
};

/// `/recherche/`, unless `site.yaml` turns the search off.
pub const SEARCH: Kind = Kind {
    template: "recherche.html",
    search: None,
    menu: None,
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: PART,
        pages: |site, ix| {
            if crate::render::Settings::of(site).search {
                ix.add_plain(crate::paths::SEARCH);
            }
        },
        jobs: search,
    },
};

/// `/404.html`, which static hosts serve for unknown addresses.
pub const NOT_FOUND: Kind = Kind {
    template: "404.html",
    search: None,
    menu: None,
    print: None,
    shows: &[],
    own: &[],
    scope: Scope::Site {
        part: PART,
        pages: |_, ix| ix.add_plain(NOT_FOUND_URL),
        jobs: |r| {
            vec![r.job(
                NOT_FOUND.template,
                NOT_FOUND_URL,
                "Page introuvable",
                &[],
                None,
                None,
                None,
                json!({}),
            )]
        },
    },
};

fn free_pages(site: &Site, ix: &mut Pages) {
    for page in &site.pages {
        ix.add(
            format!("/{}/", page.slug),
            Some(page.file()),
            Some(headings(page.scan())),
            page.is_draft(),
        );
    }
}

fn free_page_jobs(r: &Context) -> Vec<Job> {
    r.site
        .pages
        .iter()
        .filter(|p| r.published(p))
        .map(|p| {
            let url = format!("/{}/", p.slug);
            let mut ids = HeadingIds::default();
            let body = r.md(&p.body, p.file(), &url, &mut ids);
            r.job(
                FREE_PAGE.template,
                &url,
                &p.front.titre,
                &[],
                Some(p.file()),
                p.front.resume.as_deref(),
                page_updated(r, p),
                json!({ "corps": body }),
            )
        })
        .collect()
}

/// The URL of a built-in page (when no free page replaces it, the free page's URL is the same).
fn built_in(_site: &Site, ix: &mut Pages, slug: &str) {
    ix.add_plain(&format!("/{slug}/"));
}

/// True when a published free page of this slug replaces the built-in page.
fn replaced(r: &Context, slug: &str) -> bool {
    r.site
        .pages
        .iter()
        .any(|p| p.slug == slug && r.published(p))
}

fn legal_notice(r: &Context) -> Vec<Job> {
    if replaced(r, LEGAL_NOTICE_SLUG) {
        return Vec::new();
    }
    let config = r.site.config.as_ref();
    vec![r.job(LEGAL_NOTICE.template, "/mentions-legales/", "Mentions légales", &[], None, None, None, json!({
        "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| json!({
            "nom": e.nom, "adresse": e.adresse, "telephone": e.telephone.as_ref().map(|t| t.value.clone()),
            "courriel": e.courriel.as_ref().map(|t| t.value.clone()),
        })),
        "directeur": config.and_then(|c| c.directeur_publication.clone()),
        "hebergeur": config.and_then(|c| c.hebergeur.as_ref()).map(|h| json!({
            "nom": h.nom, "adresse": h.adresse, "telephone": h.telephone.as_ref().map(|t| t.value.clone()),
        })),
        "licence": config.and_then(|c| c.licence.clone()).unwrap_or_else(|| "Licence Ouverte 2.0".into()),
    }))]
}

fn accessibility(r: &Context) -> Vec<Job> {
    if replaced(r, ACCESSIBILITY_SLUG) {
        return Vec::new();
    }
    let config = r.site.config.as_ref();
    let a = config.and_then(|c| c.accessibilite.as_ref());
    let etat = a
        .and_then(|a| a.etat)
        .map(|e| e.as_str())
        .unwrap_or("non-conforme");
    vec![r.job(ACCESSIBILITY.template, "/accessibilite/", "Déclaration d'accessibilité", &[], None, None, None, json!({
        "etat": label(etat),
        "etat_code": etat,
        "date_audit": a.and_then(|a| a.date_audit.as_ref()).map(|d| date_text(&d.value)),
        "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| json!({ "nom": e.nom, "courriel": e.courriel.as_ref().map(|t| t.value.clone()) })),
    }))]
}

fn search(r: &Context) -> Vec<Job> {
    if !r.settings.search {
        return Vec::new();
    }
    let url = crate::paths::SEARCH;
    // The parts of the index the search page merges with the first (those of territories
    // with pages).
    let count = r.site.search_parts();
    let parts: std::collections::BTreeSet<usize> = r
        .site
        .territories
        .iter()
        .filter(|t| t.card.is_some())
        .map(|t| crate::paths::territory_search_part(&t.slug, count))
        .collect();
    let parts: Vec<String> = parts
        .into_iter()
        .map(|n| {
            r.href(
                url,
                &format!("/{}/pagefind.js", crate::paths::search_part_dir(n)),
            )
        })
        .collect();
    vec![r.job(
        SEARCH.template,
        url,
        "Rechercher",
        &[],
        None,
        Some("Rechercher dans les pages, les acteurs, les documents et les actions de tous les territoires."),
        None,
        json!({
            "index": r.href(url, &format!("/{}/pagefind.js", crate::paths::SEARCH_INDEX)),
            "parties": parts,
            "territoires_href": r.href(url, "/territoires/"),
            "acteurs_href": r.href(url, "/acteurs/"),
            "modeles_href": r.href(url, "/modeles/"),
            "donnees_href": r.href(url, "/donnees/"),
        }),
    )]
}
