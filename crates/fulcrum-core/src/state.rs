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

/// What a planner fixes in the constrained plan (file `plan_fixes.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FixedKind {
    /// Units a top-level family starts in a bucket.
    Production,
    /// Overtime hours a resource works in a bucket (0 forbids overtime).
    OvertimeHours,
}

impl FixedKind {
    /// Every kind, in documentation order.
    pub const ALL: [FixedKind; 2] = [FixedKind::Production, FixedKind::OvertimeHours];

    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            FixedKind::Production => "production",
            FixedKind::OvertimeHours => "overtime_hours",
        }
    }

    /// Parses the label written by [`FixedKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        FixedKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// A decision the planner fixes for the **mixed** strategy of the constrained plan; the
/// optimiser chooses everything else.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanFix {
    /// What is fixed.
    pub decision: FixedKind,
    /// A top-level family code (production) or a resource code (overtime hours).
    pub code: String,
    /// Horizon bucket label.
    pub bucket: String,
    /// Units or hours.
    pub value: f64,
}

/// How planned orders of a buffer are sized (MRP lot sizing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum LotRule {
    /// Each bucket's net requirement exactly (the default).
    #[default]
    LotForLot,
    /// Lots of exactly `lot_size` units, as many as a bucket needs.
    FixedQuantity,
    /// Fixed lots of the economic order quantity.
    EconomicOrderQuantity,
    /// Each lot covers a whole number of periods (Orlicky's period order quantity).
    PeriodOrderQuantity,
    /// Part-period balancing.
    PartPeriodBalancing,
    /// Silver–Meal heuristic.
    SilverMeal,
    /// Wagner–Whitin: the least setup-plus-holding cost, exactly.
    WagnerWhitin,
    /// Min/max: when projected inventory would fall below the safety stock (the min),
    /// order up to `lot_size` (the max).
    MinMax,
}

impl LotRule {
    /// Every rule, in label order of the documentation.
    pub const ALL: [LotRule; 8] = [
        LotRule::LotForLot,
        LotRule::FixedQuantity,
        LotRule::EconomicOrderQuantity,
        LotRule::PeriodOrderQuantity,
        LotRule::PartPeriodBalancing,
        LotRule::SilverMeal,
        LotRule::WagnerWhitin,
        LotRule::MinMax,
    ];

    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            LotRule::LotForLot => "lot_for_lot",
            LotRule::FixedQuantity => "fixed",
            LotRule::EconomicOrderQuantity => "eoq",
            LotRule::PeriodOrderQuantity => "poq",
            LotRule::PartPeriodBalancing => "part_period",
            LotRule::SilverMeal => "silver_meal",
            LotRule::WagnerWhitin => "wagner_whitin",
            LotRule::MinMax => "min_max",
        }
    }

    /// Parses the label written by [`LotRule::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        LotRule::ALL.into_iter().find(|rule| rule.as_str() == text)
    }
}

/// Inventory policy inputs of an item at a location. Every field but the key is
/// optional, so a row can set only what it needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InventoryPolicy {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Fixed safety stock, in units; when `None` (and no `cover_periods`) the cycle
    /// computes it from the forecast error, the lead time and the service target.
    pub safety_stock: Option<f64>,
    /// Safety stock as buckets of forward demand (days of cover, in buckets), ≥ 0;
    /// never given together with `safety_stock`.
    pub cover_periods: Option<f64>,
    /// Target cycle service level, in (0, 1); `None` for the default (95%) unless a
    /// `fill_rate` is given.
    pub service_level: Option<f64>,
    /// Target fill rate, in (0, 1); never given together with `service_level`.
    pub fill_rate: Option<f64>,
    /// Lot-sizing rule of planned orders; `None` for lot-for-lot.
    pub lot_rule: Option<LotRule>,
    /// Lot size for [`LotRule::FixedQuantity`].
    pub lot_size: Option<f64>,
    /// Cost of one order or setup, in the company currency (for EOQ, POQ, part-period,
    /// Silver–Meal and Wagner–Whitin).
    pub order_cost: Option<f64>,
}

/// The role layers of the demand plan, bottom of the stack first (each role
/// adjusts what the roles below it give).
pub const DEMAND_ROLES: [&str; 4] = ["sales", "marketing", "demand_planner", "finance"];

/// How a role's layer counts in a family's consensus (file `consensus_rules.csv`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConsensusCombine {
    /// A value typed on the layer replaces what the layers below give.
    Override,
    /// A value typed on the layer is added to what the layers below give.
    Adjustment,
    /// `(1 − weight) × below + weight × value`, weight in (0, 1].
    Blend(f64),
}

impl ConsensusCombine {
    /// The labels used in files, in documentation order.
    pub const LABELS: [&'static str; 3] = ["override", "adjustment", "blend"];

    /// The label used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsensusCombine::Override => "override",
            ConsensusCombine::Adjustment => "adjustment",
            ConsensusCombine::Blend(_) => "blend",
        }
    }

    /// The blend weight, if this is a blend.
    pub fn weight(self) -> Option<f64> {
        match self {
            ConsensusCombine::Blend(weight) => Some(weight),
            _ => None,
        }
    }
}

/// How one role counts in the consensus of one top-level family; roles a
/// family has no row for override.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsensusRuleRow {
    /// A top-level family.
    pub family: String,
    /// One of [`DEMAND_ROLES`].
    pub role: String,
    /// How it counts.
    pub combine: ConsensusCombine,
}
