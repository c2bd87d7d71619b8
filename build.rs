//! Gives the binary the commit it was built from (`ctin --version`): `CTIN_COMMIT` is the
//! short hash and date of git's HEAD, or « commit inconnu » outside a git checkout (a source
//! archive), so that the build never depends on git being there.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    let commit = match (
        git(&["rev-parse", "--short=12", "HEAD"]),
        git(&["log", "-1", "--format=%cs"]),
    ) {
        (Some(hash), Some(date)) => format!("commit {hash} du {date}"),
        (Some(hash), None) => format!("commit {hash}"),
        _ => "commit inconnu".to_string(),
    };
    println!("cargo:rustc-env=CTIN_COMMIT={commit}");
    // Where released binaries of this version are downloaded from (the release workflow sets
    // it to its own forge's address): `ctin new site` writes it into the publishing recipes.
    let releases = std::env::var("CTIN_TELECHARGEMENT").unwrap_or_default();
    println!("cargo:rustc-env=CTIN_TELECHARGEMENT={releases}");
    println!("cargo:rerun-if-env-changed=CTIN_TELECHARGEMENT");
    // Built again when HEAD moves (a new commit or another branch).
    if let Some(dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        if let Some(head) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={dir}/{head}");
        }
        println!("cargo:rerun-if-changed={dir}/packed-refs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
