//! SQLite's full-text index of ticket texts, and how a search is answered on either backend
//! (PostgreSQL's index is [`super::postings`]).
//!
//! The index stores [`search_text::index_text`] of each message — stems, computed in Rust, so
//! no trigger can write it. Its rowid is `ticket_id << 24 | sequence << 1 | internal`: the index
//! answers with ticket ids without a join, and a rowid range asks about one ticket.

use crate::domain::listing::SearchWords;
use sqlx::{PgConnection, SqliteConnection};

use super::postings::{self, TicketSet};
use super::{Db, StoreResult};
use crate::domain::search_text;

const TICKET_SHIFT: u32 = 24;

/// How a search is answered: on SQLite by one of three ways of asking FTS5, on PostgreSQL
/// with the matching tickets found first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlan {
    Fts5(Fts5Plan),
    /// PostgreSQL: the matching tickets, from its index; the listing reads them by id or
    /// walks its own order testing each ticket against them.
    Matches(TicketSet),
}

/// How a search is best answered on SQLite, from how many messages match.
///
/// Measured at a million tickets (docs/decisions.md): looking up every match and sorting them
/// costs ~3 µs a match; walking the list in its order against the set of matching tickets costs
/// the set (~0.3 µs a match) plus the walk; asking the index about each ticket in list order
/// costs ~10–40 µs a ticket but stops after a page. Each wins in its own band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fts5Plan {
    /// Under [`FEW_MATCHES`] matching messages: look them all up.
    Few,
    /// Walk the list's order, test membership in the set of matches.
    Many,
    /// Matches in most tickets (one in [`MOST_ONE_IN`] or more): probe ticket by ticket.
    Most,
}

pub const FEW_MATCHES: i64 = 5_000;
pub const MOST_ONE_IN: i64 = 10;

/// Writes a new message into the search index, inside the transaction that stores it.
pub(crate) trait SearchIndex {
    async fn index_message(&mut self, message: IndexedMessage<'_>) -> sqlx::Result<()>;
}

pub(crate) struct IndexedMessage<'a> {
    pub ticket_id: i64,
    pub message_id: i64,
    pub internal: bool,
    /// The ticket's subject, with its first message only.
    pub subject: Option<&'a str>,
    pub body: &'a str,
}

impl SearchIndex for SqliteConnection {
    async fn index_message(&mut self, m: IndexedMessage<'_>) -> sqlx::Result<()> {
        sqlx::query(&format!(
            "INSERT INTO ticket_search (rowid, subject, body)
             SELECT ($1 << {TICKET_SHIFT}) | (count(*) << 1) | $2, $3, $4
             FROM ticket_messages WHERE ticket_id = $1 AND id < $5"
        ))
        .bind(m.ticket_id)
        .bind(i64::from(m.internal))
        .bind(m.subject.map(search_text::index_text).unwrap_or_default())
        .bind(search_text::index_text(m.body))
        .bind(m.message_id)
        .execute(self)
        .await
        .map(|_| ())
    }
}

impl SearchIndex for PgConnection {
    async fn index_message(&mut self, m: IndexedMessage<'_>) -> sqlx::Result<()> {
        let terms = postings::message_terms(m.subject, m.body);
        postings::add_postings(self, m.ticket_id, m.internal, &terms).await
    }
}

/// The rowid of a ticket's `sequence`-th message (from 0).
pub fn rowid(ticket_id: i64, sequence: i64, internal: bool) -> i64 {
    (ticket_id << TICKET_SHIFT) | (sequence << 1) | i64::from(internal)
}

/// (rowid, subject, body) of the index row for a ticket's `sequence`-th message; the subject is
/// indexed with the first message only.
pub(crate) fn row(ticket_id: i64, sequence: i64, internal: bool, subject: &str, body: &str) -> (i64, String, String) {
    let subject = if sequence == 0 { search_text::index_text(subject) } else { String::new() };
    (rowid(ticket_id, sequence, internal), subject, search_text::index_text(body))
}

/// The SQLite condition on tickets `t` for an FTS5 query bound at `q`, written for `plan`.
pub(crate) fn condition(plan: Fts5Plan, q: &str, public_only: bool) -> String {
    // The low bit of a rowid marks an internal note.
    let public = if public_only { " AND (f.rowid & 1) = 0" } else { "" };
    let matching =
        format!("SELECT f.rowid >> {TICKET_SHIFT} FROM ticket_search f WHERE ticket_search MATCH {q}{public}");
    match plan {
        Fts5Plan::Few => format!("t.id IN ({matching})"),
        // The unary plus keeps SQLite from looking every match up by id, so it walks the
        // list's index and tests each ticket against the set.
        Fts5Plan::Many => format!("+t.id IN ({matching})"),
        Fts5Plan::Most => format!(
            "EXISTS (SELECT 1 FROM ticket_search f WHERE ticket_search MATCH {q}
                     AND f.rowid BETWEEN (t.id << {TICKET_SHIFT}) AND ((t.id + 1) << {TICKET_SHIFT}) - 1{public})"
        ),
    }
}

/// `t.id IN (…)` for ids from the database itself.
pub(crate) fn tickets_in(ids: &[i64]) -> String {
    format!("t.id IN ({})", id_list(ids))
}

/// Ids from the database itself, so writing them into the text is safe.
pub(crate) fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "NULL".into()
    } else {
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// Fills the index anew from the stored messages (schema version 6 on SQLite), in ticket order.
pub(crate) async fn rebuild(conn: &mut SqliteConnection) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM ticket_search").execute(&mut *conn).await?;
    let mut after = (0_i64, 0_i64);
    let mut sequence = 0_i64;
    let mut written = 0;
    loop {
        let rows: Vec<(i64, i64, bool, String, String)> = sqlx::query_as(
            "SELECT m.ticket_id, m.id, m.internal, m.body, t.subject
             FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
             WHERE (m.ticket_id, m.id) > ($1, $2)
             ORDER BY m.ticket_id, m.id LIMIT 5000",
        )
        .bind(after.0)
        .bind(after.1)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            // One segment instead of the many that row-by-row inserts leave: a lookup visits each.
            sqlx::query("INSERT INTO ticket_search (ticket_search) VALUES ('optimize')").execute(&mut *conn).await?;
            return Ok(written);
        }
        for (ticket_id, message_id, internal, body, subject) in rows {
            // Rows come in ticket order from the start, so a new ticket begins at sequence 0.
            sequence = if ticket_id == after.0 { sequence + 1 } else { 0 };
            after = (ticket_id, message_id);
            let (rowid, subject, body) = row(ticket_id, sequence, internal, &subject, &body);
            sqlx::query("INSERT INTO ticket_search (rowid, subject, body) VALUES ($1, $2, $3)")
                .bind(rowid)
                .bind(subject)
                .bind(body)
                .execute(&mut *conn)
                .await?;
            written += 1;
        }
    }
}

impl Db {
    /// Chooses how to answer an FTS5 query (SQLite; PostgreSQL has one way). The ticket that
    /// holds the [`FEW_MATCHES`]-th match tells the density: rowids run in ticket order.
    pub async fn search_plan(&self, words: &SearchWords, public_only: bool) -> StoreResult<SearchPlan> {
        let pool = match self {
            Db::Sqlite(pool) => pool,
            Db::Postgres(pool) => return pg_search_plan(pool, &words.terms, public_only).await,
        };
        let fts5_query = words.fts5_query();
        let nth: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT rowid >> {TICKET_SHIFT} FROM ticket_search WHERE ticket_search MATCH $1 LIMIT 1 OFFSET $2"
        ))
        .bind(&fts5_query)
        .bind(FEW_MATCHES - 1)
        .fetch_optional(pool)
        .await?;
        Ok(SearchPlan::Fts5(match nth {
            None => Fts5Plan::Few,
            Some(ticket_id) if ticket_id <= FEW_MATCHES * MOST_ONE_IN => Fts5Plan::Most,
            Some(_) => Fts5Plan::Many,
        }))
    }
}

/// The matching tickets from PostgreSQL's index.
async fn pg_search_plan(pool: &sqlx::PgPool, terms: &[String], public_only: bool) -> StoreResult<SearchPlan> {
    Ok(SearchPlan::Matches(postings::matching(pool, terms, public_only).await?))
}

impl Db {
    /// Folds PostgreSQL's postings into chunk rows, batch after batch
    /// (see [`postings`]); SQLite's index needs no folding. Answers how many were folded.
    pub async fn fold_search_postings(&self, batch: i64) -> StoreResult<usize> {
        let Db::Postgres(pool) = self else { return Ok(0) };
        let mut total = 0;
        loop {
            let n = postings::fold(pool, batch).await?;
            total += n;
            if (n as i64) < batch {
                return Ok(total);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rowids_keep_ticket_order_and_split_back() {
        assert!(rowid(7, 0, false) < rowid(7, 1, true));
        assert!(rowid(7, (1 << 23) - 1, true) < rowid(8, 0, false));
        assert_eq!(rowid(1_000_000, 5, true) >> TICKET_SHIFT, 1_000_000);
        assert_eq!(rowid(1_000_000, 5, true) & 1, 1);
    }
}
