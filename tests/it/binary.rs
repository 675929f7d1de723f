//! The real binary as an operator runs it: JSON logs without secrets, graceful stop on SIGTERM.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::process::Process;
use crate::support::{session_cookie, SlowTicket};

#[tokio::test]
async fn logs_are_json_and_never_carry_codes_or_passwords() {
    let mut server = Process::start(&[("HELPDESK_LOG_FORMAT", "json"), ("HELPDESK_LOG", "debug")]).await;
    let (code, password) = server.register("+375 29 321-00-11").await;
    let client = server.client();
    let (status, _) =
        client.post_json("/api/v1/auth/login", json!({ "login": "+375293210011", "password": password })).await;
    assert_eq!(status, 200);
    let (status, _) =
        client.post_json("/api/v1/auth/login", json!({ "login": "+375293210011", "password": "wrong password" })).await;
    assert_eq!(status, 401);
    // Every answer carries its request id, the server's own (not one the client sent), and the
    // request's log lines carry it too.
    let answer = client
        .http
        .get(format!("{}/api/v1/services", server.url))
        .header("x-request-id", "client\"chosen")
        .send()
        .await
        .unwrap();
    let request_id = answer.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(request_id.len(), 22, "{request_id}");
    let again = client.get("/api/v1/services").await;
    assert_ne!(again.headers()["x-request-id"].to_str().unwrap(), request_id, "one id per request");

    let (child, log_path) = (&mut server.child, server.log_path.clone());
    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let exit = wait_at_most(child, Duration::from_secs(30));
    assert!(exit.success(), "SIGTERM ends the server cleanly: {exit:?}");
    let logs = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 5, "debug logs were written: {logs}");
    for line in &lines {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(line);
        assert!(parsed.is_ok() || line.starts_with("Helpdesk:"), "not JSON: {line}");
    }
    assert!(logs.contains("sms written to the outbox file"), "the SMS log line is there");
    assert!(logs.contains(&format!("\"request_id\":\"{request_id}\"")), "the request's lines carry its id");
    assert!(!logs.contains("client\\\"chosen"), "a client's id never reaches the logs");
    assert!(!logs.contains(&code), "the code leaked into the logs");
    assert!(!logs.contains(&password), "the password leaked into the logs");
    assert!(!logs.contains("wrong password"));
}

/// A hung server fails the test instead of hanging the suite.
fn wait_at_most(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("the server did not stop within {limit:?} of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn operator_commands() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .args(args)
            .env("HELPDESK_DATA_DIR", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let (ok, out) = run(&["migrate"], "");
    let latest = helpdesk::store::migrate::latest_version();
    assert!(ok && out.contains(&format!("schema is at version {latest}")), "{out}");
    let csv = dir.path().join("registry.csv");
    std::fs::write(&csv, "unp,name,address,contract_number,contract_date\n100582333,НЦЭУ,г. Минск,Д-1,2024-01-01\n")
        .unwrap();
    let (ok, out) = run(&["orgs", "import", csv.to_str().unwrap()], "");
    assert!(ok && out.contains("imported 1"), "{out}");
    std::fs::write(&csv, "unp,name,address,contract_number,contract_date\n100582330,X,Y,,\n").unwrap();
    let (ok, out) = run(&["orgs", "import", csv.to_str().unwrap()], "");
    assert!(!ok && out.contains("line 2"), "a bad line is named: {out}");
    // As Belarusian Excel saves it: windows-1251, `;`, Russian headers, one bad line.
    let (excel, _, _) = encoding_rs::WINDOWS_1251.encode(
        "УНП;Наименование;Адрес;Номер договора;Дата договора\r\n190542056;ЧУП «Василёк»;г. Гродно;Д-2;15.01.2024\r\n190542057;Ошибка;;;\r\n",
    );
    std::fs::write(&csv, &excel).unwrap();
    let (ok, out) = run(&["orgs", "import", csv.to_str().unwrap()], "");
    assert!(!ok && out.contains("imported 1") && out.contains("line 3") && out.contains("Windows1251"), "{out}");
    let (ok, out) = run(
        &[
            "staff",
            "create",
            "--login",
            "Operator1",
            "--name",
            "Петрова Анна",
            "--role",
            "operator",
            "--password-stdin",
        ],
        "long staff password\n",
    );
    assert!(ok && out.contains("operator1"), "{out}");
    let (ok, out) = run(
        &[
            "staff",
            "create",
            "--login",
            "op3",
            "--role",
            "operator",
            "--group",
            "ecp",
            "--group",
            "nope",
            "--password-stdin",
        ],
        "long staff password\n",
    );
    assert!(!ok && out.contains("--group nope"), "{out}");
    let (ok, _) = run(
        &[
            "staff",
            "create",
            "--login",
            "op4",
            "--role",
            "operator",
            "--group",
            "ecp",
            "--group",
            "smdo",
            "--email",
            "Op4@Example.BY",
            "--password-stdin",
        ],
        "long staff password\n",
    );
    assert!(ok);
    let (ok, out) = run(&["staff", "list"], "");
    assert!(ok && out.contains("op4") && out.contains("ecp,smdo") && out.contains("Op4@example.by"), "{out}");
    let (ok, out) = run(
        &["staff", "create", "--login", "op5", "--role", "operator", "--email", "op5 at example", "--password-stdin"],
        "long staff password\n",
    );
    assert!(!ok && out.contains("--email"), "{out}");
    let (ok, out) = run(&["staff", "disable", "--login", "op4"], "");
    assert!(ok && out.contains("blocked"), "{out}");
    let (_, out) = run(&["staff", "list"], "");
    assert!(out.lines().any(|l| l.starts_with("op4") && l.contains("blocked")), "{out}");
    let (ok, out) = run(
        &["staff", "create", "--login", "operator1", "--role", "operator", "--password-stdin"],
        "another long password\n",
    );
    assert!(!ok && out.contains("already exists"), "{out}");
    let (ok, out) = run(&["staff", "create", "--login", "op2", "--role", "operator", "--password-stdin"], "short\n");
    assert!(!ok && out.contains("password refused"), "{out}");
    let (ok, out) = run(&["demo"], "");
    assert!(ok && out.contains("100582333"), "{out}");
    let (ok, out) = run(&["--help"], "");
    assert!(ok && out.contains("migrate") && out.contains("staff"), "{out}");
}

/// Issue 10.6: a text field is read chunk by chunk and refused at 256 KiB with 413 naming the
/// field; 50 MiB of it leaves the server's peak memory where it was (it was read whole before).
#[tokio::test]
async fn a_huge_text_field_is_refused_without_growing_memory() {
    let server = Process::start(&[]).await;
    let (_, password) = server.register("+375 29 321-00-12").await;
    let cookie = session_cookie(&server.url, "+375293210012", &password).await;
    let text = |size| SlowTicket { cookie: &cookie, file_name: None, size, chunk: 256 * 1024, pause: Duration::ZERO };
    // Warm up: one ticket through the same path, so the allocator's arenas exist already.
    let status = text(10_000).send(&server.url).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 201 Created"));
    let before = server.peak_memory_kib();
    let status = text(50 * 1024 * 1024).send(&server.url).await;
    let after = server.peak_memory_kib();
    println!("peak memory before {before} KiB, after a 50 MiB text field {after} KiB; answer {status:?}");
    assert!(after < before + 16 * 1024, "the peak grew by {} KiB", after - before);
    if let Some(line) = &status {
        assert!(line.contains("413"), "{line}");
    }
    // Just past the limit: the answer names the field.
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/tickets", server.url))
        .header("cookie", &cookie)
        .multipart(
            reqwest::multipart::Form::new()
                .text("service", "other-question")
                .text("subject", "Big")
                .text("body", "а".repeat(150 * 1024)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!((err["error"]["code"].as_str(), err["error"]["field"].as_str()), (Some("text_too_large"), Some("body")));
    assert!(err["error"]["message"].as_str().unwrap().contains("«Описание»"), "{err}");
    // Without a sign-in nothing is read at all.
    let anonymous = reqwest::Client::new()
        .post(format!("{}/api/v1/tickets", server.url))
        .multipart(reqwest::multipart::Form::new().text("body", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
