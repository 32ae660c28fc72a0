//! Stage 2: the consensus demand plan.
//!
//! The consensus is the planners' change log replayed over the statistical forecast
//! (see [`consensus`]): the forecast stage's item × location forecast is split among
//! the item-location's customers ([`demand_base`]), the changes are applied in
//! order by `fulcrum_workspace`, and the consensus of every leaf is summed back
//! over customers. Without changes the consensus is the statistical forecast, bit
//! for bit. Either way it is held at zero before an item's launch bucket.

use std::collections::BTreeMap;

use fulcrum_core::{Dataset, Exception, KeyFigure, Severity};
use fulcrum_supply::mrp::BufferKey;
use fulcrum_workspace::{
    Change, Combine, DemandBase, Layer, PlanningHierarchy, Workspace, WorkspaceConfig,
};

use crate::forecast_stage::{ForecastOutput, launch_bucket};
use crate::series_builder::{SeriesBuilder, add_rolled_up};

/// Consensus demand per (item, location), one value per horizon bucket.
pub type DemandPlan = BTreeMap<BufferKey, Vec<f64>>;

/// Builds the consensus demand from the forecast.
pub fn run(dataset: &Dataset, forecast: &ForecastOutput) -> DemandPlan {
    let first = dataset.calendar().history_len();
    forecast
        .combinations
        .iter()
        .map(|(key, combination)| {
            let mut demand = combination.forecast.clone();
            if let Some(launch) = launch_bucket(dataset, &key.0) {
                let before_launch = launch.saturating_sub(first).min(demand.len());
                demand[..before_launch]
                    .iter_mut()
                    .for_each(|value| *value = 0.0);
            }
            (key.clone(), demand)
        })
        .collect()
}

/// The key figure that stores a layer of the workspace, per role name of the
/// default configuration (`sales`, `marketing`, `demand_planner`, `finance`);
/// other role names have none.
pub fn role_key_figure(role: &str) -> Option<KeyFigure> {
    match role {
        "sales" => Some(KeyFigure::SalesAdjustment),
        "marketing" => Some(KeyFigure::MarketingAdjustment),
        "demand_planner" => Some(KeyFigure::DemandPlannerAdjustment),
        "finance" => Some(KeyFigure::FinanceAdjustment),
        _ => None,
    }
}

/// The consensus demand and what made it.
#[derive(Debug, Clone)]
pub struct Consensus {
    /// Consensus per (item, location): the sum of its leaves' consensus, zero before
    /// the item's launch.
    pub demand: DemandPlan,
    /// Per (item, location) and layer key figure ([`role_key_figure`],
    /// [`KeyFigure::EventsEffect`]), the layer's values summed over customers; only
    /// layers with a non-empty or non-zero cell at that item-location are present.
    pub layers: BTreeMap<(BufferKey, KeyFigure), Vec<f64>>,
    /// The ids of the changes applied, in order.
    pub applied: Vec<u64>,
    /// One warning per change that could not be applied (skipped).
    pub exceptions: Vec<Exception>,
}

/// Customer shares of one item-location's leaves: each leaf's share of the
/// item-location's sales over the last year of history (`buckets_per_year`
/// buckets), else over all history, else equal shares.
fn customer_shares(hierarchy: &PlanningHierarchy, leaves: &[usize]) -> Vec<f64> {
    let calendar = hierarchy.calendar();
    let history_len = calendar.history_len();
    let year = calendar.granularity().buckets_per_year().min(history_len);
    let sales = |range: std::ops::Range<usize>| -> Vec<f64> {
        leaves
            .iter()
            .map(|&leaf| {
                range
                    .clone()
                    .map(|b| hierarchy.history(leaf, b).max(0.0))
                    .sum::<f64>()
            })
            .collect()
    };
    for weights in [
        sales(history_len - year..history_len),
        sales(0..history_len),
    ] {
        let total: f64 = weights.iter().sum();
        if total > 0.0 && total.is_finite() {
            return weights.iter().map(|w| w / total).collect();
        }
    }
    vec![1.0 / leaves.len() as f64; leaves.len()]
}

/// Splits `total` by `shares` so that the parts, summed left to right, give
/// `total`: the last part takes the remainder, nudged (a few times at most) until
/// the floating-point sum is exact where that is reachable.
fn split_exactly(total: f64, shares: &[f64]) -> Vec<f64> {
    let mut parts: Vec<f64> = shares.iter().map(|share| total * share).collect();
    let Some(last) = parts.len().checked_sub(1) else {
        return parts;
    };
    let head: f64 = parts[..last].iter().sum();
    parts[last] = total - head;
    for _ in 0..8 {
        let sum: f64 = parts.iter().sum();
        if sum == total {
            break;
        }
        parts[last] += total - sum;
    }
    parts
}

/// The leaves of every (item, location), in leaf-id order.
fn leaves_by_item_location(hierarchy: &PlanningHierarchy) -> BTreeMap<BufferKey, Vec<usize>> {
    let mut groups: BTreeMap<BufferKey, Vec<usize>> = BTreeMap::new();
    for leaf in 0..hierarchy.len() {
        let (item, location, _) = hierarchy.leaf_codes(leaf);
        groups
            .entry((item.to_string(), location.to_string()))
            .or_default()
            .push(leaf);
    }
    groups
}

/// The workspace's statistical forecast per leaf (item × location × customer):
/// each item-location's demand (`statistical`, per horizon bucket) split among
/// its customers by [`customer_shares`], so that the leaves sum exactly to it.
/// Leaves of an item-location `statistical` does not have are 0.
pub fn demand_base(
    hierarchy: PlanningHierarchy,
    statistical: &DemandPlan,
) -> Result<DemandBase, fulcrum_workspace::WorkspaceError> {
    let h_len = hierarchy.calendar().horizon_len();
    let mut values = vec![0.0; hierarchy.len() * h_len];
    for (key, leaves) in leaves_by_item_location(&hierarchy) {
        let Some(total) = statistical.get(&key) else {
            continue;
        };
        let shares = customer_shares(&hierarchy, &leaves);
        for (h, &value) in total.iter().enumerate().take(h_len) {
            for (&leaf, part) in leaves.iter().zip(split_exactly(value, &shares)) {
                values[leaf * h_len + h] = part;
            }
        }
    }
    DemandBase::new(hierarchy, values)
}

/// The roles and consensus rules of the dataset's demand plan: the default
/// roles, each overriding what is below unless `consensus_rules.csv` says how
/// a role counts in a top-level family (adjustment, or a weighted blend).
pub fn workspace_config(dataset: &Dataset) -> WorkspaceConfig {
    let mut config = WorkspaceConfig::default();
    for rule in &dataset.consensus_rules {
        let Some(role) = config.role(&rule.role) else {
            continue; // validated on import: every role is one of the config's
        };
        let combine = match rule.combine {
            fulcrum_core::ConsensusCombine::Override => Combine::Override,
            fulcrum_core::ConsensusCombine::Adjustment => Combine::Adjustment,
            fulcrum_core::ConsensusCombine::Blend(weight) => Combine::WeightedBlend(weight),
        };
        let default_rule = config.default_rule.clone();
        config
            .family_rules
            .entry(rule.family.clone())
            .or_insert(default_rule)
            .per_role[role] = combine;
    }
    config
}

/// The consensus demand: the statistical demand ([`run`]) split to leaves
/// ([`demand_base`]), `changes` applied in order with the dataset's
/// [`workspace_config`], and every leaf's consensus summed back per (item,
/// location). A change that fails to apply is skipped and reported as a warning
/// naming its id, author and reason. Pure: the same dataset, forecast and
/// changes give the same result, bit for bit.
pub fn consensus(dataset: &Dataset, forecast: &ForecastOutput, changes: &[Change]) -> Consensus {
    let statistical = run(dataset, forecast);
    let mut outcome = Consensus {
        demand: statistical.clone(),
        layers: BTreeMap::new(),
        applied: Vec::new(),
        exceptions: Vec::new(),
    };
    if changes.is_empty() {
        return outcome;
    }
    let hierarchy = PlanningHierarchy::from_dataset(dataset);
    let groups = leaves_by_item_location(&hierarchy);
    let workspace = demand_base(hierarchy, &statistical)
        .and_then(|base| Workspace::new(base, workspace_config(dataset)));
    let mut workspace = match workspace {
        Ok(workspace) => workspace,
        Err(error) => {
            outcome.exceptions.push(Exception {
                severity: Severity::Warning,
                code: "change_log_not_applied".into(),
                message: format!(
                    "The change log ({} changes) was not applied: {error}",
                    changes.len()
                ),
                bucket: None,
            });
            return outcome;
        }
    };
    for change in changes {
        let (id, author, reason) = (change.id, change.author.clone(), change.reason_code.clone());
        match workspace.apply(change.clone()) {
            Ok(_) => outcome.applied.push(id),
            Err(error) => outcome.exceptions.push(Exception {
                severity: Severity::Warning,
                code: "change_skipped".into(),
                message: format!("Change {id} by {author} (reason {reason}) was skipped: {error}"),
                bucket: None,
            }),
        }
    }
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon: Vec<usize> = calendar.horizon().collect();
    let mut layers: Vec<(Layer, KeyFigure)> = workspace
        .config()
        .roles
        .iter()
        .filter_map(|role| role_key_figure(role).map(|kf| (Layer::role(role), kf)))
        .collect();
    layers.push((Layer::Events, KeyFigure::EventsEffect));
    for (key, leaves) in groups {
        let sum = |layer: &Layer| -> (Vec<f64>, bool) {
            let mut any = false;
            let values = horizon
                .iter()
                .map(|&bucket| {
                    let mut total = 0.0;
                    for &leaf in &leaves {
                        let cell = workspace.cell(layer, leaf, bucket).ok().flatten();
                        any |= cell.is_some_and(|v| *layer != Layer::Events || v != 0.0);
                        total += cell.unwrap_or(0.0);
                    }
                    total
                })
                .collect();
            (values, any)
        };
        // A bucket where no leaf's consensus differs from its statistical forecast
        // keeps the item-location's statistical demand as it was, bit for bit.
        let unchanged = |bucket: usize| {
            leaves.iter().all(|&leaf| {
                let read = |layer: &Layer| workspace.cell(layer, leaf, bucket).ok().flatten();
                read(&Layer::Consensus).map(f64::to_bits)
                    == read(&Layer::Statistical).map(f64::to_bits)
            })
        };
        let (mut demand, _) = sum(&Layer::Consensus);
        if let Some(statistical) = statistical.get(&key) {
            for ((value, &bucket), original) in demand.iter_mut().zip(&horizon).zip(statistical) {
                if unchanged(bucket) {
                    *value = *original;
                }
            }
        }
        if let Some(launch) = launch_bucket(dataset, &key.0) {
            let before_launch = launch.saturating_sub(first).min(demand.len());
            demand[..before_launch]
                .iter_mut()
                .for_each(|value| *value = 0.0);
        }
        for (layer, figure) in &layers {
            let (values, any) = sum(layer);
            if any {
                outcome.layers.insert((key.clone(), *figure), values);
            }
        }
        if outcome.demand.contains_key(&key) || demand.iter().any(|v| *v != 0.0) {
            outcome.demand.insert(key, demand);
        }
    }
    outcome
}

/// Adds the consensus demand series.
pub(crate) fn add_series(dataset: &Dataset, demand: &DemandPlan, series: &mut SeriesBuilder) {
    for ((item, location), values) in demand {
        add_rolled_up(
            series,
            dataset,
            KeyFigure::ConsensusDemand,
            (item.as_str(), location.as_str()),
            values,
        );
    }
}

/// Adds the layer series of the consensus (item × location, family and total).
pub(crate) fn add_layer_series(
    dataset: &Dataset,
    consensus: &Consensus,
    series: &mut SeriesBuilder,
) {
    for (((item, location), figure), values) in &consensus.layers {
        add_rolled_up(
            series,
            dataset,
            *figure,
            (item.as_str(), location.as_str()),
            values,
        );
    }
}

/// The workspace the cycle replays `changes` into (the statistical forecast of
/// `method` split to leaves, the default configuration), with every change
/// applied strictly: the first that fails is the error. For checking a change
/// before it is stored (conflicts, frozen log, unknown nodes) and for cell history.
pub fn replay_workspace(
    dataset: &Dataset,
    method: crate::ForecastMethod,
    changes: &[Change],
) -> Result<Workspace, fulcrum_workspace::WorkspaceError> {
    let forecast = crate::forecast_stage::run(dataset, method);
    let statistical = run(dataset, &forecast);
    let base = demand_base(PlanningHierarchy::from_dataset(dataset), &statistical)?;
    fulcrum_workspace::replay(base, workspace_config(dataset), changes)
}
