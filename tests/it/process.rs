//! The real binary as a separate process: for what only a process of its own shows (its memory,
//! its logs, its signals).

use std::process::{Child, Command};
use std::time::Duration;

use crate::support::{registration_body, Client};

pub struct Process {
    pub child: Child,
    pub url: String,
    pub dir: tempfile::TempDir,
    pub log_path: std::path::PathBuf,
}

impl Process {
    /// Starts the binary on a free port with a data directory of its own; logs go to a file (a
    /// pipe nobody reads fills up and blocks the server).
    pub async fn start(env: &[(&str, &str)]) -> Process {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log_path = dir.path().join("server.log");
        let log_file = std::fs::File::create(&log_path).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .env("HELPDESK_DATA_DIR", dir.path())
            .env("HELPDESK_LISTEN", format!("127.0.0.1:{port}"))
            .env("HELPDESK_OUTBOX_POLL_MILLIS", "20")
            .envs(env.iter().copied())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let probe = Client::new(&url);
        for _ in 0..400 {
            if probe.http.get(format!("{url}/healthz")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        Process { child, url, dir, log_path }
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url)
    }

    /// Waits (bounded) for the SMS with this idempotency key and returns its secret.
    pub async fn secret(&self, key: &str) -> String {
        let outbox = self.dir.path().join("sms-outbox.jsonl");
        for _ in 0..400 {
            let text = std::fs::read_to_string(&outbox).unwrap_or_default();
            if let Some(line) =
                text.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).find(|v| v["id"] == key)
            {
                return line["text"].as_str().unwrap().split_whitespace().last().unwrap().to_string();
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("no SMS {key}");
    }

    /// Registers `phone` and returns (the registration code, the password).
    pub async fn register(&self, phone: &str) -> (String, String) {
        let client = self.client();
        let (status, created) = client.post_json("/api/v1/registrations", registration_body(phone)).await;
        assert_eq!(status, 201, "{created}");
        let id = created["registration_id"].as_str().unwrap();
        let code = self.secret(&format!("{id}:1")).await;
        let (status, _) = client.confirm_registration(id, &code).await;
        assert_eq!(status, 200);
        let password = self.secret(&format!("{id}:password")).await;
        (code, password)
    }

    /// The most memory the process has held so far (VmHWM), in KiB.
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/<pid>/status")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
