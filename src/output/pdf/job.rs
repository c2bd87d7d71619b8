//! Which PDFs to lay out: each PDF's inputs hashed, so that a rebuild lays out only those that
//! changed ([`Job`]); the preview's variant, which lays them out in a cache folder and links
//! them into the served site ([`Preview`]).

use super::*;
use crate::output::halt::WRITES;
use crate::output::reuse::Within;

/// One PDF to make.
#[derive(Debug, Clone)]
pub(super) struct Pdf {
    path: String,
    file: PathBuf,
    source: String,
    day: Option<String>,
    /// Hash of everything the PDF is made from.
    hash: String,
    /// Already put in the output folder, from the previous output (its source is not made).
    taken: bool,
    /// A document bound in a dossier: what its own PDF shows of it when it is cut from the
    /// dossier's pages.
    cut: Option<Cut>,
    /// A dossier: its documents, cut from its pages (or laid out alone when the template does
    /// not mark them). A dossier and its documents are made together or all kept.
    parts: Vec<Arc<Pdf>>,
}

impl Pdf {
    /// True when `previous` holds this PDF, made from the same inputs (`old`: its manifest),
    /// as a regular file reached without any link (or when it was taken already).
    fn kept(&self, old: &BTreeMap<String, String>, previous: &Within) -> bool {
        self.taken || (old.get(&self.path) == Some(&self.hash) && previous.has_file(&self.path))
    }

    /// This PDF and, for a dossier, its documents.
    fn all(&self) -> impl Iterator<Item = &Pdf> {
        std::iter::once(self).chain(self.parts.iter().map(|p| p.as_ref()))
    }

    /// Lays out this PDF (and, for a dossier, its documents) and writes it into `into`. When
    /// a dossier cannot be laid out, its documents are laid out alone, so that each one's
    /// problem is reported (or its PDF made).
    fn make(
        &self,
        images: &Arc<BTreeMap<String, Vec<u8>>>,
        into: &Path,
    ) -> Result<Report, Vec<(String, String)>> {
        use rayon::prelude::*;
        let write = |p: &Pdf, bytes: Vec<u8>| {
            let file = OutputFile {
                path: p.path.clone(),
                bytes,
            };
            crate::output::replace_file(into, &file).map_err(|e| (p.path.clone(), e))
        };
        let alone = |p: &Pdf| {
            let bytes =
                render(&p.source, images, p.day.as_deref()).map_err(|e| (p.path.clone(), e))?;
            write(p, bytes)
        };
        let each_alone = |mut errors: Vec<(String, String)>| {
            errors.extend(
                self.parts
                    .par_iter()
                    .filter_map(|p| alone(p).err())
                    .collect::<Vec<_>>(),
            );
            match errors.is_empty() {
                true => Ok(self.parts.len()),
                false => Err(errors),
            }
        };
        if self.parts.is_empty() {
            alone(self).map_err(|e| vec![e])?;
            return Ok(Report {
                made: 1,
                ..Report::default()
            });
        }
        let cuts = self.parts.iter().filter_map(|p| p.cut.clone()).collect();
        let laid_out = render_dossier(&self.source, images, self.day.as_deref(), cuts)
            .map_err(|e| (self.path.clone(), e))
            .and_then(|(whole, cut)| write(self, whole).map(|()| cut));
        match laid_out {
            Ok(Some(cut)) => {
                for (p, bytes) in self.parts.iter().zip(cut) {
                    write(p, bytes).map_err(|e| vec![e])?;
                }
                Ok(Report {
                    made: 1,
                    cut: self.parts.len(),
                    kept: 0,
                })
            }
            Ok(None) => Ok(Report {
                made: 1 + each_alone(Vec::new())?,
                ..Report::default()
            }),
            Err(e) => each_alone(vec![e]).map(|_| Report::default()),
        }
    }
}

/// The site paths of the images a Typst source shows (as the converter writes them).
pub(super) fn images_of(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("#figure(image(\"") {
        rest = &rest[i + "#figure(image(\"".len()..];
        let mut path = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => path.extend(chars.next()),
                '"' => break,
                c => path.push(c),
            }
        }
        out.push(path);
    }
    out
}

/// What changes a PDF: this format, ctin's and Typst's versions, the source, the day, the
/// images it shows.
pub(super) fn hash(source: &str, day: Option<&str>, images: &BTreeMap<String, Vec<u8>>) -> String {
    let shown = images_of(source);
    let image_parts = shown.iter().flat_map(|path| {
        [
            path.as_bytes(),
            images
                .get(path.trim_start_matches('/'))
                .map(Vec::as_slice)
                .unwrap_or(b""),
        ]
    });
    crate::output::fingerprint(
        [
            &b"ctin-pdf 1"[..],
            env!("CARGO_PKG_VERSION").as_bytes(),
            TYPST_VERSION.as_bytes(),
            source.as_bytes(),
            day.unwrap_or("").as_bytes(),
        ]
        .into_iter()
        .chain(image_parts),
    )
}

/// The version of Typst that lays out the PDFs (part of their hash).
pub(super) const TYPST_VERSION: &str = "0.15";

/// Stack of the threads that lay out PDFs.
pub(super) const STACK: usize = 256 << 20;

/// What a run of [`Job::run`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// PDFs laid out.
    pub made: usize,
    /// Documents' PDFs cut from their dossier's pages (laid out with it).
    pub cut: usize,
    /// PDFs taken unchanged from the previous output.
    pub kept: usize,
}

impl Report {
    fn add(&mut self, other: Report) {
        self.made += other.made;
        self.cut += other.cut;
        self.kept += other.kept;
    }
}

/// The PDFs of a build: their sources are made at once (cheap), the layout by [`Job::run`].
#[derive(Debug, Clone, Default)]
pub struct Job {
    pdfs: Vec<Arc<Pdf>>,
    images: Arc<BTreeMap<String, Vec<u8>>>,
}

impl Job {
    /// The PDFs of `printables` and `dossiers` with the theme's `template`; `images` are the
    /// site's static files (by path) that the texts may show; links to the site are made
    /// absolute with `base_url` (else shown as text).
    pub fn new(
        printables: &[Printable],
        dossiers: &[crate::products::Dossier],
        template: &str,
        images: Arc<BTreeMap<String, Vec<u8>>>,
        base_url: Option<&str>,
    ) -> Job {
        use rayon::prelude::*;
        let bodies: BTreeMap<&str, String> = printables
            .par_iter()
            .map(|p| (p.path.as_str(), body(p, &images, base_url)))
            .collect();
        let body_of = |p: &Printable| {
            bodies
                .get(p.path.as_str())
                .cloned()
                .unwrap_or_else(|| body(p, &images, base_url))
        };
        let pdf = |path: &str, file: &Path, source: String, day: Option<&str>| Pdf {
            path: path.to_string(),
            file: file.to_path_buf(),
            hash: hash(&source, day, &images),
            day: day.map(String::from),
            source,
            taken: false,
            cut: None,
            parts: Vec::new(),
        };
        let mut alone: BTreeMap<&str, Pdf> = printables
            .par_iter()
            .map(|p| {
                let made = pdf(
                    &p.path,
                    &p.file,
                    source(p, template, &body_of(p)),
                    p.day.as_deref(),
                );
                (p.path.as_str(), made)
            })
            .collect();
        // A dossier's documents are cut from it when its template may mark their pages: each
        // one's hash follows the dossier's too. A template that does not name the marks has its
        // documents laid out alone, each kept while its own inputs are.
        let cut = MARKS.iter().all(|mark| template.contains(mark));
        let bound: Vec<(Pdf, Vec<&Printable>)> = dossiers
            .par_iter()
            .map(|d| {
                let made = pdf(
                    &d.path,
                    &d.file,
                    dossier_source(d, template, &body_of),
                    d.day.as_ref().map(|(_, day)| day.as_str()),
                );
                let documents = if cut {
                    d.documents.iter().collect()
                } else {
                    Vec::new()
                };
                (made, documents)
            })
            .collect();
        let mut pdfs = Vec::with_capacity(alone.len());
        for (mut dossier, documents) in bound {
            for d in documents {
                let Some(mut part) = alone.remove(d.path.as_str()) else {
                    continue;
                };
                part.hash = crate::output::fingerprint([
                    &b"ctin-pdf-decoupe 1"[..],
                    dossier.hash.as_bytes(),
                    part.hash.as_bytes(),
                ]);
                part.cut = Some(Cut {
                    title: d.title.clone(),
                    author: d.territory.clone().unwrap_or_default(),
                    day: d.day.clone(),
                });
                dossier.parts.push(Arc::new(part));
            }
            pdfs.push(Arc::new(dossier));
        }
        pdfs.extend(alone.into_values().map(Arc::new));
        Job {
            pdfs,
            images: images.clone(),
        }
    }

    /// PDFs already put in the output folder from the previous output, each with its path, the
    /// content file it is made from and the hash of its inputs ([`Job::entries`] of the job
    /// that made them): they are counted as kept and listed in the manifest.
    pub fn taken(
        entries: &[(String, PathBuf, String)],
        images: Arc<BTreeMap<String, Vec<u8>>>,
    ) -> Job {
        let pdfs = entries
            .iter()
            .map(|(path, file, hash)| {
                Arc::new(Pdf {
                    path: path.clone(),
                    file: file.clone(),
                    source: String::new(),
                    day: None,
                    hash: hash.clone(),
                    taken: true,
                    cut: None,
                    parts: Vec::new(),
                })
            })
            .collect();
        Job { pdfs, images }
    }

    /// Each PDF's path, the content file it is made from and the hash of its inputs.
    pub fn entries(&self) -> Vec<(String, PathBuf, String)> {
        self.all()
            .map(|p| (p.path.clone(), p.file.clone(), p.hash.clone()))
            .collect()
    }

    /// The PDFs of several jobs, as one job (the jobs are used up).
    pub fn merge_owned(jobs: impl IntoIterator<Item = Job>) -> Job {
        let mut out = Job::default();
        for job in jobs {
            out.pdfs.extend(job.pdfs);
            out.images = job.images;
        }
        out
    }

    /// The PDFs of several jobs, as one job (the jobs are kept).
    pub fn merge<'a>(jobs: impl IntoIterator<Item = &'a Job>) -> Job {
        let mut out = Job::default();
        for job in jobs {
            out.pdfs.extend(job.pdfs.iter().cloned());
            out.images = job.images.clone();
        }
        out
    }

    /// The content file (or territory folder) the PDF at `path` is made from.
    pub fn source_file(&self, path: &str) -> Option<&Path> {
        self.all()
            .find(|p| p.path == path)
            .map(|p| p.file.as_path())
    }

    /// Number of PDFs.
    pub fn len(&self) -> usize {
        self.all().count()
    }

    /// Every PDF, dossiers' documents included.
    fn all(&self) -> impl Iterator<Item = &Pdf> {
        self.pdfs.iter().flat_map(|p| p.all())
    }

    /// True when the site has no printable page.
    pub fn is_empty(&self) -> bool {
        self.pdfs.is_empty()
    }

    /// Each PDF's path and the hash of its inputs.
    pub fn manifest(&self) -> BTreeMap<String, String> {
        self.all()
            .map(|p| (p.path.clone(), p.hash.clone()))
            .collect()
    }

    /// Writes the PDFs into `into`, laying out again (in parallel) only those whose hash is
    /// not the one `previous` keeps for them: the others are linked (or copied) from
    /// `previous`, which may be `into` itself. Writes the manifest last. Errors name the
    /// PDF's path.
    pub fn run(
        &self,
        previous: &Path,
        into: &Path,
        threads: Option<usize>,
    ) -> Result<Report, Vec<(String, String)>> {
        // Both without links in their path, so that a kept PDF is checked to be inside.
        let real = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let (previous, into) = (&Within::new(previous), &real(into));
        let old = read_manifest(previous.dir());
        if self.all().all(|p| p.kept(&old, previous)) {
            // Nothing to lay out: no thread pool to start.
            return self.run_here(previous, into, &old);
        }
        // Typst recurses deeply on long documents (a dossier of a hundred documents overflows
        // the default 2 MiB stack): its own threads, with room (reserved, not used).
        let mut pool = rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .thread_name(|i| format!("ctin-pdf-{i}"));
        if let Some(n) = threads {
            pool = pool.num_threads(n);
        }
        let pool = pool
            .build()
            .map_err(|e| vec![(MANIFEST.to_string(), e.to_string())])?;
        pool.install(|| self.run_here(previous, into, &old))
    }

    /// [`Job::run`] on the current thread pool; `old` is `previous`'s manifest.
    fn run_here(
        &self,
        previous: &Within,
        into: &Path,
        old: &BTreeMap<String, String>,
    ) -> Result<Report, Vec<(String, String)>> {
        use rayon::prelude::*;
        let results: Vec<Result<Report, Vec<(String, String)>>> = self
            .pdfs
            .par_iter()
            .map(|unit| {
                let count = unit.all().count();
                if !unit.all().all(|p| p.kept(old, previous)) {
                    return unit.make(&self.images, into);
                }
                if previous.dir() != into {
                    for p in unit.all().filter(|p| !p.taken) {
                        take(previous, &p.path, into).map_err(|e| vec![(p.path.clone(), e)])?;
                    }
                }
                Ok(Report {
                    kept: count,
                    ..Report::default()
                })
            })
            .collect();
        let mut report = Report::default();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(r) => report.add(r),
                Err(e) => errors.extend(e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let manifest = self.manifest();
        if previous.dir() == into {
            for path in old.keys().filter(|p| !manifest.contains_key(*p)) {
                let _ = std::fs::remove_file(into.join(path));
            }
        }
        write_manifest(into, &manifest).map_err(|e| vec![(MANIFEST.to_string(), e)])?;
        Ok(report)
    }

    /// Makes the PDFs in `cache` (kept from one run to the next) and links them into
    /// `served`, removing from it those that are gone: the preview's way.
    pub fn publish(&self, cache: &Path, served: &Path) -> Result<Report, Vec<(String, String)>> {
        let report = self.run(cache, cache, Some(1))?;
        let old = read_manifest(served);
        let manifest = self.manifest();
        let fail = |path: &str, e: String| vec![(path.to_string(), e)];
        for (path, hash) in &manifest {
            if old.get(path) != Some(hash) || !served.join(path).is_file() {
                link(&cache.join(path), &served.join(path)).map_err(|e| fail(path, e))?;
            }
        }
        for path in old.keys().filter(|p| !manifest.contains_key(*p)) {
            let _ = std::fs::remove_file(served.join(path));
        }
        write_manifest(served, &manifest).map_err(|e| fail(MANIFEST, e))?;
        Ok(report)
    }
}

/// The PDFs of the preview: made in a cache folder kept across rebuilds, then linked into the
/// served folder.
#[derive(Debug)]
pub struct Preview {
    /// The PDFs.
    pub job: Job,
    /// The cache folder.
    pub cache: std::path::PathBuf,
    /// The served folder.
    pub served: std::path::PathBuf,
}

impl Preview {
    /// Makes the PDFs that changed and links them all into the served folder, on one thread of
    /// its own: laying out thousands of PDFs must not hold up the rebuilds, which use rayon's
    /// global pool.
    pub fn run(self) -> Result<Report, String> {
        self.job
            .publish(&self.cache, &self.served)
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|(path, e)| format!("PDF `{path}` impossible à produire : {e}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
    }
}

/// Puts the PDF `path` of the previous output into `into`: hard-linked when it is a regular
/// file with no other name (reached without any link: [`Within::link`]), else copied; never
/// shared with a file outside the output.
fn take(previous: &Within, path: &str, into: &Path) -> Result<(), String> {
    let to = into.join(path);
    let linked = WRITES.write(|| {
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                let e = crate::diagnostic::io_reason(&e);
                format!("création de `{}` impossible : {e}", dir.display())
            })?;
        }
        let _ = std::fs::remove_file(&to);
        Ok(previous.link(path, &to))
    })?;
    if linked {
        return Ok(());
    }
    let bytes = previous
        .read(path)
        .ok_or_else(|| format!("lecture de `{path}` dans la sortie précédente impossible"))?;
    crate::output::replace_file(
        into,
        &OutputFile {
            path: path.to_string(),
            bytes,
        },
    )
}

/// Hard-links `from` to `to` (replacing it), or copies it where links are not possible.
pub(super) fn link(from: &Path, to: &Path) -> Result<(), String> {
    WRITES.write(|| link_now(from, to))
}

fn link_now(from: &Path, to: &Path) -> Result<(), String> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("création de `{}` impossible : {e}", dir.display())
        })?;
    }
    let _ = std::fs::remove_file(to);
    std::fs::hard_link(from, to)
        .or_else(|_| std::fs::copy(from, to).map(|_| ()))
        .map_err(|e| {
            let e = crate::diagnostic::io_reason(&e);
            format!("copie de `{}` impossible : {e}", from.display())
        })
}

pub(super) fn read_manifest(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub(super) fn write_manifest(
    dir: &Path,
    manifest: &BTreeMap<String, String>,
) -> Result<(), String> {
    let mut bytes = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    bytes.push(b'\n');
    crate::output::replace_file(
        dir,
        &OutputFile {
            path: MANIFEST.into(),
            bytes,
        },
    )
}
