//! Staff groups: create, rename in the three languages, members, archive. A group is never
//! deleted: its tickets keep naming it; archived, it leaves every choice.

use super::Admin;
use crate::app::error::Errors;
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::{FieldError, FreeText};
use crate::store::groups::Names;
use crate::store::workspace::GroupRow;

pub const NAME_MAX: usize = 100;

/// A group with how many active people are in it.
#[derive(Debug, Clone)]
pub struct GroupOverview {
    pub group: GroupRow,
    pub members: i64,
}

/// A code of ours (groups, services, calendars): Latin lower-case letters, digits, `-` and `_`,
/// starting with a letter, 2–40 characters.
pub fn parse_code(field: &'static str, input: &str) -> Result<String, FieldError> {
    let code = input.trim().to_lowercase();
    if code.is_empty() {
        return Err(FieldError::required(field));
    }
    let ok = (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(code)
    } else {
        Err(FieldError::new(field, "invalid_code_name"))
    }
}

/// Names in Russian, Belarusian and English, each required, one line each.
pub fn parse_names(errors: &mut Errors, ru: &str, be: &str, en: &str) -> Option<Names> {
    let ru = errors.check(FreeText::parse_line("name_ru", ru, NAME_MAX));
    let be = errors.check(FreeText::parse_line("name_be", be, NAME_MAX));
    let en = errors.check(FreeText::parse_line("name_en", en, NAME_MAX));
    Some(Names { ru: ru?.into_string(), be: be?.into_string(), en: en?.into_string() })
}

impl App {
    pub async fn groups_overview(&self, _by: Admin<'_>) -> AppResult<Vec<GroupOverview>> {
        let counts = self.db.group_member_counts().await?;
        Ok(self
            .db
            .group_rows()
            .await?
            .into_iter()
            .map(|g| GroupOverview {
                members: counts.iter().find(|(id, _)| *id == g.id).map_or(0, |(_, n)| *n),
                group: g,
            })
            .collect())
    }

    pub async fn admin_group(&self, _by: Admin<'_>, id: i64) -> AppResult<GroupRow> {
        self.db.group(id).await?.ok_or(AppError::NotFound)
    }

    /// `names`: (ru, be, en) as typed.
    pub async fn create_group(
        &self,
        by: Admin<'_>,
        code: &str,
        names: (&str, &str, &str),
        caller: &Caller,
    ) -> AppResult<i64> {
        let mut errors = Errors::default();
        let code = errors.check(parse_code("group_code", code));
        let names = parse_names(&mut errors, names.0, names.1, names.2);
        errors.into_result()?;
        let (Some(code), Some(names)) = (code, names) else { unreachable!("errors recorded") };
        let audit = self.admin_audit(
            by,
            "group_created",
            format!("group:{code}"),
            caller,
            serde_json::json!({ "name": names.ru }),
        );
        let id = match self.db.create_group(&code, &names, &audit).await {
            Ok(id) => id,
            Err(e) if crate::store::is_unique_violation(&e) => {
                return Err(FieldError::new("group_code", "code_taken").into())
            }
            Err(e) => return Err(e.into()),
        };
        self.catalog_changed();
        Ok(id)
    }

    pub async fn rename_group(
        &self,
        by: Admin<'_>,
        id: i64,
        names: (&str, &str, &str),
        caller: &Caller,
    ) -> AppResult<()> {
        let group = self.db.group(id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Errors::default();
        let names = parse_names(&mut errors, names.0, names.1, names.2);
        errors.into_result()?;
        let Some(names) = names else { unreachable!("errors recorded") };
        let details = serde_json::json!({ "old": group.name_ru, "new": names.ru });
        let audit = self.admin_audit(by, "group_renamed", format!("group:{}", group.code), caller, details);
        self.db.rename_group(id, &names, &audit).await?;
        self.catalog_changed();
        Ok(())
    }

    /// Archives a group (refused while an active service sends its new tickets there), or
    /// brings it back.
    pub async fn archive_group(&self, by: Admin<'_>, id: i64, archived: bool, caller: &Caller) -> AppResult<()> {
        let group = self.db.group(id).await?.ok_or(AppError::NotFound)?;
        if archived && !self.db.services_routed_to(id).await?.is_empty() {
            return Err(FieldError::new("group", "group_routes_services").into());
        }
        let event = if archived { "group_archived" } else { "group_restored" };
        let audit = self.admin_audit(by, event, format!("group:{}", group.code), caller, serde_json::json!({}));
        let at = archived.then(|| self.now_unix());
        self.db.set_group_archived(id, at, &audit).await?;
        self.catalog_changed();
        Ok(())
    }

    /// The group's members become these staff members (unknown ids are refused).
    pub async fn set_group_members(&self, by: Admin<'_>, id: i64, members: &[i64], caller: &Caller) -> AppResult<()> {
        let group = self.db.group(id).await?.ok_or(AppError::NotFound)?;
        let staff = self.db.staff_accounts().await?;
        if members.iter().any(|m| !staff.iter().any(|s| s.id == *m)) {
            return Err(FieldError::new("members", "unknown_staff").into());
        }
        let mut members = members.to_vec();
        members.sort_unstable();
        members.dedup();
        let before: Vec<i64> = staff.iter().filter(|s| s.groups.contains(&id)).map(|s| s.id).collect();
        let details = serde_json::json!({ "old": before, "new": members });
        let audit = self.admin_audit(by, "group_members_set", format!("group:{}", group.code), caller, details);
        self.db.replace_group_members(id, &members, &audit).await?;
        self.catalog_changed();
        Ok(())
    }

    /// The logins of the group's members (blocked accounts included), as the API names them.
    pub async fn group_member_logins(&self, _by: Admin<'_>, id: i64) -> AppResult<Vec<String>> {
        let staff = self.db.staff_accounts().await?;
        Ok(staff.into_iter().filter(|s| s.groups.contains(&id)).map(|s| s.login).collect())
    }

    /// [`App::set_group_members`] with the members named by login; a login nobody has is refused.
    pub async fn set_group_member_logins(
        &self,
        by: Admin<'_>,
        id: i64,
        logins: &[String],
        caller: &Caller,
    ) -> AppResult<()> {
        let staff = self.db.staff_accounts().await?;
        let mut members = Vec::new();
        for login in logins {
            let wanted = login.trim().to_lowercase();
            match staff.iter().find(|s| s.login == wanted) {
                Some(s) => members.push(s.id),
                None => return Err(FieldError::new("members", "unknown_staff").into()),
            }
        }
        self.set_group_members(by, id, &members, caller).await
    }
}
