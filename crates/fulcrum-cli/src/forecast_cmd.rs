//! `fulcrum forecast`: forecast any long-format CSV (`unique_id,ds,y`) with the forecasting engine.

use std::path::PathBuf;

/// Arguments of `fulcrum forecast`.
#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Long-format CSV with columns unique_id,ds,y.
    #[arg(long)]
    pub input: PathBuf,
    /// Number of buckets to forecast.
    #[arg(long)]
    pub horizon: usize,
    /// Season length in buckets (12 for monthly data, 1 for none).
    #[arg(long, default_value_t = 12)]
    pub season_length: usize,
    /// Where to write the forecast CSV.
    #[arg(long)]
    pub output: PathBuf,
}

/// Runs `fulcrum forecast`.
pub fn run(_args: &ForecastArgs) -> anyhow::Result<()> {
    anyhow::bail!("fulcrum forecast is being written")
}
