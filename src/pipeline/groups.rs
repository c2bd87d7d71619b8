/*!
A build takes a whole group of pages (and its PDFs) again from the previous output when nothing
they are made from changed: no page's context is built, no PDF source made.

What a territory's group is made from ([`Inputs`]): ctin's version (the state's), the build's
settings, the theme (templates, PDF templates and static files, with the site's static files,
which the PDFs show), the content files outside the territories (`site.yaml`, free pages,
référentiel; the models its documents adopt; the home page's text only if a territory's kind of
page shows it), the pages the link index knows (a link to a page that became a draft is
dropped), the territory's own files, and those of the territories its pages read (which the
renderer notes as it goes, `Context::note_read`, and the state keeps), each file with the date
of its last commit. These are the dependencies the preview follows (`incremental::touched`): a
change of `site.yaml`, a free page or the référentiel makes every group again (each page still
taken alone when its context is the same, `output::reuse`). The groups of the whole site (home,
lists, models…) show every territory: they are made from every content file.
*/

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::model::Site;
use crate::output::reuse::{Group, GroupPage, theme_print};
use crate::output::{fingerprint, pdf};
use crate::products::PageMeta;
use crate::render::kinds::Shows;
use crate::render::{self, Chunk, Settings, theme::Theme};

/// Where the territories' folders are, relative to the root.
const TERRITORIES: &str = "content/territoires";
/// Where the shared models are.
const MODELS: &str = "content/modeles";
/// The home page's text.
const HOME: &str = "content/index.md";

/// What every group is made from, fingerprinted once per build.
pub(super) struct Inputs<'a> {
    site: &'a Site,
    global: String,
    /// What the groups of the whole site are made from: every content file.
    whole: String,
}

impl<'a> Inputs<'a> {
    /// The inputs of `site` built with `settings` (`minify` as the build does), `theme` and the
    /// static files `images` (theme's and site's, by output path).
    pub(super) fn new(
        site: &'a Site,
        settings: &Settings,
        minify: bool,
        theme: &Theme,
        images: &BTreeMap<String, Vec<u8>>,
    ) -> Inputs<'a> {
        let settings = format!("{settings:?} {minify}");
        let templates = theme_print(theme.templates.iter().map(|(n, (_, t))| (n, t)));
        let pdf_templates = theme_print(&theme.pdf);
        // The models go to the territories whose documents adopt them; the home page's text
        // to none, unless a territory's kind of page shows it.
        let (_, home_shown) = render::kinds::showing(Shows::Home);
        let files = files_print(
            site,
            site.sources.iter().filter(|(path, _)| {
                !path.starts_with(TERRITORIES)
                    && !path.starts_with(MODELS)
                    && (home_shown || path.as_path() != Path::new(HOME))
            }),
        );
        let links = site.links.fingerprint();
        let statics = images
            .iter()
            .flat_map(|(path, bytes)| [path.as_bytes(), bytes.as_slice()]);
        let global = fingerprint(
            [
                &b"ctin-groupe 1"[..],
                settings.as_bytes(),
                templates.as_bytes(),
                pdf_templates.as_bytes(),
                files.as_bytes(),
                links.as_bytes(),
            ]
            .into_iter()
            .chain(statics),
        );
        let every_file = files_print(site, site.sources.iter());
        let whole = fingerprint([global.as_bytes(), every_file.as_bytes()]);
        Inputs {
            site,
            global,
            whole,
        }
    }

    /// The fingerprint of what `chunk` is made from, when its pages read the territories
    /// `reads` (a territory's group; the site's groups show every territory).
    pub(super) fn of(&self, chunk: &Chunk, reads: &BTreeSet<String>) -> String {
        match chunk {
            Chunk::Territory(slug) => self.territory(slug, reads),
            Chunk::Site(_) => self.whole.clone(),
        }
    }

    /// The fingerprint of what territory `slug`'s group is made from, when its pages read the
    /// territories `reads`.
    fn territory(&self, slug: &str, reads: &BTreeSet<String>) -> String {
        let adopted: BTreeSet<PathBuf> = self
            .site
            .territory(slug)
            .into_iter()
            .flat_map(|t| &t.documents)
            .filter_map(|d| d.page.front.modele.as_ref())
            .map(|m| Path::new(MODELS).join(format!("{}.md", m.value)))
            .collect();
        let models: Vec<(PathBuf, String)> = adopted
            .into_iter()
            .map(|path| {
                let print = self.site.sources.get(&path).cloned().unwrap_or_default();
                (path, print)
            })
            .collect();
        let models = files_print(self.site, models.iter().map(|(p, f)| (p, f)));
        let own = std::iter::once(slug).chain(reads.iter().map(String::as_str));
        let parts: Vec<String> = std::iter::once(models)
            .chain(own.flat_map(|t| {
                let folder = Path::new(TERRITORIES).join(t);
                let files = self
                    .site
                    .sources
                    .range(folder.clone()..)
                    .take_while(|(path, _)| path.starts_with(&folder));
                [t.to_string(), files_print(self.site, files)]
            }))
            .collect();
        fingerprint(
            std::iter::once(self.global.as_bytes()).chain(parts.iter().map(String::as_bytes)),
        )
    }
}

/// The fingerprint of content files: each one's path, text (its fingerprint) and date of last
/// commit.
fn files_print<'f>(site: &Site, files: impl Iterator<Item = (&'f PathBuf, &'f String)>) -> String {
    let history = site.history.as_ref();
    let parts: Vec<String> = files
        .flat_map(|(path, print)| {
            let date = history.and_then(|h| h.date(&[path])).unwrap_or_default();
            [path.to_string_lossy().into_owned(), print.clone(), date]
        })
        .collect();
    fingerprint(parts.iter().map(String::as_bytes))
}

/// The name of `chunk`'s group in the state: its territory's folder, or `site/<part>` (a
/// folder's name holds no `/`).
pub(super) fn key(chunk: &Chunk) -> String {
    match chunk {
        Chunk::Territory(slug) => slug.clone(),
        Chunk::Site(part) => format!("site/{part:?}"),
    }
}

/// What the state keeps of a group as its pages' metadata (`None` when a page's
/// kind is not one of this ctin's: the group is made again).
pub(super) fn metas(group: &Group) -> Option<Vec<PageMeta>> {
    group
        .pages
        .iter()
        .map(|p| {
            Some(PageMeta {
                url: p.url.clone(),
                titre: p.titre.clone(),
                description: p.description.clone(),
                updated: p.date.clone(),
                kind: render::kinds::page_template(&p.genre)?,
                source: p.source.clone(),
            })
        })
        .collect()
}

/// What the state keeps of a group made by this build: its pages, the territories they read,
/// its PDFs, and `print`, the fingerprint of what it was made from.
pub(super) fn group(
    print: String,
    pages: &[PageMeta],
    reads: BTreeSet<String>,
    pdfs: Option<&pdf::Job>,
) -> Group {
    Group {
        empreinte: print,
        lectures: reads,
        pages: pages
            .iter()
            .map(|m| GroupPage {
                chemin: render::output_path(&m.url),
                url: m.url.clone(),
                titre: m.titre.clone(),
                description: m.description.clone(),
                date: m.updated.clone(),
                genre: m.kind.to_string(),
                source: m.source.clone(),
            })
            .collect(),
        pdfs: pdfs.map(pdf::Job::entries).unwrap_or_default(),
    }
}
