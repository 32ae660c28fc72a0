//! Stage 7: the financial projection.
//!
//! - **Revenue** = units delivered × price. The backlog of an item at a location is the
//!   negative part of its projected inventory (demand owed); units delivered in a bucket
//!   are its consensus demand less the backlog's growth, so a late delivery out of the
//!   backlog is revenue when it is delivered (see [`DemandFlow`]). Deployment
//!   (`fulcrum_supply::deployment`) ships nothing a plant does not hold, so a plant's
//!   shortfall shows as the backlog of the locations it supplies.
//! - **Demand served on time** (the fill rate's numerator) = demand less the backlog's
//!   growth, in the bucket of the demand.
//! - **Cost of goods** = units delivered × total standard cost.
//! - **Gross margin** = revenue − cost of goods.
//! - **Inventory value** = Σ positive projected inventory × total standard cost, over
//!   every buffer (finished goods, intermediates and components).
//! - **Purchase spend** = planned and open purchase receipts × supplier unit cost, in the
//!   bucket they arrive.
//! - **Transport cost** = lane shipments × lane unit cost.
//! - **Budget** volume and revenue by top-level family.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, KeyFigure, OrderKind, SeriesKey};
use fulcrum_supply::distribution::LaneShipment;
use fulcrum_supply::mrp::MrpPlan;

use crate::demand_plan::DemandPlan;
use crate::series_builder::SeriesBuilder;

/// Money and volume figures per top-level family, one value per horizon bucket.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FamilyFinance {
    /// Consensus demand, units.
    pub demand: Vec<f64>,
    /// Demand served on time (in its own bucket), units.
    pub served: Vec<f64>,
    /// Revenue.
    pub revenue: Vec<f64>,
    /// Cost of goods sold.
    pub cost_of_goods: Vec<f64>,
    /// Inventory value at standard cost.
    pub inventory_value: Vec<f64>,
    /// Budgeted volume.
    pub budget_volume: Vec<f64>,
    /// Budgeted revenue.
    pub budget_revenue: Vec<f64>,
}

/// The finance stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct FinanceOutput {
    /// Per top-level family, sorted by code.
    pub families: BTreeMap<String, FamilyFinance>,
    /// Per item and location with demand: its demand, backlog and deliveries.
    pub demand_buffers: BTreeMap<(String, String), DemandFlow>,
    /// Purchase spend per horizon bucket.
    pub purchase_spend: Vec<f64>,
    /// Transport cost per horizon bucket.
    pub transport_cost: Vec<f64>,
}

impl FinanceOutput {
    /// Sums one figure over all families, per bucket.
    pub fn total(&self, figure: impl Fn(&FamilyFinance) -> &Vec<f64>) -> Vec<f64> {
        let horizon = self.purchase_spend.len();
        let mut total = vec![0.0; horizon];
        for family in self.families.values() {
            for (sum, value) in total.iter_mut().zip(figure(family)) {
                *sum += value;
            }
        }
        total
    }
}

/// Projects the plan into money.
pub fn run(
    dataset: &Dataset,
    demand: &DemandPlan,
    supply: &MrpPlan,
    shipments: &[LaneShipment],
) -> FinanceOutput {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let mut families: BTreeMap<String, FamilyFinance> = BTreeMap::new();
    let family_of = |item: &str| {
        dataset
            .item(item)
            .map(|data| dataset.root_family(&data.family).to_string())
    };

    let mut demand_buffers = BTreeMap::new();
    for buffer in &supply.buffers {
        let Some(item) = dataset.item(&buffer.item) else {
            continue;
        };
        let Some(family) = family_of(&buffer.item) else {
            continue;
        };
        let cost = item.cost.total();
        let entry = families.entry(family).or_insert_with(|| empty(horizon));
        for bucket in 0..horizon {
            entry.inventory_value[bucket] += buffer.projected_inventory[bucket].max(0.0) * cost;
        }
        let key = (buffer.item.clone(), buffer.location.clone());
        let Some(values) = demand.get(&key) else {
            continue;
        };
        let flow = DemandFlow::of(values, &buffer.projected_inventory, horizon);
        for bucket in 0..horizon {
            entry.demand[bucket] += flow.demand[bucket];
            entry.served[bucket] += flow.on_time[bucket];
            entry.revenue[bucket] += flow.delivered[bucket] * item.price;
            entry.cost_of_goods[bucket] += flow.delivered[bucket] * cost;
        }
        demand_buffers.insert(key, flow);
    }

    for line in &dataset.budget {
        let Ok(bucket) = calendar.parse_bucket(&line.bucket) else {
            continue;
        };
        let Some(offset) = bucket.checked_sub(first) else {
            continue;
        };
        let family = dataset.root_family(&line.family).to_string();
        let entry = families.entry(family).or_insert_with(|| empty(horizon));
        entry.budget_volume[offset] += line.volume;
        entry.budget_revenue[offset] += line.revenue;
    }

    // The first terms of each (supplier, item, location), looked up by key.
    let mut terms: BTreeMap<(&str, &str, &str), f64> = BTreeMap::new();
    for t in &dataset.supplier_items {
        terms
            .entry((t.supplier.as_str(), t.item.as_str(), t.location.as_str()))
            .or_insert(t.unit_cost);
    }
    let unit_cost = |supplier: &str, item: &str, location: &str| {
        terms
            .get(&(supplier, item, location))
            .copied()
            .unwrap_or(0.0)
    };
    let mut purchase_spend = vec![0.0; horizon];
    for order in supply
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Purchase)
    {
        let supplier = order.supplier.as_deref().unwrap_or("");
        purchase_spend[order.due - first] +=
            order.quantity * unit_cost(supplier, &order.item, &order.location);
    }
    for order in dataset
        .open_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Purchase)
    {
        let Ok(due) = calendar.parse_bucket(&order.due) else {
            continue;
        };
        if let Some(offset) = due.checked_sub(first) {
            let supplier = order.supplier.as_deref().unwrap_or("");
            purchase_spend[offset] +=
                order.quantity * unit_cost(supplier, &order.item, &order.location);
        }
    }
    let mut transport_cost = vec![0.0; horizon];
    for shipment in shipments {
        if let Some(offset) = shipment.bucket.checked_sub(first) {
            transport_cost[offset] += shipment.cost;
        }
    }
    FinanceOutput {
        families,
        demand_buffers,
        purchase_spend,
        transport_cost,
    }
}

/// What happens to the demand of one item at one location, per horizon bucket.
///
/// The backlog is the negative part of the buffer's projected inventory: demand not
/// yet delivered. What is delivered in a bucket is its demand less the backlog's
/// growth (more than the demand when the backlog is caught up), so
/// `delivered + (backlog − previous backlog) = demand` in every bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandFlow {
    /// Consensus demand, units.
    pub demand: Vec<f64>,
    /// Units owed at the end of the bucket.
    pub backlog: Vec<f64>,
    /// Units delivered, on time or out of the backlog.
    pub delivered: Vec<f64>,
    /// Units of the bucket's own demand delivered in the bucket.
    pub on_time: Vec<f64>,
}

impl DemandFlow {
    /// The flow of `demand` through a buffer with `projected_inventory`.
    pub fn of(demand: &[f64], projected_inventory: &[f64], horizon: usize) -> DemandFlow {
        let mut flow = DemandFlow {
            demand: vec![0.0; horizon],
            backlog: vec![0.0; horizon],
            delivered: vec![0.0; horizon],
            on_time: vec![0.0; horizon],
        };
        let mut before = 0.0;
        for bucket in 0..horizon {
            let wanted = demand.get(bucket).copied().unwrap_or(0.0);
            let inventory = projected_inventory.get(bucket).copied().unwrap_or(0.0);
            // The backlog cannot grow by more than the bucket's own demand (a buffer
            // short for its other issues is a shortage, not a customer's backlog).
            let backlog = (-inventory).max(0.0).min(before + wanted);
            let growth = backlog - before;
            flow.demand[bucket] = wanted;
            flow.backlog[bucket] = backlog;
            flow.delivered[bucket] = wanted - growth;
            flow.on_time[bucket] = wanted - growth.max(0.0);
            before = backlog;
        }
        flow
    }
}

fn empty(horizon: usize) -> FamilyFinance {
    FamilyFinance {
        demand: vec![0.0; horizon],
        served: vec![0.0; horizon],
        revenue: vec![0.0; horizon],
        cost_of_goods: vec![0.0; horizon],
        inventory_value: vec![0.0; horizon],
        budget_volume: vec![0.0; horizon],
        budget_revenue: vec![0.0; horizon],
    }
}

/// Adds family and company money series.
pub(crate) fn add_series(finance: &FinanceOutput, series: &mut SeriesBuilder) {
    for (family, figures) in &finance.families {
        let margin: Vec<f64> = figures
            .revenue
            .iter()
            .zip(&figures.cost_of_goods)
            .map(|(revenue, cost)| revenue - cost)
            .collect();
        for (figure, values) in [
            (KeyFigure::Revenue, &figures.revenue),
            (KeyFigure::CostOfGoods, &figures.cost_of_goods),
            (KeyFigure::GrossMargin, &margin),
            (KeyFigure::InventoryValue, &figures.inventory_value),
            (KeyFigure::BudgetVolume, &figures.budget_volume),
            (KeyFigure::BudgetRevenue, &figures.budget_revenue),
        ] {
            series.add_values(SeriesKey::family(figure, family), values);
            series.add_values(SeriesKey::total(figure), values);
        }
    }
    series.add_values(
        SeriesKey::total(KeyFigure::PurchaseSpend),
        &finance.purchase_spend,
    );
    for ((item, location), flow) in &finance.demand_buffers {
        series.add_values(
            SeriesKey::item_location(KeyFigure::ServedDemand, item, location),
            &flow.delivered,
        );
        if flow.backlog.iter().any(|&units| units > 0.0) {
            series.add_values(
                SeriesKey::item_location(KeyFigure::Backlog, item, location),
                &flow.backlog,
            );
        }
    }
}
