//! Customer ticket endpoints: list, file, read, reply.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{rfc3339, ApiPath, ApiQuery};
use crate::app::auth::CurrentUser;
use crate::app::listing::ListQuery;
use crate::app::staff::StaffReply;
use crate::app::tickets::{author_name, CustomerReply, NewTicketForm};
use crate::app::{App, AppError};
use crate::domain::ticket::{TicketStatus, REPLY_OUTCOMES};
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::tickets::{AttachmentRow, MessageRow, TicketRow};
use crate::web::context::{current_user, ApiCtx, TicketPath};
use crate::web::errors::{ApiError, ErrorBody};
use crate::web::uploads::{ApiBody, ApiUpload};

/// The signed-in caller; a customer with a new document to accept gets 403
/// `documents_not_accepted` until they have.
pub async fn require_user(app: &App, ctx: &ApiCtx) -> Result<CurrentUser, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let user = current_user(app, &ctx.headers).await.map_err(fail)?.ok_or_else(|| fail(AppError::Unauthorized))?;
    crate::web::context::check_documents(app, &user, &ctx.path).await.map_err(fail)?;
    Ok(user)
}

#[derive(Serialize, ToSchema)]
pub struct TicketSummary {
    /// `2026-000123`
    pub number: String,
    pub subject: String,
    /// new / in_progress / on_hold / waiting_customer / resolved / closed
    pub status: String,
    pub priority: String,
    pub service: String,
    pub service_name: String,
    pub organization_unp: Option<String>,
    pub organization_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// 1–5, once the requester rated the solution.
    pub rating: Option<i64>,
    /// Where support may call back, E.164.
    pub contact_phone: Option<String>,
    /// Staff: the nearest service-level target of an open ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaSummary>,
}

/// Where a ticket stands against its nearest service-level target.
#[derive(Serialize, ToSchema)]
pub struct SlaSummary {
    /// running / warning (past the warning threshold) / breached / paused (waiting for the customer)
    pub state: String,
    /// The due instant while a clock runs.
    pub due_at: Option<String>,
    /// Working time left or over, in words of the caller's language.
    pub text: String,
}

impl TicketSummary {
    pub fn from_row(t: &TicketRow, lang: &str) -> Self {
        TicketSummary {
            number: t.number.clone(),
            subject: t.subject.clone(),
            status: t.status.as_str().to_string(),
            priority: t.priority.as_str().to_string(),
            service: t.service_code.clone(),
            service_name: t.service_name(lang).to_string(),
            organization_unp: t.organization_unp.clone(),
            organization_name: t.organization_name.clone(),
            created_at: rfc3339(from_unix(t.created_at)),
            updated_at: rfc3339(from_unix(t.updated_at)),
            rating: t.rating,
            contact_phone: t.contact_phone.clone(),
            sla: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TicketList {
    pub items: Vec<TicketSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct ListParams {
    pub status: Option<String>,
    /// A service code; a top-level one includes its sub-services.
    pub service: Option<String>,
    /// The organisation's УНП.
    pub unp: Option<String>,
    /// A ticket number, or words to find in subjects and public messages.
    pub q: Option<String>,
    /// updated (default) / created / priority / sla
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(ListParams),
    responses((status = 200, body = TicketList), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<TicketList>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let q = ListQuery {
        status: p.status,
        service: p.service,
        unp: p.unp,
        q: p.q,
        sort: p.sort,
        cursor: p.cursor,
        ..Default::default()
    };
    let page = app.my_tickets(&user, &q).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    let lang = ctx.tr.lang_code();
    Ok(Json(TicketList {
        items: page.items.iter().map(|t| TicketSummary::from_row(t, lang)).collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct CreateTicket {
    /// A service code from `/api/v1/services`.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub service: String,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub subject: String,
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub body: String,
    /// File on behalf of an organisation whose representation is confirmed.
    #[schema(max_length = 40)]
    pub organization_unp: Option<String>,
    /// low / normal (default) / high / urgent
    #[schema(pattern = "^(|low|normal|high|urgent)$")]
    pub priority: Option<String>,
    /// A mobile number for call-backs, any spelling; the account's phone when absent.
    #[schema(max_length = 40)]
    pub contact_phone: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub number: String,
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = CreateTicket,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(State(app): State<App>, ctx: ApiCtx, body: ApiUpload<CreateTicket>) -> Result<Response, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let (form, files) = match body.read(&app).await? {
        ApiBody::Json(req) => (
            NewTicketForm {
                service: req.service,
                subject: req.subject,
                body: req.body,
                organization_unp: req.organization_unp.unwrap_or_default(),
                priority: req.priority.unwrap_or_default(),
                contact_phone: req.contact_phone.unwrap_or_default(),
            },
            vec![],
        ),
        ApiBody::Multipart(data) => (
            NewTicketForm {
                service: data.text("service"),
                subject: data.text("subject"),
                body: data.text("body"),
                organization_unp: data.text("organization_unp"),
                priority: data.text("priority"),
                contact_phone: data.text("contact_phone"),
            },
            data.files,
        ),
    };
    let number = app.file_ticket(&user, &form, files).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok((StatusCode::CREATED, Json(Created { number: number.to_string(), status: "new".into() })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct MessageDto {
    pub id: i64,
    pub body: String,
    /// The author's name as the customer sees it.
    pub author: String,
    pub from_staff: bool,
    /// An internal note: only staff ever see these.
    pub internal: bool,
    pub created_at: String,
    pub attachments: Vec<AttachmentDto>,
}

#[derive(Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: String,
    pub file_name: String,
    pub size: i64,
    /// Sniffed from the content, not taken from the uploader.
    pub content_type: String,
    /// Download address (sent as an attachment with `nosniff`).
    pub url: String,
}

impl MessageDto {
    fn new(m: &MessageRow, files: &[AttachmentRow], reader_is_staff: bool, tr: Tr) -> Self {
        MessageDto {
            attachments: files
                .iter()
                .filter(|a| a.message_id == m.id)
                .map(|a| AttachmentDto {
                    id: a.id.clone(),
                    file_name: a.file_name.clone(),
                    size: a.size,
                    content_type: a.content_type.clone(),
                    url: format!("/api/v1/attachments/{}", a.id),
                })
                .collect(),
            id: m.id,
            body: m.body.clone(),
            author: author_name(m, reader_is_staff, tr),
            from_staff: m.author_is_staff,
            internal: m.internal,
            created_at: rfc3339(from_unix(m.created_at)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TicketDetail {
    #[serde(flatten)]
    pub ticket: TicketSummary,
    pub messages: Vec<MessageDto>,
    /// The closed ticket this one continues.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continues: Option<String>,
    /// Tickets opened by replies to this one after it was closed.
    pub continued_in: Vec<String>,
    /// When support's first answer is due («Ответим до …»), while it is owed and on time.
    pub first_response_due: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/tickets/{number}", tag = "tickets",
    params(("number" = String, Path, description = "e.g. 2026-000123")),
    responses((status = 200, body = TicketDetail), (status = 404, description = "No such ticket, or not visible to the caller", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
) -> Result<Json<TicketDetail>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let found =
        if user.is_staff() { app.staff_ticket(&user, number).await } else { app.my_ticket(&user, number).await };
    let (ticket, messages) = found.map_err(|e| ApiError::new(e, ctx.tr))?;
    let files =
        app.db.ticket_attachments(ticket.id, user.is_staff()).await.map_err(|e| ApiError::new(e.into(), ctx.tr))?;
    let customer = (!user.is_staff()).then_some(user.user.id);
    let links = app.db.ticket_links(ticket.id, customer).await.map_err(|e| ApiError::new(e.into(), ctx.tr))?;
    let answer_by = app.first_response_due(&ticket).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(TicketDetail {
        first_response_due: answer_by.map(super::rfc3339),
        ticket: TicketSummary::from_row(&ticket, ctx.tr.lang_code()),
        messages: messages.iter().map(|m| MessageDto::new(m, &files, user.is_staff(), ctx.tr)).collect(),
        continues: links.continues,
        continued_in: links.continued_in,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Reply {
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub body: String,
    /// Staff only: an internal note instead of a reply to the customer.
    #[serde(default)]
    pub internal: bool,
    /// Staff only: the status a public reply leaves the ticket in — `waiting_customer` (the
    /// default where allowed), `in_progress` or `resolved`.
    #[serde(default)]
    #[schema(pattern = "^(|waiting_customer|in_progress|resolved)$")]
    pub status_after: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReplyCreated {
    /// The new message; absent when the reply opened a follow-up ticket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The ticket was closed, so the customer's reply opened this new ticket, linked to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/messages", tag = "tickets",
    params(("number" = String, Path, description = "e.g. 2026-000123")), request_body = Reply,
    responses((status = 201, body = ReplyCreated), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_transition: staff cannot answer a closed ticket (a customer's reply opens a follow-up instead); conflict: the ticket changed meanwhile", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
    body: ApiUpload<Reply>,
) -> Result<Response, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let (text, internal, status_after, files) = match body.read(&app).await? {
        ApiBody::Json(req) => (req.body, req.internal, req.status_after, vec![]),
        ApiBody::Multipart(data) => (data.text("body"), data.flag("internal"), data.text("status_after"), data.files),
    };
    // Checked for everyone, as the document says; only staff replies act on it.
    let then = match status_after.as_str() {
        "" => None,
        s => Some(
            TicketStatus::parse(s)
                .ok()
                .filter(|s| REPLY_OUTCOMES.contains(s))
                .ok_or_else(|| AppError::field("status_after", "invalid_status")),
        ),
    };
    let sent = if user.is_staff() {
        match then.transpose() {
            Ok(then) => {
                let reply = StaffReply { body: &text, internal, then, seen_message: None };
                app.reply_as_staff(&user, number, reply, files)
                    .await
                    .map(|id| ReplyCreated { id: Some(id), follow_up: None })
            }
            Err(e) => Err(e),
        }
    } else if let Some(Err(e)) = then {
        Err(e)
    } else {
        app.reply_as_customer(&user, number, &text, files).await.map(|reply| match reply {
            CustomerReply::Added(id) => ReplyCreated { id: Some(id), follow_up: None },
            CustomerReply::FollowUp(number) => ReplyCreated { id: None, follow_up: Some(number.to_string()) },
        })
    };
    let created = sent.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct StatusAnswer {
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/resolve", tag = "tickets",
    params(("number" = String, Path, description = "e.g. 2026-000123")),
    responses((status = 200, description = "«Проблема решена»: the ticket is resolved", body = StatusAnswer),
        (status = 404, body = ErrorBody), (status = 409, description = "invalid_transition", body = ErrorBody)))]
pub async fn resolve(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
) -> Result<Json<StatusAnswer>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    app.mark_solved(&user, number).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(StatusAnswer { status: "resolved".into() }))
}

#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets",
    params(("id" = String, Path, description = "attachment id")),
    responses((status = 200, description = "The file, as an attachment, with its sniffed type and `nosniff`"),
        (status = 404, description = "No such file, or not visible to the caller", body = ErrorBody)))]
pub async fn attachment(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let file = app.download(&user, &id).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(crate::web::pages::tickets::file_response(file))
}

#[derive(Deserialize, ToSchema)]
pub struct Rating {
    /// 1 (bad) … 5 (excellent)
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i64,
    #[schema(max_length = 1000, pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$")]
    pub comment: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/tickets/{number}/rating", tag = "tickets",
    params(("number" = String, Path, description = "e.g. 2026-000123")), request_body = Rating,
    responses((status = 200, body = StatusAnswer), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_transition: not resolved yet, or rated already", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rate(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
    crate::web::api::ApiJson(req): crate::web::api::ApiJson<Rating>,
) -> Result<Json<StatusAnswer>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let comment = req.comment.unwrap_or_default();
    app.rate_ticket(&user, number, &req.rating.to_string(), &comment).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(StatusAnswer { status: "rated".into() }))
}

pub fn router(upload_limit: usize) -> Router<App> {
    let limit = || axum::extract::DefaultBodyLimit::max(upload_limit);
    Router::new()
        .route("/api/v1/tickets", get(list).post(create).layer(limit()))
        .route("/api/v1/tickets/{number}", get(show))
        .route("/api/v1/tickets/{number}/messages", post(reply).layer(limit()))
        .route("/api/v1/tickets/{number}/resolve", post(resolve))
        .route("/api/v1/tickets/{number}/rating", post(rate))
        .route("/api/v1/attachments/{id}", get(attachment))
}
