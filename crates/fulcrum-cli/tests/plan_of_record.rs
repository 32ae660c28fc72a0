//! One plan of record per cycle through the real binary: approving a second
//! version of a cycle supersedes the first, versions show status, strategy and
//! when they were made, and default names are unique.

mod common;

use common::Workspace;

#[test]
fn approving_a_second_version_of_the_cycle_supersedes_the_first() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    let first = ws.ok(&[
        "cycle",
        "--forecast-method",
        "seasonal-naive",
        "--unconstrained",
    ]);
    let second = ws.ok(&[
        "cycle",
        "--forecast-method",
        "seasonal-naive",
        "--unconstrained",
    ]);
    // Default names are unique: the run of the cycle and the strategy.
    assert!(first.contains("#1 (unconstrained)\" saved"), "{first}");
    assert!(second.contains("#2 (unconstrained)\" saved"), "{second}");

    let out = ws.ok(&["approve", "1"]);
    assert!(
        out.contains("it is now locked as the plan of record for cycle"),
        "{out}"
    );
    let out = ws.ok(&["approve", "2"]);
    assert!(
        out.contains(
            "Plan version 1 of the same cycle is superseded: no longer the plan of record, still locked."
        ),
        "{out}"
    );

    let list = ws.ok(&["versions"]);
    let line = |id: &str| {
        list.lines()
            .find(|line| line.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("no version {id} in {list}"))
            .to_string()
    };
    assert!(line("1").contains("superseded by 2"), "{list}");
    assert!(line("1").contains("unconstrained"), "{list}");
    assert!(line("2").contains("approved"), "{list}");
    assert!(
        list.lines()
            .next()
            .is_some_and(|header| header.contains("strategy")),
        "{list}"
    );

    // A superseded version is not approved again, and says why.
    let output = ws.run(&["approve", "1"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("has been superseded by version 2"),
        "{message}"
    );

    // The report names the version, its status, strategy and when it was made.
    let json: serde_json::Value =
        serde_json::from_str(&ws.ok(&["report", "--json", "--version", "1"])).expect("JSON");
    assert_eq!(json["version"]["status"], "superseded");
    assert_eq!(json["version"]["superseded_by"], 2);
    assert_eq!(json["version"]["strategy"], "unconstrained");
    assert!(
        json["version"]["created_at"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z'))
    );
    ws.ok(&["verify"]);
}
