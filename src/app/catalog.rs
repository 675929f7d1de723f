//! The catalogue every console page shows: services, groups and active staff with their
//! groups, and the service-level policies and calendars tickets' clocks follow. It is small,
//! read on every page and changed rarely (CLI, administration), so each instance keeps it for a few seconds instead of reading it again for every page; a change
//! made through this instance drops it at once. It only fills choices and names: every change
//! a person asks for is checked against the database (an assignee, a service), never this copy.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::people::Role;
use crate::store::services::ServiceRow;
use crate::store::workspace::{GroupRow, StaffChoice, StaffMembership};

use super::{App, AppResult};

/// How long another instance's (or the CLI's) change may take to show.
pub const CATALOG_MAX_AGE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub person: StaffChoice,
    pub role: Role,
    pub groups: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Active services, in their order.
    pub services: Vec<ServiceRow>,
    pub groups: Vec<GroupRow>,
    /// Active staff by name.
    pub staff: Vec<StaffMember>,
    /// Service-level policies and calendars.
    pub sla: super::sla::SlaBook,
    /// The words of every notice.
    pub texts: super::notice_texts::NoticeTexts,
    /// The newest version of each document people accept.
    pub documents: Vec<crate::store::consents::LatestDocument>,
}

impl Catalog {
    /// Folds the rows of `staff_memberships` (one per person and group, by person).
    pub fn new(services: Vec<ServiceRow>, groups: Vec<GroupRow>, rows: Vec<StaffMembership>) -> Self {
        let mut staff: Vec<StaffMember> = Vec::new();
        for row in rows {
            match staff.last_mut() {
                Some(last) if last.person.id == row.id => last.groups.extend(row.group_id),
                _ => staff.push(StaffMember {
                    person: StaffChoice { id: row.id, first_name: row.first_name, last_name: row.last_name },
                    role: row.role,
                    groups: row.group_id.into_iter().collect(),
                }),
            }
        }
        Catalog { services, groups, staff, sla: Default::default(), texts: Default::default(), documents: Vec::new() }
    }

    pub fn with_sla(mut self, sla: super::sla::SlaBook) -> Self {
        self.sla = sla;
        self
    }

    pub fn with_texts(mut self, texts: super::notice_texts::NoticeTexts) -> Self {
        self.texts = texts;
        self
    }

    pub fn with_documents(mut self, documents: Vec<crate::store::consents::LatestDocument>) -> Self {
        self.documents = documents;
        self
    }

    /// Who may be given a ticket of `group`: its operators, and supervisors and
    /// administrators, who see every group.
    pub fn assignable(&self, group: Option<i64>) -> Vec<StaffChoice> {
        self.staff
            .iter()
            .filter(|s| s.role != Role::Operator || group.is_some_and(|g| s.groups.contains(&g)))
            .map(|s| s.person.clone())
            .collect()
    }

    pub fn active_staff(&self) -> Vec<StaffChoice> {
        self.staff.iter().map(|s| s.person.clone()).collect()
    }

    pub fn group_code(&self, id: i64) -> Option<String> {
        self.groups.iter().find(|g| g.id == id).map(|g| g.code.clone())
    }

    /// (code, name in ru/be/en) of every group, archived ones too: what history names.
    pub fn group_names(&self) -> Vec<(String, String, String, String)> {
        self.groups.iter().map(|g| (g.code.clone(), g.name_ru.clone(), g.name_be.clone(), g.name_en.clone())).collect()
    }

    /// The same of the groups a ticket may be given to.
    pub fn active_group_names(&self) -> Vec<(String, String, String, String)> {
        self.groups
            .iter()
            .filter(|g| !g.archived)
            .map(|g| (g.code.clone(), g.name_ru.clone(), g.name_be.clone(), g.name_en.clone()))
            .collect()
    }
}

/// This instance's copy and when it was read.
#[derive(Default)]
pub struct CatalogCache {
    kept: Mutex<Option<(Instant, Arc<Catalog>)>>,
    /// One reader at a time when it is stale: eight pages at once read it once.
    reading: tokio::sync::Mutex<()>,
}

impl CatalogCache {
    fn fresh(&self) -> Option<Arc<Catalog>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref().filter(|(at, _)| at.elapsed() < CATALOG_MAX_AGE).map(|(_, c)| c.clone())
    }

    fn keep(&self, at: Instant, catalog: Arc<Catalog>) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some((at, catalog));
    }

    pub fn forget(&self) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl App {
    pub async fn catalog(&self) -> AppResult<Arc<Catalog>> {
        if let Some(catalog) = self.catalog.fresh() {
            return Ok(catalog);
        }
        let _turn = self.catalog.reading.lock().await;
        if let Some(catalog) = self.catalog.fresh() {
            return Ok(catalog);
        }
        // Stamped before reading: a change that lands during the read is seen in time.
        let at = Instant::now();
        let policies = self.db.sla_policies().await?.into_iter().map(|p| (p.policy, p.calendar_id)).collect();
        let sla = super::sla::SlaBook::new(policies, self.db.all_calendars().await?);
        let catalog = Arc::new(
            Catalog::new(
                self.db.active_services().await?,
                self.db.group_rows().await?,
                self.db.staff_memberships().await?,
            )
            .with_sla(sla)
            .with_texts(super::notice_texts::NoticeTexts::new(self.db.notice_templates().await?))
            .with_documents(self.db.latest_documents().await?),
        );
        self.catalog.keep(at, catalog.clone());
        Ok(catalog)
    }

    /// To be called after this instance changes services, groups or staff.
    pub fn catalog_changed(&self) {
        self.catalog.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, last: &str, role: Role, group: Option<i64>) -> StaffMembership {
        StaffMembership { id, first_name: "И".into(), last_name: last.into(), role, group_id: group }
    }

    fn catalog() -> Catalog {
        Catalog::new(
            vec![],
            vec![GroupRow {
                id: 7,
                code: "ecp".into(),
                name_ru: "ЭЦП".into(),
                name_be: "ЭЛП".into(),
                name_en: "Signatures".into(),
                archived: false,
            }],
            vec![
                row(1, "Антонов", Role::Operator, Some(7)),
                row(1, "Антонов", Role::Operator, Some(8)),
                row(2, "Борисов", Role::Operator, Some(8)),
                row(3, "Волков", Role::Supervisor, None),
                row(4, "Глебов", Role::Operator, None),
            ],
        )
    }

    #[test]
    fn rows_fold_into_people_with_their_groups() {
        let c = catalog();
        let people: Vec<(i64, Vec<i64>)> = c.staff.iter().map(|s| (s.person.id, s.groups.clone())).collect();
        assert_eq!(people, vec![(1, vec![7, 8]), (2, vec![8]), (3, vec![]), (4, vec![])]);
        assert_eq!(c.active_staff().len(), 4);
    }

    #[test]
    fn a_group_is_given_to_its_operators_and_to_supervisors() {
        let ids = |group| catalog().assignable(group).iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(Some(7)), vec![1, 3]);
        assert_eq!(ids(Some(8)), vec![1, 2, 3]);
        assert_eq!(ids(None), vec![3], "a ticket of no group goes to those who see every group");
    }

    #[test]
    fn groups_are_found_by_id() {
        assert_eq!(catalog().group_code(7).as_deref(), Some("ecp"));
        assert_eq!(catalog().group_code(9), None);
        assert_eq!(catalog().group_names()[0].3, "Signatures");
    }

    #[test]
    fn a_kept_catalog_is_dropped_on_a_change() {
        let cache = CatalogCache::default();
        cache.keep(Instant::now(), Arc::new(catalog()));
        assert!(cache.fresh().is_some());
        cache.forget();
        assert!(cache.fresh().is_none());
        let old = Instant::now().checked_sub(CATALOG_MAX_AGE + Duration::from_secs(1));
        if let Some(old) = old {
            cache.keep(old, Arc::new(catalog()));
            assert!(cache.fresh().is_none(), "an old copy is read again");
        }
    }
}
