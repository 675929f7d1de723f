//! Operations endpoints, security headers, cross-site refusal, OpenAPI, configuration.

use serde_json::json;

use crate::support::{on_backend, registration_body};

backend_test! {
    async fn health_readiness_metrics(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            assert_eq!(client.get("/healthz").await.text().await.unwrap(), "ok");
            assert_eq!(client.get("/readyz").await.status(), 200);
            client.post_json("/api/v1/registrations", registration_body("+375291230001")).await;
            let metrics = client.get("/metrics").await.text().await.unwrap();
            for name in [
                "helpdesk_http_requests_total{status=\"2xx\"}",
                "helpdesk_http_request_duration_seconds_bucket",
                "helpdesk_outbox_depth",
                "helpdesk_sms_sent_total",
                "helpdesk_logins_failed_total",
            ] {
                assert!(metrics.contains(name), "{name} in\n{metrics}");
            }
            assert!(metrics.contains("helpdesk_registrations_started_total 1"));
            // By route: the template, not the path (one series per route, whatever the ids).
            client.get("/api/v1/tickets/2026-000001").await;
            client.get("/api/v1/tickets/2026-000002").await;
            let metrics = client.get("/metrics").await.text().await.unwrap();
            for line in [
                "helpdesk_http_requests_total{method=\"POST\",route=\"/api/v1/registrations\",status=\"2xx\"} 1",
                "helpdesk_http_requests_total{method=\"GET\",route=\"/api/v1/tickets/{number}\",status=\"4xx\"} 2",
                "helpdesk_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/tickets/{number}\"} 2",
                "helpdesk_outbox_oldest_age_seconds ",
                "helpdesk_sweeper_runs_total{job=\"housekeeping\"}",
                "helpdesk_sla_breaches_total ",
            ] {
                assert!(metrics.contains(line), "{line} in\n{metrics}");
            }
            assert!(!metrics.contains("2026-000001"), "no ids in the labels");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn security_headers_on_every_answer(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            for path in ["/", "/register", "/api/v1/openapi.json", "/nope", "/static/app.js"] {
                let r = client.get(path).await;
                let h = r.headers();
                let csp = h["content-security-policy"].to_str().unwrap();
                assert!(
                    csp.contains("script-src 'self'")
                        && !csp.contains("unsafe-inline")
                        && csp.contains("frame-ancestors 'none'"),
                    "{path}"
                );
                assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
                assert_eq!(h["referrer-policy"], "same-origin", "{path}");
            }
            let page = client.get("/register").await.text().await.unwrap();
            assert!(!page.contains("<script>") && !page.contains(" onclick="), "no inline scripts");
            let r = client.get("/nope").await;
            assert_eq!(r.status(), 404);
            assert!(r.text().await.unwrap().contains("Страница не найдена"));
            let (status, err) = client.get_json("/api/v1/nope").await;
            assert_eq!((status, err["error"]["code"].as_str()), (404, Some("not_found")));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn cross_site_unsafe_requests_are_refused(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let url = format!("{}/api/v1/registrations", app.url);
            let r = client
                .http
                .post(&url)
                .header("origin", "https://evil.example")
                .json(&registration_body("+375291230002"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403);
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], "cross_site_request");
            let r = client
                .http
                .post(&url)
                .header("sec-fetch-site", "cross-site")
                .json(&registration_body("+375291230002"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403);
            // Same origin is fine.
            let r = client
                .http
                .post(&url)
                .header("origin", &app.url)
                .header("sec-fetch-site", "same-origin")
                .json(&registration_body("+375291230002"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
            // An HTML form without its token is refused, and nothing is sent.
            let (status, _, page) =
                client.post_form("/register", &[("phone", "+375291230003"), ("last_name", "А"), ("first_name", "Б")]).await;
            assert_eq!(status, 403);
            assert!(page.contains("Форма устарела"));
            let (status, _, _) = client.post_form("/login", &[("csrf", "forged"), ("login", "x"), ("password", "y")]).await;
            assert_eq!(status, 403);
            assert_eq!(app.count_sms("+375291230003").await, 0);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn openapi_document_matches_the_routes(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (status, doc) = client.get_json("/api/v1/openapi.json").await;
            assert_eq!(status, 200);
            assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
            let paths = doc["paths"].as_object().unwrap();
            let expected = [
                ("/api/v1/registrations/org-lookup", "post"),
                ("/api/v1/registrations", "post"),
                ("/api/v1/registrations/{id}/resend", "post"),
                ("/api/v1/registrations/{id}/confirm", "post"),
                ("/api/v1/auth/login", "post"),
                ("/api/v1/auth/logout", "post"),
                ("/api/v1/auth/second-factor", "post"),
                ("/api/v1/auth/second-factor/enrolment", "post"),
                ("/api/v1/me", "get"),
                ("/api/v1/me/documents", "post"),
                ("/api/v1/password-resets", "post"),
                ("/api/v1/password-resets/{id}/resend", "post"),
                ("/api/v1/password-resets/{id}/confirm", "post"),
                ("/api/v1/services", "get"),
                ("/api/v1/tickets", "get"),
                ("/api/v1/tickets/{number}", "get"),
                ("/api/v1/tickets/{number}/messages", "post"),
                ("/api/v1/tickets/{number}/resolve", "post"),
                ("/api/v1/tickets/{number}/rating", "post"),
                ("/api/v1/attachments/{id}", "get"),
                ("/api/v1/staff/tickets", "get"),
                ("/api/v1/staff/reports", "get"),
                ("/api/v1/staff/tickets/{number}/assign", "post"),
                ("/api/v1/staff/tickets/{number}/status", "post"),
                ("/api/v1/staff/tickets/{number}/classify", "post"),
                ("/api/v1/staff/representations/{id}/decision", "post"),
                ("/api/v1/staff/canned-responses", "get"),
                ("/api/v1/staff/canned-responses", "post"),
                ("/api/v1/staff/canned-responses/{id}", "delete"),
                ("/api/v1/staff/representations", "get"),
                ("/api/v1/staff/customers", "get"),
                ("/api/v1/staff/customers/block", "post"),
                ("/api/v1/staff/customers/unblock", "post"),
                ("/api/v1/admin/staff", "get"),
                ("/api/v1/admin/staff", "post"),
                ("/api/v1/admin/staff/{login}", "get"),
                ("/api/v1/admin/staff/{login}", "put"),
                ("/api/v1/admin/staff/{login}/status", "post"),
                ("/api/v1/admin/staff/{login}/password", "post"),
                ("/api/v1/admin/staff/{login}/second-factor/reset", "post"),
                ("/api/v1/admin/groups", "get"),
                ("/api/v1/admin/groups", "post"),
                ("/api/v1/admin/groups/{code}", "get"),
                ("/api/v1/admin/groups/{code}", "put"),
                ("/api/v1/admin/groups/{code}/archive", "post"),
                ("/api/v1/admin/groups/{code}/members", "put"),
                ("/api/v1/admin/services", "get"),
                ("/api/v1/admin/services", "post"),
                ("/api/v1/admin/services/{code}", "get"),
                ("/api/v1/admin/services/{code}", "put"),
                ("/api/v1/admin/organizations", "get"),
                ("/api/v1/admin/organizations/{unp}", "get"),
                ("/api/v1/admin/organizations/{unp}/contract", "put"),
                ("/api/v1/admin/organizations/imports", "post"),
                ("/api/v1/admin/organizations/imports/{id}", "get"),
                ("/api/v1/admin/organizations/imports/{id}/confirm", "post"),
                ("/api/v1/admin/notices", "get"),
                ("/api/v1/admin/notices/{notice}/{lang}", "get"),
                ("/api/v1/admin/notices/{notice}/{lang}", "put"),
                ("/api/v1/admin/notices/{notice}/{lang}", "delete"),
                ("/api/v1/admin/notices/{notice}/{lang}/preview", "post"),
                ("/api/v1/admin/documents", "get"),
                ("/api/v1/admin/documents/{kind}", "get"),
                ("/api/v1/admin/documents/{kind}/versions", "post"),
                ("/api/v1/admin/audit", "get"),
                ("/api/v1/admin/calendars", "get"),
                ("/api/v1/admin/calendars", "post"),
                ("/api/v1/admin/calendars/{code}", "get"),
                ("/api/v1/admin/calendars/{code}", "put"),
                ("/api/v1/admin/calendars/{code}/exceptions", "post"),
                ("/api/v1/admin/calendars/{code}/exceptions/{day}", "delete"),
                ("/api/v1/admin/calendars/{code}/due", "get"),
                ("/api/v1/admin/sla-policies", "get"),
                ("/api/v1/admin/sla-policies", "post"),
                ("/api/v1/admin/sla-policies/{id}", "get"),
                ("/api/v1/admin/sla-policies/{id}", "put"),
            ];
            let distinct: std::collections::BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
            assert_eq!(paths.len(), distinct.len(), "{:?}", paths.keys().collect::<Vec<_>>());
            assert!(paths["/api/v1/tickets"]["post"].is_object(), "POST /api/v1/tickets documented");
            for (path, method) in expected {
                let op = &paths[path][method];
                assert!(op.is_object(), "{method} {path} documented");
                // Every documented route exists: it answers something other than the router's 404.
                let url = format!("{}{}", app.url, path.replace("{id}", "x").replace("{number}", "2026-000001"));
                let r = match method {
                    "get" => client.http.get(&url).send().await.unwrap(),
                    "put" => client.http.put(&url).json(&json!({})).send().await.unwrap(),
                    "delete" => client.http.delete(&url).send().await.unwrap(),
                    _ => client.http.post(&url).json(&json!({})).send().await.unwrap(),
                };
                let body: serde_json::Value = r.json().await.unwrap_or_default();
                let routed = body["error"]["code"] != "not_found" || path.contains('{');
                assert!(routed, "{method} {path} is routed: {body}");
            }
            let schemas = doc["components"]["schemas"].as_object().unwrap();
            for name in ["RegistrationRequest", "RegistrationResponse", "ErrorBody", "MeResponse", "LoginRequest"] {
                assert!(schemas.contains_key(name), "{name}");
            }
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_service_catalogue_is_public_and_translated(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (status, services) = client.get_json("/api/v1/services").await;
            assert_eq!(status, 200);
            let codes: Vec<&str> = services.as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap()).collect();
            assert_eq!(codes, ["ecp", "epeu", "smdo", "software", "contracts", "other"]);
            assert_eq!(services[0]["name"], "ЭЦП и сертификаты ГосСУОК");
            let children: Vec<&str> =
                services[0]["children"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
            assert_eq!(children, ["ecp-issue", "ecp-revoke", "ecp-token", "ecp-attribute"]);
            assert!(
                services.as_array().unwrap().iter().all(|s| !s["children"].as_array().unwrap().is_empty()),
                "two levels everywhere"
            );
            let r = client
                .http
                .get(format!("{}/api/v1/services", app.url))
                .header("accept-language", "en")
                .send()
                .await
                .unwrap();
            let english: serde_json::Value = r.json().await.unwrap();
            assert_eq!(english[2]["name"], "Interagency document exchange (SMDO)");
            app.stop().await;
        })
        .await;
    }
}

/// Opens a connection and sends the start of a request header, never its end.
async fn half_sent_header(url: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut stream = tokio::net::TcpStream::connect(url.trim_start_matches("http://")).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    stream
}

/// Issue 10.9: a half-sent request header held its connection for ever; now the server gives up
/// on it, and at most `max_connections` are served at once.
#[tokio::test]
async fn half_sent_headers_are_cut_off_and_connections_are_capped() {
    use tokio::io::AsyncReadExt;
    let app = crate::support::TestApp::start(crate::support::Backend::Sqlite, |c| {
        c.header_read_timeout_seconds = 1;
    })
    .await;
    let mut slow = half_sent_header(&app.url).await;
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), slow.read_to_end(&mut rest)).await;
    assert!(ended.is_ok(), "the connection is still open after 5 s");
    println!("a half-sent header was cut off after {:?}", started.elapsed());
    app.stop().await;

    let app = crate::support::TestApp::start(crate::support::Backend::Sqlite, |c| {
        c.header_read_timeout_seconds = 30;
        c.max_connections = 2;
    })
    .await;
    let first = half_sent_header(&app.url).await;
    let second = half_sent_header(&app.url).await;
    let client = app.client();
    let waiting = tokio::spawn(async move { client.get("/healthz").await.status() });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "a third connection waits while two are served");
    drop(first);
    let status = tokio::time::timeout(std::time::Duration::from_secs(5), waiting).await;
    assert_eq!(status.expect("served once a slot is free").unwrap(), 200);
    // A stop waits for a connection still sending its header, as long as the header timeout.
    drop(second);
    app.stop().await;
}

/// Issue 10.10: `/metrics` only for the addresses configured or with the token; HSTS over https.
#[tokio::test]
async fn metrics_are_private_and_https_portals_send_hsts() {
    let app = crate::support::TestApp::start(crate::support::Backend::Sqlite, |c| {
        c.trust_forwarded_for = true;
        c.metrics_allow = "127.0.0.1,::1,10.0.0.0/8".into();
        c.metrics_token = "scraper-secret-token".into();
        c.public_url = "https://support.example.by".into();
    })
    .await;
    let get = |from: &'static str, token: Option<&'static str>| {
        let url = format!("{}/metrics", app.url);
        async move {
            let mut request = reqwest::Client::new().get(url).header("x-forwarded-for", from);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = get("203.0.113.5", None).await;
    assert_eq!(status, 404, "an outsider finds nothing: {body}");
    assert!(!body.contains("helpdesk_"));
    assert_eq!(get("10.1.2.3", None).await.0, 200, "the monitoring network may");
    assert_eq!(get("203.0.113.5", Some("scraper-secret-token")).await.0, 200, "with the token");
    assert_eq!(get("203.0.113.5", Some("wrong-token")).await.0, 404);
    assert_eq!(get("127.0.0.1", Some("wrong-token")).await.0, 404, "a wrong token is refused everywhere");

    let landing = reqwest::Client::new().get(format!("{}/", app.url)).send().await.unwrap();
    assert_eq!(landing.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    app.stop().await;

    let plain = crate::support::TestApp::start(crate::support::Backend::Sqlite, |_| {}).await;
    let landing = reqwest::Client::new().get(format!("{}/", plain.url)).send().await.unwrap();
    assert!(landing.headers().get("strict-transport-security").is_none(), "no HSTS over plain http");
    plain.stop().await;
}

/// Issue 10.18: the portal reaches PostgreSQL over TLS (`sslmode=require`); built with
/// `tls-none` it could not connect at all.
#[tokio::test]
#[cfg_attr(not(helpdesk_pg_tests), ignore = "PostgreSQL: set HELPDESK_TEST_DATABASE_URL")]
async fn postgres_over_tls() {
    let admin = std::env::var("HELPDESK_TEST_DATABASE_URL").expect("HELPDESK_TEST_DATABASE_URL");
    let separator = if admin.contains('?') { '&' } else { '?' };
    let db = helpdesk::store::Db::connect(&format!("{admin}{separator}sslmode=require"), 2)
        .await
        .expect("a TLS connection to PostgreSQL");
    let helpdesk::store::Db::Postgres(pool) = &db else { panic!("a PostgreSQL URL gives PostgreSQL") };
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetch_one(pool).await.unwrap();
    assert!(encrypted, "the connection is encrypted");
    db.close().await;
}

/// Issue 10.19: while the database is out of reach every request answered 500 `internal`; now
/// 503 with `Retry-After` and a sentence in the reader's language, and the portal recovers by
/// itself when the database is back.
#[tokio::test]
#[cfg_attr(not(helpdesk_pg_tests), ignore = "PostgreSQL: set HELPDESK_TEST_DATABASE_URL")]
async fn a_database_outage_answers_503_and_passes() {
    let proxy = crate::proxy::TcpProxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let through = format!("127.0.0.1:{}", proxy.addr.port());
    let app = crate::support::TestApp::start(crate::support::Backend::Postgres, |c| {
        c.database_url = c.database_url.replace("127.0.0.1:5432", &through);
        c.database_acquire_timeout_seconds = 1;
    })
    .await;
    assert!(app.config.database_url.contains(&through), "the portal talks through the proxy");
    let client = crate::support::customer(&app, "+375 29 123-09-19").await;
    assert_eq!(client.get_json("/api/v1/tickets").await.0, 200);

    proxy.cut();
    let started = std::time::Instant::now();
    let r = client.get("/api/v1/tickets").await;
    assert_eq!(r.status(), 503, "{:?}", started.elapsed());
    assert_eq!(r.headers()["retry-after"], "60");
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "unavailable");
    assert_eq!(err["error"]["message"], "Сервис временно недоступен, повторите через минуту.");
    let page = client.http.get(format!("{}/tickets", app.url)).header("accept-language", "en").send().await.unwrap();
    assert_eq!(page.status(), 503);
    assert!(page.text().await.unwrap().contains("temporarily unavailable"));
    assert_eq!(client.get("/readyz").await.status(), 503);

    println!("during the outage a request was answered 503 in {:?}", started.elapsed());
    proxy.restore();
    let restored = std::time::Instant::now();
    let mut recovered = None;
    for _ in 0..50 {
        if client.get_json("/api/v1/tickets").await.0 == 200 {
            recovered = Some(restored.elapsed());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    println!("answering again {recovered:?} after the database came back");
    assert!(recovered.is_some(), "the portal is back once the database is");
    app.stop().await;
}

backend_test! {
    /// Issue 10: an id that does not even parse (past `i64`) names nothing: the JSON 404, not a
    /// plain-text 400; unreadable query parameters are the JSON 422.
    async fn path_ids_out_of_range_answer_the_json_error(backend) {
        on_backend(backend, |app| async move {
            let boss = crate::staff::staff(&app, "boss", "supervisor", &[]).await;
            for path in ["/api/v1/staff/canned-responses/9223372036854775808", "/api/v1/staff/canned-responses/x"] {
                let status = boss.http_delete(path).await;
                assert_eq!(status, 404, "{path}");
            }
            let (status, err) =
                boss.post_json("/api/v1/staff/representations/-9223372036854775809/decision", json!({ "decision": "confirm" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (404, Some("not_found")), "{err}");
            let (status, doc) = app.client().get_json("/api/v1/openapi.json").await;
            assert_eq!(status, 200);
            let answers = doc["paths"]["/api/v1/tickets/{number}/messages"]["post"]["responses"].as_object().unwrap();
            for code in ["201", "401", "403", "404", "409", "413", "422", "503"] {
                assert!(answers.contains_key(code), "{code} is documented: {:?}", answers.keys());
            }
            app.stop().await;
        })
        .await;
    }
}

/// Issue 13: `X-Forwarded-For` is believed only from the proxies `trusted_proxies` names, and
/// only as an address. From anyone else a request is taken at its own address.
#[tokio::test]
async fn only_a_trusted_proxy_says_who_its_client_is() {
    for (trusted, expected) in [("127.0.0.1,::1", "198.51.100.7"), ("10.0.0.5", "127.0.0.1")] {
        let app = crate::support::TestApp::start(crate::support::Backend::Sqlite, |c| {
            c.trust_forwarded_for = true;
            c.trusted_proxies = trusted.into();
        })
        .await;
        let client = app.client();
        for forwarded in ["203.0.113.1, 198.51.100.7", "198.51.100.7, <script>"] {
            let r = client
                .http
                .post(format!("{}/api/v1/auth/login", app.url))
                .header("x-forwarded-for", forwarded)
                .json(&serde_json::json!({ "login": "nobody", "password": "wrong password" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401);
        }
        let ips = app.strings("SELECT COALESCE(ip, '') FROM audit_log WHERE event = 'login_failed' ORDER BY id").await;
        let second = if trusted.starts_with("127") { "127.0.0.1" } else { expected };
        assert_eq!(ips, [expected, second], "trusted: {trusted}; what is no address is not taken");
        app.stop().await;
    }
}

/// A write that fills the disk (here: the database's page limit) ends SQLite's transaction by
/// itself; the connection must still take the next one (it answered 500 for every later write).
#[tokio::test]
async fn a_transaction_ended_by_a_full_disk_leaves_the_pool_usable() {
    let dir = tempfile::tempdir().unwrap();
    let db =
        helpdesk::store::Db::connect(&format!("sqlite://{}/full.db?mode=rwc", dir.path().display()), 2).await.unwrap();
    let helpdesk::store::Db::Sqlite(pool) = &db else { unreachable!() };
    sqlx::query("CREATE TABLE filler (data BLOB)").execute(pool).await.unwrap();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count").fetch_one(pool).await.unwrap();
    for attempt in 0..6 {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap_or_else(|e| panic!("BEGIN {attempt}: {e}"));
        // A few pages more than the database has: this connection's disk is full.
        sqlx::query(&format!("PRAGMA max_page_count = {}", pages + 4)).execute(&mut *tx).await.unwrap();
        let full = sqlx::query("INSERT INTO filler VALUES (zeroblob(1000000))").execute(&mut *tx).await;
        let code = full.unwrap_err().as_database_error().and_then(|e| e.code()).map(|c| c.to_string());
        assert_eq!(code.as_deref(), Some("13"), "SQLITE_FULL");
        drop(tx);
    }
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("INSERT INTO filler VALUES (x'00')").execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

/// A new database file is put into WAL mode, and a second process's pool opening it while the
/// portal holds the write lock waits for the lock instead of failing with «database is locked»
/// (the journal-mode pragma on every new connection took a lock the busy timeout skips).
#[tokio::test]
async fn opening_a_sqlite_file_beside_a_writer_waits_for_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/wal.db", dir.path().display());
    let portal = helpdesk::store::Db::connect(&url, 2).await.unwrap();
    let helpdesk::store::Db::Sqlite(pool) = &portal else { unreachable!() };
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(pool).await.unwrap();
    assert_eq!(mode, "wal");
    sqlx::query("CREATE TABLE t (x INTEGER)").execute(pool).await.unwrap();
    let mut writing = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("INSERT INTO t VALUES (1)").execute(&mut *writing).await.unwrap();
    let second = tokio::spawn({
        let url = url.clone();
        async move {
            let db = helpdesk::store::Db::connect(&url, 2).await?;
            let helpdesk::store::Db::Sqlite(pool) = &db else { unreachable!() };
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            sqlx::query("INSERT INTO t VALUES (2)").execute(&mut *tx).await?;
            tx.commit().await?;
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM t").fetch_one(pool).await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    writing.commit().await.unwrap();
    assert_eq!(second.await.unwrap().expect("the second pool waited for the lock"), 2);
}
