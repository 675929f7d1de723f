//! One-time confirmation codes sent by SMS, and the rules for entering and resending them.

use std::fmt;

use rand::{Rng, RngCore};
use time::{Duration, OffsetDateTime};

use super::FieldError;

/// Six digits. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpCode(String);

impl OtpCode {
    /// Spaces and hyphens are ignored («123 456» is what people copy from SMS).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if digits.is_empty() {
            return Err(FieldError::required("code"));
        }
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError::new("code", "invalid_code_format"));
        }
        Ok(OtpCode(digits))
    }

    /// Uniform over 000000–999999; callers pass the OS CSPRNG in production.
    pub fn generate(rng: &mut impl RngCore) -> Self {
        OtpCode(format!("{:06}", rng.gen_range(0..1_000_000u32)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpCode(******)")
    }
}

/// Limits from DESIGN §6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePolicy {
    pub ttl: Duration,
    pub resend_cooldown: Duration,
    pub max_wrong_attempts: u32,
    pub max_sends: u32,
}

impl Default for CodePolicy {
    fn default() -> Self {
        CodePolicy {
            ttl: Duration::minutes(5),
            resend_cooldown: Duration::seconds(60),
            max_wrong_attempts: 5,
            max_sends: 5,
        }
    }
}

/// What the database remembers about the code currently out for one registration or reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeState {
    pub expires_at: OffsetDateTime,
    pub wrong_attempts: u32,
    pub sends: u32,
    pub last_sent_at: OffsetDateTime,
}

/// Whether a typed code may be compared at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeAttempt {
    Allowed,
    Expired,
    /// Five wrong entries: this code is dead; only a new one helps.
    Exhausted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResendRefusal {
    TooEarly { retry_after_seconds: i64 },
    TooManySends,
}

impl CodePolicy {
    /// The state right after the first code is sent.
    pub fn first_send(&self, now: OffsetDateTime) -> CodeState {
        CodeState { expires_at: now + self.ttl, wrong_attempts: 0, sends: 1, last_sent_at: now }
    }

    pub fn attempt(&self, state: &CodeState, now: OffsetDateTime) -> CodeAttempt {
        if now >= state.expires_at {
            CodeAttempt::Expired
        } else if state.wrong_attempts >= self.max_wrong_attempts {
            CodeAttempt::Exhausted
        } else {
            CodeAttempt::Allowed
        }
    }

    /// After a wrong entry: the new state and how many entries are left for this code.
    pub fn record_wrong(&self, state: &CodeState) -> (CodeState, u32) {
        let next = CodeState { wrong_attempts: state.wrong_attempts + 1, ..*state };
        (next, self.max_wrong_attempts.saturating_sub(next.wrong_attempts))
    }

    /// When «Отправить код повторно» becomes available: after the cool-down, or as soon
    /// as the code has expired, whichever is first.
    pub fn resend_available_at(&self, state: &CodeState) -> OffsetDateTime {
        (state.last_sent_at + self.resend_cooldown).min(state.expires_at)
    }

    /// A new code replaces the old one: fresh expiry and attempts, one more send.
    pub fn resend(&self, state: &CodeState, now: OffsetDateTime) -> Result<CodeState, ResendRefusal> {
        if state.sends >= self.max_sends {
            return Err(ResendRefusal::TooManySends);
        }
        let available = self.resend_available_at(state);
        if now < available {
            let wait = (available - now).whole_seconds() + i64::from((available - now).subsec_nanoseconds() > 0);
            return Err(ResendRefusal::TooEarly { retry_after_seconds: wait.max(1) });
        }
        Ok(CodeState { expires_at: now + self.ttl, wrong_attempts: 0, sends: state.sends + 1, last_sent_at: now })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-11-25 10:00:00 UTC);

    #[test]
    fn codes_are_six_digits_and_vary() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let codes: Vec<OtpCode> = (0..1000).map(|_| OtpCode::generate(&mut rng)).collect();
        assert!(codes.iter().all(|c| c.as_str().len() == 6 && c.as_str().bytes().all(|b| b.is_ascii_digit())));
        let distinct: std::collections::HashSet<_> = codes.iter().map(|c| c.as_str()).collect();
        assert!(distinct.len() > 990, "only {} distinct codes of 1000", distinct.len());
        assert!(codes.iter().any(|c| c.as_str().starts_with('0')), "leading zeros must be possible");
    }

    #[test]
    fn parse_accepts_copied_spacing_and_refuses_the_rest() {
        assert_eq!(OtpCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert_eq!(OtpCode::parse("123-456").unwrap().as_str(), "123456");
        assert_eq!(OtpCode::parse("").unwrap_err().code, "required");
        for bad in ["12345", "1234567", "12345a", "１２３４５６"] {
            assert_eq!(OtpCode::parse(bad).unwrap_err().code, "invalid_code_format", "{bad}");
        }
    }

    #[test]
    fn debug_hides_the_code() {
        assert_eq!(format!("{:?}", OtpCode::parse("123456").unwrap()), "OtpCode(******)");
    }

    #[test]
    fn valid_for_five_minutes_by_default() {
        let policy = CodePolicy::default();
        let state = policy.first_send(T0);
        assert_eq!(policy.attempt(&state, T0 + Duration::seconds(299)), CodeAttempt::Allowed);
        assert_eq!(policy.attempt(&state, T0 + Duration::seconds(300)), CodeAttempt::Expired);
    }

    #[test]
    fn five_wrong_entries_kill_the_code() {
        let policy = CodePolicy::default();
        let mut state = policy.first_send(T0);
        for expected_left in (0..5).rev() {
            assert_eq!(policy.attempt(&state, T0), CodeAttempt::Allowed);
            let (next, left) = policy.record_wrong(&state);
            assert_eq!(left, expected_left);
            state = next;
        }
        assert_eq!(policy.attempt(&state, T0), CodeAttempt::Exhausted);
        // A resend (after the cool-down) brings a fresh code with fresh attempts.
        let renewed = policy.resend(&state, T0 + Duration::seconds(60)).unwrap();
        assert_eq!(policy.attempt(&renewed, T0 + Duration::seconds(60)), CodeAttempt::Allowed);
        assert_eq!(renewed.wrong_attempts, 0);
        assert_eq!(renewed.sends, 2);
    }

    #[test]
    fn resend_waits_for_the_cool_down() {
        let policy = CodePolicy::default();
        let state = policy.first_send(T0);
        assert_eq!(policy.resend_available_at(&state), T0 + Duration::seconds(60));
        assert_eq!(
            policy.resend(&state, T0 + Duration::seconds(20)),
            Err(ResendRefusal::TooEarly { retry_after_seconds: 40 })
        );
        assert_eq!(
            policy.resend(&state, T0 + Duration::milliseconds(59_500)),
            Err(ResendRefusal::TooEarly { retry_after_seconds: 1 })
        );
        let next = policy.resend(&state, T0 + Duration::seconds(60)).unwrap();
        assert_eq!(next.expires_at, T0 + Duration::seconds(360));
    }

    #[test]
    fn expired_code_can_be_resent_even_inside_a_long_cool_down() {
        let policy = CodePolicy { ttl: Duration::seconds(30), ..CodePolicy::default() };
        let state = policy.first_send(T0);
        assert_eq!(policy.resend_available_at(&state), T0 + Duration::seconds(30));
        assert!(policy.resend(&state, T0 + Duration::seconds(30)).is_ok());
    }

    #[test]
    fn at_most_five_sends() {
        let policy = CodePolicy::default();
        let mut state = policy.first_send(T0);
        let mut now = T0;
        for _ in 1..5 {
            now += Duration::seconds(61);
            state = policy.resend(&state, now).unwrap();
        }
        assert_eq!(state.sends, 5);
        now += Duration::seconds(600);
        assert_eq!(policy.resend(&state, now), Err(ResendRefusal::TooManySends));
    }
}
