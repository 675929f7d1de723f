//! `/admin/organizations`: the registry, a contract, and loading the registry from a file.

use askama::Template;
use axum::extract::{Form, Path, Query};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::{administrator, Fields};
use crate::app::admin::organizations::REGISTRY_MAX_BYTES;
use crate::app::done::Done;
use crate::app::registry::TextEncoding;
use crate::app::{App, AppError};
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::{FormErrors, PageError};
use crate::web::pages::{html, render, see_other};
use crate::web::uploads::PageForm;

pub struct OrgLine {
    pub id: i64,
    pub unp: String,
    pub name: String,
    pub contract: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "admin/organizations.html")]
struct ListPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    q: String,
    searched: bool,
    lines: Vec<OrgLine>,
}

#[derive(Template)]
#[template(path = "admin/organization.html")]
struct OrgPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    notice: Option<String>,
    errors: FormErrors,
    id: i64,
    unp: String,
    name: String,
    address: String,
    source: String,
    contract_number: String,
    contract_date: String,
}

pub struct PreviewLine {
    pub line: usize,
    pub unp: String,
    pub name: String,
    /// Empty for a valid line.
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/registry_import.html")]
struct ImportPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    errors: FormErrors,
    /// With an uploaded file: its preview.
    upload: Option<String>,
    file_name: String,
    encoding: String,
    separator: String,
    valid: usize,
    /// «Можно загрузить 2 строки, с ошибками — 1».
    counts: String,
    lines: Vec<PreviewLine>,
}

#[derive(Deserialize, Default)]
struct SearchQuery {
    q: Option<String>,
    done: Option<String>,
}

fn source_text(tr: Tr, source: &str) -> String {
    tr.t(&format!("org-source-{source}"))
}

async fn list(ctx: Ctx, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let search = q.q.clone().unwrap_or_default();
    let found = if search.trim().is_empty() {
        Vec::new()
    } else {
        ctx.app.search_organizations(admin, &search).await.map_err(|e| PageError::new(e, ctx.tr))?
    };
    Ok(html(&ListPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice: Done::banner(q.done.as_deref(), ctx.tr),
        searched: !search.trim().is_empty(),
        q: search,
        lines: found
            .into_iter()
            .map(|o| OrgLine {
                id: o.id,
                unp: o.unp,
                name: o.full_name,
                contract: match (o.contract_number, o.contract_date) {
                    (Some(n), Some(d)) => format!("{n} · {d}"),
                    (Some(n), None) => n,
                    _ => String::new(),
                },
                source: source_text(ctx.tr, &o.source),
            })
            .collect(),
    }))
}

async fn org_page(
    ctx: &Ctx,
    id: i64,
    errors: FormErrors,
    form: Option<&Fields>,
    notice: Option<String>,
) -> Result<OrgPage, PageError> {
    let (_, admin) = administrator(ctx)?;
    let org = ctx.app.admin_organization(admin, id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    let date = org.contract_date.clone().unwrap_or_default();
    Ok(OrgPage {
        tr: ctx.tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        notice,
        errors,
        id,
        contract_number: form
            .map_or_else(|| org.contract_number.clone().unwrap_or_default(), |f| f.get("contract_number")),
        contract_date: form.map_or(date, |f| f.get("contract_date")),
        source: source_text(ctx.tr, &org.source),
        unp: org.unp,
        name: org.full_name,
        address: org.address,
    })
}

async fn show(ctx: Ctx, Path(id): Path<i64>, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let notice = Done::banner(q.done.as_deref(), ctx.tr);
    Ok(html(&org_page(&ctx, id, FormErrors::default(), None, notice).await?))
}

async fn contract(
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let f = Fields(fields);
    match ctx.app.set_contract(admin, id, &f.get("contract_number"), &f.get("contract_date"), &ctx.caller).await {
        Ok(()) => Ok(see_other(&Done::Saved.after(&format!("/admin/organizations/{id}")))),
        Err(e @ AppError::Validation(_)) => {
            let page = org_page(&ctx, id, FormErrors::from_error(&e, ctx.tr), Some(&f), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

fn import_page(
    ctx: &Ctx,
    errors: FormErrors,
    upload: Option<crate::app::admin::organizations::RegistryUpload>,
) -> ImportPage {
    let tr = ctx.tr;
    let mut page = ImportPage {
        tr,
        csrf: ctx.csrf.clone(),
        nav: ctx.nav(),
        errors,
        upload: None,
        file_name: String::new(),
        encoding: String::new(),
        separator: String::new(),
        valid: 0,
        counts: String::new(),
        lines: Vec::new(),
    };
    if let Some(u) = upload {
        page.valid = u.preview.valid().len();
        let refused = u.preview.refused().count();
        page.counts =
            tr.t2("admin-registry-counts", ("valid", (page.valid as i64).into()), ("refused", (refused as i64).into()));
        page.encoding = match u.preview.encoding {
            TextEncoding::Utf8 => "UTF-8".into(),
            TextEncoding::Windows1251 => "windows-1251".into(),
        };
        page.separator = format!("«{}»", u.preview.separator);
        page.lines = u
            .preview
            .lines
            .iter()
            .map(|l| PreviewLine {
                line: l.line,
                unp: l.unp_text.clone(),
                name: l.name_text.clone(),
                errors: match &l.outcome {
                    Ok(_) => Vec::new(),
                    Err(errors) => errors.iter().map(|e| tr.describe(e)).collect(),
                },
            })
            .collect();
        page.file_name = u.file_name;
        page.upload = Some(u.id);
    }
    page
}

async fn import_form(ctx: Ctx) -> Result<Response, PageError> {
    administrator(&ctx)?;
    Ok(html(&import_page(&ctx, FormErrors::default(), None)))
}

async fn upload(ctx: Ctx, form: PageForm) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let refused = |e: AppError| -> Result<Response, PageError> {
        match e {
            e @ (AppError::Validation(_) | AppError::PayloadTooLarge { .. } | AppError::TextTooLarge { .. }) => {
                let page = import_page(&ctx, FormErrors::from_error(&e, ctx.tr), None);
                Ok((crate::web::errors::classify(&e).0, Html(render(&page))).into_response())
            }
            e => Err(PageError::new(e, ctx.tr)),
        }
    };
    let mut data = match form.read(&ctx.app).await {
        Ok(data) => data,
        Err(e) => return refused(e),
    };
    let Some(mut file) = data.files.pop() else { return refused(AppError::field("file", "required")) };
    let content = match file.file.contents(REGISTRY_MAX_BYTES).await {
        Ok(Some(content)) => content,
        Ok(None) => return refused(AppError::PayloadTooLarge { max_bytes: REGISTRY_MAX_BYTES }),
        Err(e) => return Err(PageError::new(AppError::Internal(format!("reading an upload: {e}")), ctx.tr)),
    };
    match ctx.app.upload_registry(admin, &file.file_name, &content).await {
        Ok(u) => Ok(see_other(&format!("/admin/organizations/import/{}", u.id))),
        Err(e) => refused(e),
    }
}

async fn preview(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    let upload = ctx.app.registry_upload(admin, &id).await.map_err(|e| PageError::new(e, ctx.tr))?;
    Ok(html(&import_page(&ctx, FormErrors::default(), Some(upload))))
}

async fn import(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let (_, admin) = administrator(&ctx)?;
    match ctx.app.import_registry_upload(admin, &id, &ctx.caller).await {
        Ok(_) => Ok(see_other(&Done::RegistryImported.after("/admin/organizations"))),
        Err(e @ AppError::Validation(_)) => {
            let upload = ctx.app.registry_upload(admin, &id).await.map_err(|e| PageError::new(e, ctx.tr))?;
            let page = import_page(&ctx, FormErrors::from_error(&e, ctx.tr), Some(upload));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(render(&page))).into_response())
        }
        Err(e) => Err(PageError::new(e, ctx.tr)),
    }
}

pub fn router() -> Router<App> {
    // The file and the few text fields around it.
    let limit = axum::extract::DefaultBodyLimit::max(REGISTRY_MAX_BYTES as usize + 64 * 1024);
    Router::new()
        .route("/admin/organizations", get(list))
        .route("/admin/organizations/{id}", get(show).post(contract))
        .route("/admin/organizations/import", get(import_form).post(upload).layer(limit))
        .route("/admin/organizations/import/{id}", get(preview).post(import))
}
