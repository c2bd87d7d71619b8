//! Splitting a Markdown file into its YAML front matter and its body.

use crate::diagnostic::{Diagnostic, Pos, code};
use std::path::Path;

/// A Markdown file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Lines before the YAML (the opening `---`): 1.
    pub yaml_offset: u32,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Lines before the body.
    pub body_offset: u32,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text`; a missing or unclosed front matter is a diagnostic.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        let first = text.lines().next().unwrap_or("").to_string();
        return Err(Diagnostic::new(
            code::FRONT_MATTER_ABSENT,
            file,
            Pos::start(),
            "le fichier doit commencer par un bloc d'en-tête YAML entre deux lignes `---`",
        )
        .culprit(first)
        .hint("ajoutez en tête du fichier :\n    ---\n    titre: Titre de la page\n    ---"));
    }
    let mut offset = first_end;
    let mut line_no = 1u32;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i + 1)
            .unwrap_or(text.len());
        line_no += 1;
        if is_fence(&text[offset..end]) {
            return Ok(Split {
                yaml: &text[first_end..offset],
                yaml_offset: 1,
                body: &text[end..],
                body_offset: line_no,
            });
        }
        offset = end;
    }
    Err(Diagnostic::new(
        code::FRONT_MATTER_NON_FERME,
        file,
        Pos::start(),
        "bloc d'en-tête YAML ouvert par `---` mais jamais fermé",
    )
    .culprit("---")
    .hint("ajoutez une ligne `---` après la dernière clé de l'en-tête"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitre: A\n---\n# Corps\n", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "titre: A\n");
        assert_eq!(s.body, "# Corps\n");
        assert_eq!(s.body_offset, 3);
        let s = split("---\r\ntitre: A\r\n---", Path::new("a.md")).unwrap();
        assert_eq!(s.yaml, "titre: A\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn refuses_missing_or_unclosed() {
        assert_eq!(
            split("# x", Path::new("a.md")).unwrap_err().code,
            "front-matter-absent"
        );
        assert_eq!(
            split("", Path::new("a.md")).unwrap_err().code,
            "front-matter-absent"
        );
        assert_eq!(
            split("---\ntitre: x\n", Path::new("a.md"))
                .unwrap_err()
                .code,
            "front-matter-non-ferme"
        );
    }
}
