//! `/admin/calendars`: business calendars, their hours and dated exceptions, and a check of a
//! due instant.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::calendars::{CalendarForm, ExceptionForm, HOURS_FIELDS};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct CalendarLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub holidays: bool,
}

#[derive(Template)]
#[template(path = "admin/calendars.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    calendars: Vec<CalendarLine>,
    form: FormView,
}

/// The calendar form as shown: (field, weekday name, hours) per day.
pub struct FormView {
    pub code: String,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub public_holidays: bool,
    pub days: Vec<(&'static str, String, String)>,
}

pub struct ExceptionLineView {
    pub day: String,
    pub text: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
struct CalendarPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    id: i64,
    code: String,
    form: FormView,
    exceptions: Vec<ExceptionLineView>,
    holidays: Vec<String>,
    weekdays: Vec<(u8, String)>,
    check_from: String,
    check_minutes: String,
    check_result: Option<String>,
    name_ru: String,
    name_be: String,
    name_en: String,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

fn weekday_name(tr: Tr, n: u8) -> String {
    tr.t(&format!("weekday-{n}"))
}

fn form_view(tr: Tr, f: &CalendarForm) -> FormView {
    FormView {
        code: f.code.clone(),
        name_ru: f.name_ru.clone(),
        name_be: f.name_be.clone(),
        name_en: f.name_en.clone(),
        public_holidays: f.public_holidays,
        days: (0..7).map(|n| (HOURS_FIELDS[n], weekday_name(tr, n as u8 + 1), f.hours[n].clone())).collect(),
    }
}

fn form_of(f: &Fields) -> CalendarForm {
    CalendarForm {
        code: f.get("calendar_code"),
        name_ru: f.get("name_ru"),
        name_be: f.get("name_be"),
        name_en: f.get("name_en"),
        public_holidays: f.flag("public_holidays"),
        hours: std::array::from_fn(|n| f.get(HOURS_FIELDS[n])),
    }
}

async fn list_page(
    ctx: &Ctx,
    form: CalendarForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<ListPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let rows = ctx.app.admin_calendars(admin).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        calendars: rows
            .into_iter()
            .map(|r| CalendarLine {
                id: r.id,
                name: match ctx.tr.lang_code() {
                    "be" => r.name_be,
                    "en" => r.name_en,
                    _ => r.name_ru,
                },
                code: r.code,
                holidays: r.public_holidays,
            })
            .collect(),
        form: form_view(ctx.tr, &form),
    })
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let form = CalendarForm {
        public_holidays: true,
        hours: std::array::from_fn(|n| if n < 5 { "09:00-18:00".into() } else { String::new() }),
        ..Default::default()
    };
    Ok(html(&list_page(&ctx, form, FormErrors::default(), Done::banner(q.done.as_deref(), ctx.tr)).await?))
}

async fn create(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.save_calendar(admin, None, &form, &ctx.caller).await {
        Ok(id) => Ok(see_other(&Done::Created.after(&format!("/admin/calendars/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = list_page(&ctx, form, FormErrors::from_error(&e, ctx.tr), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

struct Overrides {
    form: Option<CalendarForm>,
    check: Option<(String, String, Option<String>)>,
}

async fn calendar_page(
    ctx: &Ctx,
    id: i64,
    over: Overrides,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<CalendarPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let tr = ctx.tr;
    let view = ctx.app.admin_calendar(admin, id).await.map_err(|e| PageError::new(e, tr))?;
    let stored = CalendarForm {
        code: view.row.code.clone(),
        name_ru: view.row.name_ru.clone(),
        name_be: view.row.name_be.clone(),
        name_en: view.row.name_en.clone(),
        public_holidays: view.row.public_holidays,
        hours: std::array::from_fn(|n| {
            view.calendar.week[n].iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
        }),
    };
    let form = over.form.unwrap_or(stored);
    let (check_from, check_minutes, check_result) = over.check.unwrap_or_default();
    let date_format = time::macros::format_description!("[day].[month].[year]");
    Ok(CalendarPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        code: view.row.code.clone(),
        name_ru: form.name_ru.clone(),
        name_be: form.name_be.clone(),
        name_en: form.name_en.clone(),
        form: form_view(tr, &form),
        exceptions: view
            .exceptions
            .iter()
            .map(|(day, rule, like, minutes, note)| ExceptionLineView {
                day: day.clone(),
                text: match rule.as_str() {
                    "off" => tr.t("calendar-rule-off"),
                    "working" => {
                        tr.t1("calendar-rule-working-like", "weekday", weekday_name(tr, like.unwrap_or(1) as u8))
                    }
                    _ => tr.t1("calendar-rule-shortened-by", "n", i64::from(minutes.unwrap_or(0))),
                },
                note: note.clone(),
            })
            .collect(),
        holidays: view
            .holidays
            .iter()
            .map(|d| {
                format!(
                    "{} ({})",
                    d.format(date_format).unwrap_or_default(),
                    weekday_name(tr, d.weekday().number_from_monday())
                )
            })
            .collect(),
        weekdays: (1..=7u8).map(|n| (n, weekday_name(tr, n))).collect(),
        check_from,
        check_minutes,
        check_result,
    })
}

async fn show(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&calendar_page(&ctx, id, Overrides { form: None, check: None }, FormErrors::default(), notice).await?))
}

fn refused(page: CalendarPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response()
}

async fn update(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.save_calendar(admin, Some(id), &form, &ctx.caller).await {
        Ok(_) => Ok(see_other(&Done::Saved.after(&format!("/admin/calendars/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let over = Overrides { form: Some(form), check: None };
            Ok(refused(calendar_page(&ctx, id, over, FormErrors::from_error(&e, ctx.tr), None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn add_exception(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    let form = ExceptionForm {
        day: f.get("day"),
        rule: f.get("rule"),
        like_weekday: f.get("like_weekday"),
        minutes: f.get("minutes"),
        note: f.get("note"),
    };
    match ctx.app.add_calendar_exception(admin, id, &form, &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/calendars/{id}")))),
        Err(e @ AppError::Validation(_)) => Ok(refused(
            calendar_page(&ctx, id, Overrides { form: None, check: None }, FormErrors::from_error(&e, ctx.tr), None)
                .await?,
        )),
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn remove_exception(ctx: Ctx, Path((id, day)): Path<(i64, String)>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    ctx.app.remove_calendar_exception(admin, id, &day, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::Removed.after(&format!("/admin/calendars/{id}"))))
}

async fn check(
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(fields): Query<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    let (from, minutes) = (f.get("check_from"), f.get("check_minutes"));
    match ctx.app.check_due(admin, id, &from, &minutes).await {
        Ok(due) => {
            let over = Overrides { form: None, check: Some((from, minutes, Some(format_minsk(due)))) };
            Ok(html(&calendar_page(&ctx, id, over, FormErrors::default(), None).await?))
        }
        Err(e @ AppError::Validation(_)) => {
            let over = Overrides { form: None, check: Some((from, minutes, None)) };
            Ok(refused(calendar_page(&ctx, id, over, FormErrors::from_error(&e, ctx.tr), None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/calendars", get(list).post(create))
        .route("/admin/calendars/{id}", get(show).post(update))
        .route("/admin/calendars/{id}/exceptions", post(add_exception))
        .route("/admin/calendars/{id}/exceptions/{day}/remove", post(remove_exception))
        .route("/admin/calendars/{id}/check", get(check))
}
