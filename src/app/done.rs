//! What a page says after the change it was redirected from (`?done=…`): one of these, in the
//! reader's language — never the text of the link itself, so a crafted link cannot put words
//! of its own into the portal's banner.

use crate::i18n::Tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    ProfileSaved,
    OrganizationAdded,
    OrganizationExists,
    SessionEnded,
    PasswordChanged,
    PasswordChangedTokensRevoked,
    TokenRevoked,
    TicketFiled,
    FollowUpFiled,
    ReplySent,
    NoteAdded,
    TicketSolved,
    TicketRated,
    TicketSaved,
    DraftSaved,
    DraftDiscarded,
    TicketsMerged,
    RepresentationDecided,
    CannedSaved,
    CannedDeleted,
    CustomerBlocked,
    CustomerUnblocked,
    Saved,
    Created,
    StaffEnabled,
    StaffDisabled,
    SecondFactorReset,
    Archived,
    Restored,
    RegistryImported,
    DocumentPublished,
    Removed,
    DocumentsAccepted,
}

impl Done {
    pub const ALL: [Done; 33] = [
        Done::ProfileSaved,
        Done::OrganizationAdded,
        Done::OrganizationExists,
        Done::SessionEnded,
        Done::PasswordChanged,
        Done::PasswordChangedTokensRevoked,
        Done::TokenRevoked,
        Done::TicketFiled,
        Done::FollowUpFiled,
        Done::ReplySent,
        Done::NoteAdded,
        Done::TicketSolved,
        Done::TicketRated,
        Done::TicketSaved,
        Done::DraftSaved,
        Done::DraftDiscarded,
        Done::TicketsMerged,
        Done::RepresentationDecided,
        Done::CannedSaved,
        Done::CannedDeleted,
        Done::CustomerBlocked,
        Done::CustomerUnblocked,
        Done::Saved,
        Done::Created,
        Done::StaffEnabled,
        Done::StaffDisabled,
        Done::SecondFactorReset,
        Done::Archived,
        Done::Restored,
        Done::RegistryImported,
        Done::DocumentPublished,
        Done::Removed,
        Done::DocumentsAccepted,
    ];

    /// The value of `?done=` for this.
    pub fn key(self) -> &'static str {
        match self {
            Done::ProfileSaved => "profile-saved",
            Done::OrganizationAdded => "organization-added",
            Done::OrganizationExists => "organization-exists",
            Done::SessionEnded => "session-ended",
            Done::PasswordChanged => "password-changed",
            Done::PasswordChangedTokensRevoked => "password-changed-tokens-revoked",
            Done::TokenRevoked => "token-revoked",
            Done::TicketFiled => "ticket-filed",
            Done::FollowUpFiled => "follow-up-filed",
            Done::ReplySent => "reply-sent",
            Done::NoteAdded => "note-added",
            Done::TicketSolved => "ticket-solved",
            Done::TicketRated => "ticket-rated",
            Done::TicketSaved => "ticket-saved",
            Done::DraftSaved => "draft-saved",
            Done::DraftDiscarded => "draft-discarded",
            Done::TicketsMerged => "tickets-merged",
            Done::RepresentationDecided => "representation-decided",
            Done::CannedSaved => "canned-saved",
            Done::CannedDeleted => "canned-deleted",
            Done::CustomerBlocked => "customer-blocked",
            Done::CustomerUnblocked => "customer-unblocked",
            Done::Saved => "saved",
            Done::Created => "created",
            Done::StaffEnabled => "staff-enabled",
            Done::StaffDisabled => "staff-disabled",
            Done::SecondFactorReset => "second-factor-reset",
            Done::Archived => "archived",
            Done::Restored => "restored",
            Done::RegistryImported => "registry-imported",
            Done::DocumentPublished => "document-published",
            Done::Removed => "removed",
            Done::DocumentsAccepted => "documents-accepted",
        }
    }

    /// `None` for anything that is not one of ours.
    pub fn parse(key: &str) -> Option<Done> {
        Done::ALL.into_iter().find(|d| d.key() == key)
    }

    /// `path` with this as its `?done=`.
    pub fn after(self, path: &str) -> String {
        format!("{path}?done={}", self.key())
    }

    pub fn message(self, tr: Tr) -> String {
        tr.t(&format!("notice-{}", self.key()))
    }

    /// The banner for a `?done=` value: nothing for one that is not ours.
    pub fn banner(key: Option<&str>, tr: Tr) -> Option<String> {
        key.and_then(Done::parse).map(|d| d.message(tr))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn every_banner_has_its_words_in_every_language() {
        for done in Done::ALL {
            assert_eq!(Done::parse(done.key()), Some(done));
            for lang in Lang::ALL {
                assert!(I18n::get().has(lang, &format!("notice-{}", done.key())), "{lang:?}: {}", done.key());
            }
        }
    }

    #[test]
    fn links_cannot_write_the_banner() {
        let tr = Tr::new(Lang::Ru);
        assert_eq!(Done::banner(Some("Ваш аккаунт взломан, позвоните +375..."), tr), None);
        assert_eq!(Done::banner(Some("logged-out"), tr), None, "a message key that is no banner");
        assert_eq!(Done::banner(None, tr), None);
        assert_eq!(Done::banner(Some("reply-sent"), tr), Some(Done::ReplySent.message(tr)));
        assert_eq!(Done::TicketFiled.after("/tickets/2026-000001"), "/tickets/2026-000001?done=ticket-filed");
    }
}
