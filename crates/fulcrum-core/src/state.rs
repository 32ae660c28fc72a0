//! Current state and history: inventory, open orders, sales history, budget and
//! the inventory policy inputs.

/// Inventory on hand of an item at a location at the start of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct OnHand {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Quantity on hand.
    pub quantity: f64,
}

/// The kind of an open (already released) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrderKind {
    /// Bought from a supplier.
    Purchase,
    /// Made in a plant.
    Production,
    /// Moved between locations.
    Transfer,
}

impl OrderKind {
    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderKind::Purchase => "purchase",
            OrderKind::Production => "production",
            OrderKind::Transfer => "transfer",
        }
    }

    /// Parses the label written by [`OrderKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "purchase" => Some(OrderKind::Purchase),
            "production" => Some(OrderKind::Production),
            "transfer" => Some(OrderKind::Transfer),
            _ => None,
        }
    }
}

/// An order already released, due to arrive in a horizon bucket (a scheduled receipt).
#[derive(Debug, Clone, PartialEq)]
pub struct OpenOrder {
    /// Unique order id.
    pub id: String,
    /// Purchase, production or transfer.
    pub kind: OrderKind,
    /// Item code.
    pub item: String,
    /// Receiving location.
    pub location: String,
    /// Shipping location (transfers only).
    pub from: Option<String>,
    /// Supplier (purchases only).
    pub supplier: Option<String>,
    /// Quantity due.
    pub quantity: f64,
    /// Bucket label when the order arrives.
    pub due: String,
}

/// Quantity sold of an item from a location to a customer in one history bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesRecord {
    /// Item code.
    pub item: String,
    /// Location that shipped.
    pub location: String,
    /// Customer code.
    pub customer: String,
    /// Bucket label.
    pub bucket: String,
    /// Quantity sold, in the item's unit.
    pub quantity: f64,
}

/// Budget (annual operating plan) for a family in one bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetLine {
    /// Product-hierarchy node code.
    pub family: String,
    /// Bucket label.
    pub bucket: String,
    /// Budgeted volume, in units.
    pub volume: f64,
    /// Budgeted revenue.
    pub revenue: f64,
}

/// Inventory policy inputs of an item at a location.
#[derive(Debug, Clone, PartialEq)]
pub struct InventoryPolicy {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Fixed safety stock, in units.
    pub safety_stock: f64,
}
