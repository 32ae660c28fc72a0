//! A small linear/mixed-integer model representation, its MPS export and its solution
//! through `good_lp`.
//!
//! Planning engines build a [`LinearModel`] (named variables with bounds, costs and
//! integrality; named rows with a sense and a right-hand side). The same model is
//! solved by the pure-Rust `microlp` solver (always available), by HiGHS (cargo
//! feature `highs`), or written as free-format MPS with [`to_mps`] so that any other
//! solver can check it.

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, Variable, variable,
};

use crate::error::SupplyError;

/// The sense of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// `Σ a·x ≤ rhs`
    LessEqual,
    /// `Σ a·x ≥ rhs`
    GreaterEqual,
    /// `Σ a·x = rhs`
    Equal,
}

/// A decision variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelVariable {
    /// Unique name without spaces (used in MPS and in messages).
    pub name: String,
    /// Lower bound (may be `f64::NEG_INFINITY`).
    pub lower: f64,
    /// Upper bound (may be `f64::INFINITY`).
    pub upper: f64,
    /// Objective coefficient (the model is minimised).
    pub cost: f64,
    /// Whether the variable must take an integer value.
    pub integer: bool,
}

/// A linear row.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRow {
    /// Unique name without spaces.
    pub name: String,
    /// `(variable index, coefficient)` pairs.
    pub terms: Vec<(usize, f64)>,
    /// Row sense.
    pub sense: Sense,
    /// Right-hand side.
    pub rhs: f64,
}

/// A minimisation model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinearModel {
    /// Model name (the MPS `NAME`).
    pub name: String,
    /// Variables, indexed by position.
    pub variables: Vec<ModelVariable>,
    /// Rows.
    pub rows: Vec<ModelRow>,
}

impl LinearModel {
    /// An empty model.
    pub fn new(name: impl Into<String>) -> Self {
        LinearModel {
            name: name.into(),
            variables: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a continuous variable `lower ≤ x ≤ upper` with objective `cost`; returns its index.
    pub fn add_variable(
        &mut self,
        name: impl Into<String>,
        lower: f64,
        upper: f64,
        cost: f64,
    ) -> usize {
        self.variables.push(ModelVariable {
            name: name.into(),
            lower,
            upper,
            cost,
            integer: false,
        });
        self.variables.len() - 1
    }

    /// Adds a row; returns its index.
    pub fn add_row(
        &mut self,
        name: impl Into<String>,
        terms: Vec<(usize, f64)>,
        sense: Sense,
        rhs: f64,
    ) -> usize {
        self.rows.push(ModelRow {
            name: name.into(),
            terms,
            sense,
            rhs,
        });
        self.rows.len() - 1
    }

    /// Objective value of a point.
    pub fn objective_at(&self, values: &[f64]) -> f64 {
        self.variables
            .iter()
            .zip(values)
            .map(|(v, x)| v.cost * x)
            .sum()
    }

    /// Left-hand side of row `row` at a point.
    pub fn row_activity(&self, row: usize, values: &[f64]) -> f64 {
        self.rows[row]
            .terms
            .iter()
            .map(|&(j, a)| a * values[j])
            .sum()
    }

    /// Checks that every index, bound and coefficient is sound.
    pub fn validate(&self) -> Result<(), SupplyError> {
        for (j, v) in self.variables.iter().enumerate() {
            if v.lower.is_nan() || v.upper.is_nan() || v.lower > v.upper {
                return Err(SupplyError::invalid(
                    format!("variable {}", v.name),
                    format!(
                        "bounds [{}, {}] are empty (variable #{j})",
                        v.lower, v.upper
                    ),
                ));
            }
            if !v.cost.is_finite() {
                return Err(SupplyError::invalid(
                    format!("variable {}", v.name),
                    "cost must be finite",
                ));
            }
        }
        for row in &self.rows {
            if !row.rhs.is_finite() {
                return Err(SupplyError::invalid(
                    format!("row {}", row.name),
                    "right-hand side must be finite",
                ));
            }
            for &(j, a) in &row.terms {
                if j >= self.variables.len() || !a.is_finite() {
                    return Err(SupplyError::invalid(
                        format!("row {}", row.name),
                        format!("bad term (variable #{j}, coefficient {a})"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Which solver to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SolverChoice {
    /// microlp: pure Rust, always built.
    #[default]
    MicroLp,
    /// HiGHS through good_lp (cargo feature `highs`, needs cmake and a C++ compiler).
    #[cfg(feature = "highs")]
    Highs,
}

impl SolverChoice {
    /// HiGHS when this build has the `highs` feature, otherwise `None`.
    pub fn highs() -> Option<SolverChoice> {
        #[cfg(feature = "highs")]
        {
            Some(SolverChoice::Highs)
        }
        #[cfg(not(feature = "highs"))]
        {
            None
        }
    }
}

/// An optimal point.
#[derive(Debug, Clone, PartialEq)]
pub struct LpSolution {
    /// Objective value.
    pub objective: f64,
    /// Value of each variable, in model order.
    pub values: Vec<f64>,
}

/// Solves `model` to optimality with `solver`.
pub fn solve(model: &LinearModel, solver: SolverChoice) -> Result<LpSolution, SupplyError> {
    model.validate()?;
    let mut problem_variables = ProblemVariables::new();
    let vars: Vec<Variable> = model
        .variables
        .iter()
        .map(|v| {
            let mut def = variable().name(v.name.clone());
            if v.lower.is_finite() {
                def = def.min(v.lower);
            }
            if v.upper.is_finite() {
                def = def.max(v.upper);
            }
            if v.integer {
                def = def.integer();
            }
            problem_variables.add(def)
        })
        .collect();
    let mut objective = Expression::with_capacity(vars.len());
    for (v, var) in model.variables.iter().zip(&vars) {
        if v.cost != 0.0 {
            objective.add_mul(v.cost, *var);
        }
    }
    let constraints = model.rows.iter().map(|row| {
        let mut lhs = Expression::with_capacity(row.terms.len());
        for &(j, a) in &row.terms {
            lhs.add_mul(a, vars[j]);
        }
        match row.sense {
            Sense::LessEqual => lhs.leq(row.rhs),
            Sense::GreaterEqual => lhs.geq(row.rhs),
            Sense::Equal => lhs.eq(row.rhs),
        }
    });
    let unsolved = problem_variables.minimise(objective);
    let values: Vec<f64> = match solver {
        SolverChoice::MicroLp => {
            let solution = unsolved
                .using(good_lp::microlp)
                .with_all(constraints)
                .solve()
                .map_err(|e| resolution_error(model, e))?;
            vars.iter().map(|&v| solution.value(v)).collect()
        }
        #[cfg(feature = "highs")]
        SolverChoice::Highs => {
            let solution = unsolved
                .using(good_lp::highs)
                .with_all(constraints)
                .solve()
                .map_err(|e| resolution_error(model, e))?;
            vars.iter().map(|&v| solution.value(v)).collect()
        }
    };
    Ok(LpSolution {
        objective: model.objective_at(&values),
        values,
    })
}

fn resolution_error(model: &LinearModel, error: ResolutionError) -> SupplyError {
    match error {
        ResolutionError::Infeasible => SupplyError::Infeasible(format!(
            "model {} has no plan that meets every constraint",
            model.name
        )),
        ResolutionError::Unbounded => SupplyError::Unbounded(format!(
            "model {} lets the cost fall without limit",
            model.name
        )),
        other => SupplyError::Solver(other.to_string()),
    }
}

fn mps_number(x: f64) -> String {
    // `{:?}` of an f64 round-trips exactly and never uses a locale.
    let text = format!("{x:?}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// Writes the model as free-format MPS (objective row `COST`, minimised; integer
/// columns between `MARKER` lines; every integer column gets explicit bounds so
/// readers do not assume it binary).
pub fn to_mps(model: &LinearModel) -> Result<String, SupplyError> {
    model.validate()?;
    for v in &model.variables {
        if v.name.is_empty() || v.name.contains(char::is_whitespace) {
            return Err(SupplyError::invalid(
                format!("variable {:?}", v.name),
                "MPS names must be non-empty and have no spaces",
            ));
        }
    }
    for r in &model.rows {
        if r.name.is_empty() || r.name.contains(char::is_whitespace) || r.name == "COST" {
            return Err(SupplyError::invalid(
                format!("row {:?}", r.name),
                "MPS names must be non-empty, have no spaces and not be COST",
            ));
        }
    }
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); model.variables.len()];
    for (i, row) in model.rows.iter().enumerate() {
        for &(j, a) in &row.terms {
            columns[j].push((i, a));
        }
    }
    let mut out = String::new();
    out.push_str(&format!(
        "NAME {}\n",
        if model.name.is_empty() {
            "MODEL"
        } else {
            &model.name
        }
    ));
    out.push_str("OBJSENSE\n    MIN\nROWS\n N COST\n");
    for row in &model.rows {
        let code = match row.sense {
            Sense::LessEqual => "L",
            Sense::GreaterEqual => "G",
            Sense::Equal => "E",
        };
        out.push_str(&format!(" {code} {}\n", row.name));
    }
    out.push_str("COLUMNS\n");
    let mut in_integer_block = false;
    for (j, v) in model.variables.iter().enumerate() {
        if v.integer != in_integer_block {
            let marker = if v.integer { "INTORG" } else { "INTEND" };
            out.push_str(&format!("    MARKER 'MARKER' '{marker}'\n"));
            in_integer_block = v.integer;
        }
        // Merge duplicate entries of one row in one column.
        let mut entries = columns[j].clone();
        entries.sort_by_key(|&(i, _)| i);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(entries.len());
        for (i, a) in entries {
            match merged.last_mut() {
                Some((last, total)) if *last == i => *total += a,
                _ => merged.push((i, a)),
            }
        }
        out.push_str(&format!("    {} COST {}\n", v.name, mps_number(v.cost)));
        for (i, a) in merged {
            if a != 0.0 {
                out.push_str(&format!(
                    "    {} {} {}\n",
                    v.name,
                    model.rows[i].name,
                    mps_number(a)
                ));
            }
        }
    }
    if in_integer_block {
        out.push_str("    MARKER 'MARKER' 'INTEND'\n");
    }
    out.push_str("RHS\n");
    for row in &model.rows {
        if row.rhs != 0.0 {
            out.push_str(&format!("    RHS {} {}\n", row.name, mps_number(row.rhs)));
        }
    }
    out.push_str("BOUNDS\n");
    for v in &model.variables {
        let name = &v.name;
        if v.lower == v.upper {
            out.push_str(&format!(" FX BND {name} {}\n", mps_number(v.lower)));
            continue;
        }
        if v.lower == f64::NEG_INFINITY && v.upper == f64::INFINITY {
            out.push_str(&format!(" FR BND {name}\n"));
            continue;
        }
        if v.lower == f64::NEG_INFINITY {
            out.push_str(&format!(" MI BND {name}\n"));
        } else if v.lower != 0.0 || v.integer {
            out.push_str(&format!(" LO BND {name} {}\n", mps_number(v.lower)));
        }
        if v.upper.is_finite() {
            out.push_str(&format!(" UP BND {name} {}\n", mps_number(v.upper)));
        } else if v.integer {
            out.push_str(&format!(" PL BND {name}\n"));
        }
    }
    out.push_str("ENDATA\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, x ≤ 3 → x = 3, y = 1, objective 11.
    fn small_model() -> LinearModel {
        let mut m = LinearModel::new("small");
        let x = m.add_variable("x", 0.0, 3.0, -3.0);
        let y = m.add_variable("y", 0.0, f64::INFINITY, -2.0);
        m.add_row("c1", vec![(x, 1.0), (y, 1.0)], Sense::LessEqual, 4.0);
        m.add_row("c2", vec![(x, 1.0), (y, 3.0)], Sense::LessEqual, 6.0);
        m
    }

    #[test]
    fn solves_a_small_lp() {
        let s = solve(&small_model(), SolverChoice::MicroLp).expect("solvable");
        assert!((s.objective + 11.0).abs() < 1e-9);
        assert!((s.values[0] - 3.0).abs() < 1e-9 && (s.values[1] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn reports_infeasible() {
        let mut m = small_model();
        m.add_row("c3", vec![(0, 1.0)], Sense::GreaterEqual, 5.0);
        assert!(matches!(
            solve(&m, SolverChoice::MicroLp),
            Err(SupplyError::Infeasible(_))
        ));
    }

    #[test]
    fn writes_mps() {
        let mut m = small_model();
        m.variables[1].integer = true;
        let text = to_mps(&m).expect("valid names");
        let expected = "NAME small\nOBJSENSE\n    MIN\nROWS\n N COST\n L c1\n L c2\nCOLUMNS\n    x COST -3\n    x c1 1\n    x c2 1\n    MARKER 'MARKER' 'INTORG'\n    y COST -2\n    y c1 1\n    y c2 3\n    MARKER 'MARKER' 'INTEND'\nRHS\n    RHS c1 4\n    RHS c2 6\nBOUNDS\n UP BND x 3\n LO BND y 0\n PL BND y\nENDATA\n";
        assert_eq!(text, expected);
        let free = m.add_variable("free", f64::NEG_INFINITY, f64::INFINITY, 0.0);
        let below = m.add_variable("below", f64::NEG_INFINITY, 2.5, 0.0);
        let fixed = m.add_variable("fixed", 7.0, 7.0, 1.0);
        m.add_row(
            "c3",
            vec![(free, 1.0), (below, 1.0), (fixed, 1.0)],
            Sense::Equal,
            0.0,
        );
        let text = to_mps(&m).expect("valid names");
        for line in [
            " E c3\n",
            " FR BND free\n",
            " MI BND below\n UP BND below 2.5\n",
            " FX BND fixed 7\n",
        ] {
            assert!(text.contains(line), "{line:?} missing from\n{text}");
        }
        m.variables[0].name = "has space".into();
        assert!(to_mps(&m).is_err());
    }
}
