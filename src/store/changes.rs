//! Ticket changes told across instances (PostgreSQL `LISTEN/NOTIFY`, migration 0023): a trigger
//! sends the ids of the tickets a statement filed or changed when it commits, and each instance
//! listens on a connection of its own and wakes its live queues. SQLite is one instance, whose
//! own changes wake its queues directly.

use std::time::Duration;

use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::watch;

use super::Db;

/// The channel migration 0023's trigger notifies.
pub const CHANNEL: &str = "helpdesk_tickets";

impl Db {
    /// Calls `wake` for every notification of changed tickets until `stop`, reconnecting when
    /// the database goes away. A lost connection may have lost notifications, so it wakes
    /// then too. Returns at once on SQLite.
    pub async fn watch_ticket_changes(&self, wake: impl Fn(), mut stop: watch::Receiver<bool>) {
        let Db::Postgres(pool) = self else { return };
        // A connection of its own, so that listening takes none from the pool's requests.
        let own = PgPoolOptions::new().max_connections(1).connect_lazy_with((*pool.connect_options()).clone());
        loop {
            let mut listener = match PgListener::connect_with(&own).await {
                Ok(mut l) => match l.listen(CHANNEL).await {
                    Ok(()) => l,
                    Err(e) => {
                        tracing::warn!(error = %e, "ticket changes: cannot listen");
                        if pause(&mut stop).await {
                            return;
                        }
                        continue;
                    }
                },
                Err(e) => {
                    tracing::debug!(error = %e, "ticket changes: the database is out of reach");
                    if pause(&mut stop).await {
                        return;
                    }
                    continue;
                }
            };
            // Changes made while this instance was not listening.
            wake();
            loop {
                tokio::select! {
                    told = listener.try_recv() => match told {
                        Ok(_) => wake(),
                        Err(e) => {
                            tracing::debug!(error = %e, "ticket changes: the listening connection ended");
                            break;
                        }
                    },
                    _ = stop.wait_for(|stopped| *stopped) => return,
                }
            }
            if pause(&mut stop).await {
                return;
            }
        }
    }
}

/// A second between attempts; true when the instance is stopping.
async fn pause(stop: &mut watch::Receiver<bool>) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(Duration::from_secs(1)) => false,
        _ = stop.wait_for(|stopped| *stopped) => true,
    }
}
