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
//! **Material.** RAW (supplier lead time 2) cannot arrive before t2, so through t1 the
//! plan has the 100 on hand plus what the 10 SUB on hand already hold (10 × 4 = 40; one
//! SUB takes 3 / (1 − 25% scrap) = 4 RAW, one FG 2 SUB = 8 RAW, consumed when SUB starts,
//! a bucket before FG). FG starts through t2 are therefore at most 140 / 8 = 17.5. PKG
//! (lead time 1, none on hand) rules out FG starts in t0.
//!
//! **Optimum.** Unconstrained, t3 carries 0.5 × 20 (FG starting in t3) + 0.5 × 40 (SUB
//! for the FG starting in t4) = 30 h against 20 h. Each FG start moved from t3 to t2
//! frees 0.5 h in t3 for one bucket of holding (1.1458, i.e. 2.29 per hour); backlog
//! (moving a t4 start to t5, whose SUB then loads t4) costs 20 per hour freed and
//! overtime 26. So the LP starts 17.5 of t3's FG in t2, all that RAW allows; t3 then
//! carries 0.5 × 2.5 + 20 = 21.25 h, and the 1.25 h too many are freed by starting 2.5
//! of t4's FG a bucket late. Cost = 120 × 55 + 17.5 × 1.1458 + 2.5 × 10 = 6,645.05.
//! One more hour in t3 starts 2 more units on time and saves 2 × 10 = €20.00; one more
//! RAW by t1 lets 1/8 unit more start in t2 instead of late: 1/16 h × 20 − 1.1458 / 8 =
//! €1.11.
//!
//! **MRP rerun.** FG@P1 starts 17.5 in t2, 2.5 in t3, 37.5 in t4, 2.5 in t5, 20 in t10
//! and 40 in t15; SUB@P1 (on hand 10) starts 25 in t1, 5 in t2, 75 in t3 and 5 in t4;
//! R1 loads 6.25 h in t1, 10 h in t2, 20 h in t3 and t4, 1.25 h in t5: no overload left.
//! RAW for SUB's t1 start is exactly the 100 on hand, so no purchase is past due (the
//! earlier plan, which knew no material, pre-built 20 and needed RAW in t1). FG@P1 is
//! 2.5 short in t5 (the late starts), which holds up 2.5 of the DC's July demand.

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
        (cost - (120.0 * 55.0 + 17.5 * 55.0 * 0.25 / 12.0 + 2.5 * 10.0)).abs() < 1e-6,
        "{cost}"
    );
    assert_eq!(kpi(&plan, "constrained_lost_sales"), 0.0);
    assert_eq!(kpi(&plan, "constrained_backlog"), 2.5);
    assert_eq!(kpi(&plan, "overtime_hours"), 0.0);
    let binding: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "binding_capacity")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        binding,
        vec!["R1 is a binding constraint in 2026-04: one more hour on R1 in 2026-04 saves €20.00."]
    );
    let material: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "binding_material")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        material,
        vec![
            "Material RAW at P1 is a binding constraint through 2026-02: one more unit there by 2026-02 saves €1.11."
        ]
    );
}

#[test]
fn mrp_reruns_against_the_constrained_starts() {
    let plan = run();
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "P1"),
        // The LP's starts (17.5, 2.5, 37.5, 2.5, …) in whole units: FG is counted in
        // each (EA), and the family's cumulative starts are rounded down (17.5 → 17,
        // 20 → 20, 57.5 → 57, 60 → 60), so the plan is never ahead of the LP.
        sparse(&[
            (2, 17.0),
            (3, 3.0),
            (4, 37.0),
            (5, 3.0),
            (10, 20.0),
            (15, 40.0)
        ])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "SUB", "P1"),
        sparse(&[
            (1, 24.0),
            (2, 6.0),
            (3, 74.0),
            (4, 6.0),
            (9, 40.0),
            (14, 80.0)
        ])
    );
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "PKG", "P1"),
        sparse(&[
            (1, 17.0),
            (2, 3.0),
            (3, 37.0),
            (4, 3.0),
            (9, 20.0),
            (14, 40.0)
        ])
    );
    // RAW: 100 (the minimum) released in t0 for t2's 20; 250 in t1 for t3's 300 less
    // the 80 left (220, rounded up to the multiple of 50).
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "RAW", "P1")[..2],
        [100.0, 250.0]
    );
    // Deployment: D1 asks for 25 in t4 and 40 in t5. P1 holds 22 built early plus t4's
    // 3, so t4's 25 ship; in t5 it holds only the 37 started in t4, so 37 ship and the
    // last 3 follow in t6, when the late starts arrive. D1 dips from its safety stock
    // of 10 to 7 in t6 and is back at 10 in t7; P1 never goes below zero.
    assert_eq!(
        series(&plan, KeyFigure::PlannedReleases, "FG", "D1"),
        sparse(&[(4, 25.0), (5, 37.0), (6, 3.0), (11, 20.0), (16, 40.0)])
    );
    assert_eq!(
        series(&plan, KeyFigure::ProjectedInventory, "FG", "D1")[4..8],
        [25.0, 10.0, 7.0, 10.0]
    );
    let mut fg_plant = vec![0.0; 18];
    fg_plant[..3].fill(5.0);
    fg_plant[3] = 22.0;
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
        // Whole starts: SUB 24 × 0.25 h in t1, FG 3 × 0.5 h in t5.
        sparse(&[
            (1, 6.0),
            (2, 10.0),
            (3, 20.0),
            (4, 20.0),
            (5, 1.5),
            (9, 10.0),
            (10, 10.0),
            (14, 20.0),
            (15, 20.0)
        ])
    );
    assert_eq!(kpi(&plan, "overloaded_buckets"), 0.0);
}

#[test]
fn the_resolved_overload_and_the_late_starts_are_explained() {
    let plan = run();
    let messages: Vec<(&str, &str)> = plan
        .exceptions
        .iter()
        .filter(|e| !e.code.starts_with("binding_"))
        .map(|e| (e.code.as_str(), e.message.as_str()))
        .collect();
    // R1 has overtime to spare in t3, so no resource is full: RAW stops the pre-build
    // and a bucket of backlog (20 per hour freed) is cheaper than overtime (26).
    let why = "no resource it uses is full, material RAW at P1 (used up by 2026-02: on hand and on order, with supplier S1's lead time of 2 buckets) limits building early, and waiting is cheaper than overtime";
    // The 2.5 units that start late no longer leave P1 short: deployment ships to D1
    // only what P1 holds, and D1 covers the delay from its safety stock of 10, so
    // there is no stock-out anywhere.
    assert_eq!(
        messages,
        vec![
            (
                "capacity_overload_unconstrained",
                "Before the constrained plan: R1 in 2026-04 needs 30.0 h but has 20.0 h available (25.0 h × 80% efficiency): overloaded by 10.0 h (150% utilisation); largest loads: SUB 20.0 h, FG 10.0 h."
            ),
            (
                "late_production",
                format!(
                    "Family BIKES in 2026-05: 2.5 units due to start by then start late; {why}."
                )
                .as_str()
            ),
        ]
    );
    let d1 = series(&plan, KeyFigure::ProjectedInventory, "FG", "D1");
    assert!(d1.iter().all(|&units| units >= 0.0), "{d1:?}");
    assert!(d1.iter().any(|&units| units < 10.0), "{d1:?}");
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
