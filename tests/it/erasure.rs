//! Consent withdrawal: the account is blocked at once and anonymised after the configured
//! days (DESIGN §6); its tickets keep their technical content.

use serde_json::json;

use crate::staff::staff;
use crate::support::{customer, on_backend, register};

async fn count(app: &crate::support::TestApp, sql: &str) -> i64 {
    match &app.app().db {
        helpdesk::store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        helpdesk::store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// Every (table, column) whose text holds `needle`, across the whole schema.
async fn traces_of(app: &crate::support::TestApp, needle: &str) -> Vec<(String, String)> {
    let columns: Vec<(String, String)> = match &app.app().db {
        helpdesk::store::Db::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'ticket_search%'
               AND (c.type LIKE '%TEXT%' OR c.type = '')",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
        helpdesk::store::Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json')",
        )
        .fetch_all(pool)
        .await
        .unwrap(),
    };
    assert!(columns.len() > 30, "the schema was read: {columns:?}");
    let mut found = vec![];
    for (table, column) in columns {
        let sql = format!("SELECT count(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE '%{needle}%'");
        if count(app, &sql).await > 0 {
            found.push((table, column));
        }
    }
    found
}

backend_test! {
    async fn a_withdrawn_account_is_anonymised_after_fifteen_days_and_its_tickets_stay(backend) {
        on_backend(backend, |app| async move {
            let phone = "+375 29 300-40-61";
            let client = customer(&app, phone).await;
            let (status, created) = client
                .post_json(
                    "/api/v1/tickets",
                    json!({ "service": "ecp-token", "subject": "Токен не виден", "body": "Avest CSP 6.3 не видит AvToken." }),
                )
                .await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            let me = client.get_json("/api/v1/me").await.1;
            let user_id = me["id"].as_i64().expect("the user's id");

            // A mistyped password leaves the number in the login throttle.
            let (status, _) =
                app.client().post_json("/api/v1/auth/login", json!({ "login": phone, "password": "wrong password" })).await;
            assert_eq!(status, 401);
            let throttled = "SELECT count(*) FROM login_throttle WHERE login_key = 'phone:+375293004061'";
            assert_eq!(count(&app, throttled).await, 1);

            let page = client.get("/account/consent/withdraw").await.text().await.unwrap();
            assert!(page.contains("15\u{a0}дней"), "the term is told before withdrawal: {page}");
            let (status, _, _) = client.submit("/account/consent/withdraw", "/account/consent/withdraw", &[]).await;
            assert_eq!(status, 303);
            // Blocked people are not written to: a reply from support sends nothing.
            let boss = staff(&app, "boss", "supervisor", &[]).await;
            let sms_before = app.count_sms("+375293004061").await;
            let (status, _) =
                boss.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Обновите драйвер." })).await;
            assert_eq!(status, 201);

            app.advance(14 * 86_400);
            assert_eq!(app.app().anonymise_withdrawn_accounts().await.unwrap(), 0, "not yet");
            app.advance(86_400 + 1);
            assert_eq!(app.app().anonymise_withdrawn_accounts().await.unwrap(), 1);
            assert_eq!(app.app().anonymise_withdrawn_accounts().await.unwrap(), 0, "once");
            // Art. 10: the person is told, once; the notice is the last thing that had the number,
            // and its row forgets it once sent.
            app.drain_outbox().await;
            let farewell: Vec<String> = app
                .sms_lines()
                .iter()
                .filter(|v| v["to"] == "+375293004061")
                .map(|v| v["text"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(farewell.len(), sms_before + 1, "one SMS after the withdrawal: {farewell:?}");
            assert!(farewell.last().unwrap().contains("персональные данные удалены"), "{farewell:?}");

            let boss = staff(&app, "boss2", "supervisor", &[]).await; // the first session has expired
            let (status, ticket) = boss.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(status, 200);
            assert_eq!(ticket["messages"][0]["body"], "Avest CSP 6.3 не видит AvToken.", "technical content stays");
            assert_eq!(ticket["messages"][0]["author"], "— —");
            let card = boss.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
            assert!(!card.contains("300-40-61") && !card.contains("Иванов"), "nothing points to the person: {card}");

            let person = format!("SELECT count(*) FROM users WHERE id = {user_id} AND status = 'anonymised'
                                  AND phone NOT LIKE '+375%' AND email IS NULL AND middle_name IS NULL");
            assert_eq!(count(&app, &person).await, 1);
            assert_eq!(count(&app, "SELECT count(*) FROM tickets WHERE contact_phone IS NOT NULL").await, 0);
            assert_eq!(count(&app, "SELECT count(*) FROM outbox WHERE recipient = '+375293004061'").await, 0);
            assert_eq!(count(&app, &format!("SELECT count(*) FROM consents WHERE user_id = {user_id} AND ip IS NOT NULL")).await, 0);
            assert_eq!(count(&app, &format!("SELECT count(*) FROM representations WHERE user_id = {user_id}")).await, 0);
            assert_eq!(count(&app, "SELECT count(*) FROM verifications WHERE phone = '+375293004061'").await, 0);
            assert_eq!(count(&app, throttled).await, 0, "the login throttle forgets the number");
            let events = app.app().db.audit_events(Some(user_id), 50).await.unwrap();
            assert!(events.iter().any(|e| e.event == "account_anonymised"));
            assert_eq!(count(&app, "SELECT count(*) FROM outbox WHERE purpose = 'data_erased' AND recipient = 'erased'").await, 1);
            // Issue 10.17: nothing anywhere in the database still holds the number, the e-mail or
            // the name — the SMS counters' keys included.
            for trace in ["293004061", "ivanov@example.by", "Иванов"] {
                let found = traces_of(&app, trace).await;
                assert!(found.is_empty(), "«{trace}» is still in {found:?}");
            }

            // The number is free again: its owner may register anew.
            register(&app, phone).await;
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// The consent, section 7: three years after the person last used the System the consent
    /// ends; the account is blocked and then anonymised as after a withdrawal. Signing in or a
    /// ticket of theirs within the term keeps it.
    async fn an_account_unused_for_three_years_is_closed_and_erased(backend) {
        on_backend(backend, |app| async move {
            register(&app, "+375 29 300-40-71").await;
            let password = register(&app, "+375 29 300-40-72").await;
            app.advance(2 * 365 * 86_400);
            let busy = app.client();
            let (status, _) =
                busy.post_json("/api/v1/auth/login", json!({ "login": "+375293004072", "password": password })).await;
            assert_eq!(status, 200);
            let (status, created) = busy
                .post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." }))
                .await;
            assert_eq!(status, 201, "{created}");
            app.advance(365 * 86_400);
            assert_eq!(app.app().expire_unused_accounts().await.unwrap(), 0, "three years are not up yet");
            app.advance(2 * 86_400);
            assert_eq!(app.app().expire_unused_accounts().await.unwrap(), 1, "only the idle account");
            assert_eq!(app.app().expire_unused_accounts().await.unwrap(), 0, "once");
            let state = "SELECT status FROM users WHERE phone = '+375293004071'";
            let status: String = match &app.app().db {
                helpdesk::store::Db::Sqlite(pool) => sqlx::query_scalar(state).fetch_one(pool).await.unwrap(),
                helpdesk::store::Db::Postgres(pool) => sqlx::query_scalar(state).fetch_one(pool).await.unwrap(),
            };
            assert_eq!(status, "blocked");
            let (status, err) = app
                .client()
                .post_json("/api/v1/auth/login", json!({ "login": "+375293004071", "password": "whatever it was" }))
                .await;
            assert!(status == 401 || status == 403, "{status} {err}");
            assert_eq!(count(&app, "SELECT count(*) FROM users WHERE phone = '+375293004072' AND status = 'active'").await, 1);

            app.advance(16 * 86_400);
            assert_eq!(app.app().anonymise_withdrawn_accounts().await.unwrap(), 1);
            assert_eq!(count(&app, "SELECT count(*) FROM users WHERE phone = '+375293004071'").await, 0, "the number is gone");
            app.drain_outbox().await;
            let told = app.sms_lines().iter().filter(|v| v["purpose"] == "data_erased").count();
            assert_eq!(told, 1, "the person is told");
            app.stop().await;
        })
        .await;
    }
}
