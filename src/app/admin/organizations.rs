//! The organisation registry: search by УНП or name, the contract of one, and the registry
//! file uploaded with a preview — every line checked and shown with its errors before anything
//! is written, then the valid lines imported in one transaction. The command line's
//! `orgs import` reads files the same way.

use super::Admin;
use crate::app::error::Errors;
use crate::app::registry::{contract_date, read_registry, RegistryPreview};
use crate::app::{crypto, App, AppError, AppResult, Caller};
use crate::domain::{FieldError, FreeText, Unp};
use crate::store::orgs::OrganizationRow;

/// The most one search shows.
pub const SEARCH_LIMIT: usize = 50;
/// A registry file larger than this is refused (tens of thousands of lines fit).
pub const REGISTRY_MAX_BYTES: u64 = 5 * 1024 * 1024;

/// An uploaded file waiting for the administrator's word, with its preview.
pub struct RegistryUpload {
    pub id: String,
    pub file_name: String,
    pub preview: RegistryPreview,
}

impl App {
    /// Organisations whose УНП is or starts with the search, or whose name has it (any case).
    pub async fn search_organizations(&self, _by: Admin<'_>, search: &str) -> AppResult<Vec<OrganizationRow>> {
        let q = search.trim();
        if let Ok(unp) = Unp::parse(q) {
            return Ok(self.db.organization_by_unp(unp.as_str()).await?.into_iter().collect());
        }
        let needle = q.to_lowercase();
        let all = self.db.all_organizations().await?;
        Ok(all
            .into_iter()
            .filter(|o| {
                needle.is_empty()
                    || o.unp.to_lowercase().starts_with(&needle)
                    || o.full_name.to_lowercase().contains(&needle)
            })
            .take(SEARCH_LIMIT)
            .collect())
    }

    pub async fn admin_organization(&self, _by: Admin<'_>, id: i64) -> AppResult<OrganizationRow> {
        self.db.organization(id).await?.ok_or(AppError::NotFound)
    }

    /// The contract's number and date (`dd.mm.yyyy` or `yyyy-mm-dd`); both empty: no contract.
    pub async fn set_contract(
        &self,
        by: Admin<'_>,
        id: i64,
        number: &str,
        date: &str,
        caller: &Caller,
    ) -> AppResult<()> {
        let org = self.db.organization(id).await?.ok_or(AppError::NotFound)?;
        let mut errors = Errors::default();
        let number = errors.check(FreeText::parse_line_optional("contract_number", number, 100)).flatten();
        let date = if date.trim().is_empty() { None } else { errors.check(contract_date(date)) };
        if number.is_none() && date.is_some() {
            errors.push(FieldError::required("contract_number"));
        }
        errors.into_result()?;
        let number = number.map(FreeText::into_string);
        let details = serde_json::json!({
            "old": { "number": org.contract_number, "date": org.contract_date },
            "new": { "number": number, "date": date },
        });
        let audit = self.admin_audit(by, "contract_set", format!("organization:{}", org.unp), caller, details);
        self.db.set_contract(id, number.as_deref(), date.as_deref(), &audit).await?;
        Ok(())
    }

    /// Keeps an uploaded registry file and reads it for the preview; nothing is imported yet.
    pub async fn upload_registry(&self, by: Admin<'_>, file_name: &str, content: &[u8]) -> AppResult<RegistryUpload> {
        let Admin::Person(person) = by else { return Err(AppError::Forbidden) };
        let preview = read_registry(content)?;
        let id = crypto::random_id();
        let name = crate::domain::attachment::sanitize_file_name(file_name);
        self.db.keep_registry_upload(&id, person.user.id, &name, content, self.now_unix()).await?;
        Ok(RegistryUpload { id, file_name: name, preview })
    }

    /// The preview of an upload this administrator made.
    pub async fn registry_upload(&self, by: Admin<'_>, id: &str) -> AppResult<RegistryUpload> {
        let Admin::Person(person) = by else { return Err(AppError::Forbidden) };
        let (file_name, content) = self.db.registry_upload(id, person.user.id).await?.ok_or(AppError::NotFound)?;
        Ok(RegistryUpload { id: id.to_string(), file_name, preview: read_registry(&content)? })
    }

    /// Imports the valid lines of an upload in one transaction; answers how many.
    pub async fn import_registry_upload(&self, by: Admin<'_>, id: &str, caller: &Caller) -> AppResult<u64> {
        let upload = self.registry_upload(by, id).await?;
        let valid = upload.preview.valid();
        if valid.is_empty() {
            return Err(FieldError::new("file", "nothing_to_import").into());
        }
        let details = serde_json::json!({
            "file": upload.file_name,
            "valid": valid.len(),
            "refused": upload.preview.refused().count(),
        });
        let audit =
            self.admin_audit(by, "registry_imported", format!("registry:{}", upload.file_name), caller, details);
        // Confirmed twice at once: the other confirmation imported it.
        self.db.import_registry_audited(&valid, self.now_unix(), Some(id), &audit).await?.ok_or(AppError::NotFound)
    }

    /// The command line's `orgs import FILE`: the valid lines of a file, in one transaction.
    pub async fn import_registry_file(&self, file_name: &str, preview: &RegistryPreview) -> AppResult<u64> {
        let details = serde_json::json!({ "file": file_name, "valid": preview.valid().len(), "refused": preview.refused().count() });
        let audit = self.admin_audit(
            Admin::CommandLine,
            "registry_imported",
            format!("registry:{file_name}"),
            &Caller::default(),
            details,
        );
        Ok(self.db.import_registry_audited(&preview.valid(), self.now_unix(), None, &audit).await?.unwrap_or_default())
    }
}
