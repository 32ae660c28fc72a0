//! Properties of the generated demo company: determinism, structure, referential
//! integrity, and the demand patterns the planning engines are meant to meet.

use std::collections::{BTreeMap, BTreeSet};

use fulcrum_core::{Dataset, ItemType, LocationKind, OrderKind, UNITS_OF_MEASURE, YearMonth};
use fulcrum_demo::{DemoConfig, generate};

fn demo() -> Dataset {
    generate(&DemoConfig::default())
}

/// The default company and a few other seeds: the patterns must not hinge on luck.
fn seeds() -> impl Iterator<Item = Dataset> {
    [42, 1, 2, 3, 2026].into_iter().map(|seed| {
        generate(&DemoConfig {
            seed,
            ..DemoConfig::default()
        })
    })
}

fn finished(dataset: &Dataset) -> impl Iterator<Item = &fulcrum_core::Item> {
    dataset
        .items
        .iter()
        .filter(|item| item.item_type == ItemType::Finished)
}

fn codes<'a, T>(rows: &'a [T], key: impl Fn(&'a T) -> &'a str) -> BTreeSet<&'a str> {
    rows.iter().map(key).collect()
}

/// Every rule of docs/data-format.md that a generated dataset can break.
fn problems(d: &Dataset) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    let calendar = d.calendar();
    let families = codes(&d.families, |n| &n.code);
    let regions = codes(&d.regions, |n| &n.code);
    let channels = codes(&d.channels, |n| &n.code);
    let items: BTreeMap<&str, &fulcrum_core::Item> =
        d.items.iter().map(|i| (i.code.as_str(), i)).collect();
    let locations: BTreeMap<&str, LocationKind> = d
        .locations
        .iter()
        .map(|l| (l.code.as_str(), l.kind))
        .collect();
    let customers = codes(&d.customers, |c| &c.code);
    let resources: BTreeMap<&str, &str> = d
        .resources
        .iter()
        .map(|r| (r.code.as_str(), r.location.as_str()))
        .collect();
    let suppliers = codes(&d.suppliers, |s| &s.code);

    // Unique keys.
    fn unique<K: Ord>(keys: impl Iterator<Item = K>) -> bool {
        let mut seen = BTreeSet::new();
        keys.into_iter().all(|key| seen.insert(key))
    }
    check(
        unique(d.families.iter().map(|n| &n.code)),
        "families".into(),
    );
    check(unique(d.regions.iter().map(|n| &n.code)), "regions".into());
    check(
        unique(d.channels.iter().map(|n| &n.code)),
        "channels".into(),
    );
    check(unique(d.items.iter().map(|n| &n.code)), "items".into());
    check(
        unique(d.locations.iter().map(|n| &n.code)),
        "locations".into(),
    );
    check(
        unique(d.customers.iter().map(|n| &n.code)),
        "customers".into(),
    );
    check(
        unique(d.resources.iter().map(|n| &n.code)),
        "resources".into(),
    );
    check(
        unique(d.suppliers.iter().map(|n| &n.code)),
        "suppliers".into(),
    );
    check(
        unique(d.resource_capacity.iter().map(|r| (&r.resource, &r.bucket))),
        "resource_capacity keys".into(),
    );
    check(
        unique(d.routings.iter().map(|r| (&r.item, &r.resource))),
        "routing keys".into(),
    );
    check(
        unique(d.bom.iter().map(|r| (&r.parent, &r.component))),
        "bom keys".into(),
    );
    check(
        unique(
            d.supplier_items
                .iter()
                .map(|r| (&r.supplier, &r.item, &r.location)),
        ),
        "supplier item keys".into(),
    );
    check(
        unique(d.lanes.iter().map(|r| (&r.from, &r.to))),
        "lane keys".into(),
    );
    check(
        unique(d.on_hand.iter().map(|r| (&r.item, &r.location))),
        "on-hand keys".into(),
    );
    check(
        unique(d.open_orders.iter().map(|r| &r.id)),
        "order ids".into(),
    );
    check(
        unique(
            d.sales
                .iter()
                .map(|r| (&r.item, &r.location, &r.customer, &r.bucket)),
        ),
        "sales keys".into(),
    );
    check(
        unique(d.budget.iter().map(|r| (&r.family, &r.bucket))),
        "budget keys".into(),
    );
    check(
        unique(d.inventory_policy.iter().map(|r| (&r.item, &r.location))),
        "policy keys".into(),
    );

    // Hierarchies: parents resolve.
    for (nodes, set, name) in [
        (&d.families, &families, "family"),
        (&d.regions, &regions, "region"),
        (&d.channels, &channels, "channel"),
    ] {
        for node in nodes {
            if let Some(parent) = &node.parent {
                check(
                    set.contains(parent.as_str()),
                    format!("{name} parent {parent}"),
                );
            }
        }
    }
    for item in &d.items {
        check(
            families.contains(item.family.as_str()),
            format!("family of {}", item.code),
        );
        check(
            UNITS_OF_MEASURE.contains(&item.uom.as_str()),
            format!("uom of {}", item.code),
        );
        let cost = item.cost;
        check(
            item.price >= 0.0 && cost.material >= 0.0 && cost.labour >= 0.0 && cost.overhead >= 0.0,
            format!("negative money on {}", item.code),
        );
        if let Some(launch) = &item.launch {
            check(
                calendar.parse_bucket(launch).is_ok(),
                format!("launch of {}", item.code),
            );
        }
    }
    for location in &d.locations {
        check(
            regions.contains(location.region.as_str()),
            format!("region of {}", location.code),
        );
    }
    for customer in &d.customers {
        check(
            channels.contains(customer.channel.as_str()),
            format!("channel of {}", customer.code),
        );
    }
    for resource in &d.resources {
        check(
            locations.get(resource.location.as_str()) == Some(&LocationKind::Plant),
            format!("resource {} not at a plant", resource.code),
        );
        check(
            resource.hours_per_bucket >= 0.0
                && resource.efficiency > 0.0
                && resource.efficiency <= 1.0,
            format!("resource numbers {}", resource.code),
        );
    }
    for row in &d.resource_capacity {
        check(
            resources.contains_key(row.resource.as_str()),
            format!("capacity {}", row.resource),
        );
        check(
            calendar.parse_bucket(&row.bucket).is_ok(),
            format!("capacity bucket {}", row.bucket),
        );
        check(row.hours >= 0.0, format!("capacity hours {}", row.resource));
    }
    for row in &d.routings {
        let made = items
            .get(row.item.as_str())
            .is_some_and(|i| i.item_type != ItemType::Purchased);
        check(made, format!("routing item {}", row.item));
        check(
            resources.contains_key(row.resource.as_str()),
            format!("routing resource {}", row.resource),
        );
        check(
            row.hours_per_unit >= 0.0,
            format!("routing hours {}", row.item),
        );
    }
    for row in &d.bom {
        let parent_made = items
            .get(row.parent.as_str())
            .is_some_and(|i| i.item_type != ItemType::Purchased);
        check(parent_made, format!("bom parent {}", row.parent));
        check(
            items.contains_key(row.component.as_str()),
            format!("bom component {}", row.component),
        );
        check(
            row.quantity_per > 0.0,
            format!("bom quantity {}", row.parent),
        );
        check(
            (0.0..1.0).contains(&row.scrap),
            format!("bom scrap {}", row.parent),
        );
    }
    for row in &d.supplier_items {
        check(
            suppliers.contains(row.supplier.as_str()),
            format!("supplier {}", row.supplier),
        );
        let purchased = items
            .get(row.item.as_str())
            .is_some_and(|i| i.item_type == ItemType::Purchased);
        check(purchased, format!("supplier item {}", row.item));
        check(
            locations.contains_key(row.location.as_str()),
            format!("supplier location {}", row.location),
        );
        check(
            row.min_order >= 0.0 && row.order_multiple >= 0.0 && row.unit_cost >= 0.0,
            format!("supplier numbers {}", row.item),
        );
    }
    for lane in &d.lanes {
        check(
            lane.from != lane.to,
            format!("lane {} to itself", lane.from),
        );
        check(
            locations.contains_key(lane.from.as_str()),
            format!("lane from {}", lane.from),
        );
        check(
            locations.contains_key(lane.to.as_str()),
            format!("lane to {}", lane.to),
        );
        check(lane.unit_cost >= 0.0, format!("lane cost {}", lane.from));
    }
    for row in &d.on_hand {
        check(
            items.contains_key(row.item.as_str()),
            format!("on-hand item {}", row.item),
        );
        check(
            locations.contains_key(row.location.as_str()),
            format!("on-hand location {}", row.location),
        );
        check(
            row.quantity >= 0.0,
            format!("on-hand quantity {}", row.item),
        );
    }
    for order in &d.open_orders {
        check(
            items.contains_key(order.item.as_str()),
            format!("order item {}", order.id),
        );
        check(
            locations.contains_key(order.location.as_str()),
            format!("order location {}", order.id),
        );
        check(
            order.quantity >= 0.0,
            format!("order quantity {}", order.id),
        );
        let due = calendar.parse_bucket(&order.due);
        check(
            due.is_ok_and(|idx| calendar.horizon().contains(&idx)),
            format!("order {} due {} outside the horizon", order.id, order.due),
        );
        match order.kind {
            OrderKind::Purchase => check(
                order
                    .supplier
                    .as_deref()
                    .is_some_and(|s| suppliers.contains(s))
                    && order.from.is_none(),
                format!("purchase {}", order.id),
            ),
            OrderKind::Transfer => check(
                order
                    .from
                    .as_deref()
                    .is_some_and(|f| locations.contains_key(f))
                    && order.supplier.is_none(),
                format!("transfer {}", order.id),
            ),
            OrderKind::Production => check(
                order.from.is_none() && order.supplier.is_none(),
                format!("production {}", order.id),
            ),
        }
    }
    for sale in &d.sales {
        check(
            items.contains_key(sale.item.as_str()),
            format!("sale item {}", sale.item),
        );
        check(
            customers.contains(sale.customer.as_str()),
            format!("sale customer {}", sale.customer),
        );
        check(
            locations.get(sale.location.as_str()) == Some(&LocationKind::DistributionCentre),
            format!("sale at {} is not at a DC", sale.location),
        );
        check(sale.quantity >= 0.0, format!("sale quantity {}", sale.item));
        let bucket = calendar.parse_bucket(&sale.bucket);
        check(
            bucket.is_ok_and(|idx| calendar.history().contains(&idx)),
            format!("sale in {} outside the history", sale.bucket),
        );
    }
    for line in &d.budget {
        check(
            families.contains(line.family.as_str()),
            format!("budget family {}", line.family),
        );
        check(
            calendar.parse_bucket(&line.bucket).is_ok(),
            format!("budget bucket {}", line.bucket),
        );
        check(
            line.volume >= 0.0 && line.revenue >= 0.0,
            format!("budget numbers {}", line.family),
        );
    }
    for row in &d.inventory_policy {
        check(
            items.contains_key(row.item.as_str()),
            format!("policy item {}", row.item),
        );
        check(
            locations.contains_key(row.location.as_str()),
            format!("policy location {}", row.location),
        );
        check(
            row.safety_stock.is_none_or(|quantity| quantity >= 0.0),
            format!("policy quantity {}", row.item),
        );
    }
    check(bom_depth(d).is_some(), "BOM has a cycle".into());
    problems
}

/// The number of levels of the deepest BOM (1 for an item without components), or
/// `None` when the BOM has a cycle.
fn bom_depth(d: &Dataset) -> Option<usize> {
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for line in &d.bom {
        children
            .entry(line.parent.as_str())
            .or_default()
            .push(line.component.as_str());
    }
    fn depth<'a>(
        item: &'a str,
        children: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
    ) -> Option<usize> {
        if path.contains(&item) {
            return None;
        }
        path.push(item);
        let mut deepest = 0;
        for child in children.get(item).into_iter().flatten() {
            deepest = deepest.max(depth(child, children, path)?);
        }
        path.pop();
        Some(deepest + 1)
    }
    let mut deepest = 0;
    for item in &d.items {
        deepest = deepest.max(depth(&item.code, &children, &mut Vec::new())?);
    }
    Some(deepest)
}

#[test]
fn same_config_gives_the_same_dataset_and_another_seed_does_not() {
    let config = DemoConfig::default();
    let first = generate(&config);
    assert_eq!(first, generate(&config));

    let other = generate(&DemoConfig { seed: 43, ..config });
    assert_ne!(first, other);
    assert_ne!(first.sales, other.sales);
    // The seed moves numbers, not the structure.
    let codes = |d: &Dataset| d.items.iter().map(|i| i.code.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&first), codes(&other));
    assert_eq!(first.bom, other.bom);
}

#[test]
fn default_config_matches_the_brief() {
    let config = DemoConfig::default();
    assert_eq!(config.seed, 42);
    assert_eq!(config.plan_start, YearMonth::new(2026, 1).expect("month"));
    assert_eq!((config.history_buckets, config.horizon_buckets), (36, 24));
    let d = generate(&config);
    assert_eq!(d.settings.currency, "EUR");
    assert_eq!(d.calendar().history_len(), 36);
    assert_eq!(d.calendar().horizon_len(), 24);
    assert_eq!(d.calendar().label(d.calendar().horizon().start), "2026-01");
}

#[test]
fn structure_has_the_promised_size() {
    let d = demo();
    let roots: Vec<&str> = d
        .families
        .iter()
        .filter(|f| f.parent.is_none())
        .map(|f| f.code.as_str())
        .collect();
    let selling_roots: BTreeSet<&str> = finished(&d).map(|i| d.root_family(&i.family)).collect();
    assert!(selling_roots.len() >= 3, "{selling_roots:?}");
    assert!(selling_roots.iter().all(|r| roots.contains(r)));
    // Finished items sit below a sub-family: depth at least 2.
    for item in finished(&d) {
        assert_ne!(d.root_family(&item.family), item.family, "{}", item.code);
    }
    let count = finished(&d).count();
    assert!((40..=100).contains(&count), "{count} finished items");
    assert!(
        d.items
            .iter()
            .any(|i| i.item_type == ItemType::Intermediate)
    );
    assert_eq!(bom_depth(&d), Some(3));

    let kinds = |kind| d.locations.iter().filter(|l| l.kind == kind).count();
    assert_eq!(kinds(LocationKind::Plant), 2);
    assert_eq!(kinds(LocationKind::DistributionCentre), 3);
    assert!(d.resources.len() >= 5);
    assert!(d.customers.len() >= 10);
    // Customers sit below a sub-channel.
    let channel_roots = d.channels.iter().filter(|c| c.parent.is_none()).count();
    assert!(channel_roots >= 3);
    let history: BTreeSet<&str> = d.sales.iter().map(|s| s.bucket.as_str()).collect();
    assert_eq!(history.len(), 36);
    // Small enough for a fast cycle.
    assert!(d.sales.len() < 5_000 * 3, "{} sales rows", d.sales.len());
}

#[test]
fn every_rule_of_the_file_format_holds() {
    for d in seeds() {
        assert_eq!(problems(&d), Vec::<String>::new());
    }
}

#[test]
fn other_calendars_and_seeds_are_valid_too() {
    for config in [
        DemoConfig {
            seed: 1,
            ..DemoConfig::default()
        },
        DemoConfig {
            seed: 2,
            plan_start: YearMonth::new(2025, 7).expect("month"),
            history_buckets: 120,
            horizon_buckets: 36,
        },
        DemoConfig {
            seed: 3,
            plan_start: YearMonth::new(2027, 4).expect("month"),
            history_buckets: 0,
            horizon_buckets: 18,
        },
        DemoConfig {
            seed: 4,
            history_buckets: 5,
            ..DemoConfig::default()
        },
    ] {
        let d = generate(&config);
        assert_eq!(problems(&d), Vec::<String>::new(), "{config:?}");
        assert_eq!(d.calendar().history_len(), config.history_buckets);
        let horizon = config.horizon_buckets;
        assert_eq!(d.budget.len() % horizon, 0);
        if config.history_buckets == 0 {
            assert!(d.sales.is_empty());
        }
    }
}

#[test]
#[should_panic(expected = "horizon")]
fn an_invalid_horizon_is_refused() {
    generate(&DemoConfig {
        horizon_buckets: 12,
        ..DemoConfig::default()
    });
}

#[test]
fn tables_are_sorted_by_key() {
    fn sorted<K: Ord>(keys: Vec<K>) -> bool {
        keys.windows(2).all(|w| w[0] < w[1])
    }
    let d = demo();
    assert!(sorted(d.items.iter().map(|i| &i.code).collect()));
    assert!(sorted(
        d.sales
            .iter()
            .map(|s| (&s.item, &s.location, &s.customer, &s.bucket))
            .collect()
    ));
    assert!(sorted(
        d.bom.iter().map(|b| (&b.parent, &b.component)).collect()
    ));
    assert!(sorted(d.open_orders.iter().map(|o| &o.id).collect()));
    assert!(sorted(
        d.budget.iter().map(|b| (&b.family, &b.bucket)).collect()
    ));
}

#[test]
fn costs_roll_up_through_the_bom_and_margins_are_plausible() {
    for d in seeds() {
        for item in d
            .items
            .iter()
            .filter(|i| i.item_type != ItemType::Purchased)
        {
            let rolled: f64 = d
                .bom
                .iter()
                .filter(|line| line.parent == item.code)
                .map(|line| {
                    let component = d.item(&line.component).expect("component");
                    line.quantity_per / (1.0 - line.scrap) * component.cost.total()
                })
                .sum();
            assert!(
                (item.cost.material - rolled).abs() <= 0.006,
                "{}: {} vs {rolled}",
                item.code,
                item.cost.material
            );
            assert!(
                item.cost.labour > 0.0 && item.cost.overhead > 0.0,
                "{}",
                item.code
            );
        }
        for item in finished(&d) {
            let margin = 1.0 - item.cost.total() / item.price;
            assert!((0.25..=0.45).contains(&margin), "{}: {margin}", item.code);
        }
        for item in d
            .items
            .iter()
            .filter(|i| i.item_type == ItemType::Purchased)
        {
            assert!(item.cost.material > 0.0, "{}", item.code);
            assert_eq!(item.price, 0.0);
        }
    }
}

/// Plant where each made item is made, from its routings.
fn plants_of(d: &Dataset) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut plants: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for routing in &d.routings {
        let resource = d
            .resources
            .iter()
            .find(|r| r.code == routing.resource)
            .expect("resource");
        plants
            .entry(routing.item.as_str())
            .or_default()
            .insert(resource.location.as_str());
    }
    plants
}

#[test]
fn made_items_have_one_plant_and_their_components_are_available_there() {
    let d = demo();
    let plants = plants_of(&d);
    for item in d
        .items
        .iter()
        .filter(|i| i.item_type != ItemType::Purchased)
    {
        let at = plants.get(item.code.as_str()).expect("routing");
        assert_eq!(at.len(), 1, "{} made at {at:?}", item.code);
        assert!(
            d.bom.iter().any(|line| line.parent == item.code),
            "{}",
            item.code
        );
    }
    let mut shared = 0;
    for line in &d.bom {
        let plant = *plants[line.parent.as_str()].first().expect("plant");
        let component = d.item(&line.component).expect("component");
        match component.item_type {
            ItemType::Purchased => {
                let terms: Vec<_> = d
                    .supplier_items
                    .iter()
                    .filter(|t| t.item == component.code && t.location == plant)
                    .collect();
                assert!(
                    !terms.is_empty(),
                    "{} not bought at {plant}",
                    component.code
                );
                for term in terms {
                    assert!((1..=3).contains(&term.lead_time), "{term:?}");
                    assert!(term.min_order > 0.0 && term.order_multiple > 0.0);
                }
            }
            _ => assert!(plants[component.code.as_str()].contains(plant)),
        }
        let parents = d
            .bom
            .iter()
            .filter(|l| l.component == line.component)
            .count();
        if parents > 1 {
            shared += 1;
        }
    }
    assert!(shared > 0, "no shared component");
    assert!(d.bom.iter().filter(|l| l.scrap > 0.0).count() >= 3);
    // Every plant ships to every DC.
    for plant in d.locations.iter().filter(|l| l.kind == LocationKind::Plant) {
        for dc in d
            .locations
            .iter()
            .filter(|l| l.kind == LocationKind::DistributionCentre)
        {
            let lane = d
                .lanes
                .iter()
                .find(|lane| lane.from == plant.code && lane.to == dc.code)
                .expect("lane");
            assert!(lane.lead_time <= 1 && lane.unit_cost > 0.0);
        }
    }
}

/// Monthly units of each finished item over the history.
fn monthly_units(d: &Dataset) -> BTreeMap<&str, Vec<f64>> {
    let calendar = d.calendar();
    let mut units: BTreeMap<&str, Vec<f64>> = finished(d)
        .map(|i| (i.code.as_str(), vec![0.0; calendar.history_len()]))
        .collect();
    for sale in &d.sales {
        let idx = calendar.parse_bucket(&sale.bucket).expect("bucket");
        if let Some(series) = units.get_mut(sale.item.as_str()) {
            series[idx] += sale.quantity;
        }
    }
    units
}

#[test]
fn history_has_intermittent_and_launched_items() {
    for d in seeds() {
        let calendar = d.calendar();
        let units = monthly_units(&d);
        let intermittent: Vec<&str> = units
            .iter()
            .filter(|(_, series)| {
                let zeros = series.iter().filter(|v| **v == 0.0).count();
                zeros as f64 >= 0.4 * series.len() as f64 && zeros < series.len()
            })
            .map(|(code, _)| *code)
            .collect();
        assert!(!intermittent.is_empty());

        let launched: Vec<_> = finished(&d).filter(|i| i.launch.is_some()).collect();
        assert!(!launched.is_empty());
        for item in launched {
            let launch = calendar
                .parse_bucket(item.launch.as_deref().expect("launch"))
                .expect("launch bucket");
            assert!(
                launch > 0 && calendar.history().contains(&launch),
                "{}",
                item.code
            );
            let series = &units[item.code.as_str()];
            assert!(
                series[..launch].iter().all(|v| *v == 0.0),
                "{} sold before launch",
                item.code
            );
            assert!(
                series[launch..].iter().sum::<f64>() > 0.0,
                "{} never sold",
                item.code
            );
        }
        // Every finished item sells somewhere.
        assert!(
            units
                .values()
                .all(|series| series.iter().sum::<f64>() > 0.0)
        );
    }
}

#[test]
fn seasonality_differs_by_family() {
    for d in seeds() {
        let calendar = d.calendar();
        let mut profiles: BTreeMap<&str, [f64; 12]> = BTreeMap::new();
        for sale in &d.sales {
            let item = d.item(&sale.item).expect("item");
            let month = calendar
                .month(calendar.parse_bucket(&sale.bucket).expect("bucket"))
                .month;
            profiles
                .entry(d.root_family(&item.family))
                .or_insert([0.0; 12])[month as usize - 1] += sale.quantity;
        }
        let mut peaks = BTreeSet::new();
        for (family, profile) in &profiles {
            let max = profile.iter().cloned().fold(f64::MIN, f64::max);
            let min = profile.iter().cloned().fold(f64::MAX, f64::min);
            assert!(max / min > 1.3, "{family}: {profile:?}");
            let peak = profile.iter().position(|v| *v == max).expect("peak");
            peaks.insert(peak);
        }
        // Summer gear and winter gear peak in different months.
        assert!(peaks.len() >= 2, "{profiles:?}");
        let tent = profiles["TENT"];
        let snow = profiles["SNOW"];
        assert!(tent[5] > tent[11] * 2.0 && snow[11] > snow[5] * 1.5);
    }
}

#[test]
fn history_shows_trend_and_promotions() {
    for d in seeds() {
        let units = monthly_units(&d);
        let total = |range: std::ops::Range<usize>| -> f64 {
            units
                .values()
                .map(|s| s[range.clone()].iter().sum::<f64>())
                .sum()
        };
        // The company grows: the last year outsells the first.
        assert!(total(24..36) > total(0..12) * 1.05);
        // Promotions: some customer-month is at least twice the customer's median.
        let mut by_account: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
        for sale in &d.sales {
            by_account
                .entry((sale.item.as_str(), sale.customer.as_str()))
                .or_default()
                .push(sale.quantity);
        }
        let spikes = by_account
            .values()
            .filter(|q| q.len() >= 24)
            .filter(|q| {
                let mut sorted = (*q).clone();
                sorted.sort_by(f64::total_cmp);
                let median = sorted[sorted.len() / 2];
                median >= 20.0 && q.iter().any(|v| *v > 2.5 * median)
            })
            .count();
        assert!(spikes >= 5, "{spikes} promoted accounts");
    }
}

#[test]
fn state_covers_stock_orders_and_policies() {
    let d = demo();
    let dcs: BTreeSet<&str> = d
        .locations
        .iter()
        .filter(|l| l.kind == LocationKind::DistributionCentre)
        .map(|l| l.code.as_str())
        .collect();
    let plants: BTreeSet<&str> = d
        .locations
        .iter()
        .filter(|l| l.kind == LocationKind::Plant)
        .map(|l| l.code.as_str())
        .collect();
    assert!(d.on_hand.iter().any(|r| dcs.contains(r.location.as_str())));
    assert!(
        d.on_hand
            .iter()
            .any(|r| plants.contains(r.location.as_str()))
    );
    for kind in [
        OrderKind::Purchase,
        OrderKind::Production,
        OrderKind::Transfer,
    ] {
        assert!(d.open_orders.iter().any(|o| o.kind == kind), "no {kind:?}");
    }
    let first = d.calendar().label(d.calendar().horizon().start);
    assert!(d.open_orders.iter().any(|o| o.due == first));
    // Purchases respect the supplier's terms.
    for order in d
        .open_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Purchase)
    {
        let term = d
            .supplier_items
            .iter()
            .find(|t| {
                Some(t.supplier.as_str()) == order.supplier.as_deref()
                    && t.item == order.item
                    && t.location == order.location
            })
            .expect("supplier terms");
        assert!(order.quantity >= term.min_order);
        assert_eq!(order.quantity % term.order_multiple, 0.0, "{order:?}");
    }
    // Transfers run along a lane from the plant that makes the item.
    let made_at = plants_of(&d);
    for order in d
        .open_orders
        .iter()
        .filter(|o| o.kind == OrderKind::Transfer)
    {
        let from = order.from.as_deref().expect("from");
        assert!(made_at[order.item.as_str()].contains(from));
        assert!(
            d.lanes
                .iter()
                .any(|l| l.from == from && l.to == order.location)
        );
    }
    // Safety stock for finished items at the DCs that sell them, and nowhere else.
    let sold: BTreeSet<(&str, &str)> = d
        .sales
        .iter()
        .map(|s| (s.item.as_str(), s.location.as_str()))
        .collect();
    // Lot-sizing rows: intermediate items at their plant, with no safety stock; and
    // three purchased components on a min/max (the min as safety stock, below the max).
    let min_max: Vec<_> = d
        .inventory_policy
        .iter()
        .filter(|p| p.lot_rule == Some(fulcrum_core::LotRule::MinMax))
        .collect();
    assert_eq!(min_max.len(), 3);
    for policy in &min_max {
        assert_eq!(
            d.item(&policy.item).map(|i| i.item_type),
            Some(ItemType::Purchased)
        );
        let (Some(min), Some(max)) = (policy.safety_stock, policy.lot_size) else {
            panic!("min/max row without both levels: {policy:?}");
        };
        assert!(0.0 < min && min < max, "{policy:?}");
    }
    for policy in &d.inventory_policy {
        if policy.lot_rule == Some(fulcrum_core::LotRule::MinMax) {
            continue;
        }
        if policy.lot_rule.is_some() {
            assert!(!dcs.contains(policy.location.as_str()));
            assert_eq!(
                d.item(&policy.item).map(|i| i.item_type),
                Some(ItemType::Intermediate)
            );
            assert_eq!(policy.safety_stock, None);
            continue;
        }
        assert!(dcs.contains(policy.location.as_str()));
        assert_eq!(
            d.item(&policy.item).map(|i| i.item_type),
            Some(ItemType::Finished)
        );
    }
    for (item, dc) in &sold {
        assert!(
            d.inventory_policy
                .iter()
                .any(|p| p.item == *item && p.location == *dc),
            "no policy for {item} at {dc}"
        );
    }
    // Every safety-stock option is exercised: a couple of fill rates, a cover, and
    // unreliable suppliers and lanes.
    let fill_rates = d
        .inventory_policy
        .iter()
        .filter(|p| p.fill_rate.is_some())
        .count();
    assert!((2..=6).contains(&fill_rates), "{fill_rates} fill-rate rows");
    assert!(d.inventory_policy.iter().any(|p| p.cover_periods.is_some()));
    for policy in &d.inventory_policy {
        assert!(policy.safety_stock.is_none() || policy.cover_periods.is_none());
        assert!(policy.service_level.is_none() || policy.fill_rate.is_none());
    }
    let varying = d
        .supplier_items
        .iter()
        .filter(|t| t.lead_time_sd > 0.0)
        .count();
    assert!(
        varying >= 3 && varying < d.supplier_items.len(),
        "{varying} supplier items with a lead-time sd"
    );
    assert!(d.lanes.iter().any(|l| l.lead_time_sd > 0.0));
}

#[test]
fn budget_is_a_few_percent_above_the_trend() {
    for d in seeds() {
        let calendar = d.calendar();
        let roots: BTreeSet<&str> = finished(&d).map(|i| d.root_family(&i.family)).collect();
        let budget_roots: BTreeSet<&str> = d.budget.iter().map(|b| b.family.as_str()).collect();
        assert_eq!(roots, budget_roots);
        assert_eq!(d.budget.len(), roots.len() * calendar.horizon_len());
        let horizon_labels = calendar.labels(calendar.horizon());
        for family in roots {
            let lines: Vec<_> = d.budget.iter().filter(|b| b.family == family).collect();
            assert!(lines.iter().all(|b| horizon_labels.contains(&b.bucket)));
            let first_year: f64 = lines[..12].iter().map(|b| b.volume).sum();
            let last_history: f64 = d
                .sales
                .iter()
                .filter(|s| {
                    calendar.parse_bucket(&s.bucket).expect("bucket") >= 24
                        && d.item(&s.item)
                            .is_some_and(|i| d.root_family(&i.family) == family)
                })
                .map(|s| s.quantity)
                .sum();
            let ratio = first_year / last_history;
            assert!((1.02..1.3).contains(&ratio), "{family}: {ratio}");
            assert!(lines.iter().all(|b| b.revenue > b.volume));
        }
    }
}

/// Hours each resource needs per calendar month (January first) to make the last
/// history year's sales again, exploded through the BOM.
fn last_year_load(d: &Dataset) -> BTreeMap<&str, [f64; 12]> {
    let calendar = d.calendar();
    let mut demand: BTreeMap<String, [f64; 12]> = BTreeMap::new();
    for sale in &d.sales {
        let idx = calendar.parse_bucket(&sale.bucket).expect("bucket");
        if idx + 12 >= calendar.history_len() {
            let month = calendar.month(idx).month as usize - 1;
            demand.entry(sale.item.clone()).or_insert([0.0; 12])[month] += sale.quantity;
        }
    }
    // Explode twice: finished → intermediate.
    let finished_demand = demand.clone();
    for (parent, quantities) in &finished_demand {
        for line in d.bom.iter().filter(|l| &l.parent == parent) {
            let entry = demand.entry(line.component.clone()).or_insert([0.0; 12]);
            for month in 0..12 {
                entry[month] += quantities[month] * line.quantity_per / (1.0 - line.scrap);
            }
        }
    }
    let mut load: BTreeMap<&str, [f64; 12]> = BTreeMap::new();
    for routing in &d.routings {
        if let Some(quantities) = demand.get(&routing.item) {
            let entry = load.entry(routing.resource.as_str()).or_insert([0.0; 12]);
            for month in 0..12 {
                entry[month] += quantities[month] * routing.hours_per_unit;
            }
        }
    }
    load
}

#[test]
fn capacity_is_well_used_and_one_resource_is_overloaded_in_season() {
    for d in seeds() {
        let calendar = d.calendar();
        let load = last_year_load(&d);
        let mut overloaded = Vec::new();
        for resource in &d.resources {
            let hours = load.get(resource.code.as_str()).expect("resource is used");
            let mut utilisation = [0.0; 12];
            // First horizon year, month by month, with overrides.
            for idx in calendar.horizon().take(12) {
                let label = calendar.label(idx);
                let available = d
                    .resource_capacity
                    .iter()
                    .find(|c| c.resource == resource.code && c.bucket == label)
                    .map_or(resource.hours_per_bucket, |c| c.hours);
                let month = calendar.month(idx).month as usize - 1;
                utilisation[month] = hours[month] / (available * resource.efficiency);
            }
            let average = utilisation.iter().sum::<f64>() / 12.0;
            let peak = utilisation.iter().cloned().fold(0.0, f64::max);
            assert!(
                (0.6..=1.0).contains(&average),
                "{}: average {average:.2} {utilisation:.2?}",
                resource.code
            );
            println!("{} average {average:.2} peak {peak:.2}", resource.code);
            if peak > 1.0 {
                overloaded.push(resource.code.as_str());
            }
        }
        assert_eq!(overloaded, vec!["R-TENT"]);
    }
}

#[test]
fn stock_and_open_orders_cover_the_lead_times() {
    for d in seeds() {
        let calendar = d.calendar();
        let start = calendar.history_len();
        let on_hand = |item: &str, location: &str| {
            d.on_hand
                .iter()
                .find(|r| r.item == item && r.location == location)
                .map_or(0.0, |r| r.quantity)
        };
        let due_before = |item: &str, location: &str, buckets: usize| -> f64 {
            d.open_orders
                .iter()
                .filter(|o| o.item == item && o.location == location)
                .filter(|o| calendar.parse_bucket(&o.due).expect("due") < start + buckets)
                .map(|o| o.quantity)
                .sum()
        };
        // The same months a year earlier, as a proxy for what the plan will need.
        let sold = |item: &str, dc: &str, buckets: usize| -> f64 {
            let labels = calendar.labels(start - 12..start - 12 + buckets);
            d.sales
                .iter()
                .filter(|s| s.item == item && s.location == dc && labels.contains(&s.bucket))
                .map(|s| s.quantity)
                .sum()
        };
        let made_at = plants_of(&d);
        let (mut covered, mut total) = (0, 0);
        for policy in d.inventory_policy.iter().filter(|p| p.lot_rule.is_none()) {
            let plant = *made_at[policy.item.as_str()].first().expect("plant");
            let lane = d
                .lanes
                .iter()
                .find(|l| l.from == plant && l.to == policy.location)
                .expect("lane");
            let buckets = lane.lead_time as usize;
            let supply = on_hand(&policy.item, &policy.location)
                + due_before(&policy.item, &policy.location, buckets.max(1));
            total += 1;
            if supply
                >= policy.safety_stock.unwrap_or(0.0)
                    + sold(&policy.item, &policy.location, buckets)
            {
                covered += 1;
            }
        }
        assert!(covered as f64 >= 0.9 * total as f64, "{covered} of {total}");
        // Components: stock and open purchases cover the primary supplier's lead time,
        // measured against last year's sales of the same months exploded through the BOM.
        let usage = component_usage(&d);
        let mut short = Vec::new();
        for term in &d.supplier_items {
            let item = d.item(&term.item).expect("item");
            if item.lead_time != term.lead_time {
                continue; // a second source
            }
            let buckets = term.lead_time as usize;
            let needed: f64 = usage[&(term.item.as_str(), term.location.as_str())]
                .iter()
                .take(buckets)
                .sum();
            let supply = on_hand(&term.item, &term.location)
                + due_before(&term.item, &term.location, buckets);
            if supply < needed {
                short.push(format!(
                    "{} at {}: {supply} < {needed:.0}",
                    term.item, term.location
                ));
            }
        }
        assert!(short.len() <= 2, "{short:?}");
    }
}

/// Use of each purchased item per plant in the twelve months before the plan start
/// (oldest first), from finished sales exploded through every BOM level.
fn component_usage(d: &Dataset) -> BTreeMap<(&str, &str), Vec<f64>> {
    let calendar = d.calendar();
    let start = calendar.history_len();
    let labels = calendar.labels(start - 12..start);
    let plants = plants_of(d);
    let mut need: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for sale in &d.sales {
        if let Some(month) = labels.iter().position(|l| *l == sale.bucket) {
            need.entry(sale.item.as_str())
                .or_insert_with(|| vec![0.0; 12])[month] += sale.quantity;
        }
    }
    let mut usage: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    // Finished, then intermediate: each level explodes into the next.
    for level in [ItemType::Finished, ItemType::Intermediate] {
        let parents: Vec<(&str, Vec<f64>)> = need
            .iter()
            .filter(|(code, _)| d.item(code).is_some_and(|i| i.item_type == level))
            .map(|(code, q)| (*code, q.clone()))
            .collect();
        for (parent, quantities) in parents {
            let plant = *plants[parent].first().expect("plant");
            for line in d.bom.iter().filter(|l| l.parent == parent) {
                let factor = line.quantity_per / (1.0 - line.scrap);
                let component = d.item(&line.component).expect("component");
                let target = if component.item_type == ItemType::Purchased {
                    usage
                        .entry((component.code.as_str(), plant))
                        .or_insert_with(|| vec![0.0; 12])
                } else {
                    need.entry(component.code.as_str())
                        .or_insert_with(|| vec![0.0; 12])
                };
                for (slot, q) in target.iter_mut().zip(&quantities) {
                    *slot += q * factor;
                }
            }
        }
    }
    usage
}
