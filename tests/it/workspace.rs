//! The operator's ticket workspace (issue 11): one «Сохранить», the reply's status choice,
//! the requester's history, drafts kept on the server, who else has the ticket open, and a
//! reply held back when someone else answered meanwhile.

use serde_json::json;

use crate::staff::{customer_with_ticket, staff};
use crate::support::{csrf_of, on_backend};

fn attr<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {page}"));
    &page[start..start + page[start..].find("</select>").unwrap_or(page.len() - start)]
}

backend_test! {
    async fn one_save_sets_every_attribute_and_the_timeline_names_people(backend) {
        on_backend(backend, |app| async move {
            let (_customer, number) = customer_with_ticket(&app, "+375 29 610-00-01", "ecp-token").await;
            let ecp = staff(&app, "ecp11", "operator", &["ecp"]).await;
            let _colleague = staff(&app, "ecp12", "operator", &["ecp"]).await;
            let _outsider = staff(&app, "smdo11", "operator", &["smdo"]).await;
            let db = &app.app().db;
            let id = |login: &'static str| async move { db.user_by_username(login).await.unwrap().unwrap().id.to_string() };
            let path = format!("/staff/tickets/{number}");
            let page = ecp.get(&path).await.text().await.unwrap();
            let assignees = attr(&page, "attr-assignee");
            assert!(assignees.contains("ecp11 Сотрудник") && assignees.contains("ecp12 Сотрудник"), "{assignees}");
            assert!(!assignees.contains("smdo11"), "only who may see the ticket: {assignees}");
            assert!(!page.contains("id=\"new-status\"") && page.matches("id=\"save-ticket\"").count() == 1, "one form");

            let colleague = id("ecp12").await;
            let fields = [("status", "on_hold"), ("priority", "high"), ("group", "ecp"), ("service", "ecp-token"), ("assignee", colleague.as_str())];
            let (status, location, _) = ecp.submit(&path, &format!("{path}/save"), &fields).await;
            assert_eq!((status, location.as_str()), (303, format!("{path}?done=ticket-saved").as_str()));
            let page = ecp.get(&location).await.text().await.unwrap();
            assert!(page.contains("Изменения сохранены."));
            for event in ["Приоритет: Обычный → Высокий", "Исполнитель: — → ecp12 Сотрудник", "Статус: Новая → Ожидает ответа третьей стороны"] {
                assert!(page.contains(event), "{event}: {page}");
            }
            assert!(attr(&page, "attr-assignee").contains(&format!("value=\"{colleague}\" selected")));
            let (_, detail) = ecp.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!((detail["status"].as_str(), detail["priority"].as_str()), (Some("on_hold"), Some("high")));

            // Someone outside the group is refused with the field named, and nothing half-done:
            // the priority asked for in the same form is not saved either.
            let outsider = id("smdo11").await;
            let (status, _, page) = ecp
                .submit(&path, &format!("{path}/save"), &[("priority", "urgent"), ("assignee", outsider.as_str())])
                .await;
            assert_eq!(status, 422);
            assert!(page.contains("«Исполнитель»: сотрудник не входит в группу этой заявки."), "{page}");
            let (status, _, page) = ecp.submit(&path, &format!("{path}/save"), &[("assignee", "12x")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("«Исполнитель»: такого сотрудника нет."));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn a_reply_waits_for_the_customer_unless_the_operator_chooses(backend) {
        on_backend(backend, |app| async move {
            let (customer, number) = customer_with_ticket(&app, "+375 29 610-00-02", "ecp-token").await;
            let ecp = staff(&app, "ecp21", "operator", &["ecp"]).await;
            let path = format!("/staff/tickets/{number}");
            let page = ecp.get(&path).await.text().await.unwrap();
            assert!(page.contains("name=\"status_after\" value=\"waiting_customer\" id=\"after-waiting_customer\" checked"), "the default: {page}");
            let status_of = || async { customer.get_json(&format!("/api/v1/tickets/{number}")).await.1["status"].clone() };

            let (status, _, _) = ecp.submit(&path, &format!("{path}/reply"), &[("body", "Вставьте токен в другой порт."), ("kind", "reply"), ("status_after", "waiting_customer")]).await;
            assert_eq!(status, 303);
            assert_eq!(status_of().await, "waiting_customer");
            assert!(ecp.get(&path).await.text().await.unwrap().contains("Статус: Новая → Ожидает ответа клиента"));

            let (status, _, page) = ecp.submit(&path, &format!("{path}/reply"), &[("body", "Ещё вопрос"), ("kind", "reply"), ("status_after", "closed")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("«После отправки»") && page.contains("Ещё вопрос"), "named, and the text kept: {page}");

            let (status, _, _) = ecp.submit(&path, &format!("{path}/reply"), &[("body", "Драйвер обновлён, всё работает."), ("kind", "reply"), ("status_after", "resolved")]).await;
            assert_eq!(status, 303);
            assert_eq!(status_of().await, "resolved");
            let sms = app.sms("+375296100002", "ticket_update", 3).await;
            assert!(sms.contains("решена"), "a resolving reply says so: {sms}");
            // The customer sees the way their ticket went, in their words, with times.
            let page = customer.get(&format!("/tickets/{number}")).await.text().await.unwrap();
            let steps = &page[page.find("id=\"status-steps\"").expect("the status line")..];
            let steps = &steps[..steps.find("</ol>").unwrap()];
            let order: Vec<usize> = ["Принята", "Ожидает вашего ответа", "Решена"].iter().map(|w| steps.find(w).unwrap_or_else(|| panic!("{w}: {steps}"))).collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "oldest first: {steps}");
            // A note never moves the status, whatever is chosen.
            let (status, _, _) = ecp.submit(&path, &format!("{path}/reply"), &[("body", "для себя"), ("kind", "note"), ("status_after", "in_progress")]).await;
            assert_eq!(status, 303);
            assert_eq!(status_of().await, "resolved");
            // The document's pattern holds for everyone; a customer cannot probe staff logins.
            let (status, err) = customer.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "а", "status_after": "¶" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("status_after")));
            let (status, _) = customer.post_json(&format!("/api/v1/staff/tickets/{number}/assign"), json!({ "assignee": "nobody" })).await;
            assert_eq!(status, 403, "forbidden before any lookup");
            // The API has the same rule and the same default.
            let (status, err) = ecp.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "а", "status_after": "on_hold" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("status_after")));
            let (status, _) = ecp.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Возвращаюсь к заявке", "status_after": "in_progress" })).await;
            assert_eq!(status, 201);
            assert_eq!(status_of().await, "in_progress");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_requester_card_lists_earlier_tickets(backend) {
        on_backend(backend, |app| async move {
            let (customer, first) = customer_with_ticket(&app, "+375 29 610-00-03", "ecp-token").await;
            let (_, created) = customer
                .post_json("/api/v1/tickets", json!({ "service": "ecp-issue", "subject": "Продление сертификата", "body": "Как продлить?" }))
                .await;
            let second = created["number"].as_str().unwrap().to_string();
            let (_, created) = customer
                .post_json("/api/v1/tickets", json!({ "service": "smdo-documents", "subject": "СМДО не отправляет", "body": "Ошибка 500" }))
                .await;
            let elsewhere = created["number"].as_str().unwrap().to_string();
            let ecp = staff(&app, "ecp31", "operator", &["ecp"]).await;
            let page = ecp.get(&format!("/staff/tickets/{second}")).await.text().await.unwrap();
            let history = &page[page.find("id=\"history\"").expect("the history list")..];
            let history = &history[..history.find("</ul>").unwrap()];
            assert!(history.contains(&format!("href=\"/staff/tickets/{first}\"")) && history.contains("Токен не виден"), "{history}");
            assert!(!history.contains(&second), "not the ticket itself");
            assert!(!history.contains(&elsewhere), "only tickets this operator may open");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn a_draft_waits_on_the_server_until_it_is_sent_or_discarded(backend) {
        on_backend(backend, |app| async move {
            let (_customer, number) = customer_with_ticket(&app, "+375 29 610-00-04", "ecp-token").await;
            let ecp = staff(&app, "ecp41", "operator", &["ecp"]).await;
            let path = format!("/staff/tickets/{number}");
            let page = ecp.get(&path).await.text().await.unwrap();
            let token = csrf_of(&page);
            let (status, _, _) = ecp.post_form(&format!("{path}/draft"), &[("csrf", &token), ("body", "Здравствуйте! Проверьте, пожалуйста,")]).await;
            assert_eq!(status, 204);
            // Another device: a new sign-in of the same person.
            let laptop = app.client();
            laptop.post_json("/api/v1/auth/login", json!({ "login": "ecp41", "password": "staff password 1" })).await;
            let page = laptop.get(&path).await.text().await.unwrap();
            assert!(page.contains(">Здравствуйте! Проверьте, пожалуйста,</textarea>"), "restored: {page}");
            assert!(page.contains("id=\"discard-draft\""));
            // Someone else's draft is theirs alone.
            let colleague = staff(&app, "ecp42", "operator", &["ecp"]).await;
            assert!(!colleague.get(&path).await.text().await.unwrap().contains("Проверьте, пожалуйста"));

            let (status, location, _) = laptop.submit(&path, &format!("{path}/reply"), &[("body", "Здравствуйте! Проверьте драйвер."), ("kind", "reply")]).await;
            assert_eq!(status, 303, "{location}");
            let page = ecp.get(&path).await.text().await.unwrap();
            assert!(page.contains("></textarea>") && !page.contains("id=\"discard-draft\""), "sending cleared it");

            // Without JavaScript: «Сохранить черновик», then «Удалить черновик».
            let (status, location, _) = ecp.submit(&path, &format!("{path}/reply"), &[("body", "Черновик без скриптов"), ("kind", "draft")]).await;
            assert_eq!((status, location.as_str()), (303, format!("{path}?done=draft-saved").as_str()));
            assert!(ecp.get(&path).await.text().await.unwrap().contains(">Черновик без скриптов</textarea>"));
            let (status, _, _) = ecp.submit(&path, &format!("{path}/reply"), &[("body", ""), ("kind", "discard")]).await;
            assert_eq!(status, 303);
            assert!(ecp.get(&path).await.text().await.unwrap().contains("></textarea>"));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn two_operators_on_one_ticket_see_each_other_and_a_late_reply_is_held_back(backend) {
        on_backend(backend, |app| async move {
            let (_customer, number) = customer_with_ticket(&app, "+375 29 610-00-05", "ecp-token").await;
            let anna = staff(&app, "ecp51", "operator", &["ecp"]).await;
            let boris = staff(&app, "ecp52", "operator", &["ecp"]).await;
            let path = format!("/staff/tickets/{number}");
            let anna_page = anna.get(&path).await.text().await.unwrap();
            let boris_page = boris.get(&path).await.text().await.unwrap();
            assert!(boris_page.contains("ecp51 Сотрудник смотрит эту заявку"), "{boris_page}");
            let token = csrf_of(&anna_page);
            let (status, _, answer) = anna.post_form(&format!("{path}/presence"), &[("csrf", &token), ("writing", "true")]).await;
            assert_eq!(status, 200);
            assert_eq!(serde_json::from_str::<serde_json::Value>(&answer).unwrap()["lines"], json!(["ecp52 Сотрудник смотрит эту заявку"]));
            let token_b = csrf_of(&boris_page);
            let (_, _, answer) = boris.post_form(&format!("{path}/presence"), &[("csrf", &token_b), ("writing", "false")]).await;
            assert_eq!(serde_json::from_str::<serde_json::Value>(&answer).unwrap()["lines"], json!(["ecp51 Сотрудник пишет ответ"]));

            // Boris answers first; Anna's reply, written on the older page, is held back.
            let (status, _, _) = boris.submit(&path, &format!("{path}/reply"), &[("body", "Ответ Бориса"), ("kind", "reply")]).await;
            assert_eq!(status, 303);
            let seen = anna_page.split("name=\"seen\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let reply = [("csrf", token.as_str()), ("seen", seen.as_str()), ("body", "Ответ Анны"), ("kind", "reply")];
            let (status, _, page) = anna.post_form(&format!("{path}/reply"), &reply).await;
            assert_eq!(status, 409);
            assert!(page.contains("клиенту ответил(а): ecp52 Сотрудник") && page.contains(">Ответ Анны</textarea>"), "{page}");
            assert!(page.contains("Ответ Бориса"), "the answer is on the page");
            // Sent again from that page (which has seen Boris's answer), it goes.
            let seen = page.split("name=\"seen\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let reply = [("csrf", token.as_str()), ("seen", seen.as_str()), ("body", "Ответ Анны"), ("kind", "reply")];
            assert_eq!(anna.post_form(&format!("{path}/reply"), &reply).await.0, 303);
            // A note is no answer to the customer: it is never held back.
            let note = [("csrf", token.as_str()), ("seen", "0"), ("body", "заметка"), ("kind", "note")];
            assert_eq!(anna.post_form(&format!("{path}/reply"), &note).await.0, 303);

            // Leaving the page ends the presence at once; silence ends it after the window.
            assert_eq!(anna.post_form(&format!("{path}/leave"), &[("csrf", &token)]).await.0, 204);
            let (_, _, answer) = boris.post_form(&format!("{path}/presence"), &[("csrf", &token_b)]).await;
            assert_eq!(serde_json::from_str::<serde_json::Value>(&answer).unwrap()["lines"], json!([]));
            boris.get(&path).await;
            app.advance(36);
            let (_, _, answer) = anna.post_form(&format!("{path}/presence"), &[("csrf", &token)]).await;
            assert_eq!(serde_json::from_str::<serde_json::Value>(&answer).unwrap()["lines"], json!([]), "Boris went silent");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn a_bulk_change_changes_each_ticket_on_its_own_and_lists_the_refused(backend) {
        on_backend(backend, |app| async move {
            let (customer, first) = customer_with_ticket(&app, "+375 29 610-00-06", "ecp-token").await;
            let filed = |service: &'static str| {
                let customer = &customer;
                async move {
                    let body = json!({ "service": service, "subject": "Ещё одна", "body": "Подробности" });
                    customer.post_json("/api/v1/tickets", body).await.1["number"].as_str().unwrap().to_string()
                }
            };
            let second = filed("ecp-issue").await;
            let smdo = filed("smdo-documents").await;
            let _ecp = staff(&app, "ecp61", "operator", &["ecp"]).await;
            let boss = staff(&app, "boss6", "supervisor", &[]).await;
            let ecp_id = app.app().db.user_by_username("ecp61").await.unwrap().unwrap().id.to_string();
            let queue = boss.get("/staff?queue=all").await.text().await.unwrap();
            assert!(queue.contains(&format!("name=\"ticket\" value=\"{first}\"")), "a box a row: {queue}");
            let token = csrf_of(&queue);
            let form = |tickets: &[&str], assignee: &str, priority: &str| {
                let mut f: Vec<(String, String)> = vec![("csrf".into(), token.clone())];
                f.extend(tickets.iter().map(|t| ("ticket".to_string(), t.to_string())));
                f.push(("assignee".into(), assignee.into()));
                f.push(("priority".into(), priority.into()));
                f.push(("status".into(), String::new()));
                f.push(("group".into(), String::new()));
                f
            };
            let post = |f: Vec<(String, String)>| {
                let boss = &boss;
                async move {
                    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    boss.post_form("/staff/bulk?back=%2Fstaff%3Fqueue%3Dall", &pairs).await
                }
            };
            let (status, _, page) = post(form(&[&first, &second, &smdo], &ecp_id, "high")).await;
            assert_eq!(status, 200, "{page}");
            let section = |id: &str| page.split(&format!("id=\"{id}\"")).nth(1).map(|s| s.split("</ul>").next().unwrap().to_string()).unwrap_or_default();
            assert!(section("bulk-changed").contains(&first) && section("bulk-changed").contains(&second), "{page}");
            assert!(page.contains("Изменены 2 заявки"), "Russian plural: {page}");
            let refused = section("bulk-refused");
            assert!(refused.contains(&smdo) && refused.contains("сотрудник не входит в группу этой заявки"), "listed with why: {refused}");
            assert!(page.contains("href=\"/staff?queue=all\""), "back to the queue it came from");
            // Each ticket has its own events; the refused one changed in nothing, not even the priority.
            let (_, detail) = boss.get_json(&format!("/api/v1/tickets/{smdo}")).await;
            assert_eq!(detail["priority"], "normal");
            let timeline = boss.get(&format!("/staff/tickets/{second}")).await.text().await.unwrap();
            assert!(timeline.contains("Исполнитель: — → ecp61 Сотрудник") && timeline.contains("Приоритет: Обычный → Высокий"));

            let (_, _, page) = post(form(&[&first], &ecp_id, "high")).await;
            assert!(page.contains("id=\"bulk-unchanged\"") && !page.contains("id=\"bulk-changed\""), "already so: {page}");
            let (status, _, page) = post(form(&[], "", "")).await;
            assert_eq!(status, 422);
            assert!(page.contains("Отметьте хотя бы одну заявку."), "{page}");
            let (status, _, page) = post(form(&[&first, "2026-<b>"], "none", "")).await;
            assert_eq!(status, 200);
            assert!(page.contains("2026-&#60;b&#62;") && page.contains(&first), "an odd number is listed, escaped: {page}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn a_duplicate_merges_into_the_customers_other_ticket(backend) {
        on_backend(backend, |app| async move {
            let (customer, kept) = customer_with_ticket(&app, "+375 29 610-00-07", "ecp-token").await;
            let (_, created) = customer
                .post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен снова", "body": "Повторяю: носитель не виден." }))
                .await;
            let duplicate = created["number"].as_str().unwrap().to_string();
            let (stranger, strangers) = customer_with_ticket(&app, "+375 29 610-00-08", "ecp-token").await;
            let ecp = staff(&app, "ecp71", "operator", &["ecp"]).await;
            let path = format!("/staff/tickets/{duplicate}");
            for (into, why) in [
                ("abc", "номер заявки вида 2026-000123"),
                (duplicate.as_str(), "это та же самая заявка"),
                (strangers.as_str(), "объединять можно только заявки одного клиента"),
                ("2026-999999", "такой заявки нет"),
            ] {
                let (status, _, page) = ecp.submit(&path, &format!("{path}/merge"), &[("merge_into", into)]).await;
                assert_eq!(status, 422, "{into}");
                assert!(page.contains(&format!("«Объединить с заявкой №»: {why}")), "{into}: {page}");
            }
            let (status, location, _) = ecp.submit(&path, &format!("{path}/merge"), &[("merge_into", kept.as_str())]).await;
            assert_eq!((status, location.as_str()), (303, format!("/staff/tickets/{kept}?done=tickets-merged").as_str()));

            let (_, detail) = customer.get_json(&format!("/api/v1/tickets/{kept}")).await;
            let bodies: Vec<&str> = detail["messages"].as_array().unwrap().iter().map(|m| m["body"].as_str().unwrap()).collect();
            assert_eq!(bodies, ["Avest CSP не видит носитель.", "Повторяю: носитель не виден."], "the messages moved, in order");
            let (_, gone) = customer.get_json(&format!("/api/v1/tickets/{duplicate}")).await;
            assert_eq!(gone["status"], "closed");
            assert!(gone["messages"].as_array().unwrap().is_empty());
            let page = customer.get(&format!("/tickets/{duplicate}")).await.text().await.unwrap();
            assert!(page.contains(&format!("id=\"merged-into\">Объединена с заявкой <a href=\"/tickets/{kept}\"")), "{page}");
            let staff_page = ecp.get(&location).await.text().await.unwrap();
            assert!(staff_page.contains("Заявки объединены.") && staff_page.contains(&format!("Присоединена заявка: — → {duplicate}")));
            let sms = app.sms("+375296100007", "ticket_update", 3).await;
            assert!(sms.contains("объединены") && sms.contains(&kept) && sms.contains(&duplicate), "{sms}");
            // Once: a second merge of the closed duplicate is refused and tells nobody anything.
            let (status, _, _) = ecp.submit(&path, &format!("{path}/merge"), &[("merge_into", kept.as_str())]).await;
            assert_eq!(status, 422);
            let told = app.sms_lines().into_iter().filter(|l| l["to"] == "+375296100007" && l["text"].as_str().unwrap().contains("объединены")).count();
            assert_eq!(told, 1);
            let _ = stranger;
            app.stop().await;
        })
        .await;
    }
}
