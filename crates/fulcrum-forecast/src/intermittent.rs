//! Intermittent-demand methods: Croston, SBA, TSB and ADIDA.

use crate::ModelFit;
use crate::simple::ses_level;

/// Demand sizes (non-zero values) and inter-demand intervals of a series.
///
/// The first interval counts from the start of the history (a demand in the
/// first bucket has interval 1).
pub(crate) fn sizes_and_intervals(history: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut sizes = Vec::new();
    let mut intervals = Vec::new();
    let mut previous: Option<usize> = None;
    for (t, &y) in history.iter().enumerate() {
        if y != 0.0 {
            sizes.push(y);
            intervals.push(match previous {
                Some(p) => (t - p) as f64,
                None => (t + 1) as f64,
            });
            previous = Some(t);
        }
    }
    (sizes, intervals)
}

fn croston_core(history: &[f64], alpha: f64, debias: f64, horizon: usize) -> ModelFit {
    let n = history.len();
    let mut fitted = vec![f64::NAN; n];
    let mut size_level: Option<f64> = None;
    let mut interval_level = 0.0;
    let mut since_last = 0.0;
    for (t, &y) in history.iter().enumerate() {
        if let Some(z) = size_level {
            fitted[t] = debias * z / interval_level;
        }
        since_last += 1.0;
        if y != 0.0 {
            match size_level {
                None => {
                    size_level = Some(y);
                    interval_level = since_last;
                }
                Some(z) => {
                    size_level = Some(alpha * y + (1.0 - alpha) * z);
                    interval_level = alpha * since_last + (1.0 - alpha) * interval_level;
                }
            }
            since_last = 0.0;
        }
    }
    let level = match size_level {
        Some(z) if interval_level > 0.0 => debias * z / interval_level,
        _ => 0.0,
    };
    ModelFit {
        forecast: vec![level; horizon],
        fitted,
    }
}

/// Croston's method (Croston, 1972) with smoothing weight `alpha` (classic: 0.1).
///
/// Demand sizes `z` and inter-demand intervals `p` are smoothed separately by
/// simple exponential smoothing, updated only in buckets with demand, both
/// initialised with their first value: `ŷ = ẑ / p̂`.
pub fn croston(history: &[f64], alpha: f64, horizon: usize) -> ModelFit {
    croston_core(history, alpha, 1.0, horizon)
}

/// Syntetos–Boylan approximation (Syntetos & Boylan, 2005): Croston's estimate
/// multiplied by the bias correction `1 - α/2`: `ŷ = (1 - α/2) ẑ / p̂`.
pub fn sba(history: &[f64], alpha: f64, horizon: usize) -> ModelFit {
    croston_core(history, alpha, 1.0 - alpha / 2.0, horizon)
}

/// Teunter–Syntetos–Babai method (Teunter, Syntetos & Babai, 2011).
///
/// The demand probability `d̂_t` is smoothed every bucket with weight `alpha_p`
/// on the occurrence indicator `1{y_t ≠ 0}`, the demand size `ẑ_t` only in
/// buckets with demand with weight `alpha_d`; both start at their first value.
/// `ŷ = d̂ · ẑ`. (statsforecast's `TSB` convention.)
pub fn tsb(history: &[f64], alpha_d: f64, alpha_p: f64, horizon: usize) -> ModelFit {
    let n = history.len();
    let mut fitted = vec![f64::NAN; n];
    if n == 0 {
        return ModelFit::empty(horizon);
    }
    let mut probability = if history[0] != 0.0 { 1.0 } else { 0.0 };
    let mut size: Option<f64> = if history[0] != 0.0 {
        Some(history[0])
    } else {
        None
    };
    for t in 1..n {
        fitted[t] = probability * size.unwrap_or(0.0);
        let occurred = history[t] != 0.0;
        probability = alpha_p * f64::from(u8::from(occurred)) + (1.0 - alpha_p) * probability;
        if occurred {
            size = Some(match size {
                Some(z) => alpha_d * history[t] + (1.0 - alpha_d) * z,
                None => history[t],
            });
        }
    }
    let level = probability * size.unwrap_or(0.0);
    ModelFit {
        forecast: vec![level; horizon],
        fitted,
    }
}

/// ADIDA, aggregate–disaggregate intermittent demand approach (Nikolopoulos et
/// al., 2011): the history is summed into non-overlapping buckets of the mean
/// inter-demand interval (dropping the oldest remainder), forecast there by
/// simple exponential smoothing with weight `alpha`, and the aggregate
/// forecast is spread evenly back: `ŷ = SES(agg) / k`.
pub fn adida(history: &[f64], alpha: f64, horizon: usize) -> ModelFit {
    let (sizes, intervals) = sizes_and_intervals(history);
    if sizes.is_empty() {
        return ModelFit {
            forecast: vec![0.0; horizon],
            fitted: vec![f64::NAN; history.len()],
        };
    }
    let mean_interval = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let k = (mean_interval.round() as usize).clamp(1, history.len());
    let start = history.len() % k;
    let aggregated: Vec<f64> = history[start..].chunks(k).map(|c| c.iter().sum()).collect();
    let level = ses_level(&aggregated, alpha) / k as f64;
    ModelFit {
        forecast: vec![level; horizon],
        fitted: vec![f64::NAN; history.len()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn croston_on_regular_demand_is_size_over_interval() {
        let y = [0.0, 4.0, 0.0, 4.0, 0.0, 4.0];
        let fit = croston(&y, 0.1, 2);
        assert!((fit.forecast[0] - 2.0).abs() < 1e-12);
        let fit = sba(&y, 0.1, 1);
        assert!((fit.forecast[0] - 1.9).abs() < 1e-12);
    }

    #[test]
    fn intervals_count_from_start() {
        let (s, p) = sizes_and_intervals(&[0.0, 0.0, 3.0, 0.0, 5.0]);
        assert_eq!(s, vec![3.0, 5.0]);
        assert_eq!(p, vec![3.0, 2.0]);
    }
}
