//! Which change last wrote each cell, per cell set, for optimistic versioning.
//!
//! Two planners conflict only when they write the same cells of the same set:
//! a sales planner and a marketing planner may type into the same item and
//! month at once (each in their own layer) without either being refused. A
//! lock or unlock is checked against every set, since it freezes whatever
//! value the cell shows.

use std::collections::BTreeMap;

use crate::change::CellLayer;
use crate::layers::RoleId;

/// A set of cells that is versioned on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum CellSet {
    /// A role's adjustment layer.
    Role(RoleId),
    /// The lock flags.
    Locks,
    /// Every event's effect.
    Events,
}

impl From<CellLayer> for CellSet {
    fn from(layer: CellLayer) -> Self {
        match layer {
            CellLayer::Role(role) => CellSet::Role(role),
            CellLayer::Lock => CellSet::Locks,
            CellLayer::Event(_) => CellSet::Events,
        }
    }
}

/// The newest change id that wrote each cell of each set (0: none yet).
/// A set's vector is allocated when it is first written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CellRevisions {
    n_cells: usize,
    sets: BTreeMap<CellSet, Vec<u64>>,
}

impl CellRevisions {
    /// No cell written yet, of `n_cells` cells per set.
    pub(crate) fn new(n_cells: usize) -> Self {
        CellRevisions {
            n_cells,
            sets: BTreeMap::new(),
        }
    }

    /// The change that last wrote `cell` of `set` (0: none).
    pub(crate) fn of(&self, set: CellSet, cell: usize) -> u64 {
        self.sets.get(&set).map_or(0, |revisions| revisions[cell])
    }

    /// The newest change that wrote `cell` in any set.
    pub(crate) fn any(&self, cell: usize) -> u64 {
        self.sets
            .values()
            .map(|revisions| revisions[cell])
            .max()
            .unwrap_or(0)
    }

    /// Records that change `id` wrote `cell` of `set`.
    pub(crate) fn record(&mut self, set: CellSet, cell: usize, id: u64) {
        let n_cells = self.n_cells;
        self.sets.entry(set).or_insert_with(|| vec![0; n_cells])[cell] = id;
    }
}
