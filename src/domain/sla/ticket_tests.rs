use super::*;
use time::macros::datetime;
use TicketStatus::*;

fn terms(first: u32, next: u32, resolution: u32) -> Terms {
    Terms {
        policy_id: Some(1),
        calendar_id: 1,
        targets: Targets { first_response: Some(first), next_response: Some(next), resolution: Some(resolution) },
        warn_percent: 80,
        raise_priority_on_breach: false,
    }
}

fn minsk() -> Calendar {
    Calendar::minsk()
}

/// Tuesday 24 November 2026, an ordinary working day in Minsk.
const TUESDAY_9: OffsetDateTime = datetime!(2026-11-24 09:00 +3);

#[test]
fn a_new_ticket_owes_a_first_response_and_a_resolution() {
    let sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    assert!(sla.first_response.clock.is_running() && sla.resolution.clock.is_running());
    assert_eq!(sla.next_response.clock.phase, Phase::Idle, "nothing to answer again yet");
    let s = sla.summary(&minsk(), TUESDAY_9);
    assert_eq!(s.due_at, Some(datetime!(2026-11-24 10:00 +3)), "the nearest due instant is the first response");
    assert_eq!(s.warn_at, Some(datetime!(2026-11-24 09:48 +3)));
    assert_eq!(s.paused_left, None);
    assert_eq!(s.next_escalation_at, s.warn_at);
}

#[test]
fn waiting_for_the_customer_pauses_and_their_answer_resumes_and_asks_for_a_next_response() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    let answered = datetime!(2026-11-24 09:30 +3);
    sla.apply(Happening::StaffReplied, &cal, answered);
    sla.apply(Happening::Status { from: New, to: WaitingCustomer }, &cal, answered);
    assert_eq!(sla.outcome(Target::FirstResponse), Some((30 * 60, Some(true))));
    let waiting = sla.summary(&cal, answered);
    assert_eq!(waiting.due_at, None, "nothing runs while the customer is asked");
    assert_eq!(waiting.paused_left, Some(540 * 60 - 30 * 60));
    assert_eq!(waiting.next_escalation_at, None);
    // Two days later the customer answers: the status moves first, then the reply counts.
    let back = datetime!(2026-11-26 11:00 +3);
    sla.apply(Happening::Status { from: WaitingCustomer, to: InProgress }, &cal, back);
    sla.apply(Happening::CustomerReplied, &cal, back);
    assert_eq!(sla.next_response.cycle, 1);
    let s = sla.summary(&cal, back);
    assert_eq!(s.due_at, Some(datetime!(2026-11-26 13:00 +3)), "two working hours for the next response");
    assert_eq!(sla.resolution.clock.due(&cal), Some(datetime!(2026-11-27 10:30 +3)), "the waiting counted nothing");
    // A second message before support answers does not restart the next response.
    sla.apply(Happening::CustomerReplied, &cal, datetime!(2026-11-26 12:00 +3));
    assert_eq!(sla.next_response.cycle, 1);
    assert_eq!(sla.next_response.clock.due(&cal), Some(datetime!(2026-11-26 13:00 +3)));
}

#[test]
fn a_customer_writing_before_the_first_response_asks_for_nothing_more() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    sla.apply(Happening::CustomerReplied, &cal, datetime!(2026-11-24 09:20 +3));
    assert_eq!(sla.next_response.clock.phase, Phase::Idle, "the first response is still owed and covers it");
}

#[test]
fn each_threshold_is_announced_once_and_a_new_run_starts_quiet() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 2700), TUESDAY_9);
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 09:47 +3)), vec![]);
    let warned = sla.escalate(&cal, datetime!(2026-11-24 09:48 +3));
    assert_eq!(warned, vec![Escalation { target: Target::FirstResponse, level: Level::Warned, cycle: 1 }]);
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 09:59 +3)), vec![], "a warning once");
    assert_eq!(
        sla.summary(&cal, datetime!(2026-11-24 09:59 +3)).next_escalation_at,
        Some(datetime!(2026-11-24 10:00:01 +3))
    );
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 10:00 +3)), vec![], "due is not late yet");
    let breached = sla.escalate(&cal, datetime!(2026-11-24 10:05 +3));
    assert_eq!(breached, vec![Escalation { target: Target::FirstResponse, level: Level::Breached, cycle: 1 }]);
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 12:00 +3)), vec![], "a breach once");
    // The first response was late; the next runs of the next response are judged afresh.
    sla.apply(Happening::StaffReplied, &cal, datetime!(2026-11-24 12:00 +3));
    assert_eq!(sla.outcome(Target::FirstResponse), Some((3 * 3600, Some(false))));
    sla.apply(Happening::CustomerReplied, &cal, datetime!(2026-11-24 13:00 +3));
    sla.apply(Happening::StaffReplied, &cal, datetime!(2026-11-24 13:10 +3));
    sla.apply(Happening::CustomerReplied, &cal, datetime!(2026-11-24 14:00 +3));
    assert_eq!(sla.next_response.cycle, 2);
    let late = sla.escalate(&cal, datetime!(2026-11-24 16:30 +3));
    assert_eq!(
        late,
        vec![
            Escalation { target: Target::NextResponse, level: Level::Warned, cycle: 2 },
            Escalation { target: Target::NextResponse, level: Level::Breached, cycle: 2 },
        ],
        "a sweep that comes late owes both, in order"
    );
}

#[test]
fn a_threshold_passed_just_before_a_pause_is_still_announced() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    let paused = datetime!(2026-11-24 09:50 +3);
    sla.apply(Happening::Status { from: New, to: WaitingCustomer }, &cal, paused);
    let s = sla.summary(&cal, paused);
    assert_eq!(s.next_escalation_at, Some(paused), "owed at once, though nothing runs");
    assert_eq!(
        sla.escalate(&cal, datetime!(2026-11-24 09:51 +3)),
        vec![Escalation { target: Target::FirstResponse, level: Level::Warned, cycle: 1 }]
    );
    assert_eq!(sla.summary(&cal, datetime!(2026-11-24 09:51 +3)).next_escalation_at, None);
}

#[test]
fn resolving_meets_every_clock_and_reopening_owes_the_resolution_again() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    sla.apply(Happening::Status { from: New, to: Resolved }, &cal, datetime!(2026-11-24 11:00 +3));
    assert_eq!(sla.outcome(Target::Resolution), Some((2 * 3600, Some(true))));
    assert_eq!(sla.outcome(Target::FirstResponse), Some((2 * 3600, Some(false))), "resolving answers too, late here");
    assert_eq!(sla.summary(&cal, datetime!(2026-11-24 11:00 +3)), Summary::default());
    sla.apply(Happening::Status { from: Resolved, to: InProgress }, &cal, datetime!(2026-11-25 09:00 +3));
    assert!(sla.resolution.clock.is_running());
    assert!(!sla.first_response.clock.is_pending(), "answered is answered");
    assert_eq!(sla.resolution.clock.due(&cal), Some(datetime!(2026-11-25 16:00 +3)), "seven working hours left");
    sla.apply(Happening::Status { from: InProgress, to: Closed }, &cal, datetime!(2026-11-25 10:00 +3));
    assert_eq!(sla.outcome(Target::Resolution), Some((3 * 3600, Some(true))));
}

#[test]
fn on_hold_keeps_counting() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(60, 120, 540), TUESDAY_9);
    sla.apply(Happening::Status { from: New, to: OnHold }, &cal, datetime!(2026-11-24 09:10 +3));
    assert!(sla.first_response.clock.is_running(), "waiting for a third party is support's time");
}

#[test]
fn a_new_priority_changes_targets_but_keeps_time_and_announcements() {
    let cal = minsk();
    let mut sla = TicketSla::filed(terms(240, 480, 2700), TUESDAY_9);
    let noon = datetime!(2026-11-24 12:00 +3);
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 12:11 +3)), vec![]);
    sla.retarget(terms(60, 120, 540), &cal, noon);
    assert_eq!(sla.first_response.clock.counted(&cal, noon), 3 * 3600, "three hours stay counted");
    assert_eq!(sla.first_response.clock.due(&cal), Some(TUESDAY_9 + Duration::hours(1)), "already past: due at once");
    let now = datetime!(2026-11-24 12:01 +3);
    let owed = sla.escalate(&cal, now);
    assert_eq!(owed.len(), 2, "warning and breach of the first response under the new target: {owed:?}");
    sla.retarget(terms(240, 480, 2700), &cal, now);
    assert_eq!(sla.escalate(&cal, datetime!(2026-11-24 14:00 +3)), vec![], "announced stays announced");
    // Moving to a 24×7 calendar keeps what the Minsk one counted.
    let around = Calendar::around_the_clock(cal.offset);
    let mut other = terms(240, 480, 2700);
    other.calendar_id = 2;
    let evening = datetime!(2026-11-24 20:00 +3);
    sla.retarget(other, &cal, evening);
    assert_eq!(sla.resolution.clock.counted(&around, evening), 9 * 3600);
    assert_eq!(sla.resolution.clock.counted(&around, datetime!(2026-11-24 21:00 +3)), 10 * 3600);
}

#[test]
fn without_a_policy_clocks_count_but_nothing_is_due() {
    let cal = minsk();
    let mut sla = TicketSla::filed(Terms::none(1), TUESDAY_9);
    assert_eq!(sla.summary(&cal, TUESDAY_9), Summary::default());
    assert_eq!(sla.escalate(&cal, datetime!(2026-12-24 09:00 +3)), vec![]);
    sla.apply(Happening::StaffReplied, &cal, datetime!(2026-11-24 10:15 +3));
    assert_eq!(sla.outcome(Target::FirstResponse), Some((75 * 60, None)));
}

#[test]
fn targets_and_levels_read_back() {
    for t in Target::ALL {
        assert_eq!(Target::parse(t.as_str()), Some(t));
    }
    assert_eq!(Target::parse("response"), None);
    for l in [Level::Quiet, Level::Warned, Level::Breached] {
        assert_eq!(Level::from_rank(l.rank()), Some(l));
    }
    assert_eq!(Level::from_rank(3), None);
}
