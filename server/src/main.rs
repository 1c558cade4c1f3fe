use hocso::cli::{Cli, Command};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let (cli, command) = Cli::parse_with_default(std::env::args_os());
    hocso::telemetry::init();
    let result = match command {
        Command::Serve(args) => hocso::cli::serve(&cli.common, args).await,
        Command::Migrate => hocso::cli::migrate(&cli.common).await,
        Command::ImportContent(args) => hocso::cli::import_content(&cli.common, &args).await,
        Command::CreateAdmin(args) => hocso::cli::create_admin(&cli.common, args).await,
        Command::Backup(args) => hocso::cli::backup(&cli.common, args).await,
        Command::QuizImport(args) => hocso::cli::quiz_import(&cli.common, &args).await,
        Command::DemoData(args) => hocso::cli::demo_data(&cli.common, &args).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("hocso: {e:#}");
            ExitCode::FAILURE
        }
    }
}
