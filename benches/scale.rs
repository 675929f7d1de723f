//! Scale benchmark (issue 4): the portal over a generated archive of a million tickets.
//!
//! `cargo bench --bench scale` generates the archive with `helpdesk demo --tickets N` into a
//! temporary directory (SQLite), starts the release binary on it as a second process and
//! measures over HTTP with 8 clients: operator queues (first page, filtered, deep), the
//! customer's list, full-text search, the supervisor's reports (periods, filters, page, XLSX),
//! ticket creation, and the database size.
//!
//! Knobs: `SCALE_TICKETS` (1000000), `SCALE_DATA_DIR` (reuse a generated SQLite directory),
//! `SCALE_DATABASE_URL` (a PostgreSQL database; generated into when it has no tickets),
//! `LOAD_SECONDS` (10), `LOAD_CLIENTS` (8).

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use common::{env_or, run, start_portal, wanted, PortalSetup};
use helpdesk::domain::listing::{ListCursor, TicketSort};
use helpdesk::store::Db;
use rand::{Rng, SeedableRng};
use serde_json::json;

struct Sample {
    operators: Vec<String>,
    /// Session cookies of the same operators, for the pages (tokens do not open pages).
    operator_cookies: Vec<String>,
    /// Per operator: tickets of their groups, whose workspace page is read.
    operator_tickets: Vec<Vec<String>>,
    customers: Vec<String>,
    /// A supervisor's token and session, for the reports.
    supervisor: String,
    supervisor_cookie: String,
    serials: Vec<String>,
    phones: Vec<String>,
    unps: Vec<String>,
    span: (i64, i64),
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
    }
}

async fn strings(db: &Db, sql: &str) -> Vec<String> {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    }
}

async fn ids(db: &Db, sql: &str) -> Vec<i64> {
    match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    }
}

/// Personal API tokens for generated accounts, made the way the cabinet makes them.
async fn tokens(db: &Db, users: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for (n, user) in users.iter().enumerate() {
        let token = format!("hdk_scale{n}_{user}_{}", rand::random::<u64>());
        let audit = helpdesk::store::audit::AuditEntry {
            at: 0,
            event: "api_token_created",
            user_id: Some(*user),
            ip: None,
            details: json!({ "benchmark": true }),
            object: None,
        };
        let hash = helpdesk::app::crypto::sha256(token.as_bytes());
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let new = helpdesk::store::sessions::NewApiToken {
            user_id: *user,
            name: "scale benchmark",
            token_hash: &hash,
            now,
            expires_at: now + 365 * 86_400,
        };
        db.create_api_token(&new, &audit).await.unwrap();
        out.push(token);
    }
    out
}

/// Signed-in sessions for generated staff, opened the way the login opens them.
async fn sessions(db: &Db, users: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for user in users {
        let token = format!("scale-session-{user}-{}", rand::random::<u64>());
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let session = helpdesk::store::sessions::NewSession {
            token_hash: helpdesk::app::crypto::sha256(token.as_bytes()),
            user_id: *user,
            now,
            expires_at: now + 86_400,
            ip: None,
            user_agent: None,
        };
        let audit = helpdesk::store::audit::AuditEntry {
            at: now,
            event: "login_ok",
            user_id: Some(*user),
            ip: None,
            details: json!({ "benchmark": true }),
            object: None,
        };
        db.open_session(&session, &format!("scale-{user}"), &audit).await.unwrap();
        out.push(format!("helpdesk_session={token}"));
    }
    out
}

/// The supervisor who reads the reports: made once per archive.
async fn supervisor(db: &Db) -> i64 {
    let existing = ids(db, "SELECT id FROM users WHERE username = 'scale-boss'").await;
    if let Some(id) = existing.first() {
        return *id;
    }
    let new = helpdesk::store::users::NewStaff {
        username: "scale-boss".into(),
        last_name: "Руководитель".into(),
        first_name: "Отчётов".into(),
        role: "supervisor".into(),
        email: None,
        password_hash: helpdesk::app::crypto::hash_password_blocking("scale benchmark boss").unwrap(),
        groups: vec![],
        must_change_password: false,
    };
    let audit = helpdesk::store::audit::AuditEntry {
        at: 0,
        event: "staff_created",
        user_id: None,
        ip: None,
        details: json!({ "benchmark": true }),
        object: None,
    };
    db.create_staff(&new, 0, &audit).await.unwrap()
}

async fn sample(db: &Db) -> Sample {
    let operators = ids(db, "SELECT id FROM users WHERE username LIKE 'gen-op%' ORDER BY id LIMIT 8").await;
    // Managers (the first customers) see their organisation's tickets too: mix them in.
    let customers = ids(
        db,
        "SELECT id FROM users WHERE role = 'customer' AND phone LIKE '+37533%' AND (id % 97 = 0 OR id % 1001 = 0) LIMIT 200",
    )
    .await;
    let bodies = strings(
        db,
        "SELECT body FROM ticket_messages WHERE id % 9973 = 1 AND body LIKE '%Серийный номер носителя%' LIMIT 300",
    )
    .await;
    let serials = bodies
        .iter()
        .filter_map(|b| b.rsplit_once("носителя ").map(|(_, s)| s.trim_end_matches('.').to_string()))
        .collect();
    let mut operator_tickets = Vec::new();
    for op in &operators {
        let sql = format!(
            "SELECT number FROM tickets WHERE group_id IN (SELECT group_id FROM staff_group_members WHERE user_id = {op})
             AND id % 101 = 0 LIMIT 200"
        );
        operator_tickets.push(strings(db, &sql).await);
    }
    let supervisor = supervisor(db).await;
    Sample {
        supervisor: tokens(db, &[supervisor]).await.remove(0),
        supervisor_cookie: sessions(db, &[supervisor]).await.remove(0),
        operator_cookies: sessions(db, &operators).await,
        operator_tickets,
        operators: tokens(db, &operators).await,
        customers: tokens(db, &customers).await,
        serials,
        phones: strings(db, "SELECT phone FROM users WHERE role = 'customer' AND id % 211 = 0 LIMIT 200").await,
        unps: strings(db, "SELECT unp FROM organizations WHERE id % 53 = 0 LIMIT 200").await,
        span: (
            scalar(db, "SELECT MIN(created_at) FROM tickets").await,
            scalar(db, "SELECT MAX(created_at) FROM tickets").await,
        ),
    }
}

fn generate(data_dir: &std::path::Path, env: &[(String, String)], tickets: u64) {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["demo", "--tickets", &tickets.to_string()])
        .env("HELPDESK_DATA_DIR", data_dir)
        .env("HELPDESK_LOG", "warn")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run helpdesk demo");
    assert!(status.success(), "helpdesk demo failed");
    println!("{:<34} {:>9.0} s", "generation (helpdesk demo)", started.elapsed().as_secs_f64());
}

fn day(ts: i64) -> String {
    helpdesk::store::from_unix(ts).to_offset(helpdesk::clock::MINSK_OFFSET).date().to_string()
}

async fn get(http: &reqwest::Client, url: String, token: &str) -> Result<serde_json::Value, String> {
    let r = http.get(&url).bearer_auth(token).send().await.map_err(|e| e.to_string())?;
    if r.status() != 200 {
        return Err(format!("{url}: {} {}", r.status(), r.text().await.unwrap_or_default()));
    }
    r.json().await.map_err(|e| e.to_string())
}

/// A page as a signed-in browser gets it.
async fn get_page(http: &reqwest::Client, url: String, cookie: &str) -> Result<(), String> {
    let r = http.get(&url).header("cookie", cookie).send().await.map_err(|e| e.to_string())?;
    if r.status() != 200 {
        return Err(format!("{url}: {}", r.status()));
    }
    r.bytes().await.map(|_| ()).map_err(|e| e.to_string())
}

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let seconds = env_or("LOAD_SECONDS", 10);
    let clients = env_or("LOAD_CLIENTS", 8);
    let tickets = env_or("SCALE_TICKETS", 1_000_000);
    let temp = tempfile::tempdir().unwrap();
    let data_dir = std::env::var("SCALE_DATA_DIR").map(PathBuf::from).unwrap_or_else(|_| temp.path().to_path_buf());
    let pg = std::env::var("SCALE_DATABASE_URL").ok();
    // The operators of the benchmark call the API with tokens, which staff may use only when allowed.
    // The service-level sweeper is left out of the measured minutes: on an archive generated
    // hours before, its first sweep announces every threshold crossed since (thousands of
    // tickets) and takes both cores for minutes, which says nothing about the pages measured.
    let mut env = vec![
        ("HELPDESK_OUTBOX_POLL_MILLIS".to_string(), "50".to_string()),
        ("HELPDESK_API_TOKENS_FOR_STAFF".to_string(), "true".to_string()),
        ("HELPDESK_SLA_SWEEP_SECONDS".to_string(), "3600".to_string()),
    ];
    if let Some(url) = &pg {
        env.push(("HELPDESK_DATABASE_URL".into(), url.clone()));
    }
    let db_url = pg.clone().unwrap_or_else(|| format!("sqlite://{}", data_dir.join("helpdesk.db").display()));
    let existing = match Db::connect(&db_url, 2).await {
        Ok(db) if pg.is_some() || data_dir.join("helpdesk.db").exists() => {
            helpdesk::store::migrate::migrate(&db).await.unwrap();
            let n = scalar(&db, "SELECT COUNT(*) FROM tickets").await;
            db.close().await;
            n
        }
        _ => 0,
    };
    println!(
        "Helpdesk scale benchmark: {} backend, {clients} clients, {seconds} s per scenario, {} cores",
        if pg.is_some() { "PostgreSQL" } else { "SQLite" },
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    if existing < 1000 {
        generate(&data_dir, &env, tickets);
    }
    let db = Db::connect(&db_url, 2).await.unwrap();
    let total = scalar(&db, "SELECT COUNT(*) FROM tickets").await;
    let open = scalar(&db, "SELECT COUNT(*) FROM tickets WHERE status NOT IN ('resolved', 'closed')").await;
    let messages = scalar(&db, "SELECT COUNT(*) FROM ticket_messages").await;
    println!("{:<34} {total} tickets ({open} open), {messages} messages", "data");
    let s = Arc::new(sample(&db).await);
    let portal = start_portal(PortalSetup { data_dir: Some(data_dir.clone()), env }).await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let url = portal.url.clone();

    macro_rules! scenario {
        ($name:expr, |$c:ident, $i:ident, $s:ident, $rng:ident| $make:expr) => {{
            let (http, url, s) = (http.clone(), url.clone(), s.clone());
            run($name, clients, seconds, move |$c, $i| {
                let (http, url, $s) = (http.clone(), url.clone(), s.clone());
                let mut $rng = rand::rngs::StdRng::seed_from_u64($c * 1_000_003 + $i);
                let (path, token): (String, String) = $make;
                async move { get(&http, format!("{url}{path}"), &token).await.map(|_| ()) }
            })
            .await
        }};
    }

    let sorts = ["updated", "created", "priority", "sla"];
    scenario!("queue: first page (4 sorts)", |c, i, s, rng| {
        let _ = &mut rng;
        (
            format!("/api/v1/staff/tickets?sort={}", sorts[(i % 4) as usize]),
            s.operators[c as usize % s.operators.len()].clone(),
        )
    });
    scenario!("queue: filtered", |c, i, s, rng| {
        let from = rng.gen_range(s.span.0..s.span.1);
        let filter = match i % 5 {
            0 => "queue=all&status=in_progress".to_string(),
            1 => "queue=all&service=ecp&sort=created".to_string(),
            2 => format!("queue=all&unp={}", s.unps[rng.gen_range(0..s.unps.len())]),
            3 => format!("queue=all&phone={}", enc(&s.phones[rng.gen_range(0..s.phones.len())])),
            _ => format!("queue=all&from={}&to={}&sort=created", day(from), day(from + 7 * 86_400)),
        };
        (format!("/api/v1/staff/tickets?{filter}"), s.operators[c as usize % s.operators.len()].clone())
    });
    scenario!("queue: deep page via cursor", |c, i, s, rng| {
        let sort = if i % 2 == 0 { TicketSort::Updated } else { TicketSort::Created };
        let cursor = ListCursor { sort, key: rng.gen_range(s.span.0..s.span.1), id: i64::MAX }.encode();
        (
            format!("/api/v1/staff/tickets?queue=all&sort={}&cursor={cursor}", sort.as_str()),
            s.operators[c as usize % s.operators.len()].clone(),
        )
    });
    {
        let (http, url, s) = (http.clone(), url.clone(), s.clone());
        run("page: operator queue (HTML)", clients, seconds, move |c, _| {
            let (http, url, s) = (http.clone(), url.clone(), s.clone());
            async move {
                get_page(
                    &http,
                    format!("{url}/staff?queue=open"),
                    &s.operator_cookies[c as usize % s.operator_cookies.len()],
                )
                .await
            }
        })
        .await;
    }
    {
        let (http, url, s) = (http.clone(), url.clone(), s.clone());
        run("page: ticket workspace + history", clients, seconds, move |c, i| {
            let (http, url, s) = (http.clone(), url.clone(), s.clone());
            async move {
                let op = c as usize % s.operator_cookies.len();
                let numbers = &s.operator_tickets[op];
                let number = &numbers[(i as usize * 7919) % numbers.len()];
                get_page(&http, format!("{url}/staff/tickets/{number}"), &s.operator_cookies[op]).await
            }
        })
        .await;
    }
    scenario!("customer: own tickets", |c, i, s, rng| {
        let _ = (&mut rng, c);
        ("/api/v1/tickets".to_string(), s.customers[i as usize % s.customers.len()].clone())
    });
    scenario!("search: serial number (1 hit)", |c, i, s, rng| {
        let q = &s.serials[rng.gen_range(0..s.serials.len())];
        let _ = i;
        (format!("/api/v1/staff/tickets?queue=all&q={q}"), s.operators[c as usize % s.operators.len()].clone())
    });
    scenario!("search: error code (~0.1 %)", |c, i, s, rng| {
        let q = helpdesk::demo::text::error_code(&mut rng);
        let _ = i;
        (format!("/api/v1/staff/tickets?queue=all&q={q}"), s.operators[c as usize % s.operators.len()].clone())
    });
    scenario!("search: city + product words", |c, i, s, rng| {
        use rand::seq::SliceRandom;
        let city = helpdesk::demo::text::CITIES.choose(&mut rng).unwrap();
        let product = ["Avest", "AvToken", "iToken", "Chrome", "Firefox", "Astra"].choose(&mut rng).unwrap();
        let _ = (i, &s);
        (
            format!("/api/v1/staff/tickets?queue=all&q={}", enc(&format!("{city} {product}"))),
            s.operators[c as usize % s.operators.len()].clone(),
        )
    });
    scenario!("search: customer, one word", |c, i, s, rng| {
        let _ = (&mut rng, c);
        (format!("/api/v1/tickets?q={}", enc("сертификат")), s.customers[i as usize % s.customers.len()].clone())
    });

    // Reports over the whole archive: the periods a supervisor asks for, each filter, the page.
    let today = time::OffsetDateTime::now_utc().unix_timestamp();
    // Leaked once: the scenarios' closures copy them.
    let since = |days: i64| -> &'static str { Box::leak(day(today - days * 86_400).into_boxed_str()) };
    scenario!("report: last 30 days", |c, i, s, rng| {
        let _ = (&mut rng, c, i);
        ("/api/v1/staff/reports".to_string(), s.supervisor.clone())
    });
    let year = since(364);
    scenario!("report: a year by month", |c, i, s, rng| {
        let _ = (&mut rng, c, i);
        (format!("/api/v1/staff/reports?since={year}&granularity=month"), s.supervisor.clone())
    });
    let two_years = since(729);
    scenario!("report: two years by month", |c, i, s, rng| {
        let _ = (&mut rng, c, i);
        (format!("/api/v1/staff/reports?since={two_years}"), s.supervisor.clone())
    });
    let quarter = since(89);
    scenario!("report: 90 days, one group", |c, i, s, rng| {
        let _ = (&mut rng, c);
        let group = ["ecp", "epeu", "smdo", "first_line", "billing"][i as usize % 5];
        (format!("/api/v1/staff/reports?since={quarter}&group={group}"), s.supervisor.clone())
    });
    scenario!("report: a year, one section", |c, i, s, rng| {
        let _ = (&mut rng, c);
        let service = ["ecp", "epeu", "smdo", "software", "contracts"][i as usize % 5];
        (format!("/api/v1/staff/reports?since={year}&service={service}"), s.supervisor.clone())
    });
    scenario!("report: two years, one organisation", |c, i, s, rng| {
        let _ = (c, i);
        let unp = &s.unps[rng.gen_range(0..s.unps.len())];
        (format!("/api/v1/staff/reports?since={two_years}&organization={unp}"), s.supervisor.clone())
    });
    // The same year while customers file tickets (five a second): the folder changes the
    // current month every couple of seconds, and each report reads that month again; the period
    // ends on a random day of the last two months, so its partial months vary too.
    if wanted("report: a year, tickets being filed") {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let filer = {
            let (http, url, s, stop) = (http.clone(), url.clone(), s.clone(), stop.clone());
            tokio::spawn(async move {
                let mut n = 0usize;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let body = json!({ "service": "ecp-token", "subject": format!("Во время отчёта {n}"),
                                       "body": "Носитель не определяется после обновления." });
                    let token = &s.customers[n % s.customers.len()];
                    let _ = http.post(format!("{url}/api/v1/tickets")).bearer_auth(token).json(&body).send().await;
                    n += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                }
                n
            })
        };
        scenario!("report: a year, tickets being filed", |c, i, s, rng| {
            let _ = (c, i);
            let until = today - rng.gen_range(0..60) * 86_400;
            (
                format!("/api/v1/staff/reports?since={}&until={}", day(until - 364 * 86_400), day(until)),
                s.supervisor.clone(),
            )
        });
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let filed = filer.await.unwrap_or(0);
        println!("{:<34} {filed} tickets filed meanwhile", "");
    }
    {
        let (http, url, s) = (http.clone(), url.clone(), s.clone());
        run("page: report, a year (HTML)", clients, seconds, move |_, _| {
            let (http, url, s) = (http.clone(), url.clone(), s.clone());
            async move { get_page(&http, format!("{url}/staff/reports?since={year}"), &s.supervisor_cookie).await }
        })
        .await;
    }
    {
        let (http, url, s) = (http.clone(), url.clone(), s.clone());
        run("report: a year as XLSX", clients, seconds, move |_, _| {
            let (http, url, s) = (http.clone(), url.clone(), s.clone());
            async move { get_page(&http, format!("{url}/staff/reports.xlsx?since={year}"), &s.supervisor_cookie).await }
        })
        .await;
    }

    let before = scalar(&db, "SELECT COUNT(*) FROM tickets").await;
    let acknowledged = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let rate = {
        let (http, url, s, acknowledged) = (http.clone(), url.clone(), s.clone(), acknowledged.clone());
        run("POST /api/v1/tickets (create)", clients, seconds, move |c, i| {
            let (http, url, s, acknowledged) = (http.clone(), url.clone(), s.clone(), acknowledged.clone());
            async move {
                let token = &s.customers[(c * 31 + i) as usize % s.customers.len()];
                let body = json!({ "service": "ecp-token", "subject": format!("Нагрузка {c}-{i}"),
                                   "body": "Носитель не определяется после обновления." });
                let r = http
                    .post(format!("{url}/api/v1/tickets"))
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if r.status() != 201 {
                    return Err(format!("create: {} {}", r.status(), r.text().await.unwrap_or_default()));
                }
                acknowledged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                Ok(())
            }
        })
        .await
    };
    let after = scalar(&db, "SELECT COUNT(*) FROM tickets").await;
    let acked = acknowledged.load(std::sync::atomic::Ordering::Relaxed) as i64;
    println!("{:<34} {acked} acknowledged, {} in the database", "created tickets stored", after - before);
    assert!(after - before >= acked, "an acknowledged ticket is missing");
    let _ = rate;
    drop(portal);

    let bytes = match &db {
        Db::Postgres(_) => scalar(&db, "SELECT pg_database_size(current_database())").await as u64,
        Db::Sqlite(_) => {
            let size = |name: &str| std::fs::metadata(data_dir.join(name)).map(|m| m.len()).unwrap_or(0);
            size("helpdesk.db") + size("helpdesk.db-wal")
        }
    };
    let per_10k = bytes as f64 / (after as f64 / 10_000.0) / 1_048_576.0;
    println!(
        "{:<34} {:>9.1} MiB total, {per_10k:.1} MiB per 10 000 tickets",
        "database size",
        bytes as f64 / 1_048_576.0
    );
}
