//! The ETS family of exponential smoothing state-space models
//! (Hyndman, Koehler, Snyder & Grose, 2002; Hyndman, Koehler, Ord & Snyder,
//! *Forecasting with Exponential Smoothing: the State Space Approach*, 2008).
//!
//! A model is named ETS(error, trend, season): error additive (A) or
//! multiplicative (M); trend none (N), additive (A) or additive damped (Ad);
//! season none (N), additive (A) or multiplicative (M).
//!
//! With one-step forecast `μ_t = (ℓ_{t-1} + φ b_{t-1}) ∘ s_{t-m}` (∘ is `+` for
//! additive and `×` for multiplicative season) the states are updated as
//! (Hyndman et al. 2008, Table 2.1, error-correction form):
//!
//! ```text
//! q_t = ℓ_{t-1} + φ b_{t-1}
//! ℓ_t = q_t + α (y_t ⊘ s_{t-m} − q_t)
//! b_t = φ b_{t-1} + (β/α) (ℓ_t − ℓ_{t-1} − φ b_{t-1})
//! s_t = s_{t-m} + γ (y_t ⊘ q_t − s_{t-m})
//! ```
//!
//! where `⊘` is `−` (additive season) or `÷` (multiplicative season). The error
//! type does not change the point recursions, only the likelihood:
//! `−2 log L = n log Σ e_t² (+ 2 Σ log|μ_t|)` with `e_t = y_t − μ_t` (additive)
//! or `e_t = (y_t − μ_t)/μ_t` (multiplicative), up to a constant.
//!
//! Parameters and the initial states `ℓ_0, b_0, s_{1-m..0}` are estimated
//! jointly by maximum likelihood with our own Nelder–Mead minimiser, under the
//! usual restrictions `0 < α < 1`, `0 < β < α`, `0 < γ < 1 − α`,
//! `0.8 ≤ φ ≤ 0.98` plus the admissibility conditions of Hyndman et al. (2008,
//! ch. 10). Among candidate models the lowest AICc wins.

use crate::optim::{NelderMeadConfig, nelder_mead};

/// Error component of an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Additive errors.
    Additive,
    /// Multiplicative (relative) errors; needs strictly positive data.
    Multiplicative,
}

/// Trend component of an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrendKind {
    /// No trend.
    None,
    /// Additive (linear) trend.
    Additive,
    /// Additive damped trend (Gardner & McKenzie, 1985).
    Damped,
}

/// Seasonal component of an ETS model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeasonKind {
    /// No season.
    None,
    /// Additive season.
    Additive,
    /// Multiplicative season; needs strictly positive data.
    Multiplicative,
}

/// One ETS model form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EtsSpec {
    /// Error component.
    pub error: ErrorKind,
    /// Trend component.
    pub trend: TrendKind,
    /// Season component.
    pub season: SeasonKind,
    /// Season length `m` (ignored without a season).
    pub season_length: usize,
}

impl EtsSpec {
    /// The usual short name, e.g. `ETS(M,Ad,M)`.
    pub fn name(&self) -> String {
        let e = match self.error {
            ErrorKind::Additive => "A",
            ErrorKind::Multiplicative => "M",
        };
        let t = match self.trend {
            TrendKind::None => "N",
            TrendKind::Additive => "A",
            TrendKind::Damped => "Ad",
        };
        let s = match self.season {
            SeasonKind::None => "N",
            SeasonKind::Additive => "A",
            SeasonKind::Multiplicative => "M",
        };
        format!("ETS({e},{t},{s})")
    }

    fn m(&self) -> usize {
        if self.season == SeasonKind::None {
            1
        } else {
            self.season_length.max(1)
        }
    }

    fn has_trend(&self) -> bool {
        self.trend != TrendKind::None
    }

    fn has_season(&self) -> bool {
        self.season != SeasonKind::None
    }

    /// Number of estimated smoothing parameters.
    fn n_smoothing(&self) -> usize {
        1 + usize::from(self.has_trend())
            + usize::from(self.has_season())
            + usize::from(self.trend == TrendKind::Damped)
    }

    /// Number of free initial states (`m - 1` seasonal: they are normalised).
    fn n_states(&self) -> usize {
        1 + usize::from(self.has_trend()) + if self.has_season() { self.m() - 1 } else { 0 }
    }
}

/// Smoothing parameters of an ETS model (β, γ are 0 and φ is 1 when unused).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EtsParams {
    /// Level weight α.
    pub alpha: f64,
    /// Trend weight β.
    pub beta: f64,
    /// Season weight γ.
    pub gamma: f64,
    /// Damping φ.
    pub phi: f64,
}

/// State vector: level, trend and a ring of `m` seasonal states indexed by
/// `t mod m`.
#[derive(Debug, Clone, PartialEq)]
pub struct EtsState {
    /// Level ℓ.
    pub level: f64,
    /// Trend (growth) b.
    pub trend: f64,
    /// Seasonal states; `season[t % m]` applies to time `t` (0-based).
    pub season: Vec<f64>,
}

/// A fitted ETS model.
#[derive(Debug, Clone, PartialEq)]
pub struct EtsFit {
    /// The model form.
    pub spec: EtsSpec,
    /// Estimated smoothing parameters.
    pub params: EtsParams,
    /// Estimated initial states (in the data's units).
    pub initial: EtsState,
    /// States after the last observation (in the data's units).
    pub last: EtsState,
    /// Number of observations.
    pub n_obs: usize,
    /// Log-likelihood (Gaussian, concentrated over σ).
    pub loglik: f64,
    /// Akaike information criterion.
    pub aic: f64,
    /// Small-sample corrected AIC.
    pub aicc: f64,
    /// Residual variance (of absolute or relative errors, per the error type).
    pub sigma2: f64,
    /// One-step-ahead fitted values.
    pub fitted: Vec<f64>,
}

const TOL: f64 = 1e-10;
const HUGE: f64 = 1e10;
const LOWER: f64 = 1e-4;
const UPPER: f64 = 0.9999;
const PHI_LOWER: f64 = 0.8;
const PHI_UPPER: f64 = 0.98;

struct PassResult {
    sse: f64,
    sum_log_abs_mu: f64,
}

/// One pass of the recursions; returns `None` when it diverges.
fn filter(
    y: &[f64],
    spec: &EtsSpec,
    p: &EtsParams,
    state: &mut EtsState,
    mut fitted: Option<&mut Vec<f64>>,
) -> Option<PassResult> {
    let m = spec.m();
    let mut sse = 0.0;
    let mut sum_log = 0.0;
    // Σ log|μ_t| is accumulated as a running product, folded into the log
    // every few steps: one logarithm per 8 observations instead of one each.
    let mut product = 1.0;
    let mut in_product = 0;
    let beta_over_alpha = if spec.has_trend() {
        p.beta / p.alpha
    } else {
        0.0
    };
    for (t, &obs) in y.iter().enumerate() {
        let phib = match spec.trend {
            TrendKind::None => 0.0,
            TrendKind::Additive => state.trend,
            TrendKind::Damped => p.phi * state.trend,
        };
        let q = state.level + phib;
        let k = t % m;
        let s = state.season[k];
        let mu = match spec.season {
            SeasonKind::None => q,
            SeasonKind::Additive => q + s,
            SeasonKind::Multiplicative => q * s,
        };
        if let Some(f) = fitted.as_deref_mut() {
            f.push(mu);
        }
        let e = match spec.error {
            ErrorKind::Additive => obs - mu,
            ErrorKind::Multiplicative => {
                let denom = if mu.abs() < TOL { mu + TOL } else { mu };
                product *= mu.abs().max(TOL);
                in_product += 1;
                if in_product == 8 {
                    sum_log += product.ln();
                    product = 1.0;
                    in_product = 0;
                }
                (obs - mu) / denom
            }
        };
        sse += e * e;
        let deseason = match spec.season {
            SeasonKind::None => obs,
            SeasonKind::Additive => obs - s,
            SeasonKind::Multiplicative => {
                if s.abs() < TOL {
                    HUGE
                } else {
                    obs / s
                }
            }
        };
        let old_level = state.level;
        state.level = q + p.alpha * (deseason - q);
        if spec.has_trend() {
            let r = state.level - old_level;
            state.trend = phib + beta_over_alpha * (r - phib);
        }
        match spec.season {
            SeasonKind::None => {}
            SeasonKind::Additive => state.season[k] = s + p.gamma * (obs - q - s),
            SeasonKind::Multiplicative => {
                let ratio = if q.abs() < TOL { HUGE } else { obs / q };
                state.season[k] = s + p.gamma * (ratio - s);
            }
        }
        if !sse.is_finite() || !state.level.is_finite() {
            return None;
        }
    }
    if in_product > 0 {
        sum_log += product.ln();
    }
    Some(PassResult {
        sse,
        sum_log_abs_mu: sum_log,
    })
}

/// `-2 log L` up to a constant, as in R's `forecast::ets`.
fn neg2_loglik(n: usize, pass: &PassResult, spec: &EtsSpec) -> f64 {
    let sse = pass.sse.max(1e-300);
    let mut lik = n as f64 * sse.ln();
    if spec.error == ErrorKind::Multiplicative {
        lik += 2.0 * pass.sum_log_abs_mu;
    }
    lik
}

/// Forecasts `horizon` steps from a state at time `n` (the number of
/// observations already absorbed).
pub fn forecast_from_state(
    spec: &EtsSpec,
    params: &EtsParams,
    state: &EtsState,
    n: usize,
    horizon: usize,
) -> Vec<f64> {
    let m = spec.m();
    let mut out = Vec::with_capacity(horizon);
    let mut damp_sum = 0.0;
    let mut phi_pow = 1.0;
    for h in 1..=horizon {
        let trend_part = match spec.trend {
            TrendKind::None => 0.0,
            TrendKind::Additive => h as f64 * state.trend,
            TrendKind::Damped => {
                phi_pow *= params.phi;
                damp_sum += phi_pow;
                damp_sum * state.trend
            }
        };
        let base = state.level + trend_part;
        let s = state.season[(n + h - 1) % m];
        out.push(match spec.season {
            SeasonKind::None => base,
            SeasonKind::Additive => base + s,
            SeasonKind::Multiplicative => base * s,
        });
    }
    out
}

/// Admissibility conditions of Hyndman et al. (2008, ch. 10) that can be
/// checked in closed form, on top of the usual bounds.
fn admissible(spec: &EtsSpec, p: &EtsParams) -> bool {
    let phi = p.phi;
    if !spec.has_season() {
        if p.alpha < 1.0 - 1.0 / phi || p.alpha > 1.0 + 1.0 / phi {
            return false;
        }
        if spec.has_trend()
            && (p.beta < p.alpha * (phi - 1.0) || p.beta > (1.0 + phi) * (2.0 - p.alpha))
        {
            return false;
        }
        return true;
    }
    let m = spec.m() as f64;
    if p.gamma < (1.0 - 1.0 / phi - p.alpha).max(0.0) || p.gamma > 1.0 + 1.0 / phi - p.alpha {
        return false;
    }
    if p.alpha < 1.0 - 1.0 / phi - p.gamma * (1.0 - m + phi + phi * m) / (2.0 * phi * m) {
        return false;
    }
    if p.beta < -(1.0 - phi) * (p.gamma / m + p.alpha) {
        return false;
    }
    // The characteristic equation (Hyndman et al. 2008, §10.2): every root of
    // φ(1−α−γ) + (α+β−αφ+γ−1) z + (α+β−αφ) (z² + … + z^{m−1}) + (α+β−φ) z^m + z^{m+1}
    // must lie in the closed unit disc.
    let mi = spec.m();
    let mut coefficients = Vec::with_capacity(mi + 2);
    coefficients.push(phi * (1.0 - p.alpha - p.gamma));
    coefficients.push(p.alpha + p.beta - p.alpha * phi + p.gamma - 1.0);
    for _ in 0..mi.saturating_sub(2) {
        coefficients.push(p.alpha + p.beta - p.alpha * phi);
    }
    coefficients.push(p.alpha + p.beta - phi);
    coefficients.push(1.0);
    roots_in_unit_disc(&coefficients)
}

/// Schur–Cohn test: whether every root of `Σ c_k z^k` (ascending
/// coefficients, non-zero leading one) lies in the unit disc, with a small
/// tolerance for roots on the circle. Each step divides out the reflection
/// `k = c_0 / c_d`; all roots are inside iff every `|k| < 1`.
fn roots_in_unit_disc(coefficients: &[f64]) -> bool {
    const TOLERANCE: f64 = 1e-8;
    let mut c = coefficients.to_vec();
    while c.len() > 1 {
        let d = c.len() - 1;
        let lead = c[d];
        if lead.abs() < 1e-300 {
            return false;
        }
        let k = c[0] / lead;
        if k.abs() > 1.0 + TOLERANCE {
            return false;
        }
        if (1.0 - k * k).abs() < 1e-12 {
            // A root on the circle: accept when the rest is inside.
            return true;
        }
        // p_{d-1}(z) = (p(z) − k p*(z)) / z, with p* the reversed polynomial.
        let next: Vec<f64> = (1..=d).map(|i| c[i] - k * c[d - i]).collect();
        c = next;
    }
    true
}

/// Classical-decomposition starting values for the initial states (as in
/// Hyndman et al. 2008, §2.6.1): seasonal indices from the first up to three
/// seasons, then a straight line through the first `max(10, 2m)` seasonally
/// adjusted values.
fn heuristic_initial_state(y: &[f64], spec: &EtsSpec) -> EtsState {
    let m = spec.m();
    let n = y.len();
    let mut season = vec![
        if spec.season == SeasonKind::Multiplicative {
            1.0
        } else {
            0.0
        };
        m
    ];
    if spec.has_season() && n >= 2 * m {
        let span = n.min(3 * m) / m * m;
        let multiplicative = spec.season == SeasonKind::Multiplicative;
        let trend = crate::decompose::centred_moving_average(&y[..span], m);
        let mut sums = vec![0.0; m];
        let mut counts = vec![0usize; m];
        for t in 0..span {
            if let Some(tr) = trend[t] {
                let v = if multiplicative {
                    if tr.abs() > TOL { y[t] / tr } else { 1.0 }
                } else {
                    y[t] - tr
                };
                sums[t % m] += v;
                counts[t % m] += 1;
            }
        }
        for k in 0..m {
            if counts[k] > 0 {
                season[k] = sums[k] / counts[k] as f64;
            }
        }
        crate::decompose::normalise(&mut season, multiplicative);
        if multiplicative {
            for s in &mut season {
                *s = s.max(1e-2);
            }
        }
    }
    let maxn = n.min(10.max(2 * m));
    let adjusted: Vec<f64> = (0..maxn)
        .map(|t| match spec.season {
            SeasonKind::None => y[t],
            SeasonKind::Additive => y[t] - season[t % m],
            SeasonKind::Multiplicative => y[t] / season[t % m],
        })
        .collect();
    let (level, trend) = if spec.has_trend() && maxn >= 2 {
        let (intercept, slope) = crate::decompose::linear_fit(&adjusted);
        // Level at time 0 so that the first fitted value is intercept + slope.
        (intercept, slope)
    } else {
        (adjusted.iter().sum::<f64>() / maxn.max(1) as f64, 0.0)
    };
    // `linear_fit` uses time 1..=k, so ℓ_0 = intercept corresponds to t = 0.
    EtsState {
        level,
        trend,
        season,
    }
}

/// Packs the optimiser's vector into parameters and initial states.
/// Layout: α, u_β, u_γ, φ, ℓ_0, b_0, s_1..s_{m-1}, where
/// `β = L + u_β (α − L)` and `γ = L + u_γ (1 − α − L)` keep the usual bounds.
fn unpack(x: &[f64], spec: &EtsSpec) -> (EtsParams, EtsState) {
    let mut state = EtsState {
        level: 0.0,
        trend: 0.0,
        season: vec![0.0; spec.m()],
    };
    let params = unpack_into(x, spec, &mut state);
    (params, state)
}

/// [`unpack`] into an existing state (its `season` of length `spec.m()`), so that
/// the optimiser's objective allocates nothing per evaluation.
fn unpack_into(x: &[f64], spec: &EtsSpec, state: &mut EtsState) -> EtsParams {
    let mut i = 0;
    let alpha = x[i];
    i += 1;
    let mut beta = 0.0;
    if spec.has_trend() {
        beta = LOWER + x[i] * (alpha - LOWER).max(0.0);
        i += 1;
    }
    let mut gamma = 0.0;
    if spec.has_season() {
        gamma = LOWER + x[i] * (1.0 - alpha - LOWER).max(0.0);
        i += 1;
    }
    let mut phi = 1.0;
    if spec.trend == TrendKind::Damped {
        phi = x[i];
        i += 1;
    }
    state.level = x[i];
    i += 1;
    state.trend = 0.0;
    if spec.has_trend() {
        state.trend = x[i];
        i += 1;
    }
    let m = spec.m();
    let season = &mut state.season;
    season.fill(0.0);
    if spec.has_season() {
        let mut sum = 0.0;
        for slot in season.iter_mut().skip(1) {
            *slot = x[i];
            sum += x[i];
            i += 1;
        }
        season[0] = if spec.season == SeasonKind::Multiplicative {
            m as f64 - sum
        } else {
            -sum
        };
    }
    EtsParams {
        alpha,
        beta,
        gamma,
        phi,
    }
}

/// Settings for [`fit_ets`].
#[derive(Debug, Clone, PartialEq)]
pub struct EtsFitConfig {
    /// Maximum objective evaluations of the optimiser.
    pub max_evals: usize,
    /// Relative tolerance of the optimiser.
    pub rel_tol: f64,
    /// Maximum number of restarts from the optimum found (each with a fresh
    /// simplex), stopped early when one no longer improves.
    pub restarts: usize,
}

impl Default for EtsFitConfig {
    fn default() -> Self {
        Self {
            max_evals: 2000,
            rel_tol: 1e-8,
            restarts: 3,
        }
    }
}

/// Fits one ETS model form to `y` by maximum likelihood; `None` when the form
/// does not apply (multiplicative parts with non-positive data, too few
/// observations for its parameters, a season longer than 24 or than half the
/// history) or the fit diverges.
pub fn fit_ets(y: &[f64], spec: &EtsSpec, config: &EtsFitConfig) -> Option<EtsFit> {
    let n = y.len();
    let m = spec.m();
    let positive = y.iter().all(|&v| v > 0.0);
    if !positive
        && (spec.error == ErrorKind::Multiplicative || spec.season == SeasonKind::Multiplicative)
    {
        return None;
    }
    if spec.has_season() && (!(2..=24).contains(&m) || n < 2 * m) {
        return None;
    }
    let n_free = spec.n_smoothing() + spec.n_states();
    if n <= n_free + 4 {
        return None;
    }
    // Work on a scaled copy so that all states are of order one.
    let scale = {
        let mean_abs = y.iter().map(|v| v.abs()).sum::<f64>() / n as f64;
        if mean_abs > 0.0 { mean_abs } else { 1.0 }
    };
    let additive_season = spec.season == SeasonKind::Additive;
    let ys: Vec<f64> = y.iter().map(|v| v / scale).collect();
    let init = heuristic_initial_state(&ys, spec);
    let alpha0 = if spec.has_season() {
        LOWER + 0.2 * (UPPER - LOWER) / m as f64
    } else {
        LOWER + 0.2 * (UPPER - LOWER)
    };
    let mut x0 = vec![alpha0];
    let mut steps = vec![0.1];
    let mut lower = vec![LOWER];
    let mut upper = vec![UPPER];
    if spec.has_trend() {
        x0.push(0.1);
        steps.push(0.1);
        lower.push(0.0);
        upper.push(1.0);
    }
    if spec.has_season() {
        x0.push(0.05);
        steps.push(0.1);
        lower.push(0.0);
        upper.push(1.0);
    }
    if spec.trend == TrendKind::Damped {
        x0.push(PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER));
        steps.push(0.02);
        lower.push(PHI_LOWER);
        upper.push(PHI_UPPER);
    }
    x0.push(init.level);
    steps.push(0.1 * init.level.abs().max(0.1));
    lower.push(-1e6);
    upper.push(1e6);
    if spec.has_trend() {
        x0.push(init.trend);
        steps.push(0.02 * init.level.abs().max(0.1));
        lower.push(-1e6);
        upper.push(1e6);
    }
    if spec.has_season() {
        for k in 1..m {
            x0.push(init.season[k]);
            steps.push(if additive_season {
                0.05 * init.level.abs().max(0.1)
            } else {
                0.05
            });
            if additive_season {
                lower.push(-1e6);
                upper.push(1e6);
            } else {
                lower.push(1e-3);
                upper.push(m as f64);
            }
        }
    }
    let mut work = EtsState {
        level: 0.0,
        trend: 0.0,
        season: vec![0.0; m],
    };
    let objective = |x: &[f64]| -> f64 {
        let params = unpack_into(x, spec, &mut work);
        if !admissible(spec, &params) {
            return f64::INFINITY;
        }
        if spec.season == SeasonKind::Multiplicative && work.season[0] <= 1e-3 {
            return f64::INFINITY;
        }
        match filter(&ys, spec, &params, &mut work, None) {
            Some(pass) => neg2_loglik(n, &pass, spec),
            None => f64::INFINITY,
        }
    };
    let nm = NelderMeadConfig {
        max_evals: config.max_evals,
        rel_tol: config.rel_tol,
    };
    let mut objective = objective;
    let mut best = nelder_mead(&mut objective, &x0, &steps, &lower, &upper, &nm);
    // With restarts allowed, also try a start with faster smoothing
    // (α = 0.5): the likelihood often has a second basin there.
    if config.restarts > 0 {
        let mut alt = x0.clone();
        alt[0] = 0.5;
        let other = nelder_mead(&mut objective, &alt, &steps, &lower, &upper, &nm);
        if other.value < best.value {
            best = other;
        }
    }
    // Restart from the optimum with a fresh simplex while that still helps:
    // Nelder–Mead often stalls on the flat ridges of these likelihoods.
    for _ in 0..config.restarts {
        if !best.value.is_finite() {
            break;
        }
        let again = nelder_mead(&mut objective, &best.x, &steps, &lower, &upper, &nm);
        let improved =
            again.value < best.value - config.rel_tol * (best.value.abs() + config.rel_tol);
        if again.value < best.value {
            best = again;
        }
        if !improved {
            break;
        }
    }
    if !best.value.is_finite() {
        return None;
    }
    let (params, scaled_initial) = unpack(&best.x, spec);
    let mut state = scaled_initial.clone();
    let mut fitted = Vec::with_capacity(n);
    let pass = filter(&ys, spec, &params, &mut state, Some(&mut fitted))?;
    let lik = neg2_loglik(n, &pass, spec);
    let n_params = (n_free + 1) as f64;
    let aic = lik + 2.0 * n_params;
    let denom = n as f64 - n_params - 1.0;
    let aicc = if denom > 0.0 {
        aic + 2.0 * n_params * (n_params + 1.0) / denom
    } else {
        f64::INFINITY
    };
    let unscale = |s: &EtsState| EtsState {
        level: s.level * scale,
        trend: s.trend * scale,
        season: if additive_season {
            s.season.iter().map(|v| v * scale).collect()
        } else {
            s.season.clone()
        },
    };
    // Undo the scale: the likelihood shifts by the same constant for every model.
    let lik_unscaled = lik + 2.0 * n as f64 * scale.ln();
    let sigma2_scaled = pass.sse / (n as f64 - n_params + 1.0).max(1.0);
    let sigma2 = match spec.error {
        ErrorKind::Additive => sigma2_scaled * scale * scale,
        ErrorKind::Multiplicative => sigma2_scaled,
    };
    let aic_unscaled = aic + 2.0 * n as f64 * scale.ln();
    let aicc_unscaled = aicc + 2.0 * n as f64 * scale.ln();
    Some(EtsFit {
        spec: *spec,
        params,
        initial: unscale(&scaled_initial),
        last: unscale(&state),
        n_obs: n,
        loglik: -0.5 * lik_unscaled,
        aic: aic_unscaled,
        aicc: aicc_unscaled,
        sigma2,
        fitted: fitted.into_iter().map(|v| v * scale).collect(),
    })
}

impl EtsFit {
    /// Point forecasts for `horizon` steps after the last observation.
    pub fn forecast(&self, horizon: usize) -> Vec<f64> {
        forecast_from_state(&self.spec, &self.params, &self.last, self.n_obs, horizon)
    }

    /// Standard deviation of the h-step forecast error, h = 1..=horizon.
    ///
    /// Exact for the linear (additive-error, non-multiplicative-season) models:
    /// `σ_h² = σ² [1 + Σ_{j=1}^{h-1} c_j²]`, `c_j = α + β Σ_{i=1}^{j} φ^i + γ 1{j ≡ 0 mod m}`
    /// (Hyndman et al. 2008, Table 6.1). For multiplicative models the same
    /// expression is applied to relative errors and scaled by the point forecast,
    /// a first-order approximation.
    pub fn sigma_h(&self, horizon: usize) -> Vec<f64> {
        let p = &self.params;
        let m = self.spec.m();
        let point = self.forecast(horizon);
        let mut out = Vec::with_capacity(horizon);
        let mut sum_c2 = 0.0;
        let mut damp_sum = 0.0;
        let mut phi_pow = 1.0;
        for h in 1..=horizon {
            if h > 1 {
                let j = h - 1;
                phi_pow *= p.phi;
                damp_sum += phi_pow;
                let mut c = p.alpha;
                if self.spec.has_trend() {
                    c += p.beta * damp_sum;
                }
                if self.spec.has_season() && j % m == 0 {
                    c += p.gamma;
                }
                sum_c2 += c * c;
            }
            let var = self.sigma2 * (1.0 + sum_c2);
            let sd = var.max(0.0).sqrt();
            out.push(match self.spec.error {
                ErrorKind::Additive => sd,
                ErrorKind::Multiplicative => sd * point[h - 1].abs(),
            });
        }
        out
    }

    /// Named parameters for reports: smoothing weights then initial states.
    pub fn named_parameters(&self) -> Vec<(String, f64)> {
        let mut out = vec![("alpha".to_string(), self.params.alpha)];
        if self.spec.has_trend() {
            out.push(("beta".to_string(), self.params.beta));
        }
        if self.spec.has_season() {
            out.push(("gamma".to_string(), self.params.gamma));
        }
        if self.spec.trend == TrendKind::Damped {
            out.push(("phi".to_string(), self.params.phi));
        }
        out.push(("l0".to_string(), self.initial.level));
        if self.spec.has_trend() {
            out.push(("b0".to_string(), self.initial.trend));
        }
        out
    }
}

/// Every candidate form for automatic selection: multiplicative parts only for
/// strictly positive data, seasonal parts only when `seasonal`, and never an
/// additive error with a multiplicative season (numerically unstable).
pub fn candidate_specs(y: &[f64], season_length: usize, seasonal: bool) -> Vec<EtsSpec> {
    let positive = !y.is_empty() && y.iter().all(|&v| v > 0.0);
    let errors: &[ErrorKind] = if positive {
        &[ErrorKind::Additive, ErrorKind::Multiplicative]
    } else {
        &[ErrorKind::Additive]
    };
    let trends = [TrendKind::None, TrendKind::Additive, TrendKind::Damped];
    let seasons: Vec<SeasonKind> = if seasonal && season_length > 1 {
        if positive {
            vec![
                SeasonKind::None,
                SeasonKind::Additive,
                SeasonKind::Multiplicative,
            ]
        } else {
            vec![SeasonKind::None, SeasonKind::Additive]
        }
    } else {
        vec![SeasonKind::None]
    };
    let mut out = Vec::new();
    for &error in errors {
        for &trend in &trends {
            for &season in &seasons {
                if error == ErrorKind::Additive && season == SeasonKind::Multiplicative {
                    continue;
                }
                out.push(EtsSpec {
                    error,
                    trend,
                    season,
                    season_length,
                });
            }
        }
    }
    out
}

/// Fits every form of [`candidate_specs`] and keeps the lowest AICc.
pub fn auto_ets(
    y: &[f64],
    season_length: usize,
    seasonal: bool,
    config: &EtsFitConfig,
) -> Option<EtsFit> {
    let mut best: Option<EtsFit> = None;
    for spec in candidate_specs(y, season_length, seasonal) {
        if let Some(fit) = fit_ets(y, &spec, config) {
            let better = match &best {
                None => fit.aicc.is_finite(),
                Some(b) => fit.aicc < b.aicc,
            };
            if better {
                best = Some(fit);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schur_cohn_agrees_with_known_roots() {
        // (z − 0.5)(z + 0.4) = z² − 0.1 z − 0.2: inside.
        assert!(roots_in_unit_disc(&[-0.2, -0.1, 1.0]));
        // (z − 1.5)(z + 0.4) = z² − 1.1 z − 0.6: one root outside.
        assert!(!roots_in_unit_disc(&[-0.6, -1.1, 1.0]));
        // (z − 0.9)(z² + 1.2) has roots of modulus ~1.095: outside.
        assert!(!roots_in_unit_disc(&[-1.08, 1.2, -0.9, 1.0]));
        // (z − 0.9)(z² + 0.8): inside.
        assert!(roots_in_unit_disc(&[-0.72, 0.8, -0.9, 1.0]));
    }

    #[test]
    fn usual_seasonal_parameters_are_admissible_and_extreme_ones_not() {
        let spec = EtsSpec {
            error: ErrorKind::Additive,
            trend: TrendKind::Damped,
            season: SeasonKind::Additive,
            season_length: 12,
        };
        let ok = EtsParams {
            alpha: 0.3,
            beta: 0.05,
            gamma: 0.1,
            phi: 0.95,
        };
        assert!(admissible(&spec, &ok));
        let bad = EtsParams {
            alpha: 0.3,
            beta: 0.05,
            gamma: 1.9,
            phi: 0.95,
        };
        assert!(!admissible(&spec, &bad));
    }
}
