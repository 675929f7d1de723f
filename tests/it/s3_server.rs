//! An S3-compatible server for the tests (moto's, installed from PyPI; `.ci/run` makes the
//! virtualenv and sets `HELPDESK_TEST_S3_SERVER` to its `moto_server`), on a free port of its
//! own, killed with the test.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl S3Server {
    pub async fn start() -> S3Server {
        let program = std::env::var("HELPDESK_TEST_S3_SERVER").expect("HELPDESK_TEST_S3_SERVER names moto_server");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        let endpoint = format!("http://127.0.0.1:{port}");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        S3Server { child, endpoint }
    }

    /// The portal's settings for a bucket of this server.
    pub fn configure(&self, config: &mut helpdesk::config::Config) {
        config.attachment_store = helpdesk::config::AttachmentStore::S3;
        config.s3.endpoint = self.endpoint.clone();
        config.s3.bucket = "helpdesk-test".into();
        config.s3.access_key = "test-key".into();
        config.s3.secret_key = "test-secret".into();
        // An outage is noticed within the test's patience.
        config.s3.timeout_seconds = 2;
    }

    /// Stops answering, as a server that hangs (SIGSTOP), until [`S3Server::resume`].
    pub fn freeze(&self) {
        signal(self.child.id(), "-STOP");
    }

    pub fn resume(&self) {
        signal(self.child.id(), "-CONT");
    }
}

fn signal(pid: u32, which: &str) {
    let status = Command::new("kill").args([which, &pid.to_string()]).status().unwrap();
    assert!(status.success(), "kill {which} {pid}");
}

impl Drop for S3Server {
    fn drop(&mut self) {
        signal(self.child.id(), "-CONT");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
