//! The registration journey through the HTML forms, without JavaScript (the seed, steps 1–10).

use crate::support::{on_backend, Backend};

fn fields<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("last_name", "Сидорова"),
        ("first_name", "Алеся"),
        ("middle_name", "Міхайлаўна"),
        ("phone", "8 (044) 555-66-77"),
        ("email", ""),
        ("position", "Директор"),
        ("accept_personal_data", "on"),
        ("accept_terms", "on"),
        ("action", "send"),
    ];
    for (k, v) in extra {
        f.retain(|(name, _)| name != k);
        f.push((k, v));
    }
    f
}

backend_test! {
    async fn the_whole_journey_in_forms(backend) {
        on_backend(backend, |app| async move {
            app.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let client = app.client();
            // Landing page → «Регистрация».
            let landing = client.get("/").await.text().await.unwrap();
            assert!(landing.contains("href=\"/register\"") && landing.contains("Регистрация") && landing.contains("Вход"));
            // Step 3: the form, required fields marked with «*».
            let form = client.get("/register").await.text().await.unwrap();
            for label in ["Фамилия", "Имя", "Отчество", "Мобильный телефон", "E-mail", "УНП организации", "Должность"]
            {
                assert!(form.contains(&format!(">{label}")), "label {label}");
            }
            assert_eq!(
                form.matches("class=\"req\"").count(),
                5,
                "Фамилия, Имя, телефон and the two hidden organisation fields"
            );
            assert!(form.contains("href=\"/docs/consent\"") && form.contains("href=\"/docs/terms\""));
            assert!(form.contains("Получить код подтверждения"));

            // Step 4.2: a known organisation is filled in read-only.
            let (status, _, page) =
                client.submit("/register", "/register", &fields(&[("unp", "100 582 333"), ("action", "lookup")])).await;
            assert_eq!(status, 200);
            assert!(
                page.contains("Организация найдена") && page.contains("Национальный центр электронных услуг"),
                "{page}"
            );
            // Step 4.1: an unknown one asks for its details.
            let unknown = helpdesk::domain::unp::with_check_digit("19999999").unwrap();
            let (status, _, page) = client.submit("/register", "/register", &fields(&[("unp", &unknown)])).await;
            assert_eq!(status, 422);
            assert!(page.contains("Организация не найдена в Системе. Введите данные об организации"));
            assert!(page.contains("<div id=\"org-manual\">"), "manual fields shown");
            assert!(page.contains("Заполните поле «Полное наименование организации»"));
            assert!(page.contains("value=\"Сидорова\""), "nothing typed is lost");
            // A wrong check digit.
            let (status, _, page) = client.submit("/register", "/register", &fields(&[("unp", "100582330")])).await;
            assert_eq!(status, 422);
            assert!(page.contains("«УНП организации»: такого УНП нет"));
            assert!(page.contains("aria-describedby=\"unp-error"), "the error is tied to its field");
            // Step 5: without both consents the server refuses.
            let without: Vec<(&str, &str)> = fields(&[]).into_iter().filter(|(k, _)| *k != "accept_terms").collect();
            let (status, _, page) = client.submit("/register", "/register", &without).await;
            assert_eq!(status, 422);
            assert!(page.contains("id=\"accept_terms-error\""));

            // Steps 5–7.
            let (status, location, _) = client.submit("/register", "/register", &fields(&[("unp", "100582333")])).await;
            assert_eq!(status, 303);
            assert!(location.starts_with("/register/") && location.ends_with("/confirm"), "{location}");
            let confirm = client.get(&location).await.text().await.unwrap();
            assert!(
                confirm.contains("<strong class=\"nowrap\" id=\"masked-phone\">+375 44 ***-**-77</strong>"),
                "masked phone"
            );
            assert!(confirm.contains("Код действителен ещё 5:00"));
            assert!(confirm.contains("Подтвердить") && confirm.contains("Отправить код повторно"));
            assert!(confirm.contains("id=\"resend-code\" data-seconds=\"60\""), "the script counts the cool-down down");
            assert!(!confirm.contains("data-exhausted=\"false\" disabled"), "without script the button still works");
            assert!(confirm.contains("Отправить код повторно можно через 60\u{a0}с"), "the page says how long");
            // Pressed too early (no script to stop it): the answer says how long to wait.
            let resend = location.replace("/confirm", "/resend");
            let (status, _, page) = client.submit(&location, &resend, &[]).await;
            assert_eq!(status, 422, "the code form again, with the reason");
            assert!(page.contains("Новый код можно запросить через 60\u{a0}с."), "{page}");
            let code = app.secret("+375445556677", "registration_code", 1).await;
            let wrong = if code == "111111" { "222222" } else { "111111" };
            let (status, _, page) = client.submit(&location, &location, &[("code", wrong)]).await;
            assert_eq!(status, 422);
            assert!(page.contains("Неверный код. Осталось 4 попытки."), "{page}");
            let (status, done, _) = client.submit(&location, &location, &[("code", &code)]).await;
            assert_eq!(status, 303);
            assert!(done.ends_with("/done"));
            // Step 8: the completion page with the login and the button.
            let page = client.get(&done).await.text().await.unwrap();
            assert!(page.contains("Регистрация завершена"));
            assert!(page.contains("+375 44 555-66-77"));
            assert!(page.contains("Вход в систему техподдержка"));
            assert!(page.contains("href=\"/login?login=%2B375%2044%20555-66-77\""), "{page}");
            // Steps 9–10: the login page and «Войти».
            let login_page = client.get("/login?login=%2B375%2044%20555-66-77").await.text().await.unwrap();
            assert!(
                login_page.contains("Имя пользователя (логин)")
                    && login_page.contains("CapsLock")
                    && login_page.contains("Забыли пароль?")
            );
            assert!(login_page.contains("value=\"+375 44 555-66-77\""));
            let password = app.secret("+375445556677", "password", 1).await;
            let (status, location, _) = client
                .submit("/login", "/login", &[("login", "+375 44 555-66-77"), ("password", &password), ("next", "")])
                .await;
            assert_eq!((status, location.as_str()), (303, "/account/password?invited=1"));
            let cabinet = client.get("/account").await.text().await.unwrap();
            assert!(cabinet.contains("Национальный центр электронных услуг") && cabinet.contains("На рассмотрении"));
            if app.backend == Backend::Sqlite {
                // Reloading the done page later still shows it; the code page sends there.
                let again = client.get(&done.replace("/done", "/confirm")).await;
                assert_eq!(again.status(), 303);
            }
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn wrong_login_shows_the_error_on_the_page(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let (status, _, page) =
                client.submit("/login", "/login", &[("login", "+375291112233"), ("password", "nope-nope")]).await;
            assert_eq!(status, 401);
            assert!(page.contains("Неверное имя пользователя или пароль."));
            assert!(page.contains("value=\"+375291112233\""), "the login is kept");
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn pages_in_belarusian_and_english(backend) {
        on_backend(backend, |app| async move {
            let client = app.client();
            let r = client
                .http
                .get(format!("{}/lang/be", app.url))
                .header("referer", format!("{}/register", app.url))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303);
            assert_eq!(r.headers()["location"], "/register");
            let page = client.get("/register").await.text().await.unwrap();
            assert!(
                page.contains("Прозвішча") && page.contains("Атрымаць код пацвярджэння") && page.contains("lang=\"be\"")
            );
            let (_, _, page) = client.submit("/register", "/register", &[("action", "send"), ("phone", "12")]).await;
            assert!(page.contains("Запоўніце поле «Прозвішча»"), "{page}");
            let english = app.client();
            let page = english
                .http
                .get(format!("{}/login", app.url))
                .header("accept-language", "en-GB,en;q=0.9")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(page.contains("Username") && page.contains("Forgot your password?"));
            let consent = client.get("/docs/consent").await.text().await.unwrap();
            assert!(consent.contains("Згода на апрацоўку персанальных даных") && consent.contains("99-З"));
            app.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn password_reset_pages(backend) {
        on_backend(backend, |app| async move {
            crate::support::register(&app, "+375 29 400-50-60").await;
            let client = app.client();
            let (status, location, _) =
                client.submit("/password-reset", "/password-reset", &[("phone", "80294005060")]).await;
            assert_eq!(status, 303);
            let page = client.get(&location).await.text().await.unwrap();
            assert!(page.contains("+375 29 ***-**-60"));
            let code = app.secret("+375294005060", "password_reset_code", 1).await;
            let (status, done, _) = client.submit(&location, &location, &[("code", &code)]).await;
            assert_eq!(status, 303);
            let page = client.get(&done).await.text().await.unwrap();
            assert!(page.contains("Новый пароль отправлен") && page.contains("Вход в систему техподдержка"));
            let (status, _, page) = client.submit("/password-reset", "/password-reset", &[("phone", "12345")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("белорусский мобильный номер"));
            app.stop().await;
        })
        .await;
    }
}
