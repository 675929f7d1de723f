//! Translations with Fluent: Russian by default, Belarusian and English on request.
//! Fluent gets Russian and Belarusian plural forms right («1 минуту», «2 минуты», «5 минут»).

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ru,
    Be,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Ru, Lang::Be, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Be => "be",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "be" => Some(Lang::Be),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language in an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut choices: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality =
                    pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                let primary = tag.split('-').next()?;
                Lang::from_code(primary).map(|l| (quality, l))
            })
            .collect();
        choices.sort_by(|a, b| b.0.total_cmp(&a.0));
        choices.first().map(|(_, l)| *l)
    }

    /// The name of the language in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Ru => "Русский",
            Lang::Be => "Беларуская",
            Lang::En => "English",
        }
    }
}

/// The name of a form field as our own `&'static str`, when the field has a label (`field-…` in
/// the Russian messages): a refusal can then name a field a client sent without carrying the
/// client's text.
pub fn field_name(name: &str) -> Option<&'static str> {
    include_str!("../locales/ru.ftl").lines().find_map(|line| {
        let (key, _) = line.strip_prefix("field-")?.split_once(" =")?;
        (key == name).then_some(key)
    })
}

pub struct I18n {
    ru: FluentBundle<FluentResource>,
    be: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, source: &'static str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(_, errors)| {
        panic!("locales/{lang}.ftl does not parse: {errors:?}");
    });
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().expect("valid language id")]);
    // Placeables are plain text in our pages; isolation marks would end up inside <input value>.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).expect("no duplicate messages");
    bundle
}

impl I18n {
    pub fn get() -> &'static I18n {
        static INSTANCE: OnceLock<I18n> = OnceLock::new();
        INSTANCE.get_or_init(|| I18n {
            ru: bundle("ru", include_str!("../locales/ru.ftl")),
            be: bundle("be", include_str!("../locales/be.ftl")),
            en: bundle("en", include_str!("../locales/en.ftl")),
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Be => &self.be,
            Lang::En => &self.en,
        }
    }

    /// The message, falling back to Russian, then to the key itself.
    pub fn text(&self, lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
        for bundle in [self.bundle(lang), &self.ru] {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = vec![];
                return bundle.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        key.to_string()
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }
}

/// The translator handed to templates and error mapping: `t("key")`, `t1("key", "n", 5)`.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Tr { lang }
    }

    pub fn t(&self, key: &str) -> String {
        I18n::get().text(self.lang, key, None)
    }

    pub fn t1(&self, key: &str, name: &str, value: impl Into<ArgValue>) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_string(), value.into().0);
        I18n::get().text(self.lang, key, Some(&args))
    }

    pub fn t2(&self, key: &str, a: (&str, ArgValue), b: (&str, ArgValue)) -> String {
        let mut args = FluentArgs::new();
        args.set(a.0.to_string(), a.1 .0);
        args.set(b.0.to_string(), b.1 .0);
        I18n::get().text(self.lang, key, Some(&args))
    }

    /// The message with any number of text values.
    pub fn t_values(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in values {
            args.set(name.to_string(), FluentValue::from(value.to_string()));
        }
        I18n::get().text(self.lang, key, Some(&args))
    }

    /// A field error as a sentence that names the field.
    pub fn field_error(&self, field: &str, code: &str) -> String {
        self.field_error_with(field, code, None, None)
    }

    /// A field error as a sentence that names the field and, where one was crossed, the limit
    /// (`$n`: characters, files).
    pub fn describe(&self, e: &crate::domain::FieldError) -> String {
        self.field_error_with(e.field, e.code, e.limit, None)
    }

    /// The same, naming the field by the label key its form shows (`field-reply` for the
    /// `body` of a reply) rather than by `field-{field}`.
    pub fn describe_as(&self, e: &crate::domain::FieldError, label_key: &str) -> String {
        self.field_error_with(e.field, e.code, e.limit, Some(label_key))
    }

    fn field_error_with(&self, field: &str, code: &str, limit: Option<u64>, label_key: Option<&str>) -> String {
        let label = match label_key {
            Some(key) => self.t(key),
            None => self.t(&format!("field-{field}")),
        };
        let specific = format!("error-{code}-{field}");
        let key = if I18n::get().has(self.lang, &specific) || I18n::get().has(Lang::Ru, &specific) {
            specific
        } else {
            format!("error-{code}")
        };
        match limit {
            Some(n) => self.t2(&key, ("field", label.into()), ("n", (n as i64).into())),
            None => self.t1(&key, "field", label),
        }
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
}

pub struct ArgValue(FluentValue<'static>);

impl From<String> for ArgValue {
    fn from(s: String) -> Self {
        ArgValue(FluentValue::from(s))
    }
}
impl From<&str> for ArgValue {
    fn from(s: &str) -> Self {
        ArgValue(FluentValue::from(s.to_string()))
    }
}
impl From<i64> for ArgValue {
    fn from(n: i64) -> Self {
        ArgValue(FluentValue::from(n))
    }
}
impl From<u32> for ArgValue {
    fn from(n: u32) -> Self {
        ArgValue(FluentValue::from(n))
    }
}

impl From<usize> for ArgValue {
    fn from(n: usize) -> Self {
        ArgValue(FluentValue::from(n as i64))
    }
}
impl From<&usize> for ArgValue {
    fn from(n: &usize) -> Self {
        ArgValue(FluentValue::from(*n as i64))
    }
}

impl From<&i64> for ArgValue {
    fn from(n: &i64) -> Self {
        ArgValue(FluentValue::from(*n))
    }
}
impl From<&u32> for ArgValue {
    fn from(n: &u32) -> Self {
        ArgValue(FluentValue::from(*n))
    }
}
impl From<&String> for ArgValue {
    fn from(s: &String) -> Self {
        ArgValue(FluentValue::from(s.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_by_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,ru;q=0.8"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE, be;q=0.5, ru;q=0.7"), Some(Lang::Ru));
        assert_eq!(Lang::from_accept_language("de, fr"), None);
    }

    /// (key, value) of every message of a language's file, its selector lines included.
    fn messages(source: &str) -> Vec<(&str, String)> {
        let mut out: Vec<(&str, String)> = Vec::new();
        for line in source.lines() {
            match line.split_once(" = ") {
                Some((key, value)) if !line.starts_with([' ', '#', '}']) => out.push((key, value.to_string())),
                _ if line.starts_with([' ', '}']) => {
                    if let Some(last) = out.last_mut() {
                        last.1.push('\n');
                        last.1.push_str(line);
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn belarusian_and_english_texts_do_not_slip_into_russian() {
        for (key, value) in messages(include_str!("../locales/be.ftl")) {
            // Belarusian has no и, щ, ъ: a word with one is Russian.
            assert!(!value.contains(['и', 'щ', 'ъ', 'И', 'Щ', 'Ъ']), "be {key}: {value}");
        }
        for (key, value) in messages(include_str!("../locales/en.ftl")) {
            assert!(!value.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)), "en {key} has Cyrillic: {value}");
            assert!(!value.contains(['№', '«', '»']), "en {key}: No. and English quotes: {value}");
        }
    }

    #[test]
    fn numbers_keep_their_signs_and_units_on_one_line() {
        for (lang, source) in [("ru", include_str!("../locales/ru.ftl")), ("be", include_str!("../locales/be.ftl"))] {
            for (key, value) in messages(source) {
                assert!(!value.contains("№ "), "{lang} {key}: a non-breaking space after №: {value}");
                assert!(!value.contains(" — "), "{lang} {key}: a non-breaking space before a dash: {value}");
                for unit in ["с", "мин", "хв", "МБ", "КБ", "ч", "г"] {
                    let spaced = format!("}} {unit}");
                    let glued = value
                        .match_indices(&spaced)
                        .any(|(at, _)| !value[at + spaced.len()..].chars().next().is_some_and(char::is_alphabetic));
                    assert!(!glued, "{lang} {key}: a non-breaking space before «{unit}»: {value}");
                }
            }
        }
    }

    #[test]
    fn russian_plurals() {
        let tr = Tr::new(Lang::Ru);
        assert_eq!(tr.t1("minutes", "n", 1i64), "1 минуту");
        assert_eq!(tr.t1("minutes", "n", 3i64), "3 минуты");
        assert_eq!(tr.t1("minutes", "n", 5i64), "5 минут");
        assert_eq!(tr.t1("minutes", "n", 21i64), "21 минуту");
        assert_eq!(tr.t1("minutes", "n", 12i64), "12 минут");
        let be = Tr::new(Lang::Be);
        assert_eq!(be.t1("minutes", "n", 2i64), "2 хвіліны");
        assert_eq!(be.t1("minutes", "n", 11i64), "11 хвілін");
        assert_eq!(Tr::new(Lang::En).t1("minutes", "n", 1i64), "1 minute");
    }

    #[test]
    fn every_message_exists_in_every_language() {
        let keys = |src: &str| -> Vec<String> {
            src.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap().trim().to_string())
                .collect()
        };
        let ru = keys(include_str!("../locales/ru.ftl"));
        for (name, src) in [("be", include_str!("../locales/be.ftl")), ("en", include_str!("../locales/en.ftl"))] {
            let other = keys(src);
            let missing: Vec<_> = ru.iter().filter(|k| !other.contains(k)).collect();
            assert!(missing.is_empty(), "{name}.ftl lacks {missing:?}");
            let extra: Vec<_> = other.iter().filter(|k| !ru.contains(k)).collect();
            assert!(extra.is_empty(), "{name}.ftl has keys unknown in ru.ftl: {extra:?}");
        }
        // All three parse (I18n::get panics otherwise).
        let _ = I18n::get();
    }

    #[test]
    fn every_sms_starts_with_the_same_prefix_and_english_says_unp() {
        for (lang, source, prefix) in [
            (Lang::Ru, include_str!("../locales/ru.ftl"), "Техподдержка: "),
            (Lang::Be, include_str!("../locales/be.ftl"), "Тэхпадтрымка: "),
            (Lang::En, include_str!("../locales/en.ftl"), "Helpdesk: "),
        ] {
            let keys: Vec<&str> = source
                .lines()
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
                .filter(|k| k.starts_with("sms-"))
                .collect();
            assert!(keys.len() >= 8, "{lang:?}: {keys:?}");
            for key in keys {
                let text = Tr::new(lang).t1(key, "number", "2026-000001");
                assert!(text.starts_with(prefix), "{lang:?} {key}: {text}");
            }
        }
        assert!(!include_str!("../locales/en.ftl").contains("УНП"), "English says UNP");
    }

    #[test]
    fn known_field_names_are_ours_and_others_are_not() {
        assert_eq!(field_name("body"), Some("body"));
        assert_eq!(field_name("subject"), Some("subject"));
        assert_eq!(field_name("<script>"), None);
        assert_eq!(field_name(""), None);
    }

    #[test]
    fn field_errors_name_the_field() {
        let ru = Tr::new(Lang::Ru);
        let msg = ru.field_error("last_name", "required");
        assert!(msg.contains("Фамилия"), "{msg}");
        let unp = ru.field_error("unp", "unp_check_digit");
        assert_eq!(
            unp,
            "«УНП организации»: такого УНП нет\u{a0}— не сходится последняя, контрольная цифра. Проверьте номер."
        );
        let en = Tr::new(Lang::En).field_error("phone", "invalid_phone");
        assert!(en.contains("Mobile phone"), "{en}");
    }
}
