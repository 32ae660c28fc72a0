//! The supply network MRP plans over: its buffers, how each is replenished, the
//! buffers each draws on and the order they are planned in.
//!
//! Item and location codes are interned to dense integer ids once, so building the
//! network hashes integers, not strings.

use std::collections::HashMap;

use rayon::prelude::*;

use fulcrum_core::{Dataset, Item, ItemType, Lane, LocationKind, SupplierItem};

use super::{MrpInput, Replenishment};

/// FxHash (the rustc hasher): fast on short string keys and integers; lookups only,
/// so iteration order never reaches the plan.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // The product's low bits depend only on the key's low bits: fold the well-mixed
        // high bits down, since the table indexes by the low bits.
        self.0.rotate_left(26)
    }
}

/// A hash map with [`FxHasher`].
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Dense ids for codes, in first-seen order.
#[derive(Default)]
struct Interner<'a> {
    ids: FastMap<&'a str, u32>,
    codes: Vec<&'a str>,
}

impl<'a> Interner<'a> {
    fn intern(&mut self, code: &'a str) -> u32 {
        let next = self.codes.len() as u32;
        let id = *self.ids.entry(code).or_insert(next);
        if id == next {
            self.codes.push(code);
        }
        id
    }

    fn get(&self, code: &str) -> Option<u32> {
        self.ids.get(code).copied()
    }

    /// The ids of many codes: looked up in parallel, the new ones then interned in
    /// order.
    fn intern_all<'r, T: Sync>(
        &mut self,
        rows: &'r [T],
        code: impl Fn(&'r T) -> &'a str + Sync,
    ) -> Vec<u32> {
        let found: Vec<Option<u32>> = rows.par_iter().map(|row| self.get(code(row))).collect();
        rows.iter()
            .zip(found)
            .map(|(row, id)| id.unwrap_or_else(|| self.intern(code(row))))
            .collect()
    }

    /// Per id, its rank among the codes in string order.
    fn ranks(&self) -> Vec<u32> {
        let mut sorted: Vec<u32> = (0..self.codes.len() as u32).collect();
        sorted.sort_unstable_by_key(|&id| self.codes[id as usize]);
        let mut ranks = vec![0u32; sorted.len()];
        for (rank, &id) in sorted.iter().enumerate() {
            ranks[id as usize] = rank as u32;
        }
        ranks
    }
}

/// An (item id, location id) pair as one hash key.
fn pair(item: u32, location: u32) -> u64 {
    (u64::from(item) << 32) | u64::from(location)
}

/// Which way each buffer is replenished, derived from routings, lanes and suppliers,
/// over interned item and location ids.
pub(super) struct Sourcing<'a> {
    items: Interner<'a>,
    locations: Interner<'a>,
    /// Per item id, its master data (the last row with that code).
    item_data: Vec<Option<&'a Item>>,
    /// Per location id, whether it is a distribution centre (the last row decides).
    is_dc: Vec<bool>,
    /// Per item id, the plant that makes it: the smallest plant code among its
    /// routings' resources.
    make_plant: Vec<Option<u32>>,
    /// The cheapest supplier terms per (item, location); ties to the smaller supplier code.
    best_terms: FastMap<u64, &'a SupplierItem>,
    /// The first lane per (from, to).
    lanes: FastMap<u64, &'a Lane>,
    /// Per item id, the range of its BOM lines in `bom_lines` (`bom_start[id]..bom_start[id + 1]`).
    bom_start: Vec<usize>,
    /// (component item id, units per parent unit grossed up for scrap), in dataset order.
    bom_lines: Vec<(u32, f64)>,
}

impl<'a> Sourcing<'a> {
    pub(super) fn new(dataset: &'a Dataset) -> Self {
        let mut items = Interner::default();
        let mut locations = Interner::default();
        // Per item id, its master data (the last row with that code).
        let mut item_data: Vec<Option<&'a Item>> = Vec::with_capacity(dataset.items.len());
        for item in &dataset.items {
            let id = items.intern(&item.code) as usize;
            if id == item_data.len() {
                item_data.push(Some(item));
            } else {
                item_data[id] = Some(item);
            }
        }
        for location in &dataset.locations {
            locations.intern(&location.code);
        }
        let parents = items.intern_all(&dataset.bom, |line| &line.parent);
        let components = items.intern_all(&dataset.bom, |line| &line.component);
        let bom: Vec<(u32, u32, f64)> = dataset
            .bom
            .iter()
            .zip(parents.into_iter().zip(components))
            .map(|(line, (parent, component))| {
                let scrap = line.scrap.clamp(0.0, 0.999_999);
                (parent, component, line.quantity_per / (1.0 - scrap))
            })
            .collect();
        let resource_plant: FastMap<&str, &str> = dataset
            .resources
            .iter()
            .map(|resource| (resource.code.as_str(), resource.location.as_str()))
            .collect();
        let routed = items.intern_all(&dataset.routings, |routing| &routing.item);
        let mut plant_code: Vec<Option<&str>> = vec![None; items.codes.len()];
        for (routing, item) in dataset.routings.iter().zip(routed) {
            if let Some(&plant) = resource_plant.get(routing.resource.as_str()) {
                let entry = plant_code[item as usize].get_or_insert(plant);
                if plant < *entry {
                    *entry = plant;
                }
            }
        }
        let plants: Vec<(u32, u32)> = plant_code
            .into_iter()
            .enumerate()
            .filter_map(|(item, plant)| Some((item as u32, locations.intern(plant?))))
            .collect();
        let bought = items.intern_all(&dataset.supplier_items, |terms| &terms.item);
        let mut best_terms: FastMap<u64, &SupplierItem> = FastMap::default();
        for (terms, item) in dataset.supplier_items.iter().zip(bought) {
            let key = pair(item, locations.intern(&terms.location));
            let entry = best_terms.entry(key).or_insert(terms);
            if terms
                .unit_cost
                .total_cmp(&entry.unit_cost)
                .then_with(|| terms.supplier.cmp(&entry.supplier))
                .is_lt()
            {
                *entry = terms;
            }
        }
        let mut lanes: FastMap<u64, &Lane> = FastMap::default();
        for lane in &dataset.lanes {
            let key = pair(locations.intern(&lane.from), locations.intern(&lane.to));
            lanes.entry(key).or_insert(lane);
        }
        // Every code of the master data is interned: size the per-id tables.
        let n_items = items.codes.len();
        item_data.resize(n_items, None);
        let mut make_plant = vec![None; n_items];
        for (item, plant) in plants {
            make_plant[item as usize] = Some(plant);
        }
        let mut is_dc = vec![false; locations.codes.len()];
        for location in &dataset.locations {
            if let Some(id) = locations.get(&location.code) {
                is_dc[id as usize] = location.kind == LocationKind::DistributionCentre;
            }
        }
        // BOM lines grouped by parent, in dataset order within each parent.
        let mut bom_start = vec![0usize; n_items + 1];
        for &(parent, ..) in &bom {
            bom_start[parent as usize + 1] += 1;
        }
        for id in 0..n_items {
            bom_start[id + 1] += bom_start[id];
        }
        let mut fill = bom_start.clone();
        let mut bom_lines = vec![(0u32, 0.0); bom.len()];
        for (parent, component, per_unit) in bom {
            bom_lines[fill[parent as usize]] = (component, per_unit);
            fill[parent as usize] += 1;
        }
        Sourcing {
            items,
            locations,
            item_data,
            is_dc,
            make_plant,
            best_terms,
            lanes,
            bom_start,
            bom_lines,
        }
    }

    /// How a buffer given by codes is replenished.
    pub(super) fn replenishment_of(&self, item: &str, location: &str) -> Replenishment {
        match (self.items.get(item), self.locations.get(location)) {
            (Some(item), Some(location)) => self.replenishment(item, location),
            _ => Replenishment::Unsourced,
        }
    }

    fn replenishment(&self, item: u32, location: u32) -> Replenishment {
        let Some(item_data) = self.item_data.get(item as usize).copied().flatten() else {
            return Replenishment::Unsourced;
        };
        if item_data.item_type == ItemType::Purchased {
            return match self.best_terms.get(&pair(item, location)) {
                Some(terms) => Replenishment::Purchase {
                    supplier: terms.supplier.clone(),
                    lead_time: terms.lead_time,
                    lead_time_sd: terms.lead_time_sd,
                    min_order: terms.min_order,
                    order_multiple: terms.order_multiple,
                },
                None => Replenishment::Unsourced,
            };
        }
        let Some(plant) = self.make_plant.get(item as usize).copied().flatten() else {
            return Replenishment::Unsourced;
        };
        if plant == location {
            return Replenishment::Production {
                lead_time: item_data.lead_time,
            };
        }
        let is_dc = self.is_dc.get(location as usize).copied().unwrap_or(false);
        match self.lanes.get(&pair(plant, location)) {
            Some(lane) if is_dc || lane.from != lane.to => Replenishment::Transfer {
                from: lane.from.clone(),
                lead_time: lane.lead_time,
                lead_time_sd: lane.lead_time_sd,
            },
            _ => Replenishment::Unsourced,
        }
    }

    /// Appends the buffers a buffer draws on, as (item id, location id) and units
    /// needed per unit released, to `out`.
    fn children(
        &self,
        item: u32,
        location: u32,
        replenishment: &Replenishment,
        out: &mut Vec<((u32, u32), f64)>,
    ) {
        match replenishment {
            Replenishment::Transfer { .. } => {
                if let Some(plant) = self.make_plant.get(item as usize).copied().flatten() {
                    out.push(((item, plant), 1.0));
                }
            }
            Replenishment::Production { .. } => {
                let id = item as usize;
                if id + 1 < self.bom_start.len() {
                    let lines = &self.bom_lines[self.bom_start[id]..self.bom_start[id + 1]];
                    out.extend(
                        lines
                            .iter()
                            .map(|&(component, per_unit)| ((component, location), per_unit)),
                    );
                }
            }
            Replenishment::Purchase { .. } | Replenishment::Unsourced => {}
        }
    }
}

/// One buffer of the network.
pub(super) struct NetworkNode<'a> {
    pub(super) item: &'a str,
    pub(super) location: &'a str,
    pub(super) replenishment: Replenishment,
    pub(super) low_level_code: u32,
    /// Whether the item is counted in whole units (its orders are whole).
    pub(super) discrete: bool,
}

/// The buffers, their replenishment, the buffers each draws on and their planning order.
pub(super) struct Network<'a> {
    pub(super) buffers: Vec<NetworkNode<'a>>,
    /// Per buffer, the range of its children in `child_list`.
    child_start: Vec<usize>,
    /// (child buffer index, child units per unit released by the parent).
    child_list: Vec<(usize, f64)>,
    items: Interner<'a>,
    locations: Interner<'a>,
    index: FastMap<u64, usize>,
    /// Buffer indices by low-level code, then (item, location).
    pub(super) planning_order: Vec<usize>,
    /// The level of buffers caught in a BOM cycle, if any (planned last, one by one).
    pub(super) stuck_level: Option<u32>,
    /// Buffer indices sorted by (item, location).
    pub(super) by_key: Vec<usize>,
    /// The buffer of each row that seeds the network: the demand keys, then the
    /// safety-stock keys, the on-hand rows and the open orders, in input order.
    seed_buffers: Vec<usize>,
    /// How many of `seed_buffers` each of those four inputs has.
    seed_counts: [usize; 4],
}

/// An input whose rows seed the network.
#[derive(Debug, Clone, Copy)]
pub(super) enum Seed {
    /// [`MrpInput::demand`] keys.
    Demand = 0,
    /// [`MrpInput::safety_stock`] keys.
    SafetyStock = 1,
    /// The dataset's on-hand rows.
    OnHand = 2,
    /// The dataset's open orders.
    OpenOrders = 3,
}

impl<'a> Network<'a> {
    /// End (exclusive) of the segment of `planning_order` that starts at `start`: the
    /// buffers of one low-level code, planned together, or a single buffer of the level
    /// caught in a BOM cycle, planned one by one.
    pub(super) fn segment_end(&self, start: usize) -> usize {
        let level = self.buffers[self.planning_order[start]].low_level_code;
        if self.stuck_level == Some(level) {
            return start + 1;
        }
        start
            + self.planning_order[start..]
                .iter()
                .take_while(|&&idx| self.buffers[idx].low_level_code == level)
                .count()
    }

    /// Every buffer with demand, safety stock, stock or open orders, and every buffer
    /// they draw on, numbered depth first from the seeds in (item, location) order.
    pub(super) fn build(input: &MrpInput<'a>) -> Network<'a> {
        let dataset = input.dataset;
        let mut sourcing = Sourcing::new(dataset);
        let mut seed_codes: Vec<(&'a str, &'a str)> = Vec::new();
        seed_codes.extend(input.demand.keys().map(|(i, l)| (i.as_str(), l.as_str())));
        seed_codes.extend(
            input
                .safety_stock
                .keys()
                .map(|(i, l)| (i.as_str(), l.as_str())),
        );
        seed_codes.extend(
            dataset
                .on_hand
                .iter()
                .map(|row| (row.item.as_str(), row.location.as_str())),
        );
        seed_codes.extend(
            dataset
                .open_orders
                .iter()
                .map(|order| (order.item.as_str(), order.location.as_str())),
        );
        let seed_counts = [
            input.demand.len(),
            input.safety_stock.len(),
            dataset.on_hand.len(),
            dataset.open_orders.len(),
        ];
        let seed_items = sourcing.items.intern_all(&seed_codes, |&(item, _)| item);
        let seed_locations = sourcing
            .locations
            .intern_all(&seed_codes, |&(_, location)| location);
        let seed_keys: Vec<(u32, u32)> = seed_items.into_iter().zip(seed_locations).collect();
        let mut seeds = seed_keys.clone();
        let item_rank = sourcing.items.ranks();
        let location_rank = sourcing.locations.ranks();
        let rank = |(item, location): (u32, u32)| {
            pair(item_rank[item as usize], location_rank[location as usize])
        };
        seeds.sort_unstable_by_key(|&key| rank(key));
        seeds.dedup();

        let mut index: FastMap<u64, usize> =
            FastMap::with_capacity_and_hasher(seeds.len(), Default::default());
        let mut buffers: Vec<NetworkNode<'a>> = Vec::with_capacity(seeds.len());
        let mut keys: Vec<(u32, u32)> = Vec::with_capacity(seeds.len());
        let mut child_start = vec![0usize];
        let mut child_keys: Vec<((u32, u32), f64)> = Vec::new();
        let mut pending = seeds;
        pending.reverse();
        while let Some((item, location)) = pending.pop() {
            let idx = buffers.len();
            if *index.entry(pair(item, location)).or_insert(idx) != idx {
                continue;
            }
            let replenishment = sourcing.replenishment(item, location);
            let first_child = child_keys.len();
            sourcing.children(item, location, &replenishment, &mut child_keys);
            child_start.push(child_keys.len());
            for &(child, _) in child_keys[first_child..].iter().rev() {
                if !index.contains_key(&pair(child.0, child.1)) {
                    pending.push(child);
                }
            }
            keys.push((item, location));
            buffers.push(NetworkNode {
                item: sourcing.items.codes[item as usize],
                location: sourcing.locations.codes[location as usize],
                replenishment,
                low_level_code: 0,
                discrete: sourcing
                    .item_data
                    .get(item as usize)
                    .copied()
                    .flatten()
                    .is_some_and(|data| data.is_discrete()),
            });
        }
        // Every seed and every child was queued, so each has an index.
        let seed_buffers = seed_keys
            .into_iter()
            .filter_map(|(item, location)| index.get(&pair(item, location)).copied())
            .collect();
        let child_list = child_keys
            .into_iter()
            .filter_map(|((item, location), per_unit)| {
                index
                    .get(&pair(item, location))
                    .map(|&child| (child, per_unit))
            })
            .collect();
        let mut by_key: Vec<usize> = (0..buffers.len()).collect();
        by_key.sort_unstable_by_key(|&idx| rank(keys[idx]));
        let Sourcing {
            items, locations, ..
        } = sourcing;
        let mut network = Network {
            buffers,
            child_start,
            child_list,
            items,
            locations,
            index,
            planning_order: Vec::new(),
            stuck_level: None,
            by_key,
            seed_buffers,
            seed_counts,
        };
        network.assign_low_level_codes();
        network
    }

    /// The buffers buffer `idx` draws on: (child index, child units per unit released).
    pub(super) fn children(&self, idx: usize) -> &[(usize, f64)] {
        &self.child_list[self.child_start[idx]..self.child_start[idx + 1]]
    }

    /// The buffer of each row of `seed`, in input order.
    pub(super) fn seed_buffers(&self, seed: Seed) -> &[usize] {
        let part = seed as usize;
        let start: usize = self.seed_counts[..part].iter().sum();
        let end = (start + self.seed_counts[part]).min(self.seed_buffers.len());
        self.seed_buffers.get(start..end).unwrap_or_default()
    }

    /// The index of the buffer of `item` at `location`, if it is in the network.
    pub(super) fn buffer_of(&self, item: &str, location: &str) -> Option<usize> {
        let item = self.items.get(item)?;
        let location = self.locations.get(location)?;
        self.index.get(&pair(item, location)).copied()
    }

    /// Longest-path levels by Kahn's algorithm; buffers caught in a cycle (rejected at
    /// import, so only from hand-built data) are planned last.
    fn assign_low_level_codes(&mut self) {
        let n = self.buffers.len();
        let mut parents_left = vec![0usize; n];
        for &(child, _) in &self.child_list {
            parents_left[child] += 1;
        }
        let mut queue: std::collections::VecDeque<usize> =
            (0..n).filter(|&idx| parents_left[idx] == 0).collect();
        let mut levels = vec![0u32; n];
        let mut done = vec![false; n];
        while let Some(idx) = queue.pop_front() {
            done[idx] = true;
            let level = levels[idx];
            for &(child, _) in &self.child_list[self.child_start[idx]..self.child_start[idx + 1]] {
                levels[child] = levels[child].max(level + 1);
                parents_left[child] -= 1;
                if parents_left[child] == 0 {
                    queue.push_back(child);
                }
            }
        }
        // Buffers in a cycle come after every level.
        let stuck_level = levels.iter().copied().max().unwrap_or(0) + 1;
        for idx in 0..n {
            if !done[idx] {
                levels[idx] = stuck_level;
                self.stuck_level = Some(stuck_level);
            }
        }
        // Plan level by level; within a level in (item, location) order.
        let mut order: Vec<usize> = self.by_key.clone();
        order.sort_by_key(|&idx| levels[idx]);
        for (idx, level) in levels.into_iter().enumerate() {
            self.buffers[idx].low_level_code = level;
        }
        self.planning_order = order;
    }
}
