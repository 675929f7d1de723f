//! `/admin/audit`: the audit log with its filters, and its CSV.

use askama::Template;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::administrator;
use crate::app::admin::audit::{AuditFilter, EVENTS};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::Phone;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{urlencode, FormErrors, PageError};
use crate::web::pages::render;

pub struct Entry {
    pub at: String,
    pub event: String,
    pub actor: String,
    pub object: String,
    pub ip: String,
    pub details: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    errors: FormErrors,
    actor: String,
    event: String,
    object: String,
    since: String,
    until: String,
    events: &'static [&'static str],
    entries: Vec<Entry>,
    next_link: Option<String>,
    csv_link: String,
}

fn filter_query(f: &AuditFilter) -> String {
    [("actor", &f.actor), ("event", &f.event), ("object", &f.object), ("since", &f.since), ("until", &f.until)]
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.trim().is_empty()).map(|v| format!("{k}={}", urlencode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

async fn page(ctx: Ctx, Query(f): Query<AuditFilter>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut page = AuditPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        errors: FormErrors::default(),
        actor: text(&f.actor),
        event: text(&f.event),
        object: text(&f.object),
        since: text(&f.since),
        until: text(&f.until),
        events: EVENTS,
        entries: Vec::new(),
        next_link: None,
        csv_link: format!("/admin/audit.csv?{}", filter_query(&f)),
    };
    match ctx.app.audit_page(admin, &f).await {
        Ok((lines, more)) => {
            page.next_link =
                lines.last().filter(|_| more).map(|l| format!("/admin/audit?{}&before_id={}", filter_query(&f), l.id));
            page.entries = lines
                .into_iter()
                .map(|l| Entry {
                    at: format_minsk(from_unix(l.at)),
                    actor: match (&l.username, &l.phone) {
                        (Some(u), _) => u.clone(),
                        (None, Some(p)) => Phone::parse(p).map(|p| p.display()).unwrap_or_else(|_| p.clone()),
                        _ => String::new(),
                    },
                    event: l.event,
                    object: l.object.unwrap_or_default(),
                    ip: l.ip.unwrap_or_default(),
                    details: if l.details == "{}" { String::new() } else { l.details },
                })
                .collect();
            Ok(Html(render(&page)).into_response())
        }
        Err(e @ AppError::Validation(_)) => {
            page.errors = FormErrors::from_error(&e, ctx.tr);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn csv(ctx: Ctx, Query(f): Query<AuditFilter>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let bytes = ctx.app.audit_csv(admin, &f, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"audit.csv\""));
    Ok(response)
}

pub fn router() -> Router<App> {
    Router::new().route("/admin/audit", get(page)).route("/admin/audit.csv", get(csv))
}
