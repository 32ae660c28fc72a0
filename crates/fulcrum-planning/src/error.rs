//! Why the planning desk refused something.

use fulcrum_store::StoreError;
use fulcrum_workspace::WorkspaceError;

/// One bad edit of a request or row of an uploaded file.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EditProblem {
    /// Position of the edit in the request (0 first).
    pub index: usize,
    /// The file row it came from, when it came from a file.
    pub row: Option<usize>,
    /// The field at fault (`product`, `period`, …), when one is.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for EditProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.row {
            Some(row) => write!(f, "row {row}")?,
            None => write!(f, "edit {}", self.index + 1)?,
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why the planning desk refused a request. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum PlanningError {
    /// The database has no inputs to plan on.
    #[error("the database has no inputs yet; run `fulcrum import PATH` or `fulcrum init --demo`")]
    NoInputs,
    /// Edits that cannot be applied, every one named.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<EditProblem>),
    /// Somebody changed the same cells since the revision the edit was made on.
    #[error("{0}")]
    Conflict(String),
    /// The plan is approved and its change log frozen.
    #[error("{0}")]
    Frozen(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Stored data no longer reads (a bug or a damaged file).
    #[error("{0}")]
    Corrupt(String),
}

impl PlanningError {
    /// One invalid edit.
    pub fn invalid(index: usize, field: Option<&str>, reason: impl Into<String>) -> Self {
        PlanningError::Invalid(vec![EditProblem {
            index,
            row: None,
            field: field.map(str::to_string),
            reason: reason.into(),
        }])
    }

    /// A workspace refusal of edit `index`, sorted into conflict, frozen or invalid.
    pub(crate) fn from_workspace(index: usize, error: WorkspaceError) -> Self {
        match error {
            WorkspaceError::Conflict { .. } => PlanningError::Conflict(error.to_string()),
            WorkspaceError::Frozen { .. } => PlanningError::Frozen(error.to_string()),
            other => PlanningError::invalid(index, None, other.to_string()),
        }
    }
}
