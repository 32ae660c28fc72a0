//! Import and export through the real binary: the demo folder round-trips byte for
//! byte, through CSV and through XLSX, and a rejected import changes nothing.

mod common;

use common::{Workspace, folder_files};

#[test]
fn demo_folder_round_trips_through_import_and_export() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo", "--write", "demo"]);
    let original = folder_files(&ws.path("demo"));
    assert!(original.iter().any(|(name, _)| name == "items.csv"));

    let other = Workspace::new();
    let out = other.ok(&["import", ws.path("demo").to_str().expect("utf-8 path")]);
    assert!(out.contains("as snapshot 1"), "{out}");
    other.ok(&["export", "again"]);
    assert_eq!(folder_files(&other.path("again")), original);

    other.ok(&["export", "book.xlsx"]);
    let third = Workspace::new();
    third.ok(&[
        "import",
        other.path("book.xlsx").to_str().expect("utf-8 path"),
    ]);
    third.ok(&["export", "from-xlsx"]);
    assert_eq!(folder_files(&third.path("from-xlsx")), original);
}

#[test]
fn importing_the_same_data_twice_reuses_the_snapshot() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo", "--write", "demo"]);
    let out = ws.ok(&["import", "demo"]);
    assert!(out.contains("as snapshot 1"), "{out}");
}

/// Each case: a rule, the file to overwrite in the demo folder with bad content,
/// and the exact problem line the import must print.
const BAD_FILES: &[(&str, &str, &str, &str)] = &[
    (
        "missing required column",
        "lanes.csv",
        "from,to,unit_cost\nP-FRE,DC-KAS,1\n",
        "lanes.csv:1:lead_time: missing required column",
    ),
    (
        "unknown reference",
        "on_hand.csv",
        "item,location,quantity\nNO-SUCH-ITEM,DC-KAS,5\n",
        "on_hand.csv:2:item: unknown item 'NO-SUCH-ITEM'",
    ),
    (
        "negative quantity",
        "on_hand.csv",
        "item,location,quantity\nALU-FERR,P-FRE,-5\n",
        "on_hand.csv:2:quantity: must not be negative, got -5",
    ),
    (
        "bucket outside the calendar",
        "budget.csv",
        "family,bucket,volume,revenue\nTENT,2031-01,1,1\n",
        "budget.csv:2:bucket: 2031-01 is outside the calendar (2023-01 to 2027-12)",
    ),
    (
        "not a number",
        "on_hand.csv",
        "item,location,quantity\nALU-FERR,P-FRE,lots\n",
        "on_hand.csv:2:quantity: 'lots' is not a number",
    ),
];

#[test]
fn a_rejected_import_reports_file_row_column_and_changes_nothing() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo", "--write", "demo"]);
    ws.ok(&["export", "before"]);
    let before = folder_files(&ws.path("before"));
    for (rule, file, content, expected) in BAD_FILES {
        let bad = ws.path(&format!("bad-{}", rule.replace(' ', "-")));
        std::fs::create_dir(&bad).expect("mkdir");
        for (name, bytes) in &before {
            std::fs::write(bad.join(name), bytes).expect("copy");
        }
        std::fs::write(bad.join(file), content).expect("write bad file");
        let output = ws.run(&["import", bad.to_str().expect("utf-8 path")]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{rule}: {stderr}");
        assert!(stderr.contains("nothing was imported"), "{rule}: {stderr}");
        assert!(
            stderr.lines().any(|line| line == *expected),
            "{rule}: expected the line {expected:?} in {stderr}"
        );
        let after_dir = ws.path(&format!("after-{}", rule.replace(' ', "-")));
        ws.ok(&["export", after_dir.to_str().expect("utf-8 path")]);
        assert_eq!(
            folder_files(&after_dir),
            before,
            "{rule}: the database changed"
        );
    }
}

#[test]
fn commands_explain_a_missing_database() {
    let ws = Workspace::new();
    let output = ws.run(&["cycle"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("does not exist; create it with `fulcrum init --demo`"),
        "{stderr}"
    );
    assert!(
        !ws.db().exists(),
        "a failed command must not create the database"
    );
}
