//! Staff's second factor as stored: the sealed TOTP secret with the last step accepted,
//! recovery codes as MACs, and the sign-ins waiting for their second step.

use super::audit::{insert_audit, AuditEntry};
use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FactorRow {
    pub user_id: i64,
    pub sealed_secret: Vec<u8>,
    pub nonce: Vec<u8>,
    pub confirmed_at: Option<i64>,
    pub last_step: Option<i64>,
    pub created_at: i64,
}

/// What the second step of a sign-in is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengePurpose {
    /// A code from the app (or a recovery code).
    Code,
    /// No factor yet, but one is required: enrol first.
    Enrol,
}

impl ChallengePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengePurpose::Code => "code",
            ChallengePurpose::Enrol => "enrol",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChallengeRow {
    pub user_id: i64,
    pub purpose: ChallengePurpose,
    /// The lockout counter the sign-in spends attempts of.
    pub login_key: String,
    pub expires_at: i64,
}

impl Db {
    pub async fn second_factor(&self, user_id: i64) -> StoreResult<Option<FactorRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT user_id, sealed_secret, nonce, confirmed_at, last_step, created_at
             FROM staff_second_factors WHERE user_id = $1"
        )
        .bind(user_id)
        .fetch_optional(pool)
        .await)
    }

    /// A new secret waiting for its first code; replaces one not yet confirmed, never a
    /// confirmed one (`false`).
    pub async fn begin_second_factor(&self, user_id: i64, sealed: &[u8], nonce: &[u8], now: i64) -> StoreResult<bool> {
        let changed = on_db!(self, |pool| sqlx::query(
            "INSERT INTO staff_second_factors (user_id, sealed_secret, nonce, confirmed_at, last_step, created_at)
             VALUES ($1, $2, $3, NULL, NULL, $4)
             ON CONFLICT (user_id) DO UPDATE SET sealed_secret = excluded.sealed_secret, nonce = excluded.nonce,
                 created_at = excluded.created_at
             WHERE staff_second_factors.confirmed_at IS NULL"
        )
        .bind(user_id)
        .bind(sealed)
        .bind(nonce)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Takes `step` as used, in one statement: a code is accepted once even when the same one
    /// arrives twice at the same moment. `confirm` also confirms an enrolment.
    pub async fn use_totp_step(&self, user_id: i64, step: i64, now: i64, confirm: bool) -> StoreResult<bool> {
        let changed = on_db!(self, |pool| sqlx::query(
            "UPDATE staff_second_factors SET last_step = $2,
                    confirmed_at = CASE WHEN $4 THEN COALESCE(confirmed_at, $3) ELSE confirmed_at END
             WHERE user_id = $1 AND (last_step IS NULL OR last_step < $2)
               AND (confirmed_at IS NOT NULL OR $4)"
        )
        .bind(user_id)
        .bind(step)
        .bind(now)
        .bind(confirm)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    /// Replaces the person's recovery codes.
    pub async fn set_recovery_codes(&self, user_id: i64, macs: &[Vec<u8>], audit: &AuditEntry) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query("DELETE FROM staff_recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            for mac in macs {
                sqlx::query("INSERT INTO staff_recovery_codes (user_id, code_mac, used_at) VALUES ($1, $2, NULL)")
                    .bind(user_id)
                    .bind(mac)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    /// Spends a recovery code, once.
    pub async fn use_recovery_code(&self, user_id: i64, mac: &[u8], now: i64) -> StoreResult<bool> {
        let changed = on_db!(self, |pool| sqlx::query(
            "UPDATE staff_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_mac = $2 AND used_at IS NULL"
        )
        .bind(user_id)
        .bind(mac)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    pub async fn recovery_codes_left(&self, user_id: i64) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM staff_recovery_codes WHERE user_id = $1 AND used_at IS NULL"
        )
        .bind(user_id)
        .fetch_one(pool)
        .await)
    }

    /// Forgets the person's second factor and recovery codes and ends their sessions: they
    /// enrol again at their next sign-in. `false` when they had none.
    pub async fn reset_second_factor(&self, user_id: i64, audit: &AuditEntry) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let had = sqlx::query("DELETE FROM staff_second_factors WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM staff_recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM login_challenges WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
            insert_audit!(&mut *tx, audit)?;
            had > 0
        }))
    }

    pub async fn open_challenge(
        &self,
        token_hash: &[u8],
        challenge: &ChallengeRow,
        now: i64,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO login_challenges (token_hash, user_id, purpose, login_key, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(challenge.user_id)
            .bind(challenge.purpose.as_str())
            .bind(&challenge.login_key)
            .bind(challenge.expires_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            insert_audit!(&mut *tx, audit)?;
        });
        Ok(())
    }

    /// The pending sign-in behind a token, while it lasts.
    pub async fn challenge(&self, token_hash: &[u8], now: i64) -> StoreResult<Option<ChallengeRow>> {
        let row: Option<(i64, String, String, i64)> = on_db!(self, |pool| {
            sqlx::query_as(
            "SELECT user_id, purpose, login_key, expires_at FROM login_challenges WHERE token_hash = $1 AND expires_at > $2"
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        })?;
        Ok(row.and_then(|(user_id, purpose, login_key, expires_at)| {
            let purpose = match purpose.as_str() {
                "code" => ChallengePurpose::Code,
                "enrol" => ChallengePurpose::Enrol,
                _ => return None,
            };
            Some(ChallengeRow { user_id, purpose, login_key, expires_at })
        }))
    }

    /// Ends a pending sign-in (done, or abandoned); `false` when it was gone already, so two
    /// requests with the same token open one session.
    pub async fn close_challenge(&self, token_hash: &[u8]) -> StoreResult<bool> {
        let gone = on_db!(self, |pool| sqlx::query("DELETE FROM login_challenges WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(gone == 1)
    }

    pub async fn purge_challenges(&self, now: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query("DELETE FROM login_challenges WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }
}
