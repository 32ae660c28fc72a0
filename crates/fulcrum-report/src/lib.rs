//! Fulcrum's plan report: the headline KPIs as a terminal table and one
//! self-contained HTML page with SVG charts.
//!
//! The page has a header (company, version, calendar), KPI tiles, then:
//! 1. demand vs supply: company demand and one small chart per family
//!    (sales history, consensus demand, planned supply);
//! 2. projected inventory vs the safety-stock target per family, plus the
//!    item-locations most often below target, and why each buffer holds its safety
//!    stock (the count of buffers by basis and the 15 largest safety stocks, each
//!    with its explanation);
//! 3. capacity utilisation by resource and month as a heat-map (red above 100%),
//!    then the constrained plan's strategies costed side by side;
//! 4. revenue and gross margin vs budget revenue by month, and by family;
//! 5. forecast quality: the (reconciled) statistical forecast per family, the
//!    prediction intervals of the ten largest item-locations (fan charts of the
//!    first four; intervals are never summed to families, where they are not
//!    valid), and backtest WAPE, MASE and bias by method and demand class;
//! 6. the exceptions table.
//!
//! The page loads nothing: no scripts, fonts, images or network. Output is
//! deterministic: the same plan always renders to the same bytes. Charts come
//! from the small pure functions in [`charts`]; number formatting conventions
//! (`€1,234,567`, `34.5%`) live in [`mod@format`].
//!
//! ```
//! use fulcrum_core::{Calendar, Kpi, KpiUnit, Plan, YearMonth};
//! use fulcrum_report::{render_html, render_text, ReportInput};
//!
//! let plan = Plan {
//!     calendar: Calendar::monthly(YearMonth::new(2026, 1).unwrap(), 12, 18).unwrap(),
//!     series: vec![],
//!     planned_orders: vec![],
//!     pegging: Vec::new(),
//!     kpis: vec![Kpi {
//!         code: "total_revenue".into(),
//!         label: "Total revenue".into(),
//!         value: 1_234_567.0,
//!         unit: KpiUnit::Money,
//!     }],
//!     forecast_models: vec![],
//!     safety_stocks: vec![],
//!     exceptions: vec![],
//! };
//! let input = ReportInput { company: "Acme", currency: "EUR", version_name: "2026-01", plan: &plan };
//! assert!(render_html(&input).contains("€1,234,567"));
//! assert!(render_text(&input).contains("Total revenue  €1,234,567"));
//! ```

pub mod charts;
mod data;
pub mod format;
mod page;
pub mod sample;
mod strategies;

use std::fmt::Write;

use fulcrum_core::{Plan, Severity};

use crate::format::format_kpi;

/// What a report is about: the plan and the words around it.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// Company name shown in the header.
    pub company: &'a str,
    /// ISO currency code of money values (`EUR`); `€`, `$`, `£`, `¥` and `₹`
    /// are shown as symbols, other codes as a prefix (`CHF 1,000`).
    pub currency: &'a str,
    /// Name of the plan version reported on.
    pub version_name: &'a str,
    /// The plan.
    pub plan: &'a Plan,
}

/// Renders one self-contained HTML page (no external scripts, fonts or network).
///
/// Every section is present even when the plan has no data for it; empty
/// sections say so. The same input always gives the same bytes.
pub fn render_html(input: &ReportInput) -> String {
    page::render(input)
}

/// Renders the headline KPIs as an aligned plain-text table for the terminal,
/// under a two-line header and above an exception count.
///
/// Labels are left-aligned, values right-aligned; widths are counted in
/// characters so `€` does not break the alignment.
pub fn render_text(input: &ReportInput) -> String {
    let plan = input.plan;
    let calendar = &plan.calendar;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} · plan version {}",
        input.company, input.version_name
    );
    let _ = writeln!(
        out,
        "Horizon {}; history {}",
        page::span_text(calendar, calendar.horizon()),
        page::span_text(calendar, calendar.history())
    );
    out.push('\n');
    if plan.kpis.is_empty() {
        out.push_str("No KPIs in this plan.\n");
    } else {
        let rows: Vec<(&str, String)> = plan
            .kpis
            .iter()
            .map(|kpi| (kpi.label.as_str(), format_kpi(kpi, input.currency)))
            .collect();
        let label_width = rows
            .iter()
            .map(|(label, _)| label.chars().count())
            .chain(["KPI".len()])
            .max()
            .unwrap_or(3);
        let value_width = rows
            .iter()
            .map(|(_, value)| value.chars().count())
            .chain(["Value".len()])
            .max()
            .unwrap_or(5);
        let _ = writeln!(out, "{:<label_width$}  {:>value_width$}", "KPI", "Value");
        let _ = writeln!(
            out,
            "{}  {}",
            "-".repeat(label_width),
            "-".repeat(value_width)
        );
        for (label, value) in rows {
            let _ = writeln!(out, "{label:<label_width$}  {value:>value_width$}");
        }
    }
    let critical = plan
        .exceptions
        .iter()
        .filter(|e| e.severity == Severity::Critical)
        .count();
    let warnings = plan.exceptions.len() - critical;
    let _ = writeln!(
        out,
        "\nExceptions: {critical} critical, {warnings} warning{}",
        if warnings == 1 { "" } else { "s" }
    );
    out
}
