//! Putting the parts together: database, application, outbox worker, HTTP listener.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::app::passwords::PasswordPool;
use crate::app::{crypto, App};
use crate::clock::Clock;
use crate::config::{Config, SmsTransportKind};
use crate::domain::LockoutPolicy;
use crate::metrics::Metrics;
use crate::notify::{FileTransport, HttpTransport, OutboxWorker, SmsTransport};
use crate::store::{migrate, Db};

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("SMS transport: {0}")]
    Sms(String),
    #[error("cannot listen on {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    #[error("{0}")]
    Other(String),
}

/// Connects and migrates the database, publishes the default documents, loads the secret.
/// Where the configuration keeps attachments: a directory, or a bucket.
pub fn file_store(config: &Config) -> Result<crate::files::FileStore, StartError> {
    Ok(match config.attachment_store {
        crate::config::AttachmentStore::Local => crate::files::FileStore::new(config.attachments_dir()),
        crate::config::AttachmentStore::S3 => crate::files::FileStore::in_bucket(
            config.attachments_dir(),
            crate::files::S3Store::new(&config.s3).map_err(StartError::Other)?,
        ),
    })
}

pub async fn build_app(config: Config, clock: Arc<dyn Clock>) -> Result<App, StartError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartError::DataDir(config.data_dir.display().to_string(), e))?;
    let tuning = crate::store::PoolTuning {
        cache_mib: config.sqlite_cache_mib,
        mmap_mib: config.sqlite_mmap_mib,
        acquire_timeout: Duration::from_secs(config.database_acquire_timeout_seconds.max(1)),
    };
    let db = Db::connect_tuned(&config.database_url(), config.database_max_connections, tuning).await?;
    migrate::migrate(&db).await?;
    let secret_material = if config.secret_key.is_empty() {
        db.secret("main", crypto::random_token).await?
    } else {
        config.secret_key.clone()
    };
    crate::app::documents::publish_defaults(&db, clock.now().unix_timestamp()).await?;
    let passwords = Arc::new(PasswordPool::per_core());
    let files = file_store(&config)?;
    Ok(App {
        catalog: Default::default(),
        report_months: Default::default(),
        presence: crate::store::presence::Presence::open(&db, &config.data_dir.join("presence.db")).await?,
        files,
        intake: crate::store::intake::TicketIntake::start(&db),
        ticket_changed: Arc::new(tokio::sync::watch::channel(0).0),
        stopping: Arc::new(tokio::sync::watch::channel(false).0),
        code_policy: config.code_policy(),
        config: Arc::new(config),
        db,
        clock,
        metrics: Arc::new(Metrics::default()),
        outbox_wake: Default::default(),
        thumbnail_turns: Arc::new(tokio::sync::Semaphore::new(2)),
        secret: crypto::SecretKey::new(&secret_material),
        lockout: LockoutPolicy::default(),
        passwords,
    })
}

pub fn sms_transport(config: &Config) -> Result<Arc<dyn SmsTransport>, StartError> {
    Ok(match config.sms_transport {
        SmsTransportKind::File => Arc::new(FileTransport::new(config.sms_outbox_path())),
        SmsTransportKind::Http => Arc::new(HttpTransport::new(config.sms_http.clone()).map_err(StartError::Sms)?),
    })
}

/// A running portal: HTTP server and outbox worker.
pub struct Server {
    pub addr: SocketAddr,
    pub app: App,
    shutdown: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    worker: JoinHandle<()>,
    janitor: JoinHandle<()>,
    escalator: JoinHandle<()>,
    folder: JoinHandle<()>,
    checkpointer: JoinHandle<()>,
    /// Listens for tickets changed through other instances (PostgreSQL).
    changes: JoinHandle<()>,
}

pub async fn start(config: Config, clock: Arc<dyn Clock>) -> Result<Server, StartError> {
    let transport = sms_transport(&config)?;
    let listen = config.listen;
    let app = build_app(config, clock).await?;
    let listener = TcpListener::bind(listen).await.map_err(|e| StartError::Listen(listen, e))?;
    let addr = listener.local_addr().map_err(|e| StartError::Listen(listen, e))?;
    let (shutdown, shutdown_rx) = watch::channel(false);

    let worker = OutboxWorker {
        db: app.db.clone(),
        sms: transport,
        email: crate::notify::email::Mailer::from_config(&app.config).map_err(StartError::Other)?.map(Arc::new),
        clock: app.clock.clone(),
        metrics: app.metrics.clone(),
        wake: app.outbox_wake.clone(),
        poll: Duration::from_millis(app.config.outbox_poll_millis.max(10)),
        lease: Duration::from_secs(app.config.outbox_lease_seconds.max(3)),
        concurrency: app.config.outbox_concurrency.max(1),
    };
    let worker = tokio::spawn(worker.run(shutdown_rx.clone()));
    if let Err(e) = app.start_missing_sla_clocks().await {
        tracing::warn!(error = %e, "starting the clocks of tickets filed before there were any");
    }
    let janitor = tokio::spawn(housekeeping(app.clone(), shutdown_rx.clone()));
    let escalator = tokio::spawn(escalations(app.clone(), shutdown_rx.clone()));
    let folder = tokio::spawn(report_folding(app.clone(), shutdown_rx.clone()));
    let checkpointer = tokio::spawn(checkpoints(app.db.clone(), shutdown_rx.clone()));
    let listener_app = app.clone();
    let changes = tokio::spawn({
        let stop = shutdown_rx.clone();
        async move { listener_app.db.watch_ticket_changes(|| listener_app.announce_change(), stop).await }
    });

    let router = crate::web::app(app.clone());
    let limits = crate::serve::ConnectionLimits {
        header_read_timeout: Duration::from_secs(app.config.header_read_timeout_seconds.max(1)),
        max_connections: app.config.max_connections,
    };
    let http = tokio::spawn(crate::serve::serve(listener, router, limits, shutdown_rx));
    tracing::info!(%addr, backend = ?app.db.backend(), "helpdesk is listening");
    if app.config.operator.is_fictitious() {
        tracing::warn!(
            "the documents and the footer name the fictitious example operator: set [operator] in helpdesk.toml \
             (or HELPDESK_OPERATOR_*) before people register"
        );
    }
    Ok(Server { addr, app, shutdown, http, worker, janitor, escalator, folder, checkpointer, changes })
}

impl Server {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting requests, lets the ones in flight and the outbox batch in hand finish.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        self.app.stopping.send_replace(true);
        if let Err(e) = self.http.await {
            tracing::warn!(error = %e, "http task ended abnormally");
        }
        let _ = self.worker.await;
        let _ = self.janitor.await;
        let _ = self.escalator.await;
        let _ = self.folder.await;
        let _ = self.checkpointer.await;
        let _ = self.changes.await;
        self.app.db.close().await;
    }
}

/// The hourly sweep (`App::sweep`, once per cluster) and, on every instance, the uploads its
/// own interrupted requests left in its data directory.
async fn housekeeping(app: App, mut shutdown: watch::Receiver<bool>) {
    loop {
        match app.sweep().await {
            Ok(Some(swept)) if swept != Default::default() => tracing::info!(?swept, "housekeeping"),
            Ok(Some(_)) => {}
            Ok(None) => tracing::debug!("housekeeping: another instance is sweeping"),
            Err(e) => tracing::warn!(error = %e, "housekeeping"),
        }
        if let Err(e) = app.files.purge_incoming(Duration::from_secs(86_400)).await {
            tracing::warn!(error = %e, "housekeeping: uploads left by interrupted requests");
        }
        match app.purge_orphan_files(Duration::from_secs(86_400)).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "housekeeping: attachments no row refers to"),
            Err(e) => tracing::warn!(error = %e, "housekeeping: attachments no row refers to"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(3600)) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Service-level warnings and breaches, every `HELPDESK_SLA_SWEEP_SECONDS` (once per cluster).
async fn escalations(app: App, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs(app.config.sla_sweep_seconds.max(1));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
        match app.escalate_sla().await {
            Ok(Some(done)) if done != Default::default() => tracing::info!(?done, "service levels"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "service levels"),
        }
    }
}

/// How often at most the instance that folded vacuums the queues it drained (PostgreSQL).
const QUEUE_VACUUM_EVERY: Duration = Duration::from_secs(30);

/// Folds changed tickets into the report cells, and PostgreSQL's search postings into chunk
/// rows, at start and then every `HELPDESK_REPORT_FOLD_SECONDS` (once per cluster). Reports
/// and searches are exact without it — they add what is pending — it only keeps that part small.
async fn report_folding(app: App, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs(app.config.report_fold_seconds.max(1));
    let mut folded_since_vacuum = 0;
    let mut last_vacuum = tokio::time::Instant::now();
    loop {
        match app.fold_reports().await {
            Ok(Some(n)) if n > 0 => {
                folded_since_vacuum += n;
                tracing::debug!(tickets = n, "report cells")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "report cells"),
        }
        match app.fold_search_postings().await {
            Ok(Some(n)) if n > 0 => {
                folded_since_vacuum += n;
                tracing::debug!(postings = n, "search chunks")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "search chunks"),
        }
        if folded_since_vacuum > 0 && last_vacuum.elapsed() >= QUEUE_VACUUM_EVERY {
            if let Err(e) = app.db.vacuum_queues().await {
                tracing::warn!(error = %e, "vacuum of the folded queues");
            }
            folded_since_vacuum = 0;
            last_vacuum = tokio::time::Instant::now();
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => {}
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

/// Copies SQLite's WAL into the database five times a second, off the path of the requests.
/// The commit that fills the WAL still checkpoints (only there can the WAL start over), but
/// finds little left to copy: done there alone, the copy and its fsync stalled that commit —
/// and with it a batch of new tickets — for up to ~100 ms at a million tickets.
async fn checkpoints(db: Db, mut shutdown: watch::Receiver<bool>) {
    loop {
        if let Err(e) = db.checkpoint().await {
            tracing::warn!(error = %e, "WAL checkpoint");
        }
        if *shutdown.borrow() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
