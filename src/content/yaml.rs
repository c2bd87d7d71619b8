//! YAML to typed structs with serde-saphyr, and its errors translated into French diagnostics.
//!
//! Structural problems (syntax, unknown or missing key, wrong type, value outside an
//! enumeration) are found here, one per file since a YAML parser cannot resume after them;
//! problems in values (dates, slugs, references) are found later by `model::validate`.

use serde::de::DeserializeOwned;
use serde_saphyr::{DuplicateKeyPolicy, Error, Options};

use super::Origin;
use crate::diagnostic::{Diagnostic, Pos, code};
use crate::text::{did_you_mean, quote_list, suggest};

/// A value with the position it was read from: the line and column where it is written (for
/// an alias, where the alias is). Read through `serde_saphyr::Spanned`, of which it keeps only
/// that position: a national site holds hundreds of thousands of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct S<T> {
    /// The value.
    pub value: T,
    line: u32,
    column: u32,
}

impl<T> S<T> {
    /// The line (from 1; 0 when unknown) where the value is written in its YAML text.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Its column (from 1).
    pub fn column(&self) -> u32 {
        self.column
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for S<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        Ok(S {
            value: spanned.value,
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            column: u32::try_from(at.column()).unwrap_or(u32::MAX),
        })
    }
}

impl<T: serde::Serialize> serde::Serialize for S<T> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        self.value.serialize(serializer)
    }
}

/// True when the YAML text holds nothing but blank lines and comments.
pub fn is_blank(yaml: &str) -> bool {
    yaml.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    })
}

/// The first key of a document whose root is a map (`None` for a list or a scalar).
pub fn root_key(yaml: &str) -> Option<&str> {
    let line = yaml.lines().map(str::trim_end).find(|l| {
        let t = l.trim_start();
        !t.is_empty() && !t.starts_with('#') && t != "---"
    })?;
    let (key, rest) = line.split_once(':')?;
    let simple = !key.is_empty()
        && !line.starts_with([' ', '-', '[', '{', '"', '\''])
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (simple && (rest.is_empty() || rest.starts_with(' '))).then_some(key)
}

/// The line (from 1) where the root map of `yaml` has the key `key`.
pub fn root_key_line(yaml: &str, key: &str) -> Option<u32> {
    yaml.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
        .map(|i| i as u32 + 1)
}

/// Deserializes `yaml` (which starts at line `origin.offset + 1` of `origin.file`).
pub fn parse<T: DeserializeOwned>(yaml: &str, origin: &Origin) -> Result<T, Diagnostic> {
    let options: Options = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options(yaml, options).map_err(|e| translate(&e, yaml, origin))
}

/// The French diagnostic for a serde-saphyr error.
fn translate(err: &Error, yaml: &str, origin: &Origin) -> Diagnostic {
    let err = unwrap_alias(err);
    let (line, col) = err
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .unwrap_or((0, 0));
    let line_text = yaml
        .lines()
        .nth((line as usize).saturating_sub(1))
        .unwrap_or("");
    let token = token_at(line_text, col);
    let field = key_of_line(line_text, col);
    let in_field = field
        .as_deref()
        .map(|f| format!(" (clé `{f}`)"))
        .unwrap_or_default();
    let pos = if line == 0 {
        Pos::new(origin.offset + 1, 1)
    } else {
        Pos::new(line + origin.offset, col.max(1))
    };
    let file = origin.file.as_path();
    match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => Diagnostic::new(
            code::CLE_INCONNUE,
            file,
            pos,
            format!("clé inconnue `{field}`"),
        )
        .culprit(field.clone())
        .hint(match suggest(field, expected.iter().copied()) {
            Some(best) => format!("vouliez-vous dire `{best}` ?"),
            None => format!("clés possibles ici : {}", quote_list(expected)),
        }),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => Diagnostic::new(
            code::VALEUR_NON_ADMISE,
            file,
            pos,
            format!("valeur « {variant} » non admise{in_field}"),
        )
        .culprit(variant.clone())
        .maybe_hint(did_you_mean(variant, expected.iter().copied())),
        Error::SerdeMissingField { field, .. } => {
            let start = enclosing_start(yaml, line);
            Diagnostic::new(
                code::CLE_MANQUANTE,
                file,
                Pos::new(start + origin.offset, 1),
                format!("la clé obligatoire `{field}` est absente"),
            )
            .hint(format!("ajoutez `{field}: …` à cet ensemble de clés"))
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => Diagnostic::new(
            code::TYPE_INVALIDE,
            file,
            pos,
            format!(
                "type de valeur incorrect{in_field} : {} attendu, {} trouvé",
                expected_fr(expected),
                unexpected_fr(unexpected)
            ),
        )
        .culprit(token)
        .hint(type_hint(expected)),
        Error::Unexpected { expected, .. } => Diagnostic::new(
            code::TYPE_INVALIDE,
            file,
            pos,
            format!(
                "type de valeur incorrect{in_field} : {} attendu",
                expected_fr(expected)
            ),
        )
        .culprit(token)
        .hint(type_hint(expected)),
        Error::SerdeInvalidValue { expected, .. } | Error::SerdeInvalidLength { expected, .. } => {
            Diagnostic::new(
                code::TYPE_INVALIDE,
                file,
                pos,
                format!(
                    "valeur invalide{in_field} : {} attendu",
                    expected_fr(expected)
                ),
            )
            .culprit(token)
            .hint(type_hint(expected))
        }
        Error::InvalidScalar { ty, .. } => Diagnostic::new(
            code::TYPE_INVALIDE,
            file,
            pos,
            format!("valeur invalide{in_field} : {} attendu", expected_fr(ty)),
        )
        .culprit(token)
        .hint(type_hint(ty)),
        Error::InvalidBooleanStrict { .. } => Diagnostic::new(
            code::TYPE_INVALIDE,
            file,
            pos,
            format!("valeur booléenne attendue{in_field}"),
        )
        .culprit(token)
        .hint("écrivez `true` (oui) ou `false` (non)"),
        Error::NullIntoString { .. } => Diagnostic::new(
            code::VALEUR_VIDE,
            file,
            pos,
            format!("valeur vide{in_field}"),
        )
        .hint(
            "écrivez une valeur après les deux-points, ou retirez la clé si elle est facultative",
        ),
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_default();
            Diagnostic::new(
                code::CLE_EN_DOUBLE,
                file,
                pos,
                format!("clé `{key}` écrite deux fois"),
            )
            .culprit(key)
        }
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => Diagnostic::new(
            code::YAML_TROP_COMPLEXE,
            file,
            pos,
            "YAML trop volumineux ou trop imbriqué (ancres ou niveaux en trop)",
        ),
        Error::MultipleDocuments { .. } => Diagnostic::new(
            code::YAML_SYNTAXE,
            file,
            pos,
            "plusieurs documents YAML dans un même fichier",
        )
        .hint("retirez la ligne `---` en trop"),
        Error::InvalidUtf8Input => {
            Diagnostic::new(code::ENCODAGE, file, pos, "le fichier n'est pas en UTF-8")
        }
        other => syntax_error(other, line_text, file, pos),
    }
}

fn unwrap_alias(err: &Error) -> &Error {
    match err {
        Error::AliasError { error, .. } | Error::WithSnippet { error, .. } => unwrap_alias(error),
        other => other,
    }
}

/// A YAML syntax error: the parser's detail is technical English, so a French explanation
/// comes first and common mistakes get a specific hint.
fn syntax_error(err: &Error, line_text: &str, file: &std::path::Path, pos: Pos) -> Diagnostic {
    let detail = match err {
        Error::ExternalMessage { msg, .. } | Error::Message { msg, .. } => msg.clone(),
        other => other.to_string().lines().next().unwrap_or("").to_string(),
    };
    let lower = detail.to_lowercase();
    if lower.contains("recursion limit") {
        return Diagnostic::new(
            code::YAML_TROP_COMPLEXE,
            file,
            pos,
            "YAML trop imbriqué (listes ou ensembles de clés les uns dans les autres, sur trop de niveaux)",
        );
    }
    let hint = if line_text.contains('\t') {
        "les tabulations sont interdites en YAML : indentez avec des espaces".to_string()
    } else if lower.contains("mapping values") || lower.contains("block mapping") {
        "vérifiez l'indentation et mettez entre guillemets un texte qui contient « : »".to_string()
    } else if lower.contains("quot") || lower.contains("scalar") {
        "vérifiez les guillemets : chaque guillemet ouvert doit être fermé".to_string()
    } else {
        format!("vérifiez l'indentation, les tirets et les deux-points (détail : {detail})")
    };
    Diagnostic::new(code::YAML_SYNTAXE, file, pos, "syntaxe YAML invalide")
        .culprit(line_text.trim().to_string())
        .hint(hint)
}

/// The first line of the mapping that holds 1-based `line`: the list item (`- `) or the top of
/// the document that encloses it, so that "key missing" points where the key belongs.
fn enclosing_start(yaml: &str, line: u32) -> u32 {
    let lines: Vec<&str> = yaml.lines().collect();
    let content = |l: &&str| !l.trim().is_empty() && !l.trim_start().starts_with('#');
    let indent = |l: &str| l.len() - l.trim_start().len();
    let first = lines.iter().position(&content).unwrap_or(0);
    let mut i = (line as usize).clamp(1, lines.len().max(1)) - 1;
    while i > 0 && !lines.get(i).is_some_and(content) {
        i -= 1;
    }
    let Some(current) = lines.get(i) else {
        return first as u32 + 1;
    };
    let level = indent(current);
    if current.trim_start().starts_with("- ") {
        return i as u32 + 1;
    }
    for j in (0..i).rev() {
        let l = lines[j];
        if !content(&l) {
            continue;
        }
        if l.trim_start().starts_with("- ") && indent(l) < level {
            return j as u32 + 1;
        }
        if indent(l) < level && !l.trim_start().starts_with("- ") {
            return j as u32 + 2;
        }
    }
    first as u32 + 1
}

/// serde's "expected" phrase (`a string`, `u32`, `a sequence`, `struct Acteur`) in French.
fn expected_fr(expected: &str) -> String {
    let e = expected.to_lowercase();
    let kind = if e.contains("seq") || e.contains("vec") || e.contains("list") {
        "une liste (lignes commençant par « - »)"
    } else if e.contains("struct") || e.contains("map") {
        "un ensemble de clés (clé: valeur)"
    } else if e.contains("bool") {
        "un booléen (true ou false)"
    } else if e.contains("f32") || e.contains("f64") || e.contains("float") {
        "un nombre"
    } else if e.starts_with('u') && e.len() <= 5 && e[1..].chars().all(|c| c.is_ascii_digit()) {
        "un nombre entier positif"
    } else if (e.starts_with('i') && e.len() <= 5 && e[1..].chars().all(|c| c.is_ascii_digit()))
        || e.contains("integer")
    {
        "un nombre entier"
    } else if e.contains("str") || e.contains("char") {
        "un texte"
    } else {
        return format!("une valeur de la forme « {expected} »");
    };
    kind.to_string()
}

/// serde's "unexpected" phrase (`string "abc"`, `integer `3``, `sequence`) in French.
fn unexpected_fr(unexpected: &str) -> String {
    let u = unexpected.to_lowercase();
    if u.starts_with("sequence") {
        "une liste".into()
    } else if u.starts_with("map") {
        "un ensemble de clés".into()
    } else if u.starts_with("string") || u.starts_with("str") {
        "un texte".into()
    } else if u.starts_with("bool") {
        "un booléen".into()
    } else if u.starts_with("unit") || u.contains("null") {
        "une valeur vide".into()
    } else if u.contains("integer") || u.contains("floating") {
        "un nombre".into()
    } else {
        format!("« {unexpected} »")
    }
}

fn type_hint(expected: &str) -> String {
    let e = expected_fr(expected);
    if e.starts_with("une liste") {
        "écrivez chaque élément sur sa ligne, précédé de « - »".into()
    } else if e.starts_with("un nombre entier") {
        "écrivez un nombre entier, en chiffres, sans espace ni unité (ex. `8`)".into()
    } else if e.starts_with("un nombre") {
        "écrivez un nombre en chiffres, sans espace ni unité, avec un point décimal (ex. `400000` ou `12.5`)"
            .into()
    } else if e.starts_with("un ensemble") {
        "écrivez des lignes `clé: valeur`, indentées sous cette clé".into()
    } else {
        format!("écrivez {e}")
    }
}

/// The word at 1-based column `col` of a line: a quoted string or a plain token.
pub fn token_at(line: &str, col: u32) -> String {
    let rest: String = line.chars().skip(col.saturating_sub(1) as usize).collect();
    let rest = rest.trim_start_matches("- ");
    if let Some(q @ ('"' | '\'')) = rest.chars().next() {
        let inner: String = rest[1..].chars().take_while(|c| *c != q).collect();
        return inner;
    }
    let end = rest
        .find([',', ']', '}', '#'])
        .unwrap_or(rest.len())
        .min(rest.find(": ").unwrap_or(rest.len()));
    let token = rest[..end].trim();
    token.strip_suffix(':').unwrap_or(token).trim().to_string()
}

/// The key written on a `key: value` line, when the error column lies in its value.
fn key_of_line(line: &str, col: u32) -> Option<String> {
    let body = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = body.split_once(": ").or_else(|| body.split_once(':'))?;
    let key_end = line.find(key)? + key.len();
    (!key.is_empty()
        && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        && (col as usize) > key_end)
        .then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_keys_point_at_their_mapping() {
        let yaml = "# c\nnom: x\nliste:\n  - a: 1\n    b: 2\n  - a: 3\n";
        assert_eq!(enclosing_start(yaml, 5), 4);
        assert_eq!(enclosing_start(yaml, 6), 6);
        assert_eq!(enclosing_start(yaml, 3), 2);
        assert_eq!(enclosing_start(yaml, 99), 6);
    }

    #[test]
    fn tokens_and_keys() {
        assert_eq!(token_at("nom_cour: Lille", 1), "nom_cour");
        assert_eq!(token_at("  categorie: associaton", 14), "associaton");
        assert_eq!(token_at("roles: [formation, formatio]", 20), "formatio");
        assert_eq!(token_at("x: \"a, b\"", 4), "a, b");
        assert_eq!(key_of_line("  valeur: douze", 11), Some("valeur".into()));
        assert_eq!(key_of_line("  valeur: douze", 3), None);
    }
}
