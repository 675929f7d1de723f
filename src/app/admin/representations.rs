//! Representations: supervisors confirm (as member or manager) or reject, with a reason, what
//! customers ask from every organisation; a confirmed manager of an organisation does the same
//! for colleagues of that organisation from the cabinet, and may revoke them. The customer is
//! told by SMS or e-mail, and every decision is audited.

use super::Admin;
use crate::app::auth::CurrentUser;
use crate::app::notice_texts::NoticeTexts;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::notice::Notice;
use crate::domain::{FieldError, FreeText};
use crate::i18n::Lang;
use crate::store::outbox::NewOutbox;
use crate::store::representations::{Decision, RepresentationRow};

/// The most the supervisors' queue shows at once.
pub const QUEUE_LIMIT: i64 = 200;
pub const REASON_MAX: usize = 500;

/// What is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Confirm { manager: bool },
    Reject,
    Revoke,
}

impl Verdict {
    /// `confirm` (with `role`), `reject` or `revoke`, as forms and the API send them.
    pub fn parse(decision: &str, role: Option<&str>) -> Result<Verdict, FieldError> {
        match decision.trim() {
            "confirm" => match role.map(str::trim).unwrap_or("member") {
                "" | "member" => Ok(Verdict::Confirm { manager: false }),
                "manager" => Ok(Verdict::Confirm { manager: true }),
                _ => Err(FieldError::new("role", "invalid_role")),
            },
            "reject" => Ok(Verdict::Reject),
            "revoke" => Ok(Verdict::Revoke),
            _ => Err(FieldError::new("decision", "invalid_decision")),
        }
    }

    fn status(self) -> &'static str {
        match self {
            Verdict::Confirm { .. } => "confirmed",
            Verdict::Reject => "rejected",
            Verdict::Revoke => "revoked",
        }
    }
}

impl App {
    /// The supervisors' queue: pending representations of every organisation, oldest first.
    pub async fn pending_representations(&self, _by: Admin<'_>) -> AppResult<Vec<RepresentationRow>> {
        Ok(self.db.pending_representations(QUEUE_LIMIT).await?)
    }

    /// A supervisor's (or administrator's) decision.
    pub async fn decide_as_supervisor(
        &self,
        by: Admin<'_>,
        id: i64,
        verdict: Verdict,
        reason: &str,
        caller: &Caller,
    ) -> AppResult<()> {
        let Admin::Person(person) = by else { return Err(AppError::Forbidden) };
        let rep = self.db.representation(id).await?.ok_or(AppError::NotFound)?;
        self.apply_decision(person, &rep, verdict, reason, caller).await
    }

    /// The representations of the organisations the customer manages (confirmed, as manager).
    pub async fn managed_representations(
        &self,
        current: &CurrentUser,
    ) -> AppResult<Vec<(String, Vec<RepresentationRow>)>> {
        let mut out = Vec::new();
        for m in self.db.memberships(current.user.id).await? {
            if m.status != "confirmed" || m.role != "manager" {
                continue;
            }
            let Some(org) = self.db.organization_by_unp(&m.unp).await? else { continue };
            let colleagues: Vec<RepresentationRow> = self
                .db
                .organization_representations(org.id)
                .await?
                .into_iter()
                .filter(|r| r.user_id != current.user.id)
                .collect();
            out.push((org.full_name, colleagues));
        }
        Ok(out)
    }

    /// A manager's decision about a colleague of their own organisation; anything else is 404.
    pub async fn decide_as_manager(
        &self,
        current: &CurrentUser,
        id: i64,
        verdict: Verdict,
        reason: &str,
        caller: &Caller,
    ) -> AppResult<()> {
        let rep = self.db.representation(id).await?.ok_or(AppError::NotFound)?;
        let manages = self
            .db
            .memberships(current.user.id)
            .await?
            .iter()
            .any(|m| m.unp == rep.unp && m.status == "confirmed" && m.role == "manager");
        if !manages || rep.user_id == current.user.id || current.is_staff() {
            return Err(AppError::NotFound);
        }
        self.apply_decision(current, &rep, verdict, reason, caller).await
    }

    async fn apply_decision(
        &self,
        by: &CurrentUser,
        rep: &RepresentationRow,
        verdict: Verdict,
        reason: &str,
        caller: &Caller,
    ) -> AppResult<()> {
        let from = if verdict == Verdict::Revoke { "confirmed" } else { "pending" };
        if rep.status != from {
            return Err(AppError::Conflict);
        }
        let reason = FreeText::parse_line_optional("reason", reason, REASON_MAX)?;
        if matches!(verdict, Verdict::Reject | Verdict::Revoke) && reason.is_none() {
            return Err(FieldError::required("reason").into());
        }
        let role = match verdict {
            Verdict::Confirm { manager: true } => "manager",
            Verdict::Confirm { manager: false } => "member",
            _ => rep.role.as_str(),
        };
        let customer = self.db.user_by_id(rep.user_id).await?.ok_or(AppError::NotFound)?;
        let key = format!("representation:{}:{}:{}", rep.id, verdict.status(), self.now_unix());
        let catalog = self.catalog().await?;
        let notice = self.representation_notice(
            &catalog.texts,
            &customer,
            &rep.organization_name,
            verdict,
            reason.as_ref().map(FreeText::as_str),
            key,
        );
        let details = serde_json::json!({
            "representation": rep.id,
            "customer": rep.user_id,
            "status": verdict.status(),
            "role": role,
            "reason": reason.as_ref().map(FreeText::as_str),
            "by_manager": !by.is_staff(),
        });
        let mut audit = self.audit("representation_decided", Some(by.user.id), caller, details);
        audit.object = Some(format!("organization:{}", rep.unp));
        let decision = Decision {
            id: rep.id,
            from,
            status: verdict.status(),
            role,
            decided_by: by.user.id,
            reason: reason.as_ref().map(FreeText::as_str),
            now: self.now_unix(),
            notice: notice.as_ref(),
        };
        if !self.db.decide(&decision, &audit).await? {
            return Err(AppError::Conflict);
        }
        if notice.is_some() {
            self.outbox_wake.notify_one();
        }
        Ok(())
    }

    /// «Вы подтверждены как представитель …» or why not, by SMS or e-mail.
    fn representation_notice(
        &self,
        texts: &NoticeTexts,
        customer: &crate::store::users::UserRow,
        organization: &str,
        verdict: Verdict,
        reason: Option<&str>,
        key: String,
    ) -> Option<NewOutbox> {
        let lang = Lang::from_code(&customer.lang).unwrap_or_default();
        let notice = match verdict {
            Verdict::Confirm { .. } => Notice::RepresentationConfirmed,
            Verdict::Reject => Notice::RepresentationRejected,
            Verdict::Revoke => Notice::RepresentationRevoked,
        };
        let values = [("organization", organization), ("reason", reason.unwrap_or(""))];
        let letter = texts.email(notice, lang, &values);
        self.reach_customer(customer, "representation_decided", texts.sms(notice, lang, &values), letter, key)
    }
}
