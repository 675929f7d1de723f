//! Staff's second factor: time-based one-time codes (RFC 6238: HMAC-SHA1, six digits, 30-second
//! steps, one step of clock drift either way) and single-use recovery codes. A code is accepted
//! once: its step must be later than the last step accepted for the person.

use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECONDS: u64 = 30;
pub const DIGITS: usize = 6;
/// Steps of drift allowed either way.
const SKEW: i64 = 1;
/// 160 bits, as RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
pub const RECOVERY_CODES: usize = 10;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A shared secret of at least 128 bits.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret(Vec<u8>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TotpRejection {
    #[error("not the code of now")]
    Wrong,
    #[error("this code has been used")]
    Replayed,
}

/// RFC 4648 base32 without padding, as authenticator apps read it.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

impl TotpSecret {
    pub fn from_bytes(bytes: Vec<u8>) -> Option<Self> {
        (bytes.len() >= 16).then_some(TotpSecret(bytes))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// What a person types into an app that cannot read the QR code, in groups of four.
    pub fn base32(&self) -> String {
        let plain = base32(&self.0);
        plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }

    /// The `otpauth://` address a QR code carries.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        };
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
            enc(issuer),
            enc(account),
            base32(&self.0),
            enc(issuer)
        )
    }

    fn totp(&self) -> TOTP {
        TOTP::new_unchecked(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, self.0.clone())
    }

    pub fn code_at_step(&self, step: i64) -> String {
        self.totp().generate(u64::try_from(step).unwrap_or(0) * STEP_SECONDS)
    }

    /// The step of a code typed at `now`; a step not later than `last_used` is a replay.
    pub fn accept(&self, code: &str, now_unix: i64, last_used: Option<i64>) -> Result<i64, TotpRejection> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(TotpRejection::Wrong);
        }
        let now = now_unix.div_euclid(STEP_SECONDS as i64);
        let step = (now - SKEW..=now + SKEW)
            .filter(|s| *s >= 0)
            .find(|s| bool::from(self.code_at_step(*s).as_bytes().ct_eq(code.as_bytes())))
            .ok_or(TotpRejection::Wrong)?;
        match last_used {
            Some(last) if step <= last => Err(TotpRejection::Replayed),
            _ => Ok(step),
        }
    }
}

/// A recovery code from 50 random bits: «ABCDE-FGH23».
pub fn recovery_code(random: [u8; 7]) -> String {
    let plain = base32(&random);
    format!("{}-{}", &plain[..5], &plain[5..10])
}

/// What a person typed, in the form codes are stored (upper case, one dash, no spaces;
/// look-alike 0/1/8 read as O/I/B); `None` when it cannot be a recovery code.
pub fn normalize_recovery(input: &str) -> Option<String> {
    let plain: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            c => c,
        })
        .collect();
    (plain.len() == 10 && plain.bytes().all(|b| BASE32.contains(&b)))
        .then(|| format!("{}-{}", &plain[..5], &plain[5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_bytes(b"12345678901234567890".to_vec()).unwrap()
    }

    #[test]
    fn the_codes_of_rfc_6238_appendix_b() {
        // The RFC lists eight digits; six are their last six.
        let s = rfc_secret();
        assert_eq!(s.code_at_step(59 / 30), "287082");
        assert_eq!(s.code_at_step(1_111_111_109 / 30), "081804");
        assert_eq!(s.code_at_step(1_234_567_890 / 30), "005924");
        assert_eq!(s.code_at_step(2_000_000_000 / 30), "279037");
    }

    #[test]
    fn a_code_is_accepted_within_one_step_and_only_once() {
        let s = rfc_secret();
        let now = 1_234_567_890;
        let step = now / 30;
        assert_eq!(s.accept("005924", now, None), Ok(step));
        assert_eq!(s.accept(" 005 924 ", now, None), Ok(step), "spaces are ignored");
        assert_eq!(s.accept(&s.code_at_step(step - 1), now, None), Ok(step - 1), "the previous step");
        assert_eq!(s.accept(&s.code_at_step(step + 1), now, None), Ok(step + 1), "a clock a little ahead");
        assert_eq!(s.accept(&s.code_at_step(step - 2), now, None), Err(TotpRejection::Wrong), "too old");
        assert_eq!(s.accept("005924", now, Some(step)), Err(TotpRejection::Replayed));
        assert_eq!(s.accept(&s.code_at_step(step - 1), now, Some(step)), Err(TotpRejection::Replayed));
        assert_eq!(s.accept(&s.code_at_step(step + 1), now, Some(step)), Ok(step + 1));
        for bad in ["", "12345", "1234567", "abcdef", "٠٠٥٩٢٤"] {
            assert_eq!(s.accept(bad, now, None), Err(TotpRejection::Wrong), "{bad}");
        }
    }

    #[test]
    fn secrets_are_written_for_apps() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(rfc_secret().base32(), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
        let uri = rfc_secret().otpauth_uri("Helpdesk", "operator1");
        assert_eq!(
            uri,
            "otpauth://totp/Helpdesk:operator1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Helpdesk&algorithm=SHA1&digits=6&period=30"
        );
        assert!(TotpSecret::from_bytes(vec![0; 15]).is_none(), "under 128 bits");
        assert_eq!(format!("{:?}", rfc_secret()), "TotpSecret(…)", "never printed");
    }

    #[test]
    fn recovery_codes_are_read_forgivingly() {
        let code = recovery_code([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03]);
        assert_eq!(code, "32W35-3YBAI");
        assert_eq!(normalize_recovery("32w35 3ybai"), Some(code.clone()));
        assert_eq!(normalize_recovery("32W353YBAI"), Some(code));
        assert_eq!(normalize_recovery("ABCDE-FGHI0"), Some("ABCDE-FGHIO".into()), "zero read as O");
        assert_eq!(normalize_recovery("ABCDE-FGHI"), None);
        assert_eq!(normalize_recovery("ABCDE-FGHI9"), None, "9 is not in the alphabet");
    }
}
