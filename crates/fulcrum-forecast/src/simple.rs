//! Benchmark methods: naive, seasonal naive, moving average and simple
//! exponential smoothing with a given smoothing weight.

use crate::ModelFit;

/// Naive (random walk) forecast: `ŷ_{n+h} = y_n`.
///
/// Fitted values are `ŷ_t = y_{t-1}` (NaN for the first observation).
/// See Hyndman & Athanasopoulos, *Forecasting: Principles and Practice*, §5.2.
pub fn naive(history: &[f64], horizon: usize) -> ModelFit {
    let Some(&last) = history.last() else {
        return ModelFit::empty(horizon);
    };
    let mut fitted = vec![f64::NAN; history.len()];
    fitted[1..].copy_from_slice(&history[..history.len() - 1]);
    ModelFit {
        forecast: vec![last; horizon],
        fitted,
    }
}

/// Seasonal naive forecast: `ŷ_{n+h} = y_{n+h-m(k+1)}`, `k = ⌊(h-1)/m⌋`:
/// each future bucket repeats the same bucket of the last observed season.
///
/// Fitted values are `ŷ_t = y_{t-m}`. With fewer than `m` observations it falls
/// back to [`naive`]. See Hyndman & Athanasopoulos, FPP §5.2.
pub fn seasonal_naive_fit(history: &[f64], season_length: usize, horizon: usize) -> ModelFit {
    let m = season_length.max(1);
    if history.len() < m || m == 1 {
        return naive(history, horizon);
    }
    let n = history.len();
    let mut fitted = vec![f64::NAN; n];
    fitted[m..].copy_from_slice(&history[..n - m]);
    let last_season = &history[n - m..];
    let forecast = (0..horizon).map(|h| last_season[h % m]).collect();
    ModelFit { forecast, fitted }
}

/// Moving (window) average: `ŷ_{n+h} = (1/w) Σ_{i=0}^{w-1} y_{n-i}`.
///
/// Fitted values are the trailing average of the `w` preceding observations
/// (NaN until `w` are available). A window longer than the history uses the
/// whole history.
pub fn moving_average(history: &[f64], window: usize, horizon: usize) -> ModelFit {
    let n = history.len();
    if n == 0 {
        return ModelFit::empty(horizon);
    }
    let w = window.clamp(1, n);
    let mut fitted = vec![f64::NAN; n];
    let mut sum: f64 = history[..w].iter().sum();
    for t in w..n {
        fitted[t] = sum / w as f64;
        sum += history[t] - history[t - w];
    }
    let level = history[n - w..].iter().sum::<f64>() / w as f64;
    ModelFit {
        forecast: vec![level; horizon],
        fitted,
    }
}

/// Simple exponential smoothing with a fixed weight `alpha`, initialised with
/// the first observation (Brown, 1959; the statsforecast convention):
///
/// `ℓ_0 = y_1`, `ℓ_t = α y_t + (1-α) ℓ_{t-1}`, `ŷ_{t+1} = ℓ_t`, `ŷ_{n+h} = ℓ_n`.
///
/// Returns the one-step fitted values (NaN for the first) and the flat forecast.
pub fn ses_fixed(history: &[f64], alpha: f64, horizon: usize) -> ModelFit {
    let n = history.len();
    if n == 0 {
        return ModelFit::empty(horizon);
    }
    let mut fitted = vec![f64::NAN; n];
    let mut level = history[0];
    for t in 1..n {
        fitted[t] = level;
        level = alpha * history[t] + (1.0 - alpha) * level;
    }
    ModelFit {
        forecast: vec![level; horizon],
        fitted,
    }
}

/// Last smoothed level of [`ses_fixed`] (its one-step-ahead forecast).
pub(crate) fn ses_level(values: &[f64], alpha: f64) -> f64 {
    let mut iter = values.iter();
    let Some(&first) = iter.next() else {
        return 0.0;
    };
    iter.fold(first, |level, &y| alpha * y + (1.0 - alpha) * level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_average_of_last_window() {
        let fit = moving_average(&[1.0, 2.0, 3.0, 4.0], 2, 3);
        assert_eq!(fit.forecast, vec![3.5; 3]);
        assert!(fit.fitted[1].is_nan());
        assert_eq!(fit.fitted[2], 1.5);
        assert_eq!(fit.fitted[3], 2.5);
    }

    #[test]
    fn seasonal_naive_repeats_last_season() {
        let fit = seasonal_naive_fit(&[1.0, 2.0, 3.0, 4.0, 5.0], 2, 3);
        assert_eq!(fit.forecast, vec![4.0, 5.0, 4.0]);
        assert_eq!(fit.fitted[2], 1.0);
    }
}
