//! Service levels on business time: the calendars an administrator can check.

use time::OffsetDateTime;

use super::{App, AppError, AppResult};
use crate::domain::calendar::Calendar;
use crate::store::calendars::CalendarRow;

/// The instant a number of working minutes after another, on a named calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueInstant {
    pub calendar: CalendarRow,
    pub due: OffsetDateTime,
}

impl App {
    pub async fn calendar(&self, code: &str) -> AppResult<(CalendarRow, Calendar)> {
        self.db.calendar_by_code(code.trim()).await?.ok_or(AppError::NotFound)
    }

    /// `None` in `due` cannot happen for a calendar with working time; one without any is
    /// reported as a validation error of its minutes.
    pub async fn due_instant(&self, code: &str, from: OffsetDateTime, minutes: u32) -> AppResult<DueInstant> {
        let (row, calendar) = self.calendar(code).await?;
        let due = calendar.add_minutes(from, minutes).ok_or_else(|| {
            AppError::Validation(vec![crate::domain::FieldError::new("minutes", "calendar_without_hours")])
        })?;
        Ok(DueInstant { calendar: row, due })
    }
}
