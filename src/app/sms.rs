//! The texts of the SMS we send, in the person's language. A code or a password is always
//! the last word, so logs can mask it and tests can read it.

use super::notice_texts::NoticeTexts;
use crate::domain::notice::Notice;
use crate::i18n::Lang;
use crate::notify::mask_secret;
use crate::store::outbox::NewOutbox;

pub fn sms(to: &str, purpose: &'static str, text: String, key: String) -> NewOutbox {
    NewOutbox {
        channel: "sms",
        recipient: to.to_string(),
        purpose,
        masked_body: if purpose_has_secret(purpose) { mask_secret(&text) } else { text.clone() },
        body: text,
        idempotency_key: key,
    }
}

fn purpose_has_secret(purpose: &str) -> bool {
    matches!(purpose, "registration_code" | "password_reset_code" | "password")
}

pub fn registration_code(texts: &NoticeTexts, lang: Lang, to: &str, code: &str, key: String) -> NewOutbox {
    sms(to, "registration_code", texts.sms(Notice::RegistrationCode, lang, &[("code", code)]), key)
}

pub fn already_registered(texts: &NoticeTexts, lang: Lang, to: &str, key: String) -> NewOutbox {
    sms(to, "already_registered", texts.sms(Notice::AlreadyRegistered, lang, &[]), key)
}

pub fn password(texts: &NoticeTexts, lang: Lang, to: &str, password: &str, key: String) -> NewOutbox {
    sms(to, "password", texts.sms(Notice::Password, lang, &[("password", password)]), key)
}

pub fn reset_code(texts: &NoticeTexts, lang: Lang, to: &str, code: &str, key: String) -> NewOutbox {
    sms(to, "password_reset_code", texts.sms(Notice::ResetCode, lang, &[("code", code)]), key)
}

pub fn reset_password(texts: &NoticeTexts, lang: Lang, to: &str, password: &str, key: String) -> NewOutbox {
    sms(to, "password", texts.sms(Notice::ResetPassword, lang, &[("password", password)]), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_the_last_token_and_masked_for_logs() {
        let t = &NoticeTexts::default();
        for lang in Lang::ALL {
            let m = registration_code(t, lang, "+375291234567", "012345", "k".into());
            assert_eq!(m.body.split_whitespace().last(), Some("012345"), "{lang:?}: {}", m.body);
            assert!(!m.masked_body.contains("012345"));
            let p = password(t, lang, "+375291234567", "Ab3dE5fG7h", "k".into());
            assert_eq!(p.body.split_whitespace().last(), Some("Ab3dE5fG7h"));
            assert!(!p.masked_body.contains("Ab3dE5fG7h"));
            let r = reset_code(t, lang, "+375291234567", "987654", "k".into());
            assert_eq!(r.body.split_whitespace().last(), Some("987654"));
        }
        let a = already_registered(t, Lang::Ru, "+375291234567", "k".into());
        assert_eq!(a.body, a.masked_body);
        assert!(a.body.contains("уже зарегистрирован"), "{}", a.body);
    }
}
