//! Reports (issue 12): what tickets went through over HTTP shows in the figures, the same before
//! and after the folder has put it into the cells; filters, files, roles and field errors.

use serde_json::{json, Value};
use time::macros::datetime;

use crate::staff::staff;
use crate::support::*;

/// The report's counts that do not depend on the bucket arithmetic, as one value to compare.
fn counts(r: &Value) -> Value {
    let lines = |key: &str| -> Vec<(String, i64, i64)> {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["code"].as_str().unwrap().to_string(),
                    b["created"].as_i64().unwrap(),
                    b["resolved"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    json!({
        "created": r["created"], "resolved": r["resolved"], "open_now": r["open_now"],
        "first_responses": r["first_response"]["count"], "resolutions": r["resolution"]["count"],
        "ratings": r["satisfaction"]["distribution"],
        "services": lines("services"), "groups": lines("groups"),
        "organizations": r["organizations"],
        "staff": r["staff"],
    })
}

async fn file(customer: &Client, service: &str, organization: Option<&str>) -> String {
    let mut body = json!({ "service": service, "subject": "Отчёт", "body": "Проверка отчёта." });
    if let Some(unp) = organization {
        body["organization_unp"] = json!(unp);
    }
    let (status, created) = customer.post_json("/api/v1/tickets", body).await;
    assert_eq!(status, 201, "{created}");
    created["number"].as_str().unwrap().to_string()
}

backend_test! {
    /// Three tickets of a Monday: one answered in half an hour, resolved in an hour and rated 5;
    /// one answered in two hours; one left. The report counts them, by service, group,
    /// organisation and staff member; a reclassification and a reopening change it; the folder
    /// changes nothing a reader sees.
    async fn the_report_follows_the_tickets_and_folding_changes_nothing(backend) {
        on_backend_with(backend, long_sessions, |t| async move {
            t.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            t.move_to(datetime!(2026-11-23 09:00 +3));
            let boss = staff(&t, "rep-boss", "supervisor", &["ecp"]).await;
            let operator = staff(&t, "rep-op", "operator", &["ecp", "epeu"]).await;
            let anna = customer(&t, "+375 29 710-00-01").await;
            let anna_id = t.app().db.user_by_phone("+375297100001").await.unwrap().unwrap().id;
            let org_id = t.app().db.organization_by_unp("100582333").await.unwrap().unwrap().id;
            t.exec(&format!("INSERT INTO representations (user_id, organization_id, status, role, requested_at) VALUES ({anna_id}, {org_id}, 'confirmed', 'member', 0)")).await;

            let token = file(&anna, "ecp-token", Some("100582333")).await;
            let issue = file(&anna, "ecp-issue", None).await;
            let login = file(&anna, "epeu-login", None).await;
            let (status, _) = operator.post_json(&format!("/api/v1/staff/tickets/{token}/assign"), json!({ "assignee": "rep-op" })).await;
            assert_eq!(status, 200);
            t.move_to(datetime!(2026-11-23 09:30 +3));
            let (status, _) = operator.post_json(&format!("/api/v1/tickets/{token}/messages"), json!({ "body": "Переустановите драйвер." })).await;
            assert_eq!(status, 201);
            t.move_to(datetime!(2026-11-23 10:00 +3));
            let (status, body) = operator.post_json(&format!("/api/v1/staff/tickets/{token}/status"), json!({ "status": "resolved" })).await;
            assert_eq!(status, 200, "{body}");
            let (status, body) = anna.post_json(&format!("/api/v1/tickets/{token}/rating"), json!({ "rating": 5 })).await;
            assert_eq!(status, 200, "{body}");
            t.move_to(datetime!(2026-11-23 11:00 +3));
            let (status, _) = operator.post_json(&format!("/api/v1/tickets/{issue}/messages"), json!({ "body": "Нужна доверенность." })).await;
            assert_eq!(status, 201);

            let day = "/api/v1/staff/reports?since=2026-11-23&until=2026-11-23";
            let (status, pending) = boss.get_json(day).await;
            assert_eq!(status, 200, "{pending}");
            assert_eq!((pending["since"].as_str(), pending["granularity"].as_str()), (Some("2026-11-23"), Some("day")));
            assert_eq!(counts(&pending), json!({
                "created": 3, "resolved": 1, "open_now": 2, "first_responses": 2, "resolutions": 1,
                "ratings": [0, 0, 0, 0, 1],
                "services": [["ecp-token", 1, 1], ["epeu-login", 1, 0], ["ecp-issue", 1, 0]],
                "groups": [["ecp", 2, 1], ["epeu", 1, 0]],
                "organizations": [{ "unp": "100582333", "name": pending["organizations"][0]["name"], "created": 1 }],
                "staff": [{ "login": "rep-op", "name": "Сотрудник rep-op", "assigned": 1, "replied": 2, "resolved": 1 }],
            }));
            let median = pending["first_response"]["median"]["seconds"].as_i64().unwrap();
            assert!((30 * 60..=180 * 60).contains(&median), "between half an hour and two hours, to the bucket: {median}");
            let resolution = pending["resolution"]["median"]["seconds"].as_i64().unwrap();
            assert!((30 * 60..=45 * 60).contains(&resolution), "half an hour: the clock paused while the answer waited for the customer: {resolution}");
            assert_eq!(pending["satisfaction"]["average"], 5.0);
            assert_eq!(pending["backlog"][0], json!({ "age": "under_day", "open": 2 }));
            assert!(t.app().db.report_backlog().await.unwrap() > 0, "the folder has not run yet");

            let folded = t.app().fold_reports().await.unwrap();
            assert!(folded.is_some_and(|n| n >= 3), "{folded:?}");
            assert_eq!(t.app().db.report_backlog().await.unwrap(), 0);
            let (_, after) = boss.get_json(day).await;
            assert_eq!(after, pending, "the cells say what the pending tickets said");

            // Moved to another service and group; reopened by the customer's reply.
            let (status, body) = operator.post_json(&format!("/api/v1/staff/tickets/{login}/classify"), json!({ "service": "ecp-revoke", "group": "ecp" })).await;
            assert_eq!(status, 200, "{body}");
            t.move_to(datetime!(2026-11-23 12:00 +3));
            let (status, _) = anna.post_json(&format!("/api/v1/tickets/{token}/messages"), json!({ "body": "Снова не работает." })).await;
            assert_eq!(status, 201);
            let (_, changed) = boss.get_json(day).await;
            assert_eq!(counts(&changed)["services"], json!([["ecp-issue", 1, 0], ["ecp-token", 1, 0], ["ecp-revoke", 1, 0]]), "by name: Выпуск, Носители, Отзыв");
            assert_eq!(counts(&changed)["groups"], json!([["ecp", 3, 0]]));
            assert_eq!((changed["resolved"].as_i64(), changed["open_now"].as_i64()), (Some(0), Some(3)), "a reopened ticket is not resolved");
            assert_eq!(changed["satisfaction"]["rated"], 0, "nor is its rating counted");
            t.app().fold_reports().await.unwrap();
            let (_, refolded) = boss.get_json(day).await;
            assert_eq!(refolded, changed);

            // Filters: a section includes its sub-services; a group; an organisation (from its
            // own tickets); a longer period by day.
            let (_, ecp) = boss.get_json(&format!("{day}&service=ecp")).await;
            assert_eq!(ecp["created"], 3);
            let (_, token_only) = boss.get_json(&format!("{day}&service=ecp-token")).await;
            assert_eq!((token_only["created"].as_i64(), token_only["open_now"].as_i64()), (Some(1), Some(1)));
            let (_, epeu) = boss.get_json(&format!("{day}&group=epeu")).await;
            assert_eq!((epeu["created"].as_i64(), epeu["staff"].as_array().map(Vec::len)), (Some(0), Some(0)));
            let (_, organization) = boss.get_json(&format!("{day}&organization=100582333")).await;
            assert_eq!((organization["created"].as_i64(), organization["open_now"].as_i64()), (Some(1), Some(1)));
            assert_eq!(organization["organization"], "100582333");
            assert_eq!(organization["staff"][0]["replied"], 1, "the organisation's ticket got one reply");
            t.move_to(datetime!(2026-11-24 10:00 +3));
            file(&anna, "ecp-token", None).await;
            let (status, week) = boss.get_json("/api/v1/staff/reports?since=2026-11-20&until=2026-11-24").await;
            assert_eq!(status, 200, "{week}");
            let series: Vec<(String, i64)> = week["series"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (s["start"].as_str().unwrap().to_string(), s["created"].as_i64().unwrap()))
                .collect();
            assert_eq!(series, [
                ("2026-11-20".to_string(), 0), ("2026-11-21".to_string(), 0), ("2026-11-22".to_string(), 0),
                ("2026-11-23".to_string(), 3), ("2026-11-24".to_string(), 1),
            ]);
            let (_, by_month) = boss.get_json("/api/v1/staff/reports?since=2026-10-01&until=2026-11-30&granularity=month").await;
            let months: Vec<i64> = by_month["series"].as_array().unwrap().iter().map(|s| s["created"].as_i64().unwrap()).collect();
            assert_eq!(months, [0, 4]);

            // November ends. A day on, nobody counts into it any more and its staff counts are
            // kept: what the reports say of it does not change, nor does what they say of December.
            let november = "/api/v1/staff/reports?since=2026-11-01&until=2026-11-30";
            let across = "/api/v1/staff/reports?since=2026-11-15&until=2026-12-02";
            let staff_of = |report: &serde_json::Value| report["staff"].clone();
            t.move_to(datetime!(2026-12-01 09:00 +3));
            let boss = staff(&t, "rep-boss-dec", "supervisor", &[]).await;
            let operator = staff(&t, "rep-op-dec", "operator", &["ecp"]).await;
            let (_, open_november) = boss.get_json(november).await;
            assert_eq!(open_november["staff"][0]["replied"], 2, "{open_november}");
            let (status, _) = operator.post_json(&format!("/api/v1/tickets/{issue}/messages"), json!({ "body": "Доверенность получена?" })).await;
            assert_eq!(status, 201);
            t.move_to(datetime!(2026-12-02 09:00 +3));
            let boss = staff(&t, "rep-boss-dec2", "supervisor", &[]).await;
            for _ in 0..2 {
                let (_, settled) = boss.get_json(november).await;
                assert_eq!(staff_of(&settled), staff_of(&open_november), "from the table, then kept");
                let (_, ecp) = boss.get_json(&format!("{november}&group=ecp")).await;
                assert_eq!(staff_of(&ecp), staff_of(&open_november), "all of it was in the ЭЦП group");
                let (_, epeu) = boss.get_json(&format!("{november}&service=epeu")).await;
                assert_eq!(epeu["staff"], json!([]), "no staff action on ЕПЭУ tickets");
                let (_, both) = boss.get_json(across).await;
                let replied: Vec<(String, i64)> = both["staff"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| (s["login"].as_str().unwrap().to_string(), s["replied"].as_i64().unwrap()))
                    .collect();
                assert_eq!(replied, [("rep-op".to_string(), 2), ("rep-op-dec".to_string(), 1)], "{both}");
            }
            t.stop().await;
        })
        .await;
    }
}

/// Sessions that outlive the day the test's clock goes through.
fn long_sessions(c: &mut helpdesk::config::Config) {
    c.session_idle_minutes = 48 * 60;
    c.session_absolute_hours = 48;
}

backend_test! {
    /// Supervisors and administrators only; every bad parameter a field error in the reader's
    /// language; the page shows the same report, and the files download.
    async fn the_report_page_files_roles_and_errors(backend) {
        on_backend(backend, |t| async move {
            t.move_to(datetime!(2026-11-23 09:00 +3));
            let admin = staff(&t, "rep-root", "administrator", &[]).await;
            let operator = staff(&t, "rep-op2", "operator", &["ecp"]).await;
            let anna = customer(&t, "+375 29 710-00-02").await;
            file(&anna, "ecp-token", None).await;
            file(&anna, "epeu-login", None).await;

            assert_eq!(t.client().get_json("/api/v1/staff/reports").await.0, 401);
            let (status, body) = operator.get_json("/api/v1/staff/reports").await;
            assert_eq!((status, body["error"]["code"].as_str()), (403, Some("forbidden")), "{body}");
            assert_eq!(operator.get("/staff/reports").await.status(), 403);

            let (status, whole) = admin.get_json("/api/v1/staff/reports").await;
            assert_eq!(status, 200, "{whole}");
            assert_eq!((whole["since"].as_str(), whole["until"].as_str()), (Some("2026-10-25"), Some("2026-11-23")), "the last 30 days");
            assert_eq!(whole["created"], 2);

            let field = |body: &Value| (body["error"]["fields"][0]["field"].as_str().unwrap_or_default().to_string(), body["error"]["fields"][0]["message"].as_str().unwrap_or_default().to_string());
            for (query, expected_field, words) in [
                ("since=2026-13-01", "since", "ГГГГ-ММ-ДД"),
                ("since=2026-11-10&until=2026-11-01", "until", "не раньше"),
                ("since=2020-01-01&until=2026-11-23", "since", "5 лет"),
                ("group=nope", "group", "группы нет"),
                ("service=nope", "service", "услугу"),
                ("organization=123", "organization", "9 знаков"),
                ("organization=190542056", "organization", "реестре нет"),
                ("granularity=hour", "granularity", "по неделям"),
                ("since=2022-01-01&until=2026-11-23&granularity=day", "granularity", "шаг"),
            ] {
                let (status, body) = admin.get_json(&format!("/api/v1/staff/reports?{query}")).await;
                assert_eq!(status, 422, "{query}: {body}");
                let (got_field, message) = field(&body);
                assert_eq!(got_field, expected_field, "{query}: {body}");
                assert!(message.contains(words), "{query}: {message}");
            }
            let refused = admin.get("/staff/reports?granularity=hour").await;
            assert_eq!(refused.status(), 422);
            let html = refused.text().await.unwrap();
            assert!(html.contains("id=\"granularity-error\"") && html.contains("по неделям"), "the page names the field: {html}");

            let page = admin.get("/staff/reports?since=2026-11-23&until=2026-11-23").await;
            assert_eq!(page.status(), 200);
            let html = page.text().await.unwrap();
            for words in ["Отчёты", "Период: 23.11.2026\u{a0}— 23.11.2026", "Подано", "Открыто сейчас", "Носители ключей (токены)", "<svg class=\"chart\"", "/staff/reports.csv?since=2026-11-23&#38;until=2026-11-23"] {
                assert!(html.contains(words), "{words}: {html}");
            }
            let csv = admin.get("/staff/reports.csv?since=2026-11-23&until=2026-11-23").await;
            assert_eq!(csv.status(), 200);
            assert_eq!(csv.headers()["content-disposition"], "attachment; filename=\"report-2026-11-23-2026-11-23.csv\"");
            let bytes = csv.bytes().await.unwrap();
            assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            assert!(text.contains("Подано;2"), "{text}");
            let xlsx = admin.get("/staff/reports.xlsx?since=2026-11-23&until=2026-11-23").await;
            assert_eq!(xlsx.status(), 200);
            assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "a zip: the workbook");
            let bad = admin.get("/staff/reports.csv?since=yesterday").await;
            assert_eq!(bad.status(), 422);
            t.stop().await;
        })
        .await;
    }
}
