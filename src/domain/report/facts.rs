//! What one ticket adds to the report cells. A ticket's contribution is a function of its
//! current state alone — filed on a day under a service and group, first answered on a day after
//! so much working time, resolved on a day, rated — so when the ticket changes, its old
//! contribution is taken away and the new one added, and the cells always equal what a count
//! over all tickets would give.

use std::collections::HashMap;

use super::histogram::Histogram;
use super::period::{day_of, Day};
use crate::domain::ticket::TicketStatus;

/// A service-level clock that has been met: when, after how many working seconds, against
/// which target (working minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetClock {
    pub at: i64,
    pub seconds: i64,
    pub target_minutes: Option<i64>,
}

/// A ticket as stored, in the parts the reports read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketState {
    pub created_at: i64,
    pub service_id: i64,
    pub group_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub status: TicketStatus,
    pub resolved_at: Option<i64>,
    pub rating: Option<i64>,
    pub first_response: Option<MetClock>,
    pub resolution: Option<MetClock>,
}

/// A duration on a day, and whether it kept within its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub day: Day,
    pub seconds: i64,
    pub target_seconds: Option<i64>,
}

impl Timing {
    fn of(clock: MetClock) -> Timing {
        Timing {
            day: day_of(clock.at),
            seconds: clock.seconds.max(0),
            target_seconds: clock.target_minutes.map(|m| m * 60),
        }
    }

    pub fn within_target(&self) -> Option<bool> {
        self.target_seconds.map(|t| self.seconds <= t)
    }
}

/// The facts a ticket contributes (what the reports keep of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub created: Day,
    pub service_id: i64,
    /// 0: no group.
    pub group_id: i64,
    pub organization_id: Option<i64>,
    pub first_response: Option<Timing>,
    /// The day of the resolution in force: a reopened ticket is not resolved.
    pub resolved: Option<Day>,
    /// The working time to that resolution (tickets with clocks).
    pub resolution: Option<Timing>,
    /// 1‥5, of a resolved ticket.
    pub rating: Option<i64>,
}

impl Facts {
    pub fn of(t: &TicketState) -> Facts {
        let resolved = match (t.status, t.resolved_at) {
            (TicketStatus::Resolved | TicketStatus::Closed, Some(at)) => Some(day_of(at)),
            _ => None,
        };
        Facts {
            created: day_of(t.created_at),
            service_id: t.service_id,
            group_id: t.group_id.unwrap_or(0),
            organization_id: t.organization_id,
            first_response: t.first_response.map(Timing::of),
            resolved,
            resolution: resolved
                .and(t.resolution)
                .map(|c| Timing { day: resolved.unwrap_or_default(), ..Timing::of(c) }),
            rating: resolved.and(t.rating).filter(|r| (1..=5).contains(r)),
        }
    }
}

/// The figures of one cell: a day, a service and a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Measures {
    pub created: i64,
    /// First responses given that day (or resolutions without one), with their working time.
    pub responses: Histogram,
    pub responses_targeted: i64,
    pub responses_met: i64,
    pub resolved: i64,
    pub resolutions: Histogram,
    pub resolutions_targeted: i64,
    pub resolutions_met: i64,
    pub rated: i64,
    pub rating_sum: i64,
    /// How many ratings of 1, 2, … 5.
    pub ratings: [i64; 5],
}

impl Measures {
    pub fn add(&mut self, other: &Measures, sign: i64) {
        self.created += sign * other.created;
        self.responses.add(&other.responses, sign);
        self.responses_targeted += sign * other.responses_targeted;
        self.responses_met += sign * other.responses_met;
        self.resolved += sign * other.resolved;
        self.resolutions.add(&other.resolutions, sign);
        self.resolutions_targeted += sign * other.resolutions_targeted;
        self.resolutions_met += sign * other.resolutions_met;
        self.rated += sign * other.rated;
        self.rating_sum += sign * other.rating_sum;
        for (a, b) in self.ratings.iter_mut().zip(other.ratings) {
            *a += sign * b;
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Measures::default()
    }

    fn timed(histogram: &mut Histogram, targeted: &mut i64, met: &mut i64, timing: &Timing) {
        histogram.record(timing.seconds, 1);
        if let Some(within) = timing.within_target() {
            *targeted += 1;
            *met += i64::from(within);
        }
    }
}

/// Where a cell is: day, service, group (0 none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub day: Day,
    pub service_id: i64,
    pub group_id: i64,
}

/// Tickets an organisation filed on a day under a service and group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgKey {
    pub day: Day,
    pub organization_id: i64,
    pub service_id: i64,
    pub group_id: i64,
}

/// Cells with their figures: a change to be written, or figures being summed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    pub cells: HashMap<CellKey, Measures>,
    pub organizations: HashMap<OrgKey, i64>,
}

impl Ledger {
    /// Adds (`sign` 1) or takes away (−1) what the ticket contributes.
    pub fn apply(&mut self, f: &Facts, sign: i64) {
        let key = |day| CellKey { day, service_id: f.service_id, group_id: f.group_id };
        self.cells.entry(key(f.created)).or_default().created += sign;
        if let Some(r) = &f.first_response {
            let mut m = Measures::default();
            Measures::timed(&mut m.responses, &mut m.responses_targeted, &mut m.responses_met, r);
            self.cells.entry(key(r.day)).or_default().add(&m, sign);
        }
        if let Some(day) = f.resolved {
            let mut m = Measures { resolved: 1, ..Measures::default() };
            if let Some(r) = &f.resolution {
                Measures::timed(&mut m.resolutions, &mut m.resolutions_targeted, &mut m.resolutions_met, r);
            }
            if let Some(rating) = f.rating {
                m.rated = 1;
                m.rating_sum = rating;
                m.ratings[(rating - 1) as usize] = 1;
            }
            self.cells.entry(key(day)).or_default().add(&m, sign);
        }
        if let Some(organization_id) = f.organization_id {
            let key = OrgKey { day: f.created, organization_id, service_id: f.service_id, group_id: f.group_id };
            *self.organizations.entry(key).or_default() += sign;
        }
    }

    /// The change from `before` to `after` (either absent: a ticket new to the reports, or gone).
    pub fn change(&mut self, before: Option<&Facts>, after: Option<&Facts>) {
        if before == after {
            return;
        }
        if let Some(b) = before {
            self.apply(b, -1);
        }
        if let Some(a) = after {
            self.apply(a, 1);
        }
    }

    /// Drops the cells a change left at zero: nothing to write for them.
    pub fn prune(&mut self) {
        self.cells.retain(|_, m| !m.is_zero());
        self.organizations.retain(|_, n| *n != 0);
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.organizations.is_empty()
    }
}
