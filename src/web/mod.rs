//! The HTTP edge: pages, API, operations endpoints, and the layers around them.

pub mod api;
pub mod context;
pub mod errors;
pub mod guard;
pub mod ops;
pub mod pages;
pub mod uploads;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::app::{App, AppError};
use context::Ctx;
use errors::PageError;

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    r
}

async fn not_found(ctx: Ctx) -> Response {
    if ctx.path.starts_with("/api/") {
        return errors::ApiError::new(AppError::NotFound, ctx.tr).into_response();
    }
    PageError::new(AppError::NotFound, ctx.tr).into_response()
}

/// The whole application with its layers; `ConnectInfo` must be provided by the server.
pub fn app(state: App) -> Router {
    // Room for every file of one message plus the text fields around them.
    let upload_limit = (state.config.attachment_max_bytes as usize)
        .saturating_mul(state.config.attachments_per_message.max(1))
        .saturating_add(1024 * 1024);
    Router::new()
        .merge(pages::router(upload_limit))
        .merge(api::router(upload_limit))
        .merge(ops::router())
        .route("/static/app.css", get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }))
        .route("/static/app.js", get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }))
        .route_layer(middleware::from_fn(guard::name_route))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard::csrf))
        .layer(DefaultBodyLimit::max(256 * 1024))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), guard::security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), guard::deadline))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(state.clone(), guard::metrics))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            // The path only: query strings may carry a login.
            let id = req.headers().get(guard::REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
        }))
        .layer(middleware::from_fn(guard::request_id))
        .with_state(state)
}
