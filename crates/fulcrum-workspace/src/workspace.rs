//! The workspace: the layers of one demand plan and the log of changes made to it.
//!
//! [`Workspace::apply`] validates a [`Change`], computes every cell it alters
//! without touching the state, then writes them all (a change applies whole or
//! not at all) and appends the change with its [`CellDelta`]s to the log.
//! [`replay`] applies a log to a fresh workspace: the state is a pure function of
//! (base, config, changes), bit for bit.
//!
//! # What typing a value on a role's layer means
//!
//! `SetValue { layer: Role(r), selector, period, value }` makes the **result
//! through role `r`** (the stack up to and including `r`, see
//! [`crate::layers`]) summed over the cells under the node and period equal
//! `value`. That is what a planner expects: the sales planner types the demand she
//! believes in ("family F sells 1,200 in Q1"), not a delta. The total is spread
//! over the cells ([`crate::spread`]; by default in proportion to the current
//! result through `r`), and each cell's layer value is the one that makes its
//! result equal its share under the cell's rule:
//!
//! - Override: the layer holds the share itself;
//! - Adjustment: the layer holds `share − below` (below = the result under `r`);
//! - WeightedBlend(w): the layer holds `(share − (1 − w)·below) / w`.
//!
//! So with no later role covering those cells, the consensus at that node and
//! period equals the typed value. A later role (higher in the stack) still has
//! its say; an Override role below `r` is replaced for those cells only in the
//! sense that `r` is computed on top of it.
//!
//! # Optimistic versioning
//!
//! Every cell (leaf × bucket) remembers the id of the last change that altered
//! any of its stored values (any role, any event, its lock). A change whose
//! `base_revision` is older than that for any cell it reads or writes is refused
//! with [`WorkspaceError::Conflict`]: no update is lost.

use std::collections::{BTreeMap, BTreeSet};

use fulcrum_core::BucketIdx;

use crate::change::{
    AppliedChange, CellDelta, CellLayer, Change, ChangeKind, EventSlot, HistoryEntry,
};
use crate::events::{self, EventError};
use crate::grain::{self, Period};
use crate::hierarchy::{LeafId, NodeSelector, PlanningHierarchy, SelectorError};
use crate::layers::{Combine, ConsensusRule, Layer, RoleId, WorkspaceConfig};
use crate::revisions::{CellRevisions, CellSet};
use crate::spread::{self, Basis, Spread, SpreadCell, SpreadError};

/// Empty role cell.
const EMPTY: f64 = f64::NAN;

/// Why a workspace could not be built or a change not applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkspaceError {
    /// The log is frozen under an approved plan version.
    #[error(
        "change {change} refused: the plan is approved as version {plan_version} and its log is frozen"
    )]
    Frozen {
        /// The change refused.
        change: u64,
        /// The approved version.
        plan_version: String,
    },
    /// Change ids must increase.
    #[error("change {id} refused: change ids must increase, and the log is at change {revision}")]
    ChangeId {
        /// The id given.
        id: u64,
        /// The current revision.
        revision: u64,
    },
    /// The base revision is newer than the workspace.
    #[error(
        "change {change} refused: it is based on revision {base_revision}, but the log is only at {revision}"
    )]
    BaseAhead {
        /// The change.
        change: u64,
        /// Its base revision.
        base_revision: u64,
        /// The current revision.
        revision: u64,
    },
    /// Someone changed a cell after the author's base revision.
    #[error(
        "change {change} conflicts: it was based on revision {base_revision}, but change {later} by {later_author} has since changed {cell} in {period}; reload and type it again"
    )]
    Conflict {
        /// The change refused.
        change: u64,
        /// Its base revision.
        base_revision: u64,
        /// The later change.
        later: u64,
        /// Who made the later change.
        later_author: String,
        /// The cell, in words.
        cell: String,
        /// The bucket label.
        period: String,
    },
    /// A role name that is not configured.
    #[error("there is no role '{0}'")]
    UnknownRole(String),
    /// The layer is not typed into.
    #[error("the {0} cannot be typed into: type on a role's layer")]
    NotEditable(String),
    /// A selector names an unknown node.
    #[error("{0}")]
    Selector(#[from] SelectorError),
    /// A selector holds no planning combination.
    #[error("there is no planning combination under {0}")]
    NoLeaves(String),
    /// The period is outside the horizon.
    #[error("{grain} {index} is outside the horizon ({first} to {last})")]
    PeriodOutside {
        /// The grain.
        grain: &'static str,
        /// The index.
        index: usize,
        /// First horizon bucket.
        first: String,
        /// Last horizon bucket.
        last: String,
    },
    /// A typed value is not a finite number of at least zero.
    #[error(
        "cannot set {layer} at {node} in {period} to {value}: a value must be a finite number of at least zero"
    )]
    BadValue {
        /// The layer.
        layer: String,
        /// The node.
        node: String,
        /// The period label.
        period: String,
        /// The value.
        value: f64,
    },
    /// The spread failed.
    #[error("cannot set {layer} at {node} in {period} to {value}: {reason}")]
    Spread {
        /// The layer.
        layer: String,
        /// The node.
        node: String,
        /// The period label.
        period: String,
        /// The value.
        value: f64,
        /// Why.
        reason: SpreadError,
    },
    /// A blend of weight 0 cannot move the result.
    #[error(
        "cannot set {layer} at {node} in {period}: its rule for family {family} is a blend of weight 0, which cannot change the result"
    )]
    CannotMove {
        /// The layer.
        layer: String,
        /// The node.
        node: String,
        /// The period label.
        period: String,
        /// The top family.
        family: String,
    },
    /// An event could not be computed.
    #[error("event {event_id}: {reason}")]
    Event {
        /// The event.
        event_id: u64,
        /// Why.
        reason: EventError,
    },
    /// An event id already used.
    #[error("event {0} already exists")]
    DuplicateEvent(u64),
    /// An event id not known.
    #[error("there is no event {0}")]
    UnknownEvent(u64),
    /// A change id not in the log.
    #[error("there is no change {0} in the log")]
    UnknownChange(u64),
    /// The change to undo was overtaken.
    #[error(
        "change {change} cannot be undone: change {later} has since changed the same cells; undo change {later} first"
    )]
    UndoBlocked {
        /// The change to undo.
        change: u64,
        /// The later change.
        later: u64,
    },
    /// An approval cannot be undone.
    #[error("change {0} is an approval and cannot be undone")]
    UndoApproval(u64),
    /// The base or the configuration is malformed.
    #[error("{0}")]
    Invalid(String),
}

/// The input of a workspace: the planning hierarchy and the statistical forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandBase {
    hierarchy: PlanningHierarchy,
    statistical: Vec<f64>,
}

impl DemandBase {
    /// A base from the hierarchy and the statistical forecast of every leaf and
    /// horizon bucket, `statistical[leaf * horizon_len + offset]`.
    pub fn new(
        hierarchy: PlanningHierarchy,
        statistical: Vec<f64>,
    ) -> Result<DemandBase, WorkspaceError> {
        let expected = hierarchy.len() * hierarchy.calendar().horizon_len();
        if statistical.len() != expected {
            return Err(WorkspaceError::Invalid(format!(
                "the statistical forecast has {} values, but {} leaves × {} horizon buckets need {expected}",
                statistical.len(),
                hierarchy.len(),
                hierarchy.calendar().horizon_len()
            )));
        }
        if let Some(idx) = statistical.iter().position(|v| !v.is_finite()) {
            return Err(WorkspaceError::Invalid(format!(
                "the statistical forecast value {idx} is not a finite number"
            )));
        }
        Ok(DemandBase {
            hierarchy,
            statistical,
        })
    }

    /// A base whose statistical forecast is `forecast(leaf, timeline bucket)`.
    pub fn from_fn(
        hierarchy: PlanningHierarchy,
        mut forecast: impl FnMut(LeafId, BucketIdx) -> f64,
    ) -> Result<DemandBase, WorkspaceError> {
        let horizon = hierarchy.calendar().horizon();
        let statistical = (0..hierarchy.len())
            .flat_map(|leaf| horizon.clone().map(move |b| (leaf, b)))
            .map(|(leaf, b)| forecast(leaf, b))
            .collect();
        DemandBase::new(hierarchy, statistical)
    }

    /// The hierarchy.
    pub fn hierarchy(&self) -> &PlanningHierarchy {
        &self.hierarchy
    }
}

/// The layers of one demand plan and the log of the changes that made them.
#[derive(Debug, Clone)]
pub struct Workspace {
    base: DemandBase,
    config: WorkspaceConfig,
    rules: Vec<ConsensusRule>,
    rule_of_leaf: Vec<usize>,
    h_len: usize,
    /// Per role, per cell; empty cells are NaN. An empty vector: nothing typed yet.
    roles: Vec<Vec<f64>>,
    events: BTreeMap<u64, EventSlot>,
    event_sum: Vec<f64>,
    consensus: Vec<f64>,
    locks: Vec<bool>,
    cell_revision: CellRevisions,
    log: Vec<AppliedChange>,
    frozen: Option<String>,
}

/// What a change will do, computed before anything is written.
struct Plan {
    deltas: Vec<CellDelta>,
    events: Vec<(u64, Option<EventSlot>)>,
    frozen: Option<String>,
}

impl Workspace {
    /// A workspace with nothing typed yet: the consensus is the statistical forecast.
    pub fn new(base: DemandBase, config: WorkspaceConfig) -> Result<Workspace, WorkspaceError> {
        let n_roles = config.roles.len();
        let mut rules = vec![config.default_rule.clone()];
        let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
        for (family, rule) in &config.family_rules {
            rule_index.insert(family, rules.len());
            rules.push(rule.clone());
        }
        for rule in &rules {
            if rule.per_role.len() != n_roles {
                return Err(WorkspaceError::Invalid(format!(
                    "a consensus rule has {} entries but there are {n_roles} roles",
                    rule.per_role.len()
                )));
            }
            for combine in &rule.per_role {
                if let Combine::WeightedBlend(w) = combine
                    && !(0.0..=1.0).contains(w)
                {
                    return Err(WorkspaceError::Invalid(format!(
                        "a blend weight must be between 0 and 1, got {w}"
                    )));
                }
            }
        }
        let hierarchy = &base.hierarchy;
        let rule_of_leaf = (0..hierarchy.len())
            .map(|leaf| {
                rule_index
                    .get(hierarchy.top_family_code(leaf))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let h_len = hierarchy.calendar().horizon_len();
        let n_cells = hierarchy.len() * h_len;
        let mut workspace = Workspace {
            rules,
            rule_of_leaf,
            h_len,
            roles: vec![Vec::new(); n_roles],
            events: BTreeMap::new(),
            event_sum: vec![0.0; n_cells],
            consensus: vec![0.0; n_cells],
            locks: vec![false; n_cells],
            cell_revision: CellRevisions::new(n_cells),
            log: Vec::new(),
            frozen: None,
            config,
            base,
        };
        workspace.recompute_consensus();
        Ok(workspace)
    }

    /// The hierarchy.
    pub fn hierarchy(&self) -> &PlanningHierarchy {
        &self.base.hierarchy
    }

    /// The input the workspace was built on.
    pub fn base(&self) -> &DemandBase {
        &self.base
    }

    /// The configuration.
    pub fn config(&self) -> &WorkspaceConfig {
        &self.config
    }

    /// The id of the last change applied (0 for none).
    pub fn revision(&self) -> u64 {
        self.log.last().map_or(0, |applied| applied.change.id)
    }

    /// The log: every change applied, with its deltas.
    pub fn log(&self) -> &[AppliedChange] {
        &self.log
    }

    /// The approved plan version, when the log is frozen.
    pub fn frozen(&self) -> Option<&str> {
        self.frozen.as_deref()
    }

    /// The events, by id.
    pub fn events(&self) -> impl Iterator<Item = &EventSlot> {
        self.events.values()
    }

    /// Applies a change: all of it or, on error, nothing.
    pub fn apply(&mut self, change: Change) -> Result<Vec<CellDelta>, WorkspaceError> {
        if let Some(plan_version) = &self.frozen {
            return Err(WorkspaceError::Frozen {
                change: change.id,
                plan_version: plan_version.clone(),
            });
        }
        let revision = self.revision();
        if change.id <= revision {
            return Err(WorkspaceError::ChangeId {
                id: change.id,
                revision,
            });
        }
        if change.base_revision > revision {
            return Err(WorkspaceError::BaseAhead {
                change: change.id,
                base_revision: change.base_revision,
                revision,
            });
        }
        let plan = self.plan(&change)?;
        let deltas = plan.deltas.clone();
        self.commit(change, plan);
        Ok(deltas)
    }

    fn plan(&self, change: &Change) -> Result<Plan, WorkspaceError> {
        let empty = |deltas| Plan {
            deltas,
            events: Vec::new(),
            frozen: None,
        };
        match &change.kind {
            ChangeKind::SetValue {
                layer,
                selector,
                period,
                value,
                spread,
            } => {
                let Layer::Role(role_name) = layer else {
                    return Err(WorkspaceError::NotEditable(layer.describe()));
                };
                let role = self
                    .config
                    .role(role_name)
                    .ok_or_else(|| WorkspaceError::UnknownRole(role_name.clone()))?;
                let (leaves, offsets) = self.scope(selector, *period)?;
                let sets = [CellSet::Role(role), CellSet::Locks];
                self.check_conflict(change, Some(&sets), &leaves, offsets.clone())?;
                self.plan_set_value(role, selector, *period, &leaves, offsets, *value, spread)
                    .map(empty)
            }
            ChangeKind::Lock { selector, period } | ChangeKind::Unlock { selector, period } => {
                let lock = matches!(change.kind, ChangeKind::Lock { .. });
                let (leaves, offsets) = self.scope(selector, *period)?;
                self.check_conflict(change, None, &leaves, offsets.clone())?;
                let mut deltas = Vec::new();
                for &leaf in &leaves {
                    for h in offsets.clone() {
                        let cell = leaf * self.h_len + h;
                        if self.locks[cell] != lock {
                            deltas.push(CellDelta {
                                leaf,
                                bucket: self.bucket(h),
                                layer: CellLayer::Lock,
                                before: self.locks[cell].then_some(1.0),
                                after: lock.then_some(1.0),
                            });
                        }
                    }
                }
                Ok(empty(deltas))
            }
            ChangeKind::AddEvent(event) => {
                if self.events.contains_key(&event.id) {
                    return Err(WorkspaceError::DuplicateEvent(event.id));
                }
                let effect =
                    events::effect(&event.kind, &self.base.hierarchy, &self.base.statistical)
                        .map_err(|reason| WorkspaceError::Event {
                            event_id: event.id,
                            reason,
                        })?;
                let slot = EventSlot {
                    event: event.clone(),
                    effect,
                };
                self.check_effect_conflict(change, &slot)?;
                let deltas = if event.active {
                    self.event_deltas(&slot, true)
                } else {
                    Vec::new()
                };
                Ok(Plan {
                    deltas,
                    events: vec![(event.id, Some(slot))],
                    frozen: None,
                })
            }
            ChangeKind::SetEventActive { event_id, active } => {
                let slot = self
                    .events
                    .get(event_id)
                    .ok_or(WorkspaceError::UnknownEvent(*event_id))?;
                self.check_effect_conflict(change, slot)?;
                if slot.event.active == *active {
                    return Ok(empty(Vec::new()));
                }
                let mut after = slot.clone();
                after.event.active = *active;
                Ok(Plan {
                    deltas: self.event_deltas(slot, *active),
                    events: vec![(*event_id, Some(after))],
                    frozen: None,
                })
            }
            ChangeKind::Undo { change: target } => self.plan_undo(change, *target),
            ChangeKind::Approve { plan_version } => Ok(Plan {
                deltas: Vec::new(),
                events: Vec::new(),
                frozen: Some(plan_version.clone()),
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_set_value(
        &self,
        role: RoleId,
        selector: &NodeSelector,
        period: Period,
        leaves: &[LeafId],
        offsets: std::ops::Range<usize>,
        value: f64,
        spread: &Spread,
    ) -> Result<Vec<CellDelta>, WorkspaceError> {
        let calendar = self.base.hierarchy.calendar();
        let layer_name = format!("{} layer", self.config.roles[role]);
        let period_label = grain::label(calendar, period);
        if !value.is_finite() || value < 0.0 {
            return Err(WorkspaceError::BadValue {
                layer: layer_name,
                node: selector.describe(),
                period: period_label,
                value,
            });
        }
        let n_per_leaf = offsets.len();
        let n = leaves.len() * n_per_leaf;
        let mut below = Vec::with_capacity(n);
        let mut current = Vec::with_capacity(n);
        let mut cells = Vec::with_capacity(n);
        let leaf_info = self.base.hierarchy.leaves();
        for &leaf in leaves {
            let rule = &self.rules[self.rule_of_leaf[leaf]];
            for h in offsets.clone() {
                let cell = leaf * self.h_len + h;
                let under = self.result_below(cell, rule, role);
                let through = rule.per_role[role].apply(under, self.role_value(role, cell));
                below.push(under);
                current.push(through);
                cells.push(SpreadCell {
                    current: through,
                    locked: self.locks[cell],
                    discrete: leaf_info[leaf].discrete,
                });
            }
        }
        let cell_list: Vec<(LeafId, usize)> = leaves
            .iter()
            .flat_map(|&leaf| offsets.clone().map(move |h| (leaf, h)))
            .collect();
        let cell_ids = || cell_list.iter().copied();
        let statistical: Vec<f64> = cell_ids()
            .map(|(leaf, h)| self.base.statistical[leaf * self.h_len + h])
            .collect();
        let last_year: Vec<f64> = cell_ids()
            .map(|(leaf, h)| self.last_year(leaf, h))
            .collect();
        let consensus: Vec<f64> = cell_ids()
            .map(|(leaf, h)| self.consensus[leaf * self.h_len + h])
            .collect();
        let seasonal_weights;
        let bases: Vec<&[f64]> = match spread {
            Spread::Proportional(Basis::Current) => vec![&current, &statistical, &last_year],
            Spread::Proportional(Basis::Consensus) => vec![&consensus, &statistical, &last_year],
            Spread::Proportional(Basis::Statistical) => vec![&statistical, &last_year],
            Spread::Proportional(Basis::LastYear) => vec![&last_year],
            Spread::Equal => Vec::new(),
            Spread::Seasonal(weights) => {
                // each leaf's total of the first default basis with a positive total
                let chain: [&[f64]; 3] = [&current, &statistical, &last_year];
                let positive = |v: &f64| if *v > 0.0 { *v } else { 0.0 };
                let leaf_totals: Vec<f64> = chain
                    .iter()
                    .map(|basis| {
                        basis
                            .chunks(n_per_leaf)
                            .map(|chunk| chunk.iter().map(positive).sum::<f64>())
                            .collect::<Vec<f64>>()
                    })
                    .find(|totals| totals.iter().sum::<f64>() > 0.0)
                    .unwrap_or_else(|| vec![1.0; leaves.len()]);
                seasonal_weights = cell_ids()
                    .enumerate()
                    .map(|(i, (_, h))| {
                        let month = calendar.month(self.bucket(h)).month as usize - 1;
                        weights[month] * leaf_totals[i / n_per_leaf]
                    })
                    .collect::<Vec<f64>>();
                vec![&seasonal_weights]
            }
        };
        let spreaded =
            spread::spread(value, &cells, &bases).map_err(|reason| WorkspaceError::Spread {
                layer: layer_name.clone(),
                node: selector.describe(),
                period: period_label.clone(),
                value,
                reason,
            })?;
        let mut deltas = Vec::new();
        for (i, (leaf, h)) in cell_ids().enumerate() {
            if cells[i].locked {
                continue;
            }
            let cell = leaf * self.h_len + h;
            let combine = self.rules[self.rule_of_leaf[leaf]].per_role[role];
            let before = self.role_value(role, cell);
            let target = spreaded.values[i];
            let Some(after) = combine.invert(below[i], target) else {
                return Err(WorkspaceError::CannotMove {
                    layer: layer_name,
                    node: selector.describe(),
                    period: period_label,
                    family: self.base.hierarchy.top_family_code(leaf).to_string(),
                });
            };
            if before.map(f64::to_bits) != Some(after.to_bits()) {
                deltas.push(CellDelta {
                    leaf,
                    bucket: self.bucket(h),
                    layer: CellLayer::Role(role),
                    before,
                    after: Some(after),
                });
            }
        }
        Ok(deltas)
    }

    fn plan_undo(&self, change: &Change, target: u64) -> Result<Plan, WorkspaceError> {
        let position = self
            .log
            .binary_search_by_key(&target, |applied| applied.change.id)
            .map_err(|_| WorkspaceError::UnknownChange(target))?;
        let applied = &self.log[position];
        if matches!(applied.change.kind, ChangeKind::Approve { .. }) {
            return Err(WorkspaceError::UndoApproval(target));
        }
        // undo only what is still as the change left it
        for delta in &applied.deltas {
            let cell = delta.leaf * self.h_len + self.offset(delta.bucket);
            let now = match delta.layer {
                CellLayer::Role(role) => self.role_value(role, cell),
                CellLayer::Lock => self.locks[cell].then_some(1.0),
                CellLayer::Event(id) => self.events.get(&id).and_then(|slot| {
                    if slot.event.active {
                        effect_at(slot, delta.leaf, self.offset(delta.bucket))
                    } else {
                        None
                    }
                }),
            };
            if now.map(f64::to_bits) != delta.after.map(f64::to_bits) {
                return Err(WorkspaceError::UndoBlocked {
                    change: target,
                    later: self.cell_revision.of(delta.layer.into(), cell),
                });
            }
        }
        for (id, _, after) in &applied.events {
            if self.events.get(id) != after.as_ref() {
                let later = self
                    .log
                    .iter()
                    .rev()
                    .find(|l| l.events.iter().any(|(e, _, _)| e == id))
                    .map_or(target, |l| l.change.id);
                return Err(WorkspaceError::UndoBlocked {
                    change: target,
                    later,
                });
            }
        }
        for delta in &applied.deltas {
            let set = [delta.layer.into()];
            self.check_cell(change, Some(&set), delta.leaf, self.offset(delta.bucket))?;
        }
        Ok(Plan {
            deltas: applied
                .deltas
                .iter()
                .map(|d| CellDelta {
                    before: d.after,
                    after: d.before,
                    ..*d
                })
                .collect(),
            events: applied
                .events
                .iter()
                .map(|(id, before, _)| (*id, before.clone()))
                .collect(),
            frozen: None,
        })
    }

    fn commit(&mut self, change: Change, plan: Plan) {
        let id = change.id;
        let mut event_cells: BTreeSet<usize> = BTreeSet::new();
        let mut changed: Vec<usize> = Vec::with_capacity(plan.deltas.len());
        for delta in &plan.deltas {
            let cell = delta.leaf * self.h_len + self.offset(delta.bucket);
            match delta.layer {
                CellLayer::Role(role) => {
                    if self.roles[role].is_empty() {
                        self.roles[role] = vec![EMPTY; self.locks.len()];
                    }
                    self.roles[role][cell] = delta.after.unwrap_or(EMPTY);
                }
                CellLayer::Lock => self.locks[cell] = delta.after.is_some(),
                CellLayer::Event(_) => {
                    event_cells.insert(cell);
                }
            }
            self.cell_revision.record(delta.layer.into(), cell, id);
            changed.push(cell);
        }
        let mut events = Vec::with_capacity(plan.events.len());
        for (event_id, after) in plan.events {
            let before = match &after {
                Some(slot) => self.events.insert(event_id, slot.clone()),
                None => self.events.remove(&event_id),
            };
            events.push((event_id, before, after));
        }
        for &cell in &event_cells {
            self.event_sum[cell] = self.event_sum_of(cell);
        }
        for &cell in &changed {
            self.consensus[cell] = self.consensus_of(cell);
        }
        if plan.frozen.is_some() {
            self.frozen = plan.frozen;
        }
        self.log.push(AppliedChange {
            change,
            deltas: plan.deltas,
            events,
        });
    }

    /// Recomputes the event sums and the consensus of every cell from the layers
    /// (what each change also does, cell by cell, for the cells it alters).
    pub fn recompute_consensus(&mut self) {
        for cell in 0..self.consensus.len() {
            self.event_sum[cell] = if self.events.is_empty() {
                0.0
            } else {
                self.event_sum_of(cell)
            };
            self.consensus[cell] = self.consensus_of(cell);
        }
    }

    fn event_sum_of(&self, cell: usize) -> f64 {
        let (leaf, h) = (cell / self.h_len, cell % self.h_len);
        self.events
            .values()
            .filter(|slot| slot.event.active)
            .filter_map(|slot| effect_at(slot, leaf, h))
            .fold(0.0, |sum, units| sum + units)
    }

    fn consensus_of(&self, cell: usize) -> f64 {
        let rule = &self.rules[self.rule_of_leaf[cell / self.h_len]];
        self.result_below(cell, rule, self.roles.len())
    }

    /// The result of the stack under role `role` (statistical, events, roles below).
    fn result_below(&self, cell: usize, rule: &ConsensusRule, role: RoleId) -> f64 {
        let mut value = self.base.statistical[cell] + self.event_sum[cell];
        for (r, layer) in self.roles[..role].iter().enumerate() {
            if let Some(&x) = layer.get(cell)
                && !x.is_nan()
            {
                value = rule.per_role[r].apply(value, Some(x));
            }
        }
        value
    }

    fn role_value(&self, role: RoleId, cell: usize) -> Option<f64> {
        self.roles[role].get(cell).copied().filter(|x| !x.is_nan())
    }

    fn event_deltas(&self, slot: &EventSlot, active: bool) -> Vec<CellDelta> {
        slot.effect
            .iter()
            .map(|&(leaf, h, units)| CellDelta {
                leaf,
                bucket: self.bucket(h),
                layer: CellLayer::Event(slot.event.id),
                before: (!active).then_some(units),
                after: active.then_some(units),
            })
            .collect()
    }

    fn bucket(&self, h: usize) -> BucketIdx {
        h + self.base.hierarchy.calendar().history_len()
    }

    fn offset(&self, bucket: BucketIdx) -> usize {
        bucket - self.base.hierarchy.calendar().history_len()
    }

    /// Sales history of the same calendar month in the last year with history.
    fn last_year(&self, leaf: LeafId, h: usize) -> f64 {
        let history_len = self.base.hierarchy.calendar().history_len();
        let t = history_len + h;
        let years_back = h / 12 + 1;
        match t.checked_sub(12 * years_back) {
            Some(bucket) => self.base.hierarchy.history(leaf, bucket),
            None => 0.0,
        }
    }

    fn scope(
        &self,
        selector: &NodeSelector,
        period: Period,
    ) -> Result<(Vec<LeafId>, std::ops::Range<usize>), WorkspaceError> {
        let calendar = self.base.hierarchy.calendar();
        let range = grain::buckets(calendar, period).ok_or_else(|| {
            let horizon = calendar.horizon();
            WorkspaceError::PeriodOutside {
                grain: period.grain.as_str(),
                index: period.index,
                first: calendar.label(horizon.start),
                last: calendar.label(horizon.end - 1),
            }
        })?;
        let leaves = self.base.hierarchy.select(selector)?;
        if leaves.is_empty() {
            return Err(WorkspaceError::NoLeaves(selector.describe()));
        }
        let offsets = self.offset(range.start)..self.offset(range.end);
        Ok((leaves, offsets))
    }

    /// Refuses `change` when a change after its base revision wrote one of
    /// the cells in `sets` (`None`: in any set).
    fn check_conflict(
        &self,
        change: &Change,
        sets: Option<&[CellSet]>,
        leaves: &[LeafId],
        offsets: std::ops::Range<usize>,
    ) -> Result<(), WorkspaceError> {
        if change.base_revision >= self.revision() {
            return Ok(());
        }
        for &leaf in leaves {
            for h in offsets.clone() {
                self.check_cell(change, sets, leaf, h)?;
            }
        }
        Ok(())
    }

    fn check_effect_conflict(
        &self,
        change: &Change,
        slot: &EventSlot,
    ) -> Result<(), WorkspaceError> {
        if change.base_revision >= self.revision() {
            return Ok(());
        }
        for &(leaf, h, _) in &slot.effect {
            self.check_cell(change, Some(&[CellSet::Events]), leaf, h)?;
        }
        Ok(())
    }

    fn check_cell(
        &self,
        change: &Change,
        sets: Option<&[CellSet]>,
        leaf: LeafId,
        h: usize,
    ) -> Result<(), WorkspaceError> {
        let cell = leaf * self.h_len + h;
        let later = match sets {
            Some(sets) => sets
                .iter()
                .map(|&set| self.cell_revision.of(set, cell))
                .max()
                .unwrap_or(0),
            None => self.cell_revision.any(cell),
        };
        if later <= change.base_revision {
            return Ok(());
        }
        let (item, location, customer) = self.base.hierarchy.leaf_codes(leaf);
        let later_author = self
            .log
            .binary_search_by_key(&later, |applied| applied.change.id)
            .map(|position| self.log[position].change.author.clone())
            .unwrap_or_default();
        Err(WorkspaceError::Conflict {
            change: change.id,
            base_revision: change.base_revision,
            later,
            later_author,
            cell: format!("item {item} at {location} for {customer}"),
            period: self.base.hierarchy.calendar().label(self.bucket(h)),
        })
    }

    /// One cell of a layer (`None` for an empty role cell; an inactive event or a
    /// cell it does not touch reads 0).
    pub fn cell(
        &self,
        layer: &Layer,
        leaf: LeafId,
        bucket: BucketIdx,
    ) -> Result<Option<f64>, WorkspaceError> {
        let calendar = self.base.hierarchy.calendar();
        if !calendar.horizon().contains(&bucket) || leaf >= self.base.hierarchy.len() {
            return Err(WorkspaceError::Invalid(format!(
                "leaf {leaf} in bucket {bucket} is not a cell of the horizon"
            )));
        }
        let cell = leaf * self.h_len + self.offset(bucket);
        let reader = self.reader(layer)?;
        Ok(reader(self, cell))
    }

    #[allow(clippy::type_complexity)]
    fn reader(
        &self,
        layer: &Layer,
    ) -> Result<Box<dyn Fn(&Workspace, usize) -> Option<f64> + '_>, WorkspaceError> {
        Ok(match layer {
            Layer::Statistical => Box::new(|ws, cell| Some(ws.base.statistical[cell])),
            Layer::Events => Box::new(|ws, cell| Some(ws.event_sum[cell])),
            Layer::Consensus => Box::new(|ws, cell| Some(ws.consensus[cell])),
            Layer::Event(id) => {
                let slot = self
                    .events
                    .get(id)
                    .ok_or(WorkspaceError::UnknownEvent(*id))?;
                Box::new(move |ws, cell| {
                    let units = if slot.event.active {
                        effect_at(slot, cell / ws.h_len, cell % ws.h_len).unwrap_or(0.0)
                    } else {
                        0.0
                    };
                    Some(units)
                })
            }
            Layer::Role(name) => {
                let role = self
                    .config
                    .role(name)
                    .ok_or_else(|| WorkspaceError::UnknownRole(name.clone()))?;
                Box::new(move |ws, cell| ws.role_value(role, cell))
            }
            Layer::Through(name) => {
                let role = self
                    .config
                    .role(name)
                    .ok_or_else(|| WorkspaceError::UnknownRole(name.clone()))?;
                Box::new(move |ws, cell| {
                    let rule = &ws.rules[ws.rule_of_leaf[cell / ws.h_len]];
                    Some(ws.result_below(cell, rule, role + 1))
                })
            }
        })
    }

    /// The value of a layer at a node and period: the sum of its leaves' cells
    /// (by leaf, then bucket; empty role cells count 0).
    pub fn value(
        &self,
        layer: &Layer,
        selector: &NodeSelector,
        period: Period,
    ) -> Result<f64, WorkspaceError> {
        self.sum(layer, selector, period, |_| 1.0)
    }

    /// Revenue of a layer at a node and period: Σ units × the item's price.
    pub fn revenue(
        &self,
        layer: &Layer,
        selector: &NodeSelector,
        period: Period,
    ) -> Result<f64, WorkspaceError> {
        let leaves = self.base.hierarchy.leaves();
        self.sum(layer, selector, period, |leaf| leaves[leaf].price)
    }

    fn sum(
        &self,
        layer: &Layer,
        selector: &NodeSelector,
        period: Period,
        factor: impl Fn(LeafId) -> f64,
    ) -> Result<f64, WorkspaceError> {
        let (leaves, offsets) = self.scope(selector, period)?;
        let reader = self.reader(layer)?;
        let mut total = 0.0;
        for leaf in leaves {
            let f = factor(leaf);
            for h in offsets.clone() {
                total += reader(self, leaf * self.h_len + h).unwrap_or(0.0) * f;
            }
        }
        Ok(total)
    }

    /// One row of the grid: a layer summed over the leaves under `selector`, per
    /// horizon bucket (index 0 is the first horizon bucket), with whether any of
    /// those leaves has a stored value there (for a role: a typed cell; for the
    /// events: a non-zero effect; always for the other layers). One pass over the
    /// leaves, so a row costs O(leaves × horizon).
    pub fn row(
        &self,
        layer: &Layer,
        selector: &NodeSelector,
    ) -> Result<(Vec<f64>, Vec<bool>), WorkspaceError> {
        let leaves = self.base.hierarchy.select(selector)?;
        let reader = self.reader(layer)?;
        let mut totals = vec![0.0; self.h_len];
        let mut any = vec![false; self.h_len];
        let always = !matches!(layer, Layer::Role(_) | Layer::Events | Layer::Event(_));
        for leaf in leaves {
            for h in 0..self.h_len {
                let value = reader(self, leaf * self.h_len + h);
                any[h] |= always
                    || value.is_some_and(|v| {
                        !matches!(layer, Layer::Events | Layer::Event(_)) || v != 0.0
                    });
                totals[h] += value.unwrap_or(0.0);
            }
        }
        Ok((totals, any))
    }

    /// Per horizon bucket, whether every leaf under `selector` is locked there.
    pub fn locked_row(&self, selector: &NodeSelector) -> Result<Vec<bool>, WorkspaceError> {
        let leaves = self.base.hierarchy.select(selector)?;
        let mut locked = vec![!leaves.is_empty(); self.h_len];
        for leaf in leaves {
            for (h, all) in locked.iter_mut().enumerate() {
                *all &= self.locks[leaf * self.h_len + h];
            }
        }
        Ok(locked)
    }

    /// Whether `change` would apply now, without applying it (the same checks as
    /// [`Workspace::apply`]: frozen log, ids, conflicts, values).
    pub fn check(&self, change: &Change) -> Result<(), WorkspaceError> {
        if let Some(plan_version) = &self.frozen {
            return Err(WorkspaceError::Frozen {
                change: change.id,
                plan_version: plan_version.clone(),
            });
        }
        self.plan(change).map(|_| ())
    }

    /// The history of a stored cell set over the leaves under `selector` in one
    /// bucket: every change that altered one of those cells, oldest first.
    pub fn history(
        &self,
        selector: &NodeSelector,
        bucket: BucketIdx,
        layer: CellLayer,
    ) -> Result<Vec<HistoryEntry>, WorkspaceError> {
        let leaves: BTreeSet<LeafId> = self.base.hierarchy.select(selector)?.into_iter().collect();
        let mut entries = Vec::new();
        for applied in &self.log {
            for delta in &applied.deltas {
                if delta.bucket == bucket && delta.layer == layer && leaves.contains(&delta.leaf) {
                    let change = &applied.change;
                    entries.push(HistoryEntry {
                        change_id: change.id,
                        author: change.author.clone(),
                        at: change.at.clone(),
                        reason_code: change.reason_code.clone(),
                        comment: change.comment.clone(),
                        leaf: delta.leaf,
                        before: delta.before,
                        after: delta.after,
                    });
                }
            }
        }
        Ok(entries)
    }

    /// Whether two workspaces hold the same plan, bit for bit: every role cell,
    /// lock, event (and its effect), event sum and consensus, and the frozen
    /// version. The log and the cell revisions are not compared.
    pub fn same_state(&self, other: &Workspace) -> bool {
        let bits = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
        };
        let role_bits = |a: &Vec<f64>, b: &Vec<f64>| match (a.is_empty(), b.is_empty()) {
            (true, true) => true,
            (false, false) => bits(a, b),
            (true, false) => b.iter().all(|x| x.is_nan()),
            (false, true) => a.iter().all(|x| x.is_nan()),
        };
        self.roles.len() == other.roles.len()
            && self
                .roles
                .iter()
                .zip(&other.roles)
                .all(|(a, b)| role_bits(a, b))
            && self.locks == other.locks
            && self.events == other.events
            && bits(&self.event_sum, &other.event_sum)
            && bits(&self.consensus, &other.consensus)
            && self.frozen == other.frozen
    }
}

fn effect_at(slot: &EventSlot, leaf: LeafId, h: usize) -> Option<f64> {
    slot.effect
        .binary_search_by(|&(l, b, _)| (l, b).cmp(&(leaf, h)))
        .ok()
        .map(|idx| slot.effect[idx].2)
}

/// A workspace built from `base` and `config` with `changes` applied in order:
/// the same inputs give the same state, bit for bit.
pub fn replay(
    base: DemandBase,
    config: WorkspaceConfig,
    changes: &[Change],
) -> Result<Workspace, WorkspaceError> {
    let mut workspace = Workspace::new(base, config)?;
    for change in changes {
        workspace.apply(change.clone())?;
    }
    Ok(workspace)
}
