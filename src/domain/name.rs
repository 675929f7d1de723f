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

/// Trimmed free text with a length limit (position, organisation name, address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeText(String);

impl FreeText {
    pub fn parse(field: &'static str, input: &str, max_chars: usize) -> Result<Self, FieldError> {
        let text: String = input.nfc().collect::<String>().trim().to_string();
        if text.is_empty() {
            return Err(FieldError::required(field));
        }
        if text.chars().count() > max_chars {
            return Err(FieldError::new(field, "too_long"));
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
    fn free_text_limits() {
        assert_eq!(FreeText::parse("position", " Бухгалтер ", 10).unwrap().as_str(), "Бухгалтер");
        assert_eq!(FreeText::parse("position", "абвгдежзийк", 10).unwrap_err().code, "too_long");
        assert_eq!(FreeText::parse("address", "a\u{0}b", 10).unwrap_err().code, "invalid_text");
        assert_eq!(FreeText::parse_optional("position", "", 10).unwrap(), None);
    }
}
