//! Attachments in an S3-compatible bucket (issue 13): uploads streamed there after their
//! checks, downloads and thumbnails through the portal's permission checks, nothing left by a
//! refused upload, orphans swept, and a clear 503 while the bucket is out of reach.

use std::time::Duration;

use reqwest::multipart::{Form, Part};

use crate::attachments::picture;
use crate::s3_server::S3Server;
use crate::support::{answer_of, customer, on_backend_with, Backend, Client, TestApp};

fn ticket_form(files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new().text("service", "ecp-issue").text("subject", "Скан").text("body", "Смотрите вложения.");
    for (name, bytes) in files {
        form = form.part("files", Part::bytes(bytes).file_name(name.to_string()));
    }
    form
}

async fn file_ticket(client: &Client, files: Vec<(&str, Vec<u8>)>, lang: &str) -> (u16, serde_json::Value) {
    let r = client
        .http
        .post(format!("{}/api/v1/tickets", client.base))
        .header("accept-language", lang)
        .multipart(ticket_form(files))
        .send()
        .await
        .unwrap();
    answer_of(r).await
}

/// The objects in the bucket, by key.
async fn objects(app: &TestApp) -> Vec<String> {
    let bucket = helpdesk::files::S3Store::new(&app.config.s3).unwrap();
    let mut keys = bucket.keys_written_before(i64::MAX).await.unwrap();
    keys.sort();
    keys
}

#[tokio::test]
#[cfg_attr(not(helpdesk_s3_tests), ignore = "an S3-compatible server: set HELPDESK_TEST_S3_SERVER to moto_server")]
async fn attachments_live_in_the_bucket_and_pass_through_the_portal() {
    let s3 = S3Server::start().await;
    let s3 = &s3;
    on_backend_with(
        Backend::Sqlite,
        |c| s3.configure(c),
        |app| async move {
            app.app().files.prepare().await.unwrap();
            let alice = customer(&app, "+375 29 700-30-01").await;
            let pdf = b"%PDF-1.4 a scan kept in the bucket".to_vec();
            let png = picture(400, 300);
            let (status, created) =
                file_ticket(&alice, vec![("скан.pdf", pdf.clone()), ("экран.png", png)], "ru").await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            assert_eq!(objects(&app).await.len(), 2, "both files are in the bucket");
            let on_disk = walk(&app.data_dir.path().join("attachments"));
            assert!(
                on_disk.iter().all(|p| p.contains("/incoming/")),
                "nothing kept on this instance's disk: {on_disk:?}"
            );
            assert!(walk(&app.data_dir.path().join("attachments/incoming")).is_empty(), "the received copies are gone");

            // Downloads and thumbnails come through the portal, with its checks.
            let (_, detail) = alice.get_json(&format!("/api/v1/tickets/{number}")).await;
            let files = detail["messages"][0]["attachments"].as_array().unwrap().clone();
            let pdf_url = files[0]["url"].as_str().unwrap().to_string();
            let r = alice.get(&pdf_url).await;
            assert_eq!(
                (r.status().as_u16(), r.headers()["content-length"].to_str().unwrap()),
                (200, pdf.len().to_string().as_str())
            );
            assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
            let thumbnail = format!("{}/thumbnail", files[1]["url"].as_str().unwrap().replace("/api/v1", ""));
            let r = alice.get(&thumbnail).await;
            assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
            let bob = customer(&app, "+375 29 700-30-02").await;
            assert_eq!(bob.get(&pdf_url).await.status(), 404, "another customer: 404, whatever the bucket holds");

            // Refused uploads leave nothing in the bucket.
            let many: Vec<(&str, Vec<u8>)> = (0..11).map(|_| ("a.txt", b"text".to_vec())).collect();
            assert_eq!(file_ticket(&alice, many, "ru").await.0, 422);
            let big = vec![b'x'; app.config.attachment_max_bytes as usize + 1];
            assert_eq!(file_ticket(&alice, vec![("big.bin", big)], "ru").await.0, 413);
            assert_eq!(objects(&app).await.len(), 2);

            // An object a crash left behind (stored, its row never written) is swept; the others stay.
            let orphan = app.app().files.receive().await.unwrap();
            app.app().files.keep(orphan, "orphan0000000000").await.unwrap();
            assert_eq!(objects(&app).await.len(), 3);
            assert_eq!(app.app().purge_orphan_files(Duration::ZERO).await.unwrap(), 1);
            assert_eq!(objects(&app).await.len(), 2);
            assert_eq!(alice.get(&pdf_url).await.status(), 200);

            // The bucket stops answering: uploads are a clear 503 and store nothing, downloads too;
            // when it answers again, downloads recover.
            let tickets = app.scalar("SELECT COUNT(*) FROM tickets").await;
            s3.freeze();
            let (status, err) = file_ticket(&alice, vec![("скан.pdf", pdf.clone())], "ru").await;
            assert_eq!((status, err["error"]["code"].as_str()), (503, Some("storage_unavailable")), "{err}");
            assert!(
                err["error"]["message"].as_str().unwrap().starts_with("Хранилище файлов сейчас недоступно"),
                "{err}"
            );
            let (status, err) = file_ticket(&alice, vec![("scan.pdf", pdf.clone())], "en").await;
            assert_eq!(status, 503);
            assert!(err["error"]["message"].as_str().unwrap().starts_with("The file store is out of reach"), "{err}");
            assert_eq!(app.scalar("SELECT COUNT(*) FROM tickets").await, tickets, "no ticket without its files");
            let r = alice.get(&pdf_url).await;
            assert_eq!((r.status().as_u16(), r.headers().get("retry-after").is_some()), (503, true));
            s3.resume();
            assert_eq!(alice.get(&pdf_url).await.bytes().await.unwrap().to_vec(), pdf, "downloads recover");
            // An upload the frozen server had half-received may land once it resumes, after the
            // portal gave up deleting it: the orphan sweep is what removes those.
            let mut left = objects(&app).await.len();
            for _ in 0..50 {
                app.app().purge_orphan_files(Duration::ZERO).await.unwrap();
                left = objects(&app).await.len();
                if left == 2 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            assert_eq!(left, 2, "nothing half-stored after the sweep");
            app.stop().await;
        },
    )
    .await;
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    out
}
