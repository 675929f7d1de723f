//! Request bodies that may carry files: `multipart/form-data` (read field by field, each file
//! or text refused as soon as it passes its limit, before anything is stored), url-encoded
//! forms, or JSON.
//!
//! The extractors only hold the request: the handler reads the body once it has checked who is
//! asking, so nobody without a sign-in makes the portal receive megabytes.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use super::api::ApiJson;
use super::context::lang_of;
use super::errors::ApiError;
use crate::app::attachments::Upload;
use crate::app::{App, AppError};
use crate::i18n::Tr;

/// Text fields and files of a form.
#[derive(Debug, Default)]
pub struct FormData {
    pub fields: HashMap<String, String>,
    pub files: Vec<Upload>,
}

impl FormData {
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.fields.get(name).map(String::as_str), Some("true" | "on" | "1" | "yes"))
    }
}

/// The most a text field of a multipart form may hold (a message is at most 20,000 characters).
pub const TEXT_FIELD_MAX: usize = 256 * 1024;

fn multipart_error(e: axum::extract::multipart::MultipartError, max_bytes: u64) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge { max_bytes }
    } else if super::guard::is_body_idle(&e) {
        AppError::RequestTimeout
    } else {
        AppError::field("request_body", "invalid_multipart")
    }
}

pub async fn read_multipart(mut multipart: Multipart, app: &App) -> Result<FormData, AppError> {
    let max_bytes = app.config.attachment_max_bytes;
    let mut form = FormData::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_error(e, max_bytes))? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                // Written to disk chunk by chunk; dropped (and deleted) if anything is refused.
                let mut file = app.files.receive().await.map_err(|e| AppError::from_file_io("receiving a file", e))?;
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, max_bytes))? {
                    if file.size() + chunk.len() as u64 > max_bytes {
                        return Err(AppError::PayloadTooLarge { max_bytes });
                    }
                    file.write(&chunk).await.map_err(|e| AppError::from_file_io("receiving a file", e))?;
                }
                // A file input left empty still sends a nameless, empty part.
                if file_name.is_empty() && file.size() == 0 {
                    continue;
                }
                if form.files.len() >= app.config.attachments_per_message {
                    let limit = app.config.attachments_per_message;
                    return Err(crate::domain::FieldError::with_limit("files", "too_many_files", limit).into());
                }
                form.files.push(Upload { file_name, file });
            }
            None => {
                // Read chunk by chunk and refused at the limit: never the whole of whatever came.
                let known = crate::i18n::field_name(&name).unwrap_or("request_body");
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, max_bytes))? {
                    if bytes.len() + chunk.len() > TEXT_FIELD_MAX {
                        return Err(AppError::TextTooLarge { field: known, max_bytes: TEXT_FIELD_MAX as u64 });
                    }
                    bytes.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(bytes).map_err(|_| AppError::field(known, "invalid_text"))?;
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}

fn content_type(req: &Request) -> String {
    req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// An HTML form, with or without files, not read yet: [`PageForm::read`] reads it.
pub struct PageForm(Request);

impl FromRequest<App> for PageForm {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, _: &App) -> Result<Self, Self::Rejection> {
        Ok(PageForm(req))
    }
}

impl PageForm {
    /// Reads the fields and files; refusals are `AppError`s for the page to show.
    pub async fn read(self, app: &App) -> Result<FormData, AppError> {
        let req = self.0;
        if content_type(&req).starts_with("multipart/form-data") {
            return match Multipart::from_request(req, app).await {
                Ok(mp) => read_multipart(mp, app).await,
                Err(_) => Err(AppError::field("request_body", "invalid_multipart")),
            };
        }
        match axum::extract::Form::<Vec<(String, String)>>::from_request(req, app).await {
            Ok(axum::extract::Form(pairs)) => Ok(FormData { fields: pairs.into_iter().collect(), files: vec![] }),
            Err(_) => Err(AppError::field("request_body", "invalid_multipart")),
        }
    }
}

/// An API body: JSON, or `multipart/form-data` when files come along.
pub enum ApiBody<T> {
    Json(T),
    Multipart(FormData),
}

/// An API body not read yet: [`ApiUpload::read`] reads it.
pub struct ApiUpload<T> {
    req: Request,
    wanted: std::marker::PhantomData<T>,
}

impl<T> FromRequest<App> for ApiUpload<T> {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, _: &App) -> Result<Self, Self::Rejection> {
        Ok(ApiUpload { req, wanted: std::marker::PhantomData })
    }
}

impl<T: DeserializeOwned> ApiUpload<T> {
    pub async fn read(self, app: &App) -> Result<ApiBody<T>, ApiError> {
        let req = self.req;
        let tr = Tr::new(lang_of(req.headers()));
        if content_type(&req).starts_with("multipart/form-data") {
            let mp = Multipart::from_request(req, app)
                .await
                .map_err(|_| ApiError::new(AppError::field("request_body", "invalid_multipart"), tr))?;
            return read_multipart(mp, app).await.map(ApiBody::Multipart).map_err(|e| ApiError::new(e, tr));
        }
        ApiJson::<T>::from_request(req, app).await.map(|ApiJson(v)| ApiBody::Json(v))
    }
}
