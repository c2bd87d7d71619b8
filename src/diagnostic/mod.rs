/*!
Diagnostics: every problem found in the content, as data.

A [`Diagnostic`] names a file (relative to `--root`), a 1-based line and column, a code from
the [`code`] catalogue (one per kind of problem, e.g. `cle-inconnue`, with its severity and
general hint), a French message, the offending text and an optional precise hint. Stages never stop at the first problem: they push diagnostics into a
[`Diagnostics`] collector, and the CLI prints them all at once, sorted by file and line, with
[`Diagnostics::render`]. This module does not decide what is an error; it only carries and prints.
*/

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub mod code;

pub use code::Code;

/// How serious a problem is: errors fail the command, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails `check` and `build` (exit status 1).
    Error,
    /// Reported, but the content is still usable.
    Warning,
}

/// A 1-based position in a source file. Line 0 means "the whole file".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column, in characters; 0 when unknown.
    pub col: u32,
}

impl Pos {
    /// A position at `line`, `col` (both 1-based).
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }

    /// The start of a file.
    pub fn start() -> Self {
        Pos { line: 1, col: 1 }
    }
}

/// One problem found in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of problem, from the [`code`] catalogue.
    pub code: Code,
    /// The file, relative to the site root (`content/territoires/lille/acteurs.yaml`); empty
    /// for a problem of the command itself (a port already taken).
    pub file: PathBuf,
    /// Where in the file.
    pub pos: Pos,
    /// What is wrong, in French.
    pub message: String,
    /// The offending text as written in the file, if any (underlined by the printer).
    pub culprit: Option<String>,
    /// How to fix it, in French (the catalogue's hint for the code when `None`).
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new problem of the kind `code` (its severity is the catalogue's).
    pub fn new(code: Code, file: &Path, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity,
            code,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            culprit: None,
            hint: None,
        }
    }

    /// Sets the offending text.
    pub fn culprit(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        self.culprit = (!text.is_empty()).then_some(text);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint unless one is already set.
    pub fn hint_or(mut self, hint: impl Into<String>) -> Self {
        if self.hint.is_none() {
            self.hint = Some(hint.into());
        }
        self
    }

    /// Sets the hint when there is one.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

/// Files larger than this are not read to quote a line (content refuses them anyway).
const MAX_QUOTED_BYTES: u64 = 8 * 1024 * 1024;

/// The collector every stage writes into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Text of files given by [`Diagnostics::add_source`], to quote the offending line.
    sources: BTreeMap<PathBuf, String>,
    /// Other files are read from this folder when a line of theirs must be quoted.
    root: Option<PathBuf>,
}

/// The byte range of each line of `text` (as `str::lines` cuts them).
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        out.push((start, i));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Takes in the problems (and quoted files) another collector found, e.g. on another thread.
    pub fn absorb(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
        self.root = self.root.take().or(other.root);
    }

    /// Keeps the text of a file so that its lines can be quoted.
    pub fn add_source(&mut self, file: &Path, text: &str) {
        self.sources.insert(file.to_path_buf(), text.to_string());
    }

    /// Number of errors (warnings excluded).
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// True when at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// The problems, sorted by file, line, column and code, duplicates removed.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.file, a.pos, a.severity, a.code, &a.message)
                .cmp(&(&b.file, b.pos, b.severity, b.code, &b.message))
        });
        items.dedup_by(|a, b| a == b);
        items
    }

    /// All problems as French text, followed by a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let sorted = self.sorted();
        // Diagnostics are sorted by file: each file's text is read and cut in lines once (a
        // file may have hundreds of thousands of problems).
        let mut current: Option<(&Path, Option<String>)> = None;
        let mut lines: Vec<(usize, usize)> = Vec::new();
        for d in &sorted {
            if current.as_ref().is_none_or(|(f, _)| *f != d.file.as_path()) {
                let text = self.source_text(&d.file);
                lines = text.as_deref().map(line_ranges).unwrap_or_default();
                current = Some((d.file.as_path(), text));
            }
            let text = current.as_ref().and_then(|(_, t)| t.as_deref());
            let line = text.zip(d.pos.line.checked_sub(1)).and_then(|(t, i)| {
                let (start, end) = *lines.get(i as usize)?;
                Some(t[start..end].trim_end_matches('\r'))
            });
            self.render_one(d, line, &mut out);
            out.push('\n');
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors + warnings > 0 {
            let files: std::collections::BTreeSet<_> = sorted
                .iter()
                .map(|d| &d.file)
                .filter(|f| !f.as_os_str().is_empty())
                .collect();
            let within = match files.len() {
                0 => String::new(),
                n => format!(" dans {}", plural(n, "fichier", "fichiers")),
            };
            let _ = writeln!(
                out,
                "{}, {}{within}.",
                plural(errors, "erreur", "erreurs"),
                plural(warnings, "avertissement", "avertissements"),
            );
        }
        out
    }

    /// Prints `d`, quoting `line` (its line in the file) when known.
    fn render_one(&self, d: &Diagnostic, line: Option<&str>, out: &mut String) {
        let label = match d.severity {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        };
        let file = d.file.display().to_string().replace('\\', "/");
        let location = if file.is_empty() {
            String::new()
        } else if d.pos.line == 0 {
            format!(" {file}")
        } else {
            format!(" {file}:{}:{}", d.pos.line, d.pos.col.max(1))
        };
        let _ = writeln!(out, "{label}[{}]{location}", d.code);
        let _ = writeln!(out, "  {}", d.message);
        if let Some(line) = line {
            let number = d.pos.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = line.chars().take(200).collect();
            let _ = writeln!(out, "  {number} | {shown}");
            let col = d.pos.col.max(1) as usize;
            let width = d
                .culprit
                .as_deref()
                .map(|c| c.lines().next().unwrap_or("").chars().count())
                .unwrap_or(1)
                .clamp(1, 80);
            if col <= shown.chars().count() + 1 {
                let indent: String = shown
                    .chars()
                    .take(col - 1)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "  {pad} | {indent}{}", "^".repeat(width));
            }
        } else if let Some(culprit) = &d.culprit {
            let _ = writeln!(out, "  en cause : « {culprit} »");
        }
        let hint = d.hint.as_deref().unwrap_or(d.code.hint);
        let _ = writeln!(out, "  aide : {hint}");
    }

    /// The text of a file: given by [`Diagnostics::add_source`], else read from the root.
    fn source_text(&self, file: &Path) -> Option<String> {
        let text = match self.sources.get(file) {
            Some(t) => t.clone(),
            None => {
                // Only a regular file of reasonable size is quoted: a diagnostic may be about a
                // FIFO (which would block the read) or a link that leads out of the site.
                let path = self.root.as_ref()?.join(file);
                let meta = std::fs::symlink_metadata(&path).ok()?;
                if !meta.is_file() || meta.len() > MAX_QUOTED_BYTES {
                    return None;
                }
                let bytes = std::fs::read(path).ok()?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        Some(text.trim_start_matches('\u{feff}').to_string())
    }

    /// Sets the folder that file paths are relative to, so that their lines can be quoted.
    pub fn set_root(&mut self, root: &Path) {
        self.root = Some(root.to_path_buf());
    }
}

/// Why a file operation failed, in French (the system's own words are English).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let reason = match e.kind() {
        NotFound => "introuvable",
        PermissionDenied => "permission refusée",
        AlreadyExists => "existe déjà",
        StorageFull => "disque plein",
        QuotaExceeded => "quota de disque dépassé",
        ReadOnlyFilesystem => "système de fichiers en lecture seule",
        IsADirectory => "c'est un dossier",
        NotADirectory => "un élément du chemin n'est pas un dossier",
        DirectoryNotEmpty => "dossier non vide",
        InvalidData => "données invalides",
        InvalidFilename => "nom de fichier invalide",
        FileTooLarge => "fichier trop volumineux",
        AddrInUse => "adresse déjà utilisée par un autre programme",
        AddrNotAvailable => "adresse indisponible sur cet ordinateur",
        CrossesDevices => "déplacement entre deux disques impossible",
        Interrupted => "interrompu",
        _ => return format!("erreur du système : {e}"),
    };
    reason.to_string()
}

/// `1 erreur`, `0 erreur`, `3 erreurs` (French: 0 and 1 are singular).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_caret_and_hint() {
        let mut diags = Diagnostics::new();
        let file = Path::new("content/a.yaml");
        diags.add_source(file, "titre: x\nnom_cour: Lille\n");
        diags.push(
            Diagnostic::new(
                code::CLE_INCONNUE,
                file,
                Pos::new(2, 1),
                "clé inconnue `nom_cour`",
            )
            .culprit("nom_cour")
            .hint("vouliez-vous dire `nom_court` ?"),
        );
        let text = diags.render();
        assert!(
            text.contains("erreur[cle-inconnue] content/a.yaml:2:1"),
            "{text}"
        );
        assert!(text.contains("2 | nom_cour: Lille"), "{text}");
        assert!(text.contains("| ^^^^^^^^\n"), "{text}");
        assert!(
            text.contains("aide : vouliez-vous dire `nom_court` ?"),
            "{text}"
        );
        assert!(
            text.ends_with("1 erreur, 0 avertissement dans 1 fichier.\n"),
            "{text}"
        );
    }

    #[test]
    fn sorts_by_file_then_line() {
        let mut diags = Diagnostics::new();
        let (a, b) = (Path::new("a"), Path::new("b"));
        diags.push(Diagnostic::new(code::CLE_INCONNUE, b, Pos::new(1, 1), "b1"));
        diags.push(Diagnostic::new(code::CLE_INCONNUE, a, Pos::new(9, 1), "a9"));
        diags.push(Diagnostic::new(
            code::LIEN_BROUILLON,
            a,
            Pos::new(2, 1),
            "a2",
        ));
        let order: Vec<_> = diags.sorted().iter().map(|d| d.message.clone()).collect();
        assert_eq!(order, ["a2", "a9", "b1"]);
        assert_eq!(diags.error_count(), 2);
    }
}
