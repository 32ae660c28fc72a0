//! Stage 8: headline KPIs over the horizon.

use fulcrum_core::{Dataset, Kpi, KpiUnit};
use fulcrum_supply::mrp::MrpPlan;

use crate::capacity_stage::CapacityOutput;
use crate::demand_plan::DemandPlan;
use crate::finance::FinanceOutput;
use crate::forecast_stage::ForecastOutput;

/// Everything the KPIs are computed from.
#[derive(Debug, Clone, Copy)]
pub struct KpiInputs<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// Forecast stage output.
    pub forecast: &'a ForecastOutput,
    /// Consensus demand.
    pub demand: &'a DemandPlan,
    /// Supply plan.
    pub supply: &'a MrpPlan,
    /// Capacity load.
    pub capacity: &'a CapacityOutput,
    /// Financial projection.
    pub finance: &'a FinanceOutput,
}

/// Computes the headline KPIs, in display order:
///
/// - `total_demand`: consensus demand over the horizon, units;
/// - `total_revenue`, `gross_margin`, `gross_margin_pct` (margin ÷ revenue);
/// - `inventory_value_end`: inventory value in the last bucket;
/// - `inventory_turns`: annualised cost of goods ÷ average inventory value;
/// - `fill_rate`: demand served on time (in its own bucket) ÷ demand;
/// - `stockout_buckets`: (item, location, bucket) triples with projected inventory below
///   zero (beyond [`fulcrum_core::shortage_tolerance`]): a backlog or a shortage;
/// - `capacity_utilisation`: Σ load ÷ Σ available hours over every resource and bucket;
/// - `overloaded_buckets`: (resource, bucket) pairs loaded above their available
///   hours plus the overtime the constrained plan works there;
/// - `budget_revenue`, `budget_revenue_gap` (plan − budget revenue);
/// - `purchase_spend`, `transport_cost` (of the shipments deployment lets leave);
/// - `forecast_wape`: WAPE of the statistical forecast on a one-year holdout of every
///   item-location with two years of history (when there is one); the report's
///   per-model table shows the rolling-origin backtests of each chosen model instead;
/// - `planned_orders`: number of planned orders.
pub fn compute(inputs: &KpiInputs<'_>) -> Vec<Kpi> {
    let finance = inputs.finance;
    let calendar = inputs.dataset.calendar();
    let sum = |values: Vec<f64>| values.iter().sum::<f64>();
    let demand: f64 = inputs.demand.values().flatten().sum();
    let served = sum(finance.total(|f| &f.served));
    let demand_priced = sum(finance.total(|f| &f.demand));
    let revenue = sum(finance.total(|f| &f.revenue));
    let cost_of_goods = sum(finance.total(|f| &f.cost_of_goods));
    let margin = revenue - cost_of_goods;
    let inventory = finance.total(|f| &f.inventory_value);
    let average_inventory = inventory.iter().sum::<f64>() / inventory.len().max(1) as f64;
    let annual_cogs = cost_of_goods * calendar.granularity().buckets_per_year() as f64
        / calendar.horizon_len() as f64;
    let stockouts = inputs
        .supply
        .buffers
        .iter()
        .map(|buffer| {
            let tolerance =
                fulcrum_core::shortage_tolerance(buffer.gross_requirements.iter().sum());
            buffer
                .projected_inventory
                .iter()
                .filter(|&&inventory| inventory < -tolerance)
                .count()
        })
        .sum::<usize>();
    let (load, available, overloaded) = inputs.capacity.resources.iter().fold(
        (0.0, 0.0, 0usize),
        |(load, available, overloaded), resource| {
            let over = (0..resource.load.len())
                .filter(|&t| resource.is_overloaded(t))
                .count();
            (
                load + resource.load.iter().sum::<f64>(),
                available + resource.available.iter().sum::<f64>(),
                overloaded + over,
            )
        },
    );
    let budget_revenue = sum(finance.total(|f| &f.budget_revenue));

    let mut kpis = vec![
        kpi(
            "total_demand",
            "Consensus demand",
            demand,
            KpiUnit::Quantity,
        ),
        kpi("total_revenue", "Revenue", revenue, KpiUnit::Money),
        kpi("gross_margin", "Gross margin", margin, KpiUnit::Money),
        kpi(
            "gross_margin_pct",
            "Gross margin %",
            ratio(margin, revenue),
            KpiUnit::Ratio,
        ),
        kpi(
            "inventory_value_end",
            "Inventory value at horizon end",
            inventory.last().copied().unwrap_or(0.0),
            KpiUnit::Money,
        ),
        kpi(
            "inventory_turns",
            "Inventory turns",
            ratio(annual_cogs, average_inventory),
            KpiUnit::Turns,
        ),
        kpi(
            "fill_rate",
            "Fill rate",
            if demand_priced > 0.0 {
                served / demand_priced
            } else {
                1.0
            },
            KpiUnit::Ratio,
        ),
        kpi(
            "stockout_buckets",
            "Stock-out buckets",
            stockouts as f64,
            KpiUnit::Count,
        ),
        kpi(
            "capacity_utilisation",
            "Capacity utilisation",
            ratio(load, available),
            KpiUnit::Ratio,
        ),
        kpi(
            "overloaded_buckets",
            "Overloaded resource-buckets",
            overloaded as f64,
            KpiUnit::Count,
        ),
        kpi(
            "budget_revenue",
            "Budget revenue",
            budget_revenue,
            KpiUnit::Money,
        ),
        kpi(
            "budget_revenue_gap",
            "Revenue gap to budget",
            revenue - budget_revenue,
            KpiUnit::Money,
        ),
        kpi(
            "purchase_spend",
            "Purchase spend",
            finance.purchase_spend.iter().sum(),
            KpiUnit::Money,
        ),
        kpi(
            "transport_cost",
            "Transport cost",
            finance.transport_cost.iter().sum(),
            KpiUnit::Money,
        ),
    ];
    if let Some(wape) = inputs.forecast.backtest_wape {
        kpis.push(kpi(
            "forecast_wape",
            "Forecast WAPE (one-year holdout)",
            wape,
            KpiUnit::Ratio,
        ));
    }
    kpis.push(kpi(
        "planned_orders",
        "Planned orders",
        inputs.supply.planned_orders.len() as f64,
        KpiUnit::Count,
    ));
    kpis
}

fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator.abs() > 1e-12 {
        numerator / denominator
    } else {
        0.0
    }
}

fn kpi(code: &str, label: &str, value: f64, unit: KpiUnit) -> Kpi {
    Kpi {
        code: code.to_string(),
        label: label.to_string(),
        value,
        unit,
    }
}
