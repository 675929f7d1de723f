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
    /// The policy the service (or its section) names, which then applies before the list.
    pub named_policy: Option<i64>,
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

/// The policy the ticket's service names, when it is among `policies` (the active ones); else
/// the first policy by position whose conditions hold.
pub fn choose<'a>(policies: &'a [Policy], ticket: &TicketFacts) -> Option<&'a Policy> {
    if let Some(named) = ticket.named_policy.and_then(|id| policies.iter().find(|p| p.id == id)) {
        return Some(named);
    }
    policies.iter().filter(|p| p.conditions.hold_for(ticket)).min_by_key(|p| (p.position, p.id))
}

/// Where a clock is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not started: a next response before the customer writes again.
    Idle,
    Running {
        since: OffsetDateTime,
    },
    /// The ticket waits for the customer: nothing is counted.
    Paused,
    /// The target was met (a response sent, the ticket resolved) at this instant.
    Met {
        at: OffsetDateTime,
    },
}

/// One target's clock on one ticket. It counts working time whether or not the policy sets a
/// target for it, so that a target set later (another priority) and the reports know the time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// In working minutes; `None`: the policy sets no target of this kind.
    pub target_minutes: Option<u32>,
    /// Working seconds counted before the current run.
    pub counted_seconds: i64,
    pub phase: Phase,
}

/// Where a clock with a target stands at an instant.
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
    pub const IDLE: Clock = Clock { target_minutes: None, counted_seconds: 0, phase: Phase::Idle };

    pub fn start(target_minutes: Option<u32>, at: OffsetDateTime) -> Clock {
        Clock { target_minutes, counted_seconds: 0, phase: Phase::Running { since: at } }
    }

    fn target_seconds(&self) -> Option<i64> {
        self.target_minutes.map(|m| i64::from(m) * 60)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    /// Running or paused: a target still owed.
    pub fn is_pending(&self) -> bool {
        matches!(self.phase, Phase::Running { .. } | Phase::Paused)
    }

    /// Working seconds counted up to `now`.
    pub fn counted(&self, calendar: &Calendar, now: OffsetDateTime) -> i64 {
        match self.phase {
            Phase::Running { since } => self.counted_seconds + calendar.working_seconds(since, now).max(0),
            _ => self.counted_seconds,
        }
    }

    /// The ticket waits for the customer.
    pub fn pause(&mut self, calendar: &Calendar, at: OffsetDateTime) {
        if self.is_running() {
            self.counted_seconds = self.counted(calendar, at);
            self.phase = Phase::Paused;
        }
    }

    /// The customer answered.
    pub fn resume(&mut self, at: OffsetDateTime) {
        if self.phase == Phase::Paused {
            self.phase = Phase::Running { since: at };
        }
    }

    /// The target was met: the clock counts no more. An idle clock stays idle (nothing was owed).
    pub fn meet(&mut self, calendar: &Calendar, at: OffsetDateTime) {
        if self.is_pending() {
            self.counted_seconds = self.counted(calendar, at);
            self.phase = Phase::Met { at };
        }
    }

    /// A resolved ticket reopened: its resolution is owed again, with the time counted so far.
    pub fn reopen(&mut self, at: OffsetDateTime) {
        if matches!(self.phase, Phase::Met { .. }) {
            self.phase = Phase::Running { since: at };
        }
    }

    /// A new priority or service: the time counted stays, the target changes.
    pub fn retarget(&mut self, target_minutes: Option<u32>) {
        self.target_minutes = target_minutes;
    }

    /// Another calendar from `at` on: what was counted on the old one is kept.
    pub fn recount(&mut self, old: &Calendar, at: OffsetDateTime) {
        if let Phase::Running { since } = self.phase {
            self.counted_seconds += old.working_seconds(since, at).max(0);
            self.phase = Phase::Running { since: at };
        }
    }

    /// The instant at which `seconds` of working time will have been counted, while running.
    fn instant_of(&self, calendar: &Calendar, seconds: i64) -> Option<OffsetDateTime> {
        let Phase::Running { since } = self.phase else { return None };
        let left = seconds - self.counted_seconds;
        if left <= 0 {
            return Some(since);
        }
        calendar.add_working(since, Duration::seconds(left))
    }

    /// The instant the target is due while the clock runs.
    pub fn due(&self, calendar: &Calendar) -> Option<OffsetDateTime> {
        self.instant_of(calendar, self.target_seconds()?)
    }

    /// Working seconds that make `percent` of the target (rounded up).
    fn threshold_seconds(&self, percent: u8) -> Option<i64> {
        self.target_seconds().map(|t| (t * i64::from(percent) + 99) / 100)
    }

    /// The instant the warning threshold is reached while the clock runs.
    pub fn warning_at(&self, calendar: &Calendar, warn_percent: u8) -> Option<OffsetDateTime> {
        self.instant_of(calendar, self.threshold_seconds(warn_percent)?)
    }

    /// `None` for a clock without a target or one never started.
    pub fn standing(&self, calendar: &Calendar, now: OffsetDateTime, warn_percent: u8) -> Option<Standing> {
        let target = self.target_seconds()?;
        let counted = self.counted(calendar, now);
        let left = target - counted;
        Some(match self.phase {
            Phase::Idle => return None,
            Phase::Met { .. } => Standing::Met { in_time: left >= 0 },
            _ if left < 0 => Standing::Breached { over_seconds: -left },
            Phase::Paused => Standing::Paused { left_seconds: left },
            Phase::Running { .. } => {
                let warning = self.threshold_seconds(warn_percent).is_some_and(|w| counted >= w);
                Standing::Running { left_seconds: left, warning }
            }
        })
    }
}

pub mod ticket;

#[cfg(test)]
mod tests;
