//! The personal cabinet (pages): profile, password, organisations, sessions, consents.

use crate::support::{on_backend, register, Client, TestApp};

/// Changes the password in the cabinet: (status, Location).
async fn change_password(client: &Client, current: &str, new: &str) -> (u16, String) {
    let fields = [("current_password", current), ("new_password", new), ("new_password_repeat", new)];
    let (status, location, _) = client.submit("/account/password", "/account/password", &fields).await;
    (status, location)
}

async fn signed_in(app: &TestApp, phone: &str) -> (Client, String) {
    let password = register(app, phone).await;
    let client = app.client();
    let (status, location, _) = client.submit("/login", "/login", &[("login", phone), ("password", &password)]).await;
    assert_eq!(status, 303);
    assert_eq!(location, "/account/password?invited=1", "a generated password invites to choose one");
    (client, password)
}

backend_test! {
    async fn change_password_with_the_rules_of_design_section_4(backend) {
        on_backend(backend, |app| async move {
            let (client, password) = signed_in(&app, "+375 29 300-40-50").await;
            let other = app.client();
            other
                .post_json("/api/v1/auth/login", serde_json::json!({ "login": "+375293004050", "password": password }))
                .await;
            let page = client.get("/account/password?invited=1").await.text().await.unwrap();
            assert!(page.contains("Задайте собственный пароль"), "{page}");
            let cases = [
                (&password[..], "1234567", "1234567", "не короче 8 символов"),
                (&password[..], "qwerty123", "qwerty123", "слишком распространён"),
                (&password[..], "моя293004050", "моя293004050", "номер телефона или имя"),
                (&password[..], "Иванов-навсегда", "Иванов-навсегда", "номер телефона или имя"),
                (&password[..], "лето в Минске 2026", "лето в Минске 2027", "не совпадают"),
                ("wrong-current", "лето в Минске 2026", "лето в Минске 2026", "Текущий пароль"),
            ];
            for (current, new, repeat, words) in cases {
                let (status, _, body) = client
                    .submit(
                        "/account/password",
                        "/account/password",
                        &[("current_password", current), ("new_password", new), ("new_password_repeat", repeat)],
                    )
                    .await;
                assert_eq!(status, 422, "{new}");
                assert!(body.contains(words), "{new}: expected «{words}»");
                assert!(body.contains("aria-invalid=\"true\""), "the field is marked invalid");
            }
            let (status, location) = change_password(&client, &password, "лето в Минске 2026").await;
            assert_eq!((status, location.as_str()), (303, "/account?done=password-changed"));
            assert_eq!(client.get_json("/api/v1/me").await.0, 200, "this session stays");
            assert_eq!(other.get_json("/api/v1/me").await.0, 401, "other sessions end");
            let (_, me) = client.get_json("/api/v1/me").await;
            assert_eq!(me["must_change_password"], false);
            let events = app.events_of("+375293004050").await;
            assert!(events.contains(&"password_changed".to_string()), "{events:?}");
            let fresh = app.client();
            let (status, _) = fresh
                .post_json(
                    "/api/v1/auth/login",
                    serde_json::json!({ "login": "+375293004050", "password": "лето в Минске 2026" }),
                )
                .await;
            assert_eq!(status, 200);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn profile_organisations_sessions_and_consent_withdrawal(backend) {
        on_backend(backend, |app| async move {
            let orgs = helpdesk::demo::demo_organizations();
            app.app().db.import_registry(&orgs, 0).await.unwrap();
            let (client, password) = signed_in(&app, "+375 29 300-40-51").await;
            let page = client.get("/account").await.text().await.unwrap();
            assert!(page.contains("+375 29 300-40-51"));

            let (status, _, body) = client
                .submit(
                    "/account",
                    "/account/profile",
                    &[("last_name", ""), ("first_name", "Пётр"), ("middle_name", ""), ("email", "x@")],
                )
                .await;
            assert_eq!(status, 422);
            assert!(body.contains("Заполните поле «Фамилия»") && body.contains("name@example.by"), "{body}");
            assert!(body.contains("value=\"Пётр\""), "what was typed is kept");
            let (status, location, _) = client
                .submit(
                    "/account",
                    "/account/profile",
                    &[("last_name", "Петров"), ("first_name", "Пётр"), ("middle_name", ""), ("email", "P@Mail.BY")],
                )
                .await;
            assert_eq!((status, location.as_str()), (303, "/account?done=profile-saved"));
            let (_, me) = client.get_json("/api/v1/me").await;
            assert_eq!((me["last_name"].as_str(), me["email"].as_str()), (Some("Петров"), Some("P@mail.by")));

            // Add a known organisation, then an unknown one that needs its details.
            let (status, location, _) =
                client.submit("/account", "/account/organizations", &[("unp", "190542056"), ("position", "Инженер")]).await;
            assert_eq!((status, location.as_str()), (303, "/account?done=organization-added"));
            let unknown = helpdesk::domain::unp::with_check_digit("39000000").unwrap();
            let (status, _, body) = client.submit("/account", "/account/organizations", &[("unp", &unknown)]).await;
            assert_eq!(status, 422);
            assert!(body.contains("Организация не найдена в Системе. Введите данные об организации"), "{body}");
            let (status, _, _) = client
                .submit(
                    "/account",
                    "/account/organizations",
                    &[("unp", &unknown), ("org_name", "ОАО «Витебск»"), ("org_address", "г. Витебск")],
                )
                .await;
            assert_eq!(status, 303);
            let (status, location, _) = client.submit("/account", "/account/organizations", &[("unp", "190542056")]).await;
            assert_eq!((status, location.as_str()), (303, "/account?done=organization-exists"));
            let (_, me) = client.get_json("/api/v1/me").await;
            let statuses: Vec<(&str, &str)> = me["organizations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| (o["unp"].as_str().unwrap(), o["status"].as_str().unwrap()))
                .collect();
            assert_eq!(statuses, [("190542056", "pending"), (unknown.as_str(), "pending")]);
            let page = client.get("/account").await.text().await.unwrap();
            assert!(page.contains("На рассмотрении"));

            // End another session from the cabinet.
            let phone_client = app.client();
            phone_client
                .post_json("/api/v1/auth/login", serde_json::json!({ "login": "+375293004051", "password": password }))
                .await;
            let user = app.app().db.user_by_phone("+375293004051").await.unwrap().unwrap();
            let sessions = app.app().db.sessions_of(user.id, app.app().now_unix()).await.unwrap();
            assert_eq!(sessions.len(), 2);
            let page = client.get("/account").await.text().await.unwrap();
            let other_id = sessions
                .iter()
                .map(|s| s.id)
                .find(|id| page.contains(&format!("/account/sessions/{id}/end")))
                .expect("the other session can be ended");
            let (status, _, _) = client.submit("/account", &format!("/account/sessions/{other_id}/end"), &[]).await;
            assert_eq!(status, 303);
            assert_eq!(phone_client.get_json("/api/v1/me").await.0, 401);
            assert_eq!(client.get_json("/api/v1/me").await.0, 200);

            // Withdraw consent: explained first, then the account is blocked.
            let explain = client.get("/account/consent/withdraw").await.text().await.unwrap();
            assert!(explain.contains("будет заблокирована"));
            let (status, location, _) = client.submit("/account/consent/withdraw", "/account/consent/withdraw", &[]).await;
            assert_eq!((status, location.as_str()), (303, "/login?reason=withdrawn"));
            assert_eq!(client.get_json("/api/v1/me").await.0, 401);
            let (status, err) = app
                .client()
                .post_json("/api/v1/auth/login", serde_json::json!({ "login": "+375293004051", "password": password }))
                .await;
            assert_eq!((status, err["error"]["code"].as_str()), (403, Some("account_blocked")));
            let consents = app.app().db.consents_of(user.id).await.unwrap();
            assert!(consents.iter().all(|c| c.withdrawn_at.is_some()));
            let events: Vec<String> =
                app.app().db.audit_events(Some(user.id), 50).await.unwrap().into_iter().map(|e| e.event).collect();
            assert!(events.contains(&"consent_withdrawn".to_string()), "{events:?}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_cabinet_needs_a_session(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let r = client.get("/account").await;
            assert_eq!(r.status(), 303);
            assert_eq!(r.headers()["location"], "/login?next=/account");
            let (status, err) = client.get_json("/api/v1/me").await;
            assert_eq!((status, err["error"]["code"].as_str()), (401, Some("unauthorized")));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn people_can_download_their_data(backend) {
        on_backend(backend, |app| async move {
            let (client, _) = signed_in(&app, "+375 29 300-40-52").await;
            let r = client.get("/account/data").await;
            assert_eq!(r.status(), 200);
            assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
            let data: serde_json::Value = r.json().await.unwrap();
            assert_eq!(data["profile"]["phone"], "+375293004052");
            let documents: Vec<&str> =
                data["consents"].as_array().unwrap().iter().map(|c| c["document"].as_str().unwrap()).collect();
            assert_eq!(documents, ["personal_data", "terms_of_use"]);
            let events: Vec<&str> =
                data["events"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
            assert!(events.contains(&"consent_given") && events.contains(&"login_ok"), "{events:?}");
            assert!(!data.to_string().contains("argon2"), "no password hash in the export");
            assert_eq!(app.client().get("/account/data").await.status(), 303);
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn personal_api_tokens(backend) {
        on_backend(backend, |app| async move {
            let (client, _) = signed_in(&app, "+375 29 300-40-53").await;
            let (status, _, page) = client.submit("/account", "/account/tokens", &[("token_name", "")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("Заполните поле «Название токена»"));
            let (status, _, page) = client.submit("/account", "/account/tokens", &[("token_name", "1С интеграция")]).await;
            assert_eq!(status, 200);
            let marker = "<code id=\"new-token\">";
            let start = page.find(marker).expect("the token is shown once") + marker.len();
            let token = page[start..start + page[start..].find('<').unwrap()].to_string();
            assert!(token.starts_with("hdk_") && token.len() > 40, "{token}");
            assert!(!client.get("/account").await.text().await.unwrap().contains(&token), "never shown again");

            let api = reqwest::Client::new();
            let me = api.get(format!("{}/api/v1/me", app.url)).bearer_auth(&token).send().await.unwrap();
            assert_eq!(me.status(), 200);
            let created = api
                .post(format!("{}/api/v1/tickets", app.url))
                .bearer_auth(&token)
                .json(&serde_json::json!({ "service": "other-question", "subject": "Из 1С", "body": "Заявка через API" }))
                .send()
                .await
                .unwrap();
            assert_eq!(created.status(), 201);
            let forged = api.get(format!("{}/api/v1/me", app.url)).bearer_auth(format!("{token}x")).send().await.unwrap();
            assert_eq!(forged.status(), 401);

            let page = client.get("/account").await.text().await.unwrap();
            assert!(page.contains("1С интеграция"));
            let user = app.app().db.user_by_phone("+375293004053").await.unwrap().unwrap();
            let tokens = app.app().db.api_tokens_of(user.id, app.app().now_unix()).await.unwrap();
            assert!(tokens[0].last_used_at.is_some(), "last use is noted");
            let (status, _, _) = client.submit("/account", &format!("/account/tokens/{}/revoke", tokens[0].id), &[]).await;
            assert_eq!(status, 303);
            let after = api.get(format!("{}/api/v1/me", app.url)).bearer_auth(&token).send().await.unwrap();
            assert_eq!(after.status(), 401, "a revoked token is dead");
            let events = app.events_of("+375293004053").await;
            assert!(events.contains(&"api_token_created".to_string()) && events.contains(&"api_token_revoked".to_string()));
            app.stop().await;
        })
        .await;
    }
}

/// Creates a token in the cabinet (lifetime in days, empty for the default) and returns it.
async fn new_token(client: &Client, name: &str, lifetime: &str) -> String {
    let (status, _, page) =
        client.submit("/account", "/account/tokens", &[("token_name", name), ("token_lifetime", lifetime)]).await;
    assert_eq!(status, 200, "{page}");
    let marker = "<code id=\"new-token\">";
    let start = page.find(marker).expect("the token is shown once") + marker.len();
    page[start..start + page[start..].find('<').unwrap()].to_string()
}

async fn with_token(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

backend_test! {
    /// Issue 10.3: a token lives its chosen time, dies with a password change or reset (and the
    /// owner hears of it), never reaches the cabinet and cannot make more tokens.
    async fn api_tokens_expire_die_with_the_password_and_stay_out_of_the_cabinet(backend) {
        on_backend(backend, |app| async move {
            let (client, password) = signed_in(&app, "+375 29 300-40-54").await;
            let page = client.get("/account").await.text().await.unwrap();
            assert!(page.contains("Срок действия") && page.contains("30 дней") && page.contains("365 дней"), "{page}");
            let (status, _, page) = client
                .submit("/account", "/account/tokens", &[("token_name", "x"), ("token_lifetime", "100000")])
                .await;
            assert_eq!(status, 422);
            assert!(page.contains("«Срок действия»: выберите значение из списка."), "{page}");

            let month = new_token(&client, "На месяц", "30").await;
            assert_eq!(with_token(&app, &month, "/api/v1/me").await.status(), 200);
            let cabinet = with_token(&app, &month, "/account").await;
            assert_eq!(cabinet.status(), 303, "a token is no sign-in for the cabinet");
            assert!(cabinet.headers()["location"].to_str().unwrap().starts_with("/login"));
            let minted = reqwest::Client::new()
                .post(format!("{}/account/tokens", app.url))
                .bearer_auth(&month)
                .form(&[("token_name", "ещё один")])
                .send()
                .await
                .unwrap();
            assert_ne!(minted.status(), 200, "a token cannot make tokens");
            let user = app.app().db.user_by_phone("+375293004054").await.unwrap().unwrap();
            assert_eq!(app.app().db.api_tokens_of(user.id, app.app().now_unix()).await.unwrap().len(), 1);
            let page = client.get("/account").await.text().await.unwrap();
            assert!(page.contains("действует до"), "the expiry is shown");

            app.advance(30 * 86_400 + 1);
            assert_eq!(with_token(&app, &month, "/api/v1/me").await.status(), 401, "expired after 30 days");

            // A password change revokes what is left, and says so.
            let (client, password) = (app.client(), password);
            let (status, _, _) =
                client.submit("/login", "/login", &[("login", "+375293004054"), ("password", &password)]).await;
            assert_eq!(status, 303);
            let year = new_token(&client, "Интеграция", "").await;
            assert_eq!(with_token(&app, &year, "/api/v1/me").await.status(), 200);
            let (status, location) = change_password(&client, &password, "лето в Минске 2026").await;
            assert_eq!((status, location.as_str()), (303, "/account?done=password-changed-tokens-revoked"));
            assert_eq!(with_token(&app, &year, "/api/v1/me").await.status(), 401, "dead with the old password");
            let page = client.get(&location).await.text().await.unwrap();
            assert!(page.contains("API-токены отозваны"), "{page}");
            assert!(page.contains("1 токен отозван при смене пароля"), "{page}");
            let sms = app.sms("+375293004054", "tokens_revoked", 1).await;
            assert!(sms.contains("API-токены отозваны"), "{sms}");

            // A reset does the same.
            let again = new_token(&client, "После смены", "90").await;
            assert_eq!(with_token(&app, &again, "/api/v1/me").await.status(), 200);
            let (status, started) =
                client.post_json("/api/v1/password-resets", serde_json::json!({ "phone": "+375293004054" })).await;
            assert_eq!(status, 202);
            let id = started["reset_id"].as_str().unwrap();
            let code = app.secret_by_key(&format!("{id}:1")).await;
            let (status, _) = client
                .post_json(&format!("/api/v1/password-resets/{id}/confirm"), serde_json::json!({ "code": code }))
                .await;
            assert_eq!(status, 200);
            assert_eq!(with_token(&app, &again, "/api/v1/me").await.status(), 401, "dead after a reset");
            let sms = app.sms("+375293004054", "tokens_revoked", 2).await;
            assert!(sms.contains("API-токены отозваны"), "{sms}");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Issue 10.3: staff tokens would escape the session timeouts, so they work only where the
    /// operator allows them.
    async fn staff_tokens_only_where_allowed(backend) {
        for allowed in [false, true] {
            crate::support::on_backend_with(
                backend,
                move |c| c.api_tokens_for_staff = allowed,
                |app| async move {
                    let staff = crate::staff::staff(&app, "operator1", "operator", &["ecp"]).await;
                    let page = staff.get("/account").await.text().await.unwrap();
                    assert_eq!(page.contains("id=\"create-token\""), allowed, "the form only where allowed");
                    let (status, _, page) = staff
                        .submit("/account", "/account/tokens", &[("token_name", "скрипт"), ("token_lifetime", "30")])
                        .await;
                    if allowed {
                        assert_eq!(status, 200, "{page}");
                    } else {
                        assert_eq!(status, 422);
                        assert!(page.contains("сотрудникам API-токены не выдаются"), "{page}");
                    }
                    // A token made before the setting was turned off stops working.
                    let user = app.app().db.user_by_username("operator1").await.unwrap().unwrap();
                    let token = "hdk_staff-token-made-earlier-000000000000000000";
                    let audit = helpdesk::store::audit::AuditEntry {
                        at: 0,
                        event: "api_token_created",
                        user_id: Some(user.id),
                        ip: None,
                        details: serde_json::json!({}),
                        object: None,
                    };
                    let new = helpdesk::store::sessions::NewApiToken {
                        user_id: user.id,
                        name: "earlier",
                        token_hash: &helpdesk::app::crypto::sha256(token.as_bytes()),
                        now: app.app().now_unix(),
                        expires_at: app.app().now_unix() + 86_400,
                    };
                    app.app().db.create_api_token(&new, &audit).await.unwrap();
                    let status = with_token(&app, token, "/api/v1/staff/tickets").await.status();
                    assert_eq!(status, if allowed { 200 } else { 401 });
                    app.stop().await;
                },
            )
            .await;
        }
    }
}
