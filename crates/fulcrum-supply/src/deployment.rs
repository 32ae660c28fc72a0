//! Deployment: what a plant can actually ship to the locations it supplies.
//!
//! MRP plans every transfer a distribution centre asks for, as if its source always
//! had the goods. When the source's supply is short (a constrained master schedule,
//! open orders arriving late, no source at all), those transfers would drive the
//! source's projected inventory below zero while the distribution centres sit at their
//! safety stock. Deployment puts that right, bucket by bucket, for every source buffer:
//!
//! 1. what the source holds for shipping in a bucket is its opening inventory plus its
//!    receipts, less its own issues (its customers' demand and the BOM usage of
//!    production there), never below zero;
//! 2. the transfers asked for by then (this bucket's and those still waiting from
//!    earlier buckets) ship in full when that is enough; otherwise it is shared by
//!    **fair share**, in proportion to what each transfer still asks (DRP fair-share
//!    deployment: Vollmann et al., *Manufacturing Planning and Control*, ch. 7), in
//!    whole units for discrete items, by largest remainder;
//! 3. what does not ship waits for the next bucket; what has not shipped by the end of
//!    the horizon, or would arrive after it, is not shipped.
//!
//! Each transfer becomes the shipments that actually leave (an order may leave in
//! parts, each arriving a lane lead time later), the receiving buffers' receipts and
//! projected inventory follow, and a receiving buffer that now runs short is reported
//! as a `stockout` naming its source and what it could ship. A source buffer's own
//! shortfall (its customers or its BOM usage) stays negative projected inventory: an
//! explicit backlog or shortage, never one caused by shipping.
//!
//! Pegs of a transfer go with its parts first in, first out; pegs of the part that
//! never ships are dropped (that demand is held up, and the stock-out says so).

use std::collections::BTreeMap;

use fulcrum_core::rounding::largest_remainder;
use fulcrum_core::{BucketIdx, Dataset, Exception, OrderKind, PlannedOrder, Severity};

use crate::mrp::{MrpPlan, Peg, Replenishment, Shortage};

/// Quantities below this are treated as zero.
const EPSILON: f64 = 1e-9;

/// A transfer still waiting to ship from its source.
struct Waiting {
    /// Index of the transfer in the plan's planned orders.
    order: usize,
    /// Units still to ship.
    quantity: f64,
}

/// One part of a transfer that ships.
struct Part {
    order: usize,
    release: usize,
    quantity: f64,
}

/// Deploys the plan's transfers against what their sources hold (see the module
/// docs) and returns the plan with its transfers, receipts, projected inventory,
/// pegging, stock-outs and shortages updated. A plan whose sources can ship every
/// transfer comes back unchanged.
pub fn deploy(dataset: &Dataset, plan: MrpPlan) -> MrpPlan {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let buffer_of = |item: &str, location: &str| {
        plan.buffers
            .binary_search_by(|b| (b.item.as_str(), b.location.as_str()).cmp(&(item, location)))
            .ok()
    };
    // Transfers by source buffer, each source's in release order.
    let mut by_source: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (idx, order) in plan.planned_orders.iter().enumerate() {
        if order.kind != OrderKind::Transfer {
            continue;
        }
        let Some(source) = order
            .from
            .as_deref()
            .and_then(|from| buffer_of(&order.item, from))
        else {
            continue;
        };
        by_source.entry(source).or_default().push(idx);
    }
    for orders in by_source.values_mut() {
        orders.sort_by_key(|&idx| (plan.planned_orders[idx].release, idx));
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut cut = false;
    for (&source, orders) in &by_source {
        let record = &plan.buffers[source];
        let discrete = dataset
            .item(&record.item)
            .is_some_and(|item| item.is_discrete());
        let mut outbound = vec![0.0; horizon];
        for &idx in orders {
            outbound[plan.planned_orders[idx].release - first] += plan.planned_orders[idx].quantity;
        }
        let mut waiting: Vec<Waiting> = Vec::new();
        let mut next = 0;
        let mut inventory = record.on_hand;
        for (t, outbound) in outbound.iter().enumerate() {
            while next < orders.len() && plan.planned_orders[orders[next]].release - first <= t {
                let order = orders[next];
                waiting.push(Waiting {
                    order,
                    quantity: plan.planned_orders[order].quantity,
                });
                next += 1;
            }
            let own_issues = record.gross_requirements[t] - outbound;
            inventory += record.scheduled_receipts[t] + record.planned_receipts[t] - own_issues;
            let asked: f64 = waiting.iter().map(|w| w.quantity).sum();
            let holds = inventory.max(0.0);
            let shares = if asked <= holds + EPSILON * asked.max(1.0) {
                waiting.iter().map(|w| w.quantity).collect()
            } else {
                cut = true;
                let asks: Vec<f64> = waiting.iter().map(|w| w.quantity).collect();
                fair_share(holds, &asks, discrete)
            };
            for (wait, share) in waiting.iter_mut().zip(shares) {
                if share <= EPSILON {
                    continue;
                }
                parts.push(Part {
                    order: wait.order,
                    release: t,
                    quantity: share,
                });
                wait.quantity -= share;
                inventory -= share;
            }
            waiting.retain(|w| w.quantity > EPSILON);
        }
        if !waiting.is_empty() {
            cut = true;
        }
    }
    if !cut {
        return plan;
    }
    rebuild(dataset, plan, parts, &by_source)
}

/// Shares `holds` among transfers asking `asks`, in proportion; in whole units for
/// discrete items (largest remainder of the whole units held).
fn fair_share(holds: f64, asks: &[f64], discrete: bool) -> Vec<f64> {
    let asked: f64 = asks.iter().sum();
    if asked <= EPSILON {
        return vec![0.0; asks.len()];
    }
    let exact: Vec<f64> = asks.iter().map(|ask| holds * ask / asked).collect();
    if !discrete {
        return exact;
    }
    largest_remainder(&exact, holds, Some(asks))
}

/// The plan with each transfer replaced by its shipped parts and every affected
/// buffer's record, pegs, stock-outs and shortages brought in line.
fn rebuild(
    dataset: &Dataset,
    mut plan: MrpPlan,
    parts: Vec<Part>,
    by_source: &BTreeMap<usize, Vec<usize>>,
) -> MrpPlan {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let lead_time = |order: &PlannedOrder| order.due - order.release;
    // Parts per order, in release order, dropping those arriving after the horizon.
    let mut parts_of: BTreeMap<usize, Vec<&Part>> = BTreeMap::new();
    for part in &parts {
        let order = &plan.planned_orders[part.order];
        if part.release + lead_time(order) < horizon {
            parts_of.entry(part.order).or_default().push(part);
        }
    }
    // Per receiving buffer, the units asked for and shipped to arrive in each bucket,
    // and its source, for the stock-out message.
    let mut asked_by: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    let mut shipped_by: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    let mut source_of: BTreeMap<usize, usize> = BTreeMap::new();

    let old_orders = std::mem::take(&mut plan.planned_orders);
    let old_pegs = std::mem::take(&mut plan.pegging);
    let transfers: std::collections::BTreeSet<usize> =
        by_source.values().flatten().copied().collect();
    let buffer_of = |buffers: &[crate::mrp::BufferPlan], item: &str, location: &str| {
        buffers
            .binary_search_by(|b| (b.item.as_str(), b.location.as_str()).cmp(&(item, location)))
            .ok()
    };
    let mut orders = Vec::with_capacity(old_orders.len());
    let mut pegging = Vec::with_capacity(old_orders.len());
    for (idx, (order, pegs)) in old_orders
        .iter()
        .zip(old_pegs.into_iter().chain(std::iter::repeat_with(Vec::new)))
        .enumerate()
    {
        if !transfers.contains(&idx) {
            orders.push(order.clone());
            pegging.push(pegs);
            continue;
        }
        if let Some(receiver) = buffer_of(&plan.buffers, &order.item, &order.location) {
            asked_by
                .entry(receiver)
                .or_insert_with(|| vec![0.0; horizon])[order.due - first] += order.quantity;
            let shipped = shipped_by
                .entry(receiver)
                .or_insert_with(|| vec![0.0; horizon]);
            for part in parts_of.get(&idx).map(Vec::as_slice).unwrap_or_default() {
                shipped[part.release + lead_time(order)] += part.quantity;
            }
            if let Some(source) = order
                .from
                .as_deref()
                .and_then(|from| buffer_of(&plan.buffers, &order.item, from))
            {
                source_of.insert(receiver, source);
            }
        }
        let mut remaining = pegs.into_iter();
        let mut carry: Option<Peg> = None;
        for part in parts_of.get(&idx).map(Vec::as_slice).unwrap_or_default() {
            let release = first + part.release;
            orders.push(PlannedOrder {
                quantity: part.quantity,
                release,
                due: release + lead_time(order),
                ..order.clone()
            });
            pegging.push(take_pegs(&mut remaining, &mut carry, part.quantity));
        }
    }
    // Orders stay sorted by kind, item, location, due.
    let mut sequence: Vec<usize> = (0..orders.len()).collect();
    sequence.sort_by(|&a, &b| {
        let (x, y) = (&orders[a], &orders[b]);
        (kind_rank(x.kind), &x.item, &x.location, x.due, a).cmp(&(
            kind_rank(y.kind),
            &y.item,
            &y.location,
            y.due,
            b,
        ))
    });
    let mut pegging_slots: Vec<Option<Vec<Peg>>> = pegging.into_iter().map(Some).collect();
    plan.planned_orders = sequence.iter().map(|&i| orders[i].clone()).collect();
    plan.pegging = sequence
        .iter()
        .map(|&i| pegging_slots[i].take().unwrap_or_default())
        .collect();

    // Records: receivers' receipts and releases, sources' issues, then inventory.
    let mut affected: Vec<usize> = by_source.keys().copied().collect();
    affected.extend(asked_by.keys().copied());
    affected.sort_unstable();
    affected.dedup();
    for &idx in asked_by.keys() {
        let record = &mut plan.buffers[idx];
        record.planned_receipts.iter_mut().for_each(|q| *q = 0.0);
        record.planned_releases.iter_mut().for_each(|q| *q = 0.0);
    }
    for (&source, transfers) in by_source {
        let record = &mut plan.buffers[source];
        for &idx in transfers {
            let order = &old_orders[idx];
            record.dependent_demand[order.release - first] -= order.quantity;
        }
    }
    for order in plan
        .planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Transfer)
    {
        if let Some(receiver) = buffer_of(&plan.buffers, &order.item, &order.location) {
            plan.buffers[receiver].planned_receipts[order.due - first] += order.quantity;
            plan.buffers[receiver].planned_releases[order.release - first] += order.quantity;
        }
        if let Some(source) = order
            .from
            .as_deref()
            .and_then(|from| buffer_of(&plan.buffers, &order.item, from))
        {
            plan.buffers[source].dependent_demand[order.release - first] += order.quantity;
        }
    }
    for &idx in &affected {
        let record = &mut plan.buffers[idx];
        let mut inventory = record.on_hand;
        for t in 0..horizon {
            // Solver noise below a millionth is no issue.
            if record.dependent_demand[t].abs() < EPSILON {
                record.dependent_demand[t] = 0.0;
            }
            record.gross_requirements[t] =
                record.independent_demand[t] + record.dependent_demand[t];
            inventory += record.scheduled_receipts[t] + record.planned_receipts[t]
                - record.gross_requirements[t];
            record.projected_inventory[t] = inventory;
        }
    }
    let deliveries = Deliveries {
        asked: asked_by,
        shipped: shipped_by,
        source: source_of,
    };
    restate_shortages(dataset, &mut plan, &affected, &deliveries, first, horizon);
    plan
}

/// The next `quantity` units of an order's pegs, first in first out.
fn take_pegs(
    remaining: &mut impl Iterator<Item = Peg>,
    carry: &mut Option<Peg>,
    quantity: f64,
) -> Vec<Peg> {
    let mut out = Vec::new();
    let mut left = quantity;
    while left > EPSILON {
        let Some(peg) = carry.take().or_else(|| remaining.next()) else {
            break;
        };
        if peg.quantity <= left + EPSILON {
            left -= peg.quantity;
            out.push(peg);
        } else {
            let share = left / peg.quantity;
            out.push(Peg {
                quantity: left,
                demand_quantity: peg.demand_quantity * share,
                ..peg.clone()
            });
            *carry = Some(Peg {
                quantity: peg.quantity - left,
                demand_quantity: peg.demand_quantity * (1.0 - share),
                ..peg
            });
            left = 0.0;
        }
    }
    out
}

fn kind_rank(kind: OrderKind) -> u8 {
    match kind {
        OrderKind::Purchase => 0,
        OrderKind::Production => 1,
        OrderKind::Transfer => 2,
    }
}

/// Per receiving buffer: the units its transfers asked to receive and were shipped to
/// receive in each horizon bucket, and the buffer they come from.
struct Deliveries {
    asked: BTreeMap<usize, Vec<f64>>,
    shipped: BTreeMap<usize, Vec<f64>>,
    source: BTreeMap<usize, usize>,
}

/// Replaces the stock-outs and shortages of the affected buffers with their state
/// after deployment.
fn restate_shortages(
    dataset: &Dataset,
    plan: &mut MrpPlan,
    affected: &[usize],
    deliveries: &Deliveries,
    first: BucketIdx,
    horizon: usize,
) {
    let calendar = dataset.calendar();
    let is_affected = |idx: usize| affected.binary_search(&idx).is_ok();
    // Drop the affected buffers' old stock-outs, remapping the others' indices.
    let dropped: std::collections::BTreeSet<usize> = plan
        .shortages
        .iter()
        .filter(|s| is_affected(s.buffer))
        .map(|s| s.exception)
        .collect();
    let (old, kept): (Vec<Shortage>, Vec<Shortage>) = std::mem::take(&mut plan.shortages)
        .into_iter()
        .partition(|s| is_affected(s.buffer));
    let scheduled_before: std::collections::BTreeSet<usize> = old
        .iter()
        .filter(|s| s.scheduled)
        .map(|s| s.buffer)
        .collect();
    let was_scheduled = |idx: usize| scheduled_before.contains(&idx);
    let mut new_index = Vec::with_capacity(plan.exceptions.len());
    let mut exceptions = Vec::with_capacity(plan.exceptions.len());
    for (idx, exception) in std::mem::take(&mut plan.exceptions).into_iter().enumerate() {
        new_index.push(exceptions.len());
        if !dropped.contains(&idx) {
            exceptions.push(exception);
        }
    }
    plan.exceptions = exceptions;
    plan.shortages = kept
        .into_iter()
        .map(|s| Shortage {
            exception: new_index[s.exception],
            ..s
        })
        .collect();
    for &idx in affected {
        let record = &plan.buffers[idx];
        let scheduled_source = matches!(record.replenishment, Replenishment::Production { .. });
        let tolerance = fulcrum_core::shortage_tolerance(record.gross_requirements.iter().sum());
        let Some(first_short) = record
            .projected_inventory
            .iter()
            .take(horizon)
            .position(|&inventory| inventory < -tolerance)
        else {
            continue;
        };
        let worst = -record
            .projected_inventory
            .iter()
            .fold(0.0_f64, |worst, &inventory| worst.min(inventory));
        let by = |series: Option<&Vec<f64>>| -> f64 {
            series.map_or(0.0, |s| s.iter().take(first_short + 1).sum())
        };
        let (asked, shipped) = (
            by(deliveries.asked.get(&idx)),
            by(deliveries.shipped.get(&idx)),
        );
        let source = deliveries
            .source
            .get(&idx)
            .copied()
            .filter(|_| shipped < asked - EPSILON * asked.max(1.0));
        let why = match (&record.replenishment, source) {
            (Replenishment::Transfer { from, .. }, Some(_)) => format!(
                "{from} delivers {} of the {} units asked of it by then (what {from} holds is shared fairly among the locations it supplies)",
                round2(shipped),
                round2(asked)
            ),
            _ if scheduled_source => {
                "the constrained plan makes less than its own customers and production here need, or makes it later".to_string()
            }
            _ => "open orders arrive too late".to_string(),
        };
        plan.exceptions.push(Exception {
            severity: Severity::Critical,
            code: "stockout".into(),
            message: format!(
                "{} at {} runs out in {}, {} units short at worst: {why}.",
                record.item,
                record.location,
                calendar.label(first + first_short),
                round2(worst),
            ),
            bucket: Some(first + first_short),
        });
        plan.shortages.push(Shortage {
            buffer: idx,
            first_bucket: first + first_short,
            worst,
            scheduled: was_scheduled(idx),
            source,
            exception: plan.exceptions.len() - 1,
            held_up: Vec::new(),
        });
    }
    plan.shortages.sort_by_key(|s| s.buffer);
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
