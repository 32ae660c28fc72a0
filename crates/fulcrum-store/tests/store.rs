//! The store's public behaviour: round trips, content addressing, approval,
//! migrations and error cases.

mod common;

use common::{assert_same_plan, files, hand_built_plan, large_plan, new_version};
use fulcrum_core::KeyFigure;
use fulcrum_store::{SeriesFilter, SnapshotId, Store, StoreError, VersionId, VersionStatus};

fn store_with_snapshot() -> (Store, SnapshotId) {
    let mut store = Store::open_in_memory().expect("open");
    let snapshot = store
        .save_snapshot(&files(&[("items.csv", "code\nA\n")]))
        .expect("snapshot");
    (store, snapshot)
}

#[test]
fn hand_built_plan_round_trips_bit_exactly() {
    let (mut store, snapshot) = store_with_snapshot();
    let plan = hand_built_plan();
    let id = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect("save");
    assert_same_plan(&store.load_plan(id).expect("load"), &plan);
}

#[test]
fn round_trip_survives_reopening_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let plan = hand_built_plan();
    let id = {
        let mut store = Store::open(&path).expect("open");
        let snapshot = store
            .save_snapshot(&files(&[("a.csv", "x")]))
            .expect("snapshot");
        store
            .save_plan_version(&new_version("cycle", snapshot), &plan)
            .expect("save")
    };
    let store = Store::open(&path).expect("reopen");
    assert_same_plan(&store.load_plan(id).expect("load"), &plan);
}

#[test]
fn large_plan_round_trips() {
    let (mut store, snapshot) = store_with_snapshot();
    let plan = large_plan(500);
    let id = store
        .save_plan_version(&new_version("big", snapshot), &plan)
        .expect("save");
    assert_eq!(store.load_plan(id).expect("load"), plan);
}

#[test]
fn version_header_records_what_was_saved() {
    let (mut store, snapshot) = store_with_snapshot();
    let plan = hand_built_plan();
    let first = store
        .save_plan_version(&new_version("first", snapshot), &plan)
        .expect("save");
    let mut branch = new_version("branch", snapshot);
    branch.parent = Some(first);
    let second = store.save_plan_version(&branch, &plan).expect("save");

    let versions = store.plan_versions().expect("list");
    assert_eq!(
        versions
            .iter()
            .map(|v| (v.id, v.name.as_str(), v.parent, v.status))
            .collect::<Vec<_>>(),
        vec![
            (first, "first", None, VersionStatus::Draft),
            (second, "branch", Some(first), VersionStatus::Draft),
        ]
    );
    let latest = store.latest_version().expect("latest").expect("some");
    assert_eq!(latest.id, second);
    assert_eq!(latest.calendar, plan.calendar);
    assert_eq!(latest.snapshot, snapshot);
    assert_eq!(
        (latest.company.as_str(), latest.currency.as_str()),
        ("Acme Cycles", "EUR")
    );
    assert_eq!(latest.created_at.len(), "2026-01-01T00:00:00Z".len());
    assert!(latest.created_at.ends_with('Z'), "{}", latest.created_at);
    assert_eq!(latest.approved_at, None);
}

#[test]
fn empty_store_has_no_latest() {
    let store = Store::open_in_memory().expect("open");
    assert_eq!(store.latest_snapshot().expect("snapshot"), None);
    assert_eq!(store.latest_version().expect("version"), None);
    assert!(store.plan_versions().expect("list").is_empty());
}

#[test]
fn identical_inputs_share_one_snapshot_whatever_the_order() {
    let mut store = Store::open_in_memory().expect("open");
    let a = files(&[("items.csv", "code\nA\n"), ("sales.csv", "item,qty\nA,1\n")]);
    let mut a_reordered = a.clone();
    a_reordered.reverse();
    let first = store.save_snapshot(&a).expect("save");
    let again = store.save_snapshot(&a_reordered).expect("save");
    assert_eq!(first, again);
    assert_eq!(store.snapshot_files(first).expect("files"), a);
}

#[test]
fn different_inputs_get_different_snapshots() {
    let mut store = Store::open_in_memory().expect("open");
    let base = store
        .save_snapshot(&files(&[("items.csv", "code\nA\n")]))
        .expect("save");
    let cases = [
        files(&[("items.csv", "code\nB\n")]),
        files(&[("items2.csv", "code\nA\n")]),
        files(&[("items.csv", "code\nA\n"), ("extra.csv", "")]),
        // The same bytes split differently between name and content.
        files(&[("items.csvc", "ode\nA\n")]),
    ];
    for case in cases {
        let id = store.save_snapshot(&case).expect("save");
        assert_ne!(id, base, "{case:?}");
        let mut sorted = case.clone();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(store.snapshot_files(id).expect("files"), sorted);
    }
}

#[test]
fn resaving_an_old_snapshot_makes_it_latest_again() {
    let mut store = Store::open_in_memory().expect("open");
    let a = store
        .save_snapshot(&files(&[("x.csv", "a")]))
        .expect("save");
    let b = store
        .save_snapshot(&files(&[("x.csv", "b")]))
        .expect("save");
    assert_eq!(store.latest_snapshot().expect("latest"), Some(b));
    let a_again = store
        .save_snapshot(&files(&[("x.csv", "a")]))
        .expect("save");
    assert_eq!(a_again, a);
    assert_eq!(store.latest_snapshot().expect("latest"), Some(a));
}

#[test]
fn duplicate_file_names_are_rejected() {
    let mut store = Store::open_in_memory().expect("open");
    let err = store
        .save_snapshot(&files(&[("a.csv", "1"), ("a.csv", "2")]))
        .expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "input file 'a.csv' appears more than once in the snapshot"
    );
    assert_eq!(store.latest_snapshot().expect("latest"), None);
}

#[test]
fn approved_version_is_locked() {
    let (mut store, snapshot) = store_with_snapshot();
    let id = store
        .save_plan_version(&new_version("cycle", snapshot), &hand_built_plan())
        .expect("save");
    store.approve(id).expect("approve");
    let info = store.version(id).expect("info");
    assert_eq!(info.status, VersionStatus::Approved);
    assert!(info.approved_at.is_some());

    let err = store.approve(id).expect_err("approved twice");
    assert!(
        matches!(err, StoreError::VersionApproved(v) if v == id),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        format!("plan version {id} is approved and cannot be changed")
    );
    // The approved plan still reads back, and it can be a parent of a new draft.
    assert_same_plan(&store.load_plan(id).expect("load"), &hand_built_plan());
    let mut branch = new_version("what-if", snapshot);
    branch.parent = Some(id);
    store
        .save_plan_version(&branch, &hand_built_plan())
        .expect("branch of an approved version");
}

#[test]
fn unknown_ids_are_reported() {
    let (mut store, snapshot) = store_with_snapshot();
    let missing = VersionId(99);
    assert!(
        matches!(store.load_plan(missing), Err(StoreError::VersionNotFound(v)) if v == missing)
    );
    assert!(matches!(
        store.kpis(missing),
        Err(StoreError::VersionNotFound(_))
    ));
    assert!(matches!(
        store.exceptions(missing),
        Err(StoreError::VersionNotFound(_))
    ));
    assert!(matches!(
        store.series(missing, &SeriesFilter::default()),
        Err(StoreError::VersionNotFound(_))
    ));
    assert!(matches!(
        store.approve(missing),
        Err(StoreError::VersionNotFound(_))
    ));
    assert!(matches!(
        store.snapshot_files(SnapshotId(42)),
        Err(StoreError::SnapshotNotFound(SnapshotId(42)))
    ));

    let err = store
        .save_plan_version(&new_version("x", SnapshotId(42)), &hand_built_plan())
        .expect_err("missing snapshot");
    assert!(
        matches!(err, StoreError::SnapshotNotFound(SnapshotId(42))),
        "{err}"
    );
    let mut orphan = new_version("x", snapshot);
    orphan.parent = Some(missing);
    let err = store
        .save_plan_version(&orphan, &hand_built_plan())
        .expect_err("missing parent");
    assert!(
        matches!(err, StoreError::VersionNotFound(v) if v == missing),
        "{err}"
    );
    assert!(store.plan_versions().expect("list").is_empty());
}

#[test]
fn duplicate_series_keys_are_rejected_and_nothing_is_written() {
    let (mut store, snapshot) = store_with_snapshot();
    let mut plan = hand_built_plan();
    plan.series.push(plan.series[0].clone());
    let err = store
        .save_plan_version(&new_version("dup", snapshot), &plan)
        .expect_err("duplicate");
    assert!(matches!(err, StoreError::InvalidPlan(_)), "{err}");
    assert!(store.plan_versions().expect("list").is_empty());
}

#[test]
fn series_filter_selects_by_each_dimension() {
    let (mut store, snapshot) = store_with_snapshot();
    let plan = hand_built_plan();
    let id = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect("save");
    let check = |filter: SeriesFilter, expected: Vec<KeyFigure>| {
        let found = store.series(id, &filter).expect("series");
        let figures: Vec<KeyFigure> = found.iter().map(|s| s.key.figure).collect();
        assert_eq!(figures, expected, "{filter:?}");
        for series in found {
            assert_eq!(
                plan.series(&series.key).map(|s| s.values.len()),
                Some(series.values.len())
            );
        }
    };
    check(
        SeriesFilter::default(),
        plan.series.iter().map(|s| s.key.figure).collect(),
    );
    check(
        SeriesFilter {
            figure: Some(KeyFigure::CapacityLoad),
            ..SeriesFilter::default()
        },
        vec![KeyFigure::CapacityLoad],
    );
    check(
        SeriesFilter {
            family: Some("BIKES".into()),
            ..SeriesFilter::default()
        },
        vec![KeyFigure::Shipments, KeyFigure::Revenue],
    );
    check(
        SeriesFilter {
            item: Some("FG-001".into()),
            location: Some("DC-NORTH".into()),
            ..SeriesFilter::default()
        },
        vec![KeyFigure::ConsensusDemand],
    );
    check(
        SeriesFilter {
            resource: Some("LINE-1".into()),
            figure: Some(KeyFigure::Revenue),
            ..SeriesFilter::default()
        },
        vec![],
    );
}

#[test]
fn opening_twice_migrates_once_and_keeps_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let snapshot = {
        let mut store = Store::open(&path).expect("create");
        assert_eq!(store.schema_version().expect("version"), 8);
        store
            .save_snapshot(&files(&[("a.csv", "1")]))
            .expect("save")
    };
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), 8);
    assert_eq!(store.latest_snapshot().expect("latest"), Some(snapshot));
    assert_eq!(
        store.integrity_check().expect("check"),
        vec!["ok".to_string()]
    );
}

#[test]
fn refuses_a_foreign_sqlite_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).expect("create");
    conn.execute_batch("CREATE TABLE customers (name TEXT)")
        .expect("table");
    drop(conn);
    let err = Store::open(&path).expect_err("foreign");
    assert!(matches!(err, StoreError::NotAFulcrumDatabase), "{err}");
}

#[test]
fn opening_while_another_connection_writes_does_not_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let snapshot = Store::open(&path)
        .expect("create")
        .save_snapshot(&files(&[("a.csv", "1")]))
        .expect("save");
    // A writer (say, a cycle run in another process) holds the write lock.
    let mut writer = rusqlite::Connection::open(&path).expect("writer");
    let tx = writer
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .expect("write lock");
    tx.execute("UPDATE snapshots SET last_saved = last_saved + 1", [])
        .expect("write");

    let reader = Store::open(&path).expect("open while locked");
    assert_eq!(reader.latest_snapshot().expect("read"), Some(snapshot));
    tx.rollback().expect("rollback");
}

#[test]
fn open_failures_name_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_a_db = dir.path().join("notes.txt");
    std::fs::write(
        &not_a_db,
        "these are not the pages you are looking for, ".repeat(50),
    )
    .expect("write");
    let err = Store::open(&not_a_db).expect_err("not a database");
    assert_eq!(
        err.to_string(),
        format!(
            "cannot open database {}: file is not a database",
            not_a_db.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&not_a_db).expect("read"),
        "these are not the pages you are looking for, ".repeat(50),
        "the file is left untouched"
    );

    let missing_dir = dir.path().join("no-such-dir").join("fulcrum.db");
    let err = Store::open(&missing_dir).expect_err("missing directory");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot open database {}: ", missing_dir.display())),
        "{err}"
    );
}

/// Pegging round-trips with the plan, and the triggers of migration 3 keep an
/// approved version's pegs immutable even for raw SQL.
#[test]
fn pegging_round_trips_and_is_locked_once_approved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let mut store = Store::open(&path).expect("create");
    let snapshot = store
        .save_snapshot(&files(&[("a.csv", "1")]))
        .expect("save");
    let plan = hand_built_plan();
    assert_eq!(plan.pegging.len(), 3);
    let id = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect("save");
    assert_same_plan(&store.load_plan(id).expect("load"), &plan);
    assert_eq!(store.pegging(id).expect("pegs")[1].bucket, Some(39));
    store.approve(id).expect("approve");
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    for sql in [
        "DELETE FROM planned_order_pegs",
        "UPDATE planned_order_pegs SET quantity = 0",
        "INSERT INTO planned_order_pegs (version_id, position, order_position, item, location)
         VALUES (1, 9, 0, 'X', 'Y')",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("approved and immutable"),
            "{sql}: {err}"
        );
    }
}

/// Safety-stock records round-trip with the plan (in order, `-0.0` and a third bit for
/// bit), read alone too, and the triggers of migration 4 keep an approved version's
/// records immutable even for raw SQL.
#[test]
fn safety_stocks_round_trip_and_are_locked_once_approved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let mut store = Store::open(&path).expect("create");
    let snapshot = store
        .save_snapshot(&files(&[("a.csv", "1")]))
        .expect("save");
    let plan = hand_built_plan();
    assert_eq!(plan.safety_stocks.len(), 3);
    let id = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect("save");
    assert_same_plan(&store.load_plan(id).expect("load"), &plan);
    let records = store.safety_stocks(id).expect("safety stocks");
    assert_eq!(records, plan.safety_stocks);
    assert_eq!(records[1].safety_stock.to_bits(), (-0.0f64).to_bits());
    assert!(matches!(
        store.safety_stocks(VersionId(99)),
        Err(StoreError::VersionNotFound(_))
    ));
    store.approve(id).expect("approve");
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    for sql in [
        "DELETE FROM safety_stocks",
        "UPDATE safety_stocks SET explanation = 'changed'",
        "INSERT INTO safety_stocks (version_id, position, item, location, safety_stock, basis,
                                    explanation)
         VALUES (1, 9, 'X', 'Y', 1.0, 'fixed', 'fixed in the inventory policy')",
    ] {
        let err = conn.execute(sql, []).expect_err(sql);
        assert!(
            err.to_string().contains("approved and immutable"),
            "{sql}: {err}"
        );
    }
}

/// Two records for one buffer are refused before anything is written.
#[test]
fn a_buffer_with_two_safety_stocks_is_refused() {
    let (mut store, snapshot) = store_with_snapshot();
    let mut plan = hand_built_plan();
    let twin = plan.safety_stocks[0].clone();
    plan.safety_stocks.push(twin);
    let err = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect_err("duplicate buffer");
    assert!(matches!(err, StoreError::InvalidPlan(_)), "{err}");
    assert!(store.plan_versions().expect("versions").is_empty());
}

#[test]
fn a_peg_of_a_missing_order_is_refused() {
    let (mut store, snapshot) = store_with_snapshot();
    let mut plan = hand_built_plan();
    plan.pegging[2].order = 3;
    let err = store
        .save_plan_version(&new_version("cycle", snapshot), &plan)
        .expect_err("bad peg");
    assert!(matches!(err, StoreError::InvalidPlan(_)), "{err}");
}
