/*!
Where the build writes what is not a content page, in one leaf module that every stage may use:
the link index (model) accepts links to them, the renderer links to them and the output writes
them, so that the three never disagree. Paths are relative to the output folder (no leading
`/`), URLs root-absolute.
*/

/// The print page of the page at `url` (a document or a model).
pub fn print_page(url: &str) -> String {
    format!("{url}impression/")
}

/// The PDF of document `doc` of territory `territory`.
pub fn document_pdf(territory: &str, doc: &str) -> String {
    format!("territoires/{territory}/documents/{doc}/{territory}-{doc}.pdf")
}

/// The PDF of model `model`.
pub fn model_pdf(model: &str) -> String {
    format!("modeles/{model}/{model}.pdf")
}

/// The dossier of territory `territory`: all its printable documents in one PDF.
pub fn dossier_pdf(territory: &str) -> String {
    format!("territoires/{territory}/{territory}-dossier.pdf")
}

/// The exports whose rows are also written per territory.
pub const TERRITORY_EXPORTS: [&str; 3] = ["acteurs", "indicateurs", "actions"];

/// The rows of territory `slug` in the export `name`, as `ext` (`csv` or `json`).
pub fn territory_export(slug: &str, name: &str, ext: &str) -> String {
    format!("donnees/territoires/{slug}/{name}.{ext}")
}

/// The search page.
pub const SEARCH: &str = "/recherche/";

/// The folder of the search index (Pagefind's files, `pagefind.js` among them).
pub const SEARCH_INDEX: &str = "pagefind";
