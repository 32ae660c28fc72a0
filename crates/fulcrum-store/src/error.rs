//! The store's error type.

use crate::{SnapshotId, VersionId};

/// Why a store operation failed. Nothing is written when an operation fails.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or migrated (missing directory,
    /// no permission, not a database, locked for too long).
    #[error("cannot open database {}: {source}", path.display())]
    Open {
        /// The file asked for.
        path: std::path::PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// SQLite reported an error (I/O, a locked or corrupt file, a constraint).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer Fulcrum whose schema this build does not know.
    #[error(
        "the database has schema version {found}, newer than this program supports ({supported}); upgrade Fulcrum"
    )]
    SchemaTooNew {
        /// Version recorded in the file.
        found: i64,
        /// Newest version this build can migrate to.
        supported: i64,
    },
    /// The file is an SQLite database that belongs to another application.
    #[error("the file is an SQLite database but not a Fulcrum database")]
    NotAFulcrumDatabase,
    /// No snapshot has this id.
    #[error("snapshot {0} does not exist")]
    SnapshotNotFound(SnapshotId),
    /// No plan version has this id.
    #[error("plan version {0} does not exist")]
    VersionNotFound(VersionId),
    /// The plan version is approved and therefore immutable.
    #[error("plan version {0} is approved and cannot be changed")]
    VersionApproved(VersionId),
    /// Two input files of one snapshot share a name.
    #[error("input file '{0}' appears more than once in the snapshot")]
    DuplicateFileName(String),
    /// The plan breaks an invariant the store relies on (e.g. duplicate series keys).
    #[error("invalid plan: {0}")]
    InvalidPlan(String),
    /// The database holds a value this build cannot interpret.
    #[error("the database holds invalid data: {0}")]
    Corrupt(String),
}
