//! The pages of the whole site: home, free and legal pages, search, lists of territories,
//! models, indicators and actors, and the 404 page.

use serde_json::{Value, json};

use super::format::{date_text, number, typography, with_unit};
use super::labels::label;
use super::views_territory::{
    actor_view, count, document_summary, latest_measures, map_points, map_view, territory_url,
};
use super::{Job, Part, Renderer, charts};
use crate::model::schema::Categorie;
use crate::model::{Page, Territory};
use crate::text::HeadingIds;

fn page_updated(r: &Renderer, p: &Page) -> Option<String> {
    r.updated(
        p.front.mis_a_jour.as_ref(),
        &[p.file()],
        p.front.date.as_ref(),
    )
}

fn free_page(r: &Renderer, p: &Page, url: &str) -> Job {
    let mut ids = HeadingIds::default();
    let body = r.md(&p.body, p.file(), url, &mut ids);
    r.job(
        "page.html",
        url,
        &p.front.titre,
        &[],
        Some(p.file()),
        p.front.resume.as_deref(),
        page_updated(r, p),
        json!({ "corps": body }),
    )
}

/// The pages of one part of the site that does not belong to one territory.
pub fn site_pages(r: &Renderer, part: Part) -> Vec<Job> {
    let territories: Vec<&Territory> = r
        .site
        .territories
        .iter()
        .filter(|t| t.card.is_some())
        .collect();
    match part {
        Part::Home => home(r, &territories),
        Part::Pages => free_and_legal_pages(r),
        Part::Territories => territories_list(r, &territories),
        Part::Models => models(r, &territories),
        Part::Indicators => indicators(r, &territories),
        Part::Actors => actors(r, &territories),
        Part::Data => data(r),
    }
}

fn home(r: &Renderer, territories: &[&Territory]) -> Vec<Job> {
    let mut jobs = Vec::new();
    if let Some(home) = &r.site.home {
        let mut ids = HeadingIds::default();
        let body = r.md(&home.body, home.file(), "/", &mut ids);
        let cards: Vec<Value> = territories
            .iter()
            .map(|t| territory_card(r, t, "/"))
            .collect();
        jobs.push(r.job(
            "accueil.html",
            "/",
            &home.front.titre,
            &[],
            Some(home.file()),
            home.front.resume.as_deref(),
            page_updated(r, home),
            json!({
                "corps": body,
                "territoires": cards,
                "territoires_href": r.href("/", "/territoires/"),
            }),
        ));
    }
    jobs
}

/// Free pages, legal notice, accessibility statement, the search page and the 404 page.
fn free_and_legal_pages(r: &Renderer) -> Vec<Job> {
    let site = r.site;
    let mut jobs = Vec::new();
    for p in site.pages.iter().filter(|p| r.published(p)) {
        jobs.push(free_page(r, p, &format!("/{}/", p.slug)));
    }
    let config = site.config.as_ref();
    if !site
        .pages
        .iter()
        .any(|p| p.slug == "mentions-legales" && r.published(p))
    {
        jobs.push(r.job("mentions-legales.html", "/mentions-legales/", "Mentions légales", &[], None, None, None, json!({
            "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| json!({
                "nom": e.nom, "adresse": e.adresse, "telephone": e.telephone.as_ref().map(|t| t.value.clone()),
                "courriel": e.courriel.as_ref().map(|t| t.value.clone()),
            })),
            "directeur": config.and_then(|c| c.directeur_publication.clone()),
            "hebergeur": config.and_then(|c| c.hebergeur.as_ref()).map(|h| json!({
                "nom": h.nom, "adresse": h.adresse, "telephone": h.telephone.as_ref().map(|t| t.value.clone()),
            })),
            "licence": config.and_then(|c| c.licence.clone()).unwrap_or_else(|| "Licence Ouverte 2.0".into()),
        })));
    }
    if !site
        .pages
        .iter()
        .any(|p| p.slug == "accessibilite" && r.published(p))
    {
        let a = config.and_then(|c| c.accessibilite.as_ref());
        let etat = a
            .and_then(|a| a.etat)
            .map(|e| e.as_str())
            .unwrap_or("non-conforme");
        jobs.push(r.job("accessibilite.html", "/accessibilite/", "Déclaration d'accessibilité", &[], None, None, None, json!({
            "etat": label(etat),
            "etat_code": etat,
            "date_audit": a.and_then(|a| a.date_audit.as_ref()).map(|d| date_text(&d.value)),
            "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| json!({ "nom": e.nom, "courriel": e.courriel.as_ref().map(|t| t.value.clone()) })),
        })));
    }
    let search = "/recherche/";
    if r.search() {
        jobs.push(r.job(
        "recherche.html",
        search,
        "Rechercher",
        &[],
        None,
        Some("Rechercher dans les pages, les acteurs, les documents et les actions de tous les territoires."),
        None,
        json!({
            "index": r.href(search, &format!("/{}/pagefind.js", crate::paths::SEARCH_INDEX)),
            "territoires_href": r.href(search, "/territoires/"),
            "acteurs_href": r.href(search, "/acteurs/"),
            "modeles_href": r.href(search, "/modeles/"),
            "donnees_href": r.href(search, "/donnees/"),
        }),
        ));
    }
    jobs.push(r.job(
        "404.html",
        super::NOT_FOUND,
        "Page introuvable",
        &[],
        None,
        None,
        None,
        json!({}),
    ));
    jobs
}

fn territories_list(r: &Renderer, territories: &[&Territory]) -> Vec<Job> {
    let url = "/territoires/";
    vec![r.job("territoires.html", url, "Territoires", &[], None, None, None, json!({
        "territoires": territories.iter().map(|t| territory_card(r, t, url)).collect::<Vec<_>>(),
        "carte": map_view(r, map_points(r, territories, url), url),
    }))]
}

fn models(r: &Renderer, territories: &[&Territory]) -> Vec<Job> {
    let mut jobs = Vec::new();
    let models: Vec<&Page> = r.site.models.iter().filter(|m| r.published(m)).collect();
    let adopting = |slug: &str| {
        territories
            .iter()
            .flat_map(|t| {
                t.documents
                    .iter()
                    .filter(|d| r.published(&d.page))
                    .map(move |d| (*t, d))
            })
            .filter(move |(_, d)| {
                d.page
                    .front
                    .modele
                    .as_ref()
                    .is_some_and(|m| m.value == slug)
            })
            .collect::<Vec<_>>()
    };
    let adopters = |slug: &str, from: &str| -> Vec<Value> {
        adopting(slug)
            .into_iter()
            .map(|(t, d)| document_summary(r, t, d, from))
            .collect()
    };
    let url = "/modeles/";
    jobs.push(r.job("modeles.html", url, "Modèles partagés", &[], None, None, None, json!({
        "modeles": models.iter().map(|m| json!({
            "titre": typography(&m.front.titre),
            "resume": m.front.resume.as_ref().map(|s| typography(s)),
            "type": m.front.kind.as_ref().map(|k| label(k.value.as_str())),
            "href": r.href(url, &format!("/modeles/{}/", m.slug)),
            "adoptions": count(
                adopting(&m.slug).iter().map(|(t, _)| &t.slug).collect::<std::collections::BTreeSet<_>>().len(),
                "territoire l'adopte",
                "territoires l'adoptent",
            ),
        })).collect::<Vec<_>>(),
    })));
    for m in &models {
        let url = format!("/modeles/{}/", m.slug);
        let text = crate::model::adoption::render_model(
            &m.body,
            &crate::model::adoption::neutral_context(&m.body),
        )
        .unwrap_or_default();
        let body = |at: &str| r.md(&text, m.file(), at, &mut HeadingIds::default());
        let kind = m.front.kind.as_ref().map(|k| label(k.value.as_str()));
        let print_url = crate::paths::print_page(&url);
        let printable = m.is_printable();
        jobs.push(r.job(
            "modele.html",
            &url,
            &m.front.titre,
            &[("Modèles partagés".into(), "/modeles/".into())],
            Some(m.file()),
            m.front.resume.as_deref(),
            page_updated(r, m),
            json!({
                "corps": body(&url),
                "type": kind,
                "adoptions": adopters(&m.slug, &url),
                "impression_href": printable.then(|| r.href(&url, &print_url)),
                "pdf_href": (printable && cfg!(feature = "pdf")).then(|| r.href(&url, &format!("/{}", super::views_territory::model_pdf_path(m)))),
            }),
        ));
        if printable {
            jobs.push(r.job(
                "impression.html",
                &print_url,
                &m.front.titre,
                &[
                    ("Modèles partagés".into(), "/modeles/".into()),
                    (m.front.titre.clone(), url.clone()),
                ],
                Some(m.file()),
                m.front.resume.as_deref(),
                page_updated(r, m),
                json!({
                    "document": {
                        "titre": typography(&m.front.titre),
                        "type": kind,
                        "corps": body(&print_url),
                        "modele_partage": true,
                    },
                    "entete": super::views_territory::print_header(&format!("Modèle partagé — {}", m.front.titre)),
                    "page_href": r.href(&print_url, &url),
                }),
            ));
        }
    }
    jobs
}

/// The référentiel and one page per indicator.
fn indicators(r: &Renderer, territories: &[&Territory]) -> Vec<Job> {
    let site = r.site;
    let mut jobs = Vec::new();
    let url = "/indicateurs/";
    jobs.push(r.job("referentiel.html", url, "Référentiel d'indicateurs", &[], site.referentiel.as_ref().map(|d| d.origin.file.as_path()), None, None, json!({
        "indicateurs": site.indicators().iter().map(|i| {
            let code = i.code.value.to_lowercase();
            json!({
                "code": i.code.value, "ancre": code, "nom": typography(&i.nom), "definition": typography(&i.definition),
                "unite": i.unite, "famille": i.famille, "sens": i.sens.map(|s| label(s.as_str())),
                "cible": i.cible.as_ref().map(|c| with_unit(c.valeur.value, &i.unite)),
                "href": r.href(url, &format!("/indicateurs/{code}/")),
            })
        }).collect::<Vec<_>>(),
    })));
    let latest_by_territory: Vec<_> = territories
        .iter()
        .map(|t| (*t, latest_measures(t)))
        .collect();
    for i in site.indicators() {
        let code = i.code.value.to_lowercase();
        let url = format!("/indicateurs/{code}/");
        let mut latest = Vec::new();
        let mut rows = Vec::new();
        for (t, measures) in &latest_by_territory {
            if let Some((period, value)) = measures.get(&i.code.value) {
                latest.push((t.short_name().to_string(), *value));
                rows.push(json!({
                    "territoire": t.short_name(), "href": r.href(&url, &format!("{}indicateurs/#{code}", territory_url(t))),
                    "valeur": with_unit(*value, &i.unite), "periode": date_text(period),
                }));
            }
        }
        jobs.push(r.job("indicateur.html", &url, &format!("{} — {}", i.code.value, i.nom), &[("Référentiel d'indicateurs".into(), "/indicateurs/".into())], None, None, None, json!({
            "indicateur": {
                "code": i.code.value, "nom": typography(&i.nom), "definition": typography(&i.definition), "unite": i.unite,
                "famille": i.famille, "sens": i.sens.map(|s| label(s.as_str())),
                "cible": i.cible.as_ref().map(|c| json!({
                    "valeur": with_unit(c.valeur.value, &i.unite), "source": typography(&c.source),
                    "echeance": c.echeance.as_ref().map(|e| date_text(&e.value)),
                })),
            },
            "comparaison": rows,
            "graphique": charts::bars(&format!("graphique-{code}"), &format!("{} : dernière valeur par territoire", i.nom), &i.unite, &latest),
        })));
    }
    jobs
}

/// All actors, grouped by category, filterable.
fn actors(r: &Renderer, territories: &[&Territory]) -> Vec<Job> {
    let url = "/acteurs/";
    let mut groups = Vec::new();
    let mut total = 0;
    for cat in Categorie::ALL {
        let actors: Vec<Value> = territories
            .iter()
            .flat_map(|t| {
                t.actor_list()
                    .iter()
                    .filter(|a| a.categorie == *cat)
                    .map(move |a| (t, a))
            })
            .map(|(t, a)| actor_view(r, t, a, url))
            .collect();
        if actors.is_empty() {
            continue;
        }
        total += actors.len();
        groups.push(json!({ "code": cat.as_str(), "nom": label(cat.as_str()), "nombre": actors.len(), "acteurs": actors }));
    }
    let roles: Vec<Value> = crate::model::schema::Role::ALL
        .iter()
        .map(|x| json!({ "code": x.as_str(), "nom": label(x.as_str()) }))
        .collect();
    vec![r.job(
        "acteurs.html",
        url,
        "Tous les acteurs",
        &[],
        None,
        None,
        None,
        json!({
            "groupes": groups,
            "roles": roles,
            "total": count(total, "acteur", "acteurs"),
        }),
    )]
}

fn territory_card(r: &Renderer, t: &Territory, from: &str) -> Value {
    let card = t.card.as_ref();
    json!({
        "nom": typography(t.short_name()),
        "nom_complet": card.map(|c| typography(&c.nom)),
        "echelon": card.map(|c| label(c.echelon.as_str())),
        "resume": t.index.as_ref().and_then(|p| p.front.resume.as_ref()).map(|s| typography(s)),
        "href": r.href(from, &territory_url(t)),
        "acteurs": count(t.actor_list().len(), "acteur", "acteurs"),
        "documents": count(t.documents.iter().filter(|d| r.published(&d.page)).count(), "document", "documents"),
        "conseillers": card.and_then(|c| c.conseillers_numeriques).map(|n| number(n as f64)),
    })
}

/// The open-data page: each export with its size, rows, licence and columns.
fn data(r: &Renderer) -> Vec<Job> {
    let url = "/donnees/";
    let licence = r
        .site
        .config
        .as_ref()
        .and_then(|c| c.licence.clone())
        .unwrap_or_else(|| "Licence Ouverte 2.0".into());
    let size = |bytes: usize| {
        if bytes < 1024 {
            format!("{bytes} octets")
        } else {
            format!(
                "{} ko",
                number((bytes as f64 / 1024.0 * 10.0).round() / 10.0)
            )
        }
    };
    let tables = crate::model::open_data::tables(r.site);
    let views: Vec<Value> = tables
        .iter()
        .map(|t| {
            let file = |ext: &str| {
                let path = format!("donnees/{}.{ext}", t.name);
                json!({
                    "format": ext.to_uppercase(),
                    "href": r.href(url, &format!("/{path}")),
                    "taille": r.exports.get(&path).map(|n| size(*n)),
                })
            };
            json!({
                "nom": t.name,
                "titre": t.title,
                "description": t.description,
                "lignes": count(t.rows.len(), "ligne", "lignes"),
                "fichiers": [file("csv"), file("json")],
                "colonnes": t.columns.iter().map(|c| json!({
                    "nom": c.name, "type": c.kind, "description": typography(c.description),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    vec![r.job(
        "donnees.html",
        url,
        "Données ouvertes",
        &[],
        None,
        Some("Les acteurs, les mesures d'indicateurs et les actions de tous les territoires, à télécharger en CSV et en JSON."),
        None,
        json!({
            "tables": views,
            "licence": typography(&licence),
            "datapackage": r.href(url, "/donnees/datapackage.json"),
            "geojson": r.href(url, "/donnees/acteurs.geojson"),
        }),
    )]
}
