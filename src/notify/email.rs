//! E-mail notices over SMTP (lettre), to the operator's relay.
//!
//! The outbox keeps an e-mail as one text: the subject on the first line, a blank line, the body.

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::SendError;
use crate::config::{Config, SmtpSecurity};

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// This machine: where a relay may be reached without TLS.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Splits the outbox text into subject and body.
pub fn split(text: &str) -> (&str, &str) {
    match text.split_once("\n\n") {
        Some((subject, body)) => (subject.trim(), body),
        None => ("", text),
    }
}

impl Mailer {
    /// `None` when no SMTP host is configured. A relay on this machine (a local Postfix, say) is
    /// reached in clear by default; any other only over TLS, and a password never goes in clear
    /// to another machine.
    pub fn from_config(config: &Config) -> Result<Option<Self>, String> {
        let host = config.smtp_host.as_str();
        if host.is_empty() {
            return Ok(None);
        }
        let from: Mailbox =
            config.mail_from.parse().map_err(|e| format!("HELPDESK_MAIL_FROM {:?}: {e}", config.mail_from))?;
        let security = match config.smtp_security {
            SmtpSecurity::Auto if is_loopback(host) => SmtpSecurity::None,
            SmtpSecurity::Auto => SmtpSecurity::Starttls,
            chosen => chosen,
        };
        if security == SmtpSecurity::None && !config.smtp_user.is_empty() && !is_loopback(host) {
            return Err(format!(
                "HELPDESK_SMTP_SECURITY=none would send the SMTP password to {host} in clear; use starttls or tls"
            ));
        }
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(config.smtp_port);
        if security != SmtpSecurity::None {
            let mut tls = TlsParameters::builder(host.to_string());
            if !config.smtp_ca_file.is_empty() {
                let pem = std::fs::read(&config.smtp_ca_file)
                    .map_err(|e| format!("HELPDESK_SMTP_CA_FILE {}: {e}", config.smtp_ca_file))?;
                let ca = Certificate::from_pem(&pem)
                    .map_err(|e| format!("HELPDESK_SMTP_CA_FILE {}: {e}", config.smtp_ca_file))?;
                tls = tls.add_root_certificate(ca);
            }
            let tls = tls.build_rustls().map_err(|e| format!("SMTP TLS: {e}"))?;
            builder = builder.tls(if security == SmtpSecurity::Tls { Tls::Wrapper(tls) } else { Tls::Required(tls) });
        }
        if !config.smtp_user.is_empty() {
            builder = builder.credentials(Credentials::new(config.smtp_user.clone(), config.smtp_password.clone()));
        }
        Ok(Some(Mailer { transport: builder.build(), from }))
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

    fn config(host: &str, from: &str) -> Config {
        Config { smtp_host: host.into(), mail_from: from.into(), ..Config::default() }
    }

    #[test]
    fn no_host_means_no_mail_and_a_bad_from_is_refused() {
        assert!(Mailer::from_config(&config("", "x@y.by")).unwrap().is_none());
        assert!(Mailer::from_config(&config("127.0.0.1", "not an address")).is_err());
        assert!(Mailer::from_config(&config("127.0.0.1", "x@y.by")).unwrap().is_some());
    }

    #[test]
    fn a_password_never_goes_in_clear_to_another_machine() {
        let mut c = config("smtp.example.by", "x@y.by");
        c.smtp_user = "helpdesk".into();
        c.smtp_password = "secret".into();
        assert!(Mailer::from_config(&c).is_ok(), "auto means STARTTLS there");
        c.smtp_security = SmtpSecurity::None;
        let refused = Mailer::from_config(&c).err().expect("refused");
        assert!(refused.contains("in clear") && !refused.contains("secret"), "{refused}");
        c.smtp_host = "localhost".into();
        assert!(Mailer::from_config(&c).is_ok(), "a relay on this machine may be reached in clear");
        c.smtp_security = SmtpSecurity::Tls;
        c.smtp_ca_file = "/nonexistent/ca.pem".into();
        assert!(Mailer::from_config(&c).err().expect("refused").contains("HELPDESK_SMTP_CA_FILE"));
    }

    #[test]
    fn loopback_hosts() {
        for host in ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["smtp.example.by", "10.0.0.1", "localhost.example.by"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
