//! A rejected import changes nothing in the database, whatever the damage:
//! damaged copies of the demo folder are imported through the real binary, and
//! every rejection (exit 1) must leave the stored snapshots exactly as they were
//! and name a file in every problem line.

mod common;

use std::sync::OnceLock;

use common::{Workspace, folder_files};
use proptest::prelude::*;

/// The demo company as files, written once.
fn demo() -> &'static Vec<(String, Vec<u8>)> {
    static DEMO: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    DEMO.get_or_init(|| {
        let ws = Workspace::new();
        ws.ok(&["init", "--demo", "--write", "demo"]);
        folder_files(&ws.path("demo"))
    })
}

/// What the store holds of its inputs: every snapshot's hash and save order,
/// and every file's name and size.
fn stored(ws: &Workspace) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(ws.db()).expect("raw open");
    let mut state: Vec<(String, i64)> = conn
        .prepare("SELECT content_hash, last_saved FROM snapshots ORDER BY id")
        .expect("prepare")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let files: Vec<(String, i64)> = conn
        .prepare(
            "SELECT snapshot_id || '/' || name, length(content) FROM snapshot_files ORDER BY 1",
        )
        .expect("prepare")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    state.extend(files);
    state
}

#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize, usize),
    DropField(usize, usize, usize),
    Bytes(usize, usize, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(file, at)| Damage::Truncate(file, at)),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(file, row, field)| Damage::DropField(file, row, field)),
        (
            any::<usize>(),
            any::<usize>(),
            prop::collection::vec(any::<u8>(), 1..8)
        )
            .prop_map(|(file, at, bytes)| Damage::Bytes(file, at, bytes)),
    ]
}

fn apply(files: &mut [(String, Vec<u8>)], damage: &Damage) {
    let n_files = files.len();
    match damage {
        Damage::Truncate(file, at) => {
            let bytes = &mut files[file % n_files].1;
            let n_bytes = bytes.len().max(1);
            bytes.truncate(at % n_bytes);
        }
        Damage::DropField(file, row, field) => {
            let bytes = &mut files[file % n_files].1;
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.len() > 1 {
                let row = 1 + row % (lines.len() - 1);
                let mut cells: Vec<&str> = lines[row].split(',').collect();
                let field = field % cells.len();
                cells.remove(field);
                lines[row] = cells.join(",");
            }
            *bytes = (lines.join("\n") + "\n").into_bytes();
        }
        Damage::Bytes(file, at, random) => {
            let bytes = &mut files[file % n_files].1;
            let n_bytes = bytes.len().max(1);
            for (offset, value) in random.iter().enumerate() {
                let at = at % n_bytes + offset;
                if at < bytes.len() {
                    bytes[at] = *value;
                }
            }
        }
    }
}

proptest! {
    // Each case runs the binary once; 24 cases take a few seconds.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_rejected_import_leaves_the_database_unchanged(damage in damage()) {
        let ws = Workspace::new();
        ws.ok(&["init", "--demo"]);
        let before = stored(&ws);
        let mut files = demo().clone();
        apply(&mut files, &damage);
        let dir = ws.path("damaged");
        std::fs::create_dir(&dir).expect("mkdir");
        for (name, bytes) in &files {
            std::fs::write(dir.join(name), bytes).expect("write");
        }
        let output = ws.run(&["import", "damaged"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        match output.status.code() {
            Some(0) => {}
            Some(1) => {
                prop_assert_eq!(stored(&ws), before, "a rejected import changed the store: {}", stderr);
                let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
                for line in stderr.lines().skip(1) {
                    prop_assert!(
                        names.iter().any(|name| line.starts_with(&format!("{name}:"))),
                        "a problem line names no file: {}", line
                    );
                }
            }
            other => prop_assert!(false, "exit code {:?}: {}", other, stderr),
        }
    }
}
