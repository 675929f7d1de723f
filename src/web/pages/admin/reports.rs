//! `/staff/reports`: the report with its filter form, and the same report as CSV or XLSX.

use askama::Template;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::supervisor;
use crate::app::reports::export;
use crate::app::reports::view::{self, Choices, ReportView};
use crate::app::reports::{Report, ReportQuery};
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{urlencode, FormErrors, PageError};
use crate::web::pages::render;

#[derive(Template)]
#[template(path = "admin/reports.html")]
struct ReportsPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    errors: FormErrors,
    query: ReportQuery,
    choices: Choices,
    granularities: Vec<(&'static str, String)>,
    period: String,
    report: Option<ReportView>,
    empty: bool,
    csv_link: String,
    xlsx_link: String,
}

fn query_string(q: &ReportQuery) -> String {
    [
        ("since", &q.since),
        ("until", &q.until),
        ("group", &q.group),
        ("service", &q.service),
        ("organization", &q.organization),
        ("granularity", &q.granularity),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}={}", urlencode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

async fn page(ctx: Ctx, Query(q): Query<ReportQuery>) -> Result<Response, PageError> {
    let (_, by) = supervisor(&ctx)?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let lang = ctx.tr.lang_code();
    let choices = ctx.app.report_choices(lang).await.map_err(fail)?;
    let query = query_string(&q);
    let mut page = ReportsPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        errors: FormErrors::default(),
        choices,
        granularities: ["", "day", "week", "month"]
            .into_iter()
            .map(|g| (g, ctx.tr.t(&format!("report-granularity-{}", if g.is_empty() { "auto" } else { g }))))
            .collect(),
        period: String::new(),
        report: None,
        empty: false,
        csv_link: format!("/staff/reports.csv?{query}"),
        xlsx_link: format!("/staff/reports.xlsx?{query}"),
        query: q.clone(),
    };
    match ctx.app.report(by, &q, lang).await {
        Ok(report) => {
            page.period = view::period_text(ctx.tr, &report);
            page.empty = report.created == 0 && report.resolved == 0 && report.open_now == 0;
            page.report = Some(view::view(ctx.tr, &report));
            Ok(Html(render(&page)).into_response())
        }
        Err(e @ AppError::Validation(_)) => {
            page.errors = FormErrors::from_error(&e, ctx.tr);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(fail(e)),
    }
}

/// `report-2026-11-05-2026-12-04.csv`: checked dates only, so the header is ours.
fn download(report: &Report, bytes: Vec<u8>, extension: &str, content_type: &'static str) -> Response {
    let name = format!("attachment; filename=\"report-{}-{}.{extension}\"", report.since, report.until);
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&name) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn csv(ctx: Ctx, Query(q): Query<ReportQuery>) -> Result<Response, PageError> {
    let (_, by) = supervisor(&ctx)?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let report = ctx.app.report(by, &q, ctx.tr.lang_code()).await.map_err(fail)?;
    let bytes = export::csv(&export::tables(ctx.tr, &report)).map_err(fail)?;
    Ok(download(&report, bytes, "csv", "text/csv; charset=utf-8"))
}

async fn xlsx(ctx: Ctx, Query(q): Query<ReportQuery>) -> Result<Response, PageError> {
    let (_, by) = supervisor(&ctx)?;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let report = ctx.app.report(by, &q, ctx.tr.lang_code()).await.map_err(fail)?;
    let bytes = export::xlsx(&export::tables(ctx.tr, &report)).map_err(fail)?;
    Ok(download(&report, bytes, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/staff/reports", get(page))
        .route("/staff/reports.csv", get(csv))
        .route("/staff/reports.xlsx", get(xlsx))
}
