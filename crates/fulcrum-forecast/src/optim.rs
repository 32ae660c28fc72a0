//! A bounded Nelder–Mead simplex minimiser (Nelder and Mead, 1965).
//!
//! Written for the small, smooth-ish objectives of exponential smoothing and
//! Theta: a handful of smoothing parameters plus initial states. Vertices are
//! clamped into the box `[lower, upper]` (as in Nixtla's statsforecast), so the
//! objective is only ever evaluated inside the bounds.

/// Settings of [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct NelderMeadConfig {
    /// Maximum number of objective evaluations.
    pub max_evals: usize,
    /// Stop when `f(worst) - f(best) <= rel_tol * (|f(best)| + rel_tol)`.
    pub rel_tol: f64,
}

impl Default for NelderMeadConfig {
    fn default() -> Self {
        Self {
            max_evals: 2000,
            rel_tol: 1e-8,
        }
    }
}

/// Result of [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// Best point found.
    pub x: Vec<f64>,
    /// Objective value at `x`.
    pub value: f64,
    /// Number of objective evaluations used.
    pub evals: usize,
}

fn clamp_into(x: &mut [f64], lower: &[f64], upper: &[f64]) {
    for ((xi, lo), hi) in x.iter_mut().zip(lower).zip(upper) {
        *xi = xi.clamp(*lo, *hi);
    }
}

fn sanitize(v: f64) -> f64 {
    if v.is_nan() { f64::INFINITY } else { v }
}

/// Minimises `objective` from `x0` with initial simplex steps `steps`, keeping
/// every vertex inside `[lower, upper]`.
///
/// Reflection 1, expansion 2, contraction ½, shrink ½. NaN objective values are
/// treated as +∞. Deterministic: no randomness.
pub fn nelder_mead<F>(
    mut objective: F,
    x0: &[f64],
    steps: &[f64],
    lower: &[f64],
    upper: &[f64],
    config: &NelderMeadConfig,
) -> Minimum
where
    F: FnMut(&[f64]) -> f64,
{
    let dim = x0.len();
    let mut evals = 0usize;
    let mut eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        sanitize(objective(x))
    };
    let mut start = x0.to_vec();
    clamp_into(&mut start, lower, upper);
    if dim == 0 {
        let value = eval(&start, &mut evals);
        return Minimum {
            x: start,
            value,
            evals,
        };
    }
    // Simplex of dim + 1 vertices.
    let mut simplex: Vec<Vec<f64>> = Vec::with_capacity(dim + 1);
    let mut values: Vec<f64> = Vec::with_capacity(dim + 1);
    values.push(eval(&start, &mut evals));
    simplex.push(start.clone());
    for i in 0..dim {
        let mut vertex = start.clone();
        let mut step = steps[i];
        // Step away from a bound we sit on.
        if vertex[i] + step > upper[i] {
            step = -step;
        }
        vertex[i] += step;
        clamp_into(&mut vertex, lower, upper);
        values.push(eval(&vertex, &mut evals));
        simplex.push(vertex);
    }
    let mut order: Vec<usize> = (0..=dim).collect();
    let mut centroid = vec![0.0; dim];
    let mut trial = vec![0.0; dim];
    let mut trial2 = vec![0.0; dim];
    while evals < config.max_evals {
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
        let best = order[0];
        let worst = order[dim];
        let second_worst = order[dim - 1];
        let f_best = values[best];
        let f_worst = values[worst];
        if f_best.is_finite()
            && f_worst - f_best <= config.rel_tol * (f_best.abs() + config.rel_tol)
        {
            break;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for &idx in &order[..dim] {
            for (c, v) in centroid.iter_mut().zip(&simplex[idx]) {
                *c += v;
            }
        }
        centroid.iter_mut().for_each(|c| *c /= dim as f64);
        // Reflection.
        for j in 0..dim {
            trial[j] = centroid[j] + (centroid[j] - simplex[worst][j]);
        }
        clamp_into(&mut trial, lower, upper);
        let f_reflect = eval(&trial, &mut evals);
        if f_reflect < f_best {
            // Expansion.
            for j in 0..dim {
                trial2[j] = centroid[j] + 2.0 * (centroid[j] - simplex[worst][j]);
            }
            clamp_into(&mut trial2, lower, upper);
            let f_expand = eval(&trial2, &mut evals);
            if f_expand < f_reflect {
                simplex[worst].copy_from_slice(&trial2);
                values[worst] = f_expand;
            } else {
                simplex[worst].copy_from_slice(&trial);
                values[worst] = f_reflect;
            }
            continue;
        }
        if f_reflect < values[second_worst] {
            simplex[worst].copy_from_slice(&trial);
            values[worst] = f_reflect;
            continue;
        }
        // Contraction (outside if the reflection helped a little, else inside).
        let outside = f_reflect < f_worst;
        for j in 0..dim {
            trial2[j] = if outside {
                centroid[j] + 0.5 * (trial[j] - centroid[j])
            } else {
                centroid[j] + 0.5 * (simplex[worst][j] - centroid[j])
            };
        }
        clamp_into(&mut trial2, lower, upper);
        let f_contract = eval(&trial2, &mut evals);
        let threshold = if outside { f_reflect } else { f_worst };
        if f_contract < threshold {
            simplex[worst].copy_from_slice(&trial2);
            values[worst] = f_contract;
            continue;
        }
        // Shrink towards the best vertex.
        let best_vertex = simplex[best].clone();
        for &idx in &order[1..] {
            for j in 0..dim {
                simplex[idx][j] = best_vertex[j] + 0.5 * (simplex[idx][j] - best_vertex[j]);
            }
            let vertex = simplex[idx].clone();
            values[idx] = eval(&vertex, &mut evals);
        }
    }
    let mut best = 0;
    for i in 1..=dim {
        if values[i] < values[best] {
            best = i;
        }
    }
    Minimum {
        x: simplex[best].clone(),
        value: values[best],
        evals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rosenbrock_minimum() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let config = NelderMeadConfig {
            max_evals: 5000,
            rel_tol: 1e-14,
        };
        let min = nelder_mead(
            rosen,
            &[-1.2, 1.0],
            &[0.1, 0.1],
            &[-5.0, -5.0],
            &[5.0, 5.0],
            &config,
        );
        assert!((min.x[0] - 1.0).abs() < 1e-3, "{:?}", min);
        assert!((min.x[1] - 1.0).abs() < 1e-3, "{:?}", min);
    }

    #[test]
    fn respects_bounds() {
        let f = |x: &[f64]| (x[0] - 3.0).powi(2);
        let min = nelder_mead(
            f,
            &[0.5],
            &[0.1],
            &[0.0],
            &[1.0],
            &NelderMeadConfig::default(),
        );
        assert!((min.x[0] - 1.0).abs() < 1e-6, "{:?}", min);
    }
}
