//! The demo company at any size: [`generate_scaled`] replicates the demo's catalogue
//! until it has at least the asked number of item-locations, so a benchmark or a
//! load test can run the whole cycle on a company 10 or 1,000 times the demo's.
//!
//! Copy `k` (from 1) of every item is coded `{code}~{k}` and keeps its family, BOM
//! shape, routings, suppliers, lanes, stock, open orders, sales, safety-stock rules and
//! budget share. Resources, plants, distribution centres and suppliers are shared, and
//! every resource's hours (and its per-month overrides) grow with the number of copies,
//! so capacity binds where it binds in the demo. The budget and the planner's fixes
//! (production of a family, overtime hours of a resource) scale the same way.
//! The result is as deterministic as [`crate::generate`] and passes the importer's
//! rules.

use fulcrum_core::Dataset;

use crate::{DemoConfig, generate};

/// The number of item-locations (items with sales at a location, plus the buffers
/// of made and bought items at plants) of a dataset: what [`generate_scaled`] counts.
pub fn item_locations(dataset: &Dataset) -> usize {
    let mut keys: Vec<(&str, &str)> = dataset
        .sales
        .iter()
        .map(|s| (s.item.as_str(), s.location.as_str()))
        .chain(
            dataset
                .supplier_items
                .iter()
                .map(|t| (t.item.as_str(), t.location.as_str())),
        )
        .chain(
            dataset
                .on_hand
                .iter()
                .map(|r| (r.item.as_str(), r.location.as_str())),
        )
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

/// The demo company grown to at least `target` item-locations (the demo itself when it
/// already has as many): `copies = ⌈target ÷ the demo's item-locations⌉` copies of its
/// catalogue, sharing its plants, resources (with hours × copies) and suppliers.
pub fn generate_scaled(config: &DemoConfig, target: usize) -> Dataset {
    let base = generate(config);
    let per_copy = item_locations(&base).max(1);
    let copies = target.div_ceil(per_copy).max(1);
    replicate(&base, copies)
}

/// `dataset` with its catalogue copied `copies` times in all (1 = unchanged).
pub fn replicate(dataset: &Dataset, copies: usize) -> Dataset {
    if copies <= 1 {
        return dataset.clone();
    }
    let mut out = dataset.clone();
    let scale = copies as f64;
    let code = |code: &str, k: usize| format!("{code}~{k}");
    for k in 1..copies {
        let c = |s: &str| code(s, k);
        out.items.extend(dataset.items.iter().map(|item| {
            let mut copy = item.clone();
            copy.code = c(&item.code);
            copy.name = format!("{} ({k})", item.name);
            copy
        }));
        out.routings.extend(
            dataset
                .routings
                .iter()
                .map(|routing| fulcrum_core::Routing {
                    item: c(&routing.item),
                    ..routing.clone()
                }),
        );
        out.bom
            .extend(dataset.bom.iter().map(|line| fulcrum_core::BomLine {
                parent: c(&line.parent),
                component: c(&line.component),
                ..line.clone()
            }));
        out.supplier_items
            .extend(
                dataset
                    .supplier_items
                    .iter()
                    .map(|terms| fulcrum_core::SupplierItem {
                        item: c(&terms.item),
                        ..terms.clone()
                    }),
            );
        out.on_hand
            .extend(dataset.on_hand.iter().map(|row| fulcrum_core::OnHand {
                item: c(&row.item),
                ..row.clone()
            }));
        out.open_orders.extend(
            dataset
                .open_orders
                .iter()
                .map(|order| fulcrum_core::OpenOrder {
                    id: c(&order.id),
                    item: c(&order.item),
                    ..order.clone()
                }),
        );
        out.sales
            .extend(dataset.sales.iter().map(|sale| fulcrum_core::SalesRecord {
                item: c(&sale.item),
                ..sale.clone()
            }));
        out.inventory_policy
            .extend(
                dataset
                    .inventory_policy
                    .iter()
                    .map(|row| fulcrum_core::InventoryPolicy {
                        item: c(&row.item),
                        ..row.clone()
                    }),
            );
    }
    for resource in &mut out.resources {
        resource.hours_per_bucket *= scale;
    }
    for row in &mut out.resource_capacity {
        row.hours *= scale;
    }
    for line in &mut out.budget {
        line.volume *= scale;
        line.revenue *= scale;
    }
    // A family's production and a resource's overtime both grow with the copies.
    for fix in &mut out.plan_fixes {
        fix.value *= scale;
    }
    out.settings.company = format!("{} ×{copies}", dataset.settings.company);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scaled_company_has_at_least_the_asked_item_locations() {
        let config = DemoConfig::default();
        let base = item_locations(&generate(&config));
        let scaled = generate_scaled(&config, base * 3 + 1);
        assert_eq!(item_locations(&scaled), base * 4);
        assert_eq!(scaled, generate_scaled(&config, base * 3 + 1));
        let demo = generate(&config);
        assert_eq!(scaled.items.len(), demo.items.len() * 4);
        assert_eq!(scaled.resources.len(), demo.resources.len());
        assert_eq!(
            scaled.resources[0].hours_per_bucket,
            demo.resources[0].hours_per_bucket * 4.0
        );
    }
}
