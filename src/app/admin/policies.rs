//! Service-level policies: ordered, the first whose conditions hold wins; conditions on the
//! service (a section covers its sub-services), the priority and the organisation's contract;
//! targets in working minutes for the first response, the next response after a customer's
//! message and the resolution; a warning threshold, and whether a breach raises the priority.
//! A change applies to tickets filed, or given another priority or service, afterwards.

use super::groups::parse_names;
use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::sla::Targets;
use crate::domain::ticket::Priority;
use crate::domain::FieldError;
use crate::store::sla::{PolicySetup, StoredPolicy};

/// A policy as typed.
#[derive(Debug, Clone, Default)]
pub struct PolicyForm {
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    pub position: String,
    /// A calendar code.
    pub calendar: String,
    /// Service codes; none: any service.
    pub services: Vec<String>,
    /// none: any priority.
    pub priorities: Vec<String>,
    /// "" any, "yes" with a contract, "no" without.
    pub contract: String,
    pub first_response: String,
    pub next_response: String,
    pub resolution: String,
    pub warn_percent: String,
    pub raise_priority: bool,
    pub active: bool,
}

fn minutes(errors: &mut Errors, field: &'static str, text: &str) -> Option<u32> {
    match text.trim() {
        "" => None,
        t => match t.parse::<u32>() {
            Ok(m) if (1..=1_000_000).contains(&m) => Some(m),
            _ => {
                errors.push(FieldError::new(field, "invalid_minutes"));
                None
            }
        },
    }
}

impl App {
    pub async fn admin_policies(&self, _by: Admin<'_>) -> AppResult<Vec<StoredPolicy>> {
        Ok(self.db.all_sla_policies().await?)
    }

    pub async fn admin_policy(&self, _by: Admin<'_>, id: i64) -> AppResult<StoredPolicy> {
        self.db.all_sla_policies().await?.into_iter().find(|p| p.policy.id == id).ok_or(AppError::NotFound)
    }

    /// Creates (`id` `None`) or changes a policy; answers its id.
    pub async fn save_policy(
        &self,
        by: Admin<'_>,
        id: Option<i64>,
        form: &PolicyForm,
        caller: &Caller,
    ) -> AppResult<i64> {
        let existing = match id {
            Some(id) => Some(self.admin_policy(by, id).await?),
            None => None,
        };
        let mut errors = Errors::default();
        let names = parse_names(&mut errors, &form.name_ru, &form.name_be, &form.name_en);
        let all = self.db.all_sla_policies().await?;
        let position = match form.position.trim() {
            "" => existing
                .as_ref()
                .map(|p| p.policy.position)
                .or(Some(all.iter().map(|p| p.policy.position).max().unwrap_or(0) + 10)),
            t => match t.parse::<i32>() {
                Ok(n) if (0..=100_000).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new("list_order", "invalid_position"));
                    None
                }
            },
        };
        let calendars = self.db.all_calendars().await?;
        let calendar_id = match calendars.iter().find(|(r, _)| r.code == form.calendar.trim()) {
            Some((r, _)) => Some(r.id),
            None => {
                errors.push(FieldError::new("calendar", "unknown_calendar"));
                None
            }
        };
        let services = self.db.all_services().await?;
        let mut service_ids = Vec::new();
        for code in form.services.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            match services.iter().find(|s| s.code == code) {
                Some(s) if !service_ids.contains(&s.id) => service_ids.push(s.id),
                Some(_) => {}
                None => errors.push(FieldError::new("services", "unknown_service")),
            }
        }
        let mut priorities = Vec::new();
        for p in form.priorities.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            match Priority::parse(p) {
                Ok(p) if !priorities.contains(&p) => priorities.push(p),
                Ok(_) => {}
                Err(_) => errors.push(FieldError::new("priorities", "invalid_priority")),
            }
        }
        let contract = match form.contract.trim() {
            "" => Some(None),
            "yes" => Some(Some(true)),
            "no" => Some(Some(false)),
            _ => {
                errors.push(FieldError::new("contract", "invalid_contract_condition"));
                None
            }
        };
        let targets = Targets {
            first_response: minutes(&mut errors, "first_response", &form.first_response),
            next_response: minutes(&mut errors, "next_response", &form.next_response),
            resolution: minutes(&mut errors, "resolution", &form.resolution),
        };
        let warn_percent = match form.warn_percent.trim() {
            "" => Some(80),
            t => match t.parse::<u8>() {
                Ok(n) if (1..=99).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new("warn_percent", "invalid_percent"));
                    None
                }
            },
        };
        errors.into_result()?;
        let (Some(names), Some(position), Some(calendar_id), Some(contract), Some(warn_percent)) =
            (names, position, calendar_id, contract, warn_percent)
        else {
            unreachable!("errors recorded")
        };
        let setup = PolicySetup {
            names,
            position,
            calendar_id,
            contract,
            services: service_ids,
            priorities,
            targets,
            warn_percent,
            raise_priority_on_breach: form.raise_priority,
            active: form.active,
        };
        let details = serde_json::json!({
            "name": setup.names.ru,
            "position": position,
            "calendar": form.calendar.trim(),
            "services": form.services,
            "priorities": form.priorities,
            "contract": form.contract.trim(),
            "targets": [targets.first_response, targets.next_response, targets.resolution],
            "warn_percent": warn_percent,
            "active": setup.active,
        });
        let object =
            format!("sla_policy:{}", existing.map_or_else(|| setup.names.ru.clone(), |p| p.policy.id.to_string()));
        let audit = self.admin_audit(by, "sla_policy_saved", object, caller, details);
        let saved = self.db.save_sla_policy(id, &setup, &audit).await?;
        self.catalog_changed();
        Ok(saved)
    }
}
