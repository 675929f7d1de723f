//! Time is injected so that expiry and lockouts can be tested without sleeping.

use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime};

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that moves only when told to; shared between a test and the server it started.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().expect("clock lock") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock lock")
    }
}

/// Belarus keeps UTC+3 all year (no daylight saving since 2011).
pub const MINSK_OFFSET: time::UtcOffset = time::macros::offset!(+3);

pub fn format_minsk(at: OffsetDateTime) -> String {
    let local = at.to_offset(MINSK_OFFSET);
    let fmt = time::macros::format_description!("[day].[month].[year] [hour]:[minute]");
    local.format(&fmt).unwrap_or_default()
}
