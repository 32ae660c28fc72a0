//! Distribution: what moves along each lane, derived from planned and open transfers.

use std::collections::BTreeMap;

use fulcrum_core::{BucketIdx, Dataset, OrderKind, PlannedOrder};

/// Units shipped along one lane in one bucket, and what it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneShipment {
    /// Shipping location.
    pub from: String,
    /// Receiving location.
    pub to: String,
    /// Bucket the goods leave `from` (the transfer's release bucket).
    pub bucket: BucketIdx,
    /// Units shipped.
    pub quantity: f64,
    /// Transport cost: quantity × the lane's unit cost.
    pub cost: f64,
}

/// Sums planned transfers by lane and departure bucket, sorted by (from, to, bucket).
///
/// Transfers whose lane is not in the dataset are costed at zero.
pub fn lane_shipments(dataset: &Dataset, planned_orders: &[PlannedOrder]) -> Vec<LaneShipment> {
    let unit_cost: BTreeMap<(&str, &str), f64> = dataset
        .lanes
        .iter()
        .map(|lane| ((lane.from.as_str(), lane.to.as_str()), lane.unit_cost))
        .collect();
    let mut by_lane: BTreeMap<(String, String, BucketIdx), f64> = BTreeMap::new();
    for order in planned_orders {
        if order.kind != OrderKind::Transfer {
            continue;
        }
        let Some(from) = &order.from else { continue };
        *by_lane
            .entry((from.clone(), order.location.clone(), order.release))
            .or_insert(0.0) += order.quantity;
    }
    by_lane
        .into_iter()
        .map(|((from, to, bucket), quantity)| {
            let cost = quantity
                * unit_cost
                    .get(&(from.as_str(), to.as_str()))
                    .copied()
                    .unwrap_or(0.0);
            LaneShipment {
                from,
                to,
                bucket,
                quantity,
                cost,
            }
        })
        .collect()
}
