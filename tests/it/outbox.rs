//! The outbox: nothing acknowledged is lost, nothing is sent twice, failures are retried.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use helpdesk::clock::{Clock, ManualClock};
use helpdesk::notify::{FileTransport, OutboxWorker, SmsMessage, SmsTransport};
use helpdesk::store::outbox::{Lane, NewOutbox};
use helpdesk::store::{migrate, Db};

use crate::support::{on_backend, on_backend_with, registration_body};

fn message(key: &str) -> NewOutbox {
    NewOutbox {
        channel: "sms",
        recipient: "+375291234567".into(),
        purpose: "registration_code",
        body: "Код: 123456".into(),
        masked_body: "Код: ******".into(),
        idempotency_key: key.into(),
    }
}

async fn sqlite(dir: &std::path::Path) -> Db {
    let db = Db::connect(&format!("sqlite://{}/t.db?mode=rwc", dir.display()), 4).await.unwrap();
    migrate::migrate(&db).await.unwrap();
    db
}

fn worker(db: &Db, sms: Arc<dyn SmsTransport>, clock: &ManualClock) -> OutboxWorker {
    OutboxWorker {
        db: db.clone(),
        sms,
        email: None,
        clock: Arc::new(clock.clone()),
        metrics: Default::default(),
        wake: Default::default(),
        poll: std::time::Duration::from_millis(10),
        lease: std::time::Duration::from_secs(60),
        concurrency: 8,
    }
}

#[tokio::test]
async fn a_crash_after_writing_but_before_marking_does_not_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path()).await;
    let clock = ManualClock::new(time::macros::datetime!(2026-11-25 10:00 UTC));
    let path = dir.path().join("sms-outbox.jsonl");
    db.enqueue(&message("reg-1:1"), clock.now().unix_timestamp()).await.unwrap();
    // The first worker claims the message, writes it, and "crashes" before marking it sent.
    let claimed = db.claim_outbox(clock.now().unix_timestamp(), 60, 10, Lane::Urgent, "first").await.unwrap();
    assert_eq!(claimed.len(), 1);
    let first = FileTransport::new(path.clone());
    let sms = SmsMessage {
        to: claimed[0].recipient.clone(),
        purpose: claimed[0].purpose.clone(),
        text: claimed[0].body.clone().unwrap(),
        masked_text: claimed[0].masked_body.clone(),
        idempotency_key: claimed[0].idempotency_key.clone(),
        created_at: clock.now(),
    };
    first.send(&sms).await.unwrap();
    // Nobody else takes it while the lease holds.
    assert!(db
        .claim_outbox(clock.now().unix_timestamp() + 30, 60, 10, Lane::Urgent, "second")
        .await
        .unwrap()
        .is_empty());
    // After the lease, a restarted worker (new transport, same file) delivers it — once.
    clock.advance(time::Duration::seconds(61));
    let restarted = worker(&db, Arc::new(FileTransport::new(path.clone())), &clock);
    assert_eq!(restarted.deliver_due().await.unwrap(), 1);
    let lines = std::fs::read_to_string(&path).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert_eq!(db.outbox_depth().await.unwrap(), 0);
    // The same idempotency key enqueued again (a retried transaction) is one message.
    db.enqueue(&message("reg-1:1"), clock.now().unix_timestamp()).await.unwrap();
    assert_eq!(db.outbox_depth().await.unwrap(), 0);
}

#[tokio::test]
async fn the_file_line_has_the_documented_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path()).await;
    let clock = ManualClock::new(time::macros::datetime!(2026-11-25 10:00 UTC));
    db.enqueue(&message("k"), clock.now().unix_timestamp()).await.unwrap();
    let path = dir.path().join("sms-outbox.jsonl");
    worker(&db, Arc::new(FileTransport::new(path.clone())), &clock).deliver_due().await.unwrap();
    let line: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&path).unwrap().trim()).unwrap();
    assert_eq!(line["to"], "+375291234567");
    assert_eq!(line["purpose"], "registration_code");
    assert_eq!(line["text"], "Код: 123456");
    assert_eq!(line["created_at"], "2026-11-25T10:00:00Z");
}

/// A transport that fails the first `failures` sends, like a gateway outage.
struct Flaky {
    failures: usize,
    calls: AtomicUsize,
    delivered: Mutex<Vec<String>>,
}

impl SmsTransport for Flaky {
    fn name(&self) -> &'static str {
        "flaky"
    }
    fn send<'a>(
        &'a self,
        m: &'a SmsMessage,
    ) -> helpdesk::notify::BoxFuture<'a, Result<(), helpdesk::notify::SendError>> {
        Box::pin(async move {
            if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
                return Err(helpdesk::notify::SendError::Temporary("gateway down".into()));
            }
            self.delivered.lock().unwrap().push(m.idempotency_key.clone());
            Ok(())
        })
    }
}

#[tokio::test]
async fn gateway_outages_delay_but_never_drop() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path()).await;
    let clock = ManualClock::new(time::macros::datetime!(2026-11-25 10:00 UTC));
    db.enqueue(&message("k1"), clock.now().unix_timestamp()).await.unwrap();
    let flaky = Arc::new(Flaky { failures: 3, calls: AtomicUsize::new(0), delivered: Mutex::new(vec![]) });
    let w = worker(&db, flaky.clone(), &clock);
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 5 s
    assert_eq!(w.deliver_due().await.unwrap(), 0, "not before the back-off");
    clock.advance(time::Duration::seconds(5));
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 10 s
    clock.advance(time::Duration::seconds(10));
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 20 s
    clock.advance(time::Duration::seconds(19));
    assert_eq!(w.deliver_due().await.unwrap(), 0);
    clock.advance(time::Duration::seconds(1));
    assert_eq!(w.deliver_due().await.unwrap(), 1); // delivered
    assert_eq!(*flaky.delivered.lock().unwrap(), vec!["k1".to_string()]);
    assert_eq!(db.outbox_depth().await.unwrap(), 0);
}

#[tokio::test]
async fn a_message_that_goes_out_brings_forward_those_waiting_out_the_outage() {
    let dir = tempfile::tempdir().unwrap();
    let db = sqlite(dir.path()).await;
    let clock = ManualClock::new(time::macros::datetime!(2026-11-25 10:00 UTC));
    db.enqueue(&message("waiting"), clock.now().unix_timestamp()).await.unwrap();
    let flaky = Arc::new(Flaky { failures: 3, calls: AtomicUsize::new(0), delivered: Mutex::new(vec![]) });
    let w = worker(&db, flaky.clone(), &clock);
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 5 s
    clock.advance(time::Duration::seconds(5));
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 10 s
    clock.advance(time::Duration::seconds(10));
    assert_eq!(w.deliver_due().await.unwrap(), 1); // fails, retry in 20 s
    assert_eq!(w.deliver_due().await.unwrap(), 0, "not before the back-off");
    // The gateway is back: a new message goes out, and the one waiting goes right after it.
    db.enqueue(&message("new"), clock.now().unix_timestamp()).await.unwrap();
    assert_eq!(w.deliver_due().await.unwrap(), 1);
    assert_eq!(w.deliver_due().await.unwrap(), 1, "brought forward, not 20 s later");
    assert_eq!(*flaky.delivered.lock().unwrap(), vec!["new".to_string(), "waiting".to_string()]);
    assert_eq!(db.outbox_depth().await.unwrap(), 0);
}

backend_test! {
    /// A real HTTP SMS gateway on 127.0.0.1 that refuses the first request.
    async fn http_gateway_transport_end_to_end(backend) {
        use axum::http::HeaderMap;
        let received: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let gateway = {
            let received = received.clone();
            let calls = calls.clone();
            axum::Router::new().route(
                "/send",
                axum::routing::post(move |headers: HeaderMap, body: String| {
                    let received = received.clone();
                    let calls = calls.clone();
                    async move {
                        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                            return axum::http::StatusCode::SERVICE_UNAVAILABLE;
                        }
                        assert_eq!(headers["authorization"], "Bearer gateway-secret");
                        let key = headers["idempotency-key"].to_str().unwrap().to_string();
                        received.lock().unwrap().push((key, serde_json::from_str(&body).unwrap()));
                        axum::http::StatusCode::OK
                    }
                }),
            )
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gateway_url = format!("http://{}/send", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });
        let url = gateway_url.clone();
        on_backend_with(backend,
            move |c| {
                c.sms_transport = helpdesk::config::SmsTransportKind::Http;
                c.sms_http.url = url.clone();
                c.sms_http.auth_header = Some("Authorization: Bearer gateway-secret".into());
                c.sms_http.body_template = r#"{"msisdn": "{phone}", "message": "{text}"}"#.into();
            },
            |app| {
                let received = received.clone();
                async move {
                    let client = app.client();
                    let (status, _) =
                        client.post_json("/api/v1/registrations", registration_body("+375 29 999-00-11")).await;
                    assert_eq!(status, 201);
                    // The first attempt met a 503; the retry comes after the back-off.
                    for _ in 0..100 {
                        if app.app().db.outbox_depth().await.unwrap() == 1 && received.lock().unwrap().is_empty() {
                            app.advance(5);
                        }
                        if !received.lock().unwrap().is_empty() {
                            break;
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                    }
                    let got = received.lock().unwrap().clone();
                    let (key, body) = got.last().expect("the gateway received the SMS");
                    assert!(key.ends_with(":1"));
                    assert_eq!(body["msisdn"], "+375299990011");
                    assert!(body["message"].as_str().unwrap().starts_with("Техподдержка"));
                    received.lock().unwrap().clear();
                    app.stop().await;
                }
            },
        )
        .await;
    }
}

/// An SMS gateway on 127.0.0.1 that takes `delay` for each message and notes what arrived when.
async fn slow_gateway(delay: std::time::Duration) -> (String, Arc<Mutex<Vec<(String, std::time::Instant)>>>) {
    let arrived: Arc<Mutex<Vec<(String, std::time::Instant)>>> = Arc::default();
    let log = arrived.clone();
    let gateway = axum::Router::new().route(
        "/send",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let log = log.clone();
            async move {
                tokio::time::sleep(delay).await;
                let key = headers["idempotency-key"].to_str().unwrap().to_string();
                log.lock().unwrap().push((key, std::time::Instant::now()));
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, gateway).await.unwrap() });
    (url, arrived)
}

backend_test! {
    /// Issue 10.13: two instances' workers and a slow gateway. Every message goes out exactly
    /// once (a batch sent one by one outlived its lease and the other instance sent it again),
    /// and the codes go before the notices queued ahead of them.
    async fn two_workers_and_a_slow_gateway_send_each_message_once_codes_first(backend) {
        on_backend(backend, |app| async move {
            let (url, arrived) = slow_gateway(std::time::Duration::from_millis(500)).await;
            // The workers below run on the real clock; the server's own worker, on the test's
            // manual clock in March, finds none of these messages due.
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let db = app.app().db.clone();
            for n in 0..60 {
                let notice = NewOutbox {
                    purpose: "ticket_update",
                    body: format!("Заявка {n}"),
                    masked_body: format!("Заявка {n}"),
                    ..message(&format!("notice-{n}"))
                };
                db.enqueue(&notice, now).await.unwrap();
            }
            for n in 0..30 {
                db.enqueue(&message(&format!("code-{n}")), now).await.unwrap();
            }
            let started = std::time::Instant::now();
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let instance = || {
                let config = helpdesk::config::SmsHttpConfig { url: url.clone(), ..Default::default() };
                OutboxWorker {
                    db: db.clone(),
                    sms: Arc::new(helpdesk::notify::HttpTransport::new(config).unwrap()),
                    email: None,
                    clock: Arc::new(helpdesk::clock::SystemClock),
                    metrics: Default::default(),
                    wake: Default::default(),
                    poll: std::time::Duration::from_millis(50),
                    lease: std::time::Duration::from_secs(3),
                    concurrency: 8,
                }
            };
            let first = tokio::spawn(instance().run(stopped.clone()));
            let second = tokio::spawn(instance().run(stopped));
            for _ in 0..600 {
                if db.outbox_depth().await.unwrap() == 0 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            let elapsed = started.elapsed();
            stop.send_replace(true);
            let _ = tokio::join!(first, second);
            let arrived = arrived.lock().unwrap().clone();
            let mut keys: Vec<&str> = arrived.iter().map(|(k, _)| k.as_str()).collect();
            keys.sort();
            let total = keys.len();
            keys.dedup();
            let duplicates = total - keys.len();
            let last = |prefix: &str| {
                arrived.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(_, at)| *at - started).max().unwrap()
            };
            println!(
                "{backend:?}: 90 messages at 0.5 s each in {elapsed:?}, {duplicates} duplicates, last code after {:?}, last notice after {:?}",
                last("code-"),
                last("notice-")
            );
            assert_eq!(keys.len(), 90, "every message arrived");
            assert_eq!(duplicates, 0, "none twice");
            assert!(last("code-") < last("notice-"), "the codes went first");
            assert!(last("code-") < std::time::Duration::from_secs(5), "codes within seconds: {:?}", last("code-"));
            app.stop().await;
        })
        .await;
    }
}
