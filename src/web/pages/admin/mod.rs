//! `/admin`: the administration's pages. Each section is a module; all of them check the role
//! through the use cases, so a page refused here is refused by the API too.

pub mod audit;
pub mod calendars;
pub mod customers;
pub mod documents;
pub mod groups;
pub mod organizations;
pub mod policies;
pub mod reports;
pub mod representations;
pub mod services;
pub mod staff;
pub mod templates;

use askama::Template;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::html;
use crate::app::admin::Admin;
use crate::app::auth::CurrentUser;
use crate::app::App;
use crate::i18n::Tr;
use crate::web::context::{Ctx, Nav};
use crate::web::errors::PageError;

/// The signed-in administrator, or the page that says why not.
pub fn administrator(ctx: &Ctx) -> Result<(&CurrentUser, Admin<'_>), PageError> {
    let current = ctx.require_user()?;
    let admin = ctx.app.administrator(current).map_err(|e| PageError::new(e, ctx.tr))?;
    Ok((current, admin))
}

/// The same for what supervisors may do too.
pub fn supervisor(ctx: &Ctx) -> Result<(&CurrentUser, Admin<'_>), PageError> {
    let current = ctx.require_user()?;
    let admin = ctx.app.supervisor(current).map_err(|e| PageError::new(e, ctx.tr))?;
    Ok((current, admin))
}

/// A form's fields as sent, repeated ones (checkboxes of a list) included.
#[derive(Debug, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name).as_str(), "true" | "on" | "1")
    }
}

/// One section of the administration, for the index and the menu.
pub struct Section {
    pub path: &'static str,
    pub key: &'static str,
}

/// What a role sees in the menu: supervisors decide representations and read reports.
pub fn sections(admin: bool) -> Vec<Section> {
    let all = [
        ("/admin/staff", "admin-staff", true),
        ("/admin/groups", "admin-groups", true),
        ("/admin/services", "admin-services", true),
        ("/admin/organizations", "admin-organizations", true),
        ("/admin/representations", "admin-representations", false),
        ("/admin/customers", "admin-customers", false),
        ("/admin/templates", "admin-templates", true),
        ("/admin/documents", "admin-documents", true),
        ("/admin/calendars", "admin-calendars", true),
        ("/admin/sla", "admin-sla", true),
        ("/admin/audit", "admin-audit", true),
        ("/staff/reports", "admin-reports", false),
    ];
    all.into_iter()
        .filter(|(_, _, only_admin)| admin || !only_admin)
        .map(|(path, key, _)| Section { path, key })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct IndexPage {
    tr: Tr,
    csrf: String,
    nav: Nav,
    sections: Vec<Section>,
}

async fn index(ctx: Ctx) -> Result<Response, PageError> {
    let (current, _) = supervisor(&ctx)?;
    let admin = ctx.app.administrator(current).is_ok();
    Ok(html(&IndexPage { tr: ctx.tr, csrf: ctx.csrf.clone(), nav: ctx.nav(), sections: sections(admin) }))
}

pub fn router() -> Router<App> {
    Router::new()
        .route("/admin", get(index))
        .merge(staff::router())
        .merge(groups::router())
        .merge(services::router())
        .merge(organizations::router())
        .merge(representations::router())
        .merge(customers::router())
        .merge(templates::router())
        .merge(documents::router())
        .merge(audit::router())
        .merge(calendars::router())
        .merge(policies::router())
        .merge(reports::router())
}
