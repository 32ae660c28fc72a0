//! End to end: `fulcrum plan set` appends a change, `fulcrum cycle` replays it
//! (the report shows the changed consensus), `plan log` lists it, `plan undo`
//! reverts it (the next cycle gives the original consensus back), and mistakes
//! are one-line errors with exit code 1.

mod common;

use common::Workspace;

/// The "Consensus demand" line of `fulcrum report`.
fn consensus_line(report: &str) -> String {
    report
        .lines()
        .find(|line| line.starts_with("Consensus demand"))
        .expect("a consensus line")
        .to_string()
}

fn fails(ws: &Workspace, args: &[&str], expected: &str) {
    let output = ws.run(args);
    assert_eq!(output.status.code(), Some(1), "{args:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(expected), "{args:?}: {stderr}");
}

#[test]
fn set_cycle_log_undo() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["cycle"]);
    let before = consensus_line(&ws.ok(&["report"]));

    let out = ws.ok(&[
        "plan",
        "set",
        "--layer",
        "sales",
        "--family",
        "TENT",
        "--period",
        "2026-Q2",
        "--value",
        "120000",
        "--reason",
        "customer_intel",
        "--comment",
        "big order",
        "--author",
        "ana",
    ]);
    assert!(out.contains("Change 1 appended"), "{out}");
    let out = ws.ok(&["cycle"]);
    assert!(out.contains("Replayed 1 changes"), "{out}");
    let edited = consensus_line(&ws.ok(&["report"]));
    assert_ne!(edited, before);

    let log = ws.ok(&["plan", "log"]);
    assert!(log.contains("ana"), "{log}");
    assert!(log.contains("customer_intel"), "{log}");
    assert!(log.contains("120,000"), "{log}");

    fails(
        &ws,
        &[
            "plan", "set", "--layer", "sales", "--family", "NOPE", "--period", "2026-Q2",
            "--value", "1", "--reason", "x",
        ],
        "unknown family 'NOPE'",
    );
    fails(
        &ws,
        &[
            "plan", "set", "--layer", "sales", "--family", "TENT", "--period", "2031-Q2",
            "--value", "1", "--reason", "x",
        ],
        "bad period '2031-Q2'",
    );
    // a stale edit: made against revision 0, but change 1 has since touched its cells
    fails(
        &ws,
        &[
            "plan",
            "set",
            "--layer",
            "sales",
            "--family",
            "TENT",
            "--period",
            "2026-05",
            "--value",
            "1",
            "--reason",
            "x",
            "--base-revision",
            "0",
        ],
        "conflict",
    );

    ws.ok(&["plan", "undo", "1", "--reason", "oops", "--author", "bob"]);
    ws.ok(&["cycle"]);
    assert_eq!(consensus_line(&ws.ok(&["report"])), before);
    let history = ws.ok(&[
        "plan",
        "history",
        "--item",
        "T-DOME-2",
        "--location",
        "DC-KAS",
        "--period",
        "2026-05",
    ]);
    assert!(
        history.contains("customer_intel") && history.contains("oops"),
        "{history}"
    );
}
