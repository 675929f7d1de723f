//! Confirming a phone with an SMS code: shared by registration and password reset.

use rand::rngs::OsRng;
use time::{Duration, OffsetDateTime};

use super::error::SmsLimit;
use super::{sms, App, AppError, AppResult, Caller};
use crate::domain::{limits, CodeAttempt, CodeState, OtpCode, Phone, ResendRefusal};
use crate::i18n::Lang;
use crate::store::verifications::VerificationRow;
use crate::store::{from_unix, outbox::NewOutbox};

pub const REGISTRATION: &str = "registration";
pub const PASSWORD_RESET: &str = "password_reset";

/// What the code form shows after a code went out.
#[derive(Debug, Clone)]
pub struct Issued {
    pub id: String,
    pub phone_masked: String,
    pub code_expires_at: OffsetDateTime,
    pub resend_available_at: OffsetDateTime,
    pub sends_left: u32,
}

impl App {
    /// The SMS-pumping defence (DESIGN §6), first part: the caller's address (its daily budget),
    /// then the whole portal's hourly budget. Spent for every request that might send an SMS,
    /// before anything else, so that one address cannot spend what belongs to others. Each count
    /// is taken and checked in one step (no race).
    pub(crate) async fn spend_caller_sms_budget(&self, caller: &Caller) -> AppResult<()> {
        let now = self.now_unix();
        if let Some(ip) = &caller.ip {
            let day = now - now.rem_euclid(86_400);
            let per_ip = self.db.count_in_window(&limits::sms_ip_key(ip), day).await?;
            if per_ip > i64::from(self.config.sms_daily_limit_per_ip) {
                let limit = SmsLimit::PerAddress(self.config.sms_daily_limit_per_ip);
                return Err(AppError::SmsLimit { retry_after: day + 86_400 - now, limit });
            }
        }
        let hour = now - now.rem_euclid(3_600);
        let in_hour = self.db.count_in_window(limits::SMS_ALL_KEY, hour).await?;
        if in_hour > i64::from(self.config.sms_hourly_limit) {
            return Err(AppError::SmsLimit { retry_after: hour + 3_600 - now, limit: SmsLimit::Hourly });
        }
        Ok(())
    }

    /// The second part: the phone's daily count, spent only for a message really queued for it
    /// (resets asked for numbers that get nothing must not block those numbers' registration).
    /// `Err(SmsLimit)` when the phone has had its share today.
    pub(crate) async fn spend_phone_sms_budget(&self, phone: &Phone) -> AppResult<()> {
        let now = self.now_unix();
        let day = now - now.rem_euclid(86_400);
        let per_phone = self.db.count_in_window(&limits::sms_phone_key(phone), day).await?;
        if per_phone > i64::from(self.config.sms_daily_limit_per_phone) {
            let limit = SmsLimit::PerPhone(self.config.sms_daily_limit_per_phone);
            return Err(AppError::SmsLimit { retry_after: day + 86_400 - now, limit });
        }
        Ok(())
    }

    pub(crate) fn new_code(&self, verification_id: &str) -> (OtpCode, Vec<u8>) {
        let code = OtpCode::generate(&mut OsRng);
        let hash = self.code_hash(verification_id, &code);
        (code, hash)
    }

    fn code_hash(&self, verification_id: &str, code: &OtpCode) -> Vec<u8> {
        self.secret.mac(&[b"sms-code", verification_id.as_bytes(), code.as_str().as_bytes()])
    }

    pub(crate) fn issued(&self, row: &VerificationRow) -> Issued {
        let state = code_state(row);
        let phone_masked = Phone::parse(&row.phone).map(|p| p.masked()).unwrap_or_default();
        Issued {
            id: row.id.clone(),
            phone_masked,
            code_expires_at: state.expires_at,
            resend_available_at: self.code_policy.resend_available_at(&state),
            sends_left: self.code_policy.max_sends.saturating_sub(row.sends as u32),
        }
    }

    pub async fn pending_verification(&self, id: &str, purpose: &str) -> AppResult<VerificationRow> {
        self.db.verification(id, purpose).await?.ok_or(AppError::NotFound)
    }

    /// Checks a typed code. Each comparison spends one of the code's attempts first.
    pub(crate) async fn check_code(&self, id: &str, purpose: &str, input: &str) -> AppResult<VerificationRow> {
        let row = self.pending_verification(id, purpose).await?;
        if row.state != "pending" {
            return Err(AppError::AlreadyConfirmed);
        }
        let code = OtpCode::parse(input)?;
        let now = self.now();
        let max = i64::from(self.code_policy.max_wrong_attempts);
        let Some((attempts_used, stored)) = self.db.reserve_code_attempt(id, now.unix_timestamp(), max).await? else {
            let fresh = self.pending_verification(id, purpose).await?;
            if fresh.state != "pending" {
                return Err(AppError::AlreadyConfirmed);
            }
            return Err(match self.code_policy.attempt(&code_state(&fresh), now) {
                CodeAttempt::Expired => AppError::CodeExpired,
                CodeAttempt::Exhausted | CodeAttempt::Allowed => AppError::TooManyAttempts,
            });
        };
        // A phone that must not get a code has no hash; the comparison still runs.
        let expected = stored.unwrap_or_else(|| vec![0u8; 32]);
        let matches = self.secret.verify(&[b"sms-code", id.as_bytes(), code.as_str().as_bytes()], &expected);
        if !matches {
            let attempts_left = (max - attempts_used).max(0) as u32;
            return Err(AppError::InvalidCode { attempts_left });
        }
        Ok(row)
    }

    /// «Отправить код повторно»: a new code replaces the old one, within the limits.
    pub async fn resend_code(&self, id: &str, purpose: &str, caller: &Caller) -> AppResult<Issued> {
        let row = self.pending_verification(id, purpose).await?;
        if row.state != "pending" {
            return Err(AppError::AlreadyConfirmed);
        }
        let now = self.now();
        let next = self.code_policy.resend(&code_state(&row), now).map_err(|refusal| match refusal {
            ResendRefusal::TooEarly { retry_after_seconds } => {
                AppError::ResendTooEarly { retry_after: retry_after_seconds }
            }
            ResendRefusal::TooManySends => AppError::TooManySends,
        })?;
        let phone = Phone::parse(&row.phone).map_err(|_| AppError::Internal("stored phone does not parse".into()))?;
        self.spend_caller_sms_budget(caller).await?;
        // A registration always sends something (a code or «already registered»), so its cap
        // can be told. A reset sends only to an account, so one past the phone's cap goes on
        // as for a number without one: telling it would tell that the account exists.
        let sends_code = match (purpose, row.code_hash.is_some()) {
            (REGISTRATION, _) => {
                self.spend_phone_sms_budget(&phone).await?;
                row.code_hash.is_some()
            }
            (_, true) => self.spend_phone_sms_budget(&phone).await.is_ok(),
            (_, false) => false,
        };
        let lang = payload_lang(&row.payload);
        let key = format!("{}:{}", row.id, row.sends + 1);
        let catalog = self.catalog().await?;
        let texts = &catalog.texts;
        let (hash, message): (Option<Vec<u8>>, Option<NewOutbox>) = match (purpose, sends_code) {
            (REGISTRATION, true) => {
                let (code, hash) = self.new_code(&row.id);
                (Some(hash), Some(sms::registration_code(texts, lang, &row.phone, code.as_str(), key)))
            }
            (REGISTRATION, false) => (None, Some(sms::already_registered(texts, lang, &row.phone, key))),
            (_, true) => {
                let (code, hash) = self.new_code(&row.id);
                (Some(hash), Some(sms::reset_code(texts, lang, &row.phone, code.as_str(), key)))
            }
            (_, false) => (None, None),
        };
        let resent = self
            .db
            .resend_code(
                &row.id,
                row.sends,
                hash.as_deref(),
                (next.expires_at).unix_timestamp(),
                now.unix_timestamp(),
                message.as_ref(),
            )
            .await?;
        if !resent {
            // Someone resent at the same moment; their code stands.
            return Err(AppError::ResendTooEarly { retry_after: self.code_policy.resend_cooldown.whole_seconds() });
        }
        self.outbox_wake.notify_one();
        let updated = self.pending_verification(id, purpose).await?;
        Ok(self.issued(&updated))
    }
}

pub(crate) fn code_state(row: &VerificationRow) -> CodeState {
    CodeState {
        expires_at: from_unix(row.expires_at),
        wrong_attempts: row.wrong_attempts.max(0) as u32,
        sends: row.sends.max(0) as u32,
        last_sent_at: from_unix(row.last_sent_at),
    }
}

pub(crate) fn payload_lang(payload: &str) -> Lang {
    serde_json::from_str::<serde_json::Value>(payload)
        .ok()
        .and_then(|v| v.get("lang").and_then(|l| l.as_str()).and_then(Lang::from_code))
        .unwrap_or_default()
}

/// Seconds until `at`, rounded up, never negative.
pub fn seconds_until(at: OffsetDateTime, now: OffsetDateTime) -> i64 {
    let d: Duration = at - now;
    (d.whole_seconds() + i64::from(d.subsec_nanoseconds() > 0)).max(0)
}
