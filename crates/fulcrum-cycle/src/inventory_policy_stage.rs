//! Stage 3: safety stock per item and location.
//!
//! A buffer's safety stock is, in order of precedence:
//! 1. the fixed `safety_stock` of its `inventory_policy` row, when given;
//! 2. the row's `cover_periods` (days of cover, in buckets): the forecast demand of the
//!    next `cover_periods` horizon buckets
//!    (`fulcrum_supply::inventory_policy::quantity_for_cover`, a fraction of a bucket
//!    counting as that share of its demand; a cover past the horizon stops at its end),
//!    rounded up to a whole unit. A buffer without a forecast (dependent demand only)
//!    has no forward demand known at this stage and holds 0;
//! 3. nothing (0) for a buffer that cannot be replenished;
//! 4. for a buffer with a forecast (independent demand), a statistical safety stock
//!    against the *protection interval*, the response lead time `L` (there is no review
//!    period: MRP nets every bucket, so the interval is the lead time alone), with
//!    - `D` the mean forecast per bucket over the first `L` horizon buckets;
//!    - `σ_D` the standard deviation of the one-step forecast error of the chosen model
//!      (`sigma_h[0]` of the forecast engine). When the method gives none (the seasonal
//!      naive baseline), it is the root mean square of the seasonal naive's own errors
//!      over the history (`y_t − y_{t−m}`);
//!    - `L` the *response lead time* (`fulcrum_supply::mrp::response_lead_times`): for a
//!      distribution centre, the lane's transit time **plus** the production lead time
//!      at the plant behind it. The plant buffer carries no safety stock of its own and
//!      plans lot-for-lot behind the DC, so a forecast error at the DC can only be
//!      answered after both; the DC buffer therefore protects the whole chain (an echelon
//!      view). A plant buffer with demand uses its production lead time, a purchased item
//!      its supplier's;
//!    - `s_L` the standard deviation of that lead time: the supplier's `lead_time_sd` for
//!      a purchase, the lane's for a transfer (the production lead time behind a lane is
//!      taken as fixed, so the lane's `s_L` is the whole variability), 0 for production;
//!    - `σ_P = sqrt(L·σ_D² + D²·s_L²)`, the standard deviation of demand over the
//!      protection interval (Chopra & Meindl, 6th ed., §12.4, the impact of supply
//!      uncertainty; Silver, Pyke & Thomas, 4th ed., ch. 6);
//!    - the service target: the row's `fill_rate` when given, else its `service_level`
//!      (a cycle service level, `CSL`), else a CSL of 95%.
//!
//!    For a buffer whose history the forecast classifies as **intermittent or lumpy**
//!    (and which has sold at all: a series with no sales is not a slow mover but new),
//!    demand over the protection interval is discrete with mean `μ = L·D` and variance
//!    `σ_P²`: Poisson when `σ_P² ≤ μ`, negative binomial fitted by moments otherwise
//!    (Silver, Pyke & Thomas, 4th ed., ch. 6–7; `inventory_policy::discrete_reorder_point`).
//!    The reorder point `s` is the smallest whole stock meeting the target
//!    (`P(X ≤ s) ≥ CSL`, or `E[(X − s)⁺] ≤ (1 − fill rate)·Q`), and the safety stock
//!    is `s − μ`, rounded up to a whole unit and not below 0.
//!
//!    Any other buffer is taken as normal (`inventory_policy::normal_safety_stock`):
//!    `ss = k·σ_P`, rounded up to a whole unit, with `k = Φ⁻¹(CSL)` for a cycle service
//!    level (Chopra & Meindl, ch. 12), or for a fill rate the `k` solving
//!    `σ_P·G(k) = (1 − fill rate)·Q`, `G` the standard normal loss function (Chopra &
//!    Meindl, ch. 12; Silver, Pyke & Thomas, ch. 6).
//!
//!    `Q`, the quantity replenished per cycle that a fill rate is measured against, is
//!    the buffer's expected lot: one bucket of demand `D` under lot-for-lot (MRP orders
//!    every bucket's net requirement, so a cycle is one bucket); the `lot_size` of a
//!    fixed rule; for EOQ and the dynamic rules (POQ, part-period, Silver–Meal,
//!    Wagner–Whitin), the EOQ `sqrt(2·D·S/H)` from the row's order cost `S` and the
//!    holding cost `H` per bucket (`supply_stage::lot_policies`), lot-for-lot when
//!    either is 0. A lot never counts as less than one bucket of demand: MRP nets whole
//!    buckets, so smaller lots arrive together;
//! 5. otherwise (no forecast) zero.
//!
//! The reorder point (mean demand over the lead time plus the safety stock) and how it
//! was reached — normal or which discrete distribution, which target — are kept in each
//! buffer's [`SafetyStockBasis`], for explanation ([`SafetyStockBasis::describe`]).

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, InventoryPolicy, LotRule, SafetyStockRecord};
use fulcrum_forecast::DemandClass;
use fulcrum_supply::inventory_policy::{
    DemandPerPeriod, EoqInput, LeadTime, SafetyStockInput, ServiceTarget, SlowMoverDemand,
    discrete_reorder_point, economic_order_quantity, normal_safety_stock, quantity_for_cover,
};
use fulcrum_supply::mrp::{BufferKey, LotPolicy, ResponseLeadTime, response_lead_times};

use crate::forecast_stage::{CombinationForecast, ForecastOutput};
use crate::supply_stage::lot_policies;

/// Safety stock per (item, location).
pub type SafetyStock = BTreeMap<BufferKey, f64>;

/// The target cycle service level when a policy row gives none.
pub const DEFAULT_SERVICE_LEVEL: f64 = 0.95;

/// The service a statistical safety stock is set for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ServiceGoal {
    /// Probability of no stock-out in a replenishment cycle.
    CycleServiceLevel(f64),
    /// Share of demand met from stock.
    FillRate {
        /// Target fill rate.
        fill_rate: f64,
        /// Expected lot `Q` the shortage per cycle is measured against.
        lot: f64,
    },
}

impl ServiceGoal {
    fn target(self) -> ServiceTarget {
        match self {
            ServiceGoal::CycleServiceLevel(csl) => ServiceTarget::CycleServiceLevel(csl),
            ServiceGoal::FillRate { fill_rate, lot } => ServiceTarget::FillRate {
                fill_rate,
                replenishment_quantity: lot,
            },
        }
    }

    fn describe(self) -> String {
        match self {
            ServiceGoal::CycleServiceLevel(csl) => {
                format!("a {} cycle service level", percent(csl))
            }
            ServiceGoal::FillRate { fill_rate, lot } => {
                format!("a {} fill rate on lots of {lot:.1}", percent(fill_rate))
            }
        }
    }
}

/// The discrete distribution of a slow mover's demand over the protection interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlowMoverDistribution {
    /// Poisson: the variance does not exceed the mean.
    Poisson,
    /// Negative binomial fitted by moments: the variance exceeds the mean.
    NegativeBinomial,
}

/// Where a buffer's safety stock came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SafetyStockBasis {
    /// The fixed quantity of its policy row.
    Fixed,
    /// The forecast demand of the next `periods` buckets (its row's `cover_periods`).
    Cover {
        /// Buckets of forward demand held.
        periods: f64,
    },
    /// Normal demand over the protection interval: `k·σ_P`.
    Statistical {
        /// The service target.
        goal: ServiceGoal,
        /// Standard deviation of the one-step forecast error (`σ_D`).
        sigma: f64,
        /// Response lead time in buckets (`L`).
        lead_time: u32,
        /// Standard deviation of the lead time in buckets (`s_L`).
        lead_time_sd: f64,
        /// Standard deviation of demand over the lead time (`σ_P`).
        protection_sigma: f64,
        /// Safety factor `k`.
        safety_factor: f64,
        /// Mean forecast over the lead time plus the safety stock.
        reorder_point: f64,
    },
    /// A slow mover (intermittent or lumpy demand) with discrete demand over the
    /// protection interval.
    SlowMover {
        /// Poisson or negative binomial.
        distribution: SlowMoverDistribution,
        /// The service target.
        goal: ServiceGoal,
        /// Mean demand over the lead time (`μ`).
        mean: f64,
        /// Variance of demand over the lead time (`σ_P²`).
        variance: f64,
        /// Response lead time in buckets.
        lead_time: u32,
        /// Smallest whole stock meeting the target.
        reorder_point: u64,
    },
    /// Nothing to protect against: σ_D = 0 and s_L = 0, a lead time of 0, or no
    /// demand expected over the lead time.
    NoUncertainty,
    /// The buffer cannot be replenished, so it holds no safety stock.
    Unsourced,
}

impl SafetyStockBasis {
    /// The short code of the basis, as stored with a plan
    /// ([`fulcrum_core::SafetyStockRecord::basis`]).
    pub fn code(&self) -> &'static str {
        match self {
            SafetyStockBasis::Fixed => "fixed",
            SafetyStockBasis::Cover { .. } => "cover",
            SafetyStockBasis::Statistical {
                goal: ServiceGoal::CycleServiceLevel(_),
                ..
            } => "normal_csl",
            SafetyStockBasis::Statistical {
                goal: ServiceGoal::FillRate { .. },
                ..
            } => "normal_fill_rate",
            SafetyStockBasis::SlowMover {
                distribution: SlowMoverDistribution::Poisson,
                ..
            } => "poisson",
            SafetyStockBasis::SlowMover {
                distribution: SlowMoverDistribution::NegativeBinomial,
                ..
            } => "negative_binomial",
            SafetyStockBasis::NoUncertainty => "no_uncertainty",
            SafetyStockBasis::Unsourced => "unsourced",
        }
    }

    /// How the safety stock was set, in plain words for explanations and reports.
    pub fn describe(&self) -> String {
        match *self {
            SafetyStockBasis::Fixed => "fixed in the inventory policy".to_string(),
            SafetyStockBasis::Cover { periods } => format!(
                "{periods} bucket{} of forward demand (cover_periods)",
                if periods == 1.0 { "" } else { "s" }
            ),
            SafetyStockBasis::Statistical {
                goal,
                sigma,
                lead_time,
                lead_time_sd,
                protection_sigma,
                safety_factor,
                reorder_point,
            } => format!(
                "normal demand for {}: k = {safety_factor:.3} × σ {protection_sigma:.2} over a {lead_time}-bucket lead time (σ_D {sigma:.2}, s_L {lead_time_sd}); reorder point {reorder_point:.1}",
                goal.describe()
            ),
            SafetyStockBasis::SlowMover {
                distribution,
                goal,
                mean,
                variance,
                lead_time,
                reorder_point,
            } => format!(
                "slow mover, {} demand over a {lead_time}-bucket lead time (mean {mean:.2}, variance {variance:.2}) for {}: reorder point {reorder_point}",
                match distribution {
                    SlowMoverDistribution::Poisson => "Poisson",
                    SlowMoverDistribution::NegativeBinomial => "negative binomial",
                },
                goal.describe()
            ),
            SafetyStockBasis::NoUncertainty => "no uncertainty to protect against".to_string(),
            SafetyStockBasis::Unsourced => "cannot be replenished".to_string(),
        }
    }
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

impl PolicyOutput {
    /// Every buffer's safety stock with its basis code and explanation, and its item's
    /// standard cost, for the plan, sorted by (item, location) like
    /// [`PolicyOutput::buffers`].
    pub fn records(&self, dataset: &Dataset) -> Vec<SafetyStockRecord> {
        self.buffers
            .iter()
            .map(|buffer| SafetyStockRecord {
                item: buffer.item.clone(),
                location: buffer.location.clone(),
                safety_stock: buffer.safety_stock,
                unit_cost: dataset.item(&buffer.item).map_or(0.0, |item| {
                    item.cost.material + item.cost.labour + item.cost.overhead
                }),
                basis: buffer.basis.code().to_string(),
                explanation: buffer.basis.describe(),
            })
            .collect()
    }
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
    let lots = lot_policies(dataset);
    let season = dataset.calendar().granularity().buckets_per_year();
    let items: BTreeMap<&str, &fulcrum_core::Item> = dataset
        .items
        .iter()
        .map(|item| (item.code.as_str(), item))
        .collect();

    let mut buffers = Vec::with_capacity(keys.len());
    for (key, lead_time) in keys.into_iter().zip(lead_times) {
        let row = rows.get(&key).copied();
        let combination = forecast.combinations.get(&key);
        let (safety_stock, basis) = match (row, lead_time, combination) {
            (
                Some(InventoryPolicy {
                    safety_stock: Some(fixed),
                    ..
                }),
                _,
                _,
            ) => (*fixed, SafetyStockBasis::Fixed),
            (
                Some(InventoryPolicy {
                    cover_periods: Some(periods),
                    ..
                }),
                _,
                _,
            ) => (
                combination.map_or(0.0, |c| cover(&c.forecast, *periods)),
                SafetyStockBasis::Cover { periods: *periods },
            ),
            (_, None, _) => (0.0, SafetyStockBasis::Unsourced),
            (_, Some(_), None) => (0.0, SafetyStockBasis::NoUncertainty),
            (_, Some(lead_time), Some(combination)) => {
                statistical(combination, lead_time, row, lots.get(&key), season)
            }
        };
        // A discrete item's safety stock is held in whole units, rounded up.
        let discrete = items
            .get(key.0.as_str())
            .is_some_and(|item| item.is_discrete());
        buffers.push(BufferSafetyStock {
            item: key.0,
            location: key.1,
            safety_stock: if discrete {
                fulcrum_core::rounding::whole_up(safety_stock)
            } else {
                safety_stock
            },
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

/// The forecast demand of the next `periods` buckets, stopping at the horizon's end,
/// rounded up to a whole unit.
fn cover(forecast: &[f64], periods: f64) -> f64 {
    let demand: Vec<f64> = forecast.iter().map(|d| d.max(0.0)).collect();
    let periods = periods.min(demand.len() as f64);
    let quantity = quantity_for_cover(periods, &demand)
        .ok()
        .flatten()
        .unwrap_or(0.0);
    round_up_to_unit(quantity)
}

/// The expected quantity per replenishment `Q` a fill rate is measured against (see
/// the module doc): one bucket of demand `mean` under lot-for-lot, never less.
fn expected_lot(policy: Option<&LotPolicy>, mean: f64) -> f64 {
    let quantity = match policy {
        None => mean,
        Some(policy) => match policy.rule {
            LotRule::LotForLot => mean,
            LotRule::FixedQuantity => policy.lot_size,
            // Min/max orders up to the max from below the min: the max bounds the lot
            // from above (the min is the safety stock being computed).
            LotRule::MinMax => policy.lot_size,
            // The EOQ, which the dynamic rules approach on level demand; lot-for-lot
            // when there is no order or holding cost to trade off.
            _ => economic_order_quantity(&EoqInput {
                annual_demand: mean,
                order_cost: policy.order_cost,
                holding_cost_per_unit: policy.holding_cost,
            })
            .map_or(mean, |eoq| eoq.order_quantity),
        },
    };
    quantity.max(mean)
}

/// The statistical safety stock of one combination (see the module doc).
fn statistical(
    combination: &CombinationForecast,
    lead_time: ResponseLeadTime,
    row: Option<&InventoryPolicy>,
    lot: Option<&LotPolicy>,
    season: usize,
) -> (f64, SafetyStockBasis) {
    let sigma = one_step_sigma(combination, season);
    let periods = lead_time.mean as usize;
    let mean = if periods == 0 {
        0.0
    } else {
        (combination.forecast.iter().take(periods).sum::<f64>() / periods as f64).max(0.0)
    };
    let demand = DemandPerPeriod {
        mean,
        std_dev: sigma,
    };
    let goal = match row.and_then(|r| r.fill_rate) {
        Some(fill_rate) => ServiceGoal::FillRate {
            fill_rate,
            lot: expected_lot(lot, mean),
        },
        None => ServiceGoal::CycleServiceLevel(
            row.and_then(|r| r.service_level)
                .unwrap_or(DEFAULT_SERVICE_LEVEL),
        ),
    };
    if is_slow_mover(combination) {
        return slow_mover(demand, lead_time, goal);
    }
    let input = SafetyStockInput {
        demand,
        lead_time: LeadTime {
            mean_periods: f64::from(lead_time.mean),
            std_dev_periods: lead_time.std_dev,
        },
        review_period: 0.0,
        target: goal.target(),
    };
    match normal_safety_stock(&input) {
        Ok(policy) => {
            let safety_stock = round_up_to_unit(policy.safety_stock.max(0.0));
            (
                safety_stock,
                SafetyStockBasis::Statistical {
                    goal,
                    sigma,
                    lead_time: lead_time.mean,
                    lead_time_sd: lead_time.std_dev,
                    protection_sigma: policy.protection_demand_std_dev,
                    safety_factor: policy.safety_factor,
                    reorder_point: policy.protection_demand_mean + safety_stock,
                },
            )
        }
        // σ_P = 0 (or, for a fill rate, no demand to measure it on): nothing to protect against.
        Err(_) => (0.0, SafetyStockBasis::NoUncertainty),
    }
}

/// Intermittent or lumpy demand that has sold at least once (a series without sales
/// is classified intermittent but is a new item, not a slow mover).
fn is_slow_mover(combination: &CombinationForecast) -> bool {
    matches!(
        combination.demand_class,
        DemandClass::Intermittent | DemandClass::Lumpy
    ) && combination.history.iter().any(|&y| y > 0.0)
}

/// The safety stock of a slow mover from its discrete reorder point (see the module doc).
fn slow_mover(
    demand: DemandPerPeriod,
    lead_time: ResponseLeadTime,
    goal: ServiceGoal,
) -> (f64, SafetyStockBasis) {
    let periods = f64::from(lead_time.mean);
    let mean = demand.mean * periods;
    // σ_P² = L·σ_D² + D²·s_L², the square of `inventory_policy::protection_std_dev`.
    let variance = periods * demand.std_dev * demand.std_dev
        + demand.mean * demand.mean * lead_time.std_dev * lead_time.std_dev;
    let (distribution, input) = if variance <= mean {
        (
            SlowMoverDistribution::Poisson,
            SlowMoverDemand::Poisson { mean },
        )
    } else {
        (
            SlowMoverDistribution::NegativeBinomial,
            SlowMoverDemand::NegativeBinomial { mean, variance },
        )
    };
    match discrete_reorder_point(input, goal.target()) {
        Ok(point) => (
            round_up_to_unit((point.reorder_point as f64 - mean).max(0.0)),
            SafetyStockBasis::SlowMover {
                distribution,
                goal,
                mean,
                variance,
                lead_time: lead_time.mean,
                reorder_point: point.reorder_point,
            },
        ),
        // No demand over the lead time (μ = 0) or a lead time of 0.
        Err(_) => (0.0, SafetyStockBasis::NoUncertainty),
    }
}

/// A share as a percentage without needless digits: 0.95 → "95%", 0.975 → "97.5%".
fn percent(share: f64) -> String {
    let value = (share * 1000.0).round() / 10.0;
    format!("{value}%")
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
            demand_class: DemandClass::Smooth,
        }
    }

    fn fixed(mean: u32) -> ResponseLeadTime {
        ResponseLeadTime { mean, std_dev: 0.0 }
    }

    fn policy_row(service_level: f64) -> InventoryPolicy {
        InventoryPolicy {
            item: "A".into(),
            location: "D".into(),
            safety_stock: None,
            cover_periods: None,
            service_level: Some(service_level),
            fill_rate: None,
            lot_rule: None,
            lot_size: None,
            order_cost: None,
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
            let row = policy_row(csl);
            let (ss, basis) = statistical(&c, fixed(lead_time), Some(&row), None, 12);
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
        assert_eq!(statistical(&flat, fixed(2), None, None, 2).0, 0.0);
    }
}
