//! A plan version as an Excel workbook, for planners who continue in Excel.
//!
//! Sheets: `KPIs`; `Key figures` (one row per series, one column per bucket of the
//! whole timeline, history then horizon; frozen header and key columns, with an
//! autofilter); `Planned orders`; `Procurement plan` (purchases by supplier, item and
//! location, one column per horizon month of release); `Exceptions`; `Forecast models` (method, demand
//! class, the chosen model's backtest MAPE, WAPE, sMAPE, MASE, RMSSE and bias,
//! reason, parameters); `Safety stock` (item, location, safety stock, unit cost, value,
//! basis code and the explanation of why the buffer holds it). Like the dataset
//! workbook, the bytes depend only on the plan: the creation date is the plan start.

use std::path::Path;

use std::collections::BTreeMap;

use fulcrum_core::{OrderKind, Plan, Series};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::ExportError;

/// What the workbook says about the plan besides its numbers.
#[derive(Debug, Clone, Copy)]
pub struct PlanWorkbookInfo<'a> {
    /// Company name.
    pub company: &'a str,
    /// Currency code of money figures.
    pub currency: &'a str,
    /// Plan version name.
    pub version_name: &'a str,
}

/// Writes `plan` as an `.xlsx` workbook at `path`.
pub fn export_plan_xlsx(
    plan: &Plan,
    info: &PlanWorkbookInfo<'_>,
    path: &Path,
) -> Result<(), ExportError> {
    let to_error = |error: XlsxError| ExportError::Xlsx {
        path: path.to_path_buf(),
        message: error.to_string(),
    };
    let mut workbook = Workbook::new();
    let start = plan.calendar.plan_start();
    let created =
        ExcelDateTime::from_ymd(start.year as u16, start.month as u8, 1).map_err(to_error)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(format!("{} · {}", info.company, info.version_name)),
    );
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("#,##0.##");

    let sheet = workbook
        .add_worksheet()
        .set_name("KPIs")
        .map_err(to_error)?;
    header(sheet, &bold, &["KPI", "Value", "Unit", "Code"]).map_err(to_error)?;
    for (row, kpi) in (1u32..).zip(&plan.kpis) {
        sheet.write_string(row, 0, &kpi.label).map_err(to_error)?;
        sheet
            .write_number_with_format(row, 1, kpi.value, &number)
            .map_err(to_error)?;
        let unit = match kpi.unit {
            fulcrum_core::KpiUnit::Money => info.currency,
            other => other.as_str(),
        };
        sheet.write_string(row, 2, unit).map_err(to_error)?;
        sheet.write_string(row, 3, &kpi.code).map_err(to_error)?;
    }
    sheet.set_column_width(0, 34).map_err(to_error)?;
    sheet.set_column_width(1, 16).map_err(to_error)?;

    key_figures_sheet(workbook.add_worksheet(), plan, &bold, &number).map_err(to_error)?;

    let sheet = workbook
        .add_worksheet()
        .set_name("Planned orders")
        .map_err(to_error)?;
    header(
        sheet,
        &bold,
        &[
            "Kind", "Item", "Location", "From", "Supplier", "Quantity", "Release", "Due",
        ],
    )
    .map_err(to_error)?;
    for (row, order) in (1u32..).zip(&plan.planned_orders) {
        let cells = [
            order.kind.as_str(),
            &order.item,
            &order.location,
            order.from.as_deref().unwrap_or(""),
            order.supplier.as_deref().unwrap_or(""),
        ];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string(row, col, text).map_err(to_error)?;
        }
        sheet
            .write_number_with_format(row, 5, order.quantity, &number)
            .map_err(to_error)?;
        sheet
            .write_string(row, 6, plan.calendar.label(order.release))
            .map_err(to_error)?;
        sheet
            .write_string(row, 7, plan.calendar.label(order.due))
            .map_err(to_error)?;
    }
    finish_table(sheet, plan.planned_orders.len(), 7).map_err(to_error)?;
    procurement_sheet(workbook.add_worksheet(), plan, &bold, &number).map_err(to_error)?;

    let sheet = workbook
        .add_worksheet()
        .set_name("Exceptions")
        .map_err(to_error)?;
    header(sheet, &bold, &["Severity", "Kind", "Bucket", "Message"]).map_err(to_error)?;
    for (row, exception) in (1u32..).zip(&plan.exceptions) {
        sheet
            .write_string(row, 0, exception.severity.as_str())
            .map_err(to_error)?;
        sheet
            .write_string(row, 1, &exception.code)
            .map_err(to_error)?;
        let bucket = exception
            .bucket
            .map(|idx| plan.calendar.label(idx))
            .unwrap_or_default();
        sheet.write_string(row, 2, bucket).map_err(to_error)?;
        sheet
            .write_string(row, 3, &exception.message)
            .map_err(to_error)?;
    }
    finish_table(sheet, plan.exceptions.len(), 3).map_err(to_error)?;
    sheet.set_column_width(3, 120).map_err(to_error)?;

    let sheet = workbook
        .add_worksheet()
        .set_name("Forecast models")
        .map_err(to_error)?;
    header(
        sheet,
        &bold,
        &[
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
        ],
    )
    .map_err(to_error)?;
    for (row, model) in (1u32..).zip(&plan.forecast_models) {
        let parameters = model
            .parameters
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ");
        let cells = [
            &model.item,
            &model.location,
            &model.method,
            &model.demand_class,
        ];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string(row, col, text).map_err(to_error)?;
        }
        // The chosen model's backtest accuracy (columns 4..=9); WAPE falls back
        // to `backtest_wape` for records without the full accuracy. A metric that
        // is not finite (e.g. MAPE of a series with zero actuals) stays empty.
        let accuracy = model.accuracy.as_ref();
        let metrics = [
            accuracy.map(|a| a.mape),
            accuracy.map(|a| a.wape).or(model.backtest_wape),
            accuracy.map(|a| a.smape),
            accuracy.map(|a| a.mase),
            accuracy.map(|a| a.rmsse),
            accuracy.map(|a| a.bias),
        ];
        for (col, value) in (4u16..).zip(metrics) {
            if let Some(value) = value.filter(|v| v.is_finite()) {
                sheet.write_number(row, col, value).map_err(to_error)?;
            }
        }
        sheet
            .write_string(row, 10, &model.reason)
            .map_err(to_error)?;
        sheet.write_string(row, 11, &parameters).map_err(to_error)?;
    }
    finish_table(sheet, plan.forecast_models.len(), 11).map_err(to_error)?;

    safety_stock_sheet(workbook.add_worksheet(), plan, &bold, &number).map_err(to_error)?;

    workbook.save(path).map_err(to_error)
}

/// Every buffer's safety stock with its basis and why, in plan order (item, location).
fn safety_stock_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    bold: &Format,
    number: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Safety stock")?;
    header(
        sheet,
        bold,
        &[
            "Item",
            "Location",
            "Safety stock",
            "Unit cost",
            "Value",
            "Basis",
            "Explanation",
        ],
    )?;
    for (row, record) in (1u32..).zip(&plan.safety_stocks) {
        sheet.write_string(row, 0, &record.item)?;
        sheet.write_string(row, 1, &record.location)?;
        let value = record.safety_stock * record.unit_cost;
        for (col, number_value) in [(2, record.safety_stock), (3, record.unit_cost), (4, value)] {
            if number_value.is_finite() {
                sheet.write_number_with_format(row, col, number_value, number)?;
            }
        }
        sheet.write_string(row, 5, &record.basis)?;
        sheet.write_string(row, 6, &record.explanation)?;
    }
    finish_table(sheet, plan.safety_stocks.len(), 6)?;
    sheet.set_column_width(5, 18)?;
    sheet.set_column_width(6, 120)?;
    Ok(())
}

/// The procurement plan: one row per supplier, item and location that the plan buys,
/// its total and the quantity released in each horizon month (a past-due release is
/// shown in the first month, where the plan releases it).
fn procurement_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    bold: &Format,
    number: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Procurement plan")?;
    let horizon = plan.calendar.horizon();
    let mut rows: BTreeMap<(&str, &str, &str), Vec<f64>> = BTreeMap::new();
    for order in plan
        .planned_orders
        .iter()
        .filter(|order| order.kind == OrderKind::Purchase)
    {
        let supplier = order.supplier.as_deref().unwrap_or("");
        let months = rows
            .entry((supplier, &order.item, &order.location))
            .or_insert_with(|| vec![0.0; horizon.len()]);
        let month = order.release.clamp(horizon.start, horizon.end - 1) - horizon.start;
        months[month] += order.quantity;
    }
    let mut titles = vec![
        "Supplier".to_string(),
        "Item".to_string(),
        "Location".to_string(),
        "Total".to_string(),
    ];
    titles.extend(horizon.clone().map(|bucket| plan.calendar.label(bucket)));
    for (col, title) in (0u16..).zip(&titles) {
        sheet.write_string_with_format(0, col, title, bold)?;
    }
    for (row, ((supplier, item, location), months)) in (1u32..).zip(&rows) {
        for (col, text) in (0u16..).zip([*supplier, *item, *location]) {
            sheet.write_string(row, col, text)?;
        }
        sheet.write_number_with_format(row, 3, months.iter().sum::<f64>(), number)?;
        for (col, &quantity) in (4u16..).zip(months) {
            if quantity != 0.0 {
                sheet.write_number_with_format(row, col, quantity, number)?;
            }
        }
    }
    let last_column = u16::try_from(titles.len() - 1).unwrap_or(u16::MAX);
    finish_table(sheet, rows.len(), last_column)?;
    sheet.set_freeze_panes(1, 4)?;
    Ok(())
}

/// One row per series, one column per timeline bucket.
fn key_figures_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    bold: &Format,
    number: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Key figures")?;
    const KEYS: [&str; 5] = ["Key figure", "Family", "Item", "Location", "Resource"];
    header(sheet, bold, &KEYS)?;
    let key_columns = KEYS.len() as u16;
    for (offset, label) in (0u16..).zip(plan.calendar.labels(0..plan.calendar.len())) {
        sheet.write_string_with_format(0, key_columns + offset, label, bold)?;
    }
    for (row, series) in (1u32..).zip(&plan.series) {
        write_series(sheet, row, series, key_columns, number)?;
    }
    sheet.set_freeze_panes(1, key_columns)?;
    let last_column = key_columns + plan.calendar.len() as u16 - 1;
    sheet.autofilter(0, 0, plan.series.len().max(1) as u32, last_column)?;
    sheet.set_column_width(0, 22)?;
    Ok(())
}

fn write_series(
    sheet: &mut Worksheet,
    row: u32,
    series: &Series,
    key_columns: u16,
    number: &Format,
) -> Result<(), XlsxError> {
    let key = &series.key;
    let texts = [
        key.figure.as_str(),
        key.family.as_deref().unwrap_or(""),
        key.item.as_deref().unwrap_or(""),
        key.location.as_deref().unwrap_or(""),
        key.resource.as_deref().unwrap_or(""),
    ];
    for (col, text) in (0u16..).zip(texts) {
        sheet.write_string(row, col, text)?;
    }
    for (offset, value) in (0u16..).zip(&series.values) {
        let col = key_columns + series.first_bucket as u16 + offset;
        if value.is_finite() {
            sheet.write_number_with_format(row, col, *value, number)?;
        }
    }
    Ok(())
}

fn header(sheet: &mut Worksheet, bold: &Format, titles: &[&str]) -> Result<(), XlsxError> {
    for (col, title) in (0u16..).zip(titles) {
        sheet.write_string_with_format(0, col, *title, bold)?;
    }
    Ok(())
}

fn finish_table(sheet: &mut Worksheet, rows: usize, last_column: u16) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.max(1) as u32, last_column)?;
    Ok(())
}
