//! `/staff`: the operator console's queues; the ticket workspace is `staff_ticket`.

use crate::web::context::Nav;
use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::html;
use super::listing::{next_page_link, Filters};
use super::tickets::{staff_status_text, TicketItem};
use crate::app::auth::CurrentUser;
use crate::app::listing::ListQuery;
use crate::app::{App, AppError};
use crate::domain::ticket::{Priority, TicketStatus};
use crate::i18n::Tr;
use crate::web::context::Ctx;
use crate::web::errors::{message, PageError};

fn staff_user(ctx: &Ctx) -> Result<&CurrentUser, PageError> {
    let current = ctx.require_user()?;
    ctx.app.staff_scope(current).map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(current)
}

#[derive(Template)]
#[template(path = "staff_queue.html")]
struct QueuePage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    queues: Vec<(&'static str, String)>,
    queue: String,
    filters: Filters,
    /// The plain first page of a queue: the one that updates itself.
    live: bool,
    /// This page's address: where the bulk change comes back to.
    here: String,
    bulk_statuses: Vec<(&'static str, String)>,
    bulk_priorities: Vec<(&'static str, String)>,
    bulk_groups: Vec<(String, String)>,
    bulk_staff: Vec<(i64, String)>,
    error: Option<String>,
    items: Vec<TicketItem>,
    next_link: Option<String>,
}

async fn queue(ctx: Ctx, Query(mut q): Query<ListQuery>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    let queue = q.queue.clone().filter(|v| !v.is_empty()).unwrap_or_else(|| "open".into());
    q.queue = Some(queue.clone());
    let (items, next, error) = match ctx.app.staff_queue(current, &q).await {
        Ok(page) => (page.items, page.next_cursor, None),
        Err(e @ AppError::Validation(_)) => (vec![], None, Some(message(&e, ctx.tr))),
        Err(e) => return Err(PageError::new(e, ctx.tr)),
    };
    let now = ctx.app.now();
    let filters = Filters::load(&ctx, &q, staff_status_text, Vec::new()).await?;
    let live = !filters.any_set() && filters.q.trim().is_empty() && q.cursor.is_none() && error.is_none();
    let catalog = ctx.app.catalog().await.map_err(|e| PageError::new(e, ctx.tr))?;
    let page = QueuePage {
        here: crate::web::errors::urlencode(&format!("/staff?queue={queue}")),
        bulk_statuses: [
            TicketStatus::InProgress,
            TicketStatus::OnHold,
            TicketStatus::WaitingCustomer,
            TicketStatus::Resolved,
            TicketStatus::Closed,
        ]
        .into_iter()
        .map(|s| (s.as_str(), staff_status_text(ctx.tr, s)))
        .collect(),
        bulk_priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), ctx.tr.t(&format!("priority-{}", p.as_str()))))
            .collect(),
        bulk_groups: catalog
            .active_group_names()
            .into_iter()
            .map(|(code, ru, be, en)| {
                let name = match ctx.tr.lang_code() {
                    "be" => be,
                    "en" => en,
                    _ => ru,
                };
                (code, name)
            })
            .collect(),
        bulk_staff: catalog.active_staff().iter().map(|s| (s.id, s.name())).collect(),
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        queues: ["mine", "unassigned", "open", "waiting", "all"]
            .into_iter()
            .map(|q| (q, ctx.tr.t(&format!("queue-{q}"))))
            .collect(),
        filters,
        live,
        items: items.iter().map(|t| TicketItem::from_row(ctx.tr, t, true, now, &catalog.sla.calendars)).collect(),
        next_link: next.map(|c| next_page_link("/staff", &q, &c)),
        queue,
        error,
    };
    Ok(html(&page))
}

pub fn router(upload_limit: usize) -> Router<App> {
    Router::new()
        .route("/staff", get(queue))
        .route("/staff/events", get(super::staff_events::events))
        .merge(super::staff_ticket::router(upload_limit))
        .merge(super::staff_bulk::router())
}
