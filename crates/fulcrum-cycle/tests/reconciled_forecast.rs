//! The forecast stage reconciles item × DC forecasts with their top-level
//! families and the company total (WLS, one-step variance weights; see
//! `fulcrum_cycle::forecast_stage`).

use fulcrum_core::{KeyFigure, SeriesKey};
use fulcrum_cycle::forecast_stage::{self, reconcile};
use fulcrum_cycle::{CycleConfig, ForecastMethod};
use fulcrum_demo::{DemoConfig, generate};
use fulcrum_forecast::{DemandClass, SeriesForecast};

fn fixed(point: Vec<f64>, sigma: f64) -> SeriesForecast {
    SeriesForecast {
        sigma_h: vec![sigma; point.len()],
        point,
        intervals: Vec::new(),
        method: "fixed".into(),
        parameters: Vec::new(),
        selection_reason: String::new(),
        demand_class: DemandClass::Smooth,
        backtest: Vec::new(),
        outliers: Vec::new(),
        history_cleansed: false,
        calibration_scores: Vec::new(),
    }
}

/// Two items (a, b) in one family F under the total T. Base forecasts for two
/// buckets: a = (10, 1), b = (20, 20), F = (36, 15), T = (33, 15); variances
/// a = b = 1, F = T = 2. With S rows T = F = [1 1], a = [1 0], b = [0 1]:
/// S′W⁻¹S = [[2 1] [1 2]].
/// Bucket 1: S′W⁻¹ŷ = (44.5, 54.5) → a = 11.5, b = 21.5, F = T = 33.
/// Bucket 2: S′W⁻¹ŷ = (16, 35) → a = −1, b = 18 (sum 17); a is set to zero and
/// b re-proportioned to the family's 17: a = 0, b = 17, F = T = 17.
#[test]
fn two_items_one_family_by_hand() {
    let families = vec![Some("F".to_string()), Some("F".to_string())];
    let histories = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
    let leaves = vec![vec![10.0, 1.0], vec![20.0, 20.0]];
    let sigmas = vec![vec![1.0, 1.0], vec![1.0, 1.0]];
    let result = reconcile(&families, &histories, &leaves, &sigmas, &|nodes| {
        assert_eq!(nodes.len(), 2, "total and one family");
        assert_eq!(nodes[0], vec![5.0, 7.0, 9.0], "total history");
        assert_eq!(nodes[1], vec![5.0, 7.0, 9.0], "family history");
        vec![
            fixed(vec![33.0, 15.0], 2f64.sqrt()),
            fixed(vec![36.0, 15.0], 2f64.sqrt()),
        ]
    });
    assert!(result.weighted);
    let close = |got: &[f64], want: &[f64]| {
        got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-9) && got.len() == want.len()
    };
    assert!(
        close(&result.leaves[0], &[11.5, 0.0]),
        "{:?}",
        result.leaves
    );
    assert!(
        close(&result.leaves[1], &[21.5, 17.0]),
        "{:?}",
        result.leaves
    );
    assert!(close(&result.families["F"], &[33.0, 17.0]));
    assert!(close(&result.total, &[33.0, 17.0]));
    assert!(close(&result.family_base["F"], &[36.0, 15.0]));
    assert!(close(&result.total_base, &[33.0, 15.0]));
}

/// On the demo, the reconciled statistical forecast is coherent: every item × DC
/// is non-negative, Σ items = family and Σ families = total in every bucket, and
/// the plan's family and total key figures are those sums.
#[test]
fn demo_forecast_is_coherent() {
    let dataset = generate(&DemoConfig::default());
    let output = forecast_stage::run(&dataset, ForecastMethod::Automatic);
    let horizon = dataset.calendar().horizon_len();
    let mut families: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    let mut total = vec![0.0; horizon];
    for ((item, _), combination) in &output.combinations {
        assert!(
            combination
                .forecast
                .iter()
                .all(|v| *v >= 0.0 && v.is_finite())
        );
        let family = dataset
            .root_family(&dataset.item(item).expect("known item").family)
            .to_string();
        let sum = families.entry(family).or_insert_with(|| vec![0.0; horizon]);
        for h in 0..horizon {
            sum[h] += combination.forecast[h];
            total[h] += combination.forecast[h];
        }
    }
    assert_eq!(
        families.keys().collect::<Vec<_>>(),
        output.reconciliation.families.keys().collect::<Vec<_>>()
    );
    let mut family_total = vec![0.0; horizon];
    for (family, sum) in &families {
        let reconciled = &output.reconciliation.families[family];
        for h in 0..horizon {
            assert!((sum[h] - reconciled[h]).abs() < 1e-9, "{family} bucket {h}");
            family_total[h] += reconciled[h];
        }
    }
    for h in 0..horizon {
        assert!((family_total[h] - output.reconciliation.total[h]).abs() < 1e-9);
        assert!((total[h] - output.reconciliation.total[h]).abs() < 1e-9);
    }
    assert!(output.models.iter().all(|m| {
        m.reason.contains("reconciled")
            && m.parameters
                .iter()
                .any(|(name, _)| name == "reconciled_wls")
    }));

    let plan = fulcrum_cycle::run_cycle(&dataset, &CycleConfig::default(), &mut |_| {});
    let stored = |key: SeriesKey| {
        plan.series
            .iter()
            .find(|series| series.key == key)
            .map(|series| series.values.clone())
            .expect("series stored")
    };
    let plan_total = stored(SeriesKey::total(KeyFigure::StatisticalForecast));
    let mut plan_family_sum = vec![0.0; horizon];
    for (family, reconciled) in &output.reconciliation.families {
        let values = stored(SeriesKey::family(KeyFigure::StatisticalForecast, family));
        for h in 0..horizon {
            assert!(
                (values[h] - reconciled[h]).abs() < 1e-9,
                "{family} bucket {h}"
            );
            plan_family_sum[h] += values[h];
        }
    }
    for h in 0..horizon {
        assert!(
            (plan_total[h] - plan_family_sum[h]).abs() < 1e-9,
            "bucket {h}"
        );
    }
}

/// Prints the demo's holdout WAPE before and after reconciliation (for
/// docs/forecasting.md): `cargo test -p fulcrum-cycle --test reconciled_forecast -- --nocapture`.
#[test]
fn demo_holdout_wape_before_and_after_reconciliation() {
    let dataset = generate(&DemoConfig::default());
    for method in [ForecastMethod::Automatic, ForecastMethod::SeasonalNaive] {
        let output = forecast_stage::run(&dataset, method);
        let before = output.backtest_wape_unreconciled.expect("measurable");
        let after = output.backtest_wape.expect("measurable");
        println!("{method:?}: holdout WAPE unreconciled {before:.4}, reconciled {after:.4}");
        assert!(after.is_finite() && before.is_finite());
    }
}
