//! Export is canonical and export → import → export is byte-identical, through
//! CSV files in memory, a folder and an XLSX workbook.

mod common;

use std::path::Path;

use common::valid;
use fulcrum_core::Dataset;
use fulcrum_io::{
    export_csv_files, export_folder, export_path, export_xlsx, import_csv_files, import_path,
};

fn import(files: &[(String, Vec<u8>)]) -> Dataset {
    match import_csv_files(files) {
        Ok(dataset) => dataset,
        Err(error) => panic!("import failed:\n{error}"),
    }
}

fn text_of<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a str {
    let bytes = &files.iter().find(|(file, _)| file == name).expect("file").1;
    std::str::from_utf8(bytes).expect("utf-8")
}

/// Asserts export → import → export is byte-identical and import(export(d)) == d
/// for a dataset that came from an import (so its rows are canonical).
#[track_caller]
fn check_round_trip(dataset: &Dataset) {
    let exported = export_csv_files(dataset);
    let again = import(&exported);
    assert_eq!(&again, dataset);
    assert_eq!(export_csv_files(&again), exported);
}

#[test]
fn fixture_round_trips() {
    check_round_trip(&import(&valid().files()));
}

#[test]
fn demo_company_round_trips_through_csv_folder_and_xlsx() {
    let demo = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let exported = export_csv_files(&demo);
    let imported = import(&exported);
    assert_eq!(export_csv_files(&imported), exported);
    check_round_trip(&imported);

    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("demo");
    export_folder(&demo, &folder).expect("export folder");
    let from_folder = import_path(&folder).expect("import folder");
    assert_eq!(export_csv_files(&from_folder), exported);

    let book = dir.path().join("demo.xlsx");
    export_xlsx(&demo, &book).expect("export xlsx");
    let from_book = import_path(&book).expect("import xlsx");
    assert_eq!(export_csv_files(&from_book), exported);
}

#[test]
fn export_writes_every_file_in_documented_order() {
    let names: Vec<String> = export_csv_files(&import(&valid().files()))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(names, fulcrum_io::file_names());
    assert_eq!(names.first().map(String::as_str), Some("settings.csv"));
    assert_eq!(names.len(), 21);
}

#[test]
fn export_is_canonical() {
    let exported = export_csv_files(&import(&valid().files()));
    // Rows sorted by key, optional defaults written, integers without ".0".
    assert_eq!(
        text_of(&exported, "bom.csv"),
        "parent,component,quantity_per,scrap\nFG1,SA1,2,0\nFG2,SA1,1,0\nSA1,RM1,1.5,0.02\n"
    );
    assert_eq!(
        text_of(&exported, "open_orders.csv"),
        "id,kind,item,location,from,supplier,quantity,due\n\
         PO1,purchase,RM1,P1,,S1,300,2026-02\n\
         TO1,transfer,FG1,DC1,P1,,50,2026-01\n\
         WO1,production,FG1,P1,,,80,2026-01\n"
    );
    assert_eq!(
        text_of(&exported, "settings.csv"),
        "company,currency,granularity,plan_start,history_buckets,horizon_buckets\n\
         Acme,EUR,month,2026-01,12,18\n"
    );
    // New optional columns go to their documented place, whatever the input's order:
    // lead_time_sd after lead_time (its default 0 written out), cover_periods after
    // safety_stock, fill_rate after service_level.
    assert_eq!(
        text_of(&exported, "supplier_items.csv"),
        "supplier,item,location,lead_time,lead_time_sd,min_order,order_multiple,unit_cost\n\
         S1,RM1,P1,2,0.5,100,50,1.4\n"
    );
    assert_eq!(
        text_of(&exported, "lanes.csv"),
        "from,to,lead_time,lead_time_sd,unit_cost\nP1,DC1,1,0.25,0.2\n"
    );
    assert_eq!(
        text_of(&exported, "inventory_policy.csv"),
        "item,location,safety_stock,cover_periods,service_level,fill_rate,lot_rule,lot_size,order_cost\n\
         FG1,DC1,30,,,,,,\n\
         FG1,P1,,1.5,,0.97,,,\n"
    );
    let without_sd = export_csv_files(&import(
        &valid()
            .set("lanes.csv", "from,to,lead_time,unit_cost\nP1,DC1,1,0.2\n")
            .files(),
    ));
    assert_eq!(
        text_of(&without_sd, "lanes.csv"),
        "from,to,lead_time,lead_time_sd,unit_cost\nP1,DC1,1,0,0.2\n"
    );
    // A file the input left out is written with its header only.
    let without = export_csv_files(&import(&valid().remove("sales.csv").files()));
    assert_eq!(
        text_of(&without, "sales.csv"),
        "item,location,customer,bucket,quantity\n"
    );
}

#[test]
fn column_order_row_order_and_layout_do_not_matter() {
    let reference = import(&valid().files());
    let shuffled = valid()
        .set(
            "bom.csv",
            "\u{feff}scrap,quantity_per,component,parent\r\n\
             , 1 ,SA1,FG2\r\n\
             \r\n\
             0.02,1.5, RM1 ,SA1\r\n\
             0,2,SA1,FG1\r\n\
             ,,,\r\n",
        )
        .edit(
            "budget.csv",
            "F1,2026-01,100,1000",
            "F1,2026-01,1e2,1000.000",
        );
    let dataset = import(&shuffled.files());
    assert_eq!(dataset, reference);
}

#[test]
fn awkward_text_and_numbers_round_trip() {
    let fixture = valid()
        .edit(
            "customers.csv",
            "C1,Customer 1,RET",
            "C1,\"Smith, \"\"Jr\"\" & Co\nLtd\",RET",
        )
        .edit("on_hand.csv", "FG1,DC1,120", "FG1,DC1,0.30000000000000004")
        .edit("on_hand.csv", "RM1,P1,500", "RM1,P1,9e11")
        .edit("inventory_policy.csv", "FG1,DC1,30", "FG1,DC1,0.0000001");
    let dataset = import(&fixture.files());
    assert_eq!(dataset.customers[0].name, "Smith, \"Jr\" & Co\nLtd");
    assert_eq!(dataset.on_hand[0].quantity, 0.1 + 0.2);
    check_round_trip(&dataset);
    let exported = export_csv_files(&dataset);
    // Large numbers are written out without an exponent.
    assert!(text_of(&exported, "on_hand.csv").contains("RM1,P1,900000000000\n"));
    assert_eq!(
        text_of(&exported, "customers.csv"),
        "code,name,channel\nC1,\"Smith, \"\"Jr\"\" & Co\nLtd\",RET\n"
    );
    assert_eq!(
        text_of(&exported, "inventory_policy.csv"),
        "item,location,safety_stock,cover_periods,service_level,fill_rate,lot_rule,lot_size,order_cost\n\
         FG1,DC1,0.0000001,,,,,,\n\
         FG1,P1,,1.5,,0.97,,,\n"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("awkward.xlsx");
    export_xlsx(&dataset, &book).expect("export");
    assert_eq!(import_path(&book).expect("import"), dataset);
}

#[test]
fn xlsx_round_trip_equals_csv_export() {
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("plan.XLSX");
    export_path(&dataset, &book).expect("export");
    assert!(book.is_file());
    let from_book = import_path(&book).expect("import");
    assert_eq!(from_book, dataset);
    assert_eq!(export_csv_files(&from_book), export_csv_files(&dataset));
}

#[test]
fn export_path_writes_a_folder_unless_xlsx() {
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("out");
    export_path(&dataset, &folder).expect("export");
    assert!(folder.join("items.csv").is_file());
    assert!(folder.join("inventory_policy.csv").is_file());
    assert_eq!(import_path(&folder).expect("import"), dataset);
}

#[test]
fn folder_import_ignores_hidden_files_and_rejects_others() {
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    export_folder(&dataset, dir.path()).expect("export");
    std::fs::write(dir.path().join(".DS_Store"), b"\0\0").expect("write");
    assert_eq!(import_path(dir.path()).expect("import"), dataset);

    std::fs::write(dir.path().join("README.txt"), b"notes").expect("write");
    std::fs::create_dir(dir.path().join("old")).expect("mkdir");
    let error = import_path(dir.path()).expect_err("rejects");
    assert_eq!(
        error.to_string(),
        "README.txt: unknown file\nold: unexpected folder; expected only CSV files"
    );
}

#[test]
fn import_path_that_is_neither_folder_nor_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nothing");
    let error = import_path(&missing).expect_err("missing");
    assert_eq!(
        error.to_string(),
        format!("{}: no such file or folder", missing.display())
    );
    let text = dir.path().join("items.csv");
    std::fs::write(&text, b"code\n").expect("write");
    let error = import_path(&text).expect_err("csv file");
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not a folder of CSV files or an .xlsx workbook",
            text.display()
        )
    );
    let bad_book = dir.path().join("broken.xlsx");
    std::fs::write(&bad_book, b"not a zip").expect("write");
    let error = import_path(&bad_book).expect_err("broken workbook");
    assert_eq!(error.problems.len(), 1);
    assert_eq!(error.problems[0].file, "broken.xlsx");
    assert!(error.problems[0].reason.starts_with("cannot read workbook"));
}

/// Writes a workbook by hand: one sheet per `(name, rows)`, cells as written.
fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).expect("name");
        for (row, cells) in rows.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                let (row, col) = (row as u32, col as u16);
                match cell {
                    Cell::Text(text) => sheet.write_string(row, col, *text).map(|_| ()),
                    Cell::Number(value) => sheet.write_number(row, col, *value).map(|_| ()),
                    Cell::Date(year, month, day) => {
                        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*year, *month, *day)
                            .expect("date");
                        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm");
                        sheet
                            .write_datetime_with_format(row, col, &date, &format)
                            .map(|_| ())
                    }
                    Cell::Empty => Ok(()),
                }
                .expect("write");
            }
        }
    }
    workbook.save(path).expect("save");
}

enum Cell {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
    Empty,
}

fn texts(cells: &[&'static str]) -> Vec<Cell> {
    cells.iter().map(|text| Cell::Text(text)).collect()
}

#[test]
fn hand_made_workbook_names_sheets_in_problems() {
    use Cell::{Date, Empty, Number, Text};
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("plan.xlsx");
    let items_header = texts(&[
        "code",
        "name",
        "family",
        "uom",
        "type",
        "price",
        "material_cost",
        "labour_cost",
        "overhead_cost",
        "lead_time",
        "launch",
    ]);
    write_book(
        &book,
        &[
            (
                "settings",
                vec![
                    texts(&[
                        "company",
                        "currency",
                        "granularity",
                        "plan_start",
                        "history_buckets",
                        "horizon_buckets",
                    ]),
                    vec![
                        Text("Acme"),
                        Text("EUR"),
                        Text("month"),
                        Date(2026, 1, 1),
                        Number(12.0),
                        Number(18.0),
                    ],
                ],
            ),
            (
                "families",
                vec![texts(&["code", "name"]), texts(&["F1", "Family"])],
            ),
            (
                "items",
                vec![
                    items_header,
                    vec![
                        Number(7.0),
                        Text("Seven"),
                        Text("F1"),
                        Text("EA"),
                        Text("finished"),
                        Number(10.5),
                        Number(1.0),
                        Number(0.0),
                        Number(0.0),
                        Number(1.0),
                        Date(2026, 3, 1),
                    ],
                    vec![
                        Text("X1"),
                        Text("Bad"),
                        Text("F1"),
                        Text("EA"),
                        Text("finished"),
                        Text("cheap"),
                        Number(1.0),
                        Number(0.0),
                        Number(0.0),
                        Number(1.5),
                        Date(2026, 3, 15),
                    ],
                    vec![Empty],
                ],
            ),
            ("Sheet1", vec![]),
            ("notes", vec![texts(&["anything"])]),
        ],
    );
    let error = import_path(&book).expect_err("rejects");
    assert_eq!(
        error.to_string(),
        "plan.xlsx[items]:3:price: 'cheap' is not a number\n\
         plan.xlsx[items]:3:lead_time: must be a whole number, got 1.5\n\
         plan.xlsx[items]:3:launch: '2026-03-15' is not a month (expected YYYY-MM)\n\
         plan.xlsx[locations]: missing required sheet\n\
         plan.xlsx[notes]: unknown sheet"
    );

    // Fixed, the numeric code reads as "7" and the dates as bucket labels.
    write_book(
        &book,
        &[
            (
                "settings",
                vec![
                    texts(&[
                        "company",
                        "currency",
                        "granularity",
                        "plan_start",
                        "history_buckets",
                        "horizon_buckets",
                    ]),
                    vec![
                        Text("Acme"),
                        Text("EUR"),
                        Text("month"),
                        Date(2026, 1, 1),
                        Number(12.0),
                        Number(18.0),
                    ],
                ],
            ),
            (
                "families",
                vec![texts(&["code", "name"]), texts(&["F1", "Family"])],
            ),
            (
                "items",
                vec![
                    texts(&[
                        "code",
                        "name",
                        "family",
                        "uom",
                        "type",
                        "price",
                        "material_cost",
                        "labour_cost",
                        "overhead_cost",
                        "lead_time",
                        "launch",
                    ]),
                    vec![
                        Number(7.0),
                        Text("Seven"),
                        Text("F1"),
                        Text("EA"),
                        Text("finished"),
                        Number(10.5),
                        Number(1.0),
                        Number(0.0),
                        Number(0.0),
                        Number(1.0),
                        Date(2026, 3, 1),
                    ],
                ],
            ),
            (
                "locations",
                vec![texts(&["code", "name", "kind", "region"])],
            ),
        ],
    );
    let dataset = import_path(&book).expect("imports");
    assert_eq!(dataset.items[0].code, "7");
    assert_eq!(dataset.items[0].launch.as_deref(), Some("2026-03"));
    assert_eq!(
        dataset.settings.calendar.plan_start().to_string(),
        "2026-01"
    );
}

#[test]
fn export_errors_name_the_path() {
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").expect("write");
    let target = blocker.join("sub");
    let error = export_folder(&dataset, &target).expect_err("a file is in the way");
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: ", target.display())),
        "{error}"
    );
    let error = export_xlsx(&dataset, &target.join("book.xlsx")).expect_err("no folder");
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: ", target.join("book.xlsx").display())),
        "{error}"
    );
}

#[test]
fn xlsx_export_is_deterministic() {
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.xlsx");
    let second = dir.path().join("second.xlsx");
    export_xlsx(&dataset, &first).expect("export");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    export_xlsx(&dataset, &second).expect("export");
    assert_eq!(
        std::fs::read(&first).expect("read"),
        std::fs::read(&second).expect("read")
    );
}

#[test]
fn workbook_tables_may_start_anywhere_and_stray_cells_are_reported() {
    // The fixture as a workbook, then the suppliers sheet rewritten to start at
    // B3, with a stray note in the very last cell of the sheet.
    let dataset = import(&valid().files());
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (name, bytes) in export_csv_files(&dataset) {
        let sheet = workbook.add_worksheet();
        let sheet_name = name.trim_end_matches(".csv");
        sheet.set_name(sheet_name).expect("name");
        let text = String::from_utf8(bytes).expect("utf-8");
        let (row0, col0) = if sheet_name == "suppliers" {
            (2, 1)
        } else {
            (0, 0)
        };
        for (row, line) in text.lines().enumerate() {
            for (col, cell) in line.split(',').enumerate() {
                if !cell.is_empty() {
                    sheet
                        .write_string(row0 + row as u32, col0 + col as u16, cell)
                        .expect("write");
                }
            }
        }
        if sheet_name == "suppliers" {
            sheet
                .write_string(1_048_575, 16_383, "stray")
                .expect("write");
        }
    }
    workbook.save(&book).expect("save");
    let error = import_path(&book).expect_err("stray cell");
    assert_eq!(
        error.to_string(),
        "book.xlsx[suppliers]:1048576:column 16384: value in a column that has no header"
    );
}

#[test]
fn validate_dataset_checks_in_memory_data_by_the_same_rules() {
    let demo = fulcrum_demo::generate(&fulcrum_demo::DemoConfig::default());
    let checked = fulcrum_io::validate_dataset(&demo).expect("the demo company is valid");
    assert_eq!(export_csv_files(&checked), export_csv_files(&demo));

    let mut broken = import(&valid().files());
    broken.on_hand[0].quantity = -3.0;
    broken.bom[0].component = "NOPE".to_string();
    let error = fulcrum_io::validate_dataset(&broken).expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "bom.csv:2:component: unknown item 'NOPE'\n\
         on_hand.csv:2:quantity: must not be negative, got -3"
    );
}
