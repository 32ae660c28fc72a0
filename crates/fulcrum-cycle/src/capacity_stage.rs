//! Stage 6: rough-cut capacity load per resource and bucket.
//!
//! Load is hours per unit (routings) × production quantity, placed in the bucket
//! the production is released (starts). Open production orders whose start falls in
//! the horizon load their start bucket; those already started load nothing more.
//! Available hours are the bucket's hours (default or override) × efficiency.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, Exception, KeyFigure, OrderKind, SeriesKey, Severity};
use fulcrum_supply::mrp::MrpPlan;

use crate::series_builder::SeriesBuilder;

/// Load and availability of one resource over the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceLoad {
    /// Resource code.
    pub resource: String,
    /// Hours needed per horizon bucket.
    pub load: Vec<f64>,
    /// Productive hours available per horizon bucket.
    pub available: Vec<f64>,
}

/// The capacity stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityOutput {
    /// One entry per resource, sorted by code.
    pub resources: Vec<ResourceLoad>,
    /// One exception per overloaded resource and bucket.
    pub exceptions: Vec<Exception>,
}

/// Computes load against availability for every resource.
pub fn run(dataset: &Dataset, supply: &MrpPlan) -> CapacityOutput {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let mut resources: BTreeMap<&str, ResourceLoad> = dataset
        .resources
        .iter()
        .map(|resource| {
            let mut hours = vec![resource.hours_per_bucket; horizon];
            for row in dataset
                .resource_capacity
                .iter()
                .filter(|row| row.resource == resource.code)
            {
                if let Ok(bucket) = calendar.parse_bucket(&row.bucket)
                    && let Some(slot) = bucket.checked_sub(first).and_then(|b| hours.get_mut(b))
                {
                    *slot = row.hours;
                }
            }
            let available = hours.iter().map(|h| h * resource.efficiency).collect();
            (
                resource.code.as_str(),
                ResourceLoad {
                    resource: resource.code.clone(),
                    load: vec![0.0; horizon],
                    available,
                },
            )
        })
        .collect();

    let resource_plant: BTreeMap<&str, &str> = dataset
        .resources
        .iter()
        .map(|r| (r.code.as_str(), r.location.as_str()))
        .collect();
    let mut add_load = |item: &str, location: &str, bucket: usize, quantity: f64| {
        for routing in dataset.routings.iter().filter(|r| r.item == item) {
            if resource_plant.get(routing.resource.as_str()) != Some(&location) {
                continue;
            }
            if let Some(load) = resources.get_mut(routing.resource.as_str()) {
                load.load[bucket] += quantity * routing.hours_per_unit;
            }
        }
    };
    for order in supply
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Production)
    {
        add_load(
            &order.item,
            &order.location,
            order.release - first,
            order.quantity,
        );
    }
    for order in dataset
        .open_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Production)
    {
        let lead_time = dataset
            .item(&order.item)
            .map_or(0, |item| item.lead_time as usize);
        let Ok(due) = calendar.parse_bucket(&order.due) else {
            continue;
        };
        if let Some(start) = due
            .checked_sub(lead_time)
            .and_then(|s| s.checked_sub(first))
        {
            add_load(&order.item, &order.location, start, order.quantity);
        }
    }

    let mut exceptions = Vec::new();
    for load in resources.values() {
        for bucket in 0..horizon {
            let (need, have) = (load.load[bucket], load.available[bucket]);
            if need > have + 1e-9 {
                exceptions.push(Exception {
                    severity: Severity::Critical,
                    code: "capacity_overload".into(),
                    message: format!(
                        "{} is overloaded in {}: {:.1} hours needed, {:.1} available ({:.0}%).",
                        load.resource,
                        calendar.label(first + bucket),
                        need,
                        have,
                        if have > 0.0 {
                            need / have * 100.0
                        } else {
                            f64::INFINITY
                        }
                    ),
                    bucket: Some(first + bucket),
                });
            }
        }
    }
    CapacityOutput {
        resources: resources.into_values().collect(),
        exceptions,
    }
}

/// Adds load and availability series per resource.
pub(crate) fn add_series(capacity: &CapacityOutput, series: &mut SeriesBuilder) {
    for load in &capacity.resources {
        series.add_values(
            SeriesKey::resource(KeyFigure::CapacityLoad, &load.resource),
            &load.load,
        );
        series.add_values(
            SeriesKey::resource(KeyFigure::CapacityAvailable, &load.resource),
            &load.available,
        );
    }
}
