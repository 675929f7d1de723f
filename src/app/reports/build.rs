//! The report as the API answers it and every page and file shows it, built from the sums.
//! Pure.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::Checked;
use crate::domain::report::period::{date_of, Day};
use crate::domain::report::{Age, Figures, Granularity, Histogram, Measures, Quantile};

/// Organisations listed by name; the others are summed.
pub const TOP_ORGANIZATIONS: usize = 20;

/// Names for what the sums count by id: (code, name) of services and groups, (УНП, name) of
/// organisations, (login, name) of staff.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub services: HashMap<i64, (String, String)>,
    pub groups: HashMap<i64, (String, String)>,
    pub organizations: HashMap<i64, (String, String)>,
    pub staff: HashMap<i64, (String, String)>,
}

/// A duration in working time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Span {
    pub seconds: i64,
    /// The value is longer than `seconds` (past the longest bucket, forty working days).
    pub more_than: bool,
}

impl Span {
    fn of(q: Quantile) -> Span {
        match q {
            Quantile::About(seconds) => Span { seconds, more_than: false },
            Quantile::Over(seconds) => Span { seconds, more_than: true },
        }
    }
}

/// First responses or resolutions in working time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Durations {
    /// How many were timed.
    pub count: i64,
    /// Accurate to the bucket: a minute under ten minutes, a quarter of an hour under an hour,
    /// an hour or two under a working day, a working day or more beyond.
    pub median: Option<Span>,
    pub p90: Option<Span>,
    /// How many had a target, and how many kept it.
    pub with_target: i64,
    pub within_target: i64,
    /// within_target / with_target, 0‥1.
    pub within_target_share: Option<f64>,
}

impl Durations {
    fn of(h: &Histogram, targeted: i64, met: i64) -> Durations {
        Durations {
            count: h.count(),
            median: h.quantile(0.5).map(Span::of),
            p90: h.quantile(0.9).map(Span::of),
            with_target: targeted,
            within_target: met,
            within_target_share: (targeted > 0).then(|| met as f64 / targeted as f64),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Satisfaction {
    pub rated: i64,
    /// 1‥5.
    pub average: Option<f64>,
    /// How many ratings of 1, 2, 3, 4 and 5.
    pub distribution: [i64; 5],
}

/// One step of the series: a day, a week (from its Monday) or a month (from its first day).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Step {
    /// The step's first day, `YYYY-MM-DD` (a week's may lie before the period).
    pub start: String,
    pub created: i64,
    pub resolved: i64,
    pub first_response_median: Option<Span>,
}

/// The figures of one service or group.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Breakdown {
    /// The code; empty for tickets without a group.
    pub code: String,
    pub name: String,
    pub created: i64,
    pub resolved: i64,
    pub first_response: Durations,
    pub resolution: Durations,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OrganizationVolume {
    pub unp: String,
    pub name: String,
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Backlog {
    /// under_day / up_to_3_days / up_to_week / up_to_month / older
    pub age: String,
    pub open: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct StaffLine {
    pub login: String,
    pub name: String,
    /// Tickets assigned to them in the period (by anyone).
    pub assigned: i64,
    /// Public replies they wrote.
    pub replied: i64,
    /// Tickets they resolved.
    pub resolved: i64,
}

/// A report over a period: what was filed, answered and resolved in it, and how fast.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Report {
    /// `YYYY-MM-DD`, Minsk days, both included.
    pub since: String,
    pub until: String,
    #[schema(value_type = String)]
    /// day / week / month
    pub granularity: Granularity,
    pub group: Option<String>,
    pub service: Option<String>,
    /// УНП.
    pub organization: Option<String>,
    /// Tickets filed in the period.
    pub created: i64,
    /// Tickets resolved in the period (and not reopened since).
    pub resolved: i64,
    /// Open now, whenever filed.
    pub open_now: i64,
    pub first_response: Durations,
    pub resolution: Durations,
    pub satisfaction: Satisfaction,
    pub series: Vec<Step>,
    pub services: Vec<Breakdown>,
    pub groups: Vec<Breakdown>,
    /// The organisations that filed the most, at most twenty.
    pub organizations: Vec<OrganizationVolume>,
    /// Tickets of the organisations not listed.
    pub other_organizations: i64,
    pub backlog: Vec<Backlog>,
    pub staff: Vec<StaffLine>,
}

fn ymd(day: Day) -> String {
    let d = date_of(day);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The organisations to name: the most tickets first, then the smaller id.
pub fn top_organizations(f: &Figures) -> Vec<(i64, i64)> {
    f.organizations.top(TOP_ORGANIZATIONS)
}

fn breakdown(code: String, name: String, m: &Measures) -> Breakdown {
    Breakdown {
        code,
        name,
        created: m.created,
        resolved: m.resolved,
        first_response: Durations::of(&m.responses, m.responses_targeted, m.responses_met),
        resolution: Durations::of(&m.resolutions, m.resolutions_targeted, m.resolutions_met),
    }
}

/// Most tickets first, then by name.
fn by_volume(mut lines: Vec<Breakdown>) -> Vec<Breakdown> {
    lines.sort_by(|a, b| b.created.cmp(&a.created).then(b.resolved.cmp(&a.resolved)).then(a.name.cmp(&b.name)));
    lines
}

pub fn build(checked: &Checked, f: &Figures, names: &Names) -> Report {
    let period = checked.selection.period;
    let total = f.total();
    let series = checked
        .granularity
        .steps(period)
        .into_iter()
        .map(|start| {
            let mut m = Measures::default();
            for (_, day) in f.by_day.range(start..).take_while(|(d, _)| checked.granularity.step_start(**d) == start) {
                m.add(day, 1);
            }
            Step {
                start: ymd(start),
                created: m.created,
                resolved: m.resolved,
                first_response_median: m.responses.quantile(0.5).map(Span::of),
            }
        })
        .collect();
    let unknown = |id: i64| (id.to_string(), format!("#{id}"));
    let services = f
        .by_service
        .iter()
        .map(|(id, m)| {
            let (code, name) = names.services.get(id).cloned().unwrap_or_else(|| unknown(*id));
            breakdown(code, name, m)
        })
        .collect();
    let groups = f
        .by_group
        .iter()
        .map(|(id, m)| {
            let (code, name) = match id {
                0 => (String::new(), String::new()),
                id => names.groups.get(id).cloned().unwrap_or_else(|| unknown(*id)),
            };
            breakdown(code, name, m)
        })
        .collect();
    let organizations: Vec<OrganizationVolume> = top_organizations(f)
        .into_iter()
        .map(|(id, created)| {
            let (unp, name) = names.organizations.get(&id).cloned().unwrap_or_else(|| unknown(id));
            OrganizationVolume { unp, name, created }
        })
        .collect();
    let listed: i64 = organizations.iter().map(|o| o.created).sum();
    let mut staff: Vec<StaffLine> = f
        .staff
        .iter()
        .filter(|s| s.assigned + s.replied + s.resolved != 0)
        .map(|s| {
            let (login, name) = names.staff.get(&s.user_id).cloned().unwrap_or_else(|| unknown(s.user_id));
            StaffLine { login, name, assigned: s.assigned, replied: s.replied, resolved: s.resolved }
        })
        .collect();
    staff.sort_by(|a, b| b.resolved.cmp(&a.resolved).then(b.replied.cmp(&a.replied)).then(a.name.cmp(&b.name)));
    Report {
        since: ymd(period.from),
        until: ymd(period.to),
        granularity: checked.granularity,
        group: checked.group.clone(),
        service: checked.service.clone(),
        organization: checked.organization.clone(),
        created: total.created,
        resolved: total.resolved,
        open_now: f.open_by_age.iter().sum(),
        first_response: Durations::of(&total.responses, total.responses_targeted, total.responses_met),
        resolution: Durations::of(&total.resolutions, total.resolutions_targeted, total.resolutions_met),
        satisfaction: Satisfaction {
            rated: total.rated,
            average: (total.rated > 0).then(|| total.rating_sum as f64 / total.rated as f64),
            distribution: total.ratings,
        },
        series,
        services: by_volume(services),
        groups: by_volume(groups),
        other_organizations: f.organizations.total() - listed,
        organizations,
        backlog: Age::ALL
            .iter()
            .zip(f.open_by_age)
            .map(|(a, open)| Backlog { age: a.as_str().to_string(), open })
            .collect(),
        staff,
    }
}

#[cfg(test)]
mod tests;
