//! `/admin/groups`: staff groups, their names and members, archiving.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct GroupLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub members: i64,
    pub archived: bool,
}

#[derive(Template)]
#[template(path = "admin/groups.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    groups: Vec<GroupLine>,
    code: String,
    name_ru: String,
    name_be: String,
    name_en: String,
}

pub struct Member {
    pub id: i64,
    pub name: String,
    pub login: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "admin/group.html")]
struct GroupPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    id: i64,
    code: String,
    archived: bool,
    name_ru: String,
    name_be: String,
    name_en: String,
    staff: Vec<Member>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

fn name_in(tr: Tr, ru: &str, be: &str, en: &str) -> String {
    match tr.lang_code() {
        "be" => be,
        "en" => en,
        _ => ru,
    }
    .to_string()
}

async fn list_page(
    ctx: &Ctx,
    errors: FormErrors,
    form: &Fields,
    notice: Option<String>,
) -> Result<ListPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let groups = ctx.app.groups_overview(admin).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        groups: groups
            .into_iter()
            .map(|g| GroupLine {
                id: g.group.id,
                name: name_in(ctx.tr, &g.group.name_ru, &g.group.name_be, &g.group.name_en),
                code: g.group.code,
                members: g.members,
                archived: g.group.archived,
            })
            .collect(),
        code: form.get("group_code"),
        name_ru: form.get("name_ru"),
        name_be: form.get("name_be"),
        name_en: form.get("name_en"),
    })
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&list_page(&ctx, FormErrors::default(), &Fields::default(), notice).await?))
}

async fn create(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    let names = (f.get("name_ru"), f.get("name_be"), f.get("name_en"));
    match ctx.app.create_group(admin, &f.get("group_code"), (&names.0, &names.1, &names.2), &ctx.caller).await {
        Ok(id) => Ok(see_other(&Done::Created.after(&format!("/admin/groups/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = list_page(&ctx, FormErrors::from_error(&e, ctx.tr), &f, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn group_page(
    ctx: &Ctx,
    id: i64,
    errors: FormErrors,
    form: Option<&Fields>,
    notice: Option<String>,
) -> Result<GroupPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let group = ctx.app.admin_group(admin, id).await.map_err(fail)?;
    let staff = ctx.app.staff_accounts(admin, "").await.map_err(fail)?;
    let field = |name: &str, stored: &str| form.map_or_else(|| stored.to_string(), |f| f.get(name));
    Ok(GroupPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        name_ru: field("name_ru", &group.name_ru),
        name_be: field("name_be", &group.name_be),
        name_en: field("name_en", &group.name_en),
        code: group.code,
        archived: group.archived,
        staff: staff
            .into_iter()
            .filter(|s| s.role == crate::domain::people::Role::Operator || s.groups.contains(&id))
            .map(|s| Member { checked: s.groups.contains(&id), name: s.name(), login: s.login, id: s.id })
            .collect(),
    })
}

async fn show(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&group_page(&ctx, id, FormErrors::default(), None, notice).await?))
}

async fn rename(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    let names = (f.get("name_ru"), f.get("name_be"), f.get("name_en"));
    match ctx.app.rename_group(admin, id, (&names.0, &names.1, &names.2), &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/groups/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = group_page(&ctx, id, FormErrors::from_error(&e, ctx.tr), Some(&f), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn members(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    let ids: Vec<i64> = f.all("member").iter().filter_map(|v| v.parse().ok()).collect();
    match ctx.app.set_group_members(admin, id, &ids, &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/groups/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = group_page(&ctx, id, FormErrors::from_error(&e, ctx.tr), None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn archive(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let archived = Fields(fields).flag("archived");
    match ctx.app.archive_group(admin, id, archived, &ctx.caller).await {
        Ok(()) => {
            let done = if archived { Done::Archived } else { Done::Restored };
            Ok(see_other(&done.after(&format!("/admin/groups/{id}"))))
        }
        Err(e @ AppError::Validation(_)) => {
            let page = group_page(&ctx, id, FormErrors::from_error(&e, ctx.tr), None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/groups", get(list).post(create))
        .route("/admin/groups/{id}", get(show).post(rename))
        .route("/admin/groups/{id}/members", post(members))
        .route("/admin/groups/{id}/archive", post(archive))
}
