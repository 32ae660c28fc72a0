//! Stage 6: rough-cut capacity load per resource and bucket.
//!
//! The stage only gathers the inputs; the arithmetic is `fulcrum_supply::capacity`
//! (one capacity engine for the cycle and the library). Its bill of resources comes
//! from the routings: a product is an item made at a plant, and it loads every routed
//! resource at that plant with hours per unit × production quantity. The quantity
//! loaded is the production *started* in a bucket: planned production orders load
//! their release bucket, open production orders load their due bucket minus the item's
//! lead time (those already started load nothing more). Available hours are the
//! bucket's hours (default or override) × efficiency.

use std::collections::{BTreeMap, HashMap};

use fulcrum_core::{Dataset, Exception, KeyFigure, OrderKind, SeriesKey, Severity};
use fulcrum_supply::capacity::{self, Resource, RoughCutInput, rough_cut_capacity};
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
    /// Overtime hours the constrained plan works per horizon bucket (zeros without
    /// one): load up to `available + planned_overtime` is planned, not an overload.
    pub planned_overtime: Vec<f64>,
}

impl ResourceLoad {
    /// Whether horizon bucket `t` is loaded beyond its hours and planned overtime.
    pub fn is_overloaded(&self, t: usize) -> bool {
        fulcrum_core::is_overloaded(self.load[t], self.available[t], self.planned_overtime[t])
    }
}

/// The capacity stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityOutput {
    /// One entry per resource, sorted by code.
    pub resources: Vec<ResourceLoad>,
    /// One exception per overloaded resource and bucket.
    pub exceptions: Vec<Exception>,
}

/// Calendar hours per resource (sorted by code) and horizon bucket, overrides applied.
pub(crate) fn resource_hours(dataset: &Dataset) -> Vec<(&fulcrum_core::Resource, Vec<f64>)> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let mut resources: Vec<&fulcrum_core::Resource> = dataset.resources.iter().collect();
    resources.sort_by(|a, b| a.code.cmp(&b.code));
    resources
        .into_iter()
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
            (resource, hours)
        })
        .collect()
}

/// Production starts per (item, plant) and horizon bucket: planned production
/// releases plus open production orders that start inside the horizon.
fn production_starts<'a>(
    dataset: &'a Dataset,
    supply: &'a MrpPlan,
) -> BTreeMap<(&'a str, &'a str), Vec<f64>> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    // Summed by hash (each key's in order), sorted once at the end.
    let mut starts: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    let mut add = |item: &'a str, location: &'a str, bucket: usize, quantity: f64| {
        if bucket < horizon {
            starts
                .entry((item, location))
                .or_insert_with(|| vec![0.0; horizon])[bucket] += quantity;
        }
    };
    for order in supply
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Production)
    {
        add(
            &order.item,
            &order.location,
            order.release.saturating_sub(first),
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
            add(&order.item, &order.location, start, order.quantity);
        }
    }
    starts.into_iter().collect()
}

/// The rough-cut input of a dataset and production starts: products are `(item,
/// plant)` pairs named by item code, resources sorted by code.
pub(crate) fn rough_cut_input(
    dataset: &Dataset,
    starts: BTreeMap<(&str, &str), Vec<f64>>,
) -> RoughCutInput {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let hours = resource_hours(dataset);
    let resource_index: BTreeMap<&str, usize> = hours
        .iter()
        .enumerate()
        .map(|(idx, (resource, _))| (resource.code.as_str(), idx))
        .collect();
    let routings = dataset.routings_by_item();
    let mut bill_of_resources = Vec::new();
    let mut products = Vec::with_capacity(starts.len());
    let mut planned_quantities = Vec::with_capacity(starts.len());
    for (product, ((item, location), quantities)) in starts.into_iter().enumerate() {
        products.push(item.to_string());
        planned_quantities.push(quantities);
        for routing in routings.get(item).into_iter().flatten() {
            let Some(&resource) = resource_index.get(routing.resource.as_str()) else {
                continue;
            };
            if hours[resource].0.location != location {
                continue;
            }
            bill_of_resources.push(capacity::ResourceLoad {
                product,
                resource,
                hours_per_unit: routing.hours_per_unit,
                offset_buckets: 0,
            });
        }
    }
    RoughCutInput {
        buckets: (0..horizon).map(|b| calendar.label(first + b)).collect(),
        products,
        planned_quantities,
        resources: hours
            .into_iter()
            .map(|(resource, available_hours)| Resource {
                name: resource.code.clone(),
                available_hours,
                efficiency: resource.efficiency,
            })
            .collect(),
        bill_of_resources,
    }
}

/// Computes load against availability for every resource.
pub fn run(dataset: &Dataset, supply: &MrpPlan) -> CapacityOutput {
    run_with_overtime(dataset, supply, &BTreeMap::new())
}

/// [`run`] for a plan that works overtime: `overtime` holds the planned overtime hours
/// per resource code and horizon bucket. A bucket loaded beyond its hours but within
/// its planned overtime is reported as `planned_overtime`, not as an overload.
pub fn run_with_overtime(
    dataset: &Dataset,
    supply: &MrpPlan,
    overtime: &BTreeMap<String, Vec<f64>>,
) -> CapacityOutput {
    let starts = production_starts(dataset, supply);
    let first = dataset.calendar().history_len();
    let input = rough_cut_input(dataset, starts);
    let report = match rough_cut_capacity(&input) {
        Ok(report) => report,
        Err(error) => {
            return CapacityOutput {
                resources: Vec::new(),
                exceptions: vec![Exception {
                    severity: Severity::Critical,
                    code: "capacity_not_computed".into(),
                    message: format!("Rough-cut capacity could not be computed: {error}."),
                    bucket: None,
                }],
            };
        }
    };
    let resources: Vec<ResourceLoad> = report
        .profiles
        .into_iter()
        .map(|profile| ResourceLoad {
            planned_overtime: overtime
                .get(&profile.resource)
                .cloned()
                .unwrap_or_else(|| vec![0.0; profile.buckets.len()]),
            resource: profile.resource,
            load: profile.buckets.iter().map(|b| b.required_hours).collect(),
            available: profile
                .buckets
                .iter()
                .map(|b| b.effective_capacity)
                .collect(),
        })
        .collect();
    let exceptions = report
        .overloads
        .iter()
        .map(|overload| {
            let resource = &resources[overload.resource];
            let planned = resource.planned_overtime[overload.bucket];
            if resource.is_overloaded(overload.bucket) {
                Exception {
                    severity: Severity::Critical,
                    code: "capacity_overload".into(),
                    message: if planned > 0.0 {
                        format!(
                            "{} The constrained plan works {:.1} h of overtime there; the rest is over.",
                            overload.explanation, planned
                        )
                    } else {
                        overload.explanation.clone()
                    },
                    bucket: Some(first + overload.bucket),
                }
            } else {
                Exception {
                    severity: Severity::Warning,
                    code: "planned_overtime".into(),
                    message: format!(
                        "Planned overtime: {} The constrained plan works {:.1} h of overtime there.",
                        overload.explanation, planned
                    ),
                    bucket: Some(first + overload.bucket),
                }
            }
        })
        .collect();
    CapacityOutput {
        resources,
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
        if load.planned_overtime.iter().any(|&hours| hours > 0.0) {
            series.add_values(
                SeriesKey::resource(KeyFigure::CapacityOvertime, &load.resource),
                &load.planned_overtime,
            );
        }
    }
}
