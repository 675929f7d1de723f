//! Messages waiting to be delivered (DESIGN §7): written in the same transaction as the
//! change that caused them, claimed by a worker with a lease, delivered at least once
//! and deduplicated downstream by `idempotency_key`.

use super::{in_tx, on_db, Db, StoreResult};

#[derive(Debug, Clone)]
pub struct NewOutbox {
    pub channel: &'static str,
    pub recipient: String,
    pub purpose: &'static str,
    /// The full text; cleared once delivered because it may carry a code or a password.
    pub body: String,
    /// The same text with secrets masked, kept for the SMS log.
    pub masked_body: String,
    pub idempotency_key: String,
}

impl NewOutbox {
    /// Codes and passwords (someone is waiting at a form) go before notices.
    pub fn priority(&self) -> i64 {
        match self.purpose {
            "registration_code" | "password_reset_code" | "password" | "already_registered" => 0,
            _ => 1,
        }
    }
}

/// Which messages a worker's lane claims: each instance runs both, so a code is never stuck
/// behind a batch of notices at a slow gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Codes and passwords (priority 0).
    Urgent,
    /// Notices about tickets and accounts.
    Notices,
}

impl Lane {
    fn priorities(self) -> (i64, i64) {
        match self {
            Lane::Urgent => (0, 0),
            Lane::Notices => (1, i64::MAX),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub purpose: String,
    pub body: Option<String>,
    pub masked_body: String,
    pub idempotency_key: String,
    pub attempts: i64,
    pub created_at: i64,
    pub priority: i64,
}

macro_rules! insert_outbox {
    ($conn:expr, $msg:expr, $now:expr) => {{
        let msg: &$crate::store::outbox::NewOutbox = $msg;
        let now: i64 = $now;
        sqlx::query(
            "INSERT INTO outbox (channel, recipient, purpose, body, masked_body, idempotency_key,
                                 status, attempts, next_attempt_at, created_at, priority)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $8)
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(msg.channel)
        .bind(&msg.recipient)
        .bind(msg.purpose)
        .bind(&msg.body)
        .bind(&msg.masked_body)
        .bind(&msg.idempotency_key)
        .bind(now)
        .bind(msg.priority())
        .execute($conn)
        .await
    }};
}
pub(crate) use insert_outbox;

/// Claims due messages of the priorities `$4`–`$6` for a lease in the owner's name, oldest
/// first. PostgreSQL skips rows another worker is claiming.
fn claim_sql(backend: super::Backend) -> String {
    let skip_locked = if backend == super::Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    format!(
        "UPDATE outbox SET locked_until = $1, lease_owner = $5, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox
                      WHERE status = 'pending' AND priority BETWEEN $4 AND $6 AND next_attempt_at <= $2
                        AND (locked_until IS NULL OR locked_until <= $2)
                      ORDER BY priority, id LIMIT $3{skip_locked})
         RETURNING id, channel, recipient, purpose, body, masked_body, idempotency_key, attempts, created_at, priority"
    )
}

impl Db {
    pub async fn enqueue(&self, msg: &NewOutbox, now: i64) -> StoreResult<()> {
        on_db!(self, |pool| insert_outbox!(pool, msg, now).map(|_| ()))
    }

    /// Takes up to `limit` due messages of the lane for `lease_seconds` in `owner`'s name; a
    /// worker that dies loses the lease and another one picks the messages up again.
    pub async fn claim_outbox(
        &self,
        now: i64,
        lease_seconds: i64,
        limit: i64,
        lane: Lane,
        owner: &str,
    ) -> StoreResult<Vec<OutboxRow>> {
        let (min_priority, max_priority) = lane.priorities();
        // A read first: an idle lane (woken by every new ticket, say) then costs no turn at
        // SQLite's single writer.
        let due: Option<i64> = on_db!(self, |pool| sqlx::query_scalar(
            "SELECT id FROM outbox
             WHERE status = 'pending' AND priority BETWEEN $1 AND $2 AND next_attempt_at <= $3
               AND (locked_until IS NULL OR locked_until <= $3)
             LIMIT 1"
        )
        .bind(min_priority)
        .bind(max_priority)
        .bind(now)
        .fetch_optional(pool)
        .await)?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let sql = claim_sql(self.backend());
        let mut rows: Vec<OutboxRow> = on_db!(self, |pool| sqlx::query_as(&sql)
            .bind(now + lease_seconds)
            .bind(now)
            .bind(limit)
            .bind(min_priority)
            .bind(owner)
            .bind(max_priority)
            .fetch_all(pool)
            .await)?;
        rows.sort_by_key(|r| (r.priority, r.id));
        Ok(rows)
    }

    /// Keeps the owner's leases alive while it is still sending them.
    pub async fn renew_outbox_lease(&self, owner: &str, until: i64) -> StoreResult<u64> {
        on_db!(self, |pool| sqlx::query(
            "UPDATE outbox SET locked_until = $2 WHERE lease_owner = $1 AND status = 'pending'"
        )
        .bind(owner)
        .bind(until)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
    }

    /// Marks delivered messages in one transaction (one commit for a whole batch). The notice
    /// that a person's data is erased (`data_erased`) is the last thing that knew their number
    /// or address: once it is out, its row forgets them.
    pub async fn outbox_sent_many(&self, ids: &[i64], now: i64) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        in_tx!(self, |tx| {
            for id in ids {
                sqlx::query(
                    "UPDATE outbox SET status = 'sent', sent_at = $2, body = NULL, locked_until = NULL,
                            lease_owner = NULL, last_error = NULL,
                            recipient = CASE WHEN purpose = 'data_erased' THEN 'erased' ELSE recipient END
                     WHERE id = $1",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Brings forward the next attempt of the channel's messages that failed and wait for it
    /// (a message of the channel just went out); the count. Looked for first, so that the usual
    /// case, with nothing waiting, takes no write lock.
    pub async fn outbox_resume_after_outage(&self, channel: &str, now: i64) -> StoreResult<u64> {
        let waiting = "status = 'pending' AND channel = $1 AND next_attempt_at > $2 AND last_error IS NOT NULL";
        let any: Option<i64> = on_db!(self, |pool| {
            sqlx::query_scalar(&format!("SELECT id FROM outbox WHERE {waiting} LIMIT 1"))
                .bind(channel)
                .bind(now)
                .fetch_optional(pool)
                .await
        })?;
        if any.is_none() {
            return Ok(0);
        }
        let resumed = on_db!(self, |pool| {
            sqlx::query(&format!("UPDATE outbox SET next_attempt_at = $2 WHERE {waiting}"))
                .bind(channel)
                .bind(now)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(resumed)
    }

    /// Schedules another attempt, or gives up (`retry_at = None`) and clears the secret text.
    pub async fn outbox_failed(&self, id: i64, error: &str, retry_at: Option<i64>) -> StoreResult<()> {
        on_db!(self, |pool| {
            match retry_at {
                Some(at) => sqlx::query(
                    "UPDATE outbox SET next_attempt_at = $2, last_error = $3, locked_until = NULL, lease_owner = NULL
                 WHERE id = $1",
                )
                .bind(id)
                .bind(at)
                .bind(error)
                .execute(pool)
                .await
                .map(|_| ()),
                None => sqlx::query(
                    "UPDATE outbox SET status = 'failed', body = NULL, last_error = $2, locked_until = NULL,
                        lease_owner = NULL,
                        recipient = CASE WHEN purpose = 'data_erased' THEN 'erased' ELSE recipient END
                 WHERE id = $1",
                )
                .bind(id)
                .bind(error)
                .execute(pool)
                .await
                .map(|_| ()),
            }
        })
    }

    /// What waits for delivery now: how many, and since when the oldest (for `/metrics`).
    pub async fn outbox_now(&self, now: i64) -> StoreResult<crate::metrics::OutboxNow> {
        let (pending, oldest): (i64, Option<i64>) = on_db!(self, |pool| sqlx::query_as(
            "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'"
        )
        .fetch_one(pool)
        .await)?;
        Ok(crate::metrics::OutboxNow { pending, oldest_age_seconds: oldest.map_or(0, |at| (now - at).max(0)) })
    }

    pub async fn outbox_depth(&self) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
            .fetch_one(pool)
            .await)
    }
}
