//! Staff accounts as the administration keeps them: who, their role, status, groups.

use super::audit::{insert_audit, AuditEntry};
use super::sessions::{revoke_user_tokens, TokenRevocation};
use super::{in_tx, on_db, Db, StoreResult};
use crate::domain::people::{AccountStatus, Role};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaffAccount {
    pub id: i64,
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub status: AccountStatus,
    pub created_at: i64,
    /// A second factor in use.
    pub second_factor: bool,
    /// Ids of their groups.
    #[sqlx(skip)]
    pub groups: Vec<i64>,
}

impl StaffAccount {
    pub fn name(&self) -> String {
        format!("{} {}", self.last_name, self.first_name).trim().to_string()
    }
}

/// What an administrator may change about a staff member.
#[derive(Debug, Clone)]
pub struct StaffChange {
    pub last_name: String,
    pub first_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub groups: Vec<i64>,
}

const ACCOUNT_SELECT: &str = "SELECT u.id, u.username AS login, u.last_name, u.first_name, u.email, u.role, u.status,
        u.created_at, EXISTS (SELECT 1 FROM staff_second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)
        AS second_factor
    FROM users u WHERE u.username IS NOT NULL";

/// A person's groups become exactly these, inside the caller's transaction.
macro_rules! replace_groups {
    ($tx:expr, $user_id:expr, $groups:expr) => {{
        sqlx::query("DELETE FROM staff_group_members WHERE user_id = $1").bind($user_id).execute(&mut *$tx).await?;
        for group in $groups {
            sqlx::query("INSERT INTO staff_group_members (group_id, user_id) VALUES ($1, $2)")
                .bind(*group)
                .bind($user_id)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use replace_groups;

impl Db {
    /// Every staff account with its groups, by name.
    pub async fn staff_accounts(&self) -> StoreResult<Vec<StaffAccount>> {
        let sql = format!("{ACCOUNT_SELECT} ORDER BY u.last_name, u.first_name, u.id");
        let mut accounts: Vec<StaffAccount> = on_db!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)?;
        let members: Vec<(i64, i64)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT user_id, group_id FROM staff_group_members ORDER BY user_id, group_id"
        )
        .fetch_all(pool)
        .await)?;
        for a in &mut accounts {
            a.groups = members.iter().filter(|(u, _)| *u == a.id).map(|(_, g)| *g).collect();
        }
        Ok(accounts)
    }

    pub async fn staff_account(&self, id: i64) -> StoreResult<Option<StaffAccount>> {
        let sql = format!("{ACCOUNT_SELECT} AND u.id = $1");
        let found: Option<StaffAccount> =
            on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
        let Some(mut account) = found else { return Ok(None) };
        account.groups = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT group_id FROM staff_group_members WHERE user_id = $1 ORDER BY group_id"
        )
        .bind(id)
        .fetch_all(pool)
        .await)?;
        Ok(Some(account))
    }

    /// Names, e-mail, role and groups (replaced as a whole), in one transaction.
    pub async fn change_staff(&self, id: i64, change: &StaffChange, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE users SET last_name = $2, first_name = $3, email = $4, role = $5, notify_by_email = $6
                 WHERE id = $1 AND username IS NOT NULL",
            )
            .bind(id)
            .bind(&change.last_name)
            .bind(&change.first_name)
            .bind(&change.email)
            .bind(change.role)
            .bind(change.email.is_some())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                replace_groups!(tx, id, &change.groups);
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// Blocks (ending every session and token) or unblocks a staff account.
    pub async fn set_staff_status(
        &self,
        id: i64,
        status: AccountStatus,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed =
                sqlx::query("UPDATE users SET status = $2 WHERE id = $1 AND username IS NOT NULL AND status <> $2")
                    .bind(id)
                    .bind(status)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if changed == 1 {
                if status != AccountStatus::Active {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                    revoke_user_tokens!(&mut *tx, id, now, TokenRevocation::PasswordChanged)?;
                }
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// A password the administrator hands over once: it must be changed at the next sign-in;
    /// every session and token of the person ends.
    pub async fn set_one_time_password(&self, id: i64, hash: &str, now: i64, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4
                 WHERE id = $1 AND username IS NOT NULL",
            )
            .bind(id)
            .bind(hash)
            .bind(true)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
                revoke_user_tokens!(&mut *tx, id, now, TokenRevocation::PasswordChanged)?;
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }
}
