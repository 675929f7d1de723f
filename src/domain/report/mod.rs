//! Report arithmetic (issue 12): Minsk days, weeks and months; durations as histograms whose
//! sums give medians and percentiles; and what each ticket contributes to the daily cells the
//! reports add up.

pub mod facts;
pub mod figures;
pub mod histogram;
pub mod period;

#[cfg(test)]
mod tests;

pub use facts::{CellKey, Facts, Ledger, Measures, MetClock, OrgKey, TicketState, Timing};
pub use figures::{Figures, MonthTotals, OrgTally, Selection, StaffFigures};
pub use histogram::{Histogram, Quantile, BUCKETS};
pub use period::{Age, Day, Granularity, MonthKey, Period};
