//! Workspace benchmark: 100,000 leaves × 36 horizon buckets, built synthetically.
//!
//! Times (best of 3) one edit typed at a top family × year and spread over its
//! 10,000 leaves × 12 buckets, and a full consensus recompute over every cell, and
//! prints JSON. Run with
//! `cargo run --release -p fulcrum-workspace --example workspace_bench`.

use std::time::Instant;

use fulcrum_core::{
    Calendar, Customer, Dataset, HierarchyNode, Item, ItemType, Location, LocationKind,
    SalesRecord, Settings, StandardCost, YearMonth,
};
use fulcrum_workspace::{
    Change, ChangeKind, DemandBase, Layer, NodeSelector, Period, PlanningHierarchy, Spread,
    Workspace, WorkspaceConfig,
};

const TOP_FAMILIES: usize = 10;
const SUB_FAMILIES: usize = 10;
const ITEMS_PER_SUB: usize = 100;
const LOCATIONS: usize = 5;
const CUSTOMERS: usize = 2;

fn node(code: String, parent: Option<String>) -> HierarchyNode {
    HierarchyNode {
        name: code.clone(),
        code,
        parent,
    }
}

fn dataset() -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, 36).expect("calendar");
    let mut data = Dataset::empty(Settings {
        company: "Bench".into(),
        currency: "EUR".into(),
        calendar,
    });
    for t in 0..TOP_FAMILIES {
        data.families.push(node(format!("T{t}"), None));
        for s in 0..SUB_FAMILIES {
            data.families
                .push(node(format!("T{t}S{s}"), Some(format!("T{t}"))));
            for i in 0..ITEMS_PER_SUB {
                data.items.push(Item {
                    code: format!("T{t}S{s}I{i}"),
                    name: String::new(),
                    family: format!("T{t}S{s}"),
                    uom: if i % 2 == 0 { "EA" } else { "KG" }.into(),
                    item_type: ItemType::Finished,
                    price: 10.0 + i as f64,
                    cost: StandardCost::default(),
                    lead_time: 0,
                    launch: None,
                });
            }
        }
    }
    data.regions = vec![node("EU".into(), None)];
    data.channels = vec![node("ALL".into(), None)];
    for l in 0..LOCATIONS {
        data.locations.push(Location {
            code: format!("L{l}"),
            name: String::new(),
            kind: LocationKind::DistributionCentre,
            region: "EU".into(),
        });
    }
    for c in 0..CUSTOMERS {
        data.customers.push(Customer {
            code: format!("C{c}"),
            name: String::new(),
            channel: "ALL".into(),
        });
    }
    for item in &data.items {
        for l in 0..LOCATIONS {
            for c in 0..CUSTOMERS {
                data.sales.push(SalesRecord {
                    item: item.code.clone(),
                    location: format!("L{l}"),
                    customer: format!("C{c}"),
                    bucket: "2025-06".into(),
                    quantity: 10.0,
                });
            }
        }
    }
    data
}

fn best_of_3(mut run: impl FnMut(usize)) -> f64 {
    (0..3)
        .map(|round| {
            let start = Instant::now();
            run(round);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let build_start = Instant::now();
    let hierarchy = PlanningHierarchy::from_dataset(&dataset());
    let leaves = hierarchy.len();
    let base = DemandBase::from_fn(hierarchy, |leaf, bucket| {
        ((leaf * 31 + bucket * 17) % 97) as f64 + 0.5
    })
    .expect("base");
    let mut workspace = Workspace::new(base, WorkspaceConfig::default()).expect("workspace");
    let build_ms = build_start.elapsed().as_secs_f64() * 1000.0;

    let family = NodeSelector::product("T3");
    let year = Period::year(1);
    let mut first_edit_ms = 0.0;
    let edit_ms = best_of_3(|round| {
        let revision = workspace.revision();
        let value = 500_000.0 + 1000.0 * round as f64;
        let start = Instant::now();
        let deltas = workspace
            .apply(Change {
                id: revision + 1,
                author: "bench".into(),
                at: "2026-01-01T00:00:00Z".into(),
                reason_code: "bench".into(),
                comment: String::new(),
                base_revision: revision,
                kind: ChangeKind::SetValue {
                    layer: Layer::role("sales"),
                    selector: family.clone(),
                    period: year,
                    value,
                    spread: Spread::default(),
                },
            })
            .expect("edit");
        if round == 0 {
            first_edit_ms = start.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(!deltas.is_empty());
        let total = workspace
            .value(&Layer::Consensus, &family, year)
            .expect("value");
        assert!((total - value).abs() <= 1e-9 * value, "{total} vs {value}");
    });
    let consensus_ms = best_of_3(|_| workspace.recompute_consensus());
    let edit_cells = workspace.hierarchy().select(&family).expect("select").len() * 12;
    println!(
        "{{\"edit_ms\":{edit_ms:.3},\"consensus_ms\":{consensus_ms:.3},\"leaves\":{leaves},\"buckets\":36,\"edit_cells\":{edit_cells},\"first_edit_ms\":{first_edit_ms:.3},\"build_ms\":{build_ms:.1}}}"
    );
}
