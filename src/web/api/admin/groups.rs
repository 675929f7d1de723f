//! `/api/v1/admin/groups`: staff groups — list, create, rename in ru/be/en, archive (never
//! delete) and bring back, members.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{administering, NameFields};
use crate::app::admin::Admin;
use crate::app::{App, AppResult};
use crate::store::workspace::GroupRow;
use crate::web::api::{ApiJson, ApiPath};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct Group {
    pub code: String,
    #[serde(flatten)]
    pub names: NameFields,
    /// Out of every choice; still named on its tickets.
    pub archived: bool,
    /// Logins of its members.
    pub members: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct GroupList {
    pub items: Vec<Group>,
}

fn group_of(g: GroupRow, members: Vec<String>) -> Group {
    Group {
        code: g.code,
        names: NameFields { name_ru: g.name_ru, name_be: g.name_be, name_en: g.name_en },
        archived: g.archived,
        members,
    }
}

async fn group(app: &App, by: Admin<'_>, id: i64) -> AppResult<Group> {
    let row = app.admin_group(by, id).await?;
    Ok(group_of(row, app.group_member_logins(by, id).await?))
}

#[utoipa::path(get, path = "/api/v1/admin/groups", tag = "admin",
    responses((status = 200, body = GroupList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<GroupList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let staff = app.db.staff_accounts().await?;
        let items = app
            .groups_overview(by)
            .await?
            .into_iter()
            .map(|o| {
                let members =
                    staff.iter().filter(|s| s.groups.contains(&o.group.id)).map(|s| s.login.clone()).collect();
                group_of(o.group, members)
            })
            .collect();
        Ok(GroupList { items })
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct NewGroup {
    /// Latin lower-case letters, digits, `-` and `_`, starting with a letter, 2–40 characters.
    #[schema(max_length = 40)]
    pub group_code: String,
    #[serde(flatten)]
    pub names: NameFields,
}

#[utoipa::path(post, path = "/api/v1/admin/groups", tag = "admin", request_body = NewGroup,
    responses((status = 201, body = Group), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "invalid_code_name or code_taken (`group_code`), a name's error (`name_ru`, `name_be`, `name_en`)", body = ErrorBody)))]
pub async fn create(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiJson(req): ApiJson<NewGroup>,
) -> Result<(StatusCode, Json<Group>), ApiError> {
    administering(&app, &ctx, async |by| {
        let n = &req.names;
        let id = app.create_group(by, &req.group_code, (&n.name_ru, &n.name_be, &n.name_en), &ctx.caller).await?;
        group(&app, by, id).await
    })
    .await
    .map(|g| (StatusCode::CREATED, Json(g)))
}

#[utoipa::path(get, path = "/api/v1/admin/groups/{code}", tag = "admin", params(("code" = String, Path)),
    responses((status = 200, body = Group), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Group>, ApiError> {
    administering(&app, &ctx, async |by| group(&app, by, app.group_id_by_code(by, &code).await?).await).await.map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct Rename {
    #[serde(flatten)]
    pub names: NameFields,
}

#[utoipa::path(put, path = "/api/v1/admin/groups/{code}", tag = "admin", params(("code" = String, Path)), request_body = Rename,
    responses((status = 200, body = Group), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "a name's error (`name_ru`, `name_be`, `name_en`)", body = ErrorBody)))]
pub async fn rename(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<Rename>,
) -> Result<Json<Group>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.group_id_by_code(by, &code).await?;
        let n = &req.names;
        app.rename_group(by, id, (&n.name_ru, &n.name_be, &n.name_en), &ctx.caller).await?;
        group(&app, by, id).await
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct Archive {
    /// true archives the group; false brings it back.
    pub archived: bool,
}

#[utoipa::path(post, path = "/api/v1/admin/groups/{code}/archive", tag = "admin", params(("code" = String, Path)), request_body = Archive,
    responses((status = 200, body = Group), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "group_routes_services: an active service still sends its new tickets to the group", body = ErrorBody)))]
pub async fn archive(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<Archive>,
) -> Result<Json<Group>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.group_id_by_code(by, &code).await?;
        app.archive_group(by, id, req.archived, &ctx.caller).await?;
        group(&app, by, id).await
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct Members {
    /// Staff logins: the group's members become exactly these.
    pub members: Vec<String>,
}

#[utoipa::path(put, path = "/api/v1/admin/groups/{code}/members", tag = "admin", params(("code" = String, Path)), request_body = Members,
    responses((status = 200, body = Group), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "unknown_staff (`members`): a login nobody has", body = ErrorBody)))]
pub async fn members(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<Members>,
) -> Result<Json<Group>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.group_id_by_code(by, &code).await?;
        app.set_group_member_logins(by, id, &req.members, &ctx.caller).await?;
        group(&app, by, id).await
    })
    .await
    .map(Json)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/groups", get(list).post(create))
        .route("/api/v1/admin/groups/{code}", get(show).put(rename))
        .route("/api/v1/admin/groups/{code}/archive", post(archive))
        .route("/api/v1/admin/groups/{code}/members", put(members))
}
