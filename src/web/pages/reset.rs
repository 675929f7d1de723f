//! `/password-reset`: phone → code → new password by SMS.

use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::code_flow::{CodeFlow, CodeForm};
use super::{html, render, see_other, DonePage};
use crate::app::verification::PASSWORD_RESET;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::Ctx;
use crate::web::errors::{urlencode, FormErrors, PageError};

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    phone: String,
    errors: FormErrors,
}

async fn page(ctx: Ctx) -> Response {
    html(&ResetPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        phone: String::new(),
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
struct PhoneForm {
    #[serde(default)]
    phone: String,
}

async fn submit(ctx: Ctx, Form(form): Form<PhoneForm>) -> Result<Response, PageError> {
    match ctx.app.start_password_reset(&form.phone, &ctx.caller).await {
        Ok(issued) => Ok(see_other(&format!("/password-reset/{}/confirm", issued.id))),
        Err(e @ AppError::Internal(_)) => Err(PageError::new(e, ctx.tr)),
        Err(e) => {
            let page = ResetPage {
                tr: ctx.tr,
                csrf: ctx.csrf.clone(),
                nav: ctx.nav(),
                phone: form.phone,
                errors: FormErrors::from_error(&e, ctx.tr),
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
    }
}

const FLOW: CodeFlow = CodeFlow {
    purpose: PASSWORD_RESET,
    base: "/password-reset",
    title_key: "reset-confirm-title",
    start_again_key: "error-too_many_sends-reset",
};

async fn confirm_form(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    FLOW.show(&ctx, &id, FormErrors::default()).await
}

async fn confirm(ctx: Ctx, Path(id): Path<String>, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let outcome = ctx.app.confirm_password_reset(&id, &form.code, &ctx.caller).await;
    FLOW.after_confirm(&ctx, &id, outcome).await
}

async fn resend(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    FLOW.resend(&ctx, &id).await
}

async fn done(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let row = ctx.app.pending_verification(&id, PASSWORD_RESET).await.map_err(|e| PageError::new(e, ctx.tr))?;
    if row.state != "completed" {
        return Ok(see_other(&format!("/password-reset/{id}/confirm")));
    }
    let login = crate::domain::Phone::parse(&row.phone).map(|p| p.display()).unwrap_or(row.phone);
    Ok(html(&DonePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        title: ctx.tr.t("reset-done-title"),
        message: ctx.tr.t("reset-done-message"),
        login_param: urlencode(&login),
        login,
    }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/password-reset", get(page).post(submit))
        .route("/password-reset/{id}/confirm", get(confirm_form).post(confirm))
        .route("/password-reset/{id}/resend", post(resend))
        .route("/password-reset/{id}/done", get(done))
}
