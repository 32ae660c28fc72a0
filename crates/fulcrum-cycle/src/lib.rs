//! The monthly S&OP cycle as a chain of pure stages.
//!
//! [`run_cycle`] takes a validated [`Dataset`] and returns a [`Plan`]:
//!
//! 1. **forecast** ([`forecast_stage`]): a statistical forecast per item and location
//!    from sales history;
//! 2. **demand plan** ([`demand_plan`]): the consensus demand: the planners' change
//!    log (`fulcrum_workspace::Change`, see [`run_cycle_with_changes`]) replayed over
//!    the statistical forecast split to item × location × customer, summed back per
//!    item × location, held at zero before an item's launch;
//! 3. **inventory policy** ([`inventory_policy_stage`]): safety stock per item and location,
//!    fixed, as days of cover, or statistical (forecast error, response lead time and its
//!    variability, cycle service level or fill rate; Poisson or negative binomial for
//!    slow movers);
//! 4. **supply** ([`supply_stage`]): unconstrained multi-level MRP over the network of
//!    plants and distribution centres (`fulcrum_supply::mrp`), with lot sizing and pegging;
//! 5. **capacity** ([`capacity_stage`]): rough-cut load per resource and bucket;
//! 6. **constrained plan** ([`constrained_plan_stage`]): the cost-optimal family plan
//!    against capacity (LP), disaggregated to items and MRP rerun against it; this
//!    becomes the plan's supply (see [`CycleConfig`]), and capacity is measured again on it;
//! 7. **distribution**: shipments along lanes (`fulcrum_supply::distribution`);
//! 8. **finance** ([`finance`]): revenue, cost of goods, margin, inventory value,
//!    purchase spend and budget;
//! 9. **KPIs** ([`kpis`]);
//! 10. **plan check** ([`plan_check`]): the plan's invariants (flow balance, covered
//!     shipments, explicit shortages, demand accounted for, revenue, pegs, whole
//!     units, KPIs against their series); each violation is a critical exception.
//!
//! Every stage is deterministic: the same dataset gives the same plan, bit for bit.
//!
//! ```
//! use fulcrum_core::{Calendar, Dataset, Settings, YearMonth};
//! let calendar = Calendar::monthly(YearMonth::new(2026, 1).unwrap(), 24, 18).unwrap();
//! let settings = Settings { company: "Acme".into(), currency: "EUR".into(), calendar };
//! let plan = fulcrum_cycle::run_cycle(&Dataset::empty(settings), &Default::default(), &mut |_| {});
//! assert_eq!(plan.kpi("total_demand").unwrap().value, 0.0);
//! ```

pub mod capacity_stage;
pub mod constrained_plan_stage;
pub mod demand_plan;
pub mod finance;
pub mod forecast_stage;
pub mod inventory_policy_stage;
pub mod kpis;
pub mod plan_check;
mod series_builder;
pub mod supply_stage;

pub use forecast_stage::ForecastMethod;
use fulcrum_core::{Dataset, Exception, Plan};
pub use fulcrum_workspace::Change;

/// A stage of the cycle, reported to the progress callback as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Statistical forecast.
    Forecast,
    /// Consensus demand plan.
    DemandPlan,
    /// Safety stock.
    InventoryPolicy,
    /// MRP over the network.
    Supply,
    /// Resource load.
    Capacity,
    /// Cost-optimal plan against capacity, and MRP rerun against it.
    ConstrainedPlan,
    /// Lane shipments.
    Distribution,
    /// Financial projection.
    Finance,
    /// Headline KPIs.
    Kpis,
}

impl Stage {
    /// Every stage in run order.
    pub const ALL: [Stage; 9] = [
        Stage::Forecast,
        Stage::DemandPlan,
        Stage::InventoryPolicy,
        Stage::Supply,
        Stage::Capacity,
        Stage::ConstrainedPlan,
        Stage::Distribution,
        Stage::Finance,
        Stage::Kpis,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Forecast => "forecast",
            Stage::DemandPlan => "demand plan",
            Stage::InventoryPolicy => "inventory policy",
            Stage::Supply => "supply",
            Stage::Distribution => "distribution",
            Stage::Capacity => "capacity",
            Stage::ConstrainedPlan => "constrained plan",
            Stage::Finance => "finance",
            Stage::Kpis => "KPIs",
        }
    }
}

/// Choices that change how the cycle plans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CycleConfig {
    /// The statistical forecast method.
    pub forecast_method: ForecastMethod,
    /// Solve the constrained plan and make its MRP rerun the plan's supply; when false
    /// the plan keeps the unconstrained MRP (rough-cut overloads are still reported).
    pub constrained_plan: bool,
    /// Costs of the constrained plan.
    pub constrained: constrained_plan_stage::ConstrainedPlanConfig,
}

impl Default for CycleConfig {
    /// The automatic forecast and the cost-optimal constrained plan.
    fn default() -> Self {
        CycleConfig {
            forecast_method: ForecastMethod::default(),
            constrained_plan: true,
            constrained: Default::default(),
        }
    }
}

/// Runs every stage in order and returns the plan. `on_stage` is called as each
/// stage starts (for progress display); it cannot change the result. The same as
/// [`run_cycle_with_changes`] with an empty change log.
pub fn run_cycle(dataset: &Dataset, config: &CycleConfig, on_stage: &mut dyn FnMut(Stage)) -> Plan {
    run_cycle_with_changes(dataset, &[], config, on_stage)
}

/// Runs every stage in order with the planners' change log: the consensus demand
/// is `changes` replayed over the statistical forecast
/// ([`demand_plan::consensus`]); a change that cannot be applied is skipped with a
/// warning exception. The plan is a pure function of (dataset, changes, config).
pub fn run_cycle_with_changes(
    dataset: &Dataset,
    changes: &[Change],
    config: &CycleConfig,
    on_stage: &mut dyn FnMut(Stage),
) -> Plan {
    let calendar = dataset.calendar().clone();
    let mut series = series_builder::SeriesBuilder::new(&calendar);

    on_stage(Stage::Forecast);
    let mut forecast = forecast_stage::run(dataset, config.forecast_method);
    on_stage(Stage::DemandPlan);
    let mut consensus = demand_plan::consensus(dataset, &forecast, changes);
    let demand = std::mem::take(&mut consensus.demand);
    on_stage(Stage::InventoryPolicy);
    let policy = inventory_policy_stage::run(dataset, &forecast);
    on_stage(Stage::Supply);
    // With the constrained plan on, the unconstrained plan only sizes it (records and
    // production orders) and is pegged only if it stands after all (below).
    let unconstrained = supply_stage::run_scheduled(
        dataset,
        &demand,
        &policy.safety_stock,
        &std::collections::BTreeMap::new(),
        !config.constrained_plan,
    );
    on_stage(Stage::Capacity);
    let rough_cut = capacity_stage::run(dataset, &unconstrained);
    on_stage(Stage::ConstrainedPlan);
    let mut constrained = if config.constrained_plan {
        constrained_plan_stage::run(
            dataset,
            &demand,
            &policy.safety_stock,
            &unconstrained,
            &config.constrained,
        )
    } else {
        None
    };
    // The plan's supply is the constrained plan's MRP rerun, taken out of it (not
    // copied: at scale an MRP plan with its pegging is the cycle's largest value); the
    // unconstrained plan is dropped once the constrained one stands.
    let (mut supply, capacity) = match constrained.as_mut() {
        Some(plan) => {
            drop(unconstrained);
            let supply = std::mem::replace(&mut plan.supply, fulcrum_supply::mrp::MrpPlan::empty());
            let capacity =
                capacity_stage::run_with_overtime(dataset, &supply, &plan.planned_overtime);
            (supply, capacity)
        }
        None if config.constrained_plan => {
            drop(unconstrained);
            let supply = supply_stage::run(dataset, &demand, &policy.safety_stock);
            (supply, rough_cut.clone())
        }
        None => (unconstrained, rough_cut.clone()),
    };
    on_stage(Stage::Distribution);
    let shipments = fulcrum_supply::distribution::lane_shipments(dataset, &supply.planned_orders);
    on_stage(Stage::Finance);
    let money = finance::run(dataset, &demand, &supply, &shipments);
    on_stage(Stage::Kpis);
    let mut kpis = kpis::compute(&kpis::KpiInputs {
        dataset,
        forecast: &forecast,
        demand: &demand,
        supply: &supply,
        capacity: &capacity,
        finance: &money,
    });
    if let Some(plan) = &constrained {
        kpis.extend(plan.kpis());
    }

    forecast_stage::add_series(dataset, &forecast, &mut series);
    demand_plan::add_series(dataset, &demand, &mut series);
    demand_plan::add_layer_series(dataset, &consensus, &mut series);
    supply_stage::add_series(dataset, &supply, &mut series);
    for shipment in &shipments {
        series.add_location(
            fulcrum_core::KeyFigure::Shipments,
            &shipment.to,
            shipment.bucket,
            shipment.quantity,
        );
    }
    capacity_stage::add_series(&capacity, &mut series);
    finance::add_series(&money, &mut series);

    let mut exceptions = std::mem::take(&mut supply.exceptions);
    exceptions.append(&mut consensus.exceptions);
    match &constrained {
        Some(plan) => {
            // The unconstrained overloads are what the constrained plan resolved; say so.
            exceptions.extend(rough_cut.exceptions.iter().map(|exception| Exception {
                severity: fulcrum_core::Severity::Warning,
                code: "capacity_overload_unconstrained".into(),
                message: format!("Before the constrained plan: {}", exception.message),
                bucket: exception.bucket,
            }));
            exceptions.extend(capacity.exceptions.iter().cloned());
            exceptions.extend(plan.exceptions.iter().cloned());
        }
        None => exceptions.extend(capacity.exceptions.iter().cloned()),
    }
    let series = series.finish();
    let safety_stocks = policy.records(dataset);
    let forecast_models = std::mem::take(&mut forecast.models);
    // The stages' working data is freed before the pegs are named (at scale the plan's
    // largest part), so that they take its place rather than add to it.
    drop((
        forecast,
        demand,
        consensus,
        policy,
        rough_cut,
        constrained,
        capacity,
        shipments,
        money,
    ));
    let pegging = supply_stage::pegging(&mut supply);
    let planned_orders = std::mem::take(&mut supply.planned_orders);
    drop(supply);
    let mut plan = Plan {
        calendar,
        series,
        planned_orders,
        pegging,
        kpis,
        forecast_models,
        safety_stocks,
        exceptions,
    };
    // The plan checks itself: a broken invariant is a defect, shown as a critical
    // exception with its numbers rather than hidden.
    let violations = plan_check::check(dataset, &plan);
    plan.exceptions
        .extend(violations.into_iter().map(|violation| Exception {
            severity: fulcrum_core::Severity::Critical,
            code: "plan_invariant".into(),
            message: format!(
                "Plan check ({}): {}",
                violation.invariant, violation.message
            ),
            bucket: None,
        }));
    plan.exceptions.sort_by(|a, b| {
        (std::cmp::Reverse(a.severity), a.bucket, &a.code, &a.message).cmp(&(
            std::cmp::Reverse(b.severity),
            b.bucket,
            &b.code,
            &b.message,
        ))
    });
    plan
}
