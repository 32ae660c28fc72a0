//! Behaviour of the automatic forecast on edge cases and typical patterns.

use fulcrum_forecast::{
    AutoConfig, DemandClass, OutlierHandling, forecast_auto, forecast_many, forecast_with_reference,
};

fn config(horizon: usize, season_length: usize) -> AutoConfig {
    AutoConfig {
        horizon,
        season_length,
        levels: vec![80.0, 95.0],
        backtest_origins: 3,
        ..AutoConfig::default()
    }
}

/// A seasonal monthly series with trend and a fixed pseudo-random wiggle.
fn seasonal_series(n: usize) -> Vec<f64> {
    let pattern = [
        0.8, 0.85, 0.95, 1.0, 1.1, 1.2, 1.25, 1.2, 1.05, 0.95, 0.85, 0.8,
    ];
    (0..n)
        .map(|t| {
            let wiggle = ((t * 7919) % 13) as f64 / 13.0 - 0.5;
            (200.0 + 2.0 * t as f64) * pattern[t % 12] + 4.0 * wiggle
        })
        .collect()
}

fn check_well_formed(name: &str, history: &[f64], cfg: &AutoConfig) {
    let fc = forecast_auto(history, cfg);
    assert_eq!(fc.point.len(), cfg.horizon, "{name}");
    assert_eq!(fc.sigma_h.len(), cfg.horizon, "{name}");
    assert_eq!(fc.intervals.len(), cfg.levels.len(), "{name}");
    assert!(
        fc.point.iter().all(|v| v.is_finite()),
        "{name}: {:?}",
        fc.point
    );
    assert!(
        fc.sigma_h.iter().all(|v| v.is_finite() && *v >= 0.0),
        "{name}: {:?}",
        fc.sigma_h
    );
    assert!(
        !fc.method.is_empty() && !fc.selection_reason.is_empty(),
        "{name}"
    );
    for interval in &fc.intervals {
        for h in 0..cfg.horizon {
            assert!(interval.lower[h] <= fc.point[h] + 1e-9, "{name}");
            assert!(fc.point[h] <= interval.upper[h] + 1e-9, "{name}");
        }
    }
}

#[test]
fn degenerate_histories_never_panic() {
    let cases: Vec<(&str, Vec<f64>)> = vec![
        ("empty", vec![]),
        ("one", vec![5.0]),
        ("two", vec![5.0, 7.0]),
        ("all zero", vec![0.0; 30]),
        ("constant", vec![3.0; 40]),
        ("negative", (0..30).map(|t| -(t as f64)).collect()),
        (
            "with NaN",
            vec![
                1.0,
                f64::NAN,
                3.0,
                4.0,
                f64::INFINITY,
                6.0,
                7.0,
                8.0,
                9.0,
                10.0,
            ],
        ),
        ("single spike", {
            let mut v = vec![0.0; 36];
            v[20] = 9.0;
            v
        }),
        ("huge", (0..40).map(|t| 1e12 * (1.0 + t as f64)).collect()),
        (
            "tiny",
            (0..40).map(|t| 1e-9 * (1.0 + (t % 5) as f64)).collect(),
        ),
    ];
    for (name, history) in &cases {
        for m in [1, 4, 12] {
            check_well_formed(name, history, &config(6, m));
        }
    }
    let zero = forecast_auto(&[0.0; 12], &config(3, 12));
    assert_eq!(zero.point, vec![0.0; 3]);
    let empty = forecast_auto(&[], &config(3, 12));
    assert_eq!(empty.point, vec![0.0; 3]);
    let short = forecast_auto(&[4.0, 5.0, 6.0], &config(2, 12));
    assert_eq!(short.point, vec![6.0, 6.0]);
    assert!(
        short.selection_reason.contains("short history"),
        "{}",
        short.selection_reason
    );
}

#[test]
fn demand_classes_follow_syntetos_boylan() {
    let smooth: Vec<f64> = (0..36).map(|t| 100.0 + (t % 3) as f64).collect();
    assert_eq!(
        forecast_auto(&smooth, &config(3, 12)).demand_class,
        DemandClass::Smooth
    );
    // Sizes jump between 10 and 100 without a pattern of period 12 (a period
    // dividing 12 would be a season, and its adjusted sizes smooth).
    let erratic: Vec<f64> = (0..36)
        .map(|t| {
            if (t * 7919 + 13) % 17 < 8 {
                10.0
            } else {
                100.0
            }
        })
        .collect();
    assert_eq!(
        forecast_auto(&erratic, &config(3, 12)).demand_class,
        DemandClass::Erratic
    );
    let intermittent: Vec<f64> = (0..36)
        .map(|t| if t % 3 == 2 { 5.0 } else { 0.0 })
        .collect();
    let fc = forecast_auto(&intermittent, &config(3, 12));
    assert_eq!(fc.demand_class, DemandClass::Intermittent);
    // 12 demands of 5 over 36 buckets: about 5/3 a bucket.
    assert!(
        (fc.point[0] - 5.0 / 3.0).abs() < 0.3,
        "{:?} {}",
        fc.point,
        fc.method
    );
    let lumpy: Vec<f64> = (0..36)
        .map(|t| {
            if t % 3 != 0 {
                0.0
            } else if t % 2 == 0 {
                1.0
            } else {
                20.0
            }
        })
        .collect();
    assert_eq!(
        forecast_auto(&lumpy, &config(3, 12)).demand_class,
        DemandClass::Lumpy
    );
}

#[test]
fn seasonal_series_gets_a_seasonal_forecast() {
    let y = seasonal_series(72);
    let fc = forecast_auto(&y, &config(12, 12));
    assert!(
        fc.selection_reason.contains("seasonal at lag 12"),
        "{}",
        fc.selection_reason
    );
    // The peak month (index 6 of the pattern) stays above the trough (index 0).
    // 72 observations: the forecast starts at pattern position 0.
    let peak = fc.point[6];
    let trough = fc.point[0];
    assert!(peak > trough * 1.3, "{:?}", fc.point);
    // The truth continues the pattern: the forecast is within 10% of it.
    let truth = seasonal_series(84);
    for h in 0..12 {
        let err = (fc.point[h] - truth[72 + h]).abs() / truth[72 + h];
        assert!(err < 0.1, "h={h}: {} vs {}", fc.point[h], truth[72 + h]);
    }
    assert!(!fc.backtest.is_empty());
    assert!(
        fc.backtest
            .iter()
            .all(|a| a.mase.is_finite() && a.smape >= 0.0)
    );
}

#[test]
fn wider_level_gives_wider_interval_and_sigma_grows() {
    let y = seasonal_series(60);
    let fc = forecast_auto(&y, &config(18, 12));
    let (i80, i95) = (&fc.intervals[0], &fc.intervals[1]);
    for h in 0..18 {
        assert!(i95.upper[h] - i95.lower[h] >= i80.upper[h] - i80.lower[h] - 1e-9);
    }
    assert!(fc.sigma_h[17] > fc.sigma_h[0], "{:?}", fc.sigma_h);
}

#[test]
fn many_is_parallel_but_equal_to_one_by_one() {
    let histories: Vec<Vec<f64>> = (0..24)
        .map(|i| match i % 4 {
            0 => seasonal_series(48 + i),
            1 => (0..30 + i)
                .map(|t| if (t + i) % 4 == 0 { 3.0 } else { 0.0 })
                .collect(),
            2 => vec![],
            _ => (0..20 + i).map(|t| 50.0 + t as f64).collect(),
        })
        .collect();
    let cfg = config(8, 12);
    let many = forecast_many(&histories, &cfg);
    assert_eq!(many.len(), histories.len());
    // Each series is forecast as on its own; only the intervals and σ_h then take
    // the batch's pooled calibration (fulcrum_forecast::calibrate::pooled), which
    // applied to the one-by-one forecasts gives the batch bit for bit.
    let mut one_by_one: Vec<_> = histories.iter().map(|h| forecast_auto(h, &cfg)).collect();
    for (single, fc) in one_by_one.iter().zip(&many) {
        assert_eq!(single.point, fc.point);
        assert_eq!(single.method, fc.method);
    }
    fulcrum_forecast::calibrate::pooled(&mut one_by_one, &histories, &cfg);
    for (single, fc) in one_by_one.iter().zip(&many) {
        // Debug text compares NaN measures (undefined MASE) as equal, bit for bit otherwise.
        assert_eq!(format!("{single:?}"), format!("{fc:?}"));
    }
}

#[test]
fn pooled_calibration_widens_intervals_that_backtests_show_too_narrow() {
    // Noisy series whose models' in-sample σ understates their out-of-sample errors:
    // a level that jumps every 7 buckets.
    let histories: Vec<Vec<f64>> = (0..40)
        .map(|i| {
            (0..60)
                .map(|t| 100.0 + 30.0 * (((t + i) / 7) % 3) as f64 + ((t * 13 + i * 7) % 5) as f64)
                .collect()
        })
        .collect();
    let cfg = config(8, 1);
    let many = forecast_many(&histories, &cfg);
    let singles: Vec<_> = histories.iter().map(|h| forecast_auto(h, &cfg)).collect();
    let width = |f: &fulcrum_forecast::SeriesForecast| {
        let i = &f.intervals[0];
        i.upper
            .iter()
            .zip(&i.lower)
            .map(|(u, l)| u - l)
            .sum::<f64>()
    };
    assert!(many.iter().all(|f| !f.calibration_scores.is_empty()));
    assert!(many.iter().zip(&singles).any(|(m, s)| width(m) != width(s)));
    assert!(
        many.iter()
            .all(|f| f.sigma_h.iter().all(|s| s.is_finite() && *s >= 0.0))
    );
}

#[test]
fn outliers_are_flagged_by_default_and_cleansed_on_request() {
    let mut history = seasonal_series(48);
    history[40] *= 3.0;
    let flagged = forecast_auto(&history, &config(12, 12));
    assert!(
        flagged
            .outliers
            .iter()
            .any(|p| p.index == 40 && p.original == history[40]),
        "{:?}",
        flagged.outliers
    );
    assert!(!flagged.history_cleansed);
    assert!(flagged.selection_reason.contains("flagged, not cleansed"));
    let cleansed = forecast_auto(
        &history,
        &AutoConfig {
            outliers: OutlierHandling::Cleanse,
            ..config(12, 12)
        },
    );
    assert!(cleansed.history_cleansed);
    assert_eq!(cleansed.outliers, flagged.outliers);
    assert!(
        cleansed
            .selection_reason
            .contains("cleansed before fitting")
    );
    // Without the outlier the forecast matches the clean series' more closely.
    let clean = forecast_auto(&seasonal_series(48), &config(12, 12));
    let distance = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f64>();
    assert!(distance(&cleansed.point, &clean.point) < distance(&flagged.point, &clean.point));
}

#[test]
fn like_item_reference_covers_zero_and_short_histories() {
    let reference = seasonal_series(48);
    let cfg = config(12, 12);
    // No history: the reference's own forecast.
    let launched = forecast_with_reference(&[0.0; 5], Some(&reference), &cfg);
    assert_eq!(launched.point, forecast_auto(&reference, &cfg).point);
    assert!(
        launched.method.starts_with("LikeItem("),
        "{}",
        launched.method
    );
    // Six months of a new item selling half as much as the reference: its own
    // level, the reference's season (the peak lands where the reference peaks).
    let short: Vec<f64> = reference[42..].iter().map(|v| 0.5 * v).collect();
    let fc = forecast_with_reference(&short, Some(&reference), &cfg);
    assert!(
        fc.method.contains("seasonal profile of the reference"),
        "{}",
        fc.method
    );
    let peak = |v: &[f64]| {
        v.iter()
            .enumerate()
            .fold(
                (0, f64::MIN),
                |best, (i, x)| if *x > best.1 { (i, *x) } else { best },
            )
            .0
    };
    let reference_fc = forecast_auto(&reference, &cfg);
    assert_eq!(peak(&fc.point), peak(&reference_fc.point));
    let ratio = fc.point.iter().sum::<f64>() / reference_fc.point.iter().sum::<f64>();
    assert!((0.35..0.65).contains(&ratio), "{ratio}");
    for interval in &fc.intervals {
        for h in 0..12 {
            assert!(interval.lower[h] <= fc.point[h] && fc.point[h] <= interval.upper[h]);
        }
    }
    // No reference, or an all-zero one: the plain automatic forecast.
    assert_eq!(
        forecast_with_reference(&short, None, &cfg),
        forecast_auto(&short, &cfg)
    );
    assert_eq!(
        forecast_with_reference(&short, Some(&[0.0; 48]), &cfg),
        forecast_auto(&short, &cfg)
    );
}
