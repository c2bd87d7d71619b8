//! Checks of `site.yaml` (its editor, map and theme settings), of the référentiel, and of the
//! lists the web editor must be able to edit.

use super::*;

/// With the web editor, list files must be written under their key: Decap CMS cannot edit a
/// file whose root is a list.
pub(super) fn check_editable_lists(site: &Site, diags: &mut Diagnostics) {
    let mut files: Vec<(&Path, &str, bool)> = Vec::new();
    if let Some(r) = &site.referentiel {
        files.push((&r.origin.file, "indicateurs", r.bare));
    }
    for t in &site.territories {
        if let Some(a) = &t.actors {
            files.push((&a.origin.file, "acteurs", a.bare));
        }
        if let Some(m) = &t.measures {
            files.push((&m.origin.file, "mesures", m.bare));
        }
    }
    for (file, key, bare) in files {
        if bare {
            diags.push(
                Diagnostic::new(
                    code::LISTE_SANS_CLE,
                    file,
                    Pos::new(1, 1),
                    "l'interface d'édition /admin/ ne peut pas modifier ce fichier : sa liste est écrite seule",
                )
                .hint(format!(
                    "écrivez `{key}:` sur la première ligne et décalez chaque ligne de la liste de deux espaces"
                )),
            );
        }
    }
}

/// `edition` in site.yaml: a repository path, a branch, and what each forge needs to log in.
pub(super) fn check_edition(
    o: &Origin,
    e: &crate::model::schema::Edition,
    diags: &mut Diagnostics,
) {
    use crate::model::schema::Forge;
    let depot = &e.depot.value;
    let parts: Vec<&str> = depot.split('/').collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || p.contains(char::is_whitespace))
    {
        diags.push(
            Diagnostic::new(
                code::EDITION_INVALIDE,
                &o.file,
                o.pos(&e.depot),
                format!("dépôt invalide : `{depot}`"),
            )
            .culprit(depot.clone())
            .hint("écrivez le chemin du dépôt sur la forge, `groupe/projet`, par exemple `interconnectes/ctin-site` (sans `https://`)"),
        );
    }
    if let Some(b) = &e.branche
        && (b.value.is_empty() || b.value.contains(char::is_whitespace))
    {
        diags.push(
            Diagnostic::new(
                code::EDITION_INVALIDE,
                &o.file,
                o.pos(b),
                "nom de branche invalide",
            )
            .culprit(b.value.clone())
            .hint("écrivez le nom de la branche publiée, par exemple `main`"),
        );
    }
    for (key, url) in [("url", &e.url), ("authentification", &e.authentification)] {
        if let Some(url) = url {
            check_url(o, url, key, diags);
        }
    }
    let (needs, what) = match e.forge {
        Forge::Gitlab | Forge::Gitea => (e.app_id.is_none(), "app_id"),
        Forge::Github => (e.authentification.is_none(), "authentification"),
    };
    if needs {
        let hint = match e.forge {
            Forge::Github => {
                "GitHub ne permet pas de se connecter sans serveur : indiquez l'adresse d'un service OAuth (par exemple un Decap OAuth déployé par votre réseau) dans `authentification`"
            }
            _ => {
                "créez une application OAuth sur la forge (adresse de retour : `<adresse du site>/admin/`, sans secret, portée `api`) et copiez son identifiant dans `app_id`"
            }
        };
        diags.push(
            Diagnostic::new(
                code::CLE_MANQUANTE,
                &o.file,
                o.pos(&e.depot),
                format!(
                    "clé manquante `edition.{what}` pour la forge `{}`",
                    e.forge.as_str()
                ),
            )
            .culprit(what)
            .hint(hint),
        );
    }
}

pub(super) fn check_site_config(site: &Site, diags: &mut Diagnostics) {
    let Some(c) = &site.config else { return };
    let o = Origin {
        file: "content/site.yaml".into(),
        offset: 0,
    };
    for (key, url) in [("url_de_base", &c.url_de_base), ("depot", &c.depot)] {
        if let Some(url) = url {
            check_url(&o, url, key, diags);
        }
    }
    if let Some(theme) = &c.theme
        && !crate::text::is_plain_name(&theme.value)
    {
        diags.push(
            Diagnostic::new(
                code::THEME_INVALIDE,
                &o.file,
                o.pos(theme),
                format!("nom de thème invalide : `{}`", theme.value),
            )
            .culprit(theme.value.clone())
            .hint("`theme` est le nom d'un dossier de `themes/` à côté de `content/` (lettres, chiffres, `-` et `_`), jamais un chemin"),
        );
    }
    if let Some(lang) = &c.langue {
        let v = &lang.value;
        let ok = v.len() >= 2
            && v.split('-').enumerate().all(|(i, part)| {
                (i == 0
                    && (2..=3).contains(&part.len())
                    && part.chars().all(|c| c.is_ascii_lowercase()))
                    || (i > 0
                        && (2..=8).contains(&part.len())
                        && part.chars().all(|c| c.is_ascii_alphanumeric()))
            });
        if !ok {
            diags.push(
                Diagnostic::new(
                    code::LANGUE_INVALIDE,
                    &o.file,
                    o.pos(lang),
                    format!("code de langue invalide : `{v}`"),
                )
                .culprit(v.clone())
                .hint("écrivez un code de langue comme `fr` ou `fr-FR`"),
            );
        }
    }
    if let Some(e) = &c.edition {
        check_edition(&o, e, diags);
        check_editable_lists(site, diags);
    }
    if let Some(carte) = &c.carte {
        let t = &carte.tuiles.value;
        if !["{z}", "{x}", "{y}"].iter().all(|p| t.contains(p))
            || !(t.starts_with("https://") || t.starts_with("http://"))
        {
            diags.push(
                Diagnostic::new(code::URL_INVALIDE, &o.file, o.pos(&carte.tuiles), "adresse de tuiles invalide")
                    .culprit(t.clone())
                    .hint("écrivez une adresse http(s) avec `{z}`, `{x}` et `{y}`, par exemple `https://tile.openstreetmap.org/{z}/{x}/{y}.png`"),
            );
        }
    }
    if let Some(e) = &c.editeur
        && let Some(mail) = &e.courriel
    {
        check_email(&o, mail, diags);
    }
    if let Some(a) = &c.accessibilite
        && let Some(d) = &a.date_audit
    {
        check_date(&o, d, "date_audit", diags);
    }
}

pub(super) fn check_referentiel(site: &Site, diags: &mut Diagnostics) {
    let Some(data) = &site.referentiel else {
        return;
    };
    let o = &data.origin;
    let items = data.items.as_deref().unwrap_or(&[]);
    for ind in items {
        let code = &ind.code.value;
        let ok = !code.is_empty()
            && code
                .split('-')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if !ok {
            diags.push(
                Diagnostic::new(code::CODE_INVALIDE, &o.file, o.pos(&ind.code), format!("code d'indicateur invalide : `{code}`"))
                    .culprit(code.clone())
                    .hint("un code ne contient que des lettres sans accent, des chiffres et des tirets, par exemple `IND-01`"),
            );
        }
        if let Some(per) = &ind.par_habitants
            && per.value == 0
        {
            diags.push(
                Diagnostic::new(
                    code::NOMBRE_INVALIDE,
                    &o.file,
                    o.pos(per),
                    "`par_habitants` : le nombre d'habitants doit être positif",
                )
                .culprit("0")
                .hint("par exemple `par_habitants: 10000` pour comparer les valeurs pour 10 000 habitants"),
            );
        }
        if let Some(cible) = &ind.cible {
            check_number(o, &cible.valeur, "valeur", diags);
            if let Some(d) = &cible.echeance {
                check_date(o, d, "echeance", diags);
            }
        }
    }
    check_unique(
        o,
        items.iter().map(|i| (&i.code, i.code.value.to_lowercase())),
        "code d'indicateur",
        diags,
    );
}
