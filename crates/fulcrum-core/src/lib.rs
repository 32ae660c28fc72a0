//! Fulcrum's planning data model.
//!
//! - [`Calendar`]: the timeline of buckets, history then horizon.
//! - [`Dataset`]: every input of a cycle: [`Settings`], master data ([`Item`],
//!   [`Location`], [`Resource`], [`BomLine`], ...), state ([`OnHand`],
//!   [`OpenOrder`]), history ([`SalesRecord`]) and the budget ([`BudgetLine`]).
//! - [`Plan`]: what a cycle produces: key-figure [`Series`], [`PlannedOrder`]s,
//!   [`Kpi`]s, [`ForecastModelRecord`]s and [`Exception`]s.
//!
//! This crate does no I/O and knows nothing of files, SQL, HTTP or serde.
//!
//! ```
//! use fulcrum_core::{Calendar, YearMonth};
//! let calendar = Calendar::monthly(YearMonth::new(2026, 1).unwrap(), 36, 24).unwrap();
//! assert_eq!(calendar.label(calendar.horizon().start), "2026-01");
//! assert_eq!(calendar.parse_bucket("2025-12"), Ok(35));
//! ```

pub mod calendar;
pub mod dataset;
pub mod master;
pub mod plan;
pub mod rounding;
pub mod state;

pub use calendar::{BucketError, BucketIdx, Calendar, CalendarError, Granularity, YearMonth};
pub use dataset::{Dataset, Settings};
pub use master::{
    BomLine, Customer, DISCRETE_UNITS_OF_MEASURE, HierarchyNode, Item, ItemType, Lane, Location,
    LocationKind, Resource, ResourceCapacity, Routing, StandardCost, Supplier, SupplierItem,
    UNITS_OF_MEASURE, is_discrete_uom,
};
pub use plan::{
    Exception, ForecastAccuracy, ForecastModelRecord, KeyFigure, Kpi, KpiUnit, Peg, Plan,
    PlannedOrder, SafetyStockRecord, Series, SeriesKey, Severity, is_overloaded,
    shortage_tolerance,
};
pub use state::{
    BudgetLine, ConsensusCombine, ConsensusRuleRow, DEMAND_ROLES, FixedKind, InventoryPolicy,
    LotRule, OnHand, OpenOrder, OrderKind, PlanFix, SalesRecord,
};
