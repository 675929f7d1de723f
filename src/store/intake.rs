//! Group commit of new tickets on SQLite.
//!
//! SQLite has one writer and, with `synchronous=FULL`, every commit waits for an fsync of the
//! WAL. Filing tickets one transaction each would cap intake at the disk's fsync rate. Instead
//! one task takes every ticket waiting at that moment, files each under its own savepoint (a bad
//! one fails alone) and commits them together: one fsync for the whole batch. Every caller hears
//! back only after the commit, so an acknowledged ticket is on disk.
//!
//! PostgreSQL batches concurrent commits itself, so there tickets are filed directly.

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::tickets::{insert_ticket, NewTicket, Notice};
use super::{Db, StoreResult};

/// At most this many tickets share one commit.
const MAX_BATCH: usize = 128;

struct Job {
    ticket: NewTicket,
    notice: Arc<Notice>,
    reply: oneshot::Sender<StoreResult<String>>,
}

#[derive(Clone)]
pub struct TicketIntake {
    route: Route,
}

#[derive(Clone)]
enum Route {
    Direct(Db),
    Batched(mpsc::Sender<Job>),
}

impl TicketIntake {
    /// Starts the batching task for SQLite; it ends when the last handle is dropped.
    pub fn start(db: &Db) -> Self {
        match db {
            Db::Sqlite(pool) => {
                let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
                tokio::spawn(run(pool.clone(), rx));
                TicketIntake { route: Route::Batched(tx) }
            }
            Db::Postgres(_) => TicketIntake { route: Route::Direct(db.clone()) },
        }
    }

    /// Files the ticket; returns its number once it is committed.
    pub async fn file(&self, ticket: NewTicket, notice: Arc<Notice>) -> StoreResult<String> {
        match &self.route {
            Route::Direct(db) => db.create_ticket(&ticket, notice.as_ref()).await,
            Route::Batched(queue) => {
                let (reply, answer) = oneshot::channel();
                queue.send(Job { ticket, notice, reply }).await.map_err(|_| sqlx::Error::PoolClosed)?;
                answer.await.map_err(|_| sqlx::Error::PoolClosed)?
            }
        }
    }
}

async fn run(pool: SqlitePool, mut jobs: mpsc::Receiver<Job>) {
    loop {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        if jobs.recv_many(&mut batch, MAX_BATCH).await == 0 {
            return;
        }
        let (tickets, replies): (Vec<_>, Vec<_>) = batch.into_iter().map(|j| ((j.ticket, j.notice), j.reply)).unzip();
        let outcomes = file_batch(pool.clone(), tickets).await;
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            let _ = reply.send(outcome);
        }
    }
}

/// One transaction for the batch, one savepoint per ticket.
async fn file_batch(pool: SqlitePool, batch: Vec<(NewTicket, Arc<Notice>)>) -> Vec<StoreResult<String>> {
    let count = batch.len();
    match file_all(pool, batch).await {
        Ok(outcomes) => outcomes,
        // The commit itself failed: nothing of the batch is stored, and every caller hears so.
        Err(e) => {
            tracing::error!(error = %e, tickets = count, "filing a batch of tickets failed");
            (0..count).map(|_| Err(sqlx::Error::Protocol(format!("batch not stored: {e}")))).collect()
        }
    }
}

async fn file_all(pool: SqlitePool, batch: Vec<(NewTicket, Arc<Notice>)>) -> StoreResult<Vec<StoreResult<String>>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for (ticket, notice) in batch {
        sqlx::query("SAVEPOINT ticket").execute(&mut *tx).await?;
        let filed = file_one(&mut tx, ticket, notice).await;
        if filed.is_err() {
            sqlx::query("ROLLBACK TO ticket").execute(&mut *tx).await?;
        }
        sqlx::query("RELEASE ticket").execute(&mut *tx).await?;
        outcomes.push(filed);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn file_one(conn: &mut SqliteConnection, ticket: NewTicket, notice: Arc<Notice>) -> StoreResult<String> {
    Ok(insert_ticket!(&mut *conn, &ticket, notice.as_ref()))
}
