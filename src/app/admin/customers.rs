//! Blocking a customer's account and unblocking it (the terms of use, section 6): supervisors and
//! administrators find the account by its phone, block it with a reason the person is told by
//! SMS or e-mail together with the support line, and unblock it once the reason is gone. An
//! account closed by a withdrawn consent is not the operator's to reopen.

use super::Admin;
use crate::app::notice_texts::NoticeTexts;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::notice::Notice;
use crate::domain::people::{AccountStatus, Role};
use crate::domain::{FieldError, FreeText, Phone};
use crate::store::outbox::NewOutbox;
use crate::store::users::UserRow;

pub const REASON_MAX: usize = 500;

/// A customer's account as the administration shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAccount {
    pub id: i64,
    pub name: String,
    /// +375 29 123-45-67
    pub phone: String,
    pub status: AccountStatus,
    /// Closed by a withdrawn consent: cannot be unblocked.
    pub withdrawn: bool,
    pub registered_at: i64,
}

impl App {
    /// The customer with this phone; `None` when nobody registered it.
    pub async fn find_customer(&self, _by: Admin<'_>, phone: &str) -> AppResult<Option<CustomerAccount>> {
        let Some((user, phone)) = self.customer_with_phone(phone).await? else { return Ok(None) };
        let withdrawn = self.db.consent_withdrawn(user.id).await?;
        Ok(Some(CustomerAccount {
            id: user.id,
            name: [user.last_name.as_str(), user.first_name.as_str(), user.middle_name.as_deref().unwrap_or("")]
                .join(" ")
                .trim()
                .to_string(),
            phone: phone.display(),
            status: user.status,
            withdrawn,
            registered_at: user.created_at,
        }))
    }

    /// Blocks the account; the reason goes to the person and to the audit log.
    pub async fn block_customer(&self, by: Admin<'_>, phone: &str, reason: &str, caller: &Caller) -> AppResult<()> {
        let reason = FreeText::parse_line("reason", reason, REASON_MAX)?;
        let user = self.customer_by_phone(phone).await?;
        let catalog = self.catalog().await?;
        let notices = self.access_notices(&catalog.texts, &user, Notice::AccountBlocked, reason.as_str());
        let audit = self.admin_audit(
            by,
            "customer_blocked",
            format!("user:{}", user.id),
            caller,
            serde_json::json!({ "reason": reason.as_str() }),
        );
        if self.db.block_customer(user.id, &audit, &notices).await? {
            Ok(())
        } else {
            Err(AppError::InvalidTransition)
        }
    }

    /// Unblocks an account the operator blocked.
    pub async fn unblock_customer(&self, by: Admin<'_>, phone: &str, caller: &Caller) -> AppResult<()> {
        let user = self.customer_by_phone(phone).await?;
        let catalog = self.catalog().await?;
        let notices = self.access_notices(&catalog.texts, &user, Notice::AccountUnblocked, "");
        let audit =
            self.admin_audit(by, "customer_unblocked", format!("user:{}", user.id), caller, serde_json::json!({}));
        if self.db.unblock_customer(user.id, &audit, &notices).await? {
            Ok(())
        } else {
            Err(AppError::InvalidTransition)
        }
    }

    async fn customer_by_phone(&self, phone: &str) -> AppResult<UserRow> {
        let found = self.customer_with_phone(phone).await?;
        found.map(|(user, _)| user).ok_or_else(|| FieldError::new("phone", "unknown_customer").into())
    }

    /// The customer account whose login is this phone, with the phone parsed.
    async fn customer_with_phone(&self, phone: &str) -> AppResult<Option<(UserRow, Phone)>> {
        let phone = Phone::parse(phone).map_err(|e| FieldError::new("phone", e.code))?;
        let user = self.db.user_by_phone(&phone.e164()).await?.filter(|u| u.role == Role::Customer);
        Ok(user.map(|u| (u, phone)))
    }

    /// The person is told by SMS and e-mail: a blocked person cannot read the news in the portal.
    fn access_notices(&self, texts: &NoticeTexts, person: &UserRow, notice: Notice, reason: &str) -> Vec<NewOutbox> {
        let values = [("reason", reason), ("support_phone", self.config.operator.phone.as_str())];
        let key = format!("{}:{}:{}", notice.key(), person.id, self.now_unix());
        self.reach_everywhere(texts, person, notice, "account_access", &values, &key)
    }
}
