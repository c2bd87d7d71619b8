//! The keys of the content format as typed structs (see `docs/content-format.md`).
//!
//! Every struct refuses unknown keys. Values whose format or references are checked later keep
//! their source position ([`S`]), so that `model::validate` can point at the right line.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A value with the position it was read from.
pub use crate::content::yaml::S;

mod values;

pub use values::*;

/// `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title.
    pub titre: String,
    /// One-sentence description.
    pub description: String,
    /// Absolute URL where the site is published.
    pub url_de_base: Option<S<String>>,
    /// Language code, `fr` by default.
    pub langue: Option<S<String>>,
    /// Web view of the git repository.
    pub depot: Option<S<String>>,
    /// Licence of texts and data.
    pub licence: Option<String>,
    /// Build the search index (default true).
    pub recherche: Option<bool>,
    /// Map tiles.
    pub carte: Option<Carte>,
    /// Publisher for the legal notice.
    pub editeur: Option<Editeur>,
    /// Director of publication.
    pub directeur_publication: Option<String>,
    /// Host for the legal notice.
    pub hebergeur: Option<Hebergeur>,
    /// Accessibility compliance state.
    pub accessibilite: Option<Accessibilite>,
    /// Name of a theme folder `themes/<theme>/` next to `content/`.
    pub theme: Option<S<String>>,
    /// The web editor `/admin/` (Decap CMS) and the forge it commits to.
    pub edition: Option<Box<Edition>>,
}

/// `edition` in site.yaml: where `/admin/` saves the changes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// Kind of forge.
    pub forge: Forge,
    /// Repository as `group/project` (`owner/name` on GitHub).
    pub depot: S<String>,
    /// Branch the site is built from (default `main`).
    pub branche: Option<S<String>>,
    /// OAuth application id (GitLab, Gitea: PKCE, no server needed).
    pub app_id: Option<S<String>>,
    /// Address of a self-hosted forge (default: gitlab.com, github.com).
    pub url: Option<S<String>>,
    /// Address of the OAuth service GitHub needs (GitHub has no PKCE login).
    pub authentification: Option<S<String>>,
}

/// `carte` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carte {
    /// Tile URL template with `{z}`, `{x}`, `{y}`.
    pub tuiles: S<String>,
    /// Attribution shown on the map.
    pub attribution: String,
}

/// `editeur` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Editeur {
    /// Name of the publisher.
    pub nom: String,
    /// Postal address.
    pub adresse: Option<String>,
    /// Phone number.
    pub telephone: Option<S<String>>,
    /// E-mail address.
    pub courriel: Option<S<String>>,
}

/// `hebergeur` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hebergeur {
    /// Name of the host.
    pub nom: String,
    /// Postal address.
    pub adresse: Option<String>,
    /// Phone number.
    pub telephone: Option<S<String>>,
}

/// `accessibilite` in site.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibilite {
    /// Compliance state (`non-conforme` by default).
    pub etat: Option<EtatAccessibilite>,
    /// Date of the audit.
    pub date_audit: Option<S<String>>,
}

/// The front matter of any Markdown file. Which keys a kind of page may use is checked by
/// `model::validate` (e.g. `modele` only in documents).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title.
    pub titre: String,
    /// One-paragraph summary.
    pub resume: Option<String>,
    /// Date of the version.
    pub date: Option<S<String>>,
    /// Last update.
    pub mis_a_jour: Option<S<String>>,
    /// Left out of the build unless `--brouillons`.
    pub brouillon: Option<S<bool>>,
    /// Sort key in menus and lists.
    pub ordre: Option<S<i64>>,
    /// Kind of model or document.
    #[serde(rename = "type")]
    pub kind: Option<S<DocType>>,
    /// Status of a document.
    pub statut: Option<S<DocStatut>>,
    /// Date of adoption (documents, roadmap).
    pub adopte_le: Option<S<String>>,
    /// Actor ids or free names.
    pub signataires: Option<Vec<S<String>>>,
    /// Slug of the model a document adopts.
    pub modele: Option<S<String>>,
    /// Values of the model's `{{ variables.x }}`.
    pub variables: Option<BTreeMap<String, S<String>>>,
    /// Gets a print page and a PDF (models and documents; default true).
    pub imprimable: Option<S<bool>>,
    /// End year of a roadmap.
    pub horizon: Option<S<i64>>,
    /// Axes of a roadmap.
    pub axes: Option<Vec<Axe>>,
}

/// An axis of a roadmap.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axe {
    /// Slug, unique in the roadmap.
    pub id: S<String>,
    /// Title.
    pub titre: String,
    /// Description.
    pub description: Option<String>,
    /// Actions of the axis.
    pub actions: Vec<Action>,
}

/// An action of a roadmap axis.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Slug, unique in the roadmap.
    pub id: S<String>,
    /// Title.
    pub titre: String,
    /// Description.
    pub description: Option<String>,
    /// Actor ids carrying the action.
    #[serde(default)]
    pub porteurs: Vec<S<String>>,
    /// Partner actor ids.
    #[serde(default)]
    pub partenaires: Vec<S<String>>,
    /// Progress.
    pub statut: ActionStatut,
    /// Deadline.
    pub echeance: Option<S<String>>,
    /// Budget in euros.
    pub budget: Option<S<f64>>,
    /// Référentiel codes that measure it.
    #[serde(default)]
    pub indicateurs: Vec<S<String>>,
}

/// An indicator of `referentiel/indicateurs.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicateur {
    /// Unique code (`IND-01`).
    pub code: S<String>,
    /// Short name.
    pub nom: String,
    /// How it is counted.
    pub definition: String,
    /// Unit shown after values.
    pub unite: String,
    /// Direction of progress.
    pub sens: Option<Sens>,
    /// Grouping.
    pub famille: Option<String>,
    /// A target, e.g. a national objective.
    pub cible: Option<Cible>,
    /// Compared per this many inhabitants (`10000`).
    pub par_habitants: Option<S<u32>>,
}

/// `cible` of an indicator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cible {
    /// Target value.
    pub valeur: S<f64>,
    /// Who sets the target.
    pub source: String,
    /// When it should be reached.
    pub echeance: Option<S<String>>,
}

/// `territoire.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territoire {
    /// Full name.
    pub nom: String,
    /// Short name, with its article when it takes one.
    pub nom_court: Option<String>,
    /// Official name with its article.
    pub nom_officiel: Option<String>,
    /// SIREN of an EPCI or code of a département.
    pub code: Option<S<String>>,
    /// Level of the local authority.
    pub echelon: Echelon,
    /// Département codes.
    pub departements: Option<Vec<S<String>>>,
    /// Date it joined the coordination.
    pub engage_le: Option<S<String>>,
    /// The coordination contact.
    pub coordination: Option<Coordination>,
    /// Number of conseillers numériques.
    pub conseillers_numeriques: Option<u32>,
    /// Budget lines.
    pub budget: Option<Vec<LigneBudget>>,
    /// Governance bodies.
    pub comites: Option<Vec<Comite>>,
    /// Timeline.
    pub calendrier: Option<Vec<Evenement>>,
    /// Links.
    pub liens: Option<Vec<Lien>>,
    /// Where the facts come from.
    pub sources: Option<Vec<Source>>,
}

/// `coordination` of a territory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordination {
    /// Name of the coordinator.
    pub nom: String,
    /// Position.
    pub fonction: Option<String>,
    /// E-mail address.
    pub courriel: Option<S<String>>,
    /// Structure employing them: actor id or name.
    pub structure: Option<S<String>>,
}

/// A line of `budget`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LigneBudget {
    /// Amount in euros.
    pub montant: S<f64>,
    /// Period covered (free text or dates).
    pub periode: String,
    /// Funder: actor id or name.
    pub financeur: S<String>,
    /// What it pays for.
    pub objet: String,
}

/// A governance body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comite {
    /// Name.
    pub nom: String,
    /// Kind of body.
    #[serde(rename = "type")]
    pub kind: ComiteType,
    /// How often it meets.
    pub frequence: Option<Frequence>,
    /// Members: actor ids or names.
    pub composition: Option<Vec<S<String>>>,
}

/// An event of the timeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evenement {
    /// When.
    pub date: S<String>,
    /// What.
    pub evenement: String,
}

/// A link.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lien {
    /// Text of the link.
    pub titre: String,
    /// Absolute URL.
    pub url: S<String>,
}

/// A source of facts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the source.
    pub titre: String,
    /// Where to read it.
    pub url: Option<S<String>>,
    /// When it was published.
    pub date: Option<S<String>>,
}

/// An actor of `acteurs.yaml`; place fields use the national schema's names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acteur {
    /// Slug, unique in the territory.
    pub id: S<String>,
    /// Name.
    pub nom: String,
    /// Category.
    pub categorie: Categorie,
    /// Roles in the coordination.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// SIRET or RNA number.
    pub pivot: Option<S<String>>,
    /// Street address.
    pub adresse: Option<String>,
    /// Address complement.
    pub complement_adresse: Option<String>,
    /// Postal code (5 digits).
    pub code_postal: Option<S<String>>,
    /// Commune.
    pub commune: Option<S<String>>,
    /// INSEE code of the commune.
    pub code_insee: Option<S<String>>,
    /// WGS84 latitude.
    pub latitude: Option<S<f64>>,
    /// WGS84 longitude.
    pub longitude: Option<S<f64>>,
    /// Phone number.
    pub telephone: Option<S<String>>,
    /// E-mail addresses.
    #[serde(default)]
    pub courriels: Vec<S<String>>,
    /// Website.
    pub site_web: Option<S<String>>,
    /// Opening hours (OpenStreetMap syntax).
    pub horaires: Option<S<String>>,
    /// Services (national schema values).
    #[serde(default)]
    pub services: Vec<Service>,
    /// Publics addressed.
    #[serde(default)]
    pub publics_specifiquement_adresses: Vec<Public>,
    /// Support modes.
    #[serde(default)]
    pub modalites_accompagnement: Vec<Modalite>,
    /// Summary, at most 280 characters.
    pub presentation_resume: Option<S<String>>,
    /// Number of conseillers numériques.
    pub conseillers_numeriques: Option<u32>,
    /// Day the place's information was last checked (national schema's `date_maj`).
    pub date_maj: Option<S<String>>,
    /// Kinds of structure (the national schema's `typologie` codes: `ASSO`, `CCAS`…).
    #[serde(default)]
    pub typologie: Vec<String>,
    /// Detailed presentation.
    pub presentation_detail: Option<String>,
    /// Fixed or itinerant place.
    #[serde(default)]
    pub itinerance: Vec<Itinerance>,
    /// The network or structure the place belongs to.
    pub structure_parente: Option<String>,
    /// Specific support offered.
    #[serde(default)]
    pub prise_en_charge_specifique: Vec<PriseEnCharge>,
    /// Fees.
    #[serde(default)]
    pub frais_a_charge: Vec<Frais>,
    /// National schemes the place belongs to.
    #[serde(default)]
    pub dispositif_programmes_nationaux: Vec<Dispositif>,
    /// Trainings and labels of the schema's list.
    #[serde(default)]
    pub formations_labels: Vec<FormationLabel>,
    /// Other trainings and labels.
    #[serde(default)]
    pub autres_formations_labels: Vec<String>,
    /// How to get in.
    #[serde(default)]
    pub modalites_acces: Vec<ModaliteAcces>,
    /// The place's record on acceslibre.
    pub fiche_acces_libre: Option<S<String>>,
    /// Where to book an appointment online.
    pub prise_rdv: Option<S<String>>,
    /// Who collected the place's data (the national schema's `source`).
    pub source: Option<String>,
    /// The place's `id` in the national data it was imported from (`ctin import lieux`).
    pub id_source: Option<S<String>>,
}

/// A measure of `indicateurs.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mesure {
    /// Référentiel code.
    pub indicateur: S<String>,
    /// Date or period measured.
    pub periode: S<String>,
    /// The value.
    pub valeur: S<f64>,
    /// Where it comes from.
    pub source: Option<String>,
    /// Comment.
    pub commentaire: Option<String>,
}

/// The keys of [`FrontMatter`], for messages.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "titre",
    "resume",
    "date",
    "mis_a_jour",
    "brouillon",
    "ordre",
    "type",
    "statut",
    "adopte_le",
    "signataires",
    "modele",
    "variables",
    "imprimable",
    "horizon",
    "axes",
];
