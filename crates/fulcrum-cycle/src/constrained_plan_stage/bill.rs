//! Rough-cut bills of a finished item made at a plant: the resource hours and the
//! purchased components one unit needs, each placed the cumulative lead time of the
//! components made in between before the item's own start.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fulcrum_core::{BomLine, Dataset, Routing};

/// What one unit of an item made at a plant needs.
#[derive(Debug, Default)]
pub(super) struct Bill {
    /// `(resource index, buckets before the start) → hours`.
    pub(super) hours: BTreeMap<(usize, usize), f64>,
    /// `(purchased component, buckets before the start) → units` (scrap included):
    /// components bought at the plant, reached through components made there.
    pub(super) materials: BTreeMap<(String, usize), f64>,
}

/// Builds [`Bill`]s from routings, the BOM and supplier terms, each indexed once by
/// item so that a bill costs its size, not the dataset's.
pub(super) struct BillBuilder<'a> {
    resource_index: &'a BTreeMap<&'a str, usize>,
    /// Resource plant per resource index.
    plants: Vec<&'a str>,
    /// Routings per item.
    routings: HashMap<&'a str, Vec<&'a Routing>>,
    /// BOM lines per parent item.
    bom: HashMap<&'a str, Vec<&'a BomLine>>,
    /// (item, location) pairs with supplier terms.
    bought: BTreeSet<(&'a str, &'a str)>,
    /// Production lead time per item.
    lead_times: HashMap<&'a str, u32>,
}

impl<'a> BillBuilder<'a> {
    pub(super) fn new(dataset: &'a Dataset, resource_index: &'a BTreeMap<&'a str, usize>) -> Self {
        let mut plants = vec![""; resource_index.len()];
        for resource in &dataset.resources {
            if let Some(&idx) = resource_index.get(resource.code.as_str()) {
                plants[idx] = resource.location.as_str();
            }
        }
        let mut routings: HashMap<&str, Vec<&Routing>> = HashMap::new();
        for routing in &dataset.routings {
            routings
                .entry(routing.item.as_str())
                .or_default()
                .push(routing);
        }
        let mut bom: HashMap<&str, Vec<&BomLine>> = HashMap::new();
        for line in &dataset.bom {
            bom.entry(line.parent.as_str()).or_default().push(line);
        }
        BillBuilder {
            resource_index,
            plants,
            routings,
            bom,
            bought: dataset
                .supplier_items
                .iter()
                .map(|terms| (terms.item.as_str(), terms.location.as_str()))
                .collect(),
            lead_times: dataset
                .items
                .iter()
                .map(|item| (item.code.as_str(), item.lead_time))
                .collect(),
        }
    }

    /// The bill of making one `item` at `plant`.
    pub(super) fn of(&self, item: &str, plant: &str) -> Bill {
        let mut bill = Bill::default();
        self.add(item, plant, 1.0, 0, 0, &mut bill);
        bill
    }

    /// Whether `item` has a routing on a resource at `plant`.
    pub(super) fn made_at(&self, item: &str, plant: &str) -> bool {
        self.routings_of(item).any(|r| {
            self.resource_index
                .get(r.resource.as_str())
                .is_some_and(|&idx| self.plants[idx] == plant)
        })
    }

    fn bought_at(&self, item: &str, plant: &str) -> bool {
        self.bought.contains(&(item, plant))
    }

    fn routings_of(&self, item: &str) -> impl Iterator<Item = &'a Routing> + '_ {
        self.routings.get(item).into_iter().flatten().copied()
    }

    fn add(
        &self,
        item: &str,
        plant: &str,
        quantity: f64,
        before: usize,
        depth: usize,
        bill: &mut Bill,
    ) {
        // BOM cycles are rejected at import; the depth guard only protects hand-built data.
        if depth > 32 {
            return;
        }
        for routing in self.routings_of(item) {
            if let Some(&r) = self.resource_index.get(routing.resource.as_str())
                && self.plants[r] == plant
            {
                *bill.hours.entry((r, before)).or_insert(0.0) += quantity * routing.hours_per_unit;
            }
        }
        for line in self.bom.get(item).into_iter().flatten() {
            let per_unit = line.quantity_per / (1.0 - line.scrap.clamp(0.0, 0.999_999));
            if self.made_at(&line.component, plant) {
                let lead_time = self
                    .lead_times
                    .get(line.component.as_str())
                    .map_or(0, |&t| t as usize);
                self.add(
                    &line.component,
                    plant,
                    quantity * per_unit,
                    before + lead_time,
                    depth + 1,
                    bill,
                );
            } else if self.bought_at(&line.component, plant) {
                *bill
                    .materials
                    .entry((line.component.clone(), before))
                    .or_insert(0.0) += quantity * per_unit;
            }
        }
    }
}
