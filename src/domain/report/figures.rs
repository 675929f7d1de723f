//! A selection of tickets for a report, and the sums read for it.

use std::collections::{BTreeMap, HashMap};

use super::facts::{CellKey, Ledger, Measures};
use super::period::{Day, Period};

/// What a report counts: a period, and when chosen the services (a section with its
/// sub-services), one group, one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub period: Period,
    pub services: Option<Vec<i64>>,
    pub group: Option<i64>,
    pub organization: Option<i64>,
}

impl Selection {
    pub fn admits(&self, service_id: i64, group_id: i64) -> bool {
        self.services.as_ref().is_none_or(|s| s.contains(&service_id)) && self.group.is_none_or(|g| g == group_id)
    }

    fn admits_cell(&self, key: &CellKey) -> bool {
        self.period.contains(key.day) && self.admits(key.service_id, key.group_id)
    }
}

/// What a staff member did in the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaffFigures {
    pub user_id: i64,
    pub assigned: i64,
    pub replied: i64,
    pub resolved: i64,
}

/// The sums a report is drawn from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub by_day: BTreeMap<Day, Measures>,
    pub by_service: BTreeMap<i64, Measures>,
    /// By group id, 0 for tickets without a group.
    pub by_group: BTreeMap<i64, Measures>,
    /// Tickets filed in the period, by organisation.
    pub organizations: HashMap<i64, i64>,
    pub staff: Vec<StaffFigures>,
    /// The open tickets of the selection by age, in the order of `Age::ALL`; the period does
    /// not apply.
    pub open_by_age: [i64; 5],
}

impl Figures {
    /// Adds the cells of `ledger` that the selection admits.
    pub fn add_ledger(&mut self, ledger: &Ledger, selection: &Selection) {
        self.add_cells(ledger, selection);
        let mut tally = OrgTally::default();
        tally.add_days(ledger, selection);
        self.add_organizations(tally);
    }

    /// Adds the cells of `ledger` that the selection admits, leaving its organisations.
    pub fn add_cells(&mut self, ledger: &Ledger, selection: &Selection) {
        for (key, m) in ledger.cells.iter().filter(|(k, _)| selection.admits_cell(k)) {
            self.by_day.entry(key.day).or_default().add(m, 1);
            self.by_service.entry(key.service_id).or_default().add(m, 1);
            self.by_group.entry(key.group_id).or_default().add(m, 1);
        }
        self.tidy();
    }

    pub fn add_organizations(&mut self, tally: OrgTally) {
        for (organization, n) in tally.into_counts() {
            *self.organizations.entry(organization).or_default() += n;
        }
        self.tidy();
    }

    fn tidy(&mut self) {
        self.by_day.retain(|_, m| !m.is_zero());
        self.by_service.retain(|_, m| !m.is_zero());
        self.by_group.retain(|_, m| !m.is_zero());
        self.organizations.retain(|_, n| *n != 0);
    }

    /// Everything in the selection.
    pub fn total(&self) -> Measures {
        let mut total = Measures::default();
        for m in self.by_service.values() {
            total.add(m, 1);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::facts::{Facts, OrgKey};

    fn facts(day: Day, service_id: i64, group_id: i64, organization_id: Option<i64>) -> Facts {
        Facts {
            created: day,
            service_id,
            group_id,
            organization_id,
            first_response: None,
            resolved: None,
            resolution: None,
            rating: None,
        }
    }

    fn selection(from: Day, to: Day) -> Selection {
        Selection { period: Period { from, to }, services: None, group: None, organization: None }
    }

    #[test]
    fn a_ledger_adds_what_the_selection_admits() {
        let mut l = Ledger::default();
        l.apply(&facts(10, 1, 5, Some(100)), 1);
        l.apply(&facts(11, 2, 5, Some(100)), 1);
        l.apply(&facts(11, 2, 6, None), 1);
        l.apply(&facts(20, 1, 5, Some(101)), 1);
        let mut f = Figures::default();
        f.add_ledger(&l, &selection(10, 19));
        assert_eq!(f.total().created, 3, "day 20 is outside");
        assert_eq!(f.by_day.keys().copied().collect::<Vec<_>>(), vec![10, 11]);
        assert_eq!((f.by_service[&1].created, f.by_service[&2].created), (1, 2));
        assert_eq!((f.by_group[&5].created, f.by_group[&6].created), (2, 1));
        assert_eq!(f.organizations, [(100, 2)].into_iter().collect());

        let mut only = Figures::default();
        only.add_ledger(&l, &Selection { services: Some(vec![2]), group: Some(5), ..selection(0, 100) });
        assert_eq!(only.total().created, 1);
        assert_eq!(only.organizations, [(100, 1)].into_iter().collect());
    }

    #[test]
    fn taking_away_what_was_there_leaves_nothing() {
        let mut l = Ledger::default();
        l.apply(&facts(10, 1, 5, Some(100)), 1);
        let mut f = Figures::default();
        f.add_ledger(&l, &selection(0, 100));
        let mut gone = Ledger::default();
        gone.apply(&facts(10, 1, 5, Some(100)), -1);
        f.add_ledger(&gone, &selection(0, 100));
        assert_eq!(f, Figures::default());
        let key = OrgKey { day: 10, organization_id: 100, service_id: 1, group_id: 5 };
        assert_eq!(gone.organizations[&key], -1);
    }
}

/// Tickets by organisation summed over many rows (a year is a hundred thousand). Organisation
/// ids are small dense integers, so a vector indexed by id adds them; others go to a map.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OrgTally {
    dense: Vec<i64>,
    sparse: HashMap<i64, i64>,
}

impl OrgTally {
    /// Ids up to this many are counted in the vector (32 MiB at most).
    const DENSE_IDS: i64 = 1 << 22;

    pub fn add(&mut self, organization: i64, n: i64) {
        if (0..Self::DENSE_IDS).contains(&organization) {
            let i = organization as usize;
            if i >= self.dense.len() {
                self.dense.resize(i + 1, 0);
            }
            self.dense[i] += n;
        } else {
            *self.sparse.entry(organization).or_default() += n;
        }
    }

    /// The organisation days of `ledger` that the selection admits.
    pub fn add_days(&mut self, ledger: &Ledger, selection: &Selection) {
        for (key, n) in ledger.organizations.iter().filter(|(k, _)| {
            selection.period.contains(k.day)
                && selection.admits(k.service_id, k.group_id)
                && selection.organization.is_none_or(|o| o == k.organization_id)
        }) {
            self.add(key.organization_id, *n);
        }
    }

    /// (organisation, tickets), those with tickets only.
    pub fn into_counts(self) -> impl Iterator<Item = (i64, i64)> {
        let dense = self.dense.into_iter().enumerate().map(|(id, n)| (id as i64, n));
        dense.chain(self.sparse).filter(|(_, n)| *n != 0)
    }
}
