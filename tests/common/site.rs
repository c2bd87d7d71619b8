//! Building fixture sites and reading their pages.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

/// Runs `ctin build --root <root> --output <out>` with more arguments.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> super::Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    super::ctin(&args)
}

/// The `base` fixture, built into its `sortie/` folder.
pub fn built_base(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let site = super::base_site();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, extra);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (site, out)
}

/// The page at `rel` in the output, parsed.
pub fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|_| panic!("{rel} absent"));
    Html::parse_document(&text)
}

/// The visible text of a page, with no-break spaces made plain.
pub fn text(html: &Html) -> String {
    html.root_element()
        .text()
        .collect::<String>()
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace('’', "'")
}

/// The elements of `html` that `css` selects.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}
