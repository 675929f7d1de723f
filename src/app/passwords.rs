//! A bounded pool of argon2id workers, one per core, each with its own preallocated 19 MiB
//! of memory blocks while busy. Hashing never runs on the async threads, never runs more hashes at once
//! than there are cores (which only adds cache thrash), and memory stays at threads × 19 MiB
//! instead of growing with every concurrent login.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use tokio::sync::oneshot;

use super::crypto::{argon2, owasp_params, verify_password_blocking};
use super::error::{AppError, AppResult};

enum Job {
    Hash { password: String, reply: oneshot::Sender<AppResult<String>> },
    Verify { password: String, hash: String, reply: oneshot::Sender<bool> },
}

const IDLE_RELEASE: std::time::Duration = std::time::Duration::from_secs(30);

pub struct PasswordPool {
    jobs: mpsc::Sender<Job>,
}

impl PasswordPool {
    pub fn new(threads: usize) -> Self {
        let (jobs, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    // Allocated on first use and given back after a quiet spell, so an idle
                    // portal does not hold threads × 19 MiB.
                    let mut blocks: Option<Vec<Block>> = None;
                    loop {
                        let job = match rx.lock() {
                            Ok(guard) => guard.recv_timeout(IDLE_RELEASE),
                            Err(_) => return,
                        };
                        let job = match job {
                            Ok(job) => job,
                            Err(mpsc::RecvTimeoutError::Timeout) => {
                                blocks = None;
                                continue;
                            }
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        };
                        let memory = blocks.get_or_insert_with(|| vec![Block::default(); owasp_params().block_count()]);
                        match job {
                            Job::Hash { password, reply } => {
                                let _ = reply.send(hash_with(memory, &password));
                            }
                            Job::Verify { password, hash, reply } => {
                                let _ = reply.send(verify_with(memory, &password, &hash));
                            }
                        }
                    }
                })
                .expect("start an argon2 worker thread");
        }
        PasswordPool { jobs }
    }

    /// One worker per core.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1))
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Hash { password, reply })
            .map_err(|_| AppError::Internal("password pool stopped".into()))?;
        answer.await.map_err(|_| AppError::Internal("password worker died".into()))?
    }

    pub async fn verify(&self, password: String, hash: String) -> bool {
        let (reply, answer) = oneshot::channel();
        if self.jobs.send(Job::Verify { password, hash, reply }).is_err() {
            return false;
        }
        answer.await.unwrap_or(false)
    }
}

fn hash_with(blocks: &mut [Block], password: &str) -> AppResult<String> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("argon2: {e}"));
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|e| fail(&e))?;
    let mut out = [0u8; 32];
    argon2()
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut *blocks)
        .map_err(|e| fail(&e))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&owasp_params()).map_err(|e| fail(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(hash.to_string())
}

/// Verifies with the worker's memory when the hash uses our parameters; any other hash
/// (older or stronger parameters) is verified the ordinary way.
fn verify_with(blocks: &mut [Block], password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let Some(expected) = parsed.hash else {
        return false;
    };
    let ours = owasp_params();
    let same_params = Params::try_from(&parsed)
        .is_ok_and(|p| p.m_cost() == ours.m_cost() && p.t_cost() == ours.t_cost() && p.p_cost() == ours.p_cost());
    let is_argon2id_13 = parsed.algorithm == Algorithm::Argon2id.ident() && parsed.version == Some(0x13);
    if !(same_params && is_argon2id_13 && expected.len() == 32) {
        return verify_password_blocking(password, hash);
    }
    let Some(salt) = parsed.salt else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = [0u8; 32];
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, ours);
    if argon.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, &mut *blocks).is_err() {
        return false;
    }
    // `Output` compares in constant time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::crypto::hash_password_blocking;

    #[tokio::test]
    async fn pool_hashes_verify_with_the_standard_verifier_and_back() {
        let pool = PasswordPool::new(2);
        let hash = pool.hash("пароль из SMS".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password_blocking("пароль из SMS", &hash));
        assert!(pool.verify("пароль из SMS".into(), hash.clone()).await);
        assert!(!pool.verify("пароль из sms".into(), hash).await);
        let standard = hash_password_blocking("Ab3dE5fG7h").unwrap();
        assert!(pool.verify("Ab3dE5fG7h".into(), standard.clone()).await);
        assert!(!pool.verify("Ab3dE5fG7H".into(), standard).await);
        assert!(!pool.verify("x".into(), "garbage".into()).await);
    }

    #[tokio::test]
    async fn hashes_with_other_parameters_still_verify() {
        let strong = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(32 * 1024, 3, 1, None).unwrap());
        let salt = SaltString::generate(&mut OsRng);
        let hash = argon2::PasswordHasher::hash_password(&strong, b"secret-1", &salt).unwrap().to_string();
        let pool = PasswordPool::new(1);
        assert!(pool.verify("secret-1".into(), hash.clone()).await);
        assert!(!pool.verify("secret-2".into(), hash).await);
    }
}
