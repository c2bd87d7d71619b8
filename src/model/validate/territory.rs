//! Checks of a territory's files: identity card, actors, measures and roadmap.

use std::collections::HashMap;

use super::{
    ActorRef, check_actor_ref, check_date, check_email, check_indicator_ref, check_number,
    check_slug_id, check_unique, check_url,
};
use crate::content::Origin;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, code};
use crate::model::schema::{Acteur, S};
use crate::model::{DataFile, MarkdownFile, Site, Territory};

/// At most this many characters in `presentation_resume` (national schema).
pub const MAX_SUMMARY_CHARS: usize = 280;

/// Checks everything in a territory folder but its Markdown pages.
pub fn check_territory(site: &Site, t: &Territory, diags: &mut Diagnostics) {
    check_card(site, t, diags);
    super::official::check_code(t, diags);
    super::official::check_places(t, diags);
    if let Some(data) = &t.measures {
        let o = &data.origin;
        let mut seen: HashMap<(String, String), u32> = HashMap::new();
        for m in data.items.as_deref().unwrap_or(&[]) {
            check_indicator_ref(site, o, &m.indicateur, diags);
            check_date(o, &m.periode, "periode", diags);
            if !m.valeur.value.is_finite() {
                check_number(o, &m.valeur, "valeur", diags);
            }
            let key = (m.indicateur.value.clone(), m.periode.value.clone());
            let pos = o.pos(&m.indicateur);
            if let Some(first) = seen.get(&key) {
                diags.push(
                    Diagnostic::new(
                        code::MESURE_EN_DOUBLE,
                        &o.file,
                        pos,
                        format!("mesure en double : `{}` pour la période {}", key.0, key.1),
                    )
                    .culprit(key.0.clone())
                    .hint(format!("déjà mesuré ligne {first} : gardez une seule valeur par indicateur et par période")),
                );
            } else {
                seen.insert(key, pos.line);
            }
        }
    }
}

/// Checks the actors of an `acteurs.yaml`: each value, and ids unique in the file. They
/// depend on nothing else, so they run when the file is parsed (and again only when it changes).
pub fn check_actors(data: &DataFile<Acteur>, diags: &mut Diagnostics) {
    let actors = data.items.as_deref().unwrap_or(&[]);
    for a in actors {
        check_actor(&data.origin, a, diags);
    }
    check_unique(
        &data.origin,
        actors.iter().map(|a| (&a.id, a.id.value.clone())),
        "identifiant d'acteur",
        diags,
    );
}

fn check_card(site: &Site, t: &Territory, diags: &mut Diagnostics) {
    let Some(card) = &t.card else { return };
    let o = &t.card_origin;
    if let Some(d) = &card.engage_le {
        check_date(o, d, "engage_le", diags);
    }
    for code in card.departements.iter().flatten() {
        if !is_departement(&code.value) {
            diags.push(
                Diagnostic::new(
                    code::DEPARTEMENT_INVALIDE,
                    &o.file,
                    o.pos(code),
                    format!("code de département invalide : `{}`", code.value),
                )
                .culprit(code.value.clone())
                .hint("écrivez le code entre guillemets : \"17\", \"2A\", \"974\""),
            );
        }
    }
    if let Some(c) = &card.coordination {
        if let Some(mail) = &c.courriel {
            check_email(o, mail, diags);
        }
        if let Some(s) = &c.structure {
            check_actor_ref(
                site,
                Some(t),
                o,
                s,
                ActorRef::IdOrName,
                "structure de coordination",
                diags,
            );
        }
    }
    for line in card.budget.iter().flatten() {
        check_number(o, &line.montant, "montant", diags);
        check_actor_ref(
            site,
            Some(t),
            o,
            &line.financeur,
            ActorRef::IdOrName,
            "financeur",
            diags,
        );
    }
    for comite in card.comites.iter().flatten() {
        for member in comite.composition.iter().flatten() {
            check_actor_ref(
                site,
                Some(t),
                o,
                member,
                ActorRef::IdOrName,
                "membre de comité",
                diags,
            );
        }
    }
    for e in card.calendrier.iter().flatten() {
        check_date(o, &e.date, "date", diags);
    }
    for l in card.liens.iter().flatten() {
        check_url(o, &l.url, "url", diags);
    }
    for s in card.sources.iter().flatten() {
        if let Some(url) = &s.url {
            check_url(o, url, "url", diags);
        }
        if let Some(d) = &s.date {
            check_date(o, d, "date", diags);
        }
    }
}

/// A French département code: 01–95 (2A, 2B for Corsica) or 971–976.
pub fn is_departement(code: &str) -> bool {
    match code {
        "2A" | "2B" => true,
        c if c.len() == 2 => c
            .parse::<u8>()
            .is_ok_and(|n| (1..=95).contains(&n) && n != 20),
        c if c.len() == 3 => c.parse::<u16>().is_ok_and(|n| (971..=976).contains(&n)),
        _ => false,
    }
}

fn all_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
#[test]
fn a_code_with_a_multibyte_character_is_not_an_insee_code() {
    assert!(is_insee_code("2A004") && is_insee_code("17300"));
    assert!(!is_insee_code("aé12") && !is_insee_code("1é300"));
}

/// A postal code's form: 5 digits.
pub fn is_postal_code(s: &str) -> bool {
    all_digits(s, 5)
}

/// An INSEE commune code's form: 5 characters, the département's two first (`2A`, `2B`).
pub fn is_insee_code(s: &str) -> bool {
    s.len() == 5
        && s.is_ascii()
        && (s[..2].bytes().all(|b| b.is_ascii_digit()) || &s[..2] == "2A" || &s[..2] == "2B")
        && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Checks the values of one actor (not its commune: see `check_places`).
pub fn check_actor(o: &Origin, a: &Acteur, diags: &mut Diagnostics) {
    check_slug_id(o, &a.id, "acteur", diags);
    let bad = |kind: Code, value: &S<String>, message: String, hint: &str| {
        Diagnostic::new(kind, &o.file, o.pos(value), message)
            .culprit(value.value.clone())
            .hint(hint.to_string())
    };
    if let Some(p) = &a.pivot {
        let v = p.value.replace(' ', "");
        let rna = v.len() == 10
            && v.starts_with('W')
            && v[1..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
        if !all_digits(&v, 14) && !rna {
            diags.push(bad(
                code::PIVOT_INVALIDE,
                p,
                format!("identifiant `pivot` invalide : « {} »", p.value),
                "écrivez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 caractères)",
            ));
        }
    }
    if let Some(cp) = &a.code_postal
        && !is_postal_code(&cp.value)
    {
        diags.push(bad(
            code::CODE_POSTAL_INVALIDE,
            cp,
            format!("code postal invalide : « {} »", cp.value),
            "écrivez 5 chiffres entre guillemets, par exemple \"17000\"",
        ));
    }
    if let Some(insee) = &a.code_insee {
        let v = &insee.value;
        if !is_insee_code(v) {
            diags.push(bad(
                code::CODE_INSEE_INVALIDE,
                insee,
                format!("code INSEE invalide : « {v} »"),
                "écrivez le code officiel de la commune sur 5 caractères, par exemple \"17300\"",
            ));
        }
    }
    match (&a.latitude, &a.longitude) {
        (Some(lat), None) | (None, Some(lat)) => {
            let (has, lacks) = if a.latitude.is_some() {
                ("latitude", "longitude")
            } else {
                ("longitude", "latitude")
            };
            diags.push(
                Diagnostic::new(
                    code::COORDONNEES_INCOMPLETES,
                    &o.file,
                    o.pos(lat),
                    format!("`{has}` sans `{lacks}` pour l'acteur `{}`", a.id.value),
                )
                .culprit(has)
                .hint(format!(
                    "ajoutez `{lacks}`, ou retirez `{has}` : les deux vont ensemble"
                )),
            );
        }
        (Some(lat), Some(lon)) => {
            for (v, name, max) in [(lat, "latitude", 90.0), (lon, "longitude", 180.0)] {
                if !v.value.is_finite() || v.value.abs() > max {
                    diags.push(
                        Diagnostic::new(
                            code::COORDONNEES_INVALIDES,
                            &o.file,
                            o.pos(v),
                            format!("{name} hors limites : {}", v.value),
                        )
                        .culprit(v.value.to_string())
                        .hint(format!(
                            "la {name} est en degrés décimaux WGS84, entre -{max} et {max}"
                        )),
                    );
                }
            }
        }
        (None, None) => {}
    }
    if let Some(tel) = &a.telephone {
        let digits = tel.value.chars().filter(|c| c.is_ascii_digit()).count();
        let allowed = tel
            .value
            .chars()
            .all(|c| c.is_ascii_digit() || " .+-()".contains(c));
        if !allowed || !(10..=15).contains(&digits) {
            diags.push(bad(
                code::TELEPHONE_INVALIDE,
                tel,
                format!("numéro de téléphone invalide : « {} »", tel.value),
                "écrivez 10 chiffres (05 46 00 00 00) ou le format international (+33546000000)",
            ));
        }
    }
    for mail in &a.courriels {
        check_email(o, mail, diags);
    }
    if let Some(hours) = &a.horaires
        && opening_hours_syntax::parse(&hours.value).is_err()
    {
        diags.push(bad(
            code::HORAIRES_INVALIDES,
            hours,
            format!("horaires illisibles : « {} »", hours.value),
            "écrivez les horaires dans la syntaxe OpenStreetMap, par exemple `Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00`",
        ));
    }
    for (url, key) in [
        (&a.site_web, "site_web"),
        (&a.fiche_acces_libre, "fiche_acces_libre"),
        (&a.prise_rdv, "prise_rdv"),
    ] {
        if let Some(url) = url {
            check_url(o, url, key, diags);
        }
    }
    if let Some(day) = &a.date_maj
        && check_date(o, day, "date_maj", diags).is_some()
        && day.value.len() != 10
    {
        diags.push(
            Diagnostic::new(code::DATE_INVALIDE, &o.file, o.pos(day), format!("`date_maj` doit être un jour : « {} »", day.value))
                .culprit(day.value.clone())
                .hint("écrivez le jour de la dernière vérification sous la forme AAAA-MM-JJ (par exemple 2024-03-20)"),
        );
    }
    if let Some(summary) = &a.presentation_resume {
        let n = summary.value.chars().count();
        if n > MAX_SUMMARY_CHARS {
            diags.push(
                Diagnostic::new(code::TEXTE_TROP_LONG, &o.file, o.pos(summary), format!("`presentation_resume` trop long : {n} caractères (au plus {MAX_SUMMARY_CHARS})"))
                    .hint("raccourcissez ce résumé ; le détail peut aller dans la présentation du territoire"),
            );
        }
    }
}

/// Checks the axes and actions of a roadmap.
pub fn check_roadmap(site: &Site, t: &Territory, page: &MarkdownFile, diags: &mut Diagnostics) {
    let o = &page.origin;
    let f = &page.front;
    let adopted_year = f
        .adopte_le
        .as_ref()
        .and_then(|d| crate::date::PartialDate::parse(&d.value))
        .map(|d| d.year);
    if let Some(h) = &f.horizon {
        let bad_range = !(2000..=2100).contains(&h.value);
        let before = adopted_year.is_some_and(|y| h.value < i64::from(y));
        if bad_range || before {
            diags.push(
                Diagnostic::new(code::HORIZON_INVALIDE, page.file(), o.pos(h), format!("horizon invalide : {}", h.value))
                    .culprit(h.value.to_string())
                    .hint("écrivez l'année de fin de la feuille de route (AAAA), postérieure à son adoption"),
            );
        }
    }
    let axes = f.axes.as_deref().unwrap_or(&[]);
    let mut ids: Vec<&S<String>> = Vec::new();
    for axe in axes {
        check_slug_id(o, &axe.id, "axe", diags);
        ids.push(&axe.id);
        for action in &axe.actions {
            check_slug_id(o, &action.id, "action", diags);
            ids.push(&action.id);
            for p in &action.porteurs {
                check_actor_ref(site, Some(t), o, p, ActorRef::IdOnly, "porteur", diags);
            }
            for p in &action.partenaires {
                check_actor_ref(site, Some(t), o, p, ActorRef::IdOnly, "partenaire", diags);
            }
            if let Some(d) = &action.echeance {
                check_date(o, d, "echeance", diags);
            }
            if let Some(b) = &action.budget {
                check_number(o, b, "budget", diags);
            }
            for code in &action.indicateurs {
                check_indicator_ref(site, o, code, diags);
            }
        }
    }
    check_unique(
        o,
        ids.into_iter().map(|s| (s, s.value.clone())),
        "identifiant d'axe ou d'action",
        diags,
    );
}
