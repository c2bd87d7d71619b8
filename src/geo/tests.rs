use super::*;

fn dep(code: &str) -> String {
    let g = geography();
    let d = g.departement(code).unwrap();
    d.liaison.with_article(d.nom)
}

#[test]
fn the_table_is_complete() {
    let g = geography();
    assert_eq!(g.millesime, "2026");
    assert_eq!(g.population_year, "2023");
    assert!(g.communes.iter().filter(|c| c.parent.is_none()).count() > 34_000);
    assert!(g.epcis.len() > 1_200);
    assert!(g.departements.len() >= 101);
    assert_eq!(g.regions.iter().filter(|r| r.code.len() == 2).count(), 18);
    let lr = g.commune("17300").unwrap();
    assert_eq!(lr.nom, "La Rochelle");
    assert_eq!(lr.postal_codes(), ["17000"]);
    assert_eq!(lr.epci, Some("241700434"));
}

/// Every type de nom (`typeLiaison` 0–8) of the départements and communes, with `de` and `à`.
#[test]
fn every_liaison_gives_its_forms() {
    // 0: no article, consonant.
    assert_eq!(dep("75"), "Paris");
    assert_eq!(
        (de(&dep("75")), a(&dep("75"))),
        ("de Paris".into(), "à Paris".into())
    );
    // 0 with the article in the name (La Réunion).
    assert_eq!(de(&dep("974")), "de La Réunion");
    // 1: no article, vowel or mute h.
    let g = geography();
    let ambérieu = g.communes_named("Ambérieu-en-Bugey")[0];
    assert_eq!(ambérieu.liaison, Liaison::Vowel);
    assert_eq!(de(ambérieu.nom), "d'Ambérieu-en-Bugey");
    assert_eq!(que(ambérieu.nom), "qu'Ambérieu-en-Bugey");
    assert_eq!(a(ambérieu.nom), "à Ambérieu-en-Bugey");
    // 2: le.
    assert_eq!(dep("69"), "le Rhône");
    assert_eq!(de(&dep("69")), "du Rhône");
    assert_eq!(a(&dep("69")), "au Rhône");
    assert_eq!(de("Le Havre"), "du Havre");
    assert_eq!(a("Le Havre"), "au Havre");
    // 3: la.
    assert_eq!(dep("31"), "la Haute-Garonne");
    assert_eq!(de(&dep("31")), "de la Haute-Garonne");
    assert_eq!(a(&dep("31")), "à la Haute-Garonne");
    assert_eq!(de("La Rochelle"), "de La Rochelle");
    // 4: les.
    assert_eq!(dep("13"), "les Bouches-du-Rhône");
    assert_eq!(de(&dep("13")), "des Bouches-du-Rhône");
    assert_eq!(a(&dep("13")), "aux Bouches-du-Rhône");
    assert_eq!(a("Les Sables-d'Olonne"), "aux Sables-d'Olonne");
    // 5: l'.
    assert_eq!(dep("01"), "l'Ain");
    assert_eq!(de(&dep("01")), "de l'Ain");
    assert_eq!(a(&dep("01")), "à l'Ain");
    assert_eq!(dep("34"), "l'Hérault");
    // 6, 7, 8: aux, las, los (communes of the table).
    for (liaison, article) in [(Liaison::Aux, "aux"), (Liaison::Los, "los")] {
        let c = g.communes.iter().find(|c| c.liaison == liaison).unwrap();
        assert!(c.nom.to_lowercase().starts_with(article), "{}", c.nom);
    }
    assert_eq!(de("Aux Marais"), "des Marais");
    assert_eq!(a("Aux Marais"), "aux Marais");
    assert_eq!(de("Los Masos"), "de Los Masos");
    assert_eq!(de("las Planes"), "de las Planes");
    assert_eq!(Liaison::parse("7").with_article("Illas"), "las Illas");
    // Every liaison of the table reads back as the article it names.
    for d in &g.departements {
        let with = d.liaison.with_article(d.nom);
        let expected = match d.liaison {
            Liaison::Le => Article::Le,
            Liaison::La => Article::La,
            Liaison::Les => Article::Les,
            Liaison::L => Article::L,
            _ => split_article(d.nom).0,
        };
        assert_eq!(split_article(&with).0, expected, "{with}");
    }
}

#[test]
fn mute_h_and_y() {
    assert_eq!(de("Hyères"), "d'Hyères");
    assert_eq!(de("Hendaye"), "d'Hendaye");
    assert_eq!(de("Hannapes"), "de Hannapes");
    assert_eq!(de("Yvetot"), "d'Yvetot");
    assert_eq!(de("Yaoundé"), "de Yaoundé");
    assert_eq!(de("Orléans Métropole"), "d'Orléans Métropole");
    assert_eq!(de("l’Ain"), "de l’Ain");
    assert_eq!(sans_article("le Sicoval"), "Sicoval");
    assert_eq!(upper_first("le Sicoval"), "Le Sicoval");
    assert_eq!(de("Lens"), "de Lens");
    assert_eq!(de("Lesquin"), "de Lesquin");
}

/// Every kind of EPCI gives its heading, official name and short name.
#[test]
fn every_epci_kind_gives_its_names() {
    let g = geography();
    let facts = |code: &str| g.facts(g.official(code).unwrap());
    let lr = facts("241700434");
    assert_eq!(lr.titre, "Communauté d'agglomération de La Rochelle");
    assert_eq!(lr.officiel, "la communauté d'agglomération de La Rochelle");
    assert_eq!(lr.court, "La Rochelle");
    assert_eq!(lr.kind, "Communauté d'agglomération");
    assert_eq!(lr.communes.len(), 28);
    assert_eq!(lr.departements, ["17"]);
    assert_eq!(
        de(&lr.officiel),
        "de la communauté d'agglomération de La Rochelle"
    );
    let sicoval = facts("243100633");
    assert_eq!(sicoval.court, "le Sicoval");
    assert_eq!(de(&sicoval.court), "du Sicoval");
    assert_eq!(a(&sicoval.court), "au Sicoval");
    // CC
    let cc = g
        .epcis
        .iter()
        .find(|e| e.nom == "CC de l'Est Lyonnais (CCEL)")
        .unwrap();
    let cc = g.facts(Official::Epci(cc));
    assert_eq!(
        cc.officiel,
        "la communauté de communes de l'Est Lyonnais (CCEL)"
    );
    assert_eq!(cc.court, "l'Est Lyonnais (CCEL)");
    assert_eq!(cc.kind, "Communauté de communes");
    let monts = g
        .epcis
        .iter()
        .find(|e| e.nom == "CC des Monts du Lyonnais")
        .unwrap();
    assert_eq!(
        g.facts(Official::Epci(monts)).court,
        "les Monts du Lyonnais"
    );
    // CU
    let arras = g.epcis.iter().find(|e| e.nom == "CU d'Arras").unwrap();
    let arras = g.facts(Official::Epci(arras));
    assert_eq!(arras.officiel, "la communauté urbaine d'Arras");
    assert_eq!(
        (arras.court.as_str(), arras.kind),
        ("Arras", "Communauté urbaine")
    );
    // METRO, named by its kind or by its city.
    let lille = facts("200093201");
    assert_eq!(lille.officiel, "la Métropole Européenne de Lille");
    assert_eq!(lille.court, "Lille");
    let strasbourg = facts("246700488");
    assert_eq!(strasbourg.officiel, "l'Eurométropole de Strasbourg");
    assert_eq!(de(&strasbourg.officiel), "de l'Eurométropole de Strasbourg");
    let toulouse = g
        .epcis
        .iter()
        .find(|e| e.nom == "Toulouse Métropole")
        .unwrap();
    let toulouse = g.facts(Official::Epci(toulouse));
    assert_eq!(
        (toulouse.officiel.as_str(), toulouse.kind),
        ("Toulouse Métropole", "Métropole")
    );
    let paris = g
        .epcis
        .iter()
        .find(|e| e.nom == "Métropole du Grand Paris")
        .unwrap();
    assert_eq!(g.facts(Official::Epci(paris)).court, "le Grand Paris");
    // MET69
    let lyon = facts("200046977");
    assert_eq!(lyon.officiel, "la Métropole de Lyon");
    assert_eq!(lyon.court, "Lyon");
    assert!(lyon.kind.starts_with("Métropole"));
    // Every EPCI of the table has names that read back.
    for e in &g.epcis {
        let f = g.facts(Official::Epci(e));
        assert!(!f.court.is_empty() && !f.officiel.is_empty(), "{}", e.nom);
        assert!(
            !f.officiel.starts_with("CA ") && !f.officiel.starts_with("CC "),
            "{}",
            e.nom
        );
        assert!(!f.communes.is_empty(), "{}", e.nom);
    }
}

#[test]
fn departements_as_collectivites() {
    let g = geography();
    let rhone = g.facts(g.official("69").unwrap());
    assert_eq!(rhone.officiel, "le département du Rhône");
    assert_eq!(rhone.titre, "Département du Rhône");
    assert_eq!(rhone.court, "le Rhône");
    // The Métropole de Lyon's communes are not the département's.
    assert!(!rhone.communes.iter().any(|(code, _)| *code == "69123"));
    let metro = g.members("200046977").len();
    let all = g
        .communes
        .iter()
        .filter(|c| c.parent.is_none() && c.departement == "69")
        .count();
    assert_eq!(rhone.communes.len(), all - metro);
    let hg = g.facts(g.official("31").unwrap());
    assert_eq!(hg.officiel, "le département de la Haute-Garonne");
    assert!(hg.population.unwrap() > 1_000_000);
    assert_eq!(g.facts(g.official("2A").unwrap()).court, "la Corse-du-Sud");
    assert!(g.official("20").is_none());
    assert!(g.official("999999999").is_none());
}

#[test]
fn folding() {
    for (name, folded) in [
        ("Saint-Étienne", "saint-etienne"),
        ("St Étienne", "saint-etienne"),
        ("SAINT ETIENNE", "saint-etienne"),
        ("Ste-Foy-lès-Lyon", "sainte-foy-les-lyon"),
        ("L'Haÿ-les-Roses", "l-hay-les-roses"),
        ("  Œuvre -- ST  ", "oeuvre-saint"),
        ("Stella", "stella"),
        ("", ""),
    ] {
        assert_eq!(fold(name), folded, "{name}");
        assert_eq!(fold(name), {
            crate::text::slugify(name)
                .split('-')
                .map(|w| match w {
                    "st" => "saint",
                    "ste" => "sainte",
                    w => w,
                })
                .collect::<Vec<_>>()
                .join("-")
        });
    }
}

#[test]
fn communes_by_name() {
    let g = geography();
    assert_eq!(g.communes_named("la rochelle").len(), 2);
    assert_eq!(g.communes_named("ST ETIENNE")[0].code, "42218");
    // A former commune's name leads to the commune it joined.
    assert!(!g.communes_named("Annecy-le-Vieux").is_empty());
    assert_eq!(g.communes_named("Annecy-le-Vieux")[0].code, "74010");
    // A municipal arrondissement.
    let lyon3 = g.communes_named("Lyon 3e Arrondissement");
    assert_eq!(lyon3[0].parent, Some("69123"));
    let suggestions = g.suggest_communes("La Rochele", 3);
    assert!(suggestions.iter().any(|c| c.nom == "La Rochelle"));
}

#[test]
fn guessed_articles() {
    assert_eq!(
        guess_with_article("Intercommunalité de Lyon"),
        "l'Intercommunalité de Lyon"
    );
    assert_eq!(
        guess_with_article("Département du Rhône"),
        "le Département du Rhône"
    );
    assert_eq!(
        guess_with_article("Communauté d'agglomération de La Rochelle"),
        "la Communauté d'agglomération de La Rochelle"
    );
    assert_eq!(guess_with_article("Sicoval"), "Sicoval");
    assert_eq!(
        guess_with_article("la Métropole de Lyon"),
        "la Métropole de Lyon"
    );
}

/// A megabyte-long name is not compared with every commune (that would take minutes).
#[test]
fn huge_names_are_not_compared() {
    let g = geography();
    let huge = "la rochelle ".repeat(100_000);
    assert!(g.suggest_communes(&huge, 3).is_empty());
    assert!(g.communes_named(&huge).is_empty());
    assert!(de(&huge).starts_with("de la rochelle la rochelle"));
}

proptest::proptest! {
    /// Any text an editor writes goes through the filters and the folding without a panic;
    /// folding twice changes nothing; `de` and `à` keep the name after its article.
    #[test]
    fn names_never_panic(s in "\\PC{0,40}", article in proptest::sample::select(vec!["", "le ", "La ", "l'", "L’", "les ", "Aux "])) {
        let name = format!("{article}{s}");
        let folded = fold(&name);
        proptest::prop_assert_eq!(fold(&folded), folded.clone());
        let rest = split_article(name.trim()).1.to_string();
        for out in [de(&name), a(&name), que(&name)] {
            proptest::prop_assert!(out.ends_with(&rest), "{out:?} / {rest:?}");
        }
        let _ = (sans_article(&name), upper_first(&name), label(&name), guess_with_article(&name));
    }
}
