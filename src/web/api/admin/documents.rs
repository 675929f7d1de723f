//! `/api/v1/admin/documents`: the consent and the terms — their versions, the texts in force,
//! and publishing a new version, which customers accept at their next sign-in.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::administering;
use crate::app::admin::documents::{document_path, parse_kind, DocumentForm, KINDS};
use crate::app::App;
use crate::i18n::Lang;
use crate::store::from_unix;
use crate::web::api::{rfc3339, ApiJson, ApiPath};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct Version {
    pub version: i64,
    pub published_at: String,
    /// Where anyone reads it, e.g. `/docs/consent/v/2`.
    pub path: String,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentKind {
    /// personal_data / terms_of_use
    pub kind: String,
    /// Newest first; the first is in force.
    pub versions: Vec<Version>,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentKind>,
}

#[utoipa::path(get, path = "/api/v1/admin/documents", tag = "admin",
    responses((status = 200, body = DocumentList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<DocumentList>, ApiError> {
    administering(&app, &ctx, async |_| {
        let mut items = Vec::new();
        for kind in KINDS {
            let versions = app.document_versions(kind).await?;
            items.push(DocumentKind {
                kind: kind.into(),
                versions: versions
                    .into_iter()
                    .map(|(version, at)| Version {
                        version,
                        published_at: rfc3339(from_unix(at)),
                        path: format!("{}/v/{version}", document_path(kind)),
                    })
                    .collect(),
            });
        }
        Ok(DocumentList { items })
    })
    .await
    .map(Json)
}

/// A version's texts: Russian required; another language either whole or left out (empty),
/// when its readers get the Russian text.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct DocumentTexts {
    #[schema(max_length = 200)]
    pub title_ru: String,
    #[schema(max_length = 100000)]
    pub body_ru: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_be: String,
    #[serde(default)]
    #[schema(max_length = 100000)]
    pub body_be: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_en: String,
    #[serde(default)]
    #[schema(max_length = 100000)]
    pub body_en: String,
}

impl From<DocumentForm> for DocumentTexts {
    fn from(form: DocumentForm) -> Self {
        let text = |lang: Lang| {
            form.texts.iter().find(|(l, _, _)| *l == lang).map(|(_, t, b)| (t.clone(), b.clone())).unwrap_or_default()
        };
        let ((title_ru, body_ru), (title_be, body_be), (title_en, body_en)) =
            (text(Lang::Ru), text(Lang::Be), text(Lang::En));
        DocumentTexts { title_ru, body_ru, title_be, body_be, title_en, body_en }
    }
}

impl DocumentTexts {
    fn form(self) -> DocumentForm {
        DocumentForm {
            texts: vec![
                (Lang::Ru, self.title_ru, self.body_ru),
                (Lang::Be, self.title_be, self.body_be),
                (Lang::En, self.title_en, self.body_en),
            ],
        }
    }
}

#[utoipa::path(get, path = "/api/v1/admin/documents/{kind}", tag = "admin",
    params(("kind" = String, Path, description = "personal_data / terms_of_use")),
    responses((status = 200, description = "The texts in force, to start a new version from", body = DocumentTexts),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn current(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(kind): ApiPath<String>,
) -> Result<Json<DocumentTexts>, ApiError> {
    administering(&app, &ctx, async |by| app.document_draft(by, parse_kind(&kind)?).await)
        .await
        .map(|f| Json(DocumentTexts::from(f)))
}

#[derive(Serialize, ToSchema)]
pub struct Published {
    pub kind: String,
    pub version: i64,
    pub path: String,
}

#[utoipa::path(post, path = "/api/v1/admin/documents/{kind}/versions", tag = "admin",
    params(("kind" = String, Path, description = "personal_data / terms_of_use")), request_body = DocumentTexts,
    responses((status = 201, description = "In force now; customers accept it at their next sign-in", body = Published),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = "a title's or text's error (`title_ru`, `body_be`, …): required, too long, characters that are not text", body = ErrorBody)))]
pub async fn publish(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath(kind): ApiPath<String>,
    ApiJson(req): ApiJson<DocumentTexts>,
) -> Result<(StatusCode, Json<Published>), ApiError> {
    administering(&app, &ctx, async |by| {
        let kind = parse_kind(&kind)?;
        let version = app.publish_document(by, kind, &req.form(), &ctx.caller).await?;
        Ok(Published { kind: kind.into(), version, path: format!("{}/v/{version}", document_path(kind)) })
    })
    .await
    .map(|p| (StatusCode::CREATED, Json(p)))
}

pub fn router() -> Router<App> {
    // A document's text is long: room for three languages of it.
    let limit = axum::extract::DefaultBodyLimit::max(1024 * 1024);
    Router::new()
        .route("/api/v1/admin/documents", get(list))
        .route("/api/v1/admin/documents/{kind}", get(current))
        .route("/api/v1/admin/documents/{kind}/versions", post(publish).layer(limit))
}
