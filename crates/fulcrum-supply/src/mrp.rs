//! Material and distribution requirements planning over the supply network.
//!
//! The network is a set of *buffers* (an item at a location, as in frePPLe).
//! Each buffer is replenished one way:
//! - a distribution centre by a **transfer** along the lane from the plant that makes the item;
//! - the plant that makes an item by **production**, which consumes its BOM components at
//!   the same plant;
//! - a plant that uses a purchased item by a **purchase** from its supplier.
//!
//! Buffers are planned in low-level-code order (a buffer is planned only after every
//! buffer that places demand on it), so each sees its complete gross requirements.
//! Netting follows the textbook record (Orlicky; Vollmann et al., *Manufacturing
//! Planning and Control*, ch. 6): projected available = previous + scheduled receipts
//! − gross requirements; whenever it would fall below safety stock, a planned receipt
//! covers the shortfall, and its release is offset by the lead time.
//!
//! Simplifications, to be deepened by the supply-planning work: production and
//! transfers are lot-for-lot; purchases respect the supplier's minimum and multiple;
//! releases that would fall before the horizon are placed in the first bucket and
//! reported as past due.

use std::collections::BTreeMap;

use fulcrum_core::{
    BucketIdx, Dataset, Exception, ItemType, LocationKind, OrderKind, PlannedOrder, Severity,
};

/// Quantities below this are treated as zero.
const EPSILON: f64 = 1e-9;

/// An item at a location, the unit MRP plans.
pub type BufferKey = (String, String);

/// What the MRP reads besides the dataset.
#[derive(Debug, Clone, Copy)]
pub struct MrpInput<'a> {
    /// Master data, on hand and open orders.
    pub dataset: &'a Dataset,
    /// Independent demand per (item, location), one value per horizon bucket.
    pub demand: &'a BTreeMap<BufferKey, Vec<f64>>,
    /// Safety stock per (item, location).
    pub safety_stock: &'a BTreeMap<BufferKey, f64>,
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
    /// Shortfall against safety stock before planned receipts.
    pub net_requirements: Vec<f64>,
    /// Planned order receipts.
    pub planned_receipts: Vec<f64>,
    /// Planned order releases (receipts offset by lead time).
    pub planned_releases: Vec<f64>,
}

/// The result of an MRP run.
#[derive(Debug, Clone, PartialEq)]
pub struct MrpPlan {
    /// Buffer records sorted by (item, location).
    pub buffers: Vec<BufferPlan>,
    /// Planned orders sorted by kind, item, location, due bucket.
    pub planned_orders: Vec<PlannedOrder>,
    /// Past-due releases, unsourced buffers and projected stock-outs.
    pub exceptions: Vec<Exception>,
}

/// Runs multi-level netting, lead-time offsetting and BOM explosion over the network.
pub fn run_mrp(input: &MrpInput<'_>) -> MrpPlan {
    let dataset = input.dataset;
    let calendar = dataset.calendar();
    let horizon = calendar.horizon_len();
    let first = calendar.history_len();
    let network = Network::build(input);
    let mut exceptions = Vec::new();

    let mut records: Vec<BufferPlan> = network
        .buffers
        .iter()
        .map(|node| {
            let key = (node.item.clone(), node.location.clone());
            let independent = input
                .demand
                .get(&key)
                .map(|values| resize(values, horizon))
                .unwrap_or_else(|| vec![0.0; horizon]);
            BufferPlan {
                item: node.item.clone(),
                location: node.location.clone(),
                low_level_code: node.low_level_code,
                replenishment: node.replenishment.clone(),
                safety_stock: input.safety_stock.get(&key).copied().unwrap_or(0.0),
                on_hand: 0.0,
                independent_demand: independent,
                dependent_demand: vec![0.0; horizon],
                gross_requirements: vec![0.0; horizon],
                scheduled_receipts: vec![0.0; horizon],
                projected_inventory: vec![0.0; horizon],
                net_requirements: vec![0.0; horizon],
                planned_receipts: vec![0.0; horizon],
                planned_releases: vec![0.0; horizon],
            }
        })
        .collect();

    for row in &dataset.on_hand {
        if let Some(&idx) = network.index.get(&(row.item.clone(), row.location.clone())) {
            records[idx].on_hand += row.quantity;
        }
    }
    for order in &dataset.open_orders {
        let Some(&idx) = network
            .index
            .get(&(order.item.clone(), order.location.clone()))
        else {
            continue;
        };
        match calendar.parse_bucket(&order.due) {
            Ok(bucket) if bucket >= first => {
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

    let mut planned_orders = Vec::new();
    for &idx in &network.planning_order {
        net_buffer(&mut records[idx], first, calendar, &mut exceptions);
        let record = &records[idx];
        collect_planned_orders(record, first, &mut planned_orders);
        let releases = record.planned_releases.clone();
        for (child, per_unit) in &network.buffers[idx].children {
            let child_record = &mut records[*child];
            for (bucket, release) in releases.iter().enumerate() {
                child_record.dependent_demand[bucket] += release * per_unit;
            }
        }
    }

    for record in &records {
        report_shortages(record, first, calendar, &mut exceptions);
    }
    planned_orders.sort_by(|a, b| {
        (a.kind, &a.item, &a.location, a.due).cmp(&(b.kind, &b.item, &b.location, b.due))
    });
    MrpPlan {
        buffers: records,
        planned_orders,
        exceptions,
    }
}

/// Nets one buffer whose gross requirements are complete.
fn net_buffer(
    record: &mut BufferPlan,
    first: BucketIdx,
    calendar: &fulcrum_core::Calendar,
    exceptions: &mut Vec<Exception>,
) {
    let horizon = record.gross_requirements.len();
    for bucket in 0..horizon {
        record.gross_requirements[bucket] =
            record.independent_demand[bucket] + record.dependent_demand[bucket];
    }
    let sourced = record.replenishment != Replenishment::Unsourced;
    let lead_time = record.replenishment.lead_time() as usize;
    let mut available = record.on_hand;
    let mut past_due = 0.0;
    for bucket in 0..horizon {
        available += record.scheduled_receipts[bucket] - record.gross_requirements[bucket];
        let shortfall = record.safety_stock - available;
        if sourced && shortfall > EPSILON {
            let receipt = order_quantity(&record.replenishment, shortfall);
            record.net_requirements[bucket] = shortfall;
            record.planned_receipts[bucket] = receipt;
            available += receipt;
            if bucket < lead_time {
                past_due += receipt;
            }
            record.planned_releases[bucket.saturating_sub(lead_time)] += receipt;
        }
        record.projected_inventory[bucket] = available;
    }
    if past_due > EPSILON {
        exceptions.push(Exception {
            severity: Severity::Warning,
            code: "release_past_due".into(),
            message: format!(
                "{} at {}: {} units must be released {} bucket(s) before they are due, earlier than {}; they are released in {} and need expediting.",
                record.item,
                record.location,
                round2(past_due),
                lead_time,
                calendar.label(first),
                calendar.label(first),
            ),
            bucket: Some(first),
        });
    }
}

/// The order quantity that covers `shortfall`: lot-for-lot, or the supplier's minimum
/// and multiple for purchases.
fn order_quantity(replenishment: &Replenishment, shortfall: f64) -> f64 {
    match replenishment {
        Replenishment::Purchase {
            min_order,
            order_multiple,
            ..
        } => {
            let mut quantity = shortfall.max(*min_order);
            if *order_multiple > 1.0 {
                quantity = (quantity / order_multiple - EPSILON).ceil() * order_multiple;
            }
            quantity
        }
        _ => shortfall,
    }
}

fn collect_planned_orders(record: &BufferPlan, first: BucketIdx, orders: &mut Vec<PlannedOrder>) {
    let lead_time = record.replenishment.lead_time() as usize;
    for (bucket, &quantity) in record.planned_receipts.iter().enumerate() {
        if quantity <= EPSILON {
            continue;
        }
        let (kind, from, supplier) = match &record.replenishment {
            Replenishment::Transfer { from, .. } => (OrderKind::Transfer, Some(from.clone()), None),
            Replenishment::Production { .. } => (OrderKind::Production, None, None),
            Replenishment::Purchase { supplier, .. } => {
                (OrderKind::Purchase, None, Some(supplier.clone()))
            }
            Replenishment::Unsourced => continue,
        };
        orders.push(PlannedOrder {
            kind,
            item: record.item.clone(),
            location: record.location.clone(),
            from,
            supplier,
            quantity,
            release: first + bucket.saturating_sub(lead_time),
            due: first + bucket,
        });
    }
}

fn report_shortages(
    record: &BufferPlan,
    first: BucketIdx,
    calendar: &fulcrum_core::Calendar,
    exceptions: &mut Vec<Exception>,
) {
    let Some(first_short) = record
        .projected_inventory
        .iter()
        .position(|&inventory| inventory < -EPSILON)
    else {
        return;
    };
    let worst = record
        .projected_inventory
        .iter()
        .fold(0.0_f64, |worst, &inventory| worst.min(inventory));
    let why = match &record.replenishment {
        Replenishment::Unsourced => format!(
            "it has no source (no routing at this location, no lane from its plant and no supplier), so demand of {} units cannot be replenished",
            round2(record.gross_requirements.iter().sum())
        ),
        _ => "open orders arrive too late".to_string(),
    };
    exceptions.push(Exception {
        severity: Severity::Critical,
        code: "stockout".into(),
        message: format!(
            "{} at {} runs out in {}, {} units short at worst: {}.",
            record.item,
            record.location,
            calendar.label(first + first_short),
            round2(-worst),
            why
        ),
        bucket: Some(first + first_short),
    });
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

fn resize(values: &[f64], horizon: usize) -> Vec<f64> {
    let mut out = values.to_vec();
    out.resize(horizon, 0.0);
    out
}

/// One buffer of the network and the buffers it draws on.
struct NetworkNode {
    item: String,
    location: String,
    replenishment: Replenishment,
    /// (child buffer index, child units per unit released here).
    children: Vec<(usize, f64)>,
    low_level_code: u32,
}

/// The buffers, their replenishment and their planning order.
struct Network {
    buffers: Vec<NetworkNode>,
    index: BTreeMap<BufferKey, usize>,
    planning_order: Vec<usize>,
}

impl Network {
    fn build(input: &MrpInput<'_>) -> Network {
        let dataset = input.dataset;
        let sourcing = Sourcing::new(dataset);
        let mut seeds: Vec<BufferKey> = Vec::new();
        seeds.extend(input.demand.keys().cloned());
        seeds.extend(input.safety_stock.keys().cloned());
        seeds.extend(
            dataset
                .on_hand
                .iter()
                .map(|row| (row.item.clone(), row.location.clone())),
        );
        seeds.extend(
            dataset
                .open_orders
                .iter()
                .map(|order| (order.item.clone(), order.location.clone())),
        );
        seeds.sort();
        seeds.dedup();

        let mut network = Network {
            buffers: Vec::new(),
            index: BTreeMap::new(),
            planning_order: Vec::new(),
        };
        let mut pending = seeds;
        pending.reverse();
        while let Some(key) = pending.pop() {
            if network.index.contains_key(&key) {
                continue;
            }
            let replenishment = sourcing.replenishment(&key.0, &key.1);
            let idx = network.buffers.len();
            network.index.insert(key.clone(), idx);
            network.buffers.push(NetworkNode {
                item: key.0.clone(),
                location: key.1.clone(),
                replenishment,
                children: Vec::new(),
                low_level_code: 0,
            });
            for (child, _) in sourcing.children(&key.0, &key.1, &network.buffers[idx].replenishment)
            {
                if !network.index.contains_key(&child) {
                    pending.push(child);
                }
            }
        }
        for idx in 0..network.buffers.len() {
            let node = &network.buffers[idx];
            let children: Vec<(usize, f64)> = sourcing
                .children(&node.item, &node.location, &node.replenishment)
                .into_iter()
                .filter_map(|(key, per_unit)| network.index.get(&key).map(|&c| (c, per_unit)))
                .collect();
            network.buffers[idx].children = children;
        }
        network.assign_low_level_codes();
        network
    }

    /// Longest-path levels by Kahn's algorithm; buffers caught in a cycle (rejected at
    /// import, so only from hand-built data) are planned last.
    fn assign_low_level_codes(&mut self) {
        let n = self.buffers.len();
        let mut parents_left = vec![0usize; n];
        for node in &self.buffers {
            for &(child, _) in &node.children {
                parents_left[child] += 1;
            }
        }
        let mut ready: std::collections::BTreeSet<(u32, usize)> = (0..n)
            .filter(|&idx| parents_left[idx] == 0)
            .map(|idx| (0, idx))
            .collect();
        let mut levels = vec![0u32; n];
        let mut order = Vec::with_capacity(n);
        while let Some((level, idx)) = ready.pop_first() {
            order.push(idx);
            let children: Vec<usize> = self.buffers[idx].children.iter().map(|c| c.0).collect();
            for child in children {
                levels[child] = levels[child].max(level + 1);
                parents_left[child] -= 1;
                if parents_left[child] == 0 {
                    ready.insert((levels[child], child));
                }
            }
        }
        let mut stuck: Vec<usize> = (0..n).filter(|idx| parents_left[*idx] > 0).collect();
        stuck.sort();
        order.extend(stuck);
        // Plan level by level; within a level in (item, location) order.
        order.sort_by(|&a, &b| {
            (levels[a], &self.buffers[a].item, &self.buffers[a].location).cmp(&(
                levels[b],
                &self.buffers[b].item,
                &self.buffers[b].location,
            ))
        });
        for (idx, level) in levels.into_iter().enumerate() {
            self.buffers[idx].low_level_code = level;
        }
        self.planning_order = order;
    }
}

/// How each buffer is replenished, and its *response lead time*: the buckets from
/// deciding to replenish to receiving, through one transfer and the production
/// behind it. A distribution centre fed by a lane from the plant that makes the item
/// responds in the lane's lead time plus the production lead time (the plant buffer
/// plans lot-for-lot behind it); a plant in its production lead time; a purchase in
/// the supplier's lead time; an unsourced buffer never (`None`).
pub fn response_lead_times(dataset: &Dataset, buffers: &[BufferKey]) -> Vec<Option<u32>> {
    let sourcing = Sourcing::new(dataset);
    buffers
        .iter()
        .map(
            |(item, location)| match sourcing.replenishment(item, location) {
                Replenishment::Unsourced => None,
                Replenishment::Transfer { from, lead_time } => {
                    let behind = match sourcing.replenishment(item, &from) {
                        Replenishment::Production { lead_time } => lead_time,
                        _ => 0,
                    };
                    Some(lead_time + behind)
                }
                other => Some(other.lead_time()),
            },
        )
        .collect()
}

/// Which way each buffer is replenished, derived from routings, lanes and suppliers.
struct Sourcing<'a> {
    dataset: &'a Dataset,
    /// The plant that makes each made item: the plant of its first routing's resource.
    make_plant: BTreeMap<&'a str, &'a str>,
    bom: BTreeMap<&'a str, Vec<(&'a str, f64)>>,
}

impl<'a> Sourcing<'a> {
    fn new(dataset: &'a Dataset) -> Self {
        let resource_plant: BTreeMap<&str, &str> = dataset
            .resources
            .iter()
            .map(|resource| (resource.code.as_str(), resource.location.as_str()))
            .collect();
        let mut make_plant: BTreeMap<&str, &str> = BTreeMap::new();
        for routing in &dataset.routings {
            if let Some(&plant) = resource_plant.get(routing.resource.as_str()) {
                let entry = make_plant.entry(routing.item.as_str()).or_insert(plant);
                if plant < *entry {
                    *entry = plant;
                }
            }
        }
        let mut bom: BTreeMap<&str, Vec<(&str, f64)>> = BTreeMap::new();
        for line in &dataset.bom {
            let scrap = line.scrap.clamp(0.0, 0.999_999);
            bom.entry(line.parent.as_str())
                .or_default()
                .push((line.component.as_str(), line.quantity_per / (1.0 - scrap)));
        }
        Sourcing {
            dataset,
            make_plant,
            bom,
        }
    }

    fn replenishment(&self, item: &str, location: &str) -> Replenishment {
        let Some(item_data) = self.dataset.item(item) else {
            return Replenishment::Unsourced;
        };
        if item_data.item_type == ItemType::Purchased {
            let best = self
                .dataset
                .supplier_items
                .iter()
                .filter(|terms| terms.item == item && terms.location == location)
                .min_by(|a, b| {
                    a.unit_cost
                        .total_cmp(&b.unit_cost)
                        .then_with(|| a.supplier.cmp(&b.supplier))
                });
            return match best {
                Some(terms) => Replenishment::Purchase {
                    supplier: terms.supplier.clone(),
                    lead_time: terms.lead_time,
                    min_order: terms.min_order,
                    order_multiple: terms.order_multiple,
                },
                None => Replenishment::Unsourced,
            };
        }
        let Some(&plant) = self.make_plant.get(item) else {
            return Replenishment::Unsourced;
        };
        if plant == location {
            return Replenishment::Production {
                lead_time: item_data.lead_time,
            };
        }
        let is_dc = self
            .dataset
            .location(location)
            .is_some_and(|loc| loc.kind == LocationKind::DistributionCentre);
        match self
            .dataset
            .lanes
            .iter()
            .find(|lane| lane.from == plant && lane.to == location)
        {
            Some(lane) if is_dc || lane.from != lane.to => Replenishment::Transfer {
                from: lane.from.clone(),
                lead_time: lane.lead_time,
            },
            _ => Replenishment::Unsourced,
        }
    }

    /// The buffers a buffer draws on, with units needed per unit released.
    fn children(
        &self,
        item: &str,
        location: &str,
        replenishment: &Replenishment,
    ) -> Vec<(BufferKey, f64)> {
        match replenishment {
            Replenishment::Transfer { from, .. } => vec![((item.to_string(), from.clone()), 1.0)],
            Replenishment::Production { .. } => self
                .bom
                .get(item)
                .map(|lines| {
                    lines
                        .iter()
                        .map(|(component, per_unit)| {
                            ((component.to_string(), location.to_string()), *per_unit)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Replenishment::Purchase { .. } | Replenishment::Unsourced => Vec::new(),
        }
    }
}
