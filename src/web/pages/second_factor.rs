//! The second step of a staff sign-in (`/login/second-factor`, its enrolment), and the
//! cabinet's second-factor section (`/account/second-factor`).

use askama::Template;
use axum::extract::{Form, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::login::{safe_next, signed_in};
use super::{html, render, see_other};
use crate::app::second_factor::{PendingSignIn, CHALLENGE_SECONDS};
use crate::app::{App, AppError};
use crate::clock::format_minsk;
use crate::i18n::Tr;
use crate::store::from_unix;
use crate::store::second_factor::ChallengePurpose;
use crate::web::context::{cookie, set_cookie, Ctx, Nav};
use crate::web::errors::{urlencode, FormErrors, PageError};

/// The pending sign-in's token, for the five minutes it lasts.
fn challenge_cookie_name(app: &App) -> &'static str {
    if app.config.is_https() {
        "__Host-helpdesk_sign_in"
    } else {
        "helpdesk_sign_in"
    }
}

/// After a right password: the token in a cookie, and on to the code or the enrolment.
pub fn second_step(ctx: &Ctx, pending: &PendingSignIn, next: &str) -> Response {
    let path = match pending.purpose {
        ChallengePurpose::Code => "/login/second-factor",
        ChallengePurpose::Enrol => "/login/second-factor/enrol",
    };
    let next = safe_next(Some(next)).map(|n| format!("?next={}", urlencode(&n))).unwrap_or_default();
    let mut response = see_other(&format!("{path}{next}"));
    let value = set_cookie(&ctx.app, challenge_cookie_name(&ctx.app), &pending.token, Some(CHALLENGE_SECONDS));
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

fn token(ctx: &Ctx, headers: &HeaderMap) -> Option<String> {
    cookie(headers, challenge_cookie_name(&ctx.app)).filter(|t| !t.is_empty() && t.len() < 200).map(str::to_string)
}

fn start_again() -> Response {
    see_other("/login?reason=sign_in_expired")
}

#[derive(Template)]
#[template(path = "second_factor.html")]
struct CodePage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    /// `code` or `enrol`.
    purpose: &'static str,
    account: String,
    secret: String,
    qr_svg: String,
    action: String,
    next: String,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "recovery_codes.html")]
struct RecoveryPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    codes: Vec<String>,
    next: String,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
struct CodeForm {
    #[serde(default)]
    totp: String,
    /// A recovery code typed in its own field (letters: no numeric keyboard).
    #[serde(default)]
    recovery: String,
    #[serde(default)]
    next: String,
}

impl CodeForm {
    fn typed(&self) -> &str {
        if self.recovery.trim().is_empty() {
            &self.totp
        } else {
            &self.recovery
        }
    }
}

async fn code_page(
    ctx: &Ctx,
    headers: &HeaderMap,
    next: &str,
    errors: FormErrors,
) -> Result<Result<CodePage, Response>, PageError> {
    let Some(token) = token(ctx, headers) else { return Ok(Err(start_again())) };
    let (challenge, user) = match ctx.app.pending_sign_in(&token).await {
        Ok(found) => found,
        Err(AppError::SignInExpired) => return Ok(Err(start_again())),
        Err(e) => return Err(PageError::new(e, ctx.tr)),
    };
    let (account, secret, qr_svg) = match challenge.purpose {
        ChallengePurpose::Code => (user.username.clone().unwrap_or_default(), String::new(), String::new()),
        ChallengePurpose::Enrol => {
            let e = ctx.app.enrolment(&user).await.map_err(|e| PageError::new(e, ctx.tr))?;
            (e.account, e.secret, e.qr_svg)
        }
    };
    Ok(Ok(CodePage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        purpose: challenge.purpose.as_str(),
        account,
        secret,
        qr_svg,
        action: "/login/second-factor".into(),
        next: safe_next(Some(next)).unwrap_or_default(),
        errors,
    }))
}

async fn show(ctx: Ctx, headers: HeaderMap, Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    Ok(match code_page(&ctx, &headers, q.next.as_deref().unwrap_or(""), FormErrors::default()).await? {
        Ok(page) => html(&page),
        Err(redirect) => redirect,
    })
}

async fn submit(ctx: Ctx, headers: HeaderMap, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    let Some(token) = token(&ctx, &headers) else { return Ok(start_again()) };
    match ctx.app.complete_sign_in(&token, form.typed(), &ctx.caller).await {
        Ok(done) => {
            let mut response = match done.recovery_codes {
                // Shown once, before anything else: the session is already there.
                Some(codes) => {
                    let page = RecoveryPage {
                        tr: ctx.tr,
                        csrf: String::new(),
                        nav: Nav {
                            signed_in: true,
                            staff: true,
                            manages: done.logged_in.user.role.sees_all_groups(),
                            admin: done.logged_in.user.role == crate::domain::people::Role::Administrator,
                            operator: ctx.app.contacts(ctx.tr.lang),
                        },
                        codes,
                        next: super::login::after_sign_in(&done.logged_in, &form.next),
                    };
                    let mut r = html(&page);
                    for c in super::login::session_cookies(&ctx.app, &done.logged_in.token) {
                        r.headers_mut().append(header::SET_COOKIE, c);
                    }
                    r
                }
                None => signed_in(&ctx.app, &done.logged_in, &form.next),
            };
            let gone = set_cookie(&ctx.app, challenge_cookie_name(&ctx.app), "", Some(0));
            if let Ok(v) = HeaderValue::from_str(&gone) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(response)
        }
        Err(AppError::SignInExpired) => Ok(start_again()),
        Err(e @ (AppError::Internal(_) | AppError::Unavailable(_))) => Err(PageError::new(e, ctx.tr)),
        Err(e) => {
            let status = match e {
                AppError::Locked { .. } | AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = FormErrors::from_error(&e, ctx.tr);
            match code_page(&ctx, &headers, &form.next, errors).await? {
                Ok(page) => Ok((status, Html(render(&page))).into_response()),
                Err(redirect) => Ok(redirect),
            }
        }
    }
}

#[derive(Template)]
#[template(path = "account_second_factor.html")]
struct CabinetPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    required: bool,
    /// «с 09.11.2026 12:00», when in use.
    since: Option<String>,
    codes_left: i64,
    account: String,
    secret: String,
    qr_svg: String,
    errors: FormErrors,
}

async fn cabinet_page(ctx: &Ctx, errors: FormErrors) -> Result<CabinetPage, PageError> {
    let current = ctx.require_user()?;
    if !current.is_staff() {
        return Err(PageError::new(AppError::NotFound, ctx.tr));
    }
    let fail = |e| PageError::new(e, ctx.tr);
    let state = ctx.app.factor_state(current).await.map_err(fail)?;
    let enrolment = match state.confirmed_at {
        Some(_) => None,
        None => Some(ctx.app.enrolment(&current.user).await.map_err(fail)?),
    };
    Ok(CabinetPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        required: state.required,
        since: state.confirmed_at.map(|t| format_minsk(from_unix(t))),
        codes_left: state.recovery_codes_left,
        account: enrolment.as_ref().map(|e| e.account.clone()).unwrap_or_default(),
        secret: enrolment.as_ref().map(|e| e.secret.clone()).unwrap_or_default(),
        qr_svg: enrolment.map(|e| e.qr_svg).unwrap_or_default(),
        errors,
    })
}

async fn cabinet(ctx: Ctx) -> Result<Response, PageError> {
    Ok(html(&cabinet_page(&ctx, FormErrors::default()).await?))
}

/// Turning the factor on, or new recovery codes: both end on the page of codes shown once.
async fn cabinet_codes(ctx: Ctx, form: CodeForm, enrol: bool) -> Result<Response, PageError> {
    let current = ctx.require_user()?;
    let done = if enrol {
        ctx.app.enrol_signed_in(current, form.typed(), &ctx.caller).await
    } else {
        ctx.app.renew_recovery_codes(current, form.typed(), &ctx.caller).await
    };
    match done {
        Ok(codes) => Ok(html(&RecoveryPage {
            tr: ctx.tr,
            csrf: ctx.csrf.clone(),
            nav: ctx.nav(),
            codes,
            next: "/account/second-factor".into(),
        })),
        Err(e @ (AppError::Validation(_) | AppError::Locked { .. } | AppError::RateLimited { .. })) => {
            let status = if matches!(e, AppError::Validation(_)) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            let page = cabinet_page(&ctx, FormErrors::from_error(&e, ctx.tr)).await?;
            Ok((status, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn cabinet_enrol(ctx: Ctx, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    cabinet_codes(ctx, form, true).await
}

async fn cabinet_renew(ctx: Ctx, Form(form): Form<CodeForm>) -> Result<Response, PageError> {
    cabinet_codes(ctx, form, false).await
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/login/second-factor", get(show).post(submit))
        .route("/login/second-factor/enrol", get(show))
        .route("/account/second-factor", get(cabinet))
        .route("/account/second-factor/enrol", post(cabinet_enrol))
        .route("/account/second-factor/recovery-codes", post(cabinet_renew))
}
