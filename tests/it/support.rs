//! The test harness: a real server on a random port, a temporary data directory, a manual clock,
//! SQLite always and PostgreSQL too when `HELPDESK_TEST_DATABASE_URL` is set.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use helpdesk::clock::ManualClock;
use helpdesk::config::Config;
use helpdesk::server::{self, Server};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where every test's clock starts: a fixed Monday, mid-morning UTC, so that no test depends on
/// the day it runs (a year's end, a daily counter's boundary).
pub const TEST_START: time::OffsetDateTime = time::macros::datetime!(2026-03-02 09:00 UTC);

pub struct TestApp {
    pub server: Option<Server>,
    pub url: String,
    pub clock: ManualClock,
    pub data_dir: tempfile::TempDir,
    pub backend: Backend,
    pub config: Config,
    pg_database: Option<(String, String)>,
}

pub fn base_config(data_dir: &std::path::Path) -> Config {
    Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        data_dir: data_dir.to_path_buf(),
        outbox_poll_millis: 50,
        ..Config::default()
    }
}

/// A test run once per backend and reported apart: `<name>::sqlite` always, and
/// `<name>::postgres` when the tests were built with `HELPDESK_TEST_DATABASE_URL` set — otherwise
/// it is listed as ignored and says why, rather than passing without having run.
macro_rules! backend_test {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($backend: $crate::support::Backend) $body

            #[tokio::test]
            $(#[$meta])*
            async fn sqlite() {
                run($crate::support::Backend::Sqlite).await
            }

            #[tokio::test]
            $(#[$meta])*
            #[cfg_attr(
                not(helpdesk_pg_tests),
                ignore = "PostgreSQL: set HELPDESK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
            )]
            async fn postgres() {
                run($crate::support::Backend::Postgres).await
            }
        }
    };
}

/// Runs `test` against a fresh server on `backend`.
pub async fn on_backend<F, Fut>(backend: Backend, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    test(TestApp::start(backend, |_| {}).await).await;
}

/// The same with configuration changes.
pub async fn on_backend_with<F, Fut, C>(backend: Backend, configure: C, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
    C: Fn(&mut Config),
{
    test(TestApp::start(backend, &configure).await).await;
}

pub async fn fresh_postgres_database() -> (String, String, String) {
    let admin_url = std::env::var("HELPDESK_TEST_DATABASE_URL").expect("HELPDESK_TEST_DATABASE_URL");
    let name = format!("helpdesk_test_{}", helpdesk::app::crypto::random_id().to_lowercase().replace(['-', '_'], ""));
    let admin = sqlx::PgPool::connect(&admin_url).await.expect("connect to the PostgreSQL test server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("URL with a database");
    (format!("{base}/{name}"), admin_url, name)
}

impl TestApp {
    pub async fn start(backend: Backend, configure: impl Fn(&mut Config)) -> TestApp {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let mut config = base_config(data_dir.path());
        let mut pg_database = None;
        if backend == Backend::Postgres {
            let (url, admin, name) = fresh_postgres_database().await;
            config.database_url = url;
            pg_database = Some((admin, name));
        }
        configure(&mut config);
        let clock = ManualClock::new(TEST_START);
        let server = server::start(config.clone(), Arc::new(clock.clone())).await.expect("server starts");
        let url = server.url();
        TestApp { server: Some(server), url, clock, data_dir, backend, config, pg_database }
    }

    /// A server started by the test itself (a database of its own making), driven as any other.
    pub fn adopt(server: Server, clock: ManualClock, data_dir: tempfile::TempDir, config: Config) -> TestApp {
        let backend = match server.app.db {
            helpdesk::store::Db::Sqlite(_) => Backend::Sqlite,
            helpdesk::store::Db::Postgres(_) => Backend::Postgres,
        };
        TestApp { url: server.url(), server: Some(server), clock, data_dir, backend, config, pg_database: None }
    }

    /// Runs a statement on whichever database the test uses (setup that has no API yet).
    pub async fn exec(&self, sql: &str) {
        match &self.app().db {
            helpdesk::store::Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()).unwrap(),
            helpdesk::store::Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()).unwrap(),
        }
    }

    pub fn app(&self) -> &helpdesk::app::App {
        &self.server.as_ref().expect("running").app
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url)
    }

    pub fn clock_now(&self) -> time::OffsetDateTime {
        use helpdesk::clock::Clock;
        self.clock.now()
    }

    pub fn advance(&self, seconds: i64) {
        self.clock.advance(time::Duration::seconds(seconds));
    }

    pub fn outbox_path(&self) -> PathBuf {
        self.data_dir.path().join("sms-outbox.jsonl")
    }

    pub fn sms_lines(&self) -> Vec<Value> {
        std::fs::read_to_string(self.outbox_path())
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("every outbox line is JSON"))
            .collect()
    }

    /// Waits (bounded) for the n-th SMS (1-based) to `e164` with `purpose`, and returns its text.
    pub async fn sms(&self, e164: &str, purpose: &str, nth: usize) -> String {
        for _ in 0..200 {
            let found: Vec<String> = self
                .sms_lines()
                .into_iter()
                .filter(|v| v["to"] == e164 && v["purpose"] == purpose)
                .map(|v| v["text"].as_str().unwrap().to_string())
                .collect();
            if found.len() >= nth {
                return found[nth - 1].clone();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no SMS #{nth} with purpose {purpose} to {e164}; outbox: {:?}", self.sms_lines());
    }

    /// The secret of an SMS is its last whitespace-separated token (DESIGN §7).
    pub async fn secret(&self, e164: &str, purpose: &str, nth: usize) -> String {
        self.sms(e164, purpose, nth).await.split_whitespace().last().unwrap().to_string()
    }

    /// Waits (bounded) for the SMS with this idempotency key and returns its secret.
    pub async fn secret_by_key(&self, key: &str) -> String {
        for _ in 0..200 {
            if let Some(v) = self.sms_lines().into_iter().find(|v| v["id"] == key) {
                return v["text"].as_str().unwrap().split_whitespace().last().unwrap().to_string();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no SMS with key {key}; outbox: {:?}", self.sms_lines());
    }

    /// How many SMS went to `e164`, once the worker has delivered everything queued.
    pub async fn count_sms(&self, e164: &str) -> usize {
        self.drain_outbox().await;
        self.sms_lines().iter().filter(|v| v["to"] == e164).count()
    }

    /// Waits (bounded) until the outbox holds nothing due; a worker that never gets there fails
    /// the test instead of letting it count a half-delivered outbox.
    pub async fn drain_outbox(&self) {
        for _ in 0..500 {
            if self.app().db.outbox_depth().await.unwrap() == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the outbox did not drain in 10 s: {} messages left", self.app().db.outbox_depth().await.unwrap());
    }

    /// The audit events of the account with this phone, newest first.
    pub async fn events_of(&self, e164: &str) -> Vec<String> {
        let db = &self.app().db;
        let user = db.user_by_phone(e164).await.unwrap().expect("registered");
        db.audit_events(Some(user.id), 100).await.unwrap().into_iter().map(|e| e.event).collect()
    }

    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        if let Some((admin_url, name)) = self.pg_database.take() {
            drop_postgres_database(&admin_url, &name).await;
        }
    }
}

pub async fn drop_postgres_database(admin_url: &str, name: &str) {
    if let Ok(admin) = sqlx::PgPool::connect(admin_url).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await;
        admin.close().await;
    }
}

/// A test that panicked never reached `stop`: its PostgreSQL database is dropped here, from a
/// thread of its own because the test's runtime is unwinding.
impl Drop for TestApp {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.pg_database.take() else { return };
        let dropping = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
            if let Ok(runtime) = runtime {
                runtime.block_on(drop_postgres_database(&admin_url, &name));
            }
        });
        let _ = dropping.join();
    }
}

/// An HTTP client with its own cookie jar, like one browser.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(120))
            .build()
            .unwrap();
        Client { http, base: base.to_string() }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: Value) -> (u16, Value) {
        answer_of(self.http.post(format!("{}{path}", self.base)).json(&body).send().await.unwrap()).await
    }

    pub async fn put_json(&self, path: &str, body: Value) -> (u16, Value) {
        answer_of(self.http.put(format!("{}{path}", self.base)).json(&body).send().await.unwrap()).await
    }

    pub async fn post_empty(&self, path: &str) -> (u16, Value) {
        answer_of(self.http.post(format!("{}{path}", self.base)).send().await.unwrap()).await
    }

    /// `POST /api/v1/registrations/{id}/confirm` with a code.
    pub async fn confirm_registration(&self, id: &str, code: &str) -> (u16, Value) {
        self.post_json(&format!("/api/v1/registrations/{id}/confirm"), serde_json::json!({ "code": code })).await
    }

    pub async fn resend_registration(&self, id: &str) -> (u16, Value) {
        self.post_empty(&format!("/api/v1/registrations/{id}/resend")).await
    }

    pub async fn http_delete(&self, path: &str) -> u16 {
        self.http.delete(format!("{}{path}", self.base)).send().await.unwrap().status().as_u16()
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Loads `page`, takes its CSRF token, posts the form; returns status, Location, body.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
        let html = self.get(page).await.text().await.unwrap();
        let token = csrf_of(&html);
        let mut form: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        form.extend_from_slice(fields);
        self.post_form(action, &form).await
    }

    pub async fn post_form(&self, action: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let r = self.http.post(format!("{}{action}", self.base)).form(form).send().await.unwrap();
        let status = r.status().as_u16();
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        (status, location, r.text().await.unwrap())
    }
}

/// An answer's status and its JSON body (`Null` when empty, a string when not JSON).
pub async fn answer_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
}

pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).unwrap_or_else(|| panic!("no CSRF token in page: {html}")) + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

pub fn registration_body(phone: &str) -> Value {
    serde_json::json!({
        "phone": phone,
        "last_name": "Иванов",
        "first_name": "Иван",
        "middle_name": "Иванович",
        "email": "ivanov@example.by",
        "accept_personal_data": true,
        "accept_terms": true
    })
}

/// Registers `phone` through the API and returns the password from the SMS.
/// Registers a customer and signs them in.
pub async fn customer(app: &TestApp, phone: &str) -> Client {
    let password = register(app, phone).await;
    let client = app.client();
    let (status, _) =
        client.post_json("/api/v1/auth/login", serde_json::json!({ "login": phone, "password": password })).await;
    assert_eq!(status, 200);
    client
}

pub async fn register(app: &TestApp, phone: &str) -> String {
    let client = app.client();
    let (status, body) = client.post_json("/api/v1/registrations", registration_body(phone)).await;
    assert_eq!(status, 201, "{body}");
    let id = body["registration_id"].as_str().unwrap();
    let code = app.secret_by_key(&format!("{id}:1")).await;
    let (status, body) =
        client.post_json(&format!("/api/v1/registrations/{id}/confirm"), serde_json::json!({ "code": code })).await;
    assert_eq!(status, 200, "{body}");
    app.secret_by_key(&format!("{id}:password")).await
}

/// A migrated SQLite database of its own (for tests of the store beneath the HTTP layer), with
/// one customer: (database, its directory, customer id, id of the service `ecp-token`).
pub async fn sqlite_store_with_a_customer() -> (helpdesk::store::Db, tempfile::TempDir, i64, i64) {
    use helpdesk::store::{migrate, Db};
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("store.db").display()), 4).await.unwrap();
    migrate::migrate(&db).await.unwrap();
    let (user, service) = add_a_customer(&db).await;
    (db, dir, user, service)
}

/// Adds a customer straight to the store: (their id, id of the service `ecp-token`).
pub async fn add_a_customer(db: &helpdesk::store::Db) -> (i64, i64) {
    use helpdesk::store::{bulk::BulkUser, Db};
    let user = db.next_id("users").await.unwrap();
    db.bulk_users(&[BulkUser {
        id: user,
        phone: Some(format!("+37529{}", 1_000_000 + user)),
        username: None,
        last_name: "Иванова".into(),
        first_name: "Анна".into(),
        email: None,
        role: helpdesk::domain::people::Role::Customer,
        password_hash: "x".into(),
        created_at: 0,
    }])
    .await
    .unwrap();
    let sql = "SELECT id FROM services WHERE code = 'ecp-token'";
    let service: i64 = match db {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    };
    (user, service)
}

/// The session cookie (`name=value`) of a fresh sign-in, for clients that write their own requests.
pub async fn session_cookie(url: &str, login: &str, password: &str) -> String {
    let r = reqwest::Client::new()
        .post(format!("{url}/api/v1/auth/login"))
        .json(&serde_json::json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("helpdesk_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// A new ticket sent by hand over TCP as a slow client sends it: the small fields, then a big
/// part of `size` bytes in `chunk`-byte writes with `pause` between them. The big part is the
/// `body` text, or a file when `file_name` is given. Returns the status line, if one came back
/// (a server that refuses may close the connection before the client has finished).
pub struct SlowTicket<'a> {
    pub cookie: &'a str,
    pub file_name: Option<&'a str>,
    pub size: usize,
    pub chunk: usize,
    pub pause: Duration,
}

impl SlowTicket<'_> {
    pub async fn send(&self, url: &str) -> Option<String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = url.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let big = match self.file_name {
            Some(name) => format!(
                "Content-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream"
            ),
            None => "Content-Disposition: form-data; name=\"body\"".to_string(),
        };
        let body_field = if self.file_name.is_some() {
            "--XB\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nВо вложении.\r\n"
        } else {
            ""
        };
        let head = format!(
            "--XB\r\nContent-Disposition: form-data; name=\"service\"\r\n\r\nother-question\r\n\
             --XB\r\nContent-Disposition: form-data; name=\"subject\"\r\n\r\nМедленно\r\n{body_field}\
             --XB\r\n{big}\r\n\r\n"
        );
        let tail = "\r\n--XB--\r\n";
        let request = format!(
            "POST /api/v1/tickets HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\n\
             Content-Type: multipart/form-data; boundary=XB\r\nContent-Length: {}\r\n\r\n{head}",
            self.cookie,
            head.len() + self.size + tail.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let chunk = vec![b'a'; self.chunk.max(1)];
        let mut sent = 0;
        while sent < self.size {
            if sent > 0 && !self.pause.is_zero() {
                tokio::time::sleep(self.pause).await;
            }
            let n = chunk.len().min(self.size - sent);
            if stream.write_all(&chunk[..n]).await.is_err() {
                break;
            }
            sent += n;
        }
        if sent == self.size {
            let _ = stream.write_all(tail.as_bytes()).await;
        }
        let mut answer = Vec::new();
        let status_line = async {
            let mut buf = [0u8; 4096];
            while !answer.contains(&b'\n') {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(10), status_line).await;
        let text = String::from_utf8_lossy(&answer).to_string();
        text.lines().next().filter(|l| l.starts_with("HTTP/")).map(str::to_string)
    }
}

impl TestApp {
    /// One integer from whichever database the test uses (checks that have no API), of any
    /// integer type.
    pub async fn scalar(&self, sql: &str) -> i64 {
        let sql = &format!("SELECT CAST(({sql}) AS BIGINT)");
        match &self.app().db {
            helpdesk::store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            helpdesk::store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        }
    }

    /// Texts of the first column, in order.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        match &self.app().db {
            helpdesk::store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
            helpdesk::store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
        }
    }

    /// Moves the clock forward to `at`.
    pub fn move_to(&self, at: time::OffsetDateTime) {
        let now = self.clock_now();
        assert!(at >= now, "the clock only moves forward: {now} → {at}");
        self.clock.advance(at - now);
    }
}

/// A staff account written straight into the store, as the CLI writes one (not signed in).
pub async fn add_staff(
    db: &helpdesk::store::Db,
    login: &str,
    role: &str,
    password_hash: String,
    groups: Vec<i64>,
) -> i64 {
    let new = helpdesk::store::users::NewStaff {
        username: login.into(),
        last_name: "Сотрудник".into(),
        first_name: login.into(),
        role: role.into(),
        email: None,
        password_hash,
        groups,
        must_change_password: false,
    };
    let audit = helpdesk::store::audit::AuditEntry {
        at: 0,
        event: "staff_created",
        user_id: None,
        ip: None,
        details: serde_json::json!({}),
        object: None,
    };
    db.create_staff(&new, 0, &audit).await.unwrap()
}
