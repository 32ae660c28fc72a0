//! Random hierarchies and random edit sequences: every aggregate is the sum of its
//! children and of its leaves, a typed total is met, undo of the last change
//! restores the state bit for bit, and replay equals incremental application.

use fulcrum_core::{
    Calendar, Customer, Dataset, HierarchyNode, Item, ItemType, Location, LocationKind,
    SalesRecord, Settings, StandardCost, YearMonth,
};
use fulcrum_workspace::{
    Change, ChangeKind, Combine, ConsensusRule, Event, EventKind, Grain, Layer, NodeSelector,
    OneTime, Period, PlanningHierarchy, Quantity, Spread, Workspace, WorkspaceConfig, replay,
};
use fulcrum_workspace::{DemandBase, hierarchy::Tree};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Company {
    /// parent index (into groups) of each group after the first `n_roots`
    group_parents: Vec<usize>,
    n_roots: usize,
    /// (group, discrete) of each item
    items: Vec<(usize, bool)>,
    n_locations: usize,
    n_customers: usize,
    /// (item, location, customer) sold
    sales: Vec<(usize, usize, usize)>,
    stat_seed: Vec<u8>,
    combines: Vec<u8>,
}

fn company() -> impl Strategy<Value = Company> {
    (1usize..3, prop::collection::vec(0usize..8, 0..4)).prop_flat_map(|(n_roots, parents)| {
        let n_groups = n_roots + parents.len();
        (
            prop::collection::vec((0..n_groups, any::<bool>()), 1..6),
            1usize..3,
            1usize..3,
            prop::collection::vec((0usize..6, 0usize..3, 0usize..3), 1..10),
            prop::collection::vec(0u8..6, 64),
            prop::collection::vec(0u8..3, 3),
        )
            .prop_map(
                move |(items, n_locations, n_customers, sales, stat_seed, combines)| Company {
                    group_parents: parents
                        .iter()
                        .enumerate()
                        .map(|(k, &p)| p % (n_roots + k))
                        .collect(),
                    n_roots,
                    items,
                    n_locations,
                    n_customers,
                    sales,
                    stat_seed,
                    combines,
                },
            )
    })
}

#[derive(Debug, Clone)]
enum Op {
    Set {
        role: usize,
        node: usize,
        grain: u8,
        index: usize,
        value: u8,
        spread: u8,
    },
    Lock {
        node: usize,
        index: usize,
        unlock: bool,
    },
    Event {
        node: usize,
        index: usize,
        pct: i8,
    },
    UndoLast,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..3, 0usize..32, 0u8..3, 0usize..4, 0u8..6, 0u8..3).prop_map(
            |(role, node, grain, index, value, spread)| Op::Set { role, node, grain, index, value, spread }
        ),
        1 => (0usize..32, 0usize..6, any::<bool>()).prop_map(|(node, index, unlock)| Op::Lock { node, index, unlock }),
        1 => (0usize..32, 0usize..6, -50i8..80).prop_map(|(node, index, pct)| Op::Event { node, index, pct }),
        1 => Just(Op::UndoLast),
    ]
}

fn node(code: String, parent: Option<String>) -> HierarchyNode {
    HierarchyNode {
        name: code.clone(),
        code,
        parent,
    }
}

fn build(c: &Company) -> (Workspace, Vec<NodeSelector>) {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 2).expect("month"), 12, 18).expect("calendar");
    let mut data = Dataset::empty(Settings {
        company: "P".into(),
        currency: "EUR".into(),
        calendar,
    });
    for g in 0..c.n_roots {
        data.families.push(node(format!("G{g}"), None));
    }
    for (k, &p) in c.group_parents.iter().enumerate() {
        data.families
            .push(node(format!("G{}", c.n_roots + k), Some(format!("G{p}"))));
    }
    for (i, &(group, discrete)) in c.items.iter().enumerate() {
        data.items.push(Item {
            code: format!("I{i}"),
            name: String::new(),
            family: format!("G{group}"),
            uom: if discrete { "EA" } else { "KG" }.into(),
            item_type: ItemType::Finished,
            price: 1.0 + i as f64,
            cost: StandardCost::default(),
            lead_time: 0,
            launch: None,
        });
    }
    data.regions = vec![
        node("R".into(), None),
        node("R0".into(), Some("R".into())),
        node("R1".into(), Some("R".into())),
    ];
    data.channels = vec![node("CH".into(), None)];
    for l in 0..c.n_locations {
        data.locations.push(Location {
            code: format!("L{l}"),
            name: String::new(),
            kind: LocationKind::DistributionCentre,
            region: format!("R{}", l % 2),
        });
    }
    for k in 0..c.n_customers {
        data.customers.push(Customer {
            code: format!("C{k}"),
            name: String::new(),
            channel: "CH".into(),
        });
    }
    for &(i, l, k) in &c.sales {
        data.sales.push(SalesRecord {
            item: format!("I{}", i % c.items.len()),
            location: format!("L{}", l % c.n_locations),
            customer: format!("C{}", k % c.n_customers),
            bucket: "2025-03".into(),
            quantity: 5.0,
        });
    }
    let hierarchy = PlanningHierarchy::from_dataset(&data);
    let values = [0.0, 0.5, 3.0, 7.25, 12.0, 1.0 / 3.0];
    let seed = c.stat_seed.clone();
    let base = DemandBase::from_fn(hierarchy, |leaf, bucket| {
        values[seed[(leaf * 7 + bucket) % seed.len()] as usize]
    })
    .expect("base");
    let combine = |k: u8| match k {
        0 => Combine::Override,
        1 => Combine::Adjustment,
        _ => Combine::WeightedBlend(0.5),
    };
    let config = WorkspaceConfig {
        roles: vec!["a".into(), "b".into(), "c".into()],
        default_rule: ConsensusRule {
            per_role: c.combines.iter().map(|&k| combine(k)).collect(),
        },
        family_rules: [(
            "G0".to_string(),
            ConsensusRule::uniform(3, Combine::Adjustment),
        )]
        .into(),
    };
    let mut selectors = vec![NodeSelector::all()];
    for family in &data.families {
        selectors.push(NodeSelector::product(&family.code));
    }
    for item in &data.items {
        selectors.push(NodeSelector::product(&item.code));
    }
    selectors.push(NodeSelector {
        location: Some("R0".into()),
        ..NodeSelector::default()
    });
    selectors.push(NodeSelector {
        product: Some("G0".into()),
        location: Some("R1".into()),
        customer: Some("C0".into()),
    });
    (Workspace::new(base, config).expect("workspace"), selectors)
}

/// Children of every group of a tree.
fn children(tree: &Tree) -> Vec<(String, Vec<String>)> {
    tree.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_member)
        .map(|(id, n)| {
            let kids = tree
                .nodes
                .iter()
                .filter(|k| k.parent == Some(id))
                .map(|k| k.code.clone())
                .collect();
            (n.code.clone(), kids)
        })
        .collect()
}

fn check_aggregates(ws: &Workspace) -> Result<(), TestCaseError> {
    let h = ws.hierarchy();
    for period in [
        Period::month(0),
        Period::quarter(0),
        Period::quarter(2),
        Period::year(1),
    ] {
        for layer in [
            Layer::Consensus,
            Layer::Through("b".into()),
            Layer::role("a"),
        ] {
            // a node is the sum of its children
            for (group, kids) in children(&h.product) {
                if h.select(&NodeSelector::product(&group))
                    .expect("select")
                    .is_empty()
                {
                    continue;
                }
                let total = ws
                    .value(&layer, &NodeSelector::product(&group), period)
                    .expect("value");
                let sum: f64 = kids
                    .iter()
                    .filter(|k| {
                        !h.select(&NodeSelector::product(k))
                            .expect("select")
                            .is_empty()
                    })
                    .map(|k| {
                        ws.value(&layer, &NodeSelector::product(k), period)
                            .expect("value")
                    })
                    .sum();
                prop_assert!(
                    (total - sum).abs() <= 1e-9 * total.abs().max(1.0),
                    "{group}: {total} vs {sum}"
                );
            }
            // the total is the exact sum of its leaves
            let range = fulcrum_workspace::grain::buckets(h.calendar(), period).expect("period");
            let mut leaf_sum = 0.0;
            for leaf in 0..h.len() {
                for b in range.clone() {
                    leaf_sum += ws.cell(&layer, leaf, b).expect("cell").unwrap_or(0.0);
                }
            }
            let total = ws
                .value(&layer, &NodeSelector::all(), period)
                .expect("value");
            prop_assert_eq!(total.to_bits(), leaf_sum.to_bits());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_aggregates_and_replay_equal(c in company(), ops in prop::collection::vec(op(), 1..14)) {
        let (mut ws, selectors) = build(&c);
        let fresh = ws.clone();
        let mut next_event = 1;
        for op in ops {
            let revision = ws.revision();
            let before = ws.clone();
            let kind = match &op {
                Op::Set { role, node, grain, index, value, spread } => {
                    let grain = [Grain::Month, Grain::Quarter, Grain::Year][*grain as usize];
                    ChangeKind::SetValue {
                        layer: Layer::role(["a", "b", "c"][*role]),
                        selector: selectors[node % selectors.len()].clone(),
                        period: Period { grain, index: *index },
                        value: [0.0, 1.0, 5.0, 17.0, 100.5, 1000.0 / 3.0][*value as usize],
                        spread: [Spread::default(), Spread::Equal, Spread::Proportional(fulcrum_workspace::Basis::Statistical)][*spread as usize].clone(),
                    }
                }
                Op::Lock { node, index, unlock } => {
                    let selector = selectors[node % selectors.len()].clone();
                    let period = Period::month(*index);
                    if *unlock { ChangeKind::Unlock { selector, period } } else { ChangeKind::Lock { selector, period } }
                }
                Op::Event { node, index, pct } => {
                    next_event += 1;
                    ChangeKind::AddEvent(Event {
                        id: next_event,
                        name: String::new(),
                        active: true,
                        kind: EventKind::OneTime(OneTime {
                            selector: selectors[node % selectors.len()].clone(),
                            start: 12 + index,
                            end: 14 + index,
                            quantity: Quantity::Percent(f64::from(*pct)),
                        }),
                    })
                }
                Op::UndoLast => ChangeKind::Undo { change: revision },
            };
            let change = Change {
                id: revision + 1,
                author: "p".into(),
                at: String::new(),
                reason_code: String::new(),
                comment: String::new(),
                base_revision: revision,
                kind: kind.clone(),
            };
            let result = ws.apply(change);
            match (&result, &kind) {
                (Err(_), _) => prop_assert!(ws.same_state(&before), "a refused change changed nothing"),
                (Ok(_), ChangeKind::SetValue { layer: Layer::Role(role), selector, period, value, .. }) => {
                    let through = ws.value(&Layer::Through(role.clone()), selector, *period).expect("value");
                    prop_assert!((through - value).abs() <= 1e-9 * value.max(1.0), "{through} vs {value}");
                }
                _ => {}
            }
            if result.is_ok() && !matches!(kind, ChangeKind::Undo { .. }) {
                // undoing it right away restores the state bit for bit
                let mut undone = ws.clone();
                let id = ws.revision();
                undone
                    .apply(Change {
                        id: id + 1,
                        author: "p".into(),
                        at: String::new(),
                        reason_code: String::new(),
                        comment: String::new(),
                        base_revision: id,
                        kind: ChangeKind::Undo { change: id },
                    })
                    .expect("undo of the last change");
                prop_assert!(undone.same_state(&before));
            }
            check_aggregates(&ws)?;
        }
        let changes: Vec<Change> = ws.log().iter().map(|a| a.change.clone()).collect();
        let replayed = replay(fresh.base().clone(), fresh.config().clone(), &changes).expect("replay");
        prop_assert!(replayed.same_state(&ws));
        let mut recomputed = ws.clone();
        recomputed.recompute_consensus();
        prop_assert!(recomputed.same_state(&ws));
    }
}
