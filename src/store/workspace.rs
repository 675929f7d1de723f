//! What the operator's ticket workspace reads besides the ticket: the requester's earlier
//! tickets, the people a ticket can be given to, reply drafts and who else has the ticket open.

use super::queue::StaffScope;
use super::tickets::{TicketRow, TICKET_SELECT};
use super::visibility::staff_sees;
use super::{on_db, Db, StoreResult};

/// A staff member as a choice in the assignee drop-down.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffChoice {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
}

impl StaffChoice {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

/// Someone else with the ticket open, seen within the presence window.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Present {
    pub user_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub writing: bool,
}

impl Db {
    /// The latest tickets of `requester` other than `except`, that this staff member may open.
    pub async fn requester_history(
        &self,
        scope: StaffScope,
        requester: i64,
        except: i64,
        limit: i64,
    ) -> StoreResult<Vec<TicketRow>> {
        let visible = staff_sees(scope, "$1").unwrap_or_else(|| "$1 = $1".into());
        let sql = format!(
            "{TICKET_SELECT} WHERE {visible} AND t.requester_id = $2 AND t.id <> $3
             ORDER BY t.updated_at DESC, t.id DESC LIMIT $4"
        );
        on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(scope.user_id)
            .bind(requester)
            .bind(except)
            .bind(limit)
            .fetch_all(pool)
            .await)
    }

    /// The latest tickets filed for `organization` by other people than `requester`.
    pub async fn organization_history(
        &self,
        scope: StaffScope,
        organization: i64,
        requester: i64,
        limit: i64,
    ) -> StoreResult<Vec<TicketRow>> {
        let visible = staff_sees(scope, "$1").unwrap_or_else(|| "$1 = $1".into());
        let sql = format!(
            "{TICKET_SELECT} WHERE {visible} AND t.organization_id = $2 AND t.requester_id <> $3
             ORDER BY t.updated_at DESC, t.id DESC LIMIT $4"
        );
        on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(scope.user_id)
            .bind(organization)
            .bind(requester)
            .bind(limit)
            .fetch_all(pool)
            .await)
    }

    /// Active staff who may be given a ticket of this group: its members, and supervisors and
    /// administrators, who see every group.
    pub async fn assignable_staff(&self, group: Option<i64>) -> StoreResult<Vec<StaffChoice>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT u.id, u.first_name, u.last_name FROM users u
             WHERE u.role IN ('operator', 'supervisor', 'administrator') AND u.status = 'active'
                AND (u.role <> 'operator' OR u.id IN (SELECT user_id FROM staff_group_members WHERE group_id = $1))
             ORDER BY u.last_name, u.first_name, u.id"
        )
        .bind(group)
        .fetch_all(pool)
        .await)
    }

    /// Every active staff member: the bulk assignment's choices (each ticket then checks its own).
    pub async fn active_staff(&self) -> StoreResult<Vec<StaffChoice>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, first_name, last_name FROM users
             WHERE role IN ('operator', 'supervisor', 'administrator') AND status = 'active'
             ORDER BY last_name, first_name, id"
        )
        .fetch_all(pool)
        .await)
    }

    pub async fn staff_choice(&self, id: i64) -> StoreResult<Option<StaffChoice>> {
        on_db!(self, |pool| sqlx::query_as("SELECT id, first_name, last_name FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await)
    }

    pub async fn reply_draft(&self, ticket: i64, user: i64) -> StoreResult<Option<String>> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT body FROM reply_drafts WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket)
            .bind(user)
            .fetch_optional(pool)
            .await)
    }

    /// Keeps the text; an empty one removes the draft.
    pub async fn save_reply_draft(&self, ticket: i64, user: i64, body: &str, now: i64) -> StoreResult<()> {
        if body.trim().is_empty() {
            return self.discard_reply_draft(ticket, user).await;
        }
        on_db!(self, |pool| sqlx::query(
            "INSERT INTO reply_drafts (ticket_id, user_id, body, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (ticket_id, user_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at"
        )
        .bind(ticket)
        .bind(user)
        .bind(body)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ()))
    }

    pub async fn discard_reply_draft(&self, ticket: i64, user: i64) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("DELETE FROM reply_drafts WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket)
            .bind(user)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Records that `user` has the ticket open (and whether they are writing) at `now`, and
    /// answers who else was seen there since `since`.
    pub async fn touch_presence(
        &self,
        ticket: i64,
        user: i64,
        writing: bool,
        now: i64,
        since: i64,
    ) -> StoreResult<Vec<Present>> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO ticket_presence (ticket_id, user_id, writing, seen_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (ticket_id, user_id) DO UPDATE SET writing = excluded.writing, seen_at = excluded.seen_at",
            )
            .bind(ticket)
            .bind(user)
            .bind(writing)
            .bind(now)
            .execute(pool)
            .await?;
            sqlx::query_as(
                "SELECT p.user_id, u.first_name, u.last_name, p.writing FROM ticket_presence p
                 JOIN users u ON u.id = p.user_id
                 WHERE p.ticket_id = $1 AND p.user_id <> $2 AND p.seen_at >= $3
                 ORDER BY u.last_name, u.first_name",
            )
            .bind(ticket)
            .bind(user)
            .bind(since)
            .fetch_all(pool)
            .await
        })
    }

    /// Leaving the page (or the stale rows housekeeping sweeps).
    pub async fn forget_presence(&self, ticket: i64, user: i64) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("DELETE FROM ticket_presence WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket)
            .bind(user)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    pub async fn purge_presence_before(&self, before: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query("DELETE FROM ticket_presence WHERE seen_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }

    /// Public messages by other people than `me` after message `after`: what a reply about to
    /// be sent has not seen.
    pub async fn replies_since(&self, ticket: i64, after: i64, me: i64) -> StoreResult<Vec<(String, String)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT u.first_name, u.last_name FROM ticket_messages m JOIN users u ON u.id = m.author_id
             WHERE m.ticket_id = $1 AND m.id > $2 AND m.author_id <> $3 AND m.internal = $4 ORDER BY m.id"
        )
        .bind(ticket)
        .bind(after)
        .bind(me)
        .bind(false)
        .fetch_all(pool)
        .await)
    }
}
