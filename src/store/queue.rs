//! What support staff see: queues of the groups they belong to (all groups for supervisors).

use super::audit::{insert_audit, AuditEntry};
use super::outbox::{insert_outbox, NewOutbox};
use super::ticket_sla::{move_ticket_sla, SlaMove};
use super::tickets::{record_event, TicketRow, TICKET_SELECT};
use super::visibility::staff_sees;
use super::{in_tx, on_db, Db, StoreResult};
use crate::domain::people::Role;
use crate::domain::ticket::Priority;

/// A staff account as `helpdesk staff list` prints it.
#[derive(Debug, Clone)]
pub struct StaffListing {
    pub login: String,
    pub role: String,
    pub status: String,
    pub email: Option<String>,
    pub groups: Vec<String>,
}

/// Who looks: an operator sees the tickets of their groups, a supervisor all of them.
#[derive(Debug, Clone, Copy)]
pub struct StaffScope {
    pub user_id: i64,
    pub all_groups: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Assigned to me.
    Mine,
    /// Open and nobody's yet.
    Unassigned,
    /// Open in my groups.
    Open,
    /// Waiting for the customer's reply.
    WaitingCustomer,
    /// Every status, for searching and filtering the archive.
    All,
}

impl Db {
    /// The ticket if this staff member may work on it.
    pub async fn staff_ticket(&self, scope: StaffScope, number: &str) -> StoreResult<Option<TicketRow>> {
        // `$1` is bound (and compared to itself) even when every ticket is visible, so the
        // statement always takes the same two arguments.
        let visible = staff_sees(scope, "$1").unwrap_or_else(|| "$1 = $1".into());
        let sql = format!("{TICKET_SELECT} WHERE {visible} AND t.number = $2");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(scope.user_id).bind(number).fetch_optional(pool).await)
    }

    /// Whether the staff member with this scope may see the ticket (an assignee must).
    pub async fn staff_sees_ticket(&self, scope: StaffScope, ticket_id: i64) -> StoreResult<bool> {
        let visible = staff_sees(scope, "$1").unwrap_or_else(|| "$1 = $1".into());
        let sql = format!("SELECT count(*) FROM tickets t WHERE {visible} AND t.id = $2");
        let n: i64 =
            on_db!(self, |pool| sqlx::query_scalar(&sql).bind(scope.user_id).bind(ticket_id).fetch_one(pool).await)?;
        Ok(n > 0)
    }

    /// An active staff member by login, with the groups they belong to.
    pub async fn staff_member(&self, username: &str) -> StoreResult<Option<(i64, Role, Vec<i64>)>> {
        let found: Option<(i64, Role)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, role FROM users WHERE username = $1 AND status = 'active'"
        )
        .bind(username)
        .fetch_optional(pool)
        .await)?;
        let Some((id, role)) = found else { return Ok(None) };
        let groups: Vec<i64> = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT group_id FROM staff_group_members WHERE user_id = $1 ORDER BY group_id"
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;
        Ok(Some((id, role, groups)))
    }

    /// Assigns the ticket (or unassigns with `None`), recording the event.
    pub async fn assign_ticket(
        &self,
        ticket_id: i64,
        actor_id: i64,
        old: Option<i64>,
        new: Option<i64>,
        now: i64,
        notice: Option<&NewOutbox>,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE tickets SET assignee_id = $3, updated_at = $4
                 WHERE id = $1 AND assignee_id IS NOT DISTINCT FROM $2",
            )
            .bind(ticket_id)
            .bind(old)
            .bind(new)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                let (old, new) = (old.map(|v| v.to_string()), new.map(|v| v.to_string()));
                record_event!(&mut *tx, ticket_id, Some(actor_id), now, "assignee", old.as_deref(), new.as_deref())?;
                if let Some(notice) = notice {
                    insert_outbox!(&mut *tx, notice, now)?;
                }
            }
            changed == 1
        }))
    }

    /// Puts a staff member into groups by code; unknown codes are reported back.
    pub async fn set_staff_groups(
        &self,
        user_id: i64,
        codes: &[String],
        audit: &AuditEntry,
    ) -> StoreResult<Vec<String>> {
        Ok(in_tx!(self, |tx| {
            let mut unknown = Vec::new();
            for code in codes {
                let group: Option<i64> = sqlx::query_scalar("SELECT id FROM staff_groups WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&mut *tx)
                    .await?;
                match group {
                    Some(group_id) => {
                        sqlx::query(
                            "INSERT INTO staff_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        )
                        .bind(group_id)
                        .bind(user_id)
                        .execute(&mut *tx)
                        .await?;
                    }
                    None => unknown.push(code.clone()),
                }
            }
            insert_audit!(&mut *tx, audit)?;
            unknown
        }))
    }

    pub async fn staff_group_codes(&self) -> StoreResult<Vec<String>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT code FROM staff_groups ORDER BY id").fetch_all(pool).await)
    }

    /// (login, role, status, comma-separated group codes) of every staff account.
    pub async fn staff_list(&self) -> StoreResult<Vec<StaffListing>> {
        let rows: Vec<(i64, String, String, String, Option<String>)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, username, role, status, email FROM users WHERE username IS NOT NULL ORDER BY username"
        )
        .fetch_all(pool)
        .await)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, login, role, status, email) in rows {
            let groups: Vec<String> = on_db!(self, |pool| sqlx::query_scalar(
                "SELECT g.code FROM staff_group_members m JOIN staff_groups g ON g.id = m.group_id
                 WHERE m.user_id = $1 ORDER BY g.id"
            )
            .bind(id)
            .fetch_all(pool)
            .await)?;
            out.push(StaffListing { login, role, status, email, groups });
        }
        Ok(out)
    }

    pub async fn disable_staff(&self, login: &str, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let id: Option<i64> =
                sqlx::query_scalar("UPDATE users SET status = 'blocked' WHERE username = $1 RETURNING id")
                    .bind(login)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(id) = id {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                let mut audit = audit.clone();
                audit.user_id = Some(id);
                insert_audit!(&mut *tx, &audit)?;
            }
            id.is_some()
        }))
    }

    /// Moves the ticket to another group, service or priority, recording the event. `column` is
    /// one of our own column names, never user input.
    /// `sla` re-applies the policy for the new priority or service.
    pub async fn reclassify(
        &self,
        ticket_id: i64,
        actor_id: Option<i64>,
        change: &Reclassify,
        now: i64,
        sla: Option<&SlaMove<'_>>,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = match change {
                Reclassify::Priority { old, new } => sqlx::query(
                    "UPDATE tickets SET priority = $2, priority_rank = $3, updated_at = $4
                     WHERE id = $1 AND priority = $5",
                )
                .bind(ticket_id)
                .bind(new)
                .bind(new.rank())
                .bind(now)
                .bind(old),
                Reclassify::Group { old_id, new_id, .. } => sqlx::query(
                    "UPDATE tickets SET group_id = $2, updated_at = $3 WHERE id = $1 AND group_id IS NOT DISTINCT FROM $4",
                )
                .bind(ticket_id)
                .bind(new_id)
                .bind(now)
                .bind(old_id),
                Reclassify::Service { old_id, new_id, .. } => sqlx::query(
                    "UPDATE tickets SET service_id = $2, updated_at = $3 WHERE id = $1 AND service_id = $4",
                )
                .bind(ticket_id)
                .bind(new_id)
                .bind(now)
                .bind(old_id),
            }
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                let (field, old, new) = change.event();
                record_event!(&mut *tx, ticket_id, actor_id, now, field, Some(old), Some(new))?;
                move_ticket_sla!(&mut *tx, self.backend(), ticket_id, sla)?;
            }
            changed == 1
        }))
    }

    /// A group tickets may be given to, by code (archived ones are not).
    pub async fn group_by_code(&self, code: &str) -> StoreResult<Option<i64>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT id FROM staff_groups WHERE code = $1 AND archived_at IS NULL")
            .bind(code)
            .fetch_optional(pool)
            .await)
    }

    pub async fn group_code(&self, id: i64) -> StoreResult<Option<String>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT code FROM staff_groups WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await)
    }
}

/// One change of how a ticket is classified.
#[derive(Debug, Clone)]
pub enum Reclassify {
    Priority { old: Priority, new: Priority },
    Group { old_id: Option<i64>, new_id: i64, old_code: String, new_code: String },
    Service { old_id: i64, new_id: i64, old_code: String, new_code: String },
}

impl Reclassify {
    fn event(&self) -> (&'static str, &str, &str) {
        match self {
            Reclassify::Priority { old, new } => ("priority", old.as_str(), new.as_str()),
            Reclassify::Group { old_code, new_code, .. } => ("group", old_code, new_code),
            Reclassify::Service { old_code, new_code, .. } => ("service", old_code, new_code),
        }
    }
}
