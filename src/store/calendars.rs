//! Business calendars: working hours per weekday and dated exceptions (holidays are computed).

use std::collections::BTreeMap;

use time::{Date, UtcOffset, Weekday};

use super::{on_db, Db, StoreResult};
use crate::domain::calendar::{day_hours, Calendar, DayRule, Interval};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CalendarRow {
    pub id: i64,
    pub code: String,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub utc_offset_minutes: i32,
    pub time_zone: String,
    pub public_holidays: bool,
}

#[derive(sqlx::FromRow)]
struct HoursRow {
    weekday: i32,
    start_minute: i32,
    end_minute: i32,
}

#[derive(sqlx::FromRow)]
struct ExceptionRow {
    day: String,
    rule: String,
    like_weekday: Option<i32>,
    minutes: Option<i32>,
}

/// A row of a calendar's table with the calendar it belongs to.
#[derive(sqlx::FromRow)]
struct Of<T> {
    calendar_id: i64,
    #[sqlx(flatten)]
    row: T,
}

/// The rows of one calendar, taken out of those of all.
fn take_of<T>(rows: &mut Vec<Of<T>>, calendar: i64) -> Vec<T> {
    let (mine, others): (Vec<_>, Vec<_>) = std::mem::take(rows).into_iter().partition(|r| r.calendar_id == calendar);
    *rows = others;
    mine.into_iter().map(|r| r.row).collect()
}

fn weekday(n: i32) -> Option<Weekday> {
    (1..=7).contains(&n).then(|| Weekday::Sunday.nth_next(n as u8))
}

fn corrupt(what: String) -> sqlx::Error {
    sqlx::Error::Decode(what.into())
}

/// Builds the domain's calendar from its rows; a row the schema's checks should have kept out
/// is an error, never a silently different calendar.
fn assemble(row: &CalendarRow, hours: Vec<HoursRow>, exceptions: Vec<ExceptionRow>) -> StoreResult<Calendar> {
    let offset = UtcOffset::from_whole_seconds(row.utc_offset_minutes * 60)
        .map_err(|_| corrupt(format!("calendar {}: offset {}", row.code, row.utc_offset_minutes)))?;
    let mut week: [Vec<Interval>; 7] = Default::default();
    for h in hours {
        let day = weekday(h.weekday).ok_or_else(|| corrupt(format!("calendar {}: weekday {}", row.code, h.weekday)))?;
        let interval = u16::try_from(h.start_minute)
            .ok()
            .zip(u16::try_from(h.end_minute).ok())
            .and_then(|(s, e)| Interval::new(s, e).ok())
            .ok_or_else(|| corrupt(format!("calendar {}: hours {}-{}", row.code, h.start_minute, h.end_minute)))?;
        week[usize::from(day.number_days_from_monday())].push(interval);
    }
    for (n, day) in week.iter_mut().enumerate() {
        *day = day_hours(std::mem::take(day))
            .map_err(|e| corrupt(format!("calendar {}: day {}: {e}", row.code, n + 1)))?;
    }
    let mut rules = BTreeMap::new();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    for e in exceptions {
        let bad = || corrupt(format!("calendar {}: exception {} {}", row.code, e.day, e.rule));
        let date = Date::parse(&e.day, format).map_err(|_| bad())?;
        let rule = match e.rule.as_str() {
            "off" => DayRule::Off,
            "working" => DayRule::WorkingLike(e.like_weekday.and_then(weekday).ok_or_else(bad)?),
            "shortened" => DayRule::Shortened(e.minutes.and_then(|m| u16::try_from(m).ok()).ok_or_else(bad)?),
            _ => return Err(bad()),
        };
        rules.insert(date, rule);
    }
    Ok(Calendar { offset, week, public_holidays: row.public_holidays, exceptions: rules })
}

const CALENDAR_SELECT: &str =
    "SELECT id, code, name_ru, name_be, name_en, utc_offset_minutes, time_zone, public_holidays FROM calendars";

impl Db {
    pub async fn calendar_by_code(&self, code: &str) -> StoreResult<Option<(CalendarRow, Calendar)>> {
        let row: Option<CalendarRow> =
            on_db!(self, |pool| sqlx::query_as(&format!("{CALENDAR_SELECT} WHERE code = $1"))
                .bind(code)
                .fetch_optional(pool)
                .await)?;
        self.calendar_of(row).await
    }

    pub async fn calendar_by_id(&self, id: i64) -> StoreResult<Option<(CalendarRow, Calendar)>> {
        let row: Option<CalendarRow> =
            on_db!(self, |pool| sqlx::query_as(&format!("{CALENDAR_SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await)?;
        self.calendar_of(row).await
    }

    /// Every calendar, in three queries: for the catalogue that tickets' clocks count on.
    pub async fn all_calendars(&self) -> StoreResult<Vec<(CalendarRow, Calendar)>> {
        let rows: Vec<CalendarRow> =
            on_db!(self, |pool| sqlx::query_as(&format!("{CALENDAR_SELECT} ORDER BY id")).fetch_all(pool).await)?;
        let mut hours: Vec<Of<HoursRow>> = on_db!(self, |pool| sqlx::query_as(
            "SELECT calendar_id, weekday, start_minute, end_minute FROM calendar_hours ORDER BY calendar_id"
        )
        .fetch_all(pool)
        .await)?;
        let mut exceptions: Vec<Of<ExceptionRow>> = on_db!(self, |pool| sqlx::query_as(
            "SELECT calendar_id, day, rule, like_weekday, minutes FROM calendar_exceptions ORDER BY calendar_id"
        )
        .fetch_all(pool)
        .await)?;
        rows.into_iter()
            .map(|row| {
                let h = take_of(&mut hours, row.id);
                let e = take_of(&mut exceptions, row.id);
                let calendar = assemble(&row, h, e)?;
                Ok((row, calendar))
            })
            .collect()
    }

    async fn calendar_of(&self, row: Option<CalendarRow>) -> StoreResult<Option<(CalendarRow, Calendar)>> {
        let Some(row) = row else { return Ok(None) };
        let hours: Vec<HoursRow> = on_db!(self, |pool| sqlx::query_as(
            "SELECT weekday, start_minute, end_minute FROM calendar_hours WHERE calendar_id = $1"
        )
        .bind(row.id)
        .fetch_all(pool)
        .await)?;
        let exceptions: Vec<ExceptionRow> = on_db!(self, |pool| sqlx::query_as(
            "SELECT day, rule, like_weekday, minutes FROM calendar_exceptions WHERE calendar_id = $1"
        )
        .bind(row.id)
        .fetch_all(pool)
        .await)?;
        let calendar = assemble(&row, hours, exceptions)?;
        Ok(Some((row, calendar)))
    }
}

/// A calendar as the administrator sets it up.
#[derive(Debug, Clone)]
pub struct CalendarSetup {
    pub names: super::groups::Names,
    pub public_holidays: bool,
    /// Monday first: each day's intervals.
    pub week: [Vec<crate::domain::calendar::Interval>; 7],
}

/// A dated exception as stored: its rule's text and numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionSetup {
    pub day: Date,
    pub rule: DayRule,
    pub note: String,
}

/// (day, rule, like weekday, minutes, note) of each exception of a calendar, by day.
pub type ExceptionLine = (String, String, Option<i32>, Option<i32>, String);

impl Db {
    /// A new calendar (`id` `None`, with its code) or new settings of one; hours replaced.
    pub async fn save_calendar(
        &self,
        id: Option<i64>,
        code: &str,
        setup: &CalendarSetup,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<i64> {
        Ok(super::in_tx!(self, |tx| {
            let id: i64 = match id {
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO calendars (code, name_ru, name_be, name_en, utc_offset_minutes, time_zone, public_holidays)
                         VALUES ($1, $2, $3, $4, $5, 'Europe/Minsk', $6) RETURNING id",
                    )
                    .bind(code)
                    .bind(&setup.names.ru)
                    .bind(&setup.names.be)
                    .bind(&setup.names.en)
                    .bind(i32::from(crate::domain::calendar::MINSK_OFFSET_MINUTES))
                    .bind(setup.public_holidays)
                    .fetch_one(&mut *tx)
                    .await?
                }
                Some(id) => {
                    sqlx::query("UPDATE calendars SET name_ru = $2, name_be = $3, name_en = $4, public_holidays = $5 WHERE id = $1")
                        .bind(id)
                        .bind(&setup.names.ru)
                        .bind(&setup.names.be)
                        .bind(&setup.names.en)
                        .bind(setup.public_holidays)
                        .execute(&mut *tx)
                        .await?;
                    id
                }
            };
            sqlx::query("DELETE FROM calendar_hours WHERE calendar_id = $1").bind(id).execute(&mut *tx).await?;
            for (n, day) in setup.week.iter().enumerate() {
                for interval in day {
                    sqlx::query(
                        "INSERT INTO calendar_hours (calendar_id, weekday, start_minute, end_minute) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(n as i32 + 1)
                    .bind(i32::from(interval.start()))
                    .bind(i32::from(interval.end()))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            super::audit::insert_audit!(&mut *tx, audit)?;
            id
        }))
    }

    /// Adds (or replaces) the exception of a day.
    pub async fn set_calendar_exception(
        &self,
        calendar_id: i64,
        e: &ExceptionSetup,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<()> {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day = e.day.format(format).map_err(|err| sqlx::Error::Protocol(err.to_string()))?;
        let (rule, like, minutes) = match e.rule {
            DayRule::Off => ("off", None, None),
            DayRule::WorkingLike(w) => ("working", Some(i32::from(w.number_from_monday())), None),
            DayRule::Shortened(m) => ("shortened", None, Some(i32::from(m))),
        };
        super::in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO calendar_exceptions (calendar_id, day, rule, like_weekday, minutes, note)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (calendar_id, day) DO UPDATE SET rule = excluded.rule, like_weekday = excluded.like_weekday,
                     minutes = excluded.minutes, note = excluded.note",
            )
            .bind(calendar_id)
            .bind(&day)
            .bind(rule)
            .bind(like)
            .bind(minutes)
            .bind(&e.note)
            .execute(&mut *tx)
            .await?;
            super::audit::insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    pub async fn remove_calendar_exception(
        &self,
        calendar_id: i64,
        day: &str,
        audit: &super::audit::AuditEntry,
    ) -> StoreResult<bool> {
        Ok(super::in_tx!(self, |tx| {
            let gone = sqlx::query("DELETE FROM calendar_exceptions WHERE calendar_id = $1 AND day = $2")
                .bind(calendar_id)
                .bind(day)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone > 0 {
                super::audit::insert_audit!(&mut *tx, audit)?;
            }
            gone > 0
        }))
    }

    /// The exceptions of a calendar with their notes, by day.
    pub async fn calendar_exception_lines(&self, calendar_id: i64) -> StoreResult<Vec<ExceptionLine>> {
        on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT day, rule, like_weekday, minutes, note FROM calendar_exceptions WHERE calendar_id = $1 ORDER BY day"
        )
        .bind(calendar_id)
        .fetch_all(pool)
        .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_are_numbered_from_monday() {
        assert_eq!(weekday(1), Some(Weekday::Monday));
        assert_eq!(weekday(7), Some(Weekday::Sunday));
        assert_eq!(weekday(0), None);
        assert_eq!(weekday(8), None);
    }

    #[test]
    fn rows_become_a_calendar_and_bad_rows_an_error() {
        let row = CalendarRow {
            id: 1,
            code: "minsk".into(),
            name_ru: String::new(),
            name_be: String::new(),
            name_en: String::new(),
            utc_offset_minutes: 180,
            time_zone: "Europe/Minsk".into(),
            public_holidays: true,
        };
        let hours = || (1..=5).map(|d| HoursRow { weekday: d, start_minute: 540, end_minute: 1080 }).collect();
        let exceptions = || {
            vec![
                ExceptionRow { day: "2026-04-20".into(), rule: "off".into(), like_weekday: None, minutes: None },
                ExceptionRow { day: "2026-04-25".into(), rule: "working".into(), like_weekday: Some(1), minutes: None },
            ]
        };
        assert_eq!(assemble(&row, hours(), exceptions()).unwrap(), Calendar::minsk());
        let bad =
            vec![ExceptionRow { day: "2026-04-25".into(), rule: "working".into(), like_weekday: None, minutes: None }];
        assert!(assemble(&row, hours(), bad).is_err());
        let overlapping = vec![
            HoursRow { weekday: 1, start_minute: 540, end_minute: 800 },
            HoursRow { weekday: 1, start_minute: 700, end_minute: 900 },
        ];
        assert!(assemble(&row, overlapping, vec![]).is_err());
    }
}
