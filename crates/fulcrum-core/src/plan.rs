//! Plan outputs: key-figure series, planned orders, KPIs, forecast model records,
//! safety-stock records and exceptions. A [`Plan`] is what a cycle run produces and a plan version stores.

use crate::calendar::{BucketIdx, Calendar};
use crate::state::OrderKind;

/// A named measure planned per bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyFigure {
    /// Actual sales (history buckets).
    SalesHistory,
    /// Statistical forecast.
    StatisticalForecast,
    /// Consensus demand plan.
    ConsensusDemand,
    /// Safety stock target.
    SafetyStock,
    /// Gross requirements (independent plus dependent demand).
    GrossRequirements,
    /// Scheduled receipts from open orders.
    ScheduledReceipts,
    /// Projected inventory at the end of each bucket.
    ProjectedInventory,
    /// Net requirements after netting.
    NetRequirements,
    /// Planned order receipts (production, purchase or transfer arriving).
    PlannedReceipts,
    /// Planned order releases.
    PlannedReleases,
    /// Quantity shipped out of a location along lanes.
    Shipments,
    /// Resource hours required.
    CapacityLoad,
    /// Resource hours available.
    CapacityAvailable,
    /// Overtime hours the constrained plan works on a resource (beyond its available
    /// hours); load up to available + overtime is planned, not an overload.
    CapacityOvertime,
    /// Demand not yet delivered at the end of a bucket (units owed to customers of an
    /// item at a location): the negative part of its projected inventory.
    Backlog,
    /// Demand delivered in a bucket, on time or late out of the backlog:
    /// consensus demand − (backlog − previous backlog).
    ServedDemand,
    /// Revenue.
    Revenue,
    /// Cost of goods sold.
    CostOfGoods,
    /// Gross margin.
    GrossMargin,
    /// Value of projected inventory at standard cost.
    InventoryValue,
    /// Purchase spend.
    PurchaseSpend,
    /// Budgeted volume.
    BudgetVolume,
    /// Budgeted revenue.
    BudgetRevenue,
    /// Lower bound of the 80% prediction interval of the statistical forecast
    /// (item × location only: bounds do not add up).
    ForecastLower80,
    /// Upper bound of the 80% prediction interval (item × location only).
    ForecastUpper80,
    /// Lower bound of the 95% prediction interval (item × location only).
    ForecastLower95,
    /// Upper bound of the 95% prediction interval (item × location only).
    ForecastUpper95,
    /// The sales role's adjustment layer of the demand workspace (its own values,
    /// empty cells 0), per item × location summed over customers.
    SalesAdjustment,
    /// The marketing role's adjustment layer (as [`KeyFigure::SalesAdjustment`]).
    MarketingAdjustment,
    /// The demand planner role's adjustment layer.
    DemandPlannerAdjustment,
    /// The finance role's adjustment layer.
    FinanceAdjustment,
    /// The summed effect of the active events (promotions, one-time events, launches).
    EventsEffect,
}

impl KeyFigure {
    /// Every key figure, in display order.
    pub const ALL: [KeyFigure; 32] = [
        KeyFigure::SalesHistory,
        KeyFigure::StatisticalForecast,
        KeyFigure::ConsensusDemand,
        KeyFigure::SafetyStock,
        KeyFigure::GrossRequirements,
        KeyFigure::ScheduledReceipts,
        KeyFigure::ProjectedInventory,
        KeyFigure::NetRequirements,
        KeyFigure::PlannedReceipts,
        KeyFigure::PlannedReleases,
        KeyFigure::Shipments,
        KeyFigure::CapacityLoad,
        KeyFigure::CapacityAvailable,
        KeyFigure::CapacityOvertime,
        KeyFigure::Backlog,
        KeyFigure::ServedDemand,
        KeyFigure::Revenue,
        KeyFigure::CostOfGoods,
        KeyFigure::GrossMargin,
        KeyFigure::InventoryValue,
        KeyFigure::PurchaseSpend,
        KeyFigure::BudgetVolume,
        KeyFigure::BudgetRevenue,
        KeyFigure::ForecastLower80,
        KeyFigure::ForecastUpper80,
        KeyFigure::ForecastLower95,
        KeyFigure::ForecastUpper95,
        KeyFigure::SalesAdjustment,
        KeyFigure::MarketingAdjustment,
        KeyFigure::DemandPlannerAdjustment,
        KeyFigure::FinanceAdjustment,
        KeyFigure::EventsEffect,
    ];

    /// The code used in the store, files and API (`consensus_demand`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyFigure::SalesHistory => "sales_history",
            KeyFigure::StatisticalForecast => "statistical_forecast",
            KeyFigure::ConsensusDemand => "consensus_demand",
            KeyFigure::SafetyStock => "safety_stock",
            KeyFigure::GrossRequirements => "gross_requirements",
            KeyFigure::ScheduledReceipts => "scheduled_receipts",
            KeyFigure::ProjectedInventory => "projected_inventory",
            KeyFigure::NetRequirements => "net_requirements",
            KeyFigure::PlannedReceipts => "planned_receipts",
            KeyFigure::PlannedReleases => "planned_releases",
            KeyFigure::Shipments => "shipments",
            KeyFigure::CapacityLoad => "capacity_load",
            KeyFigure::CapacityAvailable => "capacity_available",
            KeyFigure::CapacityOvertime => "capacity_overtime",
            KeyFigure::Backlog => "backlog",
            KeyFigure::ServedDemand => "served_demand",
            KeyFigure::Revenue => "revenue",
            KeyFigure::CostOfGoods => "cost_of_goods",
            KeyFigure::GrossMargin => "gross_margin",
            KeyFigure::InventoryValue => "inventory_value",
            KeyFigure::PurchaseSpend => "purchase_spend",
            KeyFigure::BudgetVolume => "budget_volume",
            KeyFigure::BudgetRevenue => "budget_revenue",
            KeyFigure::ForecastLower80 => "forecast_lower_80",
            KeyFigure::ForecastUpper80 => "forecast_upper_80",
            KeyFigure::ForecastLower95 => "forecast_lower_95",
            KeyFigure::ForecastUpper95 => "forecast_upper_95",
            KeyFigure::SalesAdjustment => "sales_adjustment",
            KeyFigure::MarketingAdjustment => "marketing_adjustment",
            KeyFigure::DemandPlannerAdjustment => "demand_planner_adjustment",
            KeyFigure::FinanceAdjustment => "finance_adjustment",
            KeyFigure::EventsEffect => "events_effect",
        }
    }

    /// Parses the code written by [`KeyFigure::as_str`].
    pub fn parse(code: &str) -> Option<Self> {
        KeyFigure::ALL.into_iter().find(|kf| kf.as_str() == code)
    }
}

/// Which planning combination a series belongs to. `None` means "all".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeriesKey {
    /// The key figure.
    pub figure: KeyFigure,
    /// Item code, for item-level series.
    pub item: Option<String>,
    /// Location code, for location-level series.
    pub location: Option<String>,
    /// Resource code, for capacity series.
    pub resource: Option<String>,
    /// Family code, for family-level series (finance, budget).
    pub family: Option<String>,
}

impl SeriesKey {
    /// A key with only the figure set (company total).
    pub fn total(figure: KeyFigure) -> Self {
        SeriesKey {
            figure,
            item: None,
            location: None,
            resource: None,
            family: None,
        }
    }

    /// A key for an item at a location.
    pub fn item_location(figure: KeyFigure, item: &str, location: &str) -> Self {
        SeriesKey {
            item: Some(item.to_string()),
            location: Some(location.to_string()),
            ..SeriesKey::total(figure)
        }
    }

    /// A key for a resource.
    pub fn resource(figure: KeyFigure, resource: &str) -> Self {
        SeriesKey {
            resource: Some(resource.to_string()),
            ..SeriesKey::total(figure)
        }
    }

    /// A key for a family.
    pub fn family(figure: KeyFigure, family: &str) -> Self {
        SeriesKey {
            family: Some(family.to_string()),
            ..SeriesKey::total(figure)
        }
    }
}

/// A key figure's values over consecutive buckets starting at `first_bucket`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// What the values are.
    pub key: SeriesKey,
    /// Timeline index of `values[0]`.
    pub first_bucket: BucketIdx,
    /// One value per bucket.
    pub values: Vec<f64>,
}

impl Series {
    /// The value in timeline bucket `idx`, or 0 outside the series.
    pub fn at(&self, idx: BucketIdx) -> f64 {
        idx.checked_sub(self.first_bucket)
            .and_then(|offset| self.values.get(offset))
            .copied()
            .unwrap_or(0.0)
    }

    /// Sum of all values.
    pub fn total(&self) -> f64 {
        self.values.iter().sum()
    }
}

/// How far below zero a buffer's projected inventory may dip before it is a
/// shortage: a millionth of its gross requirements over the horizon (at least of one
/// unit), so solver noise in a master schedule is no stock-out. The MRP, deployment,
/// the KPIs, the plan checker and the report all count shortages with it.
pub fn shortage_tolerance(gross_requirements_total: f64) -> f64 {
    1e-6 * gross_requirements_total.abs().max(1.0)
}

/// Whether a resource-bucket loaded with `load` hours is overloaded: beyond its
/// `available` hours plus the `overtime` the plan works there, by more than a
/// millionth. The capacity stage, the KPIs, the plan checker and the report's
/// heat-map all count overloads with it.
pub fn is_overloaded(load: f64, available: f64, overtime: f64) -> bool {
    let allowed = available + overtime;
    load > allowed + 1e-6 * allowed.max(1.0)
}

/// An order the plan proposes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedOrder {
    /// Production, purchase or transfer.
    pub kind: OrderKind,
    /// Item code.
    pub item: String,
    /// Receiving location.
    pub location: String,
    /// Shipping location (transfers).
    pub from: Option<String>,
    /// Supplier (purchases).
    pub supplier: Option<String>,
    /// Quantity.
    pub quantity: f64,
    /// Bucket the order must be released in.
    pub release: BucketIdx,
    /// Bucket the order arrives in.
    pub due: BucketIdx,
}

/// One independent demand a planned order serves (MRP pegging), through every BOM
/// level and lane: "order 12 (a component purchase) serves 40 units of FG at D1 in
/// 2026-06".
#[derive(Debug, Clone, PartialEq)]
pub struct Peg {
    /// Index of the order in [`Plan::planned_orders`].
    pub order: usize,
    /// Item of the independent demand served.
    pub item: String,
    /// Location of the independent demand served.
    pub location: String,
    /// Bucket of the demand (timeline index); `None` when the order replenishes that
    /// buffer's safety stock.
    pub bucket: Option<BucketIdx>,
    /// Units of the independent demand served.
    pub demand_quantity: f64,
    /// Units of the order that serve it (in the order's own item).
    pub quantity: f64,
}

/// The unit a KPI is expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiUnit {
    /// Units of product.
    Quantity,
    /// The company currency.
    Money,
    /// A share, 0..1.
    Ratio,
    /// A plain count.
    Count,
    /// Turns per year.
    Turns,
}

impl KpiUnit {
    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            KpiUnit::Quantity => "quantity",
            KpiUnit::Money => "money",
            KpiUnit::Ratio => "ratio",
            KpiUnit::Count => "count",
            KpiUnit::Turns => "turns",
        }
    }

    /// Parses the label written by [`KpiUnit::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [
            KpiUnit::Quantity,
            KpiUnit::Money,
            KpiUnit::Ratio,
            KpiUnit::Count,
            KpiUnit::Turns,
        ]
        .into_iter()
        .find(|unit| unit.as_str() == text)
    }
}

/// A headline figure of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// Stable code (`total_revenue`).
    pub code: String,
    /// Display label.
    pub label: String,
    /// Value.
    pub value: f64,
    /// Unit of `value`.
    pub unit: KpiUnit,
}

/// The forecasting model chosen for one planning combination and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastModelRecord {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Method name.
    pub method: String,
    /// Fitted parameters.
    pub parameters: Vec<(String, f64)>,
    /// Why the method was chosen.
    pub reason: String,
    /// Demand class (smooth, erratic, intermittent, lumpy).
    pub demand_class: String,
    /// Backtest weighted absolute percentage error of the chosen method, if measured.
    pub backtest_wape: Option<f64>,
    /// Every backtest accuracy measure of the chosen method, if measured.
    pub accuracy: Option<ForecastAccuracy>,
}

/// Why one buffer (an item at a location) holds its safety stock: how the inventory
/// policy stage set it, in a short code and in plain words with the numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct SafetyStockRecord {
    /// Item code.
    pub item: String,
    /// Location code.
    pub location: String,
    /// Safety stock, in units.
    pub safety_stock: f64,
    /// Standard cost of one unit of the item (0 when unknown): the safety stock's value
    /// is `safety_stock × unit_cost`.
    pub unit_cost: f64,
    /// How it was set: `fixed`, `cover`, `normal_csl`, `normal_fill_rate`, `poisson`,
    /// `negative_binomial`, `no_uncertainty` or `unsourced`.
    pub basis: String,
    /// The same in plain words, with the numbers behind it (service target, σ, lead
    /// time and its standard deviation, reorder point, …).
    pub explanation: String,
}

/// Rolling-origin backtest accuracy of a forecast method
/// (`fulcrum_forecast::ModelAccuracy`, without the method name).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastAccuracy {
    /// Mean absolute percentage error, percent (non-zero actuals only).
    pub mape: f64,
    /// Weighted absolute percentage error `Σ|e|/Σ|y|`, percent.
    pub wape: f64,
    /// Symmetric MAPE, percent, 0–200.
    pub smape: f64,
    /// Mean absolute scaled error (seasonal-naive in-sample scale).
    pub mase: f64,
    /// Root mean squared scaled error (one-step naive in-sample scale).
    pub rmsse: f64,
    /// Bias `Σ(ŷ−y)/Σ|y|`, percent; positive is over-forecasting.
    pub bias: f64,
}

/// How serious an exception is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look.
    Warning,
    /// The plan cannot be executed as is.
    Critical,
}

impl Severity {
    /// The label used in files and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// Parses the label written by [`Severity::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "warning" => Some(Severity::Warning),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }
}

/// Something in the plan a planner must look at, in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    /// How serious.
    pub severity: Severity,
    /// Stable code of the exception kind (`capacity_overload`).
    pub code: String,
    /// Plain-words explanation.
    pub message: String,
    /// Bucket concerned, if any.
    pub bucket: Option<BucketIdx>,
}

/// Everything a cycle run produces; a plan version stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The calendar the plan is on.
    pub calendar: Calendar,
    /// Key-figure series, sorted by key.
    pub series: Vec<Series>,
    /// Planned orders, sorted.
    pub planned_orders: Vec<PlannedOrder>,
    /// Pegging of the planned orders, sorted by order index; within an order, in the
    /// engine's order (by demand buffer and bucket, safety stock first). Units of an
    /// order not pegged are excess from lot sizing or rounding.
    pub pegging: Vec<Peg>,
    /// Headline KPIs.
    pub kpis: Vec<Kpi>,
    /// Forecast models per item and location.
    pub forecast_models: Vec<ForecastModelRecord>,
    /// Safety stock of every buffer the inventory policy set, with its basis, sorted
    /// by (item, location).
    pub safety_stocks: Vec<SafetyStockRecord>,
    /// Exceptions.
    pub exceptions: Vec<Exception>,
}

impl Plan {
    /// The series with `key`, if present.
    pub fn series(&self, key: &SeriesKey) -> Option<&Series> {
        self.series
            .binary_search_by(|series| series.key.cmp(key))
            .ok()
            .map(|idx| &self.series[idx])
    }

    /// Every series of one key figure.
    pub fn series_of(&self, figure: KeyFigure) -> impl Iterator<Item = &Series> {
        self.series
            .iter()
            .filter(move |series| series.key.figure == figure)
    }

    /// The pegs of planned order `order` (its index in [`Plan::planned_orders`]).
    pub fn pegs_of(&self, order: usize) -> &[Peg] {
        let start = self.pegging.partition_point(|peg| peg.order < order);
        let end = self.pegging.partition_point(|peg| peg.order <= order);
        &self.pegging[start..end]
    }

    /// The KPI with `code`, if present.
    pub fn kpi(&self, code: &str) -> Option<&Kpi> {
        self.kpis.iter().find(|kpi| kpi.code == code)
    }
}
