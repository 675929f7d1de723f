//! SQLite files concurrent tickets in one transaction (`store::intake`); a ticket that fails
//! there must fail alone, and every acknowledged one must be stored.

use helpdesk::domain::ticket::{Channel, Priority, TicketStatus};
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
        priority: Priority::Normal,
        sla: None,
        channel: Channel::Web,
        contact_phone: None,
        linked_ticket_id: None,
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

/// A reply read the ticket as `in_progress`; if the ticket moved meanwhile (closed, say) the
/// message, its status change and its notice are all refused together.
#[tokio::test]
async fn a_message_to_a_ticket_that_changed_meanwhile_is_refused_whole() {
    use helpdesk::store::outbox::NewOutbox;
    use helpdesk::store::tickets::NewMessage;
    let (db, _dir, user, service) = crate::support::sqlite_store_with_a_customer().await;
    let Db::Sqlite(pool) = &db else { unreachable!() };
    let number = db.create_ticket(&ticket(user, service, "Гонка"), &|_: &str| None).await.unwrap();
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM tickets WHERE number = $1").bind(&number).fetch_one(pool).await.unwrap();
    let notice = |message: i64| {
        Some(NewOutbox {
            channel: "sms",
            recipient: "+375291234567".into(),
            purpose: "ticket_update",
            body: format!("reply {message}"),
            masked_body: format!("reply {message}"),
            idempotency_key: format!("reply:{message}"),
        })
    };
    let message = |seen: TicketStatus| NewMessage {
        ticket_id: id,
        author_id: user,
        internal: false,
        body: "Ответ",
        status: seen,
        new_status: Some(TicketStatus::InProgress),
        attachments: &[],
        notice: &notice,
        sla: None,
        now: 5,
    };
    let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap() };

    assert_eq!(db.add_message(&message(TicketStatus::InProgress)).await.unwrap(), None, "the ticket is still new");
    assert_eq!(count("SELECT count(*) FROM ticket_messages").await, 1, "only the first message");
    assert_eq!(count("SELECT count(*) FROM outbox").await, 0);
    assert_eq!(count("SELECT count(*) FROM ticket_events WHERE field = 'status'").await, 1, "only «created»");

    let added = db.add_message(&message(TicketStatus::New)).await.unwrap().expect("the status matched");
    assert_eq!(count("SELECT count(*) FROM ticket_messages").await, 2);
    let body: String = sqlx::query_scalar("SELECT body FROM outbox").fetch_one(pool).await.unwrap();
    assert_eq!(body, format!("reply {added}"), "the notice is written with the message");
    let status: String = sqlx::query_scalar("SELECT status FROM tickets").fetch_one(pool).await.unwrap();
    assert_eq!(status, "in_progress");
}
