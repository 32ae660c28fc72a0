//! The change log in the store: appended in order, read back exactly, linked to
//! the version computed from it, and append-only even against raw SQL.

mod common;

use common::{files, hand_built_plan, new_version};
use fulcrum_store::{Store, StoreError, changes::log_key};
use fulcrum_workspace::{Change, ChangeKind, Layer, NodeSelector, Period, Spread};

fn change(id: u64, base_revision: u64, value: f64) -> Change {
    Change {
        id,
        author: "ana".into(),
        at: "2026-01-05T09:00:00Z".into(),
        reason_code: "customer_intel".into(),
        comment: "big order, 1,200 units".into(),
        base_revision,
        kind: ChangeKind::SetValue {
            layer: Layer::role("sales"),
            selector: NodeSelector::product("TENT"),
            period: Period::quarter(1),
            value,
            spread: Spread::Equal,
        },
    }
}

#[test]
fn changes_append_in_order_read_back_and_link_to_a_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let mut store = Store::open(&path).expect("open");
    let log = log_key("Acme", "2026-01");
    let ok = |_: &[Change], _: &Change| Ok(());
    store
        .append_change(&log, &change(1, 0, 1200.0), ok)
        .expect("first");
    store
        .append_change(&log, &change(2, 1, 1e6 / 3.0), |earlier, next| {
            assert_eq!(earlier.len(), 1);
            assert_eq!(next.id, 2);
            Ok(())
        })
        .expect("second");
    // not the next id
    let error = store
        .append_change(&log, &change(5, 2, 1.0), ok)
        .expect_err("a gap");
    assert!(matches!(error, StoreError::ChangeRefused(_)), "{error}");
    // the caller's (workspace) check refuses: nothing written
    let error = store
        .append_change(&log, &change(3, 0, 1.0), |_, _| {
            Err("conflict with change 2 by ana".into())
        })
        .expect_err("conflict");
    assert_eq!(
        error.to_string(),
        "change refused: conflict with change 2 by ana"
    );
    let changes = store.list_changes(&log).expect("list");
    assert_eq!(changes, vec![change(1, 0, 1200.0), change(2, 1, 1e6 / 3.0)]);
    assert!(
        store
            .list_changes("other/2026-01")
            .expect("list")
            .is_empty()
    );

    // a version records the prefix it was computed from
    let snapshot = store
        .save_snapshot(&files(&[("a.csv", "1")]))
        .expect("snapshot");
    let version = store
        .save_plan_version(&new_version("v1", snapshot), &hand_built_plan())
        .expect("save");
    store
        .record_version_changes(version, &log, 1)
        .expect("link");
    let (linked_log, used) = store
        .version_changes(version)
        .expect("read")
        .expect("linked");
    assert_eq!(linked_log, log);
    assert_eq!(used, vec![change(1, 0, 1200.0)]);

    // append-only, even for raw SQL
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    for sql in [
        "UPDATE workspace_changes SET author = 'eve'",
        "DELETE FROM workspace_changes WHERE change_id = 2",
        "INSERT INTO workspace_changes VALUES ('Acme/2026-01', 1, 'eve', 'now', 'r', '', 0, '{}')",
    ] {
        let error = conn.execute_batch(sql).expect_err(sql).to_string();
        assert!(error.contains("change log"), "{sql}: {error}");
    }

    // approving the version freezes the log and its link
    let mut store = Store::open(&path).expect("open");
    store.approve(version).expect("approve");
    let error = store
        .append_change(&log, &change(3, 2, 5.0), ok)
        .expect_err("frozen");
    assert!(error.to_string().contains("frozen"), "{error}");
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    let error = conn
        .execute_batch("UPDATE plan_version_change_logs SET last_change_id = 2")
        .expect_err("approved link");
    assert!(error.to_string().contains("approved"), "{error}");
}
