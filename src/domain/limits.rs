//! The keys of the counters that limit SMS and logins (`rate_counters`), in one place: the
//! limits spend them, and anonymisation must find every one that holds a phone number.

use super::Phone;

/// Every SMS asked for, across the portal, per hour.
pub const SMS_ALL_KEY: &str = "sms:all";

/// SMS asked for from one network address, per day.
pub fn sms_ip_key(ip: &str) -> String {
    format!("sms:ip:{ip}")
}

/// SMS queued for one phone, per day.
pub fn sms_phone_key(phone: &Phone) -> String {
    format!("sms:phone:{}", phone.e164())
}

/// Login attempts from one network address, per minute.
pub fn login_ip_key(ip: &str) -> String {
    format!("login:ip:{ip}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_phone_is_one_counter() {
        let a = Phone::parse("8 (029) 123-45-67").unwrap();
        let b = Phone::parse("+375 29 123 45 67").unwrap();
        assert_eq!(sms_phone_key(&a), "sms:phone:+375291234567");
        assert_eq!(sms_phone_key(&a), sms_phone_key(&b));
        assert_ne!(sms_ip_key("10.0.0.1"), login_ip_key("10.0.0.1"));
    }
}
