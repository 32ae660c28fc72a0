//! The family plan under each strategy, on one family computed by hand.
//!
//! Demand 10, 30, 20; 1 h a unit on a line with 100, 25, 100 regular hours and no
//! overtime; production 10 a unit, holding 1 a unit a bucket, backlog 8, lost sale 100.
//!
//! - **Optimal**: bucket 1 can make only 25 of its 30, so 5 are made a bucket early:
//!   P = 15, 25, 20; cost 60 × 10 + 5 × 1 = 605.
//! - **Chase**: no building ahead, so 5 start a bucket late: P = 10, 25, 25, backlog 5
//!   in bucket 1; cost 600 + 5 × 8 = 640.
//! - **Level**: one rate p for all three buckets with no backlog at the end and lost
//!   sales dearer than making: p = 60 / 3 = 20 (20 h ≤ 25 h in bucket 1); inventory 10,
//!   0, 0; cost 600 + 10 × 1 = 610.
//! - **Mixed** with the planner fixing 30 units in bucket 3: each unit not made in
//!   bucket 2 saves 10 of production and 1 of holding at the end against 8 of backlog,
//!   so bucket 2 makes only what bucket 3's 30 can catch up: P = 10, 20, 30, backlog 10
//!   in bucket 2; cost 600 + 10 × 8 = 680.

use fulcrum_supply::family_plan::{
    Family, FamilyPlanProblem, FamilyStrategy, FixedDecision, SharedResource,
    build_family_model_for, plan_families_for,
};
use fulcrum_supply::lp::SolverChoice;

fn problem() -> FamilyPlanProblem {
    FamilyPlanProblem {
        n_buckets: 3,
        families: vec![Family {
            name: "F".into(),
            demand: vec![10.0, 30.0, 20.0],
            initial_inventory: 0.0,
            min_ending_inventory: 0.0,
            production_cost_per_unit: 10.0,
            holding_cost_per_unit: 1.0,
            backlog_cost_per_unit: Some(8.0),
            lost_sale_cost_per_unit: Some(100.0),
            loads: vec![(0, 1.0)],
            offset_loads: vec![],
            materials: vec![],
        }],
        resources: vec![SharedResource {
            name: "LINE".into(),
            regular_hours: vec![100.0, 25.0, 100.0],
            max_overtime_hours: vec![0.0; 3],
            overtime_cost_per_hour: 0.0,
        }],
        materials: vec![],
        fixed: vec![FixedDecision::Production {
            family: 0,
            bucket: 2,
            quantity: 30.0,
        }],
    }
}

fn close(actual: &[f64], expected: &[f64]) -> bool {
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(a, e)| (a - e).abs() < 1e-6)
}

#[test]
fn each_strategy_gives_its_hand_computed_plan() {
    // (strategy, production, inventory, backlog, cost)
    type Row = (FamilyStrategy, [f64; 3], [f64; 3], [f64; 3], f64);
    let cases: [Row; 4] = [
        (
            FamilyStrategy::Optimal,
            [15.0, 25.0, 20.0],
            [5.0, 0.0, 0.0],
            [0.0; 3],
            605.0,
        ),
        (
            FamilyStrategy::Chase,
            [10.0, 25.0, 25.0],
            [0.0; 3],
            [0.0, 5.0, 0.0],
            640.0,
        ),
        (
            FamilyStrategy::Level,
            [20.0; 3],
            [10.0, 0.0, 0.0],
            [0.0; 3],
            610.0,
        ),
        (
            FamilyStrategy::Mixed,
            [10.0, 20.0, 30.0],
            [0.0; 3],
            [0.0, 10.0, 0.0],
            680.0,
        ),
    ];
    for (strategy, production, inventory, backlog, cost) in cases {
        let solution =
            plan_families_for(&problem(), SolverChoice::MicroLp, strategy).expect("solves");
        let plan = &solution.families[0];
        assert!(
            close(&plan.production, &production),
            "{strategy:?}: {plan:?}"
        );
        assert!(close(&plan.inventory, &inventory), "{strategy:?}: {plan:?}");
        assert!(close(&plan.backlog, &backlog), "{strategy:?}: {plan:?}");
        assert!(
            (solution.total_cost - cost).abs() < 1e-6,
            "{strategy:?}: {}",
            solution.total_cost
        );
    }
}

#[test]
fn level_rows_come_after_the_hours_rows() {
    let optimal = build_family_model_for(&problem(), FamilyStrategy::Optimal).expect("model");
    let level = build_family_model_for(&problem(), FamilyStrategy::Level).expect("model");
    assert_eq!(level.rows.len(), optimal.rows.len() + 3);
    assert_eq!(level.variables.len(), optimal.variables.len() + 1);
    assert_eq!(level.rows[..optimal.rows.len()], optimal.rows[..]);
}

#[test]
fn fixed_decisions_apply_to_the_mixed_strategy_only() {
    let optimal = build_family_model_for(&problem(), FamilyStrategy::Optimal).expect("model");
    let mixed = build_family_model_for(&problem(), FamilyStrategy::Mixed).expect("model");
    let produce_3 = 2 * 4;
    assert_eq!(optimal.variables[produce_3].upper, f64::INFINITY);
    assert_eq!(
        (
            mixed.variables[produce_3].lower,
            mixed.variables[produce_3].upper
        ),
        (30.0, 30.0)
    );
}

#[test]
fn impossible_fixes_are_named() {
    let mut bad = problem();
    bad.fixed = vec![FixedDecision::Overtime {
        resource: 0,
        bucket: 1,
        hours: 5.0,
    }];
    let err = build_family_model_for(&bad, FamilyStrategy::Mixed).expect_err("rejected");
    assert_eq!(
        err.to_string(),
        "invalid input `fixed[0]`: 5 overtime hours exceed the most allowed, 0"
    );
    bad.fixed = vec![FixedDecision::Production {
        family: 3,
        bucket: 0,
        quantity: 1.0,
    }];
    let err = build_family_model_for(&bad, FamilyStrategy::Mixed).expect_err("rejected");
    assert_eq!(err.to_string(), "invalid input `fixed[0]`: no family #3");
}
