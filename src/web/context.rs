//! What every handler wants to know about a request: language, caller, signed-in user, CSRF token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use base64::Engine;

use super::errors::PageError;
use crate::app::auth::CurrentUser;
use crate::app::{App, Caller};
use crate::domain::ticket::TicketNumber;
use crate::i18n::{Lang, Tr};

pub const LANG_COOKIE: &str = "lang";

/// Session cookie name: `__Host-` prefixed when the portal is served over https.
pub fn session_cookie_name(app: &App) -> &'static str {
    if app.config.is_https() {
        "__Host-helpdesk_session"
    } else {
        "helpdesk_session"
    }
}

pub fn csrf_cookie_name(app: &App) -> &'static str {
    if app.config.is_https() {
        "__Host-helpdesk_csrf"
    } else {
        "helpdesk_csrf"
    }
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the security attributes DESIGN §6 asks for.
pub fn set_cookie(app: &App, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if app.config.is_https() {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

/// Tells the browser to forget the session cookie (the session itself is ended server-side).
pub fn forget_session_cookie(app: &App, mut response: axum::response::Response) -> axum::response::Response {
    if let Ok(v) = header::HeaderValue::from_str(&set_cookie(app, session_cookie_name(app), "", Some(0))) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .or_else(|| {
            headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

pub fn caller_of(app: &App, parts: &Parts) -> Caller {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    // Only a trusted proxy says who its client is: the last address it appended.
    let from_proxy = app.config.trust_forwarded_for
        && peer.is_some_and(|p| {
            crate::domain::net::AddressRule::parse_list(&app.config.trusted_proxies)
                .is_some_and(|rules| rules.iter().any(|r| r.matches(p)))
        });
    let forwarded = from_proxy
        .then(|| parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim())
        .and_then(|v| v.parse::<std::net::IpAddr>().ok())
        .map(|ip| ip.to_string());
    Caller {
        ip: forwarded.or(peer.map(|p| p.to_string())),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
        lang: lang_of(&parts.headers),
    }
}

/// The CSRF seed set by the guard for this request (see `guard::csrf_seed`).
#[derive(Clone, Debug)]
pub struct CsrfSeed(pub String);

pub fn csrf_token(app: &App, seed: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(app.secret.mac(&[b"csrf", seed.as_bytes()]))
}

/// What the page header needs to know about the visitor.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub signed_in: bool,
    pub staff: bool,
    /// Supervisors and administrators: the administration (its part for them) and reports.
    pub manages: bool,
    pub admin: bool,
    /// The operator's contacts for the footer (empty on pages made without a request context).
    pub operator: crate::app::documents::Contacts,
}

/// Everything a page handler needs; extracting it never fails.
pub struct Ctx {
    pub app: App,
    pub tr: Tr,
    pub caller: Caller,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
}

impl Ctx {
    pub fn nav(&self) -> Nav {
        let role = self.user.as_ref().map(|u| u.user.role);
        Nav {
            signed_in: self.user.is_some(),
            staff: self.user.as_ref().is_some_and(CurrentUser::is_staff),
            manages: role.is_some_and(|r| r.sees_all_groups()),
            admin: role == Some(crate::domain::people::Role::Administrator),
            operator: self.app.contacts(self.tr.lang),
        }
    }

    pub fn require_user(&self) -> Result<&CurrentUser, PageError> {
        self.user.as_ref().ok_or_else(|| PageError::redirect_to_login(&self.path))
    }
}

/// Finds an API caller: a personal API token in `Authorization: Bearer`, or the session cookie.
pub async fn current_user(app: &App, headers: &HeaderMap) -> Result<Option<CurrentUser>, crate::app::AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let Some(token) = bearer {
        return match token.strip_prefix(crate::app::account::API_TOKEN_PREFIX) {
            Some(_) if token.len() < 200 => app.authenticate_api_token(token).await,
            _ => Ok(None),
        };
    }
    session_user(app, headers).await
}

/// Finds a browser's signed-in user by the session cookie alone: pages (the cabinet above all)
/// are not for API tokens.
pub async fn session_user(app: &App, headers: &HeaderMap) -> Result<Option<CurrentUser>, crate::app::AppError> {
    match cookie(headers, session_cookie_name(app)) {
        Some(t) if !t.is_empty() && t.len() < 200 => app.authenticate(t).await,
        _ => Ok(None),
    }
}

/// Pages and API paths a customer reaches while a new document waits for their acceptance:
/// the acceptance itself, the documents, leaving, and withdrawing consent.
fn open_while_documents_pending(path: &str) -> bool {
    const OPEN: [&str; 7] = [
        "/account/documents",
        "/docs/",
        "/logout",
        "/lang/",
        "/account/consent/withdraw",
        "/api/v1/me",
        "/api/v1/auth/",
    ];
    OPEN.iter().any(|p| path == p.trim_end_matches('/') || path.starts_with(p))
}

/// `Err` when the signed-in customer has a new document to accept before going on.
pub async fn check_documents(app: &App, user: &CurrentUser, path: &str) -> Result<(), crate::app::AppError> {
    if open_while_documents_pending(path) || app.pending_documents(&user.user).await?.is_empty() {
        Ok(())
    } else {
        Err(crate::app::AppError::DocumentsPending)
    }
}

impl FromRequestParts<App> for Ctx {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let caller = caller_of(app, parts);
        let tr = Tr::new(caller.lang);
        let user = session_user(app, &parts.headers).await.map_err(|e| PageError::new(e, tr))?;
        if let Some(current) = &user {
            let path = parts.uri.path();
            match check_documents(app, current, path).await {
                Ok(()) => {}
                Err(crate::app::AppError::DocumentsPending) if parts.method == axum::http::Method::GET => {
                    let next = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
                    return Err(PageError::redirect(&format!(
                        "/account/documents?next={}",
                        super::errors::urlencode(next)
                    )));
                }
                Err(e) => return Err(PageError::new(e, tr)),
            }
        }
        let seed = parts.extensions.get::<CsrfSeed>().map(|s| s.0.clone()).unwrap_or_default();
        Ok(Ctx {
            app: app.clone(),
            tr,
            caller,
            user,
            csrf: csrf_token(app, &seed),
            path: parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into()),
        })
    }
}

/// For API handlers: caller and language only.
pub struct ApiCtx {
    pub caller: Caller,
    pub tr: Tr,
    pub headers: HeaderMap,
    pub path: String,
}

impl FromRequestParts<App> for ApiCtx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let caller = caller_of(app, parts);
        Ok(ApiCtx {
            tr: Tr::new(caller.lang),
            caller,
            headers: parts.headers.clone(),
            path: parts.uri.path().to_string(),
        })
    }
}

/// A ticket number from the URL path, parsed once at the edge: anything that is not one answers
/// 404 (the JSON error under `/api/`), and what later goes into a redirect is only ever the
/// number as we print it, never the path as it came.
pub struct TicketPath(pub TicketNumber);

impl FromRequestParts<App> for TicketPath {
    type Rejection = axum::response::Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let tr = Tr::new(lang_of(&parts.headers));
        let api = parts.uri.path().starts_with("/api/");
        let not_found = || {
            if api {
                super::errors::ApiError::new(crate::app::AppError::NotFound, tr).into_response()
            } else {
                PageError::new(crate::app::AppError::NotFound, tr).into_response()
            }
        };
        let axum::extract::Path(segment) =
            axum::extract::Path::<String>::from_request_parts(parts, app).await.map_err(|_| not_found())?;
        TicketNumber::from_path(&segment).map(TicketPath).map_err(|_| not_found())
    }
}
