//! Opening hours in French words: `Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00` becomes
//! « du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h » and « le samedi, de 9 h à 12 h ».
//! The OpenStreetMap syntax says much more (months, weeks, sunrise, comments…); what these
//! words cannot say exactly gives `None`, and the page shows the hours as written.

use opening_hours_syntax::rules::day::{DaySelector, HolidayKind, WeekDayRange, Weekday};
use opening_hours_syntax::rules::time::{Time, TimeSpan};
use opening_hours_syntax::rules::{RuleKind, RuleOperator};

/// One line per rule, each starting with a capital letter; `None` when some rule cannot be
/// said exactly in words.
pub fn in_words(text: &str) -> Option<Vec<String>> {
    let expression = opening_hours_syntax::parse(text).ok()?;
    let mut lines = Vec::new();
    for rule in &expression.rules {
        if !rule.comment.is_empty() || rule.operator == RuleOperator::Fallback {
            return None;
        }
        let days = days(&rule.day_selector)?;
        let line = match rule.kind {
            RuleKind::Open => format!("{days}, {}", times(&rule.time_selector.spans)?),
            RuleKind::Closed => format!("{days}, fermé"),
            RuleKind::Unknown => return None,
        };
        lines.push(capitalized(&line));
    }
    (!lines.is_empty()).then_some(lines)
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// « du lundi au vendredi », « le samedi et les jours fériés », « tous les jours ».
fn days(selector: &DaySelector) -> Option<String> {
    if !selector.year.is_empty() || !selector.monthday.is_empty() || !selector.week.is_empty() {
        return None;
    }
    if selector.weekday.is_empty() {
        return Some("tous les jours".into());
    }
    let mut parts = Vec::new();
    for range in &selector.weekday {
        parts.push(match range {
            WeekDayRange::Fixed {
                range,
                offset: 0,
                nth_from_start,
                nth_from_end,
            } if nth_from_start.iter().all(|n| *n) && nth_from_end.iter().all(|n| *n) => {
                let (first, last) = (*range.start(), *range.end());
                if first == last {
                    format!("le {}", day_name(first))
                } else if first == Weekday::Mon && last == Weekday::Sun {
                    "tous les jours".to_string()
                } else {
                    format!("du {} au {}", day_name(first), day_name(last))
                }
            }
            WeekDayRange::Holiday {
                kind: HolidayKind::Public,
                offset: 0,
            } => "les jours fériés".to_string(),
            _ => return None,
        });
    }
    Some(joined(&parts))
}

/// « a », « a et b », « a, b et c ».
fn joined(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// « de 9 h à 12 h et de 14 h à 17 h », « 24 h sur 24 », « à partir de 18 h ».
fn times(spans: &[TimeSpan]) -> Option<String> {
    let mut parts = Vec::new();
    for span in spans {
        if span.repeats.is_some() {
            return None;
        }
        let (Time::Fixed(start), Time::Fixed(end)) = (&span.range.start, &span.range.end) else {
            return None;
        };
        let (start, end) = (start.mins_from_midnight(), end.mins_from_midnight());
        parts.push(if span.open_end {
            format!("à partir de {}", clock(start))
        } else if start == 0 && end == 24 * 60 {
            "24 h sur 24".to_string()
        } else {
            format!("de {} à {}", clock(start), clock(end))
        });
    }
    (!parts.is_empty()).then(|| joined(&parts))
}

/// `9 h`, `9 h 30`, `0 h` (minutes from midnight; past 24 h, the next day's hour).
fn clock(minutes: u16) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let h = if h > 24 { h - 24 } else { h };
    if m == 0 {
        format!("{h}\u{a0}h")
    } else {
        format!("{h}\u{a0}h\u{a0}{m:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::in_words;

    fn words(text: &str) -> Vec<String> {
        in_words(text)
            .unwrap_or_else(|| panic!("{text}"))
            .into_iter()
            .map(|l| l.replace('\u{a0}', " "))
            .collect()
    }

    #[test]
    fn says_days_and_times() {
        assert_eq!(
            words("Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00"),
            [
                "Du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h 30",
                "Le samedi, de 9 h à 12 h"
            ]
        );
        assert_eq!(
            words("Tu,Th 14:00-18:00"),
            ["Le mardi et le jeudi, de 14 h à 18 h"]
        );
        assert_eq!(words("24/7"), ["Tous les jours, 24 h sur 24"]);
        assert_eq!(
            words("Mo-Sa 10:00-19:00; PH off"),
            [
                "Du lundi au samedi, de 10 h à 19 h",
                "Les jours fériés, fermé"
            ]
        );
    }

    #[test]
    fn what_words_cannot_say_exactly_is_left_as_written() {
        for text in [
            "Jan-Mar Mo 10:00-12:00",
            "Mo[1] 10:00-12:00",
            "Mo 10:00-12:00 \"sur rendez-vous\"",
            "Mo sunrise-sunset",
            "pas une syntaxe",
        ] {
            assert_eq!(in_words(text), None, "{text}");
        }
    }
}
