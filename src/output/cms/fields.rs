//! The keys of each content file as the editor's forms show them: label, hint, widget and
//! whether they are required.

use super::*;

/// How a key is edited.
#[derive(Debug, Clone)]
pub(super) enum Widget {
    /// One line of text.
    String,
    /// Several lines of plain text.
    Text,
    /// Markdown (page bodies).
    Markdown,
    /// A number (`int`: whole numbers only).
    Number { int: bool },
    /// Yes or no.
    Boolean,
    /// A day, saved as `AAAA-MM-JJ`.
    Date,
    /// One value (or several) of an enumeration.
    Select {
        options: &'static [&'static str],
        multiple: bool,
    },
    /// Ids of actors of the territory.
    Actors { multiple: bool },
    /// Codes of the référentiel.
    Indicators { multiple: bool },
    /// The slug of a shared model.
    Model,
    /// A list of short texts.
    Strings,
    /// A list of items with these keys.
    List(Vec<Field>),
    /// A group of keys.
    Object(Vec<Field>),
}

/// One key of a content file in the editor's forms.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: Cow<'static, str>,
    pub(super) label: Cow<'static, str>,
    pub(super) hint: &'static str,
    pub(super) widget: Widget,
    pub(super) required: bool,
}

pub(super) fn f(
    name: impl Into<Cow<'static, str>>,
    label: impl Into<Cow<'static, str>>,
    widget: Widget,
) -> Field {
    Field {
        name: name.into(),
        label: label.into(),
        hint: "",
        widget,
        required: false,
    }
}

impl Field {
    fn required(mut self) -> Self {
        self.required = true;
        self
    }

    fn hint(mut self, hint: &'static str) -> Self {
        self.hint = hint;
        self
    }
}

pub(super) fn select(options: &'static [&'static str]) -> Widget {
    Widget::Select {
        options,
        multiple: false,
    }
}

pub(super) fn multi(options: &'static [&'static str]) -> Widget {
    Widget::Select {
        options,
        multiple: true,
    }
}

pub(super) use Widget::{Boolean, Date, Markdown, Strings, Text};

/// `territoire.yaml`.
pub(super) fn territory_fields() -> Vec<Field> {
    vec![
        f("nom", "Nom", Widget::String).required(),
        f("code", "Code officiel", Widget::String).hint(
            "SIREN de l'intercommunalité (9 chiffres) ou code du département (« 17 », « 2A ») : ctin en tire le nom officiel, les communes et la population.",
        ),
        f("nom_officiel", "Nom officiel avec son article", Widget::String).hint(
            "Par exemple « la communauté d'agglomération de La Rochelle » ; sans lui, ctin le tire du code.",
        ),
        f("nom_court", "Nom court avec son article", Widget::String)
            .hint("Par exemple « le Sicoval », « la Haute-Garonne », « Lille » ; sans lui, ctin le tire du code."),
        f("echelon", "Échelon", select(Echelon::NAMES)).required(),
        f("departements", "Départements", Strings)
            .hint("Codes des départements : « 17 », « 2A », « 974 »."),
        f("engage_le", "Engagé le", Date),
        f(
            "coordination",
            "Coordination",
            Widget::Object(vec![
                f("nom", "Nom", Widget::String).required(),
                f("fonction", "Fonction", Widget::String),
                f("courriel", "Courriel", Widget::String),
                f(
                    "structure",
                    "Structure (acteur)",
                    Widget::Actors { multiple: false },
                ),
            ]),
        ),
        f(
            "conseillers_numeriques",
            "Conseillers numériques",
            Widget::Number { int: true },
        ),
        f(
            "budget",
            "Budget",
            Widget::List(vec![
                f("montant", "Montant (€)", Widget::Number { int: false }).required(),
                f("periode", "Période", Widget::String).required(),
                f("financeur", "Financeur", Widget::String)
                    .required()
                    .hint("Identifiant d'un acteur ou nom du financeur."),
                f("objet", "Objet", Widget::String).required(),
            ]),
        ),
        f(
            "comites",
            "Comités",
            Widget::List(vec![
                f("nom", "Nom", Widget::String).required(),
                f("type", "Type", select(ComiteType::NAMES)).required(),
                f("frequence", "Fréquence", select(Frequence::NAMES)),
                f("composition", "Composition", Strings).hint("Identifiants d'acteurs ou noms."),
            ]),
        ),
        f(
            "calendrier",
            "Calendrier",
            Widget::List(vec![
                f("date", "Date", Date).required(),
                f("evenement", "Événement", Widget::String).required(),
            ]),
        ),
        f("liens", "Liens", Widget::List(link_fields())),
        f("sources", "Sources", Widget::List(source_fields()))
            .hint("D'où viennent les informations de la page."),
    ]
}

pub(super) fn link_fields() -> Vec<Field> {
    vec![
        f("titre", "Titre", Widget::String).required(),
        f("url", "Adresse", Widget::String)
            .required()
            .hint("Adresse complète, commençant par https://"),
    ]
}

pub(super) fn source_fields() -> Vec<Field> {
    vec![
        f("titre", "Titre", Widget::String).required(),
        f("url", "Adresse", Widget::String),
        f("date", "Date", Date),
    ]
}

/// An actor of `acteurs.yaml` (keys of the national schema of lieux de médiation numérique).
pub(super) fn actor_fields() -> Vec<Field> {
    vec![
        f("id", "Identifiant", Widget::String)
            .required()
            .hint("Court, en minuscules et tirets (par exemple « centre-social-nord ») ; ne le changez plus une fois publié."),
        f("nom", "Nom", Widget::String).required(),
        f("categorie", "Catégorie", select(Categorie::NAMES)).required(),
        f("roles", "Rôles", multi(Role::NAMES)),
        f("pivot", "SIRET ou RNA", Widget::String),
        f("adresse", "Adresse", Widget::String),
        f("complement_adresse", "Complément d'adresse", Widget::String),
        f("code_postal", "Code postal", Widget::String),
        f("commune", "Commune", Widget::String),
        f("code_insee", "Code INSEE", Widget::String),
        f("latitude", "Latitude", Widget::Number { int: false }),
        f("longitude", "Longitude", Widget::Number { int: false }),
        f("telephone", "Téléphone", Widget::String),
        f("courriels", "Courriels", Strings),
        f("site_web", "Site web", Widget::String),
        f("horaires", "Horaires", Widget::String)
            .hint("Syntaxe OpenStreetMap, par exemple « Mo-Fr 09:00-12:00 »."),
        f("services", "Services", multi(Service::NAMES)),
        f(
            "publics_specifiquement_adresses",
            "Publics spécifiquement adressés",
            multi(Public::NAMES),
        ),
        f(
            "modalites_accompagnement",
            "Modalités d'accompagnement",
            multi(Modalite::NAMES),
        ),
        f("presentation_resume", "Présentation courte", Text),
        f(
            "conseillers_numeriques",
            "Conseillers numériques",
            Widget::Number { int: true },
        ),
        f("date_maj", "Informations vérifiées le", Date),
        f("typologie", "Typologie (codes du schéma national)", Strings),
        f("presentation_detail", "Présentation détaillée", Text),
        f("itinerance", "Itinérance", multi(Itinerance::NAMES)),
        f("structure_parente", "Structure parente", Widget::String),
        f(
            "prise_en_charge_specifique",
            "Prise en charge spécifique",
            multi(PriseEnCharge::NAMES),
        ),
        f("frais_a_charge", "Frais à charge", multi(Frais::NAMES)),
        f(
            "dispositif_programmes_nationaux",
            "Dispositifs et programmes nationaux",
            multi(Dispositif::NAMES),
        ),
        f(
            "formations_labels",
            "Formations et labels",
            multi(FormationLabel::NAMES),
        ),
        f("autres_formations_labels", "Autres formations et labels", Strings),
        f("modalites_acces", "Modalités d'accès", multi(ModaliteAcces::NAMES)),
        f("fiche_acces_libre", "Fiche Acceslibre", Widget::String),
        f("prise_rdv", "Prise de rendez-vous en ligne", Widget::String),
        f("source", "Source des données", Widget::String)
            .hint("Qui a recueilli les informations du lieu (rempli par l'import des données nationales)."),
        f("id_source", "Identifiant dans les données nationales", Widget::String)
            .hint("Rempli par `ctin import lieux` : ne le changez pas."),
    ]
}

/// A measure of a territory's `indicateurs.yaml`.
pub(super) fn measure_fields() -> Vec<Field> {
    vec![
        f(
            "indicateur",
            "Indicateur",
            Widget::Indicators { multiple: false },
        )
        .required(),
        f("periode", "Période", Widget::String)
            .required()
            .hint("Année (« 2023 »), mois (« 2023-05 ») ou jour."),
        f("valeur", "Valeur", Widget::Number { int: false }).required(),
        f("source", "Source", Widget::String),
        f("commentaire", "Commentaire", Widget::String),
    ]
}

/// An indicator of the référentiel.
pub(super) fn indicator_fields() -> Vec<Field> {
    vec![
        f("code", "Code", Widget::String)
            .required()
            .hint("Unique, par exemple « IND-05 »."),
        f("nom", "Nom", Widget::String).required(),
        f("definition", "Définition", Text).required(),
        f("unite", "Unité", Widget::String).required(),
        f("sens", "Sens souhaité", select(Sens::NAMES)),
        f("famille", "Famille", Widget::String),
        f(
            "par_habitants",
            "Comparer pour … habitants",
            Widget::Number { int: true },
        )
        .hint("Par exemple 10 000 : les comparaisons montrent aussi la valeur pour 10 000 habitants des territoires dont ctin connaît la population."),
        f(
            "cible",
            "Cible nationale",
            Widget::Object(vec![
                f("valeur", "Valeur", Widget::Number { int: false }).required(),
                f("source", "Source", Widget::String).required(),
                f("echeance", "Échéance", Date),
            ]),
        ),
    ]
}

/// Every front matter key of the Markdown files; each kind of page keeps those the format lets
/// it use ([`FrontMatterKind::forbidden`]).
pub(super) fn front_matter_fields(variables: &[String]) -> Vec<Field> {
    // The variables the models use, each as an optional text.
    let names: Vec<Field> = variables
        .iter()
        .map(|v| f(v.clone(), v.clone(), Widget::String))
        .collect();
    vec![
        f("titre", "Titre", Widget::String).required(),
        f("resume", "Résumé", Text).hint("Un paragraphe, montré dans les listes."),
        f("date", "Date", Date),
        f("mis_a_jour", "Mis à jour le", Date)
            .hint("Laissez vide : la date vient de l'historique git."),
        f("brouillon", "Brouillon", Boolean).hint("Un brouillon n'est pas publié."),
        f("ordre", "Ordre", Widget::Number { int: true })
            .hint("Rang dans les menus et les listes."),
        f("type", "Type", select(DocType::NAMES)),
        f("statut", "Statut", select(DocStatut::NAMES)),
        f("adopte_le", "Adopté le", Date),
        f("signataires", "Signataires", Strings).hint("Identifiants d'acteurs ou noms."),
        f("modele", "Modèle adopté", Widget::Model)
            .hint("Le document reprend les sections du modèle qu'il ne réécrit pas."),
        f(
            "variables",
            "Valeurs des variables du modèle",
            Widget::Object(names),
        )
        .hint("Remplacent les {{ variables.x }} du modèle."),
        f("imprimable", "Imprimable", Boolean).hint("Page d'impression et PDF (oui par défaut)."),
        f("horizon", "Horizon (année)", Widget::Number { int: true }),
        f(
            "axes",
            "Axes",
            Widget::List(vec![
                f("id", "Identifiant", Widget::String).required(),
                f("titre", "Titre", Widget::String).required(),
                f("description", "Description", Text),
                f(
                    "actions",
                    "Actions",
                    Widget::List(vec![
                        f("id", "Identifiant", Widget::String).required(),
                        f("titre", "Titre", Widget::String).required(),
                        f("description", "Description", Text),
                        f("porteurs", "Porteurs", Widget::Actors { multiple: true }),
                        f(
                            "partenaires",
                            "Partenaires",
                            Widget::Actors { multiple: true },
                        ),
                        f("statut", "Statut", select(ActionStatut::NAMES)).required(),
                        f("echeance", "Échéance", Date),
                        f("budget", "Budget (€)", Widget::Number { int: false }),
                        f(
                            "indicateurs",
                            "Indicateurs",
                            Widget::Indicators { multiple: true },
                        ),
                    ]),
                )
                .required(),
            ]),
        ),
    ]
}

/// The fields of a kind of Markdown file: its front matter keys, then its text.
pub(super) fn page_fields(kind: FrontMatterKind, variables: &[String]) -> Vec<Field> {
    let mut fields: Vec<Field> = front_matter_fields(variables)
        .into_iter()
        .filter(|f| !kind.forbidden().contains(&f.name.as_ref()))
        .map(|f| {
            // A model names the kind of document it is a model of.
            if kind == FrontMatterKind::Model && f.name == "type" {
                f.required()
            } else {
                f
            }
        })
        .collect();
    fields.push(body());
    fields
}

pub(super) fn body() -> Field {
    f("body", "Texte", Markdown)
        .hint("Sections en « ## Titre » ; les liens vers d'autres fichiers du site sont vérifiés.")
}
