//! JSON API under `/api/v1` (DESIGN §8), described by `/api/v1/openapi.json`.

pub mod admin;
pub mod auth;
pub mod canned;
pub mod openapi;
pub mod registration;
pub mod reports;
pub mod reset;
pub mod schema;
pub mod services;
pub mod staff;
pub mod tickets;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
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
        .merge(reports::router())
        .merge(admin::router())
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
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::new(AppError::TextTooLarge { field: "request_body", max_bytes: JSON_BODY_MAX }, tr))
            }
            Err(rejection) => {
                tracing::debug!(%rejection, "unreadable JSON body");
                let problem = json_field_problem(&rejection.body_text())
                    .unwrap_or_else(|| crate::domain::FieldError::new("request_body", "invalid_json"));
                Err(ApiError::new(problem.into(), tr))
            }
        }
    }
}

/// The field a JSON body got wrong, when serde names one we know: missing (`required`) or of
/// the wrong type (`invalid_value`). A client is told «Заполните поле „Тема“», not that the
/// body could not be read.
fn json_field_problem(text: &str) -> Option<crate::domain::FieldError> {
    use crate::domain::FieldError;
    if let Some(rest) = text.split("missing field `").nth(1) {
        let name = rest.split('`').next()?;
        return crate::i18n::field_name(name).map(FieldError::required);
    }
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    let (path, _) = detail.split_once(": ")?;
    let first = path.split(['.', '[']).next()?;
    crate::i18n::field_name(first).map(|f| FieldError::new(f, "invalid_value"))
}

/// The most a JSON body may hold (the router's default body limit).
pub const JSON_BODY_MAX: u64 = 256 * 1024;

/// A path parameter; one that does not parse (an id past `i64`, say) is no such resource: the
/// JSON 404, like any other unknown id.
pub struct ApiPath<T>(pub T);

impl<T> FromRequestParts<App> for ApiPath<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(lang_of(&parts.headers));
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(ApiError::new(AppError::NotFound, tr)),
        }
    }
}

/// Query parameters; ones that do not read answer the JSON 422.
pub struct ApiQuery<T>(pub T);

impl<T> FromRequestParts<App> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(lang_of(&parts.headers));
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(_) => Err(ApiError::new(AppError::field("query", "invalid_query"), tr)),
        }
    }
}

pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

impl crate::web::context::ApiCtx {
    /// A refusal as the JSON error, in the caller's language.
    pub fn fail(&self, e: AppError) -> ApiError {
        ApiError::new(e, self.tr)
    }
}

#[cfg(test)]
mod tests {
    use super::json_field_problem;
    use crate::domain::FieldError;

    #[test]
    fn a_json_body_missing_a_field_or_mistyping_one_names_it() {
        assert_eq!(
            json_field_problem(
                "Failed to deserialize the JSON body into the target type: missing field `subject` at line 1 column 2"
            ),
            Some(FieldError::required("subject"))
        );
        assert_eq!(
            json_field_problem(
                "Failed to deserialize the JSON body into the target type: body: invalid type: integer `5`, expected a string at line 1 column 10"
            ),
            Some(FieldError::new("body", "invalid_value"))
        );
        assert_eq!(json_field_problem("Failed to parse the request body as JSON: EOF while parsing at line 1"), None);
        assert_eq!(json_field_problem("…: missing field `<script>` at line 1"), None, "only our own field names");
    }
}
