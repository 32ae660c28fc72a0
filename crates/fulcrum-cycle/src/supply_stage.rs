//! Stage 4: supply requirements over the network (MRP and DRP in one pass).

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ItemType, KeyFigure, LotRule, Peg, SeriesKey};
use fulcrum_supply::mrp::{
    BufferKey, LotPolicy, MrpInput, MrpPlan, Replenishment, run_mrp, run_mrp_production,
};

use crate::demand_plan::DemandPlan;
use crate::inventory_policy_stage::SafetyStock;
use crate::series_builder::SeriesBuilder;

/// Runs MRP on the consensus demand and safety stock.
pub fn run(dataset: &Dataset, demand: &DemandPlan, safety_stock: &SafetyStock) -> MrpPlan {
    run_scheduled(dataset, demand, safety_stock, &BTreeMap::new(), true)
}

/// Runs MRP with the receipts of some buffers fixed by a master production schedule
/// (the constrained plan), so components and purchases follow what plants will make;
/// then deploys the transfers against what each plant holds
/// (`fulcrum_supply::deployment`), so no shipment leaves with goods that are not there.
///
/// `pegging` off leaves [`MrpPlan::pegging`] empty (and the shortages without the
/// demands they hold up): the same orders and records, for a run whose pegs nobody
/// reads (the constrained plan's capacity feedback).
pub fn run_scheduled(
    dataset: &Dataset,
    demand: &DemandPlan,
    safety_stock: &SafetyStock,
    master_schedule: &BTreeMap<BufferKey, Vec<f64>>,
    pegging: bool,
) -> MrpPlan {
    let lot_policies = lot_policies(dataset);
    let requirements = run_mrp(&MrpInput {
        dataset,
        demand,
        safety_stock,
        lot_policies: &lot_policies,
        pegging,
        master_schedule,
    });
    fulcrum_supply::deployment::deploy(dataset, requirements)
}

/// The production orders [`run_scheduled`] plans, and MRP's records, without
/// pegging, without listing purchases and transfers and without deploying
/// (`fulcrum_supply::mrp::run_mrp_production`): deployment replaces transfers only and
/// keeps every production order, in the same order, so a caller that reads only the
/// production orders (the constrained plan's capacity feedback) need neither.
pub fn run_production_orders(
    dataset: &Dataset,
    demand: &DemandPlan,
    safety_stock: &SafetyStock,
    master_schedule: &BTreeMap<BufferKey, Vec<f64>>,
) -> MrpPlan {
    let lot_policies = lot_policies(dataset);
    run_mrp_production(&MrpInput {
        dataset,
        demand,
        safety_stock,
        lot_policies: &lot_policies,
        pegging: false,
        master_schedule,
    })
}

/// The plan's pegging ([`fulcrum_core::Peg`]) from MRP's, which it takes out of
/// `plan` (each order's working pegs are freed once converted, so the two forms are
/// never both whole in memory): per planned order (by index), the independent demands
/// it serves, named by item, location and bucket. Pegs to an unknown buffer index
/// (none in a plan from [`run_mrp`]) are skipped.
pub fn pegging(plan: &mut MrpPlan) -> Vec<Peg> {
    let working = std::mem::take(&mut plan.pegging);
    let mut pegs = Vec::with_capacity(working.iter().map(Vec::len).sum());
    for (order, order_pegs) in working.into_iter().enumerate() {
        pegs.extend(order_pegs.into_iter().filter_map(|peg| {
            let buffer = plan.buffers.get(peg.buffer)?;
            Some(Peg {
                order,
                item: buffer.item.clone(),
                location: buffer.location.clone(),
                bucket: peg.bucket,
                demand_quantity: peg.demand_quantity,
                quantity: peg.quantity,
            })
        }));
    }
    pegs
}

/// The share of a unit's standard cost it costs to hold it for a year, used to price
/// holding for lot sizing (a common textbook figure; Heizer & Render put carrying
/// costs at 15–40% a year).
pub const ANNUAL_HOLDING_RATE: f64 = 0.25;

/// The lot-sizing policy of every `inventory_policy` row that sets a rule, order cost
/// or lot size. Holding cost per bucket is the item's standard cost ×
/// [`ANNUAL_HOLDING_RATE`] ÷ buckets per year.
pub fn lot_policies(dataset: &Dataset) -> BTreeMap<BufferKey, LotPolicy> {
    let buckets_per_year = dataset.calendar().granularity().buckets_per_year().max(1) as f64;
    let unit_cost: BTreeMap<&str, f64> = dataset
        .items
        .iter()
        .map(|item| {
            (
                item.code.as_str(),
                item.cost.material + item.cost.labour + item.cost.overhead,
            )
        })
        .collect();
    dataset
        .inventory_policy
        .iter()
        .filter(|row| row.lot_rule.is_some_and(|rule| rule != LotRule::LotForLot))
        .map(|row| {
            let cost = unit_cost.get(row.item.as_str()).copied().unwrap_or(0.0);
            (
                (row.item.clone(), row.location.clone()),
                LotPolicy {
                    rule: row.lot_rule.unwrap_or_default(),
                    lot_size: row.lot_size.unwrap_or(0.0),
                    order_cost: row.order_cost.unwrap_or(0.0),
                    holding_cost: cost * ANNUAL_HOLDING_RATE / buckets_per_year,
                },
            )
        })
        .collect()
}

/// Adds the MRP record of every buffer, and family and company roll-ups of finished
/// goods: projected inventory and safety stock over all their buffers, and supply as
/// their production receipts (planned and scheduled) at plants.
pub(crate) fn add_series(dataset: &Dataset, plan: &MrpPlan, series: &mut SeriesBuilder) {
    for buffer in &plan.buffers {
        let key = |figure| SeriesKey::item_location(figure, &buffer.item, &buffer.location);
        let horizon = buffer.gross_requirements.len();
        let safety = vec![buffer.safety_stock; horizon];
        for (figure, values) in [
            (KeyFigure::SafetyStock, &safety),
            (KeyFigure::GrossRequirements, &buffer.gross_requirements),
            (KeyFigure::ScheduledReceipts, &buffer.scheduled_receipts),
            (KeyFigure::ProjectedInventory, &buffer.projected_inventory),
            (KeyFigure::NetRequirements, &buffer.net_requirements),
            (KeyFigure::PlannedReceipts, &buffer.planned_receipts),
            (KeyFigure::PlannedReleases, &buffer.planned_releases),
        ] {
            series.add_values(key(figure), values);
        }
        let Some(item) = dataset.item(&buffer.item) else {
            continue;
        };
        if item.item_type != ItemType::Finished {
            continue;
        }
        let family = dataset.root_family(&item.family);
        let mut rollups = vec![
            (
                KeyFigure::ProjectedInventory,
                buffer.projected_inventory.clone(),
            ),
            (KeyFigure::SafetyStock, safety),
        ];
        if matches!(buffer.replenishment, Replenishment::Production { .. }) {
            let supply = buffer
                .planned_receipts
                .iter()
                .zip(&buffer.scheduled_receipts)
                .map(|(planned, scheduled)| planned + scheduled)
                .collect();
            rollups.push((KeyFigure::PlannedReceipts, supply));
        }
        for (figure, values) in rollups {
            series.add_values(SeriesKey::family(figure, family), &values);
            series.add_values(SeriesKey::total(figure), &values);
        }
    }
}
