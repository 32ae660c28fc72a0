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

use std::collections::{BTreeMap, BTreeSet};

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

/// The family-plan materials of `limited`, in the same order: cumulative availability
/// per horizon bucket. One pass over the plants' stock and open orders: each row adds
/// to the material it is, or to the materials an intermediate made there contains.
pub(super) fn availability<'a>(
    dataset: &'a Dataset,
    bills: &BillBuilder<'_>,
    limited: &[LimitedMaterial],
) -> Vec<Material> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let index: BTreeMap<(&str, &str), usize> = limited
        .iter()
        .enumerate()
        .map(|(m, material)| ((material.item.as_str(), material.plant.as_str()), m))
        .collect();
    let plants: BTreeSet<&str> = limited.iter().map(|m| m.plant.as_str()).collect();
    let intermediates: BTreeSet<&str> = dataset
        .items
        .iter()
        .filter(|item| item.item_type == ItemType::Intermediate)
        .map(|item| item.code.as_str())
        .collect();
    let mut arriving = vec![vec![0.0; horizon]; limited.len()];
    // Per (intermediate, plant), the limited materials in one unit of it.
    let mut contents: BTreeMap<(&str, &str), Vec<(usize, f64)>> = BTreeMap::new();
    let mut add = |item: &'a str, plant: &'a str, due: usize, quantity: f64| {
        let Some(slot) = due.checked_sub(first).or(Some(0)).filter(|&t| t < horizon) else {
            return;
        };
        if let Some(&m) = index.get(&(item, plant)) {
            arriving[m][slot] += quantity;
        }
        if !intermediates.contains(item) || !plants.contains(plant) {
            return;
        }
        let content = contents.entry((item, plant)).or_insert_with(|| {
            if !bills.made_at(item, plant) {
                return Vec::new();
            }
            let mut units: BTreeMap<usize, f64> = BTreeMap::new();
            for ((component, _), per_unit) in bills.of(item, plant).materials {
                if let Some(&m) = index.get(&(component.as_str(), plant)) {
                    *units.entry(m).or_insert(0.0) += per_unit;
                }
            }
            units.into_iter().collect()
        });
        for &(m, per_unit) in content.iter() {
            arriving[m][slot] += quantity * per_unit;
        }
    };
    for stock in &dataset.on_hand {
        add(&stock.item, &stock.location, first, stock.quantity);
    }
    for order in &dataset.open_orders {
        if let Ok(due) = calendar.parse_bucket(&order.due) {
            add(&order.item, &order.location, due, order.quantity);
        }
    }
    limited
        .iter()
        .zip(arriving)
        .map(|(material, arriving)| {
            let mut total = 0.0;
            let cumulative_available = arriving
                .iter()
                .enumerate()
                .map(|(t, &quantity)| {
                    total += quantity;
                    if t < material.lead_time {
                        total
                    } else {
                        f64::INFINITY
                    }
                })
                .collect();
            Material {
                name: format!("{}@{}", material.item, material.plant),
                cumulative_available,
            }
        })
        .collect()
}

/// Materials in first-use order, with their index.
#[derive(Debug, Default)]
pub(super) struct MaterialIndex {
    /// Limited materials, by index.
    pub(super) materials: Vec<LimitedMaterial>,
    index: BTreeMap<(String, String), Option<usize>>,
    /// The shortest supplier lead time and its supplier (first by code) per (item,
    /// location), built on first use.
    terms: Option<BTreeMap<(String, String), (usize, String)>>,
}

impl MaterialIndex {
    /// The index of `item` bought at `plant`, adding it on first use; `None` when its
    /// supply is not limited (no supplier there, or a lead time of 0: it arrives within
    /// the bucket).
    pub(super) fn index_of(&mut self, dataset: &Dataset, item: &str, plant: &str) -> Option<usize> {
        let key = (item.to_string(), plant.to_string());
        if let Some(&known) = self.index.get(&key) {
            return known;
        }
        let terms = self.terms.get_or_insert_with(|| {
            let mut best: BTreeMap<(String, String), (usize, String)> = BTreeMap::new();
            for terms in &dataset.supplier_items {
                let candidate = (terms.lead_time as usize, terms.supplier.clone());
                best.entry((terms.item.clone(), terms.location.clone()))
                    .and_modify(|current| {
                        if candidate < *current {
                            *current = candidate.clone();
                        }
                    })
                    .or_insert(candidate);
            }
            best
        });
        let found =
            terms
                .get(&key)
                .filter(|(lead_time, _)| *lead_time > 0)
                .map(|(lead_time, supplier)| {
                    self.materials.push(LimitedMaterial {
                        item: item.to_string(),
                        plant: plant.to_string(),
                        lead_time: *lead_time,
                        supplier: supplier.clone(),
                    });
                    self.materials.len() - 1
                });
        self.index.insert(key, found);
        found
    }
}
