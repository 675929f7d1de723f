//! `GET /api/v1/staff/customers?phone=…`, `POST /api/v1/staff/customers/block` and
//! `…/unblock`: the supervisors find a customer's account, block it with a reason and unblock it
//! (as `/admin/customers` does).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::supervising;
use crate::app::admin::customers::{CustomerAccount, REASON_MAX};
use crate::app::{App, AppError};
use crate::store::from_unix;
use crate::web::api::{rfc3339, ApiJson, ApiQuery};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Deserialize, IntoParams)]
pub struct CustomerParams {
    /// The customer's login, in any common spelling.
    pub phone: String,
}

#[derive(Serialize, ToSchema)]
pub struct Customer {
    pub name: String,
    /// +375 29 123-45-67
    pub phone: String,
    /// `active`, `blocked` or `anonymised`
    pub status: String,
    /// Closed by a withdrawn consent: it cannot be unblocked.
    pub consent_withdrawn: bool,
    pub registered_at: String,
}

impl From<CustomerAccount> for Customer {
    fn from(a: CustomerAccount) -> Self {
        Customer {
            name: a.name,
            phone: a.phone,
            status: a.status.as_str().to_string(),
            consent_withdrawn: a.withdrawn,
            registered_at: rfc3339(from_unix(a.registered_at)),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/staff/customers", tag = "staff", params(CustomerParams),
    responses((status = 200, body = Customer),
        (status = 403, description = "forbidden: supervisors and administrators only", body = ErrorBody),
        (status = 404, description = "not_found: no customer has this phone", body = ErrorBody),
        (status = 422, description = "invalid_phone or required (`phone`), invalid_query", body = ErrorBody)))]
pub async fn find(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(p): ApiQuery<CustomerParams>,
) -> Result<Json<Customer>, ApiError> {
    supervising(&app, &ctx, async |by| app.find_customer(by, &p.phone).await?.ok_or(AppError::NotFound))
        .await
        .map(|a| Json(a.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct Block {
    pub phone: String,
    /// Sent to the customer with the support line; kept in the audit log.
    #[schema(max_length = 500)]
    pub reason: String,
}

// The schema's `max_length` of `reason` is the use case's limit.
const _: () = assert!(REASON_MAX == 500);

#[derive(Deserialize, ToSchema)]
pub struct Unblock {
    pub phone: String,
}

#[utoipa::path(post, path = "/api/v1/staff/customers/block", tag = "staff", request_body = Block,
    responses((status = 204, description = "blocked: sessions and API tokens ended, the customer told by SMS (and e-mail)"),
        (status = 403, description = "forbidden: supervisors and administrators only", body = ErrorBody),
        (status = 409, description = "invalid_transition: the account is not active", body = ErrorBody),
        (status = 422, description = "invalid_phone, unknown_customer (`phone`); required, too_long (`reason`)", body = ErrorBody)))]

pub async fn block(State(app): State<App>, ctx: ApiCtx, ApiJson(req): ApiJson<Block>) -> Result<StatusCode, ApiError> {
    supervising(&app, &ctx, async |by| app.block_customer(by, &req.phone, &req.reason, &ctx.caller).await)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/staff/customers/unblock", tag = "staff", request_body = Unblock,
    responses((status = 204, description = "unblocked; the customer told by SMS (and e-mail)"),
        (status = 403, description = "forbidden: supervisors and administrators only", body = ErrorBody),
        (status = 409, description = "invalid_transition: not blocked, or closed by a withdrawn consent", body = ErrorBody),
        (status = 422, description = "invalid_phone, unknown_customer (`phone`)", body = ErrorBody)))]
pub async fn unblock(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<Unblock>,
) -> Result<StatusCode, ApiError> {
    supervising(&app, &ctx, async |by| app.unblock_customer(by, &req.phone, &ctx.caller).await)
        .await
        .map(|()| StatusCode::NO_CONTENT)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/staff/customers", get(find))
        .route("/api/v1/staff/customers/block", post(block))
        .route("/api/v1/staff/customers/unblock", post(unblock))
}
