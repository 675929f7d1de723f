//! Configuration: defaults ← `helpdesk.toml` ← `HELPDESK_*` environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

mod operator;
pub use operator::OperatorConfig;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("configuration file {path} is not valid TOML: {source}")]
    Toml { path: PathBuf, source: toml::de::Error },
    #[error("{name}: {message}")]
    Value { name: String, message: String },
}

/// Settings with bounds beyond their type (`Config::validate_value`).
const VALIDATED: [&str; 13] = [
    "OTP_TTL_SECONDS",
    "OTP_RESEND_SECONDS",
    "OTP_MAX_ATTEMPTS",
    "OTP_MAX_SENDS",
    "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS",
    "AUTO_CLOSE_DAYS",
    "SLA_SWEEP_SECONDS",
    "REPORT_FOLD_SECONDS",
    "ANONYMISE_AFTER_DAYS",
    "METRICS_ALLOW",
    "TRUSTED_PROXIES",
    "OPERATOR",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsTransportKind {
    File,
    Http,
}

/// How the SMTP relay is reached. `auto`: in clear to a relay on this machine, otherwise
/// STARTTLS, required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    #[default]
    Auto,
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// Settings of the `http` SMS gateway transport.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsHttpConfig {
    pub url: String,
    pub method: String,
    /// `form` or `json`: how `body_template` is sent.
    pub body_format: String,
    /// Placeholders `{phone}`, `{text}` and `{id}` (the idempotency key).
    pub body_template: String,
    /// A whole header line, e.g. `Authorization: Bearer …`.
    pub auth_header: Option<String>,
    pub timeout_seconds: u64,
}

impl Default for SmsHttpConfig {
    fn default() -> Self {
        SmsHttpConfig {
            url: String::new(),
            method: "POST".into(),
            body_format: "json".into(),
            body_template: r#"{"phone": "{phone}", "text": "{text}", "id": "{id}"}"#.into(),
            auth_header: None,
            timeout_seconds: 10,
        }
    }
}

/// Where attachments are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttachmentStore {
    /// `<data_dir>/attachments`: one machine.
    #[default]
    Local,
    /// An S3-compatible bucket (`[s3]`): several instances.
    S3,
}

/// An S3-compatible bucket for attachments. The bucket stays private: the portal signs each
/// request, and downloads pass through it with their permission checks.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Config {
    /// e.g. `https://s3.example.by` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// Prepended to every object's name, e.g. `attachments/`.
    pub prefix: String,
    /// `https://endpoint/bucket/key` (most S3-compatible servers) rather than
    /// `https://bucket.endpoint/key`.
    pub path_style: bool,
    /// A request to the bucket that takes longer fails (and the upload answers 503).
    pub timeout_seconds: u64,
}

impl Default for S3Config {
    fn default() -> Self {
        S3Config {
            endpoint: String::new(),
            bucket: String::new(),
            region: "us-east-1".into(),
            access_key: String::new(),
            secret_key: String::new(),
            prefix: "attachments/".into(),
            path_style: true,
            timeout_seconds: 30,
        }
    }
}

/// The secret key stays out of logs.
impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key", &self.access_key)
            .field("secret_key", &"…")
            .field("prefix", &self.prefix)
            .field("path_style", &self.path_style)
            .field("timeout_seconds", &self.timeout_seconds)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means `sqlite://<data_dir>/helpdesk.db`.
    pub database_url: String,
    pub database_max_connections: u32,
    /// How long a request waits for a database connection before it answers 503.
    pub database_acquire_timeout_seconds: u64,
    /// SQLite page cache per connection, MiB (SQLite's own default is 2).
    pub sqlite_cache_mib: u32,
    /// SQLite memory-mapped reads, MiB of the database file (0 = off). Reads straight from the
    /// kernel's page cache instead of copying each page: searches at a million tickets ran 3×
    /// faster with it (BENCHMARKS.md).
    pub sqlite_mmap_mib: u32,
    /// The address people use, e.g. `https://support.example.by`; decides cookie security.
    pub public_url: String,
    pub sms_transport: SmsTransportKind,
    pub sms_http: SmsHttpConfig,
    pub otp_ttl_seconds: i64,
    pub otp_resend_seconds: i64,
    pub otp_max_attempts: u32,
    pub otp_max_sends: u32,
    pub sms_daily_limit_per_phone: u32,
    pub sms_daily_limit_per_ip: u32,
    /// SMS of every kind asked for in one hour across the portal: a ceiling on what SMS
    /// pumping from many addresses can cost.
    pub sms_hourly_limit: u32,
    pub login_attempts_per_ip_per_minute: u32,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub log_format: LogFormat,
    /// Key for code hashes and CSRF tokens; generated once and kept in the database when empty.
    pub secret_key: String,
    /// Read the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Whose `X-Forwarded-For` is believed: the proxies' addresses or networks, comma-separated.
    /// A request from anywhere else is taken at its own address, whatever it says.
    pub trusted_proxies: String,
    pub outbox_poll_millis: u64,
    /// How long a worker's claim on a message holds (renewed while it is being sent).
    pub outbox_lease_seconds: u64,
    /// Messages sent at once by each lane of the worker.
    pub outbox_concurrency: usize,
    pub request_timeout_seconds: u64,
    /// How long a client may take to send a request's header.
    pub header_read_timeout_seconds: u64,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// Resolved tickets close themselves after this many days.
    pub auto_close_days: i64,
    /// How often service-level warnings and breaches are looked for.
    pub sla_sweep_seconds: u64,
    /// How often changed tickets are folded into the report cells.
    pub report_fold_seconds: u64,
    /// Operators sign in with a second factor too (supervisors and administrators always do).
    pub totp_for_operators: bool,
    /// Days between a consent withdrawal and the account's anonymisation (Law No. 99-З: 15).
    pub anonymise_after_days: i64,
    pub attachment_max_bytes: u64,
    pub attachments_per_message: usize,
    /// `local` (the data directory) or `s3` (`[s3]`, for several instances).
    pub attachment_store: AttachmentStore,
    pub s3: S3Config,
    /// SMTP relay for e-mail notices; empty turns e-mail off (everyone gets SMS).
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_security: SmtpSecurity,
    /// Login at the relay (AUTH); empty sends without one.
    pub smtp_user: String,
    pub smtp_password: String,
    /// A PEM file with the CA that signed the relay's certificate, when it is not a public one.
    pub smtp_ca_file: String,
    /// The From of notices, e.g. `Техподдержка <support@example.by>`.
    pub mail_from: String,
    /// Who may read `/metrics`: addresses and networks, comma-separated (the caller's address as
    /// the rest of the portal sees it, so behind a proxy set `trust_forwarded_for`).
    pub metrics_allow: String,
    /// Or anyone with `Authorization: Bearer <this>`; empty turns the token off.
    pub metrics_token: String,
    /// Whether staff may use personal API tokens. Off by default: a token has no idle timeout,
    /// so it would let a staff account escape the session limits.
    pub api_tokens_for_staff: bool,
    /// Who runs the portal: named in the documents, the footer and the «account blocked» message.
    pub operator: OperatorConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".parse().expect("valid address"),
            data_dir: PathBuf::from("./data"),
            database_url: String::new(),
            database_max_connections: 8,
            database_acquire_timeout_seconds: crate::store::PoolTuning::default().acquire_timeout.as_secs(),
            sqlite_cache_mib: crate::store::PoolTuning::default().cache_mib,
            sqlite_mmap_mib: crate::store::PoolTuning::default().mmap_mib,
            public_url: String::new(),
            sms_transport: SmsTransportKind::File,
            sms_http: SmsHttpConfig::default(),
            otp_ttl_seconds: 300,
            otp_resend_seconds: 60,
            otp_max_attempts: 5,
            otp_max_sends: 5,
            sms_daily_limit_per_phone: 10,
            sms_daily_limit_per_ip: 50,
            sms_hourly_limit: 1_000,
            login_attempts_per_ip_per_minute: 60,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            log_format: LogFormat::Text,
            secret_key: String::new(),
            trust_forwarded_for: false,
            trusted_proxies: "127.0.0.1,::1".into(),
            outbox_poll_millis: 500,
            outbox_lease_seconds: 60,
            outbox_concurrency: 8,
            request_timeout_seconds: 30,
            header_read_timeout_seconds: 10,
            max_connections: 1024,
            auto_close_days: 7,
            sla_sweep_seconds: 60,
            report_fold_seconds: 2,
            totp_for_operators: false,
            anonymise_after_days: 15,
            attachment_max_bytes: 20 * 1024 * 1024,
            attachments_per_message: 10,
            attachment_store: AttachmentStore::Local,
            s3: S3Config::default(),
            smtp_host: String::new(),
            smtp_port: 25,
            smtp_security: SmtpSecurity::Auto,
            smtp_user: String::new(),
            smtp_password: String::new(),
            smtp_ca_file: String::new(),
            mail_from: "Helpdesk <helpdesk@localhost>".into(),
            api_tokens_for_staff: false,
            metrics_allow: "127.0.0.1,::1".into(),
            metrics_token: String::new(),
            operator: OperatorConfig::default(),
        }
    }
}

impl Config {
    /// Reads `file` (when given, or `helpdesk.toml` when it exists) and then the variables.
    pub fn load(file: Option<&Path>, vars: impl IntoIterator<Item = (String, String)>) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = vars.into_iter().collect();
        let explicit = file
            .map(Path::to_path_buf)
            .or_else(|| vars.iter().find(|(k, _)| k == "HELPDESK_CONFIG").map(|(_, v)| PathBuf::from(v)));
        let path = explicit.clone().or_else(|| {
            let default = PathBuf::from("helpdesk.toml");
            default.exists().then_some(default)
        });
        let mut config = match path {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| ConfigError::Read { path: path.clone(), source })?;
                toml::from_str(&text).map_err(|source| ConfigError::Toml { path, source })?
            }
            None => Config::default(),
        };
        for (name, value) in &vars {
            if let Some(key) = name.strip_prefix("HELPDESK_") {
                config.set(key, value).map_err(|message| ConfigError::Value { name: name.clone(), message })?;
            }
        }
        // Checked once everything is in, so a bound holds whether the value came from the file
        // or from the environment.
        for key in VALIDATED {
            config.validate_value(key).map_err(|message| ConfigError::Value {
                name: format!("HELPDESK_{key} ({} in the file)", key.to_lowercase()),
                message,
            })?;
        }
        Ok(config)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        fn num<T: std::str::FromStr>(v: &str) -> Result<T, String> {
            v.trim().parse().map_err(|_| format!("expected a number, got {v:?}"))
        }
        fn flag(v: &str) -> Result<bool, String> {
            match v.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" | "" => Ok(false),
                _ => Err(format!("expected true or false, got {v:?}")),
            }
        }
        if let Some(setting) = key.strip_prefix("OPERATOR_") {
            return match self.operator.set(setting, value) {
                true => Ok(()),
                false => {
                    Err("no such operator setting (NAME, ADDRESS, POSTAL_ADDRESS, PHONE, EMAIL, HOURS, PROCESSORS, \
                              and NAME_BE, NAME_EN and so on)"
                        .into())
                }
            };
        }
        match key {
            "LISTEN" => self.listen = value.parse().map_err(|_| format!("expected host:port, got {value:?}"))?,
            "DATA_DIR" => self.data_dir = PathBuf::from(value),
            "DATABASE_URL" => self.database_url = value.to_string(),
            "DATABASE_MAX_CONNECTIONS" => self.database_max_connections = num(value)?,
            "DATABASE_ACQUIRE_TIMEOUT_SECONDS" => self.database_acquire_timeout_seconds = num(value)?,
            "SQLITE_CACHE_MIB" => self.sqlite_cache_mib = num(value)?,
            "SQLITE_MMAP_MIB" => self.sqlite_mmap_mib = num(value)?,
            "PUBLIC_URL" => self.public_url = value.trim_end_matches('/').to_string(),
            "SMS_TRANSPORT" => {
                self.sms_transport = match value {
                    "file" => SmsTransportKind::File,
                    "http" => SmsTransportKind::Http,
                    other => return Err(format!("expected file or http, got {other:?}")),
                }
            }
            "SMS_HTTP_URL" => self.sms_http.url = value.to_string(),
            "SMS_HTTP_METHOD" => self.sms_http.method = value.to_string(),
            "SMS_HTTP_BODY_FORMAT" => self.sms_http.body_format = value.to_string(),
            "SMS_HTTP_BODY_TEMPLATE" => self.sms_http.body_template = value.to_string(),
            "SMS_HTTP_AUTH_HEADER" => self.sms_http.auth_header = Some(value.to_string()),
            "SMS_HTTP_TIMEOUT_SECONDS" => self.sms_http.timeout_seconds = num(value)?,
            "OTP_TTL_SECONDS" => self.otp_ttl_seconds = num(value)?,
            "OTP_RESEND_SECONDS" => self.otp_resend_seconds = num(value)?,
            "OTP_MAX_ATTEMPTS" => self.otp_max_attempts = num(value)?,
            "OTP_MAX_SENDS" => self.otp_max_sends = num(value)?,
            "SMS_DAILY_LIMIT_PER_PHONE" => self.sms_daily_limit_per_phone = num(value)?,
            "SMS_DAILY_LIMIT_PER_IP" => self.sms_daily_limit_per_ip = num(value)?,
            "SMS_HOURLY_LIMIT" => self.sms_hourly_limit = num(value)?,
            "LOGIN_ATTEMPTS_PER_IP_PER_MINUTE" => self.login_attempts_per_ip_per_minute = num(value)?,
            "SESSION_IDLE_MINUTES" => self.session_idle_minutes = num(value)?,
            "SESSION_ABSOLUTE_HOURS" => self.session_absolute_hours = num(value)?,
            "LOG_FORMAT" => {
                self.log_format = match value {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    other => return Err(format!("expected text or json, got {other:?}")),
                }
            }
            "SECRET_KEY" => self.secret_key = value.to_string(),
            "TRUST_FORWARDED_FOR" => self.trust_forwarded_for = flag(value)?,
            "TRUSTED_PROXIES" => self.trusted_proxies = value.to_string(),
            "OUTBOX_POLL_MILLIS" => self.outbox_poll_millis = num(value)?,
            "OUTBOX_LEASE_SECONDS" => self.outbox_lease_seconds = num(value)?,
            "OUTBOX_CONCURRENCY" => self.outbox_concurrency = num(value)?,
            "REQUEST_TIMEOUT_SECONDS" => self.request_timeout_seconds = num(value)?,
            "HEADER_READ_TIMEOUT_SECONDS" => self.header_read_timeout_seconds = num(value)?,
            "MAX_CONNECTIONS" => self.max_connections = num(value)?,
            "AUTO_CLOSE_DAYS" => self.auto_close_days = num(value)?,
            "SLA_SWEEP_SECONDS" => self.sla_sweep_seconds = num(value)?,
            "REPORT_FOLD_SECONDS" => self.report_fold_seconds = num(value)?,
            "TOTP_FOR_OPERATORS" => self.totp_for_operators = flag(value)?,
            "ANONYMISE_AFTER_DAYS" => self.anonymise_after_days = num(value)?,
            "ATTACHMENT_MAX_BYTES" => self.attachment_max_bytes = num(value)?,
            "ATTACHMENTS_PER_MESSAGE" => self.attachments_per_message = num(value)?,
            "ATTACHMENT_STORE" => {
                self.attachment_store = match value.trim() {
                    "local" => AttachmentStore::Local,
                    "s3" => AttachmentStore::S3,
                    other => return Err(format!("expected local or s3, got {other:?}")),
                }
            }
            "S3_ENDPOINT" => self.s3.endpoint = value.trim().to_string(),
            "S3_BUCKET" => self.s3.bucket = value.trim().to_string(),
            "S3_REGION" => self.s3.region = value.trim().to_string(),
            "S3_ACCESS_KEY" => self.s3.access_key = value.to_string(),
            "S3_SECRET_KEY" => self.s3.secret_key = value.to_string(),
            "S3_PREFIX" => self.s3.prefix = value.to_string(),
            "S3_PATH_STYLE" => self.s3.path_style = flag(value)?,
            "S3_TIMEOUT_SECONDS" => self.s3.timeout_seconds = num(value)?,
            "SMTP_HOST" => self.smtp_host = value.trim().to_string(),
            "SMTP_PORT" => self.smtp_port = num(value)?,
            "SMTP_SECURITY" => {
                self.smtp_security = match value {
                    "auto" => SmtpSecurity::Auto,
                    "none" => SmtpSecurity::None,
                    "starttls" => SmtpSecurity::Starttls,
                    "tls" => SmtpSecurity::Tls,
                    other => return Err(format!("expected auto, none, starttls or tls, got {other:?}")),
                }
            }
            "SMTP_USER" => self.smtp_user = value.to_string(),
            "SMTP_PASSWORD" => self.smtp_password = value.to_string(),
            "SMTP_CA_FILE" => self.smtp_ca_file = value.to_string(),
            "MAIL_FROM" => self.mail_from = value.trim().to_string(),
            "API_TOKENS_FOR_STAFF" => self.api_tokens_for_staff = flag(value)?,
            "METRICS_ALLOW" => self.metrics_allow = value.to_string(),
            "METRICS_TOKEN" => self.metrics_token = value.to_string(),
            // Variables for other tools (tests, the CLI) share the prefix; they are not ours to refuse.
            _ => {}
        }
        Ok(())
    }

    /// The bounds of the settings in [`VALIDATED`].
    fn validate_value(&self, key: &str) -> Result<(), String> {
        let positive = |v: i64| {
            if v > 0 {
                Ok(())
            } else {
                Err("must be greater than zero".to_string())
            }
        };
        match key {
            "OTP_TTL_SECONDS" => positive(self.otp_ttl_seconds),
            "OTP_RESEND_SECONDS" => positive(self.otp_resend_seconds),
            "OTP_MAX_ATTEMPTS" => positive(self.otp_max_attempts.into()),
            "OTP_MAX_SENDS" => positive(self.otp_max_sends.into()),
            "SESSION_IDLE_MINUTES" => positive(self.session_idle_minutes),
            "SESSION_ABSOLUTE_HOURS" => positive(self.session_absolute_hours),
            "AUTO_CLOSE_DAYS" => positive(self.auto_close_days),
            "SLA_SWEEP_SECONDS" => positive(self.sla_sweep_seconds as i64),
            "REPORT_FOLD_SECONDS" => positive(self.report_fold_seconds as i64),
            "METRICS_ALLOW" if crate::domain::net::AddressRule::parse_list(&self.metrics_allow).is_none() => {
                Err("addresses or networks separated by commas, e.g. 127.0.0.1,::1,10.0.0.0/8".to_string())
            }
            "TRUSTED_PROXIES" if crate::domain::net::AddressRule::parse_list(&self.trusted_proxies).is_none() => {
                Err("addresses or networks separated by commas, e.g. 127.0.0.1,10.0.0.5".to_string())
            }
            "ANONYMISE_AFTER_DAYS" if !(1..=15).contains(&self.anonymise_after_days) => {
                Err("1 to 15 days (the law allows at most fifteen)".to_string())
            }
            "OPERATOR" => self.operator.validate(),
            _ => Ok(()),
        }
    }

    pub fn database_url(&self) -> String {
        if self.database_url.is_empty() {
            format!("sqlite://{}?mode=rwc", self.data_dir.join("helpdesk.db").display())
        } else {
            self.database_url.clone()
        }
    }

    /// True when people reach the portal over https, so cookies get `Secure` and `__Host-`.
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn attachments_dir(&self) -> PathBuf {
        self.data_dir.join("attachments")
    }

    pub fn sms_outbox_path(&self) -> PathBuf {
        self.data_dir.join("sms-outbox.jsonl")
    }

    pub fn code_policy(&self) -> crate::domain::CodePolicy {
        crate::domain::CodePolicy {
            ttl: time::Duration::seconds(self.otp_ttl_seconds),
            resend_cooldown: time::Duration::seconds(self.otp_resend_seconds),
            max_wrong_attempts: self.otp_max_attempts,
            max_sends: self.otp_max_sends,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_serve_development() {
        let c = Config::load(Some(Path::new("/nonexistent/ignored")), vec![]).unwrap_err();
        assert!(matches!(c, ConfigError::Read { .. }));
        let c = Config::default();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.sms_transport, SmsTransportKind::File);
        assert_eq!(c.otp_ttl_seconds, 300);
        assert_eq!(c.otp_resend_seconds, 60);
        assert!(c.database_url().starts_with("sqlite://./data/helpdesk.db"));
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("helpdesk.toml");
        std::fs::write(
            &path,
            "otp_ttl_seconds = 120\nlisten = \"0.0.0.0:9000\"\n[sms_http]\nurl = \"http://127.0.0.1:9/sms\"\n",
        )
        .unwrap();
        let c = Config::load(
            Some(&path),
            vars(&[
                ("HELPDESK_OTP_RESEND_SECONDS", "30"),
                ("HELPDESK_LISTEN", "127.0.0.1:0"),
                ("HELPDESK_LOG_FORMAT", "json"),
                ("HELPDESK_PUBLIC_URL", "https://support.example.by/"),
                ("PATH", "/usr/bin"),
            ]),
        )
        .unwrap();
        assert_eq!(c.otp_ttl_seconds, 120, "from the file");
        assert_eq!(c.otp_resend_seconds, 30, "from the environment");
        assert_eq!(c.listen.port(), 0, "environment wins over the file");
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.sms_http.url, "http://127.0.0.1:9/sms");
        assert!(c.is_https());
        assert_eq!(c.public_url, "https://support.example.by");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = Config::load(None, vars(&[("HELPDESK_OTP_TTL_SECONDS", "five")])).unwrap_err();
        assert!(err.to_string().contains("HELPDESK_OTP_TTL_SECONDS"), "{err}");
        let err = Config::load(None, vars(&[("HELPDESK_OTP_TTL_SECONDS", "0")])).unwrap_err();
        assert!(err.to_string().contains("greater than zero"), "{err}");
        let err = Config::load(None, vars(&[("HELPDESK_SMS_TRANSPORT", "pigeon")])).unwrap_err();
        assert!(err.to_string().contains("file or http"), "{err}");
    }

    #[test]
    fn bounds_hold_for_the_file_as_for_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("helpdesk.toml");
        std::fs::write(&path, "anonymise_after_days = 400\n").unwrap();
        let err = Config::load(Some(&path), vec![]).unwrap_err();
        assert!(err.to_string().contains("anonymise_after_days") && err.to_string().contains("fifteen"), "{err}");
        let err = Config::load(None, vars(&[("HELPDESK_ANONYMISE_AFTER_DAYS", "16")])).unwrap_err();
        assert!(err.to_string().contains("HELPDESK_ANONYMISE_AFTER_DAYS"), "{err}");
        std::fs::write(&path, "auto_close_days = 0\n").unwrap();
        assert!(Config::load(Some(&path), vec![]).unwrap_err().to_string().contains("greater than zero"));
        assert_eq!(
            Config::load(None, vars(&[("HELPDESK_ANONYMISE_AFTER_DAYS", "15")])).unwrap().anonymise_after_days,
            15
        );
    }

    #[test]
    fn the_operator_comes_from_the_file_and_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("helpdesk.toml");
        std::fs::write(&path, "[operator]\nname = \"ОАО «Оператор»\"\nemail = \"help@operator.by\"\n").unwrap();
        let c = Config::load(Some(&path), vars(&[("HELPDESK_OPERATOR_PHONE", "+375 17 311-00-00")])).unwrap();
        assert_eq!(c.operator.name, "ОАО «Оператор»");
        assert_eq!(c.operator.email, "help@operator.by");
        assert_eq!(c.operator.phone, "+375 17 311-00-00");
        assert!(!c.operator.is_fictitious());
        let err = Config::load(None, vars(&[("HELPDESK_OPERATOR_FAX", "1")])).unwrap_err();
        assert!(err.to_string().contains("HELPDESK_OPERATOR_FAX"), "{err}");
        let err = Config::load(None, vars(&[("HELPDESK_OPERATOR_NAME", " ")])).unwrap_err();
        assert!(err.to_string().contains("name"), "the consent must name the operator: {err}");
        std::fs::write(&path, "[operator]\nfax = \"1\"\n").unwrap();
        assert!(matches!(Config::load(Some(&path), vec![]), Err(ConfigError::Toml { .. })));
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("helpdesk.toml");
        std::fs::write(&path, "otp_ttl = 120\n").unwrap();
        assert!(matches!(Config::load(Some(&path), vec![]), Err(ConfigError::Toml { .. })));
    }
}
