//! The typed change log: every contribution a planner makes, and the cell deltas
//! it produced.
//!
//! A [`Change`] is attributed (author, timestamp supplied by the caller, reason
//! code, comment) and carries the revision its author saw (`base_revision`).
//! Applying it produces [`CellDelta`] records (`before` and `after` of every
//! stored cell it changed), kept with the change in an [`AppliedChange`]; cell
//! history is a query over those records. Changes are appended and never edited:
//! undo is a compensating [`ChangeKind::Undo`], approval a final
//! [`ChangeKind::Approve`] after which the log refuses changes.

use fulcrum_core::BucketIdx;

use crate::events::{Effect, Event};
use crate::grain::Period;
use crate::hierarchy::{LeafId, NodeSelector};
use crate::layers::{Layer, RoleId};
use crate::spread::Spread;

/// One planner contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Position in the log: strictly greater than every earlier change's id. The
    /// workspace's revision is the id of its last change (0 for none).
    pub id: u64,
    /// User name of who made it.
    pub author: String,
    /// When, as supplied by the caller (e.g. RFC 3339); the engine reads no clock.
    pub at: String,
    /// Why (a reason code from the company's list).
    pub reason_code: String,
    /// Free comment.
    pub comment: String,
    /// The revision the author saw when making it: applying fails with a conflict
    /// when a later change touched any of its cells.
    pub base_revision: u64,
    /// What it does.
    pub kind: ChangeKind,
}

/// What a change does.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangeKind {
    /// Types `value` on a role's layer at a node and period; spread down to the
    /// leaves (see [`crate::workspace`] for the exact meaning).
    SetValue {
        /// A [`Layer::Role`]; other layers are not editable.
        layer: Layer,
        /// The node.
        selector: NodeSelector,
        /// The period.
        period: Period,
        /// The typed total.
        value: f64,
        /// How it is spread.
        spread: Spread,
    },
    /// Locks the cells under a node and period: spreads keep their values.
    Lock {
        /// The node.
        selector: NodeSelector,
        /// The period.
        period: Period,
    },
    /// Unlocks the cells under a node and period.
    Unlock {
        /// The node.
        selector: NodeSelector,
        /// The period.
        period: Period,
    },
    /// Adds an event (its own layer; active or not as given).
    AddEvent(Event),
    /// Switches an event on or off.
    SetEventActive {
        /// The event.
        event_id: u64,
        /// On or off.
        active: bool,
    },
    /// Reverts exactly the cells an earlier change touched to their `before`
    /// (and the events it added or switched to their earlier state).
    Undo {
        /// The id of the change to revert.
        change: u64,
    },
    /// Approves the plan: freezes the log under a plan version of record; every
    /// later change is refused.
    Approve {
        /// The plan version of record.
        plan_version: String,
    },
}

/// A stored cell set a change can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CellLayer {
    /// A role's adjustment layer.
    Role(RoleId),
    /// An event's layer (its effect while active, empty while inactive).
    Event(u64),
    /// The lock flag of the cell: `Some(1.0)` locked, `None` unlocked.
    Lock,
}

/// One stored cell a change altered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellDelta {
    /// The leaf.
    pub leaf: LeafId,
    /// The timeline bucket.
    pub bucket: BucketIdx,
    /// Which cell set.
    pub layer: CellLayer,
    /// Value before (`None` = empty).
    pub before: Option<f64>,
    /// Value after (`None` = empty).
    pub after: Option<f64>,
}

/// An event as the workspace holds it: the event and its computed effect.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSlot {
    /// The event.
    pub event: Event,
    /// Its effect, computed from the statistical forecast when it was added.
    pub effect: Effect,
}

/// A change as applied: the change, its cell deltas and the events it replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedChange {
    /// The change.
    pub change: Change,
    /// The stored cells it altered, by leaf then bucket.
    pub deltas: Vec<CellDelta>,
    /// The events it added, removed or switched, as they were before (`None` =
    /// absent) and after.
    pub events: Vec<(u64, Option<EventSlot>, Option<EventSlot>)>,
}

/// One line of a cell's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The change.
    pub change_id: u64,
    /// Who.
    pub author: String,
    /// When.
    pub at: String,
    /// Why.
    pub reason_code: String,
    /// Comment.
    pub comment: String,
    /// The leaf.
    pub leaf: LeafId,
    /// Value before.
    pub before: Option<f64>,
    /// Value after.
    pub after: Option<f64>,
}
