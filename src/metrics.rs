//! Prometheus figures kept in memory per instance (a scrape reads each instance): requests by
//! route with their latencies, the outbox, the cluster's sweepers, service-level breaches.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use crate::store::Job;

#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn inc(&self) {
        self.add(1);
    }

    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

const BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];
const CLASSES: [&str; 4] = ["2xx", "3xx", "4xx", "5xx"];

/// Answers by status class and a latency histogram: of every request, or of one route.
#[derive(Debug, Default)]
struct Requests {
    by_class: [Counter; 4],
    buckets: [Counter; 10],
    count: Counter,
    sum_micros: Counter,
}

impl Requests {
    fn observe(&self, status: u16, micros: u64) {
        let class = match status {
            200..=299 => 0,
            300..=399 => 1,
            400..=499 => 2,
            _ => 3,
        };
        self.by_class[class].inc();
        let millis = micros / 1000;
        for (i, bound) in BUCKETS_MS.iter().enumerate() {
            if millis < *bound || (millis == *bound && micros % 1000 == 0) {
                self.buckets[i].inc();
            }
        }
        self.count.inc();
        self.sum_micros.add(micros);
    }

    /// `labels` is empty or `name="value",…` without the braces.
    fn render(&self, out: &mut String, labels: &str) {
        let join = |extra: &str| match (labels.is_empty(), extra.is_empty()) {
            (true, _) => format!("{{{extra}}}"),
            (false, true) => format!("{{{labels}}}"),
            (false, false) => format!("{{{labels},{extra}}}"),
        };
        for (class, c) in CLASSES.iter().zip(&self.by_class) {
            if c.get() > 0 || labels.is_empty() {
                let _ =
                    writeln!(out, "helpdesk_http_requests_total{} {}", join(&format!("status=\"{class}\"")), c.get());
            }
        }
        for (bound, c) in BUCKETS_MS.iter().zip(&self.buckets) {
            let le = format!("le=\"{}\"", *bound as f64 / 1000.0);
            let _ = writeln!(out, "helpdesk_http_request_duration_seconds_bucket{} {}", join(&le), c.get());
        }
        let count = self.count.get();
        let _ = writeln!(out, "helpdesk_http_request_duration_seconds_bucket{} {count}", join("le=\"+Inf\""));
        let sum = self.sum_micros.get() as f64 / 1e6;
        let plain = if labels.is_empty() { String::new() } else { format!("{{{labels}}}") };
        let _ = writeln!(out, "helpdesk_http_request_duration_seconds_sum{plain} {sum}");
        let _ = writeln!(out, "helpdesk_http_request_duration_seconds_count{plain} {count}");
    }
}

/// Where the route a request matched (its template, `/api/v1/tickets/{number}`) is written by
/// a layer inside the router, for the metrics layer outside it to read — also when a layer in
/// between answers with a response of its own (a timeout).
#[derive(Debug, Clone, Default)]
pub struct RouteSlot(Arc<OnceLock<Arc<str>>>);

impl RouteSlot {
    pub fn set(&self, route: &str) {
        let _ = self.0.set(Arc::from(route));
    }

    pub fn get(&self) -> Option<&Arc<str>> {
        self.0.get()
    }
}

/// What the outbox holds now, read at the scrape.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutboxNow {
    pub pending: i64,
    /// Seconds the oldest pending message has waited (0 when none).
    pub oldest_age_seconds: i64,
}

/// (method, route template)
type RouteKey = (String, Arc<str>);

#[derive(Debug, Default)]
pub struct Metrics {
    all: Requests,
    /// By (method, route); routes are the router's templates, so their number is bounded.
    routes: RwLock<HashMap<RouteKey, Arc<Requests>>>,
    pub sms_sent: Counter,
    pub sms_failed: Counter,
    pub logins_ok: Counter,
    pub logins_failed: Counter,
    pub registrations_started: Counter,
    pub registrations_completed: Counter,
    sweeps: [Counter; 4],
    pub sla_warnings: Counter,
    pub sla_breaches: Counter,
}

/// The cluster's jobs as `/metrics` names them; `Metrics::sweeps` counts them in this order.
const JOBS: [(Job, &str); 4] = [
    (Job::Housekeeping, "housekeeping"),
    (Job::SlaEscalation, "sla_escalation"),
    (Job::ReportFold, "report_fold"),
    (Job::SearchFold, "search_fold"),
];

impl Metrics {
    /// A request answered; `route` is `None` when no route matched: the fallback's 404, or a
    /// request refused before routing (too large, cross-site).
    pub fn observe_request(&self, method: &str, route: Option<&Arc<str>>, status: u16, micros: u64) {
        self.all.observe(status, micros);
        let route = route.cloned().unwrap_or_else(|| Arc::from("unmatched"));
        let key = (method.to_string(), route);
        let known = self.routes.read().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
        let stats = match known {
            Some(stats) => stats,
            None => self.routes.write().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone(),
        };
        stats.observe(status, micros);
    }

    /// This instance ran one of the cluster's jobs (it held the job's lock).
    pub fn sweep_ran(&self, job: Job) {
        if let Some(i) = JOBS.iter().position(|(j, _)| *j == job) {
            self.sweeps[i].inc();
        }
    }

    pub fn render(&self, outbox: Option<OutboxNow>) -> String {
        let mut out = String::new();
        out.push_str("# HELP helpdesk_http_requests_total HTTP requests answered, by status class (and route).\n");
        out.push_str("# TYPE helpdesk_http_requests_total counter\n");
        out.push_str("# HELP helpdesk_http_request_duration_seconds Time to answer a request (by route).\n");
        out.push_str("# TYPE helpdesk_http_request_duration_seconds histogram\n");
        self.all.render(&mut out, "");
        let routes = self.routes.read().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<_> = routes.keys().collect();
        keys.sort();
        for key in keys {
            let labels = format!("method=\"{}\",route=\"{}\"", key.0, key.1.replace('"', "'"));
            routes[key].render(&mut out, &labels);
        }
        let simple = [
            ("helpdesk_sms_sent_total", "Messages (SMS and e-mail) handed to their transport.", &self.sms_sent),
            ("helpdesk_sms_failed_total", "Delivery attempts that failed.", &self.sms_failed),
            ("helpdesk_logins_total", "Successful logins.", &self.logins_ok),
            ("helpdesk_logins_failed_total", "Failed logins (wrong password, locked, unknown).", &self.logins_failed),
            ("helpdesk_registrations_started_total", "Registration forms accepted.", &self.registrations_started),
            ("helpdesk_registrations_completed_total", "Accounts created.", &self.registrations_completed),
            ("helpdesk_sla_warnings_total", "Service-level warnings this instance announced.", &self.sla_warnings),
            ("helpdesk_sla_breaches_total", "Service-level breaches this instance announced.", &self.sla_breaches),
        ];
        for (name, help, c) in simple {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}", c.get());
        }
        out.push_str("# HELP helpdesk_sweeper_runs_total Cluster jobs this instance ran (it held the job's lock).\n");
        out.push_str("# TYPE helpdesk_sweeper_runs_total counter\n");
        for ((_, name), runs) in JOBS.iter().zip(&self.sweeps) {
            let _ = writeln!(out, "helpdesk_sweeper_runs_total{{job=\"{name}\"}} {}", runs.get());
        }
        if let Some(outbox) = outbox {
            let _ = writeln!(
                out,
                "# HELP helpdesk_outbox_depth Messages waiting for delivery.\n# TYPE helpdesk_outbox_depth gauge\nhelpdesk_outbox_depth {}",
                outbox.pending
            );
            let _ = writeln!(
                out,
                "# HELP helpdesk_outbox_oldest_age_seconds How long the oldest waiting message has waited.\n# TYPE helpdesk_outbox_oldest_age_seconds gauge\nhelpdesk_outbox_oldest_age_seconds {}",
                outbox.oldest_age_seconds
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(path: &str) -> Arc<str> {
        Arc::from(path)
    }

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.observe_request("GET", None, 200, 500);
        m.observe_request("GET", None, 404, 30_000);
        m.observe_request("GET", None, 500, 9_000_000);
        let text = m.render(Some(OutboxNow { pending: 3, oldest_age_seconds: 42 }));
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"0.001\"} 1"), "{text}");
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"0.05\"} 2"));
        assert!(text.contains("helpdesk_http_request_duration_seconds_bucket{le=\"+Inf\"} 3"));
        assert!(text.contains("helpdesk_http_requests_total{status=\"5xx\"} 1"));
        assert!(text.contains("helpdesk_outbox_depth 3"));
        assert!(text.contains("helpdesk_outbox_oldest_age_seconds 42"));
    }

    #[test]
    fn each_route_has_its_counts_and_latencies() {
        let m = Metrics::default();
        let tickets = route("/api/v1/tickets/{number}");
        m.observe_request("GET", Some(&tickets), 200, 3_000);
        m.observe_request("GET", Some(&tickets), 404, 20_000);
        m.observe_request("POST", Some(&route("/api/v1/tickets")), 201, 40_000);
        let text = m.render(None);
        let labels = "method=\"GET\",route=\"/api/v1/tickets/{number}\"";
        assert!(text.contains(&format!("helpdesk_http_requests_total{{{labels},status=\"2xx\"}} 1")), "{text}");
        assert!(text.contains(&format!("helpdesk_http_requests_total{{{labels},status=\"4xx\"}} 1")));
        assert!(text.contains(&format!("helpdesk_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1")));
        assert!(text.contains(&format!("helpdesk_http_request_duration_seconds_count{{{labels}}} 2")));
        assert!(text.contains("method=\"POST\",route=\"/api/v1/tickets\",status=\"2xx\"} 1"));
        assert!(!text.contains("route=\"/api/v1/tickets\",status=\"5xx\""), "empty classes of a route are left out");
        assert!(text.contains("helpdesk_http_requests_total{status=\"2xx\"} 2"), "and all requests together");
    }

    #[test]
    fn sweeps_and_breaches_are_counted() {
        let m = Metrics::default();
        m.sweep_ran(Job::SlaEscalation);
        m.sweep_ran(Job::SlaEscalation);
        m.sla_breaches.add(3);
        let text = m.render(None);
        assert!(text.contains("helpdesk_sweeper_runs_total{job=\"sla_escalation\"} 2"), "{text}");
        assert!(text.contains("helpdesk_sweeper_runs_total{job=\"housekeeping\"} 0"));
        assert!(text.contains("helpdesk_sla_breaches_total 3"));
    }
}
