//! Import orchestration: gather files or sheets, read them into tables, report
//! missing and unknown files, then validate everything in one pass.

use std::panic::AssertUnwindSafe;
use std::path::Path;

use calamine::Xlsx;
use fulcrum_core::Dataset;

use crate::csv_read;
use crate::problem::{ImportError, Problem, Problems};
use crate::schema::{self, FILES, by_file_name};
use crate::table::{RawSheet, build_table};
use crate::validate::{self, Source};
use crate::xlsx;
use crate::xlsx_scan;

/// The rank used for problems about files that are not part of the format.
pub(crate) const UNKNOWN_RANK: usize = FILES.len();

/// Imports named files; `Err(reason)` stands for a file that could not be read.
pub(crate) fn import_files(
    mut files: Vec<(String, Result<&[u8], String>)>,
) -> Result<Dataset, ImportError> {
    let mut problems = Problems::default();
    let mut raw: Vec<Option<(String, Option<RawSheet>)>> = (0..FILES.len()).map(|_| None).collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, bytes) in files {
        let rank = by_file_name(&name);
        let bytes = match (rank, bytes) {
            (_, Err(reason)) => {
                problems.push(rank.unwrap_or(UNKNOWN_RANK), &name, None, None, reason);
                if let Some(rank) = rank {
                    raw[rank] = Some((name, None));
                }
                continue;
            }
            (Some(_), Ok(bytes)) => bytes,
            (None, Ok(_)) => {
                let hint = FILES
                    .iter()
                    .find(|schema| schema.file_name().eq_ignore_ascii_case(&name))
                    .map(|schema| format!("; did you mean '{}'?", schema.file_name()))
                    .unwrap_or_default();
                problems.push(
                    UNKNOWN_RANK,
                    &name,
                    None,
                    None,
                    format!("unknown file{hint}"),
                );
                continue;
            }
        };
        let Some(rank) = rank else { continue };
        if raw[rank].is_some() {
            problems.push(rank, &name, None, None, "file given twice");
            continue;
        }
        let sheet = csv_read::read_csv(rank, &name, bytes, &mut problems);
        raw[rank] = Some((name, sheet));
    }
    finish_with(raw, problems, |schema| {
        (schema.file_name(), "missing required file".to_string())
    })
}

pub(crate) fn import_folder(dir: &Path) -> Result<Dataset, ImportError> {
    let shown = dir.display().to_string();
    let entries =
        std::fs::read_dir(dir).map_err(|error| single_problem(&shown, error.to_string()))?;
    let mut contents: Vec<(String, Result<Vec<u8>, String>)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| single_problem(&shown, error.to_string()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let bytes = if path.is_dir() {
            Err("unexpected folder; expected only CSV files".to_string())
        } else {
            std::fs::read(&path).map_err(|error| format!("cannot read: {error}"))
        };
        contents.push((name, bytes));
    }
    import_files(
        contents
            .iter()
            .map(|(name, bytes)| (name.clone(), bytes.as_deref().map_err(Clone::clone)))
            .collect(),
    )
}

pub(crate) fn import_xlsx(path: &Path) -> Result<Dataset, ImportError> {
    let book = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    // calamine trusts cell references, dimensions and shared-string indices;
    // check them first so a damaged workbook names its sheet and cell.
    if let Ok(file) = std::fs::File::open(path) {
        let found = xlsx_scan::scan(std::io::BufReader::new(file));
        if !found.is_empty() {
            let mut problems = Problems::default();
            for found in found {
                let (rank, label) = match &found.sheet {
                    Some(sheet) => (
                        schema::by_sheet_name(sheet).unwrap_or(UNKNOWN_RANK),
                        format!("{book}[{sheet}]"),
                    ),
                    None => (0, book.clone()),
                };
                problems.push(rank, &label, found.row, None, found.reason);
            }
            return Err(ImportError {
                problems: problems.into_sorted(),
            });
        }
    }
    // The workbook reader can panic on a damaged file (e.g. arithmetic overflow
    // on corrupt cell references); a damaged file is bad input, not a crash.
    let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let mut workbook: Xlsx<_> = calamine::open_workbook(path)
            .map_err(|error: calamine::XlsxError| format!("cannot read workbook: {error}"))?;
        let mut problems = Problems::default();
        let sheets = xlsx::read_workbook(&mut workbook, &book, &mut problems);
        Ok::<_, String>((sheets, problems))
    }));
    let (sheets, problems) = match read {
        Ok(Ok(read)) => read,
        Ok(Err(reason)) => return Err(single_problem(&book, reason)),
        Err(_) => {
            return Err(single_problem(
                &book,
                "cannot read workbook: the file is damaged",
            ));
        }
    };
    let raw = sheets
        .into_iter()
        .zip(FILES)
        .map(|(sheet, schema)| sheet.map(|sheet| (format!("{book}[{}]", schema.name), sheet)))
        .collect();
    finish_with(raw, problems, |schema| {
        (
            format!("{book}[{}]", schema.name),
            "missing required sheet".to_string(),
        )
    })
}

/// Builds tables from raw sheets, reports missing required files (named by
/// `missing`), validates.
fn finish_with(
    raw: Vec<Option<(String, Option<RawSheet>)>>,
    mut problems: Problems,
    missing: impl Fn(&schema::FileSchema) -> (String, String),
) -> Result<Dataset, ImportError> {
    let mut sources = Vec::with_capacity(FILES.len());
    for (rank, (entry, schema)) in raw.into_iter().zip(FILES).enumerate() {
        let source = match entry {
            None => {
                if schema.required {
                    let (label, reason) = missing(schema);
                    problems.push(rank, &label, None, None, reason);
                }
                Source::Absent
            }
            Some((_, None)) => Source::Unreadable,
            Some((label, Some(sheet))) => {
                Source::Table(build_table(rank, &label, sheet, &mut problems))
            }
        };
        sources.push(source);
    }
    match validate::build_dataset(&sources, &mut problems) {
        Some(dataset) if problems.is_empty() => Ok(dataset),
        _ => {
            if problems.is_empty() {
                // Unreachable by construction (no dataset without a problem);
                // kept so an ImportError is never empty.
                problems.push(0, "settings.csv", None, None, "dataset could not be built");
            }
            Err(ImportError {
                problems: problems.into_sorted(),
            })
        }
    }
}

fn problem(file: &str, reason: impl Into<String>) -> Problem {
    Problem {
        file: file.to_string(),
        row: None,
        column: None,
        reason: reason.into(),
    }
}

pub(crate) fn single_problem(file: &str, reason: impl Into<String>) -> ImportError {
    ImportError {
        problems: vec![problem(file, reason)],
    }
}
