//! Days, weeks and months on the Minsk calendar (UTC+3 all year), as the reports count them.

use time::{Date, Duration, Month, Weekday};

const DAY_SECONDS: i64 = 86_400;
const MINSK_SECONDS: i64 = 3 * 3600;

/// A day in Minsk, numbered from 1 January 1970.
pub type Day = i64;

/// The Minsk day an instant (Unix seconds) falls on.
pub fn day_of(unix: i64) -> Day {
    (unix + MINSK_SECONDS).div_euclid(DAY_SECONDS)
}

/// The instant (Unix seconds) a Minsk day begins.
pub fn day_start(day: Day) -> i64 {
    day * DAY_SECONDS - MINSK_SECONDS
}

fn epoch() -> Date {
    Date::from_calendar_date(1970, Month::January, 1).expect("a valid date")
}

pub fn date_of(day: Day) -> Date {
    epoch() + Duration::days(day)
}

pub fn day_from_date(date: Date) -> Day {
    (date - epoch()).whole_days()
}

/// A month as one number: year × 12 + (month − 1).
pub type MonthKey = i64;

pub fn month_of(day: Day) -> MonthKey {
    let d = date_of(day);
    i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1
}

pub fn month_first_day(month: MonthKey) -> Day {
    let year = month.div_euclid(12) as i32;
    let number = (month.rem_euclid(12) + 1) as u8;
    let first = Date::from_calendar_date(year, Month::try_from(number).expect("1‥12"), 1).expect("a valid date");
    day_from_date(first)
}

/// A month no one can count in any more: it ended a whole day before `today`. Staff actions are
/// counted on the day they happen, so a clock a few minutes behind on another instance still
/// counts into the month just ended, but not once a day has passed.
pub fn month_settled(month: MonthKey, today: Day) -> bool {
    month_first_day(month + 1) < today
}

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    pub fn days(self) -> i64 {
        self.to - self.from + 1
    }

    pub fn contains(self, day: Day) -> bool {
        (self.from..=self.to).contains(&day)
    }

    /// The whole months inside the period (first and last month key, both included) and the
    /// days outside them: what month totals can answer, and what is left for day totals.
    pub fn split_by_months(self) -> (Option<(MonthKey, MonthKey)>, Vec<Period>) {
        let mut first = month_of(self.from);
        if month_first_day(first) < self.from {
            first += 1;
        }
        let mut last = month_of(self.to);
        if month_first_day(last + 1) - 1 > self.to {
            last -= 1;
        }
        if first > last {
            return (None, vec![self]);
        }
        let mut edges = Vec::new();
        if self.from < month_first_day(first) {
            edges.push(Period { from: self.from, to: month_first_day(first) - 1 });
        }
        if month_first_day(last + 1) <= self.to {
            edges.push(Period { from: month_first_day(last + 1), to: self.to });
        }
        (Some((first, last)), edges)
    }
}

/// How a series over a period is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// Days up to two months, weeks up to half a year, months beyond: a chart stays readable.
    pub fn suiting(period: Period) -> Granularity {
        match period.days() {
            ..=62 => Granularity::Day,
            63..=190 => Granularity::Week,
            _ => Granularity::Month,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    pub fn parse(text: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.as_str() == text)
    }

    /// The first day of the step `day` belongs to: itself, its week's Monday, its month's first day.
    pub fn step_start(self, day: Day) -> Day {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - i64::from(date_of(day).weekday().number_days_from_monday()),
            Granularity::Month => month_first_day(month_of(day)),
        }
    }

    /// The steps covering the period, as their first days (the first may begin before it).
    pub fn steps(self, period: Period) -> Vec<Day> {
        let mut steps = Vec::new();
        let mut at = self.step_start(period.from);
        while at <= period.to {
            steps.push(at);
            at = match self {
                Granularity::Day => at + 1,
                Granularity::Week => at + 7,
                Granularity::Month => month_first_day(month_of(at) + 1),
            };
        }
        steps
    }
}

/// How long an open ticket has waited since it was filed, in calendar time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Age {
    UnderDay,
    UpTo3Days,
    UpToWeek,
    UpToMonth,
    Older,
}

impl Age {
    pub const ALL: [Age; 5] = [Age::UnderDay, Age::UpTo3Days, Age::UpToWeek, Age::UpToMonth, Age::Older];

    /// Where each age but the first begins, in seconds: a day, three days, a week, thirty days.
    pub const BOUNDS: [i64; 4] = [DAY_SECONDS, 3 * DAY_SECONDS, 7 * DAY_SECONDS, 30 * DAY_SECONDS];

    pub fn of(seconds: i64) -> Age {
        match Age::BOUNDS.iter().position(|bound| seconds < *bound) {
            Some(n) => Age::ALL[n],
            None => Age::Older,
        }
    }

    /// Tickets by age from how many there are and how many are younger than each bound
    /// (filed after `now − bound`), as a database counts them without reading them out.
    pub fn tally(total: i64, younger_than: [i64; 4]) -> [i64; 5] {
        let mut out = [0; 5];
        let mut below = 0;
        for (n, younger) in younger_than.into_iter().enumerate() {
            out[n] = younger - below;
            below = younger;
        }
        out[4] = total - below;
        out
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Age::UnderDay => "under_day",
            Age::UpTo3Days => "up_to_3_days",
            Age::UpToWeek => "up_to_week",
            Age::UpToMonth => "up_to_month",
            Age::Older => "older",
        }
    }
}

/// Monday of the week `day` is in — for labels.
pub fn is_monday(day: Day) -> bool {
    date_of(day).weekday() == Weekday::Monday
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_settles_a_whole_day_after_it_ends() {
        let november = month_of(day_from_date(time::macros::date!(2026 - 11 - 15)));
        let day = |d| day_from_date(d);
        assert!(!month_settled(november, day(time::macros::date!(2026 - 11 - 30))));
        assert!(
            !month_settled(november, day(time::macros::date!(2026 - 12 - 01))),
            "its next day may still count into it"
        );
        assert!(month_settled(november, day(time::macros::date!(2026 - 12 - 02))));
        assert!(month_settled(november - 12, day(time::macros::date!(2026 - 12 - 01))));
    }

    #[test]
    fn ages_are_counted_from_their_bounds_as_from_each_ticket() {
        const DAY: i64 = 86_400;
        let now = 1_800_000_000;
        let filed = [
            now,
            now - 1,
            now - DAY + 1,
            now - DAY,
            now - 3 * DAY,
            now - 6 * DAY,
            now - 7 * DAY,
            now - 29 * DAY,
            now - 30 * DAY,
            now - 400 * DAY,
        ];
        let mut one_by_one = [0i64; 5];
        for f in filed {
            one_by_one[Age::ALL.iter().position(|a| *a == Age::of(now - f)).unwrap()] += 1;
        }
        assert_eq!(one_by_one, [3, 1, 2, 2, 2]);
        let younger = Age::BOUNDS.map(|bound| filed.iter().filter(|f| **f > now - bound).count() as i64);
        assert_eq!(Age::tally(filed.len() as i64, younger), one_by_one);
        assert_eq!(Age::tally(0, [0; 4]), [0; 5]);
    }
    use time::macros::{date, datetime};

    #[test]
    fn days_begin_at_midnight_in_minsk() {
        let midnight = datetime!(2026-12-04 00:00 +3).unix_timestamp();
        assert_eq!(day_of(midnight), day_from_date(date!(2026 - 12 - 04)));
        assert_eq!(day_of(midnight - 1), day_from_date(date!(2026 - 12 - 03)), "23:59:59 is still the day before");
        assert_eq!(day_start(day_of(midnight)), midnight);
        assert_eq!(
            date_of(day_of(datetime!(2026-12-03 21:30 UTC).unix_timestamp())),
            date!(2026 - 12 - 04),
            "00:30 in Minsk"
        );
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(-4 * 3600), -1, "before the epoch rounds down");
    }

    #[test]
    fn months_are_numbered_and_have_first_days() {
        let d = day_from_date(date!(2026 - 02 - 17));
        assert_eq!(month_of(d), 2026 * 12 + 1);
        assert_eq!(date_of(month_first_day(month_of(d))), date!(2026 - 02 - 01));
        assert_eq!(date_of(month_first_day(2026 * 12 + 12)), date!(2027 - 01 - 01), "a month past December is January");
    }

    fn period(from: Date, to: Date) -> Period {
        Period { from: day_from_date(from), to: day_from_date(to) }
    }

    #[test]
    fn a_period_splits_into_whole_months_and_edge_days() {
        let p = period(date!(2025 - 11 - 20), date!(2026 - 12 - 04));
        let (months, edges) = p.split_by_months();
        assert_eq!(months, Some((2025 * 12 + 11, 2026 * 12 + 10)), "December 2025 to November 2026");
        assert_eq!(
            edges,
            vec![
                period(date!(2025 - 11 - 20), date!(2025 - 11 - 30)),
                period(date!(2026 - 12 - 01), date!(2026 - 12 - 04))
            ]
        );
        let whole = period(date!(2026 - 01 - 01), date!(2026 - 03 - 31));
        assert_eq!(whole.split_by_months(), (Some((2026 * 12, 2026 * 12 + 2)), vec![]));
        let inside = period(date!(2026 - 03 - 02), date!(2026 - 03 - 30));
        assert_eq!(inside.split_by_months(), (None, vec![inside]));
        let across = period(date!(2026 - 03 - 15), date!(2026 - 04 - 15));
        assert_eq!(across.split_by_months(), (None, vec![across]), "no whole month inside");
        assert_eq!(period(date!(2026 - 12 - 04), date!(2026 - 12 - 04)).days(), 1);
    }

    #[test]
    fn granularity_suits_the_length_and_steps_cover_the_period() {
        assert_eq!(Granularity::suiting(period(date!(2026 - 11 - 05), date!(2026 - 12 - 04))), Granularity::Day);
        assert_eq!(Granularity::suiting(period(date!(2026 - 06 - 05), date!(2026 - 12 - 04))), Granularity::Week);
        assert_eq!(Granularity::suiting(period(date!(2025 - 12 - 05), date!(2026 - 12 - 04))), Granularity::Month);
        // Thursday 3 December 2026 is in the week of Monday 30 November.
        let thursday = day_from_date(date!(2026 - 12 - 03));
        assert_eq!(date_of(Granularity::Week.step_start(thursday)), date!(2026 - 11 - 30));
        assert!(is_monday(Granularity::Week.step_start(thursday)));
        assert_eq!(date_of(Granularity::Month.step_start(thursday)), date!(2026 - 12 - 01));
        let p = period(date!(2026 - 11 - 25), date!(2026 - 12 - 04));
        let weeks: Vec<Date> = Granularity::Week.steps(p).into_iter().map(date_of).collect();
        assert_eq!(weeks, vec![date!(2026 - 11 - 23), date!(2026 - 11 - 30)]);
        let months: Vec<Date> = Granularity::Month
            .steps(period(date!(2025 - 12 - 31), date!(2026 - 02 - 01)))
            .into_iter()
            .map(date_of)
            .collect();
        assert_eq!(months, vec![date!(2025 - 12 - 01), date!(2026 - 01 - 01), date!(2026 - 02 - 01)]);
        assert_eq!(Granularity::Day.steps(p).len(), 10);
        assert_eq!(Granularity::parse("week"), Some(Granularity::Week));
        assert_eq!(Granularity::parse("year"), None);
    }

    #[test]
    fn ages_of_open_tickets() {
        assert_eq!(Age::of(0), Age::UnderDay);
        assert_eq!(Age::of(86_399), Age::UnderDay);
        assert_eq!(Age::of(86_400), Age::UpTo3Days);
        assert_eq!(Age::of(6 * 86_400), Age::UpToWeek);
        assert_eq!(Age::of(29 * 86_400), Age::UpToMonth);
        assert_eq!(Age::of(400 * 86_400), Age::Older);
    }
}
