//! The service catalogue: two levels (sections and their services), names in ru/be/en, the
//! group new tickets go to, the order, whether customers may choose it, and the service-level
//! policy its tickets follow. An archived service stays on its tickets and leaves the choices.

use super::groups::{parse_code, parse_names};
use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::FieldError;
use crate::store::services::{ServiceRow, ServiceSetup};

/// A service as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct ServiceForm {
    /// Only for a new service: a code never changes.
    pub code: String,
    /// The section's code; empty for a section.
    pub parent: String,
    pub name_ru: String,
    pub name_be: String,
    pub name_en: String,
    /// A group code; empty: new tickets go to nobody's group (supervisors see them).
    pub group: String,
    /// A policy id; empty: the first matching policy.
    pub sla_policy: String,
    pub position: String,
    pub active: bool,
}

impl App {
    pub async fn admin_services(&self, _by: Admin<'_>) -> AppResult<Vec<ServiceRow>> {
        Ok(self.db.all_services().await?)
    }

    pub async fn admin_service(&self, _by: Admin<'_>, id: i64) -> AppResult<ServiceRow> {
        self.db.service(id).await?.ok_or(AppError::NotFound)
    }

    /// Creates (`id` `None`) or changes a service.
    pub async fn save_service(
        &self,
        by: Admin<'_>,
        id: Option<i64>,
        form: &ServiceForm,
        caller: &Caller,
    ) -> AppResult<i64> {
        let existing = match id {
            Some(id) => Some(self.db.service(id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let all = self.db.all_services().await?;
        let mut errors = Errors::default();
        let code = match &existing {
            Some(s) => Some(s.code.clone()),
            None => errors.check(parse_code("service_code", &form.code)),
        };
        let names = parse_names(&mut errors, &form.name_ru, &form.name_be, &form.name_en);
        let parent_id = match form.parent.trim() {
            "" => Some(None),
            code => match all.iter().find(|s| s.code == code) {
                // Two levels: a section has no parent, and a section with services stays one.
                Some(p) if p.parent_id.is_none() && Some(p.id) != id => {
                    let has_children = id.is_some_and(|id| all.iter().any(|s| s.parent_id == Some(id)));
                    if has_children {
                        errors.push(FieldError::new("parent", "section_has_services"));
                        None
                    } else {
                        Some(Some(p.id))
                    }
                }
                _ => {
                    errors.push(FieldError::new("parent", "invalid_section"));
                    None
                }
            },
        };
        let groups = self.db.group_rows().await?;
        let group_id = match form.group.trim() {
            "" => Some(None),
            code => match groups.iter().find(|g| g.code == code && !g.archived) {
                Some(g) => Some(Some(g.id)),
                None => {
                    errors.push(FieldError::new("group", "unknown_group"));
                    None
                }
            },
        };
        let policies = self.db.sla_policies().await?;
        let sla_policy_id = match form.sla_policy.trim() {
            "" => Some(None),
            p => match p.parse::<i64>().ok().filter(|id| policies.iter().any(|s| s.policy.id == *id)) {
                Some(id) => Some(Some(id)),
                None => {
                    errors.push(FieldError::new("sla_policy", "unknown_policy"));
                    None
                }
            },
        };
        let position = match form.position.trim() {
            "" => Some(
                existing
                    .as_ref()
                    .map_or_else(|| all.iter().map(|s| s.position).max().unwrap_or(0) + 10, |s| s.position),
            ),
            p => match p.parse::<i64>() {
                Ok(n) if (0..=100_000).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new("list_order", "invalid_position"));
                    None
                }
            },
        };
        errors.into_result()?;
        let (Some(code), Some(names), Some(parent_id), Some(default_group_id), Some(sla_policy_id), Some(position)) =
            (code, names, parent_id, group_id, sla_policy_id, position)
        else {
            unreachable!("errors recorded")
        };
        let setup = ServiceSetup {
            code: code.clone(),
            parent_id,
            names,
            default_group_id,
            sla_policy_id,
            position,
            active: form.active,
        };
        let event = if existing.is_some() { "service_changed" } else { "service_created" };
        let details = serde_json::json!({
            "name": setup.names.ru,
            "active": setup.active,
            "group": form.group.trim(),
            "sla_policy": sla_policy_id,
            "was_active": existing.as_ref().map(|s| s.active),
        });
        let audit = self.admin_audit(by, event, format!("service:{code}"), caller, details);
        let saved = match self.db.save_service(id, &setup, &audit).await {
            Ok(id) => id,
            Err(e) if crate::store::is_unique_violation(&e) => {
                return Err(FieldError::new("service_code", "code_taken").into())
            }
            Err(e) => return Err(e.into()),
        };
        self.catalog_changed();
        Ok(saved)
    }
}
