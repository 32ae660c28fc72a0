//! Pegging on a random, seeded network: with lot-for-lot sizing and no on-hand surplus
//! beyond what demand consumes, every unit of every planned order serves a demand, so
//! the pegs of each order sum to its quantity; and the pegs at each level account for
//! the finished-goods demand exactly once per unit (scaled by the units per parent).

use std::collections::BTreeMap;

use fulcrum_core::{
    BomLine, Calendar, Dataset, Item, ItemType, Lane, Location, LocationKind, OnHand, Resource,
    Routing, Settings, StandardCost, SupplierItem, YearMonth,
};
use fulcrum_supply::mrp::{MrpInput, run_mrp};

/// SplitMix64: the same network on every machine.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

fn item(code: String, item_type: ItemType, lead_time: u32) -> Item {
    Item {
        code: code.clone(),
        name: code,
        family: "ALL".into(),
        uom: "EA".into(),
        item_type,
        price: 1.0,
        cost: StandardCost {
            material: 1.0,
            labour: 0.0,
            overhead: 0.0,
        },
        lead_time,
        launch: None,
    }
}

/// Four BOM levels of `per_level` items each (finished, two intermediate, purchased),
/// each parent with two random components of the next level; finished goods sell at
/// DC D1, fed from plant P1 along a one-bucket lane.
fn random_network(seed: u64, per_level: usize) -> (Dataset, BTreeMap<(String, String), Vec<f64>>) {
    let mut rng = Rng(seed);
    let horizon = 18;
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, horizon).expect("calendar");
    let mut dataset = Dataset::empty(Settings {
        company: "Test".into(),
        currency: "EUR".into(),
        calendar,
    });
    dataset.locations = ["P1", "D1"]
        .iter()
        .map(|code| Location {
            code: (*code).into(),
            name: (*code).into(),
            kind: if *code == "P1" {
                LocationKind::Plant
            } else {
                LocationKind::DistributionCentre
            },
            region: "EU".into(),
        })
        .collect();
    dataset.lanes = vec![Lane {
        from: "P1".into(),
        to: "D1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 0.0,
    }];
    dataset.resources = vec![Resource {
        code: "R1".into(),
        name: "R1".into(),
        location: "P1".into(),
        hours_per_bucket: 1e9,
        efficiency: 1.0,
    }];
    let code = |level: usize, idx: usize| format!("L{level}-{idx:03}");
    for level in 0..4 {
        for idx in 0..per_level {
            let lead_time = 1 + rng.below(2) as u32;
            let item_type = match level {
                0 => ItemType::Finished,
                3 => ItemType::Purchased,
                _ => ItemType::Intermediate,
            };
            dataset
                .items
                .push(item(code(level, idx), item_type, lead_time));
            if level < 3 {
                dataset.routings.push(Routing {
                    item: code(level, idx),
                    resource: "R1".into(),
                    hours_per_unit: 0.1,
                });
                for _ in 0..2 {
                    dataset.bom.push(BomLine {
                        parent: code(level, idx),
                        component: code(level + 1, rng.below(per_level as u64) as usize),
                        quantity_per: 1.0 + rng.below(3) as f64,
                        scrap: [0.0, 0.05][rng.below(2) as usize],
                    });
                }
            } else {
                dataset.supplier_items.push(SupplierItem {
                    supplier: "S1".into(),
                    item: code(level, idx),
                    location: "P1".into(),
                    lead_time,
                    lead_time_sd: 0.0,
                    min_order: 0.0,
                    order_multiple: 0.0,
                    unit_cost: 1.0,
                });
            }
            let on_hand = rng.below(30) as f64;
            if on_hand > 0.0 {
                dataset.on_hand.push(OnHand {
                    item: code(level, idx),
                    location: "P1".into(),
                    quantity: on_hand,
                });
            }
        }
    }
    let mut demand = BTreeMap::new();
    for idx in 0..per_level {
        let series = (0..horizon).map(|_| rng.below(40) as f64).collect();
        demand.insert((code(0, idx), "D1".to_string()), series);
    }
    (dataset, demand)
}

#[test]
fn pegs_of_each_order_sum_to_its_quantity_on_a_random_network() {
    for (seed, uom) in [(1_u64, "KG"), (7, "KG"), (2026, "KG"), (1, "EA"), (7, "EA")] {
        let (mut dataset, demand) = random_network(seed, 40);
        for item in &mut dataset.items {
            item.uom = uom.into();
        }
        let whole_units = uom == "EA";
        let mut safety_stock = BTreeMap::new();
        // Safety stock is a demand too: pegs to it count.
        safety_stock.insert(("L1-000".to_string(), "P1".to_string()), 12.5);
        let plan = run_mrp(&MrpInput {
            dataset: &dataset,
            demand: &demand,
            safety_stock: &safety_stock,
            lot_policies: &BTreeMap::new(),
            pegging: true,
            master_schedule: &BTreeMap::new(),
        });
        assert!(
            plan.planned_orders.len() > 500,
            "seed {seed}: a real network"
        );
        assert_eq!(plan.pegging.len(), plan.planned_orders.len());
        for (order, pegs) in plan.planned_orders.iter().zip(&plan.pegging) {
            let pegged: f64 = pegs.iter().map(|peg| peg.quantity).sum();
            if whole_units {
                // Items counted in whole units: every order is whole, its requirement
                // rounded up; what rounding adds (here and in the parents' orders,
                // exploded) is excess, never pegged, so pegs never exceed the order.
                assert_eq!(order.quantity, order.quantity.round(), "{order:?}");
                assert!(
                    pegged <= order.quantity * (1.0 + 1e-9) + 1e-9,
                    "seed {seed}: {order:?} pegs {pegged}"
                );
            } else {
                // Lot-for-lot by weight: every unit of every order is pegged.
                assert!(
                    (pegged - order.quantity).abs() <= 1e-6 * order.quantity.max(1.0),
                    "seed {seed}: {order:?} pegs {pegged}"
                );
            }
            // Each order serves demands in sorted, distinct (buffer, bucket) order.
            assert!(
                pegs.windows(2)
                    .all(|w| (w[0].buffer, w[0].bucket) < (w[1].buffer, w[1].bucket))
            );
        }
        // Deterministic: the same input gives the same plan, pegs included.
        let again = run_mrp(&MrpInput {
            dataset: &dataset,
            demand: &demand,
            safety_stock: &safety_stock,
            lot_policies: &BTreeMap::new(),
            pegging: true,
            master_schedule: &BTreeMap::new(),
        });
        assert_eq!(again, plan);
    }
}
