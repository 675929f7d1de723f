//! `/api/v1/admin/services`: the service catalogue — two levels, names in ru/be/en, the group
//! new tickets go to, the order, whether customers may choose it, its service-level policy.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{administering, NameFields};
use crate::app::admin::services::ServiceForm;
use crate::app::admin::Admin;
use crate::app::{App, AppResult};
use crate::store::services::ServiceRow;
use crate::store::workspace::GroupRow;
use crate::web::api::{ApiJson, ApiPath};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct Service {
    pub service_code: String,
    /// The section's code; none for a section.
    pub parent: Option<String>,
    #[serde(flatten)]
    pub names: NameFields,
    /// The group new tickets go to.
    pub group: Option<String>,
    /// The policy its tickets follow (an id of `/api/v1/admin/sla-policies`); none: the first matching.
    pub sla_policy: Option<i64>,
    pub list_order: i64,
    /// Customers may choose it; an archived service stays on its tickets.
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceList {
    pub items: Vec<Service>,
}

fn service_of(s: &ServiceRow, all: &[ServiceRow], groups: &[GroupRow]) -> Service {
    Service {
        service_code: s.code.clone(),
        parent: s.parent_id.and_then(|p| all.iter().find(|x| x.id == p)).map(|p| p.code.clone()),
        names: NameFields::of(&s.name_ru, &s.name_be, &s.name_en),
        group: s.default_group_id.and_then(|g| groups.iter().find(|x| x.id == g)).map(|g| g.code.clone()),
        sla_policy: s.sla_policy_id,
        list_order: s.position,
        active: s.active,
    }
}

async fn service(app: &App, by: Admin<'_>, id: i64) -> AppResult<Service> {
    let row = app.admin_service(by, id).await?;
    Ok(service_of(&row, &app.admin_services(by).await?, &app.db.group_rows().await?))
}

#[utoipa::path(get, path = "/api/v1/admin/services", tag = "admin",
    responses((status = 200, description = "Every service, archived ones too, in the catalogue's order", body = ServiceList),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<ServiceList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let all = app.admin_services(by).await?;
        let groups = app.db.group_rows().await?;
        Ok(ServiceList { items: all.iter().map(|s| service_of(s, &all, &groups)).collect() })
    })
    .await
    .map(Json)
}

/// A service as sent; on a change the code is the path's and `service_code` is not read.
#[derive(Deserialize, ToSchema)]
pub struct ServiceFields {
    /// Latin lower-case letters, digits, `-` and `_`, starting with a letter, 2–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub service_code: String,
    /// A section's code; none or empty makes this a section.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(flatten)]
    pub names: NameFields,
    /// A group code; none: new tickets go to no group (supervisors see them).
    #[serde(default)]
    pub group: Option<String>,
    /// A policy id; none: the first matching policy.
    #[serde(default)]
    pub sla_policy: Option<i64>,
    /// 0–100000; none: after the others (a new service) or where it was.
    #[serde(default)]
    pub list_order: Option<i64>,
    /// false archives it: customers no longer choose it.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl ServiceFields {
    fn form(self) -> ServiceForm {
        ServiceForm {
            code: self.service_code,
            parent: self.parent.unwrap_or_default(),
            name_ru: self.names.name_ru,
            name_be: self.names.name_be,
            name_en: self.names.name_en,
            group: self.group.unwrap_or_default(),
            sla_policy: self.sla_policy.map(|p| p.to_string()).unwrap_or_default(),
            position: self.list_order.map(|p| p.to_string()).unwrap_or_default(),
            active: self.active,
        }
    }
}

const REFUSALS: &str = "a field's error: invalid_code_name or code_taken (`service_code`), invalid_section or section_has_services (`parent`), a name's error, unknown_group (`group`), unknown_policy (`sla_policy`), invalid_position (`list_order`)";

#[utoipa::path(post, path = "/api/v1/admin/services", tag = "admin", request_body = ServiceFields,
    responses((status = 201, body = Service), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<ServiceFields>,
) -> Result<(StatusCode, Json<Service>), ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.save_service(by, None, &req.form(), &ctx.caller).await?;
        service(&app, by, id).await
    })
    .await
    .map(|s| (StatusCode::CREATED, Json(s)))
}

#[utoipa::path(get, path = "/api/v1/admin/services/{code}", tag = "admin", params(("code" = String, Path)),
    responses((status = 200, body = Service), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Service>, ApiError> {
    administering(&app, &ctx, async |by| service(&app, by, app.service_id_by_code(by, &code).await?).await)
        .await
        .map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/services/{code}", tag = "admin", params(("code" = String, Path)), request_body = ServiceFields,
    responses((status = 200, body = Service), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn change(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ServiceFields>,
) -> Result<Json<Service>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.service_id_by_code(by, &code).await?;
        app.save_service(by, Some(id), &req.form(), &ctx.caller).await?;
        service(&app, by, id).await
    })
    .await
    .map(Json)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/services", get(list).post(create))
        .route("/api/v1/admin/services/{code}", get(show).put(change))
}
