//! Leaves and selectors on the test company.

mod common;

use fulcrum_workspace::{NodeSelector, grain, grain::Grain};

fn check(selector: NodeSelector, expected: &[&str]) {
    let ws = common::workspace();
    let h = ws.hierarchy();
    let got: Vec<String> = h
        .select(&selector)
        .expect("select")
        .into_iter()
        .map(|leaf| {
            let (i, l, c) = h.leaf_codes(leaf);
            format!("{i}·{l}·{c}")
        })
        .collect();
    assert_eq!(got, expected, "{}", selector.describe());
}

#[test]
fn selectors_pick_the_leaves_under_their_nodes() {
    check(
        NodeSelector::all(),
        &[
            "C1·DC1·SHOP",
            "C1·DC2·WEB",
            "N1·DC1·SHOP",
            "N1·DC2·WEB",
            "R1·DC1·SHOP",
            "R2·DC1·SHOP",
            "P1·DC1·SHOP",
            "P2·DC1·SHOP",
        ],
    );
    check(
        NodeSelector::product("ROAD"),
        &["R1·DC1·SHOP", "R2·DC1·SHOP"],
    );
    check(
        NodeSelector::product("PARTS"),
        &["P1·DC1·SHOP", "P2·DC1·SHOP"],
    );
    check(
        NodeSelector {
            customer: Some("ONLINE".into()),
            ..NodeSelector::default()
        },
        &["C1·DC2·WEB", "N1·DC2·WEB"],
    );
    check(
        NodeSelector {
            product: Some("BIKES".into()),
            location: Some("NORTH".into()),
            customer: Some("SHOP".into()),
        },
        &["C1·DC1·SHOP", "N1·DC1·SHOP", "R1·DC1·SHOP", "R2·DC1·SHOP"],
    );
    check(
        NodeSelector {
            location: Some("DC2".into()),
            ..NodeSelector::default()
        },
        &["C1·DC2·WEB", "N1·DC2·WEB"],
    );
    check(NodeSelector::leaf("P2", "DC2", "SHOP"), &[]);
}

#[test]
fn leaves_carry_units_price_and_top_family() {
    let ws = common::workspace();
    let h = ws.hierarchy();
    let r1 = h.leaf_id("R1", "DC1", "SHOP").expect("leaf");
    let p1 = h.leaf_id("P1", "DC1", "SHOP").expect("leaf");
    assert!(h.leaves()[r1].discrete && !h.leaves()[p1].discrete);
    assert_eq!(h.leaves()[r1].price, 1000.0);
    assert_eq!(h.top_family_code(r1), "BIKES");
    assert_eq!(h.top_family_code(p1), "PARTS");
    assert_eq!(h.leaf_id("R1", "DC2", "SHOP"), None);
    assert_eq!(grain::count(h.calendar(), Grain::Quarter), 8);
}

#[test]
fn unknown_codes_are_named() {
    let ws = common::workspace();
    let err = ws
        .hierarchy()
        .select(&NodeSelector {
            customer: Some("ACME".into()),
            ..NodeSelector::default()
        })
        .expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "customer node 'ACME' is not in the customer hierarchy"
    );
}
