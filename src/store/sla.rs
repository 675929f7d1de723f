//! Service-level policies as the domain reads them.

use super::audit::{insert_audit, AuditEntry};
use super::{in_tx, on_db, Db, StoreResult};
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
    pub active: bool,
}

/// A policy as the administrator sets it up.
#[derive(Debug, Clone)]
pub struct PolicySetup {
    pub names: super::groups::Names,
    pub position: i32,
    pub calendar_id: i64,
    pub contract: Option<bool>,
    pub services: Vec<i64>,
    pub priorities: Vec<Priority>,
    pub targets: Targets,
    pub warn_percent: u8,
    pub raise_priority_on_breach: bool,
    pub active: bool,
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
    active: bool,
}

fn minutes(v: Option<i32>) -> Option<u32> {
    v.and_then(|m| u32::try_from(m).ok())
}

impl Db {
    /// The active policies, by position.
    pub async fn sla_policies(&self) -> StoreResult<Vec<StoredPolicy>> {
        Ok(self.all_sla_policies().await?.into_iter().filter(|p| p.active).collect())
    }

    /// Every policy, switched off ones too, by position.
    pub async fn all_sla_policies(&self) -> StoreResult<Vec<StoredPolicy>> {
        let rows: Vec<PolicyRow> = on_db!(self, |pool| sqlx::query_as(
            "SELECT id, position, name_ru, name_be, name_en, calendar_id, contract, first_response_minutes,
                    next_response_minutes, resolution_minutes, warn_percent, raise_priority_on_breach, active
             FROM sla_policies ORDER BY position, id"
        )
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
                active: r.active,
            })
            .collect())
    }

    /// A new policy (`id` `None`) or new settings of one; its conditions replaced as a whole.
    pub async fn save_sla_policy(&self, id: Option<i64>, p: &PolicySetup, audit: &AuditEntry) -> StoreResult<i64> {
        let minutes = |m: Option<u32>| m.map(|m| i32::try_from(m).unwrap_or(i32::MAX));
        Ok(in_tx!(self, |tx| {
            let id: i64 = match id {
                None => {
                    sqlx::query_scalar(
                        "INSERT INTO sla_policies (position, name_ru, name_be, name_en, calendar_id, contract,
                             first_response_minutes, next_response_minutes, resolution_minutes, warn_percent,
                             raise_priority_on_breach, active)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                    )
                    .bind(p.position)
                    .bind(&p.names.ru)
                    .bind(&p.names.be)
                    .bind(&p.names.en)
                    .bind(p.calendar_id)
                    .bind(p.contract)
                    .bind(minutes(p.targets.first_response))
                    .bind(minutes(p.targets.next_response))
                    .bind(minutes(p.targets.resolution))
                    .bind(i32::from(p.warn_percent))
                    .bind(p.raise_priority_on_breach)
                    .bind(p.active)
                    .fetch_one(&mut *tx)
                    .await?
                }
                Some(id) => {
                    sqlx::query(
                        "UPDATE sla_policies SET position = $2, name_ru = $3, name_be = $4, name_en = $5, calendar_id = $6,
                             contract = $7, first_response_minutes = $8, next_response_minutes = $9,
                             resolution_minutes = $10, warn_percent = $11, raise_priority_on_breach = $12, active = $13
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind(p.position)
                    .bind(&p.names.ru)
                    .bind(&p.names.be)
                    .bind(&p.names.en)
                    .bind(p.calendar_id)
                    .bind(p.contract)
                    .bind(minutes(p.targets.first_response))
                    .bind(minutes(p.targets.next_response))
                    .bind(minutes(p.targets.resolution))
                    .bind(i32::from(p.warn_percent))
                    .bind(p.raise_priority_on_breach)
                    .bind(p.active)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
            };
            sqlx::query("DELETE FROM sla_policy_services WHERE policy_id = $1").bind(id).execute(&mut *tx).await?;
            for service in &p.services {
                sqlx::query("INSERT INTO sla_policy_services (policy_id, service_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*service)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("DELETE FROM sla_policy_priorities WHERE policy_id = $1").bind(id).execute(&mut *tx).await?;
            for priority in &p.priorities {
                sqlx::query("INSERT INTO sla_policy_priorities (policy_id, priority) VALUES ($1, $2)")
                    .bind(id)
                    .bind(*priority)
                    .execute(&mut *tx)
                    .await?;
            }
            insert_audit!(&mut *tx, audit)?;
            id
        }))
    }
}
