//! The plan checker finds nothing on the demo company, under every strategy, nor on
//! the hand-made tiny company; and it does find a plan that does not add up.

mod common;

use fulcrum_core::{KeyFigure, Plan, SeriesKey};
use fulcrum_cycle::constrained_plan_stage::ConstrainedPlanConfig;
use fulcrum_cycle::plan_check::check;
use fulcrum_cycle::{CycleConfig, ForecastMethod, run_cycle};
use fulcrum_demo::{DemoConfig, generate};
use fulcrum_supply::family_plan::FamilyStrategy;

fn config(strategy: FamilyStrategy, constrained: bool) -> CycleConfig {
    CycleConfig {
        forecast_method: ForecastMethod::SeasonalNaive,
        constrained_plan: constrained,
        constrained: ConstrainedPlanConfig {
            strategy,
            ..Default::default()
        },
    }
}

fn violations(plan: &Plan) -> Vec<&str> {
    plan.exceptions
        .iter()
        .filter(|e| e.code == "plan_invariant")
        .map(|e| e.message.as_str())
        .collect()
}

#[test]
fn the_demo_plan_adds_up_under_every_strategy() {
    let dataset = generate(&DemoConfig::default());
    for (strategy, constrained) in [
        (FamilyStrategy::Optimal, true),
        (FamilyStrategy::Level, true),
        (FamilyStrategy::Chase, true),
        (FamilyStrategy::Mixed, true),
        (FamilyStrategy::Optimal, false),
    ] {
        let plan = run_cycle(&dataset, &config(strategy, constrained), &mut |_| {});
        let found = violations(&plan);
        assert!(
            found.is_empty(),
            "{strategy:?} (constrained {constrained}): {found:#?}"
        );
        // No plant goes below zero to ship: every negative buffer is a customer's
        // backlog or a component's shortage, and it is reported.
        assert!(check(&dataset, &plan).is_empty());
    }
}

#[test]
fn the_tiny_company_plan_adds_up() {
    let dataset = common::tiny_company();
    for strategy in [
        FamilyStrategy::Optimal,
        FamilyStrategy::Level,
        FamilyStrategy::Chase,
    ] {
        let plan = run_cycle(&dataset, &config(strategy, true), &mut |_| {});
        assert_eq!(violations(&plan), Vec::<&str>::new(), "{strategy:?}");
    }
}

#[test]
fn the_checker_finds_a_plan_that_does_not_add_up() {
    let dataset = common::tiny_company();
    let mut plan = run_cycle(
        &dataset,
        &config(FamilyStrategy::Optimal, true),
        &mut |_| {},
    );
    assert!(check(&dataset, &plan).is_empty());
    // Break the flow balance of one buffer and the revenue KPI.
    let key = SeriesKey::item_location(KeyFigure::ProjectedInventory, "FG", "D1");
    let idx = plan
        .series
        .iter()
        .position(|s| s.key == key)
        .expect("FG at D1 is planned");
    plan.series[idx].values[3] += 5.0;
    if let Some(kpi) = plan.kpis.iter_mut().find(|k| k.code == "total_revenue") {
        kpi.value += 100.0;
    }
    let found = check(&dataset, &plan);
    let invariants: Vec<&str> = found.iter().map(|v| v.invariant).collect();
    assert!(invariants.contains(&"flow_balance"), "{found:#?}");
    assert!(invariants.contains(&"kpi_mismatch"), "{found:#?}");
    let flow = found
        .iter()
        .find(|v| v.invariant == "flow_balance")
        .expect("flow balance");
    assert!(
        flow.message.starts_with("FG at D1 in 2026-04"),
        "{}",
        flow.message
    );
}
