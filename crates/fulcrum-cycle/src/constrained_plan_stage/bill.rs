//! Rough-cut bills of a finished item made at a plant: the resource hours and the
//! purchased components one unit needs, each placed the cumulative lead time of the
//! components made in between before the item's own start.

use std::collections::BTreeMap;

use fulcrum_core::Dataset;

/// What one unit of an item made at a plant needs.
#[derive(Debug, Default)]
pub(super) struct Bill {
    /// `(resource index, buckets before the start) → hours`.
    pub(super) hours: BTreeMap<(usize, usize), f64>,
    /// `(purchased component, buckets before the start) → units` (scrap included):
    /// components bought at the plant, reached through components made there.
    pub(super) materials: BTreeMap<(String, usize), f64>,
}

/// Builds [`Bill`]s from routings, the BOM and supplier terms.
pub(super) struct BillBuilder<'a> {
    dataset: &'a Dataset,
    resource_index: &'a BTreeMap<&'a str, usize>,
    /// Resource plant per resource index.
    plants: Vec<&'a str>,
}

impl<'a> BillBuilder<'a> {
    pub(super) fn new(dataset: &'a Dataset, resource_index: &'a BTreeMap<&'a str, usize>) -> Self {
        let mut plants = vec![""; resource_index.len()];
        for resource in &dataset.resources {
            if let Some(&idx) = resource_index.get(resource.code.as_str()) {
                plants[idx] = resource.location.as_str();
            }
        }
        BillBuilder {
            dataset,
            resource_index,
            plants,
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
        self.dataset.routings.iter().any(|r| {
            r.item == item
                && self
                    .resource_index
                    .get(r.resource.as_str())
                    .is_some_and(|&idx| self.plants[idx] == plant)
        })
    }

    fn bought_at(&self, item: &str, plant: &str) -> bool {
        self.dataset
            .supplier_items
            .iter()
            .any(|terms| terms.item == item && terms.location == plant)
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
        for routing in self.dataset.routings.iter().filter(|r| r.item == item) {
            if let Some(&r) = self.resource_index.get(routing.resource.as_str())
                && self.plants[r] == plant
            {
                *bill.hours.entry((r, before)).or_insert(0.0) += quantity * routing.hours_per_unit;
            }
        }
        for line in self.dataset.bom.iter().filter(|line| line.parent == item) {
            let per_unit = line.quantity_per / (1.0 - line.scrap.clamp(0.0, 0.999_999));
            if self.made_at(&line.component, plant) {
                let lead_time = self
                    .dataset
                    .item(&line.component)
                    .map_or(0, |c| c.lead_time as usize);
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
