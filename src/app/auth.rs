//! Logging in and out, and finding who a session belongs to (DESIGN §5.2, §6).

use crate::domain::people::AccountStatus;
use time::Duration;

use super::{crypto, App, AppError, AppResult, Caller};
use crate::domain::lockout::{login_key, minutes_left};
use crate::domain::{FieldError, Phone};
use crate::store::rate::LoginAttempt;
use crate::store::sessions::{NewSession, SessionRow};
use crate::store::users::UserRow;
use crate::store::{from_unix, to_unix};

/// How a request proved who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// A browser's sign-in (the session cookie).
    Session(i64),
    /// A personal API token: the API only, and never to manage tokens.
    ApiToken(i64),
    /// The command line acting for the person (`helpdesk demo`).
    CommandLine,
}

/// A signed-in person, as the web edge sees them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub credential: Credential,
    pub user: UserRow,
}

impl CurrentUser {
    /// The session behind the request, `None` for an API token.
    pub fn session_id(&self) -> Option<i64> {
        match self.credential {
            Credential::Session(id) => Some(id),
            Credential::ApiToken(_) | Credential::CommandLine => None,
        }
    }

    pub fn is_staff(&self) -> bool {
        self.user.username.is_some()
    }

    pub fn login(&self) -> String {
        match (&self.user.phone, &self.user.username) {
            (Some(phone), _) => Phone::parse(phone).map(|p| p.display()).unwrap_or_else(|_| phone.clone()),
            (None, Some(username)) => username.clone(),
            (None, None) => String::new(),
        }
    }
}

/// The longest password a sign-in form takes (chosen passwords are at most 128 characters).
pub const PASSWORD_INPUT_MAX: usize = 1024;

pub struct LoggedIn {
    pub token: String,
    pub user: UserRow,
}

/// What a right password leads to.
pub enum SignIn {
    Done(LoggedIn),
    /// Staff with a second factor (or who must enrol one) have a second step to take.
    Pending(super::second_factor::PendingSignIn),
}

impl App {
    pub async fn login(&self, login: &str, password: &str, caller: &Caller) -> AppResult<SignIn> {
        let key = login_key(login)?;
        if password.is_empty() {
            return Err(FieldError::required("password").into());
        }
        // Hashing a quarter-megabyte «password» would be work for nothing: no password is that long.
        if password.chars().count() > PASSWORD_INPUT_MAX {
            return Err(FieldError::with_limit("password", "too_long", PASSWORD_INPUT_MAX).into());
        }
        let (failures, locks) = self.spend_sign_in_attempt(&key, caller).await?;
        let user = match key.split_once(':') {
            Some(("phone", e164)) => self.db.user_by_phone(e164).await?,
            Some((_, username)) => self.db.user_by_username(username).await?,
            None => None,
        };
        let hash = user.as_ref().map_or_else(|| crypto::DUMMY_HASH.to_string(), |u| u.password_hash.clone());
        let ok = self.passwords.verify(password.to_string(), hash).await && user.is_some();
        let known_id = user.as_ref().map(|u| u.id);
        let Some(user) = user.filter(|_| ok) else {
            self.metrics.logins_failed.inc();
            let event = if locks { "login_locked" } else { "login_failed" };
            self.record(self.audit(event, known_id, caller, serde_json::json!({ "failures": failures }))).await?;
            return Err(AppError::InvalidCredentials);
        };
        if user.status != AccountStatus::Active {
            self.metrics.logins_failed.inc();
            self.record(self.audit("login_refused_blocked", Some(user.id), caller, serde_json::json!({}))).await?;
            let operator = &self.config.operator;
            return Err(AppError::AccountBlocked { phone: operator.phone.clone(), email: operator.email.clone() });
        }
        if let Some(pending) = self.second_step(&user, &key, caller).await? {
            return Ok(SignIn::Pending(pending));
        }
        self.open_signed_in_session(user, &key, caller, serde_json::json!({})).await.map(SignIn::Done)
    }

    /// Spends one attempt of a login (a password or a second factor's code) before it is
    /// checked, after the address's rate: (failures so far, whether this one locks).
    pub(crate) async fn spend_sign_in_attempt(&self, key: &str, caller: &Caller) -> AppResult<(i64, bool)> {
        let now = self.now();
        if let Some(ip) = &caller.ip {
            let minute = now.unix_timestamp() - now.unix_timestamp().rem_euclid(60);
            let count = self.db.count_in_window(&crate::domain::limits::login_ip_key(ip), minute).await?;
            if count > i64::from(self.config.login_attempts_per_ip_per_minute) {
                self.metrics.logins_failed.inc();
                return Err(AppError::RateLimited { retry_after: minute + 60 - now.unix_timestamp() });
            }
        }
        let lockout = self.lockout;
        let attempt = self
            .db
            .spend_login_attempt(key, now.unix_timestamp(), |failures| {
                lockout.locked_until(failures.clamp(0, i64::from(u32::MAX)) as u32, now).map(to_unix)
            })
            .await?;
        match attempt {
            LoginAttempt::Locked { until } => {
                self.metrics.logins_failed.inc();
                Err(AppError::Locked { retry_after: minutes_left(from_unix(until), now) * 60 })
            }
            LoginAttempt::Allowed { failures, locks } => Ok((failures, locks)),
        }
    }

    /// A new session for someone who proved who they are; the login's failures are forgotten.
    pub(crate) async fn open_signed_in_session(
        &self,
        user: UserRow,
        key: &str,
        caller: &Caller,
        details: serde_json::Value,
    ) -> AppResult<LoggedIn> {
        let now = self.now();
        let token = crypto::random_token();
        let session = NewSession {
            token_hash: crypto::sha256(token.as_bytes()),
            user_id: user.id,
            now: now.unix_timestamp(),
            expires_at: (now + Duration::hours(self.config.session_absolute_hours)).unix_timestamp(),
            ip: caller.ip.clone(),
            user_agent: caller.user_agent.clone(),
        };
        let audit = self.audit("login_ok", Some(user.id), caller, details);
        self.db.open_session(&session, key, &audit).await?;
        self.metrics.logins_ok.inc();
        Ok(LoggedIn { token, user })
    }

    /// The session behind a cookie or bearer token, if it is alive (idle and absolute limits).
    pub async fn authenticate(&self, token: &str) -> AppResult<Option<CurrentUser>> {
        let now = self.now();
        let hash = crypto::sha256(token.as_bytes());
        let Some((session, user)) = self.db.session_by_token(&hash, now.unix_timestamp()).await? else {
            return Ok(None);
        };
        let idle_limit = Duration::minutes(self.config.session_idle_minutes);
        if from_unix(session.last_seen_at) + idle_limit <= now {
            self.db.end_session(user.id, session.id, None).await?;
            return Ok(None);
        }
        if user.status != AccountStatus::Active {
            return Ok(None);
        }
        // One write a minute per session at most: enough for the idle timeout.
        if now.unix_timestamp() - session.last_seen_at >= 60 {
            self.db.touch_session(session.id, now.unix_timestamp()).await?;
        }
        Ok(Some(CurrentUser { credential: Credential::Session(session.id), user }))
    }

    /// Whether a sign-in still holds for a long-lived answer (the staff event stream): the
    /// session not ended nor past its idle or absolute limit, the person still active with the
    /// same role. Looking does not count as activity, so an open stream alone keeps no session.
    pub async fn still_signed_in(&self, current: &CurrentUser) -> AppResult<bool> {
        let Some(session_id) = current.session_id() else { return Ok(false) };
        let now = self.now();
        let Some((session, user)) = self.db.session_by_id(session_id, now.unix_timestamp()).await? else {
            return Ok(false);
        };
        let idle_limit = Duration::minutes(self.config.session_idle_minutes);
        Ok(from_unix(session.last_seen_at) + idle_limit > now
            && user.status == AccountStatus::Active
            && user.role == current.user.role)
    }

    /// The user behind a personal API token, if it is unexpired and not revoked. Staff tokens
    /// work only where the operator allows them (`HELPDESK_API_TOKENS_FOR_STAFF`): a token
    /// knows no idle timeout, which staff sessions must have.
    pub async fn authenticate_api_token(&self, token: &str) -> AppResult<Option<CurrentUser>> {
        let hash = crypto::sha256(token.as_bytes());
        let Some((id, user)) = self.db.user_by_api_token(&hash, self.now_unix()).await? else { return Ok(None) };
        let allowed =
            user.status == AccountStatus::Active && (user.username.is_none() || self.config.api_tokens_for_staff);
        Ok(allowed.then_some(CurrentUser { credential: Credential::ApiToken(id), user }))
    }

    pub async fn logout(&self, current: &CurrentUser, caller: &Caller) -> AppResult<()> {
        let audit = self.audit("logout", Some(current.user.id), caller, serde_json::json!({}));
        if let Some(session_id) = current.session_id() {
            self.db.end_session(current.user.id, session_id, Some(&audit)).await?;
        }
        Ok(())
    }

    pub async fn sessions(&self, current: &CurrentUser) -> AppResult<Vec<SessionRow>> {
        Ok(self.db.sessions_of(current.user.id, self.now_unix()).await?)
    }
}
