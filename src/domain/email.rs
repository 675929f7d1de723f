//! E-mail addresses (optional for customers).

use super::FieldError;

/// A syntactically plausible address with its domain lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("email", "invalid_email");
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::required("email"));
        }
        if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = s.rsplit_once('@').ok_or_else(invalid)?;
        if local.is_empty() || local.len() > 64 || local.contains('@') {
            return Err(invalid());
        }
        if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
            return Err(invalid());
        }
        if local.chars().any(|c| "<>()[]\\,;:\"".contains(c)) {
            return Err(invalid());
        }
        let domain = domain.to_lowercase();
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return Err(invalid());
        }
        for label in &labels {
            let ok = !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-');
            if !ok {
                return Err(invalid());
            }
        }
        if labels.last().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit())) {
            return Err(invalid());
        }
        Ok(Email(format!("{local}@{domain}")))
    }

    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(input).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_and_domain_lowercased() {
        assert_eq!(Email::parse(" Ivan.Petrov@Mail.BY ").unwrap().as_str(), "Ivan.Petrov@mail.by");
        assert!(Email::parse("a+tag@sub.example.com").is_ok());
        assert!(Email::parse("user@пример.бел").is_ok());
    }

    #[test]
    fn refused() {
        for bad in [
            "ivan",
            "ivan@",
            "@mail.by",
            "ivan@mail",
            "ivan@@mail.by",
            "iv an@mail.by",
            "ivan@-mail.by",
            "ivan@mail..by",
            ".ivan@mail.by",
            "ivan@1.2.3.4",
        ] {
            assert_eq!(Email::parse(bad).unwrap_err().code, "invalid_email", "{bad}");
        }
        assert_eq!(Email::parse_optional("").unwrap(), None);
    }
}
