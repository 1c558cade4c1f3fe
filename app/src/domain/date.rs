use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (no time zone), stored as `YYYY-MM-DD` and shown as `dd/mm/yyyy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid date (expected YYYY-MM-DD): {0:?}")]
pub struct DateError(String);

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        let err = || DateError(input.to_owned());
        let bytes = input.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(err());
        }
        let number = |range: std::ops::Range<usize>| -> Result<u16, DateError> {
            let part = &input[range];
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            part.parse().map_err(|_| err())
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(err());
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// `dd/mm/yyyy`, the Vietnamese way (also used in the English interface,
    /// where it is unambiguous enough for a Vietnamese site).
    pub fn display_vn(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// 00:00 of this day in Vietnam, in Unix seconds.
    pub fn vn_midnight(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146_097 + doe - 719_468) * 86_400 - VIETNAM_OFFSET_SECS
    }

    pub fn iso(self) -> String {
        self.to_string()
    }
}

/// Vietnam's offset from UTC (no daylight saving time).
pub const VIETNAM_OFFSET_SECS: i64 = 7 * 3600;

/// A moment, in Unix seconds; shown in Vietnam time (UTC+7), whoever looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Moment(pub i64);

impl Moment {
    /// The calendar date in Vietnam.
    pub fn date_vn(self) -> Date {
        let days = (self.0 + VIETNAM_OFFSET_SECS).div_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// `dd/mm/yyyy HH:MM`, Vietnam time.
    pub fn display_vn(self) -> String {
        let seconds = (self.0 + VIETNAM_OFFSET_SECS).rem_euclid(86_400);
        format!(
            "{} {:02}:{:02}",
            self.date_vn().display_vn(),
            seconds / 3600,
            seconds % 3600 / 60
        )
    }
}

fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_date_is_shown_day_first() {
        assert_eq!(
            Date::parse("2026-03-09").unwrap().display_vn(),
            "09/03/2026"
        );
    }

    #[test]
    fn impossible_days_are_rejected() {
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2026-04-31").is_err());
        assert!(Date::parse("2026-13-01").is_err());
    }

    #[test]
    fn other_layouts_are_rejected() {
        for bad in [
            "09/03/2026",
            "2026-3-9",
            "",
            "2026-03-09T00:00",
            "2026-0a-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn moments_are_shown_in_vietnam_time() {
        // 2026-03-09 17:30 UTC is 00:30 on the 10th in Hà Nội
        assert_eq!(Moment(1_773_077_400).display_vn(), "10/03/2026 00:30");
        assert_eq!(Moment(0).display_vn(), "01/01/1970 07:00");
        assert_eq!(Moment(951_782_400).date_vn().iso(), "2000-02-29");
    }

    #[test]
    fn dates_order_chronologically() {
        assert!(Date::parse("2026-01-31").unwrap() < Date::parse("2026-02-01").unwrap());
    }
}
