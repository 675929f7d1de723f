//! The administration over the JSON API (issue 12): what the `/admin` pages do, as a script
//! would do it — named by login, code and УНП — with the refusals of other roles and of bad
//! input as field errors in the caller's language.

use serde_json::{json, Value};

use crate::staff::staff;
use crate::support::*;

fn field_of(err: &Value) -> (&str, &str) {
    (err["error"]["field"].as_str().unwrap_or(""), err["error"]["code"].as_str().unwrap_or(""))
}

backend_test! {
    /// Staff, groups and services: created, changed, blocked, archived; each change audited.
    async fn an_administrator_runs_staff_groups_and_services_over_the_api(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root-api", "administrator", &[]).await;

            // A group: the bad code and the missing Belarusian name are both named.
            let (status, err) = admin
                .post_json("/api/v1/admin/groups", json!({ "group_code": "Новая", "name_ru": "Выездная поддержка", "name_be": "", "name_en": "Field support" }))
                .await;
            assert_eq!(status, 422, "{err}");
            assert_eq!(field_of(&err), ("group_code", "invalid_code_name"));
            assert!(err["error"]["message"].as_str().unwrap().starts_with("«Код группы»: латинские строчные буквы"), "{err}");
            let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, ["group_code", "name_be"]);
            let group = json!({ "group_code": "field", "name_ru": "Выездная поддержка", "name_be": "Выязная падтрымка", "name_en": "Field support" });
            let (status, created) = admin.post_json("/api/v1/admin/groups", group.clone()).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!((created["code"].as_str(), created["archived"].as_bool()), (Some("field"), Some(false)));
            let (status, err) = admin.post_json("/api/v1/admin/groups", group).await;
            assert_eq!((status, field_of(&err)), (422, ("group_code", "code_taken")));
            let (status, renamed) = admin
                .put_json("/api/v1/admin/groups/field", json!({ "name_ru": "Выезд", "name_be": "Выезд", "name_en": "On site" }))
                .await;
            assert_eq!((status, renamed["name_en"].as_str()), (200, Some("On site")), "{renamed}");

            // A service in the ЭЦП section that sends its tickets to the new group, under a policy.
            let policy = t.scalar("SELECT id FROM sla_policies WHERE position = 20").await;
            let service = json!({
                "service_code": "ecp-field", "parent": "ecp", "name_ru": "Выезд специалиста", "name_be": "Выезд спецыяліста",
                "name_en": "On-site visit", "group": "field", "sla_policy": policy, "list_order": 15
            });
            let (status, created) = admin.post_json("/api/v1/admin/services", service.clone()).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!((created["parent"].as_str(), created["group"].as_str(), created["active"].as_bool()), (Some("ecp"), Some("field"), Some(true)));
            let (_, catalogue) = t.client().get_json("/api/v1/services").await;
            let ecp = catalogue.as_array().unwrap().iter().find(|s| s["code"] == "ecp").unwrap();
            assert!(ecp["children"].as_array().unwrap().iter().any(|c| c["code"] == "ecp-field"), "customers can choose it");
            let mut bad = service.clone();
            bad["service_code"] = json!("ecp-field-2");
            bad["parent"] = json!("ecp-issue");
            bad["group"] = json!("nobody");
            bad["sla_policy"] = json!(999_999);
            let (status, err) = admin.post_json("/api/v1/admin/services", bad).await;
            assert_eq!(status, 422);
            let codes: Vec<(&str, &str)> = err["error"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
                .collect();
            assert_eq!(codes, [("parent", "invalid_section"), ("group", "unknown_group"), ("sla_policy", "unknown_policy")]);

            // An operator of the new group, with a one-time password shown once.
            let operator = json!({ "login": "Ivanova.O", "last_name": "Иванова", "first_name": "Ольга", "email": "olga@example.by", "role": "operator", "groups": ["field", "ecp"] });
            let (status, created) = admin.post_json("/api/v1/admin/staff", operator.clone()).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!(created["login"], "ivanova.o");
            let password = created["one_time_password"].as_str().unwrap().to_string();
            assert_eq!(password.len(), 10);
            let (status, err) = admin.post_json("/api/v1/admin/staff", operator).await;
            assert_eq!((status, field_of(&err)), (422, ("login", "login_taken")));
            let olga = t.client();
            let (status, me) = olga.post_json("/api/v1/auth/login", json!({ "login": "ivanova.o", "password": password })).await;
            assert_eq!((status, me["must_change_password"].as_bool()), (200, Some(true)), "{me}");
            let (status, found) = admin.get_json("/api/v1/admin/staff?q=%D0%BE%D0%BB%D1%8C%D0%B3").await;
            assert_eq!(status, 200);
            let logins: Vec<&str> = found["items"].as_array().unwrap().iter().map(|s| s["login"].as_str().unwrap()).collect();
            assert_eq!(logins, ["ivanova.o"], "«ольг» finds Ольга");
            assert_eq!(found["items"][0]["groups"], json!(["ecp", "field"]));

            // Made a supervisor of one group; her members appear in the group.
            let (status, changed) = admin
                .put_json("/api/v1/admin/staff/ivanova.o", json!({ "last_name": "Иванова", "first_name": "Ольга", "role": "supervisor", "groups": ["field"] }))
                .await;
            assert_eq!((status, changed["role"].as_str()), (200, Some("supervisor")), "{changed}");
            let (_, members) = admin.get_json("/api/v1/admin/groups/field").await;
            assert_eq!(members["members"], json!(["ivanova.o"]));
            let (status, err) = admin.put_json("/api/v1/admin/groups/field/members", json!({ "members": ["ivanova.o", "nobody"] })).await;
            assert_eq!((status, field_of(&err)), (422, ("members", "unknown_staff")));
            let (status, group) = admin.put_json("/api/v1/admin/groups/field/members", json!({ "members": [] })).await;
            assert_eq!((status, group["members"].clone()), (200, json!([])));

            // Blocked: her session ends at once; unblocked, a new one-time password opens it again.
            let (status, blocked) = admin.post_json("/api/v1/admin/staff/ivanova.o/status", json!({ "active": false })).await;
            assert_eq!((status, blocked["active"].as_bool()), (200, Some(false)));
            assert_eq!(olga.get_json("/api/v1/me").await.0, 401, "blocking ends her session");
            let (status, err) = admin.post_json("/api/v1/admin/staff/root-api/status", json!({ "active": false })).await;
            assert_eq!((status, field_of(&err)), (422, ("status", "own_account")));
            // Nor does a session alone take its own password or second factor away.
            let (status, err) = admin.post_empty("/api/v1/admin/staff/root-api/password").await;
            assert_eq!((status, field_of(&err)), (422, ("login", "own_password")));
            let (status, err) = admin.post_empty("/api/v1/admin/staff/root-api/second-factor/reset").await;
            assert_eq!((status, field_of(&err)), (422, ("login", "own_second_factor")));
            assert!(err["error"]["message"].as_str().unwrap().contains("другой администратор"), "{err}");
            assert_eq!(admin.get_json("/api/v1/me").await.0, 200, "still signed in");
            admin.post_json("/api/v1/admin/staff/ivanova.o/status", json!({ "active": true })).await;
            let (status, fresh) = admin.post_empty("/api/v1/admin/staff/ivanova.o/password").await;
            assert_eq!(status, 200);
            let again = fresh["one_time_password"].as_str().unwrap();
            assert_ne!(again, password);
            let (status, _) = olga.post_json("/api/v1/auth/login", json!({ "login": "ivanova.o", "password": password })).await;
            assert_eq!(status, 401, "the old password is gone");
            let (status, _) = olga.post_json("/api/v1/auth/login", json!({ "login": "ivanova.o", "password": again })).await;
            assert_eq!(status, 202, "a supervisor now: the second factor is asked for");
            assert_eq!(admin.post_empty("/api/v1/admin/staff/ivanova.o/second-factor/reset").await.0, 204);
            assert_eq!(admin.get_json("/api/v1/admin/staff/nobody").await.0, 404);

            // The group is archived only once no active service routes to it.
            let (status, err) = admin.post_json("/api/v1/admin/groups/field/archive", json!({ "archived": true })).await;
            assert_eq!((status, field_of(&err)), (422, ("group", "group_routes_services")));
            let mut withdrawn = service.clone();
            withdrawn["active"] = json!(false);
            withdrawn["group"] = json!("ecp");
            let (status, saved) = admin.put_json("/api/v1/admin/services/ecp-field", withdrawn).await;
            assert_eq!((status, saved["active"].as_bool()), (200, Some(false)), "{saved}");
            let (_, catalogue) = t.client().get_json("/api/v1/services").await;
            assert!(!catalogue.to_string().contains("ecp-field"), "an archived service leaves the choices");
            let (status, archived) = admin.post_json("/api/v1/admin/groups/field/archive", json!({ "archived": true })).await;
            assert_eq!((status, archived["archived"].as_bool()), (200, Some(true)));
            let (_, all) = admin.get_json("/api/v1/admin/services").await;
            assert!(all["items"].as_array().unwrap().iter().any(|s| s["service_code"] == "ecp-field" && s["active"] == false));

            let events = t.strings("SELECT event FROM audit_log WHERE object IN ('group:field', 'service:ecp-field', 'staff:ivanova.o') ORDER BY id").await;
            assert_eq!(
                events,
                ["group_created", "group_renamed", "service_created", "staff_created", "staff_changed", "group_members_set",
                 "staff_disabled", "staff_enabled", "staff_password_set", "service_changed", "group_archived"]
            );
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// The registry file over the API (windows-1251, `;`, one bad line), organisations and their
    /// contracts, the notices' words, a new consent, calendars, policies and the audit log.
    async fn an_administrator_runs_the_registry_texts_calendars_and_policies_over_the_api(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root-api2", "administrator", &[]).await;
            let (excel, _, _) = encoding_rs::WINDOWS_1251.encode(
                "УНП;Наименование;Адрес;Номер договора;Дата договора\r\n\
                 190542056;ЧУП «Василёк»;г. Гродно, ул. Советская, 1;Д-2;15.01.2024\r\n\
                 190542057;Ошибка;;;\r\n\
                 100582333;НЦЭУ;г. Минск;;\r\n",
            );
            let upload = |bytes: Vec<u8>| {
                admin
                    .http
                    .post(format!("{}/api/v1/admin/organizations/imports?file_name=reestr.csv", t.url))
                    .header("content-type", "text/csv")
                    .body(bytes)
                    .send()
            };
            let (status, preview) = answer_of(upload(excel.to_vec()).await.unwrap()).await;
            assert_eq!(status, 201, "{preview}");
            assert_eq!((preview["encoding"].as_str(), preview["separator"].as_str()), (Some("windows-1251"), Some(";")));
            assert_eq!((preview["valid"].as_u64(), preview["refused"].as_u64()), (Some(2), Some(1)));
            let bad = &preview["lines"][1];
            assert_eq!((bad["line"].as_u64(), bad["unp"].as_str()), (Some(3), Some("190542057")));
            assert_eq!(bad["errors"][0]["code"], "invalid_unp");
            assert!(bad["errors"][0]["message"].as_str().unwrap().contains("такого УНП нет\u{a0}— не сходится последняя, контрольная цифра"), "{bad}");
            assert_eq!(preview["lines"][0]["name"], "ЧУП «Василёк»");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM organizations").await, 0, "nothing written before the word");
            let id = preview["id"].as_str().unwrap();
            let (status, again) = admin.get_json(&format!("/api/v1/admin/organizations/imports/{id}")).await;
            assert_eq!((status, again["valid"].as_u64()), (200, Some(2)));
            // Confirmed twice at once (a double click, a retrying script): imported once.
            let confirm = format!("/api/v1/admin/organizations/imports/{id}/confirm");
            let (first, second) = tokio::join!(admin.post_empty(&confirm), admin.post_empty(&confirm));
            let mut statuses = [first.0, second.0];
            statuses.sort_unstable();
            assert_eq!(statuses, [200, 404], "{first:?} {second:?}");
            let done = if first.0 == 200 { first.1 } else { second.1 };
            assert_eq!(done["imported"].as_u64(), Some(2), "{done}");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'registry_imported'").await, 1);
            let (status, err) = answer_of(upload(vec![0u8, 159, 146, 150, 0, 1, 2]).await.unwrap()).await;
            assert_eq!((status, field_of(&err).0), (422, "file"), "{err}");
            let (status, err) = answer_of(upload(vec![b'1'; 6 * 1024 * 1024]).await.unwrap()).await;
            assert_eq!((status, err["error"]["code"].as_str()), (413, Some("attachment_too_large")), "{err}");

            let (status, found) = admin.get_json("/api/v1/admin/organizations?q=%D0%B2%D0%B0%D1%81%D0%B8%D0%BB%D1%91%D0%BA").await;
            assert_eq!((status, found["items"][0]["unp"].as_str()), (200, Some("190542056")), "«василёк» finds «Василёк»");
            assert_eq!(found["items"][0]["contract_date"], "2024-01-15");
            let (status, err) = admin
                .put_json("/api/v1/admin/organizations/100582333/contract", json!({ "contract_number": "Д-7", "contract_date": "31.02.2024" }))
                .await;
            assert_eq!((status, field_of(&err)), (422, ("contract_date", "invalid_date")));
            let (status, org) = admin
                .put_json("/api/v1/admin/organizations/УНП 100582333/contract", json!({ "contract_number": "Д-7", "contract_date": "01.03.2024" }))
                .await;
            assert_eq!((status, org["contract_date"].as_str()), (200, Some("2024-03-01")), "{org}");
            assert_eq!(admin.get_json("/api/v1/admin/organizations/190542057").await.0, 404);

            // An SMS's words: an unknown placeholder is a field error, the size is counted, the standard comes back.
            let (status, list) = admin.get_json("/api/v1/admin/notices").await;
            assert_eq!(status, 200);
            let reply = list["items"].as_array().unwrap().iter().find(|n| n["notice"] == "ticket_reply").unwrap();
            assert_eq!(reply["placeholders"][0], json!({ "name": "number", "required": true }));
            let (_, words) = admin.get_json("/api/v1/admin/notices/ticket_reply/ru").await;
            let standard = words["texts"]["sms"].as_str().unwrap().to_string();
            let mut texts = words["texts"].clone();
            texts["sms"] = json!("Техподдержка: ответ по заявке {nomer}.");
            let (status, err) = admin.put_json("/api/v1/admin/notices/ticket_reply/ru", texts.clone()).await;
            assert_eq!((status, field_of(&err)), (422, ("sms", "unknown_placeholder")), "{err}");
            let (status, preview) = admin.post_json("/api/v1/admin/notices/ticket_reply/ru/preview", texts.clone()).await;
            assert_eq!((status, preview["problems"][0]["code"].as_str()), (200, Some("unknown_placeholder")));
            texts["sms"] = json!("Техподдержка: по вашей заявке № {number} ответил специалист. Откройте заявку на портале, чтобы прочитать ответ.");
            let (_, preview) = admin.post_json("/api/v1/admin/notices/ticket_reply/ru/preview", texts.clone()).await;
            assert_eq!((preview["sms"]["unicode"].as_bool(), preview["sms"]["segments"].as_u64()), (Some(true), Some(2)), "{preview}");
            assert!(preview["problems"].as_array().unwrap().is_empty());
            let (status, kept) = admin.put_json("/api/v1/admin/notices/ticket_reply/ru", texts).await;
            assert_eq!((status, kept["sms_kept"].as_bool()), (200, Some(true)), "{kept}");
            assert_eq!(kept["notice"]["kept"], json!(["ru"]));
            assert_eq!(admin.http_delete("/api/v1/admin/notices/ticket_reply/ru").await, 204);
            let (_, back) = admin.get_json("/api/v1/admin/notices/ticket_reply/ru").await;
            assert_eq!((back["texts"]["sms"].as_str(), back["sms_kept"].as_bool()), (Some(standard.as_str()), Some(false)));
            assert_eq!(admin.get_json("/api/v1/admin/notices/ticket_reply/de").await.0, 404);

            // A new consent: the old version stays readable at its own address.
            let (_, current) = admin.get_json("/api/v1/admin/documents/personal_data").await;
            let mut v2 = current.clone();
            v2["body_ru"] = json!(format!("{}\n\nДополнение: срок хранения обращений — пять лет.", current["body_ru"].as_str().unwrap()));
            let mut empty = v2.clone();
            empty["title_ru"] = json!("");
            let (status, err) = admin.post_json("/api/v1/admin/documents/personal_data/versions", empty).await;
            assert_eq!((status, field_of(&err).0), (422, "title_ru"));
            let (status, published) = admin.post_json("/api/v1/admin/documents/personal_data/versions", v2).await;
            assert_eq!((status, published["version"].as_i64(), published["path"].as_str()), (201, Some(3), Some("/docs/consent/v/3")), "{published}");
            let (_, documents) = admin.get_json("/api/v1/admin/documents").await;
            let versions: Vec<i64> = documents["items"][0]["versions"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
            assert_eq!(versions, [3, 2], "a new database starts at the newest built-in version");
            assert_eq!(t.client().get("/docs/consent/v/2").await.status(), 200);
            assert_eq!(t.client().get("/docs/consent/v/1").await.status(), 404, "version 1 was never published here");
            assert_eq!(admin.get_json("/api/v1/admin/documents/cookies").await.0, 404);

            // A calendar round the clock with a day off, checked by its due instant.
            let week = |line: &str| json!([line, line, line, line, line, line, line]);
            let calendar = json!({ "calendar_code": "round", "name_ru": "Круглосуточно", "name_be": "Кругласутачна", "name_en": "Round the clock", "hours": week("00:00-24:00") });
            let mut six = calendar.clone();
            six["hours"] = json!(vec!["09:00-18:00"; 6]);
            let (status, err) = admin.post_json("/api/v1/admin/calendars", six).await;
            assert_eq!((status, field_of(&err)), (422, ("hours", "seven_days")), "{err}");
            assert!(err["error"]["message"].as_str().unwrap().contains("семь строк"), "{err}");
            let mut overlapping = calendar.clone();
            overlapping["hours"] = week("09:00-13:00, 12:00-18:00");
            let (status, err) = admin.post_json("/api/v1/admin/calendars", overlapping).await;
            assert_eq!((status, field_of(&err)), (422, ("hours_1", "hours_overlap")));
            let (status, created) = admin.post_json("/api/v1/admin/calendars", calendar).await;
            assert_eq!((status, created["hours"][6][0].as_str()), (201, Some("00:00-24:00")), "{created}");
            let (status, with_day_off) = admin
                .post_json("/api/v1/admin/calendars/round/exceptions", json!({ "day": "2026-12-31", "rule": "off", "note": "Инвентаризация" }))
                .await;
            assert_eq!((status, with_day_off["exceptions"][0]["rule"].as_str()), (200, Some("off")), "{with_day_off}");
            let (status, due) = admin.get_json("/api/v1/admin/calendars/round/due?check_from=2026-12-30T23:00:00%2B03:00&check_minutes=120").await;
            assert_eq!((status, due["due"].as_str()), (200, Some("2027-01-01T01:00:00+03:00")), "the day off is skipped");
            let (status, err) = admin.get_json("/api/v1/admin/calendars/round/due?check_from=tomorrow&check_minutes=-5").await;
            assert_eq!(status, 422);
            assert_eq!(err["error"]["fields"].as_array().unwrap().len(), 2, "{err}");
            assert_eq!(admin.http_delete("/api/v1/admin/calendars/round/exceptions/2026-12-31").await, 204);
            assert_eq!(admin.http_delete("/api/v1/admin/calendars/round/exceptions/2026-12-31").await, 404);
            let (_, minsk) = admin.get_json("/api/v1/admin/calendars/minsk").await;
            assert_eq!(minsk["hours"][0], json!(["09:00-18:00"]));
            assert!(minsk["exceptions"].as_array().unwrap().iter().any(|e| e["day"] == "2026-04-25" && e["rule"] == "working"));

            // A policy: bad minutes and an unknown calendar are named; then it is kept in its place.
            let policy = json!({ "name_ru": "Срочно круглосуточно", "name_be": "Тэрмінова кругласутачна", "name_en": "Urgent round the clock",
                                 "list_order": 5, "calendar": "round", "priorities": ["urgent"], "first_response": 30, "resolution": 240, "warn_percent": 75, "raise_priority": true });
            let mut bad = policy.clone();
            bad["calendar"] = json!("moon");
            bad["priorities"] = json!(["asap"]);
            let (status, err) = admin.post_json("/api/v1/admin/sla-policies", bad).await;
            assert_eq!(status, 422);
            let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, ["calendar", "priorities"]);
            let (status, created) = admin.post_json("/api/v1/admin/sla-policies", policy.clone()).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!((created["calendar"].as_str(), created["priorities"].clone(), created["contract"].clone()), (Some("round"), json!(["urgent"]), Value::Null));
            let id = created["id"].as_i64().unwrap();
            let mut changed = policy;
            changed["contract"] = json!("yes");
            changed["first_response"] = json!(15);
            let (status, saved) = admin.put_json(&format!("/api/v1/admin/sla-policies/{id}"), changed).await;
            assert_eq!((status, saved["first_response"].as_u64(), saved["contract"].as_str()), (200, Some(15), Some("yes")), "{saved}");
            let (_, all) = admin.get_json("/api/v1/admin/sla-policies").await;
            assert_eq!(all["items"][0]["id"].as_i64(), Some(id), "list_order 5 comes first");

            // The audit log has each change, filtered and paged; a bad filter is named.
            let (status, page) = admin.get_json("/api/v1/admin/audit?actor=ROOT-API2&object=calendar:").await;
            assert_eq!(status, 200, "{page}");
            let events: Vec<&str> = page["items"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
            assert_eq!(events, ["calendar_changed"; 3], "newest first, three changes of the calendar");
            assert_eq!(page["items"][0]["details"]["removed"], true);
            assert_eq!(page["items"][0]["actor"], "root-api2");
            let (status, err) = admin.get_json("/api/v1/admin/audit?since=2026-13-01&event=DROP%20TABLE").await;
            assert_eq!(status, 422);
            let fields: Vec<&str> = err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, ["since", "event"]);
            let (_, imported) = admin.get_json("/api/v1/admin/audit?event=registry_imported").await;
            assert_eq!(imported["items"][0]["details"]["valid"], 2);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Only administrators change the set-up; supervisors also read the representations queue;
    /// refusals speak the caller's language.
    async fn the_administration_api_answers_each_role_as_the_pages_do(backend) {
        on_backend(backend, |t| async move {
            t.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let customer = customer(&t, "+375 29 750-00-11").await;
            let (status, _, _) = customer.submit("/account", "/account/organizations", &[("unp", "100582333"), ("position", "Инженер")]).await;
            assert_eq!(status, 303);
            let operator = staff(&t, "op-api", "operator", &["ecp"]).await;
            let boss = staff(&t, "boss-api", "supervisor", &[]).await;
            let guest = t.client();
            let reads = [
                "/api/v1/admin/staff", "/api/v1/admin/staff/op-api", "/api/v1/admin/groups", "/api/v1/admin/groups/ecp",
                "/api/v1/admin/services", "/api/v1/admin/services/ecp", "/api/v1/admin/organizations",
                "/api/v1/admin/organizations/100582333", "/api/v1/admin/notices", "/api/v1/admin/notices/password/ru",
                "/api/v1/admin/documents", "/api/v1/admin/documents/terms_of_use", "/api/v1/admin/audit",
                "/api/v1/admin/calendars", "/api/v1/admin/calendars/minsk", "/api/v1/admin/sla-policies",
            ];
            for path in reads {
                assert_eq!(guest.get_json(path).await.0, 401, "{path} without a sign-in");
                for (who, client) in [("customer", &customer), ("operator", &operator), ("supervisor", &boss)] {
                    let (status, err) = client.get_json(path).await;
                    assert_eq!((status, err["error"]["code"].as_str()), (403, Some("forbidden")), "{path} for a {who}");
                }
            }
            let (status, _) = boss.post_json("/api/v1/admin/groups", json!({ "group_code": "x1", "name_ru": "X", "name_be": "X", "name_en": "X" })).await;
            assert_eq!(status, 403);
            assert_eq!(t.scalar("SELECT COUNT(*) FROM staff_groups WHERE code = 'x1'").await, 0);

            // The representations queue: supervisors read it, and decide with the id it gives.
            for client in [&customer, &operator] {
                assert_eq!(client.get_json("/api/v1/staff/representations").await.0, 403);
            }
            let (status, queue) = boss.get_json("/api/v1/staff/representations").await;
            assert_eq!(status, 200, "{queue}");
            let pending = &queue["items"][0];
            assert_eq!((pending["unp"].as_str(), pending["phone"].as_str(), pending["position"].as_str()), (Some("100582333"), Some("+375297500011"), Some("Инженер")));
            let id = pending["id"].as_i64().unwrap();
            let (status, _) = boss.post_json(&format!("/api/v1/staff/representations/{id}/decision"), json!({ "decision": "confirm", "role": "member" })).await;
            assert_eq!(status, 200);
            let (_, queue) = boss.get_json("/api/v1/staff/representations").await;
            assert_eq!(queue["items"], json!([]));

            // In English, when asked for.
            let admin = staff(&t, "root-api3", "administrator", &[]).await;
            let r = admin
                .http
                .post(format!("{}/api/v1/admin/groups", t.url))
                .header("accept-language", "en")
                .json(&json!({ "group_code": "9", "name_ru": "Группа", "name_be": "Група", "name_en": "Group" }))
                .send()
                .await
                .unwrap();
            let (status, err) = answer_of(r).await;
            assert_eq!(status, 422);
            assert!(err["error"]["message"].as_str().unwrap().contains("Latin lower-case letters"), "{err}");
            let (status, err) = admin.post_json("/api/v1/admin/groups", json!({ "group_code": 5 })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_value")), "{err}");
            assert_eq!(err["error"]["field"], "group_code", "a mistyped field is named: {err}");
            let (status, err) = admin.post_json("/api/v1/admin/groups", json!({ "names": {} })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("required")), "{err}");
            assert_eq!(err["error"]["field"], "group_code", "a missing field is named: {err}");
            let (status, err) = admin.post_json("/api/v1/admin/groups", json!("not an object")).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_json")), "{err}");
            t.stop().await;
        })
        .await;
    }
}
