//! Login sessions: only a hash of the token is stored.

use super::audit::{insert_audit, AuditEntry};
use super::users::UserRow;
use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: i64,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

const SESSION_SELECT: &str = "SELECT id, user_id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions";

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: Vec<u8>,
    pub user_id: i64,
    pub now: i64,
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Db {
    /// Opens a session, clears the login's failure counter and records the login.
    pub async fn open_session(&self, s: &NewSession, login_key: &str, audit: &AuditEntry) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
                 VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&s.token_hash)
            .bind(s.user_id)
            .bind(s.now)
            .bind(s.expires_at)
            .bind(&s.ip)
            .bind(&s.user_agent)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM login_throttle WHERE login_key = $1").bind(login_key).execute(&mut *tx).await?;
            insert_audit!(&mut *tx, audit)?;
            id
        }))
    }

    /// The session and its user, when the token is known and the session not expired.
    pub async fn session_by_token(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<(SessionRow, UserRow)>> {
        let sql = format!("{SESSION_SELECT} WHERE token_hash = $1 AND expires_at > $2");
        let found = on_db!(self, |pool| sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(pool).await)?;
        self.with_user(found).await
    }

    /// The session by id and its user, when it has not ended or expired.
    pub async fn session_by_id(&self, id: i64, now: i64) -> StoreResult<Option<(SessionRow, UserRow)>> {
        let sql = format!("{SESSION_SELECT} WHERE id = $1 AND expires_at > $2");
        let found = on_db!(self, |pool| sqlx::query_as(&sql).bind(id).bind(now).fetch_optional(pool).await)?;
        self.with_user(found).await
    }

    async fn with_user(&self, session: Option<SessionRow>) -> StoreResult<Option<(SessionRow, UserRow)>> {
        let Some(session) = session else { return Ok(None) };
        Ok(self.user_by_id(session.user_id).await?.map(|user| (session, user)))
    }

    pub async fn touch_session(&self, id: i64, now: i64) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    pub async fn sessions_of(&self, user_id: i64, now: i64) -> StoreResult<Vec<SessionRow>> {
        let sql = format!("{SESSION_SELECT} WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(user_id).bind(now).fetch_all(pool).await)
    }

    /// Ends one session of the user; false when there was none with that id.
    pub async fn end_session(&self, user_id: i64, session_id: i64, audit: Option<&AuditEntry>) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let gone = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
                .bind(session_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if let (Some(entry), true) = (audit, gone > 0) {
                insert_audit!(&mut *tx, entry)?;
            }
            gone > 0
        }))
    }

    pub async fn purge_expired_sessions(&self, now: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }

    pub async fn create_api_token(&self, t: &NewApiToken<'_>, audit: &AuditEntry) -> StoreResult<i64> {
        Ok(in_tx!(self, |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(t.user_id)
            .bind(t.name)
            .bind(t.token_hash)
            .bind(t.now)
            .bind(t.expires_at)
            .fetch_one(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, audit)?;
            id
        }))
    }

    pub async fn revoke_api_token(&self, user_id: i64, id: i64, now: i64, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $3, revoked_reason = $4
                 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
            .bind(TokenRevocation::Owner.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                insert_audit!(&mut *tx, audit)?;
            }
            changed == 1
        }))
    }

    /// The user's tokens that still work, oldest first.
    pub async fn api_tokens_of(&self, user_id: i64, now: i64) -> StoreResult<Vec<ApiTokenRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT id, name, created_at, last_used_at, expires_at FROM api_tokens
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY id"
        )
        .bind(user_id)
        .bind(now)
        .fetch_all(pool)
        .await)
    }

    /// When the user's tokens were last revoked by a password change or reset, and how many.
    pub async fn tokens_revoked_by_password(&self, user_id: i64) -> StoreResult<Option<(i64, i64)>> {
        on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT revoked_at, COUNT(*) FROM api_tokens
             WHERE user_id = $1 AND revoked_reason IN ($2, $3)
               AND revoked_at = (SELECT MAX(revoked_at) FROM api_tokens WHERE user_id = $1 AND revoked_reason IN ($2, $3))
             GROUP BY revoked_at"
        )
        .bind(user_id)
        .bind(TokenRevocation::PasswordChanged.as_str())
        .bind(TokenRevocation::PasswordReset.as_str())
        .fetch_optional(pool)
        .await
        })
    }

    /// The owner of a live, unexpired token and the token's id; notes its use (once a minute at most).
    pub async fn user_by_api_token(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<(i64, UserRow)>> {
        let found: Option<(i64, i64, Option<i64>)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, user_id, last_used_at FROM api_tokens
             WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2"
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await)?;
        let Some((id, user_id, last_used)) = found else { return Ok(None) };
        if last_used.is_none_or(|t| now - t >= 60) {
            on_db!(self, |pool| sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ()))?;
        }
        Ok(self.user_by_id(user_id).await?.map(|user| (id, user)))
    }
}

#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a [u8],
    pub now: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub expires_at: i64,
}

/// Why a token stopped working before its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRevocation {
    /// Its owner revoked it in the cabinet.
    Owner,
    PasswordChanged,
    PasswordReset,
}

impl TokenRevocation {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenRevocation::Owner => "owner",
            TokenRevocation::PasswordChanged => "password_changed",
            TokenRevocation::PasswordReset => "password_reset",
        }
    }
}

/// Revokes every live, unexpired token of a user inside the caller's transaction; the number revoked.
macro_rules! revoke_user_tokens {
    ($conn:expr, $user_id:expr, $now:expr, $reason:expr) => {{
        let reason: $crate::store::sessions::TokenRevocation = $reason;
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2, revoked_reason = $3
             WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind($user_id)
        .bind($now)
        .bind(reason.as_str())
        .execute($conn)
        .await
        .map(|r| r.rows_affected())
    }};
}
pub(crate) use revoke_user_tokens;
