//! Outbox delivery through a slow SMS gateway with several workers (instances) on one database:
//! how many messages go out twice, and how long the last code takes.
//!
//! `cargo bench --bench outbox` — by default 30 codes queued behind 0 notices, a gateway that
//! takes 3 s per message, two workers, the default 60 s lease. Change with `OUTBOX_CODES`,
//! `OUTBOX_NOTICES`, `OUTBOX_GATEWAY_MS`, `OUTBOX_WORKERS`, `OUTBOX_LEASE_SECONDS`,
//! `OUTBOX_CONCURRENCY`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk::notify::{HttpTransport, OutboxWorker};
use helpdesk::store::outbox::NewOutbox;
use helpdesk::store::{migrate, Db};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn message(key: String, purpose: &'static str) -> NewOutbox {
    NewOutbox {
        channel: "sms",
        recipient: "+375291234567".into(),
        purpose,
        body: format!("Техподдержка. Код подтверждения: {key}"),
        masked_body: "Техподдержка. Код подтверждения: ******".into(),
        idempotency_key: key,
    }
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let codes = env_or("OUTBOX_CODES", 30);
    let notices = env_or("OUTBOX_NOTICES", 0);
    let delay = Duration::from_millis(env_or("OUTBOX_GATEWAY_MS", 3000));
    let workers = env_or("OUTBOX_WORKERS", 2);
    let lease = Duration::from_secs(env_or("OUTBOX_LEASE_SECONDS", 60));
    let concurrency = env_or("OUTBOX_CONCURRENCY", 8) as usize;

    let arrived: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let log = arrived.clone();
    let gateway = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let log = log.clone();
            async move {
                tokio::time::sleep(delay).await;
                let key = headers["idempotency-key"].to_str().unwrap_or_default().to_string();
                log.lock().unwrap().push((key, Instant::now()));
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/outbox.db?mode=rwc", dir.path().display()), 8).await.unwrap();
    migrate::migrate(&db).await.unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for n in 0..notices {
        db.enqueue(&message(format!("notice-{n}"), "ticket_update"), now).await.unwrap();
    }
    for n in 0..codes {
        db.enqueue(&message(format!("code-{n}"), "registration_code"), now).await.unwrap();
    }

    let started = Instant::now();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut running = Vec::new();
    for _ in 0..workers {
        let config = helpdesk::config::SmsHttpConfig { url: url.clone(), timeout_seconds: 60, ..Default::default() };
        let worker = OutboxWorker {
            db: db.clone(),
            sms: Arc::new(HttpTransport::new(config).unwrap()),
            email: None,
            clock: Arc::new(helpdesk::clock::SystemClock),
            metrics: Default::default(),
            wake: Default::default(),
            poll: Duration::from_millis(200),
            lease,
            concurrency,
        };
        running.push(tokio::spawn(worker.run(stopped.clone())));
    }
    while db.outbox_depth().await.unwrap() > 0 && started.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let elapsed = started.elapsed();
    stop.send_replace(true);
    for r in running {
        let _ = r.await;
    }
    let arrived = arrived.lock().unwrap().clone();
    let mut keys: Vec<&str> = arrived.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    let total = keys.len();
    keys.dedup();
    let last_code = arrived.iter().filter(|(k, _)| k.starts_with("code-")).map(|(_, at)| *at - started).max();
    println!(
        "{codes} codes behind {notices} notices, gateway {delay:?} each, {workers} workers, lease {lease:?}, \
         {concurrency} in flight per lane"
    );
    println!("  all delivered in          {elapsed:.1?}");
    println!("  messages received         {total} ({} distinct)", keys.len());
    println!("  duplicates                {}", total - keys.len());
    println!("  last code after           {:.1?}", last_code.unwrap_or_default());
}
