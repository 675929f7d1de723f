//! Staff's second factor (issue 12): enrolment at the first sign-in with a QR code, a code from
//! the app at every sign-in, accepted once, recovery codes, the shared lockout, and an
//! administrator's reset.

use serde_json::json;

use crate::staff::{staff, totp_at, totp_now};
use crate::support::*;

/// A staff account made the way the CLI makes it, not signed in.
async fn account(t: &TestApp, login: &str, role: &str) -> i64 {
    let hash = helpdesk::app::crypto::hash_password_blocking("staff password 1").unwrap();
    add_staff(&t.app().db, login, role, hash, vec![]).await
}

fn secret_of(page: &str) -> String {
    let start = page.find("id=\"totp-secret\">").expect("the secret is shown") + "id=\"totp-secret\">".len();
    page[start..start + page[start..].find('<').unwrap()].to_string()
}

/// Signs in through the pages up to the second step: (client, where the password led).
async fn password_step(t: &TestApp, login: &str) -> (Client, u16, String) {
    let client = t.client();
    let (status, location, _) =
        client.submit("/login", "/login", &[("login", login), ("password", "staff password 1")]).await;
    (client, status, location)
}

backend_test! {
    async fn a_supervisor_enrols_at_the_first_sign_in_and_then_signs_in_with_codes_used_once(backend) {
        on_backend(backend, |t| async move {
            account(&t, "boss-2fa", "supervisor").await;
            let (client, status, location) = password_step(&t, "boss-2fa").await;
            assert_eq!((status, location.as_str()), (303, "/login/second-factor/enrol"));
            assert_eq!(client.get("/staff").await.status(), 303, "no session yet: the console sends to the login");
            let page = client.get(&location).await.text().await.unwrap();
            assert!(page.contains("<svg") && page.contains("role=\"img\""), "a QR code drawn on the server");
            let secret = secret_of(&page);
            assert_eq!(secret.split(' ').count(), 8, "160 bits in groups of four: {secret}");
            // A reload shows the same secret: the app scanned a moment ago keeps working.
            assert_eq!(secret_of(&client.get(&location).await.text().await.unwrap()), secret);
            let (status, _, page) = client.submit(&location, "/login/second-factor", &[("totp", "000000")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("«Код из приложения»: код не подходит"), "{page}");
            let code = totp_now(&t, &secret);
            let (status, _, page) = client.submit(&location, "/login/second-factor", &[("totp", &code)]).await;
            assert_eq!(status, 200, "{page}");
            assert!(page.contains("Коды восстановления") && page.matches("<li><code>").count() == 10);
            let recovery: Vec<String> = page
                .split("<li><code>")
                .skip(1)
                .map(|s| s[..s.find('<').unwrap()].to_string())
                .collect();
            assert_eq!(client.get("/staff").await.status(), 200, "signed in");

            // The next sign-in asks for a code; the one just used is refused within its window.
            let (client, status, location) = password_step(&t, "boss-2fa").await;
            assert_eq!((status, location.as_str()), (303, "/login/second-factor"));
            let page = client.get(&location).await.text().await.unwrap();
            assert!(!page.contains("<svg"), "no secret shown once enrolled");
            let (status, _, _) = client.submit(&location, "/login/second-factor", &[("totp", &code)]).await;
            assert_eq!(status, 422, "a code is accepted once");
            t.advance(30);
            let next = totp_now(&t, &secret);
            let (status, location, _) = client.submit("/login/second-factor", "/login/second-factor", &[("totp", &next)]).await;
            assert_eq!((status, location.as_str()), (303, "/staff"));

            // A recovery code, typed loosely, works once.
            let loose = recovery[0].to_lowercase().replace('-', " ");
            let (client, _, _) = password_step(&t, "boss-2fa").await;
            let (status, location, _) =
                client.submit("/login/second-factor", "/login/second-factor", &[("totp", ""), ("recovery", &loose)]).await;
            assert_eq!((status, location.as_str()), (303, "/staff"));
            let (client, _, _) = password_step(&t, "boss-2fa").await;
            let (status, _, _) =
                client.submit("/login/second-factor", "/login/second-factor", &[("recovery", &recovery[0])]).await;
            assert_eq!(status, 422, "a recovery code is spent");
            let events = t.strings("SELECT event FROM audit_log ORDER BY id").await;
            assert!(events.contains(&"second_factor_enrolled".to_string()) && events.contains(&"second_factor_failed".to_string()));
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Wrong codes spend the attempts wrong passwords spend: the right password does not buy
    /// more guesses.
    async fn wrong_codes_lock_the_login_like_wrong_passwords(backend) {
        on_backend(backend, |t| async move {
            staff(&t, "boss-lock", "supervisor", &[]).await;
            let client = t.client();
            let login = json!({ "login": "boss-lock", "password": "staff password 1" });
            let (status, answer) = client.post_json("/api/v1/auth/login", login.clone()).await;
            assert_eq!((status, answer["second_factor"].as_str()), (202, Some("code")));
            let challenge = answer["challenge"].as_str().unwrap().to_string();
            let mut spent = 1; // the password's attempt
            loop {
                let wrong = json!({ "challenge": challenge, "totp": "123456" });
                let (status, body) = client.post_json("/api/v1/auth/second-factor", wrong).await;
                if status == 429 {
                    assert_eq!(body["error"]["code"], "locked");
                    break;
                }
                spent += 1;
                assert_eq!((status, body["error"]["code"].as_str()), (422, Some("invalid_totp")), "{body}");
                assert!(spent < 8, "locks after five spent attempts");
            }
            assert_eq!(spent, 5, "the password and four wrong codes lock the login");
            let (status, body) = client.post_json("/api/v1/auth/login", login).await;
            assert_eq!((status, body["error"]["code"].as_str()), (429, Some("locked")), "the password is refused too");
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_same_right_code_sent_five_times_at_once_signs_in_once(backend) {
        on_backend(backend, |t| async move {
            account(&t, "boss-race", "supervisor").await;
            let client = t.client();
            let (_, answer) = client.post_json("/api/v1/auth/login", json!({ "login": "boss-race", "password": "staff password 1" })).await;
            let challenge = answer["challenge"].as_str().unwrap().to_string();
            let (_, enrolment) = client.post_json("/api/v1/auth/second-factor/enrolment", json!({ "challenge": challenge })).await;
            let code = totp_now(&t, enrolment["secret"].as_str().unwrap());
            let sends = (0..5).map(|_| {
                let client = t.client();
                let body = json!({ "challenge": challenge, "totp": code });
                async move { client.post_json("/api/v1/auth/second-factor", body).await.0 }
            });
            let mut statuses = futures_util::future::join_all(sends).await;
            statuses.sort();
            assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM sessions").await, 1);
            // An abandoned sign-in expires after five minutes.
            let (_, answer) = client.post_json("/api/v1/auth/login", json!({ "login": "boss-race", "password": "staff password 1" })).await;
            let challenge = answer["challenge"].as_str().unwrap().to_string();
            t.advance(301);
            let code = totp_now(&t, enrolment["secret"].as_str().unwrap());
            let (status, body) = client.post_json("/api/v1/auth/second-factor", json!({ "challenge": challenge, "totp": code })).await;
            assert_eq!((status, body["error"]["code"].as_str()), (401, Some("sign_in_expired")));
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Operators sign in with a password alone unless the portal asks for more; an operator may
    /// turn the code on in the cabinet, and an administrator may reset anyone's factor.
    async fn operators_may_turn_it_on_and_an_administrator_resets_it(backend) {
        on_backend(backend, |t| async move {
            let operator = staff(&t, "op-2fa", "operator", &["ecp"]).await;
            let page = operator.get("/account/second-factor").await.text().await.unwrap();
            assert!(page.contains("защищает учётную запись"), "optional for operators: {page}");
            let secret = secret_of(&page);
            let code = totp_now(&t, &secret);
            let (status, _, page) =
                operator.submit("/account/second-factor", "/account/second-factor/enrol", &[("totp", &code)]).await;
            assert_eq!(status, 200, "{page}");
            assert_eq!(page.matches("<li><code>").count(), 10);
            let (_, status, location) = password_step(&t, "op-2fa").await;
            assert_eq!((status, location.as_str()), (303, "/login/second-factor"), "now asked every time");

            let admin = staff(&t, "root-2fa", "administrator", &[]).await;
            let id = t.app().db.user_by_username("op-2fa").await.unwrap().unwrap().id;
            let admin_user = helpdesk::app::auth::CurrentUser {
                credential: helpdesk::app::auth::Credential::CommandLine,
                user: t.app().db.user_by_username("root-2fa").await.unwrap().unwrap(),
            };
            let op_user = helpdesk::app::auth::CurrentUser {
                credential: helpdesk::app::auth::Credential::CommandLine,
                user: t.app().db.user_by_username("op-2fa").await.unwrap().unwrap(),
            };
            assert!(matches!(t.app().reset_second_factor(&op_user, id, &Default::default()).await, Err(helpdesk::app::AppError::Forbidden)));
            t.app().reset_second_factor(&admin_user, id, &Default::default()).await.unwrap();
            assert_eq!(operator.get("/staff").await.status(), 303, "the operator's sessions ended");
            let (_, status, location) = password_step(&t, "op-2fa").await;
            assert_eq!((status, location.as_str()), (303, "/staff"), "optional again, so a password alone");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'second_factor_reset'").await, 1);
            drop(admin);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn operators_enrol_too_when_the_portal_says_so(backend) {
        on_backend_with(backend, |c| c.totp_for_operators = true, |t| async move {
            account(&t, "op-must", "operator").await;
            let (client, status, location) = password_step(&t, "op-must").await;
            assert_eq!((status, location.as_str()), (303, "/login/second-factor/enrol"));
            let secret = secret_of(&client.get(&location).await.text().await.unwrap());
            // A code of the step before still fits (one step of drift).
            let code = totp_at(&secret, t.clock_now().unix_timestamp() / 30 - 1);
            let (status, _, _) = client.submit(&location, "/login/second-factor", &[("totp", &code)]).await;
            assert_eq!(status, 200);
            t.stop().await;
        })
        .await;
    }
}
