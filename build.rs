//! Tells the integration tests whether a PostgreSQL server is there for them: with
//! `HELPDESK_TEST_DATABASE_URL` set, each backend test also runs on PostgreSQL; without it,
//! the PostgreSQL half is listed as ignored, with the reason, instead of passing unrun. The same
//! for the tests of attachments in a bucket and `HELPDESK_TEST_S3_SERVER`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(helpdesk_pg_tests)");
    println!("cargo::rustc-check-cfg=cfg(helpdesk_s3_tests)");
    println!("cargo::rerun-if-env-changed=HELPDESK_TEST_S3_SERVER");
    // The S3-compatible test server (moto's, from PyPI): `.ci/run` installs it and names it here.
    if std::env::var_os("HELPDESK_TEST_S3_SERVER").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=helpdesk_s3_tests");
    }
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=HELPDESK_TEST_DATABASE_URL");
    if std::env::var_os("HELPDESK_TEST_DATABASE_URL").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=helpdesk_pg_tests");
    }
}
