//! The official geography in use: territories created from their code, names with their
//! article in models, actors' INSEE codes in the exports, and the sample's adopted documents
//! written in correct French on their pages and in their PDFs.

mod common;

use std::path::Path;
use std::process::Command;

use common::site::{build, page, text};
use common::{base_site, check, ctin, edit};

const T: &str = "content/territoires/alpha/territoire.yaml";
const A: &str = "content/territoires/alpha/acteurs.yaml";
const MODEL: &str = "content/modeles/charte.md";

#[test]
fn new_territory_from_its_code_passes_check() {
    let site = base_site();
    let root = site.path().to_str().unwrap();
    // An EPCI, its folder named from its short name; a département; the Métropole de Lyon.
    for (args, folder) in [
        (vec!["--code", "241700434"], "la-rochelle"),
        (vec!["--code", "31"], "haute-garonne"),
        (vec!["metropole", "--code", "200046977"], "metropole"),
    ] {
        let mut all = vec!["new", "territoire", "--root", root];
        all.extend(args);
        let run = ctin(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            site.path()
                .join("content/territoires")
                .join(folder)
                .is_dir(),
            "{folder}"
        );
    }
    let card = std::fs::read_to_string(
        site.path()
            .join("content/territoires/la-rochelle/territoire.yaml"),
    )
    .unwrap();
    for expected in [
        "nom: \"Communauté d'agglomération de La Rochelle\"",
        "code: \"241700434\"",
        "nom_officiel: \"la communauté d'agglomération de La Rochelle\"",
        "nom_court: \"La Rochelle\"",
        "echelon: epci",
        "departements: [\"17\"]",
        "# Ses 28 communes",
        "Châtelaillon-Plage",
    ] {
        assert!(card.contains(expected), "{expected:?} absent de :\n{card}");
    }
    let lyon = std::fs::read_to_string(
        site.path()
            .join("content/territoires/metropole/territoire.yaml"),
    )
    .unwrap();
    assert!(
        lyon.contains("echelon: autre") && lyon.contains("nom_court: \"Lyon\""),
        "{lyon}"
    );
    let run = check(site.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("avertissement["), "{}", run.stderr);
    // The pages show what the geography says.
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hg = text(&page(&out, "territoires/haute-garonne/index.html"));
    for expected in [
        "Département de la Haute-Garonne",
        "586 communes",
        "Montesquieu-Volvestre",
        "populations légales 2023",
    ] {
        assert!(
            hg.contains(expected),
            "{expected:?} absent de la page de la Haute-Garonne"
        );
    }
    let list = text(&page(&out, "territoires/index.html"));
    assert!(list.contains("28 communes"), "{list}");
}

#[test]
fn new_territory_with_a_wrong_code_or_nothing_is_refused() {
    let site = base_site();
    let root = site.path().to_str().unwrap();
    let run = ctin(&["new", "territoire", "--root", root, "--code", "241700435"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("erreur[code-territoire-inconnu]"),
        "{}",
        run.stderr
    );
    let run = ctin(&["new", "territoire", "--root", root]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("erreur[commande-invalide]"),
        "{}",
        run.stderr
    );
    assert!(!site.path().join("content/territoires/la-rochelle").exists());
}

/// A model's filters give each article its contraction, on the page and in the PDF.
#[test]
fn models_contract_prepositions_with_every_article() {
    let site = base_site();
    edit(
        site.path(),
        MODEL,
        "Charte entre les acteurs de {{ territoire.nom }}.",
        "Charte réunie par {{ territoire.nom_officiel }}, pour chaque habitant {{ territoire.nom_court | de }}, \
         applicable {{ territoire.nom_court | a }} ; {{ territoire.nom_court | majuscule }}.",
    );
    let cases = [
        (
            "code: \"243100633\"\nechelon: epci\n",
            "par la communauté d'agglomération du Sicoval, pour chaque habitant du Sicoval, applicable au Sicoval",
        ),
        (
            "code: \"13\"\nnom_court: les Bouches-du-Rhône\nechelon: departement\n",
            "par le département des Bouches-du-Rhône, pour chaque habitant des Bouches-du-Rhône, applicable aux Bouches-du-Rhône",
        ),
        (
            "code: \"01\"\nechelon: departement\n",
            "par le département de l'Ain, pour chaque habitant de l'Ain, applicable à l'Ain",
        ),
        (
            "code: \"31\"\nechelon: departement\n",
            "par le département de la Haute-Garonne, pour chaque habitant de la Haute-Garonne, applicable à la Haute-Garonne",
        ),
        (
            "code: \"200093201\"\nechelon: epci\n",
            "par la Métropole Européenne de Lille, pour chaque habitant de Lille, applicable à Lille",
        ),
        (
            "nom_officiel: l'agglomération d'Orléans\nnom_court: Orléans\nechelon: epci\n",
            "par l'agglomération d'Orléans, pour chaque habitant d'Orléans, applicable à Orléans",
        ),
        (
            "nom_court: Le Havre\nechelon: epci\n",
            "pour chaque habitant du Havre, applicable au Havre",
        ),
    ];
    for (keys, expected) in cases {
        let case = base_site();
        common::copy_dir(
            &site.path().join("content/modeles"),
            &case.path().join("content/modeles"),
        );
        // The card's names, échelon and départements replaced by the case's.
        edit(
            case.path(),
            T,
            "nom_court: Alpha\nechelon: epci\ndepartements: [\"17\"]\n",
            keys,
        );
        let out = case.path().join("sortie");
        let run = build(case.path(), &out, &[]);
        assert_eq!(run.code, 0, "{keys}: {}", run.stderr);
        let html =
            text(&page(&out, "territoires/alpha/documents/charte/index.html")).replace('’', "'");
        assert!(
            html.contains(expected),
            "{keys}: {expected:?} absent de :\n{html}"
        );
        let pdf = pdf_text(&out.join("territoires/alpha/documents/charte/alpha-charte.pdf"));
        assert!(
            pdf.contains(expected),
            "{keys}: {expected:?} absent du PDF :\n{pdf}"
        );
    }
}

#[test]
fn the_exports_derive_the_insee_code_from_the_commune() {
    let site = base_site();
    edit(site.path(), A, "  code_insee: \"17300\"\n", "");
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let national =
        std::fs::read_to_string(out.join("donnees/lieux-mediation-numerique.csv")).unwrap();
    let header: Vec<&str> = national.lines().next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "code_insee")
        .expect("colonne code_insee");
    let row = national.lines().nth(1).expect("une ligne");
    assert_eq!(row.split(',').nth(column), Some("17300"), "{national}");
    let actors = std::fs::read_to_string(out.join("donnees/acteurs.json")).unwrap();
    assert!(
        actors.contains("\"code_insee\":\"17300\"") || actors.contains("\"code_insee\": \"17300\""),
        "{actors}"
    );
}

/// Text of a PDF, spaces made plain and lines joined.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) est nécessaire : scripts/test l'installe");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8_lossy(&out.stdout)
        .replace(['\u{a0}', '\u{202f}', '\n'], " ")
        .replace('\u{2060}', "")
        .replace('’', "'")
        .replace("- ", "-");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What an adopted document must never read like.
const WRONG: [&str; 8] = [
    "par Communauté",
    "que Intercommunalité",
    "de Le ",
    "à Le ",
    "de Les ",
    "à Les ",
    "que Communauté",
    "par Département",
];

#[test]
fn the_sample_documents_read_as_french_on_pages_and_in_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sortie");
    let run = build(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (mut pages, mut pdfs) = (0, 0);
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        let body = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                text(&scraper::Html::parse_document(
                    &std::fs::read_to_string(&path).unwrap(),
                ))
            }
            Some("pdf") => {
                pdfs += 1;
                pdf_text(&path)
            }
            _ => continue,
        };
        for wrong in WRONG {
            assert!(!body.contains(wrong), "{wrong:?} dans {}", path.display());
        }
    }
    assert!(pages > 50 && pdfs >= 5, "{pages} pages, {pdfs} PDF");
    let charter = text(&page(
        &out,
        "territoires/exemple/documents/charte-coordination/index.html",
    ))
    .replace('’', "'");
    for expected in [
        "réunis par la communauté de communes d'Exemple",
        "chaque habitant d'Exemple",
    ] {
        assert!(charter.contains(expected), "{expected:?} : {charter}");
    }
    let pdf =
        pdf_text(&out.join(
            "territoires/exemple/documents/charte-coordination/exemple-charte-coordination.pdf",
        ));
    assert!(
        pdf.contains("réunis par la communauté de communes d'Exemple"),
        "{pdf}"
    );
}

/// An indicator compared per inhabitants shows, beside the raw values, the value per that many
/// inhabitants of the territories whose population is known, with the population's year.
#[test]
fn comparisons_per_inhabitants() {
    let site = base_site();
    edit(
        site.path(),
        "content/referentiel/indicateurs.yaml",
        "  famille: gouvernance\n",
        "  famille: gouvernance\n  par_habitants: 10000\n",
    );
    edit(
        site.path(),
        T,
        "echelon: epci\n",
        "code: \"241700434\"\nechelon: epci\n",
    );
    // Beta, without code, has a value too: its population is unknown.
    std::fs::write(
        site.path()
            .join("content/territoires/beta/indicateurs.yaml"),
        "- indicateur: IND-01\n  periode: 2023\n  valeur: 7\n",
    )
    .unwrap();
    let out = site.path().join("sortie");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&out, "indicateurs/ind-01/index.html");
    let rows: Vec<Vec<String>> = common::site::select(&html, "table tbody tr")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| {
                    c.text()
                        .collect::<String>()
                        .replace(['\u{202f}', '\u{a0}'], " ")
                })
                .collect()
        })
        .collect();
    // 42 actors for 181 057 inhabitants: 2,32 per 10 000.
    let population = crate_population("241700434");
    let expected = 42.0 * 10_000.0 / population as f64;
    let alpha = rows
        .iter()
        .find(|r| r[0] == "Alpha")
        .expect("ligne d'Alpha");
    assert_eq!(alpha[1], "42 acteurs");
    assert_eq!(alpha[2].replace(' ', ""), population.to_string());
    assert_eq!(alpha[3], format!("{:.2}", expected).replace('.', ","));
    let beta = rows
        .iter()
        .find(|r| r[0] != "Alpha")
        .expect("ligne de Beta");
    assert_eq!((beta[2].as_str(), beta[3].as_str()), ("—", "—"));
    let all = text(&html);
    assert!(
        all.contains("pour 10 000 habitants") && all.contains("population municipale 2023"),
        "{all}"
    );
    assert_eq!(common::site::select(&html, "figure svg").len(), 2);
    // Without `par_habitants`, the table keeps its three columns.
    let other = page(&out, "indicateurs/ind-02/index.html");
    assert_eq!(common::site::select(&other, "table thead th").len(), 3);
}

/// The population the geography gives an EPCI (read from the vendored table, as ctin does).
fn crate_population(siren: &str) -> u64 {
    let table = include_str!("../src/geo/data/geographie.tsv");
    table
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0] == "E" && f[1] == siren).then(|| f[3].parse().unwrap())
        })
        .unwrap()
}
