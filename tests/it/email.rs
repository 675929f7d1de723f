//! E-mail notices (issue 4) delivered over SMTP to a real local server.

use serde_json::json;

use crate::smtp_sink::SmtpSink;
use crate::staff::staff;
use crate::support::{customer, on_backend_with};
use helpdesk::store::Db;

/// The body of a message as the sink received it, with the transfer encoding undone.
fn decoded(data: &str) -> String {
    use base64::Engine;
    let (headers, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let lower = headers.to_lowercase();
    if lower.contains("content-transfer-encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(joined).expect("base64 body");
        String::from_utf8(bytes).expect("utf-8 body")
    } else if lower.contains("content-transfer-encoding: quoted-printable") {
        let soft = body.replace("=\r\n", "");
        let mut out = Vec::new();
        let bytes = soft.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                out.push(u8::from_str_radix(&soft[i + 1..i + 3], 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8 body")
    } else {
        body.to_string()
    }
}

backend_test! {
    async fn customers_who_prefer_email_get_ticket_news_by_email_and_staff_hear_of_assignments(backend) {
        let sink = std::sync::Arc::new(SmtpSink::start().await);
        let port = sink.port;
        on_backend_with(backend,
            move |c| {
                c.smtp_host = "127.0.0.1".into();
                c.smtp_port = port;
                c.mail_from = "Техподдержка <support@example.by>".into();
                c.public_url = "https://support.example.by".into();
            },
            |app| {
                let sink = sink.clone();
                async move {
                    sink.mails.lock().unwrap().clear();
                    let anna = customer(&app, "+375 29 900-00-01").await;
                    // Asking for e-mail without an address names the field.
                    let (status, _, page) = anna
                        .submit(
                            "/account",
                            "/account/profile",
                            &[
                                ("last_name", "Иванова"),
                                ("first_name", "Анна"),
                                ("middle_name", ""),
                                ("email", ""),
                                ("notify_by_email", "on"),
                            ],
                        )
                        .await;
                    assert_eq!(status, 422, "{page}");
                    assert!(page.contains("Сообщать о заявках по e-mail"), "{page}");
                    let (status, _, _) = anna
                        .submit(
                            "/account",
                            "/account/profile",
                            &[
                                ("last_name", "Иванова"),
                                ("first_name", "Анна"),
                                ("middle_name", ""),
                                ("email", "anna@example.by"),
                                ("notify_by_email", "on"),
                            ],
                        )
                        .await;
                    assert_eq!(status, 303);

                    let before = app.count_sms("+375299000001").await;
                    let (_, created) = anna
                        .post_json(
                            "/api/v1/tickets",
                            json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." }),
                        )
                        .await;
                    let number = created["number"].as_str().unwrap().to_string();
                    let op = staff(&app, "op-mail", "operator", &["ecp"]).await;
                    op.post_json(
                        &format!("/api/v1/tickets/{number}/messages"),
                        json!({ "body": "Переустановите драйвер." }),
                    )
                    .await;
                    op.post_json(&format!("/api/v1/staff/tickets/{number}/status"), json!({ "status": "resolved" })).await;

                    let mails = sink.wait_for(3).await;
                    let for_anna: Vec<String> =
                        mails.iter().filter(|m| m.to == ["anna@example.by"]).map(|m| decoded(&m.data)).collect();
                    assert_eq!(for_anna.len(), 3, "created, reply, resolved: {mails:?}");
                    assert!(for_anna.iter().all(|m| m.contains(&number)), "{for_anna:?}");
                    assert!(
                        for_anna[0].contains(&format!("https://support.example.by/tickets/{number}")),
                        "{}",
                        for_anna[0]
                    );
                    assert!(mails.iter().all(|m| m.from.contains("support@example.by")));
                    assert_eq!(app.count_sms("+375299000001").await, before, "no SMS when e-mail is preferred");

                    // Assignment: the assignee hears of it by e-mail when they have an address.
                    let boss = staff(&app, "boss-mail", "supervisor", &[]).await;
                    let db = &app.app().db;
                    let op_id = db.staff_member("op-mail").await.unwrap().unwrap().0;
                    let audit = helpdesk::store::audit::AuditEntry {
                        at: 0,
                        event: "t",
                        user_id: None,
                        ip: None,
                        details: json!({}),
                        object: None,
                    };
                    let profile = helpdesk::store::users::ProfileUpdate {
                        last_name: "Сотрудник",
                        first_name: "Оператор",
                        middle_name: None,
                        email: Some("op@example.by"),
                        notify_by_email: true,
                    };
                    db.update_profile(op_id, &profile, &audit).await.unwrap();
                    let (_, second) = anna
                        .post_json(
                            "/api/v1/tickets",
                            json!({ "service": "ecp-token", "subject": "Ещё", "body": "Вопрос." }),
                        )
                        .await;
                    let second = second["number"].as_str().unwrap().to_string();
                    let (status, _) = boss
                        .post_json(&format!("/api/v1/staff/tickets/{second}/assign"), json!({ "assignee": "op-mail" }))
                        .await;
                    assert_eq!(status, 200);
                    let mails = sink.wait_for(5).await;
                    let assigned: Vec<&crate::smtp_sink::Mail> =
                        mails.iter().filter(|m| m.to == ["op@example.by"]).collect();
                    assert_eq!(assigned.len(), 1, "{mails:?}");
                    assert!(decoded(&assigned[0].data).contains(&second));
                    app.stop().await;
                }
            },
        )
        .await;
    }
}

/// A provider's relay: STARTTLS with a certificate from a private CA, then a login.
#[tokio::test]
async fn mail_goes_over_starttls_with_a_login_and_only_to_a_trusted_certificate() {
    use crate::smtp_sink::{test_ca_file, Demands};
    use crate::support::{Backend, TestApp};
    let credentials = ("helpdesk@example.by".to_string(), "relay password 1".to_string());
    let sink = SmtpSink::start_with(Demands { starttls: true, credentials: Some(credentials.clone()) }).await;
    let relay = |trust_the_ca: bool| {
        let (port, credentials) = (sink.port, credentials.clone());
        move |c: &mut helpdesk::config::Config| {
            c.smtp_host = "localhost".into();
            c.smtp_port = port;
            c.smtp_security = helpdesk::config::SmtpSecurity::Starttls;
            c.smtp_user = credentials.0.clone();
            c.smtp_password = credentials.1.clone();
            c.smtp_ca_file = if trust_the_ca { test_ca_file() } else { String::new() };
        }
    };
    let send = |app: &TestApp, key: &str| {
        let mail = helpdesk::app::notices::email(
            "op@example.by",
            "ticket_assigned",
            "Тема".into(),
            "Текст".into(),
            key.into(),
        );
        let app = app.app().clone();
        async move {
            app.db.enqueue(&mail, app.now_unix()).await.unwrap();
            app.outbox_wake.notify_one();
        }
    };

    let app = TestApp::start(Backend::Sqlite, relay(true)).await;
    send(&app, "tls-1").await;
    let mails = sink.wait_for(1).await;
    assert!(mails[0].tls, "delivered inside TLS");
    assert_eq!(mails[0].user.as_deref(), Some("helpdesk@example.by"));
    assert_eq!(mails[0].to, ["op@example.by"]);
    app.stop().await;

    // Without the private CA the relay's certificate is not trusted: nothing is sent, the
    // message waits in the outbox for a retry.
    let app = TestApp::start(Backend::Sqlite, relay(false)).await;
    send(&app, "tls-2").await;
    let Db::Sqlite(pool) = &app.app().db else { unreachable!() };
    let mut failed = None;
    for _ in 0..200 {
        failed = sqlx::query_scalar::<_, Option<String>>(
            "SELECT last_error FROM outbox WHERE idempotency_key = 'tls-2' AND attempts > 0",
        )
        .fetch_optional(pool)
        .await
        .unwrap()
        .flatten();
        if failed.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let failed = failed.expect("the attempt failed and was recorded");
    assert!(failed.to_lowercase().contains("certificate"), "{failed}");
    let status: String =
        sqlx::query_scalar("SELECT status FROM outbox WHERE idempotency_key = 'tls-2'").fetch_one(pool).await.unwrap();
    assert_ne!(status, "sent");
    assert_eq!(sink.mails().len(), 1, "nothing reached the untrusted relay");
    app.stop().await;
}
