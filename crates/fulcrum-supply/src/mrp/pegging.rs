//! Pegging: which independent demands each planned order serves.
//!
//! Buffers are pegged level by level after netting. A buffer's pegging reads only the
//! pegs of its parents, all on earlier levels, so the buffers of one level are pegged
//! in parallel; each buffer's result is the same whichever thread computes it. Each
//! order's pegs are put in output form as soon as its buffer is pegged, and a buffer's
//! working pegs are dropped once every buffer that reads them is pegged.

use rayon::prelude::*;

use fulcrum_core::{BucketIdx, Exception};

use super::network::Network;
use super::{BufferPlan, EPSILON, Parents, Peg, RawOrder, describe_pegs_of, past_due_exception};

/// A peg while planning: the demanded buffer by output index (its position in
/// [`super::MrpPlan::buffers`]) and the bucket as a horizon offset (`u32::MAX` for
/// safety stock).
#[derive(Debug, Clone, Copy)]
pub(super) struct RawPeg {
    pub(super) buffer: u32,
    pub(super) bucket: u32,
    pub(super) demand_quantity: f64,
    pub(super) quantity: f64,
}

pub(super) const SAFETY_STOCK_BUCKET: u32 = u32::MAX;

/// Whom a demand on a buffer serves, for pegging.
#[derive(Debug, Clone, Copy)]
enum DemandSource {
    /// The independent demand (or, with [`SAFETY_STOCK_BUCKET`], the safety stock) of a
    /// buffer: one peg of the element's whole quantity.
    Own { buffer: u32, bucket: u32 },
    /// The dependent demand of a parent planned order (index in the order list): that
    /// order's pegs, scaled by the units per parent.
    Order { order: u32, per_unit: f64 },
}

/// A demand on a buffer, for pegging: a bucket, a quantity and whom it serves.
#[derive(Debug, Clone, Copy)]
struct DemandElement {
    bucket: usize,
    quantity: f64,
    source: DemandSource,
}

/// The pegs of one pegged buffer that later buffers read: its orders' pegs in one
/// vector, and per order (in due order) the range of its pegs in it.
#[derive(Default)]
struct KeptPegs {
    pegs: Vec<RawPeg>,
    ranges: Vec<(usize, usize)>,
}

/// The pegs of the buffers pegged so far, per buffer.
struct PegStore<'a> {
    orders: &'a [RawOrder],
    order_ranges: &'a [(usize, usize)],
    kept: &'a [KeptPegs],
}

impl PegStore<'_> {
    /// The pegs of order `order` (index in the order list).
    #[inline]
    fn of(&self, order: usize) -> &[RawPeg] {
        let buffer = self.orders[order].buffer;
        let kept = &self.kept[buffer];
        let (start, end) = kept.ranges[order - self.order_ranges[buffer].0];
        &kept.pegs[start..end]
    }
}

impl DemandElement {
    /// Appends the element's pegs, scaled by `share` of it, to `out`; `store` holds
    /// the parent orders' pegs.
    #[inline]
    fn push_pegs(&self, share: f64, store: &PegStore<'_>, out: &mut Vec<RawPeg>) {
        match self.source {
            DemandSource::Own { buffer, bucket } => out.push(RawPeg {
                buffer,
                bucket,
                demand_quantity: self.quantity * share,
                quantity: self.quantity * share,
            }),
            DemandSource::Order { order, per_unit } => {
                // The same arithmetic as scaling the parent's pegs by `per_unit` first.
                out.extend(store.of(order as usize).iter().map(|peg| RawPeg {
                    buffer: peg.buffer,
                    bucket: peg.bucket,
                    demand_quantity: peg.demand_quantity * share,
                    quantity: (peg.quantity * per_unit) * share,
                }));
            }
        }
    }
}

/// Merges pegs by (buffer, bucket) and maps their buckets to the timeline.
pub(super) fn finish_pegs(pegs: &mut [RawPeg], first: BucketIdx) -> Vec<Peg> {
    pegs.sort_by_key(|peg| (peg.buffer, peg.bucket));
    merge_pegs(pegs, first)
}

/// [`finish_pegs`] of pegs already sorted by output buffer and bucket.
fn merge_pegs(pegs: &[RawPeg], first: BucketIdx) -> Vec<Peg> {
    let mut out: Vec<Peg> = Vec::with_capacity(pegs.len());
    for peg in pegs.iter() {
        let buffer = peg.buffer as usize;
        let bucket = (peg.bucket != SAFETY_STOCK_BUCKET).then(|| first + peg.bucket as usize);
        match out.last_mut() {
            Some(last) if last.buffer == buffer && last.bucket == bucket => {
                last.demand_quantity += peg.demand_quantity;
                last.quantity += peg.quantity;
            }
            _ => out.push(Peg {
                buffer,
                bucket,
                demand_quantity: peg.demand_quantity,
                quantity: peg.quantity,
            }),
        }
    }
    out.retain(|peg| peg.quantity > EPSILON);
    out
}

/// First-in, first-out matching of a buffer's supply to its safety stock and demands
/// (independent demand first, then the orders of each parent in `parents`, in planning
/// order, stably sorted by bucket); each planned order of the buffer (in due order)
/// collects the pegs it serves.
///
/// Also returns the pegs of demand met late (by supply arriving after the demand's
/// bucket) or not at all, scaled to the units concerned.
fn peg_buffer(
    idx: usize,
    own: u32,
    record: &BufferPlan,
    parents: &[(u32, f64)],
    order_ranges: &[(usize, usize)],
    store: &PegStore<'_>,
    scratch: &mut Scratch,
) -> BufferPegs {
    let Scratch {
        demands,
        supply,
        pegs,
        ..
    } = scratch;
    demands.clear();
    for (bucket, &quantity) in record.independent_demand.iter().enumerate() {
        if quantity > EPSILON {
            demands.push(DemandElement {
                bucket,
                quantity,
                source: DemandSource::Own {
                    buffer: own,
                    bucket: bucket as u32,
                },
            });
        }
    }
    for &(parent, per_unit) in parents {
        let (start, end) = order_ranges[parent as usize];
        for (position, order) in store.orders[start..end].iter().enumerate() {
            demands.push(DemandElement {
                bucket: order.release,
                quantity: order.quantity * per_unit,
                source: DemandSource::Order {
                    order: (start + position) as u32,
                    per_unit,
                },
            });
        }
    }
    // Stable: independent demand before dependent in the same bucket.
    demands.sort_by_key(|element| element.bucket);
    if record.safety_stock > EPSILON {
        demands.insert(
            0,
            DemandElement {
                bucket: 0,
                quantity: record.safety_stock,
                source: DemandSource::Own {
                    buffer: own,
                    bucket: SAFETY_STOCK_BUCKET,
                },
            },
        );
    }
    let (first_order, end_order) = order_ranges[idx];
    let orders = &store.orders[first_order..end_order];
    // Every parent peg usually reaches one order here: size for that up front.
    let expected = demands.len()
        + parents
            .iter()
            .map(|&(parent, _)| store.kept[parent as usize].pegs.len())
            .sum::<usize>();
    pegs.clear();
    pegs.reserve(expected);
    let mut result = BufferPegs {
        ranges: vec![(0, 0); orders.len()],
        held: Vec::new(),
    };
    // Supply in order of availability: on hand, then by bucket scheduled before planned.
    // `None` marks supply that is not a planned order.
    supply.clear();
    supply.push((record.on_hand, None, 0));
    let mut next_order = 0;
    for bucket in 0..record.scheduled_receipts.len() {
        if record.scheduled_receipts[bucket] > EPSILON {
            supply.push((record.scheduled_receipts[bucket], None, bucket));
        }
        while next_order < orders.len() && orders[next_order].due == bucket {
            supply.push((orders[next_order].quantity, Some(next_order), bucket));
            next_order += 1;
        }
    }
    let hold = |held: &mut Vec<RawPeg>, element: &DemandElement, units: f64| {
        if element.quantity > EPSILON && units > EPSILON {
            element.push_pegs(units / element.quantity, store, held);
        }
    };
    let mut demand_iter = demands.iter().copied();
    let mut current: Option<(DemandElement, f64)> = None;
    'supply: for &(mut available, order, arrives) in supply.iter() {
        if let Some(order) = order {
            result.ranges[order] = (pegs.len(), pegs.len());
        }
        while available > EPSILON {
            if current.as_ref().is_none_or(|(_, left)| *left <= EPSILON) {
                match demand_iter.next() {
                    Some(element) => {
                        let quantity = element.quantity;
                        current = Some((element, quantity));
                    }
                    None => break 'supply,
                }
            }
            let Some((element, left)) = current.as_mut() else {
                break 'supply;
            };
            let take = available.min(*left);
            if arrives > element.bucket {
                hold(&mut result.held, element, take);
            }
            if let Some(order) = order
                && element.quantity > EPSILON
            {
                let share = take / element.quantity;
                element.push_pegs(share, store, pegs);
                result.ranges[order].1 = pegs.len();
            }
            available -= take;
            *left -= take;
        }
    }
    // What supply never reaches (nothing when the demands ran out first).
    if let Some((element, left)) = &current {
        hold(&mut result.held, element, *left);
    }
    for element in demand_iter {
        hold(&mut result.held, &element, element.quantity);
    }
    result
}

/// The pegging of one buffer: each order's range in its pegs, and the pegs of demand
/// it meets late or not at all.
struct BufferPegs {
    ranges: Vec<(usize, usize)>,
    held: Vec<RawPeg>,
}

/// Per-thread working vectors, reused from buffer to buffer.
#[derive(Default)]
struct Scratch {
    demands: Vec<DemandElement>,
    supply: Vec<(f64, Option<usize>, usize)>,
    /// The pegs of the buffer being pegged.
    pegs: Vec<RawPeg>,
    /// One order's pegs, for sorting.
    sort: Vec<RawPeg>,
}

/// One buffer, pegged: what the level loop stores.
struct Pegged {
    held: Vec<RawPeg>,
    /// The buffer's pegs, when a later buffer reads them.
    kept: Option<KeptPegs>,
    /// The buffer's past-due exception naming the demands its late receipts serve.
    past_due: Option<Exception>,
}

/// The plan after netting, as pegging reads it.
pub(super) struct NettedPlan<'a> {
    pub(super) network: &'a Network<'a>,
    pub(super) records: &'a [BufferPlan],
    /// Per buffer, the buffers that draw on it.
    pub(super) parents: &'a Parents,
    pub(super) orders: &'a [RawOrder],
    /// Per buffer, the range of its orders in `orders`.
    pub(super) order_ranges: &'a [(usize, usize)],
    /// Per buffer, its index in the output (buffers sorted by item and location).
    pub(super) new_index: &'a [usize],
    /// The buffers in the order their orders are output (each buffer's orders are
    /// consecutive there).
    pub(super) output_buffers: &'a [usize],
    /// Past-due receipts to describe: (buffer, units past due, due range).
    pub(super) past_due_notes: &'a [(usize, f64, (usize, usize))],
    pub(super) first: BucketIdx,
    pub(super) calendar: &'a fulcrum_core::Calendar,
}

/// What pegging returns besides the orders' pegs.
pub(super) struct Pegging {
    /// Per buffer, the pegs of the demand its supply meets late or not at all.
    pub(super) held_up: Vec<Vec<RawPeg>>,
    /// Per past-due note (same index), its exception.
    pub(super) past_due: Vec<Option<Exception>>,
}

/// Pegs every buffer, level by level, writing each output order's pegs into
/// `order_pegs` (one entry per order, in output order).
pub(super) fn peg_network(plan: &NettedPlan<'_>, order_pegs: &mut [Vec<Peg>]) -> Pegging {
    let network = plan.network;
    let n = plan.records.len();
    // Per buffer, how many buffers still to peg read its pegs.
    let mut readers = vec![0u32; n];
    for idx in 0..n {
        for &(parent, _) in plan.parents.earlier(idx) {
            readers[parent as usize] += 1;
        }
    }
    let mut note_of = vec![usize::MAX; n];
    for (note, &(idx, ..)) in plan.past_due_notes.iter().enumerate() {
        note_of[idx] = note;
    }
    // Per buffer, its orders' entries in `order_pegs`.
    let mut outputs: Vec<&mut [Vec<Peg>]> = Vec::with_capacity(n);
    outputs.resize_with(n, Default::default);
    let mut rest = order_pegs;
    for &idx in plan.output_buffers {
        let (start, end) = plan.order_ranges[idx];
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(end - start);
        outputs[idx] = head;
        rest = tail;
    }
    let mut kept: Vec<KeptPegs> = Vec::with_capacity(n);
    kept.resize_with(n, KeptPegs::default);
    let mut held_up: Vec<Vec<RawPeg>> = vec![Vec::new(); n];
    let mut past_due: Vec<Option<Exception>> = vec![None; plan.past_due_notes.len()];
    // Pegs no buffer still to peg reads, to free.
    let mut released: Vec<KeptPegs> = Vec::new();
    let order_list = &network.planning_order;
    let mut start = 0;
    while start < order_list.len() {
        // Buffers caught in a cycle share a level and are pegged one by one.
        let end = network.segment_end(start);
        let segment = &order_list[start..end];
        let level_outputs: Vec<&mut [Vec<Peg>]> = segment
            .iter()
            .map(|&idx| std::mem::take(&mut outputs[idx]))
            .collect();
        let store = PegStore {
            orders: plan.orders,
            order_ranges: plan.order_ranges,
            kept: &kept,
        };
        // The pegs dropped after the previous level are freed while this one is pegged.
        let dropping = std::mem::take(&mut released);
        let (_, results) = rayon::join(
            || drop(dropping),
            || {
                segment
                    .par_iter()
                    .zip(level_outputs)
                    .map_init(Scratch::default, |scratch, (&idx, out)| {
                        peg_and_finish(
                            plan,
                            &store,
                            idx,
                            readers[idx] > 0,
                            note_of[idx],
                            out,
                            scratch,
                        )
                    })
                    .collect::<Vec<Pegged>>()
            },
        );
        for (&idx, result) in segment.iter().zip(results) {
            if let Some(pegs) = result.kept {
                kept[idx] = pegs;
            }
            held_up[idx] = result.held;
            if let Some(exception) = result.past_due {
                past_due[note_of[idx]] = Some(exception);
            }
        }
        // Release the pegs no buffer still to peg reads.
        for &idx in segment {
            for &(parent, _) in plan.parents.earlier(idx) {
                let parent = parent as usize;
                readers[parent] -= 1;
                if readers[parent] == 0 {
                    released.push(std::mem::take(&mut kept[parent]));
                }
            }
        }
        start = end;
    }
    Pegging { held_up, past_due }
}

/// Pegs buffer `idx` and writes its orders' pegs in output form to `out` (one entry
/// per order, in due order); keeps its working pegs when `keep` (a later buffer reads
/// them); writes its past-due exception when it has a note (`note != usize::MAX`).
fn peg_and_finish(
    plan: &NettedPlan<'_>,
    store: &PegStore<'_>,
    idx: usize,
    keep: bool,
    note: usize,
    out: &mut [Vec<Peg>],
    scratch: &mut Scratch,
) -> Pegged {
    let record = &plan.records[idx];
    let BufferPegs { ranges, held } = peg_buffer(
        idx,
        plan.new_index[idx] as u32,
        record,
        plan.parents.earlier(idx),
        plan.order_ranges,
        store,
        scratch,
    );
    let Scratch { pegs, sort, .. } = scratch;
    let key = |peg: &RawPeg| (peg.buffer, peg.bucket);
    for (slot, &(start, end)) in out.iter_mut().zip(&ranges) {
        let pegs = &pegs[start..end];
        *slot = if pegs.is_sorted_by_key(key) {
            merge_pegs(pegs, plan.first)
        } else {
            sort.clear();
            sort.extend_from_slice(pegs);
            finish_pegs(sort, plan.first)
        };
    }
    let past_due = plan.past_due_notes.get(note).map(|&(_, units, due)| {
        let lead_time = record.replenishment.lead_time() as usize;
        let (first_order, _) = plan.order_ranges[idx];
        let late = ranges
            .iter()
            .enumerate()
            .filter(|&(offset, _)| plan.orders[first_order + offset].due < lead_time)
            .flat_map(|(_, &(start, end))| &pegs[start..end]);
        past_due_exception(
            record,
            units,
            due,
            Some(&describe_pegs_of(
                late,
                plan.records,
                &plan.network.by_key,
                plan.first,
                plan.calendar,
            )),
            plan.first,
            plan.calendar,
        )
    });
    Pegged {
        held,
        kept: keep.then(|| KeptPegs {
            pegs: std::mem::take(pegs),
            ranges,
        }),
        past_due,
    }
}
