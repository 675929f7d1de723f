//! The words of every notice: an administrator's text where one is kept, else the standard one
//! from `locales/*.ftl`. The catalogue holds them, so sending a notice reads no database.

use std::collections::HashMap;

use crate::domain::notice::{Channel, Notice};
use crate::domain::template::render;
use crate::i18n::{Lang, Tr};
use crate::store::templates::TemplateRow;

/// (subject, body) of an administrator's text; an SMS has no subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub subject: String,
    pub body: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NoticeTexts {
    kept: HashMap<(Notice, Lang, Channel), Text>,
}

impl NoticeTexts {
    /// Rows of notices or languages this version does not know are passed over.
    pub fn new(rows: Vec<TemplateRow>) -> Self {
        let kept = rows
            .into_iter()
            .filter_map(|r| {
                let key = (Notice::parse(&r.notice)?, Lang::from_code(&r.lang)?, Channel::parse(&r.channel)?);
                Some((key, Text { subject: r.subject, body: r.body, updated_at: r.updated_at }))
            })
            .collect();
        NoticeTexts { kept }
    }

    pub fn kept(&self, notice: Notice, lang: Lang, channel: Channel) -> Option<&Text> {
        self.kept.get(&(notice, lang, channel))
    }

    /// The SMS in `lang` with the values put in.
    pub fn sms(&self, notice: Notice, lang: Lang, values: &[(&str, &str)]) -> String {
        match self.kept(notice, lang, Channel::Sms) {
            Some(t) => render(&t.body, values),
            None => Tr::new(lang).t_values(notice.sms_message().unwrap_or_default(), values),
        }
    }

    /// The letter (subject, body) in `lang` with the values put in.
    pub fn email(&self, notice: Notice, lang: Lang, values: &[(&str, &str)]) -> (String, String) {
        match self.kept(notice, lang, Channel::Email) {
            Some(t) => (render(&t.subject, values), render(&t.body, values)),
            None => {
                let (subject, body) = notice.email_messages().unwrap_or_default();
                let tr = Tr::new(lang);
                (tr.t_values(subject, values), tr.t_values(body, values))
            }
        }
    }
}

/// The placeholders of a notice as their own `{name}`: what the standard words read as a template.
fn markers(notice: Notice) -> Vec<(&'static str, String)> {
    notice.placeholders().iter().map(|p| (p.name, format!("{{{}}}", p.name))).collect()
}

/// The standard SMS of a notice as a template («… Код подтверждения: {code}»).
pub fn standard_sms(notice: Notice, lang: Lang) -> String {
    let m = markers(notice);
    let values: Vec<(&str, &str)> = m.iter().map(|(n, v)| (*n, v.as_str())).collect();
    NoticeTexts::default().sms(notice, lang, &values)
}

/// The standard letter of a notice as a template.
pub fn standard_email(notice: Notice, lang: Lang) -> (String, String) {
    let m = markers(notice);
    let values: Vec<(&str, &str)> = m.iter().map(|(n, v)| (*n, v.as_str())).collect();
    NoticeTexts::default().email(notice, lang, &values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_words_read_as_valid_templates() {
        for notice in Notice::ALL {
            for lang in Lang::ALL {
                if notice.sms_message().is_some() {
                    let sms = standard_sms(notice, lang);
                    assert_eq!(notice.check_sms("sms", &sms), Ok(()), "{notice:?} {lang:?}: {sms}");
                }
                if notice.email_messages().is_some() {
                    let (subject, body) = standard_email(notice, lang);
                    assert_eq!(notice.check_email(&subject, &body), Ok(()), "{notice:?} {lang:?}: {subject} / {body}");
                }
            }
        }
        assert_eq!(
            standard_sms(Notice::RegistrationCode, Lang::Ru),
            "Техподдержка: никому не сообщайте этот код. Код подтверждения: {code}"
        );
    }

    #[test]
    fn a_kept_text_replaces_the_standard_one_in_its_language_only() {
        let texts = NoticeTexts::new(vec![TemplateRow {
            notice: "ticket_created".into(),
            lang: "ru".into(),
            channel: "sms".into(),
            subject: String::new(),
            body: "Техподдержка: приняли {number}, ждите".into(),
            updated_at: 1,
        }]);
        let values = [("number", "2026-000001")];
        assert_eq!(texts.sms(Notice::TicketCreated, Lang::Ru, &values), "Техподдержка: приняли 2026-000001, ждите");
        assert!(texts
            .sms(Notice::TicketCreated, Lang::Be, &values)
            .starts_with("Тэхпадтрымка: заяўка №\u{a0}2026-000001"));
        let (subject, _) = texts.email(Notice::TicketCreated, Lang::Ru, &values);
        assert_eq!(subject, "Заявка №\u{a0}2026-000001 принята", "the letter keeps its standard words");
        let unknown = NoticeTexts::new(vec![TemplateRow {
            notice: "gone".into(),
            lang: "ru".into(),
            channel: "sms".into(),
            subject: String::new(),
            body: "x".into(),
            updated_at: 1,
        }]);
        assert!(unknown.kept.is_empty());
    }
}
