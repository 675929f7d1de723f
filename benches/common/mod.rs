//! What both benchmarks share: the portal as a second process, client loops, percentiles.
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub struct Portal {
    pub child: Child,
    pub url: String,
    pub outbox: std::path::PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Where the portal keeps its data and which extra settings it runs with.
#[derive(Default)]
pub struct PortalSetup {
    /// An existing data directory; a fresh temporary one when `None`.
    pub data_dir: Option<std::path::PathBuf>,
    pub env: Vec<(String, String)>,
}

pub async fn start_portal(setup: PortalSetup) -> Portal {
    let temp = match setup.data_dir {
        Some(_) => None,
        None => Some(tempfile::tempdir().unwrap()),
    };
    let dir = setup.data_dir.clone().unwrap_or_else(|| temp.as_ref().unwrap().path().to_path_buf());
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_helpdesk"));
    command.envs(setup.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let child = command
        .env("HELPDESK_DATA_DIR", &dir)
        .env("HELPDESK_LISTEN", format!("127.0.0.1:{port}"))
        .env("HELPDESK_SMS_DAILY_LIMIT_PER_PHONE", "1000")
        .env("HELPDESK_SMS_DAILY_LIMIT_PER_IP", "100000000")
        .env("HELPDESK_LOGIN_ATTEMPTS_PER_IP_PER_MINUTE", "100000000")
        .env("HELPDESK_OUTBOX_POLL_MILLIS", "20")
        .env("HELPDESK_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the helpdesk binary");
    let url = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..400 {
        if client.get(format!("{url}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Portal { outbox: dir.join("sms-outbox.jsonl"), child, url, _dir: temp }
}

pub fn rss_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[derive(Default)]
pub struct Latencies(Mutex<Vec<Duration>>);

impl Latencies {
    pub fn push(&self, d: Duration) {
        self.0.lock().unwrap().push(d);
    }
    pub fn report(&self, name: &str, elapsed: Duration, errors: u64) -> f64 {
        let mut v = self.0.lock().unwrap().clone();
        v.sort();
        let pct = |p: f64| v.get(((v.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default();
        let rate = v.len() as f64 / elapsed.as_secs_f64();
        println!(
            "{name:<34} {:>9.1}/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ok, {errors} errors, {:.1} s)",
            rate,
            pct(0.50).as_secs_f64() * 1000.0,
            pct(0.99).as_secs_f64() * 1000.0,
            v.len(),
            elapsed.as_secs_f64()
        );
        rate
    }
}

/// Whether `LOAD_ONLY` (comma-separated parts of scenario names) leaves this scenario in.
pub fn wanted(name: &str) -> bool {
    match std::env::var("LOAD_ONLY") {
        Ok(only) if !only.is_empty() => only.split(',').any(|part| name.contains(part.trim())),
        _ => true,
    }
}

/// Runs `clients` loops of `op` for `seconds`; returns the rate (0 when `LOAD_ONLY` leaves it out).
pub async fn run<F, Fut>(name: &str, clients: u64, seconds: u64, op: F) -> f64
where
    F: Fn(u64, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    if !wanted(name) {
        return 0.0;
    }
    let op = Arc::new(op);
    // Untimed warm-up (LOAD_WARMUP seconds, 2 by default): the first requests after a start
    // read the database from disk and would measure the disk rather than the portal.
    let warmup = Duration::from_secs(env_or("LOAD_WARMUP", 2));
    let until = Instant::now() + warmup;
    let mut warm = vec![];
    for c in 0..clients {
        let op = op.clone();
        warm.push(tokio::spawn(async move {
            let mut i = 1_000_000_000;
            while Instant::now() < until {
                let _ = op(c, i).await;
                i += 1;
            }
        }));
    }
    for t in warm {
        let _ = t.await;
    }
    let lat = Arc::new(Latencies::default());
    let errors = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = vec![];
    for c in 0..clients {
        let (op, lat, errors, stop) = (op.clone(), lat.clone(), errors.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                match op(c, i).await {
                    Ok(()) => lat.push(t.elapsed()),
                    Err(e) => {
                        if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                            eprintln!("{e}");
                        }
                    }
                }
                i += 1;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    lat.report(name, started.elapsed(), errors.load(Ordering::Relaxed))
}
