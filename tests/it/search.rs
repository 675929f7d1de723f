//! A search is answered one of several ways depending on how many messages match
//! (`store::search::SearchPlan`: three on SQLite, two on PostgreSQL); each must give the same
//! tickets in the same order as the plain rule «every word's stem is in the ticket's text».

use helpdesk::domain::listing::{SearchTerms, TicketSort};
use helpdesk::store::bulk::{BulkMessage, BulkTicket};
use helpdesk::store::listing::{ListScope, TicketListing};
use helpdesk::store::queue::{Queue, StaffScope};
use helpdesk::store::search::{Fts5Plan, SearchPlan};

use crate::support::on_backend;

const TICKETS: i64 = 60_000;

/// Which words ticket `i` (from 1) carries besides its filler.
fn words(i: i64) -> Vec<&'static str> {
    let mut words = vec![];
    if i % 2 == 0 {
        words.push("сертификаты"); // half of all tickets
    }
    if i % 11 == 0 {
        words.push("ключей"); // ~5,500 tickets, one in eleven
    }
    if i % 1_000 == 7 {
        words.push("0x800907E7"); // 60 tickets
    }
    if i % 60 == 0 {
        words.push("драйвер"); // 1,000 tickets, spread evenly: PostgreSQL walks the list for them
    }
    words
}

backend_test! {
    async fn the_ways_of_answering_a_search_agree(backend) {
        on_backend(backend, |app| async move {
            let db = app.app().db.clone();
            search_plans_agree(&db).await;
            app.stop().await;
        })
        .await;
    }
}

async fn search_plans_agree(db: &helpdesk::store::Db) {
    let postgres = matches!(db, helpdesk::store::Db::Postgres(_));
    // Tickets in three groups, n in the (n % 3)-th; an operator works in the first two.
    let sql = "SELECT id FROM staff_groups ORDER BY id LIMIT 3";
    let groups: Vec<i64> = match db {
        helpdesk::store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
        helpdesk::store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await.unwrap(),
    };
    let operator = operator_in(db, &groups[..2]).await;
    // After the operator: the bulk loader writes the ids itself, past the sequence's.
    let (user, service) = crate::support::add_a_customer(db).await;
    let first = db.next_id("tickets").await.unwrap();
    let first_message = db.next_id("ticket_messages").await.unwrap();
    for chunk in (0..TICKETS).collect::<Vec<_>>().chunks(10_000) {
        let tickets: Vec<BulkTicket> = chunk
            .iter()
            .map(|&n| BulkTicket {
                id: first + n,
                number: format!("2025-{:06}", n + 1),
                requester_id: user,
                organization_id: None,
                service_id: service,
                subject: "Обращение".into(),
                priority: helpdesk::domain::ticket::Priority::Normal,
                status: helpdesk::domain::ticket::TicketStatus::New,
                group_id: Some(groups[(n % 3) as usize]),
                assignee_id: None,
                created_at: n,
                // Newest changes first in the list: ticket n was changed at n, except that every
                // seventh one was changed late, so list order is not ticket order.
                updated_at: if n % 7 == 0 { 1_000_000 + n } else { n },
                resolved_at: None,
                closed_at: None,
                assigned_at: None,
                rating: None,
                sla: None,
            })
            .collect();
        let messages: Vec<BulkMessage> = chunk
            .iter()
            .map(|&n| BulkMessage {
                id: first_message + n,
                ticket_id: first + n,
                author_id: user,
                internal: false,
                body: format!("Текст обращения {}", words(n + 1).join(" ")),
                created_at: n,
            })
            .collect();
        db.bulk_tickets(&tickets, &messages).await.unwrap();
    }
    db.finish_bulk_load().await.unwrap();

    let staff = ListScope::Staff { scope: StaffScope { user_id: user, all_groups: true }, queue: Queue::All };
    for (query, fts5, tickets) in [
        ("сертификат", Fts5Plan::Most, 30_000),
        ("ключ", Fts5Plan::Many, 5_454),
        ("драйвер", Fts5Plan::Few, 1_000),
        ("0x800907e7", Fts5Plan::Few, 60),
    ] {
        let Ok(Some(SearchTerms::Words(terms))) = SearchTerms::parse(query) else { panic!("{query}") };
        let chosen = db.search_plan(&terms, false).await.unwrap();
        match (&chosen, postgres) {
            (SearchPlan::Matches(found), true) => assert_eq!(found.len(), tickets, "{query}"),
            (plan, _) => assert_eq!(plan, &SearchPlan::Fts5(fts5), "{query}"),
        }
        let plan = &chosen;
        let stem = &terms.terms[0];
        let mut expected: Vec<(i64, i64)> = (0..TICKETS)
            .filter(|n| words(n + 1).iter().any(|w| helpdesk::domain::search_text::term(w).as_ref() == Some(stem)))
            .map(|n| (if n % 7 == 0 { 1_000_000 + n } else { n }, first + n))
            .collect();
        expected.sort_by(|a, b| b.cmp(a));
        // The operator's page: their two groups' tickets only (PostgreSQL walks each group).
        let theirs: Vec<i64> = expected.iter().map(|&(_, id)| id).filter(|id| (id - first) % 3 != 2).take(50).collect();
        let expected: Vec<i64> = expected.into_iter().take(50).map(|(_, id)| id).collect();
        assert_eq!(expected.len(), 50, "{query}");
        for (scope, expected) in [(staff, expected), (operator, theirs)] {
            let mut listing = TicketListing::new(scope, 50);
            listing.sort = TicketSort::Updated;
            listing.search = Some(SearchTerms::Words(terms.clone()));
            let found: Vec<i64> = db.list_tickets(&listing).await.unwrap().into_iter().map(|t| t.id).collect();
            assert_eq!(found, expected, "{query} answered by {plan:?} for {scope:?}");
        }
    }

    // A service filter: the whole archive is «ecp-token» (a wide filter, walked in list order),
    // none of it «epeu-login» (a narrow one, fetched through the service index).
    let mut newest: Vec<(i64, i64)> =
        (0..TICKETS).map(|n| (if n % 7 == 0 { 1_000_000 + n } else { n }, first + n)).collect();
    newest.sort_by(|a, b| b.cmp(a));
    let newest: Vec<i64> = newest.into_iter().take(50).map(|(_, id)| id).collect();
    for (code, expected) in [("ecp", newest), ("epeu-login", vec![])] {
        let mut listing = TicketListing::new(staff, 50);
        listing.service_code = Some(code.into());
        let found: Vec<i64> = db.list_tickets(&listing).await.unwrap().into_iter().map(|t| t.id).collect();
        assert_eq!(found, expected, "service {code}");
    }
}

/// An operator of the given groups, as a queue sees them.
async fn operator_in(db: &helpdesk::store::Db, groups: &[i64]) -> ListScope {
    let id = crate::support::add_staff(db, "search-operator", "operator", "x".into(), groups.to_vec()).await;
    ListScope::Staff { scope: StaffScope { user_id: id, all_groups: false }, queue: Queue::All }
}
