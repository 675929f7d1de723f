//! `/admin/customers`: find a customer's account by phone, block it with a reason, unblock it.

use askama::Template;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{supervisor, Fields};
use crate::app::admin::customers::{CustomerAccount, REASON_MAX};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::people::AccountStatus;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{urlencode, FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

/// The account found, as the page shows it.
pub struct AccountLine {
    pub name: String,
    pub phone: String,
    pub status_text: String,
    pub registered: String,
    pub can_block: bool,
    pub can_unblock: bool,
    pub withdrawn: bool,
}

impl AccountLine {
    fn of(tr: Tr, a: &CustomerAccount) -> Self {
        AccountLine {
            name: a.name.clone(),
            phone: a.phone.clone(),
            status_text: tr.t(&format!("customer-status-{}", a.status.as_str())),
            registered: format_minsk(from_unix(a.registered_at)),
            can_block: a.status == AccountStatus::Active,
            can_unblock: a.status == AccountStatus::Blocked && !a.withdrawn,
            withdrawn: a.withdrawn,
        }
    }
}

#[derive(Template)]
#[template(path = "admin/customers.html")]
struct CustomersPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    phone: String,
    searched: bool,
    account: Option<AccountLine>,
    reason_max: usize,
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    phone: Option<String>,
    done: Option<String>,
}

async fn page(ctx: &Ctx, phone: &str, errors: FormErrors, notice: Option<String>) -> Result<CustomersPage, PageError> {
    let (_, by) = supervisor(ctx)?;
    let mut errors = errors;
    let account = if phone.trim().is_empty() {
        None
    } else {
        match ctx.app.find_customer(by, phone).await {
            Ok(found) => found.map(|a| AccountLine::of(ctx.tr, &a)),
            Err(e @ AppError::Validation(_)) => {
                errors = FormErrors::from_error(&e, ctx.tr);
                None
            }
            Err(e) => return Err(PageError::new(e, ctx.tr)),
        }
    };
    Ok(CustomersPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        searched: !phone.trim().is_empty() && errors.is_empty(),
        errors,
        phone: phone.to_string(),
        account,
        reason_max: REASON_MAX,
    })
}

async fn show(ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&page(&ctx, q.phone.as_deref().unwrap_or(""), FormErrors::default(), notice).await?))
}

async fn change(ctx: Ctx, fields: Vec<(String, String)>, block: bool) -> Result<Response, PageError> {
    let (_, by) = supervisor(&ctx)?;
    let f = Fields(fields);
    let phone = f.get("phone");
    let outcome = if block {
        ctx.app.block_customer(by, &phone, &f.get("reason"), &ctx.caller).await
    } else {
        ctx.app.unblock_customer(by, &phone, &ctx.caller).await
    };
    let done = if block { Done::CustomerBlocked } else { Done::CustomerUnblocked };
    match outcome {
        Ok(()) => Ok(see_other(&format!("{}&phone={}", done.after("/admin/customers"), urlencode(&phone)))),
        Err(e @ (AppError::Validation(_) | AppError::InvalidTransition)) => {
            let status = crate::web::errors::classify(&e).0;
            let page = page(&ctx, &phone, FormErrors::from_error(&e, ctx.tr), None).await?;
            let status =
                if status == StatusCode::CONFLICT { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn block(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    change(ctx, fields, true).await
}

async fn unblock(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    change(ctx, fields, false).await
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/customers", get(show))
        .route("/admin/customers/block", post(block))
        .route("/admin/customers/unblock", post(unblock))
}
