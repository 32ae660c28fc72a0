//! A process killed in the middle of saving a plan version leaves the last
//! committed state intact.
//!
//! The test re-executes its own binary as a child process (selected by
//! [`CHILD_DB`]) that starts saving a large plan and aborts mid-transaction,
//! after tens of thousands of values are written and some pages have likely
//! spilled to the WAL. The parent then reopens the file and checks that
//! nothing of the aborted save is visible.

mod common;

use std::process::Command;

use common::{assert_same_plan, files, hand_built_plan, large_plan, new_version};
use fulcrum_store::Store;

/// Set in the child's environment to the database path; selects the child role.
const CHILD_DB: &str = "FULCRUM_STORE_CRASH_CHILD_DB";
/// Values the child writes before aborting.
const ABORT_AFTER_VALUES: usize = 60_000;

#[test]
fn killed_mid_save_leaves_last_commit_intact() {
    if let Some(path) = std::env::var_os(CHILD_DB) {
        child_saves_then_aborts(std::path::Path::new(&path));
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("fulcrum.db");
    let (snapshot, committed) = {
        let mut store = Store::open(&path).expect("create");
        let snapshot = store
            .save_snapshot(&files(&[("items.csv", "code\nA\n")]))
            .expect("snapshot");
        let committed = store
            .save_plan_version(&new_version("committed", snapshot), &hand_built_plan())
            .expect("save");
        (snapshot, committed)
    };
    let before = Store::open(&path)
        .expect("open")
        .plan_versions()
        .expect("list");

    let status = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "killed_mid_save_leaves_last_commit_intact",
            "--nocapture",
        ])
        .env(CHILD_DB, &path)
        .status()
        .expect("run child");
    assert!(!status.success(), "the child must die mid-save: {status:?}");
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

    let mut store = Store::open(&path).expect("reopen after crash");
    assert_eq!(
        store.integrity_check().expect("check"),
        vec!["ok".to_string()]
    );
    assert_eq!(store.plan_versions().expect("list"), before);
    assert_same_plan(
        &store.load_plan(committed).expect("load"),
        &hand_built_plan(),
    );
    let orphan_values: i64 = {
        // No value row of the aborted version survived.
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.query_row(
            "SELECT COUNT(*) FROM series_values WHERE version_id <> ?1",
            [committed.0],
            |row| row.get(0),
        )
        .expect("count")
    };
    assert_eq!(orphan_values, 0);

    // The store is fully usable afterwards.
    let next = store
        .save_plan_version(&new_version("after crash", snapshot), &large_plan(10))
        .expect("save after crash");
    assert_eq!(store.load_plan(next).expect("load"), large_plan(10));
}

/// The child: open the same file, start saving ~120k values, abort midway.
fn child_saves_then_aborts(path: &std::path::Path) -> ! {
    let mut store = Store::open(path).expect("child open");
    let snapshot = store
        .latest_snapshot()
        .expect("latest")
        .expect("a snapshot");
    store.set_write_hook(Box::new(|progress| {
        if progress.values_written >= ABORT_AFTER_VALUES {
            std::process::abort();
        }
    }));
    let result = store.save_plan_version(&new_version("doomed", snapshot), &large_plan(2_000));
    panic!("the save should have been aborted, it returned {result:?}");
}
