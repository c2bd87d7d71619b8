//! The enumerations of the content format: each value's exact French spelling in YAML files.

use super::*;

/// Declares a French enumeration: variants and the exact spelling used in YAML files.
macro_rules! french_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        pub enum $name {
            $(
                #[doc = $text]
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order of the format.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every value as written in content files.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value as written in content files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

french_enum!(
    /// `accessibilite.etat` in site.yaml.
    EtatAccessibilite {
        Totale = "totalement-conforme",
        Partielle = "partiellement-conforme",
        Non = "non-conforme",
    }
);

french_enum!(
    /// `type` of a model or a document.
    DocType {
        Charte = "charte",
        Formation = "cahier-des-charges-formation",
        Habilitation = "habilitation",
        Diagnostic = "diagnostic",
        Convention = "convention",
        CompteRendu = "compte-rendu",
        Autre = "autre",
    }
);

french_enum!(
    /// `statut` of a document.
    DocStatut {
        Projet = "projet",
        Adopte = "adopte",
        Signe = "signe",
        Archive = "archive",
    }
);

french_enum!(
    /// `echelon` of a territory.
    Echelon {
        Epci = "epci",
        Departement = "departement",
        Region = "region",
        Commune = "commune",
        Autre = "autre",
    }
);

french_enum!(
    /// `type` of a governance body.
    ComiteType {
        Strategique = "strategique",
        Technique = "technique",
        Consultatif = "consultatif",
        Autre = "autre",
    }
);

french_enum!(
    /// `frequence` of a governance body.
    Frequence {
        Mensuelle = "mensuelle",
        Trimestrielle = "trimestrielle",
        Semestrielle = "semestrielle",
        Annuelle = "annuelle",
        Autre = "autre",
    }
);

french_enum!(
    /// `categorie` of an actor.
    Categorie {
        Collectivite = "collectivite",
        Etat = "etat",
        OperateurPublic = "operateur-public",
        Association = "association",
        CentreSocial = "centre-social",
        Ccas = "ccas",
        Bibliotheque = "bibliotheque",
        FranceServices = "france-services",
        Entreprise = "entreprise",
        Hub = "hub",
        Autre = "autre",
    }
);

french_enum!(
    /// `roles` of an actor.
    Role {
        Coporteur = "coporteur",
        Coordination = "coordination",
        Financeur = "financeur",
        Accompagnement = "accompagnement",
        Formation = "formation",
        Orientation = "orientation",
        Equipement = "equipement",
        AnimationReseau = "animation-reseau",
        Observateur = "observateur",
    }
);

french_enum!(
    /// `services` of an actor: the national schema's values.
    Service {
        Demarches = "Aide aux démarches administratives",
        Quotidien = "Maîtrise des outils numériques du quotidien",
        Insertion = "Insertion professionnelle via le numérique",
        Securite = "Utilisation sécurisée du numérique",
        Parentalite = "Parentalité et éducation avec le numérique",
        Loisirs = "Loisirs et créations numériques",
        Comprehension = "Compréhension du monde numérique",
        Acces = "Accès internet et matériel informatique",
        Materiel = "Acquisition de matériel informatique à prix solidaire",
    }
);

french_enum!(
    /// `publics_specifiquement_adresses` of an actor.
    Public {
        Jeunes = "Jeunes",
        Etudiants = "Étudiants",
        Familles = "Familles et/ou enfants",
        Seniors = "Seniors",
        Femmes = "Femmes",
    }
);

french_enum!(
    /// `modalites_accompagnement` of an actor.
    Modalite {
        Autonomie = "En autonomie",
        Individuel = "Accompagnement individuel",
        Atelier = "Dans un atelier collectif",
        Distance = "À distance",
    }
);

french_enum!(
    /// `itinerance` of a place.
    Itinerance {
        Itinerant = "Itinérant",
        Fixe = "Fixe",
    }
);

french_enum!(
    /// `prise_en_charge_specifique` of a place.
    PriseEnCharge {
        Surdite = "Surdité",
        HandicapsMoteurs = "Handicaps moteurs",
        HandicapsMentaux = "Handicaps mentaux",
        Illettrisme = "Illettrisme",
        Anglais = "Langues étrangères (anglais)",
        AutresLangues = "Langues étrangères (autres)",
        DeficienceVisuelle = "Déficience visuelle",
    }
);

french_enum!(
    /// `frais_a_charge` of a place.
    Frais {
        Gratuit = "Gratuit",
        SousCondition = "Gratuit sous condition",
        Payant = "Payant",
    }
);

french_enum!(
    /// `dispositif_programmes_nationaux` of a place.
    Dispositif {
        AidantsConnect = "Aidants Connect",
        Bibliotheques = "Bibliothèques numérique de référence",
        Pix = "Certification PIX",
        Conseillers = "Conseillers numériques",
        Emmaus = "Emmaüs Connect",
        FranceServices = "France Services",
        GrandeEcole = "Grande école du numérique",
        CroixRouge = "La Croix Rouge",
        PointCaf = "Point d'accès numérique CAF",
        Promeneurs = "Promeneurs du net",
        RelaisEmmaus = "Relais numérique (Emmaüs Connect)",
    }
);

french_enum!(
    /// `formations_labels` of a place.
    FormationLabel {
        MonEspaceSante = "Formé à « Mon Espace Santé »",
        Duplex = "Formé à « DUPLEX » (illettrisme)",
        Arnia = "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
        Reemploi = "Collectif ressources et acteurs réemploi (Normandie)",
        EtapesNumeriques = "Étapes numériques(La Poste)",
        Fabriques = "Fabriques de Territoire",
        Eclaireurs = "Les Éclaireurs du numérique (Drôme)",
        MesPapiers = "Mes Papiers (Métropole de Lyon)",
        Ordi = "ORDI 3.0",
        SudLabs = "SUD LABS (PACA)",
    }
);

french_enum!(
    /// `modalites_acces` of a place.
    ModaliteAcces {
        SePresenter = "Se présenter",
        Telephoner = "Téléphoner",
        Courriel = "Contacter par mail",
        RdvEnLigne = "Prendre un RDV en ligne",
        SansPublic = "Ce lieu n'accueille pas de public",
        Prescription = "Envoyer un mail avec une fiche de prescription",
    }
);

french_enum!(
    /// `sens` of an indicator: which direction is progress.
    Sens {
        Hausse = "hausse",
        Baisse = "baisse",
    }
);

french_enum!(
    /// `statut` of a roadmap action.
    ActionStatut {
        ALancer = "a-lancer",
        EnCours = "en-cours",
        Realisee = "realisee",
        Abandonnee = "abandonnee",
    }
);

french_enum!(
    /// `edition.forge` in site.yaml.
    Forge {
        Gitlab = "gitlab",
        Github = "github",
        Gitea = "gitea",
    }
);
