//! `fulcrum aggregate`: solve an aggregate-planning problem written as one TOML file.

use std::path::PathBuf;

/// Arguments of `fulcrum aggregate`.
#[derive(Debug, clap::Args)]
pub struct AggregateArgs {
    /// The problem file (TOML).
    pub problem: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Runs `fulcrum aggregate`.
pub fn run(_args: &AggregateArgs) -> anyhow::Result<()> {
    anyhow::bail!("fulcrum aggregate is being written")
}
