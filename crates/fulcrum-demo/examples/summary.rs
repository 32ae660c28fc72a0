//! Prints a summary of the demo company: table sizes, margins, seasonality and
//! the expected load of every resource.
//!
//! Run with `cargo run -p fulcrum-demo --example summary [SEED]`.

use std::collections::BTreeMap;

use fulcrum_core::ItemType;
use fulcrum_demo::{DemoConfig, generate};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|arg| arg.parse().ok())
        .unwrap_or(42);
    let dataset = generate(&DemoConfig {
        seed,
        ..DemoConfig::default()
    });
    let calendar = dataset.calendar();
    println!(
        "{} ({})",
        dataset.settings.company, dataset.settings.currency
    );
    println!(
        "families {}, items {} (finished {}), locations {}, customers {}, resources {} (+{} overrides)",
        dataset.families.len(),
        dataset.items.len(),
        dataset
            .items
            .iter()
            .filter(|i| i.item_type == ItemType::Finished)
            .count(),
        dataset.locations.len(),
        dataset.customers.len(),
        dataset.resources.len(),
        dataset.resource_capacity.len(),
    );
    println!(
        "routings {}, bom {}, suppliers {}, supplier items {}, lanes {}",
        dataset.routings.len(),
        dataset.bom.len(),
        dataset.suppliers.len(),
        dataset.supplier_items.len(),
        dataset.lanes.len()
    );
    println!(
        "sales {}, on hand {}, open orders {}, policies {}, budget {}",
        dataset.sales.len(),
        dataset.on_hand.len(),
        dataset.open_orders.len(),
        dataset.inventory_policy.len(),
        dataset.budget.len()
    );

    println!("\nfinished items: price, cost, margin, units in the last history year");
    let last_year: Vec<String> =
        calendar.labels(calendar.history_len().saturating_sub(12)..calendar.history_len());
    let mut revenue = 0.0;
    for item in dataset
        .items
        .iter()
        .filter(|i| i.item_type == ItemType::Finished)
    {
        let units: f64 = dataset
            .sales
            .iter()
            .filter(|s| s.item == item.code && last_year.contains(&s.bucket))
            .map(|s| s.quantity)
            .sum();
        revenue += units * item.price;
        println!(
            "  {:<15} {:>8.2} {:>8.2} {:>5.1}% {:>7} {}",
            item.code,
            item.price,
            item.cost.total(),
            100.0 * (1.0 - item.cost.total() / item.price),
            units,
            item.launch.as_deref().unwrap_or("")
        );
    }
    println!("revenue in the last history year: {revenue:.0} EUR");

    println!("\nmonthly units by top family over the history (Jan..Dec)");
    let mut by_family: BTreeMap<&str, [f64; 12]> = BTreeMap::new();
    for sale in &dataset.sales {
        let Some(item) = dataset.item(&sale.item) else {
            continue;
        };
        let month = calendar
            .month(calendar.parse_bucket(&sale.bucket).unwrap_or(0))
            .month;
        by_family
            .entry(dataset.root_family(&item.family))
            .or_insert([0.0; 12])[month as usize - 1] += sale.quantity;
    }
    for (family, months) in by_family {
        let line: Vec<String> = months.iter().map(|v| format!("{v:>6.0}")).collect();
        println!("  {family:<6}{}", line.join(""));
    }

    println!("\nresources: base hours and overrides");
    for resource in &dataset.resources {
        let overrides: Vec<String> = dataset
            .resource_capacity
            .iter()
            .filter(|c| c.resource == resource.code)
            .map(|c| format!("{}={}", c.bucket, c.hours))
            .collect();
        println!(
            "  {:<8} {:>7} h x {:.2}  {}",
            resource.code,
            resource.hours_per_bucket,
            resource.efficiency,
            overrides.join(" ")
        );
    }
}
