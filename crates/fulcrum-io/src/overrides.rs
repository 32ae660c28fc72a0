//! Planner input as a file: the overrides a planner uploads into the demand
//! plan (one value per layer, node and period), and the grid written as a
//! workbook.
//!
//! An overrides file is CSV or XLSX (first sheet) with the header
//! `layer,product,location,customer,period,value`: `layer` a role layer
//! (`sales`, `marketing`, `demand_planner`, `finance`), `product` a family or
//! item code, `location` and `customer` a node code or empty for every one,
//! `period` a month (`2026-05`), quarter (`2026-Q2`) or year (`2026`), `value` the
//! number the layer should read there. Columns may come in any order; names
//! are case-insensitive. This module only reads the cells; whether the codes and
//! periods exist is the planning desk's check.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::cell::parse_number;
use crate::problem::{ImportError, Problem};
use crate::xlsx::read_sheet;
use crate::xlsx_scan;

/// The columns of an overrides file, in the order they are written.
pub const OVERRIDE_COLUMNS: [&str; 6] = [
    "layer", "product", "location", "customer", "period", "value",
];

/// At most this many rows are read from an overrides file.
pub const MAX_OVERRIDE_ROWS: usize = 100_000;

/// One row of an overrides file.
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideRow {
    /// Row number in the file (1 = header).
    pub row: usize,
    /// Role layer.
    pub layer: String,
    /// Family or item.
    pub product: String,
    /// Region or location; `None` for every one.
    pub location: Option<String>,
    /// Channel or customer; `None` for every one.
    pub customer: Option<String>,
    /// Month, quarter or year label.
    pub period: String,
    /// The value typed.
    pub value: f64,
}

/// Reads an overrides file named `name` (its extension, or the zip signature,
/// decides CSV or XLSX). Every bad cell is a [`Problem`] naming file, row and
/// column; any problem rejects the whole file.
pub fn read_overrides(name: &str, bytes: &[u8]) -> Result<Vec<OverrideRow>, ImportError> {
    let scan = scan_overrides(name, bytes)?;
    if scan.problems.is_empty() {
        Ok(scan.rows)
    } else {
        Err(reject(scan.problems))
    }
}

/// An overrides file read as far as its cells allow: the rows whose cells are
/// good, and a [`Problem`] for every bad cell, so that a caller can check the
/// good rows further (do the codes exist?) and name every problem at once.
#[derive(Debug, Clone, PartialEq)]
pub struct OverridesScan {
    /// How problems name the file (`name`, or `name[sheet]` for a workbook).
    pub file: String,
    /// The rows whose cells are all good.
    pub rows: Vec<OverrideRow>,
    /// The rows whose value is bad but whose layer, product and period are
    /// given, with value 0, so that their other cells can still be checked.
    pub unvalued: Vec<OverrideRow>,
    /// The bad cells, by row.
    pub problems: Vec<Problem>,
}

/// Reads the cells of an overrides file as [`read_overrides`] does, keeping
/// the good rows beside the problems; an `Err` is a file that could not be
/// read at all (not text, a damaged workbook, a bad header).
pub fn scan_overrides(name: &str, bytes: &[u8]) -> Result<OverridesScan, ImportError> {
    let is_xlsx = name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04");
    let (file, rows) = if is_xlsx {
        xlsx_rows(name, bytes)?
    } else {
        (name.to_string(), csv_rows(name, bytes)?)
    };
    parse_rows(file, &rows)
}

fn problem(file: &str, row: Option<usize>, column: Option<&str>, reason: String) -> Problem {
    Problem {
        file: file.to_string(),
        row,
        column: column.map(str::to_string),
        reason,
    }
}

fn reject(problems: Vec<Problem>) -> ImportError {
    ImportError { problems }
}

fn csv_rows(name: &str, bytes: &[u8]) -> Result<NumberedRows, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        reject(vec![problem(
            name,
            None,
            None,
            format!("not UTF-8 text (byte {})", error.valid_up_to()),
        )])
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|error| {
            reject(vec![problem(
                name,
                Some(line),
                None,
                format!("unreadable row: {error}"),
            )])
        })?;
        if line > MAX_OVERRIDE_ROWS + 1 {
            return Err(reject(vec![problem(
                name,
                Some(line),
                None,
                format!("more than {MAX_OVERRIDE_ROWS} rows"),
            )]));
        }
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

/// Numbered rows of cells (1 = the header row).
type NumberedRows = Vec<(usize, Vec<String>)>;

fn xlsx_rows(name: &str, bytes: &[u8]) -> Result<(String, NumberedRows), ImportError> {
    let found = xlsx_scan::scan(Cursor::new(bytes));
    if !found.is_empty() {
        return Err(reject(
            found
                .into_iter()
                .map(|found| {
                    let file = match &found.sheet {
                        Some(sheet) => format!("{name}[{sheet}]"),
                        None => name.to_string(),
                    };
                    problem(&file, found.row, None, found.reason)
                })
                .collect(),
        ));
    }
    let unreadable = |error: String| {
        reject(vec![problem(
            name,
            None,
            None,
            format!("unreadable workbook: {error}"),
        )])
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(unreadable("it has no sheet".into()));
    };
    let rows = read_sheet(&mut workbook, &sheet).map_err(|e| unreadable(e.to_string()))?;
    if rows.len() > MAX_OVERRIDE_ROWS + 1 {
        return Err(reject(vec![problem(
            name,
            None,
            None,
            format!("more than {MAX_OVERRIDE_ROWS} rows"),
        )]));
    }
    Ok((format!("{name}[{sheet}]"), rows))
}

/// The good rows, the rows with only a bad value and the bad cells of the
/// numbered `rows` of `file`; an `Err` for a header that cannot be read.
fn parse_rows(file: String, rows: &[(usize, Vec<String>)]) -> Result<OverridesScan, ImportError> {
    let file = file.as_str();
    let mut problems = Vec::new();
    let Some((header_row, header)) = rows.first() else {
        return Err(reject(vec![problem(
            file,
            None,
            None,
            format!(
                "the file is empty; its header is {}",
                OVERRIDE_COLUMNS.join(",")
            ),
        )]));
    };
    let mut position = [None; 6];
    for (at, name) in header.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        match OVERRIDE_COLUMNS.iter().position(|column| *column == name) {
            Some(column) if position[column].is_some() => problems.push(problem(
                file,
                Some(*header_row),
                Some(&name),
                "the column appears twice".into(),
            )),
            Some(column) => position[column] = Some(at),
            None if name.is_empty() => {}
            None => problems.push(problem(
                file,
                Some(*header_row),
                Some(&name),
                format!(
                    "unknown column; the columns are {}",
                    OVERRIDE_COLUMNS.join(", ")
                ),
            )),
        }
    }
    for (column, at) in OVERRIDE_COLUMNS.iter().zip(position) {
        if at.is_none() && !matches!(*column, "location" | "customer") {
            problems.push(problem(
                file,
                Some(*header_row),
                Some(column),
                "missing column".into(),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(reject(problems));
    }
    let mut out = Vec::new();
    let mut unvalued = Vec::new();
    for (row, cells) in &rows[1..] {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |column: usize| -> String {
            position[column]
                .and_then(|at| cells.get(at))
                .map(|text| text.trim().to_string())
                .unwrap_or_default()
        };
        let mut required = |column: usize| -> String {
            let text = cell(column);
            if text.is_empty() {
                problems.push(problem(
                    file,
                    Some(*row),
                    Some(OVERRIDE_COLUMNS[column]),
                    "empty; a value is required".into(),
                ));
            }
            text
        };
        let layer = required(0);
        let product = required(1);
        let period = required(4);
        let value_text = required(5);
        let optional = |text: String| (!text.is_empty()).then_some(text);
        let value = if value_text.is_empty() {
            None
        } else {
            match parse_number(&value_text) {
                Ok(value) if value < 0.0 => {
                    problems.push(problem(
                        file,
                        Some(*row),
                        Some("value"),
                        format!("{value_text} is negative; demand is never below 0"),
                    ));
                    None
                }
                Ok(value) if value > 1e12 => {
                    problems.push(problem(
                        file,
                        Some(*row),
                        Some("value"),
                        format!("{value_text} is beyond 1e12, the largest quantity accepted"),
                    ));
                    None
                }
                Ok(value) => Some(value),
                Err(reason) => {
                    problems.push(problem(file, Some(*row), Some("value"), reason));
                    None
                }
            }
        };
        if !layer.is_empty() && !product.is_empty() && !period.is_empty() {
            let parsed = OverrideRow {
                row: *row,
                layer,
                product,
                location: optional(cell(2)),
                customer: optional(cell(3)),
                period,
                value: value.unwrap_or(0.0),
            };
            if value.is_some() {
                out.push(parsed);
            } else {
                unvalued.push(parsed);
            }
        }
    }
    Ok(OverridesScan {
        file: file.to_string(),
        rows: out,
        unvalued,
        problems,
    })
}

/// A grid as a sheet: label columns, then one number column per period.
#[derive(Debug, Clone, PartialEq)]
pub struct GridSheet {
    /// Sheet name (at most 31 characters are kept).
    pub title: String,
    /// Headers of the label columns (e.g. node, name, key figure, unit).
    pub label_headers: Vec<String>,
    /// Headers of the value columns (period labels).
    pub value_headers: Vec<String>,
    /// Rows: labels, then values (`None` is an empty cell), and the outline
    /// level of the row (0 at the top) so Excel can fold the hierarchy.
    pub rows: Vec<GridSheetRow>,
}

/// One row of a [`GridSheet`].
#[derive(Debug, Clone, PartialEq)]
pub struct GridSheetRow {
    /// Label cells.
    pub labels: Vec<String>,
    /// Value cells.
    pub values: Vec<Option<f64>>,
    /// Outline level (0–7).
    pub level: u8,
}

/// Writes `sheet` as the bytes of an `.xlsx` workbook: header bold and frozen,
/// numbers with thousands separators, rows grouped by outline level.
pub fn write_grid_xlsx(sheet: &GridSheet) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    let title: String = sheet
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    worksheet
        .set_name(if title.is_empty() { "Grid" } else { &title })
        .map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    let number = Format::new()
        .set_num_format("#,##0.##")
        .set_align(FormatAlign::Right);
    let labels = sheet.label_headers.len();
    for (column, header) in sheet
        .label_headers
        .iter()
        .chain(&sheet.value_headers)
        .enumerate()
    {
        worksheet
            .write_string_with_format(0, column as u16, header, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let r = index as u32 + 1;
        for (column, text) in row.labels.iter().enumerate() {
            worksheet
                .write_string(r, column as u16, text)
                .map_err(|e| e.to_string())?;
        }
        for (column, value) in row.values.iter().enumerate() {
            if let Some(value) = value {
                worksheet
                    .write_number_with_format(r, (labels + column) as u16, *value, &number)
                    .map_err(|e| e.to_string())?;
            }
        }
        if row.level > 0 {
            worksheet.group_rows(r, r).map_err(|e| e.to_string())?;
            for _ in 1..row.level.min(7) {
                worksheet.group_rows(r, r).map_err(|e| e.to_string())?;
            }
        }
    }
    worksheet
        .set_freeze_panes(1, labels as u16)
        .map_err(|e| e.to_string())?;
    worksheet.autofit();
    workbook.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_csv_reads_every_row() {
        let csv = "layer,product,location,customer,period,value\n\
                   sales,BIKES,,,2026-Q1,1200\nmarketing,B1,DC,SHOP,2026-02,7.5\n";
        let rows = read_overrides("o.csv", csv.as_bytes()).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].location, None);
        assert_eq!(rows[1].customer.as_deref(), Some("SHOP"));
        assert_eq!(rows[1].value, 7.5);
        assert_eq!(rows[1].row, 3);
    }

    #[test]
    fn every_bad_cell_is_named() {
        let csv = "layer,product,period,value\nsales,,2026-01,abc\nsales,B1,2026-01,-3\n";
        let error = read_overrides("o.csv", csv.as_bytes()).expect_err("rejected");
        let text = error.to_string();
        assert!(text.contains("o.csv:2:product"), "{text}");
        assert!(text.contains("o.csv:2:value"), "{text}");
        assert!(text.contains("o.csv:3:value"), "{text}");
        assert_eq!(error.problems.len(), 3);
    }

    #[test]
    fn a_missing_column_is_named() {
        let error = read_overrides("o.csv", b"layer,product,value\n").expect_err("rejected");
        assert!(
            error.to_string().contains("o.csv:1:period: missing column"),
            "{error}"
        );
    }

    #[test]
    fn the_grid_workbook_reads_back() {
        let sheet = GridSheet {
            title: "Demand plan".into(),
            label_headers: vec!["node".into(), "key figure".into()],
            value_headers: vec!["2026-01".into(), "2026-02".into()],
            rows: vec![
                GridSheetRow {
                    labels: vec!["BIKES".into(), "consensus".into()],
                    values: vec![Some(1234.5), None],
                    level: 0,
                },
                GridSheetRow {
                    labels: vec!["B1".into(), "consensus".into()],
                    values: vec![Some(1.0), Some(2.0)],
                    level: 1,
                },
            ],
        };
        let bytes = write_grid_xlsx(&sheet).expect("writes");
        let mut workbook = Xlsx::new(Cursor::new(bytes)).expect("opens");
        let rows = read_sheet(&mut workbook, "Demand plan").expect("reads");
        assert_eq!(rows[1].1, vec!["BIKES", "consensus", "1234.5"]);
        assert_eq!(rows[2].1, vec!["B1", "consensus", "1", "2"]);
    }

    #[test]
    fn an_overrides_workbook_reads() {
        let sheet = GridSheet {
            title: "overrides".into(),
            label_headers: OVERRIDE_COLUMNS[..5]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            value_headers: vec!["value".into()],
            rows: vec![GridSheetRow {
                labels: vec![
                    "sales".into(),
                    "B1".into(),
                    String::new(),
                    String::new(),
                    "2026-Q1".into(),
                ],
                values: vec![Some(30.0)],
                level: 0,
            }],
        };
        let bytes = write_grid_xlsx(&sheet).expect("writes");
        let rows = read_overrides("o.xlsx", &bytes).expect("reads");
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].period.as_str(), rows[0].value), ("2026-Q1", 30.0));
    }
}
