//! Fulcrum's supply planning engines.
//!
//! Every engine is a pure function over plain typed inputs; none does I/O or knows
//! serde, SQL or HTTP.
//!
//! * [`inventory_policy`]: safety stock, reorder point, EOQ, cover and min/max targets.
//! * [`aggregate`]: the cost-optimal aggregate plan (level, chase, mixed, optimal) with shadow prices.
//! * [`family_plan`]: the constrained plan of many families sharing resources (large LPs).
//! * [`deployment`]: what plants can actually ship to the locations they supply (fair share when short).
//! * [`capacity`]: rough-cut capacity: load, utilisation and explained overloads per resource and bucket.
//! * [`lp`]: the linear model behind the optimisers, its MPS export and its solvers.
//! * [`lot_sizing`]: lot-for-lot, fixed, min/multiple, EOQ, POQ, part-period, Silver–Meal, Wagner–Whitin.
//!
//! ```
//! use fulcrum_supply::inventory_policy::{economic_order_quantity, EoqInput};
//! let eoq = economic_order_quantity(&EoqInput {
//!     annual_demand: 1_000.0,
//!     order_cost: 10.0,
//!     holding_cost_per_unit: 0.5,
//! })
//! .unwrap();
//! assert_eq!(eoq.order_quantity, 200.0);
//! ```

pub mod aggregate;
pub mod capacity;
pub mod deployment;
pub mod distribution;
pub mod error;
pub mod family_plan;
pub mod inventory_policy;
pub mod lot_sizing;
pub mod lp;
pub mod mrp;

pub use error::SupplyError;
