//! Incremental rebuilds (`ctin serve`): after every kind of change, the pages the session wrote
//! are exactly those of a full `ctin build` of the same content, and a change of one
//! territory's data renders only the pages that show it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::edit;
use ctin::build::{BuildArgs, build};
use ctin::diagnostic::Diagnostics;
use ctin::incremental::{Outcome, Session};
use ctin::render::Options;

fn full_build(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let args = BuildArgs {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        drafts: false,
        base_url: None,
        verbose: false,
    };
    let mut diags = Diagnostics::new();
    assert!(build(&args, &mut diags).is_some(), "{}", diags.render());
    common::files(out)
}

fn assert_same(session: &mut Session, root: &Path, scratch: &Path, step: &str) {
    // The search index and the PDFs follow in the background in the preview; here they are
    // made at once.
    if let Some(job) = session.search_job() {
        job.run().unwrap();
    }
    if let Some(job) = session.pdf_job() {
        job.run().unwrap();
    }
    let mut expected = full_build(root, &scratch.join(format!("complet-{step}")));
    // The mark of an output folder written by `ctin build`, and what a build keeps for the
    // next one: the preview's folder is not one.
    expected.remove(ctin::output::MARK);
    expected.remove(ctin::output::reuse::STATE);
    let got = common::files(session.served().expect("un site servi"));
    let missing: Vec<_> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{step} : fichiers manquants {missing:?}, en trop {extra:?}"
    );
    for (path, bytes) in &expected {
        assert!(
            got[path] == *bytes,
            "{step} : `{path}` diffère de la construction complète\n--- attendu\n{}\n--- obtenu\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&got[path])
        );
    }
}

fn rebuilt(outcome: Outcome, step: &str) -> (usize, bool) {
    match outcome {
        Outcome::Rebuilt { pages, full, .. } => (pages, full),
        other => panic!("{step} : reconstruction attendue, obtenu {other:?}"),
    }
}

/// The report of a rebuild that must fail.
fn failed(outcome: Outcome, step: &str) -> String {
    match outcome {
        Outcome::Failed(report) => report,
        other => panic!("{step} : erreur attendue, obtenu {other:?}"),
    }
}

/// A copy of the base fixture, a session that built it, and a scratch folder.
struct Setup {
    site: tempfile::TempDir,
    _work: tempfile::TempDir,
    scratch: tempfile::TempDir,
    session: Session,
    pages: usize,
}

fn start() -> Setup {
    let site = common::base_site();
    let work = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut session = Session::new(site.path(), work.path(), Options::default()).minify(true);
    let (pages, full) = rebuilt(session.rebuild(None), "première construction");
    assert!(full);
    Setup {
        site,
        _work: work,
        scratch,
        session,
        pages,
    }
}

#[test]
fn every_kind_of_change_gives_the_pages_of_a_full_build() {
    let mut s = start();
    let (root, scratch) = (s.site.path(), s.scratch.path());
    let total = s.pages;
    assert_same(&mut s.session, root, scratch, "depart");

    // (file, from, to, only some pages are rendered)
    let changes: &[(&str, &str, &str, bool)] = &[
        // Beta's actor is a partner of an action of Alpha's roadmap: Alpha's pages follow.
        (
            "content/territoires/beta/acteurs.yaml",
            "nom: Département de Beta",
            "nom: Conseil départemental de Beta",
            true,
        ),
        (
            "content/territoires/alpha/acteurs.yaml",
            "Association Numérique pour tous",
            "Association Numérique partout",
            true,
        ),
        // A place's address: its entry under the maps (its territory's, the network's).
        (
            "content/territoires/alpha/acteurs.yaml",
            "adresse: 1 rue de la Paix",
            "adresse: 2 rue de la Paix",
            true,
        ),
        (
            "content/territoires/alpha/territoire.yaml",
            "nom_court: Alpha",
            "nom_court: Alpha-Centre",
            true,
        ),
        // A budget line: on the territory's page, not on its documents.
        (
            "content/territoires/alpha/territoire.yaml",
            "montant: 400000",
            "montant: 450000",
            true,
        ),
        // Its name (not its short name): in the charter it adopts (`territoire.nom`).
        (
            "content/territoires/alpha/territoire.yaml",
            "nom: Communauté d'agglomération d'Alpha",
            "nom: Agglomération d'Alpha",
            true,
        ),
        (
            "content/territoires/beta/territoire.yaml",
            "nom: Département de Beta",
            "nom: Département de Bêta",
            true,
        ),
        // A code ties Alpha to the geography, then another code changes its communes,
        // population and official name (in its pages, its card and the adopted charter).
        (
            "content/territoires/alpha/territoire.yaml",
            "echelon: epci\ndepartements: [\"17\"]",
            "code: \"241700434\"\nechelon: epci\ndepartements: [\"17\"]",
            true,
        ),
        (
            "content/territoires/alpha/territoire.yaml",
            "code: \"241700434\"\nechelon: epci\ndepartements: [\"17\"]",
            "code: \"17\"\nechelon: departement\ndepartements: [\"17\"]",
            true,
        ),
        (
            "content/modeles/charte.md",
            "La charte organise",
            "La charte structure",
            true,
        ),
        (
            "content/territoires/alpha/documents/charte.md",
            "titre: Charte de coordination d'Alpha",
            "titre: Charte d'Alpha",
            true,
        ),
        (
            "content/territoires/alpha/indicateurs.yaml",
            "valeur: 42",
            "valeur: 43",
            true,
        ),
        (
            "content/territoires/alpha/feuille-de-route.md",
            "titre: Réunir le comité",
            "titre: Réunir le comité de pilotage",
            true,
        ),
        (
            "content/territoires/alpha/index.md",
            "## Présentation\n",
            "## Présentation\n\nUn territoire littoral.\n",
            true,
        ),
        (
            "content/index.md",
            "Bienvenue.",
            "Bienvenue sur le site.",
            true,
        ),
        // A document that stops adopting its model leaves the model's page, and comes back.
        (
            "content/territoires/alpha/documents/charte.md",
            "modele: charte\n",
            "",
            true,
        ),
        (
            "content/territoires/alpha/documents/charte.md",
            "signataires:",
            "modele: charte\nsignataires:",
            true,
        ),
        // The menu, the référentiel and the site's settings are on every page.
        (
            "content/pages/methode.md",
            "titre: Méthode",
            "titre: Notre méthode",
            false,
        ),
        (
            "content/referentiel/indicateurs.yaml",
            "nom: Acteurs cartographiés",
            "nom: Lieux cartographiés",
            false,
        ),
        (
            "content/site.yaml",
            "titre: Site d'essai",
            "titre: Site d'essai modifié",
            false,
        ),
        // A document becoming a draft leaves the site, and links to it go with it.
        (
            "content/territoires/alpha/documents/charte.md",
            "statut: adopte",
            "statut: adopte\nbrouillon: true",
            false,
        ),
        (
            "content/territoires/alpha/documents/charte.md",
            "statut: adopte\nbrouillon: true",
            "statut: adopte",
            false,
        ),
    ];
    for (i, (file, from, to, partial)) in changes.iter().enumerate() {
        let path = edit(root, file, from, to);
        let step = format!("{i}-{file}");
        let (pages, full) = rebuilt(s.session.rebuild(Some(&[path])), &step);
        if *partial {
            assert!(
                !full && pages < total,
                "{step} : {pages} pages sur {total}, tout refait : {full}"
            );
        } else {
            assert!(full, "{step} : tout doit être refait");
        }
        assert_same(&mut s.session, root, scratch, &format!("etape-{i}"));
    }
}

#[test]
fn changes_made_while_the_content_is_broken_are_all_rendered_once_it_is_fixed() {
    let mut s = start();
    let (root, scratch) = (s.site.path(), s.scratch.path());
    let served = std::fs::read(
        s.session
            .served()
            .unwrap()
            .join("territoires/beta/index.html"),
    )
    .unwrap();

    let card = edit(
        root,
        "content/territoires/beta/territoire.yaml",
        "echelon:",
        "echelom:",
    );
    match s.session.rebuild(Some(std::slice::from_ref(&card))) {
        Outcome::Failed(report) => assert!(report.contains("cle-inconnue"), "{report}"),
        other => panic!("erreur attendue, obtenu {other:?}"),
    }
    // Meanwhile, Beta's actors change: nothing is written, the last good site stays.
    let actors = edit(
        root,
        "content/territoires/beta/acteurs.yaml",
        "Département de Beta",
        "Conseil de Beta",
    );
    assert!(matches!(
        s.session.rebuild(Some(&[actors])),
        Outcome::Failed(_)
    ));
    let still = std::fs::read(
        s.session
            .served()
            .unwrap()
            .join("territoires/beta/index.html"),
    )
    .unwrap();
    assert_eq!(served, still, "le dernier site valide reste servi");

    edit(
        root,
        "content/territoires/beta/territoire.yaml",
        "echelom:",
        "echelon:",
    );
    let (_, full) = rebuilt(s.session.rebuild(Some(&[card])), "correction");
    assert!(!full);
    assert_same(&mut s.session, root, scratch, "corrige");
}

#[test]
fn added_removed_and_static_files_and_templates_rebuild_everything() {
    let mut s = start();
    let (root, scratch) = (s.site.path(), s.scratch.path());

    let doc = root.join("content/territoires/beta/documents/note.md");
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    std::fs::write(
        &doc,
        "---\ntitre: Note de Beta\ntype: autre\n---\n\n## Objet\n\nUne note.\n",
    )
    .unwrap();
    let (_, full) = rebuilt(s.session.rebuild(Some(std::slice::from_ref(&doc))), "ajout");
    assert!(full);
    assert_same(&mut s.session, root, scratch, "ajout");

    std::fs::remove_file(&doc).unwrap();
    let (_, full) = rebuilt(s.session.rebuild(Some(&[doc])), "suppression");
    assert!(full);
    assert_same(&mut s.session, root, scratch, "suppression");

    let image = root.join("content/static/images/plan.png");
    std::fs::write(&image, b"\x89PNG\r\n\x1a\nautre image").unwrap();
    // A static file is not a content file the session knows: it reads everything again.
    let (_, full) = rebuilt(s.session.rebuild(Some(&[image])), "statique");
    assert!(full);
    assert_same(&mut s.session, root, scratch, "statique");

    let template = root.join("templates/page.html");
    std::fs::create_dir_all(template.parent().unwrap()).unwrap();
    let default = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    std::fs::write(
        &template,
        default.replacen(
            "{% endblock contenu %}",
            "<p>Gabarit du site</p>{% endblock contenu %}",
            1,
        ),
    )
    .unwrap();
    let (_, full) = rebuilt(s.session.rebuild(Some(&[template])), "gabarit");
    assert!(full);
    assert_same(&mut s.session, root, scratch, "gabarit");
    let methode =
        std::fs::read_to_string(s.session.served().unwrap().join("methode/index.html")).unwrap();
    assert!(
        methode.contains("Gabarit du site"),
        "le gabarit du site est pris"
    );

    // An editor's temporary file that came and went changes nothing.
    let ghost = root.join("content/territoires/alpha/acteurs.yaml.tmp");
    assert!(matches!(
        s.session.rebuild(Some(&[ghost])),
        Outcome::Unchanged
    ));
}

#[test]
fn a_document_edit_renders_its_own_pages_not_its_territorys_other_documents() {
    let mut s = start();
    let (root, scratch) = (s.site.path(), s.scratch.path());
    let charte = "content/territoires/alpha/documents/charte.md";
    let (alone, full) = rebuilt(
        s.session
            .rebuild(Some(&[edit(root, charte, "davantage", "encore")])),
        "seul document",
    );
    assert!(!full);
    // Two more documents of Alpha (a new file: everything is rendered).
    for name in ["note", "bilan"] {
        let doc = root.join(format!("content/territoires/alpha/documents/{name}.md"));
        std::fs::write(
            &doc,
            format!("---\ntitre: {name} d'Alpha\ntype: autre\n---\n\n## Objet\n\nUn texte.\n"),
        )
        .unwrap();
        rebuilt(s.session.rebuild(Some(&[doc])), name);
    }
    assert_same(&mut s.session, root, scratch, "trois-documents");
    // The same edit of the charter renders as many pages as when it was Alpha's only document:
    // its page and print page, and the pages that list documents; not the others' pages.
    let (with_others, full) = rebuilt(
        s.session
            .rebuild(Some(&[edit(root, charte, "encore", "toujours")])),
        "trois documents",
    );
    assert!(!full);
    assert_eq!(alone, with_others, "pages rendues après la modification");
    assert_same(&mut s.session, root, scratch, "charte-modifiee");
    // Its title (listed by other pages), then it stops being printable (its print page and
    // PDF go), then it becomes printable again.
    let steps = [
        (
            "titre: Charte de coordination d'Alpha",
            "titre: Charte d'Alpha",
        ),
        ("type: charte", "type: charte\nimprimable: false"),
        ("type: charte\nimprimable: false", "type: charte"),
    ];
    for (i, (from, to)) in steps.iter().enumerate() {
        let path = edit(root, charte, from, to);
        let (_, full) = rebuilt(s.session.rebuild(Some(&[path])), &format!("etape {i}"));
        assert!(!full);
        assert_same(&mut s.session, root, scratch, &format!("charte-{i}"));
    }
    // Only the text below the front matter: the document's page and print page, nothing else;
    // the roadmap's text: its page alone.
    let path = edit(root, charte, "Liste des lieux.", "Liste des lieux ouverts.");
    let (pages, full) = rebuilt(s.session.rebuild(Some(&[path])), "texte de la charte");
    assert_eq!((pages, full), (2, false), "texte de la charte");
    assert_same(&mut s.session, root, scratch, "texte-charte");
    let roadmap = "content/territoires/alpha/feuille-de-route.md";
    let path = edit(root, roadmap, "La démarche.", "La démarche partagée.");
    let (pages, full) = rebuilt(
        s.session.rebuild(Some(&[path])),
        "texte de la feuille de route",
    );
    assert_eq!((pages, full), (1, false), "texte de la feuille de route");
    assert_same(&mut s.session, root, scratch, "texte-feuille-de-route");
}

#[test]
fn links_of_unchanged_pages_are_still_checked_after_a_save() {
    let mut s = start();
    let root = s.site.path();
    // Alpha's presentation links the roadmap's axis `gouvernance`: renaming the axis breaks
    // that link though the presentation did not change.
    let roadmap = "content/territoires/alpha/feuille-de-route.md";
    let path = edit(root, roadmap, "- id: gouvernance", "- id: pilotage");
    let report = failed(s.session.rebuild(Some(&[path])), "axe renommé");
    assert!(
        report.contains("ancre-inconnue") && report.contains("alpha/index.md"),
        "{report}"
    );
    // Another save that changes no page or anchor: the broken link is still reported.
    let path = edit(root, roadmap, "La démarche.", "La démarche commune.");
    let report = failed(s.session.rebuild(Some(&[path])), "autre modification");
    assert!(
        report.contains("ancre-inconnue") && report.contains("alpha/index.md"),
        "{report}"
    );
    // A new broken link in a changed page is found, and the old one still reported.
    let index = "content/territoires/alpha/index.md";
    let path = edit(root, index, "acteurs.yaml#asso", "acteurs.yaml#assoc");
    let report = failed(s.session.rebuild(Some(&[path])), "second lien cassé");
    assert!(
        report.contains("#assoc") && report.contains("#gouvernance"),
        "{report}"
    );
    // Fixed in both files: the site builds again.
    edit(root, index, "acteurs.yaml#assoc", "acteurs.yaml#asso");
    let path = edit(root, roadmap, "- id: pilotage", "- id: gouvernance");
    let index_path = root.join(index);
    rebuilt(s.session.rebuild(Some(&[path, index_path])), "corrigé");
    assert_same(&mut s.session, root, s.scratch.path(), "liens-corriges");
}

#[test]
fn value_checks_of_unchanged_territories_follow_the_actors_they_name() {
    let mut s = start();
    let root = s.site.path();
    // Alpha's roadmap names Beta's actor `beta/departement`: renaming that actor in Beta's
    // file makes Alpha's unchanged roadmap wrong.
    let actors = "content/territoires/beta/acteurs.yaml";
    let path = edit(root, actors, "- id: departement", "- id: conseil");
    let report = failed(s.session.rebuild(Some(&[path])), "acteur renommé");
    assert!(
        report.contains("acteur-inconnu") && report.contains("alpha/feuille-de-route.md"),
        "{report}"
    );
    // A save of Beta that leaves its actors as they are: Alpha's problem is still reported.
    let card = "content/territoires/beta/territoire.yaml";
    let path = edit(
        root,
        card,
        "nom: Département de Beta",
        "nom: Conseil de Beta",
    );
    let report = failed(s.session.rebuild(Some(&[path])), "fiche modifiée");
    assert!(
        report.contains("acteur-inconnu") && report.contains("alpha/feuille-de-route.md"),
        "{report}"
    );
    // The actor named again as before: the site builds, as a full build would.
    let path = edit(root, actors, "- id: conseil", "- id: departement");
    rebuilt(s.session.rebuild(Some(&[path])), "acteur rétabli");
    assert_same(&mut s.session, root, s.scratch.path(), "acteur-retabli");
}

#[test]
fn a_page_removed_then_made_again_as_it_was_is_written_again() {
    let mut s = start();
    let root = s.site.path();
    let charter = "content/territoires/alpha/documents/charte.md";
    let print_page = "territoires/alpha/documents/charte/impression/index.html";
    let served = |s: &Setup| s.session.served().unwrap().join(print_page);
    assert!(served(&s).is_file());
    // No longer printable: its print page goes.
    let path = edit(
        root,
        charter,
        "type: charte\n",
        "type: charte\nimprimable: false\n",
    );
    rebuilt(s.session.rebuild(Some(&[path])), "non imprimable");
    assert!(!served(&s).exists(), "la page d'impression est retirée");
    // Printable again: the same page comes back, though it is made from the same context as
    // the one the preview wrote before.
    let path = edit(
        root,
        charter,
        "type: charte\nimprimable: false\n",
        "type: charte\n",
    );
    rebuilt(s.session.rebuild(Some(&[path])), "de nouveau imprimable");
    assert!(
        served(&s).is_file(),
        "la page d'impression est de nouveau là"
    );
    assert_same(
        &mut s.session,
        root,
        s.scratch.path(),
        "de-nouveau-imprimable",
    );
}
