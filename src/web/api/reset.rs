//! Password reset endpoints: the answers are the same for registered and unknown phones.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::registration::ConfirmRequest;
use super::{rfc3339, ApiJson, ApiPath};
use crate::app::verification::Issued;
use crate::app::verification::PASSWORD_RESET;
use crate::app::App;
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    /// Belarusian mobile number in any common spelling.
    #[schema(min_length = 9, max_length = 40, pattern = r"^\s*\+?[0-9 ()\-.\u00a0\u2011\u2013]{9,30}\s*$")]
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct ResetResponse {
    pub reset_id: String,
    pub phone_masked: String,
    pub code_expires_at: String,
    pub resend_available_at: String,
}

impl From<Issued> for ResetResponse {
    fn from(i: Issued) -> Self {
        ResetResponse {
            reset_id: i.id,
            phone_masked: i.phone_masked,
            code_expires_at: rfc3339(i.code_expires_at),
            resend_available_at: rfc3339(i.resend_available_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ResetConfirmed {
    /// Always `password_sent`: the new password goes by SMS.
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/password-resets", tag = "password reset", request_body = ResetRequest,
    responses((status = 202, body = ResetResponse),
        (status = 422, description = "The phone is not a Belarusian mobile number", body = ErrorBody),
        (status = 429, description = "sms_limit", body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<ResetRequest>,
) -> Result<Response, ApiError> {
    let issued = app.start_password_reset(&req.phone, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok((StatusCode::ACCEPTED, Json(ResetResponse::from(issued))).into_response())
}

#[utoipa::path(post, path = "/api/v1/password-resets/{id}/resend", tag = "password reset",
    params(("id" = String, Path, description = "reset_id")),
    responses((status = 200, body = ResetResponse), (status = 429, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn resend(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ResetResponse>, ApiError> {
    let issued = app.resend_code(&id, PASSWORD_RESET, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(ResetResponse::from(issued)))
}

#[utoipa::path(post, path = "/api/v1/password-resets/{id}/confirm", tag = "password reset",
    params(("id" = String, Path, description = "reset_id")),
    request_body = ConfirmRequest,
    responses((status = 200, body = ResetConfirmed),
        (status = 422, description = "invalid_code with attempts_left", body = ErrorBody),
        (status = 410, description = "code_expired", body = ErrorBody),
        (status = 429, description = "too_many_attempts", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn confirm(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<ConfirmRequest>,
) -> Result<Json<ResetConfirmed>, ApiError> {
    app.confirm_password_reset(&id, &req.code, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(ResetConfirmed { status: "password_sent".into() }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/password-resets", post(create))
        .route("/api/v1/password-resets/{id}/resend", post(resend))
        .route("/api/v1/password-resets/{id}/confirm", post(confirm))
}
