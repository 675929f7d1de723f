//! The audit log viewer: filters by actor, event, object and period, pages of 100, and the same
//! selection as CSV (opened by Excel in a Cyrillic locale: UTF-8 with a BOM, `;`).

use time::{Date, Time};

use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppResult};
use crate::clock::{format_minsk, MINSK_OFFSET};
use crate::domain::lockout::login_key;
use crate::domain::FieldError;
use crate::store::audit::{AuditLine, AuditQuery};
use crate::store::from_unix;

pub const PAGE: i64 = 100;
/// The most one CSV export holds.
pub const EXPORT_MAX: i64 = 50_000;

/// The events the log knows, for the filter's suggestions.
pub const EVENTS: &[&str] = &[
    "login_ok",
    "login_failed",
    "login_locked",
    "login_password_ok",
    "login_refused_blocked",
    "logout",
    "second_factor_failed",
    "second_factor_enrolled",
    "second_factor_reset",
    "recovery_codes_issued",
    "registration_started",
    "registration_completed",
    "consent_given",
    "consent_withdrawn",
    "account_anonymised",
    "password_changed",
    "password_reset_requested",
    "password_reset_completed",
    "profile_changed",
    "api_token_created",
    "api_token_revoked",
    "session_ended",
    "representation_requested",
    "representation_decided",
    "staff_created",
    "staff_changed",
    "staff_disabled",
    "staff_enabled",
    "staff_password_set",
    "group_created",
    "group_renamed",
    "group_archived",
    "group_restored",
    "group_members_set",
    "service_created",
    "service_changed",
    "registry_imported",
    "contract_set",
    "notice_text_saved",
    "notice_text_reset",
    "document_published",
    "calendar_changed",
    "sla_policy_saved",
];

/// The filter as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AuditFilter {
    /// A staff login or a customer's phone in any spelling.
    pub actor: Option<String>,
    pub event: Option<String>,
    pub object: Option<String>,
    /// `YYYY-MM-DD`, Minsk days, both included.
    pub since: Option<String>,
    pub until: Option<String>,
    /// The id of the last entry of the page before.
    pub before_id: Option<i64>,
}

fn day_start(field: &'static str, text: &str) -> Result<i64, FieldError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(text.trim(), format).map_err(|_| FieldError::new(field, "invalid_date"))?;
    Ok(date.with_time(Time::MIDNIGHT).assume_offset(MINSK_OFFSET).unix_timestamp())
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl App {
    /// The filter read into a query; an actor nobody is yields no entries rather than all.
    async fn audit_query(&self, f: &AuditFilter, limit: i64) -> AppResult<Option<AuditQuery>> {
        let mut errors = Errors::default();
        let from =
            given(&f.since).map(|d| day_start("since", d)).transpose().map_err(|e| errors.push(e)).ok().flatten();
        let before = given(&f.until)
            .map(|d| day_start("until", d).map(|t| t + 86_400))
            .transpose()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        if let (Some(a), Some(b)) = (from, before) {
            if b <= a {
                errors.push(FieldError::new("until", "period_reversed"));
            }
        }
        let event = given(&f.event).map(str::to_string);
        if event.as_deref().is_some_and(|e| e.len() > 60 || !e.chars().all(|c| c.is_ascii_lowercase() || c == '_')) {
            errors.push(FieldError::new("event", "unknown_event"));
        }
        let object = given(&f.object).map(str::to_string).filter(|o| o.len() <= 200);
        errors.into_result()?;
        let actor = match given(&f.actor) {
            None => None,
            Some(text) => {
                let key = login_key(text).map_err(|_| FieldError::new("actor", "unknown_actor"))?;
                let user = match key.split_once(':') {
                    Some(("phone", e164)) => self.db.user_by_phone(e164).await?,
                    Some((_, login)) => self.db.user_by_username(login).await?,
                    None => None,
                };
                match user {
                    Some(u) => Some(u.id),
                    None => return Ok(None),
                }
            }
        };
        Ok(Some(AuditQuery { actor, event, object, from, before, after_id: f.before_id, limit }))
    }

    /// A page of entries, newest first, and whether there are more.
    pub async fn audit_page(&self, _by: Admin<'_>, f: &AuditFilter) -> AppResult<(Vec<AuditLine>, bool)> {
        let Some(q) = self.audit_query(f, PAGE + 1).await? else { return Ok((Vec::new(), false)) };
        let mut lines = self.db.search_audit(&q).await?;
        let more = lines.len() as i64 > PAGE;
        lines.truncate(PAGE as usize);
        Ok((lines, more))
    }

    /// The selection as CSV for a spreadsheet.
    pub async fn audit_csv(&self, by: Admin<'_>, f: &AuditFilter, caller: &crate::app::Caller) -> AppResult<Vec<u8>> {
        let lines = match self.audit_query(f, EXPORT_MAX).await? {
            Some(q) => self.db.search_audit(&q).await?,
            None => Vec::new(),
        };
        use crate::app::spreadsheet::{plain_text, CsvFile};
        let mut file = CsvFile::default();
        file.record(["id", "time (Minsk)", "event", "actor", "name", "object", "ip", "details"])?;
        for l in &lines {
            let name =
                format!("{} {}", l.last_name.clone().unwrap_or_default(), l.first_name.clone().unwrap_or_default());
            file.record([
                l.id.to_string(),
                format_minsk(from_unix(l.at)),
                l.event.clone(),
                plain_text(&l.username.clone().or_else(|| l.phone.clone()).unwrap_or_default()),
                plain_text(name.trim()),
                plain_text(&l.object.clone().unwrap_or_default()),
                l.ip.clone().unwrap_or_default(),
                plain_text(&l.details),
            ])?;
        }
        let out = file.finish()?;
        let details = serde_json::json!({ "rows": lines.len() });
        let audit = self.admin_audit(by, "audit_exported", "audit".into(), caller, details);
        self.record(audit).await?;
        Ok(out)
    }
}
