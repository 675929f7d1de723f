//! `GET /api/v1/admin/audit`: the audit log, filtered by actor, event, object and period,
//! newest first, a hundred entries a page.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::administering;
use crate::app::admin::audit::AuditFilter;
use crate::app::{App, AppError};
use crate::store::audit::AuditLine;
use crate::store::from_unix;
use crate::web::api::{rfc3339, ApiQuery};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Deserialize, IntoParams)]
pub struct AuditParams {
    /// A staff login or a customer's phone in any spelling.
    pub actor: Option<String>,
    /// An event, e.g. `staff_created`, `login_failed`.
    pub event: Option<String>,
    /// An object (`staff:ivanova`) or the beginning of one (`staff:`).
    pub object: Option<String>,
    /// First day, `YYYY-MM-DD` (Minsk).
    pub since: Option<String>,
    /// Last day, included.
    pub until: Option<String>,
    /// The next page: the `next_before_id` of the page before (digits; anything else is 422
    /// `invalid_cursor`).
    // No pattern is stated: schemathesis takes an optional parameter it leaves out for one that
    // breaks the pattern, and expects a refusal.
    pub before_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub event: String,
    /// The actor's login or phone; none for the system or the command line.
    pub actor: Option<String>,
    pub actor_name: Option<String>,
    pub object: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<AuditLine> for AuditEntry {
    fn from(l: AuditLine) -> Self {
        let name = format!("{} {}", l.last_name.unwrap_or_default(), l.first_name.unwrap_or_default());
        AuditEntry {
            id: l.id,
            at: rfc3339(from_unix(l.at)),
            event: l.event,
            actor: l.username.or(l.phone),
            actor_name: Some(name.trim().to_string()).filter(|n| !n.is_empty()),
            object: l.object,
            ip: l.ip,
            details: serde_json::from_str(&l.details).unwrap_or(serde_json::Value::String(l.details)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Give it as `before_id` for the next page; none on the last.
    pub next_before_id: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditParams),
    responses((status = 200, body = AuditPage), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "invalid_date (`since`, `until`), period_reversed (`until`), unknown_event (`event`), unknown_actor (`actor`), invalid_cursor (`before_id`), invalid_query", body = ErrorBody)))]
pub async fn page(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<AuditPage>, ApiError> {
    let (lines, more) = administering(&app, &ctx, async |by| {
        let before_id = match p.before_id.as_deref() {
            None => None,
            Some(b) if (1..=18).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_digit()) => b.parse().ok(),
            Some(_) => return Err(AppError::field("before_id", "invalid_cursor")),
        };
        let filter =
            AuditFilter { actor: p.actor, event: p.event, object: p.object, since: p.since, until: p.until, before_id };
        app.audit_page(by, &filter).await
    })
    .await?;
    let next_before_id = if more { lines.last().map(|l| l.id.to_string()) } else { None };
    Ok(Json(AuditPage { items: lines.into_iter().map(AuditEntry::from).collect(), next_before_id }))
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/admin/audit", get(page))
}
