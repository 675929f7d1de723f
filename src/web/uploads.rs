//! Request bodies that may carry files: `multipart/form-data` (read field by field, each file
//! refused as soon as it passes the limit, before anything is stored), url-encoded forms, or JSON.

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

const TEXT_FIELD_MAX: usize = 256 * 1024;

fn multipart_error(e: axum::extract::multipart::MultipartError, max_bytes: u64) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge { max_bytes }
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
                let mut file =
                    app.files.receive().await.map_err(|e| AppError::Internal(format!("receiving a file: {e}")))?;
                while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(e, max_bytes))? {
                    if file.size() + chunk.len() as u64 > max_bytes {
                        return Err(AppError::PayloadTooLarge { max_bytes });
                    }
                    file.write(&chunk).await.map_err(|e| AppError::Internal(format!("receiving a file: {e}")))?;
                }
                // A file input left empty still sends a nameless, empty part.
                if file_name.is_empty() && file.size() == 0 {
                    continue;
                }
                if form.files.len() >= app.config.attachments_per_message {
                    return Err(AppError::field("files", "too_many_files"));
                }
                form.files.push(Upload { file_name, file });
            }
            None => {
                let text = field.text().await.map_err(|e| multipart_error(e, max_bytes))?;
                if text.len() > TEXT_FIELD_MAX {
                    return Err(AppError::field("request_body", "too_long"));
                }
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}

fn content_type(req: &Request) -> String {
    req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// An HTML form, with or without files. Rejections are `AppError`s for the page to show.
pub struct PageForm(pub Result<FormData, AppError>);

impl FromRequest<App> for PageForm {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
        if content_type(&req).starts_with("multipart/form-data") {
            let read = match Multipart::from_request(req, app).await {
                Ok(mp) => read_multipart(mp, app).await,
                Err(_) => Err(AppError::field("request_body", "invalid_multipart")),
            };
            return Ok(PageForm(read));
        }
        let fields = match axum::extract::Form::<Vec<(String, String)>>::from_request(req, app).await {
            Ok(axum::extract::Form(pairs)) => Ok(FormData { fields: pairs.into_iter().collect(), files: vec![] }),
            Err(_) => Err(AppError::field("request_body", "invalid_multipart")),
        };
        Ok(PageForm(fields))
    }
}

/// An API body: JSON, or `multipart/form-data` when files come along.
pub enum ApiBody<T> {
    Json(T),
    Multipart(FormData),
}

impl<T: DeserializeOwned> FromRequest<App> for ApiBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, app: &App) -> Result<Self, Self::Rejection> {
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
