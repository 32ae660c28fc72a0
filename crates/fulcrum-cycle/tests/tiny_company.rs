//! The whole cycle on a tiny hand-built company, every figure computed by hand.
//!
//! Network: plant P1 makes FG (0.5 h/unit on R1, lead time 1) from 2 SUB and 1 PKG;
//! SUB (0.25 h/unit on R1, lead time 1) needs 3 RAW at 25% scrap (4 RAW gross);
//! PKG (lead time 1) and RAW (lead time 2, minimum 100, multiple 50) come from S1.
//! FG sells at distribution centre D1, fed from P1 along a one-bucket lane.
//! History is one year, and the cycle runs with the seasonal naive forecast, which repeats it:
//! 20 in January, 40 in June and July.
//!
//! Netting by hand (horizon bucket t = 0 is 2026-01):
//! - FG@D1: on hand 30, safety stock 10, open transfer of 15 due t1. Short 25 at t5,
//!   40 at t6, 20 at t12, 40 at t17 → transfers released t4, t5, t11, t16.
//! - FG@P1: on hand 5; gross 25, 40, 20, 40 at t4, t5, t11, t16 → production receipts
//!   20@t4, 40@t5, 20@t11, 40@t16, released a bucket earlier.
//! - SUB@P1: on hand 10; gross 2 × FG releases = 40@t3, 80@t4, 40@t10, 80@t15 →
//!   receipts 30@t3, 80@t4, 40@t10, 80@t15, released a bucket earlier.
//! - PKG@P1: receipts 20@t3, 40@t4, 20@t10, 40@t15.
//! - RAW@P1: on hand 100; gross 4 × SUB releases = 120@t2, 320@t3, 160@t9, 320@t14.
//!   t2: 100 − 120 = −20 → minimum 100, leaving 80; t3: 80 − 320 = −240 → 250 (multiple
//!   of 50), leaving 10; t9: 10 − 160 = −150 → 150, leaving 0; t14: −320 → 350, leaving
//!   30; released two buckets earlier (t0, t1, t7, t12).

mod common;

use common::{kpi, series, sparse, tiny_company};
use fulcrum_core::{KeyFigure, Plan, SeriesKey};

/// The hand computation assumes the transparent seasonal naive forecast.
/// The constrained plan is off: the hand computation above is plain MRP. The
/// constrained plan of the same company is checked in `constrained_plan.rs`.
fn seasonal_naive() -> fulcrum_cycle::CycleConfig {
    fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        constrained_plan: false,
        ..Default::default()
    }
}

fn run() -> Plan {
    fulcrum_cycle::run_cycle(&tiny_company(), &seasonal_naive(), &mut |_| {})
}

#[test]
fn forecast_repeats_last_year_and_becomes_consensus_demand() {
    let plan = run();
    let expected = sparse(&[(0, 20.0), (5, 40.0), (6, 40.0), (12, 20.0), (17, 40.0)]);
    assert_eq!(
        series(&plan, KeyFigure::StatisticalForecast, "FG", "D1"),
        expected
    );
    assert_eq!(
        series(&plan, KeyFigure::ConsensusDemand, "FG", "D1"),
        expected
    );
}

#[test]
fn distribution_centre_nets_against_on_hand_receipts_and_safety_stock() {
    let plan = run();
    assert_eq!(
        series(&plan, KeyFigure::NetRequirements, "FG", "D1"),
        sparse(&[(5, 25.0), (6, 40.0), (12, 20.0), (17, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "D1"),
        sparse(&[(4, 25.0), (5, 40.0), (11, 20.0), (16, 40.0)])
    );
    let mut projected = vec![10.0; 18];
    projected[1..5].fill(25.0);
    assert_eq!(
        series(&plan, KeyFigure::ProjectedInventory, "FG", "D1"),
        projected
    );
}

#[test]
fn planned_orders_are_offset_through_two_bom_levels() {
    let plan = run();
    assert_eq!(
        series(&plan, KeyFigure::PlannedReceipts, "FG", "P1"),
        sparse(&[(4, 20.0), (5, 40.0), (11, 20.0), (16, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "P1"),
        sparse(&[(3, 20.0), (4, 40.0), (10, 20.0), (15, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::GrossRequirements, "SUB", "P1"),
        sparse(&[(3, 40.0), (4, 80.0), (10, 40.0), (15, 80.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "SUB", "P1"),
        sparse(&[(2, 30.0), (3, 80.0), (9, 40.0), (14, 80.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "PKG", "P1"),
        sparse(&[(2, 20.0), (3, 40.0), (9, 20.0), (14, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::GrossRequirements, "RAW", "P1"),
        sparse(&[(2, 120.0), (3, 320.0), (9, 160.0), (14, 320.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReceipts, "RAW", "P1"),
        sparse(&[(2, 100.0), (3, 250.0), (9, 150.0), (14, 350.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "RAW", "P1"),
        sparse(&[(0, 100.0), (1, 250.0), (7, 150.0), (12, 350.0)])
    );
    let raw_orders: Vec<(usize, usize, f64, Option<&str>)> = plan
        .planned_orders
        .iter()
        .filter(|order| order.item == "RAW")
        .map(|order| {
            (
                order.release,
                order.due,
                order.quantity,
                order.supplier.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        raw_orders,
        vec![
            (12, 14, 100.0, Some("S1")),
            (13, 15, 250.0, Some("S1")),
            (19, 21, 150.0, Some("S1")),
            (24, 26, 350.0, Some("S1")),
        ]
    );
}

#[test]
fn capacity_load_comes_from_routings_and_flags_the_overload() {
    let plan = run();
    let load = plan
        .series(&SeriesKey::resource(KeyFigure::CapacityLoad, "R1"))
        .expect("load")
        .values
        .clone();
    assert_eq!(
        load,
        sparse(&[
            (2, 7.5),
            (3, 30.0),
            (4, 20.0),
            (9, 10.0),
            (10, 10.0),
            (14, 20.0),
            (15, 20.0)
        ])
    );
    let mut available = vec![80.0; 18];
    available[3] = 20.0;
    assert_eq!(
        plan.series(&SeriesKey::resource(KeyFigure::CapacityAvailable, "R1"))
            .expect("available")
            .values,
        available
    );
    let messages: Vec<&str> = plan.exceptions.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        // The capacity engine (fulcrum_supply::capacity) explains the overload: R1 has
        // 25 h × 80% = 20 h in 2026-04 and the plan starts 20 FG × 0.5 h = 10 h and
        // 80 SUB × 0.25 h = 20 h there, 30 h in all.
        vec![
            "R1 in 2026-04 needs 30.0 h but has 20.0 h available (25.0 h × 80% efficiency): overloaded by 10.0 h (150% utilisation); largest loads: SUB 20.0 h, FG 10.0 h."
        ]
    );
    assert_eq!(kpi(&plan, "overloaded_buckets"), 1.0);
    assert_eq!(kpi(&plan, "capacity_utilisation"), 117.5 / 1380.0);
}

#[test]
fn finance_prices_served_demand_and_values_inventory() {
    let plan = run();
    assert_eq!(kpi(&plan, "total_demand"), 160.0);
    assert_eq!(kpi(&plan, "total_revenue"), 16_000.0);
    assert_eq!(kpi(&plan, "gross_margin"), 16_000.0 - 160.0 * 55.0);
    assert_eq!(kpi(&plan, "gross_margin_pct"), 0.45);
    assert_eq!(kpi(&plan, "fill_rate"), 1.0);
    assert_eq!(kpi(&plan, "stockout_buckets"), 0.0);
    // End of horizon: FG@D1 10 × 55 + RAW@P1 30 × 3.
    assert_eq!(kpi(&plan, "inventory_value_end"), 640.0);
    let value = plan
        .series(&SeriesKey::total(KeyFigure::InventoryValue))
        .expect("inventory value");
    // Start: FG@D1 10 × 55 + FG@P1 5 × 55 + SUB 10 × 16 + RAW 100 × 3.
    assert_eq!(value.values[0], 1285.0);
    // RAW 850 × 3 + PKG 120 × 2.
    assert_eq!(kpi(&plan, "purchase_spend"), 2790.0);
    // 125 units along P1 → D1 at 1.5.
    assert_eq!(kpi(&plan, "transport_cost"), 187.5);
    assert_eq!(kpi(&plan, "budget_revenue"), 6500.0);
    assert_eq!(kpi(&plan, "budget_revenue_gap"), 9500.0);
    let family_revenue = plan
        .series(&SeriesKey::family(KeyFigure::Revenue, "BIKES"))
        .expect("family revenue");
    assert_eq!(family_revenue.total(), 16_000.0);
}

#[test]
fn the_same_dataset_gives_the_same_plan() {
    assert_eq!(run(), run());
}

#[test]
fn the_automatic_forecast_records_its_model_for_every_combination() {
    let plan = fulcrum_cycle::run_cycle(&tiny_company(), &Default::default(), &mut |_| {});
    assert_eq!(plan.forecast_models.len(), 1);
    let model = &plan.forecast_models[0];
    assert_eq!((model.item.as_str(), model.location.as_str()), ("FG", "D1"));
    assert!(!model.method.is_empty() && !model.reason.is_empty());
    // Four selling months in twelve: intermittent or lumpy by ADI.
    assert!(
        matches!(model.demand_class.as_str(), "intermittent" | "lumpy"),
        "{model:?}"
    );
}
