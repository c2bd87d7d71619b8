//! What every view of a page needs: the site, the link index, the options, the base URL, and
//! the helpers that make a page's common context (menu, breadcrumbs, links, Markdown).

use super::ready::Piece;
use super::*;
use crate::model::Territory;

/// What every view needs.
pub struct Context<'a> {
    /// The site.
    pub site: &'a Site,
    /// Every page's URL and anchors.
    pub index: &'a LinkIndex,
    /// The build's settings (drafts, base URL, language, search).
    pub settings: Settings,
    /// Which territory's pages show data of which other territory (reader, read), as seen
    /// while rendering: an incremental rebuild renders the readers again.
    pub reads: std::sync::Mutex<std::collections::BTreeSet<(String, String)>>,
    /// The open-data files the build writes (path in the output folder → bytes), for the page
    /// that lists them with their sizes.
    pub exports: std::collections::BTreeMap<String, usize>,
    /// The rows of each whole table's CSV file among them (`donnees/acteurs.csv` → rows), read
    /// from the file itself: the page says what the file holds.
    pub export_rows: std::collections::BTreeMap<String, usize>,
    /// What the pages of the whole site showed of each territory last time (the preview).
    fragments: Option<&'a Fragments>,
    /// The theme's templates, which render a site-wide list's entries one by one
    /// ([`Context::entries_of_territory`]).
    pub(super) templates: (&'a tera::Tera, &'a theme::Theme),
    /// The errors met rendering entries: the run stops with them.
    errors: std::sync::Mutex<Vec<Diagnostic>>,
}

/// What a page of the whole site shows of one territory (a list's entries, map points), kept by
/// the preview from one run to the next: a save then makes again only the changed territory's
/// part of the site-wide lists. Such a part depends on the site's settings, which change only
/// on full runs (which start with none kept), and on the data of its territory and of the
/// territories it reads, whose groups a change renders again (`incremental::touched`): the
/// pipeline forgets the parts of every territory whose group a run renders.
#[derive(Debug, Default)]
pub struct Fragments(std::sync::Mutex<std::collections::HashMap<FragmentKey, Entries>>);

/// A list's entries: each one's key and HTML (see [`Context::entries`]), shared as it is by
/// every run that keeps it.
type Entries = Vec<(String, Piece)>;

/// The page's URL, what part of it, the territory.
type FragmentKey = (String, &'static str, String);

impl Fragments {
    /// Forgets every territory's parts.
    pub fn clear(&self) {
        if let Ok(mut map) = self.0.lock() {
            map.clear();
        }
    }

    /// Forgets the parts of these territories.
    pub fn forget(&self, territories: &std::collections::BTreeSet<&str>) {
        if let Ok(mut map) = self.0.lock() {
            map.retain(|(_, _, t), _| !territories.contains(t.as_str()));
        }
    }
}

impl<'a> Context<'a> {
    /// Indexes the site; `tera`, made from `theme`, renders the entries of site-wide lists.
    pub fn new(
        site: &'a Site,
        settings: Settings,
        tera: &'a tera::Tera,
        theme: &'a theme::Theme,
    ) -> Self {
        Context {
            site,
            index: &site.links,
            settings,
            reads: Default::default(),
            exports: Default::default(),
            export_rows: Default::default(),
            fragments: None,
            templates: (tera, theme),
            errors: Default::default(),
        }
    }

    /// The errors met rendering entries since the last call.
    pub fn take_errors(&self) -> Vec<Diagnostic> {
        self.errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default()
    }

    /// Keeps in `fragments` what the pages of the whole site show of each territory, and takes
    /// again what is kept there.
    pub fn keeping(mut self, fragments: &'a Fragments) -> Self {
        self.fragments = Some(fragments);
        self
    }

    /// The entries that the page at `from` lists of territory `t` as its part `what`, made by
    /// [`Context::entries`] from what `make` gives, and kept as HTML (see [`Fragments`]): a page
    /// listing the whole network's entries then fills its template with ready HTML, shared
    /// without copying (see [`super::ready`]), and a save renders again only the changed
    /// territory's entries. Nothing is kept when a template fails.
    pub fn entries_of_territory(
        &self,
        from: &str,
        what: &'static str,
        t: &Territory,
        partial: &str,
        make: impl FnOnce() -> Vec<(String, Value)>,
    ) -> Entries {
        let Some(fragments) = self.fragments else {
            return self.entries(partial, make());
        };
        let key = (from.to_string(), what, t.slug.clone());
        if let Some(kept) = fragments.0.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return kept;
        }
        let Some(made) = self.render_entries(partial, make()) else {
            return Vec::new();
        };
        if let Ok(mut map) = fragments.0.lock() {
            map.insert(key, made.clone());
        }
        made
    }

    /// Each entry's HTML, made by the theme's template `partial` alone from its variables, with
    /// the entry's key (what the page needs of it besides its HTML: its category, its map
    /// point as JSON). The partial sees only its variables. A template error is noted for
    /// [`Context::take_errors`] and gives no entry.
    pub fn entries(&self, partial: &str, items: Vec<(String, Value)>) -> Entries {
        self.render_entries(partial, items).unwrap_or_default()
    }

    fn render_entries(&self, partial: &str, items: Vec<(String, Value)>) -> Option<Entries> {
        let (tera, theme) = self.templates;
        let rendered: Result<Entries, tera::Error> = items
            .into_iter()
            .map(|(key, vars)| {
                let ctx = tera::Context::from_serialize(&vars)?;
                Ok((key, Piece::new(&tera.render(partial, &ctx)?)))
            })
            .collect();
        rendered
            .map_err(|e| {
                if let Ok(mut errors) = self.errors.lock()
                    && errors.is_empty()
                {
                    errors.push(theme::template_error(theme, &e));
                }
            })
            .ok()
    }

    /// Gives the open-data files that will be written, so that their page shows their sizes.
    pub fn with_exports(mut self, files: &[OutputFile]) -> Self {
        self.exports = files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.len()))
            .collect();
        let whole_table = |path: &str| {
            path.strip_prefix("donnees/")
                .is_some_and(|name| !name.contains('/') && name.ends_with(".csv"))
        };
        self.export_rows = files
            .iter()
            .filter(|f| whole_table(&f.path))
            .map(|f| {
                // One record read into again and again (a save's rebuild counts the rows of
                // every table of the network).
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(true)
                    .from_reader(f.bytes.as_slice());
                let mut record = csv::ByteRecord::new();
                let mut rows = 0;
                // As `byte_records().count()` counts: a record in error is a row too.
                while !matches!(reader.read_byte_record(&mut record), Ok(false)) {
                    rows += 1;
                }
                (f.path.clone(), rows)
            })
            .collect();
        self
    }

    /// Notes that the pages of `reader` show data of territory `read`.
    pub fn note_read(&self, reader: &str, read: &str) {
        if reader != read
            && let Ok(mut reads) = self.reads.lock()
        {
            reads.insert((reader.to_string(), read.to_string()));
        }
    }

    /// The date a page was last changed: its `mis_a_jour`, else the last commit that touched
    /// one of its source `files` (when the site is in git), else `fallback` (its adoption or
    /// meeting date).
    pub fn updated(
        &self,
        mis_a_jour: Option<&S<String>>,
        files: &[&Path],
        fallback: Option<&S<String>>,
    ) -> Option<String> {
        mis_a_jour
            .map(|d| d.value.clone())
            .or_else(|| self.site.history.as_ref()?.date(files))
            .or_else(|| fallback.map(|d| d.value.clone()))
    }

    /// How the search index files the page made with `template` at `url`: its kind and, for a
    /// territory's pages, the territory's name (`None`: the page is not indexed).
    fn search_facets(&self, template: &str, url: &str) -> Option<Value> {
        if !self.settings.search {
            return None;
        }
        let kind = kinds::search_label(template)?;
        let territory = url
            .strip_prefix("/territoires/")
            .and_then(|rest| rest.split('/').next())
            .and_then(|slug| self.site.territory(slug))
            .map(|t| typography(&t.short_name()));
        Some(json!({ "type": kind, "territoire": territory }))
    }

    /// True when the page is part of this build.
    pub fn published(&self, page: &MarkdownFile) -> bool {
        self.settings.drafts || !page.is_draft()
    }

    /// The link from the page at `from` to the page or file `to`. The 404 page is served at
    /// any address, so its links are absolute when the site's URL is known.
    pub fn href(&self, from: &str, to: &str) -> String {
        match &self.settings.base_url {
            Some(base) if from == NOT_FOUND => urls::absolute(base, to),
            _ => urls::relative(from, to),
        }
    }

    fn static_prefix(&self, from: &str) -> String {
        match &self.settings.base_url {
            Some(base) if from == NOT_FOUND => format!("{base}/"),
            _ => urls::to_root(from),
        }
    }

    fn link_context(&self) -> LinkContext<'_> {
        LinkContext {
            site: self.site,
            index: self.index,
            drafts: self.settings.drafts,
        }
    }

    /// Markdown of `file` as HTML for the page at `url`.
    pub fn md(&self, text: &str, file: &Path, url: &str, ids: &mut HeadingIds) -> String {
        markdown::to_html(text, file, url, &self.link_context(), ids)
    }

    /// Markdown of `file` parsed once, to be written as HTML for several pages (a page and its
    /// print page).
    pub fn prepare_md<'t>(
        &self,
        text: &'t str,
        file: &Path,
        ids: &mut HeadingIds,
    ) -> markdown::Prepared<'t> {
        markdown::prepare(text, file, &self.link_context(), ids)
    }

    /// The site paths that the links and images of `text` (written in `file`) lead to, by
    /// destination as written (see [`LinkContext::site_path`]).
    pub fn link_targets(&self, text: &str, file: &Path) -> BTreeMap<String, String> {
        let links = self.link_context();
        crate::markdown::scan(text)
            .links
            .into_iter()
            .filter_map(|l| Some((l.dest.clone(), links.site_path(file, &l.dest)?)))
            .collect()
    }

    fn menu(&self, url: &str) -> Vec<Value> {
        let mut items: Vec<(String, String)> = kinds::menu()
            .map(|(label, url)| (label.to_string(), url.to_string()))
            .collect();
        let mut pages: Vec<&MarkdownFile> = self
            .site
            .pages
            .iter()
            .filter(|p| {
                self.published(p)
                    && !matches!(p.slug.as_str(), "mentions-legales" | "accessibilite")
            })
            .collect();
        pages.sort_by_key(|p| {
            (
                p.front.ordre.as_ref().map(|o| o.value).unwrap_or(i64::MAX),
                p.slug.clone(),
            )
        });
        items.extend(
            pages
                .iter()
                .map(|p| (typography(&p.front.titre), format!("/{}/", p.slug))),
        );
        items
            .into_iter()
            .map(|(titre, to)| {
                let current = if to == "/" {
                    url == "/"
                } else {
                    url.starts_with(&to)
                };
                json!({ "titre": titre, "href": self.href(url, &to), "actif": current })
            })
            .collect()
    }

    /// A page: its template, URL, title, breadcrumbs (label, URL) and source file, with the
    /// context every page has (`site`, `page`) merged into `extra`.
    #[allow(clippy::too_many_arguments)]
    pub fn job(
        &self,
        template: &'static str,
        url: &str,
        titre: &str,
        crumbs: &[(String, String)],
        source: Option<&Path>,
        description: Option<&str>,
        updated: Option<String>,
        extra: Value,
    ) -> Job {
        let config = self.site.config.as_ref();
        let etat = config
            .and_then(|c| c.accessibilite.as_ref()?.etat)
            .map(|e| e.as_str())
            .unwrap_or("non-conforme");
        let site_titre = config.map(|c| c.titre.as_str()).unwrap_or("ctin");
        let site_description = config
            .map(|c| c.description.trim().to_string())
            .unwrap_or_default();
        let edit = config
            .and_then(|c| c.depot.as_ref())
            .zip(source)
            .map(|(d, s)| {
                format!(
                    "{}/{}",
                    d.value.trim_end_matches('/'),
                    s.display().to_string().replace('\\', "/")
                )
            });
        let mut fil: Vec<Value> = vec![json!({ "titre": "Accueil", "href": self.href(url, "/") })];
        fil.extend(
            crumbs
                .iter()
                .map(|(t, u)| json!({ "titre": typography(t), "href": self.href(url, u) })),
        );
        let canonical = self
            .settings
            .base_url
            .as_ref()
            .map(|b| urls::absolute(b, url));
        let mut ctx = json!({
            "site": {
                "titre": typography(site_titre),
                "description": typography(&site_description),
                "langue": self.settings.language,
                "racine": self.href(url, "/"),
                "statique": self.static_prefix(url),
                "menu": self.menu(url),
                "licence": config.and_then(|c| c.licence.clone()).unwrap_or_else(|| "Licence Ouverte 2.0".into()),
                "editeur": config.and_then(|c| c.editeur.as_ref()).map(|e| typography(&e.nom)),
                "accessibilite": labels::label(etat),
                "mentions_href": self.href(url, "/mentions-legales/"),
                "accessibilite_href": self.href(url, "/accessibilite/"),
                "recherche": self.settings.search.then(|| self.href(url, "/recherche/")),
            },
            "page": {
                "titre": typography(titre),
                "description": description.map(|d| typography(d.trim())).unwrap_or_else(|| typography(&site_description)),
                "canonique": canonical,
                "fil": fil,
                "modifier": edit,
                "mis_a_jour": updated.as_deref().map(format::date_text),
                "recherche": self.search_facets(template, url),
            },
        });
        if let (Value::Object(base), Value::Object(more)) = (&mut ctx, extra) {
            base.extend(more);
        }
        Job {
            url: url.to_string(),
            template,
            ctx,
            ready: Vec::new(),
            updated,
            source: source.map(Path::to_path_buf),
            kind: template,
        }
    }
}
