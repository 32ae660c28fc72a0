//! `fulcrum forecast` built on its own, for the benchmark (see ../Cargo.toml).

#[path = "../../../../crates/fulcrum-cli/src/forecast_cmd.rs"]
mod forecast_cmd;

use clap::Parser;

/// Same arguments as `fulcrum forecast`.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    args: forecast_cmd::ForecastArgs,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match forecast_cmd::run(&cli.args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
