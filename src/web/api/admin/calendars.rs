//! `/api/v1/admin/calendars`: business calendars — weekly hours (several intervals a day, night
//! shifts past midnight), the Belarus public holidays, dated exceptions, and the due instant a
//! number of working minutes after a moment, to check a calendar by.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{administering, NameFields};
use crate::app::admin::calendars::{CalendarForm, CalendarView, ExceptionForm};
use crate::app::admin::Admin;
use crate::app::{App, AppError, AppResult};
use crate::domain::calendar::Interval;
use crate::web::api::{rfc3339, ApiJson, ApiPath, ApiQuery};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct CalendarException {
    /// `YYYY-MM-DD`
    pub day: String,
    /// off / working / shortened
    pub rule: String,
    /// A working day: the weekday (1 Monday … 7) whose hours it has.
    pub like_weekday: Option<i32>,
    /// A shortened day: how many minutes earlier it ends.
    pub minutes: Option<i32>,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct Calendar {
    pub calendar_code: String,
    #[serde(flatten)]
    pub names: NameFields,
    /// e.g. Europe/Minsk
    pub time_zone: String,
    pub utc_offset_minutes: i32,
    /// The Belarus public holidays are days off, and the day before each one hour shorter.
    pub public_holidays: bool,
    /// Monday first: the intervals of each weekday, `09:00-13:00`; none on a day off.
    pub hours: Vec<Vec<String>>,
    pub exceptions: Vec<CalendarException>,
}

fn calendar_of(v: CalendarView) -> Calendar {
    Calendar {
        calendar_code: v.row.code,
        names: NameFields { name_ru: v.row.name_ru, name_be: v.row.name_be, name_en: v.row.name_en },
        time_zone: v.row.time_zone,
        utc_offset_minutes: v.row.utc_offset_minutes,
        public_holidays: v.row.public_holidays,
        hours: v.calendar.week.iter().map(|day| day.iter().map(Interval::to_string).collect()).collect(),
        exceptions: v
            .exceptions
            .into_iter()
            .map(|(day, rule, like_weekday, minutes, note)| CalendarException {
                day,
                rule,
                like_weekday,
                minutes,
                note,
            })
            .collect(),
    }
}

async fn calendar(app: &App, by: Admin<'_>, id: i64) -> AppResult<Calendar> {
    Ok(calendar_of(app.admin_calendar(by, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CalendarList {
    pub items: Vec<Calendar>,
}

#[utoipa::path(get, path = "/api/v1/admin/calendars", tag = "admin",
    responses((status = 200, body = CalendarList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<CalendarList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let mut items = Vec::new();
        for row in app.admin_calendars(by).await? {
            items.push(calendar(&app, by, row.id).await?);
        }
        Ok(CalendarList { items })
    })
    .await
    .map(Json)
}

/// A calendar as sent; on a change the code is the path's and `calendar_code` is not read.
#[derive(Deserialize, ToSchema)]
pub struct CalendarFields {
    /// Latin lower-case letters, digits, `-` and `_`, starting with a letter, 2–40 characters.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub calendar_code: String,
    #[serde(flatten)]
    pub names: NameFields,
    #[serde(default)]
    pub public_holidays: bool,
    /// Seven lines, Monday first: `09:00-13:00, 14:00-18:00`; empty for a day off; `22:00-06:00`
    /// runs past midnight. Errors name `hours_1` (Monday) … `hours_7`.
    #[schema(min_items = 7, max_items = 7)]
    pub hours: Vec<String>,
}

impl CalendarFields {
    /// The form the use case reads; a week of other than seven days is refused here, since the
    /// form has a line for each.
    fn form(self) -> AppResult<CalendarForm> {
        let hours: [String; 7] = self.hours.try_into().map_err(|_| AppError::field("hours", "seven_days"))?;
        Ok(CalendarForm {
            code: self.calendar_code,
            name_ru: self.names.name_ru,
            name_be: self.names.name_be,
            name_en: self.names.name_en,
            public_holidays: self.public_holidays,
            hours,
        })
    }
}

const REFUSALS: &str = "seven_days (`hours`), invalid_code_name or code_taken (`calendar_code`), a name's error, invalid_hours or hours_overlap (`hours_1` … `hours_7`), calendar_without_hours (`hours_1`)";

#[utoipa::path(post, path = "/api/v1/admin/calendars", tag = "admin", request_body = CalendarFields,
    responses((status = 201, body = Calendar), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<CalendarFields>,
) -> Result<(StatusCode, Json<Calendar>), ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.save_calendar(by, None, &req.form()?, &ctx.caller).await?;
        calendar(&app, by, id).await
    })
    .await
    .map(|c| (StatusCode::CREATED, Json(c)))
}

#[utoipa::path(get, path = "/api/v1/admin/calendars/{code}", tag = "admin", params(("code" = String, Path)),
    responses((status = 200, body = Calendar), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Calendar>, ApiError> {
    administering(&app, &ctx, async |by| calendar(&app, by, app.calendar_id_by_code(by, &code).await?).await)
        .await
        .map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/calendars/{code}", tag = "admin", params(("code" = String, Path)), request_body = CalendarFields,
    responses((status = 200, description = "In force for the next due instant computed", body = Calendar),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn change(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<CalendarFields>,
) -> Result<Json<Calendar>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.calendar_id_by_code(by, &code).await?;
        app.save_calendar(by, Some(id), &req.form()?, &ctx.caller).await?;
        calendar(&app, by, id).await
    })
    .await
    .map(Json)
}

/// A dated exception; one already on that day is replaced.
#[derive(Deserialize, ToSchema)]
pub struct ExceptionFields {
    /// `YYYY-MM-DD`
    #[schema(max_length = 10)]
    pub day: String,
    /// off (a day off) / working (a working day with a weekday's hours) / shortened
    #[schema(pattern = "^(off|working|shortened)$")]
    pub rule: String,
    /// For a working day: 1 (Monday) … 7.
    #[serde(default)]
    pub like_weekday: Option<u8>,
    /// For a shortened day: 1–1439 minutes earlier.
    #[serde(default)]
    pub minutes: Option<u16>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/admin/calendars/{code}/exceptions", tag = "admin", params(("code" = String, Path)), request_body = ExceptionFields,
    responses((status = 200, body = Calendar), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "invalid_date (`day`), invalid_rule (`rule`), invalid_weekday (`like_weekday`), invalid_minutes (`minutes`), a note's error", body = ErrorBody)))]
pub async fn add_exception(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<ExceptionFields>,
) -> Result<Json<Calendar>, ApiError> {
    let form = ExceptionForm {
        day: req.day,
        rule: req.rule,
        like_weekday: req.like_weekday.map(|d| d.to_string()).unwrap_or_default(),
        minutes: req.minutes.map(|m| m.to_string()).unwrap_or_default(),
        note: req.note,
    };
    administering(&app, &ctx, async |by| {
        let id = app.calendar_id_by_code(by, &code).await?;
        app.add_calendar_exception(by, id, &form, &ctx.caller).await?;
        calendar(&app, by, id).await
    })
    .await
    .map(Json)
}

#[utoipa::path(delete, path = "/api/v1/admin/calendars/{code}/exceptions/{day}", tag = "admin",
    params(("code" = String, Path), ("day" = String, Path, description = "`YYYY-MM-DD`")),
    responses((status = 204, description = "The day follows the week and the holidays again"),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn remove_exception(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath((code, day)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.calendar_id_by_code(by, &code).await?;
        app.remove_calendar_exception(by, id, &day, &ctx.caller).await
    })
    .await
    .map(|()| StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
pub struct DueParams {
    /// The moment to count from: RFC 3339 (`2026-04-17T15:00:00+03:00`) or Minsk time `2026-04-17T15:00`.
    pub check_from: String,
    /// Working minutes to count, 0–1000000.
    pub check_minutes: String,
}

#[derive(Serialize, ToSchema)]
pub struct Due {
    /// RFC 3339 with the calendar's offset, as `helpdesk sla due` prints it.
    pub due: String,
}

#[utoipa::path(get, path = "/api/v1/admin/calendars/{code}/due", tag = "admin", params(("code" = String, Path), DueParams),
    responses((status = 200, body = Due), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "invalid_date (`check_from`), invalid_minutes (`check_minutes`), invalid_query", body = ErrorBody)))]
pub async fn due(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiQuery(p): ApiQuery<DueParams>,
) -> Result<Json<Due>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.calendar_id_by_code(by, &code).await?;
        app.check_due(by, id, &p.check_from, &p.check_minutes).await
    })
    .await
    .map(|t| Json(Due { due: rfc3339(t) }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/calendars", get(list).post(create))
        .route("/api/v1/admin/calendars/{code}", get(show).put(change))
        .route("/api/v1/admin/calendars/{code}/exceptions", post(add_exception))
        .route("/api/v1/admin/calendars/{code}/exceptions/{day}", delete(remove_exception))
        .route("/api/v1/admin/calendars/{code}/due", get(due))
}
