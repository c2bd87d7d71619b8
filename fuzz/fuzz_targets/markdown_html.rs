//! Markdown → HTML (links rewritten, raw HTML sanitized) → minified page: never a panic or a
//! stack overflow, and never anything that runs script, unless the check refuses the text.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let site = common::site();
    let scan = ctin::markdown::scan(&text);
    let refused = scan.too_deep.is_some()
        || scan
            .links
            .iter()
            .any(|l| ctin::markdown::forbidden_scheme(&l.dest, l.image).is_some());
    let links = ctin::render::markdown::LinkContext {
        site,
        index: &site.links,
        drafts: false,
    };
    let mut ids = ctin::text::HeadingIds::default();
    let file = Path::new("content/pages/methode.md");
    let html = ctin::render::markdown::to_html(&text, file, "/methode/", &links, &mut ids);
    let minified = ctin::output::minify(html.as_bytes());
    if !refused {
        if let Some(bad) = common::unsafe_html(&html) {
            panic!("{bad} dans {html:?} pour {text:?}");
        }
        if let Some(bad) = common::unsafe_html(&String::from_utf8_lossy(&minified)) {
            panic!("{bad} après minification pour {text:?}");
        }
    }
});
