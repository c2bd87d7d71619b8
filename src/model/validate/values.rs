//! Checks of single values and references, shared by every file's checks: dates, addresses,
//! e-mails, numbers, ids, actor and indicator references.

use super::*;

/// How a list entry refers to actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRef {
    /// Must be an actor id (`porteurs`, `partenaires`).
    IdOnly,
    /// An id when written like one, a free name otherwise (`signataires`, `composition`).
    IdOrName,
}

/// Checks a reference to an actor: `<id>` in territory `t`, or `<territoire>/<id>`.
pub fn check_actor_ref(
    site: &Site,
    t: Option<&Territory>,
    o: &Origin,
    value: &S<String>,
    mode: ActorRef,
    what: &str,
    diags: &mut Diagnostics,
) {
    let v = value.value.trim();
    let pos = o.pos(value);
    let (target, id) = match v.split_once('/') {
        Some((ts, id)) if is_slug(ts) && is_slug(id) => match site.territory(ts) {
            Some(other) => (other, id),
            None => {
                let names = site.territories.iter().map(|t| t.slug.as_str());
                diags.push(
                    Diagnostic::new(
                        code::TERRITOIRE_INCONNU,
                        &o.file,
                        pos,
                        format!("territoire inconnu `{ts}` dans le {what} `{v}`"),
                    )
                    .culprit(v)
                    .maybe_hint(did_you_mean(ts, names)),
                );
                return;
            }
        },
        _ if is_slug(v) => match t {
            Some(t) => (t, v),
            None => return,
        },
        _ if mode == ActorRef::IdOrName => return,
        _ => {
            diags.push(
                Diagnostic::new(
                    code::ACTEUR_INCONNU,
                    &o.file,
                    pos,
                    format!("identifiant d'acteur attendu pour ce {what} : `{v}`"),
                )
                .culprit(v)
                .hint(format!(
                    "écrivez l'`id` d'un acteur de `acteurs.yaml` (par exemple `{}`)",
                    slugify(v)
                )),
            );
            return;
        }
    };
    if !target.actors_known() || target.actor_list().iter().any(|a| a.id.value == id) {
        return;
    }
    let ids: Vec<&str> = target
        .actor_list()
        .iter()
        .map(|a| a.id.value.as_str())
        .collect();
    let place = if t.is_some_and(|t| t.slug == target.slug) {
        "de ce territoire".to_string()
    } else {
        format!("du territoire `{}`", target.slug)
    };
    let mut d = Diagnostic::new(
        code::ACTEUR_INCONNU,
        &o.file,
        pos,
        format!("acteur inconnu `{id}` ({what}) : aucun acteur {place} n'a cet `id`"),
    )
    .culprit(v)
    .maybe_hint(did_you_mean(id, ids.iter().copied()));
    if mode == ActorRef::IdOrName {
        d = d.hint_or("un nom écrit comme un identifiant (minuscules et tirets) doit être l'`id` d'un acteur ; pour un nom libre, écrivez-le avec majuscules ou espaces");
    } else {
        d = d.hint_or(format!(
            "déclarez cet acteur dans `territoires/{}/acteurs.yaml`",
            target.slug
        ));
    }
    diags.push(d);
}

/// Checks that a référentiel code exists.
pub fn check_indicator_ref(site: &Site, o: &Origin, code: &S<String>, diags: &mut Diagnostics) {
    if !site.indicators_known() || site.indicators().iter().any(|i| i.code.value == code.value) {
        return;
    }
    let codes: Vec<&str> = site
        .indicators()
        .iter()
        .map(|i| i.code.value.as_str())
        .collect();
    diags.push(
        Diagnostic::new(
            code::INDICATEUR_INCONNU,
            &o.file,
            o.pos(code),
            format!(
                "indicateur inconnu `{}` : ce code n'est pas dans le référentiel",
                code.value
            ),
        )
        .culprit(code.value.clone())
        .maybe_hint(did_you_mean(&code.value, codes.iter().copied()))
        .hint_or("les codes sont ceux de `content/referentiel/indicateurs.yaml`"),
    );
}

/// Checks a date written `AAAA-MM-JJ`, `AAAA-MM` or `AAAA`.
pub fn check_date(
    o: &Origin,
    value: &S<String>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let date = PartialDate::parse(&value.value);
    if date.is_none() {
        diags.push(
            Diagnostic::new(code::DATE_INVALIDE, &o.file, o.pos(value), format!("date invalide pour `{key}` : « {} »", value.value))
                .culprit(value.value.clone())
                .hint("écrivez une date réelle sous la forme AAAA-MM-JJ, AAAA-MM ou AAAA (par exemple 2021-02-16)"),
        );
    }
    date
}

/// True for an absolute http(s) address with a host (`https://exemple.fr/ctin/`).
pub fn is_web_address(v: &str) -> bool {
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && host.contains('.') || host.starts_with("localhost")
    }) && !v.contains(char::is_whitespace)
}

/// Checks an absolute http(s) URL.
pub fn check_url(o: &Origin, value: &S<String>, key: &str, diags: &mut Diagnostics) {
    let v = value.value.trim();
    if !is_web_address(v) {
        diags.push(
            Diagnostic::new(
                code::URL_INVALIDE,
                &o.file,
                o.pos(value),
                format!("adresse web invalide pour `{key}`"),
            )
            .culprit(v)
            .hint("écrivez une adresse complète commençant par `https://`"),
        );
    }
}

/// Checks an e-mail address.
pub fn check_email(o: &Origin, value: &S<String>, diags: &mut Diagnostics) {
    let v = value.value.trim();
    let ok = v.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && !v.contains(char::is_whitespace);
    if !ok {
        diags.push(
            Diagnostic::new(
                code::COURRIEL_INVALIDE,
                &o.file,
                o.pos(value),
                format!("adresse de courriel invalide : « {v} »"),
            )
            .culprit(v)
            .hint("écrivez une adresse de la forme `prenom.nom@exemple.fr`"),
        );
    }
}

/// Checks that a number is finite and not negative (amounts, values).
pub fn check_number(o: &Origin, value: &S<f64>, key: &str, diags: &mut Diagnostics) {
    if !value.value.is_finite() || value.value < 0.0 {
        diags.push(
            Diagnostic::new(
                code::NOMBRE_INVALIDE,
                &o.file,
                o.pos(value),
                format!("nombre invalide pour `{key}`"),
            )
            .culprit(value.value.to_string())
            .hint("écrivez un nombre positif ou nul"),
        );
    }
}

/// Checks a slug-valued id.
pub fn check_slug_id(o: &Origin, value: &S<String>, what: &str, diags: &mut Diagnostics) {
    if !is_slug(&value.value) {
        diags.push(
            Diagnostic::new(code::SLUG_INVALIDE, &o.file, o.pos(value), format!("identifiant de {what} invalide : `{}`", value.value))
                .culprit(value.value.clone())
                .hint(format!(
                    "un identifiant ne contient que des minuscules sans accent, des chiffres et des tirets : écrivez `{}`",
                    slugify(&value.value)
                )),
        );
    }
}

/// Reports every key seen twice (the second and later occurrences).
pub fn check_unique<'a, I>(o: &Origin, items: I, what: &str, diags: &mut Diagnostics)
where
    I: IntoIterator<Item = (&'a S<String>, String)>,
{
    let mut seen: HashMap<String, Pos> = HashMap::new();
    for (value, key) in items {
        let pos = o.pos(value);
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::new(
                    code::ID_EN_DOUBLE,
                    &o.file,
                    pos,
                    format!("{what} `{}` en double", value.value),
                )
                .culprit(value.value.clone())
                .hint(format!(
                    "déjà utilisé ligne {} : chaque {what} doit être unique",
                    first.line
                )),
            );
        } else {
            seen.insert(key, pos);
        }
    }
}

/// Path of a file, for messages.
pub fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}
