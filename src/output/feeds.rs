//! sitemap.xml, atom.xml and robots.txt. With a base URL they use absolute URLs; without one,
//! the sitemap lists paths relative to the site root (the best a site of unknown address can do).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::products::{OutputFile, PageMeta};
use crate::render::urls;

fn xml(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    )
}

fn loc(base: Option<&str>, url: &str) -> String {
    match base {
        Some(b) => urls::absolute(b, url),
        None => url.trim_start_matches('/').to_string(),
    }
}

/// `AAAA`, `AAAA-MM` or `AAAA-MM-JJ` as a full date (`AAAA-01-01` at the least).
fn full_date(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

/// The pages the feed lists: the 30 newest dated pages (then by URL, which is unique), newest
/// first. Only their titles and summaries are in the feed.
pub fn newest<'a>(pages: impl IntoIterator<Item = &'a PageMeta>) -> Vec<&'a PageMeta> {
    let mut dated: Vec<&PageMeta> = pages
        .into_iter()
        .filter(|p| p.url.ends_with('/') && p.updated.is_some())
        .collect();
    // Picked, then only they are sorted.
    let newest_first =
        |a: &&PageMeta, b: &&PageMeta| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url));
    if dated.len() > 30 {
        dated.select_nth_unstable_by(29, newest_first);
        dated.truncate(30);
    }
    dated.sort_by(newest_first);
    dated
}

/// The three files, from the pages of the build.
pub fn feeds<'a>(
    jobs: impl IntoIterator<Item = &'a PageMeta>,
    site_title: &str,
    base: Option<&str>,
) -> Vec<OutputFile> {
    let mut pages: Vec<&PageMeta> = jobs.into_iter().filter(|j| j.url.ends_with('/')).collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in &pages {
        let _ = write!(sitemap, "  <url><loc>{}</loc>", xml(&loc(base, &p.url)));
        if let Some(d) = &p.updated {
            let _ = write!(sitemap, "<lastmod>{}</lastmod>", full_date(d));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");

    let dated = newest(pages.iter().copied());
    let id = |url: &str| match base {
        Some(b) => urls::absolute(b, url),
        None => format!("tag:ctin,2021:{url}"),
    };
    let newest = dated
        .first()
        .and_then(|j| j.updated.clone())
        .map(|d| full_date(&d))
        .unwrap_or_else(|| "2021-01-01".into());
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n  <title>{}</title>\n  <id>{}</id>\n  <updated>{}T00:00:00Z</updated>\n  <link href=\"{}\"/>\n",
        xml(site_title),
        xml(&id("/")),
        newest,
        xml(&loc(base, "/")),
    );
    for j in &dated {
        let (title, summary) = (&j.titre, &j.description);
        atom.push_str(&format!(
            "  <entry><title>{}</title><id>{}</id><updated>{}T00:00:00Z</updated><link href=\"{}\"/><summary>{}</summary></entry>\n",
            xml(title),
            xml(&id(&j.url)),
            full_date(j.updated.as_deref().unwrap_or("2021")),
            xml(&loc(base, &j.url)),
            xml(summary),
        ));
    }
    atom.push_str("</feed>\n");
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = base {
        robots.push_str(&format!("Sitemap: {}\n", urls::absolute(b, "/sitemap.xml")));
    }
    vec![
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap.into_bytes(),
        },
        OutputFile {
            path: "atom.xml".into(),
            bytes: atom.into_bytes(),
        },
        OutputFile {
            path: "robots.txt".into(),
            bytes: robots.into_bytes(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_lists_the_thirty_newest_pages_newest_first() {
        let pages: Vec<PageMeta> = (0..75)
            .map(|i| PageMeta {
                url: format!("/p{:02}/", (i * 37) % 75),
                titre: format!("Page {i}"),
                description: String::new(),
                // Several pages share a day; some have none.
                updated: (i % 9 != 0).then(|| format!("2024-{:02}-01", 1 + i % 12)),
                kind: "page.html",
                source: None,
            })
            .collect();
        let files = feeds(&pages, "Site", None);
        let atom = String::from_utf8(files[1].bytes.clone()).unwrap();
        let mut expected: Vec<&PageMeta> = pages.iter().filter(|p| p.updated.is_some()).collect();
        expected.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url)));
        let ids: Vec<&str> = atom
            .split("<id>tag:ctin,2021:")
            .skip(2)
            .map(|e| e.split('<').next().unwrap())
            .collect();
        let want: Vec<&str> = expected.iter().take(30).map(|p| p.url.as_str()).collect();
        assert_eq!(ids, want);
    }
}
