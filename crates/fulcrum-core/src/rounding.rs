//! Whole units from continuous results, with totals that still add up.
//!
//! Planned quantities of discrete items (see [`crate::Item::is_discrete`]) are whole
//! numbers. Where a continuous result is split into parts (a family's production
//! among its items, what a plant holds among the transfers asking for it), the parts
//! are rounded by the **largest-remainder method** (Hamilton's method): each part
//! gets the whole part of its exact share, and the units left over go one each to the
//! parts with the largest fractional remainders, so the parts sum exactly to the
//! whole total.
//!
//! ```
//! use fulcrum_core::rounding::largest_remainder;
//! // 10 units shared 1/3 each: 4, 3, 3 (the first remainder wins the tie).
//! assert_eq!(largest_remainder(&[10.0 / 3.0; 3], 10.0, None), vec![4.0, 3.0, 3.0]);
//! ```

/// Tolerance under which a value is taken as already whole.
const WHOLE_TOLERANCE: f64 = 1e-6;

/// Rounds `value` to a whole number when it is within a millionth of one, else up:
/// the least whole quantity that covers a requirement of `value`.
pub fn whole_up(value: f64) -> f64 {
    let nearest = value.round();
    if (value - nearest).abs() <= WHOLE_TOLERANCE {
        nearest
    } else {
        value.ceil()
    }
}

/// Rounds `value` down to a whole number unless it is within a millionth of the next.
pub fn whole_down(value: f64) -> f64 {
    let nearest = value.round();
    if (value - nearest).abs() <= WHOLE_TOLERANCE {
        nearest
    } else {
        value.floor()
    }
}

/// Whole parts of `total` (itself rounded down to whole) in proportion to the exact
/// shares `exact` (which should sum to about `total`), by largest remainder; no part
/// exceeds its cap in `caps` when given (nor falls below zero). Ties go to the earlier
/// part, so the result is deterministic. When the caps cannot hold the whole total,
/// the parts stop at their caps.
pub fn largest_remainder(exact: &[f64], total: f64, caps: Option<&[f64]>) -> Vec<f64> {
    let total = whole_down(total.max(0.0));
    let cap = |idx: usize| caps.map_or(f64::INFINITY, |caps| whole_down(caps[idx].max(0.0)));
    let mut parts: Vec<f64> = exact
        .iter()
        .enumerate()
        .map(|(idx, &share)| whole_down(share.max(0.0)).min(cap(idx)))
        .collect();
    let mut assigned: f64 = parts.iter().sum();
    // Too many (exact shares summing above the total): take back one unit at a time
    // from the parts most above their exact shares, round after round.
    while assigned > total {
        let order = ranked(
            &parts,
            |idx| parts[idx] >= 1.0,
            |idx| parts[idx] - exact[idx],
        );
        if order.is_empty() {
            break;
        }
        for idx in order {
            if assigned <= total {
                break;
            }
            parts[idx] -= 1.0;
            assigned -= 1.0;
        }
    }
    // Too few: hand out one unit at a time to the parts furthest below their exact
    // shares that have room under their caps, round after round.
    while assigned < total {
        let order = ranked(
            &parts,
            |idx| parts[idx] + 1.0 <= cap(idx),
            |idx| exact[idx] - parts[idx],
        );
        if order.is_empty() {
            break;
        }
        for idx in order {
            if assigned >= total {
                break;
            }
            parts[idx] += 1.0;
            assigned += 1.0;
        }
    }
    parts
}

/// The eligible parts, largest score first, the earlier part first on ties: one
/// sort, so a split among many parts stays O(n log n).
fn ranked(
    parts: &[f64],
    eligible: impl Fn(usize) -> bool,
    score: impl Fn(usize) -> f64,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..parts.len()).filter(|&idx| eligible(idx)).collect();
    order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_sum_to_the_whole_total() {
        let exact = [2.6, 3.3, 4.1];
        let parts = largest_remainder(&exact, 10.0, None);
        assert_eq!(parts, vec![3.0, 3.0, 4.0]);
    }

    #[test]
    fn caps_hold_and_the_rest_goes_elsewhere() {
        let parts = largest_remainder(&[5.5, 4.5], 10.0, Some(&[5.0, 10.0]));
        assert_eq!(parts, vec![5.0, 5.0]);
    }

    #[test]
    fn shares_above_the_total_are_taken_back() {
        let parts = largest_remainder(&[3.0, 3.0, 3.0], 7.0, None);
        assert_eq!(parts.iter().sum::<f64>(), 7.0);
        assert!(parts.iter().all(|&p| p == p.floor() && p >= 2.0));
    }

    #[test]
    fn whole_up_ignores_solver_noise() {
        assert_eq!(whole_up(4.0000000001), 4.0);
        assert_eq!(whole_up(4.2), 5.0);
        assert_eq!(whole_down(4.9999999), 5.0);
        assert_eq!(whole_down(4.7), 4.0);
    }
}
