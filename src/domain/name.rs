//! Personal names and short free-text fields.

use unicode_normalization::UnicodeNormalization;

use super::FieldError;

const MAX_NAME_CHARS: usize = 100;

/// A last, first or middle name: Cyrillic (with Belarusian і, ў, ʼ) or Latin letters,
/// spaces, hyphens and apostrophes; trimmed, NFC-normalised, 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(field: &'static str, input: &str) -> Result<Self, FieldError> {
        // The limit holds for what was sent, as the API's schema states it (`maxLength`).
        if input.chars().count() > MAX_NAME_CHARS {
            return Err(FieldError::new(field, "name_too_long"));
        }
        let normalised: String = input.nfc().collect();
        let collapsed = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(FieldError::required(field));
        }
        if collapsed.chars().count() > MAX_NAME_CHARS {
            return Err(FieldError::new(field, "name_too_long"));
        }
        if !collapsed.chars().all(is_name_char) || !collapsed.chars().any(char::is_alphabetic) {
            return Err(FieldError::new(field, "invalid_name"));
        }
        Ok(PersonName(collapsed))
    }

    /// For an optional field: empty input is `None`, anything else must be a valid name.
    pub fn parse_optional(field: &'static str, input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(field, input).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

fn is_name_char(c: char) -> bool {
    matches!(c,
        'a'..='z' | 'A'..='Z'
        | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё'
        | 'і' | 'І' | 'ў' | 'Ў'
        | ' ' | '-' | '\'' | 'ʼ' | '’')
}

/// Invisible characters that change how text around them is shown rather than what it says:
/// bidirectional overrides, embeddings, isolates and marks (U+202E makes `exe.pdf` of
/// `fdp.exe`), zero-width spaces, the word joiner and friends, the byte-order mark, the soft
/// hyphen. Zero-width (non-)joiners stay: emoji and some scripts need them.
pub fn is_hidden_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}'
        | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}')
}

/// The text without [`is_hidden_format_char`] characters.
pub fn strip_hidden_format(input: &str) -> String {
    input.chars().filter(|c| !is_hidden_format_char(*c)).collect()
}

/// Trimmed free text with a length limit: one line (a subject, a position, an organisation's
/// name or address), or several (a message). Invisible formatting characters are dropped,
/// since nobody means them and they can make a text read as something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeText(String);

impl FreeText {
    /// One line: runs of white space, new lines included, become one space.
    pub fn parse_line(field: &'static str, input: &str, max_chars: usize) -> Result<Self, FieldError> {
        if input.chars().count() > max_chars {
            return Err(FieldError::with_limit(field, "too_long", max_chars));
        }
        let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
        Self::parse(field, &collapsed, max_chars)
    }

    pub fn parse_line_optional(field: &'static str, input: &str, max_chars: usize) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse_line(field, input, max_chars).map(Some)
        }
    }

    /// Several lines (a message): new lines and tabs stay; a browser's CR LF (how a textarea is
    /// sent) and a lone CR become LF.
    pub fn parse(field: &'static str, input: &str, max_chars: usize) -> Result<Self, FieldError> {
        // The limit holds for what was sent, as the API's schema states it (`maxLength`).
        if input.chars().count() > max_chars {
            return Err(FieldError::with_limit(field, "too_long", max_chars));
        }
        let lines = input.replace("\r\n", "\n").replace('\r', "\n");
        let text: String = strip_hidden_format(&lines.nfc().collect::<String>()).trim().to_string();
        if text.is_empty() {
            return Err(FieldError::required(field));
        }
        if text.chars().count() > max_chars {
            return Err(FieldError::with_limit(field, "too_long", max_chars));
        }
        if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(FieldError::new(field, "invalid_text"));
        }
        Ok(FreeText(text))
    }

    pub fn parse_optional(field: &'static str, input: &str, max_chars: usize) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(field, input, max_chars).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_belarusian_and_latin_names() {
        for name in ["Иванов", "Мельнікаў", "Пятроўская-Кулеш", "O'Neil", "Dʼyachenko", "Анна Мария", "Ёлкин"]
        {
            assert_eq!(PersonName::parse("last_name", name).unwrap().as_str(), name);
        }
    }

    #[test]
    fn trimmed_and_inner_spaces_collapsed() {
        assert_eq!(PersonName::parse("first_name", "  Анна   Мария ").unwrap().as_str(), "Анна Мария");
    }

    #[test]
    fn nfc_normalised() {
        // «й» typed as «и» + combining breve becomes the single letter.
        let decomposed = "Андре\u{438}\u{306}";
        assert_eq!(PersonName::parse("first_name", decomposed).unwrap().as_str(), "Андрей");
    }

    #[test]
    fn refused_inputs_name_the_field() {
        assert_eq!(PersonName::parse("last_name", " ").unwrap_err(), FieldError::required("last_name"));
        assert_eq!(PersonName::parse("last_name", "Иванов2").unwrap_err().code, "invalid_name");
        assert_eq!(PersonName::parse("first_name", "<script>").unwrap_err().code, "invalid_name");
        assert_eq!(PersonName::parse("first_name", "--").unwrap_err().code, "invalid_name");
        let long = "а".repeat(101);
        assert_eq!(PersonName::parse("middle_name", &long).unwrap_err().code, "name_too_long");
        assert!(PersonName::parse("middle_name", &"а".repeat(100)).is_ok());
    }

    #[test]
    fn optional_names() {
        assert_eq!(PersonName::parse_optional("middle_name", "  ").unwrap(), None);
        assert!(PersonName::parse_optional("middle_name", "Петрович").unwrap().is_some());
        assert!(PersonName::parse_optional("middle_name", "П3").is_err());
    }

    #[test]
    fn hidden_format_characters_are_dropped() {
        let spoof = "invoice\u{202E}fdp.exe";
        assert_eq!(FreeText::parse_line("subject", spoof, 100).unwrap().as_str(), "invoicefdp.exe");
        for c in ['\u{200E}', '\u{200F}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{202A}', '\u{FEFF}'] {
            let text = format!("Токен{c} не виден");
            assert_eq!(FreeText::parse_line("subject", &text, 100).unwrap().as_str(), "Токен не виден", "{c:?}");
            assert_eq!(FreeText::parse("body", &text, 100).unwrap().as_str(), "Токен не виден", "{c:?}");
        }
        assert_eq!(FreeText::parse_line("subject", "\u{202E}\u{200F}", 100).unwrap_err().code, "required");
        let emoji = "Ноутбук 👩\u{200D}💻";
        assert_eq!(FreeText::parse_line("subject", emoji, 100).unwrap().as_str(), emoji, "joiners stay");
        assert!(!is_hidden_format_char('а') && !is_hidden_format_char('\u{200D}'));
    }

    #[test]
    fn a_browsers_line_breaks_are_new_lines() {
        assert_eq!(
            FreeText::parse("body", "Строка 1\r\nСтрока 2\rСтрока 3", 100).unwrap().as_str(),
            "Строка 1\nСтрока 2\nСтрока 3"
        );
    }

    #[test]
    fn one_line_fields_have_one_line() {
        assert_eq!(FreeText::parse_line("subject", " Не\r\nработает\t ЭЦП ", 100).unwrap().as_str(), "Не работает ЭЦП");
        assert_eq!(FreeText::parse("body", "Строка 1\nСтрока 2", 100).unwrap().as_str(), "Строка 1\nСтрока 2");
        assert_eq!(FreeText::parse_line_optional("position", " \n ", 10).unwrap(), None);
    }

    #[test]
    fn free_text_limits() {
        assert_eq!(FreeText::parse("position", " Бухгалтер", 10).unwrap().as_str(), "Бухгалтер");
        assert_eq!(FreeText::parse("position", "абвгдежзийк", 10).unwrap_err().code, "too_long");
        assert_eq!(FreeText::parse("address", "a\u{0}b", 10).unwrap_err().code, "invalid_text");
        assert_eq!(FreeText::parse_optional("position", "", 10).unwrap(), None);
        // The limit counts what was sent, spaces around it included, as the API schema says.
        assert_eq!(FreeText::parse("body", "  абвгдежзи", 10).unwrap_err().code, "too_long");
        assert_eq!(PersonName::parse("last_name", &format!(" {}", "а".repeat(100))).unwrap_err().code, "name_too_long");
    }
}
