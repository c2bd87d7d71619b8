/*!
Dates of the content format: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.

A [`PartialDate`] keeps the precision the author wrote, sorts chronologically (a year sorts before
its months) and is checked with jiff so that `2023-02-30` is refused.
*/

use std::fmt;

/// A date with the precision its author gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Year (1000–9999).
    pub year: i16,
    /// Month 1–12, if given.
    pub month: Option<i8>,
    /// Day of the month, if given.
    pub day: Option<i8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `None` when the text is not such a date.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
            return None;
        }
        let year: i16 = parts[0].parse().ok()?;
        if year < 1000 {
            return None;
        }
        let month = match parts.get(1) {
            Some(m) if digits(m, 2) => Some(m.parse::<i8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) if digits(d, 2) => {
                let day: i8 = d.parse().ok()?;
                jiff::civil::Date::new(year, month?, day).ok()?;
                Some(day)
            }
            Some(_) => return None,
            None => None,
        };
        Some(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::PartialDate;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(PartialDate::parse("2021").unwrap().to_string(), "2021");
        assert_eq!(
            PartialDate::parse("2021-05").unwrap().to_string(),
            "2021-05"
        );
        assert_eq!(
            PartialDate::parse("2021-02-16").unwrap().to_string(),
            "2021-02-16"
        );
        assert_eq!(PartialDate::parse("2024-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn refuses_impossible_or_malformed_dates() {
        for bad in [
            "",
            "21",
            "2021-2",
            "2021-13",
            "2023-02-29",
            "2021-04-31",
            "16/02/2021",
            "2021-05-01-01",
            "abcd",
            "0999",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn sorts_chronologically() {
        let a = PartialDate::parse("2021").unwrap();
        let b = PartialDate::parse("2021-02").unwrap();
        let c = PartialDate::parse("2021-02-16").unwrap();
        assert!(a < b && b < c);
    }
}
