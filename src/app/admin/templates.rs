//! The texts of notices: every SMS and letter of every notice, in each language, edited with a
//! preview. Placeholders are checked when a text is kept (an unknown or missing one is a field
//! error, never a broken SMS), a code or password stays the last word of its SMS, and the
//! editor counts the SMS's segments as the gateway bills them.

use super::Admin;
use crate::app::error::Errors;
use crate::app::notice_texts::{standard_email, standard_sms};
use crate::app::{App, AppError, AppResult, Caller};
use crate::domain::notice::{Channel, Notice};
use crate::domain::template::{render, sms_size, SmsSize};
use crate::domain::FieldError;
use crate::i18n::Lang;

/// A text as the editor sends it; a channel the notice does not have is ignored.
#[derive(Debug, Clone, Default)]
pub struct NoticeForm {
    pub sms: String,
    pub email_subject: String,
    pub email_body: String,
}

/// What the editor shows.
#[derive(Debug, Clone)]
pub struct NoticeEditor {
    pub notice: Notice,
    pub lang: Lang,
    pub form: NoticeForm,
    /// Which of its channels carry the administrator's words rather than the standard ones.
    pub sms_kept: bool,
    pub email_kept: bool,
}

/// The preview with sample values, and what is wrong (nothing is refused here).
#[derive(Debug, Clone)]
pub struct NoticePreview {
    pub sms: Option<(String, SmsSize)>,
    pub email: Option<(String, String)>,
    pub errors: Vec<FieldError>,
}

/// One notice's row in the list: in which languages its words are an administrator's.
#[derive(Debug, Clone)]
pub struct NoticeLine {
    pub notice: Notice,
    pub kept: Vec<Lang>,
}

fn check(notice: Notice, form: &NoticeForm) -> Errors {
    let mut errors = Errors::default();
    if notice.sms_message().is_some() {
        errors.check(notice.check_sms("sms", &form.sms));
    }
    if notice.email_messages().is_some() {
        errors.check(notice.check_email(&form.email_subject, &form.email_body));
    }
    errors
}

impl App {
    pub async fn notice_lines(&self, _by: Admin<'_>) -> AppResult<Vec<NoticeLine>> {
        self.catalog_changed();
        let catalog = self.catalog().await?;
        Ok(Notice::ALL
            .into_iter()
            .map(|notice| NoticeLine {
                notice,
                kept: Lang::ALL
                    .into_iter()
                    .filter(|l| notice.channels().iter().any(|c| catalog.texts.kept(notice, *l, *c).is_some()))
                    .collect(),
            })
            .collect())
    }

    /// The notice's current words in `lang`, kept or standard.
    pub async fn notice_editor(&self, _by: Admin<'_>, notice: Notice, lang: Lang) -> AppResult<NoticeEditor> {
        self.catalog_changed();
        let catalog = self.catalog().await?;
        let sms = catalog.texts.kept(notice, lang, Channel::Sms);
        let email = catalog.texts.kept(notice, lang, Channel::Email);
        let standard = standard_email(notice, lang);
        Ok(NoticeEditor {
            notice,
            lang,
            form: NoticeForm {
                sms: match (sms, notice.sms_message()) {
                    (Some(t), _) => t.body.clone(),
                    (None, Some(_)) => standard_sms(notice, lang),
                    (None, None) => String::new(),
                },
                email_subject: email.map_or(standard.0, |t| t.subject.clone()),
                email_body: email.map_or(standard.1, |t| t.body.clone()),
            },
            sms_kept: sms.is_some(),
            email_kept: email.is_some(),
        })
    }

    /// The texts with sample values in, and their problems.
    pub fn preview_notice(&self, notice: Notice, form: &NoticeForm) -> NoticePreview {
        let samples: Vec<(&str, &str)> =
            notice.placeholders().iter().map(|p| (p.name, notice.sample(p.name))).collect();
        let errors = match check(notice, form).into_result() {
            Err(AppError::Validation(list)) => list,
            _ => Vec::new(),
        };
        NoticePreview {
            sms: notice.sms_message().map(|_| {
                let text = render(&form.sms, &samples);
                let size = sms_size(&text);
                (text, size)
            }),
            email: notice
                .email_messages()
                .map(|_| (render(&form.email_subject, &samples), render(&form.email_body, &samples))),
            errors,
        }
    }

    /// Keeps the words after checking them; words equal to the standard ones are forgotten
    /// instead, so a later change of the standard reaches this notice too.
    pub async fn save_notice(
        &self,
        by: Admin<'_>,
        notice: Notice,
        lang: Lang,
        form: &NoticeForm,
        caller: &Caller,
    ) -> AppResult<()> {
        check(notice, form).into_result()?;
        let now = self.now_unix();
        let object = format!("notice:{}:{}", notice.key(), lang.code());
        for channel in notice.channels() {
            let (subject, body, standard) = match channel {
                Channel::Sms => {
                    (String::new(), form.sms.trim().to_string(), (String::new(), standard_sms(notice, lang)))
                }
                Channel::Email => (
                    form.email_subject.trim().to_string(),
                    form.email_body.trim().to_string(),
                    standard_email(notice, lang),
                ),
            };
            let details = serde_json::json!({ "channel": channel.as_str(), "text": body, "subject": subject });
            let audit = self.admin_audit(by, "notice_text_saved", object.clone(), caller, details);
            if (subject.as_str(), body.as_str()) == (standard.0.trim(), standard.1.trim()) {
                self.db.reset_notice_template(notice.key(), lang.code(), channel.as_str(), &audit).await?;
            } else {
                let who = by.user_id();
                self.db
                    .save_notice_template(
                        notice.key(),
                        lang.code(),
                        channel.as_str(),
                        &subject,
                        &body,
                        who,
                        now,
                        &audit,
                    )
                    .await?;
            }
        }
        self.catalog_changed();
        Ok(())
    }

    /// Back to the standard words in `lang`.
    pub async fn reset_notice(&self, by: Admin<'_>, notice: Notice, lang: Lang, caller: &Caller) -> AppResult<()> {
        for channel in notice.channels() {
            let object = format!("notice:{}:{}", notice.key(), lang.code());
            let details = serde_json::json!({ "channel": channel.as_str() });
            let audit = self.admin_audit(by, "notice_text_reset", object, caller, details);
            self.db.reset_notice_template(notice.key(), lang.code(), channel.as_str(), &audit).await?;
        }
        self.catalog_changed();
        Ok(())
    }
}
