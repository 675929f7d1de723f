//! Server-rendered pages (askama templates in `templates/`).

pub mod account;
pub mod admin;
pub mod code_flow;
pub mod colleagues;
pub mod docs;
#[cfg(test)]
mod form_labels;
pub mod listing;
pub mod login;
pub mod registration;
pub mod reset;
pub mod second_factor;
pub mod staff;
pub mod staff_bulk;
pub mod staff_canned;
pub mod staff_events;
pub mod staff_ticket;
pub mod tickets;

use crate::web::context::Nav;
use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::context::{set_cookie, Ctx, LANG_COOKIE};
use super::errors::FormErrors;
use crate::app::App;
use crate::i18n::{Lang, Tr};

pub fn render<T: Template>(page: &T) -> String {
    page.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "template failed");
        "<!DOCTYPE html><title>Error</title><p>Internal error</p>".to_string()
    })
}

pub fn html<T: Template>(page: &T) -> Response {
    Html(render(page)).into_response()
}

/// After a POST that worked: see the result page with GET (no resubmission on reload).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub tr: Tr,
    pub csrf: String,
    pub nav: Nav,
    pub title: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "landing.html")]
struct Landing {
    tr: Tr,
    csrf: String,
    nav: Nav,
}

async fn landing(ctx: Ctx) -> Response {
    html(&Landing { tr: ctx.tr, csrf: ctx.csrf.clone(), nav: ctx.nav() })
}

/// `/lang/{code}`: remembers the choice for a year and goes back where the person was.
async fn switch_language(Path(code): Path<String>, headers: HeaderMap, ctx: Ctx) -> Response {
    let lang = Lang::from_code(&code).unwrap_or_default();
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::domain::local_path::path_of_address)
        .unwrap_or_else(|| "/".into());
    if let Some(current) = &ctx.user {
        if let Err(e) = ctx.app.db.set_user_lang(current.user.id, lang.code()).await {
            // The choice still holds for the pages through the cookie; only notices miss it.
            tracing::warn!(error = %e, "remembering the language");
        }
    }
    let mut response = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&set_cookie(&ctx.app, LANG_COOKIE, lang.code(), Some(365 * 86400))) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub fn router(upload_limit: usize) -> Router<App> {
    Router::new()
        .route("/", get(landing))
        .route("/lang/{code}", get(switch_language))
        .merge(registration::router())
        .merge(login::router())
        .merge(second_factor::router())
        .merge(reset::router())
        .merge(account::router())
        .merge(colleagues::router())
        .merge(docs::router())
        .merge(tickets::router(upload_limit))
        .merge(staff::router(upload_limit))
        .merge(staff_canned::routes())
        .merge(admin::router())
}

/// The code form shared by registration and password reset.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub tr: Tr,
    pub csrf: String,
    pub nav: Nav,
    pub title: String,
    pub phone_masked: String,
    pub action: String,
    pub resend_action: String,
    pub expires_in: i64,
    pub expires_text: String,
    pub resend_in: i64,
    pub sends_left: u32,
    pub errors: FormErrors,
}

/// The completion page shared by registration and password reset.
#[derive(Template)]
#[template(path = "done.html")]
pub struct DonePage {
    pub tr: Tr,
    pub csrf: String,
    pub nav: Nav,
    pub title: String,
    pub message: String,
    pub login: String,
    pub login_param: String,
}

pub fn mm_ss(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

pub fn confirm_page(
    ctx: &Ctx,
    title: String,
    base: &str,
    issued: &crate::app::verification::Issued,
    errors: FormErrors,
) -> Response {
    let now = ctx.app.now();
    let expires_in = crate::app::verification::seconds_until(issued.code_expires_at, now);
    let resend_in = crate::app::verification::seconds_until(issued.resend_available_at, now);
    let status =
        if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let page = ConfirmPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        title,
        phone_masked: issued.phone_masked.clone(),
        action: format!("{base}/confirm"),
        resend_action: format!("{base}/resend"),
        expires_in,
        expires_text: mm_ss(expires_in),
        resend_in,
        sends_left: issued.sends_left,
        errors,
    };
    (status, Html(render(&page))).into_response()
}
