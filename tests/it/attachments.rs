//! Attachments (issue 4): limits before storing, sanitised names, sniffed types, downloads
//! only for those who may see the message.

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::staff::staff;
use crate::support::{on_backend, on_backend_with, register, Client, TestApp};

async fn customer(app: &TestApp, phone: &str) -> Client {
    let password = register(app, phone).await;
    let client = app.client();
    client.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
    client
}

fn ticket_form(files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut form =
        Form::new().text("service", "ecp-issue").text("subject", "Скриншот ошибки").text("body", "Смотрите вложения.");
    for (name, bytes) in files {
        form = form.part("files", Part::bytes(bytes).file_name(name.to_string()));
    }
    form
}

async fn post_multipart(client: &Client, path: &str, form: Form) -> (u16, serde_json::Value) {
    let r = client.http.post(format!("{}{path}", client.base)).multipart(form).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

fn stored_files(app: &TestApp) -> usize {
    let dir = app.data_dir.path().join("attachments");
    if !dir.exists() {
        return 0;
    }
    std::fs::read_dir(dir).unwrap().flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap()).count()
}

backend_test! {
    async fn files_travel_with_tickets_and_only_to_those_who_may_see_them(backend) {
        on_backend(backend, |app| async move {
            let alice = customer(&app, "+375 29 700-10-01").await;
            let pdf = b"%PDF-1.4 fake scan".to_vec();
            let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
            let (status, created) = post_multipart(
                &alice,
                "/api/v1/tickets",
                ticket_form(vec![("скан.pdf", pdf.clone()), ("../../evil\".html", html)]),
            )
            .await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            let (_, detail) = alice.get_json(&format!("/api/v1/tickets/{number}")).await;
            let files = detail["messages"][0]["attachments"].as_array().unwrap().clone();
            assert_eq!(files.len(), 2, "{detail}");
            assert_eq!(
                (files[0]["file_name"].as_str(), files[0]["content_type"].as_str()),
                (Some("скан.pdf"), Some("application/pdf"))
            );
            assert_eq!(files[1]["file_name"], "evil_.html", "no path, no quote");
            assert_eq!(files[1]["content_type"], "text/plain; charset=utf-8", "HTML is never served as HTML");

            let url = files[0]["url"].as_str().unwrap().to_string();
            let r = alice.get(&url).await;
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()["content-type"], "application/pdf");
            assert_eq!(r.headers()["x-content-type-options"], "nosniff");
            assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
            assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
            let page_url = url.replace("/api/v1", "");
            assert_eq!(alice.get(&page_url).await.status(), 200, "the page route serves the same file");

            let bob = customer(&app, "+375 29 700-10-02").await;
            assert_eq!(bob.get(&url).await.status(), 404, "another customer: 404");
            assert_eq!(app.client().get(&url).await.status(), 401, "no session: 401");
            let other_group = staff(&app, "smdo-a", "operator", &["smdo"]).await;
            assert_eq!(other_group.get(&url).await.status(), 404);
            let ecp = staff(&app, "ecp-a", "operator", &["ecp"]).await;
            assert_eq!(ecp.get(&url).await.status(), 200);

            // A file on an internal note reaches staff only.
            let note = Form::new()
                .text("body", "лог с сервера")
                .text("internal", "true")
                .part("files", Part::bytes(b"server log".to_vec()).file_name("server.log"));
            let (status, _) = post_multipart(&ecp, &format!("/api/v1/tickets/{number}/messages"), note).await;
            assert_eq!(status, 201);
            let (_, staff_view) = ecp.get_json(&format!("/api/v1/tickets/{number}")).await;
            let note_file = staff_view["messages"][1]["attachments"][0]["url"].as_str().unwrap().to_string();
            assert_eq!(ecp.get(&note_file).await.status(), 200);
            assert_eq!(alice.get(&note_file).await.status(), 404, "internal attachments never reach customers");
            let (_, customer_view) = alice.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(customer_view["messages"].as_array().unwrap().len(), 1);
            assert_eq!(alice.get("/api/v1/attachments/doesnotexist").await.status(), 404);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn limits_are_enforced_before_anything_is_stored(backend) {
        on_backend_with(backend,
            |c| {
                c.attachment_max_bytes = 1024;
                c.attachments_per_message = 2;
            },
            |app| async move {
                let alice = customer(&app, "+375 29 700-10-03").await;
                let (status, err) =
                    post_multipart(&alice, "/api/v1/tickets", ticket_form(vec![("big.bin", vec![7u8; 1025])])).await;
                assert_eq!((status, err["error"]["code"].as_str()), (413, Some("attachment_too_large")), "{err}");
                assert!(
                    err["error"]["message"].as_str().unwrap().contains("1 МБ")
                        || err["error"]["message"].as_str().unwrap().contains("МБ")
                );
                let three = vec![("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec()), ("c.txt", b"c".to_vec())];
                let (status, err) = post_multipart(&alice, "/api/v1/tickets", ticket_form(three)).await;
                assert_eq!((status, err["error"]["code"].as_str()), (422, Some("too_many_files")));
                let (status, err) =
                    post_multipart(&alice, "/api/v1/tickets", ticket_form(vec![("empty.txt", vec![])])).await;
                assert_eq!((status, err["error"]["code"].as_str()), (422, Some("empty_file")));
                // A good file received before a refused one is deleted with it (both were on disk).
                let two = vec![("ok.txt", vec![b'x'; 1000]), ("big.bin", vec![7u8; 1025])];
                let (status, _) = post_multipart(&alice, "/api/v1/tickets", ticket_form(two)).await;
                assert_eq!(status, 413);
                // A body far over the whole-request limit is cut off by the server as well.
                let (status, _) =
                    post_multipart(&alice, "/api/v1/tickets", ticket_form(vec![("huge.bin", vec![1u8; 4 * 1024 * 1024])]))
                        .await;
                assert_eq!(status, 413);
                assert_eq!(stored_files(&app), 0, "nothing refused was stored, not even half-received");
                let (_, list) = alice.get_json("/api/v1/tickets").await;
                assert!(list["items"].as_array().unwrap().is_empty(), "and no ticket was filed");
                let (status, _) =
                    post_multipart(&alice, "/api/v1/tickets", ticket_form(vec![("ok.txt", vec![b'x'; 1024])])).await;
                assert_eq!(status, 201, "exactly the limit is fine");
                assert_eq!(stored_files(&app), 1);
                // An empty file input (a nameless, empty part) after the most files is no file at all.
                let full = vec![("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec()), ("", vec![])];
                let (status, err) = post_multipart(&alice, "/api/v1/tickets", ticket_form(full)).await;
                assert_eq!(status, 201, "{err}");
                assert_eq!(stored_files(&app), 3);
                app.stop().await;
            },
        )
        .await;
    }
}

backend_test! {
    async fn the_page_forms_take_files_and_need_their_token(backend) {
        on_backend(backend, |app| async move {
            let alice = customer(&app, "+375 29 700-10-04").await;
            let page = alice.get("/tickets/new").await.text().await.unwrap();
            assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("До 10 файлов, каждый до 20\u{a0}МБ"));
            let token = crate::support::csrf_of(&page);
            let form = || ticket_form(vec![("photo.png", b"\x89PNG\r\n\x1a\nrest".to_vec())]);
            let r = alice.http.post(format!("{}/tickets/new", app.url)).multipart(form()).send().await.unwrap();
            assert_eq!(r.status(), 403, "a multipart form without its token is refused");
            let r =
                alice.http.post(format!("{}/tickets/new?csrf={token}", app.url)).multipart(form()).send().await.unwrap();
            assert_eq!(r.status(), 303);
            let location = r.headers()["location"].to_str().unwrap().to_string();
            let ticket = alice.get(&location).await.text().await.unwrap();
            assert!(ticket.contains(">photo.png</a>"), "the file is listed under the message");
            assert!(ticket.contains("(1\u{a0}КБ)"));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.8: a right-to-left override makes `счёт<U+202E>fdp.exe` look like `счётexe.pdf`;
    /// such characters leave file names and one-line fields before anything is stored.
    async fn names_and_subjects_lose_right_to_left_overrides(backend) {
        on_backend(backend, |app| async move {
            let alice = customer(&app, "+375 29 700-10-08").await;
            let form = Form::new()
                .text("service", "ecp-issue")
                .text("subject", "Счёт\u{202E}fdp.exe\u{200F} не\nоткрывается")
                .text("body", "Во вложении\u{2066} счёт.\u{2069}")
                .part("files", Part::bytes(b"MZ".to_vec()).file_name("счёт\u{202E}fdp.exe"));
            let (status, created) = post_multipart(&alice, "/api/v1/tickets", form).await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap();
            let (_, detail) = alice.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(detail["subject"], "Счётfdp.exe не открывается", "{detail}");
            assert_eq!(detail["messages"][0]["body"], "Во вложении счёт.");
            assert_eq!(detail["messages"][0]["attachments"][0]["file_name"], "счётfdp.exe", "{detail}");
            let page = alice.get(&format!("/tickets/{number}")).await.text().await.unwrap();
            assert!(!page.contains('\u{202E}'), "the page carries no override");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.12: an upload in progress is not cut off by the request timeout (a 20 MiB file
    /// needed 5.6 Mbit/s to arrive in 30 s); only a client that stops sending is.
    async fn slow_uploads_arrive_and_stalled_ones_are_cut_off(backend) {
        on_backend_with(backend, |c| c.request_timeout_seconds = 1, |app| async move {
            let password = register(&app, "+375 29 700-10-09").await;
            let cookie = crate::support::session_cookie(&app.url, "+375297001009", &password).await;
            let slow = crate::support::SlowTicket {
                cookie: &cookie,
                file_name: Some("scan.pdf"),
                size: 12 * 64 * 1024,
                chunk: 64 * 1024,
                pause: std::time::Duration::from_millis(300),
            };
            let started = std::time::Instant::now();
            let status = slow.send(&app.url).await;
            println!("a slow upload took {:?}: {status:?}", started.elapsed());
            assert!(started.elapsed() > std::time::Duration::from_secs(3), "the upload did take longer than the timeout");
            assert_eq!(status.as_deref(), Some("HTTP/1.1 201 Created"));

            let stalled = crate::support::SlowTicket {
                pause: std::time::Duration::from_millis(2_500),
                size: 2 * 64 * 1024,
                ..slow
            };
            let status = stalled.send(&app.url).await;
            assert!(status.is_none() || status.as_deref() == Some("HTTP/1.1 408 Request Timeout"), "{status:?}");
            assert_eq!(stored_files(&app), 1, "the stalled upload left nothing behind");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.16: files were moved into place before the rows were written, so a refused or
    /// failed reply left them for ever. Now they go with the request, and a sweep removes what a
    /// crash in between leaves.
    async fn no_file_outlives_a_refused_message(backend) {
        on_backend(backend, |app| async move {
            let alice = customer(&app, "+375 29 700-10-10").await;
            let (status, created) =
                post_multipart(&alice, "/api/v1/tickets", ticket_form(vec![("first.pdf", b"%PDF-1.7 one".to_vec())])).await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            assert_eq!(stored_files(&app), 1);

            // The database refuses the message (as a broken disk or a lost connection would).
            match app.backend {
                crate::support::Backend::Sqlite => {
                    app.exec(
                        "CREATE TRIGGER refuse BEFORE INSERT ON ticket_messages WHEN NEW.body = 'отказ'
                         BEGIN SELECT RAISE(ABORT, 'refused'); END",
                    )
                    .await
                }
                crate::support::Backend::Postgres => {
                    app.exec(
                        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN
                           IF NEW.body = 'отказ' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$
                         LANGUAGE plpgsql",
                    )
                    .await;
                    app.exec("CREATE TRIGGER refuse BEFORE INSERT ON ticket_messages FOR EACH ROW EXECUTE FUNCTION refuse()")
                        .await
                }
            }
            let reply = Form::new()
                .text("body", "отказ")
                .part("files", Part::bytes(b"%PDF-1.7 two".to_vec()).file_name("second.pdf"));
            let (status, _) = post_multipart(&alice, &format!("/api/v1/tickets/{number}/messages"), reply).await;
            assert_eq!(status, 500);
            assert_eq!(stored_files(&app), 1, "the refused message's file is gone with it");

            // A crash between the file and its row: the sweep finds the file nobody refers to.
            let orphan = app.data_dir.path().join("attachments").join("zz").join("zzzzzzzzzzzz");
            std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
            std::fs::write(&orphan, b"left by a crash").unwrap();
            let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
            std::fs::File::options().write(true).open(&orphan).unwrap().set_modified(two_days_ago).unwrap();
            let referenced = std::fs::read_dir(app.data_dir.path().join("attachments"))
                .unwrap()
                .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
                .map(|f| f.unwrap().path())
                .find(|p| !p.starts_with(orphan.parent().unwrap()) && !p.to_string_lossy().contains("incoming"))
                .unwrap();
            std::fs::File::options().write(true).open(&referenced).unwrap().set_modified(two_days_ago).unwrap();
            let removed = app.app().purge_orphan_files(std::time::Duration::from_secs(86_400)).await.unwrap();
            assert_eq!(removed, 1);
            assert!(!orphan.exists() && referenced.exists(), "only the file nobody refers to goes");
            app.stop().await;
        })
        .await;
    }
}

pub fn picture(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([20, 90, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

backend_test! {
    async fn pictures_get_thumbnails_under_the_download_rule(backend) {
        on_backend(backend, |app| async move {
            let alice = customer(&app, "+375 29 700-10-21").await;
            let files = vec![("экран.png", picture(1600, 800)), ("скан.pdf", b"%PDF-1.4 scan".to_vec()), ("не картинка.png", b"\x89PNG\r\n\x1a\nbroken".to_vec())];
            let (status, created) = post_multipart(&alice, "/api/v1/tickets", ticket_form(files)).await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            let (_, detail) = alice.get_json(&format!("/api/v1/tickets/{number}")).await;
            let urls: Vec<String> = detail["messages"][0]["attachments"].as_array().unwrap().iter()
                .map(|f| f["url"].as_str().unwrap().replace("/api/v1", "")).collect();
            let thumb = format!("{}/thumbnail", urls[0]);
            let r = alice.get(&thumb).await;
            assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
            let small = image::load_from_memory(&r.bytes().await.unwrap()).unwrap();
            assert_eq!((small.width(), small.height()), (240, 120), "at most 240 px, proportions kept");
            assert_eq!(alice.get(&format!("{}/thumbnail", urls[1])).await.status(), 404, "a PDF has an icon, not a thumbnail");
            assert_eq!(alice.get(&format!("{}/thumbnail", urls[2])).await.status(), 404, "a broken picture: none, and no error");
            let ecp = staff(&app, "ecp-t", "operator", &["ecp"]).await;
            assert_eq!(ecp.get(&thumb).await.status(), 200);
            let smdo = staff(&app, "smdo-t", "operator", &["smdo"]).await;
            assert_eq!(smdo.get(&thumb).await.status(), 404, "the same rule as the download");
            let bob = customer(&app, "+375 29 700-10-22").await;
            assert_eq!(bob.get(&thumb).await.status(), 404);
            let page = ecp.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
            assert!(page.contains(&format!("<img src=\"{thumb}\" alt=\"экран.png\"")), "inline on the page: {page}");
            assert!(page.contains("<span class=\"file-icon\" aria-hidden=\"true\">PDF</span>"));
            app.stop().await;
        })
        .await;
    }
}
