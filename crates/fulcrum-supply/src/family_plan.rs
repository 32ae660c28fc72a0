//! The constrained plan of many product families that share resources.
//!
//! Where [`crate::aggregate`] plans one family against its workforce, this module plans
//! many families at once against the hours of shared resources (lines, presses, work
//! centres) per bucket: regular hours are free (already paid), overtime hours cost money
//! up to a limit, and each family can build inventory, backlog or lose sales.
//!
//! ```text
//! minimise Σ_f Σ_t  c_f·P_ft + h_f·I_ft + b_f·B_ft + x_f·X_ft  +  Σ_r Σ_t o_r·O_rt
//! subject to
//!   I_f,t−1 − B_f,t−1 + P_ft + X_ft = D_ft + I_ft − B_ft        (balance_f_t)
//!   Σ_f Σ_k a_frk·P_f,t+k − O_rt ≤ H_rt                          (hours_r_t)
//!   0 ≤ O_rt ≤ Omax_rt,  I_f,T ≥ Iend_f,  B_f,T = 0
//! ```
//!
//! `a_frk` is the hours per unit of family `f` on resource `r` that fall `k` buckets
//! before its production bucket (`k = 0` for [`Family::loads`], `k > 0` for
//! [`Family::offset_loads`]), as in a rough-cut bill of resources with lead-time offsets.
//!
//! A [`FamilyStrategy`] restricts the plan: **chase** builds no inventory ahead
//! (`I_ft ≤ max(I0_f − Σ_{s≤t} D_fs, 0)` before the last bucket), **level** makes one
//! rate per family (`P_ft = P_f,t+1`, rows `level_f_t` after the hours rows), and
//! **optimal** (the default) leaves every choice to cost.

use crate::error::{SupplyError, check_non_negative};
use crate::lp::{LinearModel, Sense, SolverChoice, solve};

/// Which production plans a family may follow; each is costed by the same objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FamilyStrategy {
    /// Cost-optimal: build early, start late, work overtime or lose sales, whichever
    /// costs least.
    #[default]
    Optimal,
    /// Level: one production rate per family over the whole horizon; inventory and
    /// backlog absorb the demand's swings.
    Level,
    /// Chase: production follows demand; no inventory is built ahead (stock on hand
    /// may run down, and the last bucket ends at its minimum), so capacity shortfalls
    /// become overtime, late starts or lost sales.
    Chase,
}

impl FamilyStrategy {
    /// The name used by the CLI and in files (`optimal`, `level`, `chase`).
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyStrategy::Optimal => "optimal",
            FamilyStrategy::Level => "level",
            FamilyStrategy::Chase => "chase",
        }
    }

    /// Parses the name written by [`FamilyStrategy::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [
            FamilyStrategy::Optimal,
            FamilyStrategy::Level,
            FamilyStrategy::Chase,
        ]
        .into_iter()
        .find(|strategy| strategy.as_str() == text)
    }
}

/// A product family.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Name (used in variable names; no spaces).
    pub name: String,
    /// Demand per bucket.
    pub demand: Vec<f64>,
    /// Inventory before the first bucket.
    pub initial_inventory: f64,
    /// Least inventory after the last bucket.
    pub min_ending_inventory: f64,
    /// Variable production cost per unit.
    pub production_cost_per_unit: f64,
    /// Holding cost per unit per bucket.
    pub holding_cost_per_unit: f64,
    /// Backlog cost per unit per bucket; `None` forbids backlog.
    pub backlog_cost_per_unit: Option<f64>,
    /// Lost-sale cost per unit; `None` forbids lost sales.
    pub lost_sale_cost_per_unit: Option<f64>,
    /// `(resource index, hours per unit)` pairs, loaded in the bucket of production.
    pub loads: Vec<(usize, f64)>,
    /// Loads placed earlier than the bucket of production (e.g. a component made a
    /// lead time before the family's own operation): `(resource index, hours per unit,
    /// buckets before)`. Load that would fall before the first bucket is ignored.
    pub offset_loads: Vec<(usize, f64, usize)>,
}

/// A shared resource.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedResource {
    /// Name (no spaces).
    pub name: String,
    /// Regular hours per bucket.
    pub regular_hours: Vec<f64>,
    /// Most overtime hours per bucket.
    pub max_overtime_hours: Vec<f64>,
    /// Cost per overtime hour.
    pub overtime_cost_per_hour: f64,
}

/// Families, resources and the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyPlanProblem {
    /// Number of buckets.
    pub n_buckets: usize,
    /// Families.
    pub families: Vec<Family>,
    /// Resources.
    pub resources: Vec<SharedResource>,
}

/// The plan of one family.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyPlan {
    /// Production per bucket.
    pub production: Vec<f64>,
    /// Ending inventory per bucket.
    pub inventory: Vec<f64>,
    /// Ending backlog per bucket.
    pub backlog: Vec<f64>,
    /// Lost sales per bucket.
    pub lost_sales: Vec<f64>,
    /// Plain-word reasons for each bucket with backlog or lost sales: the family's
    /// resources that were full (regular and all allowed overtime) up to that bucket.
    pub explanations: Vec<String>,
}

/// Load of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourcePlan {
    /// Hours loaded per bucket.
    pub load_hours: Vec<f64>,
    /// Overtime hours per bucket.
    pub overtime_hours: Vec<f64>,
    /// Load / (regular + max overtime) per bucket.
    pub utilisation: Vec<f64>,
}

/// The solved plan.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyPlanSolution {
    /// Total cost (the model objective).
    pub total_cost: f64,
    /// Per family, in input order.
    pub families: Vec<FamilyPlan>,
    /// Per resource, in input order.
    pub resources: Vec<ResourcePlan>,
}

fn validate(problem: &FamilyPlanProblem) -> Result<(), SupplyError> {
    let n = problem.n_buckets;
    if n == 0 {
        return Err(SupplyError::invalid(
            "n_buckets",
            "the horizon has no buckets",
        ));
    }
    for (f, family) in problem.families.iter().enumerate() {
        let field = |name: &str| format!("families[{f}].{name}");
        if family.demand.len() != n {
            return Err(SupplyError::invalid(
                field("demand"),
                format!("has {} buckets, expected {n}", family.demand.len()),
            ));
        }
        for (t, &d) in family.demand.iter().enumerate() {
            check_non_negative(&format!("families[{f}].demand[{t}]"), d)?;
        }
        check_non_negative(&field("initial_inventory"), family.initial_inventory)?;
        check_non_negative(&field("min_ending_inventory"), family.min_ending_inventory)?;
        check_non_negative(
            &field("production_cost_per_unit"),
            family.production_cost_per_unit,
        )?;
        check_non_negative(
            &field("holding_cost_per_unit"),
            family.holding_cost_per_unit,
        )?;
        if let Some(b) = family.backlog_cost_per_unit {
            check_non_negative(&field("backlog_cost_per_unit"), b)?;
        }
        if let Some(x) = family.lost_sale_cost_per_unit {
            check_non_negative(&field("lost_sale_cost_per_unit"), x)?;
        }
        for (k, &(r, hours)) in family.loads.iter().enumerate() {
            if r >= problem.resources.len() {
                return Err(SupplyError::invalid(
                    format!("families[{f}].loads[{k}]"),
                    format!("no resource #{r}"),
                ));
            }
            check_non_negative(&format!("families[{f}].loads[{k}].hours_per_unit"), hours)?;
        }
        for (k, &(r, hours, _)) in family.offset_loads.iter().enumerate() {
            if r >= problem.resources.len() {
                return Err(SupplyError::invalid(
                    format!("families[{f}].offset_loads[{k}]"),
                    format!("no resource #{r}"),
                ));
            }
            check_non_negative(
                &format!("families[{f}].offset_loads[{k}].hours_per_unit"),
                hours,
            )?;
        }
    }
    for (r, res) in problem.resources.iter().enumerate() {
        for (name, series) in [
            ("regular_hours", &res.regular_hours),
            ("max_overtime_hours", &res.max_overtime_hours),
        ] {
            if series.len() != n {
                return Err(SupplyError::invalid(
                    format!("resources[{r}].{name}"),
                    format!("has {} buckets, expected {n}", series.len()),
                ));
            }
            for (t, &h) in series.iter().enumerate() {
                check_non_negative(&format!("resources[{r}].{name}[{t}]"), h)?;
            }
        }
        check_non_negative(
            &format!("resources[{r}].overtime_cost_per_hour"),
            res.overtime_cost_per_hour,
        )?;
    }
    Ok(())
}

const PER_FAMILY_BUCKET: usize = 4;

/// Builds the LP. Variables: for each family and bucket `P, I, B, X`, then for each
/// resource and bucket the overtime hours `O`.
pub fn build_family_model(problem: &FamilyPlanProblem) -> Result<LinearModel, SupplyError> {
    build_family_model_for(problem, FamilyStrategy::Optimal)
}

/// Builds the LP of a strategy: [`build_family_model`] plus the strategy's bounds
/// (chase) or rows (level, after every hours row).
pub fn build_family_model_for(
    problem: &FamilyPlanProblem,
    strategy: FamilyStrategy,
) -> Result<LinearModel, SupplyError> {
    validate(problem)?;
    let n = problem.n_buckets;
    let mut model = LinearModel::new("family_plan");
    let family_var = |f: usize, t: usize, k: usize| (f * n + t) * PER_FAMILY_BUCKET + k;
    for (f, family) in problem.families.iter().enumerate() {
        for t in 0..n {
            let last = t + 1 == n;
            let label = format!("f{f}_t{}", t + 1);
            model.add_variable(
                format!("produce_{label}"),
                0.0,
                f64::INFINITY,
                family.production_cost_per_unit,
            );
            let inventory_lo = if last {
                family.min_ending_inventory
            } else {
                0.0
            };
            let inventory_hi = if strategy == FamilyStrategy::Chase && !last {
                let demand_so_far: f64 = family.demand.iter().take(t + 1).sum();
                (family.initial_inventory - demand_so_far).max(0.0)
            } else {
                f64::INFINITY
            };
            model.add_variable(
                format!("inventory_{label}"),
                inventory_lo,
                inventory_hi,
                family.holding_cost_per_unit,
            );
            let backlog_hi = if family.backlog_cost_per_unit.is_some() && !last {
                f64::INFINITY
            } else {
                0.0
            };
            model.add_variable(
                format!("backlog_{label}"),
                0.0,
                backlog_hi,
                family.backlog_cost_per_unit.unwrap_or(0.0),
            );
            let lost_hi = if family.lost_sale_cost_per_unit.is_some() {
                f64::INFINITY
            } else {
                0.0
            };
            model.add_variable(
                format!("lost_{label}"),
                0.0,
                lost_hi,
                family.lost_sale_cost_per_unit.unwrap_or(0.0),
            );
            debug_assert_eq!(model.variables.len(), family_var(f, t, 3) + 1);
        }
    }
    let overtime_base = model.variables.len();
    for (r, res) in problem.resources.iter().enumerate() {
        for t in 0..n {
            model.add_variable(
                format!("overtime_r{r}_t{}", t + 1),
                0.0,
                res.max_overtime_hours[t],
                res.overtime_cost_per_hour,
            );
        }
    }
    for (f, family) in problem.families.iter().enumerate() {
        for t in 0..n {
            let mut terms = vec![
                (family_var(f, t, 0), 1.0),
                (family_var(f, t, 3), 1.0),
                (family_var(f, t, 1), -1.0),
                (family_var(f, t, 2), 1.0),
            ];
            let mut rhs = family.demand[t];
            if t == 0 {
                rhs -= family.initial_inventory;
            } else {
                terms.push((family_var(f, t - 1, 1), 1.0));
                terms.push((family_var(f, t - 1, 2), -1.0));
            }
            model.add_row(format!("balance_f{f}_t{}", t + 1), terms, Sense::Equal, rhs);
        }
    }
    // (family, hours per unit, buckets before production) per resource.
    let mut users: Vec<Vec<(usize, f64, usize)>> = vec![Vec::new(); problem.resources.len()];
    for (f, family) in problem.families.iter().enumerate() {
        for &(r, hours) in &family.loads {
            users[r].push((f, hours, 0));
        }
        for &(r, hours, before) in &family.offset_loads {
            users[r].push((f, hours, before));
        }
    }
    for (r, res) in problem.resources.iter().enumerate() {
        for t in 0..n {
            let mut terms: Vec<(usize, f64)> = Vec::new();
            for &(f, hours, before) in &users[r] {
                if t + before >= n {
                    continue;
                }
                let var = family_var(f, t + before, 0);
                match terms.iter_mut().find(|(v, _)| *v == var) {
                    Some(term) => term.1 += hours,
                    None => terms.push((var, hours)),
                }
            }
            terms.push((overtime_base + r * n + t, -1.0));
            model.add_row(
                format!("hours_r{r}_t{}", t + 1),
                terms,
                Sense::LessEqual,
                res.regular_hours[t],
            );
        }
    }
    if strategy == FamilyStrategy::Level {
        for f in 0..problem.families.len() {
            for t in 1..n {
                model.add_row(
                    format!("level_f{f}_t{}", t + 1),
                    vec![(family_var(f, t - 1, 0), 1.0), (family_var(f, t, 0), -1.0)],
                    Sense::Equal,
                    0.0,
                );
            }
        }
    }
    Ok(model)
}

/// Builds and solves the plan.
pub fn plan_families(
    problem: &FamilyPlanProblem,
    solver: SolverChoice,
) -> Result<FamilyPlanSolution, SupplyError> {
    plan_families_for(problem, solver, FamilyStrategy::Optimal)
}

/// Builds and solves the plan of a strategy.
pub fn plan_families_for(
    problem: &FamilyPlanProblem,
    solver: SolverChoice,
    strategy: FamilyStrategy,
) -> Result<FamilyPlanSolution, SupplyError> {
    let model = build_family_model_for(problem, strategy)?;
    let solution = solve(&model, solver)?;
    let n = problem.n_buckets;
    let values = &solution.values;
    let families = (0..problem.families.len())
        .map(|f| {
            let series = |k: usize| {
                (0..n)
                    .map(|t| values[(f * n + t) * PER_FAMILY_BUCKET + k])
                    .collect::<Vec<f64>>()
            };
            FamilyPlan {
                production: series(0),
                inventory: series(1),
                backlog: series(2),
                lost_sales: series(3),
                explanations: Vec::new(),
            }
        })
        .collect::<Vec<_>>();
    let overtime_base = problem.families.len() * n * PER_FAMILY_BUCKET;
    let resources: Vec<ResourcePlan> = problem
        .resources
        .iter()
        .enumerate()
        .map(|(r, res)| {
            let load_hours: Vec<f64> = (0..n)
                .map(|t| {
                    problem
                        .families
                        .iter()
                        .zip(&families)
                        .map(|(family, plan)| {
                            let now: f64 = family
                                .loads
                                .iter()
                                .filter(|&&(rr, _)| rr == r)
                                .map(|&(_, h)| h * plan.production[t])
                                .sum();
                            let early: f64 = family
                                .offset_loads
                                .iter()
                                .filter(|&&(rr, _, before)| rr == r && t + before < n)
                                .map(|&(_, h, before)| h * plan.production[t + before])
                                .sum();
                            now + early
                        })
                        .sum()
                })
                .collect();
            let overtime_hours: Vec<f64> =
                (0..n).map(|t| values[overtime_base + r * n + t]).collect();
            let utilisation = (0..n)
                .map(|t| {
                    let cap = res.regular_hours[t] + res.max_overtime_hours[t];
                    if cap > 0.0 { load_hours[t] / cap } else { 0.0 }
                })
                .collect();
            ResourcePlan {
                load_hours,
                overtime_hours,
                utilisation,
            }
        })
        .collect();
    let mut families = families;
    explain_shortages(problem, &mut families, &resources);
    Ok(FamilyPlanSolution {
        total_cost: solution.objective,
        families,
        resources,
    })
}

/// The value of one more regular hour on a resource in a bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceShadowPrice {
    /// Resource index.
    pub resource: usize,
    /// Bucket index (0-based).
    pub bucket: usize,
    /// Fall in total cost with one more regular hour (positive = saves money).
    pub saving_per_hour: f64,
    /// The same in plain words.
    pub explanation: String,
}

/// Shadow prices of the resource-bucket hour rows that bind at the optimum, measured
/// (as in [`crate::aggregate`]) by re-solving with one more regular hour: microlp gives
/// no duals. One re-solve per binding row, so meant for small and medium models.
pub fn resource_shadow_prices(
    problem: &FamilyPlanProblem,
    solver: SolverChoice,
) -> Result<Vec<ResourceShadowPrice>, SupplyError> {
    resource_shadow_prices_for(problem, solver, FamilyStrategy::Optimal)
}

/// [`resource_shadow_prices`] of a strategy's plan (the strategy's restrictions stay
/// in place when the extra hour is offered).
pub fn resource_shadow_prices_for(
    problem: &FamilyPlanProblem,
    solver: SolverChoice,
    strategy: FamilyStrategy,
) -> Result<Vec<ResourceShadowPrice>, SupplyError> {
    let model = build_family_model_for(problem, strategy)?;
    let base = solve(&model, solver)?;
    let n = problem.n_buckets;
    let first_hours_row = problem.families.len() * n;
    let mut prices = Vec::new();
    for (r, resource) in problem.resources.iter().enumerate() {
        for t in 0..n {
            let row = first_hours_row + r * n + t;
            let slack = model.rows[row].rhs - model.row_activity(row, &base.values);
            if slack > 1e-7 * model.rows[row].rhs.abs().max(1.0) {
                continue;
            }
            let mut relaxed = model.clone();
            relaxed.rows[row].rhs += 1.0;
            let saving = base.objective - solve(&relaxed, solver)?.objective;
            let saving = if saving.abs() < 1e-7 { 0.0 } else { saving };
            let explanation = if saving > 0.0 {
                format!(
                    "One more hour on {} in bucket {} saves {}.",
                    resource.name,
                    t + 1,
                    crate::aggregate::format_money(saving)
                )
            } else {
                format!(
                    "{} is fully used in bucket {}, but one more hour saves nothing.",
                    resource.name,
                    t + 1
                )
            };
            prices.push(ResourceShadowPrice {
                resource: r,
                bucket: t,
                saving_per_hour: saving,
                explanation,
            });
        }
    }
    Ok(prices)
}

/// Names, for every bucket where a family is late or loses sales, the resources it loads
/// that were full in that bucket or before.
fn explain_shortages(
    problem: &FamilyPlanProblem,
    families: &mut [FamilyPlan],
    resources: &[ResourcePlan],
) {
    let full = |r: usize, t: usize| {
        let res = &problem.resources[r];
        let capacity = res.regular_hours[t] + res.max_overtime_hours[t];
        resources[r].load_hours[t] >= capacity - 1e-7 * capacity.max(1.0)
    };
    for (family, plan) in problem.families.iter().zip(families.iter_mut()) {
        for t in 0..problem.n_buckets {
            let (late, lost) = (plan.backlog[t], plan.lost_sales[t]);
            if late <= 1e-9 && lost <= 1e-9 {
                continue;
            }
            let mut binding = Vec::new();
            let mut used: Vec<usize> = family.loads.iter().map(|&(r, _)| r).collect();
            used.extend(family.offset_loads.iter().map(|&(r, _, _)| r));
            used.sort_unstable();
            used.dedup();
            for r in used {
                for bucket in 0..=t {
                    if full(r, bucket) {
                        binding.push(format!(
                            "{} in bucket {}",
                            problem.resources[r].name,
                            bucket + 1
                        ));
                    }
                }
            }
            let what = match (late > 1e-9, lost > 1e-9) {
                (true, true) => format!("{late:.2} units late and {lost:.2} lost"),
                (true, false) => format!("{late:.2} units late"),
                _ => format!("{lost:.2} units lost"),
            };
            let why = if binding.is_empty() {
                "no resource it uses is full: the cost trade-off (backlog or lost-sale penalty against overtime and holding) decides".to_string()
            } else {
                format!("full: {}", binding.join(", "))
            };
            plan.explanations
                .push(format!("{} bucket {}: {what}; {why}.", family.name, t + 1));
        }
    }
}

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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two families on one press with 100 regular and 20 overtime hours at $30 per bucket.
    fn two_families_one_press(press: &str) -> FamilyPlanProblem {
        let family = |name: &str, demand: Vec<f64>| Family {
            name: name.into(),
            demand,
            initial_inventory: 0.0,
            min_ending_inventory: 0.0,
            production_cost_per_unit: 0.0,
            holding_cost_per_unit: 1.0,
            backlog_cost_per_unit: None,
            lost_sale_cost_per_unit: None,
            loads: vec![(0, 1.0)],
            offset_loads: Vec::new(),
        };
        FamilyPlanProblem {
            n_buckets: 2,
            families: vec![
                family("a", vec![30.0, 100.0]),
                family("b", vec![30.0, 50.0]),
            ],
            resources: vec![SharedResource {
                name: press.into(),
                regular_hours: vec![100.0, 100.0],
                max_overtime_hours: vec![20.0, 20.0],
                overtime_cost_per_hour: 30.0,
            }],
        }
    }

    /// Bucket 2 needs 150 h against 100 regular hours: the LP pre-builds in bucket 1
    /// (holding $1 < overtime $30 per hour) up to bucket 1's spare 40 h, then uses overtime.
    #[test]
    fn prebuilds_before_overtime() {
        let problem = two_families_one_press("press");
        let plan = plan_families(&problem, SolverChoice::MicroLp).expect("solvable");
        // Bucket 1 makes 60 + 40 pre-built; bucket 2 needs 110 h: 100 regular + 10 overtime.
        assert!(
            (plan.total_cost - (40.0 * 1.0 + 10.0 * 30.0)).abs() < 1e-6,
            "{}",
            plan.total_cost
        );
        assert!((plan.resources[0].overtime_hours[1] - 10.0).abs() < 1e-6);
        assert!((plan.resources[0].load_hours[0] - 100.0).abs() < 1e-6);
    }

    /// A component made one bucket before the family's own operation loads the resource
    /// a bucket early: demand 10 in bucket 2, 1 h per unit in the bucket of production
    /// and 1 h per unit the bucket before, 5 h in bucket 1. Every unit made in bucket 1
    /// or 2 needs one of bucket 1's 5 hours (its own, or its component's), so only 5 can
    /// be made; 5 are lost at 100 each. Making them in bucket 2 (P = 0, 5) avoids
    /// holding: cost 500, loads 5 h in bucket 1 (components) and 5 h in bucket 2.
    #[test]
    fn offset_loads_fall_before_the_bucket_of_production() {
        let problem = FamilyPlanProblem {
            n_buckets: 2,
            families: vec![Family {
                name: "a".into(),
                demand: vec![0.0, 10.0],
                initial_inventory: 0.0,
                min_ending_inventory: 0.0,
                production_cost_per_unit: 0.0,
                holding_cost_per_unit: 1.0,
                backlog_cost_per_unit: None,
                lost_sale_cost_per_unit: Some(100.0),
                loads: vec![(0, 1.0)],
                offset_loads: vec![(0, 1.0, 1)],
            }],
            resources: vec![SharedResource {
                name: "line".into(),
                regular_hours: vec![5.0, 100.0],
                max_overtime_hours: vec![0.0, 0.0],
                overtime_cost_per_hour: 0.0,
            }],
        };
        let plan = plan_families(&problem, SolverChoice::MicroLp).expect("solvable");
        assert!(
            (plan.total_cost - 500.0).abs() < 1e-6,
            "{}",
            plan.total_cost
        );
        let family = &plan.families[0];
        assert!((family.production[0]).abs() < 1e-6 && (family.production[1] - 5.0).abs() < 1e-6);
        assert!((family.lost_sales[1] - 5.0).abs() < 1e-6);
        let load = &plan.resources[0].load_hours;
        assert!(
            (load[0] - 5.0).abs() < 1e-6 && (load[1] - 5.0).abs() < 1e-6,
            "{load:?}"
        );
    }

    /// With 50 regular and 10 overtime hours and demand of 80, 20 units are lost and the
    /// reason names the full press.
    #[test]
    fn shortage_names_the_full_resource() {
        let problem = FamilyPlanProblem {
            n_buckets: 1,
            families: vec![Family {
                name: "a".into(),
                demand: vec![80.0],
                initial_inventory: 0.0,
                min_ending_inventory: 0.0,
                production_cost_per_unit: 1.0,
                holding_cost_per_unit: 1.0,
                backlog_cost_per_unit: None,
                lost_sale_cost_per_unit: Some(100.0),
                loads: vec![(0, 1.0)],
                offset_loads: Vec::new(),
            }],
            resources: vec![SharedResource {
                name: "press".into(),
                regular_hours: vec![50.0],
                max_overtime_hours: vec![10.0],
                overtime_cost_per_hour: 5.0,
            }],
        };
        let plan = plan_families(&problem, SolverChoice::MicroLp).expect("solvable");
        assert!((plan.families[0].lost_sales[0] - 20.0).abs() < 1e-6);
        assert_eq!(
            plan.families[0].explanations,
            vec!["a bucket 1: 20.00 units lost; full: press in bucket 1.".to_string()]
        );
        assert!((plan.total_cost - (60.0 + 50.0 + 2_000.0)).abs() < 1e-6);
    }

    /// In `prebuilds_before_overtime`, bucket 2 uses 10 overtime hours at $30: one more
    /// regular hour there replaces one of them and saves $30. Bucket 1 is full too
    /// (pre-building 40 units held one bucket at $1 each): one more hour there lets one
    /// more unit be pre-built, saving $30 of overtime less $1 of holding = $29.
    #[test]
    fn shadow_prices_of_full_resources() {
        let problem = two_families_one_press("Press-2");
        let prices = resource_shadow_prices(&problem, SolverChoice::MicroLp).expect("solvable");
        assert_eq!(prices.len(), 2);
        assert!((prices[0].saving_per_hour - 29.0).abs() < 1e-6);
        assert!((prices[1].saving_per_hour - 30.0).abs() < 1e-6);
        assert_eq!(
            prices[1].explanation,
            "One more hour on Press-2 in bucket 2 saves $30.00."
        );
    }

    #[test]
    fn synthetic_instance_is_deterministic_and_solvable() {
        let a = synthetic_problem(6, 3, 8, 7);
        assert_eq!(a, synthetic_problem(6, 3, 8, 7));
        let plan = plan_families(&a, SolverChoice::MicroLp).expect("solvable");
        assert!(plan.total_cost > 0.0);
    }

    #[test]
    fn bad_input_is_named() {
        let mut p = synthetic_problem(2, 2, 3, 1);
        p.families[1].demand[2] = f64::NAN;
        let err = build_family_model(&p);
        assert!(
            matches!(err, Err(SupplyError::InvalidInput { ref field, .. }) if field == "families[1].demand[2]")
        );
    }
}
