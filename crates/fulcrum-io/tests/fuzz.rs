//! Import never panics, whatever the bytes: arbitrary bytes in any file, and
//! thousands of random cell and line mutations of a valid dataset. When a
//! mutated dataset is accepted, its export must still round-trip exactly.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;

fn valid_export() -> Vec<(String, Vec<u8>)> {
    static EXPORT: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    EXPORT
        .get_or_init(|| {
            let dataset =
                fulcrum_io::import_csv_files(&common::valid().files()).expect("valid fixture");
            fulcrum_io::export_csv_files(&dataset)
        })
        .clone()
}

/// Values likely to hit a rule: codes of the fixture, labels, edge numbers and buckets.
const POOL: &[&str] = &[
    "",
    "-1",
    "0",
    "-0",
    "1",
    "1.5",
    "0.999",
    "abc",
    "2024-12",
    "2025-01",
    "2025-12",
    "2026-01",
    "2027-06",
    "2027-07",
    "2026-1",
    "1e400",
    "NaN",
    "inf",
    "4294967296",
    "FG1",
    "FG2",
    "SA1",
    "RM1",
    "P1",
    "DC1",
    "S1",
    "R1",
    "C1",
    "F1",
    "ALL",
    "EU",
    "RET",
    "purchase",
    "production",
    "transfer",
    "plant",
    "dc",
    "finished",
    "intermediate",
    "purchased",
    "month",
    "EA",
    "\"",
    ",",
    "\n",
    "é",
    "  x  ",
    "\u{feff}",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace cell (file, row, column) — indices taken modulo the sizes.
    Cell(usize, usize, usize, String),
    /// Remove a line of a file.
    DropLine(usize, usize),
    /// Repeat a line of a file.
    DuplicateLine(usize, usize),
    /// Remove a whole file.
    DropFile(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let value = prop_oneof![
        3 => prop::sample::select(POOL).prop_map(str::to_string),
        1 => "[ -~]{0,6}",
    ];
    prop_oneof![
        8 => (any::<usize>(), any::<usize>(), any::<usize>(), value)
            .prop_map(|(file, row, col, value)| Mutation::Cell(file, row, col, value)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(file, row)| Mutation::DropLine(file, row)),
        1 => (any::<usize>(), any::<usize>())
            .prop_map(|(file, row)| Mutation::DuplicateLine(file, row)),
        1 => any::<usize>().prop_map(Mutation::DropFile),
    ]
}

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Applies `mutations` to the canonical export of the fixture.
fn mutate(mutations: &[Mutation]) -> Vec<(String, Vec<u8>)> {
    // Files as rows of cells (the canonical export has no quoted line breaks).
    let mut files: Vec<(String, Vec<Vec<String>>)> = valid_export()
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).expect("utf-8");
            let rows = text
                .lines()
                .map(|line| line.split(',').map(str::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect();
    for mutation in mutations {
        if files.is_empty() {
            break;
        }
        let n_files = files.len();
        match mutation {
            Mutation::Cell(file, row, col, value) => {
                let rows = &mut files[file % n_files].1;
                if rows.is_empty() {
                    continue;
                }
                let n_rows = rows.len();
                let cells = &mut rows[row % n_rows];
                if cells.is_empty() {
                    continue;
                }
                let n_cells = cells.len();
                cells[col % n_cells] = value.clone();
            }
            Mutation::DropLine(file, row) => {
                let rows = &mut files[file % n_files].1;
                if !rows.is_empty() {
                    let n_rows = rows.len();
                    rows.remove(row % n_rows);
                }
            }
            Mutation::DuplicateLine(file, row) => {
                let rows = &mut files[file % n_files].1;
                if !rows.is_empty() {
                    let n_rows = rows.len();
                    let line = rows[row % n_rows].clone();
                    rows.push(line);
                }
            }
            Mutation::DropFile(file) => {
                files.remove(file % n_files);
            }
        }
    }
    files
        .into_iter()
        .map(|(name, rows)| {
            let mut text = String::new();
            for cells in rows {
                let line: Vec<String> = cells.iter().map(|cell| quote(cell)).collect();
                text.push_str(&line.join(","));
                text.push('\n');
            }
            (name, text.into_bytes())
        })
        .collect()
}

/// Import either succeeds with a dataset whose export round-trips, or fails
/// with well-formed problems.
fn check_import(files: &[(String, Vec<u8>)]) -> Result<(), TestCaseError> {
    match fulcrum_io::import_csv_files(files) {
        Ok(dataset) => {
            let exported = fulcrum_io::export_csv_files(&dataset);
            let again = fulcrum_io::import_csv_files(&exported)
                .map_err(|error| TestCaseError::fail(format!("re-import failed:\n{error}")))?;
            prop_assert_eq!(&again, &dataset);
            prop_assert_eq!(fulcrum_io::export_csv_files(&again), exported);
        }
        Err(error) => {
            prop_assert!(!error.problems.is_empty());
            for problem in &error.problems {
                prop_assert!(!problem.reason.is_empty());
                prop_assert!(problem.row != Some(0));
                let whole_row = ["exactly one row expected", "unreadable CSV"]
                    .iter()
                    .any(|reason| problem.reason.starts_with(reason));
                prop_assert!(
                    problem.row.is_none() || problem.column.is_some() || whole_row,
                    "a problem on a row names no column: {}",
                    problem
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_mutations_of_a_valid_dataset(mutations in prop::collection::vec(mutation(), 1..5)) {
        check_import(&mutate(&mutations))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_in_any_file(
        file in 0usize..19,
        bytes in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        let mut files = valid_export();
        files[file].1 = bytes;
        check_import(&files)?;
    }

    #[test]
    fn arbitrary_text_after_a_valid_header(
        file in 0usize..19,
        text in "[a-zA-Z0-9,.\\-\"\\n ]{0,200}",
    ) {
        let mut files = valid_export();
        let header_end = files[file].1.iter().position(|&byte| byte == b'\n').map_or(0, |end| end + 1);
        files[file].1.truncate(header_end);
        files[file].1.extend_from_slice(text.as_bytes());
        check_import(&files)?;
    }

    #[test]
    fn arbitrary_file_names(name in "[a-zA-Z_.]{0,20}", bytes in prop::collection::vec(any::<u8>(), 0..50)) {
        let mut files = valid_export();
        files.push((name, bytes));
        check_import(&files)?;
    }
}

/// Shuffles data rows and columns of every file with a small deterministic generator.
fn shuffle(files: &[(String, Vec<u8>)], seed: u64) -> Vec<(String, Vec<u8>)> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    files
        .iter()
        .map(|(name, bytes)| {
            let text = std::str::from_utf8(bytes).expect("utf-8");
            let mut rows: Vec<Vec<&str>> =
                text.lines().map(|line| line.split(',').collect()).collect();
            let n_columns = rows.first().map_or(0, Vec::len);
            let mut order: Vec<(u64, usize)> = (0..n_columns).map(|col| (next(), col)).collect();
            order.sort_unstable();
            let mut data: Vec<(u64, Vec<&str>)> =
                rows.drain(1..).map(|row| (next(), row)).collect();
            data.sort_unstable();
            let header = rows.into_iter().next().unwrap_or_default();
            let mut out = String::new();
            for row in std::iter::once(header).chain(data.into_iter().map(|(_, row)| row)) {
                let cells: Vec<&str> = order.iter().map(|&(_, col)| row[col]).collect();
                out.push_str(&cells.join(","));
                out.push('\n');
            }
            (name.clone(), out.into_bytes())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn row_and_column_order_do_not_matter(seed in any::<u64>()) {
        let files = valid_export();
        let reference = fulcrum_io::import_csv_files(&files).expect("valid");
        let shuffled = fulcrum_io::import_csv_files(&shuffle(&files, seed));
        prop_assert_eq!(shuffled.ok(), Some(reference));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn workbook_and_csv_agree(mutations in prop::collection::vec(mutation(), 1..4)) {
        let files = mutate(&mutations);
        let Some((_dir, path)) = common::as_workbook(&files) else {
            return Ok(());
        };
        let from_csv = fulcrum_io::import_csv_files(&files)
            .map_err(|error| error.problems.iter().map(|p| common::as_sheet_message(&p.to_string())).collect::<Vec<_>>());
        let from_book = fulcrum_io::import_path(&path)
            .map_err(|error| error.problems.iter().map(ToString::to_string).collect::<Vec<_>>());
        prop_assert_eq!(from_csv, from_book);
    }
}

/// The fixture as workbook bytes.
fn valid_workbook() -> Vec<u8> {
    static BOOK: OnceLock<Vec<u8>> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dataset = fulcrum_io::import_csv_files(&common::valid().files()).expect("valid");
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.xlsx");
        fulcrum_io::export_xlsx(&dataset, &path).expect("export");
        std::fs::read(&path).expect("read")
    })
    .clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Regression: calamine panicked ("attempt to multiply with overflow") on a
    /// workbook with one corrupted byte; a damaged workbook must be a problem.
    #[test]
    fn damaged_workbooks_are_problems_not_crashes(
        flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..8),
        truncate_at in any::<Option<usize>>(),
    ) {
        let mut bytes = valid_workbook();
        for (at, value) in flips {
            let n_bytes = bytes.len();
            bytes[at % n_bytes] = value;
        }
        if let Some(at) = truncate_at {
            let n_bytes = bytes.len();
            bytes.truncate(at % n_bytes);
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.xlsx");
        std::fs::write(&path, &bytes).expect("write");
        if let Err(error) = fulcrum_io::import_path(&path) {
            prop_assert!(!error.problems.is_empty());
        }
    }
}

// ---- one fuzz target per CSV file kind ------------------------------------

/// A damage done to one CSV file of the valid export.
#[derive(Debug, Clone)]
enum CsvDamage {
    /// Cut the file after this many bytes (modulo its length).
    Truncate(usize),
    /// Remove one field of a data row (row and field modulo the sizes).
    DropField(usize, usize),
    /// Repeat one field of a data row.
    DuplicateField(usize, usize),
    /// Overwrite bytes from an offset with random bytes.
    RandomBytes(usize, Vec<u8>),
}

fn csv_damage() -> impl Strategy<Value = CsvDamage> {
    prop_oneof![
        any::<usize>().prop_map(CsvDamage::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(row, field)| CsvDamage::DropField(row, field)),
        (any::<usize>(), any::<usize>())
            .prop_map(|(row, field)| CsvDamage::DuplicateField(row, field)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..12))
            .prop_map(|(at, bytes)| CsvDamage::RandomBytes(at, bytes)),
    ]
}

/// Applies `damage` to file `rank` of the valid export. Returns the files and,
/// for a field dropped or repeated, the line whose field count now differs
/// from the header's.
fn damage_file(rank: usize, damage: &CsvDamage) -> (Vec<(String, Vec<u8>)>, Option<usize>) {
    let mut files = valid_export();
    let bytes = &mut files[rank].1;
    let mut ragged_line = None;
    match damage {
        CsvDamage::Truncate(at) => {
            let n_bytes = bytes.len();
            bytes.truncate(at % n_bytes.max(1));
        }
        CsvDamage::RandomBytes(at, random) => {
            let n_bytes = bytes.len().max(1);
            for (offset, value) in random.iter().enumerate() {
                let at = (at % n_bytes) + offset;
                if at < bytes.len() {
                    bytes[at] = *value;
                } else {
                    bytes.push(*value);
                }
            }
        }
        CsvDamage::DropField(row, field) | CsvDamage::DuplicateField(row, field) => {
            // The canonical export of the fixture has no quoted cells.
            let text = String::from_utf8(bytes.clone()).expect("utf-8");
            let mut lines: Vec<Vec<String>> = text
                .lines()
                .map(|line| line.split(',').map(str::to_string).collect())
                .collect();
            if lines.len() > 1 {
                let row = 1 + row % (lines.len() - 1);
                let cells = &mut lines[row];
                let field = field % cells.len();
                if matches!(damage, CsvDamage::DropField(..)) {
                    cells.remove(field);
                } else {
                    let cell = cells[field].clone();
                    cells.insert(field, cell);
                }
                if cells.iter().any(|cell| !cell.trim().is_empty()) {
                    ragged_line = Some(row + 1);
                }
            }
            let mut out = String::new();
            for cells in lines {
                out.push_str(&cells.join(","));
                out.push('\n');
            }
            *bytes = out.into_bytes();
        }
    }
    (files, ragged_line)
}

/// The property of every CSV fuzz target: a whole dataset (whose export
/// round-trips), or problems that each name a given file, with a row of at
/// least 1 where there is one; a row whose field count was changed is named
/// with its row and a column.
fn check_damaged_file(rank: usize, damage: &CsvDamage) -> Result<(), TestCaseError> {
    let (files, ragged_line) = damage_file(rank, damage);
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let result = fulcrum_io::import_csv_files(&files);
    if let Err(error) = &result {
        for problem in &error.problems {
            prop_assert!(names.contains(&problem.file.as_str()), "{problem}");
            prop_assert!(!problem.reason.is_empty(), "{problem}");
            prop_assert!(problem.row != Some(0), "{problem}");
            // A problem on a row names its column, unless it is about the row
            // as a whole.
            let whole_row = ["exactly one row expected", "unreadable CSV"]
                .iter()
                .any(|reason| problem.reason.starts_with(reason));
            prop_assert!(
                problem.row.is_none() || problem.column.is_some() || whole_row,
                "a problem on a row names no column: {problem}"
            );
        }
    }
    if let Some(line) = ragged_line {
        let file = &files[rank].0;
        let error = result.as_ref().err();
        prop_assert!(
            error.is_some_and(|error| error.problems.iter().any(|problem| {
                problem.file == *file && problem.row == Some(line) && problem.column.is_some()
            })),
            "a ragged row {file}:{line} must be rejected naming its row and column, got {error:?}"
        );
    }
    check_import(&files)
}

/// Runs of each CSV fuzz target (one per file kind). Twenty targets of 96 cases
/// run in a few seconds in a debug build.
const CSV_CASES: u32 = 96;

macro_rules! csv_fuzz_targets {
    ($($name:ident => $rank:expr),* $(,)?) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: CSV_CASES, ..ProptestConfig::default() })]
            $(
                #[test]
                fn $name(damage in csv_damage()) {
                    check_damaged_file($rank, &damage)?;
                }
            )*
        }
    };
}

csv_fuzz_targets! {
    damaged_settings_csv => 0,
    damaged_families_csv => 1,
    damaged_regions_csv => 2,
    damaged_channels_csv => 3,
    damaged_items_csv => 4,
    damaged_locations_csv => 5,
    damaged_customers_csv => 6,
    damaged_resources_csv => 7,
    damaged_resource_capacity_csv => 8,
    damaged_routings_csv => 9,
    damaged_bom_csv => 10,
    damaged_suppliers_csv => 11,
    damaged_supplier_items_csv => 12,
    damaged_lanes_csv => 13,
    damaged_on_hand_csv => 14,
    damaged_open_orders_csv => 15,
    damaged_sales_csv => 16,
    damaged_budget_csv => 17,
    damaged_inventory_policy_csv => 18,
    damaged_plan_fixes_csv => 19,
    damaged_consensus_rules_csv => 20,
}

#[test]
fn csv_fuzz_targets_cover_every_file_kind() {
    let names: Vec<String> = valid_export().into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, fulcrum_io::file_names());
    assert_eq!(names.len(), 21);
}

// ---- the workbook reader: mutated sheet XML -------------------------------

/// The parts of the valid workbook: (name, bytes), in archive order.
fn workbook_parts() -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(valid_workbook())).expect("zip archive");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("entry");
            let name = file.name().expect("name").into_owned();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(bytes).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// Cell references likely to break a reader.
const REFS: &[&str] = &[
    "ZZZZZZZZ3",
    "A4294967297",
    "A4294967296",
    "XFD1048576",
    "XFE1",
    "A1048577",
    "A0",
    "",
    "A",
    "7",
    "B-1",
    "a2",
    "$A$1",
    "A1:B2",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
    "A99999999999999999999999",
];

/// Shared-string indices likely to break a reader.
const INDICES: &[&str] = &[
    "-1",
    "abc",
    "",
    "0",
    "1e3",
    "4294967296",
    "18446744073709551616",
    " 1 ",
    "99999",
];

#[derive(Debug, Clone)]
enum XmlDamage {
    /// Overwrite one byte of an XML part.
    FlipByte(usize, usize, u8),
    /// Replace the n-th `r="..."` value (a cell or row reference) of a part.
    Reference(usize, usize, String),
    /// Replace the n-th `<v>` value of a part.
    Value(usize, usize, String),
    /// Replace the n-th `ref="..."` value (the dimension) of a part.
    Dimension(usize, usize, String),
    /// Cut an XML part short.
    Truncate(usize, usize),
}

fn xml_damage() -> impl Strategy<Value = XmlDamage> {
    let reference = prop_oneof![
        3 => prop::sample::select(REFS).prop_map(str::to_string),
        1 => "[A-Za-z]{0,9}[0-9]{0,12}",
    ];
    let index = prop_oneof![
        3 => prop::sample::select(INDICES).prop_map(str::to_string),
        1 => "-?[0-9]{0,22}",
    ];
    let dimension = prop_oneof![
        prop::sample::select(REFS).prop_map(str::to_string),
        ("[A-Z]{1,4}[0-9]{1,11}", "[A-Z]{1,4}[0-9]{1,11}").prop_map(|(a, b)| format!("{a}:{b}")),
    ];
    prop_oneof![
        2 => (any::<usize>(), any::<usize>(), any::<u8>())
            .prop_map(|(part, at, value)| XmlDamage::FlipByte(part, at, value)),
        3 => (any::<usize>(), any::<usize>(), reference)
            .prop_map(|(part, nth, to)| XmlDamage::Reference(part, nth, to)),
        3 => (any::<usize>(), any::<usize>(), index)
            .prop_map(|(part, nth, to)| XmlDamage::Value(part, nth, to)),
        1 => (any::<usize>(), any::<usize>(), dimension)
            .prop_map(|(part, nth, to)| XmlDamage::Dimension(part, nth, to)),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(part, at)| XmlDamage::Truncate(part, at)),
    ]
}

/// Replaces the value after the `nth` (modulo their count) occurrence of
/// `open` up to the next `close`.
fn replace_nth(bytes: &mut Vec<u8>, open: &str, close: &str, nth: usize, to: &str) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let starts: Vec<usize> = text
        .match_indices(open)
        .map(|(at, _)| at + open.len())
        .collect();
    if starts.is_empty() {
        return;
    }
    let start = starts[nth % starts.len()];
    let Some(length) = text[start..].find(close) else {
        return;
    };
    *bytes = format!("{}{to}{}", &text[..start], &text[start + length..]).into_bytes();
}

/// Applies `damage` to the XML parts (sheets, shared strings, workbook) of
/// the valid workbook and returns the re-zipped bytes.
fn damage_workbook(damages: &[XmlDamage]) -> Vec<u8> {
    let mut parts = workbook_parts();
    let xml: Vec<usize> = parts
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| {
            name.starts_with("xl/worksheets/")
                || name == "xl/sharedStrings.xml"
                || name == "xl/workbook.xml"
        })
        .map(|(index, _)| index)
        .collect();
    for damage in damages {
        let pick = |part: &usize| xml[part % xml.len()];
        match damage {
            XmlDamage::FlipByte(part, at, value) => {
                let bytes = &mut parts[pick(part)].1;
                let n_bytes = bytes.len();
                bytes[at % n_bytes] = *value;
            }
            XmlDamage::Reference(part, nth, to) => {
                replace_nth(&mut parts[pick(part)].1, " r=\"", "\"", *nth, to);
            }
            XmlDamage::Value(part, nth, to) => {
                replace_nth(&mut parts[pick(part)].1, "<v>", "</v>", *nth, to);
            }
            XmlDamage::Dimension(part, nth, to) => {
                replace_nth(&mut parts[pick(part)].1, " ref=\"", "\"", *nth, to);
            }
            XmlDamage::Truncate(part, at) => {
                let bytes = &mut parts[pick(part)].1;
                let n_bytes = bytes.len();
                bytes.truncate(at % n_bytes);
            }
        }
    }
    zip_parts(&parts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever is done to the XML inside a sound archive, import gives a
    /// dataset or problems that name the workbook (or one of its sheets); the
    /// reader never panics (a caught panic reads "the file is damaged").
    #[test]
    fn workbook_reader_survives_damaged_sheet_xml(
        damages in prop::collection::vec(xml_damage(), 1..4),
    ) {
        let bytes = damage_workbook(&damages);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("book.xlsx");
        std::fs::write(&path, &bytes).expect("write");
        match fulcrum_io::import_path(&path) {
            Ok(dataset) => {
                // Whatever was read is a whole, valid dataset.
                prop_assert!(fulcrum_io::validate_dataset(&dataset).is_ok());
            }
            Err(error) => {
                prop_assert!(!error.problems.is_empty());
                for problem in &error.problems {
                    prop_assert!(
                        problem.file == "book.xlsx" || problem.file.starts_with("book.xlsx["),
                        "{problem}"
                    );
                    prop_assert!(!problem.reason.is_empty(), "{problem}");
                    prop_assert!(problem.row != Some(0), "{problem}");
                    prop_assert!(
                        !problem.reason.contains("the file is damaged"),
                        "the reader panicked: {problem}"
                    );
                }
            }
        }
    }
}
