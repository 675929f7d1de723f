//! Prints SQLite's plan for a query against a database file, with the bundled SQLite version
//! the portal uses: `cargo run --example explain -- data/helpdesk.db "SELECT …"`.

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(sql)) = (args.next(), args.next()) else {
        eprintln!("usage: explain <database file> <sql>");
        std::process::exit(2);
    };
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .read_only(true)
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
    let n = sqlx::query(&sql).fetch_all(&pool).await.expect("run").len();
    println!("{n} rows in {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
}
