//! The escalation sweeper's storage: which tickets may owe an announcement, and writing one
//! ticket's announcements with its new clocks in one transaction, so each is made once.

use super::outbox::{insert_outbox, NewOutbox};
use super::ticket_sla::{load_ticket_sla, save_ticket_sla, set_sla_summary};
use super::tickets::{record_event, TicketRow, TICKET_SELECT};
use super::users::UserRow;
use super::{in_tx, on_db, Db, StoreResult};
use crate::domain::sla::ticket::{Escalation, Level, Summary, TicketSla};
use crate::domain::ticket::Priority;

/// What one ticket's sweep writes.
#[derive(Debug, Clone)]
pub struct EscalationWrite {
    pub sla: TicketSla,
    pub summary: Summary,
    pub made: Vec<Escalation>,
    /// A breach raised the priority (old, new).
    pub raised: Option<(Priority, Priority)>,
    pub notices: Vec<NewOutbox>,
}

impl Escalation {
    /// The timeline's field for it.
    pub fn event_field(&self) -> &'static str {
        match self.level {
            Level::Breached => "sla_breach",
            _ => "sla_warning",
        }
    }
}

impl Db {
    /// Tickets whose clocks may owe an announcement at `now`, soonest first.
    pub async fn sla_escalation_candidates(&self, now: i64, limit: i64) -> StoreResult<Vec<i64>> {
        on_db!(self, |pool| sqlx::query_scalar(
            "SELECT ticket_id FROM ticket_sla WHERE next_escalation_at IS NOT NULL AND next_escalation_at <= $1
             ORDER BY next_escalation_at LIMIT $2"
        )
        .bind(now)
        .bind(limit)
        .fetch_all(pool)
        .await)
    }

    /// Locks the ticket and its clocks, lets `decide` say what is owed, and writes it: events,
    /// the priority, the clocks and the notices together. `None` when the ticket has no clocks.
    pub async fn escalate_ticket<F>(&self, ticket_id: i64, now: i64, decide: F) -> StoreResult<Option<EscalationWrite>>
    where
        F: FnOnce(&TicketRow, TicketSla) -> StoreResult<EscalationWrite>,
    {
        let backend = self.backend();
        let lock = if backend == super::Backend::Postgres { " FOR UPDATE OF t" } else { "" };
        let select = format!("{TICKET_SELECT} WHERE t.id = $1{lock}");
        Ok(in_tx!(self, |tx| {
            let ticket: Option<TicketRow> = sqlx::query_as(&select).bind(ticket_id).fetch_optional(&mut *tx).await?;
            let Some(ticket) = ticket else { return Ok(None) };
            let Some(sla) = load_ticket_sla!(tx, backend, ticket_id)? else { return Ok(None) };
            let write = decide(&ticket, sla)?;
            for e in &write.made {
                record_event!(&mut *tx, ticket_id, None, now, e.event_field(), None, Some(e.target.as_str()))?;
            }
            if let Some((old, new)) = write.raised {
                let changed = sqlx::query(
                    "UPDATE tickets SET priority = $2, priority_rank = $3, updated_at = $4 WHERE id = $1 AND priority = $5",
                )
                .bind(ticket_id)
                .bind(new)
                .bind(new.rank())
                .bind(now)
                .bind(old)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 1 {
                    record_event!(&mut *tx, ticket_id, None, now, "priority", Some(old.as_str()), Some(new.as_str()))?;
                }
            }
            save_ticket_sla!(tx, ticket_id, &write.sla, &write.summary)?;
            set_sla_summary!(tx, ticket_id, write.sla.terms.calendar_id, &write.summary)?;
            for notice in &write.notices {
                insert_outbox!(&mut *tx, notice, now)?;
            }
            Some(write)
        }))
    }

    /// Active supervisors who belong to the group, or every active supervisor when none does:
    /// whom a breach is reported to.
    pub async fn group_supervisors(&self, group: Option<i64>) -> StoreResult<Vec<UserRow>> {
        let sql = format!(
            "SELECT {} FROM users WHERE role = 'supervisor' AND status = 'active'
               AND ($1 IS NULL OR id IN (SELECT user_id FROM staff_group_members WHERE group_id = $1)) ORDER BY id",
            super::users::USER_COLUMNS
        );
        let members: Vec<UserRow> = on_db!(self, |pool| sqlx::query_as(&sql).bind(group).fetch_all(pool).await)?;
        if !members.is_empty() || group.is_none() {
            return Ok(members);
        }
        on_db!(self, |pool| sqlx::query_as(&sql).bind(None::<i64>).fetch_all(pool).await)
    }
}
