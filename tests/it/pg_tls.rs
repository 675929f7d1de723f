//! PostgreSQL over TLS (issue 13): a throwaway PostgreSQL cluster of this machine's binaries,
//! started for the test on a free port with a certificate signed by a throwaway CA. The portal
//! connects with `sslmode=verify-full` and that CA (and really talks TLS), refuses a server its
//! CA did not sign, and with `sslmode=require` encrypts without checking.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::{base_config, register};

fn run(program: &str, args: &[&str]) {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn bin(name: &str) -> String {
    let versions = std::fs::read_dir("/usr/lib/postgresql").expect("PostgreSQL's binaries in /usr/lib/postgresql");
    let dir = versions.flatten().map(|e| e.path()).max().expect("a PostgreSQL version");
    dir.join("bin").join(name).display().to_string()
}

/// A CA and a certificate for 127.0.0.1 and localhost signed by it, in `dir`.
fn certificates(dir: &Path, name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let p = |f: &str| dir.join(format!("{name}-{f}"));
    let (ca_key, ca, key, csr, cert, ext) =
        (p("ca.key"), p("ca.pem"), p("server.key"), p("server.csr"), p("server.pem"), p("ext.cnf"));
    let s = |p: &PathBuf| p.display().to_string();
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name} test CA"),
            "-keyout",
            &s(&ca_key),
            "-out",
            &s(&ca),
        ],
    );
    run(
        "openssl",
        &["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", &s(&key), "-out", &s(&csr)],
    );
    std::fs::write(&ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n").unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &s(&csr),
            "-CA",
            &s(&ca),
            "-CAkey",
            &s(&ca_key),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &s(&ext),
            "-out",
            &s(&cert),
        ],
    );
    (ca, cert, key)
}

struct Cluster {
    child: Child,
    port: u16,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A PostgreSQL cluster owned by the `postgres` account (it refuses to run as root), with TLS.
async fn cluster(dir: &Path, cert: &Path, key: &Path) -> Cluster {
    let data = dir.join("data");
    run("chown", &["-R", "postgres", &dir.display().to_string()]);
    run("chmod", &["600", &key.display().to_string()]);
    run(
        "runuser",
        &[
            "-u",
            "postgres",
            "--",
            &bin("initdb"),
            "-D",
            &data.display().to_string(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new("runuser")
        .args(["-u", "postgres", "--", &bin("postgres"), "-D", &data.display().to_string(), "-p", &port.to_string()])
        .args(["-c", "listen_addresses=127.0.0.1", "-c", &format!("unix_socket_directories={}", dir.display())])
        .args([
            "-c",
            "ssl=on",
            "-c",
            &format!("ssl_cert_file={}", cert.display()),
            "-c",
            &format!("ssl_key_file={}", key.display()),
        ])
        .args(["-c", "fsync=off"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start postgres");
    for _ in 0..200 {
        let ready = Command::new(bin("pg_isready")).args(["-h", "127.0.0.1", "-p", &port.to_string()]).output();
        if ready.is_ok_and(|o| o.status.success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Cluster { child, port }
}

#[tokio::test]
#[cfg_attr(
    not(helpdesk_pg_tests),
    ignore = "PostgreSQL: set HELPDESK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
)]
async fn the_portal_speaks_tls_to_postgresql_and_checks_its_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(dir.path(), "ours");
    let (stranger_ca, _, _) = certificates(dir.path(), "stranger");
    let pg = cluster(dir.path(), &cert, &key).await;
    let url = |mode: &str, ca: &Path| {
        format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode={mode}&sslrootcert={}", pg.port, ca.display())
    };

    let data = tempfile::tempdir().unwrap();
    let mut config = base_config(data.path());
    config.database_url = url("verify-full", &ca);
    let clock = helpdesk::clock::ManualClock::new(crate::support::TEST_START);
    let server =
        helpdesk::server::start(config.clone(), std::sync::Arc::new(clock.clone())).await.expect("starts over TLS");
    let helpdesk::store::Db::Postgres(pool) = &server.app.db else { panic!("PostgreSQL") };
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetch_one(pool).await.unwrap();
    assert!(encrypted, "the connection is TLS");
    let app = crate::support::TestApp::adopt(server, clock, data, config);
    let password = register(&app, "+375 29 700-40-01").await;
    assert_eq!(password.len(), 10, "a registration goes through over TLS");
    app.stop().await;

    // A server whose certificate this CA did not sign is refused before anything is sent.
    let other = tempfile::tempdir().unwrap();
    let mut refused = base_config(other.path());
    refused.database_url = url("verify-full", &stranger_ca);
    let clock = helpdesk::clock::ManualClock::new(crate::support::TEST_START);
    let err =
        helpdesk::server::start(refused.clone(), std::sync::Arc::new(clock.clone())).await.err().expect("refused");
    assert!(
        err.to_string().to_lowercase().contains("certificate") || err.to_string().contains("UnknownIssuer"),
        "{err}"
    );

    // `require` encrypts without checking whose certificate it is.
    refused.database_url = url("require", &stranger_ca);
    let server = helpdesk::server::start(refused, std::sync::Arc::new(clock)).await.expect("require does not verify");
    server.stop().await;
}
