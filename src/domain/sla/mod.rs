//! Service-level policies and the clocks they start on a ticket.
//!
//! Policies are ordered and the first whose conditions all hold wins. A clock counts working
//! time (on the policy's calendar) while it runs, pauses while the ticket waits for the
//! customer, and keeps what it counted when the target changes (a new priority or service).

use time::{Duration, OffsetDateTime};

use super::calendar::Calendar;
use super::ticket::Priority;

/// What a policy asks of a ticket; an empty list or `None` asks nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// Services by id; a section stands for its sub-services too.
    pub services: Vec<i64>,
    pub priorities: Vec<Priority>,
    /// Whether the ticket's organisation has a contract with the operator.
    pub contract: Option<bool>,
}

/// Targets in working minutes; `None` sets no target of that kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Targets {
    pub first_response: Option<u32>,
    pub next_response: Option<u32>,
    pub resolution: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub id: i64,
    pub position: i32,
    pub conditions: Conditions,
    pub targets: Targets,
    /// A clock warns when this share of its target is used.
    pub warn_percent: u8,
    /// A breach raises the ticket's priority one step.
    pub raise_priority_on_breach: bool,
}

/// What the conditions are checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketFacts {
    pub service: i64,
    /// The section the service belongs to, if it is a sub-service.
    pub section: Option<i64>,
    pub priority: Priority,
    pub contract: bool,
}

impl Conditions {
    pub fn hold_for(&self, t: &TicketFacts) -> bool {
        let service = self.services.is_empty()
            || self.services.contains(&t.service)
            || t.section.is_some_and(|s| self.services.contains(&s));
        let priority = self.priorities.is_empty() || self.priorities.contains(&t.priority);
        let contract = self.contract.is_none_or(|c| c == t.contract);
        service && priority && contract
    }
}

/// The first policy by position whose conditions hold.
pub fn choose<'a>(policies: &'a [Policy], ticket: &TicketFacts) -> Option<&'a Policy> {
    policies.iter().filter(|p| p.conditions.hold_for(ticket)).min_by_key(|p| (p.position, p.id))
}

/// One target's clock on one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub target_minutes: u32,
    /// Working seconds counted before `running_since`.
    pub counted_seconds: i64,
    /// Running since then; `None` while paused or stopped.
    pub running_since: Option<OffsetDateTime>,
    /// When the target was met (a response sent, the ticket resolved).
    pub stopped_at: Option<OffsetDateTime>,
}

/// Where a clock stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Working seconds left, and whether the warning threshold has been passed.
    Running {
        left_seconds: i64,
        warning: bool,
    },
    /// Waiting for the customer: nothing is counted.
    Paused {
        left_seconds: i64,
    },
    /// Past the target by this many working seconds (still running or paused).
    Breached {
        over_seconds: i64,
    },
    Met {
        in_time: bool,
    },
}

impl Clock {
    pub fn start(target_minutes: u32, at: OffsetDateTime) -> Clock {
        Clock { target_minutes, counted_seconds: 0, running_since: Some(at), stopped_at: None }
    }

    fn target_seconds(&self) -> i64 {
        i64::from(self.target_minutes) * 60
    }

    /// Working seconds counted up to `now`.
    pub fn counted(&self, calendar: &Calendar, now: OffsetDateTime) -> i64 {
        self.counted_seconds + self.running_since.map_or(0, |since| calendar.working_seconds(since, now).max(0))
    }

    /// The ticket waits for the customer.
    pub fn pause(&mut self, calendar: &Calendar, at: OffsetDateTime) {
        if self.running_since.is_some() {
            self.counted_seconds = self.counted(calendar, at);
            self.running_since = None;
        }
    }

    /// The customer answered.
    pub fn resume(&mut self, at: OffsetDateTime) {
        if self.running_since.is_none() && self.stopped_at.is_none() {
            self.running_since = Some(at);
        }
    }

    /// The target was met (or the ticket closed): the clock counts no more.
    pub fn stop(&mut self, calendar: &Calendar, at: OffsetDateTime) {
        if self.stopped_at.is_none() {
            self.pause(calendar, at);
            self.stopped_at = Some(at);
        }
    }

    /// A new priority or service: the time counted stays, the target changes.
    pub fn retarget(&mut self, target_minutes: u32) {
        self.target_minutes = target_minutes;
    }

    /// The instant the target is due while the clock runs.
    pub fn due(&self, calendar: &Calendar) -> Option<OffsetDateTime> {
        let since = self.running_since?;
        let left = self.target_seconds() - self.counted_seconds;
        if left <= 0 {
            return Some(since);
        }
        let minutes = u32::try_from(left / 60).ok()?;
        calendar.add_minutes(since, minutes).map(|at| at + Duration::seconds(left % 60))
    }

    pub fn standing(&self, calendar: &Calendar, now: OffsetDateTime, warn_percent: u8) -> Standing {
        let counted = self.counted(calendar, now);
        let left = self.target_seconds() - counted;
        if self.stopped_at.is_some() {
            return Standing::Met { in_time: left >= 0 };
        }
        if left < 0 {
            return Standing::Breached { over_seconds: -left };
        }
        if self.running_since.is_none() {
            return Standing::Paused { left_seconds: left };
        }
        let warning = counted * 100 >= self.target_seconds() * i64::from(warn_percent);
        Standing::Running { left_seconds: left, warning }
    }
}

#[cfg(test)]
mod tests;
