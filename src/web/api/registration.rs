//! Registration endpoints.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{rfc3339, ApiJson, ApiPath};
use crate::app::registration::{OrgLookup, RegistrationForm};
use crate::app::verification::{Issued, REGISTRATION};
use crate::app::App;
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Deserialize, ToSchema)]
pub struct OrgLookupRequest {
    /// УНП in any spelling: spaces, «УНП» prefix and Cyrillic look-alike letters are accepted.
    /// Nine digits (the first 1–7) or two letters and seven digits; the last is a check digit.
    #[schema(min_length = 9, max_length = 40, pattern = r"^[\sA-Za-zА-Яа-я0-9:-]{9,40}$")]
    pub unp: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationDto {
    pub unp: String,
    pub name: String,
    pub address: String,
}

#[derive(Serialize, ToSchema)]
pub struct OrgLookupResponse {
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDto>,
}

#[utoipa::path(post, path = "/api/v1/registrations/org-lookup", tag = "registration",
    request_body = OrgLookupRequest,
    responses((status = 200, body = OrgLookupResponse), (status = 422, description = "invalid_unp (the message says when only the check digit is wrong)", body = ErrorBody)))]
pub async fn org_lookup(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<OrgLookupRequest>,
) -> Result<Json<OrgLookupResponse>, ApiError> {
    match app.lookup_organization(&req.unp).await.map_err(|e| ApiError::new(e, ctx.tr))? {
        OrgLookup::Found(org) => Ok(Json(OrgLookupResponse {
            found: true,
            organization: Some(OrganizationDto { unp: org.unp, name: org.full_name, address: org.address }),
        })),
        OrgLookup::NotFound(_) => Ok(Json(OrgLookupResponse { found: false, organization: None })),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct OrganizationClaim {
    #[schema(min_length = 9, max_length = 40, pattern = r"^[\sA-Za-zА-Яа-я0-9:-]{9,40}$")]
    pub unp: String,
    /// Required when the УНП is not known to the system.
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$")]
    pub name: Option<String>,
    /// Required when the УНП is not known to the system.
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$")]
    pub address: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct RegistrationRequest {
    /// Belarusian mobile number in any common spelling (operator codes 25, 29, 33, 44).
    #[schema(min_length = 9, max_length = 40, pattern = r"^\s*\+?[0-9 ()\-.\u00a0\u2011\u2013]{9,30}\s*$")]
    pub phone: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^\s*[A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*[A-Za-zА-Яа-яЁёІіЎў][A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*\s*$"
    )]
    pub last_name: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^\s*[A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*[A-Za-zА-Яа-яЁёІіЎў][A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*\s*$"
    )]
    pub first_name: String,
    #[schema(
        max_length = 100,
        pattern = r"^\s*(?:[A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*[A-Za-zА-Яа-яЁёІіЎў][A-Za-zА-Яа-яЁёІіЎў'ʼ’ -]*)?\s*$"
    )]
    pub middle_name: Option<String>,
    /// `name@example.by`; empty for none.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    #[schema(max_length = 100, pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$")]
    pub position: Option<String>,
    pub organization: Option<OrganizationClaim>,
    /// Must be true: consent to the processing of personal data.
    #[serde(default)]
    #[schema(schema_with = super::schema::must_be_true)]
    pub accept_personal_data: bool,
    /// Must be true: the terms of use.
    #[serde(default)]
    #[schema(schema_with = super::schema::must_be_true)]
    pub accept_terms: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationResponse {
    pub registration_id: String,
    /// e.g. `+375 29 ***-**-67`
    pub phone_masked: String,
    /// RFC 3339, UTC.
    pub code_expires_at: String,
    pub resend_available_at: String,
}

impl From<Issued> for RegistrationResponse {
    fn from(i: Issued) -> Self {
        RegistrationResponse {
            registration_id: i.id,
            phone_masked: i.phone_masked,
            code_expires_at: rfc3339(i.code_expires_at),
            resend_available_at: rfc3339(i.resend_available_at),
        }
    }
}

#[utoipa::path(post, path = "/api/v1/registrations", tag = "registration",
    request_body = RegistrationRequest,
    responses((status = 201, body = RegistrationResponse),
        (status = 422, description = "A field is missing or invalid; `field` names it", body = ErrorBody),
        (status = 429, description = "sms_limit", body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<RegistrationRequest>,
) -> Result<Response, ApiError> {
    let org = req.organization.unwrap_or(OrganizationClaim { unp: String::new(), name: None, address: None });
    let form = RegistrationForm {
        phone: req.phone,
        last_name: req.last_name,
        first_name: req.first_name,
        middle_name: req.middle_name.unwrap_or_default(),
        email: req.email.unwrap_or_default(),
        position: req.position.unwrap_or_default(),
        unp: org.unp,
        org_name: org.name.unwrap_or_default(),
        org_address: org.address.unwrap_or_default(),
        accept_personal_data: req.accept_personal_data,
        accept_terms: req.accept_terms,
    };
    let issued = app.start_registration(&form, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok((StatusCode::CREATED, Json(RegistrationResponse::from(issued))).into_response())
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/resend", tag = "registration",
    params(("id" = String, Path, description = "registration_id")),
    responses((status = 200, body = RegistrationResponse),
        (status = 429, description = "resend_too_early (with retry_after), too_many_sends, sms_limit", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn resend(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RegistrationResponse>, ApiError> {
    let issued = app.resend_code(&id, REGISTRATION, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(issued.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmRequest {
    /// The six digits from the SMS.
    #[schema(min_length = 6, max_length = 64, pattern = r"^[\s-]*(?:[0-9][\s-]*){6}$")]
    pub code: String,
}

#[derive(Serialize, ToSchema)]
pub struct ConfirmResponse {
    /// The login: the phone as people read it. The password comes by SMS.
    pub login: String,
}

#[utoipa::path(post, path = "/api/v1/registrations/{id}/confirm", tag = "registration",
    params(("id" = String, Path, description = "registration_id")),
    request_body = ConfirmRequest,
    responses((status = 200, body = ConfirmResponse),
        (status = 422, description = "invalid_code with attempts_left", body = ErrorBody),
        (status = 410, description = "code_expired", body = ErrorBody),
        (status = 429, description = "too_many_attempts", body = ErrorBody),
        (status = 409, description = "already_confirmed", body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn confirm(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<ConfirmRequest>,
) -> Result<Json<ConfirmResponse>, ApiError> {
    let login = app.confirm_registration(&id, &req.code, &ctx.caller).await.map_err(|e| ApiError::new(e, ctx.tr))?;
    Ok(Json(ConfirmResponse { login }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/registrations/org-lookup", post(org_lookup))
        .route("/api/v1/registrations", post(create))
        .route("/api/v1/registrations/{id}/resend", post(resend))
        .route("/api/v1/registrations/{id}/confirm", post(confirm))
}
