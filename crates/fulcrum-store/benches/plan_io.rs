//! Saving and loading a large plan version on a file-backed store.
//!
//! Run with `cargo bench -p fulcrum-store`. Prints one JSON object (median of
//! several runs, milliseconds) so results can be compared from run to run.
//! Wall times on a shared machine are noisy: compare runs made side by side.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use fulcrum_store::Store;

/// 3,400 series of 60 buckets: about the largest plan the brief expects.
const N_SERIES: usize = 3_400;
const RUNS: usize = 5;

fn main() {
    let plan = common::large_plan(N_SERIES);
    let n_values: usize = plan.series.iter().map(|series| series.values.len()).sum();
    let mut save_ms = Vec::with_capacity(RUNS);
    let mut load_ms = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("bench.db")).expect("open");
        let snapshot = store
            .save_snapshot(&common::files(&[("items.csv", "code\n")]))
            .expect("snapshot");
        let started = Instant::now();
        let id = store
            .save_plan_version(&common::new_version("bench", snapshot), &plan)
            .expect("save");
        save_ms.push(started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        let loaded = store.load_plan(id).expect("load");
        load_ms.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(loaded.series.len(), N_SERIES);
    }
    println!(
        "{{\"bench\":\"store_plan_io\",\"series\":{N_SERIES},\"values\":{n_values},\"runs\":{RUNS},\
         \"save_ms_median\":{:.1},\"load_ms_median\":{:.1}}}",
        median(&mut save_ms),
        median(&mut load_ms)
    );
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
