//! A small company shared by the integration tests.
//!
//! Calendar: 12 history months (2025), 24 horizon months from 2026-01, so horizon
//! bucket `h` is timeline bucket `12 + h`.
//!
//! Product: BIKES (root) → ROAD {R1, R2}, CITY {C1, N1 (new, launch 2026-03)};
//! PARTS (root) → {P1, P2} in kilograms (continuous). Bikes are each (discrete).
//! Location: EU → NORTH {DC1}, SOUTH {DC2}. Customer: ALLCH → RETAIL {SHOP}, ONLINE {WEB}.
//!
//! Leaves (from sales history): R1·DC1·SHOP, R2·DC1·SHOP, C1·DC1·SHOP, C1·DC2·WEB,
//! P1·DC1·SHOP, P2·DC1·SHOP, plus N1 at the (location, customer) pairs of BIKES:
//! N1·DC1·SHOP, N1·DC2·WEB.

#![allow(dead_code)]

use fulcrum_core::{
    Calendar, Customer, Dataset, HierarchyNode, Item, ItemType, Location, LocationKind,
    SalesRecord, Settings, StandardCost, YearMonth,
};
use fulcrum_workspace::{
    Change, ChangeKind, DemandBase, Layer, NodeSelector, Period, PlanningHierarchy, Spread,
    Workspace, WorkspaceConfig,
};

/// Timeline bucket of horizon month `h`.
pub fn hb(h: usize) -> usize {
    12 + h
}

fn node(code: &str, parent: Option<&str>) -> HierarchyNode {
    HierarchyNode {
        code: code.into(),
        name: code.into(),
        parent: parent.map(String::from),
    }
}

fn item(code: &str, family: &str, uom: &str, price: f64, launch: Option<&str>) -> Item {
    Item {
        code: code.into(),
        name: code.into(),
        family: family.into(),
        uom: uom.into(),
        item_type: ItemType::Finished,
        price,
        cost: StandardCost::default(),
        lead_time: 0,
        launch: launch.map(String::from),
    }
}

/// The company's dataset; `history(item, location, customer, month 1..=12)` gives
/// the 2025 sales of each leaf (every leaf has a record, possibly zero).
pub fn dataset(history: impl Fn(&str, &str, &str, u32) -> f64) -> Dataset {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, 24).expect("calendar");
    let mut data = Dataset::empty(Settings {
        company: "Test".into(),
        currency: "EUR".into(),
        calendar,
    });
    data.families = vec![
        node("BIKES", None),
        node("ROAD", Some("BIKES")),
        node("CITY", Some("BIKES")),
        node("PARTS", None),
    ];
    data.regions = vec![
        node("EU", None),
        node("NORTH", Some("EU")),
        node("SOUTH", Some("EU")),
    ];
    data.channels = vec![
        node("ALLCH", None),
        node("RETAIL", Some("ALLCH")),
        node("ONLINE", Some("ALLCH")),
    ];
    data.items = vec![
        item("R1", "ROAD", "EA", 1000.0, None),
        item("R2", "ROAD", "EA", 800.0, None),
        item("C1", "CITY", "EA", 500.0, None),
        item("N1", "CITY", "EA", 600.0, Some("2026-03")),
        item("P1", "PARTS", "KG", 2.5, None),
        item("P2", "PARTS", "KG", 4.0, None),
    ];
    data.locations = vec![
        Location {
            code: "DC1".into(),
            name: "DC1".into(),
            kind: LocationKind::DistributionCentre,
            region: "NORTH".into(),
        },
        Location {
            code: "DC2".into(),
            name: "DC2".into(),
            kind: LocationKind::DistributionCentre,
            region: "SOUTH".into(),
        },
    ];
    data.customers = vec![
        Customer {
            code: "SHOP".into(),
            name: "Shop".into(),
            channel: "RETAIL".into(),
        },
        Customer {
            code: "WEB".into(),
            name: "Web".into(),
            channel: "ONLINE".into(),
        },
    ];
    for (i, l, c) in [
        ("R1", "DC1", "SHOP"),
        ("R2", "DC1", "SHOP"),
        ("C1", "DC1", "SHOP"),
        ("C1", "DC2", "WEB"),
        ("P1", "DC1", "SHOP"),
        ("P2", "DC1", "SHOP"),
    ] {
        for month in 1..=12 {
            data.sales.push(SalesRecord {
                item: i.into(),
                location: l.into(),
                customer: c.into(),
                bucket: format!("2025-{month:02}"),
                quantity: history(i, l, c, month),
            });
        }
    }
    data
}

/// A workspace on the company with `statistical(item, location, customer, h)` as
/// the statistical forecast of horizon month `h`.
pub fn workspace_with(
    history: impl Fn(&str, &str, &str, u32) -> f64,
    statistical: impl Fn(&str, &str, &str, usize) -> f64,
    config: WorkspaceConfig,
) -> Workspace {
    let hierarchy = PlanningHierarchy::from_dataset(&dataset(history));
    let codes: Vec<(String, String, String)> = (0..hierarchy.len())
        .map(|leaf| {
            let (i, l, c) = hierarchy.leaf_codes(leaf);
            (i.to_string(), l.to_string(), c.to_string())
        })
        .collect();
    let base = DemandBase::from_fn(hierarchy, |leaf, bucket| {
        let (i, l, c) = &codes[leaf];
        statistical(i, l, c, bucket - 12)
    })
    .expect("base");
    Workspace::new(base, config).expect("workspace")
}

/// The default statistical forecast: R1 10, R2 30, C1 20 at each location, P1
/// 1.5, P2 2.5, N1 0 per month.
pub fn default_stat(item: &str, _location: &str, _customer: &str, _h: usize) -> f64 {
    match item {
        "R1" => 10.0,
        "R2" => 30.0,
        "C1" => 20.0,
        "P1" => 1.5,
        "P2" => 2.5,
        _ => 0.0,
    }
}

/// The company with the default forecast, no history and the default config.
pub fn workspace() -> Workspace {
    workspace_with(|_, _, _, _| 0.0, default_stat, WorkspaceConfig::default())
}

/// A change by `author` with id `id` based on `base`.
pub fn change(id: u64, base: u64, author: &str, kind: ChangeKind) -> Change {
    Change {
        id,
        author: author.into(),
        at: format!("2026-01-05T09:{id:02}:00Z"),
        reason_code: "test".into(),
        comment: String::new(),
        base_revision: base,
        kind,
    }
}

/// Typing `value` on `role` at a node and period.
pub fn set(role: &str, selector: NodeSelector, period: Period, value: f64) -> ChangeKind {
    set_spread(role, selector, period, value, Spread::default())
}

/// Typing `value` with a chosen spread.
pub fn set_spread(
    role: &str,
    selector: NodeSelector,
    period: Period,
    value: f64,
    spread: Spread,
) -> ChangeKind {
    ChangeKind::SetValue {
        layer: Layer::role(role),
        selector,
        period,
        value,
        spread,
    }
}

/// Applies a change at the next id, based on the current revision.
pub fn apply(workspace: &mut Workspace, author: &str, kind: ChangeKind) {
    let revision = workspace.revision();
    workspace
        .apply(change(revision + 1, revision, author, kind))
        .expect("change applies");
}

/// The consensus of each (item, location, customer) leaf in horizon months `months`.
pub fn consensus_cells(
    workspace: &Workspace,
    leaves: &[(&str, &str, &str)],
    months: std::ops::Range<usize>,
) -> Vec<Vec<f64>> {
    leaves
        .iter()
        .map(|&(i, l, c)| {
            let leaf = workspace.hierarchy().leaf_id(i, l, c).expect("leaf");
            months
                .clone()
                .map(|h| {
                    workspace
                        .cell(&Layer::Consensus, leaf, hb(h))
                        .expect("cell")
                        .expect("value")
                })
                .collect()
        })
        .collect()
}
