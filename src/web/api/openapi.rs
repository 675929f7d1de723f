//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use crate::app::App;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Helpdesk API",
        version = "1",
        description = "Registration, login and personal data of the Helpdesk support portal. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    paths(
        super::registration::org_lookup,
        super::registration::create,
        super::registration::resend,
        super::registration::confirm,
        super::auth::login,
        super::auth::logout,
        super::auth::me,
        super::reset::create,
        super::reset::resend,
        super::reset::confirm,
        super::services::list,
        super::tickets::list,
        super::tickets::create,
        super::tickets::show,
        super::tickets::reply,
        super::tickets::resolve,
        super::tickets::rate,
        super::tickets::attachment,
        super::staff::queue,
        super::staff::assign,
        super::staff::status,
        super::staff::classify,
        super::staff::decide,
        super::canned::list,
        super::canned::create,
        super::canned::remove,
    )
)]
pub struct ApiDoc;

async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/openapi.json", get(document))
}
