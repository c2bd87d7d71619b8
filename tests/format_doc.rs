//! `docs/content-format.md` and the code agree: every key each struct accepts, every value of
//! every enumeration and every diagnostic code appear in the document.

mod common;

use common::keys_of;
use ctin::model::schema::*;

fn doc() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/content-format.md"
    ))
    .unwrap()
}

/// True when `word` appears in `text` not as part of a longer identifier.
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).any(|(i, _)| {
        !ident(text[..i].chars().next_back()) && !ident(text[i + word.len()..].chars().next())
    })
}

#[test]
fn every_key_is_documented() {
    let doc = doc();
    let lists = [
        ("site.yaml", keys_of::<SiteConfig>()),
        ("carte", keys_of::<Carte>()),
        ("editeur", keys_of::<Editeur>()),
        ("hebergeur", keys_of::<Hebergeur>()),
        ("accessibilite", keys_of::<Accessibilite>()),
        ("edition", keys_of::<Edition>()),
        ("front matter", keys_of::<FrontMatter>()),
        ("axe", keys_of::<Axe>()),
        ("action", keys_of::<Action>()),
        ("indicateur", keys_of::<Indicateur>()),
        ("cible", keys_of::<Cible>()),
        ("territoire.yaml", keys_of::<Territoire>()),
        ("coordination", keys_of::<Coordination>()),
        ("budget", keys_of::<LigneBudget>()),
        ("comites", keys_of::<Comite>()),
        ("calendrier", keys_of::<Evenement>()),
        ("liens", keys_of::<Lien>()),
        ("sources", keys_of::<Source>()),
        ("acteurs.yaml", keys_of::<Acteur>()),
        ("indicateurs.yaml", keys_of::<Mesure>()),
    ];
    let mut missing = Vec::new();
    for (what, keys) in lists {
        assert!(!keys.is_empty(), "{what}");
        for key in keys {
            if !has_word(&doc, key) {
                missing.push(format!("{what}: {key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "clés absentes de docs/content-format.md : {missing:?}"
    );
}

#[test]
fn every_enumeration_value_is_documented() {
    let doc = doc();
    let mut values: Vec<&str> = Vec::new();
    values.extend(EtatAccessibilite::ALL.iter().map(|v| v.as_str()));
    values.extend(DocType::ALL.iter().map(|v| v.as_str()));
    values.extend(DocStatut::ALL.iter().map(|v| v.as_str()));
    values.extend(Echelon::ALL.iter().map(|v| v.as_str()));
    values.extend(ComiteType::ALL.iter().map(|v| v.as_str()));
    values.extend(Frequence::ALL.iter().map(|v| v.as_str()));
    values.extend(Categorie::ALL.iter().map(|v| v.as_str()));
    values.extend(Role::ALL.iter().map(|v| v.as_str()));
    values.extend(Service::ALL.iter().map(|v| v.as_str()));
    values.extend(Public::ALL.iter().map(|v| v.as_str()));
    values.extend(Modalite::ALL.iter().map(|v| v.as_str()));
    values.extend(Sens::ALL.iter().map(|v| v.as_str()));
    values.extend(ActionStatut::ALL.iter().map(|v| v.as_str()));
    values.extend(Forge::ALL.iter().map(|v| v.as_str()));
    let missing: Vec<&str> = values
        .into_iter()
        .filter(|v| !doc.contains(&format!("`{v}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "valeurs absentes de docs/content-format.md : {missing:?}"
    );
}

#[test]
fn every_diagnostic_code_is_documented() {
    let doc = doc();
    let missing: Vec<&str> = ctin::diagnostic::code::ALL
        .iter()
        .map(|c| c.name)
        .filter(|c| !doc.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes absents de docs/content-format.md : {missing:?}"
    );
}
