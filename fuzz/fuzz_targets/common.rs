//! What the fuzz targets share: the base fixture site, loaded once.

use std::path::Path;
use std::sync::OnceLock;

use ctin::model::Site;

#[path = "../../tests/common/html.rs"]
mod html;
pub use html::unsafe_html;

/// The site of `tests/fixtures/base`, checked.
pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/base");
        let (site, diags) = ctin::cli::check(&root);
        assert!(!diags.has_errors(), "{}", diags.render());
        site
    })
}
