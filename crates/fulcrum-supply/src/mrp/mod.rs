//! Material and distribution requirements planning over the supply network.
//!
//! The network is a set of *buffers* (an item at a location, as in frePPLe).
//! Each buffer is replenished one way:
//! - a distribution centre by a **transfer** along the lane from the plant that makes the item;
//! - the plant that makes an item by **production**, which consumes its BOM components at
//!   the same plant (grossed up for scrap: `quantity_per / (1 − scrap)`);
//! - a plant that uses a purchased item by a **purchase** from its cheapest supplier.
//!
//! Buffers are planned in low-level-code order (a buffer is planned only after every
//! buffer that places demand on it), so each sees its complete gross requirements.
//! Netting follows the textbook record (Orlicky; Vollmann et al., *Manufacturing
//! Planning and Control*, ch. 6): projected available = previous + scheduled receipts
//! − gross requirements + planned receipts, and the net requirement of a bucket is
//! what the buffer lacks to end it at safety stock.
//!
//! **Lot sizing.** Each buffer has a [`LotPolicy`] (lot-for-lot by default). A buffer is
//! sized over its whole horizon, not bucket by bucket: first the lot-for-lot net
//! requirements are found (the least receipt in each bucket that keeps projected
//! inventory at or above safety stock), then the rule of
//! [`crate::lot_sizing::plan_lots`] turns that series into lots. Every rule there
//! receives at least the cumulative requirement by each bucket, so projected inventory
//! never falls below safety stock; multi-period rules (POQ, part-period, Silver–Meal,
//! Wagner–Whitin) move later requirements into earlier lots. A purchase then rounds each
//! lot to the supplier's minimum and multiple, netting what earlier rounding left over.
//!
//! **Pegging.** With [`MrpInput::pegging`] on, every planned order records the
//! independent demands it serves ([`Peg`]), through every BOM level and lane: supply of
//! a buffer (on hand, then scheduled and planned receipts, in bucket order) is matched
//! first in, first out to its safety stock and then to its demands in bucket order
//! (independent demand and the dependent demand of each parent order, which carries
//! that order's own pegs, scaled by the units per parent).
//!
//! Releases that would fall before the horizon are placed in the first bucket and
//! reported as past due, naming the lead time that binds ("supplier S1's 3-month lead
//! time means receipts due in 2026-01 needed release in 2025-10").
//!
//! **Shortages.** A buffer whose projected inventory drops below zero (no source, or a
//! master schedule that makes too little or too late) is reported as a `stockout` and
//! listed in [`MrpPlan::shortages`] with the independent demands it holds up: with
//! pegging on, the demands matched to supply that arrives after their bucket or to no
//! supply at all ("The shortage holds up FG at D1 in 2026-06 (20)").
//!
//! **Speed.** Item and location codes are interned to integer ids once (`network`),
//! and buffers are indexed by position from then on. The buffers of one low-level code
//! are exploded, netted and pegged in parallel (rayon); every sum is still taken in
//! planning order, so the plan is the same bit for bit on any number of threads. See
//! `bench/supply/` for its speed on 100,000 items.

use std::fmt::Write as _;

use rayon::prelude::*;

use fulcrum_core::{
    BucketIdx, Dataset, Exception, LotRule, OrderKind, PlannedOrder, Severity, YearMonth,
};

use fulcrum_core::rounding::whole_up;

use crate::lot_sizing::{LotSizingProblem, LotSizingRule, plan_lots};

mod network;
mod pegging;

use network::{Network, Seed, Sourcing};
use pegging::{RawPeg, SAFETY_STOCK_BUCKET, finish_pegs};

/// Quantities below this are treated as zero.
const EPSILON: f64 = 1e-9;

/// An item at a location, the unit MRP plans.
pub type BufferKey = (String, String);

/// How the planned orders of one buffer are sized.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LotPolicy {
    /// The rule.
    pub rule: LotRule,
    /// Lot size of [`LotRule::FixedQuantity`], or the max (order-up-to level) of
    /// [`LotRule::MinMax`].
    pub lot_size: f64,
    /// Cost of one order or setup.
    pub order_cost: f64,
    /// Cost of holding one unit for one bucket.
    pub holding_cost: f64,
}

impl LotPolicy {
    /// The lot-sizing module's rule for this policy, for a buffer netted to
    /// `safety_stock`.
    fn rule(&self, safety_stock: f64) -> LotSizingRule {
        match self.rule {
            LotRule::LotForLot => LotSizingRule::LotForLot,
            LotRule::FixedQuantity => LotSizingRule::FixedOrderQuantity(self.lot_size),
            LotRule::EconomicOrderQuantity => LotSizingRule::EconomicOrderQuantity,
            LotRule::PeriodOrderQuantity => LotSizingRule::PeriodOrderQuantity,
            LotRule::PartPeriodBalancing => LotSizingRule::PartPeriodBalancing,
            LotRule::SilverMeal => LotSizingRule::SilverMeal,
            LotRule::WagnerWhitin => LotSizingRule::WagnerWhitin,
            LotRule::MinMax => LotSizingRule::OrderUpTo((self.lot_size - safety_stock).max(0.0)),
        }
    }
}

/// What the MRP reads besides the dataset.
#[derive(Debug, Clone, Copy)]
pub struct MrpInput<'a> {
    /// Master data, on hand and open orders.
    pub dataset: &'a Dataset,
    /// Independent demand per (item, location), one value per horizon bucket.
    pub demand: &'a std::collections::BTreeMap<BufferKey, Vec<f64>>,
    /// Safety stock per (item, location).
    pub safety_stock: &'a std::collections::BTreeMap<BufferKey, f64>,
    /// Lot-sizing policy per (item, location); lot-for-lot when absent.
    pub lot_policies: &'a std::collections::BTreeMap<BufferKey, LotPolicy>,
    /// Whether to peg planned orders to the independent demands they serve.
    pub pegging: bool,
    /// A master production schedule: fixed planned receipts per (item, location) and
    /// horizon bucket (e.g. the disaggregated constrained plan). Such a buffer is not
    /// netted or lot-sized; its receipts are taken as given and exploded, and a
    /// shortfall shows as negative projected inventory.
    pub master_schedule: &'a std::collections::BTreeMap<BufferKey, Vec<f64>>,
}

/// How a buffer is replenished.
#[derive(Debug, Clone, PartialEq)]
pub enum Replenishment {
    /// Moved from another location along a lane.
    Transfer {
        /// Shipping location.
        from: String,
        /// Lane transit time in buckets.
        lead_time: u32,
        /// Standard deviation of the transit time, in buckets.
        lead_time_sd: f64,
    },
    /// Made here.
    Production {
        /// Production lead time in buckets.
        lead_time: u32,
    },
    /// Bought from a supplier.
    Purchase {
        /// Supplier code.
        supplier: String,
        /// Supplier lead time in buckets.
        lead_time: u32,
        /// Standard deviation of the supplier lead time, in buckets.
        lead_time_sd: f64,
        /// Minimum order quantity.
        min_order: f64,
        /// Order multiple (0 or 1 for none).
        order_multiple: f64,
    },
    /// No way to replenish: no routing, lane or supplier applies.
    Unsourced,
}

impl Replenishment {
    fn lead_time(&self) -> u32 {
        match self {
            Replenishment::Transfer { lead_time, .. }
            | Replenishment::Production { lead_time }
            | Replenishment::Purchase { lead_time, .. } => *lead_time,
            Replenishment::Unsourced => 0,
        }
    }
}

/// The MRP record of one buffer; every vector has one value per horizon bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct BufferPlan {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Low-level code: 0 for buffers no other buffer draws on.
    pub low_level_code: u32,
    /// How the buffer is replenished.
    pub replenishment: Replenishment,
    /// Safety stock target.
    pub safety_stock: f64,
    /// On hand at the start of the horizon.
    pub on_hand: f64,
    /// Independent (customer) demand.
    pub independent_demand: Vec<f64>,
    /// Dependent demand from parent buffers (BOM and transfers).
    pub dependent_demand: Vec<f64>,
    /// Independent plus dependent demand.
    pub gross_requirements: Vec<f64>,
    /// Receipts of open orders.
    pub scheduled_receipts: Vec<f64>,
    /// Projected inventory at the end of each bucket.
    pub projected_inventory: Vec<f64>,
    /// What the buffer lacks to end the bucket at safety stock, given earlier planned
    /// receipts (the textbook net requirement).
    pub net_requirements: Vec<f64>,
    /// Planned order receipts.
    pub planned_receipts: Vec<f64>,
    /// Planned order releases (receipts offset by lead time).
    pub planned_releases: Vec<f64>,
}

/// Part of a planned order that serves one independent demand (or safety stock).
#[derive(Debug, Clone, PartialEq)]
pub struct Peg {
    /// Index in [`MrpPlan::buffers`] of the buffer whose independent demand is served.
    pub buffer: usize,
    /// Horizon bucket of that demand (timeline index); `None` when the order
    /// replenishes that buffer's safety stock.
    pub bucket: Option<BucketIdx>,
    /// Units of the independent demand served.
    pub demand_quantity: f64,
    /// Units of the order that serve it.
    pub quantity: f64,
}

/// The result of an MRP run.
#[derive(Debug, Clone, PartialEq)]
pub struct MrpPlan {
    /// Buffer records sorted by (item, location).
    pub buffers: Vec<BufferPlan>,
    /// Planned orders sorted by kind, item, location, due bucket.
    pub planned_orders: Vec<PlannedOrder>,
    /// Per planned order (same index), the demands it serves, sorted by buffer and
    /// bucket (safety stock first); empty when pegging is off. Units of an order not
    /// listed are excess from lot sizing or rounding.
    pub pegging: Vec<Vec<Peg>>,
    /// Past-due releases, unsourced buffers, lot-sizing fallbacks and projected stock-outs.
    pub exceptions: Vec<Exception>,
    /// Every buffer whose projected inventory goes negative, by buffer index, with the
    /// independent demands it holds up (when pegging is on).
    pub shortages: Vec<Shortage>,
}

/// A buffer that runs out: its `stockout` exception, and the independent demands its
/// shortfall holds up, found by pegging: the demands matched, first in first out, to
/// supply that arrives after they need it or to no supply at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortage {
    /// Index in [`MrpPlan::buffers`].
    pub buffer: usize,
    /// Timeline bucket in which projected inventory first drops below zero.
    pub first_bucket: BucketIdx,
    /// Units short at worst (the most negative projected inventory, as a positive number).
    pub worst: f64,
    /// Whether the buffer's receipts were fixed by the master schedule.
    pub scheduled: bool,
    /// The source buffer (index in [`MrpPlan::buffers`]) that could not deliver all the
    /// transfers asked of it by the first short bucket, when that is why this buffer
    /// runs short (set by `crate::deployment`).
    pub source: Option<usize>,
    /// Index in [`MrpPlan::exceptions`] of the `stockout` exception that reports it.
    pub exception: usize,
    /// Independent demands served late or not at all, in units of that demand
    /// (`demand_quantity`) and of this buffer's item (`quantity`), sorted by buffer and
    /// bucket; empty when pegging is off.
    pub held_up: Vec<Peg>,
}

impl MrpPlan {
    /// A plan with no buffers, orders or exceptions.
    pub fn empty() -> MrpPlan {
        MrpPlan {
            buffers: Vec::new(),
            planned_orders: Vec::new(),
            pegging: Vec::new(),
            exceptions: Vec::new(),
            shortages: Vec::new(),
        }
    }

    /// The pegs of a planned order in plain words, e.g. "FG at D1 in 2026-06 (20)",
    /// largest first, at most `limit` of them.
    pub fn describe_pegs(
        &self,
        order: usize,
        calendar: &fulcrum_core::Calendar,
        limit: usize,
    ) -> Vec<String> {
        match self.pegging.get(order) {
            Some(pegs) => self.describe(pegs, calendar, limit),
            None => Vec::new(),
        }
    }

    /// The independent demands a shortage holds up in plain words, largest first, at
    /// most `limit` of them; empty when it only holds up its own buffer's demand.
    pub fn describe_held_up(
        &self,
        shortage: &Shortage,
        calendar: &fulcrum_core::Calendar,
        limit: usize,
    ) -> Vec<String> {
        if shortage
            .held_up
            .iter()
            .all(|peg| peg.buffer == shortage.buffer)
        {
            return Vec::new();
        }
        self.describe(&shortage.held_up, calendar, limit)
    }

    fn describe(
        &self,
        pegs: &[Peg],
        calendar: &fulcrum_core::Calendar,
        limit: usize,
    ) -> Vec<String> {
        let mut sorted: Vec<&Peg> = pegs.iter().collect();
        sorted.sort_by(|a, b| b.demand_quantity.total_cmp(&a.demand_quantity));
        sorted
            .into_iter()
            .take(limit)
            .filter_map(|peg| {
                let buffer = self.buffers.get(peg.buffer)?;
                Some(match peg.bucket {
                    Some(bucket) => format!(
                        "{} at {} in {} ({})",
                        buffer.item,
                        buffer.location,
                        calendar.label(bucket),
                        round2(peg.demand_quantity)
                    ),
                    None => format!(
                        "safety stock of {} at {} ({})",
                        buffer.item,
                        buffer.location,
                        round2(peg.demand_quantity)
                    ),
                })
            })
            .collect()
    }
}

/// A planned order while planning.
#[derive(Clone)]
struct RawOrder {
    buffer: usize,
    due: usize,
    release: usize,
    quantity: f64,
}

/// Runs multi-level netting, lot sizing, lead-time offsetting, BOM explosion and
/// pegging over the network.
pub fn run_mrp(input: &MrpInput<'_>) -> MrpPlan {
    plan(input, &ALL_KINDS)
}

/// [`run_mrp`] without pegging ([`MrpInput::pegging`] is ignored) that lists only the
/// production orders: the same records, exceptions and production orders, for a caller
/// that reads only those (a capacity check), without naming every purchase and
/// transfer.
pub fn run_mrp_production(input: &MrpInput<'_>) -> MrpPlan {
    plan(
        &MrpInput {
            pegging: false,
            ..*input
        },
        &[OrderKind::Production],
    )
}

/// Every order kind, in output order.
const ALL_KINDS: [OrderKind; 3] = [
    OrderKind::Purchase,
    OrderKind::Production,
    OrderKind::Transfer,
];

/// [`run_mrp`], listing the planned orders of `kinds` (in output order) only.
fn plan(input: &MrpInput<'_>, kinds: &[OrderKind]) -> MrpPlan {
    let dataset = input.dataset;
    let calendar = dataset.calendar();
    let horizon = calendar.horizon_len();
    let first = calendar.history_len();
    let network = Network::build(input);
    let n = network.buffers.len();
    let mut exceptions = Vec::new();

    let mut records: Vec<BufferPlan> = network
        .buffers
        .par_iter()
        .map(|node| BufferPlan {
            item: node.item.to_string(),
            location: node.location.to_string(),
            low_level_code: node.low_level_code,
            replenishment: node.replenishment.clone(),
            safety_stock: 0.0,
            on_hand: 0.0,
            independent_demand: vec![0.0; horizon],
            dependent_demand: vec![0.0; horizon],
            gross_requirements: vec![0.0; horizon],
            scheduled_receipts: vec![0.0; horizon],
            projected_inventory: vec![0.0; horizon],
            net_requirements: vec![0.0; horizon],
            planned_receipts: vec![0.0; horizon],
            planned_releases: vec![0.0; horizon],
        })
        .collect();
    for (values, &idx) in input
        .demand
        .values()
        .zip(network.seed_buffers(Seed::Demand))
    {
        for (slot, value) in records[idx].independent_demand.iter_mut().zip(values) {
            *slot = *value;
        }
    }
    for (quantity, &idx) in input
        .safety_stock
        .values()
        .zip(network.seed_buffers(Seed::SafetyStock))
    {
        records[idx].safety_stock = *quantity;
    }
    let mut scheduled: Vec<Option<&Vec<f64>>> = vec![None; n];
    for ((item, location), receipts) in input.master_schedule {
        if let Some(idx) = network.buffer_of(item, location) {
            scheduled[idx] = Some(receipts);
        }
    }
    let mut lot_policies: Vec<Option<&LotPolicy>> = vec![None; n];
    for ((item, location), policy) in input.lot_policies {
        if let Some(idx) = network.buffer_of(item, location) {
            lot_policies[idx] = Some(policy);
        }
    }

    for (row, &idx) in dataset
        .on_hand
        .iter()
        .zip(network.seed_buffers(Seed::OnHand))
    {
        records[idx].on_hand += row.quantity;
    }
    for (order, &idx) in dataset
        .open_orders
        .iter()
        .zip(network.seed_buffers(Seed::OpenOrders))
    {
        match calendar.parse_bucket(&order.due) {
            Ok(bucket) if bucket >= first && bucket - first < horizon => {
                records[idx].scheduled_receipts[bucket - first] += order.quantity;
            }
            _ => exceptions.push(Exception {
                severity: Severity::Warning,
                code: "open_order_outside_horizon".into(),
                message: format!(
                    "Open order {} for {} at {} is due {}, outside the horizon; it is ignored.",
                    order.id, order.item, order.location, order.due
                ),
                bucket: None,
            }),
        }
    }

    let parents = Parents::new(&network);
    let mut planned = vec![false; n];

    // Pass 1: netting, lot sizing and explosion, in planning order.
    let mut orders: Vec<RawOrder> = Vec::with_capacity(n * 4);
    // Per buffer, the range of its orders in `orders` (in due order).
    let mut order_ranges: Vec<(usize, usize)> = vec![(0, 0); n];
    // Past-due exceptions to complete with the demands they serve once pegged:
    // (buffer, units past due, due range), and each one's index in `exceptions`.
    let mut past_due_notes: Vec<(usize, f64, (usize, usize))> = Vec::new();
    let mut past_due_slots: Vec<usize> = Vec::new();
    // Level by level: a buffer's dependent demand is the releases of its parents, all
    // on earlier levels, added in planning order; its netting then reads only its own
    // record. So a level's buffers are exploded into and netted in parallel, and its
    // orders and exceptions follow in planning order. Buffers caught in a cycle share
    // a level and are planned one by one.
    let net = |idx: usize, record: &mut BufferPlan, dependent: &[f64], scratch: &mut Vec<f64>| {
        record.dependent_demand.copy_from_slice(dependent);
        let mut raised = Vec::new();
        let past_due = net_buffer(
            record,
            network.buffers[idx].discrete,
            lot_policies[idx],
            scheduled[idx].map(Vec::as_slice),
            scratch,
            &mut raised,
        );
        let mut note = None;
        if past_due > EPSILON {
            // The buckets of the receipts due before their lead time allows.
            let lead_time = record.replenishment.lead_time() as usize;
            let due = record
                .planned_receipts
                .iter()
                .take(lead_time)
                .enumerate()
                .filter(|&(_, &quantity)| quantity > EPSILON)
                .fold((usize::MAX, 0), |(lo, hi), (bucket, _)| {
                    (lo.min(bucket), hi.max(bucket))
                });
            let due = (due.0.min(due.1), due.1);
            // With pegging, the exception is written once its orders are pegged.
            raised.push(if input.pegging {
                Exception {
                    severity: Severity::Warning,
                    code: String::new(),
                    message: String::new(),
                    bucket: None,
                }
            } else {
                past_due_exception(record, past_due, due, None, first, calendar)
            });
            note = Some((past_due, due));
        }
        // Its planned orders: one per receipt.
        let orders = if record.replenishment == Replenishment::Unsourced {
            0
        } else {
            record
                .planned_receipts
                .iter()
                .filter(|&&quantity| quantity > EPSILON)
                .count()
        };
        Netted {
            buffer: idx,
            past_due: note,
            raised,
            orders,
        }
    };
    // Per buffer, its position in the current level's netting results.
    let mut slot_of = vec![0usize; n];
    let order_list = &network.planning_order;
    let mut start = 0;
    while start < order_list.len() {
        let level = network.buffers[order_list[start]].low_level_code;
        let end = network.segment_end(start);
        let segment = &order_list[start..end];
        // Dependent demand, one horizon per buffer of the segment, in segment order.
        let mut dependent = vec![0.0; segment.len() * horizon];
        dependent
            .par_chunks_mut(horizon.max(1))
            .zip(segment.par_iter())
            .for_each(|(demand, &idx)| parents.explode_into(idx, &records, demand));
        for (slot, &idx) in segment.iter().enumerate() {
            slot_of[idx] = slot;
        }
        let dependent_of = |idx: usize| {
            let slot = slot_of[idx];
            &dependent[slot * horizon..(slot + 1) * horizon]
        };
        let mut netted: Vec<Netted> = if let [idx] = *segment {
            vec![net(
                idx,
                &mut records[idx],
                dependent_of(idx),
                &mut vec![0.0; horizon],
            )]
        } else {
            records
                .par_iter_mut()
                .enumerate()
                .filter(|(idx, _)| network.buffers[*idx].low_level_code == level)
                .map_init(
                    || vec![0.0; horizon],
                    |scratch, (idx, record)| net(idx, record, dependent_of(idx), scratch),
                )
                .collect()
        };
        // Results come in buffer order: map each buffer to its result.
        for (position, result) in netted.iter().enumerate() {
            slot_of[result.buffer] = position;
        }
        let level_first = orders.len();
        let mut next = level_first;
        for &idx in segment {
            let Netted {
                past_due: note,
                raised,
                orders: count,
                ..
            } = &mut netted[slot_of[idx]];
            if let Some((past_due, due)) = *note {
                past_due_notes.push((idx, past_due, due));
                past_due_slots.push(exceptions.len() + raised.len() - 1);
            }
            exceptions.append(raised);
            planned[idx] = true;
            // The level's orders: buffers in planning order, each buffer's in due order.
            order_ranges[idx] = (next, next + *count);
            next += *count;
        }
        // Placeholders first written in parallel, then each buffer's orders over them.
        let placeholder = RawOrder {
            buffer: 0,
            due: 0,
            release: 0,
            quantity: 0.0,
        };
        orders.par_extend(rayon::iter::repeat_n(placeholder, next - level_first));
        let mut chunks: Vec<(usize, &mut [RawOrder])> = Vec::with_capacity(segment.len());
        let mut rest = &mut orders[level_first..];
        for &idx in segment {
            let (first_order, end_order) = order_ranges[idx];
            let (head, tail) = std::mem::take(&mut rest).split_at_mut(end_order - first_order);
            chunks.push((idx, head));
            rest = tail;
        }
        chunks.into_par_iter().for_each(|(idx, chunk)| {
            let record = &records[idx];
            let lead_time = record.replenishment.lead_time() as usize;
            let receipts = record
                .planned_receipts
                .iter()
                .enumerate()
                .filter(|&(_, &quantity)| quantity > EPSILON);
            for (order, (bucket, &quantity)) in chunk.iter_mut().zip(receipts) {
                *order = RawOrder {
                    buffer: idx,
                    due: bucket,
                    release: bucket.saturating_sub(lead_time),
                    quantity,
                };
            }
        });
        if let [idx] = *segment {
            // In a cycle a child may be planned already: its parents planned later
            // add their releases once planned.
            let releases = records[idx].planned_releases.clone();
            for &(child, per_unit) in network.children(idx) {
                if planned[child] {
                    for (slot, release) in records[child].dependent_demand.iter_mut().zip(&releases)
                    {
                        *slot += release * per_unit;
                    }
                }
            }
        }
        start = end;
    }

    // Output order: buffers sorted by (item, location), orders by kind, item, location, due.
    let by_key = &network.by_key;
    let mut new_index = vec![0usize; n];
    for (position, &old) in by_key.iter().enumerate() {
        new_index[old] = position;
    }
    let kind_of = |record: &BufferPlan| match &record.replenishment {
        Replenishment::Transfer { .. } => OrderKind::Transfer,
        Replenishment::Purchase { .. } => OrderKind::Purchase,
        // Unsourced buffers place no orders.
        Replenishment::Production { .. } | Replenishment::Unsourced => OrderKind::Production,
    };
    // Each buffer's orders are already in due order: emit them by kind, then buffer rank.
    let mut output_buffers: Vec<usize> = Vec::with_capacity(n);
    for &kind in kinds {
        output_buffers.extend(by_key.iter().filter(|&&idx| {
            kind_of(&records[idx]) == kind && order_ranges[idx].1 > order_ranges[idx].0
        }));
    }
    let mut sequence: Vec<usize> = Vec::with_capacity(orders.len());
    for &idx in &output_buffers {
        let (start, end) = order_ranges[idx];
        sequence.extend(start..end);
    }
    let mut pegging: Vec<Vec<Peg>> = Vec::new();

    // Pass 2: pegging (see `pegging`), while the output orders are built: both only
    // read the plan so far.
    let (pegged, planned_orders) = rayon::join(
        || {
            input.pegging.then(|| {
                pegging.resize_with(orders.len(), Vec::new);
                pegging::peg_network(
                    &pegging::NettedPlan {
                        network: &network,
                        records: &records,
                        parents: &parents,
                        orders: &orders,
                        order_ranges: &order_ranges,
                        new_index: &new_index,
                        output_buffers: &output_buffers,
                        past_due_notes: &past_due_notes,
                        first,
                        calendar,
                    },
                    &mut pegging,
                )
            })
        },
        || {
            sequence
                .par_iter()
                .map(|&position| {
                    let order = &orders[position];
                    let record = &records[order.buffer];
                    let (from, supplier) = match &record.replenishment {
                        Replenishment::Transfer { from, .. } => (Some(from.clone()), None),
                        Replenishment::Purchase { supplier, .. } => (None, Some(supplier.clone())),
                        _ => (None, None),
                    };
                    PlannedOrder {
                        kind: kind_of(record),
                        item: record.item.clone(),
                        location: record.location.clone(),
                        from,
                        supplier,
                        quantity: order.quantity,
                        release: first + order.release,
                        due: first + order.due,
                    }
                })
                .collect::<Vec<PlannedOrder>>()
        },
    );
    let mut held_up = match pegged {
        Some(pegged) => {
            for (&slot, exception) in past_due_slots.iter().zip(pegged.past_due) {
                if let Some(exception) = exception {
                    exceptions[slot] = exception;
                }
            }
            pegged.held_up
        }
        None => Vec::new(),
    };

    let mut raw_shortages = Vec::new();
    for (idx, record) in records.iter().enumerate() {
        let held = held_up.get(idx).map_or(&[][..], Vec::as_slice);
        if let Some((first_short, worst)) = report_shortages(
            record,
            scheduled[idx].is_some(),
            || describe_held_up(new_index[idx], held, &records, by_key, first, calendar),
            first,
            calendar,
            &mut exceptions,
        ) {
            raw_shortages.push((idx, first_short, worst, exceptions.len() - 1));
        }
    }

    let mut shortages: Vec<Shortage> = raw_shortages
        .into_iter()
        .map(|(idx, first_bucket, worst, exception)| Shortage {
            buffer: new_index[idx],
            first_bucket,
            worst,
            scheduled: scheduled[idx].is_some(),
            source: None,
            exception,
            held_up: held_up
                .get_mut(idx)
                .map(|held| finish_pegs(held, first))
                .unwrap_or_default(),
        })
        .collect();
    shortages.sort_by_key(|shortage| shortage.buffer);
    // Records into output order, in place: follow each cycle of the permutation.
    let mut target = new_index;
    for position in 0..n {
        while target[position] != position {
            let destination = target[position];
            records.swap(position, destination);
            target.swap(position, destination);
        }
    }
    let buffers = records;
    MrpPlan {
        buffers,
        planned_orders,
        pegging,
        exceptions,
        shortages,
    }
}

/// One buffer, netted.
struct Netted {
    buffer: usize,
    /// Units released before the horizon and the range of their due buckets.
    past_due: Option<(f64, (usize, usize))>,
    /// Its exceptions, in order: a lot-sizing fallback, then a past-due release.
    raised: Vec<Exception>,
    /// How many planned orders it places.
    orders: usize,
}

/// Per buffer, the buffers that draw on it and the units they draw per unit released,
/// in planning order (a parent with two BOM lines for it appears twice).
struct Parents {
    start: Vec<usize>,
    list: Vec<(u32, f64)>,
    /// Per buffer, how many of its parents are planned before it: a prefix of them,
    /// all of them unless it is caught in a cycle.
    earlier: Vec<usize>,
}

impl Parents {
    fn new(network: &Network<'_>) -> Parents {
        let n = network.buffers.len();
        let mut start = vec![0usize; n + 1];
        for idx in 0..n {
            for &(child, _) in network.children(idx) {
                start[child + 1] += 1;
            }
        }
        for idx in 0..n {
            start[idx + 1] += start[idx];
        }
        let mut fill = start.clone();
        let mut list = vec![(0u32, 0.0); start[n]];
        let mut position = vec![0usize; n];
        for (rank, &idx) in network.planning_order.iter().enumerate() {
            position[idx] = rank;
            for &(child, per_unit) in network.children(idx) {
                list[fill[child]] = (idx as u32, per_unit);
                fill[child] += 1;
            }
        }
        let earlier = (0..n)
            .map(|idx| {
                list[start[idx]..start[idx + 1]]
                    .iter()
                    .take_while(|&&(parent, _)| position[parent as usize] < position[idx])
                    .count()
            })
            .collect();
        Parents {
            start,
            list,
            earlier,
        }
    }

    /// The parents of buffer `idx` planned before it, in planning order.
    fn earlier(&self, idx: usize) -> &[(u32, f64)] {
        &self.list[self.start[idx]..self.start[idx] + self.earlier[idx]]
    }

    /// Adds the releases of the parents of `idx` planned before it, times the units
    /// per parent unit, to `demand`, in planning order.
    fn explode_into(&self, idx: usize, records: &[BufferPlan], demand: &mut [f64]) {
        for &(parent, per_unit) in self.earlier(idx) {
            for (slot, release) in demand
                .iter_mut()
                .zip(&records[parent as usize].planned_releases)
            {
                *slot += release * per_unit;
            }
        }
    }
}

/// Nets one buffer whose gross requirements are complete, sizes its lots and offsets
/// their releases.
/// Returns the units whose release falls before the horizon.
fn net_buffer(
    record: &mut BufferPlan,
    discrete: bool,
    policy: Option<&LotPolicy>,
    master_schedule: Option<&[f64]>,
    lot_for_lot: &mut [f64],
    exceptions: &mut Vec<Exception>,
) -> f64 {
    let horizon = record.gross_requirements.len();
    for bucket in 0..horizon {
        record.gross_requirements[bucket] =
            record.independent_demand[bucket] + record.dependent_demand[bucket];
    }
    let sourced = record.replenishment != Replenishment::Unsourced;
    // 1. Lot-for-lot net requirements: the least receipt per bucket that ends it at
    //    safety stock.
    let mut available = record.on_hand;
    let mut any = false;
    for ((net, receipt), gross) in lot_for_lot
        .iter_mut()
        .zip(&record.scheduled_receipts)
        .zip(&record.gross_requirements)
    {
        available += receipt - gross;
        let shortfall = record.safety_stock - available;
        *net = 0.0;
        if sourced && shortfall > EPSILON {
            // A discrete item's requirement is met in whole units.
            *net = if discrete {
                whole_up(shortfall)
            } else {
                shortfall
            };
            available += *net;
            any = true;
        }
    }
    // 2. Lots, unless the master schedule fixes them.
    if let Some(fixed) = master_schedule {
        for (slot, &receipt) in record.planned_receipts.iter_mut().zip(fixed) {
            *slot = receipt.max(0.0);
        }
    } else if any {
        let sized = size_lots(
            lot_for_lot,
            &record.replenishment,
            policy,
            record.safety_stock,
        );
        match sized {
            Ok(receipts) => record.planned_receipts.copy_from_slice(&receipts),
            Err(reason) => {
                exceptions.push(Exception {
                    severity: Severity::Warning,
                    code: "lot_sizing_fallback".into(),
                    message: format!(
                        "{} at {}: its lot-sizing rule cannot be applied ({reason}); lots are sized lot-for-lot.",
                        record.item, record.location
                    ),
                    bucket: None,
                });
                let receipts = size_lots(lot_for_lot, &record.replenishment, None, 0.0)
                    .unwrap_or_else(|_| lot_for_lot.to_vec());
                record.planned_receipts.copy_from_slice(&receipts);
            }
        }
        if discrete {
            // Rules that compute a lot (EOQ) or a fractional lot size or multiple
            // are rounded up: a whole lot never covers less.
            for receipt in &mut record.planned_receipts {
                *receipt = whole_up(*receipt);
            }
        }
    }
    // 3. The record and the releases.
    let lead_time = record.replenishment.lead_time() as usize;
    let mut available = record.on_hand;
    let mut past_due = 0.0;
    for bucket in 0..horizon {
        available += record.scheduled_receipts[bucket] - record.gross_requirements[bucket];
        let shortfall = record.safety_stock - available;
        record.net_requirements[bucket] = if sourced && shortfall > EPSILON {
            shortfall
        } else {
            0.0
        };
        let receipt = record.planned_receipts[bucket];
        if receipt > EPSILON {
            available += receipt;
            if bucket < lead_time {
                past_due += receipt;
            }
            record.planned_releases[bucket.saturating_sub(lead_time)] += receipt;
        }
        record.projected_inventory[bucket] = available;
    }
    past_due
}

/// The sentence naming the independent demands a buffer's shortfall holds up (five
/// largest), or nothing when it only holds up the buffer's own demand.
fn describe_held_up(
    own: usize,
    held: &[RawPeg],
    records: &[BufferPlan],
    by_key: &[usize],
    first: BucketIdx,
    calendar: &fulcrum_core::Calendar,
) -> String {
    if held.iter().all(|peg| peg.buffer as usize == own) {
        return String::new();
    }
    format!(
        " The shortage holds up {}.",
        describe_pegs_of(held.iter(), records, by_key, first, calendar)
    )
}

/// The five largest demands (by units of demand) among `pegs`, merged by demand; in
/// plain words (its `Display`): "FG at D1 in 2026-06 (20), FG at D2 in 2026-07 (5)".
fn describe_pegs_of<'p, 'r>(
    pegs: impl Iterator<Item = &'p RawPeg>,
    records: &'r [BufferPlan],
    by_key: &'r [usize],
    first: BucketIdx,
    calendar: &'r fulcrum_core::Calendar,
) -> Demands<'r> {
    // Merged by demand, each sum in peg order (the sort is stable).
    let mut served: Vec<(u32, u32, f64)> = pegs
        .map(|peg| (peg.buffer, peg.bucket, peg.demand_quantity))
        .collect();
    served.sort_by_key(|&(buffer, bucket, _)| (buffer, bucket));
    served.dedup_by(|next, kept| {
        let same = (next.0, next.1) == (kept.0, kept.1);
        if same {
            kept.2 += next.2;
        }
        same
    });
    // The five largest; demands are distinct, so the order is total.
    // Ties go to the buffer found first in the network, then the earlier bucket.
    let largest_first = |a: &(u32, u32, f64), b: &(u32, u32, f64)| {
        b.2.total_cmp(&a.2)
            .then((by_key[a.0 as usize], a.1).cmp(&(by_key[b.0 as usize], b.1)))
    };
    if served.len() > 5 {
        served.select_nth_unstable_by(4, largest_first);
        served.truncate(5);
    }
    served.sort_by(largest_first);
    Demands {
        largest: served,
        records,
        by_key,
        first,
        calendar,
    }
}

/// Demands pegged to, largest first, written comma-separated.
struct Demands<'r> {
    /// (buffer, horizon bucket or [`SAFETY_STOCK_BUCKET`], units of demand).
    largest: Vec<(u32, u32, f64)>,
    records: &'r [BufferPlan],
    /// Per output index, the buffer's index in `records`.
    by_key: &'r [usize],
    first: BucketIdx,
    calendar: &'r fulcrum_core::Calendar,
}

impl std::fmt::Display for Demands<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (position, &(buffer, bucket, quantity)) in self.largest.iter().enumerate() {
            if position > 0 {
                f.write_str(", ")?;
            }
            let record = &self.records[self.by_key[buffer as usize]];
            if bucket == SAFETY_STOCK_BUCKET {
                write!(
                    f,
                    "safety stock of {} at {} ({})",
                    record.item,
                    record.location,
                    round2(quantity)
                )?;
            } else {
                write!(
                    f,
                    "{} at {} in {} ({})",
                    record.item,
                    record.location,
                    self.calendar.month(self.first + bucket as usize),
                    round2(quantity)
                )?;
            }
        }
        Ok(())
    }
}

/// The lead time that binds a buffer's replenishment, in plain words:
/// "supplier S1's 3-month lead time", "the 1-month production lead time",
/// "the 1-month transit from P1".
pub fn describe_lead_time(replenishment: &Replenishment) -> String {
    match replenishment {
        Replenishment::Purchase {
            supplier,
            lead_time,
            ..
        } => format!("supplier {supplier}'s {lead_time}-month lead time"),
        Replenishment::Production { lead_time } => {
            format!("the {lead_time}-month production lead time")
        }
        Replenishment::Transfer {
            from, lead_time, ..
        } => {
            format!("the {lead_time}-month transit from {from}")
        }
        Replenishment::Unsourced => "no source".to_string(),
    }
}

/// The months of a range of buckets: "2026-01", or "2026-01 to 2026-03".
struct MonthSpan(YearMonth, YearMonth);

impl std::fmt::Display for MonthSpan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 == self.1 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "{} to {}", self.0, self.1)
        }
    }
}

/// The demands past-due receipts serve: " They serve A, B." (nothing when none).
struct Serves<'d, 'r>(Option<&'d Demands<'r>>);

impl std::fmt::Display for Serves<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(demands) if !demands.largest.is_empty() => write!(f, " They serve {demands}."),
            _ => Ok(()),
        }
    }
}

/// The exception for receipts whose release would fall before the horizon: it names
/// the lead time that binds ("supplier S1's 3-month lead time means receipts due in
/// 2026-01 needed release in 2025-10, before the plan starts in 2026-01"), and the
/// demands the receipts serve when pegging is on. `due` is the range of horizon
/// buckets of the past-due receipts.
fn past_due_exception(
    record: &BufferPlan,
    past_due: f64,
    due: (usize, usize),
    served: Option<&Demands<'_>>,
    first: BucketIdx,
    calendar: &fulcrum_core::Calendar,
) -> Exception {
    let lead_time = i64::from(record.replenishment.lead_time());
    let span = |back: i64| {
        MonthSpan(
            calendar.month(first + due.0).plus(-back),
            calendar.month(first + due.1).plus(-back),
        )
    };
    // Sized for the sentence and five demands, so it is written without regrowing.
    let mut message = String::with_capacity(512);
    // Writing to a `String` cannot fail.
    let _ = write!(
        message,
        "{} at {}: {} means receipts due in {} needed release in {}, before the plan starts in {}; {} units are released in {} and need expediting.{}",
        record.item,
        record.location,
        describe_lead_time(&record.replenishment),
        span(0),
        span(lead_time),
        calendar.month(first),
        round2(past_due),
        calendar.month(first),
        Serves(served),
    );
    Exception {
        severity: Severity::Warning,
        code: "release_past_due".into(),
        message,
        bucket: Some(first),
    }
}

/// Turns lot-for-lot net requirements into lots: the policy's rule, then a purchase's
/// minimum and multiple.
fn size_lots(
    lot_for_lot: &[f64],
    replenishment: &Replenishment,
    policy: Option<&LotPolicy>,
    safety_stock: f64,
) -> Result<Vec<f64>, crate::SupplyError> {
    let receipts = match policy {
        None => lot_for_lot.to_vec(),
        Some(policy) if policy.rule == LotRule::LotForLot => lot_for_lot.to_vec(),
        Some(policy) => {
            let problem = LotSizingProblem::with_uniform_setup(
                lot_for_lot.to_vec(),
                policy.order_cost,
                policy.holding_cost,
            );
            plan_lots(&problem, policy.rule(safety_stock))?.planned_receipts
        }
    };
    Ok(match replenishment {
        Replenishment::Purchase {
            min_order,
            order_multiple,
            ..
        } if *min_order > 0.0 || *order_multiple > 1.0 => {
            round_lots(lot_for_lot, &receipts, *min_order, *order_multiple)
        }
        _ => receipts,
    })
}

/// Rounds lots to a minimum and multiple. Each lot of `receipts` covers the lot-for-lot
/// requirements up to the next lot; what earlier rounding left over is netted first.
fn round_lots(lot_for_lot: &[f64], receipts: &[f64], minimum: f64, multiple: f64) -> Vec<f64> {
    let n = lot_for_lot.len();
    let mut out = vec![0.0; n];
    let mut carry = 0.0;
    for bucket in 0..n {
        let covers = if receipts[bucket] > EPSILON {
            let end = (bucket + 1..n)
                .find(|&k| receipts[k] > EPSILON)
                .unwrap_or(n);
            lot_for_lot[bucket..end].iter().sum::<f64>()
        } else {
            lot_for_lot[bucket]
        };
        let need = covers - carry;
        if (receipts[bucket] > EPSILON || carry + EPSILON < lot_for_lot[bucket]) && need > EPSILON {
            let mut quantity = need.max(minimum);
            if multiple > 1.0 {
                quantity = (quantity / multiple - EPSILON).ceil() * multiple;
            }
            out[bucket] = quantity;
            carry += quantity;
        }
        carry -= lot_for_lot[bucket];
    }
    out
}

/// Reports a buffer whose projected inventory drops below zero; returns the timeline
/// bucket it first runs out in and the units short at worst. `held_up` writes the
/// sentence naming the demands the shortage holds up; it is called only for a shortage.
fn report_shortages(
    record: &BufferPlan,
    scheduled: bool,
    held_up: impl FnOnce() -> String,
    first: BucketIdx,
    calendar: &fulcrum_core::Calendar,
    exceptions: &mut Vec<Exception>,
) -> Option<(BucketIdx, f64)> {
    // Receipts may come from a solver: ignore shortfalls below a millionth of the
    // buffer's requirements.
    let tolerance = fulcrum_core::shortage_tolerance(record.gross_requirements.iter().sum());
    let first_short = record
        .projected_inventory
        .iter()
        .position(|&inventory| inventory < -tolerance)?;
    let worst = record
        .projected_inventory
        .iter()
        .fold(0.0_f64, |worst, &inventory| worst.min(inventory));
    let why = match &record.replenishment {
        Replenishment::Unsourced => format!(
            "it has no source (no routing at this location, no lane from its plant and no supplier), so demand of {} units cannot be replenished",
            round2(record.gross_requirements.iter().sum())
        ),
        _ if scheduled => {
            "the constrained plan makes less than the network needs, or makes it later".to_string()
        }
        _ => "open orders arrive too late".to_string(),
    };
    exceptions.push(Exception {
        severity: Severity::Critical,
        code: "stockout".into(),
        message: format!(
            "{} at {} runs out in {}, {} units short at worst: {}.{}",
            record.item,
            record.location,
            calendar.label(first + first_short),
            round2(-worst),
            why,
            held_up()
        ),
        bucket: Some(first + first_short),
    });
    Some((first + first_short, -worst))
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The response lead time of a buffer: its mean and standard deviation, in buckets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResponseLeadTime {
    /// Mean buckets from deciding to replenish to receiving.
    pub mean: u32,
    /// Standard deviation of that time, in buckets: the supplier's or the lane's
    /// `lead_time_sd` (a production lead time is taken as fixed).
    pub std_dev: f64,
}

/// How each buffer is replenished, and its *response lead time*: the buckets from
/// deciding to replenish to receiving, through one transfer and the production
/// behind it. A distribution centre fed by a lane from the plant that makes the item
/// responds in the lane's lead time plus the production lead time (the plant buffer
/// plans lot-for-lot behind it), varying as the lane does; a plant in its production
/// lead time, without variation; a purchase in the supplier's lead time, varying as
/// the supplier does; an unsourced buffer never (`None`).
pub fn response_lead_times(
    dataset: &Dataset,
    buffers: &[BufferKey],
) -> Vec<Option<ResponseLeadTime>> {
    let sourcing = Sourcing::new(dataset);
    buffers
        .iter()
        .map(
            |(item, location)| match sourcing.replenishment_of(item, location) {
                Replenishment::Unsourced => None,
                Replenishment::Transfer {
                    from,
                    lead_time,
                    lead_time_sd,
                } => {
                    let behind = match sourcing.replenishment_of(item, &from) {
                        Replenishment::Production { lead_time } => lead_time,
                        _ => 0,
                    };
                    Some(ResponseLeadTime {
                        mean: lead_time + behind,
                        std_dev: lead_time_sd,
                    })
                }
                Replenishment::Purchase {
                    lead_time,
                    lead_time_sd,
                    ..
                } => Some(ResponseLeadTime {
                    mean: lead_time,
                    std_dev: lead_time_sd,
                }),
                Replenishment::Production { lead_time } => Some(ResponseLeadTime {
                    mean: lead_time,
                    std_dev: 0.0,
                }),
            },
        )
        .collect()
}
