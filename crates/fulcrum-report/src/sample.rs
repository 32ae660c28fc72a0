//! A deterministic sample plan for previews, examples and tests.
//!
//! [`sample_plan`] builds a plausible bicycle maker's plan with every series
//! the report draws (company totals, families, resources, a few
//! item-locations), KPIs, forecast models and exceptions. It uses a fixed
//! pseudo-random sequence, so it is the same on every call and machine.
//!
//! ```
//! let plan = fulcrum_report::sample::sample_plan();
//! assert_eq!(plan, fulcrum_report::sample::sample_plan());
//! assert!(!plan.kpis.is_empty());
//! ```

use std::f64::consts::PI;

use fulcrum_core::{
    Calendar, Exception, ForecastAccuracy, ForecastModelRecord, KeyFigure, Kpi, KpiUnit, Plan,
    SafetyStockRecord, Series, SeriesKey, Severity, YearMonth,
};

/// A safety-stock record as the cycle would explain it: a slow mover (intermittent
/// class) on a Poisson reorder point, every other buffer on normal demand at a 95%
/// cycle service level over a two-month lead time.
fn sample_safety_stock(item: &str, location: &str, target: f64, class: &str) -> SafetyStockRecord {
    let (basis, explanation) = if class == "intermittent" {
        let mean = (target / 2.0).round();
        (
            "poisson",
            format!(
                "slow mover, Poisson demand over a 2-bucket lead time (mean {mean:.2}, \
                 variance {mean:.2}) for a 95% cycle service level: reorder point {}",
                mean + target
            ),
        )
    } else {
        let sigma = target / 1.645;
        (
            "normal_csl",
            format!(
                "normal demand for a 95% cycle service level: k = 1.645 × σ {sigma:.2} over a \
                 2-bucket lead time (σ_D {:.2}, s_L 0); reorder point {:.1}",
                sigma / std::f64::consts::SQRT_2,
                4.0 * target
            ),
        )
    };
    SafetyStockRecord {
        item: item.to_string(),
        location: location.to_string(),
        safety_stock: target,
        unit_cost: 25.0,
        basis: basis.to_string(),
        explanation,
    }
}

/// A tiny deterministic generator (xorshift64*), enough for plausible noise.
struct Noise(u64);

impl Noise {
    /// A value in `1 - spread ..= 1 + spread`.
    fn factor(&mut self, spread: f64) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let unit = (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
        1.0 + spread * (2.0 * unit - 1.0)
    }
}

/// One product family of the sample company.
struct Family {
    code: &'static str,
    base: f64,
    growth: f64,
    season: f64,
    price: f64,
    margin: f64,
    hours: [f64; 3],
}

const FAMILIES: [Family; 4] = [
    Family {
        code: "CITY",
        base: 2400.0,
        growth: 0.004,
        season: 0.22,
        price: 520.0,
        margin: 0.34,
        hours: [0.9, 0.4, 0.3],
    },
    Family {
        code: "E-BIKE",
        base: 900.0,
        growth: 0.018,
        season: 0.18,
        price: 2350.0,
        margin: 0.29,
        hours: [1.6, 0.5, 0.9],
    },
    Family {
        code: "MTB",
        base: 1500.0,
        growth: 0.002,
        season: 0.35,
        price: 980.0,
        margin: 0.37,
        hours: [1.2, 0.6, 0.4],
    },
    Family {
        code: "ROAD",
        base: 700.0,
        growth: -0.003,
        season: 0.3,
        price: 1450.0,
        margin: 0.41,
        hours: [1.4, 0.7, 0.3],
    },
];

/// Resources: code, hours available per month, and which `Family::hours` entry loads it
/// (with a share of that family's volume).
const RESOURCES: [(&str, f64, usize, f64); 6] = [
    ("ASSY-1", 5200.0, 0, 0.55),
    ("ASSY-2", 4600.0, 0, 0.45),
    ("PAINT", 3900.0, 1, 1.0),
    ("WELD-A", 2300.0, 2, 0.6),
    ("WELD-B", 1800.0, 2, 0.4),
    ("WHEEL", 3900.0, 0, 0.3),
];

/// Seasonal index of calendar month `month` (1..=12): peaks in May.
fn season(month: u32, amplitude: f64) -> f64 {
    1.0 + amplitude * (2.0 * PI * (f64::from(month) - 2.0) / 12.0).sin()
}

fn push(series: &mut Vec<Series>, key: SeriesKey, first_bucket: usize, values: Vec<f64>) {
    series.push(Series {
        key,
        first_bucket,
        values,
    });
}

fn add(total: &mut [f64], values: &[f64]) {
    for (t, v) in total.iter_mut().zip(values) {
        *t += v;
    }
}

/// The sample plan: 36 months of history and a 24-month horizon from 2026-01.
pub fn sample_plan() -> Plan {
    let start = YearMonth {
        year: 2026,
        month: 1,
    };
    let calendar = match Calendar::monthly(start, 36, 24) {
        Ok(calendar) => calendar,
        Err(err) => unreachable!("the sample calendar is valid: {err}"),
    };
    let history = calendar.history();
    let horizon = calendar.horizon();
    let h0 = horizon.start;
    let mut noise = Noise(0x5eed_f00d_cafe_d00d);
    let mut series = Vec::new();
    let zeros = || vec![0.0; horizon.len()];
    let (mut demand_t, mut stat_t, mut revenue_t, mut margin_t, mut cogs_t) =
        (zeros(), zeros(), zeros(), zeros(), zeros());
    let (mut budget_rev_t, mut budget_vol_t, mut inv_value_t, mut purchase_t) =
        (zeros(), zeros(), zeros(), zeros());
    let mut sales_t = vec![0.0; history.len()];
    let mut supply_by_family: Vec<Vec<f64>> = Vec::new();
    let mut below_target = 0usize;
    let mut served = 0.0;
    for (f_idx, family) in FAMILIES.iter().enumerate() {
        let level = |idx: usize| {
            let month = calendar.month(idx).month;
            family.base * (1.0 + family.growth * idx as f64) * season(month, family.season)
        };
        let sales: Vec<f64> = history
            .clone()
            .map(|idx| (level(idx) * noise.factor(0.12)).round())
            .collect();
        let demand: Vec<f64> = horizon
            .clone()
            .map(|idx| (level(idx) * noise.factor(0.03)).round())
            .collect();
        let stat: Vec<f64> = demand
            .iter()
            .map(|d| (d * noise.factor(0.05) * 0.97).round())
            .collect();
        // Supply: a level plan over each quarter, short in E-BIKE's first peak.
        let supply: Vec<f64> = (0..demand.len())
            .map(|i| {
                let quarter = i / 3 * 3;
                let window = &demand[quarter..(quarter + 3).min(demand.len())];
                let mean = window.iter().sum::<f64>() / window.len() as f64;
                let squeeze = if family.code == "E-BIKE" && (2..6).contains(&i) {
                    0.8
                } else {
                    1.02
                };
                (mean * squeeze).round()
            })
            .collect();
        let safety: Vec<f64> = demand
            .iter()
            .map(|d| (0.45 * d / 10.0).round() * 10.0)
            .collect();
        let mut on_hand = 0.9 * demand[0];
        let inventory: Vec<f64> = demand
            .iter()
            .zip(&supply)
            .map(|(d, s)| {
                let available = on_hand + s;
                served += d.min(available.max(0.0));
                on_hand = (available - d).max(0.0);
                on_hand.round()
            })
            .collect();
        below_target += inventory.iter().zip(&safety).filter(|(i, s)| i < s).count();
        let revenue: Vec<f64> = demand.iter().map(|d| d * family.price).collect();
        let margin: Vec<f64> = revenue
            .iter()
            .map(|r| r * family.margin * noise.factor(0.04))
            .collect();
        let cogs: Vec<f64> = revenue.iter().zip(&margin).map(|(r, m)| r - m).collect();
        let budget_volume: Vec<f64> = horizon
            .clone()
            .map(|idx| (level(idx) * (1.04 + 0.02 * f_idx as f64)).round())
            .collect();
        let budget_revenue: Vec<f64> = budget_volume.iter().map(|v| v * family.price).collect();
        let unit_cost = family.price * (1.0 - family.margin);
        let inv_value: Vec<f64> = inventory.iter().map(|i| i * unit_cost).collect();
        let purchases: Vec<f64> = supply.iter().map(|s| s * unit_cost * 0.62).collect();
        let code = family.code;
        push(
            &mut series,
            SeriesKey::family(KeyFigure::SalesHistory, code),
            0,
            sales.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::ConsensusDemand, code),
            h0,
            demand.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::PlannedReceipts, code),
            h0,
            supply.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::ProjectedInventory, code),
            h0,
            inventory,
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::SafetyStock, code),
            h0,
            safety,
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::Revenue, code),
            h0,
            revenue.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::GrossMargin, code),
            h0,
            margin.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::BudgetRevenue, code),
            h0,
            budget_revenue.clone(),
        );
        push(
            &mut series,
            SeriesKey::family(KeyFigure::BudgetVolume, code),
            h0,
            budget_volume.clone(),
        );
        add(&mut sales_t, &sales);
        add(&mut demand_t, &demand);
        add(&mut stat_t, &stat);
        add(&mut revenue_t, &revenue);
        add(&mut margin_t, &margin);
        add(&mut cogs_t, &cogs);
        add(&mut budget_rev_t, &budget_revenue);
        add(&mut budget_vol_t, &budget_volume);
        add(&mut inv_value_t, &inv_value);
        add(&mut purchase_t, &purchases);
        supply_by_family.push(supply);
    }
    let totals = [
        (KeyFigure::ConsensusDemand, &demand_t),
        (KeyFigure::StatisticalForecast, &stat_t),
        (KeyFigure::Revenue, &revenue_t),
        (KeyFigure::CostOfGoods, &cogs_t),
        (KeyFigure::GrossMargin, &margin_t),
        (KeyFigure::InventoryValue, &inv_value_t),
        (KeyFigure::BudgetRevenue, &budget_rev_t),
        (KeyFigure::BudgetVolume, &budget_vol_t),
        (KeyFigure::PurchaseSpend, &purchase_t),
    ];
    for (figure, values) in totals {
        push(&mut series, SeriesKey::total(figure), h0, values.clone());
    }
    push(
        &mut series,
        SeriesKey::total(KeyFigure::SalesHistory),
        0,
        sales_t,
    );

    // Capacity.
    let mut exceptions = Vec::new();
    let mut overloaded = 0usize;
    let mut load_sum = 0.0;
    let mut available_sum = 0.0;
    for (code, hours, stage, share) in RESOURCES {
        let load: Vec<f64> = (0..horizon.len())
            .map(|i| {
                FAMILIES
                    .iter()
                    .zip(&supply_by_family)
                    .map(|(family, supply)| supply[i] * family.hours[stage] * share)
                    .sum::<f64>()
                    .round()
            })
            .collect();
        let available: Vec<f64> = horizon
            .clone()
            .map(|idx| {
                let month = calendar.month(idx).month;
                if month == 8 { hours * 0.6 } else { hours }
            })
            .collect();
        for (i, (l, a)) in load.iter().zip(&available).enumerate() {
            load_sum += l;
            available_sum += a;
            if l > a {
                overloaded += 1;
                exceptions.push(Exception {
                    severity: Severity::Critical,
                    code: "capacity_overload".to_string(),
                    message: format!(
                        "{code} needs {:.0} h in {} but only {:.0} h are available ({:.0}% load).",
                        l,
                        calendar.label(h0 + i),
                        a,
                        l / a * 100.0
                    ),
                    bucket: Some(h0 + i),
                });
            }
        }
        push(
            &mut series,
            SeriesKey::resource(KeyFigure::CapacityLoad, code),
            h0,
            load,
        );
        push(
            &mut series,
            SeriesKey::resource(KeyFigure::CapacityAvailable, code),
            h0,
            available,
        );
    }

    // A few item-locations with inventory and safety stock.
    let mut forecast_models = Vec::new();
    let mut safety_stocks = Vec::new();
    let methods = [
        ("seasonal_naive", "smooth"),
        ("holt_winters", "smooth"),
        ("croston", "intermittent"),
        ("ses", "erratic"),
    ];
    for item_no in 0..12usize {
        for location in ["DC-NORTH", "DC-SOUTH"] {
            let item = format!("{}-{:03}", FAMILIES[item_no % 4].code, 100 + item_no * 7);
            let target = (40.0 + 13.0 * item_no as f64).round();
            let mut level = target * 1.6;
            let inventory: Vec<f64> = (0..horizon.len())
                .map(|_| {
                    level = (level * noise.factor(0.22)).max(0.0).round();
                    level
                })
                .collect();
            push(
                &mut series,
                SeriesKey::item_location(KeyFigure::ProjectedInventory, &item, location),
                h0,
                inventory,
            );
            push(
                &mut series,
                SeriesKey::item_location(KeyFigure::SafetyStock, &item, location),
                h0,
                vec![target; horizon.len()],
            );
            let (method, class) = methods[(item_no + location.len()) % methods.len()];
            safety_stocks.push(sample_safety_stock(&item, location, target, class));
            let wape = 18.0 * noise.factor(0.5);
            forecast_models.push(ForecastModelRecord {
                item: item.clone(),
                location: location.to_string(),
                method: method.to_string(),
                parameters: vec![("alpha".to_string(), 0.3)],
                reason: "lowest backtest WAPE".to_string(),
                demand_class: class.to_string(),
                // The engine's accuracy metrics are in percent.
                backtest_wape: Some(wape),
                accuracy: Some(ForecastAccuracy {
                    mape: wape * 1.2,
                    wape,
                    smape: wape * 1.1,
                    mase: wape / 22.0,
                    rmsse: wape / 25.0,
                    bias: (wape - 18.0) / 2.0,
                }),
            });
        }
    }
    exceptions.push(Exception {
        severity: Severity::Warning,
        code: "below_safety_stock".to_string(),
        message: format!(
            "Family E-BIKE is below its safety-stock target in {} (supply < demand).",
            calendar.label(h0 + 3)
        ),
        bucket: Some(h0 + 3),
    });
    exceptions.push(Exception {
        severity: Severity::Warning,
        code: "budget_gap".to_string(),
        message: "Planned revenue is below budget for ROAD & MTB over the horizon.".to_string(),
        bucket: None,
    });
    series.sort_by(|a, b| a.key.cmp(&b.key));
    safety_stocks.sort_by(|a: &SafetyStockRecord, b: &SafetyStockRecord| {
        (&a.item, &a.location).cmp(&(&b.item, &b.location))
    });

    let revenue: f64 = revenue_t.iter().sum();
    let margin: f64 = margin_t.iter().sum();
    let cogs: f64 = cogs_t.iter().sum();
    let inventory_end = inv_value_t.last().copied().unwrap_or(0.0);
    let average_inventory = inv_value_t.iter().sum::<f64>() / inv_value_t.len() as f64;
    let demand: f64 = demand_t.iter().sum();
    let budget: f64 = budget_rev_t.iter().sum();
    let kpi = |code: &str, label: &str, value: f64, unit: KpiUnit| Kpi {
        code: code.to_string(),
        label: label.to_string(),
        value,
        unit,
    };
    let years = horizon.len() as f64 / 12.0;
    let kpis = vec![
        kpi("total_revenue", "Total revenue", revenue, KpiUnit::Money),
        kpi("gross_margin", "Gross margin", margin, KpiUnit::Money),
        kpi(
            "gross_margin_pct",
            "Gross margin %",
            margin / revenue,
            KpiUnit::Ratio,
        ),
        kpi(
            "inventory_value_end",
            "Inventory value (end)",
            inventory_end,
            KpiUnit::Money,
        ),
        kpi(
            "inventory_turns",
            "Inventory turns",
            cogs / years / average_inventory,
            KpiUnit::Turns,
        ),
        kpi(
            "capacity_utilisation",
            "Capacity utilisation",
            load_sum / available_sum,
            KpiUnit::Ratio,
        ),
        kpi(
            "overloaded_buckets",
            "Overloaded resource-months",
            overloaded as f64,
            KpiUnit::Count,
        ),
        kpi("fill_rate", "Fill rate", served / demand, KpiUnit::Ratio),
        kpi(
            "stockout_buckets",
            "Family-months below target",
            below_target as f64,
            KpiUnit::Count,
        ),
        kpi(
            "budget_revenue_gap",
            "Gap to budget revenue",
            revenue - budget,
            KpiUnit::Money,
        ),
        kpi(
            "total_demand",
            "Consensus demand",
            demand,
            KpiUnit::Quantity,
        ),
        kpi("forecast_wape", "Forecast WAPE", 0.184, KpiUnit::Ratio),
    ];
    Plan {
        calendar,
        series,
        planned_orders: Vec::new(),
        pegging: Vec::new(),
        kpis,
        forecast_models,
        safety_stocks,
        exceptions,
    }
}
