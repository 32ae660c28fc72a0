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

/// How a bad case changes the valid demo folder.
enum Change {
    /// Replace (or add) a file with this content.
    Write(&'static str, &'static str),
    /// Delete a file.
    Remove(&'static str),
    /// Replace the first occurrence of a text in a file.
    Edit(&'static str, &'static str, &'static str),
}

/// Each case: a validation rule, the change that breaks it, and the exact problem
/// line the import must print. Every rule of docs/data-format.md also has a unit test
/// in fulcrum-io (tests/validation.rs); these prove the whole path: exit code 1, the
/// message, and an unchanged database.
const BAD_CASES: &[(&str, Change, &str)] = &[
    (
        "missing required column",
        Change::Write("lanes.csv", "from,to,unit_cost\nP-FRE,DC-KAS,1\n"),
        "lanes.csv:1:lead_time: missing required column",
    ),
    (
        "unknown column",
        Change::Write(
            "on_hand.csv",
            "item,location,quantity,colour\nALU-FERR,P-FRE,5,red\n",
        ),
        "on_hand.csv:1:colour: unknown column",
    ),
    (
        "missing required file",
        Change::Remove("items.csv"),
        "items.csv: missing required file",
    ),
    (
        "unknown file",
        Change::Write("lanse.csv", "from,to,lead_time\nP-FRE,DC-KAS,1\n"),
        "lanse.csv: unknown file",
    ),
    (
        "unknown reference",
        Change::Write(
            "on_hand.csv",
            "item,location,quantity\nNO-SUCH-ITEM,DC-KAS,5\n",
        ),
        "on_hand.csv:2:item: unknown item 'NO-SUCH-ITEM'",
    ),
    (
        "duplicate key",
        Change::Write(
            "on_hand.csv",
            "item,location,quantity\nALU-FERR,P-FRE,5\nALU-FERR,P-FRE,6\n",
        ),
        "on_hand.csv:3:item: duplicate row for item 'ALU-FERR', location 'P-FRE' (first on row 2)",
    ),
    (
        "negative quantity",
        Change::Write("on_hand.csv", "item,location,quantity\nALU-FERR,P-FRE,-5\n"),
        "on_hand.csv:2:quantity: must not be negative, got -5",
    ),
    (
        "not a number",
        Change::Write(
            "on_hand.csv",
            "item,location,quantity\nALU-FERR,P-FRE,lots\n",
        ),
        "on_hand.csv:2:quantity: 'lots' is not a number",
    ),
    (
        "lead time not whole",
        Change::Write(
            "supplier_items.csv",
            "supplier,item,location,lead_time,min_order,order_multiple,unit_cost\nS-ALU,ALU-FERR,P-FRE,1.5,5000,1000,0.12\n",
        ),
        "supplier_items.csv:2:lead_time: must be a whole number, got 1.5",
    ),
    (
        "bom cycle",
        Change::Write(
            "bom.csv",
            "parent,component,quantity_per,scrap\nB-DAY-20,I-POLESEG,1,0\nI-POLESEG,B-DAY-20,1,0\n",
        ),
        "bom.csv:2:component: bom cycle B-DAY-20 -> I-POLESEG -> B-DAY-20",
    ),
    (
        "unit of measure",
        Change::Edit("items.csv", ",PCS,", ",BARRELS,"),
        "items.csv:2:uom: 'BARRELS' is not a unit of measure (one of EA, PCS, BOX, CASE, PAL, KG, G, T, L, ML, M, M2, M3)",
    ),
    (
        "bad label",
        Change::Edit("open_orders.csv", ",production,", ",rework,"),
        "open_orders.csv:2:kind: 'rework' is not one of purchase, production, transfer",
    ),
    (
        "bucket outside the calendar",
        Change::Write(
            "budget.csv",
            "family,bucket,volume,revenue\nTENT,2031-01,1,1\n",
        ),
        "budget.csv:2:bucket: 2031-01 is outside the calendar (2023-01 to 2027-12)",
    ),
    (
        "sales outside history",
        Change::Write(
            "sales.csv",
            "item,location,customer,bucket,quantity\nB-DAY-20,DC-JKG,C-NORDSPORT,2026-03,61\n",
        ),
        "sales.csv:2:bucket: 2026-03 is not a history bucket (2023-01 to 2025-12)",
    ),
    (
        "short row",
        Change::Write(
            "supplier_items.csv",
            "supplier,item,location,lead_time,min_order,order_multiple,unit_cost\nS-ALU,ALU-FERR,P-FRE\n",
        ),
        "supplier_items.csv:2:lead_time: missing field (row has 3 of 7 fields)",
    ),
    (
        "settings out of range",
        Change::Edit("settings.csv", ",36,24", ",36,12"),
        "settings.csv:2:horizon_buckets: horizon must be between 18 and 36 buckets, got 12",
    ),
];

#[test]
fn a_rejected_import_reports_file_row_column_and_changes_nothing() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo", "--write", "demo"]);
    ws.ok(&["export", "before"]);
    let before = folder_files(&ws.path("before"));
    for (rule, change, expected) in BAD_CASES {
        let slug = rule.replace(' ', "-");
        let bad = ws.path(&format!("bad-{slug}"));
        std::fs::create_dir(&bad).expect("mkdir");
        for (name, bytes) in &before {
            std::fs::write(bad.join(name), bytes).expect("copy");
        }
        match change {
            Change::Write(file, content) => std::fs::write(bad.join(file), content),
            Change::Remove(file) => std::fs::remove_file(bad.join(file)),
            Change::Edit(file, from, to) => {
                let text = std::fs::read_to_string(bad.join(file)).expect("read");
                assert!(text.contains(from), "{rule}: {file} has no {from:?}");
                std::fs::write(bad.join(file), text.replacen(from, to, 1))
            }
        }
        .expect("apply change");
        let output = ws.run(&["import", bad.to_str().expect("utf-8 path")]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{rule}: {stderr}");
        assert!(stderr.contains("nothing was imported"), "{rule}: {stderr}");
        assert!(
            stderr.lines().any(|line| line == *expected),
            "{rule}: expected the line {expected:?} in {stderr}"
        );
        let after = ws.path(&format!("after-{slug}"));
        ws.ok(&["export", after.to_str().expect("utf-8 path")]);
        assert_eq!(folder_files(&after), before, "{rule}: the database changed");
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

#[test]
fn report_writes_json_html_and_the_plan_workbook() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["cycle", "--forecast-method", "seasonal-naive"]);
    let out = ws.ok(&[
        "report",
        "--json",
        "--html",
        "fulcrum-report.html",
        "--xlsx",
        "plan.xlsx",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["version"]["id"], 1);
    assert_eq!(
        json["version"]["company"],
        "Alpenglow Outdoor Equipment GmbH"
    );
    let codes: Vec<&str> = json["kpis"]
        .as_array()
        .expect("kpis")
        .iter()
        .map(|kpi| kpi["code"].as_str().expect("code"))
        .collect();
    for code in [
        "total_revenue",
        "gross_margin",
        "fill_rate",
        "capacity_utilisation",
        "budget_revenue_gap",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    assert!(
        std::fs::read_to_string(ws.path("fulcrum-report.html"))
            .expect("html")
            .contains("<svg")
    );
    assert!(
        std::fs::read(ws.path("plan.xlsx"))
            .expect("xlsx")
            .starts_with(b"PK")
    );
}

#[test]
fn an_approved_version_is_locked() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    ws.ok(&["cycle", "--forecast-method", "seasonal-naive"]);
    let out = ws.ok(&["approve", "1"]);
    assert!(out.contains("Approved plan version 1"), "{out}");
    let again = ws.run(&["approve", "1"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already approved"));
    let missing = ws.run(&["approve", "9"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(ws.ok(&["versions"]).contains("approved"));
}

#[test]
fn cycle_strategies_are_costed_side_by_side() {
    let ws = Workspace::new();
    ws.ok(&["init", "--demo"]);
    let mut costs = Vec::new();
    for strategy in ["optimal", "level", "chase"] {
        ws.ok(&[
            "cycle",
            "--forecast-method",
            "seasonal-naive",
            "--strategy",
            strategy,
        ]);
        let json: serde_json::Value =
            serde_json::from_str(&ws.ok(&["report", "--json"])).expect("JSON");
        let cost = json["kpis"]
            .as_array()
            .expect("kpis")
            .iter()
            .find(|kpi| kpi["code"] == "constrained_plan_cost")
            .and_then(|kpi| kpi["value"].as_f64())
            .expect("constrained_plan_cost");
        costs.push(cost);
    }
    // The cost-optimal plan is never dearer than level or chase.
    assert!(
        costs[0] <= costs[1] + 1e-6 && costs[0] <= costs[2] + 1e-6,
        "{costs:?}"
    );
}
