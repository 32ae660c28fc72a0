//! Promotions, one-time events and launches against hand computation.

mod common;

use common::*;
use fulcrum_workspace::{
    ChangeKind, Event, EventKind, Launch, Layer, NodeSelector, OneTime, Period, Promotion,
    Quantity, WorkspaceConfig,
};

fn assert_close(got: &[Vec<f64>], want: &[Vec<f64>]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.len(), w.len());
        for (a, b) in g.iter().zip(w) {
            assert!((a - b).abs() < 1e-9, "got {got:?}, want {want:?}");
        }
    }
}

fn promotion() -> Event {
    Event {
        id: 7,
        name: "spring sale".into(),
        active: true,
        kind: EventKind::Promotion(Promotion {
            selector: NodeSelector::product("R2"),
            start: hb(3),
            end: hb(4),
            uplift_pct: 50.0,
            pull_forward_pct: 20.0,
            pull_forward_buckets: 2,
            dip_pct: 10.0,
            dip_buckets: 1,
            cannibalised_items: vec!["R1".into()],
            cannibalisation_pct: 20.0,
        }),
    }
}

#[test]
fn promotion_with_pull_forward_dip_and_cannibalisation() {
    // R2 30 a month: April and May +15 each (uplift 30 in all); 20% of it (6) is
    // taken from February and March (−3 each); June dips 10% (−3); R1 (10 a month)
    // loses 20% in April and May (−2 each).
    let mut ws = workspace();
    apply(&mut ws, "dora", ChangeKind::AddEvent(promotion()));
    let leaves = [("R1", "DC1", "SHOP"), ("R2", "DC1", "SHOP")];
    let expected = vec![
        vec![10.0, 10.0, 10.0, 8.0, 8.0, 10.0, 10.0],
        vec![30.0, 27.0, 27.0, 45.0, 45.0, 27.0, 30.0],
    ];
    assert_close(&consensus_cells(&ws, &leaves, 0..7), &expected);
    let year = Period::year(0);
    let road = NodeSelector::product("ROAD");
    // net effect over the year: +30 − 6 − 3 − 4
    assert_eq!(
        ws.value(&Layer::Event(7), &road, year).expect("value"),
        17.0
    );
    assert_eq!(ws.value(&Layer::Events, &road, year).expect("value"), 17.0);
    assert_eq!(
        ws.value(&Layer::Consensus, &road, year).expect("value"),
        480.0 + 17.0
    );

    // switched off: back to the statistical forecast, bit for bit
    let before = ws.clone();
    apply(
        &mut ws,
        "dora",
        ChangeKind::SetEventActive {
            event_id: 7,
            active: false,
        },
    );
    let stat_only = workspace();
    assert_eq!(
        consensus_cells(&ws, &leaves, 0..24),
        consensus_cells(&stat_only, &leaves, 0..24)
    );
    assert_eq!(ws.value(&Layer::Event(7), &road, year).expect("value"), 0.0);
    apply(
        &mut ws,
        "dora",
        ChangeKind::SetEventActive {
            event_id: 7,
            active: true,
        },
    );
    assert!(ws.same_state(&before));
}

#[test]
fn an_event_feeds_the_consensus_under_the_roles() {
    // the promotion lifts R2 in April to 45; sales overriding April replaces it
    let mut ws = workspace();
    apply(&mut ws, "dora", ChangeKind::AddEvent(promotion()));
    apply(
        &mut ws,
        "sam",
        set("sales", NodeSelector::product("R2"), Period::month(3), 40.0),
    );
    let cells = consensus_cells(&ws, &[("R2", "DC1", "SHOP")], 3..5);
    assert_close(&cells, &[vec![40.0, 45.0]]);
}

#[test]
fn one_time_events_units_and_percent() {
    let mut ws = workspace();
    // 40 extra units on ROAD in January and February, by the forecast 10 : 30
    let units = Event {
        id: 1,
        name: "trade fair".into(),
        active: true,
        kind: EventKind::OneTime(OneTime {
            selector: NodeSelector::product("ROAD"),
            start: hb(0),
            end: hb(1),
            quantity: Quantity::Units(40.0),
        }),
    };
    // −50% on C1 at DC2 in March
    let percent = Event {
        id: 2,
        name: "web shop outage".into(),
        active: true,
        kind: EventKind::OneTime(OneTime {
            selector: NodeSelector {
                product: Some("C1".into()),
                location: Some("SOUTH".into()),
                customer: None,
            },
            start: hb(2),
            end: hb(2),
            quantity: Quantity::Percent(-50.0),
        }),
    };
    apply(&mut ws, "dora", ChangeKind::AddEvent(units));
    apply(&mut ws, "dora", ChangeKind::AddEvent(percent));
    let cells = consensus_cells(
        &ws,
        &[
            ("R1", "DC1", "SHOP"),
            ("R2", "DC1", "SHOP"),
            ("C1", "DC1", "SHOP"),
            ("C1", "DC2", "WEB"),
        ],
        0..3,
    );
    assert_close(
        &cells,
        &[
            vec![15.0, 15.0, 10.0],
            vec![45.0, 45.0, 30.0],
            vec![20.0, 20.0, 20.0],
            vec![20.0, 20.0, 10.0],
        ],
    );
}

#[test]
fn launch_follows_the_like_item_with_phase_in_and_phase_out() {
    // C1 sells 10 at DC1·SHOP and 30 at DC2·WEB; N1 launches in March (h 2) with
    // 860 units to the end of the horizon (22 months), ramping up over 2 months
    // (0.5, then 1): profile 40 × (0.5 + 21) = 860 → March 20, then 40 a month,
    // split 1 : 3 like C1. C1 ramps down over 4 months: 0.75, 0.5, 0.25, then 0.
    let stat = |item: &str, location: &str, c: &str, h: usize| match (item, location) {
        ("C1", "DC1") => 10.0,
        ("C1", "DC2") => 30.0,
        _ => default_stat(item, location, c, h),
    };
    let mut ws = workspace_with(|_, _, _, _| 0.0, stat, WorkspaceConfig::default());
    let launch = Event {
        id: 3,
        name: "N1 launch".into(),
        active: true,
        kind: EventKind::Launch(Launch {
            item: "N1".into(),
            like_item: "C1".into(),
            volume: 860.0,
            start: hb(2),
            phase_in_buckets: 2,
            replaces: Some("C1".into()),
            phase_out_buckets: 4,
        }),
    };
    apply(&mut ws, "dora", ChangeKind::AddEvent(launch));
    let cells = consensus_cells(
        &ws,
        &[
            ("N1", "DC1", "SHOP"),
            ("N1", "DC2", "WEB"),
            ("C1", "DC1", "SHOP"),
            ("C1", "DC2", "WEB"),
        ],
        0..8,
    );
    assert_close(
        &cells,
        &[
            vec![0.0, 0.0, 5.0, 10.0, 10.0, 10.0, 10.0, 10.0],
            vec![0.0, 0.0, 15.0, 30.0, 30.0, 30.0, 30.0, 30.0],
            vec![10.0, 10.0, 7.5, 5.0, 2.5, 0.0, 0.0, 0.0],
            vec![30.0, 30.0, 22.5, 15.0, 7.5, 0.0, 0.0, 0.0],
        ],
    );
    let n1_total: f64 = (0..2)
        .map(|y| {
            ws.value(
                &Layer::Consensus,
                &NodeSelector::product("N1"),
                fulcrum_workspace::Period::year(y),
            )
            .expect("value")
        })
        .sum();
    assert!((n1_total - 860.0).abs() < 1e-9, "{n1_total}");
}

#[test]
fn bad_events_are_refused_in_plain_words() {
    let mut ws = workspace();
    let mut event = promotion();
    if let EventKind::Promotion(p) = &mut event.kind {
        p.start = hb(5);
        p.end = hb(4);
    }
    let err = ws
        .apply(change(1, 0, "dora", ChangeKind::AddEvent(event)))
        .expect_err("bad");
    assert_eq!(
        err.to_string(),
        "event 7: buckets 2026-06 to 2026-05 are not a range inside the horizon (2026-01 to 2027-12)"
    );
    apply(&mut ws, "dora", ChangeKind::AddEvent(promotion()));
    let err = ws
        .apply(change(2, 1, "dora", ChangeKind::AddEvent(promotion())))
        .expect_err("dup");
    assert_eq!(err.to_string(), "event 7 already exists");
    let err = ws
        .apply(change(
            2,
            1,
            "dora",
            ChangeKind::SetEventActive {
                event_id: 9,
                active: true,
            },
        ))
        .expect_err("unknown");
    assert_eq!(err.to_string(), "there is no event 9");
}
