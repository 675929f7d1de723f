//! `/admin/documents`: the versions of the consent and the terms, and publishing a new one.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::documents::document_path;
use crate::app::admin::documents::{DocumentForm, KINDS};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::{Lang, Tr};
use crate::store::from_unix;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct KindLine {
    pub kind: &'static str,
    pub title: String,
    /// (address, «Редакция 2 от …»), newest first.
    pub versions: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin/documents.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    kinds: Vec<KindLine>,
}

pub struct LangText {
    pub lang: &'static str,
    pub name: &'static str,
    pub title: String,
    pub body: String,
    pub required: bool,
}

#[derive(Template)]
#[template(path = "admin/document.html")]
struct PublishPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    errors: FormErrors,
    kind: &'static str,
    title: String,
    texts: Vec<LangText>,
    /// `{operator_name}, {operator_address}, …`: what a text may use.
    placeholders: String,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    administrator(&ctx)?;
    let mut kinds = Vec::new();
    for kind in KINDS {
        let versions = ctx.app.document_versions(kind).await.map_err(|e| PageError::new(e, ctx.tr))?;
        kinds.push(KindLine {
            kind,
            title: ctx.tr.t(&format!("doc-title-{kind}")),
            versions: versions
                .iter()
                .map(|(v, at)| {
                    let line = ctx.tr.t2(
                        "doc-version-line",
                        ("version", (*v).into()),
                        ("date", format_minsk(from_unix(*at)).into()),
                    );
                    (format!("{}/v/{v}", document_path(kind)), line)
                })
                .collect(),
        });
    }
    Ok(html(&ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), ctx.tr),
        kinds,
    }))
}

fn kind_of(ctx: &Ctx, kind: &str) -> Result<&'static str, PageError> {
    crate::app::admin::documents::parse_kind(kind).map_err(|e| PageError::new(e, ctx.tr))
}

fn page(ctx: &Ctx, kind: &'static str, form: DocumentForm, errors: FormErrors) -> PublishPage {
    PublishPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        errors,
        kind,
        title: ctx.tr.t(&format!("doc-title-{kind}")),
        placeholders: crate::app::documents::PLACEHOLDERS
            .iter()
            .map(|p| format!("{{{}}}", p.name))
            .collect::<Vec<_>>()
            .join(", "),
        texts: Lang::ALL
            .into_iter()
            .map(|lang| {
                let text = form.texts.iter().find(|(l, _, _)| *l == lang);
                LangText {
                    lang: lang.code(),
                    name: lang.native_name(),
                    title: text.map(|t| t.1.clone()).unwrap_or_default(),
                    body: text.map(|t| t.2.clone()).unwrap_or_default(),
                    required: lang == Lang::Ru,
                }
            })
            .collect(),
    }
}

async fn draft(ctx: Ctx, Path(kind): Path<String>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let kind = kind_of(&ctx, &kind)?;
    let form = ctx.app.document_draft(admin, kind).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(html(&page(&ctx, kind, form, FormErrors::default())))
}

async fn publish(
    ctx: Ctx,
    Path(kind): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let kind = kind_of(&ctx, &kind)?;
    let f = Fields(fields);
    let form = DocumentForm {
        texts: Lang::ALL
            .into_iter()
            .map(|l| (l, f.get(&format!("title_{}", l.code())), f.get(&format!("body_{}", l.code()))))
            .collect(),
    };
    match ctx.app.publish_document(admin, kind, &form, &ctx.caller).await {
        Ok(_) => Ok(see_other(&Done::DocumentPublished.after("/admin/documents"))),
        Err(e @ AppError::Validation(_)) => {
            let page = page(&ctx, kind, form, FormErrors::from_error(&e, ctx.tr));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    // A document's text is long: room for three languages of it.
    let limit = axum::extract::DefaultBodyLimit::max(1024 * 1024);
    Router::new()
        .route("/admin/documents", get(list))
        .route("/admin/documents/{kind}", get(draft).post(publish).layer(limit))
}
