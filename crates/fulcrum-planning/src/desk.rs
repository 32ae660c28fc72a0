//! The planning desk: the current cycle's workspace, replayed from the store,
//! and the one way planner input gets in (edits appended to the change log).

use std::collections::{BTreeMap, BTreeSet};

use fulcrum_access::{Action, DemandLayer};
use fulcrum_core::{Dataset, Plan};
use fulcrum_cycle::{CycleConfig, ForecastMethod, demand_plan, forecast_stage};
use fulcrum_store::changes::log_key;
use fulcrum_store::{SnapshotId, Store, StoreError};
use fulcrum_workspace::{
    Basis, CellLayer, Change, ChangeKind, Layer, NodeSelector, Period, PlanningHierarchy, Spread,
    Workspace, grain,
};
use serde::{Deserialize, Serialize};

use crate::describe::describe;
use crate::error::{EditProblem, PlanningError};
use crate::target::{parse_period, selector};

/// How a typed total is shared among the cells below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpreadChoice {
    /// In proportion to the current values (then the statistical forecast,
    /// then last year, then equally, where those are zero).
    #[default]
    Proportional,
    /// In proportion to the statistical forecast.
    Statistical,
    /// In proportion to the same months of last year.
    LastYear,
    /// Equal shares.
    Equal,
}

impl SpreadChoice {
    fn spread(self) -> Spread {
        match self {
            SpreadChoice::Proportional => Spread::Proportional(Basis::Current),
            SpreadChoice::Statistical => Spread::Proportional(Basis::Statistical),
            SpreadChoice::LastYear => Spread::Proportional(Basis::LastYear),
            SpreadChoice::Equal => Spread::Equal,
        }
    }
}

/// One planner edit, as the grid, the API, a file and the CLI send it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// The value a role layer should read at a node and period, spread below.
    Set {
        /// Role layer (`sales`, `marketing`, `demand_planner`, `finance`).
        layer: String,
        /// Family or item; `None` for every product.
        #[serde(default)]
        product: Option<String>,
        /// Region or location; `None` for every one.
        #[serde(default)]
        location: Option<String>,
        /// Channel or customer; `None` for every one.
        #[serde(default)]
        customer: Option<String>,
        /// Month, quarter or year label.
        period: String,
        /// The value.
        value: f64,
        /// How it spreads.
        #[serde(default)]
        spread: SpreadChoice,
    },
    /// Lock the cells of a node and period: spreads leave them as they are.
    Lock {
        /// Family or item.
        #[serde(default)]
        product: Option<String>,
        /// Region or location.
        #[serde(default)]
        location: Option<String>,
        /// Channel or customer.
        #[serde(default)]
        customer: Option<String>,
        /// Month, quarter or year label.
        period: String,
    },
    /// Unlock them.
    Unlock {
        /// Family or item.
        #[serde(default)]
        product: Option<String>,
        /// Region or location.
        #[serde(default)]
        location: Option<String>,
        /// Channel or customer.
        #[serde(default)]
        customer: Option<String>,
        /// Month, quarter or year label.
        period: String,
    },
    /// Undo an earlier change (a compensating change).
    Undo {
        /// The change undone.
        change: u64,
    },
    /// Add an event (on from the start); its id is the next free one.
    AddEvent {
        /// What it is.
        event: crate::events::EventSpec,
    },
    /// Switch an event on or off.
    SetEvent {
        /// The event's id.
        event: u64,
        /// On (feeds the consensus) or off.
        active: bool,
    },
}

/// Who makes the edits and why.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EditMeta {
    /// The user.
    pub author: String,
    /// Reason code (e.g. `customer_intel`, `promotion`, `correction`).
    pub reason_code: String,
    /// Free comment.
    #[serde(default)]
    pub comment: String,
    /// The revision the user saw (default: the log's head, no conflict check).
    #[serde(default)]
    pub base_revision: Option<u64>,
}

/// The reason codes the grid offers (any non-empty code is accepted).
pub const REASON_CODES: [&str; 7] = [
    "customer_intel",
    "promotion",
    "market_trend",
    "new_business",
    "supply_issue",
    "correction",
    "other",
];

/// The access layer a workspace role edits.
pub fn demand_layer(role: &str) -> Option<DemandLayer> {
    Some(match role {
        "sales" => DemandLayer::Sales,
        "marketing" => DemandLayer::Marketing,
        "finance" => DemandLayer::Finance,
        "demand_planner" => DemandLayer::DemandPlanning,
        _ => return None,
    })
}

/// One change of the log, for lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// Change id.
    pub id: u64,
    /// Who.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// Reason code.
    pub reason_code: String,
    /// Comment.
    pub comment: String,
    /// What it did, in words.
    pub what: String,
    /// The change that undid it, if one did.
    pub undone_by: Option<u64>,
}

/// One change of a cell's history: its values before and after, summed over
/// the leaves and months of the cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    /// Change id.
    pub change_id: u64,
    /// Who.
    pub author: String,
    /// When.
    pub at: String,
    /// Reason code.
    pub reason_code: String,
    /// Comment.
    pub comment: String,
    /// `sales`, …, or `lock`.
    pub layer: String,
    /// Sum before (`None`: every cell was empty).
    pub before: Option<f64>,
    /// Sum after.
    pub after: Option<f64>,
}

/// The statistical forecast and its 80% interval per (item, location), by
/// horizon step.
pub(crate) type Intervals = BTreeMap<(String, String), [Vec<f64>; 3]>;

/// The current cycle's workspace: the inputs of the newest snapshot, the
/// statistical forecast split to leaves and the change log replayed over it.
#[derive(Debug, Clone)]
pub struct Desk {
    snapshot: SnapshotId,
    dataset: Dataset,
    log: String,
    changes: Vec<Change>,
    workspace: Workspace,
    intervals: Intervals,
}

/// The dataset of the newest snapshot.
pub fn current_dataset(store: &Store) -> Result<(SnapshotId, Dataset), PlanningError> {
    let Some(snapshot) = store.latest_snapshot()? else {
        return Err(PlanningError::NoInputs);
    };
    let files: Vec<(String, Vec<u8>)> = store
        .snapshot_files(snapshot)?
        .into_iter()
        .map(|file| (file.name, file.content))
        .collect();
    let dataset = fulcrum_io::import_csv_files(&files).map_err(|error| {
        PlanningError::Corrupt(format!(
            "stored snapshot {snapshot} no longer validates:\n{error}"
        ))
    })?;
    Ok((snapshot, dataset))
}

/// The change log key of the dataset's cycle (company and plan start).
pub fn cycle_log(dataset: &Dataset) -> String {
    log_key(
        &dataset.settings.company,
        &dataset.calendar().plan_start().to_string(),
    )
}

impl Desk {
    /// Opens the current cycle: the newest snapshot, the automatic statistical
    /// forecast, and the whole change log replayed (strictly: a change that no
    /// longer applies is an error, the stored log is then damaged).
    pub fn open(store: &Store) -> Result<Desk, PlanningError> {
        let (snapshot, dataset) = current_dataset(store)?;
        let log = cycle_log(&dataset);
        let changes = store.list_changes(&log)?;
        Desk::build(snapshot, dataset, log, changes)
    }

    fn build(
        snapshot: SnapshotId,
        dataset: Dataset,
        log: String,
        changes: Vec<Change>,
    ) -> Result<Desk, PlanningError> {
        let forecast = forecast_stage::run(&dataset, ForecastMethod::Automatic);
        let statistical = demand_plan::run(&dataset, &forecast);
        let mut intervals = Intervals::new();
        for (key, point) in &statistical {
            if let Some(eighty) = forecast
                .intervals
                .get(key)
                .and_then(|levels| levels.iter().find(|i| (i.level - 80.0).abs() < 1e-9))
            {
                intervals.insert(
                    key.clone(),
                    [point.clone(), eighty.lower.clone(), eighty.upper.clone()],
                );
            }
        }
        let base =
            demand_plan::demand_base(PlanningHierarchy::from_dataset(&dataset), &statistical)
                .map_err(|e| {
                    PlanningError::Corrupt(format!("the demand plan cannot be built: {e}"))
                })?;
        let workspace = fulcrum_workspace::replay(
            base,
            fulcrum_cycle::demand_plan::workspace_config(&dataset),
            &changes,
        )
        .map_err(|e| {
            PlanningError::Corrupt(format!("the change log {log} does not replay: {e}"))
        })?;
        Ok(Desk {
            snapshot,
            dataset,
            log,
            changes,
            workspace,
            intervals,
        })
    }

    /// Whether the store still holds what this desk was opened on (same
    /// snapshot, same log head).
    pub fn is_current(&self, store: &Store) -> Result<bool, StoreError> {
        Ok(store.latest_snapshot()? == Some(self.snapshot)
            && store.change_log_head(&self.log)? == self.revision())
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The snapshot the dataset came from.
    pub fn snapshot(&self) -> SnapshotId {
        self.snapshot
    }

    /// The replayed workspace.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The change log key.
    pub fn log_key(&self) -> &str {
        &self.log
    }

    /// The changes, in id order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The id of the last change (0: none).
    pub fn revision(&self) -> u64 {
        self.changes.last().map_or(0, |c| c.id)
    }

    pub(crate) fn intervals(&self) -> &Intervals {
        &self.intervals
    }

    /// The action a user's role must allow to make `edit`: the edited layer's
    /// for a value; the demand planner's for locks; for an undo, the action of
    /// the change undone.
    pub fn required_action(&self, edit: &Edit) -> Action {
        let planner = Action::EditDemandLayer(DemandLayer::DemandPlanning);
        match edit {
            Edit::Set { layer, .. } => demand_layer(layer).map_or(planner, Action::EditDemandLayer),
            Edit::Lock { .. } | Edit::Unlock { .. } => planner,
            Edit::AddEvent { .. } | Edit::SetEvent { .. } => Action::ManageEvents,
            Edit::Undo { change } => match self.changes.iter().find(|c| c.id == *change) {
                Some(Change {
                    kind:
                        ChangeKind::SetValue {
                            layer: Layer::Role(role),
                            ..
                        },
                    ..
                }) => demand_layer(role).map_or(planner, Action::EditDemandLayer),
                Some(Change {
                    kind: ChangeKind::AddEvent(_) | ChangeKind::SetEventActive { .. },
                    ..
                }) => Action::ManageEvents,
                _ => planner,
            },
        }
    }

    /// The typed changes of `edits`, every problem named (all or nothing).
    pub fn resolve(&self, edits: &[Edit]) -> Result<Vec<ChangeKind>, PlanningError> {
        let mut problems = Vec::new();
        let mut kinds = Vec::new();
        let calendar = self.dataset.calendar();
        let roles = &self.workspace.config().roles;
        let mut next_event = self
            .workspace
            .events()
            .map(|s| s.event.id)
            .max()
            .unwrap_or(0)
            + 1;
        for (index, edit) in edits.iter().enumerate() {
            let mut problem = |field: &str, reason: String| {
                problems.push(EditProblem {
                    index,
                    row: None,
                    field: Some(field.to_string()),
                    reason,
                })
            };
            let mut target = |product: &Option<String>,
                              location: &Option<String>,
                              customer: &Option<String>,
                              period: &str|
             -> Option<(NodeSelector, Period)> {
                let selector = selector(
                    &self.dataset,
                    product.as_deref(),
                    location.as_deref(),
                    customer.as_deref(),
                )
                .map_err(|(field, reason)| problem(field, reason))
                .ok();
                let period = parse_period(calendar, period)
                    .map_err(|reason| problem("period", reason))
                    .ok();
                let (selector, period) = (selector?, period?);
                match self.workspace.hierarchy().select(&selector) {
                    Ok(leaves) if !leaves.is_empty() => Some((selector, period)),
                    _ => {
                        problem(
                            "product",
                            format!("no planning combination is under {}", selector.describe()),
                        );
                        None
                    }
                }
            };
            match edit {
                Edit::Set {
                    layer,
                    product,
                    location,
                    customer,
                    period,
                    value,
                    spread,
                } => {
                    let found = target(product, location, customer, period);
                    if !roles.iter().any(|role| role == layer) {
                        problem(
                            "layer",
                            format!(
                                "'{}' is not an editable layer; the layers are {}",
                                crate::target::shown(layer),
                                roles.join(", ")
                            ),
                        );
                        continue;
                    }
                    if !value.is_finite() || *value < 0.0 || *value > 1e12 {
                        problem("value", format!("{value} is not a quantity from 0 to 1e12"));
                        continue;
                    }
                    if let Some((selector, period)) = found {
                        kinds.push(ChangeKind::SetValue {
                            layer: Layer::role(layer),
                            selector,
                            period,
                            value: *value,
                            spread: spread.spread(),
                        });
                    }
                }
                Edit::Lock {
                    product,
                    location,
                    customer,
                    period,
                }
                | Edit::Unlock {
                    product,
                    location,
                    customer,
                    period,
                } => {
                    if let Some((selector, period)) = target(product, location, customer, period) {
                        kinds.push(if matches!(edit, Edit::Lock { .. }) {
                            ChangeKind::Lock { selector, period }
                        } else {
                            ChangeKind::Unlock { selector, period }
                        });
                    }
                }
                Edit::AddEvent { event } => match event.resolve(&self.dataset, next_event) {
                    Ok(event) => {
                        next_event += 1;
                        kinds.push(ChangeKind::AddEvent(event));
                    }
                    Err(found) => {
                        for (field, reason) in found {
                            problem(field, reason);
                        }
                    }
                },
                Edit::SetEvent { event, active } => {
                    if self.workspace.events().any(|s| s.event.id == *event) {
                        kinds.push(ChangeKind::SetEventActive {
                            event_id: *event,
                            active: *active,
                        });
                    } else {
                        problem("event", format!("there is no event {event}"));
                    }
                }
                Edit::Undo { change } => {
                    if !self.changes.iter().any(|c| c.id == *change) {
                        problem("change", format!("there is no change {change} in the log"));
                    } else if let Some(by) = self.undone_by(*change) {
                        problem(
                            "change",
                            format!("change {change} was already undone by change {by}"),
                        );
                    } else {
                        kinds.push(ChangeKind::Undo { change: *change });
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(kinds)
        } else {
            Err(PlanningError::Invalid(problems))
        }
    }

    /// Appends `edits` as consecutive changes in one transaction, all or none
    /// (the desk first catches up with the stored log if it is behind).
    /// Each is first checked on its own against the revision the user saw
    /// (`meta.base_revision`): a cell someone else changed since is a
    /// [`PlanningError::Conflict`]. Returns the new change ids.
    pub fn append(
        &mut self,
        store: &mut Store,
        meta: &EditMeta,
        edits: &[Edit],
        at: &str,
    ) -> Result<Vec<u64>, PlanningError> {
        if meta.author.trim().is_empty() {
            return Err(PlanningError::invalid(
                0,
                Some("author"),
                "an edit needs an author",
            ));
        }
        if meta.reason_code.trim().is_empty() {
            return Err(PlanningError::invalid(
                0,
                Some("reason_code"),
                format!("give a reason code, e.g. {}", REASON_CODES.join(", ")),
            ));
        }
        if edits.is_empty() {
            return Err(PlanningError::invalid(0, None, "no edits were given"));
        }
        // Another desk (a second server, the CLI) may have appended: replay to
        // the stored head first, so conflicts are judged on the real log.
        if !self.is_current(store)? {
            *self = Desk::open(store)?;
        }
        let kinds = self.resolve(edits)?;
        let revision = self.revision();
        let base = meta.base_revision.unwrap_or(revision);
        if base > revision {
            return Err(PlanningError::Conflict(format!(
                "the grid was loaded at revision {base} but the log is at {revision}; reload the grid"
            )));
        }
        let changes: Vec<Change> = kinds
            .into_iter()
            .enumerate()
            .map(|(k, kind)| Change {
                id: revision + 1 + k as u64,
                author: meta.author.trim().to_string(),
                at: at.to_string(),
                reason_code: meta.reason_code.trim().to_string(),
                comment: meta.comment.clone(),
                base_revision: base,
                kind,
            })
            .collect();
        for (index, change) in changes.iter().enumerate() {
            self.workspace
                .check(&Change {
                    id: revision + 1,
                    ..change.clone()
                })
                .map_err(|e| PlanningError::from_workspace(index, e))?;
        }
        // The batch is one author's: each change builds on the one before it.
        let chained: Vec<Change> = changes
            .into_iter()
            .enumerate()
            .map(|(k, change)| Change {
                base_revision: if k == 0 { base } else { change.id - 1 },
                ..change
            })
            .collect();
        // Applied in place (a clone would cost the whole plan per edit); if the
        // store refuses after some were applied, the desk is opened again.
        let workspace = &mut self.workspace;
        let mut applied = 0;
        let mut failed = None;
        let result = store.append_changes(&self.log, &chained, |_, change| {
            workspace.apply(change.clone()).map(|_| ()).map_err(|e| {
                let message = e.to_string();
                failed = Some(e);
                message
            })?;
            applied += 1;
            Ok(())
        });
        if let Err(error) = result {
            if applied > 0 {
                *self = Desk::open(store)?;
            }
            return Err(match (error, failed) {
                (_, Some(error)) => PlanningError::from_workspace(0, error),
                (StoreError::ChangeRefused(message), None) => PlanningError::Conflict(message),
                (other, None) => other.into(),
            });
        }
        let ids = chained.iter().map(|c| c.id).collect();
        self.changes.extend(chained);
        Ok(ids)
    }

    /// Reads an uploaded overrides file and checks its rows against this
    /// cycle (layers, codes, periods): every bad cell of the file named at
    /// once, as `file:row:column: reason` in row order, or the rows to
    /// [`Desk::append_overrides`].
    pub fn read_overrides(
        &self,
        name: &str,
        bytes: &[u8],
    ) -> Result<Vec<fulcrum_io::OverrideRow>, fulcrum_io::ImportError> {
        let scan = fulcrum_io::scan_overrides(name, bytes)?;
        let mut problems = scan.problems;
        // The good rows and those with only a bad value: their codes too.
        let checked: Vec<fulcrum_io::OverrideRow> =
            scan.rows.iter().chain(&scan.unvalued).cloned().collect();
        if let Err(PlanningError::Invalid(found)) = self.resolve(&override_edits(&checked)) {
            problems.extend(found.into_iter().map(|p| fulcrum_io::Problem {
                file: scan.file.clone(),
                row: checked.get(p.index).map(|r| r.row),
                column: p.field,
                reason: p.reason,
            }));
        }
        if problems.is_empty() {
            return Ok(scan.rows);
        }
        // Cells in file order: by row, then by the file's column order.
        let column_rank = |column: &Option<String>| {
            column
                .as_deref()
                .and_then(|c| fulcrum_io::OVERRIDE_COLUMNS.iter().position(|o| *o == c))
        };
        problems.sort_by_key(|p| (p.row, column_rank(&p.column)));
        Err(fulcrum_io::ImportError { problems })
    }

    /// Appends the rows of an uploaded overrides file ([`fulcrum_io::read_overrides`])
    /// as [`Edit::Set`]s with proportional spread, all or none; problems name the
    /// file row.
    pub fn append_overrides(
        &mut self,
        store: &mut Store,
        meta: &EditMeta,
        rows: &[fulcrum_io::OverrideRow],
        at: &str,
    ) -> Result<Vec<u64>, PlanningError> {
        let edits = override_edits(rows);
        self.append(store, meta, &edits, at)
            .map_err(|error| match error {
                PlanningError::Invalid(problems) => PlanningError::Invalid(
                    problems
                        .into_iter()
                        .map(|p| EditProblem {
                            row: rows.get(p.index).map(|r| r.row),
                            ..p
                        })
                        .collect(),
                ),
                other => other,
            })
    }

    /// The events of the log, by id, with their effect.
    pub fn events(&self) -> Vec<crate::events::EventInfo> {
        self.workspace
            .events()
            .map(|slot| crate::events::info(slot, &self.dataset))
            .collect()
    }

    /// The change that undid `change`, if one did.
    pub fn undone_by(&self, change: u64) -> Option<u64> {
        self.changes.iter().find_map(|c| match c.kind {
            ChangeKind::Undo { change: undone } if undone == change => Some(c.id),
            _ => None,
        })
    }

    /// The newest change of `author` that can still be undone (not an undo,
    /// not undone, not an approval).
    pub fn last_undoable(&self, author: &str) -> Option<u64> {
        let undone: BTreeSet<u64> = self
            .changes
            .iter()
            .filter_map(|c| match c.kind {
                ChangeKind::Undo { change } => Some(change),
                _ => None,
            })
            .collect();
        self.changes
            .iter()
            .rev()
            .find(|c| {
                c.author == author
                    && !undone.contains(&c.id)
                    && !matches!(c.kind, ChangeKind::Undo { .. } | ChangeKind::Approve { .. })
            })
            .map(|c| c.id)
    }

    /// The log, newest first, `offset` and `limit` applied.
    pub fn log_entries(&self, offset: usize, limit: usize) -> Vec<LogEntry> {
        let calendar = self.dataset.calendar();
        self.changes
            .iter()
            .rev()
            .skip(offset)
            .take(limit)
            .map(|c| LogEntry {
                id: c.id,
                author: c.author.clone(),
                at: c.at.clone(),
                reason_code: c.reason_code.clone(),
                comment: c.comment.clone(),
                what: describe(&c.kind, calendar),
                undone_by: self.undone_by(c.id),
            })
            .collect()
    }

    /// The history of one cell of the grid (a node and period on a role layer,
    /// or `lock`): every change that altered it, oldest first, with the cell's
    /// sum before and after.
    pub fn history(
        &self,
        selector: &NodeSelector,
        period: Period,
        layer: &str,
    ) -> Result<Vec<CellChange>, PlanningError> {
        let cell_layer = if layer == "lock" {
            CellLayer::Lock
        } else {
            let role = self.workspace.config().role(layer).ok_or_else(|| {
                PlanningError::invalid(
                    0,
                    Some("layer"),
                    format!(
                        "'{}' is not a layer with a history",
                        crate::target::shown(layer)
                    ),
                )
            })?;
            CellLayer::Role(role)
        };
        let calendar = self.dataset.calendar();
        let buckets = grain::buckets(calendar, period)
            .ok_or_else(|| PlanningError::invalid(0, Some("period"), "outside the horizon"))?;
        let mut by_change: BTreeMap<u64, CellChange> = BTreeMap::new();
        for bucket in buckets {
            let entries = self
                .workspace
                .history(selector, bucket, cell_layer)
                .map_err(|e| PlanningError::invalid(0, None, e.to_string()))?;
            for entry in entries {
                let add = |sum: Option<f64>, part: Option<f64>| match (sum, part) {
                    (None, None) => None,
                    (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
                };
                let cell = by_change
                    .entry(entry.change_id)
                    .or_insert_with(|| CellChange {
                        change_id: entry.change_id,
                        author: entry.author.clone(),
                        at: entry.at.clone(),
                        reason_code: entry.reason_code.clone(),
                        comment: entry.comment.clone(),
                        layer: layer.to_string(),
                        before: None,
                        after: None,
                    });
                cell.before = add(cell.before, entry.before);
                cell.after = add(cell.after, entry.after);
            }
        }
        Ok(by_change.into_values().collect())
    }

    /// What the whole plan is recomputed from, to run without holding the desk.
    pub fn plan_inputs(&self) -> PlanInputs {
        PlanInputs {
            dataset: self.dataset.clone(),
            changes: self.changes.clone(),
        }
    }
}

/// The inputs of the whole plan: the dataset and the change log.
#[derive(Debug, Clone)]
pub struct PlanInputs {
    dataset: Dataset,
    changes: Vec<Change>,
}

impl PlanInputs {
    /// The whole plan recomputed with the change log (inventory policy, supply,
    /// capacity, finance, KPIs), with the default cycle configuration. Pure.
    pub fn plan(&self) -> Plan {
        fulcrum_cycle::run_cycle_with_changes(
            &self.dataset,
            &self.changes,
            &CycleConfig::default(),
            &mut |_| {},
        )
    }
}

/// The edits of an overrides file's rows.
pub fn override_edits(rows: &[fulcrum_io::OverrideRow]) -> Vec<Edit> {
    rows.iter()
        .map(|row| Edit::Set {
            layer: row.layer.clone(),
            product: Some(row.product.clone()),
            location: row.location.clone(),
            customer: row.customer.clone(),
            period: row.period.clone(),
            value: row.value,
            spread: SpreadChoice::Proportional,
        })
        .collect()
}
