//! Fixed-window counters shared by all instances (SMS caps, per-IP login limits) and the
//! per-login failure counter behind growing lockouts.

use super::{on_db, Db, StoreResult};

/// What spending a login attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginAttempt {
    /// The password may be checked; `failures` counts this attempt, and `locks` tells that the
    /// login is locked from now on unless it succeeds.
    Allowed { failures: i64, locks: bool },
    /// Locked until then (unix seconds); nothing was spent.
    Locked { until: i64 },
}

impl Db {
    /// Counts one more event in the window starting at `window_start` and returns the count.
    pub async fn count_in_window(&self, key: &str, window_start: i64) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar(
            "INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN rate_counters.window_start = excluded.window_start
                             THEN rate_counters.count + 1 ELSE 1 END,
                window_start = excluded.window_start
             RETURNING count"
        )
        .bind(key)
        .bind(window_start)
        .fetch_one(pool)
        .await)
    }

    /// The count without adding to it.
    pub async fn peek_window(&self, key: &str, window_start: i64) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT count FROM rate_counters WHERE key = $1 AND window_start = $2"
        )
        .bind(key)
        .bind(window_start)
        .fetch_optional(pool)
        .await
        .map(|c| c.unwrap_or(0)))
    }

    /// Spends one attempt of this login before its password is checked, in one step that no
    /// concurrent attempt can slip between: a locked login spends nothing and gets `Locked`;
    /// otherwise the attempt counts as a failure until a success clears the counter, and an
    /// attempt that reaches the limit sets the lock at once (`lock_for` turns the count into
    /// its end), so parallel guesses find it locked instead of all being checked.
    pub async fn spend_login_attempt(
        &self,
        login_key: &str,
        now: i64,
        lock_for: impl Fn(i64) -> Option<i64>,
    ) -> StoreResult<LoginAttempt> {
        Ok(super::in_tx!(self, |tx| {
            let spent: Option<i64> = sqlx::query_scalar(
                "INSERT INTO login_throttle (login_key, failures, updated_at) VALUES ($1, 1, $2)
                 ON CONFLICT (login_key) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = $2
                 WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $2
                 RETURNING failures",
            )
            .bind(login_key)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            match spent {
                None => {
                    let until: Option<i64> =
                        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE login_key = $1")
                            .bind(login_key)
                            .fetch_one(&mut *tx)
                            .await?;
                    LoginAttempt::Locked { until: until.unwrap_or(now) }
                }
                Some(failures) => {
                    let locked_until = lock_for(failures);
                    sqlx::query("UPDATE login_throttle SET locked_until = $2 WHERE login_key = $1")
                        .bind(login_key)
                        .bind(locked_until)
                        .execute(&mut *tx)
                        .await?;
                    LoginAttempt::Allowed { failures, locks: locked_until.is_some() }
                }
            }
        }))
    }

    pub async fn clear_login_throttle(&self, login_key: &str) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("DELETE FROM login_throttle WHERE login_key = $1")
            .bind(login_key)
            .execute(pool)
            .await
            .map(|_| ()))
    }
}
