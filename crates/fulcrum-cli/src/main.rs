//! The `fulcrum` command.

mod aggregate_cmd;
mod forecast_cmd;

use clap::{Parser, Subcommand};

/// Fulcrum: open-source Sales & Operations Planning.
#[derive(Debug, Parser)]
#[command(name = "fulcrum", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Forecast a long-format CSV (unique_id,ds,y).
    Forecast(forecast_cmd::ForecastArgs),
    /// Solve an aggregate-planning problem file.
    Aggregate(aggregate_cmd::AggregateArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Forecast(args) => forecast_cmd::run(args),
        Command::Aggregate(args) => aggregate_cmd::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
