//! Pure types and rules: no I/O, no clock, no global state.

pub mod attachment;
pub mod calendar;
pub mod code;
pub mod email;
pub mod limits;
pub mod links;
pub mod listing;
pub mod local_path;
pub mod lockout;
pub mod name;
pub mod net;
pub mod notice;
pub mod password;
pub mod people;
pub mod phone;
pub mod report;
pub mod search_text;
pub mod sla;
pub mod template;
pub mod ticket;
pub mod totp;
pub mod unp;

pub use code::{CodeAttempt, CodePolicy, CodeState, OtpCode, ResendRefusal};
pub use email::Email;
pub use lockout::LockoutPolicy;
pub use name::{FreeText, PersonName};
pub use password::{generate_password, PasswordPolicy};
pub use phone::Phone;
pub use unp::Unp;

/// A problem with one input field: which field, and a stable machine-readable code.
/// The web edge turns the pair into a sentence in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    /// The bound that was crossed (characters, files), for a message that says which.
    pub limit: Option<u64>,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        FieldError { field, code, limit: None }
    }

    pub fn with_limit(field: &'static str, code: &'static str, limit: usize) -> Self {
        FieldError { field, code, limit: Some(limit as u64) }
    }

    pub fn required(field: &'static str) -> Self {
        FieldError::new(field, "required")
    }
}
