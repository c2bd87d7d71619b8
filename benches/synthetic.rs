//! A synthetic site for benchmarks: `territories` territories of about 100 pages each
//! (identity card, presentation, 20 actors, measures, a roadmap and 95 documents, half of
//! them adopting a shared model), so that 100 territories make a site of about 10 000 pages.
//! Each territory is a real EPCI of the official geography (its `code`), and its actors lie in
//! its member communes, with their postal and INSEE codes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Documents per territory.
pub const DOCUMENTS: usize = 95;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Writes the synthetic site under `root` (its `content/` folder is replaced).
pub fn generate(root: &Path, territories: usize) {
    let c = root.join("content");
    let _ = fs::remove_dir_all(&c);
    write(
        &c.join("site.yaml"),
        "titre: Site synthétique\ndescription: Un grand site pour mesurer ctin.\nurl_de_base: https://exemple.fr/ctin/\n",
    );
    write(
        &c.join("index.md"),
        "---\ntitre: Accueil\n---\n\nUn site de mesure. Voir [les acteurs](/acteurs/).\n",
    );
    write(
        &c.join("pages/methode.md"),
        "---\ntitre: Méthode\n---\n\n## Étapes\n\nDiagnostic, feuille de route, charte.\n",
    );
    let mut r = String::new();
    for i in 1..=8 {
        let _ = writeln!(
            r,
            "- code: IND-{i:02}\n  nom: Indicateur {i}\n  definition: Ce que mesure l'indicateur {i}.\n  unite: personnes\n  sens: hausse"
        );
    }
    write(&c.join("referentiel/indicateurs.yaml"), &r);
    write(
        &c.join("modeles/charte.md"),
        "---\ntitre: Charte type\ntype: charte\n---\n\nCharte {{ territoire.nom_officiel | de }}, pour chaque habitant {{ territoire.nom_court | de }}.\n\n## Objet\n\nLa coordination sur {{ variables.perimetre }}.\n\n## Engagements\n\n1. Se faire connaître.\n2. Orienter.\n3. Partager.\n\n## Gouvernance\n\nUn comité par an.\n\n## Durée\n\nTrois ans.\n",
    );
    let g = ctin::geo::geography();
    let epcis: Vec<_> = g
        .epcis
        .iter()
        .filter(|e| e.kind != ctin::geo::EpciKind::MetropoleLyon)
        .collect();
    for k in 0..territories {
        let t = c.join(format!("territoires/t{k:03}"));
        // EPCI spread over the whole list (every 7th, wrapping around).
        let epci = epcis[(k * 7) % epcis.len()];
        let members = g.members(epci.siren);
        let deps: Vec<String> = g
            .epci_departements(epci.siren)
            .iter()
            .map(|d| format!("\"{d}\""))
            .collect();
        write(
            &t.join("territoire.yaml"),
            &format!(
                "nom: Communauté de communes numéro {k}\ncode: \"{}\"\nnom_court: Territoire {k}\nechelon: epci\ndepartements: [{}]\nengage_le: 2021-02-16\nconseillers_numeriques: {}\nbudget:\n  - montant: {}\n    periode: deux ans\n    financeur: État\n    objet: conseillers numériques\ncalendrier:\n  - date: 2021-02\n    evenement: début\nsources:\n  - titre: Source {k}\n",
                epci.siren,
                deps.join(", "),
                k % 12 + 1,
                50000 * (k % 9 + 1)
            ),
        );
        write(
            &t.join("index.md"),
            &format!(
                "---\ntitre: Territoire {k}\nresume: Présentation du territoire {k}.\n---\n\n## Présentation\n\nLe territoire {k} coordonne ses acteurs. Voir la [feuille de route](feuille-de-route.md#axe-1) et la [charte](documents/doc-000.md#objet).\n\n## Diagnostic\n\n| Constat | Priorité |\n|---|---|\n| Offre inégale | haute |\n| Matériel | moyenne |\n"
            ),
        );
        let mut a = String::new();
        for j in 0..20 {
            let commune = members[j % members.len()];
            let postal = commune
                .postal_codes()
                .first()
                .map(|p| format!("  code_postal: \"{p}\"\n"))
                .unwrap_or_default();
            let _ = writeln!(
                a,
                "- id: acteur-{j}\n  nom: Acteur {j} du territoire {k}\n  categorie: {}\n  roles: [accompagnement, formation]\n  adresse: {j} rue de la République\n{postal}  commune: \"{}\"\n  code_insee: \"{}\"\n  latitude: {:.4}\n  longitude: {:.4}\n  horaires: Mo-Fr 09:00-12:00\n  services: [Aide aux démarches administratives]",
                [
                    "association",
                    "collectivite",
                    "centre-social",
                    "bibliotheque",
                    "france-services"
                ][j % 5],
                commune.nom.replace('"', "\\\""),
                commune.code,
                43.0 + (k as f64) * 0.05 + j as f64 * 0.001,
                -1.0 + (k as f64) * 0.06 + j as f64 * 0.001
            );
        }
        write(&t.join("acteurs.yaml"), &a);
        let mut m = String::new();
        for i in 1..=4 {
            for y in 2021..=2023 {
                let _ = writeln!(
                    m,
                    "- indicateur: IND-{i:02}\n  periode: {y}\n  valeur: {}",
                    (k + i) * (y - 2020)
                );
            }
        }
        write(&t.join("indicateurs.yaml"), &m);
        let mut f = String::from("---\ntitre: Feuille de route\nadopte_le: 2023-05\naxes:\n");
        for x in 1..=3 {
            let _ = writeln!(f, "  - id: axe-{x}\n    titre: Axe {x}\n    actions:");
            for y in 1..=4 {
                let _ = writeln!(
                    f,
                    "      - id: action-{x}-{y}\n        titre: Action {x}.{y}\n        statut: {}\n        porteurs: [acteur-{y}]\n        partenaires: [acteur-{x}]\n        echeance: 2024-0{y}\n        budget: {}\n        indicateurs: [IND-0{y}]",
                    ["a-lancer", "en-cours", "realisee", "realisee"][y - 1],
                    1000 * x * y
                );
            }
        }
        f.push_str("---\n\nLa démarche du territoire.\n");
        write(&t.join("feuille-de-route.md"), &f);
        for d in 0..DOCUMENTS {
            let text = if d % 2 == 0 {
                format!(
                    "---\ntitre: Charte {d} du territoire {k}\nstatut: adopte\nadopte_le: 2023-06-01\nsignataires: [acteur-1, acteur-2, Préfecture]\nmodele: charte\nvariables:\n  perimetre: le territoire {k}\n---\n\n## Gouvernance\n\nLe comité du territoire {k} se réunit chaque trimestre.\n"
                )
            } else {
                format!(
                    "---\ntitre: Compte rendu {d} du territoire {k}\ntype: compte-rendu\ndate: 2023-{:02}-10\n---\n\n## Présents\n\nLes acteurs [1](../acteurs.yaml#acteur-1) et [2](../acteurs.yaml#acteur-2).\n\n## Décisions\n\n- Poursuivre les ateliers ;\n- Préparer le bilan.\n\n## Suite\n\nProchaine réunion en automne.\n",
                    d % 12 + 1
                )
            };
            write(&t.join(format!("documents/doc-{d:03}.md")), &text);
        }
    }
}
