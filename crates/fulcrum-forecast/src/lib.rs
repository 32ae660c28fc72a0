//! Fulcrum's statistical forecasting engine: pure Rust, no I/O.
//!
//! The entry points are [`forecast_auto`] for one series and [`forecast_many`]
//! for many (in parallel, results in input order). Each returns a
//! [`SeriesForecast`]: point forecasts, prediction intervals, the standard
//! deviation of h-step errors (for safety stock), the chosen method with its
//! parameters and the reason it was chosen, the demand class, and
//! rolling-origin backtest accuracy of every candidate model.
//!
//! The models are plain functions, one per method, in their modules:
//! [`simple`] (naive, seasonal naive, moving average, SES), [`ets`] (the ETS
//! state-space family, maximum likelihood, AICc), [`theta`] (standard,
//! optimised and dynamic Theta), [`arima`] (non-seasonal ARIMA with automatic
//! orders) and [`intermittent`] (Croston, SBA, TSB, ADIDA).
//!
//! ```
//! use fulcrum_forecast::{AutoConfig, forecast_auto};
//!
//! let history: Vec<f64> = (0..48).map(|t| 100.0 + t as f64 + [5.0, -5.0, 0.0, 2.0][t % 4]).collect();
//! let config = AutoConfig { horizon: 8, season_length: 4, ..AutoConfig::default() };
//! let fc = forecast_auto(&history, &config);
//! assert_eq!(fc.point.len(), 8);
//! assert_eq!(fc.intervals.len(), 2);
//! assert!(fc.intervals[1].lower[0] <= fc.point[0] && fc.point[0] <= fc.intervals[1].upper[0]);
//! ```

pub mod arima;
mod auto;
pub mod calibrate;
pub mod decompose;
pub mod ets;
pub mod intermittent;
pub mod metrics;
pub mod optim;
pub mod outliers;
pub mod reconcile;
pub mod simple;
pub mod stats;
pub mod theta;

use rayon::prelude::*;

pub use auto::{classify_demand, normal_quantile};

/// Settings of the automatic forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoConfig {
    /// Number of buckets to forecast.
    pub horizon: usize,
    /// Season length in buckets (12 monthly, 4 quarterly, 1 for none).
    pub season_length: usize,
    /// Prediction-interval levels in percent, e.g. `[80.0, 95.0]`.
    pub levels: Vec<f64>,
    /// Number of rolling backtest origins (0 disables backtesting).
    pub backtest_origins: usize,
    /// What to do with outliers of the history (always detected and recorded).
    pub outliers: OutlierHandling,
}

/// What the automatic forecast does with the outliers it detects
/// ([`outliers::cleanse`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutlierHandling {
    /// Record them in [`SeriesForecast::outliers`]; fit on the history as
    /// recorded. The default: cleansing made M3 monthly worse (see
    /// docs/forecasting.md).
    #[default]
    Flag,
    /// Record them and fit every model on the cleaned history.
    Cleanse,
}

impl Default for AutoConfig {
    fn default() -> Self {
        Self {
            horizon: 18,
            season_length: 12,
            levels: vec![80.0, 95.0],
            backtest_origins: 3,
            outliers: OutlierHandling::Flag,
        }
    }
}

/// A prediction interval at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Coverage level in percent (e.g. 95).
    pub level: f64,
    /// Lower bounds, one per horizon step.
    pub lower: Vec<f64>,
    /// Upper bounds, one per horizon step.
    pub upper: Vec<f64>,
}

/// Demand pattern by the Syntetos–Boylan–Croston classification (Syntetos,
/// Boylan & Croston, 2005), from the average inter-demand interval (ADI, cut-off
/// 1.32) and the squared coefficient of variation of demand sizes (CV², 0.49).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandClass {
    /// ADI < 1.32, CV² < 0.49.
    Smooth,
    /// ADI < 1.32, CV² ≥ 0.49.
    Erratic,
    /// ADI ≥ 1.32, CV² < 0.49.
    Intermittent,
    /// ADI ≥ 1.32, CV² ≥ 0.49.
    Lumpy,
}

impl DemandClass {
    /// Lower-case name for reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            DemandClass::Smooth => "smooth",
            DemandClass::Erratic => "erratic",
            DemandClass::Intermittent => "intermittent",
            DemandClass::Lumpy => "lumpy",
        }
    }
}

/// Backtest accuracy of one model over the rolling origins.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelAccuracy {
    /// Model name.
    pub method: String,
    /// Mean absolute percentage error, percent (non-zero actuals only).
    pub mape: f64,
    /// Weighted absolute percentage error `Σ|e|/Σ|y|`, percent.
    pub wape: f64,
    /// Symmetric MAPE, percent, 0–200 (M3 definition).
    pub smape: f64,
    /// Mean absolute scaled error (seasonal-naive in-sample scale).
    pub mase: f64,
    /// Root mean squared scaled error (one-step naive in-sample scale).
    pub rmsse: f64,
    /// Bias `Σ(ŷ−y)/Σ|y|`, percent; positive is over-forecasting.
    pub bias: f64,
}

/// The automatic forecast of one series.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesForecast {
    /// Point forecasts, one per horizon step.
    pub point: Vec<f64>,
    /// Prediction intervals, one per requested level, in the requested order.
    pub intervals: Vec<Interval>,
    /// The chosen method, e.g. `Combination(ETS(M,Ad,M), DOTM)`.
    pub method: String,
    /// The chosen method's estimated parameters.
    pub parameters: Vec<(String, f64)>,
    /// Why this method was chosen.
    pub selection_reason: String,
    /// Demand class of the history.
    pub demand_class: DemandClass,
    /// Standard deviation of h-step forecast errors, h = 1..=horizon.
    pub sigma_h: Vec<f64>,
    /// Rolling-origin backtest accuracy of each candidate model.
    pub backtest: Vec<ModelAccuracy>,
    /// Outliers detected in the history: position, value as recorded and
    /// cleaned value. Putting the originals back ([`outliers::Cleansing::restore`])
    /// gives the history as recorded.
    pub outliers: Vec<outliers::CleanedPoint>,
    /// Whether the models were fitted on the cleaned history
    /// ([`OutlierHandling::Cleanse`] and at least one outlier).
    pub history_cleansed: bool,
    /// The chosen model's backtest errors standardised by its own σ_h (before the
    /// `sigma_scale` of its parameters), with their horizon step (0 = one step
    /// ahead): what [`forecast_many`] pools across series to calibrate the intervals
    /// ([`calibrate`]). Empty without backtests.
    pub calibration_scores: Vec<(usize, f64)>,
}

/// Point forecast and one-step fitted values of one model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// Point forecasts, one per horizon step.
    pub forecast: Vec<f64>,
    /// One-step-ahead in-sample fitted values (NaN where undefined).
    pub fitted: Vec<f64>,
}

impl ModelFit {
    /// Zero forecast for an empty history.
    pub(crate) fn empty(horizon: usize) -> Self {
        Self {
            forecast: vec![0.0; horizon],
            fitted: Vec::new(),
        }
    }
}

/// Seasonal naive forecast: repeats the last full season of `history`.
///
/// With fewer than `season_length` observations, repeats the last observation;
/// with none, forecasts zero.
pub fn seasonal_naive(history: &[f64], season_length: usize, horizon: usize) -> Vec<f64> {
    simple::seasonal_naive_fit(history, season_length, horizon).forecast
}

/// Forecasts one series automatically: classifies the demand, detects
/// seasonality, fits the candidate models, backtests them on rolling origins,
/// and returns the chosen (possibly combined) forecast with intervals.
///
/// Never panics: an empty or all-zero history gives a zero forecast, a very
/// short one a naive forecast. Non-finite values are treated as missing and
/// replaced by the previous value (zero at the start).
pub fn forecast_auto(history: &[f64], config: &AutoConfig) -> SeriesForecast {
    auto::forecast_auto(history, config)
}

/// [`forecast_auto`] with an optional reference history of a like item (or a
/// family average), ending at the same bucket as `history`: an item without
/// history gets the reference's forecast (a like-item profile); an item with
/// less than two seasons of history gets the reference's seasonal profile
/// around its own level when the reference is seasonal. Without a usable
/// reference this is [`forecast_auto`].
pub fn forecast_with_reference(
    history: &[f64],
    reference: Option<&[f64]>,
    config: &AutoConfig,
) -> SeriesForecast {
    auto::forecast_with_reference(history, reference, config)
}

/// [`forecast_with_reference`] on every (history, reference) pair in parallel;
/// results in input order.
pub fn forecast_many_with_references(
    histories: &[Vec<f64>],
    references: &[Option<Vec<f64>>],
    config: &AutoConfig,
) -> Vec<SeriesForecast> {
    let mut forecasts: Vec<SeriesForecast> = histories
        .par_iter()
        .enumerate()
        .map(|(i, h)| {
            let reference = references.get(i).and_then(|r| r.as_deref());
            forecast_with_reference(h, reference, config)
        })
        .collect();
    calibrate::pooled(&mut forecasts, histories, config);
    forecasts
}

/// Runs [`forecast_auto`] on every history in parallel; the result is in the
/// same order as `histories` and identical to a sequential run.
pub fn forecast_many(histories: &[Vec<f64>], config: &AutoConfig) -> Vec<SeriesForecast> {
    let mut forecasts: Vec<SeriesForecast> = histories
        .par_iter()
        .map(|h| forecast_auto(h, config))
        .collect();
    calibrate::pooled(&mut forecasts, histories, config);
    forecasts
}
