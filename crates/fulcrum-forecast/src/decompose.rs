//! Classical decomposition, autocorrelation and the seasonality test.

/// Centred moving average of order `m` (a 2×m average when `m` is even), as in
/// classical decomposition (Kendall & Stuart; statsmodels' `seasonal_decompose`).
/// `None` where the window does not fit.
pub fn centred_moving_average(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    if m <= 1 {
        return y.iter().map(|&v| Some(v)).collect();
    }
    let half = m / 2;
    let mut out = vec![None; n];
    if n <= 2 * half {
        return out;
    }
    for (t, slot) in out.iter_mut().enumerate().take(n - half).skip(half) {
        let value = if m % 2 == 1 {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        } else {
            let inner: f64 = y[t + 1 - half..t + half].iter().sum();
            (0.5 * y[t - half] + inner + 0.5 * y[t + half]) / m as f64
        };
        *slot = Some(value);
    }
    out
}

/// Normalises seasonal indices to mean 1 (multiplicative) or mean 0 (additive).
pub fn normalise(season: &mut [f64], multiplicative: bool) {
    if season.is_empty() {
        return;
    }
    let mean = season.iter().sum::<f64>() / season.len() as f64;
    for s in season.iter_mut() {
        if multiplicative {
            if mean.abs() > 1e-12 {
                *s /= mean;
            }
        } else {
            *s -= mean;
        }
    }
}

/// Least-squares line through `(t, values[t-1])`, `t = 1..=k`:
/// returns `(intercept, slope)` so that the fit at time `t` is `intercept + slope·t`.
pub fn linear_fit(values: &[f64]) -> (f64, f64) {
    let k = values.len() as f64;
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let mean_t = (k + 1.0) / 2.0;
    let mean_y = values.iter().sum::<f64>() / k;
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, &v) in values.iter().enumerate() {
        let dt = (i + 1) as f64 - mean_t;
        sxy += dt * (v - mean_y);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mean_y - slope * mean_t, slope)
}

/// Seasonal indices of a classical decomposition of the whole series, one per
/// position `t mod m` (statsmodels' `seasonal_decompose`): the series is divided
/// by (or has subtracted) its centred moving average, the ratios are averaged
/// per position and the indices normalised.
pub fn classical_seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let trend = centred_moving_average(y, m);
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for (t, tr) in trend.iter().enumerate() {
        if let Some(tr) = tr {
            let v = if multiplicative { y[t] / tr } else { y[t] - tr };
            if v.is_finite() {
                sums[t % m] += v;
                counts[t % m] += 1;
            }
        }
    }
    let mut season: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| {
            if c > 0 {
                s / c as f64
            } else if multiplicative {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    normalise(&mut season, multiplicative);
    season
}

/// Seasonal indices of [`classical_seasonal_indices`] shrunk towards no
/// season by the positive-part James–Stein estimator of Miller & Williams
/// (2003), "Shrinkage estimators of time series seasonal factors and their
/// effect on forecasting accuracy", *IJF* 19(4):
///
/// `Ŝ_i = s̄ + max(0, 1 − (m − 3) σ̂² / Σ_j (S_j − s̄)²) (S_i − s̄)`
///
/// with `s̄` = 1 (multiplicative) or 0 (additive) and `σ̂²` the pooled sampling
/// variance of an index (the variance of its detrended values over the years
/// divided by their number). Noisy seasonal patterns are damped, clear ones
/// kept. No shrinkage for `m ≤ 3`.
pub fn shrunk_seasonal_indices(y: &[f64], m: usize, multiplicative: bool) -> Vec<f64> {
    let mut season = classical_seasonal_indices(y, m, multiplicative);
    if m <= 3 {
        return season;
    }
    let trend = centred_moving_average(y, m);
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); m];
    for (t, tr) in trend.iter().enumerate() {
        if let Some(tr) = tr {
            let v = if multiplicative { y[t] / tr } else { y[t] - tr };
            if v.is_finite() {
                values[t % m].push(v);
            }
        }
    }
    let mut variance_sum = 0.0;
    let mut counted = 0usize;
    for v in values.iter().filter(|v| v.len() >= 2) {
        let k = v.len() as f64;
        let mean = v.iter().sum::<f64>() / k;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (k - 1.0);
        variance_sum += var / k;
        counted += 1;
    }
    if counted == 0 {
        return season;
    }
    let sigma2 = variance_sum / counted as f64;
    let centre = if multiplicative { 1.0 } else { 0.0 };
    let spread: f64 = season.iter().map(|s| (s - centre) * (s - centre)).sum();
    let weight = if spread > 0.0 {
        (1.0 - (m as f64 - 3.0) * sigma2 / spread).max(0.0)
    } else {
        0.0
    };
    for s in &mut season {
        *s = centre + weight * (*s - centre);
    }
    season
}

/// Sample autocorrelations `r_1..=r_max_lag` (the usual biased estimator).
pub fn acf(y: &[f64], max_lag: usize) -> Vec<f64> {
    let n = y.len();
    if n == 0 {
        return vec![0.0; max_lag];
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let denom: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    (1..=max_lag)
        .map(|lag| {
            if denom <= 0.0 || lag >= n {
                return 0.0;
            }
            let num: f64 = (lag..n).map(|t| (y[t] - mean) * (y[t - lag] - mean)).sum();
            num / denom
        })
        .collect()
}

/// Seasonality test of the Theta method (Assimakopoulos & Nikolopoulos, 2000;
/// the M4 benchmarks): seasonal when `|r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²)/n)`
/// (90% one-sided). Needs `m ≥ 2` and `n ≥ 2m`.
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return false;
    }
    let r = acf(y, m);
    let sum_sq: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * sum_sq) / n as f64).sqrt();
    r[m - 1].abs() > limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinkage_keeps_a_clean_season_and_damps_a_noisy_one() {
        let pattern = [1.3, 0.7, 1.1, 0.9];
        let clean: Vec<f64> = (0..40).map(|t| 100.0 * pattern[t % 4]).collect();
        let raw = classical_seasonal_indices(&clean, 4, true);
        let shrunk = shrunk_seasonal_indices(&clean, 4, true);
        for (a, b) in raw.iter().zip(&shrunk) {
            assert!((a - b).abs() < 1e-9);
        }
        // Noise without season: indices pulled towards 1.
        let noisy: Vec<f64> = (0..48)
            .map(|t| 100.0 + ((t * 7919) % 23) as f64 - 11.0)
            .collect();
        let raw = classical_seasonal_indices(&noisy, 12, true);
        let shrunk = shrunk_seasonal_indices(&noisy, 12, true);
        let dev = |v: &[f64]| v.iter().map(|s| (s - 1.0).abs()).sum::<f64>();
        assert!(dev(&shrunk) < dev(&raw), "{raw:?} {shrunk:?}");
    }

    #[test]
    fn line_fit_is_exact_on_a_line() {
        let (a, b) = linear_fit(&[3.0, 5.0, 7.0, 9.0]);
        assert!((a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
    }

    #[test]
    fn detects_strong_season_and_not_noise() {
        let y: Vec<f64> = (0..48)
            .map(|t| 10.0 + [3.0, -1.0, -2.0, 0.0][t % 4])
            .collect();
        assert!(is_seasonal(&y, 4));
        let flat: Vec<f64> = (0..48).map(|t| 10.0 + (t as f64) * 0.1).collect();
        assert!(!is_seasonal(&flat, 12));
    }

    #[test]
    fn centred_average_even_order() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let ma = centred_moving_average(&y, 4);
        assert_eq!(ma[0], None);
        assert_eq!(ma[2], Some(3.0));
        assert_eq!(ma[3], Some(4.0));
        assert_eq!(ma[4], None);
    }
}
