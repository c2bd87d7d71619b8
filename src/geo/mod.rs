/*!
France's official geography, built into ctin: régions, départements, EPCI à fiscalité propre
(with their member communes), communes with their postal codes and population, municipal
arrondissements and former communes (déléguées, associées).

The table is `data/geographie.tsv`, written by `scripts/vendor-geo` from the npm package
`@etalab/decoupage-administratif` (Insee's code officiel géographique, DGCL's list of EPCI,
Insee's populations légales, La Poste's postal codes). It is read once, on first use, and its
fields borrow the embedded text (nothing is copied).
*/

mod names;

pub use names::{
    Article, Liaison, a, de, guess_with_article, que, sans_article, split_article, upper_first,
};

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded table.
const TABLE: &str = include_str!("data/geographie.tsv");

/// A région.
#[derive(Debug)]
pub struct Region {
    pub code: &'static str,
    pub liaison: Liaison,
    pub nom: &'static str,
}

/// A département (or a collectivité d'outre-mer coded like one).
#[derive(Debug)]
pub struct Departement {
    pub code: &'static str,
    pub liaison: Liaison,
    pub region: &'static str,
    pub nom: &'static str,
}

/// The legal kind of an EPCI à fiscalité propre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpciKind {
    /// Communauté de communes.
    Cc,
    /// Communauté d'agglomération.
    Ca,
    /// Communauté urbaine.
    Cu,
    /// Métropole.
    Metropole,
    /// The Métropole de Lyon, a collectivité à statut particulier listed with the EPCI.
    MetropoleLyon,
}

impl EpciKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "CC" => Self::Cc,
            "CA" => Self::Ca,
            "CU" => Self::Cu,
            "METRO" => Self::Metropole,
            "MET69" => Self::MetropoleLyon,
            _ => return None,
        })
    }

    /// The kind in words, as a heading would write it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Cc => "Communauté de communes",
            Self::Ca => "Communauté d'agglomération",
            Self::Cu => "Communauté urbaine",
            Self::Metropole => "Métropole",
            Self::MetropoleLyon => "Métropole (collectivité à statut particulier)",
        }
    }

    /// The abbreviation the official list puts before the name, and the words it stands for.
    fn abbreviation(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::Cc => Some(("CC", "communauté de communes")),
            Self::Ca => Some(("CA", "communauté d'agglomération")),
            Self::Cu => Some(("CU", "communauté urbaine")),
            Self::Metropole | Self::MetropoleLyon => None,
        }
    }
}

/// An EPCI à fiscalité propre.
#[derive(Debug)]
pub struct Epci {
    pub siren: &'static str,
    pub kind: EpciKind,
    /// Population municipale.
    pub population: Option<u64>,
    /// The name as the DGCL lists it (`CA de La Rochelle`, `Métropole Européenne de Lille`).
    pub nom: &'static str,
}

/// A commune (or a municipal arrondissement of Paris, Lyon or Marseille).
#[derive(Debug)]
pub struct Commune {
    pub code: &'static str,
    pub liaison: Liaison,
    pub departement: &'static str,
    /// SIREN of its EPCI, when it belongs to one.
    pub epci: Option<&'static str>,
    /// Population municipale.
    pub population: Option<u64>,
    pub postaux: Vec<&'static str>,
    /// The name with its article (`La Rochelle`, `Le Havre`).
    pub nom: &'static str,
    /// For a municipal arrondissement: the code of its commune.
    pub parent: Option<&'static str>,
}

/// The whole table, with its indexes.
#[derive(Debug, Default)]
pub struct Geography {
    /// Version of the package the table comes from.
    pub version: &'static str,
    /// Year of the geography (1 January).
    pub millesime: &'static str,
    /// Census year of the populations.
    pub population_year: &'static str,
    pub regions: Vec<Region>,
    pub departements: Vec<Departement>,
    pub epcis: Vec<Epci>,
    pub communes: Vec<Commune>,
    commune_by_code: HashMap<&'static str, usize>,
    /// Folded name → communes (current ones; a former commune's name leads to the current one).
    commune_by_name: HashMap<String, Vec<usize>>,
    epci_by_siren: HashMap<&'static str, usize>,
    departement_by_code: HashMap<&'static str, usize>,
    members: HashMap<&'static str, Vec<usize>>,
}

/// The geography, read from the embedded table on first use.
pub fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(|| parse(TABLE))
}

fn number(s: &str) -> Option<u64> {
    s.parse().ok()
}

/// A name folded for comparison: case, accents, hyphens, apostrophes and the `Saint`/`St`
/// spellings do not count (`saint-etienne` = `St Étienne` = `SAINT ETIENNE`).
pub fn fold(name: &str) -> String {
    crate::text::slugify(name)
        .split('-')
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn parse(table: &'static str) -> Geography {
    let mut g = Geography::default();
    let mut former: Vec<(&'static str, &'static str)> = Vec::new();
    for line in table.lines() {
        let f: Vec<&'static str> = line.split('\t').collect();
        match f.as_slice() {
            ["@", "version", v] => g.version = v,
            ["@", "millesime", v] => g.millesime = v,
            ["@", "population", v] => g.population_year = v,
            ["R", code, liaison, nom] => g.regions.push(Region {
                code,
                liaison: Liaison::parse(liaison),
                nom,
            }),
            ["D", code, liaison, region, nom] => {
                g.departement_by_code.insert(code, g.departements.len());
                g.departements.push(Departement {
                    code,
                    liaison: Liaison::parse(liaison),
                    region,
                    nom,
                });
            }
            ["E", siren, kind, population, nom] => {
                let Some(kind) = EpciKind::parse(kind) else {
                    continue;
                };
                g.epci_by_siren.insert(siren, g.epcis.len());
                g.epcis.push(Epci {
                    siren,
                    kind,
                    population: number(population),
                    nom,
                });
            }
            ["C", code, liaison, dep, epci, population, postaux, nom] => {
                g.communes.push(Commune {
                    code,
                    liaison: Liaison::parse(liaison),
                    departement: dep,
                    epci: (!epci.is_empty()).then_some(*epci),
                    population: number(population),
                    postaux: postaux.split(',').filter(|p| !p.is_empty()).collect(),
                    nom,
                    parent: None,
                });
            }
            ["A", code, parent, population, postaux, nom] => {
                g.communes.push(Commune {
                    code,
                    liaison: Liaison::Consonant,
                    departement: "",
                    epci: None,
                    population: number(population),
                    postaux: postaux.split(',').filter(|p| !p.is_empty()).collect(),
                    nom,
                    parent: Some(parent),
                });
            }
            ["P", _code, parent, _liaison, nom] => former.push((nom, parent)),
            _ => {}
        }
    }
    for (i, c) in g.communes.iter().enumerate() {
        g.commune_by_code.insert(c.code, i);
        g.commune_by_name.entry(fold(c.nom)).or_default().push(i);
        if let Some(epci) = c.epci {
            g.members.entry(epci).or_default().push(i);
        }
    }
    // An arrondissement takes its commune's département and EPCI.
    for i in 0..g.communes.len() {
        if let Some(p) = g.communes[i]
            .parent
            .and_then(|p| g.commune_by_code.get(p).copied())
        {
            let (dep, epci) = (g.communes[p].departement, g.communes[p].epci);
            g.communes[i].departement = dep;
            g.communes[i].epci = epci;
        }
    }
    for (nom, parent) in former {
        if let Some(&i) = g.commune_by_code.get(parent) {
            let list = g.commune_by_name.entry(fold(nom)).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    g
}

impl Geography {
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.commune_by_code.get(code).map(|&i| &self.communes[i])
    }

    pub fn epci(&self, siren: &str) -> Option<&Epci> {
        self.epci_by_siren.get(siren).map(|&i| &self.epcis[i])
    }

    pub fn departement(&self, code: &str) -> Option<&Departement> {
        self.departement_by_code
            .get(code)
            .map(|&i| &self.departements[i])
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The communes (and arrondissements) a name may designate, current or former name.
    pub fn communes_named(&self, name: &str) -> Vec<&Commune> {
        self.commune_by_name
            .get(&fold(name))
            .map(|v| v.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// The member communes of an EPCI, in the table's order (by code).
    pub fn members(&self, siren: &str) -> Vec<&Commune> {
        self.members
            .get(siren)
            .map(|v| v.iter().map(|&i| &self.communes[i]).collect())
            .unwrap_or_default()
    }

    /// The communes of a département as a collectivité: those of its code, except the
    /// communes of the Métropole de Lyon for the Rhône (the Métropole, a collectivité of its
    /// own, exercises the département's powers there).
    pub fn departement_communes(&self, code: &str) -> Vec<&Commune> {
        self.communes
            .iter()
            .filter(|c| c.parent.is_none() && c.departement == code)
            .filter(|c| {
                c.epci
                    .and_then(|e| self.epci(e))
                    .is_none_or(|e| e.kind != EpciKind::MetropoleLyon)
            })
            .collect()
    }

    /// The départements an EPCI's communes lie in, in order.
    pub fn epci_departements(&self, siren: &str) -> Vec<&'static str> {
        let mut deps: Vec<&'static str> =
            self.members(siren).iter().map(|c| c.departement).collect();
        deps.sort_unstable();
        deps.dedup();
        deps
    }

    /// The current communes' names close to `name` (for "did you mean"), best first.
    pub fn suggest_communes(&self, name: &str, limit: usize) -> Vec<&Commune> {
        let folded = fold(name);
        let mut scored: Vec<(f64, &Commune)> = self
            .communes
            .iter()
            .filter(|c| c.parent.is_none())
            .map(|c| (strsim::jaro_winkler(&folded, &fold(c.nom)), c))
            .filter(|(s, _)| *s >= 0.85)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.code.cmp(b.1.code)));
        scored.into_iter().take(limit).map(|(_, c)| c).collect()
    }

    /// True when a name without article that starts with `h` elides (`d'Hyères`): the
    /// geography says so for its names (type de nom 1).
    pub fn elides_h(&self, name: &str) -> bool {
        self.communes_named(name)
            .iter()
            .any(|c| c.liaison == Liaison::Vowel)
            || self
                .departements
                .iter()
                .any(|d| d.liaison == Liaison::Vowel && fold(d.nom) == fold(name))
    }
}

/// Population of communes, when all of them have one.
pub fn population(communes: &[&Commune]) -> Option<u64> {
    communes.iter().map(|c| c.population).sum()
}

/// A territory of the geography: an EPCI or a département.
#[derive(Debug, Clone, Copy)]
pub enum Official<'g> {
    Epci(&'g Epci),
    Departement(&'g Departement),
}

/// What ctin knows of an official territory: names, kind, communes, population, record.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The official name, capitalized, without article (a heading).
    pub titre: String,
    /// The official name with its article (`la communauté d'agglomération de La Rochelle`).
    pub officiel: String,
    /// The short name with its article (`La Rochelle`, `le Sicoval`, `la Haute-Garonne`).
    pub court: String,
    /// Kind in words.
    pub kind: &'static str,
    /// `epci` or `departement`: the `echelon` it agrees with.
    pub echelon: &'static str,
    /// Its communes: (INSEE code, name).
    pub communes: Vec<(&'static str, &'static str)>,
    pub population: Option<u64>,
    /// Départements its communes lie in.
    pub departements: Vec<&'static str>,
    /// The Insee's record of the territory (comparateur de territoires).
    pub record: String,
}

impl Geography {
    /// The official territory a `code` names: a SIREN (9 digits) of an EPCI, or the code of a
    /// département.
    pub fn official(&self, code: &str) -> Option<Official<'_>> {
        if let Some(e) = self.epci(code) {
            return Some(Official::Epci(e));
        }
        self.departement(code).map(Official::Departement)
    }

    /// Everything ctin shows of an official territory.
    pub fn facts(&self, o: Official<'_>) -> Facts {
        match o {
            Official::Epci(e) => {
                let members = self.members(e.siren);
                let (titre, officiel, court) = names::epci_names(e);
                Facts {
                    titre,
                    officiel,
                    court,
                    kind: e.kind.label(),
                    echelon: "epci",
                    communes: members.iter().map(|c| (c.code, c.nom)).collect(),
                    population: e.population.or_else(|| population(&members)),
                    departements: self.epci_departements(e.siren),
                    record: format!(
                        "https://www.insee.fr/fr/statistiques/1405599?geo=EPCI-{}",
                        e.siren
                    ),
                }
            }
            Official::Departement(d) => {
                let communes = self.departement_communes(d.code);
                let court = d.liaison.with_article(d.nom);
                Facts {
                    titre: format!("Département {}", de(&court)),
                    officiel: format!("le département {}", de(&court)),
                    court,
                    kind: "Département",
                    echelon: "departement",
                    communes: communes.iter().map(|c| (c.code, c.nom)).collect(),
                    population: population(&communes),
                    departements: vec![d.code],
                    record: format!(
                        "https://www.insee.fr/fr/statistiques/1405599?geo=DEP-{}",
                        d.code
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
