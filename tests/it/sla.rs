//! Business calendars and service levels (issue 12).

use std::process::Command;

use crate::support::*;

backend_test! {
    /// `helpdesk sla due` answers from the calendars in the database: the seeded `minsk` with
    /// Belarus holidays and the 2026 transfer, and `24x7`.
    async fn the_cli_prints_due_instants_of_the_stored_calendars(backend) {
        on_backend(backend, |t| async move {
            let due = |calendar: &str, from: &str, minutes: &str| {
                let out = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
                    .args(["sla", "due", "--calendar", calendar, "--from", from, "--minutes", minutes])
                    .env("HELPDESK_DATA_DIR", t.data_dir.path())
                    .env("HELPDESK_DATABASE_URL", t.config.database_url())
                    .env("HELPDESK_LOG", "warn")
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
                (out.status.success(), text)
            };
            let (row, seeded) = t.app().calendar("minsk").await.unwrap();
            assert_eq!(seeded, helpdesk::domain::calendar::Calendar::minsk(), "the seed is what the domain calls minsk");
            assert_eq!(row.time_zone, "Europe/Minsk");
            let last = |text: &str| text.trim_end().lines().last().unwrap_or_default().to_string();
            // Friday 17 April 2026, 17:00: Monday 20 April is off by transfer, Tuesday 21 is Radunitsa.
            let (ok, out) = due("minsk", "2026-04-17T17:00:00+03:00", "120");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2026-04-22T10:00:00+03:00");
            // Friday 6 November 2026 before the 7 November holiday ends at 17:00; given in UTC.
            let (ok, out) = due("minsk", "2026-11-06T13:00:00Z", "90");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2026-11-09T09:30:00+03:00");
            let (ok, out) = due("24x7", "2026-12-31T23:30:00+03:00", "60");
            assert!(ok, "{out}");
            assert_eq!(last(&out), "2027-01-01T00:30:00+03:00");
            let (ok, out) = due("nope", "2026-04-17T17:00:00+03:00", "1");
            assert!(!ok && out.contains("no calendar nope"), "{out}");
            let (ok, out) = due("minsk", "17.04.2026 17:00", "1");
            assert!(!ok && out.contains("--from"), "{out}");
        })
        .await;
    }
}

backend_test! {
    /// The policies of a fresh install on the minsk calendar: a normal ticket filed on Friday
    /// 6 November 2026 at 16:00 (the eve of the 7 November holiday, a day that ends at 17:00).
    async fn a_ticket_filed_before_a_holiday_gets_the_due_instants_of_its_policy(backend) {
        on_backend(backend, |t| async move {
            use helpdesk::domain::sla::TicketFacts;
            use helpdesk::domain::ticket::Priority;
            use time::macros::datetime;
            let app = t.app();
            let filed = datetime!(2026-11-06 13:00 UTC);
            let facts = |priority, contract| TicketFacts { service: 1, section: None, priority, contract };
            let normal = app.sla_plan(&facts(Priority::Normal, false), filed).await.unwrap().expect("a policy");
            // 4 working hours: Friday 16–17, Monday 9–12; 5 working days: Friday 13 November 17:00.
            assert_eq!(normal.first_response_due, Some(datetime!(2026-11-09 12:00 +3)));
            assert_eq!(normal.resolution_due, Some(datetime!(2026-11-13 17:00 +3)));
            let urgent = app.sla_plan(&facts(Priority::Urgent, true), filed).await.unwrap().expect("a policy");
            assert_eq!(urgent.first_response_due, Some(datetime!(2026-11-06 16:30 +3)));
            assert_eq!(urgent.resolution_due, Some(datetime!(2026-11-09 12:00 +3)), "4 h: one on Friday, three on Monday");
            assert_eq!(urgent.warn_percent, 75);
            let low = app.sla_plan(&facts(Priority::Low, false), filed).await.unwrap().expect("the catch-all");
            assert_eq!(low.first_response_due, Some(datetime!(2026-11-09 16:00 +3)));
        })
        .await;
    }
}
