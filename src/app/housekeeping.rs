//! The hourly sweep: what the portal forgets or finishes by itself. One instance of a cluster
//! does it (a PostgreSQL advisory lock), so N instances close each ticket and anonymise each
//! account once.

use super::{App, AppResult};
use crate::store::Job;

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub verifications: u64,
    pub sessions: u64,
    pub tickets_closed: u64,
    pub accounts_anonymised: u64,
    /// Accounts nobody used for the consent's term: blocked, to be anonymised.
    pub consents_expired: u64,
    /// Ticket pages left without saying so (a closed laptop): their presence rows.
    pub presence_forgotten: u64,
    /// Sign-ins whose second step was never taken.
    pub sign_ins_abandoned: u64,
    /// Registry files uploaded for a preview and never imported.
    pub registry_uploads_forgotten: u64,
}

impl App {
    /// Unfinished registrations and resets after a week (they hold form data), expired
    /// sessions, resolved tickets past their days, the people behind withdrawn consents.
    /// `None` when another instance is sweeping.
    pub async fn sweep(&self) -> AppResult<Option<Swept>> {
        let swept = self
            .db
            .exclusively(Job::Housekeeping, || async {
                let now = self.now_unix();
                Ok::<_, super::AppError>(Swept {
                    verifications: self.db.purge_verifications(now - 7 * 86_400).await?,
                    sessions: self.db.purge_expired_sessions(now).await?,
                    tickets_closed: self.close_resolved_tickets().await?,
                    consents_expired: self.expire_unused_accounts().await?,
                    accounts_anonymised: self.anonymise_withdrawn_accounts().await?,
                    presence_forgotten: self.presence.purge_before(now - 3600).await?,
                    sign_ins_abandoned: self.db.purge_challenges(now).await?,
                    registry_uploads_forgotten: self.db.purge_registry_uploads(now - 86_400).await?,
                })
            })
            .await?;
        if swept.is_some() {
            self.metrics.sweep_ran(Job::Housekeeping);
        }
        swept.transpose()
    }
}
