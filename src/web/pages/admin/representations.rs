//! `/admin/representations`: the supervisors' queue of pending representations.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{supervisor, Fields};
use crate::app::admin::representations::Verdict;
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::Phone;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::representations::RepresentationRow;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

/// One representation as the queue and the cabinet show it.
pub struct RepresentationLine {
    pub id: i64,
    pub person: String,
    pub phone: String,
    pub organization: String,
    pub unp: String,
    pub contract: String,
    pub position: String,
    pub requested: String,
    pub status: String,
    pub status_text: String,
    pub role_text: String,
}

impl RepresentationLine {
    pub fn of(tr: Tr, r: &RepresentationRow) -> Self {
        RepresentationLine {
            id: r.id,
            person: format!("{} {} {}", r.last_name, r.first_name, r.middle_name.clone().unwrap_or_default())
                .trim()
                .to_string(),
            phone: r.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| p.display()).unwrap_or_default(),
            organization: r.organization_name.clone(),
            unp: r.unp.clone(),
            contract: r.contract_number.clone().unwrap_or_default(),
            position: r.position.clone().unwrap_or_default(),
            requested: format_minsk(from_unix(r.requested_at)),
            status: r.status.clone(),
            status_text: tr.t(&format!("representation-{}", r.status)),
            role_text: tr.t(&format!("representation-role-{}", r.role)),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/representations.html")]
struct QueuePage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    /// The representation the errors are about.
    failed: i64,
    lines: Vec<RepresentationLine>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn queue_page(
    ctx: &Ctx,
    errors: FormErrors,
    failed: i64,
    notice: Option<String>,
) -> Result<QueuePage, PageError> {
    let (_, by) = supervisor(ctx)?;
    let rows = ctx.app.pending_representations(by).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(QueuePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        failed,
        lines: rows.iter().map(|r| RepresentationLine::of(ctx.tr, r)).collect(),
    })
}

async fn queue(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&queue_page(&ctx, FormErrors::default(), 0, notice).await?))
}

async fn decide(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, by) = supervisor(&ctx)?;
    let f = Fields(fields);
    let role = f.get("role");
    let outcome = match Verdict::parse(&f.get("decision"), Some(&role)) {
        Ok(verdict) => ctx.app.decide_as_supervisor(by, id, verdict, &f.get("reason"), &ctx.caller).await,
        Err(e) => Err(e.into()),
    };
    match outcome {
        Ok(()) => Ok(see_other(&Done::RepresentationDecided.after("/admin/representations"))),
        Err(e @ (AppError::Validation(_) | AppError::Conflict)) => {
            let status = crate::web::errors::classify(&e).0;
            let page = queue_page(&ctx, FormErrors::from_error(&e, ctx.tr), id, None).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    Router::new().route("/admin/representations", get(queue)).route("/admin/representations/{id}", post(decide))
}
