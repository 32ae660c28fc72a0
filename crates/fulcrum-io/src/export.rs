//! From a [`Dataset`] to canonical rows of text, and from rows to CSV bytes.
//!
//! Canonical means: every file, columns in schema order, rows sorted by key
//! (then by the whole row, so even an invalid dataset exports deterministically),
//! numbers in their shortest round-trip form.

use fulcrum_core::Dataset;

use crate::format::format_number;
use crate::schema::{FILES, FileSchema, rank};

/// The rows (without header) of one file, in schema column order, sorted.
pub(crate) struct FileRows {
    /// The file's schema.
    pub(crate) schema: &'static FileSchema,
    /// Data rows, each with one cell per schema column.
    pub(crate) rows: Vec<Vec<String>>,
}

fn text(value: &str) -> String {
    value.to_string()
}

fn optional(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn number(value: f64) -> String {
    format_number(value)
}

fn optional_number(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

fn hierarchy(nodes: &[fulcrum_core::HierarchyNode]) -> Vec<Vec<String>> {
    nodes
        .iter()
        .map(|node| vec![text(&node.code), text(&node.name), optional(&node.parent)])
        .collect()
}

/// Every file of `dataset` as sorted rows of canonical text, in schema order.
pub(crate) fn dataset_rows(dataset: &Dataset) -> Vec<FileRows> {
    let settings = &dataset.settings;
    let calendar = &settings.calendar;
    let mut files: Vec<Vec<Vec<String>>> = vec![Vec::new(); FILES.len()];
    files[rank::SETTINGS] = vec![vec![
        text(&settings.company),
        text(&settings.currency),
        calendar.granularity().as_str().to_string(),
        calendar.plan_start().to_string(),
        calendar.history_len().to_string(),
        calendar.horizon_len().to_string(),
    ]];
    files[rank::FAMILIES] = hierarchy(&dataset.families);
    files[rank::REGIONS] = hierarchy(&dataset.regions);
    files[rank::CHANNELS] = hierarchy(&dataset.channels);
    files[rank::ITEMS] = dataset
        .items
        .iter()
        .map(|item| {
            vec![
                text(&item.code),
                text(&item.name),
                text(&item.family),
                text(&item.uom),
                item.item_type.as_str().to_string(),
                number(item.price),
                number(item.cost.material),
                number(item.cost.labour),
                number(item.cost.overhead),
                item.lead_time.to_string(),
                optional(&item.launch),
            ]
        })
        .collect();
    files[rank::LOCATIONS] = dataset
        .locations
        .iter()
        .map(|location| {
            vec![
                text(&location.code),
                text(&location.name),
                location.kind.as_str().to_string(),
                text(&location.region),
            ]
        })
        .collect();
    files[rank::CUSTOMERS] = dataset
        .customers
        .iter()
        .map(|customer| {
            vec![
                text(&customer.code),
                text(&customer.name),
                text(&customer.channel),
            ]
        })
        .collect();
    files[rank::RESOURCES] = dataset
        .resources
        .iter()
        .map(|resource| {
            vec![
                text(&resource.code),
                text(&resource.name),
                text(&resource.location),
                number(resource.hours_per_bucket),
                number(resource.efficiency),
            ]
        })
        .collect();
    files[rank::RESOURCE_CAPACITY] = dataset
        .resource_capacity
        .iter()
        .map(|capacity| {
            vec![
                text(&capacity.resource),
                text(&capacity.bucket),
                number(capacity.hours),
            ]
        })
        .collect();
    files[rank::ROUTINGS] = dataset
        .routings
        .iter()
        .map(|routing| {
            vec![
                text(&routing.item),
                text(&routing.resource),
                number(routing.hours_per_unit),
            ]
        })
        .collect();
    files[rank::BOM] = dataset
        .bom
        .iter()
        .map(|line| {
            vec![
                text(&line.parent),
                text(&line.component),
                number(line.quantity_per),
                number(line.scrap),
            ]
        })
        .collect();
    files[rank::SUPPLIERS] = dataset
        .suppliers
        .iter()
        .map(|supplier| vec![text(&supplier.code), text(&supplier.name)])
        .collect();
    files[rank::SUPPLIER_ITEMS] = dataset
        .supplier_items
        .iter()
        .map(|terms| {
            vec![
                text(&terms.supplier),
                text(&terms.item),
                text(&terms.location),
                terms.lead_time.to_string(),
                number(terms.lead_time_sd),
                number(terms.min_order),
                number(terms.order_multiple),
                number(terms.unit_cost),
            ]
        })
        .collect();
    files[rank::LANES] = dataset
        .lanes
        .iter()
        .map(|lane| {
            vec![
                text(&lane.from),
                text(&lane.to),
                lane.lead_time.to_string(),
                number(lane.lead_time_sd),
                number(lane.unit_cost),
            ]
        })
        .collect();
    files[rank::ON_HAND] = dataset
        .on_hand
        .iter()
        .map(|stock| {
            vec![
                text(&stock.item),
                text(&stock.location),
                number(stock.quantity),
            ]
        })
        .collect();
    files[rank::OPEN_ORDERS] = dataset
        .open_orders
        .iter()
        .map(|order| {
            vec![
                text(&order.id),
                order.kind.as_str().to_string(),
                text(&order.item),
                text(&order.location),
                optional(&order.from),
                optional(&order.supplier),
                number(order.quantity),
                text(&order.due),
            ]
        })
        .collect();
    files[rank::SALES] = dataset
        .sales
        .iter()
        .map(|sale| {
            vec![
                text(&sale.item),
                text(&sale.location),
                text(&sale.customer),
                text(&sale.bucket),
                number(sale.quantity),
            ]
        })
        .collect();
    files[rank::BUDGET] = dataset
        .budget
        .iter()
        .map(|line| {
            vec![
                text(&line.family),
                text(&line.bucket),
                number(line.volume),
                number(line.revenue),
            ]
        })
        .collect();
    files[rank::INVENTORY_POLICY] = dataset
        .inventory_policy
        .iter()
        .map(|policy| {
            vec![
                text(&policy.item),
                text(&policy.location),
                optional_number(policy.safety_stock),
                optional_number(policy.cover_periods),
                optional_number(policy.service_level),
                optional_number(policy.fill_rate),
                policy
                    .lot_rule
                    .map(|rule| rule.as_str().to_string())
                    .unwrap_or_default(),
                optional_number(policy.lot_size),
                optional_number(policy.order_cost),
            ]
        })
        .collect();

    files[rank::PLAN_FIXES] = dataset
        .plan_fixes
        .iter()
        .map(|fix| {
            vec![
                fix.decision.as_str().to_string(),
                text(&fix.code),
                text(&fix.bucket),
                number(fix.value),
            ]
        })
        .collect();

    files[rank::CONSENSUS_RULES] = dataset
        .consensus_rules
        .iter()
        .map(|rule| {
            vec![
                text(&rule.family),
                text(&rule.role),
                rule.combine.as_str().to_string(),
                optional_number(rule.combine.weight()),
            ]
        })
        .collect();

    FILES
        .iter()
        .zip(files)
        .map(|(schema, mut rows)| {
            let keys = schema.key_indices();
            rows.sort_by(|a, b| {
                keys.iter()
                    .map(|&k| a[k].cmp(&b[k]))
                    .find(|ordering| ordering.is_ne())
                    .unwrap_or_else(|| a.cmp(b))
            });
            FileRows { schema, rows }
        })
        .collect()
}

/// CSV bytes of one file: header, then rows; `\n` line ends; quotes only where needed.
pub(crate) fn csv_bytes(file: &FileRows) -> Vec<u8> {
    let mut out = Vec::new();
    let header: Vec<&str> = file
        .schema
        .columns
        .iter()
        .map(|column| column.name)
        .collect();
    write_csv_record(&mut out, header.iter().copied());
    for row in &file.rows {
        write_csv_record(&mut out, row.iter().map(String::as_str));
    }
    out
}

/// Writes one record the way the `csv` crate reads it back: a cell is quoted when
/// it holds a comma, quote or line break, with quotes doubled.
fn write_csv_record<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = &'a str>) {
    for (idx, cell) in cells.enumerate() {
        if idx > 0 {
            out.push(b',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.push(b'\n');
}
