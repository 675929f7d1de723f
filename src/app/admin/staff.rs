//! Staff accounts: the list with a search, a new account, its names, e-mail, role and groups,
//! blocking and unblocking, a one-time password shown once. The command line uses the same.

use rand::rngs::OsRng;

use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::people::{AccountStatus, Role, StaffLogin};
use crate::domain::{generate_password, Email, FieldError, PasswordPolicy, PersonName};
use crate::store::staff::{StaffAccount, StaffChange};
use crate::store::users::NewStaff;

/// A staff account as typed into the form (or given to the command line).
#[derive(Debug, Clone, Default)]
pub struct StaffForm {
    pub login: String,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub role: String,
    /// Group codes.
    pub groups: Vec<String>,
}

/// A new account, with the password to hand over when the portal made one.
#[derive(Debug, Clone)]
pub struct Created {
    pub id: i64,
    pub login: String,
    pub one_time_password: Option<String>,
}

struct Checked {
    last_name: String,
    first_name: String,
    email: Option<String>,
    role: Role,
    groups: Vec<i64>,
}

pub fn parse_role(role: &str) -> Result<Role, FieldError> {
    Role::parse(role.trim()).filter(|r| r.is_staff()).ok_or(FieldError::new("role", "invalid_staff_role"))
}

impl App {
    /// Checks the form's names, e-mail, role and groups (archived or unknown groups are refused).
    async fn check_staff(&self, form: &StaffForm, errors: &mut Errors) -> AppResult<Option<Checked>> {
        let last = errors.check(PersonName::parse("last_name", &form.last_name));
        let first = errors.check(PersonName::parse_optional("first_name", &form.first_name));
        let email = errors.check(match form.email.trim() {
            "" => Ok(None),
            e => Email::parse(e).map(|e| Some(e.as_str().to_string())),
        });
        let role = errors.check(parse_role(&form.role));
        let known = self.db.group_rows().await?;
        let mut groups = Vec::new();
        for code in form.groups.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            match known.iter().find(|g| g.code == code && !g.archived) {
                Some(g) if !groups.contains(&g.id) => groups.push(g.id),
                Some(_) => {}
                None => errors.push(FieldError::new("groups", "unknown_group")),
            }
        }
        Ok(match (last, first, email, role) {
            (Some(last), Some(first), Some(email), Some(role)) => Some(Checked {
                last_name: last.into_string(),
                first_name: first.map(PersonName::into_string).unwrap_or_default(),
                email,
                role,
                groups,
            }),
            _ => None,
        })
    }

    /// Every staff account whose login or name has `search` in it (any case), by name.
    pub async fn staff_accounts(&self, _by: Admin<'_>, search: &str) -> AppResult<Vec<StaffAccount>> {
        let needle = search.trim().to_lowercase();
        let all = self.db.staff_accounts().await?;
        Ok(all
            .into_iter()
            .filter(|a| {
                needle.is_empty()
                    || a.login.to_lowercase().contains(&needle)
                    || a.name().to_lowercase().contains(&needle)
                    || a.email.as_deref().is_some_and(|e| e.contains(&needle))
            })
            .collect())
    }

    pub async fn staff_account(&self, _by: Admin<'_>, id: i64) -> AppResult<StaffAccount> {
        self.db.staff_account(id).await?.ok_or(AppError::NotFound)
    }

    /// A new staff account. With `password` (the command line's `--password-stdin`) it is the
    /// person's own; without, the portal makes one, to be handed over once and changed at the
    /// first sign-in.
    pub async fn create_staff(
        &self,
        by: Admin<'_>,
        form: &StaffForm,
        password: Option<&str>,
        caller: &Caller,
    ) -> AppResult<Created> {
        let mut errors = Errors::default();
        let login = errors.check(StaffLogin::parse(&form.login));
        let checked = self.check_staff(form, &mut errors).await?;
        if let (Some(login), Some(password)) = (&login, password) {
            errors.check(PasswordPolicy.check("password", password, None, &[login.as_str()]));
        }
        errors.into_result()?;
        let (Some(login), Some(c)) = (login, checked) else { unreachable!("errors recorded") };
        let (password, one_time) = match password {
            Some(p) => (p.to_string(), None),
            None => {
                let p = generate_password(&mut OsRng);
                (p.clone(), Some(p))
            }
        };
        let staff = NewStaff {
            username: login.as_str().to_string(),
            last_name: c.last_name,
            first_name: c.first_name,
            role: c.role.as_str().to_string(),
            email: c.email,
            password_hash: self.passwords.hash(password).await?,
            groups: c.groups,
            must_change_password: one_time.is_some(),
        };
        let audit = self.admin_audit(
            by,
            "staff_created",
            format!("staff:{}", login.as_str()),
            caller,
            serde_json::json!({ "login": login.as_str(), "role": c.role.as_str(), "groups": staff.groups }),
        );
        let id = match self.db.create_staff(&staff, self.now_unix(), &audit).await {
            Ok(id) => id,
            Err(e) if crate::store::is_unique_violation(&e) => {
                return Err(FieldError::new("login", "login_taken").into())
            }
            Err(e) => return Err(e.into()),
        };
        self.catalog_changed();
        Ok(Created { id, login: login.as_str().to_string(), one_time_password: one_time })
    }

    /// Names, e-mail, role and groups of an account (the login stays).
    pub async fn update_staff(&self, by: Admin<'_>, id: i64, form: &StaffForm, caller: &Caller) -> AppResult<()> {
        let before = self.db.staff_account(id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Errors::default();
        let checked = self.check_staff(form, &mut errors).await?;
        // The last administrator who is active does not lose the role by mistake.
        if let (Some(c), Admin::Person(me)) = (&checked, by) {
            if me.user.id == id && before.role == Role::Administrator && c.role != Role::Administrator {
                errors.push(FieldError::new("role", "own_admin_role"));
            }
        }
        errors.into_result()?;
        let Some(c) = checked else { unreachable!("errors recorded") };
        let change = StaffChange {
            last_name: c.last_name,
            first_name: c.first_name,
            email: c.email,
            role: c.role,
            groups: c.groups,
        };
        let audit = self.admin_audit(
            by,
            "staff_changed",
            format!("staff:{}", before.login),
            caller,
            serde_json::json!({
                "role": { "old": before.role.as_str(), "new": change.role.as_str() },
                "groups": { "old": before.groups, "new": change.groups },
                "email_changed": before.email != change.email,
            }),
        );
        if !self.db.change_staff(id, &change, &audit).await? {
            return Err(AppError::NotFound);
        }
        self.catalog_changed();
        Ok(())
    }

    /// Blocks (every session and token ends) or unblocks an account; nobody blocks themselves.
    pub async fn set_staff_active(&self, by: Admin<'_>, id: i64, active: bool, caller: &Caller) -> AppResult<bool> {
        let account = self.db.staff_account(id).await?.ok_or(AppError::NotFound)?;
        if !active && by.user_id() == Some(id) {
            return Err(FieldError::new("status", "own_account").into());
        }
        let status = if active { AccountStatus::Active } else { AccountStatus::Blocked };
        let event = if active { "staff_enabled" } else { "staff_disabled" };
        let audit = self.admin_audit(by, event, format!("staff:{}", account.login), caller, serde_json::json!({}));
        let changed = self.db.set_staff_status(id, status, self.now_unix(), &audit).await?;
        self.catalog_changed();
        Ok(changed)
    }

    /// A new password made by the portal, returned to be shown once; the person changes it at
    /// the next sign-in and all their sessions end now.
    pub async fn one_time_password(&self, by: Admin<'_>, id: i64, caller: &Caller) -> AppResult<String> {
        let account = self.db.staff_account(id).await?.ok_or(AppError::NotFound)?;
        // One's own password is changed in the cabinet, knowing the old one.
        if by.user_id() == Some(id) {
            return Err(FieldError::new("login", "own_password").into());
        }
        let password = generate_password(&mut OsRng);
        let hash = self.passwords.hash(password.clone()).await?;
        let audit = self.admin_audit(
            by,
            "staff_password_set",
            format!("staff:{}", account.login),
            caller,
            serde_json::json!({}),
        );
        if !self.db.set_one_time_password(id, &hash, self.now_unix(), &audit).await? {
            return Err(AppError::NotFound);
        }
        Ok(password)
    }

    /// The command line's `staff disable --login L`.
    pub async fn disable_staff_by_login(&self, login: &str, caller: &Caller) -> AppResult<bool> {
        let login = StaffLogin::parse(login)?;
        let Some(user) = self.db.user_by_username(login.as_str()).await? else { return Ok(false) };
        self.set_staff_active(Admin::CommandLine, user.id, false, caller).await?;
        Ok(true)
    }
}
