//! People: customers (login = phone) and staff (login = username).

use super::audit::{insert_audit, AuditEntry};
use super::outbox::{insert_outbox, NewOutbox};
use super::sessions::{revoke_user_tokens, TokenRevocation};
use super::{in_tx, on_db, Db, StoreResult};
use crate::domain::people::{AccountStatus, Role};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub phone: Option<String>,
    pub username: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub status: AccountStatus,
    pub must_change_password: bool,
    pub notify_by_email: bool,
    pub created_at: i64,
    pub password_changed_at: i64,
    /// `ru`, `be` or `en`: the language notices are written in.
    pub lang: String,
    /// The newest publication of a document the person's consents cover.
    pub documents_accepted_at: i64,
}

pub(crate) const USER_COLUMNS: &str = "id, phone, username, last_name, first_name, middle_name, email, password_hash,
    role, status, must_change_password, notify_by_email, created_at, password_changed_at, lang, documents_accepted_at";

/// What a person may change about themselves in the cabinet.
#[derive(Debug, Clone, Copy)]
pub struct ProfileUpdate<'a> {
    pub last_name: &'a str,
    pub first_name: &'a str,
    pub middle_name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub notify_by_email: bool,
}

#[derive(Debug, Clone)]
pub struct NewStaff {
    pub username: String,
    pub last_name: String,
    pub first_name: String,
    pub role: String,
    /// For assignment e-mails.
    pub email: Option<String>,
    pub password_hash: String,
    /// Group ids.
    pub groups: Vec<i64>,
    /// A password made by the portal, to be changed at the first sign-in.
    pub must_change_password: bool,
}

impl Db {
    pub async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
    }

    pub async fn user_by_phone(&self, e164: &str) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(e164).fetch_optional(pool).await)
    }

    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(username).fetch_optional(pool).await)
    }

    pub async fn update_profile(&self, user_id: i64, p: &ProfileUpdate<'_>, audit: &AuditEntry) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "UPDATE users SET last_name = $2, first_name = $3, middle_name = $4, email = $5, notify_by_email = $6
                 WHERE id = $1",
            )
            .bind(user_id)
            .bind(p.last_name)
            .bind(p.first_name)
            .bind(p.middle_name)
            .bind(p.email)
            .bind(p.notify_by_email)
            .execute(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    /// Replaces the password, ends every session but `keep_session` and revokes every API token;
    /// `tokens_notice` tells the owner when there were tokens to revoke. Returns how many were.
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        now: i64,
        keep_session: Option<i64>,
        tokens_notice: Option<&NewOutbox>,
        audit: &AuditEntry,
    ) -> StoreResult<u64> {
        Ok(in_tx!(self, |tx| {
            sqlx::query(
                "UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4 WHERE id = $1",
            )
            .bind(user_id)
            .bind(password_hash)
            .bind(false)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR id <> $2)")
                .bind(user_id)
                .bind(keep_session)
                .execute(&mut *tx)
                .await?;
            let revoked = revoke_user_tokens!(&mut *tx, user_id, now, TokenRevocation::PasswordChanged)?;
            if let Some(notice) = tokens_notice.filter(|_| revoked > 0) {
                insert_outbox!(&mut *tx, notice, now)?;
            }
            insert_audit!(&mut *tx, audit)?;
            revoked
        }))
    }

    pub async fn create_staff(&self, staff: &NewStaff, now: i64, audit: &AuditEntry) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, last_name, first_name, password_hash, role, status,
                                    must_change_password, created_at, password_changed_at, email, notify_by_email)
                 VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $7, $8, $9) RETURNING id",
            )
            .bind(&staff.username)
            .bind(&staff.last_name)
            .bind(&staff.first_name)
            .bind(&staff.password_hash)
            .bind(&staff.role)
            .bind(staff.must_change_password)
            .bind(now)
            .bind(&staff.email)
            .bind(staff.email.is_some())
            .fetch_one(&mut *tx)
            .await?;
            super::staff::replace_groups!(tx, id, &staff.groups);
            let mut audit = audit.clone();
            // The command line acts for no one: the entry is then the new account's.
            audit.user_id = audit.user_id.or(Some(id));
            insert_audit!(&mut *tx, &audit)?;
            id
        }))
    }

    /// Remembers the language the person chose, for notices sent later.
    pub async fn set_user_lang(&self, user_id: i64, lang: &str) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("UPDATE users SET lang = $2 WHERE id = $1 AND lang <> $2")
            .bind(user_id)
            .bind(lang)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Blocks the account, marks every consent withdrawn and ends all sessions.
    pub async fn withdraw_consent_and_block(&self, user_id: i64, now: i64, audit: &AuditEntry) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query("UPDATE consents SET withdrawn_at = $2 WHERE user_id = $1 AND withdrawn_at IS NULL")
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE users SET status = 'blocked' WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }
}
