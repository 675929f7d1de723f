//! JSON API under `/api/v1` (DESIGN §8), described by `/api/v1/openapi.json`.

pub mod auth;
pub mod canned;
pub mod openapi;
pub mod registration;
pub mod reset;
pub mod services;
pub mod staff;
pub mod tickets;

use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::Router;
use serde::de::DeserializeOwned;

use super::context::lang_of;
use super::errors::ApiError;
use crate::app::{App, AppError};
use crate::i18n::Tr;

pub fn router(upload_limit: usize) -> Router<App> {
    Router::new()
        .merge(registration::router())
        .merge(auth::router())
        .merge(reset::router())
        .merge(services::router())
        .merge(tickets::router(upload_limit))
        .merge(staff::router())
        .merge(canned::router())
        .merge(openapi::router())
}

/// `Json<T>` whose refusals (bad JSON, wrong content type, wrong field types) are our error body.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<App> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &App) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(lang_of(req.headers()));
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(ApiError::new(AppError::field("request_body", "json_required"), tr));
        }
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => {
                tracing::debug!(%rejection, "unreadable JSON body");
                Err(ApiError::new(AppError::field("request_body", "invalid_json"), tr))
            }
        }
    }
}

pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
