//! Service-level policies as the domain reads them.

use super::{on_db, Db, StoreResult};
use crate::domain::sla::{Conditions, Policy, Targets};
use crate::domain::ticket::Priority;

/// A policy with the calendar it counts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPolicy {
    pub policy: Policy,
    pub calendar_id: i64,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
}

#[derive(sqlx::FromRow)]
struct PolicyRow {
    id: i64,
    position: i32,
    name_ru: String,
    name_be: String,
    name_en: String,
    calendar_id: i64,
    contract: Option<bool>,
    first_response_minutes: Option<i32>,
    next_response_minutes: Option<i32>,
    resolution_minutes: Option<i32>,
    warn_percent: i32,
    raise_priority_on_breach: bool,
}

fn minutes(v: Option<i32>) -> Option<u32> {
    v.and_then(|m| u32::try_from(m).ok())
}

impl Db {
    /// The active policies, by position.
    pub async fn sla_policies(&self) -> StoreResult<Vec<StoredPolicy>> {
        let rows: Vec<PolicyRow> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, position, name_ru, name_be, name_en, calendar_id, contract, first_response_minutes,
                    next_response_minutes, resolution_minutes, warn_percent, raise_priority_on_breach
             FROM sla_policies WHERE active = $1 ORDER BY position, id"
        )
        .bind(true)
        .fetch_all(pool)
        .await)?;
        let services: Vec<(i64, i64)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT policy_id, service_id FROM sla_policy_services ORDER BY policy_id, service_id"
        )
        .fetch_all(pool)
        .await)?;
        let priorities: Vec<(i64, Priority)> = on_db!(self, |pool| sqlx::query_as(
            "SELECT policy_id, priority FROM sla_policy_priorities ORDER BY policy_id, priority"
        )
        .fetch_all(pool)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|r| StoredPolicy {
                policy: Policy {
                    id: r.id,
                    position: r.position,
                    conditions: Conditions {
                        services: services.iter().filter(|(p, _)| *p == r.id).map(|(_, s)| *s).collect(),
                        priorities: priorities.iter().filter(|(p, _)| *p == r.id).map(|(_, s)| *s).collect(),
                        contract: r.contract,
                    },
                    targets: Targets {
                        first_response: minutes(r.first_response_minutes),
                        next_response: minutes(r.next_response_minutes),
                        resolution: minutes(r.resolution_minutes),
                    },
                    warn_percent: u8::try_from(r.warn_percent.clamp(1, 99)).unwrap_or(80),
                    raise_priority_on_breach: r.raise_priority_on_breach,
                },
                calendar_id: r.calendar_id,
                name_ru: r.name_ru,
                name_be: r.name_be,
                name_en: r.name_en,
            })
            .collect())
    }
}
