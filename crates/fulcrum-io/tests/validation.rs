//! One test per validation rule of `docs/data-format.md`: a small bad dataset
//! and the exact messages it must produce. Import is pure and returns either a
//! whole dataset or an error, so each rejection also proves nothing was imported.

mod common;

use common::{check_rejects, check_rejects_files, valid};

#[test]
fn the_fixture_is_valid() {
    let dataset = fulcrum_io::import_csv_files(&valid().files()).expect("valid fixture");
    assert_eq!(dataset.items.len(), 4);
    assert_eq!(dataset.open_orders.len(), 3);
}

// ---- files --------------------------------------------------------------

#[test]
fn missing_required_file() {
    check_rejects(
        valid().remove("items.csv"),
        &["items.csv: missing required file"],
    );
    check_rejects(
        valid().remove("settings.csv").remove("locations.csv"),
        &[
            "settings.csv: missing required file",
            "locations.csv: missing required file",
        ],
    );
}

#[test]
fn optional_files_may_be_left_out() {
    let fixture = valid()
        .remove("sales.csv")
        .remove("budget.csv")
        .remove("inventory_policy.csv");
    let dataset = fulcrum_io::import_csv_files(&fixture.files()).expect("valid");
    assert!(dataset.sales.is_empty() && dataset.budget.is_empty());
}

#[test]
fn unknown_file() {
    check_rejects(
        valid().set("item.csv", "code\n").set("Items.csv", "code\n"),
        &[
            "Items.csv: unknown file; did you mean 'items.csv'?",
            "item.csv: unknown file",
        ],
    );
}

#[test]
fn file_given_twice() {
    let mut files = valid().files();
    files.push((
        "suppliers.csv".into(),
        b"code,name\nS1,Supplier 1\n".to_vec(),
    ));
    check_rejects_files(&files, &["suppliers.csv: file given twice"]);
}

#[test]
fn empty_file() {
    check_rejects(
        valid().set("suppliers.csv", ""),
        // References to suppliers are not checked against a file that could not be read.
        &["suppliers.csv: empty file; expected a header row"],
    );
}

#[test]
fn invalid_utf8() {
    let mut files = valid().files();
    for (name, bytes) in &mut files {
        if name == "customers.csv" {
            *bytes = b"code,name,channel\nC1,Caf\xe9,RET\n".to_vec();
        }
    }
    check_rejects_files(&files, &["customers.csv:2:name: not valid UTF-8"]);
}

// ---- header -------------------------------------------------------------

#[test]
fn missing_required_column() {
    check_rejects(
        valid().set("customers.csv", "code,name\nC1,Customer 1\n"),
        &["customers.csv:1:channel: missing required column"],
    );
}

#[test]
fn unknown_column() {
    check_rejects(
        valid()
            .edit(
                "customers.csv",
                "code,name,channel",
                "code,name,channel,colour",
            )
            .edit(
                "customers.csv",
                "C1,Customer 1,RET",
                "C1,Customer 1,RET,red",
            ),
        &["customers.csv:1:colour: unknown column"],
    );
    check_rejects(
        valid().edit("customers.csv", "code,name,channel", "Code,name,channel"),
        &[
            "customers.csv:1:Code: unknown column; did you mean 'code'?",
            "customers.csv:1:code: missing required column",
        ],
    );
}

#[test]
fn duplicate_column() {
    check_rejects(
        valid().set("suppliers.csv", "code,name,name\nS1,Supplier 1,Other\n"),
        &["suppliers.csv:1:name: duplicate column"],
    );
}

#[test]
fn value_in_a_column_without_header() {
    check_rejects(
        valid().set(
            "suppliers.csv",
            "code,name,\nS1,Supplier 1,oops\nS2,Supplier 2,\n",
        ),
        &["suppliers.csv:2:column 3: value in a column that has no header"],
    );
}

// ---- field counts (CSV) -------------------------------------------------

const SUPPLIER_ITEMS_HEADER: &str =
    "supplier,item,location,lead_time,min_order,order_multiple,lead_time_sd,unit_cost\n";

#[test]
fn short_row_in_supplier_items_is_rejected() {
    check_rejects(
        valid().set(
            "supplier_items.csv",
            &format!("{SUPPLIER_ITEMS_HEADER}S1,RM1,P1,2,100,50,0.5,1.4\nS1,RM1,DC1,2,100,50\n"),
        ),
        &["supplier_items.csv:3:lead_time_sd: missing field (row has 6 of 8 fields)"],
    );
}

#[test]
fn long_row_in_supplier_items_is_rejected() {
    check_rejects(
        valid().set(
            "supplier_items.csv",
            &format!("{SUPPLIER_ITEMS_HEADER}S1,RM1,P1,2,100,50,0.5,1.4,\n"),
        ),
        &["supplier_items.csv:2:column 9: extra field (row has 9 fields, the header 8)"],
    );
}

#[test]
fn a_short_row_is_reported_once_and_its_code_still_counts() {
    // FG1 is referenced from many files; its short row must not bury the
    // report in "unknown item" messages or in empty required values.
    check_rejects(
        valid().edit(
            "items.csv",
            "FG1,Widget,F1,EA,finished,10,4,1,0.5,1,",
            "FG1,Widget,F1",
        ),
        &["items.csv:2:uom: missing field (row has 3 of 11 fields)"],
    );
}

#[test]
fn a_missing_field_under_an_unnamed_column_is_named_by_position() {
    check_rejects(
        valid().set("suppliers.csv", "code,name,\nS1,Supplier 1\n"),
        &["suppliers.csv:2:column 3: missing field (row has 2 of 3 fields)"],
    );
}

#[test]
fn file_cut_off_mid_row_is_rejected() {
    let cut = format!("{SUPPLIER_ITEMS_HEADER}S1,RM1,P1,2,10");
    check_rejects(
        valid().set("supplier_items.csv", &cut),
        &["supplier_items.csv:2:order_multiple: missing field (row has 5 of 8 fields)"],
    );
}

#[test]
fn file_cut_off_inside_a_quoted_value_is_rejected() {
    // All eight fields are there, but the last one was cut in its quotes.
    let cut = format!("{SUPPLIER_ITEMS_HEADER}S1,RM1,P1,2,100,50,0.5,\"1.");
    check_rejects(
        valid().set("supplier_items.csv", &cut),
        &["supplier_items.csv:2:unit_cost: the file ends inside a quoted value (is it cut off?)"],
    );
    // A quote inside an unquoted value is a literal quote, not a cut.
    let fixture = valid().edit("suppliers.csv", "S1,Supplier 1", "S1,Supplier 1 5\"");
    assert!(fulcrum_io::import_csv_files(&fixture.files()).is_ok());
}

#[test]
fn blank_rows_may_have_any_number_of_fields() {
    let fixture = valid().set("suppliers.csv", "code,name\nS1,Supplier 1\n,,,\n,\n");
    assert!(fulcrum_io::import_csv_files(&fixture.files()).is_ok());
}

// ---- cells --------------------------------------------------------------

#[test]
fn required_value_empty() {
    check_rejects(
        valid().edit(
            "items.csv",
            "FG1,Widget,F1,EA,finished,10,",
            "FG1,,F1,EA,finished,,",
        ),
        &[
            "items.csv:2:name: required value is empty",
            "items.csv:2:price: required value is empty",
        ],
    );
}

#[test]
fn bad_number() {
    check_rejects(
        valid().edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,lots"),
        &["on_hand.csv:2:quantity: 'lots' is not a number"],
    );
    check_rejects(
        valid().edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,\"1,5\""),
        &["on_hand.csv:2:quantity: '1,5' is not a number (use '.' as the decimal separator)"],
    );
    check_rejects(
        valid().edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,NaN"),
        &["on_hand.csv:2:quantity: 'NaN' is not a number"],
    );
}

#[test]
fn bad_labels() {
    check_rejects(
        valid()
            .edit(
                "items.csv",
                "FG1,Widget,F1,EA,finished",
                "FG1,Widget,F1,EA,Finished",
            )
            .edit("locations.csv", "DC1,DC 1,dc", "DC1,DC 1,warehouse")
            .edit("open_orders.csv", "WO1,production", "WO1,work"),
        &[
            "items.csv:2:type: 'Finished' is not one of finished, intermediate, purchased",
            "locations.csv:3:kind: 'warehouse' is not one of plant, dc",
            "open_orders.csv:4:kind: 'work' is not one of purchase, production, transfer",
        ],
    );
}

#[test]
fn unit_of_measure() {
    check_rejects(
        valid().edit("items.csv", "RM1,Steel,F1,KG", "RM1,Steel,F1,kg"),
        &["items.csv:4:uom: 'kg' is not a unit of measure \
           (one of EA, PCS, BOX, CASE, PAL, KG, G, T, L, ML, M, M2, M3)"],
    );
}

#[test]
fn negative_quantities_costs_and_lead_times() {
    check_rejects(
        valid()
            .edit(
                "items.csv",
                "RM1,Steel,F1,KG,purchased,0,1.5,0,0,0",
                "RM1,Steel,F1,KG,purchased,0,-1.5,0,0,-1",
            )
            .edit("on_hand.csv", "RM1,P1,500", "RM1,P1,-500")
            .edit("lanes.csv", "P1,DC1,1,0.2", "P1,DC1,1,-0.2"),
        &[
            "items.csv:4:material_cost: must not be negative, got -1.5",
            "items.csv:4:lead_time: must not be negative, got -1",
            "lanes.csv:2:unit_cost: must not be negative, got -0.2",
            "on_hand.csv:3:quantity: must not be negative, got -500",
        ],
    );
}

#[test]
fn lead_times_are_whole_buckets() {
    check_rejects(
        valid()
            .edit("supplier_items.csv", "S1,RM1,P1,2,", "S1,RM1,P1,1.5,")
            .edit("lanes.csv", "P1,DC1,1,", "P1,DC1,0.5,"),
        &[
            "supplier_items.csv:2:lead_time: must be a whole number, got 1.5",
            "lanes.csv:2:lead_time: must be a whole number, got 0.5",
        ],
    );
}

// ---- keys and references --------------------------------------------------

#[test]
fn duplicate_keys() {
    check_rejects(
        valid()
            .append("suppliers.csv", "S1,Supplier again")
            .append("sales.csv", "FG1,DC1,C1,2025-11,5"),
        &[
            "suppliers.csv:3:code: duplicate code 'S1' (first on row 2)",
            "sales.csv:4:item: duplicate row for item 'FG1', location 'DC1', customer 'C1', \
             bucket '2025-11' (first on row 2)",
        ],
    );
}

#[test]
fn unknown_references() {
    check_rejects(
        valid()
            .edit("families.csv", "F1,Family 1,ALL", "F1,Family 1,TOP")
            .edit("items.csv", "FG2,New widget,F1", "FG2,New widget,F9")
            .edit("locations.csv", "DC1,DC 1,dc,EU", "DC1,DC 1,dc,US")
            .edit("customers.csv", "C1,Customer 1,RET", "C1,Customer 1,WHS")
            .edit("resource_capacity.csv", "R1,", "R2,")
            .edit("routings.csv", "SA1,R1", "SA9,R1")
            .edit("supplier_items.csv", "S1,RM1,P1", "S2,RM1,P2")
            .edit("lanes.csv", "P1,DC1", "P1,DC2")
            .edit("sales.csv", "FG1,DC1,C1,2025-12", "FG1,DC1,C2,2025-12")
            .edit("budget.csv", "F1,", "F2,"),
        &[
            "families.csv:3:parent: unknown family 'TOP'",
            "items.csv:5:family: unknown family 'F9'",
            "locations.csv:3:region: unknown region 'US'",
            "customers.csv:2:channel: unknown channel 'WHS'",
            "resource_capacity.csv:2:resource: unknown resource 'R2'",
            "routings.csv:3:item: unknown item 'SA9'",
            "supplier_items.csv:2:supplier: unknown supplier 'S2'",
            "supplier_items.csv:2:location: unknown location 'P2'",
            "lanes.csv:2:to: unknown location 'DC2'",
            "sales.csv:3:customer: unknown customer 'C2'",
            "budget.csv:2:family: unknown family 'F2'",
        ],
    );
}

#[test]
fn unknown_references_in_open_orders() {
    check_rejects(
        valid()
            .edit(
                "open_orders.csv",
                "PO1,purchase,RM1,P1,,S1",
                "PO1,purchase,RM9,P1,,S9",
            )
            .edit(
                "open_orders.csv",
                "TO1,transfer,FG1,DC1,P1",
                "TO1,transfer,FG1,DC1,P9",
            ),
        &[
            "open_orders.csv:2:item: unknown item 'RM9'",
            "open_orders.csv:2:supplier: unknown supplier 'S9'",
            "open_orders.csv:3:from: unknown location 'P9'",
        ],
    );
}

#[test]
fn a_file_without_its_code_column_does_not_cascade() {
    // Every item reference would be unknown; only the real problem is reported.
    check_rejects(
        valid().edit("items.csv", "code,name,family", "id,name,family"),
        &[
            "items.csv:1:id: unknown column",
            "items.csv:1:code: missing required column",
        ],
    );
}

#[test]
fn bom_cycle() {
    check_rejects(
        valid().append("bom.csv", "RM1,FG1,1,").edit(
            "items.csv",
            "RM1,Steel,F1,KG,purchased",
            "RM1,Steel,F1,KG,intermediate",
        ),
        &[
            "bom.csv:2:component: bom cycle FG1 -> SA1 -> RM1 -> FG1",
            "supplier_items.csv:2:item: item 'RM1' is intermediate; only purchased items have suppliers",
        ],
    );
}

#[test]
fn bom_self_cycle() {
    check_rejects(
        valid().append("bom.csv", "FG2,FG2,1,"),
        &["bom.csv:5:component: bom cycle FG2 -> FG2"],
    );
}

#[test]
fn hierarchy_cycle() {
    check_rejects(
        valid()
            .edit("families.csv", "ALL,All products,", "ALL,All products,F1")
            .append("regions.csv", "NORTH,North,NORTH"),
        &[
            "families.csv:2:parent: hierarchy cycle ALL -> F1 -> ALL",
            "regions.csv:3:parent: hierarchy cycle NORTH -> NORTH",
            // The fixture's plan fix of ALL no longer names a top-level family.
            "plan_fixes.csv:2:code: family 'ALL' is not a top-level family (its parent is 'F1'); the constrained plan is by top-level family",
            // And neither do its consensus rules.
            "consensus_rules.csv:2:family: family 'ALL' is not a top-level family (its parent is 'F1'); the consensus rules are by top-level family",
            "consensus_rules.csv:3:family: family 'ALL' is not a top-level family (its parent is 'F1'); the consensus rules are by top-level family",
        ],
    );
}

// ---- calendar -------------------------------------------------------------

#[test]
fn malformed_bucket() {
    check_rejects(
        valid().edit("budget.csv", "F1,2026-01", "F1,2026-1").edit(
            "resource_capacity.csv",
            "R1,2026-08",
            "R1,Aug 2026",
        ),
        &[
            "resource_capacity.csv:2:bucket: 'Aug 2026' is not a month (expected YYYY-MM)",
            "budget.csv:2:bucket: '2026-1' is not a month (expected YYYY-MM)",
        ],
    );
}

#[test]
fn bucket_outside_the_calendar() {
    check_rejects(
        valid().edit("budget.csv", "F1,2026-01", "F1,2027-07").edit(
            "items.csv",
            "2026-03",
            "2024-12",
        ),
        &[
            "items.csv:5:launch: 2024-12 is outside the calendar (2025-01 to 2027-06)",
            "budget.csv:2:bucket: 2027-07 is outside the calendar (2025-01 to 2027-06)",
        ],
    );
}

#[test]
fn sales_must_be_in_history() {
    check_rejects(
        valid()
            .edit("sales.csv", "2025-12", "2026-01")
            .edit("sales.csv", "2025-11", "2024-11"),
        &[
            "sales.csv:2:bucket: 2024-11 is not a history bucket (2025-01 to 2025-12)",
            "sales.csv:3:bucket: 2026-01 is not a history bucket (2025-01 to 2025-12)",
        ],
    );
}

#[test]
fn sales_need_a_history() {
    check_rejects(
        valid().edit("settings.csv", "2026-01,12,18", "2026-01,0,18"),
        &[
            "sales.csv:2:bucket: 2025-11 is not a history bucket (the calendar has no history buckets)",
            "sales.csv:3:bucket: 2025-12 is not a history bucket (the calendar has no history buckets)",
        ],
    );
}

#[test]
fn open_orders_must_be_in_the_horizon() {
    check_rejects(
        valid().edit("open_orders.csv", "300,2026-02", "300,2025-12"),
        &["open_orders.csv:2:due: 2025-12 is not a horizon bucket (2026-01 to 2027-06)"],
    );
}

// ---- settings -------------------------------------------------------------

#[test]
fn settings_ranges() {
    check_rejects(
        valid().edit("settings.csv", "month,2026-01,12,18", "week,2026-13,121,12"),
        &[
            "settings.csv:2:granularity: 'week' is not one of month",
            "settings.csv:2:plan_start: '2026-13' is not a month (expected YYYY-MM)",
            "settings.csv:2:history_buckets: history must be at most 120 buckets, got 121",
            "settings.csv:2:horizon_buckets: horizon must be between 18 and 36 buckets, got 12",
        ],
    );
    check_rejects(
        valid().edit("settings.csv", "2026-01,12,18", "2026-01,12,37"),
        &["settings.csv:2:horizon_buckets: horizon must be between 18 and 36 buckets, got 37"],
    );
    check_rejects(
        valid().edit("settings.csv", "2026-01,12,18", "2026-01,12.5,18"),
        &["settings.csv:2:history_buckets: must be a whole number, got 12.5"],
    );
}

#[test]
fn settings_need_exactly_one_row() {
    check_rejects(
        valid().append("settings.csv", "Other,USD,month,2026-01,12,18"),
        &["settings.csv:3: exactly one row expected, found 2"],
    );
    check_rejects(
        valid().set(
            "settings.csv",
            "company,currency,granularity,plan_start,history_buckets,horizon_buckets\n",
        ),
        &["settings.csv: exactly one row expected, found 0"],
    );
}

#[test]
fn invalid_settings_still_check_the_form_of_buckets() {
    // Without a calendar the range of a bucket is unknown, but its form is not.
    check_rejects(
        valid()
            .edit("settings.csv", "2026-01,12,18", "2026-01,12,99")
            .edit("sales.csv", "2025-12", "2031-12")
            .edit("budget.csv", "2026-01", "Jan"),
        &[
            "settings.csv:2:horizon_buckets: horizon must be between 18 and 36 buckets, got 99",
            "budget.csv:2:bucket: 'Jan' is not a month (expected YYYY-MM)",
        ],
    );
}

// ---- business rules -------------------------------------------------------

#[test]
fn resource_location_must_be_a_plant() {
    check_rejects(
        valid().edit("resources.csv", "R1,Line 1,P1", "R1,Line 1,DC1"),
        &["resources.csv:2:location: location 'DC1' is a dc, not a plant"],
    );
}

#[test]
fn efficiency_is_in_zero_one() {
    check_rejects(
        valid()
            .edit("resources.csv", "160,0.9", "160,0")
            .append("resources.csv", "R2,Line 2,P1,160,1.5")
            .append("resources.csv", "R3,Line 3,P1,160,1"),
        &[
            "resources.csv:2:efficiency: must be greater than 0 and at most 1, got 0",
            "resources.csv:3:efficiency: must be greater than 0 and at most 1, got 1.5",
        ],
    );
}

#[test]
fn routing_item_is_made() {
    check_rejects(
        valid().append("routings.csv", "RM1,R1,0.1"),
        &[
            "routings.csv:4:item: item 'RM1' is purchased; only finished and intermediate items have routings",
        ],
    );
}

#[test]
fn bom_parent_is_not_purchased() {
    check_rejects(
        valid().append("bom.csv", "RM1,SA1,1,"),
        &[
            "bom.csv:5:parent: item 'RM1' is purchased; purchased items have no bill of materials",
            "bom.csv:5:component: bom cycle RM1 -> SA1 -> RM1",
        ],
    );
}

#[test]
fn bom_quantity_and_scrap() {
    check_rejects(
        valid().edit("bom.csv", "FG1,SA1,2,", "FG1,SA1,0,").edit(
            "bom.csv",
            "SA1,RM1,1.5,0.02",
            "SA1,RM1,1.5,1",
        ),
        &[
            "bom.csv:2:quantity_per: must be greater than 0, got 0",
            "bom.csv:3:scrap: must be at least 0 and less than 1, got 1",
        ],
    );
}

#[test]
fn supplier_item_is_purchased() {
    check_rejects(
        valid().append("supplier_items.csv", "S1,FG1,P1,1,,,,"),
        &["supplier_items.csv:3:item: item 'FG1' is finished; only purchased items have suppliers"],
    );
}

#[test]
fn lane_ends_differ() {
    check_rejects(
        valid().append("lanes.csv", "DC1,DC1,0,,"),
        &["lanes.csv:3:to: a lane cannot go from 'DC1' to itself"],
    );
}

#[test]
fn open_order_kind_rules() {
    check_rejects(
        valid()
            .edit(
                "open_orders.csv",
                "PO1,purchase,RM1,P1,,S1",
                "PO1,purchase,RM1,P1,,",
            )
            .edit(
                "open_orders.csv",
                "TO1,transfer,FG1,DC1,P1",
                "TO1,transfer,FG1,DC1,DC1",
            )
            .edit(
                "open_orders.csv",
                "WO1,production,FG1,P1,,",
                "WO1,production,FG1,P1,DC1,S1",
            )
            .append("open_orders.csv", "TO2,transfer,FG1,DC1,,,5,2026-03"),
        &[
            "open_orders.csv:2:supplier: a purchase order needs a supplier",
            "open_orders.csv:3:from: a transfer cannot ship from 'DC1' to itself",
            "open_orders.csv:4:from: only transfer orders have a from location",
            "open_orders.csv:4:supplier: only purchase orders have a supplier",
            "open_orders.csv:5:from: a transfer order needs a from location",
        ],
    );
}

// ---- reporting --------------------------------------------------------------

#[test]
fn inventory_policy_columns_are_optional_and_checked() {
    let header = "item,location,safety_stock,service_level,lot_rule,lot_size,order_cost\n";
    // Every new column may be left empty; the old three-column file still imports.
    let dataset = fulcrum_io::import_csv_files(
        &valid()
            .set(
                "inventory_policy.csv",
                &format!("{header}FG1,DC1,,0.98,wagner_whitin,,120\nFG2,DC1,5,,,,\n"),
            )
            .files(),
    )
    .expect("valid");
    let policy = &dataset.inventory_policy[0];
    assert_eq!(policy.safety_stock, None);
    assert_eq!(policy.service_level, Some(0.98));
    assert_eq!(policy.lot_rule, Some(fulcrum_core::LotRule::WagnerWhitin));
    assert_eq!(policy.order_cost, Some(120.0));
    check_rejects(
        valid().set(
            "inventory_policy.csv",
            &format!(
                "{header}FG1,DC1,,1,,,\nFG2,DC1,,0.9,weekly,,\nSA1,P1,,,fixed,,\nFG1,P1,,,fixed,0,-2\nFG2,P1,,,min_max,,\n"
            ),
        ),
        &[
            "inventory_policy.csv:2:service_level: must be greater than 0 and less than 1, got 1",
            "inventory_policy.csv:3:lot_rule: 'weekly' is not one of lot_for_lot, fixed, eoq, poq, part_period, silver_meal, wagner_whitin, min_max",
            "inventory_policy.csv:4:lot_size: is required when lot_rule is fixed",
            "inventory_policy.csv:5:lot_size: must be greater than 0, got 0",
            "inventory_policy.csv:5:order_cost: must not be negative, got -2",
            "inventory_policy.csv:6:lot_size: is required when lot_rule is min_max",
        ],
    );
}

#[test]
fn lead_time_sd_is_optional_and_not_negative() {
    // Empty or left out means a reliable lead time (0); the fixture gives one.
    let dataset = fulcrum_io::import_csv_files(
        &valid()
            .edit("supplier_items.csv", "1.4,0.5", "1.4,")
            .files(),
    )
    .expect("valid");
    assert_eq!(dataset.supplier_items[0].lead_time_sd, 0.0);
    assert_eq!(dataset.lanes[0].lead_time_sd, 0.25);
    let dataset = fulcrum_io::import_csv_files(
        &valid()
            .set("lanes.csv", "from,to,lead_time\nP1,DC1,1\n")
            .files(),
    )
    .expect("valid");
    assert_eq!(dataset.lanes[0].lead_time_sd, 0.0);
    assert_eq!(dataset.supplier_items[0].lead_time_sd, 0.5);
    check_rejects(
        valid()
            .edit("supplier_items.csv", "1.4,0.5", "1.4,-0.5")
            .edit("lanes.csv", "0.2,0.25", "0.2,half"),
        &[
            "supplier_items.csv:2:lead_time_sd: must not be negative, got -0.5",
            "lanes.csv:2:lead_time_sd: 'half' is not a number",
        ],
    );
}

#[test]
fn cover_periods_and_fill_rate_are_checked() {
    let dataset = fulcrum_io::import_csv_files(&valid().files()).expect("valid");
    let policy = &dataset.inventory_policy[1];
    assert_eq!(
        (policy.item.as_str(), policy.location.as_str()),
        ("FG1", "P1")
    );
    assert_eq!(policy.safety_stock, None);
    assert_eq!(policy.cover_periods, Some(1.5));
    assert_eq!(policy.service_level, None);
    assert_eq!(policy.fill_rate, Some(0.97));
    assert_eq!(dataset.inventory_policy[0].cover_periods, None);
    assert_eq!(dataset.inventory_policy[0].fill_rate, None);
    check_rejects(
        valid()
            .append("inventory_policy.csv", "SA1,P1,,-1,,1")
            .append("inventory_policy.csv", "FG2,P1,,0,,0")
            .append("inventory_policy.csv", "SA1,DC1,,two,,95%"),
        &[
            "inventory_policy.csv:4:cover_periods: must not be negative, got -1",
            "inventory_policy.csv:4:fill_rate: must be greater than 0 and less than 1, got 1",
            "inventory_policy.csv:5:fill_rate: must be greater than 0 and less than 1, got 0",
            "inventory_policy.csv:6:cover_periods: 'two' is not a number",
            "inventory_policy.csv:6:fill_rate: '95%' is not a number",
        ],
    );
}

#[test]
fn a_policy_row_gives_one_safety_stock_and_one_service_target() {
    check_rejects(
        valid()
            .edit("inventory_policy.csv", "FG1,DC1,30,,,", "FG1,DC1,30,2,,")
            .edit(
                "inventory_policy.csv",
                "FG1,P1,,1.5,,0.97",
                "FG1,P1,,1.5,0.95,0.97",
            )
            .append("inventory_policy.csv", "SA1,P1,5,1,0.9,0.99"),
        &[
            "inventory_policy.csv:2:cover_periods: give safety_stock or cover_periods, not both",
            "inventory_policy.csv:3:fill_rate: give service_level or fill_rate, not both",
            "inventory_policy.csv:4:cover_periods: give safety_stock or cover_periods, not both",
            "inventory_policy.csv:4:fill_rate: give service_level or fill_rate, not both",
        ],
    );
}

#[test]
fn every_problem_is_reported_in_file_then_row_order() {
    check_rejects(
        valid()
            .append("inventory_policy.csv", "FG9,DC1,-1,,,")
            .edit(
                "items.csv",
                "FG1,Widget,F1,EA,finished,10",
                "FG1,Widget,F1,EA,finished,ten",
            )
            .edit(
                "items.csv",
                "SA1,Subassembly,F1,EA,intermediate,0",
                "SA1,Subassembly,F1,XX,intermediate,0",
            )
            .edit("settings.csv", "Acme,", ",")
            .set("notes.csv", "anything\n"),
        &[
            "settings.csv:2:company: required value is empty",
            "items.csv:2:price: 'ten' is not a number",
            "items.csv:3:uom: 'XX' is not a unit of measure \
             (one of EA, PCS, BOX, CASE, PAL, KG, G, T, L, ML, M, M2, M3)",
            // Row 4: the fixture's policy file has two rows (FG1 at DC1 and at P1).
            "inventory_policy.csv:4:item: unknown item 'FG9'",
            "inventory_policy.csv:4:safety_stock: must not be negative, got -1",
            "notes.csv: unknown file",
        ],
    );
}

#[test]
fn problem_display_leaves_out_missing_parts() {
    let problem = fulcrum_io::Problem {
        file: "items.csv".into(),
        row: None,
        column: None,
        reason: "missing required file".into(),
    };
    assert_eq!(problem.to_string(), "items.csv: missing required file");
    let problem = fulcrum_io::Problem {
        row: Some(3),
        ..problem
    };
    assert_eq!(problem.to_string(), "items.csv:3: missing required file");
}

#[test]
fn rows_are_numbered_by_line_with_blank_lines_and_multiline_cells() {
    check_rejects(
        valid().set(
            "suppliers.csv",
            "code,name\r\n\r\nS1,\"Supplier\none\"\r\nS2,\r\n",
        ),
        &["suppliers.csv:5:name: required value is empty"],
    );
}

#[test]
fn bom_shared_components_are_not_cycles() {
    // FG1 and FG2 both use SA1 (a diamond with RM1 below); SA1 is used twice.
    let fixture = valid().append("bom.csv", "FG1,RM1,0.5,");
    assert!(fulcrum_io::import_csv_files(&fixture.files()).is_ok());
}

#[test]
fn bom_cycles_are_each_reported_once() {
    check_rejects(
        valid()
            .set(
                "items.csv",
                "code,name,family,uom,type,price,material_cost,labour_cost,overhead_cost,lead_time\n\
                 A,A,F1,EA,finished,1,0,0,0,0\n\
                 B,B,F1,EA,intermediate,1,0,0,0,0\n\
                 C,C,F1,EA,intermediate,1,0,0,0,0\n\
                 RM1,Steel,F1,KG,purchased,0,1.5,0,0,0\n\
                 FG1,Widget,F1,EA,finished,10,4,1,0.5,1\n",
            )
            .set(
                "bom.csv",
                "parent,component,quantity_per\nA,B,1\nB,A,1\nB,C,1\nC,B,1\nC,RM1,2\n",
            )
            .set("routings.csv", "item,resource,hours_per_unit\n"),
        &[
            "bom.csv:2:component: bom cycle A -> B -> A",
            "bom.csv:5:component: bom cycle C -> B -> C",
        ],
    );
}

#[test]
fn a_row_with_values_only_outside_the_columns_is_reported_once() {
    check_rejects(
        valid().set("suppliers.csv", "code,name,\nS1,Supplier 1,\n,,stray\n"),
        &["suppliers.csv:3:column 3: value in a column that has no header"],
    );
}

#[test]
fn unknown_reference_hints_at_a_code_differing_only_in_case() {
    check_rejects(
        valid().edit("on_hand.csv", "FG1,DC1,120", "fg1,dc1,120"),
        &[
            "on_hand.csv:2:item: unknown item 'fg1'; did you mean 'FG1'?",
            "on_hand.csv:2:location: unknown location 'dc1'; did you mean 'DC1'?",
        ],
    );
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    // Regression: a customer row stopped at its first bad cell.
    check_rejects(
        valid().edit("customers.csv", "C1,Customer 1,RET", "C1,,WHS"),
        &[
            "customers.csv:2:name: required value is empty",
            "customers.csv:2:channel: unknown channel 'WHS'",
        ],
    );
}

#[test]
fn every_empty_required_cell_of_a_row_is_reported_in_every_file() {
    // For each file: keep the first column of row 2, empty every other required
    // cell, and expect one problem per emptied cell, in column order.
    let dataset = fulcrum_io::import_csv_files(&valid().files()).expect("valid");
    let files = fulcrum_io::export_csv_files(&dataset);
    for (name, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        let mut lines: Vec<Vec<String>> = text
            .lines()
            .map(|line| line.split(',').map(str::to_string).collect())
            .collect();
        if lines.len() < 2 {
            continue;
        }
        let header = lines[0].clone();
        let optional = [
            "parent",
            "launch",
            "scrap",
            "lead_time_sd",
            "min_order",
            "order_multiple",
            "unit_cost",
            "from",
            "supplier",
            "safety_stock",
            "cover_periods",
            "service_level",
            "fill_rate",
            "lot_rule",
            "lot_size",
            "order_cost",
            "weight",
        ];
        let mut expected = Vec::new();
        for (col, column) in header.iter().enumerate().skip(1) {
            if optional.contains(&column.as_str()) {
                continue;
            }
            lines[1][col].clear();
            expected.push(format!("{name}:2:{column}: required value is empty"));
        }
        if expected.is_empty() {
            continue;
        }
        let broken: String = lines.iter().map(|cells| cells.join(",") + "\n").collect();
        let mut input = files.clone();
        for (other, content) in &mut input {
            if other == name {
                *content = broken.clone().into_bytes();
            }
        }
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        check_rejects_files(&input, &expected);
    }
}

#[test]
fn the_header_is_the_first_row_with_a_value() {
    check_rejects(
        valid().set("suppliers.csv", ",,\n,\ncode,name\nS1,\n"),
        &["suppliers.csv:4:name: required value is empty"],
    );
    check_rejects(
        valid().set("suppliers.csv", ",,\n"),
        &["suppliers.csv: empty file; expected a header row"],
    );
}

#[test]
fn problem_order_does_not_depend_on_the_order_files_are_given() {
    let fixture = valid()
        .edit(
            "items.csv",
            "FG1,Widget,F1,EA,finished,10",
            "FG1,Widget,F1,EA,finished,ten",
        )
        .edit("sales.csv", "FG1,DC1,C1,2025-11", "FG9,DC1,C1,2025-11")
        .set("extra.csv", "x\n");
    let files = fixture.files();
    let mut reversed = files.clone();
    reversed.reverse();
    let forward = fulcrum_io::import_csv_files(&files).expect_err("invalid");
    let backward = fulcrum_io::import_csv_files(&reversed).expect_err("invalid");
    assert_eq!(forward, backward);
    assert_eq!(forward.problems.len(), 3);
}

#[test]
fn plan_fixes_name_a_top_level_family_or_a_resource_in_the_horizon() {
    check_rejects(
        valid()
            .edit(
                "plan_fixes.csv",
                "production,ALL,2026-02,40",
                "production,F1,2026-02,40",
            )
            .edit(
                "plan_fixes.csv",
                "overtime_hours,R1,2026-03,0",
                "overtime,R1,2025-03,-1",
            ),
        &[
            "plan_fixes.csv:2:code: family 'F1' is not a top-level family (its parent is 'ALL'); the constrained plan is by top-level family",
            "plan_fixes.csv:3:decision: 'overtime' is not one of production, overtime_hours",
            "plan_fixes.csv:3:bucket: 2025-03 is not a horizon bucket (2026-01 to 2027-06)",
            "plan_fixes.csv:3:value: must not be negative, got -1",
        ],
    );
    check_rejects(
        valid().edit("plan_fixes.csv", "overtime_hours,R1,", "overtime_hours,R9,"),
        &["plan_fixes.csv:3:code: unknown resource 'R9'"],
    );
}

#[test]
fn consensus_rules_name_a_top_level_family_a_role_and_a_weight_only_for_a_blend() {
    check_rejects(
        valid()
            .edit(
                "consensus_rules.csv",
                "ALL,sales,adjustment,",
                "F1,seller,adjustment,",
            )
            .edit(
                "consensus_rules.csv",
                "ALL,finance,blend,0.5",
                "ALL,finance,blend,",
            )
            .append("consensus_rules.csv", "ALL,marketing,override,0.3")
            .append("consensus_rules.csv", "ALL,demand_planner,blend,1.5")
            .append("consensus_rules.csv", "ALL,finance,mix,"),
        &[
            "consensus_rules.csv:2:family: family 'F1' is not a top-level family (its parent is 'ALL'); the consensus rules are by top-level family",
            "consensus_rules.csv:2:role: 'seller' is not one of sales, marketing, demand_planner, finance",
            "consensus_rules.csv:3:weight: a blend needs its weight, from above 0 to 1",
            "consensus_rules.csv:4:weight: only a blend has a weight; leave it empty",
            "consensus_rules.csv:5:weight: must be greater than 0 and at most 1, got 1.5",
            "consensus_rules.csv:6:family: duplicate row for family 'ALL', role 'finance' (first on row 3)",
            "consensus_rules.csv:6:combine: 'mix' is not one of override, adjustment, blend",
        ],
    );
}

// ---- plausible ranges -----------------------------------------------------

#[test]
fn implausibly_large_numbers_are_rejected() {
    check_rejects(
        valid()
            .edit(
                "items.csv",
                "FG1,Widget,F1,EA,finished,10,",
                "FG1,Widget,F1,EA,finished,2e9,",
            )
            .edit(
                "resources.csv",
                "R1,Line 1,P1,160,",
                "R1,Line 1,P1,1000001,",
            )
            .edit("routings.csv", "FG1,R1,0.25", "FG1,R1,100001")
            .edit(
                "supplier_items.csv",
                "S1,RM1,P1,2,100,50,1.4,0.5",
                "S1,RM1,P1,121,100,50,1.4,120.5",
            )
            .edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,1.5e12"),
        &[
            "items.csv:2:price: must be at most 1000000000 for a price or cost, got 2000000000",
            "resources.csv:2:hours_per_bucket: must be at most 1000000 for hours in a bucket, got 1000001",
            "routings.csv:2:hours_per_unit: must be at most 100000 for hours per unit, got 100001",
            "supplier_items.csv:2:lead_time: must be at most 120 for a number of buckets, got 121",
            "supplier_items.csv:2:lead_time_sd: must be at most 120 for a number of buckets, got 120.5",
            "on_hand.csv:2:quantity: must be at most 1000000000000 for a quantity, got 1500000000000",
        ],
    );
}

#[test]
fn numbers_at_the_plausible_limit_are_accepted() {
    let fixture = valid()
        .edit(
            "items.csv",
            "FG1,Widget,F1,EA,finished,10,",
            "FG1,Widget,F1,EA,finished,1e9,",
        )
        .edit(
            "supplier_items.csv",
            "S1,RM1,P1,2,100,50,1.4,0.5",
            "S1,RM1,P1,120,100,50,1.4,120",
        )
        .edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,1e12");
    let dataset = fulcrum_io::import_csv_files(&fixture.files()).expect("at the limit");
    assert_eq!(
        dataset
            .items
            .iter()
            .find(|item| item.code == "FG1")
            .map(|item| item.price),
        Some(1e9)
    );
}

#[test]
fn non_finite_numbers_are_rejected() {
    check_rejects(
        valid()
            .edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,NaN")
            .edit("on_hand.csv", "RM1,P1,500", "RM1,P1,1e999"),
        &[
            "on_hand.csv:2:quantity: 'NaN' is not a number",
            "on_hand.csv:3:quantity: '1e999' is not a number",
        ],
    );
}
