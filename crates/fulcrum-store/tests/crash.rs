//! A process killed in the middle of a write leaves the last committed state
//! intact: an import (snapshot) or a cycle run (plan version) commits whole or
//! not at all.
//!
//! Each test re-executes its own test binary as a child process (the role is
//! chosen by [`CHILD_DB`] and [`CHILD_WRITE`]) that opens the database, starts a
//! large write and calls `std::process::abort()` from the store's write hook
//! mid-transaction, after enough rows that pages have spilled to the WAL. The
//! parent then reopens the file and checks that nothing of the aborted write is
//! visible and the file is sound.

mod common;

use std::path::Path;
use std::process::Command;

use common::{assert_same_plan, files, hand_built_plan, large_plan, new_version};
use fulcrum_store::{InputFile, SnapshotId, Store, VersionId, WriteProgress};

/// Set in the child's environment to the database path; selects the child role.
const CHILD_DB: &str = "FULCRUM_STORE_CRASH_CHILD_DB";
/// Which write the child starts: `plan` or `snapshot`.
const CHILD_WRITE: &str = "FULCRUM_STORE_CRASH_CHILD_WRITE";
/// Key-figure values the child writes before aborting a plan save.
const ABORT_AFTER_VALUES: usize = 100_000;
/// Snapshot files the child writes before aborting an import.
const ABORT_AFTER_FILES: usize = 36;

/// The write a child process starts and abandons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// A cycle run saving a plan version.
    Plan,
    /// An import saving a snapshot.
    Snapshot,
}

impl Write {
    /// The value of [`CHILD_WRITE`] selecting this write.
    fn code(self) -> &'static str {
        match self {
            Write::Plan => "plan",
            Write::Snapshot => "snapshot",
        }
    }

    /// The test that crashes this write, which the child re-runs.
    fn test_name(self) -> &'static str {
        match self {
            Write::Plan => "killed_mid_plan_save_leaves_last_commit_intact",
            Write::Snapshot => "killed_mid_import_leaves_last_commit_intact",
        }
    }
}

#[test]
fn killed_mid_plan_save_leaves_last_commit_intact() {
    run_child_if_asked(Write::Plan);
    let (dir, snapshot, committed) = committed_state();
    let path = dir.path().join("fulcrum.db");
    let before = Store::open(&path)
        .expect("open")
        .plan_versions()
        .expect("list");

    crash_child(&path, Write::Plan);

    let mut store = reopen_sound(&path);
    assert_eq!(store.plan_versions().expect("list"), before);
    assert_same_plan(
        &store.load_plan(committed).expect("load"),
        &hand_built_plan(),
    );
    assert_eq!(count(&path, "series_values"), hand_built_value_count());
    // The store is fully usable afterwards.
    let next = store
        .save_plan_version(&new_version("after crash", snapshot), &large_plan(10))
        .expect("save after crash");
    assert_eq!(store.load_plan(next).expect("load"), large_plan(10));
}

#[test]
fn killed_mid_import_leaves_last_commit_intact() {
    run_child_if_asked(Write::Snapshot);
    let (dir, snapshot, committed) = committed_state();
    let path = dir.path().join("fulcrum.db");
    let files_before = Store::open(&path)
        .expect("open")
        .snapshot_files(snapshot)
        .expect("files");

    crash_child(&path, Write::Snapshot);

    let mut store = reopen_sound(&path);
    assert_eq!(store.latest_snapshot().expect("latest"), Some(snapshot));
    assert_eq!(store.snapshot_files(snapshot).expect("files"), files_before);
    assert_eq!(count(&path, "snapshots"), 1);
    assert_eq!(count(&path, "snapshot_files"), files_before.len() as i64);
    assert_eq!(
        store
            .plan_versions()
            .expect("list")
            .iter()
            .map(|v| v.id)
            .collect::<Vec<_>>(),
        vec![committed]
    );
    // The same import now succeeds whole.
    let again = store
        .save_snapshot(&big_import())
        .expect("import after crash");
    assert_eq!(store.snapshot_files(again).expect("files"), big_import());
}

/// A database with one snapshot and one plan version, committed.
fn committed_state() -> (tempfile::TempDir, SnapshotId, VersionId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("fulcrum.db")).expect("create");
    let snapshot = store
        .save_snapshot(&files(&[
            ("items.csv", "code\nA\n"),
            ("sales.csv", "item,qty\nA,1\n"),
        ]))
        .expect("snapshot");
    let committed = store
        .save_plan_version(&new_version("committed", snapshot), &hand_built_plan())
        .expect("save");
    (dir, snapshot, committed)
}

/// Forty files of 64 KiB: an import large enough to spill pages mid-transaction.
fn big_import() -> Vec<InputFile> {
    (0..40)
        .map(|idx| InputFile {
            name: format!("file-{idx:02}.csv"),
            content: vec![b'a' + idx as u8; 64 * 1024],
        })
        .collect()
}

/// Runs this test binary as a child that starts `write` on `path` and aborts
/// midway, and checks it died by abort.
fn crash_child(path: &Path, write: Write) {
    // Closing the last connection checkpointed and removed the WAL.
    assert!(!path.with_extension("db-wal").exists());
    let status = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            write.test_name(),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DB, path)
        .env(CHILD_WRITE, write.code())
        .status()
        .expect("run child");
    assert!(
        !status.success(),
        "the child must die mid-write: {status:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        const SIGABRT: i32 = 6;
        assert_eq!(
            status.signal(),
            Some(SIGABRT),
            "the child must abort, not fail: {status:?}"
        );
    }
    // The child got uncommitted pages onto disk before dying (the page cache
    // spilled into the WAL), so recovery really has something to ignore.
    let wal = path.with_extension("db-wal");
    let wal_len = std::fs::metadata(&wal).map(|meta| meta.len()).unwrap_or(0);
    assert!(wal_len > 0, "{} is empty", wal.display());
}

/// In the child role for `write` (environment set by [`crash_child`]), starts
/// that write and aborts midway; otherwise returns.
fn run_child_if_asked(write: Write) {
    let Some(path) = std::env::var_os(CHILD_DB) else {
        return;
    };
    if std::env::var(CHILD_WRITE).ok().as_deref() != Some(write.code()) {
        return;
    }
    let mut store = Store::open(Path::new(&path)).expect("child open");
    store.set_write_hook(Box::new(|progress| match *progress {
        WriteProgress::PlanValues { values_written, .. }
            if values_written >= ABORT_AFTER_VALUES =>
        {
            std::process::abort()
        }
        WriteProgress::SnapshotFiles { files_written, .. }
            if files_written >= ABORT_AFTER_FILES =>
        {
            std::process::abort()
        }
        _ => {}
    }));
    if write == Write::Plan {
        let snapshot = store
            .latest_snapshot()
            .expect("latest")
            .expect("a snapshot");
        let result = store.save_plan_version(&new_version("doomed", snapshot), &large_plan(2_000));
        panic!("the save should have been aborted, it returned {result:?}");
    }
    let result = store.save_snapshot(&big_import());
    panic!("the import should have been aborted, it returned {result:?}");
}

/// Reopens after the crash and checks SQLite's integrity check.
fn reopen_sound(path: &Path) -> Store {
    let store = Store::open(path).expect("reopen after crash");
    assert_eq!(
        store.integrity_check().expect("check"),
        vec!["ok".to_string()]
    );
    store
}

/// Rows in `table`, read with a raw connection.
fn count(path: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
        row.get(0)
    })
    .expect("count")
}

fn hand_built_value_count() -> i64 {
    hand_built_plan()
        .series
        .iter()
        .map(|s| s.values.len() as i64)
        .sum()
}
