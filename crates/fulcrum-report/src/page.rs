//! Assembly of the HTML page: header, KPI tiles, chart sections and tables.

use std::collections::BTreeMap;
use std::fmt::Write;

use fulcrum_core::{Calendar, KeyFigure, Kpi, Plan, SafetyStockRecord, SeriesKey, Severity};

use crate::ReportInput;
use crate::charts::{
    Band, BarLineChartSpec, BarSeries, HeatmapCell, HeatmapRow, HeatmapSpec, LineChartSpec,
    LineSeries, Marker, bar_line_chart, fan_chart, line_chart, utilisation_heatmap,
};
use crate::data::{
    aligned, company_total, covered, families, family_series, resources, shortfalls, sum,
};
use crate::format::{
    ValueFormat, escape_html, format_kpi, format_money, format_percent, format_quantity,
    group_thousands,
};

/// Colours of the key figures, shared by every chart so a figure looks the same everywhere.
pub(crate) mod colour {
    /// Sales history.
    pub const HISTORY: &str = "#6b7280";
    /// Statistical forecast.
    pub const FORECAST: &str = "#a855f7";
    /// Consensus demand.
    pub const DEMAND: &str = "#2563eb";
    /// Supply (planned receipts).
    pub const SUPPLY: &str = "#f59e0b";
    /// Projected inventory.
    pub const INVENTORY: &str = "#0891b2";
    /// Safety-stock target.
    pub const TARGET: &str = "#dc2626";
    /// Revenue bars.
    pub const REVENUE: &str = "#3b82f6";
    /// Gross-margin bars.
    pub const MARGIN: &str = "#10b981";
    /// Budget line.
    pub const BUDGET: &str = "#111827";
}

/// How many months of history the demand charts show before the plan start.
const HISTORY_SHOWN: usize = 24;
/// How many exceptions the table lists before summarising the rest.
const MAX_EXCEPTIONS: usize = 200;
/// How many item-locations the shortfall table lists.
const TOP_SHORTFALLS: usize = 10;
/// How many buffers the safety-stock explanation table lists.
const TOP_SAFETY_STOCKS: usize = 15;

const CSS: &str = r#"
:root{--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f5f6f8;--card:#fff;--accent:#2563eb;--bad:#dc2626;--warn:#d97706;--good:#059669}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-variant-numeric:tabular-nums}
.page-header{background:#0f172a;color:#f8fafc;padding:28px 40px 22px}
.page-header .brand{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#94a3b8}
.page-header h1{margin:4px 0 8px;font-size:28px;font-weight:650;letter-spacing:-.01em}
.page-header .meta{display:flex;flex-wrap:wrap;gap:6px 22px;color:#cbd5e1;font-size:13px}
.page-header .meta b{color:#f8fafc;font-weight:600}
nav.toc{display:flex;flex-wrap:wrap;gap:4px 18px;margin-top:14px;font-size:13px}
nav.toc a{color:#93c5fd;text-decoration:none}
nav.toc a:hover{text-decoration:underline}
main{max-width:1320px;margin:0 auto;padding:24px 40px 40px}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 24px 22px;margin:0 0 22px;box-shadow:0 1px 2px rgba(15,23,42,.04)}
section>h2{margin:0 0 4px;font-size:18px;font-weight:650}
section>p.lead{margin:0 0 16px;color:var(--muted);font-size:13px}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px}
.tile{border:1px solid var(--line);border-left:4px solid #94a3b8;border-radius:10px;padding:12px 14px;background:#fafbfc}
.tile .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.tile .value{font-size:22px;font-weight:650;margin-top:4px;white-space:nowrap}
.tile.good{border-left-color:var(--good)}.tile.warn{border-left-color:var(--warn)}.tile.bad{border-left-color:var(--bad)}
.tile.bad .value{color:var(--bad)}
.grid>table{align-self:start}
.nowrap{white-space:nowrap}
.kinds{display:flex;flex-wrap:wrap;gap:6px 8px;margin:0 0 12px}
.kinds span{background:#f3f4f6;border-radius:999px;padding:2px 10px;font-size:12px}
.kinds b{font-weight:650}.kinds code{background:none;padding:0}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:18px 22px}
figure.chart{margin:0;break-inside:avoid;page-break-inside:avoid}
figure.chart.wide{margin-bottom:18px}
figure.chart figcaption{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px;margin-bottom:2px}
.chart-title{font-weight:600;font-size:14px}
.chart-sub{color:var(--muted);font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#374151;margin:2px 0 4px}
.legend .key{display:inline-flex;align-items:center;gap:6px}
svg circle.pt{fill-opacity:0;stroke:none}
svg circle.pt:hover{fill-opacity:1;stroke:#fff;stroke-width:1.5}
svg circle.pt.dot{fill-opacity:1;stroke:#fff;stroke-width:1}
svg rect.bar:hover{opacity:.8}
.heatmap-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{color:var(--muted);font-weight:600;font-size:12px;border-bottom:1px solid #d1d5db}
td.num,th.num{text-align:right;white-space:nowrap}
caption{text-align:left;font-weight:600;padding:0 0 8px}
table.strategies td.bar-cell{width:40%}table.strategies svg{width:100%;height:14px}
table.strategies svg rect.bar{fill:var(--accent)}table.strategies tr.in-plan td{font-weight:600}
table.heatmap{table-layout:fixed;font-size:12px;min-width:760px}
table.heatmap th,table.heatmap td{padding:5px 2px;text-align:center;border:2px solid #fff}
table.heatmap col.head{width:150px}table.heatmap col.peak{width:58px}
table.heatmap th.row-head{text-align:left;padding-left:6px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.heatmap tr.years th{border-bottom:1px solid #d1d5db;color:var(--ink)}
table.heatmap th.peak,table.heatmap td.peak{font-weight:600;background:#f9fafb}
table.heatmap td.peak.over{color:var(--bad)}
table.heatmap td.cell{border-radius:4px}
table.heatmap td.over{font-weight:700}
table.heatmap td.idle{color:#9ca3af;background:#fafafa}
.scale{display:flex;gap:10px;align-items:center;font-size:12px;color:var(--muted);margin-top:10px;flex-wrap:wrap}
.scale span{display:inline-flex;align-items:center;gap:5px}
.scale i{display:inline-block;width:14px;height:14px;border-radius:3px}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin:14px 0 18px}
.stat{background:#f9fafb;border-radius:8px;padding:8px 12px}
.stat .label{color:var(--muted);font-size:12px}.stat .value{font-weight:650;font-size:16px}
.neg{color:var(--bad)}.pos{color:var(--good)}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11px;font-weight:650;text-transform:uppercase;letter-spacing:.04em}
.badge.critical{background:#fee2e2;color:#991b1b}.badge.warning{background:#fef3c7;color:#92400e}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#374151;background:#f3f4f6;border-radius:4px;padding:1px 5px}
h3{font-size:14px;margin:22px 0 8px}
p.empty{color:var(--muted);font-style:italic;margin:6px 0}
p.note{color:var(--muted);font-size:12px;margin:8px 0 0}
footer{max-width:1320px;margin:0 auto;padding:0 40px 32px;color:var(--muted);font-size:12px}
@media (max-width:700px){main,.page-header,footer{padding-left:14px;padding-right:14px}.grid{grid-template-columns:1fr}}
@page{size:A4 landscape;margin:10mm}
@media print{
 .heatmap-wrap{overflow:visible}
 table.heatmap{min-width:0;font-size:9px}
 table.heatmap col.head{width:90px}
 table.heatmap col.peak{width:40px}
 table.heatmap th,table.heatmap td{padding:3px 1px;border-width:1px}
 body{background:#fff;font-size:11px}
 .page-header{background:#fff;color:var(--ink);border-bottom:2px solid var(--ink);padding:0 0 10px}
 .page-header .brand,.page-header .meta{color:#374151}.page-header .meta b{color:var(--ink)}
 nav.toc{display:none}
 main,footer{padding:12px 0;max-width:none}
 section{box-shadow:none;border:none;border-radius:0;padding:8px 0;break-inside:auto}
 .grid{grid-template-columns:1fr 1fr}
 table.heatmap td.cell,.badge,.tile{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 tr,.stats,.tile,.kinds{break-inside:avoid}
 h2,h3,.lead,caption{break-after:avoid}
}
"#;

/// Renders the whole page.
pub(crate) fn render(input: &ReportInput) -> String {
    let plan = input.plan;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!(
        "{} · S&OP plan report · {}",
        input.company, input.version_name
    );
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Fulcrum\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        escape_html(&title)
    );
    header(&mut out, input);
    out.push_str("<main>\n");
    kpi_section(&mut out, input);
    demand_section(&mut out, plan);
    inventory_section(&mut out, plan, input.currency);
    capacity_section(&mut out, plan);
    crate::strategies::strategy_section(&mut out, plan, input.currency);
    finance_section(&mut out, input);
    forecast_section(&mut out, plan);
    exceptions_section(&mut out, plan);
    out.push_str("</main>\n<footer>Generated by Fulcrum from the stored plan version. This page is self-contained: it loads no scripts, fonts or other resources.</footer>\n</body>\n</html>\n");
    out
}

/// True when any present value is non-zero (families of components carry only zeros).
fn has_signal(values: &[Option<f64>]) -> bool {
    values.iter().flatten().any(|v| v.abs() > 1e-9)
}

/// `first to last (n months)` for a bucket range.
pub(crate) fn span_text(calendar: &Calendar, range: std::ops::Range<usize>) -> String {
    if range.is_empty() {
        return "none".to_string();
    }
    format!(
        "{} to {} ({} months)",
        calendar.label(range.start),
        calendar.label(range.end - 1),
        range.len()
    )
}

fn header(out: &mut String, input: &ReportInput) {
    let calendar = &input.plan.calendar;
    let _ = writeln!(
        out,
        "<header class=\"page-header\"><div class=\"brand\">Fulcrum · Sales &amp; Operations Plan</div>\
         <h1>{company}</h1><div class=\"meta\">\
         <span>Version <b>{version}</b></span>\
         <span>Horizon <b>{horizon}</b></span>\
         <span>History <b>{history}</b></span>\
         <span>Buckets <b>{granularity}</b></span>\
         <span>Currency <b>{currency}</b></span></div>\
         <nav class=\"toc\"><a href=\"#kpis\">KPIs</a><a href=\"#demand\">Demand vs supply</a>\
         <a href=\"#inventory\">Inventory</a><a href=\"#capacity\">Capacity</a>\
         <a href=\"#strategies\">Strategies</a>\
         <a href=\"#finance\">Finance</a><a href=\"#forecast\">Forecast quality</a>\
         <a href=\"#exceptions\">Exceptions</a></nav></header>",
        company = escape_html(input.company),
        version = escape_html(input.version_name),
        horizon = escape_html(&span_text(calendar, calendar.horizon())),
        history = escape_html(&span_text(calendar, calendar.history())),
        granularity = calendar.granularity().as_str(),
        currency = escape_html(input.currency),
    );
}

fn section_open(out: &mut String, id: &str, title: &str, lead: &str) {
    let _ = write!(
        out,
        "<section id=\"{id}\"><h2>{}</h2><p class=\"lead\">{}</p>",
        escape_html(title),
        escape_html(lead)
    );
}

fn empty(out: &mut String, text: &str) {
    let _ = write!(out, "<p class=\"empty\">{}</p>", escape_html(text));
}

/// The tone of a KPI tile for well-known codes: `good`, `warn`, `bad` or none.
pub(crate) fn kpi_tone(kpi: &Kpi) -> &'static str {
    let v = kpi.value;
    if !v.is_finite() {
        return "";
    }
    match kpi.code.as_str() {
        "overloaded_buckets" | "stockout_buckets" => {
            if v > 0.0 {
                "bad"
            } else {
                "good"
            }
        }
        "fill_rate" => match v {
            v if v >= 0.98 => "good",
            v if v >= 0.95 => "warn",
            _ => "bad",
        },
        "capacity_utilisation" => match v {
            v if v > 1.0 => "bad",
            v if v > 0.9 => "warn",
            _ => "good",
        },
        "gross_margin" | "gross_margin_pct" if v < 0.0 => "bad",
        "budget_revenue_gap" if v < 0.0 => "warn",
        "budget_revenue_gap" => "good",
        _ => "",
    }
}

fn kpi_section(out: &mut String, input: &ReportInput) {
    section_open(
        out,
        "kpis",
        "Headline KPIs",
        "The plan's headline figures over the planning horizon.",
    );
    if input.plan.kpis.is_empty() {
        empty(out, "This plan has no KPIs.");
    } else {
        out.push_str("<div class=\"tiles\">");
        for kpi in &input.plan.kpis {
            let _ = write!(
                out,
                "<div class=\"tile {tone}\" title=\"{code}\"><div class=\"label\">{label}</div>\
                 <div class=\"value\">{value}</div></div>",
                tone = kpi_tone(kpi),
                code = escape_html(&kpi.code),
                label = escape_html(&kpi.label),
                value = escape_html(&format_kpi(kpi, input.currency)),
            );
        }
        out.push_str("</div>");
    }
    out.push_str("</section>\n");
}

/// Timeline range the demand charts show: the last history months, then the horizon.
fn demand_window(calendar: &Calendar) -> std::ops::Range<usize> {
    calendar.history_len().saturating_sub(HISTORY_SHOWN)..calendar.len()
}

fn demand_section(out: &mut String, plan: &Plan) {
    let calendar = &plan.calendar;
    section_open(
        out,
        "demand",
        "Demand vs supply",
        "Sales history, the consensus demand plan and planned supply of finished goods (planned and scheduled production), in units per month. The shaded area is history.",
    );
    let window = demand_window(calendar);
    let labels = calendar.labels(window.clone());
    let marker = (calendar.history_len() > window.start).then(|| Marker {
        index: calendar.history_len() - window.start,
        label: "Plan start".to_string(),
    });
    let company: Vec<LineSeries> = [
        (KeyFigure::SalesHistory, "Sales history", colour::HISTORY),
        (
            KeyFigure::ConsensusDemand,
            "Consensus demand",
            colour::DEMAND,
        ),
        // Drawn last, dashed, so it stays visible where it equals the consensus.
        (
            KeyFigure::StatisticalForecast,
            "Statistical forecast",
            colour::FORECAST,
        ),
    ]
    .into_iter()
    .filter_map(|(figure, name, color)| {
        let values = company_total(plan, figure, window.clone())?;
        let line = LineSeries::new(name, color, values);
        Some(if figure == KeyFigure::StatisticalForecast {
            line.dashed()
        } else {
            line
        })
    })
    .collect();
    let families = families(plan);
    if company.is_empty() && families.is_empty() {
        empty(out, "This plan has no demand series.");
        out.push_str("</section>\n");
        return;
    }
    if !company.is_empty() {
        out.push_str("<div class=\"wide\">");
        out.push_str(&line_chart(&LineChartSpec {
            title: "Company demand".to_string(),
            subtitle: Some("all families, units per month".to_string()),
            x_labels: labels.clone(),
            series: company,
            format: ValueFormat::Number,
            marker: marker.clone(),
            highlights: Vec::new(),
            width: 1240,
            height: 300,
        }));
        out.push_str("</div>");
    }
    let charts: Vec<String> = families
        .iter()
        .filter_map(|family| {
            let series: Vec<LineSeries> = [
                (KeyFigure::SalesHistory, "Sales history", colour::HISTORY),
                (
                    KeyFigure::ConsensusDemand,
                    "Consensus demand",
                    colour::DEMAND,
                ),
                (KeyFigure::PlannedReceipts, "Supply", colour::SUPPLY),
            ]
            .into_iter()
            .filter_map(|(figure, name, color)| {
                let s = family_series(plan, figure, family)?;
                Some(LineSeries::new(
                    name,
                    color,
                    aligned(Some(s), window.clone()),
                ))
            })
            .collect();
            if !series.iter().any(|s| has_signal(&s.values)) {
                return None;
            }
            let horizon_demand = family_series(plan, KeyFigure::ConsensusDemand, family)
                .map(|s| s.total())
                .unwrap_or(0.0);
            let horizon_supply = family_series(plan, KeyFigure::PlannedReceipts, family)
                .map(|s| s.total())
                .unwrap_or(0.0);
            Some(line_chart(&LineChartSpec {
                title: family.clone(),
                subtitle: Some(format!(
                    "horizon demand {} · supply {} units",
                    format_quantity(horizon_demand),
                    format_quantity(horizon_supply)
                )),
                x_labels: labels.clone(),
                series,
                format: ValueFormat::Number,
                marker: marker.clone(),
                highlights: Vec::new(),
                width: 620,
                height: 250,
            }))
        })
        .collect();
    if !charts.is_empty() {
        out.push_str("<h3>By family</h3><div class=\"grid\">");
        for chart in charts {
            out.push_str(&chart);
        }
        out.push_str("</div>");
    }
    out.push_str("</section>\n");
}

fn inventory_section(out: &mut String, plan: &Plan, currency: &str) {
    let calendar = &plan.calendar;
    section_open(
        out,
        "inventory",
        "Projected inventory vs safety stock",
        "Finished-goods inventory at each month end against the safety-stock target, in units.",
    );
    let horizon = calendar.horizon();
    let labels = calendar.labels(horizon.clone());
    let charts: Vec<String> = families(plan)
        .iter()
        .filter_map(|family| {
            let inventory = family_series(plan, KeyFigure::ProjectedInventory, family);
            let target = family_series(plan, KeyFigure::SafetyStock, family);
            if inventory.is_none() && target.is_none() {
                return None;
            }
            let inventory_values = aligned(inventory, horizon.clone());
            let target_values = aligned(target, horizon.clone());
            if !has_signal(&inventory_values) && !has_signal(&target_values) {
                return None;
            }
            let below: Vec<usize> = inventory_values
                .iter()
                .zip(&target_values)
                .enumerate()
                .filter(|(_, (i, t))| matches!((i, t), (Some(i), Some(t)) if i < t))
                .map(|(idx, _)| idx)
                .collect();
            let mut series = Vec::new();
            if inventory.is_some() {
                series.push(
                    LineSeries::new("Projected inventory", colour::INVENTORY, inventory_values)
                        .filled(),
                );
            }
            if target.is_some() {
                series
                    .push(LineSeries::new("Safety stock", colour::TARGET, target_values).dashed());
            }
            let subtitle = if inventory.is_some() && target.is_some() {
                format!(
                    "below target (red) in {} of {} months",
                    below.len(),
                    horizon.len()
                )
            } else {
                "units at month end".to_string()
            };
            Some(line_chart(&LineChartSpec {
                title: family.clone(),
                subtitle: Some(subtitle),
                x_labels: labels.clone(),
                series,
                format: ValueFormat::Number,
                marker: None,
                highlights: below,
                width: 620,
                height: 230,
            }))
        })
        .collect();
    if charts.is_empty() {
        empty(out, "This plan has no inventory series by family.");
    } else {
        out.push_str("<div class=\"grid\">");
        for chart in charts {
            out.push_str(&chart);
        }
        out.push_str("</div>");
    }
    let shortfalls = shortfalls(plan);
    if !shortfalls.is_empty() {
        let _ = write!(
            out,
            "<h3>Item-locations below safety stock</h3><table><thead><tr><th>Item</th><th>Location</th>\
             <th class=\"num\">Months below target</th><th>First month</th>\
             <th class=\"num\">Largest gap</th><th class=\"num\">Lowest inventory</th></tr></thead><tbody>"
        );
        for s in shortfalls.iter().take(TOP_SHORTFALLS) {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td class=\"num{}\">{}</td></tr>",
                escape_html(&s.item),
                escape_html(&s.location),
                s.buckets_below,
                escape_html(&calendar.label(s.first_below)),
                format_quantity(s.worst_gap),
                if s.lowest < 0.0 { " neg" } else { "" },
                format_quantity(s.lowest),
            );
        }
        out.push_str("</tbody></table>");
        if shortfalls.len() > TOP_SHORTFALLS {
            let _ = write!(
                out,
                "<p class=\"note\">Showing the {TOP_SHORTFALLS} worst of {} item-locations below target.</p>",
                shortfalls.len()
            );
        }
    }
    safety_stock_table(out, plan, currency);
    out.push_str("</section>\n");
}

/// A safety-stock basis code (`SafetyStockRecord::basis`) in words.
fn basis_label(code: &str) -> &str {
    match code {
        "fixed" => "fixed",
        "cover" => "days of cover",
        "normal_csl" => "normal (cycle service level)",
        "normal_fill_rate" => "normal (fill rate)",
        "poisson" => "Poisson",
        "negative_binomial" => "negative binomial",
        "no_uncertainty" => "no uncertainty",
        "unsourced" => "cannot be replenished",
        other => other,
    }
}

/// How many buffers hold their safety stock on each basis, most common first
/// (ties by label): `312 normal (cycle service level), 40 normal (fill rate), …`.
fn basis_counts(plan: &Plan) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for record in &plan.safety_stocks {
        *counts.entry(basis_label(&record.basis)).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(label, count)| format!("{} {label}", group_thousands(*count as f64, 0)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a buffer's safety stock at standard cost.
fn safety_stock_value(record: &SafetyStockRecord) -> f64 {
    record.safety_stock * record.unit_cost
}

/// The buffers with the most valuable safety stocks (units × standard cost), largest
/// first, ties by item and location, with why each holds it.
fn largest_safety_stocks(plan: &Plan) -> Vec<&SafetyStockRecord> {
    let mut largest: Vec<&SafetyStockRecord> = plan
        .safety_stocks
        .iter()
        .filter(|record| safety_stock_value(record).is_finite())
        .collect();
    largest.sort_by(|a, b| {
        safety_stock_value(b)
            .total_cmp(&safety_stock_value(a))
            .then_with(|| b.safety_stock.total_cmp(&a.safety_stock))
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.location.cmp(&b.location))
    });
    largest.truncate(TOP_SAFETY_STOCKS);
    largest
}

/// Why each buffer holds its safety stock: the count by basis and the largest ones
/// explained. Nothing for a plan without safety-stock records (stored before they were).
fn safety_stock_table(out: &mut String, plan: &Plan, currency: &str) {
    if plan.safety_stocks.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h3>Why each buffer holds its safety stock</h3><p>{} buffers by basis: {}.</p>\
         <table><thead><tr><th>Item</th><th>Location</th><th class=\"num\">Safety stock</th>\
         <th class=\"num\">Value</th><th>Basis</th><th>Why</th></tr></thead><tbody>",
        group_thousands(plan.safety_stocks.len() as f64, 0),
        escape_html(&basis_counts(plan)),
    );
    let largest = largest_safety_stocks(plan);
    for record in &largest {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"nowrap\">{}</td><td>{}</td></tr>",
            escape_html(&record.item),
            escape_html(&record.location),
            format_quantity(record.safety_stock),
            escape_html(&format_money(safety_stock_value(record), currency)),
            escape_html(basis_label(&record.basis)),
            escape_html(&record.explanation),
        );
    }
    out.push_str("</tbody></table>");
    let _ = write!(
        out,
        "<p class=\"note\">The {} most valuable safety stocks (units × standard cost). \
         k is the safety factor, σ the standard deviation of demand over the lead time, σ_D \
         that of the one-step forecast error, s_L that of the lead time in buckets; the \
         reorder point is mean demand over the lead time plus the safety stock.</p>",
        largest.len()
    );
}

fn capacity_section(out: &mut String, plan: &Plan) {
    let calendar = &plan.calendar;
    section_open(
        out,
        "capacity",
        "Capacity utilisation",
        "Required hours as a share of available hours, by resource and month. Red cells are overloaded: beyond available hours plus the overtime the plan works there.",
    );
    let resources = resources(plan);
    if resources.is_empty() {
        empty(out, "This plan has no capacity series.");
        out.push_str("</section>\n");
        return;
    }
    let horizon = calendar.horizon();
    let rows: Vec<HeatmapRow> = resources
        .iter()
        .map(|resource| {
            let load = plan.series(&fulcrum_core::SeriesKey::resource(
                KeyFigure::CapacityLoad,
                resource,
            ));
            let available = plan.series(&fulcrum_core::SeriesKey::resource(
                KeyFigure::CapacityAvailable,
                resource,
            ));
            let overtime = plan.series(&fulcrum_core::SeriesKey::resource(
                KeyFigure::CapacityOvertime,
                resource,
            ));
            HeatmapRow {
                name: resource.clone(),
                cells: horizon
                    .clone()
                    .map(|idx| HeatmapCell {
                        load: load.map_or(0.0, |s| s.at(idx)),
                        available: available.map_or(0.0, |s| s.at(idx)),
                        overtime: overtime.map_or(0.0, |s| s.at(idx)),
                    })
                    .collect(),
            }
        })
        .collect();
    let overloaded = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.is_overloaded())
        .count();
    let on_overtime = rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.is_on_overtime())
        .count();
    let cells: usize = rows.iter().map(|r| r.cells.len()).sum();
    let overtime_note = if on_overtime > 0 {
        format!(
            "; {} more run beyond regular hours on planned overtime",
            group_thousands(on_overtime as f64, 0)
        )
    } else {
        String::new()
    };
    out.push_str(&utilisation_heatmap(&HeatmapSpec {
        title: format!(
            "{} of {} resource-months overloaded{overtime_note}",
            group_thousands(overloaded as f64, 0),
            group_thousands(cells as f64, 0)
        ),
        columns: calendar.labels(horizon),
        rows,
        unit: "h".to_string(),
    }));
    out.push_str("<div class=\"scale\">Utilisation:");
    for (label, u) in [
        ("0%", 0.0),
        ("50%", 0.5),
        ("80%", 0.8),
        ("90%", 0.9),
        ("100%", 1.0),
        ("overloaded", 1.1),
        ("overloaded over 120%", 1.3),
    ] {
        let (bg, _) = crate::charts::heat_colour(u);
        let _ = write!(out, "<span><i style=\"background:{bg}\"></i>{label}</span>");
    }
    let _ = write!(
        out,
        "<span><i style=\"background:{}\"></i>over 100% on planned overtime</span>",
        crate::charts::OVERTIME_COLOUR
    );
    out.push_str("</div></section>\n");
}

/// The signed-class of a gap: `pos` when favourable, `neg` when not.
fn gap_class(value: f64) -> &'static str {
    if value < 0.0 { "neg" } else { "pos" }
}

fn finance_section(out: &mut String, input: &ReportInput) {
    let plan = input.plan;
    let calendar = &plan.calendar;
    let currency = input.currency;
    section_open(
        out,
        "finance",
        "Revenue and gross margin vs budget",
        "Planned revenue and gross margin by month against the budgeted revenue.",
    );
    let horizon = calendar.horizon();
    let revenue = company_total(plan, KeyFigure::Revenue, horizon.clone());
    let margin = company_total(plan, KeyFigure::GrossMargin, horizon.clone());
    let budget = company_total(plan, KeyFigure::BudgetRevenue, horizon.clone());
    if revenue.is_none() && margin.is_none() && budget.is_none() {
        empty(out, "This plan has no financial series.");
        out.push_str("</section>\n");
        return;
    }
    let money = ValueFormat::Money(currency.to_string());
    let total_revenue = revenue.as_deref().map(sum);
    let total_margin = margin.as_deref().map(sum);
    let total_budget = budget.as_deref().map(sum);
    out.push_str("<div class=\"stats\">");
    let mut stat = |label: &str, value: String, class: &str| {
        let _ = write!(
            out,
            "<div class=\"stat\"><div class=\"label\">{}</div><div class=\"value {class}\">{}</div></div>",
            escape_html(label),
            escape_html(&value)
        );
    };
    if let Some(r) = total_revenue {
        stat("Revenue", format_money(r, currency), "");
    }
    if let Some(b) = total_budget {
        stat("Budget revenue", format_money(b, currency), "");
    }
    if let (Some(r), Some(b)) = (total_revenue, total_budget) {
        let gap = r - b;
        let pct = if b.abs() > 0.0 {
            format!(" ({})", format_percent(gap / b, 1))
        } else {
            String::new()
        };
        stat(
            "Gap to budget",
            format!("{}{pct}", format_money(gap, currency)),
            gap_class(gap),
        );
    }
    if let Some(m) = total_margin {
        stat("Gross margin", format_money(m, currency), gap_class(m));
        if let Some(r) = total_revenue.filter(|r| r.abs() > 0.0) {
            stat("Gross margin %", format_percent(m / r, 1), gap_class(m));
        }
    }
    out.push_str("</div>");
    let mut bars = Vec::new();
    if let Some(values) = &revenue {
        bars.push(BarSeries {
            name: "Revenue".to_string(),
            color: colour::REVENUE.to_string(),
            values: values.iter().map(|v| v.unwrap_or(0.0)).collect(),
        });
    }
    if let Some(values) = &margin {
        bars.push(BarSeries {
            name: "Gross margin".to_string(),
            color: colour::MARGIN.to_string(),
            values: values.iter().map(|v| v.unwrap_or(0.0)).collect(),
        });
    }
    let lines = budget
        .map(|values| {
            vec![
                LineSeries::new("Budget revenue", colour::BUDGET, values)
                    .dashed()
                    .with_dots(),
            ]
        })
        .unwrap_or_default();
    out.push_str(&bar_line_chart(&BarLineChartSpec {
        title: "Company by month".to_string(),
        subtitle: Some(format!("in {}", currency)),
        x_labels: calendar.labels(horizon.clone()),
        bars,
        lines,
        format: money,
        width: 1240,
        height: 320,
    }));
    family_finance_table(out, plan, currency);
    out.push_str("</section>\n");
}

/// A family's horizon revenue, gross margin and budget revenue.
type FamilyMoney = (String, Option<f64>, Option<f64>, Option<f64>);

fn family_finance_table(out: &mut String, plan: &Plan, currency: &str) {
    let rows: Vec<FamilyMoney> = families(plan)
        .into_iter()
        .map(|family| {
            let total = |figure| family_series(plan, figure, &family).map(|s| s.total());
            let revenue = total(KeyFigure::Revenue);
            let margin = total(KeyFigure::GrossMargin);
            let budget = total(KeyFigure::BudgetRevenue);
            (family, revenue, margin, budget)
        })
        .filter(|(_, r, m, b)| has_signal(&[*r, *m, *b]))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str(
        "<h3>By family, whole horizon</h3><table><thead><tr><th>Family</th>\
         <th class=\"num\">Revenue</th><th class=\"num\">Budget revenue</th>\
         <th class=\"num\">Gap to budget</th><th class=\"num\">Gap %</th>\
         <th class=\"num\">Gross margin</th><th class=\"num\">Gross margin %</th></tr></thead><tbody>",
    );
    let money = |v: Option<f64>| v.map_or("–".to_string(), |v| format_money(v, currency));
    for (family, revenue, margin, budget) in rows {
        let gap = revenue.zip(budget).map(|(r, b)| r - b);
        let gap_pct = gap
            .zip(budget)
            .filter(|(_, b)| b.abs() > 0.0)
            .map(|(g, b)| g / b);
        let margin_pct = margin
            .zip(revenue)
            .filter(|(_, r)| r.abs() > 0.0)
            .map(|(m, r)| m / r);
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num {gc}\">{}</td><td class=\"num {gc}\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape_html(&family),
            escape_html(&money(revenue)),
            escape_html(&money(budget)),
            escape_html(&money(gap)),
            gap_pct.map_or("–".to_string(), |p| format_percent(p, 1)),
            escape_html(&money(margin)),
            margin_pct.map_or("–".to_string(), |p| format_percent(p, 1)),
            gc = gap.map_or("", gap_class),
        );
    }
    out.push_str("</tbody></table>");
}

/// How many item-locations the forecast-interval table lists.
const TOP_FORECASTS: usize = 10;
/// How many of them get a fan chart.
const TOP_FAN_CHARTS: usize = 4;

/// Mean of the finite values, `None` when there is none.
fn mean_finite(values: &[f64]) -> Option<f64> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    (!finite.is_empty()).then(|| finite.iter().sum::<f64>() / finite.len() as f64)
}

/// Backtest accuracy of the chosen models per (method, demand class): WAPE,
/// MASE and bias, each the unweighted mean over the item-locations that have it.
fn forecast_accuracy_table(out: &mut String, plan: &Plan) {
    // (method, class) → (item-locations, WAPEs, MASEs, biases).
    type Group = (usize, Vec<f64>, Vec<f64>, Vec<f64>);
    let mut groups: BTreeMap<(&str, &str), Group> = BTreeMap::new();
    for model in &plan.forecast_models {
        let class = if model.demand_class.trim().is_empty() {
            "unclassified"
        } else {
            model.demand_class.as_str()
        };
        let group = groups.entry((model.method.as_str(), class)).or_default();
        group.0 += 1;
        match &model.accuracy {
            Some(accuracy) => {
                group.1.push(accuracy.wape);
                group.2.push(accuracy.mase);
                group.3.push(accuracy.bias);
            }
            None => {
                if let Some(wape) = model.backtest_wape {
                    group.1.push(wape);
                }
            }
        }
    }
    let mut rows: Vec<_> = groups.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    out.push_str(
        "<table><caption>Backtest accuracy by method and demand class</caption><thead><tr>\
         <th>Method</th><th>Demand class</th><th class=\"num\">Item-locations</th>\
         <th class=\"num\">WAPE</th><th class=\"num\">MASE</th><th class=\"num\">Bias</th>\
         </tr></thead><tbody>",
    );
    let cell =
        |value: Option<f64>, text: &dyn Fn(f64) -> String| value.map_or("–".to_string(), text);
    for ((method, class), (count, wapes, mases, biases)) in rows {
        let bias = mean_finite(&biases);
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num{}\">{}</td></tr>",
            escape_html(method),
            escape_html(class),
            group_thousands(count as f64, 0),
            // The engine's metrics are in percent (WAPE 17.1 = 17.1%).
            cell(mean_finite(&wapes), &|w| format_percent(w / 100.0, 1)),
            cell(mean_finite(&mases), &|m| format!("{m:.2}")),
            if bias.is_some_and(|b| b.abs() >= 10.0) {
                " neg"
            } else {
                ""
            },
            cell(bias, &|b| format!("{b:+.1}%")),
        );
    }
    out.push_str("</tbody></table>");
    if let Some(kpi) = plan.kpi("forecast_wape") {
        let _ = write!(
            out,
            "<p class=\"note\">The headline forecast WAPE ({}) is measured differently: the \
             whole forecast refitted a year back and compared with the last year of actuals \
             (one-year holdout). A “–” below means the chosen model was not backtested \
             (too little history, or a method without a backtest).</p>",
            format_percent(kpi.value, 1)
        );
    }
    out.push_str(
        "<p class=\"note\">Backtest of each item-location's chosen model over rolling origins; \
         unweighted means over the item-locations of a row. WAPE = Σ|error| ÷ Σ actual; \
         MASE below 1 beats the in-sample seasonal naive; bias = Σ(forecast − actual) ÷ Σ|actual| \
         (positive: over-forecast), in red beyond ±10%.</p>",
    );
}

/// The item-locations with the largest statistical forecast over the horizon,
/// largest first, with their forecast series.
fn top_forecasts(plan: &Plan) -> Vec<(&str, &str, f64)> {
    let mut top: Vec<(&str, &str, f64)> = plan
        .series_of(KeyFigure::StatisticalForecast)
        .filter_map(|s| {
            let item = s.key.item.as_deref()?;
            let location = s.key.location.as_deref()?;
            Some((item, location, s.total()))
        })
        .filter(|(_, _, total)| total.is_finite())
        .collect();
    top.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
    top.truncate(TOP_FORECASTS);
    top
}

fn forecast_section(out: &mut String, plan: &Plan) {
    section_open(
        out,
        "forecast",
        "Forecast quality",
        "The statistical forecast per family (reconciled: items add up to their family and families to the company total), \
         prediction intervals of the largest item-locations, and the backtested accuracy of the models chosen.",
    );
    let calendar = &plan.calendar;
    let window = demand_window(calendar);
    let labels = calendar.labels(window.clone());
    let marker = (calendar.history_len() > window.start).then(|| Marker {
        index: calendar.history_len() - window.start,
        label: "Plan start".to_string(),
    });
    let family_charts: Vec<String> = families(plan)
        .iter()
        .filter_map(|family| {
            let forecast = family_series(plan, KeyFigure::StatisticalForecast, family)?;
            let history = family_series(plan, KeyFigure::SalesHistory, family);
            let series = vec![
                LineSeries::new(
                    "Sales history",
                    colour::HISTORY,
                    aligned(history, window.clone()),
                ),
                LineSeries::new(
                    "Statistical forecast",
                    colour::FORECAST,
                    aligned(Some(forecast), window.clone()),
                ),
            ];
            if !series.iter().any(|s| has_signal(&s.values)) {
                return None;
            }
            Some(line_chart(&LineChartSpec {
                title: family.clone(),
                subtitle: Some(format!(
                    "horizon forecast {} units",
                    format_quantity(forecast.total())
                )),
                x_labels: labels.clone(),
                series,
                format: ValueFormat::Number,
                marker: marker.clone(),
                highlights: Vec::new(),
                width: 620,
                height: 230,
            }))
        })
        .collect();
    let top = top_forecasts(plan);
    if plan.forecast_models.is_empty() && family_charts.is_empty() && top.is_empty() {
        empty(
            out,
            "This plan has no statistical forecast or forecast model records.",
        );
        out.push_str("</section>\n");
        return;
    }
    if !family_charts.is_empty() {
        out.push_str("<h3>Statistical forecast by family</h3><div class=\"grid\">");
        for chart in family_charts {
            out.push_str(&chart);
        }
        out.push_str("</div>");
    }
    if !top.is_empty() {
        forecast_interval_table(out, plan, &top, &labels, window.clone(), marker.as_ref());
    }
    if !plan.forecast_models.is_empty() {
        out.push_str("<h3>Accuracy</h3>");
        forecast_accuracy_table(out, plan);
    }
    out.push_str("</section>\n");
}

/// The interval table of the largest item-locations and fan charts of the first few.
fn forecast_interval_table(
    out: &mut String,
    plan: &Plan,
    top: &[(&str, &str, f64)],
    labels: &[String],
    window: std::ops::Range<usize>,
    marker: Option<&Marker>,
) {
    let first = plan.calendar.history_len();
    let figure = |figure: KeyFigure, item: &str, location: &str| {
        plan.series(&SeriesKey::item_location(figure, item, location))
    };
    let at = |figure_key: KeyFigure, item: &str, location: &str| {
        figure(figure_key, item, location).and_then(|s| covered(s, first))
    };
    let interval = |lower: Option<f64>, upper: Option<f64>| match (lower, upper) {
        (Some(lo), Some(hi)) => format!("{} – {}", format_quantity(lo), format_quantity(hi)),
        _ => "–".to_string(),
    };
    let _ = write!(
        out,
        "<h3>Largest item-locations: forecast and prediction intervals</h3>\
         <p class=\"note\">Intervals are shown per item-location only, where they are valid; \
         they are not summed to families (bounds of different items do not add up). \
         First horizon month {}.</p>\
         <table><thead><tr><th>Item</th><th>Location</th><th>Method</th><th>Demand class</th>\
         <th class=\"num\">Horizon forecast</th><th class=\"num\">First month</th>\
         <th class=\"num\">80% interval</th><th class=\"num\">95% interval</th></tr></thead><tbody>",
        escape_html(&plan.calendar.label(first)),
    );
    for &(item, location, total) in top {
        let model = plan
            .forecast_models
            .iter()
            .find(|m| m.item == item && m.location == location);
        let _ = write!(
            out,
            "<tr><td class=\"nowrap\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape_html(item),
            escape_html(location),
            escape_html(model.map_or("–", |m| m.method.as_str())),
            escape_html(model.map_or("–", |m| m.demand_class.as_str())),
            format_quantity(total),
            at(KeyFigure::StatisticalForecast, item, location)
                .map_or("–".to_string(), format_quantity),
            interval(
                at(KeyFigure::ForecastLower80, item, location),
                at(KeyFigure::ForecastUpper80, item, location)
            ),
            interval(
                at(KeyFigure::ForecastLower95, item, location),
                at(KeyFigure::ForecastUpper95, item, location)
            ),
        );
    }
    out.push_str("</tbody></table>");
    let charts: Vec<String> = top
        .iter()
        .take(TOP_FAN_CHARTS)
        .filter_map(|&(item, location, _)| {
            let bound = |key: KeyFigure| aligned(figure(key, item, location), window.clone());
            let bands: Vec<Band> = [
                (
                    KeyFigure::ForecastLower95,
                    KeyFigure::ForecastUpper95,
                    "95% interval",
                    0.12,
                ),
                (
                    KeyFigure::ForecastLower80,
                    KeyFigure::ForecastUpper80,
                    "80% interval",
                    0.25,
                ),
            ]
            .into_iter()
            .filter(|(lower, _, _, _)| figure(*lower, item, location).is_some())
            .map(|(lower, upper, name, opacity)| Band {
                name: name.to_string(),
                color: colour::FORECAST.to_string(),
                opacity,
                lower: bound(lower),
                upper: bound(upper),
            })
            .collect();
            if bands.is_empty() {
                return None;
            }
            Some(fan_chart(
                &LineChartSpec {
                    title: format!("{item} @ {location}"),
                    subtitle: Some(
                        "statistical forecast with its prediction intervals".to_string(),
                    ),
                    x_labels: labels.to_vec(),
                    series: vec![
                        LineSeries::new(
                            "Sales history",
                            colour::HISTORY,
                            bound(KeyFigure::SalesHistory),
                        ),
                        LineSeries::new(
                            "Statistical forecast",
                            colour::FORECAST,
                            bound(KeyFigure::StatisticalForecast),
                        ),
                    ],
                    format: ValueFormat::Number,
                    marker: marker.cloned(),
                    highlights: Vec::new(),
                    width: 620,
                    height: 230,
                },
                &bands,
            ))
        })
        .collect();
    if !charts.is_empty() {
        out.push_str("<div class=\"grid\" style=\"margin-top:14px\">");
        for chart in charts {
            out.push_str(&chart);
        }
        out.push_str("</div>");
    }
}

fn exceptions_section(out: &mut String, plan: &Plan) {
    let critical = plan
        .exceptions
        .iter()
        .filter(|e| e.severity == Severity::Critical)
        .count();
    let warnings = plan.exceptions.len() - critical;
    section_open(
        out,
        "exceptions",
        "Exceptions",
        &format!(
            "{critical} critical, {warnings} warning{}. Critical exceptions mean the plan cannot be executed as is.",
            if warnings == 1 { "" } else { "s" }
        ),
    );
    if plan.exceptions.is_empty() {
        empty(out, "No exceptions: nothing in this plan needs attention.");
        out.push_str("</section>\n");
        return;
    }
    // code → (critical, warning) counts.
    let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for exception in &plan.exceptions {
        let entry = kinds.entry(exception.code.as_str()).or_default();
        match exception.severity {
            Severity::Critical => entry.0 += 1,
            Severity::Warning => entry.1 += 1,
        }
    }
    out.push_str("<div class=\"kinds\">");
    for (code, (critical, warning)) in kinds {
        let _ = write!(
            out,
            "<span><code>{}</code> <b>{}</b>{}</span>",
            escape_html(code),
            critical + warning,
            if critical > 0 {
                format!(" ({critical} critical)")
            } else {
                String::new()
            }
        );
    }
    out.push_str("</div>");
    let mut sorted: Vec<_> = plan.exceptions.iter().collect();
    sorted.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(
                a.bucket
                    .unwrap_or(usize::MAX)
                    .cmp(&b.bucket.unwrap_or(usize::MAX)),
            )
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    out.push_str(
        "<table class=\"exceptions\"><thead><tr><th>Severity</th><th class=\"nowrap\">Month</th><th>Kind</th>\
         <th>What needs attention</th></tr></thead><tbody>",
    );
    for exception in sorted.iter().take(MAX_EXCEPTIONS) {
        let severity = exception.severity.as_str();
        let month = exception
            .bucket
            .filter(|&b| b < plan.calendar.len())
            .map(|b| plan.calendar.label(b))
            .unwrap_or_else(|| "–".to_string());
        let _ = write!(
            out,
            "<tr><td><span class=\"badge {severity}\">{severity}</span></td><td class=\"nowrap\">{}</td>\
             <td><code>{}</code></td><td>{}</td></tr>",
            escape_html(&month),
            escape_html(&exception.code),
            escape_html(&exception.message),
        );
    }
    out.push_str("</tbody></table>");
    if sorted.len() > MAX_EXCEPTIONS {
        let _ = write!(
            out,
            "<p class=\"note\">Showing the first {MAX_EXCEPTIONS} of {} exceptions, most serious and earliest first.</p>",
            group_thousands(sorted.len() as f64, 0)
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_core::KpiUnit;

    fn kpi(code: &str, value: f64) -> Kpi {
        Kpi {
            code: code.into(),
            label: code.into(),
            value,
            unit: KpiUnit::Ratio,
        }
    }

    #[test]
    fn tones_of_known_kpis() {
        assert_eq!(kpi_tone(&kpi("overloaded_buckets", 3.0)), "bad");
        assert_eq!(kpi_tone(&kpi("overloaded_buckets", 0.0)), "good");
        assert_eq!(kpi_tone(&kpi("fill_rate", 0.99)), "good");
        assert_eq!(kpi_tone(&kpi("fill_rate", 0.96)), "warn");
        assert_eq!(kpi_tone(&kpi("fill_rate", 0.5)), "bad");
        assert_eq!(kpi_tone(&kpi("capacity_utilisation", 1.1)), "bad");
        assert_eq!(kpi_tone(&kpi("budget_revenue_gap", -1.0)), "warn");
        assert_eq!(kpi_tone(&kpi("total_revenue", -1.0)), "");
        assert_eq!(kpi_tone(&kpi("fill_rate", f64::NAN)), "");
    }

    fn record(item: &str, location: &str, safety_stock: f64, basis: &str) -> SafetyStockRecord {
        SafetyStockRecord {
            item: item.into(),
            location: location.into(),
            safety_stock,
            unit_cost: 1.0,
            basis: basis.into(),
            explanation: format!("{basis} <why>"),
        }
    }

    fn plan_with(safety_stocks: Vec<SafetyStockRecord>) -> Plan {
        Plan {
            calendar: Calendar::monthly(
                fulcrum_core::YearMonth {
                    year: 2026,
                    month: 1,
                },
                2,
                18,
            )
            .expect("calendar"),
            series: Vec::new(),
            planned_orders: Vec::new(),
            pegging: Vec::new(),
            kpis: Vec::new(),
            forecast_models: Vec::new(),
            safety_stocks,
            exceptions: Vec::new(),
        }
    }

    /// Twenty buffers at a unit cost of 1, and X: 2 units at 100 each. The table keeps
    /// the 15 most valuable (X first; ties by quantity, item, location; a NaN is left
    /// out), and the count by basis covers all of them, most common first.
    #[test]
    fn safety_stocks_are_explained_largest_first_and_counted_by_basis() {
        let mut records: Vec<SafetyStockRecord> = (0..16)
            .map(|idx| record(&format!("I{idx:02}"), "DC", f64::from(idx), "normal_csl"))
            .collect();
        records.push(record("A", "DC", 15.0, "normal_fill_rate"));
        records.push(record("Z", "P1", 40.0, "poisson"));
        records.push(record("Z", "DC", 40.0, "poisson"));
        records.push(record("N", "DC", f64::NAN, "fixed"));
        records.push(SafetyStockRecord {
            unit_cost: 100.0,
            ..record("X", "DC", 2.0, "fixed")
        });
        let plan = plan_with(records);

        let largest: Vec<(&str, &str, f64)> = largest_safety_stocks(&plan)
            .iter()
            .map(|r| (r.item.as_str(), r.location.as_str(), r.safety_stock))
            .collect();
        assert_eq!(largest.len(), TOP_SAFETY_STOCKS);
        assert_eq!(
            &largest[..5],
            &[
                ("X", "DC", 2.0),
                ("Z", "DC", 40.0),
                ("Z", "P1", 40.0),
                ("A", "DC", 15.0),
                ("I15", "DC", 15.0)
            ]
        );
        assert_eq!(largest[14], ("I05", "DC", 5.0));
        assert_eq!(
            basis_counts(&plan),
            "16 normal (cycle service level), 2 Poisson, 2 fixed, 1 normal (fill rate)"
        );

        let mut html = String::new();
        safety_stock_table(&mut html, &plan, "EUR");
        assert!(html.contains("Why each buffer holds its safety stock"));
        assert!(html.contains("21 buffers by basis: 16 normal (cycle service level)"));
        assert!(html.contains("<td class=\"num\">2</td><td class=\"num\">€200</td>"));
        assert!(html.contains("<td>poisson &lt;why&gt;</td>"));
        assert_eq!(html.matches("<tr><td>").count(), TOP_SAFETY_STOCKS);
        assert_eq!(html, {
            let mut again = String::new();
            safety_stock_table(&mut again, &plan, "EUR");
            again
        });

        let mut none = String::new();
        safety_stock_table(&mut none, &plan_with(Vec::new()), "EUR");
        assert!(none.is_empty());
    }

    #[test]
    fn demand_window_shows_two_years_of_history() {
        let calendar = Calendar::monthly(
            fulcrum_core::YearMonth {
                year: 2026,
                month: 1,
            },
            36,
            24,
        )
        .expect("calendar");
        assert_eq!(demand_window(&calendar), 12..60);
        assert_eq!(span_text(&calendar, 0..0), "none");
        assert_eq!(
            span_text(&calendar, calendar.horizon()),
            "2026-01 to 2027-12 (24 months)"
        );
    }
}
