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
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
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
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
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
                let (line, col) = line_col(text, at);
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
    fn cuts_sections_outside_code_blocks() {
        let text = "Intro\n\n## Un\nA\n```\n## pas un titre\n```\n## Deux Éléments\nB\n";
        let s = sections(text);
        assert_eq!(s.preamble, "Intro\n\n");
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[1].0, "deux-elements");
        assert!(s.sections[0].1.contains("pas un titre"));
    }
}
