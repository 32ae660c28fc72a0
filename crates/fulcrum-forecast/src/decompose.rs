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
