//! Stage 3: safety stock per item and location.
//!
//! Today safety stock is the fixed quantity of `inventory_policy` rows; statistical
//! safety stock from forecast error and lead time replaces it later.

use std::collections::BTreeMap;

use fulcrum_core::Dataset;
use fulcrum_supply::mrp::BufferKey;

/// Safety stock per (item, location).
pub type SafetyStock = BTreeMap<BufferKey, f64>;

/// Reads the fixed safety stock of every policy row.
pub fn run(dataset: &Dataset) -> SafetyStock {
    dataset
        .inventory_policy
        .iter()
        .map(|row| ((row.item.clone(), row.location.clone()), row.safety_stock))
        .collect()
}
