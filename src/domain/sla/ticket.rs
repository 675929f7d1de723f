//! The service level of one ticket: three clocks (first response, next response after a
//! customer's message, resolution), how the ticket's life moves them, where they stand, and
//! which warnings and breaches are owed. Pure: the store keeps it, the sweeper acts on it.

use time::{Duration, OffsetDateTime};

use super::{Calendar, Clock, Phase, Policy, Standing, Targets};
use crate::domain::ticket::TicketStatus;

/// Which target a clock measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    FirstResponse,
    NextResponse,
    Resolution,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::FirstResponse, Target::NextResponse, Target::Resolution];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::FirstResponse => "first_response",
            Target::NextResponse => "next_response",
            Target::Resolution => "resolution",
        }
    }

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn of(self, targets: &Targets) -> Option<u32> {
        match self {
            Target::FirstResponse => targets.first_response,
            Target::NextResponse => targets.next_response,
            Target::Resolution => targets.resolution,
        }
    }
}

/// What has been said about a clock in its current run: each threshold is announced once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    #[default]
    Quiet,
    Warned,
    Breached,
}

impl Level {
    pub fn rank(self) -> i64 {
        match self {
            Level::Quiet => 0,
            Level::Warned => 1,
            Level::Breached => 2,
        }
    }

    pub fn from_rank(rank: i64) -> Option<Level> {
        [Level::Quiet, Level::Warned, Level::Breached].into_iter().find(|l| l.rank() == rank)
    }
}

/// One clock of a ticket with its announcements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Track {
    pub clock: Clock,
    pub level: Level,
    /// How many times the clock was started: the next response starts again with every
    /// message of the customer that support has not answered yet.
    pub cycle: u32,
}

impl Track {
    const IDLE: Track = Track { clock: Clock::IDLE, level: Level::Quiet, cycle: 0 };

    fn started(target: Option<u32>, at: OffsetDateTime) -> Track {
        Track { clock: Clock::start(target, at), level: Level::Quiet, cycle: 1 }
    }
}

/// What the policy in force says: chosen when the ticket is filed, again when its priority or
/// service changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    /// `None`: no policy matched; the clocks still count for the reports.
    pub policy_id: Option<i64>,
    pub calendar_id: i64,
    pub targets: Targets,
    pub warn_percent: u8,
    pub raise_priority_on_breach: bool,
}

impl Terms {
    pub fn of_policy(policy: &Policy, calendar_id: i64) -> Terms {
        Terms {
            policy_id: Some(policy.id),
            calendar_id,
            targets: policy.targets,
            warn_percent: policy.warn_percent,
            raise_priority_on_breach: policy.raise_priority_on_breach,
        }
    }

    /// No policy: clocks on this calendar without targets.
    pub fn none(calendar_id: i64) -> Terms {
        Terms {
            policy_id: None,
            calendar_id,
            targets: Targets::default(),
            warn_percent: 80,
            raise_priority_on_breach: false,
        }
    }
}

/// What happened to the ticket, as far as its clocks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    /// Support answered in public (an internal note answers nobody).
    StaffReplied,
    /// The customer wrote.
    CustomerReplied,
    Status {
        from: TicketStatus,
        to: TicketStatus,
    },
}

/// What a queue needs to know without the clocks: the nearest instants and a paused remainder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// The nearest due instant of a running clock with a target.
    pub due_at: Option<OffsetDateTime>,
    /// The nearest instant a running clock with a target passes its warning threshold.
    pub warn_at: Option<OffsetDateTime>,
    /// Nothing runs but a target is owed: the working seconds it has left (negative: over).
    pub paused_left: Option<i64>,
    /// When the sweeper should look at the ticket next.
    pub next_escalation_at: Option<OffsetDateTime>,
}

/// One announcement owed: a warning or a breach of one clock's current run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escalation {
    pub target: Target,
    pub level: Level,
    pub cycle: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketSla {
    pub terms: Terms,
    pub first_response: Track,
    pub next_response: Track,
    pub resolution: Track,
}

impl TicketSla {
    /// A new ticket: first response and resolution run from its filing.
    pub fn filed(terms: Terms, at: OffsetDateTime) -> TicketSla {
        TicketSla {
            terms,
            first_response: Track::started(terms.targets.first_response, at),
            next_response: Track {
                clock: Clock { target_minutes: terms.targets.next_response, ..Clock::IDLE },
                ..Track::IDLE
            },
            resolution: Track::started(terms.targets.resolution, at),
        }
    }

    pub fn track(&self, target: Target) -> &Track {
        match target {
            Target::FirstResponse => &self.first_response,
            Target::NextResponse => &self.next_response,
            Target::Resolution => &self.resolution,
        }
    }

    fn track_mut(&mut self, target: Target) -> &mut Track {
        match target {
            Target::FirstResponse => &mut self.first_response,
            Target::NextResponse => &mut self.next_response,
            Target::Resolution => &mut self.resolution,
        }
    }

    fn tracks_mut(&mut self) -> [&mut Track; 3] {
        [&mut self.first_response, &mut self.next_response, &mut self.resolution]
    }

    /// Moves the clocks for what happened at `at`; `calendar` is the one of `terms`.
    pub fn apply(&mut self, happening: Happening, calendar: &Calendar, at: OffsetDateTime) {
        match happening {
            Happening::StaffReplied => {
                self.first_response.clock.meet(calendar, at);
                self.next_response.clock.meet(calendar, at);
            }
            Happening::CustomerReplied => {
                let answered_once = matches!(self.first_response.clock.phase, Phase::Met { .. });
                if answered_once && !self.next_response.clock.is_pending() {
                    let cycle = self.next_response.cycle + 1;
                    let clock = Clock::start(self.terms.targets.next_response, at);
                    self.next_response = Track { clock, level: Level::Quiet, cycle };
                }
            }
            Happening::Status { from, to } => {
                if to == TicketStatus::Resolved || to == TicketStatus::Closed {
                    for track in self.tracks_mut() {
                        track.clock.meet(calendar, at);
                    }
                    return;
                }
                if from == TicketStatus::Resolved {
                    self.resolution.clock.reopen(at);
                }
                if to == TicketStatus::WaitingCustomer {
                    for track in self.tracks_mut() {
                        track.clock.pause(calendar, at);
                    }
                } else if from == TicketStatus::WaitingCustomer {
                    for track in self.tracks_mut() {
                        track.clock.resume(at);
                    }
                }
            }
        }
    }

    /// A new priority or service chose `terms`: targets change, what was counted stays (on the
    /// calendar it was counted on), and what was announced stays announced.
    pub fn retarget(&mut self, terms: Terms, old_calendar: &Calendar, at: OffsetDateTime) {
        let calendar_changes = terms.calendar_id != self.terms.calendar_id;
        for target in Target::ALL {
            let track = self.track_mut(target);
            if calendar_changes {
                track.clock.recount(old_calendar, at);
            }
            track.clock.retarget(target.of(&terms.targets));
        }
        self.terms = terms;
    }

    pub fn standing(&self, target: Target, calendar: &Calendar, now: OffsetDateTime) -> Option<Standing> {
        self.track(target).clock.standing(calendar, now, self.terms.warn_percent)
    }

    /// The instants a queue sorts and colours by, as of `at` (the instant of the change).
    pub fn summary(&self, calendar: &Calendar, at: OffsetDateTime) -> Summary {
        let warn = self.terms.warn_percent;
        let mut s = Summary::default();
        let earliest = |a: Option<OffsetDateTime>, b: Option<OffsetDateTime>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let mut paused_left: Option<i64> = None;
        for target in Target::ALL {
            let track = self.track(target);
            let clock = &track.clock;
            if clock.target_minutes.is_none() || !clock.is_pending() {
                continue;
            }
            let due = clock.due(calendar);
            let warning = clock.warning_at(calendar, warn);
            s.due_at = earliest(s.due_at, due);
            s.warn_at = earliest(s.warn_at, warning);
            if clock.phase == Phase::Paused {
                let left = i64::from(clock.target_minutes.unwrap_or(0)) * 60 - clock.counted_seconds;
                paused_left = Some(paused_left.map_or(left, |l| l.min(left)));
            }
            // Owed announcements are looked at by the next sweep; running ones at their instant.
            let next = match track.level {
                _ if !self.owed(target, calendar, at).is_empty() => Some(at),
                Level::Quiet => warning,
                Level::Warned => due.map(|d| d + Duration::SECOND),
                Level::Breached => None,
            };
            s.next_escalation_at = earliest(s.next_escalation_at, next);
        }
        if s.due_at.is_none() {
            s.paused_left = paused_left;
        }
        s
    }

    /// The announcements one clock owes at `now`: its warning once past the threshold, its
    /// breach once past the target; each once per run, in that order.
    fn owed(&self, target: Target, calendar: &Calendar, now: OffsetDateTime) -> Vec<Escalation> {
        let track = self.track(target);
        let clock = &track.clock;
        let Some(target_seconds) = clock.target_minutes.map(|m| i64::from(m) * 60) else { return vec![] };
        if !clock.is_pending() {
            return vec![];
        }
        let counted = clock.counted(calendar, now);
        let warn_seconds = (target_seconds * i64::from(self.terms.warn_percent) + 99) / 100;
        let mut out = Vec::new();
        if track.level < Level::Warned && counted >= warn_seconds {
            out.push(Escalation { target, level: Level::Warned, cycle: track.cycle });
        }
        if track.level < Level::Breached && counted > target_seconds {
            out.push(Escalation { target, level: Level::Breached, cycle: track.cycle });
        }
        out
    }

    /// Every announcement owed at `now`, marked as made: the caller writes them in the same
    /// transaction as the new state, so each is made exactly once.
    pub fn escalate(&mut self, calendar: &Calendar, now: OffsetDateTime) -> Vec<Escalation> {
        let mut made = Vec::new();
        for target in Target::ALL {
            let owed = self.owed(target, calendar, now);
            if let Some(last) = owed.last() {
                self.track_mut(target).level = last.level;
            }
            made.extend(owed);
        }
        made
    }

    /// Working seconds a met clock took, and whether that was within its target: what the
    /// reports count. `None` for a clock not met.
    pub fn outcome(&self, target: Target) -> Option<(i64, Option<bool>)> {
        let clock = &self.track(target).clock;
        matches!(clock.phase, Phase::Met { .. }).then(|| {
            let within = clock.target_minutes.map(|m| clock.counted_seconds <= i64::from(m) * 60);
            (clock.counted_seconds, within)
        })
    }
}

#[cfg(test)]
#[path = "ticket_tests.rs"]
mod tests;
