//! The tiny hand-built company shared by the cycle tests (see `tiny_company.rs` for
//! the network and the hand computation), and small lookups the tests share. Each
//! test crate uses part of it.

#![allow(dead_code)]

use fulcrum_core::{
    BomLine, BudgetLine, Calendar, Customer, Dataset, HierarchyNode, InventoryPolicy, Item,
    ItemType, Lane, Location, LocationKind, OnHand, OpenOrder, OrderKind, Resource,
    ResourceCapacity, Routing, SalesRecord, Settings, StandardCost, Supplier, SupplierItem,
    YearMonth,
};
use fulcrum_core::{KeyFigure, Plan, SeriesKey};

fn node(code: &str, parent: Option<&str>) -> HierarchyNode {
    HierarchyNode {
        code: code.into(),
        name: code.into(),
        parent: parent.map(Into::into),
    }
}

fn item(code: &str, family: &str, item_type: ItemType, price: f64, cost: [f64; 3]) -> Item {
    Item {
        code: code.into(),
        name: code.into(),
        family: family.into(),
        uom: "EA".into(),
        item_type,
        price,
        cost: StandardCost {
            material: cost[0],
            labour: cost[1],
            overhead: cost[2],
        },
        lead_time: 1,
        launch: None,
    }
}

/// The tiny company: plant P1, DC D1, FG from SUB and PKG, SUB from RAW.
pub fn tiny_company() -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, 18).expect("calendar");
    let mut dataset = Dataset::empty(Settings {
        company: "Tiny".into(),
        currency: "EUR".into(),
        calendar,
    });
    dataset.families = vec![
        node("BIKES", None),
        node("BIKES-ROAD", Some("BIKES")),
        node("COMPONENTS", None),
    ];
    dataset.regions = vec![node("EU", None)];
    dataset.channels = vec![node("RETAIL", None)];
    dataset.items = vec![
        item(
            "FG",
            "BIKES-ROAD",
            ItemType::Finished,
            100.0,
            [40.0, 10.0, 5.0],
        ),
        item(
            "SUB",
            "COMPONENTS",
            ItemType::Intermediate,
            0.0,
            [12.0, 3.0, 1.0],
        ),
        item(
            "PKG",
            "COMPONENTS",
            ItemType::Purchased,
            0.0,
            [2.0, 0.0, 0.0],
        ),
        item(
            "RAW",
            "COMPONENTS",
            ItemType::Purchased,
            0.0,
            [3.0, 0.0, 0.0],
        ),
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
    dataset.customers = ["C1", "C2"]
        .iter()
        .map(|code| Customer {
            code: (*code).into(),
            name: (*code).into(),
            channel: "RETAIL".into(),
        })
        .collect();
    dataset.resources = vec![Resource {
        code: "R1".into(),
        name: "Assembly".into(),
        location: "P1".into(),
        hours_per_bucket: 100.0,
        efficiency: 0.8,
    }];
    dataset.resource_capacity = vec![ResourceCapacity {
        resource: "R1".into(),
        bucket: "2026-04".into(),
        hours: 25.0,
    }];
    dataset.routings = vec![
        Routing {
            item: "FG".into(),
            resource: "R1".into(),
            hours_per_unit: 0.5,
        },
        Routing {
            item: "SUB".into(),
            resource: "R1".into(),
            hours_per_unit: 0.25,
        },
    ];
    let bom = |parent: &str, component: &str, quantity_per: f64, scrap: f64| BomLine {
        parent: parent.into(),
        component: component.into(),
        quantity_per,
        scrap,
    };
    dataset.bom = vec![
        bom("FG", "SUB", 2.0, 0.0),
        bom("FG", "PKG", 1.0, 0.0),
        bom("SUB", "RAW", 3.0, 0.25),
    ];
    dataset.suppliers = vec![Supplier {
        code: "S1".into(),
        name: "Supplier".into(),
    }];
    let terms = |item: &str, lead_time, min_order, order_multiple, unit_cost| SupplierItem {
        supplier: "S1".into(),
        item: item.into(),
        location: "P1".into(),
        lead_time,
        lead_time_sd: 0.0,
        min_order,
        order_multiple,
        unit_cost,
    };
    dataset.supplier_items = vec![
        terms("PKG", 1, 0.0, 0.0, 2.0),
        terms("RAW", 2, 100.0, 50.0, 3.0),
    ];
    dataset.lanes = vec![Lane {
        from: "P1".into(),
        to: "D1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 1.5,
    }];
    let on_hand = |item: &str, location: &str, quantity| OnHand {
        item: item.into(),
        location: location.into(),
        quantity,
    };
    dataset.on_hand = vec![
        on_hand("FG", "D1", 30.0),
        on_hand("FG", "P1", 5.0),
        on_hand("SUB", "P1", 10.0),
        on_hand("RAW", "P1", 100.0),
    ];
    dataset.open_orders = vec![OpenOrder {
        id: "T-1".into(),
        kind: OrderKind::Transfer,
        item: "FG".into(),
        location: "D1".into(),
        from: Some("P1".into()),
        supplier: None,
        quantity: 15.0,
        due: "2026-02".into(),
    }];
    let sale = |bucket: &str, customer: &str, quantity| SalesRecord {
        item: "FG".into(),
        location: "D1".into(),
        customer: customer.into(),
        bucket: bucket.into(),
        quantity,
    };
    dataset.sales = vec![
        sale("2025-01", "C1", 12.0),
        sale("2025-01", "C2", 8.0),
        sale("2025-06", "C1", 40.0),
        sale("2025-07", "C2", 40.0),
    ];
    dataset.budget = vec![
        BudgetLine {
            family: "BIKES".into(),
            bucket: "2026-01".into(),
            volume: 25.0,
            revenue: 2500.0,
        },
        BudgetLine {
            family: "BIKES-ROAD".into(),
            bucket: "2026-06".into(),
            volume: 40.0,
            revenue: 4000.0,
        },
    ];
    dataset.inventory_policy = vec![InventoryPolicy {
        item: "FG".into(),
        location: "D1".into(),
        safety_stock: Some(10.0),
        ..InventoryPolicy::default()
    }];
    dataset
}

/// A horizon vector (18 buckets) with `values` at the given bucket offsets, zero elsewhere.
pub fn sparse(entries: &[(usize, f64)]) -> Vec<f64> {
    let mut values = vec![0.0; 18];
    for &(bucket, value) in entries {
        values[bucket] = value;
    }
    values
}

/// The values of an item-location series; panics with its name when missing.
pub fn series(plan: &Plan, figure: KeyFigure, item: &str, location: &str) -> Vec<f64> {
    plan.series(&SeriesKey::item_location(figure, item, location))
        .unwrap_or_else(|| panic!("no {figure:?} series for {item}@{location}"))
        .values
        .clone()
}

/// The value of a KPI; panics with its code when missing.
pub fn kpi(plan: &Plan, code: &str) -> f64 {
    plan.kpi(code)
        .unwrap_or_else(|| panic!("no KPI {code}"))
        .value
}
