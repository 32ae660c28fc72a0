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
