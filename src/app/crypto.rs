//! Secrets: session tokens, keyed code hashes, argon2id password hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::error::{AppError, AppResult};

/// 256 random bits, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// 128 random bits for identifiers that appear in URLs.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256(data: &[u8]) -> Vec<u8> {
    Sha256::digest(data).to_vec()
}

/// The server key that makes code hashes useless to whoever reads the database alone.
#[derive(Clone)]
pub struct SecretKey(Vec<u8>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

impl SecretKey {
    pub fn new(material: &str) -> Self {
        SecretKey(sha256(material.as_bytes()))
    }

    pub fn mac(&self, parts: &[&[u8]]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.finalize().into_bytes().to_vec()
    }

    /// Seals a short secret (at most 32 bytes) under the key, a context and a nonce used once:
    /// the secret XOR a keystream made by the MAC, then 16 bytes of a MAC over the result. What a
    /// copy of the database alone cannot open, nor change unnoticed.
    pub fn seal(&self, context: &[u8], nonce: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
        let pad = self.mac(&[b"seal", context, nonce]);
        if plain.len() > pad.len() {
            return None;
        }
        let mut out: Vec<u8> = plain.iter().zip(&pad).map(|(p, k)| p ^ k).collect();
        let tag = self.mac(&[b"seal-tag", context, nonce, &out]);
        out.extend_from_slice(&tag[..16]);
        Some(out)
    }

    /// Opens what [`SecretKey::seal`] sealed with the same context and nonce.
    pub fn unseal(&self, context: &[u8], nonce: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        let body = sealed.len().checked_sub(16).map(|n| &sealed[..n])?;
        let tag = self.mac(&[b"seal-tag", context, nonce, body]);
        if !bool::from(subtle::ConstantTimeEq::ct_eq(&tag[..16], &sealed[body.len()..])) {
            return None;
        }
        let pad = self.mac(&[b"seal", context, nonce]);
        Some(body.iter().zip(&pad).map(|(c, k)| c ^ k).collect())
    }

    /// Constant-time check of a MAC.
    pub fn verify(&self, parts: &[&[u8]], expected: &[u8]) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        for part in parts {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.verify_slice(expected).is_ok()
    }
}

/// OWASP's minimum for argon2id: 19 MiB, 2 iterations, 1 lane, 32-byte output.
pub fn owasp_params() -> Params {
    Params::new(19 * 1024, 2, 1, Some(32)).expect("valid params")
}

pub fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, owasp_params())
}

/// A hash of a random password nobody knows, with our parameters: unknown logins are checked
/// against it so that they take as long as known ones.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$Oelw0SJt9yomncvZuKUKHA$92+GHZ7J9BK3Q11cEFrhaSpdqVnn7ufEA10J/YsGIb4";

pub fn hash_password_blocking(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

pub fn verify_password_blocking(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_context_and_nonce() {
        let key = SecretKey::new("one");
        let secret = b"12345678901234567890";
        let sealed = key.seal(b"totp:7", b"nonce-1", secret).unwrap();
        assert_ne!(&sealed[..20], secret, "not stored as it is");
        assert_eq!(key.unseal(b"totp:7", b"nonce-1", &sealed).as_deref(), Some(&secret[..]));
        assert_eq!(key.unseal(b"totp:8", b"nonce-1", &sealed), None, "another person's context");
        assert_eq!(key.unseal(b"totp:7", b"nonce-2", &sealed), None);
        assert_eq!(SecretKey::new("two").unseal(b"totp:7", b"nonce-1", &sealed), None);
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert_eq!(key.unseal(b"totp:7", b"nonce-1", &flipped), None, "a changed byte is noticed");
        assert!(key.seal(b"x", b"n", &[0; 33]).is_none(), "longer than the keystream");
        assert_ne!(key.seal(b"totp:7", b"nonce-2", secret), Some(sealed), "another nonce, another text");
    }

    #[test]
    fn password_hash_round_trip_uses_owasp_parameters() {
        let hash = hash_password_blocking("Ab3dE5fG7h").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password_blocking("Ab3dE5fG7h", &hash));
        assert!(!verify_password_blocking("ab3dE5fG7h", &hash));
        assert!(!verify_password_blocking("x", "not a hash"));
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_costs() {
        let parsed = PasswordHash::new(DUMMY_HASH).unwrap();
        assert_eq!(Params::try_from(&parsed).unwrap().m_cost(), owasp_params().m_cost());
        assert_eq!(Params::try_from(&parsed).unwrap().t_cost(), owasp_params().t_cost());
        assert!(!verify_password_blocking("", DUMMY_HASH));
    }

    #[test]
    fn macs_depend_on_key_and_every_part() {
        let k = SecretKey::new("one");
        let m = k.mac(&[b"reg", b"123456"]);
        assert!(k.verify(&[b"reg", b"123456"], &m));
        assert!(!k.verify(&[b"reg", b"123457"], &m));
        assert!(!k.verify(&[b"reg1", b"23456"], &m), "parts are length-prefixed");
        assert!(!SecretKey::new("two").verify(&[b"reg", b"123456"], &m));
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
        assert_eq!(random_id().len(), 22);
    }
}
