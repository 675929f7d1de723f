//! Belarus public holidays (Labour Code, art. 147 and the President's decree No. 157): fixed
//! dates and Radunitsa, the ninth day after Orthodox Easter, computed for each year. A holiday
//! that falls on a weekend is not moved.

use time::{Date, Duration, Month};

/// The fixed-date public holidays, (month, day).
const FIXED: [(Month, u8); 9] = [
    (Month::January, 1),
    (Month::January, 2),
    (Month::January, 7),
    (Month::March, 8),
    (Month::May, 1),
    (Month::May, 9),
    (Month::July, 3),
    (Month::November, 7),
    (Month::December, 25),
];

/// Orthodox Easter Sunday in the Gregorian calendar (Meeus' Julian computus, then the
/// 13-day difference between the calendars, which holds from 1900 to 2099).
pub fn orthodox_easter(year: i32) -> Option<Date> {
    if !(1900..=2099).contains(&year) {
        return None;
    }
    let (a, b, c) = (year % 4, year % 7, year % 19);
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    let julian = Date::from_calendar_date(year, Month::try_from(month as u8).ok()?, day as u8).ok()?;
    Some(julian + Duration::days(13))
}

/// Radunitsa: Tuesday of the second week after Orthodox Easter.
pub fn radunitsa(year: i32) -> Option<Date> {
    orthodox_easter(year).map(|easter| easter + Duration::days(9))
}

/// The public holidays of a year in date order.
pub fn holidays_of(year: i32) -> Vec<Date> {
    let mut days: Vec<Date> =
        FIXED.iter().filter_map(|&(m, d)| Date::from_calendar_date(year, m, d).ok()).chain(radunitsa(year)).collect();
    days.sort();
    days
}

pub fn is_public_holiday(date: Date) -> bool {
    FIXED.iter().any(|&(m, d)| date.month() == m && date.day() == d) || radunitsa(date.year()) == Some(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_year_has_ten_public_holidays_in_order() {
        let days = holidays_of(2026);
        assert_eq!(days.len(), 10);
        assert_eq!(days[0], date!(2026 - 01 - 01));
        assert!(days.contains(&date!(2026 - 04 - 21)), "Radunitsa 2026");
        assert!(days.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn orthodox_easter_in_several_years() {
        assert_eq!(orthodox_easter(2023), Some(date!(2023 - 04 - 16)));
        assert_eq!(orthodox_easter(2024), Some(date!(2024 - 05 - 05)));
        assert_eq!(orthodox_easter(2025), Some(date!(2025 - 04 - 20)));
        assert_eq!(orthodox_easter(2026), Some(date!(2026 - 04 - 12)));
        assert_eq!(orthodox_easter(2027), Some(date!(2027 - 05 - 02)));
        assert_eq!(orthodox_easter(2030), Some(date!(2030 - 04 - 28)));
        assert_eq!(orthodox_easter(2100), None, "the 13-day rule ends with 2099");
    }

    #[test]
    fn radunitsa_is_nine_days_after_easter_and_always_a_tuesday() {
        assert_eq!(radunitsa(2024), Some(date!(2024 - 05 - 14)));
        assert_eq!(radunitsa(2025), Some(date!(2025 - 04 - 29)));
        assert_eq!(radunitsa(2026), Some(date!(2026 - 04 - 21)));
        for year in 1900..=2099 {
            assert_eq!(radunitsa(year).unwrap().weekday(), time::Weekday::Tuesday, "{year}");
        }
    }

    #[test]
    fn the_holidays_of_2026() {
        let holidays: Vec<Date> =
            (0..365).map(|n| date!(2026 - 01 - 01) + Duration::days(n)).filter(|d| is_public_holiday(*d)).collect();
        assert_eq!(
            holidays,
            vec![
                date!(2026 - 01 - 01),
                date!(2026 - 01 - 02),
                date!(2026 - 01 - 07),
                date!(2026 - 03 - 08),
                date!(2026 - 04 - 21),
                date!(2026 - 05 - 01),
                date!(2026 - 05 - 09),
                date!(2026 - 07 - 03),
                date!(2026 - 11 - 07),
                date!(2026 - 12 - 25),
            ]
        );
    }
}
