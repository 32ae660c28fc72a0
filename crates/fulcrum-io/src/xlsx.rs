//! XLSX workbooks: one sheet per file, named like the file without `.csv`.
//!
//! Reading turns every cell into the same text a CSV file would hold, so both
//! formats share one validator. Writing puts numbers in number cells and all
//! else (codes, names, bucket labels) in text cells, so a spreadsheet does not
//! turn `2026-01` into a date or `007` into 7.

use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use fulcrum_core::YearMonth;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::export::FileRows;
use crate::format::format_number;
use crate::import::UNKNOWN_RANK;
use crate::problem::{ExportError, Problems};
use crate::schema::{FILES, Kind, by_sheet_name};
use crate::table::RawSheet;

/// Reads every sheet of `workbook`. Returns the sheets that name a dataset file,
/// by rank; unknown non-empty sheets are reported. `book` names the workbook in
/// problems, e.g. `plan.xlsx` gives `plan.xlsx[items]`.
pub(crate) fn read_workbook<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    book: &str,
    problems: &mut Problems,
) -> Vec<Option<Option<RawSheet>>> {
    let mut sheets: Vec<Option<Option<RawSheet>>> = (0..FILES.len()).map(|_| None).collect();
    for name in workbook.sheet_names() {
        let label = format!("{book}[{name}]");
        let rank = by_sheet_name(&name);
        let rows = match read_sheet(workbook, &name) {
            Ok(rows) => rows,
            Err(error) => {
                problems.push(
                    rank.unwrap_or(UNKNOWN_RANK),
                    &label,
                    None,
                    None,
                    format!("unreadable sheet: {error}"),
                );
                if let Some(rank) = rank {
                    sheets[rank] = Some(None);
                }
                continue;
            }
        };
        let Some(rank) = rank else {
            if !rows.is_empty() {
                let hint = FILES
                    .iter()
                    .find(|schema| schema.name.eq_ignore_ascii_case(&name))
                    .map(|schema| format!("; did you mean '{}'?", schema.name))
                    .unwrap_or_default();
                problems.push(
                    UNKNOWN_RANK,
                    &label,
                    None,
                    None,
                    format!("unknown sheet{hint}"),
                );
            }
            continue;
        };
        sheets[rank] = Some(Some(RawSheet {
            rows,
            first_column: 1,
            ragged: Default::default(),
        }));
    }
    sheets
}

/// The non-empty rows of a sheet, numbered as the sheet numbers them, each with
/// its cells at their column positions (column A first).
///
/// Cells are streamed rather than loaded as one dense range, so a stray value
/// far from the data (say in cell XFD1048576) costs one row, not the rectangle.
pub(crate) fn read_sheet<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
) -> Result<Vec<(usize, Vec<String>)>, calamine::XlsxError> {
    let mut reader = workbook.worksheet_cells_reader(name)?;
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    while let Some(cell) = reader.next_cell()? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if !text.is_empty() {
            rows.entry(row).or_default().push((column, text));
        }
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let width = cells.iter().map(|&(column, _)| column as usize + 1).max();
            let mut line = vec![String::new(); width.unwrap_or(0)];
            for (column, text) in cells {
                line[column as usize] = text;
            }
            (row as usize + 1, line)
        })
        .collect())
}

/// The text a CSV file would hold for this cell.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => format_number(*value),
        Data::Bool(value) => value.to_string(),
        Data::Error(error) => error.to_string(),
        Data::DateTime(datetime) => {
            // A spreadsheet turns a typed `2026-01` into 1 January 2026; give the
            // bucket label back. Other dates keep their day.
            let (year, month, day, hour, minute, second, milli) = datetime.to_ymd_hms_milli();
            let midnight = hour == 0 && minute == 0 && second == 0 && milli == 0;
            match (day, midnight) {
                (1, true) => format!("{year:04}-{month:02}"),
                (_, true) => format!("{year:04}-{month:02}-{day:02}"),
                _ => format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"),
            }
        }
    }
}

/// Writes `files` as a workbook at `path`, one sheet per file, header in bold
/// and frozen, columns fitted to their contents.
///
/// The bytes depend only on the data: the document's creation date is set to
/// `created` (not the clock), so the same dataset always gives the same file.
pub(crate) fn write_workbook(
    files: &[FileRows],
    created: YearMonth,
    path: &Path,
) -> Result<(), ExportError> {
    let to_error = |error: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    let mut workbook = Workbook::new();
    let year = u16::try_from(created.year.clamp(1900, 9999)).unwrap_or(1900);
    let month = u8::try_from(created.month).unwrap_or(1);
    let created = ExcelDateTime::from_ymd(year, month, 1).map_err(to_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for file in files {
        let sheet = workbook.add_worksheet();
        sheet.set_name(file.schema.name).map_err(to_error)?;
        for (col, column) in file.schema.columns.iter().enumerate() {
            let col = col as u16;
            sheet
                .write_string_with_format(0, col, column.name, &bold)
                .map_err(to_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(to_error)?;
        for (row_idx, row) in file.rows.iter().enumerate() {
            let row_number = u32::try_from(row_idx + 1).map_err(|_| ExportError::Xlsx {
                path: path.to_path_buf(),
                message: format!("sheet {} has too many rows", file.schema.name),
            })?;
            for (col, (cell, column)) in row.iter().zip(file.schema.columns).enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let col = col as u16;
                let numeric = matches!(column.kind, Kind::Number | Kind::Whole);
                match cell.parse::<f64>() {
                    Ok(value) if numeric && value.is_finite() => {
                        sheet
                            .write_number(row_number, col, value)
                            .map_err(to_error)?;
                    }
                    _ => {
                        sheet
                            .write_string(row_number, col, cell)
                            .map_err(to_error)?;
                    }
                }
            }
        }
        sheet.autofit();
    }
    workbook.save(path).map_err(to_error)
}

#[cfg(test)]
mod tests {
    use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

    use super::cell_text;

    fn date(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn cells_read_as_csv_text() {
        for (cell, text) in [
            (Data::Empty, ""),
            (Data::String("FG1".into()), "FG1"),
            (Data::Float(3.0), "3"),
            (Data::Float(-0.0), "0"),
            (Data::Float(0.1), "0.1"),
            (Data::Int(7), "7"),
            (Data::Bool(true), "true"),
            (Data::Error(CellErrorType::Div0), "#DIV/0!"),
            // 46023 is 2026-01-01 in the 1900 date system.
            (date(46023.0), "2026-01"),
            (date(46037.0), "2026-01-15"),
            (date(46023.5), "2026-01-01 12:00:00"),
        ] {
            assert_eq!(cell_text(&cell), text, "{cell:?}");
        }
    }
}
