//! The columns of each table, with their Table Schema type and French description.

use super::Column;

pub(super) const fn col(
    name: &'static str,
    kind: &'static str,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

// Place fields shared by the actors' export and the national one.
const ADRESSE: Column = col("adresse", "string", "Numéro et voie.");
const COMPLEMENT: Column = col("complement_adresse", "string", "Complément d'adresse.");
const CODE_POSTAL: Column = col("code_postal", "string", "Code postal.");
const COMMUNE: Column = col("commune", "string", "Commune.");
const CODE_INSEE: Column = col("code_insee", "string", "Code INSEE de la commune.");
const LATITUDE: Column = col("latitude", "number", "Latitude WGS84.");
const LONGITUDE: Column = col("longitude", "number", "Longitude WGS84.");
const SITE_WEB: Column = col("site_web", "string", "Site web.");
const COURRIELS: Column = col(
    "courriels",
    "string",
    "Adresses électroniques, séparées par « | ».",
);
const HORAIRES: Column = col(
    "horaires",
    "string",
    "Horaires d'ouverture (syntaxe OpenStreetMap opening_hours).",
);

pub(super) const ACTORS: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire qui décrit l'acteur.",
    ),
    col(
        "id",
        "string",
        "Identifiant de l'acteur dans son territoire.",
    ),
    col("nom", "string", "Nom de l'acteur."),
    col(
        "categorie",
        "string",
        "Catégorie de l'acteur (collectivite, association, france-services…).",
    ),
    col(
        "roles",
        "string",
        "Rôles dans la coordination, séparés par « | ».",
    ),
    col("pivot", "string", "SIRET ou numéro RNA."),
    ADRESSE,
    COMPLEMENT,
    CODE_POSTAL,
    COMMUNE,
    CODE_INSEE,
    LATITUDE,
    LONGITUDE,
    col("telephone", "string", "Téléphone."),
    COURRIELS,
    SITE_WEB,
    HORAIRES,
    col(
        "services",
        "string",
        "Services proposés (valeurs du schéma national), séparés par « | ».",
    ),
    col(
        "publics_specifiquement_adresses",
        "string",
        "Publics spécifiquement accueillis, séparés par « | ».",
    ),
    col(
        "modalites_accompagnement",
        "string",
        "Modalités d'accompagnement, séparées par « | ».",
    ),
    col(
        "presentation_resume",
        "string",
        "Présentation en quelques phrases.",
    ),
    col(
        "conseillers_numeriques",
        "integer",
        "Nombre de conseillers numériques de l'acteur.",
    ),
];

pub(super) const MEASURES: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire qui a mesuré.",
    ),
    col(
        "indicateur",
        "string",
        "Code de l'indicateur dans le référentiel.",
    ),
    col("nom_indicateur", "string", "Nom de l'indicateur."),
    col("unite", "string", "Unité de la valeur."),
    col(
        "periode",
        "string",
        "Période mesurée : année, mois (AAAA-MM) ou jour (AAAA-MM-JJ).",
    ),
    col("valeur", "number", "Valeur mesurée."),
    col("source", "string", "Source de la mesure."),
    col("commentaire", "string", "Commentaire."),
];

pub(super) const ACTIONS: &[Column] = &[
    col(
        "territoire",
        "string",
        "Dossier (slug) du territoire dont c'est la feuille de route.",
    ),
    col("axe", "string", "Identifiant de l'axe."),
    col("axe_titre", "string", "Titre de l'axe."),
    col(
        "id",
        "string",
        "Identifiant de l'action dans la feuille de route.",
    ),
    col("titre", "string", "Titre de l'action."),
    col(
        "statut",
        "string",
        "Statut : a-lancer, en-cours, realisee ou abandonnee.",
    ),
    col(
        "porteurs",
        "string",
        "Acteurs qui portent l'action (identifiants), séparés par « | ».",
    ),
    col(
        "partenaires",
        "string",
        "Acteurs partenaires (identifiants), séparés par « | ».",
    ),
    col(
        "echeance",
        "string",
        "Échéance : année, mois (AAAA-MM) ou jour (AAAA-MM-JJ).",
    ),
    col("budget", "number", "Budget en euros."),
    col(
        "indicateurs",
        "string",
        "Codes des indicateurs suivis, séparés par « | ».",
    ),
];

/// The columns of the national schema of lieux de médiation numérique (v1.0.2), in its order.
pub(super) const NATIONAL: &[Column] = &[
    col(
        "id",
        "string",
        "Identifiant du lieu : territoire et identifiant de l'acteur.",
    ),
    col("pivot", "string", "SIRET ou numéro RNA de la structure."),
    col("nom", "string", "Nom du lieu."),
    COMMUNE,
    CODE_POSTAL,
    CODE_INSEE,
    ADRESSE,
    COMPLEMENT,
    LATITUDE,
    LONGITUDE,
    col(
        "typologie",
        "string",
        "Typologies de la structure, séparées par « | ».",
    ),
    col(
        "telephone",
        "string",
        "Téléphone au format international (+33…).",
    ),
    COURRIELS,
    SITE_WEB,
    HORAIRES,
    col(
        "presentation_resume",
        "string",
        "Présentation en 280 caractères au plus.",
    ),
    col("presentation_detail", "string", "Présentation détaillée."),
    col(
        "source",
        "string",
        "Producteur de la donnée : la `source` de l'acteur, sinon le titre du site.",
    ),
    col("itinerance", "string", "Lieu fixe ou itinérant."),
    col("structure_parente", "string", "Structure parente."),
    col(
        "date_maj",
        "date",
        "Jour de la dernière mise à jour des informations du lieu.",
    ),
    col(
        "services",
        "string",
        "Services proposés, séparés par « | ».",
    ),
    col(
        "publics_specifiquement_adresses",
        "string",
        "Publics spécifiquement accueillis, séparés par « | ».",
    ),
    col(
        "prise_en_charge_specifique",
        "string",
        "Prises en charge spécifiques, séparées par « | ».",
    ),
    col(
        "frais_a_charge",
        "string",
        "Frais à charge, séparés par « | ».",
    ),
    col(
        "dispositif_programmes_nationaux",
        "string",
        "Dispositifs nationaux, séparés par « | » ; « Conseillers numériques » quand le lieu en compte.",
    ),
    col(
        "formations_labels",
        "string",
        "Formations et labels, séparés par « | ».",
    ),
    col(
        "autres_formations_labels",
        "string",
        "Autres formations et labels, séparés par « | ».",
    ),
    col(
        "modalites_acces",
        "string",
        "Modalités d'accès, séparées par « | ».",
    ),
    col(
        "modalites_accompagnement",
        "string",
        "Modalités d'accompagnement, séparées par « | ».",
    ),
    col("fiche_acces_libre", "string", "Fiche Acceslibre du lieu."),
    col("prise_rdv", "string", "Prise de rendez-vous en ligne."),
];
