//! The one place where refusals become HTTP answers: JSON for the API, pages for people.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use crate::app::error::SmsLimit;
use crate::app::AppError;
use crate::i18n::Tr;

/// Status, stable code and the extra numbers a client needs.
pub fn classify(e: &AppError) -> (StatusCode, &'static str) {
    match e {
        AppError::Validation(list) => {
            let code = list.first().map_or("invalid_input", |f| public_code(f.code));
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        }
        AppError::InvalidCode { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_code"),
        AppError::CodeExpired => (StatusCode::GONE, "code_expired"),
        // The challenge is this step's credential: an unknown or spent one is 401, like a bad session.
        AppError::SignInExpired => (StatusCode::UNAUTHORIZED, "sign_in_expired"),
        AppError::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
        AppError::ResendTooEarly { .. } => (StatusCode::TOO_MANY_REQUESTS, "resend_too_early"),
        AppError::TooManySends => (StatusCode::TOO_MANY_REQUESTS, "too_many_sends"),
        AppError::SmsLimit { .. } => (StatusCode::TOO_MANY_REQUESTS, "sms_limit"),
        AppError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        AppError::Locked { .. } => (StatusCode::TOO_MANY_REQUESTS, "locked"),
        AppError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        AppError::AccountBlocked { .. } => (StatusCode::FORBIDDEN, "account_blocked"),
        AppError::AlreadyConfirmed => (StatusCode::CONFLICT, "already_confirmed"),
        AppError::InvalidTransition => (StatusCode::CONFLICT, "invalid_transition"),
        AppError::PayloadTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "attachment_too_large"),
        AppError::TextTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "text_too_large"),
        AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        AppError::DocumentsPending => (StatusCode::FORBIDDEN, "documents_not_accepted"),
        AppError::Conflict => (StatusCode::CONFLICT, "conflict"),
        AppError::AnsweredMeanwhile { .. } => (StatusCode::CONFLICT, "answered_meanwhile"),
        AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
        AppError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
        AppError::CrossSite => (StatusCode::FORBIDDEN, "cross_site_request"),
        AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        AppError::StorageUnavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable"),
        AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
    }
}

/// The API speaks of every УНП problem as `invalid_unp` (DESIGN §8); the message still says
/// which part is wrong («проверьте последнюю цифру»).
fn public_code(code: &'static str) -> &'static str {
    match code {
        "unp_check_digit" => "invalid_unp",
        other => other,
    }
}

/// What an answer during a database outage asks the client to wait, in seconds (the message
/// says «через минуту»).
const UNAVAILABLE_RETRY_AFTER: i64 = 60;

fn retry_after(e: &AppError) -> Option<i64> {
    match e {
        AppError::ResendTooEarly { retry_after }
        | AppError::SmsLimit { retry_after, .. }
        | AppError::Locked { retry_after }
        | AppError::RateLimited { retry_after } => Some(*retry_after),
        AppError::Unavailable(_) | AppError::StorageUnavailable(_) => Some(UNAVAILABLE_RETRY_AFTER),
        _ => None,
    }
}

/// The sentence shown to a person for a refusal that is not tied to one field.
pub fn message(e: &AppError, tr: Tr) -> String {
    match e {
        AppError::Validation(list) => list.first().map_or_else(|| tr.t("error-invalid_input"), |f| tr.describe(f)),
        AppError::InvalidCode { attempts_left } => tr.t1("error-invalid_code", "n", *attempts_left),
        AppError::ResendTooEarly { retry_after } => tr.t1("error-resend_too_early", "n", *retry_after),
        AppError::PayloadTooLarge { max_bytes } => {
            tr.t1("error-attachment_too_large", "n", (*max_bytes / (1024 * 1024)).max(1) as i64)
        }
        AppError::TextTooLarge { field, max_bytes } => tr.t2(
            "error-text_too_large",
            ("field", tr.t(&format!("field-{field}")).into()),
            ("n", ((*max_bytes / 1024).max(1) as i64).into()),
        ),
        AppError::SmsLimit { retry_after, limit } => {
            let wait = crate::app::sla_view::working_span(tr, *retry_after);
            match limit {
                SmsLimit::PerPhone(n) => tr.t2("error-sms_limit", ("n", n.into()), ("wait", wait.into())),
                SmsLimit::PerAddress(n) => tr.t2("error-sms_limit-address", ("n", n.into()), ("wait", wait.into())),
                SmsLimit::Hourly => tr.t1("error-sms_limit-hourly", "wait", wait),
            }
        }
        AppError::AccountBlocked { phone, email } => {
            tr.t2("error-account_blocked", ("phone", phone.as_str().into()), ("email", email.as_str().into()))
        }
        AppError::Locked { retry_after } | AppError::RateLimited { retry_after } => {
            let minutes = ((*retry_after + 59) / 60).max(1);
            tr.t1("error-locked", "n", minutes)
        }
        other => tr.t(&format!("error-{}", classify(other).1)),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `invalid_unp`.
    pub code: String,
    /// The same in words, in the caller's language.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<i64>,
    /// Every field problem when there are several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldProblem {
    pub fn of(f: &crate::domain::FieldError, tr: Tr) -> Self {
        FieldProblem { field: f.field.to_string(), code: public_code(f.code).to_string(), message: tr.describe(f) }
    }
}

/// Failures that are ours, with their cause (never shown to the person).
fn log_failure(error: &AppError) {
    match error {
        AppError::Internal(cause) => tracing::error!(%cause, "request failed"),
        AppError::Unavailable(cause) => tracing::warn!(%cause, "answered 503: the database is out of reach"),
        AppError::StorageUnavailable(cause) => {
            tracing::warn!(%cause, "answered 503: the attachment store is out of reach")
        }
        _ => {}
    }
}

pub struct ApiError {
    pub error: AppError,
    pub tr: Tr,
}

impl ApiError {
    pub fn new(error: AppError, tr: Tr) -> Self {
        ApiError { error, tr }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = classify(&self.error);
        log_failure(&self.error);
        let fields: Vec<FieldProblem> = match &self.error {
            AppError::Validation(list) => list.iter().map(|f| FieldProblem::of(f, self.tr)).collect(),
            _ => vec![],
        };
        let field = match &self.error {
            AppError::TextTooLarge { field, .. } => Some(field.to_string()),
            _ => fields.first().map(|f| f.field.clone()),
        };
        let detail = ErrorDetail {
            code: code.to_string(),
            message: message(&self.error, self.tr),
            field,
            attempts_left: match &self.error {
                AppError::InvalidCode { attempts_left } => Some(*attempts_left),
                _ => None,
            },
            retry_after: retry_after(&self.error),
            fields,
        };
        let mut response = (status, axum::Json(ErrorBody { error: detail })).into_response();
        if let Some(seconds) = retry_after(&self.error) {
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

/// A refusal on an HTML page that has no form to show it in.
pub struct PageError {
    pub error: AppError,
    pub tr: Tr,
    redirect: Option<String>,
}

impl PageError {
    pub fn new(error: AppError, tr: Tr) -> Self {
        PageError { error, tr, redirect: None }
    }

    /// A redirect to one of our own paths.
    pub fn redirect(to: &str) -> Self {
        PageError { error: AppError::Unauthorized, tr: Tr::new(Default::default()), redirect: Some(to.to_string()) }
    }

    pub fn redirect_to_login(next: &str) -> Self {
        let target = format!("/login?next={}", urlencode(next));
        PageError { error: AppError::Unauthorized, tr: Tr::new(Default::default()), redirect: Some(target) }
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if let Some(target) = self.redirect {
            return Redirect::to(&target).into_response();
        }
        let (status, _) = classify(&self.error);
        log_failure(&self.error);
        let page = super::pages::ErrorPage {
            tr: self.tr,
            csrf: String::new(),
            nav: Default::default(),
            title: self.tr.t(if status == StatusCode::NOT_FOUND { "page-not-found" } else { "page-error" }),
            message: message(&self.error, self.tr),
        };
        let mut response = (status, Html(super::pages::render(&page))).into_response();
        if let Some(seconds) = retry_after(&self.error) {
            if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        response
    }
}

impl From<(AppError, Tr)> for PageError {
    fn from((e, tr): (AppError, Tr)) -> Self {
        PageError::new(e, tr)
    }
}

/// Field errors of a form, ready for a template: the message for each field, in order.
#[derive(Debug, Default, Clone)]
pub struct FormErrors {
    pub items: Vec<(String, String)>,
    /// A message for the whole form (a wrong code, a lockout), shown above it.
    pub general: Option<String>,
}

/// A form's fields whose label is not `field-{name}`: (field, label key). Errors name a field
/// as the form labels it, so the person finds it (`web::pages` tests hold each form to this).
pub type Labels = &'static [(&'static str, &'static str)];

impl FormErrors {
    pub fn from_error(e: &AppError, tr: Tr) -> Self {
        Self::labelled(e, tr, &[])
    }

    pub fn labelled(e: &AppError, tr: Tr, labels: Labels) -> Self {
        let label_of = |field: &str| labels.iter().find(|(f, _)| *f == field).map(|(_, key)| *key);
        match e {
            AppError::Validation(list) => FormErrors {
                items: list
                    .iter()
                    .map(|f| {
                        let text = match label_of(f.field) {
                            Some(key) => tr.describe_as(f, key),
                            None => tr.describe(f),
                        };
                        (f.field.to_string(), text)
                    })
                    .collect(),
                general: None,
            },
            AppError::TextTooLarge { field, max_bytes } => {
                let text = match label_of(field) {
                    Some(key) => tr.t2(
                        "error-text_too_large",
                        ("field", tr.t(key).into()),
                        ("n", ((*max_bytes / 1024).max(1) as i64).into()),
                    ),
                    None => message(e, tr),
                };
                FormErrors { items: vec![(field.to_string(), text)], general: None }
            }
            other => FormErrors { items: vec![], general: Some(message(other, tr)) },
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.items.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.general.is_none()
    }
}
