//! A territory on the official geography: the facts its `code` gives, and its name forms
//! (official name and short name, each with its article), from `territoire.yaml` first, then
//! from the geography, then guessed from `nom`.

use crate::geo::{self, Facts};

use super::Territory;

impl Territory {
    /// What the geography knows of the territory's `code` (`None` without a code, or for a
    /// code the geography does not know: `check` reports it).
    /// Computed once (a département's communes are a scan of the whole table), and again only
    /// when `territoire.yaml` changes.
    pub fn official(&self) -> Option<&Facts> {
        self.official_facts
            .get_or_init(|| {
                let code = self.card.as_ref()?.code.as_ref()?;
                let g = geo::geography();
                g.official(code.value.trim()).map(|o| g.facts(o))
            })
            .as_ref()
    }

    /// The official name with its article (`la communauté d'agglomération de La Rochelle`):
    /// `nom_officiel`, else the geography's, else `nom` with the article of its first word.
    pub fn official_name(&self) -> String {
        let Some(card) = &self.card else {
            return self.slug.clone();
        };
        if let Some(n) = &card.nom_officiel {
            return n.trim().to_string();
        }
        match self.official() {
            Some(f) => f.officiel.clone(),
            None => geo::guess_with_article(&card.nom),
        }
    }

    /// The short name with its article (`le Sicoval`, `la Haute-Garonne`, `Lille`):
    /// `nom_court`, else the geography's, else the official name.
    pub fn short_name_with_article(&self) -> String {
        let Some(card) = &self.card else {
            return self.slug.clone();
        };
        if let Some(n) = &card.nom_court {
            return n.trim().to_string();
        }
        match self.official() {
            Some(f) => f.court.clone(),
            None => self.official_name(),
        }
    }

    /// The name shown in lists, charts and headings: the short name without a lowercase
    /// article (`le Sicoval` → `Sicoval`; `La Rochelle` keeps its own), else the slug.
    pub fn short_name(&self) -> String {
        if self.card.is_none() {
            return self.slug.clone();
        }
        geo::label(&self.short_name_with_article())
    }
}
