//! `/docs/consent` and `/docs/terms`: the current versions of the documents people accept.

use crate::web::context::Nav;
use askama::Template;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::html;
use crate::app::registration::{PERSONAL_DATA, TERMS_OF_USE};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::Ctx;
use crate::web::errors::PageError;

#[derive(Template)]
#[template(path = "doc.html")]
struct DocPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    title: String,
    version_line: String,
    paragraphs: Vec<String>,
}

async fn show(ctx: Ctx, kind: &str) -> Result<Response, PageError> {
    let doc = ctx
        .app
        .db
        .current_document(kind, ctx.tr.lang_code())
        .await
        .map_err(|e| PageError::new(e.into(), ctx.tr))?
        .ok_or_else(|| PageError::new(AppError::NotFound, ctx.tr))?;
    let version_line = ctx.tr.t2(
        "doc-version-line",
        ("version", doc.version.into()),
        ("date", format_minsk(from_unix(doc.published_at)).into()),
    );
    Ok(html(&DocPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        title: doc.title,
        version_line,
        paragraphs: doc.body.split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
    }))
}

async fn consent(ctx: Ctx) -> Result<Response, PageError> {
    show(ctx, PERSONAL_DATA).await
}

async fn terms(ctx: Ctx) -> Result<Response, PageError> {
    show(ctx, TERMS_OF_USE).await
}

pub fn router() -> Router<App> {
    Router::new().route("/docs/consent", get(consent)).route("/docs/terms", get(terms))
}
