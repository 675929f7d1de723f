use time::macros::datetime;

use super::period::day_of;
use super::*;
use crate::domain::ticket::TicketStatus;

fn at(t: time::OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

fn filed() -> TicketState {
    TicketState {
        created_at: at(datetime!(2026-12-03 23:30 +3)),
        service_id: 7,
        group_id: Some(2),
        organization_id: Some(40),
        status: TicketStatus::New,
        resolved_at: None,
        rating: None,
        first_response: None,
        resolution: None,
    }
}

fn answered() -> TicketState {
    TicketState {
        status: TicketStatus::InProgress,
        first_response: Some(MetClock {
            at: at(datetime!(2026-12-04 09:40 +3)),
            seconds: 40 * 60,
            target_minutes: Some(240),
        }),
        ..filed()
    }
}

fn resolved(rating: Option<i64>) -> TicketState {
    TicketState {
        status: TicketStatus::Resolved,
        resolved_at: Some(at(datetime!(2026-12-07 12:00 +3))),
        rating,
        resolution: Some(MetClock {
            at: at(datetime!(2026-12-07 12:00 +3)),
            seconds: 10 * 3600,
            target_minutes: Some(480),
        }),
        ..answered()
    }
}

fn key(day: time::OffsetDateTime) -> CellKey {
    CellKey { day: day_of(at(day)), service_id: 7, group_id: 2 }
}

fn ledger(states: &[&TicketState]) -> Ledger {
    let mut l = Ledger::default();
    for s in states {
        l.apply(&Facts::of(s), 1);
    }
    l.prune();
    l
}

#[test]
fn a_new_ticket_counts_on_the_minsk_day_it_was_filed() {
    let l = ledger(&[&filed()]);
    assert_eq!(l.cells.len(), 1);
    assert_eq!(l.cells[&key(datetime!(2026-12-03 12:00 +3))].created, 1, "23:30 in Minsk is still the 3rd");
    let org =
        OrgKey { day: day_of(at(datetime!(2026-12-03 12:00 +3))), organization_id: 40, service_id: 7, group_id: 2 };
    assert_eq!(l.organizations, [(org, 1)].into_iter().collect());
    let alone = TicketState { organization_id: None, group_id: None, ..filed() };
    let l = ledger(&[&alone]);
    assert!(l.organizations.is_empty(), "a private person's ticket has no organisation");
    assert_eq!(l.cells.keys().next().unwrap().group_id, 0, "no group is group 0");
}

#[test]
fn a_first_response_counts_on_its_own_day_with_its_working_time() {
    let l = ledger(&[&answered()]);
    let day = &l.cells[&key(datetime!(2026-12-04 12:00 +3))];
    assert_eq!((day.created, day.responses.count(), day.responses_targeted, day.responses_met), (0, 1, 1, 1));
    assert_eq!(day.responses.quantile(0.5).map(Quantile::seconds), Some(1800 + 450), "the middle of [30, 45) minutes");
    let late = TicketState {
        first_response: Some(MetClock {
            at: at(datetime!(2026-12-04 15:00 +3)),
            seconds: 241 * 60,
            target_minutes: Some(240),
        }),
        ..answered()
    };
    let day = ledger(&[&late]).cells[&key(datetime!(2026-12-04 12:00 +3))];
    assert_eq!((day.responses_targeted, day.responses_met), (1, 0), "one minute over the target");
    let untracked = TicketState {
        first_response: Some(MetClock { at: at(datetime!(2026-12-04 15:00 +3)), seconds: 60, target_minutes: None }),
        ..answered()
    };
    let day = ledger(&[&untracked]).cells[&key(datetime!(2026-12-04 12:00 +3))];
    assert_eq!((day.responses.count(), day.responses_targeted, day.responses_met), (1, 0, 0), "timed, not judged");
}

#[test]
fn a_resolution_counts_with_its_time_and_rating() {
    let l = ledger(&[&resolved(Some(4))]);
    let day = &l.cells[&key(datetime!(2026-12-07 12:00 +3))];
    assert_eq!((day.resolved, day.resolutions.count(), day.resolutions_targeted, day.resolutions_met), (1, 1, 1, 0));
    assert_eq!((day.rated, day.rating_sum, day.ratings), (1, 4, [0, 0, 0, 1, 0]));
    assert_eq!(l.cells.len(), 3, "filed, answered and resolved on three days");
    let closed = TicketState { status: TicketStatus::Closed, ..resolved(Some(4)) };
    assert_eq!(ledger(&[&closed]), l, "closing a resolved ticket changes nothing");
    let without_clock = TicketState { resolution: None, first_response: None, ..resolved(None) };
    let day = ledger(&[&without_clock]).cells[&key(datetime!(2026-12-07 12:00 +3))];
    assert_eq!((day.resolved, day.resolutions.count(), day.rated), (1, 0, 0), "resolved, with no clock to time it");
}

#[test]
fn a_reopened_ticket_is_not_resolved_and_odd_ratings_are_ignored() {
    let reopened = TicketState { status: TicketStatus::InProgress, ..resolved(Some(5)) };
    let f = Facts::of(&reopened);
    assert_eq!((f.resolved, f.resolution, f.rating), (None, None, None));
    let odd = Facts::of(&resolved(Some(9)));
    assert_eq!(odd.rating, None);
    let zero = Facts::of(&resolved(Some(0)));
    assert_eq!(zero.rating, None);
}

#[test]
fn a_change_moves_what_the_ticket_contributes() {
    let before = Facts::of(&resolved(Some(2)));
    let moved = Facts::of(&TicketState { service_id: 8, group_id: Some(3), ..resolved(Some(2)) });
    let mut change = Ledger::default();
    change.change(Some(&before), Some(&moved));
    change.prune();
    let old = change.cells.iter().filter(|(k, _)| k.service_id == 7).map(|(_, m)| m.created + m.resolved).sum::<i64>();
    let new = change.cells.iter().filter(|(k, _)| k.service_id == 8).map(|(_, m)| m.created + m.resolved).sum::<i64>();
    assert_eq!((old, new), (-2, 2));
    assert_eq!(change.organizations.values().copied().collect::<std::collections::BTreeSet<_>>(), [-1, 1].into());
    let mut none = Ledger::default();
    none.change(Some(&before), Some(&before));
    assert!(none.is_empty(), "an unchanged ticket changes nothing");
    let mut gone = Ledger::default();
    gone.change(Some(&before), None);
    gone.apply(&before, 1);
    gone.prune();
    assert!(gone.is_empty());
}

#[test]
fn summed_changes_equal_the_last_state() {
    // A ticket's life: filed, answered, resolved, reopened and moved, resolved again, rated.
    let life = [
        filed(),
        answered(),
        resolved(None),
        TicketState { status: TicketStatus::InProgress, service_id: 9, ..resolved(None) },
        TicketState { service_id: 9, ..resolved(None) },
        TicketState { service_id: 9, ..resolved(Some(5)) },
    ];
    let mut running = Ledger::default();
    let mut before: Option<Facts> = None;
    for state in &life {
        let after = Facts::of(state);
        running.change(before.as_ref(), Some(&after));
        before = Some(after);
    }
    running.prune();
    assert_eq!(running, ledger(&[&life[5]]));
}

#[test]
fn measures_add_up() {
    let l = ledger(&[&resolved(Some(5)), &resolved(Some(3)), &filed()]);
    let mut total = Measures::default();
    for m in l.cells.values() {
        total.add(m, 1);
    }
    assert_eq!(
        (total.created, total.responses.count(), total.resolved, total.rated, total.rating_sum),
        (3, 2, 2, 2, 8)
    );
    assert_eq!(total.ratings, [0, 0, 1, 0, 1]);
    let mut back = total;
    back.add(&total, -1);
    assert!(back.is_zero());
}

#[test]
fn an_organisation_tally_adds_dense_and_far_ids_alike_and_drops_zeros() {
    use super::OrgTally;
    let mut tally = OrgTally::default();
    tally.add(3, 2);
    tally.add(1 << 40, 5);
    tally.add(3, 1);
    tally.add(7, 1);
    tally.add(7, -1);
    let mut counts: Vec<(i64, i64)> = tally.counts().collect();
    counts.sort();
    assert_eq!(counts, vec![(3, 3), (1 << 40, 5)]);
    assert_eq!((tally.get(3), tally.get(1 << 40), tally.get(7), tally.get(-1)), (3, 5, 0, 0));
    assert_eq!(tally.total(), 8);
}

#[test]
fn the_top_organisations_are_the_biggest_then_the_smaller_id() {
    use super::OrgTally;
    let tally: OrgTally = (1..=1000).map(|id| (id, id % 7)).chain([(1 << 40, 6)]).collect();
    let top = tally.top(4);
    assert_eq!(top, vec![(6, 6), (13, 6), (20, 6), (27, 6)]);
    let everything = tally.top(10_000);
    assert_eq!(everything.len(), tally.counts().count());
    assert!(everything.windows(2).all(|w| (w[0].1, -w[0].0) >= (w[1].1, -w[1].0)), "ordered");
    assert_eq!(OrgTally::default().top(20), vec![]);
    assert_eq!(tally, tally.counts().collect::<OrgTally>(), "equal however filled");
}
