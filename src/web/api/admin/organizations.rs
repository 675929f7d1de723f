//! `/api/v1/admin/organizations`: the organisation registry — search, one organisation and its
//! contract, and the registry file: uploaded for a preview in which every line is checked,
//! then its valid lines imported in one transaction.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::administering;
use crate::app::admin::organizations::{RegistryUpload, REGISTRY_MAX_BYTES};
use crate::app::registry::TextEncoding;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::store::orgs::OrganizationRow;
use crate::web::api::{ApiJson, ApiPath, ApiQuery};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody, FieldProblem};

#[derive(Serialize, ToSchema)]
pub struct Organization {
    pub unp: String,
    pub full_name: String,
    pub short_name: Option<String>,
    pub address: String,
    pub contract_number: Option<String>,
    /// `YYYY-MM-DD`
    pub contract_date: Option<String>,
    /// registry (imported) / self_registered (typed in at a registration)
    pub source: String,
}

impl From<OrganizationRow> for Organization {
    fn from(o: OrganizationRow) -> Self {
        Organization {
            unp: o.unp,
            full_name: o.full_name,
            short_name: o.short_name,
            address: o.address,
            contract_number: o.contract_number,
            contract_date: o.contract_date,
            source: o.source,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationList {
    /// At most 50.
    pub items: Vec<Organization>,
}

#[derive(Deserialize, IntoParams)]
pub struct OrganizationSearch {
    /// A УНП (or its beginning), or any part of the name, any case.
    pub q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/admin/organizations", tag = "admin", params(OrganizationSearch),
    responses((status = 200, body = OrganizationList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn search(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(q): ApiQuery<OrganizationSearch>,
) -> Result<Json<OrganizationList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let found = app.search_organizations(by, q.q.as_deref().unwrap_or("")).await?;
        Ok(OrganizationList { items: found.into_iter().map(Organization::from).collect() })
    })
    .await
    .map(Json)
}

#[utoipa::path(get, path = "/api/v1/admin/organizations/{unp}", tag = "admin", params(("unp" = String, Path)),
    responses((status = 200, body = Organization), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(unp): ApiPath<String>,
) -> Result<Json<Organization>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.organization_id_by_unp(by, &unp).await?;
        Ok(Organization::from(app.admin_organization(by, id).await?))
    })
    .await
    .map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct Contract {
    /// Empty or none, with no date: the organisation has no contract.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub contract_number: Option<String>,
    /// `YYYY-MM-DD` or `DD.MM.YYYY`.
    #[serde(default)]
    #[schema(max_length = 10)]
    pub contract_date: Option<String>,
}

#[utoipa::path(put, path = "/api/v1/admin/organizations/{unp}/contract", tag = "admin", params(("unp" = String, Path)), request_body = Contract,
    responses((status = 200, body = Organization), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "invalid_date (`contract_date`), required (`contract_number`: a date without a number), a number's error", body = ErrorBody)))]
pub async fn contract(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(unp): ApiPath<String>,
    ApiJson(req): ApiJson<Contract>,
) -> Result<Json<Organization>, ApiError> {
    administering(&app, &ctx, async |by| {
        let id = app.organization_id_by_unp(by, &unp).await?;
        let (number, date) = (req.contract_number.unwrap_or_default(), req.contract_date.unwrap_or_default());
        app.set_contract(by, id, &number, &date, &ctx.caller).await?;
        Ok(Organization::from(app.admin_organization(by, id).await?))
    })
    .await
    .map(Json)
}

/// One line of the file and what the import would make of it.
#[derive(Serialize, ToSchema)]
pub struct RegistryLine {
    /// As a spreadsheet numbers it (the header is line 1).
    pub line: usize,
    /// The УНП and name as written.
    pub unp: String,
    pub name: String,
    /// Empty when the line is imported.
    pub errors: Vec<FieldProblem>,
}

#[derive(Serialize, ToSchema)]
pub struct RegistryPreview {
    /// Give it to `…/imports/{id}/confirm` to import the valid lines; kept for a day.
    pub id: String,
    pub file_name: String,
    /// utf-8 / windows-1251
    pub encoding: String,
    /// `;` or `,`
    pub separator: String,
    pub valid: usize,
    pub refused: usize,
    pub lines: Vec<RegistryLine>,
}

fn preview_of(u: RegistryUpload, tr: Tr) -> RegistryPreview {
    RegistryPreview {
        valid: u.preview.valid().len(),
        refused: u.preview.refused().count(),
        encoding: match u.preview.encoding {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1251 => "windows-1251",
        }
        .into(),
        separator: u.preview.separator.to_string(),
        lines: u
            .preview
            .lines
            .into_iter()
            .map(|l| RegistryLine {
                line: l.line,
                unp: l.unp_text,
                name: l.name_text,
                errors: l.outcome.err().unwrap_or_default().iter().map(|e| FieldProblem::of(e, tr)).collect(),
            })
            .collect(),
        id: u.id,
        file_name: u.file_name,
    }
}

#[derive(Deserialize, IntoParams)]
pub struct UploadParams {
    /// The file's name, for the audit log (`registry.csv` when not given).
    pub file_name: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/admin/organizations/imports", tag = "admin", params(UploadParams),
    request_body(content = String, content_type = "text/csv",
        description = "The registry as Excel saves it: UTF-8 (with or without BOM) or windows-1251, `;` or `,`; a header line names the columns (УНП, Наименование, Адрес, Номер договора, Дата договора) or they come in that order. At most 5 MiB."),
    responses((status = 201, description = "Nothing is written yet: every line with its errors", body = RegistryPreview),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 413, description = "attachment_too_large: over 5 MiB", body = ErrorBody),
        (status = 422, description = "empty, not_csv or no_unp_column (`file`)", body = ErrorBody)))]
pub async fn upload(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiQuery(p): ApiQuery<UploadParams>,
    body: Body,
) -> Result<(StatusCode, Json<RegistryPreview>), ApiError> {
    administering(&app, &ctx, async |by| {
        let content = axum::body::to_bytes(body, REGISTRY_MAX_BYTES as usize)
            .await
            .map_err(|_| AppError::PayloadTooLarge { max_bytes: REGISTRY_MAX_BYTES })?;
        let name = p.file_name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or("registry.csv");
        app.upload_registry(by, name, &content).await
    })
    .await
    .map(|u| (StatusCode::CREATED, Json(preview_of(u, ctx.tr))))
}

#[utoipa::path(get, path = "/api/v1/admin/organizations/imports/{id}", tag = "admin", params(("id" = String, Path)),
    responses((status = 200, body = RegistryPreview), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 404, description = "not_found: no upload of this administrator by that id, or it is over a day old", body = ErrorBody)))]
pub async fn preview(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RegistryPreview>, ApiError> {
    administering(&app, &ctx, async |by| app.registry_upload(by, &id).await).await.map(|u| Json(preview_of(u, ctx.tr)))
}

#[derive(Serialize, ToSchema)]
pub struct Imported {
    /// Organisations added or updated.
    pub imported: u64,
}

#[utoipa::path(post, path = "/api/v1/admin/organizations/imports/{id}/confirm", tag = "admin", params(("id" = String, Path)),
    responses((status = 200, body = Imported), (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 404, description = "not_found: no upload of this administrator by that id, or it was imported already", body = ErrorBody),
        (status = 422, description = "nothing_to_import (`file`): no valid line", body = ErrorBody)))]
pub async fn confirm(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Imported>, ApiError> {
    administering(&app, &ctx, async |by| {
        Ok(Imported { imported: app.import_registry_upload(by, &id, &ctx.caller).await? })
    })
    .await
    .map(Json)
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/organizations", get(search))
        .route("/api/v1/admin/organizations/{unp}", get(show))
        .route("/api/v1/admin/organizations/{unp}/contract", put(contract))
        .route(
            "/api/v1/admin/organizations/imports",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(REGISTRY_MAX_BYTES as usize + 1)),
        )
        .route("/api/v1/admin/organizations/imports/{id}", get(preview))
        .route("/api/v1/admin/organizations/imports/{id}/confirm", post(confirm))
}
