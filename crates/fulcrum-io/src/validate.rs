//! From tables to a [`Dataset`]: every type, unit, reference, range, calendar,
//! key and business rule of `docs/data-format.md`, reporting all problems.

use std::collections::HashMap;

use fulcrum_core::calendar::{HORIZON_RANGE, MAX_HISTORY};
use fulcrum_core::{
    BomLine, BudgetLine, Calendar, CalendarError, ConsensusCombine, ConsensusRuleRow, Customer,
    DEMAND_ROLES, Dataset, FixedKind, Granularity, HierarchyNode, InventoryPolicy, Item, ItemType,
    Lane, Location, LocationKind, LotRule, OnHand, OpenOrder, OrderKind, PlanFix, Resource,
    ResourceCapacity, Routing, SalesRecord, Settings, StandardCost, Supplier, SupplierItem,
    UNITS_OF_MEASURE,
};

use crate::cell::{Codes, Range, RowCheck, Scope, parse_month};
use crate::cycles;
use crate::problem::Problems;
use crate::schema::{FILES, rank};
use crate::table::{Table, check_duplicate_keys};

/// What was found for one file of the dataset.
#[derive(Debug)]
pub(crate) enum Source {
    /// Not given: no rows (an error, already reported, if the file is required).
    Absent,
    /// Given but unreadable (already reported); its contents are unknown.
    Unreadable,
    /// Read, header matched.
    Table(Table),
}

impl Source {
    fn table(&self) -> Option<&Table> {
        match self {
            Source::Table(table) => Some(table),
            _ => None,
        }
    }

    /// Rows of the table, none when absent or unreadable.
    fn rows(&self) -> impl Iterator<Item = (&Table, &crate::table::Row)> {
        self.table()
            .into_iter()
            .flat_map(|table| table.rows.iter().map(move |row| (table, row)))
    }
}

/// Reference data gathered from the raw tables before any row is parsed, so
/// every reference can be checked whatever else is wrong with the row.
struct Lookup {
    calendar: Option<Calendar>,
    families: Codes,
    /// Family code -> parent code, for families that have a parent.
    family_parents: HashMap<String, String>,
    regions: Codes,
    channels: Codes,
    items: Codes,
    item_types: HashMap<String, ItemType>,
    locations: Codes,
    location_kinds: HashMap<String, LocationKind>,
    customers: Codes,
    resources: Codes,
    suppliers: Codes,
}

fn codes(sources: &[Source], rank: usize) -> Codes {
    let schema = &FILES[rank];
    match &sources[rank] {
        Source::Absent => Codes::new([], !schema.required),
        Source::Unreadable => Codes::new([], false),
        Source::Table(table) => {
            let present = schema
                .column_index("code")
                .is_some_and(|idx| table.present[idx]);
            let codes = table
                .rows
                .iter()
                .filter_map(|row| table.cell(row, "code"))
                .map(str::to_string);
            Codes::new(codes, present)
        }
    }
}

/// Code -> parsed label of `column`, first occurrence wins.
fn attributes<T>(
    source: &Source,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> HashMap<String, T> {
    let mut map = HashMap::new();
    for (table, row) in source.rows() {
        if let (Some(code), Some(value)) = (
            table.cell(row, "code"),
            table.cell(row, column).and_then(parse),
        ) {
            map.entry(code.to_string()).or_insert(value);
        }
    }
    map
}

/// Validates every table and builds the dataset; `None` when any problem was found.
pub(crate) fn build_dataset(sources: &[Source], problems: &mut Problems) -> Option<Dataset> {
    for source in sources {
        if let Source::Table(table) = source {
            check_duplicate_keys(table, problems);
        }
    }
    let settings = parse_settings(&sources[rank::SETTINGS], problems);
    let lookup = Lookup {
        calendar: settings.as_ref().map(|settings| settings.calendar.clone()),
        families: codes(sources, rank::FAMILIES),
        family_parents: attributes(&sources[rank::FAMILIES], "parent", |parent| {
            Some(parent.to_string())
        }),
        regions: codes(sources, rank::REGIONS),
        channels: codes(sources, rank::CHANNELS),
        items: codes(sources, rank::ITEMS),
        item_types: attributes(&sources[rank::ITEMS], "type", ItemType::parse),
        locations: codes(sources, rank::LOCATIONS),
        location_kinds: attributes(&sources[rank::LOCATIONS], "kind", LocationKind::parse),
        customers: codes(sources, rank::CUSTOMERS),
        resources: codes(sources, rank::RESOURCES),
        suppliers: codes(sources, rank::SUPPLIERS),
    };
    let cx = &lookup;
    let families = parse_hierarchy(&sources[rank::FAMILIES], &cx.families, "family", problems);
    let regions = parse_hierarchy(&sources[rank::REGIONS], &cx.regions, "region", problems);
    let channels = parse_hierarchy(&sources[rank::CHANNELS], &cx.channels, "channel", problems);
    let items = parse_rows(&sources[rank::ITEMS], problems, |c| parse_item(c, cx));
    let locations = parse_rows(&sources[rank::LOCATIONS], problems, |c| {
        parse_location(c, cx)
    });
    let customers = parse_rows(&sources[rank::CUSTOMERS], problems, |c| {
        // Check every cell before giving up on the row.
        let code = c.text("code");
        let name = c.text("name");
        let channel = c.reference("channel", &cx.channels, "channel");
        Some(Customer {
            code: code?,
            name: name?,
            channel: channel?,
        })
    });
    let resources = parse_rows(&sources[rank::RESOURCES], problems, |c| {
        parse_resource(c, cx)
    });
    let resource_capacity = parse_rows(&sources[rank::RESOURCE_CAPACITY], problems, |c| {
        let resource = c.reference("resource", &cx.resources, "resource");
        let bucket = c.bucket("bucket", cx.calendar.as_ref(), Scope::Calendar);
        let hours = c.number("hours", Range::NonNegative);
        Some(ResourceCapacity {
            resource: resource?,
            bucket: bucket?,
            hours: hours?,
        })
    });
    let routings = parse_rows(&sources[rank::ROUTINGS], problems, |c| parse_routing(c, cx));
    let bom = parse_rows(&sources[rank::BOM], problems, |c| parse_bom_line(c, cx));
    if let Some(table) = sources[rank::BOM].table() {
        cycles::check_bom_cycles(table, problems);
    }
    let suppliers = parse_rows(&sources[rank::SUPPLIERS], problems, |c| {
        let code = c.text("code");
        let name = c.text("name");
        Some(Supplier {
            code: code?,
            name: name?,
        })
    });
    let supplier_items = parse_rows(&sources[rank::SUPPLIER_ITEMS], problems, |c| {
        parse_supplier_item(c, cx)
    });
    let lanes = parse_rows(&sources[rank::LANES], problems, |c| parse_lane(c, cx));
    let on_hand = parse_rows(&sources[rank::ON_HAND], problems, |c| {
        let item = c.reference("item", &cx.items, "item");
        let location = c.reference("location", &cx.locations, "location");
        let quantity = c.number("quantity", Range::NonNegative);
        Some(OnHand {
            item: item?,
            location: location?,
            quantity: quantity?,
        })
    });
    let open_orders = parse_rows(&sources[rank::OPEN_ORDERS], problems, |c| {
        parse_open_order(c, cx)
    });
    let sales = parse_rows(&sources[rank::SALES], problems, |c| {
        let item = c.reference("item", &cx.items, "item");
        let location = c.reference("location", &cx.locations, "location");
        let customer = c.reference("customer", &cx.customers, "customer");
        let bucket = c.bucket("bucket", cx.calendar.as_ref(), Scope::History);
        let quantity = c.number("quantity", Range::NonNegative);
        Some(SalesRecord {
            item: item?,
            location: location?,
            customer: customer?,
            bucket: bucket?,
            quantity: quantity?,
        })
    });
    let budget = parse_rows(&sources[rank::BUDGET], problems, |c| {
        let family = c.reference("family", &cx.families, "family");
        let bucket = c.bucket("bucket", cx.calendar.as_ref(), Scope::Calendar);
        let volume = c.number("volume", Range::NonNegative);
        let revenue = c.number("revenue", Range::NonNegative);
        Some(BudgetLine {
            family: family?,
            bucket: bucket?,
            volume: volume?,
            revenue: revenue?,
        })
    });
    let inventory_policy = parse_rows(&sources[rank::INVENTORY_POLICY], problems, |c| {
        let item = c.reference("item", &cx.items, "item");
        let location = c.reference("location", &cx.locations, "location");
        let safety_stock = c.maybe_number("safety_stock", Range::NonNegative);
        let cover_periods = c.maybe_number("cover_periods", Range::NonNegative);
        let service_level = c.maybe_number("service_level", Range::Probability);
        let fill_rate = c.maybe_number("fill_rate", Range::Probability);
        let labels: Vec<&str> = LotRule::ALL.iter().map(|rule| rule.as_str()).collect();
        let lot_rule = c.optional_label("lot_rule", LotRule::parse, &labels);
        let lot_size = c.maybe_number("lot_size", Range::Positive);
        let order_cost = c.maybe_number("order_cost", Range::NonNegative);
        // A safety stock is fixed in units or in buckets of cover, and its target is a
        // cycle service level or a fill rate: never both.
        let mut exclusive = true;
        if c.cell("safety_stock").is_some() && c.cell("cover_periods").is_some() {
            c.report(
                "cover_periods",
                "give safety_stock or cover_periods, not both",
            );
            exclusive = false;
        }
        if c.cell("service_level").is_some() && c.cell("fill_rate").is_some() {
            c.report("fill_rate", "give service_level or fill_rate, not both");
            exclusive = false;
        }
        for rule in [LotRule::FixedQuantity, LotRule::MinMax] {
            if lot_rule == Some(Some(rule)) && lot_size == Some(None) {
                c.report(
                    "lot_size",
                    format!("is required when lot_rule is {}", rule.as_str()),
                );
                return None;
            }
        }
        if !exclusive {
            return None;
        }
        Some(InventoryPolicy {
            item: item?,
            location: location?,
            safety_stock: safety_stock?,
            cover_periods: cover_periods?,
            service_level: service_level?,
            fill_rate: fill_rate?,
            lot_rule: lot_rule?,
            lot_size: lot_size?,
            order_cost: order_cost?,
        })
    });
    let plan_fixes = parse_rows(&sources[rank::PLAN_FIXES], problems, |c| {
        parse_plan_fix(c, cx)
    });
    let consensus_rules = parse_rows(&sources[rank::CONSENSUS_RULES], problems, |c| {
        parse_consensus_rule(c, cx)
    });

    if !problems.is_empty() {
        return None;
    }
    let mut dataset = Dataset::empty(settings?);
    dataset.families = families;
    dataset.regions = regions;
    dataset.channels = channels;
    dataset.items = items;
    dataset.locations = locations;
    dataset.customers = customers;
    dataset.resources = resources;
    dataset.resource_capacity = resource_capacity;
    dataset.routings = routings;
    dataset.bom = bom;
    dataset.suppliers = suppliers;
    dataset.supplier_items = supplier_items;
    dataset.lanes = lanes;
    dataset.on_hand = on_hand;
    dataset.open_orders = open_orders;
    dataset.sales = sales;
    dataset.budget = budget;
    dataset.inventory_policy = inventory_policy;
    dataset.plan_fixes = plan_fixes;
    dataset.consensus_rules = consensus_rules;
    Some(dataset)
}

/// A `consensus_rules.csv` row: how a role's layer counts in a top-level
/// family's consensus; `weight` only (and always) for a blend.
fn parse_consensus_rule(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<ConsensusRuleRow> {
    let family = top_family(
        c,
        cx,
        "family",
        "the consensus rules are by top-level family",
    );
    let role = c.label(
        "role",
        |text| {
            DEMAND_ROLES
                .iter()
                .find(|r| **r == text.trim())
                .map(|r| r.to_string())
        },
        &DEMAND_ROLES,
    );
    let combine = c.label(
        "combine",
        |text| {
            ConsensusCombine::LABELS
                .iter()
                .position(|label| *label == text.trim())
        },
        &ConsensusCombine::LABELS,
    );
    let weight = c.maybe_number("weight", Range::Efficiency);
    let combine = match (combine?, weight?) {
        (0, None) => ConsensusCombine::Override,
        (1, None) => ConsensusCombine::Adjustment,
        (2, Some(weight)) => ConsensusCombine::Blend(weight),
        (_, None) => {
            c.report("weight", "a blend needs its weight, from above 0 to 1");
            return None;
        }
        (_, Some(_)) => {
            c.report("weight", "only a blend has a weight; leave it empty");
            return None;
        }
    };
    Some(ConsensusRuleRow {
        family: family?,
        role: role?,
        combine,
    })
}

/// A required reference to a top-level family in `column`; `why` says
/// why a sub-family will not do.
fn top_family(c: &mut RowCheck<'_>, cx: &Lookup, column: &str, why: &str) -> Option<String> {
    c.reference(column, &cx.families, "family")
        .and_then(|family| match cx.family_parents.get(&family) {
            Some(parent) => {
                c.report(
                    column,
                    format!(
                        "family '{family}' is not a top-level family (its parent is '{parent}'); {why}"
                    ),
                );
                None
            }
            None => Some(family),
        })
}

/// A `plan_fixes.csv` row: production of a top-level family, or overtime hours of a
/// resource, in a horizon bucket.
fn parse_plan_fix(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<PlanFix> {
    let labels: Vec<&str> = FixedKind::ALL.iter().map(|kind| kind.as_str()).collect();
    let decision = c.label("decision", FixedKind::parse, &labels);
    let code = match decision {
        Some(FixedKind::Production) => {
            top_family(c, cx, "code", "the constrained plan is by top-level family")
        }
        Some(FixedKind::OvertimeHours) => c.reference("code", &cx.resources, "resource"),
        None => None,
    };
    let bucket = c.bucket("bucket", cx.calendar.as_ref(), Scope::Horizon);
    let value = c.number("value", Range::NonNegative);
    Some(PlanFix {
        decision: decision?,
        code: code?,
        bucket: bucket?,
        value: value?,
    })
}

/// Parses every row of `source` with `parse`, keeping the rows that parsed.
fn parse_rows<T>(
    source: &Source,
    problems: &mut Problems,
    mut parse: impl FnMut(&mut RowCheck<'_>) -> Option<T>,
) -> Vec<T> {
    let mut records = Vec::new();
    for (table, row) in source.rows().filter(|(_, row)| row.whole) {
        let mut check = RowCheck::new(table, row, problems);
        if let Some(record) = parse(&mut check) {
            records.push(record);
        }
    }
    records
}

fn parse_settings(source: &Source, problems: &mut Problems) -> Option<Settings> {
    let table = source.table()?;
    let Some(row) = table.rows.first() else {
        problems.push(
            table.rank,
            &table.label,
            None,
            None,
            "exactly one row expected, found 0",
        );
        return None;
    };
    if let Some(extra) = table.rows.get(1) {
        problems.push(
            table.rank,
            &table.label,
            Some(extra.number),
            None,
            format!("exactly one row expected, found {}", table.rows.len()),
        );
    }
    if !row.whole {
        return None;
    }
    let mut c = RowCheck::new(table, row, problems);
    let company = c.text("company");
    let currency = c.text("currency");
    let granularity = c.label("granularity", Granularity::parse, &["month"]);
    let plan_start = c.text("plan_start").and_then(|text| {
        let month = parse_month(&text);
        if month.is_none() {
            c.report(
                "plan_start",
                fulcrum_core::BucketError::Malformed(text).to_string(),
            );
        }
        month
    });
    let history = c.whole("history_buckets").and_then(|history| {
        let history = history as usize;
        if history > MAX_HISTORY {
            c.report(
                "history_buckets",
                CalendarError::History(history).to_string(),
            );
            return None;
        }
        Some(history)
    });
    let horizon = c.whole("horizon_buckets").and_then(|horizon| {
        let horizon = horizon as usize;
        if !HORIZON_RANGE.contains(&horizon) {
            c.report(
                "horizon_buckets",
                CalendarError::Horizon(horizon).to_string(),
            );
            return None;
        }
        Some(horizon)
    });
    let Granularity::Month = granularity?;
    let calendar = match Calendar::monthly(plan_start?, history?, horizon?) {
        Ok(calendar) => calendar,
        Err(error) => {
            c.report("horizon_buckets", error.to_string());
            return None;
        }
    };
    Some(Settings {
        company: company?,
        currency: currency?,
        calendar,
    })
}

fn parse_hierarchy(
    source: &Source,
    codes: &Codes,
    what: &str,
    problems: &mut Problems,
) -> Vec<HierarchyNode> {
    let nodes = parse_rows(source, problems, |c| {
        let code = c.text("code");
        let name = c.text("name");
        let parent = c.optional_reference("parent", codes, what);
        Some(HierarchyNode {
            code: code?,
            name: name?,
            parent: parent?,
        })
    });
    if let Some(table) = source.table() {
        cycles::check_hierarchy_cycles(table, problems);
    }
    nodes
}

fn parse_item(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<Item> {
    let code = c.text("code");
    let name = c.text("name");
    let family = c.reference("family", &cx.families, "family");
    let uom = c.text("uom").and_then(|uom| {
        if UNITS_OF_MEASURE.contains(&uom.as_str()) {
            return Some(uom);
        }
        c.report(
            "uom",
            format!(
                "'{uom}' is not a unit of measure (one of {})",
                UNITS_OF_MEASURE.join(", ")
            ),
        );
        None
    });
    let item_type = c.label(
        "type",
        ItemType::parse,
        &["finished", "intermediate", "purchased"],
    );
    let price = c.number("price", Range::NonNegative);
    let material = c.number("material_cost", Range::NonNegative);
    let labour = c.number("labour_cost", Range::NonNegative);
    let overhead = c.number("overhead_cost", Range::NonNegative);
    let lead_time = c.whole("lead_time");
    let launch = c.optional_bucket("launch", cx.calendar.as_ref(), Scope::Calendar);
    Some(Item {
        code: code?,
        name: name?,
        family: family?,
        uom: uom?,
        item_type: item_type?,
        price: price?,
        cost: StandardCost {
            material: material?,
            labour: labour?,
            overhead: overhead?,
        },
        lead_time: lead_time?,
        launch: launch?,
    })
}

fn parse_location(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<Location> {
    let code = c.text("code");
    let name = c.text("name");
    let kind = c.label("kind", LocationKind::parse, &["plant", "dc"]);
    let region = c.reference("region", &cx.regions, "region");
    Some(Location {
        code: code?,
        name: name?,
        kind: kind?,
        region: region?,
    })
}

fn parse_resource(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<Resource> {
    let code = c.text("code");
    let name = c.text("name");
    let location = c
        .reference("location", &cx.locations, "location")
        .and_then(|location| match cx.location_kinds.get(&location) {
            Some(LocationKind::Plant) | None => Some(location),
            Some(kind) => {
                c.report(
                    "location",
                    format!("location '{location}' is a {}, not a plant", kind.as_str()),
                );
                None
            }
        });
    let hours_per_bucket = c.number("hours_per_bucket", Range::NonNegative);
    let efficiency = c.number("efficiency", Range::Efficiency);
    Some(Resource {
        code: code?,
        name: name?,
        location: location?,
        hours_per_bucket: hours_per_bucket?,
        efficiency: efficiency?,
    })
}

fn parse_routing(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<Routing> {
    let item = c
        .reference("item", &cx.items, "item")
        .and_then(|item| match cx.item_types.get(&item) {
            Some(ItemType::Purchased) => {
                c.report(
                    "item",
                    format!(
                        "item '{item}' is purchased; only finished and intermediate items have routings"
                    ),
                );
                None
            }
            _ => Some(item),
        });
    let resource = c.reference("resource", &cx.resources, "resource");
    let hours_per_unit = c.number("hours_per_unit", Range::NonNegative);
    Some(Routing {
        item: item?,
        resource: resource?,
        hours_per_unit: hours_per_unit?,
    })
}

fn parse_bom_line(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<BomLine> {
    let parent = c.reference("parent", &cx.items, "item").and_then(|parent| {
        match cx.item_types.get(&parent) {
            Some(ItemType::Purchased) => {
                c.report(
                    "parent",
                    format!(
                        "item '{parent}' is purchased; purchased items have no bill of materials"
                    ),
                );
                None
            }
            _ => Some(parent),
        }
    });
    let component = c.reference("component", &cx.items, "item");
    let quantity_per = c.number("quantity_per", Range::Positive);
    let scrap = c.optional_number("scrap", Range::Scrap, 0.0);
    Some(BomLine {
        parent: parent?,
        component: component?,
        quantity_per: quantity_per?,
        scrap: scrap?,
    })
}

fn parse_supplier_item(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<SupplierItem> {
    let supplier = c.reference("supplier", &cx.suppliers, "supplier");
    let item =
        c.reference("item", &cx.items, "item")
            .and_then(|item| match cx.item_types.get(&item) {
                Some(item_type) if *item_type != ItemType::Purchased => {
                    c.report(
                        "item",
                        format!(
                            "item '{item}' is {}; only purchased items have suppliers",
                            item_type.as_str()
                        ),
                    );
                    None
                }
                _ => Some(item),
            });
    let location = c.reference("location", &cx.locations, "location");
    let lead_time = c.whole("lead_time");
    let lead_time_sd = c.optional_number("lead_time_sd", Range::NonNegative, 0.0);
    let min_order = c.optional_number("min_order", Range::NonNegative, 0.0);
    let order_multiple = c.optional_number("order_multiple", Range::NonNegative, 0.0);
    let unit_cost = c.optional_number("unit_cost", Range::NonNegative, 0.0);
    Some(SupplierItem {
        supplier: supplier?,
        item: item?,
        location: location?,
        lead_time: lead_time?,
        lead_time_sd: lead_time_sd?,
        min_order: min_order?,
        order_multiple: order_multiple?,
        unit_cost: unit_cost?,
    })
}

fn parse_lane(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<Lane> {
    let from = c.reference("from", &cx.locations, "location");
    let to = c.reference("to", &cx.locations, "location");
    let to = match (&from, to) {
        (Some(from), Some(to)) if *from == to => {
            c.report("to", format!("a lane cannot go from '{to}' to itself"));
            None
        }
        (_, to) => to,
    };
    let lead_time = c.whole("lead_time");
    let lead_time_sd = c.optional_number("lead_time_sd", Range::NonNegative, 0.0);
    let unit_cost = c.optional_number("unit_cost", Range::NonNegative, 0.0);
    Some(Lane {
        from: from?,
        to: to?,
        lead_time: lead_time?,
        lead_time_sd: lead_time_sd?,
        unit_cost: unit_cost?,
    })
}

fn parse_open_order(c: &mut RowCheck<'_>, cx: &Lookup) -> Option<OpenOrder> {
    let id = c.text("id");
    let kind = c.label(
        "kind",
        OrderKind::parse,
        &["purchase", "production", "transfer"],
    );
    let item = c.reference("item", &cx.items, "item");
    let location = c.reference("location", &cx.locations, "location");
    let mut from = c.optional_reference("from", &cx.locations, "location");
    let mut supplier = c.optional_reference("supplier", &cx.suppliers, "supplier");
    if let Some(kind) = kind {
        let given_from = c.cell("from");
        match (kind, given_from) {
            (OrderKind::Transfer, None) => {
                c.report("from", "a transfer order needs a from location");
                from = None;
            }
            (OrderKind::Transfer, Some(origin)) if location.as_deref() == Some(origin) => {
                c.report(
                    "from",
                    format!("a transfer cannot ship from '{origin}' to itself"),
                );
                from = None;
            }
            (OrderKind::Purchase | OrderKind::Production, Some(_)) => {
                c.report("from", "only transfer orders have a from location");
                from = None;
            }
            _ => {}
        }
        match (kind, c.cell("supplier")) {
            (OrderKind::Purchase, None) => {
                c.report("supplier", "a purchase order needs a supplier");
                supplier = None;
            }
            (OrderKind::Production | OrderKind::Transfer, Some(_)) => {
                c.report("supplier", "only purchase orders have a supplier");
                supplier = None;
            }
            _ => {}
        }
    }
    let quantity = c.number("quantity", Range::NonNegative);
    let due = c.bucket("due", cx.calendar.as_ref(), Scope::Horizon);
    Some(OpenOrder {
        id: id?,
        kind: kind?,
        item: item?,
        location: location?,
        from: from?,
        supplier: supplier?,
        quantity: quantity?,
        due: due?,
    })
}
