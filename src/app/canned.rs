//! Canned responses for staff: personal ones for anyone, shared ones by supervisors.

use super::auth::CurrentUser;
use super::error::Errors;
use super::{App, AppError, AppResult};
use crate::domain::FreeText;
use crate::store::canned::CannedResponse;

pub const TITLE_MAX: usize = 100;

impl App {
    pub async fn canned_responses(&self, current: &CurrentUser) -> AppResult<Vec<CannedResponse>> {
        self.staff_scope(current)?;
        Ok(self.db.canned_responses(current.user.id).await?)
    }

    /// A new response; `shared` needs a supervisor or administrator.
    pub async fn add_canned_response(
        &self,
        current: &CurrentUser,
        title: &str,
        body: &str,
        shared: bool,
    ) -> AppResult<i64> {
        let scope = self.staff_scope(current)?;
        if shared && !scope.all_groups {
            return Err(AppError::Forbidden);
        }
        let mut errors = Errors::default();
        let title = errors.check(FreeText::parse_line("title", title, TITLE_MAX));
        let body = errors.check(FreeText::parse("body", body, super::tickets::BODY_MAX));
        errors.into_result()?;
        let (Some(title), Some(body)) = (title, body) else { unreachable!("errors recorded") };
        let owner = (!shared).then_some(current.user.id);
        Ok(self.db.add_canned_response(owner, current.user.id, title.as_str(), body.as_str(), self.now_unix()).await?)
    }

    /// Removes one's own response (supervisors: shared ones too); 404 for anything else.
    pub async fn delete_canned_response(&self, current: &CurrentUser, id: i64) -> AppResult<()> {
        let scope = self.staff_scope(current)?;
        if self.db.delete_canned_response(id, current.user.id, scope.all_groups).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
