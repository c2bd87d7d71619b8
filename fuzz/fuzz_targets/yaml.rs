//! YAML and front matter of every kind of content file: parsing never panics, overflows or
//! hangs, and its diagnostics print.
#![no_main]

use std::path::PathBuf;

use ctin::content::{FileKind, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let t = || "alpha".to_string();
    let (kind, path) = match which % 9 {
        0 => (FileKind::Site, "content/site.yaml"),
        1 => (FileKind::Home, "content/index.md"),
        2 => (
            FileKind::Referentiel,
            "content/referentiel/indicateurs.yaml",
        ),
        3 => (
            FileKind::Model("charte".into()),
            "content/modeles/charte.md",
        ),
        4 => (
            FileKind::Territory(t()),
            "content/territoires/alpha/territoire.yaml",
        ),
        5 => (
            FileKind::Actors(t()),
            "content/territoires/alpha/acteurs.yaml",
        ),
        6 => (
            FileKind::Measures(t()),
            "content/territoires/alpha/indicateurs.yaml",
        ),
        7 => (
            FileKind::Roadmap(t()),
            "content/territoires/alpha/feuille-de-route.md",
        ),
        _ => (
            FileKind::Document(t(), "charte".into()),
            "content/territoires/alpha/documents/charte.md",
        ),
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let file = SourceFile {
        kind,
        path: PathBuf::from(path),
        text: text.clone(),
    };
    let mut diags = ctin::diagnostic::Diagnostics::new();
    diags.add_source(&file.path, &text);
    let _ = ctin::model::parse_file(&file, &mut diags);
    let _ = diags.render();
});
