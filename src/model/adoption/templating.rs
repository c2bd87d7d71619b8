//! A model's text filled with a territory's values (Tera), bounded in time and size; the
//! neutral values a model's own page shows.

use super::*;

/// A value of the template context: text or a map of values.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Ctx {
    /// A text.
    Text(String),
    /// Named values.
    Map(BTreeMap<String, Ctx>),
}

/// The given texts by name (absent values left out).
pub(super) fn fields<const N: usize>(
    entries: [(&str, Option<String>); N],
) -> BTreeMap<String, Ctx> {
    entries
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), Ctx::Text(v))))
        .collect()
}

pub(super) fn map<const N: usize>(entries: [(&str, Option<String>); N]) -> Ctx {
    Ctx::Map(fields(entries))
}

/// The names `x` of every `variables.x` the model uses.
pub fn model_variables(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = source;
    while let Some(i) = rest.find("variables.") {
        let before_ok = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        rest = &rest[i + "variables.".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if before_ok && !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

/// What a model adopted in territory `t` reads of it (`territoire`).
pub fn territory_fields(t: &Territory) -> Ctx {
    match &t.card {
        Some(card) => {
            let mut fields = fields([
                ("slug", Some(t.slug.clone())),
                ("nom", Some(card.nom.clone())),
                ("nom_officiel", Some(t.official_name())),
                ("nom_court", Some(t.short_name_with_article())),
                (
                    "code",
                    card.code.as_ref().map(|c| c.value.trim().to_string()),
                ),
                ("echelon", Some(card.echelon.as_str().to_string())),
                (
                    "engage_le",
                    card.engage_le.as_ref().map(|d| d.value.clone()),
                ),
            ]);
            if let Some(c) = &card.coordination {
                fields.insert(
                    "coordination".into(),
                    map([
                        ("nom", Some(c.nom.clone())),
                        ("fonction", c.fonction.clone()),
                        ("courriel", c.courriel.as_ref().map(|s| s.value.clone())),
                        ("structure", c.structure.as_ref().map(|s| s.value.clone())),
                    ]),
                );
            }
            Ctx::Map(fields)
        }
        None => map([
            ("slug", Some(t.slug.clone())),
            ("nom", Some(t.slug.clone())),
        ]),
    }
}

/// The context of a model adopted by `doc` in territory `t`.
pub fn territory_context(t: &Territory, doc: &MarkdownFile) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("territoire", &territory_fields(t));
    let f = &doc.front;
    ctx.insert(
        "document",
        &map([
            ("titre", Some(f.titre.clone())),
            ("adopte_le", f.adopte_le.as_ref().map(|d| d.value.clone())),
            ("date", f.date.as_ref().map(|d| d.value.clone())),
            (
                "statut",
                f.statut.as_ref().map(|s| s.value.as_str().to_string()),
            ),
        ]),
    );
    let vars: BTreeMap<String, String> = f
        .variables
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.value.clone()))
        .collect();
    ctx.insert("variables", &vars);
    ctx
}

/// The context of a model shown on its own: placeholders in brackets.
pub fn neutral_context(model_source: &str) -> tera::Context {
    let p = |s: &str| Some(format!("[{s}]"));
    let mut ctx = tera::Context::new();
    let mut territoire = fields([
        ("slug", p("territoire")),
        ("nom", p("nom du territoire")),
        ("nom_officiel", p("nom officiel du territoire")),
        ("nom_court", p("nom court du territoire")),
        ("code", p("code officiel du territoire")),
        ("echelon", p("échelon")),
        ("engage_le", p("date d'engagement")),
    ]);
    territoire.insert(
        "coordination".into(),
        map([
            ("nom", p("nom de la personne chargée de la coordination")),
            ("fonction", p("fonction")),
            ("courriel", p("courriel")),
            ("structure", p("structure de coordination")),
        ]),
    );
    ctx.insert("territoire", &Ctx::Map(territoire));
    ctx.insert(
        "document",
        &map([
            ("titre", p("titre du document")),
            ("adopte_le", p("date d'adoption")),
            ("date", p("date")),
            ("statut", p("statut")),
        ]),
    );
    let vars: BTreeMap<String, String> = model_variables(model_source)
        .into_iter()
        .map(|v| (v.clone(), format!("[{}]", v.replace('_', " "))))
        .collect();
    ctx.insert("variables", &vars);
    ctx
}

/// Renders a model's body; an error is (line in the body, French message).
pub fn render_model(body: &str, ctx: &tera::Context) -> Result<String, (u32, String)> {
    let (body, ctx) = (body.to_string(), ctx.clone());
    bounded(may_loop(&body), move || {
        let mut tera = tera::Tera::default();
        crate::geo::filters::register(&mut tera);
        tera.render_str(&body, &ctx, false)
            .map_err(|e| tera_error(&e))
    })
}

/// Renders the compiled model `name` (whose text is `source`) with `ctx`, bounded like
/// [`render_model`].
pub(super) fn render_compiled(
    compiled: &Arc<tera::Tera>,
    name: &str,
    source: &str,
    ctx: tera::Context,
) -> Result<String, (u32, String)> {
    let (compiled, name) = (compiled.clone(), name.to_string());
    bounded(may_loop(source), move || {
        compiled.render(&name, &ctx).map_err(|e| tera_error(&e))
    })
}

/// True when a template has a tag that can repeat or bring in other text (`for`, `include`,
/// `import`, `extends`, `macro`): only then can its rendering last long. Others are rendered
/// at once, without the cost of a bounded thread (thousands of documents adopt models).
pub(super) fn may_loop(template: &str) -> bool {
    template.match_indices("{%").any(|(i, _)| {
        let tag = template[i + 2..].trim_start_matches(|c: char| c == '-' || c.is_whitespace());
        ["for", "include", "import", "extends", "macro"]
            .iter()
            .any(|k| tag.starts_with(k))
    })
}

/// Longest text a model may produce (a document is at most 4 Mio too).
pub(super) const MAX_RENDERED: usize = crate::content::MAX_FILE_BYTES as usize;

/// A model's rendering, bounded in time (`CTIN_DELAI_MODELE` seconds, 10 by default) and in
/// size: models are written by editors, and a loop can be made to last for ever.
pub(super) fn bounded(
    may_loop: bool,
    render: impl FnOnce() -> Result<String, (u32, String)> + Send + 'static,
) -> Result<String, (u32, String)> {
    let limit = crate::deadline::limit("CTIN_DELAI_MODELE", 10);
    let made = if may_loop {
        crate::deadline::run("ctin-modele", limit, 16 << 20, render)
    } else {
        Some(render())
    };
    let text = made.unwrap_or_else(|| {
        Err((
            0,
            format!(
                "le modèle n'a pas fini d'être rempli en {} s : une boucle `{{% for %}}` trop longue ?",
                limit.as_secs_f64()
            ),
        ))
    })?;
    if text.len() > MAX_RENDERED {
        return Err((
            0,
            format!(
                "le modèle rempli dépasse {} Mio : une boucle `{{% for %}}` trop longue ?",
                MAX_RENDERED >> 20
            ),
        ));
    }
    Ok(text)
}

pub(super) fn tera_error(e: &tera::Error) -> (u32, String) {
    let (line, detail) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            (r.span().start_line as u32, r.message().to_string())
        }
        other => (0, other.to_string()),
    };
    let message = if let Some(name) = detail
        .split('`')
        .nth(1)
        .filter(|_| detail.contains("not defined"))
    {
        format!("le modèle utilise `{name}`, qui n'est pas défini ici")
    } else {
        format!("expression de modèle invalide (détail : {detail})")
    };
    (line, message)
}
