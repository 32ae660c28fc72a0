//! Automatic model choice per series: classification, candidate models,
//! rolling-origin backtests, selection, intervals.

use crate::decompose::{SEASONAL_F_TEST_LEVEL, is_seasonal, regression_seasonal_indices};
use crate::ets::{EtsFit, EtsFitConfig, EtsSpec, auto_ets, fit_ets};
use crate::intermittent::{adida, croston, sba, sizes_and_intervals, tsb};
use crate::metrics::ErrorAccumulator;
use crate::outliers::{Cleansing, Seasonality, cleanse};
use crate::simple::{moving_average, naive, seasonal_naive_fit};
use crate::theta::{ThetaKind, fit_theta};
use crate::{
    AutoConfig, DemandClass, Interval, ModelAccuracy, ModelFit, OutlierHandling, SeriesForecast,
};

/// Optimiser settings for ETS inside the automatic forecast: looser than
/// [`EtsFitConfig::default`]; on M3 monthly the forecasts' sMAPE is unchanged
/// to two decimals while fitting takes half the time.
const AUTO_ETS_CONFIG: EtsFitConfig = EtsFitConfig {
    max_evals: 500,
    rel_tol: 1e-5,
    restarts: 0,
};
/// Syntetos–Boylan cut-off on the average inter-demand interval.
const ADI_CUTOFF: f64 = 1.32;
/// Syntetos–Boylan cut-off on the squared coefficient of variation of sizes.
const CV2_CUTOFF: f64 = 0.49;
/// Smoothing weight of the intermittent methods (the classic 0.1).
const INTERMITTENT_ALPHA: f64 = 0.1;
/// Below this many observations only naive methods are used.
const MIN_MODEL_HISTORY: usize = 8;
/// A single model replaces the combination only when its backtest MASE is at
/// least this much lower (relative), since combinations are more robust than
/// any one noisy backtest (Makridakis et al., M4, 2020).
const SWITCH_MARGIN: f64 = 0.2;

/// Classifies demand by ADI and CV² (Syntetos, Boylan & Croston, 2005).
/// Returns the class, the ADI (mean inter-demand interval, ∞ without demand)
/// and the CV² of the non-zero demand sizes.
pub fn classify_demand(history: &[f64]) -> (DemandClass, f64, f64) {
    let (sizes, _) = sizes_and_intervals(history);
    if sizes.is_empty() {
        return (DemandClass::Intermittent, f64::INFINITY, 0.0);
    }
    let adi = history.len() as f64 / sizes.len() as f64;
    let mean = sizes.iter().sum::<f64>() / sizes.len() as f64;
    let var = sizes.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / sizes.len() as f64;
    let cv2 = if mean.abs() > 0.0 {
        var / (mean * mean)
    } else {
        0.0
    };
    let class = match (adi >= ADI_CUTOFF, cv2 >= CV2_CUTOFF) {
        (false, false) => DemandClass::Smooth,
        (false, true) => DemandClass::Erratic,
        (true, false) => DemandClass::Intermittent,
        (true, true) => DemandClass::Lumpy,
    };
    (class, adi, cv2)
}

/// Inverse of the standard normal CDF (Acklam's rational approximation,
/// relative error below 1.2e-9), for `0 < p < 1`.
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    let p_low = 0.02425;
    if p < p_low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - p_low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// A way of producing a forecast from a training history; re-run on every
/// backtest origin.
#[derive(Debug, Clone, PartialEq)]
enum Recipe {
    Zero,
    Naive,
    SeasonalNaive,
    MovingAverage(usize),
    Ets {
        spec: EtsSpec,
        deseasonalise: bool,
    },
    Theta {
        kind: ThetaKind,
        deseasonalise: bool,
    },
    Croston,
    Sba,
    Tsb,
    Adida,
    Combination(Vec<Recipe>),
}

/// A model's output on one training history.
#[derive(Debug, Clone)]
struct Output {
    name: String,
    point: Vec<f64>,
    sigma: Vec<f64>,
    parameters: Vec<(String, f64)>,
}

fn residual_sigma(history: &[f64], fitted: &[f64]) -> f64 {
    let residuals: Vec<f64> = history
        .iter()
        .zip(fitted)
        .filter(|(_, f)| f.is_finite())
        .map(|(y, f)| y - f)
        .collect();
    if residuals.is_empty() {
        return 0.0;
    }
    (residuals.iter().map(|r| r * r).sum::<f64>() / residuals.len() as f64).sqrt()
}

/// σ_h for methods whose forecast is a flat smoothed level with weight α:
/// `σ sqrt(1 + (h−1) α²)`.
fn flat_sigma(sigma: f64, alpha: f64, horizon: usize) -> Vec<f64> {
    (1..=horizon)
        .map(|h| sigma * (1.0 + (h as f64 - 1.0) * alpha * alpha).sqrt())
        .collect()
}

fn simple_output(name: &str, fit: ModelFit, history: &[f64], alpha: f64) -> Output {
    let sigma = residual_sigma(history, &fit.fitted);
    let horizon = fit.forecast.len();
    Output {
        name: name.to_string(),
        sigma: flat_sigma(sigma, alpha, horizon),
        point: fit.forecast,
        parameters: Vec::new(),
    }
}

/// Seasonal adjustment before non-seasonal models, as in the Theta method and
/// the M4 benchmarks: multiplicative for strictly positive data unless an
/// index falls below 0.01, else additive. The indices are those of a linear
/// trend + seasonal dummy regression shrunk by James–Stein
/// ([`regression_seasonal_indices`]; Miller & Williams, 2003).
#[derive(Debug, Clone)]
struct SeasonalAdjustment {
    indices: Option<Vec<f64>>,
    multiplicative: bool,
}

impl SeasonalAdjustment {
    fn new(y: &[f64], m: usize, deseasonalise: bool) -> Self {
        let none = Self {
            indices: None,
            multiplicative: false,
        };
        if !deseasonalise || m < 2 || y.len() < 2 * m {
            return none;
        }
        let positive = y.iter().all(|v| *v > 0.0);
        if positive
            && let Some(indices) = regression_seasonal_indices(y, m, true)
            && indices.iter().all(|s| *s >= 0.01)
        {
            return Self {
                indices: Some(indices),
                multiplicative: true,
            };
        }
        match regression_seasonal_indices(y, m, false) {
            Some(indices) => Self {
                indices: Some(indices),
                multiplicative: false,
            },
            None => none,
        }
    }

    fn adjust(&self, y: &[f64]) -> Vec<f64> {
        let Some(indices) = &self.indices else {
            return y.to_vec();
        };
        let m = indices.len();
        y.iter()
            .enumerate()
            .map(|(t, v)| {
                if self.multiplicative {
                    v / indices[t % m]
                } else {
                    v - indices[t % m]
                }
            })
            .collect()
    }

    /// Puts the season back on a forecast of the adjusted series. The
    /// residual σ of a model of the adjusted series ignores that `m − 1`
    /// seasonal effects were estimated from the same `n` observations; its
    /// variance is scaled by the degrees-of-freedom correction `n / (n − m + 1)`
    /// (as `RSS/(n − p)` for a regression with `p` parameters).
    fn reseason(&self, n: usize, point: &mut [f64], sigma: &mut [f64]) {
        let Some(indices) = &self.indices else {
            return;
        };
        let m = indices.len();
        let dof_factor = if n > m {
            (n as f64 / (n + 1 - m) as f64).sqrt()
        } else {
            1.0
        };
        for (h, (p, s)) in point.iter_mut().zip(sigma.iter_mut()).enumerate() {
            let index = indices[(n + h) % m];
            *s *= dof_factor;
            if self.multiplicative {
                *p *= index;
                *s *= index;
            } else {
                *p += index;
            }
        }
    }

    fn name(&self, base: &str) -> String {
        match (&self.indices, self.multiplicative) {
            (None, _) => base.to_string(),
            (Some(_), true) => format!("{base}[seasonally adjusted, mult]"),
            (Some(_), false) => format!("{base}[seasonally adjusted, add]"),
        }
    }
}

fn run_recipe(recipe: &Recipe, y: &[f64], m: usize, horizon: usize) -> Option<Output> {
    run_recipe_with(recipe, y, m, horizon, None)
}

/// [`run_recipe`], where `known` is the ETS fit already made on this `y`'s seasonal
/// adjustment (`SeasonalAdjustment::new(y, m, deseasonalise)`) with
/// `AUTO_ETS_CONFIG`: an ETS recipe of its spec and that adjustment (alone or in a
/// combination) uses it instead of fitting the same model again (the fit is a pure
/// function of those inputs, so the output is the same).
fn run_recipe_with(
    recipe: &Recipe,
    y: &[f64],
    m: usize,
    horizon: usize,
    known: Option<(&EtsFit, bool)>,
) -> Option<Output> {
    let n = y.len();
    match recipe {
        Recipe::Zero => Some(Output {
            name: "Zero".into(),
            point: vec![0.0; horizon],
            sigma: vec![0.0; horizon],
            parameters: Vec::new(),
        }),
        Recipe::Naive => {
            let fit = naive(y, horizon);
            let sigma = residual_sigma(y, &fit.fitted);
            Some(Output {
                name: "Naive".into(),
                sigma: (1..=horizon).map(|h| sigma * (h as f64).sqrt()).collect(),
                point: fit.forecast,
                parameters: Vec::new(),
            })
        }
        Recipe::SeasonalNaive => {
            if m <= 1 || n < m {
                return None;
            }
            let fit = seasonal_naive_fit(y, m, horizon);
            let sigma = residual_sigma(y, &fit.fitted);
            Some(Output {
                name: "SeasonalNaive".into(),
                sigma: (1..=horizon)
                    .map(|h| sigma * (((h - 1) / m + 1) as f64).sqrt())
                    .collect(),
                point: fit.forecast,
                parameters: vec![("season_length".into(), m as f64)],
            })
        }
        Recipe::MovingAverage(window) => {
            let fit = moving_average(y, *window, horizon);
            let sigma = residual_sigma(y, &fit.fitted);
            let w = (*window).clamp(1, n.max(1)) as f64;
            Some(Output {
                name: format!("MovingAverage({window})"),
                sigma: vec![sigma * (1.0 + 1.0 / w).sqrt(); horizon],
                point: fit.forecast,
                parameters: vec![("window".into(), w)],
            })
        }
        Recipe::Ets {
            spec,
            deseasonalise,
        } => {
            let adjustment = SeasonalAdjustment::new(y, m, *deseasonalise);
            let refit;
            let fit = match known {
                Some((fit, adjusted_as)) if fit.spec == *spec && adjusted_as == *deseasonalise => {
                    fit
                }
                _ => {
                    refit = fit_ets(&adjustment.adjust(y), spec, &AUTO_ETS_CONFIG)?;
                    &refit
                }
            };
            let mut point = fit.forecast(horizon);
            let mut sigma = fit.sigma_h(horizon);
            adjustment.reseason(n, &mut point, &mut sigma);
            Some(Output {
                name: adjustment.name(&spec.name()),
                point,
                sigma,
                parameters: fit.named_parameters(),
            })
        }
        Recipe::Theta {
            kind,
            deseasonalise,
        } => {
            let adjustment = SeasonalAdjustment::new(y, m, *deseasonalise);
            let adjusted = adjustment.adjust(y);
            let fit = fit_theta(&adjusted, *kind, horizon)?;
            let mut point = fit.forecast.clone();
            let mut sigma = fit.sigma_h(horizon);
            adjustment.reseason(n, &mut point, &mut sigma);
            Some(Output {
                name: adjustment.name(kind.name()),
                point,
                sigma,
                parameters: vec![
                    ("alpha".into(), fit.alpha),
                    ("theta".into(), fit.theta),
                    ("l0".into(), fit.initial_level),
                ],
            })
        }
        Recipe::Croston => Some(simple_output(
            "Croston",
            croston(y, INTERMITTENT_ALPHA, horizon),
            y,
            INTERMITTENT_ALPHA,
        )),
        Recipe::Sba => Some(simple_output(
            "SBA",
            sba(y, INTERMITTENT_ALPHA, horizon),
            y,
            INTERMITTENT_ALPHA,
        )),
        Recipe::Tsb => Some(simple_output(
            "TSB",
            tsb(y, INTERMITTENT_ALPHA, INTERMITTENT_ALPHA, horizon),
            y,
            INTERMITTENT_ALPHA,
        )),
        Recipe::Adida => {
            let fit = adida(y, INTERMITTENT_ALPHA, horizon);
            // ADIDA has no one-step fitted values: use the SBA residual scale.
            let reference = sba(y, INTERMITTENT_ALPHA, horizon);
            let sigma = residual_sigma(y, &reference.fitted);
            Some(Output {
                name: "ADIDA".into(),
                sigma: flat_sigma(sigma, INTERMITTENT_ALPHA, horizon),
                point: fit.forecast,
                parameters: Vec::new(),
            })
        }
        Recipe::Combination(parts) => {
            let outputs: Vec<Output> = parts
                .iter()
                .filter_map(|r| run_recipe_with(r, y, m, horizon, known))
                .collect();
            if outputs.is_empty() {
                return None;
            }
            let k = outputs.len() as f64;
            let point = (0..horizon)
                .map(|h| outputs.iter().map(|o| o.point[h]).sum::<f64>() / k)
                .collect();
            // Components' errors are strongly correlated: averaging their σ_h
            // is the perfectly-correlated (conservative) bound.
            let sigma = (0..horizon)
                .map(|h| outputs.iter().map(|o| o.sigma[h]).sum::<f64>() / k)
                .collect();
            let name = format!(
                "Combination({})",
                outputs
                    .iter()
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let parameters = outputs
                .iter()
                .flat_map(|o| {
                    o.parameters
                        .iter()
                        .map(move |(p, v)| (format!("{}.{p}", o.name), *v))
                })
                .collect();
            Some(Output {
                name,
                point,
                sigma,
                parameters,
            })
        }
    }
}

/// Replaces non-finite values by the previous value (zero at the start).
fn clean_history(history: &[f64]) -> Vec<f64> {
    let mut previous = 0.0;
    history
        .iter()
        .map(|&v| {
            if v.is_finite() {
                previous = v;
                v
            } else {
                previous
            }
        })
        .collect()
}

/// How far a model's backtest errors stray from the σ_h it states: the sum of
/// squared standardised errors `((actual − forecast) / σ_h)²` and their count.
#[derive(Debug, Clone, Default, PartialEq)]
struct Calibration {
    sum_z2: f64,
    count: usize,
    /// Every standardised error with its horizon step (0 = one step ahead).
    scores: Vec<(usize, f64)>,
}

/// Prior weight, in standardised errors with `z² = 1`, of the model's own σ_h
/// against its backtest errors (see [`Calibration::scale`]). Chosen on M3 only.
const CALIBRATION_PRIOR: f64 = 8.0;

/// The σ scale is kept within this factor of the model's own in either direction.
const CALIBRATION_LIMIT: f64 = 4.0;

impl Calibration {
    fn add(&mut self, point: &[f64], sigma: &[f64], actual: &[f64]) {
        for (step, ((&f, &s), &a)) in point.iter().zip(sigma).zip(actual).enumerate() {
            if s > 0.0 && s.is_finite() && f.is_finite() && a.is_finite() {
                let z = (a - f) / s;
                self.sum_z2 += z * z;
                self.count += 1;
                self.scores.push((step, z));
            }
        }
    }

    /// The factor that makes the model's σ_h agree with its backtest errors,
    /// shrunk towards 1: `sqrt((k + Σz²) / (k + count))` with prior weight
    /// `k` = [`CALIBRATION_PRIOR`], within [1/4, 4]. An empirical (out-of-sample)
    /// variance correction in the spirit of conformal calibration: the stated σ of
    /// ETS and Theta come from in-sample one-step errors and are too narrow on
    /// real data (M1 monthly 80% intervals covered 70%). `None` without errors.
    fn scale(&self) -> Option<f64> {
        if self.count == 0 || !self.sum_z2.is_finite() {
            return None;
        }
        let k = CALIBRATION_PRIOR;
        let scale = ((k + self.sum_z2) / (k + self.count as f64)).sqrt();
        Some(scale.clamp(1.0 / CALIBRATION_LIMIT, CALIBRATION_LIMIT))
    }
}

/// Rolling-origin backtest of every candidate: origins `n − hb − j`,
/// `j = 0..origins`, each evaluated on up to `hb` following buckets. A
/// combination whose members are also candidates reuses their forecasts.
fn backtest_all(
    candidates: &[Recipe],
    y: &[f64],
    m: usize,
    hb: usize,
    origins: &[usize],
) -> Vec<Option<(ErrorAccumulator, Calibration)>> {
    let mut accumulators: Vec<Option<(ErrorAccumulator, Calibration)>> =
        vec![Some((ErrorAccumulator::default(), Calibration::default())); candidates.len()];
    if origins.is_empty() {
        return vec![None; candidates.len()];
    }
    for &origin in origins {
        let train = &y[..origin];
        let actual = &y[origin..(origin + hb).min(y.len())];
        let mut points: Vec<Option<Vec<f64>>> = vec![None; candidates.len()];
        let mut sigmas: Vec<Option<Vec<f64>>> = vec![None; candidates.len()];
        // Single models first, then combinations from their members.
        for (idx, recipe) in candidates.iter().enumerate() {
            if !matches!(recipe, Recipe::Combination(_)) {
                if let Some(output) = run_recipe(recipe, train, m, actual.len()) {
                    points[idx] = Some(output.point);
                    sigmas[idx] = Some(output.sigma);
                }
            }
        }
        for (idx, recipe) in candidates.iter().enumerate() {
            let Recipe::Combination(parts) = recipe else {
                continue;
            };
            let members: Option<Vec<(Vec<f64>, Vec<f64>)>> = parts
                .iter()
                .map(|part| {
                    let pos = candidates.iter().position(|c| c == part)?;
                    Some((points[pos].clone()?, sigmas[pos].clone()?))
                })
                .collect();
            // The combination's σ is its members' mean, as in `run_recipe`.
            let (point, sigma) = match members {
                Some(members) if !members.is_empty() => {
                    let k = members.len() as f64;
                    let mean_point = (0..actual.len())
                        .map(|h| members.iter().map(|m| m.0[h]).sum::<f64>() / k)
                        .collect();
                    let mean_sigma = (0..actual.len())
                        .map(|h| members.iter().map(|m| m.1[h]).sum::<f64>() / k)
                        .collect();
                    (Some(mean_point), Some(mean_sigma))
                }
                _ => match run_recipe(recipe, train, m, actual.len()) {
                    Some(output) => (Some(output.point), Some(output.sigma)),
                    None => (None, None),
                },
            };
            points[idx] = point;
            sigmas[idx] = sigma;
        }
        for (idx, point) in points.iter().enumerate() {
            match point {
                Some(point) => {
                    if let Some((acc, calibration)) = accumulators[idx].as_mut() {
                        acc.add(train, point, actual, m);
                        if let Some(sigma) = &sigmas[idx] {
                            calibration.add(point, sigma, actual);
                        }
                    }
                }
                None => accumulators[idx] = None,
            }
        }
    }
    accumulators
}

fn accuracy(name: &str, acc: &ErrorAccumulator) -> ModelAccuracy {
    ModelAccuracy {
        method: name.to_string(),
        mape: acc.mape(),
        wape: acc.wape(),
        smape: acc.smape(),
        mase: acc.mase(),
        rmsse: acc.rmsse(),
        bias: acc.bias(),
    }
}

fn finish(
    out: Output,
    reason: String,
    class: DemandClass,
    config: &AutoConfig,
    backtest: Vec<ModelAccuracy>,
    non_negative: bool,
) -> SeriesForecast {
    let intervals = config
        .levels
        .iter()
        .map(|&level| {
            let z = normal_quantile(0.5 + level.clamp(0.0, 99.999) / 200.0);
            let lower = out
                .point
                .iter()
                .zip(&out.sigma)
                .map(|(p, s)| {
                    let lo = p - z * s;
                    if non_negative { lo.max(0.0) } else { lo }
                })
                .collect();
            let upper = out
                .point
                .iter()
                .zip(&out.sigma)
                .map(|(p, s)| p + z * s)
                .collect();
            Interval {
                level,
                lower,
                upper,
            }
        })
        .collect();
    SeriesForecast {
        point: out.point,
        intervals,
        method: out.name,
        parameters: out.parameters,
        selection_reason: reason,
        demand_class: class,
        sigma_h: out.sigma,
        backtest,
        outliers: Vec::new(),
        history_cleansed: false,
        calibration_scores: Vec::new(),
    }
}

pub(crate) fn forecast_auto(history: &[f64], config: &AutoConfig) -> SeriesForecast {
    let y = clean_history(history);
    let horizon = config.horizon;
    let m = config.season_length.max(1);
    let n = y.len();
    let non_negative = y.iter().all(|v| *v >= 0.0);
    let (class, adi, cv2) = classify_demand(&y);
    let zero = || run_recipe(&Recipe::Zero, &y, m, horizon);
    if n == 0 {
        let out = zero().unwrap_or_else(|| unreachable_output(horizon));
        return finish(
            out,
            "empty history: zero forecast".into(),
            class,
            config,
            Vec::new(),
            true,
        );
    }
    if y.iter().all(|v| *v == 0.0) {
        let out = zero().unwrap_or_else(|| unreachable_output(horizon));
        return finish(
            out,
            "all-zero history: zero forecast".into(),
            class,
            config,
            Vec::new(),
            true,
        );
    }
    if n < MIN_MODEL_HISTORY {
        let out = run_recipe(&Recipe::Naive, &y, m, horizon)
            .unwrap_or_else(|| unreachable_output(horizon));
        let reason =
            format!("short history ({n} < {MIN_MODEL_HISTORY} observations): naive forecast");
        return finish(out, reason, class, config, Vec::new(), non_negative);
    }

    let intermittent = matches!(class, DemandClass::Intermittent | DemandClass::Lumpy);
    let seasonal = !intermittent && is_seasonal(&y, m);
    // CV² of a seasonal series mostly measures its season: classify the
    // seasonally adjusted sizes (the class is then about the noise that is
    // left, which is what the label should tell a planner).
    let (class, cv2) = if seasonal {
        let adjusted = SeasonalAdjustment::new(&y, m, true).adjust(&y);
        let (adjusted_class, _, adjusted_cv2) = classify_demand(&adjusted);
        match adjusted_class {
            DemandClass::Smooth | DemandClass::Erratic => (adjusted_class, adjusted_cv2),
            _ => (class, cv2),
        }
    } else {
        (class, cv2)
    };
    // Outliers: always detected and recorded; the models see the cleaned
    // history only when the configuration asks for it.
    let cleansing = if intermittent {
        Cleansing {
            cleaned: y.clone(),
            points: Vec::new(),
        }
    } else {
        let adjustment = SeasonalAdjustment::new(&y, m, seasonal);
        let seasonality = match (&adjustment.indices, adjustment.multiplicative) {
            (None, _) => Seasonality::None,
            (Some(indices), true) => Seasonality::Multiplicative(indices),
            (Some(indices), false) => Seasonality::Additive(indices),
        };
        cleanse(&y, seasonality)
    };
    let cleanse_history =
        config.outliers == OutlierHandling::Cleanse && !cleansing.points.is_empty();
    let outlier_note = if cleansing.points.is_empty() {
        String::new()
    } else {
        format!(
            "; {} outlier(s) at bucket(s) {} ({})",
            cleansing.points.len(),
            cleansing
                .points
                .iter()
                .map(|p| p.index.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if cleanse_history {
                "cleansed before fitting"
            } else {
                "flagged, not cleansed"
            }
        )
    };
    let y = if cleanse_history {
        cleansing.cleaned.clone()
    } else {
        y
    };
    let mut reason = if intermittent {
        format!(
            "{} demand (ADI {adi:.2} ≥ {ADI_CUTOFF}, CV² {cv2:.2})",
            class.as_str()
        )
    } else {
        format!(
            "{} demand (ADI {adi:.2}, CV² {cv2:.2}); {}",
            class.as_str(),
            if seasonal {
                format!(
                    "seasonal at lag {m} (ACF test at 90% or seasonal-dummy F test at {:.0}%; \
                     CV² of the seasonally adjusted series)",
                    SEASONAL_F_TEST_LEVEL * 100.0
                )
            } else {
                "no seasonality detected".into()
            }
        )
    };

    reason.push_str(&outlier_note);

    // Candidates: the first one is the default choice.
    let mut candidates: Vec<Recipe> = Vec::new();
    // The ETS member's fit on the whole (adjusted) history, for the final forecast.
    let mut ets_fit = None;
    if intermittent {
        candidates.extend([
            Recipe::Sba,
            Recipe::Croston,
            Recipe::Tsb,
            Recipe::Adida,
            Recipe::MovingAverage(m.max(3)),
        ]);
    } else {
        let adjustment = SeasonalAdjustment::new(&y, m, seasonal);
        let adjusted = adjustment.adjust(&y);
        ets_fit = auto_ets(&adjusted, 1, false, &AUTO_ETS_CONFIG);
        let ets = ets_fit.as_ref().map(|f| f.spec);
        let dotm = Recipe::Theta {
            kind: ThetaKind::DynamicOptimised,
            deseasonalise: seasonal,
        };
        let stm = Recipe::Theta {
            kind: ThetaKind::Standard,
            deseasonalise: seasonal,
        };
        let dstm = Recipe::Theta {
            kind: ThetaKind::DynamicStandard,
            deseasonalise: seasonal,
        };
        let mut parts = Vec::new();
        if let Some(spec) = ets {
            parts.push(Recipe::Ets {
                spec,
                deseasonalise: seasonal,
            });
            reason.push_str(&format!("; AICc chose {} for the ETS member", spec.name()));
        }
        parts.push(dotm);
        parts.push(stm);
        parts.push(dstm);
        candidates.push(Recipe::Combination(parts.clone()));
        candidates.extend(parts);
        // Benchmarks for the planner: seasonal naive whenever two seasons exist
        // (even when no seasonality was detected), naive for non-seasonal series.
        if m > 1 && n >= 2 * m {
            candidates.push(Recipe::SeasonalNaive);
        }
        if !seasonal {
            candidates.push(Recipe::Naive);
        }
    }

    // Rolling-origin backtest.
    let hb = horizon.min((n / 4).max(1)).max(1);
    let min_train = if seasonal {
        2 * m + 2
    } else {
        MIN_MODEL_HISTORY
    };
    let origins: Vec<usize> = (0..config.backtest_origins)
        .filter_map(|j| n.checked_sub(hb + j))
        .filter(|&o| o >= min_train)
        .collect();
    let mut scores: Vec<(usize, f64)> = Vec::new();
    let mut table = Vec::new();
    let mut calibrations: Vec<Option<Calibration>> = vec![None; candidates.len()];
    for (idx, acc) in backtest_all(&candidates, &y, m, hb, &origins)
        .into_iter()
        .enumerate()
    {
        let Some((acc, calibration)) = acc else {
            continue;
        };
        calibrations[idx] = Some(calibration);
        table.push(accuracy(&recipe_name(&candidates[idx], &y, m), &acc));
        let score = acc.mase();
        let score = if score.is_finite() { score } else { acc.wape() };
        if score.is_finite() {
            scores.push((idx, score));
        }
    }
    let mut chosen = 0;
    if intermittent {
        if let Some(&(_, default_score)) = scores.iter().find(|(idx, _)| *idx == 0) {
            let best = scores
                .iter()
                .fold(None::<(usize, f64)>, |best, &(idx, s)| match best {
                    Some((_, bs)) if bs <= s => best,
                    _ => Some((idx, s)),
                });
            if let Some((best_idx, best_score)) = best
                && best_idx != 0
                && best_score < default_score * (1.0 - SWITCH_MARGIN)
            {
                chosen = best_idx;
                reason.push_str(&format!(
                    "; {} chosen: backtest MASE {best_score:.3} beats SBA's {default_score:.3} by more than {:.0}%",
                    recipe_name(&candidates[best_idx], &y, m),
                    SWITCH_MARGIN * 100.0
                ));
            }
        }
        if chosen == 0 {
            reason.push_str("; SBA (bias-corrected Croston) kept as the default");
        }
    } else {
        reason.push_str(
            "; equal-weight combination of its members, which beats every member on M3 \
             (see docs/forecasting.md); member backtests are reported for comparison",
        );
    }
    let known = ets_fit.as_ref().map(|fit| (fit, seasonal));
    let calibration = run_recipe_with(&candidates[chosen], &y, m, horizon, known)
        .map(|out| (out, calibrations[chosen].as_ref()));
    let (mut out, calibration) = calibration
        .map(|(out, calibration)| (out, calibration.cloned()))
        .or_else(|| {
            candidates
                .iter()
                .find_map(|r| run_recipe(r, &y, m, horizon))
                .map(|out| (out, None))
        })
        .or_else(|| run_recipe(&Recipe::Naive, &y, m, horizon).map(|out| (out, None)))
        .unwrap_or_else(|| (unreachable_output(horizon), None));
    let mut calibration_scores = Vec::new();
    if let Some(calibration) = &calibration
        && let Some(scale) = calibration.scale()
    {
        for sigma in &mut out.sigma {
            *sigma *= scale;
        }
        out.parameters.push(("sigma_scale".into(), scale));
        reason.push_str(&format!(
            "; its σ (intervals and safety stock) scaled by {scale:.2} to match its backtest errors"
        ));
        calibration_scores = calibration.scores.clone();
    }
    let mut forecast = finish(out, reason, class, config, table, non_negative);
    forecast.calibration_scores = calibration_scores;
    forecast.outliers = cleansing.points;
    forecast.history_cleansed = cleanse_history;
    forecast
}

/// The name a recipe reports (without fitting it).
fn recipe_name(recipe: &Recipe, y: &[f64], m: usize) -> String {
    match recipe {
        Recipe::Zero => "Zero".into(),
        Recipe::Naive => "Naive".into(),
        Recipe::SeasonalNaive => "SeasonalNaive".into(),
        Recipe::MovingAverage(w) => format!("MovingAverage({w})"),
        Recipe::Ets {
            spec,
            deseasonalise,
        } => SeasonalAdjustment::new(y, m, *deseasonalise).name(&spec.name()),
        Recipe::Theta {
            kind,
            deseasonalise,
        } => SeasonalAdjustment::new(y, m, *deseasonalise).name(kind.name()),
        Recipe::Croston => "Croston".into(),
        Recipe::Sba => "SBA".into(),
        Recipe::Tsb => "TSB".into(),
        Recipe::Adida => "ADIDA".into(),
        Recipe::Combination(parts) => {
            format!(
                "Combination({})",
                parts
                    .iter()
                    .map(|p| recipe_name(p, y, m))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}

fn unreachable_output(horizon: usize) -> Output {
    Output {
        name: "Zero".into(),
        point: vec![0.0; horizon],
        sigma: vec![0.0; horizon],
        parameters: Vec::new(),
    }
}

/// Where a reference (like-item) history is used by [`forecast_with_reference`].
fn reference_is_usable(reference: &[f64]) -> bool {
    reference.iter().any(|v| v.is_finite() && *v != 0.0)
}

/// [`forecast_auto`] with an optional reference history of a like item (or
/// the average of an item's family), aligned so that both end at the same
/// bucket:
///
/// - **no history** (empty or all zero): the forecast of the reference,
///   as a like-item profile;
/// - **short history** (fewer than two seasons) when the reference is seasonal
///   ([`is_seasonal`], at least two seasons): the history is adjusted by the
///   reference's seasonal indices ([`regression_seasonal_indices`]), forecast
///   without season, and re-seasonalised — the level comes from the item, the
///   profile from the reference;
/// - otherwise the reference is not used.
pub(crate) fn forecast_with_reference(
    history: &[f64],
    reference: Option<&[f64]>,
    config: &AutoConfig,
) -> SeriesForecast {
    let Some(reference) = reference.filter(|r| reference_is_usable(r)) else {
        return forecast_auto(history, config);
    };
    let y = clean_history(history);
    let reference = clean_history(reference);
    let m = config.season_length.max(1);
    if y.iter().all(|v| *v == 0.0) {
        let mut forecast = forecast_auto(&reference, config);
        forecast.selection_reason = format!(
            "no history: like-item profile, the reference history's forecast ({})",
            forecast.selection_reason
        );
        forecast.method = format!("LikeItem({})", forecast.method);
        return forecast;
    }
    let n = y.len();
    let r = reference.len();
    if m < 2 || n >= 2 * m || r < n || !is_seasonal(&reference, m) {
        return forecast_auto(history, config);
    }
    let positive = reference.iter().all(|v| *v > 0.0) && y.iter().all(|v| *v > 0.0);
    let indices = if positive {
        regression_seasonal_indices(&reference, m, true).filter(|i| i.iter().all(|s| *s >= 0.01))
    } else {
        None
    };
    let (indices, multiplicative) = match indices {
        Some(indices) => (indices, true),
        None => match regression_seasonal_indices(&reference, m, false) {
            Some(indices) => (indices, false),
            None => return forecast_auto(history, config),
        },
    };
    // Position t of the history is position r − n + t of the reference.
    let index_at = |position: usize| indices[position % m];
    let adjusted: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, v)| {
            let index = index_at(r - n + t);
            if multiplicative { v / index } else { v - index }
        })
        .collect();
    let inner_config = AutoConfig {
        season_length: 1,
        ..config.clone()
    };
    let mut forecast = forecast_auto(&adjusted, &inner_config);
    let non_negative = y.iter().all(|v| *v >= 0.0);
    let reseason = |h: usize, value: f64, scale_only: bool| {
        let index = index_at(r + h);
        if multiplicative {
            value * index
        } else if scale_only {
            value
        } else {
            value + index
        }
    };
    for (h, p) in forecast.point.iter_mut().enumerate() {
        *p = reseason(h, *p, false);
        if non_negative {
            *p = p.max(0.0);
        }
    }
    for (h, s) in forecast.sigma_h.iter_mut().enumerate() {
        *s = reseason(h, *s, true);
    }
    for interval in &mut forecast.intervals {
        for (h, (lo, hi)) in interval
            .lower
            .iter_mut()
            .zip(interval.upper.iter_mut())
            .enumerate()
        {
            *lo = reseason(h, *lo, false);
            *hi = reseason(h, *hi, false);
            if non_negative {
                *lo = lo.max(0.0);
            }
        }
    }
    forecast.method = format!(
        "{}[seasonal profile of the reference, {}]",
        forecast.method,
        if multiplicative { "mult" } else { "add" }
    );
    forecast.selection_reason = format!(
        "short history ({n} < {} observations) and a seasonal reference history: \
         adjusted by the reference's seasonal indices (backtests are of the adjusted history); {}",
        2 * m,
        forecast.selection_reason
    );
    forecast
}
