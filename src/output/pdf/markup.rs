//! Markdown (as pulldown-cmark reads it, after model adoption) to Typst markup, every character
//! that means something to Typst escaped so that the text comes out as written.

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd, TextMergeStream,
};

use crate::render::format::typography;

/// Characters with a meaning in Typst markup.
const SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '@', '<', '>', '[', ']', '`', '~', '/', '=', '-', '+', '"', '\'',
];

/// How deep blocks and emphasis nest in a PDF; deeper tags are dropped, their text kept. Typst
/// allows 64 levels of show rules and 72 of layout, of which a quote or a list item takes two
/// or three, and the template and the dossier some more; `check` allows
/// [`crate::markdown::MAX_NESTING`] levels, which the HTML pages keep.
const MAX_NESTING: usize = 12;

/// `text` escaped for Typst markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a Typst string literal.
pub fn string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the converter needs from the site: where an image of `content/static/` is, and the
/// absolute form of a link (`None`: the link is shown as its text only).
pub struct Context<'a> {
    /// True when `/path` names a file the PDF may embed.
    pub image: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The absolute URL for a link, if it can be followed from a PDF.
    pub link: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// Converts Markdown to Typst markup, with the site's extensions and French typography
/// (straight quotes become « » and ’, with the spaces the HTML pages have).
pub fn convert(markdown: &str, cx: &Context) -> String {
    let options = crate::markdown::options();
    let mut out = String::new();
    // Open lists: the number of the next item (`None` for bullets).
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut table: Option<(usize, Vec<Alignment>)> = None;
    let mut links: Vec<Option<String>> = Vec::new();
    let mut image: Option<(String, String)> = None;
    let mut in_code = false;
    let mut footnotes: std::collections::BTreeMap<String, String> = Default::default();
    let parsed = TextMergeStream::new(Parser::new_ext(markdown, options));
    let events: Vec<Event> = crate::markdown::bounded(parsed, MAX_NESTING).collect();
    // Footnote texts are placed where they are referenced: gather them first.
    {
        let mut current: Option<(String, Vec<Event>)> = None;
        for e in &events {
            match e {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    current = Some((label.to_string(), Vec::new()))
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, inner)) = current.take() {
                        let text = convert_events(inner, cx);
                        footnotes.insert(label, text.trim().to_string());
                    }
                }
                e => {
                    if let Some((_, inner)) = current.as_mut() {
                        inner.push(e.clone());
                    }
                }
            }
        }
    }
    let mut skip = 0usize;
    for e in events {
        match &e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                skip += 1;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                skip -= 1;
                continue;
            }
            _ if skip > 0 => continue,
            _ => {}
        }
        step(
            e,
            cx,
            &mut out,
            &mut lists,
            &mut table,
            &mut links,
            &mut image,
            &mut in_code,
            &footnotes,
        );
    }
    out
}

fn convert_events(events: Vec<Event>, cx: &Context) -> String {
    let mut out = String::new();
    let (mut lists, mut table, mut links, mut image, mut in_code) =
        (Vec::new(), None, Vec::new(), None, false);
    let none = Default::default();
    for e in events {
        step(
            e,
            cx,
            &mut out,
            &mut lists,
            &mut table,
            &mut links,
            &mut image,
            &mut in_code,
            &none,
        );
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn step(
    e: Event,
    cx: &Context,
    out: &mut String,
    lists: &mut Vec<Option<u64>>,
    table: &mut Option<(usize, Vec<Alignment>)>,
    links: &mut Vec<Option<String>>,
    image: &mut Option<(String, String)>,
    in_code: &mut bool,
    footnotes: &std::collections::BTreeMap<String, String>,
) {
    if let Some((_, alt)) = image.as_mut() {
        match e {
            Event::End(TagEnd::Image) => {
                let (path, alt) = image.take().unwrap_or_default();
                out.push_str(&format!(
                    "#figure(image({}, alt: {}, width: 80%));\n",
                    string(&path),
                    string(&alt)
                ));
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(&t),
            _ => {}
        }
        return;
    }
    match e {
        Event::Start(tag) => match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 1,
                    HeadingLevel::H3 => 2,
                    HeadingLevel::H4 => 3,
                    _ => 4,
                };
                out.push_str(&"=".repeat(n));
                out.push(' ');
            }
            Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
            Tag::CodeBlock(kind) => {
                *in_code = true;
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => {
                        l.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                out.push_str(&format!("#raw(block: true, lang: {}, ", string(&lang)));
            }
            Tag::List(start) => {
                lists.push(start);
            }
            Tag::Item => {
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Tag::Table(align) => {
                *table = Some((align.len(), align.clone()));
                let columns = align.len().max(1);
                out.push_str(&format!(
                    "#table(columns: {columns}, align: left, stroke: 0.5pt + luma(150), inset: 5pt,\n"
                ));
            }
            Tag::TableHead => out.push_str("  table.header("),
            Tag::TableRow => {}
            Tag::TableCell => out.push_str(if out.ends_with('(') { "[" } else { "  [" }),
            Tag::Emphasis => out.push_str("#emph["),
            Tag::Strong => out.push_str("#strong["),
            Tag::Strikethrough => out.push_str("#strike["),
            Tag::Link { dest_url, .. } => {
                let target = (cx.link)(&dest_url);
                if let Some(url) = &target {
                    out.push_str(&format!("#link({})[", string(url)));
                }
                links.push(target);
            }
            Tag::Image { dest_url, .. } => {
                if let Some(path) = (cx.image)(&dest_url) {
                    *image = Some((path, String::new()));
                }
            }
            _ => {}
        },
        Event::End(tag) => match tag {
            TagEnd::Paragraph => out.push_str("\n\n"),
            TagEnd::Heading(_) => out.push_str("\n\n"),
            TagEnd::BlockQuote(_) => out.push_str("];\n\n"),
            TagEnd::CodeBlock => {
                *in_code = false;
                if out.ends_with(", ") {
                    // An empty code block: `raw` still needs its text.
                    out.push_str("\"\"");
                }
                out.push_str(");\n\n");
            }
            TagEnd::List(_) => {
                lists.pop();
                if lists.is_empty() {
                    out.push('\n');
                }
            }
            TagEnd::Item => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            TagEnd::Table => {
                *table = None;
                out.push_str(");\n\n");
            }
            TagEnd::TableHead => out.push_str("),\n"),
            TagEnd::TableRow => out.push('\n'),
            TagEnd::TableCell => out.push_str("],"),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => out.push_str("];"),
            TagEnd::Link => {
                if links.pop().flatten().is_some() {
                    out.push_str("];");
                }
            }
            _ => {}
        },
        Event::Text(t) => {
            if *in_code {
                out.push_str(&string(&t));
            } else {
                out.push_str(&escape(&typography(&t)));
            }
        }
        Event::Code(t) => out.push_str(&format!("#raw({});", string(&t))),
        Event::SoftBreak => out.push(' '),
        Event::HardBreak => out.push_str(" \\\n"),
        Event::Rule => out.push_str("#line(length: 100%);\n\n"),
        Event::FootnoteReference(label) => {
            let text = footnotes.get(label.as_ref()).cloned().unwrap_or_default();
            out.push_str(&format!("#footnote[{text}];"));
        }
        Event::TaskListMarker(done) => out.push_str(if done { "☑ " } else { "☐ " }),
        Event::Html(_) | Event::InlineHtml(_) => {}
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context<'static> {
        Context {
            image: &|p| p.ends_with(".png").then(|| p.to_string()),
            link: &|u| u.starts_with("https://").then(|| u.to_string()),
        }
    }

    #[test]
    fn special_characters_are_escaped() {
        let t = convert("Prix : 5 $ #1 *a* _b_ @c \\<d> [e] \\f", &cx());
        assert!(
            t.contains("5 \\$ \\#1 #emph[a]; #emph[b]; \\@c \\<d\\> \\[e\\] \\\\f"),
            "{t}"
        );
    }

    #[test]
    fn text_after_a_call_stays_text() {
        // Without the `;` that ends each call, `(…)`, `[…]` or `.at(…)` written right after
        // inline code or emphasis would continue the call as Typst code.
        let t = convert(
            "`nom`(obligatoire) *gras*(x) **g**[y] ~~b~~.at(0) `x`.at(0, default: {1}) [l](https://a.fr)(z)\n\n```\n```\n",
            &cx(),
        );
        for part in [
            "#raw(\"nom\");(obligatoire)",
            "#emph[gras];(x)",
            "#strong[g];\\[y\\]",
            "#strike[b];.at(0)",
            "#raw(\"x\");.at(0, default: {1})",
            "#link(\"https://a.fr\")[l];(z)",
            "#raw(block: true, lang: \"\", \"\");",
        ] {
            assert!(t.contains(part), "{part} absent de :\n{t}");
        }
    }

    #[test]
    fn quotes_follow_french_typography() {
        let t = convert("Il dit \"oui\" : l'accord.", &cx());
        assert!(
            t.contains("Il dit «\u{a0}oui\u{a0}»\u{a0}: l’accord."),
            "{t}"
        );
    }

    #[test]
    fn blocks_are_converted() {
        let md = "## Titre\n\nTexte **gras**.\n\n- un\n- deux\n\n1. a\n2. b\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n> cité\n\n```\ncode #x\n```\n\nNote[^n].\n\n[^n]: La note.\n\n[site](https://exemple.fr) [interne](../a.md)\n";
        let t = convert(md, &cx());
        for part in [
            "= Titre",
            "#strong[gras]",
            "- un",
            "1. a",
            "2. b",
            "#table(columns: 2",
            "table.header([A],",
            "#quote(block: true)[cité",
            "#raw(block: true, lang: \"\", \"code #x\\n\")",
            "#footnote[La note.]",
            "#link(\"https://exemple.fr\")[site]",
            " interne",
        ] {
            assert!(t.contains(part), "{part} absent de :\n{t}");
        }
        assert!(!t.contains("a.md"), "{t}");
    }
}
