//! A plan written as a workbook reads back with the same numbers, and the bytes
//! depend only on the plan.

use calamine::{Data, Reader, Xlsx, open_workbook};
use fulcrum_core::{
    Calendar, Exception, ForecastAccuracy, ForecastModelRecord, KeyFigure, Kpi, KpiUnit, OrderKind,
    Plan, PlannedOrder, SafetyStockRecord, Series, SeriesKey, Severity, YearMonth,
};
use fulcrum_io::{PlanWorkbookInfo, export_plan_xlsx};

fn plan() -> Plan {
    let calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 2, 18).expect("calendar");
    Plan {
        series: vec![
            Series {
                key: SeriesKey::total(KeyFigure::SalesHistory),
                first_bucket: 0,
                values: vec![5.0, 7.0],
            },
            Series {
                key: SeriesKey::item_location(KeyFigure::ConsensusDemand, "FG", "D1"),
                first_bucket: 2,
                values: (0..18).map(f64::from).collect(),
            },
        ],
        planned_orders: vec![
            PlannedOrder {
                kind: OrderKind::Purchase,
                item: "RAW".into(),
                location: "P1".into(),
                from: None,
                supplier: Some("S1".into()),
                quantity: 250.0,
                release: 2,
                due: 4,
            },
            PlannedOrder {
                kind: OrderKind::Purchase,
                item: "RAW".into(),
                location: "P1".into(),
                from: None,
                supplier: Some("S1".into()),
                quantity: 100.0,
                release: 4,
                due: 6,
            },
            PlannedOrder {
                kind: OrderKind::Production,
                item: "FG".into(),
                location: "P1".into(),
                from: None,
                supplier: None,
                quantity: 30.0,
                release: 3,
                due: 4,
            },
        ],
        pegging: Vec::new(),
        kpis: vec![Kpi {
            code: "total_revenue".into(),
            label: "Revenue".into(),
            value: 16_000.5,
            unit: KpiUnit::Money,
        }],
        forecast_models: vec![
            ForecastModelRecord {
                item: "FG".into(),
                location: "D1".into(),
                method: "ETS(A,N,N)".into(),
                parameters: vec![("alpha".into(), 0.25)],
                reason: "lowest AICc".into(),
                demand_class: "smooth".into(),
                backtest_wape: Some(12.5),
                accuracy: Some(ForecastAccuracy {
                    mape: f64::NAN,
                    wape: 12.5,
                    smape: 12.5,
                    mase: 0.75,
                    rmsse: 0.8,
                    bias: -3.5,
                }),
            },
            ForecastModelRecord {
                item: "FG".into(),
                location: "D2".into(),
                method: "naive".into(),
                parameters: Vec::new(),
                reason: "short history".into(),
                demand_class: "erratic".into(),
                backtest_wape: Some(50.0),
                accuracy: None,
            },
        ],
        safety_stocks: vec![
            SafetyStockRecord {
                item: "FG".into(),
                location: "D1".into(),
                safety_stock: 95.0,
                unit_cost: 55.0,
                basis: "normal_csl".into(),
                explanation: "normal demand for a 95% cycle service level: k = 1.645 × σ 57.45 \
                              over a 2-bucket lead time (σ_D 20.00, s_L 0.5); reorder point 295.0"
                    .into(),
            },
            SafetyStockRecord {
                item: "RAW".into(),
                location: "P1".into(),
                safety_stock: 12.0,
                unit_cost: 3.0,
                basis: "fixed".into(),
                explanation: "fixed in the inventory policy".into(),
            },
        ],
        exceptions: vec![Exception {
            severity: Severity::Critical,
            code: "capacity_overload".into(),
            message: "R1 is overloaded in 2026-04.".into(),
            bucket: Some(5),
        }],
        calendar,
    }
}

const INFO: PlanWorkbookInfo<'static> = PlanWorkbookInfo {
    company: "Tiny",
    currency: "EUR",
    version_name: "Cycle 2026-01",
};

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    range.get((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn the_plan_reads_back_from_its_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.xlsx");
    export_plan_xlsx(&plan(), &INFO, &path).expect("write");
    let mut book: Xlsx<_> = open_workbook(&path).expect("open");
    assert_eq!(
        book.sheet_names(),
        vec![
            "KPIs",
            "Key figures",
            "Planned orders",
            "Procurement plan",
            "Exceptions",
            "Forecast models",
            "Safety stock"
        ]
    );
    let kpis = book.worksheet_range("KPIs").expect("KPIs");
    assert_eq!(cell(&kpis, 1, 0), Data::String("Revenue".into()));
    assert_eq!(cell(&kpis, 1, 1), Data::Float(16_000.5));
    assert_eq!(cell(&kpis, 1, 2), Data::String("EUR".into()));

    let figures = book.worksheet_range("Key figures").expect("Key figures");
    assert_eq!(cell(&figures, 0, 5), Data::String("2025-11".into()));
    assert_eq!(cell(&figures, 0, 7), Data::String("2026-01".into()));
    // Sales history fills the two history buckets; demand starts at the horizon.
    assert_eq!(cell(&figures, 1, 0), Data::String("sales_history".into()));
    assert_eq!(cell(&figures, 1, 6), Data::Float(7.0));
    assert_eq!(cell(&figures, 2, 2), Data::String("FG".into()));
    assert_eq!(cell(&figures, 2, 6), Data::Empty);
    assert_eq!(cell(&figures, 2, 8), Data::Float(1.0));
    assert_eq!(cell(&figures, 2, 24), Data::Float(17.0));

    let orders = book.worksheet_range("Planned orders").expect("orders");
    assert_eq!(cell(&orders, 1, 4), Data::String("S1".into()));
    assert_eq!(cell(&orders, 1, 5), Data::Float(250.0));
    assert_eq!(cell(&orders, 1, 6), Data::String("2026-01".into()));
    assert_eq!(cell(&orders, 1, 7), Data::String("2026-03".into()));

    // The purchase of 250 RAW from S1, released in the first horizon month, then the
    // second purchase of 100 in 2026-03 on the same row.
    let procurement = book
        .worksheet_range("Procurement plan")
        .expect("procurement");
    let row: Vec<Data> = (0..7).map(|col| cell(&procurement, 1, col)).collect();
    assert_eq!(
        row,
        vec![
            Data::String("S1".into()),
            Data::String("RAW".into()),
            Data::String("P1".into()),
            Data::Float(350.0),
            Data::Float(250.0),
            Data::Empty,
            Data::Float(100.0),
        ]
    );
    assert_eq!(cell(&procurement, 0, 4), Data::String("2026-01".into()));
    // Production orders are not purchases.
    assert_eq!(cell(&procurement, 2, 0), Data::Empty);

    let exceptions = book.worksheet_range("Exceptions").expect("exceptions");
    assert_eq!(cell(&exceptions, 1, 2), Data::String("2026-04".into()));

    let models = book.worksheet_range("Forecast models").expect("models");
    let header: Vec<Data> = (0..12).map(|col| cell(&models, 0, col)).collect();
    assert_eq!(
        header,
        [
            "Item",
            "Location",
            "Method",
            "Demand class",
            "Backtest MAPE %",
            "Backtest WAPE %",
            "Backtest sMAPE %",
            "Backtest MASE",
            "Backtest RMSSE",
            "Backtest bias %",
            "Reason",
            "Parameters",
        ]
        .map(|name| Data::String(name.into()))
    );
    // Full accuracy; the non-finite MAPE stays empty.
    assert_eq!(cell(&models, 1, 4), Data::Empty);
    let metrics: Vec<Data> = (5..10).map(|col| cell(&models, 1, col)).collect();
    assert_eq!(metrics, [12.5, 12.5, 0.75, 0.8, -3.5].map(Data::Float));
    assert_eq!(cell(&models, 1, 10), Data::String("lowest AICc".into()));
    assert_eq!(cell(&models, 1, 11), Data::String("alpha=0.25".into()));
    // Without the full accuracy only the WAPE is known.
    assert_eq!(cell(&models, 2, 4), Data::Empty);
    assert_eq!(cell(&models, 2, 5), Data::Float(50.0));
    assert_eq!(cell(&models, 2, 9), Data::Empty);
    assert_eq!(cell(&models, 2, 10), Data::String("short history".into()));

    let safety = book.worksheet_range("Safety stock").expect("safety stock");
    let header: Vec<Data> = (0..7).map(|col| cell(&safety, 0, col)).collect();
    assert_eq!(
        header,
        [
            "Item",
            "Location",
            "Safety stock",
            "Unit cost",
            "Value",
            "Basis",
            "Explanation"
        ]
        .map(|name| Data::String(name.into()))
    );
    let row: Vec<Data> = (0..7).map(|col| cell(&safety, 1, col)).collect();
    assert_eq!(
        row,
        vec![
            Data::String("FG".into()),
            Data::String("D1".into()),
            Data::Float(95.0),
            Data::Float(55.0),
            Data::Float(95.0 * 55.0),
            Data::String("normal_csl".into()),
            Data::String(
                "normal demand for a 95% cycle service level: k = 1.645 × σ 57.45 over a \
                 2-bucket lead time (σ_D 20.00, s_L 0.5); reorder point 295.0"
                    .into()
            ),
        ]
    );
    assert_eq!(cell(&safety, 2, 0), Data::String("RAW".into()));
    assert_eq!(cell(&safety, 2, 2), Data::Float(12.0));
    assert_eq!(cell(&safety, 2, 4), Data::Float(36.0));
    assert_eq!(cell(&safety, 2, 5), Data::String("fixed".into()));
    assert_eq!(
        cell(&safety, 2, 6),
        Data::String("fixed in the inventory policy".into())
    );
    assert_eq!(cell(&safety, 3, 0), Data::Empty);
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (first, second) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export_plan_xlsx(&plan(), &INFO, &first).expect("write");
    export_plan_xlsx(&plan(), &INFO, &second).expect("write");
    assert_eq!(
        std::fs::read(first).expect("a"),
        std::fs::read(second).expect("b")
    );
}
