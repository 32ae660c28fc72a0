//! Integrity of the store against writes that bypass it (raw SQL on the file):
//! snapshot hashes checked on read, inputs of approved versions locked,
//! approval only through `Store::approve`, protective triggers restored on
//! open, the approval chain, read-only opens and a missing migrations table.

mod common;

use std::path::{Path, PathBuf};

use common::{files, hand_built_plan, new_version};
use fulcrum_store::{SnapshotId, Store, StoreError, VersionId};
use rusqlite::Connection;

/// A database file with one snapshot and one saved (draft) version.
fn saved(dir: &Path) -> (PathBuf, SnapshotId, VersionId) {
    let path = dir.join("fulcrum.db");
    let mut store = Store::open(&path).expect("open");
    let snapshot = store
        .save_snapshot(&files(&[
            ("items.csv", "code\nA\n"),
            ("settings.csv", "x\n1\n"),
        ]))
        .expect("snapshot");
    let version = store
        .save_plan_version(&new_version("v1", snapshot), &hand_built_plan())
        .expect("save");
    (path, snapshot, version)
}

/// Runs raw SQL on the file, as another program could.
fn raw(path: &Path, sql: &str) -> Result<(), String> {
    let conn = Connection::open(path).expect("raw open");
    conn.execute_batch(sql).map_err(|error| error.to_string())
}

#[test]
fn snapshot_altered_behind_the_stores_back_is_an_error_on_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, snapshot, _) = saved(dir.path());
    raw(
        &path,
        "UPDATE snapshot_files SET content = CAST('code\nB\n' AS BLOB) WHERE name = 'items.csv'",
    )
    .expect("a draft's snapshot is not locked by a trigger");
    let store = Store::open(&path).expect("open");
    let error = store.snapshot_files(snapshot).expect_err("altered");
    assert!(matches!(error, StoreError::SnapshotAltered(id) if id == snapshot));
    assert_eq!(
        error.to_string(),
        "snapshot 1 was altered: its files no longer match the content hash recorded when it was saved"
    );
    let report = store.verify().expect("verify");
    assert!(!report.is_sound());
    assert!(
        report
            .problems
            .contains(&"snapshot 1 was altered: its files no longer match its content hash".into()),
        "{report:?}"
    );
}

#[test]
fn snapshot_of_an_approved_version_cannot_be_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, snapshot, version) = saved(dir.path());
    Store::open(&path)
        .expect("open")
        .approve(version)
        .expect("approve");
    for sql in [
        "UPDATE snapshot_files SET content = CAST('x' AS BLOB) WHERE snapshot_id = 1",
        "DELETE FROM snapshot_files WHERE snapshot_id = 1",
        "INSERT INTO snapshot_files (snapshot_id, name, content) VALUES (1, 'more.csv', CAST('x' AS BLOB))",
        "UPDATE snapshots SET content_hash = 'forged' WHERE id = 1",
        "DELETE FROM snapshots WHERE id = 1",
    ] {
        let error = raw(&path, sql).expect_err(sql);
        assert!(
            error.contains("snapshot is the input of an approved plan version and immutable"),
            "{sql}: {error}"
        );
    }
    // Importing the same inputs again only marks the snapshot as the latest.
    let mut store = Store::open(&path).expect("open");
    let again = store
        .save_snapshot(&files(&[
            ("items.csv", "code\nA\n"),
            ("settings.csv", "x\n1\n"),
        ]))
        .expect("re-save of an approved version's inputs");
    assert_eq!(again, snapshot);
    assert_eq!(store.snapshot_files(snapshot).expect("read").len(), 2);
}

#[test]
fn inserting_a_version_already_approved_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, _) = saved(dir.path());
    let error = raw(
        &path,
        "INSERT INTO plan_versions (name, snapshot_id, status, company, currency, granularity,
             plan_start, history_len, horizon_len, created_at, approved_at)
         VALUES ('forged', 1, 'approved', 'Acme', 'EUR', 'month', '2026-01', 12, 18,
                 '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    )
    .expect_err("approved insert");
    assert!(
        error.contains("a plan version is saved as a draft; it is approved only by approving it"),
        "{error}"
    );
}

#[test]
fn back_dated_approval_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, version) = saved(dir.path());
    let error = raw(
        &path,
        &format!(
            "UPDATE plan_versions SET status = 'approved', approved_at = '2020-01-01T00:00:00Z'
             WHERE id = {version}"
        ),
    )
    .expect_err("back-dated");
    assert!(
        error.contains("approved_at cannot be set or back-dated"),
        "{error}"
    );
    let error = raw(
        &path,
        &format!(
            "UPDATE plan_versions SET approved_at = '2020-01-01T00:00:00Z' WHERE id = {version}"
        ),
    )
    .expect_err("a draft with an approval time");
    assert!(
        error.contains("approved_at cannot be set or back-dated"),
        "{error}"
    );
}

#[test]
fn approval_by_raw_sql_is_found_by_verify_as_outside_the_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, version) = saved(dir.path());
    raw(
        &path,
        &format!(
            "UPDATE plan_versions SET status = 'approved',
                 approved_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = {version}"
        ),
    )
    .expect("stamped now, so the trigger lets it through");
    let report = Store::open(&path).expect("open").verify().expect("verify");
    assert_eq!(
        report.problems,
        vec![format!(
            "plan version {version} is approved but not in the approval chain"
        )]
    );
}

#[test]
fn approvals_form_a_chain_that_verify_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, snapshot, first) = saved(dir.path());
    let mut store = Store::open(&path).expect("open");
    let second = store
        .save_plan_version(&new_version("v2", snapshot), &hand_built_plan())
        .expect("save");
    store.approve(first).expect("approve");
    store.approve(second).expect("approve");
    let report = store.verify().expect("verify");
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(
        report.checks,
        vec![
            "SQLite integrity check: ok".to_string(),
            "snapshot content hashes: 1 checked, 0 altered".to_string(),
            format!(
                "protective triggers: {n} of {n} in place",
                n = report.checks[2].split_whitespace().nth(2).expect("count")
            ),
            "approval chain: 2 approval(s), sound".to_string(),
        ]
    );
    // The chain cannot be rewritten.
    for sql in [
        "UPDATE approvals SET chain_hash = 'x'",
        "DELETE FROM approvals",
    ] {
        assert!(
            raw(&path, sql)
                .expect_err(sql)
                .contains("the approval chain is append-only")
        );
    }
}

#[test]
fn approved_version_altered_with_its_triggers_dropped_is_found_by_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, version) = saved(dir.path());
    Store::open(&path)
        .expect("open")
        .approve(version)
        .expect("approve");
    raw(
        &path,
        "DROP TRIGGER kpis_approved_no_update;
         DROP TRIGGER kpis_approved_no_update_into;
         UPDATE kpis SET value = value + 1;",
    )
    .expect("tampering with the trigger dropped");
    let store = Store::open(&path).expect("open");
    assert_eq!(
        store.warnings(),
        [
            "protective trigger kpis_approved_no_update is missing; restored",
            "protective trigger kpis_approved_no_update_into is missing; restored"
        ]
    );
    let report = store.verify().expect("verify");
    assert_eq!(
        report.problems,
        vec![
            "protective trigger kpis_approved_no_update is missing; restored".to_string(),
            "protective trigger kpis_approved_no_update_into is missing; restored".to_string(),
            format!(
                "plan version {version} was altered after its approval: its content no longer matches its approval hash"
            ),
        ]
    );
    assert!(report.checks.last().expect("chain").ends_with("broken"));
}

#[test]
fn missing_or_altered_trigger_is_restored_on_open_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, version) = saved(dir.path());
    raw(
        &path,
        "DROP TRIGGER series_values_approved_no_delete;
         DROP TRIGGER plan_versions_approved_no_update;
         CREATE TRIGGER plan_versions_approved_no_update BEFORE UPDATE ON plan_versions
         WHEN 0 BEGIN SELECT 1; END;",
    )
    .expect("damage");
    let mut store = Store::open(&path).expect("open");
    let mut warnings = store.warnings().to_vec();
    warnings.sort();
    assert_eq!(
        warnings,
        [
            "protective trigger plan_versions_approved_no_update was altered; restored",
            "protective trigger series_values_approved_no_delete is missing; restored",
        ]
    );
    // Restored for real: the approved version is locked again.
    store.approve(version).expect("approve");
    drop(store);
    for sql in [
        "DELETE FROM series_values",
        "UPDATE plan_versions SET name = 'x'",
    ] {
        assert!(
            raw(&path, sql)
                .expect_err(sql)
                .contains("plan version is approved and immutable")
        );
    }
    // And the next open finds nothing to say.
    assert!(Store::open(&path).expect("open").warnings().is_empty());
}

#[test]
fn read_only_open_writes_nothing_and_refuses_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, snapshot, version) = saved(dir.path());
    let before = std::fs::read(&path).expect("bytes");
    let mut store = Store::open_read_only(&path).expect("read-only open");
    assert!(store.is_read_only());
    assert_eq!(store.version(version).expect("read").name, "v1");
    assert_eq!(store.snapshot_files(snapshot).expect("read").len(), 2);
    let error = store
        .save_snapshot(&files(&[("a.csv", "1")]))
        .expect_err("write on read-only");
    assert!(error.is_read_only(), "{error}");
    assert!(store.verify().expect("verify").is_sound());
    drop(store);
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
}

#[test]
fn read_only_open_of_an_old_schema_says_it_needs_migrating() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, _) = saved(dir.path());
    raw(&path, "DELETE FROM schema_migrations WHERE version >= 5").expect("pretend schema 4");
    let error = Store::open_read_only(&path).expect_err("old schema");
    assert!(
        matches!(error, StoreError::NeedsMigration { found: 4, .. }),
        "{error}"
    );
}

#[test]
fn missing_schema_migrations_table_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, _) = saved(dir.path());
    raw(&path, "DROP TABLE schema_migrations").expect("drop");
    for error in [
        Store::open(&path).expect_err("writable open"),
        Store::open_read_only(&path).expect_err("read-only open"),
    ] {
        let message = error.to_string();
        assert_eq!(
            message,
            "the database has no schema_migrations table, so its schema version is unknown; it cannot be opened safely"
        );
    }
}

#[test]
fn versions_approved_before_the_chain_existed_start_it_on_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _, version) = saved(dir.path());
    Store::open(&path)
        .expect("open")
        .approve(version)
        .expect("approve");
    // What a schema-4 build leaves: the approval without the chain or its triggers.
    raw(
        &path,
        "DROP TABLE plan_version_change_logs;
         DROP TABLE workspace_changes;
         DELETE FROM schema_migrations WHERE version = 8;
         DROP TABLE sessions;
         DROP TABLE users;
         DELETE FROM schema_migrations WHERE version = 7;
         DROP TABLE supersessions;
         ALTER TABLE plan_versions DROP COLUMN strategy;
         DELETE FROM schema_migrations WHERE version = 6;
         DROP TRIGGER plan_versions_insert_draft_only;
         DROP TRIGGER plan_versions_approval_is_stamped_now;
         DROP TRIGGER snapshots_approved_no_update;
         DROP TRIGGER snapshots_approved_no_delete;
         DROP TRIGGER snapshot_files_approved_no_insert;
         DROP TRIGGER snapshot_files_approved_no_update;
         DROP TRIGGER snapshot_files_approved_no_delete;
         DROP TRIGGER approvals_no_delete;
         DROP TABLE approvals;
         DELETE FROM schema_migrations WHERE version = 5;",
    )
    .expect("back to schema 4");
    let store = Store::open(&path).expect("migrates");
    assert!(store.warnings().is_empty(), "{:?}", store.warnings());
    let report = store.verify().expect("verify");
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(
        report.checks.last().map(String::as_str),
        Some("approval chain: 1 approval(s), sound")
    );
}
