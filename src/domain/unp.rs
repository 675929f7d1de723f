//! УНП — the Belarusian taxpayer number that identifies an organisation.

use std::fmt;

use super::FieldError;

const WEIGHTS: [u32; 8] = [29, 23, 19, 17, 13, 7, 5, 3];
const FIRST_LETTERS: &str = "ABCEHKM";
const SECOND_LETTERS: &str = "ABCEHKMOPT";

/// A УНП with a valid check digit, in its canonical 9-character Latin form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Unp(String);

impl Unp {
    /// Ignores spaces and a leading «УНП», reads Cyrillic look-alikes as Latin letters.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let invalid = || FieldError::new("unp", "invalid_unp");
        let mut s: String =
            input.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
        for prefix in ["УНП:", "УНП", "UNP:", "UNP"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_string();
                break;
            }
        }
        if s.is_empty() {
            return Err(FieldError::required("unp"));
        }
        let chars: Vec<char> = s.chars().map(latin_look_alike).collect();
        if chars.len() != 9 {
            return Err(invalid());
        }
        let first = chars[0];
        let first_value = match first {
            '1'..='7' => first.to_digit(10).expect("digit"),
            c if FIRST_LETTERS.contains(c) => c.to_digit(36).expect("letter"),
            _ => return Err(invalid()),
        };
        // Both digits or both letters: a letter followed by a digit (`M0…`) is no УНП.
        let second = chars[1];
        let second_value = match (first.is_ascii_digit(), second) {
            (true, '0'..='9') => second.to_digit(10).expect("digit"),
            (false, c) if SECOND_LETTERS.contains(c) => SECOND_LETTERS.find(c).expect("listed") as u32,
            _ => return Err(invalid()),
        };
        let mut values = vec![first_value, second_value];
        for c in &chars[2..] {
            values.push(c.to_digit(10).ok_or_else(invalid)?);
        }
        let sum: u32 = WEIGHTS.iter().zip(&values).map(|(w, v)| w * v).sum();
        let check = sum % 11;
        if check == 10 || check != values[8] {
            return Err(FieldError::new("unp", "unp_check_digit"));
        }
        Ok(Unp(chars.into_iter().collect()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn latin_look_alike(c: char) -> char {
    match c {
        'А' => 'A',
        'В' => 'B',
        'С' => 'C',
        'Е' => 'E',
        'Н' => 'H',
        'К' => 'K',
        'М' => 'M',
        'О' => 'O',
        'Р' => 'P',
        'Т' => 'T',
        other => other,
    }
}

impl fmt::Display for Unp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Unp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Unp({})", self.0)
    }
}

/// Completes eight leading characters with their check digit, for demo data and tests.
/// Returns `None` when the remainder is 10 (no valid УНП has that prefix).
pub fn with_check_digit(prefix8: &str) -> Option<String> {
    for d in 0..10 {
        let candidate = format!("{prefix8}{d}");
        if Unp::parse(&candidate).is_ok() {
            return Some(candidate);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_numbers_are_accepted() {
        for unp in ["100582333", "190542056"] {
            assert_eq!(Unp::parse(unp).unwrap().as_str(), unp);
        }
    }

    #[test]
    fn spaces_prefix_and_case_are_ignored() {
        for spelling in ["УНП 100582333", "унп: 100 582 333", " 100582333 ", "UNP100582333"] {
            assert_eq!(Unp::parse(spelling).unwrap().as_str(), "100582333", "{spelling}");
        }
    }

    #[test]
    fn wrong_check_digit_is_its_own_error() {
        for wrong in ["100582330", "100582334", "190542055"] {
            let err = Unp::parse(wrong).unwrap_err();
            assert_eq!((err.field, err.code), ("unp", "unp_check_digit"), "{wrong}");
        }
    }

    #[test]
    fn remainder_ten_is_never_valid() {
        // 29*1 + 23*0 + 19*0 + 17*0 + 13*0 + 7*0 + 5*0 + 3*0 = 29 → 29 mod 11 = 7, so search one with 10.
        let prefix = (0..100_000_000u32)
            .map(|n| format!("1{n:07}"))
            .find(|p| {
                let sum: u32 = p.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
                sum % 11 == 10
            })
            .unwrap();
        assert_eq!(with_check_digit(&prefix), None);
        for d in 0..10 {
            assert!(Unp::parse(&format!("{prefix}{d}")).is_err());
        }
    }

    #[test]
    fn letters_in_the_first_two_positions() {
        // Letter-first numbers: weights apply to the letters' indices.
        let latin = with_check_digit("AB123456").expect("valid prefix");
        let parsed = Unp::parse(&latin).unwrap();
        assert_eq!(parsed.as_str(), latin);
        // The same number typed with Cyrillic look-alikes is the same УНП.
        let cyrillic: String = latin.replace('A', "А").replace('B', "В");
        assert_eq!(Unp::parse(&cyrillic).unwrap(), parsed);
        // Letter value in position 1 is its index in 0-9A-Z: A=10 → 290 to the sum.
        let sum = 10 * 29 + 23 + 19 + 2 * 17 + 3 * 13 + 4 * 7 + 5 * 5 + 6 * 3;
        assert_eq!(latin.chars().last().unwrap().to_digit(10).unwrap(), sum % 11);
        let m_first = with_check_digit("MA234567").unwrap();
        assert!(Unp::parse(&m_first).is_ok());
    }

    #[test]
    fn a_letter_then_a_digit_is_no_unp() {
        // Whatever the check digit, the form is wrong: every ending is refused as invalid.
        for prefix in ["M0195368", "A1234567", "K7654321", "H0000001"] {
            for d in 0..10 {
                let candidate = format!("{prefix}{d}");
                assert_eq!(Unp::parse(&candidate).unwrap_err().code, "invalid_unp", "{candidate}");
            }
        }
        assert_eq!(Unp::parse("M01953684").unwrap_err().code, "invalid_unp");
    }

    #[test]
    fn structure_rules() {
        for bad in [
            "800000000", // first digit 8
            "000000000", // first digit 0
            "D12345678", // D is not an allowed letter
            "1A2345678", // letter in position 2 after a digit
            "AZ1234567", // Z is not an allowed second letter
            "10058233",  // too short
            "1005823330",
            "10058A333",
            "",
        ] {
            assert!(Unp::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Unp::parse("").unwrap_err().code, "required");
    }
}
