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
}

macro_rules! insert_outbox {
    ($conn:expr, $msg:expr, $now:expr) => {{
        let msg: &$crate::store::outbox::NewOutbox = $msg;
        let now: i64 = $now;
        sqlx::query(
            "INSERT INTO outbox (channel, recipient, purpose, body, masked_body, idempotency_key,
                                 status, attempts, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(msg.channel)
        .bind(&msg.recipient)
        .bind(msg.purpose)
        .bind(&msg.body)
        .bind(&msg.masked_body)
        .bind(&msg.idempotency_key)
        .bind(now)
        .execute($conn)
        .await
    }};
}
pub(crate) use insert_outbox;

const CLAIM_SQLITE: &str = "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
     WHERE id IN (SELECT id FROM outbox
                  WHERE status = 'pending' AND next_attempt_at <= $2
                    AND (locked_until IS NULL OR locked_until <= $2)
                  ORDER BY id LIMIT $3)
     RETURNING id, channel, recipient, purpose, body, masked_body, idempotency_key, attempts, created_at";

const CLAIM_POSTGRES: &str = "UPDATE outbox SET locked_until = $1, attempts = attempts + 1
     WHERE id IN (SELECT id FROM outbox
                  WHERE status = 'pending' AND next_attempt_at <= $2
                    AND (locked_until IS NULL OR locked_until <= $2)
                  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, channel, recipient, purpose, body, masked_body, idempotency_key, attempts, created_at";

impl Db {
    pub async fn enqueue(&self, msg: &NewOutbox, now: i64) -> StoreResult<()> {
        on_db!(self, |pool| insert_outbox!(pool, msg, now).map(|_| ()))
    }

    /// Takes up to `limit` due messages for `lease_seconds`; a worker that dies loses the lease
    /// and another one picks the messages up again.
    pub async fn claim_outbox(&self, now: i64, lease_seconds: i64, limit: i64) -> StoreResult<Vec<OutboxRow>> {
        let mut rows: Vec<OutboxRow> = match self {
            Db::Sqlite(pool) => {
                sqlx::query_as(CLAIM_SQLITE).bind(now + lease_seconds).bind(now).bind(limit).fetch_all(pool).await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(CLAIM_POSTGRES).bind(now + lease_seconds).bind(now).bind(limit).fetch_all(pool).await?
            }
        };
        rows.sort_by_key(|r| r.id);
        Ok(rows)
    }

    /// Marks delivered messages in one transaction (one commit for a whole batch).
    pub async fn outbox_sent_many(&self, ids: &[i64], now: i64) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        in_tx!(self, |tx| {
            for id in ids {
                sqlx::query(
                    "UPDATE outbox SET status = 'sent', sent_at = $2, body = NULL, locked_until = NULL, last_error = NULL
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

    /// Schedules another attempt, or gives up (`retry_at = None`) and clears the secret text.
    pub async fn outbox_failed(&self, id: i64, error: &str, retry_at: Option<i64>) -> StoreResult<()> {
        on_db!(self, |pool| {
            match retry_at {
            Some(at) => sqlx::query(
                "UPDATE outbox SET next_attempt_at = $2, last_error = $3, locked_until = NULL WHERE id = $1"
            )
            .bind(id)
            .bind(at)
            .bind(error)
            .execute(pool)
            .await
            .map(|_| ()),
            None => sqlx::query(
                "UPDATE outbox SET status = 'failed', body = NULL, last_error = $2, locked_until = NULL WHERE id = $1"
            )
            .bind(id)
            .bind(error)
            .execute(pool)
            .await
            .map(|_| ()),
        }
        })
    }

    pub async fn outbox_depth(&self) -> StoreResult<i64> {
        on_db!(self, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")
            .fetch_one(pool)
            .await)
    }
}
