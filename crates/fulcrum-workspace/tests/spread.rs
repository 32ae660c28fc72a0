//! Edits at any node and period spread down to the leaves: hand-computed cases.

mod common;

use common::*;
use fulcrum_workspace::{
    Basis, ChangeKind, Combine, ConsensusRule, Layer, NodeSelector, Period, Spread,
    WorkspaceConfig, WorkspaceError,
};

const ROAD: [(&str, &str, &str); 2] = [("R1", "DC1", "SHOP"), ("R2", "DC1", "SHOP")];

/// Types `value` on sales at `selector` × first quarter (after `setup`) and
/// checks the consensus of `leaves` in the first three months.
fn check(
    setup: &[ChangeKind],
    edit: ChangeKind,
    leaves: &[(&str, &str, &str)],
    expected: &[[f64; 3]],
) {
    let mut ws = workspace();
    for kind in setup {
        apply(&mut ws, "setup", kind.clone());
    }
    apply(&mut ws, "ana", edit);
    let got = consensus_cells(&ws, leaves, 0..3);
    let expected: Vec<Vec<f64>> = expected.iter().map(|row| row.to_vec()).collect();
    assert_eq!(got, expected);
}

#[test]
fn family_quarter_edit_changes_items_and_sums_exactly() {
    // ROAD Q1 is 3 × (10 + 30) = 120; typing 180 scales every cell by 1.5
    check(
        &[],
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            180.0,
        ),
        &ROAD,
        &[[15.0, 15.0, 15.0], [45.0, 45.0, 45.0]],
    );
    let mut ws = workspace();
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            180.0,
        ),
    );
    let q1 = Period::quarter(0);
    let value = |layer: &Layer, code: &str| {
        ws.value(layer, &NodeSelector::product(code), q1)
            .expect("value")
    };
    assert_eq!(value(&Layer::Consensus, "ROAD"), 180.0);
    assert_eq!(value(&Layer::Through("sales".into()), "ROAD"), 180.0);
    assert_eq!(value(&Layer::role("sales"), "ROAD"), 180.0);
    // CITY is untouched: C1 20 at two locations, N1 nothing
    assert_eq!(value(&Layer::Consensus, "CITY"), 120.0);
    assert_eq!(value(&Layer::Consensus, "BIKES"), 300.0);
    assert_eq!(value(&Layer::Statistical, "ROAD"), 120.0);
    // revenue: R1 45 × 1000 + R2 135 × 800
    assert_eq!(
        ws.revenue(&Layer::Consensus, &NodeSelector::product("ROAD"), q1)
            .expect("revenue"),
        45_000.0 + 108_000.0
    );
    // the second quarter is untouched
    assert_eq!(
        ws.value(
            &Layer::Consensus,
            &NodeSelector::product("ROAD"),
            Period::quarter(1)
        )
        .expect("value"),
        120.0
    );
}

#[test]
fn locks_keep_their_value_and_discrete_rounding_is_exact() {
    // R1 January locked at 10: 170 remain over weights 10, 10 | 30, 30, 30 (sum 110):
    // exact 15.45, 15.45 | 46.36 × 3; floors 15, 15, 46, 46, 46 = 168; the two units
    // left go to the largest remainders (.4545, earliest first): R1 Feb and Mar.
    let lock = ChangeKind::Lock {
        selector: NodeSelector::leaf("R1", "DC1", "SHOP"),
        period: Period::month(0),
    };
    check(
        &[lock],
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            180.0,
        ),
        &ROAD,
        &[[10.0, 16.0, 16.0], [46.0, 46.0, 46.0]],
    );
}

#[test]
fn continuous_items_with_locks_sum_within_1e9() {
    let mut ws = workspace();
    let lock = ChangeKind::Lock {
        selector: NodeSelector::product("P1"),
        period: Period::month(1),
    };
    apply(&mut ws, "ana", lock);
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("PARTS"),
            Period::quarter(0),
            20.0,
        ),
    );
    let cells = consensus_cells(&ws, &[("P1", "DC1", "SHOP"), ("P2", "DC1", "SHOP")], 0..3);
    // P1 Feb locked at 1.5; 18.5 over weights 1.5, 1.5 | 2.5 × 3 (sum 10.5)
    let p1 = 18.5 * 1.5 / 10.5;
    let p2 = 18.5 * 2.5 / 10.5;
    let expected = [[p1, 1.5, p1], [p2, p2, p2]];
    for (row, want) in cells.iter().zip(expected) {
        for (got, want) in row.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }
    assert_eq!(cells[0][1], 1.5);
    let total = ws
        .value(
            &Layer::Consensus,
            &NodeSelector::product("PARTS"),
            Period::quarter(0),
        )
        .expect("value");
    assert!((total - 20.0).abs() <= 1e-9 * 20.0, "{total}");
}

#[test]
fn rounding_whole_units_by_largest_remainder() {
    // 101 over 10 : 30 → exact 25.25, 75.75 → 25, 76
    let mut ws = workspace();
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::month(0),
            101.0,
        ),
    );
    let cells = consensus_cells(&ws, &ROAD, 0..1);
    assert_eq!(cells, vec![vec![25.0], vec![76.0]]);
    // a fractional total on whole-unit items is refused with the node and period
    let err = ws
        .apply(change(
            2,
            1,
            "ana",
            set(
                "sales",
                NodeSelector::product("ROAD"),
                Period::month(0),
                100.5,
            ),
        ))
        .expect_err("not whole");
    assert_eq!(
        err.to_string(),
        "cannot set sales layer at product ROAD × every location × every customer in 2026-01 to 100.5: 100.5 remains for items counted in whole units, which is not a whole number"
    );
}

#[test]
fn zero_current_falls_back_to_statistical() {
    // first sales sets ROAD Q1 to 0; then 120 spreads on the statistical 10 : 30
    check(
        &[set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            0.0,
        )],
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            120.0,
        ),
        &ROAD,
        &[[10.0, 10.0, 10.0], [30.0, 30.0, 30.0]],
    );
}

#[test]
fn zero_statistical_falls_back_to_last_year_then_equal() {
    // C1 has no forecast; its 2025 sales were 4 a month at DC1·SHOP and 12 at DC2·WEB
    let history = |item: &str, location: &str, _: &str, _month: u32| match (item, location) {
        ("C1", "DC1") => 4.0,
        ("C1", "DC2") => 12.0,
        _ => 0.0,
    };
    let stat = |item: &str, l: &str, c: &str, h: usize| {
        if item == "C1" {
            0.0
        } else {
            default_stat(item, l, c, h)
        }
    };
    let mut ws = workspace_with(history, stat, WorkspaceConfig::default());
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("C1"),
            Period::quarter(0),
            96.0,
        ),
    );
    let cells = consensus_cells(&ws, &[("C1", "DC1", "SHOP"), ("C1", "DC2", "WEB")], 0..3);
    assert_eq!(cells, vec![vec![8.0; 3], vec![24.0; 3]]);
    // second year of the horizon: last year is the horizon, so the 2025 history is used
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("C1"),
            Period::month(13),
            16.0,
        ),
    );
    let cells = consensus_cells(&ws, &[("C1", "DC1", "SHOP"), ("C1", "DC2", "WEB")], 13..14);
    assert_eq!(cells, vec![vec![4.0], vec![12.0]]);
    // N1 has neither forecast nor history: equal shares over 2 leaves × 3 months
    apply(
        &mut ws,
        "ana",
        set(
            "sales",
            NodeSelector::product("N1"),
            Period::quarter(0),
            60.0,
        ),
    );
    let cells = consensus_cells(&ws, &[("N1", "DC1", "SHOP"), ("N1", "DC2", "WEB")], 0..3);
    assert_eq!(cells, vec![vec![10.0; 3], vec![10.0; 3]]);
}

#[test]
fn equal_and_seasonal_spreads() {
    check(
        &[],
        set_spread(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            120.0,
            Spread::Equal,
        ),
        &ROAD,
        &[[20.0; 3], [20.0; 3]],
    );
    // January 1, February 2, March 3; leaves by their Q1 totals 30 : 90 → weights
    // 30 60 90 | 90 180 270 (sum 720)
    let mut profile = [1.0; 12];
    profile[1] = 2.0;
    profile[2] = 3.0;
    check(
        &[],
        set_spread(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            120.0,
            Spread::Seasonal(profile),
        ),
        &ROAD,
        &[[5.0, 10.0, 15.0], [15.0, 30.0, 45.0]],
    );
    // proportional to the statistical forecast even after a skewing override
    check(
        &[set(
            "sales",
            NodeSelector::leaf("R1", "DC1", "SHOP"),
            Period::quarter(0),
            90.0,
        )],
        set_spread(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            240.0,
            Spread::Proportional(Basis::Statistical),
        ),
        &ROAD,
        &[[20.0; 3], [60.0; 3]],
    );
}

#[test]
fn everything_locked_is_an_error_naming_node_and_period() {
    let mut ws = workspace();
    apply(
        &mut ws,
        "ana",
        ChangeKind::Lock {
            selector: NodeSelector::product("ROAD"),
            period: Period::quarter(0),
        },
    );
    let before = ws.clone();
    let err = ws
        .apply(change(
            2,
            1,
            "ana",
            set("sales", NodeSelector::product("R2"), Period::month(1), 5.0),
        ))
        .expect_err("locked");
    assert_eq!(
        err.to_string(),
        "cannot set sales layer at product R2 × every location × every customer in 2026-02 to 5: every cell is locked"
    );
    assert!(ws.same_state(&before));
    // unlocking lets the edit through
    apply(
        &mut ws,
        "ana",
        ChangeKind::Unlock {
            selector: NodeSelector::product("R2"),
            period: Period::month(1),
        },
    );
    apply(
        &mut ws,
        "ana",
        set("sales", NodeSelector::product("R2"), Period::month(1), 5.0),
    );
    assert_eq!(
        consensus_cells(&ws, &ROAD[1..], 0..3),
        vec![vec![30.0, 5.0, 30.0]]
    );
}

#[test]
fn adjustment_layer_edit_sets_the_result_not_the_delta() {
    // PARTS takes the sales layer as an adjustment; BIKES as an override
    let mut config = WorkspaceConfig::default();
    let mut rule = config.default_rule.clone();
    rule.per_role[0] = Combine::Adjustment;
    config.family_rules.insert("PARTS".into(), rule);
    let mut ws = workspace_with(|_, _, _, _| 0.0, default_stat, config);
    let q1 = Period::quarter(0);
    let parts = NodeSelector::product("PARTS");
    apply(&mut ws, "ana", set("sales", parts.clone(), q1, 24.0));
    // the consensus at PARTS Q1 is what she typed; the layer holds the +12 delta
    assert_eq!(
        ws.value(&Layer::Consensus, &parts, q1).expect("value"),
        24.0
    );
    assert_eq!(
        ws.value(&Layer::role("sales"), &parts, q1).expect("value"),
        12.0
    );
    let p1 = ws.hierarchy().leaf_id("P1", "DC1", "SHOP").expect("leaf");
    assert_eq!(
        ws.cell(&Layer::role("sales"), p1, hb(0)).expect("cell"),
        Some(1.5)
    );
    assert_eq!(
        ws.cell(&Layer::Consensus, p1, hb(0)).expect("cell"),
        Some(3.0)
    );
}

#[test]
fn consensus_combines_roles_in_order() {
    // sales overrides, marketing adjusts, finance blends half-half
    let config = WorkspaceConfig {
        roles: vec!["sales".into(), "marketing".into(), "finance".into()],
        default_rule: ConsensusRule {
            per_role: vec![
                Combine::Override,
                Combine::Adjustment,
                Combine::WeightedBlend(0.5),
            ],
        },
        family_rules: Default::default(),
    };
    let mut ws = workspace_with(|_, _, _, _| 0.0, default_stat, config);
    let r1 = NodeSelector::leaf("R1", "DC1", "SHOP");
    let jan = Period::month(0);
    let leaf = ws.hierarchy().leaf_id("R1", "DC1", "SHOP").expect("leaf");
    let cell = |ws: &fulcrum_workspace::Workspace, layer: &Layer| {
        ws.cell(layer, leaf, hb(0)).expect("cell")
    };
    apply(&mut ws, "sam", set("sales", r1.clone(), jan, 50.0));
    assert_eq!(cell(&ws, &Layer::Consensus), Some(50.0));
    // marketing types 60: its layer holds +10 on top of sales' 50
    apply(&mut ws, "max", set("marketing", r1.clone(), jan, 60.0));
    assert_eq!(cell(&ws, &Layer::role("marketing")), Some(10.0));
    // finance types 40: (40 − 0.5 × 60) / 0.5 = 20
    apply(&mut ws, "fay", set("finance", r1.clone(), jan, 40.0));
    assert_eq!(cell(&ws, &Layer::role("finance")), Some(20.0));
    assert_eq!(cell(&ws, &Layer::Consensus), Some(40.0));
    // sales moves to 30: marketing still adds 10, finance blends 40 with 20 → 30
    apply(&mut ws, "sam", set("sales", r1, jan, 30.0));
    assert_eq!(cell(&ws, &Layer::Through("marketing".into())), Some(40.0));
    assert_eq!(cell(&ws, &Layer::Consensus), Some(30.0));
}

#[test]
fn only_role_layers_are_editable() {
    let mut ws = workspace();
    for (layer, message) in [
        (
            Layer::Consensus,
            "the consensus cannot be typed into: type on a role's layer",
        ),
        (Layer::role("ceo"), "there is no role 'ceo'"),
    ] {
        let kind = ChangeKind::SetValue {
            layer,
            selector: NodeSelector::all(),
            period: Period::month(0),
            value: 1.0,
            spread: Spread::default(),
        };
        let err = ws.apply(change(1, 0, "ana", kind)).expect_err("refused");
        assert_eq!(err.to_string(), message);
    }
    let err = ws
        .apply(change(
            1,
            0,
            "ana",
            set(
                "sales",
                NodeSelector::product("NOPE"),
                Period::month(0),
                1.0,
            ),
        ))
        .expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "product node 'NOPE' is not in the product hierarchy"
    );
    let err = ws
        .apply(change(
            1,
            0,
            "ana",
            set("sales", NodeSelector::all(), Period::year(2), 1.0),
        ))
        .expect_err("outside");
    assert!(matches!(err, WorkspaceError::PeriodOutside { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "year 2 is outside the horizon (2026-01 to 2027-12)"
    );
}

#[test]
fn a_typed_override_pins_the_number_even_when_it_equals_the_current_one() {
    // sales confirms ROAD January at its current 40; a later 50% event below
    // does not move the confirmed number
    let mut ws = workspace();
    let jan = Period::month(0);
    let road = NodeSelector::product("ROAD");
    apply(&mut ws, "sam", set("sales", road.clone(), jan, 40.0));
    let event = fulcrum_workspace::Event {
        id: 1,
        name: "fair".into(),
        active: true,
        kind: fulcrum_workspace::EventKind::OneTime(fulcrum_workspace::OneTime {
            selector: road.clone(),
            start: hb(0),
            end: hb(0),
            quantity: fulcrum_workspace::Quantity::Percent(50.0),
        }),
    };
    apply(&mut ws, "dora", ChangeKind::AddEvent(event));
    assert_eq!(ws.value(&Layer::Events, &road, jan).expect("value"), 20.0);
    assert_eq!(
        ws.value(&Layer::Consensus, &road, jan).expect("value"),
        40.0
    );
}
