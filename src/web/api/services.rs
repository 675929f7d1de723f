//! `GET /api/v1/services`: the public service catalogue.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::{App, AppError};
use crate::web::context::ApiCtx;
use crate::web::errors::ApiError;

#[derive(Serialize, ToSchema)]
pub struct ServiceChild {
    pub code: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceDto {
    pub code: String,
    pub name: String,
    pub children: Vec<ServiceChild>,
}

#[utoipa::path(get, path = "/api/v1/services", tag = "catalogue",
    responses((status = 200, description = "Two-level catalogue in the caller's language", body = [ServiceDto])))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<Vec<ServiceDto>>, ApiError> {
    let rows = app.db.active_services().await.map_err(|e| ApiError::new(AppError::from(e), ctx.tr))?;
    let lang = ctx.tr.lang_code();
    let tree = rows
        .iter()
        .filter(|s| s.parent_id.is_none())
        .map(|parent| ServiceDto {
            code: parent.code.clone(),
            name: parent.name(lang).to_string(),
            children: rows
                .iter()
                .filter(|c| c.parent_id == Some(parent.id))
                .map(|c| ServiceChild { code: c.code.clone(), name: c.name(lang).to_string() })
                .collect(),
        })
        .collect();
    Ok(Json(tree))
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/services", get(list))
}
