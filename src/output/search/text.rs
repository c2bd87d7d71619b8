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

/// `html` with only the attributes Pagefind reads kept on each tag ([`read_by_pagefind`]):
/// classes, links, titles and ARIA attributes are half the bytes of a page's main content,
/// which Pagefind's parser would read for nothing (the index made from scratch: ~5 % faster on
/// the 100-territory site, the same files). The text of `script` and `style` elements is kept
/// as it is.
fn bare_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let bytes = rest.as_bytes();
        // Only start tags are rewritten (`<` then a letter).
        if !bytes.get(1).is_some_and(u8::is_ascii_alphabetic) {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name_end = rest[1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..name_end];
        out.push_str(&rest[..name_end]);
        let mut at = name_end;
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
            }
        }
        rest = &rest[at.min(rest.len())..];
        let lower = name.to_ascii_lowercase();
        if lower == "script" || lower == "style" {
            let close = format!("</{lower}");
            let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
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
             <h2 id=objet>Objet <a>#</a></h2>\
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
        let read = |bare: bool| {
            let texts: Vec<(String, String)> = pages
                .iter()
                .map(|(path, html)| {
                    let main = main_only(html);
                    let main = if bare { bare_tags(&main) } else { main };
                    (path.clone(), spaced_blocks(&main))
                })
                .collect();
            let mut files: Vec<(String, Vec<u8>)> = bundle(&texts, "fr")
                .unwrap()
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect();
            files.sort();
            files
        };
        let (whole, bare) = (read(false), read(true));
        assert!(
            whole.iter().any(|(p, _)| p.contains("fragment/")),
            "{whole:?}"
        );
        assert_eq!(whole, bare);
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
