//! A configurable HTTP SMS gateway: URL, method, a JSON or form body template, an auth header.

use std::time::Duration;

use super::{BoxFuture, SendError, SmsMessage, SmsTransport};
use crate::config::SmsHttpConfig;

pub struct HttpTransport {
    client: reqwest::Client,
    config: SmsHttpConfig,
    method: reqwest::Method,
    auth: Option<(String, String)>,
}

impl HttpTransport {
    pub fn new(config: SmsHttpConfig) -> Result<Self, String> {
        if config.url.is_empty() {
            return Err("sms_http.url (HELPDESK_SMS_HTTP_URL) is required for the http SMS transport".into());
        }
        if config.body_format != "json" && config.body_format != "form" {
            return Err(format!("sms_http.body_format must be json or form, not {:?}", config.body_format));
        }
        let method = reqwest::Method::from_bytes(config.method.to_uppercase().as_bytes())
            .map_err(|_| format!("sms_http.method {:?} is not an HTTP method", config.method))?;
        let auth = match &config.auth_header {
            Some(line) => {
                let (name, value) = line
                    .split_once(':')
                    .ok_or_else(|| "sms_http.auth_header must look like «Name: value»".to_string())?;
                Some((name.trim().to_string(), value.trim().to_string()))
            }
            None => None,
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(config.timeout_seconds.max(1)))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpTransport { client, config, method, auth })
    }

    /// Fills the template: values are JSON-escaped in a JSON body and URL-encoded in a form body.
    pub fn render_body(&self, message: &SmsMessage) -> String {
        let escape = |value: &str| -> String {
            if self.config.body_format == "json" {
                let quoted = serde_json::to_string(value).expect("strings serialise");
                quoted[1..quoted.len() - 1].to_string()
            } else {
                form_encode(value)
            }
        };
        self.config
            .body_template
            .replace("{phone}", &escape(&message.to))
            .replace("{text}", &escape(&message.text))
            .replace("{id}", &escape(&message.idempotency_key))
    }
}

fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl SmsTransport for HttpTransport {
    fn name(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, message: &'a SmsMessage) -> BoxFuture<'a, Result<(), SendError>> {
        Box::pin(async move {
            let content_type = if self.config.body_format == "json" {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            };
            let mut request = self
                .client
                .request(self.method.clone(), &self.config.url)
                .header("content-type", content_type)
                .header("idempotency-key", &message.idempotency_key)
                .body(self.render_body(message));
            if let Some((name, value)) = &self.auth {
                request = request.header(name.as_str(), value.as_str());
            }
            let response = request.send().await.map_err(|e| SendError::Temporary(e.without_url().to_string()))?;
            let status = response.status();
            if status.is_success() {
                tracing::info!(to = %super::file::mask_phone(&message.to), purpose = %message.purpose,
                    text = %message.masked_text, "sms accepted by the gateway");
                Ok(())
            } else if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
                Err(SendError::Temporary(format!("gateway answered {status}")))
            } else {
                Err(SendError::Permanent(format!("gateway answered {status}")))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> SmsMessage {
        SmsMessage {
            to: "+375291234567".into(),
            purpose: "registration_code".into(),
            text: "Код \"подтверждения\": 123456".into(),
            masked_text: "Код \"подтверждения\": ******".into(),
            idempotency_key: "k-1".into(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn json_template_escapes_values() {
        let t = HttpTransport::new(SmsHttpConfig { url: "http://127.0.0.1:1/".into(), ..Default::default() }).unwrap();
        let body = t.render_body(&message());
        let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(parsed["phone"], "+375291234567");
        assert_eq!(parsed["text"], "Код \"подтверждения\": 123456");
        assert_eq!(parsed["id"], "k-1");
    }

    #[test]
    fn form_template_url_encodes_values() {
        let t = HttpTransport::new(SmsHttpConfig {
            url: "http://127.0.0.1:1/".into(),
            body_format: "form".into(),
            body_template: "to={phone}&msg={text}".into(),
            ..Default::default()
        })
        .unwrap();
        let body = t.render_body(&message());
        assert!(body.starts_with("to=%2B375291234567&msg=%D0%9A"), "{body}");
        assert!(!body.contains(' '));
    }

    #[test]
    fn configuration_errors_are_explained() {
        assert!(HttpTransport::new(SmsHttpConfig::default()).err().unwrap().contains("HELPDESK_SMS_HTTP_URL"));
        let bad = SmsHttpConfig { url: "http://x/".into(), auth_header: Some("nocolon".into()), ..Default::default() };
        assert!(HttpTransport::new(bad).is_err());
    }
}
