//! Password reset by SMS code (DESIGN §5.3). The answers never tell whether a phone is registered.

use crate::domain::people::AccountStatus;
use rand::rngs::OsRng;

use super::verification::{Issued, PASSWORD_RESET};
use super::{crypto, sms, App, AppError, AppResult, Caller};
use crate::domain::{generate_password, Phone};
use crate::store::verifications::{CompletedReset, NewVerification};

impl App {
    pub async fn start_password_reset(&self, phone_input: &str, caller: &Caller) -> AppResult<Issued> {
        let phone = Phone::parse(phone_input)?;
        self.spend_caller_sms_budget(caller).await?;
        let e164 = phone.e164();
        let mut user = self.db.user_by_phone(&e164).await?.filter(|u| u.status == AccountStatus::Active);
        // Only a number with an account gets a code, so only its allowance is spent; past its
        // cap the reset goes on as for a number without one, since a refusal would tell the
        // account exists.
        if user.is_some() && self.spend_phone_sms_budget(&phone).await.is_err() {
            user = None;
        }
        let id = crypto::random_id();
        let now = self.now();
        let catalog = self.catalog().await?;
        let (code_hash, message) = match &user {
            Some(_) => {
                let (code, hash) = self.new_code(&id);
                let text = sms::reset_code(&catalog.texts, caller.lang, &e164, code.as_str(), format!("{id}:1"));
                (Some(hash), Some(text))
            }
            None => (None, None),
        };
        let state = self.code_policy.first_send(now);
        let verification = NewVerification {
            id: id.clone(),
            purpose: PASSWORD_RESET,
            phone: e164,
            payload: serde_json::json!({ "lang": caller.lang.code() }).to_string(),
            code_hash,
            expires_at: state.expires_at.unix_timestamp(),
            now: now.unix_timestamp(),
            user_id: user.as_ref().map(|u| u.id),
            ip: caller.ip.clone(),
            user_agent: caller.user_agent.clone(),
        };
        let audit = self.audit(
            "password_reset_requested",
            user.as_ref().map(|u| u.id),
            caller,
            serde_json::json!({ "verification": id, "phone": phone.masked() }),
        );
        self.db.create_verification(&verification, message.as_ref(), Some(&audit)).await?;
        self.outbox_wake.notify_one();
        let row = self.pending_verification(&id, PASSWORD_RESET).await?;
        Ok(self.issued(&row))
    }

    /// A correct code: a new generated password by SMS; every session of the user ends.
    pub async fn confirm_password_reset(&self, id: &str, code: &str, caller: &Caller) -> AppResult<String> {
        let row = self.check_code(id, PASSWORD_RESET, code).await?;
        let user_id = row.user_id.ok_or_else(|| AppError::Internal("a matching reset code without a user".into()))?;
        let lang = super::verification::payload_lang(&row.payload);
        let password = generate_password(&mut OsRng);
        let hash = self.passwords.hash(password.clone()).await?;
        let catalog = self.catalog().await?;
        let message = sms::reset_password(&catalog.texts, lang, &row.phone, &password, format!("{id}:password"));
        let audit =
            self.audit("password_reset_completed", Some(user_id), caller, serde_json::json!({ "verification": id }));
        let user = self.db.user_by_id(user_id).await?;
        let tokens_notice =
            user.and_then(|u| self.tokens_revoked_notice(&catalog.texts, &u, format!("{id}:tokens-revoked")));
        let completed = CompletedReset {
            id,
            user_id,
            password_hash: &hash,
            now: self.now_unix(),
            sms: &message,
            tokens_notice: tokens_notice.as_ref(),
        };
        if !self.db.complete_reset(&completed, &audit).await? {
            return Err(AppError::AlreadyConfirmed);
        }
        self.outbox_wake.notify_one();
        Ok(Phone::parse(&row.phone).map(|p| p.display()).unwrap_or(row.phone))
    }
}
