//! The demo company: a deterministic, seeded generator of a plausible manufacturer.
//!
//! *Alpenglow Outdoor Equipment GmbH* makes outdoor gear in two plants (Freiburg:
//! tents, poles and snowshoes; Wrocław: sleeping bags, mats and backpacks) and sells
//! it from three distribution centres (Kassel, Lyon, Jönköping) to retail chains,
//! specialist stores, marketplaces, its own web shops and export distributors.
//! All money is in EUR.
//!
//! [`generate`] builds a complete [`Dataset`] that passes the importer's rules
//! (docs/data-format.md):
//!
//! - a product hierarchy of four sellable families (tents, sleeping, backpacks,
//!   snowshoes & poles) with sub-families, plus materials and semi-finished goods;
//! - 46 finished items with prices and standard costs rolled up through two- and
//!   three-level bills of materials (finished → sub-assembly → purchased component),
//!   shared components and scrap on some lines; margins are 30–42%;
//! - seven resources with routings for every made item, sized so the expected plan
//!   loads them at 60–90% on average, with per-month capacity overrides (December
//!   holidays, an extra shift in the peak, one shift fewer in the low season),
//!   except the tent assembly line, which is left overloaded in early summer;
//! - ten suppliers (two items dual-sourced), lanes from both plants to every DC
//!   and between the plants;
//! - thirteen customers in a channel hierarchy, and sales history at the DCs with
//!   trend, family-specific seasonality (camping summers, snowy winters), retail
//!   promotions with a post-promotion dip, intermittent slow movers and recently
//!   launched items;
//! - stock on hand, open purchase, production and transfer orders, safety stocks,
//!   and a budget a few percent above the trend.
//!
//! At a glance (default config):
//!
//! | what | codes |
//! |---|---|
//! | top families | `TENT`, `SLEEP`, `PACK`, `SNOW` (sellable); `SEMI`, `MAT` (made and bought parts) |
//! | plants | `P-FRE` Freiburg, `P-WRO` Wrocław |
//! | DCs | `DC-KAS` Kassel, `DC-LYO` Lyon, `DC-JKG` Jönköping |
//! | resources | `R-COAT`, `R-TUBE`, `R-TENT` (overloaded May–July), `R-WINT` at Freiburg; `R-QUILT`, `R-FOAM`, `R-SEW` at Wrocław |
//! | channels | `RETAIL`, `ECOM`, `DIST`, each with sub-channels |
//! | slow movers | `T-SPARE-POLE`, `S-DOWN-XL`, `B-TREK-85`, `W-SPARE-BASKET` |
//! | recent launches | `T-DOME-2UL`, `M-AIR-L`, `B-TREK-W50` |
//!
//! About 3,400 sales rows a year, 88 items (46 finished, 8 sub-assemblies, 34
//! purchased), 322 BOM lines; generation takes about ten milliseconds (release build).
//!
//! The same [`DemoConfig`] always gives the same dataset; a different seed moves
//! the numbers (prices, growth, sales, stock) but never the structure. Each concern
//! (prices, demand model, sales, stock, budget) draws from its own ChaCha8 stream.
//!
//! ```
//! use fulcrum_demo::{DemoConfig, generate};
//!
//! let config = DemoConfig::default();
//! let dataset = generate(&config);
//! assert_eq!(dataset.settings.currency, "EUR");
//! assert_eq!(dataset.calendar().history_len(), 36);
//! assert_eq!(dataset, generate(&config));
//!
//! let other = generate(&DemoConfig { seed: 7, ..DemoConfig::default() });
//! assert_eq!(other.items.len(), dataset.items.len());
//! assert_ne!(other.sales, dataset.sales);
//! ```

mod catalogue;
mod generator;
mod random;
mod scale;

pub use scale::{generate_scaled, item_locations, replicate};

use fulcrum_core::{Dataset, YearMonth};

/// What to generate: the seed and the calendar of the demo company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of the random streams; the same seed gives the same dataset.
    pub seed: u64,
    /// First bucket of the planning horizon.
    pub plan_start: YearMonth,
    /// Months of sales history before `plan_start` (at most 120).
    pub history_buckets: usize,
    /// Months in the planning horizon (18 to 36).
    pub horizon_buckets: usize,
}

impl Default for DemoConfig {
    /// Seed 42, plan starting January 2026, 36 months of history, 24 of horizon.
    fn default() -> Self {
        DemoConfig {
            seed: 42,
            plan_start: YearMonth {
                year: 2026,
                month: 1,
            },
            history_buckets: 36,
            horizon_buckets: 24,
        }
    }
}

/// Generates the demo company for `config`.
///
/// Deterministic: every random number comes from ChaCha8 streams seeded with
/// `config.seed`, and every table is sorted by its key.
///
/// # Panics
///
/// When the calendar is invalid: `horizon_buckets` outside 18..=36 or
/// `history_buckets` above 120.
pub fn generate(config: &DemoConfig) -> Dataset {
    generator::build(config)
}
