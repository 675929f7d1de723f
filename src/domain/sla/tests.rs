use super::*;
use time::macros::datetime;

fn policy(id: i64, position: i32, conditions: Conditions, first: u32) -> Policy {
    Policy {
        id,
        position,
        conditions,
        targets: Targets { first_response: Some(first), next_response: Some(first * 2), resolution: Some(first * 10) },
        warn_percent: 80,
        raise_priority_on_breach: false,
    }
}

fn facts(service: i64, section: Option<i64>, priority: Priority, contract: bool) -> TicketFacts {
    TicketFacts { service, section, priority, contract, named_policy: None }
}

#[test]
fn the_first_matching_policy_by_position_wins() {
    let policies = vec![
        policy(1, 30, Conditions::default(), 480),
        policy(
            2,
            10,
            Conditions { priorities: vec![Priority::Urgent], contract: Some(true), ..Default::default() },
            60,
        ),
        policy(3, 20, Conditions { services: vec![100], ..Default::default() }, 240),
    ];
    let chosen = |f: TicketFacts| choose(&policies, &f).map(|p| p.id);
    assert_eq!(chosen(facts(5, None, Priority::Urgent, true)), Some(2));
    assert_eq!(chosen(facts(5, None, Priority::Urgent, false)), Some(1), "no contract, no urgent policy");
    assert_eq!(chosen(facts(101, Some(100), Priority::Normal, false)), Some(3), "a section covers its sub-services");
    assert_eq!(chosen(facts(100, None, Priority::Low, true)), Some(3));
    assert_eq!(chosen(facts(7, Some(6), Priority::Low, true)), Some(1), "the catch-all");
    assert_eq!(choose(&policies[1..2], &facts(7, None, Priority::Low, true)), None);
    let named = TicketFacts { named_policy: Some(2), ..facts(5, None, Priority::Low, false) };
    assert_eq!(choose(&policies, &named).map(|p| p.id), Some(2), "a service's own policy comes first");
    let gone = TicketFacts { named_policy: Some(9), ..facts(5, None, Priority::Low, false) };
    assert_eq!(choose(&policies, &gone).map(|p| p.id), Some(1), "a named policy no longer active is passed over");
}

#[test]
fn a_clock_counts_working_time_only() {
    let minsk = Calendar::minsk();
    // Filed on Friday 6 November 2026 at 16:00, the eve of a holiday (ends 17:00); 2 h target.
    let clock = Clock::start(Some(120), datetime!(2026-11-06 16:00 +3));
    assert_eq!(clock.due(&minsk), Some(datetime!(2026-11-09 10:00 +3)));
    let at = |t| clock.standing(&minsk, t, 80).expect("a target");
    assert_eq!(at(datetime!(2026-11-06 16:30 +3)), Standing::Running { left_seconds: 90 * 60, warning: false });
    assert_eq!(at(datetime!(2026-11-08 12:00 +3)), Standing::Running { left_seconds: 60 * 60, warning: false });
    assert_eq!(at(datetime!(2026-11-09 09:36 +3)), Standing::Running { left_seconds: 24 * 60, warning: true });
    assert_eq!(at(datetime!(2026-11-09 10:00 +3)), Standing::Running { left_seconds: 0, warning: true });
    assert_eq!(at(datetime!(2026-11-09 10:30 +3)), Standing::Breached { over_seconds: 30 * 60 });
}

#[test]
fn waiting_for_the_customer_pauses_the_clock() {
    let minsk = Calendar::minsk();
    let mut clock = Clock::start(Some(240), datetime!(2026-11-24 09:00 +3));
    clock.pause(&minsk, datetime!(2026-11-24 10:00 +3));
    assert_eq!(clock.due(&minsk), None, "no due instant while paused");
    assert_eq!(
        clock.standing(&minsk, datetime!(2026-11-26 15:00 +3), 80),
        Some(Standing::Paused { left_seconds: 3 * 3600 }),
        "two days of waiting count nothing"
    );
    clock.pause(&minsk, datetime!(2026-11-26 16:00 +3));
    assert_eq!(clock.counted_seconds, 3600, "pausing twice changes nothing");
    clock.resume(datetime!(2026-11-26 16:00 +3));
    assert_eq!(clock.due(&minsk), Some(datetime!(2026-11-27 10:00 +3)));
}

#[test]
fn a_new_target_keeps_the_time_counted() {
    let minsk = Calendar::minsk();
    let mut clock = Clock::start(Some(480), datetime!(2026-11-24 09:00 +3));
    clock.pause(&minsk, datetime!(2026-11-24 12:00 +3));
    clock.resume(datetime!(2026-11-24 12:00 +3));
    clock.retarget(Some(240)); // raised to urgent
    assert_eq!(clock.due(&minsk), Some(datetime!(2026-11-24 13:00 +3)));
    clock.retarget(Some(120));
    assert_eq!(clock.due(&minsk), Some(datetime!(2026-11-24 12:00 +3)), "already past: due at once");
    assert_eq!(
        clock.standing(&minsk, datetime!(2026-11-24 12:00 +3), 80),
        Some(Standing::Breached { over_seconds: 3600 })
    );
}

#[test]
fn a_stopped_clock_says_whether_it_was_in_time() {
    let minsk = Calendar::minsk();
    let mut early = Clock::start(Some(60), datetime!(2026-11-24 09:00 +3));
    early.meet(&minsk, datetime!(2026-11-24 09:45 +3));
    early.resume(datetime!(2026-11-24 11:00 +3));
    assert_eq!(early.phase, Phase::Met { at: datetime!(2026-11-24 09:45 +3) }, "a met target does not start again");
    assert_eq!(early.standing(&minsk, datetime!(2026-11-25 09:00 +3), 80), Some(Standing::Met { in_time: true }));
    let mut late = Clock::start(Some(60), datetime!(2026-11-24 09:00 +3));
    late.meet(&minsk, datetime!(2026-11-24 10:01 +3));
    assert_eq!(late.standing(&minsk, datetime!(2026-11-24 10:01 +3), 80), Some(Standing::Met { in_time: false }));
    late.reopen(datetime!(2026-11-25 09:00 +3));
    assert_eq!(late.counted_seconds, 61 * 60, "a reopened ticket owes its resolution with the time counted");
    assert!(late.is_running());
}

#[test]
fn a_clock_without_a_target_still_counts_and_an_idle_one_stands_nowhere() {
    let minsk = Calendar::minsk();
    let mut clock = Clock::start(None, datetime!(2026-11-24 09:00 +3));
    assert_eq!(clock.due(&minsk), None);
    assert_eq!(clock.standing(&minsk, datetime!(2026-11-24 10:00 +3), 80), None);
    clock.meet(&minsk, datetime!(2026-11-24 10:30 +3));
    assert_eq!(clock.counted_seconds, 90 * 60, "the reports know the time even without a target");
    assert_eq!(Clock::IDLE.standing(&minsk, datetime!(2026-11-24 10:00 +3), 80), None);
    let mut idle = Clock { target_minutes: Some(60), ..Clock::IDLE };
    idle.meet(&minsk, datetime!(2026-11-24 10:00 +3));
    assert_eq!(idle.phase, Phase::Idle, "nothing was owed, nothing is met");
}

#[test]
fn a_warning_threshold_is_an_instant_in_working_time() {
    let minsk = Calendar::minsk();
    // 30 minutes from Friday 17:50: 10 minutes on Friday, 20 on Monday; 80 % is 24 minutes.
    let clock = Clock::start(Some(30), datetime!(2026-11-27 17:50 +3));
    assert_eq!(clock.warning_at(&minsk, 80), Some(datetime!(2026-11-30 09:14 +3)));
    assert_eq!(clock.due(&minsk), Some(datetime!(2026-11-30 09:20 +3)));
    let mut recounted = clock;
    recounted.recount(&minsk, datetime!(2026-11-30 09:05 +3));
    assert_eq!(recounted.counted_seconds, 15 * 60, "another calendar keeps what this one counted");
    assert_eq!(recounted.due(&Calendar::around_the_clock(minsk.offset)), Some(datetime!(2026-11-30 09:20 +3)));
}
