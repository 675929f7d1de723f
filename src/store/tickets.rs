//! Tickets, their conversation and their history.

use super::outbox::{insert_outbox, NewOutbox};
use super::reports::{count_staff_action, StaffAction};
use super::search::{IndexedMessage, SearchIndex};
use super::ticket_sla::{move_ticket_sla, SlaMove, SLA_NONE};
use super::visibility::customer_sees;
use super::{in_tx, on_db, Db, StoreResult};
use crate::domain::sla::ticket::{Summary, TicketSla};
use crate::domain::ticket::{Channel, Priority, TicketStatus};

/// Records one change of a ticket (DESIGN §3 TicketEvent): who, when, which field, old → new.
macro_rules! record_event {
    ($conn:expr, $ticket:expr, $actor:expr, $at:expr, $field:expr, $old:expr, $new:expr) => {{
        let (actor, at, field, old, new): (Option<i64>, i64, &str, Option<&str>, Option<&str>) =
            ($actor, $at, $field, $old, $new);
        let recorded = sqlx::query(
            "INSERT INTO ticket_events (ticket_id, actor_id, at, field, old_value, new_value)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind($ticket)
        .bind(actor)
        .bind(at)
        .bind(field)
        .bind(old)
        .bind(new)
        .execute($conn)
        .await;
        match (recorded, $crate::store::reports::StaffAction::of_event(actor, field, new)) {
            (Ok(_), Some(action)) => $crate::store::reports::count_staff_action!($conn, $ticket, action, at),
            (outcome, _) => outcome.map(|_| ()),
        }
    }};
}
pub(crate) use record_event;

#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// Random, unguessable: it appears in download URLs.
    pub id: String,
    pub file_name: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
    pub storage_key: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttachmentRow {
    pub id: String,
    pub message_id: i64,
    pub file_name: String,
    pub size: i64,
    pub content_type: String,
}

/// The attachment with what decides who may download it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredAttachment {
    pub file_name: String,
    pub content_type: String,
    pub storage_key: String,
    pub ticket_number: String,
    pub internal: bool,
}

macro_rules! insert_attachments {
    ($conn:expr, $message_id:expr, $files:expr, $now:expr) => {{
        let files: &[$crate::store::tickets::NewAttachment] = $files;
        for (position, f) in files.iter().enumerate() {
            sqlx::query(
                "INSERT INTO attachments (id, message_id, file_name, size, content_type, sha256, storage_key, position, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&f.id)
            .bind($message_id)
            .bind(&f.file_name)
            .bind(f.size)
            .bind(&f.content_type)
            .bind(&f.sha256)
            .bind(&f.storage_key)
            .bind(position as i64)
            .bind($now)
            .execute(&mut *$conn)
            .await?;
        }
    }};
}
pub(crate) use insert_attachments;

/// A reply or an internal note, with what it changes.
#[derive(Clone)]
pub struct NewMessage<'a> {
    pub ticket_id: i64,
    pub author_id: i64,
    pub internal: bool,
    pub body: &'a str,
    /// The status the caller saw; the message is refused when it changed meanwhile.
    pub status: TicketStatus,
    /// The status after the message, when it moves the ticket.
    pub new_status: Option<TicketStatus>,
    pub attachments: &'a [NewAttachment],
    /// The requester's notice, made once the message id is known; written in the same transaction.
    pub notice: &'a MessageNotice<'a>,
    /// What the message does to the ticket's clocks.
    pub sla: Option<&'a SlaMove<'a>>,
    pub now: i64,
}

/// The notice about a new message, given its id.
pub type MessageNotice<'a> = dyn Fn(i64) -> Option<NewOutbox> + Send + Sync + 'a;

#[derive(Debug, Clone)]
pub struct NewTicket {
    pub year: i32,
    pub requester_id: i64,
    pub organization_id: Option<i64>,
    pub service_id: i64,
    pub group_id: Option<i64>,
    pub subject: String,
    pub body: String,
    pub priority: Priority,
    /// The clocks the policy starts; `None` files the ticket without any.
    pub sla: Option<NewSla>,
    pub channel: Channel,
    pub contact_phone: Option<String>,
    pub attachments: Vec<NewAttachment>,
    /// The closed ticket this one continues (a reply to a closed ticket files a new one).
    pub linked_ticket_id: Option<i64>,
    pub now: i64,
}

/// A new ticket's clocks and where they stand.
#[derive(Debug, Clone, Copy)]
pub struct NewSla {
    pub state: TicketSla,
    pub summary: Summary,
}

impl NewTicket {
    /// (due, warning, paused remainder, calendar) for the ticket's row.
    pub fn sla_columns(&self) -> (i64, i64, Option<i64>, Option<i64>) {
        match &self.sla {
            Some(sla) => {
                let (due, warn, paused) = super::ticket_sla::summary_columns(&sla.summary);
                (due, warn, paused, Some(sla.state.terms.calendar_id))
            }
            None => (SLA_NONE, SLA_NONE, None, None),
        }
    }
}

/// The notice to the customer, made once the ticket's number is known.
pub type Notice = dyn Fn(&str) -> Option<NewOutbox> + Send + Sync;

/// The next number of the year's counter: `YYYY-NNNNNN` numbers are unique across instances.
macro_rules! next_ticket_seq {
    ($conn:expr, $year:expr) => {{
        let seq: sqlx::Result<i64> = sqlx::query_scalar(
            "INSERT INTO ticket_counters (year, last) VALUES ($1, 1)
             ON CONFLICT (year) DO UPDATE SET last = ticket_counters.last + 1 RETURNING last",
        )
        .bind(i64::from($year))
        .fetch_one($conn)
        .await;
        seq
    }};
}
pub(crate) use next_ticket_seq;

/// Files one ticket inside the caller's transaction under the counter value `seq`: the ticket,
/// its first message with files, the «created» event and the customer's notice.
macro_rules! insert_ticket {
    ($conn:expr, $t:expr, $notice:expr, $seq:expr) => {{
        {
            let t: &$crate::store::tickets::NewTicket = $t;
            let tx = $conn;
            let notice: &$crate::store::tickets::Notice = $notice;
            let seq: i64 = $seq;
            let number = $crate::domain::ticket::TicketNumber::from_counter(t.year, seq)
                .ok_or_else(|| sqlx::Error::Protocol(format!("the ticket counter of {} passed its end", t.year)))?
                .to_string();
            let (sla_due, sla_warn, sla_paused, sla_calendar) = t.sla_columns();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO tickets (number, requester_id, organization_id, service_id, subject, priority, priority_rank,
                                      status, group_id, channel, contact_phone, created_at, updated_at, sla_due_at,
                                      linked_ticket_id, sla_warn_at, sla_paused_left, sla_calendar_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 'new', $8, $9, $10, $11, $11, $12, $13, $14, $15, $16) RETURNING id",
            )
            .bind(&number)
            .bind(t.requester_id)
            .bind(t.organization_id)
            .bind(t.service_id)
            .bind(&t.subject)
            .bind(t.priority)
            .bind(t.priority.rank())
            .bind(t.group_id)
            .bind(t.channel)
            .bind(&t.contact_phone)
            .bind(t.now)
            .bind(sla_due)
            .bind(t.linked_ticket_id)
            .bind(sla_warn)
            .bind(sla_paused)
            .bind(sla_calendar)
            .fetch_one(&mut *tx)
            .await?;
            if let Some(sla) = &t.sla {
                $crate::store::ticket_sla::save_ticket_sla!(tx, id, &sla.state, &sla.summary)?;
            }
            if let Some(linked) = t.linked_ticket_id {
                $crate::store::tickets::record_event!(
                    &mut *tx, linked, Some(t.requester_id), t.now, "follow_up", None, Some(number.as_str())
                )?;
            }
            let message_id: i64 = sqlx::query_scalar(
                "INSERT INTO ticket_messages (ticket_id, author_id, internal, body, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(id)
            .bind(t.requester_id)
            .bind(false)
            .bind(&t.body)
            .bind(t.now)
            .fetch_one(&mut *tx)
            .await?;
            $crate::store::search::SearchIndex::index_message(
                &mut *tx,
                $crate::store::search::IndexedMessage {
                    ticket_id: id,
                    message_id,
                    internal: false,
                    subject: Some(&t.subject),
                    body: &t.body,
                },
            )
            .await?;
            $crate::store::tickets::insert_attachments!(tx, message_id, &t.attachments, t.now);
            $crate::store::tickets::record_event!(&mut *tx, id, Some(t.requester_id), t.now, "status", None, Some("new"))?;
            if let Some(message) = notice(&number) {
                $crate::store::outbox::insert_outbox!(&mut *tx, &message, t.now)?;
            }
            number
        }
    }};
}
pub(crate) use insert_ticket;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketRow {
    pub id: i64,
    pub service_id: i64,
    pub number: String,
    pub requester_id: i64,
    pub organization_id: Option<i64>,
    pub organization_unp: Option<String>,
    pub organization_name: Option<String>,
    /// The organisation's contract number with the operator, if it has one.
    pub organization_contract: Option<String>,
    pub service_code: String,
    pub service_name_ru: String,
    pub service_name_be: String,
    pub service_name_en: String,
    pub subject: String,
    pub priority: Priority,
    pub priority_rank: i64,
    pub status: TicketStatus,
    pub group_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The nearest due instant of the ticket's clocks ([`SLA_NONE`] when nothing is due).
    pub sla_due_at: i64,
    /// When the nearest clock passes its warning threshold ([`SLA_NONE`]: none will).
    pub sla_warn_at: i64,
    /// Nothing runs, the customer is asked: the working seconds left (negative: over).
    pub sla_paused_left: Option<i64>,
    /// The calendar the clocks count on; `None` for a ticket filed before there were clocks.
    pub sla_calendar_id: Option<i64>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    /// Where support may call back (E.164), when the customer gave or had one.
    pub contact_phone: Option<String>,
}

impl TicketRow {
    pub fn service_name(&self, lang: &str) -> &str {
        match lang {
            "be" => &self.service_name_be,
            "en" => &self.service_name_en,
            _ => &self.service_name_ru,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub author_id: i64,
    pub author_last_name: String,
    pub author_first_name: String,
    pub author_is_staff: bool,
    /// The language the author uses the portal in: what they wrote is in it, most likely.
    pub author_lang: String,
    pub internal: bool,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub at: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor: Option<String>,
}

/// The unary plus in the join keeps SQLite from driving a list through the `services` table and
/// the (service, group) index — which would sort every ticket — instead of the list's own index.
pub(crate) const TICKET_SELECT: &str = "SELECT t.id, t.service_id, t.number, t.requester_id, t.organization_id,
        o.unp AS organization_unp, o.full_name AS organization_name,
        NULLIF(o.contract_number, '') AS organization_contract,
        s.code AS service_code, s.name_ru AS service_name_ru, s.name_be AS service_name_be, s.name_en AS service_name_en,
        t.subject, t.priority, t.priority_rank, t.status, t.group_id, t.assignee_id, t.created_at, t.updated_at,
        t.sla_due_at, COALESCE(t.sla_warn_at, 253402300799) AS sla_warn_at, t.sla_paused_left, t.sla_calendar_id,
        t.rating, t.rating_comment, t.contact_phone
    FROM tickets t
    JOIN services s ON s.id = +t.service_id
    LEFT JOIN organizations o ON o.id = t.organization_id";

/// A status change, with what it sends and does to the clocks.
#[derive(Clone, Copy)]
pub struct StatusChange<'a> {
    pub ticket_id: i64,
    pub actor_id: i64,
    /// The status the caller saw.
    pub old: TicketStatus,
    pub new: TicketStatus,
    pub now: i64,
    pub notice: Option<&'a NewOutbox>,
    pub sla: Option<&'a SlaMove<'a>>,
}

/// A duplicate going into another ticket.
pub struct Merge<'a> {
    pub source_id: i64,
    pub source_number: &'a str,
    pub source_status: TicketStatus,
    pub target_id: i64,
    pub target_number: &'a str,
    pub target_status: TicketStatus,
    pub actor_id: i64,
    pub now: i64,
    pub notice: Option<&'a NewOutbox>,
    /// The duplicate's clocks stop as it closes.
    pub sla: Option<&'a SlaMove<'a>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketLinks {
    pub continues: Option<String>,
    pub continued_in: Vec<String>,
    /// A duplicate: its conversation went on in this ticket.
    pub merged_into: Option<String>,
    /// Duplicates merged into this one.
    pub merged_from: Vec<String>,
}

impl Db {
    /// Files a ticket; numbers come from a per-year counter, so they are unique across instances.
    pub async fn create_ticket(&self, t: &NewTicket, notice: &Notice) -> StoreResult<String> {
        // PostgreSQL: every new ticket updates the counter's one row. Inside the ticket's
        // transaction its lock would be held through each commit's WAL flush, so tickets would
        // commit one at a time; in a transaction of its own that does not wait for the flush, the
        // lock is free at once and concurrent tickets share their flushes. No number can be
        // handed out twice: the counter's WAL record precedes the ticket's, whose commit is
        // flushed before it is acknowledged. A ticket that fails leaves a gap.
        let reserved = match self {
            Db::Sqlite(_) => None,
            Db::Postgres(pool) => {
                let mut counter = pool.begin().await?;
                sqlx::query("SET LOCAL synchronous_commit TO OFF").execute(&mut *counter).await?;
                let seq = next_ticket_seq!(&mut *counter, t.year)?;
                counter.commit().await?;
                Some(seq)
            }
        };
        Ok(in_tx!(self, |tx| {
            let seq = match reserved {
                Some(seq) => seq,
                None => next_ticket_seq!(&mut *tx, t.year)?,
            };
            insert_ticket!(&mut *tx, t, notice, seq)
        }))
    }

    /// A ticket by id, for the system's own work (sweepers): no one's visibility applies.
    pub async fn ticket_by_id(&self, id: i64) -> StoreResult<Option<TicketRow>> {
        let sql = format!("{TICKET_SELECT} WHERE t.id = $1");
        on_db!(self, |pool| sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
    }

    /// The ticket if this customer may see it; `None` otherwise (the caller answers 404).
    pub async fn customer_ticket(&self, user_id: i64, number: &str) -> StoreResult<Option<TicketRow>> {
        let sql = format!("{TICKET_SELECT} WHERE {} AND t.number = $2", customer_sees("$1"));
        on_db!(self, |pool| sqlx::query_as(&sql).bind(user_id).bind(number).fetch_optional(pool).await)
    }

    pub async fn ticket_messages(&self, ticket_id: i64, include_internal: bool) -> StoreResult<Vec<MessageRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT m.id, m.author_id, u.last_name AS author_last_name, u.first_name AS author_first_name,
                    (u.username IS NOT NULL) AS author_is_staff, u.lang AS author_lang, m.internal, m.body, m.created_at
             FROM ticket_messages m JOIN users u ON u.id = m.author_id
             WHERE m.ticket_id = $1 AND ($2 OR m.internal = $3) ORDER BY m.id"
        )
        .bind(ticket_id)
        .bind(include_internal)
        .bind(false)
        .fetch_all(pool)
        .await)
    }

    /// Adds a message with its files; moves the status when asked, recording the event.
    pub async fn add_message(&self, m: &NewMessage<'_>) -> StoreResult<Option<i64>> {
        Ok(in_tx!(self, |tx| {
            let moved = sqlx::query("UPDATE tickets SET updated_at = $2, status = $3 WHERE id = $1 AND status = $4")
                .bind(m.ticket_id)
                .bind(m.now)
                .bind(m.new_status.unwrap_or(m.status))
                .bind(m.status)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if moved == 0 {
                None
            } else {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO ticket_messages (ticket_id, author_id, internal, body, created_at)
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(m.ticket_id)
                .bind(m.author_id)
                .bind(m.internal)
                .bind(m.body)
                .bind(m.now)
                .fetch_one(&mut *tx)
                .await?;
                SearchIndex::index_message(
                    &mut *tx,
                    IndexedMessage {
                        ticket_id: m.ticket_id,
                        message_id: id,
                        internal: m.internal,
                        subject: None,
                        body: m.body,
                    },
                )
                .await?;
                insert_attachments!(tx, id, m.attachments, m.now);
                if !m.internal {
                    count_staff_action!(&mut *tx, m.ticket_id, StaffAction::Replied(m.author_id), m.now)?;
                }
                // What was being written is sent now: the draft goes with it.
                sqlx::query("DELETE FROM reply_drafts WHERE ticket_id = $1 AND user_id = $2")
                    .bind(m.ticket_id)
                    .bind(m.author_id)
                    .execute(&mut *tx)
                    .await?;
                move_ticket_sla!(&mut *tx, self.backend(), m.ticket_id, m.sla)?;
                if let Some(new) = m.new_status.filter(|new| *new != m.status) {
                    record_event!(
                        &mut *tx,
                        m.ticket_id,
                        Some(m.author_id),
                        m.now,
                        "status",
                        Some(m.status.as_str()),
                        Some(new.as_str())
                    )?;
                }
                if let Some(notice) = (m.notice)(id) {
                    insert_outbox!(&mut *tx, &notice, m.now)?;
                }
                Some(id)
            }
        }))
    }

    /// Moves the status when it is still `old` (a concurrent change wins otherwise); records the event.
    pub async fn change_status(&self, change: &StatusChange<'_>) -> StoreResult<bool> {
        let StatusChange { ticket_id, actor_id, old, new, now, notice, sla } = *change;
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE tickets SET status = $3, updated_at = $4,
                        resolved_at = CASE WHEN $3 = 'resolved' THEN $4 ELSE resolved_at END,
                        closed_at = CASE WHEN $3 = 'closed' THEN $4 ELSE closed_at END
                 WHERE id = $1 AND status = $2",
            )
            .bind(ticket_id)
            .bind(old)
            .bind(new)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                record_event!(
                    &mut *tx,
                    ticket_id,
                    Some(actor_id),
                    now,
                    "status",
                    Some(old.as_str()),
                    Some(new.as_str())
                )?;
                move_ticket_sla!(&mut *tx, self.backend(), ticket_id, sla)?;
                if let Some(notice) = notice {
                    insert_outbox!(&mut *tx, notice, now)?;
                }
            }
            changed == 1
        }))
    }

    /// The requester's rating of a resolved or closed ticket; once only.
    pub async fn rate_ticket(
        &self,
        ticket_id: i64,
        actor_id: i64,
        rating: i64,
        comment: Option<&str>,
        now: i64,
    ) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE tickets SET rating = $2, rating_comment = $3
                 WHERE id = $1 AND rating IS NULL AND status IN ('resolved', 'closed')",
            )
            .bind(ticket_id)
            .bind(rating)
            .bind(comment)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                let value = rating.to_string();
                record_event!(&mut *tx, ticket_id, Some(actor_id), now, "rating", None, Some(value.as_str()))?;
            }
            changed == 1
        }))
    }

    /// Closes resolved tickets whose resolution is older than `before` (DESIGN §5.4); the
    /// system is the actor. Returns how many were closed. Their clocks stopped when they were
    /// resolved, so closing leaves them as they are.
    pub async fn close_resolved_before(&self, before: i64, now: i64) -> StoreResult<u64> {
        Ok(in_tx!(self, |tx| {
            let ids: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM tickets WHERE status = 'resolved' AND resolved_at IS NOT NULL AND resolved_at < $1",
            )
            .bind(before)
            .fetch_all(&mut *tx)
            .await?;
            let mut closed = 0;
            for id in &ids {
                // Still resolved: a customer's reply may have reopened it since the list was read.
                let changed = sqlx::query(
                    "UPDATE tickets SET status = 'closed', closed_at = $2, updated_at = $2
                     WHERE id = $1 AND status = 'resolved'",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 1 {
                    record_event!(&mut *tx, id, None, now, "status", Some("resolved"), Some("closed"))?;
                    closed += 1;
                }
            }
            closed
        }))
    }

    pub async fn ticket_attachments(&self, ticket_id: i64, include_internal: bool) -> StoreResult<Vec<AttachmentRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT a.id, a.message_id, a.file_name, a.size, a.content_type
             FROM attachments a JOIN ticket_messages m ON m.id = a.message_id
             WHERE m.ticket_id = $1 AND ($2 OR m.internal = $3) ORDER BY a.message_id, a.position"
        )
        .bind(ticket_id)
        .bind(include_internal)
        .bind(false)
        .fetch_all(pool)
        .await)
    }

    pub async fn stored_attachment(&self, id: &str) -> StoreResult<Option<StoredAttachment>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT a.file_name, a.content_type, a.storage_key, t.number AS ticket_number, m.internal
             FROM attachments a JOIN ticket_messages m ON m.id = a.message_id JOIN tickets t ON t.id = m.ticket_id
             WHERE a.id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)
    }

    /// Which of these storage keys an attachment refers to.
    pub async fn known_storage_keys(&self, keys: &[String]) -> StoreResult<std::collections::HashSet<String>> {
        if keys.is_empty() {
            return Ok(Default::default());
        }
        let placeholders: Vec<String> = (1..=keys.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT storage_key FROM attachments WHERE storage_key IN ({})", placeholders.join(", "));
        let found: Vec<String> = on_db!(self, |pool| {
            let mut query = sqlx::query_scalar(&sql);
            for key in keys {
                query = query.bind(key);
            }
            query.fetch_all(pool).await
        })?;
        Ok(found.into_iter().collect())
    }

    /// The ticket's history, oldest first, with the actor's login or name.
    pub async fn ticket_events(&self, ticket_id: i64) -> StoreResult<Vec<EventRow>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT e.at, e.field, e.old_value, e.new_value,
                    u.first_name || ' ' || u.last_name AS actor
             FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id
             WHERE e.ticket_id = $1 ORDER BY e.id"
        )
        .bind(ticket_id)
        .fetch_all(pool)
        .await)
    }

    /// An active service by code: what new tickets may be filed or moved under.
    pub async fn service_by_code(&self, code: &str) -> StoreResult<Option<super::services::ServiceRow>> {
        let sql = format!("SELECT {} FROM services WHERE code = $1 AND active = $2", super::services::SERVICE_COLUMNS);
        on_db!(self, |pool| sqlx::query_as(&sql).bind(code).bind(true).fetch_optional(pool).await)
    }

    /// The tickets linked to this one: the closed ticket it continues and those continuing it.
    /// For a customer (`Some(user)`) only the ones they may see.
    pub async fn ticket_links(&self, ticket_id: i64, customer: Option<i64>) -> StoreResult<TicketLinks> {
        let visible = format!("($1 IS NULL OR {})", customer_sees("$1"));
        let continues = format!(
            "SELECT t.number FROM tickets t
             WHERE t.id = (SELECT linked_ticket_id FROM tickets WHERE id = $2) AND {visible}"
        );
        let continued_in =
            format!("SELECT t.number FROM tickets t WHERE t.linked_ticket_id = $2 AND {visible} ORDER BY t.id");
        let merged_into = format!(
            "SELECT t.number FROM tickets t
             WHERE t.id = (SELECT merged_into_id FROM tickets WHERE id = $2) AND {visible}"
        );
        let merged_from =
            format!("SELECT t.number FROM tickets t WHERE t.merged_into_id = $2 AND {visible} ORDER BY t.id");
        on_db!(self, |pool| async {
            Ok(TicketLinks {
                continues: sqlx::query_scalar(&continues).bind(customer).bind(ticket_id).fetch_optional(pool).await?,
                continued_in: sqlx::query_scalar(&continued_in).bind(customer).bind(ticket_id).fetch_all(pool).await?,
                merged_into: sqlx::query_scalar(&merged_into)
                    .bind(customer)
                    .bind(ticket_id)
                    .fetch_optional(pool)
                    .await?,
                merged_from: sqlx::query_scalar(&merged_from).bind(customer).bind(ticket_id).fetch_all(pool).await?,
            })
        }
        .await)
    }

    /// Moves the duplicate's messages (and so their files) into `target`, closes the duplicate
    /// pointing at it, and records both sides. Nothing happens when either ticket changed
    /// status meanwhile (`false`).
    pub async fn merge_tickets(&self, m: &Merge<'_>) -> StoreResult<bool> {
        Ok(in_tx!(self, |tx| {
            let closed = sqlx::query(
                "UPDATE tickets SET status = $3, merged_into_id = $2, updated_at = $4, closed_at = $4
                 WHERE id = $1 AND status = $5 AND merged_into_id IS NULL",
            )
            .bind(m.source_id)
            .bind(m.target_id)
            .bind(TicketStatus::Closed)
            .bind(m.now)
            .bind(m.source_status)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let touched = sqlx::query("UPDATE tickets SET updated_at = $2 WHERE id = $1 AND status = $3")
                .bind(m.target_id)
                .bind(m.now)
                .bind(m.target_status)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if closed != 1 || touched != 1 {
                // The transaction is rolled back as it is dropped.
                return Ok(false);
            }
            sqlx::query("UPDATE ticket_messages SET ticket_id = $2 WHERE ticket_id = $1")
                .bind(m.source_id)
                .bind(m.target_id)
                .execute(&mut *tx)
                .await?;
            let (source, target) = (m.source_number, m.target_number);
            record_event!(
                &mut *tx,
                m.source_id,
                Some(m.actor_id),
                m.now,
                "status",
                Some(m.source_status.as_str()),
                Some("closed")
            )?;
            move_ticket_sla!(&mut *tx, self.backend(), m.source_id, m.sla)?;
            record_event!(&mut *tx, m.source_id, Some(m.actor_id), m.now, "merged_into", None, Some(target))?;
            record_event!(&mut *tx, m.target_id, Some(m.actor_id), m.now, "merged_from", None, Some(source))?;
            if let Some(notice) = m.notice {
                insert_outbox!(&mut *tx, notice, m.now)?;
            }
            true
        }))
    }

    /// The organisation's id, and whether it has a contract with the operator, when the user's
    /// representation of it is confirmed.
    pub async fn confirmed_organization(&self, user_id: i64, unp: &str) -> StoreResult<Option<(i64, bool)>> {
        on_db!(self, |pool| sqlx::query_as(
            "SELECT o.id, (NULLIF(o.contract_number, '') IS NOT NULL) AS contract
             FROM representations r JOIN organizations o ON o.id = r.organization_id
             WHERE r.user_id = $1 AND o.unp = $2 AND r.status = 'confirmed'"
        )
        .bind(user_id)
        .bind(unp)
        .fetch_optional(pool)
        .await)
    }
}
