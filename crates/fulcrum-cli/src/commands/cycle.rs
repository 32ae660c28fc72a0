//! `fulcrum cycle`: run the monthly cycle and store a plan version.

use std::path::Path;

use fulcrum_cycle::constrained_plan_stage::ConstrainedPlanConfig;
use fulcrum_cycle::{CycleConfig, ForecastMethod, Stage};
use fulcrum_store::{NewPlanVersion, Store, VersionId};
use fulcrum_supply::family_plan::FamilyStrategy;

use super::Failure;
use super::data::{current_dataset, open_existing};
use crate::cli::{CycleArgs, ForecastMethodArg, StrategyArg};
use crate::progress;

/// Runs the cycle on the current inputs and saves the plan; returns its id.
pub fn run(db: &Path, args: &CycleArgs) -> Result<VersionId, Failure> {
    let mut store = open_existing(db)?;
    let config = CycleConfig {
        forecast_method: match args.forecast_method {
            ForecastMethodArg::Auto => ForecastMethod::Automatic,
            ForecastMethodArg::SeasonalNaive => ForecastMethod::SeasonalNaive,
        },
        constrained_plan: !args.unconstrained,
        constrained: ConstrainedPlanConfig {
            strategy: match args.strategy {
                StrategyArg::Optimal => FamilyStrategy::Optimal,
                StrategyArg::Level => FamilyStrategy::Level,
                StrategyArg::Chase => FamilyStrategy::Chase,
                StrategyArg::Mixed => FamilyStrategy::Mixed,
            },
            ..ConstrainedPlanConfig::default()
        },
    };
    run_on(&mut store, args.name.clone(), &config)
}

/// Runs the cycle on `store`'s current inputs and saves the plan.
pub fn run_on(
    store: &mut Store,
    name: Option<String>,
    config: &CycleConfig,
) -> Result<VersionId, Failure> {
    let (snapshot, dataset) = current_dataset(store)?;
    if config.constrained_plan
        && config.constrained.strategy == FamilyStrategy::Mixed
        && dataset.plan_fixes.is_empty()
    {
        return Err(Failure::user(
            "--strategy mixed needs the planner's fixes: import a plan_fixes.csv (columns decision, code, bucket, value; see docs/data-format.md)",
        ));
    }
    let bar = progress::steps(Stage::ALL.len() as u64 + 1, "cycle");
    let log = super::plan::cycle_log(&dataset);
    let changes = store.list_changes(&log)?;
    // Where the time goes (`fulcrum -v cycle`): the engine reads no clock, so the
    // stages are timed here, as each one starts.
    let mut timings: Vec<(&'static str, std::time::Duration)> = Vec::new();
    let mut current: Option<(Stage, std::time::Instant)> = None;
    let plan = fulcrum_cycle::run_cycle_with_changes(&dataset, &changes, config, &mut |stage| {
        let now = std::time::Instant::now();
        if let Some((previous, started)) = current.replace((stage, now)) {
            timings.push((previous.label(), now - started));
        }
        bar.set_message(stage.label());
        bar.inc(1);
    });
    if let Some((previous, started)) = current {
        timings.push((previous.label(), started.elapsed()));
    }
    for (stage, took) in &timings {
        tracing::info!("stage {stage}: {:.3} s", took.as_secs_f64());
    }
    let total: f64 = timings.iter().map(|(_, took)| took.as_secs_f64()).sum();
    tracing::info!("cycle: {total:.3} s over {} stages", timings.len());
    bar.set_message("saving the plan version");
    let calendar = dataset.calendar();
    let strategy = if config.constrained_plan {
        config.constrained.strategy.as_str()
    } else {
        "unconstrained"
    };
    let name = match name {
        Some(name) => name,
        None => default_name(store, &calendar.label(calendar.horizon().start), strategy)?,
    };
    let version = store.save_plan_version(
        &NewPlanVersion {
            name: name.clone(),
            snapshot,
            parent: None,
            company: dataset.settings.company.clone(),
            currency: dataset.settings.currency.clone(),
            strategy: Some(strategy.to_string()),
        },
        &plan,
    )?;
    store.record_version_changes(version, &log, changes.last().map_or(0, |c| c.id))?;
    bar.finish_and_clear();
    let critical = plan
        .exceptions
        .iter()
        .filter(|e| e.severity == fulcrum_core::Severity::Critical)
        .count();
    if !changes.is_empty() {
        outln!(
            "Replayed {} changes of the log {log}; {} skipped.",
            changes.len(),
            plan.exceptions
                .iter()
                .filter(|e| e.code == "change_skipped")
                .count()
        );
    }
    outln!(
        "Plan version {version} \"{name}\" saved: {} series, {} planned orders, {} exceptions ({critical} critical). See `fulcrum report`.",
        plan.series.len(),
        plan.planned_orders.len(),
        plan.exceptions.len(),
    );
    Ok(version)
}

/// A name no version has yet: `Cycle 2026-01 #3 (optimal)`, numbering the runs of
/// one cycle (plan start) from 1.
fn default_name(store: &Store, cycle: &str, strategy: &str) -> Result<String, Failure> {
    let versions = store.plan_versions()?;
    let runs = versions
        .iter()
        .filter(|info| info.calendar.plan_start().to_string() == cycle)
        .count();
    let taken: std::collections::HashSet<&str> =
        versions.iter().map(|info| info.name.as_str()).collect();
    let mut run = runs + 1;
    loop {
        let name = format!("Cycle {cycle} #{run} ({strategy})");
        if !taken.contains(name.as_str()) {
            return Ok(name);
        }
        run += 1;
    }
}
