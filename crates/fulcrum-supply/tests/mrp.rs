//! MRP on small hand-built networks, every figure computed by hand in the comments:
//! lot sizing over the net requirements horizon with safety stock, a purchase's
//! minimum and multiple on top of a rule, and pegging through a lane and a BOM level.

use std::collections::BTreeMap;

use fulcrum_core::{
    BomLine, Calendar, Dataset, Item, ItemType, Lane, Location, LocationKind, LotRule, OnHand,
    OrderKind, Resource, Routing, Settings, StandardCost, SupplierItem, YearMonth,
};
use fulcrum_supply::mrp::{
    BufferKey, LotPolicy, MrpInput, MrpPlan, Peg, run_mrp, run_mrp_production,
};

/// The shortest horizon a calendar allows; the cases use its first six buckets.
const HORIZON: usize = 18;
/// Timeline index of the first horizon bucket (2026-01 after a year of history).
const FIRST: usize = 12;

fn item(code: &str, item_type: ItemType) -> Item {
    Item {
        code: code.into(),
        name: code.into(),
        family: "ALL".into(),
        uom: "EA".into(),
        item_type,
        price: 0.0,
        cost: StandardCost {
            material: 1.0,
            labour: 0.0,
            overhead: 0.0,
        },
        lead_time: 1,
        launch: None,
    }
}

/// Plant P1 makes A (1 h on R1, lead time 1) from 2 RAW; RAW is bought from S1 at P1
/// (lead time 1, minimum 100, multiple 50); A ships to DC D1 along a one-bucket lane.
fn network() -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, HORIZON).expect("calendar");
    let mut dataset = Dataset::empty(Settings {
        company: "Test".into(),
        currency: "EUR".into(),
        calendar,
    });
    dataset.items = vec![
        item("A", ItemType::Finished),
        item("RAW", ItemType::Purchased),
    ];
    dataset.locations = vec![
        Location {
            code: "P1".into(),
            name: "Plant".into(),
            kind: LocationKind::Plant,
            region: "EU".into(),
        },
        Location {
            code: "D1".into(),
            name: "DC".into(),
            kind: LocationKind::DistributionCentre,
            region: "EU".into(),
        },
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
    dataset.bom = vec![BomLine {
        parent: "A".into(),
        component: "RAW".into(),
        quantity_per: 2.0,
        scrap: 0.0,
    }];
    dataset.supplier_items = vec![SupplierItem {
        supplier: "S1".into(),
        item: "RAW".into(),
        location: "P1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        min_order: 100.0,
        order_multiple: 50.0,
        unit_cost: 1.0,
    }];
    dataset.lanes = vec![Lane {
        from: "P1".into(),
        to: "D1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 0.0,
    }];
    dataset
}

fn key(item: &str, location: &str) -> BufferKey {
    (item.to_string(), location.to_string())
}

struct Case {
    demand: Vec<(BufferKey, Vec<f64>)>,
    safety_stock: Vec<(BufferKey, f64)>,
    on_hand: Vec<(BufferKey, f64)>,
    lots: Vec<(BufferKey, LotPolicy)>,
}

fn plan(case: Case) -> MrpPlan {
    let mut dataset = network();
    dataset.on_hand = case
        .on_hand
        .iter()
        .map(|((item, location), quantity)| OnHand {
            item: item.clone(),
            location: location.clone(),
            quantity: *quantity,
        })
        .collect();
    let demand: BTreeMap<_, _> = case.demand.into_iter().collect();
    let safety_stock: BTreeMap<_, _> = case.safety_stock.into_iter().collect();
    let lot_policies: BTreeMap<_, _> = case.lots.into_iter().collect();
    run_mrp(&MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &safety_stock,
        lot_policies: &lot_policies,
        pegging: true,
        master_schedule: &BTreeMap::new(),
    })
}

fn buffer<'a>(
    plan: &'a MrpPlan,
    item: &str,
    location: &str,
) -> &'a fulcrum_supply::mrp::BufferPlan {
    plan.buffers
        .iter()
        .find(|b| b.item == item && b.location == location)
        .unwrap_or_else(|| panic!("no buffer {item}@{location}"))
}

fn policy(rule: LotRule, lot_size: f64, order_cost: f64) -> LotPolicy {
    LotPolicy {
        rule,
        lot_size,
        order_cost,
        holding_cost: 1.0,
    }
}

/// Demand for A made and sold at the plant: gross 10, 20, 30, 10, 0, 40; on hand 15;
/// safety stock 5. Lot-for-lot net requirements: t0 15 − 10 = 5 (no shortfall); t1
/// 5 − 20 → 20; t2 → 30; t3 → 10; t4 → 0; t5 → 40, i.e. [0, 20, 30, 10, 0, 40].
fn plant_demand(lots: Option<LotPolicy>) -> MrpPlan {
    plan(Case {
        demand: vec![(key("A", "P1"), vec![10.0, 20.0, 30.0, 10.0, 0.0, 40.0])],
        safety_stock: vec![(key("A", "P1"), 5.0)],
        on_hand: vec![(key("A", "P1"), 15.0), (key("RAW", "P1"), 10_000.0)],
        lots: lots.map(|p| (key("A", "P1"), p)).into_iter().collect(),
    })
}

#[test]
fn lot_rules_plan_over_the_net_requirements_and_keep_safety_stock() {
    // (rule, planned receipts, projected inventory, textbook net requirements)
    type Row = [f64; 6];
    let cases: [(Option<LotPolicy>, Row, Row, Row); 5] = [
        // Lot-for-lot: receipts are the net requirements; inventory sits at 5.
        (
            None,
            [0.0, 20.0, 30.0, 10.0, 0.0, 40.0],
            [5.0; 6],
            [0.0, 20.0, 30.0, 10.0, 0.0, 40.0],
        ),
        // Wagner–Whitin, S = 100, h = 1 over r = (0, 20, 30, 10, 0, 40):
        // f(2) = 100; f(3) = min(200, 100 + 30) = 130; f(4) = min(230, 210, 100 + 30 + 20)
        // = 150; f(5) = 150; f(6) = min(f5 + 100 = 250, f4 + 100 + 40 = 290,
        // f3 + 100 + 80 = 310, f2 + 100 + 130 = 330, 100 + 210 = 310) = 250: one lot of
        // 20 + 30 + 10 = 60 in t1 and one of 40 in t5. Inventory 5, 45, 15, 5, 5, 5; the
        // net requirement of t2 and t3 is 0 because the t1 lot already covers them.
        (
            Some(policy(LotRule::WagnerWhitin, 0.0, 100.0)),
            [0.0, 60.0, 0.0, 0.0, 0.0, 40.0],
            [5.0, 45.0, 15.0, 5.0, 5.0, 5.0],
            [0.0, 20.0, 0.0, 0.0, 0.0, 40.0],
        ),
        // POQ over the 18-bucket horizon: D̄ = 100 / 18 = 5.56 per bucket, EOQ =
        // √(2 · 5.56 · 100 / 1) = 33.3, 33.3 / 5.56 = 6 periods with a requirement per
        // lot, so one lot of 100 in t1 covers all four. Inventory 5, 85, 55, 45, 45, 5.
        (
            Some(policy(LotRule::PeriodOrderQuantity, 0.0, 100.0)),
            [0.0, 100.0, 0.0, 0.0, 0.0, 0.0],
            [5.0, 85.0, 55.0, 45.0, 45.0, 5.0],
            [0.0, 20.0, 0.0, 0.0, 0.0, 0.0],
        ),
        // Fixed lots of 25: t1 needs 20 → 25 (5 over); t2 needs 30 − 5 → 25; t3 needs 10
        // → 25 (15 over); t5 needs 40 − 15 → 25. Inventory 5, 10, 5, 20, 20, 5.
        // Net: t1 5 − 20 → 20; t2 10 − 30 → 25; t3 5 − 10 → 10; t5 20 − 40 → 25.
        (
            Some(policy(LotRule::FixedQuantity, 25.0, 0.0)),
            [0.0, 25.0, 25.0, 25.0, 0.0, 25.0],
            [5.0, 10.0, 5.0, 20.0, 20.0, 5.0],
            [0.0, 20.0, 25.0, 10.0, 0.0, 25.0],
        ),
        // Min/max with min = safety stock 5 and max 40: whenever inventory would fall
        // below 5, order up to 40. t1: 5 − 20 → order 55 (inventory 40); t2: 40 − 30 =
        // 10; t3: 10 − 10 = 0 < 5 → order 40 − 0 = 40; t5: 40 − 40 = 0 → order 40.
        // Inventory 5, 40, 10, 40, 40, 40, and 40 to the end. Net: 20, 0, 5, 0, 5.
        (
            Some(policy(LotRule::MinMax, 40.0, 0.0)),
            [0.0, 55.0, 0.0, 40.0, 0.0, 40.0],
            [5.0, 40.0, 10.0, 40.0, 40.0, 40.0],
            [0.0, 20.0, 0.0, 5.0, 0.0, 5.0],
        ),
    ];
    for (lots, receipts, projected, net) in cases {
        let plan = plant_demand(lots);
        let a = buffer(&plan, "A", "P1");
        assert_eq!(a.planned_receipts[..6], receipts, "{lots:?}");
        assert_eq!(a.projected_inventory[..6], projected, "{lots:?}");
        assert_eq!(a.net_requirements[..6], net, "{lots:?}");
        // Nothing after t5; inventory stays where t5 left it.
        assert!(a.planned_receipts[6..].iter().all(|&q| q == 0.0));
        assert!(
            a.projected_inventory[6..]
                .iter()
                .all(|&q| q == projected[5])
        );
        // Releases are the receipts one bucket earlier (lead time 1).
        let mut releases = receipts[1..].to_vec();
        releases.push(0.0);
        assert_eq!(a.planned_releases[..6], releases, "{lots:?}");
    }
}

/// A sells 30 in t2 and 40 in t3 at D1; nothing on hand anywhere.
/// - A@D1: transfers of 30 due t2 and 40 due t3, released t1 and t2.
/// - A@P1: production of 30 due t1 and 40 due t2, released t0 and t1.
/// - RAW@P1: gross 2 × releases = 60 in t0 and 80 in t1.
fn dc_demand(raw_lots: Option<LotPolicy>) -> MrpPlan {
    let mut demand = vec![0.0; HORIZON];
    demand[2] = 30.0;
    demand[3] = 40.0;
    plan(Case {
        demand: vec![(key("A", "D1"), demand)],
        safety_stock: Vec::new(),
        on_hand: Vec::new(),
        lots: raw_lots
            .map(|p| (key("RAW", "P1"), p))
            .into_iter()
            .collect(),
    })
}

#[test]
fn purchases_round_each_lot_to_the_minimum_and_multiple() {
    // (RAW rule, RAW receipts)
    let cases = [
        // Lot-for-lot: t0 60 → minimum 100 (40 left); t1 80 − 40 = 40 → 100.
        (None, [100.0, 100.0, 0.0, 0.0, 0.0, 0.0]),
        // Wagner–Whitin with S = 1,000, h = 1: one lot of 60 + 80 = 140 in t0 (holding 80
        // < setup 1,000), rounded up to a multiple of 50: 150.
        (
            Some(policy(LotRule::WagnerWhitin, 0.0, 1_000.0)),
            [150.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        ),
    ];
    for (lots, receipts) in cases {
        let plan = dc_demand(lots);
        let raw = buffer(&plan, "RAW", "P1");
        assert_eq!(raw.planned_receipts[..6], receipts);
        assert!(raw.planned_receipts[6..].iter().all(|&q| q == 0.0));
    }
}

#[test]
fn every_planned_order_is_pegged_to_the_demand_it_serves() {
    let plan = dc_demand(None);
    let d1 = plan
        .buffers
        .iter()
        .position(|b| b.item == "A" && b.location == "D1")
        .expect("A@D1");
    let peg = |bucket: usize, demand_quantity: f64, quantity: f64| Peg {
        buffer: d1,
        bucket: Some(FIRST + bucket),
        demand_quantity,
        quantity,
    };
    let pegged: Vec<(&str, &str, usize, f64, Vec<Peg>)> = plan
        .planned_orders
        .iter()
        .zip(&plan.pegging)
        .map(|(order, pegs)| {
            (
                order.item.as_str(),
                order.location.as_str(),
                order.due - FIRST,
                order.quantity,
                pegs.clone(),
            )
        })
        .collect();
    assert_eq!(
        pegged,
        vec![
            // Purchases first (kind order). RAW's first lot of 100 serves the 60 behind
            // A's t2 demand (30 units of A) and 40 of the 80 behind t3 (20 units of A);
            // the second lot serves the other 40 (20 units of A) and leaves 60 as excess.
            (
                "RAW",
                "P1",
                0,
                100.0,
                vec![peg(2, 30.0, 60.0), peg(3, 20.0, 40.0)]
            ),
            ("RAW", "P1", 1, 100.0, vec![peg(3, 20.0, 40.0)]),
            ("A", "P1", 1, 30.0, vec![peg(2, 30.0, 30.0)]),
            ("A", "P1", 2, 40.0, vec![peg(3, 40.0, 40.0)]),
            ("A", "D1", 2, 30.0, vec![peg(2, 30.0, 30.0)]),
            ("A", "D1", 3, 40.0, vec![peg(3, 40.0, 40.0)]),
        ]
    );
    // The first RAW lot is due in the first bucket with a one-bucket lead time, so it
    // is past due, and the exception names whom it serves.
    let past_due: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "release_past_due")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        past_due,
        vec![
            "RAW at P1: supplier S1's 1-month lead time means receipts due in 2026-01 needed release in 2025-12, before the plan starts in 2026-01; 100 units are released in 2026-01 and need expediting. They serve A at D1 in 2026-03 (30), A at D1 in 2026-04 (20)."
        ]
    );
}

#[test]
fn safety_stock_is_pegged_before_demand() {
    // A@P1 with on hand 15, safety stock 5 and lot-for-lot: on hand reserves the 5 of
    // safety stock and serves 10 of t0; the t1 order of 20 serves t1 entirely.
    let plan = plant_demand(None);
    let first_order = plan
        .planned_orders
        .iter()
        .position(|o| o.item == "A" && o.location == "P1")
        .expect("order");
    assert_eq!(plan.planned_orders[first_order].due, FIRST + 1);
    let pegs = &plan.pegging[first_order];
    assert_eq!(pegs.len(), 1);
    assert_eq!((pegs[0].bucket, pegs[0].quantity), (Some(FIRST + 1), 20.0));
}

#[test]
fn a_rule_that_cannot_be_priced_falls_back_to_lot_for_lot_and_says_so() {
    // EOQ needs a holding cost; with none the buffer is sized lot-for-lot.
    let mut free = policy(LotRule::EconomicOrderQuantity, 0.0, 100.0);
    free.holding_cost = 0.0;
    let plan = plant_demand(Some(free));
    assert_eq!(
        buffer(&plan, "A", "P1").planned_receipts[..6],
        [0.0, 20.0, 30.0, 10.0, 0.0, 40.0]
    );
    let messages: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "lot_sizing_fallback")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        messages,
        vec![
            "A at P1: its lot-sizing rule cannot be applied (invalid input `holding_cost`: must be > 0, got 0); lots are sized lot-for-lot."
        ]
    );
}

/// Every past-due release names the lead time that binds it, the months its receipts
/// needed releasing in, and the demands they serve. The lane takes 2 buckets here; A
/// sells 10, 20, 5 at D1 in t0..t2 with no stock anywhere: D1's transfers due t0 and
/// t1 (30) needed release in 2025-11 and 2025-12; all three leave P1 in t0, so P1 must
/// make 35 by t0 (1-month production lead time) from 70 RAW, bought as 100 (minimum).
#[test]
fn past_due_releases_name_the_binding_lead_time() {
    let mut dataset = network();
    dataset.lanes[0].lead_time = 2;
    let demand: BTreeMap<_, _> = [(key("A", "D1"), vec![10.0, 20.0, 5.0])]
        .into_iter()
        .collect();
    let plan = run_mrp(&MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &BTreeMap::new(),
        lot_policies: &BTreeMap::new(),
        pegging: true,
        master_schedule: &BTreeMap::new(),
    });
    let mut past_due: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "release_past_due")
        .map(|e| e.message.as_str())
        .collect();
    past_due.sort_unstable();
    assert_eq!(
        past_due,
        vec![
            "A at D1: the 2-month transit from P1 means receipts due in 2026-01 to 2026-02 needed release in 2025-11 to 2025-12, before the plan starts in 2026-01; 30 units are released in 2026-01 and need expediting. They serve A at D1 in 2026-02 (20), A at D1 in 2026-01 (10).",
            "A at P1: the 1-month production lead time means receipts due in 2026-01 needed release in 2025-12, before the plan starts in 2026-01; 35 units are released in 2026-01 and need expediting. They serve A at D1 in 2026-02 (20), A at D1 in 2026-01 (10), A at D1 in 2026-03 (5).",
            "RAW at P1: supplier S1's 1-month lead time means receipts due in 2026-01 needed release in 2025-12, before the plan starts in 2026-01; 100 units are released in 2026-01 and need expediting. They serve A at D1 in 2026-02 (20), A at D1 in 2026-01 (10), A at D1 in 2026-03 (5).",
        ]
    );
}

/// A material shortage names the component, the bucket it runs out in and, by pegging
/// upward, the independent demands it holds up. RAW has no supplier here and 30 on
/// hand; A sells 10 in t2 and 20 in t3 at D1, so P1 starts 10 A in t0 and 20 in t1,
/// drawing 20 and 40 RAW: on hand covers t0's 20 and 10 of t1's 40, leaving 30 short
/// in t1 (2026-02), three quarters of the RAW behind D1's 20 in t3: 15 units of A.
#[test]
fn a_material_shortage_names_the_demand_it_holds_up() {
    let mut dataset = network();
    dataset.supplier_items.clear();
    dataset.on_hand = vec![OnHand {
        item: "RAW".into(),
        location: "P1".into(),
        quantity: 30.0,
    }];
    let demand: BTreeMap<_, _> = [(key("A", "D1"), vec![0.0, 0.0, 10.0, 20.0])]
        .into_iter()
        .collect();
    let plan = run_mrp(&MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &BTreeMap::new(),
        lot_policies: &BTreeMap::new(),
        pegging: true,
        master_schedule: &BTreeMap::new(),
    });
    let stockouts: Vec<&str> = plan
        .exceptions
        .iter()
        .filter(|e| e.code == "stockout")
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        stockouts,
        vec![
            "RAW at P1 runs out in 2026-02, 30 units short at worst: it has no source (no routing at this location, no lane from its plant and no supplier), so demand of 60 units cannot be replenished. The shortage holds up A at D1 in 2026-04 (15)."
        ]
    );
    assert_eq!(plan.shortages.len(), 1);
    let shortage = &plan.shortages[0];
    assert_eq!(plan.buffers[shortage.buffer].item, "RAW");
    assert_eq!(
        (shortage.first_bucket, shortage.worst, shortage.scheduled),
        (FIRST + 1, 30.0, false)
    );
    assert_eq!(plan.exceptions[shortage.exception].code, "stockout");
    let d1 = plan
        .buffers
        .iter()
        .position(|b| b.item == "A" && b.location == "D1")
        .expect("A@D1");
    assert_eq!(
        shortage.held_up,
        vec![Peg {
            buffer: d1,
            bucket: Some(FIRST + 3),
            demand_quantity: 15.0,
            quantity: 30.0,
        }]
    );
}

/// `run_mrp_production` plans the same records, exceptions and shortages as an
/// unpegged `run_mrp`, and lists its production orders only, in the same order.
#[test]
fn the_production_run_lists_the_same_production_orders() {
    let mut dataset = network();
    dataset.lanes[0].lead_time = 2;
    let demand: BTreeMap<_, _> = [(key("A", "D1"), vec![10.0, 20.0, 5.0, 0.0, 30.0])]
        .into_iter()
        .collect();
    let input = MrpInput {
        dataset: &dataset,
        demand: &demand,
        safety_stock: &BTreeMap::new(),
        lot_policies: &BTreeMap::new(),
        pegging: false,
        master_schedule: &BTreeMap::new(),
    };
    let full = run_mrp(&input);
    let production = run_mrp_production(&MrpInput {
        pegging: true,
        ..input
    });
    let kinds: Vec<OrderKind> = full.planned_orders.iter().map(|o| o.kind).collect();
    for kind in [
        OrderKind::Purchase,
        OrderKind::Production,
        OrderKind::Transfer,
    ] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    assert_eq!(production.buffers, full.buffers);
    assert_eq!(production.exceptions, full.exceptions);
    assert_eq!(production.shortages, full.shortages);
    assert!(production.pegging.is_empty());
    let made: Vec<_> = full
        .planned_orders
        .into_iter()
        .filter(|order| order.kind == OrderKind::Production)
        .collect();
    assert_eq!(production.planned_orders, made);
}
