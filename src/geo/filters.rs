//! The Tera filters that write a name with its preposition, for models and themes:
//! `{{ territoire.nom_court | de }}` → `du Sicoval`, `| a` → `au Sicoval`, `| que` →
//! `que le Sicoval`, `| sans_article` → `Sicoval`, `| majuscule` → `Le Sicoval`.

use tera::{Kwargs, State, StringInput, Tera, Value};

/// The filters' names, for documentation and tests.
pub const NAMES: [&str; 5] = ["de", "a", "que", "sans_article", "majuscule"];

fn de(v: StringInput, _: Kwargs, _: &State) -> Value {
    v.inherit_safety(super::de(v.as_str()))
}

fn a(v: StringInput, _: Kwargs, _: &State) -> Value {
    v.inherit_safety(super::a(v.as_str()))
}

fn que(v: StringInput, _: Kwargs, _: &State) -> Value {
    v.inherit_safety(super::que(v.as_str()))
}

fn sans_article(v: StringInput, _: Kwargs, _: &State) -> Value {
    v.inherit_safety(super::sans_article(v.as_str()))
}

fn majuscule(v: StringInput, _: Kwargs, _: &State) -> Value {
    v.inherit_safety(super::upper_first(v.as_str()))
}

/// Adds the filters to a Tera instance.
pub fn register(tera: &mut Tera) {
    tera.register_filter("de", de);
    tera.register_filter("a", a);
    tera.register_filter("que", que);
    tera.register_filter("sans_article", sans_article);
    tera.register_filter("majuscule", majuscule);
}
