//! Stage 1: the statistical forecast per item and location.
//!
//! History is sales summed over customers per (item, location). Items launched
//! during the history are forecast from their launch bucket on. Each combination is
//! forecast by `fulcrum_forecast::forecast_auto`, which classifies the demand, picks
//! a model by backtest and keeps why. The stage also measures the forecast the way a
//! planner would judge it: a one-year holdout (forecast the last twelve months of
//! history from the data before them) gives the WAPE KPI.
//!
//! # Reconciliation with the product hierarchy
//!
//! Item × DC forecasts on their own do not add up to a sensible family or company
//! forecast (each is fitted on a noisy series; the aggregates are smoother and
//! their seasons clearer). The stage therefore also forecasts every top-level
//! family (its items' sales summed over all DCs) and the company total with the
//! same engine, and reconciles the three levels (see [`reconcile`]):
//!
//! - **Method: WLS with one-step variance weights** (`W = diag(σ₁²)`, "wls_var"),
//!   i.e. the estimator of `fulcrum_forecast::reconcile::min_trace` with
//!   `MinTWeights::Variances`, computed through the Woodbury identity so that it
//!   stays linear in the number of item × DCs (`min_trace` solves a dense
//!   system per leaf)
//!   (Wickramasuriya, Athanasopoulos & Hyndman, 2019, "Optimal forecast
//!   reconciliation for hierarchical and grouped time series through trace
//!   minimization", *JASA* 114(526)). σ₁ is the node's model's one-step
//!   standard deviation, or the naive model's when the model gives none.
//! - **Why not MinT-shrink.** MinT-shrink needs the in-sample one-step residuals
//!   of every node to estimate their covariance. The demo has about 120 item × DC
//!   series plus families and total, but only 36 months of history (24 in the
//!   holdout): the sample covariance has rank at most T−1 < n, so it rests
//!   entirely on the Schäfer–Strimmer shrinkage, whose intensity is itself
//!   estimated from those few residuals; Wickramasuriya et al. (2019, §3–4) find
//!   WLS close to MinT-shrink and more robust when T is small relative to n. The
//!   engine also does not expose in-sample residuals of its combination models.
//!   WLS needs only one variance per node, which every model provides.
//! - **Non-negativity.** Reconciled values can be negative (a reconciled leaf is
//!   its base forecast plus a share of the families' and total's disagreement).
//!   Per horizon bucket and family: negative leaves are set to zero, the family's
//!   reconciled value is floored at zero, and the family's remaining leaves are
//!   scaled proportionally so that they add up to it again. Families and the total
//!   are then recomputed as sums of leaves, so Σ items = family and Σ families =
//!   total hold exactly (up to floating-point summation).
//! - **Intervals** of an item × DC are shifted by the change of its point forecast
//!   (lower bounds floored at zero); σ_h (used for safety stock) is unchanged.
//! - The one-year holdout WAPE is measured on the reconciled holdout forecast; the
//!   unreconciled figure is kept next to it ([`ForecastOutput::backtest_wape_unreconciled`]).
//!
//! Every `ForecastModelRecord` says so: the parameter `reconciled_wls = 1` and a
//! sentence in its reason with the horizon sum before and after.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ForecastAccuracy, ForecastModelRecord, KeyFigure, SeriesKey};
use fulcrum_forecast::{
    AutoConfig, DemandClass, Interval, SeriesForecast, classify_demand, forecast_many,
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
    /// Demand class of the history (Syntetos–Boylan–Croston), which decides whether
    /// the inventory policy treats the buffer as a slow mover.
    pub demand_class: DemandClass,
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
    /// The same holdout WAPE without reconciliation (item × DC forecasts as fitted).
    pub backtest_wape_unreconciled: Option<f64>,
    /// Reconciled and base forecasts of the top-level families and the total.
    pub reconciliation: Reconciliation,
}

/// Sales per (item, location) and history bucket.
pub fn sales_history(dataset: &Dataset) -> BTreeMap<BufferKey, Vec<f64>> {
    let calendar = dataset.calendar();
    // Keyed by the rows' own codes while summing, so a key is copied once, not per row.
    let mut history: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    for record in &dataset.sales {
        let Ok(bucket) = calendar.parse_bucket(&record.bucket) else {
            continue;
        };
        if bucket >= calendar.history_len() {
            continue;
        }
        history
            .entry((record.item.as_str(), record.location.as_str()))
            .or_insert_with(|| vec![0.0; calendar.history_len()])[bucket] += record.quantity;
    }
    history
        .into_iter()
        .map(|((item, location), values)| ((item.to_string(), location.to_string()), values))
        .collect()
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
    let leaf_family: Vec<LeafFamily> = histories
        .keys()
        .map(|(item, _)| top_family(dataset, item))
        .collect();
    let (backtest_wape_unreconciled, backtest_wape) =
        holdout_wape(method, &usable, &leaf_family, season);
    let points: Vec<Vec<f64>> = forecasts.iter().map(|f| f.point.clone()).collect();
    let sigmas: Vec<Vec<f64>> = forecasts.iter().map(|f| f.sigma_h.clone()).collect();
    let reconciliation = reconcile(&leaf_family, &usable, &points, &sigmas, &|nodes| {
        forecast_with(method, nodes, &config)
    });

    let mut combinations = BTreeMap::new();
    let mut models = Vec::with_capacity(forecasts.len());
    let mut intervals = BTreeMap::new();
    for (((key, history), mut forecast), (reconciled, family)) in histories
        .into_iter()
        .zip(forecasts)
        .zip(reconciliation.leaves.iter().zip(&leaf_family))
    {
        let base_sum: f64 = forecast.point.iter().sum();
        for interval in &mut forecast.intervals {
            for (h, (base, new)) in forecast.point.iter().zip(reconciled).enumerate() {
                let shift = new - base;
                if let Some(lower) = interval.lower.get_mut(h) {
                    *lower = (*lower + shift).max(0.0);
                }
                if let Some(upper) = interval.upper.get_mut(h) {
                    *upper = (*upper + shift).max(*new);
                }
            }
        }
        forecast.point.clone_from(reconciled);
        forecast
            .parameters
            .push(("reconciled_wls".to_string(), 1.0));
        forecast.selection_reason = format!(
            "{}; reconciled with {} and the company total by {} (Wickramasuriya, Athanasopoulos & Hyndman 2019): horizon sum {:.1} -> {:.1}",
            forecast.selection_reason,
            family
                .as_deref()
                .map_or("no family".to_string(), |f| format!("family {f}")),
            RECONCILIATION_METHOD,
            base_sum,
            reconciled.iter().sum::<f64>(),
        );
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
                demand_class: forecast.demand_class,
            },
        );
    }
    ForecastOutput {
        combinations,
        models,
        backtest_wape,
        intervals,
        backtest_wape_unreconciled,
        reconciliation,
    }
}

/// The top-level family of an item, if the dataset knows the item.
fn top_family(dataset: &Dataset, item: &str) -> LeafFamily {
    dataset
        .item(item)
        .map(|data| dataset.root_family(&data.family).to_string())
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
    // The established items' histories per (location, family), in history order: one
    // pass, not a scan of every history per launched item.
    let mut siblings: BTreeMap<(&str, &str), Vec<&Vec<f64>>> = BTreeMap::new();
    for ((item, location), history) in histories {
        if established(item)
            && let Some(item_family) = family(item)
        {
            siblings
                .entry((location.as_str(), item_family))
                .or_default()
                .push(history);
        }
    }
    // Each (location, family)'s average, computed once for all its launched items.
    let mut averages: BTreeMap<(&str, &str), Option<Vec<f64>>> = BTreeMap::new();
    histories
        .keys()
        .map(|(item, location)| {
            if established(item) {
                return None;
            }
            let group = (location.as_str(), family(item)?);
            averages
                .entry(group)
                .or_insert_with(|| {
                    let siblings = siblings.get(&group)?;
                    let first = siblings.first()?;
                    let count = siblings.len() as f64;
                    Some(
                        (0..first.len())
                            .map(|t| siblings.iter().map(|h| h[t]).sum::<f64>() / count)
                            .collect(),
                    )
                })
                .clone()
        })
        .collect()
}

/// The timeline bucket of an item's launch, if it has one on the calendar.
pub(crate) fn launch_bucket(dataset: &Dataset, item: &str) -> Option<usize> {
    let launch = dataset.item(item)?.launch.as_ref()?;
    dataset.calendar().parse_bucket(launch).ok()
}

/// WAPE of forecasting the last season of every history long enough (two seasons)
/// from the data before it, pooled over combinations: Σ|actual − forecast| ÷ Σ actual;
/// as forecast (first) and after reconciling the holdout forecasts with their
/// families and the total the way the stage does (second). `None` when no history
/// is long enough or the holdout sold nothing.
fn holdout_wape(
    method: ForecastMethod,
    histories: &[Vec<f64>],
    leaf_family: &[LeafFamily],
    season: usize,
) -> (Option<f64>, Option<f64>) {
    let mut training = Vec::new();
    let mut actuals: Vec<&[f64]> = Vec::new();
    let mut families = Vec::new();
    for (history, family) in histories.iter().zip(leaf_family) {
        if history.len() >= 2 * season {
            let split = history.len() - season;
            training.push(history[..split].to_vec());
            actuals.push(&history[split..]);
            families.push(family.clone());
        }
    }
    let config = AutoConfig {
        horizon: season,
        season_length: season,
        levels: Vec::new(),
        backtest_origins: 0,
        ..AutoConfig::default()
    };
    let forecasts = forecast_with(method, &training, &config);
    let points: Vec<Vec<f64>> = forecasts.iter().map(|f| f.point.clone()).collect();
    let sigmas: Vec<Vec<f64>> = forecasts.iter().map(|f| f.sigma_h.clone()).collect();
    let reconciled = reconcile(&families, &training, &points, &sigmas, &|nodes| {
        forecast_with(method, nodes, &config)
    });
    let wape = |points: &[Vec<f64>]| {
        let (mut error, mut total) = (0.0, 0.0);
        for (actual, forecast) in actuals.iter().zip(points) {
            for (a, f) in actual.iter().zip(forecast) {
                error += (a - f).abs();
                total += a;
            }
        }
        (total > 0.0).then(|| error / total)
    };
    (wape(&points), wape(&reconciled.leaves))
}

/// How the stage reconciles: the label recorded in every model's reason and
/// parameters.
pub const RECONCILIATION_METHOD: &str = "WLS (one-step variance weights), item×DC ↔ family ↔ total";

/// Where each leaf of the reconciliation hierarchy sits: its top-level family,
/// or `None` for an item the dataset does not know (it then hangs directly
/// under the total).
pub(crate) type LeafFamily = Option<String>;

/// The outcome of [`reconcile`]: coherent forecasts per node.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// Reconciled forecast per leaf, in input order.
    pub leaves: Vec<Vec<f64>>,
    /// Reconciled forecast per top-level family (the sum of its leaves).
    pub families: BTreeMap<String, Vec<f64>>,
    /// Base (unreconciled) forecast per top-level family, from its own history.
    pub family_base: BTreeMap<String, Vec<f64>>,
    /// Reconciled company total (the sum of the families and of leaves without one).
    pub total: Vec<f64>,
    /// Base forecast of the company total from its own history.
    pub total_base: Vec<f64>,
    /// Whether the weighted least-squares step ran; `false` when it could not
    /// (no leaves, or a singular system) and the leaves kept their base
    /// forecasts (bottom-up).
    pub weighted: bool,
}

/// One-step forecast-error variance of a node: `σ₁²` of its model when the model
/// gives one, else the mean squared one-step change of its history (the naive
/// model's), floored so that the weighting matrix stays positive definite.
fn one_step_variance(sigma_h: &[f64], history: &[f64]) -> f64 {
    let from_model = sigma_h
        .first()
        .map(|s| s * s)
        .filter(|v| v.is_finite() && *v > 0.0);
    let variance = from_model.unwrap_or_else(|| {
        let changes: Vec<f64> = history
            .windows(2)
            .map(|w| (w[1] - w[0]).powi(2))
            .filter(|v| v.is_finite())
            .collect();
        changes.iter().sum::<f64>() / changes.len().max(1) as f64
    });
    if variance.is_finite() && variance > 1e-9 {
        variance
    } else {
        1e-9
    }
}

/// Weighted least-squares reconciliation `ỹ = S (S′W⁻¹S)⁻¹ S′W⁻¹ ŷ` with a
/// diagonal `W` (the node variances) for a three-level hierarchy: node 0 is the
/// total, nodes `1..=F` (`F = families`) the families (children of the total), the rest leaves
/// (children of the total or of a family, as `parent` says). The same result as
/// `fulcrum_forecast::reconcile::min_trace` with `MinTWeights::Variances` (a
/// test checks it), but in O(leaves · F + F³) per bucket instead of a dense
/// solve per leaf, so thousands of item × DCs stay cheap: with
/// `D = diag(1/v_leaf)`, `U` the leaves' family and total indicator columns and
/// `C = diag(1/v_family, 1/v_total)`, `S′W⁻¹S = D + U C U′` and, by the Woodbury
/// identity, `(S′W⁻¹S)⁻¹ r = D⁻¹r − D⁻¹U (C⁻¹ + U′D⁻¹U)⁻¹ U′D⁻¹r`.
/// Returns every node's reconciled series, or `None` when the shapes do not
/// match or a variance is not positive.
// Buckets index several node vectors at once: a range loop reads best.
#[allow(clippy::needless_range_loop)]
fn wls_three_level(
    parent: &[Option<usize>],
    families: usize,
    base: &[Vec<f64>],
    variances: &[f64],
) -> Option<Vec<Vec<f64>>> {
    let nodes = parent.len();
    if base.len() != nodes || variances.len() != nodes || families >= nodes {
        return None;
    }
    if variances.iter().any(|v| !(v.is_finite() && *v > 0.0)) {
        return None;
    }
    let first_leaf = families + 1;
    // Inner system size: one column per family, then the total.
    let k = families + 1;
    let total_col = families;
    let column_of = |leaf_node: usize| -> Option<usize> {
        match parent[leaf_node] {
            Some(0) => None,
            Some(f) if (1..first_leaf).contains(&f) => Some(f - 1),
            _ => None,
        }
    };
    // M = C⁻¹ + U′D⁻¹U (arrowhead, symmetric positive definite).
    let mut m = vec![vec![0.0; k]; k];
    for f in 0..families {
        m[f][f] = variances[f + 1];
    }
    m[total_col][total_col] = variances[0];
    for (leaf, &v) in variances.iter().enumerate().skip(first_leaf) {
        m[total_col][total_col] += v;
        if let Some(f) = column_of(leaf) {
            m[f][f] += v;
            m[f][total_col] += v;
            m[total_col][f] += v;
        }
    }
    let factor = cholesky(&m)?;
    let horizon = base[0].len();
    let mut out = vec![vec![0.0; horizon]; nodes];
    for h in 0..horizon {
        let at = |node: usize| base[node].get(h).copied().unwrap_or(0.0);
        // z = D⁻¹ r with r = S′W⁻¹ŷ.
        let z: Vec<f64> = (first_leaf..nodes)
            .map(|leaf| {
                let mut r = at(leaf) / variances[leaf] + at(0) / variances[0];
                if let Some(f) = column_of(leaf) {
                    r += at(f + 1) / variances[f + 1];
                }
                variances[leaf] * r
            })
            .collect();
        let mut u_z = vec![0.0; k];
        for (i, leaf) in (first_leaf..nodes).enumerate() {
            u_z[total_col] += z[i];
            if let Some(f) = column_of(leaf) {
                u_z[f] += z[i];
            }
        }
        let y = cholesky_solve(&factor, &u_z);
        for (i, leaf) in (first_leaf..nodes).enumerate() {
            let mut correction = y[total_col];
            if let Some(f) = column_of(leaf) {
                correction += y[f];
            }
            let value = z[i] - variances[leaf] * correction;
            out[leaf][h] = value;
            out[0][h] += value;
            if let Some(f) = column_of(leaf) {
                out[f + 1][h] += value;
            }
        }
    }
    out.iter().flatten().all(|v| v.is_finite()).then_some(out)
}

/// Lower Cholesky factor of a symmetric positive definite matrix, or `None`.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - sum;
                if !(d.is_finite() && d > 0.0) {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Solves `L L′ x = b` given the lower Cholesky factor `L`.
fn cholesky_solve(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let n = l.len();
    let mut y = vec![0.0; n];
    for i in 0..n {
        let sum: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
        y[i] = (b[i] - sum) / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let sum: f64 = (i + 1..n).map(|k| l[k][i] * x[k]).sum();
        x[i] = (y[i] - sum) / l[i][i];
    }
    x
}

/// Reconciles leaf forecasts (item × DC) with forecasts of their top-level
/// families and of the company total.
///
/// `leaf_histories` are aligned at their end (a launched item's history may be
/// shorter); a family's history is the sum of its leaves' histories over all
/// DCs, the total's the sum of every leaf. Families and the total are forecast
/// with `forecast` (the same engine as the leaves); then every horizon step is
/// reconciled by weighted least squares (the estimator of
/// `fulcrum_forecast::reconcile::min_trace` with `W = diag(σ₁²)`, computed by
/// [`wls_three_level`] in time linear in the number of leaves), and negative values are set to zero and re-proportioned
/// (see the module documentation). The result is exactly coherent:
/// each family is the sum of its leaves and the total the sum of the families
/// (and of leaves without a family), summed in leaf order.
pub fn reconcile(
    leaf_family: &[LeafFamily],
    leaf_histories: &[Vec<f64>],
    leaf_forecasts: &[Vec<f64>],
    leaf_sigma: &[Vec<f64>],
    forecast: &dyn Fn(&[Vec<f64>]) -> Vec<SeriesForecast>,
) -> Reconciliation {
    let horizon = leaf_forecasts.first().map_or(0, Vec::len);
    let families: Vec<String> = leaf_family
        .iter()
        .flatten()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let family_index: BTreeMap<&str, usize> = families
        .iter()
        .enumerate()
        .map(|(i, f)| (f.as_str(), i))
        .collect();
    let length = leaf_histories.iter().map(Vec::len).max().unwrap_or(0);
    let add_aligned = |target: &mut Vec<f64>, history: &[f64]| {
        let offset = length - history.len();
        for (t, value) in history.iter().enumerate() {
            if value.is_finite() {
                target[offset + t] += value;
            }
        }
    };
    // Node histories: total, then the families.
    let mut node_histories = vec![vec![0.0; length]; families.len() + 1];
    for (family, history) in leaf_family.iter().zip(leaf_histories) {
        add_aligned(&mut node_histories[0], history);
        if let Some(f) = family.as_deref().and_then(|f| family_index.get(f)) {
            add_aligned(&mut node_histories[f + 1], history);
        }
    }
    let upper = forecast(&node_histories);
    let base_of = |node: usize| -> Vec<f64> {
        let mut point = upper.get(node).map(|f| f.point.clone()).unwrap_or_default();
        point.resize(horizon, 0.0);
        point
    };
    let total_base = base_of(0);
    let family_base: BTreeMap<String, Vec<f64>> = families
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), base_of(i + 1)))
        .collect();

    // The hierarchy: node 0 total, 1..=F families, then the leaves.
    let leaf_offset = families.len() + 1;
    let mut parent: Vec<Option<usize>> = vec![None];
    parent.extend((0..families.len()).map(|_| Some(0)));
    parent.extend(leaf_family.iter().map(|family| {
        Some(
            family
                .as_deref()
                .and_then(|f| family_index.get(f))
                .map_or(0, |f| f + 1),
        )
    }));
    let mut base: Vec<Vec<f64>> = (0..leaf_offset).map(base_of).collect();
    base.extend(leaf_forecasts.iter().map(|f| {
        let mut f = f.clone();
        f.resize(horizon, 0.0);
        f
    }));
    let mut variances: Vec<f64> = (0..leaf_offset)
        .map(|node| {
            let sigma = upper.get(node).map_or(&[][..], |f| f.sigma_h.as_slice());
            one_step_variance(sigma, &node_histories[node])
        })
        .collect();
    variances.extend(
        leaf_sigma
            .iter()
            .zip(leaf_histories)
            .map(|(sigma, history)| one_step_variance(sigma, history)),
    );
    let reconciled = (!leaf_forecasts.is_empty() && horizon > 0)
        .then(|| wls_three_level(&parent, families.len(), &base, &variances))
        .flatten();
    let weighted = reconciled.is_some();
    let mut leaves: Vec<Vec<f64>> = match &reconciled {
        Some(nodes) => nodes[leaf_offset..].to_vec(),
        None => base[leaf_offset..].to_vec(),
    };

    // Where the base forecasts already add up (e.g. a family of one item, whose
    // own forecast is its item's), the solve would only add rounding noise:
    // those buckets keep the base forecasts exactly.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    for h in 0..horizon {
        let mut family_sums = vec![0.0; families.len()];
        let mut unattached = 0.0;
        for (family, values) in leaf_family.iter().zip(&base[leaf_offset..]) {
            match family.as_deref().and_then(|f| family_index.get(f)) {
                Some(&f) => family_sums[f] += values[h],
                None => unattached += values[h],
            }
        }
        let coherent = family_sums
            .iter()
            .enumerate()
            .all(|(f, sum)| close(base[f + 1][h], *sum))
            && close(
                base[0][h],
                unattached + (1..leaf_offset).map(|f| base[f][h]).sum::<f64>(),
            );
        if coherent {
            for (j, leaf) in leaves.iter_mut().enumerate() {
                leaf[h] = base[leaf_offset + j][h];
            }
        }
    }

    // Non-negativity: per family (and for the leaves without one, each alone),
    // negative leaves are set to zero and the others re-proportioned so they
    // still add up to the family's reconciled value, itself floored at zero.
    for h in 0..horizon {
        for (f, family) in families.iter().enumerate() {
            let members: Vec<usize> = leaf_family
                .iter()
                .enumerate()
                .filter(|(_, lf)| lf.as_deref() == Some(family.as_str()))
                .map(|(j, _)| j)
                .collect();
            let target = reconciled
                .as_ref()
                .map_or(0.0, |nodes| nodes[f + 1][h])
                .max(0.0);
            let any_negative = members.iter().any(|&j| leaves[j][h] < 0.0);
            let family_negative = reconciled
                .as_ref()
                .is_some_and(|nodes| nodes[f + 1][h] < 0.0);
            if !any_negative && !family_negative {
                continue;
            }
            members
                .iter()
                .for_each(|&j| leaves[j][h] = leaves[j][h].max(0.0));
            let kept: f64 = members.iter().map(|&j| leaves[j][h]).sum();
            let scale = if kept > 0.0 { target / kept } else { 0.0 };
            members.iter().for_each(|&j| leaves[j][h] *= scale);
        }
        for (j, family) in leaf_family.iter().enumerate() {
            if family.is_none() || !leaves[j][h].is_finite() {
                leaves[j][h] = leaves[j][h].max(0.0);
            }
            if !leaves[j][h].is_finite() {
                leaves[j][h] = 0.0;
            }
        }
    }

    // Coherent sums, in leaf order.
    let mut family_sums: BTreeMap<String, Vec<f64>> = families
        .iter()
        .map(|f| (f.clone(), vec![0.0; horizon]))
        .collect();
    let mut unattached = vec![0.0; horizon];
    for (family, values) in leaf_family.iter().zip(&leaves) {
        let target = match family.as_deref().and_then(|f| family_sums.get_mut(f)) {
            Some(sum) => sum,
            None => &mut unattached,
        };
        target.iter_mut().zip(values).for_each(|(s, v)| *s += v);
    }
    let mut total = unattached;
    for values in family_sums.values() {
        total.iter_mut().zip(values).for_each(|(s, v)| *s += v);
    }
    Reconciliation {
        leaves,
        families: family_sums,
        family_base,
        total,
        total_base,
        weighted,
    }
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
                calibration_scores: Vec::new(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_forecast::reconcile::{Hierarchy, MinTWeights, min_trace};

    /// The Woodbury WLS equals the library's dense `min_trace` (two families,
    /// one leaf directly under the total, unequal variances, negative values).
    #[test]
    fn wls_three_level_matches_min_trace() {
        let parent = vec![
            None,
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(2),
            Some(2),
            Some(2),
            Some(0),
        ];
        let base: Vec<Vec<f64>> = vec![
            vec![100.0, 90.0, -5.0],
            vec![40.0, 35.0, 2.0],
            vec![55.0, 60.0, 1.0],
            vec![18.0, 14.0, -3.0],
            vec![25.0, 20.0, 1.0],
            vec![10.0, 30.0, 0.5],
            vec![20.0, 15.0, 0.0],
            vec![30.0, 5.0, 2.0],
            vec![4.0, 3.0, 1.0],
        ];
        let variances = vec![50.0, 20.0, 30.0, 4.0, 9.0, 2.5, 6.0, 12.0, 1.0];
        let fast = wls_three_level(&parent, 2, &base, &variances).expect("solved");
        let hierarchy = Hierarchy::new(parent).expect("hierarchy");
        let dense =
            min_trace(&hierarchy, &base, &MinTWeights::Variances(variances)).expect("solved");
        for (node, (a, b)) in fast.iter().zip(&dense).enumerate() {
            for (h, (x, y)) in a.iter().zip(b).enumerate() {
                assert!((x - y).abs() < 1e-9, "node {node} bucket {h}: {x} vs {y}");
            }
        }
    }

    #[test]
    fn wls_three_level_rejects_bad_variances() {
        let parent = vec![None, Some(0)];
        let base = vec![vec![1.0], vec![1.0]];
        assert!(wls_three_level(&parent, 0, &base, &[1.0, 0.0]).is_none());
        assert!(wls_three_level(&parent, 0, &base, &[1.0]).is_none());
        assert!(wls_three_level(&parent, 2, &base, &[1.0, 1.0]).is_none());
    }
}
