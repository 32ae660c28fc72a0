//! Stage 2: the consensus demand plan.
//!
//! Today the consensus is the statistical forecast, held at zero before an item's
//! launch bucket; planner layers (overrides, events, launches) merge in here later.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, KeyFigure};
use fulcrum_supply::mrp::BufferKey;

use crate::forecast_stage::{ForecastOutput, launch_bucket};
use crate::series_builder::{SeriesBuilder, add_rolled_up};

/// Consensus demand per (item, location), one value per horizon bucket.
pub type DemandPlan = BTreeMap<BufferKey, Vec<f64>>;

/// Builds the consensus demand from the forecast.
pub fn run(dataset: &Dataset, forecast: &ForecastOutput) -> DemandPlan {
    let first = dataset.calendar().history_len();
    forecast
        .combinations
        .iter()
        .map(|(key, combination)| {
            let mut demand = combination.forecast.clone();
            if let Some(launch) = launch_bucket(dataset, &key.0) {
                let before_launch = launch.saturating_sub(first).min(demand.len());
                demand[..before_launch]
                    .iter_mut()
                    .for_each(|value| *value = 0.0);
            }
            (key.clone(), demand)
        })
        .collect()
}

/// Adds the consensus demand series.
pub(crate) fn add_series(dataset: &Dataset, demand: &DemandPlan, series: &mut SeriesBuilder) {
    for ((item, location), values) in demand {
        add_rolled_up(
            series,
            dataset,
            KeyFigure::ConsensusDemand,
            (item.as_str(), location.as_str()),
            values,
        );
    }
}
