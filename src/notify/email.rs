//! E-mail notices over SMTP (lettre), to the operator's relay.
//!
//! The outbox keeps an e-mail as one text: the subject on the first line, a blank line, the body.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::SendError;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Splits the outbox text into subject and body.
pub fn split(text: &str) -> (&str, &str) {
    match text.split_once("\n\n") {
        Some((subject, body)) => (subject.trim(), body),
        None => ("", text),
    }
}

impl Mailer {
    /// `None` when no SMTP host is configured. The relay is trusted and reached without TLS
    /// (a local MTA such as Postfix forwards it on); see README.
    pub fn new(host: &str, port: u16, from: &str) -> Result<Option<Self>, String> {
        if host.is_empty() {
            return Ok(None);
        }
        let from: Mailbox = from.parse().map_err(|e| format!("HELPDESK_MAIL_FROM {from:?}: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
        Ok(Some(Mailer { transport, from }))
    }

    pub async fn send(&self, to: &str, text: &str, idempotency_key: &str) -> Result<(), SendError> {
        let to: Mailbox = to.parse().map_err(|e| SendError::Permanent(format!("recipient: {e}")))?;
        let (subject, body) = split(text);
        let domain = self.from.email.domain().to_string();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            // The idempotency key makes the Message-ID, so a repeated delivery is recognisable.
            .message_id(Some(format!("<{}@{domain}>", idempotency_key.replace([' ', '<', '>', '@'], "-"))))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| SendError::Permanent(format!("message: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paragraph_is_the_subject() {
        assert_eq!(
            split("Заявка № 2026-000001\n\nЗдравствуйте!\n\nТекст"),
            ("Заявка № 2026-000001", "Здравствуйте!\n\nТекст")
        );
        assert_eq!(split("no subject"), ("", "no subject"));
    }

    #[test]
    fn no_host_means_no_mail_and_a_bad_from_is_refused() {
        assert!(Mailer::new("", 25, "x@y.by").unwrap().is_none());
        assert!(Mailer::new("127.0.0.1", 25, "not an address").is_err());
    }
}
