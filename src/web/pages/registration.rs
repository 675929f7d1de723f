//! `/register`: the form, the code, the completion page.

use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Path};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::code_flow::{CodeFlow, CodeForm};
use super::{html, render, see_other, DonePage};
use crate::app::registration::{OrgLookup, RegistrationForm};
use crate::app::verification::REGISTRATION;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::Ctx;
use crate::web::errors::{urlencode, FormErrors, PageError};

#[derive(Debug, Default, Deserialize)]
pub struct WebRegistrationForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    middle_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    unp: String,
    #[serde(default)]
    org_name: String,
    #[serde(default)]
    org_address: String,
    accept_personal_data: Option<String>,
    accept_terms: Option<String>,
    action: Option<String>,
}

impl WebRegistrationForm {
    fn to_app(&self) -> RegistrationForm {
        RegistrationForm {
            phone: self.phone.clone(),
            last_name: self.last_name.clone(),
            first_name: self.first_name.clone(),
            middle_name: self.middle_name.clone(),
            email: self.email.clone(),
            position: self.position.clone(),
            unp: self.unp.clone(),
            org_name: self.org_name.clone(),
            org_address: self.org_address.clone(),
            accept_personal_data: self.accept_personal_data.is_some(),
            accept_terms: self.accept_terms.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    form: RegistrationForm,
    errors: FormErrors,
    found_org: Option<(String, String)>,
    org_not_found: bool,
}

async fn form_page(ctx: Ctx) -> Response {
    html(&RegisterPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        form: RegistrationForm::default(),
        errors: FormErrors::default(),
        found_org: None,
        org_not_found: false,
    })
}

async fn submit(ctx: Ctx, Form(web): Form<WebRegistrationForm>) -> Result<Response, PageError> {
    let form = web.to_app();
    let lookup_only = web.action.as_deref() == Some("lookup");
    let mut errors = FormErrors::default();
    let (mut found_org, mut org_not_found) = (None, false);
    if !form.unp.trim().is_empty() {
        match ctx.app.lookup_organization(&form.unp).await {
            Ok(OrgLookup::Found(org)) => found_org = Some((org.full_name, org.address)),
            Ok(OrgLookup::NotFound(_)) => org_not_found = true,
            Err(e @ AppError::Validation(_)) if lookup_only => errors = FormErrors::from_error(&e, ctx.tr),
            Err(AppError::Validation(_)) => {}
            Err(e) => return Err(PageError::new(e, ctx.tr)),
        }
    }
    if !lookup_only {
        match ctx.app.start_registration(&form, &ctx.caller).await {
            Ok(issued) => return Ok(see_other(&format!("/register/{}/confirm", issued.id))),
            Err(e @ AppError::Internal(_)) => return Err(PageError::new(e, ctx.tr)),
            Err(e) => errors = FormErrors::from_error(&e, ctx.tr),
        }
    }
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page =
        RegisterPage { tr: ctx.tr, csrf: ctx.csrf.clone(), nav: ctx.nav(), form, errors, found_org, org_not_found };
    Ok((status, Html(render(&page))).into_response())
}

const FLOW: CodeFlow = CodeFlow {
    purpose: REGISTRATION,
    base: "/register",
    title_key: "confirm-title",
    start_again_key: "error-too_many_sends",
};

async fn confirm_form(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    FLOW.show(&ctx, &id, FormErrors::default()).await
}

async fn confirm(ctx: Ctx, Path(id): Path<String>, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let outcome = ctx.app.confirm_registration(&id, &form.code, &ctx.caller).await;
    FLOW.after_confirm(&ctx, &id, outcome).await
}

async fn resend(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    FLOW.resend(&ctx, &id).await
}

async fn done(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let login = ctx.app.completed_registration(&id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let Some(login) = login else {
        return Ok(see_other(&format!("/register/{id}/confirm")));
    };
    Ok(html(&DonePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        title: ctx.tr.t("done-title"),
        message: ctx.tr.t("done-message"),
        login_param: urlencode(&login),
        login,
    }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/register", get(form_page).post(submit))
        .route("/register/{id}/confirm", get(confirm_form).post(confirm))
        .route("/register/{id}/resend", axum::routing::post(resend))
        .route("/register/{id}/done", get(done))
}
