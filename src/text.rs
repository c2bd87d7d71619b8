/*!
Small text rules shared by every stage: slugs, heading ids and "did you mean" suggestions.

A slug is lowercase ASCII letters, digits and single hyphens (`haute-garonne`). A heading id
follows the content format: lowercase, accents removed, every run of other characters replaced
by one hyphen, no hyphen at either end.
*/

use std::collections::HashMap;

/// True for a plain file name (a theme's): ASCII letters, digits, `-` and `_`, never a path,
/// never hidden.
pub fn is_plain_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// True when `s` is a valid slug: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// The slug proposed for any text (`Haute Garonne` → `haute-garonne`, `Étude` → `etude`).
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// Ids the pages' layout gives its own elements (the main content that the skip link targets,
/// the search field, the map, the sections of a territory's page, all `titre-…`): a heading
/// never takes one, so that no page holds an id twice.
pub fn is_layout_id(id: &str) -> bool {
    matches!(
        id,
        "contenu" | "recherche-entete" | "carte" | "carte-donnees"
    ) || id.starts_with("titre-")
}

/// Gives unique heading ids on one page: the second `x` becomes `x-2`, the third `x-3`; a
/// heading whose id the layout uses ([`is_layout_id`]) starts at `-2`.
#[derive(Debug, Default)]
pub struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of the next heading with this text.
    pub fn next_id(&mut self, heading_text: &str) -> String {
        let mut base = slugify(heading_text);
        if base.is_empty() {
            base = "section".to_string();
        }
        let reserved = usize::from(is_layout_id(&base));
        let count = self.seen.entry(base.clone()).or_insert(reserved);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        }
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = word.to_lowercase();
    let folded = slugify(word);
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let score = if candidate.to_lowercase() == lowered || slugify(candidate) == folded {
            1.0
        } else {
            strsim::jaro_winkler(&lowered, &candidate.to_lowercase())
        };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8)
        .map(|(_, c)| c.to_string())
}

/// "vouliez-vous dire `x` ?" when a candidate is close, otherwise the list of valid values.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(best) = suggest(word, candidates.clone()) {
        return Some(format!("vouliez-vous dire `{best}` ?"));
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    match all.len() {
        0 => None,
        n if n <= 20 => Some(format!("valeurs possibles : {}", quote_list(&all))),
        n => Some(format!(
            "valeurs possibles : {}… ({n} en tout)",
            quote_list(&all[..20])
        )),
    }
}

/// `` `a`, `b`, `c` ``
pub fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("haute-garonne"));
        assert!(is_slug("ind-01"));
        for bad in ["", "Haute", "a--b", "-a", "a-", "é", "a_b", "a b"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Haute Garonne"), "haute-garonne");
        assert_eq!(
            slugify("Communauté d'agglomération"),
            "communaute-d-agglomeration"
        );
    }

    #[test]
    fn headings_never_take_an_id_of_the_layout() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next_id("Contenu"), "contenu-2");
        assert_eq!(ids.next_id("Contenu"), "contenu-3");
        assert_eq!(ids.next_id("Carte"), "carte-2");
        assert_eq!(ids.next_id("Titre fiche"), "titre-fiche-2");
        assert_eq!(ids.next_id("Contenus"), "contenus");
    }

    #[test]
    fn heading_ids_follow_the_format() {
        let mut ids = HeadingIds::default();
        assert_eq!(
            ids.next_id("Engagements des signataires"),
            "engagements-des-signataires"
        );
        assert_eq!(
            ids.next_id("Annexe : liste des lieux"),
            "annexe-liste-des-lieux"
        );
        assert_eq!(ids.next_id("Œuvre « commune » !"), "oeuvre-commune");
        assert_eq!(
            ids.next_id("Annexe : liste des lieux"),
            "annexe-liste-des-lieux-2"
        );
        assert_eq!(
            ids.next_id("Annexe — liste des lieux"),
            "annexe-liste-des-lieux-3"
        );
    }

    #[test]
    fn suggestions() {
        let keys = ["nom", "nom_court", "echelon"];
        assert_eq!(suggest("nom_cour", keys), Some("nom_court".into()));
        assert_eq!(suggest("zzzzzz", keys), None);
        assert_eq!(
            did_you_mean("zzzzzz", keys),
            Some("valeurs possibles : `nom`, `nom_court`, `echelon`".into())
        );
    }
}
