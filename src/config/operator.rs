//! `[operator]`: who runs the portal. Law No. 99-З wants the consent to name the operator and
//! say where a written application goes; the footer and the «account blocked» message give the
//! same contacts. The defaults name an operator nobody could mistake for a real one, so a demo
//! never publishes a consent to somebody who does not exist without saying so.

use serde::Deserialize;

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OperatorConfig {
    /// Full legal name in Russian; `name_be` and `name_en` when it has official translations.
    pub name: String,
    pub name_be: String,
    pub name_en: String,
    /// Legal address (место нахождения).
    pub address: String,
    pub address_be: String,
    pub address_en: String,
    /// Where written applications go, when not to the legal address.
    pub postal_address: String,
    pub postal_address_be: String,
    pub postal_address_en: String,
    /// The support line, as people dial it.
    pub phone: String,
    pub email: String,
    /// When support answers, e.g. «пн–пт 9:00–18:00, кроме праздников».
    pub hours: String,
    pub hours_be: String,
    pub hours_en: String,
    /// Who processes personal data on the operator's behalf (law's «уполномоченные лица»):
    /// the SMS gateway and the e-mail relay, by name.
    pub processors: String,
    pub processors_be: String,
    pub processors_en: String,
}

impl Default for OperatorConfig {
    fn default() -> Self {
        OperatorConfig {
            name: "ООО «Пример» (вымышленный оператор — задайте [operator] в helpdesk.toml)".into(),
            name_be: "ТАА «Прыклад» (выдуманы аператар — задайце [operator] у helpdesk.toml)".into(),
            name_en: "Example LLC (a fictitious operator: set [operator] in helpdesk.toml)".into(),
            address: "220000, г.\u{a0}Минск, ул.\u{a0}Примерная, д.\u{a0}1".into(),
            address_be: "220000, г.\u{a0}Мінск, вул.\u{a0}Прыкладная, д.\u{a0}1".into(),
            address_en: "1 Example Street, Minsk 220000, Belarus".into(),
            postal_address: String::new(),
            postal_address_be: String::new(),
            postal_address_en: String::new(),
            phone: "+375\u{a0}17\u{a0}000-00-00".into(),
            email: "support@example.by".into(),
            hours: "пн–пт 9:00–18:00, кроме государственных праздников".into(),
            hours_be: "пн–пт 9:00–18:00, акрамя дзяржаўных святаў".into(),
            hours_en: "Mon–Fri 9:00–18:00 Minsk time, except public holidays".into(),
            processors: "ООО «Пример-SMS» (доставка SMS), ООО «Пример-Почта» (доставка электронной почты)".into(),
            processors_be: "ТАА «Прыклад-SMS» (дастаўка SMS), ТАА «Прыклад-Пошта» (дастаўка электроннай пошты)".into(),
            processors_en: "Example SMS LLC (SMS delivery), Example Mail LLC (e-mail delivery)".into(),
        }
    }
}

impl OperatorConfig {
    /// The environment's name for each setting (`HELPDESK_OPERATOR_NAME_BE` → `name_be`).
    pub fn set(&mut self, key: &str, value: &str) -> bool {
        let value = value.trim().to_string();
        let slot = match key {
            "NAME" => &mut self.name,
            "NAME_BE" => &mut self.name_be,
            "NAME_EN" => &mut self.name_en,
            "ADDRESS" => &mut self.address,
            "ADDRESS_BE" => &mut self.address_be,
            "ADDRESS_EN" => &mut self.address_en,
            "POSTAL_ADDRESS" => &mut self.postal_address,
            "POSTAL_ADDRESS_BE" => &mut self.postal_address_be,
            "POSTAL_ADDRESS_EN" => &mut self.postal_address_en,
            "PHONE" => &mut self.phone,
            "EMAIL" => &mut self.email,
            "HOURS" => &mut self.hours,
            "HOURS_BE" => &mut self.hours_be,
            "HOURS_EN" => &mut self.hours_en,
            "PROCESSORS" => &mut self.processors,
            "PROCESSORS_BE" => &mut self.processors_be,
            "PROCESSORS_EN" => &mut self.processors_en,
            _ => return false,
        };
        *slot = value;
        true
    }

    /// What must be there before anything is published: the law names these.
    pub fn validate(&self) -> Result<(), String> {
        let missing: Vec<&str> = [
            ("name", &self.name),
            ("address", &self.address),
            ("phone", &self.phone),
            ("email", &self.email),
            ("hours", &self.hours),
            ("processors", &self.processors),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("the consent names the operator: set {} in [operator]", missing.join(", ")))
        }
    }

    /// Still the fictitious operator of the defaults.
    pub fn is_fictitious(&self) -> bool {
        self.email == OperatorConfig::default().email || self.name == OperatorConfig::default().name
    }

    pub fn name(&self, lang: Lang) -> &str {
        in_lang(lang, &self.name, &self.name_be, &self.name_en)
    }

    pub fn address(&self, lang: Lang) -> &str {
        in_lang(lang, &self.address, &self.address_be, &self.address_en)
    }

    pub fn postal_address(&self, lang: Lang) -> &str {
        let own = in_lang(lang, &self.postal_address, &self.postal_address_be, &self.postal_address_en);
        if own.is_empty() {
            self.address(lang)
        } else {
            own
        }
    }

    pub fn hours(&self, lang: Lang) -> &str {
        in_lang(lang, &self.hours, &self.hours_be, &self.hours_en)
    }

    pub fn processors(&self, lang: Lang) -> &str {
        in_lang(lang, &self.processors, &self.processors_be, &self.processors_en)
    }

    /// The values a document's `{placeholders}` take in a language.
    pub fn placeholders(&self, lang: Lang) -> [(&'static str, &str); 7] {
        [
            ("operator_name", self.name(lang)),
            ("operator_address", self.address(lang)),
            ("operator_postal_address", self.postal_address(lang)),
            ("operator_phone", &self.phone),
            ("operator_email", &self.email),
            ("support_hours", self.hours(lang)),
            ("processors", self.processors(lang)),
        ]
    }
}

/// A translation left empty is given in Russian: better the operator's own words than none.
fn in_lang<'a>(lang: Lang, ru: &'a str, be: &'a str, en: &'a str) -> &'a str {
    let own = match lang {
        Lang::Ru => ru,
        Lang::Be => be,
        Lang::En => en,
    };
    if own.trim().is_empty() {
        ru
    } else {
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_without_its_own_text_falls_back_to_russian() {
        let mut op = OperatorConfig::default();
        assert!(op.set("NAME", " ОАО «Реальный оператор» "));
        assert!(op.set("NAME_EN", ""));
        op.name_be = String::new();
        assert_eq!(op.name(Lang::En), "ОАО «Реальный оператор»");
        assert_eq!(op.name(Lang::Be), "ОАО «Реальный оператор»");
        assert!(!op.set("NAME_DE", "x"), "unknown settings are not taken");
    }

    #[test]
    fn written_applications_go_to_the_legal_address_unless_another_is_given() {
        let mut op = OperatorConfig::default();
        assert_eq!(op.postal_address(Lang::Ru), op.address(Lang::Ru));
        op.set("POSTAL_ADDRESS", "220001, г. Минск, а/я 5");
        assert_eq!(op.postal_address(Lang::Ru), "220001, г. Минск, а/я 5");
        assert_eq!(op.postal_address(Lang::Be), "220001, г. Минск, а/я 5", "no Belarusian one: the Russian");
    }

    #[test]
    fn the_defaults_say_they_are_fictitious_and_an_empty_name_is_refused() {
        let mut op = OperatorConfig::default();
        assert!(op.is_fictitious());
        assert!(op.validate().is_ok());
        for lang in Lang::ALL {
            assert!(op.placeholders(lang).iter().all(|(_, v)| !v.is_empty()));
        }
        op.set("NAME", "ОАО «Реальный оператор»");
        op.set("EMAIL", "help@real.by");
        assert!(!op.is_fictitious());
        op.set("PHONE", " ");
        let err = op.validate().unwrap_err();
        assert!(err.contains("phone"), "{err}");
    }
}
