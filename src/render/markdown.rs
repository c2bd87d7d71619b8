//! Markdown to HTML, in four steps over pulldown-cmark's events, the first three done once by
//! [`prepare`] and the last by [`Prepared::html`] for each page that shows the text (a
//! document's page and its print page differ only by where their relative links start):
//!
//! 1. parse with the extensions of [`crate::markdown::options`];
//! 2. resolve link and image destinations: content files and root-absolute links lead to a page
//!    or a file of the site, written at step 4 as a URL relative to the page; a link to a
//!    left-out draft keeps only its text;
//! 3. give headings their ids (as the format defines them) and a self-link, wrap tables in a
//!    scrollable region, apply French typography to text outside code;
//! 4. serialize with pulldown-cmark's HTML writer, then, when the text holds raw HTML, filter
//!    the result through the sanitizer ([`super::sanitize`]).

use std::path::Path;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd, TextMergeStream, html};

use super::format::typography;
use super::sanitize;
use super::urls::{encode_path, relative};
use crate::model::Site;
use crate::model::links::{LinkIndex, Resolved};
use crate::text::HeadingIds;

/// What the renderer needs to rewrite links.
pub struct LinkContext<'a> {
    /// The site.
    pub site: &'a Site,
    /// Every page and its anchors.
    pub index: &'a LinkIndex,
    /// True when drafts are built.
    pub drafts: bool,
}

impl LinkContext<'_> {
    /// Where `dest` written in `file` leads, for a document read outside the site (a PDF): the
    /// site path (`/…`, with its fragment) of a page, or of a static file (not percent-encoded),
    /// or `dest` itself when ctin leaves it as written (external links); `None` for a draft or
    /// a link that leads nowhere.
    pub fn site_path(&self, file: &Path, dest: &str) -> Option<String> {
        let own = self.index.page_of(file);
        match self.index.resolve(self.site, file, own, dest) {
            Ok(Resolved::AsIs) => Some(dest.to_string()),
            Ok(Resolved::Static(path)) => Some(format!("/{path}")),
            Ok(Resolved::Page(target, _)) if target.draft && !self.drafts => None,
            Ok(Resolved::Page(target, fragment)) if fragment.is_empty() => Some(target.url.clone()),
            Ok(Resolved::Page(target, fragment)) => Some(format!("{}#{fragment}", target.url)),
            Err(_) => None,
        }
    }

    /// Where `dest` written in `file` leads, whatever page shows it; `None` drops the link.
    fn target(&self, file: &Path, dest: &str) -> Option<Href> {
        let own = self.index.page_of(file);
        match self.index.resolve(self.site, file, own, dest) {
            Ok(Resolved::AsIs) => Some(Href::Fixed(dest.to_string())),
            Ok(Resolved::Static(path)) => Some(Href::Relative(encode_path(&format!("/{path}")))),
            Ok(Resolved::Page(target, fragment)) => {
                if target.draft && !self.drafts {
                    return None;
                }
                if fragment.is_empty() {
                    if own.is_some_and(|o| o.url == target.url) && dest.starts_with('#') {
                        return Some(Href::Fixed(dest.to_string()));
                    }
                    Some(Href::Relative(target.url.clone()))
                } else if own.is_some_and(|o| o.url == target.url) {
                    Some(Href::Fixed(format!("#{fragment}")))
                } else {
                    Some(Href::Relative(format!("{}#{fragment}", target.url)))
                }
            }
            Err(_) => Some(Href::Fixed(dest.to_string())),
        }
    }
}

/// Where a link leads: the same on every page, or a root-absolute URL written relative to the
/// page that shows it.
#[derive(Debug, Clone)]
enum Href {
    Fixed(String),
    Relative(String),
}

impl Href {
    fn href(&self, page_url: &str) -> String {
        match self {
            Href::Fixed(href) => href.clone(),
            Href::Relative(to) => relative(page_url, to),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html::push_html(&mut out, std::iter::once(Event::Text(CowStr::from(text))));
    out
}

/// Renders `text`, written in `file`, for the page at `page_url`; `ids` keeps heading ids unique
/// across the pieces of one page.
pub fn to_html(
    text: &str,
    file: &Path,
    page_url: &str,
    links: &LinkContext,
    ids: &mut HeadingIds,
) -> String {
    prepare(text, file, links, ids).html(page_url)
}

/// A Markdown text parsed once (steps 1 to 3), to be written for one page or more (a document's
/// page and its print page differ only by where their relative links start).
pub struct Prepared<'a> {
    pieces: Vec<Piece<'a>>,
    /// The text holds raw HTML: what is written is filtered.
    raw_html: bool,
    /// The text's length, to size what is written.
    len: usize,
}

enum Piece<'a> {
    Event(Event<'a>),
    /// The start of a link (or an image) with its title and reference id, whose destination is
    /// written for each page.
    Link {
        image: bool,
        link_type: LinkType,
        title: CowStr<'a>,
        id: CowStr<'a>,
        href: Href,
    },
    /// A heading with its id and its text, and its content (links included).
    Heading {
        level: u8,
        id: String,
        plain: String,
        inner: Vec<Piece<'a>>,
    },
}

/// Parses `text`, written in `file`; `ids` keeps heading ids unique across the pieces of one
/// page.
pub fn prepare<'a>(
    text: &'a str,
    file: &Path,
    links: &LinkContext,
    ids: &mut HeadingIds,
) -> Prepared<'a> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut heading: Option<(u8, Vec<Piece>)> = None;
    let mut in_code = false;
    let mut link_depth: Vec<bool> = Vec::new();
    // Merged text, so that typography sees the quotes smart punctuation made with their words.
    let mut raw_html = false;
    let parsed = TextMergeStream::new(Parser::new_ext(text, crate::markdown::options()));
    for event in crate::markdown::bounded(parsed, crate::markdown::MAX_NESTING) {
        let piece = match event {
            Event::Html(h) | Event::InlineHtml(h) if !in_code => {
                raw_html = true;
                Piece::Event(Event::Html(h))
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                Piece::Event(Event::Start(Tag::CodeBlock(k)))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                Piece::Event(Event::End(TagEnd::CodeBlock))
            }
            Event::Text(t) if !in_code => Piece::Event(Event::Text(CowStr::from(typography(&t)))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match links.target(file, &dest_url) {
                Some(href) => {
                    link_depth.push(true);
                    Piece::Link {
                        image: false,
                        link_type,
                        title,
                        id,
                        href,
                    }
                }
                None => {
                    link_depth.push(false);
                    continue;
                }
            },
            Event::End(TagEnd::Link) => {
                if link_depth.pop() == Some(false) {
                    continue;
                }
                Piece::Event(Event::End(TagEnd::Link))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Piece::Link {
                image: true,
                link_type,
                title,
                id,
                href: links
                    .target(file, &dest_url)
                    .unwrap_or_else(|| Href::Fixed(dest_url.to_string())),
            },
            Event::Start(Tag::Table(a)) => {
                pieces.push(Piece::Event(Event::Html(
                    "<div class=\"tableau\" tabindex=\"0\" role=\"region\" aria-label=\"Tableau défilant\">".into(),
                )));
                Piece::Event(Event::Start(Tag::Table(a)))
            }
            Event::End(TagEnd::Table) => {
                pieces.push(Piece::Event(Event::End(TagEnd::Table)));
                Piece::Event(Event::Html("</div>".into()))
            }
            other => Piece::Event(other),
        };
        match (&mut heading, piece) {
            (None, Piece::Event(Event::Start(Tag::Heading { level, .. }))) => {
                heading = Some((level as u8, Vec::new()))
            }
            (Some(_), Piece::Event(Event::End(TagEnd::Heading(_)))) => {
                let (level, inner) = heading.take().unwrap_or((2, Vec::new()));
                let plain: String = inner
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Event(Event::Text(t) | Event::Code(t)) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = ids.next_id(&plain.replace(['\u{A0}', '\u{202F}'], " "));
                pieces.push(Piece::Heading {
                    level,
                    id,
                    plain,
                    inner,
                });
            }
            (Some((_, inner)), p) => inner.push(p),
            (None, p) => pieces.push(p),
        }
    }
    Prepared {
        pieces,
        raw_html,
        len: text.len(),
    }
}

impl Prepared<'_> {
    /// The HTML for the page at `page_url`.
    pub fn html(&self, page_url: &str) -> String {
        let mut out = String::with_capacity(self.len * 3 / 2);
        write(&mut out, &self.pieces, page_url);
        // What ctin writes itself is safe (link schemes are checked); HTML written by an editor
        // is filtered, and the whole text with it so that tags opened in one piece and closed
        // in another are understood as a browser would.
        if self.raw_html {
            sanitize::clean(&out)
        } else {
            out
        }
    }
}

/// Writes `pieces` as HTML for the page at `page_url`.
fn write(out: &mut String, pieces: &[Piece], page_url: &str) {
    let mut events = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match piece {
            Piece::Event(e) => events.push(borrowed(e)),
            Piece::Link {
                image,
                link_type,
                title,
                id,
                href,
            } => {
                let (link_type, title, id) =
                    (*link_type, title.as_ref().into(), id.as_ref().into());
                let dest_url = CowStr::from(href.href(page_url));
                events.push(Event::Start(if *image {
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                } else {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }
                }));
            }
            Piece::Heading {
                level,
                id,
                plain,
                inner,
            } => {
                let mut inner_html = String::new();
                write(&mut inner_html, inner, page_url);
                events.push(Event::Html(CowStr::from(format!(
                    "<h{level} id=\"{id}\">{inner_html} <a class=\"ancre\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\" title=\"Lien vers « {} »\">#</a></h{level}>\n",
                    escape(plain)
                ))));
            }
        }
    }
    html::push_html(out, events.into_iter());
}

/// `event`, its text borrowed rather than copied.
fn borrowed<'b>(event: &'b Event<'_>) -> Event<'b> {
    match event {
        Event::Text(t) => Event::Text(t.as_ref().into()),
        Event::Code(t) => Event::Code(t.as_ref().into()),
        Event::Html(t) => Event::Html(t.as_ref().into()),
        Event::InlineHtml(t) => Event::InlineHtml(t.as_ref().into()),
        other => other.clone(),
    }
}
