//! `helpdesk backup` under write load, then `helpdesk restore` into an empty portal: every
//! ticket acknowledged before the backup began is there, with its files.

use std::sync::{Arc, Mutex};

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::support::{on_backend, register, Backend, Client, TestApp};

fn scan(i: usize) -> Vec<u8> {
    format!("%PDF-1.4 скан заявки {i} ").into_bytes().repeat(50)
}

/// Tickets the portal answered 201 for: (number, its scan if it had one).
type Acknowledged = Arc<Mutex<Vec<(String, Option<Vec<u8>>)>>>;

/// Files tickets, one in three with a scan, until told to stop.
async fn keep_filing(client: Client, acknowledged: Acknowledged, stop: Arc<tokio::sync::Notify>) {
    for i in 0.. {
        let with_scan = i % 3 == 0;
        let request = client.http.post(format!("{}/api/v1/tickets", client.base));
        let request = if with_scan {
            let form = Form::new()
                .text("service", "ecp-issue")
                .text("subject", format!("Под нагрузкой {i}"))
                .text("body", "Скан во вложении.")
                .part("files", Part::bytes(scan(i)).file_name("скан.pdf"));
            request.multipart(form)
        } else {
            request.json(&json!({ "service": "ecp-token", "subject": format!("Под нагрузкой {i}"), "body": "Ошибка." }))
        };
        let sent = tokio::select! {
            sent = request.send() => sent,
            _ = stop.notified() => return,
        };
        let response = sent.unwrap();
        assert_eq!(response.status(), 201);
        let body: serde_json::Value = response.json().await.unwrap();
        let number = body["number"].as_str().unwrap().to_string();
        acknowledged.lock().unwrap().push((number, with_scan.then(|| scan(i))));
    }
}

backend_test! {
    async fn a_backup_taken_under_load_restores_every_acknowledged_ticket(backend) {
        on_backend(backend, |app| async move {
            let phone = "+375 29 555-40-01";
            let password = register(&app, phone).await;
            let client = app.client();
            let (status, _) = client.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
            assert_eq!(status, 200);
            let acknowledged = Arc::new(Mutex::new(Vec::new()));
            let stop = Arc::new(tokio::sync::Notify::new());
            let load = tokio::spawn(keep_filing(client, acknowledged.clone(), stop.clone()));
            while acknowledged.lock().unwrap().len() < 30 {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }

            let before: Vec<_> = acknowledged.lock().unwrap().clone();
            let backup_dir = tempfile::tempdir().unwrap();
            let to = backup_dir.path().join("backup");
            let manifest = helpdesk::backup::backup(&app.config, &app.app().files, &to).await.unwrap();
            let during = acknowledged.lock().unwrap().len() - before.len();
            stop.notify_one();
            load.await.unwrap();
            assert!(during > 0, "tickets were being filed while the backup ran");
            assert!(manifest.tickets >= before.len() as i64, "{manifest:?}");
            assert!(manifest.missing_attachments.is_empty(), "{manifest:?}");
            assert!(to.join("manifest.json").exists());
            let again = helpdesk::backup::backup(&app.config, &app.app().files, &to).await;
            assert!(again.is_err(), "a backup never writes over another");

            // An empty portal of the same kind, restored.
            let data_dir = tempfile::tempdir().unwrap();
            let mut config = crate::support::base_config(data_dir.path());
            let mut restored_db = None;
            if backend == Backend::Postgres {
                let (url, admin, name) = crate::support::fresh_postgres_database().await;
                config.database_url = url;
                restored_db = Some((admin, name));
            }
            let files = helpdesk::server::file_store(&config).unwrap();
            let restored = helpdesk::backup::restore(&config, &files, &to, false).await.unwrap();
            assert_eq!(restored.tickets, manifest.tickets);
            let refused = helpdesk::backup::restore(&config, &files, &to, false).await;
            assert!(
                refused.unwrap_err().to_string().contains("--replace"),
                "a database with tickets is not overwritten unasked"
            );

            let server = helpdesk::server::start(config.clone(), Arc::new(app.clock.clone())).await.unwrap();
            let there = TestApp::adopt(server, app.clock.clone(), data_dir, config);
            let customer = there.client();
            let (status, _) = customer.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
            assert_eq!(status, 200, "the person and their password came back");
            for (number, scan) in &before {
                let (status, ticket) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
                assert_eq!(status, 200, "ticket {number} acknowledged before the backup");
                if let Some(scan) = scan {
                    let url = ticket["messages"][0]["attachments"][0]["url"].as_str().unwrap().to_string();
                    let file = customer.get(&url).await;
                    assert_eq!(file.status(), 200);
                    assert_eq!(&file.bytes().await.unwrap().to_vec(), scan, "the scan of {number}, whole");
                }
            }
            println!(
                "backed up {} tickets with {} files while {during} more were filed; all {} acknowledged before it restored",
                manifest.tickets,
                manifest.attachments,
                before.len()
            );
            there.stop().await;
            if let Some((admin, name)) = restored_db {
                crate::support::drop_postgres_database(&admin, &name).await;
            }
            app.stop().await;
        })
        .await;
    }
}
