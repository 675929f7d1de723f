//! The texts of the SMS we send, in the person's language. A code or a password is always
//! the last word, so logs can mask it and tests can read it.

use crate::i18n::{Lang, Tr};
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

pub fn registration_code(lang: Lang, to: &str, code: &str, key: String) -> NewOutbox {
    sms(to, "registration_code", Tr::new(lang).t1("sms-registration-code", "code", code), key)
}

pub fn already_registered(lang: Lang, to: &str, key: String) -> NewOutbox {
    sms(to, "already_registered", Tr::new(lang).t("sms-already-registered"), key)
}

pub fn password(lang: Lang, to: &str, password: &str, key: String) -> NewOutbox {
    sms(to, "password", Tr::new(lang).t1("sms-password", "password", password), key)
}

pub fn reset_code(lang: Lang, to: &str, code: &str, key: String) -> NewOutbox {
    sms(to, "password_reset_code", Tr::new(lang).t1("sms-reset-code", "code", code), key)
}

pub fn reset_password(lang: Lang, to: &str, password: &str, key: String) -> NewOutbox {
    sms(to, "password", Tr::new(lang).t1("sms-reset-password", "password", password), key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_the_last_token_and_masked_for_logs() {
        for lang in Lang::ALL {
            let m = registration_code(lang, "+375291234567", "012345", "k".into());
            assert_eq!(m.body.split_whitespace().last(), Some("012345"), "{lang:?}: {}", m.body);
            assert!(!m.masked_body.contains("012345"));
            let p = password(lang, "+375291234567", "Ab3dE5fG7h", "k".into());
            assert_eq!(p.body.split_whitespace().last(), Some("Ab3dE5fG7h"));
            assert!(!p.masked_body.contains("Ab3dE5fG7h"));
            let r = reset_code(lang, "+375291234567", "987654", "k".into());
            assert_eq!(r.body.split_whitespace().last(), Some("987654"));
        }
        let a = already_registered(Lang::Ru, "+375291234567", "k".into());
        assert_eq!(a.body, a.masked_body);
        assert!(a.body.contains("уже зарегистрирован"), "{}", a.body);
    }
}
