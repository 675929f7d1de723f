//! The personal cabinet: profile, password, organisations, sessions, consents.

use super::auth::CurrentUser;
use super::error::Errors;
use super::registration::POSITION_MAX;
use super::{App, AppError, AppResult, Caller};
use crate::domain::{Email, FieldError, FreeText, PasswordPolicy, PersonName, Phone};
use crate::store::sessions::NewApiToken;
use crate::store::users::ProfileUpdate;

/// Personal API tokens start with this, so they are recognisable in a leaked file.
pub const API_TOKEN_PREFIX: &str = "hdk_";

/// How long a consent lasts after the person last used the System (the consent, section 7):
/// three years, leap day included.
pub const CONSENT_TERM_DAYS: i64 = 3 * 365 + 1;

/// What a password change did besides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordChanged {
    pub tokens_revoked: u64,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub token_name: String,
    /// Days: one of [`TokenLifetime::CHOICES`]; empty means a year.
    #[serde(default)]
    pub token_lifetime: String,
}

/// How long a new API token works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(i64);

impl TokenLifetime {
    pub const CHOICES: [i64; 3] = [30, 90, 365];
    pub const DEFAULT: TokenLifetime = TokenLifetime(365);

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let input = input.trim();
        if input.is_empty() {
            return Ok(Self::DEFAULT);
        }
        input
            .parse::<i64>()
            .ok()
            .filter(|d| Self::CHOICES.contains(d))
            .map(TokenLifetime)
            .ok_or(FieldError::new("token_lifetime", "invalid_choice"))
    }

    pub fn days(self) -> i64 {
        self.0
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub middle_name: String,
    #[serde(default)]
    pub email: String,
    /// The checkbox «Сообщать о заявках по e-mail».
    #[serde(default)]
    pub notify_by_email: Option<String>,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub new_password_repeat: String,
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct AddOrganizationForm {
    #[serde(default)]
    pub unp: String,
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub org_address: String,
    #[serde(default)]
    pub position: String,
}

impl App {
    pub async fn update_profile(&self, current: &CurrentUser, form: &ProfileForm, caller: &Caller) -> AppResult<()> {
        let mut errors = Errors::default();
        let last = errors.check(PersonName::parse("last_name", &form.last_name));
        let first = errors.check(PersonName::parse("first_name", &form.first_name));
        let middle = errors.check(PersonName::parse_optional("middle_name", &form.middle_name));
        let email = errors.check(Email::parse_optional(&form.email));
        let by_email = form.notify_by_email.is_some();
        if by_email && matches!(email, Some(None)) {
            errors.push(FieldError::new("notify_by_email", "email_needed"));
        }
        errors.into_result()?;
        let (Some(last), Some(first), Some(middle), Some(email)) = (last, first, middle, email) else {
            unreachable!("errors recorded");
        };
        let audit = self.audit("profile_changed", Some(current.user.id), caller, serde_json::json!({}));
        self.db
            .update_profile(
                current.user.id,
                &ProfileUpdate {
                    last_name: last.as_str(),
                    first_name: first.as_str(),
                    middle_name: middle.as_ref().map(PersonName::as_str),
                    email: email.as_ref().map(Email::as_str),
                    notify_by_email: by_email,
                },
                &audit,
            )
            .await?;
        Ok(())
    }

    /// Checks the current password, applies DESIGN §4's rules, ends the other sessions and
    /// revokes every API token (the owner is told when there were any).
    pub async fn change_password(
        &self,
        current: &CurrentUser,
        form: &PasswordForm,
        caller: &Caller,
    ) -> AppResult<PasswordChanged> {
        if form.current_password.is_empty() {
            return Err(FieldError::required("current_password").into());
        }
        if !self.passwords.verify(form.current_password.clone(), current.user.password_hash.clone()).await {
            return Err(FieldError::new("current_password", "wrong_password").into());
        }
        let phone = current.user.phone.as_deref().and_then(|p| Phone::parse(p).ok());
        let mut names = vec![current.user.last_name.as_str(), current.user.first_name.as_str()];
        if let Some(username) = &current.user.username {
            names.push(username);
        }
        PasswordPolicy.check("new_password", &form.new_password, phone.as_ref(), &names)?;
        if form.new_password != form.new_password_repeat {
            return Err(FieldError::new("new_password_repeat", "passwords_differ").into());
        }
        if form.new_password == form.current_password {
            return Err(FieldError::new("new_password", "password_unchanged").into());
        }
        let hash = self.passwords.hash(form.new_password.clone()).await?;
        let now = self.now_unix();
        let audit = self.audit("password_changed", Some(current.user.id), caller, serde_json::json!({}));
        let catalog = self.catalog().await?;
        let notice = self.tokens_revoked_notice(
            &catalog.texts,
            &current.user,
            format!("tokens-revoked:{}:{now}", current.user.id),
        );
        let revoked =
            self.db.set_password(current.user.id, &hash, now, current.session_id(), notice.as_ref(), &audit).await?;
        if revoked > 0 {
            self.outbox_wake.notify_one();
        }
        Ok(PasswordChanged { tokens_revoked: revoked })
    }

    /// «Добавить организацию»: another pending representation. Returns false when the person
    /// already had one for this УНП.
    pub async fn add_organization(
        &self,
        current: &CurrentUser,
        form: &AddOrganizationForm,
        caller: &Caller,
    ) -> AppResult<bool> {
        let mut errors = Errors::default();
        let position = errors.check(FreeText::parse_line_optional("position", &form.position, POSITION_MAX));
        let claim = self.claim_organization(&form.unp, &form.org_name, &form.org_address, &mut errors).await?;
        errors.into_result()?;
        let (Some(claim), Some(position)) = (claim, position) else { unreachable!("errors recorded") };
        let audit = self.audit(
            "representation_requested",
            Some(current.user.id),
            caller,
            serde_json::json!({ "unp": claim.unp }),
        );
        Ok(self
            .db
            .claim_representation(
                current.user.id,
                &claim,
                position.as_ref().map(FreeText::as_str),
                self.now_unix(),
                &audit,
            )
            .await?)
    }

    /// A new personal API token; the secret is shown once and only its hash is kept. Only from a
    /// signed-in browser: a token cannot make more tokens.
    pub async fn create_api_token(
        &self,
        current: &CurrentUser,
        form: &TokenForm,
        caller: &Caller,
    ) -> AppResult<String> {
        if current.session_id().is_none() {
            return Err(AppError::Forbidden);
        }
        if current.is_staff() && !self.config.api_tokens_for_staff {
            return Err(FieldError::new("token_name", "staff_tokens_disabled").into());
        }
        let mut errors = Errors::default();
        let name = errors.check(FreeText::parse_line("token_name", &form.token_name, 100));
        let lifetime = errors.check(TokenLifetime::parse(&form.token_lifetime));
        errors.into_result()?;
        let (Some(name), Some(lifetime)) = (name, lifetime) else { unreachable!("errors recorded") };
        let token = format!("{API_TOKEN_PREFIX}{}", super::crypto::random_token());
        let now = self.now_unix();
        let audit = self.audit(
            "api_token_created",
            Some(current.user.id),
            caller,
            serde_json::json!({ "name": name.as_str(), "days": lifetime.days() }),
        );
        let new = NewApiToken {
            user_id: current.user.id,
            name: name.as_str(),
            token_hash: &super::crypto::sha256(token.as_bytes()),
            now,
            expires_at: now + lifetime.days() * 86_400,
        };
        self.db.create_api_token(&new, &audit).await?;
        Ok(token)
    }

    pub async fn revoke_api_token(&self, current: &CurrentUser, id: i64, caller: &Caller) -> AppResult<()> {
        let audit = self.audit("api_token_revoked", Some(current.user.id), caller, serde_json::json!({ "token": id }));
        if self.db.revoke_api_token(current.user.id, id, self.now_unix(), &audit).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub async fn end_session(&self, current: &CurrentUser, session_id: i64, caller: &Caller) -> AppResult<()> {
        let audit =
            self.audit("session_ended", Some(current.user.id), caller, serde_json::json!({ "session": session_id }));
        if self.db.end_session(current.user.id, session_id, Some(&audit)).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// «Отозвать согласие»: the account is blocked and every session ends at once; the
    /// housekeeping task anonymises it `anonymise_after_days` later (see `store::erasure`).
    pub async fn withdraw_consent(&self, current: &CurrentUser, caller: &Caller) -> AppResult<()> {
        let audit = self.audit("consent_withdrawn", Some(current.user.id), caller, serde_json::json!({}));
        self.db.withdraw_consent_and_block(current.user.id, self.now_unix(), &audit).await?;
        Ok(())
    }

    /// Ends the consents whose term ran out (the consent, section 7: three years after the
    /// person last used the System); the accounts are then anonymised as after a withdrawal.
    pub async fn expire_unused_accounts(&self) -> AppResult<u64> {
        let cutoff = self.now_unix() - CONSENT_TERM_DAYS * 86_400;
        let mut done = 0;
        loop {
            let batch = self.db.accounts_past_their_term(cutoff, 100).await?;
            if batch.is_empty() {
                return Ok(done);
            }
            for user in batch {
                let audit = self.audit("consent_expired", Some(user), &Caller::default(), serde_json::json!({}));
                if self.db.expire_consents(user, &audit).await? {
                    done += 1;
                }
            }
        }
    }

    /// Anonymises every account whose consent was withdrawn long enough ago; returns how many.
    pub async fn anonymise_withdrawn_accounts(&self) -> AppResult<u64> {
        let cutoff = self.now_unix() - self.config.anonymise_after_days * 86_400;
        let mut done = 0;
        loop {
            let batch = self.db.accounts_to_anonymise(cutoff, 100).await?;
            if batch.is_empty() {
                return Ok(done);
            }
            let catalog = self.catalog().await?;
            for user in batch {
                let audit = self.audit("account_anonymised", Some(user), &Caller::default(), serde_json::json!({}));
                let farewell = match self.db.user_by_id(user).await? {
                    Some(person) => self.erasure_notices(&catalog.texts, &person),
                    None => Vec::new(),
                };
                if self.db.anonymise_account(user, &audit, &farewell).await? {
                    done += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TokenLifetime;

    #[test]
    fn token_lifetimes_are_a_year_unless_chosen() {
        assert_eq!(TokenLifetime::parse("").unwrap().days(), 365);
        assert_eq!(TokenLifetime::parse(" 30 ").unwrap().days(), 30);
        assert_eq!(TokenLifetime::parse("90").unwrap().days(), 90);
        for bad in ["0", "-1", "366", "9999999999999", "year"] {
            assert_eq!(TokenLifetime::parse(bad).unwrap_err().code, "invalid_choice", "{bad}");
        }
    }
}
