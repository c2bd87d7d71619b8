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

mod fields;

use fields::*;

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::model::Site;
use crate::model::schema::{
    ActionStatut, Categorie, ComiteType, Dispositif, DocStatut, DocType, Echelon, Edition, Forge,
    FormationLabel, Frais, Frequence, Itinerance, Modalite, ModaliteAcces, PriseEnCharge, Public,
    Role, Sens, Service,
};
use crate::model::validate::FrontMatterKind;
use crate::products::OutputFile;

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
        let (slug, name) = (t.slug.as_str(), &t.short_name());
        cards.push(json!({
            "name": format!("{slug}-fiche"), "label": format!("{name} — fiche"),
            "file": path(slug, "territoire.yaml"), "fields": fields_json(&territory_fields(), slug),
        }));
        if t.index.is_some() {
            cards.push(json!({
                "name": format!("{slug}-presentation"), "label": format!("{name} — présentation"),
                "file": path(slug, "index.md"), "fields": fields_json(&page(FrontMatterKind::Plain), slug),
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
                "fields": fields_json(&page(FrontMatterKind::Roadmap), slug),
            }));
        }
        documents.push(json!({
            "name": format!("documents-{slug}"), "label": format!("Documents — {name}"),
            "label_singular": "Document", "folder": path(slug, "documents"), "create": true,
            "extension": "md", "format": "frontmatter", "identifier_field": "titre",
            "fields": fields_json(&page(FrontMatterKind::Document), slug),
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
        "identifier_field": "titre", "fields": fields_json(&page(FrontMatterKind::Model), ""),
    }));
    if site.home.is_some() {
        collections.push(files(
            "accueil",
            "Accueil",
            vec![json!({
                "name": "accueil", "label": "Page d'accueil", "file": "content/index.md",
                "fields": fields_json(&page(FrontMatterKind::Plain), ""),
            })],
        ));
    }
    collections.push(json!({
        "name": "pages", "label": "Pages", "label_singular": "Page",
        "folder": "content/pages", "create": true, "extension": "md", "format": "frontmatter",
        "identifier_field": "titre", "fields": fields_json(&page(FrontMatterKind::Plain), ""),
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
