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
    /// A snapshot's files no longer match the content hash recorded when it was saved.
    #[error(
        "snapshot {0} was altered: its files no longer match the content hash recorded when it was saved"
    )]
    SnapshotAltered(SnapshotId),
    /// A Fulcrum file with tables but without its `schema_migrations` table.
    #[error(
        "the database has no schema_migrations table, so its schema version is unknown; it cannot be opened safely"
    )]
    MigrationsTableMissing,
    /// A migration failed (the file is left as it was).
    #[error("cannot migrate the database to schema version {version}: {reason}")]
    Migration {
        /// The schema version the failed migration leads to.
        version: i64,
        /// SQLite's message, without the migration's SQL.
        reason: String,
    },
    /// A read-only open of a file whose schema is older than this build's.
    #[error(
        "the database has schema version {found} and needs migrating to {supported}, which a read-only open cannot do; run a command that writes (e.g. `fulcrum init`) on a writable copy first"
    )]
    NeedsMigration {
        /// Version recorded in the file.
        found: i64,
        /// Version this build uses.
        supported: i64,
    },
    /// A change was not appended to the change log (stale revision, conflict,
    /// frozen log, not the next id); the message says why.
    #[error("change refused: {0}")]
    ChangeRefused(String),
    /// The database holds a value this build cannot interpret.
    #[error("the database holds invalid data: {0}")]
    Corrupt(String),
}

impl StoreError {
    /// Whether SQLite refused a write because the database is read-only (opened
    /// with [`crate::Store::open_read_only`], or a file or folder without write
    /// permission).
    pub fn is_read_only(&self) -> bool {
        match self {
            StoreError::Sqlite(error) | StoreError::Open { source: error, .. } => matches!(
                error.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ReadOnly)
            ),
            _ => false,
        }
    }
}
