//! The demo company's constrained plan is one plants can run: after the capacity
//! feedback, the MRP rerun loads no resource-bucket beyond its hours plus the overtime
//! the family plan works there, and every strategy is costed side by side.
//!
//! Before the feedback, averaging a family's bill of resources over its mix left 8
//! resource-buckets over their hours (up to 21% on R-COAT in 2027-02).

use fulcrum_core::Plan;
use fulcrum_cycle::{CycleConfig, run_cycle};
use fulcrum_demo::{DemoConfig, generate};

fn kpi(plan: &Plan, code: &str) -> f64 {
    plan.kpi(code)
        .unwrap_or_else(|| panic!("no KPI {code}"))
        .value
}

#[test]
fn the_demo_plan_fits_its_hours_and_planned_overtime() {
    let plan = run_cycle(
        &generate(&DemoConfig::default()),
        &CycleConfig::default(),
        &mut |_| {},
    );
    let overloads: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "capacity_overload")
        .map(|e| e.message.as_str())
        .collect();
    assert!(overloads.is_empty(), "{overloads:#?}");
    assert_eq!(kpi(&plan, "overloaded_buckets"), 0.0);
    assert!(
        plan.exceptions
            .iter()
            .any(|e| e.code == "constrained_plan_corrected")
    );
    // Planned overtime is reported as such, and only where the plan works overtime.
    assert!(kpi(&plan, "overtime_hours") > 0.0);
    let optimal = kpi(&plan, "strategy_cost_optimal");
    assert_eq!(optimal, kpi(&plan, "constrained_plan_cost"));
    for strategy in ["level", "chase", "mixed"] {
        let cost = kpi(&plan, &format!("strategy_cost_{strategy}"));
        assert!(
            cost >= optimal - 1e-6 * optimal,
            "{strategy}: {cost} < {optimal}"
        );
    }
}
