//! Login, logout and `/me`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use crate::app::{App, AppError};
use crate::web::context::{current_user, forget_session_cookie, ApiCtx};
use crate::web::errors::{ApiError, ErrorBody};
use crate::web::pages::login::session_cookies;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    /// A customer's phone in any spelling, or a staff username.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub login: String,
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    pub id: i64,
    /// True after a generated (SMS) password: the person is invited to choose their own.
    pub must_change_password: bool,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, description = "Signed in; the session cookie is set", body = LoginResponse),
        (status = 401, description = "invalid_credentials", body = ErrorBody),
        (status = 403, description = "account_blocked", body = ErrorBody),
        (status = 429, description = "locked or rate_limited, with retry_after", body = ErrorBody)))]
pub async fn login(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let logged_in = app.login(&req.login, &req.password, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    let mut response =
        Json(LoginResponse { id: logged_in.user.id, must_change_password: logged_in.user.must_change_password })
            .into_response();
    for cookie in session_cookies(&app, &logged_in.token) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204, description = "Session ended")))]
pub async fn logout(State(app): State<App>, ctx: ApiCtx) -> Result<Response, ApiError> {
    if let Some(user) = current_user(&app, &ctx.headers).await.map_err(|e| ApiError::new(e, ctx.tr))? {
        app.logout(&user, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    }
    Ok(forget_session_cookie(&app, StatusCode::NO_CONTENT.into_response()))
}

#[derive(Serialize, ToSchema)]
pub struct MembershipDto {
    pub unp: String,
    pub name: String,
    /// pending / confirmed / rejected / revoked
    pub status: String,
    /// member / manager
    pub role: String,
}

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: i64,
    /// E.164; absent for staff.
    pub phone: Option<String>,
    pub username: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    pub email: Option<String>,
    pub role: String,
    pub must_change_password: bool,
    pub organizations: Vec<MembershipDto>,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = MeResponse), (status = 401, description = "unauthorized", body = ErrorBody)))]
pub async fn me(State(app): State<App>, ctx: ApiCtx) -> Result<Json<MeResponse>, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let current = current_user(&app, &ctx.headers).await.map_err(fail)?.ok_or_else(|| fail(AppError::Unauthorized))?;
    let memberships = app.db.memberships(current.user.id).await.map_err(|e| fail(e.into()))?;
    let u = current.user;
    Ok(Json(MeResponse {
        id: u.id,
        phone: u.phone,
        username: u.username,
        last_name: u.last_name,
        first_name: u.first_name,
        middle_name: u.middle_name,
        email: u.email,
        role: u.role.as_str().to_string(),
        must_change_password: u.must_change_password,
        organizations: memberships
            .into_iter()
            .map(|m| MembershipDto { unp: m.unp, name: m.full_name, status: m.status, role: m.role })
            .collect(),
    }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/me", get(me))
}
