//! Schema migrations embedded in the binary, applied in order, each in its own transaction.

use super::{on_db, Db, StoreResult};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    /// Work done in Rust after the script, in the same transaction.
    then: Step,
}

#[derive(PartialEq, Eq)]
enum Step {
    Nothing,
    /// The SQLite search index holds stems computed in Rust (see `store::search`).
    RebuildSqliteSearch,
    /// The reports' per-person counts start from the history (see `store::reports`).
    RecountStaffActions,
    /// PostgreSQL's search index holds stems computed in Rust too (see `store::postings`).
    RebuildPostgresSearch,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sqlite: include_str!("../../migrations/sqlite/0001_foundation.sql"),
        postgres: include_str!("../../migrations/postgres/0001_foundation.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 2,
        name: "tickets",
        sqlite: include_str!("../../migrations/sqlite/0002_tickets.sql"),
        postgres: include_str!("../../migrations/postgres/0002_tickets.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 3,
        name: "ticket_lists",
        sqlite: include_str!("../../migrations/sqlite/0003_ticket_lists.sql"),
        postgres: include_str!("../../migrations/postgres/0003_ticket_lists.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 4,
        name: "canned_responses",
        sqlite: include_str!("../../migrations/sqlite/0004_canned_responses.sql"),
        postgres: include_str!("../../migrations/postgres/0004_canned_responses.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 5,
        name: "email_notices",
        sqlite: include_str!("../../migrations/sqlite/0005_email_notices.sql"),
        postgres: include_str!("../../migrations/postgres/0005_email_notices.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 6,
        name: "search_by_ticket",
        sqlite: include_str!("../../migrations/sqlite/0006_search_by_ticket.sql"),
        postgres: include_str!("../../migrations/postgres/0006_search_by_ticket.sql"),
        then: Step::RebuildSqliteSearch,
    },
    Migration {
        version: 7,
        name: "service_filter",
        sqlite: include_str!("../../migrations/sqlite/0007_service_filter.sql"),
        postgres: include_str!("../../migrations/postgres/0007_service_filter.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 8,
        name: "follow_ups",
        sqlite: include_str!("../../migrations/sqlite/0008_follow_ups.sql"),
        postgres: include_str!("../../migrations/postgres/0008_follow_ups.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 9,
        name: "planner_statistics",
        sqlite: include_str!("../../migrations/sqlite/0009_planner_statistics.sql"),
        postgres: include_str!("../../migrations/postgres/0009_planner_statistics.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 10,
        name: "user_language",
        sqlite: include_str!("../../migrations/sqlite/0010_user_language.sql"),
        postgres: include_str!("../../migrations/postgres/0010_user_language.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 11,
        name: "api_token_lifetime",
        sqlite: include_str!("../../migrations/sqlite/0011_api_token_lifetime.sql"),
        postgres: include_str!("../../migrations/postgres/0011_api_token_lifetime.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 12,
        name: "outbox_lanes",
        sqlite: include_str!("../../migrations/sqlite/0012_outbox_lanes.sql"),
        postgres: include_str!("../../migrations/postgres/0012_outbox_lanes.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 13,
        name: "reply_drafts_and_presence",
        sqlite: include_str!("../../migrations/sqlite/0013_reply_drafts_and_presence.sql"),
        postgres: include_str!("../../migrations/postgres/0013_reply_drafts_and_presence.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 14,
        name: "presence_apart",
        sqlite: include_str!("../../migrations/sqlite/0014_presence_apart.sql"),
        postgres: include_str!("../../migrations/postgres/0014_presence_apart.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 15,
        name: "business_calendars",
        sqlite: include_str!("../../migrations/sqlite/0015_business_calendars.sql"),
        postgres: include_str!("../../migrations/postgres/0015_business_calendars.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 16,
        name: "sla_policies",
        sqlite: include_str!("../../migrations/sqlite/0016_sla_policies.sql"),
        postgres: include_str!("../../migrations/postgres/0016_sla_policies.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 17,
        name: "ticket_sla",
        sqlite: include_str!("../../migrations/sqlite/0017_ticket_sla.sql"),
        postgres: include_str!("../../migrations/postgres/0017_ticket_sla.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 18,
        name: "second_factor",
        sqlite: include_str!("../../migrations/sqlite/0018_second_factor.sql"),
        postgres: include_str!("../../migrations/postgres/0018_second_factor.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 19,
        name: "administration",
        sqlite: include_str!("../../migrations/sqlite/0019_administration.sql"),
        postgres: include_str!("../../migrations/postgres/0019_administration.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 20,
        name: "reports",
        sqlite: include_str!("../../migrations/sqlite/0020_reports.sql"),
        postgres: include_str!("../../migrations/postgres/0020_reports.sql"),
        then: Step::RecountStaffActions,
    },
    Migration {
        version: 21,
        name: "report month versions",
        sqlite: include_str!("../../migrations/sqlite/0021_report_month_versions.sql"),
        postgres: include_str!("../../migrations/postgres/0021_report_month_versions.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 22,
        name: "drop report_org_months",
        sqlite: include_str!("../../migrations/sqlite/0022_drop_report_org_months.sql"),
        postgres: include_str!("../../migrations/postgres/0022_drop_report_org_months.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 23,
        name: "ticket notifications",
        sqlite: include_str!("../../migrations/sqlite/0023_ticket_notifications.sql"),
        postgres: include_str!("../../migrations/postgres/0023_ticket_notifications.sql"),
        then: Step::Nothing,
    },
    Migration {
        version: 24,
        name: "search postings",
        sqlite: include_str!("../../migrations/sqlite/0024_search_postings.sql"),
        postgres: include_str!("../../migrations/postgres/0024_search_postings.sql"),
        then: Step::RebuildPostgresSearch,
    },
    Migration {
        version: 25,
        name: "search walk per group",
        sqlite: include_str!("../../migrations/sqlite/0025_search_walk_per_group.sql"),
        postgres: include_str!("../../migrations/postgres/0025_search_walk_per_group.sql"),
        then: Step::Nothing,
    },
];

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

/// Applies what is missing; safe to run from several instances at once.
pub async fn migrate(db: &Db) -> StoreResult<Vec<i64>> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut applied = Vec::new();
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(CREATE_TABLE).execute(pool).await?;
            for m in MIGRATIONS {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let done: Option<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_optional(&mut *tx)
                    .await?;
                if done.is_none() {
                    sqlx::raw_sql(m.sqlite).execute(&mut *tx).await?;
                    match m.then {
                        Step::RebuildSqliteSearch => {
                            super::search::rebuild(&mut tx).await?;
                        }
                        Step::RecountStaffActions => super::reports::recount_staff_actions!(&mut *tx)?,
                        Step::RebuildPostgresSearch | Step::Nothing => {}
                    }
                    record!(&mut *tx, m, now)?;
                    applied.push(m.version);
                }
                tx.commit().await?;
            }
        }
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            // Serialises migrations of instances that start together.
            sqlx::query("SELECT pg_advisory_xact_lock(7243001)").execute(&mut *tx).await?;
            sqlx::query(CREATE_TABLE).execute(&mut *tx).await?;
            for m in MIGRATIONS {
                let done: Option<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                    .bind(m.version)
                    .fetch_optional(&mut *tx)
                    .await?;
                if done.is_none() {
                    sqlx::raw_sql(m.postgres).execute(&mut *tx).await?;
                    match m.then {
                        Step::RecountStaffActions => super::reports::recount_staff_actions!(&mut *tx)?,
                        Step::RebuildPostgresSearch => {
                            super::postings::rebuild(&mut tx).await?;
                        }
                        Step::RebuildSqliteSearch | Step::Nothing => {}
                    }
                    record!(&mut *tx, m, now)?;
                    applied.push(m.version);
                }
            }
            tx.commit().await?;
        }
    }
    Ok(applied)
}

macro_rules! record {
    ($conn:expr, $m:expr, $now:expr) => {
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
            .bind($m.version)
            .bind($m.name)
            .bind($now)
            .execute($conn)
            .await
    };
}
use record;

/// The versions applied so far, for `helpdesk migrate` and `/readyz`.
pub async fn applied_versions(db: &Db) -> StoreResult<Vec<i64>> {
    on_db!(db, |pool| sqlx::query_scalar("SELECT version FROM schema_migrations ORDER BY version")
        .fetch_all(pool)
        .await)
}

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}
