//! The operator side over the API (issue 4): queues by group, internal notes, replies,
//! assignment, status changes against the lifecycle.

use serde_json::json;

use crate::support::{on_backend, on_backend_with, register, Client, TestApp};

/// Creates a staff account in the given groups and signs it in.
pub async fn staff(app: &TestApp, login: &str, role: &str, groups: &[&str]) -> Client {
    let db = &app.app().db;
    let hash = helpdesk::app::crypto::hash_password_blocking("staff password 1").unwrap();
    let id = crate::support::add_staff(db, login, role, hash, vec![]).await;
    let codes: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    let audit = app.app().audit("staff_created", None, &Default::default(), json!({}));
    assert!(db.set_staff_groups(id, &codes, &audit).await.unwrap().is_empty());
    // Made beside the portal's use cases: the catalogue of choices is told, as they tell it.
    app.app().catalog_changed();
    let client = app.client();
    let (status, answer) =
        client.post_json("/api/v1/auth/login", json!({ "login": login, "password": "staff password 1" })).await;
    if role == "operator" {
        assert_eq!(status, 200, "{answer}");
        return client;
    }
    // Supervisors and administrators enrol a second factor at their first sign-in, as an app would.
    assert_eq!((status, answer["second_factor"].as_str()), (202, Some("enrol")), "{answer}");
    let challenge = answer["challenge"].as_str().unwrap();
    let (status, enrolment) =
        client.post_json("/api/v1/auth/second-factor/enrolment", json!({ "challenge": challenge })).await;
    assert_eq!(status, 200, "{enrolment}");
    let code = totp_now(app, enrolment["secret"].as_str().unwrap());
    let (status, done) =
        client.post_json("/api/v1/auth/second-factor", json!({ "challenge": challenge, "totp": code })).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["recovery_codes"].as_array().map(Vec::len), Some(10));
    client
}

/// The code an authenticator app shows now (by the test's clock) for a base32 secret.
pub fn totp_now(app: &TestApp, secret: &str) -> String {
    totp_at(secret, app.clock_now().unix_timestamp() / 30)
}

pub fn totp_at(secret: &str, step: i64) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bytes, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in secret.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = alphabet.iter().position(|a| *a == c).expect("a base32 letter") as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            bytes.push((buffer >> bits) as u8);
        }
    }
    helpdesk::domain::totp::TotpSecret::from_bytes(bytes).expect("a secret").code_at_step(step)
}

pub async fn customer_with_ticket(app: &TestApp, phone: &str, service: &str) -> (Client, String) {
    let password = register(app, phone).await;
    let client = app.client();
    client.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
    let (status, created) = client
        .post_json(
            "/api/v1/tickets",
            json!({ "service": service, "subject": "Токен не виден", "body": "Avest CSP не видит носитель." }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    (client, created["number"].as_str().unwrap().to_string())
}

fn numbers(list: &serde_json::Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap().to_string()).collect()
}

backend_test! {
    async fn operators_see_their_groups_and_supervisors_everything(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-01", "ecp-token").await;
            let ecp = staff(&app, "ecp1", "operator", &["ecp"]).await;
            let smdo = staff(&app, "smdo1", "operator", &["smdo"]).await;
            let boss = staff(&app, "boss", "supervisor", &[]).await;

            let (status, list) = ecp.get_json("/api/v1/staff/tickets?queue=unassigned").await;
            assert_eq!(status, 200, "{list}");
            assert_eq!(numbers(&list), [number.as_str()]);
            assert_eq!(numbers(&ecp.get_json("/api/v1/staff/tickets").await.1), [number.as_str()]);
            assert!(numbers(&smdo.get_json("/api/v1/staff/tickets").await.1).is_empty(), "another group's queue is empty");
            assert_eq!(smdo.get_json(&format!("/api/v1/tickets/{number}")).await.0, 404, "operator outside the group: 404");
            let (status, _) =
                smdo.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "чужое" })).await;
            assert_eq!(status, 404);
            let (status, _) =
                smdo.post_json(&format!("/api/v1/staff/tickets/{number}/status"), json!({ "status": "in_progress" })).await;
            assert_eq!(status, 404, "and changes nothing");
            assert_eq!(numbers(&boss.get_json("/api/v1/staff/tickets").await.1), [number.as_str()]);
            let (status, err) = customer.get_json("/api/v1/staff/tickets").await;
            assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")));
            let (status, err) = ecp.get_json("/api/v1/staff/tickets?queue=everything").await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("queue")));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn internal_notes_stay_internal_and_replies_reach_the_customer(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-02", "ecp-token").await;
            let ecp = staff(&app, "ecp2", "operator", &["ecp"]).await;
            let path = format!("/api/v1/tickets/{number}");
            let (status, _) = ecp
                .post_json(&format!("{path}/messages"), json!({ "body": "Проверить версию драйвера", "internal": true }))
                .await;
            assert_eq!(status, 201);
            let (_, seen_by_customer) = customer.get_json(&path).await;
            assert_eq!(seen_by_customer["messages"].as_array().unwrap().len(), 1, "the note is invisible to the customer");
            assert_eq!(seen_by_customer["status"], "new", "a note changes no status");
            let (_, seen_by_staff) = ecp.get_json(&path).await;
            assert_eq!(seen_by_staff["messages"][1]["internal"], true);

            let (status, _) =
                ecp.post_json(&format!("{path}/messages"), json!({ "body": "Переустановите драйвер носителя." })).await;
            assert_eq!(status, 201);
            let (_, detail) = customer.get_json(&path).await;
            assert_eq!(detail["status"], "waiting_customer", "a reply waits for the customer's answer unless told otherwise");
            assert_eq!(detail["messages"][1]["from_staff"], true);
            assert_eq!(detail["messages"][1]["body"], "Переустановите драйвер носителя.");
            let sms = app.sms("+375296000002", "ticket_update", 2).await;
            assert!(sms.contains(&number) && sms.contains("ответ"), "{sms}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn assignment_and_the_lifecycle(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-03", "ecp-issue").await;
            let ecp = staff(&app, "ecp3", "operator", &["ecp"]).await;
            let _other = staff(&app, "epeu3", "operator", &["epeu"]).await;
            let staff_path = format!("/api/v1/staff/tickets/{number}");
            let (status, err) = ecp.post_json(&format!("{staff_path}/assign"), json!({ "assignee": "epeu3" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("assignee_outside_group")));
            let (status, err) = ecp.post_json(&format!("{staff_path}/assign"), json!({ "assignee": "nobody" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("unknown_staff")));
            let (status, _) = ecp.post_json(&format!("{staff_path}/assign"), json!({ "assignee": "ECP3" })).await;
            assert_eq!(status, 200);
            assert_eq!(numbers(&ecp.get_json("/api/v1/staff/tickets?queue=mine").await.1), [number.as_str()]);
            assert!(numbers(&ecp.get_json("/api/v1/staff/tickets?queue=unassigned").await.1).is_empty());

            let set = |s: &'static str| {
                let (ecp, path) = (&ecp, format!("{staff_path}/status"));
                async move { ecp.post_json(&path, json!({ "status": s })).await }
            };
            assert_eq!(set("in_progress").await.0, 200);
            assert_eq!(set("waiting_customer").await.0, 200);
            assert_eq!(numbers(&ecp.get_json("/api/v1/staff/tickets?queue=waiting").await.1), [number.as_str()]);
            let (status, err) = set("closed").await;
            assert_eq!((status, err["error"]["code"].as_str()), (409, Some("invalid_transition")));
            let (status, err) = set("finished").await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("status")));
            customer
                .post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Сделал, не помогло." }))
                .await;
            assert_eq!(customer.get_json(&format!("/api/v1/tickets/{number}")).await.1["status"], "in_progress");
            assert_eq!(set("resolved").await.0, 200);
            assert_eq!(set("closed").await.0, 200);
            let (status, err) = set("in_progress").await;
            assert_eq!((status, err["error"]["code"].as_str()), (409, Some("invalid_transition")), "closed is final");
            let (status, _) = ecp.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "ещё" })).await;
            assert_eq!(status, 409);

            let events: Vec<(String, Option<String>, Option<String>)> = match &app.app().db {
                helpdesk::store::Db::Sqlite(p) => {
                    sqlx::query_as("SELECT field, old_value, new_value FROM ticket_events ORDER BY id")
                        .fetch_all(p)
                        .await
                        .unwrap()
                }
                helpdesk::store::Db::Postgres(p) => {
                    sqlx::query_as("SELECT field, old_value, new_value FROM ticket_events ORDER BY id")
                        .fetch_all(p)
                        .await
                        .unwrap()
                }
            };
            let statuses: Vec<String> = events.iter().filter(|e| e.0 == "status").map(|e| e.2.clone().unwrap()).collect();
            assert_eq!(statuses, ["new", "in_progress", "waiting_customer", "in_progress", "resolved", "closed"]);
            assert_eq!(events.iter().filter(|e| e.0 == "assignee").count(), 1, "every change is an event");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn resolved_tickets_close_themselves_after_seven_days(backend) {
        // Sessions that outlive the week, so the customer can look afterwards.
        let long_sessions = |c: &mut helpdesk::config::Config| {
            c.session_idle_minutes = 60 * 24 * 30;
            c.session_absolute_hours = 24 * 30;
        };
        on_backend_with(backend, long_sessions, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-04", "other-question").await;
            let (status, _) = customer.post_json(&format!("/api/v1/tickets/{number}/resolve"), json!({})).await;
            assert_eq!(status, 200);
            app.advance(6 * 86_400);
            assert_eq!(app.app().close_resolved_tickets().await.unwrap(), 0, "not yet");
            app.advance(86_400 + 1);
            assert_eq!(app.app().close_resolved_tickets().await.unwrap(), 1);
            let (_, detail) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(detail["status"], "closed");
            let (status, reply) =
                customer.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "ещё вопрос" })).await;
            assert_eq!(status, 201, "closed is final; a new ticket is filed instead: {reply}");
            let follow_up = reply["follow_up"].as_str().unwrap();
            let (_, detail) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(detail["status"], "closed");
            let boss = staff(&app, "boss", "supervisor", &[]).await;
            let page = boss.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
            assert!(page.contains("Продолжение в новой заявке: — → ") && page.contains(follow_up), "the event: {page}");
            assert!(page.contains(&format!("href=\"/staff/tickets/{follow_up}\"")), "the link: {page}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_operator_console_pages(backend) {
        on_backend(backend, |app| async move {
            app.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-05", "ecp-token").await;
            // The console signs in through the same login page, by username.
            let _ = staff(&app, "ecp5", "operator", &["ecp"]).await;
            let console = app.client();
            let (status, location, _) =
                console.submit("/login", "/login", &[("login", "ecp5"), ("password", "staff password 1")]).await;
            assert_eq!((status, location.as_str()), (303, "/staff"), "staff land in the console");
            let queue = console.get("/staff?queue=unassigned").await.text().await.unwrap();
            assert!(queue.contains(&format!("href=\"/staff/tickets/{number}\"")), "{queue}");
            assert!(queue.contains("Неназначенные") && queue.contains("aria-current=\"page\">Неназначенные"));
            let page_path = format!("/staff/tickets/{number}");
            let page = console.get(&page_path).await.text().await.unwrap();
            assert!(page.contains("Иванов Иван Иванович") && page.contains("+375 29 600-00-05"), "requester card");
            assert!(page.contains("Avest CSP не видит носитель."));

            let (status, _, _) = console
                .submit(&page_path, &format!("{page_path}/reply"), &[("body", "Проверили журнал"), ("kind", "note")])
                .await;
            assert_eq!(status, 303);
            let (status, _, _) = console
                .submit(&page_path, &format!("{page_path}/reply"), &[("body", "Обновите драйвер"), ("kind", "reply")])
                .await;
            assert_eq!(status, 303);
            let me = app.app().db.user_by_username("ecp5").await.unwrap().unwrap().id.to_string();
            let (status, _, _) = console
                .submit(&page_path, &format!("{page_path}/save"), &[("assignee", &me), ("status", "in_progress")])
                .await;
            assert_eq!(status, 303);
            let page = console.get(&page_path).await.text().await.unwrap();
            assert!(
                page.contains("class=\"internal\"") && page.contains("Проверили журнал"),
                "the note is marked internal"
            );
            assert!(page.contains("id=\"ticket-status\">В работе<"), "staff wording");
            assert!(page.contains("id=\"assignee\">ecp5 Сотрудник<"), "the assignee by name: {page}");
            assert!(page.contains("Статус: Ожидает ответа клиента → В работе"), "events are in the timeline");
            assert!(page.contains("Исполнитель: — → ecp5 Сотрудник"), "names, never ids, in the timeline");
            let (status, _, page) =
                console.submit(&page_path, &format!("{page_path}/save"), &[("status", "closed")]).await;
            assert_eq!(status, 409, "the page again, saying why");
            assert!(page.contains("недоступно в текущем статусе"));

            let seen = customer.get_json(&format!("/api/v1/tickets/{number}")).await.1;
            let bodies: Vec<&str> =
                seen["messages"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
            assert!(!bodies.contains(&"Проверили журнал"), "never shown to customers: {bodies:?}");
            assert!(bodies.contains(&"Обновите драйвер"));
            // A customer in the console is refused.
            let password = crate::support::register(&app, "+375 29 600-00-06").await;
            let other = app.client();
            other.submit("/login", "/login", &[("login", "+375296000006"), ("password", &password)]).await;
            let r = other.get("/staff").await;
            assert_eq!(r.status(), 403);
            assert_eq!(other.get(&page_path).await.status(), 403);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn supervisors_decide_pending_representations(backend) {
        on_backend(backend, |app| async move {
            app.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let password = register(&app, "+375 29 600-00-07").await;
            let customer = app.client();
            customer.post_json("/api/v1/auth/login", json!({ "login": "+375296000007", "password": password })).await;
            for unp in ["100582333", "190542056"] {
                let (status, _, _) = customer.submit("/account", "/account/organizations", &[("unp", unp)]).await;
                assert_eq!(status, 303);
            }
            let (_, created) = customer.post_json("/api/v1/tickets", json!({ "service": "ecp-issue", "subject": "Доступ", "body": "Прошу подтвердить" })).await;
            let number = created["number"].as_str().unwrap().to_string();
            let user_id = app.app().db.user_by_phone("+375296000007").await.unwrap().unwrap().id;
            let reps = app.app().db.memberships(user_id).await.unwrap();
            let (first, second) = (reps[0].id, reps[1].id);

            let operator = staff(&app, "ecp7", "operator", &["ecp"]).await;
            let (status, err) = operator.post_json(&format!("/api/v1/staff/representations/{first}/decision"), json!({ "decision": "confirm" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")), "operators cannot decide");
            let (status, _) = customer.post_json(&format!("/api/v1/staff/representations/{first}/decision"), json!({ "decision": "confirm" })).await;
            assert_eq!(status, 403);

            let boss = staff(&app, "boss7", "supervisor", &[]).await;
            let page = boss.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
            assert!(page.contains(&format!("/staff/representations/{first}/decision")), "the card offers the decision");
            let (status, location, _) = boss
                .submit(&format!("/staff/tickets/{number}"), &format!("/staff/representations/{first}/decision"), &[("decision", "confirm_manager"), ("number", &number)])
                .await;
            assert_eq!((status, location), (303, format!("/staff/tickets/{number}?done=representation-decided")));
            let (status, err) = boss.post_json(&format!("/api/v1/staff/representations/{second}/decision"), json!({ "decision": "reject" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("reason")), "a refusal says why");
            let reject = json!({ "decision": "reject", "reason": "Нет доверенности" });
            let (status, _) = boss.post_json(&format!("/api/v1/staff/representations/{second}/decision"), reject).await;
            assert_eq!(status, 200);
            let (status, _) = boss.post_json(&format!("/api/v1/staff/representations/{second}/decision"), json!({ "decision": "confirm" })).await;
            assert_eq!(status, 409, "only pending representations can be decided");
            let (status, err) = boss.post_json(&format!("/api/v1/staff/representations/{first}/decision"), json!({ "decision": "maybe" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("decision")));

            let (_, me) = customer.get_json("/api/v1/me").await;
            let orgs: Vec<(&str, &str, &str)> = me["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["unp"].as_str().unwrap(), o["status"].as_str().unwrap(), o["role"].as_str().unwrap()))
                .collect();
            assert_eq!(orgs, [("100582333", "confirmed", "manager"), ("190542056", "rejected", "member")]);
            // Confirmed now: the customer may file on the organisation's behalf.
            let (status, _) = customer
                .post_json("/api/v1/tickets", json!({ "service": "ecp-issue", "subject": "От организации", "body": "x", "organization_unp": "100582333" }))
                .await;
            assert_eq!(status, 201);
            let decided = app.app().db.audit_events(None, 200).await.unwrap().into_iter().filter(|e| e.event == "representation_decided").count();
            assert_eq!(decided, 2, "each decision is in the audit log");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn staff_move_tickets_between_priorities_services_and_groups(backend) {
        on_backend(backend, |app| async move {
            let (_customer, number) = customer_with_ticket(&app, "+375 29 600-00-08", "ecp-token").await;
            let ecp = staff(&app, "ecp8", "operator", &["ecp"]).await;
            let smdo = staff(&app, "smdo8", "operator", &["smdo"]).await;
            let path = format!("/api/v1/staff/tickets/{number}/classify");
            let (status, err) = ecp.post_json(&path, json!({ "group": "nope" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("unknown_group")));
            let (status, err) = ecp.post_json(&path, json!({ "priority": "asap" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("priority")));
            let page = format!("/staff/tickets/{number}");
            let (status, _, _) =
                ecp.submit(&page, &format!("{page}/save"), &[("priority", "urgent"), ("group", "ecp")]).await;
            assert_eq!(status, 303);
            let (_, detail) = ecp.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(detail["priority"], "urgent");
            let (status, _) = ecp.post_json(&path, json!({ "service": "smdo-documents", "group": "smdo" })).await;
            assert_eq!(status, 200);
            assert_eq!(ecp.get_json(&format!("/api/v1/tickets/{number}")).await.0, 404, "out of the ecp group now");
            let (_, moved) = smdo.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!((moved["service"].as_str(), moved["priority"].as_str()), (Some("smdo-documents"), Some("urgent")));
            let timeline = smdo.get(&page).await.text().await.unwrap();
            assert!(
                timeline.contains("Группа: ЭЦП → СМДО")
                    && timeline.contains("Услуга: Носители ключей (токены) → Отправка и получение документов")
                    && timeline.contains("Приоритет: Обычный → Срочный"),
                "every change is an event, by name: {timeline}"
            );
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn notices_reach_the_customer_in_the_language_they_chose(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-09", "ecp-token").await;
            let created = app.sms("+375296000009", "ticket_update", 1).await;
            assert!(created.contains("Техподдержка"), "registered in Russian: {created}");
            assert_eq!(customer.get("/lang/be").await.status(), 303);
            let boss = staff(&app, "boss", "supervisor", &[]).await;
            let (status, _) =
                boss.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Адказ" })).await;
            assert_eq!(status, 201);
            let reply = app.sms("+375296000009", "ticket_update", 2).await;
            assert!(reply.contains("ёсць адказ") && reply.contains(&number), "in Belarusian: {reply}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.11: customers read «Техподдержка» for staff in the API as on the pages, and a
    /// `?done=` that is not one of the portal's own notices shows nothing.
    async fn one_rule_for_authors_and_no_banner_from_a_link(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 600-00-11", "ecp-token").await;
            let ecp = staff(&app, "ecp1", "operator", &["ecp"]).await;
            let (status, _) = ecp
                .post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Переустановите драйвер." }))
                .await;
            assert_eq!(status, 201);
            let (_, seen_by_customer) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(seen_by_customer["messages"][1]["author"], "Техподдержка", "{seen_by_customer}");
            assert_eq!(seen_by_customer["messages"][0]["author"], "Иван Иванов");
            let (_, seen_by_staff) = ecp.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(seen_by_staff["messages"][1]["author"], "ecp1 Сотрудник");
            let page = customer.get(&format!("/tickets/{number}")).await.text().await.unwrap();
            assert!(!page.contains("ecp1"), "no staff name on the customer's page");

            let crafted = "Ваш%20аккаунт%20взломан.%20Позвоните%20%2B375291112233";
            for path in [
                format!("/tickets/{number}?done={crafted}"),
                format!("/tickets?done={crafted}"),
                format!("/account?done={crafted}"),
            ] {
                let page = customer.get(&path).await.text().await.unwrap();
                assert!(!page.contains("взломан") && !page.contains("class=\"ok\" role=\"status\""), "{path}: {page}");
            }
            for path in [format!("/staff/tickets/{number}?done={crafted}"), format!("/staff/canned?done={crafted}")] {
                let page = ecp.get(&path).await.text().await.unwrap();
                assert!(!page.contains("взломан") && !page.contains("class=\"ok\" role=\"status\""), "{path}");
            }
            let page = customer.get(&format!("/tickets/{number}?done=reply-sent")).await.text().await.unwrap();
            assert!(page.contains("class=\"ok\" role=\"status\""), "our own notices still show");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.14: two instances' sweeps and customers' replies at the same moment. Each
    /// resolved ticket is closed once at most, by one sweep, and never after a reply reopened
    /// it (PostgreSQL closed by id alone, so a ticket reopened meanwhile was closed anyway and
    /// each instance wrote its own event).
    async fn auto_close_runs_once_and_never_over_a_reopen(backend) {
        on_backend(backend, |app| async move {
            let (customer, first) = customer_with_ticket(&app, "+375 29 600-00-21", "other-question").await;
            let mut numbers = vec![first];
            for _ in 0..39 {
                let (status, created) = customer
                    .post_json("/api/v1/tickets", json!({ "service": "other-question", "subject": "Вопрос", "body": "Текст" }))
                    .await;
                assert_eq!(status, 201);
                numbers.push(created["number"].as_str().unwrap().to_string());
            }
            let long_ago = app.app().now_unix() - 30 * 86_400;
            app.exec(&format!("UPDATE tickets SET status = 'resolved', resolved_at = {long_ago}")).await;

            let mut config = app.config.clone();
            config.listen = "127.0.0.1:0".parse().unwrap();
            let other = helpdesk::server::start(config, std::sync::Arc::new(app.clock.clone())).await.unwrap();
            let replies = numbers.iter().step_by(2).map(|n| {
                let customer = customer.clone();
                let path = format!("/api/v1/tickets/{n}/messages");
                async move { customer.post_json(&path, json!({ "body": "Не решено" })).await.0 }
            });
            let (one, two, answers) = tokio::join!(
                app.app().close_resolved_tickets(),
                other.app.close_resolved_tickets(),
                futures_util::future::join_all(replies),
            );
            // A reply that read «resolved» just before a sweep closed the ticket is refused whole.
            assert!(answers.iter().all(|s| *s == 201 || *s == 409), "{answers:?}");
            let closed = one.unwrap() + two.unwrap();
            other.stop().await;

            let events: Vec<(String, String, String)> = {
                let sql = "SELECT t.number, COALESCE(e.old_value, ''), COALESCE(e.new_value, '') FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                           WHERE e.field = 'status' ORDER BY e.id";
                match &app.app().db {
                    helpdesk::store::Db::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
                    helpdesk::store::Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await.unwrap(),
                }
            };
            let mut closings = 0;
            for number in &numbers {
                let mine: Vec<(&str, &str)> =
                    events.iter().filter(|e| &e.0 == number).map(|e| (e.1.as_str(), e.2.as_str())).collect();
                let closes = mine.iter().filter(|e| **e == ("resolved", "closed")).count();
                assert!(closes <= 1, "{number} closed {closes} times: {mine:?}");
                let reopened = mine.iter().position(|e| *e == ("resolved", "in_progress"));
                let closed_at = mine.iter().position(|e| *e == ("resolved", "closed"));
                if let (Some(r), Some(c)) = (reopened, closed_at) {
                    assert!(c < r, "{number} was closed after a reply reopened it: {mine:?}");
                }
                closings += closes as u64;
            }
            // The second instance's own hourly sweep starts with it and may close some as well.
            assert!(closed <= closings && closings > 0, "each closing reported once: {closed} of {closings}");
            app.stop().await;
        })
        .await;
    }
}

/// Issue 10.14: the sweep runs on one instance of a cluster at a time.
#[tokio::test]
#[cfg_attr(not(helpdesk_pg_tests), ignore = "PostgreSQL: set HELPDESK_TEST_DATABASE_URL")]
async fn one_instance_sweeps_at_a_time() {
    let app = TestApp::start(crate::support::Backend::Postgres, |_| {}).await;
    let helpdesk::store::Db::Postgres(pool) = &app.app().db else { unreachable!() };
    let mut other_instance = pool.acquire().await.unwrap();
    let key = helpdesk::store::Job::Housekeeping.lock_key();
    sqlx::query("SELECT pg_advisory_lock($1)").bind(key).execute(&mut *other_instance).await.unwrap();
    assert_eq!(app.app().sweep().await.unwrap(), None, "another instance is sweeping");
    sqlx::query("SELECT pg_advisory_unlock($1)").bind(key).execute(&mut *other_instance).await.unwrap();
    // The server's own hourly sweep starts with the server and may hold the lock a moment.
    let mut swept = None;
    for _ in 0..100 {
        swept = app.app().sweep().await.unwrap();
        if swept.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(swept.is_some(), "now this one may");
    let held: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .bind(key)
    .fetch_one(&mut *other_instance)
    .await
    .unwrap();
    assert_eq!(held, 0, "the lock was let go");
    drop(other_instance);
    app.stop().await;
}
