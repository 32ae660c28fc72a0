//! Hierarchical reconciliation: making forecasts of items, families and the total
//! add up.
//!
//! A [`Hierarchy`] is a tree (or forest) of nodes given by each node's parent;
//! the leaves are the bottom series (e.g. item × location). Every function takes
//! and returns one vector per node, indexed like the hierarchy, and only reads
//! the nodes its method needs:
//!
//! | function | reads | method |
//! |---|---|---|
//! | [`bottom_up`] | leaves' forecasts | sum the leaves |
//! | [`top_down`] | roots' forecasts, leaves' history | split by historical proportions |
//! | [`middle_out`] | forecasts at one depth, leaves' history | bottom-up above, top-down below |
//! | [`min_trace`] | every node's forecast | `S (S′W⁻¹S)⁻¹ S′W⁻¹ ŷ` (OLS, WLS, MinT-shrink) |
//!
//! References: Hyndman & Athanasopoulos, *FPP* 3rd ed. ch. 11; Gross & Sohl
//! (1990) for the proportions; Wickramasuriya, Athanasopoulos & Hyndman (2019),
//! "Optimal forecast reconciliation for hierarchical and grouped time series
//! through trace minimization", *JASA* 114(526) for MinT.

/// Why a hierarchy or an input was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReconcileError {
    /// A parent index is out of range.
    UnknownParent {
        /// The node.
        node: usize,
        /// Its parent index.
        parent: usize,
    },
    /// Following parents from this node comes back to it.
    Cycle {
        /// A node on the cycle.
        node: usize,
    },
    /// An input has the wrong number of node vectors, or vectors of different lengths.
    Shape(String),
    /// The weighting matrix of [`min_trace`] is not positive definite.
    Singular,
}

impl std::fmt::Display for ReconcileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReconcileError::UnknownParent { node, parent } => {
                write!(f, "node {node}: parent {parent} does not exist")
            }
            ReconcileError::Cycle { node } => write!(f, "node {node} is its own ancestor"),
            ReconcileError::Shape(what) => write!(f, "{what}"),
            ReconcileError::Singular => write!(f, "weighting matrix is not positive definite"),
        }
    }
}

impl std::error::Error for ReconcileError {}

/// A hierarchy of series: each node's parent (`None` for a root).
#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    parent: Vec<Option<usize>>,
    depth: Vec<usize>,
    leaves: Vec<usize>,
    /// Per node, the positions in `leaves` of the leaves below it (itself if a leaf).
    leaves_below: Vec<Vec<usize>>,
}

impl Hierarchy {
    /// Builds a hierarchy from each node's parent, rejecting unknown parents and cycles.
    pub fn new(parent: Vec<Option<usize>>) -> Result<Self, ReconcileError> {
        let n = parent.len();
        for (node, p) in parent.iter().enumerate() {
            if let Some(p) = *p
                && p >= n
            {
                return Err(ReconcileError::UnknownParent { node, parent: p });
            }
        }
        let mut depth = vec![0usize; n];
        for (node, slot) in depth.iter_mut().enumerate() {
            let mut steps = 0;
            let mut current = node;
            while let Some(p) = parent[current] {
                steps += 1;
                if steps > n {
                    return Err(ReconcileError::Cycle { node });
                }
                current = p;
            }
            *slot = steps;
        }
        let mut has_child = vec![false; n];
        for p in parent.iter().flatten() {
            has_child[*p] = true;
        }
        let leaves: Vec<usize> = (0..n).filter(|&i| !has_child[i]).collect();
        let mut leaves_below = vec![Vec::new(); n];
        for (position, &leaf) in leaves.iter().enumerate() {
            let mut current = Some(leaf);
            while let Some(node) = current {
                leaves_below[node].push(position);
                current = parent[node];
            }
        }
        Ok(Self {
            parent,
            depth,
            leaves,
            leaves_below,
        })
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// Whether the hierarchy has no node.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The leaves (bottom series), in node order.
    pub fn leaves(&self) -> &[usize] {
        &self.leaves
    }

    /// Depth of a node (0 for a root).
    pub fn depth(&self, node: usize) -> usize {
        self.depth[node]
    }

    /// The summing matrix `S` (nodes × leaves): `S[i][j] = 1` when leaf `j` is
    /// at or below node `i`.
    pub fn summing_matrix(&self) -> Vec<Vec<f64>> {
        self.leaves_below
            .iter()
            .map(|below| {
                let mut row = vec![0.0; self.leaves.len()];
                for &j in below {
                    row[j] = 1.0;
                }
                row
            })
            .collect()
    }

    /// Every node's series as the sum of the leaves' series (`S · b`), where
    /// `leaf_values[j]` is the series of `leaves()[j]`.
    fn aggregate(&self, leaf_values: &[Vec<f64>], horizon: usize) -> Vec<Vec<f64>> {
        self.leaves_below
            .iter()
            .map(|below| {
                (0..horizon)
                    .map(|h| below.iter().map(|&j| leaf_values[j][h]).sum())
                    .collect()
            })
            .collect()
    }

    /// The ancestor of `node` at `depth` (the node itself when it is at that depth),
    /// or `None` when the node is shallower.
    fn ancestor_at(&self, node: usize, depth: usize) -> Option<usize> {
        if self.depth[node] < depth {
            return None;
        }
        let mut current = node;
        while self.depth[current] > depth {
            current = self.parent[current]?;
        }
        Some(current)
    }
}

/// Checks there is one vector per node, all of the same length; returns it.
fn common_length(
    hierarchy: &Hierarchy,
    values: &[Vec<f64>],
    what: &str,
) -> Result<usize, ReconcileError> {
    if values.len() != hierarchy.len() {
        return Err(ReconcileError::Shape(format!(
            "{what}: {} series for {} nodes",
            values.len(),
            hierarchy.len()
        )));
    }
    let length = values.first().map_or(0, Vec::len);
    if values.iter().any(|v| v.len() != length) {
        return Err(ReconcileError::Shape(format!(
            "{what}: series of different lengths"
        )));
    }
    Ok(length)
}

/// Bottom-up: every node's forecast is the sum of its leaves' forecasts,
/// `ỹ = S b̂`. Reads the leaves' entries of `forecasts` only.
pub fn bottom_up(
    hierarchy: &Hierarchy,
    forecasts: &[Vec<f64>],
) -> Result<Vec<Vec<f64>>, ReconcileError> {
    let horizon = common_length(hierarchy, forecasts, "forecasts")?;
    let leaf_values: Vec<Vec<f64>> = hierarchy
        .leaves
        .iter()
        .map(|&l| forecasts[l].clone())
        .collect();
    Ok(hierarchy.aggregate(&leaf_values, horizon))
}

/// How historical proportions are computed (Gross & Sohl, 1990; FPP §11.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proportions {
    /// Average of the historical proportions: `p_j = (1/T) Σ_t y_{j,t} / y_{k,t}`
    /// over the buckets where the parent `k` sold something.
    AverageOfProportions,
    /// Proportion of the historical averages: `p_j = Σ_t y_{j,t} / Σ_t y_{k,t}`.
    ProportionOfAverages,
}

/// Shares of each leaf in the total of its ancestor at `depth`, from the leaves'
/// history; equal shares where that ancestor never sold anything.
fn leaf_shares(
    hierarchy: &Hierarchy,
    history: &[Vec<f64>],
    depth: usize,
    proportions: Proportions,
) -> Vec<Option<(usize, f64)>> {
    let history_len = history.first().map_or(0, Vec::len);
    let leaf_history: Vec<Vec<f64>> = hierarchy
        .leaves
        .iter()
        .map(|&l| history[l].clone())
        .collect();
    let totals = hierarchy.aggregate(&leaf_history, history_len);
    hierarchy
        .leaves
        .iter()
        .enumerate()
        .map(|(position, &leaf)| {
            let ancestor = hierarchy.ancestor_at(leaf, depth)?;
            let siblings = hierarchy.leaves_below[ancestor].len() as f64;
            let own = &leaf_history[position];
            let parent = &totals[ancestor];
            let share = match proportions {
                Proportions::ProportionOfAverages => {
                    let parent_sum: f64 = parent.iter().sum();
                    if parent_sum > 0.0 {
                        own.iter().sum::<f64>() / parent_sum
                    } else {
                        1.0 / siblings
                    }
                }
                Proportions::AverageOfProportions => {
                    let ratios: Vec<f64> = own
                        .iter()
                        .zip(parent)
                        .filter(|(_, p)| **p > 0.0)
                        .map(|(o, p)| o / p)
                        .collect();
                    if ratios.is_empty() {
                        1.0 / siblings
                    } else {
                        ratios.iter().sum::<f64>() / ratios.len() as f64
                    }
                }
            };
            Some((ancestor, share))
        })
        .collect()
}

/// Middle-out: the forecasts of the nodes at `depth` are split down to their
/// leaves by historical proportions, and every node above is the sum of the
/// leaves (so the nodes at `depth` keep their forecasts). Leaves shallower
/// than `depth` keep their own forecast. Reads `forecasts` at `depth` (and such
/// shallow leaves) and the leaves' entries of `history` (one series per node; the
/// others are ignored).
pub fn middle_out(
    hierarchy: &Hierarchy,
    forecasts: &[Vec<f64>],
    history: &[Vec<f64>],
    depth: usize,
    proportions: Proportions,
) -> Result<Vec<Vec<f64>>, ReconcileError> {
    let horizon = common_length(hierarchy, forecasts, "forecasts")?;
    common_length(hierarchy, history, "history")?;
    let shares = leaf_shares(hierarchy, history, depth, proportions);
    let leaf_values: Vec<Vec<f64>> = hierarchy
        .leaves
        .iter()
        .zip(&shares)
        .map(|(&leaf, share)| match share {
            Some((ancestor, p)) => forecasts[*ancestor].iter().map(|f| p * f).collect(),
            None => forecasts[leaf].clone(),
        })
        .collect();
    Ok(hierarchy.aggregate(&leaf_values, horizon))
}

/// Top-down: each root's forecast is split to its leaves by historical
/// proportions and every other node is the sum of its leaves
/// ([`middle_out`] at depth 0).
pub fn top_down(
    hierarchy: &Hierarchy,
    forecasts: &[Vec<f64>],
    history: &[Vec<f64>],
    proportions: Proportions,
) -> Result<Vec<Vec<f64>>, ReconcileError> {
    middle_out(hierarchy, forecasts, history, 0, proportions)
}

/// The weighting matrix `W` of [`min_trace`].
#[derive(Debug, Clone, PartialEq)]
pub enum MinTWeights {
    /// `W = I`: ordinary least squares (Hyndman et al., 2011).
    Ols,
    /// `W = diag(v)`, e.g. each node's one-step error variance (WLS, "wls_var").
    Variances(Vec<f64>),
    /// MinT-shrink: the sample covariance of the nodes' in-sample one-step
    /// residuals (one series per node, same length), shrunk towards its
    /// diagonal with the Schäfer & Strimmer (2005) intensity
    /// `λ = Σ_{i≠j} Var(r_ij) / Σ_{i≠j} r_ij²` on the correlations.
    Shrink(Vec<Vec<f64>>),
}

/// Solves `A x = b` for a symmetric positive definite `A` by Cholesky.
fn cholesky_solve(a: &[Vec<f64>], b: &[f64]) -> Option<Vec<f64>> {
    let n = a.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = a[i][i] - sum;
                if d <= 1e-12 * a[i][i].abs().max(1e-300) || !d.is_finite() {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - sum) / l[j][j];
            }
        }
    }
    let mut y = vec![0.0; n];
    for i in 0..n {
        let sum: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
        y[i] = (b[i] - sum) / l[i][i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let sum: f64 = (i + 1..n).map(|k| l[k][i] * x[k]).sum();
        x[i] = (y[i] - sum) / l[i][i];
    }
    Some(x)
}

/// Shrunk covariance of MinT-shrink (Wickramasuriya et al., 2019, §2.4; Schäfer
/// & Strimmer, 2005): `Ŵ = λ D + (1 − λ) Σ̂`, written on the correlations.
fn shrunk_covariance(residuals: &[Vec<f64>]) -> Result<Vec<Vec<f64>>, ReconcileError> {
    let k = residuals.len();
    let t = residuals.first().map_or(0, Vec::len);
    if t < 2 {
        return Err(ReconcileError::Shape(
            "residuals: fewer than two per node".into(),
        ));
    }
    let tf = t as f64;
    let centred: Vec<Vec<f64>> = residuals
        .iter()
        .map(|r| {
            let mean = r.iter().sum::<f64>() / tf;
            r.iter().map(|v| v - mean).collect()
        })
        .collect();
    let sd: Vec<f64> = centred
        .iter()
        .map(|r| (r.iter().map(|v| v * v).sum::<f64>() / tf).sqrt())
        .collect();
    if sd.iter().any(|s| *s <= 0.0 || !s.is_finite()) {
        return Err(ReconcileError::Singular);
    }
    let standard: Vec<Vec<f64>> = centred
        .iter()
        .zip(&sd)
        .map(|(r, s)| r.iter().map(|v| v / s).collect())
        .collect();
    // Correlations and the variance of each correlation estimate.
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    let mut correlation = vec![vec![0.0; k]; k];
    for i in 0..k {
        correlation[i][i] = 1.0;
        for j in 0..i {
            let products: Vec<f64> = (0..t).map(|s| standard[i][s] * standard[j][s]).collect();
            let mean = products.iter().sum::<f64>() / tf;
            let variance = products
                .iter()
                .map(|w| (w - mean) * (w - mean))
                .sum::<f64>()
                * tf
                / (tf - 1.0).powi(3);
            let r = mean * tf / (tf - 1.0);
            correlation[i][j] = r;
            correlation[j][i] = r;
            numerator += variance;
            denominator += r * r;
        }
    }
    let lambda = if denominator > 0.0 {
        (numerator / denominator).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let variance_scale = tf / (tf - 1.0);
    Ok((0..k)
        .map(|i| {
            (0..k)
                .map(|j| {
                    let r = if i == j {
                        1.0
                    } else {
                        (1.0 - lambda) * correlation[i][j]
                    };
                    r * sd[i] * sd[j] * variance_scale
                })
                .collect()
        })
        .collect())
}

/// Optimal (trace-minimising) reconciliation of Wickramasuriya, Athanasopoulos &
/// Hyndman (2019): `ỹ = S (S′W⁻¹S)⁻¹ S′W⁻¹ ŷ` for every horizon step, where `ŷ`
/// holds every node's base forecast. With `W = I` this is the OLS reconciliation
/// of Hyndman et al. (2011); with a diagonal `W` weighted least squares.
pub fn min_trace(
    hierarchy: &Hierarchy,
    forecasts: &[Vec<f64>],
    weights: &MinTWeights,
) -> Result<Vec<Vec<f64>>, ReconcileError> {
    let horizon = common_length(hierarchy, forecasts, "forecasts")?;
    let n = hierarchy.len();
    let s = hierarchy.summing_matrix();
    let leaves = hierarchy.leaves.len();
    // W⁻¹ S, column by column (W⁻¹ applied through a Cholesky solve).
    let w: Vec<Vec<f64>> = match weights {
        MinTWeights::Ols => (0..n)
            .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
            .collect(),
        MinTWeights::Variances(v) => {
            if v.len() != n {
                return Err(ReconcileError::Shape(format!(
                    "variances: {} for {n} nodes",
                    v.len()
                )));
            }
            (0..n)
                .map(|i| (0..n).map(|j| if i == j { v[i] } else { 0.0 }).collect())
                .collect()
        }
        MinTWeights::Shrink(residuals) => {
            common_length(hierarchy, residuals, "residuals")?;
            shrunk_covariance(residuals)?
        }
    };
    let mut w_inv_s = vec![vec![0.0; leaves]; n];
    for j in 0..leaves {
        let column: Vec<f64> = (0..n).map(|i| s[i][j]).collect();
        let solved = cholesky_solve(&w, &column).ok_or(ReconcileError::Singular)?;
        for i in 0..n {
            w_inv_s[i][j] = solved[i];
        }
    }
    // A = S′ W⁻¹ S (leaves × leaves).
    let a: Vec<Vec<f64>> = (0..leaves)
        .map(|p| {
            (0..leaves)
                .map(|q| (0..n).map(|i| s[i][p] * w_inv_s[i][q]).sum())
                .collect()
        })
        .collect();
    let mut leaf_values = vec![vec![0.0; horizon]; leaves];
    for h in 0..horizon {
        // b = S′ W⁻¹ ŷ_h.
        let b: Vec<f64> = (0..leaves)
            .map(|p| (0..n).map(|i| w_inv_s[i][p] * forecasts[i][h]).sum())
            .collect();
        let x = cholesky_solve(&a, &b).ok_or(ReconcileError::Singular)?;
        for (p, value) in x.into_iter().enumerate() {
            leaf_values[p][h] = value;
        }
    }
    Ok(hierarchy.aggregate(&leaf_values, horizon))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Total (0) → A (1), B (2); A → AA (3), AB (4); B → BA (5).
    fn three_level() -> Hierarchy {
        Hierarchy::new(vec![None, Some(0), Some(0), Some(1), Some(1), Some(2)]).expect("valid")
    }

    fn check(name: &str, actual: &[Vec<f64>], expected: &[Vec<f64>]) {
        assert_eq!(actual.len(), expected.len(), "{name}");
        for (a, e) in actual.iter().zip(expected) {
            assert_eq!(a.len(), e.len(), "{name}");
            for (x, y) in a.iter().zip(e) {
                assert!((x - y).abs() < 1e-9, "{name}: {actual:?} vs {expected:?}");
            }
        }
    }

    #[test]
    fn hierarchy_is_validated() {
        assert_eq!(
            Hierarchy::new(vec![None, Some(5)]),
            Err(ReconcileError::UnknownParent { node: 1, parent: 5 })
        );
        assert!(matches!(
            Hierarchy::new(vec![Some(1), Some(0)]),
            Err(ReconcileError::Cycle { .. })
        ));
        let h = three_level();
        assert_eq!(h.leaves(), &[3, 4, 5]);
        assert_eq!(
            h.summing_matrix(),
            vec![
                vec![1.0, 1.0, 1.0],
                vec![1.0, 1.0, 0.0],
                vec![0.0, 0.0, 1.0],
                vec![1.0, 0.0, 0.0],
                vec![0.0, 1.0, 0.0],
                vec![0.0, 0.0, 1.0],
            ]
        );
    }

    #[test]
    fn bottom_up_sums_the_leaves() {
        let h = three_level();
        let forecasts = vec![
            vec![99.0, 99.0], // ignored
            vec![99.0, 99.0], // ignored
            vec![99.0, 99.0], // ignored
            vec![1.0, 2.0],
            vec![3.0, 4.0],
            vec![5.0, 6.0],
        ];
        let expected = vec![
            vec![9.0, 12.0],
            vec![4.0, 6.0],
            vec![5.0, 6.0],
            vec![1.0, 2.0],
            vec![3.0, 4.0],
            vec![5.0, 6.0],
        ];
        check(
            "bottom-up",
            &bottom_up(&h, &forecasts).expect("ok"),
            &expected,
        );
    }

    /// Leaf history: AA 1, 3; AB 3, 1; BA 4, 4 → totals 8, 8.
    /// Proportion of averages: AA 4/16, AB 4/16, BA 8/16.
    /// Average of proportions: AA (1/8 + 3/8)/2 = 0.25, AB 0.25, BA 0.5 (equal here);
    /// below A (middle-out at depth 1): AA (1/4 + 3/4)/2 = 0.5 vs 4/8 = 0.5.
    fn history() -> Vec<Vec<f64>> {
        vec![
            vec![0.0, 0.0],
            vec![0.0, 0.0],
            vec![0.0, 0.0],
            vec![1.0, 3.0],
            vec![3.0, 1.0],
            vec![4.0, 4.0],
        ]
    }

    #[test]
    fn top_down_splits_by_historical_proportions() {
        let h = three_level();
        let mut forecasts = vec![vec![0.0]; 6];
        forecasts[0] = vec![100.0];
        let expected = vec![
            vec![100.0],
            vec![50.0],
            vec![50.0],
            vec![25.0],
            vec![25.0],
            vec![50.0],
        ];
        for proportions in [
            Proportions::ProportionOfAverages,
            Proportions::AverageOfProportions,
        ] {
            check(
                "top-down",
                &top_down(&h, &forecasts, &history(), proportions).expect("ok"),
                &expected,
            );
        }
        // Where the proportions differ: AA 1, 9; AB 1, 1 → total 2, 10.
        // Proportion of averages: AA 10/12; average of proportions: (1/2 + 9/10)/2 = 0.7.
        let h2 = Hierarchy::new(vec![None, Some(0), Some(0)]).expect("valid");
        let history2 = vec![vec![0.0, 0.0], vec![1.0, 9.0], vec![1.0, 1.0]];
        let forecasts2 = vec![vec![12.0], vec![0.0], vec![0.0]];
        check(
            "proportion of averages",
            &top_down(
                &h2,
                &forecasts2,
                &history2,
                Proportions::ProportionOfAverages,
            )
            .expect("ok"),
            &[vec![12.0], vec![10.0], vec![2.0]],
        );
        check(
            "average of proportions",
            &top_down(
                &h2,
                &forecasts2,
                &history2,
                Proportions::AverageOfProportions,
            )
            .expect("ok"),
            &[vec![12.0], vec![8.4], vec![3.6]],
        );
    }

    #[test]
    fn middle_out_keeps_the_middle_level() {
        let h = three_level();
        let mut forecasts = vec![vec![0.0]; 6];
        forecasts[1] = vec![40.0]; // A
        forecasts[2] = vec![30.0]; // B
        // Below A: AA and AB each sold 4 of A's 8 → 20 and 20; BA is all of B.
        let expected = vec![
            vec![70.0],
            vec![40.0],
            vec![30.0],
            vec![20.0],
            vec![20.0],
            vec![30.0],
        ];
        check(
            "middle-out",
            &middle_out(
                &h,
                &forecasts,
                &history(),
                1,
                Proportions::ProportionOfAverages,
            )
            .expect("ok"),
            &expected,
        );
    }

    /// Total → A, B with base forecasts T = 10, A = 3, B = 5 (incoherent by 2).
    /// OLS: S′S = [[2,1],[1,2]], S′ŷ = [13, 15] → b = [11/3, 17/3], T = 28/3
    /// (the gap is split equally over the three nodes).
    /// WLS with variances T 4, A 1, B 1: the gap goes 4:1:1 →
    /// T = 10 − 4/3, A = 3 + 1/3, B = 5 + 1/3.
    #[test]
    fn min_trace_matches_hand_computed_ols_and_wls() {
        let h = Hierarchy::new(vec![None, Some(0), Some(0)]).expect("valid");
        let base = vec![vec![10.0], vec![3.0], vec![5.0]];
        check(
            "ols",
            &min_trace(&h, &base, &MinTWeights::Ols).expect("ok"),
            &[vec![28.0 / 3.0], vec![11.0 / 3.0], vec![17.0 / 3.0]],
        );
        check(
            "wls",
            &min_trace(&h, &base, &MinTWeights::Variances(vec![4.0, 1.0, 1.0])).expect("ok"),
            &[
                vec![10.0 - 4.0 / 3.0],
                vec![3.0 + 1.0 / 3.0],
                vec![5.0 + 1.0 / 3.0],
            ],
        );
        // Coherent forecasts stay as they are, whatever the weights.
        let coherent = vec![vec![8.0], vec![3.0], vec![5.0]];
        let residuals = vec![
            vec![1.0, -1.0, 2.0, 0.5, -0.5],
            vec![0.5, -0.2, 1.0, 0.1, -0.3],
            vec![0.4, -0.9, 1.1, 0.3, -0.1],
        ];
        check(
            "shrink, coherent",
            &min_trace(&h, &coherent, &MinTWeights::Shrink(residuals)).expect("ok"),
            &coherent,
        );
    }

    #[test]
    fn shapes_are_checked() {
        let h = three_level();
        assert!(matches!(
            bottom_up(&h, &[vec![1.0]]),
            Err(ReconcileError::Shape(_))
        ));
    }
}
