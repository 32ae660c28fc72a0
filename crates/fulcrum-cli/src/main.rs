//! The `fulcrum` command. `main` only parses arguments, runs the command and maps
//! the outcome to an exit code; the commands live in [`commands`].

mod aggregate_cmd;
mod cli;
mod commands;
mod forecast_cmd;
mod progress;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    commands::init_tracing(cli.verbose);
    match commands::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
