//! Time in the domain: instants of the event log ([`Timestamp`]) and calendar dates that may be
//! known only to the year or month, or only as a range ([`FuzzyDate`]).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Error;

/// An instant, in milliseconds since the Unix epoch (UTC). Supplied by callers; never read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn from_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    pub fn as_millis(self) -> i64 {
        self.0
    }

    /// RFC 3339 in UTC with millisecond precision, e.g. `2022-01-05T10:00:00.000Z`.
    pub fn to_rfc3339(self) -> String {
        match jiff::Timestamp::from_millisecond(self.0) {
            Ok(ts) => format!("{ts:.3}"),
            Err(_) => format!("{}ms", self.0),
        }
    }
}

/// A date known exactly, to the month, to the year, or as an inclusive range.
///
/// Invariant: `earliest <= latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FuzzyDate {
    earliest: Date,
    latest: Date,
}

impl FuzzyDate {
    pub fn exact(date: Date) -> Self {
        FuzzyDate { earliest: date, latest: date }
    }

    /// A range; `None` when it ends before it starts.
    pub fn between(earliest: Date, latest: Date) -> Option<Self> {
        (earliest <= latest).then_some(FuzzyDate { earliest, latest })
    }

    pub fn year(year: i16) -> Option<Self> {
        let earliest = Date::new(year, 1, 1).ok()?;
        let latest = Date::new(year, 12, 31).ok()?;
        Some(FuzzyDate { earliest, latest })
    }

    pub fn month(year: i16, month: i8) -> Option<Self> {
        let earliest = Date::new(year, month, 1).ok()?;
        let latest = earliest.last_of_month();
        Some(FuzzyDate { earliest, latest })
    }

    pub fn earliest(&self) -> Date {
        self.earliest
    }

    pub fn latest(&self) -> Date {
        self.latest
    }

    pub fn is_exact(&self) -> bool {
        self.earliest == self.latest
    }

    /// Whether the two dates could be the same day.
    pub fn overlaps(&self, other: &FuzzyDate) -> bool {
        self.earliest <= other.latest && other.earliest <= self.latest
    }

    /// Whether `day` may be this date.
    pub fn may_be(&self, day: Date) -> bool {
        self.earliest <= day && day <= self.latest
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = (self.earliest, self.latest);
        if a == b {
            write!(f, "{a}")
        } else if a.day() == 1 && a.month() == 1 && b.month() == 12 && b.day() == 31 && a.year() == b.year() {
            write!(f, "{:04}", a.year())
        } else if a.day() == 1 && b == a.last_of_month() {
            write!(f, "{:04}-{:02}", a.year(), a.month())
        } else {
            write!(f, "{a}..{b}")
        }
    }
}

fn parse_single(text: &str) -> Result<FuzzyDate, Error> {
    let invalid = || Error::InvalidDate { value: text.to_owned() };
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<i32, Error> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| invalid())
        } else {
            Err(invalid())
        }
    };
    match parts.as_slice() {
        [y] => FuzzyDate::year(number(y, 4)? as i16).ok_or_else(invalid),
        [y, m] => FuzzyDate::month(number(y, 4)? as i16, number(m, 2)? as i8).ok_or_else(invalid),
        [y, m, d] => Date::new(number(y, 4)? as i16, number(m, 2)? as i8, number(d, 2)? as i8)
            .map(FuzzyDate::exact)
            .map_err(|_| invalid()),
        _ => Err(invalid()),
    }
}

impl FromStr for FuzzyDate {
    type Err = Error;

    /// Accepts `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and `FROM..TO` where each end is one of those.
    fn from_str(text: &str) -> Result<Self, Error> {
        let text = text.trim();
        match text.split_once("..") {
            None => parse_single(text),
            Some((from, to)) => {
                let from = parse_single(from.trim())?;
                let to = parse_single(to.trim())?;
                FuzzyDate::between(from.earliest, to.latest)
                    .ok_or_else(|| Error::ReversedDateRange { value: text.to_owned() })
            }
        }
    }
}

impl TryFrom<String> for FuzzyDate {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        value.parse()
    }
}

impl From<FuzzyDate> for String {
    fn from(date: FuzzyDate) -> String {
        date.to_string()
    }
}

/// Parses an exact `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, Error> {
    let fuzzy: FuzzyDate = text.parse()?;
    if fuzzy.is_exact() { Ok(fuzzy.earliest) } else { Err(Error::InvalidDate { value: text.to_owned() }) }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use proptest::prelude::*;

    use super::*;

    #[track_caller]
    fn check(input: &str, expect: Expect) {
        let actual = match input.parse::<FuzzyDate>() {
            Ok(date) => format!("{date} [{} .. {}]", date.earliest(), date.latest()),
            Err(error) => format!("error: {error}"),
        };
        expect.assert_eq(&actual);
    }

    #[test]
    fn exact_day() {
        check("2022-01-05", expect!["2022-01-05 [2022-01-05 .. 2022-01-05]"]);
    }

    #[test]
    fn year_only() {
        check("1971", expect!["1971 [1971-01-01 .. 1971-12-31]"]);
    }

    #[test]
    fn month_only() {
        check("2022-02", expect!["2022-02 [2022-02-01 .. 2022-02-28]"]);
    }

    #[test]
    fn range() {
        check("2022-01-04..2022-01-07", expect!["2022-01-04..2022-01-07 [2022-01-04 .. 2022-01-07]"]);
    }

    #[test]
    fn reversed_range() {
        check("2022-01-07..2022-01-04", expect!["error: date range `2022-01-07..2022-01-04` ends before it starts"]);
    }

    #[test]
    fn not_a_date() {
        check(
            "05.01.2022",
            expect!["error: `05.01.2022` is not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)"],
        );
        check(
            "2022-02-30",
            expect!["error: `2022-02-30` is not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO)"],
        );
    }

    proptest! {
        #[test]
        fn display_parses_back(y in 1900i16..2100, m in 1i8..=12, d in 1i8..=28, len in 0i32..400) {
            let start = Date::new(y, m, d).unwrap();
            let end = start.checked_add(jiff::Span::new().days(len)).unwrap();
            let date = FuzzyDate::between(start, end).unwrap();
            prop_assert_eq!(date.to_string().parse::<FuzzyDate>().unwrap(), date);
        }
    }
}
