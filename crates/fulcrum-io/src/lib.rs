//! Import and export of Fulcrum datasets: a folder of CSV files or one XLSX
//! workbook, in the format of `docs/data-format.md`.
//!
//! - [`import_path`] reads a folder or a `.xlsx` workbook; [`import_csv_files`]
//!   reads CSV files held in memory (how the store keeps input snapshots).
//!   Both validate everything — types, units, references, duplicate keys, BOM
//!   and hierarchy cycles, ranges, calendar buckets, business rules — and either
//!   return a whole [`Dataset`] or an [`ImportError`] listing **every**
//!   [`Problem`] as `file:row:column: reason`. They never return part of the data.
//! - [`validate_dataset`] applies the same rules to a dataset built in memory.
//! - [`export_csv_files`], [`export_folder`], [`export_xlsx`] and [`export_path`]
//!   write the canonical form: every file, columns in documented order, rows
//!   sorted by key, numbers in shortest round-trip form. Export → import →
//!   export is byte-identical.
//! - [`export_plan_xlsx`] writes a plan version (KPIs, key figures, planned orders,
//!   exceptions, forecast models) as a workbook.
//!
//! The imported dataset's rows are in the same canonical (key) order as export
//! writes them, so the same data gives the same [`Dataset`] whatever the row
//! order, column order or format of the input.
//!
//! Inside, data flows one way: `csv_read` / `xlsx` turn bytes into rows of text;
//! `table` matches the header to `schema` (the columns of every file, the one
//! table that drives reading, checking and writing); `validate` (with `cell` for
//! typed cells and `cycles` for BOM and hierarchy cycles) turns tables into a
//! `Dataset`, collecting `problem`s; `export` and `format` write the canonical
//! text back. `import` ties the reading steps together.
//!
//! ```
//! const SETTINGS: &str = "company,currency,granularity,plan_start,history_buckets,horizon_buckets\n\
//!                         Acme,EUR,month,2026-01,12,18\n";
//! const ITEMS: &str = "code,name,family,uom,type,price,material_cost,labour_cost,overhead_cost,lead_time\n\
//!                      FG1,Widget,F1,EA,finished,10,4,1,0.5,1\n";
//! let files = |locations: &str| -> Vec<(String, Vec<u8>)> {
//!     [
//!         ("settings.csv", SETTINGS),
//!         ("families.csv", "code,name,parent\nF1,Widgets,\n"),
//!         ("regions.csv", "code,name\nEU,Europe\n"),
//!         ("items.csv", ITEMS),
//!         ("locations.csv", locations),
//!     ]
//!     .into_iter()
//!     .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
//!     .collect()
//! };
//!
//! // Every problem is reported, each with file, row, column and reason.
//! let error = fulcrum_io::import_csv_files(&files("code,name,kind,region\nP1,Plant,factory,US\n"))
//!     .unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "locations.csv:2:kind: 'factory' is not one of plant, dc\n\
//!      locations.csv:2:region: unknown region 'US'"
//! );
//!
//! let dataset = fulcrum_io::import_csv_files(&files("code,name,kind,region\nP1,Plant,plant,EU\n"))
//!     .unwrap();
//! assert_eq!(dataset.items[0].cost.total(), 5.5);
//!
//! // Export is canonical: importing it and exporting again gives the same bytes.
//! let exported = fulcrum_io::export_csv_files(&dataset);
//! let again = fulcrum_io::export_csv_files(&fulcrum_io::import_csv_files(&exported).unwrap());
//! assert_eq!(exported, again);
//! ```

mod cell;
mod csv_read;
mod cycles;
mod export;
mod format;
mod import;
mod overrides;
mod plan_workbook;
mod problem;
mod schema;
mod table;
mod validate;
mod xlsx;
mod xlsx_scan;

use std::path::Path;

use fulcrum_core::Dataset;

pub use overrides::{
    GridSheet, GridSheetRow, MAX_OVERRIDE_ROWS, OVERRIDE_COLUMNS, OverrideRow, OverridesScan,
    read_overrides, scan_overrides, write_grid_xlsx,
};
pub use plan_workbook::{PlanWorkbookInfo, export_plan_xlsx};
pub use problem::{ExportError, ImportError, Problem};

use import::{import_files, import_folder, import_xlsx, single_problem};
use schema::FILES;

/// Names of every file of the format, in documented order (`settings.csv`, ...).
pub fn file_names() -> Vec<String> {
    FILES.iter().map(|schema| schema.file_name()).collect()
}

/// Reads a dataset from `path`: a folder of CSV files, or a workbook when the path
/// ends in `.xlsx`.
///
/// In a folder every file must be one of [`file_names`]; hidden files (starting
/// with `.`) are ignored. Returns every problem found, or the whole dataset.
pub fn import_path(path: &Path) -> Result<Dataset, ImportError> {
    let shown = path.display().to_string();
    if path.is_dir() {
        return import_folder(path);
    }
    if is_xlsx(path) {
        return import_xlsx(path);
    }
    let reason = if path.exists() {
        "not a folder of CSV files or an .xlsx workbook"
    } else {
        "no such file or folder"
    };
    Err(single_problem(&shown, reason))
}

/// Reads a dataset from CSV files held in memory, as `(file name, bytes)` pairs,
/// with the same validation as [`import_path`].
pub fn import_csv_files(files: &[(String, Vec<u8>)]) -> Result<Dataset, ImportError> {
    import_files(
        files
            .iter()
            .map(|(name, bytes)| (name.clone(), Ok(bytes.as_slice())))
            .collect(),
    )
}

fn is_xlsx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("xlsx"))
}

/// Checks a dataset built in memory (by a generator, an editor, a test) by the
/// same rules as an import, naming problems by the file, row and column its
/// canonical export ([`export_csv_files`]) would have.
///
/// Returns the dataset in canonical row order, ready to store or plan.
pub fn validate_dataset(dataset: &Dataset) -> Result<Dataset, ImportError> {
    import_csv_files(&export_csv_files(dataset))
}

/// Every file of the format as `(file name, canonical CSV bytes)`, in documented
/// order; files without rows hold just their header.
pub fn export_csv_files(dataset: &Dataset) -> Vec<(String, Vec<u8>)> {
    export::dataset_rows(dataset)
        .iter()
        .map(|file| (file.schema.file_name(), export::csv_bytes(file)))
        .collect()
}

/// Writes every file of [`export_csv_files`] into `dir`, creating the folder
/// if needed. Other files in the folder are left alone.
pub fn export_folder(dataset: &Dataset, dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for (name, bytes) in export_csv_files(dataset) {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| ExportError::Io { path, source })?;
    }
    Ok(())
}

/// Writes the dataset as one workbook at `path`, one sheet per file, numbers in
/// number cells and everything else in text cells. The file's bytes depend only
/// on the dataset (its creation date is the plan start, not the clock).
pub fn export_xlsx(dataset: &Dataset, path: &Path) -> Result<(), ExportError> {
    xlsx::write_workbook(
        &export::dataset_rows(dataset),
        dataset.settings.calendar.plan_start(),
        path,
    )
}

/// Writes a workbook when `path` ends in `.xlsx` ([`export_xlsx`]), else a
/// folder of CSV files ([`export_folder`]).
pub fn export_path(dataset: &Dataset, path: &Path) -> Result<(), ExportError> {
    if is_xlsx(path) {
        export_xlsx(dataset, path)
    } else {
        export_folder(dataset, path)
    }
}
