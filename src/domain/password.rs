//! Passwords: the ones the system generates and sends by SMS, and the rules for chosen ones.

use std::collections::HashSet;
use std::sync::OnceLock;

use rand::{seq::SliceRandom, RngCore};

use super::{FieldError, Phone};

/// Latin letters and digits without look-alikes: no 0 O o 1 l I.
const GENERATED_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
const GENERATED_LENGTH: usize = 10;

/// A password for the SMS: 10 characters, at least one capital and one digit.
pub fn generate_password(rng: &mut impl RngCore) -> String {
    loop {
        let candidate: String = (0..GENERATED_LENGTH)
            .map(|_| *GENERATED_ALPHABET.choose(rng).expect("non-empty alphabet") as char)
            .collect();
        let has_upper = candidate.chars().any(|c| c.is_ascii_uppercase());
        let has_digit = candidate.chars().any(|c| c.is_ascii_digit());
        if has_upper && has_digit {
            return candidate;
        }
    }
}

/// Rules for a password a person chooses (DESIGN §4): 8–128 characters of anything,
/// not a common password, not built from the person's own phone or name.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordPolicy;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

impl PasswordPolicy {
    pub fn check(
        &self,
        field: &'static str,
        password: &str,
        phone: Option<&Phone>,
        names: &[&str],
    ) -> Result<(), FieldError> {
        let length = password.chars().count();
        if length == 0 {
            return Err(FieldError::required(field));
        }
        if length < MIN_PASSWORD_CHARS {
            return Err(FieldError::new(field, "password_too_short"));
        }
        if length > MAX_PASSWORD_CHARS {
            return Err(FieldError::new(field, "password_too_long"));
        }
        let lowered = password.to_lowercase();
        if common_passwords().contains(lowered.as_str()) {
            return Err(FieldError::new(field, "password_common"));
        }
        let distinct: HashSet<char> = lowered.chars().collect();
        if distinct.len() <= 2 {
            return Err(FieldError::new(field, "password_common"));
        }
        if let Some(phone) = phone {
            let digits: String = password.chars().filter(char::is_ascii_digit).collect();
            let national = phone.national_str();
            if digits.contains(&national[2..]) || lowered.contains(national) {
                return Err(FieldError::new(field, "password_personal"));
            }
        }
        for name in names {
            let name = name.trim().to_lowercase();
            if name.chars().count() >= 3 && lowered.contains(&name) {
                return Err(FieldError::new(field, "password_personal"));
            }
        }
        Ok(())
    }
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| include_str!("common_passwords.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generated_passwords_follow_the_rules() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..2000 {
            let p = generate_password(&mut rng);
            assert_eq!(p.len(), 10);
            assert!(p.chars().any(|c| c.is_ascii_uppercase()), "{p}");
            assert!(p.chars().any(|c| c.is_ascii_digit()), "{p}");
            assert!(!p.chars().any(|c| "0Oo1lI".contains(c)), "{p}");
            assert!(p.chars().all(|c| c.is_ascii_alphanumeric()), "{p}");
        }
    }

    #[test]
    fn chosen_password_length() {
        let policy = PasswordPolicy;
        assert_eq!(policy.check("password", "", None, &[]).unwrap_err().code, "required");
        assert_eq!(policy.check("password", "Ab3$xyz", None, &[]).unwrap_err().code, "password_too_short");
        assert!(policy.check("password", "Ab3$xyzw", None, &[]).is_ok());
        // Any Unicode counts by characters, not bytes.
        assert!(policy.check("password", "ёжик в тумане", None, &[]).is_ok());
        assert!(policy.check("password", &"ж".repeat(128), None, &[]).is_err(), "two distinct chars or fewer");
        assert!(policy.check("password", &"жу".repeat(64), None, &[]).is_err());
        assert!(policy.check("password", &"жук".repeat(42), None, &[]).is_ok());
        assert_eq!(policy.check("password", &"жук".repeat(43), None, &[]).unwrap_err().code, "password_too_long");
    }

    #[test]
    fn common_passwords_are_refused() {
        for p in ["password", "Password1", "qwerty123", "ЙЦУКЕНГШ", "12345678", "aaaaaaaaaa"] {
            assert_eq!(PasswordPolicy.check("password", p, None, &[]).unwrap_err().code, "password_common", "{p}");
        }
    }

    #[test]
    fn own_phone_and_name_are_refused() {
        let phone = Phone::parse("+375291234567").unwrap();
        for p in ["x291234567", "my1234567pass", "+375291234567"] {
            assert_eq!(
                PasswordPolicy.check("password", p, Some(&phone), &[]).unwrap_err().code,
                "password_personal",
                "{p}"
            );
        }
        assert_eq!(
            PasswordPolicy.check("password", "ИвановПароль!", Some(&phone), &["Иванов", "Иван"]).unwrap_err().code,
            "password_personal"
        );
        assert!(PasswordPolicy.check("password", "correct horse battery", Some(&phone), &["Иванов"]).is_ok());
    }
}
