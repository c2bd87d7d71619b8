//! Parts of a page's context made once and shared as they are: the entries of the site-wide
//! lists (every actor, every territory's card, a model's adoptions) that the preview keeps from
//! one run to the next ([`Fragments`](super::Fragments)). On the national site they weigh
//! megabytes per page; given to Tera as shared values, with the prints they were made with,
//! a save neither copies nor hashes them again.

use serde_json::Value;

use crate::fingerprint::{Printer, text_print};

/// A text made once (an entry's HTML): the template's value, shared without copying, and the
/// text's print.
#[derive(Debug, Clone)]
pub struct Piece {
    value: tera::Value,
    print: u128,
}

impl Piece {
    /// `text` as a template value: the template sees a plain text, escaped unless it says
    /// `| safe`, as if the text were in the context.
    pub fn new(text: &str) -> Piece {
        Piece {
            value: tera::Value::normal_string(text),
            print: text_print(text),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.value.as_str().unwrap_or_default()
    }
}

/// A value of a page's context made of pieces and plain JSON.
#[derive(Debug, Clone)]
pub enum Ready {
    /// Plain values, copied into the template's context as any other.
    Json(Value),
    /// A text made once.
    Piece(Piece),
    /// A list.
    List(Vec<Ready>),
    /// An object, its keys in this order.
    Map(Vec<(&'static str, Ready)>),
}

impl Ready {
    /// A list of pieces.
    pub fn pieces(pieces: impl IntoIterator<Item = Piece>) -> Ready {
        Ready::List(pieces.into_iter().map(Ready::Piece).collect())
    }

    /// The template's value (pieces shared, not copied).
    pub fn to_value(&self) -> tera::Value {
        match self {
            Ready::Json(v) => tera::Value::from_serializable(v),
            Ready::Piece(p) => p.value.clone(),
            Ready::List(items) => items.iter().map(Ready::to_value).collect::<Vec<_>>().into(),
            Ready::Map(entries) => entries
                .iter()
                .map(|(k, v)| (*k, v.to_value()))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into(),
        }
    }

    /// Walks the value into `p`, each piece by its print.
    pub fn feed(&self, p: &mut Printer) {
        match self {
            Ready::Json(v) => p.value(v),
            Ready::Piece(piece) => p.printed(piece.print),
            Ready::List(items) => {
                p.tag(b"a", items.len());
                for item in items {
                    item.feed(p);
                }
            }
            Ready::Map(entries) => {
                p.tag(b"o", entries.len());
                for (key, item) in entries {
                    p.text(key);
                    item.feed(p);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn print(ready: &Ready) -> String {
        let mut p = Printer::default();
        ready.feed(&mut p);
        p.finish()
    }

    #[test]
    fn a_ready_value_is_what_its_json_would_be_for_the_template() {
        let ready = Ready::Map(vec![
            ("n", Ready::Json(json!(3))),
            (
                "fiches",
                Ready::pieces([Piece::new("<li>a</li>"), Piece::new("b")]),
            ),
        ]);
        let as_json = json!({ "n": 3, "fiches": ["<li>a</li>", "b"] });
        assert_eq!(ready.to_value(), tera::Value::from_serializable(&as_json));
        let mut tera = tera::Tera::default();
        let template = "{{ n }}{% for f in fiches %}[{{ f }}|{{ f | safe }}]{% endfor %}";
        tera.add_raw_template("t.html", template).unwrap();
        let from_ready = {
            let mut c = tera::Context::new();
            let Ready::Map(entries) = &ready else {
                unreachable!()
            };
            for (key, value) in entries {
                c.insert_value(*key, value.to_value());
            }
            tera.render("t.html", &c).unwrap()
        };
        let from_json = tera
            .render("t.html", &tera::Context::from_serialize(&as_json).unwrap())
            .unwrap();
        assert_eq!(from_ready, from_json);
        // Escaped unless the template says `| safe`, as a text of the context is.
        assert!(from_ready.starts_with("3[&lt;li&gt;a&lt;"), "{from_ready}");
        assert!(from_ready.contains("|<li>a</li>]"), "{from_ready}");
    }

    #[test]
    fn ready_values_that_differ_have_different_prints() {
        let piece = |s: &str| Ready::Piece(Piece::new(s));
        let values = [
            Ready::pieces([]),
            Ready::pieces([Piece::new("")]),
            Ready::pieces([Piece::new("ab")]),
            Ready::pieces([Piece::new("a"), Piece::new("b")]),
            Ready::List(vec![piece("a"), Ready::Json(json!("b"))]),
            Ready::List(vec![Ready::Json(json!("a")), Ready::Json(json!("b"))]),
            Ready::List(vec![Ready::List(vec![piece("a")]), piece("b")]),
            Ready::List(vec![Ready::List(vec![piece("a"), piece("b")])]),
            Ready::Map(vec![]),
            Ready::Map(vec![("a", piece("b"))]),
            Ready::Map(vec![("b", piece("a"))]),
            Ready::Map(vec![("a", Ready::Json(json!(1)))]),
            Ready::Map(vec![("a", Ready::Json(json!(1.0)))]),
            Ready::Json(json!(null)),
            piece("a"),
        ];
        let prints: std::collections::BTreeSet<String> = values.iter().map(print).collect();
        assert_eq!(prints.len(), values.len());
        assert_eq!(print(&piece("a")), print(&piece("a")));
    }
}
