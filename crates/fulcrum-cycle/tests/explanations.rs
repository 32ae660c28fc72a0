//! Every shortage names its cause in plain words. The tiny company (network in
//! `tiny_company.rs`) with R1 shut from 2026-01 to 2026-05 (t0–t4): FG must start 20 in
//! t3 and 40 in t4 (unconstrained), but no FG can start before t6, because its 2 SUB
//! load R1 the bucket before (t5 is the first open bucket). Backlog costs 10 a unit a
//! bucket and a lost sale 110, so the constrained plan starts all 60 in t6, late.
//!
//! FG@P1 (on hand 5) then receives 60 in t7, but D1 asks for 25 in t4 and 40 in t5.
//! Deployment ships only what P1 holds: its 5 in t4 (arriving in t5, 2026-06), the rest
//! once the late starts arrive. So D1, not the plant, runs short: D1 holds 25 after
//! January (30 on hand + 15 on order − 20), receives P1's 5 in June and meets June's
//! and July's 80 of demand with them, so it runs out in 2026-06 and is 50 short at
//! worst in July; the exception names both P1's delivery and the family's cause.

mod common;

use common::tiny_company;
use fulcrum_core::{Plan, ResourceCapacity};

fn run() -> Plan {
    let mut dataset = tiny_company();
    dataset.resource_capacity = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
        .into_iter()
        .map(|bucket| ResourceCapacity {
            resource: "R1".into(),
            bucket: bucket.into(),
            hours: 0.0,
        })
        .collect();
    let config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {})
}

fn messages<'p>(plan: &'p Plan, code: &str) -> Vec<&'p str> {
    plan.exceptions
        .iter()
        .filter(|e| e.code == code)
        .map(|e| e.message.as_str())
        .collect()
}

#[test]
fn a_plant_shortage_names_the_binding_resource_buckets_and_the_demand_it_holds_up() {
    let plan = run();
    assert_eq!(
        messages(&plan, "stockout"),
        vec![
            "FG at D1 runs out in 2026-06, 50 units short at worst: P1 delivers 5 of the 25 units asked of it by then (what P1 holds is shared fairly among the locations it supplies); 20 units of family BIKES due to start by 2026-04 start late; the binding constraint is R1 in 2026-01 to 2026-04 (regular and overtime hours all used)."
        ]
    );
}

#[test]
fn late_family_starts_name_the_full_resources() {
    let plan = run();
    assert_eq!(
        messages(&plan, "late_production"),
        vec![
            "Family BIKES in 2026-04: 20 units due to start by then start late; the binding constraint is R1 in 2026-01 to 2026-04 (regular and overtime hours all used).",
            "Family BIKES in 2026-05: 60 units due to start by then start late; the binding constraint is R1 in 2026-01 to 2026-05 (regular and overtime hours all used).",
            "Family BIKES in 2026-06: 60 units due to start by then start late; the binding constraint is R1 in 2026-01 to 2026-05 (regular and overtime hours all used).",
        ]
    );
}

/// R1 shut for the whole horizon: no FG can ever start, and a lost sale (110) is
/// cheaper than backlog to the end, so all 120 starts are lost as they fall due. P1
/// can only ever deliver its 5 on hand, so D1 (25 after January) runs out in 2026-06
/// and is 110 short at worst: 25 + 5 against 140 of demand from June 2026 to June 2027.
#[test]
fn a_plant_shortage_from_lost_sales_says_they_are_never_made() {
    let mut dataset = tiny_company();
    dataset.resource_capacity = (1..=18)
        .map(|month: i64| ResourceCapacity {
            resource: "R1".into(),
            bucket: fulcrum_core::YearMonth::new(2026, 1)
                .expect("month")
                .plus(month - 1)
                .to_string(),
            hours: 0.0,
        })
        .collect();
    let config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    let plan = fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {});
    assert_eq!(
        messages(&plan, "stockout"),
        vec![
            "FG at D1 runs out in 2026-06, 110 units short at worst: P1 delivers 5 of the 25 units asked of it by then (what P1 holds is shared fairly among the locations it supplies); 20 units of family BIKES due to start by 2026-04 are never made; the binding constraint is R1 in 2026-01 to 2026-04 (regular and overtime hours all used)."
        ]
    );
}
