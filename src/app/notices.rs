//! Who hears about a ticket, and how: SMS to the customer's phone, or e-mail when they prefer it
//! and the portal has an SMTP relay; e-mail to the staff member a ticket is assigned to.

use super::notice_texts::NoticeTexts;
use super::App;
use crate::domain::notice::Notice;
use crate::domain::people::AccountStatus;
use crate::i18n::Lang;
use crate::store::outbox::NewOutbox;
use crate::store::users::UserRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketNews {
    Created,
    Reply,
    Resolved,
}

impl TicketNews {
    fn notice(self) -> Notice {
        match self {
            TicketNews::Created => Notice::TicketCreated,
            TicketNews::Reply => Notice::TicketReply,
            TicketNews::Resolved => Notice::TicketResolved,
        }
    }
}

pub fn email(to: &str, purpose: &'static str, subject: String, body: String, key: String) -> NewOutbox {
    let text = format!("{subject}\n\n{body}");
    NewOutbox {
        channel: "email",
        recipient: to.to_string(),
        purpose,
        masked_body: text.clone(),
        body: text,
        idempotency_key: key,
    }
}

impl App {
    pub fn email_enabled(&self) -> bool {
        !self.config.smtp_host.is_empty()
    }

    /// A link to the ticket when the portal knows its public address.
    pub(crate) fn ticket_link(&self, path: &str) -> String {
        if self.config.public_url.is_empty() {
            String::new()
        } else {
            format!("{}{path}", self.config.public_url)
        }
    }

    /// The customer's notice about their ticket; `None` when they can be reached neither way.
    pub fn ticket_notice(
        &self,
        texts: &NoticeTexts,
        customer: &UserRow,
        news: TicketNews,
        number: &str,
        key: String,
    ) -> Option<NewOutbox> {
        let lang = Lang::from_code(&customer.lang).unwrap_or_default();
        let values = [("number", number)];
        let (subject, mut body) = texts.email(news.notice(), lang, &values);
        let link = self.ticket_link(&format!("/tickets/{number}"));
        if !link.is_empty() {
            body.push_str(&format!("\n\n{link}"));
        }
        self.reach_customer(customer, "ticket_update", texts.sms(news.notice(), lang, &values), (subject, body), key)
    }

    /// «Заявки № A и № B объединены»: the customer is told once, when a duplicate is merged.
    pub fn merge_notice(
        &self,
        texts: &NoticeTexts,
        customer: &UserRow,
        source: &str,
        target: &str,
        key: String,
    ) -> Option<NewOutbox> {
        let lang = Lang::from_code(&customer.lang).unwrap_or_default();
        let values = [("number", source), ("into", target)];
        let (subject, mut body) = texts.email(Notice::TicketMerged, lang, &values);
        let link = self.ticket_link(&format!("/tickets/{target}"));
        if !link.is_empty() {
            body.push_str(&format!("\n\n{link}"));
        }
        self.reach_customer(
            customer,
            "ticket_update",
            texts.sms(Notice::TicketMerged, lang, &values),
            (subject, body),
            key,
        )
    }

    /// «Ваши API-токены отозваны», after a password change or reset revoked them.
    pub fn tokens_revoked_notice(&self, texts: &NoticeTexts, person: &UserRow, key: String) -> Option<NewOutbox> {
        let lang = Lang::from_code(&person.lang).unwrap_or_default();
        let letter = texts.email(Notice::TokensRevoked, lang, &[]);
        self.reach_customer(person, "tokens_revoked", texts.sms(Notice::TokensRevoked, lang, &[]), letter, key)
    }

    /// «Ваши персональные данные удалены»: by SMS, and by e-mail too when the person gave an
    /// address and the portal has a relay — whichever they read, the law wants them told.
    /// Built for a blocked account, so not through `reach_customer`.
    pub fn erasure_notices(&self, texts: &NoticeTexts, person: &UserRow) -> Vec<NewOutbox> {
        self.reach_everywhere(texts, person, Notice::DataErased, "data_erased", &[], &format!("erased:{}", person.id))
    }

    /// A notice by SMS, and by e-mail too when the person gave an address and the portal has a
    /// relay, whatever they chose and whatever the account's status: for news about the account
    /// itself (blocked, erased), which a person cannot read in the portal. `key` is the stem of
    /// the two messages' idempotency keys.
    pub(crate) fn reach_everywhere(
        &self,
        texts: &NoticeTexts,
        person: &UserRow,
        notice: Notice,
        purpose: &'static str,
        values: &[(&str, &str)],
        key: &str,
    ) -> Vec<NewOutbox> {
        let lang = Lang::from_code(&person.lang).unwrap_or_default();
        let mut out = Vec::new();
        if let Some(phone) = person.phone.as_deref().filter(|p| crate::domain::Phone::parse(p).is_ok()) {
            out.push(super::sms::sms(phone, purpose, texts.sms(notice, lang, values), format!("{key}:sms")));
        }
        if let Some(address) = person.email.as_deref().filter(|_| self.email_enabled()) {
            let (subject, body) = texts.email(notice, lang, values);
            out.push(email(address, purpose, subject, body, format!("{key}:email")));
        }
        out
    }

    /// A notice by e-mail when the person prefers it and the portal has a relay, by SMS
    /// otherwise; `None` when they can be reached neither way or are blocked (consent withdrawn).
    pub(crate) fn reach_customer(
        &self,
        person: &UserRow,
        purpose: &'static str,
        sms: String,
        (subject, body): (String, String),
        key: String,
    ) -> Option<NewOutbox> {
        if person.status != AccountStatus::Active {
            return None;
        }
        match (&person.email, &person.phone) {
            (Some(address), _) if person.notify_by_email && self.email_enabled() => {
                Some(email(address, purpose, subject, body, key))
            }
            (_, Some(phone)) => Some(super::sms::sms(phone, purpose, sms, key)),
            _ => None,
        }
    }

    /// «Вам назначена заявка» to the staff member, when they have an address and e-mail is on.
    pub fn assignment_notice(
        &self,
        texts: &NoticeTexts,
        staff: &UserRow,
        number: &str,
        subject: &str,
        key: String,
    ) -> Option<NewOutbox> {
        let address = staff.email.as_ref().filter(|_| self.email_enabled())?;
        let lang = Lang::from_code(&staff.lang).unwrap_or_default();
        let (title, mut body) = texts.email(Notice::TicketAssigned, lang, &[("number", number)]);
        body.push_str(&format!("\n\n{subject}"));
        let link = self.ticket_link(&format!("/staff/tickets/{number}"));
        if !link.is_empty() {
            body.push_str(&format!("\n{link}"));
        }
        Some(email(address, "ticket_assigned", title, body, key))
    }
}
