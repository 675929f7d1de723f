//! SQLite files concurrent tickets in one transaction (`store::intake`); a ticket that fails
//! there must fail alone, and every acknowledged one must be stored.

use std::sync::Arc;

use helpdesk::store::intake::TicketIntake;
use helpdesk::store::tickets::{NewTicket, Notice};
use helpdesk::store::Db;

fn ticket(requester_id: i64, service_id: i64, subject: &str) -> NewTicket {
    NewTicket {
        year: 2026,
        requester_id,
        organization_id: None,
        service_id,
        group_id: None,
        subject: subject.into(),
        body: "Носитель не определяется.".into(),
        priority: "normal",
        priority_rank: 2,
        sla_due_at: 100,
        channel: "web",
        contact_phone: None,
        attachments: vec![],
        now: 1,
    }
}

#[tokio::test]
async fn a_bad_ticket_in_a_batch_fails_alone() {
    let (db, _dir, user, service) = crate::support::sqlite_store_with_a_customer().await;
    let Db::Sqlite(pool) = &db else { unreachable!() };

    let intake = TicketIntake::start(&db);
    let notice: Arc<Notice> = Arc::new(|_: &str| None);
    // Enough concurrent tickets that several share a batch; one names a requester that does
    // not exist, which only the database's foreign key catches.
    let mut filing = vec![];
    for n in 0..40 {
        let requester = if n == 17 { user + 1000 } else { user };
        let (intake, notice) = (intake.clone(), notice.clone());
        filing
            .push(tokio::spawn(async move { intake.file(ticket(requester, service, &format!("№{n}")), notice).await }));
    }
    let mut numbers = vec![];
    for (n, task) in filing.into_iter().enumerate() {
        let outcome = task.await.unwrap();
        if n == 17 {
            assert!(outcome.is_err(), "the ticket of a missing requester is refused");
        } else {
            numbers.push(outcome.expect("the others are filed"));
        }
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 39, "39 distinct numbers");
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM tickets").fetch_one(pool).await.unwrap();
    assert_eq!(stored, 39);
    let indexed: i64 = sqlx::query_scalar("SELECT count(*) FROM ticket_search WHERE ticket_search MATCH 'носител'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(indexed, 39, "each stored ticket's message is in the search index, the refused one's is not");
    drop(intake);
    db.close().await;
}
