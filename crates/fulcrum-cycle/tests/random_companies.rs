//! Random companies: the whole cycle, under every strategy, on companies nobody tuned
//! for, finds no violation of the plan's invariants ([`fulcrum_cycle::plan_check`]),
//! never panics, and gives the same plan twice.
//!
//! Each company is drawn from a [`Shape`] (proptest shrinks it) and a seed for the
//! details: 1–2 plants and 1–3 distribution centres, 1–5 finished items with BOMs 1–4
//! levels deep (intermediates made at the plant, purchased leaves, optionally one
//! component shared by every item), lead times 0–6 for production, suppliers and lanes,
//! capacity from a fifth to three times the load, zero or ample stock, seasonal or
//! intermittent demand, items counted in whole units (EA) or by weight (KG), supplier
//! minimums and multiples, fixed safety stocks and open orders.
//!
//! CI runs `PROPTEST_CASES` companies (default 64, each under five strategies);
//! `PROPTEST_CASES=2000 cargo test --release -p fulcrum-cycle --test random_companies`
//! runs thousands.

use fulcrum_core::{
    BomLine, Calendar, Customer, Dataset, HierarchyNode, InventoryPolicy, Item, ItemType, Lane,
    Location, LocationKind, OnHand, OpenOrder, OrderKind, Resource, Routing, SalesRecord, Settings,
    StandardCost, Supplier, SupplierItem, YearMonth,
};
use fulcrum_cycle::constrained_plan_stage::ConstrainedPlanConfig;
use fulcrum_cycle::{CycleConfig, ForecastMethod, plan_check, run_cycle};
use fulcrum_supply::family_plan::FamilyStrategy;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The shape of a random company; the seed fills in the numbers.
#[derive(Debug, Clone)]
struct Shape {
    plants: usize,
    dcs: usize,
    finished: usize,
    bom_depth: usize,
    shared_component: bool,
    /// Capacity as a multiple of the expected load.
    capacity: f64,
    ample_stock: bool,
    intermittent: bool,
    by_weight: bool,
    seed: u64,
}

fn shapes() -> impl Strategy<Value = Shape> {
    (
        1usize..=2,
        1usize..=3,
        1usize..=5,
        1usize..=4,
        any::<bool>(),
        prop_oneof![Just(0.2), Just(0.6), Just(1.0), Just(3.0)],
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        any::<u64>(),
    )
        .prop_map(
            |(
                plants,
                dcs,
                finished,
                bom_depth,
                shared_component,
                capacity,
                ample_stock,
                intermittent,
                by_weight,
                seed,
            )| Shape {
                plants,
                dcs,
                finished,
                bom_depth,
                shared_component,
                capacity,
                ample_stock,
                intermittent,
                by_weight,
                seed,
            },
        )
}

fn node(code: &str, parent: Option<&str>) -> HierarchyNode {
    HierarchyNode {
        code: code.into(),
        name: code.into(),
        parent: parent.map(Into::into),
    }
}

fn item(code: &str, family: &str, item_type: ItemType, price: f64, cost: f64, uom: &str) -> Item {
    Item {
        code: code.into(),
        name: code.into(),
        family: family.into(),
        uom: uom.into(),
        item_type,
        price,
        cost: StandardCost {
            material: cost * 0.6,
            labour: cost * 0.3,
            overhead: cost * 0.1,
        },
        lead_time: 0,
        launch: None,
    }
}

/// A valid company of the given shape.
fn company(shape: &Shape) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let history = 24;
    let horizon = 18;
    let calendar = Calendar::monthly(YearMonth::new(2026, 1).expect("month"), history, horizon)
        .expect("calendar");
    let mut d = Dataset::empty(Settings {
        company: "Random".into(),
        currency: "EUR".into(),
        calendar: calendar.clone(),
    });
    d.families = vec![
        node("GOODS", None),
        node("GOODS-A", Some("GOODS")),
        node("GOODS-B", Some("GOODS")),
        node("PARTS", None),
    ];
    d.regions = vec![node("EU", None)];
    d.channels = vec![node("RETAIL", None)];
    d.customers = vec![Customer {
        code: "C1".into(),
        name: "Customer".into(),
        channel: "RETAIL".into(),
    }];
    d.suppliers = vec![
        Supplier {
            code: "S1".into(),
            name: "Supplier 1".into(),
        },
        Supplier {
            code: "S2".into(),
            name: "Supplier 2".into(),
        },
    ];
    let plants: Vec<String> = (0..shape.plants).map(|p| format!("P{p}")).collect();
    let dcs: Vec<String> = (0..shape.dcs).map(|k| format!("D{k}")).collect();
    for (code, kind) in plants
        .iter()
        .map(|p| (p, LocationKind::Plant))
        .chain(dcs.iter().map(|k| (k, LocationKind::DistributionCentre)))
    {
        d.locations.push(Location {
            code: code.clone(),
            name: code.clone(),
            kind,
            region: "EU".into(),
        });
    }
    let uom = if shape.by_weight { "KG" } else { "EA" };
    let mut expected_hours = vec![0.0; shape.plants];
    let hours_per_unit = 0.5;
    let buy = |d: &mut Dataset, rng: &mut ChaCha8Rng, code: &str, plant: &str| {
        if d.supplier_items
            .iter()
            .any(|t| t.item == code && t.location == plant)
        {
            return;
        }
        d.supplier_items.push(SupplierItem {
            supplier: if rng.random_bool(0.5) { "S1" } else { "S2" }.into(),
            item: code.into(),
            location: plant.into(),
            lead_time: rng.random_range(0..=6),
            lead_time_sd: if rng.random_bool(0.3) { 0.5 } else { 0.0 },
            min_order: if rng.random_bool(0.3) { 50.0 } else { 0.0 },
            order_multiple: if rng.random_bool(0.3) { 10.0 } else { 0.0 },
            unit_cost: rng.random_range(1.0..5.0),
        });
    };
    if shape.shared_component {
        d.items
            .push(item("SHARED", "PARTS", ItemType::Purchased, 0.0, 2.0, uom));
    }
    for f in 0..shape.finished {
        let plant = plants[f % plants.len()].clone();
        let code = format!("F{f}");
        let family = if f % 2 == 0 { "GOODS-A" } else { "GOODS-B" };
        let mut finished = item(&code, family, ItemType::Finished, 100.0, 40.0, uom);
        finished.lead_time = rng.random_range(0..=3);
        d.items.push(finished);
        let mut parent = code.clone();
        for level in 1..shape.bom_depth {
            let component = format!("I{f}-{level}");
            let mut made = item(&component, "PARTS", ItemType::Intermediate, 0.0, 10.0, uom);
            made.lead_time = rng.random_range(0..=2);
            d.items.push(made);
            d.bom.push(BomLine {
                parent: parent.clone(),
                component: component.clone(),
                quantity_per: rng.random_range(1..=3) as f64,
                scrap: if rng.random_bool(0.3) { 0.05 } else { 0.0 },
            });
            d.routings.push(Routing {
                item: component.clone(),
                resource: format!("R-{plant}"),
                hours_per_unit: 0.1,
            });
            parent = component;
        }
        let leaf = format!("B{f}");
        d.items
            .push(item(&leaf, "PARTS", ItemType::Purchased, 0.0, 3.0, uom));
        d.bom.push(BomLine {
            parent: parent.clone(),
            component: leaf.clone(),
            quantity_per: rng.random_range(1..=4) as f64,
            scrap: 0.0,
        });
        buy(&mut d, &mut rng, &leaf, &plant);
        if shape.shared_component {
            d.bom.push(BomLine {
                parent: code.clone(),
                component: "SHARED".into(),
                quantity_per: 1.0,
                scrap: 0.0,
            });
            buy(&mut d, &mut rng, "SHARED", &plant);
        }
        d.routings.push(Routing {
            item: code.clone(),
            resource: format!("R-{plant}"),
            hours_per_unit,
        });
        // Sales at every DC (and sometimes at the plant itself).
        let mut outlets: Vec<&String> = dcs.iter().collect();
        if rng.random_bool(0.2) {
            outlets.push(&plants[f % plants.len()]);
        }
        let base: f64 = rng.random_range(5.0..200.0);
        for outlet in outlets {
            for month in 0..history {
                let quantity = if shape.intermittent {
                    if rng.random_bool(0.25) {
                        (base * rng.random_range(0.5..3.0)).round()
                    } else {
                        0.0
                    }
                } else {
                    let season = 1.0 + 0.4 * (month as f64 * std::f64::consts::TAU / 12.0).sin();
                    (base * season * rng.random_range(0.8..1.2)).round()
                };
                if quantity > 0.0 {
                    d.sales.push(SalesRecord {
                        item: code.clone(),
                        location: outlet.clone(),
                        customer: "C1".into(),
                        bucket: calendar.label(month),
                        quantity,
                    });
                }
            }
            expected_hours[f % plants.len()] += base * hours_per_unit;
            if shape.ample_stock {
                d.on_hand.push(OnHand {
                    item: code.clone(),
                    location: outlet.clone(),
                    quantity: (base * 3.0).round(),
                });
            }
            if rng.random_bool(0.2) {
                d.inventory_policy.push(InventoryPolicy {
                    item: code.clone(),
                    location: outlet.clone(),
                    safety_stock: Some(rng.random_range(0..50) as f64),
                    ..InventoryPolicy::default()
                });
            }
        }
        if shape.ample_stock {
            d.on_hand.push(OnHand {
                item: leaf.clone(),
                location: plant.clone(),
                quantity: (base * 10.0).round(),
            });
        }
        if rng.random_bool(0.3) {
            d.open_orders.push(OpenOrder {
                id: format!("PO-{f}"),
                kind: OrderKind::Purchase,
                item: leaf.clone(),
                location: plant.clone(),
                from: None,
                supplier: d
                    .supplier_items
                    .iter()
                    .find(|t| t.item == leaf && t.location == plant)
                    .map(|t| t.supplier.clone()),
                quantity: (base * 2.0).round(),
                due: calendar.label(history + rng.random_range(0..horizon)),
            });
        }
    }
    for (p, plant) in plants.iter().enumerate() {
        d.resources.push(Resource {
            code: format!("R-{plant}"),
            name: format!("Assembly {plant}"),
            location: plant.clone(),
            hours_per_bucket: (expected_hours[p] * shape.capacity).max(1.0).round(),
            efficiency: 0.9,
        });
        for dc in &dcs {
            d.lanes.push(Lane {
                from: plant.clone(),
                to: dc.clone(),
                lead_time: rng.random_range(0..=6),
                lead_time_sd: 0.0,
                unit_cost: rng.random_range(0.5..3.0),
            });
        }
    }
    d
}

fn config(strategy: FamilyStrategy, constrained: bool) -> CycleConfig {
    CycleConfig {
        forecast_method: ForecastMethod::SeasonalNaive,
        constrained_plan: constrained,
        constrained: ConstrainedPlanConfig {
            strategy,
            ..Default::default()
        },
    }
}

const STRATEGIES: [(FamilyStrategy, bool); 4] = [
    (FamilyStrategy::Optimal, true),
    (FamilyStrategy::Level, true),
    (FamilyStrategy::Chase, true),
    (FamilyStrategy::Optimal, false),
];

/// Runs the cycle on `dataset` under every strategy; the violations found, if any.
fn violations(dataset: &Dataset) -> Vec<String> {
    let mut found = Vec::new();
    for (strategy, constrained) in STRATEGIES {
        let plan = run_cycle(dataset, &config(strategy, constrained), &mut |_| {});
        for violation in plan_check::check(dataset, &plan) {
            found.push(format!(
                "{strategy:?} (constrained {constrained}) {}: {}",
                violation.invariant, violation.message
            ));
        }
        let stated = plan
            .exceptions
            .iter()
            .filter(|e| e.code == "plan_invariant")
            .count();
        if stated > 0 && found.is_empty() {
            found.push(format!(
                "{strategy:?}: the cycle reported {stated} violations"
            ));
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_random_company_plan_adds_up(shape in shapes()) {
        let dataset = company(&shape);
        let found = violations(&dataset);
        prop_assert!(found.is_empty(), "{shape:?}\n{}", found.join("\n"));
    }
}

#[test]
fn a_random_company_plans_the_same_twice() {
    let shape = Shape {
        plants: 2,
        dcs: 3,
        finished: 5,
        bom_depth: 4,
        shared_component: true,
        capacity: 0.6,
        ample_stock: false,
        intermittent: false,
        by_weight: false,
        seed: 7,
    };
    let dataset = company(&shape);
    for (strategy, constrained) in STRATEGIES {
        let config = config(strategy, constrained);
        let first = run_cycle(&dataset, &config, &mut |_| {});
        let second = run_cycle(&dataset, &config, &mut |_| {});
        assert!(first == second, "{strategy:?} is not deterministic");
    }
}
