//! Fulcrum's embedded store: one SQLite file holding input snapshots and plan
//! versions, created and migrated by the program itself.
//!
//! - [`Store`]: the open database. [`Store::open`] creates the file if needed
//!   and applies pending migrations (forward-only, in one transaction).
//! - Snapshots: [`Store::save_snapshot`] keeps the canonical CSV export of an
//!   imported dataset as [`InputFile`]s, content-addressed by SHA-256, so
//!   importing identical data twice yields the same [`SnapshotId`].
//! - Plan versions: [`Store::save_plan_version`] stores a whole
//!   [`fulcrum_core::Plan`] in one transaction and [`Store::load_plan`] reads it
//!   back exactly (every `f64` bit for bit, every list in order).
//!   [`Store::approve`] locks a version: approved versions are immutable, which
//!   SQLite triggers enforce as well.
//!
//! Every write is one transaction: it commits whole or changes nothing, and a
//! process killed mid-write leaves the last committed state intact (the file
//! runs in WAL mode with `synchronous=FULL`). The schema, including how
//! scenarios will later store only their deltas, is described in the `schema`
//! module's source.
//!
//! This crate converts between core types and SQL at the edge; it knows nothing
//! of file formats, HTTP or the planning engines.
//!
//! ```
//! use fulcrum_core::{Calendar, KeyFigure, Plan, Series, SeriesKey, YearMonth};
//! use fulcrum_store::{InputFile, NewPlanVersion, Store, VersionStatus};
//!
//! # fn main() -> Result<(), fulcrum_store::StoreError> {
//! let mut store = Store::open_in_memory()?;
//! let snapshot = store.save_snapshot(&[InputFile {
//!     name: "items.csv".into(),
//!     content: b"code,family\nA,F1\n".to_vec(),
//! }])?;
//!
//! let calendar = Calendar::monthly(YearMonth::new(2026, 1).unwrap(), 12, 18).unwrap();
//! let plan = Plan {
//!     calendar,
//!     series: vec![Series {
//!         key: SeriesKey::item_location(KeyFigure::ConsensusDemand, "A", "DC1"),
//!         first_bucket: 12,
//!         values: vec![10.0; 18],
//!     }],
//!     planned_orders: vec![],
//!     pegging: Vec::new(),
//!     kpis: vec![],
//!     forecast_models: vec![],
//!     safety_stocks: vec![],
//!     exceptions: vec![],
//! };
//! let version = store.save_plan_version(
//!     &NewPlanVersion {
//!         name: "2026-01 cycle".into(),
//!         snapshot,
//!         parent: None,
//!         company: "Acme".into(),
//!         currency: "EUR".into(),
//!         strategy: None,
//!     },
//!     &plan,
//! )?;
//! assert_eq!(store.load_plan(version)?, plan);
//!
//! store.approve(version)?;
//! assert_eq!(store.latest_version()?.unwrap().status, VersionStatus::Approved);
//! # Ok(())
//! # }
//! ```

pub mod changes;
mod error;
mod integrity;
mod plan_rows;
mod real;
mod schema;
mod users;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use fulcrum_core::{Calendar, Granularity, YearMonth};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sha2::{Digest, Sha256};

pub use error::StoreError;
pub use integrity::VerifyReport;
pub use plan_rows::SeriesFilter;
pub use users::{
    DEMO_PASSWORD, MIN_PASSWORD_CHARS, NewSession, SESSION_ABSOLUTE_SECS, SESSION_IDLE_SECS,
    Session, User, UserError,
};

/// Identifies a stored input snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SnapshotId(pub i64);

impl fmt::Display for SnapshotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Identifies a stored plan version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId(pub i64);

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One input file of a snapshot: the canonical export of one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// File name, unique within the snapshot (`items.csv`).
    pub name: String,
    /// Raw bytes.
    pub content: Vec<u8>,
}

/// What a new plan version records besides the plan itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPlanVersion {
    /// Display name (`2026-01 cycle`).
    pub name: String,
    /// The inputs the plan was computed from.
    pub snapshot: SnapshotId,
    /// The version this one branches from, if any.
    pub parent: Option<VersionId>,
    /// Company name shown in reports, from the dataset's settings.
    pub company: String,
    /// Currency code of every money figure, from the dataset's settings.
    pub currency: String,
    /// How the plan was made (`optimal`, `level`, `chase`, `mixed` for the
    /// constrained plan's strategy, `unconstrained` for plain MRP), if known.
    pub strategy: Option<String>,
}

/// Lifecycle state of a plan version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionStatus {
    /// Still open to change.
    Draft,
    /// Locked: the plan of record (unless superseded).
    Approved,
    /// Approved, then replaced as the plan of record by a later approval of the
    /// same cycle (same company and plan start). Still locked.
    Superseded,
}

impl VersionStatus {
    /// The label used in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Approved => "approved",
            VersionStatus::Superseded => "superseded",
        }
    }

    /// Parses the label written by [`VersionStatus::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "draft" => Some(VersionStatus::Draft),
            "approved" => Some(VersionStatus::Approved),
            "superseded" => Some(VersionStatus::Superseded),
            _ => None,
        }
    }
}

/// A stored plan version's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanVersionInfo {
    /// Its id.
    pub id: VersionId,
    /// Display name.
    pub name: String,
    /// The inputs it was computed from.
    pub snapshot: SnapshotId,
    /// The version it branches from, if any.
    pub parent: Option<VersionId>,
    /// Draft or approved.
    pub status: VersionStatus,
    /// Company name shown in reports.
    pub company: String,
    /// Currency code of money figures.
    pub currency: String,
    /// The plan's calendar.
    pub calendar: Calendar,
    /// When it was saved, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    /// When it was approved, UTC, if it was.
    pub approved_at: Option<String>,
    /// How the plan was made (see [`NewPlanVersion::strategy`]); for a version
    /// saved before strategies were recorded, the strategy its KPIs mark as
    /// "(this plan)", if any.
    pub strategy: Option<String>,
    /// The version that replaced it as the plan of record, if superseded.
    pub superseded_by: Option<VersionId>,
}

/// How far a write has got inside its transaction; passed to the write hook.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum WriteProgress {
    /// In [`Store::save_snapshot`], after each file.
    SnapshotFiles {
        /// Files written so far.
        files_written: usize,
        /// Their bytes.
        bytes_written: usize,
    },
    /// In [`Store::save_plan_version`], after each series.
    PlanValues {
        /// Series whose values are written so far.
        series_written: usize,
        /// Key-figure values written so far.
        values_written: usize,
    },
}

type WriteHook = Box<dyn FnMut(&WriteProgress) + Send>;

/// The open database.
pub struct Store {
    conn: Connection,
    /// Called inside the write transactions of [`Store::save_snapshot`] and
    /// [`Store::save_plan_version`] as they progress; only tests install one
    /// (to simulate a crash mid-write).
    write_hook: Option<WriteHook>,
    /// What opening found and did that the user should know (a protective
    /// trigger missing and restored).
    warnings: Vec<String>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish_non_exhaustive()
    }
}

/// Marks the file as a Fulcrum database (`FULC`), in the SQLite header.
const APPLICATION_ID: i64 = 0x4655_4C43;

/// SQL for the current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
const NOW_UTC: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

impl Store {
    /// Opens the database at `path`, creating the file if absent, and applies
    /// pending migrations.
    ///
    /// SQLite failures while opening are reported as [`StoreError::Open`],
    /// naming the path.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open = || {
            let conn = Connection::open(path)?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            // WAL: readers (the server) never block the writer (a cycle run),
            // and a killed writer's uncommitted frames are ignored on the next open.
            let _mode: String =
                conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
            Store::init(conn)
        };
        open().map_err(|err| match err {
            StoreError::Sqlite(source) => StoreError::Open {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        })
    }

    /// Opens an existing database at `path` for reading only: nothing is
    /// written, not even a migration, so it works on a read-only file (and one
    /// in a read-only folder). The schema must be current; a file that needs a
    /// migration is refused with a one-line error saying so.
    ///
    /// Missing or altered protective triggers are not restored (nothing is
    /// written) but reported in [`Store::warnings`].
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let to_open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if !path.exists() {
            return Err(to_open_error(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CANTOPEN),
                Some("no such file".into()),
            )));
        }
        let check = |conn: &Connection| -> Result<(), StoreError> {
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            check_current(conn, schema::migrations().len() as i64)
        };
        let conn = Connection::open_with_flags(path, flags).map_err(to_open_error)?;
        let conn = match check(&conn) {
            Ok(()) => conn,
            // A WAL file in a folder we cannot write to cannot get its shared-memory
            // file; read it as immutable instead (nobody may be writing it then).
            Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(error, _)))
                if error.code == rusqlite::ErrorCode::CannotOpen =>
            {
                let uri = format!("file:{}?immutable=1", path.display());
                let conn = Connection::open_with_flags(uri, flags).map_err(to_open_error)?;
                check(&conn).map_err(|err| open_error(path, err))?;
                conn
            }
            Err(err) => return Err(open_error(path, err)),
        };
        let warnings = integrity::damaged_triggers(&conn)?
            .into_iter()
            .map(|(_, what)| format!("{what} (not restored: the database is open read-only)"))
            .collect();
        Ok(Store {
            conn,
            write_hook: None,
            warnings,
        })
    }

    /// Opens an existing database for a command that only reads: read-only when
    /// its schema is current (so nothing is written, and a read-only file
    /// works), else writable once to migrate it ([`Store::open`]). A file that
    /// needs migrating but cannot be written is [`StoreError::NeedsMigration`].
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        match Store::open_read_only(path) {
            Err(StoreError::NeedsMigration { found, supported }) => {
                Store::open(path).map_err(|error| {
                    if error.is_read_only() {
                        StoreError::NeedsMigration { found, supported }
                    } else {
                        error
                    }
                })
            }
            other => other,
        }
    }

    /// Opens a fresh database in memory (for tests and dry runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        migrate(&mut conn)?;
        let warnings = integrity::restore_triggers(&mut conn)?;
        Ok(Store {
            conn,
            write_hook: None,
            warnings,
        })
    }

    /// What opening found that the user should hear about: protective triggers
    /// that were missing or altered (and restored, unless the store is open
    /// read-only). Empty for a sound file.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether the store was opened with [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Checks the whole database: SQLite's `integrity_check`, every snapshot's
    /// content hash, the protective triggers (reporting those that opening had to
    /// restore) and the approval chain with every approved version's content
    /// hash. Reads only.
    pub fn verify(&self) -> Result<VerifyReport, StoreError> {
        integrity::verify(&self.conn, &self.warnings)
    }

    /// The schema version of the open file (the number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |row| row.get(0),
        )?)
    }

    /// Runs SQLite's `integrity_check` and returns its findings (`["ok"]` when sound).
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Installs a callback run inside the write transactions of
    /// [`Store::save_snapshot`] (after each file) and
    /// [`Store::save_plan_version`] (after each series). For crash tests only.
    #[doc(hidden)]
    pub fn set_write_hook(&mut self, hook: Box<dyn FnMut(&WriteProgress) + Send>) {
        self.write_hook = Some(hook);
    }

    /// Stores an input snapshot and returns its id.
    ///
    /// Snapshots are content-addressed: the SHA-256 over the files sorted by
    /// name identifies them, so saving identical files again returns the
    /// existing id (and makes it the latest snapshot again).
    pub fn save_snapshot(&mut self, files: &[InputFile]) -> Result<SnapshotId, StoreError> {
        let mut sorted: Vec<&InputFile> = files.iter().collect();
        sorted.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(pair) = sorted.windows(2).find(|pair| pair[0].name == pair[1].name) {
            return Err(StoreError::DuplicateFileName(pair[0].name.clone()));
        }
        let hash = content_hash(&sorted);

        let hook = &mut self.write_hook;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let next_seq: i64 = tx.query_row(
            "SELECT COALESCE(MAX(last_saved), 0) + 1 FROM snapshots",
            [],
            |row| row.get(0),
        )?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM snapshots WHERE content_hash = ?1",
                [&hash],
                |row| row.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE snapshots SET last_saved = ?1 WHERE id = ?2",
                    params![next_seq, id],
                )?;
                id
            }
            None => {
                tx.execute(
                    &format!(
                        "INSERT INTO snapshots (content_hash, created_at, last_saved)
                         VALUES (?1, {NOW_UTC}, ?2)"
                    ),
                    params![hash, next_seq],
                )?;
                let id = tx.last_insert_rowid();
                let mut insert = tx.prepare(
                    "INSERT INTO snapshot_files (snapshot_id, name, content) VALUES (?1, ?2, ?3)",
                )?;
                let (mut files_written, mut bytes_written) = (0, 0);
                for file in &sorted {
                    insert.execute(params![id, file.name, file.content])?;
                    files_written += 1;
                    bytes_written += file.content.len();
                    if let Some(hook) = hook.as_mut() {
                        hook(&WriteProgress::SnapshotFiles {
                            files_written,
                            bytes_written,
                        });
                    }
                }
                id
            }
        };
        tx.commit()?;
        Ok(SnapshotId(id))
    }

    /// The most recently saved snapshot, if any.
    pub fn latest_snapshot(&self) -> Result<Option<SnapshotId>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM snapshots ORDER BY last_saved DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?
            .map(SnapshotId))
    }

    /// The files of a snapshot, sorted by name.
    ///
    /// Their content hash is checked against the one recorded when they were
    /// saved: a snapshot altered since is [`StoreError::SnapshotAltered`].
    pub fn snapshot_files(&self, id: SnapshotId) -> Result<Vec<InputFile>, StoreError> {
        self.require_snapshot(id)?;
        let stored: String = self.conn.query_row(
            "SELECT content_hash FROM snapshots WHERE id = ?1",
            [id.0],
            |row| row.get(0),
        )?;
        if snapshot_hash(&self.conn, id.0)? != stored {
            return Err(StoreError::SnapshotAltered(id));
        }
        let mut stmt = self.conn.prepare(
            "SELECT name, content FROM snapshot_files WHERE snapshot_id = ?1 ORDER BY name",
        )?;
        let rows = stmt.query_map([id.0], |row| {
            Ok(InputFile {
                name: row.get(0)?,
                content: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn require_snapshot(&self, id: SnapshotId) -> Result<(), StoreError> {
        let found: Option<i64> = self
            .conn
            .query_row("SELECT 1 FROM snapshots WHERE id = ?1", [id.0], |row| {
                row.get(0)
            })
            .optional()?;
        found.map(|_| ()).ok_or(StoreError::SnapshotNotFound(id))
    }

    /// Every plan version, oldest first.
    pub fn plan_versions(&self) -> Result<Vec<PlanVersionInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!("{VERSION_COLUMNS} ORDER BY v.id"))?;
        let rows = stmt.query_map([], version_row)?;
        rows.map(|row| row?).collect()
    }

    /// The most recently saved plan version, if any.
    pub fn latest_version(&self) -> Result<Option<PlanVersionInfo>, StoreError> {
        self.conn
            .query_row(
                &format!("{VERSION_COLUMNS} ORDER BY v.id DESC LIMIT 1"),
                [],
                version_row,
            )
            .optional()?
            .transpose()
    }

    /// The header of one plan version.
    pub fn version(&self, id: VersionId) -> Result<PlanVersionInfo, StoreError> {
        self.conn
            .query_row(
                &format!("{VERSION_COLUMNS} WHERE v.id = ?1"),
                [id.0],
                version_row,
            )
            .optional()?
            .ok_or(StoreError::VersionNotFound(id))?
    }

    /// Locks a draft version as approved. Approved versions are immutable:
    /// approving again, or any later write to it, fails.
    ///
    /// Returns the versions this approval superseded: the earlier approved
    /// versions of the same cycle (same company and plan start), which keep
    /// their content and lock but are no longer the plan of record.
    pub fn approve(&mut self, id: VersionId) -> Result<Vec<VersionId>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let status: Option<String> = tx
            .query_row(
                "SELECT status FROM plan_versions WHERE id = ?1",
                [id.0],
                |row| row.get(0),
            )
            .optional()?;
        match status.as_deref().map(VersionStatus::parse) {
            None => return Err(StoreError::VersionNotFound(id)),
            Some(Some(VersionStatus::Approved | VersionStatus::Superseded)) => {
                return Err(StoreError::VersionApproved(id));
            }
            Some(Some(VersionStatus::Draft)) => {}
            Some(None) => return Err(StoreError::Corrupt(format!("version {id} status"))),
        }
        tx.execute(
            &format!(
                "UPDATE plan_versions SET status = 'approved', approved_at = {NOW_UTC} WHERE id = ?1"
            ),
            [id.0],
        )?;
        integrity::append_approval(&tx, id)?;
        // One plan of record per cycle: earlier approvals of the same cycle
        // (company and plan start) are superseded, and stay locked.
        let superseded: Vec<i64> = tx
            .prepare(
                "SELECT v.id FROM plan_versions AS v, plan_versions AS this
                 WHERE this.id = ?1 AND v.id <> this.id AND v.status = 'approved'
                   AND v.company = this.company AND v.plan_start = this.plan_start
                   AND v.id NOT IN (SELECT version_id FROM supersessions)
                 ORDER BY v.id",
            )?
            .query_map([id.0], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for old in &superseded {
            tx.execute(
                &format!(
                    "INSERT INTO supersessions (version_id, superseded_by, superseded_at)
                     VALUES (?1, ?2, {NOW_UTC})"
                ),
                params![old, id.0],
            )?;
        }
        tx.commit()?;
        Ok(superseded.into_iter().map(VersionId).collect())
    }

    /// The plan of record: the version approved last that is not superseded.
    pub fn plan_of_record(&self) -> Result<Option<PlanVersionInfo>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "{VERSION_COLUMNS} JOIN approvals AS a ON a.version_id = v.id
                     WHERE s.version_id IS NULL ORDER BY a.seq DESC LIMIT 1"
                ),
                [],
                version_row,
            )
            .optional()?
            .transpose()
    }
}

/// The columns read by [`version_row`].
/// The header of a version, with its status `superseded` when a later approval
/// of its cycle replaced it, and its strategy (for versions saved before
/// strategies were recorded, the one its KPIs mark as "(this plan)").
const VERSION_COLUMNS: &str = "SELECT v.id, v.name, v.snapshot_id, v.parent_id,
        CASE WHEN s.version_id IS NULL THEN v.status ELSE 'superseded' END,
        v.company, v.currency, v.granularity, v.plan_start, v.history_len, v.horizon_len,
        v.created_at, v.approved_at,
        COALESCE(v.strategy,
                 (SELECT substr(k.code, 15) FROM kpis AS k
                  WHERE k.version_id = v.id AND k.code LIKE 'strategy\\_cost\\_%' ESCAPE '\\'
                    AND k.label LIKE '%(this plan)%'
                  ORDER BY k.position LIMIT 1)),
        s.superseded_by
 FROM plan_versions AS v LEFT JOIN supersessions AS s ON s.version_id = v.id";

/// Decodes a row of [`VERSION_COLUMNS`]. The outer error is SQLite's, the inner
/// one a value this build cannot interpret.
fn version_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<PlanVersionInfo, StoreError>> {
    let id = VersionId(row.get(0)?);
    let status: String = row.get(4)?;
    let granularity: String = row.get(7)?;
    let plan_start: String = row.get(8)?;
    let history_len: i64 = row.get(9)?;
    let horizon_len: i64 = row.get(10)?;
    let name: String = row.get(1)?;
    let snapshot = SnapshotId(row.get(2)?);
    let parent = row.get::<_, Option<i64>>(3)?.map(VersionId);
    let company: String = row.get(5)?;
    let currency: String = row.get(6)?;
    let created_at: String = row.get(11)?;
    let approved_at: Option<String> = row.get(12)?;
    let strategy: Option<String> = row.get(13)?;
    let superseded_by = row.get::<_, Option<i64>>(14)?.map(VersionId);
    Ok((|| {
        let corrupt = |what: &str| StoreError::Corrupt(format!("plan version {id}: {what}"));
        let status = VersionStatus::parse(&status).ok_or_else(|| corrupt("status"))?;
        let calendar = match Granularity::parse(&granularity) {
            Some(Granularity::Month) => {
                let start = YearMonth::parse(&plan_start).ok_or_else(|| corrupt("plan start"))?;
                let history = usize::try_from(history_len).map_err(|_| corrupt("history"))?;
                let horizon = usize::try_from(horizon_len).map_err(|_| corrupt("horizon"))?;
                Calendar::monthly(start, history, horizon)
                    .map_err(|err| corrupt(&err.to_string()))?
            }
            None => return Err(corrupt("granularity")),
        };
        Ok(PlanVersionInfo {
            id,
            name,
            snapshot,
            parent,
            status,
            company,
            currency,
            calendar,
            created_at,
            approved_at,
            strategy,
            superseded_by,
        })
    })())
}

/// SHA-256 over the files in name order, each framed by lengths so no two
/// different file sets hash the same bytes.
/// The content hash of snapshot `id` computed from the files stored now.
pub(crate) fn snapshot_hash(conn: &Connection, id: i64) -> Result<String, StoreError> {
    let mut stmt = conn
        .prepare("SELECT name, content FROM snapshot_files WHERE snapshot_id = ?1 ORDER BY name")?;
    let files: Vec<InputFile> = stmt
        .query_map([id], |row| {
            Ok(InputFile {
                name: row.get(0)?,
                content: row.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut sorted: Vec<&InputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(content_hash(&sorted))
}

fn content_hash(sorted: &[&InputFile]) -> String {
    let mut hasher = Sha256::new();
    hasher.update((sorted.len() as u64).to_le_bytes());
    for file in sorted {
        hasher.update((file.name.len() as u64).to_le_bytes());
        hasher.update(file.name.as_bytes());
        hasher.update((file.content.len() as u64).to_le_bytes());
        hasher.update(&file.content);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Applies pending migrations in one immediate transaction.
///
/// An up-to-date file is recognised with reads only, so opening it (the
/// server does) never waits for another process's write lock.
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let migrations = schema::migrations();
    let supported = migrations.len() as i64;
    if is_up_to_date(conn, supported)? {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;

    let application_id: i64 = tx.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        let n_objects: i64 =
            tx.query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get(0))?;
        if n_objects > 0 {
            return Err(StoreError::NotAFulcrumDatabase);
        }
        tx.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    }

    check_migrations_table(&tx)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version     INTEGER PRIMARY KEY,
             applied_at  TEXT NOT NULL
         )",
    )?;
    let current: i64 = tx.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    if current > supported {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported,
        });
    }
    for (idx, sql) in migrations.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)
            .map_err(|error| StoreError::Migration {
                version: idx as i64 + 1,
                reason: short_sqlite_message(&error),
            })?;
        if idx + 1 == 5 {
            // Versions approved before the chain existed start it.
            integrity::backfill_approvals(&tx)?;
        }
        if idx + 1 == 6 {
            // Before migration 6 a cycle could have several approved versions:
            // the one approved last stays the plan of record.
            schema::backfill_supersessions(&tx)?;
        }
        tx.execute(
            &format!("INSERT INTO schema_migrations (version, applied_at) VALUES (?1, {NOW_UTC})"),
            [idx as i64 + 1],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// True when the file is a Fulcrum database already at schema `supported`.
/// A Fulcrum file that has tables but no `schema_migrations` table cannot be
/// migrated safely (its schema is unknown): one line says so.
fn check_migrations_table(conn: &Connection) -> Result<(), StoreError> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    let n_tables: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |row| row.get(0),
    )?;
    if !has_table && n_tables > 0 {
        return Err(StoreError::MigrationsTableMissing);
    }
    Ok(())
}

/// For a read-only open: the file must be a Fulcrum database at the current
/// schema version.
fn check_current(conn: &Connection, supported: i64) -> Result<(), StoreError> {
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        return Err(StoreError::NotAFulcrumDatabase);
    }
    check_migrations_table(conn)?;
    let current: i64 = conn
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [],
            |row| row.get(0),
        )
        .map_err(|_| StoreError::MigrationsTableMissing)?;
    if current > supported {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported,
        });
    }
    if current < supported {
        return Err(StoreError::NeedsMigration {
            found: current,
            supported,
        });
    }
    Ok(())
}

/// SQLite's message for `error` without the SQL text it may carry.
fn short_sqlite_message(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(error, Some(message)) => format!("{message} ({error})"),
        other => {
            let text = other.to_string();
            text.lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(200)
                .collect()
        }
    }
}

/// A failure while opening `path`, naming it where SQLite failed.
fn open_error(path: &Path, error: StoreError) -> StoreError {
    match error {
        StoreError::Sqlite(source) => StoreError::Open {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

fn is_up_to_date(conn: &Connection, supported: i64) -> Result<bool, StoreError> {
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != APPLICATION_ID {
        return Ok(false);
    }
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(false);
    }
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?;
    Ok(current == supported)
}

/// Rejects plans the schema cannot represent faithfully.
fn check_plan(plan: &fulcrum_core::Plan) -> Result<(), StoreError> {
    let mut seen = HashSet::with_capacity(plan.series.len());
    for series in &plan.series {
        if !seen.insert(&series.key) {
            return Err(StoreError::InvalidPlan(format!(
                "series {:?} appears more than once",
                series.key
            )));
        }
    }
    let mut previous = 0;
    for peg in &plan.pegging {
        if peg.order >= plan.planned_orders.len() || peg.order < previous {
            return Err(StoreError::InvalidPlan(format!(
                "peg of order {} is out of order or names no planned order",
                peg.order
            )));
        }
        previous = peg.order;
    }
    let mut buffers = HashSet::with_capacity(plan.safety_stocks.len());
    for record in &plan.safety_stocks {
        if !buffers.insert((&record.item, &record.location)) {
            return Err(StoreError::InvalidPlan(format!(
                "safety stock of {} at {} appears more than once",
                record.item, record.location
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_core::{ForecastModelRecord, KeyFigure, Plan, Series, SeriesKey};

    fn saved_version() -> (Store, VersionId) {
        let mut store = Store::open_in_memory().expect("open");
        let snapshot = store.save_snapshot(&[]).expect("snapshot");
        let plan = Plan {
            calendar: Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 0, 18)
                .expect("calendar"),
            series: vec![Series {
                key: SeriesKey::total(KeyFigure::Revenue),
                first_bucket: 0,
                values: vec![1.0, 2.0],
            }],
            planned_orders: vec![],
            pegging: Vec::new(),
            kpis: vec![],
            forecast_models: vec![],
            safety_stocks: vec![],
            exceptions: vec![],
        };
        let new = NewPlanVersion {
            name: "v".into(),
            snapshot,
            parent: None,
            company: "Acme".into(),
            currency: "EUR".into(),
            strategy: None,
        };
        let id = store.save_plan_version(&new, &plan).expect("save");
        (store, id)
    }

    /// Writes that bypass the API are refused by the triggers once approved.
    #[test]
    fn triggers_lock_approved_versions_against_raw_sql() {
        let (mut store, id) = saved_version();
        let writes = [
            "UPDATE plan_versions SET name = 'renamed' WHERE id = ?1",
            "UPDATE plan_versions SET status = 'draft' WHERE id = ?1",
            "DELETE FROM plan_versions WHERE id = ?1",
            "UPDATE series_values SET value = 99 WHERE version_id = ?1",
            "DELETE FROM series_values WHERE version_id = ?1",
            "INSERT INTO series_values (version_id, series_no, bucket, value) VALUES (?1, 0, 2, 3.0)",
            "UPDATE series SET figure = 'gross_margin' WHERE version_id = ?1",
            "INSERT INTO kpis (version_id, position, code, label, value, unit)
             VALUES (?1, 0, 'x', 'x', 1.0, 'count')",
            "INSERT INTO exceptions (version_id, position, severity, code, message)
             VALUES (?1, 0, 'warning', 'x', 'x')",
            "INSERT INTO planned_orders (version_id, position, kind, item, location, quantity,
                                         release_bucket, due_bucket)
             VALUES (?1, 0, 'purchase', 'A', 'L', 1.0, 0, 1)",
            "INSERT INTO forecast_models (version_id, position, item, location, method, reason,
                                          demand_class)
             VALUES (?1, 0, 'A', 'L', 'naive', 'r', 'smooth')",
            "INSERT INTO safety_stocks (version_id, position, item, location, safety_stock,
                                        basis, explanation)
             VALUES (?1, 0, 'A', 'L', 5.0, 'fixed', 'fixed in the inventory policy')",
        ];
        // Before approval the same statements are allowed (checked on a copy
        // that is rolled back), so the triggers are what makes them fail later.
        for sql in &writes[..2] {
            let tx = store.conn.transaction().expect("tx");
            tx.execute(sql, [id.0]).expect("draft is writable");
            tx.rollback().expect("rollback");
        }
        store.approve(id).expect("approve");
        for sql in writes {
            let err = store.conn.execute(sql, [id.0]).expect_err(sql);
            assert!(
                err.to_string()
                    .contains("plan version is approved and immutable"),
                "{sql}: {err}"
            );
        }
        let values: i64 = store
            .conn
            .query_row(
                "SELECT COUNT(*) FROM key_figure_values WHERE version = ?1 AND figure = 'revenue'",
                [id.0],
                |row| row.get(0),
            )
            .expect("count");
        assert_eq!(values, 2);
    }

    /// A file written before migration 2 (forecast accuracy columns) opens,
    /// is migrated, and reads its forecast models back without accuracy.
    #[test]
    fn a_schema_1_file_opens_and_keeps_its_forecast_models() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v1.db");
        let record = ForecastModelRecord {
            item: "A".into(),
            location: "L".into(),
            method: "naive".into(),
            parameters: vec![("alpha".into(), 0.5)],
            reason: "r".into(),
            demand_class: "smooth".into(),
            backtest_wape: Some(12.5),
            accuracy: None,
        };
        let id = {
            let mut store = Store::open(&path).expect("open");
            let snapshot = store.save_snapshot(&[]).expect("snapshot");
            let plan = Plan {
                calendar: Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 0, 18)
                    .expect("calendar"),
                series: vec![],
                planned_orders: vec![],
                pegging: Vec::new(),
                kpis: vec![],
                forecast_models: vec![record.clone()],
                safety_stocks: vec![],
                exceptions: vec![],
            };
            let new = NewPlanVersion {
                name: "v".into(),
                snapshot,
                parent: None,
                company: "Acme".into(),
                currency: "EUR".into(),
                strategy: None,
            };
            let id = store.save_plan_version(&new, &plan).expect("save");
            forget_migration_3(&store);
            // Back to schema 1: drop what migration 2 added.
            let columns: Vec<String> = store
                .conn
                .prepare("SELECT name FROM pragma_table_info('forecast_models')")
                .expect("prepare")
                .query_map([], |row| row.get(0))
                .expect("query")
                .collect::<Result<_, _>>()
                .expect("columns");
            for column in columns
                .iter()
                .filter(|c| c.starts_with("accuracy_") || *c == "has_accuracy")
            {
                store
                    .conn
                    .execute_batch(&format!("ALTER TABLE forecast_models DROP COLUMN {column}"))
                    .expect("drop column");
            }
            store
                .conn
                .execute("DELETE FROM schema_migrations WHERE version = 2", [])
                .expect("forget migration 2");
            id
        };
        let store = Store::open(&path).expect("a schema-1 file opens");
        assert_eq!(store.forecast_models(id).expect("read"), vec![record]);
        let version: i64 = store
            .conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |row| {
                row.get(0)
            })
            .expect("version");
        assert_eq!(version, schema::migrations().len() as i64);
    }

    /// Back to schema 7: drop the change log (migration 8).
    fn forget_migration_8(store: &Store) {
        store
            .conn
            .execute_batch(
                "DROP TABLE plan_version_change_logs;
                 DROP TABLE workspace_changes;
                 DELETE FROM schema_migrations WHERE version = 8;",
            )
            .expect("back to schema 7");
    }

    /// Back to schema 6: forget migration 8, then drop the users and sessions.
    fn forget_migration_7(store: &Store) {
        forget_migration_8(store);
        store
            .conn
            .execute_batch(
                "DROP TABLE sessions;
                 DROP TABLE users;
                 DELETE FROM schema_migrations WHERE version = 7;",
            )
            .expect("back to schema 6");
    }

    fn forget_migration_6(store: &Store) {
        forget_migration_7(store);
        store
            .conn
            .execute_batch(
                "DROP TABLE supersessions;
                 ALTER TABLE plan_versions DROP COLUMN strategy;
                 DELETE FROM schema_migrations WHERE version = 6;",
            )
            .expect("back to schema 5");
    }

    fn forget_migration_5(store: &Store) {
        forget_migration_6(store);
        store
            .conn
            .execute_batch(
                "DROP TRIGGER plan_versions_insert_draft_only;
                 DROP TRIGGER plan_versions_approval_is_stamped_now;
                 DROP TRIGGER snapshots_approved_no_update;
                 DROP TRIGGER snapshots_approved_no_delete;
                 DROP TRIGGER snapshot_files_approved_no_insert;
                 DROP TRIGGER snapshot_files_approved_no_update;
                 DROP TRIGGER snapshot_files_approved_no_delete;
                 DROP TABLE approvals;
                 DELETE FROM schema_migrations WHERE version = 5;",
            )
            .expect("back to schema 4");
    }

    /// Takes a database back to schema 3: drops the safety-stock table (and with it its
    /// index and triggers) and forgets migration 4.
    fn forget_migration_4(store: &Store) {
        forget_migration_5(store);
        store
            .conn
            .execute_batch(
                "DROP TABLE safety_stocks;
                 DELETE FROM schema_migrations WHERE version = 4;",
            )
            .expect("back to schema 3");
    }

    /// A file written before migration 4 (safety stocks) opens, is migrated, keeps its
    /// plan with no safety-stock records, and then stores those of a new version.
    #[test]
    fn a_schema_3_file_opens_and_stores_safety_stocks_afterwards() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v3.db");
        let mut plan = Plan {
            calendar: Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 0, 18)
                .expect("calendar"),
            series: vec![],
            planned_orders: vec![],
            pegging: Vec::new(),
            kpis: vec![],
            forecast_models: vec![],
            safety_stocks: vec![],
            exceptions: vec![],
        };
        let (old, snapshot) = {
            let mut store = Store::open(&path).expect("open");
            let snapshot = store.save_snapshot(&[]).expect("snapshot");
            let new = NewPlanVersion {
                name: "v".into(),
                snapshot,
                parent: None,
                company: "Acme".into(),
                currency: "EUR".into(),
                strategy: None,
            };
            let id = store.save_plan_version(&new, &plan).expect("save");
            // What a schema-3 build leaves: the version without its safety-stock table.
            forget_migration_4(&store);
            (id, snapshot)
        };
        let mut store = Store::open(&path).expect("a schema-3 file opens");
        assert_eq!(
            store.schema_version().expect("version"),
            schema::migrations().len() as i64
        );
        assert_eq!(store.load_plan(old).expect("load"), plan);
        plan.safety_stocks = vec![fulcrum_core::SafetyStockRecord {
            item: "FG".into(),
            location: "D1".into(),
            safety_stock: 95.0,
            unit_cost: 55.0,
            basis: "normal_csl".into(),
            explanation: "normal demand for a 95% cycle service level".into(),
        }];
        let new = NewPlanVersion {
            name: "v2".into(),
            snapshot,
            parent: Some(old),
            company: "Acme".into(),
            currency: "EUR".into(),
            strategy: None,
        };
        let id = store.save_plan_version(&new, &plan).expect("save");
        assert_eq!(store.load_plan(id).expect("load"), plan);
    }

    /// Takes a database back to schema 2: forgets migration 4, then drops the pegging
    /// table (and with it its index and triggers) and forgets migration 3.
    fn forget_migration_3(store: &Store) {
        forget_migration_4(store);
        store
            .conn
            .execute_batch(
                "DROP TABLE planned_order_pegs;
                 DELETE FROM schema_migrations WHERE version = 3;",
            )
            .expect("back to schema 2");
    }

    /// A file written before migration 3 (pegging) opens, is migrated, keeps its
    /// planned orders with no pegs, and then stores the pegs of a new version.
    #[test]
    fn a_schema_2_file_opens_and_stores_pegging_afterwards() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v2.db");
        let order = fulcrum_core::PlannedOrder {
            kind: fulcrum_core::OrderKind::Purchase,
            item: "RM".into(),
            location: "P1".into(),
            from: None,
            supplier: Some("S1".into()),
            quantity: 40.0,
            release: 1,
            due: 3,
        };
        let mut plan = Plan {
            calendar: Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 0, 18)
                .expect("calendar"),
            series: vec![],
            planned_orders: vec![order.clone()],
            pegging: Vec::new(),
            kpis: vec![],
            forecast_models: vec![],
            safety_stocks: vec![],
            exceptions: vec![],
        };
        let new = NewPlanVersion {
            name: "v".into(),
            snapshot: SnapshotId(0),
            parent: None,
            company: "Acme".into(),
            currency: "EUR".into(),
            strategy: None,
        };
        let (old, snapshot) = {
            let mut store = Store::open(&path).expect("open");
            let snapshot = store.save_snapshot(&[]).expect("snapshot");
            let new = NewPlanVersion {
                snapshot,
                ..new.clone()
            };
            let id = store.save_plan_version(&new, &plan).expect("save");
            // What a schema-2 build leaves: the version without its pegging table.
            forget_migration_3(&store);
            (id, snapshot)
        };
        let mut store = Store::open(&path).expect("a schema-2 file opens");
        assert_eq!(
            store.schema_version().expect("version"),
            schema::migrations().len() as i64
        );
        assert_eq!(store.planned_orders(old).expect("orders"), vec![order]);
        assert_eq!(store.pegging(old).expect("pegs"), vec![]);
        plan.pegging = vec![fulcrum_core::Peg {
            order: 0,
            item: "FG".into(),
            location: "D1".into(),
            bucket: Some(4),
            demand_quantity: 40.0,
            quantity: 40.0,
        }];
        let new = NewPlanVersion { snapshot, ..new };
        let id = store.save_plan_version(&new, &plan).expect("save");
        assert_eq!(store.load_plan(id).expect("load"), plan);
    }

    #[test]
    fn migrations_are_recorded_once() {
        let (store, _) = saved_version();
        let rows: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |row| {
                row.get(0)
            })
            .expect("count");
        assert_eq!(rows, schema::migrations().len() as i64);
        let mut conn = store.conn;
        migrate(&mut conn).expect("second run is a no-op");
        let rows: i64 = conn
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |row| {
                row.get(0)
            })
            .expect("count");
        assert_eq!(rows, schema::migrations().len() as i64);
    }

    #[test]
    fn refuses_a_schema_from_the_future() {
        let (store, _) = saved_version();
        let mut conn = store.conn;
        conn.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')",
            [],
        )
        .expect("insert");
        let err = migrate(&mut conn).expect_err("too new");
        assert!(
            matches!(
                err,
                StoreError::SchemaTooNew {
                    found: 99,
                    supported: 8
                }
            ),
            "{err}"
        );
    }
}
