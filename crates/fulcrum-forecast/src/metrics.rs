//! Accuracy measures for backtests.

/// Accumulates forecast errors over backtest origins and computes the
/// measures of [`crate::ModelAccuracy`].
#[derive(Debug, Clone, Default)]
pub struct ErrorAccumulator {
    count: usize,
    ape_sum: f64,
    ape_count: usize,
    abs_error_sum: f64,
    abs_actual_sum: f64,
    signed_error_sum: f64,
    smape_sum: f64,
    smape_count: usize,
    scaled_abs_sum: f64,
    scaled_abs_count: usize,
    scaled_sq_sum: f64,
    scaled_sq_count: usize,
}

/// Mean absolute `lag`-differences of the training data (the MASE scale), or
/// `None` when undefined or zero.
pub fn naive_scale(train: &[f64], lag: usize, squared: bool) -> Option<f64> {
    let lag = if lag >= train.len() { 1 } else { lag.max(1) };
    if train.len() <= lag {
        return None;
    }
    let diffs = train.len() - lag;
    let sum: f64 = (lag..train.len())
        .map(|t| {
            let d = train[t] - train[t - lag];
            if squared { d * d } else { d.abs() }
        })
        .sum();
    let scale = sum / diffs as f64;
    if scale > 0.0 && scale.is_finite() {
        Some(scale)
    } else {
        None
    }
}

impl ErrorAccumulator {
    /// Adds one origin's forecasts against its actuals; `train` is that
    /// origin's training data, `season_length` the MASE differencing lag.
    pub fn add(&mut self, train: &[f64], forecast: &[f64], actual: &[f64], season_length: usize) {
        let mase_scale = naive_scale(train, season_length, false);
        let rmsse_scale = naive_scale(train, 1, true);
        for (&f, &a) in forecast.iter().zip(actual) {
            let e = f - a;
            self.count += 1;
            if a != 0.0 {
                self.ape_sum += (e / a).abs() * 100.0;
                self.ape_count += 1;
            }
            self.abs_error_sum += e.abs();
            self.abs_actual_sum += a.abs();
            self.signed_error_sum += e;
            let denom = a.abs() + f.abs();
            if denom > 0.0 {
                self.smape_sum += 200.0 * e.abs() / denom;
                self.smape_count += 1;
            } else {
                self.smape_count += 1;
            }
            if let Some(s) = mase_scale {
                self.scaled_abs_sum += e.abs() / s;
                self.scaled_abs_count += 1;
            }
            if let Some(s) = rmsse_scale {
                self.scaled_sq_sum += e * e / s;
                self.scaled_sq_count += 1;
            }
        }
    }

    /// Number of forecast–actual pairs added.
    pub fn count(&self) -> usize {
        self.count
    }

    /// MAPE in percent (over non-zero actuals).
    pub fn mape(&self) -> f64 {
        ratio(self.ape_sum, self.ape_count as f64)
    }

    /// WAPE in percent: `Σ|e| / Σ|y|`.
    pub fn wape(&self) -> f64 {
        ratio(self.abs_error_sum * 100.0, self.abs_actual_sum)
    }

    /// sMAPE in percent, 0–200 (M3 definition; 0/0 counts as 0).
    pub fn smape(&self) -> f64 {
        ratio(self.smape_sum, self.smape_count as f64)
    }

    /// MASE (Hyndman & Koehler, 2006), seasonal-naive scaled.
    pub fn mase(&self) -> f64 {
        ratio(self.scaled_abs_sum, self.scaled_abs_count as f64)
    }

    /// RMSSE (M5), scaled by the in-sample one-step naive squared error.
    pub fn rmsse(&self) -> f64 {
        ratio(self.scaled_sq_sum, self.scaled_sq_count as f64).sqrt()
    }

    /// Bias in percent of actual volume: `Σ(ŷ − y) / Σ|y|`; positive means
    /// over-forecasting.
    pub fn bias(&self) -> f64 {
        ratio(self.signed_error_sum * 100.0, self.abs_actual_sum)
    }
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { f64::NAN }
}

/// sMAPE of one forecast in percent (0–200), M3 definition.
pub fn smape(forecast: &[f64], actual: &[f64]) -> f64 {
    let mut acc = ErrorAccumulator::default();
    acc.add(&[], forecast, actual, 1);
    acc.smape()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_on_a_small_case() {
        let mut acc = ErrorAccumulator::default();
        acc.add(&[1.0, 2.0, 3.0, 4.0], &[5.0, 5.0], &[4.0, 6.0], 1);
        assert!((acc.mape() - (25.0 + 100.0 / 6.0) / 2.0).abs() < 1e-12);
        assert!((acc.wape() - 20.0).abs() < 1e-12);
        assert!((acc.mase() - 1.0).abs() < 1e-12);
        assert!((acc.bias() - 0.0).abs() < 1e-12);
        let expected_smape = (200.0 / 9.0 + 200.0 / 11.0) / 2.0;
        assert!((acc.smape() - expected_smape).abs() < 1e-12);
        assert!((acc.rmsse() - 1.0).abs() < 1e-12);
    }
}
