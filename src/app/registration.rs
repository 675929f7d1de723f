//! Registration of an individual by mobile phone (the seed, steps 1–8; DESIGN §5.1).

use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};

use super::error::Errors;
use super::verification::{Issued, REGISTRATION};
use super::{crypto, sms, App, AppError, AppResult, Caller};
use crate::domain::{generate_password, Email, FieldError, FreeText, PersonName, Phone, Unp};
use crate::store::orgs::{ClaimedOrganization, OrganizationRow};
use crate::store::verifications::{Completion, NewAccount, NewVerification};

pub const PERSONAL_DATA: &str = "personal_data";
pub const TERMS_OF_USE: &str = "terms_of_use";

/// The registration form as typed; every field is checked by [`App::start_registration`].
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub middle_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub unp: String,
    #[serde(default)]
    pub org_name: String,
    #[serde(default)]
    pub org_address: String,
    #[serde(default)]
    pub accept_personal_data: bool,
    #[serde(default)]
    pub accept_terms: bool,
}

/// What the verification row keeps until the code is confirmed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RegistrationPayload {
    lang: String,
    last_name: String,
    first_name: String,
    middle_name: Option<String>,
    email: Option<String>,
    position: Option<String>,
    organization: Option<ClaimedOrganization>,
    consents: Vec<(String, i64)>,
}

/// The result of looking up an УНП while the form is filled.
#[derive(Debug, Clone)]
pub enum OrgLookup {
    Found(OrganizationRow),
    NotFound(Unp),
}

pub const ORG_NAME_MAX: usize = 300;
pub const ORG_ADDRESS_MAX: usize = 300;
pub const POSITION_MAX: usize = 100;

impl App {
    pub async fn lookup_organization(&self, unp_input: &str) -> AppResult<OrgLookup> {
        let unp = Unp::parse(unp_input)?;
        Ok(match self.db.organization_by_unp(unp.as_str()).await? {
            Some(org) => OrgLookup::Found(org),
            None => OrgLookup::NotFound(unp),
        })
    }

    /// The organisation a person claims: a known one by its УНП, or a new one described by the
    /// manual fields. Field problems go into `errors` (and the answer is `None`).
    pub(crate) async fn claim_organization(
        &self,
        unp: &str,
        name: &str,
        address: &str,
        errors: &mut Errors,
    ) -> AppResult<Option<ClaimedOrganization>> {
        match self.lookup_organization(unp).await {
            Ok(OrgLookup::Found(org)) => Ok(Some(ClaimedOrganization { unp: org.unp, full_name: None, address: None })),
            Ok(OrgLookup::NotFound(unp)) => {
                let name = errors.check(FreeText::parse_line("org_name", name, ORG_NAME_MAX));
                let address = errors.check(FreeText::parse_line("org_address", address, ORG_ADDRESS_MAX));
                Ok(name.zip(address).map(|(n, a)| ClaimedOrganization {
                    unp: unp.as_str().to_string(),
                    full_name: Some(n.into_string()),
                    address: Some(a.into_string()),
                }))
            }
            Err(AppError::Validation(list)) => {
                list.into_iter().for_each(|e| errors.push(e));
                Ok(None)
            }
            Err(other) => Err(other),
        }
    }

    /// Validates the form, then sends a code (or, for a registered phone, a notice) by SMS.
    pub async fn start_registration(&self, form: &RegistrationForm, caller: &Caller) -> AppResult<Issued> {
        let mut errors = Errors::default();
        let last_name = errors.check(PersonName::parse("last_name", &form.last_name));
        let first_name = errors.check(PersonName::parse("first_name", &form.first_name));
        let middle_name = errors.check(PersonName::parse_optional("middle_name", &form.middle_name));
        let phone = errors.check(Phone::parse(&form.phone));
        let email = errors.check(Email::parse_optional(&form.email));
        let position = errors.check(FreeText::parse_line_optional("position", &form.position, POSITION_MAX));
        let organization = if form.unp.trim().is_empty() {
            Some(None)
        } else {
            self.claim_organization(&form.unp, &form.org_name, &form.org_address, &mut errors).await?.map(Some)
        };
        if !form.accept_personal_data {
            errors.push(FieldError::new("accept_personal_data", "consent_required"));
        }
        if !form.accept_terms {
            errors.push(FieldError::new("accept_terms", "consent_required"));
        }
        errors.into_result()?;
        let (
            Some(last_name),
            Some(first_name),
            Some(middle_name),
            Some(phone),
            Some(email),
            Some(position),
            Some(organization),
        ) = (last_name, first_name, middle_name, phone, email, position, organization)
        else {
            unreachable!("every None above recorded an error");
        };

        let mut consents = Vec::new();
        for kind in [PERSONAL_DATA, TERMS_OF_USE] {
            let version = self
                .db
                .current_version(kind)
                .await?
                .ok_or_else(|| AppError::Internal(format!("no {kind} document is published")))?;
            consents.push((kind.to_string(), version));
        }
        self.spend_caller_sms_budget(caller).await?;
        // Either the code or «already registered» goes to this phone, so its cap can be told.
        self.spend_phone_sms_budget(&phone).await?;

        let payload = RegistrationPayload {
            lang: caller.lang.code().to_string(),
            last_name: last_name.into_string(),
            first_name: first_name.into_string(),
            middle_name: middle_name.map(PersonName::into_string),
            email: email.map(|e| e.as_str().to_string()),
            position: position.map(FreeText::into_string),
            organization,
            consents,
        };
        let id = crypto::random_id();
        let now = self.now();
        let e164 = phone.e164();
        let already_registered = self.db.user_by_phone(&e164).await?.is_some();
        let key = format!("{id}:1");
        let catalog = self.catalog().await?;
        let texts = &catalog.texts;
        let (code_hash, message) = if already_registered {
            (None, sms::already_registered(texts, caller.lang, &e164, key))
        } else {
            let (code, hash) = self.new_code(&id);
            (Some(hash), sms::registration_code(texts, caller.lang, &e164, code.as_str(), key))
        };
        let state = self.code_policy.first_send(now);
        let verification = NewVerification {
            id: id.clone(),
            purpose: REGISTRATION,
            phone: e164,
            payload: serde_json::to_string(&payload).map_err(|e| AppError::Internal(e.to_string()))?,
            code_hash,
            expires_at: state.expires_at.unix_timestamp(),
            now: now.unix_timestamp(),
            user_id: None,
            ip: caller.ip.clone(),
            user_agent: caller.user_agent.clone(),
        };
        let audit = self.audit(
            "registration_started",
            None,
            caller,
            serde_json::json!({ "verification": id, "phone": phone.masked() }),
        );
        self.db.create_verification(&verification, Some(&message), Some(&audit)).await?;
        self.metrics.registrations_started.inc();
        self.outbox_wake.notify_one();
        let row = self.pending_verification(&id, REGISTRATION).await?;
        Ok(self.issued(&row))
    }

    /// «Подтвердить»: a correct code creates the account and sends the password by SMS.
    /// Returns the login (the phone, as people read it).
    pub async fn confirm_registration(&self, id: &str, code: &str, caller: &Caller) -> AppResult<String> {
        let row = self.check_code(id, REGISTRATION, code).await?;
        let payload: RegistrationPayload =
            serde_json::from_str(&row.payload).map_err(|e| AppError::Internal(format!("payload: {e}")))?;
        let lang = crate::i18n::Lang::from_code(&payload.lang).unwrap_or_default();
        let password = generate_password(&mut OsRng);
        let password_hash = self.passwords.hash(password.clone()).await?;
        let catalog = self.catalog().await?;
        let account = NewAccount {
            phone: row.phone.clone(),
            last_name: payload.last_name,
            first_name: payload.first_name,
            middle_name: payload.middle_name,
            email: payload.email,
            password_hash,
            organization: payload.organization,
            position: payload.position,
            consents: payload.consents,
            ip: caller.ip.clone(),
            user_agent: caller.user_agent.clone(),
            lang: lang.code(),
            now: self.now_unix(),
            password_sms: sms::password(&catalog.texts, lang, &row.phone, &password, format!("{id}:password")),
        };
        match self.db.complete_registration(id, &account).await? {
            Completion::Completed { .. } => {
                self.metrics.registrations_completed.inc();
                self.outbox_wake.notify_one();
            }
            Completion::AlreadyCompleted => return Err(AppError::AlreadyConfirmed),
            Completion::PhoneTaken => return Err(AppError::AlreadyConfirmed),
        }
        Ok(display_phone(&row.phone))
    }

    /// The completion page's data: the login, once the registration is completed.
    pub async fn completed_registration(&self, id: &str) -> AppResult<Option<String>> {
        let row = self.pending_verification(id, REGISTRATION).await?;
        Ok((row.state == "completed").then(|| display_phone(&row.phone)))
    }
}

fn display_phone(e164: &str) -> String {
    Phone::parse(e164).map(|p| p.display()).unwrap_or_else(|_| e164.to_string())
}
