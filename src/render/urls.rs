//! Relative URLs, so that the site works under any sub-path and opened from disk.
//!
//! Every page lives at a root-absolute URL ending in `/` (`/territoires/lille/`) and is written as
//! `<url>/index.html`. A link from page `from` to page `to` climbs with `../` and names
//! `index.html` explicitly, since a browser reading files from disk does not open it by itself.

/// How many folders deep the page at `url` sits (`/` → 0, `/a/b/` → 2, `/404.html` → 0).
pub fn depth(url: &str) -> usize {
    let trimmed = url.trim_start_matches('/');
    let segments = trimmed.split('/').filter(|s| !s.is_empty()).count();
    if url.ends_with('/') || trimmed.is_empty() {
        segments
    } else {
        segments.saturating_sub(1)
    }
}

/// The prefix from the page at `from` to the site root (`""` at the root, `"../../"` two deep).
pub fn to_root(from: &str) -> String {
    "../".repeat(depth(from))
}

/// The relative link from the page at `from` to the root-absolute `to` (a page or a file),
/// keeping a `#fragment`.
pub fn relative(from: &str, to: &str) -> String {
    let (path, fragment) = match to.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (to, None),
    };
    let mut out = to_root(from);
    out.push_str(path.trim_start_matches('/'));
    if path.ends_with('/') || path.is_empty() {
        out.push_str("index.html");
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The absolute URL of `to` when the site has a base URL.
pub fn absolute(base: &str, to: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        to.trim_start_matches('/')
    )
}

/// Percent-encodes the characters of a path segment that are not safe in a URL.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(relative("/", "/"), "index.html");
        assert_eq!(relative("/", "/territoires/"), "territoires/index.html");
        assert_eq!(
            relative("/territoires/lille/", "/modeles/charte/#objet"),
            "../../modeles/charte/index.html#objet"
        );
        assert_eq!(relative("/a/", "/images/plan.png"), "../images/plan.png");
        assert_eq!(relative("/404.html", "/acteurs/"), "acteurs/index.html");
        assert_eq!(depth("/territoires/lille/acteurs/"), 3);
        assert_eq!(
            absolute("https://x.fr/ctin/", "/a/"),
            "https://x.fr/ctin/a/"
        );
        assert_eq!(
            encode_path("/images/mon plan.png"),
            "/images/mon%20plan.png"
        );
    }
}
