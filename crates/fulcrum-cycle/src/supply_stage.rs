//! Stage 4: supply requirements over the network (MRP and DRP in one pass).

use fulcrum_core::{Dataset, ItemType, KeyFigure, SeriesKey};
use fulcrum_supply::mrp::{MrpInput, MrpPlan, Replenishment, run_mrp};

use crate::demand_plan::DemandPlan;
use crate::inventory_policy_stage::SafetyStock;
use crate::series_builder::SeriesBuilder;

/// Runs MRP on the consensus demand and safety stock.
pub fn run(dataset: &Dataset, demand: &DemandPlan, safety_stock: &SafetyStock) -> MrpPlan {
    run_mrp(&MrpInput {
        dataset,
        demand,
        safety_stock,
    })
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
