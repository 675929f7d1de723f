//! Belarusian mobile phone numbers, parsed from any spelling people type.

use std::fmt;

use super::FieldError;

/// A Belarusian mobile number in one of the operators' mobile ranges.
///
/// Holds the nine national digits; can only be built by [`Phone::parse`],
/// so every `Phone` in the program is a number that may receive SMS.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    national: [u8; 9],
}

impl Phone {
    /// Accepts `+375 29 123-45-67`, `375291234567`, `80291234567`,
    /// `8 (029) 123-45-67`, `029 123 45 67`, `29 123 45 67` and the like.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(FieldError::required("phone"));
        }
        let invalid = || FieldError::new("phone", "invalid_phone");
        let mut digits = String::with_capacity(16);
        let mut plus = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '(' | ')' | '.' | '\u{a0}' | '\u{2011}' | '\u{2013}' => {}
                _ => return Err(invalid()),
            }
        }
        let national = if plus {
            digits.strip_prefix("375").ok_or_else(invalid)?
        } else if let Some(rest) = digits.strip_prefix("00375") {
            rest
        } else if digits.len() == 12 {
            digits.strip_prefix("375").ok_or_else(invalid)?
        } else if digits.len() == 11 {
            // 8 0xx xxx-xx-xx: the domestic long-distance prefix.
            digits.strip_prefix("80").ok_or_else(invalid)?
        } else if digits.len() == 10 {
            digits.strip_prefix('0').ok_or_else(invalid)?
        } else {
            digits.as_str()
        };
        if national.len() != 9 || !is_mobile_range(national.as_bytes()) {
            return Err(invalid());
        }
        let mut out = [0u8; 9];
        out.copy_from_slice(national.as_bytes());
        Ok(Phone { national: out })
    }

    /// `+375291234567`: how the number is stored and sent to gateways.
    pub fn e164(&self) -> String {
        format!("+375{}", self.national_str())
    }

    /// The nine digits after +375.
    pub fn national_str(&self) -> &str {
        std::str::from_utf8(&self.national).expect("ASCII digits")
    }

    /// `+375 29 123-45-67`: how people read it.
    pub fn display(&self) -> String {
        let n = self.national_str();
        format!("+375 {} {}-{}-{}", &n[0..2], &n[2..5], &n[5..7], &n[7..9])
    }

    /// `+375 29 ***-**-67`: enough to recognise one's own number, no more.
    pub fn masked(&self) -> String {
        let n = self.national_str();
        format!("+375 {} ***-**-{}", &n[0..2], &n[7..9])
    }
}

/// `(?:2(?:5[5-79]|9[1-9])|(?:33|44)\d)\d{6}` from libphonenumber's metadata for BY mobiles.
fn is_mobile_range(n: &[u8]) -> bool {
    if n.len() != 9 || !n.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match (n[0], n[1], n[2]) {
        (b'2', b'5', c) => matches!(c, b'5'..=b'7' | b'9'),
        (b'2', b'9', c) => c != b'0',
        (b'3', b'3', _) | (b'4', b'4', _) => true,
        _ => false,
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_common_spelling_is_the_same_number() {
        for spelling in [
            "+375 29 123-45-67",
            "+375291234567",
            "375291234567",
            "80291234567",
            "8 (029) 123-45-67",
            "8-029-123-45-67",
            "029 123 45 67",
            "29 123 45 67",
            "291234567",
            "00375291234567",
            "+375 (29) 123 45 67",
            "  +375 29 123.45.67 ",
        ] {
            let phone = Phone::parse(spelling).unwrap_or_else(|e| panic!("{spelling}: {e:?}"));
            assert_eq!(phone.e164(), "+375291234567", "{spelling}");
        }
    }

    #[test]
    fn every_operator_range_is_accepted() {
        for n in [
            "+375255123456",
            "+375256123456",
            "+375257123456",
            "+375259123456",
            "+375291000000",
            "+375299999999",
            "+375330000000",
            "+375447654321",
        ] {
            assert!(Phone::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn landlines_other_countries_and_gaps_in_ranges_are_refused() {
        for n in [
            "+375 17 123-45-67", // Minsk landline
            "+375 25 012-34-56", // 250 is not allocated to mobiles
            "+375 25 812-34-56",
            "+375 29 012-34-56",
            "+375 24 123-45-67",
            "+7 916 123-45-67", // Russia
            "+48 601 234 567",  // Poland
            "+375 29 123-45-6",
            "+375 29 123-45-678",
            "8 029 123 45 6",
            "29123456",
            "abc",
            "+375 29 123-45-6x",
            "375+291234567",
        ] {
            let err = Phone::parse(n).expect_err(n);
            assert_eq!(err.code, "invalid_phone", "{n}");
            assert_eq!(err.field, "phone");
        }
    }

    #[test]
    fn empty_is_a_required_field_error() {
        let err = Phone::parse("   ").unwrap_err();
        assert_eq!((err.field, err.code), ("phone", "required"));
    }

    #[test]
    fn display_and_mask() {
        let p = Phone::parse("80447654321").unwrap();
        assert_eq!(p.display(), "+375 44 765-43-21");
        assert_eq!(p.masked(), "+375 44 ***-**-21");
        assert_eq!(format!("{p:?}"), "Phone(+375 44 ***-**-21)");
        assert_eq!(p.national_str(), "447654321");
    }
}
