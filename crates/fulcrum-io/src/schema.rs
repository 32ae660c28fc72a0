//! The files of a dataset and their columns, in the order of `docs/data-format.md`.
//!
//! This table drives reading (which columns exist and are required), duplicate-key
//! checks, export column order and row sort order, and XLSX cell types.

/// What a column holds; decides how a workbook cell is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Free text, codes and labels (written as text cells).
    Text,
    /// A decimal number (written as a number cell).
    Number,
    /// A whole number (written as a number cell).
    Whole,
    /// A bucket label `YYYY-MM` (written as a text cell so spreadsheets keep it).
    Bucket,
}

/// One column of a file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// Exact column name in the header row.
    pub(crate) name: &'static str,
    /// Whether the column and its cells are required.
    pub(crate) required: bool,
    /// What the column holds.
    pub(crate) kind: Kind,
}

/// One file (or workbook sheet) of a dataset.
#[derive(Debug)]
pub(crate) struct FileSchema {
    /// Name without extension: `items` (file `items.csv`, sheet `items`).
    pub(crate) name: &'static str,
    /// Whether the file must be present.
    pub(crate) required: bool,
    /// Columns in canonical (export) order.
    pub(crate) columns: &'static [Column],
    /// Key columns: unique per row, and the export sort order.
    pub(crate) key: &'static [&'static str],
}

impl FileSchema {
    /// The CSV file name, `items.csv`.
    pub(crate) fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// Position of a column in [`FileSchema::columns`].
    pub(crate) fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|column| column.name == name)
    }

    /// Positions of the key columns.
    pub(crate) fn key_indices(&self) -> Vec<usize> {
        self.key
            .iter()
            .filter_map(|name| self.column_index(name))
            .collect()
    }
}

const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        required: true,
        kind,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        required: false,
        kind,
    }
}

use Kind::{Bucket, Number, Text, Whole};

const HIERARCHY: &[Column] = &[req("code", Text), req("name", Text), opt("parent", Text)];

/// Rank of each file in [`FILES`]; used by the parser to address tables.
pub(crate) mod rank {
    pub(crate) const SETTINGS: usize = 0;
    pub(crate) const FAMILIES: usize = 1;
    pub(crate) const REGIONS: usize = 2;
    pub(crate) const CHANNELS: usize = 3;
    pub(crate) const ITEMS: usize = 4;
    pub(crate) const LOCATIONS: usize = 5;
    pub(crate) const CUSTOMERS: usize = 6;
    pub(crate) const RESOURCES: usize = 7;
    pub(crate) const RESOURCE_CAPACITY: usize = 8;
    pub(crate) const ROUTINGS: usize = 9;
    pub(crate) const BOM: usize = 10;
    pub(crate) const SUPPLIERS: usize = 11;
    pub(crate) const SUPPLIER_ITEMS: usize = 12;
    pub(crate) const LANES: usize = 13;
    pub(crate) const ON_HAND: usize = 14;
    pub(crate) const OPEN_ORDERS: usize = 15;
    pub(crate) const SALES: usize = 16;
    pub(crate) const BUDGET: usize = 17;
    pub(crate) const INVENTORY_POLICY: usize = 18;
    pub(crate) const PLAN_FIXES: usize = 19;
    pub(crate) const CONSENSUS_RULES: usize = 20;
}

/// Every file of a dataset, in the order of the data-format table.
pub(crate) const FILES: &[FileSchema] = &[
    FileSchema {
        name: "settings",
        required: true,
        columns: &[
            req("company", Text),
            req("currency", Text),
            req("granularity", Text),
            req("plan_start", Bucket),
            req("history_buckets", Whole),
            req("horizon_buckets", Whole),
        ],
        key: &[],
    },
    FileSchema {
        name: "families",
        required: false,
        columns: HIERARCHY,
        key: &["code"],
    },
    FileSchema {
        name: "regions",
        required: false,
        columns: HIERARCHY,
        key: &["code"],
    },
    FileSchema {
        name: "channels",
        required: false,
        columns: HIERARCHY,
        key: &["code"],
    },
    FileSchema {
        name: "items",
        required: true,
        columns: &[
            req("code", Text),
            req("name", Text),
            req("family", Text),
            req("uom", Text),
            req("type", Text),
            req("price", Number),
            req("material_cost", Number),
            req("labour_cost", Number),
            req("overhead_cost", Number),
            req("lead_time", Whole),
            opt("launch", Bucket),
        ],
        key: &["code"],
    },
    FileSchema {
        name: "locations",
        required: true,
        columns: &[
            req("code", Text),
            req("name", Text),
            req("kind", Text),
            req("region", Text),
        ],
        key: &["code"],
    },
    FileSchema {
        name: "customers",
        required: false,
        columns: &[req("code", Text), req("name", Text), req("channel", Text)],
        key: &["code"],
    },
    FileSchema {
        name: "resources",
        required: false,
        columns: &[
            req("code", Text),
            req("name", Text),
            req("location", Text),
            req("hours_per_bucket", Number),
            req("efficiency", Number),
        ],
        key: &["code"],
    },
    FileSchema {
        name: "resource_capacity",
        required: false,
        columns: &[
            req("resource", Text),
            req("bucket", Bucket),
            req("hours", Number),
        ],
        key: &["resource", "bucket"],
    },
    FileSchema {
        name: "routings",
        required: false,
        columns: &[
            req("item", Text),
            req("resource", Text),
            req("hours_per_unit", Number),
        ],
        key: &["item", "resource"],
    },
    FileSchema {
        name: "bom",
        required: false,
        columns: &[
            req("parent", Text),
            req("component", Text),
            req("quantity_per", Number),
            opt("scrap", Number),
        ],
        key: &["parent", "component"],
    },
    FileSchema {
        name: "suppliers",
        required: false,
        columns: &[req("code", Text), req("name", Text)],
        key: &["code"],
    },
    FileSchema {
        name: "supplier_items",
        required: false,
        columns: &[
            req("supplier", Text),
            req("item", Text),
            req("location", Text),
            req("lead_time", Whole),
            opt("lead_time_sd", Number),
            opt("min_order", Number),
            opt("order_multiple", Number),
            opt("unit_cost", Number),
        ],
        key: &["supplier", "item", "location"],
    },
    FileSchema {
        name: "lanes",
        required: false,
        columns: &[
            req("from", Text),
            req("to", Text),
            req("lead_time", Whole),
            opt("lead_time_sd", Number),
            opt("unit_cost", Number),
        ],
        key: &["from", "to"],
    },
    FileSchema {
        name: "on_hand",
        required: false,
        columns: &[
            req("item", Text),
            req("location", Text),
            req("quantity", Number),
        ],
        key: &["item", "location"],
    },
    FileSchema {
        name: "open_orders",
        required: false,
        columns: &[
            req("id", Text),
            req("kind", Text),
            req("item", Text),
            req("location", Text),
            opt("from", Text),
            opt("supplier", Text),
            req("quantity", Number),
            req("due", Bucket),
        ],
        key: &["id"],
    },
    FileSchema {
        name: "sales",
        required: false,
        columns: &[
            req("item", Text),
            req("location", Text),
            req("customer", Text),
            req("bucket", Bucket),
            req("quantity", Number),
        ],
        key: &["item", "location", "customer", "bucket"],
    },
    FileSchema {
        name: "budget",
        required: false,
        columns: &[
            req("family", Text),
            req("bucket", Bucket),
            req("volume", Number),
            req("revenue", Number),
        ],
        key: &["family", "bucket"],
    },
    FileSchema {
        name: "inventory_policy",
        required: false,
        columns: &[
            req("item", Text),
            req("location", Text),
            opt("safety_stock", Number),
            opt("cover_periods", Number),
            opt("service_level", Number),
            opt("fill_rate", Number),
            opt("lot_rule", Text),
            opt("lot_size", Number),
            opt("order_cost", Number),
        ],
        key: &["item", "location"],
    },
    FileSchema {
        name: "plan_fixes",
        required: false,
        columns: &[
            req("decision", Text),
            req("code", Text),
            req("bucket", Bucket),
            req("value", Number),
        ],
        key: &["decision", "code", "bucket"],
    },
    FileSchema {
        name: "consensus_rules",
        required: false,
        columns: &[
            req("family", Text),
            req("role", Text),
            req("combine", Text),
            opt("weight", Number),
        ],
        key: &["family", "role"],
    },
];

/// The schema of a file named like `items.csv` (exact, case-sensitive).
pub(crate) fn by_file_name(file_name: &str) -> Option<usize> {
    let stem = file_name.strip_suffix(".csv")?;
    by_sheet_name(stem)
}

/// The schema of a sheet named like `items` (exact, case-sensitive).
pub(crate) fn by_sheet_name(sheet: &str) -> Option<usize> {
    FILES.iter().position(|schema| schema.name == sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_match_table_positions() {
        let expected = [
            (rank::SETTINGS, "settings"),
            (rank::FAMILIES, "families"),
            (rank::REGIONS, "regions"),
            (rank::CHANNELS, "channels"),
            (rank::ITEMS, "items"),
            (rank::LOCATIONS, "locations"),
            (rank::CUSTOMERS, "customers"),
            (rank::RESOURCES, "resources"),
            (rank::RESOURCE_CAPACITY, "resource_capacity"),
            (rank::ROUTINGS, "routings"),
            (rank::BOM, "bom"),
            (rank::SUPPLIERS, "suppliers"),
            (rank::SUPPLIER_ITEMS, "supplier_items"),
            (rank::LANES, "lanes"),
            (rank::ON_HAND, "on_hand"),
            (rank::OPEN_ORDERS, "open_orders"),
            (rank::SALES, "sales"),
            (rank::BUDGET, "budget"),
            (rank::INVENTORY_POLICY, "inventory_policy"),
            (rank::PLAN_FIXES, "plan_fixes"),
            (rank::CONSENSUS_RULES, "consensus_rules"),
        ];
        assert_eq!(expected.len(), FILES.len());
        for (rank, name) in expected {
            assert_eq!(FILES[rank].name, name);
        }
    }

    #[test]
    fn key_columns_exist_and_are_text_or_bucket() {
        for schema in FILES {
            assert_eq!(
                schema.key_indices().len(),
                schema.key.len(),
                "{}",
                schema.name
            );
            for idx in schema.key_indices() {
                let column = schema.columns[idx];
                assert!(column.required, "{}.{}", schema.name, column.name);
                assert!(matches!(column.kind, Kind::Text | Kind::Bucket));
            }
        }
    }
}
