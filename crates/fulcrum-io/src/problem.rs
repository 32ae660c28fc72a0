//! Problems found in input files, and the errors of import and export.

use std::fmt;
use std::path::PathBuf;

/// One problem in the input: where it is (file, row, column) and why it is wrong.
///
/// Displays as `file:row:column: reason`, leaving out the parts that do not
/// apply, e.g. `items.csv:3:price: 'abc' is not a number` or
/// `items.csv: missing required file`. Row 1 is the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name (`items.csv`) or workbook sheet (`plan.xlsx[items]`).
    pub file: String,
    /// Row number in the file or sheet (1 = header), if the problem is on a row.
    pub row: Option<usize>,
    /// Column name, if the problem is in one cell or column.
    pub column: Option<String>,
    /// What is wrong, in plain words.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why an import was rejected: every problem found, in a deterministic order
/// (files in the order of the data-format table, then by row).
///
/// An import either returns a whole [`fulcrum_core::Dataset`] or this error; it
/// never returns part of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Every problem found; never empty.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, problem) in self.problems.iter().enumerate() {
            if idx > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

/// Why an export failed. Export of a dataset cannot fail on content, only on writing.
///
/// Displays as `path: cause`, so a caller can say what it was doing around it
/// (`cannot write out: out/items.csv: permission denied`).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The workbook could not be written.
    #[error("{}: {message}", path.display())]
    Xlsx {
        /// The workbook path.
        path: PathBuf,
        /// What the workbook writer reported.
        message: String,
    },
}

/// Collects problems with a sort key so the final list is deterministic.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    entries: Vec<(usize, usize, Problem)>,
}

impl Problems {
    /// Records a problem. `rank` orders files (the data-format table order).
    pub(crate) fn push(
        &mut self,
        rank: usize,
        file: &str,
        row: Option<usize>,
        column: Option<&str>,
        reason: impl Into<String>,
    ) {
        self.entries.push((
            rank,
            row.unwrap_or(0),
            Problem {
                file: file.to_string(),
                row,
                column: column.map(str::to_string),
                reason: reason.into(),
            },
        ));
    }

    /// True when nothing was recorded.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The problems ordered by file rank, then row; ties keep the order found.
    pub(crate) fn into_sorted(mut self) -> Vec<Problem> {
        self.entries.sort_by_key(|(rank, row, _)| (*rank, *row));
        self.entries
            .into_iter()
            .map(|(_, _, problem)| problem)
            .collect()
    }
}
