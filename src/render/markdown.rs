//! Markdown to HTML, in four steps over pulldown-cmark's events:
//!
//! 1. parse with the extensions of [`crate::markdown::options`];
//! 2. rewrite link and image destinations: content files and root-absolute links become
//!    relative URLs from the current page; a link to a left-out draft keeps only its text;
//! 3. give headings their ids (as the format defines them) and a self-link, wrap tables in a
//!    scrollable region, apply French typography to text outside code;
//! 4. serialize with pulldown-cmark's HTML writer, then, when the text holds raw HTML, filter
//!    the result through the sanitizer ([`super::sanitize`]).

use std::path::Path;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, TextMergeStream, html};

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

    /// The href for `dest` written in `file`, on the page at `page_url`; `None` drops the link.
    pub fn href(&self, file: &Path, page_url: &str, dest: &str) -> Option<String> {
        let own = self.index.page_of(file);
        match self.index.resolve(self.site, file, own, dest) {
            Ok(Resolved::AsIs) => Some(dest.to_string()),
            Ok(Resolved::Static(path)) => {
                Some(relative(page_url, &encode_path(&format!("/{path}"))))
            }
            Ok(Resolved::Page(target, fragment)) => {
                if target.draft && !self.drafts {
                    return None;
                }
                if fragment.is_empty() {
                    if own.is_some_and(|o| o.url == target.url) && dest.starts_with('#') {
                        return Some(dest.to_string());
                    }
                    Some(relative(page_url, &target.url))
                } else if own.is_some_and(|o| o.url == target.url) {
                    Some(format!("#{fragment}"))
                } else {
                    Some(relative(page_url, &format!("{}#{fragment}", target.url)))
                }
            }
            Err(_) => Some(dest.to_string()),
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
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(u8, Vec<Event>)> = None;
    let mut in_code = false;
    let mut link_depth: Vec<bool> = Vec::new();
    // Merged text, so that typography sees the quotes smart punctuation made with their words.
    let mut raw_html = false;
    let parsed = TextMergeStream::new(Parser::new_ext(text, crate::markdown::options()));
    for event in crate::markdown::bounded(parsed, crate::markdown::MAX_NESTING) {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) if !in_code => {
                raw_html = true;
                Event::Html(h)
            }
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t) if !in_code => Event::Text(CowStr::from(typography(&t))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match links.href(file, page_url, &dest_url) {
                Some(href) => {
                    link_depth.push(true);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url: href.into(),
                        title,
                        id,
                    })
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
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = links
                    .href(file, page_url, &dest_url)
                    .unwrap_or_else(|| dest_url.to_string());
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: href.into(),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html(
                    "<div class=\"tableau\" tabindex=\"0\" role=\"region\" aria-label=\"Tableau défilant\">".into(),
                ));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>".into())
            }
            other => other,
        };
        match (&mut heading, event) {
            (None, Event::Start(Tag::Heading { level, .. })) => {
                heading = Some((level as u8, Vec::new()))
            }
            (Some(_), Event::End(TagEnd::Heading(_))) => {
                let (level, inner) = heading.take().unwrap_or((2, Vec::new()));
                let plain: String = inner
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                let id = ids.next_id(&plain.replace(['\u{A0}', '\u{202F}'], " "));
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                events.push(Event::Html(
                    format!(
                        "<h{level} id=\"{id}\">{inner_html} <a class=\"ancre\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\" title=\"Lien vers « {} »\">#</a></h{level}>\n",
                        escape(&plain)
                    )
                    .into(),
                ));
            }
            (Some((_, inner)), e) => inner.push(e),
            (None, e) => events.push(e),
        }
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // What ctin writes itself is safe (link schemes are checked); HTML written by an editor
    // is filtered, and the whole text with it so that tags opened in one piece and closed in
    // another are understood as a browser would.
    if raw_html { sanitize::clean(&out) } else { out }
}
