//! Administration in the browser (issue 12): staff, groups, services — through the pages, as
//! an administrator would, with the refusals a non-administrator and bad input get.

use serde_json::json;

use crate::staff::staff;
use crate::support::*;

/// The text of an element with this id (up to its first tag).
pub fn text_of(page: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no #{id} in {page}")) + marker.len();
    page[start..start + page[start..].find('<').unwrap()].to_string()
}

backend_test! {
    async fn an_administrator_sets_up_groups_services_and_staff_in_the_browser(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root", "administrator", &[]).await;
            assert_eq!(admin.get("/admin").await.status(), 200);

            // A group: a bad code is named in Russian, nothing is created.
            let (status, _, page) = admin
                .submit("/admin/groups", "/admin/groups", &[("group_code", "Новая"), ("name_ru", "Выездная поддержка"), ("name_be", ""), ("name_en", "Field support")])
                .await;
            assert_eq!(status, 422);
            assert!(page.contains("«Код группы»: латинские строчные буквы"), "{page}");
            assert!(page.contains("Заполните поле «Название по-белорусски»"));
            let fields = [("group_code", "field"), ("name_ru", "Выездная поддержка"), ("name_be", "Выязная падтрымка"), ("name_en", "Field support")];
            let (status, location, _) = admin.submit("/admin/groups", "/admin/groups", &fields).await;
            assert_eq!(status, 303, "{location}");
            let group_path = location.split('?').next().unwrap().to_string();
            let (status, _, page) = admin.submit("/admin/groups", "/admin/groups", &fields).await;
            assert_eq!(status, 422);
            assert!(page.contains("такой код уже есть"));

            // A service in the ЭЦП section that sends its tickets to the new group.
            let policy = t.scalar("SELECT id FROM sla_policies WHERE position = 20").await.to_string();
            let service = [
                ("service_code", "ecp-field"),
                ("parent", "ecp"),
                ("name_ru", "Выезд специалиста"),
                ("name_be", "Выезд спецыяліста"),
                ("name_en", "On-site visit"),
                ("group", "field"),
                ("sla_policy", policy.as_str()),
                ("list_order", "15"),
                ("active", "true"),
            ];
            let (status, location, body) = admin.submit("/admin/services/new", "/admin/services", &service).await;
            assert_eq!(status, 303, "{body}");
            let service_path = location.split('?').next().unwrap().to_string();
            let (_, services) = t.client().get_json("/api/v1/services").await;
            let ecp = services.as_array().unwrap().iter().find(|s| s["code"] == "ecp").unwrap();
            assert!(ecp["children"].as_array().unwrap().iter().any(|c| c["code"] == "ecp-field"), "customers can choose it");

            // An operator of the new group, with a password shown once.
            let operator = [("login", "Ivanova.O"), ("last_name", "Иванова"), ("first_name", "Ольга"), ("email", "olga@example.by"), ("role", "operator"), ("groups", "field"), ("groups", "ecp")];
            let (status, _, page) = admin.submit("/admin/staff/new", "/admin/staff", &operator).await;
            assert_eq!(status, 200, "{page}");
            assert_eq!(text_of(&page, "once-login"), "ivanova.o");
            let password = text_of(&page, "once-password");
            assert_eq!(password.len(), 10, "a generated password");
            let (status, _, page) = admin.submit("/admin/staff/new", "/admin/staff", &operator).await;
            assert_eq!(status, 422);
            assert!(page.contains("такой логин уже есть"));
            let (status, _, page) = admin
                .submit("/admin/staff/new", "/admin/staff", &[("login", "89291234567"), ("last_name", "X1"), ("role", "root")])
                .await;
            assert_eq!(status, 422);
            assert!(page.contains("не номер телефона") && page.contains("«Фамилия»") && page.contains("выберите роль"), "{page}");

            // She signs in with it and is asked to choose her own first.
            let olga = t.client();
            let (status, location, _) = olga.submit("/login", "/login", &[("login", "ivanova.o"), ("password", &password)]).await;
            assert_eq!((status, location.as_str()), (303, "/account/password?invited=1"));

            // A customer files under the new service: the ticket goes to the new group, with the chosen policy.
            let customer = customer(&t, "+375 29 740-00-01").await;
            let (status, created) = customer
                .post_json("/api/v1/tickets", json!({ "service": "ecp-field", "subject": "Выезд", "body": "Нужен специалист.", "priority": "low" }))
                .await;
            assert_eq!(status, 201, "{created}");
            let number = created["number"].as_str().unwrap().to_string();
            let group_of = t.strings(&format!("SELECT g.code FROM tickets k JOIN staff_groups g ON g.id = k.group_id WHERE k.number = '{number}'")).await;
            assert_eq!(group_of, ["field"]);
            let policy_of = t.scalar(&format!("SELECT s.policy_id FROM ticket_sla s JOIN tickets k ON k.id = s.ticket_id WHERE k.number = '{number}'")).await;
            assert_eq!(policy_of.to_string(), policy, "the service's own policy, though a low ticket would fall to the catch-all");

            // The group cannot be archived while the service routes to it; archived, the service leaves the choices.
            let (status, _, page) = admin.submit(&group_path, &format!("{group_path}/archive"), &[("archived", "true")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("в неё поступают заявки активных услуг"), "{page}");
            let mut withdrawn = service.to_vec();
            withdrawn.retain(|(k, _)| *k != "active" && *k != "service_code");
            let (status, _, _) = admin.submit(&service_path, &service_path, &withdrawn).await;
            assert_eq!(status, 303);
            let (_, services) = t.client().get_json("/api/v1/services").await;
            assert!(!services.to_string().contains("ecp-field"), "withdrawn from the customers' list");
            let (_, ticket) = customer.get_json(&format!("/api/v1/tickets/{number}")).await;
            assert_eq!(ticket["service"], "ecp-field", "old tickets keep it");
            let (status, _, _) = admin.submit(&group_path, &format!("{group_path}/archive"), &[("archived", "true")]).await;
            assert_eq!(status, 303);
            let page = admin.get("/admin/staff/new").await.text().await.unwrap();
            assert!(!page.contains("value=\"field\""), "an archived group is no choice");

            // Blocking ends her sessions; the audit log has each change with its object.
            let olga_id = t.scalar("SELECT id FROM users WHERE username = 'ivanova.o'").await;
            let (status, _, _) = admin.submit(&format!("/admin/staff/{olga_id}"), &format!("/admin/staff/{olga_id}/status"), &[("active", "false")]).await;
            assert_eq!(status, 303);
            let (status, _) = olga.get_json("/api/v1/me").await;
            assert_eq!(status, 401);
            let objects = t.strings("SELECT event || ' ' || COALESCE(object, '') FROM audit_log WHERE object IS NOT NULL ORDER BY id").await;
            for expected in ["group_created group:field", "service_created service:ecp-field", "staff_created staff:ivanova.o", "service_changed service:ecp-field", "group_archived group:field", "staff_disabled staff:ivanova.o"] {
                assert!(objects.iter().any(|o| o == expected), "{expected}: {objects:?}");
            }
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn only_administrators_reach_the_administration(backend) {
        on_backend(backend, |t| async move {
            let operator = staff(&t, "op-adm", "operator", &["ecp"]).await;
            let boss = staff(&t, "boss-adm", "supervisor", &[]).await;
            let customer = customer(&t, "+375 29 740-00-02").await;
            assert_eq!(operator.get("/admin/staff").await.status(), 403);
            assert_eq!(boss.get("/admin/staff").await.status(), 403, "supervisors do not manage staff");
            assert_eq!(boss.get("/admin").await.status(), 200, "but have their part of it");
            assert_eq!(customer.get("/admin/groups").await.status(), 403);
            assert_eq!(t.client().get("/admin/services").await.status(), 303, "to the sign-in");
            let (status, _, _) = operator.submit("/staff", "/admin/groups", &[("group_code", "x1"), ("name_ru", "X"), ("name_be", "X"), ("name_en", "X")]).await;
            assert_eq!(status, 403);
            assert_eq!(t.scalar("SELECT COUNT(*) FROM staff_groups WHERE code = 'x1'").await, 0);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// A registry as Belarusian Excel saves it (windows-1251, `;`) with one bad line: the
    /// preview shows every line with its error before anything is written; the valid ones are
    /// imported together, and the organisation's contract can be edited.
    async fn the_registry_is_uploaded_previewed_and_imported(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root-reg", "administrator", &[]).await;
            let page = admin.get("/admin/organizations/import").await.text().await.unwrap();
            let csrf = csrf_of(&page);
            let (excel, _, _) = encoding_rs::WINDOWS_1251.encode(
                "УНП;Наименование;Адрес;Номер договора;Дата договора\r\n\
                 190542056;ЧУП «Василёк»;г. Гродно, ул. Советская, 1;Д-2;15.01.2024\r\n\
                 190542057;Ошибка;;;\r\n\
                 100582333;НЦЭУ;г. Минск;;\r\n",
            );
            let upload = |bytes: Vec<u8>, name: &'static str| {
                let form = reqwest::multipart::Form::new()
                    .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
                admin.http.post(format!("{}/admin/organizations/import?csrf={csrf}", t.url)).multipart(form).send()
            };
            let r = upload(excel.to_vec(), "реестр.csv").await.unwrap();
            assert_eq!(r.status(), 303);
            let preview_path = r.headers()["location"].to_str().unwrap().to_string();
            assert_eq!(t.scalar("SELECT COUNT(*) FROM organizations").await, 0, "nothing written before the word");
            let page = admin.get(&preview_path).await.text().await.unwrap();
            assert!(page.contains("windows-1251") && page.contains("«;»"), "{page}");
            assert!(page.contains("ЧУП «Василёк»") && page.contains("такого УНП нет\u{a0}— не сходится последняя, контрольная цифра"), "{page}");
            assert!(page.contains("Загрузить 2 организации"), "{page}");
            let (status, location, _) = admin.submit(&preview_path, &preview_path, &[]).await;
            assert_eq!((status, location.as_str()), (303, "/admin/organizations?done=registry-imported"));
            assert_eq!(t.scalar("SELECT COUNT(*) FROM organizations").await, 2);
            let (status, _, _) = admin.submit("/admin/organizations", &preview_path, &[]).await;
            assert_eq!(status, 404, "an upload is imported once");

            // Not a CSV, and too big: refused with the field named.
            let r = upload(vec![0u8, 159, 146, 150, 0, 1, 2], "picture.png").await.unwrap();
            assert_eq!(r.status(), 422);
            let page = r.text().await.unwrap();
            assert!(page.contains("«Файл»"), "{page}");
            let r = upload(vec![b'1'; 6 * 1024 * 1024], "huge.csv").await.unwrap();
            assert_eq!(r.status(), 413);

            // Found by a part of its name in any case, and its contract edited.
            let page = admin.get("/admin/organizations?q=%D0%B2%D0%B0%D1%81%D0%B8%D0%BB%D1%91%D0%BA").await.text().await.unwrap();
            assert!(page.contains("190542056"), "«василёк» finds «Василёк»: {page}");
            let id = t.scalar("SELECT id FROM organizations WHERE unp = '100582333'").await;
            let path = format!("/admin/organizations/{id}");
            let (status, _, page) = admin.submit(&path, &path, &[("contract_number", "Д-7"), ("contract_date", "31.02.2024")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("«Дата договора»"), "{page}");
            let (status, _, _) = admin.submit(&path, &path, &[("contract_number", "Д-7"), ("contract_date", "01.03.2024")]).await;
            assert_eq!(status, 303);
            assert_eq!(t.strings(&format!("SELECT contract_date FROM organizations WHERE id = {id}")).await, ["2024-03-01"]);
            let events = t.strings("SELECT event FROM audit_log WHERE object LIKE 'registry:%' OR object LIKE 'organization:%'").await;
            assert_eq!(events, ["registry_imported", "contract_set"]);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// Supervisors decide every organisation's pending representations from one queue, a
    /// rejection with its reason; a confirmed manager decides on colleagues of their own
    /// organisation from the cabinet, and revokes; each customer hears by SMS; all audited.
    async fn representations_are_decided_by_supervisors_and_by_the_organisations_managers(backend) {
        on_backend(backend, |t| async move {
            t.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let ask = |phone: &'static str, unp: &'static str| {
                let t = &t;
                async move {
                    let c = customer(t, phone).await;
                    let (status, _, _) = c.submit("/account", "/account/organizations", &[("unp", unp), ("position", "Бухгалтер")]).await;
                    assert_eq!(status, 303);
                    c
                }
            };
            let anna = ask("+375 29 750-00-01", "100582333").await;
            let boris = ask("+375 29 750-00-02", "100582333").await;
            let vera = ask("+375 29 750-00-03", "190542056").await;
            let boss = staff(&t, "boss-rep", "supervisor", &[]).await;
            let page = boss.get("/admin/representations").await.text().await.unwrap();
            assert_eq!(page.matches("class=\"decision\"").count(), 3, "one queue across organisations");
            let id = |phone: &'static str| {
                let t = &t;
                async move {
                    t.scalar(&format!("SELECT r.id FROM representations r JOIN users u ON u.id = r.user_id WHERE u.phone = '{phone}'")).await
                }
            };
            let (anna_rep, boris_rep, vera_rep) = (id("+375297500001").await, id("+375297500002").await, id("+375297500003").await);
            let (status, location, _) = boss.submit("/admin/representations", &format!("/admin/representations/{anna_rep}"), &[("decision", "confirm"), ("role", "manager")]).await;
            assert_eq!((status, location.as_str()), (303, "/admin/representations?done=representation-decided"));
            let (status, _, page) = boss.submit("/admin/representations", &format!("/admin/representations/{vera_rep}"), &[("decision", "reject"), ("reason", "")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("Заполните поле «Причина»"), "{page}");
            let (status, _, _) = boss.submit("/admin/representations", &format!("/admin/representations/{vera_rep}"), &[("decision", "reject"), ("reason", "Нет доверенности")]).await;
            assert_eq!(status, 303);
            assert!(t.sms("+375297500001", "representation_decided", 1).await.contains("подтверждены как представитель"));
            assert!(t.sms("+375297500003", "representation_decided", 1).await.ends_with("Причина: Нет доверенности"));
            assert!(vera.get("/account/colleagues").await.status() == 404, "not a manager");

            // Anna manages НЦЭУ now: she confirms Boris, then revokes him with a reason.
            let page = anna.get("/account").await.text().await.unwrap();
            assert!(page.contains("/account/colleagues"), "the cabinet leads her there");
            let page = anna.get("/account/colleagues").await.text().await.unwrap();
            assert!(page.contains("Бухгалтер") && page.contains(&format!("colleague-{boris_rep}")), "{page}");
            let (status, _, _) = anna.submit("/account/colleagues", &format!("/account/colleagues/{boris_rep}"), &[("decision", "confirm"), ("role", "member")]).await;
            assert_eq!(status, 303);
            let (status, _, _) = anna.submit("/account/colleagues", &format!("/account/colleagues/{boris_rep}"), &[("decision", "revoke"), ("reason", "Уволился")]).await;
            assert_eq!(status, 303);
            assert!(t.sms("+375297500002", "representation_decided", 2).await.contains("отозвано"));
            let (_, me) = boris.get_json("/api/v1/me").await;
            assert_eq!(me["organizations"][0]["status"], "revoked");
            // Nobody decides for an organisation they do not manage, nor for themselves.
            let (status, _, _) = anna.submit("/account/colleagues", &format!("/account/colleagues/{vera_rep}"), &[("decision", "confirm")]).await;
            assert_eq!(status, 404);
            let (status, _, _) = anna.submit("/account/colleagues", &format!("/account/colleagues/{anna_rep}"), &[("decision", "revoke"), ("reason", "x")]).await;
            assert_eq!(status, 404);
            let decided = t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'representation_decided'").await;
            assert_eq!(decided, 4);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// An administrator edits the SMS of a notice with a preview and its segment count; a
    /// broken text is refused with the field named; customers then receive the new words in
    /// that language only; the standard ones come back on a button.
    async fn notice_texts_are_edited_checked_previewed_and_sent(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root-tpl", "administrator", &[]).await;
            let page = admin.get("/admin/templates").await.text().await.unwrap();
            assert!(page.contains("Заявка принята") && page.contains("/admin/templates/ticket_created/ru"));
            let path = "/admin/templates/ticket_created/ru";
            let page = admin.get(path).await.text().await.unwrap();
            assert!(page.contains("Техподдержка: заявка №\u{a0}{number} принята"), "the standard words as a template: {page}");
            assert!(page.contains("2 SMS · 77 знаков, кириллица: до 67 знаков в части"), "77 UCS-2 characters take two parts: {page}");
            let broken = [("sms", "Техподдержка: заявка {nomer} принята"), ("email_subject", "Заявка {number}"), ("email_body", "Заявка {number}.")];
            let (status, _, page) = admin.submit(path, path, &broken).await;
            assert_eq!(status, 422);
            assert!(page.contains("«Текст SMS»: уберите подстановку, которой здесь нет"), "{page}");
            // The script's preview: sample values in, parts counted, problems listed.
            let csrf = csrf_of(&admin.get(path).await.text().await.unwrap());
            let long = "Техподдержка: ".to_string() + &"ж".repeat(40) + " {number}";
            let r = admin.http.post(format!("{}{path}/preview", t.url)).form(&[("csrf", csrf.as_str()), ("sms", long.as_str())]).send().await.unwrap();
            let preview: serde_json::Value = r.json().await.unwrap();
            assert!(preview["sms"].as_str().unwrap().ends_with("2026-000123"), "{preview}");
            assert_eq!(preview["sms_size"], "1 SMS · 66 знаков, кириллица: до 70 знаков в части", "{preview}");
            let text = [("sms", "Техподдержка: приняли вашу заявку {number}, ответим в кабинете."), ("email_subject", "Заявка {number} принята"), ("email_body", "Ваша заявка {number} принята.")];
            let (status, _, _) = admin.submit(path, path, &text).await;
            assert_eq!(status, 303);
            let anna = customer(&t, "+375 29 760-00-01").await;
            let (_, created) = anna.post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." })).await;
            let number = created["number"].as_str().unwrap();
            assert_eq!(t.sms("+375297600001", "ticket_update", 1).await, format!("Техподдержка: приняли вашу заявку {number}, ответим в кабинете."));
            // A code stays the last word of its SMS.
            let code_path = "/admin/templates/registration_code/ru";
            let (status, _, page) = admin.submit(code_path, code_path, &[("sms", "Техподдержка: код {code}. Никому не сообщайте.")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("последним словом"), "{page}");
            // Back to the standard words.
            let (status, _, _) = admin.submit(path, &format!("{path}/reset"), &[]).await;
            assert_eq!(status, 303);
            let boris = customer(&t, "+375 29 760-00-02").await;
            boris.post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Токен", "body": "Не виден." })).await;
            assert!(t.sms("+375297600002", "ticket_update", 1).await.contains("принята. Ответ появится"));
            let events = t.strings("SELECT event FROM audit_log WHERE object = 'notice:ticket_created:ru' ORDER BY id").await;
            assert_eq!(events, ["notice_text_saved", "notice_text_saved", "notice_text_reset", "notice_text_reset"]);
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// A new version of the consent: published by an administrator, the old one stays at its
    /// address; a customer signing in is led to accept it (the API answers 403 until then), and
    /// the consent is recorded with the version, address and browser.
    async fn a_new_consent_version_is_accepted_at_the_next_sign_in(backend) {
        on_backend(backend, |t| async move {
            let password = register(&t, "+375 29 770-00-01").await;
            let admin = staff(&t, "root-doc", "administrator", &[]).await;
            let draft = admin.get("/admin/documents/personal_data").await.text().await.unwrap();
            assert!(draft.contains("Согласие на обработку персональных данных"), "filled in from the version in force");
            let (status, _, page) = admin.submit("/admin/documents/personal_data", "/admin/documents/personal_data", &[("title_ru", ""), ("body_ru", "Текст")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("«Заголовок по-русски»"), "{page}");
            let (status, location, _) = admin
                .submit("/admin/documents/personal_data", "/admin/documents/personal_data", &[("title_ru", "Согласие на обработку персональных данных"), ("body_ru", "## Что нового\n\nМы храним обращения 5 лет."), ("title_en", ""), ("body_en", "")])
                .await;
            assert_eq!((status, location.as_str()), (303, "/admin/documents?done=document-published"));
            assert!(t.client().get("/docs/consent").await.text().await.unwrap().contains("Мы храним обращения 5 лет."));
            let old = t.client().get("/docs/consent/v/2").await.text().await.unwrap();
            assert!(!old.contains("Мы храним обращения 5 лет.") && old.contains("Редакция 2"), "the old version at its own address");

            let anna = t.client();
            let (status, location, _) = anna.submit("/login", "/login", &[("login", "+375297700001"), ("password", &password)]).await;
            assert_eq!(status, 303);
            let r = anna.get(&location).await;
            assert_eq!(r.status(), 303, "the cabinet leads to the new version first ({location})");
            assert_eq!(r.headers()["location"].to_str().unwrap(), "/account/documents?next=/account/password%3Finvited%3D1");
            let (status, body) = anna.post_json("/api/v1/tickets", json!({ "service": "ecp-token", "subject": "Т", "body": "Т" })).await;
            assert_eq!((status, body["error"]["code"].as_str()), (403, Some("documents_not_accepted")));
            let (_, me) = anna.get_json("/api/v1/me").await;
            assert_eq!(me["pending_documents"][0]["url"], "/docs/consent/v/3");
            let (status, body) = anna.post_json("/api/v1/me/documents", json!({ "accept": ["terms_of_use"] })).await;
            assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("accept_personal_data")), "{body}");
            let (status, _) = anna.post_json("/api/v1/me/documents", json!({ "accept": ["everything"] })).await;
            assert!(status == 400 || status == 422, "an unknown kind is refused: {status}");
            let page = anna.get("/account/documents?next=%2Ftickets").await.text().await.unwrap();
            assert!(page.contains("/docs/consent/v/3") && !page.contains("accept_terms"), "only what is new: {page}");
            let (status, _, page) = anna.submit("/account/documents", "/account/documents", &[("next", "/tickets")]).await;
            assert_eq!(status, 422);
            assert!(page.contains("Согласие на обработку персональных данных"), "{page}");
            let (status, location, _) = anna
                .submit("/account/documents", "/account/documents", &[("next", "/tickets"), ("accept_personal_data", "true")])
                .await;
            assert_eq!((status, location.as_str()), (303, "/tickets"));
            assert_eq!(anna.get("/tickets").await.status(), 200);
            let recorded = t.strings("SELECT kind || ':' || version || ':' || COALESCE(ip, '') FROM consents ORDER BY id").await;
            assert_eq!(recorded.len(), 3, "two at registration, one now: {recorded:?}");
            assert!(recorded[2].starts_with("personal_data:3:127.0.0.1"), "{recorded:?}");
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    async fn the_audit_log_is_filtered_and_exported(backend) {
        on_backend(backend, |t| async move {
            let admin = staff(&t, "root-aud", "administrator", &[]).await;
            for login in ["aud.one", "aud.two"] {
                let (status, _, _) = admin.submit("/admin/staff/new", "/admin/staff", &[("login", login), ("last_name", "Аудитов"), ("role", "operator")]).await;
                assert_eq!(status, 200);
            }
            let fields = [("group_code", "audit"), ("name_ru", "А"), ("name_be", "А"), ("name_en", "A")];
            admin.submit("/admin/groups", "/admin/groups", &fields).await;
            let page = admin.get("/admin/audit?actor=root-aud&object=staff%3A").await.text().await.unwrap();
            assert_eq!(page.matches("<code>staff_created</code>").count(), 2, "{page}");
            assert!(!page.contains("<code>group_created</code>"), "the object filter holds");
            let page = admin.get("/admin/audit?event=group_created").await.text().await.unwrap();
            assert!(page.contains("group:audit") && !page.contains("staff:aud.one"));
            let page = admin.get("/admin/audit?actor=%2B375291111111").await.text().await.unwrap();
            assert!(page.contains("Ничего не найдено"), "an actor nobody is finds nothing");
            let r = admin.get("/admin/audit?since=2026-13-01").await;
            assert_eq!(r.status(), 422);
            assert!(r.text().await.unwrap().contains("«С даты»"));
            let today = t.clock_now().to_offset(helpdesk::clock::MINSK_OFFSET).date();
            let r = admin.get(&format!("/admin/audit.csv?actor=root-aud&since={today}&until={today}")).await;
            assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
            let bytes = r.bytes().await.unwrap();
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
            let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert!(lines[0].starts_with("id;time (Minsk);event;actor"), "{text}");
            assert!(lines.iter().any(|l| l.contains(";staff_created;root-aud;") && l.contains("staff:aud.two")), "{text}");
            assert_eq!(t.scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'audit_exported'").await, 1, "the export itself is audited");
            t.stop().await;
        })
        .await;
    }
}

backend_test! {
    /// The terms of use, section 6: a supervisor blocks a customer's account with a reason (the
    /// person is told, with the support line; their sessions end; the sign-in says whom to
    /// call) and unblocks it; an account closed by a withdrawn consent stays closed.
    async fn a_supervisor_blocks_a_customer_with_a_reason_and_unblocks_them(backend) {
        on_backend(backend, |t| async move {
            let password = register(&t, "+375 29 770-00-09").await;
            let anna = t.client();
            let (status, _, _) = anna.submit("/login", "/login", &[("login", "+375297700009"), ("password", &password)]).await;
            assert_eq!(status, 303);
            assert_eq!(anna.get_json("/api/v1/me").await.0, 200);
            let boss = staff(&t, "boss-block", "supervisor", &[]).await;
            let page = boss.get("/admin/customers?phone=8%20029%20770-00-09").await.text().await.unwrap();
            assert!(page.contains("id=\"block-customer\"") && page.contains("действует"), "{page}");
            let search = "/admin/customers?phone=%2B375297700009";
            let (status, _, page) = boss.submit(search, "/admin/customers/block", &[("phone", "+375297700009"), ("reason", " ")]).await;
            assert_eq!(status, 422, "a reason is needed");
            assert!(page.contains("«Причина»"), "{page}");
            let sms_before = t.count_sms("+375297700009").await;
            let (status, location, _) = boss
                .submit(search, "/admin/customers/block", &[("phone", "+375 29 770-00-09"), ("reason", "реклама в заявках")])
                .await;
            assert_eq!(status, 303);
            assert!(location.starts_with("/admin/customers?done=customer-blocked&phone="), "{location}");

            assert_eq!(anna.get_json("/api/v1/me").await.0, 401, "the session ended");
            let login = json!({ "login": "+375297700009", "password": password });
            let (status, err) = t.client().post_json("/api/v1/auth/login", login.clone()).await;
            assert_eq!((status, err["error"]["code"].as_str()), (403, Some("account_blocked")));
            assert!(err["error"]["message"].as_str().unwrap().contains("support@example.by"), "whom to ask: {err}");
            assert_eq!(t.count_sms("+375297700009").await, sms_before + 1);
            let told = t.sms("+375297700009", "account_access", 1).await;
            assert!(told.contains("реклама в заявках") && told.contains("+375\u{a0}17\u{a0}000-00-00"), "{told}");

            let (status, err) = boss.post_json("/api/v1/staff/customers/block", json!({ "phone": "+375297700009", "reason": "ещё" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (409, Some("invalid_transition")), "already blocked");
            let operator = staff(&t, "op-block", "operator", &["ecp"]).await;
            assert_eq!(operator.post_json("/api/v1/staff/customers/unblock", json!({ "phone": "+375297700009" })).await.0, 403);
            assert_eq!(operator.get("/admin/customers").await.status(), 403);
            let (status, err) = boss.post_json("/api/v1/staff/customers/unblock", json!({ "phone": "+375295551234" })).await;
            assert_eq!((status, err["error"]["field"].as_str(), err["error"]["code"].as_str()), (422, Some("phone"), Some("unknown_customer")));
            let (status, found) = boss.get_json("/api/v1/staff/customers?phone=%2B375297700009").await;
            assert_eq!((status, found["status"].as_str()), (200, Some("blocked")), "{found}");
            assert_eq!(boss.get_json("/api/v1/staff/customers?phone=%2B375295551234").await.0, 404);

            let (status, _) = boss.post_json("/api/v1/staff/customers/unblock", json!({ "phone": "8 029 770-00-09" })).await;
            assert_eq!(status, 204);
            assert_eq!(t.client().post_json("/api/v1/auth/login", login).await.0, 200, "signs in again");
            assert_eq!(t.count_sms("+375297700009").await, sms_before + 2, "told of the unblocking too");
            let events = t.strings("SELECT event || ' ' || object FROM audit_log WHERE event LIKE 'customer_%' ORDER BY id").await;
            assert_eq!(events.len(), 2, "{events:?}");
            assert!(events[0].starts_with("customer_blocked user:") && events[1].starts_with("customer_unblocked user:"), "{events:?}");

            // Withdrawn: blocked for good.
            let (status, _, _) = anna.submit("/login", "/login", &[("login", "+375297700009"), ("password", &password)]).await;
            assert_eq!(status, 303);
            let (status, _, _) = anna.submit("/account/consent/withdraw", "/account/consent/withdraw", &[]).await;
            assert_eq!(status, 303);
            let page = boss.get(search).await.text().await.unwrap();
            assert!(page.contains("id=\"customer-withdrawn\"") && !page.contains("id=\"unblock-customer\""), "{page}");
            let (status, err) = boss.post_json("/api/v1/staff/customers/unblock", json!({ "phone": "+375297700009" })).await;
            assert_eq!((status, err["error"]["code"].as_str()), (409, Some("invalid_transition")));
            t.stop().await;
        })
        .await;
    }
}
