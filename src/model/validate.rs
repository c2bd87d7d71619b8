//! Checks of values and references that serde cannot do: dates, slugs, codes, URLs, unique ids,
//! which keys a kind of page may use, and references to actors and indicators.
//! Territory files are checked in [`territory`]; links in Markdown in `model::links`.

pub mod territory;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

use super::schema::S;
use super::{Page, Site, Territory};
use crate::content::Origin;
use crate::date::PartialDate;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, code};
use crate::text::{did_you_mean, is_slug, slugify};

/// Runs every value and reference check.
pub fn validate(site: &Site, diags: &mut Diagnostics) {
    check_site_config(site, diags);
    if let Some(home) = &site.home {
        check_page(site, None, home, PageKind::Plain, diags);
    }
    for page in &site.pages {
        check_page(site, None, page, PageKind::Plain, diags);
    }
    for model in &site.models {
        check_page(site, None, model, PageKind::Model, diags);
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
                check_page(site, Some(t), page, PageKind::Plain, diags);
            }
            if let Some(roadmap) = &t.roadmap {
                check_page(site, Some(t), roadmap, PageKind::Roadmap, diags);
            }
            for doc in &t.documents {
                check_page(site, Some(t), &doc.page, PageKind::Document, diags);
            }
            std::mem::take(diags)
        })
        .collect();
    for local in per_territory {
        diags.absorb(local);
    }
}

/// What a Markdown file is, for the keys it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Home, free pages, territory presentation.
    Plain,
    /// `modeles/*.md`.
    Model,
    /// `documents/*.md`.
    Document,
    /// `feuille-de-route.md`.
    Roadmap,
}

impl PageKind {
    fn label(self) -> &'static str {
        match self {
            PageKind::Plain => "une page",
            PageKind::Model => "un modèle",
            PageKind::Document => "un document",
            PageKind::Roadmap => "une feuille de route",
        }
    }

    /// Keys this kind may not use, with where they belong.
    pub fn forbidden(self) -> &'static [&'static str] {
        match self {
            PageKind::Plain => &[
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
            PageKind::Model => &[
                "statut",
                "adopte_le",
                "signataires",
                "modele",
                "variables",
                "horizon",
                "axes",
            ],
            PageKind::Document => &["horizon", "axes"],
            PageKind::Roadmap => &[
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

fn present_keys(page: &Page) -> Vec<&'static str> {
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

fn check_page(
    site: &Site,
    t: Option<&Territory>,
    page: &Page,
    kind: PageKind,
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
    let needs_type = kind == PageKind::Model || (kind == PageKind::Document && f.modele.is_none());
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
    if kind == PageKind::Roadmap && f.axes.is_none() {
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
    if kind == PageKind::Document {
        check_document_status(page, diags);
        if let Some(t) = t {
            for s in f.signataires.iter().flatten() {
                check_actor_ref(site, Some(t), o, s, ActorRef::IdOrName, "signataire", diags);
            }
        }
    }
    if kind == PageKind::Roadmap
        && let Some(t) = t
    {
        territory::check_roadmap(site, t, page, diags);
    }
}

fn key_home(key: &str) -> &'static str {
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

fn check_document_status(page: &Page, diags: &mut Diagnostics) {
    use super::schema::DocStatut;
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

/// With the web editor, list files must be written under their key: Decap CMS cannot edit a
/// file whose root is a list.
fn check_editable_lists(site: &Site, diags: &mut Diagnostics) {
    let mut files: Vec<(&Path, &str, bool)> = Vec::new();
    if let Some(r) = &site.referentiel {
        files.push((&r.origin.file, "indicateurs", r.bare));
    }
    for t in &site.territories {
        if let Some(a) = &t.actors {
            files.push((&a.origin.file, "acteurs", a.bare));
        }
        if let Some(m) = &t.measures {
            files.push((&m.origin.file, "mesures", m.bare));
        }
    }
    for (file, key, bare) in files {
        if bare {
            diags.push(
                Diagnostic::new(
                    code::LISTE_SANS_CLE,
                    file,
                    Pos::new(1, 1),
                    "l'interface d'édition /admin/ ne peut pas modifier ce fichier : sa liste est écrite seule",
                )
                .hint(format!(
                    "écrivez `{key}:` sur la première ligne et décalez chaque ligne de la liste de deux espaces"
                )),
            );
        }
    }
}

/// `edition` in site.yaml: a repository path, a branch, and what each forge needs to log in.
fn check_edition(o: &Origin, e: &crate::model::schema::Edition, diags: &mut Diagnostics) {
    use crate::model::schema::Forge;
    let depot = &e.depot.value;
    let parts: Vec<&str> = depot.split('/').collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || p.contains(char::is_whitespace))
    {
        diags.push(
            Diagnostic::new(
                code::EDITION_INVALIDE,
                &o.file,
                o.pos(&e.depot),
                format!("dépôt invalide : `{depot}`"),
            )
            .culprit(depot.clone())
            .hint("écrivez le chemin du dépôt sur la forge, `groupe/projet`, par exemple `interconnectes/ctin-site` (sans `https://`)"),
        );
    }
    if let Some(b) = &e.branche
        && (b.value.is_empty() || b.value.contains(char::is_whitespace))
    {
        diags.push(
            Diagnostic::new(
                code::EDITION_INVALIDE,
                &o.file,
                o.pos(b),
                "nom de branche invalide",
            )
            .culprit(b.value.clone())
            .hint("écrivez le nom de la branche publiée, par exemple `main`"),
        );
    }
    for (key, url) in [("url", &e.url), ("authentification", &e.authentification)] {
        if let Some(url) = url {
            check_url(o, url, key, diags);
        }
    }
    let (needs, what) = match e.forge {
        Forge::Gitlab | Forge::Gitea => (e.app_id.is_none(), "app_id"),
        Forge::Github => (e.authentification.is_none(), "authentification"),
    };
    if needs {
        let hint = match e.forge {
            Forge::Github => {
                "GitHub ne permet pas de se connecter sans serveur : indiquez l'adresse d'un service OAuth (par exemple un Decap OAuth déployé par votre réseau) dans `authentification`"
            }
            _ => {
                "créez une application OAuth sur la forge (adresse de retour : `<adresse du site>/admin/`, sans secret, portée `api`) et copiez son identifiant dans `app_id`"
            }
        };
        diags.push(
            Diagnostic::new(
                code::CLE_MANQUANTE,
                &o.file,
                o.pos(&e.depot),
                format!(
                    "clé manquante `edition.{what}` pour la forge `{}`",
                    e.forge.as_str()
                ),
            )
            .culprit(what)
            .hint(hint),
        );
    }
}

fn check_site_config(site: &Site, diags: &mut Diagnostics) {
    let Some(c) = &site.config else { return };
    let o = Origin {
        file: "content/site.yaml".into(),
        offset: 0,
    };
    for (key, url) in [("url_de_base", &c.url_de_base), ("depot", &c.depot)] {
        if let Some(url) = url {
            check_url(&o, url, key, diags);
        }
    }
    if let Some(theme) = &c.theme
        && !crate::text::is_plain_name(&theme.value)
    {
        diags.push(
            Diagnostic::new(
                code::THEME_INVALIDE,
                &o.file,
                o.pos(theme),
                format!("nom de thème invalide : `{}`", theme.value),
            )
            .culprit(theme.value.clone())
            .hint("`theme` est le nom d'un dossier de `themes/` à côté de `content/` (lettres, chiffres, `-` et `_`), jamais un chemin"),
        );
    }
    if let Some(lang) = &c.langue {
        let v = &lang.value;
        let ok = v.len() >= 2
            && v.split('-').enumerate().all(|(i, part)| {
                (i == 0
                    && (2..=3).contains(&part.len())
                    && part.chars().all(|c| c.is_ascii_lowercase()))
                    || (i > 0
                        && (2..=8).contains(&part.len())
                        && part.chars().all(|c| c.is_ascii_alphanumeric()))
            });
        if !ok {
            diags.push(
                Diagnostic::new(
                    code::LANGUE_INVALIDE,
                    &o.file,
                    o.pos(lang),
                    format!("code de langue invalide : `{v}`"),
                )
                .culprit(v.clone())
                .hint("écrivez un code de langue comme `fr` ou `fr-FR`"),
            );
        }
    }
    if let Some(e) = &c.edition {
        check_edition(&o, e, diags);
        check_editable_lists(site, diags);
    }
    if let Some(carte) = &c.carte {
        let t = &carte.tuiles.value;
        if !["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p))
            || !(t.starts_with("https://") || t.starts_with("http://"))
        {
            diags.push(
                Diagnostic::new(code::URL_INVALIDE, &o.file, o.pos(&carte.tuiles), "adresse de tuiles invalide")
                    .culprit(t.clone())
                    .hint("écrivez une adresse http(s) avec `{z}`, `{x}` et `{y}`, par exemple `https://tile.openstreetmap.org/{z}/{x}/{y}.png`"),
            );
        }
    }
    if let Some(e) = &c.editeur
        && let Some(mail) = &e.courriel
    {
        check_email(&o, mail, diags);
    }
    if let Some(a) = &c.accessibilite
        && let Some(d) = &a.date_audit
    {
        check_date(&o, d, "date_audit", diags);
    }
}

fn check_referentiel(site: &Site, diags: &mut Diagnostics) {
    let Some(data) = &site.referentiel else {
        return;
    };
    let o = &data.origin;
    let items = data.items.as_deref().unwrap_or(&[]);
    for ind in items {
        let code = &ind.code.value;
        let ok = !code.is_empty()
            && code
                .split('-')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !ok {
            diags.push(
                Diagnostic::new(code::CODE_INVALIDE, &o.file, o.pos(&ind.code), format!("code d'indicateur invalide : `{code}`"))
                    .culprit(code.clone())
                    .hint("un code ne contient que des lettres sans accent, des chiffres et des tirets, par exemple `IND-01`"),
            );
        }
        if let Some(cible) = &ind.cible {
            check_number(o, &cible.valeur, "valeur", diags);
            if let Some(d) = &cible.echeance {
                check_date(o, d, "echeance", diags);
            }
        }
    }
    check_unique(
        o,
        items.iter().map(|i| (&i.code, i.code.value.to_lowercase())),
        "code d'indicateur",
        diags,
    );
}

/// How a list entry refers to actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRef {
    /// Must be an actor id (`porteurs`, `partenaires`).
    IdOnly,
    /// An id when written like one, a free name otherwise (`signataires`, `composition`).
    IdOrName,
}

/// Checks a reference to an actor: `<id>` in territory `t`, or `<territoire>/<id>`.
pub fn check_actor_ref(
    site: &Site,
    t: Option<&Territory>,
    o: &Origin,
    value: &S<String>,
    mode: ActorRef,
    what: &str,
    diags: &mut Diagnostics,
) {
    let v = value.value.trim();
    let pos = o.pos(value);
    let (target, id) = match v.split_once('/') {
        Some((ts, id)) if is_slug(ts) && is_slug(id) => match site.territory(ts) {
            Some(other) => (other, id),
            None => {
                let names = site.territories.iter().map(|t| t.slug.as_str());
                diags.push(
                    Diagnostic::new(
                        code::TERRITOIRE_INCONNU,
                        &o.file,
                        pos,
                        format!("territoire inconnu `{ts}` dans le {what} `{v}`"),
                    )
                    .culprit(v)
                    .maybe_hint(did_you_mean(ts, names)),
                );
                return;
            }
        },
        _ if is_slug(v) => match t {
            Some(t) => (t, v),
            None => return,
        },
        _ if mode == ActorRef::IdOrName => return,
        _ => {
            diags.push(
                Diagnostic::new(
                    code::ACTEUR_INCONNU,
                    &o.file,
                    pos,
                    format!("identifiant d'acteur attendu pour ce {what} : `{v}`"),
                )
                .culprit(v)
                .hint(format!(
                    "écrivez l'`id` d'un acteur de `acteurs.yaml` (par exemple `{}`)",
                    slugify(v)
                )),
            );
            return;
        }
    };
    if !target.actors_known() || target.actor_list().iter().any(|a| a.id.value == id) {
        return;
    }
    let ids: Vec<&str> = target
        .actor_list()
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    let place = if t.is_some_and(|t| t.slug == target.slug) {
        "de ce territoire".to_string()
    } else {
        format!("du territoire `{}`", target.slug)
    };
    let mut d = Diagnostic::new(
        code::ACTEUR_INCONNU,
        &o.file,
        pos,
        format!("acteur inconnu `{id}` ({what}) : aucun acteur {place} n'a cet `id`"),
    )
    .culprit(v)
    .maybe_hint(did_you_mean(id, ids.iter().copied()));
    if mode == ActorRef::IdOrName {
        d = d.hint_or("un nom écrit comme un identifiant (minuscules et tirets) doit être l'`id` d'un acteur ; pour un nom libre, écrivez-le avec majuscules ou espaces");
    } else {
        d = d.hint_or(format!(
            "déclarez cet acteur dans `territoires/{}/acteurs.yaml`",
            target.slug
        ));
    }
    diags.push(d);
}

/// Checks that a référentiel code exists.
pub fn check_indicator_ref(site: &Site, o: &Origin, code: &S<String>, diags: &mut Diagnostics) {
    if !site.indicators_known() || site.indicators().iter().any(|i| i.code.value == code.value) {
        return;
    }
    let codes: Vec<&str> = site
        .indicators()
        .iter()
        .map(|i| i.code.value.as_str())
        .collect();
    diags.push(
        Diagnostic::new(
            code::INDICATEUR_INCONNU,
            &o.file,
            o.pos(code),
            format!(
                "indicateur inconnu `{}` : ce code n'est pas dans le référentiel",
                code.value
            ),
        )
        .culprit(code.value.clone())
        .maybe_hint(did_you_mean(&code.value, codes.iter().copied()))
        .hint_or("les codes sont ceux de `content/referentiel/indicateurs.yaml`"),
    );
}

/// Checks a date written `AAAA-MM-JJ`, `AAAA-MM` or `AAAA`.
pub fn check_date(
    o: &Origin,
    value: &S<String>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let date = PartialDate::parse(&value.value);
    if date.is_none() {
        diags.push(
            Diagnostic::new(code::DATE_INVALIDE, &o.file, o.pos(value), format!("date invalide pour `{key}` : « {} »", value.value))
                .culprit(value.value.clone())
                .hint("écrivez une date réelle sous la forme AAAA-MM-JJ, AAAA-MM ou AAAA (par exemple 2021-02-16)"),
        );
    }
    date
}

/// Checks an absolute http(s) URL.
pub fn check_url(o: &Origin, value: &S<String>, key: &str, diags: &mut Diagnostics) {
    let v = value.value.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && host.contains('.') || host.starts_with("localhost")
    }) && !v.contains(char::is_whitespace);
    if !ok {
        diags.push(
            Diagnostic::new(
                code::URL_INVALIDE,
                &o.file,
                o.pos(value),
                format!("adresse web invalide pour `{key}`"),
            )
            .culprit(v)
            .hint("écrivez une adresse complète commençant par `https://`"),
        );
    }
}

/// Checks an e-mail address.
pub fn check_email(o: &Origin, value: &S<String>, diags: &mut Diagnostics) {
    let v = value.value.trim();
    let ok = v.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && !v.contains(char::is_whitespace);
    if !ok {
        diags.push(
            Diagnostic::new(
                code::COURRIEL_INVALIDE,
                &o.file,
                o.pos(value),
                format!("adresse de courriel invalide : « {v} »"),
            )
            .culprit(v)
            .hint("écrivez une adresse de la forme `prenom.nom@exemple.fr`"),
        );
    }
}

/// Checks that a number is finite and not negative (amounts, values).
pub fn check_number(o: &Origin, value: &S<f64>, key: &str, diags: &mut Diagnostics) {
    if !value.value.is_finite() || value.value < 0.0 {
        diags.push(
            Diagnostic::new(
                code::NOMBRE_INVALIDE,
                &o.file,
                o.pos(value),
                format!("nombre invalide pour `{key}`"),
            )
            .culprit(value.value.to_string())
            .hint("écrivez un nombre positif ou nul"),
        );
    }
}

/// Checks a slug-valued id.
pub fn check_slug_id(o: &Origin, value: &S<String>, what: &str, diags: &mut Diagnostics) {
    if !is_slug(&value.value) {
        diags.push(
            Diagnostic::new(code::SLUG_INVALIDE, &o.file, o.pos(value), format!("identifiant de {what} invalide : `{}`", value.value))
                .culprit(value.value.clone())
                .hint(format!(
                    "un identifiant ne contient que des minuscules sans accent, des chiffres et des tirets : écrivez `{}`",
                    slugify(&value.value)
                )),
        );
    }
}

/// Reports every key seen twice (the second and later occurrences).
pub fn check_unique<'a, I>(o: &Origin, items: I, what: &str, diags: &mut Diagnostics)
where
    I: IntoIterator<Item = (&'a S<String>, String)>,
{
    let mut seen: HashMap<String, Pos> = HashMap::new();
    for (value, key) in items {
        let pos = o.pos(value);
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::new(
                    code::ID_EN_DOUBLE,
                    &o.file,
                    pos,
                    format!("{what} `{}` en double", value.value),
                )
                .culprit(value.value.clone())
                .hint(format!(
                    "déjà utilisé ligne {} : chaque {what} doit être unique",
                    first.line
                )),
            );
        } else {
            seen.insert(key, pos);
        }
    }
}

/// Path of a file, for messages.
pub fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
