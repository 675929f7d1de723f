//! One rule for who sees what (issue 10): over generated people — customers with every kind of
//! tie to an organisation, operators in and out of a ticket's group, a supervisor — and
//! generated tickets, what each person's list shows is exactly what they may open, which is
//! exactly what they may download, which is exactly what the rule says.

use std::collections::{BTreeSet, HashMap};

use crate::staff::staff;
use crate::support::{customer, on_backend, Client};
use rand::{Rng, SeedableRng};
use reqwest::multipart::{Form, Part};

/// A customer's tie to the organisation (`None`: none at all).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tie {
    None,
    Pending,
    Member,
    Manager,
    RejectedManager,
}

struct Person {
    name: &'static str,
    client: Client,
    /// Customers: their id and tie; staff: the groups they see (`None`: all).
    customer: Option<(i64, Tie)>,
    groups: Option<Option<Vec<&'static str>>>,
}

struct Ticket {
    number: String,
    requester: i64,
    for_organization: bool,
    group: &'static str,
    public_file: String,
    internal_file: Option<String>,
}

const SERVICES: [(&str, &str); 3] = [("ecp-token", "ecp"), ("smdo-connect", "smdo"), ("other-question", "first_line")];

impl Person {
    fn may_see(&self, t: &Ticket) -> bool {
        match (&self.customer, &self.groups) {
            (Some((id, tie)), _) => t.requester == *id || (t.for_organization && *tie == Tie::Manager),
            (None, Some(None)) => true,
            (None, Some(Some(groups))) => groups.contains(&t.group),
            (None, None) => false,
        }
    }

    async fn listed(&self) -> BTreeSet<String> {
        let base = if self.customer.is_some() { "/api/v1/tickets?" } else { "/api/v1/staff/tickets?queue=all&" };
        let mut seen = BTreeSet::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("{base}cursor={c}"),
                None => base.to_string(),
            };
            let (status, page) = self.client.get_json(&path).await;
            assert_eq!(status, 200, "{}: {page}", self.name);
            for item in page["items"].as_array().unwrap() {
                seen.insert(item["number"].as_str().unwrap().to_string());
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => return seen,
            }
        }
    }
}

backend_test! {
    async fn list_read_and_download_agree_with_the_rule(backend) {
        on_backend(backend, |app| async move {
            app.app().db.import_registry(&helpdesk::demo::demo_organizations(), 0).await.unwrap();
            let org = app.app().db.organization_by_unp("100582333").await.unwrap().unwrap().id;
            let ties = [Tie::None, Tie::Pending, Tie::Member, Tie::Manager, Tie::RejectedManager, Tie::Manager];
            let names = ["stranger", "pending", "member", "manager", "rejected", "second manager"];
            let mut people = Vec::new();
            for (n, (tie, name)) in ties.into_iter().zip(names).enumerate() {
                let phone = format!("+375 29 710-20-0{n}");
                let client = customer(&app, &phone).await;
                let id = app.app().db.user_by_phone(&helpdesk::domain::Phone::parse(&phone).unwrap().e164()).await.unwrap().unwrap().id;
                let (status, role) = match tie {
                    Tie::None => ("", ""),
                    Tie::Pending => ("pending", "member"),
                    Tie::Member => ("confirmed", "member"),
                    Tie::Manager => ("confirmed", "manager"),
                    Tie::RejectedManager => ("rejected", "manager"),
                };
                if !status.is_empty() {
                    app.exec(&format!(
                        "INSERT INTO representations (user_id, organization_id, status, role, requested_at)
                         VALUES ({id}, {org}, '{status}', '{role}', 0)"
                    ))
                    .await;
                }
                people.push(Person { name, client, customer: Some((id, tie)), groups: None });
            }
            for (login, role, groups) in [
                ("op-ecp", "operator", Some(vec!["ecp"])),
                ("op-smdo", "operator", Some(vec!["smdo", "first_line"])),
                ("op-none", "operator", Some(vec![])),
                ("boss", "supervisor", None),
            ] {
                let client = staff(&app, login, role, groups.as_deref().unwrap_or(&[])).await;
                people.push(Person { name: login, client, customer: None, groups: Some(groups) });
            }

            // Tickets by random customers, for the organisation when they may file for it, in
            // random services; some with an internal note carrying a file.
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(10);
            let mut tickets = Vec::new();
            for n in 0..18 {
                let author = &people[rng.gen_range(0..6)];
                let (id, tie) = author.customer.unwrap();
                let for_organization = matches!(tie, Tie::Member | Tie::Manager) && rng.gen_bool(0.6);
                let (service, group) = SERVICES[rng.gen_range(0..3)];
                let mut form = Form::new()
                    .text("service", service)
                    .text("subject", format!("Заявка {n}"))
                    .text("body", "Текст.")
                    .part("files", Part::bytes(format!("%PDF-1.7 {n}").into_bytes()).file_name("scan.pdf"));
                if for_organization {
                    form = form.text("organization_unp", "100582333");
                }
                let r = author.client.http.post(format!("{}/api/v1/tickets", app.url)).multipart(form).send().await.unwrap();
                assert_eq!(r.status(), 201);
                let number = r.json::<serde_json::Value>().await.unwrap()["number"].as_str().unwrap().to_string();
                let boss = &people.last().unwrap().client;
                let internal_file = if rng.gen_bool(0.5) {
                    let note = Form::new()
                        .text("body", "Внутренняя заметка")
                        .text("internal", "true")
                        .part("files", Part::bytes(b"%PDF-1.7 note".to_vec()).file_name("note.pdf"));
                    let r = boss
                        .http
                        .post(format!("{}/api/v1/tickets/{number}/messages", app.url))
                        .multipart(note)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 201);
                    let (_, detail) = boss.get_json(&format!("/api/v1/tickets/{number}")).await;
                    Some(detail["messages"][1]["attachments"][0]["url"].as_str().unwrap().to_string())
                } else {
                    None
                };
                let (_, detail) = boss.get_json(&format!("/api/v1/tickets/{number}")).await;
                let public_file = detail["messages"][0]["attachments"][0]["url"].as_str().unwrap().to_string();
                tickets.push(Ticket { number, requester: id, for_organization, group, public_file, internal_file });
            }

            let mut summary: HashMap<&str, usize> = HashMap::new();
            for person in &people {
                let by_rule: BTreeSet<String> =
                    tickets.iter().filter(|t| person.may_see(t)).map(|t| t.number.clone()).collect();
                let listed = person.listed().await;
                let mut opened = BTreeSet::new();
                let mut downloaded = BTreeSet::new();
                for t in &tickets {
                    let (status, _) = person.client.get_json(&format!("/api/v1/tickets/{}", t.number)).await;
                    assert!(status == 200 || status == 404, "{}: {status}", person.name);
                    if status == 200 {
                        opened.insert(t.number.clone());
                    }
                    let status = person.client.get(&t.public_file).await.status().as_u16();
                    assert!(status == 200 || status == 404, "{}: {status}", person.name);
                    if status == 200 {
                        downloaded.insert(t.number.clone());
                    }
                    if let Some(internal) = &t.internal_file {
                        let status = person.client.get(internal).await.status().as_u16();
                        let expected = if person.customer.is_none() && by_rule.contains(&t.number) { 200 } else { 404 };
                        assert_eq!(status, expected, "{}: an internal note's file of {}", person.name, t.number);
                    }
                }
                assert_eq!(listed, by_rule, "{}: the list", person.name);
                assert_eq!(opened, by_rule, "{}: what opens", person.name);
                assert_eq!(downloaded, by_rule, "{}: what downloads", person.name);
                summary.insert(person.name, by_rule.len());
            }
            println!("{:?}: tickets each person sees: {summary:?}", app.backend);
            // The generated data exercises every kind of person: some see a few, some none.
            assert_eq!(summary["boss"], tickets.len());
            assert_eq!(summary["op-none"], 0);
            assert!(summary["manager"] > 0 && summary["op-ecp"] > 0 && summary["op-smdo"] > 0, "{summary:?}");
            assert!(tickets.iter().any(|t| t.for_organization), "some tickets are the organisation's");
            app.stop().await;
        })
        .await;
    }
}
