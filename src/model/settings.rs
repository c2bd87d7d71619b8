//! The settings of a build, resolved once from the command's options and `site.yaml`, and read
//! from there by every stage: drafts, the site's absolute URL (`--base-url`, else `url_de_base`,
//! both checked as web addresses), its language, whether it has a search, its theme.

use super::Site;

/// What the command asks (`ctin build`'s options; the preview takes the defaults).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Build drafts too.
    pub drafts: bool,
    /// Absolute URL of the site (replaces `url_de_base`).
    pub base_url: Option<String>,
}

/// The settings of one build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Drafts are built.
    pub drafts: bool,
    /// The site's absolute URL, without its final `/`, when known.
    pub base_url: Option<String>,
    /// The site's language (`fr` unless `site.yaml` says otherwise).
    pub language: String,
    /// True unless `site.yaml` turns the search off (`recherche: false`).
    pub search: bool,
    /// The theme's name, when `site.yaml` names one.
    pub theme: Option<String>,
}

impl Settings {
    /// The settings of `site` built with `opts`.
    pub fn resolve(site: &Site, opts: &Options) -> Settings {
        let config = site.config.as_ref();
        Settings {
            drafts: opts.drafts,
            base_url: opts
                .base_url
                .clone()
                .or_else(|| config?.url_de_base.as_ref().map(|u| u.value.clone()))
                .map(|u| u.trim().trim_end_matches('/').to_string()),
            language: config
                .and_then(|c| c.langue.as_ref())
                .map(|l| l.value.clone())
                .unwrap_or_else(|| "fr".into()),
            search: config.and_then(|c| c.recherche) != Some(false),
            theme: config
                .and_then(|c| c.theme.as_ref())
                .map(|t| t.value.clone()),
        }
    }

    /// The settings `site.yaml` gives alone (what the link index needs).
    pub fn of(site: &Site) -> Settings {
        Settings::resolve(site, &Options::default())
    }
}
