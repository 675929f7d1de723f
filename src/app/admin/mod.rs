//! Running the service desk from the browser (issue 12): staff, groups, the service catalogue,
//! the organisation registry, representations, notice texts, documents, calendars, service-level
//! policies and the audit log. Every change is checked here, whoever asks (a page, the API, the
//! command line), and writes an audit entry in its transaction.

pub mod audit;
pub mod calendars;
pub mod customers;
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

impl<'a> Admin<'a> {
    /// For the audit log and `decided_by`-like columns; `None` for the command line.
    pub fn user_id(&self) -> Option<i64> {
        self.person().map(|p| p.user.id)
    }

    /// The person signed in; `None` for the command line.
    pub fn person(self) -> Option<&'a CurrentUser> {
        match self {
            Admin::Person(p) => Some(p),
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

/// The API names what it changes by what people call it (a login, a code, a УНП) rather than
/// by our row ids; these find the row, and anything that names nothing is 404.
impl App {
    pub async fn staff_id_by_login(&self, _by: Admin<'_>, login: &str) -> AppResult<i64> {
        let login = crate::domain::people::StaffLogin::parse(login).map_err(|_| AppError::NotFound)?;
        let user = self.db.user_by_username(login.as_str()).await?;
        user.filter(|u| u.role.is_staff()).map(|u| u.id).ok_or(AppError::NotFound)
    }

    pub async fn group_id_by_code(&self, _by: Admin<'_>, code: &str) -> AppResult<i64> {
        let groups = self.db.group_rows().await?;
        groups.into_iter().find(|g| g.code == code).map(|g| g.id).ok_or(AppError::NotFound)
    }

    pub async fn service_id_by_code(&self, _by: Admin<'_>, code: &str) -> AppResult<i64> {
        let services = self.db.all_services().await?;
        services.into_iter().find(|s| s.code == code).map(|s| s.id).ok_or(AppError::NotFound)
    }

    pub async fn calendar_id_by_code(&self, _by: Admin<'_>, code: &str) -> AppResult<i64> {
        self.db.calendar_by_code(code).await?.map(|(row, _)| row.id).ok_or(AppError::NotFound)
    }

    pub async fn organization_id_by_unp(&self, _by: Admin<'_>, unp: &str) -> AppResult<i64> {
        let unp = crate::domain::Unp::parse(unp).map_err(|_| AppError::NotFound)?;
        self.db.organization_by_unp(unp.as_str()).await?.map(|o| o.id).ok_or(AppError::NotFound)
    }
}
