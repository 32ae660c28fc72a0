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
//!   Σ_f Σ_k q_fmk·Σ_{s ≤ t+k} P_fs ≤ A_mt    where A_mt is finite   (material_m_t)
//!   0 ≤ O_rt ≤ Omax_rt,  I_f,T ≥ Iend_f,  B_f,T = 0
//! ```
//!
//! `a_frk` is the hours per unit of family `f` on resource `r` that fall `k` buckets
//! before its production bucket (`k = 0` for [`Family::loads`], `k > 0` for
//! [`Family::offset_loads`]), as in a rough-cut bill of resources with lead-time offsets.
//! `q_fmk` is the units of material `m` one unit of `f` consumes `k` buckets before its
//! production bucket ([`Family::materials`]; consumption that would fall before the
//! first bucket is needed in the first), and `A_mt` the most of it that can be consumed
//! from the first bucket through bucket `t` ([`Material::cumulative_available`]): a
//! rough-cut material check, typically on hand plus open receipts within a purchase
//! lead time, when no new order can arrive in time.
//!
//! A [`FamilyStrategy`] restricts the plan: **chase** builds no inventory ahead
//! (`I_ft ≤ max(I0_f − Σ_{s≤t} D_fs, 0)` before the last bucket), **level** makes one
//! rate per family (`P_ft = R_f`, rows `level_f_t` after the material rows, and
//! `P_ft ≤ R_f` in buckets where a material the family uses is still limited),
//! **mixed** fixes the planner's [`FixedDecision`]s (as variable bounds) and optimises
//! the rest, and **optimal** (the default) leaves every choice to cost.

mod shadow_prices;
mod synthetic;

pub use shadow_prices::{
    MaterialShadowPrice, ResourceShadowPrice, material_shadow_prices_for, resource_shadow_prices,
    resource_shadow_prices_for,
};
pub use synthetic::synthetic_problem;

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
    /// Mixed: the planner fixes some decisions ([`FamilyPlanProblem::fixed`]) and the
    /// optimiser chooses the rest at least cost.
    Mixed,
}

impl FamilyStrategy {
    /// The name used by the CLI and in files (`optimal`, `level`, `chase`).
    pub fn as_str(self) -> &'static str {
        match self {
            FamilyStrategy::Optimal => "optimal",
            FamilyStrategy::Level => "level",
            FamilyStrategy::Chase => "chase",
            FamilyStrategy::Mixed => "mixed",
        }
    }

    /// Parses the name written by [`FamilyStrategy::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [
            FamilyStrategy::Optimal,
            FamilyStrategy::Level,
            FamilyStrategy::Chase,
            FamilyStrategy::Mixed,
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
    /// Limited materials it consumes: `(material index, units per unit, buckets before
    /// the bucket of production)`.
    pub materials: Vec<(usize, f64, usize)>,
}

/// A material whose supply is limited (in the cycle: a purchased component within its
/// purchase lead time).
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    /// Name (no spaces).
    pub name: String,
    /// Most units that can be consumed from the first bucket through each bucket
    /// (non-decreasing in practice); `f64::INFINITY` where supply is not limited.
    pub cumulative_available: Vec<f64>,
}

/// A decision the planner fixes; [`FamilyStrategy::Mixed`] optimises the rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FixedDecision {
    /// A family makes exactly `quantity` in `bucket`.
    Production {
        /// Family index.
        family: usize,
        /// Bucket index (0-based).
        bucket: usize,
        /// Units.
        quantity: f64,
    },
    /// A resource works exactly `hours` of overtime in `bucket` (0 forbids overtime).
    Overtime {
        /// Resource index.
        resource: usize,
        /// Bucket index (0-based).
        bucket: usize,
        /// Hours.
        hours: f64,
    },
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
    /// Limited materials.
    pub materials: Vec<Material>,
    /// Decisions the planner fixes; applied by [`FamilyStrategy::Mixed`] only.
    pub fixed: Vec<FixedDecision>,
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

/// Use of one material.
#[derive(Debug, Clone, PartialEq)]
pub struct MaterialPlan {
    /// Units consumed from the first bucket through each bucket.
    pub cumulative_use: Vec<f64>,
}

impl MaterialPlan {
    /// Whether the plan uses all of `material` that is available through bucket `t`.
    pub fn exhausted(&self, material: &Material, t: usize) -> bool {
        let available = material.cumulative_available[t];
        available.is_finite() && self.cumulative_use[t] >= available - 1e-7 * available.max(1.0)
    }
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
    /// Per material, in input order.
    pub materials: Vec<MaterialPlan>,
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
        for (k, &(m, units, _)) in family.materials.iter().enumerate() {
            if m >= problem.materials.len() {
                return Err(SupplyError::invalid(
                    format!("families[{f}].materials[{k}]"),
                    format!("no material #{m}"),
                ));
            }
            check_non_negative(
                &format!("families[{f}].materials[{k}].units_per_unit"),
                units,
            )?;
        }
    }
    for (m, material) in problem.materials.iter().enumerate() {
        let available = &material.cumulative_available;
        if available.len() != n {
            return Err(SupplyError::invalid(
                format!("materials[{m}].cumulative_available"),
                format!("has {} buckets, expected {n}", available.len()),
            ));
        }
        for (t, &a) in available.iter().enumerate() {
            if a.is_nan() || a < 0.0 {
                return Err(SupplyError::invalid(
                    format!("materials[{m}].cumulative_available[{t}]"),
                    format!("must be >= 0 or infinite, got {a}"),
                ));
            }
        }
    }
    for (k, fixed) in problem.fixed.iter().enumerate() {
        let field = format!("fixed[{k}]");
        let (index, count, what, bucket, value) = match *fixed {
            FixedDecision::Production {
                family,
                bucket,
                quantity,
            } => (family, problem.families.len(), "family", bucket, quantity),
            FixedDecision::Overtime {
                resource,
                bucket,
                hours,
            } => (resource, problem.resources.len(), "resource", bucket, hours),
        };
        if index >= count {
            return Err(SupplyError::invalid(field, format!("no {what} #{index}")));
        }
        if bucket >= n {
            return Err(SupplyError::invalid(
                field,
                format!("bucket {bucket} is past the horizon of {n} buckets"),
            ));
        }
        check_non_negative(&format!("{field}.value"), value)?;
        if let FixedDecision::Overtime { resource, .. } = *fixed {
            let most = problem.resources[resource].max_overtime_hours[bucket];
            if value > most {
                return Err(SupplyError::invalid(
                    field,
                    format!("{value} overtime hours exceed the most allowed, {most}"),
                ));
            }
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
/// (chase, mixed) or rows (level, after every hours and material row).
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
    let material_users = material_users(problem);
    for (m, t) in material_rows(problem) {
        let mut terms: Vec<(usize, f64)> = Vec::new();
        for &(f, units, before) in &material_users[m] {
            for s in 0..=(t + before).min(n - 1) {
                let var = family_var(f, s, 0);
                match terms.iter_mut().find(|(v, _)| *v == var) {
                    Some(term) => term.1 += units,
                    None => terms.push((var, units)),
                }
            }
        }
        model.add_row(
            format!("material_m{m}_t{}", t + 1),
            terms,
            Sense::LessEqual,
            problem.materials[m].cumulative_available[t],
        );
    }
    if strategy == FamilyStrategy::Mixed {
        for fixed in &problem.fixed {
            let (var, value) = match *fixed {
                FixedDecision::Production {
                    family,
                    bucket,
                    quantity,
                } => (family_var(family, bucket, 0), quantity),
                FixedDecision::Overtime {
                    resource,
                    bucket,
                    hours,
                } => (overtime_base + resource * n + bucket, hours),
            };
            model.variables[var].lower = value;
            model.variables[var].upper = value;
        }
    }
    if strategy == FamilyStrategy::Level {
        for (f, family) in problem.families.iter().enumerate() {
            let rate = model.add_variable(format!("rate_f{f}"), 0.0, f64::INFINITY, 0.0);
            for t in 0..n {
                // Where a material the family uses is still limited, production may
                // fall short of the rate; elsewhere it is the rate.
                let limited = family.materials.iter().any(|&(m, _, before)| {
                    problem.materials[m].cumulative_available[t.saturating_sub(before)].is_finite()
                });
                model.add_row(
                    format!("level_f{f}_t{}", t + 1),
                    vec![(family_var(f, t, 0), 1.0), (rate, -1.0)],
                    if limited {
                        Sense::LessEqual
                    } else {
                        Sense::Equal
                    },
                    0.0,
                );
            }
        }
    }
    Ok(model)
}

/// The `(material, bucket)` of every material row, in row order: each bucket where the
/// material's cumulative availability is finite and some family uses it.
pub(crate) fn material_rows(problem: &FamilyPlanProblem) -> Vec<(usize, usize)> {
    let users = material_users(problem);
    let mut rows = Vec::new();
    for (m, (material, users)) in problem.materials.iter().zip(&users).enumerate() {
        if users.is_empty() {
            continue;
        }
        for (t, available) in material.cumulative_available.iter().enumerate() {
            if available.is_finite() {
                rows.push((m, t));
            }
        }
    }
    rows
}

/// Per material, the `(family, units per unit, buckets before production)` of every
/// use of it, by family and then in each family's order: one pass over the families,
/// where a scan of every family per material is quadratic in materials at scale.
fn material_users(problem: &FamilyPlanProblem) -> Vec<Vec<(usize, f64, usize)>> {
    let mut users = vec![Vec::new(); problem.materials.len()];
    for (f, family) in problem.families.iter().enumerate() {
        for &(m, units, before) in &family.materials {
            if let Some(uses) = users.get_mut(m) {
                uses.push((f, units, before));
            }
        }
    }
    users
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
    let materials: Vec<MaterialPlan> = material_users(problem)
        .iter()
        .map(|users| {
            let mut use_by_bucket = vec![0.0; n];
            for &(f, units, before) in users {
                for (s, &made) in families[f].production.iter().enumerate() {
                    use_by_bucket[s.saturating_sub(before)] += units * made;
                }
            }
            let cumulative_use = use_by_bucket
                .iter()
                .scan(0.0, |total, &u| {
                    *total += u;
                    Some(*total)
                })
                .collect();
            MaterialPlan { cumulative_use }
        })
        .collect();
    let mut families = families;
    explain_shortages(problem, &mut families, &resources, &materials);
    Ok(FamilyPlanSolution {
        total_cost: solution.objective,
        families,
        resources,
        materials,
    })
}

/// Names, for every bucket where a family is late or loses sales, the resources it loads
/// that were full in that bucket or before, and the materials it uses that were all used
/// by then.
fn explain_shortages(
    problem: &FamilyPlanProblem,
    families: &mut [FamilyPlan],
    resources: &[ResourcePlan],
    materials: &[MaterialPlan],
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
            let mut limited: Vec<usize> = family.materials.iter().map(|&(m, ..)| m).collect();
            limited.sort_unstable();
            limited.dedup();
            for m in limited {
                let material = &problem.materials[m];
                if let Some(bucket) = (0..=t).find(|&b| materials[m].exhausted(material, b)) {
                    binding.push(format!(
                        "material {} by bucket {}",
                        material.name,
                        bucket + 1
                    ));
                }
            }
            let what = match (late > 1e-9, lost > 1e-9) {
                (true, true) => format!("{late:.2} units late and {lost:.2} lost"),
                (true, false) => format!("{late:.2} units late"),
                _ => format!("{lost:.2} units lost"),
            };
            let why = if binding.is_empty() {
                "no resource or material it uses is exhausted: the cost trade-off (backlog or lost-sale penalty against overtime and holding) decides".to_string()
            } else {
                format!("full: {}", binding.join(", "))
            };
            plan.explanations
                .push(format!("{} bucket {}: {what}; {why}.", family.name, t + 1));
        }
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
            materials: Vec::new(),
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
            materials: Vec::new(),
            fixed: Vec::new(),
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
                materials: Vec::new(),
            }],
            resources: vec![SharedResource {
                name: "line".into(),
                regular_hours: vec![5.0, 100.0],
                max_overtime_hours: vec![0.0, 0.0],
                overtime_cost_per_hour: 0.0,
            }],
            materials: Vec::new(),
            fixed: Vec::new(),
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
                materials: Vec::new(),
            }],
            resources: vec![SharedResource {
                name: "press".into(),
                regular_hours: vec![50.0],
                max_overtime_hours: vec![10.0],
                overtime_cost_per_hour: 5.0,
            }],
            materials: Vec::new(),
            fixed: Vec::new(),
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
