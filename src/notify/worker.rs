//! Delivers the outbox: claims due messages with a lease, sends them, records the outcome.
//! Several instances can run it at once; each message is claimed by one of them at a time.
//!
//! Two lanes per instance: one for codes and passwords, one for notices, so a code never waits
//! behind a batch of notices at a slow gateway; the code lane claims no more than it sends at
//! once, so a burst of codes spreads over every instance. Within a batch up to
//! `concurrency` messages are in flight; each is marked sent within [`MARK_WITHIN`] of going out
//! (not at the end of the batch), and the lease is renewed while any is still being sent, so a
//! slow gateway can no longer outlive it and have another worker send the same message again.

use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::sync::{watch, Notify};
use tokio::time::Instant;

use super::{SendError, SmsMessage, SmsTransport};
use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::store::outbox::Lane;
use crate::store::{from_unix, outbox::OutboxRow, Db};

const BATCH: i64 = 100;
/// After a wake-up, how long to let more messages gather: under load (hundreds of tickets a
/// second) one claim and one commit then serve a whole burst instead of each ticket taking two
/// more turns at SQLite's single writer. Unnoticeable for a person waiting for an SMS.
const GATHER: Duration = Duration::from_millis(25);
/// A message that went out is marked sent at most this much later: long enough for the file
/// transport to make a burst durable with one fsync and one commit, short enough that a crash
/// repeats next to nothing.
pub const MARK_WITHIN: Duration = Duration::from_millis(100);
const MAX_ATTEMPTS: i64 = 12;

/// Wakes both lanes of the worker when a message is queued.
#[derive(Debug, Default)]
pub struct OutboxWake {
    urgent: Notify,
    notices: Notify,
}

impl OutboxWake {
    pub fn notify_one(&self) {
        self.urgent.notify_one();
        self.notices.notify_one();
    }

    fn of(&self, lane: Lane) -> &Notify {
        match lane {
            Lane::Urgent => &self.urgent,
            Lane::Notices => &self.notices,
        }
    }
}

pub struct OutboxWorker {
    pub db: Db,
    pub sms: Arc<dyn SmsTransport>,
    /// `None` when e-mail is not configured; e-mails then fail for good (they are not created).
    pub email: Option<Arc<super::email::Mailer>>,
    pub clock: Arc<dyn Clock>,
    pub metrics: Arc<Metrics>,
    pub wake: Arc<OutboxWake>,
    pub poll: Duration,
    /// How long a claim holds; renewed every third of it while sending.
    pub lease: Duration,
    /// Messages in flight at once per lane.
    pub concurrency: usize,
}

/// Seconds to wait before attempt `attempts + 1`: 5 s doubling, at most an hour.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) - 1;
    (5i64 << exponent).min(3600)
}

impl OutboxWorker {
    /// Runs both lanes until `shutdown` turns true; each finishes the batch in hand first.
    pub async fn run(self, shutdown: watch::Receiver<bool>) {
        tokio::join!(self.lane(Lane::Urgent, shutdown.clone()), self.lane(Lane::Notices, shutdown));
    }

    async fn lane(&self, lane: Lane, mut shutdown: watch::Receiver<bool>) {
        loop {
            match self.deliver_lane(lane).await {
                // A full batch: more are waiting — unless the instance is stopping, when the
                // rest is left to the next start or another instance (a backlog of thousands
                // of notices kept a stop waiting for minutes).
                Ok(n) if n as i64 == self.batch(lane) && !*shutdown.borrow() => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, ?lane, "outbox: cannot claim messages"),
            }
            tokio::select! {
                _ = self.wake.of(lane).notified() => tokio::time::sleep(GATHER).await,
                _ = tokio::time::sleep(self.poll) => {}
                _ = shutdown.changed() => {}
            }
            if *shutdown.borrow() {
                break;
            }
        }
    }

    /// How many messages a lane claims at once: the urgent lane no more than it sends at once,
    /// so that the codes of a burst spread over every instance's lane instead of queueing in one.
    fn batch(&self, lane: Lane) -> i64 {
        match lane {
            Lane::Urgent => self.concurrency.max(1) as i64,
            Lane::Notices => BATCH,
        }
    }

    /// Delivers a batch of each lane, codes first; returns how many messages were claimed.
    pub async fn deliver_due(&self) -> Result<usize, sqlx::Error> {
        Ok(self.deliver_lane(Lane::Urgent).await? + self.deliver_lane(Lane::Notices).await?)
    }

    /// Delivers one batch of the lane; returns how many messages were claimed.
    pub async fn deliver_lane(&self, lane: Lane) -> Result<usize, sqlx::Error> {
        let owner = crate::app::crypto::random_id();
        let lease = self.lease.as_secs().max(3) as i64;
        let batch =
            self.db.claim_outbox(self.clock.now().unix_timestamp(), lease, self.batch(lane), lane, &owner).await?;
        let claimed = batch.len();
        let mut waiting = batch.into_iter();
        let mut sending = FuturesUnordered::new();
        let mut sent = Vec::with_capacity(claimed);
        let mut went_out: Vec<String> = Vec::new();
        let mut mark_by: Option<Instant> = None;
        let mut renewal = tokio::time::interval(Duration::from_secs((lease / 3) as u64));
        renewal.tick().await;
        loop {
            while sending.len() < self.concurrency.max(1) {
                match waiting.next() {
                    Some(row) => {
                        let channel = row.channel.clone();
                        sending.push(async move { (channel, self.deliver(row).await) })
                    }
                    None => break,
                }
            }
            if sending.is_empty() {
                break;
            }
            tokio::select! {
                Some((channel, outcome)) = sending.next() => {
                    if let Some(id) = outcome? {
                        if !went_out.contains(&channel) {
                            went_out.push(channel);
                        }
                        sent.push(id);
                        mark_by.get_or_insert_with(|| Instant::now() + MARK_WITHIN);
                    }
                }
                _ = renewal.tick() => {
                    let until = self.clock.now().unix_timestamp() + lease;
                    self.db.renew_outbox_lease(&owner, until).await?;
                }
                _ = tokio::time::sleep_until(mark_by.unwrap_or_else(Instant::now)), if mark_by.is_some() => {
                    self.mark_sent(&mut sent).await?;
                    mark_by = None;
                }
            }
        }
        self.mark_sent(&mut sent).await?;
        for channel in went_out {
            // The transport is back: what waits out a back-off after its outage goes now, not
            // up to an hour later (after ten minutes down, the next tries were five minutes off).
            let now = self.clock.now().unix_timestamp();
            let resumed = self.db.outbox_resume_after_outage(&channel, now).await?;
            if resumed > 0 {
                tracing::info!(%channel, resumed, "outbox: the transport is back; retrying what it refused now");
                self.wake.of(lane).notify_one();
            }
        }
        Ok(claimed)
    }

    /// Makes what went out durable (the file transport's fsync) and marks it sent, in one
    /// commit. If the transport cannot, nothing is marked: the lease runs out and the messages
    /// go again (the file skips what it already holds, the gateway gets the same key).
    async fn mark_sent(&self, sent: &mut Vec<i64>) -> Result<(), sqlx::Error> {
        if sent.is_empty() {
            return Ok(());
        }
        if let Err(error) = self.sms.flush().await {
            tracing::warn!(%error, "outbox: the transport could not make the messages durable");
            sent.clear();
            return Ok(());
        }
        self.db.outbox_sent_many(sent, self.clock.now().unix_timestamp()).await?;
        sent.clear();
        Ok(())
    }

    /// Sends one message; returns its id when it went out (to be marked sent).
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
