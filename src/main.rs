use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = helpdesk::cli::Cli::parse();
    match helpdesk::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("helpdesk: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
