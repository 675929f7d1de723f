//! `/admin/services`: the service catalogue.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::services::ServiceForm;
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, Labels, PageError};
use crate::web::pages::{html, render, see_other};

pub struct Line {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub child: bool,
    pub active: bool,
    pub group: String,
    pub policy: String,
}

/// The service form asks for «Группа, которая получает заявки».
pub const SERVICE_LABELS: Labels = &[("group", "field-default_group")];

#[derive(Template)]
#[template(path = "admin/services.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "admin/service.html")]
struct ServicePage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    id: Option<i64>,
    code: String,
    parent: String,
    name_ru: String,
    name_be: String,
    name_en: String,
    group: String,
    sla_policy: String,
    position: String,
    active: bool,
    sections: Vec<(String, String)>,
    groups: Vec<(String, String)>,
    policies: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

fn pick(tr: Tr, ru: &str, be: &str, en: &str) -> String {
    match tr.lang_code() {
        "be" => be,
        "en" => en,
        _ => ru,
    }
    .to_string()
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let services = ctx.app.admin_services(admin).await.map_err(fail)?;
    let groups = ctx.app.db.group_rows().await.map_err(|e| fail(e.into()))?;
    let policies = ctx.app.db.sla_policies().await.map_err(|e| fail(e.into()))?;
    let line = |s: &crate::store::services::ServiceRow| Line {
        id: s.id,
        code: s.code.clone(),
        name: s.name(ctx.tr.lang_code()).to_string(),
        child: s.parent_id.is_some(),
        active: s.active,
        group: groups
            .iter()
            .find(|g| Some(g.id) == s.default_group_id)
            .map(|g| pick(ctx.tr, &g.name_ru, &g.name_be, &g.name_en))
            .unwrap_or_default(),
        policy: policies
            .iter()
            .find(|p| Some(p.policy.id) == s.sla_policy_id)
            .map(|p| pick(ctx.tr, &p.name_ru, &p.name_be, &p.name_en))
            .unwrap_or_default(),
    };
    let mut lines = Vec::new();
    for parent in services.iter().filter(|s| s.parent_id.is_none()) {
        lines.push(line(parent));
        lines.extend(services.iter().filter(|c| c.parent_id == Some(parent.id)).map(line));
    }
    Ok(html(&ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), ctx.tr),
        lines,
    }))
}

async fn service_page(
    ctx: &Ctx,
    id: Option<i64>,
    form: ServiceForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<ServicePage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let services = ctx.app.admin_services(admin).await.map_err(fail)?;
    let groups = ctx.app.db.group_rows().await.map_err(|e| fail(e.into()))?;
    let policies = ctx.app.db.sla_policies().await.map_err(|e| fail(e.into()))?;
    Ok(ServicePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        sections: services
            .iter()
            .filter(|s| s.parent_id.is_none() && Some(s.id) != id)
            .map(|s| (s.code.clone(), s.name(ctx.tr.lang_code()).to_string()))
            .collect(),
        groups: groups
            .iter()
            .filter(|g| !g.archived || g.code == form.group)
            .map(|g| (g.code.clone(), pick(ctx.tr, &g.name_ru, &g.name_be, &g.name_en)))
            .collect(),
        policies: policies
            .iter()
            .map(|p| (p.policy.id.to_string(), pick(ctx.tr, &p.name_ru, &p.name_be, &p.name_en)))
            .collect(),
        code: form.code,
        parent: form.parent,
        name_ru: form.name_ru,
        name_be: form.name_be,
        name_en: form.name_en,
        group: form.group,
        sla_policy: form.sla_policy,
        position: form.position,
        active: form.active,
    })
}

fn form_of(f: &Fields) -> ServiceForm {
    ServiceForm {
        code: f.get("service_code"),
        parent: f.get("parent"),
        name_ru: f.get("name_ru"),
        name_be: f.get("name_be"),
        name_en: f.get("name_en"),
        group: f.get("group"),
        sla_policy: f.get("sla_policy"),
        position: f.get("list_order"),
        active: f.flag("active"),
    }
}

async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    let form = ServiceForm { active: true, ..Default::default() };
    Ok(html(&service_page(&ctx, None, form, FormErrors::default(), None).await?))
}

async fn show(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let s = ctx.app.admin_service(admin, id).await.map_err(fail)?;
    let all = ctx.app.admin_services(admin).await.map_err(fail)?;
    let groups = ctx.app.db.group_rows().await.map_err(|e| fail(e.into()))?;
    let form = ServiceForm {
        code: s.code.clone(),
        parent: all.iter().find(|p| Some(p.id) == s.parent_id).map(|p| p.code.clone()).unwrap_or_default(),
        name_ru: s.name_ru.clone(),
        name_be: s.name_be.clone(),
        name_en: s.name_en.clone(),
        group: groups.iter().find(|g| Some(g.id) == s.default_group_id).map(|g| g.code.clone()).unwrap_or_default(),
        sla_policy: s.sla_policy_id.map(|p| p.to_string()).unwrap_or_default(),
        position: s.position.to_string(),
        active: s.active,
    };
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&service_page(&ctx, Some(id), form, FormErrors::default(), notice).await?))
}

async fn save(ctx: &Ctx, id: Option<i64>, fields: Vec<(String, String)>) -> Result<Response, PageError> {
    let (_, admin) = administrator(ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.save_service(admin, id, &form, &ctx.caller).await {
        Ok(saved) => {
            let done = if id.is_some() { Done::Saved } else { Done::Created };
            Ok(see_other(&done.after(&format!("/admin/services/{saved}"))))
        }
        Err(e @ AppError::Validation(_)) => {
            let page = service_page(ctx, id, form, FormErrors::labelled(&e, ctx.tr, SERVICE_LABELS), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn create(ctx: Ctx, Form(fields): Form<Vec<(String, String)>>) -> Result<Response, PageError> {
    save(&ctx, None, fields).await
}

async fn update(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    save(&ctx, Some(id), fields).await
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/services", get(list).post(create))
        .route("/admin/services/new", get(new_form))
        .route("/admin/services/{id}", get(show).post(update))
}
