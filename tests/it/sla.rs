//! Business calendars and service levels (issue 12).

use std::process::Command;

use serde_json::json;
use time::macros::datetime;

use crate::smtp_sink::SmtpSink;
use crate::staff::staff;
use crate::support::*;

backend_test! {
    /// `helpdesk sla due` answers from the calendars in the database: the seeded `minsk` with
    /// Belarus holidays and the 2026 transfer, and `24x7`.
    async fn the_cli_prints_due_instants_of_the_stored_calendars(backend) {
        on_backend(backend, |t| async move {
            let due = |calendar: &str, from: &str, minutes: &str| {
                let out = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
                    .args(["sla", "due", "--calendar", calendar, "--from", from, "--minutes", minutes])
                    .env("HELPDESK_DATA_DIR", t.data_dir.path())
                    .env("HELPDESK_DATABASE_URL", t.config.database_url())
                    .env("HELPDESK_LOG", "warn")
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
                (out.status.success(), text)
            };
            let (row, seeded) = t.app().calendar("minsk").await.unwrap();
            assert_eq!(seeded, helpdesk::domain::calendar::Calendar::minsk(), "the seed is what the domain calls minsk");
            assert_eq!(row.time_zone, "Europe/Minsk");
            let last = |text: &str| text.trim_end().lines().last().unwrap_or_default().to_string();
            // Friday 17 April 2026, 17:00: Monday 20 April is off by transfer, Tuesday 21 is Radunitsa.
            let (ok, out) = due("minsk", "2026-04-17T17:00:00+03:00", "120");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2026-04-22T10:00:00+03:00");
            // Friday 6 November 2026 before the 7 November holiday ends at 17:00; given in UTC.
            let (ok, out) = due("minsk", "2026-11-06T13:00:00Z", "90");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2026-11-09T09:30:00+03:00");
            let (ok, out) = due("24x7", "2026-12-31T23:30:00+03:00", "60");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2027-01-01T00:30:00+03:00");
            let (ok, out) = due("nope", "2026-04-17T17:00:00+03:00", "1");
            assert!(!ok && out.contains("no calendar nope"), "{out}");
            let (ok, out) = due("minsk", "17.04.2026 17:00", "1");
            assert!(!ok && out.contains("--from"), "{out}");
        })
        .await;
    }
}

/// The ticket's events of a kind, as (field, new value).
async fn events(t: &TestApp, number: &str, kind: &str) -> Vec<String> {
    t.strings(&format!(
        "SELECT e.new_value FROM ticket_events e JOIN tickets k ON k.id = e.ticket_id
         WHERE k.number = '{number}' AND e.field = '{kind}' ORDER BY e.id"
    ))
    .await
}

/// Every letter the sink got, as (recipients, data): in these tests only service-level ones
/// (the customer hears by SMS, and the operator assigns the ticket to themselves).
fn mails(sink: &SmtpSink) -> Vec<(Vec<String>, String)> {
    sink.mails.lock().unwrap().iter().map(|m| (m.to.clone(), m.data.clone())).collect()
}

/// Signs a customer in again (the session did not outlive the days the clock moved).
async fn customer_again(t: &TestApp, phone: &str) -> Client {
    let e164 = helpdesk::domain::Phone::parse(phone).unwrap().e164();
    let password = t.secret(&e164, "password", 1).await;
    let client = t.client();
    let (status, _) = client.post_json("/api/v1/auth/login", json!({ "login": phone, "password": password })).await;
    assert_eq!(status, 200);
    client
}

backend_test! {
    /// A normal ticket filed on Friday 6 November 2026 at 16:00, the eve of the 7 November
    /// holiday (a day that ends at 17:00): its first response is due on Monday at 12:00; the
    /// warning comes at 80 % (Monday 11:12) and the breach after 12:00, each exactly once
    /// however many sweeps run at the same time, as an event and a letter.
    async fn a_ticket_filed_before_a_holiday_warns_and_breaches_once_each(backend) {
        let sink = std::sync::Arc::new(SmtpSink::start().await);
        let port = sink.port;
        on_backend_with(backend, move |c| {
            c.smtp_host = "127.0.0.1".into();
            c.smtp_port = port;
        }, |t| {
            let sink = sink.clone();
            async move {
                t.move_to(datetime!(2026-11-06 16:00 +3));
                let operator = staff(&t, "sla-op", "operator", &["ecp"]).await;
                staff(&t, "sla-boss", "supervisor", &["ecp"]).await;
                t.exec("UPDATE users SET email = 'op@example.by' WHERE username = 'sla-op'").await;
                t.exec("UPDATE users SET email = 'boss@example.by' WHERE username = 'sla-boss'").await;
                let customer = customer(&t, "+375 29 700-00-01").await;
                let (status, created) = customer
                    .post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." }))
                    .await;
                assert_eq!(status, 201, "{created}");
                let number = created["number"].as_str().unwrap().to_string();
                let (_, shown) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
                assert_eq!(shown["first_response_due"], "2026-11-09T12:00:00+03:00", "four working hours: 16–17, then 9–12");
                let page = customer.get(&format!("/tickets/{number}")).await.text().await.unwrap();
                assert!(page.contains("Ответим до 09.11.2026 12:00"), "the customer sees the promise");
                let resolution: i64 = t.scalar(&format!("SELECT rs_target FROM ticket_sla s JOIN tickets k ON k.id = s.ticket_id WHERE k.number = '{number}'")).await;
                assert_eq!(resolution, 2700, "the «Обычные» policy: five working days");
                let (_, queue) = operator.get_json("/api/v1/staff/tickets?queue=open").await;
                let row = &queue["items"][0];
                assert_eq!(row["number"], number.as_str());
                assert_eq!(row["sla"]["due_at"], "2026-11-09T09:00:00Z", "the nearest due instant (UTC)");
                assert_eq!(row["sla"]["state"], "running");
                let (status, _) = operator.post_json(&format!("/api/v1/staff/tickets/{number}/assign"), json!({ "assignee": "sla-op" })).await;
                assert_eq!(status, 200);

                t.move_to(datetime!(2026-11-09 11:11 +3));
                assert_eq!(t.app().escalate_sla().await.unwrap().unwrap().warnings, 0, "one minute before 80 %");
                t.move_to(datetime!(2026-11-09 11:12 +3));
                let sweeps = futures_util::future::join_all((0..4).map(|_| t.app().escalate_sla())).await;
                let warnings: u64 = sweeps.into_iter().map(|s| s.unwrap().map_or(0, |d| d.warnings)).sum();
                assert_eq!(warnings, 1, "four sweeps at once warn once");
                assert_eq!(events(&t, &number, "sla_warning").await, vec!["first_response"]);
                t.move_to(datetime!(2026-11-09 12:00 +3));
                assert_eq!(t.app().escalate_sla().await.unwrap().unwrap().breaches, 0, "due is not late yet");
                t.move_to(datetime!(2026-11-09 12:01 +3));
                let sweeps = futures_util::future::join_all((0..4).map(|_| t.app().escalate_sla())).await;
                let breaches: u64 = sweeps.into_iter().map(|s| s.unwrap().map_or(0, |d| d.breaches)).sum();
                assert_eq!(breaches, 1);
                t.move_to(datetime!(2026-11-09 15:00 +3));
                let later = t.app().escalate_sla().await.unwrap().unwrap();
                assert_eq!((later.warnings, later.breaches), (0, 0), "nothing is said twice");
                assert_eq!(events(&t, &number, "sla_warning").await, vec!["first_response"]);
                assert_eq!(events(&t, &number, "sla_breach").await, vec!["first_response"]);
                t.drain_outbox().await;
                let mut to: Vec<Vec<String>> = mails(&sink).into_iter().map(|(to, _)| to).collect();
                to.sort();
                assert_eq!(to, vec![vec!["boss@example.by".to_string()], vec!["op@example.by".to_string()]],
                    "one breach to the supervisor, one warning to the assignee");
                let operator = staff_again(&t, "sla-op").await;
                let (_, breached) = operator.get_json("/api/v1/staff/tickets?queue=open&sla=breached").await;
                assert_eq!(breached["items"][0]["number"], number.as_str());
                assert_eq!(breached["items"][0]["sla"]["state"], "breached");
                assert_eq!(breached["items"][0]["sla"]["text"], "просрочено на 3\u{a0}ч");
                let (_, soon) = operator.get_json("/api/v1/staff/tickets?queue=open&sla=soon").await;
                assert_eq!(soon["items"].as_array().unwrap().len(), 0);
                let page = operator.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
                assert!(page.contains("Первый ответ") && page.contains("просрочено на 3\u{a0}ч"), "the workspace shows the clock");
                assert!(page.contains("Срок нарушен"), "the timeline shows the breach");
                let customer = customer_again(&t, "+375 29 700-00-01").await;
                let page = customer.get(&format!("/tickets/{number}")).await.text().await.unwrap();
                assert!(page.contains(&number) && !page.contains("Ответим до"), "no promise once it is late");
                t.stop().await;
            }
        })
        .await;
    }
}

/// Signs a staff account in again (its session did not outlive the days the clock moved).
async fn staff_again(t: &TestApp, login: &str) -> Client {
    let client = t.client();
    let (status, _) =
        client.post_json("/api/v1/auth/login", json!({ "login": login, "password": "staff password 1" })).await;
    assert_eq!(status, 200);
    client
}

backend_test! {
    /// Waiting for the customer pauses the clocks; their reply resumes them and asks for a next
    /// response; a higher priority applies another policy keeping the time counted.
    async fn waiting_pauses_a_reply_resumes_and_a_new_priority_keeps_the_time(backend) {
        on_backend(backend, |t| async move {
            t.move_to(datetime!(2026-11-24 09:00 +3));
            let operator = staff(&t, "sla-op2", "operator", &["ecp"]).await;
            let customer = customer(&t, "+375 29 700-00-02").await;
            let (_, created) = customer
                .post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." }))
                .await;
            let number = created["number"].as_str().unwrap().to_string();
            let clock = |column: &str| format!("SELECT {column} FROM ticket_sla s JOIN tickets k ON k.id = s.ticket_id WHERE k.number = '{number}'");
            t.move_to(datetime!(2026-11-24 09:30 +3));
            let (status, body) = operator
                .post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Пришлите скриншот.", "status_after": "waiting_customer" }))
                .await;
            assert_eq!(status, 201, "{body}");
            assert_eq!(t.scalar(&clock("fr_phase")).await, 3, "the first response is met");
            assert_eq!(t.scalar(&clock("fr_counted")).await, 30 * 60);
            assert_eq!(t.scalar(&clock("rs_phase")).await, 2, "the resolution waits");
            let (_, queue) = operator.get_json("/api/v1/staff/tickets?queue=waiting").await;
            assert_eq!(queue["items"][0]["sla"]["state"], "paused");
            assert_eq!(queue["items"][0]["sla"]["text"], "пауза, осталось 44\u{a0}ч", "45 working hours less half an hour");
            // Two days of waiting count nothing.
            t.move_to(datetime!(2026-11-26 11:00 +3));
            let customer = customer_again(&t, "+375 29 700-00-02").await;
            let (status, _) = customer.post_json(&format!("/api/v1/tickets/{number}/messages"), json!({ "body": "Вот скриншот." })).await;
            assert_eq!(status, 201);
            assert_eq!(t.scalar(&clock("rs_phase")).await, 1, "the resolution runs again");
            assert_eq!(t.scalar(&clock("rs_counted")).await, 30 * 60);
            assert_eq!((t.scalar(&clock("nr_phase")).await, t.scalar(&clock("nr_cycle")).await), (1, 1), "a next response is owed");
            let due: i64 = t.scalar(&format!("SELECT sla_due_at FROM tickets WHERE number = '{number}'")).await;
            assert_eq!(due, datetime!(2026-11-27 10:00 +3).unix_timestamp(), "the next response: 8 working hours, 7 on Thursday");
            // Urgent: 4 working hours to resolve, the half hour counted stays.
            t.move_to(datetime!(2026-11-26 12:00 +3));
            let operator = staff_again(&t, "sla-op2").await;
            let (status, _) = operator.post_json(&format!("/api/v1/staff/tickets/{number}/classify"), json!({ "priority": "urgent" })).await;
            assert_eq!(status, 200);
            assert_eq!((t.scalar(&clock("rs_target")).await, t.scalar(&clock("nr_target")).await), (240, 60));
            assert_eq!(t.scalar(&clock("rs_counted")).await, 30 * 60, "counted before the wait, still running since the reply");
            let due: i64 = t.scalar(&format!("SELECT sla_due_at FROM tickets WHERE number = '{number}'")).await;
            assert_eq!(due, datetime!(2026-11-26 12:00 +3).unix_timestamp(), "urgent next response: one working hour from the reply");
            let (_, shown) = operator.get_json("/api/v1/staff/tickets?queue=open&sla=soon").await;
            assert_eq!(shown["items"][0]["sla"]["state"], "warning", "at its due instant, past 75 %");
            let page = operator.get(&format!("/staff/tickets/{number}")).await.text().await.unwrap();
            assert!(page.contains("до 26.11.2026 14:30"), "the resolution: 3 h 30 min left of urgent's four");
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Open tickets filed before clocks existed get them at start-up, without announcing what
    /// they would have owed before.
    async fn tickets_from_before_get_their_clocks_once(backend) {
        on_backend(backend, |t| async move {
            let (user, service) = add_a_customer(&t.app().db).await;
            let db = &t.app().db;
            let filed = t.clock_now().unix_timestamp() - 30 * 86_400;
            let ticket = helpdesk::store::tickets::NewTicket {
                year: 2026,
                requester_id: user,
                organization_id: None,
                service_id: service,
                group_id: None,
                subject: "Старая".into(),
                body: "Подана до сроков.".into(),
                priority: helpdesk::domain::ticket::Priority::Normal,
                sla: None,
                channel: helpdesk::domain::ticket::Channel::Web,
                contact_phone: None,
                attachments: vec![],
                linked_ticket_id: None,
                now: filed,
            };
            let notice: &helpdesk::store::tickets::Notice = &|_| None;
            db.create_ticket(&ticket, notice).await.unwrap();
            assert_eq!(t.scalar("SELECT COUNT(*) FROM ticket_sla").await, 0);
            assert_eq!(t.app().start_missing_sla_clocks().await.unwrap(), 1);
            assert_eq!(t.app().start_missing_sla_clocks().await.unwrap(), 0, "once");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM ticket_sla WHERE fr_level = 2").await, 1, "its old breach is not announced");
            let swept = t.app().escalate_sla().await.unwrap().unwrap();
            assert_eq!((swept.warnings, swept.breaches), (0, 0));
            t.stop().await;
        })
        .await;
    }
}
