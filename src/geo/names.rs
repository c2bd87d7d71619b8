//! Names with their article, and the prepositions French contracts with it: `de` + `le` →
//! `du`, `à` + `les` → `aux`, `de` + `Orléans` → `d'Orléans`.
//!
//! A name is written with its article when it takes one (`le Sicoval`, `la Haute-Garonne`,
//! `l'Ain`, `les Bouches-du-Rhône`, `Le Havre`, `Lille`); the functions read that article back
//! from the text, so they work on any name, from the geography or from an editor.

use super::{Epci, EpciKind};

/// The Insee's "type de nom en clair" (`typeLiaison`): which article a name takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liaison {
    /// No article, starts with a consonant (0).
    Consonant,
    /// No article, starts with a vowel or a mute h (1).
    Vowel,
    /// `le` (2).
    Le,
    /// `la` (3).
    La,
    /// `les` (4).
    Les,
    /// `l'` (5).
    L,
    /// `aux` (6).
    Aux,
    /// `las` (7).
    Las,
    /// `los` (8).
    Los,
}

impl Liaison {
    pub(super) fn parse(s: &str) -> Self {
        match s {
            "1" => Self::Vowel,
            "2" => Self::Le,
            "3" => Self::La,
            "4" => Self::Les,
            "5" => Self::L,
            "6" => Self::Aux,
            "7" => Self::Las,
            "8" => Self::Los,
            _ => Self::Consonant,
        }
    }

    /// A name given without its article (départements, régions) with it: `Rhône` → `le Rhône`.
    /// A name that already starts with its article (`La Réunion`) is left as it is.
    pub fn with_article(self, nom: &str) -> String {
        let article = match self {
            Self::Consonant | Self::Vowel => return nom.to_string(),
            Self::Le => "le ",
            Self::La => "la ",
            Self::Les => "les ",
            Self::L => "l'",
            Self::Aux => "aux ",
            Self::Las => "las ",
            Self::Los => "los ",
        };
        if split_article(nom).0 != Article::None {
            return nom.to_string();
        }
        format!("{article}{nom}")
    }
}

/// The article a name starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Article {
    /// No article.
    None,
    /// `le`.
    Le,
    /// `la`.
    La,
    /// `l'`.
    L,
    /// `les`.
    Les,
    /// `aux`.
    Aux,
    /// `las`, `los`: articles that neither contract nor elide.
    Other,
}

/// The article a name starts with, and the name after it (`le Sicoval` → (`Le`, `Sicoval`),
/// `L'Haÿ-les-Roses` → (`L`, `Haÿ-les-Roses`)). Case does not matter; both apostrophes count.
pub fn split_article(name: &str) -> (Article, &str) {
    for (word, article) in [
        ("le ", Article::Le),
        ("la ", Article::La),
        ("les ", Article::Les),
        ("aux ", Article::Aux),
        ("las ", Article::Other),
        ("los ", Article::Other),
        ("l'", Article::L),
        ("l’", Article::L),
    ] {
        if name.len() > word.len()
            && name.is_char_boundary(word.len())
            && name[..word.len()].to_lowercase() == word
        {
            return (article, name[word.len()..].trim_start());
        }
    }
    (Article::None, name)
}

/// True when `de`, `que` elide before this name without article: a vowel, a `y` before a
/// consonant, or a mute `h` that the geography knows (`Hyères`).
fn elides(name: &str) -> bool {
    let mut chars = name.chars().flat_map(char::to_lowercase);
    match chars.next() {
        Some(c) if "aàâäeéèêëiîïoôöuùûüæœ".contains(c) => true,
        Some('y') => chars
            .next()
            .is_some_and(|c| !"aàâeéèêiîoôuûy".contains(c) && c.is_alphabetic()),
        Some('h') => super::geography().elides_h(name),
        _ => false,
    }
}

/// `de` before a name with its article: `du Sicoval`, `de la Haute-Garonne`, `de l'Ain`,
/// `des Bouches-du-Rhône`, `du Havre`, `de La Rochelle`, `d'Orléans`, `de Lille`.
pub fn de(name: &str) -> String {
    let name = name.trim();
    match split_article(name) {
        (Article::Le, rest) => format!("du {rest}"),
        (Article::Les | Article::Aux, rest) => format!("des {rest}"),
        (Article::None, _) if elides(name) => format!("d'{name}"),
        _ => format!("de {name}"),
    }
}

/// `à` before a name with its article: `au Sicoval`, `à la Haute-Garonne`, `à l'Ain`,
/// `aux Sables-d'Olonne`, `au Havre`, `à Lille`.
pub fn a(name: &str) -> String {
    let name = name.trim();
    match split_article(name) {
        (Article::Le, rest) => format!("au {rest}"),
        (Article::Les | Article::Aux, rest) => format!("aux {rest}"),
        _ => format!("à {name}"),
    }
}

/// `que` before a name: `qu'Orléans`, `que le Sicoval`.
pub fn que(name: &str) -> String {
    let name = name.trim();
    match split_article(name) {
        (Article::None, _) if elides(name) => format!("qu'{name}"),
        _ => format!("que {name}"),
    }
}

/// The name without its article (`le Sicoval` → `Sicoval`).
pub fn sans_article(name: &str) -> String {
    split_article(name.trim()).1.to_string()
}

/// A short name as lists and headings show it: without a lowercase article (`le Sicoval` →
/// `Sicoval`); an article written with a capital belongs to the name (`La Rochelle`).
pub fn label(name: &str) -> String {
    let name = name.trim();
    match split_article(name) {
        (Article::None, _) => name.to_string(),
        (_, rest) if name.starts_with(|c: char| c.is_lowercase()) => rest.to_string(),
        _ => name.to_string(),
    }
}

/// The text with a capital first letter (`le Sicoval` → `Le Sicoval`), for a sentence's start.
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name after a preposition `de` taken back (`du Sicoval` → `le Sicoval`, `de La Rochelle`
/// → `La Rochelle`, `d'Arras` → `Arras`); `None` when it does not start with one.
fn after_de(text: &str) -> Option<String> {
    for (prefix, article) in [
        ("du ", "le "),
        ("des ", "les "),
        ("de ", ""),
        ("d'", ""),
        ("d’", ""),
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Some(format!("{article}{}", rest.trim_start()));
        }
    }
    None
}

/// The heading, official name with article and short name with article of an EPCI, from the
/// DGCL's listing (`CA de La Rochelle`, `CA du Sicoval`, `Métropole Européenne de Lille`,
/// `Eurométropole de Strasbourg`, `Toulouse Métropole`).
pub(super) fn epci_names(e: &Epci) -> (String, String, String) {
    let nom = e.nom.trim();
    if let Some((abbr, words)) = e.kind.abbreviation() {
        if let Some(rest) = nom.strip_prefix(abbr).and_then(|r| r.strip_prefix(' ')) {
            let rest = rest.trim();
            let court = after_de(rest).unwrap_or_else(|| rest.to_string());
            return (
                format!("{} {rest}", upper_first(words)),
                format!("la {words} {rest}"),
                court,
            );
        }
        return (nom.to_string(), nom.to_string(), nom.to_string());
    }
    debug_assert!(matches!(
        e.kind,
        EpciKind::Metropole | EpciKind::MetropoleLyon
    ));
    for (head, article) in [
        ("Métropole Européenne ", "la "),
        ("Métropole européenne ", "la "),
        ("Métropole ", "la "),
        ("Eurométropole ", "l'"),
    ] {
        if let Some(rest) = nom.strip_prefix(head) {
            let court = after_de(rest.trim()).unwrap_or_else(|| rest.trim().to_string());
            return (nom.to_string(), format!("{article}{nom}"), court);
        }
    }
    // A name led by its city (`Toulouse Métropole`) takes no article.
    (nom.to_string(), nom.to_string(), nom.to_string())
}

/// The article a name written by an editor takes, read from its first word when it is a
/// common noun of public bodies (`Intercommunalité de Lyon` → `l'Intercommunalité de Lyon`,
/// `Département du Rhône` → `le Département du Rhône`); other names are left as they are.
pub fn guess_with_article(nom: &str) -> String {
    let nom = nom.trim();
    if split_article(nom).0 != Article::None {
        return nom.to_string();
    }
    let first = nom.split([' ', '-']).next().unwrap_or("").to_lowercase();
    let article = match first.as_str() {
        "communauté" | "métropole" | "commune" | "ville" | "région" | "collectivité"
        | "préfecture" | "maison" => "la ",
        "département" | "pays" | "syndicat" | "pôle" | "conseil" | "territoire" | "parc"
        | "groupement" | "petr" | "réseau" | "centre" => "le ",
        "intercommunalité" | "eurométropole" | "agglomération" | "établissement"
        | "association" => "l'",
        _ => return nom.to_string(),
    };
    format!("{article}{nom}")
}
