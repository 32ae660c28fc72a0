//! Stage 3: safety stock per item and location.
//!
//! A buffer's safety stock is, in order of precedence:
//! 1. the fixed `safety_stock` of its `inventory_policy` row, when given;
//! 2. for a buffer with a forecast (independent demand), the statistical safety stock of
//!    `fulcrum_supply::inventory_policy::normal_safety_stock` (Chopra & Meindl, 6th ed.,
//!    §12.3; Silver, Pyke & Thomas, 4th ed., §6.7): `ss = Φ⁻¹(CSL)·σ_D·√L`, rounded up to
//!    a whole unit, where
//!    - `CSL` is the row's `service_level`, or 95% by default;
//!    - `σ_D` is the standard deviation of the one-step forecast error of the chosen
//!      model (`sigma_h[0]` of the forecast engine). When the method gives none (the
//!      seasonal naive baseline), it is the root mean square of the seasonal naive's own
//!      errors over the history (`y_t − y_{t−m}`);
//!    - `L` is the *response lead time* (`fulcrum_supply::mrp::response_lead_times`): for a
//!      distribution centre, the lane's transit time **plus** the production lead time
//!      at the plant behind it. The plant buffer carries no safety stock of its own
//!      and plans lot-for-lot behind the DC, so a forecast error at the DC can only be
//!      answered after both; the DC buffer therefore protects the whole chain (an
//!      echelon view). A plant buffer with demand uses its production lead time, a
//!      purchased item its supplier's. Lead times are taken as fixed (`s_L = 0`): the
//!      dataset holds no lead-time variability;
//!    - there is no review period: MRP nets every bucket, so the protection interval is
//!      the lead time alone;
//! 3. otherwise zero.
//!
//! The reorder point `D·L + ss` (with `D` the mean forecast over the first `L` buckets)
//! is kept with each statistical policy, for explanation.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, InventoryPolicy};
use fulcrum_supply::inventory_policy::{
    DemandPerPeriod, LeadTime, SafetyStockInput, ServiceTarget, normal_safety_stock,
};
use fulcrum_supply::mrp::{BufferKey, response_lead_times};

use crate::forecast_stage::{CombinationForecast, ForecastOutput};

/// Safety stock per (item, location).
pub type SafetyStock = BTreeMap<BufferKey, f64>;

/// The target cycle service level when a policy row gives none.
pub const DEFAULT_SERVICE_LEVEL: f64 = 0.95;

/// Where a buffer's safety stock came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SafetyStockBasis {
    /// The fixed quantity of its policy row.
    Fixed,
    /// `Φ⁻¹(CSL)·σ_D·√L`.
    Statistical {
        /// Target cycle service level.
        service_level: f64,
        /// Standard deviation of the one-step forecast error.
        sigma: f64,
        /// Response lead time in buckets.
        lead_time: u32,
        /// Mean forecast over the lead time plus the safety stock.
        reorder_point: f64,
    },
    /// A forecast without error to protect against (σ = 0), or a lead time of 0.
    NoUncertainty,
    /// The buffer cannot be replenished, so it holds no safety stock.
    Unsourced,
}

/// The safety stock of one buffer and its basis.
#[derive(Debug, Clone, PartialEq)]
pub struct BufferSafetyStock {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Safety stock, in units.
    pub safety_stock: f64,
    /// How it was set.
    pub basis: SafetyStockBasis,
}

/// The stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyOutput {
    /// One entry per buffer with a policy row or a forecast, sorted by (item, location).
    pub buffers: Vec<BufferSafetyStock>,
    /// Safety stock per (item, location), for MRP.
    pub safety_stock: SafetyStock,
}

/// Sets the safety stock of every buffer with a policy row or a forecast.
pub fn run(dataset: &Dataset, forecast: &ForecastOutput) -> PolicyOutput {
    let rows: BTreeMap<BufferKey, &InventoryPolicy> = dataset
        .inventory_policy
        .iter()
        .map(|row| ((row.item.clone(), row.location.clone()), row))
        .collect();
    let mut keys: Vec<BufferKey> = rows.keys().cloned().collect();
    keys.extend(forecast.combinations.keys().cloned());
    keys.sort();
    keys.dedup();
    let lead_times = response_lead_times(dataset, &keys);
    let season = dataset.calendar().granularity().buckets_per_year();

    let mut buffers = Vec::with_capacity(keys.len());
    for (key, lead_time) in keys.into_iter().zip(lead_times) {
        let row = rows.get(&key);
        let (safety_stock, basis) = match (row.and_then(|r| r.safety_stock), lead_time) {
            (Some(fixed), _) => (fixed, SafetyStockBasis::Fixed),
            (None, None) => (0.0, SafetyStockBasis::Unsourced),
            (None, Some(lead_time)) => {
                let service_level = row
                    .and_then(|r| r.service_level)
                    .unwrap_or(DEFAULT_SERVICE_LEVEL);
                match forecast.combinations.get(&key) {
                    Some(combination) => statistical(combination, lead_time, service_level, season),
                    None => (0.0, SafetyStockBasis::NoUncertainty),
                }
            }
        };
        buffers.push(BufferSafetyStock {
            item: key.0,
            location: key.1,
            safety_stock,
            basis,
        });
    }
    let safety_stock = buffers
        .iter()
        .map(|b| ((b.item.clone(), b.location.clone()), b.safety_stock))
        .collect();
    PolicyOutput {
        buffers,
        safety_stock,
    }
}

/// The statistical safety stock of one combination (see the module doc).
fn statistical(
    combination: &CombinationForecast,
    lead_time: u32,
    service_level: f64,
    season: usize,
) -> (f64, SafetyStockBasis) {
    let sigma = one_step_sigma(combination, season);
    let periods = lead_time as usize;
    let mean = if periods == 0 {
        0.0
    } else {
        combination.forecast.iter().take(periods).sum::<f64>() / periods as f64
    };
    let input = SafetyStockInput {
        demand: DemandPerPeriod {
            mean: mean.max(0.0),
            std_dev: sigma,
        },
        lead_time: LeadTime {
            mean_periods: f64::from(lead_time),
            std_dev_periods: 0.0,
        },
        review_period: 0.0,
        target: ServiceTarget::CycleServiceLevel(service_level),
    };
    match normal_safety_stock(&input) {
        Ok(policy) => {
            let safety_stock = round_up_to_unit(policy.safety_stock.max(0.0));
            (
                safety_stock,
                SafetyStockBasis::Statistical {
                    service_level,
                    sigma,
                    lead_time,
                    reorder_point: policy.protection_demand_mean + safety_stock,
                },
            )
        }
        // σ = 0 or L = 0: nothing to protect against.
        Err(_) => (0.0, SafetyStockBasis::NoUncertainty),
    }
}

/// Rounds up to a whole unit, ignoring float noise below a millionth.
fn round_up_to_unit(quantity: f64) -> f64 {
    (quantity - 1e-6).ceil().max(0.0)
}

/// `sigma_h[0]` when the forecast gives it, else the RMS of the seasonal naive's
/// errors over the history; 0 when neither is available.
fn one_step_sigma(combination: &CombinationForecast, season: usize) -> f64 {
    if let Some(&sigma) = combination.sigma_h.first()
        && sigma.is_finite()
        && sigma >= 0.0
    {
        return sigma;
    }
    let history = &combination.history;
    if season == 0 || history.len() <= season {
        return 0.0;
    }
    let errors: Vec<f64> = (season..history.len())
        .map(|t| history[t] - history[t - season])
        .collect();
    (errors.iter().map(|e| e * e).sum::<f64>() / errors.len() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn combination(
        history: Vec<f64>,
        forecast: Vec<f64>,
        sigma_h: Vec<f64>,
    ) -> CombinationForecast {
        CombinationForecast {
            history,
            forecast,
            sigma_h,
        }
    }

    /// First case: Chopra & Meindl (6th ed.), Example 12-3: weekly demand D = 2,500,
    /// σ_D = 500, L = 2 weeks, CSL = 0.90 → σ_L = √2·500 = 707, ss = Φ⁻¹(0.90)·707 = 906
    /// in the book (906.2 unrounded), rounded up here to a whole unit, 907.
    #[test]
    fn statistical_safety_stock_follows_the_textbook_formula() {
        let cases = [
            // (σ_D, L, CSL, expected safety stock, expected reorder point)
            (500.0, 2, 0.90, 907.0, 2.0 * 2_500.0 + 907.0),
            // Φ⁻¹(0.95) = 1.6449; 10·√1·1.6449 = 16.45 → 17.
            (10.0, 1, 0.95, 17.0, 2_500.0 + 17.0),
            // Φ⁻¹(0.98) = 2.0537; 4·√3·2.0537 = 14.23 → 15.
            (4.0, 3, 0.98, 15.0, 3.0 * 2_500.0 + 15.0),
        ];
        for (sigma, lead_time, csl, expected, reorder) in cases {
            let c = combination(Vec::new(), vec![2_500.0; 6], vec![sigma; 6]);
            let (ss, basis) = statistical(&c, lead_time, csl, 12);
            assert_eq!(ss, expected, "σ {sigma} L {lead_time} CSL {csl}");
            let SafetyStockBasis::Statistical { reorder_point, .. } = basis else {
                panic!("not statistical: {basis:?}");
            };
            assert_eq!(reorder_point, reorder);
        }
    }

    #[test]
    fn without_a_model_sigma_the_seasonal_naive_errors_are_used() {
        // Season 2: errors 12 − 10 = 2 and 8 − 10 = −2 → RMS 2.
        let c = combination(vec![10.0, 10.0, 12.0, 8.0], vec![10.0; 3], Vec::new());
        assert_eq!(one_step_sigma(&c, 2), 2.0);
        // No error to protect against gives no safety stock.
        let flat = combination(vec![5.0; 4], vec![5.0; 3], Vec::new());
        assert_eq!(statistical(&flat, 2, 0.95, 2).0, 0.0);
    }
}
