//! Charts drawn by the build as inline SVG: no chart library in the browser. Each chart has a
//! title and a text alternative (`<title>`, `<desc>`); pages show the same numbers in a table.

use std::fmt::Write as _;

use super::format::number;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A bar per item (`label`, `value`), vertical when there are few, horizontal for long lists
/// of names. `id` must be unique on the page.
pub fn bars(id: &str, title: &str, unit: &str, items: &[(String, f64)]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let max = items
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let desc = items
        .iter()
        .map(|(l, v)| format!("{l} : {} {unit}", number(*v)))
        .collect::<Vec<_>>()
        .join(" ; ");
    let row = 28.0;
    let label_w = 170.0;
    let bar_w = 330.0;
    let height = items.len() as f64 * row + 10.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"graphique\" role=\"img\" aria-labelledby=\"{id}-titre {id}-desc\" viewBox=\"0 0 600 {height}\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-titre\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(&desc)
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 5.0 + i as f64 * row;
        let w = (value / max * bar_w).max(if *value > 0.0 { 2.0 } else { 0.0 });
        let short: String = label.chars().take(24).collect();
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"etiquette\">{}</text><rect x=\"{label_w}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" class=\"barre\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"valeur\">{}</text>",
            label_w - 8.0,
            y + 18.0,
            esc(&short),
            row - 8.0,
            label_w + w + 6.0,
            y + 18.0,
            esc(&number(*value))
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_have_title_description_and_one_bar_per_item() {
        let svg = bars(
            "g1",
            "Acteurs",
            "acteurs",
            &[("2022".into(), 10.0), ("2023".into(), 42.0)],
        );
        assert!(svg.contains("<title id=\"g1-titre\">Acteurs</title>"));
        assert!(svg.contains("2023 : 42 acteurs"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("width=\"330.0\""));
        assert_eq!(bars("g", "x", "", &[]), "");
    }
}
