//! `ctin build`: checks the output folder and the content, runs the whole [`Pipeline`] into a
//! staging folder, then the PDFs and the search index, and puts the result in place; each step
//! timed (`CTIN_DETAILS`), and nothing published when something is wrong.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, code, plural};
use crate::pipeline::Pipeline;
use crate::render::{self, Options, theme};
use crate::{model, output};

/// What `ctin build` was asked.
#[derive(Debug, Clone)]
pub struct BuildArgs {
    /// Folder holding `content/`.
    pub root: PathBuf,
    /// Output folder (default `<root>/output`).
    pub output: Option<PathBuf>,
    /// Build drafts.
    pub drafts: bool,
    /// Absolute URL of the site.
    pub base_url: Option<String>,
    /// Print the time of each step.
    pub verbose: bool,
}

/// What a successful build wrote.
#[derive(Debug, Clone)]
pub struct Built {
    /// Number of HTML pages.
    pub pages: usize,
    /// Number of files in all.
    pub files: usize,
    /// The PDFs made and kept.
    pub pdf: output::pdf::Report,
    /// Where.
    pub output: PathBuf,
}

fn step(verbose: bool, start: &mut Instant, what: &str) {
    if verbose {
        eprintln!("  {what} : {} ms", start.elapsed().as_millis());
    }
    *start = Instant::now();
}

/// Builds the site; problems are pushed to `diags` (and nothing is written).
pub fn build(args: &BuildArgs, diags: &mut Diagnostics) -> Option<Built> {
    let mut t = Instant::now();
    let root = args.root.as_path();
    // The output folder is checked first: a slip in `--output` must cost nothing.
    let asked = args.output.clone().unwrap_or_else(|| root.join("output"));
    let out_dir = match output::check_target(root, &asked) {
        Ok(resolved) => resolved,
        Err(refused) => {
            diags.push(
                Diagnostic::new(
                    code::SORTIE_REFUSEE,
                    &asked,
                    Default::default(),
                    refused.message,
                )
                .hint(refused.hint),
            );
            return None;
        }
    };
    // `--base-url` replaces `url_de_base` and is checked the same way.
    if let Some(url) = &args.base_url
        && !model::validate::is_web_address(url.trim())
    {
        diags.push(
            Diagnostic::new(
                code::URL_INVALIDE,
                Path::new(""),
                Default::default(),
                "adresse web invalide pour `--base-url`",
            )
            .culprit(url.as_str())
            .hint("écrivez l'adresse publique complète du site, par exemple `https://exemple.fr/ctin/`"),
        );
        return None;
    }
    let site = model::load_timed(root, crate::pipeline::index, diags, &mut |what| {
        step(args.verbose, &mut t, what)
    });
    output::pdf::check_images(&site, diags);
    if diags.has_errors() {
        return None;
    }
    let opts = Options {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    let settings = render::Settings::resolve(&site, &opts);
    let theme = match theme::load(root, settings.theme.as_deref()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let tera = match theme::tera(&theme) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let fail = |diags: &mut Diagnostics, kind: Code, message: String| {
        diags.push(Diagnostic::new(kind, &out_dir, Default::default(), message));
    };
    let staging = match output::Staging::new(&out_dir) {
        Ok(s) => s,
        Err(message) => {
            fail(diags, code::ECRITURE_IMPOSSIBLE, message);
            return None;
        }
    };
    step(args.verbose, &mut t, "thème et dossier de sortie");
    let previous = std::sync::Arc::new(output::reuse::Previous::read(&out_dir));
    let mut pipeline = Pipeline::new(opts, true, false).reusing(previous.clone());
    let indexed = output::search::Pages::default();
    let made = match pipeline.run(
        root,
        &site,
        settings.clone(),
        &theme,
        &tera,
        None,
        &staging,
        &indexed,
    ) {
        Ok(mut made) => {
            diags.absorb(std::mem::take(&mut made.warnings));
            made
        }
        Err(problems) => {
            diags.absorb(problems);
            return None;
        }
    };
    // What the pipeline keeps for a next run (the PDFs of each group…) is not needed any more,
    // nor the content and the templates: the PDFs and the search index need only what the
    // pipeline made (on a national site this leaves ~70 MB more to Typst and Pagefind). The
    // PDFs come first, so that their sources are gone when Pagefind holds every page's words.
    let parts = site.search_parts();
    let pdfs = match made.pdfs {
        Some(pdfs) => pdfs,
        None => pipeline.pdfs(&site, settings.clone(), &theme, &tera),
    };
    drop(pipeline);
    drop(tera);
    drop(theme);
    drop(site);
    t = Instant::now();
    let pdf = match make_pdfs(&pdfs, &out_dir, staging.dir()) {
        Ok(report) => report,
        Err(errors) => {
            for (path, message) in errors {
                let file = pdfs.source_file(&path).unwrap_or(&out_dir);
                diags.push(
                    Diagnostic::new(
                        code::PDF_IMPOSSIBLE,
                        file,
                        Default::default(),
                        format!("PDF `{path}` impossible à produire (message de Typst : {message})"),
                    )
                    .hint("vérifiez le gabarit Typst des PDF (`templates/pdf/document.typ` ou `themes/<thème>/pdf/document.typ`) et les images que montre le texte"),
                );
            }
            return None;
        }
    };
    step(
        args.verbose,
        &mut t,
        &format!(
            "{} PDF, dont {} mis en page et {} découpés dans les dossiers",
            pdfs.len(),
            pdf.made,
            pdf.cut
        ),
    );
    // The PDFs' sources are not needed any more: Pagefind gets their room.
    drop(pdfs);
    let language = settings.language;
    let pages = indexed.into_sorted();
    let search = match search_index(&previous, pages, &language, parts, &staging) {
        Ok(files) => files,
        Err(message) => {
            fail(diags, code::ECRITURE_IMPOSSIBLE, message);
            return None;
        }
    };
    step(args.verbose, &mut t, "index de recherche");
    if let Err(message) = staging.write_with(output::reuse::STATE, |out| previous.write_state(out))
    {
        fail(diags, code::ECRITURE_IMPOSSIBLE, message);
        return None;
    }
    if let Err(message) = staging.commit() {
        fail(diags, code::ECRITURE_IMPOSSIBLE, message);
        return None;
    }
    step(args.verbose, &mut t, "mise en place de la sortie");
    Some(Built {
        pages: made.pages,
        files: made.files + search + pdf.made + pdf.cut + pdf.kept,
        pdf,
        output: asked,
    })
}

/// Puts the search index of `pages` into the staging folder, part by part (`parts` territory
/// parts): the previous part when it was made from the same pages, else a new one; gives the
/// number of its files.
fn search_index(
    previous: &output::reuse::Previous,
    pages: Vec<(String, output::search::Indexed)>,
    language: &str,
    parts: usize,
    staging: &output::Staging,
) -> Result<usize, String> {
    use rayon::prelude::*;
    let dir_of = |path: &str| crate::paths::search_part_dir(crate::paths::search_part(path, parts));
    let mut found = previous.search(&pages, language, &dir_of);
    let mut count = 0;
    let mut remade = std::collections::BTreeMap::new();
    for (part, pages) in output::search::by_part(pages, parts) {
        let dir = crate::paths::search_part_dir(part);
        if let Some(paths) = found.remove(&dir).flatten() {
            let taken: Vec<bool> = paths
                .par_iter()
                .map(|path| previous.take_file(staging, path))
                .collect::<Result<_, _>>()?;
            if taken.iter().all(|t| *t) {
                count += paths.len();
                continue;
            }
            // A file of it is missing: none of it is kept.
            for (path, _) in paths.iter().zip(&taken).filter(|(_, t)| **t) {
                let _ = std::fs::remove_file(staging.dir().join(path));
            }
        }
        // Pages taken from the previous output are read again where they were put.
        remade.insert(part, output::search::texts(pages, staging.dir())?);
    }
    let files = output::search::index(remade, language)?;
    staging.write_all(&files)?;
    Ok(count + files.len())
}

/// Writes the PDFs into the staging folder, laying out only those whose inputs changed since
/// the output folder was made.
#[cfg(feature = "pdf")]
fn make_pdfs(
    job: &output::pdf::Job,
    previous: &Path,
    into: &Path,
) -> Result<output::pdf::Report, Vec<(String, String)>> {
    job.run(previous, into, None)
}

/// Without the `pdf` feature the build says that it left the PDFs out.
#[cfg(not(feature = "pdf"))]
fn make_pdfs(
    job: &output::pdf::Job,
    _previous: &Path,
    _into: &Path,
) -> Result<output::pdf::Report, Vec<(String, String)>> {
    if !job.is_empty() {
        eprintln!(
            "PDF non produits ({}) : ce ctin a été compilé sans la fonction `pdf` (cargo build --features pdf).",
            job.len()
        );
    }
    Ok(output::pdf::Report::default())
}

/// The summary line of a build.
pub fn summary(b: &Built) -> String {
    format!(
        "Site construit dans `{}` : {}, {} en tout{}.",
        b.output.display(),
        plural(b.pages, "page", "pages"),
        plural(b.files, "fichier", "fichiers"),
        match (b.pdf.made, b.pdf.cut, b.pdf.kept) {
            (0, 0, 0) => String::new(),
            (made, cut, kept) => format!(
                " ; PDF : {} mis en page{}, {} inchangé{}",
                made,
                match cut {
                    0 => String::new(),
                    1 => ", 1 découpé dans son dossier".into(),
                    n => format!(", {n} découpés dans leur dossier"),
                },
                kept,
                if kept > 1 { "s" } else { "" }
            ),
        }
    )
}
