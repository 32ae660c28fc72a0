//! The whole cycle on the demo company grown to N item-locations: time per stage and
//! peak memory, as JSON on stdout (`bench/cycle/run.sh` runs it at several sizes).
//!
//! `cargo run --release -p fulcrum-cycle --example cycle_scale -- 1000 10000`

use std::time::Instant;

use fulcrum_cycle::{CycleConfig, Stage, run_cycle};
use fulcrum_demo::{DemoConfig, generate_scaled, item_locations};

/// Peak resident memory of this process so far, in MB (Linux), if known.
fn peak_mb() -> Option<f64> {
    status_mb("VmHWM:")
}

/// Resident memory now, in MB (Linux), if known.
fn resident_mb() -> Option<f64> {
    status_mb("VmRSS:")
}

fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let mut runs = Vec::new();
    for target in sizes {
        let started = Instant::now();
        let dataset = generate_scaled(&DemoConfig::default(), target);
        let generate_s = started.elapsed().as_secs_f64();
        // Per stage: seconds, and resident MB when it ended.
        let mut stages: Vec<(&'static str, f64, f64)> = Vec::new();
        let mut last: Option<(Stage, Instant)> = None;
        let cycle_start = Instant::now();
        let plan = run_cycle(&dataset, &CycleConfig::default(), &mut |stage| {
            let now = Instant::now();
            if let Some((previous, at)) = last.take() {
                stages.push((
                    previous.label(),
                    (now - at).as_secs_f64(),
                    resident_mb().unwrap_or(f64::NAN),
                ));
            }
            last = Some((stage, now));
        });
        let total = cycle_start.elapsed().as_secs_f64();
        if let Some((previous, at)) = last {
            stages.push((
                previous.label(),
                at.elapsed().as_secs_f64(),
                resident_mb().unwrap_or(f64::NAN),
            ));
        }
        let violations = plan
            .exceptions
            .iter()
            .filter(|e| e.code == "plan_invariant")
            .count();
        let stage_json: Vec<String> = stages
            .iter()
            .map(|(name, s, _)| format!("\"{name}\": {s:.3}"))
            .collect();
        let memory_json: Vec<String> = stages
            .iter()
            .map(|(name, _, mb)| format!("\"{name}\": {mb:.0}"))
            .collect();
        let run = format!(
            "{{\"item_locations\": {}, \"items\": {}, \"sales_rows\": {}, \"planned_orders\": {}, \"series\": {}, \"generate_s\": {generate_s:.3}, \"cycle_s\": {total:.3}, \"stages_s\": {{{}}}, \"resident_mb_after\": {{{}}}, \"peak_mb\": {:.0}, \"plan_invariant_violations\": {violations}}}",
            item_locations(&dataset),
            dataset.items.len(),
            dataset.sales.len(),
            plan.planned_orders.len(),
            plan.series.len(),
            stage_json.join(", "),
            memory_json.join(", "),
            peak_mb().unwrap_or(f64::NAN),
        );
        eprintln!("{run}");
        runs.push(run);
    }
    println!("{{\"runs\": [{}]}}", runs.join(", "));
}
