//! `/login` and `/logout`.

use crate::web::context::Nav;
use askama::Template;
use axum::extract::{Form, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{html, render, see_other};
use crate::app::auth::{LoggedIn, SignIn};
use crate::app::{crypto, App, AppError};
use crate::domain::local_path::local_path;
use crate::i18n::Tr;
use crate::web::context::{csrf_cookie_name, forget_session_cookie, session_cookie_name, set_cookie, Ctx};
use crate::web::errors::{FormErrors, PageError};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    login: String,
    next: String,
    notice: Option<String>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
struct LoginQuery {
    login: Option<String>,
    next: Option<String>,
    reason: Option<String>,
}

/// Only local paths: `next` must never send people to another site, nor back to this page.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    next.and_then(local_path).filter(|p| *p != "/login" && !p.starts_with("/login?")).map(str::to_string)
}

async fn page(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    let notice = match q.reason.as_deref() {
        Some("logged_out") => Some(ctx.tr.t("notice-logged-out")),
        Some("sign_in_expired") => Some(ctx.tr.t("error-sign_in_expired")),
        Some("withdrawn") => Some(ctx.tr.t("notice-withdrawn")),
        _ => None,
    };
    html(&LoginPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        login: q.login.unwrap_or_default(),
        next: safe_next(q.next.as_deref()).unwrap_or_default(),
        notice,
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// The session cookie, and a fresh CSRF seed so that a token seen before login is useless after.
pub fn session_cookies(app: &App, token: &str) -> Vec<HeaderValue> {
    let max_age = app.config.session_absolute_hours * 3600;
    [
        set_cookie(app, session_cookie_name(app), token, Some(max_age)),
        set_cookie(app, csrf_cookie_name(app), &crypto::random_token(), None),
    ]
    .into_iter()
    .filter_map(|c| HeaderValue::from_str(&c).ok())
    .collect()
}

/// Where a finished sign-in goes: to choose a password after a generated one, else `next` or
/// the person's home.
pub fn after_sign_in(logged_in: &LoggedIn, next: &str) -> String {
    let home = if logged_in.user.username.is_some() { "/staff" } else { "/account" };
    if logged_in.user.must_change_password {
        "/account/password?invited=1".to_string()
    } else {
        safe_next(Some(next)).unwrap_or_else(|| home.into())
    }
}

/// The answer to a finished sign-in: its cookies on a redirect to where it goes.
pub fn signed_in(app: &App, logged_in: &LoggedIn, next: &str) -> Response {
    let mut response = see_other(&after_sign_in(logged_in, next));
    for cookie in session_cookies(app, &logged_in.token) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

async fn submit(ctx: Ctx, Form(form): Form<LoginForm>) -> Result<Response, PageError> {
    match ctx.app.login(&form.login, &form.password, &ctx.caller).await {
        Ok(SignIn::Done(logged_in)) => Ok(signed_in(&ctx.app, &logged_in, &form.next)),
        Ok(SignIn::Pending(pending)) => Ok(super::second_factor::second_step(&ctx, &pending, &form.next)),
        Err(e @ AppError::Internal(_)) => Err(PageError::new(e, ctx.tr)),
        Err(e) => {
            let status = match e {
                AppError::Locked { .. } | AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
                AppError::AccountBlocked { .. } => StatusCode::FORBIDDEN,
                _ => StatusCode::UNAUTHORIZED,
            };
            let page = LoginPage {
                tr: ctx.tr,
                csrf: ctx.csrf.clone(),
                nav: ctx.nav(),
                login: form.login,
                next: safe_next(Some(&form.next)).unwrap_or_default(),
                notice: None,
                errors: FormErrors::from_error(&e, ctx.tr),
            };
            Ok((status, Html(render(&page))).into_response())
        }
    }
}

async fn logout(ctx: Ctx) -> Result<Response, PageError> {
    if let Some(user) = &ctx.user {
        ctx.app.logout(user, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    }
    Ok(forget_session_cookie(&ctx.app, see_other("/login?reason=logged_out")))
}

pub fn router() -> Router<App> {
    Router::new().route("/login", get(page).post(submit)).route("/logout", post(logout))
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site_and_off_the_login_page() {
        assert_eq!(safe_next(Some("/account")), Some("/account".into()));
        assert_eq!(safe_next(Some("/\t/evil.example/")), None);
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("/login")), None);
        assert_eq!(safe_next(Some("/login?next=/account")), None);
        assert_eq!(safe_next(None), None);
    }
}
