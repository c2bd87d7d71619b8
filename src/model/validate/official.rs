//! Checks against the official geography: a territory's `code` (exists, agrees with
//! `echelon` and `departements`) and its actors' addresses (`commune`, `code_postal`,
//! `code_insee`; a place outside the territory is a warning).

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Diagnostics, code};
use crate::geo::{self, Commune};
use crate::model::Territory;
use crate::model::places::{Problem, postal_codes, resolve};

/// `La Rochelle (17)`.
fn named(c: &Commune) -> String {
    format!("{} ({})", c.nom, c.departement)
}

/// Checks `code` of `territoire.yaml`.
pub(super) fn check_code(t: &Territory, diags: &mut Diagnostics) {
    let Some(card) = &t.card else { return };
    let Some(value) = &card.code else { return };
    let o = &t.card_origin;
    let g = geo::geography();
    let code_text = value.value.trim();
    let Some(facts) = t.official() else {
        // The EPCI whose name is closest to the territory's, as an example.
        let wanted = geo::fold(&card.nom);
        let close = (card.nom.chars().count() <= geo::MAX_NAME)
            .then_some(())
            .into_iter()
            .flat_map(|()| g.epcis.iter())
            .map(|e| (strsim::jaro_winkler(&wanted, &geo::fold(&e.names().0)), e))
            .filter(|(s, _)| *s >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let d = Diagnostic::new(
            code::CODE_TERRITOIRE_INCONNU,
            &o.file,
            o.pos(value),
            format!("`code` : aucun EPCI ni département n'a le code « {code_text} »"),
        )
        .culprit(value.value.clone());
        diags.push(match close {
            Some((_, e)) => d.hint(format!(
                "{} a le SIREN \"{}\" ; un département s'écrit \"17\", \"2A\", \"971\"",
                geo::upper_first(&e.names().1),
                e.siren
            )),
            None => d,
        });
        return;
    };
    if card.echelon.as_str() != facts.echelon {
        diags.push(
            Diagnostic::new(
                code::ECHELON_INCOHERENT,
                &o.file,
                o.pos(value),
                format!(
                    "`echelon: {}` ne convient pas au code « {code_text} », qui est celui {}",
                    card.echelon.as_str(),
                    geo::de(&facts.officiel)
                ),
            )
            .culprit(value.value.clone())
            .hint(format!(
                "écrivez `echelon: {}`{}, ou corrigez le code",
                facts.echelon,
                if facts.echelon == "autre" {
                    format!(
                        " ({} est une collectivité à statut particulier, pas un EPCI)",
                        facts.officiel
                    )
                } else {
                    String::new()
                }
            )),
        );
    }
    let declared: BTreeSet<&str> = card
        .departements
        .iter()
        .flatten()
        .map(|d| d.value.as_str())
        .collect();
    let official_deps: BTreeSet<&str> = facts.departements.iter().copied().collect();
    if !declared.is_empty() && declared != official_deps {
        let first = card
            .departements
            .iter()
            .flatten()
            .next()
            .expect("not empty");
        let list = |s: &BTreeSet<&str>| {
            s.iter()
                .map(|d| format!("\"{d}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        diags.push(
            Diagnostic::new(
                code::DEPARTEMENTS_INCOHERENTS,
                &o.file,
                o.pos(first),
                format!(
                    "`departements` : {} ne correspond pas {}",
                    list(&declared),
                    geo::a(&facts.officiel)
                ),
            )
            .culprit(first.value.clone())
            .hint(format!(
                "{} s'étend sur : [{}] ; écrivez cette liste ou retirez `departements`",
                geo::upper_first(&facts.officiel),
                list(&official_deps)
            )),
        );
    }
}

/// Checks the address of each actor of the territory.
pub(super) fn check_places(t: &Territory, diags: &mut Diagnostics) {
    let Some(data) = &t.actors else { return };
    let o = &data.origin;
    let deps = t.departement_codes();
    let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
    let official = t.official();
    for a in data.items.as_deref().unwrap_or(&[]) {
        let Some(commune) = &a.commune else { continue };
        let postal = a
            .code_postal
            .as_ref()
            .filter(|c| c.value.len() == 5 && c.value.bytes().all(|b| b.is_ascii_digit()));
        let insee = a.code_insee.as_ref().filter(|c| c.value.len() == 5);
        let found = resolve(
            &commune.value,
            postal.map(|c| c.value.as_str()),
            insee.map(|c| c.value.as_str()),
            &deps,
        );
        let problem = match found {
            Ok(c) => {
                let home = c.parent.unwrap_or(c.code);
                let outside = match &official {
                    Some(f) => !f.communes.iter().any(|(code, _)| *code == home),
                    None => !deps.is_empty() && !deps.contains(&c.departement),
                };
                if outside {
                    let whose = match &official {
                        Some(f) => format!("des communes {}", geo::de(&f.officiel)),
                        None => format!("des départements du territoire ({})", deps.join(", ")),
                    };
                    let whose = format!("hors {whose}");
                    diags.push(
                        Diagnostic::new(
                            code::LIEU_HORS_TERRITOIRE,
                            &o.file,
                            o.pos(commune),
                            format!("l'acteur `{}` est à {}, {whose}", a.id.value, named(c)),
                        )
                        .culprit(commune.value.clone()),
                    );
                }
                continue;
            }
            Err(p) => p,
        };
        let d = match problem {
            Problem::Unknown(near) => {
                let d = Diagnostic::new(
                    code::COMMUNE_INCONNUE,
                    &o.file,
                    o.pos(commune),
                    format!(
                        "`commune` : aucune commune ne s'appelle « {} »",
                        commune.value
                    ),
                )
                .culprit(commune.value.clone());
                if near.is_empty() {
                    d
                } else {
                    let names: Vec<String> =
                        near.iter().map(|c| format!("`{}`", named(c))).collect();
                    d.hint(format!("vouliez-vous dire {} ?", names.join(" ou ")))
                }
            }
            Problem::Ambiguous(all) => {
                let names: Vec<String> = all
                    .iter()
                    .map(|c| {
                        let codes = postal_codes(c);
                        let label = if codes.len() > 1 {
                            "codes postaux"
                        } else {
                            "code postal"
                        };
                        format!(
                            "{} : {label} \"{}\", code INSEE \"{}\"",
                            named(c),
                            codes.join("\", \""),
                            c.code
                        )
                    })
                    .collect();
                Diagnostic::new(
                    code::COMMUNE_AMBIGUE,
                    &o.file,
                    o.pos(commune),
                    format!(
                        "`commune` : {} communes s'appellent « {} »",
                        all.len(),
                        commune.value
                    ),
                )
                .culprit(commune.value.clone())
                .hint(format!(
                    "précisez `code_postal` ou `code_insee` — {}",
                    names.join(" ; ")
                ))
            }
            Problem::Postal(named_ones) => {
                let cp = postal.expect("a postal code was compared");
                let codes: Vec<String> = named_ones
                    .iter()
                    .map(|c| format!("{} : \"{}\"", named(c), postal_codes(c).join("\", \"")))
                    .collect();
                Diagnostic::new(
                    code::CODE_POSTAL_INCOHERENT,
                    &o.file,
                    o.pos(cp),
                    format!(
                        "`code_postal` : « {} » n'est pas un code postal de {}",
                        cp.value, commune.value
                    ),
                )
                .culprit(cp.value.clone())
                .hint(format!(
                    "codes postaux de la commune — {}",
                    codes.join(" ; ")
                ))
            }
            Problem::Insee(c, other) => {
                let code = insee.expect("an INSEE code was compared");
                let whose =
                    other.map_or(String::new(), |x| format!(" (c'est celui de {})", named(x)));
                Diagnostic::new(
                    code::CODE_INSEE_INCOHERENT,
                    &o.file,
                    o.pos(code),
                    format!(
                        "`code_insee` : « {} » n'est pas le code de {}{whose}",
                        code.value, commune.value
                    ),
                )
                .culprit(code.value.clone())
                .hint(format!("le code INSEE de {} est \"{}\" ; ou retirez `code_insee` : ctin le déduit de la commune", named(c), c.code))
            }
        };
        diags.push(d);
    }
}
