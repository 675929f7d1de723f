//! Calendars and service-level policies in the administration (issue 12): an administrator
//! changes them in the browser and the next ticket follows.

use serde_json::json;
use time::macros::datetime;

use crate::admin::text_of;
use crate::staff::staff;
use crate::support::*;

backend_test! {
    /// A transferred working Saturday and a day off, added and removed on the seeded `minsk`
    /// calendar, move the due instant the check on the same page answers; bad input names its field.
    async fn calendar_exceptions_move_due_instants(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "cal-admin", "administrator", &[]).await;
            let id = t.scalar("SELECT id FROM calendars WHERE code = 'minsk'").await;
            let page = format!("/admin/calendars/{id}");
            let check = |from: &str| format!("/admin/calendars/{id}/check?check_from={from}&check_minutes=120");
            let due = |body: String| text_of(&body, "check-result");
            // Friday 11 December 2026, 17:00: one hour that day, one on Monday.
            let body = admin.get(&check("2026-12-11T17:00")).await.text().await.unwrap();
            assert_eq!(due(body), "Срок истекает 14.12.2026 10:00.");

            let (status, location, _) = admin
                .submit(&page, &format!("{page}/exceptions"), &[("day", "2026-12-12"), ("rule", "working"), ("like_weekday", "1"), ("minutes", ""), ("note", "Суббота-перенос")])
                .await;
            assert_eq!(status, 303, "{location}");
            let body = admin.get(&check("2026-12-11T17:00")).await.text().await.unwrap();
            assert_eq!(due(body), "Срок истекает 12.12.2026 10:00.", "the Saturday works like a Monday");
            let (status, _, _) = admin
                .submit(&page, &format!("{page}/exceptions"), &[("day", "2026-12-12"), ("rule", "off"), ("like_weekday", "1"), ("minutes", "60"), ("note", "")])
                .await;
            assert_eq!(status, 303);
            let (status, _, _) = admin
                .submit(&page, &format!("{page}/exceptions"), &[("day", "2026-12-14"), ("rule", "off"), ("like_weekday", "1"), ("minutes", "60"), ("note", "")])
                .await;
            assert_eq!(status, 303);
            let shown = admin.get(&page).await.text().await.unwrap();
            assert!(shown.contains("2026-12-14") && !shown.contains("Суббота-перенос"), "the second rule for the 12th replaced the first");
            let body = admin.get(&check("2026-12-11T17:00")).await.text().await.unwrap();
            assert_eq!(due(body), "Срок истекает 15.12.2026 10:00.", "Saturday off again, Monday off too");

            let (status, _, _) = admin.submit(&page, &format!("{page}/exceptions/2026-12-14/remove"), &[]).await;
            assert_eq!(status, 303);
            let (status, _, _) = admin.submit(&page, &format!("{page}/exceptions/2026-12-14/remove"), &[]).await;
            assert_eq!(status, 404, "already gone");
            let body = admin.get(&check("2026-12-11T17:00")).await.text().await.unwrap();
            assert_eq!(due(body), "Срок истекает 14.12.2026 10:00.");
            let audited = t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'calendar_changed' AND object = 'calendar:minsk'").await;
            assert_eq!(audited, 4);

            let (status, _, body) = admin
                .submit(&page, &format!("{page}/exceptions"), &[("day", "12.12.2026"), ("rule", "shortened"), ("like_weekday", "1"), ("minutes", "много"), ("note", "")])
                .await;
            assert_eq!(status, 422);
            assert!(body.contains("«Дата»: укажите дату в виде ГГГГ-ММ-ДД") && body.contains("«Короче на, минут»: целое число минут"), "{body}");
            let response = admin.get(&format!("/admin/calendars/{id}/check?check_from=завтра&check_minutes=120")).await;
            assert_eq!(response.status(), 422);

            // A new calendar: a night shift is fine, overlapping hours are not.
            let mut fields = vec![("calendar_code", "night"), ("name_ru", "Ночная смена"), ("name_be", "Начная змена"), ("name_en", "Night shift")];
            let week = [("hours_1", "22:00-06:00"), ("hours_2", "22:00-06:00"), ("hours_3", "09:00-12:00, 11:00-13:00"), ("hours_4", ""), ("hours_5", ""), ("hours_6", ""), ("hours_7", "")];
            fields.extend_from_slice(&week);
            let (status, _, body) = admin.submit("/admin/calendars", "/admin/calendars", &fields).await;
            assert_eq!(status, 422);
            assert!(body.contains("«Среда»: интервалы пересекаются"), "{body}");
            fields[6] = ("hours_3", "");
            let (status, location, body) = admin.submit("/admin/calendars", "/admin/calendars", &fields).await;
            assert_eq!(status, 303, "{body}");
            let night = location.split('?').next().unwrap().to_string();
            // Monday 7 December 2026 23:00 + 120 minutes of the night shift: 01:00 on Tuesday.
            let body = admin.get(&format!("{night}/check?check_from=2026-12-07T23:00&check_minutes=120")).await.text().await.unwrap();
            assert_eq!(text_of(&body, "check-result"), "Срок истекает 08.12.2026 01:00.");

            let operator = staff(&t, "cal-op", "supervisor", &["ecp"]).await;
            assert_eq!(operator.get(&page).await.status(), 403, "a supervisor does not change calendars");
        })
        .await;
    }
}

backend_test! {
    /// A policy put first for the ЭЦП section on the round-the-clock calendar gives the next
    /// ticket its targets; switched off, the ticket after gets the standard one again, and the
    /// first keeps what it had.
    async fn a_new_policy_governs_the_next_ticket(backend) {
        on_backend(backend, |t| async move {
            t.move_to(datetime!(2026-12-05 10:00 +3));
            let admin = staff(&t, "sla-admin", "administrator", &[]).await;
            let mut fields = vec![
                ("name_ru", "Срочные ЭЦП"),
                ("name_be", "Тэрміновыя ЭЛП"),
                ("name_en", "Urgent e-signature"),
                ("list_order", "1"),
                ("calendar", "nope"),
                ("services", "ecp"),
                ("contract", ""),
                ("first_response", "полчаса"),
                ("next_response", ""),
                ("resolution", "240"),
                ("warn_percent", "150"),
                ("active", "true"),
            ];
            let (status, _, body) = admin.submit("/admin/sla/new", "/admin/sla", &fields).await;
            assert_eq!(status, 422);
            assert!(body.contains("«Календарь»: выберите календарь из списка"), "{body}");
            assert!(body.contains("«Первый ответ, рабочих минут»: целое число минут"));
            assert!(body.contains("«Предупредить, % срока»: целое число от 1 до 99"));
            assert!(body.contains("value=\"Срочные ЭЦП\""), "what was typed stays");
            fields[4] = ("calendar", "24x7");
            fields[7] = ("first_response", "30");
            fields[10] = ("warn_percent", "50");
            let (status, location, body) = admin.submit("/admin/sla/new", "/admin/sla", &fields).await;
            assert_eq!(status, 303, "{body}");
            let policy = location.split('?').next().unwrap().to_string();
            let list = admin.get("/admin/sla").await.text().await.unwrap();
            assert!(list.contains("Срочные ЭЦП") && list.contains("30\u{a0}мин / — / 4\u{a0}ч"), "{list}");

            let customer = customer(&t, "+375 29 741-00-01").await;
            let file = || customer.post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." }));
            let (status, first) = file().await;
            assert_eq!(status, 201, "{first}");
            let first = first["number"].as_str().unwrap().to_string();
            let (_, shown) = customer.get_json(&format!("/api/v1/tickets/{first}")).await;
            assert_eq!(shown["first_response_due"], "2026-12-05T10:30:00+03:00", "thirty minutes, Saturday or not");

            fields.retain(|(name, _)| *name != "active");
            let (status, _, body) = admin.submit(&policy, &policy, &fields).await;
            assert_eq!(status, 303, "{body}");
            let (_, second) = file().await;
            let second = second["number"].as_str().unwrap().to_string();
            let (_, shown) = customer.get_json(&format!("/api/v1/tickets/{second}")).await;
            assert_eq!(shown["first_response_due"], "2026-12-07T13:00:00+03:00", "the standard four working hours from Monday");
            let (_, shown) = customer.get_json(&format!("/api/v1/tickets/{first}")).await;
            assert_eq!(shown["first_response_due"], "2026-12-05T10:30:00+03:00", "the first ticket keeps its clock");
            let audited = t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'sla_policy_saved'").await;
            assert_eq!(audited, 2);
        })
        .await;
    }
}
