//! `/staff/canned`: an operator's canned responses, and the shared ones.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{html, render, see_other};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::store::canned::CannedResponse;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, Labels, PageError};

/// The canned-response form calls its text «Текст ответа».
pub const CANNED_LABELS: Labels = &[("body", "field-canned-body")];

#[derive(Template)]
#[template(path = "staff_canned.html")]
struct CannedPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    items: Vec<CannedResponse>,
    may_share: bool,
    title: String,
    body: String,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

#[derive(Deserialize, Default)]
struct CannedForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    shared: Option<String>,
}

async fn page(
    ctx: &Ctx,
    notice: Option<String>,
    errors: FormErrors,
    form: CannedForm,
) -> Result<CannedPage, PageError> {
    let current = ctx.require_user()?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let scope = ctx.app.staff_scope(current).map_err(fail)?;
    Ok(CannedPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        items: ctx.app.canned_responses(current).await.map_err(fail)?,
        may_share: scope.all_groups,
        title: form.title,
        body: form.body,
    })
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&page(&ctx, notice, FormErrors::default(), CannedForm::default()).await?))
}

async fn add(ctx: Ctx, Form(form): Form<CannedForm>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let shared = form.shared.as_deref() == Some("true");
    match ctx.app.add_canned_response(current, &form.title, &form.body, shared).await {
        Ok(_) => Ok(see_other(&Done::CannedSaved.after("/staff/canned"))),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::labelled(&e, ctx.tr, CANNED_LABELS);
            let page = page(&ctx, None, errors, form).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn delete(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    ctx.app.delete_canned_response(current, id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::CannedDeleted.after("/staff/canned")))
}

pub fn routes() -> Router<App> {
    Router::new().route("/staff/canned", get(list).post(add)).route("/staff/canned/{id}/delete", post(delete))
}
