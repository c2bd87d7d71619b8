/*!
What the stages hand each other, in one leaf module that uses no stage: a file to write, what the
sitemap and the feed need of a page, and a printable document as its PDF shows it. The renderer
makes them, the output writes them; neither imports the other for them.
*/

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A rendered file: its path in the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// What the sitemap and the feed need of a page, kept once its HTML is written (with what the
/// preview needs to render it again alone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// Root-absolute URL.
    pub url: String,
    /// Title.
    pub titre: String,
    /// Summary.
    pub description: String,
    /// Date of the last change, when known.
    pub updated: Option<String>,
    /// The kind of page (the template of its kind).
    pub kind: &'static str,
    /// The content file it is made from, when it is made from one.
    pub source: Option<PathBuf>,
}

/// One printable page as its PDF shows it.
#[derive(Debug, Clone)]
pub struct Printable {
    /// Path of the PDF in the output folder.
    pub path: String,
    /// The content file it is made from (named when its PDF cannot be made).
    pub file: PathBuf,
    /// Title.
    pub title: String,
    /// The territory's name (documents).
    pub territory: Option<String>,
    /// « Modèle partagé » for models.
    pub nature: Option<String>,
    /// Kind, as shown.
    pub kind: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Adoption date, as shown.
    pub adopted: Option<String>,
    /// The model it adopts.
    pub model: Option<String>,
    /// Signatories, resolved to names.
    pub signatories: Vec<String>,
    /// Sources of the territory's facts.
    pub sources: Vec<String>,
    /// The text, in Markdown, after model adoption.
    pub markdown: String,
    /// Where its links lead, by destination as written: a site path (`/…`) or an external URL.
    pub links: BTreeMap<String, String>,
    /// The document's day (`AAAA-MM-JJ`): the PDF's date, for deterministic output.
    pub day: Option<String>,
}

/// A territory's printable documents bound in one PDF.
#[derive(Debug, Clone)]
pub struct Dossier {
    /// Path of the PDF in the output folder.
    pub path: String,
    /// The territory's folder (named when its PDF cannot be made).
    pub file: PathBuf,
    /// The territory's name.
    pub territory: String,
    /// Its printable documents, in the order of its documents page.
    pub documents: Vec<Printable>,
    /// Sources of the territory's facts.
    pub sources: Vec<String>,
    /// The latest day of its documents, as shown and as `AAAA-MM-JJ`.
    pub day: Option<(String, String)>,
}
