//! The administration over the API (issue 12): the same use cases as the `/admin` pages, for
//! administrators (supervisors where the pages let them too). Things are named as people name
//! them — a login, a code, a УНП — and every refusal is the JSON error of DESIGN §8. A body's
//! keys are the names the use cases give their fields (`group_code`, `name_ru`, `list_order`),
//! so the `field` of a refusal is always a key the client sent.

pub mod audit;
pub mod calendars;
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
use crate::app::auth::CurrentUser;
use crate::app::App;
use crate::web::context::ApiCtx;
use crate::web::errors::ApiError;

/// The signed-in caller, whose role each handler then checks through the use cases
/// (`App::administrator`, `App::supervisor`).
pub(crate) async fn signed_in(app: &App, ctx: &ApiCtx) -> Result<CurrentUser, ApiError> {
    require_user(app, ctx).await
}

pub fn router() -> Router<App> {
    Router::new()
        .merge(staff::router())
        .merge(groups::router())
        .merge(services::router())
        .merge(organizations::router())
        .merge(representations::router())
        .merge(notices::router())
        .merge(documents::router())
        .merge(audit::router())
        .merge(calendars::router())
        .merge(policies::router())
}
