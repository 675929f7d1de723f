//! Staff's second factor at sign-in (issue 12): time-based codes from an authenticator app
//! (RFC 6238), required for supervisors and administrators and, when the portal says so
//! (`HELPDESK_TOTP_FOR_OPERATORS`), for operators; enrolment with a QR code and ten single-use
//! recovery codes; every code accepted once; wrong codes spend the same attempts as wrong
//! passwords; an administrator may reset a person's factor.

use rand::rngs::OsRng;
use rand::RngCore;

use super::auth::{CurrentUser, LoggedIn};
use super::{crypto, App, AppError, AppResult, Caller};
use crate::domain::people::{AccountStatus, Role};
use crate::domain::totp::{normalize_recovery, recovery_code, TotpSecret, RECOVERY_CODES, SECRET_BYTES};
use crate::domain::FieldError;
use crate::store::second_factor::{ChallengePurpose, ChallengeRow};
use crate::store::users::UserRow;

/// How long the second step of a sign-in may take.
pub const CHALLENGE_SECONDS: i64 = 300;
/// The name authenticator apps show for the account.
pub const ISSUER: &str = "Техподдержка";

/// A sign-in whose password was right, waiting for its second step.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    /// Goes back to the browser (a cookie) or the API client, never into the database.
    pub token: String,
    pub purpose: ChallengePurpose,
    pub user: UserRow,
}

/// What an app needs to make codes: the QR code's address and the secret to type.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub account: String,
    /// In groups of four: «GEZD GNBV …».
    pub secret: String,
    pub otpauth_uri: String,
    /// The QR code as SVG.
    pub qr_svg: String,
}

/// A finished sign-in; after an enrolment, the recovery codes to show once.
pub struct Completed {
    pub logged_in: LoggedIn,
    pub recovery_codes: Option<Vec<String>>,
}

/// The person's second factor as the cabinet shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactorState {
    pub required: bool,
    /// Since when it is in use.
    pub confirmed_at: Option<i64>,
    pub recovery_codes_left: i64,
}

fn context(user_id: i64) -> Vec<u8> {
    format!("totp:{user_id}").into_bytes()
}

impl App {
    /// Whether this person must sign in with a second factor.
    pub fn second_factor_required(&self, role: Role) -> bool {
        match role {
            Role::Supervisor | Role::Administrator => true,
            Role::Operator => self.config.totp_for_operators,
            Role::Customer => false,
        }
    }

    /// After a right password: the second step this person has to take, if any.
    pub(crate) async fn second_step(
        &self,
        user: &UserRow,
        key: &str,
        caller: &Caller,
    ) -> AppResult<Option<PendingSignIn>> {
        if !user.role.is_staff() {
            return Ok(None);
        }
        let confirmed = self.db.second_factor(user.id).await?.is_some_and(|f| f.confirmed_at.is_some());
        let purpose = match (confirmed, self.second_factor_required(user.role)) {
            (true, _) => ChallengePurpose::Code,
            (false, true) => ChallengePurpose::Enrol,
            (false, false) => return Ok(None),
        };
        let token = crypto::random_token();
        let now = self.now_unix();
        let challenge =
            ChallengeRow { user_id: user.id, purpose, login_key: key.to_string(), expires_at: now + CHALLENGE_SECONDS };
        let audit =
            self.audit("login_password_ok", Some(user.id), caller, serde_json::json!({ "next": purpose.as_str() }));
        self.db.open_challenge(&crypto::sha256(token.as_bytes()), &challenge, now, &audit).await?;
        Ok(Some(PendingSignIn { token, purpose, user: user.clone() }))
    }

    /// The pending sign-in behind a token: gone after five minutes or once finished.
    pub async fn pending_sign_in(&self, token: &str) -> AppResult<(ChallengeRow, UserRow)> {
        if token.trim().is_empty() {
            return Err(FieldError::required("challenge").into());
        }
        let challenge = self
            .db
            .challenge(&crypto::sha256(token.as_bytes()), self.now_unix())
            .await?
            .ok_or(AppError::SignInExpired)?;
        let user = self.db.user_by_id(challenge.user_id).await?.filter(|u| u.status == AccountStatus::Active);
        Ok((challenge, user.ok_or(AppError::SignInExpired)?))
    }

    /// A secret for the person's app, kept until a first code confirms it; asking again shows
    /// the same secret until then (a reload shows the same QR code).
    pub async fn enrolment(&self, user: &UserRow) -> AppResult<Enrolment> {
        let secret = match self.db.second_factor(user.id).await? {
            Some(f) if f.confirmed_at.is_some() => return Err(AppError::AlreadyConfirmed),
            Some(f) => self.open_secret(user.id, &f.nonce, &f.sealed_secret)?,
            None => {
                let mut bytes = vec![0u8; SECRET_BYTES];
                OsRng.fill_bytes(&mut bytes);
                let mut nonce = vec![0u8; 16];
                OsRng.fill_bytes(&mut nonce);
                let sealed = self
                    .secret
                    .seal(&context(user.id), &nonce, &bytes)
                    .ok_or_else(|| AppError::Internal("a TOTP secret longer than the keystream".into()))?;
                if !self.db.begin_second_factor(user.id, &sealed, &nonce, self.now_unix()).await? {
                    return Err(AppError::AlreadyConfirmed);
                }
                TotpSecret::from_bytes(bytes).ok_or_else(|| AppError::Internal("a short TOTP secret".into()))?
            }
        };
        let account = user.username.clone().unwrap_or_default();
        let uri = secret.otpauth_uri(ISSUER, &account);
        let qr_svg = super::qr::qr_svg(&uri, &format!("{ISSUER}: {account}"), 240)
            .ok_or_else(|| AppError::Internal("no QR code holds the address".into()))?;
        Ok(Enrolment { account, secret: secret.base32(), otpauth_uri: uri, qr_svg })
    }

    fn open_secret(&self, user_id: i64, nonce: &[u8], sealed: &[u8]) -> AppResult<TotpSecret> {
        self.secret
            .unseal(&context(user_id), nonce, sealed)
            .and_then(TotpSecret::from_bytes)
            .ok_or_else(|| AppError::Internal(format!("the second factor of {user_id} does not open with this key")))
    }

    /// Checks a code from the app (or, once enrolled, a recovery code) and takes it as used.
    /// `enrolling` confirms a new factor with its first code.
    async fn accept_code(&self, user_id: i64, code: &str, enrolling: bool) -> AppResult<bool> {
        let Some(factor) = self.db.second_factor(user_id).await? else { return Ok(false) };
        if enrolling == factor.confirmed_at.is_some() {
            return Ok(false);
        }
        let secret = self.open_secret(user_id, &factor.nonce, &factor.sealed_secret)?;
        let now = self.now_unix();
        if let Ok(step) = secret.accept(code, now, factor.last_step) {
            return Ok(self.db.use_totp_step(user_id, step, now, enrolling).await?);
        }
        if enrolling {
            return Ok(false);
        }
        match normalize_recovery(code) {
            Some(normal) => Ok(self.db.use_recovery_code(user_id, &self.recovery_mac(user_id, &normal), now).await?),
            None => Ok(false),
        }
    }

    fn recovery_mac(&self, user_id: i64, normal: &str) -> Vec<u8> {
        self.secret.mac(&[b"recovery", &user_id.to_be_bytes(), normal.as_bytes()])
    }

    /// Ten new recovery codes (the old ones stop working), returned to be shown once.
    async fn new_recovery_codes(&self, user_id: i64, caller: &Caller) -> AppResult<Vec<String>> {
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| {
                let mut bytes = [0u8; 7];
                OsRng.fill_bytes(&mut bytes);
                recovery_code(bytes)
            })
            .collect();
        let macs: Vec<Vec<u8>> = codes.iter().map(|c| self.recovery_mac(user_id, c)).collect();
        let audit =
            self.audit("recovery_codes_issued", Some(user_id), caller, serde_json::json!({ "count": codes.len() }));
        self.db.set_recovery_codes(user_id, &macs, &audit).await?;
        Ok(codes)
    }

    /// The second step of a sign-in: a code (enrolling, the first code from the new app). Each
    /// try spends an attempt of the same lockout as the password's.
    pub async fn complete_sign_in(&self, token: &str, code: &str, caller: &Caller) -> AppResult<Completed> {
        if code.trim().is_empty() {
            return Err(FieldError::required("totp").into());
        }
        if code.chars().count() > 64 {
            return Err(FieldError::new("totp", "invalid_totp").into());
        }
        let (challenge, user) = self.pending_sign_in(token).await?;
        let (failures, locks) = self.spend_sign_in_attempt(&challenge.login_key, caller).await?;
        let enrolling = challenge.purpose == ChallengePurpose::Enrol;
        if !self.accept_code(user.id, code, enrolling).await? {
            self.metrics.logins_failed.inc();
            let event = if locks { "login_locked" } else { "second_factor_failed" };
            self.record(self.audit(event, Some(user.id), caller, serde_json::json!({ "failures": failures }))).await?;
            return Err(FieldError::new("totp", "invalid_totp").into());
        }
        // Two tabs sending the same right code open one session.
        if !self.db.close_challenge(&crypto::sha256(token.as_bytes())).await? {
            return Err(AppError::SignInExpired);
        }
        let recovery_codes = if enrolling {
            self.record(self.audit("second_factor_enrolled", Some(user.id), caller, serde_json::json!({}))).await?;
            Some(self.new_recovery_codes(user.id, caller).await?)
        } else {
            None
        };
        let details = serde_json::json!({ "second_factor": true });
        let logged_in = self.open_signed_in_session(user, &challenge.login_key, caller, details).await?;
        Ok(Completed { logged_in, recovery_codes })
    }

    pub async fn factor_state(&self, current: &CurrentUser) -> AppResult<FactorState> {
        let factor = self.db.second_factor(current.user.id).await?;
        Ok(FactorState {
            required: self.second_factor_required(current.user.role),
            confirmed_at: factor.and_then(|f| f.confirmed_at),
            recovery_codes_left: self.db.recovery_codes_left(current.user.id).await?,
        })
    }

    /// From the cabinet: a staff member whose factor is optional turns it on with the first
    /// code of their app; answers the recovery codes to show once.
    pub async fn enrol_signed_in(&self, current: &CurrentUser, code: &str, caller: &Caller) -> AppResult<Vec<String>> {
        if !current.is_staff() || current.session_id().is_none() {
            return Err(AppError::Forbidden);
        }
        if !self.accept_code(current.user.id, code, true).await? {
            return Err(FieldError::new("totp", "invalid_totp").into());
        }
        self.record(self.audit("second_factor_enrolled", Some(current.user.id), caller, serde_json::json!({}))).await?;
        self.new_recovery_codes(current.user.id, caller).await
    }

    /// New recovery codes, with a code from the app as proof.
    pub async fn renew_recovery_codes(
        &self,
        current: &CurrentUser,
        code: &str,
        caller: &Caller,
    ) -> AppResult<Vec<String>> {
        if !current.is_staff() || current.session_id().is_none() {
            return Err(AppError::Forbidden);
        }
        let key = crate::domain::lockout::login_key(&current.login())?;
        self.spend_sign_in_attempt(&key, caller).await?;
        if !self.accept_code(current.user.id, code, false).await? {
            return Err(FieldError::new("totp", "invalid_totp").into());
        }
        self.db.clear_login_throttle(&key).await?;
        self.new_recovery_codes(current.user.id, caller).await
    }

    /// An administrator forgets a person's second factor (a lost phone): their sessions end and
    /// they enrol again at their next sign-in.
    pub async fn reset_second_factor(&self, admin: &CurrentUser, user_id: i64, caller: &Caller) -> AppResult<()> {
        if admin.user.role != Role::Administrator {
            return Err(AppError::Forbidden);
        }
        let person = self.db.user_by_id(user_id).await?.filter(|u| u.role.is_staff()).ok_or(AppError::NotFound)?;
        // Another administrator's hand: a session alone (a forgotten one, a stolen one) must not
        // be enough to take the second factor off its own account and enrol another.
        if person.id == admin.user.id {
            return Err(FieldError::new("login", "own_second_factor").into());
        }
        let audit = self.audit(
            "second_factor_reset",
            Some(admin.user.id),
            caller,
            serde_json::json!({ "staff": person.username, "staff_id": person.id }),
        );
        self.db.reset_second_factor(person.id, &audit).await?;
        Ok(())
    }
}
