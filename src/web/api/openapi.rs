//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::{Content, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::app::App;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Helpdesk API",
        version = "1",
        description = "Registration, login, tickets, the operator console and the administration of the Helpdesk support portal. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    modifiers(&StandardAnswers),
    paths(
        super::registration::org_lookup,
        super::registration::create,
        super::registration::resend,
        super::registration::confirm,
        super::auth::login,
        super::auth::logout,
        super::auth::second_factor,
        super::auth::enrolment,
        super::auth::me,
        super::auth::accept_documents,
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
        super::reports::report,
        super::admin::staff::list,
        super::admin::staff::create,
        super::admin::staff::show,
        super::admin::staff::change,
        super::admin::staff::status,
        super::admin::staff::password,
        super::admin::staff::reset_second_factor,
        super::admin::groups::list,
        super::admin::groups::create,
        super::admin::groups::show,
        super::admin::groups::rename,
        super::admin::groups::archive,
        super::admin::groups::members,
        super::admin::services::list,
        super::admin::services::create,
        super::admin::services::show,
        super::admin::services::change,
        super::admin::organizations::search,
        super::admin::organizations::show,
        super::admin::organizations::contract,
        super::admin::organizations::upload,
        super::admin::organizations::preview,
        super::admin::organizations::confirm,
        super::admin::representations::queue,
        super::admin::customers::find,
        super::admin::customers::block,
        super::admin::customers::unblock,
        super::admin::notices::list,
        super::admin::notices::show,
        super::admin::notices::save,
        super::admin::notices::reset,
        super::admin::notices::preview,
        super::admin::documents::list,
        super::admin::documents::current,
        super::admin::documents::publish,
        super::admin::audit::page,
        super::admin::calendars::list,
        super::admin::calendars::create,
        super::admin::calendars::show,
        super::admin::calendars::change,
        super::admin::calendars::add_exception,
        super::admin::calendars::remove_exception,
        super::admin::calendars::due,
        super::admin::policies::list,
        super::admin::policies::create,
        super::admin::policies::show,
        super::admin::policies::change,
    )
)]
pub struct ApiDoc;

/// The answers that follow from how an operation is reached rather than from what it does,
/// added to every operation they apply to, so the document lists every status it can answer:
/// 503 during a database outage, 403 for a cross-site request, 401 without a sign-in, 404 for
/// an id that names nothing, 413 and 422 for a body that cannot be read, 429 where limits are.
/// What an operation answers for its own reasons (409, 410, …) its annotation says.
struct StandardAnswers;

impl Modify for StandardAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("delete", item.delete.as_mut()),
                ("patch", item.patch.as_mut()),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation else { continue };
                for (status, description) in standard_answers(path, method, operation.request_body.is_some()) {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_answer(description));
                }
            }
        }
    }
}

/// (status, what it means) for an operation at `path` with `method`.
fn standard_answers(path: &str, method: &str, has_body: bool) -> Vec<(u16, &'static str)> {
    let mut answers = vec![(
        503,
        "unavailable: the database is out of reach, or storage_unavailable: the attachment store is (uploads and downloads); `Retry-After` says when to try again",
    )];
    if method != "get" {
        answers.push((403, "cross_site_request: the browser says the request came from another site"));
    }
    let public = path.starts_with("/api/v1/registrations")
        || path.starts_with("/api/v1/password-resets")
        || path.starts_with("/api/v1/auth/login")
        || path.starts_with("/api/v1/auth/second-factor")
        || path == "/api/v1/services";
    if !public {
        answers.push((401, "unauthorized: no valid session cookie or API token"));
    }
    if path.starts_with("/api/v1/staff/") {
        answers.push((403, "forbidden: staff only"));
    }
    if path.starts_with("/api/v1/admin/") {
        answers.push((403, "forbidden: administrators only"));
    }
    if path.contains('{') {
        answers.push((404, "not_found: nothing by that id, or not visible to the caller"));
    }
    if has_body {
        answers.push((413, "text_too_large: the body or one of its fields is too long"));
        answers.push((
            422,
            "invalid_json, json_required, or a field's error (`field` names it: required, invalid_value, …)",
        ));
    }
    if public && method == "post" {
        answers.push((429, "rate_limited, locked, sms_limit, resend_too_early: `retry_after` says when to try again"));
    }
    if method == "get" && (path.starts_with("/api/v1/staff/tickets") || path == "/api/v1/tickets") {
        answers.push((422, "invalid_query, or a filter's error (`field` names it)"));
    }
    answers
}

fn error_answer(description: &str) -> RefOr<Response> {
    let content = Content::new(Some(Ref::from_schema_name("ErrorBody")));
    RefOr::T(ResponseBuilder::new().description(description).content("application/json", content).build())
}

async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/openapi.json", get(document))
}
