//! `/staff/events`: new tickets appear in the operator's queue without reloading (server-sent
//! events).
//!
//! Each stream remembers the newest ticket it has announced and asks the database for newer
//! ones in the operator's open queue whenever this instance files a ticket, and every few
//! seconds anyway — so tickets filed through another instance arrive too. Each time it first
//! checks that the sign-in still holds, and ends when it does not (logout, a disabled
//! account, a timeout).

use std::convert::Infallible;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};

use crate::app::auth::CurrentUser;
use crate::app::App;
use crate::domain::listing::TicketSort;
use crate::store::listing::{ListScope, TicketListing};
use crate::store::queue::{Queue, StaffScope};
use crate::web::context::Ctx;
use crate::web::errors::PageError;

/// How often a stream looks for tickets filed elsewhere.
const POLL: Duration = Duration::from_secs(5);
const MAX_PER_EVENT: i64 = 20;

#[derive(serde::Serialize)]
struct NewTicket {
    number: String,
    subject: String,
    service: String,
    priority: &'static str,
    priority_text: String,
    status_text: String,
}

struct Watch {
    app: App,
    current: CurrentUser,
    scope: StaffScope,
    lang: crate::i18n::Tr,
    last_id: i64,
    filed: tokio::sync::watch::Receiver<u64>,
    stopping: tokio::sync::watch::Receiver<bool>,
}

pub async fn events(ctx: Ctx) -> Result<Response, PageError> {
    let current: &CurrentUser = ctx.require_user()?;
    let scope = ctx.app.staff_scope(current).map_err(|e| PageError::new(e, ctx.tr))?;
    let last_id =
        newest(&ctx.app, scope, 0).await.map_err(|e| PageError::new(e.into(), ctx.tr))?.first().map_or(0, |t| t.id);
    let watch = Watch {
        app: ctx.app.clone(),
        current: current.clone(),
        scope,
        lang: ctx.tr,
        last_id,
        filed: ctx.app.ticket_filed.subscribe(),
        stopping: ctx.app.stopping.subscribe(),
    };
    Ok(Sse::new(stream_of(watch)).keep_alive(KeepAlive::default()).into_response())
}

async fn newest(
    app: &App,
    scope: StaffScope,
    after_id: i64,
) -> Result<Vec<crate::store::tickets::TicketRow>, sqlx::Error> {
    let mut listing = TicketListing::new(ListScope::Staff { scope, queue: Queue::Open }, MAX_PER_EVENT);
    listing.sort = TicketSort::Created;
    listing.id_above = Some(after_id);
    app.db.list_tickets(&listing).await
}

fn stream_of(watch: Watch) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(watch, |mut w| async move {
        loop {
            tokio::select! {
                _ = w.filed.changed() => {}
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
            let found = match newest(&w.app, w.scope, w.last_id).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::warn!(error = %e, "staff events: cannot read new tickets");
                    continue;
                }
            };
            let Some(top) = found.first() else { continue };
            w.last_id = top.id;
            let tr = w.lang;
            let items: Vec<NewTicket> = found
                .iter()
                .map(|t| NewTicket {
                    number: t.number.clone(),
                    subject: t.subject.clone(),
                    service: t.service_name(tr.lang_code()).to_string(),
                    priority: t.priority.as_str(),
                    priority_text: tr.t(&format!("priority-{}", t.priority.as_str())),
                    status_text: super::tickets::staff_status_text(tr, t.status),
                })
                .collect();
            let event = Event::default().event("tickets").json_data(&items).unwrap_or_default();
            return Some((Ok(event), w));
        }
    })
}
