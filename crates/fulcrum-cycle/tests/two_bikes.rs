//! Regression: the company a new user first tried (issue 8), two bikes sharing a
//! wheel assembly, one plant, one distribution centre, one supplier, 24 months of
//! seasonal sales, a three-month frame lead time and no component stock. Its plan
//! contradicted itself: the plant's projected inventory fell to −921 and −605 while
//! the distribution centre sat at its safety stock, an exception said 453 units were
//! "never made" in a month whose demand was 237, and the KPI tile said 0 overloaded
//! resource-buckets beside a heat-map saying "3 of 36".

use fulcrum_core::{
    BomLine, Calendar, Customer, Dataset, HierarchyNode, Item, ItemType, KeyFigure, Lane, Location,
    LocationKind, Resource, Routing, SalesRecord, Settings, StandardCost, Supplier, SupplierItem,
    YearMonth,
};
use fulcrum_cycle::constrained_plan_stage::ConstrainedPlanConfig;
use fulcrum_cycle::{CycleConfig, plan_check, run_cycle};
use fulcrum_report::{ReportInput, render_html};
use fulcrum_supply::family_plan::FamilyStrategy;

fn node(code: &str, parent: Option<&str>) -> HierarchyNode {
    HierarchyNode {
        code: code.into(),
        name: code.into(),
        parent: parent.map(Into::into),
    }
}

fn item(code: &str, family: &str, item_type: ItemType, price: f64, cost: f64, lead: u32) -> Item {
    Item {
        code: code.into(),
        name: code.into(),
        family: family.into(),
        uom: "EA".into(),
        item_type,
        price,
        cost: StandardCost {
            material: cost,
            labour: 0.0,
            overhead: 0.0,
        },
        lead_time: lead,
        launch: None,
    }
}

fn two_bikes() -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 24, 18).expect("calendar");
    let mut d = Dataset::empty(Settings {
        company: "Two bikes".into(),
        currency: "EUR".into(),
        calendar: calendar.clone(),
    });
    d.families = vec![node("BIKES", None), node("PARTS", None)];
    d.regions = vec![node("EU", None)];
    d.channels = vec![node("SHOPS", None)];
    d.customers = vec![Customer {
        code: "SHOP".into(),
        name: "Bike shops".into(),
        channel: "SHOPS".into(),
    }];
    d.items = vec![
        item("FG-CITY", "BIKES", ItemType::Finished, 600.0, 300.0, 1),
        item("FG-TREK", "BIKES", ItemType::Finished, 900.0, 450.0, 1),
        item("WHEEL", "PARTS", ItemType::Intermediate, 0.0, 40.0, 1),
        item("FRAME", "PARTS", ItemType::Purchased, 0.0, 80.0, 0),
        item("RIM", "PARTS", ItemType::Purchased, 0.0, 10.0, 0),
    ];
    d.locations = vec![
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
    d.resources = vec![Resource {
        code: "ASSEMBLY".into(),
        name: "Assembly".into(),
        location: "P1".into(),
        hours_per_bucket: 160.0,
        efficiency: 1.0,
    }];
    d.routings = ["FG-CITY", "FG-TREK", "WHEEL"]
        .iter()
        .map(|code| Routing {
            item: (*code).into(),
            resource: "ASSEMBLY".into(),
            hours_per_unit: if *code == "WHEEL" { 0.1 } else { 0.5 },
        })
        .collect();
    let bom = |parent: &str, component: &str, quantity_per: f64| BomLine {
        parent: parent.into(),
        component: component.into(),
        quantity_per,
        scrap: 0.0,
    };
    d.bom = vec![
        bom("FG-CITY", "WHEEL", 2.0),
        bom("FG-CITY", "FRAME", 1.0),
        bom("FG-TREK", "WHEEL", 2.0),
        bom("FG-TREK", "FRAME", 1.0),
        bom("WHEEL", "RIM", 1.0),
    ];
    d.suppliers = vec![Supplier {
        code: "S1".into(),
        name: "Supplier".into(),
    }];
    let terms = |item: &str, lead_time| SupplierItem {
        supplier: "S1".into(),
        item: item.into(),
        location: "P1".into(),
        lead_time,
        lead_time_sd: 0.0,
        min_order: 0.0,
        order_multiple: 0.0,
        unit_cost: 10.0,
    };
    d.supplier_items = vec![terms("FRAME", 3), terms("RIM", 1)];
    d.lanes = vec![Lane {
        from: "P1".into(),
        to: "D1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 5.0,
    }];
    for month in 0..24 {
        let season = 1.0 + 0.5 * (month as f64 * std::f64::consts::TAU / 12.0).sin();
        for (code, base) in [("FG-CITY", 150.0), ("FG-TREK", 90.0)] {
            d.sales.push(SalesRecord {
                item: code.into(),
                location: "D1".into(),
                customer: "SHOP".into(),
                bucket: calendar.label(month),
                quantity: (base * season).round(),
            });
        }
    }
    d
}

#[test]
fn two_bikes_sharing_a_wheel_assembly_plan_adds_up() {
    let dataset = two_bikes();
    for strategy in [
        FamilyStrategy::Optimal,
        FamilyStrategy::Level,
        FamilyStrategy::Chase,
    ] {
        let config = CycleConfig {
            constrained: ConstrainedPlanConfig {
                strategy,
                ..Default::default()
            },
            ..Default::default()
        };
        let plan = run_cycle(&dataset, &config, &mut |_| {});
        let violations = plan_check::check(&dataset, &plan);
        assert!(violations.is_empty(), "{strategy:?}: {violations:#?}");
        // The plant never goes below zero to ship to the DC.
        for bike in ["FG-CITY", "FG-TREK"] {
            let plant = plan
                .series(&fulcrum_core::SeriesKey::item_location(
                    KeyFigure::ProjectedInventory,
                    bike,
                    "P1",
                ))
                .expect("the plant buffer");
            assert!(
                plant.values.iter().all(|&units| units >= 0.0),
                "{strategy:?} {bike}: {:?}",
                plant.values
            );
        }
        // No exception loses more of a month's starts than were due in it.
        for exception in plan.exceptions.iter().filter(|e| e.code == "lost_sales") {
            let numbers: Vec<f64> = exception
                .message
                .split(": ")
                .nth(1)
                .unwrap_or("")
                .split(' ')
                .filter_map(|word| word.replace(',', "").parse().ok())
                .collect();
            assert!(
                numbers.len() >= 2 && numbers[0] <= numbers[1],
                "{}",
                exception.message
            );
        }
        // The KPI tile and the heat-map count overloads the same way.
        let html = render_html(&ReportInput {
            company: "Two bikes",
            currency: "EUR",
            version_name: "test",
            plan: &plan,
        });
        let overloaded = plan.kpi("overloaded_buckets").expect("KPI").value;
        let heading = format!("{overloaded} of 18 resource-months overloaded");
        assert!(html.contains(&heading), "{strategy:?}: no '{heading}'");
        // Every planned order is in whole bikes, wheels, frames and rims.
        assert!(
            plan.planned_orders
                .iter()
                .all(|o| o.quantity == o.quantity.round())
        );
    }
}
