//! Service levels on business time: the policies and calendars tickets' clocks follow, and the
//! calendars an administrator can check.

use std::sync::Arc;

use time::OffsetDateTime;

use super::catalog::Catalog;
use super::{App, AppError, AppResult};
use crate::domain::calendar::Calendar;
use crate::domain::sla::ticket::{Happening, Terms, TicketSla};
use crate::domain::sla::{choose, Policy, TicketFacts};
use crate::domain::ticket::Priority;
use crate::store::calendars::CalendarRow;
use crate::store::ticket_sla::{Calendars, SlaMove};
use crate::store::tickets::{NewSla, TicketRow};

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

/// The active policies (each with its calendar) and every calendar, kept with the catalogue.
#[derive(Debug, Clone, Default)]
pub struct SlaBook {
    pub policies: Vec<(Policy, i64)>,
    pub calendars: Calendars,
    pub calendar_rows: Vec<CalendarRow>,
    /// Where tickets no policy covers count (`minsk` when there is one).
    pub default_calendar: Option<i64>,
}

impl SlaBook {
    pub fn new(policies: Vec<(Policy, i64)>, calendars: Vec<(CalendarRow, Calendar)>) -> SlaBook {
        let default_calendar =
            calendars.iter().find(|(r, _)| r.code == "minsk").or(calendars.first()).map(|(r, _)| r.id);
        SlaBook {
            policies,
            calendar_rows: calendars.iter().map(|(r, _)| r.clone()).collect(),
            calendars: calendars.into_iter().map(|(r, c)| (r.id, c)).collect(),
            default_calendar,
        }
    }

    /// The terms of the first matching policy, or clocks without targets on the default
    /// calendar; `None` only when there is no calendar at all.
    pub fn terms_for(&self, facts: &TicketFacts) -> Option<Terms> {
        let domain: Vec<Policy> = self.policies.iter().map(|(p, _)| p.clone()).collect();
        match choose(&domain, facts) {
            Some(policy) => {
                let calendar = self.policies.iter().find(|(p, _)| p.id == policy.id).map(|(_, c)| *c)?;
                self.calendars.contains_key(&calendar).then(|| Terms::of_policy(policy, calendar))
            }
            None => self.default_calendar.map(Terms::none),
        }
    }

    pub fn calendar(&self, id: i64) -> Option<&Calendar> {
        self.calendars.get(&id)
    }

    /// A new ticket's clocks, started at `at`.
    pub fn start(&self, facts: &TicketFacts, at: OffsetDateTime) -> Option<NewSla> {
        let terms = self.terms_for(facts)?;
        let calendar = self.calendar(terms.calendar_id)?;
        let state = TicketSla::filed(terms, at);
        Some(NewSla { summary: state.summary(calendar, at), state })
    }

    /// What `happenings` do to a ticket's clocks at `at`.
    pub fn moving(&self, happenings: Vec<Happening>, at: OffsetDateTime) -> SlaMove<'_> {
        SlaMove { calendars: &self.calendars, happenings, retarget: None, at }
    }
}

impl Catalog {
    /// What a policy's conditions look at for a ticket of this service and priority.
    pub fn facts(&self, service_id: i64, priority: Priority, contract: bool) -> TicketFacts {
        let service = self.services.iter().find(|s| s.id == service_id);
        let section = service.and_then(|s| s.parent_id);
        let section_policy =
            section.and_then(|id| self.services.iter().find(|s| s.id == id)).and_then(|s| s.sla_policy_id);
        let named_policy = service.and_then(|s| s.sla_policy_id).or(section_policy);
        TicketFacts { service: service_id, section, priority, contract, named_policy }
    }

    /// The facts of a stored ticket, with another priority or service if given.
    pub fn facts_of(&self, ticket: &TicketRow, priority: Option<Priority>, service: Option<i64>) -> TicketFacts {
        self.facts(
            service.unwrap_or(ticket.service_id),
            priority.unwrap_or(ticket.priority),
            ticket.organization_contract.is_some(),
        )
    }
}

impl App {
    /// The catalogue, read again when it does not know `calendar` yet (one created on another
    /// instance in the last seconds).
    pub async fn catalog_knowing(&self, calendar: Option<i64>) -> AppResult<Arc<Catalog>> {
        let catalog = self.catalog().await?;
        match calendar {
            Some(id) if catalog.sla.calendar(id).is_none() => {
                self.catalog_changed();
                self.catalog().await
            }
            _ => Ok(catalog),
        }
    }
}

impl App {
    /// Open tickets filed before tickets had clocks get them, once, at start-up: the policy for
    /// their facts, counted from their filing, the first response met at support's first
    /// public answer, a ticket waiting for its customer paused since its last change. Waits
    /// before that are not known and count as working time. Answers how many were started.
    pub async fn start_missing_sla_clocks(&self) -> AppResult<u64> {
        let mut started = 0;
        loop {
            let batch = self.db.open_tickets_without_clocks(500).await?;
            if batch.is_empty() {
                return Ok(started);
            }
            let catalog = self.catalog().await?;
            let now = self.now();
            for (ticket, answered) in &batch {
                let facts = catalog.facts_of(ticket, None, None);
                let filed = crate::store::from_unix(ticket.created_at);
                let Some(mut new) = catalog.sla.start(&facts, filed) else { return Ok(started) };
                let Some(calendar) = catalog.sla.calendar(new.state.terms.calendar_id) else { return Ok(started) };
                if let Some(at) = answered {
                    new.state.apply(Happening::StaffReplied, calendar, crate::store::from_unix(*at));
                }
                if ticket.status == crate::domain::ticket::TicketStatus::WaitingCustomer {
                    let to = ticket.status;
                    let from = crate::domain::ticket::TicketStatus::InProgress;
                    new.state.apply(
                        Happening::Status { from, to },
                        calendar,
                        crate::store::from_unix(ticket.updated_at),
                    );
                }
                // What it would have announced before the upgrade is not announced now.
                new.state.escalate(calendar, now);
                let summary = new.state.summary(calendar, now);
                self.db.start_ticket_clocks(ticket.id, &new.state, &summary).await?;
                started += 1;
            }
        }
    }
}

impl App {
    /// «Ответим до …»: when support's first answer is due, while it is owed and not yet late.
    pub async fn first_response_due(&self, ticket: &TicketRow) -> AppResult<Option<OffsetDateTime>> {
        if !ticket.status.is_open() {
            return Ok(None);
        }
        let Some(sla) = self.db.ticket_sla(ticket.id).await? else { return Ok(None) };
        let catalog = self.catalog_knowing(Some(sla.terms.calendar_id)).await?;
        let Some(calendar) = catalog.sla.calendar(sla.terms.calendar_id) else { return Ok(None) };
        let due = sla.first_response.clock.due(calendar);
        Ok(due.filter(|d| *d >= self.now()))
    }
}
