//! Reports for supervisors and administrators (issue 12): volume by day, week or month, by
//! service, group and organisation; first response and resolution in working time (median,
//! 90th percentile, share within target); the open tickets by age; satisfaction; what each
//! staff member did. The sums come from the report cells (`store::reports`), kept by the folder
//! that runs here once per cluster.

pub mod build;
pub mod charts;
pub mod export;
pub mod view;

use std::collections::HashMap;

use time::Date;

use super::admin::Admin;
use super::error::Errors;
use super::{App, AppResult};
use crate::domain::report::period::{day_from_date, day_of};
use crate::domain::report::{Granularity, Period, Selection};
use crate::domain::{FieldError, Unp};
use crate::store::Job;

pub use build::{Names, Report};

/// Tickets folded into the cells per transaction.
const FOLD_BATCH: i64 = 1000;
/// Postings folded in one transaction.
const SEARCH_FOLD_BATCH: i64 = 50_000;
/// The longest period a report covers.
pub const MAX_DAYS: i64 = 1830;
/// The most steps a series may have.
pub const MAX_STEPS: usize = 120;

/// A report as asked for: dates `YYYY-MM-DD` (Minsk), codes, a УНП; empty means the default
/// (the last 30 days, everything, the granularity that suits the period).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct ReportQuery {
    /// First day, `YYYY-MM-DD`; 29 days before `until` by default.
    #[serde(default)]
    pub since: String,
    /// Last day (included), `YYYY-MM-DD`; today by default.
    #[serde(default)]
    pub until: String,
    /// A group code.
    #[serde(default)]
    pub group: String,
    /// A service code; a section includes its sub-services.
    #[serde(default)]
    pub service: String,
    /// An organisation's УНП.
    #[serde(default)]
    pub organization: String,
    /// day / week / month; by default days up to two months, weeks up to half a year, months beyond.
    #[serde(default)]
    pub granularity: String,
}

/// A query checked: what to count and how the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub selection: Selection,
    pub granularity: Granularity,
    pub group: Option<String>,
    pub service: Option<String>,
    pub organization: Option<String>,
}

fn date(errors: &mut Errors, field: &'static str, text: &str) -> Option<Option<Date>> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match text.trim() {
        "" => Some(None),
        t => errors.check(Date::parse(t, format).map(Some).map_err(|_| FieldError::new(field, "invalid_date"))),
    }
}

impl App {
    /// Checks a query against today and the catalogue; every problem is a field error.
    pub async fn check_report_query(&self, q: &ReportQuery) -> AppResult<Checked> {
        let today = day_of(self.now().unix_timestamp());
        let mut errors = Errors::default();
        let from = date(&mut errors, "since", &q.since);
        let to = date(&mut errors, "until", &q.until);
        let services = self.db.all_services().await?;
        let service = match q.service.trim() {
            "" => Some(None),
            code => match services.iter().find(|s| s.code == code) {
                Some(s) => {
                    let ids = std::iter::once(s.id)
                        .chain(services.iter().filter(|c| c.parent_id == Some(s.id)).map(|c| c.id));
                    Some(Some((s.code.clone(), ids.collect::<Vec<_>>())))
                }
                None => {
                    errors.push(FieldError::new("service", "unknown_service"));
                    None
                }
            },
        };
        let group = match q.group.trim() {
            "" => Some(None),
            code => match self.db.group_rows().await?.into_iter().find(|g| g.code == code) {
                Some(g) => Some(Some((g.code, g.id))),
                None => {
                    errors.push(FieldError::new("group", "unknown_group"));
                    None
                }
            },
        };
        let organization = match q.organization.trim() {
            "" => Some(None),
            text => match Unp::parse(text) {
                Ok(unp) => match self.db.organization_by_unp(unp.as_str()).await? {
                    Some(o) => Some(Some((o.unp, o.id))),
                    None => {
                        errors.push(FieldError::new("organization", "unknown_organization"));
                        None
                    }
                },
                Err(e) => {
                    errors.push(FieldError::new("organization", e.code));
                    None
                }
            },
        };
        let granularity = match q.granularity.trim() {
            "" => Some(None),
            g => errors
                .check(Granularity::parse(g).map(Some).ok_or(FieldError::new("granularity", "invalid_granularity"))),
        };
        let period = match (from, to) {
            (Some(from), Some(to)) => {
                let to = to.map_or(today, day_from_date);
                let from = from.map_or(to - 29, day_from_date);
                if from > to {
                    errors.push(FieldError::new("until", "period_reversed"));
                    None
                } else if to - from + 1 > MAX_DAYS {
                    errors.push(FieldError::new("since", "period_too_long"));
                    None
                } else {
                    Some(Period { from, to })
                }
            }
            _ => None,
        };
        let granularity = match (period, granularity) {
            (Some(p), Some(g)) => {
                let g = g.unwrap_or_else(|| Granularity::suiting(p));
                if g.steps(p).len() > MAX_STEPS {
                    errors.push(FieldError::new("granularity", "too_many_steps"));
                }
                Some(g)
            }
            _ => None,
        };
        errors.into_result()?;
        let (Some(period), Some(granularity), Some(service), Some(group), Some(organization)) =
            (period, granularity, service, group, organization)
        else {
            unreachable!("errors recorded")
        };
        Ok(Checked {
            selection: Selection {
                period,
                services: service.as_ref().map(|(_, ids)| ids.clone()),
                group: group.as_ref().map(|(_, id)| *id),
                organization: organization.as_ref().map(|(_, id)| *id),
            },
            granularity,
            service: service.map(|(code, _)| code),
            group: group.map(|(code, _)| code),
            organization: organization.map(|(unp, _)| unp),
        })
    }

    /// The report a supervisor or administrator asked for, in `lang`.
    pub async fn report(&self, _by: Admin<'_>, q: &ReportQuery, lang: &str) -> AppResult<Report> {
        let checked = self.check_report_query(q).await?;
        let now = self.now().unix_timestamp();
        let figures = self.db.report_figures(&checked.selection, now, &self.report_months).await?;
        let mut names = Names::default();
        for s in self.db.all_services().await? {
            names.services.insert(s.id, (s.code.clone(), s.name(lang).to_string()));
        }
        for g in self.db.group_rows().await? {
            let name = match lang {
                "be" => g.name_be,
                "en" => g.name_en,
                _ => g.name_ru,
            };
            names.groups.insert(g.id, (g.code, name));
        }
        let top: Vec<i64> = build::top_organizations(&figures).into_iter().map(|(id, _)| id).collect();
        names.organizations =
            self.db.organization_names(&top).await?.into_iter().map(|(id, unp, name)| (id, (unp, name))).collect();
        let people: Vec<i64> = figures.staff.iter().map(|s| s.user_id).collect();
        names.staff = self
            .db
            .staff_names(&people)
            .await?
            .into_iter()
            .map(|(id, login, name)| (id, (login, name)))
            .collect::<HashMap<_, _>>();
        Ok(build::build(&checked, &figures, &names))
    }

    /// The choices of the report's filter form, in `lang`.
    pub async fn report_choices(&self, lang: &str) -> AppResult<view::Choices> {
        Ok(view::choices(&self.db.all_services().await?, &self.db.group_rows().await?, lang))
    }

    /// Folds PostgreSQL's search postings into chunk rows (see
    /// `store::postings`); `None` when another instance is folding.
    pub async fn fold_search_postings(&self) -> AppResult<Option<usize>> {
        if self.db.backend() == crate::store::Backend::Sqlite {
            return Ok(Some(0));
        }
        let done = self.db.exclusively(Job::SearchFold, || self.db.fold_search_postings(SEARCH_FOLD_BATCH)).await?;
        if done.is_some() {
            self.metrics.sweep_ran(Job::SearchFold);
        }
        Ok(done.transpose()?)
    }

    /// Folds what is pending into the report cells, batch after batch; `None` when another
    /// instance is folding. Answers how many tickets were folded.
    pub async fn fold_reports(&self) -> AppResult<Option<usize>> {
        // Nothing pending, nothing to lock: an idle portal takes no write lock every few seconds
        // (on SQLite each fold is `BEGIN IMMEDIATE`, which a CLI beside it would wait for).
        if self.db.report_backlog().await? == 0 {
            return Ok(Some(0));
        }
        let done = self
            .db
            .exclusively(Job::ReportFold, || async {
                let mut total = 0;
                loop {
                    let n = self.db.fold_report_cells(FOLD_BATCH).await?;
                    total += n;
                    if (n as i64) < FOLD_BATCH {
                        return Ok::<usize, sqlx::Error>(total);
                    }
                }
            })
            .await?;
        if done.is_some() {
            self.metrics.sweep_ran(Job::ReportFold);
        }
        Ok(done.transpose()?)
    }
}
