//! Canned responses over the API: list, add, delete.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::tickets::require_user;
use super::{ApiJson, ApiPath};
use crate::app::App;
use crate::store::canned::CannedResponse;
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct CannedList {
    pub items: Vec<CannedResponse>,
}

#[utoipa::path(get, path = "/api/v1/staff/canned-responses", tag = "staff",
    responses((status = 200, body = CannedList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<CannedList>, ApiError> {
    let user = require_user(&app, &ctx).await?;
    let items = app.canned_responses(&user).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(CannedList { items }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCanned {
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub title: String,
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub body: String,
    /// Shared with all staff (supervisors and administrators only).
    #[serde(default)]
    pub shared: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CannedCreated {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/staff/canned-responses", tag = "staff", request_body = NewCanned,
    responses((status = 201, body = CannedCreated), (status = 403, description = "shared needs a supervisor", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<NewCanned>,
) -> Result<(StatusCode, Json<CannedCreated>), ApiError> {
    let user = require_user(&app, &ctx).await?;
    let id = app
        .add_canned_response(&user, &req.title, &req.body, req.shared)
        .await
        .map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok((StatusCode::CREATED, Json(CannedCreated { id })))
}

#[utoipa::path(delete, path = "/api/v1/staff/canned-responses/{id}", tag = "staff",
    params(("id" = i64, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove(State(app): State<App>, ctx: ApiCtx, ApiPath(id): ApiPath<i64>) -> Result<StatusCode, ApiError> {
    let user = require_user(&app, &ctx).await?;
    app.delete_canned_response(&user, id).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/staff/canned-responses", get(list).post(create))
        .route("/api/v1/staff/canned-responses/{id}", delete(remove))
}
