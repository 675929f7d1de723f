//! Ticket lists (issue 4): search, filters, sort orders and cursors for staff and customers.

use serde_json::json;

use crate::staff::staff;
use crate::support::{customer, on_backend, register, Client, TestApp};

async fn login(app: &TestApp, phone: &str, password: &str) -> Client {
    let client = app.client();
    let (status, _) = client.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
    assert_eq!(status, 200);
    client
}

async fn file(client: &Client, service: &str, priority: &str, subject: &str, body: &str) -> String {
    let (status, created) = client
        .post_json(
            "/api/v1/tickets",
            json!({ "service": service, "priority": priority, "subject": subject, "body": body }),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    created["number"].as_str().unwrap().to_string()
}

async fn numbers(client: &Client, path: &str) -> Vec<String> {
    let (status, list) = client.get_json(path).await;
    assert_eq!(status, 200, "{path}: {list}");
    list["items"].as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap().to_string()).collect()
}

fn url(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

backend_test! {
    async fn staff_search_and_filter_the_archive(backend) {
        let postgres = matches!(backend, crate::support::Backend::Postgres);
        on_backend(backend, |app| async move {
            // Sessions end after a day without use, so each day signs in again.
            let anna_password = register(&app, "+375 29 700-00-01").await;
            let anna = login(&app, "+375 29 700-00-01", &anna_password).await;
            let token = file(&anna, "ecp-token", "normal", "Токен не виден", "Носитель не определяется в системе.").await;
            app.advance(86_400);
            let anna = login(&app, "+375 29 700-00-01", &anna_password).await;
            let cert = file(&anna, "ecp-issue", "urgent", "Продление", "Не получается продлить сертификата ключа.").await;
            app.advance(86_400);
            let anna = login(&app, "+375 29 700-00-01", &anna_password).await;
            let boris = customer(&app, "+375 33 700-00-02").await;
            let portal = file(&boris, "epeu-login", "low", "Вход на портал", "Портал пишет: сертификат не найден.").await;
            let boss = staff(&app, "boss", "supervisor", &[]).await;

            // Word forms match (stems), in subjects and messages; all words must match.
            let found = numbers(&boss, &format!("/api/v1/staff/tickets?q={}", url("сертификат"))).await;
            assert_eq!(found, [portal.as_str(), cert.as_str()]);
            let found = numbers(&boss, &format!("/api/v1/staff/tickets?q={}", url("сертификат портал"))).await;
            assert_eq!(found, [portal.as_str()]);
            let found = numbers(&boss, &format!("/api/v1/staff/tickets?q={}", url("токен"))).await;
            assert_eq!(found, [token.as_str()]);
            assert_eq!(numbers(&boss, &format!("/api/v1/staff/tickets?q={cert}")).await, [cert.as_str()]);

            // An internal note is found by staff and never by the customer.
            let (status, _) = boss
                .post_json(
                    &format!("/api/v1/tickets/{token}/messages"),
                    json!({ "body": "Проверить драйвер Avtor", "internal": true }),
                )
                .await;
            assert_eq!(status, 201);
            assert_eq!(numbers(&boss, "/api/v1/staff/tickets?q=avtor").await, [token.as_str()]);
            assert!(numbers(&anna, "/api/v1/tickets?q=avtor").await.is_empty());

            // PostgreSQL's postings folded into chunk rows (SQLite has nothing to fold): the same
            // searches find the same tickets, the internal note still for staff only.
            let folded = app.app().fold_search_postings().await.unwrap();
            assert_eq!(folded.is_some_and(|n| n > 0), postgres, "{folded:?}");
            assert_eq!(app.app().fold_search_postings().await.unwrap(), Some(0));
            let found = numbers(&boss, &format!("/api/v1/staff/tickets?q={}", url("сертификат портал"))).await;
            assert_eq!(found, [portal.as_str()]);
            assert_eq!(numbers(&boss, &format!("/api/v1/staff/tickets?q={}", url("токен"))).await, [token.as_str()]);
            assert_eq!(numbers(&boss, "/api/v1/staff/tickets?q=avtor").await, [token.as_str()]);
            assert!(numbers(&anna, "/api/v1/tickets?q=avtor").await.is_empty());

            // Filters: requester's phone in any spelling, top-level service with its children, period.
            let by_phone = numbers(&boss, &format!("/api/v1/staff/tickets?phone={}", url("8 (029) 700-00-01"))).await;
            assert_eq!(by_phone.len(), 2);
            assert!(by_phone.contains(&token) && by_phone.contains(&cert));
            let ecp = numbers(&boss, "/api/v1/staff/tickets?service=ecp").await;
            assert_eq!(ecp.len(), 2);
            assert_eq!(numbers(&boss, "/api/v1/staff/tickets?service=ecp-token").await, [token.as_str()]);
            let today = app.clock_now().to_offset(helpdesk::clock::MINSK_OFFSET).date();
            let yesterday = today.previous_day().unwrap();
            let period = format!("/api/v1/staff/tickets?from={yesterday}&to={yesterday}");
            assert_eq!(numbers(&boss, &period).await, [cert.as_str()]);

            // Orders: priority puts urgent first, the deadline sort the nearest due instant in
            // working time first: the token's first response on Monday 16:00 (four hours of a
            // normal ticket filed at noon), the urgent certificate's on Tuesday 12:30, the low
            // portal ticket's on Thursday 12:00 (eight working hours from Wednesday noon).
            assert_eq!(
                numbers(&boss, "/api/v1/staff/tickets?sort=priority").await,
                [cert.as_str(), token.as_str(), portal.as_str()]
            );
            assert_eq!(
                numbers(&boss, "/api/v1/staff/tickets?sort=sla").await,
                [token.as_str(), cert.as_str(), portal.as_str()]
            );
            assert_eq!(
                numbers(&boss, "/api/v1/staff/tickets?sort=created").await,
                [portal.as_str(), cert.as_str(), token.as_str()]
            );

            // Resolved tickets leave the open queue but stay in «all».
            let (status, _) = anna.post_empty(&format!("/api/v1/tickets/{token}/resolve")).await;
            assert_eq!(status, 200);
            assert!(!numbers(&boss, "/api/v1/staff/tickets").await.contains(&token));
            assert!(numbers(&boss, "/api/v1/staff/tickets?queue=all").await.contains(&token));
            assert!(numbers(&boss, "/api/v1/staff/tickets?queue=all&status=resolved").await == [token.as_str()]);

            // Every wrong parameter is named.
            for (query, field) in [
                ("sort=oldest", "sort"),
                ("from=25.11.2026", "from"),
                ("from=2026-11-20&to=2026-11-10", "to"),
                ("phone=12", "phone"),
                ("q=%21%21", "q"),
                ("queue=everything", "queue"),
                ("sort=sla&cursor=dXBkYXRlZDoxOjI", "cursor"),
            ] {
                let (status, err) = boss.get_json(&format!("/api/v1/staff/tickets?{query}")).await;
                assert_eq!((status, err["error"]["field"].as_str()), (422, Some(field)), "{query}: {err}");
            }
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn cursors_walk_every_order_without_gaps_or_repeats(backend) {
        on_backend(backend, |app| async move {
            let client = customer(&app, "+375 29 700-00-03").await;
            let priorities = ["low", "normal", "high", "urgent"];
            let mut filed = Vec::new();
            for n in 0..45 {
                // Several tickets share a second, so ties are decided by the id.
                if n % 3 == 0 {
                    app.advance(60);
                }
                filed.push(
                    file(&client, "other-question", priorities[n % 4], &format!("Вопрос {n}"), "Текст вопроса.").await,
                );
            }
            let boss = staff(&app, "boss", "supervisor", &[]).await;
            for sort in ["updated", "created", "priority", "sla"] {
                for (who, base) in [(&boss, "/api/v1/staff/tickets?queue=all&"), (&client, "/api/v1/tickets?")] {
                    let mut seen = Vec::new();
                    let mut path = format!("{base}sort={sort}");
                    loop {
                        let (status, page) = who.get_json(&path).await;
                        assert_eq!(status, 200, "{page}");
                        seen.extend(
                            page["items"].as_array().unwrap().iter().map(|t| t["number"].as_str().unwrap().to_string()),
                        );
                        match page["next_cursor"].as_str() {
                            Some(c) => path = format!("{base}sort={sort}&cursor={c}"),
                            None => break,
                        }
                    }
                    let mut expected = filed.clone();
                    match sort {
                        "priority" => expected.sort_by_key(|n| {
                            let i = filed.iter().position(|f| f == n).unwrap();
                            (std::cmp::Reverse(i % 4), i)
                        }),
                        // Urgent has the shortest target, so deadlines order by priority first here too.
                        "sla" => expected.sort_by_key(|n| {
                            let i = filed.iter().position(|f| f == n).unwrap();
                            let target = [120, 72, 24, 4][i % 4] * 3600 + (i / 3) as i64 * 60;
                            (target, i)
                        }),
                        _ => expected.reverse(),
                    }
                    assert_eq!(seen, expected, "{sort} via {base}");
                }
            }
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn customers_search_only_what_they_may_see(backend) {
        on_backend(backend, |app| async move {
            let anna = customer(&app, "+375 29 700-00-04").await;
            let boris = customer(&app, "+375 29 700-00-05").await;
            let mine = file(&anna, "smdo-connect", "normal", "Подключение к СМДО", "Нужен договор на подключение.").await;
            let theirs =
                file(&boris, "smdo-connect", "normal", "Подключение к СМДО", "Нужен договор на подключение.").await;
            assert_eq!(numbers(&anna, &format!("/api/v1/tickets?q={}", url("договор"))).await, [mine.as_str()]);
            assert!(numbers(&anna, &format!("/api/v1/tickets?q={theirs}")).await.is_empty());
            assert_eq!(numbers(&anna, "/api/v1/tickets?service=smdo").await, [mine.as_str()]);
            assert!(numbers(&anna, "/api/v1/tickets?service=ecp").await.is_empty());
            // Staff-only filters are ignored for customers rather than leaking anything.
            assert_eq!(numbers(&anna, &format!("/api/v1/tickets?phone={}", url("+375297000005"))).await, [mine.as_str()]);

            let page = anna.get(&format!("/tickets?q={}&sort=created", url("договор"))).await.text().await.unwrap();
            assert!(page.contains("id=\"filters\"") && page.contains("value=\"договор\""), "{page}");
            let bad = anna.get("/tickets?sort=oldest").await.text().await.unwrap();
            assert!(bad.contains("Сортировка"), "the error names the field: {bad}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 11: a number without its year («000004», «4», «2026-4») and a phone in any spelling
    /// are searches too; a single letter is told why it finds nothing.
    async fn numbers_in_part_and_phones_find_tickets(backend) {
        on_backend(backend, |app| async move {
            let anna = customer(&app, "+375 29 700-00-11").await;
            let boris = customer(&app, "+375 33 700-00-12").await;
            let first = file(&anna, "ecp-token", "normal", "Первая", "Текст.").await;
            let second = file(&boris, "ecp-token", "normal", "Вторая", "Текст.").await;
            let third = file(&anna, "ecp-token", "normal", "Третья", "Текст.").await;
            let year = &first[..4];
            let boss = staff(&app, "boss", "supervisor", &[]).await;
            for q in ["000002", "2", format!("{year}-2").as_str(), "%E2%84%96%202"] {
                assert_eq!(numbers(&boss, &format!("/api/v1/staff/tickets?queue=all&q={q}")).await, [second.as_str()], "{q}");
            }
            for q in ["%2B375%2029%20700-00-11", "80297000011", "29%20700%2000%2011"] {
                let found = numbers(&boss, &format!("/api/v1/staff/tickets?queue=all&q={q}")).await;
                assert_eq!(found, [third.as_str(), first.as_str()], "{q}");
            }
            // A customer finds their own by number, never someone else's.
            assert_eq!(numbers(&anna, "/api/v1/tickets?q=000003").await, [third.as_str()]);
            assert!(numbers(&anna, "/api/v1/tickets?q=2").await.is_empty(), "Boris's ticket stays his");
            let (status, err) = boss.get_json("/api/v1/staff/tickets?q=%D1%8F").await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("search_too_short")), "{err}");
            assert!(err["error"]["message"].as_str().unwrap().contains("двух и более букв"), "{err}");
            let page = boss.get("/staff?queue=all&q=1").await.text().await.unwrap();
            assert!(page.contains(&format!(">{first}</a>")) && !page.contains("search_too_short"), "{page}");
            app.stop().await;
        })
        .await;
    }
}
