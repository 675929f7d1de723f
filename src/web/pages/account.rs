//! `/account`: the personal cabinet.

use crate::app::done::Done;
use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{html, render, see_other};
use crate::app::account::{AddOrganizationForm, PasswordForm, ProfileForm, TokenForm, TokenLifetime};
use crate::app::registration::OrgLookup;
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::web::context::{forget_session_cookie, Ctx};
use crate::web::errors::{FormErrors, PageError};

struct OrgView {
    name: String,
    unp: String,
    position: String,
    status: String,
    status_text: String,
    /// A confirmed manager decides on colleagues' representations.
    manager: bool,
}

struct SessionView {
    id: i64,
    device: String,
    last_seen: String,
    ip: String,
    current: bool,
}

struct ConsentView {
    title: String,
    link: &'static str,
    version: i64,
    given: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    must_change_password: bool,
    login: String,
    profile: ProfileForm,
    profile_errors: FormErrors,
    organizations: Vec<OrgView>,
    org_form: AddOrganizationForm,
    org_errors: FormErrors,
    org_not_found: bool,
    sessions: Vec<SessionView>,
    consents: Vec<ConsentView>,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
    token_errors: FormErrors,
    /// Staff see the section only where their tokens are allowed.
    tokens_allowed: bool,
    /// (days, label) of each lifetime a new token may have.
    token_lifetimes: Vec<(i64, String)>,
    /// «Токены отозваны при смене пароля …», after the last password change or reset.
    tokens_revoked: Option<String>,
}

struct TokenView {
    id: i64,
    name: String,
    created: String,
    expires: String,
    last_used: String,
}

#[derive(Deserialize, Default)]
struct Notice {
    done: Option<String>,
}

/// A short description of a browser from its user agent.
fn device(user_agent: Option<&str>) -> String {
    let ua = user_agent.unwrap_or_default();
    let browser = ["Edg/", "OPR/", "YaBrowser/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| b.trim_end_matches('/').replace("Edg", "Edge").replace("OPR", "Opera"))
        .unwrap_or_else(|| "—".into());
    let os = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .iter()
        .find(|o| ua.contains(*o))
        .map(|o| o.to_string())
        .unwrap_or_default();
    if os.is_empty() {
        browser
    } else {
        format!("{browser}, {os}")
    }
}

async fn build_page(
    ctx: &Ctx,
    notice: Option<String>,
    profile: Option<(ProfileForm, FormErrors)>,
    org: Option<(AddOrganizationForm, FormErrors, bool)>,
) -> Result<AccountPage, PageError> {
    let current = ctx.require_user()?;
    let app = &ctx.app;
    let fail = |e: AppError| PageError::new(e, ctx.tr);
    let user = &current.user;
    let memberships = app.db.memberships(user.id).await.map_err(|e| fail(e.into()))?;
    let sessions = app.sessions(current).await.map_err(fail)?;
    let consents = app.db.consents_of(user.id).await.map_err(|e| fail(e.into()))?;
    let tokens = app.db.api_tokens_of(user.id, app.now_unix()).await.map_err(|e| fail(e.into()))?;
    let revoked = app.db.tokens_revoked_by_password(user.id).await.map_err(|e| fail(e.into()))?;
    let (profile, profile_errors) = profile.unwrap_or_else(|| {
        (
            ProfileForm {
                last_name: user.last_name.clone(),
                first_name: user.first_name.clone(),
                middle_name: user.middle_name.clone().unwrap_or_default(),
                email: user.email.clone().unwrap_or_default(),
                notify_by_email: user.notify_by_email.then(|| "on".to_string()),
            },
            FormErrors::default(),
        )
    });
    let (org_form, org_errors, org_not_found) = org.unwrap_or_default();
    Ok(AccountPage {
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created: format_minsk(from_unix(t.created_at)),
                expires: format_minsk(from_unix(t.expires_at)),
                last_used: t.last_used_at.map(|t| format_minsk(from_unix(t))).unwrap_or_else(|| "—".into()),
            })
            .collect(),
        new_token: None,
        token_errors: FormErrors::default(),
        tokens_allowed: !current.is_staff() || app.config.api_tokens_for_staff,
        token_lifetimes: TokenLifetime::CHOICES
            .iter()
            .map(|d| (*d, ctx.tr.t1("token-lifetime-days", "n", *d)))
            .collect(),
        tokens_revoked: revoked.map(|(at, n)| {
            ctx.tr.t2("account-tokens-revoked", ("n", n.into()), ("at", format_minsk(from_unix(at)).into()))
        }),
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        must_change_password: user.must_change_password,
        login: current.login(),
        profile,
        profile_errors,
        organizations: memberships
            .into_iter()
            .map(|m| OrgView {
                manager: m.status == "confirmed" && m.role == "manager",
                status_text: ctx.tr.t(&format!("representation-{}", m.status)),
                name: m.full_name,
                unp: m.unp,
                position: m.position.unwrap_or_default(),
                status: m.status,
            })
            .collect(),
        org_form,
        org_errors,
        org_not_found,
        sessions: sessions
            .into_iter()
            .map(|s| SessionView {
                id: s.id,
                device: device(s.user_agent.as_deref()),
                last_seen: format_minsk(from_unix(s.last_seen_at)),
                ip: s.ip.unwrap_or_default(),
                current: Some(s.id) == current.session_id(),
            })
            .collect(),
        consents: consents
            .into_iter()
            .filter(|c| c.withdrawn_at.is_none())
            .map(|c| ConsentView {
                title: ctx.tr.t(&format!("doc-title-{}", c.kind)),
                link: if c.kind == "personal_data" { "/docs/consent" } else { "/docs/terms" },
                version: c.version,
                given: format_minsk(from_unix(c.given_at)),
            })
            .collect(),
    })
}

async fn page(ctx: Ctx, Query(q): Query<Notice>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&build_page(&ctx, notice, None, None).await?))
}

fn form_failure(page: &AccountPage) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(render(page))).into_response()
}

async fn save_profile(ctx: Ctx, Form(form): Form<ProfileForm>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.update_profile(current, &form, &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::ProfileSaved.after("/account"))),
        Err(e @ AppError::Validation(_)) => {
            let errors = FormErrors::from_error(&e, ctx.tr);
            Ok(form_failure(&build_page(&ctx, None, Some((form, errors)), None).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn add_organization(ctx: Ctx, Form(form): Form<AddOrganizationForm>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.add_organization(current, &form, &ctx.caller).await {
        Ok(true) => Ok(see_other(&Done::OrganizationAdded.after("/account"))),
        Ok(false) => Ok(see_other(&Done::OrganizationExists.after("/account"))),
        Err(e @ AppError::Validation(_)) => {
            let not_found = matches!(ctx.app.lookup_organization(&form.unp).await, Ok(OrgLookup::NotFound(_)));
            let errors = FormErrors::from_error(&e, ctx.tr);
            Ok(form_failure(&build_page(&ctx, None, None, Some((form, errors, not_found))).await?))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn end_session(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    ctx.app.end_session(current, id, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::SessionEnded.after("/account")))
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    invited: bool,
    errors: FormErrors,
    fields: Vec<(&'static str, String, &'static str)>,
}

#[derive(Deserialize, Default)]
struct Invite {
    invited: Option<String>,
}

fn password_page(ctx: &Ctx, invited: bool, errors: FormErrors) -> PasswordPage {
    PasswordPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        invited,
        errors,
        fields: vec![
            ("current_password", ctx.tr.t("field-current_password"), "current-password"),
            ("new_password", ctx.tr.t("field-new_password"), "new-password"),
            ("new_password_repeat", ctx.tr.t("field-new_password_repeat"), "new-password"),
        ],
    }
}

async fn password_form(ctx: Ctx, Query(q): Query<Invite>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let invited = q.invited.is_some() || current.user.must_change_password;
    Ok(html(&password_page(&ctx, invited, FormErrors::default())))
}

async fn change_password(ctx: Ctx, Form(form): Form<PasswordForm>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.change_password(current, &form, &ctx.caller).await {
        Ok(changed) if changed.tokens_revoked > 0 => {
            Ok(see_other(&Done::PasswordChangedTokensRevoked.after("/account")))
        }
        Ok(_) => Ok(see_other(&Done::PasswordChanged.after("/account"))),
        Err(e @ AppError::Validation(_)) => {
            let page = password_page(&ctx, current.user.must_change_password, FormErrors::from_error(&e, ctx.tr));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

#[derive(Template)]
#[template(path = "withdraw.html")]
struct WithdrawPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
}

async fn withdraw_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require_user()?;
    Ok(html(&WithdrawPage { tr: ctx.tr, csrf: ctx.csrf.clone(), nav: ctx.nav() }))
}

async fn withdraw(ctx: Ctx) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    ctx.app.withdraw_consent(current, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(forget_session_cookie(&ctx.app, see_other("/login?reason=withdrawn")))
}

/// «Скачать мои данные» (Law No. 99-З: the right to a copy of one's data).
async fn download_data(ctx: Ctx) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let fail = |e: sqlx::Error| PageError::new(e.into(), ctx.tr);
    let db = &ctx.app.db;
    let user = &current.user;
    let organizations = db.memberships(user.id).await.map_err(fail)?;
    let consents = db.consents_of(user.id).await.map_err(fail)?;
    let sessions = db.sessions_of(user.id, ctx.app.now_unix()).await.map_err(fail)?;
    let events = db.audit_events(Some(user.id), 1000).await.map_err(fail)?;
    let at = |t: i64| crate::web::api::rfc3339(from_unix(t));
    let body = serde_json::json!({
        "profile": {
            "phone": user.phone, "username": user.username, "last_name": user.last_name,
            "first_name": user.first_name, "middle_name": user.middle_name, "email": user.email,
            "created_at": at(user.created_at), "password_changed_at": at(user.password_changed_at),
        },
        "organizations": organizations.iter().map(|m| serde_json::json!({
            "unp": m.unp, "name": m.full_name, "address": m.address, "status": m.status,
            "role": m.role, "position": m.position, "requested_at": at(m.requested_at),
        })).collect::<Vec<_>>(),
        "consents": consents.iter().map(|c| serde_json::json!({
            "document": c.kind, "version": c.version, "given_at": at(c.given_at),
            "withdrawn_at": c.withdrawn_at.map(at),
        })).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| serde_json::json!({
            "created_at": at(s.created_at), "last_seen_at": at(s.last_seen_at), "ip": s.ip, "user_agent": s.user_agent,
        })).collect::<Vec<_>>(),
        "events": events.iter().map(|e| serde_json::json!({ "at": at(e.at), "event": e.event, "ip": e.ip })).collect::<Vec<_>>(),
    });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"helpdesk-my-data.json\""),
    );
    Ok(response)
}

/// The token is shown on this one answer and never again.
async fn create_token(ctx: Ctx, Form(form): Form<TokenForm>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    match ctx.app.create_api_token(current, &form, &ctx.caller).await {
        Ok(token) => {
            let mut page = build_page(&ctx, Some(ctx.tr.t("notice-token-created")), None, None).await?;
            page.new_token = Some(token);
            Ok(html(&page))
        }
        Err(e @ AppError::Validation(_)) => {
            let mut page = build_page(&ctx, None, None, None).await?;
            page.token_errors = FormErrors::from_error(&e, ctx.tr);
            Ok(form_failure(&page))
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn revoke_token(ctx: Ctx, Path(id): Path<i64>) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    ctx.app.revoke_api_token(current, id, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::TokenRevoked.after("/account")))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/account", get(page))
        .route("/account/data", get(download_data))
        .route("/account/tokens", post(create_token))
        .route("/account/tokens/{id}/revoke", post(revoke_token))
        .route("/account/profile", post(save_profile))
        .route("/account/organizations", post(add_organization))
        .route("/account/sessions/{id}/end", post(end_session))
        .route("/account/password", get(password_form).post(change_password))
        .route("/account/consent/withdraw", get(withdraw_form).post(withdraw))
}

#[cfg(test)]
mod tests {
    use super::device;

    #[test]
    fn devices_are_recognisable() {
        let android =
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";
        assert_eq!(device(Some(android)), "Chrome, Android");
        assert_eq!(device(None), "—");
    }
}
