//! One plan of record per cycle: approving a version supersedes the earlier
//! approved versions of the same cycle (same company and plan start), which stay
//! locked; how each plan was made (its strategy) is recorded.

mod common;

use common::{assert_same_plan, files, hand_built_plan, new_version};
use fulcrum_core::{Calendar, Kpi, KpiUnit, YearMonth};
use fulcrum_store::{NewPlanVersion, SnapshotId, Store, StoreError, VersionId, VersionStatus};

fn store() -> (tempfile::TempDir, std::path::PathBuf, Store, SnapshotId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let mut store = Store::open(&path).expect("open");
    let snapshot = store
        .save_snapshot(&files(&[("items.csv", "code\nA\n")]))
        .expect("snapshot");
    (dir, path, store, snapshot)
}

fn save(store: &mut Store, new: &NewPlanVersion) -> VersionId {
    store
        .save_plan_version(new, &hand_built_plan())
        .expect("save")
}

#[test]
fn approving_a_second_version_of_a_cycle_supersedes_the_first() {
    let (_dir, path, mut store, snapshot) = store();
    let first = save(&mut store, &new_version("first", snapshot));
    let second = save(&mut store, &new_version("second", snapshot));
    assert_eq!(store.plan_of_record().expect("read"), None);
    assert_eq!(store.approve(first).expect("approve"), vec![]);
    assert_eq!(
        store.plan_of_record().expect("read").map(|info| info.id),
        Some(first)
    );
    assert_eq!(store.approve(second).expect("approve"), vec![first]);

    let old = store.version(first).expect("read");
    assert_eq!(old.status, VersionStatus::Superseded);
    assert_eq!(old.superseded_by, Some(second));
    let new = store.version(second).expect("read");
    assert_eq!(new.status, VersionStatus::Approved);
    assert_eq!(new.superseded_by, None);
    assert_eq!(
        store.plan_of_record().expect("read").map(|info| info.id),
        Some(second)
    );
    // The superseded version keeps its content and its lock, and the chain holds.
    assert_same_plan(&store.load_plan(first).expect("load"), &hand_built_plan());
    assert!(store.verify().expect("verify").is_sound());
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("raw");
    for sql in [
        "UPDATE kpis SET value = 0 WHERE version_id = 1",
        "UPDATE plan_versions SET name = 'x' WHERE id = 1",
    ] {
        let error = conn.execute_batch(sql).expect_err(sql).to_string();
        assert!(error.contains("approved and immutable"), "{sql}: {error}");
    }
    for sql in [
        "DELETE FROM supersessions",
        "UPDATE supersessions SET superseded_by = 1",
    ] {
        let error = conn.execute_batch(sql).expect_err(sql).to_string();
        assert!(
            error.contains("supersessions are append-only"),
            "{sql}: {error}"
        );
    }
    let error = conn
        .execute_batch(
            "INSERT INTO supersessions (version_id, superseded_by, superseded_at) VALUES (2, 2, 'now')",
        )
        .expect_err("self")
        .to_string();
    assert!(
        error.contains("only an approved version is superseded"),
        "{error}"
    );
}

#[test]
fn a_superseded_version_cannot_be_approved_again() {
    let (_dir, _path, mut store, snapshot) = store();
    let first = save(&mut store, &new_version("first", snapshot));
    let second = save(&mut store, &new_version("second", snapshot));
    store.approve(first).expect("approve");
    store.approve(second).expect("approve");
    assert!(matches!(
        store.approve(first),
        Err(StoreError::VersionApproved(id)) if id == first
    ));
}

#[test]
fn approvals_of_other_cycles_or_companies_are_not_superseded() {
    let (_dir, _path, mut store, snapshot) = store();
    let january = save(&mut store, &new_version("january", snapshot));
    let mut february_plan = hand_built_plan();
    february_plan.calendar =
        Calendar::monthly(YearMonth::new(2026, 2).expect("month"), 36, 24).expect("calendar");
    let february = store
        .save_plan_version(&new_version("february", snapshot), &february_plan)
        .expect("save");
    let other_company = save(
        &mut store,
        &NewPlanVersion {
            company: "Other GmbH".into(),
            ..new_version("other", snapshot)
        },
    );
    store.approve(january).expect("approve");
    assert_eq!(store.approve(february).expect("approve"), vec![]);
    assert_eq!(store.approve(other_company).expect("approve"), vec![]);
    for id in [january, february, other_company] {
        assert_eq!(
            store.version(id).expect("read").status,
            VersionStatus::Approved
        );
    }
}

#[test]
fn the_strategy_is_recorded_with_the_version() {
    let (_dir, _path, mut store, snapshot) = store();
    let id = save(
        &mut store,
        &NewPlanVersion {
            strategy: Some("level".into()),
            ..new_version("level plan", snapshot)
        },
    );
    assert_eq!(
        store.version(id).expect("read").strategy.as_deref(),
        Some("level")
    );
}

#[test]
fn a_version_without_a_recorded_strategy_takes_the_one_its_kpis_mark() {
    let (_dir, _path, mut store, snapshot) = store();
    let mut plan = hand_built_plan();
    for (code, label) in [
        ("strategy_cost_optimal", "Cost of the optimal strategy"),
        (
            "strategy_cost_chase",
            "Cost of the chase strategy (this plan)",
        ),
    ] {
        plan.kpis.push(Kpi {
            code: code.into(),
            label: label.into(),
            value: 1.0,
            unit: KpiUnit::Money,
        });
    }
    let id = store
        .save_plan_version(&new_version("old", snapshot), &plan)
        .expect("save");
    assert_eq!(
        store.version(id).expect("read").strategy.as_deref(),
        Some("chase")
    );
    let plain = save(&mut store, &new_version("plain", snapshot));
    assert_eq!(store.version(plain).expect("read").strategy, None);
}

#[test]
fn a_file_with_two_approvals_of_one_cycle_keeps_the_last_as_plan_of_record_on_migration() {
    let (_dir, path, mut store, snapshot) = store();
    let first = save(&mut store, &new_version("first", snapshot));
    let second = save(&mut store, &new_version("second", snapshot));
    store.approve(first).expect("approve");
    store.approve(second).expect("approve");
    drop(store);
    // What a schema-5 build leaves: both approved, no supersession, no strategy.
    rusqlite::Connection::open(&path)
        .expect("raw")
        .execute_batch(
            "DROP TABLE plan_version_change_logs;
             DROP TABLE workspace_changes;
             DELETE FROM schema_migrations WHERE version = 8;
             DROP TABLE sessions;
             DROP TABLE users;
             DELETE FROM schema_migrations WHERE version = 7;
             DROP TABLE supersessions;
             ALTER TABLE plan_versions DROP COLUMN strategy;
             DELETE FROM schema_migrations WHERE version = 6;",
        )
        .expect("back to schema 5");
    let store = Store::open(&path).expect("migrates");
    assert_eq!(
        store.version(first).expect("read").status,
        VersionStatus::Superseded
    );
    assert_eq!(
        store.version(first).expect("read").superseded_by,
        Some(second)
    );
    assert_eq!(
        store.plan_of_record().expect("read").map(|info| info.id),
        Some(second)
    );
}
