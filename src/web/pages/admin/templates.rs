//! `/admin/templates`: the words of every notice, with a preview (live with JavaScript, on a
//! button without) and the SMS's segment count.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{administrator, Fields};
use crate::app::admin::templates::{NoticeForm, NoticePreview};
use crate::app::done::Done;
use crate::app::{App, AppError};
use crate::domain::notice::Notice;
use crate::i18n::{Lang, Tr};
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};

pub struct Line {
    pub key: &'static str,
    pub name: String,
    pub audience: String,
    pub channels: String,
    /// (code, name, kept) per language.
    pub langs: Vec<(&'static str, &'static str, bool)>,
}

#[derive(Template)]
#[template(path = "admin/templates.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    lines: Vec<Line>,
}

#[derive(Template)]
#[template(path = "admin/template.html")]
struct EditorPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    key: &'static str,
    lang: &'static str,
    langs: Vec<(&'static str, &'static str)>,
    name: String,
    has_sms: bool,
    has_email: bool,
    secret: String,
    placeholders: Vec<(String, bool)>,
    sms: String,
    email_subject: String,
    email_body: String,
    kept: bool,
    preview: Option<PreviewView>,
}

/// The preview as the page and its script show it.
#[derive(Serialize, Default)]
pub struct PreviewView {
    pub sms: String,
    /// «1 SMS · 64 знака из 70 (кириллица)».
    pub sms_size: String,
    pub email_subject: String,
    pub email_body: String,
    pub problems: Vec<String>,
}

fn preview_view(tr: Tr, p: &NoticePreview) -> PreviewView {
    let (sms, sms_size) = match &p.sms {
        Some((text, size)) => {
            let key = if size.unicode { "template-sms-size-unicode" } else { "template-sms-size-gsm" };
            let limit = if size.segments <= 1 {
                if size.unicode {
                    70
                } else {
                    160
                }
            } else if size.unicode {
                67
            } else {
                153
            };
            let words = tr.t_values(
                key,
                &[
                    ("segments", &size.segments.to_string()),
                    ("units", &size.units.to_string()),
                    ("limit", &limit.to_string()),
                ],
            );
            (text.clone(), words)
        }
        None => (String::new(), String::new()),
    };
    let (email_subject, email_body) = p.email.clone().unwrap_or_default();
    PreviewView {
        sms,
        sms_size,
        email_subject,
        email_body,
        problems: p.errors.iter().map(|e| tr.describe(e)).collect(),
    }
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

fn target(ctx: &Ctx, key: &str, lang: &str) -> Result<(Notice, Lang), PageError> {
    let not_found = || PageError::new(AppError::NotFound, ctx.tr);
    Ok((Notice::parse(key).ok_or_else(not_found)?, Lang::from_code(lang).ok_or_else(not_found)?))
}

async fn list(ctx: Ctx, Query(q): Query<DoneQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let lines = ctx.app.notice_lines(admin).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let tr = ctx.tr;
    Ok(html(&ListPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), tr),
        lines: lines
            .into_iter()
            .map(|l| Line {
                key: l.notice.key(),
                name: tr.t(&format!("notice-name-{}", l.notice.key())),
                audience: tr.t(if l.notice.for_staff() { "template-for-staff" } else { "template-for-customers" }),
                channels: l
                    .notice
                    .channels()
                    .iter()
                    .map(|c| tr.t(&format!("template-channel-{}", c.as_str())))
                    .collect::<Vec<_>>()
                    .join(", "),
                langs: Lang::ALL
                    .into_iter()
                    .map(|lang| (lang.code(), lang.native_name(), l.kept.contains(&lang)))
                    .collect(),
            })
            .collect(),
    }))
}

fn form_of(f: &Fields) -> NoticeForm {
    NoticeForm { sms: f.get("sms"), email_subject: f.get("email_subject"), email_body: f.get("email_body") }
}

async fn editor_page(
    ctx: &Ctx,
    key: &str,
    lang: &str,
    form: Option<NoticeForm>,
    errors: FormErrors,
    with_preview: bool,
    notice_text: Option<String>,
) -> Result<EditorPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let (notice, lang) = target(ctx, key, lang)?;
    let editor = ctx.app.notice_editor(admin, notice, lang).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let form = form.unwrap_or(editor.form);
    let preview = with_preview.then(|| preview_view(ctx.tr, &ctx.app.preview_notice(notice, &form)));
    Ok(EditorPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: notice_text,
        errors,
        key: notice.key(),
        lang: lang.code(),
        langs: Lang::ALL.into_iter().map(|l| (l.code(), l.native_name())).collect(),
        name: ctx.tr.t(&format!("notice-name-{}", notice.key())),
        has_sms: notice.sms_message().is_some(),
        has_email: notice.email_messages().is_some(),
        secret: notice.secret().map(|s| format!("{{{s}}}")).unwrap_or_default(),
        placeholders: notice.placeholders().iter().map(|p| (format!("{{{}}}", p.name), p.required)).collect(),
        sms: form.sms,
        email_subject: form.email_subject,
        email_body: form.email_body,
        kept: editor.sms_kept || editor.email_kept,
        preview,
    })
}

async fn editor(
    ctx: Ctx,
    Path((key, lang)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&editor_page(&ctx, &key, &lang, None, FormErrors::default(), true, notice).await?))
}

async fn save(
    ctx: Ctx,
    Path((key, lang)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let (notice, language) = target(&ctx, &key, &lang)?;
    let f = Fields(fields);
    let form = form_of(&f);
    if f.get("action") == "preview" {
        return Ok(html(&editor_page(&ctx, &key, &lang, Some(form), FormErrors::default(), true, None).await?));
    }
    match ctx.app.save_notice(admin, notice, language, &form, &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/templates/{key}/{lang}")))),
        Err(e @ AppError::Validation(_)) => {
            let page =
                editor_page(&ctx, &key, &lang, Some(form), FormErrors::from_error(&e, ctx.tr), true, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

async fn reset(ctx: Ctx, Path((key, lang)): Path<(String, String)>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let (notice, language) = target(&ctx, &key, &lang)?;
    ctx.app.reset_notice(admin, notice, language, &ctx.caller).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(see_other(&Done::Restored.after(&format!("/admin/templates/{key}/{lang}"))))
}

/// The editor's script asks here as the text is typed.
async fn preview(
    ctx: Ctx,
    Path((key, lang)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Json<PreviewView>, PageError> {
    administrator(&ctx)?;
    let (notice, _) = target(&ctx, &key, &lang)?;
    Ok(Json(preview_view(ctx.tr, &ctx.app.preview_notice(notice, &form_of(&Fields(fields))))))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin/templates", get(list))
        .route("/admin/templates/{key}/{lang}", get(editor).post(save))
        .route("/admin/templates/{key}/{lang}/reset", post(reset))
        .route("/admin/templates/{key}/{lang}/preview", post(preview))
}
