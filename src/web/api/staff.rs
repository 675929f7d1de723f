//! The operator console's API: queues, assignment, status changes.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::tickets::{require_user, SlaSummary, StatusAnswer, TicketList, TicketSummary};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::app::listing::ListQuery;
use crate::app::App;
use crate::web::context::{ApiCtx, TicketPath};
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Deserialize, IntoParams)]
pub struct QueueParams {
    /// mine / unassigned / open (default) / waiting / all (every status)
    pub queue: Option<String>,
    pub status: Option<String>,
    /// A service code; a top-level one includes its sub-services.
    pub service: Option<String>,
    /// The organisation's УНП.
    pub unp: Option<String>,
    /// The requester's phone, any spelling.
    pub phone: Option<String>,
    /// Filed on or after this day, `YYYY-MM-DD` (Minsk time).
    pub from: Option<String>,
    /// Filed on or before this day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// A ticket number, or words to find in subjects, messages and internal notes.
    pub q: Option<String>,
    /// `soon`: open tickets past a service-level warning threshold; `breached`: past a target.
    pub sla: Option<String>,
    /// updated (default) / created / priority / sla (the nearest due instant first)
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/staff/tickets", tag = "staff", params(QueueParams),
    responses((status = 200, body = TicketList), (status = 401, body = ErrorBody), (status = 403, description = "not staff", body = ErrorBody)))]
pub async fn queue(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(p): ApiQuery<QueueParams>,
) -> Result<Json<TicketList>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let q = ListQuery {
        queue: p.queue,
        status: p.status,
        service: p.service,
        unp: p.unp,
        phone: p.phone,
        from: p.from,
        to: p.to,
        q: p.q,
        sla: p.sla,
        sort: p.sort,
        cursor: p.cursor,
    };
    let page = app.staff_queue(&user, &q).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    let lang = ctx.tr.lang_code();
    let catalog = app.catalog().await.map_err(|e| ApiError::new(e, ctx.tr))?;
    let now = app.now();
    Ok(Json(TicketList {
        items: page
            .items
            .iter()
            .map(|t| {
                let mut summary = TicketSummary::from_row(t, lang);
                summary.sla = crate::app::sla_view::badge(t, &catalog.sla.calendars, now, ctx.tr).map(|b| SlaSummary {
                    state: b.state.as_str().to_string(),
                    due_at: (t.sla_due_at != crate::store::ticket_sla::SLA_NONE)
                        .then(|| super::rfc3339(crate::store::from_unix(t.sla_due_at))),
                    text: b.text,
                });
                summary
            })
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct Assign {
    /// A staff login; empty or null unassigns.
    pub assignee: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Assigned {
    pub assignee: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/staff/tickets/{number}/assign", tag = "staff",
    params(("number" = String, Path, description = "e.g. 2026-000123")), request_body = Assign,
    responses((status = 200, body = Assigned), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn assign(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
    ApiJson(req): ApiJson<Assign>,
) -> Result<Json<Assigned>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    app.assign(&user, number, req.assignee.as_deref()).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(Assigned { assignee: req.assignee.filter(|a| !a.trim().is_empty()).map(|a| a.trim().to_lowercase()) }))
}

#[derive(Deserialize, ToSchema)]
pub struct SetStatus {
    /// new / in_progress / on_hold / waiting_customer / resolved / closed
    #[schema(pattern = "^(new|in_progress|on_hold|waiting_customer|resolved|closed)$")]
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/staff/tickets/{number}/status", tag = "staff",
    params(("number" = String, Path, description = "e.g. 2026-000123")), request_body = SetStatus,
    responses((status = 200, body = StatusAnswer), (status = 404, body = ErrorBody),
        (status = 409, description = "invalid_transition", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn status(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
    ApiJson(req): ApiJson<SetStatus>,
) -> Result<Json<StatusAnswer>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    app.set_status(&user, number, &req.status).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(StatusAnswer { status: req.status }))
}

#[derive(Deserialize, ToSchema)]
pub struct Classify {
    /// low / normal / high / urgent
    pub priority: Option<String>,
    /// A group code: first_line, ecp, epeu, smdo, billing
    pub group: Option<String>,
    /// A service code from `/api/v1/services`
    pub service: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/staff/tickets/{number}/classify", tag = "staff",
    params(("number" = String, Path, description = "e.g. 2026-000123")), request_body = Classify,
    responses((status = 200, body = StatusAnswer), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn classify(
    State(app): State<App>,
    ctx: ApiCtx,
    TicketPath(number): TicketPath,
    ApiJson(req): ApiJson<Classify>,
) -> Result<Json<StatusAnswer>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let (p, g, s) = (req.priority.unwrap_or_default(), req.group.unwrap_or_default(), req.service.unwrap_or_default());
    app.reclassify(&user, number, &p, &g, &s).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(StatusAnswer { status: "saved".into() }))
}

#[derive(Deserialize, ToSchema)]
pub struct Decision {
    /// confirm / reject
    #[schema(pattern = "^(confirm|reject)$")]
    pub decision: String,
    /// member (default) / manager, when confirming
    #[schema(pattern = "^(|member|manager)$")]
    pub role: Option<String>,
    /// Why, when rejecting (required then); the customer reads it.
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/staff/representations/{id}/decision", tag = "staff",
    params(("id" = i64, Path, description = "representation id")), request_body = Decision,
    responses((status = 200, body = StatusAnswer), (status = 403, description = "supervisors only", body = ErrorBody),
        (status = 404, description = "no representation with this id", body = ErrorBody),
        (status = 409, description = "conflict: it is no longer pending", body = ErrorBody)))]
pub async fn decide(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<Decision>,
) -> Result<Json<StatusAnswer>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    app.decide_representation(&user, id, &req.decision, req.role.as_deref(), req.reason.as_deref().unwrap_or(""))
        .await
        .map_err(|e| ApiError::new(e, ctx.tr))?;
    let status = if req.decision == "confirm" { "confirmed" } else { "rejected" };
    Ok(Json(StatusAnswer { status: status.into() }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/staff/tickets", get(queue))
        .route("/api/v1/staff/tickets/{number}/assign", post(assign))
        .route("/api/v1/staff/tickets/{number}/status", post(status))
        .route("/api/v1/staff/tickets/{number}/classify", post(classify))
        .route("/api/v1/staff/representations/{id}/decision", post(decide))
}
