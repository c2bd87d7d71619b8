/*!
A build takes a whole group of pages (and its PDFs) again from the previous output when nothing
they are made from changed: no page's context is built, no PDF source made.

What a territory's group is made from ([`Inputs`]): ctin's version (the state's), the build's
settings, the theme (templates, PDF templates and static files, with the site's static files,
which the PDFs show), every content file outside the territories (`site.yaml`, home, free pages,
models, référentiel), the pages the link index knows (a link to a page that became a draft is
dropped), the territory's own files, and those of the territories its pages read (which the
renderer notes as it goes, `Context::note_read`, and the state keeps), each file with the date
of its last commit. It is the dependency the preview follows (`incremental::touched`), coarser:
a change outside the territories makes every group again (each page still taken alone when its
context is the same, `output::reuse`). The groups of the whole site (home, lists, models…) show
every territory: they are made from every content file.
*/

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::model::Site;
use crate::output::reuse::{Group, GroupPage, theme_print};
use crate::output::{fingerprint, pdf};
use crate::products::PageMeta;
use crate::render::{self, Chunk, Settings, theme::Theme};

/// Where the territories' folders are, relative to the root.
const TERRITORIES: &str = "content/territoires";

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
        let files = files_print(
            site,
            site.sources
                .iter()
                .filter(|(path, _)| !path.starts_with(TERRITORIES)),
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
        let own = std::iter::once(slug).chain(reads.iter().map(String::as_str));
        let parts: Vec<String> = own
            .flat_map(|t| {
                let folder = Path::new(TERRITORIES).join(t);
                let files = self
                    .site
                    .sources
                    .range(folder.clone()..)
                    .take_while(|(path, _)| path.starts_with(&folder));
                [t.to_string(), files_print(self.site, files)]
            })
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
