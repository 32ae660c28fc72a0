//! End-to-end tests of the report on small hand-built plans.

use fulcrum_core::{
    Calendar, Exception, ForecastModelRecord, KeyFigure, Kpi, KpiUnit, Plan, SafetyStockRecord,
    Series, SeriesKey, Severity, YearMonth,
};
use fulcrum_report::{ReportInput, render_html, render_text};

const HISTORY: usize = 12;
const HORIZON: usize = 18;

fn calendar() -> Calendar {
    Calendar::monthly(YearMonth::new(2026, 1).expect("month"), HISTORY, HORIZON).expect("calendar")
}

fn horizon_series(key: SeriesKey, values: impl Fn(usize) -> f64) -> Series {
    Series {
        key,
        first_bucket: HISTORY,
        values: (0..HORIZON).map(values).collect(),
    }
}

fn empty_plan() -> Plan {
    Plan {
        calendar: calendar(),
        series: Vec::new(),
        planned_orders: Vec::new(),
        pegging: Vec::new(),
        kpis: Vec::new(),
        forecast_models: Vec::new(),
        safety_stocks: Vec::new(),
        exceptions: Vec::new(),
    }
}

/// A small plan: one family `F<1>`, one resource overloaded in one month.
fn small_plan() -> Plan {
    let family = "F<1>";
    let mut series = vec![
        Series {
            key: SeriesKey::family(KeyFigure::SalesHistory, family),
            first_bucket: 0,
            values: (0..HISTORY).map(|i| 100.0 + i as f64).collect(),
        },
        horizon_series(
            SeriesKey::family(KeyFigure::ConsensusDemand, family),
            |_| 120.0,
        ),
        horizon_series(
            SeriesKey::family(KeyFigure::PlannedReceipts, family),
            |_| 118.0,
        ),
        horizon_series(
            SeriesKey::family(KeyFigure::ProjectedInventory, family),
            |i| 60.0 - i as f64,
        ),
        horizon_series(SeriesKey::family(KeyFigure::SafetyStock, family), |_| 50.0),
        horizon_series(SeriesKey::family(KeyFigure::Revenue, family), |_| 12_000.0),
        horizon_series(SeriesKey::family(KeyFigure::GrossMargin, family), |_| {
            4_000.0
        }),
        horizon_series(SeriesKey::family(KeyFigure::BudgetRevenue, family), |_| {
            13_000.0
        }),
        horizon_series(SeriesKey::total(KeyFigure::Revenue), |_| 12_000.0),
        horizon_series(SeriesKey::total(KeyFigure::GrossMargin), |_| 4_000.0),
        horizon_series(SeriesKey::total(KeyFigure::BudgetRevenue), |_| 13_000.0),
        horizon_series(SeriesKey::total(KeyFigure::ConsensusDemand), |_| 120.0),
        Series {
            key: SeriesKey::total(KeyFigure::SalesHistory),
            first_bucket: 0,
            values: (0..HISTORY).map(|i| 100.0 + i as f64).collect(),
        },
        horizon_series(SeriesKey::resource(KeyFigure::CapacityLoad, "PRESS"), |i| {
            if i == 2 { 130.0 } else { 80.0 }
        }),
        horizon_series(
            SeriesKey::resource(KeyFigure::CapacityAvailable, "PRESS"),
            |_| 100.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::ProjectedInventory, "ITEM-1", "DC"),
            |i| if i < 3 { 5.0 } else { 30.0 },
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::SafetyStock, "ITEM-1", "DC"),
            |_| 10.0,
        ),
    ];
    series.sort_by(|a, b| a.key.cmp(&b.key));
    let kpi = |code: &str, label: &str, value: f64, unit: KpiUnit| Kpi {
        code: code.into(),
        label: label.into(),
        value,
        unit,
    };
    Plan {
        calendar: calendar(),
        series,
        planned_orders: Vec::new(),
        pegging: Vec::new(),
        kpis: vec![
            kpi(
                "total_revenue",
                "Total revenue",
                1_234_567.0,
                KpiUnit::Money,
            ),
            kpi("fill_rate", "Fill rate", 0.955, KpiUnit::Ratio),
            kpi(
                "overloaded_buckets",
                "Overloaded resource-months",
                1.0,
                KpiUnit::Count,
            ),
            kpi("inventory_turns", "Inventory turns", 6.04, KpiUnit::Turns),
        ],
        forecast_models: vec![ForecastModelRecord {
            item: "ITEM-1".into(),
            location: "DC".into(),
            method: "seasonal_naive".into(),
            parameters: Vec::new(),
            reason: "only method".into(),
            demand_class: "smooth".into(),
            backtest_wape: Some(0.2),
            accuracy: None,
        }],
        safety_stocks: vec![
            SafetyStockRecord {
                item: "ITEM-1".into(),
                location: "DC".into(),
                safety_stock: 95.0,
                unit_cost: 55.0,
                basis: "normal_csl".into(),
                explanation: "normal demand for a 95% cycle service level: k = 1.645 × σ 57.45 \
                              over a 2-bucket lead time (σ_D 20.00, s_L 0.5); reorder point 295.0"
                    .into(),
            },
            SafetyStockRecord {
                item: "ITEM-2".into(),
                location: "DC".into(),
                safety_stock: 0.0,
                unit_cost: 3.0,
                basis: "unsourced".into(),
                explanation: "cannot be replenished".into(),
            },
        ],
        exceptions: vec![
            Exception {
                severity: Severity::Warning,
                code: "below_safety_stock".into(),
                message: "ITEM-1 at DC is below safety stock".into(),
                bucket: Some(HISTORY),
            },
            Exception {
                severity: Severity::Critical,
                code: "capacity_overload".into(),
                message: "PRESS needs 130 h but <only> 100 h are available".into(),
                bucket: Some(HISTORY + 2),
            },
        ],
    }
}

fn input(plan: &Plan) -> ReportInput<'_> {
    ReportInput {
        company: "Acme <Tools> & Sons",
        currency: "EUR",
        version_name: "2026-01 \"final\"",
        plan,
    }
}

#[test]
fn every_section_is_present() {
    let plan = small_plan();
    let html = render_html(&input(&plan));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in [
        "kpis",
        "demand",
        "inventory",
        "capacity",
        "finance",
        "forecast",
        "exceptions",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "missing {id}"
        );
    }
    // Demand, inventory and finance charts are SVG; capacity is a table.
    assert_eq!(html.matches("<figure class=\"chart\">").count(), 4);
    assert!(html.contains("<table class=\"heatmap\">"));
    assert!(html.contains("Item-locations below safety stock"));
    assert!(html.contains("Why each buffer holds its safety stock"));
    assert!(
        html.contains(
            "2 buffers by basis: 1 cannot be replenished, 1 normal (cycle service level)."
        )
    );
    assert!(html.contains("<td>ITEM-1</td><td>DC</td><td class=\"num\">3</td><td>2026-01</td>"));
}

#[test]
fn values_are_formatted() {
    let plan = small_plan();
    let html = render_html(&input(&plan));
    assert!(html.contains("<div class=\"value\">€1,234,567</div>"));
    assert!(html.contains("<div class=\"value\">95.5%</div>"));
    assert!(html.contains("<div class=\"value\">6.0×</div>"));
    // Horizon revenue 18 × 12,000 and the gap to 18 × 13,000.
    assert!(html.contains("€216,000"));
    assert!(html.contains("-€18,000 (-7.7%)"));
    // Tooltips carry full values and YYYY-MM labels.
    assert!(html.contains("<title>Revenue · 2026-03: €12,000</title>"));
    assert!(html.contains("<title>Sales history · 2025-12: 111</title>"));
    // Axis ticks are compact money.
    assert!(html.contains(">€15k</text>"));
}

#[test]
fn overloaded_cells_are_flagged() {
    let plan = small_plan();
    let html = render_html(&input(&plan));
    assert_eq!(html.matches("class=\"cell over\"").count(), 1);
    assert!(
        html.contains("title=\"PRESS · 2026-03: load 130 h of 100 h available (130%)\">130</td>")
    );
    assert!(html.contains("1 of 18 resource-months overloaded"));
    assert!(html.contains("<td class=\"peak over\">130%</td>"));
}

#[test]
fn text_is_escaped_and_nothing_is_loaded() {
    let plan = small_plan();
    let html = render_html(&input(&plan));
    assert!(html.contains("<h1>Acme &lt;Tools&gt; &amp; Sons</h1>"));
    assert!(html.contains("2026-01 &quot;final&quot;"));
    assert!(html.contains("F&lt;1&gt;"));
    assert!(html.contains("but &lt;only&gt; 100 h"));
    assert!(!html.contains("<Tools>") && !html.contains("F<1>") && !html.contains("<only>"));
    for forbidden in ["<script", "<link", "src=", "@import", "url(", "https://"] {
        assert!(!html.contains(forbidden), "found {forbidden}");
    }
    // The only URL is the SVG namespace.
    assert_eq!(
        html.matches("http://").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
}

#[test]
fn exceptions_list_critical_first() {
    let plan = small_plan();
    let html = render_html(&input(&plan));
    let critical = html
        .find("<span class=\"badge critical\">")
        .expect("critical row");
    let warning = html
        .find("<span class=\"badge warning\">")
        .expect("warning row");
    assert!(critical < warning);
    assert!(html.contains("1 critical, 1 warning."));
}

#[test]
fn output_is_deterministic() {
    let plan = small_plan();
    assert_eq!(render_html(&input(&plan)), render_html(&input(&plan)));
    let sample = fulcrum_report::sample::sample_plan();
    assert_eq!(
        render_html(&input(&sample)),
        render_html(&input(&fulcrum_report::sample::sample_plan()))
    );
}

#[test]
fn empty_plan_renders() {
    let plan = empty_plan();
    let html = render_html(&input(&plan));
    assert!(html.contains("This plan has no KPIs."));
    assert!(html.contains("This plan has no demand series."));
    assert!(html.contains("This plan has no capacity series."));
    assert!(html.contains("This plan has no financial series."));
    assert!(html.contains("No exceptions"));
    assert!(html.ends_with("</html>\n"));
    let text = render_text(&input(&plan));
    assert!(text.contains("No KPIs in this plan."));
    assert!(text.contains("Exceptions: 0 critical, 0 warnings"));
}

#[test]
fn zero_history_calendar_renders() {
    let mut plan = small_plan();
    plan.calendar =
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 0, HORIZON).expect("calendar");
    for series in &mut plan.series {
        series.first_bucket = 0;
    }
    let html = render_html(&input(&plan));
    assert!(html.contains("History <b>none</b>"));
    assert!(!html.contains("Plan start"));
}

#[test]
fn text_table_is_aligned() {
    let plan = small_plan();
    let text = render_text(&input(&plan));
    let expected = "\
Acme <Tools> & Sons · plan version 2026-01 \"final\"
Horizon 2026-01 to 2027-06 (18 months); history 2025-01 to 2025-12 (12 months)

KPI                              Value
--------------------------  ----------
Total revenue               €1,234,567
Fill rate                        95.5%
Overloaded resource-months           1
Inventory turns                   6.0×

Exceptions: 1 critical, 1 warning
";
    assert_eq!(text, expected);
}

fn model(
    item: &str,
    method: &str,
    class: &str,
    wape: f64,
    mase: f64,
    bias: f64,
) -> ForecastModelRecord {
    ForecastModelRecord {
        item: item.into(),
        location: "DC".into(),
        method: method.into(),
        parameters: Vec::new(),
        reason: String::new(),
        demand_class: class.into(),
        backtest_wape: Some(wape),
        accuracy: Some(fulcrum_core::ForecastAccuracy {
            mape: wape,
            wape,
            smape: wape,
            mase,
            rmsse: mase,
            bias,
        }),
    }
}

/// The forecast section: family forecast charts, the interval table and fan
/// charts of the largest item-locations, and accuracy by method and class.
#[test]
fn forecast_quality_section() {
    let mut plan = empty_plan();
    plan.series = vec![
        horizon_series(
            SeriesKey::family(KeyFigure::StatisticalForecast, "BIKES"),
            |_| 30.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::StatisticalForecast, "SMALL", "DC"),
            |_| 10.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::StatisticalForecast, "BIG", "DC"),
            |_| 20.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::ForecastLower80, "BIG", "DC"),
            |_| 15.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::ForecastUpper80, "BIG", "DC"),
            |_| 26.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::ForecastLower95, "BIG", "DC"),
            |_| 12.0,
        ),
        horizon_series(
            SeriesKey::item_location(KeyFigure::ForecastUpper95, "BIG", "DC"),
            |_| 1234.0,
        ),
    ];
    plan.forecast_models = vec![
        model("BIG", "ETS", "smooth", 10.0, 0.5, -4.0),
        model("SMALL", "ETS", "smooth", 20.0, 1.0, 2.0),
        model("OTHER", "SBA", "intermittent", 60.0, 0.9, 30.0),
    ];
    let html = render_html(&input(&plan));
    let section = &html[html.find("<section id=\"forecast\">").expect("section")..];
    let section = &section[..section.find("</section>").expect("end")];
    // One family chart and one fan chart (SMALL has no interval).
    assert_eq!(section.matches("<figure class=\"chart\">").count(), 2);
    assert!(section.contains("<span class=\"chart-title\">BIKES</span>"));
    assert!(section.contains("<span class=\"chart-title\">BIG @ DC</span>"));
    assert_eq!(section.matches("<g class=\"band\">").count(), 2);
    // The fan chart's y axis covers the upper 95% bound.
    assert!(
        section.contains(">1.4k</text>") || section.contains(">1.5k</text>"),
        "{section}"
    );
    // BIG (horizon 360) is listed before SMALL (180), with its first-month intervals.
    let big = section
        .find("<td class=\"nowrap\">BIG</td>")
        .expect("BIG row");
    let small = section
        .find("<td class=\"nowrap\">SMALL</td>")
        .expect("SMALL row");
    assert!(big < small);
    assert!(section.contains("<td class=\"num\">15 – 26</td><td class=\"num\">12 – 1,234</td>"));
    // ETS × smooth: mean WAPE 15%, MASE 0.75, bias −1%; SBA's bias is flagged.
    assert!(
        section.contains(
            "<td>ETS</td><td>smooth</td><td class=\"num\">2</td><td class=\"num\">15.0%</td>\
         <td class=\"num\">0.75</td><td class=\"num\">-1.0%</td>"
        ),
        "{section}"
    );
    assert!(section.contains("<td class=\"num neg\">+30.0%</td>"));
}

/// A fan chart draws its bands below its lines and lists them in the legend.
#[test]
fn fan_chart_draws_bands() {
    use fulcrum_report::charts::{Band, LineChartSpec, LineSeries, fan_chart};
    use fulcrum_report::format::ValueFormat;
    let spec = LineChartSpec {
        title: "Fan".into(),
        subtitle: None,
        x_labels: vec!["2026-01".into(), "2026-02".into(), "2026-03".into()],
        series: vec![LineSeries::new("Forecast", "#a855f7", vec![Some(10.0); 3])],
        format: ValueFormat::Number,
        marker: None,
        highlights: Vec::new(),
        width: 600,
        height: 240,
    };
    let band = Band {
        name: "80% interval".into(),
        color: "#a855f7".into(),
        opacity: 0.25,
        lower: vec![Some(5.0), Some(4.0), None],
        upper: vec![Some(15.0), Some(16.0), Some(17.0)],
    };
    let svg = fan_chart(&spec, &[band]);
    let band_at = svg.find("<g class=\"band\">").expect("band");
    let line_at = svg.find("<g class=\"series\">").expect("line");
    assert!(band_at < line_at, "band under the line");
    // One polygon over the two positions with both bounds.
    assert_eq!(
        svg.matches("fill-opacity=\"0.25\" stroke=\"none\"").count(),
        1
    );
    assert!(svg.contains("fill-opacity=\"0.25\"/></svg>80% interval</span>"));
    // The scale reaches the highest upper bound.
    assert!(svg.contains(">20</text>"), "{svg}");
}
