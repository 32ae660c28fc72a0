//! The constrained plan's capacity feedback reads production orders from MRP before
//! deployment (`supply_stage::run_production_orders`): deployment must leave every
//! production order as MRP planned it, in the same order, even where it cuts transfers.

use std::collections::BTreeMap;

use fulcrum_core::{OrderKind, PlannedOrder};
use fulcrum_cycle::supply_stage::{run, run_production_orders, run_scheduled};
use fulcrum_cycle::{ForecastMethod, demand_plan, forecast_stage, inventory_policy_stage};
use fulcrum_demo::{DemoConfig, generate};
use fulcrum_supply::mrp::Replenishment;

fn production(orders: &[PlannedOrder]) -> Vec<&PlannedOrder> {
    orders
        .iter()
        .filter(|order| order.kind == OrderKind::Production)
        .collect()
}

#[test]
fn deployment_keeps_the_production_orders_of_a_short_master_schedule() {
    let dataset = generate(&DemoConfig::default());
    let forecast = forecast_stage::run(&dataset, ForecastMethod::SeasonalNaive);
    let demand = demand_plan::run(&dataset, &forecast);
    let policy = inventory_policy_stage::run(&dataset, &forecast);
    // Plants make a third less than MRP asks, so deployment has transfers to cut.
    let unconstrained = run(&dataset, &demand, &policy.safety_stock);
    let schedule: BTreeMap<_, _> = unconstrained
        .buffers
        .iter()
        .filter(|buffer| matches!(buffer.replenishment, Replenishment::Production { .. }))
        .map(|buffer| {
            let receipts = buffer
                .planned_receipts
                .iter()
                .map(|q| (q * 2.0 / 3.0).floor())
                .collect();
            ((buffer.item.clone(), buffer.location.clone()), receipts)
        })
        .collect();
    let deployed = run_scheduled(&dataset, &demand, &policy.safety_stock, &schedule, false);
    let undeployed = run_production_orders(&dataset, &demand, &policy.safety_stock, &schedule);
    assert_ne!(deployed.planned_orders, undeployed.planned_orders);
    assert!(!production(&deployed.planned_orders).is_empty());
    assert_eq!(
        production(&deployed.planned_orders),
        production(&undeployed.planned_orders)
    );
}
