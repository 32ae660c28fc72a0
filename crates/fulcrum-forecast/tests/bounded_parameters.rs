//! Regression (issue 11): a Theta fit's θ stays within [1, THETA_MAX] and every
//! parameter is finite. On long series whose season drifts, an unbounded fit ran θ to
//! 83,436,052. Each case here is a series of that kind (with the bound removed these
//! tests fail: θ runs away on them); a fit outside the bounds fails the test.

use fulcrum_forecast::theta::{THETA_MAX, ThetaKind, fit_theta};
use fulcrum_forecast::{AutoConfig, forecast_auto};

/// A deterministic pseudo-random stream in [0, 1) (a linear congruential generator).
fn noise(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 300 months in the hundreds whose seasonal pattern drifts over the years, with a
/// trend that reverses and a level shift: what made the fits run away.
fn drifting(seed: u64) -> Vec<f64> {
    let mut u = noise(seed);
    (0..300)
        .map(|t| {
            let year = t as f64 / 12.0;
            let phase = std::f64::consts::TAU * (t % 12) as f64 / 12.0 + year * 0.2;
            let trend = if t < 150 {
                2.0 * t as f64
            } else {
                600.0 - 1.5 * t as f64
            };
            let shift = if t > 220 { 150.0 } else { 0.0 };
            (300.0 + trend + shift + 80.0 * phase.sin() + 40.0 * (u() - 0.5)).max(1.0)
        })
        .collect()
}

fn trending(seed: u64) -> Vec<f64> {
    let mut u = noise(seed);
    (0..60)
        .map(|t| 100.0 + 12.0 * t as f64 + 0.3 * (t * t) as f64 + 5.0 * u())
        .collect()
}

#[test]
fn theta_parameters_stay_bounded_on_series_that_ran_away() {
    for seed in 1..=20 {
        for y in [drifting(seed), trending(seed)] {
            for kind in [
                ThetaKind::Standard,
                ThetaKind::Optimised,
                ThetaKind::DynamicStandard,
                ThetaKind::DynamicOptimised,
            ] {
                let fit = fit_theta(&y, kind, 18).expect("a fit");
                assert!(
                    (1.0..=THETA_MAX).contains(&fit.theta),
                    "{kind:?} seed {seed}: θ {}",
                    fit.theta
                );
                assert!(fit.initial_level.is_finite());
                assert!(
                    (0.1..=0.99).contains(&fit.alpha),
                    "{kind:?}: α {}",
                    fit.alpha
                );
                assert!(fit.forecast.iter().all(|v| v.is_finite()));
            }
        }
    }
}

#[test]
fn the_automatic_forecast_reports_only_bounded_parameters() {
    let config = AutoConfig {
        horizon: 18,
        season_length: 12,
        ..AutoConfig::default()
    };
    for seed in 1..=10 {
        let y = drifting(seed);
        let forecast = forecast_auto(&y, &config);
        for (name, value) in &forecast.parameters {
            assert!(value.is_finite(), "{name} = {value}");
            if name.ends_with("theta") {
                assert!(*value <= THETA_MAX, "{name} = {value}");
            }
        }
        assert!(forecast.point.iter().all(|v| v.is_finite()));
    }
}
