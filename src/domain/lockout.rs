//! Growing delays after repeated failed logins (DESIGN §6).

use time::{Duration, OffsetDateTime};

use super::{FieldError, Phone};

/// How a login is known to the throttle: the same for every spelling of one phone.
pub fn login_key(login: &str) -> Result<String, FieldError> {
    let trimmed = login.trim();
    if trimmed.is_empty() {
        return Err(FieldError::required("login"));
    }
    if let Ok(phone) = Phone::parse(trimmed) {
        return Ok(format!("phone:{}", phone.e164()));
    }
    Ok(format!("user:{}", trimmed.to_lowercase()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures allowed before the first delay.
    pub free_failures: u32,
    pub first_delay: Duration,
    pub max_delay: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy { free_failures: 5, first_delay: Duration::minutes(1), max_delay: Duration::minutes(15) }
    }
}

impl LockoutPolicy {
    /// How long the account is locked after its `failures`-th consecutive failure:
    /// nothing before the 5th, then 1, 2, 4, 8 minutes, then 15 minutes for every further one.
    pub fn delay_after(&self, failures: u32) -> Option<Duration> {
        if failures < self.free_failures {
            return None;
        }
        let doublings = (failures - self.free_failures).min(30);
        let delay = self.first_delay * 2i32.saturating_pow(doublings);
        Some(delay.min(self.max_delay))
    }

    pub fn locked_until(&self, failures: u32, now: OffsetDateTime) -> Option<OffsetDateTime> {
        self.delay_after(failures).map(|d| now + d)
    }
}

/// Whole minutes to show in «повторите через N мин», never zero while locked.
pub fn minutes_left(locked_until: OffsetDateTime, now: OffsetDateTime) -> i64 {
    let seconds = (locked_until - now).whole_seconds().max(1);
    (seconds + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phone_spelling_is_one_login() {
        assert_eq!(login_key("8 (029) 123-45-67").unwrap(), "phone:+375291234567");
        assert_eq!(login_key("+375291234567").unwrap(), "phone:+375291234567");
        assert_eq!(login_key(" Operator ").unwrap(), "user:operator");
        assert_eq!(login_key("  ").unwrap_err().code, "required");
    }
    use time::macros::datetime;

    #[test]
    fn delays_grow_and_cap() {
        let p = LockoutPolicy::default();
        for f in 0..5 {
            assert_eq!(p.delay_after(f), None, "{f}");
        }
        let minutes: Vec<i64> = (5..11).map(|f| p.delay_after(f).unwrap().whole_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 15, 15]);
        assert_eq!(p.delay_after(u32::MAX).unwrap(), Duration::minutes(15));
    }

    #[test]
    fn minutes_are_rounded_up() {
        let now = datetime!(2026-11-25 10:00:00 UTC);
        assert_eq!(minutes_left(now + Duration::seconds(61), now), 2);
        assert_eq!(minutes_left(now + Duration::seconds(60), now), 1);
        assert_eq!(minutes_left(now + Duration::seconds(1), now), 1);
        assert_eq!(minutes_left(now, now), 1);
    }
}
