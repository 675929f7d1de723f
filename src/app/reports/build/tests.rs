use std::collections::BTreeMap;

use time::macros::date;

use super::*;
use crate::domain::report::period::day_from_date;
use crate::domain::report::{Period, Selection, StaffFigures};

fn checked(from: time::Date, to: time::Date, granularity: Granularity) -> Checked {
    Checked {
        selection: Selection {
            period: Period { from: day_from_date(from), to: day_from_date(to) },
            services: None,
            group: None,
            organization: None,
        },
        granularity,
        group: None,
        service: None,
        organization: None,
    }
}

fn measures(created: i64, resolved: i64, response_minutes: &[i64]) -> Measures {
    let mut m = Measures { created, resolved, ..Measures::default() };
    for minutes in response_minutes {
        m.responses.record(minutes * 60, 1);
        m.responses_targeted += 1;
        m.responses_met += i64::from(*minutes <= 240);
    }
    m
}

fn names() -> Names {
    let mut n = Names::default();
    n.services.insert(1, ("ecp-token".into(), "Токен".into()));
    n.services.insert(2, ("smdo".into(), "СМДО".into()));
    n.groups.insert(5, ("ecp".into(), "ЭЦП".into()));
    n.organizations.insert(100, ("190000000".into(), "ООО «Один»".into()));
    n.staff.insert(7, ("ivanova".into(), "Иванова Ольга".into()));
    n
}

#[test]
fn the_totals_series_and_breakdowns_add_up() {
    let mon = day_from_date(date!(2026 - 11 - 30));
    let f = Figures {
        by_day: BTreeMap::from([(mon, measures(3, 1, &[30, 300])), (mon + 3, measures(2, 2, &[10]))]),
        by_service: BTreeMap::from([(1, measures(4, 2, &[30, 300])), (2, measures(1, 1, &[10]))]),
        by_group: BTreeMap::from([(5, measures(4, 3, &[30, 300, 10])), (0, measures(1, 0, &[]))]),
        organizations: [(100, 3), (101, 1)].into_iter().collect(),
        staff: vec![
            StaffFigures { user_id: 7, assigned: 2, replied: 5, resolved: 1 },
            StaffFigures { user_id: 8, ..Default::default() },
        ],
        open_by_age: [1, 1, 0, 0, 1],
    };
    let c = checked(date!(2026 - 11 - 30), date!(2026 - 12 - 04), Granularity::Day);
    let r = build(&c, &f, &names());
    assert_eq!((r.since.as_str(), r.until.as_str()), ("2026-11-30", "2026-12-04"));
    assert_eq!((r.created, r.resolved, r.open_now), (5, 3, 3));
    assert_eq!(r.series.len(), 5);
    assert_eq!((r.series[0].created, r.series[3].resolved, r.series[1].created), (3, 2, 0));
    assert_eq!(r.first_response.count, 3);
    assert_eq!((r.first_response.with_target, r.first_response.within_target), (3, 2));
    assert!((r.first_response.within_target_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        r.first_response.median,
        Some(Span { seconds: 1800 + 450, more_than: false }),
        "the middle one, 30 minutes"
    );
    assert_eq!(r.services[0].code, "ecp-token", "most tickets first");
    assert_eq!(r.services[1].name, "СМДО");
    assert_eq!(r.groups.iter().map(|g| g.code.as_str()).collect::<Vec<_>>(), vec!["ecp", ""], "no group last, unnamed");
    assert_eq!(
        r.organizations,
        vec![
            OrganizationVolume { unp: "190000000".into(), name: "ООО «Один»".into(), created: 3 },
            OrganizationVolume { unp: "101".into(), name: "#101".into(), created: 1 }
        ]
    );
    assert_eq!(r.other_organizations, 0);
    assert_eq!(r.backlog.iter().map(|b| b.open).collect::<Vec<_>>(), vec![1, 1, 0, 0, 1]);
    assert_eq!(r.staff.len(), 1, "nobody who did nothing");
    assert_eq!(r.staff[0].login, "ivanova");
    assert_eq!(r.satisfaction, Satisfaction { rated: 0, average: None, distribution: [0; 5] });
}

#[test]
fn weeks_gather_their_days_and_only_twenty_organisations_are_named() {
    let thu = day_from_date(date!(2026 - 12 - 03));
    let f = Figures {
        by_day: BTreeMap::from([
            (thu - 7, measures(1, 0, &[])),
            (thu - 1, measures(2, 0, &[])),
            (thu, measures(4, 0, &[])),
        ]),
        organizations: (1..=25).map(|id| (id, 100 - id)).collect(),
        ..Default::default()
    };
    let c = checked(date!(2026 - 11 - 20), date!(2026 - 12 - 04), Granularity::Week);
    let r = build(&c, &f, &Names::default());
    let weeks: Vec<(&str, i64)> = r.series.iter().map(|s| (s.start.as_str(), s.created)).collect();
    assert_eq!(weeks, vec![("2026-11-16", 0), ("2026-11-23", 1), ("2026-11-30", 6)]);
    assert_eq!(r.organizations.len(), TOP_ORGANIZATIONS);
    assert_eq!(r.organizations[0].created, 99, "the most first");
    assert_eq!(r.other_organizations, (21..=25).map(|id| 100 - id).sum::<i64>());
}

#[test]
fn satisfaction_averages_the_ratings() {
    let mut m = Measures { rated: 4, rating_sum: 17, ratings: [0, 0, 1, 1, 2], ..Measures::default() };
    m.created = 1;
    let f = Figures { by_service: BTreeMap::from([(1, m)]), ..Figures::default() };
    let c = checked(date!(2026 - 12 - 01), date!(2026 - 12 - 04), Granularity::Day);
    let r = build(&c, &f, &names());
    assert_eq!(r.satisfaction.average, Some(4.25));
    assert_eq!(r.satisfaction.distribution, [0, 0, 1, 1, 2]);
}

#[test]
fn organisations_with_as_many_tickets_go_by_id() {
    let f = Figures { organizations: [(9, 2), (3, 2), (5, 7)].into_iter().collect(), ..Figures::default() };
    assert_eq!(top_organizations(&f), vec![(5, 7), (3, 2), (9, 2)]);
}
