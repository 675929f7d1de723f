//! `/staff/events?queue=…`: every queue updates in place without reloading (server-sent
//! events) — new tickets, customers' replies, status and assignee changes.
//!
//! Each stream remembers up to when it has told the page, and asks the database for the
//! tickets of the operator's queue changed since, whenever a ticket is filed or changed — here,
//! or through another instance, which PostgreSQL tells (`store::changes`) — and every few
//! seconds anyway, for what a lost connection to the database did not tell. Each time it first
//! checks that the sign-in still holds, and ends when it does not (logout, a disabled
//! account, a timeout).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Query;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};

use super::tickets::TicketItem;
use crate::app::auth::CurrentUser;
use crate::app::listing::parse_queue;
use crate::app::App;
use crate::domain::listing::TicketSort;
use crate::store::listing::{ListScope, TicketListing};
use crate::store::queue::{Queue, StaffScope};
use crate::store::tickets::TicketRow;
use crate::web::context::Ctx;
use crate::web::errors::PageError;

/// How often a stream looks for changes anyway (a notification lost with a connection).
const POLL: Duration = Duration::from_secs(5);
const MAX_PER_EVENT: i64 = 50;

/// A queue row as the page draws it, with every column filled.
#[derive(serde::Serialize)]
struct LiveRow {
    number: String,
    subject: String,
    organization: String,
    status: String,
    status_text: String,
    service: String,
    priority: String,
    priority_text: String,
    updated: String,
    sla_due: String,
    sla_state: &'static str,
    overdue: bool,
    /// Filed since the page was drawn, rather than changed.
    new: bool,
    /// Assigned to the reader: worth a browser notification.
    mine: bool,
}

struct Watch {
    app: App,
    current: CurrentUser,
    scope: StaffScope,
    queue: Queue,
    lang: crate::i18n::Tr,
    /// Changes at or after this second are looked for…
    since: i64,
    /// …except these, already sent as they are now, changed at exactly `since`.
    sent_at_since: Vec<RowState>,
    changed: tokio::sync::watch::Receiver<u64>,
    stopping: tokio::sync::watch::Receiver<bool>,
}

/// What a row showed when it was sent: a second change within the same second (another status,
/// another assignee) is sent again. Two replies within one second arrive as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowState {
    id: i64,
    updated_at: i64,
    status: crate::domain::ticket::TicketStatus,
    assignee: Option<i64>,
    priority: crate::domain::ticket::Priority,
}

impl RowState {
    fn of(t: &TicketRow) -> Self {
        RowState { id: t.id, updated_at: t.updated_at, status: t.status, assignee: t.assignee_id, priority: t.priority }
    }
}

#[derive(serde::Deserialize)]
pub struct EventsQuery {
    queue: Option<String>,
}

pub async fn events(ctx: Ctx, Query(q): Query<EventsQuery>) -> Result<Response, PageError> {
    let current: &CurrentUser = ctx.require_user()?;
    let scope = ctx.app.staff_scope(current).map_err(|e| PageError::new(e, ctx.tr))?;
    let queue = parse_queue(q.queue.as_deref()).map_err(|e| PageError::new(e.into(), ctx.tr))?;
    let watch = Watch {
        app: ctx.app.clone(),
        current: current.clone(),
        scope,
        queue,
        lang: ctx.tr,
        // What changes from now on: the page was drawn a moment ago.
        since: ctx.app.now_unix(),
        sent_at_since: Vec::new(),
        changed: ctx.app.ticket_changed.subscribe(),
        stopping: ctx.app.stopping.subscribe(),
    };
    Ok(Sse::new(stream_of(watch)).keep_alive(KeepAlive::default()).into_response())
}

async fn changed_since(w: &Watch) -> Result<Vec<TicketRow>, sqlx::Error> {
    let mut listing = TicketListing::new(ListScope::Staff { scope: w.scope, queue: w.queue }, MAX_PER_EVENT);
    listing.sort = TicketSort::Updated;
    listing.updated_from = Some(w.since);
    let rows = w.app.db.list_tickets(&listing).await?;
    Ok(rows.into_iter().filter(|t| !w.sent_at_since.contains(&RowState::of(t))).collect())
}

fn stream_of(watch: Watch) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(watch, |mut w| async move {
        loop {
            tokio::select! {
                _ = w.changed.changed() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = w.stopping.wait_for(|stop| *stop) => return None,
            }
            // Logged out, disabled or timed out since the stream began: nothing more for it.
            match w.app.still_signed_in(&w.current).await {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    tracing::warn!(error = %e, "staff events: cannot check the session");
                    return None;
                }
            }
            let found = match changed_since(&w).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "staff events: cannot read changed tickets");
                    continue;
                }
            };
            let Some(newest) = found.iter().map(|t| t.updated_at).max() else { continue };
            if newest > w.since {
                w.since = newest;
                w.sent_at_since.clear();
            }
            w.sent_at_since.extend(found.iter().filter(|t| t.updated_at == w.since).map(RowState::of));
            let (tr, now, me) = (w.lang, w.app.now(), w.current.user.id);
            // Without the catalogue the badges count wall-clock time; the page's rows still come.
            let catalog = w.app.catalog().await.unwrap_or_default();
            let calendars = &catalog.sla.calendars;
            let rows: Vec<LiveRow> = found
                .iter()
                .map(|t| {
                    let item = TicketItem::from_row(tr, t, true, now, calendars);
                    LiveRow {
                        new: t.created_at == t.updated_at,
                        mine: t.assignee_id == Some(me),
                        number: item.number,
                        subject: item.subject,
                        organization: item.organization,
                        status: item.status,
                        status_text: item.status_text,
                        service: item.service,
                        priority: item.priority,
                        priority_text: item.priority_text,
                        updated: item.updated,
                        sla_due: item.sla_due,
                        sla_state: item.sla_state,
                        overdue: item.overdue,
                    }
                })
                .collect();
            let event = Event::default().event("tickets").json_data(&rows).unwrap_or_default();
            return Some((Ok(event), w));
        }
    })
}
