//! `helpdesk demo`: something to look at on a fresh install, and data to measure at scale.

pub mod generator;
pub mod text;

use crate::app::staff::StaffReply;
use crate::domain::people::Role;
use std::time::Instant;

use rand::rngs::OsRng;

use crate::app::auth::{Credential, CurrentUser};
use crate::app::tickets::NewTicketForm;
use crate::app::App;
use crate::domain::generate_password;
use crate::domain::unp::with_check_digit;
use crate::server::StartError;
use crate::store::bulk::{BulkRepresentation, BulkUser};
use crate::store::orgs::RegistryOrganization;
use crate::store::users::NewStaff;

pub const DEMO_CUSTOMER_PHONE: &str = "+375291112233";

/// Loads the demo organisations, staff, customer and tickets; then, when asked, the archive.
pub async fn run(app: &App, tickets: Option<u64>, seed: u64) -> Result<(), StartError> {
    let orgs = demo_organizations();
    let n = app.db.import_registry(&orgs, app.now_unix()).await?;
    println!("{n} demo organisations in the registry. Try these УНП at /register:");
    for o in &orgs {
        println!("  {}  {}", o.unp, o.full_name);
    }
    let unknown = with_check_digit("19111111").unwrap_or_default();
    println!("An УНП the system does not know (manual entry): {unknown}");

    let operator = demo_staff(app, "operator", "operator", &["first_line", "ecp"]).await?;
    demo_staff(app, "supervisor", "supervisor", &[]).await?;
    if let Some(customer) = demo_customer(app, &orgs[0].unp).await? {
        demo_tickets(app, &customer, operator.as_ref()).await?;
    }

    if let Some(count) = tickets {
        println!("Generating {count} tickets (seed {seed})…");
        let started = Instant::now();
        let secret = generate_password(&mut OsRng);
        let hash = crate::app::crypto::hash_password_blocking(&secret).map_err(|e| StartError::Other(e.to_string()))?;
        let catalog = app.catalog().await.map_err(|e| StartError::Other(e.to_string()))?;
        let done = generator::generate(&app.db, &catalog.sla, count, app.now_unix(), &hash, seed).await?;
        println!(
            "Generated {} tickets ({} open), {} messages, {} customers, {} organisations in {:.0} s.",
            done.tickets,
            done.open,
            done.messages,
            done.customers,
            done.organizations,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// A staff account with a fresh password printed once; an existing one is left as it is.
async fn demo_staff(app: &App, login: &str, role: &str, groups: &[&str]) -> Result<Option<CurrentUser>, StartError> {
    if app.db.staff_member(login).await?.is_some() {
        println!("Staff account «{login}» exists already; its password is unchanged.");
        return Ok(None);
    }
    let password = generate_password(&mut OsRng);
    let staff = NewStaff {
        username: login.to_string(),
        last_name: "Демо".into(),
        first_name: if role == "supervisor" { "Руководитель".into() } else { "Оператор".into() },
        role: role.to_string(),
        email: None,
        password_hash: crate::app::crypto::hash_password_blocking(&password)
            .map_err(|e| StartError::Other(e.to_string()))?,
        groups: vec![],
        must_change_password: false,
    };
    let details = serde_json::json!({ "login": login, "role": role, "demo": true });
    let audit = app.audit("staff_created", None, &Default::default(), details);
    let id = app.db.create_staff(&staff, app.now_unix(), &audit).await?;
    let codes: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
    app.db.set_staff_groups(id, &codes, &audit).await?;
    println!("Staff account «{login}» ({role}), password: {password}");
    let user = app.db.user_by_id(id).await?.ok_or_else(|| StartError::Other("staff account vanished".into()))?;
    Ok(Some(CurrentUser { credential: Credential::CommandLine, user }))
}

/// A customer who manages the first demo organisation; `None` when it exists already.
async fn demo_customer(app: &App, unp: &str) -> Result<Option<CurrentUser>, StartError> {
    let phone = crate::domain::Phone::parse(DEMO_CUSTOMER_PHONE).map_err(|e| StartError::Other(e.code.into()))?;
    if app.db.user_by_phone(&phone.e164()).await?.is_some() {
        println!("Demo customer {} exists already; its password is unchanged.", phone.display());
        return Ok(None);
    }
    let password = generate_password(&mut OsRng);
    let id = app.db.next_id("users").await?;
    let now = app.now_unix();
    app.db
        .bulk_users(&[BulkUser {
            id,
            phone: Some(phone.e164()),
            username: None,
            last_name: "Демонстрационная".into(),
            first_name: "Анна".into(),
            email: None,
            role: Role::Customer,
            password_hash: crate::app::crypto::hash_password_blocking(&password)
                .map_err(|e| StartError::Other(e.to_string()))?,
            created_at: now,
        }])
        .await?;
    if let Some(org) = app.db.organization_by_unp(unp).await? {
        app.db
            .bulk_representations(&[BulkRepresentation {
                user_id: id,
                organization_id: org.id,
                role: "manager",
                at: now,
            }])
            .await?;
    }
    // One account needs no ANALYZE of the whole database, only the id sequences to move on.
    app.db.sync_id_sequences().await?;
    println!("Demo customer: phone {}, password: {password}", phone.display());
    let user = app.db.user_by_id(id).await?.ok_or_else(|| StartError::Other("customer vanished".into()))?;
    Ok(Some(CurrentUser { credential: Credential::CommandLine, user }))
}

/// Three tickets from the demo customer; the operator has answered one of them.
async fn demo_tickets(app: &App, customer: &CurrentUser, operator: Option<&CurrentUser>) -> Result<(), StartError> {
    let fail = |e: crate::app::AppError| StartError::Other(e.to_string());
    let org = demo_organizations().first().map(|o| o.unp.clone()).unwrap_or_default();
    let tickets = [
        (
            "ecp-issue",
            "Не получается продлить сертификат",
            "Сертификат истекает через неделю. Где продлить?",
            "",
            "high",
        ),
        ("ecp-token", "Токен не определяется", "После обновления Windows носитель AvToken не виден.", "", "normal"),
        ("smdo-connect", "Подключение к СМДО", "Прошу подключить организацию к СМДО.", org.as_str(), "normal"),
    ];
    let mut first = None;
    for (service, subject, body, unp, priority) in tickets {
        let form = NewTicketForm {
            service: service.into(),
            subject: subject.into(),
            body: body.into(),
            organization_unp: unp.into(),
            priority: priority.into(),
            contact_phone: String::new(),
        };
        let number = app.file_ticket(customer, &form, Vec::new()).await.map_err(fail)?;
        println!("Demo ticket {number}: {subject}");
        first.get_or_insert(number);
    }
    if let (Some(op), Some(number)) = (operator, first) {
        let reply = "Здравствуйте! Продлить сертификат можно в любом регистрационном центре. Возьмите паспорт.";
        app.reply_as_staff(op, number, StaffReply { body: reply, ..Default::default() }, Vec::new())
            .await
            .map_err(fail)?;
    }
    Ok(())
}

pub fn demo_organizations() -> Vec<RegistryOrganization> {
    let base = [
        (
            "10058233",
            "Республиканское унитарное предприятие «Национальный центр электронных услуг»",
            "г. Минск, пр-т Машерова, 25",
            "Д-001/2024",
        ),
        ("19054205", "ООО «Тестовая компания»", "г. Минск, ул. Примерная, 1", "Д-117/2025"),
        ("29123456", "ОАО «Гомельский демонстрационный завод»", "г. Гомель, ул. Советская, 10", "Д-204/2025"),
        ("69123456", "ЧУП «Демо-Сервис»", "г. Минск, ул. Кальварийская, 7", ""),
    ];
    base.iter()
        .filter_map(|(prefix, name, address, contract)| {
            with_check_digit(prefix).map(|unp| RegistryOrganization {
                unp,
                full_name: name.to_string(),
                short_name: None,
                address: address.to_string(),
                contract_number: (!contract.is_empty()).then(|| contract.to_string()),
                contract_date: (!contract.is_empty()).then(|| "2025-01-15".to_string()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Unp;

    #[test]
    fn demo_organizations_have_valid_unp() {
        let orgs = demo_organizations();
        assert!(orgs.len() >= 3);
        assert!(orgs.iter().all(|o| Unp::parse(&o.unp).is_ok()));
        assert_eq!(orgs[0].unp, "100582333");
    }
}
