//! Tower layers of our own: security headers, cross-site request refusal, the CSRF seed cookie,
//! request metrics.

use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::context::{cookie, csrf_cookie_name, csrf_token, lang_of, set_cookie, CsrfSeed};
use super::errors::{ApiError, PageError};
use crate::app::{crypto, App, AppError};
use crate::i18n::Tr;
use crate::metrics::RouteSlot;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub async fn security_headers(State(app): State<App>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if app.config.is_https() {
        // Browsers that once saw the portal over https never try it over http again.
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A request that sends files may take as long as it keeps sending: its body is cut off only
/// after `request_timeout_seconds` without a byte (a 20 MiB file needs 5.6 Mbit/s to arrive in
/// 30 s, more than many phones have). Every other request is answered within that time or
/// gets 503.
pub async fn deadline(State(app): State<App>, request: Request, next: Next) -> Response {
    let limit = std::time::Duration::from_secs(app.config.request_timeout_seconds.max(1));
    let uploads = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if uploads {
        let (parts, body) = request.into_parts();
        return next.run(Request::from_parts(parts, idle_timeout(body, limit))).await;
    }
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// The body ended by the client going quiet for too long (see [`deadline`]).
#[derive(Debug, thiserror::Error)]
#[error("no part of the request body arrived for {0:?}")]
pub struct BodyIdle(std::time::Duration);

/// The body, failing with [`BodyIdle`] when no data arrives for `limit`.
fn idle_timeout(body: Body, limit: std::time::Duration) -> Body {
    use futures_util::StreamExt;
    let chunks = body.into_data_stream();
    let timed = futures_util::stream::unfold(Some(chunks), move |state| async move {
        let mut chunks = state?;
        match tokio::time::timeout(limit, chunks.next()).await {
            Ok(Some(chunk)) => Some((chunk, Some(chunks))),
            Ok(None) => None,
            Err(_) => Some((Err(axum::Error::new(BodyIdle(limit))), None)),
        }
    });
    Body::from_stream(timed)
}

/// True when `error` (or what caused it) is a body cut off by [`idle_timeout`].
pub fn is_body_idle(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.downcast_ref::<BodyIdle>().is_some() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Gives every request an id of ours (one a client sends is replaced: it would end up in our
/// logs and answers unchecked), puts it into the request's header for the trace span and every
/// log line under it, and returns it as `x-request-id`.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = crypto::random_id();
    let value = HeaderValue::from_str(&id).expect("random ids are URL-safe");
    request.headers_mut().insert(REQUEST_ID, value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, value);
    response
}

pub const REQUEST_ID: &str = "x-request-id";

pub async fn metrics(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = RouteSlot::default();
    request.extensions_mut().insert(route.clone());
    let response = next.run(request).await;
    let micros = started.elapsed().as_micros() as u64;
    app.metrics.observe_request(method.as_str(), route.get(), response.status().as_u16(), micros);
    response
}

/// Inside the router: names the route the request matched for [`metrics`].
pub async fn name_route(request: Request, next: Next) -> Response {
    if let (Some(slot), Some(path)) =
        (request.extensions().get::<RouteSlot>(), request.extensions().get::<MatchedPath>())
    {
        slot.set(path.as_str());
    }
    next.run(request).await
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when the browser says the request came from another site (DESIGN §6: refused).
fn is_cross_site(app: &App, request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == "null" {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let same_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host);
        let public = !app.config.public_url.is_empty() && origin == app.config.public_url;
        if !same_host && !public {
            return true;
        }
    }
    false
}

/// Refuses cross-site unsafe requests, checks the form token of HTML form posts, and makes
/// sure every browser has a CSRF seed cookie.
pub async fn csrf(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let tr = Tr::new(lang_of(request.headers()));
    let is_api = request.uri().path().starts_with("/api/");
    let refuse = |error: AppError| -> Response {
        if is_api {
            ApiError::new(error, tr).into_response()
        } else {
            PageError::new(error, tr).into_response()
        }
    };
    let existing = cookie(request.headers(), csrf_cookie_name(&app))
        .filter(|v| v.len() >= 20 && v.len() <= 64)
        .map(str::to_string);
    if is_unsafe(request.method()) {
        if is_cross_site(&app, &request) {
            return refuse(AppError::CrossSite);
        }
        let is_multipart = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if is_multipart && !is_api {
            // Forms with files carry the token in their action URL: the body is not buffered here.
            let sent = request.uri().query().and_then(|q| form_value(q.as_bytes(), "csrf"));
            let expected = existing.as_deref().map(|seed| csrf_token(&app, seed));
            let valid = matches!((&sent, &expected), (Some(s), Some(e)) if constant_eq(s.as_bytes(), e.as_bytes()));
            if !valid {
                return refuse(AppError::CrossSite);
            }
        }
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form && !is_api {
            let (parts, body) = request.into_parts();
            let Ok(bytes) = to_bytes(body, 256 * 1024).await else {
                return refuse(crate::domain::FieldError::with_limit("form", "too_long", 256 * 1024).into());
            };
            let sent = form_value(&bytes, "csrf");
            let expected = existing.as_deref().map(|seed| csrf_token(&app, seed));
            let valid = matches!((&sent, &expected), (Some(s), Some(e)) if constant_eq(s.as_bytes(), e.as_bytes()));
            if !valid {
                return refuse(AppError::CrossSite);
            }
            request = Request::from_parts(parts, Body::from(bytes));
        }
    }
    let seed = existing.clone().unwrap_or_else(crypto::random_token);
    request.extensions_mut().insert(CsrfSeed(seed.clone()));
    let mut response = next.run(request).await;
    if existing.is_none() {
        if let Ok(v) = HeaderValue::from_str(&set_cookie(&app, csrf_cookie_name(&app), &seed, None)) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

fn form_value(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
