//! The cycle's safety stock beyond `Φ⁻¹(CSL)·σ_D·√L`: lead-time variability, a fill
//! rate, slow movers with a discrete reorder point, and days of cover, each with a
//! hand-computed value.
//!
//! The network is the tiny company's (`tiny_company.rs`): FG at D1 is replenished
//! along the lane P1 → D1 (1 bucket) behind FG's 1-bucket production at P1, so its
//! response lead time is L = 2 and its lead-time variability the lane's; RAW at P1 is
//! bought from S1 (2 buckets), its variability the supplier's. The forecasts are
//! given by hand (`forecast`), so σ_D, D and the demand class are known exactly.
//!
//! Formulas: Chopra & Meindl, *Supply Chain Management*, 6th ed., ch. 12 (σ over the
//! lead time with its variability, §12.4; fill rate and the loss function);
//! Silver, Pyke & Thomas, *Inventory and Production Management in Supply Chains*,
//! 4th ed., ch. 6–7 (the same; Poisson and negative binomial lead-time demand for slow
//! movers).

mod common;

use std::collections::BTreeMap;

use common::{series, tiny_company};
use fulcrum_core::{Dataset, InventoryPolicy, KeyFigure, LotRule};
use fulcrum_cycle::forecast_stage::{CombinationForecast, ForecastOutput, Reconciliation};
use fulcrum_cycle::inventory_policy_stage::{
    self, BufferSafetyStock, SafetyStockBasis, ServiceGoal, SlowMoverDistribution,
};
use fulcrum_forecast::DemandClass;

/// A forecast of `per_bucket` every horizon bucket with one-step σ `sigma`, for the
/// buffers given; the history has sales (so an intermittent class is a slow mover).
fn forecast(buffers: &[(&str, &str, f64, f64, DemandClass)]) -> ForecastOutput {
    let combinations = buffers
        .iter()
        .map(|&(item, location, per_bucket, sigma, demand_class)| {
            (
                (item.to_string(), location.to_string()),
                CombinationForecast {
                    history: vec![0.0, per_bucket, 0.0, per_bucket],
                    forecast: vec![per_bucket; 18],
                    sigma_h: vec![sigma; 18],
                    demand_class,
                },
            )
        })
        .collect();
    ForecastOutput {
        combinations,
        models: Vec::new(),
        backtest_wape: None,
        intervals: BTreeMap::new(),
        backtest_wape_unreconciled: None,
        reconciliation: Reconciliation {
            leaves: Vec::new(),
            families: BTreeMap::new(),
            family_base: BTreeMap::new(),
            total: Vec::new(),
            total_base: Vec::new(),
            weighted: false,
        },
    }
}

/// A policy row for `item` at `location` with nothing set.
fn row(item: &str, location: &str) -> InventoryPolicy {
    InventoryPolicy {
        item: item.into(),
        location: location.into(),
        ..InventoryPolicy::default()
    }
}

/// The stage's result for one buffer.
fn buffer(
    dataset: &Dataset,
    forecast: &ForecastOutput,
    item: &str,
    location: &str,
) -> BufferSafetyStock {
    inventory_policy_stage::run(dataset, forecast)
        .buffers
        .into_iter()
        .find(|b| b.item == item && b.location == location)
        .unwrap_or_else(|| panic!("no safety stock for {item}@{location}"))
}

/// Chopra & Meindl §12.4 (Silver, Pyke & Thomas, ch. 6):
/// σ_L = sqrt(L·σ_D² + D²·s_L²). FG at D1: D = 100, σ_D = 20, L = 2, lane s_L = 0.5 →
/// σ_L = sqrt(2·400 + 10,000·0.25) = sqrt(3,300) = 57.446; at CSL 95% (z = 1.6449)
/// ss = 94.49 → 95 (rounded up), where a fixed lead time gives sqrt(800)·1.6449 =
/// 46.52 → 47. Reorder point D·L + ss = 200 + 95 = 295.
#[test]
fn lane_lead_time_variability_widens_the_protection_sigma() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        service_level: Some(0.95),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 100.0, 20.0, DemandClass::Smooth)]);

    let fixed = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fixed.safety_stock, 47.0);

    dataset.lanes[0].lead_time_sd = 0.5;
    let varying = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(varying.safety_stock, 95.0);
    let SafetyStockBasis::Statistical {
        goal,
        lead_time,
        lead_time_sd,
        protection_sigma,
        reorder_point,
        ..
    } = varying.basis
    else {
        panic!("not statistical: {:?}", varying.basis);
    };
    assert_eq!(goal, ServiceGoal::CycleServiceLevel(0.95));
    assert_eq!((lead_time, lead_time_sd), (2, 0.5));
    assert!((protection_sigma - 3_300_f64.sqrt()).abs() < 1e-9);
    assert_eq!(reorder_point, 295.0);
    assert_eq!(
        varying.basis.describe(),
        "normal demand for a 95% cycle service level: k = 1.645 × σ 57.45 over a \
         2-bucket lead time (σ_D 20.00, s_L 0.5); reorder point 295.0"
    );
}

/// Chopra & Meindl, 6th ed., ch. 12, the lead-time uncertainty example (Dell's
/// components, Example 12-6 as recalled; not verified against a public copy): daily
/// D = 2,500, σ_D = 500, L = 7 days, s_L = 7 days, CSL 90% → σ_L = sqrt(7·500² +
/// 2,500²·7²) = sqrt(308,000,000) = 17,550 and ss = 1.2816·17,550 = 22,491 (22,491.14
/// unrounded; rounded up here, 22,492). Here RAW at P1, bought from S1 with a 7-bucket
/// lead time and `lead_time_sd` 7.
#[test]
fn supplier_lead_time_variability_reproduces_the_textbook_example() {
    let mut dataset = tiny_company();
    dataset.supplier_items[1].lead_time = 7;
    dataset.supplier_items[1].lead_time_sd = 7.0;
    assert_eq!(dataset.supplier_items[1].item, "RAW");
    dataset.inventory_policy = vec![InventoryPolicy {
        service_level: Some(0.90),
        ..row("RAW", "P1")
    }];
    let forecast = forecast(&[("RAW", "P1", 2_500.0, 500.0, DemandClass::Smooth)]);
    let raw = buffer(&dataset, &forecast, "RAW", "P1");
    assert_eq!(raw.safety_stock, 22_492.0);
    let SafetyStockBasis::Statistical {
        protection_sigma, ..
    } = raw.basis
    else {
        panic!("not statistical: {:?}", raw.basis);
    };
    assert_eq!(protection_sigma.round(), 17_550.0);
}

/// A fill rate with lot-for-lot: Q = one bucket of demand = 100. FG at D1, D = 100,
/// σ_D = 20, L = 2 → σ_L = sqrt(800) = 28.284. Chopra & Meindl ch. 12 / Silver, Pyke
/// & Thomas ch. 6: ESC = (1 − fr)·Q = 0.01·100 = 1 = σ_L·G(k), so G(k) = 0.035355;
/// k = 1.4165 (G(1.4165) = φ 0.14629 − 1.4165·(1 − Φ) 0.07831 = 0.035356), and
/// ss = 1.4165·28.284 = 40.06 → 41.
#[test]
fn a_fill_rate_measures_shortage_against_one_bucket_of_demand_when_lot_for_lot() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        fill_rate: Some(0.99),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 100.0, 20.0, DemandClass::Smooth)]);
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 41.0);
    let SafetyStockBasis::Statistical {
        goal,
        safety_factor,
        ..
    } = fg.basis
    else {
        panic!("not statistical: {:?}", fg.basis);
    };
    assert_eq!(
        goal,
        ServiceGoal::FillRate {
            fill_rate: 0.99,
            lot: 100.0
        }
    );
    assert!((safety_factor - 1.4165).abs() < 1e-4, "{safety_factor}");
}

/// Chopra & Meindl, 6th ed., ch. 12, safety inventory for a fill rate (Example 12-5 as
/// recalled; not verified against a public copy): weekly D = 2,500, σ_D = 500, L = 2,
/// Q = 10,000, fill rate 97.5% → ESC = 250, σ_L = 707.1, G(k) = 0.3536, k = 0.0943
/// (G(0.0943) = 0.39717 − 0.0943·0.46244 = 0.35356), ss = 0.0943·707.1 = 66.7 → 67,
/// the book's 67. Q is the fixed lot size of FG at D1.
#[test]
fn a_fill_rate_uses_the_fixed_lot_size() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        fill_rate: Some(0.975),
        lot_rule: Some(LotRule::FixedQuantity),
        lot_size: Some(10_000.0),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 2_500.0, 500.0, DemandClass::Smooth)]);
    assert_eq!(buffer(&dataset, &forecast, "FG", "D1").safety_stock, 67.0);
}

/// With an EOQ rule the lot is the EOQ: FG's standard cost 55 × 25% a year ÷ 12 =
/// H = 1.14583 a bucket, S = 275, D = 100 → Q = sqrt(2·100·275/1.14583) =
/// sqrt(48,000) = 219.09. σ_L = sqrt(800) = 28.284, fill rate 99% → G(k) =
/// 0.01·219.09/28.284 = 0.077460, k = 1.0380 (φ 0.23278 − 1.0380·0.14964 = 0.07746),
/// ss = 1.0380·28.284 = 29.36 → 30.
#[test]
fn a_fill_rate_uses_the_eoq_as_the_lot() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        fill_rate: Some(0.99),
        lot_rule: Some(LotRule::EconomicOrderQuantity),
        order_cost: Some(275.0),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 100.0, 20.0, DemandClass::Smooth)]);
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 30.0);
    let SafetyStockBasis::Statistical {
        goal: ServiceGoal::FillRate { lot, .. },
        ..
    } = fg.basis
    else {
        panic!("not a fill rate: {:?}", fg.basis);
    };
    assert!((lot - 48_000_f64.sqrt()).abs() < 1e-9, "{lot}");
}

/// A slow mover with Poisson demand over the lead time (Silver, Pyke & Thomas, ch. 6–7):
/// FG at D1 intermittent, D = 2, σ_D = 1, L = 2 → mean 4, variance 2·1 = 2 ≤ 4, so
/// Poisson(4). From the cumulative Poisson table, P(X ≤ 6) = 0.8893 < 0.90 ≤
/// P(X ≤ 7) = 0.9489: the reorder point for a 90% CSL is 7, and ss = 7 − 4 = 3.
#[test]
fn an_intermittent_buffer_gets_a_poisson_reorder_point() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        service_level: Some(0.90),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 2.0, 1.0, DemandClass::Intermittent)]);
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 3.0);
    assert_eq!(
        fg.basis,
        SafetyStockBasis::SlowMover {
            distribution: SlowMoverDistribution::Poisson,
            goal: ServiceGoal::CycleServiceLevel(0.90),
            mean: 4.0,
            variance: 2.0,
            lead_time: 2,
            reorder_point: 7,
        }
    );
    assert_eq!(
        fg.basis.describe(),
        "slow mover, Poisson demand over a 2-bucket lead time (mean 4.00, variance 2.00) \
         for a 90% cycle service level: reorder point 7"
    );
}

/// A lumpy buffer whose lead-time variance exceeds its mean gets a negative binomial
/// (Silver, Pyke & Thomas, ch. 6–7, fitted by moments): D = 1, σ_D = √2, L = 2 → mean 2,
/// variance 2·2 = 4 > 2, so p = mean/variance = 1/2 and r = mean²/(variance − mean) =
/// 2: P(X = x) = (x + 1)/2^(x + 2) and P(X ≤ k) = 1 − (k + 3)/2^(k + 2). P(X ≤ 4) =
/// 1 − 7/64 = 0.8906 < 0.90 ≤ P(X ≤ 5) = 1 − 8/128 = 0.9375: reorder point 5,
/// ss = 5 − 2 = 3 (a Poisson(2) would need only 4: P(X ≤ 4) = 0.9473).
#[test]
fn a_lumpy_buffer_with_overdispersed_demand_gets_a_negative_binomial() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        service_level: Some(0.90),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 1.0, 2_f64.sqrt(), DemandClass::Lumpy)]);
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 3.0);
    let SafetyStockBasis::SlowMover {
        distribution,
        mean,
        variance,
        reorder_point,
        ..
    } = fg.basis
    else {
        panic!("not a slow mover: {:?}", fg.basis);
    };
    assert_eq!(distribution, SlowMoverDistribution::NegativeBinomial);
    assert_eq!(mean, 2.0);
    assert!((variance - 4.0).abs() < 1e-12);
    assert_eq!(reorder_point, 5);
}

/// A slow mover with a fill rate: the reorder point is the least `s` with expected
/// units short per cycle `E[(X − s)⁺] ≤ (1 − fr)·Q` (Silver, Pyke & Thomas, ch. 6–7).
/// The negative binomial of the test above (mean 2, variance 4, P(X > k) =
/// (k + 3)/2^(k + 2)) has E[(X − s)⁺] = 2 − Σ_{k<s} P(X > k): 1.25, 0.75, 0.4375, 0.25,
/// 0.140625, 0.078125, 0.04297, 0.02344, 0.01270 for s = 1, …, 9. With a fixed lot of
/// 10 and a 98.5% fill rate 0.15 may be short: s = 5, ss = 3. Lot-for-lot, Q = D = 1
/// allows only 0.015: s = 9, ss = 7.
#[test]
fn a_slow_mover_with_a_fill_rate_measures_shortage_against_its_lot() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        fill_rate: Some(0.985),
        lot_rule: Some(LotRule::FixedQuantity),
        lot_size: Some(10.0),
        ..row("FG", "D1")
    }];
    let forecast = forecast(&[("FG", "D1", 1.0, 2_f64.sqrt(), DemandClass::Lumpy)]);
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 3.0);
    assert!(matches!(
        fg.basis,
        SafetyStockBasis::SlowMover {
            distribution: SlowMoverDistribution::NegativeBinomial,
            goal: ServiceGoal::FillRate { lot: 10.0, .. },
            reorder_point: 5,
            ..
        }
    ));

    dataset.inventory_policy[0].lot_rule = None;
    dataset.inventory_policy[0].lot_size = None;
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 7.0);
    assert!(matches!(
        fg.basis,
        SafetyStockBasis::SlowMover {
            goal: ServiceGoal::FillRate { lot: 1.0, .. },
            reorder_point: 9,
            ..
        }
    ));
}

/// Days of cover: FG at D1 holds 1.75 buckets of its forecast 10, 20, 30, … →
/// 10 + 0.75·20 = 25, whatever σ. A fixed safety stock and a cover are never both
/// given (the importer refuses it); a cover past the 18-bucket horizon stops at its end.
#[test]
fn cover_periods_hold_forward_demand() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        cover_periods: Some(1.75),
        ..row("FG", "D1")
    }];
    let mut forecast = forecast(&[("FG", "D1", 0.0, 5.0, DemandClass::Smooth)]);
    let fg = forecast
        .combinations
        .get_mut(&("FG".to_string(), "D1".to_string()))
        .expect("FG at D1");
    fg.forecast = (1..=18).map(|b| 10.0 * f64::from(b)).collect();
    let fg = buffer(&dataset, &forecast, "FG", "D1");
    assert_eq!(fg.safety_stock, 25.0);
    assert_eq!(fg.basis, SafetyStockBasis::Cover { periods: 1.75 });
    assert_eq!(
        fg.basis.describe(),
        "1.75 buckets of forward demand (cover_periods)"
    );

    // 40 buckets of cover: the whole horizon, 10·(1 + … + 18) = 1,710.
    dataset.inventory_policy[0].cover_periods = Some(40.0);
    assert_eq!(
        buffer(&dataset, &forecast, "FG", "D1").safety_stock,
        1_710.0
    );
}

/// Cover through the whole cycle: with the seasonal naive forecast, FG at D1 forecasts
/// last year's sales, 20 in 2026-01 (12 + 8), 0 until 40 in 2026-06 and 40 in 2026-07.
/// Cover of 6.5 buckets = 20 + 0 + 0 + 0 + 0 + 40 + 0.5·40 = 80, which the plan shows
/// as FG at D1's safety stock in every bucket. (The tiny company's fixed 10 is
/// replaced by the cover.)
#[test]
fn the_cycle_plans_to_the_cover() {
    let mut dataset = tiny_company();
    dataset.inventory_policy = vec![InventoryPolicy {
        cover_periods: Some(6.5),
        ..row("FG", "D1")
    }];
    let config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    let plan = fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {});
    let forecast = series(&plan, KeyFigure::StatisticalForecast, "FG", "D1");
    assert_eq!(&forecast[..7], &[20.0, 0.0, 0.0, 0.0, 0.0, 40.0, 40.0]);
    let safety = series(&plan, KeyFigure::SafetyStock, "FG", "D1");
    assert_eq!(safety.len(), 18);
    assert!(safety.iter().all(|&s| s == 80.0), "{safety:?}");
}

/// The demo company exercises every basis: its slow movers get a Poisson or negative
/// binomial reorder point, a couple of best sellers a fill rate, a new item at Kassel
/// a cover, and buffers behind the unreliable lanes a lead-time variability.
#[test]
fn the_demo_exercises_every_safety_stock_basis() {
    let dataset = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let forecast =
        fulcrum_cycle::forecast_stage::run(&dataset, fulcrum_cycle::ForecastMethod::Automatic);
    let policy = inventory_policy_stage::run(&dataset, &forecast);
    let bases: Vec<SafetyStockBasis> = policy.buffers.iter().map(|b| b.basis).collect();
    assert!(
        bases
            .iter()
            .any(|b| matches!(b, SafetyStockBasis::SlowMover { .. }))
    );
    assert!(
        bases
            .iter()
            .any(|b| matches!(b, SafetyStockBasis::Cover { .. }))
    );
    assert!(bases.iter().any(|b| matches!(
        b,
        SafetyStockBasis::Statistical {
            goal: ServiceGoal::FillRate { .. },
            ..
        }
    )));
    assert!(bases.iter().any(|b| matches!(
        b,
        SafetyStockBasis::Statistical { lead_time_sd, .. } if *lead_time_sd > 0.0
    )));
    for buffer in &policy.buffers {
        assert!(
            buffer.safety_stock >= 0.0 && buffer.safety_stock.fract() == 0.0
                || buffer.basis == SafetyStockBasis::Fixed,
            "{buffer:?}"
        );
    }
}

/// The plan keeps why every buffer holds its safety stock: FG at D1 fixed at 10 by its
/// row, RAW at P1 two buckets of cover (0: RAW has dependent demand only, so no
/// forward demand is known at this stage), each with its code and explanation, sorted
/// by (item, location), and the quantity is the one MRP netted against.
#[test]
fn the_plan_explains_every_buffers_safety_stock() {
    let mut dataset = tiny_company();
    dataset.inventory_policy.push(InventoryPolicy {
        cover_periods: Some(2.0),
        ..row("RAW", "P1")
    });
    let config = fulcrum_cycle::CycleConfig {
        constrained_plan: false,
        ..Default::default()
    };
    let plan = fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {});
    let records = &plan.safety_stocks;
    let keys: Vec<(&str, &str)> = records
        .iter()
        .map(|r| (r.item.as_str(), r.location.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        keys, sorted,
        "sorted by (item, location), one record per buffer"
    );

    let find = |item: &str, location: &str| {
        records
            .iter()
            .find(|r| r.item == item && r.location == location)
            .unwrap_or_else(|| panic!("no record for {item}@{location}"))
    };
    let fg = find("FG", "D1");
    assert_eq!(
        (fg.safety_stock, fg.basis.as_str(), fg.explanation.as_str()),
        (10.0, "fixed", "fixed in the inventory policy")
    );
    assert_eq!(
        series(&plan, KeyFigure::SafetyStock, "FG", "D1")[0],
        fg.safety_stock
    );
    let raw = find("RAW", "P1");
    assert_eq!(
        (
            raw.safety_stock,
            raw.basis.as_str(),
            raw.explanation.as_str()
        ),
        (0.0, "cover", "2 buckets of forward demand (cover_periods)")
    );
    let codes = [
        "fixed",
        "cover",
        "normal_csl",
        "normal_fill_rate",
        "poisson",
        "negative_binomial",
        "no_uncertainty",
        "unsourced",
    ];
    assert!(records.iter().all(|r| codes.contains(&r.basis.as_str())));
}

/// Each basis has its own short code.
#[test]
fn every_basis_has_its_code() {
    let goal = ServiceGoal::CycleServiceLevel(0.95);
    let fill = ServiceGoal::FillRate {
        fill_rate: 0.98,
        lot: 10.0,
    };
    let statistical = |goal| SafetyStockBasis::Statistical {
        goal,
        sigma: 1.0,
        lead_time: 1,
        lead_time_sd: 0.0,
        protection_sigma: 1.0,
        safety_factor: 1.645,
        reorder_point: 3.0,
    };
    let slow = |distribution| SafetyStockBasis::SlowMover {
        distribution,
        goal,
        mean: 1.0,
        variance: 1.0,
        lead_time: 1,
        reorder_point: 3,
    };
    let codes: Vec<&str> = [
        SafetyStockBasis::Fixed,
        SafetyStockBasis::Cover { periods: 1.5 },
        statistical(goal),
        statistical(fill),
        slow(SlowMoverDistribution::Poisson),
        slow(SlowMoverDistribution::NegativeBinomial),
        SafetyStockBasis::NoUncertainty,
        SafetyStockBasis::Unsourced,
    ]
    .iter()
    .map(SafetyStockBasis::code)
    .collect();
    assert_eq!(
        codes,
        [
            "fixed",
            "cover",
            "normal_csl",
            "normal_fill_rate",
            "poisson",
            "negative_binomial",
            "no_uncertainty",
            "unsourced",
        ]
    );
}
