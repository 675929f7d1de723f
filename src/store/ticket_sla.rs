//! A ticket's service level as stored: the clocks in `ticket_sla`, and beside the ticket what
//! the queues sort and colour by. Written in the transaction of the change that moves them.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::{from_unix, StoreResult};
use crate::domain::calendar::Calendar;
use crate::domain::sla::ticket::{Happening, Level, Summary, Terms, TicketSla, Track};
use crate::domain::sla::{Clock, Phase, Targets};

/// `tickets.sla_due_at` and `sla_warn_at` when nothing is due: 9999-12-31 23:59:59 UTC, so the
/// columns stay in their indexes and such tickets sort after every due one.
pub const SLA_NONE: i64 = 253_402_300_799;

/// Calendars by id, as the catalogue keeps them.
pub type Calendars = HashMap<i64, Calendar>;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SlaRow {
    pub ticket_id: i64,
    pub policy_id: Option<i64>,
    pub calendar_id: i64,
    pub warn_percent: i32,
    pub raise_priority_on_breach: bool,
    pub fr_target: Option<i32>,
    pub fr_counted: i64,
    pub fr_phase: i32,
    pub fr_at: Option<i64>,
    pub fr_level: i32,
    pub fr_cycle: i32,
    pub nr_target: Option<i32>,
    pub nr_counted: i64,
    pub nr_phase: i32,
    pub nr_at: Option<i64>,
    pub nr_level: i32,
    pub nr_cycle: i32,
    pub rs_target: Option<i32>,
    pub rs_counted: i64,
    pub rs_phase: i32,
    pub rs_at: Option<i64>,
    pub rs_level: i32,
    pub rs_cycle: i32,
}

pub(crate) const SLA_COLUMNS: &str = "ticket_id, policy_id, calendar_id, warn_percent, raise_priority_on_breach,
    fr_target, fr_counted, fr_phase, fr_at, fr_level, fr_cycle,
    nr_target, nr_counted, nr_phase, nr_at, nr_level, nr_cycle,
    rs_target, rs_counted, rs_phase, rs_at, rs_level, rs_cycle";

fn corrupt(ticket: i64, what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("ticket_sla of ticket {ticket}: {what}").into())
}

/// One clock's columns: target, counted, phase, instant, level, cycle.
pub(crate) type TrackColumns = (Option<i32>, i64, i32, Option<i64>, i32, i32);

fn read_track(ticket: i64, c: TrackColumns) -> StoreResult<Track> {
    let (target, counted, phase, at, level, cycle) = c;
    let at = || at.map(from_unix).ok_or_else(|| corrupt(ticket, "a phase without its instant"));
    let phase = match phase {
        0 => Phase::Idle,
        1 => Phase::Running { since: at()? },
        2 => Phase::Paused,
        3 => Phase::Met { at: at()? },
        _ => return Err(corrupt(ticket, "an unknown phase")),
    };
    Ok(Track {
        clock: Clock {
            target_minutes: target
                .map(|m| u32::try_from(m).map_err(|_| corrupt(ticket, "a negative target")))
                .transpose()?,
            counted_seconds: counted,
            phase,
        },
        level: Level::from_rank(i64::from(level)).ok_or_else(|| corrupt(ticket, "an unknown level"))?,
        cycle: u32::try_from(cycle).map_err(|_| corrupt(ticket, "a negative cycle"))?,
    })
}

pub(crate) fn track_columns(t: &Track) -> TrackColumns {
    let (phase, at) = match t.clock.phase {
        Phase::Idle => (0, None),
        Phase::Running { since } => (1, Some(since.unix_timestamp())),
        Phase::Paused => (2, None),
        Phase::Met { at } => (3, Some(at.unix_timestamp())),
    };
    let target = t.clock.target_minutes.map(|m| i32::try_from(m).unwrap_or(i32::MAX));
    (target, t.clock.counted_seconds, phase, at, t.level.rank() as i32, i32::try_from(t.cycle).unwrap_or(i32::MAX))
}

impl SlaRow {
    pub fn into_domain(self) -> StoreResult<TicketSla> {
        let id = self.ticket_id;
        let targets = Targets {
            first_response: self.fr_target.and_then(|m| u32::try_from(m).ok()),
            next_response: self.nr_target.and_then(|m| u32::try_from(m).ok()),
            resolution: self.rs_target.and_then(|m| u32::try_from(m).ok()),
        };
        Ok(TicketSla {
            terms: Terms {
                policy_id: self.policy_id,
                calendar_id: self.calendar_id,
                targets,
                warn_percent: u8::try_from(self.warn_percent.clamp(1, 99)).unwrap_or(80),
                raise_priority_on_breach: self.raise_priority_on_breach,
            },
            first_response: read_track(
                id,
                (self.fr_target, self.fr_counted, self.fr_phase, self.fr_at, self.fr_level, self.fr_cycle),
            )?,
            next_response: read_track(
                id,
                (self.nr_target, self.nr_counted, self.nr_phase, self.nr_at, self.nr_level, self.nr_cycle),
            )?,
            resolution: read_track(
                id,
                (self.rs_target, self.rs_counted, self.rs_phase, self.rs_at, self.rs_level, self.rs_cycle),
            )?,
        })
    }
}

/// The queue's columns of a summary: (due, warning, paused remainder).
pub fn summary_columns(s: &Summary) -> (i64, i64, Option<i64>) {
    (
        s.due_at.map_or(SLA_NONE, OffsetDateTime::unix_timestamp),
        s.warn_at.map_or(SLA_NONE, OffsetDateTime::unix_timestamp),
        s.paused_left,
    )
}

/// Writes (inserts or replaces) a ticket's clocks with whatever executor is at hand.
macro_rules! save_ticket_sla {
    ($conn:expr, $ticket_id:expr, $sla:expr, $summary:expr) => {{
        let sla: &$crate::domain::sla::ticket::TicketSla = $sla;
        let summary: &$crate::domain::sla::ticket::Summary = $summary;
        let [fr, nr, rs] =
            [&sla.first_response, &sla.next_response, &sla.resolution].map($crate::store::ticket_sla::track_columns);
        sqlx::query(
            "INSERT INTO ticket_sla (ticket_id, policy_id, calendar_id, warn_percent, raise_priority_on_breach,
                 fr_target, fr_counted, fr_phase, fr_at, fr_level, fr_cycle,
                 nr_target, nr_counted, nr_phase, nr_at, nr_level, nr_cycle,
                 rs_target, rs_counted, rs_phase, rs_at, rs_level, rs_cycle, next_escalation_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24)
             ON CONFLICT (ticket_id) DO UPDATE SET policy_id = excluded.policy_id,
                 calendar_id = excluded.calendar_id, warn_percent = excluded.warn_percent,
                 raise_priority_on_breach = excluded.raise_priority_on_breach,
                 fr_target = excluded.fr_target, fr_counted = excluded.fr_counted, fr_phase = excluded.fr_phase,
                 fr_at = excluded.fr_at, fr_level = excluded.fr_level, fr_cycle = excluded.fr_cycle,
                 nr_target = excluded.nr_target, nr_counted = excluded.nr_counted, nr_phase = excluded.nr_phase,
                 nr_at = excluded.nr_at, nr_level = excluded.nr_level, nr_cycle = excluded.nr_cycle,
                 rs_target = excluded.rs_target, rs_counted = excluded.rs_counted, rs_phase = excluded.rs_phase,
                 rs_at = excluded.rs_at, rs_level = excluded.rs_level, rs_cycle = excluded.rs_cycle,
                 next_escalation_at = excluded.next_escalation_at",
        )
        .bind($ticket_id)
        .bind(sla.terms.policy_id)
        .bind(sla.terms.calendar_id)
        .bind(i32::from(sla.terms.warn_percent))
        .bind(sla.terms.raise_priority_on_breach)
        .bind(fr.0)
        .bind(fr.1)
        .bind(fr.2)
        .bind(fr.3)
        .bind(fr.4)
        .bind(fr.5)
        .bind(nr.0)
        .bind(nr.1)
        .bind(nr.2)
        .bind(nr.3)
        .bind(nr.4)
        .bind(nr.5)
        .bind(rs.0)
        .bind(rs.1)
        .bind(rs.2)
        .bind(rs.3)
        .bind(rs.4)
        .bind(rs.5)
        .bind(summary.next_escalation_at.map(time::OffsetDateTime::unix_timestamp))
        .execute(&mut *$conn)
        .await
    }};
}
pub(crate) use save_ticket_sla;

/// Puts a summary beside the ticket.
macro_rules! set_sla_summary {
    ($conn:expr, $ticket_id:expr, $calendar_id:expr, $summary:expr) => {{
        let (due, warn, paused) = $crate::store::ticket_sla::summary_columns($summary);
        sqlx::query("UPDATE tickets SET sla_due_at = $2, sla_warn_at = $3, sla_paused_left = $4, sla_calendar_id = $5 WHERE id = $1")
            .bind($ticket_id)
            .bind(due)
            .bind(warn)
            .bind(paused)
            .bind($calendar_id)
            .execute(&mut *$conn)
            .await
    }};
}
pub(crate) use set_sla_summary;

/// Reads a ticket's clocks, locking the row on PostgreSQL (SQLite's write transaction holds
/// the whole database already).
macro_rules! load_ticket_sla {
    ($conn:expr, $backend:expr, $ticket_id:expr) => {{
        let lock = if $backend == $crate::store::Backend::Postgres { " FOR UPDATE" } else { "" };
        let sql =
            format!("SELECT {} FROM ticket_sla WHERE ticket_id = $1{lock}", $crate::store::ticket_sla::SLA_COLUMNS);
        let row: Option<$crate::store::ticket_sla::SlaRow> =
            sqlx::query_as(&sql).bind($ticket_id).fetch_optional(&mut *$conn).await?;
        row.map($crate::store::ticket_sla::SlaRow::into_domain).transpose()
    }};
}
pub(crate) use load_ticket_sla;

/// What a change does to a ticket's clocks: things that happened, a new policy, or both.
#[derive(Debug, Clone)]
pub struct SlaMove<'a> {
    pub calendars: &'a Calendars,
    pub happenings: Vec<Happening>,
    /// A new priority or service chose these terms (applied before the happenings).
    pub retarget: Option<Terms>,
    pub at: OffsetDateTime,
}

impl SlaMove<'_> {
    fn calendar(&self, id: i64) -> StoreResult<&Calendar> {
        self.calendars.get(&id).ok_or_else(|| sqlx::Error::Protocol(format!("calendar {id} is not in the catalogue")))
    }

    /// Moves the clocks and says where they stand.
    pub fn apply(&self, sla: &mut TicketSla) -> StoreResult<Summary> {
        if let Some(terms) = self.retarget {
            let old = self.calendar(sla.terms.calendar_id)?;
            sla.retarget(terms, old, self.at);
        }
        let calendar = self.calendar(sla.terms.calendar_id)?;
        for h in &self.happenings {
            sla.apply(*h, calendar, self.at);
        }
        Ok(sla.summary(calendar, self.at))
    }
}

/// Applies a move to a ticket's stored clocks inside the caller's transaction; a ticket filed
/// before clocks existed (none stored) is left alone.
macro_rules! move_ticket_sla {
    ($conn:expr, $backend:expr, $ticket_id:expr, $move:expr) => {{
        let step: Option<&$crate::store::ticket_sla::SlaMove<'_>> = $move;
        match step {
            None => Ok::<_, sqlx::Error>(()),
            Some(step) => match $crate::store::ticket_sla::load_ticket_sla!($conn, $backend, $ticket_id)? {
                None => Ok(()),
                Some(mut sla) => {
                    let summary = step.apply(&mut sla)?;
                    $crate::store::ticket_sla::save_ticket_sla!($conn, $ticket_id, &sla, &summary)?;
                    $crate::store::ticket_sla::set_sla_summary!($conn, $ticket_id, sla.terms.calendar_id, &summary)?;
                    Ok(())
                }
            },
        }
    }};
}
pub(crate) use move_ticket_sla;

impl super::Db {
    /// A ticket's clocks, to show them.
    pub async fn ticket_sla(&self, ticket_id: i64) -> StoreResult<Option<TicketSla>> {
        let sql = format!("SELECT {SLA_COLUMNS} FROM ticket_sla WHERE ticket_id = $1");
        let row: Option<SlaRow> =
            super::on_db!(self, |pool| sqlx::query_as(&sql).bind(ticket_id).fetch_optional(pool).await)?;
        row.map(SlaRow::into_domain).transpose()
    }

    /// Open tickets filed before tickets had clocks, with the time of their first public answer
    /// from support, a batch at a time.
    pub async fn open_tickets_without_clocks(
        &self,
        limit: i64,
    ) -> StoreResult<Vec<(super::tickets::TicketRow, Option<i64>)>> {
        let sql = format!(
            "{} WHERE t.status NOT IN ('resolved', 'closed')
               AND NOT EXISTS (SELECT 1 FROM ticket_sla s WHERE s.ticket_id = t.id) ORDER BY t.id LIMIT $1",
            super::tickets::TICKET_SELECT
        );
        let tickets: Vec<super::tickets::TicketRow> =
            super::on_db!(self, |pool| sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)?;
        let mut out = Vec::with_capacity(tickets.len());
        for t in tickets {
            let answered: Option<i64> = super::on_db!(self, |pool| sqlx::query_scalar(
                "SELECT MIN(m.created_at) FROM ticket_messages m JOIN users u ON u.id = m.author_id
                 WHERE m.ticket_id = $1 AND m.internal = $2 AND u.username IS NOT NULL"
            )
            .bind(t.id)
            .bind(false)
            .fetch_one(pool)
            .await)?;
            out.push((t, answered));
        }
        Ok(out)
    }

    /// Gives a ticket its clocks (and the queue their summary).
    pub async fn start_ticket_clocks(&self, ticket_id: i64, sla: &TicketSla, summary: &Summary) -> StoreResult<()> {
        super::in_tx!(self, |tx| {
            save_ticket_sla!(tx, ticket_id, sla, summary)?;
            set_sla_summary!(tx, ticket_id, sla.terms.calendar_id, summary)?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn clocks_survive_their_columns() {
        let terms = Terms {
            policy_id: Some(3),
            calendar_id: 1,
            targets: Targets { first_response: Some(60), next_response: None, resolution: Some(540) },
            warn_percent: 75,
            raise_priority_on_breach: true,
        };
        let cal = Calendar::minsk();
        let mut sla = TicketSla::filed(terms, datetime!(2026-11-24 09:00 +3));
        sla.apply(Happening::StaffReplied, &cal, datetime!(2026-11-24 09:30 +3));
        sla.apply(
            Happening::Status {
                from: crate::domain::ticket::TicketStatus::New,
                to: crate::domain::ticket::TicketStatus::WaitingCustomer,
            },
            &cal,
            datetime!(2026-11-24 09:40 +3),
        );
        let cols = [&sla.first_response, &sla.next_response, &sla.resolution].map(track_columns);
        let row = SlaRow {
            ticket_id: 9,
            policy_id: Some(3),
            calendar_id: 1,
            warn_percent: 75,
            raise_priority_on_breach: true,
            fr_target: cols[0].0,
            fr_counted: cols[0].1,
            fr_phase: cols[0].2,
            fr_at: cols[0].3,
            fr_level: cols[0].4,
            fr_cycle: cols[0].5,
            nr_target: cols[1].0,
            nr_counted: cols[1].1,
            nr_phase: cols[1].2,
            nr_at: cols[1].3,
            nr_level: cols[1].4,
            nr_cycle: cols[1].5,
            rs_target: cols[2].0,
            rs_counted: cols[2].1,
            rs_phase: cols[2].2,
            rs_at: cols[2].3,
            rs_level: cols[2].4,
            rs_cycle: cols[2].5,
        };
        assert_eq!(row.clone().into_domain().unwrap(), sla);
        let broken = SlaRow { rs_phase: 1, rs_at: None, ..row.clone() };
        assert!(broken.into_domain().is_err(), "a running clock without its start is corrupt");
        assert!(SlaRow { fr_level: 7, ..row }.into_domain().is_err());
        let none = summary_columns(&Summary::default());
        assert_eq!(none, (SLA_NONE, SLA_NONE, None));
        assert_eq!(from_unix(SLA_NONE).year(), 9999);
    }
}
