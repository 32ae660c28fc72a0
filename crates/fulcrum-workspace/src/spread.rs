//! Spreading a total typed at any node and period down to its cells.
//!
//! [`spread`] takes the typed total, the cells under the node and period (each
//! with its current value, whether it is locked and whether its item is counted
//! in whole units) and candidate bases in order of preference. It returns the new
//! value of every cell:
//!
//! 1. Locked cells keep their current value; the free cells share
//!    `remaining = target − Σ locked`. Every cell locked, or locked cells already
//!    above the target, is an error.
//! 2. The free cells' weights are the first basis whose sum over the free cells is
//!    positive (negative basis values count as 0); when every basis sums to zero,
//!    the cells share equally.
//! 3. Each free cell's exact share is `remaining × weight / Σ weights`.
//! 4. Cells of discrete items are whole: when every free cell is discrete,
//!    `remaining` must be whole and the shares are rounded by
//!    [`fulcrum_core::rounding::largest_remainder`] (exact). When some free cells
//!    are continuous, the discrete cells take the largest-remainder rounding of
//!    their own share total rounded down, and the continuous cells absorb the rest
//!    in proportion to their weights.
//! 5. The floating-point residual of the continuous cells is put on the largest
//!    continuous cell, so the cells sum to the target to the last bits the sum
//!    allows (well within 1e-9 relative).

use fulcrum_core::rounding::{largest_remainder, whole_down};

/// How a typed total is shared among the cells.
#[derive(Debug, Clone, PartialEq)]
pub enum Spread {
    /// In proportion to a basis, falling back to the statistical forecast, then
    /// the same months of the last year with history, then equal shares.
    Proportional(Basis),
    /// Equal shares.
    Equal,
    /// By a seasonal profile: the weight of each calendar month (January first),
    /// times each leaf's share of the default basis over the period.
    Seasonal([f64; 12]),
}

impl Default for Spread {
    /// Proportional to the current value of the edited layer's result.
    fn default() -> Self {
        Spread::Proportional(Basis::Current)
    }
}

/// What a proportional spread is proportional to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Basis {
    /// The current result through the edited layer (what the planner sees on
    /// that layer's row; the consensus when no later layer covers the cells).
    #[default]
    Current,
    /// The current consensus.
    Consensus,
    /// The statistical forecast.
    Statistical,
    /// Sales history of the same calendar months in the last year with history.
    LastYear,
}

impl Basis {
    /// The label used in messages and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Current => "current",
            Basis::Consensus => "consensus",
            Basis::Statistical => "statistical",
            Basis::LastYear => "last_year",
        }
    }
}

/// One cell of a spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpreadCell {
    /// Its value now (kept when locked).
    pub current: f64,
    /// Whether it is locked.
    pub locked: bool,
    /// Whether its item is counted in whole units.
    pub discrete: bool,
}

/// Why a total cannot be spread.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpreadError {
    /// No cells at all.
    #[error("there are no cells to spread over")]
    NoCells,
    /// Every cell is locked.
    #[error("every cell is locked")]
    AllLocked,
    /// The locked cells already hold more than the target.
    #[error("the locked cells already hold {locked}, more than the target {target}")]
    LockedAboveTarget {
        /// Sum of the locked cells.
        locked: f64,
        /// The typed target.
        target: f64,
    },
    /// Only whole-unit cells are free and what remains for them is not whole.
    #[error("{remaining} remains for items counted in whole units, which is not a whole number")]
    NotWhole {
        /// What remains after the locked cells.
        remaining: f64,
    },
    /// The target is negative or not finite.
    #[error("the target {0} is not a finite number of at least zero")]
    BadTarget(f64),
}

/// The result of a spread.
#[derive(Debug, Clone, PartialEq)]
pub struct Spreaded {
    /// The new value of every cell, in input order.
    pub values: Vec<f64>,
    /// Index of the basis used, or `bases.len()` for equal shares.
    pub basis_used: usize,
}

/// Spreads `target` over `cells`; see the module docs for the method.
/// `bases[k][i]` is the weight of cell `i` under the k-th basis.
pub fn spread(
    target: f64,
    cells: &[SpreadCell],
    bases: &[&[f64]],
) -> Result<Spreaded, SpreadError> {
    if !target.is_finite() || target < 0.0 {
        return Err(SpreadError::BadTarget(target));
    }
    if cells.is_empty() {
        return Err(SpreadError::NoCells);
    }
    let free: Vec<usize> = (0..cells.len()).filter(|&i| !cells[i].locked).collect();
    if free.is_empty() {
        return Err(SpreadError::AllLocked);
    }
    let locked: f64 = cells.iter().filter(|c| c.locked).map(|c| c.current).sum();
    let mut remaining = target - locked;
    if remaining < 0.0 {
        if remaining < -1e-9 * target.abs().max(1.0) {
            return Err(SpreadError::LockedAboveTarget { locked, target });
        }
        remaining = 0.0;
    }
    let (weights, basis_used) = choose_weights(&free, bases);
    let total_weight: f64 = weights.iter().sum();
    let mut values: Vec<f64> = cells.iter().map(|c| c.current).collect();

    let discrete: Vec<usize> = (0..free.len())
        .filter(|&k| cells[free[k]].discrete)
        .collect();
    let continuous: Vec<usize> = (0..free.len())
        .filter(|&k| !cells[free[k]].discrete)
        .collect();
    let share = |k: usize| remaining * weights[k] / total_weight;

    if continuous.is_empty() {
        let whole = remaining.round();
        if (remaining - whole).abs() > 1e-6 {
            return Err(SpreadError::NotWhole { remaining });
        }
        let exact: Vec<f64> = (0..free.len()).map(share).collect();
        let parts = whole_parts(&exact, whole);
        for (k, part) in parts.into_iter().enumerate() {
            values[free[k]] = part;
        }
        return Ok(Spreaded { values, basis_used });
    }

    let mut discrete_total = 0.0;
    if !discrete.is_empty() {
        let exact: Vec<f64> = discrete.iter().map(|&k| share(k)).collect();
        let whole_total = whole_down(exact.iter().sum::<f64>().min(remaining));
        let parts = whole_parts(&exact, whole_total);
        for (&k, part) in discrete.iter().zip(parts) {
            values[free[k]] = part;
            discrete_total += part;
        }
    }
    let rest = (remaining - discrete_total).max(0.0);
    let continuous_weight: f64 = continuous.iter().map(|&k| weights[k]).sum();
    for &k in &continuous {
        values[free[k]] = if continuous_weight > 0.0 {
            rest * weights[k] / continuous_weight
        } else {
            rest / continuous.len() as f64
        };
    }
    // put the floating-point residual on the largest continuous cell
    let largest =
        continuous
            .iter()
            .map(|&k| free[k])
            .fold(None, |best: Option<usize>, i| match best {
                Some(b) if values[b] >= values[i] => Some(b),
                _ => Some(i),
            });
    if let Some(largest) = largest {
        for _ in 0..4 {
            let sum: f64 = values.iter().sum();
            let residual = target - sum;
            if residual == 0.0 {
                break;
            }
            values[largest] = (values[largest] + residual).max(0.0);
        }
    }
    Ok(Spreaded { values, basis_used })
}

/// Whole parts of `total` by largest remainder:
/// [`fulcrum_core::rounding::largest_remainder`] itself for up to 512 parts; for
/// more, the same result computed by one sort instead of one scan per unit handed
/// out (the core's loop is quadratic, too slow for a family of 100,000 cells).
/// With no caps and shares summing to the total, the core gives each part its
/// whole part and one more unit to the parts with the largest remainders, earliest
/// first on ties; a test checks the two agree.
pub fn whole_parts(exact: &[f64], total: f64) -> Vec<f64> {
    if exact.len() <= 512 {
        return largest_remainder(exact, total, None);
    }
    let total = whole_down(total.max(0.0));
    let mut parts: Vec<f64> = exact.iter().map(|&e| whole_down(e.max(0.0))).collect();
    let assigned: f64 = parts.iter().sum();
    let leftover = total - assigned;
    if leftover < 0.0 || leftover > exact.len() as f64 {
        // not the plain case (shares far from the total): the core's general loop
        return largest_remainder(exact, total, None);
    }
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - parts[a], exact[b] - parts[b]);
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &idx in order.iter().take(leftover as usize) {
        parts[idx] += 1.0;
    }
    parts
}

/// The weights of the free cells: the first basis with a positive sum, else equal.
fn choose_weights(free: &[usize], bases: &[&[f64]]) -> (Vec<f64>, usize) {
    for (k, basis) in bases.iter().enumerate() {
        let weights: Vec<f64> = free
            .iter()
            .map(|&i| {
                let w = basis[i];
                if w.is_finite() && w > 0.0 { w } else { 0.0 }
            })
            .collect();
        if weights.iter().sum::<f64>() > 0.0 {
            return (weights, k);
        }
    }
    (vec![1.0; free.len()], bases.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(current: f64, locked: bool, discrete: bool) -> SpreadCell {
        SpreadCell {
            current,
            locked,
            discrete,
        }
    }

    #[test]
    fn proportional_with_a_lock() {
        let cells = [
            cell(10.0, false, false),
            cell(30.0, true, false),
            cell(30.0, false, false),
        ];
        let basis = [10.0, 30.0, 30.0];
        let result = spread(110.0, &cells, &[&basis]).expect("spread");
        assert_eq!(result.values, vec![20.0, 30.0, 60.0]);
        assert_eq!(result.basis_used, 0);
    }

    #[test]
    fn zero_bases_fall_back_in_order_then_equal() {
        let cells = [cell(0.0, false, false); 2];
        let zero = [0.0, 0.0];
        let second = [1.0, 3.0];
        let result = spread(8.0, &cells, &[&zero, &second]).expect("spread");
        assert_eq!((result.values, result.basis_used), (vec![2.0, 6.0], 1));
        let result = spread(8.0, &cells, &[&zero, &zero]).expect("spread");
        assert_eq!((result.values, result.basis_used), (vec![4.0, 4.0], 2));
    }

    #[test]
    fn whole_parts_agree_with_the_core() {
        // deterministic pseudo-random shares, above the fast-path threshold
        let mut state = 12345u64;
        for n in [600usize, 1000, 2048] {
            let weights: Vec<f64> = (0..n)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 33) % 1000) as f64 / 7.0
                })
                .collect();
            let sum: f64 = weights.iter().sum();
            for total in [n as f64 * 3.0, 12345.0, 7.0] {
                let exact: Vec<f64> = weights.iter().map(|w| total * w / sum).collect();
                assert_eq!(
                    whole_parts(&exact, total),
                    largest_remainder(&exact, total, None)
                );
            }
        }
    }

    #[test]
    fn errors() {
        let cells = [cell(5.0, true, false)];
        assert_eq!(spread(5.0, &cells, &[]), Err(SpreadError::AllLocked));
        let cells = [cell(5.0, true, false), cell(1.0, false, false)];
        assert!(matches!(
            spread(4.0, &cells, &[]),
            Err(SpreadError::LockedAboveTarget { .. })
        ));
        let cells = [cell(0.0, false, true)];
        assert!(matches!(
            spread(4.5, &cells, &[]),
            Err(SpreadError::NotWhole { .. })
        ));
    }
}
