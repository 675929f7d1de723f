//! `/staff/bulk`: one change to the tickets ticked in a queue — assign, status, priority, group.
//! Each ticket changes on its own; the answer lists what changed and what was refused, and why.

use askama::Template;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use axum::Router;

use super::render;
use crate::app::workspace::{AssigneeChoice, TicketForm};
use crate::app::{App, AppError};
use crate::domain::ticket::TicketNumber;
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{message, PageError};

#[derive(Template)]
#[template(path = "staff_bulk.html")]
struct BulkPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    back: String,
    error: Option<String>,
    changed: Vec<String>,
    unchanged: Vec<String>,
    /// (number, why)
    refused: Vec<(String, String)>,
}

#[derive(serde::Deserialize, Default)]
struct BackQuery {
    back: Option<String>,
}

async fn bulk(
    ctx: Ctx,
    Query(q): Query<BackQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    // Back to the queue the change was made from, when that is one of our own pages.
    let back = q
        .back
        .as_deref()
        .and_then(crate::domain::local_path::local_path)
        .filter(|p| p.starts_with("/staff"))
        .unwrap_or("/staff")
        .to_string();
    let mut page = BulkPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        back,
        error: None,
        changed: vec![],
        unchanged: vec![],
        refused: vec![],
    };
    let mut numbers = Vec::new();
    for (_, value) in fields.iter().filter(|(k, _)| k == "ticket") {
        match TicketNumber::from_path(value) {
            Ok(n) => numbers.push(n),
            Err(_) => page.refused.push((value.chars().take(20).collect(), ctx.tr.t("error-not_found"))),
        }
    }
    let outcome = match AssigneeChoice::parse(&field("assignee"), AssigneeChoice::Keep) {
        Ok(assignee) => {
            let form = TicketForm {
                status: field("status"),
                priority: field("priority"),
                group: field("group"),
                service: String::new(),
                assignee,
            };
            ctx.app.bulk_update(current, &numbers, &form).await
        }
        Err(e) => Err(e.into()),
    };
    let status = match outcome {
        Ok(report) => {
            page.changed = report.changed;
            page.unchanged = report.unchanged;
            page.refused.extend(report.refused.iter().map(|(n, e)| (n.clone(), message(e, ctx.tr))));
            StatusCode::OK
        }
        Err(e @ AppError::Validation(_)) => {
            page.error = Some(message(&e, ctx.tr));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(PageError::new(e, ctx.tr)),
    };
    Ok((status, Html(render(&page))).into_response())
}

pub fn router() -> Router<App> {
    Router::new().route("/staff/bulk", post(bulk))
}
