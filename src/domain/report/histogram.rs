//! Durations kept as counts per bucket, so that medians and 90th percentiles of any period, group
//! or service come from sums of daily rows. The buckets are fine where answers are short (a minute
//! apart under ten minutes) and coarse where nobody cares about the minute (a working week apart
//! past four weeks); a percentile is interpolated inside its bucket.

/// How many buckets: the last one is open-ended.
pub const BUCKETS: usize = 34;

/// The upper edges of buckets 0‥32, in minutes of working time (exclusive).
const EDGES_MINUTES: [i64; BUCKETS - 1] = [
    1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 540, 720, 960, 1080, 1440, 1620, 2160,
    2700, 3240, 4320, 5400, 8100, 10800, 16200, 21600,
];

/// The bucket a duration of `seconds` falls into.
pub fn bucket_of(seconds: i64) -> usize {
    EDGES_MINUTES.iter().position(|edge| seconds < edge * 60).unwrap_or(BUCKETS - 1)
}

/// The bucket's range in seconds: from (inclusive) and to (exclusive, `None` for the last).
pub fn bucket_range(bucket: usize) -> (i64, Option<i64>) {
    let from = if bucket == 0 { 0 } else { EDGES_MINUTES[bucket - 1] * 60 };
    (from, EDGES_MINUTES.get(bucket).map(|m| m * 60))
}

/// A percentile read from a histogram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantile {
    /// About this many seconds (within the bucket's width).
    About(i64),
    /// Longer than this: the value lies in the open last bucket.
    Over(i64),
}

impl Quantile {
    pub fn seconds(self) -> i64 {
        match self {
            Quantile::About(s) | Quantile::Over(s) => s,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Histogram(pub [i64; BUCKETS]);

impl Default for Histogram {
    fn default() -> Self {
        Histogram([0; BUCKETS])
    }
}

impl Histogram {
    pub fn record(&mut self, seconds: i64, times: i64) {
        self.0[bucket_of(seconds)] += times;
    }

    pub fn add(&mut self, other: &Histogram, sign: i64) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += sign * b;
        }
    }

    pub fn count(&self) -> i64 {
        self.0.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|n| *n == 0)
    }

    /// The `q`-quantile (0 < q ≤ 1): the value at rank ⌈q·n⌉, placed evenly inside its bucket.
    /// `None` for an empty histogram.
    pub fn quantile(&self, q: f64) -> Option<Quantile> {
        let n = self.count();
        if n <= 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as i64).clamp(1, n);
        let mut before = 0;
        for (bucket, count) in self.0.iter().copied().enumerate() {
            if count > 0 && before + count >= rank {
                let (from, to) = bucket_range(bucket);
                let Some(to) = to else { return Some(Quantile::Over(from)) };
                // The k-th of `count` values spread over [from, to): at the middle of its share.
                let k = (rank - before) as f64;
                let at = from as f64 + (to - from) as f64 * (k - 0.5) / count as f64;
                return Some(Quantile::About(at.round() as i64));
            }
            before += count;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_fall_into_their_buckets() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(59), 0);
        assert_eq!(bucket_of(60), 1);
        assert_eq!(bucket_of(9 * 60 + 59), 5, "nine minutes and change: [7, 10)");
        assert_eq!(bucket_of(10 * 60), 6);
        assert_eq!(bucket_of(540 * 60), 19, "a working day of nine hours starts [540, 720)");
        assert_eq!(bucket_of(21_599 * 60), 32);
        assert_eq!(bucket_of(21_600 * 60), 33, "forty working days and more: the open bucket");
        assert_eq!(bucket_of(i64::MAX / 120), 33);
        assert_eq!(bucket_range(0), (0, Some(60)));
        assert_eq!(bucket_range(6), (600, Some(900)));
        assert_eq!(bucket_range(33), (21_600 * 60, None));
        for b in 1..BUCKETS {
            assert_eq!(bucket_range(b).0, bucket_range(b - 1).1.unwrap(), "buckets {b} and {} touch", b - 1);
        }
    }

    #[test]
    fn an_empty_histogram_has_no_quantiles() {
        assert_eq!(Histogram::default().quantile(0.5), None);
        assert!(Histogram::default().is_empty());
    }

    #[test]
    fn quantiles_are_interpolated_inside_their_bucket() {
        let mut h = Histogram::default();
        // Ten answers in [10, 15) minutes: the median is the fifth, at 4.5/10 of the bucket.
        h.record(12 * 60, 10);
        assert_eq!(h.quantile(0.5), Some(Quantile::About(600 + 135)));
        assert_eq!(h.quantile(0.9), Some(Quantile::About(600 + 255)));
        assert_eq!(h.quantile(1.0), Some(Quantile::About(600 + 285)));
        // One more, very late: the median moves a step, the 90th percentile stays below an hour.
        h.record(50 * 3600, 1);
        assert_eq!(h.count(), 11);
        assert_eq!(h.quantile(0.5), Some(Quantile::About(600 + 165)), "rank 6 of 10 in the bucket");
        assert_eq!(h.quantile(0.9), Some(Quantile::About(600 + 285)), "rank 10");
        assert_eq!(h.quantile(1.0), Some(Quantile::About(2700 * 60 + (3240 - 2700) * 30)));
    }

    #[test]
    fn a_quantile_in_the_open_bucket_says_more_than() {
        let mut h = Histogram::default();
        h.record(100 * 24 * 3600, 3);
        assert_eq!(h.quantile(0.5), Some(Quantile::Over(21_600 * 60)));
        assert_eq!(Quantile::Over(5).seconds(), 5);
    }

    #[test]
    fn histograms_add_and_take_away() {
        let mut a = Histogram::default();
        a.record(30, 2);
        let mut b = Histogram::default();
        b.record(30, 1);
        b.record(3000, 1);
        a.add(&b, 1);
        assert_eq!(a.count(), 4);
        a.add(&b, -1);
        assert_eq!(a.count(), 2);
        a.add(&a.clone(), -1);
        assert!(a.is_empty());
    }
}
