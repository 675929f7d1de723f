//! `/tickets`: a customer's requests — the list, a new one, one with its conversation.

use crate::app::done::Done;
use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::listing::{next_page_link, Filters};
use super::{html, render, see_other};
use crate::app::auth::CurrentUser;
use crate::app::listing::ListQuery;
use crate::app::tickets::{author_name, CustomerReply, NewTicketForm};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::attachment::content_disposition;
use crate::domain::links::{segments, Segment};
use crate::domain::ticket::TicketNumber;
use crate::domain::ticket::{transition, Actor, TicketStatus};
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::tickets::TicketLinks;
use crate::web::context::{Ctx, TicketPath};
use crate::web::errors::{classify, message, FormErrors, Labels, PageError};
use crate::web::uploads::PageForm;

/// One line of a ticket list, for customers and staff alike.
pub struct TicketItem {
    pub number: String,
    pub subject: String,
    pub status: String,
    pub status_text: String,
    pub service: String,
    pub organization: String,
    pub updated: String,
    pub priority: String,
    pub priority_text: String,
    /// Working time left (or over) of the nearest service-level target, for staff.
    pub sla_due: String,
    /// `running`, `warning`, `breached`, `paused`, or empty when nothing is owed.
    pub sla_state: &'static str,
    /// Still open past a target.
    pub overdue: bool,
}

impl TicketItem {
    pub fn from_row(
        tr: Tr,
        t: &crate::store::tickets::TicketRow,
        for_staff: bool,
        now: time::OffsetDateTime,
        calendars: &crate::store::ticket_sla::Calendars,
    ) -> Self {
        let badge = if for_staff { crate::app::sla_view::badge(t, calendars, now, tr) } else { None };
        TicketItem {
            number: t.number.clone(),
            subject: t.subject.clone(),
            status: t.status.as_str().to_string(),
            status_text: if for_staff { staff_status_text(tr, t.status) } else { status_text(tr, t.status) },
            service: t.service_name(tr.lang_code()).to_string(),
            organization: t.organization_name.clone().unwrap_or_default(),
            updated: format_minsk(from_unix(t.updated_at)),
            priority: t.priority.as_str().to_string(),
            priority_text: tr.t(&format!("priority-{}", t.priority.as_str())),
            overdue: badge.as_ref().is_some_and(|b| b.state == crate::app::sla_view::SlaState::Breached),
            sla_state: badge.as_ref().map_or("", |b| b.state.as_str()),
            sla_due: badge.map(|b| b.text).unwrap_or_default(),
        }
    }
}

/// The reply form calls its text «Ваш ответ».
pub const REPLY_LABELS: Labels = &[("body", "field-reply")];
/// The new-ticket form asks «От чьего имени».
pub const NEW_TICKET_LABELS: Labels = &[("organization_unp", "field-on-behalf")];

#[derive(Template)]
#[template(path = "tickets.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    error: Option<String>,
    filters: Filters,
    items: Vec<TicketItem>,
    next_link: Option<String>,
}

#[derive(Deserialize, Default)]
struct Notice {
    done: Option<String>,
}

pub use crate::app::tickets::{staff_status_text, status_text};

async fn list(ctx: Ctx, Query(q): Query<ListQuery>, Query(n): Query<Notice>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let (items, next, error) = match ctx.app.my_tickets(current, &q).await {
        Ok(page) => (page.items, page.next_cursor, None),
        Err(e @ AppError::Validation(_)) => (vec![], None, Some(message(&e, ctx.tr))),
        Err(e) => return Err(PageError::new(e, ctx.tr)),
    };
    let organizations = confirmed_organizations(&ctx, current).await?;
    let now = ctx.app.now();
    let page = ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(n.done.as_deref(), ctx.tr),
        filters: Filters::load(&ctx, &q, status_text, organizations).await?,
        items: items.iter().map(|t| TicketItem::from_row(ctx.tr, t, false, now, &Default::default())).collect(),
        next_link: next.map(|c| next_page_link("/tickets", &q, &c)),
        error,
    };
    Ok(html(&page))
}

/// (УНП, name) of the organisations the customer may file for and filter by.
async fn confirmed_organizations(ctx: &Ctx, current: &CurrentUser) -> Result<Vec<(String, String)>, PageError> {
    Ok(ctx
        .app
        .db
        .memberships(current.user.id)
        .await
        .map_err(|e| PageError::new(e.into(), ctx.tr))?
        .into_iter()
        .filter(|m| m.status == "confirmed")
        .map(|m| (m.unp, m.full_name))
        .collect())
}

struct ServiceGroup {
    name: String,
    children: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "ticket_new.html")]
struct NewPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    form: NewTicketForm,
    errors: FormErrors,
    services: Vec<ServiceGroup>,
    organizations: Vec<(String, String)>,
    files_hint: String,
}

async fn new_page(ctx: &Ctx, form: NewTicketForm, errors: FormErrors) -> Result<NewPage, PageError> {
    let current = ctx.require_user()?;
    let fail = |e: sqlx::Error| PageError::new(e.into(), ctx.tr);
    let rows = ctx.app.db.active_services().await.map_err(fail)?;
    let lang = ctx.tr.lang_code();
    let services = rows
        .iter()
        .filter(|s| s.parent_id.is_none())
        .map(|p| ServiceGroup {
            name: p.name(lang).to_string(),
            children: rows
                .iter()
                .filter(|c| c.parent_id == Some(p.id))
                .map(|c| (c.code.clone(), c.name(lang).to_string()))
                .collect(),
        })
        .collect();
    let organizations = confirmed_organizations(ctx, current).await?;
    let mut form = form;
    if form.contact_phone.is_empty() {
        form.contact_phone = current.login();
    }
    Ok(NewPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        form,
        errors,
        services,
        organizations,
        files_hint: files_hint(ctx),
    })
}

async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    Ok(html(&new_page(&ctx, NewTicketForm::default(), FormErrors::default()).await?))
}

async fn file(ctx: Ctx, form: PageForm) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let (form, outcome) = match form.read(&ctx.app).await {
        Ok(data) => {
            let form = NewTicketForm {
                service: data.text("service"),
                subject: data.text("subject"),
                body: data.text("body"),
                organization_unp: data.text("organization_unp"),
                priority: data.text("priority"),
                contact_phone: data.text("contact_phone"),
            };
            let outcome = ctx.app.file_ticket(current, &form, data.files).await;
            (form, outcome)
        }
        Err(e) => (NewTicketForm::default(), Err(e)),
    };
    match outcome {
        Ok(number) => Ok(see_other(&Done::TicketFiled.after(&format!("/tickets/{number}")))),
        Err(e @ (AppError::Validation(_) | AppError::PayloadTooLarge { .. } | AppError::TextTooLarge { .. })) => {
            let status = classify(&e).0;
            let errors = FormErrors::labelled(&e, ctx.tr, NEW_TICKET_LABELS);
            let page = new_page(&ctx, form, errors).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

struct MessageView {
    author: String,
    /// `lang` of the text, so a screen reader reads it in its author's language.
    lang: String,
    from_staff: bool,
    at: String,
    body: Vec<Segment>,
    files: Vec<FileLink>,
}

/// `340 КБ`, `1,5 МБ`: sizes as people read them.
pub fn size_text(tr: Tr, bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        tr.t1("size-kb", "n", ((bytes + 1023) / 1024).max(1))
    } else {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
        let number = if tr.lang_code() == "en" {
            format!("{}.{}", tenths / 10, tenths % 10)
        } else {
            format!("{},{}", tenths / 10, tenths % 10)
        };
        tr.t1("size-mb", "n", number)
    }
}

/// A download link under a message.
pub struct FileLink {
    pub id: String,
    pub name: String,
    pub size: String,
    /// A picture: shown as a thumbnail that opens a preview.
    pub picture: bool,
    /// «PDF», «ZIP», «DOCX»: what the icon of any other file says.
    pub kind: String,
}

/// The files of `message_id`.
pub fn files_of(tr: Tr, files: &[crate::store::tickets::AttachmentRow], message_id: i64) -> Vec<FileLink> {
    files
        .iter()
        .filter(|a| a.message_id == message_id)
        .map(|a| FileLink {
            id: a.id.clone(),
            name: a.file_name.clone(),
            size: size_text(tr, a.size),
            picture: crate::app::thumbnails::is_picture(&a.content_type),
            kind: crate::domain::attachment::kind_label(&a.file_name),
        })
        .collect()
}

/// The limits, told before anyone picks a file.
pub fn files_hint(ctx: &Ctx) -> String {
    let config = &ctx.app.config;
    ctx.tr.t2(
        "hint-files",
        ("count", (config.attachments_per_message as i64).into()),
        ("mb", ((config.attachment_max_bytes / (1024 * 1024)) as i64).into()),
    )
}

#[derive(Template)]
#[template(path = "ticket.html")]
struct TicketPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    number: String,
    subject: String,
    status: String,
    status_text: String,
    service: String,
    organization: String,
    links: TicketLinks,
    messages: Vec<MessageView>,
    closed: bool,
    can_resolve: bool,
    can_rate: bool,
    /// «Оценка: 4 из 5 (4 — хорошо)», once rated.
    rating: Option<String>,
    /// (value, «4 — хорошо») for each choice.
    rating_choices: Vec<(i64, String)>,
    errors: FormErrors,
    files_hint: String,
    /// (status code, «В работе», time) oldest first.
    steps: Vec<(&'static str, String, String)>,
    /// «Ответим до …», while the first answer is owed.
    answer_by: Option<String>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn ticket_page(
    ctx: &Ctx,
    number: TicketNumber,
    notice: Option<String>,
    errors: FormErrors,
) -> Result<TicketPage, PageError> {
    let current = ctx.require_user()?;
    let (ticket, messages) = ctx.app.my_ticket(current, number).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let files = ctx.app.db.ticket_attachments(ticket.id, false).await.map_err(|e| PageError::new(e.into(), ctx.tr))?;
    let links = ctx
        .app
        .db
        .ticket_links(ticket.id, Some(current.user.id))
        .await
        .map_err(|e| PageError::new(e.into(), ctx.tr))?;
    let events = ctx.app.db.ticket_events(ticket.id).await.map_err(|e| PageError::new(e.into(), ctx.tr))?;
    let steps = crate::app::tickets::status_steps(&events, ctx.tr)
        .into_iter()
        .map(|s| (s.status.as_str(), s.text, format_minsk(from_unix(s.at))))
        .collect();
    let status = ticket.status;
    let answer_by = ctx.app.first_response_due(&ticket).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(TicketPage {
        answer_by: answer_by.map(format_minsk),
        steps,
        links,
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        status_text: status_text(ctx.tr, ticket.status),
        service: ticket.service_name(ctx.tr.lang_code()).to_string(),
        organization: ticket.organization_name.clone().unwrap_or_default(),
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status.as_str().to_string(),
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                author: author_name(&m, false, ctx.tr),
                lang: m.author_lang.clone(),
                from_staff: m.author_is_staff,
                at: format_minsk(from_unix(m.created_at)),
                files: files_of(ctx.tr, &files, m.id),
                body: segments(&m.body),
            })
            .collect(),
        closed: status == TicketStatus::Closed,
        can_resolve: transition(status, TicketStatus::Resolved, Actor::Customer).is_ok(),
        can_rate: !status.is_open() && ticket.rating.is_none() && ticket.requester_id == current.user.id,
        rating: ticket.rating.map(|n| format!("{} ({})", ctx.tr.t1("rating-given", "n", n), rating_label(ctx.tr, n))),
        rating_choices: (1..=5).map(|n| (n, rating_label(ctx.tr, n))).collect(),
        errors,
        files_hint: files_hint(ctx),
    })
}

/// «4 — хорошо»: what a rating means, not a bare digit.
pub fn rating_label(tr: Tr, n: i64) -> String {
    tr.t(&format!("rating-{n}"))
}

async fn show(ctx: Ctx, TicketPath(number): TicketPath, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&ticket_page(&ctx, number, notice, FormErrors::default()).await?))
}

async fn reply(ctx: Ctx, TicketPath(number): TicketPath, form: PageForm) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let outcome = match form.read(&ctx.app).await {
        Ok(data) => ctx.app.reply_as_customer(current, number, &data.text("body"), data.files).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(CustomerReply::Added(_)) => Ok(see_other(&Done::ReplySent.after(&format!("/tickets/{number}")))),
        Ok(CustomerReply::FollowUp(new)) => Ok(see_other(&Done::FollowUpFiled.after(&format!("/tickets/{new}")))),
        Err(
            e @ (AppError::Validation(_)
            | AppError::InvalidTransition
            | AppError::PayloadTooLarge { .. }
            | AppError::TextTooLarge { .. }),
        ) => {
            let status = match classify(&e).0 {
                StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let page = ticket_page(&ctx, number, None, FormErrors::labelled(&e, ctx.tr, REPLY_LABELS)).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn resolve(ctx: Ctx, TicketPath(number): TicketPath) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.mark_solved(current, number).await {
        Ok(()) => Ok(see_other(&Done::TicketSolved.after(&format!("/tickets/{number}")))),
        Err(AppError::InvalidTransition) => Ok(see_other(&format!("/tickets/{number}"))),
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

#[derive(Deserialize)]
struct RatingForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    rating_comment: String,
}

async fn rate(
    ctx: Ctx,
    TicketPath(number): TicketPath,
    axum::extract::Form(form): axum::extract::Form<RatingForm>,
) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.rate_ticket(current, number, &form.rating, &form.rating_comment).await {
        Ok(()) => Ok(see_other(&Done::TicketRated.after(&format!("/tickets/{number}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = ticket_page(&ctx, number, None, FormErrors::from_error(&e, ctx.tr)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(AppError::InvalidTransition) => Ok(see_other(&format!("/tickets/{number}"))),
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

/// A stored file as a download: never rendered inline, its type sniffed at upload, `nosniff`
/// added by the security layer.
pub fn file_response(file: crate::app::attachments::Download) -> Response {
    let body = axum::body::Body::from_stream(file.body.into_stream());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(axum::http::header::CONTENT_LENGTH, file.size.into());
    if let Ok(v) = axum::http::HeaderValue::from_str(&file.content_type) {
        headers.insert(axum::http::header::CONTENT_TYPE, v);
    }
    if let Ok(v) = axum::http::HeaderValue::from_str(&content_disposition(&file.file_name)) {
        headers.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    headers.insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("private, no-store"));
    response
}

async fn thumbnail(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let png = ctx.app.thumbnail(current, &id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let headers = [
        (axum::http::header::CONTENT_TYPE, "image/png"),
        // The picture never changes; only this person's browser keeps it.
        (axum::http::header::CACHE_CONTROL, "private, max-age=86400"),
    ];
    Ok((headers, png).into_response())
}

async fn attachment(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let file = ctx.app.download(current, &id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(file_response(file))
}

/// `upload_limit` bounds the whole request of the forms that carry files.
pub fn router(upload_limit: usize) -> Router<App> {
    let limit = || axum::extract::DefaultBodyLimit::max(upload_limit);
    Router::new()
        .route("/tickets", get(list))
        .route("/tickets/new", get(new_form).post(file).layer(limit()))
        .route("/tickets/{number}", get(show))
        .route("/tickets/{number}/reply", post(reply).layer(limit()))
        .route("/tickets/{number}/resolve", post(resolve))
        .route("/tickets/{number}/rating", post(rate))
        .route("/attachments/{id}", get(attachment))
        .route("/attachments/{id}/thumbnail", get(thumbnail))
}
