//! `/account/colleagues`: a confirmed manager of an organisation decides on the representations
//! of its other people — confirms, rejects, revokes.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::admin::representations::RepresentationLine;
use super::admin::Fields;
use super::{html, render, see_other};
use crate::app::admin::representations::Verdict;
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};

pub struct ManagedOrganization {
    pub name: String,
    pub people: Vec<RepresentationLine>,
}

#[derive(Template)]
#[template(path = "colleagues.html")]
struct ColleaguesPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    organizations: Vec<ManagedOrganization>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn colleagues_page(ctx: &Ctx, errors: FormErrors, notice: Option<String>) -> Result<ColleaguesPage, PageError> {
    let current = ctx.require_user()?;
    let managed = ctx.app.managed_representations(current).await.map_err(|e| PageError::new(e, ctx.tr))?;
    if managed.is_empty() {
        return Err(PageError::new(AppError::NotFound, ctx.tr));
    }
    Ok(ColleaguesPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        organizations: managed
            .into_iter()
            .map(|(name, people)| ManagedOrganization {
                name,
                people: people.iter().map(|r| RepresentationLine::of(ctx.tr, r)).collect(),
            })
            .collect(),
    })
}

async fn show(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&colleagues_page(&ctx, FormErrors::default(), notice).await?))
}

async fn decide(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let f = Fields(fields);
    let role = f.get("role");
    let outcome = match Verdict::parse(&f.get("decision"), Some(&role)) {
        Ok(verdict) => ctx.app.decide_as_manager(current, id, verdict, &f.get("reason"), &ctx.caller).await,
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(()) => Ok(see_other(&Done::RepresentationDecided.after("/account/colleagues"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict)) => {
            let status = crate::web::errors::classify(&e).0;
            let page = colleagues_page(&ctx, FormErrors::from_error(&e, ctx.tr), None).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    Router::new().route("/account/colleagues", get(show)).route("/account/colleagues/{id}", post(decide))
}
