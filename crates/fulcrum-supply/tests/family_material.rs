//! The family plan's rough-cut material rows, on small problems computed by hand.

use fulcrum_supply::family_plan::{
    Family, FamilyPlanProblem, FamilyStrategy, Material, SharedResource,
    material_shadow_prices_for, plan_families_for,
};
use fulcrum_supply::lp::SolverChoice;

/// One family (production 10, holding 1, backlog 8, lost sale 100 a unit) with ample
/// hours, consuming `units` of material M `before` buckets ahead of its production.
fn problem(demand: Vec<f64>, units: f64, before: usize, available: Vec<f64>) -> FamilyPlanProblem {
    let n = demand.len();
    FamilyPlanProblem {
        n_buckets: n,
        families: vec![Family {
            name: "F".into(),
            demand,
            initial_inventory: 0.0,
            min_ending_inventory: 0.0,
            production_cost_per_unit: 10.0,
            holding_cost_per_unit: 1.0,
            backlog_cost_per_unit: Some(8.0),
            lost_sale_cost_per_unit: Some(100.0),
            loads: vec![(0, 1.0)],
            offset_loads: vec![],
            materials: vec![(0, units, before)],
        }],
        resources: vec![SharedResource {
            name: "LINE".into(),
            regular_hours: vec![1_000.0; n],
            max_overtime_hours: vec![0.0; n],
            overtime_cost_per_hour: 0.0,
        }],
        materials: vec![Material {
            name: "M".into(),
            cumulative_available: available,
        }],
        fixed: vec![],
    }
}

fn close(actual: &[f64], expected: &[f64]) -> bool {
    actual.len() == expected.len()
        && actual
            .iter()
            .zip(expected)
            .all(|(a, e)| (a - e).abs() < 1e-6)
}

/// Demand 10, 30, 20; 2 units of M a unit; 30 of M on hand and 20 arriving in bucket 2,
/// nothing more before bucket 3 (a two-bucket lead time). Through bucket 2 at most
/// 50 / 2 = 25 units can be made against a demand of 40, so 15 start a bucket late
/// (backlog 8 < lost sale 100): P = 10, 15, 35; cost 60 × 10 + 15 × 8 = 720. One more
/// unit of M by bucket 2 makes half a unit more on time and saves 0.5 × 8 = 4; bucket
/// 1's row has slack (20 of 30 used).
#[test]
fn material_within_lead_time_limits_production() {
    let problem = problem(
        vec![10.0, 30.0, 20.0],
        2.0,
        0,
        vec![30.0, 50.0, f64::INFINITY],
    );
    let solution = plan_families_for(&problem, SolverChoice::MicroLp, FamilyStrategy::Optimal)
        .expect("solves");
    let plan = &solution.families[0];
    assert!(close(&plan.production, &[10.0, 15.0, 35.0]), "{plan:?}");
    assert!(close(&plan.backlog, &[0.0, 15.0, 0.0]), "{plan:?}");
    assert!(
        (solution.total_cost - 720.0).abs() < 1e-6,
        "{}",
        solution.total_cost
    );
    assert!(close(
        &solution.materials[0].cumulative_use,
        &[20.0, 50.0, 120.0]
    ));
    assert_eq!(
        plan.explanations,
        vec!["F bucket 2: 15.00 units late; full: material M by bucket 2.".to_string()]
    );
    let prices =
        material_shadow_prices_for(&problem, SolverChoice::MicroLp, FamilyStrategy::Optimal)
            .expect("solves");
    assert_eq!(prices.len(), 1);
    assert_eq!(prices[0].bucket, 1);
    assert!((prices[0].saving_per_unit - 4.0).abs() < 1e-6);
    assert_eq!(
        prices[0].explanation,
        "One more unit of M by bucket 2 saves $4.00."
    );
}

/// M is consumed a bucket before production (a component made a bucket ahead): making
/// in buckets 1 and 2 needs M in bucket 1, where only 5 are available. Demand 0, 10,
/// 10: 5 are made in bucket 2 and 5 start late in bucket 3 with its own 10: P = 0, 5,
/// 15; cost 20 × 10 + 5 × 8 = 240.
#[test]
fn material_of_an_earlier_operation_is_needed_a_lead_time_ahead() {
    let problem = problem(
        vec![0.0, 10.0, 10.0],
        1.0,
        1,
        vec![5.0, f64::INFINITY, f64::INFINITY],
    );
    let solution = plan_families_for(&problem, SolverChoice::MicroLp, FamilyStrategy::Optimal)
        .expect("solves");
    let plan = &solution.families[0];
    assert!(close(&plan.production, &[0.0, 5.0, 15.0]), "{plan:?}");
    assert!(
        (solution.total_cost - 240.0).abs() < 1e-6,
        "{}",
        solution.total_cost
    );
}

/// A level plan may fall short of its rate while material is still limited: in
/// `material_within_lead_time_limits_production`'s problem, buckets 1 and 2 make at
/// most 25 together, so the rate is set by bucket 3: P = 10, 15, 35 (rate 35), the
/// same plan and cost (720) as the optimum. Tying every bucket to one rate instead
/// would cap it at 12.5 (4 × rate ≤ 50) and lose 22.5 units.
#[test]
fn a_level_rate_holds_once_material_is_no_longer_limited() {
    let problem = problem(
        vec![10.0, 30.0, 20.0],
        2.0,
        0,
        vec![30.0, 50.0, f64::INFINITY],
    );
    let solution =
        plan_families_for(&problem, SolverChoice::MicroLp, FamilyStrategy::Level).expect("solves");
    let plan = &solution.families[0];
    assert!(close(&plan.production, &[10.0, 15.0, 35.0]), "{plan:?}");
    assert!(
        (solution.total_cost - 720.0).abs() < 1e-6,
        "{}",
        solution.total_cost
    );
}
