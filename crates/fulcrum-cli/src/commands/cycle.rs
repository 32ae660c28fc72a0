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
    let plan = fulcrum_cycle::run_cycle(&dataset, config, &mut |stage| {
        bar.set_message(stage.label());
        bar.inc(1);
    });
    bar.set_message("saving the plan version");
    let calendar = dataset.calendar();
    let name =
        name.unwrap_or_else(|| format!("Cycle {}", calendar.label(calendar.horizon().start)));
    let version = store.save_plan_version(
        &NewPlanVersion {
            name: name.clone(),
            snapshot,
            parent: None,
            company: dataset.settings.company.clone(),
            currency: dataset.settings.currency.clone(),
        },
        &plan,
    )?;
    bar.finish_and_clear();
    let critical = plan
        .exceptions
        .iter()
        .filter(|e| e.severity == fulcrum_core::Severity::Critical)
        .count();
    outln!(
        "Plan version {version} \"{name}\" saved: {} series, {} planned orders, {} exceptions ({critical} critical). See `fulcrum report`.",
        plan.series.len(),
        plan.planned_orders.len(),
        plan.exceptions.len(),
    );
    Ok(version)
}
