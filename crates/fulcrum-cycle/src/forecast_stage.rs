//! Stage 1: the statistical forecast per item and location.
//!
//! History is sales summed over customers per (item, location). Items launched
//! during the history are forecast from their launch bucket on. Each combination is
//! forecast by `fulcrum_forecast::forecast_auto`, which classifies the demand, picks
//! a model by backtest and keeps why. The stage also measures the forecast the way a
//! planner would judge it: a one-year holdout (forecast the last twelve months of
//! history from the data before them) gives the WAPE KPI.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ForecastAccuracy, ForecastModelRecord, KeyFigure, SeriesKey};
use fulcrum_forecast::{
    AutoConfig, Interval, SeriesForecast, classify_demand, forecast_many,
    forecast_many_with_references, seasonal_naive,
};
use fulcrum_supply::mrp::BufferKey;

use crate::series_builder::{SeriesBuilder, add_rolled_up};

/// History and forecast of one planning combination.
#[derive(Debug, Clone, PartialEq)]
pub struct CombinationForecast {
    /// Sales per history bucket.
    pub history: Vec<f64>,
    /// Forecast per horizon bucket.
    pub forecast: Vec<f64>,
    /// Standard deviation of the h-step forecast error, h = 1..=horizon
    /// (`SeriesForecast::sigma_h`); empty when the method gives none.
    pub sigma_h: Vec<f64>,
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
    /// Prediction intervals of the statistical forecast per (item, location), one
    /// per level of `AutoConfig::levels` (80% and 95%); empty for seasonal naive.
    pub intervals: BTreeMap<BufferKey, Vec<Interval>>,
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

/// Which statistical method the forecast stage uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ForecastMethod {
    /// `fulcrum_forecast::forecast_auto`: per-series model selection.
    #[default]
    Automatic,
    /// The last season repeated, for every combination (a transparent baseline).
    SeasonalNaive,
}

/// Runs the forecast stage.
pub fn run(dataset: &Dataset, method: ForecastMethod) -> ForecastOutput {
    let calendar = dataset.calendar();
    let season = calendar.granularity().buckets_per_year();
    let config = AutoConfig {
        horizon: calendar.horizon_len(),
        season_length: season,
        ..AutoConfig::default()
    };
    let histories = sales_history(dataset);
    let usable: Vec<Vec<f64>> = histories
        .iter()
        .map(|(key, history)| {
            let start = launch_bucket(dataset, &key.0)
                .unwrap_or(0)
                .min(history.len());
            history[start..].to_vec()
        })
        .collect();
    let forecasts = match method {
        ForecastMethod::Automatic => {
            let references = launch_references(dataset, &histories);
            forecast_many_with_references(&usable, &references, &config)
        }
        ForecastMethod::SeasonalNaive => forecast_with(method, &usable, &config),
    };
    let backtest_wape = holdout_wape(method, &usable, season);

    let mut combinations = BTreeMap::new();
    let mut models = Vec::with_capacity(forecasts.len());
    let mut intervals = BTreeMap::new();
    for ((key, history), forecast) in histories.into_iter().zip(forecasts) {
        let chosen = forecast
            .backtest
            .iter()
            .find(|accuracy| accuracy.method == forecast.method);
        let chosen_wape = chosen
            .map(|accuracy| accuracy.wape)
            .filter(|wape| wape.is_finite());
        let accuracy = chosen.map(|accuracy| ForecastAccuracy {
            mape: accuracy.mape,
            wape: accuracy.wape,
            smape: accuracy.smape,
            mase: accuracy.mase,
            rmsse: accuracy.rmsse,
            bias: accuracy.bias,
        });
        if !forecast.intervals.is_empty() {
            intervals.insert(key.clone(), forecast.intervals);
        }
        models.push(ForecastModelRecord {
            item: key.0.clone(),
            location: key.1.clone(),
            method: forecast.method,
            parameters: forecast.parameters,
            reason: forecast.selection_reason,
            demand_class: forecast.demand_class.as_str().to_string(),
            backtest_wape: chosen_wape,
            accuracy,
        });
        combinations.insert(
            key,
            CombinationForecast {
                history,
                forecast: forecast.point,
                sigma_h: forecast.sigma_h,
            },
        );
    }
    ForecastOutput {
        combinations,
        models,
        backtest_wape,
        intervals,
    }
}

/// Like-item references for launched items: the average history of the other
/// items of the same family at the same location that were not launched
/// during the history. An item launched during (or after) the history then gets
/// its family's seasonal profile around its own level, or the family average
/// when it has no sales yet (`fulcrum_forecast::forecast_with_reference`).
fn launch_references(
    dataset: &Dataset,
    histories: &BTreeMap<BufferKey, Vec<f64>>,
) -> Vec<Option<Vec<f64>>> {
    let family = |item: &str| dataset.item(item).map(|i| i.family.as_str());
    let established = |item: &str| launch_bucket(dataset, item).unwrap_or(0) == 0;
    histories
        .keys()
        .map(|(item, location)| {
            if established(item) {
                return None;
            }
            let item_family = family(item)?;
            let siblings: Vec<&Vec<f64>> = histories
                .iter()
                .filter(|((other, other_location), _)| {
                    other != item
                        && other_location == location
                        && established(other)
                        && family(other) == Some(item_family)
                })
                .map(|(_, history)| history)
                .collect();
            let first = siblings.first()?;
            let count = siblings.len() as f64;
            Some(
                (0..first.len())
                    .map(|t| siblings.iter().map(|h| h[t]).sum::<f64>() / count)
                    .collect(),
            )
        })
        .collect()
}

/// The timeline bucket of an item's launch, if it has one on the calendar.
pub(crate) fn launch_bucket(dataset: &Dataset, item: &str) -> Option<usize> {
    let launch = dataset.item(item)?.launch.as_ref()?;
    dataset.calendar().parse_bucket(launch).ok()
}

/// WAPE of forecasting the last season of every history long enough (two seasons)
/// from the data before it, pooled over combinations: Σ|actual − forecast| ÷ Σ actual.
/// `None` when no history is long enough or the holdout sold nothing.
fn holdout_wape(method: ForecastMethod, histories: &[Vec<f64>], season: usize) -> Option<f64> {
    let (training, actuals): (Vec<Vec<f64>>, Vec<&[f64]>) = histories
        .iter()
        .filter(|history| history.len() >= 2 * season)
        .map(|history| {
            let split = history.len() - season;
            (history[..split].to_vec(), &history[split..])
        })
        .unzip();
    let config = AutoConfig {
        horizon: season,
        season_length: season,
        levels: Vec::new(),
        backtest_origins: 0,
        ..AutoConfig::default()
    };
    let forecasts = forecast_with(method, &training, &config);
    let (mut error, mut total) = (0.0, 0.0);
    for (actual, forecast) in actuals.iter().zip(&forecasts) {
        for (a, f) in actual.iter().zip(&forecast.point) {
            error += (a - f).abs();
            total += a;
        }
    }
    (total > 0.0).then(|| error / total)
}

/// Forecasts every history with `method`.
fn forecast_with(
    method: ForecastMethod,
    histories: &[Vec<f64>],
    config: &AutoConfig,
) -> Vec<SeriesForecast> {
    match method {
        ForecastMethod::Automatic => forecast_many(histories, config),
        ForecastMethod::SeasonalNaive => histories
            .iter()
            .map(|history| SeriesForecast {
                point: seasonal_naive(history, config.season_length, config.horizon),
                intervals: Vec::new(),
                method: "seasonal_naive".into(),
                parameters: vec![("season_length".into(), config.season_length as f64)],
                selection_reason: "seasonal naive chosen for the whole cycle".into(),
                demand_class: classify_demand(history).0,
                sigma_h: Vec::new(),
                backtest: Vec::new(),
                outliers: Vec::new(),
                history_cleansed: false,
            })
            .collect(),
    }
}

/// The key figures of the lower and upper bound of an interval level, if stored.
fn interval_figures(level: f64) -> Option<(KeyFigure, KeyFigure)> {
    if (level - 80.0).abs() < 1e-9 {
        Some((KeyFigure::ForecastLower80, KeyFigure::ForecastUpper80))
    } else if (level - 95.0).abs() < 1e-9 {
        Some((KeyFigure::ForecastLower95, KeyFigure::ForecastUpper95))
    } else {
        None
    }
}

/// Adds sales history and statistical forecast series, and the 80% and 95%
/// prediction intervals at item × location level (bounds do not add up, so
/// they are not rolled up to families or the total).
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
    for ((item, location), levels) in &output.intervals {
        for interval in levels {
            let Some((lower, upper)) = interval_figures(interval.level) else {
                continue;
            };
            series.add_values(
                SeriesKey::item_location(lower, item, location),
                &interval.lower,
            );
            series.add_values(
                SeriesKey::item_location(upper, item, location),
                &interval.upper,
            );
        }
    }
}
