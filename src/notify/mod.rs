//! Delivery of queued messages: SMS transports and the outbox worker.

pub mod email;
pub mod file;
pub mod http;
pub mod worker;

use std::future::Future;
use std::pin::Pin;

pub use file::FileTransport;
pub use http::HttpTransport;
pub use worker::{OutboxWake, OutboxWorker};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One SMS ready to leave the system.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    /// E.164.
    pub to: String,
    pub purpose: String,
    pub text: String,
    /// The same text with secrets masked: the only form that may be logged.
    pub masked_text: String,
    /// Stable across retries, so the far side can drop a repeat.
    pub idempotency_key: String,
    pub created_at: time::OffsetDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Worth another try later (timeouts, 5xx, 429).
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Retrying will not help (a refused number, a bad gateway configuration).
    #[error("permanent failure: {0}")]
    Permanent(String),
}

pub trait SmsTransport: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>>;
    /// Makes what `send` accepted durable. The worker calls it once per batch, before marking
    /// the batch sent, so a transport may defer its fsync to here.
    fn flush(&self) -> BoxFuture<'_, Result<(), SendError>> {
        Box::pin(async { Ok(()) })
    }
}

/// Replaces the last whitespace-separated token (where codes and passwords go) with stars.
pub fn mask_secret(text: &str) -> String {
    match text.trim_end().rsplit_once(char::is_whitespace) {
        Some((head, last)) => format!("{head} {}", "*".repeat(last.chars().count().min(10))),
        None => "*".repeat(text.chars().count().min(10)),
    }
}

#[cfg(test)]
mod tests {
    use super::mask_secret;

    #[test]
    fn masks_the_last_token_only() {
        assert_eq!(mask_secret("Код подтверждения: 123456"), "Код подтверждения: ******");
        assert_eq!(mask_secret("Ваш пароль: Ab3dE5fG7h"), "Ваш пароль: **********");
        assert_eq!(mask_secret("123456"), "******");
    }
}
