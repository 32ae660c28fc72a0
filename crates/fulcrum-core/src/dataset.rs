//! The dataset: everything one planning cycle reads.

use crate::calendar::Calendar;
use crate::master::{
    BomLine, Customer, HierarchyNode, Item, Lane, Location, Resource, ResourceCapacity, Routing,
    Supplier, SupplierItem,
};
use crate::state::{BudgetLine, InventoryPolicy, OnHand, OpenOrder, PlanFix, SalesRecord};

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
            inventory_policy: Vec::new(),
        }
    }

    /// The calendar.
    pub fn calendar(&self) -> &Calendar {
        &self.settings.calendar
    }

    /// The item with `code`, if any.
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.code == code)
    }

    /// The location with `code`, if any.
    pub fn location(&self, code: &str) -> Option<&Location> {
        self.locations.iter().find(|location| location.code == code)
    }

    /// The top-level family (root of the product hierarchy) of a family node.
    ///
    /// Returns the node itself when it has no parent or the chain is broken.
    pub fn root_family<'a>(&'a self, family: &'a str) -> &'a str {
        let mut current = family;
        for _ in 0..=self.families.len() {
            match self
                .families
                .iter()
                .find(|node| node.code == current)
                .and_then(|node| node.parent.as_deref())
            {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }
}
