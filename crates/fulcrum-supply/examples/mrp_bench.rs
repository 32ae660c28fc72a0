//! Benchmark driver for `bench/supply/mrp.sh`: MRP on a synthetic, seeded network of
//! `N_ITEMS` items (a quarter each of finished goods, two intermediate levels and
//! purchased materials: 4-level BOMs, each parent with two components) over `N_BUCKETS`
//! buckets. Finished goods sell at a distribution centre fed from the plant along a
//! lane, so the network has `1.25 × N_ITEMS` buffers.
//!
//! It times, in the same run:
//! - `fulcrum_supply::mrp::run_mrp` with pegging off and on (best of `REPEATS` runs);
//! - a naive baseline: level-by-level lot-for-lot explosion over integer item indices,
//!   with no network build, no lanes, safety stock, lot sizing or pegging,
//!   and checks that the two agree on total planned production and purchases.
//!
//! Prints one JSON object on stdout. Usage: `mrp_bench [N_ITEMS N_BUCKETS REPEATS]`.

use std::collections::BTreeMap;
use std::time::Instant;

use fulcrum_core::{
    BomLine, Calendar, Dataset, Item, ItemType, Lane, Location, LocationKind, OnHand, OrderKind,
    Resource, Routing, Settings, StandardCost, SupplierItem, YearMonth,
};
use fulcrum_supply::mrp::{BufferKey, MrpInput, run_mrp};

/// SplitMix64, so the network is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One synthetic item: its components (index, units per parent), lead time and BOM
/// level (3 = purchased).
type SyntheticItem = (Vec<(usize, f64)>, usize, usize);

struct Synthetic {
    dataset: Dataset,
    demand: BTreeMap<BufferKey, Vec<f64>>,
    /// Per item: (components with quantity, lead time, level); level 3 is purchased.
    items: Vec<SyntheticItem>,
    /// Per finished item, demand per bucket (at the DC).
    finished_demand: Vec<Vec<f64>>,
    /// On hand per item at the plant.
    plant_on_hand: Vec<f64>,
    lane_lead_time: usize,
}

fn synthetic(n_items: usize, n_buckets: usize, seed: u64) -> Synthetic {
    let mut rng = Rng(seed);
    let per_level = n_items / 4;
    let calendar = Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 12, n_buckets)
        .expect("calendar");
    let mut dataset = Dataset::empty(Settings {
        company: "Bench".into(),
        currency: "EUR".into(),
        calendar,
    });
    dataset.locations = vec![
        Location {
            code: "P1".into(),
            name: "Plant".into(),
            kind: LocationKind::Plant,
            region: "EU".into(),
        },
        Location {
            code: "D1".into(),
            name: "DC".into(),
            kind: LocationKind::DistributionCentre,
            region: "EU".into(),
        },
    ];
    dataset.lanes = vec![Lane {
        from: "P1".into(),
        to: "D1".into(),
        lead_time: 1,
        lead_time_sd: 0.0,
        unit_cost: 0.0,
    }];
    dataset.resources = (0..50)
        .map(|r| Resource {
            code: format!("R{r:02}"),
            name: format!("Resource {r}"),
            location: "P1".into(),
            hours_per_bucket: 1e9,
            efficiency: 1.0,
        })
        .collect();
    let code = |level: usize, idx: usize| format!("L{level}-{idx:06}");
    let mut items = Vec::with_capacity(per_level * 4);
    let mut plant_on_hand = Vec::with_capacity(per_level * 4);
    for level in 0..4 {
        for idx in 0..per_level {
            let item_type = match level {
                0 => ItemType::Finished,
                3 => ItemType::Purchased,
                _ => ItemType::Intermediate,
            };
            let lead_time = 1 + rng.below(2) as usize;
            let components = if level < 3 {
                (0..2)
                    .map(|_| {
                        let child = (level + 1) * per_level + rng.below(per_level as u64) as usize;
                        (child, 1.0 + rng.below(3) as f64)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let on_hand = rng.below(50) as f64;
            dataset.items.push(Item {
                code: code(level, idx),
                name: code(level, idx),
                family: "ALL".into(),
                uom: "EA".into(),
                item_type,
                price: 10.0,
                cost: StandardCost {
                    material: 1.0,
                    labour: 0.0,
                    overhead: 0.0,
                },
                lead_time: lead_time as u32,
                launch: None,
            });
            if level < 3 {
                dataset.routings.push(Routing {
                    item: code(level, idx),
                    resource: format!("R{:02}", rng.below(50)),
                    hours_per_unit: 0.1,
                });
            } else {
                dataset.supplier_items.push(SupplierItem {
                    supplier: "S1".into(),
                    item: code(level, idx),
                    location: "P1".into(),
                    lead_time: lead_time as u32,
                    lead_time_sd: 0.0,
                    min_order: 0.0,
                    order_multiple: 0.0,
                    unit_cost: 1.0,
                });
            }
            if on_hand > 0.0 {
                dataset.on_hand.push(OnHand {
                    item: code(level, idx),
                    location: "P1".into(),
                    quantity: on_hand,
                });
            }
            items.push((components, lead_time, level));
            plant_on_hand.push(on_hand);
        }
    }
    for (parent, (components, _, _)) in items.iter().enumerate() {
        for &(child, quantity_per) in components {
            dataset.bom.push(BomLine {
                parent: dataset.items[parent].code.clone(),
                component: dataset.items[child].code.clone(),
                quantity_per,
                scrap: 0.0,
            });
        }
    }
    let mut demand = BTreeMap::new();
    let mut finished_demand = Vec::with_capacity(per_level);
    for idx in 0..per_level {
        let base = 5 + rng.below(100);
        let series: Vec<f64> = (0..n_buckets)
            .map(|_| (base + rng.below(base / 2 + 1)) as f64)
            .collect();
        demand.insert((code(0, idx), "D1".to_string()), series.clone());
        finished_demand.push(series);
    }
    Synthetic {
        dataset,
        demand,
        items,
        finished_demand,
        plant_on_hand,
        lane_lead_time: 1,
    }
}

/// The naive baseline: items by index, level by level, lot-for-lot, releases exploded
/// straight into component gross requirements. Returns (production, purchases) totals.
fn naive(s: &Synthetic, n_buckets: usize) -> (f64, f64) {
    let n = s.items.len();
    let mut gross = vec![0.0; n * n_buckets];
    let mut production = 0.0;
    let mut purchases = 0.0;
    // The DC: finished goods netted (no stock at the DC), transfers released a lane
    // lead time earlier land on the plant.
    for (idx, series) in s.finished_demand.iter().enumerate() {
        for (bucket, &quantity) in series.iter().enumerate() {
            let release = bucket.saturating_sub(s.lane_lead_time);
            gross[idx * n_buckets + release] += quantity;
        }
    }
    let mut by_level: Vec<usize> = (0..n).collect();
    by_level.sort_by_key(|&idx| s.items[idx].2);
    for idx in by_level {
        let (components, lead_time, level) = &s.items[idx];
        let mut available = s.plant_on_hand[idx];
        let mut releases = vec![0.0; n_buckets];
        for bucket in 0..n_buckets {
            available -= gross[idx * n_buckets + bucket];
            if available < 0.0 {
                let receipt = -available;
                available = 0.0;
                releases[bucket.saturating_sub(*lead_time)] += receipt;
                if *level == 3 {
                    purchases += receipt;
                } else {
                    production += receipt;
                }
            }
        }
        for &(child, per_unit) in components {
            for (bucket, release) in releases.iter().enumerate() {
                gross[child * n_buckets + bucket] += release * per_unit;
            }
        }
    }
    (production, purchases)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n_items: usize = args.get(1).map_or(Ok(100_000), |a| a.parse())?;
    let n_buckets: usize = args.get(2).map_or(Ok(36), |a| a.parse())?;
    let repeats: usize = args.get(3).map_or(Ok(3), |a| a.parse())?;
    let started = Instant::now();
    let s = synthetic(n_items, n_buckets, 2026);
    let generate_seconds = started.elapsed().as_secs_f64();
    let safety_stock = BTreeMap::new();
    let lot_policies = BTreeMap::new();

    let mut timings = BTreeMap::new();
    let mut totals = (0.0, 0.0, 0usize, 0usize, 0usize);
    for pegging in [false, true] {
        let mut best = f64::INFINITY;
        for _ in 0..repeats.max(1) {
            let started = Instant::now();
            let plan = run_mrp(&MrpInput {
                dataset: &s.dataset,
                demand: &s.demand,
                safety_stock: &safety_stock,
                lot_policies: &lot_policies,
                pegging,
                master_schedule: &BTreeMap::new(),
            });
            best = best.min(started.elapsed().as_secs_f64());
            let sum = |kind| {
                plan.planned_orders
                    .iter()
                    .filter(|o| o.kind == kind)
                    .map(|o| o.quantity)
                    .sum::<f64>()
            };
            totals = (
                sum(OrderKind::Production),
                sum(OrderKind::Purchase),
                plan.buffers.len(),
                plan.planned_orders.len(),
                plan.pegging.iter().map(Vec::len).sum(),
            );
        }
        timings.insert(pegging, best);
    }
    let mut naive_best = f64::INFINITY;
    let mut naive_totals = (0.0, 0.0);
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        naive_totals = naive(&s, n_buckets);
        naive_best = naive_best.min(started.elapsed().as_secs_f64());
    }
    let relative = |a: f64, b: f64| (a - b).abs() / b.abs().max(1.0);
    let agree =
        relative(totals.0, naive_totals.0) < 1e-9 && relative(totals.1, naive_totals.1) < 1e-9;
    println!(
        "{{\n  \"n_items\": {n_items},\n  \"n_buckets\": {n_buckets},\n  \"bom_levels\": 4,\n  \"n_buffers\": {},\n  \"n_bom_lines\": {},\n  \"n_planned_orders\": {},\n  \"n_pegs\": {},\n  \"generate_seconds\": {generate_seconds:.3},\n  \"repeats\": {repeats},\n  \"mrp_seconds\": {:.3},\n  \"mrp_with_pegging_seconds\": {:.3},\n  \"naive_seconds\": {naive_best:.3},\n  \"mrp_over_naive\": {:.2},\n  \"planned_production\": {},\n  \"planned_purchases\": {},\n  \"naive_production\": {},\n  \"naive_purchases\": {},\n  \"totals_agree\": {agree}\n}}",
        totals.2,
        s.dataset.bom.len(),
        totals.3,
        totals.4,
        timings[&false],
        timings[&true],
        timings[&false] / naive_best,
        totals.0,
        totals.1,
        naive_totals.0,
        naive_totals.1,
    );
    if !agree {
        return Err("MRP and the naive baseline disagree on planned totals".into());
    }
    Ok(())
}
