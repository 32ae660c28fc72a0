//! Shadow prices of the family plan's binding capacities and materials.
//!
//! microlp gives no duals, so each binding row is re-solved with one more unit on its
//! right-hand side and the fall in total cost is reported (as in [`crate::aggregate`]).
//! One re-solve per binding row, so meant for small and medium models.

use super::{FamilyPlanProblem, FamilyStrategy, build_family_model_for, material_rows};
use crate::aggregate::format_money;
use crate::error::SupplyError;
use crate::lp::{LinearModel, LpSolution, SolverChoice, solve};

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

/// The value of one more unit of a material available by a bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct MaterialShadowPrice {
    /// Material index.
    pub material: usize,
    /// Bucket index (0-based): the unit arrives by the start of this bucket.
    pub bucket: usize,
    /// Fall in total cost with one more unit (positive = saves money).
    pub saving_per_unit: f64,
    /// The same in plain words.
    pub explanation: String,
}

/// Shadow prices of the resource-bucket hour rows that bind at the optimum.
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
            let Some(saving) =
                saving_of_one_more(&model, &base, first_hours_row + r * n + t, solver)?
            else {
                continue;
            };
            let explanation = if saving > 0.0 {
                format!(
                    "One more hour on {} in bucket {} saves {}.",
                    resource.name,
                    t + 1,
                    format_money(saving)
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

/// Shadow prices of the material rows that bind at the optimum of a strategy's plan:
/// what one more unit of the material, arriving by the start of the bucket, saves.
pub fn material_shadow_prices_for(
    problem: &FamilyPlanProblem,
    solver: SolverChoice,
    strategy: FamilyStrategy,
) -> Result<Vec<MaterialShadowPrice>, SupplyError> {
    let model = build_family_model_for(problem, strategy)?;
    let base = solve(&model, solver)?;
    let first_material_row = (problem.families.len() + problem.resources.len()) * problem.n_buckets;
    let mut prices = Vec::new();
    for (offset, (m, t)) in material_rows(problem).into_iter().enumerate() {
        let Some(saving) = saving_of_one_more(&model, &base, first_material_row + offset, solver)?
        else {
            continue;
        };
        let name = &problem.materials[m].name;
        let explanation = if saving > 0.0 {
            format!(
                "One more unit of {name} by bucket {} saves {}.",
                t + 1,
                format_money(saving)
            )
        } else {
            format!(
                "{name} is all used by bucket {}, but one more unit saves nothing.",
                t + 1
            )
        };
        prices.push(MaterialShadowPrice {
            material: m,
            bucket: t,
            saving_per_unit: saving,
            explanation,
        });
    }
    Ok(prices)
}

/// `None` when `row` has slack at the optimum; otherwise the fall in cost when its
/// right-hand side grows by one (noise below 1e-7 reads as 0).
fn saving_of_one_more(
    model: &LinearModel,
    base: &LpSolution,
    row: usize,
    solver: SolverChoice,
) -> Result<Option<f64>, SupplyError> {
    let slack = model.rows[row].rhs - model.row_activity(row, &base.values);
    if slack > 1e-7 * model.rows[row].rhs.abs().max(1.0) {
        return Ok(None);
    }
    let mut relaxed = model.clone();
    relaxed.rows[row].rhs += 1.0;
    let saving = base.objective - solve(&relaxed, solver)?.objective;
    Ok(Some(if saving.abs() < 1e-7 { 0.0 } else { saving }))
}
