//! Master data: hierarchies, items, locations, customers, resources, routings,
//! bills of materials, suppliers and lanes.
//!
//! Every entity is keyed by a `code` that is unique within its kind. References
//! between entities are by code; [`crate::Dataset`] documents which must resolve.

/// A node of a hierarchy (product families, location regions, customer channels).
///
/// A node with no parent is a root. Hierarchies may have any depth.
#[derive(Debug, Clone, PartialEq)]
pub struct HierarchyNode {
    /// Unique code within the hierarchy.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Parent node code, `None` for a root.
    pub parent: Option<String>,
}

/// Units of measure Fulcrum knows. Quantities of an item are always in its unit.
pub const UNITS_OF_MEASURE: &[&str] = &[
    "EA", "PCS", "BOX", "CASE", "PAL", "KG", "G", "T", "L", "ML", "M", "M2", "M3",
];

/// The units of measure counted in whole units (each, pieces, boxes, cases,
/// pallets); every other unit (mass, volume, length, area) is continuous.
pub const DISCRETE_UNITS_OF_MEASURE: &[&str] = &["EA", "PCS", "BOX", "CASE", "PAL"];

/// Whether quantities in unit of measure `uom` are whole numbers.
pub fn is_discrete_uom(uom: &str) -> bool {
    DISCRETE_UNITS_OF_MEASURE.contains(&uom)
}

/// Whether an item is sold, made from components, or bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemType {
    /// Sold to customers; made in a plant.
    Finished,
    /// Made in a plant and consumed by other items.
    Intermediate,
    /// Bought from a supplier.
    Purchased,
}

impl ItemType {
    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemType::Finished => "finished",
            ItemType::Intermediate => "intermediate",
            ItemType::Purchased => "purchased",
        }
    }

    /// Parses the label written by [`ItemType::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "finished" => Some(ItemType::Finished),
            "intermediate" => Some(ItemType::Intermediate),
            "purchased" => Some(ItemType::Purchased),
            _ => None,
        }
    }
}

/// Standard cost of one unit, split by cost element.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StandardCost {
    /// Material cost per unit.
    pub material: f64,
    /// Labour cost per unit.
    pub labour: f64,
    /// Overhead cost per unit.
    pub overhead: f64,
}

impl StandardCost {
    /// Total standard cost per unit.
    pub fn total(&self) -> f64 {
        self.material + self.labour + self.overhead
    }
}

/// A product or component.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Unique item code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The product-hierarchy node the item belongs to (its family).
    pub family: String,
    /// Unit of measure, one of [`UNITS_OF_MEASURE`].
    pub uom: String,
    /// Finished, intermediate or purchased.
    pub item_type: ItemType,
    /// Selling price per unit (0 for items that are not sold).
    pub price: f64,
    /// Standard cost per unit.
    pub cost: StandardCost,
    /// Production lead time in buckets (made items); purchased items take theirs from the supplier.
    pub lead_time: u32,
    /// First bucket the item is sold, for recently launched items (`YYYY-MM`), if any.
    pub launch: Option<String>,
}

impl Item {
    /// Whether the item is counted in whole units (its unit of measure is one of
    /// [`DISCRETE_UNITS_OF_MEASURE`]): its planned and scheduled quantities are whole.
    pub fn is_discrete(&self) -> bool {
        is_discrete_uom(&self.uom)
    }
}

/// Whether a location makes goods or only stores and ships them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LocationKind {
    /// A factory with resources.
    Plant,
    /// A warehouse that serves customers.
    DistributionCentre,
}

impl LocationKind {
    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Plant => "plant",
            LocationKind::DistributionCentre => "dc",
        }
    }

    /// Parses the label written by [`LocationKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "plant" => Some(LocationKind::Plant),
            "dc" => Some(LocationKind::DistributionCentre),
            _ => None,
        }
    }
}

/// A plant or distribution centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// Unique location code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Plant or distribution centre.
    pub kind: LocationKind,
    /// The region (location-hierarchy node) it belongs to.
    pub region: String,
}

/// A customer, placed in the channel hierarchy.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// Unique customer code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The channel (customer-hierarchy node) it belongs to.
    pub channel: String,
}

/// A capacity-constrained resource (a line, a machine group, a crew) at a plant.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Unique resource code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The plant where the resource is.
    pub location: String,
    /// Available hours per bucket unless a [`ResourceCapacity`] row overrides a bucket.
    pub hours_per_bucket: f64,
    /// Share of available hours that is productive, in (0, 1].
    pub efficiency: f64,
}

/// Available hours of a resource in one bucket, overriding its default.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceCapacity {
    /// Resource code.
    pub resource: String,
    /// Bucket label.
    pub bucket: String,
    /// Available hours in that bucket.
    pub hours: f64,
}

/// One step of making an item: hours of a resource per unit produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Routing {
    /// Item made.
    pub item: String,
    /// Resource used; the item is made at the resource's plant.
    pub resource: String,
    /// Resource hours per unit.
    pub hours_per_unit: f64,
}

/// One line of a bill of materials: a parent needs `quantity_per` of a component.
#[derive(Debug, Clone, PartialEq)]
pub struct BomLine {
    /// Item made.
    pub parent: String,
    /// Item consumed.
    pub component: String,
    /// Component units per parent unit, before scrap.
    pub quantity_per: f64,
    /// Share of component lost as scrap, in [0, 1): need = qty × quantity_per / (1 − scrap).
    pub scrap: f64,
}

/// A supplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Supplier {
    /// Unique supplier code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// What a supplier delivers of an item to a location, and on what terms.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierItem {
    /// Supplier code.
    pub supplier: String,
    /// Item bought.
    pub item: String,
    /// Location delivered to.
    pub location: String,
    /// Lead time in buckets.
    pub lead_time: u32,
    /// Standard deviation of the lead time, in buckets (0 when it is reliable).
    pub lead_time_sd: f64,
    /// Smallest order quantity.
    pub min_order: f64,
    /// Orders are whole multiples of this (0 or 1 for none).
    pub order_multiple: f64,
    /// Purchase price per unit.
    pub unit_cost: f64,
}

/// A transport lane from one location to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    /// Shipping location.
    pub from: String,
    /// Receiving location.
    pub to: String,
    /// Transit time in buckets.
    pub lead_time: u32,
    /// Standard deviation of the transit time, in buckets (0 when it is reliable).
    pub lead_time_sd: f64,
    /// Transport cost per unit.
    pub unit_cost: f64,
}
