//! A national file of lieux de médiation numérique made from the official geography: places
//! spread over every département, some of them in one territory, with rows broken in every way
//! the import must refuse and values it must leave out. Used by `tests/import.rs` and
//! `benches/import.rs`.

use ctin::geo::{Commune, geography};

/// The schema's columns, in its order.
pub const COLUMNS: [&str; 32] = [
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
];

/// A generated file and what an import into the territory must find in it.
#[derive(Debug, Default)]
pub struct National {
    /// The rows (first: the header), as values by column.
    pub rows: Vec<Vec<String>>,
    /// Rows of places (header left out).
    pub read: usize,
    /// Rows outside the territory.
    pub outside: usize,
    /// Valid places of the territory: their ids.
    pub inside: Vec<String>,
    /// Rejected rows: (row number counted from the header's 1, column).
    pub rejected: Vec<(usize, &'static str)>,
    /// Values left out: (row, column).
    pub discarded: Vec<(usize, &'static str)>,
}

fn first_postal(c: &Commune) -> Option<&'static str> {
    c.postaux.split(',').map(str::trim).find(|p| !p.is_empty())
}

/// A place at commune `c`, numbered `n`, with every column filled.
pub fn place(n: usize, c: &Commune) -> Vec<String> {
    let postal = first_postal(c).unwrap_or("00000");
    let services = [
        "Aide aux démarches administratives",
        "Maîtrise des outils numériques du quotidien",
        "Accès internet et matériel informatique",
    ];
    let values = [
        format!("lieu-{n}"),
        format!("{:014}", 10_000_000_000_000u64 + n as u64),
        format!("Espace numérique n° {n}"),
        c.nom.to_string(),
        postal.to_string(),
        c.code.to_string(),
        format!("{} rue de la République", n % 200 + 1),
        if n % 3 == 0 {
            "Bâtiment B".to_string()
        } else {
            String::new()
        },
        format!("{:.5}", 43.0 + (n % 700) as f64 / 100.0),
        format!("{:.5}", -1.0 + (n % 800) as f64 / 100.0),
        ["ASSO", "CCAS", "BIB", "TIERS_LIEUX|ASSO", "CS"][n % 5].to_string(),
        format!("+33546{:06}", n % 1_000_000),
        format!("contact{n}@exemple.fr"),
        format!("https://lieu-{n}.exemple.fr/"),
        "Mo-Fr 09:00-12:00,14:00-17:00".to_string(),
        "Accompagnement aux usages du numérique.".to_string(),
        String::new(),
        "Synthèse nationale".to_string(),
        "Fixe".to_string(),
        String::new(),
        format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1),
        format!("{}|{}", services[n % 3], services[(n + 1) % 3]),
        if n % 4 == 0 {
            "Seniors".to_string()
        } else {
            String::new()
        },
        String::new(),
        "Gratuit".to_string(),
        if n % 2 == 0 {
            "Conseillers numériques".to_string()
        } else {
            String::new()
        },
        String::new(),
        String::new(),
        "Se présenter|Téléphoner".to_string(),
        "Accompagnement individuel|Dans un atelier collectif".to_string(),
        String::new(),
        String::new(),
    ];
    values.to_vec()
}

fn set(row: &mut [String], column: &str, value: &str) {
    let i = COLUMNS.iter().position(|c| *c == column).unwrap();
    row[i] = value.to_string();
}

/// `rows` places, those of the EPCI `siren` first (valid ones, then one broken in each way),
/// then places in communes of every other département.
pub fn national(rows: usize, siren: &str) -> National {
    let g = geography();
    let mut out = National::default();
    out.rows
        .push(COLUMNS.iter().map(|c| c.to_string()).collect());
    let members: Vec<&Commune> = g
        .members(siren)
        .into_iter()
        .filter(|c| first_postal(c).is_some())
        .collect();
    assert!(!members.is_empty(), "EPCI {siren} sans communes");
    let mut n = 0;
    let mut next = |out: &mut National, c: &Commune| {
        n += 1;
        out.rows.push(place(n, c));
        out.rows.len() - 1
    };
    // Valid places of the territory (one per commune, twice), some with values to leave out.
    for (k, c) in members.iter().chain(members.iter()).enumerate() {
        let at = next(&mut out, c);
        out.inside.push(out.rows[at][0].clone());
        match k {
            1 => {
                set(&mut out.rows[at], "horaires", "le matin, sauf le mardi");
                out.discarded.push((at + 1, "horaires"));
            }
            2 => {
                set(
                    &mut out.rows[at],
                    "services",
                    "Aide aux démarches administratives|Cours de cuisine",
                );
                out.discarded.push((at + 1, "services"));
            }
            3 => {
                set(
                    &mut out.rows[at],
                    "courriels",
                    "accueil@exemple.fr|pas-un-courriel",
                );
                out.discarded.push((at + 1, "courriels"));
            }
            _ => {}
        }
    }
    // Broken places of the territory: each is refused, naming its column.
    let c = members[0];
    let other = g
        .communes
        .iter()
        .find(|x| x.departement != c.departement && first_postal(x).is_some())
        .unwrap();
    let broken: [(&str, &str, &str); 9] = [
        ("code_postal", "3100", ""),
        ("code_postal", first_postal(other).unwrap(), ""),
        ("commune", "Communeinexistante-sur-Rien", ""),
        ("latitude", "quarante-trois", ""),
        ("latitude", "123.5", ""),
        ("adresse", "", ""),
        ("date_maj", "hier", ""),
        ("pivot", "", ""),
        ("nom", "", ""),
    ];
    for (column, value, _) in broken {
        let at = next(&mut out, c);
        set(&mut out.rows[at], column, value);
        if column == "code_postal" || column == "commune" {
            set(&mut out.rows[at], "code_insee", "");
        }
        out.rejected.push((at + 1, column));
    }
    // A row with a value too many, and one repeating the first place's id.
    let at = next(&mut out, c);
    out.rows[at].push("de trop".to_string());
    out.rejected.push((at + 1, "(ligne)"));
    let at = next(&mut out, c);
    let first = out.inside[0].clone();
    set(&mut out.rows[at], "id", &first);
    out.rejected.push((at + 1, "id"));
    // Places elsewhere, over every département; some broken, which is not the territory's
    // business.
    let elsewhere: Vec<&Commune> = g
        .communes
        .iter()
        .filter(|x| x.parent.is_none() && x.epci != Some(siren) && first_postal(x).is_some())
        .collect();
    let mut k = 0;
    while out.rows.len() <= rows {
        let c = elsewhere[(k * 7919) % elsewhere.len()];
        k += 1;
        let at = next(&mut out, c);
        if k % 97 == 0 {
            set(&mut out.rows[at], "code_postal", "ABCDE");
        }
        out.outside += 1;
    }
    out.read = out.rows.len() - 1;
    out
}

impl National {
    /// The file as CSV, with this separator, quoting every value.
    pub fn csv(&self, separator: char) -> String {
        let mut text = String::new();
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|v| format!("\"{}\"", v.replace('"', "\"\"")))
                .collect();
            text.push_str(&cells.join(&separator.to_string()));
            text.push('\n');
        }
        text
    }

    /// The file as JSON: an array of objects, lists as arrays (rows of the wrong length left
    /// out).
    pub fn json(&self) -> String {
        let items: Vec<serde_json::Value> = self.rows[1..]
            .iter()
            .filter(|r| r.len() == COLUMNS.len())
            .map(|r| {
                let mut map = serde_json::Map::new();
                for (c, v) in COLUMNS.iter().zip(r) {
                    let value = if v.contains('|') {
                        serde_json::Value::from(v.split('|').collect::<Vec<_>>())
                    } else {
                        serde_json::Value::from(v.as_str())
                    };
                    map.insert(c.to_string(), value);
                }
                serde_json::Value::Object(map)
            })
            .collect();
        serde_json::to_string_pretty(&items).unwrap()
    }
}
