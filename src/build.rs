//! `ctin build`: the stages in order, each timed (check, render, write), stopping before any
//! write when something is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, code, plural};
use crate::render::{self, Options, Renderer, theme};
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
    let site = model::load_timed(root, render::kinds::index, diags, &mut |what| {
        step(args.verbose, &mut t, what)
    });
    output::pdf::check_images(&site, diags);
    if diags.has_errors() {
        return None;
    }
    let theme_name = site
        .config
        .as_ref()
        .and_then(|c| c.theme.as_ref())
        .map(|t| t.value.clone());
    let theme = match theme::load(root, theme_name.as_deref()) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let opts = Options {
        drafts: args.drafts,
        base_url: args.base_url.clone(),
    };
    let exports = output::exports::files(&site, &crate::model::open_data::tables(&site));
    let renderer = Renderer::new(&site, &opts).with_exports(&exports);
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
    let write_error = std::sync::Mutex::new(None::<String>);
    let indexed = output::search::Pages::default();
    let finish = |f: &mut crate::products::OutputFile| {
        if f.path.ends_with(".html") {
            f.bytes = output::minify(&f.bytes);
            indexed.offer(&f.path, &f.bytes);
        }
        if let Err(e) = staging.write(f) {
            write_error
                .lock()
                .map(|mut w| w.get_or_insert(e).clone())
                .ok();
        }
        f.bytes = Vec::new();
    };
    let (metas, mut files) = match render::render_site(&renderer, &theme, &finish) {
        Ok(r) => r,
        Err(errors) => {
            for d in errors {
                diags.push(d);
            }
            return None;
        }
    };
    let pages = files.len();
    step(
        args.verbose,
        &mut t,
        &format!("rendu, minification et écriture de {pages} pages"),
    );
    let mut rest = match output::search::index(indexed.into_sorted(), &renderer.language()) {
        Ok(files) => files,
        Err(message) => {
            fail(diags, code::ECRITURE_IMPOSSIBLE, message);
            return None;
        }
    };
    step(args.verbose, &mut t, "index de recherche");
    rest.extend(output::data_files(
        &site,
        &metas,
        renderer.base_url.as_deref(),
    ));
    rest.extend(exports);
    rest.extend(output::cms::files(
        &site,
        &theme.admin,
        true,
        renderer.base_url.as_deref(),
    ));
    let statics = match output::static_files(root, &theme.statics, &site.static_files) {
        Ok(s) => s,
        Err(message) => {
            diags.push(Diagnostic::new(
                code::FICHIER_ILLISIBLE,
                Path::new("content/static"),
                Default::default(),
                message,
            ));
            return None;
        }
    };
    let (printables, dossiers) = render::printables::printables(&renderer);
    step(args.verbose, &mut t, "documents imprimables");
    let images: BTreeMap<String, Vec<u8>> = statics
        .iter()
        .map(|f| (f.path.clone(), f.bytes.clone()))
        .collect();
    let template = theme.pdf.get("document.typ").map_or("", String::as_str);
    let pdfs = output::pdf::Job::new(
        &printables,
        &dossiers,
        template,
        Arc::new(images),
        renderer.base_url.as_deref(),
    );
    step(args.verbose, &mut t, "sources des PDF");
    let pdf_paths = pdfs.manifest();
    let generated = files.iter().chain(&rest).map(|f| f.path.as_str());
    diags.absorb(output::check_paths(
        generated.chain(pdf_paths.keys().map(String::as_str)),
        &statics,
        &site.static_files,
        theme_name.as_deref(),
    ));
    if diags.has_errors() {
        return None;
    }
    rest.extend(statics);
    let written = staging
        .write_all(&rest)
        .err()
        .or_else(|| write_error.into_inner().ok().flatten());
    if let Some(message) = written {
        fail(diags, code::ECRITURE_IMPOSSIBLE, message);
        return None;
    }
    files.extend(rest);
    step(args.verbose, &mut t, "écriture des autres fichiers");
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
        &format!("{} PDF, dont {} mis en page", pdfs.len(), pdf.made),
    );
    if let Err(message) = staging.commit() {
        fail(diags, code::ECRITURE_IMPOSSIBLE, message);
        return None;
    }
    step(args.verbose, &mut t, "mise en place de la sortie");
    Some(Built {
        pages,
        files: files.len() + pdf.made + pdf.kept,
        pdf,
        output: asked,
    })
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
        match (b.pdf.made, b.pdf.kept) {
            (0, 0) => String::new(),
            (made, kept) => format!(
                " ; PDF : {} mis en page, {} inchangé{}",
                made,
                kept,
                if kept > 1 { "s" } else { "" }
            ),
        }
    )
}
