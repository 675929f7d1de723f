//! The filter bar of the ticket lists (customer «Мои заявки» and the staff queues).

use crate::app::listing::ListQuery;
use crate::domain::listing::TicketSort;
use crate::domain::ticket::TicketStatus;
use crate::i18n::Tr;
use crate::web::context::Ctx;
use crate::web::errors::{urlencode, PageError};

/// What the filter form shows: the values asked for and the choices offered.
pub struct Filters {
    pub q: String,
    pub status: String,
    pub service: String,
    pub unp: String,
    pub phone: String,
    pub from: String,
    pub to: String,
    /// Staff: `soon` or `breached`.
    pub sla: String,
    pub sort: String,
    pub statuses: Vec<(&'static str, String)>,
    /// (code, name); sub-services are indented under their parent.
    pub services: Vec<(String, String)>,
    pub sorts: Vec<(&'static str, String)>,
    pub slas: Vec<(&'static str, String)>,
    /// (УНП, name) for customers; staff type an УНП.
    pub organizations: Vec<(String, String)>,
}

impl Filters {
    /// Whether any filter besides the search is set: the folded filters then show, open.
    pub fn any_set(&self) -> bool {
        [&self.status, &self.service, &self.unp, &self.phone, &self.from, &self.to, &self.sla]
            .iter()
            .any(|v| !v.trim().is_empty())
            || !(self.sort.is_empty() || self.sort == TicketSort::default().as_str())
    }

    pub async fn load(
        ctx: &Ctx,
        q: &ListQuery,
        status_text: fn(Tr, crate::domain::ticket::TicketStatus) -> String,
        organizations: Vec<(String, String)>,
    ) -> Result<Self, PageError> {
        let catalog = ctx.app.catalog().await.map_err(|e| PageError::new(e, ctx.tr))?;
        let rows = &catalog.services;
        let lang = ctx.tr.lang_code();
        let mut services = Vec::new();
        for parent in rows.iter().filter(|s| s.parent_id.is_none()) {
            services.push((parent.code.clone(), parent.name(lang).to_string()));
            for child in rows.iter().filter(|c| c.parent_id == Some(parent.id)) {
                services.push((child.code.clone(), format!("\u{a0}\u{a0}— {}", child.name(lang))));
            }
        }
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Ok(Filters {
            q: text(&q.q),
            status: text(&q.status),
            service: text(&q.service),
            unp: text(&q.unp),
            phone: text(&q.phone),
            from: text(&q.from),
            to: text(&q.to),
            sla: text(&q.sla),
            sort: text(&q.sort),
            statuses: TicketStatus::ALL.iter().map(|s| (s.as_str(), status_text(ctx.tr, *s))).collect(),
            services,
            sorts: TicketSort::ALL.iter().map(|s| (s.as_str(), ctx.tr.t(&format!("sort-{}", s.as_str())))).collect(),
            slas: ["soon", "breached"].into_iter().map(|s| (s, ctx.tr.t(&format!("sla-filter-{s}")))).collect(),
            organizations,
        })
    }
}

/// The same list one page further: every filter kept, the cursor added.
pub fn next_page_link(base: &str, q: &ListQuery, cursor: &str) -> String {
    let fields = [
        ("queue", &q.queue),
        ("q", &q.q),
        ("status", &q.status),
        ("service", &q.service),
        ("unp", &q.unp),
        ("phone", &q.phone),
        ("from", &q.from),
        ("to", &q.to),
        ("sla", &q.sla),
        ("sort", &q.sort),
    ];
    let mut link = format!("{base}?cursor={}", urlencode(cursor));
    for (name, value) in fields {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            link.push_str(&format!("&{name}={}", urlencode(v)));
        }
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_keeps_every_filter_and_escapes_them() {
        let q = ListQuery {
            queue: Some("all".into()),
            q: Some("не работает & ключ".into()),
            status: Some(String::new()),
            sort: Some("sla".into()),
            cursor: Some("old".into()),
            ..Default::default()
        };
        let link = next_page_link("/staff", &q, "c2xhOjE6Mg");
        assert_eq!(
            link,
            "/staff?cursor=c2xhOjE6Mg&queue=all&q=%D0%BD%D0%B5%20%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D0%B0%D0%B5%D1%82%20%26%20%D0%BA%D0%BB%D1%8E%D1%87&sort=sla"
        );
    }
}
