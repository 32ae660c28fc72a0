//! The demand plan as a stack of layers, and how the stack becomes the consensus.
//!
//! Per leaf and horizon bucket the workspace keeps:
//!
//! - `statistical`: the statistical forecast, given as input and never edited;
//! - one **event layer** per event ([`crate::events`]): the event's effect in
//!   units (a signed delta), present while the event is active;
//! - one **adjustment layer per role** (configurable, default `sales`,
//!   `marketing`, `demand_planner`, `finance`): empty or a value;
//! - `consensus`: computed, never stored by a change.
//!
//! # How a cell's consensus is computed, in this order
//!
//! 1. `v = statistical`;
//! 2. `v = v + Σ effects of the active events` (events in id order, summed first);
//! 3. for each role in the configured order, with the rule of the leaf's top
//!    family ([`ConsensusRule`]), when the role's cell is **not empty** (value `x`):
//!    - [`Combine::Override`]: `v = x` (replaces everything below),
//!    - [`Combine::Adjustment`]: `v = v + x` (adds; `x` may be negative),
//!    - [`Combine::WeightedBlend`]`(w)`: `v = (1 − w)·v + w·x` (`w` in [0, 1]);
//!
//!    an empty cell leaves `v` as it is;
//! 4. `consensus = v`.
//!
//! The value of the stack after step 3 has passed role `r` is the **result
//! through `r`** ([`Layer::Through`]): what that role's row of the grid shows as
//! demand. The consensus is the result through the last role.

use std::collections::BTreeMap;

/// Dense id of a role: its index in [`WorkspaceConfig::roles`].
pub type RoleId = usize;

/// How a role's non-empty cell combines with the value below it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Combine {
    /// The role's value replaces the value below.
    Override,
    /// The role's value is added to the value below.
    Adjustment,
    /// `(1 − w) × below + w × value`, with `w` in [0, 1].
    WeightedBlend(f64),
}

impl Combine {
    /// The combined value of `below` and a role's cell `value`.
    pub fn apply(self, below: f64, value: Option<f64>) -> f64 {
        let Some(x) = value else {
            return below;
        };
        match self {
            Combine::Override => x,
            Combine::Adjustment => below + x,
            Combine::WeightedBlend(w) => (1.0 - w) * below + w * x,
        }
    }

    /// The layer value that makes [`Combine::apply`]`(below, value)` equal `target`
    /// exactly in floating point where a nearby value does (the algebraic inverse,
    /// then up to eight neighbouring floating-point values either side), or the
    /// algebraic inverse otherwise. Override always hits the target exactly;
    /// Adjustment does whenever `below + x` can represent it (every demand-sized
    /// number: it fails only when `below` is so large that its ulp exceeds the
    /// target's); a blend whose `below` is much larger than the target may miss it
    /// by a few ulps of `below`. `None` for a blend of weight 0, which cannot
    /// move the value.
    pub fn invert(self, below: f64, target: f64) -> Option<f64> {
        let guess = match self {
            Combine::Override => return Some(target),
            Combine::Adjustment => target - below,
            Combine::WeightedBlend(w) if w > 0.0 => (target - (1.0 - w) * below) / w,
            Combine::WeightedBlend(_) => return None,
        };
        let mut up = guess;
        let mut down = guess;
        for _ in 0..=8 {
            if self.apply(below, Some(up)) == target {
                return Some(up);
            }
            if self.apply(below, Some(down)) == target {
                return Some(down);
            }
            up = next_up(up);
            down = next_down(down);
        }
        Some(guess)
    }

    /// Plain words for messages.
    pub fn describe(self) -> String {
        match self {
            Combine::Override => "override".to_string(),
            Combine::Adjustment => "adjustment".to_string(),
            Combine::WeightedBlend(w) => format!("weighted blend ({w})"),
        }
    }
}

fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
}

fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

/// How each role's layer combines into the consensus, one [`Combine`] per role in
/// [`WorkspaceConfig::roles`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsensusRule {
    /// `per_role[r]` is how role `r` combines.
    pub per_role: Vec<Combine>,
}

impl ConsensusRule {
    /// The same combination for `n_roles` roles.
    pub fn uniform(n_roles: usize, combine: Combine) -> Self {
        ConsensusRule {
            per_role: vec![combine; n_roles],
        }
    }
}

/// The roles and the consensus rules of a workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceConfig {
    /// Role names, bottom of the stack first; each has one adjustment layer.
    pub roles: Vec<String>,
    /// The rule for every top family without its own.
    pub default_rule: ConsensusRule,
    /// Rules by top-family code (root of the product hierarchy).
    pub family_rules: BTreeMap<String, ConsensusRule>,
}

impl Default for WorkspaceConfig {
    /// Roles `sales`, `marketing`, `demand_planner`, `finance`, each an
    /// [`Combine::Override`]: the highest non-empty role in that order has the
    /// last word on a cell.
    fn default() -> Self {
        let roles: Vec<String> = fulcrum_core::DEMAND_ROLES
            .into_iter()
            .map(String::from)
            .collect();
        WorkspaceConfig {
            default_rule: ConsensusRule::uniform(roles.len(), Combine::Override),
            roles,
            family_rules: BTreeMap::new(),
        }
    }
}

impl WorkspaceConfig {
    /// The id of role `name`.
    pub fn role(&self, name: &str) -> Option<RoleId> {
        self.roles.iter().position(|role| role == name)
    }
}

/// A key figure of the stack, for reading.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// The statistical forecast.
    Statistical,
    /// The sum of every active event's effect.
    Events,
    /// One event's effect (0 while it is inactive).
    Event(u64),
    /// A role's own values (empty cells count 0).
    Role(String),
    /// The result of the stack through a role (see the module docs).
    Through(String),
    /// The consensus.
    Consensus,
}

impl Layer {
    /// A role's own layer.
    pub fn role(name: &str) -> Self {
        Layer::Role(name.to_string())
    }

    /// Plain words for messages.
    pub fn describe(&self) -> String {
        match self {
            Layer::Statistical => "statistical".to_string(),
            Layer::Events => "events".to_string(),
            Layer::Event(id) => format!("event {id}"),
            Layer::Role(role) => format!("{role} layer"),
            Layer::Through(role) => format!("result through {role}"),
            Layer::Consensus => "consensus".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_and_invert() {
        assert_eq!(Combine::Override.apply(5.0, Some(7.0)), 7.0);
        assert_eq!(Combine::Adjustment.apply(5.0, Some(-2.0)), 3.0);
        assert_eq!(Combine::WeightedBlend(0.25).apply(4.0, Some(8.0)), 5.0);
        assert_eq!(Combine::Override.apply(5.0, None), 5.0);
        for rule in [
            Combine::Override,
            Combine::Adjustment,
            Combine::WeightedBlend(0.3),
        ] {
            for (below, target) in [(3.7, 5.0), (0.1, 0.3), (1e6 / 7.0, 12.0)] {
                let value = rule.invert(below, target).expect("invertible");
                let result = rule.apply(below, Some(value));
                if matches!(rule, Combine::WeightedBlend(_)) {
                    // a blend reaches the target to within the rounding of `below`
                    assert!((result - target).abs() <= 1e-9 * below.abs().max(1.0));
                } else {
                    assert_eq!(result, target, "{rule:?}");
                }
            }
        }
        assert_eq!(Combine::WeightedBlend(0.0).invert(1.0, 2.0), None);
    }
}
