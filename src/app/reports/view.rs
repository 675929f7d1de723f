//! The report page: the report's numbers in words of the reader's language, its charts, and
//! the choices of the filter form. Pure.

use super::build::{Breakdown, Durations, Report, Span};
use super::charts;
use crate::app::sla_view::working_span;
use crate::domain::report::Granularity;
use crate::i18n::Tr;
use crate::store::services::ServiceRow;
use crate::store::workspace::GroupRow;

/// What the filter form offers: (code, name) of groups and of services, sub-services under
/// their section; archived ones too, since the period may be old.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    pub groups: Vec<(String, String)>,
    pub services: Vec<(String, String)>,
}

fn in_language<'a>(lang: &str, ru: &'a str, be: &'a str, en: &'a str) -> &'a str {
    match lang {
        "be" if !be.is_empty() => be,
        "en" if !en.is_empty() => en,
        _ => ru,
    }
}

pub fn choices(services: &[ServiceRow], groups: &[GroupRow], lang: &str) -> Choices {
    let name = |s: &ServiceRow| in_language(lang, &s.name_ru, &s.name_be, &s.name_en).to_string();
    let mut listed = Vec::new();
    for section in services.iter().filter(|s| s.parent_id.is_none()) {
        listed.push((section.code.clone(), name(section)));
        for child in services.iter().filter(|c| c.parent_id == Some(section.id)) {
            listed.push((child.code.clone(), format!("\u{2014} {}", name(child))));
        }
    }
    Choices {
        groups: groups
            .iter()
            .map(|g| (g.code.clone(), in_language(lang, &g.name_ru, &g.name_be, &g.name_en).to_string()))
            .collect(),
        services: listed,
    }
}

/// One service or group as a table row.
pub struct BreakdownRow {
    pub name: String,
    pub created: i64,
    pub resolved: i64,
    pub first_response: String,
    pub first_response_share: String,
    pub resolution: String,
    pub resolution_share: String,
}

/// A card at the top: a label, the figure, a line under it.
pub struct Card {
    pub label: String,
    pub value: String,
    pub note: String,
}

pub struct ReportView {
    pub cards: Vec<Card>,
    pub volume_chart: String,
    /// (step, filed, resolved, median first response)
    pub volume: Vec<(String, i64, i64, String)>,
    pub services_chart: String,
    pub services: Vec<BreakdownRow>,
    pub groups: Vec<BreakdownRow>,
    pub organizations_chart: String,
    /// (УНП, name, tickets)
    pub organizations: Vec<(String, String, i64)>,
    pub other_organizations: Option<String>,
    pub backlog_chart: String,
    pub backlog: Vec<(String, i64)>,
    pub satisfaction_chart: String,
    pub satisfaction: Vec<(String, i64)>,
    /// (login, name, assigned, replied, resolved)
    pub staff: Vec<(String, String, i64, i64, i64)>,
}

/// «2 ч 10 мин», «более 360 ч», «—».
pub fn span_text(tr: Tr, span: Option<Span>) -> String {
    match span {
        None => "—".into(),
        Some(Span { seconds, more_than: false }) => working_span(tr, seconds),
        Some(Span { seconds, more_than: true }) => tr.t1("report-more-than", "time", working_span(tr, seconds)),
    }
}

/// «Период: 05.11.2026 — 04.12.2026».
pub fn period_text(tr: Tr, r: &Report) -> String {
    let dotted = |ymd: &str| ymd.split('-').rev().collect::<Vec<_>>().join(".");
    tr.t_values("report-period", &[("since", &dotted(&r.since)), ("until", &dotted(&r.until))])
}

/// «93 %»; «—» without targets.
pub fn share_text(share: Option<f64>) -> String {
    share.map_or_else(|| "—".into(), |s| format!("{}\u{a0}%", (s * 100.0).round() as i64))
}

/// «4,3» (a decimal comma but in English).
pub fn average_text(tr: Tr, average: Option<f64>) -> String {
    match average {
        None => "—".into(),
        Some(a) => {
            let text = format!("{a:.1}");
            if tr.lang_code() == "en" {
                text
            } else {
                text.replace('.', ",")
            }
        }
    }
}

/// `2026-11-30` as the step of a series reads: «30.11», «30.11–06.12», «11.2026».
pub fn step_label(start: &str, granularity: Granularity) -> String {
    let parts: Vec<&str> = start.split('-').collect();
    let [y, m, d] = parts[..] else { return start.to_string() };
    match granularity {
        Granularity::Day => format!("{d}.{m}"),
        Granularity::Week => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(start, format) {
                Ok(monday) => {
                    let sunday = monday + time::Duration::days(6);
                    format!("{d}.{m}–{:02}.{:02}", sunday.day(), u8::from(sunday.month()))
                }
                Err(_) => start.to_string(),
            }
        }
        Granularity::Month => format!("{m}.{y}"),
    }
}

fn row(tr: Tr, b: &Breakdown, no_group: &str) -> BreakdownRow {
    BreakdownRow {
        name: if b.name.is_empty() { no_group.to_string() } else { b.name.clone() },
        created: b.created,
        resolved: b.resolved,
        first_response: pair(tr, &b.first_response),
        first_response_share: share_text(b.first_response.within_target_share),
        resolution: pair(tr, &b.resolution),
        resolution_share: share_text(b.resolution.within_target_share),
    }
}

/// «median / 90 %».
fn pair(tr: Tr, d: &Durations) -> String {
    if d.count == 0 {
        return "—".into();
    }
    format!("{} / {}", span_text(tr, d.median), span_text(tr, d.p90))
}

fn durations_card(tr: Tr, label: &str, d: &Durations) -> Card {
    Card {
        label: tr.t(label),
        value: span_text(tr, d.median),
        note: tr.t_values(
            "report-card-durations",
            &[
                ("p90", &span_text(tr, d.p90)),
                ("share", &share_text(d.within_target_share)),
                ("n", &d.count.to_string()),
            ],
        ),
    }
}

pub fn view(tr: Tr, r: &Report) -> ReportView {
    let labels: Vec<String> = r.series.iter().map(|s| step_label(&s.start, r.granularity)).collect();
    let volume_chart = charts::columns(
        &tr.t("report-volume"),
        &labels,
        &[
            (tr.t("report-filed"), r.series.iter().map(|s| s.created).collect()),
            (tr.t("report-resolved"), r.series.iter().map(|s| s.resolved).collect()),
        ],
    );
    let volume = r
        .series
        .iter()
        .zip(&labels)
        .map(|(s, label)| (label.clone(), s.created, s.resolved, span_text(tr, s.first_response_median)))
        .collect();
    let no_group = tr.t("report-no-group");
    let top_services: Vec<(String, i64)> = r.services.iter().take(10).map(|s| (s.name.clone(), s.created)).collect();
    let ages: Vec<(String, i64)> = r.backlog.iter().map(|b| (tr.t(&format!("report-age-{}", b.age)), b.open)).collect();
    let stars: Vec<(String, i64)> = (1..=5).map(|n| (n.to_string(), r.satisfaction.distribution[n - 1])).collect();
    let orgs: Vec<(String, i64)> = r.organizations.iter().take(10).map(|o| (o.name.clone(), o.created)).collect();
    ReportView {
        cards: vec![
            Card {
                label: tr.t("report-filed"),
                value: r.created.to_string(),
                note: tr.t1("report-card-resolved", "n", r.resolved),
            },
            Card { label: tr.t("report-open-now"), value: r.open_now.to_string(), note: tr.t("report-card-open-note") },
            durations_card(tr, "report-first-response", &r.first_response),
            durations_card(tr, "report-resolution", &r.resolution),
            Card {
                label: tr.t("report-satisfaction"),
                value: average_text(tr, r.satisfaction.average),
                note: tr.t1("report-card-rated", "n", r.satisfaction.rated),
            },
        ],
        volume_chart,
        volume,
        services_chart: charts::bars(&tr.t("report-by-service"), &top_services),
        services: r.services.iter().map(|b| row(tr, b, &no_group)).collect(),
        groups: r.groups.iter().map(|b| row(tr, b, &no_group)).collect(),
        organizations_chart: charts::bars(&tr.t("report-by-organization"), &orgs),
        organizations: r.organizations.iter().map(|o| (o.unp.clone(), o.name.clone(), o.created)).collect(),
        other_organizations: (r.other_organizations > 0)
            .then(|| tr.t1("report-other-organizations", "n", r.other_organizations)),
        backlog_chart: charts::columns(
            &tr.t("report-backlog"),
            &ages.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(),
            &[(tr.t("report-open-now"), ages.iter().map(|(_, n)| *n).collect())],
        ),
        backlog: ages,
        satisfaction_chart: charts::columns(
            &tr.t("report-satisfaction"),
            &stars.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(),
            &[(tr.t("report-ratings"), stars.iter().map(|(_, n)| *n).collect())],
        ),
        satisfaction: stars,
        staff: r.staff.iter().map(|s| (s.login.clone(), s.name.clone(), s.assigned, s.replied, s.resolved)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn spans_shares_and_averages_read_in_words() {
        let ru = Tr::new(Lang::Ru);
        assert_eq!(span_text(ru, None), "—");
        assert_eq!(span_text(ru, Some(Span { seconds: 7800, more_than: false })), "2\u{a0}ч 10\u{a0}мин");
        assert_eq!(span_text(ru, Some(Span { seconds: 1_296_000, more_than: true })), "более 360\u{a0}ч");
        assert_eq!(share_text(Some(0.926)), "93\u{a0}%");
        assert_eq!(share_text(None), "—");
        assert_eq!(average_text(ru, Some(4.26)), "4,3");
        assert_eq!(average_text(Tr::new(Lang::En), Some(4.26)), "4.3");
    }

    fn service(id: i64, code: &str, parent_id: Option<i64>, name_ru: &str, name_en: &str) -> ServiceRow {
        ServiceRow {
            id,
            code: code.into(),
            parent_id,
            name_ru: name_ru.into(),
            name_be: String::new(),
            name_en: name_en.into(),
            default_group_id: None,
            sla_policy_id: None,
            position: id,
            active: true,
        }
    }

    #[test]
    fn sub_services_follow_their_section_and_names_fall_back_to_russian() {
        let services = [
            service(1, "ecp", None, "ЭЦП", "Signatures"),
            service(2, "portal", None, "Портал", ""),
            service(3, "ecp-token", Some(1), "Токен", "Token"),
        ];
        let groups = [GroupRow {
            id: 7,
            code: "l1".into(),
            name_ru: "Первая линия".into(),
            name_be: "Першая лінія".into(),
            name_en: String::new(),
            archived: true,
        }];
        let en = choices(&services, &groups, "en");
        let codes: Vec<&str> = en.services.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["ecp", "ecp-token", "portal"]);
        assert_eq!(en.services[1].1, "\u{2014} Token");
        assert_eq!(en.services[2].1, "Портал");
        assert_eq!(en.groups, [("l1".to_string(), "Первая линия".to_string())]);
        assert_eq!(choices(&services, &groups, "be").groups[0].1, "Першая лінія");
    }

    #[test]
    fn steps_are_labelled_by_their_length() {
        assert_eq!(step_label("2026-11-30", Granularity::Day), "30.11");
        assert_eq!(step_label("2026-11-30", Granularity::Week), "30.11–06.12");
        assert_eq!(step_label("2026-12-28", Granularity::Week), "28.12–03.01");
        assert_eq!(step_label("2026-11-01", Granularity::Month), "11.2026");
    }
}
