//! Rough-cut material limits of the constrained plan: within its purchase lead time a
//! component bought at a plant can only come from what is there or already on order.
//!
//! For a purchased component `c` at plant `p` with shortest supplier lead time `L`
//! buckets, a purchase released in the first horizon bucket arrives in bucket `L`; so
//! from the first bucket through bucket `t < L` the plan can consume at most
//!
//! ```text
//! on hand(c, p) + open orders of c at p due by t (past due counts as now)
//!   + Σ_I (on hand(I, p) + open production orders of I at p due by t) × units of c in one I
//! ```
//!
//! where `I` runs over the intermediate items made at `p` that contain `c` (their
//! stock already holds the component; counting it here is a relaxation that never
//! invents a shortage). From bucket `L` on, supply is not limited.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, ItemType};
use fulcrum_supply::family_plan::Material;

use super::bill::BillBuilder;

/// A purchased component at a plant that the plan's families consume.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LimitedMaterial {
    /// Component code.
    pub(super) item: String,
    /// Plant code.
    pub(super) plant: String,
    /// Shortest supplier lead time, in buckets.
    pub(super) lead_time: usize,
    /// The supplier with that lead time (first by code).
    pub(super) supplier: String,
}

impl LimitedMaterial {
    /// The material of `item` bought at `plant`; `None` when it has no supplier there
    /// or arrives within the bucket (lead time 0).
    pub(super) fn new(dataset: &Dataset, item: &str, plant: &str) -> Option<Self> {
        let (lead_time, supplier) = dataset
            .supplier_items
            .iter()
            .filter(|terms| terms.item == item && terms.location == plant)
            .map(|terms| (terms.lead_time as usize, terms.supplier.as_str()))
            .min()?;
        (lead_time > 0).then(|| LimitedMaterial {
            item: item.to_string(),
            plant: plant.to_string(),
            lead_time,
            supplier: supplier.to_string(),
        })
    }

    /// The family-plan material: cumulative availability per horizon bucket.
    pub(super) fn to_material(&self, dataset: &Dataset, bills: &BillBuilder<'_>) -> Material {
        let calendar = dataset.calendar();
        let first = calendar.history_len();
        let horizon = calendar.horizon_len();
        let mut arriving = vec![0.0; horizon];
        let mut add = |due: usize, quantity: f64| {
            if let Some(slot) = arriving.get_mut(due.saturating_sub(first)) {
                *slot += quantity;
            }
        };
        for stock in dataset
            .on_hand
            .iter()
            .filter(|stock| stock.location == self.plant)
        {
            let units = self.units_in(dataset, bills, &stock.item);
            add(first, stock.quantity * units);
        }
        for order in dataset
            .open_orders
            .iter()
            .filter(|order| order.location == self.plant)
        {
            let Ok(due) = calendar.parse_bucket(&order.due) else {
                continue;
            };
            let units = self.units_in(dataset, bills, &order.item);
            add(due, order.quantity * units);
        }
        let mut total = 0.0;
        let cumulative_available = arriving
            .iter()
            .enumerate()
            .map(|(t, &quantity)| {
                total += quantity;
                if t < self.lead_time {
                    total
                } else {
                    f64::INFINITY
                }
            })
            .collect();
        Material {
            name: format!("{}@{}", self.item, self.plant),
            cumulative_available,
        }
    }

    /// Units of this component in one unit of `item` at the plant: 1 for the component
    /// itself, its content for an intermediate made there, 0 otherwise.
    fn units_in(&self, dataset: &Dataset, bills: &BillBuilder<'_>, item: &str) -> f64 {
        if item == self.item {
            return 1.0;
        }
        let intermediate = dataset
            .item(item)
            .is_some_and(|it| it.item_type == ItemType::Intermediate);
        if !intermediate || !bills.made_at(item, &self.plant) {
            return 0.0;
        }
        bills
            .of(item, &self.plant)
            .materials
            .iter()
            .filter(|((component, _), _)| *component == self.item)
            .map(|(_, units)| units)
            .sum()
    }
}

/// Materials in first-use order, with their index.
#[derive(Debug, Default)]
pub(super) struct MaterialIndex {
    /// Limited materials, by index.
    pub(super) materials: Vec<LimitedMaterial>,
    index: BTreeMap<(String, String), Option<usize>>,
}

impl MaterialIndex {
    /// The index of `item` bought at `plant`, adding it on first use; `None` when its
    /// supply is not limited.
    pub(super) fn index_of(&mut self, dataset: &Dataset, item: &str, plant: &str) -> Option<usize> {
        let key = (item.to_string(), plant.to_string());
        if let Some(&known) = self.index.get(&key) {
            return known;
        }
        let found = LimitedMaterial::new(dataset, item, plant).map(|material| {
            self.materials.push(material);
            self.materials.len() - 1
        });
        self.index.insert(key, found);
        found
    }
}
