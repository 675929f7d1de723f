//! Who has a ticket open, and whether they are writing a reply.
//!
//! Every view of a ticket and every heartbeat of its page records a beat. On SQLite that is a
//! write, and each write makes every other connection drop its page cache, so beats live in a
//! small database file of their own (`presence.db` in the data directory): they neither churn
//! the main database's caches nor wait for its fsyncs (`synchronous=NORMAL`: a beat lost in a
//! power cut costs nothing, and the file is never corrupted by one). One task writes every
//! beat waiting at that moment in one statement; callers hear back after the commit, as with
//! tickets (`intake`). On PostgreSQL the beats are a table of the main database, shared by all
//! instances, and each is written directly.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteSynchronous};
use tokio::sync::{mpsc, oneshot};

use super::{on_db, Db, StoreResult};

/// At most this many beats share one statement (four binds each, well under SQLite's limit).
const MAX_BATCH: usize = 64;

/// Another person on the ticket, without their name (that is in the main database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Seen {
    pub user_id: i64,
    pub writing: bool,
}

/// `user` had the ticket open at `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beat {
    pub ticket: i64,
    pub user: i64,
    pub writing: bool,
    pub at: i64,
}

struct Job {
    beat: Beat,
    reply: oneshot::Sender<StoreResult<()>>,
}

/// Where beats are kept (see the module's note).
#[derive(Clone)]
pub struct Presence {
    db: Db,
    route: Route,
}

#[derive(Clone)]
enum Route {
    Direct,
    Batched(mpsc::Sender<Job>),
}

const SQLITE_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS ticket_presence (
    ticket_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    writing INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
)";

impl Presence {
    /// On SQLite opens (or creates) `sqlite_file` and starts the batching task, which ends
    /// with the last handle; PostgreSQL uses `main`.
    pub async fn open(main: &Db, sqlite_file: &Path) -> StoreResult<Self> {
        match main {
            Db::Postgres(_) => Ok(Presence { db: main.clone(), route: Route::Direct }),
            Db::Sqlite(pool) => {
                let options = SqliteConnectOptions::from_str("sqlite://")?
                    .filename(sqlite_file)
                    .create_if_missing(true)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(std::time::Duration::from_secs(10));
                super::ensure_wal(&options).await?;
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .test_before_acquire(false)
                    .acquire_timeout(pool.options().get_acquire_timeout())
                    .connect_with(options)
                    .await?;
                sqlx::query(SQLITE_SCHEMA).execute(&pool).await?;
                let db = Db::Sqlite(pool);
                let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
                tokio::spawn(run(db.clone(), rx));
                Ok(Presence { db, route: Route::Batched(tx) })
            }
        }
    }

    pub async fn record(&self, beat: Beat) -> StoreResult<()> {
        match &self.route {
            Route::Direct => self.db.record_beats(&[beat]).await,
            Route::Batched(queue) => {
                let (reply, answer) = oneshot::channel();
                queue.send(Job { beat, reply }).await.map_err(|_| sqlx::Error::PoolClosed)?;
                answer.await.map_err(|_| sqlx::Error::PoolClosed)?
            }
        }
    }

    /// Who else than `user` was seen on the ticket since `since`.
    pub async fn others_on(&self, ticket: i64, user: i64, since: i64) -> StoreResult<Vec<Seen>> {
        on_db!(&self.db, |pool| sqlx::query_as(
            "SELECT user_id, writing FROM ticket_presence
             WHERE ticket_id = $1 AND user_id <> $2 AND seen_at >= $3 ORDER BY user_id"
        )
        .bind(ticket)
        .bind(user)
        .bind(since)
        .fetch_all(pool)
        .await)
    }

    /// Leaving the page.
    pub async fn forget(&self, ticket: i64, user: i64) -> StoreResult<()> {
        on_db!(&self.db, |pool| sqlx::query("DELETE FROM ticket_presence WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket)
            .bind(user)
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// The stale rows housekeeping sweeps.
    pub async fn purge_before(&self, before: i64) -> StoreResult<u64> {
        on_db!(&self.db, |pool| sqlx::query("DELETE FROM ticket_presence WHERE seen_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))
    }
}

async fn run(db: Db, mut jobs: mpsc::Receiver<Job>) {
    loop {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        if jobs.recv_many(&mut batch, MAX_BATCH).await == 0 {
            return;
        }
        let beats: Vec<Beat> = batch.iter().map(|j| j.beat).collect();
        let outcome = db.record_beats(&beats).await;
        for job in batch {
            let _ = job.reply.send(match &outcome {
                Ok(()) => Ok(()),
                Err(e) => Err(sqlx::Error::Protocol(format!("presence beats not recorded: {e}"))),
            });
        }
    }
}

impl Db {
    /// One statement for all the beats; the latest beat of a person on a ticket wins.
    async fn record_beats(&self, beats: &[Beat]) -> StoreResult<()> {
        let mut latest: Vec<Beat> = Vec::with_capacity(beats.len());
        for beat in beats {
            match latest.iter_mut().find(|b| b.ticket == beat.ticket && b.user == beat.user) {
                Some(kept) if kept.at <= beat.at => *kept = *beat,
                Some(_) => {}
                None => latest.push(*beat),
            }
        }
        if latest.is_empty() {
            return Ok(());
        }
        on_db!(self, |pool| {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO ticket_presence (ticket_id, user_id, writing, seen_at) ");
            q.push_values(&latest, |mut row, beat| {
                row.push_bind(beat.ticket).push_bind(beat.user).push_bind(beat.writing).push_bind(beat.at);
            });
            q.push(
                " ON CONFLICT (ticket_id, user_id) DO UPDATE SET writing = excluded.writing, seen_at = excluded.seen_at",
            );
            q.build().execute(pool).await.map(|_| ())
        })
    }
}
