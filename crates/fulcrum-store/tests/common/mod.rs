//! Plans and snapshots shared by the store's integration tests.

#![allow(dead_code)] // each test binary uses a different subset

use fulcrum_core::{
    Calendar, Exception, ForecastAccuracy, ForecastModelRecord, KeyFigure, Kpi, KpiUnit, OrderKind,
    Peg, Plan, PlannedOrder, SafetyStockRecord, Series, SeriesKey, Severity, YearMonth,
};
use fulcrum_store::{InputFile, NewPlanVersion, SnapshotId};

pub fn calendar() -> Calendar {
    Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 36, 24).expect("calendar")
}

/// A small plan exercising every field, every optional and the awkward reals.
pub fn hand_built_plan() -> Plan {
    let mut series = vec![
        Series {
            key: SeriesKey::item_location(KeyFigure::ConsensusDemand, "FG-001", "DC-NORTH"),
            first_bucket: 36,
            values: vec![
                0.1 + 0.2,
                -0.0,
                f64::NAN,
                f64::from_bits(0x7ff8_0000_0000_beef),
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::MIN_POSITIVE / 8.0,
                1e300,
                -123.456,
                0.0,
                42.0,
            ],
        },
        Series {
            key: SeriesKey::resource(KeyFigure::CapacityLoad, "LINE-1"),
            first_bucket: 36,
            values: (0..24).map(|idx| f64::from(idx) * 7.25).collect(),
        },
        Series {
            key: SeriesKey::family(KeyFigure::Revenue, "BIKES"),
            first_bucket: 0,
            values: (0..60).map(|idx| 1000.0 / f64::from(idx + 3)).collect(),
        },
        Series {
            key: SeriesKey::total(KeyFigure::InventoryValue),
            first_bucket: 40,
            values: vec![],
        },
        Series {
            key: SeriesKey {
                figure: KeyFigure::Shipments,
                item: Some("FG-002".into()),
                location: Some("PLANT-A".into()),
                resource: Some("TRUCK".into()),
                family: Some("BIKES".into()),
            },
            first_bucket: 50,
            values: vec![5.0],
        },
    ];
    series.sort_by(|a, b| a.key.cmp(&b.key));
    Plan {
        calendar: calendar(),
        series,
        planned_orders: vec![
            PlannedOrder {
                kind: OrderKind::Production,
                item: "FG-001".into(),
                location: "PLANT-A".into(),
                from: None,
                supplier: None,
                quantity: 120.5,
                release: 37,
                due: 38,
            },
            PlannedOrder {
                kind: OrderKind::Purchase,
                item: "RM-STEEL".into(),
                location: "PLANT-A".into(),
                from: None,
                supplier: Some("SUP-1".into()),
                quantity: -0.0,
                release: 36,
                due: 39,
            },
            PlannedOrder {
                kind: OrderKind::Transfer,
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                from: Some("PLANT-A".into()),
                supplier: None,
                quantity: 1.0 / 3.0,
                release: 38,
                due: 39,
            },
        ],
        pegging: vec![
            Peg {
                order: 0,
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                bucket: None,
                demand_quantity: 20.0,
                quantity: 20.0,
            },
            Peg {
                order: 0,
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                bucket: Some(39),
                demand_quantity: 100.5,
                quantity: 100.5,
            },
            Peg {
                order: 1,
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                bucket: Some(39),
                demand_quantity: 1.0 / 3.0,
                quantity: -0.0,
            },
        ],
        kpis: vec![
            kpi("total_revenue", KpiUnit::Money, 1.234_567_89e7),
            kpi("fill_rate", KpiUnit::Ratio, 0.975),
            kpi("stock_outs", KpiUnit::Count, 3.0),
            kpi("inventory_turns", KpiUnit::Turns, f64::NAN),
            kpi("total_volume", KpiUnit::Quantity, 88_000.0),
        ],
        forecast_models: vec![
            ForecastModelRecord {
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                method: "ets_aan".into(),
                parameters: vec![
                    ("alpha".into(), 0.3),
                    ("beta".into(), 0.1),
                    ("phi".into(), 0.98),
                ],
                reason: "lowest backtest WAPE".into(),
                demand_class: "smooth".into(),
                backtest_wape: Some(0.1234),
                accuracy: Some(ForecastAccuracy {
                    mape: 14.5,
                    wape: 12.34,
                    smape: 13.0,
                    mase: f64::NAN,
                    rmsse: 0.75,
                    bias: -0.0,
                }),
            },
            ForecastModelRecord {
                item: "FG-002".into(),
                location: "DC-SOUTH".into(),
                method: "seasonal_naive".into(),
                parameters: vec![],
                reason: "too little history".into(),
                demand_class: "lumpy".into(),
                backtest_wape: None,
                accuracy: None,
            },
        ],
        safety_stocks: vec![
            SafetyStockRecord {
                item: "FG-001".into(),
                location: "DC-NORTH".into(),
                safety_stock: 95.0,
                unit_cost: 12.5,
                basis: "normal_csl".into(),
                explanation: "normal demand for a 95% cycle service level: k = 1.645 × σ 57.45 \
                              over a 2-bucket lead time (σ_D 20.00, s_L 0.5); reorder point 295.0"
                    .into(),
            },
            SafetyStockRecord {
                item: "FG-002".into(),
                location: "DC-SOUTH".into(),
                safety_stock: -0.0,
                unit_cost: 0.1 + 0.2,
                basis: "no_uncertainty".into(),
                explanation: "no uncertainty to protect against".into(),
            },
            SafetyStockRecord {
                item: "RM-STEEL".into(),
                location: "PLANT-A".into(),
                safety_stock: 1.0 / 3.0,
                unit_cost: 0.0,
                basis: "cover".into(),
                explanation: "0.5 buckets of forward demand (cover_periods)".into(),
            },
        ],
        exceptions: vec![
            Exception {
                severity: Severity::Critical,
                code: "capacity_overload".into(),
                message: "LINE-1 is loaded to 130% in 2026-04".into(),
                bucket: Some(39),
            },
            Exception {
                severity: Severity::Warning,
                code: "budget_gap".into(),
                message: "Revenue is 4% below budget over the horizon — \"BIKES\"".into(),
                bucket: None,
            },
        ],
    }
}

fn kpi(code: &str, unit: KpiUnit, value: f64) -> Kpi {
    Kpi {
        code: code.into(),
        label: code.replace('_', " "),
        value,
        unit,
    }
}

/// A plan of `n_series` item-location series of 60 values each.
pub fn large_plan(n_series: usize) -> Plan {
    let series = (0..n_series)
        .map(|idx| Series {
            key: SeriesKey::item_location(
                KeyFigure::ProjectedInventory,
                &format!("ITEM-{idx:05}"),
                "DC-1",
            ),
            first_bucket: 0,
            values: (0..60)
                .map(|bucket| (idx * 60 + bucket) as f64 * 0.5)
                .collect(),
        })
        .collect();
    Plan {
        series,
        planned_orders: vec![],
        pegging: Vec::new(),
        kpis: vec![],
        forecast_models: vec![],
        safety_stocks: vec![],
        exceptions: vec![],
        ..hand_built_plan()
    }
}

pub fn files(pairs: &[(&str, &str)]) -> Vec<InputFile> {
    pairs
        .iter()
        .map(|(name, content)| InputFile {
            name: (*name).into(),
            content: content.as_bytes().to_vec(),
        })
        .collect()
}

pub fn new_version(name: &str, snapshot: SnapshotId) -> NewPlanVersion {
    NewPlanVersion {
        name: name.into(),
        snapshot,
        parent: None,
        company: "Acme Cycles".into(),
        currency: "EUR".into(),
        strategy: None,
    }
}

/// Bit-level equality: `Plan`'s `PartialEq` treats NaN as unequal to itself.
pub fn assert_same_plan(actual: &Plan, expected: &Plan) {
    assert_eq!(format!("{actual:?}"), format!("{expected:?}"));
    assert_eq!(actual.series.len(), expected.series.len());
    for (a, e) in actual.series.iter().zip(&expected.series) {
        let a_bits: Vec<u64> = a.values.iter().map(|v| v.to_bits()).collect();
        let e_bits: Vec<u64> = e.values.iter().map(|v| v.to_bits()).collect();
        assert_eq!(a_bits, e_bits, "{:?}", e.key);
    }
    for (a, e) in actual.planned_orders.iter().zip(&expected.planned_orders) {
        assert_eq!(a.quantity.to_bits(), e.quantity.to_bits());
    }
    for (a, e) in actual.safety_stocks.iter().zip(&expected.safety_stocks) {
        assert_eq!(
            a.safety_stock.to_bits(),
            e.safety_stock.to_bits(),
            "{}@{}",
            e.item,
            e.location
        );
    }
    for (a, e) in actual.kpis.iter().zip(&expected.kpis) {
        assert_eq!(a.value.to_bits(), e.value.to_bits(), "{}", e.code);
    }
    for (a, e) in actual.forecast_models.iter().zip(&expected.forecast_models) {
        let bits = |model: &fulcrum_core::ForecastModelRecord| {
            model
                .accuracy
                .map(|m| [m.mape, m.wape, m.smape, m.mase, m.rmsse, m.bias].map(f64::to_bits))
        };
        assert_eq!(bits(a), bits(e), "{}@{}", e.item, e.location);
    }
}
