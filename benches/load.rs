//! Load benchmark: starts the release binary as a second process on 127.0.0.1 and measures
//! the registration page, logins against the pure argon2id rate, complete registrations, and RSS.
//!
//! `cargo bench --bench load` (optional: `LOAD_SECONDS=10 LOAD_CLIENTS=16`).

mod common;

use common::{env_or, rss_kib, run, start_portal};

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

/// Hashes with the portal's argon2id parameters on every core for `seconds`.
fn argon2_rate(seconds: u64) -> f64 {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (stop, count) = (stop.clone(), count.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    helpdesk::app::crypto::hash_password_blocking("Ab3dE5fG7h").unwrap();
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    handles.into_iter().for_each(|h| h.join().unwrap());
    let rate = count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    println!("{:<34} {rate:>9.1}/s  ({threads} threads, m=19 MiB, t=2, p=1)", "argon2id hashes (pure)");
    rate
}

/// Follows the SMS outbox file and keeps the secret of each message by its idempotency key.
fn follow_outbox(path: std::path::PathBuf, secrets: Arc<Mutex<HashMap<String, String>>>, stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut offset = 0u64;
        while !stop.load(Ordering::Relaxed) {
            if let Ok(mut f) = std::fs::File::open(&path) {
                f.seek(SeekFrom::Start(offset)).unwrap();
                let mut reader = BufReader::new(f);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 0 {
                    if !line.ends_with('\n') {
                        break;
                    }
                    offset += line.len() as u64;
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                        let secret =
                            v["text"].as_str().unwrap_or("").split_whitespace().last().unwrap_or("").to_string();
                        secrets.lock().unwrap().insert(v["id"].as_str().unwrap_or("").to_string(), secret);
                    }
                    line.clear();
                }
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    });
}

async fn wait_secret(secrets: &Mutex<HashMap<String, String>>, key: &str) -> Result<String, String> {
    for _ in 0..5000 {
        if let Some(s) = secrets.lock().unwrap().remove(key) {
            return Ok(s);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Err(format!("no SMS {key}"))
}

fn phone(n: u64) -> String {
    format!("+37529{:07}", 1_000_000 + n)
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seconds = env_or("LOAD_SECONDS", 10);
    let clients = env_or("LOAD_CLIENTS", 16);
    println!(
        "Helpdesk load benchmark: {clients} clients, {seconds} s per scenario, {} cores",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let portal = start_portal(Default::default()).await;
    let pid = portal.child.id();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_kib(pid, "VmRSS:");
    println!("{:<34} {:>9.1} MiB", "server RSS, idle", idle_rss as f64 / 1024.0);

    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let url = portal.url.clone();
    {
        let (http, url) = (http.clone(), url.clone());
        run("GET /register", clients, seconds, move |_, _| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let r = http.get(format!("{url}/register")).send().await.map_err(|e| e.to_string())?;
                if r.status() != 200 {
                    return Err(format!("status {}", r.status()));
                }
                r.bytes().await.map(|_| ()).map_err(|e| e.to_string())
            }
        })
        .await;
    }

    let secrets = Arc::new(Mutex::new(HashMap::new()));
    let stop_follow = Arc::new(AtomicBool::new(false));
    follow_outbox(portal.outbox.clone(), secrets.clone(), stop_follow.clone());
    let counter = Arc::new(AtomicU64::new(0));
    let registration = {
        let (http, url, secrets, counter) = (http.clone(), url.clone(), secrets.clone(), counter.clone());
        move |_c: u64, _i: u64| {
            let (http, url, secrets) = (http.clone(), url.clone(), secrets.clone());
            let n = counter.fetch_add(1, Ordering::Relaxed);
            async move {
                let body = json!({ "phone": phone(n), "last_name": "Нагрузкин", "first_name": "Тест",
                                   "accept_personal_data": true, "accept_terms": true });
                let r = http
                    .post(format!("{url}/api/v1/registrations"))
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if r.status() != 201 {
                    return Err(format!("create: {} {}", r.status(), r.text().await.unwrap_or_default()));
                }
                let v: serde_json::Value = r.json().await.map_err(|e| e.to_string())?;
                let id = v["registration_id"].as_str().unwrap().to_string();
                let code = wait_secret(&secrets, &format!("{id}:1")).await?;
                let r = http
                    .post(format!("{url}/api/v1/registrations/{id}/confirm"))
                    .json(&json!({ "code": code }))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if r.status() != 200 {
                    return Err(format!("confirm: {}", r.status()));
                }
                Ok(())
            }
        }
    };
    let peak_before = rss_kib(pid, "VmHWM:");
    run("registrations (create + confirm)", clients, seconds, registration).await;
    let registered = counter.load(Ordering::Relaxed);

    // Passwords of the registered accounts, for the login scenario.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let passwords: Arc<Vec<(String, String)>> = Arc::new({
        let text = std::fs::read_to_string(&portal.outbox).unwrap();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["purpose"] == "password")
            .map(|v| {
                (
                    v["to"].as_str().unwrap().to_string(),
                    v["text"].as_str().unwrap().split_whitespace().last().unwrap().to_string(),
                )
            })
            .take(200)
            .collect()
    });
    stop_follow.store(true, Ordering::Relaxed);
    println!("{:<34} {registered:>9} accounts", "accounts created");

    let hash_rate = argon2_rate(seconds.min(5));
    let login_rate = {
        let (http, url, passwords) = (http.clone(), url.clone(), passwords.clone());
        run("POST /api/v1/auth/login", clients, seconds, move |c, i| {
            let (http, url, passwords) = (http.clone(), url.clone(), passwords.clone());
            async move {
                let (login, password) = &passwords[((c * 7919 + i) as usize) % passwords.len()];
                let r = http
                    .post(format!("{url}/api/v1/auth/login"))
                    .json(&json!({ "login": login, "password": password }))
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if r.status() != 200 {
                    return Err(format!("login: {}", r.status()));
                }
                Ok(())
            }
        })
        .await
    };
    println!("{:<34} {:>9.1} %", "logins / pure argon2id rate", login_rate / hash_rate * 100.0);
    let busy_rss = rss_kib(pid, "VmRSS:");
    let peak = rss_kib(pid, "VmHWM:").max(peak_before);
    println!(
        "{:<34} {:>9.1} MiB (peak {:.1} MiB)",
        "server RSS, right after load",
        busy_rss as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    tokio::time::sleep(Duration::from_secs(35)).await;
    println!("{:<34} {:>9.1} MiB", "server RSS, idle 35 s after load", rss_kib(pid, "VmRSS:") as f64 / 1024.0);
}
