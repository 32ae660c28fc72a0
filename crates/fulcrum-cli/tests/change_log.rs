//! End to end: `fulcrum plan set` appends a change, `fulcrum cycle` replays it
//! (the report shows the changed consensus), `plan log` lists it, `plan undo`
//! reverts it (the next cycle gives the original consensus back), and mistakes
//! are one-line errors with exit code 1; `plan upload` takes an overrides file
//! only when every cell is good, and `plan download` writes the grid.

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
        "product: no family or item is coded 'NOPE'",
    );
    fails(
        &ws,
        &[
            "plan", "set", "--layer", "sales", "--family", "TENT", "--period", "2031-Q2",
            "--value", "1", "--reason", "x",
        ],
        "'2031-Q2' is not a period of the horizon",
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

#[test]
fn upload_names_every_bad_cell_and_download_writes_the_grid() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    let bad = ws.path("week49.csv");
    std::fs::write(
        &bad,
        "layer,product,location,customer,period,value\n\
         sales,T-DOME-2,DC-KAS,,2026-05,120\n\
         sales,T-DOME-2,DC-KAS,,2026-05,lots\n\
         rumour,T-DOME-2,,,2026-05,5\n\
         sales,NOPE,,,2026-05,5\n",
    )
    .expect("write");
    let output = ws.run(&["plan", "upload", "week49.csv", "--reason", "customer_intel"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "week49.csv was not taken; nothing changed",
        "week49.csv:3:value:",
        "week49.csv:4:layer:",
        "week49.csv:5:product: no family or item is coded 'NOPE'",
    ] {
        assert!(stderr.contains(expected), "{expected} not in: {stderr}");
    }
    assert!(!stderr.contains("week49.csv:2"), "{stderr}");
    assert!(ws.ok(&["plan", "log"]).contains("is empty"));

    std::fs::write(
        &bad,
        "layer,product,location,customer,period,value\nsales,T-DOME-2,DC-KAS,,2026-05,120\n",
    )
    .expect("write");
    let out = ws.ok(&["plan", "upload", "week49.csv", "--reason", "customer_intel"]);
    assert!(
        out.contains("1 rows of week49.csv appended as changes 1–1"),
        "{out}"
    );
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
    assert!(history.contains("120"), "{history}");

    let out = ws.ok(&["plan", "download", "grid.xlsx", "--product", "TENT"]);
    assert!(out.contains("Wrote grid.xlsx"), "{out}");
    let bytes = std::fs::read(ws.path("grid.xlsx")).expect("workbook");
    assert!(bytes.starts_with(b"PK\x03\x04"), "an .xlsx is a zip");
}

#[test]
fn events_from_the_command_line_change_the_consensus_and_switch_off() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["cycle"]);
    let before = consensus_line(&ws.ok(&["report"]));
    let out = ws.ok(&[
        "plan",
        "promotion",
        "--name",
        "Spring sale",
        "--product",
        "TENT",
        "--start",
        "2026-05",
        "--end",
        "2026-06",
        "--uplift",
        "25",
        "--dip",
        "10",
        "--dip-months",
        "1",
        "--reason",
        "promotion",
    ]);
    assert!(out.contains("Change 1 appended"), "{out}");
    assert!(out.contains("add event 1 \"Spring sale\""), "{out}");
    fails(
        &ws,
        &[
            "plan",
            "launch",
            "--name",
            "Dome 3",
            "--item",
            "T-DOME-2",
            "--like",
            "NOPE",
            "--volume",
            "500",
            "--start",
            "2026-07",
            "--reason",
            "new_business",
        ],
        "like_item: no item is coded 'NOPE'",
    );
    let events = ws.ok(&["plan", "events"]);
    assert!(
        events.contains("Spring sale") && events.contains("promotion") && events.contains(" on "),
        "{events}"
    );
    ws.ok(&["cycle"]);
    let promoted = consensus_line(&ws.ok(&["report"]));
    assert_ne!(promoted, before, "the promotion lifts the consensus");

    ws.ok(&["plan", "event-off", "1", "--reason", "promotion"]);
    assert!(ws.ok(&["plan", "events"]).contains(" off "));
    ws.ok(&["cycle"]);
    assert_eq!(
        consensus_line(&ws.ok(&["report"])),
        before,
        "switched off: as before"
    );
}
