//! The real binary as an operator runs it: JSON logs without secrets, graceful stop on SIGTERM.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

use crate::support::{registration_body, Client};

#[tokio::test]
async fn logs_are_json_and_never_carry_codes_or_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // Logs go to a file, not a pipe: debug logs outgrow a pipe buffer nobody reads while the
    // test talks to the server, and a server blocked on a full pipe never answers or exits.
    let log_path = dir.path().join("server.log");
    let log_file = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .env("HELPDESK_DATA_DIR", dir.path())
        .env("HELPDESK_LISTEN", format!("127.0.0.1:{port}"))
        .env("HELPDESK_LOG_FORMAT", "json")
        .env("HELPDESK_LOG", "debug")
        .env("HELPDESK_OUTBOX_POLL_MILLIS", "20")
        .stdout(log_file.try_clone().unwrap())
        .stderr(log_file)
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let client = Client::new(&url);
    for _ in 0..200 {
        if client.http.get(format!("{url}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let (status, created) = client.post_json("/api/v1/registrations", registration_body("+375 29 321-00-11")).await;
    assert_eq!(status, 201, "{created}");
    let id = created["registration_id"].as_str().unwrap();
    let outbox = dir.path().join("sms-outbox.jsonl");
    let secret = |key: String| {
        let outbox = outbox.clone();
        async move {
            for _ in 0..200 {
                let text = std::fs::read_to_string(&outbox).unwrap_or_default();
                if let Some(line) = text
                    .lines()
                    .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
                    .find(|v| v["id"] == key.as_str())
                {
                    return line["text"].as_str().unwrap().split_whitespace().last().unwrap().to_string();
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            panic!("no SMS {key}");
        }
    };
    let code = secret(format!("{id}:1")).await;
    let (status, _) = client.confirm_registration(id, &code).await;
    assert_eq!(status, 200);
    let password = secret(format!("{id}:password")).await;
    let (status, _) =
        client.post_json("/api/v1/auth/login", json!({ "login": "+375293210011", "password": password })).await;
    assert_eq!(status, 200);
    let (status, _) =
        client.post_json("/api/v1/auth/login", json!({ "login": "+375293210011", "password": "wrong password" })).await;
    assert_eq!(status, 401);

    Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
    let exit = wait_at_most(&mut child, Duration::from_secs(30));
    assert!(exit.success(), "SIGTERM ends the server cleanly: {exit:?}");
    let logs = std::fs::read_to_string(&log_path).unwrap();
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 5, "debug logs were written: {logs}");
    for line in &lines {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(line);
        assert!(parsed.is_ok() || line.starts_with("Helpdesk:"), "not JSON: {line}");
    }
    assert!(logs.contains("sms written to the outbox file"), "the SMS log line is there");
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
