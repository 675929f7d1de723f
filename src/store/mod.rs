//! Database access for SQLite and PostgreSQL.
//!
//! One `Db` enum instead of `sqlx::Any` or a trait object: every query is written once and
//! compiled for both pools by `on_db!`/`in_tx!`, so both backends run the same SQL text
//! (`$1` placeholders work in both) with their own native types and drivers.

pub mod audit;
pub mod bulk;
pub mod calendars;
pub mod canned;
pub mod changes;
pub mod codec;
pub mod consents;
pub mod customers;
pub mod erasure;
pub mod escalation;
pub mod groups;
pub mod intake;
pub mod listing;
pub mod migrate;
pub mod orgs;
pub mod outbox;
pub mod postings;
pub mod presence;
pub mod queue;
pub mod rate;
pub mod reports;
pub mod representations;
pub mod search;
pub mod second_factor;
pub mod services;
pub mod sessions;
pub mod sla;
pub mod snapshot;
pub mod staff;
pub mod templates;
pub mod ticket_sla;
pub mod tickets;
pub mod users;
pub mod verifications;
pub mod visibility;
pub mod workspace;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use time::OffsetDateTime;

pub type StoreResult<T> = Result<T, sqlx::Error>;

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code against whichever pool is configured.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` in a write transaction and commits it when the body did not return early.
/// SQLite transactions start IMMEDIATE so that two writers queue on `busy_timeout`
/// instead of failing when a read lock would have to be upgraded.
macro_rules! in_tx {
    ($db:expr, |$tx:ident| $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::store::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub(crate) use {in_tx, on_db};

/// How the pool behaves: SQLite memory per connection (`HELPDESK_SQLITE_CACHE_MIB`,
/// `HELPDESK_SQLITE_MMAP_MIB`) and how long a caller waits for a connection
/// (`HELPDESK_DATABASE_ACQUIRE_TIMEOUT_SECONDS`) before the outage is reported.
#[derive(Debug, Clone, Copy)]
pub struct PoolTuning {
    pub cache_mib: u32,
    pub mmap_mib: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolTuning {
    fn default() -> Self {
        PoolTuning { cache_mib: 64, mmap_mib: 4096, acquire_timeout: Duration::from_secs(5) }
    }
}

/// Work that one instance of a cluster does for all (see [`Db::exclusively`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The hourly sweep: auto-close, anonymisation, expired sessions and registrations.
    Housekeeping,
    /// Warnings and breaches of service levels, every minute.
    SlaEscalation,
    /// Folding changed tickets into the report cells, every few seconds.
    ReportFold,
    /// Folding search postings into chunk rows (PostgreSQL), with the reports.
    SearchFold,
}

impl Job {
    /// The advisory lock's key (migrations use 7243001).
    pub fn lock_key(self) -> i64 {
        match self {
            Job::Housekeeping => 7_243_002,
            Job::SlaEscalation => 7_243_003,
            Job::ReportFold => 7_243_004,
            Job::SearchFold => 7_243_005,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Which backend a database URL names: PostgreSQL's schemes, else SQLite.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// As written in a backup's manifest.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl Db {
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<Db> {
        Db::connect_tuned(url, max_connections, PoolTuning::default()).await
    }

    pub async fn connect_tuned(url: &str, max_connections: u32, tuning: PoolTuning) -> StoreResult<Db> {
        if Backend::of_url(url) == Backend::Postgres {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.max(2))
                .acquire_timeout(tuning.acquire_timeout)
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("temp_store", "memory")
                // Negative: KiB. Larger than the 2 MiB default, so that the pages of the lists'
                // indexes stay in the process instead of being read again through the kernel.
                .pragma("cache_size", format!("-{}", u64::from(tuning.cache_mib) * 1024))
                .pragma("mmap_size", (u64::from(tuning.mmap_mib) << 20).to_string())
                .pragma("wal_autocheckpoint", "1000");
            ensure_wal(&options).await?;
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(2))
                .acquire_timeout(tuning.acquire_timeout)
                // A connection to a local file does not go stale, and the check before each
                // acquisition is a round trip to the connection's thread: as dear as a query.
                .test_before_acquire(false)
                // SQLite ends a transaction itself on some errors (SQLITE_FULL: a full disk);
                // the rollback sqlx then sends fails and it counts the transaction as still
                // open, so every later BEGIN on that connection failed. Such a connection, or
                // one whose rollback is still on its way, is closed instead of kept.
                .after_release(|conn, _| Box::pin(async move { Ok(!sqlx::Connection::is_in_transaction(conn)) }))
                .connect_with(options)
                .await?;
            Ok(Db::Sqlite(pool))
        }
    }

    /// Copies what the WAL holds into the database without blocking writers (SQLite; nothing on
    /// PostgreSQL).
    pub async fn checkpoint(&self) -> StoreResult<()> {
        let Db::Sqlite(pool) = self else { return Ok(()) };
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(pool).await.map(|_| ())
    }

    /// Vacuums the queue tables the folders drain (PostgreSQL). Every fold deletes what it
    /// moved, and the dead rows stayed until autovacuum came (never, where it is off): after a
    /// day of filing, every report read 85 000 dead marks and every search half a million dead
    /// postings (report p50 36 → 106 ms, search p99 35 → 139 ms). Small tables: milliseconds.
    pub async fn vacuum_queues(&self) -> StoreResult<()> {
        let Db::Postgres(pool) = self else { return Ok(()) };
        sqlx::raw_sql("VACUUM report_pending, search_postings").execute(pool).await.map(|_| ())
    }

    /// Runs `work` unless another instance is running the same job: on PostgreSQL under an
    /// advisory lock held by a connection of its own (closed afterwards, so a lock can never
    /// stay behind in the pool, and freed by the server if this instance dies); SQLite serves
    /// one machine and just runs it. `None` when another instance has the job.
    pub async fn exclusively<T, F, Fut>(&self, job: Job, work: F) -> StoreResult<Option<T>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        let Db::Postgres(pool) = self else { return Ok(Some(work().await)) };
        let mut holder = pool.acquire().await?;
        holder.close_on_drop();
        let got: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(job.lock_key()).fetch_one(&mut *holder).await?;
        if !got {
            return Ok(None);
        }
        let out = work().await;
        sqlx::query("SELECT pg_advisory_unlock($1)").bind(job.lock_key()).execute(&mut *holder).await?;
        Ok(Some(out))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn ping(&self) -> StoreResult<()> {
        on_db!(self, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    pub async fn close(&self) {
        on_db!(self, |pool| pool.close().await)
    }

    /// The application secret: shared by all instances through the database.
    pub async fn secret(&self, name: &str, generate: impl FnOnce() -> String) -> StoreResult<String> {
        let candidate = generate();
        on_db!(self, |pool| {
            sqlx::query("INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                .bind(name)
                .bind(&candidate)
                .execute(pool)
                .await?;
            sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1").bind(name).fetch_one(pool).await
        })
    }
}

/// Puts a SQLite file into WAL mode once, on a connection of its own, before any pool opens it.
/// The mode is stored in the file; asking for it on every new connection (as a pragma of the
/// pool's options) takes a lock the busy timeout does not wait for, so a process opening the
/// file beside a running portal (`helpdesk sla due`, a backup) could fail at once with
/// «database is locked». Asking which mode the file is in takes no such lock.
pub(crate) async fn ensure_wal(options: &SqliteConnectOptions) -> StoreResult<()> {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = options.connect().await?;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut conn).await?;
    if !mode.eq_ignore_ascii_case("wal") {
        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut conn).await?;
    }
    conn.close().await
}

pub fn to_unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

pub fn from_unix(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// True for a unique-constraint violation on either backend.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(e) if e.is_unique_violation())
}
