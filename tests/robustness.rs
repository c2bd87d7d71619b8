//! The loader never panics: random bytes and random YAML-like text are fed to every kind of
//! content file, and the whole check (loading, adoption, validation, links, printing) must end
//! with diagnostics, not a panic. Huge and deeply nested inputs are refused cleanly.

mod common;

use std::path::Path;

use proptest::prelude::*;

const TARGETS: &[&str] = &[
    "content/site.yaml",
    "content/index.md",
    "content/referentiel/indicateurs.yaml",
    "content/modeles/charte.md",
    "content/territoires/alpha/territoire.yaml",
    "content/territoires/alpha/acteurs.yaml",
    "content/territoires/alpha/indicateurs.yaml",
    "content/territoires/alpha/feuille-de-route.md",
    "content/territoires/alpha/documents/charte.md",
];

fn load_with(root: &Path, file: &str, bytes: &[u8]) -> String {
    std::fs::write(root.join(file), bytes).unwrap();
    let (_, diags) = ctin::cli::check(root);
    diags.render()
}

const KEYS: &[&str] = &[
    "titre",
    "nom",
    "nom_court",
    "echelon",
    "id",
    "categorie",
    "roles",
    "axes",
    "actions",
    "porteurs",
    "statut",
    "modele",
    "variables",
    "signataires",
    "indicateur",
    "periode",
    "valeur",
    "code",
    "latitude",
    "longitude",
    "date",
    "type",
    "budget",
    "montant",
    "cible",
    "sources",
];
const SCALARS: &[&str] = &[
    "",
    "x",
    "12",
    "-3.5",
    "1e999",
    ".nan",
    "2021-02-30",
    "2021",
    "[a, b]",
    "{a: 1}",
    "&a x",
    "*a",
    "*b",
    "'",
    "\"",
    "|",
    ">",
    "~",
    "null",
    "true",
    "oui",
    "agglo",
    "beta/departement",
    "IND-01",
    "{{ variables.x }}",
    "{% if %}",
    "[lien](../x.md#y)",
    "é",
    "\t",
    "- ",
    "---",
    "#",
];

fn yaml_line() -> impl Strategy<Value = String> {
    (
        0usize..4,
        any::<bool>(),
        prop::sample::select(KEYS),
        prop::sample::select(SCALARS),
    )
        .prop_map(|(indent, dash, key, value)| {
            format!(
                "{}{}{key}: {value}",
                "  ".repeat(indent),
                if dash { "- " } else { "" }
            )
        })
}

fn yaml_text() -> impl Strategy<Value = String> {
    prop::collection::vec(yaml_line(), 0..25).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(target in prop::sample::select(TARGETS), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let site = common::base_site();
        let _ = load_with(site.path(), target, &bytes);
    }

    #[test]
    fn random_yaml_never_panics(target in prop::sample::select(TARGETS), yaml in yaml_text(), wrap in any::<bool>()) {
        let site = common::base_site();
        let text = if wrap || target.ends_with(".md") { format!("---\n{yaml}\n---\n## Titre\n[a](#b)\n") } else { yaml };
        let _ = load_with(site.path(), target, text.as_bytes());
    }

    #[test]
    fn random_markdown_bodies_never_panic(body in "[#\\[\\]()!*_`{}%<>a-z/.:\\- \n]{0,300}") {
        let site = common::base_site();
        let text = format!("---\ntitre: x\nmodele: charte\nvariables:\n  perimetre: y\n---\n{body}");
        let _ = load_with(site.path(), "content/territoires/alpha/documents/charte.md", text.as_bytes());
        let _ = load_with(site.path(), "content/modeles/charte.md", format!("---\ntitre: x\ntype: charte\n---\n{body}").as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever Markdown a page holds, a site that passes the check also builds.
    #[test]
    fn random_markdown_that_passes_the_check_also_builds(body in "[#\\[\\]()!*_`|~:;?«»'\"a-zé/.\\- \n]{0,300}") {
        let site = common::base_site();
        std::fs::write(site.path().join("content/pages/methode.md"), format!("---\ntitre: x\n---\n{body}")).unwrap();
        let args = ctin::build::BuildArgs {
            root: site.path().to_path_buf(),
            output: Some(site.path().join("sortie")),
            drafts: false,
            base_url: None,
            verbose: false,
        };
        let mut diags = ctin::diagnostic::Diagnostics::new();
        let built = ctin::build::build(&args, &mut diags);
        prop_assert_eq!(built.is_some(), !diags.has_errors(), "{}", diags.render());
    }
}

#[test]
fn deep_nesting_and_alias_bombs_are_refused_without_crashing() {
    let site = common::base_site();
    let deep = format!("nom: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let out = load_with(
        site.path(),
        "content/territoires/alpha/territoire.yaml",
        deep.as_bytes(),
    );
    assert!(out.contains("territoire.yaml"), "{out}");
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("nom: *a11\n");
    let out = load_with(
        site.path(),
        "content/territoires/alpha/territoire.yaml",
        bomb.as_bytes(),
    );
    assert!(out.contains("erreur["), "{out}");
}

#[test]
fn huge_files_are_refused() {
    let site = common::base_site();
    let big = vec![b'#'; (ctin::content::MAX_FILE_BYTES + 1) as usize];
    let out = load_with(site.path(), "content/territoires/alpha/acteurs.yaml", &big);
    assert!(
        out.contains("erreur[fichier-trop-gros] content/territoires/alpha/acteurs.yaml"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_escaping_folders_are_refused() {
    let site = common::base_site();
    let root = site.path();
    std::os::unix::fs::symlink(
        root.join("content"),
        root.join("content/territoires/alpha/boucle"),
    )
    .unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "---\ntitre: x\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("content/pages/dehors")).unwrap();
    let (_, diags) = ctin::cli::check(root);
    let out = diags.render();
    assert!(
        out.contains("erreur[lien-hors-racine] content/pages/dehors"),
        "{out}"
    );
    assert!(out.contains("content/territoires/alpha/boucle"), "{out}");
}
