/*!
What the search index reads of a page: its main content, reduced to what Pagefind's parser reads
(the tags and attributes it uses), with the spaces it would not add between adjacent blocks.
*/

/// The text of the page at `path` that the index reads, if its template marked it for the
/// index.
pub(super) fn indexed_text(path: &str, html: &[u8]) -> Option<String> {
    if !path.ends_with(".html") {
        return None;
    }
    let text = std::str::from_utf8(html).ok()?;
    text.contains("data-pagefind-body").then(|| {
        let main = main_only(text);
        if names_other_attributes(&main) {
            spaced_blocks(&main)
        } else {
            spaced_blocks(&bare_tags(&main))
        }
    })
}

/// The attributes Pagefind reads when the page does not name others: `id` (a heading's
/// sub-result), `lang`, `src` and `alt` (a result's image), and `data-*` (its own marks, and
/// the attributes the default theme's filters and metadata name).
fn read_by_pagefind(name: &str) -> bool {
    ["id", "lang", "src", "alt"]
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known))
        || name
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("data-"))
}

/// Whether a theme's page makes Pagefind read other attributes: it indexes some
/// (`data-pagefind-index-attrs`), or a filter, metadata or sort takes its value from one
/// (`auteur[title]`). Any `[name]` of the page counts, text included: it only costs the
/// attributes' removal.
fn names_other_attributes(html: &str) -> bool {
    html.contains("data-pagefind-index-attrs")
        || html.split('[').skip(1).any(|rest| {
            rest.split_once(']').is_some_and(|(name, _)| {
                name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
                    && !read_by_pagefind(name)
            })
        })
}

/// `html` as Pagefind's parser reads it, for the same index at less cost: on each tag only the
/// attributes Pagefind reads ([`read_by_pagefind`]), since classes, links, titles and ARIA
/// attributes are half the bytes of a page's main content (the index made from scratch: ~5 %
/// faster on the 100-territory site); and, inside the element marked as the page's body, no
/// tags for the inline elements left without an attribute ([`UNWRAPPED`]), their text kept
/// where it was.
///
/// Pagefind makes a node of each element (a dozen attribute look-ups, and its text copied into
/// its parent's at its end): the links, `span`s and emphases are a fifth of a page's tags. An
/// inline element with no attribute passes its text to its parent as it is, and a heading's
/// sub-result takes that text as the parent would, if the element is closed by its own end tag
/// (Pagefind drops the text of an element closed by another's end). Where that does not hold,
/// nothing is taken away: inside an element whose content Pagefind leaves out ([`LEFT_OUT`], or
/// marked `data-pagefind-ignore`: an inline element there still gives its text to a heading's
/// sub-result, its parent would not), outside the body, and when the page marks several
/// bodies (after a body, Pagefind leaves out the text of an element but not its parent's). The
/// text of raw-text elements and comments is kept as it is.
fn bare_tags(html: &str) -> String {
    let (out, bodies) = rewrite_tags(html, true);
    if bodies > 1 {
        rewrite_tags(html, false).0
    } else {
        out
    }
}

/// Inline elements (Pagefind's `INLINE_SELECTORS`, less those it reads otherwise: `br`, `img`,
/// `label`, `script`, form controls and embeds) whose tags [`bare_tags`] takes away.
const UNWRAPPED: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "cite", "code", "dfn", "em", "i", "kbd", "q",
    "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "var",
];

/// Elements whose content Pagefind leaves out (its `REMOVE_SELECTORS`), and those of foreign
/// content (where `<a/>` closes itself): [`bare_tags`] takes no tag away inside them.
const LEFT_OUT: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template", "math",
];

/// Elements whose content is text, not tags (what looks like a tag there is left as it is).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements without content (lol_html's list).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// An element open where [`rewrite_tags`] is, as Pagefind's parser (lol_html) keeps them:
/// every start tag opens one, but those of void elements and, in foreign content, those that
/// close themselves; an end tag closes the last one of its name and those opened after it
/// (whose end Pagefind never reads).
struct Open {
    name: String,
    /// Its start tag in the output, taken away if the element is closed by its own end tag.
    cut: Option<std::ops::Range<usize>>,
    body: bool,
    left_out: bool,
}

/// [`bare_tags`], taking the tags of inline elements away if `unwrap`; also gives the number of
/// elements marked as a body.
fn rewrite_tags(html: &str, unwrap: bool) -> (String, usize) {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut bodies = 0;
    let mut open: Vec<Open> = Vec::new();
    // How many of the open elements are a body, or leave their content out.
    let (mut in_body, mut in_left_out) = (0usize, 0usize);
    let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map_or(rest.len(), |e| 4 + e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let bytes = rest.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        // Only tags are read (`<` or `</` then a letter).
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name_end = rest[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(rest.len(), |e| e + name_start);
        let name = rest[name_start..name_end].to_ascii_lowercase();
        if closing {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let at = open.iter().rposition(|o| o.name == name);
            // Taken away with its start tag if it closes the last element opened.
            let cut = at
                .filter(|at| at + 1 == open.len())
                .and_then(|at| open[at].cut.clone());
            match cut {
                Some(cut) => cuts.push(cut),
                None => out.push_str(&rest[..end]),
            }
            for closed in open.drain(at.unwrap_or(open.len())..) {
                in_body -= usize::from(closed.body);
                in_left_out -= usize::from(closed.left_out);
            }
            rest = &rest[end..];
            continue;
        }
        let tag_start = out.len();
        out.push_str(&rest[..name_end]);
        let mut at = name_end;
        let (mut kept, mut marks_body, mut ignored, mut self_closing) = (0, false, false, false);
        // Attributes: `name`, `name=value`, `name="value"`, `name='value'`.
        loop {
            let b = rest.as_bytes();
            while at < b.len() && b[at].is_ascii_whitespace() {
                at += 1;
            }
            if at >= b.len() {
                break;
            }
            if b[at] == b'>' {
                out.push('>');
                at += 1;
                break;
            }
            if b[at] == b'/' {
                out.push('/');
                at += 1;
                self_closing = rest.as_bytes().get(at) == Some(&b'>');
                continue;
            }
            let start = at;
            while at < b.len()
                && !b[at].is_ascii_whitespace()
                && !matches!(b[at], b'=' | b'>' | b'/')
            {
                at += 1;
            }
            let attr = &rest[start..at];
            if at < b.len() && b[at] == b'=' {
                at += 1;
                match b.get(at) {
                    Some(q @ (b'"' | b'\'')) => {
                        at = rest[at + 1..]
                            .find(*q as char)
                            .map_or(b.len(), |e| at + 1 + e + 1);
                    }
                    _ => {
                        while at < b.len() && !b[at].is_ascii_whitespace() && b[at] != b'>' {
                            at += 1;
                        }
                    }
                }
            }
            if read_by_pagefind(attr) {
                out.push(' ');
                out.push_str(&rest[start..at]);
                kept += 1;
                marks_body |= attr.eq_ignore_ascii_case("data-pagefind-body");
                ignored |= attr.eq_ignore_ascii_case("data-pagefind-ignore");
            }
        }
        rest = &rest[at.min(rest.len())..];
        bodies += usize::from(marks_body);
        let foreign = open.iter().any(|o| o.name == "svg" || o.name == "math");
        // lol_html opens no element for a void tag, nor for one closing itself in foreign
        // content.
        let opens = !(VOID.contains(&name.as_str()) || self_closing && foreign);
        if opens {
            let taken = unwrap
                && kept == 0
                && in_body > 0
                && in_left_out == 0
                && UNWRAPPED.contains(&name.as_str());
            let left_out = ignored || LEFT_OUT.contains(&name.as_str());
            in_body += usize::from(marks_body);
            in_left_out += usize::from(left_out);
            open.push(Open {
                name: name.clone(),
                cut: taken.then_some(tag_start..out.len()),
                body: marks_body,
                left_out,
            });
        } else if marks_body {
            // A body Pagefind cannot enter counts as a second one: nothing is taken away.
            bodies += 1;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = find_ascii_case_insensitive(rest, &format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    if cuts.is_empty() {
        return (out, bodies);
    }
    cuts.sort_unstable_by_key(|c| c.start);
    let mut kept = String::with_capacity(out.len());
    let mut from = 0;
    for cut in cuts {
        kept.push_str(&out[from..cut.start]);
        from = cut.end;
    }
    kept.push_str(&out[from..]);
    (kept, bodies)
}

/// Where `needle` (lowercase ASCII) first is in `haystack`, whatever the case of its letters.
fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = needle.first()?;
    let mut from = 0;
    while let Some(i) = hay[from..]
        .iter()
        .position(|b| b.eq_ignore_ascii_case(first))
    {
        let at = from + i;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Block elements after which Pagefind adds no space: in a minified page the words of two
/// adjacent cells (`<dt>Unité</dt><dd>conseillers</dd>`) would make one word.
const UNSPACED_BLOCKS: &[&str] = &[
    "dt",
    "dd",
    "th",
    "tr",
    "caption",
    "figcaption",
    "blockquote",
    "dl",
    "ol",
    "table",
    "pre",
    "figure",
    "address",
    "details",
    "summary",
    "aside",
    "header",
];

/// The page reduced to what Pagefind reads: the `<html>` tag (for the language) and the main
/// content (which holds the text, filters and metadata); menus, header and footer are left out.
fn main_only(html: &str) -> String {
    let html_tag = html
        .find("<html")
        .and_then(|i| html[i..].find('>').map(|e| &html[i..=i + e]))
        .unwrap_or("<html>");
    let main = html
        .find("<main")
        .zip(html.rfind("</main>"))
        .filter(|(a, b)| a < b)
        .map(|(a, b)| &html[a..b + "</main>".len()]);
    match main {
        Some(main) => format!("<!doctype html>{html_tag}<body>{main}</body></html>"),
        None => html.to_string(),
    }
}

/// `html` with a space after the closing tag of each element of [`UNSPACED_BLOCKS`].
fn spaced_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let mut rest = html;
    while let Some(i) = rest.find("</") {
        let (before, tag) = rest.split_at(i);
        out.push_str(before);
        let end = tag.find('>').map(|e| e + 1).unwrap_or(tag.len());
        out.push_str(&tag[..end]);
        if UNSPACED_BLOCKS.contains(
            &tag[2..end.saturating_sub(1).max(2)]
                .to_ascii_lowercase()
                .as_str(),
        ) {
            out.push(' ');
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::bundle;
    use super::*;

    #[test]
    fn only_the_attributes_pagefind_reads_are_kept() {
        assert_eq!(
            bare_tags(
                "<main class=conteneur data-pagefind-body id=contenu tabindex=-1>\
                 <h2 id=objet>Objet <a title=\"Lien vers « Objet »\" aria-hidden=true class=ancre href=#objet>#</a></h2>\
                 <p class='a > b'>x < y</p><img alt=\"Carte du territoire\" src=carte.png width=10/>\
                 <br/><input disabled><script type=application/json>{\"a\":\"<b class=x>\"}</script>\
                 <DIV DATA-PAGEFIND-IGNORE Class=z>é</DIV></main>"
            ),
            "<main data-pagefind-body id=contenu>\
             <h2 id=objet>Objet #</h2>\
             <p>x < y</p><img alt=\"Carte du territoire\" src=carte.png>\
             <br/><input><script>{\"a\":\"<b class=x>\"}</script>\
             <DIV DATA-PAGEFIND-IGNORE>é</DIV></main>"
        );
        assert!(!names_other_attributes(
            "<main data-pagefind-filter=\"type[data-ctin-type]\" data-pagefind-meta=\"image[src]\">[1]"
        ));
        assert!(names_other_attributes(
            "<h1 data-pagefind-meta=\"titre[title]\" title=T>"
        ));
        assert!(names_other_attributes(
            "<p data-pagefind-index-attrs=title title=T>"
        ));
        assert_eq!(
            indexed_text("a.html", b"<main data-pagefind-body><p data-pagefind-index-attrs=title title=T class=c>x</p></main>"),
            Some("<!doctype html><html><body><main data-pagefind-body><p data-pagefind-index-attrs=title title=T class=c>x</p></main></body></html>".to_string())
        );
        // An unquoted value takes a slash, as in HTML (`width=10/` above); cut short, what is
        // left is kept.
        assert_eq!(bare_tags("<p class=a"), "<p");
        assert_eq!(bare_tags("<p id=\"a"), "<p id=\"a");
        assert_eq!(bare_tags("a <"), "a <");
    }

    /// What `bare_tags` leaves out changes nothing in the index: Pagefind gives the same files
    /// for the pages with and without it (titles, sub-results by heading, filters, metadata,
    /// images, ignored parts, excerpts).
    #[test]
    fn pagefind_reads_nothing_that_the_bare_tags_leave_out() {
        let page = |n: usize| {
            format!(
                "<!doctype html><html lang=fr><head><title>Page {n}</title></head><body>\
                 <nav class=menu><a href=/>Accueil</a></nav>\
                 <main class=conteneur data-ctin-territoire=\"Pays {n}\" data-ctin-type=Document \
                 data-pagefind-filter=\"type[data-ctin-type], territoire[data-ctin-territoire]\" \
                 data-pagefind-meta=\"type[data-ctin-type], territoire[data-ctin-territoire]\" \
                 data-pagefind-body id=contenu tabindex=-1><h1 class=titre>Charte {n} de médiation</h1>\
                 <dl class=\"details fiche\"><dt>Statut</dt><dd><span class=\"statut statut-adopte\">Adopté</span></dd></dl>\
                 <img alt=\"Carte {n}\" src=../carte-{n}.png loading=lazy>\
                 <h2 id=objet>Objet <a title=\"Lien vers « Objet »\" aria-hidden=true class=ancre href=#objet tabindex=-1>#</a></h2>\
                 <p>La coordination numérique du territoire {n}, avec les <a href=../acteurs/ class=lien>acteurs</a>.</p>\
                 <h2 id=engagements>Engagements</h2><ol><li>Orienter les habitants.</li><li>Former.</li></ol>\
                 <p class=pied-page data-pagefind-ignore>Mis à jour le 1er juin 2023.</p></main>\
                 <footer class=pied><p>Pied</p></footer></body></html>"
            )
        };
        let pages: Vec<(String, String)> = (0..3)
            .map(|n| (format!("territoires/t{n}/index.html"), page(n)))
            .collect();
        let (whole, read) = (pagefind_files(&pages, false), pagefind_files(&pages, true));
        assert!(
            whole.iter().any(|(p, _)| p.contains("fragment/")),
            "{whole:?}"
        );
        assert_eq!(whole, read);
    }

    /// The files of Pagefind's index of `pages` (path, HTML), given as the index reads them, or
    /// (`!reduced`) with their main content as it is.
    fn pagefind_files(pages: &[(String, String)], reduced: bool) -> Vec<(String, Vec<u8>)> {
        let texts: Vec<(String, String)> = pages
            .iter()
            .filter_map(|(path, html)| {
                let text = if reduced {
                    indexed_text(path, html.as_bytes())?
                } else {
                    html.contains("data-pagefind-body")
                        .then(|| spaced_blocks(&main_only(html)))?
                };
                Some((path.clone(), text))
            })
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = bundle(&texts, "fr")
            .unwrap()
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        files.sort();
        files
    }

    /// Some HTML of a page's main content: text, tags Pagefind reads apart, and elements of
    /// every kind, with or without the attributes it reads, nested.
    fn content() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let words = proptest::sample::select(vec![
            "Médiation",
            "numérique",
            "l’inclusion",
            "Aidants Connect",
            "France Services",
            "café-crème",
            "2024.",
            "(CTIN)",
            "conseillers",
            "#",
            " ",
            "a < b",
            "&amp;",
        ]);
        let leaf = prop_oneof![
            6 => words.prop_map(str::to_string),
            1 => Just("<br>".to_string()),
            1 => Just("<img alt=\"Carte du territoire\" src=carte.png>".to_string()),
            1 => Just("<!-- <span>commentaire</span> -->".to_string()),
            1 => Just("<textarea><span class=x>brut</span></textarea>".to_string()),
            1 => Just("<svg><a/><text>tracé</text></svg>".to_string()),
            1 => Just("<script>var a = '<em>';</script>".to_string()),
            1 => Just("<span/>".to_string()),
            1 => Just("<em>".to_string()),
            1 => Just("</span>".to_string()),
            1 => Just("</div>".to_string()),
            1 => Just("<b/>".to_string()),
        ];
        let name = proptest::sample::select(vec![
            "span",
            "a",
            "em",
            "strong",
            "code",
            "time",
            "q",
            "b",
            "SPAN",
            "div",
            "p",
            "section",
            "article",
            "li",
            "dt",
            "dd",
            "h2",
            "h3",
            "blockquote",
            "nav",
            "label",
            "form",
            "footer",
            "figure",
            "td",
            "header",
        ]);
        let attributes = proptest::sample::select(vec![
            "",
            "",
            "",
            " class=c",
            " href=#objet title=\"Lien\"",
            " id=objet",
            " id=autre class=z",
            " data-pagefind-ignore",
            " data-pagefind-ignore=all",
            " data-pagefind-weight=3",
            " data-pagefind-body",
            " aria-hidden=true",
            " lang=en",
        ]);
        leaf.prop_recursive(5, 64, 5, move |inner| {
            (
                name.clone(),
                attributes.clone(),
                proptest::collection::vec(inner, 0..5),
            )
                .prop_map(|(name, attributes, children)| {
                    format!("<{name}{attributes}>{}</{name}>", children.concat())
                })
        })
    }

    proptest::proptest! {
        /// No text makes the attributes' removal panic or loop, and text without tags is
        /// left as it is.
        #[test]
        fn any_text_is_bared_or_left(html in "[<>a-zA-Z =\"'/é!-]{0,60}", text in "[a-zé >=\"']{0,20}") {
            let _ = bare_tags(&html);
            let _ = names_other_attributes(&html);
            proptest::prop_assert_eq!(bare_tags(&text), text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// What the index reads of a page gives Pagefind's index of its main content as it
        /// is: tags and attributes taken away or not, outside the body, in parts left out,
        /// after a second body, in raw text and comments.
        #[test]
        fn pagefind_indexes_a_page_as_it_reads_it(
            pages in proptest::collection::vec(
                (proptest::collection::vec(content(), 1..6), proptest::bool::ANY),
                1..4,
            ),
        ) {
            let pages: Vec<(String, String)> = pages
                .into_iter()
                .enumerate()
                .map(|(n, (children, marked))| {
                    let body = if marked { " data-pagefind-body" } else { "" };
                    let html = format!(
                        "<!doctype html><html lang=fr><body><nav><a href=/>Accueil</a></nav>\
                         <main class=conteneur data-ctin-type=Document \
                         data-pagefind-filter=\"type[data-ctin-type]\"{body} id=contenu>\
                         {}</main></body></html>",
                        children.concat()
                    );
                    (format!("territoires/t{n}/index.html"), html)
                })
                .collect();
            let read: Vec<Option<String>> =
                pages.iter().map(|(path, html)| indexed_text(path, html.as_bytes())).collect();
            proptest::prop_assert!(
                pagefind_files(&pages, false) == pagefind_files(&pages, true),
                "another index for the pages as read: {read:#?}"
            );
        }
    }

    #[test]
    fn adjacent_cells_are_spaced() {
        assert_eq!(
            spaced_blocks("<dl><dt>Unité</dt><dd>conseillers</dd></dl><p>a</p>"),
            "<dl><dt>Unité</dt> <dd>conseillers</dd> </dl> <p>a</p>"
        );
        assert_eq!(spaced_blocks("x</"), "x</");
        assert_eq!(spaced_blocks("é</TH>é"), "é</TH> é");
    }
}
