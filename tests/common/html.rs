//! What must never reach a page from an editor's text: shared by `tests/fuzz.rs` and the
//! cargo-fuzz targets of `fuzz/`.
#![allow(dead_code)]

/// The first element or attribute of `html` that could run script or carry a page, if any.
pub fn unsafe_html(html: &str) -> Option<String> {
    let doc = scraper::Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let Some(e) = node.value().as_element() else {
            continue;
        };
        let name = e.name();
        if [
            "script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "svg",
            "math", "frame", "frameset",
        ]
        .contains(&name)
        {
            return Some(format!("<{name}>"));
        }
        for (attr, value) in e.attrs() {
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr.starts_with("on") || attr == "style" && !v.starts_with("text-align:") {
                return Some(format!("{attr}= sur <{name}>"));
            }
            if ["href", "src", "action", "formaction", "cite", "xlink:href"].contains(&attr)
                && (v.starts_with("javascript:")
                    || v.starts_with("vbscript:")
                    || (v.starts_with("data:") && !(name == "img" && v.starts_with("data:image/"))))
            {
                return Some(format!("{attr}={value} sur <{name}>"));
            }
        }
    }
    None
}
