//! `/api/v1/admin/sla-policies`: service-level policies — in order, the first whose conditions
//! hold wins; targets in working minutes of a calendar, a warning threshold, and whether a
//! breach raises the priority.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{administering, NameFields};
use crate::app::admin::policies::PolicyForm;
use crate::app::admin::Admin;
use crate::app::{App, AppResult};
use crate::store::calendars::CalendarRow;
use crate::store::services::ServiceRow;
use crate::store::sla::StoredPolicy;
use crate::web::api::{ApiJson, ApiPath};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct Policy {
    /// For `PUT /api/v1/admin/sla-policies/{id}` and a service's `sla_policy`.
    pub id: i64,
    #[serde(flatten)]
    pub names: NameFields,
    /// Policies are tried in this order.
    pub list_order: i32,
    /// A calendar code: whose working time the targets count.
    pub calendar: String,
    /// Service codes it applies to (a section covers its sub-services); empty: any.
    pub services: Vec<String>,
    /// low / normal / high / urgent; empty: any.
    pub priorities: Vec<String>,
    /// yes: organisations with a contract; no: without; none: either.
    pub contract: Option<String>,
    /// Working minutes; none: no target of that kind.
    pub first_response: Option<u32>,
    pub next_response: Option<u32>,
    pub resolution: Option<u32>,
    /// The share of a target at which the assignee is warned.
    pub warn_percent: u8,
    /// A breach raises the ticket's priority one step.
    pub raise_priority: bool,
    pub active: bool,
}

fn policy_of(p: &StoredPolicy, calendars: &[CalendarRow], services: &[ServiceRow]) -> Policy {
    let c = &p.policy.conditions;
    Policy {
        id: p.policy.id,
        names: NameFields::of(&p.name_ru, &p.name_be, &p.name_en),
        list_order: p.policy.position,
        calendar: calendars.iter().find(|r| r.id == p.calendar_id).map(|r| r.code.clone()).unwrap_or_default(),
        services: services.iter().filter(|s| c.services.contains(&s.id)).map(|s| s.code.clone()).collect(),
        priorities: c.priorities.iter().map(|p| p.as_str().to_string()).collect(),
        contract: c.contract.map(|yes| if yes { "yes" } else { "no" }.to_string()),
        first_response: p.policy.targets.first_response,
        next_response: p.policy.targets.next_response,
        resolution: p.policy.targets.resolution,
        warn_percent: p.policy.warn_percent,
        raise_priority: p.policy.raise_priority_on_breach,
        active: p.active,
    }
}

/// Every policy as the API shows it, in order.
async fn policies(app: &App, by: Admin<'_>) -> AppResult<Vec<Policy>> {
    let calendars = app.admin_calendars(by).await?;
    let services = app.admin_services(by).await?;
    Ok(app.admin_policies(by).await?.iter().map(|p| policy_of(p, &calendars, &services)).collect())
}

async fn policy(app: &App, by: Admin<'_>, id: i64) -> AppResult<Policy> {
    let stored = app.admin_policy(by, id).await?;
    Ok(policy_of(&stored, &app.admin_calendars(by).await?, &app.admin_services(by).await?))
}

#[derive(Serialize, ToSchema)]
pub struct PolicyList {
    pub items: Vec<Policy>,
}

#[utoipa::path(get, path = "/api/v1/admin/sla-policies", tag = "admin",
    responses((status = 200, body = PolicyList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<PolicyList>, ApiError> {
    administering(&app, &ctx, async |by| Ok(PolicyList { items: policies(&app, by).await? })).await.map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct PolicyFields {
    #[serde(flatten)]
    pub names: NameFields,
    /// 0–100000; none: after the others (a new policy) or where it was.
    #[serde(default)]
    pub list_order: Option<i32>,
    /// A calendar code, e.g. `minsk`.
    pub calendar: String,
    #[serde(default)]
    pub services: Vec<String>,
    #[serde(default)]
    pub priorities: Vec<String>,
    /// yes / no; none or empty: either.
    #[serde(default)]
    pub contract: Option<String>,
    /// Working minutes, 1–1000000; none: no target.
    #[serde(default)]
    pub first_response: Option<u32>,
    #[serde(default)]
    pub next_response: Option<u32>,
    #[serde(default)]
    pub resolution: Option<u32>,
    /// 1–99; none: 80.
    #[serde(default)]
    pub warn_percent: Option<u8>,
    #[serde(default)]
    pub raise_priority: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl PolicyFields {
    fn form(self) -> PolicyForm {
        PolicyForm {
            name_ru: self.names.name_ru,
            name_be: self.names.name_be,
            name_en: self.names.name_en,
            position: text(self.list_order),
            calendar: self.calendar,
            services: self.services,
            priorities: self.priorities,
            contract: self.contract.unwrap_or_default(),
            first_response: text(self.first_response),
            next_response: text(self.next_response),
            resolution: text(self.resolution),
            warn_percent: text(self.warn_percent),
            raise_priority: self.raise_priority,
            active: self.active,
        }
    }
}

const REFUSALS: &str = "a name's error, invalid_position (`list_order`), unknown_calendar (`calendar`), unknown_service (`services`), invalid_priority (`priorities`), invalid_contract_condition (`contract`), invalid_minutes (`first_response`, `next_response`, `resolution`), invalid_percent (`warn_percent`)";

#[utoipa::path(post, path = "/api/v1/admin/sla-policies", tag = "admin", request_body = PolicyFields,
    responses((status = 201, description = "In force for tickets filed, or given another priority or service, from now", body = Policy),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<PolicyFields>,
) -> Result<(StatusCode, Json<Policy>), ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.save_policy(by, None, &req.form(), &ctx.caller).await?;
        policy(&app, by, id).await
    })
    .await
    .map(|p| (StatusCode::CREATED, Json(p)))
}

#[utoipa::path(get, path = "/api/v1/admin/sla-policies/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = Policy), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(State(app): State<App>, ctx: ApiCtx, ApiPath(id): ApiPath<i64>) -> Result<Json<Policy>, ApiError> {
    administering(&app, &ctx, async |by| policy(&app, by, id).await).await.map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/sla-policies/{id}", tag = "admin", params(("id" = i64, Path)), request_body = PolicyFields,
    responses((status = 200, description = "In force for tickets filed, or given another priority or service, from now", body = Policy),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn change(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<PolicyFields>,
) -> Result<Json<Policy>, ApiError> {
    administering(&app, &ctx, async |by| {
        app.save_policy(by, Some(id), &req.form(), &ctx.caller).await?;
        policy(&app, by, id).await
    })
    .await
    .map(Json)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/sla-policies", get(list).post(create))
        .route("/api/v1/admin/sla-policies/{id}", get(show).put(change))
}
