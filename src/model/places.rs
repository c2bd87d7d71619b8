//! An actor's address on the official geography: which commune its `commune` names, checked
//! against its `code_postal` and `code_insee`, and the INSEE code the exports write.

use crate::geo::{self, Commune};

use super::Territory;
use super::schema::Acteur;

/// Why an address does not lead to one commune.
#[derive(Debug)]
pub enum Problem {
    /// No commune has this name: the closest names.
    Unknown(Vec<&'static Commune>),
    /// Several communes have it, and nothing given tells them apart.
    Ambiguous(Vec<&'static Commune>),
    /// The postal code is none of the named communes'.
    Postal(Vec<&'static Commune>),
    /// The INSEE code is not the named commune's: the commune of that code, if any.
    Insee(&'static Commune, Option<&'static Commune>),
}

/// True when `c` is the commune of `code`, or its arrondissement, or its commune.
fn has_code(c: &Commune, code: &str) -> bool {
    c.code == code
        || c.parent == Some(code)
        || geo::geography()
            .commune(code)
            .is_some_and(|other| other.parent == Some(c.code))
}

/// The postal codes of a commune (an arrondissement's, or its commune's when it has none).
pub fn postal_codes(c: &Commune) -> Vec<&'static str> {
    let g = geo::geography();
    match (c.postaux.is_empty(), c.parent.and_then(|p| g.commune(p))) {
        (true, Some(parent)) => parent.postal_codes(),
        _ => c.postal_codes(),
    }
}

/// The commune an address names. `departements` (the territory's) settles a name that
/// several communes share.
pub fn resolve(
    commune: &str,
    postal: Option<&str>,
    insee: Option<&str>,
    departements: &[&str],
) -> Result<&'static Commune, Problem> {
    let g = geo::geography();
    let mut candidates = g.communes_named(commune);
    if candidates.is_empty() {
        let mut near = g.suggest_communes(commune, 3);
        if let Some(c) = insee.and_then(|i| g.commune(i)) {
            near.retain(|n| n.code != c.code);
            near.insert(0, c);
        }
        return Err(Problem::Unknown(near));
    }
    if let Some(postal) = postal {
        let named = candidates.clone();
        candidates.retain(|c| postal_codes(c).contains(&postal));
        if candidates.is_empty() {
            return Err(Problem::Postal(named));
        }
    }
    if let Some(insee) = insee {
        let first = candidates[0];
        candidates.retain(|c| has_code(c, insee));
        if candidates.is_empty() {
            return Err(Problem::Insee(first, g.commune(insee)));
        }
    }
    if candidates.len() > 1 && !departements.is_empty() {
        let inside: Vec<_> = candidates
            .iter()
            .copied()
            .filter(|c| departements.contains(&c.departement))
            .collect();
        if !inside.is_empty() {
            candidates = inside;
        }
    }
    match candidates.as_slice() {
        [one] => Ok(one),
        _ => Err(Problem::Ambiguous(candidates)),
    }
}

impl Territory {
    /// The départements the territory declares, or those of its official territory.
    pub fn departement_codes(&self) -> Vec<String> {
        let declared: Vec<String> = self
            .card
            .iter()
            .flat_map(|c| c.departements.iter().flatten())
            .map(|d| d.value.clone())
            .filter(|d| geo::geography().departement(d).is_some())
            .collect();
        if !declared.is_empty() {
            return declared;
        }
        self.official()
            .map(|f| f.departements.iter().map(|d| d.to_string()).collect())
            .unwrap_or_default()
    }

    /// The commune an actor of this territory lies in, when its address names one.
    pub fn commune_of(&self, a: &Acteur) -> Option<&'static Commune> {
        let deps = self.departement_codes();
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        resolve(
            &a.commune.as_ref()?.value,
            a.code_postal.as_ref().map(|c| c.value.as_str()),
            a.code_insee.as_ref().map(|c| c.value.as_str()),
            &deps,
        )
        .ok()
    }

    /// An actor's INSEE code: as written, else derived from its commune.
    pub fn code_insee(&self, a: &Acteur) -> Option<String> {
        match &a.code_insee {
            Some(c) => Some(c.value.clone()),
            None => self.commune_of(a).map(|c| c.code.to_string()),
        }
    }
}
