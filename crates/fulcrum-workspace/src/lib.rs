//! The engine of the collaborative planning workspace.
//!
//! - [`hierarchy`]: the planning combinations (leaves: item × location × customer)
//!   under three hierarchies, and [`NodeSelector`] to address any node.
//! - [`grain`]: months, quarters and years over the horizon ([`Period`]).
//! - [`layers`]: the demand plan as a stack (statistical, events, one adjustment
//!   layer per role, consensus) and the [`ConsensusRule`] that combines it.
//! - [`change`]: the typed, attributed, append-only change log ([`Change`]) and
//!   the [`CellDelta`]s each change produced.
//! - [`spread`]: a total typed at any node and period spread down to its cells.
//! - [`events`]: promotions, one-time events and launches as layers of their own.
//! - [`workspace`]: [`Workspace::apply`], [`replay`], and aggregation.
//!
//! The plan is a pure function of (input, changes): no I/O, no clock, no serde.
//! Storage, HTTP and the grid sit on top and only ever append changes.
//!
//! ```
//! use fulcrum_core::{Calendar, Customer, Dataset, HierarchyNode, Item, ItemType, Location,
//!     LocationKind, SalesRecord, Settings, StandardCost, YearMonth};
//! use fulcrum_workspace::{Change, ChangeKind, DemandBase, Layer, NodeSelector, Period,
//!     PlanningHierarchy, Spread, Workspace, WorkspaceConfig};
//!
//! let calendar = Calendar::monthly(YearMonth::new(2026, 1).unwrap(), 12, 24).unwrap();
//! let mut data = Dataset::empty(Settings {
//!     company: "Demo".into(), currency: "EUR".into(), calendar });
//! let node = |code: &str, parent: Option<&str>| HierarchyNode {
//!     code: code.into(), name: code.into(), parent: parent.map(String::from) };
//! data.families = vec![node("ALL", None), node("BIKES", Some("ALL"))];
//! data.regions = vec![node("EU", None)];
//! data.channels = vec![node("RETAIL", None)];
//! for code in ["B1", "B2"] {
//!     data.items.push(Item { code: code.into(), name: code.into(), family: "BIKES".into(),
//!         uom: "EA".into(), item_type: ItemType::Finished, price: 100.0,
//!         cost: StandardCost::default(), lead_time: 0, launch: None });
//!     data.sales.push(SalesRecord { item: code.into(), location: "DC".into(),
//!         customer: "SHOP".into(), bucket: "2025-06".into(), quantity: 5.0 });
//! }
//! data.locations.push(Location { code: "DC".into(), name: "DC".into(),
//!     kind: LocationKind::DistributionCentre, region: "EU".into() });
//! data.customers.push(Customer { code: "SHOP".into(), name: "Shop".into(),
//!     channel: "RETAIL".into() });
//!
//! let hierarchy = PlanningHierarchy::from_dataset(&data);
//! // statistical forecast: B1 sells 10 a month, B2 30
//! let base = DemandBase::from_fn(hierarchy, |leaf, _| [10.0, 30.0][leaf]).unwrap();
//! let mut workspace = Workspace::new(base, WorkspaceConfig::default()).unwrap();
//! // sales types 200 for the bikes family in the first quarter
//! workspace.apply(Change {
//!     id: 1, author: "ana".into(), at: "2026-01-05T09:00:00Z".into(),
//!     reason_code: "customer_intel".into(), comment: "big retailer order".into(),
//!     base_revision: 0,
//!     kind: ChangeKind::SetValue { layer: Layer::role("sales"),
//!         selector: NodeSelector::product("BIKES"), period: Period::quarter(0),
//!         value: 200.0, spread: Spread::default() },
//! }).unwrap();
//! let q1 = Period::quarter(0);
//! assert_eq!(workspace.value(&Layer::Consensus, &NodeSelector::product("BIKES"), q1).unwrap(), 200.0);
//! assert_eq!(workspace.value(&Layer::Consensus, &NodeSelector::product("B1"), q1).unwrap(), 50.0);
//! assert_eq!(workspace.revenue(&Layer::Consensus, &NodeSelector::all(), q1).unwrap(), 20_000.0);
//! ```

pub mod change;
pub mod events;
pub mod grain;
pub mod hierarchy;
pub mod layers;
mod revisions;
pub mod spread;
pub mod workspace;

pub use change::{
    AppliedChange, CellDelta, CellLayer, Change, ChangeKind, EventSlot, HistoryEntry,
};
pub use events::{Event, EventKind, Launch, OneTime, Promotion, Quantity};
pub use grain::{Grain, Period};
pub use hierarchy::{LeafId, NodeSelector, PlanningHierarchy};
pub use layers::{Combine, ConsensusRule, Layer, RoleId, WorkspaceConfig};
pub use spread::{Basis, Spread};
pub use workspace::{DemandBase, Workspace, WorkspaceError, replay};
