//! Regression: on the demo company the automatic forecast lost to seasonal naive.
//!
//! With 36 months of history per (item, DC) the one-year holdout trains on 24
//! months. The ACF seasonality test cannot detect a season in two years of data,
//! so every winter and summer item was forecast flat (holdout WAPE 0.445 against
//! 0.185 for seasonal naive). The engine now also runs a seasonal-dummy F test and
//! estimates seasonal indices by a trend + dummy regression that uses every
//! observation (see docs/forecasting.md).

use fulcrum_core::{KeyFigure, SeriesKey};
use fulcrum_cycle::ForecastMethod;
use fulcrum_cycle::forecast_stage;
use fulcrum_demo::{DemoConfig, generate};
use fulcrum_forecast::{AutoConfig, forecast_auto};

#[test]
fn demo_holdout_wape_of_the_automatic_forecast_beats_seasonal_naive() {
    let dataset = generate(&DemoConfig::default());
    let automatic = forecast_stage::run(&dataset, ForecastMethod::Automatic)
        .backtest_wape
        .expect("the demo has two years of history");
    let seasonal_naive = forecast_stage::run(&dataset, ForecastMethod::SeasonalNaive)
        .backtest_wape
        .expect("the demo has two years of history");
    assert!(
        automatic < seasonal_naive,
        "automatic {automatic:.3} vs seasonal naive {seasonal_naive:.3}"
    );
}

#[test]
fn seasonal_demo_items_are_forecast_with_their_season() {
    let dataset = generate(&DemoConfig::default());
    let output = forecast_stage::run(&dataset, ForecastMethod::Automatic);
    let record = output
        .models
        .iter()
        .find(|record| record.item == "W-SHOE-25" && record.location == "DC-KAS")
        .expect("W-SHOE-25 is sold at Kassel");
    assert!(
        record.method.contains("seasonally adjusted"),
        "{}: {}",
        record.method,
        record.reason
    );
}

/// The three items launched during the history (4 to 9 months of sales) get the
/// seasonal profile of their family at the same DC around their own level.
#[test]
fn launched_items_borrow_their_family_season() {
    let dataset = generate(&DemoConfig::default());
    let output = forecast_stage::run(&dataset, ForecastMethod::Automatic);
    for item in ["T-DOME-2UL", "M-AIR-L", "B-TREK-W50"] {
        let records: Vec<_> = output.models.iter().filter(|r| r.item == item).collect();
        assert!(!records.is_empty(), "{item} is sold");
        for record in records {
            assert!(
                record.method.contains("seasonal profile of the reference"),
                "{item}@{}: {} | {}",
                record.location,
                record.method,
                record.reason
            );
        }
    }
}

/// The plan version carries the 80% and 95% intervals of the statistical forecast
/// (item × location) and the chosen model's backtest accuracy.
#[test]
fn plan_stores_intervals_and_model_accuracy() {
    let dataset = generate(&DemoConfig::default());
    let plan = fulcrum_cycle::run_cycle(&dataset, &Default::default(), &mut |_| {});
    let values = |figure: KeyFigure| {
        plan.series
            .iter()
            .find(|series| series.key == SeriesKey::item_location(figure, "W-SHOE-25", "DC-KAS"))
            .map(|series| series.values.clone())
            .unwrap_or_else(|| panic!("{} stored", figure.as_str()))
    };
    let forecast = values(KeyFigure::StatisticalForecast);
    let (lower_95, lower_80) = (
        values(KeyFigure::ForecastLower95),
        values(KeyFigure::ForecastLower80),
    );
    let (upper_80, upper_95) = (
        values(KeyFigure::ForecastUpper80),
        values(KeyFigure::ForecastUpper95),
    );
    for h in 0..forecast.len() {
        assert!(
            lower_95[h] <= lower_80[h]
                && lower_80[h] <= forecast[h]
                && forecast[h] <= upper_80[h]
                && upper_80[h] <= upper_95[h],
            "bucket {h}"
        );
    }
    assert!(
        plan.series.iter().all(|series| {
            series.key.figure != KeyFigure::ForecastLower80 || series.key.item.is_some()
        }),
        "bounds are not rolled up"
    );
    let with_accuracy = plan
        .forecast_models
        .iter()
        .filter(|model| model.accuracy.is_some())
        .count();
    assert!(
        with_accuracy * 2 > plan.forecast_models.len(),
        "{with_accuracy} of {}",
        plan.forecast_models.len()
    );
}

/// Interval calibration on the demo's one-year holdout (every item × DC, whole
/// 36-month history): the 80% and 95% intervals cover 70.2% and 84.5% of the
/// actuals. Still narrow, but the degrees-of-freedom correction of seasonally
/// adjusted models lifted them by about ten points (docs/forecasting.md).
#[test]
fn holdout_intervals_cover_most_actuals() {
    let dataset = generate(&DemoConfig::default());
    let config = AutoConfig {
        horizon: 12,
        season_length: 12,
        backtest_origins: 0,
        ..AutoConfig::default()
    };
    let (mut inside_80, mut inside_95, mut count) = (0usize, 0usize, 0usize);
    for history in forecast_stage::sales_history(&dataset).values() {
        let split = history.len() - 12;
        let forecast = forecast_auto(&history[..split], &config);
        for (h, actual) in history[split..].iter().enumerate() {
            let inside = |level: usize| {
                let interval = &forecast.intervals[level];
                interval.lower[h] <= *actual && *actual <= interval.upper[h]
            };
            inside_80 += usize::from(inside(0));
            inside_95 += usize::from(inside(1));
            count += 1;
        }
    }
    let (coverage_80, coverage_95) = (
        inside_80 as f64 / count as f64,
        inside_95 as f64 / count as f64,
    );
    assert!(
        coverage_80 > 0.66 && coverage_95 > 0.81,
        "{coverage_80:.3} {coverage_95:.3}"
    );
}
