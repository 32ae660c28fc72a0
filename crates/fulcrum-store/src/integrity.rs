//! Integrity: content hashes of plan versions, the approval chain, the
//! protective triggers, and the checks of `Store::verify`.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::schema::{CHAIN_START, protective_triggers};
use crate::{StoreError, VersionId};

/// Tables whose rows are not part of a version's content.
const NOT_CONTENT: &[&str] = &["plan_versions", "approvals", "supersessions"];

/// Columns of `plan_versions` that change when a version is approved, so are not
/// part of its content.
const NOT_CONTENT_COLUMNS: &[&str] = &["status", "approved_at"];

/// The SHA-256 of a plan version's content, as lower-case hex: its header
/// (every column but status and approval time), the content hash of its input
/// snapshot, and every row of every table that holds rows of the version
/// (found by their `version_id` column, so tables added by later migrations
/// count too), rows in a fixed order. NULL cells are left out, so a column
/// added later without a default does not change the hash of older versions.
pub(crate) fn version_hash(conn: &Connection, id: VersionId) -> Result<String, StoreError> {
    let mut hasher = Sha256::new();
    hash_rows(
        conn,
        &mut hasher,
        "plan_versions",
        "SELECT * FROM plan_versions WHERE id = ?1",
        id,
        NOT_CONTENT_COLUMNS,
    )?;
    let snapshot_hash: Option<String> = conn
        .query_row(
            "SELECT s.content_hash FROM plan_versions AS v JOIN snapshots AS s ON s.id = v.snapshot_id
             WHERE v.id = ?1",
            [id.0],
            |row| row.get(0),
        )
        .ok();
    hash_text(&mut hasher, snapshot_hash.as_deref().unwrap_or(""));
    for table in version_tables(conn)? {
        let n_columns = column_names(conn, &table)?.len();
        let order: Vec<String> = (1..=n_columns).map(|n| n.to_string()).collect();
        let sql = format!(
            "SELECT * FROM \"{table}\" WHERE version_id = ?1 ORDER BY {}",
            order.join(", ")
        );
        hash_rows(conn, &mut hasher, &table, &sql, id, &[])?;
    }
    Ok(hex(&hasher.finalize()))
}

/// `SHA-256(previous ‖ version_hash)` as hex: one link of the approval chain.
pub(crate) fn chain_hash(previous: &str, version_hash: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(previous.as_bytes());
    hasher.update(version_hash.as_bytes());
    hex(&hasher.finalize())
}

/// Appends the approval of `id` (already marked approved, `approved_at` set) to
/// the chain.
pub(crate) fn append_approval(conn: &Connection, id: VersionId) -> Result<(), StoreError> {
    let (seq, previous): (i64, String) = conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1,
                COALESCE((SELECT chain_hash FROM approvals ORDER BY seq DESC LIMIT 1), ?1)
         FROM approvals",
        [CHAIN_START],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let version_hash = version_hash(conn, id)?;
    let chain = chain_hash(&previous, &version_hash);
    conn.execute(
        "INSERT INTO approvals (version_id, seq, version_hash, previous_hash, chain_hash, approved_at)
         SELECT id, ?2, ?3, ?4, ?5, approved_at FROM plan_versions WHERE id = ?1",
        params![id.0, seq, version_hash, previous, chain],
    )?;
    Ok(())
}

/// Starts the chain for versions approved before migration 5, oldest approval
/// first (ties by id).
pub(crate) fn backfill_approvals(conn: &Connection) -> Result<(), StoreError> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM plan_versions WHERE status = 'approved'
             AND id NOT IN (SELECT version_id FROM approvals)
             ORDER BY approved_at, id",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        append_approval(conn, VersionId(id))?;
    }
    Ok(())
}

/// Names of the protective triggers that are missing or whose statement
/// differs from the one the migrations created.
pub(crate) fn damaged_triggers(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut damaged = Vec::new();
    for (name, sql) in protective_triggers() {
        let found: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [&name],
                |row| row.get(0),
            )
            .ok();
        match found {
            None => damaged.push((
                name,
                format!("protective trigger {} is missing", sql_name(&sql)),
            )),
            Some(found) if normalize(&found) != normalize(&sql) => damaged.push((
                name.clone(),
                format!("protective trigger {name} was altered"),
            )),
            Some(_) => {}
        }
    }
    Ok(damaged)
}

/// Recreates the damaged protective triggers; returns what was found, one
/// sentence per trigger.
pub(crate) fn restore_triggers(conn: &mut Connection) -> Result<Vec<String>, StoreError> {
    let damaged = damaged_triggers(conn)?;
    if damaged.is_empty() {
        return Ok(Vec::new());
    }
    let statements: std::collections::HashMap<String, String> =
        protective_triggers().into_iter().collect();
    let tx = conn.transaction()?;
    for (name, _) in &damaged {
        tx.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{name}\";"))?;
        if let Some(sql) = statements.get(name) {
            tx.execute_batch(sql)?;
        }
    }
    tx.commit()?;
    Ok(damaged
        .into_iter()
        .map(|(_, what)| format!("{what}; restored"))
        .collect())
}

/// What `Store::verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyReport {
    /// Every check run, with what it found, in order.
    pub checks: Vec<String>,
    /// Every problem found; empty when the database is sound.
    pub problems: Vec<String>,
}

impl VerifyReport {
    /// True when no problem was found.
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Runs every check of `Store::verify` on `conn`.
pub(crate) fn verify(conn: &Connection, restored: &[String]) -> Result<VerifyReport, StoreError> {
    let mut report = VerifyReport::default();

    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if integrity == ["ok"] {
        report.checks.push("SQLite integrity check: ok".into());
    } else {
        report.checks.push(format!(
            "SQLite integrity check: {} problem(s)",
            integrity.len()
        ));
        report.problems.extend(
            integrity
                .into_iter()
                .map(|line| format!("integrity: {line}")),
        );
    }

    let snapshots: Vec<(i64, String)> = conn
        .prepare("SELECT id, content_hash FROM snapshots ORDER BY id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut altered = 0;
    for (id, stored) in &snapshots {
        let actual = crate::snapshot_hash(conn, *id)?;
        if actual != *stored {
            altered += 1;
            report.problems.push(format!(
                "snapshot {id} was altered: its files no longer match its content hash"
            ));
        }
    }
    report.checks.push(format!(
        "snapshot content hashes: {} checked, {altered} altered",
        snapshots.len()
    ));

    let damaged = damaged_triggers(conn)?;
    let n_triggers = protective_triggers().len();
    report.checks.push(format!(
        "protective triggers: {} of {n_triggers} in place",
        n_triggers - damaged.len()
    ));
    report
        .problems
        .extend(damaged.into_iter().map(|(_, what)| what));
    report.problems.extend(restored.iter().cloned());

    let links: Vec<(i64, i64, String, String, String, String)> = conn
        .prepare(
            "SELECT a.seq, a.version_id, a.version_hash, a.previous_hash, a.chain_hash,
                    a.approved_at IS v.approved_at
             FROM approvals AS a LEFT JOIN plan_versions AS v ON v.id = a.version_id
             ORDER BY a.seq",
        )?
        .query_map([], |row| {
            let same_time: bool = row.get(5)?;
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                same_time.to_string(),
            ))
        })?
        .collect::<Result<_, _>>()?;
    let mut previous = CHAIN_START.to_string();
    let before = report.problems.len();
    for (index, (seq, version, version_hash_stored, previous_stored, chain, same_time)) in
        links.iter().enumerate()
    {
        if *seq != index as i64 + 1 {
            report
                .problems
                .push(format!("approval chain: link {seq} is out of sequence"));
        }
        if *previous_stored != previous {
            report.problems.push(format!(
                "approval chain: the approval of version {version} does not follow the one before"
            ));
        }
        let actual = version_hash(conn, VersionId(*version))?;
        if actual != *version_hash_stored {
            report.problems.push(format!(
                "plan version {version} was altered after its approval: its content no longer matches its approval hash"
            ));
        }
        if chain_hash(previous_stored, version_hash_stored) != *chain {
            report.problems.push(format!(
                "approval chain: the chain hash of version {version} is wrong"
            ));
        }
        if same_time != "true" {
            report.problems.push(format!(
                "approval chain: version {version}'s approval time differs from the chain's"
            ));
        }
        previous.clone_from(chain);
    }
    let unchained: Vec<i64> = conn
        .prepare(
            "SELECT id FROM plan_versions WHERE status = 'approved'
             AND id NOT IN (SELECT version_id FROM approvals) ORDER BY id",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &unchained {
        report.problems.push(format!(
            "plan version {id} is approved but not in the approval chain"
        ));
    }
    report.checks.push(format!(
        "approval chain: {} approval(s), {}",
        links.len(),
        if report.problems.len() == before {
            "sound"
        } else {
            "broken"
        }
    ));
    Ok(report)
}

/// Tables other than [`NOT_CONTENT`] with a `version_id` column, by name.
fn version_tables(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut found = Vec::new();
    for table in tables {
        if NOT_CONTENT.contains(&table.as_str()) {
            continue;
        }
        if column_names(conn, &table)?
            .iter()
            .any(|c| c == "version_id")
        {
            found.push(table);
        }
    }
    Ok(found)
}

fn column_names(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    Ok(conn
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
        .query_map([table], |row| row.get(0))?
        .collect::<Result<_, _>>()?)
}

/// Hashes the table name and every row of `sql` (bound to `id`), each non-NULL
/// cell with its column name, leaving out `skip` columns.
fn hash_rows(
    conn: &Connection,
    hasher: &mut Sha256,
    table: &str,
    sql: &str,
    id: VersionId,
    skip: &[&str],
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
    let mut rows = stmt.query([id.0])?;
    let mut wrote_table = false;
    while let Some(row) = rows.next()? {
        if !wrote_table {
            hash_text(hasher, table);
            wrote_table = true;
        }
        hasher.update(b"R");
        for (index, name) in names.iter().enumerate() {
            if skip.contains(&name.as_str()) {
                continue;
            }
            let value = row.get_ref(index)?;
            if matches!(value, ValueRef::Null) {
                continue;
            }
            hash_text(hasher, name);
            match value {
                ValueRef::Null => {}
                ValueRef::Integer(value) => {
                    hasher.update(b"i");
                    hasher.update(value.to_le_bytes());
                }
                ValueRef::Real(value) => {
                    hasher.update(b"r");
                    hasher.update(value.to_bits().to_le_bytes());
                }
                ValueRef::Text(bytes) => {
                    hasher.update(b"t");
                    hash_bytes(hasher, bytes);
                }
                ValueRef::Blob(bytes) => {
                    hasher.update(b"b");
                    hash_bytes(hasher, bytes);
                }
            }
        }
    }
    Ok(())
}

fn hash_text(hasher: &mut Sha256, text: &str) {
    hash_bytes(hasher, text.as_bytes());
}

fn hash_bytes(hasher: &mut Sha256, bytes: &[u8]) {
    hasher.update((bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A statement with its white space collapsed and its final `;` dropped, for
/// comparing a stored trigger with the one the migrations created.
fn normalize(sql: &str) -> String {
    sql.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(';')
        .trim()
        .to_string()
}

/// The trigger's name as written in its statement.
fn sql_name(sql: &str) -> &str {
    sql.split_whitespace().nth(2).unwrap_or("?")
}
