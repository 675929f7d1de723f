//! Business time: when a calendar works, and instants so many working minutes apart.
//!
//! A calendar has a fixed UTC offset (Europe/Minsk has kept +03:00 without daylight saving since
//! 2011), working hours for each weekday (several intervals a day; one may run past midnight and
//! then belongs to the day it starts on), optionally the Belarus public holidays with the day
//! before each one hour shorter, and dated exceptions (a day off, a working day with the hours of
//! a given weekday, a shortened day). Everything here is pure; the store keeps calendars.

pub mod holidays;

use std::collections::BTreeMap;

use time::{Date, Duration, OffsetDateTime, Time, UtcOffset, Weekday};

/// Minutes a day before a public holiday is shorter (Labour Code, art. 116).
pub const EVE_SHORTER_BY_MINUTES: u16 = 60;
/// How far ahead a due instant is looked for before the calendar is called empty.
const SEARCH_DAYS: i64 = 20 * 366;

/// Working time within a day: minutes from its midnight, `end` after `start`; an `end` past
/// 24:00 (up to 48:00) runs into the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    start: u16,
    end: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("not a time interval like 09:00-18:00")]
    BadInterval,
    #[error("intervals of one day overlap")]
    Overlap,
}

impl Interval {
    pub fn new(start: u16, end: u16) -> Result<Self, CalendarError> {
        if start >= 24 * 60 || end <= start || end - start > 24 * 60 {
            return Err(CalendarError::BadInterval);
        }
        Ok(Interval { start, end })
    }

    /// «09:00-18:00»; «22:00-06:00» runs into the next day; «00:00-24:00» is the whole day.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let (a, b) = text.trim().split_once('-').ok_or(CalendarError::BadInterval)?;
        let minutes = |t: &str| -> Result<u16, CalendarError> {
            let (h, m) = t.trim().split_once(':').ok_or(CalendarError::BadInterval)?;
            let (h, m): (u16, u16) = (
                h.parse().map_err(|_| CalendarError::BadInterval)?,
                m.parse().map_err(|_| CalendarError::BadInterval)?,
            );
            if h > 24 || m > 59 || (h == 24 && m > 0) || t.trim().len() != 5 {
                return Err(CalendarError::BadInterval);
            }
            Ok(h * 60 + m)
        };
        let (start, end) = (minutes(a)?, minutes(b)?);
        if start == end {
            return Err(CalendarError::BadInterval);
        }
        Interval::new(start, if end <= start { end + 24 * 60 } else { end })
    }

    pub fn minutes(self) -> u16 {
        self.end - self.start
    }

    pub fn start(self) -> u16 {
        self.start
    }

    pub fn end(self) -> u16 {
        self.end
    }
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let end = self.end % (24 * 60);
        let end = if self.end == 24 * 60 { 24 * 60 } else { end };
        write!(f, "{:02}:{:02}-{:02}:{:02}", self.start / 60, self.start % 60, end / 60, end % 60)
    }
}

/// Sorted, non-overlapping intervals of one day.
pub fn day_hours(mut intervals: Vec<Interval>) -> Result<Vec<Interval>, CalendarError> {
    intervals.sort();
    if intervals.windows(2).any(|w| w[1].start < w[0].end) {
        return Err(CalendarError::Overlap);
    }
    Ok(intervals)
}

/// What a dated exception makes of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule {
    Off,
    /// Worked with the hours of this weekday (a Saturday that takes a Monday's work).
    WorkingLike(Weekday),
    /// Its usual hours, ending this many minutes earlier.
    Shortened(u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub offset: UtcOffset,
    /// Monday first.
    pub week: [Vec<Interval>; 7],
    /// Belarus public holidays off, and the day before each one hour shorter.
    pub public_holidays: bool,
    pub exceptions: BTreeMap<Date, DayRule>,
}

/// Europe/Minsk.
pub const MINSK_OFFSET_MINUTES: i16 = 180;

impl Calendar {
    /// What a fresh install starts with (code `minsk`): Monday to Friday 09:00–18:00 in Minsk,
    /// the public holidays, and the 2026 transfer (Monday 20 April off, Saturday 25 April worked).
    pub fn minsk() -> Calendar {
        let day = vec![Interval { start: 9 * 60, end: 18 * 60 }];
        let mut exceptions = BTreeMap::new();
        exceptions.insert(Date::from_calendar_date(2026, time::Month::April, 20).expect("a date"), DayRule::Off);
        exceptions.insert(
            Date::from_calendar_date(2026, time::Month::April, 25).expect("a date"),
            DayRule::WorkingLike(Weekday::Monday),
        );
        Calendar {
            offset: UtcOffset::from_whole_seconds(i32::from(MINSK_OFFSET_MINUTES) * 60).expect("+03:00"),
            week: [day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]],
            public_holidays: true,
            exceptions,
        }
    }

    /// Every minute of every day.
    pub fn around_the_clock(offset: UtcOffset) -> Calendar {
        let day = vec![Interval { start: 0, end: 24 * 60 }];
        Calendar {
            offset,
            week: std::array::from_fn(|_| day.clone()),
            public_holidays: false,
            exceptions: BTreeMap::new(),
        }
    }

    fn weekday_hours(&self, weekday: Weekday) -> &[Interval] {
        &self.week[usize::from(weekday.number_days_from_monday())]
    }

    /// The working hours of a date, after holidays and exceptions.
    pub fn hours_on(&self, date: Date) -> Vec<Interval> {
        let usual = self.weekday_hours(date.weekday());
        match self.exceptions.get(&date) {
            Some(DayRule::Off) => vec![],
            Some(DayRule::WorkingLike(weekday)) => self.weekday_hours(*weekday).to_vec(),
            Some(DayRule::Shortened(minutes)) => shorten(usual, *minutes),
            None if self.public_holidays && holidays::is_public_holiday(date) => vec![],
            None if self.public_holidays && date.next_day().is_some_and(holidays::is_public_holiday) => {
                shorten(usual, EVE_SHORTER_BY_MINUTES)
            }
            None => usual.to_vec(),
        }
    }

    /// The working spans of a date as instants, in order.
    fn spans(&self, date: Date) -> Vec<(OffsetDateTime, OffsetDateTime)> {
        let midnight = date.with_time(Time::MIDNIGHT).assume_offset(self.offset);
        self.hours_on(date)
            .into_iter()
            .map(|i| (midnight + Duration::minutes(i.start.into()), midnight + Duration::minutes(i.end.into())))
            .collect()
    }

    fn local_date(&self, at: OffsetDateTime) -> Date {
        at.to_offset(self.offset).date()
    }

    /// The instant `minutes` working minutes after `from`, in the calendar's offset; `None`
    /// when the calendar has no working time for twenty years.
    pub fn add_minutes(&self, from: OffsetDateTime, minutes: u32) -> Option<OffsetDateTime> {
        self.add_working(from, Duration::minutes(minutes.into()))
    }

    /// The instant `working` working time after `from` (what an SLA clock with some time
    /// already counted has left), in the calendar's offset; `None` as for `add_minutes`.
    pub fn add_working(&self, from: OffsetDateTime, working: Duration) -> Option<OffsetDateTime> {
        let from = from.to_offset(self.offset);
        let mut left = working.max(Duration::ZERO);
        if left.is_zero() {
            return Some(from);
        }
        // A shift of the day before may run past midnight into `from`'s day.
        let mut date = self.local_date(from).previous_day()?;
        let mut cursor = from;
        for _ in 0..SEARCH_DAYS {
            for (start, end) in self.spans(date) {
                let start = start.max(cursor);
                if end <= start {
                    continue;
                }
                if end - start >= left {
                    return Some(start + left);
                }
                left -= end - start;
                cursor = end;
            }
            date = date.next_day()?;
        }
        None
    }

    /// Working time between two instants (negative when `to` is before `from`), in whole
    /// seconds: what an SLA clock counts.
    pub fn working_seconds(&self, from: OffsetDateTime, to: OffsetDateTime) -> i64 {
        if to < from {
            return -self.working_seconds(to, from);
        }
        let mut total = 0;
        let mut cursor = from;
        let mut date = match self.local_date(from).previous_day() {
            Some(d) => d,
            None => return 0,
        };
        while date <= self.local_date(to) {
            for (start, end) in self.spans(date) {
                let (start, end) = (start.max(cursor), end.min(to));
                if end > start {
                    total += (end - start).whole_seconds();
                    cursor = end;
                }
            }
            match date.next_day() {
                Some(next) => date = next,
                None => break,
            }
        }
        total
    }
}

/// The same hours ending `minutes` earlier (whole intervals drop off when shorter).
fn shorten(hours: &[Interval], minutes: u16) -> Vec<Interval> {
    let mut left = minutes;
    let mut out = hours.to_vec();
    while left > 0 {
        let Some(last) = out.last_mut() else { break };
        if last.minutes() > left {
            last.end -= left;
            left = 0;
        } else {
            left -= last.minutes();
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests;
