//! Prints SQLite's plan for a query against a database file, with the bundled SQLite version
//! the portal uses: `cargo run --example explain -- data/helpdesk.db "SELECT …"`. Read-only unless
//! `EXPLAIN_WRITE` is set (for maintenance statements while studying a plan).

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(sql)) = (args.next(), args.next()) else {
        eprintln!("usage: explain <database file> <sql>");
        std::process::exit(2);
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .read_only(std::env::var("EXPLAIN_WRITE").is_err())
        .pragma("mmap_size", std::env::var("MMAP").unwrap_or_else(|_| "0".into()));
    let pool = sqlx::SqlitePool::connect_with(options).await.expect("open the database");
    let version: String = sqlx::query_scalar("SELECT sqlite_version()").fetch_one(&pool).await.unwrap();
    println!("SQLite {version}");
    let rows: Vec<(i64, i64, i64, String)> =
        sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(&pool).await.expect("explain");
    for (id, parent, _, detail) in rows {
        println!("{id:>4} {parent:>4}  {detail}");
    }
    let started = std::time::Instant::now();
    let rows = sqlx::query(&sql).fetch_all(&pool).await.expect("run");
    println!("{} rows in {:.1} ms", rows.len(), started.elapsed().as_secs_f64() * 1000.0);
    use sqlx::Row;
    for row in rows.iter().take(5) {
        let cells: Vec<String> = (0..row.len())
            .map(|i| {
                row.try_get::<i64, _>(i)
                    .map(|v| v.to_string())
                    .or_else(|_| row.try_get::<String, _>(i))
                    .unwrap_or_else(|_| "?".into())
            })
            .collect();
        println!("  {}", cells.join(" | "));
    }
}
