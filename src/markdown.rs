/*!
What ctin needs to know of a Markdown text before rendering it: its headings (with the ids the
format defines), its links and images (with their position), and its `## ` sections (for model
adoption). Rendering to HTML belongs to the render stage; this module only reads.
*/

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::text::HeadingIds;

/// The Markdown extensions ctin enables everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A heading of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its plain text.
    pub text: String,
    /// Its id (unique on the page).
    pub id: String,
    /// Byte offset of the heading in the text.
    pub offset: usize,
}

/// A link or an image of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written.
    pub dest: String,
    /// True for an image.
    pub image: bool,
    /// 1-based line in the text.
    pub line: u32,
    /// 1-based column in the text.
    pub col: u32,
}

/// Headings and links of a text.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// In order.
    pub headings: Vec<Heading>,
    /// In order.
    pub links: Vec<Link>,
    /// Where blocks and emphasis first nest deeper than [`MAX_NESTING`] (line, column).
    pub too_deep: Option<(u32, u32)>,
}

/// How deep blocks (quotes, lists) and emphasis may nest in a text. Deeper nesting is refused
/// by `check` and flattened by the renderers: no real document needs it, and a few thousand
/// levels would exhaust the stack of the HTML minifier or of Typst.
pub const MAX_NESTING: usize = 32;

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    Lines::new(text).line_col(offset)
}

/// Line and column lookups in one text: the start of each line is found once, then each
/// lookup is a binary search (and a count of characters within its line), so that a text with
/// hundreds of thousands of links is located in linear time.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last lookup (offset, line index, column), to count columns from there on one line.
    last: std::cell::Cell<(usize, usize, u32)>,
}

impl<'a> Lines<'a> {
    /// Indexes the lines of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            last: std::cell::Cell::new((0, 0, 1)),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (last_offset, last_line, last_col) = self.last.get();
        let col = if last_line == line && last_offset <= offset {
            last_col + self.text[last_offset..offset].chars().count() as u32
        } else {
            self.text[self.starts[line]..offset].chars().count() as u32 + 1
        };
        self.last.set((offset, line, col));
        (line as u32 + 1, col)
    }
}

/// The events of a text with nesting deeper than `max` flattened: the tags (start and end)
/// beyond that depth are dropped, their text kept. `check` refuses texts deeper than
/// [`MAX_NESTING`]; this keeps the renderers safe whatever they are given (a model's loop can
/// write any text).
pub fn bounded<'a>(
    events: impl Iterator<Item = Event<'a>>,
    max: usize,
) -> impl Iterator<Item = Event<'a>> {
    let mut kept: Vec<bool> = Vec::new();
    let mut open = 0usize;
    events.filter(move |event| match event {
        Event::Start(_) => {
            let keep = open < max;
            open += usize::from(keep);
            kept.push(keep);
            keep
        }
        Event::End(_) => {
            let keep = kept.pop().unwrap_or(true);
            open -= usize::from(keep && open > 0);
            keep
        }
        _ => true,
    })
}

/// Why a link destination may not be published: `javascript:` and `vbscript:` run code when
/// followed, and a `data:` URL can carry a whole page (only images may use one). Schemes are
/// read as browsers read them (case, spaces and tabs ignored).
pub fn forbidden_scheme(dest: &str, image: bool) -> Option<String> {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    match scheme.as_str() {
        "javascript" | "vbscript" => Some(scheme),
        "data" if !(image && rest.trim_start().to_ascii_lowercase().starts_with("image/")) => {
            Some(scheme)
        }
        _ => None,
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Reads the headings and links of `text`.
pub fn scan(text: &str) -> Scan {
    let mut scan = Scan::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(u8, usize, String)> = None;
    let lines = Lines::new(text);
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING && scan.too_deep.is_none() {
                    scan.too_deep = Some(lines.line_col(range.start));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level_number(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, offset, text)) = heading.take() {
                    let id = ids.next_id(&text);
                    scan.headings.push(Heading {
                        level,
                        text,
                        id,
                        offset,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, buf)) = heading.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let (image, dest_url) = match tag {
                    Tag::Image { dest_url, .. } => (true, dest_url),
                    Tag::Link { dest_url, .. } => (false, dest_url),
                    _ => continue,
                };
                let source = &text[range.clone()];
                let at = source
                    .rfind(dest_url.as_ref())
                    .map(|i| range.start + i)
                    .unwrap_or(range.start);
                let (line, col) = lines.line_col(at);
                scan.links.push(Link {
                    dest: dest_url.to_string(),
                    image,
                    line,
                    col,
                });
            }
            _ => {}
        }
    }
    scan
}

/// A text cut at its level-2 headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections<'a> {
    /// Text before the first `## ` heading.
    pub preamble: &'a str,
    /// Each `## ` section: its heading's id (compared by slug) and its whole text.
    pub sections: Vec<(String, &'a str)>,
}

/// Cuts `text` at its level-2 headings (headings inside code blocks are ignored).
pub fn sections(text: &str) -> Sections<'_> {
    let starts: Vec<(usize, String)> = scan(text)
        .headings
        .into_iter()
        .filter(|h| h.level == 2)
        .map(|h| (h.offset, crate::text::slugify(&h.text)))
        .collect();
    let first = starts.first().map(|(o, _)| *o).unwrap_or(text.len());
    let mut sections = Vec::new();
    for (i, (start, id)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map(|(o, _)| *o).unwrap_or(text.len());
        sections.push((id.clone(), &text[*start..end]));
    }
    Sections {
        preamble: &text[..first],
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_links_and_positions() {
        let text = "# Titre\n\nVoir [la charte](../modeles/charte.md#objet) et ![plan](/img/p.png).\n\n## Objet\n## Objet\n";
        let s = scan(text);
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["titre", "objet", "objet-2"]);
        assert_eq!(s.links.len(), 2);
        assert_eq!(s.links[0].dest, "../modeles/charte.md#objet");
        assert_eq!((s.links[0].line, s.links[0].col), (3, 18));
        assert!(s.links[1].image);
    }

    #[test]
    fn lines_are_found_in_any_order() {
        let text = "é\nab\n\nxyz";
        let lines = Lines::new(text);
        for offset in [8, 0, 3, 4, 9, 2, 6, 7, 100] {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
            assert_eq!(lines.line_col(offset), (line, col), "{offset}");
        }
    }

    #[test]
    fn deep_nesting_is_located() {
        let deep = format!("a\n\n{}b", ">".repeat(40));
        assert_eq!(scan(&deep).too_deep, Some((3, MAX_NESTING as u32 + 1)));
        assert_eq!(scan("> > b").too_deep, None);
    }

    #[test]
    fn dangerous_schemes_are_recognized() {
        for dest in [
            "javascript:alert(1)",
            " JaVa\tScript:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(forbidden_scheme(dest, false).is_some(), "{dest}");
        }
        assert!(forbidden_scheme("data:text/html,x", true).is_some());
        assert_eq!(forbidden_scheme("data:image/png;base64,AA", true), None);
        for dest in [
            "https://a.fr",
            "mailto:a@b.fr",
            "../a.md",
            "/js/javascript:x",
        ] {
            assert_eq!(forbidden_scheme(dest, false), None, "{dest}");
        }
    }

    #[test]
    fn cuts_sections_outside_code_blocks() {
        let text = "Intro\n\n## Un\nA\n```\n## pas un titre\n```\n## Deux Éléments\nB\n";
        let s = sections(text);
        assert_eq!(s.preamble, "Intro\n\n");
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[1].0, "deux-elements");
        assert!(s.sections[0].1.contains("pas un titre"));
    }
}
