//! Group commit of new tickets on SQLite.
//!
//! SQLite has one writer and, with `synchronous=FULL`, every commit waits for an fsync of the
//! WAL. Filing tickets one transaction each would cap intake at the disk's fsync rate. Instead
//! one task takes every ticket waiting at that moment and commits them together: one fsync for
//! the whole batch (a bad ticket still fails alone, see `file_batch`). Every caller hears
//! back only after the commit, so an acknowledged ticket is on disk.
//!
//! PostgreSQL batches concurrent commits itself, so there tickets are filed directly (see
//! `Db::create_ticket` for how they stay off each other's way at the number counter).

use std::sync::Arc;

use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use super::tickets::{insert_ticket, next_ticket_seq, NewTicket, Notice};
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

/// One transaction for the batch. A ticket that fails (a constraint, say — input was checked
/// before) rolls the batch back, and then each ticket is filed in a transaction of its own, so
/// only the bad one fails. Savepoints would do the same at two more statements per ticket on
/// the path every ticket takes.
async fn file_batch(pool: SqlitePool, batch: Vec<(NewTicket, Arc<Notice>)>) -> Vec<StoreResult<String>> {
    match file_together(&pool, &batch).await {
        Ok(numbers) => numbers.into_iter().map(Ok).collect(),
        Err(e) if batch.len() == 1 => vec![Err(e)],
        Err(e) => {
            tracing::warn!(error = %e, tickets = batch.len(), "a batch of tickets failed; filing them one by one");
            let mut outcomes = Vec::with_capacity(batch.len());
            for one in batch {
                outcomes.push(file_together(&pool, std::slice::from_ref(&one)).await.map(|mut n| n.remove(0)));
            }
            outcomes
        }
    }
}

async fn file_together(pool: &SqlitePool, batch: &[(NewTicket, Arc<Notice>)]) -> StoreResult<Vec<String>> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let mut numbers = Vec::with_capacity(batch.len());
    for (ticket, notice) in batch {
        numbers.push(file_one(&mut tx, ticket, notice.as_ref()).await?);
    }
    tx.commit().await?;
    Ok(numbers)
}

async fn file_one(conn: &mut SqliteConnection, ticket: &NewTicket, notice: &Notice) -> StoreResult<String> {
    let seq = next_ticket_seq!(&mut *conn, ticket.year)?;
    Ok(insert_ticket!(&mut *conn, ticket, notice, seq))
}
