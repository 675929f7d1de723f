//! `/staff`: the operator console — queues and the ticket workspace.

use crate::app::done::Done;
use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::listing::{next_page_link, Filters};
use super::tickets::{files_hint, files_of, staff_status_text, TicketItem};
use super::{html, render, see_other};
use crate::app::auth::CurrentUser;
use crate::app::listing::ListQuery;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::links::{segments, Segment};
use crate::domain::ticket::TicketNumber;
use crate::domain::ticket::{transition, Actor, Priority, TicketStatus};
use crate::domain::Phone;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::tickets::TicketLinks;
use crate::web::context::{Ctx, TicketPath};
use crate::web::errors::{message, FormErrors, PageError};
use crate::web::uploads::PageForm;

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
    let now = ctx.app.now_unix();
    let page = QueuePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        queues: ["mine", "unassigned", "open", "waiting", "all"]
            .into_iter()
            .map(|q| (q, ctx.tr.t(&format!("queue-{q}"))))
            .collect(),
        filters: Filters::load(&ctx, &q, staff_status_text, Vec::new()).await?,
        items: items.iter().map(|t| TicketItem::from_row(ctx.tr, t, true, now)).collect(),
        next_link: next.map(|c| next_page_link("/staff", &q, &c)),
        queue,
        error,
    };
    Ok(html(&page))
}

struct OrgCard {
    id: i64,
    name: String,
    unp: String,
    pending: bool,
    status_text: String,
    contract: String,
}

struct TimelineItem {
    kind: &'static str,
    author: String,
    /// `lang` of a message's text (its author's language); empty for events.
    lang: String,
    at: String,
    body: Vec<Segment>,
    files: Vec<super::tickets::FileLink>,
}

#[derive(Template)]
#[template(path = "staff_ticket.html")]
struct TicketPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    number: String,
    subject: String,
    status: String,
    status_text: String,
    service: String,
    assignee: String,
    requester_name: String,
    requester_phone: String,
    contact_phone: String,
    requester_email: String,
    organizations: Vec<OrgCard>,
    can_decide: bool,
    timeline: Vec<TimelineItem>,
    links: TicketLinks,
    open: bool,
    next_statuses: Vec<(&'static str, String)>,
    my_login: String,
    files_hint: String,
    rating: String,
    priorities: Vec<(&'static str, String, bool)>,
    groups: Vec<(String, String, bool)>,
    canned: Vec<crate::store::canned::CannedResponse>,
    /// The reply text to start from: a chosen canned response, or what failed to send.
    draft: String,
}

async fn ticket_page(
    ctx: &Ctx,
    number: TicketNumber,
    notice: Option<String>,
    errors: FormErrors,
    canned_id: Option<i64>,
) -> Result<TicketPage, PageError> {
    let current = staff_user(ctx)?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let canned = ctx.app.canned_responses(current).await.map_err(fail)?;
    let draft = canned_id.and_then(|id| canned.iter().find(|c| c.id == id)).map(|c| c.body.clone()).unwrap_or_default();
    let (ticket, messages) = ctx.app.staff_ticket(current, number).await.map_err(fail)?;
    let db = &ctx.app.db;
    let requester = db
        .user_by_id(ticket.requester_id)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(AppError::NotFound))?;
    let memberships = db.memberships(requester.id).await.map_err(|e| fail(e.into()))?;
    let events = db.ticket_events(ticket.id).await.map_err(|e| fail(e.into()))?;
    let links = db.ticket_links(ticket.id, None).await.map_err(|e| fail(e.into()))?;
    let files = db.ticket_attachments(ticket.id, true).await.map_err(|e| fail(e.into()))?;
    let assignee = match ticket.assignee_id {
        Some(id) => db.user_by_id(id).await.map_err(|e| fail(e.into()))?.and_then(|u| u.username).unwrap_or_default(),
        None => "—".into(),
    };
    let mut timeline: Vec<(i64, u8, TimelineItem)> = messages
        .into_iter()
        .map(|m| {
            let kind = if m.internal {
                "internal"
            } else if m.author_is_staff {
                "staff"
            } else {
                "customer"
            };
            (
                m.created_at,
                0,
                TimelineItem {
                    kind,
                    author: crate::app::tickets::author_name(&m, true, ctx.tr),
                    lang: m.author_lang.clone(),
                    at: format_minsk(from_unix(m.created_at)),
                    files: files_of(ctx.tr, &files, m.id),
                    body: segments(&m.body),
                },
            )
        })
        .collect();
    timeline.extend(events.into_iter().map(|e| {
        let value = |v: Option<String>| match (e.field.as_str(), v) {
            ("status", Some(s)) => TicketStatus::parse(&s).map(|s| staff_status_text(ctx.tr, s)).unwrap_or(s),
            (_, Some(v)) => v,
            (_, None) => "—".into(),
        };
        let change =
            format!("{}: {} → {}", ctx.tr.t(&format!("field-{}", e.field)), value(e.old_value), value(e.new_value));
        (
            e.at,
            1,
            TimelineItem {
                kind: "event",
                author: format!("{} · {}", e.actor.unwrap_or_else(|| ctx.tr.t("actor-system")), change),
                lang: String::new(),
                at: format_minsk(from_unix(e.at)),
                body: Vec::new(),
                files: vec![],
            },
        )
    }));
    timeline.sort_by_key(|(at, order, _)| (*at, *order));
    let status = ticket.status;
    let (ticket_rating_value, ticket_rating_comment) = (ticket.rating, ticket.rating_comment.clone());
    let ticket_priority = ticket.priority;
    let ticket_contact = ticket.contact_phone.clone();
    let ticket_group = match ticket.group_id {
        Some(id) => db.group_code(id).await.map_err(|e| fail(e.into()))?,
        None => None,
    };
    Ok(TicketPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        canned,
        draft,
        links,
        status_text: staff_status_text(ctx.tr, ticket.status),
        service: ticket.service_name(ctx.tr.lang_code()).to_string(),
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status.as_str().to_string(),
        assignee,
        requester_name: format!(
            "{} {} {}",
            requester.last_name,
            requester.first_name,
            requester.middle_name.unwrap_or_default()
        )
        .trim()
        .to_string(),
        requester_phone: phone_display(requester.phone.as_deref()),
        // Shown only when the customer gave another number for this ticket.
        contact_phone: if ticket_contact != requester.phone {
            phone_display(ticket_contact.as_deref())
        } else {
            String::new()
        },
        requester_email: requester.email.unwrap_or_default(),
        organizations: memberships
            .into_iter()
            .map(|m| OrgCard {
                id: m.id,
                status_text: ctx.tr.t(&format!("representation-{}", m.status)),
                pending: m.status == "pending",
                name: m.full_name,
                unp: m.unp,
                contract: m.contract_number.unwrap_or_default(),
            })
            .collect(),
        timeline: timeline.into_iter().map(|(_, _, item)| item).collect(),
        open: status != TicketStatus::Closed,
        next_statuses: TicketStatus::ALL
            .into_iter()
            .filter(|to| transition(status, *to, Actor::Staff).is_ok())
            .map(|s| (s.as_str(), staff_status_text(ctx.tr, s)))
            .collect(),
        my_login: current.user.username.clone().unwrap_or_default(),
        files_hint: files_hint(ctx),
        rating: ticket_rating(ctx.tr, ticket_rating_value, ticket_rating_comment),
        priorities: Priority::ALL
            .iter()
            .map(|p| (p.as_str(), ctx.tr.t(&format!("priority-{}", p.as_str())), *p == ticket_priority))
            .collect(),
        groups: db
            .staff_groups()
            .await
            .map_err(|e| fail(e.into()))?
            .into_iter()
            .map(|(code, ru, be, en)| {
                let name = match ctx.tr.lang_code() {
                    "be" => be,
                    "en" => en,
                    _ => ru,
                };
                let selected = Some(&code) == ticket_group.as_ref();
                (code, name, selected)
            })
            .collect(),
        can_decide: ctx.app.staff_scope(current).is_ok_and(|scope| scope.all_groups),
    })
}

fn ticket_rating(tr: Tr, rating: Option<i64>, comment: Option<String>) -> String {
    match rating {
        Some(n) => {
            let label = super::tickets::rating_label(tr, n);
            format!(
                "{} ({label}){}",
                tr.t1("rating-given", "n", n),
                comment.map(|c| format!(" — «{c}»")).unwrap_or_default()
            )
        }
        None => String::new(),
    }
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
    /// A canned response to start the reply from.
    canned: Option<i64>,
}

async fn show(ctx: Ctx, TicketPath(number): TicketPath, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&ticket_page(&ctx, number, notice, FormErrors::default(), q.canned).await?))
}

async fn failed(ctx: &Ctx, number: TicketNumber, e: AppError) -> Result<Response, PageError> {
    match e {
        AppError::Validation(_)
        | AppError::InvalidTransition
        | AppError::Conflict
        | AppError::PayloadTooLarge { .. }
        | AppError::TextTooLarge { .. } => {
            let status = match crate::web::errors::classify(&e).0 {
                StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let page = ticket_page(ctx, number, None, FormErrors::from_error(&e, ctx.tr), None).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        other => Err(PageError::new(other, ctx.tr)),
    }
}

async fn reply(ctx: Ctx, TicketPath(number): TicketPath, form: PageForm) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    let data = match form.read(&ctx.app).await {
        Ok(data) => data,
        Err(e) => return failed(&ctx, number, e).await,
    };
    let internal = data.text("kind") == "note";
    match ctx.app.reply_as_staff(current, number, &data.text("body"), internal, data.files).await {
        Ok(_) => {
            let done = if internal { Done::NoteAdded } else { Done::ReplySent };
            Ok(see_other(&done.after(&format!("/staff/tickets/{number}"))))
        }
        Err(e) => failed(&ctx, number, e).await,
    }
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    status: String,
}

async fn set_status(
    ctx: Ctx,
    TicketPath(number): TicketPath,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    match ctx.app.set_status(current, number, &form.status).await {
        Ok(()) => Ok(see_other(&Done::StatusChanged.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e).await,
    }
}

#[derive(Deserialize)]
struct ClassifyForm {
    #[serde(default)]
    priority: String,
    #[serde(default)]
    group: String,
}

async fn classify(
    ctx: Ctx,
    TicketPath(number): TicketPath,
    Form(form): Form<ClassifyForm>,
) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    match ctx.app.reclassify(current, number, &form.priority, &form.group, "").await {
        Ok(()) => Ok(see_other(&Done::Classified.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e).await,
    }
}

#[derive(Deserialize)]
struct AssignForm {
    #[serde(default)]
    assignee: String,
}

async fn assign(ctx: Ctx, TicketPath(number): TicketPath, Form(form): Form<AssignForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    match ctx.app.assign(current, number, Some(&form.assignee)).await {
        Ok(()) => Ok(see_other(&Done::Assigned.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e).await,
    }
}

#[derive(Deserialize)]
struct DecisionForm {
    /// confirm / confirm_manager / reject: one button each.
    #[serde(default)]
    decision: String,
    #[serde(default)]
    number: String,
}

async fn decide(ctx: Ctx, Path(id): Path<i64>, Form(form): Form<DecisionForm>) -> Result<Response, PageError> {
    let current = staff_user(&ctx)?;
    // The ticket page to go back to, as we print it.
    let number = TicketNumber::from_path(&form.number).map_err(|_| PageError::new(AppError::NotFound, ctx.tr))?;
    let (decision, role) = match form.decision.as_str() {
        "confirm_manager" => ("confirm", "manager"),
        other => (other, "member"),
    };
    match ctx.app.decide_representation(current, id, decision, Some(role)).await {
        Ok(()) => Ok(see_other(&Done::RepresentationDecided.after(&format!("/staff/tickets/{number}")))),
        Err(e) => failed(&ctx, number, e).await,
    }
}

pub fn router(upload_limit: usize) -> Router<App> {
    Router::new()
        .route("/staff", get(queue))
        .route("/staff/events", get(super::staff_events::events))
        .route("/staff/tickets/{number}", get(show))
        .route("/staff/tickets/{number}/reply", post(reply).layer(axum::extract::DefaultBodyLimit::max(upload_limit)))
        .route("/staff/tickets/{number}/status", post(set_status))
        .route("/staff/tickets/{number}/assign", post(assign))
        .route("/staff/tickets/{number}/classify", post(classify))
        .route("/staff/representations/{id}/decision", post(decide))
}

/// `+375 29 123-45-67`, or nothing for a number that is not one (an anonymised account).
fn phone_display(phone: Option<&str>) -> String {
    phone.and_then(|p| Phone::parse(p).ok()).map(|p| p.display()).unwrap_or_default()
}
