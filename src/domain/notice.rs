//! Every notice the portal sends: by which channels, with which placeholders, and which one
//! carries a secret (a code or a password, that must stay the last word of its SMS so logs can
//! mask it). What an administrator may change about a notice's text is checked against this.

use super::template::{check, Placeholder};
use super::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Notice {
    RegistrationCode,
    AlreadyRegistered,
    Password,
    ResetCode,
    ResetPassword,
    TicketCreated,
    TicketReply,
    TicketResolved,
    TicketMerged,
    TokensRevoked,
    RepresentationConfirmed,
    RepresentationRejected,
    RepresentationRevoked,
    TicketAssigned,
    SlaWarning,
    SlaBreach,
    /// Law No. 99-З, art. 10: the person is told that their data is erased.
    DataErased,
    /// The operator blocked the account, with the reason and whom to call.
    AccountBlocked,
    AccountUnblocked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Sms, Channel::Email].into_iter().find(|c| c.as_str() == s)
    }
}

const fn required(name: &'static str) -> Placeholder {
    Placeholder { name, required: true }
}

impl Notice {
    pub const ALL: [Notice; 19] = [
        Notice::RegistrationCode,
        Notice::AlreadyRegistered,
        Notice::Password,
        Notice::ResetCode,
        Notice::ResetPassword,
        Notice::TicketCreated,
        Notice::TicketReply,
        Notice::TicketResolved,
        Notice::TicketMerged,
        Notice::TokensRevoked,
        Notice::RepresentationConfirmed,
        Notice::RepresentationRejected,
        Notice::RepresentationRevoked,
        Notice::TicketAssigned,
        Notice::SlaWarning,
        Notice::SlaBreach,
        Notice::DataErased,
        Notice::AccountBlocked,
        Notice::AccountUnblocked,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Notice::RegistrationCode => "registration_code",
            Notice::AlreadyRegistered => "already_registered",
            Notice::Password => "password",
            Notice::ResetCode => "reset_code",
            Notice::ResetPassword => "reset_password",
            Notice::TicketCreated => "ticket_created",
            Notice::TicketReply => "ticket_reply",
            Notice::TicketResolved => "ticket_resolved",
            Notice::TicketMerged => "ticket_merged",
            Notice::TokensRevoked => "tokens_revoked",
            Notice::RepresentationConfirmed => "representation_confirmed",
            Notice::RepresentationRejected => "representation_rejected",
            Notice::RepresentationRevoked => "representation_revoked",
            Notice::TicketAssigned => "ticket_assigned",
            Notice::SlaWarning => "sla_warning",
            Notice::SlaBreach => "sla_breach",
            Notice::DataErased => "data_erased",
            Notice::AccountBlocked => "account_blocked",
            Notice::AccountUnblocked => "account_unblocked",
        }
    }

    pub fn parse(key: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.key() == key)
    }

    /// The Fluent message of its SMS, when it has one.
    pub fn sms_message(self) -> Option<&'static str> {
        Some(match self {
            Notice::RegistrationCode => "sms-registration-code",
            Notice::AlreadyRegistered => "sms-already-registered",
            Notice::Password => "sms-password",
            Notice::ResetCode => "sms-reset-code",
            Notice::ResetPassword => "sms-reset-password",
            Notice::TicketCreated => "sms-ticket-created",
            Notice::TicketReply => "sms-ticket-reply",
            Notice::TicketResolved => "sms-ticket-resolved",
            Notice::TicketMerged => "sms-ticket-merged",
            Notice::TokensRevoked => "sms-tokens-revoked",
            Notice::RepresentationConfirmed => "sms-representation-confirmed",
            Notice::RepresentationRejected => "sms-representation-rejected",
            Notice::RepresentationRevoked => "sms-representation-revoked",
            Notice::DataErased => "sms-data-erased",
            Notice::AccountBlocked => "sms-account-blocked",
            Notice::AccountUnblocked => "sms-account-unblocked",
            Notice::TicketAssigned | Notice::SlaWarning | Notice::SlaBreach => return None,
        })
    }

    /// The Fluent messages of its letter (subject, body), when it has one.
    pub fn email_messages(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Notice::TicketCreated => ("email-ticket-created-subject", "email-ticket-created-body"),
            Notice::TicketReply => ("email-ticket-reply-subject", "email-ticket-reply-body"),
            Notice::TicketResolved => ("email-ticket-resolved-subject", "email-ticket-resolved-body"),
            Notice::TicketMerged => ("email-ticket-merged-subject", "email-ticket-merged-body"),
            Notice::TokensRevoked => ("email-tokens-revoked-subject", "email-tokens-revoked-body"),
            Notice::DataErased => ("email-data-erased-subject", "email-data-erased-body"),
            Notice::AccountBlocked => ("email-account-blocked-subject", "email-account-blocked-body"),
            Notice::AccountUnblocked => ("email-account-unblocked-subject", "email-account-unblocked-body"),
            Notice::RepresentationConfirmed => {
                ("email-representation-confirmed-subject", "email-representation-confirmed-body")
            }
            Notice::RepresentationRejected => {
                ("email-representation-rejected-subject", "email-representation-rejected-body")
            }
            Notice::RepresentationRevoked => {
                ("email-representation-revoked-subject", "email-representation-revoked-body")
            }
            Notice::TicketAssigned => ("email-assigned-subject", "email-assigned-body"),
            Notice::SlaWarning => ("email-sla-warning-subject", "email-sla-warning-body"),
            Notice::SlaBreach => ("email-sla-breach-subject", "email-sla-breach-body"),
            Notice::RegistrationCode
            | Notice::AlreadyRegistered
            | Notice::Password
            | Notice::ResetCode
            | Notice::ResetPassword => return None,
        })
    }

    pub fn channels(self) -> Vec<Channel> {
        let mut out = Vec::new();
        if self.sms_message().is_some() {
            out.push(Channel::Sms);
        }
        if self.email_messages().is_some() {
            out.push(Channel::Email);
        }
        out
    }

    /// What its texts may use; required ones must be there.
    pub fn placeholders(self) -> &'static [Placeholder] {
        const CODE: &[Placeholder] = &[required("code")];
        const PASSWORD: &[Placeholder] = &[required("password")];
        const NONE: &[Placeholder] = &[];
        const NUMBER: &[Placeholder] = &[required("number")];
        const MERGED: &[Placeholder] = &[required("number"), required("into")];
        const ORGANIZATION: &[Placeholder] = &[required("organization")];
        const WITH_REASON: &[Placeholder] = &[required("organization"), required("reason")];
        const TARGET: &[Placeholder] = &[required("number"), required("target")];
        const BLOCKED: &[Placeholder] = &[required("reason"), Placeholder { name: "support_phone", required: false }];
        match self {
            Notice::RegistrationCode | Notice::ResetCode => CODE,
            Notice::Password | Notice::ResetPassword => PASSWORD,
            Notice::AlreadyRegistered | Notice::TokensRevoked | Notice::DataErased | Notice::AccountUnblocked => NONE,
            Notice::AccountBlocked => BLOCKED,
            Notice::TicketCreated | Notice::TicketReply | Notice::TicketResolved | Notice::TicketAssigned => NUMBER,
            Notice::TicketMerged => MERGED,
            Notice::RepresentationConfirmed => ORGANIZATION,
            Notice::RepresentationRejected | Notice::RepresentationRevoked => WITH_REASON,
            Notice::SlaWarning | Notice::SlaBreach => TARGET,
        }
    }

    /// The placeholder holding a secret: its SMS must end with it.
    pub fn secret(self) -> Option<&'static str> {
        match self {
            Notice::RegistrationCode | Notice::ResetCode => Some("code"),
            Notice::Password | Notice::ResetPassword => Some("password"),
            _ => None,
        }
    }

    /// Staff receive it (the others go to customers).
    pub fn for_staff(self) -> bool {
        matches!(self, Notice::TicketAssigned | Notice::SlaWarning | Notice::SlaBreach)
    }

    /// Checks an SMS text (`field` names it on the form): placeholders, and a secret as the
    /// last word — nothing after it, not even a full stop, so it can be masked and read back.
    pub fn check_sms(self, field: &'static str, text: &str) -> Result<(), FieldError> {
        check(field, text, self.placeholders())?;
        if let Some(secret) = self.secret() {
            if !text.trim_end().ends_with(&format!(" {{{secret}}}")) {
                return Err(FieldError::new(field, "secret_not_last"));
            }
        }
        if text.chars().count() > 670 {
            return Err(FieldError::new(field, "sms_too_long"));
        }
        Ok(())
    }

    /// Checks a letter's subject (one line) and body.
    pub fn check_email(self, subject: &str, body: &str) -> Result<(), FieldError> {
        check("email_subject", subject, &[]).or_else(|e| match e.code {
            // A subject may use the placeholders, none of them is required there.
            "unknown_placeholder" => {
                let optional: Vec<Placeholder> =
                    self.placeholders().iter().map(|p| Placeholder { name: p.name, required: false }).collect();
                check("email_subject", subject, &optional)
            }
            _ => Err(e),
        })?;
        if subject.contains('\n') || subject.chars().count() > 200 {
            return Err(FieldError::new("email_subject", "subject_one_line"));
        }
        check("email_body", body, self.placeholders())
    }

    /// What the editor's preview puts into the placeholders.
    pub fn sample(self, name: &str) -> &'static str {
        match name {
            "code" => "123456",
            "password" => "Ab3dE5fG7h",
            "number" => "2026-000123",
            "into" => "2026-000124",
            "organization" => "ООО «Пример»",
            "reason" => "нет доверенности",
            "target" => "Первый ответ",
            _ => "…",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_and_has_a_channel() {
        for n in Notice::ALL {
            assert_eq!(Notice::parse(n.key()), Some(n));
            assert!(!n.channels().is_empty(), "{n:?}");
        }
        assert_eq!(Notice::parse("spam"), None);
        assert_eq!(Notice::TicketCreated.channels(), vec![Channel::Sms, Channel::Email]);
        assert_eq!(Notice::RegistrationCode.channels(), vec![Channel::Sms]);
        assert_eq!(Notice::SlaBreach.channels(), vec![Channel::Email]);
    }

    #[test]
    fn a_secret_stays_the_last_word_of_its_sms() {
        let code = Notice::RegistrationCode;
        assert_eq!(code.check_sms("sms", "Техподдержка: ваш код {code}"), Ok(()));
        assert_eq!(code.check_sms("sms", "Техподдержка: код {code}."), Err(FieldError::new("sms", "secret_not_last")));
        assert_eq!(
            code.check_sms("sms", "Техподдержка: {code} — ваш код"),
            Err(FieldError::new("sms", "secret_not_last"))
        );
        assert_eq!(code.check_sms("sms", "Техподдержка: ваш код"), Err(FieldError::new("sms", "missing_placeholder")));
        assert_eq!(
            Notice::TicketReply.check_sms("sms", "Ответ по {number} для {phone}"),
            Err(FieldError::new("sms", "unknown_placeholder"))
        );
        assert_eq!(
            Notice::TicketReply.check_sms("sms", &"ж".repeat(700)),
            Err(FieldError::new("sms", "missing_placeholder"))
        );
        let long = format!("{} {{number}}", "ж".repeat(700));
        assert_eq!(Notice::TicketReply.check_sms("sms", &long), Err(FieldError::new("sms", "sms_too_long")));
    }

    #[test]
    fn a_letter_needs_its_placeholders_in_the_body_and_one_line_of_subject() {
        let n = Notice::TicketMerged;
        assert_eq!(n.check_email("Заявка {number}", "Заявка {number} объединена с {into}."), Ok(()));
        assert_eq!(n.check_email("Заявки объединены", "Заявка {number} объединена с {into}."), Ok(()));
        assert_eq!(
            n.check_email("Заявка {phone}", "{number} {into}"),
            Err(FieldError::new("email_subject", "unknown_placeholder"))
        );
        assert_eq!(n.check_email("", "{number} {into}"), Err(FieldError::required("email_subject")));
        assert_eq!(n.check_email("Тема", "Заявка {number}"), Err(FieldError::new("email_body", "missing_placeholder")));
        assert_eq!(
            n.check_email("Две\nстроки", "{number} {into}"),
            Err(FieldError::new("email_subject", "subject_one_line"))
        );
    }
}
