//! `helpdesk [serve|migrate|orgs import|demo|staff …|sla due]`.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::app::admin::staff::StaffForm;
use crate::app::admin::Admin;
use crate::app::AppError;
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, LogFormat};
use crate::server::{self, StartError};

#[derive(Parser, Debug)]
#[command(name = "helpdesk", version, about = "Helpdesk technical-support portal")]
pub struct Cli {
    /// Configuration file (default: ./helpdesk.toml when present).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Organisations from the operator's registry of contracts.
    Orgs {
        #[command(subcommand)]
        command: OrgsCommand,
    },
    /// Staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Service levels on business time.
    Sla {
        #[command(subcommand)]
        command: SlaCommand,
    },
    /// Back the portal up into a new directory: a consistent snapshot of the database (SQLite
    /// online; PostgreSQL with pg_dump) and every attachment it names, while the portal runs.
    Backup {
        #[arg(long)]
        to: PathBuf,
    },
    /// Restore a backup into the configured database and attachment store (portal stopped).
    Restore {
        #[arg(long)]
        from: PathBuf,
        /// Overwrite a database that already holds tickets or people.
        #[arg(long)]
        replace: bool,
    },
    /// Load demo organisations, staff, a customer and tickets to try the portal with; with
    /// `--tickets N`, also a generated archive of N tickets for measuring it at scale.
    Demo {
        /// Generate this many tickets (with N/10 customers, N/50 organisations, ~3 messages each).
        #[arg(long)]
        tickets: Option<u64>,
        /// Seed of the generator: the same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Subcommand, Debug)]
pub enum OrgsCommand {
    /// Import a CSV with columns unp,name,address,contract_number,contract_date (UTF-8 or
    /// windows-1251, `,` or `;`); bad lines are listed and left out, the rest imported at once.
    Import { file: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum SlaCommand {
    /// Prints, as its last line, the instant N working minutes after --from on a calendar
    /// (RFC 3339 in the calendar's offset): to check a calendar.
    Due {
        /// The calendar's code (a fresh install has `minsk` and `24x7`).
        #[arg(long)]
        calendar: String,
        /// An instant in RFC 3339, e.g. 2026-04-17T17:00:00+03:00.
        #[arg(long, value_parser = parse_rfc3339)]
        from: time::OffsetDateTime,
        #[arg(long)]
        minutes: u32,
    },
}

fn parse_rfc3339(text: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
        .map_err(|_| format!("{text:?} is not an instant like 2026-04-17T17:00:00+03:00"))
}

#[derive(Subcommand, Debug)]
pub enum StaffCommand {
    /// Create a staff account; the password is read from standard input.
    Create {
        #[arg(long)]
        login: String,
        #[arg(long, default_value = "Сотрудник")]
        name: String,
        #[arg(long, value_parser = ["operator", "supervisor", "administrator"])]
        role: String,
        #[arg(long)]
        password_stdin: bool,
        /// A group code (first_line, ecp, epeu, smdo, billing); repeat for several.
        #[arg(long = "group")]
        groups: Vec<String>,
        /// Where «Вам назначена заявка» is sent when SMTP is configured.
        #[arg(long)]
        email: Option<String>,
    },
    /// List staff accounts with their roles and groups.
    List,
    /// Block a staff account and end its sessions.
    Disable {
        #[arg(long)]
        login: String,
    },
}

pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("HELPDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(cli: Cli) -> Result<(), StartError> {
    let config = Config::load(cli.config.as_deref(), std::env::vars()).map_err(|e| StartError::Other(e.to_string()))?;
    init_logging(config.log_format);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let server = server::start(config, clock).await?;
            println!("Helpdesk: {} (Ctrl-C to stop)", server.url());
            server::shutdown_signal().await;
            tracing::info!("shutting down");
            server.stop().await;
        }
        Command::Migrate => {
            let app = server::build_app(config, clock).await?;
            let versions = crate::store::migrate::applied_versions(&app.db).await?;
            println!("schema is at version {}", versions.last().copied().unwrap_or(0));
        }
        Command::Orgs { command: OrgsCommand::Import { file } } => {
            let app = server::build_app(config, clock).await?;
            let bytes = std::fs::read(&file).map_err(|e| StartError::Other(format!("{}: {e}", file.display())))?;
            let preview = crate::app::registry::read_registry(&bytes)
                .map_err(|e| StartError::Other(format!("{}: {}", file.display(), e.code)))?;
            for line in preview.refused() {
                let errors = line.outcome.as_ref().err().map(|errors| {
                    errors.iter().map(|e| format!("{}: {}", e.field, e.code)).collect::<Vec<_>>().join(", ")
                });
                println!("line {}: УНП {:?}: {}", line.line, line.unp_text, errors.unwrap_or_default());
            }
            let n = app
                .import_registry_file(&file.display().to_string(), &preview)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            println!(
                "imported {n} organisations from {} ({:?}, '{}')",
                file.display(),
                preview.encoding,
                preview.separator
            );
            let refused = preview.refused().count();
            if refused > 0 {
                return Err(StartError::Other(format!(
                    "{refused} lines refused (listed above); the others are imported"
                )));
            }
        }
        Command::Staff { command: StaffCommand::Create { login, name, role, password_stdin, groups, email } } => {
            if !password_stdin {
                return Err(StartError::Other("pass --password-stdin and the password on standard input".into()));
            }
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).map_err(|e| StartError::Other(e.to_string()))?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let (last, first) = name.trim().split_once(' ').unwrap_or((name.trim(), ""));
            let form = StaffForm {
                login,
                last_name: last.to_string(),
                first_name: first.trim().to_string(),
                email: email.unwrap_or_default(),
                role,
                groups,
            };
            let app = server::build_app(config, clock).await?;
            match app.create_staff(Admin::CommandLine, &form, Some(&password), &Default::default()).await {
                Ok(created) => println!(
                    "staff account {} ({}) created, id {}, groups: {}",
                    created.login,
                    form.role,
                    created.id,
                    form.groups.join(", ")
                ),
                Err(AppError::Validation(errors)) => {
                    let known = app.db.staff_group_codes().await?;
                    let unknown: Vec<&str> =
                        form.groups.iter().map(|g| g.trim()).filter(|g| !known.iter().any(|k| k == g)).collect();
                    let known = known.join(", ");
                    let lines: Vec<String> = errors
                        .iter()
                        .map(|e| match (e.field, e.code) {
                            ("groups", _) => format!("--group {}: known groups are {known}", unknown.join(", ")),
                            ("login", "login_taken") => format!("a staff account {} already exists", form.login.trim()),
                            ("login", _) => {
                                "--login: Latin letters, digits, dot, hyphen, underscore; not a phone number".into()
                            }
                            ("password", code) => format!("password refused: {code}"),
                            (field, code) => format!("--{field}: {code}"),
                        })
                        .collect();
                    return Err(StartError::Other(lines.join("; ")));
                }
                Err(e) => return Err(StartError::Other(e.to_string())),
            }
        }
        Command::Staff { command: StaffCommand::List } => {
            let app = server::build_app(config, clock).await?;
            for s in app.db.staff_list().await? {
                let email = s.email.unwrap_or_else(|| "—".into());
                println!("{:<20} {:<14} {:<8} {:<30} {}", s.login, s.role, s.status, email, s.groups.join(","));
            }
        }
        Command::Staff { command: StaffCommand::Disable { login } } => {
            let app = server::build_app(config, clock).await?;
            match app.disable_staff_by_login(&login, &Default::default()).await {
                Ok(true) => {
                    println!("staff account {} is blocked; its sessions have ended", login.trim().to_lowercase())
                }
                Ok(false) | Err(AppError::Validation(_)) => {
                    return Err(StartError::Other(format!("no staff account {}", login.trim().to_lowercase())))
                }
                Err(e) => return Err(StartError::Other(e.to_string())),
            }
        }
        Command::Sla { command: SlaCommand::Due { calendar, from, minutes } } => {
            let app = server::build_app(config, clock).await?;
            let answer = match app.due_instant(&calendar, from, minutes).await {
                Ok(answer) => answer,
                Err(crate::app::AppError::NotFound) => {
                    return Err(StartError::Other(format!("no calendar {calendar}")))
                }
                Err(e) => return Err(StartError::Other(e.to_string())),
            };
            let rfc3339 = &time::format_description::well_known::Rfc3339;
            let show = |t: time::OffsetDateTime| t.format(rfc3339).unwrap_or_default();
            println!("calendar {} ({}, {})", answer.calendar.code, answer.calendar.time_zone, answer.calendar.name_en);
            println!("{minutes} working minutes after {}", show(from.to_offset(answer.due.offset())));
            println!("{}", show(answer.due));
        }
        Command::Backup { to } => {
            let files = server::file_store(&config)?;
            let manifest =
                crate::backup::backup(&config, &files, &to).await.map_err(|e| StartError::Other(e.to_string()))?;
            println!(
                "backed up {} tickets, {} people and {} attachments ({}) into {}",
                manifest.tickets,
                manifest.users,
                manifest.attachments,
                manifest.backend,
                to.display()
            );
            if !manifest.missing_attachments.is_empty() {
                return Err(StartError::Other(format!(
                    "{} attachments the database names were gone when copied: {}",
                    manifest.missing_attachments.len(),
                    manifest.missing_attachments.join(", ")
                )));
            }
        }
        Command::Restore { from, replace } => {
            let files = server::file_store(&config)?;
            files.prepare().await.map_err(|e| StartError::Other(e.to_string()))?;
            let manifest = crate::backup::restore(&config, &files, &from, replace)
                .await
                .map_err(|e| StartError::Other(e.to_string()))?;
            println!(
                "restored {} tickets, {} people and {} attachments from {} (taken at {})",
                manifest.tickets,
                manifest.users,
                manifest.attachments,
                from.display(),
                manifest.taken_at
            );
        }
        Command::Demo { tickets, seed } => {
            let app = server::build_app(config, clock).await?;
            crate::demo::run(&app, tickets, seed).await?;
        }
    }
    Ok(())
}
