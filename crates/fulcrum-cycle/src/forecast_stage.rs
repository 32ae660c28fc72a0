//! Stage 1: the statistical forecast per item and location.
//!
//! History is sales summed over customers per (item, location). Items launched
//! during the history are forecast from their launch bucket on. The method today is
//! the seasonal naive forecast (the last twelve months repeated), with a one-year
//! holdout backtest measuring its WAPE.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ForecastModelRecord, KeyFigure};
use fulcrum_supply::mrp::BufferKey;

use crate::series_builder::{SeriesBuilder, add_rolled_up};

/// History and forecast of one planning combination.
#[derive(Debug, Clone, PartialEq)]
pub struct CombinationForecast {
    /// Sales per history bucket.
    pub history: Vec<f64>,
    /// Forecast per horizon bucket.
    pub forecast: Vec<f64>,
}

/// The forecast stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOutput {
    /// Per (item, location).
    pub combinations: BTreeMap<BufferKey, CombinationForecast>,
    /// Model chosen per combination.
    pub models: Vec<ForecastModelRecord>,
    /// WAPE of the one-year holdout backtest over all combinations with two years of
    /// history, or `None` when none has.
    pub backtest_wape: Option<f64>,
}

/// Sales per (item, location) and history bucket.
pub fn sales_history(dataset: &Dataset) -> BTreeMap<BufferKey, Vec<f64>> {
    let calendar = dataset.calendar();
    let mut history: BTreeMap<BufferKey, Vec<f64>> = BTreeMap::new();
    for record in &dataset.sales {
        let Ok(bucket) = calendar.parse_bucket(&record.bucket) else {
            continue;
        };
        if bucket >= calendar.history_len() {
            continue;
        }
        history
            .entry((record.item.clone(), record.location.clone()))
            .or_insert_with(|| vec![0.0; calendar.history_len()])[bucket] += record.quantity;
    }
    history
}

/// Runs the forecast stage.
pub fn run(dataset: &Dataset) -> ForecastOutput {
    let calendar = dataset.calendar();
    let season = calendar.granularity().buckets_per_year();
    let horizon = calendar.horizon_len();
    let mut combinations = BTreeMap::new();
    let mut models = Vec::new();
    let (mut abs_error, mut actual_total) = (0.0, 0.0);
    for (key, history) in sales_history(dataset) {
        let start = launch_bucket(dataset, &key.0)
            .unwrap_or(0)
            .min(history.len());
        let usable = &history[start..];
        let forecast = fulcrum_forecast::seasonal_naive(usable, season, horizon);
        let wape = holdout_wape(usable, season);
        if let Some((error, actual)) = wape {
            abs_error += error;
            actual_total += actual;
        }
        models.push(ForecastModelRecord {
            item: key.0.clone(),
            location: key.1.clone(),
            method: "seasonal_naive".into(),
            parameters: vec![("season_length".into(), season as f64)],
            reason: if usable.len() >= season {
                "repeats the last full season of history".into()
            } else {
                "history shorter than one season: repeats the last value".into()
            },
            demand_class: String::new(),
            backtest_wape: wape.and_then(|(error, actual)| (actual > 0.0).then(|| error / actual)),
        });
        combinations.insert(key, CombinationForecast { history, forecast });
    }
    ForecastOutput {
        combinations,
        models,
        backtest_wape: (actual_total > 0.0).then(|| abs_error / actual_total),
    }
}

/// The timeline bucket of an item's launch, if it has one on the calendar.
pub(crate) fn launch_bucket(dataset: &Dataset, item: &str) -> Option<usize> {
    let launch = dataset.item(item)?.launch.as_ref()?;
    dataset.calendar().parse_bucket(launch).ok()
}

/// Forecasts the last season of `history` from the data before it and returns
/// (Σ|actual − forecast|, Σ actual), or `None` with less than two seasons.
fn holdout_wape(history: &[f64], season: usize) -> Option<(f64, f64)> {
    if history.len() < 2 * season {
        return None;
    }
    let split = history.len() - season;
    let forecast = fulcrum_forecast::seasonal_naive(&history[..split], season, season);
    let actual = &history[split..];
    let error = actual
        .iter()
        .zip(&forecast)
        .map(|(a, f)| (a - f).abs())
        .sum();
    Some((error, actual.iter().sum()))
}

/// Adds sales history and statistical forecast series.
pub(crate) fn add_series(dataset: &Dataset, output: &ForecastOutput, series: &mut SeriesBuilder) {
    for ((item, location), combination) in &output.combinations {
        let key = (item.as_str(), location.as_str());
        add_rolled_up(
            series,
            dataset,
            KeyFigure::SalesHistory,
            key,
            &combination.history,
        );
        add_rolled_up(
            series,
            dataset,
            KeyFigure::StatisticalForecast,
            key,
            &combination.forecast,
        );
    }
}
