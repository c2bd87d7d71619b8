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

/// The search index is made of parts, each a Pagefind index of its own that the search page
/// merges: the pages outside the territories in the first, those of the territories spread
/// over the others by their folder's name, so that a change in one territory makes only its
/// part again. At most this many territory parts (each one the search page loads)…
const SEARCH_PARTS_MAX: usize = 4;
/// …and one for each this many territories.
const TERRITORIES_PER_SEARCH_PART: usize = 16;

/// The number of territory parts of the search index of a site whose `territories` have pages.
pub fn search_parts(territories: usize) -> usize {
    territories
        .div_ceil(TERRITORIES_PER_SEARCH_PART)
        .clamp(1, SEARCH_PARTS_MAX)
}

/// The folder, in that of the search index, of the parts after the first.
pub const SEARCH_PARTS: &str = "parties";

/// The part of the search index (among `parts` territory parts) that holds the pages of the
/// territory `slug`: from 1 to `parts`.
pub fn territory_search_part(slug: &str, parts: usize) -> usize {
    let print = crate::fingerprint::fingerprint([slug.as_bytes()]);
    let n = u64::from_str_radix(&print[..12], 16).unwrap_or(0);
    1 + (n % parts.max(1) as u64) as usize
}

/// The part of the search index that holds the page at `path` (in the output): 0 outside the
/// territories.
pub fn search_part(path: &str, parts: usize) -> usize {
    path.strip_prefix("territoires/")
        .and_then(|rest| rest.split_once('/'))
        .map_or(0, |(slug, _)| territory_search_part(slug, parts))
}

/// The folder of a part of the search index in the output: the first at [`SEARCH_INDEX`]
/// (with `pagefind.js`), the others below it.
pub fn search_part_dir(part: usize) -> String {
    match part {
        0 => SEARCH_INDEX.to_string(),
        n => format!("{SEARCH_INDEX}/{SEARCH_PARTS}/{n}"),
    }
}

/// The part of the search index that a file of its folder (path in the output) belongs to: the
/// inverse of [`search_part_dir`].
pub fn search_part_of_file(path: &str) -> usize {
    path.strip_prefix(SEARCH_INDEX)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_prefix(SEARCH_PARTS))
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.split_once('/'))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_the_search_index_belongs_to_the_part_of_its_folder() {
        for part in [0, 1, 4, 12] {
            let file = format!("{}/fragment/fr_1.pf_fragment", search_part_dir(part));
            assert_eq!(search_part_of_file(&file), part, "{file}");
        }
        assert_eq!(search_part_of_file("pagefind/pagefind-entry.json"), 0);
    }

    #[test]
    fn the_search_index_is_split_by_territory_and_stays_so() {
        assert_eq!(search_parts(0), 1);
        assert_eq!(search_parts(16), 1);
        assert_eq!(search_parts(17), 2);
        assert_eq!(search_parts(1360), SEARCH_PARTS_MAX);
        assert_eq!(search_part("index.html", 8), 0);
        assert_eq!(search_part("territoires/index.html", 8), 0);
        let part = search_part("territoires/lille/index.html", 8);
        assert!((1..=8).contains(&part));
        assert_eq!(
            search_part("territoires/lille/documents/a/index.html", 8),
            part
        );
        assert_eq!(territory_search_part("lille", 8), part);
        // A hundred territories are spread over every part.
        let used: std::collections::BTreeSet<usize> = (0..100)
            .map(|i| territory_search_part(&format!("t{i:03}"), 7))
            .collect();
        assert_eq!(used.len(), 7);
        assert_eq!(search_part_dir(0), "pagefind");
        assert_eq!(search_part_dir(3), "pagefind/parties/3");
    }
}
