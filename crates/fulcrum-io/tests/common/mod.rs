//! Shared test data: a tiny valid dataset as CSV text, edits to break it, and the
//! `check_rejects` helper every validation test goes through.

#![allow(dead_code)]

use std::collections::BTreeMap;

/// A dataset as CSV files held as text, keyed by file name.
#[derive(Debug, Clone)]
pub struct Fixture {
    files: BTreeMap<String, String>,
}

/// A small dataset that imports cleanly: two-level BOM, a plant and a DC, one
/// of each kind of open order, a resource, a supplier and a lane (both with a
/// lead-time standard deviation, in a last column), history, budget, policies (a
/// fixed safety stock; days of cover with a fill rate) and plan fixes.
///
/// Calendar: history 2025-01..2025-12, horizon 2026-01..2027-06.
pub fn valid() -> Fixture {
    let files = [
        (
            "settings.csv",
            "company,currency,granularity,plan_start,history_buckets,horizon_buckets\n\
             Acme,EUR,month,2026-01,12,18\n",
        ),
        (
            "families.csv",
            "code,name,parent\nALL,All products,\nF1,Family 1,ALL\n",
        ),
        ("regions.csv", "code,name,parent\nEU,Europe,\n"),
        ("channels.csv", "code,name,parent\nRET,Retail,\n"),
        (
            "items.csv",
            "code,name,family,uom,type,price,material_cost,labour_cost,overhead_cost,lead_time,launch\n\
             FG1,Widget,F1,EA,finished,10,4,1,0.5,1,\n\
             SA1,Subassembly,F1,EA,intermediate,0,2,0.5,0.25,1,\n\
             RM1,Steel,F1,KG,purchased,0,1.5,0,0,0,\n\
             FG2,New widget,F1,EA,finished,12,5,1,0.5,1,2026-03\n",
        ),
        (
            "locations.csv",
            "code,name,kind,region\nP1,Plant 1,plant,EU\nDC1,DC 1,dc,EU\n",
        ),
        ("customers.csv", "code,name,channel\nC1,Customer 1,RET\n"),
        (
            "resources.csv",
            "code,name,location,hours_per_bucket,efficiency\nR1,Line 1,P1,160,0.9\n",
        ),
        (
            "resource_capacity.csv",
            "resource,bucket,hours\nR1,2026-08,80\n",
        ),
        (
            "routings.csv",
            "item,resource,hours_per_unit\nFG1,R1,0.25\nSA1,R1,0.1\n",
        ),
        (
            "bom.csv",
            "parent,component,quantity_per,scrap\nFG1,SA1,2,\nSA1,RM1,1.5,0.02\nFG2,SA1,1,\n",
        ),
        ("suppliers.csv", "code,name\nS1,Supplier 1\n"),
        (
            "supplier_items.csv",
            "supplier,item,location,lead_time,min_order,order_multiple,unit_cost,lead_time_sd\n\
             S1,RM1,P1,2,100,50,1.4,0.5\n",
        ),
        (
            "lanes.csv",
            "from,to,lead_time,unit_cost,lead_time_sd\nP1,DC1,1,0.2,0.25\n",
        ),
        (
            "on_hand.csv",
            "item,location,quantity\nFG1,DC1,120\nRM1,P1,500\n",
        ),
        (
            "open_orders.csv",
            "id,kind,item,location,from,supplier,quantity,due\n\
             PO1,purchase,RM1,P1,,S1,300,2026-02\n\
             TO1,transfer,FG1,DC1,P1,,50,2026-01\n\
             WO1,production,FG1,P1,,,80,2026-01\n",
        ),
        (
            "sales.csv",
            "item,location,customer,bucket,quantity\n\
             FG1,DC1,C1,2025-11,90\n\
             FG1,DC1,C1,2025-12,110\n",
        ),
        (
            "budget.csv",
            "family,bucket,volume,revenue\nF1,2026-01,100,1000\n",
        ),
        (
            "inventory_policy.csv",
            "item,location,safety_stock,cover_periods,service_level,fill_rate\n\
             FG1,DC1,30,,,\n\
             FG1,P1,,1.5,,0.97\n",
        ),
        (
            "plan_fixes.csv",
            "decision,code,bucket,value\nproduction,ALL,2026-02,40\novertime_hours,R1,2026-03,0\n",
        ),
        (
            "consensus_rules.csv",
            "family,role,combine,weight\nALL,sales,adjustment,\nALL,finance,blend,0.5\n",
        ),
    ];
    Fixture {
        files: files
            .into_iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect(),
    }
}

impl Fixture {
    /// Replaces the one occurrence of `from` in `file` by `to` (panics unless
    /// `from` occurs exactly once, so a test cannot silently edit nothing).
    pub fn edit(mut self, file: &str, from: &str, to: &str) -> Self {
        let text = self.files.get_mut(file).expect("fixture file exists");
        assert_eq!(text.matches(from).count(), 1, "'{from}' in {file}");
        *text = text.replacen(from, to, 1);
        self
    }

    /// Appends one line to `file`.
    pub fn append(mut self, file: &str, line: &str) -> Self {
        let text = self.files.get_mut(file).expect("fixture file exists");
        text.push_str(line);
        text.push('\n');
        self
    }

    /// Sets the whole text of `file` (adding the file if it is new).
    pub fn set(mut self, file: &str, text: &str) -> Self {
        self.files.insert(file.to_string(), text.to_string());
        self
    }

    /// Removes `file`.
    pub fn remove(mut self, file: &str) -> Self {
        self.files.remove(file).expect("fixture file exists");
        self
    }

    /// The files as `(name, bytes)`, the input of `import_csv_files`.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .map(|(name, text)| (name.clone(), text.as_bytes().to_vec()))
            .collect()
    }
}

/// Asserts that importing `fixture` fails with exactly `expected` problems, in
/// order. The import API is pure, so an `Err` means nothing was imported.
#[track_caller]
pub fn check_rejects(fixture: Fixture, expected: &[&str]) {
    check_rejects_files(&fixture.files(), expected);
}

/// [`check_rejects`] on raw files; also checks the same files as an XLSX workbook.
#[track_caller]
pub fn check_rejects_files(files: &[(String, Vec<u8>)], expected: &[&str]) {
    match fulcrum_io::import_csv_files(files) {
        Ok(_) => panic!("import succeeded; expected {expected:#?}"),
        Err(error) => {
            let actual: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
            assert_eq!(actual, expected);
            assert_eq!(error.to_string(), expected.join("\n"));
        }
    }
    check_rejects_as_workbook(files, expected);
}

/// The same files written as sheets of `book.xlsx` must give the same problems,
/// named `book.xlsx[sheet]` (see [`as_workbook`] for what cannot be mirrored).
#[track_caller]
fn check_rejects_as_workbook(files: &[(String, Vec<u8>)], expected: &[&str]) {
    let Some((_dir, path)) = as_workbook(files) else {
        return;
    };
    let expected: Vec<String> = expected
        .iter()
        .map(|message| as_sheet_message(message))
        .collect();
    match fulcrum_io::import_path(&path) {
        Ok(_) => panic!("workbook import succeeded; expected {expected:#?}"),
        Err(error) => {
            let actual: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
            assert_eq!(actual, expected, "as a workbook");
        }
    }
}

/// Writes CSV files as the sheets of `book.xlsx` in a new temporary folder (every
/// cell a text cell, CSV record n on sheet row n). Returns the folder (deleted on
/// drop) and the workbook path.
///
/// `None` for inputs a workbook cannot mirror: invalid UTF-8, names that are not
/// `*.csv` or that repeat ignoring case (sheet names ignore case), and files
/// whose records do not sit one per line (blank lines, line breaks inside cells),
/// where CSV rows are line numbers, and rows whose number of fields differs
/// from the header's.
pub fn as_workbook(files: &[(String, Vec<u8>)]) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let mut sheets: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for (name, bytes) in files {
        let sheet = name.strip_suffix(".csv")?;
        let text = std::str::from_utf8(bytes).ok()?;
        if sheet.is_empty()
            || sheet.len() > 31
            || sheet.contains(['[', ']', ':', '*', '?', '/', '\\', '\''])
            || sheets
                .iter()
                .any(|(other, _)| other.eq_ignore_ascii_case(sheet))
        {
            return None;
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let records: Vec<Vec<String>> = reader
            .records()
            .map(|record| record.map(|record| record.iter().map(str::to_string).collect()))
            .collect::<Result<_, _>>()
            .ok()?;
        // A workbook has no field count: rows with fewer or more fields than
        // the header (an error in a CSV file) cannot be mirrored.
        let header_len = records
            .iter()
            .find(|cells| cells.iter().any(|cell| !cell.trim().is_empty()))
            .map(Vec::len);
        let ragged = records.iter().any(|cells| {
            cells.iter().any(|cell| !cell.trim().is_empty()) && Some(cells.len()) != header_len
        });
        // A CSV file cut off inside a quoted value has no workbook form either.
        let cut_off = text.matches('"').count() % 2 == 1;
        if ragged
            || cut_off
            || records.len() != text.lines().count()
            || records.iter().flatten().any(|cell| cell.len() > 32_767)
        {
            return None;
        }
        sheets.push((sheet.to_string(), records));
    }

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    for (sheet_name, records) in &sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name).expect("sheet name");
        for (row, cells) in records.iter().enumerate() {
            for (col, cell) in cells.iter().enumerate() {
                if !cell.is_empty() {
                    sheet
                        .write_string(row as u32, col as u16, cell)
                        .expect("write cell");
                }
            }
        }
    }
    workbook.save(&path).expect("save workbook");
    Some((dir, path))
}

/// A CSV problem message as the workbook made by [`as_workbook`] reports it.
pub fn as_sheet_message(message: &str) -> String {
    let (file, rest) = message.split_once(':').expect("file: reason");
    let sheet = file.strip_suffix(".csv").expect(".csv file");
    let rest = rest
        .replace("missing required file", "missing required sheet")
        .replace("unknown file", "unknown sheet")
        .replace(".csv'?", "'?");
    format!("book.xlsx[{sheet}]:{rest}")
}
