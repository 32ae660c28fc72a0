//! Deployment on a hand-built network: plant P1 makes A (no production possible in the
//! first buckets: the master schedule fixes its receipts), and ships it to D1 and D2
//! along one-bucket lanes. Every figure is computed by hand in the comments.

use std::collections::BTreeMap;

use fulcrum_core::{
    Calendar, Dataset, Item, ItemType, Lane, Location, LocationKind, OnHand, OrderKind, Resource,
    Routing, Settings, StandardCost, YearMonth,
};
use fulcrum_supply::deployment::deploy;
use fulcrum_supply::mrp::{MrpInput, MrpPlan, run_mrp};

const HORIZON: usize = 18;
const FIRST: usize = 12;

fn location(code: &str, kind: LocationKind) -> Location {
    Location {
        code: code.into(),
        name: code.into(),
        kind,
        region: "EU".into(),
    }
}

fn lane(to: &str) -> Lane {
    Lane {
        from: "P1".into(),
        to: to.into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 1.0,
    }
}

fn network(uom: &str) -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, HORIZON).expect("calendar");
    let mut dataset = Dataset::empty(Settings {
        company: "Test".into(),
        currency: "EUR".into(),
        calendar,
    });
    dataset.items = vec![Item {
        code: "A".into(),
        name: "A".into(),
        family: "ALL".into(),
        uom: uom.into(),
        item_type: ItemType::Finished,
        price: 10.0,
        cost: StandardCost {
            material: 1.0,
            labour: 0.0,
            overhead: 0.0,
        },
        lead_time: 0,
        launch: None,
    }];
    dataset.locations = vec![
        location("P1", LocationKind::Plant),
        location("D1", LocationKind::DistributionCentre),
        location("D2", LocationKind::DistributionCentre),
    ];
    dataset.resources = vec![Resource {
        code: "R1".into(),
        name: "Line".into(),
        location: "P1".into(),
        hours_per_bucket: 100.0,
        efficiency: 1.0,
    }];
    dataset.routings = vec![Routing {
        item: "A".into(),
        resource: "R1".into(),
        hours_per_unit: 1.0,
    }];
    dataset.lanes = vec![lane("D1"), lane("D2")];
    dataset.on_hand = vec![OnHand {
        item: "A".into(),
        location: "P1".into(),
        quantity: 25.0,
    }];
    dataset
}

/// D1 needs 30 and D2 10 in t1 (so both transfers leave in t0); P1 holds 25 and makes
/// 20 more, arriving in t1 (the master schedule).
fn plan(uom: &str) -> (Dataset, MrpPlan) {
    let dataset = network(uom);
    let mut demand = BTreeMap::new();
    let mut d1 = vec![0.0; HORIZON];
    d1[1] = 30.0;
    let mut d2 = vec![0.0; HORIZON];
    d2[1] = 10.0;
    demand.insert(("A".to_string(), "D1".to_string()), d1);
    demand.insert(("A".to_string(), "D2".to_string()), d2);
    let mut schedule = BTreeMap::new();
    let mut receipts = vec![0.0; HORIZON];
    receipts[1] = 20.0;
    schedule.insert(("A".to_string(), "P1".to_string()), receipts);
    let requirements = run_mrp(&MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &BTreeMap::new(),
        lot_policies: &BTreeMap::new(),
        pegging: true,
        master_schedule: &schedule,
    });
    // MRP alone ships 40 from a plant holding 25: it goes 15 below zero.
    let plant = |plan: &MrpPlan| {
        plan.buffers
            .iter()
            .find(|b| b.location == "P1")
            .expect("P1")
            .projected_inventory[..2]
            .to_vec()
    };
    assert_eq!(plant(&requirements), vec![-15.0, 5.0]);
    let deployed = deploy(&dataset, requirements);
    assert_eq!(plant(&deployed), vec![0.0, 5.0]);
    (dataset, deployed)
}

fn transfers(plan: &MrpPlan) -> Vec<(String, usize, usize, f64)> {
    plan.planned_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Transfer)
        .map(|o| {
            (
                o.location.clone(),
                o.release - FIRST,
                o.due - FIRST,
                o.quantity,
            )
        })
        .collect()
}

/// In t0 P1 holds 25 for the 40 asked: fair shares 25 × 30/40 = 18.75 and 25 × 10/40
/// = 6.25. In whole units, largest remainder: 18 + 6 = 24, and the last unit goes to
/// the larger remainder (0.75, D1): 19 and 6. In t1 P1 receives 20: the 11 and 4 still
/// waiting ship in full, and 5 are left.
#[test]
fn a_short_plant_shares_what_it_holds_fairly_in_whole_units() {
    let (_, plan) = plan("EA");
    assert_eq!(
        transfers(&plan),
        vec![
            ("D1".into(), 0, 1, 19.0),
            ("D1".into(), 1, 2, 11.0),
            ("D2".into(), 0, 1, 6.0),
            ("D2".into(), 1, 2, 4.0),
        ]
    );
    // D1 receives 19 of its 30 in t1 and the rest in t2: 11 short in t1.
    let d1 = plan
        .buffers
        .iter()
        .find(|b| b.location == "D1")
        .expect("D1");
    assert_eq!(d1.projected_inventory[..3], [0.0, -11.0, 0.0]);
    let stockouts: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "stockout")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        stockouts,
        vec![
            "A at D1 runs out in 2026-02, 11 units short at worst: P1 delivers 19 of the 30 units asked of it by then (what P1 holds is shared fairly among the locations it supplies).",
            "A at D2 runs out in 2026-02, 4 units short at worst: P1 delivers 6 of the 10 units asked of it by then (what P1 holds is shared fairly among the locations it supplies).",
        ]
    );
    // Pegs go with the parts: each part is pegged to its own units of D1's demand.
    for (order, pegs) in plan.planned_orders.iter().zip(&plan.pegging) {
        let pegged: f64 = pegs.iter().map(|p| p.quantity).sum();
        assert!(pegged <= order.quantity + 1e-9, "{order:?}");
    }
}

/// By weight the shares are exact: 18.75 and 6.25 leave in t0, 11.25 and 3.75 in t1.
#[test]
fn by_weight_the_shares_are_exact() {
    let (_, plan) = plan("KG");
    assert_eq!(
        transfers(&plan),
        vec![
            ("D1".into(), 0, 1, 18.75),
            ("D1".into(), 1, 2, 11.25),
            ("D2".into(), 0, 1, 6.25),
            ("D2".into(), 1, 2, 3.75),
        ]
    );
}

/// A plant that holds enough ships everything as MRP planned it.
#[test]
fn a_plant_that_holds_enough_changes_nothing() {
    let mut dataset = network("EA");
    dataset.on_hand[0].quantity = 100.0;
    let mut demand = BTreeMap::new();
    let mut d1 = vec![0.0; HORIZON];
    d1[1] = 30.0;
    demand.insert(("A".to_string(), "D1".to_string()), d1);
    let requirements = run_mrp(&MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &BTreeMap::new(),
        lot_policies: &BTreeMap::new(),
        pegging: true,
        master_schedule: &BTreeMap::new(),
    });
    let deployed = deploy(&dataset, requirements.clone());
    assert_eq!(deployed, requirements);
}
