//! Benchmark driver for `bench/supply/run.sh`: solves the large family-plan LP and the
//! textbook aggregate models with microlp, writes each model as MPS for an independent
//! solver, and prints one JSON object on stdout.
//!
//! Usage: `supply_bench OUT_DIR [N_FAMILIES N_RESOURCES N_BUCKETS]`

use std::time::Instant;

use fulcrum_supply::aggregate::{
    Integrality, Strategy, build_model, objective_constant, red_tomato_tools,
};
use fulcrum_supply::family_plan::{build_family_model, synthetic_problem};
use fulcrum_supply::lp::{LinearModel, SolverChoice, solve, to_mps};

struct Entry {
    name: String,
    n_variables: usize,
    n_rows: usize,
    n_integer: usize,
    objective: f64,
    constant: f64,
    build_seconds: f64,
    solve_seconds: f64,
    mps: String,
}

fn run(
    name: &str,
    out_dir: &str,
    build: impl FnOnce() -> LinearModel,
    constant: f64,
) -> Result<Entry, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let model = build();
    let build_seconds = started.elapsed().as_secs_f64();
    let mps = format!("{out_dir}/{name}.mps");
    std::fs::write(&mps, to_mps(&model)?)?;
    let started = Instant::now();
    let solution = solve(&model, SolverChoice::MicroLp)?;
    let solve_seconds = started.elapsed().as_secs_f64();
    Ok(Entry {
        name: name.to_string(),
        n_variables: model.variables.len(),
        n_rows: model.rows.len(),
        n_integer: model.variables.iter().filter(|v| v.integer).count(),
        objective: solution.objective,
        constant,
        build_seconds,
        solve_seconds,
        mps,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out_dir = args
        .get(1)
        .ok_or("usage: supply_bench OUT_DIR [N_FAMILIES N_RESOURCES N_BUCKETS]")?
        .clone();
    let size = |i: usize, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(match args.get(i) {
            Some(text) => text.parse()?,
            None => default,
        })
    };
    let (n_families, n_resources, n_buckets) = (size(2, 200)?, size(3, 30)?, size(4, 36)?);
    std::fs::create_dir_all(&out_dir)?;
    let mut entries = Vec::new();
    for (name, integrality) in [
        ("red_tomato_lp", Integrality::None),
        ("red_tomato_mip", Integrality::All),
    ] {
        let problem = red_tomato_tools(integrality);
        let constant = objective_constant(&problem);
        entries.push(run(
            name,
            &out_dir,
            || build_model(&problem, &Strategy::Optimal).expect("valid textbook model"),
            constant,
        )?);
    }
    let problem = synthetic_problem(n_families, n_resources, n_buckets, 2026);
    let name = format!("family_plan_{n_families}x{n_resources}x{n_buckets}");
    entries.push(run(
        &name,
        &out_dir,
        || build_family_model(&problem).expect("valid synthetic model"),
        0.0,
    )?);
    let json: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{{\"name\": \"{}\", \"variables\": {}, \"rows\": {}, \"integer_variables\": {}, \"microlp_objective\": {:?}, \"objective_constant\": {:?}, \"build_seconds\": {:.6}, \"microlp_seconds\": {:.6}, \"mps\": \"{}\"}}",
                e.name, e.n_variables, e.n_rows, e.n_integer, e.objective, e.constant, e.build_seconds, e.solve_seconds, e.mps
            )
        })
        .collect();
    println!("{{\"models\": [{}]}}", json.join(", "));
    Ok(())
}
