//! The plan checker: the invariants every plan must satisfy, checked on the [`Plan`]
//! as it is stored and shown (not on the engines' working data), so that what a planner
//! reads adds up.
//!
//! [`check`] returns every violation with its numbers; the cycle adds each as a
//! critical `plan_invariant` exception, and the tests demand none, on the demo, on every
//! strategy and on random companies. The invariants:
//!
//! 1. **finite**: every key-figure value, KPI, order quantity and peg is a finite number;
//! 2. **flow balance**, per buffer and bucket: opening + scheduled receipts + planned
//!    receipts − gross requirements = closing projected inventory (the opening of the
//!    first bucket is the buffer's on hand);
//! 3. **shipments are covered**: a transfer leaves its source only in a bucket whose
//!    closing projected inventory there is not below zero (deployment never ships what
//!    is not there);
//! 4. **shortages are explicit**: a buffer whose projected inventory falls below zero
//!    has a `stockout` exception naming it, and the `stockout_buckets` KPI counts
//!    exactly those buffer-buckets;
//! 5. **demand is accounted for**, per item, location and bucket: served + (backlog −
//!    previous backlog) = consensus demand;
//! 6. **revenue** in every bucket = Σ served × price over the items sold;
//! 7. **pegs add up**: no order is pegged beyond its quantity, and every peg names an
//!    order of the plan;
//! 8. **whole units**: planned orders and safety stocks of discrete items are whole;
//! 9. **KPIs agree with the series they summarise**: `total_demand`, `total_revenue`,
//!    `fill_rate`, `overloaded_buckets` (load beyond available hours plus planned
//!    overtime), `transport_cost` (transfers × lane unit cost) and `planned_orders`.

use std::collections::BTreeMap;

use fulcrum_core::{
    Dataset, KeyFigure, OrderKind, Plan, SeriesKey, is_overloaded, shortage_tolerance,
};

/// One broken invariant, in plain words with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Which invariant (`flow_balance`, `shipment_not_covered`, …).
    pub invariant: &'static str,
    /// What is wrong, with the numbers.
    pub message: String,
}

/// At most this many violations of one invariant are listed; the rest are counted.
const LISTED_PER_INVARIANT: usize = 20;

/// Checks `plan`, made from `dataset`, against every invariant in the module docs.
pub fn check(dataset: &Dataset, plan: &Plan) -> Vec<Violation> {
    let mut found = Found::default();
    check_finite(plan, &mut found);
    check_buffers(dataset, plan, &mut found);
    check_demand(dataset, plan, &mut found);
    check_pegs(plan, &mut found);
    check_whole_units(dataset, plan, &mut found);
    check_kpis(dataset, plan, &mut found);
    found.finish()
}

/// Violations as they are found, at most [`LISTED_PER_INVARIANT`] of each.
#[derive(Default)]
struct Found {
    listed: Vec<Violation>,
    counts: BTreeMap<&'static str, usize>,
}

impl Found {
    fn add(&mut self, invariant: &'static str, message: impl FnOnce() -> String) {
        let count = self.counts.entry(invariant).or_insert(0);
        *count += 1;
        if *count <= LISTED_PER_INVARIANT {
            self.listed.push(Violation {
                invariant,
                message: message(),
            });
        }
    }

    fn finish(mut self) -> Vec<Violation> {
        for (invariant, count) in self.counts {
            if count > LISTED_PER_INVARIANT {
                self.listed.push(Violation {
                    invariant,
                    message: format!(
                        "{} more violations of {invariant} are not listed.",
                        count - LISTED_PER_INVARIANT
                    ),
                });
            }
        }
        self.listed
    }
}

/// Whether `a` and `b` agree to a millionth of their size (at least of one unit).
fn agree(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn check_finite(plan: &Plan, found: &mut Found) {
    for series in &plan.series {
        if let Some(t) = series.values.iter().position(|v| !v.is_finite()) {
            found.add("finite", || {
                format!(
                    "Key figure {} ({}) is not a finite number in {}.",
                    series.key.figure.as_str(),
                    describe_key(&series.key),
                    plan.calendar.label(series.first_bucket + t)
                )
            });
        }
    }
    for kpi in plan.kpis.iter().filter(|kpi| !kpi.value.is_finite()) {
        found.add("finite", || {
            format!("KPI {} is not a finite number.", kpi.code)
        });
    }
    for order in plan
        .planned_orders
        .iter()
        .filter(|o| !o.quantity.is_finite())
    {
        found.add("finite", || {
            format!(
                "A planned order of {} at {} has no finite quantity.",
                order.item, order.location
            )
        });
    }
    if plan
        .pegging
        .iter()
        .any(|peg| !peg.quantity.is_finite() || !peg.demand_quantity.is_finite())
    {
        found.add("finite", || "A peg has no finite quantity.".to_string());
    }
}

fn describe_key(key: &SeriesKey) -> String {
    let parts: Vec<&str> = [&key.item, &key.location, &key.resource, &key.family]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if parts.is_empty() {
        "company".to_string()
    } else {
        parts.join(" at ")
    }
}

/// A horizon series of an item at a location, or zeros.
fn item_series(plan: &Plan, figure: KeyFigure, item: &str, location: &str) -> Vec<f64> {
    let horizon = plan.calendar.horizon();
    // Found by the key's fields in `SeriesKey`'s order, without building a key.
    let series = plan
        .series
        .binary_search_by(|series| {
            let key = &series.key;
            (
                key.figure,
                key.item.as_deref(),
                key.location.as_deref(),
                key.resource.as_deref(),
                key.family.as_deref(),
            )
                .cmp(&(figure, Some(item), Some(location), None, None))
        })
        .ok()
        .map(|idx| &plan.series[idx]);
    horizon
        .clone()
        .map(|t| series.map_or(0.0, |s| s.at(t)))
        .collect()
}

/// Flow balance, covered shipments and explicit shortages (invariants 2–4).
fn check_buffers(dataset: &Dataset, plan: &Plan, found: &mut Found) {
    let calendar = &plan.calendar;
    let first = calendar.history_len();
    let mut on_hand: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for row in &dataset.on_hand {
        *on_hand
            .entry((row.item.as_str(), row.location.as_str()))
            .or_insert(0.0) += row.quantity;
    }
    let stocked_out: std::collections::BTreeSet<String> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "stockout")
        .filter_map(|e| e.message.split(" runs out in ").next().map(str::to_string))
        .collect();
    let mut short_buckets = 0usize;
    let mut closing: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    for series in plan.series_of(KeyFigure::ProjectedInventory) {
        let (Some(item), Some(location)) = (&series.key.item, &series.key.location) else {
            continue;
        };
        let gross = item_series(plan, KeyFigure::GrossRequirements, item, location);
        let scheduled = item_series(plan, KeyFigure::ScheduledReceipts, item, location);
        let receipts = item_series(plan, KeyFigure::PlannedReceipts, item, location);
        let projected = item_series(plan, KeyFigure::ProjectedInventory, item, location);
        let mut opening = on_hand
            .get(&(item.as_str(), location.as_str()))
            .copied()
            .unwrap_or(0.0);
        for t in 0..projected.len() {
            let expected = opening + scheduled[t] + receipts[t] - gross[t];
            if !agree(expected, projected[t]) {
                found.add("flow_balance", || {
                    format!(
                        "{item} at {location} in {}: opening {opening:.3} + scheduled receipts {:.3} + planned receipts {:.3} − gross requirements {:.3} = {expected:.3}, but projected inventory is {:.3}.",
                        calendar.label(first + t),
                        scheduled[t],
                        receipts[t],
                        gross[t],
                        projected[t]
                    )
                });
            }
            opening = projected[t];
        }
        let tolerance = shortage_tolerance(gross.iter().sum());
        let short = projected.iter().filter(|&&v| v < -tolerance).count();
        short_buckets += short;
        if short > 0 && !stocked_out.contains(&format!("{item} at {location}")) {
            found.add("shortage_not_reported", || {
                format!(
                    "{item} at {location} is below zero in {short} buckets (at worst {:.3}) with no stock-out exception.",
                    projected.iter().fold(0.0_f64, |w, &v| w.min(v))
                )
            });
        }
        closing.insert((item.as_str(), location.as_str()), projected);
    }
    for order in plan
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Transfer)
    {
        let Some(from) = &order.from else { continue };
        let Some(source) = closing.get(&(order.item.as_str(), from.as_str())) else {
            continue;
        };
        let Some(&held) = order.release.checked_sub(first).and_then(|t| source.get(t)) else {
            continue;
        };
        if held < -1e-6 * order.quantity.max(1.0) {
            found.add("shipment_not_covered", || {
                format!(
                    "A transfer of {:.3} {} leaves {from} for {} in {} while {from} ends the bucket at {held:.3}.",
                    order.quantity,
                    order.item,
                    order.location,
                    calendar.label(order.release)
                )
            });
        }
    }
    if let Some(kpi) = plan.kpi("stockout_buckets")
        && kpi.value != short_buckets as f64
    {
        found.add("kpi_mismatch", || {
            format!(
                "KPI stockout_buckets is {}, but {short_buckets} buffer-buckets are below zero.",
                kpi.value
            )
        });
    }
}

/// Demand accounted for and revenue (invariants 5 and 6).
fn check_demand(dataset: &Dataset, plan: &Plan, found: &mut Found) {
    let calendar = &plan.calendar;
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let price: BTreeMap<&str, f64> = dataset
        .items
        .iter()
        .map(|item| (item.code.as_str(), item.price))
        .collect();
    let mut revenue = vec![0.0; horizon];
    for series in plan.series_of(KeyFigure::ConsensusDemand) {
        let (Some(item), Some(location)) = (&series.key.item, &series.key.location) else {
            continue;
        };
        let demand = item_series(plan, KeyFigure::ConsensusDemand, item, location);
        let served = item_series(plan, KeyFigure::ServedDemand, item, location);
        let backlog = item_series(plan, KeyFigure::Backlog, item, location);
        let mut before = 0.0;
        for t in 0..horizon {
            if !agree(served[t] + backlog[t] - before, demand[t]) {
                found.add("demand_unaccounted", || {
                    format!(
                        "{item} at {location} in {}: served {:.3} + backlog change {:.3} ≠ demand {:.3}.",
                        calendar.label(first + t),
                        served[t],
                        backlog[t] - before,
                        demand[t]
                    )
                });
            }
            before = backlog[t];
            revenue[t] += served[t] * price.get(item.as_str()).copied().unwrap_or(0.0);
        }
    }
    let stated = plan.series(&SeriesKey::total(KeyFigure::Revenue));
    for (t, &expected) in revenue.iter().enumerate() {
        let shown = stated.map_or(0.0, |s| s.at(first + t));
        if !agree(shown, expected) {
            found.add("revenue_mismatch", || {
                format!(
                    "Revenue in {} is {shown:.2}, but Σ served × price is {expected:.2}.",
                    calendar.label(first + t)
                )
            });
        }
    }
}

/// Pegs add up to their orders (invariant 7).
fn check_pegs(plan: &Plan, found: &mut Found) {
    let mut pegged = vec![0.0; plan.planned_orders.len()];
    for peg in &plan.pegging {
        match pegged.get_mut(peg.order) {
            Some(total) => *total += peg.quantity,
            None => found.add("peg_without_order", || {
                format!(
                    "A peg names order {} of a plan with {} orders.",
                    peg.order,
                    plan.planned_orders.len()
                )
            }),
        }
    }
    for (order, total) in plan.planned_orders.iter().zip(pegged) {
        if total > order.quantity + 1e-6 * order.quantity.max(1.0) {
            found.add("pegs_exceed_order", || {
                format!(
                    "The {} order of {:.3} {} at {} due {} is pegged to {total:.3} units of demand.",
                    order.kind.as_str(),
                    order.quantity,
                    order.item,
                    order.location,
                    plan.calendar.label(order.due)
                )
            });
        }
    }
}

/// Whole units for discrete items (invariant 8).
fn check_whole_units(dataset: &Dataset, plan: &Plan, found: &mut Found) {
    let discrete: BTreeMap<&str, bool> = dataset
        .items
        .iter()
        .map(|item| (item.code.as_str(), item.is_discrete()))
        .collect();
    let is_discrete = |item: &str| discrete.get(item).copied().unwrap_or(false);
    let whole = |q: f64| (q - q.round()).abs() <= 1e-6;
    for order in &plan.planned_orders {
        if is_discrete(&order.item) && !whole(order.quantity) {
            found.add("fractional_units", || {
                format!(
                    "The {} order of {} at {} due {} is for {} units; the item is counted in whole units.",
                    order.kind.as_str(),
                    order.item,
                    order.location,
                    plan.calendar.label(order.due),
                    order.quantity
                )
            });
        }
    }
    for record in &plan.safety_stocks {
        if is_discrete(&record.item) && !whole(record.safety_stock) {
            found.add("fractional_units", || {
                format!(
                    "The safety stock of {} at {} is {} units; the item is counted in whole units.",
                    record.item, record.location, record.safety_stock
                )
            });
        }
    }
}

/// KPIs against the series and orders they summarise (invariant 9).
fn check_kpis(dataset: &Dataset, plan: &Plan, found: &mut Found) {
    let horizon = plan.calendar.horizon();
    let total = |figure| {
        plan.series(&SeriesKey::total(figure))
            .map_or(0.0, |s| s.total())
    };
    let item_level = |figure| {
        plan.series_of(figure)
            .filter(|s| s.key.item.is_some() && s.key.location.is_some())
            .map(|s| s.total())
            .sum::<f64>()
    };
    let demand = item_level(KeyFigure::ConsensusDemand);
    let mut on_time = 0.0;
    for series in plan.series_of(KeyFigure::ConsensusDemand) {
        let (Some(item), Some(location)) = (&series.key.item, &series.key.location) else {
            continue;
        };
        let backlog = item_series(plan, KeyFigure::Backlog, item, location);
        let mut before = 0.0;
        for (t, &owed) in backlog.iter().enumerate() {
            on_time += series.at(horizon.start + t) - (owed - before).max(0.0);
            before = owed;
        }
    }
    let mut overloaded = 0usize;
    for load in plan.series_of(KeyFigure::CapacityLoad) {
        let Some(resource) = &load.key.resource else {
            continue;
        };
        let available = plan.series(&SeriesKey::resource(KeyFigure::CapacityAvailable, resource));
        let overtime = plan.series(&SeriesKey::resource(KeyFigure::CapacityOvertime, resource));
        overloaded += horizon
            .clone()
            .filter(|&t| {
                is_overloaded(
                    load.at(t),
                    available.map_or(0.0, |s| s.at(t)),
                    overtime.map_or(0.0, |s| s.at(t)),
                )
            })
            .count();
    }
    let lane_cost: BTreeMap<(&str, &str), f64> = dataset
        .lanes
        .iter()
        .map(|lane| ((lane.from.as_str(), lane.to.as_str()), lane.unit_cost))
        .collect();
    let transport: f64 = plan
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Transfer)
        .filter_map(|o| {
            let from = o.from.as_deref()?;
            Some(o.quantity * lane_cost.get(&(from, o.location.as_str())).copied()?)
        })
        .sum();
    let expected = [
        ("total_demand", demand),
        ("total_revenue", total(KeyFigure::Revenue)),
        (
            "fill_rate",
            if demand > 0.0 { on_time / demand } else { 1.0 },
        ),
        ("overloaded_buckets", overloaded as f64),
        ("transport_cost", transport),
        ("planned_orders", plan.planned_orders.len() as f64),
    ];
    for (code, value) in expected {
        let Some(kpi) = plan.kpi(code) else {
            found.add("kpi_missing", || format!("KPI {code} is missing."));
            continue;
        };
        if !agree(kpi.value, value) {
            found.add("kpi_mismatch", || {
                format!(
                    "KPI {code} is {}, but the plan's own figures give {value}.",
                    kpi.value
                )
            });
        }
    }
}
