//! French formats for readers: numbers (`12,5`, `400 000`), amounts (`400 000 €`), dates
//! (`16 février 2021`) and typography (non-breaking spaces before `: ; ! ?` and inside « »).

use crate::date::PartialDate;

/// Narrow no-break space: thousands separator and before `; ! ?`.
pub const NNBSP: char = '\u{202F}';
/// No-break space: before `:` and inside « ».
pub const NBSP: char = '\u{A0}';

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `1234567.891` → `1 234 567,89` (at most two decimals, trailing zeros dropped).
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let negative = value < 0.0;
    let rounded = (value.abs() * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    if cents > 0 {
        let dec = format!("{cents:02}");
        out.push(',');
        out.push_str(dec.trim_end_matches('0'));
    }
    if negative && (int > 0 || cents > 0) {
        out.insert(0, '−');
    }
    out
}

/// `400000` → `400 000 €`.
pub fn euros(value: f64) -> String {
    format!("{}{NBSP}€", number(value))
}

/// A value with its unit (`42 acteurs`, `12,5 %`, `400 000 €`).
pub fn with_unit(value: f64, unit: &str) -> String {
    match unit {
        "€" => euros(value),
        "" => number(value),
        _ => format!("{}{NBSP}{unit}", number(value)),
    }
}

/// `2021-02-16` → `16 février 2021`, `2021-05` → `mai 2021`, `2021` → `2021`.
pub fn date(d: &PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let day = if day == 1 {
                "1er".to_string()
            } else {
                day.to_string()
            };
            format!("{day}{NBSP}{}{NBSP}{}", MONTHS[m as usize - 1], d.year)
        }
        (Some(m), None) => format!("{}{NBSP}{}", MONTHS[m as usize - 1], d.year),
        _ => d.year.to_string(),
    }
}

/// A date written in the content, formatted; the text as is when it is not a date.
pub fn date_text(text: &str) -> String {
    PartialDate::parse(text)
        .map(|d| date(&d))
        .unwrap_or_else(|| text.to_string())
}

/// French typography on plain text: no-break spaces before `: ; ! ?`, inside « », and French
/// quotes for the curly quotes that smart punctuation produces.
pub fn typography(text: &str) -> String {
    let text = text.replace('“', "«").replace('”', "»").replace('\'', "’");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        match c {
            ' ' if matches!(next, Some(':')) && after_word_or_space(&chars, i + 1) => {
                out.push(NBSP)
            }
            ' ' if matches!(next, Some(';' | '!' | '?' | '»')) => {
                out.push(if next == Some('»') { NBSP } else { NNBSP })
            }
            ' ' if prev == Some('«') => out.push(NBSP),
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NBSP);
                }
            }
            '»' => {
                if prev.is_some_and(|p| !p.is_whitespace()) {
                    out.push(NBSP);
                }
                out.push('»');
            }
            _ => out.push(c),
        }
    }
    out
}

/// True when the colon at `i` is followed by a space or the end: `Note : x`, not `10 :30`.
fn after_word_or_space(chars: &[char], i: usize) -> bool {
    chars.get(i + 1).is_none_or(|c| c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_amounts() {
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(400000.0), "400\u{202F}000");
        assert_eq!(number(1234567.891), "1\u{202F}234\u{202F}567,89");
        assert_eq!(number(8.0), "8");
        assert_eq!(number(-3.0), "−3");
        assert_eq!(euros(400000.0), "400\u{202F}000\u{A0}€");
        assert_eq!(with_unit(42.0, "acteurs"), "42\u{A0}acteurs");
    }

    #[test]
    fn dates() {
        assert_eq!(date_text("2021-02-16"), "16\u{A0}février\u{A0}2021");
        assert_eq!(date_text("2021-05-01"), "1er\u{A0}mai\u{A0}2021");
        assert_eq!(date_text("2023-05"), "mai\u{A0}2023");
        assert_eq!(date_text("2023"), "2023");
    }

    #[test]
    fn typography_rules() {
        assert_eq!(
            typography("Note : oui ; non ! Quoi ?"),
            "Note\u{A0}: oui\u{202F}; non\u{202F}! Quoi\u{202F}?"
        );
        assert_eq!(typography("« bonjour »"), "«\u{A0}bonjour\u{A0}»");
        assert_eq!(typography("«bonjour»"), "«\u{A0}bonjour\u{A0}»");
        assert_eq!(typography("“cité”"), "«\u{A0}cité\u{A0}»");
        assert_eq!(
            typography("https://exemple.fr à 10:30"),
            "https://exemple.fr à 10:30"
        );
    }
}
