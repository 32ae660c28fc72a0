//! Stage 5: the cost-optimal constrained plan, and MRP rerun against it.
//!
//! 1. **Aggregate.** Every finished item made at a plant belongs to its top-level family.
//!    A family's requirement per bucket is the production its items must *start* in the
//!    unconstrained MRP plan (planned releases: already netted against stock, safety
//!    stock and lead times). Its bill of resources is the weighted average (by each
//!    item's share of the family's unconstrained starts over the horizon) of each item's
//!    rough-cut bill: its own routing hours in the start bucket, and the hours of every
//!    component made at the same plant placed that component's cumulative lead time
//!    earlier (the same placement as the rough-cut capacity stage). Its bill of
//!    materials, built the same way ([`bill`]), lists the purchased components it
//!    consumes; each is a limited material within its purchase lead time
//!    ([`materials`]): on hand and on order is all the plan can use before a new
//!    order can arrive.
//! 2. **Solve** `fulcrum_supply::family_plan` (cost-optimal LP, microlp): regular hours
//!    are the resources' effective hours less the load of open production orders
//!    ([`open_production_load`]: each order's routing hours in its start bucket, due −
//!    production lead time, when that falls in the horizon; a load beyond the regular
//!    hours takes overtime); overtime up to
//!    [`ConstrainedPlanConfig::max_overtime_share`] of them at
//!    [`ConstrainedPlanConfig::overtime_premium`] × the resource's labour rate (labour
//!    cost per hour of the items routed on it); starting early holds stock at the
//!    standard cost × `ANNUAL_HOLDING_RATE` per year; starting late is backlog at
//!    [`ConstrainedPlanConfig::backlog_cost_share`] of the price per bucket; never
//!    starting is a lost sale at the price (at least the cost) plus one bucket of backlog,
//!    so making is always preferred when capacity allows. Production is costed at the
//!    standard cost.
//! 3. **Disaggregate** each family's starts to its items in proportion to their
//!    unconstrained starts in that bucket (or over the horizon, in a bucket where the
//!    unconstrained plan starts nothing for the family).
//! 4. **Rerun MRP** with those starts as the master production schedule of the plant
//!    buffers (receipts a production lead time later), so components, purchases and
//!    transfers follow what plants will actually make.
//! 5. **Explain** in plain words: each binding resource and bucket with its shadow
//!    price (one more regular hour re-solved, as `family_plan::resource_shadow_prices`),
//!    each family's late or lost demand with the full resources behind it, and each
//!    plant buffer the constrained plan leaves short: its family's late or lost starts,
//!    the full resource-buckets that bind them, and (by pegging) the customer demands the
//!    shortage holds up.
//!
//! The strategy ([`ConstrainedPlanConfig::strategy`]) restricts the plan (level, chase)
//! or applies the planner's fixes (`Dataset::plan_fixes`, mixed); every strategy is
//! also solved on the same problem for its cost side by side
//! ([`ConstrainedPlanOutput::strategy_costs`]).
//!
//! Simplification: the aggregate plan ignores the lead time between a finished item's
//! start and its delivery, and its bills are averages over each family's mix; the
//! rerun MRP, item by item, puts both back.

mod bill;
mod materials;

use std::collections::BTreeMap;

use fulcrum_core::rounding;
use fulcrum_core::{Dataset, Exception, FixedKind, Item, ItemType, Kpi, KpiUnit, Severity};
use fulcrum_supply::family_plan::{
    Family, FamilyPlanProblem, FamilyPlanSolution, FamilyStrategy, FixedDecision, SharedResource,
    material_shadow_prices_for, plan_families_for, resource_shadow_prices_for,
};
use fulcrum_supply::lp::SolverChoice;
use fulcrum_supply::mrp::{BufferKey, MrpPlan, Replenishment};

use bill::BillBuilder;
use materials::{LimitedMaterial, MaterialIndex};

use crate::capacity_stage::resource_hours;
use crate::demand_plan::DemandPlan;
use crate::inventory_policy_stage::SafetyStock;
use crate::supply_stage::{ANNUAL_HOLDING_RATE, run_production_orders, run_scheduled};

/// Cost settings of the constrained plan (the dataset holds no overtime or backlog costs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstrainedPlanConfig {
    /// Overtime allowed per bucket, as a share of regular hours.
    pub max_overtime_share: f64,
    /// Overtime cost per hour as a multiple of the resource's labour rate.
    pub overtime_premium: f64,
    /// Backlog cost per unit per bucket, as a share of the price.
    pub backlog_cost_share: f64,
    /// The strategy of the family plan (default cost-optimal); level and chase are
    /// costed by the same objective.
    pub strategy: FamilyStrategy,
}

impl Default for ConstrainedPlanConfig {
    fn default() -> Self {
        ConstrainedPlanConfig {
            max_overtime_share: 0.2,
            overtime_premium: 1.5,
            backlog_cost_share: 0.1,
            strategy: FamilyStrategy::Optimal,
        }
    }
}

/// The constrained plan of one top-level family, per horizon bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyOutcome {
    /// Top-level family code.
    pub family: String,
    /// Unconstrained production starts.
    pub requirement: Vec<f64>,
    /// Constrained production starts.
    pub production: Vec<f64>,
    /// Starts owed (late) at the end of each bucket.
    pub backlog: Vec<f64>,
    /// Starts never made.
    pub lost_sales: Vec<f64>,
}

/// A material used up through a bucket, and what one more unit there would save.
#[derive(Debug, Clone, PartialEq)]
pub struct BindingMaterial {
    /// Component code.
    pub item: String,
    /// Plant code.
    pub plant: String,
    /// Timeline bucket: the unit must arrive by then.
    pub bucket: usize,
    /// Fall in plan cost with one more unit.
    pub saving_per_unit: f64,
}

/// A binding resource-bucket and what one more hour would save.
#[derive(Debug, Clone, PartialEq)]
pub struct BindingCapacity {
    /// Resource code.
    pub resource: String,
    /// Timeline bucket.
    pub bucket: usize,
    /// Fall in plan cost with one more regular hour.
    pub saving_per_hour: f64,
}

/// The stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstrainedPlanOutput {
    /// Per family, sorted by code.
    pub families: Vec<FamilyOutcome>,
    /// LP objective: production, holding, backlog, lost sales and overtime.
    pub total_cost: f64,
    /// Overtime hours over all resources and buckets.
    pub overtime_hours: f64,
    /// Overtime hours per resource code and horizon bucket.
    pub planned_overtime: BTreeMap<String, Vec<f64>>,
    /// The strategy the plan follows.
    pub strategy: FamilyStrategy,
    /// The total cost of each strategy on the same problem, side by side.
    pub strategy_costs: Vec<(FamilyStrategy, f64)>,
    /// Binding capacities with a positive shadow price, by resource then bucket.
    pub binding: Vec<BindingCapacity>,
    /// Binding materials with a positive shadow price, in material then bucket order.
    pub binding_materials: Vec<BindingMaterial>,
    /// MRP rerun against the constrained starts.
    pub supply: MrpPlan,
    /// Binding constraints, shadow prices, late and lost demand, in plain words.
    pub exceptions: Vec<Exception>,
}

impl ConstrainedPlanOutput {
    /// Total lost starts (units never made).
    pub fn lost_sales(&self) -> f64 {
        self.families.iter().flat_map(|f| &f.lost_sales).sum()
    }

    /// Unit-buckets of backlog.
    pub fn backlog(&self) -> f64 {
        self.families.iter().flat_map(|f| &f.backlog).sum()
    }

    /// The stage's KPIs.
    pub fn kpis(&self) -> Vec<Kpi> {
        let kpi = |code: &str, label: &str, value: f64, unit| Kpi {
            code: code.into(),
            label: label.into(),
            value,
            unit,
        };
        let mut kpis = vec![
            kpi(
                "constrained_plan_cost",
                "Constrained plan cost",
                self.total_cost,
                KpiUnit::Money,
            ),
            kpi(
                "constrained_lost_sales",
                "Lost sales (constrained plan)",
                self.lost_sales(),
                KpiUnit::Quantity,
            ),
            kpi(
                "constrained_backlog",
                "Backlog, unit-buckets (constrained plan)",
                self.backlog(),
                KpiUnit::Quantity,
            ),
            kpi(
                "overtime_hours",
                "Overtime hours (constrained plan)",
                self.overtime_hours,
                KpiUnit::Quantity,
            ),
        ];
        for &(strategy, cost) in &self.strategy_costs {
            let in_plan = if strategy == self.strategy {
                " (this plan)"
            } else {
                ""
            };
            kpis.push(kpi(
                &format!("strategy_cost_{}", strategy.as_str()),
                &format!(
                    "Constrained plan cost, {} strategy{in_plan}",
                    strategy.as_str()
                ),
                cost,
                KpiUnit::Money,
            ));
        }
        kpis
    }
}

/// One made finished item at its plant, with its unconstrained starts.
struct Product<'a> {
    key: BufferKey,
    item: &'a Item,
    lead_time: usize,
    starts: Vec<f64>,
}

/// Runs the constrained plan; `None` when nothing is produced on a resource. It reads
/// the records and production orders of `unconstrained` (its pegging may be off); when
/// the plan cannot be solved, its supply is the unconstrained plan, MRP run again with
/// pegging.
pub fn run(
    dataset: &Dataset,
    demand: &DemandPlan,
    safety_stock: &SafetyStock,
    unconstrained: &MrpPlan,
    config: &ConstrainedPlanConfig,
) -> Option<ConstrainedPlanOutput> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let items: BTreeMap<&str, &Item> = dataset
        .items
        .iter()
        .map(|item| (item.code.as_str(), item))
        .collect();
    let hours = resource_hours(dataset);
    let resource_index: BTreeMap<&str, usize> = hours
        .iter()
        .enumerate()
        .map(|(idx, (resource, _))| (resource.code.as_str(), idx))
        .collect();

    // Products and families.
    let mut families: BTreeMap<&str, Vec<Product<'_>>> = BTreeMap::new();
    for buffer in &unconstrained.buffers {
        let Replenishment::Production { lead_time } = buffer.replenishment else {
            continue;
        };
        let Some(&item) = items.get(buffer.item.as_str()) else {
            continue;
        };
        if item.item_type != ItemType::Finished {
            continue;
        }
        families
            .entry(dataset.root_family(&item.family))
            .or_default()
            .push(Product {
                key: (buffer.item.clone(), buffer.location.clone()),
                item,
                lead_time: lead_time as usize,
                starts: buffer.planned_releases.clone(),
            });
    }
    families.retain(|_, products| products.iter().any(|p| p.starts.iter().any(|&q| q > 1e-9)));
    if families.is_empty() || hours.is_empty() {
        return None;
    }

    let bills = BillBuilder::new(dataset, &resource_index);
    let mut material_index = MaterialIndex::default();
    let mut problem_families = Vec::with_capacity(families.len());
    let mut used = vec![false; hours.len()];
    for (family, products) in &families {
        let totals: Vec<f64> = products.iter().map(|p| p.starts.iter().sum()).collect();
        let total: f64 = totals.iter().sum();
        let weight = |idx: usize| {
            if total > 0.0 {
                totals[idx] / total
            } else {
                1.0 / products.len() as f64
            }
        };
        let mut loads: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let mut uses: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        let (mut cost, mut price) = (0.0, 0.0);
        for (idx, product) in products.iter().enumerate() {
            let w = weight(idx);
            let bill = bills.of(&product.key.0, &product.key.1);
            for ((resource, before), hours_per_unit) in bill.hours {
                *loads.entry((resource, before)).or_insert(0.0) += w * hours_per_unit;
            }
            for ((component, before), units) in bill.materials {
                if let Some(m) = material_index.index_of(dataset, &component, &product.key.1) {
                    *uses.entry((m, before)).or_insert(0.0) += w * units;
                }
            }
            cost += w * standard_cost(product.item);
            price += w * product.item.price;
        }
        for &(resource, _) in loads.keys() {
            used[resource] = true;
        }
        let buckets_per_year = calendar.granularity().buckets_per_year().max(1) as f64;
        let backlog_cost = config.backlog_cost_share * price;
        problem_families.push(Family {
            name: family.to_string(),
            demand: (0..horizon)
                .map(|t| products.iter().map(|p| p.starts[t]).sum())
                .collect(),
            initial_inventory: 0.0,
            min_ending_inventory: 0.0,
            production_cost_per_unit: cost,
            holding_cost_per_unit: cost * ANNUAL_HOLDING_RATE / buckets_per_year,
            backlog_cost_per_unit: Some(backlog_cost),
            lost_sale_cost_per_unit: Some(price.max(cost) + backlog_cost),
            loads: loads
                .iter()
                .filter(|((_, before), _)| *before == 0)
                .map(|(&(resource, _), &h)| (resource, h))
                .collect(),
            offset_loads: loads
                .iter()
                .filter(|((_, before), _)| *before > 0)
                .map(|(&(resource, before), &h)| (resource, h, before))
                .collect(),
            materials: uses
                .iter()
                .map(|(&(m, before), &units)| (m, units, before))
                .collect(),
        });
    }
    let labour = labour_rates(dataset, &resource_index, hours.len());
    let open_load = open_production_load(dataset);
    let resources: Vec<SharedResource> = hours
        .iter()
        .zip(&labour)
        .zip(&open_load)
        .map(|(((resource, calendar_hours), rate), load)| {
            let effective: Vec<f64> = calendar_hours
                .iter()
                .map(|h| h * resource.efficiency)
                .collect();
            // Open production orders use regular hours first, then overtime.
            let regular: Vec<f64> = effective
                .iter()
                .zip(load)
                .map(|(h, l)| (h - l).max(0.0))
                .collect();
            SharedResource {
                name: resource.code.clone(),
                max_overtime_hours: effective
                    .iter()
                    .zip(load)
                    .map(|(h, l)| (h * config.max_overtime_share - (l - h).max(0.0)).max(0.0))
                    .collect(),
                regular_hours: regular,
                overtime_cost_per_hour: config.overtime_premium * rate,
            }
        })
        .collect();
    let limited = material_index.materials;
    let mut exceptions = Vec::new();
    let fixed = fixed_decisions(dataset, &families, &resources, &mut exceptions);
    let mut problem = FamilyPlanProblem {
        n_buckets: horizon,
        families: problem_families,
        resources,
        materials: materials::availability(dataset, &bills, &limited),
        fixed,
    };
    let effective: Vec<Vec<f64>> = hours
        .iter()
        .map(|(resource, calendar_hours)| {
            calendar_hours
                .iter()
                .map(|h| h * resource.efficiency)
                .collect()
        })
        .collect();
    let rerun = |problem: &FamilyPlanProblem| {
        plan_families_for(problem, SolverChoice::MicroLp, config.strategy).map(|solution| {
            let schedule = master_schedule(&families, &solution, horizon);
            // Unpegged and undeployed: the feedback reads only the production orders'
            // load; the plan that stands is run again, pegged and deployed, below.
            let supply = run_production_orders(dataset, demand, safety_stock, &schedule);
            (solution, supply)
        })
    };
    // Capacity feedback: where the rerun loads a resource beyond the hours the family
    // plan gave it (regular plus its planned overtime) because the items' mix or the
    // components' lots differ from the family average, take the excess off that
    // resource-bucket and solve again.
    let mut outcome = rerun(&problem);
    let mut corrections = 0;
    while let Ok((solution, supply)) = &outcome {
        if corrections == MAX_CAPACITY_CORRECTIONS
            || !correct_capacity(&mut problem, &effective, solution, dataset, supply)
        {
            break;
        }
        corrections += 1;
        outcome = rerun(&problem);
    }
    if corrections > 0 {
        exceptions.push(Exception {
            severity: Severity::Warning,
            code: "constrained_plan_corrected".into(),
            message: format!(
                "The constrained plan was solved {} times: the items' mix and component lots load some resource-buckets more than their family's average bill of resources, so those buckets' hours were reduced by the difference and the plan solved again.",
                corrections + 1
            ),
            bucket: None,
        });
    }
    let (solution, mut supply) = match outcome {
        Ok((solution, _unpegged)) => {
            let schedule = master_schedule(&families, &solution, horizon);
            let supply = run_scheduled(dataset, demand, safety_stock, &schedule, true);
            (solution, supply)
        }
        Err(error) => {
            let why = if config.strategy == FamilyStrategy::Mixed && !problem.fixed.is_empty() {
                " — the fixed decisions in plan_fixes cannot all be met with the hours and materials available"
            } else {
                ""
            };
            exceptions.push(Exception {
                severity: Severity::Critical,
                code: "constrained_plan_failed".into(),
                message: format!(
                    "The constrained plan ({}) could not be solved ({error}){why}; the unconstrained plan stands.",
                    config.strategy.as_str()
                ),
                bucket: None,
            });
            return Some(ConstrainedPlanOutput {
                families: Vec::new(),
                total_cost: 0.0,
                overtime_hours: 0.0,
                planned_overtime: BTreeMap::new(),
                strategy: config.strategy,
                strategy_costs: Vec::new(),
                binding: Vec::new(),
                binding_materials: Vec::new(),
                supply: crate::supply_stage::run(dataset, demand, safety_stock),
                exceptions,
            });
        }
    };
    let binding: Vec<BindingCapacity> =
        resource_shadow_prices_for(&problem, SolverChoice::MicroLp, config.strategy)
            .unwrap_or_default()
            .into_iter()
            .filter(|price| price.saving_per_hour > 0.005 && used[price.resource])
            .map(|price| BindingCapacity {
                resource: problem.resources[price.resource].name.clone(),
                bucket: first + price.bucket,
                saving_per_hour: price.saving_per_hour,
            })
            .collect();
    let binding_materials: Vec<BindingMaterial> =
        material_shadow_prices_for(&problem, SolverChoice::MicroLp, config.strategy)
            .unwrap_or_default()
            .into_iter()
            .filter(|price| price.saving_per_unit > 0.005)
            .map(|price| BindingMaterial {
                item: limited[price.material].item.clone(),
                plant: limited[price.material].plant.clone(),
                bucket: first + price.bucket,
                saving_per_unit: price.saving_per_unit,
            })
            .collect();
    let strategy_costs = strategy_costs(&problem, config.strategy, solution.total_cost);

    let outcomes: Vec<FamilyOutcome> = families
        .keys()
        .zip(&problem.families)
        .zip(&solution.families)
        .map(|((family, input), plan)| FamilyOutcome {
            family: family.to_string(),
            requirement: input.demand.clone(),
            production: plan.production.iter().map(|&q| round6(q)).collect(),
            backlog: plan.backlog.iter().map(|&q| round6(q)).collect(),
            lost_sales: plan.lost_sales.iter().map(|&q| round6(q)).collect(),
        })
        .collect();
    let constraints = Constraints {
        dataset,
        problem: &problem,
        solution: &solution,
        materials: &limited,
    };
    explain(
        &constraints,
        &outcomes,
        &binding,
        &binding_materials,
        &mut exceptions,
    );
    let family_of: BTreeMap<&BufferKey, (usize, usize)> = families
        .values()
        .enumerate()
        .flat_map(|(f, products)| {
            products
                .iter()
                .map(move |product| (&product.key, (f, product.lead_time)))
        })
        .collect();
    explain_shortages(&constraints, &outcomes, &family_of, &mut supply);
    let overtime_hours = solution
        .resources
        .iter()
        .flat_map(|r| &r.overtime_hours)
        .sum();
    Some(ConstrainedPlanOutput {
        families: outcomes,
        total_cost: solution.total_cost,
        overtime_hours: round6(overtime_hours),
        planned_overtime: problem
            .resources
            .iter()
            .zip(&solution.resources)
            .map(|(resource, plan)| {
                let hours = plan.overtime_hours.iter().map(|&h| round6(h)).collect();
                (resource.name.clone(), hours)
            })
            .collect(),
        strategy: config.strategy,
        strategy_costs,
        binding,
        binding_materials,
        supply,
        exceptions,
    })
}

/// How many times the family plan is solved again with corrected capacity at most.
const MAX_CAPACITY_CORRECTIONS: usize = 12;

/// The master production schedule of a solved family plan: each family's starts split
/// among its items ([`disaggregate`]), as receipts a production lead time later.
fn master_schedule(
    families: &BTreeMap<&str, Vec<Product<'_>>>,
    solution: &FamilyPlanSolution,
    horizon: usize,
) -> BTreeMap<BufferKey, Vec<f64>> {
    let mut schedule: BTreeMap<BufferKey, Vec<f64>> = BTreeMap::new();
    for (products, plan) in families.values().zip(&solution.families) {
        let starts: Vec<&[f64]> = products.iter().map(|p| p.starts.as_slice()).collect();
        let mut item_starts = disaggregate(&plan.production, &starts);
        if products.iter().all(|p| p.item.is_discrete()) {
            item_starts = whole_starts(&item_starts);
        }
        for (product, series) in products.iter().zip(item_starts) {
            let receipts = schedule
                .entry(product.key.clone())
                .or_insert_with(|| vec![0.0; horizon]);
            for (t, quantity) in series.into_iter().enumerate() {
                let due = t + product.lead_time;
                if due < horizon {
                    receipts[due] += quantity;
                }
            }
        }
    }
    schedule
}

/// Takes off each resource-bucket's regular hours (then its overtime) the hours by
/// which the rerun MRP's load exceeds what the family plan allowed there: effective
/// hours plus the overtime it planned. Returns whether anything changed.
fn correct_capacity(
    problem: &mut FamilyPlanProblem,
    effective: &[Vec<f64>],
    solution: &FamilyPlanSolution,
    dataset: &Dataset,
    supply: &MrpPlan,
) -> bool {
    let real = crate::capacity_stage::run(dataset, supply);
    let mut changed = false;
    for (r, load) in real.resources.iter().enumerate() {
        let (Some(resource), Some(planned), Some(hours)) = (
            problem.resources.get_mut(r),
            solution.resources.get(r),
            effective.get(r),
        ) else {
            continue;
        };
        for (t, (&effective_hours, &real_load)) in hours.iter().zip(&load.load).enumerate() {
            let allowed = effective_hours + planned.overtime_hours[t];
            let excess = real_load - allowed;
            if excess <= 1e-6 * allowed.max(1.0) {
                continue;
            }
            let from_regular = excess.min(resource.regular_hours[t]);
            resource.regular_hours[t] -= from_regular;
            resource.max_overtime_hours[t] =
                (resource.max_overtime_hours[t] - (excess - from_regular)).max(0.0);
            changed = true;
        }
    }
    changed
}

/// Splits a family's constrained starts among its items, earliest requirement first:
/// each bucket's starts go to the oldest requirements not yet started (backlog), then to
/// the bucket's own, then to later ones (building early), and within one requirement
/// bucket in proportion to the items' unconstrained starts there. So an item is never
/// started ahead of another item's older requirement, and every item's cumulative
/// starts follow its own requirements whenever the family's do. Starts beyond every
/// requirement (none in an optimal plan) are split by the items' horizon totals.
/// A bucket's starts within a millionth of the open requirements cover them exactly, so
/// solver noise leaves no phantom shortage.
pub fn disaggregate(family_starts: &[f64], item_requirements: &[&[f64]]) -> Vec<Vec<f64>> {
    let n = family_starts.len();
    let mut outstanding: Vec<Vec<f64>> = item_requirements
        .iter()
        .map(|series| {
            let mut out = series.to_vec();
            out.resize(n, 0.0);
            out
        })
        .collect();
    let totals: Vec<f64> = outstanding.iter().map(|s| s.iter().sum()).collect();
    let grand: f64 = totals.iter().sum();
    let mut result = vec![vec![0.0; n]; outstanding.len()];
    let mut oldest = 0;
    for (t, &starts) in family_starts.iter().enumerate() {
        let mut budget = round6(starts);
        let mut due = oldest;
        while budget > 1e-6 && due < n {
            let open: f64 = outstanding.iter().map(|s| s[due]).sum();
            if open <= 1e-9 {
                due += 1;
                continue;
            }
            let take = if (open - budget).abs() <= 1e-6 * open.max(1.0) {
                open
            } else {
                budget.min(open)
            };
            for (item, series) in outstanding.iter_mut().enumerate() {
                let share = series[due] * take / open;
                result[item][t] += share;
                series[due] -= share;
            }
            budget -= take;
            if take >= open {
                due += 1;
            }
        }
        if budget > 1e-6 && grand > 0.0 {
            for (item, total) in totals.iter().enumerate() {
                result[item][t] += budget * total / grand;
            }
        }
        while oldest < n && outstanding.iter().map(|s| s[oldest]).sum::<f64>() <= 1e-9 {
            oldest += 1;
        }
    }
    result
}

/// A discrete family's item starts in whole units. The family's starts per bucket are
/// the differences of its cumulative starts rounded down, so the family is never
/// ahead of the plan (which would need material or hours the plan does not have) and
/// never more than a unit behind it; each bucket's whole starts are split among the
/// items by largest remainder of their exact starts plus what each is owed from
/// earlier rounding, so every bucket's item starts add up exactly to the family's.
pub fn whole_starts(item_starts: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = item_starts.first().map_or(0, Vec::len);
    let mut result = vec![vec![0.0; n]; item_starts.len()];
    let mut owed = vec![0.0; item_starts.len()];
    let (mut cumulative, mut made) = (0.0, 0.0);
    for t in 0..n {
        cumulative += item_starts.iter().map(|s| s[t]).sum::<f64>();
        let family = (rounding::whole_down(cumulative) - made).max(0.0);
        let exact: Vec<f64> = item_starts
            .iter()
            .zip(&owed)
            .map(|(s, owed)| s[t] + owed)
            .collect();
        let whole = rounding::largest_remainder(&exact, family, None);
        for (i, units) in whole.iter().enumerate() {
            result[i][t] = *units;
            owed[i] = exact[i] - units;
        }
        made += whole.iter().sum::<f64>();
    }
    result
}

/// Rounds away solver noise below a millionth.
fn round6(value: f64) -> f64 {
    let rounded = (value * 1e6).round() / 1e6;
    if rounded == 0.0 { 0.0 } else { rounded }
}

fn standard_cost(item: &Item) -> f64 {
    item.cost.material + item.cost.labour + item.cost.overhead
}

/// Hours of each resource (in `resource_hours` order, by code) per horizon bucket that
/// open production orders already take: an order of `quantity` due in bucket `d` starts
/// its item's production lead time earlier and loads each routing of the item on a
/// resource at the order's location with `quantity × hours per unit` in that start
/// bucket. Orders starting outside the horizon (or due in a label that does not parse)
/// load nothing.
pub fn open_production_load(dataset: &Dataset) -> Vec<Vec<f64>> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let horizon = calendar.horizon_len();
    let mut resources: Vec<&fulcrum_core::Resource> = dataset.resources.iter().collect();
    resources.sort_by(|a, b| a.code.cmp(&b.code));
    let index: BTreeMap<&str, usize> = resources
        .iter()
        .enumerate()
        .map(|(idx, resource)| (resource.code.as_str(), idx))
        .collect();
    let routings = dataset.routings_by_item();
    let mut load = vec![vec![0.0; horizon]; resources.len()];
    for order in &dataset.open_orders {
        if order.kind != fulcrum_core::OrderKind::Production {
            continue;
        }
        let Some(item) = dataset.item(&order.item) else {
            continue;
        };
        let Ok(due) = calendar.parse_bucket(&order.due) else {
            continue;
        };
        let Some(start) = due.checked_sub(item.lead_time as usize) else {
            continue;
        };
        if start < first || start >= first + horizon {
            continue;
        }
        for routing in routings.get(order.item.as_str()).into_iter().flatten() {
            if let Some(&r) = index.get(routing.resource.as_str())
                && resources[r].location == order.location
            {
                load[r][start - first] += order.quantity * routing.hours_per_unit;
            }
        }
    }
    load
}

/// Labour cost per routed hour on each resource: Σ labour cost ÷ Σ hours per unit over
/// the items routed on it (0 when none carries labour).
fn labour_rates(
    dataset: &Dataset,
    resource_index: &BTreeMap<&str, usize>,
    n_resources: usize,
) -> Vec<f64> {
    let mut labour = vec![0.0; n_resources];
    let mut hours = vec![0.0; n_resources];
    for routing in &dataset.routings {
        let (Some(&r), Some(item)) = (
            resource_index.get(routing.resource.as_str()),
            dataset.item(&routing.item),
        ) else {
            continue;
        };
        labour[r] += item.cost.labour;
        hours[r] += routing.hours_per_unit;
    }
    labour
        .iter()
        .zip(&hours)
        .map(|(l, h)| if *h > 0.0 { l / h } else { 0.0 })
        .collect()
}

/// Money in the dataset's currency: "€41.00", "$41.00", "£41.00" or "41.00 CHF".
fn money(dataset: &Dataset, amount: f64) -> String {
    let digits = fulcrum_supply::aggregate::format_money(amount).replace('$', "");
    match dataset.settings.currency.as_str() {
        "EUR" => format!("€{digits}"),
        "USD" => format!("${digits}"),
        "GBP" => format!("£{digits}"),
        other => format!("{digits} {other}"),
    }
}

/// The solved plan with what it needs to name its binding constraints in words.
struct Constraints<'a> {
    dataset: &'a Dataset,
    problem: &'a FamilyPlanProblem,
    solution: &'a FamilyPlanSolution,
    materials: &'a [LimitedMaterial],
}

impl Constraints<'_> {
    /// Why family `f` is short in horizon bucket `last`: the resources it uses that are
    /// full (regular and overtime hours) and the materials it uses that are all used, up
    /// to that bucket; or that waiting was cheaper.
    fn why(&self, f: usize, last: usize) -> String {
        let full = self.full_resources(f, last);
        let used_up = self.used_up_materials(f, last);
        match (full.is_empty(), used_up.is_empty()) {
            (true, true) => {
                "no resource it uses is full; waiting is cheaper than overtime or building early"
                    .to_string()
            }
            (true, false) => format!(
                "no resource it uses is full, {} {} building early, and waiting is cheaper than overtime",
                used_up.join(" and "),
                if used_up.len() == 1 {
                    "limits"
                } else {
                    "limit"
                }
            ),
            (false, true) => format!(
                "the binding constraint is {} (regular and overtime hours all used)",
                full.join(", ")
            ),
            (false, false) => format!(
                "the binding constraints are {} (regular and overtime hours all used) and {}",
                full.join(", "),
                used_up.join(" and ")
            ),
        }
    }

    /// The full resources family `f` uses up to horizon bucket `last`, consecutive
    /// buckets of one resource joined: "R1 in 2026-01 to 2026-04, R2 in 2026-03".
    fn full_resources(&self, f: usize, last: usize) -> Vec<String> {
        let calendar = self.dataset.calendar();
        let first = calendar.history_len();
        let family = &self.problem.families[f];
        let mut used: Vec<usize> = family.loads.iter().map(|&(r, _)| r).collect();
        used.extend(family.offset_loads.iter().map(|&(r, _, _)| r));
        used.sort_unstable();
        used.dedup();
        let mut out = Vec::new();
        for r in used {
            let mut run: Option<(usize, usize)> = None;
            let mut flush = |run: (usize, usize)| {
                let name = &self.problem.resources[r].name;
                out.push(if run.0 == run.1 {
                    format!("{name} in {}", calendar.label(first + run.0))
                } else {
                    format!(
                        "{name} in {} to {}",
                        calendar.label(first + run.0),
                        calendar.label(first + run.1)
                    )
                });
            };
            for t in 0..=last.min(self.problem.n_buckets.saturating_sub(1)) {
                if self.is_full(r, t) {
                    run = match run {
                        Some((start, end)) if end + 1 == t => Some((start, t)),
                        Some(done) => {
                            flush(done);
                            Some((t, t))
                        }
                        None => Some((t, t)),
                    };
                }
            }
            if let Some(done) = run {
                flush(done);
            }
        }
        out
    }

    /// Whether resource `r` uses all its regular and overtime hours in horizon bucket `t`.
    fn is_full(&self, r: usize, t: usize) -> bool {
        let resource = &self.problem.resources[r];
        let capacity = resource.regular_hours[t] + resource.max_overtime_hours[t];
        self.solution.resources[r].load_hours[t] >= capacity - 1e-6 * capacity.max(1.0)
    }

    /// The materials family `f` uses that the plan uses up (all that is on hand and on
    /// order, some of it used) by horizon bucket `last`, in words: "material RAW at P1
    /// (used up by 2026-02: on hand and on order, with supplier S1's lead time of 2
    /// buckets)".
    fn used_up_materials(&self, f: usize, last: usize) -> Vec<String> {
        let calendar = self.dataset.calendar();
        let first = calendar.history_len();
        let mut used: Vec<usize> = self.problem.families[f]
            .materials
            .iter()
            .map(|&(m, ..)| m)
            .collect();
        used.sort_unstable();
        used.dedup();
        used.into_iter()
            .filter_map(|m| {
                let input = &self.problem.materials[m];
                let plan = &self.solution.materials[m];
                // Used up, or none there at all (nothing on hand or on order within
                // the supplier's lead time) while the family has starts due.
                let demand = &self.problem.families[f].demand;
                let t = (0..=last.min(self.problem.n_buckets.saturating_sub(1))).find(|&t| {
                    let none_while_due = input.cumulative_available[t] <= 1e-9
                        && demand.iter().take(t + 1).sum::<f64>() > 1e-9;
                    plan.exhausted(input, t) && (plan.cumulative_use[t] > 1e-9 || none_while_due)
                })?;
                let material = &self.materials[m];
                let buckets = if material.lead_time == 1 { "bucket" } else { "buckets" };
                Some(if input.cumulative_available[t] <= 1e-9 {
                    format!(
                        "material {} at {} (none on hand or on order through {}, and supplier {}'s lead time is {} {buckets})",
                        material.item,
                        material.plant,
                        calendar.label(first + t),
                        material.supplier,
                        material.lead_time,
                    )
                } else {
                    format!(
                        "material {} at {} (used up by {}: on hand and on order, with supplier {}'s lead time of {} {buckets})",
                        material.item,
                        material.plant,
                        calendar.label(first + t),
                        material.supplier,
                        material.lead_time,
                    )
                })
            })
            .collect()
    }
}

fn explain(
    constraints: &Constraints<'_>,
    outcomes: &[FamilyOutcome],
    binding: &[BindingCapacity],
    binding_materials: &[BindingMaterial],
    exceptions: &mut Vec<Exception>,
) {
    let dataset = constraints.dataset;
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    for capacity in binding {
        exceptions.push(Exception {
            severity: Severity::Warning,
            code: "binding_capacity".into(),
            message: format!(
                "{} is a binding constraint in {}: one more hour on {} in {} saves {}.",
                capacity.resource,
                calendar.label(capacity.bucket),
                capacity.resource,
                calendar.label(capacity.bucket),
                money(dataset, capacity.saving_per_hour)
            ),
            bucket: Some(capacity.bucket),
        });
    }
    for material in binding_materials {
        let by = calendar.label(material.bucket);
        exceptions.push(Exception {
            severity: Severity::Warning,
            code: "binding_material".into(),
            message: format!(
                "Material {} at {} is a binding constraint through {by}: one more unit there by {by} saves {}.",
                material.item,
                material.plant,
                money(dataset, material.saving_per_unit)
            ),
            bucket: Some(material.bucket),
        });
    }
    for (f, outcome) in outcomes.iter().enumerate() {
        for t in 0..constraints.problem.n_buckets {
            let (late, lost) = (outcome.backlog[t], outcome.lost_sales[t]);
            if late <= 1e-6 && lost <= 1e-6 {
                continue;
            }
            // `late` is the family's backlog at the end of the bucket (starts due by
            // then and not yet made); `lost` the starts due in the bucket never made.
            let due = round2(outcome.requirement[t]);
            let what = match (late > 1e-6, lost > 1e-6) {
                (true, true) => format!(
                    "{} of the {due} units due to start then are never made, and {} units due by then start late",
                    round2(lost),
                    round2(late)
                ),
                (true, false) => format!("{} units due to start by then start late", round2(late)),
                _ => format!(
                    "{} of the {due} units due to start then are never made (lost sales)",
                    round2(lost)
                ),
            };
            exceptions.push(Exception {
                severity: if lost > 1e-6 {
                    Severity::Critical
                } else {
                    Severity::Warning
                },
                code: if lost > 1e-6 {
                    "lost_sales".into()
                } else {
                    "late_production".into()
                },
                message: format!(
                    "Family {} in {}: {what}; {}.",
                    outcome.family,
                    calendar.label(first + t),
                    constraints.why(f, t)
                ),
                bucket: Some(first + t),
            });
        }
    }
}

/// Rewrites the `stockout` exception of every plant buffer whose master schedule (the
/// constrained plan) leaves it short, naming the cause: the family's starts made late
/// or never, the full resource-buckets or used-up materials that bind them (or that
/// waiting was cheaper), and, by pegging, the customer demands the shortage holds up.
fn explain_shortages(
    constraints: &Constraints<'_>,
    outcomes: &[FamilyOutcome],
    family_of: &BTreeMap<&BufferKey, (usize, usize)>,
    supply: &mut MrpPlan,
) {
    let calendar = constraints.dataset.calendar();
    let first = calendar.history_len();
    let mut messages = Vec::new();
    for shortage in &supply.shortages {
        // A plant buffer short of its master schedule, or a location that its plant
        // could not deliver to in full (deployment) because of that schedule.
        let (explained, lane_lead_time) = match (shortage.scheduled, shortage.source) {
            (true, _) => (shortage.buffer, 0),
            (false, Some(source)) => {
                let lane = match supply
                    .buffers
                    .get(shortage.buffer)
                    .map(|b| &b.replenishment)
                {
                    Some(Replenishment::Transfer { lead_time, .. }) => *lead_time as usize,
                    _ => 0,
                };
                (source, lane)
            }
            (false, None) => continue,
        };
        let (Some(buffer), Some(plant)) = (
            supply.buffers.get(shortage.buffer),
            supply.buffers.get(explained),
        ) else {
            continue;
        };
        let key = (plant.item.clone(), plant.location.clone());
        let Some(&(f, lead_time)) = family_of.get(&key) else {
            continue;
        };
        let (Some(outcome), Some(horizon_bucket)) =
            (outcomes.get(f), shortage.first_bucket.checked_sub(first))
        else {
            continue;
        };
        // The start that should have supplied the first short bucket.
        let start = horizon_bucket.saturating_sub(lead_time + lane_lead_time);
        let late = outcome.backlog.get(start).copied().unwrap_or(0.0);
        let lost: f64 = outcome.lost_sales.iter().take(start + 1).sum();
        let by = calendar.label(first + start);
        let family = &outcome.family;
        let what = match (late > 1e-6, lost > 1e-6) {
            (true, true) => format!(
                "{} units of family {family} due to start by {by} start late and {} are never made",
                round2(late),
                round2(lost)
            ),
            (true, false) => format!(
                "{} units of family {family} due to start by {by} start late",
                round2(late)
            ),
            (false, true) => format!(
                "{} units of family {family} due to start by {by} are never made",
                round2(lost)
            ),
            (false, false) => format!(
                "the constrained plan makes less of family {family} than this buffer needs, or later"
            ),
        };
        let held_up = supply.describe_held_up(shortage, calendar, 5);
        let held_up = if held_up.is_empty() {
            String::new()
        } else {
            format!(" The shortage holds up {}.", held_up.join(", "))
        };
        // A delivery shortfall keeps deployment's account of what the plant delivered.
        let delivered = match shortage.source {
            Some(_) if !shortage.scheduled => supply
                .exceptions
                .get(shortage.exception)
                .and_then(|e| e.message.split_once("units short at worst: "))
                .map(|(_, rest)| format!("{}; ", rest.trim_end_matches('.')))
                .unwrap_or_default(),
            _ => String::new(),
        };
        messages.push((
            shortage.exception,
            format!(
                "{} at {} runs out in {}, {} units short at worst: {delivered}{what}; {}.{held_up}",
                buffer.item,
                buffer.location,
                calendar.label(shortage.first_bucket),
                round2(shortage.worst),
                constraints.why(f, start),
            ),
        ));
    }
    for (exception, message) in messages {
        if let Some(exception) = supply.exceptions.get_mut(exception) {
            exception.message = message;
        }
    }
}

/// The planner's fixes (`plan_fixes.csv`) as family-plan decisions. A fix of a family
/// with no production in the plan, or of overtime beyond what the resource allows, is
/// left out with a warning that says so.
fn fixed_decisions(
    dataset: &Dataset,
    families: &BTreeMap<&str, Vec<Product<'_>>>,
    resources: &[SharedResource],
    exceptions: &mut Vec<Exception>,
) -> Vec<FixedDecision> {
    let calendar = dataset.calendar();
    let first = calendar.history_len();
    let mut fixed = Vec::new();
    for fix in &dataset.plan_fixes {
        let Some(bucket) = calendar
            .parse_bucket(&fix.bucket)
            .ok()
            .and_then(|b| b.checked_sub(first))
            .filter(|&b| b < calendar.horizon_len())
        else {
            continue;
        };
        let skip = |reason: String| Exception {
            severity: Severity::Warning,
            code: "plan_fix_ignored".into(),
            message: format!(
                "The fixed {} of {} in {} ({}) is ignored: {reason}.",
                fix.decision.as_str().replace('_', " "),
                fix.code,
                fix.bucket,
                fix.value
            ),
            bucket: Some(first + bucket),
        };
        match fix.decision {
            FixedKind::Production => match families.keys().position(|&f| f == fix.code) {
                Some(family) => fixed.push(FixedDecision::Production {
                    family,
                    bucket,
                    quantity: fix.value,
                }),
                None => exceptions.push(skip(format!(
                    "family {} makes nothing at a plant in this plan",
                    fix.code
                ))),
            },
            FixedKind::OvertimeHours => {
                let Some(resource) = resources.iter().position(|r| r.name == fix.code) else {
                    continue;
                };
                let most = resources[resource].max_overtime_hours[bucket];
                if fix.value > most + 1e-9 {
                    exceptions.push(skip(format!(
                        "{} allows at most {} overtime hours in {}",
                        fix.code,
                        round2(most),
                        fix.bucket
                    )));
                } else {
                    fixed.push(FixedDecision::Overtime {
                        resource,
                        bucket,
                        hours: fix.value,
                    });
                }
            }
        }
    }
    fixed
}

/// The total cost of every strategy on the same problem, side by side (the chosen one
/// from its solved plan; mixed only when the planner fixed something). A strategy
/// whose model cannot be solved is left out.
fn strategy_costs(
    problem: &FamilyPlanProblem,
    chosen: FamilyStrategy,
    chosen_cost: f64,
) -> Vec<(FamilyStrategy, f64)> {
    let mut strategies = vec![
        FamilyStrategy::Optimal,
        FamilyStrategy::Level,
        FamilyStrategy::Chase,
    ];
    if !problem.fixed.is_empty() {
        strategies.push(FamilyStrategy::Mixed);
    }
    strategies
        .into_iter()
        .filter_map(|strategy| {
            if strategy == chosen {
                return Some((strategy, chosen_cost));
            }
            plan_families_for(problem, SolverChoice::MicroLp, strategy)
                .ok()
                .map(|plan| (strategy, plan.total_cost))
        })
        .collect()
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
