//! `/admin/sla`: service-level policies in their order, and one policy's conditions and targets.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::policies::PolicyForm;
use crate::app::done::Done;
use crate::app::sla_view::working_span;
use crate::app::{App, AppError};
use crate::domain::ticket::Priority;
use crate::i18n::Tr;
use crate::store::sla::StoredPolicy;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct PolicyLine {
    pub id: i64,
    pub position: i32,
    pub name: String,
    pub conditions: String,
    pub targets: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/policies.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    lines: Vec<PolicyLine>,
}

/// A choice of a list of checkboxes.
pub struct Check {
    pub value: String,
    pub text: String,
    pub checked: bool,
    pub child: bool,
}

#[derive(Template)]
#[template(path = "admin/policy.html")]
struct PolicyPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    id: Option<i64>,
    name_ru: String,
    name_be: String,
    name_en: String,
    position: String,
    calendar: String,
    calendars: Vec<(String, String)>,
    services: Vec<Check>,
    priorities: Vec<Check>,
    contract: String,
    first_response: String,
    next_response: String,
    resolution: String,
    warn_percent: String,
    raise_priority: bool,
    active: bool,
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
    let tr = ctx.tr;
    let fail = |e| PageError::new(e, tr);
    let policies = ctx.app.admin_policies(admin).await.map_err(fail)?;
    let services = ctx.app.admin_services(admin).await.map_err(fail)?;
    let target = |m: Option<u32>| m.map_or_else(|| "—".to_string(), |m| working_span(tr, i64::from(m) * 60));
    let lines = policies
        .iter()
        .map(|p: &StoredPolicy| {
            let c = &p.policy.conditions;
            let mut parts = Vec::new();
            if !c.services.is_empty() {
                let names: Vec<String> = services
                    .iter()
                    .filter(|s| c.services.contains(&s.id))
                    .map(|s| s.name(tr.lang_code()).to_string())
                    .collect();
                parts.push(names.join(", "));
            }
            if !c.priorities.is_empty() {
                parts.push(
                    c.priorities
                        .iter()
                        .map(|p| tr.t(&format!("priority-{}", p.as_str())))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            match c.contract {
                Some(true) => parts.push(tr.t("policy-with-contract")),
                Some(false) => parts.push(tr.t("policy-without-contract")),
                None => {}
            }
            let t = &p.policy.targets;
            PolicyLine {
                id: p.policy.id,
                position: p.policy.position,
                name: pick(tr, &p.name_ru, &p.name_be, &p.name_en),
                conditions: if parts.is_empty() { tr.t("policy-any-ticket") } else { parts.join(" · ") },
                targets: format!(
                    "{} / {} / {}",
                    target(t.first_response),
                    target(t.next_response),
                    target(t.resolution)
                ),
                active: p.active,
            }
        })
        .collect();
    Ok(html(&ListPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), tr),
        lines,
    }))
}

fn form_of(f: &Fields) -> PolicyForm {
    PolicyForm {
        name_ru: f.get("name_ru"),
        name_be: f.get("name_be"),
        name_en: f.get("name_en"),
        position: f.get("list_order"),
        calendar: f.get("calendar"),
        services: f.all("services"),
        priorities: f.all("priorities"),
        contract: f.get("contract"),
        first_response: f.get("first_response"),
        next_response: f.get("next_response"),
        resolution: f.get("resolution"),
        warn_percent: f.get("warn_percent"),
        raise_priority: f.flag("raise_priority"),
        active: f.flag("active"),
    }
}

async fn policy_page(
    ctx: &Ctx,
    id: Option<i64>,
    form: PolicyForm,
    errors: FormErrors,
    notice: Option<String>,
) -> Result<PolicyPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let tr = ctx.tr;
    let fail = |e| PageError::new(e, tr);
    let services = ctx.app.admin_services(admin).await.map_err(fail)?;
    let calendars = ctx.app.admin_calendars(admin).await.map_err(fail)?;
    let mut service_checks = Vec::new();
    for parent in services.iter().filter(|s| s.parent_id.is_none()) {
        for s in std::iter::once(parent).chain(services.iter().filter(|c| c.parent_id == Some(parent.id))) {
            service_checks.push(Check {
                checked: form.services.contains(&s.code),
                value: s.code.clone(),
                text: s.name(tr.lang_code()).to_string(),
                child: s.parent_id.is_some(),
            });
        }
    }
    Ok(PolicyPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        calendars: calendars.iter().map(|c| (c.code.clone(), pick(tr, &c.name_ru, &c.name_be, &c.name_en))).collect(),
        services: service_checks,
        priorities: Priority::ALL
            .iter()
            .map(|p| Check {
                value: p.as_str().into(),
                text: tr.t(&format!("priority-{}", p.as_str())),
                checked: form.priorities.iter().any(|c| c == p.as_str()),
                child: false,
            })
            .collect(),
        name_ru: form.name_ru,
        name_be: form.name_be,
        name_en: form.name_en,
        position: form.position,
        calendar: form.calendar,
        contract: form.contract,
        first_response: form.first_response,
        next_response: form.next_response,
        resolution: form.resolution,
        warn_percent: form.warn_percent,
        raise_priority: form.raise_priority,
        active: form.active,
    })
}

async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    let form = PolicyForm { calendar: "minsk".into(), warn_percent: "80".into(), active: true, ..Default::default() };
    Ok(html(&policy_page(&ctx, None, form, FormErrors::default(), None).await?))
}

async fn show(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let fail = |e| PageError::new(e, ctx.tr);
    let p = ctx.app.admin_policy(admin, id).await.map_err(fail)?;
    let services = ctx.app.admin_services(admin).await.map_err(fail)?;
    let calendars = ctx.app.admin_calendars(admin).await.map_err(fail)?;
    let text = |m: Option<u32>| m.map(|m| m.to_string()).unwrap_or_default();
    let form = PolicyForm {
        name_ru: p.name_ru.clone(),
        name_be: p.name_be.clone(),
        name_en: p.name_en.clone(),
        position: p.policy.position.to_string(),
        calendar: calendars.iter().find(|c| c.id == p.calendar_id).map(|c| c.code.clone()).unwrap_or_default(),
        services: services
            .iter()
            .filter(|s| p.policy.conditions.services.contains(&s.id))
            .map(|s| s.code.clone())
            .collect(),
        priorities: p.policy.conditions.priorities.iter().map(|p| p.as_str().to_string()).collect(),
        contract: match p.policy.conditions.contract {
            Some(true) => "yes".into(),
            Some(false) => "no".into(),
            None => String::new(),
        },
        first_response: text(p.policy.targets.first_response),
        next_response: text(p.policy.targets.next_response),
        resolution: text(p.policy.targets.resolution),
        warn_percent: p.policy.warn_percent.to_string(),
        raise_priority: p.policy.raise_priority_on_breach,
        active: p.active,
    };
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&policy_page(&ctx, Some(id), form, FormErrors::default(), notice).await?))
}

async fn save(ctx: &Ctx, id: Option<i64>, fields: Vec<(String, String)>) -> Result<Response, PageError> {
    let (_, admin) = administrator(ctx)?;
    let form = form_of(&Fields(fields));
    match ctx.app.save_policy(admin, id, &form, &ctx.caller).await {
        Ok(saved) => {
            let done = if id.is_some() { Done::Saved } else { Done::Created };
            Ok(see_other(&done.after(&format!("/admin/sla/{saved}"))))
        }
        Err(e @ AppError::Validation(_)) => {
            let page = policy_page(ctx, id, form, FormErrors::from_error(&e, ctx.tr), None).await?;
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
        .route("/admin/sla", get(list).post(create))
        .route("/admin/sla/new", get(new_form))
        .route("/admin/sla/{id}", get(show).post(update))
}
