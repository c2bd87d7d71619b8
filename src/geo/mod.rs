/*!
France's official geography, built into ctin: régions, départements, EPCI à fiscalité propre
(with their member communes), communes with their postal codes and population, municipal
arrondissements and former communes (déléguées, associées).

The table is `data/geographie.tsv`, written by `scripts/vendor-geo` from the npm package
`@etalab/decoupage-administratif` (Insee's code officiel géographique, DGCL's list of EPCI,
Insee's populations légales, La Poste's postal codes). It is read once, on first use, and its
fields borrow the embedded text (nothing is copied).
*/

pub mod filters;
mod names;

pub use names::{
    Article, Liaison, a, de, guess_with_article, label, que, sans_article, split_article,
    upper_first,
};

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// Longest name compared for suggestions (the longest commune's name has 45 characters).
pub const MAX_NAME: usize = 120;

/// The embedded table.
const TABLE: &str = include_str!("data/geographie.tsv");

/// A région.
#[derive(Debug)]
pub struct Region {
    /// Official code (INSEE).
    pub code: &'static str,
    /// Which article its name takes.
    pub liaison: Liaison,
    /// Name.
    pub nom: &'static str,
}

/// A département (or a collectivité d'outre-mer coded like one).
#[derive(Debug)]
pub struct Departement {
    /// Official code (INSEE).
    pub code: &'static str,
    /// Which article its name takes.
    pub liaison: Liaison,
    /// Code of its région.
    pub region: &'static str,
    /// Name.
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

impl Commune {
    /// Its postal codes.
    pub fn postal_codes(&self) -> Vec<&'static str> {
        self.postaux.split(',').filter(|p| !p.is_empty()).collect()
    }
}

/// An EPCI à fiscalité propre.
#[derive(Debug)]
pub struct Epci {
    /// SIREN.
    pub siren: &'static str,
    /// Legal kind.
    pub kind: EpciKind,
    /// Population municipale.
    pub population: Option<u64>,
    /// The name as the DGCL lists it (`CA de La Rochelle`, `Métropole Européenne de Lille`).
    pub nom: &'static str,
}

impl Epci {
    /// Its heading, official name with article and short name with article (`Communauté
    /// d'agglomération de La Rochelle`, `la communauté d'agglomération de La Rochelle`, `La
    /// Rochelle`).
    pub fn names(&self) -> (String, String, String) {
        names::epci_names(self)
    }
}

/// A commune (or a municipal arrondissement of Paris, Lyon or Marseille).
#[derive(Debug)]
pub struct Commune {
    /// Official code (INSEE).
    pub code: &'static str,
    /// Which article its name takes.
    pub liaison: Liaison,
    /// Code of its département.
    pub departement: &'static str,
    /// SIREN of its EPCI, when it belongs to one.
    pub epci: Option<&'static str>,
    /// Population municipale.
    pub population: Option<u64>,
    /// Its postal codes, separated by commas.
    pub postaux: &'static str,
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
    /// Every région.
    pub regions: Vec<Region>,
    /// Every département.
    pub departements: Vec<Departement>,
    /// Every EPCI.
    pub epcis: Vec<Epci>,
    /// Every commune and municipal arrondissement.
    pub communes: Vec<Commune>,
    commune_by_code: HashMap<&'static str, usize>,
    /// Folded name → communes (current ones; a former commune's name leads to the current
    /// one), made on first use: a site whose actors give no commune never pays for it.
    commune_by_name: OnceLock<HashMap<String, Vec<usize>>>,
    /// Former communes: (name, code of the current commune).
    former: Vec<(&'static str, &'static str)>,
    epci_by_siren: HashMap<&'static str, usize>,
    departement_by_code: HashMap<&'static str, usize>,
    members: HashMap<&'static str, Vec<usize>>,
}

/// The geography, read from the embedded table on first use.
pub fn geography() -> &'static Geography {
    static GEO: OnceLock<Geography> = OnceLock::new();
    GEO.get_or_init(read)
}

/// Reads the embedded table anew (what [`geography`] does once; benchmarks time it).
pub fn read() -> Geography {
    parse(TABLE)
}

fn number(s: &str) -> Option<u64> {
    s.parse().ok()
}

/// A name folded for comparison: case, accents, hyphens, apostrophes and the `Saint`/`St`
/// spellings do not count (`saint-etienne` = `St Étienne` = `SAINT ETIENNE`).
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let mut word_start = 0;
    let mut pending_hyphen = false;
    // Ends the word begun at `start`: `st` and `ste` are spelled out.
    let end_word = |out: &mut String, start: usize| {
        if matches!(&out[start..], "st" | "ste") {
            out.insert_str(start + 1, "ain");
        }
    };
    let mut push = |out: &mut String, c: char| {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                end_word(out, word_start);
                out.push('-');
                word_start = out.len();
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    };
    for c in name.chars() {
        if c.is_ascii() {
            push(&mut out, c);
        } else {
            for d in deunicode::deunicode_char(c).unwrap_or("").chars() {
                push(&mut out, d);
            }
        }
    }
    end_word(&mut out, word_start);
    out
}

/// The `N` tab-separated fields of a line.
fn fields<const N: usize>(line: &'static str) -> Option<[&'static str; N]> {
    let mut out = [""; N];
    let mut parts = line.split('\t');
    for slot in out.iter_mut() {
        *slot = parts.next()?;
    }
    parts.next().is_none().then_some(out)
}

fn parse(table: &'static str) -> Geography {
    let mut g = Geography::default();
    g.communes.reserve(35_100);
    for line in table.lines() {
        let Some((kind, rest)) = line.split_once('\t') else {
            continue;
        };
        match kind {
            "C" => {
                if let Some([code, liaison, dep, epci, population, postaux, nom]) = fields(rest) {
                    g.communes.push(Commune {
                        code,
                        liaison: Liaison::parse(liaison),
                        departement: dep,
                        epci: (!epci.is_empty()).then_some(epci),
                        population: number(population),
                        postaux,
                        nom,
                        parent: None,
                    });
                }
            }
            "A" => {
                if let Some([code, parent, population, postaux, nom]) = fields(rest) {
                    g.communes.push(Commune {
                        code,
                        liaison: Liaison::Consonant,
                        departement: "",
                        epci: None,
                        population: number(population),
                        postaux,
                        nom,
                        parent: Some(parent),
                    });
                }
            }
            "P" => {
                if let Some([_code, parent, _liaison, nom]) = fields(rest) {
                    g.former.push((nom, parent));
                }
            }
            "E" => {
                if let Some([siren, kind, population, nom]) = fields(rest)
                    && let Some(kind) = EpciKind::parse(kind)
                {
                    g.epci_by_siren.insert(siren, g.epcis.len());
                    g.epcis.push(Epci {
                        siren,
                        kind,
                        population: number(population),
                        nom,
                    });
                }
            }
            "D" => {
                if let Some([code, liaison, region, nom]) = fields(rest) {
                    g.departement_by_code.insert(code, g.departements.len());
                    g.departements.push(Departement {
                        code,
                        liaison: Liaison::parse(liaison),
                        region,
                        nom,
                    });
                }
            }
            "R" => {
                if let Some([code, liaison, nom]) = fields(rest) {
                    g.regions.push(Region {
                        code,
                        liaison: Liaison::parse(liaison),
                        nom,
                    });
                }
            }
            "@" => match rest.split_once('\t') {
                Some(("version", v)) => g.version = v,
                Some(("millesime", v)) => g.millesime = v,
                Some(("population", v)) => g.population_year = v,
                _ => {}
            },
            _ => {}
        }
    }
    g.commune_by_code.reserve(g.communes.len());
    for (i, c) in g.communes.iter().enumerate() {
        g.commune_by_code.insert(c.code, i);
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
    g
}

impl Geography {
    /// The commune (or arrondissement) of this INSEE code.
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.commune_by_code.get(code).map(|&i| &self.communes[i])
    }

    /// The EPCI of this SIREN.
    pub fn epci(&self, siren: &str) -> Option<&Epci> {
        self.epci_by_siren.get(siren).map(|&i| &self.epcis[i])
    }

    /// The département of this code.
    pub fn departement(&self, code: &str) -> Option<&Departement> {
        self.departement_by_code
            .get(code)
            .map(|&i| &self.departements[i])
    }

    /// The région of this code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    fn names(&self) -> &HashMap<String, Vec<usize>> {
        self.commune_by_name.get_or_init(|| {
            let mut names: HashMap<String, Vec<usize>> =
                HashMap::with_capacity_and_hasher(40_000, Default::default());
            for (i, c) in self.communes.iter().enumerate() {
                names.entry(fold(c.nom)).or_default().push(i);
            }
            for (nom, parent) in &self.former {
                if let Some(&i) = self.commune_by_code.get(parent) {
                    let list = names.entry(fold(nom)).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
            names
        })
    }

    /// The communes (and arrondissements) a name may designate, current or former name.
    pub fn communes_named(&self, name: &str) -> Vec<&Commune> {
        self.names()
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
    /// A name longer than any commune's (45 characters) is not compared: the suggestions cost
    /// a comparison with every commune, and an editor's text may be megabytes long.
    pub fn suggest_communes(&self, name: &str, limit: usize) -> Vec<&Commune> {
        if name.chars().count() > MAX_NAME {
            return Vec::new();
        }
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
    /// An EPCI.
    Epci(&'g Epci),
    /// A département.
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
    /// The `echelon` it agrees with: `epci`, `departement`, or `autre` for the Métropole de
    /// Lyon.
    pub echelon: &'static str,
    /// Its communes: (INSEE code, name), in alphabetical order.
    pub communes: Vec<(&'static str, &'static str)>,
    /// Population municipale.
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
                let mut members = self.members(e.siren);
                members.sort_by_cached_key(|c| fold(c.nom));
                let (titre, officiel, court) = e.names();
                Facts {
                    titre,
                    officiel,
                    court,
                    kind: e.kind.label(),
                    // The Métropole de Lyon is a collectivité, not an EPCI.
                    echelon: if e.kind == EpciKind::MetropoleLyon {
                        "autre"
                    } else {
                        "epci"
                    },
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
                let mut communes = self.departement_communes(d.code);
                communes.sort_by_cached_key(|c| fold(c.nom));
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
