//! Password reset (DESIGN §5.3).

use serde_json::json;

use crate::support::{on_backend, register};

backend_test! {
    async fn reset_sends_a_new_password_and_ends_every_session(backend) {
        on_backend(backend, |app| async move {
            let old = register(&app, "+375 29 200-30-40").await;
            let signed_in = app.client();
            signed_in.post_json("/api/v1/auth/login", json!({ "login": "+375292003040", "password": old })).await;
            assert_eq!(signed_in.get_json("/api/v1/me").await.0, 200);

            let client = app.client();
            let (status, started) =
                client.post_json("/api/v1/password-resets", json!({ "phone": "8 029 200 30 40" })).await;
            assert_eq!(status, 202, "{started}");
            let id = started["reset_id"].as_str().unwrap();
            let code = app.secret("+375292003040", "password_reset_code", 1).await;
            let (status, err) =
                client.post_json(&format!("/api/v1/password-resets/{id}/confirm"), json!({ "code": "99999x" })).await;
            assert_eq!((status, err["error"]["field"].as_str()), (422, Some("code")));
            let (status, done) =
                client.post_json(&format!("/api/v1/password-resets/{id}/confirm"), json!({ "code": code })).await;
            assert_eq!(status, 200, "{done}");
            let new = app.secret_by_key(&format!("{id}:password")).await;
            assert_ne!(new, old);
            assert_eq!(signed_in.get_json("/api/v1/me").await.0, 401, "other sessions end");
            let (status, _) =
                client.post_json("/api/v1/auth/login", json!({ "login": "+375292003040", "password": old })).await;
            assert_eq!(status, 401);
            let (status, _) =
                client.post_json("/api/v1/auth/login", json!({ "login": "+375292003040", "password": new })).await;
            assert_eq!(status, 200);
            let events = app.events_of("+375292003040").await;
            assert!(events.contains(&"password_reset_completed".to_string()));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn reset_answers_do_not_reveal_whether_a_phone_is_registered(backend) {
        on_backend(backend, |app| async move {
            register(&app, "+375 29 200-30-41").await;
            let client = app.client();
            let (s1, known) = client.post_json("/api/v1/password-resets", json!({ "phone": "+375292003041" })).await;
            let (s2, unknown) = client.post_json("/api/v1/password-resets", json!({ "phone": "+375292003049" })).await;
            assert_eq!((s1, s2), (202, 202));
            let shape = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            assert_eq!(shape(&known), shape(&unknown));
            let id = unknown["reset_id"].as_str().unwrap();
            let (status, err) =
                client.post_json(&format!("/api/v1/password-resets/{id}/confirm"), json!({ "code": "123456" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_code")));
            assert_eq!(app.count_sms("+375292003049").await, 0, "nothing is sent to unknown numbers");
            let (status, err) = client.post_json("/api/v1/password-resets", json!({ "phone": "+7 916 000 00 00" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (422, Some("invalid_phone")));
            app.stop().await;
        })
        .await;
    }
}
