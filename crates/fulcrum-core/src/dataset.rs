//! The dataset: everything one planning cycle reads.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::calendar::Calendar;
use crate::master::{
    BomLine, Customer, HierarchyNode, Item, Lane, Location, Resource, ResourceCapacity, Routing,
    Supplier, SupplierItem,
};
use crate::state::{
    BudgetLine, ConsensusRuleRow, InventoryPolicy, OnHand, OpenOrder, PlanFix, SalesRecord,
};

/// Company-wide settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Company name shown in reports.
    pub company: String,
    /// Currency code for every money figure (e.g. `EUR`).
    pub currency: String,
    /// The planning calendar.
    pub calendar: Calendar,
}

/// All inputs of a planning cycle: settings, master data, state, history and budget.
///
/// Invariants, checked by the importer before a `Dataset` reaches an engine:
/// codes are unique per kind; every reference (family, region, channel, item,
/// location, customer, resource, supplier) resolves; BOMs have no cycles;
/// quantities, costs and lead times are not negative; bucket labels lie on the
/// calendar (history buckets for sales, horizon buckets for open orders).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Company settings and calendar.
    pub settings: Settings,
    /// Product hierarchy (families, any depth).
    pub families: Vec<HierarchyNode>,
    /// Location hierarchy (regions).
    pub regions: Vec<HierarchyNode>,
    /// Customer hierarchy (channels).
    pub channels: Vec<HierarchyNode>,
    /// Items.
    pub items: Vec<Item>,
    /// Plants and distribution centres.
    pub locations: Vec<Location>,
    /// Customers.
    pub customers: Vec<Customer>,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Per-bucket capacity overrides.
    pub resource_capacity: Vec<ResourceCapacity>,
    /// Routings.
    pub routings: Vec<Routing>,
    /// Bill-of-materials lines.
    pub bom: Vec<BomLine>,
    /// Suppliers.
    pub suppliers: Vec<Supplier>,
    /// Supplier terms per item and location.
    pub supplier_items: Vec<SupplierItem>,
    /// Transport lanes.
    pub lanes: Vec<Lane>,
    /// Inventory on hand.
    pub on_hand: Vec<OnHand>,
    /// Open orders (scheduled receipts).
    pub open_orders: Vec<OpenOrder>,
    /// Sales history.
    pub sales: Vec<SalesRecord>,
    /// Budget by family and bucket.
    pub budget: Vec<BudgetLine>,
    /// Inventory policy inputs by item and location.
    pub inventory_policy: Vec<InventoryPolicy>,
    /// Decisions the planner fixes for the mixed strategy of the constrained plan.
    pub plan_fixes: Vec<PlanFix>,
    /// How each role counts in each top-level family's consensus (default: override).
    pub consensus_rules: Vec<ConsensusRuleRow>,
    /// Code indices for [`Dataset::item`], [`Dataset::location`] and
    /// [`Dataset::root_family`], built on first use.
    lookup: Lookup,
}

/// Positions of items, locations and families by code, built on first use so that a
/// lookup costs O(1) instead of a scan. The fields of a [`Dataset`] are public and may
/// change after an index is built, so every hit is checked against the row it points to
/// and a miss falls back to a scan: an index can be stale, never wrong.
#[derive(Clone, Default)]
struct Lookup {
    items: OnceLock<HashMap<String, usize>>,
    locations: OnceLock<HashMap<String, usize>>,
    families: OnceLock<HashMap<String, usize>>,
}

impl Lookup {
    /// The row of `rows` with `code`, by the index in `cell` (built from `rows` on
    /// first use), else by a scan.
    fn find<'a, T>(
        cell: &OnceLock<HashMap<String, usize>>,
        rows: &'a [T],
        code_of: impl Fn(&T) -> &str,
        code: &str,
    ) -> Option<&'a T> {
        let index = cell.get_or_init(|| {
            rows.iter()
                .enumerate()
                .map(|(idx, row)| (code_of(row).to_string(), idx))
                .collect()
        });
        if let Some(row) = index.get(code).and_then(|&idx| rows.get(idx))
            && code_of(row) == code
        {
            return Some(row);
        }
        rows.iter().find(|row| code_of(row) == code)
    }
}

/// Indices are a cache: two datasets with the same rows are equal.
impl PartialEq for Lookup {
    fn eq(&self, _: &Lookup) -> bool {
        true
    }
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lookup")
    }
}

impl Dataset {
    /// An empty dataset on `settings`.
    pub fn empty(settings: Settings) -> Self {
        Dataset {
            settings,
            families: Vec::new(),
            regions: Vec::new(),
            channels: Vec::new(),
            items: Vec::new(),
            locations: Vec::new(),
            customers: Vec::new(),
            resources: Vec::new(),
            resource_capacity: Vec::new(),
            routings: Vec::new(),
            bom: Vec::new(),
            suppliers: Vec::new(),
            supplier_items: Vec::new(),
            lanes: Vec::new(),
            on_hand: Vec::new(),
            open_orders: Vec::new(),
            sales: Vec::new(),
            budget: Vec::new(),
            plan_fixes: Vec::new(),
            consensus_rules: Vec::new(),
            inventory_policy: Vec::new(),
            lookup: Lookup::default(),
        }
    }

    /// The calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.settings.calendar
    }

    /// The item with `code`, if any.
    pub fn item(&self, code: &str) -> Option<&Item> {
        Lookup::find(&self.lookup.items, &self.items, |item| &item.code, code)
    }

    /// The routings of every routed item, by item code, in file order: build it once
    /// where routings are read per item (a scan per item is quadratic at scale).
    pub fn routings_by_item(&self) -> HashMap<&str, Vec<&Routing>> {
        let mut by_item: HashMap<&str, Vec<&Routing>> = HashMap::new();
        for routing in &self.routings {
            by_item
                .entry(routing.item.as_str())
                .or_default()
                .push(routing);
        }
        by_item
    }

    /// The location with `code`, if any.
    pub fn location(&self, code: &str) -> Option<&Location> {
        Lookup::find(
            &self.lookup.locations,
            &self.locations,
            |location| &location.code,
            code,
        )
    }

    /// The top-level family (root of the product hierarchy) of a family node.
    ///
    /// Returns the node itself when it has no parent or the chain is broken.
    pub fn root_family<'a>(&'a self, family: &'a str) -> &'a str {
        let mut current = family;
        for _ in 0..=self.families.len() {
            match Lookup::find(&self.lookup.families, &self.families, |n| &n.code, current)
                .and_then(|node| node.parent.as_deref())
            {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }
}
