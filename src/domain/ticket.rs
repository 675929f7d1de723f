//! Tickets: their human numbers and the lifecycle of DESIGN §5.4.
//!
//! `new → in_progress ⇄ waiting_customer → resolved → closed`, with `on_hold` (waiting for a
//! third party) beside `in_progress`. A customer reply to `waiting_customer` or `resolved`
//! reopens the ticket; `closed` is final.

use std::fmt;

use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TicketStatus {
    New,
    InProgress,
    OnHold,
    WaitingCustomer,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::InProgress,
        TicketStatus::OnHold,
        TicketStatus::WaitingCustomer,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::OnHold => "on_hold",
            TicketStatus::WaitingCustomer => "waiting_customer",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        TicketStatus::ALL.into_iter().find(|t| t.as_str() == s).ok_or(FieldError::new("status", "invalid_status"))
    }

    /// Open tickets are the ones somebody still has to act on.
    pub fn is_open(self) -> bool {
        !matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }
}

/// How a ticket came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// The portal's pages or its API.
    Web,
    Email,
    Phone,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Web, Channel::Email, Channel::Phone];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Email => "email",
            Channel::Phone => "phone",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Who asks for a change: the rules differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Customer,
    Staff,
    /// Timers: resolved tickets closing themselves.
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a ticket cannot go from {from:?} to {to:?}")]
pub struct InvalidTransition {
    pub from: TicketStatus,
    pub to: TicketStatus,
}

/// Whether `actor` may move a ticket from `from` to `to` directly.
pub fn transition(from: TicketStatus, to: TicketStatus, actor: Actor) -> Result<TicketStatus, InvalidTransition> {
    use TicketStatus::*;
    let allowed = match actor {
        Actor::Staff => matches!(
            (from, to),
            (New, InProgress | OnHold | WaitingCustomer | Resolved)
                | (InProgress, OnHold | WaitingCustomer | Resolved)
                | (OnHold, InProgress | WaitingCustomer | Resolved)
                | (WaitingCustomer, InProgress | OnHold | Resolved)
                | (Resolved, InProgress | Closed)
        ),
        // «Проблема решена» from any open state; reopening happens by replying.
        Actor::Customer => matches!((from, to), (New | InProgress | OnHold | WaitingCustomer, Resolved)),
        Actor::System => matches!((from, to), (Resolved, Closed)),
    };
    if allowed {
        Ok(to)
    } else {
        Err(InvalidTransition { from, to })
    }
}

/// What a customer's reply does to the status: reopens a ticket that waited for them or was
/// resolved, leaves others as they are. A closed ticket takes no replies (a new one is filed).
pub fn after_customer_reply(status: TicketStatus) -> Result<TicketStatus, InvalidTransition> {
    use TicketStatus::*;
    match status {
        WaitingCustomer | Resolved => Ok(InProgress),
        New | InProgress | OnHold => Ok(status),
        Closed => Err(InvalidTransition { from: Closed, to: InProgress }),
    }
}

/// What a staff member's public reply may leave the ticket in («после отправки: …»): waiting for
/// the customer's answer, still in work, or resolved.
pub const REPLY_OUTCOMES: [TicketStatus; 3] =
    [TicketStatus::WaitingCustomer, TicketStatus::InProgress, TicketStatus::Resolved];

/// The outcomes a reply to a ticket in `from` may choose: staying where it is, or a move staff
/// may make. Empty for a closed ticket, which takes no replies.
pub fn reply_outcomes(from: TicketStatus) -> Vec<TicketStatus> {
    if from == TicketStatus::Closed {
        return Vec::new();
    }
    REPLY_OUTCOMES.into_iter().filter(|to| *to == from || transition(from, *to, Actor::Staff).is_ok()).collect()
}

/// A reply usually asks the customer something or answers them, so it waits for them next;
/// where that move is not allowed (a resolved ticket) the status stays.
pub fn default_reply_outcome(from: TicketStatus) -> TicketStatus {
    if transition(from, TicketStatus::WaitingCustomer, Actor::Staff).is_ok() {
        TicketStatus::WaitingCustomer
    } else {
        from
    }
}

/// The status a staff member's public reply leaves: `chosen` when it is one of
/// [`reply_outcomes`], the default when nothing was chosen.
pub fn after_staff_reply(from: TicketStatus, chosen: Option<TicketStatus>) -> Result<TicketStatus, InvalidTransition> {
    let to = chosen.unwrap_or_else(|| default_reply_outcome(from));
    if reply_outcomes(from).contains(&to) {
        Ok(to)
    } else {
        Err(InvalidTransition { from, to })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Low, Priority::Normal, Priority::High, Priority::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Result<Self, FieldError> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s).ok_or(FieldError::new("priority", "invalid_priority"))
    }

    /// Sorts urgent first in queues.
    pub fn rank(self) -> i64 {
        match self {
            Priority::Low => 0,
            Priority::Normal => 1,
            Priority::High => 2,
            Priority::Urgent => 3,
        }
    }

    /// How long after filing the ticket should be resolved; the queue's «SLA» sort orders by it.
    /// Calendar time, not working hours: the operator answers around the clock.
    pub fn resolution_target_secs(self) -> i64 {
        const HOUR: i64 = 3600;
        match self {
            Priority::Low => 120 * HOUR,
            Priority::Normal => 72 * HOUR,
            Priority::High => 24 * HOUR,
            Priority::Urgent => 4 * HOUR,
        }
    }
}

/// `2026-000123`: the year the ticket was filed and its place in that year — six digits at
/// least, more once a year has had a million tickets (`2026-1000000`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber {
    year: i32,
    seq: u32,
}

impl TicketNumber {
    /// Nine digits: far past any year's tickets, and within what the counter can hand out.
    pub const MAX_SEQ: u32 = 999_999_999;
    /// The most digits a sequence is written with.
    const MAX_DIGITS: usize = 9;

    pub fn new(year: i32, seq: u32) -> Option<Self> {
        ((2000..=9999).contains(&year) && (1..=Self::MAX_SEQ).contains(&seq)).then_some(TicketNumber { year, seq })
    }

    /// Accepts `2026-000123`, `2026-123`, `№ 2026-000123` and surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("number", "invalid_ticket_number");
        let s = input.trim().trim_start_matches('№').trim_start_matches('#').trim();
        let (year, seq) = s.split_once('-').ok_or_else(invalid)?;
        if year.len() != 4 || seq.is_empty() || seq.len() > Self::MAX_DIGITS {
            return Err(invalid());
        }
        if !year.bytes().chain(seq.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let seq: u32 = seq.parse().map_err(|_| invalid())?;
        TicketNumber::new(year, seq).ok_or_else(invalid)
    }

    /// The number as a URL path carries it: digits and one hyphen, nothing around them (no
    /// spaces, no new lines, no «№»), so what comes back into a redirect is only ever what we
    /// print.
    pub fn from_path(segment: &str) -> Result<Self, FieldError> {
        if !segment.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            return Err(FieldError::new("number", "invalid_ticket_number"));
        }
        Self::parse(segment)
    }

    /// The number a year's counter gave: `None` past [`Self::MAX_SEQ`].
    pub fn from_counter(year: i32, seq: i64) -> Option<Self> {
        u32::try_from(seq).ok().and_then(|seq| Self::new(year, seq))
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn seq(self) -> u32 {
        self.seq
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.seq)
    }
}

impl fmt::Debug for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TicketNumber({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::TicketStatus::*;
    use super::*;

    /// The whole matrix, so that a change to the rules shows up here.
    #[test]
    fn staff_transitions_matrix() {
        let allowed: &[(TicketStatus, &[TicketStatus])] = &[
            (New, &[InProgress, OnHold, WaitingCustomer, Resolved]),
            (InProgress, &[OnHold, WaitingCustomer, Resolved]),
            (OnHold, &[InProgress, WaitingCustomer, Resolved]),
            (WaitingCustomer, &[InProgress, OnHold, Resolved]),
            (Resolved, &[InProgress, Closed]),
            (Closed, &[]),
        ];
        for (from, targets) in allowed {
            for to in TicketStatus::ALL {
                let result = transition(*from, to, Actor::Staff);
                assert_eq!(result.is_ok(), targets.contains(&to), "staff {from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn customers_can_only_mark_solved() {
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                let ok = transition(from, to, Actor::Customer).is_ok();
                assert_eq!(ok, to == Resolved && from.is_open(), "customer {from:?} → {to:?}");
            }
        }
    }

    #[test]
    fn the_system_only_closes_resolved_tickets() {
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                assert_eq!(transition(from, to, Actor::System).is_ok(), (from, to) == (Resolved, Closed));
            }
        }
    }

    #[test]
    fn closed_is_final_for_everyone() {
        for actor in [Actor::Staff, Actor::Customer, Actor::System] {
            for to in TicketStatus::ALL {
                assert!(transition(Closed, to, actor).is_err());
            }
        }
        assert_eq!(after_customer_reply(Closed), Err(InvalidTransition { from: Closed, to: InProgress }));
    }

    #[test]
    fn replies_reopen_or_start_work() {
        assert_eq!(after_customer_reply(WaitingCustomer), Ok(InProgress));
        assert_eq!(after_customer_reply(Resolved), Ok(InProgress));
        for s in [New, InProgress, OnHold] {
            assert_eq!(after_customer_reply(s), Ok(s));
        }
    }

    #[test]
    fn a_staff_reply_waits_for_the_customer_unless_told_otherwise() {
        for from in [New, InProgress, OnHold, WaitingCustomer] {
            assert_eq!(after_staff_reply(from, None), Ok(WaitingCustomer), "{from:?}");
            assert_eq!(reply_outcomes(from), vec![WaitingCustomer, InProgress, Resolved], "{from:?}");
            for chosen in REPLY_OUTCOMES {
                assert_eq!(after_staff_reply(from, Some(chosen)), Ok(chosen));
            }
            for other in [New, OnHold, Closed] {
                assert!(after_staff_reply(from, Some(other)).is_err(), "{from:?} → {other:?}");
            }
        }
        // A resolved ticket cannot wait for the customer: it stays resolved or goes back to work.
        assert_eq!(reply_outcomes(Resolved), vec![InProgress, Resolved]);
        assert_eq!(after_staff_reply(Resolved, None), Ok(Resolved));
        assert_eq!(
            after_staff_reply(Resolved, Some(WaitingCustomer)),
            Err(InvalidTransition { from: Resolved, to: WaitingCustomer })
        );
        assert!(reply_outcomes(Closed).is_empty());
        assert!(after_staff_reply(Closed, None).is_err());
    }

    #[test]
    fn statuses_and_priorities_round_trip() {
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Ok(s));
        }
        assert_eq!(TicketStatus::parse("done").unwrap_err().code, "invalid_status");
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Ok(p));
        }
        assert!(Priority::Urgent.rank() > Priority::Low.rank());
        let targets: Vec<i64> = Priority::ALL.iter().map(|p| p.resolution_target_secs()).collect();
        assert!(targets.windows(2).all(|w| w[0] > w[1]), "higher priority, shorter target: {targets:?}");
        assert_eq!(Priority::Urgent.resolution_target_secs(), 4 * 3600);
        assert_eq!(Priority::parse("asap").unwrap_err().field, "priority");
    }

    #[test]
    fn ticket_numbers() {
        let n = TicketNumber::new(2026, 123).unwrap();
        assert_eq!(n.to_string(), "2026-000123");
        for spelling in ["2026-000123", "2026-123", " № 2026-000123 ", "#2026-123"] {
            assert_eq!(TicketNumber::parse(spelling), Ok(n), "{spelling}");
        }
        for bad in [
            "",
            "2026",
            "2026-",
            "-123",
            "26-000123",
            "2026-0000000001",
            "2026-1000000000",
            "2026-000000",
            "2026-00a123",
            "2026--123",
            "1999-000001",
        ] {
            assert_eq!(TicketNumber::parse(bad).unwrap_err().code, "invalid_ticket_number", "{bad}");
        }
        assert!(TicketNumber::new(2026, 1).unwrap() < TicketNumber::new(2026, 2).unwrap());
    }

    #[test]
    fn the_millionth_ticket_of_a_year_reads_back() {
        for seq in [999_999, 1_000_000, 1_000_001, 12_345_678, TicketNumber::MAX_SEQ] {
            let n = TicketNumber::from_counter(2026, i64::from(seq)).unwrap();
            let printed = n.to_string();
            assert_eq!(TicketNumber::parse(&printed), Ok(n), "{printed}");
            assert_eq!(TicketNumber::from_path(&printed), Ok(n), "{printed}");
        }
        assert_eq!(TicketNumber::from_counter(2026, 999_999).unwrap().to_string(), "2026-999999");
        assert_eq!(TicketNumber::from_counter(2026, 1_000_000).unwrap().to_string(), "2026-1000000");
        assert_eq!(TicketNumber::from_counter(2026, i64::from(TicketNumber::MAX_SEQ) + 1), None);
        assert_eq!(TicketNumber::from_counter(2026, -1), None);
        assert_eq!(TicketNumber::parse("2026-0000123"), Ok(TicketNumber::new(2026, 123).unwrap()));
    }

    #[test]
    fn a_path_carries_the_number_and_nothing_else() {
        assert!(TicketNumber::from_path("2026-000123").is_ok());
        for bad in ["2026-000123\r\nX: y", " 2026-000123", "2026-000123\n", "№2026-000123", "2026-000123%0d"] {
            assert!(TicketNumber::from_path(bad).is_err(), "{bad:?}");
        }
    }
}
