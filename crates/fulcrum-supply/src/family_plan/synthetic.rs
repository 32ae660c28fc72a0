//! A deterministic synthetic family-plan instance, for benchmarks and tests.

use super::{Family, FamilyPlanProblem, SharedResource};

/// A deterministic synthetic instance for benchmarks: `n_families` families over
/// `n_buckets` buckets sharing `n_resources` resources; each family loads two
/// resources, and seasonal demand exceeds regular hours in peak buckets so overtime,
/// pre-building and backlog all appear in the optimum.
pub fn synthetic_problem(
    n_families: usize,
    n_resources: usize,
    n_buckets: usize,
    seed: u64,
) -> FamilyPlanProblem {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(1);
    let mut next = move || {
        // SplitMix64.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let resources_count = n_resources.max(1);
    let mut families = Vec::with_capacity(n_families);
    for f in 0..n_families {
        let base = 50.0 + (200.0 * next()).round();
        let phase = next() * 12.0;
        let demand = (0..n_buckets)
            .map(|t| {
                (base * (1.0 + 0.35 * ((t as f64 + phase) * std::f64::consts::PI / 6.0).sin())
                    + (20.0 * next()).round())
                .round()
            })
            .collect();
        let first = f % resources_count;
        let second = (f * 7 + 3) % resources_count;
        let mut loads = vec![(first, 0.5 + (next() * 20.0).round() / 10.0)];
        if second != first {
            loads.push((second, 0.2 + (next() * 10.0).round() / 10.0));
        }
        families.push(Family {
            name: format!("family{f}"),
            demand,
            initial_inventory: (base * next()).round(),
            min_ending_inventory: 0.0,
            production_cost_per_unit: 10.0 + (next() * 40.0).round(),
            holding_cost_per_unit: 0.5 + (next() * 3.0).round() / 2.0,
            backlog_cost_per_unit: Some(4.0 + (next() * 8.0).round()),
            lost_sale_cost_per_unit: Some(200.0),
            loads,
            offset_loads: Vec::new(),
            materials: Vec::new(),
        });
    }
    // Size regular hours at ~90% of the average load so peaks need overtime or pre-building.
    let mut average_load = vec![0.0; resources_count];
    for family in &families {
        let mean_demand: f64 = family.demand.iter().sum::<f64>() / n_buckets.max(1) as f64;
        for &(r, h) in &family.loads {
            average_load[r] += mean_demand * h;
        }
    }
    let resources = (0..n_resources)
        .map(|r| SharedResource {
            name: format!("resource{r}"),
            regular_hours: vec![(0.9 * average_load[r]).round(); n_buckets],
            max_overtime_hours: vec![(0.15 * average_load[r]).round(); n_buckets],
            overtime_cost_per_hour: 20.0 + (next() * 30.0).round(),
        })
        .collect();
    FamilyPlanProblem {
        n_buckets,
        families,
        resources,
        materials: Vec::new(),
        fixed: Vec::new(),
    }
}
