//! Fuzzing by property tests of what editors' text goes through: Markdown → HTML (with the
//! sanitizer and the minifier), Markdown → Typst → PDF, and link checking. (YAML loading is
//! fuzzed by `tests/robustness.rs`.) The texts are made of pieces chosen to hit the dangerous
//! corners: raw HTML and event attributes, `javascript:` spelled in many ways, Typst code after
//! inline code or emphasis, deep nesting, broken links, any Unicode.
//!
//! The test command runs a short round (`CTIN_FUZZ_CASES`, 48 by default, per target); a long
//! run is `CTIN_FUZZ_CASES=20000 CTIN_FUZZ_LIMITE=2 cargo test --profile ci --test fuzz`.

mod common;

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use ctin::model::Site;
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("CTIN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

#[allow(dead_code)]
fn limit() -> Duration {
    let seconds = std::env::var("CTIN_FUZZ_LIMITE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10.0);
    Duration::from_secs_f64(seconds)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The base fixture, loaded and checked once.
fn site() -> &'static Site {
    static SITE: OnceLock<(tempfile::TempDir, Site)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = common::base_site();
            let (site, diags) = ctin::cli::check(dir.path());
            assert!(!diags.has_errors(), "{}", diags.render());
            (dir, site)
        })
        .1
}

const PIECES: &[&str] = &[
    "*",
    "**",
    "_",
    "`",
    "``",
    "~~",
    "> ",
    "- ",
    "1. ",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "# ",
    "## ",
    "|",
    " | ",
    "|---|",
    "---",
    "```",
    "~~~",
    "[",
    "]",
    "](",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "<script>alert(1)</script>",
    "<script",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">",
    "</a>",
    "<svg onload=alert(1)>",
    "<iframe src=//x>",
    "<style>",
    "<div style=\"x\">",
    "<details><summary>",
    "<!--",
    "-->",
    "<b>",
    "</b>",
    "<",
    ">",
    "&",
    "&#106;",
    "&colon;",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "vbscript:",
    "data:text/html,",
    "data:image/png,",
    "https://exemple.fr/",
    "mailto:a@b.fr",
    "../",
    "./",
    "#objet",
    "%20",
    "?q=1",
    "charte.md",
    "../modeles/charte.md",
    "/methode/",
    ".at(0)",
    "(x)",
    "[y]",
    "{for i in range(9) {}}",
    ";",
    "#emph[",
    "$",
    "@",
    "\\",
    "\"",
    "'",
    "=",
    "+",
    "/",
    "é",
    "« ",
    " »",
    "\u{a0}",
    "\u{202f}",
    "\u{0}",
    "\u{feff}",
    "\r",
    "🎉",
    "a",
    "b",
    "mot ",
];

fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => prop::sample::select(PIECES).prop_map(String::from),
        1 => "\\PC{0,6}",
        1 => (1usize..60, prop::sample::select(&["> ", "*", "- ", "[", "<b>"][..]))
            .prop_map(|(n, p)| p.repeat(n)),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// A document's page and its print page share one parse: each gets its own relative links, in
/// headings too, and one numbering of footnotes across the headings.
#[test]
fn a_text_parsed_once_gives_each_page_its_links() {
    let site = site();
    let links = ctin::render::markdown::LinkContext {
        site,
        index: &site.links,
        drafts: false,
    };
    let text = "Voir [Alpha](/territoires/alpha/) et [plus bas](#suite)[^1].\n\n\
                ## Suite chez [Alpha](/territoires/alpha/)\n\nFin[^2].\n\n\
                [^1]: Première.\n[^2]: Seconde.\n";
    let file = Path::new("content/pages/methode.md");
    let prepared =
        ctin::render::markdown::prepare(text, file, &links, &mut ctin::text::HeadingIds::default());
    for (url, up) in [("/methode/", "../"), ("/methode/impression/", "../../")] {
        let html = prepared.html(url);
        let alpha = format!("href=\"{up}territoires/alpha/index.html\"");
        assert_eq!(html.matches(&alpha).count(), 2, "{url}: {html}");
        assert!(html.contains("href=\"#suite\""), "{url}: {html}");
        assert!(
            html.contains("<h2 id=\"suite-chez-alpha\">"),
            "{url}: {html}"
        );
        // The second note is numbered 2, after the heading as before it.
        assert!(html.contains(">2</a></sup>"), "{url}: {html}");
        let alone = ctin::render::markdown::to_html(
            text,
            file,
            url,
            &links,
            &mut ctin::text::HeadingIds::default(),
        );
        assert_eq!(html, alone);
    }
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the text, the page never carries script, and rendering, sanitizing and
    /// minifying end without a panic or a stack overflow. Links the check refuses
    /// (`lien-interdit`) never reach a page, so they are left out here.
    #[test]
    fn markdown_to_html_is_inert(text in markdown()) {
        let site = site();
        let scan = ctin::markdown::scan(&text);
        let refused = scan.links.iter().any(|l| ctin::markdown::forbidden_scheme(&l.dest, l.image).is_some());
        let links = ctin::render::markdown::LinkContext { site, index: &site.links, drafts: false };
        let mut ids = ctin::text::HeadingIds::default();
        let html = ctin::render::markdown::to_html(&text, Path::new("content/pages/methode.md"), "/methode/", &links, &mut ids);
        let minified = ctin::output::minify(html.as_bytes());
        if !refused {
            prop_assert_eq!(common::html::unsafe_html(&html), None, "{}\n→ {}", text, html);
            prop_assert_eq!(common::html::unsafe_html(&String::from_utf8_lossy(&minified)), None);
        }
    }

    /// A text parsed once and written for a page and for its print page gives, for each, what
    /// rendering it for that page alone gives (a document's page and print page share one
    /// parse).
    #[test]
    fn a_text_parsed_once_is_written_for_each_page_as_alone(text in markdown()) {
        let site = site();
        let links = ctin::render::markdown::LinkContext { site, index: &site.links, drafts: false };
        let file = Path::new("content/pages/methode.md");
        let prepared = ctin::render::markdown::prepare(&text, file, &links, &mut ctin::text::HeadingIds::default());
        for url in ["/methode/", "/methode/impression/", "/"] {
            let alone = ctin::render::markdown::to_html(&text, file, url, &links, &mut ctin::text::HeadingIds::default());
            prop_assert_eq!(prepared.html(url), alone);
        }
    }

    /// Link checking never panics and places each link inside the text.
    #[test]
    fn links_are_checked_and_located(text in markdown()) {
        let site = site();
        let scan = ctin::markdown::scan(&text);
        let lines = text.split('\n').count() as u32;
        let file = Path::new("content/pages/methode.md");
        let own = site.links.page_of(file);
        for link in &scan.links {
            prop_assert!(link.line >= 1 && link.line <= lines, "{:?} in {:?}", link, text);
            prop_assert!(link.col >= 1);
            let _ = site.links.resolve(site, file, own, &link.dest);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases().div_ceil(2), ..config() })]

    /// Whatever the text, its PDF is laid out in bounded time: text never becomes Typst code,
    /// so nothing an editor writes can fail or loop the layout. The bound is 2 s in a long run
    /// (`CTIN_FUZZ_LIMITE=2`); the short round of the test command, on a shared machine, only
    /// catches hangs (10 s).
    #[cfg(feature = "pdf")]
    #[test]
    fn markdown_to_typst_always_lays_out_in_time(text in markdown()) {
        let start = Instant::now();
        let pdf = ctin::output::pdf::markdown_pdf(&text, None);
        let took = start.elapsed();
        prop_assert!(pdf.is_ok(), "{:?} pour {:?}", pdf.err(), text);
        prop_assert!(pdf.unwrap().starts_with(b"%PDF"));
        prop_assert!(took < limit(), "{:?} pour {:?}", took, text);
    }
}

/// The deepest structures an editor can write (or a model produce) still lay out: what the PDF
/// cannot nest is flattened, never an error.
#[cfg(feature = "pdf")]
#[test]
fn the_deepest_nesting_lays_out() {
    for depth in [8, 12, 13, ctin::markdown::MAX_NESTING, 3000] {
        for (what, text) in [
            ("citations", format!("{}fin", "> ".repeat(depth))),
            (
                "listes",
                (0..depth.min(200))
                    .map(|i| format!("{}- niveau {i}\n", "  ".repeat(i)))
                    .collect::<String>(),
            ),
            (
                "listes dans des citations",
                format!("{}fin", "> - ".repeat(depth)),
            ),
            (
                "emphase",
                format!("{}a{}", "*_".repeat(depth), "_*".repeat(depth)),
            ),
            (
                "liens",
                format!("{}a{}", "[".repeat(depth), "](https://a.fr)".repeat(depth)),
            ),
        ] {
            let pdf = ctin::output::pdf::markdown_pdf(&text, None);
            assert!(pdf.is_ok(), "{what} × {depth} : {:?}", pdf.err());
        }
    }
}
