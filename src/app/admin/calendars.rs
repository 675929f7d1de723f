//! Business calendars in the administration: names, working hours per weekday (several
//! intervals a day, a night shift running past midnight), whether the Belarus public holidays
//! apply, and the dated exceptions — a day off, a working day with a weekday's hours (the
//! Saturdays the Council of Ministers moves work to), a shortened day.

use time::{Date, OffsetDateTime, Weekday};

use super::groups::{parse_code, parse_names};
use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::calendar::{day_hours, holidays, Calendar, DayRule, Interval};
use crate::domain::{FieldError, FreeText};
use crate::store::calendars::{CalendarRow, CalendarSetup, ExceptionLine, ExceptionSetup};

/// A calendar as typed: one line of intervals a weekday, Monday first.
#[derive(Debug, Clone, Default)]
pub struct CalendarForm {
    pub code: String,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub public_holidays: bool,
    /// «09:00-13:00, 14:00-18:00»; empty: a day off.
    pub hours: [String; 7],
}

/// An exception as typed.
#[derive(Debug, Clone, Default)]
pub struct ExceptionForm {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// off / working / shortened
    pub rule: String,
    /// 1 (Monday) … 7, for a working day.
    pub like_weekday: String,
    /// For a shortened day.
    pub minutes: String,
    pub note: String,
}

/// What the calendar's page shows besides its settings.
pub struct CalendarView {
    pub row: CalendarRow,
    pub calendar: Calendar,
    pub exceptions: Vec<ExceptionLine>,
    /// The public holidays of this year and the next, with the day before each.
    pub holidays: Vec<Date>,
}

pub const HOURS_FIELDS: [&str; 7] = ["hours_1", "hours_2", "hours_3", "hours_4", "hours_5", "hours_6", "hours_7"];

/// The hours of a week as typed, each day checked apart.
pub fn parse_week(errors: &mut Errors, hours: &[String; 7]) -> Option<[Vec<Interval>; 7]> {
    let mut week: [Vec<Interval>; 7] = Default::default();
    let mut ok = true;
    for (n, line) in hours.iter().enumerate() {
        let parsed: Result<Vec<Interval>, _> =
            line.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()).map(Interval::parse).collect();
        match parsed.and_then(day_hours) {
            Ok(day) => week[n] = day,
            Err(e) => {
                let code = match e {
                    crate::domain::calendar::CalendarError::Overlap => "hours_overlap",
                    crate::domain::calendar::CalendarError::BadInterval => "invalid_hours",
                };
                errors.push(FieldError::new(HOURS_FIELDS[n], code));
                ok = false;
            }
        }
    }
    if ok && week.iter().all(Vec::is_empty) {
        errors.push(FieldError::new(HOURS_FIELDS[0], "calendar_without_hours"));
        ok = false;
    }
    ok.then_some(week)
}

fn weekday(n: &str) -> Option<Weekday> {
    match n.trim().parse::<u8>().ok()? {
        n @ 1..=7 => Some(Weekday::Sunday.nth_next(n)),
        _ => None,
    }
}

impl App {
    pub async fn admin_calendars(&self, _by: Admin<'_>) -> AppResult<Vec<CalendarRow>> {
        Ok(self.db.all_calendars().await?.into_iter().map(|(row, _)| row).collect())
    }

    pub async fn admin_calendar(&self, _by: Admin<'_>, id: i64) -> AppResult<CalendarView> {
        let (row, calendar) = self.db.calendar_by_id(id).await?.ok_or(AppError::NotFound)?;
        let exceptions = self.db.calendar_exception_lines(id).await?;
        let year = self.now().to_offset(calendar.offset).year();
        let holidays = if row.public_holidays {
            [year, year + 1].into_iter().flat_map(holidays::holidays_of).collect()
        } else {
            vec![]
        };
        Ok(CalendarView { row, calendar, exceptions, holidays })
    }

    /// Creates (`id` `None`) or changes a calendar; answers its id.
    pub async fn save_calendar(
        &self,
        by: Admin<'_>,
        id: Option<i64>,
        form: &CalendarForm,
        caller: &Caller,
    ) -> AppResult<i64> {
        let existing = match id {
            Some(id) => Some(self.db.calendar_by_id(id).await?.ok_or(AppError::NotFound)?.0),
            None => None,
        };
        let mut errors = Errors::default();
        let code = match &existing {
            Some(row) => Some(row.code.clone()),
            None => errors.check(parse_code("calendar_code", &form.code)),
        };
        let names = parse_names(&mut errors, &form.name_ru, &form.name_be, &form.name_en);
        let week = parse_week(&mut errors, &form.hours);
        errors.into_result()?;
        let (Some(code), Some(names), Some(week)) = (code, names, week) else { unreachable!("errors recorded") };
        let hours: Vec<String> =
            week.iter().map(|d| d.iter().map(Interval::to_string).collect::<Vec<_>>().join(", ")).collect();
        let setup = CalendarSetup { names, public_holidays: form.public_holidays, week };
        let details =
            serde_json::json!({ "hours": hours, "public_holidays": form.public_holidays, "new": existing.is_none() });
        let audit = self.admin_audit(by, "calendar_changed", format!("calendar:{code}"), caller, details);
        let saved = match self.db.save_calendar(id, &code, &setup, &audit).await {
            Ok(id) => id,
            Err(e) if crate::store::is_unique_violation(&e) => {
                return Err(FieldError::new("calendar_code", "code_taken").into())
            }
            Err(e) => return Err(e.into()),
        };
        self.catalog_changed();
        Ok(saved)
    }

    pub async fn add_calendar_exception(
        &self,
        by: Admin<'_>,
        id: i64,
        form: &ExceptionForm,
        caller: &Caller,
    ) -> AppResult<()> {
        let (row, _) = self.db.calendar_by_id(id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Errors::default();
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let day =
            errors.check(Date::parse(form.day.trim(), format).map_err(|_| FieldError::new("day", "invalid_date")));
        let rule = match form.rule.trim() {
            "off" => Some(DayRule::Off),
            "working" => errors.check(
                weekday(&form.like_weekday)
                    .map(DayRule::WorkingLike)
                    .ok_or(FieldError::new("like_weekday", "invalid_weekday")),
            ),
            "shortened" => errors.check(
                form.minutes
                    .trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|m| (1..1440).contains(m))
                    .map(DayRule::Shortened)
                    .ok_or(FieldError::new("minutes", "invalid_minutes")),
            ),
            _ => {
                errors.push(FieldError::new("rule", "invalid_rule"));
                None
            }
        };
        let note = errors.check(FreeText::parse_line_optional("note", &form.note, 200)).flatten();
        errors.into_result()?;
        let (Some(day), Some(rule)) = (day, rule) else { unreachable!("errors recorded") };
        let setup = ExceptionSetup { day, rule, note: note.map(FreeText::into_string).unwrap_or_default() };
        let details = serde_json::json!({ "day": form.day.trim(), "rule": form.rule.trim(), "note": setup.note });
        let audit = self.admin_audit(by, "calendar_changed", format!("calendar:{}", row.code), caller, details);
        self.db.set_calendar_exception(id, &setup, &audit).await?;
        self.catalog_changed();
        Ok(())
    }

    pub async fn remove_calendar_exception(&self, by: Admin<'_>, id: i64, day: &str, caller: &Caller) -> AppResult<()> {
        let (row, _) = self.db.calendar_by_id(id).await?.ok_or(AppError::NotFound)?;
        let details = serde_json::json!({ "day": day, "removed": true });
        let audit = self.admin_audit(by, "calendar_changed", format!("calendar:{}", row.code), caller, details);
        if !self.db.remove_calendar_exception(id, day, &audit).await? {
            return Err(AppError::NotFound);
        }
        self.catalog_changed();
        Ok(())
    }

    /// «A ticket filed then is due when?» on a calendar, as `helpdesk sla due` answers.
    pub async fn check_due(&self, _by: Admin<'_>, id: i64, from: &str, minutes: &str) -> AppResult<OffsetDateTime> {
        let (row, _) = self.db.calendar_by_id(id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Errors::default();
        // The page's `datetime-local` (Minsk time), or an instant with its offset (the API).
        let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
        let from = errors.check(
            time::PrimitiveDateTime::parse(from.trim(), format)
                .map(|t| t.assume_offset(crate::clock::MINSK_OFFSET))
                .or_else(|_| OffsetDateTime::parse(from.trim(), &time::format_description::well_known::Rfc3339))
                .map_err(|_| FieldError::new("check_from", "invalid_date")),
        );
        let minutes = errors.check(
            minutes
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|m| *m <= 1_000_000)
                .ok_or(FieldError::new("check_minutes", "invalid_minutes")),
        );
        errors.into_result()?;
        let (Some(from), Some(minutes)) = (from, minutes) else { unreachable!("errors recorded") };
        Ok(self.due_instant(&row.code, from, minutes).await?.due)
    }
}
