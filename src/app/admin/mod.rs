//! Running the service desk from the browser (issue 12): staff, groups, the service catalogue,
//! the organisation registry, representations, notice texts, documents, calendars, service-level
//! policies and the audit log. Every change is checked here, whoever asks (a page, the API, the
//! command line), and writes an audit entry in its transaction.

pub mod audit;
pub mod calendars;
pub mod documents;
pub mod groups;
pub mod organizations;
pub mod policies;
pub mod representations;
pub mod services;
pub mod staff;
pub mod templates;

use super::auth::CurrentUser;
use super::{App, AppError, AppResult, Caller};
use crate::domain::people::Role;
use crate::store::audit::AuditEntry;

/// Who changes the set-up: an administrator (or, where noted, a supervisor) signed in, or the
/// command line on the server, which is the operator's own hand.
#[derive(Debug, Clone, Copy)]
pub enum Admin<'a> {
    Person(&'a CurrentUser),
    CommandLine,
}

impl Admin<'_> {
    /// For the audit log and `decided_by`-like columns; `None` for the command line.
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Admin::Person(p) => Some(p.user.id),
            Admin::CommandLine => None,
        }
    }
}

impl App {
    /// The signed-in person as an administrator; anyone else gets 403, as in the console.
    pub fn administrator<'a>(&self, current: &'a CurrentUser) -> AppResult<Admin<'a>> {
        match current.user.role {
            Role::Administrator => Ok(Admin::Person(current)),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Supervisors and administrators: representations and reports.
    pub fn supervisor<'a>(&self, current: &'a CurrentUser) -> AppResult<Admin<'a>> {
        match current.user.role {
            Role::Administrator | Role::Supervisor => Ok(Admin::Person(current)),
            _ => Err(AppError::Forbidden),
        }
    }

    /// An audit entry of an administrative change of `object` (`staff:12`), by its actor.
    pub(crate) fn admin_audit(
        &self,
        by: Admin<'_>,
        event: &'static str,
        object: String,
        caller: &Caller,
        details: serde_json::Value,
    ) -> AuditEntry {
        let mut details = details;
        if let (Admin::CommandLine, Some(map)) = (by, details.as_object_mut()) {
            map.insert("via".into(), "command_line".into());
        }
        let mut entry = self.audit(event, by.user_id(), caller, details);
        entry.object = Some(object);
        entry
    }
}
