//! Delivers the outbox: claims due messages with a lease, sends them, records the outcome.
//! Several instances can run it at once; each message is claimed by one of them at a time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{watch, Notify};

use super::{SendError, SmsMessage, SmsTransport};
use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::store::{from_unix, outbox::OutboxRow, Db};

const LEASE_SECONDS: i64 = 60;
const BATCH: i64 = 100;
/// After a wake-up, how long to let more messages gather: under load (hundreds of tickets a
/// second) one claim and one commit then serve a whole burst instead of each ticket taking two
/// more turns at SQLite's single writer. Unnoticeable for a person waiting for an SMS.
const GATHER: Duration = Duration::from_millis(25);
const MAX_ATTEMPTS: i64 = 12;

pub struct OutboxWorker {
    pub db: Db,
    pub sms: Arc<dyn SmsTransport>,
    /// `None` when e-mail is not configured; e-mails then fail for good (they are not created).
    pub email: Option<Arc<super::email::Mailer>>,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    pub wake: Arc<Notify>,
    pub poll: Duration,
}

/// Seconds to wait before attempt `attempts + 1`: 5 s doubling, at most an hour.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (5i64 << exponent).min(3600)
}

impl OutboxWorker {
    /// Runs until `shutdown` turns true; finishes the batch in hand first.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            match self.deliver_due().await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "outbox: cannot claim messages"),
            }
            tokio::select! {
                _ = self.wake.notified() => tokio::time::sleep(GATHER).await,
                _ = tokio::time::sleep(self.poll) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }

    /// Delivers one batch; returns how many messages were claimed.
    pub async fn deliver_due(&self) -> Result<usize, sqlx::Error> {
        let now = self.clock.now().unix_timestamp();
        let batch = self.db.claim_outbox(now, LEASE_SECONDS, BATCH).await?;
        let claimed = batch.len();
        let mut sent = Vec::with_capacity(claimed);
        for row in batch {
            if let Some(id) = self.deliver(row).await? {
                sent.push(id);
            }
        }
        if !sent.is_empty() {
            if let Err(error) = self.sms.flush().await {
                // Not marked: the lease runs out and the batch goes again (the file skips
                // what it already holds).
                tracing::warn!(%error, "outbox: the transport could not make the batch durable");
                return Ok(claimed);
            }
        }
        // One commit for the batch. A crash before it sends these again; transports skip
        // repeated idempotency keys (the file) or pass them on (the HTTP gateway).
        self.db.outbox_sent_many(&sent, self.clock.now().unix_timestamp()).await?;
        Ok(claimed)
    }

    /// Sends one message; returns its id when it went out (to be marked sent with the batch).
    async fn deliver(&self, row: OutboxRow) -> Result<Option<i64>, sqlx::Error> {
        let Some(text) = row.body.clone() else {
            // Text already cleared: a message sent but not marked (should not happen); close it.
            return Ok(Some(row.id));
        };
        let message = SmsMessage {
            to: row.recipient.clone(),
            purpose: row.purpose.clone(),
            text,
            masked_text: row.masked_body.clone(),
            idempotency_key: row.idempotency_key.clone(),
            created_at: from_unix(row.created_at),
        };
        let outcome = match (row.channel.as_str(), &self.email) {
            ("sms", _) => self.sms.send(&message).await,
            ("email", Some(mailer)) => mailer.send(&message.to, &message.text, &message.idempotency_key).await,
            (channel, _) => Err(SendError::Permanent(format!("no transport for channel {channel}"))),
        };
        let now = self.clock.now().unix_timestamp();
        match outcome {
            Ok(()) => {
                self.metrics.sms_sent.inc();
                Ok(Some(row.id))
            }
            Err(error) => {
                self.metrics.sms_failed.inc();
                let retry_at = match &error {
                    SendError::Temporary(_) if row.attempts < MAX_ATTEMPTS => Some(now + backoff_seconds(row.attempts)),
                    _ => None,
                };
                tracing::warn!(id = row.id, purpose = %row.purpose, attempts = row.attempts, %error,
                    gives_up = retry_at.is_none(), "outbox: delivery failed");
                self.db.outbox_failed(row.id, &error.to_string(), retry_at).await.map(|_| None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_seconds;

    #[test]
    fn backoff_doubles_and_caps() {
        let waits: Vec<i64> = (1..=12).map(backoff_seconds).collect();
        assert_eq!(&waits[..5], &[5, 10, 20, 40, 80]);
        assert_eq!(waits[11], 3600);
    }
}
