/*!
The catalogue of diagnostic codes: every kind of problem ctin reports, in one place.

Each [`Code`] has a stable kebab-case name (printed as `erreur[nom]`), a severity, a French
title (the general message: what is wrong) and a French hint (what would be valid) that is
printed when the place that found the problem has no more precise one. A diagnostic can only be
made from a code listed here ([`Diagnostic::new`](super::Diagnostic::new) takes a [`Code`]);
`docs/content-format.md` lists them all and each has a fixture in `tests/check_errors.rs` whose
complete output is a reviewed snapshot (`tests/snapshots/`).
*/

use super::Severity;

/// One kind of problem.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// Stable kebab-case name (`cle-inconnue`).
    pub name: &'static str,
    /// Whether it fails the command.
    pub severity: Severity,
    /// What is wrong, in French, in general terms.
    pub title: &'static str,
    /// What would be valid, in French; printed when the diagnostic has no hint of its own.
    pub hint: &'static str,
}

impl PartialEq for Code {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Code {}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name == *other
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name.cmp(other.name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The code named `name`, if there is one.
pub fn find(name: &str) -> Option<Code> {
    ALL.iter().copied().find(|c| c.name == name)
}

macro_rules! catalogue {
    ($($constant:ident = $name:literal, $severity:ident, $title:literal, $hint:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`: ", $title, ".")]
            pub const $constant: Code = Code {
                name: $name,
                severity: Severity::$severity,
                title: $title,
                hint: $hint,
            };
        )*
        /// Every code, in the order of the catalogue.
        pub const ALL: &[Code] = &[$($constant),*];
    };
}

catalogue! {
    // Files and folders.
    DOSSIER_ABSENT = "dossier-absent", Error,
        "dossier introuvable",
        "lancez ctin depuis le dossier du site, ou indiquez-le avec `--root DOSSIER`";
    DOSSIER_NON_VIDE = "dossier-non-vide", Error,
        "le dossier existe déjà et n'est pas vide",
        "choisissez un dossier absent ou vide";
    TERRITOIRE_EXISTANT = "territoire-existant", Error,
        "ce territoire existe déjà",
        "choisissez un autre nom de dossier, ou complétez les fichiers du territoire existant";
    FICHIER_ABSENT = "fichier-absent", Error,
        "fichier obligatoire absent",
        "créez ce fichier (docs/content-format.md décrit chacun ; `ctin new site` en montre un exemple)";
    FICHIER_INATTENDU = "fichier-inattendu", Error,
        "fichier ou dossier inattendu à cet endroit",
        "le format n'attend ici que les fichiers qu'il décrit ; placez les autres fichiers dans `content/static/`";
    FICHIER_VIDE = "fichier-vide", Error,
        "fichier vide alors que des clés y sont obligatoires",
        "complétez ce fichier (voir docs/content-format.md) ou supprimez-le";
    FICHIER_ILLISIBLE = "fichier-illisible", Error,
        "fichier illisible",
        "vérifiez que ce fichier existe, qu'il peut être lu et qu'il n'est pas un lien symbolique cassé";
    FICHIER_TROP_GROS = "fichier-trop-gros", Error,
        "fichier trop volumineux",
        "découpez ce fichier, ou placez les gros fichiers à télécharger dans `content/static/`";
    LIEN_HORS_RACINE = "lien-hors-racine", Error,
        "lien symbolique qui mène hors du dossier du site ou dans `.git`",
        "copiez le fichier dans le dossier du site au lieu d'un lien symbolique";
    FICHIER_SPECIAL = "fichier-special", Error,
        "ni fichier ni dossier (tube nommé, socket ou périphérique)",
        "retirez-le du dossier du site : ctin ne lit que des fichiers ordinaires";
    ENCODAGE = "encodage", Error,
        "fichier qui n'est pas encodé en UTF-8",
        "enregistrez-le en UTF-8 (dans l'éditeur : « Enregistrer sous » → encodage UTF-8)";

    // Structure of a file.
    FRONT_MATTER_ABSENT = "front-matter-absent", Error,
        "fichier Markdown sans bloc d'en-tête YAML",
        "commencez le fichier par une ligne `---`, les clés de l'en-tête (au moins `titre: …`), puis une ligne `---`";
    FRONT_MATTER_NON_FERME = "front-matter-non-ferme", Error,
        "bloc d'en-tête YAML ouvert par `---` mais jamais fermé",
        "ajoutez une ligne `---` après la dernière clé de l'en-tête";
    YAML_SYNTAXE = "yaml-syntaxe", Error,
        "syntaxe YAML invalide",
        "vérifiez les deux-points après chaque clé, les tirets des listes et l'indentation (des espaces, jamais de tabulations)";
    YAML_TROP_COMPLEXE = "yaml-trop-complexe", Error,
        "YAML trop volumineux ou trop imbriqué",
        "simplifiez ce fichier : ctin refuse les structures démesurées";

    // Keys and types.
    CLE_INCONNUE = "cle-inconnue", Error,
        "clé inconnue",
        "vérifiez l'orthographe de la clé ; les clés possibles sont dans docs/content-format.md";
    CLE_MANQUANTE = "cle-manquante", Error,
        "clé obligatoire absente",
        "ajoutez la clé avec sa valeur (voir docs/content-format.md)";
    CLE_EN_DOUBLE = "cle-en-double", Error,
        "clé écrite deux fois",
        "gardez une seule occurrence de cette clé";
    CLE_NON_ADMISE = "cle-non-admise", Error,
        "clé qui n'a pas de sens dans ce genre de page",
        "retirez cette clé, ou placez-la dans le fichier où elle a un sens";
    TYPE_INVALIDE = "type-invalide", Error,
        "type de valeur incorrect",
        "écrivez une valeur du type attendu : texte, nombre, date, liste (`- …`) ou ensemble de clés";
    VALEUR_NON_ADMISE = "valeur-non-admise", Error,
        "valeur qui n'est pas dans la liste des valeurs admises",
        "choisissez l'une des valeurs admises, listées dans docs/content-format.md";
    VALEUR_VIDE = "valeur-vide", Error,
        "valeur vide",
        "écrivez une valeur après les deux-points, ou retirez la clé si elle est facultative";

    // Values.
    SLUG_INVALIDE = "slug-invalide", Error,
        "nom ou identifiant invalide",
        "un nom ne contient que des minuscules sans accent, des chiffres et des tirets";
    ID_EN_DOUBLE = "id-en-double", Error,
        "identifiant en double",
        "chaque identifiant doit être unique";
    DATE_INVALIDE = "date-invalide", Error,
        "date invalide",
        "écrivez une date réelle sous la forme AAAA-MM-JJ, AAAA-MM ou AAAA (par exemple 2021-02-16)";
    URL_INVALIDE = "url-invalide", Error,
        "adresse web invalide",
        "écrivez une adresse complète commençant par `https://`";
    COURRIEL_INVALIDE = "courriel-invalide", Error,
        "adresse de courriel invalide",
        "écrivez une adresse de la forme `prenom.nom@exemple.fr`";
    NOMBRE_INVALIDE = "nombre-invalide", Error,
        "nombre invalide",
        "écrivez un nombre positif ou nul";
    CODE_INVALIDE = "code-invalide", Error,
        "code d'indicateur invalide",
        "un code ne contient que des lettres sans accent, des chiffres et des tirets, par exemple `IND-01`";
    LANGUE_INVALIDE = "langue-invalide", Error,
        "code de langue invalide",
        "écrivez un code de langue comme `fr` ou `fr-FR`";
    DEPARTEMENT_INVALIDE = "departement-invalide", Error,
        "code de département invalide",
        "écrivez le code entre guillemets : \"17\", \"2A\", \"974\"";
    PIVOT_INVALIDE = "pivot-invalide", Error,
        "identifiant `pivot` invalide",
        "écrivez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 caractères)";
    CODE_POSTAL_INVALIDE = "code-postal-invalide", Error,
        "code postal invalide",
        "écrivez 5 chiffres entre guillemets, par exemple \"17000\"";
    CODE_INSEE_INVALIDE = "code-insee-invalide", Error,
        "code INSEE invalide",
        "écrivez le code officiel de la commune sur 5 caractères, par exemple \"17300\"";
    TELEPHONE_INVALIDE = "telephone-invalide", Error,
        "numéro de téléphone invalide",
        "écrivez 10 chiffres (05 46 00 00 00) ou le format international (+33546000000)";
    HORAIRES_INVALIDES = "horaires-invalides", Error,
        "horaires illisibles",
        "écrivez les horaires dans la syntaxe OpenStreetMap, par exemple `Mo-Fr 09:00-12:00,14:00-17:00`";
    COORDONNEES_INCOMPLETES = "coordonnees-incompletes", Error,
        "latitude sans longitude, ou longitude sans latitude",
        "donnez `latitude` et `longitude` ensemble, ou aucune des deux";
    COORDONNEES_INVALIDES = "coordonnees-invalides", Error,
        "coordonnées hors limites",
        "en degrés décimaux WGS84 : latitude entre -90 et 90, longitude entre -180 et 180";
    TEXTE_TROP_LONG = "texte-trop-long", Error,
        "texte trop long",
        "raccourcissez ce texte";
    HORIZON_INVALIDE = "horizon-invalide", Error,
        "horizon de feuille de route invalide",
        "écrivez l'année de fin de la feuille de route (AAAA), postérieure à son adoption";
    CODE_TERRITOIRE_INCONNU = "code-territoire-inconnu", Error,
        "code de territoire inconnu de la géographie officielle",
        "écrivez le SIREN de l'intercommunalité (9 chiffres, par exemple \"241700434\") ou le code du département (\"17\", \"2A\", \"971\"), entre guillemets";
    ECHELON_INCOHERENT = "echelon-incoherent", Error,
        "échelon contraire au code du territoire",
        "un SIREN d'intercommunalité va avec `echelon: epci`, un code de département avec `echelon: departement`";
    DEPARTEMENTS_INCOHERENTS = "departements-incoherents", Error,
        "départements différents de ceux du territoire officiel",
        "donnez les départements où se trouvent les communes du territoire, ou retirez `departements` (ctin les connaît par le code)";
    COMMUNE_INCONNUE = "commune-inconnue", Error,
        "commune inconnue de la géographie officielle",
        "écrivez le nom officiel de la commune (accents et majuscules n'importent pas)";
    COMMUNE_AMBIGUE = "commune-ambigue", Error,
        "plusieurs communes portent ce nom",
        "précisez `code_postal` ou `code_insee`";
    CODE_POSTAL_INCOHERENT = "code-postal-incoherent", Error,
        "code postal qui n'est pas celui de la commune",
        "donnez l'un des codes postaux de la commune, ou corrigez la commune";
    CODE_INSEE_INCOHERENT = "code-insee-incoherent", Error,
        "code INSEE qui n'est pas celui de la commune",
        "corrigez le code INSEE, ou retirez-le : ctin le déduit de la commune";
    URL_RESERVEE = "url-reservee", Error,
        "page dont l'adresse est déjà utilisée par le site",
        "renommez ce fichier (les pages `mentions-legales` et `accessibilite` sont permises)";
    EDITION_INVALIDE = "edition-invalide", Error,
        "réglage `edition` invalide",
        "écrivez le dépôt sous la forme `groupe/projet` (sans `https://`) et le nom de la branche publiée";
    THEME_INVALIDE = "theme-invalide", Error,
        "nom de thème invalide",
        "`theme` est le nom d'un dossier de `themes/` (lettres, chiffres, `-` et `_`), jamais un chemin";

    // References between files.
    ACTEUR_INCONNU = "acteur-inconnu", Error,
        "acteur inconnu",
        "écrivez l'`id` d'un acteur de `acteurs.yaml`";
    TERRITOIRE_INCONNU = "territoire-inconnu", Error,
        "territoire inconnu",
        "écrivez le nom du dossier d'un territoire de `content/territoires/`";
    INDICATEUR_INCONNU = "indicateur-inconnu", Error,
        "indicateur absent du référentiel",
        "les codes sont ceux de `content/referentiel/indicateurs.yaml`";
    MESURE_EN_DOUBLE = "mesure-en-double", Error,
        "mesure en double pour un même indicateur et une même période",
        "gardez une seule valeur par indicateur et par période";
    MODELE_INCONNU = "modele-inconnu", Error,
        "modèle partagé inconnu",
        "écrivez le nom d'un fichier de `content/modeles/`, sans `.md`";
    MODELE_INVALIDE = "modele-invalide", Error,
        "modèle partagé invalide ou impossible à appliquer",
        "vérifiez les `{{ … }}` et `{% … %}` du modèle et les variables que le document lui donne";
    VARIABLE_MANQUANTE = "variable-manquante", Error,
        "variable du modèle que le document ne donne pas",
        "ajoutez-la sous `variables:` dans l'en-tête du document";
    TEXTE_HORS_SECTION = "texte-hors-section", Error,
        "texte hors d'une section dans un document qui adopte un modèle",
        "placez ce texte sous un titre `## …` : il remplace ou complète la section du modèle de même titre";
    LIEN_CASSE = "lien-casse", Error,
        "lien vers une page ou un fichier qui n'existe pas",
        "vérifiez le chemin : un lien relatif part du fichier qui l'écrit, un lien `/…` part de la racine du site";
    ANCRE_INCONNUE = "ancre-inconnue", Error,
        "ancre absente de la page visée",
        "l'ancre d'un titre est son texte en minuscules, sans accents, avec des tirets";

    // Markdown that could harm readers or the build.
    LIEN_INTERDIT = "lien-interdit", Error,
        "adresse de lien refusée : elle pourrait exécuter du code chez le lecteur",
        "écrivez une adresse `https://`, `mailto:`, `tel:` ou un chemin du site";
    IMBRICATION_EXCESSIVE = "imbrication-excessive", Error,
        "citations, listes ou mises en forme imbriquées sur trop de niveaux",
        "simplifiez ce passage : retirez des niveaux de citation ou de liste";
    IMAGE_ILLISIBLE = "image-illisible", Error,
        "image illisible pour le PDF",
        "enregistrez l'image à nouveau en PNG, JPEG, GIF ou SVG, sous l'extension de son format";

    // Building and previewing.
    THEME_ABSENT = "theme-absent", Error,
        "thème introuvable",
        "créez le dossier `themes/<nom>/` à côté de `content/`, ou retirez la clé `theme`";
    GABARIT_INVALIDE = "gabarit-invalide", Error,
        "gabarit Tera invalide",
        "corrigez ce gabarit (voir la documentation de Tera 2)";
    SORTIE_REFUSEE = "sortie-refusee", Error,
        "dossier de sortie refusé",
        "choisissez un dossier vide, ou un dossier déjà écrit par ctin";
    FICHIER_EN_CONFLIT = "fichier-en-conflit", Error,
        "fichier statique au chemin d'un fichier que ctin produit",
        "renommez ou déplacez ce fichier : un fichier statique ne remplace jamais une page du site";
    ECRITURE_IMPOSSIBLE = "ecriture-impossible", Error,
        "écriture impossible",
        "vérifiez l'espace disque libre et les droits d'écriture sur ce dossier";
    PDF_IMPOSSIBLE = "pdf-impossible", Error,
        "PDF impossible à produire",
        "vérifiez le gabarit Typst des PDF (`templates/pdf/document.typ` ou `themes/<thème>/pdf/document.typ`) et les images que montre le texte";
    APERCU_IMPOSSIBLE = "apercu-impossible", Error,
        "aperçu impossible à lancer",
        "vérifiez que le port est libre (ou choisissez-en un autre avec `--port`) et que le dossier temporaire du système est accessible en écriture";

    COLONNE_INCONNUE = "colonne-inconnue", Error,
        "colonne inconnue du schéma national des lieux de médiation numérique",
        "nommez les colonnes comme le schéma national (v1.0.x) : `id`, `pivot`, `nom`, `commune`, `code_postal`…";
    COLONNE_ABSENTE = "colonne-absente", Error,
        "colonne obligatoire absente du fichier à importer",
        "le schéma national exige les colonnes `id`, `pivot`, `nom`, `commune`, `code_postal`, `adresse` et `date_maj`";
    PERIMETRE_INCONNU = "perimetre-inconnu", Error,
        "territoire sans périmètre connu",
        "donnez au territoire son `code` officiel (SIREN de l'intercommunalité ou code du département) ou ses `departements` dans territoire.yaml";
    COMMANDE_INVALIDE = "commande-invalide", Error,
        "ligne de commande invalide",
        "la liste des commandes et de leurs options : `ctin --help`";

    // Warnings: the site is built, but something deserves a look.
    DATE_ADOPTION_ABSENTE = "date-adoption-absente", Warning,
        "document adopté sans date d'adoption",
        "ajoutez `adopte_le: AAAA-MM-JJ` pour que la date apparaisse sur le document";
    VARIABLE_INUTILISEE = "variable-inutilisee", Warning,
        "variable que le modèle n'utilise pas",
        "retirez cette variable, ou vérifiez son orthographe";
    LIEN_BROUILLON = "lien-brouillon", Warning,
        "lien vers un brouillon, absent du site publié",
        "publiez la page visée (retirez `brouillon: true`) ou retirez le lien";
    HISTORIQUE_GIT_INCOMPLET = "historique-git-incomplet", Warning,
        "dépôt git cloné sans tout son historique : les dates « mis à jour le » seront fausses",
        "récupérez tout l'historique (`git fetch --unshallow`, ou une profondeur 0 dans la recette de publication)";
    LISTE_SANS_CLE = "liste-sans-cle", Warning,
        "liste écrite seule, que l'interface d'édition /admin/ ne peut pas modifier",
        "écrivez la clé de la liste sur la première ligne et décalez chaque ligne de deux espaces";
    LIEU_HORS_TERRITOIRE = "lieu-hors-territoire", Warning,
        "lieu situé hors des communes du territoire",
        "vérifiez la commune, ou rattachez cet acteur au territoire où il se trouve";
    FICHIERS_CASSE = "fichiers-casse", Warning,
        "deux fichiers produits ne diffèrent que par les majuscules",
        "certains hébergements ne distinguent pas les majuscules : renommez l'un des deux";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_texts_are_set() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ALL {
            assert!(seen.insert(code.name), "{} en double", code.name);
            assert!(
                code.name
                    .split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{}",
                code.name
            );
            assert!(
                !code.title.is_empty() && !code.hint.is_empty(),
                "{}",
                code.name
            );
            assert_eq!(find(code.name), Some(*code));
        }
    }
}
