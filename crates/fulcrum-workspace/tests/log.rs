//! The change log: undo, conflicts, approval, cell history and replay.

mod common;

use common::*;
use fulcrum_workspace::{
    CellLayer, Change, ChangeKind, Event, EventKind, NodeSelector, OneTime, Period, Quantity,
    WorkspaceConfig, WorkspaceError, replay,
};

fn one_time(id: u64) -> Event {
    Event {
        id,
        name: "fair".into(),
        active: true,
        kind: EventKind::OneTime(OneTime {
            selector: NodeSelector::product("BIKES"),
            start: hb(0),
            end: hb(5),
            quantity: Quantity::Units(100.0 / 3.0),
        }),
    }
}

/// A few edits with fractional values on every kind of change.
fn busy_log() -> Vec<ChangeKind> {
    vec![
        set(
            "sales",
            NodeSelector::product("PARTS"),
            Period::year(0),
            100.0 / 7.0,
        ),
        ChangeKind::AddEvent(one_time(1)),
        ChangeKind::Lock {
            selector: NodeSelector::product("P1"),
            period: Period::quarter(1),
        },
        set("marketing", NodeSelector::all(), Period::quarter(1), 1234.0),
        set(
            "finance",
            NodeSelector::product("ROAD"),
            Period::year(1),
            999.0,
        ),
    ]
}

#[test]
fn undo_restores_the_previous_state_bit_for_bit() {
    let mut ws = workspace();
    for kind in busy_log() {
        apply(&mut ws, "ana", kind);
    }
    // every change, undone right after it is made, leaves the state as it was
    for kind in [
        set(
            "demand_planner",
            NodeSelector::product("PARTS"),
            Period::quarter(1),
            31.0 / 3.0,
        ),
        set("marketing", NodeSelector::all(), Period::quarter(1), 1500.0),
        ChangeKind::AddEvent(one_time(2)),
        ChangeKind::SetEventActive {
            event_id: 1,
            active: false,
        },
        ChangeKind::Unlock {
            selector: NodeSelector::all(),
            period: Period::year(0),
        },
    ] {
        let before = ws.clone();
        apply(&mut ws, "ana", kind);
        assert!(!ws.same_state(&before), "the change changed something");
        let target = ws.revision();
        apply(&mut ws, "ana", ChangeKind::Undo { change: target });
        assert!(ws.same_state(&before), "undo of change {target}");
        // undoing the undo redoes it
        let undo = ws.revision();
        apply(&mut ws, "ana", ChangeKind::Undo { change: undo });
        assert!(!ws.same_state(&before));
        let redo = ws.revision();
        apply(&mut ws, "ana", ChangeKind::Undo { change: redo });
        assert!(ws.same_state(&before));
    }
}

#[test]
fn undo_is_refused_when_a_later_change_touched_the_same_cells() {
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
    apply(
        &mut ws,
        "bob",
        set("sales", NodeSelector::product("R1"), Period::month(0), 20.0),
    );
    let err = ws
        .apply(change(3, 2, "ana", ChangeKind::Undo { change: 1 }))
        .expect_err("blocked");
    assert_eq!(
        err.to_string(),
        "change 1 cannot be undone: change 2 has since changed the same cells; undo change 2 first"
    );
    // once Bob's change is undone, the cells are as Ana left them: her undo goes through
    let before_ana = workspace();
    apply(&mut ws, "bob", ChangeKind::Undo { change: 2 });
    apply(&mut ws, "ana", ChangeKind::Undo { change: 1 });
    assert!(ws.same_state(&before_ana));
}

#[test]
fn planners_in_different_layers_of_the_same_cells_do_not_conflict() {
    let mut ws = workspace();
    let road_q0 = |layer: &str, value: f64| {
        set(
            layer,
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            value,
        )
    };
    // Ana (sales) and Mia (marketing) both open revision 0 on the same cells
    ws.apply(change(1, 0, "ana", road_q0("sales", 180.0)))
        .expect("ana");
    ws.apply(change(2, 0, "mia", road_q0("marketing", 20.0)))
        .expect("another layer of the same cells is no conflict");
    // a second sales edit from the old base is: it would overwrite Ana's
    let err = ws
        .apply(change(3, 0, "bob", road_q0("sales", 150.0)))
        .expect_err("same layer, same cells");
    assert!(
        matches!(err, WorkspaceError::Conflict { later: 1, .. }),
        "{err}"
    );
    // and a lock from before Mia's edit freezes a value its author never saw
    let lock = ChangeKind::Lock {
        selector: NodeSelector::product("ROAD"),
        period: Period::month(0),
    };
    assert!(matches!(
        ws.apply(change(3, 1, "bob", lock.clone())),
        Err(WorkspaceError::Conflict { later: 2, .. })
    ));
    ws.apply(change(3, 2, "bob", lock)).expect("fresh base");
    // a sales edit from before the lock is refused: the lock changes its spread
    assert!(matches!(
        ws.apply(change(4, 2, "ana", road_q0("sales", 200.0))),
        Err(WorkspaceError::Conflict { later: 3, .. })
    ));
}

#[test]
fn stale_base_revision_is_a_conflict_and_changes_nothing() {
    let mut ws = workspace();
    // Ana and Bob both open revision 0; Ana saves first
    ws.apply(change(
        1,
        0,
        "ana",
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            180.0,
        ),
    ))
    .expect("ana");
    let before = ws.clone();
    let err = ws
        .apply(change(
            2,
            0,
            "bob",
            set(
                "sales",
                NodeSelector::leaf("R2", "DC1", "SHOP"),
                Period::month(1),
                50.0,
            ),
        ))
        .expect_err("conflict");
    assert_eq!(
        err.to_string(),
        "change 2 conflicts: it was based on revision 0, but change 1 by ana has since changed item R2 at DC1 for SHOP in 2026-02; reload and type it again"
    );
    assert!(ws.same_state(&before));
    assert_eq!(ws.revision(), 1);
    // Bob's edit of cells Ana did not touch goes through on his old base
    ws.apply(change(
        2,
        0,
        "bob",
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(1),
            100.0,
        ),
    ))
    .expect("disjoint cells");
    // a lock on Ana's cells from the old base conflicts too
    let lock = ChangeKind::Lock {
        selector: NodeSelector::product("R1"),
        period: Period::month(0),
    };
    assert!(matches!(
        ws.apply(change(3, 0, "bob", lock.clone())),
        Err(WorkspaceError::Conflict { later: 1, .. })
    ));
    ws.apply(change(3, 2, "bob", lock)).expect("fresh base");
    // ids must increase, and a base cannot be in the future
    assert!(matches!(
        ws.apply(change(
            3,
            3,
            "bob",
            set("sales", NodeSelector::all(), Period::month(9), 1.0)
        )),
        Err(WorkspaceError::ChangeId { id: 3, revision: 3 })
    ));
    assert!(matches!(
        ws.apply(change(
            4,
            9,
            "bob",
            set("sales", NodeSelector::all(), Period::month(9), 1.0)
        )),
        Err(WorkspaceError::BaseAhead { .. })
    ));
}

#[test]
fn an_approved_log_refuses_changes() {
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
    apply(
        &mut ws,
        "erin",
        ChangeKind::Approve {
            plan_version: "2026-01 S&OP".into(),
        },
    );
    assert_eq!(ws.frozen(), Some("2026-01 S&OP"));
    let before = ws.clone();
    for kind in [
        set(
            "sales",
            NodeSelector::product("ROAD"),
            Period::quarter(0),
            200.0,
        ),
        ChangeKind::Undo { change: 1 },
        ChangeKind::Approve {
            plan_version: "again".into(),
        },
    ] {
        let err = ws.apply(change(3, 2, "ana", kind)).expect_err("frozen");
        assert_eq!(
            err.to_string(),
            "change 3 refused: the plan is approved as version 2026-01 S&OP and its log is frozen"
        );
    }
    assert!(ws.same_state(&before));
}

#[test]
fn cell_history_is_a_query_over_the_log() {
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
    apply(
        &mut ws,
        "bob",
        set(
            "sales",
            NodeSelector::leaf("R1", "DC1", "SHOP"),
            Period::month(0),
            12.0,
        ),
    );
    apply(
        &mut ws,
        "cyd",
        set(
            "marketing",
            NodeSelector::product("R1"),
            Period::month(1),
            3.0,
        ),
    );
    let sales = CellLayer::Role(ws.config().role("sales").expect("role"));
    let history = ws
        .history(&NodeSelector::product("R1"), hb(0), sales)
        .expect("history");
    let lines: Vec<(u64, &str, Option<f64>, Option<f64>)> = history
        .iter()
        .map(|entry| {
            (
                entry.change_id,
                entry.author.as_str(),
                entry.before,
                entry.after,
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            (1, "ana", None, Some(15.0)),
            (2, "bob", Some(15.0), Some(12.0))
        ]
    );
    // the family's January history holds both items' lines of change 1 and Bob's
    let family = ws
        .history(&NodeSelector::product("ROAD"), hb(0), sales)
        .expect("history");
    assert_eq!(family.len(), 3);
    assert!(
        ws.history(&NodeSelector::product("R1"), hb(1), sales)
            .expect("h")
            .len()
            == 1
    );
}

#[test]
fn replay_of_the_log_equals_incremental_application() {
    let mut ws = workspace();
    for kind in busy_log() {
        apply(&mut ws, "ana", kind);
    }
    apply(&mut ws, "ana", ChangeKind::Undo { change: 4 });
    apply(
        &mut ws,
        "ana",
        ChangeKind::Approve {
            plan_version: "v1".into(),
        },
    );
    let changes: Vec<Change> = ws
        .log()
        .iter()
        .map(|applied| applied.change.clone())
        .collect();
    let replayed = replay(ws.base().clone(), WorkspaceConfig::default(), &changes).expect("replay");
    assert!(replayed.same_state(&ws));
    assert_eq!(replayed.log(), ws.log());
    // a full recompute of the consensus gives the same cells as the incremental one
    let mut recomputed = ws.clone();
    recomputed.recompute_consensus();
    assert!(recomputed.same_state(&ws));
}
