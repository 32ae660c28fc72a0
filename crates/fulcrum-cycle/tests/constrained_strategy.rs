//! The cycle's constrained plan under each strategy (`ConstrainedPlanConfig::strategy`),
//! on the tiny company (hand computation of the cost-optimal plan in
//! `constrained_plan.rs`).
//!
//! **Chase by hand.** No FG may start before its requirement (20 in t3, 40 in t4), so
//! the optimal pre-build of t3's 20 into t2 is forbidden. R1 in t3 (2026-04) has 20 h
//! regular + 4 h overtime and is asked for 0.5 × 20 (FG starting in t3) + 0.5 × 40 (SUB
//! for the FG starting in t4) = 30 h. Moving an FG start from t3 to t4 frees nothing in
//! t3 (its SUB then loads t3 instead); moving a t4 start to t5 frees 0.5 h of SUB for
//! one bucket of backlog (10), i.e. 20 per hour, cheaper than overtime at 26 per hour.
//! So 20 of t4's starts move to t5: R1 carries 20 h in t3 (no overtime), backlog is 20
//! unit-buckets, and the cost is 120 × 55 + 20 × 10 = 6,800.

mod common;

use common::{kpi, tiny_company};
use fulcrum_core::{FixedKind, Plan, PlanFix};
use fulcrum_supply::family_plan::FamilyStrategy;

fn run(strategy: FamilyStrategy) -> Plan {
    let mut config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    config.constrained.strategy = strategy;
    fulcrum_cycle::run_cycle(&tiny_company(), &config, &mut |_| {})
}

#[test]
fn chase_backlogs_instead_of_building_early() {
    let plan = run(FamilyStrategy::Chase);
    assert!((kpi(&plan, "constrained_plan_cost") - 6_800.0).abs() < 1e-6);
    assert!((kpi(&plan, "constrained_backlog") - 20.0).abs() < 1e-6);
    assert!(kpi(&plan, "overtime_hours").abs() < 1e-6);
    assert_eq!(kpi(&plan, "constrained_lost_sales"), 0.0);
    let late: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "late_production")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        late,
        vec![
            "Family BIKES in 2026-05: 20 units due to start by then start late; no resource it uses is full; waiting is cheaper than overtime or building early."
        ]
    );
}

#[test]
fn the_optimal_plan_is_the_default_and_never_costs_more() {
    let optimal = run(FamilyStrategy::Optimal);
    let default = fulcrum_cycle::run_cycle(
        &tiny_company(),
        &fulcrum_cycle::CycleConfig {
            forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
            ..Default::default()
        },
        &mut |_| {},
    );
    assert_eq!(optimal, default);
    let cost = |plan: &Plan| kpi(plan, "constrained_plan_cost");
    assert!((cost(&optimal) - 6_645.05).abs() < 0.005);
    for strategy in [FamilyStrategy::Level, FamilyStrategy::Chase] {
        assert!(
            cost(&run(strategy)) >= cost(&optimal) - 1e-6,
            "{strategy:?}"
        );
    }
}

#[test]
fn strategy_names_round_trip() {
    for strategy in [
        FamilyStrategy::Optimal,
        FamilyStrategy::Level,
        FamilyStrategy::Chase,
        FamilyStrategy::Mixed,
    ] {
        assert_eq!(FamilyStrategy::parse(strategy.as_str()), Some(strategy));
    }
    assert_eq!(FamilyStrategy::parse("cheapest"), None);
}

/// **Mixed by hand.** The planner fixes R1's overtime in 2026-04 (t3) at all 4 allowed
/// hours (26 €/h, paid whether used or not). t3 then offers 24 h for 0.5 × (20 − x) FG
/// starts plus 20 h of SUB for t4, where x is pre-built in t2: x ≥ 12, so only 12 are
/// built early (12 × 1.1458 = 13.75) and nothing starts late. Cost = 120 × 55 + 13.75 +
/// 4 × 26 = 6,717.75; the other strategies are costed side by side on the same problem.
#[test]
fn mixed_keeps_the_planners_fixes_and_optimises_the_rest() {
    let mut dataset = tiny_company();
    dataset.plan_fixes = vec![PlanFix {
        decision: FixedKind::OvertimeHours,
        code: "R1".into(),
        bucket: "2026-04".into(),
        value: 4.0,
    }];
    let mut config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    config.constrained.strategy = FamilyStrategy::Mixed;
    let plan = fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {});
    let cost = kpi(&plan, "constrained_plan_cost");
    assert!(
        (cost - (6_600.0 + 12.0 * 55.0 * 0.25 / 12.0 + 104.0)).abs() < 1e-6,
        "{cost}"
    );
    assert_eq!(kpi(&plan, "constrained_backlog"), 0.0);
    assert_eq!(kpi(&plan, "overtime_hours"), 4.0);
    // R1 carries 24 h in 2026-04 against 20 regular hours: planned, not an overload.
    assert_eq!(kpi(&plan, "overloaded_buckets"), 0.0);
    let overtime: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "planned_overtime")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        overtime,
        vec![
            "Planned overtime: R1 in 2026-04 needs 24.0 h but has 20.0 h available (25.0 h × 80% efficiency): overloaded by 4.0 h (120% utilisation); largest loads: SUB 20.0 h, FG 4.0 h. The constrained plan works 4.0 h of overtime there."
        ]
    );
    assert_eq!(kpi(&plan, "strategy_cost_mixed"), cost);
    assert!((kpi(&plan, "strategy_cost_optimal") - 6_645.05).abs() < 0.005);
    assert_eq!(kpi(&plan, "strategy_cost_chase"), 6_800.0);
    // Optimal ignores the fixes.
    let optimal = run(FamilyStrategy::Optimal);
    assert!(optimal.kpi("strategy_cost_mixed").is_none());
}

/// A fix the plan cannot honour is left out with a warning naming it.
#[test]
fn an_impossible_fix_is_named_and_ignored() {
    let mut dataset = tiny_company();
    dataset.plan_fixes = vec![PlanFix {
        decision: FixedKind::OvertimeHours,
        code: "R1".into(),
        bucket: "2026-04".into(),
        value: 10.0,
    }];
    let mut config = fulcrum_cycle::CycleConfig {
        forecast_method: fulcrum_cycle::ForecastMethod::SeasonalNaive,
        ..Default::default()
    };
    config.constrained.strategy = FamilyStrategy::Mixed;
    let plan = fulcrum_cycle::run_cycle(&dataset, &config, &mut |_| {});
    let ignored: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "plan_fix_ignored")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        ignored,
        vec![
            "The fixed overtime hours of R1 in 2026-04 (10) is ignored: R1 allows at most 4 overtime hours in 2026-04."
        ]
    );
    assert!((kpi(&plan, "constrained_plan_cost") - 6_645.05).abs() < 0.005);
}

/// Under chase 20 FG start a bucket late. Deployment ships D1 only what the plant
/// holds, and D1 covers 10 of the 20 from its safety stock of 10: 10 of the 160 units
/// of demand are served a bucket late (fill rate 150 / 160). Revenue is earned on
/// delivery, and the 10 are delivered the next bucket, so it is the full 160 × 100.
#[test]
fn a_plant_shortage_under_chase_lowers_fill_rate_and_revenue() {
    let plan = run(FamilyStrategy::Chase);
    assert_eq!(kpi(&plan, "fill_rate"), 150.0 / 160.0);
    assert_eq!(kpi(&plan, "stockout_buckets"), 1.0);
    assert_eq!(kpi(&plan, "total_revenue"), 16_000.0);
    let backlog = plan
        .series(&fulcrum_core::SeriesKey::item_location(
            fulcrum_core::KeyFigure::Backlog,
            "FG",
            "D1",
        ))
        .expect("a backlog at D1");
    assert_eq!(backlog.total(), 10.0);
    // The optimal plan starts 2.5 a bucket late (see constrained_plan.rs): D1's
    // safety stock covers it, and every unit is served on time.
    let optimal = run(FamilyStrategy::Optimal);
    assert_eq!(kpi(&optimal, "fill_rate"), 1.0);
    assert_eq!(kpi(&optimal, "total_revenue"), 16_000.0);
}
