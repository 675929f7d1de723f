//! The administration over the API (issue 12): the same use cases as the `/admin` pages, for
//! administrators (supervisors where the pages let them too). Things are named as people name
//! them — a login, a code, a УНП — and every refusal is the JSON error of DESIGN §8. A body's
//! keys are the names the use cases give their fields (`group_code`, `name_ru`, `list_order`),
//! so the `field` of a refusal is always a key the client sent.

pub mod audit;
pub mod calendars;
pub mod customers;
pub mod documents;
pub mod groups;
pub mod notices;
pub mod organizations;
pub mod policies;
pub mod representations;
pub mod services;
pub mod staff;

use axum::Router;

use super::tickets::require_user;
use crate::app::admin::Admin;
use crate::app::{App, AppResult};
use crate::web::context::ApiCtx;
use crate::web::errors::ApiError;

/// A name in Russian, Belarusian and English, each required: flattened into a body or an answer
/// as `name_ru`, `name_be`, `name_en`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct NameFields {
    #[schema(max_length = 100)]
    pub name_ru: String,
    #[schema(max_length = 100)]
    pub name_be: String,
    #[schema(max_length = 100)]
    pub name_en: String,
}

impl NameFields {
    pub fn of(ru: &str, be: &str, en: &str) -> Self {
        NameFields { name_ru: ru.into(), name_be: be.into(), name_en: en.into() }
    }
}

/// Does `work` for the signed-in administrator; every refusal on the way — no sign-in, another
/// role, what the use case refuses — is the JSON error in the caller's language.
pub(crate) async fn administering<T>(
    app: &App,
    ctx: &ApiCtx,
    work: impl AsyncFnOnce(Admin<'_>) -> AppResult<T>,
) -> Result<T, ApiError> {
    let user = require_user(app, ctx).await?;
    let by = app.administrator(&user).map_err(|e| ctx.fail(e))?;
    work(by).await.map_err(|e| ctx.fail(e))
}

/// The same for what supervisors may do too.
pub(crate) async fn supervising<T>(
    app: &App,
    ctx: &ApiCtx,
    work: impl AsyncFnOnce(Admin<'_>) -> AppResult<T>,
) -> Result<T, ApiError> {
    let user = require_user(app, ctx).await?;
    let by = app.supervisor(&user).map_err(|e| ctx.fail(e))?;
    work(by).await.map_err(|e| ctx.fail(e))
}

pub fn router() -> Router<App> {
    Router::new()
        .merge(staff::router())
        .merge(groups::router())
        .merge(services::router())
        .merge(organizations::router())
        .merge(representations::router())
        .merge(customers::router())
        .merge(notices::router())
        .merge(documents::router())
        .merge(audit::router())
        .merge(calendars::router())
        .merge(policies::router())
}
