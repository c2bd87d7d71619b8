/*!
The web editor `/admin/`: Decap CMS (vendored in the theme) and its `config.yml`, made from the
content format at each build, never written by hand.

Every key of every kind of file is described once here with its French label, its hint and its
widget (a `select` for each enumeration, whose options are the enumeration's values; a
`relation` for each reference: actor ids, indicator codes, model slugs; `datetime` for dates);
a test checks the description against the keys serde accepts, so it cannot drift from the
format. The collections follow the site: one entry per territory for its card, presentation,
actors, measures and roadmap, one folder collection per territory for its documents, plus the
home page, the models, the free pages and the référentiel. List files are saved under their key
(`acteurs:`, `mesures:`, `indicateurs:`), which the format accepts (Decap cannot edit a bare
list).

Without `edition` in `site.yaml`, no `/admin/` is written.
*/

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::model::Site;
use crate::model::schema::{
    ActionStatut, Categorie, ComiteType, DocStatut, DocType, Echelon, Edition, Forge, Frequence,
    Modalite, Public, Role, Sens, Service,
};
use crate::model::validate::PageKind;
use crate::products::OutputFile;

/// How a key is edited.
#[derive(Debug, Clone)]
enum Widget {
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
struct Field {
    name: Cow<'static, str>,
    label: Cow<'static, str>,
    hint: &'static str,
    widget: Widget,
    required: bool,
}

fn f(
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

fn select(options: &'static [&'static str]) -> Widget {
    Widget::Select {
        options,
        multiple: false,
    }
}

fn multi(options: &'static [&'static str]) -> Widget {
    Widget::Select {
        options,
        multiple: true,
    }
}

use Widget::{Boolean, Date, Markdown, Strings, Text};

/// `territoire.yaml`.
fn territory_fields() -> Vec<Field> {
    vec![
        f("nom", "Nom officiel", Widget::String).required(),
        f("nom_court", "Nom court", Widget::String)
            .hint("Affiché dans les menus et les listes (par exemple « La Rochelle »)."),
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

fn link_fields() -> Vec<Field> {
    vec![
        f("titre", "Titre", Widget::String).required(),
        f("url", "Adresse", Widget::String)
            .required()
            .hint("Adresse complète, commençant par https://"),
    ]
}

fn source_fields() -> Vec<Field> {
    vec![
        f("titre", "Titre", Widget::String).required(),
        f("url", "Adresse", Widget::String),
        f("date", "Date", Date),
    ]
}

/// An actor of `acteurs.yaml` (keys of the national schema of lieux de médiation numérique).
fn actor_fields() -> Vec<Field> {
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
    ]
}

/// A measure of a territory's `indicateurs.yaml`.
fn measure_fields() -> Vec<Field> {
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
fn indicator_fields() -> Vec<Field> {
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
/// it use ([`PageKind::forbidden`]).
fn front_matter_fields(variables: &[String]) -> Vec<Field> {
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
fn page_fields(kind: PageKind, variables: &[String]) -> Vec<Field> {
    let mut fields: Vec<Field> = front_matter_fields(variables)
        .into_iter()
        .filter(|f| !kind.forbidden().contains(&f.name.as_ref()))
        .map(|f| {
            // A model names the kind of document it is a model of.
            if kind == PageKind::Model && f.name == "type" {
                f.required()
            } else {
                f
            }
        })
        .collect();
    fields.push(body());
    fields
}

fn body() -> Field {
    f("body", "Texte", Markdown)
        .hint("Sections en « ## Titre » ; les liens vers d'autres fichiers du site sont vérifiés.")
}

/// A field as Decap reads it; `territory` scopes actor relations.
fn field_json(field: &Field, territory: &str) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(field.name));
    m.insert("label".into(), json!(field.label));
    m.insert("required".into(), json!(field.required));
    if !field.hint.is_empty() {
        m.insert("hint".into(), json!(field.hint));
    }
    let mut put = |k: &str, v: Value| {
        m.insert(k.into(), v);
    };
    match &field.widget {
        Widget::String => put("widget", json!("string")),
        Widget::Text => put("widget", json!("text")),
        Widget::Markdown => put("widget", json!("markdown")),
        Widget::Number { int } => {
            put("widget", json!("number"));
            put("value_type", json!(if *int { "int" } else { "float" }));
        }
        Widget::Boolean => put("widget", json!("boolean")),
        Widget::Date => {
            put("widget", json!("datetime"));
            put("format", json!("YYYY-MM-DD"));
            put("date_format", json!("DD/MM/YYYY"));
            put("time_format", json!(false));
            put("picker_utc", json!(true));
        }
        Widget::Select { options, multiple } => {
            put("widget", json!("select"));
            put("options", json!(options));
            put("multiple", json!(multiple));
        }
        Widget::Actors { multiple } => {
            put("widget", json!("relation"));
            put("collection", json!("acteurs"));
            put("file", json!(territory));
            put("value_field", json!("acteurs.*.id"));
            put("search_fields", json!(["acteurs.*.nom", "acteurs.*.id"]));
            put("display_fields", json!(["acteurs.*.nom"]));
            put("multiple", json!(multiple));
        }
        Widget::Indicators { multiple } => {
            put("widget", json!("relation"));
            put("collection", json!("referentiel"));
            put("file", json!("indicateurs"));
            put("value_field", json!("indicateurs.*.code"));
            put(
                "search_fields",
                json!(["indicateurs.*.code", "indicateurs.*.nom"]),
            );
            put(
                "display_fields",
                json!(["indicateurs.*.code", "indicateurs.*.nom"]),
            );
            put("multiple", json!(multiple));
        }
        Widget::Model => {
            put("widget", json!("relation"));
            put("collection", json!("modeles"));
            put("value_field", json!("{{slug}}"));
            put("search_fields", json!(["titre"]));
            put("display_fields", json!(["titre"]));
        }
        Widget::Strings => put("widget", json!("list")),
        Widget::List(fields) => {
            put("widget", json!("list"));
            if let Some(summary) = summary(fields) {
                put("summary", json!(summary));
            }
            put("fields", fields_json(fields, territory));
        }
        Widget::Object(fields) => {
            put("widget", json!("object"));
            put("fields", fields_json(fields, territory));
        }
    }
    Value::Object(m)
}

/// What a folded item of a list shows: its name or title, else its first keys.
fn summary(fields: &[Field]) -> Option<String> {
    let has = |n: &str| fields.iter().any(|f| f.name == n);
    if has("nom") {
        Some("{{fields.nom}}".into())
    } else if has("titre") {
        Some("{{fields.titre}}".into())
    } else {
        let first: Vec<String> = fields
            .iter()
            .filter(|f| f.required)
            .take(2)
            .map(|f| format!("{{{{fields.{}}}}}", f.name))
            .collect();
        (!first.is_empty()).then(|| first.join(" · "))
    }
}

fn fields_json(fields: &[Field], territory: &str) -> Value {
    Value::Array(fields.iter().map(|x| field_json(x, territory)).collect())
}

/// A list file edited as one list under its key.
fn list_file(
    name: &str,
    label: &str,
    file: String,
    key: &'static str,
    item: &'static str,
    fields: Vec<Field>,
    territory: &str,
) -> Value {
    let list = Field {
        name: key.into(),
        label: item.into(),
        hint: "",
        widget: Widget::List(fields),
        required: false,
    };
    json!({ "name": name, "label": label, "file": file, "fields": [field_json(&list, territory)] })
}

/// The `backend` section: the forge, with PKCE login for GitLab and Gitea.
fn backend(e: &Edition) -> Value {
    let mut b = Map::new();
    b.insert("name".into(), json!(e.forge.as_str()));
    b.insert("repo".into(), json!(e.depot.value));
    let branch = e
        .branche
        .as_ref()
        .map(|b| b.value.as_str())
        .unwrap_or("main");
    b.insert("branch".into(), json!(branch));
    let url = e
        .url
        .as_ref()
        .map(|u| u.value.trim_end_matches('/').to_string());
    match e.forge {
        Forge::Gitlab | Forge::Gitea => {
            b.insert("auth_type".into(), json!("pkce"));
            if let Some(id) = &e.app_id {
                b.insert("app_id".into(), json!(id.value));
            }
            let api = if e.forge == Forge::Gitlab {
                "api/v4"
            } else {
                "api/v1"
            };
            if let Some(url) = url {
                b.insert("base_url".into(), json!(url));
                b.insert("api_root".into(), json!(format!("{url}/{api}")));
            }
        }
        Forge::Github => {
            if let Some(auth) = &e.authentification {
                b.insert("base_url".into(), json!(auth.value));
            }
            if let Some(url) = url {
                b.insert("api_root".into(), json!(format!("{url}/api/v3")));
            }
        }
    }
    Value::Object(b)
}

/// The Decap configuration of `site` published at `base_url` (from `--base-url` or
/// `url_de_base`, resolved by the renderer), or `None` without `edition` in `site.yaml`.
pub fn config(site: &Site, base_url: Option<&str>) -> Option<Value> {
    let c = site.config.as_ref()?;
    let edition = c.edition.as_ref()?;
    let mut variables: Vec<String> = site
        .models
        .iter()
        .flat_map(|m| crate::model::adoption::model_variables(&m.body))
        .collect();
    variables.sort();
    variables.dedup();
    let territories: Vec<_> = site
        .territories
        .iter()
        .filter(|t| t.card.is_some())
        .collect();
    let path = |t: &str, file: &str| format!("content/territoires/{t}/{file}");
    let page = |kind| page_fields(kind, &variables);
    let mut cards = Vec::new();
    let mut actors = Vec::new();
    let mut measures = Vec::new();
    let mut roadmaps = Vec::new();
    let mut documents = Vec::new();
    for t in &territories {
        let (slug, name) = (t.slug.as_str(), t.short_name());
        cards.push(json!({
            "name": format!("{slug}-fiche"), "label": format!("{name} — fiche"),
            "file": path(slug, "territoire.yaml"), "fields": fields_json(&territory_fields(), slug),
        }));
        if t.index.is_some() {
            cards.push(json!({
                "name": format!("{slug}-presentation"), "label": format!("{name} — présentation"),
                "file": path(slug, "index.md"), "fields": fields_json(&page(PageKind::Plain), slug),
            }));
        }
        actors.push(list_file(
            slug,
            name,
            path(slug, "acteurs.yaml"),
            "acteurs",
            "Acteurs",
            actor_fields(),
            slug,
        ));
        measures.push(list_file(
            slug,
            name,
            path(slug, "indicateurs.yaml"),
            "mesures",
            "Mesures",
            measure_fields(),
            slug,
        ));
        if t.roadmap.is_some() {
            roadmaps.push(json!({
                "name": slug, "label": name, "file": path(slug, "feuille-de-route.md"),
                "fields": fields_json(&page(PageKind::Roadmap), slug),
            }));
        }
        documents.push(json!({
            "name": format!("documents-{slug}"), "label": format!("Documents — {name}"),
            "label_singular": "Document", "folder": path(slug, "documents"), "create": true,
            "extension": "md", "format": "frontmatter", "identifier_field": "titre",
            "fields": fields_json(&page(PageKind::Document), slug),
        }));
    }
    let files = |name: &str, label: &str, files: Vec<Value>| json!({ "name": name, "label": label, "editor": { "preview": false }, "files": files });
    let mut collections = vec![
        files("territoires", "Territoires", cards),
        files("acteurs", "Acteurs", actors),
        files("mesures", "Mesures d'indicateurs", measures),
        files("feuilles-de-route", "Feuilles de route", roadmaps),
    ];
    collections.extend(documents);
    collections.push(json!({
        "name": "modeles", "label": "Modèles partagés", "label_singular": "Modèle",
        "folder": "content/modeles", "create": true, "extension": "md", "format": "frontmatter",
        "identifier_field": "titre", "fields": fields_json(&page(PageKind::Model), ""),
    }));
    if site.home.is_some() {
        collections.push(files(
            "accueil",
            "Accueil",
            vec![json!({
                "name": "accueil", "label": "Page d'accueil", "file": "content/index.md",
                "fields": fields_json(&page(PageKind::Plain), ""),
            })],
        ));
    }
    collections.push(json!({
        "name": "pages", "label": "Pages", "label_singular": "Page",
        "folder": "content/pages", "create": true, "extension": "md", "format": "frontmatter",
        "identifier_field": "titre", "fields": fields_json(&page(PageKind::Plain), ""),
    }));
    collections.push(files(
        "referentiel",
        "Référentiel d'indicateurs",
        vec![list_file(
            "indicateurs",
            "Indicateurs",
            "content/referentiel/indicateurs.yaml".into(),
            "indicateurs",
            "Indicateurs",
            indicator_fields(),
            "",
        )],
    ));
    let mut config = json!({
        "backend": backend(edition),
        "local_backend": true,
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        "media_folder": "content/static/images",
        "public_folder": "/images",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    });
    if let Some(url) = base_url {
        config["site_url"] = json!(url);
    }
    Some(config)
}

/// The Content-Security-Policy of `/admin/`: Decap CMS is one script of the site, but it
/// injects its styles, may build functions from text, shows pictures from the forge and the
/// editor's files (`blob:`), and talks to the forge's API (`https:`) or, when tried locally, to
/// `decap-server` on the loopback. Nothing an editor writes is shown there as HTML.
pub const ADMIN_POLICY: &str = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self' https: http://localhost:* http://127.0.0.1:*; frame-src 'self' https:; object-src 'none'; base-uri 'self'";

/// `/admin/`: its page, its configuration and, with `assets`, Decap CMS itself (6 MB, which
/// the preview writes only on full rebuilds), when `site.yaml` has `edition`; `base_url` is the
/// site's address, if known.
pub fn files(
    site: &Site,
    admin: &std::collections::BTreeMap<String, &'static [u8]>,
    assets: bool,
    base_url: Option<&str>,
) -> Vec<OutputFile> {
    let Some(config) = config(site, base_url) else {
        return Vec::new();
    };
    let title = site.title();
    let mut yaml = String::from(
        "# Fait par ctin build à partir du format du contenu : ne pas modifier à la main.\n",
    );
    yaml.push_str(&serde_saphyr::to_string(&config).unwrap_or_default());
    let page = format!(
        "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Modifier le contenu — {}</title>\n<link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n<body>\n<script src=\"decap-cms/decap-cms.js\"></script>\n</body>\n</html>\n",
        ADMIN_POLICY,
        title.replace('&', "&amp;").replace('<', "&lt;")
    );
    let mut out = vec![
        OutputFile {
            path: "admin/index.html".into(),
            bytes: page.into_bytes(),
        },
        OutputFile {
            path: "admin/config.yml".into(),
            bytes: yaml.into_bytes(),
        },
    ];
    if assets {
        out.extend(admin.iter().map(|(path, bytes)| OutputFile {
            path: format!("admin/{path}"),
            bytes: bytes.to_vec(),
        }));
    }
    out
}
