//! The planning desk: where people take part in the plan.
//!
//! - [`desk`]: [`Desk`] opens the current cycle from the store (the newest
//!   snapshot, the statistical forecast split to planning combinations, the
//!   change log replayed) and [`Desk::append`] is the one way planner input
//!   gets in: [`Edit`]s checked all together, appended in one transaction,
//!   with optimistic versioning (a [`PlanningError::Conflict`] when someone
//!   changed the same cells since the revision the user saw).
//! - [`grid`]: the demand-planning grid (product hierarchy × key figures ×
//!   months with quarter and year roll-ups) and the chart of a row.
//! - [`target`]: nodes and periods as people type them.
//! - [`describe`]: changes and numbers in words.
//!
//! The server and the CLI only translate HTTP and arguments into these calls;
//! the permission a role needs for an edit is [`Desk::required_action`].

pub mod describe;
pub mod desk;
mod error;
pub mod events;
pub mod grid;
pub mod target;

pub use desk::{
    CellChange, Desk, Edit, EditMeta, LogEntry, PlanInputs, REASON_CODES, SpreadChoice,
    current_dataset, cycle_log, demand_layer,
};
pub use error::{EditProblem, PlanningError};
pub use events::{EventInfo, EventSpec};
pub use grid::{Chart, Grid, GridColumn, GridFigure, GridNode, GridQuery, GridRow, chart, grid};
