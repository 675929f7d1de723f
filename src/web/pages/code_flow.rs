//! The steps shared by registration and password reset: the code form, «Подтвердить»,
//! «Отправить код повторно», and where each outcome leads.

use axum::response::Response;
use serde::Deserialize;

use super::{confirm_page, see_other};
use crate::app::{AppError, AppResult};
use crate::i18n::Tr;
use crate::web::context::Ctx;
use crate::web::errors::{FormErrors, PageError};

/// One phone-confirmation flow: its purpose, its URL prefix and its page title.
pub struct CodeFlow {
    pub purpose: &'static str,
    pub base: &'static str,
    pub title_key: &'static str,
    /// What to say when no more codes may be sent: start this flow again.
    pub start_again_key: &'static str,
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}

impl CodeFlow {
    fn done(&self, id: &str) -> Response {
        see_other(&format!("{}/{id}/done", self.base))
    }

    /// The code form, or the completion page once the flow is done.
    pub async fn show(&self, ctx: &Ctx, id: &str, errors: FormErrors) -> Result<Response, PageError> {
        let row = ctx.app.pending_verification(id, self.purpose).await.map_err(|e| PageError::new(e, ctx.tr))?;
        if row.state == "completed" {
            return Ok(self.done(id));
        }
        let issued = ctx.app.issued(&row);
        Ok(confirm_page(ctx, ctx.tr.t(self.title_key), &format!("{}/{id}", self.base), &issued, errors))
    }

    /// What follows «Подтвердить»: the completion page, or the form again with the problem.
    pub async fn after_confirm<T>(&self, ctx: &Ctx, id: &str, outcome: AppResult<T>) -> Result<Response, PageError> {
        match outcome {
            Ok(_) | Err(AppError::AlreadyConfirmed) => Ok(self.done(id)),
            Err(e @ (AppError::NotFound | AppError::Internal(_))) => Err(PageError::new(e, ctx.tr)),
            Err(e) => self.show(ctx, id, code_errors(&e, ctx.tr)).await,
        }
    }

    /// «Отправить код повторно».
    pub async fn resend(&self, ctx: &Ctx, id: &str) -> Result<Response, PageError> {
        match ctx.app.resend_code(id, self.purpose, &ctx.caller).await {
            Ok(_) => Ok(see_other(&format!("{}/{id}/confirm", self.base))),
            Err(AppError::AlreadyConfirmed) => Ok(self.done(id)),
            Err(AppError::TooManySends) => {
                let errors = FormErrors { items: vec![], general: Some(ctx.tr.t(self.start_again_key)) };
                self.show(ctx, id, errors).await
            }
            Err(e @ (AppError::NotFound | AppError::Internal(_))) => Err(PageError::new(e, ctx.tr)),
            Err(e) => self.show(ctx, id, FormErrors::from_error(&e, ctx.tr)).await,
        }
    }
}

/// Code problems belong to the code field, so screen readers announce them there.
fn code_errors(e: &AppError, tr: Tr) -> FormErrors {
    let errors = FormErrors::from_error(e, tr);
    match (e, errors.general.clone()) {
        (AppError::InvalidCode { .. } | AppError::CodeExpired | AppError::TooManyAttempts, Some(msg)) => {
            FormErrors { items: vec![("code".into(), msg)], general: None }
        }
        _ => errors,
    }
}
