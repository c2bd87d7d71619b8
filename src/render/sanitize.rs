//! The sanitizer of HTML written by editors in Markdown. Anyone who can save a page (from the
//! forge's web editor or `/admin/`) reaches every reader of the site, on the origin where the
//! web editor keeps its forge token: raw HTML is therefore filtered through
//! [ammonia](https://docs.rs/ammonia) with an allow-list fit for documents (text, lists,
//! tables, images, links, `<details>`…). Scripts, styles, forms, frames, event attributes
//! (`onerror=`…) and URLs other than `http(s):`, `mailto:`, `tel:`, relative ones and
//! `data:image/…` in an image are removed; the text inside removed tags is kept. What
//! pulldown-cmark writes itself (heading anchors, footnotes, task lists, aligned cells, the
//! scrollable table wrapper) is allowed as it writes it.

use std::borrow::Cow;
use std::sync::OnceLock;

/// `html` with everything outside the allow-list removed.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(None)
            .add_generic_attributes(["id"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("a", ["aria-hidden", "tabindex"])
            .add_tag_attributes("div", ["tabindex", "role", "aria-label"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .add_allowed_classes("a", ["ancre"])
            .add_allowed_classes("div", ["tableau", "footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .url_schemes(["http", "https", "mailto", "tel", "data"].into())
            .attribute_filter(filter);
        b
    })
}

/// Values that the allow-list of names cannot judge: `data:` only for an image's source,
/// `style` only for the alignment of a table cell, `input` only as a task-list checkbox.
fn filter<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let lower = value.trim().to_ascii_lowercase();
    let keep = match attribute {
        "href" | "src" | "cite" if lower.starts_with("data:") => {
            element == "img" && attribute == "src" && lower.starts_with("data:image/")
        }
        "style" => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        ),
        "type" if element == "input" => lower == "checkbox",
        "tabindex" => value == "0" || value == "-1",
        _ => true,
    };
    keep.then_some(Cow::Borrowed(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_event_attributes_are_removed() {
        let dirty = concat!(
            "<p>a<script>alert(1)</script><img src=x onerror=\"alert(2)\" alt=\"i\">",
            "<a href=\"javascript:alert(3)\">l</a><a href=\" JAVASCRIPT:alert(4)\">m</a>",
            "<iframe src=\"https://x\"></iframe><style>p{}</style><svg onload=alert(5)></svg>",
            "<a href=\"data:text/html,x\">d</a><img src=\"data:image/png;base64,AA\" alt=\"\">",
            "<form action=\"https://x\"><button>b</button></form><object data=\"x\"></object>",
            "<div style=\"position:fixed\">s</div><th style=\"text-align: left\">",
            "<input type=\"text\" value=\"v\"><input type=\"checkbox\" disabled>",
            "<a href=\"https://ok.fr\" class=\"ancre autre\">ok</a></p>",
        );
        let clean = clean(dirty);
        for gone in [
            "script",
            "onerror",
            "alert",
            "iframe",
            "<style",
            "onload",
            "<svg",
            "text/html",
            "<form",
            "<object",
            "position",
            "type=\"text\"",
            "autre",
        ] {
            assert!(!clean.contains(gone), "{gone} reste dans : {clean}");
        }
        for kept in [
            "<img src=\"x\" alt=\"i\">",
            "src=\"data:image/png;base64,AA\"",
            "<a href=\"https://ok.fr\" class=\"ancre\">ok</a>",
            "type=\"checkbox\"",
        ] {
            assert!(clean.contains(kept), "{kept} absent de : {clean}");
        }
    }

    #[test]
    fn what_ctin_writes_is_kept() {
        let html = concat!(
            "<h2 id=\"titre\">Titre <a class=\"ancre\" href=\"#titre\" aria-hidden=\"true\" tabindex=\"-1\" title=\"Lien\">#</a></h2>\n",
            "<div class=\"tableau\" tabindex=\"0\" role=\"region\" aria-label=\"Tableau défilant\"><table><thead><tr><th style=\"text-align: center\">A</th></tr></thead><tbody>\n<tr><td style=\"text-align: right\">1</td></tr>\n</tbody></table>\n</div>",
            "<p>x<sup class=\"footnote-reference\"><a href=\"#n\">1</a></sup></p>\n",
            "<div class=\"footnote-definition\" id=\"n\"><sup class=\"footnote-definition-label\">1</sup>\n<p>note</p>\n</div>\n",
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\">\nfait</li>\n</ul>\n",
        );
        let cleaned = clean(html);
        let normalize = |s: &str| s.replace("=\"\"", "");
        assert_eq!(normalize(&cleaned), normalize(html));
    }
}
