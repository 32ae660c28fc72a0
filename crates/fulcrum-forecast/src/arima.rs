//! Non-seasonal ARIMA(p, d, q) with automatic order selection (Box & Jenkins,
//! 1976; the order search follows Hyndman & Khandakar, 2008, "Automatic time
//! series forecasting: the forecast package for R", *JSS* 27(3)).
//!
//! `d` is chosen by repeated KPSS tests (Kwiatkowski et al., 1992) at the 5%
//! level (critical value 0.463, Newey–West lag `⌊4 (n/100)^{1/4}⌋`), at most 2.
//! On `w_t = ∇^d y_t` the model is
//!
//! ```text
//! w_t − μ = Σ_{i=1}^{p} φ_i (w_{t−i} − μ) + e_t + Σ_{j=1}^{q} θ_j e_{t−j}
//! ```
//!
//! with `μ` a mean (d = 0) or drift (d = 1), absent for d = 2. Parameters are
//! estimated by conditional sum of squares with our Nelder–Mead, restricted to
//! stationary AR and invertible MA parts (p, q ≤ 2, closed-form triangle
//! conditions), and the orders with `p + q ≤ 2`, with and without `μ`, are
//! compared by AICc. Forecasts iterate the recursion with future errors zero
//! and integrate back `d` times. Meant for seasonally adjusted data.

use crate::optim::{NelderMeadConfig, nelder_mead};

/// Orders of an ARIMA model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArimaOrder {
    /// Autoregressive order (0–2).
    pub p: usize,
    /// Differencing order (0–2).
    pub d: usize,
    /// Moving-average order (0–2).
    pub q: usize,
    /// Whether a mean (d = 0) or drift (d = 1) is estimated.
    pub constant: bool,
}

impl ArimaOrder {
    /// Name such as `ARIMA(1,1,0) with drift`.
    pub fn name(&self) -> String {
        let suffix = match (self.constant, self.d) {
            (true, 0) => " with mean",
            (true, _) => " with drift",
            _ => "",
        };
        format!("ARIMA({},{},{}){suffix}", self.p, self.d, self.q)
    }
}

/// A fitted ARIMA model.
#[derive(Debug, Clone, PartialEq)]
pub struct ArimaFit {
    /// Orders.
    pub order: ArimaOrder,
    /// AR coefficients φ.
    pub ar: Vec<f64>,
    /// MA coefficients θ.
    pub ma: Vec<f64>,
    /// Mean or drift μ of the differenced series (0 without constant).
    pub mean: f64,
    /// Residual variance (conditional sum of squares / effective n).
    pub sigma2: f64,
    /// AICc (conditional-likelihood approximation).
    pub aicc: f64,
    /// Point forecasts.
    pub forecast: Vec<f64>,
}

/// KPSS statistic for level stationarity.
pub fn kpss_statistic(y: &[f64]) -> f64 {
    let n = y.len();
    if n < 3 {
        return 0.0;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let e: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let nf = n as f64;
    let lags = (4.0 * (nf / 100.0).powf(0.25)).floor() as usize;
    let mut lrv = e.iter().map(|v| v * v).sum::<f64>() / nf;
    for l in 1..=lags.min(n - 1) {
        let cov: f64 = (l..n).map(|t| e[t] * e[t - l]).sum::<f64>() / nf;
        lrv += 2.0 * (1.0 - l as f64 / (lags as f64 + 1.0)) * cov;
    }
    if lrv <= 0.0 {
        return 0.0;
    }
    let mut partial = 0.0;
    let mut sum_sq = 0.0;
    for v in &e {
        partial += v;
        sum_sq += partial * partial;
    }
    sum_sq / (nf * nf * lrv)
}

/// Number of differences by repeated KPSS tests at 5% (at most `max_d`).
pub fn number_of_differences(y: &[f64], max_d: usize) -> usize {
    let mut w = y.to_vec();
    let mut d = 0;
    while d < max_d && w.len() > 8 && kpss_statistic(&w) > 0.463 {
        w = difference(&w);
        d += 1;
    }
    d
}

fn difference(y: &[f64]) -> Vec<f64> {
    y.windows(2).map(|w| w[1] - w[0]).collect()
}

fn stationary_triangle(c: &[f64]) -> bool {
    const MARGIN: f64 = 1e-3;
    match c.len() {
        0 => true,
        1 => c[0].abs() < 1.0 - MARGIN,
        _ => c[1] > -1.0 + MARGIN && c[0] + c[1] < 1.0 - MARGIN && c[1] - c[0] < 1.0 - MARGIN,
    }
}

/// Conditional sum of squares, conditioning on the first `p` values.
fn css(w: &[f64], ar: &[f64], ma: &[f64], mean: f64, residuals: &mut Vec<f64>) -> f64 {
    let p = ar.len();
    residuals.clear();
    residuals.resize(w.len(), 0.0);
    let mut sse = 0.0;
    for t in p..w.len() {
        let mut pred = mean;
        for (i, phi) in ar.iter().enumerate() {
            pred += phi * (w[t - 1 - i] - mean);
        }
        for (j, theta) in ma.iter().enumerate() {
            if t > j {
                pred += theta * residuals[t - 1 - j];
            }
        }
        let e = w[t] - pred;
        residuals[t] = e;
        sse += e * e;
    }
    sse
}

fn fit_order(y: &[f64], order: ArimaOrder, horizon: usize) -> Option<ArimaFit> {
    let mut w = y.to_vec();
    for _ in 0..order.d {
        w = difference(&w);
    }
    let (p, q) = (order.p, order.q);
    let k = p + q + usize::from(order.constant);
    let n_eff = w.len().saturating_sub(p);
    if n_eff < k + 4 {
        return None;
    }
    let scale = {
        let mean_abs = w.iter().map(|v| v.abs()).sum::<f64>() / w.len() as f64;
        if mean_abs > 0.0 { mean_abs } else { 1.0 }
    };
    let ws: Vec<f64> = w.iter().map(|v| v / scale).collect();
    let w_mean = ws.iter().sum::<f64>() / ws.len() as f64;
    let mut x0 = vec![0.0; p + q];
    let mut steps = vec![0.1; p + q];
    let mut lower = vec![-2.0; p + q];
    let mut upper = vec![2.0; p + q];
    if order.constant {
        x0.push(w_mean);
        steps.push(0.1);
        lower.push(-1e6);
        upper.push(1e6);
    }
    let mut residuals = Vec::with_capacity(ws.len());
    let mut objective = |x: &[f64]| {
        let (ar, rest) = x.split_at(p);
        let (ma, mean) = rest.split_at(q);
        let neg_ma: Vec<f64> = ma.iter().map(|v| -v).collect();
        if !stationary_triangle(ar) || !stationary_triangle(&neg_ma) {
            return f64::INFINITY;
        }
        let mean = mean.first().copied().unwrap_or(0.0);
        css(&ws, ar, ma, mean, &mut residuals)
    };
    let config = NelderMeadConfig {
        max_evals: 400,
        rel_tol: 1e-7,
    };
    let best = nelder_mead(&mut objective, &x0, &steps, &lower, &upper, &config);
    if !best.value.is_finite() {
        return None;
    }
    let (ar, rest) = best.x.split_at(p);
    let (ma, mean) = rest.split_at(q);
    let mean = mean.first().copied().unwrap_or(0.0);
    let mut residuals = Vec::new();
    let sse = css(&ws, ar, ma, mean, &mut residuals).max(1e-300);
    let nf = n_eff as f64;
    let kf = (k + 1) as f64;
    let aic = nf * (sse / nf).ln() + 2.0 * kf;
    let aicc = if nf - kf - 1.0 > 0.0 {
        aic + 2.0 * kf * (kf + 1.0) / (nf - kf - 1.0)
    } else {
        f64::INFINITY
    };
    // Forecast the differenced series, then integrate.
    let mut extended = ws.clone();
    let mut errors = residuals.clone();
    for _ in 0..horizon {
        let t = extended.len();
        let mut pred = mean;
        for (i, phi) in ar.iter().enumerate() {
            pred += phi * (extended[t - 1 - i] - mean);
        }
        for (j, theta) in ma.iter().enumerate() {
            pred += theta * errors[t - 1 - j];
        }
        extended.push(pred);
        errors.push(0.0);
    }
    let mut forecast: Vec<f64> = extended[ws.len()..].iter().map(|v| v * scale).collect();
    // Undo the differencing, innermost first.
    let mut levels = vec![y.to_vec()];
    for _ in 1..order.d {
        let last = levels.last().map(|l| difference(l)).unwrap_or_default();
        levels.push(last);
    }
    for level in levels.iter().rev().take(order.d) {
        let mut previous = *level.last()?;
        for f in forecast.iter_mut() {
            previous += *f;
            *f = previous;
        }
    }
    Some(ArimaFit {
        order,
        ar: ar.to_vec(),
        ma: ma.to_vec(),
        mean: mean * scale,
        sigma2: sse / nf * scale * scale,
        aicc,
        forecast,
    })
}

/// Fits one ARIMA order; `None` when the series is too short for it.
pub fn fit_arima(y: &[f64], order: ArimaOrder, horizon: usize) -> Option<ArimaFit> {
    if order.p > 2 || order.q > 2 || order.d > 2 || (order.constant && order.d > 1) {
        return None;
    }
    fit_order(y, order, horizon)
}

/// Chooses `d` by KPSS tests, then the orders `p + q ≤ 2` (with and without
/// constant when `d ≤ 1`) with the lowest AICc.
pub fn auto_arima(y: &[f64], horizon: usize) -> Option<ArimaFit> {
    let d = number_of_differences(y, 2);
    let mut best: Option<ArimaFit> = None;
    for (p, q) in [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)] {
        let constants: &[bool] = if d <= 1 { &[true, false] } else { &[false] };
        for &constant in constants {
            if let Some(fit) = fit_order(y, ArimaOrder { p, d, q, constant }, horizon)
                && best.as_ref().is_none_or(|b| fit.aicc < b.aicc)
            {
                best = Some(fit);
            }
        }
    }
    best
}

impl ArimaFit {
    /// Standard deviation of h-step errors from the ψ-weights of the ARIMA
    /// model (including the differencing): `σ_h² = σ² Σ_{j<h} ψ_j²`.
    pub fn sigma_h(&self, horizon: usize) -> Vec<f64> {
        // AR polynomial including differencing: φ*(B) = φ(B)(1−B)^d.
        let mut phi_star: Vec<f64> = vec![1.0];
        let ar_poly: Vec<f64> = std::iter::once(1.0)
            .chain(self.ar.iter().map(|v| -v))
            .collect();
        phi_star = multiply(&phi_star, &ar_poly);
        for _ in 0..self.order.d {
            phi_star = multiply(&phi_star, &[1.0, -1.0]);
        }
        let mut psi = vec![0.0; horizon.max(1)];
        psi[0] = 1.0;
        for j in 1..psi.len() {
            let mut v = self.ma.get(j - 1).copied().unwrap_or(0.0);
            for (i, c) in phi_star.iter().enumerate().skip(1) {
                if i <= j {
                    v -= c * psi[j - i];
                }
            }
            psi[j] = v;
        }
        let mut acc = 0.0;
        psi.iter()
            .take(horizon)
            .map(|p| {
                acc += p * p;
                (self.sigma2 * acc).sqrt()
            })
            .collect()
    }
}

fn multiply(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_walk_with_drift_is_differenced_once() {
        let y: Vec<f64> = (0..80)
            .map(|t| 10.0 + 2.0 * t as f64 + ((t * 37) % 11) as f64 * 0.3)
            .collect();
        assert_eq!(number_of_differences(&y, 2), 1);
        let fit = auto_arima(&y, 5).expect("fit");
        // The drift is estimated and carries the forecast on: about +2 a step.
        assert!(
            fit.order.constant && (fit.mean - 2.0).abs() < 0.05,
            "{fit:?}"
        );
        let average_step = (fit.forecast[4] - y[79]) / 5.0;
        assert!((average_step - 2.0).abs() < 0.5, "{fit:?}");
    }

    #[test]
    fn ar1_coefficient_is_recovered() {
        // Deterministic AR(1) with φ = 0.6 driven by a fixed pseudo-random sequence.
        let mut y = vec![0.0];
        let mut state: u64 = 12345;
        for _ in 1..400 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let noise = ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5;
            let prev = *y.last().unwrap_or(&0.0);
            y.push(0.6 * prev + noise);
        }
        let fit = fit_arima(
            &y,
            ArimaOrder {
                p: 1,
                d: 0,
                q: 0,
                constant: true,
            },
            3,
        )
        .expect("fit");
        assert!((fit.ar[0] - 0.6).abs() < 0.08, "{fit:?}");
        let sd = fit.sigma_h(3);
        assert!(sd[0] < sd[1] && sd[1] < sd[2]);
    }
}
