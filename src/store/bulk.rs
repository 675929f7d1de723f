//! Bulk loading for the demo data generator: many rows per statement, ids chosen by the caller
//! so that rows can refer to each other without reading anything back.

use crate::domain::people::Role;
use crate::domain::ticket::{Priority, TicketStatus};
use sqlx::QueryBuilder;

use super::in_tx;
use super::ticket_sla::{summary_columns, track_columns, SLA_COLUMNS, SLA_NONE};
use super::tickets::NewSla;
use super::{on_db, Db, StoreResult};

pub struct BulkUser {
    pub id: i64,
    pub phone: Option<String>,
    pub username: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub password_hash: String,
    pub created_at: i64,
}

pub struct BulkOrganization {
    pub id: i64,
    pub unp: String,
    pub full_name: String,
    pub address: String,
    pub contract_number: Option<String>,
    pub created_at: i64,
}

pub struct BulkRepresentation {
    pub user_id: i64,
    pub organization_id: i64,
    pub role: &'static str,
    pub at: i64,
}

pub struct BulkTicket {
    pub id: i64,
    pub number: String,
    pub requester_id: i64,
    pub organization_id: Option<i64>,
    pub service_id: i64,
    pub subject: String,
    pub priority: Priority,
    pub status: TicketStatus,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// When the assignee got it (an `assignee` event).
    pub assigned_at: Option<i64>,
    /// 1‥5, of a resolved or closed ticket.
    pub rating: Option<i64>,
    /// The clocks its history left, as the portal would have kept them.
    pub sla: Option<NewSla>,
}

/// (actor, at, field, new value) of a generated timeline event.
type BulkEvent = (i64, i64, &'static str, String);

impl BulkTicket {
    /// Its timeline as the portal would have written it: filed; given to the assignee;
    /// resolved by them (or by the customer when nobody had it): (actor, at, field, new value).
    fn events(&self) -> Vec<BulkEvent> {
        let mut events = vec![(self.requester_id, self.created_at, "status", "new".to_string())];
        if let (Some(assignee), Some(at)) = (self.assignee_id, self.assigned_at) {
            events.push((assignee, at, "assignee", assignee.to_string()));
        }
        if let Some(at) = self.resolved_at {
            events.push((self.assignee_id.unwrap_or(self.requester_id), at, "status", "resolved".to_string()));
        }
        events
    }
}

pub struct BulkMessage {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub internal: bool,
    pub body: String,
    pub created_at: i64,
}

/// Rows per statement: below both backends' limits on bound parameters.
pub const BATCH: usize = 1000;

impl Db {
    /// The next free id of a table (ids in bulk loads are assigned by the generator).
    pub async fn next_id(&self, table: &'static str) -> StoreResult<i64> {
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        on_db!(self, |pool| sqlx::query_scalar(&sql).fetch_one(pool).await)
    }

    /// The last ticket number used in each year.
    pub async fn ticket_counters(&self) -> StoreResult<Vec<(i32, u32)>> {
        let rows: Vec<(i64, i64)> =
            on_db!(self, |pool| sqlx::query_as("SELECT year, last FROM ticket_counters").fetch_all(pool).await)?;
        Ok(rows.into_iter().map(|(y, l)| (y as i32, l as u32)).collect())
    }

    /// Puts staff into groups: (group id, member ids).
    pub async fn set_group_members(&self, groups: &[(i64, Vec<i64>)]) -> StoreResult<()> {
        let pairs: Vec<(i64, i64)> =
            groups.iter().flat_map(|(g, members)| members.iter().map(move |m| (*g, *m))).collect();
        if pairs.is_empty() {
            return Ok(());
        }
        on_db!(self, |pool| {
            let mut q = QueryBuilder::new("INSERT INTO staff_group_members (group_id, user_id) ");
            q.push_values(&pairs, |mut b, (g, m)| {
                b.push_bind(*g).push_bind(*m);
            });
            q.build().execute(pool).await.map(|_| ())
        })
    }

    pub async fn bulk_users(&self, rows: &[BulkUser]) -> StoreResult<()> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in rows.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO users (id, phone, username, last_name, first_name, email, password_hash, role,
                                        created_at, password_changed_at) ",
                );
                q.push_values(chunk, |mut b, u| {
                    b.push_bind(u.id)
                        .push_bind(&u.phone)
                        .push_bind(&u.username)
                        .push_bind(&u.last_name)
                        .push_bind(&u.first_name)
                        .push_bind(&u.email)
                        .push_bind(&u.password_hash)
                        .push_bind(u.role)
                        .push_bind(u.created_at)
                        .push_bind(u.created_at);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// The customers with ids from `first` to `last` have accepted the documents in force when
    /// they registered: their consents, and the publication their acceptance covers.
    pub async fn bulk_accept_documents(&self, first: i64, last: i64) -> StoreResult<()> {
        in_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO consents (user_id, kind, version, given_at)
                 SELECT u.id, d.kind, d.version, u.created_at FROM users u
                 CROSS JOIN consent_documents d
                 WHERE u.id BETWEEN $1 AND $2 AND u.role = 'customer'
                   AND d.version = (SELECT MAX(o.version) FROM consent_documents o WHERE o.kind = d.kind)",
            )
            .bind(first)
            .bind(last)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE users SET documents_accepted_at = (SELECT COALESCE(MAX(published_at), 0) FROM consent_documents)
                 WHERE id BETWEEN $1 AND $2 AND role = 'customer'",
            )
            .bind(first)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    pub async fn bulk_organizations(&self, rows: &[BulkOrganization]) -> StoreResult<()> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in rows.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO organizations (id, unp, full_name, address, contract_number, source, created_at) ",
                );
                q.push_values(chunk, |mut b, o| {
                    b.push_bind(o.id)
                        .push_bind(&o.unp)
                        .push_bind(&o.full_name)
                        .push_bind(&o.address)
                        .push_bind(&o.contract_number)
                        .push_bind("demo")
                        .push_bind(o.created_at);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    pub async fn bulk_representations(&self, rows: &[BulkRepresentation]) -> StoreResult<()> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in rows.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO representations (user_id, organization_id, status, role, requested_at, decided_at) ",
                );
                q.push_values(chunk, |mut b, r| {
                    b.push_bind(r.user_id)
                        .push_bind(r.organization_id)
                        .push_bind("confirmed")
                        .push_bind(r.role)
                        .push_bind(r.at)
                        .push_bind(r.at);
                });
                q.build().execute(&mut *tx).await?;
            }
            tx.commit().await
        })
    }

    /// Tickets, their messages and one «created» event each, in one transaction. A ticket's
    /// messages come in the same call as the ticket, oldest first.
    pub async fn bulk_tickets(&self, tickets: &[BulkTicket], messages: &[BulkMessage]) -> StoreResult<()> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            for chunk in tickets.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO tickets (id, number, requester_id, organization_id, service_id, subject, priority,
                        priority_rank, status, group_id, assignee_id, channel, created_at, updated_at, resolved_at,
                        closed_at, rating, sla_due_at, sla_warn_at, sla_paused_left, sla_calendar_id) ",
                );
                q.push_values(chunk, |mut b, t| {
                    let (due, warn, paused) =
                        t.sla.as_ref().map_or((SLA_NONE, SLA_NONE, None), |s| summary_columns(&s.summary));
                    b.push_bind(t.id)
                        .push_bind(&t.number)
                        .push_bind(t.requester_id)
                        .push_bind(t.organization_id)
                        .push_bind(t.service_id)
                        .push_bind(&t.subject)
                        .push_bind(t.priority)
                        .push_bind(t.priority.rank())
                        .push_bind(t.status)
                        .push_bind(t.group_id)
                        .push_bind(t.assignee_id)
                        .push_bind("web")
                        .push_bind(t.created_at)
                        .push_bind(t.updated_at)
                        .push_bind(t.resolved_at)
                        .push_bind(t.closed_at)
                        .push_bind(t.rating)
                        .push_bind(due)
                        .push_bind(warn)
                        .push_bind(paused)
                        .push_bind(t.sla.as_ref().map(|s| s.state.terms.calendar_id));
                });
                q.build().execute(&mut *tx).await?;
            }
            let events: Vec<(i64, BulkEvent)> =
                tickets.iter().flat_map(|t| t.events().into_iter().map(move |e| (t.id, e))).collect();
            for chunk in events.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO ticket_events (ticket_id, actor_id, at, field, old_value, new_value) ",
                );
                q.push_values(chunk, |mut b, (ticket, (actor, at, field, new))| {
                    b.push_bind(*ticket)
                        .push_bind(*actor)
                        .push_bind(*at)
                        .push_bind(*field)
                        .push_bind(None::<String>)
                        .push_bind(new);
                });
                q.build().execute(&mut *tx).await?;
            }
            let clocks: Vec<(i64, &NewSla)> =
                tickets.iter().filter_map(|t| t.sla.as_ref().map(|s| (t.id, s))).collect();
            // 24 values a row: half a batch stays below SQLite's limit on bound parameters.
            for chunk in clocks.chunks(BATCH / 2) {
                let mut q = QueryBuilder::new(format!("INSERT INTO ticket_sla ({SLA_COLUMNS}, next_escalation_at) "));
                q.push_values(chunk, |mut b, (id, sla)| {
                    let t = &sla.state.terms;
                    b.push_bind(*id)
                        .push_bind(t.policy_id)
                        .push_bind(t.calendar_id)
                        .push_bind(i32::from(t.warn_percent))
                        .push_bind(t.raise_priority_on_breach);
                    for track in [&sla.state.first_response, &sla.state.next_response, &sla.state.resolution] {
                        let c = track_columns(track);
                        b.push_bind(c.0).push_bind(c.1).push_bind(c.2).push_bind(c.3).push_bind(c.4).push_bind(c.5);
                    }
                    b.push_bind(sla.summary.next_escalation_at.map(time::OffsetDateTime::unix_timestamp));
                });
                q.build().execute(&mut *tx).await?;
            }
            for chunk in messages.chunks(BATCH) {
                let mut q = QueryBuilder::new(
                    "INSERT INTO ticket_messages (id, ticket_id, author_id, internal, body, created_at) ",
                );
                q.push_values(chunk, |mut b, m| {
                    b.push_bind(m.id)
                        .push_bind(m.ticket_id)
                        .push_bind(m.author_id)
                        .push_bind(m.internal)
                        .push_bind(&m.body)
                        .push_bind(m.created_at);
                });
                q.build().execute(&mut *tx).await?;
            }
            BulkSearchIndex::index_loaded(&mut *tx, tickets, messages).await?;
            tx.commit().await
        })
    }

    /// After a bulk load: ticket numbers continue after the highest one of each year, sequences
    /// (PostgreSQL) continue after the highest ids, and the planners learn the new data.
    pub async fn finish_bulk_load(&self) -> StoreResult<()> {
        let years: Vec<(i64, i64)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT CAST(substr(number, 1, 4) AS BIGINT) AS year, MAX(CAST(substr(number, 6) AS BIGINT))
             FROM tickets GROUP BY substr(number, 1, 4)"
        )
        .fetch_all(pool)
        .await)?;
        for (year, last) in years {
            on_db!(self, |pool| sqlx::query(
                "INSERT INTO ticket_counters (year, last) VALUES ($1, $2)
                 ON CONFLICT (year) DO UPDATE SET last = CASE WHEN ticket_counters.last > $2
                     THEN ticket_counters.last ELSE $2 END"
            )
            .bind(year)
            .bind(last)
            .execute(pool)
            .await
            .map(|_| ()))?;
        }
        match self {
            Db::Sqlite(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
                sqlx::query("INSERT INTO ticket_search (ticket_search) VALUES ('optimize')").execute(pool).await?;
            }
            Db::Postgres(pool) => {
                self.sync_id_sequences().await?;
                sqlx::query("ANALYZE").execute(pool).await?;
            }
        }
        Ok(())
    }

    /// Statistics for the planners after a load, and on PostgreSQL the dead rows of the load
    /// (two million marks of the report folder) cleared and the visibility map set, as
    /// autovacuum would in time: a fresh archive is then measured as a portal that has run for a
    /// while, with index-only scans, rather than one whose autovacuum is off or behind.
    pub async fn analyze(&self) -> StoreResult<()> {
        match self {
            Db::Sqlite(pool) => sqlx::query("ANALYZE").execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query("VACUUM (ANALYZE)").execute(pool).await.map(|_| ()),
        }
    }

    /// PostgreSQL sequences continue after ids the loader chose itself (SQLite needs nothing).
    pub async fn sync_id_sequences(&self) -> StoreResult<()> {
        let Db::Postgres(pool) = self else { return Ok(()) };
        for table in ["users", "organizations", "representations", "tickets", "ticket_messages", "ticket_events"] {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))
            .execute(pool)
            .await?;
        }
        Ok(())
    }
}

/// Indexes freshly loaded tickets for search, in the loading transaction.
trait BulkSearchIndex {
    async fn index_loaded(&mut self, tickets: &[BulkTicket], messages: &[BulkMessage]) -> sqlx::Result<()>;
}

impl BulkSearchIndex for sqlx::SqliteConnection {
    async fn index_loaded(&mut self, tickets: &[BulkTicket], messages: &[BulkMessage]) -> sqlx::Result<()> {
        for chunk in search_rows(tickets, messages).chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO ticket_search (rowid, subject, body) ");
            q.push_values(chunk, |mut b, (rowid, subject, body)| {
                b.push_bind(*rowid).push_bind(subject).push_bind(body);
            });
            q.build().execute(&mut *self).await?;
        }
        Ok(())
    }
}

impl BulkSearchIndex for sqlx::PgConnection {
    /// Straight into chunk rows: the loader is the archive's only writer.
    async fn index_loaded(&mut self, tickets: &[BulkTicket], messages: &[BulkMessage]) -> sqlx::Result<()> {
        let texts = tickets
            .iter()
            .map(|t| (t.id, false, t.subject.as_str()))
            .chain(messages.iter().map(|m| (m.ticket_id, m.internal, m.body.as_str())));
        super::postings::merge_into_chunks(self, &super::postings::postings_of(texts)).await
    }
}

/// SQLite's full-text rows for freshly loaded tickets (see `store::search`).
fn search_rows(tickets: &[BulkTicket], messages: &[BulkMessage]) -> Vec<(i64, String, String)> {
    let subjects: std::collections::HashMap<i64, &str> = tickets.iter().map(|t| (t.id, t.subject.as_str())).collect();
    let mut sequences: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    messages
        .iter()
        .map(|m| {
            let sequence = sequences.entry(m.ticket_id).or_insert(-1);
            *sequence += 1;
            let subject = subjects.get(&m.ticket_id).copied().unwrap_or_default();
            super::search::row(m.ticket_id, *sequence, m.internal, subject, &m.body)
        })
        .collect()
}
