//! `/api/v1/admin/notices`: the words of every notice's SMS and letter in each language — read,
//! previewed with sample values (the SMS's size as the gateway bills it), kept after their
//! placeholders are checked, and taken back to the standard words.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::administering;
use crate::app::admin::templates::{NoticeEditor, NoticeForm};
use crate::app::admin::Admin;
use crate::app::{App, AppError, AppResult};
use crate::domain::notice::Notice;
use crate::i18n::Lang;
use crate::web::api::{ApiJson, ApiPath};
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody, FieldProblem};

#[derive(Serialize, ToSchema)]
pub struct PlaceholderInfo {
    /// Written `{name}` in a text.
    pub name: String,
    /// A text without it is refused.
    pub required: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NoticeInfo {
    /// e.g. `registration_code`, `ticket_reply`
    pub notice: String,
    /// Staff receive it; the others go to customers.
    pub for_staff: bool,
    /// sms / email
    pub channels: Vec<String>,
    pub placeholders: Vec<PlaceholderInfo>,
    /// The placeholder holding a code or password: the SMS must end with it.
    pub secret: Option<String>,
    /// The languages (ru / be / en) whose words are an administrator's rather than the standard.
    pub kept: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NoticeList {
    pub items: Vec<NoticeInfo>,
}

fn info(notice: Notice, kept: &[Lang]) -> NoticeInfo {
    NoticeInfo {
        notice: notice.key().into(),
        for_staff: notice.for_staff(),
        channels: notice.channels().iter().map(|c| c.as_str().to_string()).collect(),
        placeholders: notice
            .placeholders()
            .iter()
            .map(|p| PlaceholderInfo { name: p.name.into(), required: p.required })
            .collect(),
        secret: notice.secret().map(String::from),
        kept: kept.iter().map(|l| l.code().to_string()).collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/admin/notices", tag = "admin",
    responses((status = 200, body = NoticeList), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn list(State(app): State<App>, ctx: ApiCtx) -> Result<Json<NoticeList>, ApiError> {
    administering(&app, &ctx, async |by| {
        let lines = app.notice_lines(by).await?;
        Ok(NoticeList { items: lines.iter().map(|l| info(l.notice, &l.kept)).collect() })
    })
    .await
    .map(Json)
}

/// A notice's words in one language; the parts of a channel the notice lacks are empty.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct NoticeTexts {
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub sms: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub email_subject: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub email_body: String,
}

impl NoticeTexts {
    fn form(self) -> NoticeForm {
        NoticeForm { sms: self.sms, email_subject: self.email_subject, email_body: self.email_body }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NoticeWords {
    pub notice: NoticeInfo,
    /// ru / be / en
    pub lang: String,
    pub texts: NoticeTexts,
    /// The SMS's words are an administrator's.
    pub sms_kept: bool,
    /// The letter's words are an administrator's.
    pub email_kept: bool,
}

fn words(e: NoticeEditor, kept: &[Lang]) -> NoticeWords {
    NoticeWords {
        notice: info(e.notice, kept),
        lang: e.lang.code().into(),
        texts: NoticeTexts { sms: e.form.sms, email_subject: e.form.email_subject, email_body: e.form.email_body },
        sms_kept: e.sms_kept,
        email_kept: e.email_kept,
    }
}

fn target(key: &str, lang: &str) -> AppResult<(Notice, Lang)> {
    Ok((Notice::parse(key).ok_or(AppError::NotFound)?, Lang::from_code(lang).ok_or(AppError::NotFound)?))
}

async fn editor(app: &App, by: Admin<'_>, notice: Notice, lang: Lang) -> AppResult<NoticeWords> {
    let editor = app.notice_editor(by, notice, lang).await?;
    let kept = app.notice_lines(by).await?.into_iter().find(|l| l.notice == notice).map(|l| l.kept).unwrap_or_default();
    Ok(words(editor, &kept))
}

#[utoipa::path(get, path = "/api/v1/admin/notices/{notice}/{lang}", tag = "admin",
    params(("notice" = String, Path), ("lang" = String, Path, description = "ru / be / en")),
    responses((status = 200, description = "The words in force, the administrator's or the standard ones", body = NoticeWords),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn show(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath((key, lang)): ApiPath<(String, String)>,
) -> Result<Json<NoticeWords>, ApiError> {
    administering(&app, &ctx, async |by| {
        let (notice, lang) = target(&key, &lang)?;
        editor(&app, by, notice, lang).await
    })
    .await
    .map(Json)
}

const REFUSALS: &str = "a placeholder's error in `sms`, `email_subject` or `email_body`: unknown_placeholder, missing_placeholder, unbalanced_braces, secret_not_last, or an empty or too long text";

#[utoipa::path(put, path = "/api/v1/admin/notices/{notice}/{lang}", tag = "admin",
    params(("notice" = String, Path), ("lang" = String, Path, description = "ru / be / en")), request_body = NoticeTexts,
    responses((status = 200, description = "Kept (words equal to the standard ones are forgotten instead)", body = NoticeWords),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody),
        (status = 422, description = REFUSALS, body = ErrorBody)))]
pub async fn save(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath((key, lang)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<NoticeTexts>,
) -> Result<Json<NoticeWords>, ApiError> {
    administering(&app, &ctx, async |by| {
        let (notice, lang) = target(&key, &lang)?;
        app.save_notice(by, notice, lang, &req.form(), &ctx.caller).await?;
        editor(&app, by, notice, lang).await
    })
    .await
    .map(Json)
}

#[utoipa::path(delete, path = "/api/v1/admin/notices/{notice}/{lang}", tag = "admin",
    params(("notice" = String, Path), ("lang" = String, Path, description = "ru / be / en")),
    responses((status = 204, description = "Back to the standard words"), (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn reset(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath((key, lang)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    administering(&app, &ctx, async |by| {
        let (notice, lang) = target(&key, &lang)?;
        app.reset_notice(by, notice, lang, &ctx.caller).await
    })
    .await
    .map(|()| StatusCode::NO_CONTENT)
}

/// An SMS's size as the gateway bills it.
#[derive(Serialize, ToSchema)]
pub struct SmsPreview {
    pub text: String,
    /// UCS-2 (any Cyrillic letter makes it so: 70 characters, 67 a part) rather than GSM (160, 153).
    pub unicode: bool,
    /// Characters as the gateway counts them.
    pub units: usize,
    pub segments: usize,
}

#[derive(Serialize, ToSchema)]
pub struct EmailPreview {
    pub subject: String,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct NoticePreview {
    /// None when the notice has no SMS.
    pub sms: Option<SmsPreview>,
    /// None when the notice has no letter.
    pub email: Option<EmailPreview>,
    /// What saving these words would refuse; nothing is refused here.
    pub problems: Vec<FieldProblem>,
}

#[utoipa::path(post, path = "/api/v1/admin/notices/{notice}/{lang}/preview", tag = "admin",
    params(("notice" = String, Path), ("lang" = String, Path, description = "ru / be / en")), request_body = NoticeTexts,
    responses((status = 200, description = "The words with sample values in", body = NoticePreview),
        (status = 403, description = "forbidden: administrators only", body = ErrorBody)))]
pub async fn preview(
    State(app): State<App>,
    ctx: ApiCtx,
    ApiPath((key, lang)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<NoticeTexts>,
) -> Result<Json<NoticePreview>, ApiError> {
    let p = administering(&app, &ctx, async |_| {
        let (notice, _) = target(&key, &lang)?;
        Ok(app.preview_notice(notice, &req.form()))
    })
    .await?;
    Ok(Json(NoticePreview {
        sms: p.sms.map(|(text, size)| SmsPreview {
            text,
            unicode: size.unicode,
            units: size.units,
            segments: size.segments,
        }),
        email: p.email.map(|(subject, body)| EmailPreview { subject, body }),
        problems: p.errors.iter().map(|e| FieldProblem::of(e, ctx.tr)).collect(),
    }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/api/v1/admin/notices", get(list))
        .route("/api/v1/admin/notices/{notice}/{lang}", get(show).put(save).delete(reset))
        .route("/api/v1/admin/notices/{notice}/{lang}/preview", post(preview))
}
