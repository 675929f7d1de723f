//! What the operator's ticket workspace reads besides the ticket: the requester's earlier
//! tickets, the people a ticket can be given to, and reply drafts (who else has it open: `presence`).

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

    /// The people with these ids (unknown ids are left out).
    pub async fn staff_choices(&self, ids: &[i64]) -> StoreResult<Vec<StaffChoice>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        on_db!(self, |pool| {
            let mut q = sqlx::QueryBuilder::new("SELECT id, first_name, last_name FROM users WHERE id IN (");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            list.push_unseparated(")");
            q.build_query_as().fetch_all(pool).await
        })
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

/// One active staff member and one of their groups (`None` for someone in no group).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffMembership {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub role: crate::domain::people::Role,
    pub group_id: Option<i64>,
}

/// A group with its names, for choices and timelines.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub code: String,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    /// Out of the choices; still named in the history of its tickets.
    pub archived: bool,
}

impl Db {
    /// Every active staff member with each of their groups, by name.
    pub async fn staff_memberships(&self) -> StoreResult<Vec<StaffMembership>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT u.id, u.first_name, u.last_name, u.role, m.group_id FROM users u
             LEFT JOIN staff_group_members m ON m.user_id = u.id
             WHERE u.role IN ('operator', 'supervisor', 'administrator') AND u.status = 'active'
             ORDER BY u.last_name, u.first_name, u.id, m.group_id"
        )
        .fetch_all(pool)
        .await)
    }

    pub async fn group_rows(&self) -> StoreResult<Vec<GroupRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, code, name_ru, name_be, name_en, (archived_at IS NOT NULL) AS archived
             FROM staff_groups ORDER BY id"
        )
        .fetch_all(pool)
        .await)
    }
}
