use super::*;
use time::macros::{date, datetime};

fn minsk() -> Calendar {
    Calendar::minsk()
}

fn due(from: OffsetDateTime, minutes: u32) -> OffsetDateTime {
    minsk().add_minutes(from, minutes).expect("a working calendar")
}

#[test]
fn intervals_are_parsed_and_printed() {
    assert_eq!(Interval::parse("09:00-18:00"), Ok(Interval { start: 540, end: 1080 }));
    assert_eq!(Interval::parse(" 22:00 - 06:00 "), Ok(Interval { start: 1320, end: 1800 }));
    assert_eq!(Interval::parse("00:00-24:00"), Ok(Interval { start: 0, end: 1440 }));
    assert_eq!(Interval::parse("22:00-06:00").unwrap().to_string(), "22:00-06:00");
    assert_eq!(Interval::parse("00:00-24:00").unwrap().to_string(), "00:00-24:00");
    for bad in ["", "9-18", "09:00", "25:00-26:00", "09:60-10:00", "24:30-01:00", "9:00-18:00", "10:00-10:00"] {
        assert_eq!(Interval::parse(bad), Err(CalendarError::BadInterval), "{bad}");
    }
    let day = day_hours(vec![Interval::parse("14:00-18:00").unwrap(), Interval::parse("09:00-13:00").unwrap()]);
    assert_eq!(day.unwrap()[0].start(), 540);
    let overlapping = day_hours(vec![Interval::parse("09:00-13:00").unwrap(), Interval::parse("12:00-18:00").unwrap()]);
    assert_eq!(overlapping, Err(CalendarError::Overlap));
}

#[test]
fn within_one_working_day() {
    assert_eq!(due(datetime!(2026-11-24 10:00 +3), 60), datetime!(2026-11-24 11:00 +3));
    assert_eq!(due(datetime!(2026-11-24 17:30 +3), 30), datetime!(2026-11-24 18:00 +3));
    assert_eq!(due(datetime!(2026-11-24 10:00 +3), 0), datetime!(2026-11-24 10:00 +3));
}

#[test]
fn before_opening_and_after_closing_wait_for_the_next_working_minute() {
    assert_eq!(due(datetime!(2026-11-24 07:00 +3), 60), datetime!(2026-11-24 10:00 +3));
    assert_eq!(due(datetime!(2026-11-24 17:30 +3), 60), datetime!(2026-11-25 09:30 +3));
    assert_eq!(due(datetime!(2026-11-24 23:00 +3), 15), datetime!(2026-11-25 09:15 +3));
}

#[test]
fn weekends_are_skipped() {
    // Friday 27 November 2026, 17:00 → Monday.
    assert_eq!(due(datetime!(2026-11-27 17:00 +3), 120), datetime!(2026-11-30 10:00 +3));
    assert_eq!(due(datetime!(2026-11-28 12:00 +3), 60), datetime!(2026-11-30 10:00 +3));
}

#[test]
fn the_answer_is_in_the_calendars_offset_whatever_the_input() {
    let from = datetime!(2026-11-24 07:00 UTC); // 10:00 in Minsk
    let at = due(from, 60);
    assert_eq!(at, datetime!(2026-11-24 11:00 +3));
    assert_eq!(at.offset(), UtcOffset::from_hms(3, 0, 0).unwrap());
}

#[test]
fn public_holidays_are_off_and_not_moved_from_weekends() {
    // Thursday 7 May 2026 (eve of nothing), Friday 8 May is the eve of Saturday 9 May: 09:00–17:00.
    assert_eq!(minsk().hours_on(date!(2026 - 05 - 08)), vec![Interval { start: 540, end: 1020 }]);
    // 9 May 2026 is a Saturday: nothing moves to Monday 11 May.
    assert_eq!(minsk().hours_on(date!(2026 - 05 - 11)), vec![Interval { start: 540, end: 1080 }]);
    // Thursday 31 December 2026, eve of 1 January: shorter; 1 and 2 January off.
    assert_eq!(minsk().hours_on(date!(2026 - 12 - 31)), vec![Interval { start: 540, end: 1020 }]);
    assert!(minsk().hours_on(date!(2027 - 01 - 01)).is_empty());
    assert_eq!(due(datetime!(2026-12-31 16:30 +3), 60), datetime!(2027-01-04 09:30 +3), "across the end of a year");
    // Wednesday 6 January 2027, eve of Christmas on Thursday.
    assert_eq!(due(datetime!(2027-01-06 16:00 +3), 120), datetime!(2027-01-08 10:00 +3));
}

#[test]
fn radunitsa_and_the_2026_transfer() {
    // Friday 17 April 17:00 + 2 h: Monday 20 April off by transfer, Tuesday 21 Radunitsa.
    assert_eq!(due(datetime!(2026-04-17 17:00 +3), 120), datetime!(2026-04-22 10:00 +3));
    // Saturday 25 April is worked with a Monday's hours.
    assert_eq!(minsk().hours_on(date!(2026 - 04 - 25)), vec![Interval { start: 540, end: 1080 }]);
    assert_eq!(due(datetime!(2026-04-24 17:00 +3), 120), datetime!(2026-04-25 10:00 +3));
    // Radunitsa of 2025 (29 April) and its eve.
    assert!(minsk().hours_on(date!(2025 - 04 - 29)).is_empty());
    assert_eq!(minsk().hours_on(date!(2025 - 04 - 28)), vec![Interval { start: 540, end: 1020 }]);
}

#[test]
fn dated_exceptions_win_over_everything() {
    let mut c = minsk();
    c.exceptions.insert(date!(2026 - 11 - 25), DayRule::Shortened(120));
    c.exceptions.insert(date!(2026 - 11 - 26), DayRule::Off);
    c.exceptions.insert(date!(2026 - 01 - 07), DayRule::WorkingLike(Weekday::Friday));
    assert_eq!(c.hours_on(date!(2026 - 11 - 25)), vec![Interval { start: 540, end: 960 }]);
    assert!(c.hours_on(date!(2026 - 11 - 26)).is_empty());
    assert_eq!(c.hours_on(date!(2026 - 01 - 07)).len(), 1, "a holiday made a working day");
    assert_eq!(c.add_minutes(datetime!(2026-11-25 15:00 +3), 120), Some(datetime!(2026-11-27 10:00 +3)));
}

#[test]
fn several_intervals_a_day_and_shortening_takes_the_last() {
    let mut c = minsk();
    let split = vec![Interval::parse("09:00-13:00").unwrap(), Interval::parse("14:00-18:00").unwrap()];
    c.week[0] = split.clone();
    // Monday 23 November 2026: lunch is not working time.
    assert_eq!(c.add_minutes(datetime!(2026-11-23 12:30 +3), 60), Some(datetime!(2026-11-23 14:30 +3)));
    assert_eq!(shorten(&split, 60), vec![split[0], Interval { start: 840, end: 1020 }]);
    assert_eq!(shorten(&split, 300), vec![Interval { start: 540, end: 720 }], "a whole interval drops off");
    assert!(shorten(&split, 600).is_empty());
}

#[test]
fn a_night_shift_belongs_to_the_day_it_starts_on() {
    let mut c = Calendar { week: Default::default(), ..minsk() };
    c.public_holidays = false;
    c.week[4] = vec![Interval::parse("22:00-06:00").unwrap()]; // Friday night
                                                               // Saturday 28 November 2026, 02:00 is inside Friday's shift.
    assert_eq!(c.add_minutes(datetime!(2026-11-28 02:00 +3), 60), Some(datetime!(2026-11-28 03:00 +3)));
    assert_eq!(c.add_minutes(datetime!(2026-11-28 05:30 +3), 60), Some(datetime!(2026-12-04 22:30 +3)));
    assert_eq!(c.working_seconds(datetime!(2026-11-27 21:00 +3), datetime!(2026-11-28 12:00 +3)), 8 * 3600);
}

#[test]
fn around_the_clock_counts_every_minute() {
    let c = Calendar::around_the_clock(UtcOffset::UTC);
    assert_eq!(c.add_minutes(datetime!(2026-12-31 23:30 UTC), 60), Some(datetime!(2027-01-01 00:30 UTC)));
    assert_eq!(c.working_seconds(datetime!(2026-12-31 00:00 UTC), datetime!(2027-01-02 00:00 UTC)), 2 * 86_400);
}

#[test]
fn a_calendar_without_working_time_has_no_due_instant() {
    let c = Calendar { week: Default::default(), public_holidays: false, ..minsk() };
    assert_eq!(c.add_minutes(datetime!(2026-11-24 10:00 +3), 1), None);
}

#[test]
fn working_time_between_instants_matches_adding() {
    let c = minsk();
    let from = datetime!(2026-04-16 11:17 +3);
    for minutes in [1, 59, 60, 481, 540, 1000, 5000, 20_000] {
        let to = c.add_minutes(from, minutes).unwrap();
        assert_eq!(c.working_seconds(from, to), i64::from(minutes) * 60, "{minutes}");
        assert_eq!(c.working_seconds(to, from), -i64::from(minutes) * 60);
    }
    // A weekend alone holds no working time.
    assert_eq!(c.working_seconds(datetime!(2026-11-28 00:00 +3), datetime!(2026-11-30 00:00 +3)), 0);
}
