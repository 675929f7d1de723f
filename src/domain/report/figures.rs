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
    pub organizations: OrgTally,
    pub staff: Vec<StaffFigures>,
    /// The open tickets of the selection by age, in the order of `Age::ALL`; the period does
    /// not apply.
    pub open_by_age: [i64; 5],
}

impl Figures {
    /// Adds the cells and organisation days of `ledger` that the selection admits.
    pub fn add_ledger(&mut self, ledger: &Ledger, selection: &Selection) {
        self.add_cells(ledger, selection);
        self.organizations.add_days(ledger, selection);
        self.tidy();
    }

    /// Adds the cells of `ledger` that the selection admits, leaving its organisations. Call
    /// [`Figures::tidy`] when done adding.
    pub fn add_cells(&mut self, ledger: &Ledger, selection: &Selection) {
        for (key, m) in ledger.cells.iter().filter(|(k, _)| selection.admits_cell(k)) {
            self.by_day.entry(key.day).or_default().add(m, 1);
            self.by_service.entry(key.service_id).or_default().add(m, 1);
            self.by_group.entry(key.group_id).or_default().add(m, 1);
        }
    }

    /// Adds a month whose every day lies in the period, as [`Figures::add_cells`] would, from
    /// its totals: without a filter its days are read summed, and services and groups always
    /// are, so a month is some hundred additions rather than a few thousand.
    pub fn add_whole_month(&mut self, ledger: &Ledger, totals: &MonthTotals, selection: &Selection) {
        if selection.services.is_none() && selection.group.is_none() {
            for (day, m) in &totals.days {
                self.by_day.entry(*day).or_default().add(m, 1);
            }
        } else {
            for (key, m) in ledger.cells.iter().filter(|(k, _)| selection.admits(k.service_id, k.group_id)) {
                self.by_day.entry(key.day).or_default().add(m, 1);
            }
        }
        for ((service, group), m) in totals.pairs.iter().filter(|((s, g), _)| selection.admits(*s, *g)) {
            self.by_service.entry(*service).or_default().add(m, 1);
            self.by_group.entry(*group).or_default().add(m, 1);
        }
    }

    /// Forgets what adds up to nothing (a ticket taken away where it was counted).
    pub fn tidy(&mut self) {
        self.by_day.retain(|_, m| !m.is_zero());
        self.by_service.retain(|_, m| !m.is_zero());
        self.by_group.retain(|_, m| !m.is_zero());
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

/// A month's cells summed two ways, for reading the month whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthTotals {
    /// Each day, every service and group.
    pub days: Vec<(Day, Measures)>,
    /// Each service and group, every day.
    pub pairs: Vec<((i64, i64), Measures)>,
}

impl MonthTotals {
    pub fn of(ledger: &Ledger) -> MonthTotals {
        let mut days: BTreeMap<Day, Measures> = BTreeMap::new();
        let mut pairs: BTreeMap<(i64, i64), Measures> = BTreeMap::new();
        for (key, m) in &ledger.cells {
            days.entry(key.day).or_default().add(m, 1);
            pairs.entry((key.service_id, key.group_id)).or_default().add(m, 1);
        }
        MonthTotals { days: days.into_iter().collect(), pairs: pairs.into_iter().collect() }
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
    fn a_whole_month_adds_up_from_its_totals_as_from_its_cells() {
        let mut l = Ledger::default();
        for (day, service, group) in [(10, 1, 5), (10, 1, 5), (11, 2, 5), (11, 2, 6), (12, 1, 6), (30, 3, 0)] {
            let mut f = facts(day, service, group, Some(100));
            f.resolved = Some(day + 1);
            l.apply(&f, 1);
        }
        let totals = MonthTotals::of(&l);
        assert_eq!(totals.days.len(), 6, "filed on 10, 11, 12 and 30, resolved a day later");
        assert_eq!(totals.pairs.len(), 5);
        for filter in [
            selection(0, 40),
            Selection { services: Some(vec![1, 3]), ..selection(0, 40) },
            Selection { group: Some(5), ..selection(0, 40) },
            Selection { services: Some(vec![2]), group: Some(6), ..selection(0, 40) },
        ] {
            let (mut by_cells, mut by_totals) = (Figures::default(), Figures::default());
            by_cells.add_cells(&l, &filter);
            by_totals.add_whole_month(&l, &totals, &filter);
            by_cells.tidy();
            by_totals.tidy();
            assert_eq!(by_cells, by_totals, "{filter:?}");
            assert!(by_totals.total().created > 0);
        }
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
#[derive(Debug, Default, Clone)]
pub struct OrgTally {
    dense: Vec<i64>,
    sparse: HashMap<i64, i64>,
}

/// Two tallies are equal when they count the same, however they were filled.
impl PartialEq for OrgTally {
    fn eq(&self, other: &Self) -> bool {
        let counts = |t: &OrgTally| {
            let mut v: Vec<(i64, i64)> = t.counts().collect();
            v.sort_unstable();
            v
        };
        counts(self) == counts(other)
    }
}

impl Eq for OrgTally {}

impl FromIterator<(i64, i64)> for OrgTally {
    fn from_iter<I: IntoIterator<Item = (i64, i64)>>(iter: I) -> Self {
        let mut tally = OrgTally::default();
        for (organization, n) in iter {
            tally.add(organization, n);
        }
        tally
    }
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
    pub fn counts(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        let dense = self.dense.iter().enumerate().map(|(id, n)| (id as i64, *n));
        dense.chain(self.sparse.iter().map(|(id, n)| (*id, *n))).filter(|(_, n)| *n != 0)
    }

    pub fn get(&self, organization: i64) -> i64 {
        match usize::try_from(organization).ok().and_then(|i| self.dense.get(i)) {
            Some(n) => *n,
            None => self.sparse.get(&organization).copied().unwrap_or(0),
        }
    }

    pub fn total(&self) -> i64 {
        self.dense.iter().sum::<i64>() + self.sparse.values().sum::<i64>()
    }

    /// The `n` organisations with the most tickets, most first, then the smaller id; found
    /// without sorting them all (twenty out of twenty thousand).
    pub fn top(&self, n: usize) -> Vec<(i64, i64)> {
        let mut all: Vec<(i64, i64)> = self.counts().collect();
        let order = |a: &(i64, i64), b: &(i64, i64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > n && n > 0 {
            all.select_nth_unstable_by(n - 1, order);
        }
        all.truncate(n);
        all.sort_unstable_by(order);
        all
    }
}
