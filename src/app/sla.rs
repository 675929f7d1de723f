//! Service levels on business time: the calendars an administrator can check.

use time::OffsetDateTime;

use super::{App, AppError, AppResult};
use crate::domain::calendar::Calendar;
use crate::domain::sla::{choose, TicketFacts};
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

/// The targets a new ticket gets from the first matching policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPlan {
    pub policy_id: i64,
    pub calendar: Calendar,
    pub first_response_due: Option<OffsetDateTime>,
    pub resolution_due: Option<OffsetDateTime>,
    pub warn_percent: u8,
}

impl App {
    /// `None` when no policy matches (a desk may leave some tickets without targets).
    pub async fn sla_plan(&self, ticket: &TicketFacts, filed_at: OffsetDateTime) -> AppResult<Option<SlaPlan>> {
        let policies = self.db.sla_policies().await?;
        let domain: Vec<_> = policies.iter().map(|p| p.policy.clone()).collect();
        let Some(policy) = choose(&domain, ticket) else { return Ok(None) };
        let stored = policies.iter().find(|p| p.policy.id == policy.id).ok_or(AppError::NotFound)?;
        let (_, calendar) = self.db.calendar_by_id(stored.calendar_id).await?.ok_or(AppError::NotFound)?;
        let due = |minutes: Option<u32>| minutes.and_then(|m| calendar.add_minutes(filed_at, m));
        Ok(Some(SlaPlan {
            policy_id: policy.id,
            first_response_due: due(policy.targets.first_response),
            resolution_due: due(policy.targets.resolution),
            warn_percent: policy.warn_percent,
            calendar,
        }))
    }
}
