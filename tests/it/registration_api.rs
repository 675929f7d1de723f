//! Registration through the JSON API (DESIGN §5.1, §8).

use serde_json::json;

use crate::support::{on_backend, on_backend_with, register, registration_body, TestApp};

async fn import_demo(app: &TestApp) {
    let orgs = helpdesk::demo::demo_organizations();
    app.app().db.import_registry(&orgs, app.app().now_unix()).await.unwrap();
}

backend_test! {
    async fn full_registration_with_a_known_organisation(backend) {
        on_backend(backend, |app| async move {
            import_demo(&app).await;
            let client = app.client();
            let mut body = registration_body("8 (029) 123-45-67");
            body["position"] = json!("Главный бухгалтер");
            body["organization"] = json!({ "unp": "УНП 100 582 333" });
            let (status, created) = client.post_json("/api/v1/registrations", body).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!(created["phone_masked"], "+375 29 ***-**-67");
            let id = created["registration_id"].as_str().unwrap().to_string();
            assert!(id.len() >= 22, "registration ids are unguessable: {id}");
            let expires = time::OffsetDateTime::parse(
                created["code_expires_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
            assert_eq!((expires - app.clock_now()).whole_seconds(), 300, "codes live five minutes");
            let resend_at = time::OffsetDateTime::parse(
                created["resend_available_at"].as_str().unwrap(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap();
            assert_eq!((resend_at - app.clock_now()).whole_seconds(), 60);

            let sms = app.sms("+375291234567", "registration_code", 1).await;
            let code = sms.split_whitespace().last().unwrap().to_string();
            assert!(code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()), "{sms}");

            let (status, confirmed) = client.confirm_registration(&id, &code).await;
            assert_eq!(status, 200, "{confirmed}");
            assert_eq!(confirmed["login"], "+375 29 123-45-67");
            let password = app.secret("+375291234567", "password", 1).await;
            assert_eq!(password.len(), 10);

            let (status, _) =
                client.post_json("/api/v1/auth/login", json!({ "login": "375291234567", "password": password })).await;
            assert_eq!(status, 200);
            let (status, me) = client.get_json("/api/v1/me").await;
            assert_eq!(status, 200, "{me}");
            assert_eq!(me["phone"], "+375291234567");
            assert_eq!(me["last_name"], "Иванов");
            assert_eq!(me["must_change_password"], true);
            assert_eq!(me["organizations"][0]["unp"], "100582333");
            assert_eq!(me["organizations"][0]["status"], "pending", "a claim gives no access until confirmed");
            assert_eq!(me["organizations"][0]["role"], "member");

            let user_id = me["id"].as_i64().unwrap();
            let consents = app.app().db.consents_of(user_id).await.unwrap();
            let kinds: Vec<_> = consents.iter().map(|c| (c.kind.as_str(), c.version)).collect();
            assert_eq!(kinds, [("personal_data", 2), ("terms_of_use", 2)], "a new database has only the newest versions");
            let events: Vec<String> =
                app.app().db.audit_events(Some(user_id), 10).await.unwrap().into_iter().map(|e| e.event).collect();
            assert!(events.contains(&"registration_completed".to_string()), "{events:?}");
            assert!(events.contains(&"login_ok".to_string()), "{events:?}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn unknown_organisation_is_registered_from_the_manual_fields(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let unp = helpdesk::domain::unp::with_check_digit("19111111").unwrap();
            let mut body = registration_body("+375 44 765-43-21");
            body["organization"] = json!({ "unp": unp });
            let (status, err) = client.post_json("/api/v1/registrations", body.clone()).await;
            assert_eq!(status, 422, "{err}");
            let fields: Vec<&str> =
                err["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
            assert_eq!(fields, ["org_name", "org_address"]);
            assert!(err["error"]["message"].as_str().unwrap().contains("Полное наименование"), "{err}");

            body["organization"] = json!({ "unp": unp, "name": "ООО «Новая»", "address": "г. Брест, ул. Новая, 1" });
            let (status, created) = client.post_json("/api/v1/registrations", body).await;
            assert_eq!(status, 201, "{created}");
            let id = created["registration_id"].as_str().unwrap();
            let code = app.secret("+375447654321", "registration_code", 1).await;
            let (status, _) = client.confirm_registration(id, &code).await;
            assert_eq!(status, 200);
            let org = app.app().db.organization_by_unp(&unp).await.unwrap().expect("organisation created");
            assert_eq!(org.full_name, "ООО «Новая»");
            assert_eq!(org.source, "self_registered");
            // The next person typing this УНП finds it (DESIGN §5.1: «registered earlier»).
            let (status, found) = client.post_json("/api/v1/registrations/org-lookup", json!({ "unp": unp })).await;
            assert_eq!(status, 200);
            assert_eq!(found["found"], true);
            assert_eq!(found["organization"]["name"], "ООО «Новая»");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn org_lookup_answers(backend) {
        on_backend(backend, |app| async move {
            import_demo(&app).await;
            let client = app.client();
            let (status, found) = client.post_json("/api/v1/registrations/org-lookup", json!({ "unp": "100582333" })).await;
            assert_eq!(status, 200);
            assert_eq!(found["found"], true);
            assert_eq!(found["organization"]["unp"], "100582333");
            assert!(found["organization"]["address"].as_str().unwrap().contains("Минск"));
            let unknown = helpdesk::domain::unp::with_check_digit("29000001").unwrap();
            let (status, missing) = client.post_json("/api/v1/registrations/org-lookup", json!({ "unp": unknown })).await;
            assert_eq!((status, missing), (200, json!({ "found": false })));
            let (status, err) = client.post_json("/api/v1/registrations/org-lookup", json!({ "unp": "100582330" })).await;
            assert_eq!(status, 422);
            assert_eq!(err["error"]["code"], "invalid_unp");
            assert_eq!(err["error"]["field"], "unp");
            assert_eq!(err["error"]["message"], "«УНП организации»: такого УНП нет\u{a0}— не сходится последняя, контрольная цифра. Проверьте номер.");
            let (status, err) = client.post_json("/api/v1/registrations/org-lookup", json!({ "unp": "12345" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_unp")));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn every_field_error_names_the_field(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let cases = [
                ("last_name", json!(""), "required", "Фамилия"),
                ("first_name", json!("Иван2"), "invalid_name", "Имя"),
                ("phone", json!("+7 916 123-45-67"), "invalid_phone", "Мобильный телефон"),
                ("phone", json!("+375 17 123-45-67"), "invalid_phone", "+375 29 123-45-67"),
                ("email", json!("ivanov@"), "invalid_email", "E-mail"),
                ("accept_personal_data", json!(false), "consent_required", "персональных данных"),
                ("accept_terms", json!(false), "consent_required", "принимаю порядок использования Системы"),
            ];
            for (field, value, code, words) in cases {
                let mut body = registration_body("+375291234567");
                body[field] = value;
                let (status, err) = client.post_json("/api/v1/registrations", body).await;
                assert_eq!(status, 422, "{field}: {err}");
                assert_eq!(err["error"]["field"], field, "{err}");
                assert_eq!(err["error"]["code"], code, "{err}");
                assert!(err["error"]["message"].as_str().unwrap().contains(words), "{field}: {err}");
            }
            // English when asked for.
            let r = client
                .http
                .post(format!("{}/api/v1/registrations", app.url))
                .header("accept-language", "en")
                .json(&json!({ "phone": "", "last_name": "", "first_name": "" }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            let err: serde_json::Value = r.json().await.unwrap();
            assert_eq!(err["error"]["message"], "Fill in \"Last name\".");
            assert_eq!(err["error"]["fields"].as_array().unwrap().len(), 5, "all problems at once: {err}");
            // Nothing was sent for refused forms.
            assert_eq!(app.count_sms("+375291234567").await, 0);
            // Not JSON at all: still our error body, never a 500.
            let r = client.http.post(format!("{}/api/v1/registrations", app.url)).body("phone=1").send().await.unwrap();
            assert_eq!(r.status(), 422);
            let r = client
                .http
                .post(format!("{}/api/v1/registrations", app.url))
                .header("content-type", "application/json")
                .body("{\"phone\": \"+375")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 422);
            let err: serde_json::Value = r.json().await.unwrap();
            assert_eq!(err["error"]["code"], "invalid_json", "a body that is not JSON: {err}");
            let mut mistyped = registration_body("+375291234567");
            mistyped["phone"] = json!(5);
            let (status, err) = client.post_json("/api/v1/registrations", mistyped).await;
            assert_eq!((status, err["error"]["code"].as_str(), err["error"]["field"].as_str()), (422, Some("invalid_value"), Some("phone")));
            assert!(err["error"]["message"].as_str().unwrap().contains("«Мобильный телефон»"), "{err}");
            let mut missing = registration_body("+375291234567");
            missing.as_object_mut().unwrap().remove("last_name");
            let (status, err) = client.post_json("/api/v1/registrations", missing).await;
            assert_eq!((status, err["error"]["code"].as_str(), err["error"]["field"].as_str()), (422, Some("required"), Some("last_name")), "{err}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn already_registered_phone_gets_the_same_answers_and_a_notice_sms(backend) {
        on_backend(backend, |app| async move {
            register(&app, "+375 33 111-22-33").await;
            let client = app.client();
            // Another spelling of the same number.
            let (status, created) = client.post_json("/api/v1/registrations", registration_body("80331112233")).await;
            assert_eq!(status, 201, "same answer as for a new number: {created}");
            let keys: Vec<&str> = created.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["code_expires_at", "phone_masked", "registration_id", "resend_available_at"]);
            let notice = app.sms("+375331112233", "already_registered", 1).await;
            assert!(notice.contains("уже зарегистрирован"), "{notice}");
            // No code will ever match: each try is refused like a wrong code.
            let id = created["registration_id"].as_str().unwrap();
            for code in ["000000", "123456"] {
                let (status, err) = client.confirm_registration(id, code).await;
                assert_eq!(status, 422);
                assert_eq!(err["error"]["code"], "invalid_code");
            }
            // Resend sends the notice again, not a code.
            app.advance(61);
            let (status, _) = client.resend_registration(id).await;
            assert_eq!(status, 200);
            app.sms("+375331112233", "already_registered", 2).await;
            assert_eq!(
                app.sms_lines()
                    .iter()
                    .filter(|v| v["purpose"] == "registration_code" && v["to"] == "+375331112233")
                    .count(),
                1
            );
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn code_expires_after_five_minutes_and_resend_helps(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (_, created) = client.post_json("/api/v1/registrations", registration_body("+375 25 512-34-56")).await;
            let id = created["registration_id"].as_str().unwrap();
            let first = app.secret("+375255123456", "registration_code", 1).await;
            app.advance(300);
            let (status, err) = client.confirm_registration(id, &first).await;
            assert_eq!((status, err["error"]["code"].as_str()), (410, Some("code_expired")), "{err}");
            let (status, resent) = client.resend_registration(id).await;
            assert_eq!(status, 200, "{resent}");
            assert_eq!(resent["registration_id"], id);
            let second = app.secret("+375255123456", "registration_code", 2).await;
            if second != first {
                let (status, _) = client.confirm_registration(id, &first).await;
                assert_eq!(status, 422, "the replaced code no longer works");
            }
            let (status, ok) = client.confirm_registration(id, &second).await;
            assert_eq!(status, 200, "{ok}");
            // Single use.
            let (status, again) = client.confirm_registration(id, &second).await;
            assert_eq!((status, again["error"]["code"].as_str()), (409, Some("already_confirmed")));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn five_wrong_codes_kill_the_code_and_only_a_resend_helps(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (_, created) = client.post_json("/api/v1/registrations", registration_body("+375 29 555-44-33")).await;
            let id = created["registration_id"].as_str().unwrap();
            let code = app.secret("+375295554433", "registration_code", 1).await;
            let wrong = if code == "000000" { "000001" } else { "000000" };
            for left in (0..5).rev() {
                let (status, err) = client.confirm_registration(id, wrong).await;
                assert_eq!(status, 422, "{err}");
                assert_eq!(err["error"]["code"], "invalid_code");
                assert_eq!(err["error"]["attempts_left"], left);
            }
            let (status, err) = client.confirm_registration(id, &code).await;
            assert_eq!(
                (status, err["error"]["code"].as_str()),
                (429, Some("too_many_attempts")),
                "even the right code: {err}"
            );
            // Malformed input does not spend attempts and names the field.
            let (status, err) = client.confirm_registration(id, "12a").await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("code")));
            let (status, err) = client.resend_registration(id).await;
            assert_eq!((status, err["error"]["code"].as_str()), (429, Some("resend_too_early")));
            assert_eq!(err["error"]["retry_after"], 60);
            app.advance(45);
            let (_, err) = client.resend_registration(id).await;
            assert_eq!(err["error"]["retry_after"], 15);
            app.advance(15);
            let (status, _) = client.resend_registration(id).await;
            assert_eq!(status, 200);
            let fresh = app.secret("+375295554433", "registration_code", 2).await;
            let (status, _) = client.confirm_registration(id, &fresh).await;
            assert_eq!(status, 200);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn at_most_five_codes_per_registration_and_a_daily_cap_per_phone(backend) {
        on_backend_with(backend,
            |c| c.sms_daily_limit_per_phone = 7,
            |app| async move {
                let client = app.client();
                let (_, created) = client.post_json("/api/v1/registrations", registration_body("+375 29 700-00-01")).await;
                let id = created["registration_id"].as_str().unwrap().to_string();
                for _ in 0..4 {
                    app.advance(61);
                    let (status, body) = client.resend_registration(&id).await;
                    assert_eq!(status, 200, "{body}");
                }
                app.advance(61);
                let (status, err) = client.resend_registration(&id).await;
                assert_eq!((status, err["error"]["code"].as_str()), (429, Some("too_many_sends")));
                // A new registration for the same phone: two more SMS fit in the day's cap of seven.
                for _ in 0..2 {
                    let (status, _) =
                        client.post_json("/api/v1/registrations", registration_body("+375 29 700-00-01")).await;
                    assert_eq!(status, 201);
                }
                let (status, err) = client.post_json("/api/v1/registrations", registration_body("+375 29 700-00-01")).await;
                assert_eq!((status, err["error"]["code"].as_str()), (429, Some("sms_limit")), "{err}");
                assert_eq!(app.count_sms("+375297000001").await, 7);
                // The next day the number may receive SMS again.
                app.advance(86_400);
                let (status, _) = client.post_json("/api/v1/registrations", registration_body("+375 29 700-00-01")).await;
                assert_eq!(status, 201);
                app.stop().await;
            },
        )
        .await;
    }
}

backend_test! {
    async fn daily_cap_per_address_stops_sms_pumping(backend) {
        on_backend_with(backend,
            |c| c.sms_daily_limit_per_ip = 3,
            |app| async move {
                let client = app.client();
                for n in 0..3 {
                    let (status, _) =
                        client.post_json("/api/v1/registrations", registration_body(&format!("+375 29 800-00-0{n}"))).await;
                    assert_eq!(status, 201);
                }
                let (status, err) = client.post_json("/api/v1/registrations", registration_body("+375 29 800-00-09")).await;
                assert_eq!((status, err["error"]["code"].as_str()), (429, Some("sms_limit")));
                app.stop().await;
            },
        )
        .await;
    }
}

backend_test! {
    async fn codes_are_stored_hashed_and_cleared_from_the_outbox_once_sent(backend) {
        on_backend(backend, |app| async move {
            let password = register(&app, "+375 44 123-00-99").await;
            let code = app.secret("+375441230099", "registration_code", 1).await;
            assert_eq!(app.count_sms("+375441230099").await, 2);
            let db = &app.app().db;
            let (bodies, masked): (Vec<Option<String>>, Vec<String>) = match db {
                helpdesk::store::Db::Sqlite(pool) => {
                    let rows: Vec<(Option<String>, String)> =
                        sqlx::query_as("SELECT body, masked_body FROM outbox").fetch_all(pool).await.unwrap();
                    rows.into_iter().unzip()
                }
                helpdesk::store::Db::Postgres(pool) => {
                    let rows: Vec<(Option<String>, String)> =
                        sqlx::query_as("SELECT body, masked_body FROM outbox").fetch_all(pool).await.unwrap();
                    rows.into_iter().unzip()
                }
            };
            assert!(bodies.iter().all(Option::is_none), "texts with secrets are cleared after delivery");
            assert!(masked.iter().all(|m| !m.contains(&code) && !m.contains(&password)), "{masked:?}");
            let verification_payloads: Vec<String> = match db {
                helpdesk::store::Db::Sqlite(pool) => {
                    sqlx::query_scalar("SELECT payload FROM verifications").fetch_all(pool).await.unwrap()
                }
                helpdesk::store::Db::Postgres(pool) => {
                    sqlx::query_scalar("SELECT payload FROM verifications").fetch_all(pool).await.unwrap()
                }
            };
            assert!(verification_payloads.iter().all(|p| !p.contains(&code)));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn unknown_registration_is_not_found(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (status, err) = client.post_json("/api/v1/registrations/nope/confirm", json!({ "code": "123456" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (404, Some("not_found")));
            let (status, _) = client.post_empty("/api/v1/registrations/nope/resend").await;
            assert_eq!(status, 404);
            app.stop().await;
        })
        .await;
    }
}

/// Posts as if from `ip` (the portal trusts `X-Forwarded-For` in these tests).
async fn post_from(app: &TestApp, ip: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let r = reqwest::Client::new()
        .post(format!("{}{path}", app.url))
        .header("x-forwarded-for", ip)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

backend_test! {
    /// Issue 10.4: resets asked from one address for a number that has no account send nothing
    /// and must not use up that number's allowance; the address's own budget is spent first, and
    /// a phone's daily count grows only with messages really queued for it.
    async fn nobody_can_use_up_another_phones_sms_allowance(backend) {
        on_backend_with(backend,
            |c| {
                c.trust_forwarded_for = true;
                c.sms_daily_limit_per_phone = 3;
                c.sms_daily_limit_per_ip = 6;
            },
            |app| async move {
                let victim = json!({ "phone": "+375 29 700-00-09" });
                let mut answers = vec![];
                for _ in 0..7 {
                    answers.push(post_from(&app, "10.0.0.1", "/api/v1/password-resets", victim.clone()).await.0);
                }
                assert_eq!(answers, [202, 202, 202, 202, 202, 202, 429], "the attacker's address runs out, not the phone");
                let (status, body) =
                    post_from(&app, "10.0.0.2", "/api/v1/registrations", registration_body("+375 29 700-00-09")).await;
                assert_eq!(status, 201, "the owner of the number can still register: {body}");
                assert_eq!(app.count_sms("+375297000009").await, 1);
                // Messages really queued for the phone do count: two more, then the cap.
                for ip in ["10.0.0.3", "10.0.0.4"] {
                    let (status, _) =
                        post_from(&app, ip, "/api/v1/registrations", registration_body("+375 29 700-00-09")).await;
                    assert_eq!(status, 201);
                }
                let (status, err) =
                    post_from(&app, "10.0.0.5", "/api/v1/registrations", registration_body("+375 29 700-00-09")).await;
                assert_eq!((status, err["error"]["code"].as_str()), (429, Some("sms_limit")), "{err}");
                assert_eq!(app.count_sms("+375297000009").await, 3);

                // A reset past an account's cap answers like one for a number without an account:
                // a refusal there would tell that the account exists.
                let _ = register(&app, "+375 29 700-00-08").await;
                let mut answers = vec![];
                for n in 0..4 {
                    let body = json!({ "phone": "+375 29 700-00-08" });
                    answers.push(post_from(&app, &format!("10.0.2.{n}"), "/api/v1/password-resets", body).await.0);
                }
                assert_eq!(answers, [202, 202, 202, 202]);
                app.drain_outbox().await;
                let codes = app.sms_lines().iter().filter(|l| l["purpose"] == "password_reset_code").count();
                assert_eq!(codes, 2, "the registration code and two reset codes make the cap of three");
                app.stop().await;
            },
        )
        .await;
    }
}

backend_test! {
    /// Issue 10.4: SMS pumping from many addresses meets the portal's hourly ceiling.
    async fn an_hourly_ceiling_across_all_addresses(backend) {
        on_backend_with(backend,
            |c| {
                c.trust_forwarded_for = true;
                c.sms_hourly_limit = 4;
            },
            |app| async move {
                for n in 0..4 {
                    let (status, _) = post_from(
                        &app,
                        &format!("10.0.1.{n}"),
                        "/api/v1/registrations",
                        registration_body(&format!("+375 29 710-00-0{n}")),
                    )
                    .await;
                    assert_eq!(status, 201);
                }
                let (status, err) =
                    post_from(&app, "10.0.1.9", "/api/v1/registrations", registration_body("+375 29 710-00-09")).await;
                assert_eq!((status, err["error"]["code"].as_str()), (429, Some("sms_limit")), "{err}");
                assert!(err["error"]["retry_after"].as_i64().unwrap() <= 3_600);
                app.advance(3_600);
                let (status, _) =
                    post_from(&app, "10.0.1.9", "/api/v1/registrations", registration_body("+375 29 710-00-09")).await;
                assert_eq!(status, 201, "a new hour, a new budget");
                app.stop().await;
            },
        )
        .await;
    }
}
