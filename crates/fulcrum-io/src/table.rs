//! Tables: the cells of one file or sheet, mapped onto its schema's columns.
//!
//! Readers (CSV, XLSX) produce a [`RawSheet`]; [`build_table`] checks the header
//! against the schema and reorders every row into schema column order, so the
//! parser never cares where a column was in the file.

use crate::problem::Problems;
use crate::schema::{FILES, FileSchema};

/// Cells of one file or sheet as read, before the header is interpreted.
#[derive(Debug, Default)]
pub(crate) struct RawSheet {
    /// Rows with their row number (1-based, as the user sees them), header first.
    pub(crate) rows: Vec<(usize, Vec<String>)>,
    /// 1-based position of the first cell of each row (XLSX ranges may start
    /// further right); used to name columns without a header.
    pub(crate) first_column: usize,
    /// Numbers of rows that are not whole (a CSV row with fewer or more fields
    /// than its header, or cut off inside a quoted value); already reported.
    /// Their codes count for references, but they are not imported.
    pub(crate) ragged: std::collections::HashSet<usize>,
}

/// One data row, cells in schema column order (empty when absent).
#[derive(Debug)]
pub(crate) struct Row {
    /// Row number as the user sees it (header = 1 for CSV).
    pub(crate) number: usize,
    /// Trimmed cells in schema column order.
    pub(crate) cells: Vec<String>,
    /// False for a row already reported as not whole ([`RawSheet::ragged`]):
    /// its cells are not checked or imported.
    pub(crate) whole: bool,
}

/// A file or sheet whose header has been matched to its schema.
#[derive(Debug)]
pub(crate) struct Table {
    /// Position of the schema in [`FILES`].
    pub(crate) rank: usize,
    /// How problems name the file: `items.csv` or `book.xlsx[items]`.
    pub(crate) label: String,
    /// Whether each schema column was present in the header.
    pub(crate) present: Vec<bool>,
    /// Non-empty data rows, sorted by key (stable), so parsed records come out
    /// in canonical order.
    pub(crate) rows: Vec<Row>,
}

impl Table {
    /// The schema of this table.
    pub(crate) fn schema(&self) -> &'static FileSchema {
        &FILES[self.rank]
    }

    /// The trimmed cell of `column` in `row`, `None` when empty or the column is absent.
    pub(crate) fn cell<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        let idx = self.schema().column_index(column)?;
        if !self.present[idx] {
            return None;
        }
        row.cells
            .get(idx)
            .map(String::as_str)
            .filter(|cell| !cell.is_empty())
    }
}

/// Matches `raw`'s header row to the schema of `rank`, reporting unknown,
/// duplicate and missing columns and values in columns without a header.
pub(crate) fn build_table(
    rank: usize,
    label: &str,
    raw: RawSheet,
    problems: &mut Problems,
) -> Table {
    let schema = &FILES[rank];
    let n_columns = schema.columns.len();
    let mut table = Table {
        rank,
        label: label.to_string(),
        present: vec![false; n_columns],
        rows: Vec::new(),
    };
    // The header is the first row with a value (spreadsheets may leave `,,,` rows).
    let mut rows = raw
        .rows
        .into_iter()
        .skip_while(|(_, cells)| cells.iter().all(|cell| cell.trim().is_empty()));
    let Some((header_number, header)) = rows.next() else {
        problems.push(rank, label, None, None, "empty file; expected a header row");
        return table;
    };

    // Position in the file -> position in the schema (None: ignored column).
    let mut mapping: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut unnamed: Vec<bool> = Vec::with_capacity(header.len());
    for name in &header {
        let name = name.trim();
        if name.is_empty() {
            mapping.push(None);
            unnamed.push(true);
            continue;
        }
        unnamed.push(false);
        match schema.column_index(name) {
            Some(idx) if table.present[idx] => {
                problems.push(
                    rank,
                    label,
                    Some(header_number),
                    Some(name),
                    "duplicate column",
                );
                mapping.push(None);
            }
            Some(idx) => {
                table.present[idx] = true;
                mapping.push(Some(idx));
            }
            None => {
                let hint = schema
                    .columns
                    .iter()
                    .find(|column| column.name.eq_ignore_ascii_case(name))
                    .map(|column| format!("; did you mean '{}'?", column.name))
                    .unwrap_or_default();
                problems.push(
                    rank,
                    label,
                    Some(header_number),
                    Some(name),
                    format!("unknown column{hint}"),
                );
                mapping.push(None);
            }
        }
    }
    for (idx, column) in schema.columns.iter().enumerate() {
        if column.required && !table.present[idx] {
            problems.push(
                rank,
                label,
                Some(header_number),
                Some(column.name),
                "missing required column",
            );
        }
    }

    for (number, cells) in rows {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let whole = !raw.ragged.contains(&number);
        let mut ordered = vec![String::new(); n_columns];
        for (position, mut cell) in cells.into_iter().enumerate() {
            trim_in_place(&mut cell);
            match mapping.get(position).copied().flatten() {
                Some(idx) => ordered[idx] = cell,
                None => {
                    let has_header = position < mapping.len() && !unnamed[position];
                    if whole && !has_header && !cell.is_empty() {
                        let column = format!("column {}", raw.first_column + position);
                        problems.push(
                            rank,
                            label,
                            Some(number),
                            Some(&column),
                            "value in a column that has no header",
                        );
                    }
                }
            }
        }
        // A row with values only outside the known columns (reported above or at
        // the header) has nothing to check; skipping it avoids "required value is
        // empty" for every column.
        if ordered.iter().all(String::is_empty) {
            continue;
        }
        table.rows.push(Row {
            number,
            cells: ordered,
            whole,
        });
    }

    let keys = schema.key_indices();
    if !keys.is_empty() {
        table.rows.sort_by(|a, b| {
            keys.iter()
                .map(|&k| a.cells[k].cmp(&b.cells[k]))
                .find(|ordering| ordering.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    table
}

/// Reports rows whose key repeats an earlier row's key (rows with an empty key
/// cell are skipped: the empty cell is reported on its own).
///
/// Rows are sorted by key with a stable sort, so equal keys are adjacent and the
/// first of a run is the earliest in the file.
pub(crate) fn check_duplicate_keys(table: &Table, problems: &mut Problems) {
    let schema = table.schema();
    let keys = schema.key_indices();
    if keys.is_empty() || keys.iter().any(|&k| !table.present[k]) {
        return;
    }
    let mut first: Option<&Row> = None;
    for row in &table.rows {
        if keys.iter().any(|&k| row.cells[k].is_empty()) {
            continue;
        }
        let same_key =
            first.is_some_and(|first| keys.iter().all(|&k| first.cells[k] == row.cells[k]));
        let Some(first_row) = first.filter(|_| same_key) else {
            first = Some(row);
            continue;
        };
        let reason = if let [key] = keys[..] {
            format!(
                "duplicate {} '{}' (first on row {})",
                schema.columns[key].name, row.cells[key], first_row.number
            )
        } else {
            let parts: Vec<String> = keys
                .iter()
                .map(|&k| format!("{} '{}'", schema.columns[k].name, row.cells[k]))
                .collect();
            format!(
                "duplicate row for {} (first on row {})",
                parts.join(", "),
                first_row.number
            )
        };
        problems.push(
            table.rank,
            &table.label,
            Some(row.number),
            Some(schema.columns[keys[0]].name),
            reason,
        );
    }
}

/// Removes leading and trailing white space without a new allocation.
fn trim_in_place(text: &mut String) {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    if start > 0 {
        text.drain(..start);
    }
}
