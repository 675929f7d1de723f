//! Login, logout and `/me`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiJson;
use crate::app::auth::{LoggedIn, SignIn};
use crate::app::second_factor::CHALLENGE_SECONDS;
use crate::app::{App, AppError};
use crate::store::second_factor::ChallengePurpose;
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
    /// After enrolling a second factor: ten single-use codes to keep, shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_codes: Option<Vec<String>>,
}

/// The password was right; the sign-in needs its second step.
#[derive(Serialize, ToSchema)]
pub struct SecondStep {
    /// `code`: send a code from the authenticator app (or a recovery code) to
    /// `/api/v1/auth/second-factor`; `enrol`: get a secret from
    /// `/api/v1/auth/second-factor/enrolment` first, then send the app's first code.
    pub second_factor: String,
    /// Pass back with the code; valid for `expires_in` seconds.
    pub challenge: String,
    pub expires_in: i64,
}

#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, description = "Signed in; the session cookie is set", body = LoginResponse),
        (status = 202, description = "The password is right; staff take a second step with the challenge", body = SecondStep),
        (status = 401, description = "invalid_credentials", body = ErrorBody),
        (status = 403, description = "account_blocked", body = ErrorBody),
        (status = 429, description = "locked or rate_limited, with retry_after", body = ErrorBody)))]
pub async fn login(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    match app.login(&req.login, &req.password, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))? {
        SignIn::Done(logged_in) => Ok(signed_in(&app, &logged_in, None)),
        SignIn::Pending(pending) => Ok((
            StatusCode::ACCEPTED,
            Json(SecondStep {
                second_factor: pending.purpose.as_str().to_string(),
                challenge: pending.token,
                expires_in: CHALLENGE_SECONDS,
            }),
        )
            .into_response()),
    }
}

fn signed_in(app: &App, logged_in: &LoggedIn, recovery_codes: Option<Vec<String>>) -> Response {
    let body = LoginResponse {
        id: logged_in.user.id,
        must_change_password: logged_in.user.must_change_password,
        recovery_codes,
    };
    let mut response = Json(body).into_response();
    for cookie in session_cookies(app, &logged_in.token) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize, ToSchema)]
pub struct ChallengeRequest {
    /// From the 202 answer of `/api/v1/auth/login`.
    #[schema(min_length = 1, max_length = 200)]
    pub challenge: String,
}

#[derive(Serialize, ToSchema)]
pub struct EnrolmentResponse {
    /// The staff login the app shows.
    pub account: String,
    /// Base32, in groups of four, to type into an app that cannot read a QR code.
    pub secret: String,
    /// The `otpauth://` address a QR code carries.
    pub otpauth_uri: String,
}

#[utoipa::path(post, path = "/api/v1/auth/second-factor/enrolment", tag = "auth", request_body = ChallengeRequest,
    responses((status = 200, description = "A secret for the app; the same until its first code is sent", body = EnrolmentResponse),
        (status = 409, description = "already_confirmed: this person has a second factor; send a code instead", body = ErrorBody),
        (status = 401, description = "sign_in_expired: sign in again", body = ErrorBody),
        (status = 422, description = "required: an empty field", body = ErrorBody)))]
pub async fn enrolment(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<ChallengeRequest>,
) -> Result<Json<EnrolmentResponse>, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let (challenge, user) = app.pending_sign_in(&req.challenge).await.map_err(fail)?;
    if challenge.purpose != ChallengePurpose::Enrol {
        return Err(fail(AppError::AlreadyConfirmed));
    }
    let e = app.enrolment(&user).await.map_err(fail)?;
    Ok(Json(EnrolmentResponse { account: e.account, secret: e.secret, otpauth_uri: e.otpauth_uri }))
}

#[derive(Deserialize, ToSchema)]
pub struct SecondFactorRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub challenge: String,
    /// Six digits from the app, or a recovery code such as `ABCDE-FGH23`.
    #[schema(min_length = 1, max_length = 64)]
    pub totp: String,
}

#[utoipa::path(post, path = "/api/v1/auth/second-factor", tag = "auth", request_body = SecondFactorRequest,
    responses((status = 200, description = "Signed in; the session cookie is set; after an enrolment, the recovery codes to keep", body = LoginResponse),
        (status = 401, description = "sign_in_expired: sign in again", body = ErrorBody),
        (status = 422, description = "required: an empty field; invalid_totp: not the code of now, or used already", body = ErrorBody),
        (status = 429, description = "locked or rate_limited: wrong codes count with wrong passwords", body = ErrorBody)))]
pub async fn second_factor(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<SecondFactorRequest>,
) -> Result<Response, ApiError> {
    let done =
        app.complete_sign_in(&req.challenge, &req.totp, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(signed_in(&app, &done.logged_in, done.recovery_codes))
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
    /// New versions of documents to accept (`POST /api/v1/me/documents`) before anything else.
    pub pending_documents: Vec<PendingDocument>,
}

#[derive(Serialize, ToSchema)]
pub struct PendingDocument {
    /// personal_data / terms_of_use
    pub kind: String,
    pub version: i64,
    /// Where its text is read.
    pub url: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses((status = 200, body = MeResponse), (status = 401, description = "unauthorized", body = ErrorBody)))]
pub async fn me(State(app): State<App>, ctx: ApiCtx) -> Result<Json<MeResponse>, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let current = current_user(&app, &ctx.headers).await.map_err(fail)?.ok_or_else(|| fail(AppError::Unauthorized))?;
    let memberships = app.db.memberships(current.user.id).await.map_err(|e| fail(e.into()))?;
    let pending = app.pending_documents(&current.user).await.map_err(fail)?;
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
        pending_documents: pending
            .into_iter()
            .map(|d| PendingDocument {
                url: format!("{}/v/{}", crate::app::admin::documents::document_path(&d.kind), d.version),
                kind: d.kind,
                version: d.version,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKindDto {
    PersonalData,
    TermsOfUse,
}

impl DocumentKindDto {
    fn kind(self) -> &'static str {
        match self {
            DocumentKindDto::PersonalData => crate::app::registration::PERSONAL_DATA,
            DocumentKindDto::TermsOfUse => crate::app::registration::TERMS_OF_USE,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AcceptDocuments {
    /// The kinds accepted: every pending one must be there (a kind named twice counts once).
    pub accept: Vec<DocumentKindDto>,
}

#[utoipa::path(post, path = "/api/v1/me/documents", tag = "auth", request_body = AcceptDocuments,
    responses((status = 204, description = "The newest versions are accepted"),
        (status = 422, description = "required: a pending document is not among `accept` (`field` names it)", body = ErrorBody)))]
pub async fn accept_documents(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<AcceptDocuments>,
) -> Result<Response, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let current = current_user(&app, &ctx.headers).await.map_err(fail)?.ok_or_else(|| fail(AppError::Unauthorized))?;
    let accepted: Vec<String> = req.accept.iter().map(|k| k.kind().to_owned()).collect();
    app.accept_documents(&current, &accepted, &ctx.caller).await.map_err(fail)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/logout", post(logout))
        .route("/api/v1/auth/second-factor", post(second_factor))
        .route("/api/v1/auth/second-factor/enrolment", post(enrolment))
        .route("/api/v1/me", get(me))
        .route("/api/v1/me/documents", post(accept_documents))
}
