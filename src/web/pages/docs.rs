//! `/docs/consent` and `/docs/terms`: the documents people accept, the current version and
//! every earlier one at its own address (`/docs/consent/v/2`); `/account/documents`: accepting
//! a new version.

use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::admin::Fields;
use super::{html, render, see_other};
use crate::app::admin::documents::document_path;
use crate::app::documents::Block;
use crate::app::done::Done;
use crate::app::registration::{PERSONAL_DATA, TERMS_OF_USE};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::Ctx;
use crate::web::errors::{FormErrors, PageError};

#[derive(Template)]
#[template(path = "doc.html")]
struct DocPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    title: String,
    version_line: String,
    blocks: Vec<Block>,
    /// (address, «Редакция 1 от …», is this one) of every version, newest first.
    versions: Vec<(String, String, bool)>,
}

async fn show(ctx: &Ctx, kind: &str, version: Option<i64>) -> Result<Response, PageError> {
    let fail = |e| PageError::new(e, ctx.tr);
    let versions = ctx.app.document_versions(kind).await.map_err(fail)?;
    let wanted = match version {
        Some(v) => v,
        None => versions.first().map(|(v, _)| *v).ok_or_else(|| fail(AppError::NotFound))?,
    };
    let doc = ctx.app.document_version(kind, wanted, ctx.tr.lang).await.map_err(fail)?;
    let line = |version: i64, at: i64| {
        ctx.tr.t2("doc-version-line", ("version", version.into()), ("date", format_minsk(from_unix(at)).into()))
    };
    Ok(html(&DocPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        title: doc.title,
        version_line: line(doc.version, doc.published_at),
        blocks: ctx.app.document_blocks(&doc.body, ctx.tr.lang),
        versions: versions
            .iter()
            .map(|(v, at)| (format!("{}/v/{v}", document_path(kind)), line(*v, *at), *v == doc.version))
            .collect(),
    }))
}

async fn consent(ctx: Ctx) -> Result<Response, PageError> {
    show(&ctx, PERSONAL_DATA, None).await
}

async fn terms(ctx: Ctx) -> Result<Response, PageError> {
    show(&ctx, TERMS_OF_USE, None).await
}

async fn consent_version(ctx: Ctx, Path(version): Path<i64>) -> Result<Response, PageError> {
    show(&ctx, PERSONAL_DATA, Some(version)).await
}

async fn terms_version(ctx: Ctx, Path(version): Path<i64>) -> Result<Response, PageError> {
    show(&ctx, TERMS_OF_USE, Some(version)).await
}

/// A new version to accept: its title, version line and address.
pub struct Pending {
    pub kind: String,
    pub field: &'static str,
    pub title: String,
    pub version_line: String,
    pub path: String,
}

#[derive(Template)]
#[template(path = "accept_documents.html")]
struct AcceptPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    errors: FormErrors,
    pending: Vec<Pending>,
    next: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

async fn accept_page(ctx: &Ctx, errors: FormErrors, next: &str) -> Result<Option<AcceptPage>, PageError> {
    let current = ctx.require_user()?;
    let fail = |e| PageError::new(e, ctx.tr);
    let pending = ctx.app.pending_documents(&current.user).await.map_err(fail)?;
    if pending.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::new();
    for d in pending {
        let doc = ctx.app.document_version(&d.kind, d.version, ctx.tr.lang).await.map_err(fail)?;
        out.push(Pending {
            field: if d.kind == PERSONAL_DATA { "accept_personal_data" } else { "accept_terms" },
            title: doc.title,
            version_line: ctx.tr.t2(
                "doc-version-line",
                ("version", d.version.into()),
                ("date", format_minsk(from_unix(d.published_at)).into()),
            ),
            path: format!("{}/v/{}", document_path(&d.kind), d.version),
            kind: d.kind,
        });
    }
    Ok(Some(AcceptPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        errors,
        pending: out,
        next: super::login::safe_next(Some(next)).unwrap_or_default(),
    }))
}

async fn documents(ctx: Ctx, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    let next = q.next.unwrap_or_default();
    match accept_page(&ctx, FormErrors::default(), &next).await? {
        Some(page) => Ok(html(&page)),
        None => Ok(see_other(&super::login::safe_next(Some(&next)).unwrap_or_else(|| "/account".into()))),
    }
}

async fn accept(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let f = Fields(fields);
    let next = f.get("next");
    let mut accepted = Vec::new();
    if f.flag("accept_personal_data") {
        accepted.push(PERSONAL_DATA.to_string());
    }
    if f.flag("accept_terms") {
        accepted.push(TERMS_OF_USE.to_string());
    }
    match ctx.app.accept_documents(current, &accepted, &ctx.caller).await {
        Ok(()) => {
            let to = super::login::safe_next(Some(&next)).unwrap_or_else(|| "/account".into());
            Ok(see_other(&if to == "/account" { Done::DocumentsAccepted.after("/account") } else { to }))
        }
        Err(e @ AppError::Validation(_)) => match accept_page(&ctx, FormErrors::from_error(&e, ctx.tr), &next).await? {
            Some(page) => Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response()),
            None => Ok(see_other("/account")),
        },
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/docs/consent", get(consent))
        .route("/docs/terms", get(terms))
        .route("/docs/consent/v/{version}", get(consent_version))
        .route("/docs/terms/v/{version}", get(terms_version))
        .route("/account/documents", get(documents).post(accept))
}
