//! `/admin/staff`: staff accounts.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::staff::StaffForm;
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::domain::people::Role;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct Row {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: String,
    pub groups: String,
    pub active: bool,
    pub second_factor: bool,
}

#[derive(Template)]
#[template(path = "admin/staff.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    q: String,
    rows: Vec<Row>,
}

/// A group as a checkbox.
pub struct GroupChoice {
    pub code: String,
    pub name: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin/staff_form.html")]
struct FormPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    /// `None` for a new account.
    id: Option<i64>,
    login: String,
    last_name: String,
    first_name: String,
    email: String,
    role: String,
    roles: Vec<(&'static str, String)>,
    groups: Vec<GroupChoice>,
    active: bool,
    second_factor: bool,
    created: String,
}

#[derive(Template)]
#[template(path = "admin/password_once.html")]
struct PasswordPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    login: String,
    password: String,
    back: String,
    created: bool,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    done: Option<String>,
}

fn role_text(tr: Tr, role: Role) -> String {
    tr.t(&format!("role-{}", role.as_str()))
}

async fn list(ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let search = q.q.clone().unwrap_or_default();
    let fail = |e| PageError::new(e, ctx.tr);
    let accounts = ctx.app.staff_accounts(admin, &search).await.map_err(fail)?;
    let groups = ctx.app.db.group_rows().await.map_err(|e| fail(e.into()))?;
    let lang = ctx.tr.lang_code();
    let rows = accounts
        .iter()
        .map(|a| Row {
            id: a.id,
            login: a.login.clone(),
            name: a.name(),
            role: role_text(ctx.tr, a.role),
            groups: groups
                .iter()
                .filter(|g| a.groups.contains(&g.id))
                .map(|g| match lang {
                    "be" => g.name_be.clone(),
                    "en" => g.name_en.clone(),
                    _ => g.name_ru.clone(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            active: a.status == crate::domain::people::AccountStatus::Active,
            second_factor: a.second_factor,
        })
        .collect();
    Ok(html(&ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), ctx.tr),
        q: search,
        rows,
    }))
}

fn form_of(fields: &Fields) -> StaffForm {
    StaffForm {
        login: fields.get("login"),
        last_name: fields.get("last_name"),
        first_name: fields.get("first_name"),
        email: fields.get("email"),
        role: fields.get("role"),
        groups: fields.all("groups"),
    }
}

async fn form_page(
    ctx: &Ctx,
    id: Option<i64>,
    form: StaffForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<FormPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let account = match id {
        Some(id) => Some(ctx.app.staff_account(admin, id).await.map_err(fail)?),
        None => None,
    };
    let groups = ctx.app.db.group_rows().await.map_err(|e| fail(e.into()))?;
    let lang = ctx.tr.lang_code();
    Ok(FormPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        login: account.as_ref().map(|a| a.login.clone()).unwrap_or(form.login),
        last_name: form.last_name,
        first_name: form.first_name,
        email: form.email,
        roles: [Role::Operator, Role::Supervisor, Role::Administrator]
            .into_iter()
            .map(|r| (r.as_str(), role_text(ctx.tr, r)))
            .collect(),
        role: if form.role.is_empty() { "operator".into() } else { form.role },
        groups: groups
            .iter()
            .filter(|g| !g.archived || form.groups.contains(&g.code))
            .map(|g| GroupChoice {
                code: g.code.clone(),
                name: match lang {
                    "be" => g.name_be.clone(),
                    "en" => g.name_en.clone(),
                    _ => g.name_ru.clone(),
                },
                checked: form.groups.contains(&g.code),
            })
            .collect(),
        active: account.as_ref().is_none_or(|a| a.status == crate::domain::people::AccountStatus::Active),
        second_factor: account.as_ref().is_some_and(|a| a.second_factor),
        created: account.map(|a| format_minsk(from_unix(a.created_at))).unwrap_or_default(),
    })
}

async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    Ok(html(&form_page(&ctx, None, StaffForm::default(), FormErrors::default(), None).await?))
}

fn refused(page: FormPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response()
}

async fn create(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.create_staff(admin, &form, None, &ctx.caller).await {
        Ok(created) => Ok(html(&PasswordPage {
            tr: ctx.tr,
            csrf: ctx.csrf.clone(),
            nav: ctx.nav(),
            login: created.login,
            password: created.one_time_password.unwrap_or_default(),
            back: format!("/admin/staff/{}", created.id),
            created: true,
        })),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_error(&e, ctx.tr);
            Ok(refused(form_page(&ctx, None, form, errors, None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn edit(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let account = ctx.app.staff_account(admin, id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let groups = ctx.app.db.group_rows().await.map_err(|e| PageError::new(e.into(), ctx.tr))?;
    let form = StaffForm {
        login: account.login.clone(),
        last_name: account.last_name.clone(),
        first_name: account.first_name.clone(),
        email: account.email.clone().unwrap_or_default(),
        role: account.role.as_str().into(),
        groups: groups.iter().filter(|g| account.groups.contains(&g.id)).map(|g| g.code.clone()).collect(),
    };
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&form_page(&ctx, Some(id), form, FormErrors::default(), notice).await?))
}

async fn save(ctx: Ctx, Path(id): Path<i64>, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.update_staff(admin, id, &form, &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/staff/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_error(&e, ctx.tr);
            Ok(refused(form_page(&ctx, Some(id), form, errors, None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

#[derive(Deserialize, Default)]
struct StatusForm {
    #[serde(default)]
    active: String,
}

async fn status(ctx: Ctx, Path(id): Path<i64>, Form(form): Form<StatusForm>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let active = form.active == "true";
    match ctx.app.set_staff_active(admin, id, active, &ctx.caller).await {
        Ok(_) => {
            let done = if active { Done::StaffEnabled } else { Done::StaffDisabled };
            Ok(see_other(&done.after(&format!("/admin/staff/{id}"))))
        }
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_error(&e, ctx.tr);
            let account = ctx.app.staff_account(admin, id).await.map_err(|e| PageError::new(e, ctx.tr))?;
            let form = StaffForm {
                last_name: account.last_name,
                first_name: account.first_name,
                email: account.email.unwrap_or_default(),
                role: account.role.as_str().into(),
                ..Default::default()
            };
            Ok(refused(form_page(&ctx, Some(id), form, errors, None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn password(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let account = ctx.app.staff_account(admin, id).await.map_err(fail)?;
    let password = ctx.app.one_time_password(admin, id, &ctx.caller).await.map_err(fail)?;
    Ok(html(&PasswordPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        login: account.login,
        password,
        back: format!("/admin/staff/{id}"),
        created: false,
    }))
}

async fn reset_second_factor(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let (current, _) = administrator(&ctx)?;
    ctx.app.reset_second_factor(current, id, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::SecondFactorReset.after(&format!("/admin/staff/{id}"))))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/staff", get(list).post(create))
        .route("/admin/staff/new", get(new_form))
        .route("/admin/staff/{id}", get(edit).post(save))
        .route("/admin/staff/{id}/status", post(status))
        .route("/admin/staff/{id}/password", post(password))
        .route("/admin/staff/{id}/second-factor/reset", post(reset_second_factor))
}
