//! `/healthz`, `/readyz`, `/metrics`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::app::App;
use crate::domain::net::AddressRule;
use crate::web::context::ApiCtx;

async fn healthz() -> &'static str {
    "ok"
}

/// How long `/readyz` waits for the database: a balancer asks every few seconds and must hear
/// «not ready» before it gives up asking, not after the pool's acquire timeout.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(1);

async fn readyz(State(app): State<App>) -> Response {
    let error = match tokio::time::timeout(READY_WITHIN, app.db.ping()).await {
        Ok(Ok(())) => return "ready".into_response(),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {READY_WITHIN:?}"),
    };
    tracing::warn!(%error, "database not reachable");
    (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
}

/// Only to the addresses `metrics_allow` names, or with the `metrics_token`; anyone else finds
/// nothing here (the figures tell an outsider how busy and how failing the portal is).
fn may_read_metrics(app: &App, ctx: &ApiCtx) -> bool {
    let token = &app.config.metrics_token;
    let bearer =
        ctx.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if let Some(sent) = bearer.filter(|_| !token.is_empty()) {
        use subtle::ConstantTimeEq;
        return sent.len() == token.len() && bool::from(sent.as_bytes().ct_eq(token.as_bytes()));
    }
    let rules = AddressRule::parse_list(&app.config.metrics_allow).unwrap_or_default();
    let caller: Option<std::net::IpAddr> = ctx.caller.ip.as_deref().and_then(|ip| ip.parse().ok());
    caller.is_some_and(|ip| rules.iter().any(|rule| rule.matches(ip)))
}

async fn metrics(State(app): State<App>, ctx: ApiCtx) -> Response {
    if !may_read_metrics(&app, &ctx) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let outbox = app.db.outbox_now(app.now_unix()).await.ok();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], app.metrics.render(outbox)).into_response()
}

pub fn router() -> Router<App> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz)).route("/metrics", get(metrics))
}
