//! Prometheus counters kept in memory per instance (a scrape reads each instance).

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

const BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

#[derive(Debug, Default)]
pub struct Metrics {
    pub requests_2xx: Counter,
    pub requests_3xx: Counter,
    pub requests_4xx: Counter,
    pub requests_5xx: Counter,
    latency_buckets: [AtomicU64; 10],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    pub sms_sent: Counter,
    pub sms_failed: Counter,
    pub logins_ok: Counter,
    pub logins_failed: Counter,
    pub registrations_started: Counter,
    pub registrations_completed: Counter,
}

impl Metrics {
    pub fn observe_request(&self, status: u16, micros: u64) {
        match status {
            200..=299 => self.requests_2xx.inc(),
            300..=399 => self.requests_3xx.inc(),
            400..=499 => self.requests_4xx.inc(),
            _ => self.requests_5xx.inc(),
        }
        let millis = micros / 1000;
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            if millis < *bound || (millis == *bound && micros % 1000 == 0) {
                self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    pub fn render(&self, outbox_depth: Option<i64>) -> String {
        let mut out = String::new();
        out.push_str("# HELP helpdesk_http_requests_total HTTP requests answered, by status class.\n");
        out.push_str("# TYPE helpdesk_http_requests_total counter\n");
        for (class, c) in [
            ("2xx", &self.requests_2xx),
            ("3xx", &self.requests_3xx),
            ("4xx", &self.requests_4xx),
            ("5xx", &self.requests_5xx),
        ] {
            let _ = writeln!(out, "helpdesk_http_requests_total{{status=\"{class}\"}} {}", c.get());
        }
        out.push_str("# HELP helpdesk_http_request_duration_seconds Time to answer a request.\n");
        out.push_str("# TYPE helpdesk_http_request_duration_seconds histogram\n");
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            let _ = writeln!(
                out,
                "helpdesk_http_request_duration_seconds_bucket{{le=\"{}\"}} {}",
                *bound as f64 / 1000.0,
                self.latency_buckets[i].load(Ordering::Relaxed)
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let _ = writeln!(out, "helpdesk_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(
            out,
            "helpdesk_http_request_duration_seconds_sum {}",
            self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        let _ = writeln!(out, "helpdesk_http_request_duration_seconds_count {count}");
        let simple = [
            ("helpdesk_sms_sent_total", "SMS handed to the transport.", &self.sms_sent),
            ("helpdesk_sms_failed_total", "SMS delivery attempts that failed.", &self.sms_failed),
            ("helpdesk_logins_total", "Successful logins.", &self.logins_ok),
            ("helpdesk_logins_failed_total", "Failed logins (wrong password, locked, unknown).", &self.logins_failed),
            ("helpdesk_registrations_started_total", "Registration forms accepted.", &self.registrations_started),
            ("helpdesk_registrations_completed_total", "Accounts created.", &self.registrations_completed),
        ];
        for (name, help, c) in simple {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}", c.get());
        }
        if let Some(depth) = outbox_depth {
            let _ = writeln!(
                out,
                "# HELP helpdesk_outbox_depth Messages waiting for delivery.\n# TYPE helpdesk_outbox_depth gauge\nhelpdesk_outbox_depth {depth}"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.observe_request(200, 500);
        m.observe_request(404, 30_000);
        m.observe_request(500, 9_000_000);
        let text = m.render(Some(3));
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"0.001\"} 1"), "{text}");
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("helpdesk_http_requests_total{status=\"5xx\"} 1"));
        assert!(text.contains("helpdesk_outbox_depth 3"));
    }
}
