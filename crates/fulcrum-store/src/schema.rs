//! The database schema and its forward-only migrations.
//!
//! Each entry of [`MIGRATIONS`] is applied once, in order, inside one
//! transaction together with its row in `schema_migrations`. A database whose
//! recorded version is newer than this build knows is refused rather than
//! guessed at.
//!
//! # Layout
//!
//! - `snapshots`, `snapshot_files`: the inputs a plan was computed from, as the
//!   canonical CSV export of the imported dataset, content-addressed by SHA-256.
//! - `plan_versions`: one row per stored plan, with its calendar, the snapshot
//!   it was computed from, an optional parent and its status (draft/approved).
//! - `series` and `series_values`: key-figure time series in long form. `series`
//!   holds one row per planning combination (figure, item, location, resource,
//!   family) with its first bucket and length; `series_values` holds one row per
//!   (version, series, bucket). The view `key_figure_values` joins them into the
//!   flat shape `(version, figure, item, location, resource, family, bucket,
//!   value)` for ad-hoc SQL.
//! - `planned_orders`, `kpis`, `forecast_models` (+ `forecast_model_parameters`),
//!   `exceptions`: the rest of a [`fulcrum_core::Plan`], each row carrying its
//!   position so the plan loads back in the order it was saved; `planned_order_pegs`
//!   (migration 3): the pegging of each planned order to the demands it serves;
//!   `safety_stocks` (migration 4): each buffer's safety stock with its basis code and
//!   explanation.
//! - `workspace_changes` and `plan_version_change_logs` (migration 8,
//!   [`migration_change_log`]): the planners' append-only change log per cycle and
//!   the prefix of it each plan version was computed from (`crate::changes`).
//!
//! # Scenarios as copy-on-write deltas (designed for, not yet written)
//!
//! Values are keyed by `(version_id, series_no, bucket)` and every series row
//! names its planning combination explicitly, so a scenario version with
//! `parent_id` set can store only what it changes: a `series` row for each
//! combination it touches and `series_values` rows for the buckets it changes.
//! Reading a scenario overlays its rows on its parent's, combination by
//! combination and bucket by bucket; creating one copies nothing. The
//! whole-plan tables (KPIs, exceptions, ...) are small and are recomputed per
//! version. Today every version is stored in full (its `parent_id` is recorded
//! but not used for reading).
//!
//! # Exact reals
//!
//! SQLite turns NaN into NULL and stores integral REAL values as integers,
//! which loses the sign of `-0.0`. Each real is therefore stored as a `REAL`
//! (for SQL use) plus a `*_bits` column holding the IEEE-754 bits only when the
//! `REAL` alone cannot reproduce the value; see `crate::real`.
//!
//! # Approved versions are immutable
//!
//! Triggers reject every insert, update or delete that touches a version whose
//! status is `approved`, so the rule holds even for writes that bypass this
//! crate. Migration 5 adds triggers that lock the snapshot of an approved version
//! (only its `last_saved` may change, when the same inputs are imported again),
//! refuse a version inserted as approved and an approval not stamped with the
//! current time, and the append-only approval chain `approvals`.

/// Forward-only migrations; entry `i` brings the schema to version `i + 1`.
///
/// A released migration never changes: new schema changes append an entry.
pub(crate) fn migrations() -> Vec<String> {
    vec![
        format!("{MIGRATION_1}\n{}", version_table_triggers(VERSION_TABLES)),
        MIGRATION_2.to_string(),
        format!(
            "{MIGRATION_3}\n{}",
            version_table_triggers(&["planned_order_pegs"])
        ),
        format!(
            "{MIGRATION_4}\n{}",
            version_table_triggers(&["safety_stocks"])
        ),
        format!(
            "{MIGRATION_5}\n{}",
            MIGRATION_5_TRIGGERS
                .iter()
                .map(|(_, sql)| format!("{sql}\n"))
                .collect::<String>()
        ),
        format!(
            "{MIGRATION_6}\n{}",
            MIGRATION_6_TRIGGERS
                .iter()
                .map(|(_, sql)| format!("{sql}\n"))
                .collect::<String>()
        ),
        MIGRATION_7.to_string(),
        migration_change_log(),
    ]
}

/// The planners' change log (issue 10), self-contained so that it can be moved to
/// another position when migrations are merged: `workspace_changes` holds one
/// row per change of a cycle's log (`log_key`: company and plan start), ids
/// increasing from 1; rows are never updated or deleted, and a log that holds an
/// approval takes no further changes. `plan_version_change_logs` records the
/// prefix of a log (changes `1..=last_change_id`) a plan version was computed
/// from; its row is protected like the rest of an approved version.
pub(crate) fn migration_change_log() -> String {
    format!(
        "{MIGRATION_CHANGE_LOG}\n{}\n{}",
        CHANGE_LOG_TRIGGERS
            .iter()
            .map(|(_, sql)| format!("{sql}\n"))
            .collect::<String>(),
        version_table_triggers(&["plan_version_change_logs"])
    )
}

const MIGRATION_CHANGE_LOG: &str = r#"
CREATE TABLE workspace_changes (
    log_key        TEXT NOT NULL,
    change_id      INTEGER NOT NULL CHECK (change_id > 0),
    author         TEXT NOT NULL,
    at             TEXT NOT NULL,
    reason_code    TEXT NOT NULL,
    comment        TEXT NOT NULL,
    base_revision  INTEGER NOT NULL CHECK (base_revision >= 0 AND base_revision < change_id),
    kind           TEXT NOT NULL CHECK (json_valid(kind)),
    PRIMARY KEY (log_key, change_id)
) WITHOUT ROWID;

CREATE TABLE plan_version_change_logs (
    version_id      INTEGER PRIMARY KEY REFERENCES plan_versions(id),
    log_key         TEXT NOT NULL,
    last_change_id  INTEGER NOT NULL CHECK (last_change_id >= 0)
);
"#;

/// The triggers of the change log: append-only, ids increasing, frozen after an
/// approval.
const CHANGE_LOG_TRIGGERS: &[(&str, &str)] = &[
    (
        "workspace_changes_no_update",
        "CREATE TRIGGER workspace_changes_no_update
BEFORE UPDATE ON workspace_changes
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only: a change is never edited (undo appends a change)');
END;",
    ),
    (
        "workspace_changes_no_delete",
        "CREATE TRIGGER workspace_changes_no_delete
BEFORE DELETE ON workspace_changes
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only: a change is never deleted (undo appends a change)');
END;",
    ),
    (
        "workspace_changes_increasing",
        "CREATE TRIGGER workspace_changes_increasing
BEFORE INSERT ON workspace_changes
WHEN NEW.change_id <= (SELECT MAX(change_id) FROM workspace_changes WHERE log_key = NEW.log_key)
BEGIN
    SELECT RAISE(ABORT, 'the change log takes changes in increasing id order only');
END;",
    ),
    (
        "workspace_changes_frozen",
        "CREATE TRIGGER workspace_changes_frozen
BEFORE INSERT ON workspace_changes
WHEN EXISTS (SELECT 1 FROM workspace_changes
             WHERE log_key = NEW.log_key AND json_extract(kind, '$.approve') IS NOT NULL)
  OR EXISTS (SELECT 1 FROM plan_version_change_logs l JOIN plan_versions v ON v.id = l.version_id
             WHERE l.log_key = NEW.log_key AND v.status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'the change log is frozen under an approved plan version');
END;",
    ),
];

/// People (migration 7): `users` (one role each, an Argon2id PHC password
/// hash, disabled rather than deleted) and `sessions` (keyed by the SHA-256 of
/// the session token, never the token; times in Unix seconds).
const MIGRATION_7: &str = r#"
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);

CREATE INDEX sessions_by_user ON sessions(user_id);
"#;

/// One plan of record per cycle (migration 6): `supersessions` records that an
/// approved version was replaced as the plan of record by a later approval of the
/// same cycle (company and plan start); the superseded version's own rows never
/// change. `plan_versions.strategy` records how the plan was made (NULL for
/// versions saved before).
const MIGRATION_6: &str = r#"
ALTER TABLE plan_versions ADD COLUMN strategy TEXT;

CREATE TABLE supersessions (
    version_id     INTEGER PRIMARY KEY REFERENCES plan_versions(id),
    superseded_by  INTEGER NOT NULL REFERENCES plan_versions(id),
    superseded_at  TEXT NOT NULL
);
"#;

/// The triggers of migration 6: supersessions only between approved versions,
/// append-only.
const MIGRATION_6_TRIGGERS: &[(&str, &str)] = &[
    (
        "supersessions_between_approved_versions",
        "CREATE TRIGGER supersessions_between_approved_versions
BEFORE INSERT ON supersessions
WHEN (SELECT status FROM plan_versions WHERE id = NEW.version_id) IS NOT 'approved'
  OR (SELECT status FROM plan_versions WHERE id = NEW.superseded_by) IS NOT 'approved'
  OR NEW.version_id = NEW.superseded_by
BEGIN
    SELECT RAISE(ABORT, 'only an approved version is superseded, by another approved version');
END;",
    ),
    (
        "supersessions_no_update",
        "CREATE TRIGGER supersessions_no_update
BEFORE UPDATE ON supersessions
BEGIN
    SELECT RAISE(ABORT, 'supersessions are append-only');
END;",
    ),
    (
        "supersessions_no_delete",
        "CREATE TRIGGER supersessions_no_delete
BEFORE DELETE ON supersessions
BEGIN
    SELECT RAISE(ABORT, 'supersessions are append-only');
END;",
    ),
];

/// For a file migrated to schema 6: in every cycle with several approved
/// versions, all but the one approved last are superseded by it.
pub(crate) fn backfill_supersessions(conn: &rusqlite::Connection) -> Result<(), crate::StoreError> {
    conn.execute_batch(
        "INSERT INTO supersessions (version_id, superseded_by, superseded_at)
         SELECT v.id,
                (SELECT w.id FROM plan_versions AS w JOIN approvals AS b ON b.version_id = w.id
                 WHERE w.company = v.company AND w.plan_start = v.plan_start
                 ORDER BY b.seq DESC LIMIT 1),
                strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
         FROM plan_versions AS v JOIN approvals AS a ON a.version_id = v.id
         WHERE a.seq < (SELECT MAX(b.seq) FROM approvals AS b JOIN plan_versions AS w
                        ON w.id = b.version_id
                        WHERE w.company = v.company AND w.plan_start = v.plan_start);",
    )?;
    Ok(())
}

/// Why each buffer holds its safety stock (`fulcrum_core::SafetyStockRecord`): one row
/// per (version, item, location), `position` keeping the plan's order. `basis` is the
/// short code (`normal_csl`, `poisson`, …), `explanation` the sentence with the numbers.
/// A version saved before this migration simply has no rows.
const MIGRATION_4: &str = r#"
CREATE TABLE safety_stocks (
    version_id          INTEGER NOT NULL REFERENCES plan_versions(id),
    position            INTEGER NOT NULL,
    item                TEXT NOT NULL,
    location            TEXT NOT NULL,
    safety_stock        REAL,
    safety_stock_bits   INTEGER,
    unit_cost           REAL,
    unit_cost_bits      INTEGER,
    basis               TEXT NOT NULL,
    explanation         TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE UNIQUE INDEX safety_stocks_by_buffer ON safety_stocks (version_id, item, location);
"#;

/// MRP pegging (`fulcrum_core::Peg`): one row per (planned order, independent
/// demand served). `order_position` is the order's `position` in `planned_orders`;
/// `bucket` is NULL for a peg to safety stock. A version saved before this migration
/// simply has no pegs.
const MIGRATION_3: &str = r#"
CREATE TABLE planned_order_pegs (
    version_id          INTEGER NOT NULL REFERENCES plan_versions(id),
    position            INTEGER NOT NULL,
    order_position      INTEGER NOT NULL,
    item                TEXT NOT NULL,
    location            TEXT NOT NULL,
    bucket              INTEGER,
    demand_quantity     REAL,
    demand_quantity_bits INTEGER,
    quantity            REAL,
    quantity_bits       INTEGER,
    PRIMARY KEY (version_id, position),
    FOREIGN KEY (version_id, order_position) REFERENCES planned_orders (version_id, position)
) WITHOUT ROWID;

CREATE INDEX planned_order_pegs_by_order ON planned_order_pegs (version_id, order_position);
"#;

/// Every backtest accuracy measure of a forecast model
/// (`fulcrum_core::ForecastAccuracy`): `has_accuracy` tells a model without
/// backtest (0, the value of rows written before this migration) from one
/// whose measures are stored, each as a `REAL` plus its exact-bits column.
const MIGRATION_2: &str = r#"
ALTER TABLE forecast_models ADD COLUMN has_accuracy INTEGER NOT NULL DEFAULT 0;
ALTER TABLE forecast_models ADD COLUMN accuracy_mape REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_mape_bits INTEGER;
ALTER TABLE forecast_models ADD COLUMN accuracy_wape REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_wape_bits INTEGER;
ALTER TABLE forecast_models ADD COLUMN accuracy_smape REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_smape_bits INTEGER;
ALTER TABLE forecast_models ADD COLUMN accuracy_mase REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_mase_bits INTEGER;
ALTER TABLE forecast_models ADD COLUMN accuracy_rmsse REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_rmsse_bits INTEGER;
ALTER TABLE forecast_models ADD COLUMN accuracy_bias REAL;
ALTER TABLE forecast_models ADD COLUMN accuracy_bias_bits INTEGER;
"#;

/// The first schema.
const MIGRATION_1: &str = r#"
CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    -- Increases on every save, including a save of identical content, so the
    -- latest import wins even when it matches an older snapshot.
    last_saved    INTEGER NOT NULL
);

CREATE TABLE snapshot_files (
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id),
    name         TEXT NOT NULL,
    content      BLOB NOT NULL,
    PRIMARY KEY (snapshot_id, name)
) WITHOUT ROWID;

CREATE TABLE plan_versions (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    snapshot_id  INTEGER NOT NULL REFERENCES snapshots(id),
    parent_id    INTEGER REFERENCES plan_versions(id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    company      TEXT NOT NULL,
    currency     TEXT NOT NULL,
    granularity  TEXT NOT NULL,
    plan_start   TEXT NOT NULL,
    history_len  INTEGER NOT NULL CHECK (history_len >= 0),
    horizon_len  INTEGER NOT NULL CHECK (horizon_len > 0),
    created_at   TEXT NOT NULL,
    approved_at  TEXT
);

CREATE TABLE series (
    version_id    INTEGER NOT NULL REFERENCES plan_versions(id),
    series_no     INTEGER NOT NULL,
    figure        TEXT NOT NULL,
    item          TEXT,
    location      TEXT,
    resource      TEXT,
    family        TEXT,
    first_bucket  INTEGER NOT NULL CHECK (first_bucket >= 0),
    n_values      INTEGER NOT NULL CHECK (n_values >= 0),
    PRIMARY KEY (version_id, series_no)
) WITHOUT ROWID;

CREATE INDEX series_by_figure ON series (version_id, figure);

CREATE TABLE series_values (
    version_id  INTEGER NOT NULL,
    series_no   INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    value       REAL,
    value_bits  INTEGER,
    PRIMARY KEY (version_id, series_no, bucket),
    FOREIGN KEY (version_id, series_no) REFERENCES series (version_id, series_no)
) WITHOUT ROWID;

CREATE VIEW key_figure_values AS
SELECT s.version_id AS version, s.figure, s.item, s.location, s.resource, s.family,
       v.bucket, v.value
FROM series AS s
JOIN series_values AS v ON v.version_id = s.version_id AND v.series_no = s.series_no;

CREATE TABLE planned_orders (
    version_id     INTEGER NOT NULL REFERENCES plan_versions(id),
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    item           TEXT NOT NULL,
    location       TEXT NOT NULL,
    from_location  TEXT,
    supplier       TEXT,
    quantity       REAL,
    quantity_bits  INTEGER,
    release_bucket INTEGER NOT NULL,
    due_bucket     INTEGER NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE kpis (
    version_id  INTEGER NOT NULL REFERENCES plan_versions(id),
    position    INTEGER NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    value       REAL,
    value_bits  INTEGER,
    unit        TEXT NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE forecast_models (
    version_id          INTEGER NOT NULL REFERENCES plan_versions(id),
    position            INTEGER NOT NULL,
    item                TEXT NOT NULL,
    location            TEXT NOT NULL,
    method              TEXT NOT NULL,
    reason              TEXT NOT NULL,
    demand_class        TEXT NOT NULL,
    backtest_wape       REAL,
    backtest_wape_bits  INTEGER,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

CREATE TABLE forecast_model_parameters (
    version_id      INTEGER NOT NULL,
    model_position  INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    value           REAL,
    value_bits      INTEGER,
    PRIMARY KEY (version_id, model_position, position),
    FOREIGN KEY (version_id, model_position) REFERENCES forecast_models (version_id, position)
) WITHOUT ROWID;

CREATE TABLE exceptions (
    version_id  INTEGER NOT NULL REFERENCES plan_versions(id),
    position    INTEGER NOT NULL,
    severity    TEXT NOT NULL,
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    bucket      INTEGER,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;

-- Approved versions are immutable. The only permitted change to a version row
-- is the approval itself (draft -> approved).
CREATE TRIGGER plan_versions_approved_no_update
BEFORE UPDATE ON plan_versions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'plan version is approved and immutable');
END;

CREATE TRIGGER plan_versions_approved_no_delete
BEFORE DELETE ON plan_versions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'plan version is approved and immutable');
END;
"#;

/// Tables of migration 1 whose rows belong to one plan version through `version_id`
/// (later migrations add their own tables' triggers).
const VERSION_TABLES: &[&str] = &[
    "series",
    "series_values",
    "planned_orders",
    "kpis",
    "forecast_models",
    "forecast_model_parameters",
    "exceptions",
];

/// The immutability triggers for every table in `tables` (rows belonging to one plan
/// version through `version_id`), generated so no table can be forgotten.
fn version_table_triggers(tables: &[&str]) -> String {
    version_table_trigger_list(tables)
        .into_iter()
        .map(|(_, sql)| sql)
        .collect()
}

/// [`version_table_triggers`] as `(name, CREATE TRIGGER statement)` pairs.
fn version_table_trigger_list(tables: &[&str]) -> Vec<(String, String)> {
    let mut triggers = Vec::new();
    for table in tables {
        for (event, row) in [("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")] {
            let event_lower = event.to_lowercase();
            triggers.push((
                format!("{table}_approved_no_{event_lower}"),
                format!(
                    "CREATE TRIGGER {table}_approved_no_{event_lower}
                 BEFORE {event} ON {table}
                 WHEN (SELECT status FROM plan_versions WHERE id = {row}.version_id) = 'approved'
                 BEGIN
                     SELECT RAISE(ABORT, 'plan version is approved and immutable');
                 END;\n"
                ),
            ));
        }
        // An update could also move a row *into* an approved version.
        triggers.push((
            format!("{table}_approved_no_update_into"),
            format!(
                "CREATE TRIGGER {table}_approved_no_update_into
             BEFORE UPDATE ON {table}
             WHEN (SELECT status FROM plan_versions WHERE id = NEW.version_id) = 'approved'
             BEGIN
                 SELECT RAISE(ABORT, 'plan version is approved and immutable');
             END;\n"
            ),
        ));
    }
    triggers
}

/// The two triggers of migration 1 on `plan_versions` itself.
const PLAN_VERSION_TRIGGERS: &[(&str, &str)] = &[
    (
        "plan_versions_approved_no_update",
        "CREATE TRIGGER plan_versions_approved_no_update
BEFORE UPDATE ON plan_versions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'plan version is approved and immutable');
END;",
    ),
    (
        "plan_versions_approved_no_delete",
        "CREATE TRIGGER plan_versions_approved_no_delete
BEFORE DELETE ON plan_versions
WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'plan version is approved and immutable');
END;",
    ),
];

/// Every trigger that protects approved versions, their inputs and the approval
/// chain, as `(name, CREATE TRIGGER statement)`: what [`migrations`] created.
/// Opening a writable store restores any that is missing or altered.
pub(crate) fn protective_triggers() -> Vec<(String, String)> {
    let mut triggers: Vec<(String, String)> = PLAN_VERSION_TRIGGERS
        .iter()
        .map(|(name, sql)| (name.to_string(), sql.to_string()))
        .collect();
    let mut tables = VERSION_TABLES.to_vec();
    tables.extend([
        "planned_order_pegs",
        "safety_stocks",
        "plan_version_change_logs",
    ]);
    triggers.extend(version_table_trigger_list(&tables));
    triggers.extend(
        MIGRATION_5_TRIGGERS
            .iter()
            .chain(MIGRATION_6_TRIGGERS)
            .chain(CHANGE_LOG_TRIGGERS)
            .map(|(name, sql)| (name.to_string(), sql.to_string())),
    );
    triggers
}

/// Integrity (migration 5): the approval chain, and triggers that keep the inputs
/// of approved versions unchanged and allow approval only through
/// `Store::approve`.
///
/// `approvals` holds one row per approval, in order (`seq` 1, 2, …): the SHA-256
/// of the version's content (`version_hash`, see `integrity::version_hash`), the
/// previous approval's `chain_hash` (64 zeros for the first) and `chain_hash` =
/// SHA-256(previous_hash ‖ version_hash). Rows can only be appended, in order.
const MIGRATION_5: &str = r#"
CREATE TABLE approvals (
    version_id     INTEGER PRIMARY KEY REFERENCES plan_versions(id),
    seq            INTEGER NOT NULL UNIQUE CHECK (seq >= 1),
    version_hash   TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    chain_hash     TEXT NOT NULL,
    approved_at    TEXT NOT NULL
);
"#;

/// The chain hash before the first approval.
pub(crate) const CHAIN_START: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// The triggers of migration 5.
const MIGRATION_5_TRIGGERS: &[(&str, &str)] = &[
    (
        "plan_versions_insert_draft_only",
        "CREATE TRIGGER plan_versions_insert_draft_only
BEFORE INSERT ON plan_versions
WHEN NEW.status IS NOT 'draft' OR NEW.approved_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a plan version is saved as a draft; it is approved only by approving it');
END;",
    ),
    (
        "plan_versions_approval_is_stamped_now",
        "CREATE TRIGGER plan_versions_approval_is_stamped_now
BEFORE UPDATE ON plan_versions
WHEN OLD.status = 'draft'
 AND ((NEW.status = 'approved'
       AND (NEW.approved_at IS NULL
            OR NEW.approved_at IS NOT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))
      OR (NEW.status IS NOT 'approved' AND NEW.approved_at IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'an approval is stamped with the current time; approved_at cannot be set or back-dated');
END;",
    ),
    (
        "snapshots_approved_no_update",
        "CREATE TRIGGER snapshots_approved_no_update
BEFORE UPDATE ON snapshots
WHEN EXISTS (SELECT 1 FROM plan_versions WHERE snapshot_id = OLD.id AND status = 'approved')
 AND (NEW.id IS NOT OLD.id OR NEW.content_hash IS NOT OLD.content_hash
      OR NEW.created_at IS NOT OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'snapshot is the input of an approved plan version and immutable');
END;",
    ),
    (
        "snapshots_approved_no_delete",
        "CREATE TRIGGER snapshots_approved_no_delete
BEFORE DELETE ON snapshots
WHEN EXISTS (SELECT 1 FROM plan_versions WHERE snapshot_id = OLD.id AND status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'snapshot is the input of an approved plan version and immutable');
END;",
    ),
    (
        "snapshot_files_approved_no_insert",
        "CREATE TRIGGER snapshot_files_approved_no_insert
BEFORE INSERT ON snapshot_files
WHEN EXISTS (SELECT 1 FROM plan_versions WHERE snapshot_id = NEW.snapshot_id AND status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'snapshot is the input of an approved plan version and immutable');
END;",
    ),
    (
        "snapshot_files_approved_no_update",
        "CREATE TRIGGER snapshot_files_approved_no_update
BEFORE UPDATE ON snapshot_files
WHEN EXISTS (SELECT 1 FROM plan_versions WHERE snapshot_id IN (OLD.snapshot_id, NEW.snapshot_id)
             AND status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'snapshot is the input of an approved plan version and immutable');
END;",
    ),
    (
        "snapshot_files_approved_no_delete",
        "CREATE TRIGGER snapshot_files_approved_no_delete
BEFORE DELETE ON snapshot_files
WHEN EXISTS (SELECT 1 FROM plan_versions WHERE snapshot_id = OLD.snapshot_id AND status = 'approved')
BEGIN
    SELECT RAISE(ABORT, 'snapshot is the input of an approved plan version and immutable');
END;",
    ),
    (
        "approvals_append_in_order",
        "CREATE TRIGGER approvals_append_in_order
BEFORE INSERT ON approvals
WHEN (SELECT status FROM plan_versions WHERE id = NEW.version_id) IS NOT 'approved'
  OR NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM approvals)
  OR NEW.previous_hash IS NOT COALESCE(
         (SELECT chain_hash FROM approvals ORDER BY seq DESC LIMIT 1),
         '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'approvals are appended in order, for approved versions only');
END;",
    ),
    (
        "approvals_no_update",
        "CREATE TRIGGER approvals_no_update
BEFORE UPDATE ON approvals
BEGIN
    SELECT RAISE(ABORT, 'the approval chain is append-only');
END;",
    ),
    (
        "approvals_no_delete",
        "CREATE TRIGGER approvals_no_delete
BEFORE DELETE ON approvals
BEGIN
    SELECT RAISE(ABORT, 'the approval chain is append-only');
END;",
    ),
];
