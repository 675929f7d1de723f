//! How a ticket's service level reads on a page: the queue's badge (working time left, amber
//! past the warning threshold, red when breached, grey while the customer is asked), the
//! workspace's line per clock, and the customer's «Ответим до …». Pure.

use time::OffsetDateTime;

use crate::clock::format_minsk;
use crate::domain::calendar::Calendar;
use crate::domain::sla::ticket::{Target, TicketSla};
use crate::domain::sla::{Phase, Standing};
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::ticket_sla::{Calendars, SLA_NONE};
use crate::store::tickets::TicketRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaState {
    /// Within target.
    Running,
    /// Past the warning threshold.
    Warning,
    Breached,
    /// The customer is asked: nothing is counted.
    Paused,
}

impl SlaState {
    /// The CSS class and the value a client sees.
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::Running => "running",
            SlaState::Warning => "warning",
            SlaState::Breached => "breached",
            SlaState::Paused => "paused",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaBadge {
    pub state: SlaState,
    /// «осталось 2 ч 15 мин», «просрочено на 40 мин», «пауза · осталось 3 ч».
    pub text: String,
    /// The due instant in Minsk time, when the clock runs.
    pub due: Option<String>,
}

/// Working time in hours and minutes (a working day is not 24 hours, so no days): «27 ч 30 мин»,
/// «2 ч», «5 мин»; at least a minute.
pub fn working_span(tr: Tr, seconds: i64) -> String {
    let minutes = (seconds.abs() / 60).max(1);
    let (hours, mins) = (minutes / 60, minutes % 60);
    let mut parts = Vec::new();
    if hours > 0 {
        parts.push(tr.t1("span-hours", "n", hours));
    }
    if mins > 0 && hours < 10 {
        parts.push(tr.t1("span-minutes", "n", mins));
    }
    if parts.is_empty() {
        parts.push(tr.t1("span-minutes", "n", minutes));
    }
    parts.join(" ")
}

/// Working seconds from `from` to `to` on the calendar, or wall-clock seconds without one.
fn between(calendar: Option<&Calendar>, from: OffsetDateTime, to: OffsetDateTime) -> i64 {
    match calendar {
        Some(c) => c.working_seconds(from, to),
        None => (to - from).whole_seconds(),
    }
}

/// The queue's badge of an open ticket; `None` when nothing is owed.
pub fn badge(t: &TicketRow, calendars: &Calendars, now: OffsetDateTime, tr: Tr) -> Option<SlaBadge> {
    if !t.status.is_open() {
        return None;
    }
    let calendar = t.sla_calendar_id.and_then(|id| calendars.get(&id));
    if t.sla_due_at != SLA_NONE {
        let due = from_unix(t.sla_due_at);
        let shown = Some(format_minsk(due));
        if now > due {
            let over = between(calendar, due, now);
            let text = tr.t1("sla-overdue", "time", working_span(tr, over));
            return Some(SlaBadge { state: SlaState::Breached, text, due: shown });
        }
        let left = between(calendar, now, due);
        let state = if now >= from_unix(t.sla_warn_at) { SlaState::Warning } else { SlaState::Running };
        return Some(SlaBadge { state, text: tr.t1("sla-left", "time", working_span(tr, left)), due: shown });
    }
    let left = t.sla_paused_left?;
    if left < 0 {
        let text = tr.t1("sla-paused-over", "time", working_span(tr, -left));
        return Some(SlaBadge { state: SlaState::Breached, text, due: None });
    }
    Some(SlaBadge {
        state: SlaState::Paused,
        text: tr.t1("sla-paused-left", "time", working_span(tr, left)),
        due: None,
    })
}

/// One clock in the workspace: «Первый ответ — до 09.11.2026 12:00, осталось 1 ч 20 мин».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    pub target: &'static str,
    pub name: String,
    pub state: SlaState,
    pub text: String,
}

/// The clocks with a target that are owed or were met, in the order a desk reads them.
pub fn clock_lines(sla: &TicketSla, calendar: &Calendar, now: OffsetDateTime, tr: Tr) -> Vec<ClockLine> {
    let mut out = Vec::new();
    for target in Target::ALL {
        let track = sla.track(target);
        let Some(standing) = sla.standing(target, calendar, now) else { continue };
        let due = track.clock.due(calendar).map(format_minsk);
        let (state, text) = match standing {
            Standing::Running { left_seconds, warning } => {
                let state = if warning { SlaState::Warning } else { SlaState::Running };
                let left = tr.t1("sla-left", "time", working_span(tr, left_seconds));
                (state, due.map_or(left.clone(), |d| format!("{} {d}, {left}", tr.t("sla-until"))))
            }
            Standing::Paused { left_seconds } => {
                (SlaState::Paused, tr.t1("sla-paused-left", "time", working_span(tr, left_seconds)))
            }
            Standing::Breached { over_seconds } => {
                (SlaState::Breached, tr.t1("sla-overdue", "time", working_span(tr, over_seconds)))
            }
            Standing::Met { in_time } => {
                let at = match track.clock.phase {
                    Phase::Met { at } => format_minsk(at),
                    _ => String::new(),
                };
                let key = if in_time { "sla-met-in-time" } else { "sla-met-late" };
                (if in_time { SlaState::Running } else { SlaState::Breached }, tr.t1(key, "at", at))
            }
        };
        out.push(ClockLine {
            target: target.as_str(),
            name: tr.t(&format!("sla-target-{}", target.as_str())),
            state,
            text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::ticket::{Happening, Terms};
    use crate::domain::sla::Targets;
    use crate::domain::ticket::TicketStatus;
    use crate::i18n::Lang;
    use time::macros::datetime;

    fn terms() -> Terms {
        Terms {
            policy_id: Some(1),
            calendar_id: 1,
            targets: Targets { first_response: Some(240), next_response: Some(480), resolution: Some(2700) },
            warn_percent: 80,
            raise_priority_on_breach: false,
        }
    }

    #[test]
    fn working_time_reads_in_hours_and_minutes() {
        let ru = Tr::new(Lang::Ru);
        assert_eq!(working_span(ru, 30), "1\u{a0}мин");
        assert_eq!(working_span(ru, 2 * 3600 + 15 * 60), "2\u{a0}ч 15\u{a0}мин");
        assert_eq!(working_span(ru, 27 * 3600 + 30 * 60), "27\u{a0}ч", "minutes drop off past ten hours");
        assert_eq!(working_span(ru, 3 * 3600), "3\u{a0}ч");
        assert_eq!(working_span(Tr::new(Lang::En), 45 * 60), "45\u{a0}min");
    }

    #[test]
    fn the_workspace_reads_each_clock() {
        let cal = Calendar::minsk();
        let ru = Tr::new(Lang::Ru);
        // Friday 6 November 2026, 16:00: the eve of a holiday ends at 17:00.
        let filed = datetime!(2026-11-06 16:00 +3);
        let mut sla = TicketSla::filed(terms(), filed);
        let lines = clock_lines(&sla, &cal, datetime!(2026-11-06 16:30 +3), ru);
        assert_eq!(lines.len(), 2, "the next response is not owed yet: {lines:?}");
        assert_eq!(lines[0].name, "Первый ответ");
        assert_eq!(lines[0].text, "до 09.11.2026 12:00, осталось 3\u{a0}ч 30\u{a0}мин");
        assert_eq!(lines[0].state, SlaState::Running);
        let late = clock_lines(&sla, &cal, datetime!(2026-11-09 12:30 +3), ru);
        assert_eq!((late[0].state, late[0].text.as_str()), (SlaState::Breached, "просрочено на 30\u{a0}мин"));
        sla.apply(Happening::StaffReplied, &cal, datetime!(2026-11-09 11:00 +3));
        sla.apply(
            Happening::Status { from: TicketStatus::New, to: TicketStatus::WaitingCustomer },
            &cal,
            datetime!(2026-11-09 11:00 +3),
        );
        let answered = clock_lines(&sla, &cal, datetime!(2026-11-09 12:00 +3), ru);
        assert_eq!(answered[0].text, "выполнен вовремя: 09.11.2026 11:00");
        assert_eq!(answered[1].state, SlaState::Paused);
    }
}
