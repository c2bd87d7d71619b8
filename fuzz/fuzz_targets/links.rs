//! Link checking: headings and links are found and located inside the text, and every
//! destination resolves (to a page, a static file, as written, or a French reason) without a
//! panic.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let site = common::site();
    let scan = ctin::markdown::scan(&text);
    let lines = text.split('\n').count() as u32;
    let file = Path::new("content/territoires/alpha/documents/charte.md");
    let own = site.links.page_of(file);
    for link in &scan.links {
        assert!(
            link.line >= 1 && link.line <= lines && link.col >= 1,
            "{link:?}"
        );
        let _ = site.links.resolve(site, file, own, &link.dest);
        let _ = ctin::markdown::forbidden_scheme(&link.dest, link.image);
    }
    let _ = ctin::markdown::sections(&text);
});
