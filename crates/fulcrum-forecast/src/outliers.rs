//! Outlier detection and cleansing of history, recorded and reversible.
//!
//! The method is the one of R's `forecast::tsoutliers` / `tsclean` (Hyndman &
//! Athanasopoulos, *FPP* 3rd ed. §13.9; Hyndman, Athanasopoulos et al., the
//! `forecast` package ≥ 8.13), with a running median instead of loess for the
//! trend so that the series' last points (where a recent promotion hurts a
//! forecast most) are covered:
//!
//! 1. seasonally adjust the series with the given seasonal indices (if any);
//! 2. estimate a robust trend: running median of 5 (3 at the ends, the point
//!    itself at the very ends' neighbours' median rule of Tukey);
//! 3. residuals `r_t = a_t − trend_t`; a point is an outlier when
//!    `r_t < Q1 − 3·IQR` or `r_t > Q3 + 3·IQR` (quartiles of the residuals);
//! 4. its cleaned value is the trend re-seasonalised, floored at zero for
//!    non-negative series.
//!
//! Nothing is lost: [`Cleansing`] keeps every original and cleaned value, and
//! [`Cleansing::restore`] gives the original history back.

/// One cleaned point of a history.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanedPoint {
    /// Position in the history (0 = first bucket).
    pub index: usize,
    /// The value as recorded.
    pub original: f64,
    /// The value the models were fitted on.
    pub cleaned: f64,
}

/// The result of cleansing a history: the cleaned series and what changed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cleansing {
    /// The cleaned history (equal to the input where nothing was flagged).
    pub cleaned: Vec<f64>,
    /// The points that were changed, in order of `index`.
    pub points: Vec<CleanedPoint>,
}

impl Cleansing {
    /// The original history: the cleaned one with every changed point put back.
    pub fn restore(&self) -> Vec<f64> {
        let mut history = self.cleaned.clone();
        for point in &self.points {
            if let Some(slot) = history.get_mut(point.index) {
                *slot = point.original;
            }
        }
        history
    }
}

/// Seasonal indices to adjust by before looking for outliers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seasonality<'a> {
    /// No seasonal adjustment.
    None,
    /// Divide by the index of position `t mod m`.
    Multiplicative(&'a [f64]),
    /// Subtract the index of position `t mod m`.
    Additive(&'a [f64]),
}

/// Multiplier of the interquartile range beyond which a residual is an outlier
/// (`forecast::tsoutliers`).
pub const IQR_MULTIPLIER: f64 = 3.0;

/// Fewest observations for outlier detection: quartiles of fewer residuals are
/// too unstable.
pub const MIN_OBSERVATIONS: usize = 12;

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let k = values.len();
    if k == 0 {
        return f64::NAN;
    }
    if k % 2 == 1 {
        values[k / 2]
    } else {
        0.5 * (values[k / 2 - 1] + values[k / 2])
    }
}

/// Running median of span 5, shrinking to 3 at the second and second-to-last
/// points; at the end points Tukey's end-point rule (median of the value, its
/// neighbour's smoothed value and the extrapolation `3·s₁ − 2·s₂`).
pub fn running_median(y: &[f64]) -> Vec<f64> {
    let n = y.len();
    if n < 3 {
        return y.to_vec();
    }
    let mut out = vec![0.0; n];
    for t in 1..n - 1 {
        let half = if t >= 2 && t + 2 < n { 2 } else { 1 };
        let mut window: Vec<f64> = y[t - half..=t + half].to_vec();
        out[t] = median(&mut window);
    }
    let mut first = [y[0], out[1], 3.0 * out[1] - 2.0 * out[2]];
    out[0] = median(&mut first);
    let mut last = [y[n - 1], out[n - 2], 3.0 * out[n - 2] - 2.0 * out[n - 3]];
    out[n - 1] = median(&mut last);
    out
}

/// Hanning: weights ¼, ½, ¼ (end points copied), the "H" of Tukey's
/// compound smoothers (Velleman & Hoaglin, *ABC of EDA*, 1981, ch. 6).
pub fn hanning(y: &[f64]) -> Vec<f64> {
    let n = y.len();
    if n < 3 {
        return y.to_vec();
    }
    let mut out = y.to_vec();
    for t in 1..n - 1 {
        out[t] = 0.25 * y[t - 1] + 0.5 * y[t] + 0.25 * y[t + 1];
    }
    out
}

/// Type-7 (linear interpolation) sample quantile, as R's default.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let k = sorted.len();
    if k == 0 {
        return f64::NAN;
    }
    let h = (k - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(k - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Finds outliers in `history` and returns the cleaned history with a record of
/// every changed point (see the module documentation for the method). Series
/// shorter than [`MIN_OBSERVATIONS`] are returned unchanged.
pub fn cleanse(history: &[f64], seasonality: Seasonality<'_>) -> Cleansing {
    let n = history.len();
    let unchanged = || Cleansing {
        cleaned: history.to_vec(),
        points: Vec::new(),
    };
    if n < MIN_OBSERVATIONS || history.iter().any(|v| !v.is_finite()) {
        return unchanged();
    }
    let index = |t: usize| -> f64 {
        match seasonality {
            Seasonality::None => 0.0,
            Seasonality::Multiplicative(s) | Seasonality::Additive(s) => {
                if s.is_empty() {
                    0.0
                } else {
                    s[t % s.len()]
                }
            }
        }
    };
    if let Seasonality::Multiplicative(s) = seasonality
        && s.iter().any(|v| *v <= 0.0 || !v.is_finite())
    {
        return unchanged();
    }
    let adjusted: Vec<f64> = history
        .iter()
        .enumerate()
        .map(|(t, v)| match seasonality {
            Seasonality::None => *v,
            Seasonality::Multiplicative(_) => v / index(t),
            Seasonality::Additive(_) => v - index(t),
        })
        .collect();
    let trend = hanning(&running_median(&adjusted));
    let residuals: Vec<f64> = adjusted.iter().zip(&trend).map(|(a, b)| a - b).collect();
    let mut sorted = residuals.clone();
    sorted.sort_by(f64::total_cmp);
    let (q1, q3) = (quantile(&sorted, 0.25), quantile(&sorted, 0.75));
    let iqr = q3 - q1;
    if iqr <= 0.0 {
        return unchanged();
    }
    let (lower, upper) = (q1 - IQR_MULTIPLIER * iqr, q3 + IQR_MULTIPLIER * iqr);
    let non_negative = history.iter().all(|v| *v >= 0.0);
    let mut cleaned = history.to_vec();
    let mut points = Vec::new();
    for (t, r) in residuals.iter().enumerate() {
        if *r >= lower && *r <= upper {
            continue;
        }
        let mut value = match seasonality {
            Seasonality::None => trend[t],
            Seasonality::Multiplicative(_) => trend[t] * index(t),
            Seasonality::Additive(_) => trend[t] + index(t),
        };
        if non_negative {
            value = value.max(0.0);
        }
        points.push(CleanedPoint {
            index: t,
            original: history[t],
            cleaned: value,
        });
        cleaned[t] = value;
    }
    Cleansing { cleaned, points }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A level of 100 with a small deterministic wiggle.
    fn wiggle(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| 100.0 + 6.0 * (((t * 7919) % 13) as f64 / 13.0 - 0.5))
            .collect()
    }

    #[test]
    fn a_promotion_spike_is_found_cleaned_and_restorable() {
        for spike_at in [5, 23] {
            let mut history = wiggle(24);
            history[spike_at] = 250.0;
            let cleansing = cleanse(&history, Seasonality::None);
            assert_eq!(
                cleansing.points.len(),
                1,
                "{spike_at}: {:?}",
                cleansing.points
            );
            let point = &cleansing.points[0];
            assert_eq!((point.index, point.original), (spike_at, 250.0));
            assert!((point.cleaned - 100.0).abs() < 5.0, "{point:?}");
            assert_eq!(cleansing.cleaned[spike_at], point.cleaned);
            assert_eq!(cleansing.restore(), history);
        }
    }

    #[test]
    fn seasonal_peaks_are_not_outliers_once_adjusted() {
        let indices = [0.5, 0.6, 0.8, 1.0, 1.3, 1.8, 1.8, 1.3, 1.0, 0.8, 0.6, 0.5];
        let history: Vec<f64> = wiggle(36)
            .iter()
            .enumerate()
            .map(|(t, v)| v * indices[t % 12])
            .collect();
        let cleansing = cleanse(&history, Seasonality::Multiplicative(&indices));
        assert!(cleansing.points.is_empty(), "{:?}", cleansing.points);
        assert_eq!(cleansing.cleaned, history);
    }

    #[test]
    fn short_or_flat_histories_are_left_alone() {
        let mut short = wiggle(8);
        short[3] = 500.0;
        assert!(cleanse(&short, Seasonality::None).points.is_empty());
        assert!(cleanse(&[7.0; 30], Seasonality::None).points.is_empty());
    }

    #[test]
    fn running_median_ignores_a_single_spike() {
        let y = [10.0, 11.0, 50.0, 12.0, 13.0, 12.0, 60.0];
        let trend = running_median(&y);
        assert_eq!(trend[2], 12.0);
        assert!(trend[6] < 20.0, "{trend:?}");
    }
}
