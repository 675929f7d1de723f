//! `/api/v1/admin/staff`: staff accounts — list and search, create (with a one-time password
//! shown once), change, block and unblock, a new one-time password, the second factor's reset.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::administering;
use crate::app::admin::staff::StaffForm;
use crate::app::admin::Admin;
use crate::app::{App, AppError, AppResult};
use crate::domain::people::AccountStatus;
use crate::store::from_unix;
use crate::store::staff::StaffAccount;
use crate::store::workspace::GroupRow;
use crate::web::api::{rfc3339, ApiJson, ApiPath, ApiQuery};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct StaffMember {
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub email: Option<String>,
    /// operator / supervisor / administrator
    pub role: String,
    /// Blocked accounts cannot sign in.
    pub active: bool,
    /// A second factor is enrolled.
    pub second_factor: bool,
    /// Group codes.
    pub groups: Vec<String>,
    pub created_at: String,
}

impl StaffMember {
    fn of(a: &StaffAccount, groups: &[GroupRow]) -> Self {
        StaffMember {
            login: a.login.clone(),
            last_name: a.last_name.clone(),
            first_name: a.first_name.clone(),
            email: a.email.clone(),
            role: a.role.as_str().to_string(),
            active: a.status == AccountStatus::Active,
            second_factor: a.second_factor,
            groups: groups.iter().filter(|g| a.groups.contains(&g.id)).map(|g| g.code.clone()).collect(),
            created_at: rfc3339(from_unix(a.created_at)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StaffList {
    pub items: Vec<StaffMember>,
}

#[derive(Deserialize, IntoParams)]
pub struct StaffSearch {
    /// Part of a login, a name or an e-mail, any case.
    pub q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "admin", params(StaffSearch),
    responses((status = 200, body = StaffList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(q): ApiQuery<StaffSearch>,
) -> Result<Json<StaffList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let accounts = app.staff_accounts(by, q.q.as_deref().unwrap_or("")).await?;
        let groups = app.db.group_rows().await?;
        Ok(StaffList { items: accounts.iter().map(|a| StaffMember::of(a, &groups)).collect() })
    })
    .await
    .map(Json)
}

/// A staff account as sent; on a change the login is the path's and this one is not read.
#[derive(Deserialize, ToSchema)]
pub struct StaffFields {
    /// 2–50 Latin letters, digits, `.`, `_`, `-`, with at least one letter; case is ignored.
    #[serde(default)]
    #[schema(max_length = 50)]
    pub login: String,
    #[schema(max_length = 100)]
    pub last_name: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub first_name: String,
    #[serde(default)]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// operator / supervisor / administrator
    #[schema(pattern = "^(operator|supervisor|administrator)$")]
    pub role: String,
    /// Group codes (active groups only).
    #[serde(default)]
    pub groups: Vec<String>,
}

impl StaffFields {
    fn form(self) -> StaffForm {
        StaffForm {
            login: self.login,
            last_name: self.last_name,
            first_name: self.first_name,
            email: self.email.unwrap_or_default(),
            role: self.role,
            groups: self.groups,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OneTimePassword {
    pub login: String,
    /// Shown this once: hand it over; the person sets their own at the first sign-in.
    pub one_time_password: String,
}

/// The account as the API shows it.
async fn member(app: &App, by: Admin<'_>, id: i64) -> AppResult<StaffMember> {
    let account = app.staff_account(by, id).await?;
    Ok(StaffMember::of(&account, &app.db.group_rows().await?))
}

#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "admin", request_body = StaffFields,
    responses((status = 201, body = OneTimePassword), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "a field's error: invalid_staff_login, login_taken, invalid_name, invalid_email, invalid_staff_role, unknown_group (`field` names it)", body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<StaffFields>,
) -> Result<(StatusCode, Json<OneTimePassword>), ApiError> {
    administering(&app, &ctx, async |by| {
        let created = app.create_staff(by, &req.form(), None, &ctx.caller).await?;
        Ok(OneTimePassword { login: created.login, one_time_password: created.one_time_password.unwrap_or_default() })
    })
    .await
    .map(|a| (StatusCode::CREATED, Json(a)))
}

#[utoipa::path(get, path = "/api/v1/admin/staff/{login}", tag = "admin", params(("login" = String, Path)),
    responses((status = 200, body = StaffMember), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(login): ApiPath<String>,
) -> Result<Json<StaffMember>, ApiError> {
    administering(&app, &ctx, async |by| member(&app, by, app.staff_id_by_login(by, &login).await?).await)
        .await
        .map(Json)
}

#[utoipa::path(put, path = "/api/v1/admin/staff/{login}", tag = "admin", params(("login" = String, Path)), request_body = StaffFields,
    responses((status = 200, body = StaffMember), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "a field's error, or own_admin_role: an administrator does not take their own role away", body = ErrorBody)))]
pub async fn change(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(login): ApiPath<String>,
    ApiJson(req): ApiJson<StaffFields>,
) -> Result<Json<StaffMember>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.staff_id_by_login(by, &login).await?;
        app.update_staff(by, id, &req.form(), &ctx.caller).await?;
        member(&app, by, id).await
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct Activity {
    /// false blocks the account and ends its sessions and tokens; true unblocks it.
    pub active: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/staff/{login}/status", tag = "admin", params(("login" = String, Path)), request_body = Activity,
    responses((status = 200, body = StaffMember), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "own_account: nobody blocks themselves", body = ErrorBody)))]
pub async fn status(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(login): ApiPath<String>,
    ApiJson(req): ApiJson<Activity>,
) -> Result<Json<StaffMember>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.staff_id_by_login(by, &login).await?;
        app.set_staff_active(by, id, req.active, &ctx.caller).await?;
        member(&app, by, id).await
    })
    .await
    .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/staff/{login}/password", tag = "admin", params(("login" = String, Path)),
    responses((status = 200, body = OneTimePassword), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "own_password (`login`): one's own password is changed in the cabinet", body = ErrorBody)))]
pub async fn password(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(login): ApiPath<String>,
) -> Result<Json<OneTimePassword>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.staff_id_by_login(by, &login).await?;
        let login = app.staff_account(by, id).await?.login;
        Ok(OneTimePassword { login, one_time_password: app.one_time_password(by, id, &ctx.caller).await? })
    })
    .await
    .map(Json)
}

#[utoipa::path(post, path = "/api/v1/admin/staff/{login}/second-factor/reset", tag = "admin", params(("login" = String, Path)),
    responses((status = 204, description = "the second factor is gone and the person's sessions ended; they enrol again at the next sign-in"),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "own_second_factor (`login`): another administrator resets one's own", body = ErrorBody)))]
pub async fn reset_second_factor(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(login): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.staff_id_by_login(by, &login).await?;
        app.reset_second_factor(by.person().ok_or(AppError::Forbidden)?, id, &ctx.caller).await
    })
    .await
    .map(|()| StatusCode::NO_CONTENT)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/staff", get(list).post(create))
        .route("/api/v1/admin/staff/{login}", get(show).put(change))
        .route("/api/v1/admin/staff/{login}/status", post(status))
        .route("/api/v1/admin/staff/{login}/password", post(password))
        .route("/api/v1/admin/staff/{login}/second-factor/reset", post(reset_second_factor))
}
