//! The documents people accept: an administrator publishes a new version of the consent or the
//! terms (every version stays readable at its own address), and customers accept the new
//! version at their next sign-in — each consent kept with its version, time, address and
//! browser. Until they have, their pages lead to the acceptance and the API answers 403.

use super::Admin;
use crate::app::auth::CurrentUser;
use crate::app::documents::PLACEHOLDERS;
use crate::app::error::Errors;
use crate::app::registration::{PERSONAL_DATA, TERMS_OF_USE};
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::{template, FieldError, FreeText};
use crate::i18n::Lang;
use crate::store::consents::{DocumentRow, LatestDocument};
use crate::store::users::UserRow;

pub const KINDS: [&str; 2] = [PERSONAL_DATA, TERMS_OF_USE];
pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 100_000;

/// A version as typed: (language, title, body); a language left empty falls back to Russian.
#[derive(Debug, Clone, Default)]
pub struct DocumentForm {
    pub texts: Vec<(Lang, String, String)>,
}

/// Where a kind of document is read (`/docs/consent`); a version is at `{path}/v/{version}`.
pub fn document_path(kind: &str) -> &'static str {
    if kind == PERSONAL_DATA {
        "/docs/consent"
    } else {
        "/docs/terms"
    }
}

pub fn parse_kind(kind: &str) -> AppResult<&'static str> {
    KINDS.into_iter().find(|k| *k == kind).ok_or(AppError::NotFound)
}

impl App {
    /// Every version of a kind, newest first: (version, published at).
    pub async fn document_versions(&self, kind: &str) -> AppResult<Vec<(i64, i64)>> {
        Ok(self.db.document_versions(parse_kind(kind)?).await?)
    }

    pub async fn document_version(&self, kind: &str, version: i64, lang: Lang) -> AppResult<DocumentRow> {
        self.db.document_version(parse_kind(kind)?, version, lang.code()).await?.ok_or(AppError::NotFound)
    }

    /// The current texts of a kind in every language, to start a new version from (a language
    /// without its own text is empty).
    pub async fn document_draft(&self, _by: Admin<'_>, kind: &str) -> AppResult<DocumentForm> {
        let kind = parse_kind(kind)?;
        let own = match self.db.current_version(kind).await? {
            Some(version) => self.db.document_texts(kind, version).await?,
            None => Vec::new(),
        };
        let texts = Lang::ALL
            .into_iter()
            .map(|lang| {
                let text = own.iter().find(|(l, _, _)| l == lang.code());
                (lang, text.map(|t| t.1.clone()).unwrap_or_default(), text.map(|t| t.2.clone()).unwrap_or_default())
            })
            .collect();
        Ok(DocumentForm { texts })
    }

    /// Publishes a new version: Russian title and text required, another language either
    /// complete or left to fall back to Russian. Answers its number.
    pub async fn publish_document(
        &self,
        by: Admin<'_>,
        kind: &str,
        form: &DocumentForm,
        caller: &Caller,
    ) -> AppResult<i64> {
        let kind = parse_kind(kind)?;
        let mut errors = Errors::default();
        let mut texts = Vec::new();
        for (lang, title, body) in &form.texts {
            let (title_field, body_field) = match lang {
                Lang::Ru => ("title_ru", "body_ru"),
                Lang::Be => ("title_be", "body_be"),
                Lang::En => ("title_en", "body_en"),
            };
            if *lang != Lang::Ru && title.trim().is_empty() && body.trim().is_empty() {
                continue;
            }
            let t = errors.check(FreeText::parse_line(title_field, title, TITLE_MAX));
            let b = errors
                .check(FreeText::parse(body_field, body, BODY_MAX))
                .filter(|_| errors.check(template::check(body_field, body, &PLACEHOLDERS)).is_some());
            if let (Some(t), Some(b)) = (t, b) {
                texts.push((lang.code().to_string(), t.into_string(), b.into_string()));
            }
        }
        if !form.texts.iter().any(|(l, _, _)| *l == Lang::Ru) {
            errors.push(FieldError::required("title_ru"));
        }
        errors.into_result()?;
        let details = serde_json::json!({ "languages": texts.iter().map(|(l, _, _)| l.clone()).collect::<Vec<_>>() });
        let audit = self.admin_audit(by, "document_published", format!("document:{kind}"), caller, details);
        let version = self.db.publish_document(kind, &texts, self.now_unix(), &audit).await?;
        self.catalog_changed();
        Ok(version)
    }

    /// The newest versions this person has not accepted yet (none for staff).
    pub async fn pending_documents(&self, user: &UserRow) -> AppResult<Vec<LatestDocument>> {
        if user.role.is_staff() {
            return Ok(Vec::new());
        }
        let catalog = self.catalog().await?;
        Ok(catalog.documents.iter().filter(|d| d.published_at > user.documents_accepted_at).cloned().collect())
    }

    /// The person accepts every pending version at once; one left unticked is a field error.
    pub async fn accept_documents(&self, current: &CurrentUser, accepted: &[String], caller: &Caller) -> AppResult<()> {
        let pending = self.pending_documents(&current.user).await?;
        let mut errors = Errors::default();
        for d in &pending {
            if !accepted.contains(&d.kind) {
                errors.push(FieldError::required(if d.kind == PERSONAL_DATA {
                    "accept_personal_data"
                } else {
                    "accept_terms"
                }));
            }
        }
        errors.into_result()?;
        if pending.is_empty() {
            return Ok(());
        }
        let versions: Vec<(String, i64)> = pending.iter().map(|d| (d.kind.clone(), d.version)).collect();
        let audit =
            self.audit("consent_given", Some(current.user.id), caller, serde_json::json!({ "versions": versions }));
        let ip = caller.ip.as_deref();
        let ua = caller.user_agent.as_deref();
        self.db.accept_documents(current.user.id, &versions, self.now_unix(), ip, ua, &audit).await?;
        Ok(())
    }
}
