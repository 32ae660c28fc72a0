//! The constrained plan of the tiny company (network and unconstrained MRP in
//! `tiny_company.rs`), computed by hand.
//!
//! **Family requirement.** BIKES has one made finished item, FG at P1. Its unconstrained
//! starts (FG@P1 planned releases) are 20 in t3, 40 in t4, 20 in t10 and 40 in t15.
//!
//! **Bill of resources.** One FG start loads R1 with 0.5 h in its own bucket and, through
//! 2 SUB × 0.25 h started one bucket earlier (SUB lead time 1), 0.5 h in the bucket
//! before. R1 offers 100 h × 80% = 80 h a bucket, but 25 h × 80% = 20 h in t3
//! (2026-04); overtime up to 20% of that (4 h in t3).
//!
//! **Costs.** FG costs 55 (standard cost); holding 55 × 25% / 12 = 1.1458 a unit a
//! bucket; backlog 10% of the price 100 = 10 a unit a bucket; overtime 1.5 × the labour
//! rate of R1 ((10 + 3) / (0.5 + 0.25) = 17.33 €/h) = 26 €/h.
//!
//! **Optimum.** Unconstrained, t3 carries 0.5 × 20 (FG starting in t3) + 0.5 × 40 (SUB
//! for the FG starting in t4) = 30 h against 20 h. Each FG start moved from t3 to t2
//! frees 0.5 h in t3 for one bucket of holding (1.1458, i.e. 2.29 per hour); moving a t4
//! start to t2 frees 0.5 h for two buckets (4.58 per hour); backlog costs 20 per hour
//! freed and overtime 26. So the LP starts all 20 of t3's FG in t2: t3 then carries only
//! the 20 h of SUB for t4. Cost = 120 × 55 + 20 × 1.1458 = 6,622.92, and one more hour
//! in t3 would let 2 units start on time: it saves 2 × 1.1458 = €2.29.
//!
//! **MRP rerun.** FG@P1 receives 20 in t3 (started t2), 40 in t5, 20 in t11, 40 in t16;
//! SUB@P1 (on hand 10) must start 30 in t1 and 80 in t3; R1 loads 7.5 h in t1, 10 h in
//! t2, 20 h in t3 and t4: no overload left. RAW (lead time 2) now has to arrive in t1,
//! which is past due and explained by the demand it serves.

mod common;

use common::{kpi, series, sparse, tiny_company};
use fulcrum_core::{KeyFigure, Plan, SeriesKey};

fn run() -> Plan {
    let config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    fulcrum_cycle::run_cycle(&tiny_company(), &config, &mut |_| {})
}

#[test]
fn the_lp_prebuilds_instead_of_overloading_and_prices_the_binding_hour() {
    let plan = run();
    let cost = kpi(&plan, "constrained_plan_cost");
    assert!(
        (cost - (120.0 * 55.0 + 20.0 * 55.0 * 0.25 / 12.0)).abs() < 1e-6,
        "{cost}"
    );
    assert_eq!(kpi(&plan, "constrained_lost_sales"), 0.0);
    assert_eq!(kpi(&plan, "constrained_backlog"), 0.0);
    assert_eq!(kpi(&plan, "overtime_hours"), 0.0);
    let binding: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "binding_capacity")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        binding,
        vec!["R1 is a binding constraint in 2026-04: one more hour on R1 in 2026-04 saves €2.29."]
    );
}

#[test]
fn mrp_reruns_against_the_constrained_starts() {
    let plan = run();
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "P1"),
        sparse(&[(2, 20.0), (4, 40.0), (10, 20.0), (15, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "SUB", "P1"),
        sparse(&[(1, 30.0), (3, 80.0), (9, 40.0), (14, 80.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "PKG", "P1"),
        sparse(&[(1, 20.0), (3, 40.0), (9, 20.0), (14, 40.0)])
    );
    // The DC is planned as before: the plant holds the 20 built early for a bucket.
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "D1"),
        sparse(&[(4, 25.0), (5, 40.0), (11, 20.0), (16, 40.0)])
    );
    let mut fg_plant = vec![0.0; 18];
    fg_plant[..3].fill(5.0);
    fg_plant[3] = 25.0;
    assert_eq!(
        series(&plan, KeyFigure::ProjectedInventory, "FG", "P1"),
        fg_plant
    );
    let load = plan
        .series(&SeriesKey::resource(KeyFigure::CapacityLoad, "R1"))
        .expect("load")
        .values
        .clone();
    assert_eq!(
        load,
        sparse(&[
            (1, 7.5),
            (2, 10.0),
            (3, 20.0),
            (4, 20.0),
            (9, 10.0),
            (10, 10.0),
            (14, 20.0),
            (15, 20.0)
        ])
    );
    assert_eq!(kpi(&plan, "overloaded_buckets"), 0.0);
}

#[test]
fn the_resolved_overload_and_the_new_past_due_release_are_explained() {
    let plan = run();
    let messages: Vec<(&str, &str)> = plan
        .exceptions
        .iter()
        .filter(|e| e.code != "binding_capacity")
        .map(|e| (e.code.as_str(), e.message.as_str()))
        .collect();
    // RAW for the 30 SUB starting in t1 must arrive in t1 (lead time 2). Pegged through
    // SUB and FG to the DC: the RAW lot due in t1 serves 20 of the 120 RAW behind the
    // June demand (1/6 of the 15 FG it pegs: 2.5) and 80 of the 320 behind July's 40 FG
    // (10).
    assert_eq!(
        messages,
        vec![
            (
                "release_past_due",
                "RAW at P1: supplier S1's 2-month lead time means receipts due in 2026-02 needed release in 2025-12, before the plan starts in 2026-01; 100 units are released in 2026-01 and need expediting. They serve FG at D1 in 2026-07 (10), FG at D1 in 2026-06 (2.5)."
            ),
            (
                "capacity_overload_unconstrained",
                "Before the constrained plan: R1 in 2026-04 needs 30.0 h but has 20.0 h available (25.0 h × 80% efficiency): overloaded by 10.0 h (150% utilisation); largest loads: SUB 20.0 h, FG 10.0 h."
            ),
        ]
    );
}

#[test]
fn family_starts_go_to_the_earliest_requirements_first() {
    // (family starts, item requirements, expected item starts)
    type Case = (Vec<f64>, Vec<Vec<f64>>, Vec<Vec<f64>>);
    let cases: Vec<Case> = vec![
        // As planned: each bucket split as the items need it.
        (
            vec![30.0, 10.0],
            vec![vec![10.0, 10.0], vec![20.0, 0.0]],
            vec![vec![10.0, 10.0], vec![20.0, 0.0]],
        ),
        // Building early: bucket 0 makes bucket 0's 20 and then 10 of bucket 1's 40,
        // split 1 : 3 as bucket 1's requirements (10 and 30).
        (
            vec![30.0, 30.0],
            vec![vec![10.0, 10.0], vec![10.0, 30.0]],
            vec![vec![12.5, 7.5], vec![17.5, 22.5]],
        ),
        // Late: bucket 0 makes 10 of 20 (5 each); bucket 1 first finishes bucket 0.
        (
            vec![10.0, 30.0],
            vec![vec![10.0, 0.0], vec![10.0, 20.0]],
            vec![vec![5.0, 5.0], vec![5.0, 25.0]],
        ),
    ];
    for (family, requirements, expected) in cases {
        let slices: Vec<&[f64]> = requirements.iter().map(Vec::as_slice).collect();
        assert_eq!(
            fulcrum_cycle::constrained_plan_stage::disaggregate(&family, &slices),
            expected
        );
    }
}
