//! Stage 7: the financial projection.
//!
//! - **Revenue** = demand served on time × price. Demand served is the consensus demand
//!   less the growth of the backlog (negative projected inventory) at the selling
//!   location and at the plant that makes the finished item (a plant short of a
//!   finished item cannot ship it).
//! - **Cost of goods** = demand served × total standard cost.
//! - **Gross margin** = revenue − cost of goods.
//! - **Inventory value** = Σ positive projected inventory × total standard cost, over
//!   every buffer (finished goods, intermediates and components).
//! - **Purchase spend** = planned and open purchase receipts × supplier unit cost, in the
//!   bucket they arrive.
//! - **Transport cost** = lane shipments × lane unit cost.
//! - **Budget** volume and revenue by top-level family.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ItemType, KeyFigure, OrderKind, SeriesKey};
use fulcrum_supply::distribution::LaneShipment;
use fulcrum_supply::mrp::MrpPlan;

use crate::demand_plan::DemandPlan;
use crate::series_builder::SeriesBuilder;

/// Money and volume figures per top-level family, one value per horizon bucket.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FamilyFinance {
    /// Consensus demand, units.
    pub demand: Vec<f64>,
    /// Demand served on time, units.
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

    for buffer in &supply.buffers {
        let Some(item) = dataset.item(&buffer.item) else {
            continue;
        };
        let Some(family) = family_of(&buffer.item) else {
            continue;
        };
        let cost = item.cost.total();
        let entry = families.entry(family).or_insert_with(|| empty(horizon));
        let key = (buffer.item.clone(), buffer.location.clone());
        let mut backlog_before = 0.0;
        for bucket in 0..horizon {
            let inventory = buffer.projected_inventory[bucket];
            entry.inventory_value[bucket] += inventory.max(0.0) * cost;
            let backlog = (-inventory).max(0.0);
            if let Some(values) = demand.get(&key) {
                let wanted = values.get(bucket).copied().unwrap_or(0.0);
                let served = (wanted - (backlog - backlog_before).max(0.0)).max(0.0);
                entry.demand[bucket] += wanted;
                entry.served[bucket] += served;
                entry.revenue[bucket] += served * item.price;
                entry.cost_of_goods[bucket] += served * cost;
            }
            backlog_before = backlog;
        }
    }

    // A plant short of a finished item cannot ship it: the growth of that backlog is
    // demand not served on time, charged to the item's family in the same bucket.
    for buffer in &supply.buffers {
        let key = (buffer.item.clone(), buffer.location.clone());
        let Some(item) = dataset.item(&buffer.item) else {
            continue;
        };
        if item.item_type != ItemType::Finished || demand.contains_key(&key) {
            continue;
        }
        let Some(entry) = family_of(&buffer.item).and_then(|family| families.get_mut(&family))
        else {
            continue;
        };
        let mut backlog_before = 0.0;
        for bucket in 0..horizon {
            let backlog = (-buffer.projected_inventory[bucket]).max(0.0);
            let unserved = (backlog - backlog_before)
                .max(0.0)
                .min(entry.served[bucket]);
            entry.served[bucket] -= unserved;
            entry.revenue[bucket] -= unserved * item.price;
            entry.cost_of_goods[bucket] -= unserved * item.cost.total();
            backlog_before = backlog;
        }
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

    let unit_cost = |supplier: &str, item: &str, location: &str| {
        dataset
            .supplier_items
            .iter()
            .find(|t| t.supplier == supplier && t.item == item && t.location == location)
            .map_or(0.0, |t| t.unit_cost)
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
        purchase_spend,
        transport_cost,
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
}
