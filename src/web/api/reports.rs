//! `GET /api/v1/staff/reports`: the report the page shows, as numbers.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::tickets::require_user;
use super::ApiQuery;
use crate::app::reports::{Report, ReportQuery};
use crate::app::{App, AppError};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[utoipa::path(get, path = "/api/v1/staff/reports", tag = "staff", params(ReportQuery),
    responses((status = 200, description = "Durations in seconds of working time; names in the caller's language", body = Report),
        (status = 403, description = "forbidden: supervisors and administrators only", body = ErrorBody),
        (status = 422, description = "invalid_date, period_reversed, period_too_long, unknown_service, unknown_group, unknown_organization, invalid_unp, invalid_granularity, too_many_steps (`field` names the parameter)", body = ErrorBody)))]
pub async fn report(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<Report>, ApiError> {
    let fail = |e: AppError| ApiError::new(e, ctx.tr);
    let user = require_user(&app, &ctx).await?;
    let by = app.supervisor(&user).map_err(fail)?;
    Ok(Json(app.report(by, &q, ctx.tr.lang_code()).await.map_err(fail)?))
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/staff/reports", get(report))
}
