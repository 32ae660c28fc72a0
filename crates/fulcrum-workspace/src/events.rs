//! Events: promotions, one-time events and new-product launches.
//!
//! Each [`Event`] is an object that can be switched on and off; its effect is a
//! signed number of units per leaf and horizon bucket, computed from the
//! **statistical forecast** only (so an event's effect never depends on what a
//! planner typed), and held as the event's own layer, which feeds the consensus
//! while the event is active (see [`crate::layers`]). Effects are continuous
//! (they are deltas; whole units come from the planners' layers). Buckets are
//! timeline indices ([`fulcrum_core::BucketIdx`]) and must lie in the horizon;
//! percentages are in percent (20.0 = 20%).
//!
//! # Promotion, per leaf under `selector` (baseline `s_b` = statistical)
//!
//! - uplift in each promotion bucket `b` in `start..=end`: `+ s_b × uplift_pct / 100`;
//! - pull-forward: `U = Σ uplift` over the promotion; `U × pull_forward_pct / 100`
//!   is taken from the `pull_forward_buckets` buckets before `start` (those in the
//!   horizon), in proportion to `s_b` there (equal shares when that is zero);
//! - post-promotion dip in each of the `dip_buckets` buckets after `end`:
//!   `− s_b × dip_pct / 100`;
//! - cannibalisation: each leaf of a `cannibalised_items` item at a location and
//!   customer under the selector loses `s_b × cannibalisation_pct / 100` in each
//!   promotion bucket.
//!
//! # One-time event
//!
//! On the leaves under `selector` in buckets `start..=end`: [`Quantity::Units`]
//! spreads that many units in proportion to the statistical forecast (equal shares
//! when it is zero); [`Quantity::Percent`] adds `s_b × pct / 100` to each cell.
//!
//! # New-product launch
//!
//! Window: `start` to the end of the horizon. Profile `p_b` = the like item's
//! statistical forecast summed over its leaves, times the phase-in ramp
//! `min(1, (k + 1) / phase_in_buckets)` in the `k`-th window bucket (ramp 1 when
//! `phase_in_buckets` is 0); equal profile when the like item's forecast is zero.
//! The new item's total in bucket `b` is `volume × p_b / Σ p`, shared among the new
//! item's leaves in proportion to the like item's window forecast at the same
//! (location, customer) (equal shares when none matches). The replaced item, if
//! any, keeps the factor `max(0, 1 − (k + 1) / phase_out_buckets)` of its
//! statistical forecast in the `k`-th window bucket (0 from `start` when
//! `phase_out_buckets` is 0): its effect is `− s_b × (1 − factor)`.

use std::collections::BTreeMap;

use fulcrum_core::BucketIdx;

use crate::hierarchy::{LeafId, NodeSelector, PlanningHierarchy};

/// An event: an id, a name, whether it feeds the consensus, and what it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Unique id, chosen by the caller.
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Whether its effect feeds the consensus.
    pub active: bool,
    /// What it does.
    pub kind: EventKind,
}

/// The kinds of event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A promotion.
    Promotion(Promotion),
    /// A one-time event.
    OneTime(OneTime),
    /// A new-product launch.
    Launch(Launch),
}

/// A promotion; see the module docs for its effect.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Promotion {
    /// The promoted leaves.
    pub selector: NodeSelector,
    /// First promotion bucket.
    pub start: BucketIdx,
    /// Last promotion bucket (inclusive).
    pub end: BucketIdx,
    /// Uplift on the baseline during the promotion, in percent.
    pub uplift_pct: f64,
    /// Share of the uplift taken from the buckets before, in percent.
    pub pull_forward_pct: f64,
    /// How many buckets before `start` the pull-forward is taken from.
    pub pull_forward_buckets: usize,
    /// Dip on the baseline after the promotion, in percent.
    pub dip_pct: f64,
    /// How many buckets after `end` the dip lasts.
    pub dip_buckets: usize,
    /// Items that lose volume to the promotion.
    pub cannibalised_items: Vec<String>,
    /// What the cannibalised items lose of their baseline, in percent.
    pub cannibalisation_pct: f64,
}

/// How much a one-time event adds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    /// This many units in total (negative removes).
    Units(f64),
    /// This percentage of each cell's statistical forecast.
    Percent(f64),
}

/// A one-time event; see the module docs for its effect.
#[derive(Debug, Clone, PartialEq)]
pub struct OneTime {
    /// The leaves it touches.
    pub selector: NodeSelector,
    /// First bucket.
    pub start: BucketIdx,
    /// Last bucket (inclusive).
    pub end: BucketIdx,
    /// How much.
    pub quantity: Quantity,
}

/// A new-product launch; see the module docs for its effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    /// The new item.
    pub item: String,
    /// The item whose forecast shape the new item follows.
    pub like_item: String,
    /// Units of the new item from `start` to the end of the horizon.
    pub volume: f64,
    /// First bucket of the launch.
    pub start: BucketIdx,
    /// Buckets over which the new item ramps up.
    pub phase_in_buckets: usize,
    /// The item the new one replaces, if any.
    pub replaces: Option<String>,
    /// Buckets over which the replaced item ramps down to nothing.
    pub phase_out_buckets: usize,
}

/// Why an event cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EventError {
    /// A bucket is outside the horizon or the range is reversed.
    #[error("buckets {start} to {end} are not a range inside the horizon ({first} to {last})")]
    Buckets {
        /// First bucket as given.
        start: String,
        /// Last bucket as given.
        end: String,
        /// First horizon bucket.
        first: String,
        /// Last horizon bucket.
        last: String,
    },
    /// A code names nothing.
    #[error("{0}")]
    Selector(#[from] crate::hierarchy::SelectorError),
    /// An item has no planning combination.
    #[error("item {0} has no planning combination")]
    NoLeaves(String),
    /// A number is not finite or out of range.
    #[error("{field} must be {rule}, got {value}")]
    Number {
        /// Which field.
        field: &'static str,
        /// The rule it breaks.
        rule: &'static str,
        /// The value given.
        value: f64,
    },
}

/// The effect of an event: `(leaf, horizon offset, units)`, sorted by leaf then
/// bucket, one entry per cell, zeros left out.
pub type Effect = Vec<(LeafId, usize, f64)>;

/// Computes an event's effect. `statistical[leaf * horizon_len + offset]`.
pub fn effect(
    event: &EventKind,
    hierarchy: &PlanningHierarchy,
    statistical: &[f64],
) -> Result<Effect, EventError> {
    let calendar = hierarchy.calendar();
    let horizon = calendar.horizon();
    let h_len = calendar.horizon_len();
    let check_range = |start: BucketIdx, end: BucketIdx| {
        if start < horizon.start || end >= horizon.end || end < start {
            Err(EventError::Buckets {
                start: calendar.label(start),
                end: calendar.label(end),
                first: calendar.label(horizon.start),
                last: calendar.label(horizon.end - 1),
            })
        } else {
            Ok((start - horizon.start, end - horizon.start))
        }
    };
    let number = |field: &'static str, value: f64, min: f64, rule: &'static str| {
        if value.is_finite() && value >= min {
            Ok(())
        } else {
            Err(EventError::Number { field, rule, value })
        }
    };
    let stat = |leaf: LeafId, h: usize| statistical[leaf * h_len + h];
    let mut cells: BTreeMap<(LeafId, usize), f64> = BTreeMap::new();
    let mut add = |leaf: LeafId, h: usize, units: f64| {
        *cells.entry((leaf, h)).or_insert(0.0) += units;
    };
    match event {
        EventKind::Promotion(p) => {
            let (s, e) = check_range(p.start, p.end)?;
            number("uplift_pct", p.uplift_pct, -100.0, "at least -100")?;
            number("pull_forward_pct", p.pull_forward_pct, 0.0, "at least 0")?;
            number("dip_pct", p.dip_pct, 0.0, "at least 0")?;
            number(
                "cannibalisation_pct",
                p.cannibalisation_pct,
                0.0,
                "at least 0",
            )?;
            for leaf in hierarchy.select(&p.selector)? {
                let mut uplift_total = 0.0;
                for h in s..=e {
                    let uplift = stat(leaf, h) * p.uplift_pct / 100.0;
                    uplift_total += uplift;
                    add(leaf, h, uplift);
                }
                let pulled = uplift_total * p.pull_forward_pct / 100.0;
                let before: Vec<usize> = (s.saturating_sub(p.pull_forward_buckets)..s).collect();
                if pulled != 0.0 && !before.is_empty() {
                    let base: f64 = before.iter().map(|&h| stat(leaf, h).max(0.0)).sum();
                    for &h in &before {
                        let share = if base > 0.0 {
                            stat(leaf, h).max(0.0) / base
                        } else {
                            1.0 / before.len() as f64
                        };
                        add(leaf, h, -pulled * share);
                    }
                }
                for h in (e + 1)..(e + 1 + p.dip_buckets).min(h_len) {
                    add(leaf, h, -stat(leaf, h) * p.dip_pct / 100.0);
                }
            }
            for item in &p.cannibalised_items {
                let selector = NodeSelector {
                    product: Some(item.clone()),
                    ..p.selector.clone()
                };
                for leaf in hierarchy.select(&selector)? {
                    for h in s..=e {
                        add(leaf, h, -stat(leaf, h) * p.cannibalisation_pct / 100.0);
                    }
                }
            }
        }
        EventKind::OneTime(o) => {
            let (s, e) = check_range(o.start, o.end)?;
            let leaves = hierarchy.select(&o.selector)?;
            match o.quantity {
                Quantity::Percent(pct) => {
                    number("percent", pct, -100.0, "at least -100")?;
                    for &leaf in &leaves {
                        for h in s..=e {
                            add(leaf, h, stat(leaf, h) * pct / 100.0);
                        }
                    }
                }
                Quantity::Units(units) => {
                    number("units", units, f64::MIN, "a finite number")?;
                    let n_cells = leaves.len() * (e - s + 1);
                    let base: f64 = leaves
                        .iter()
                        .flat_map(|&leaf| (s..=e).map(move |h| (leaf, h)))
                        .map(|(leaf, h)| stat(leaf, h).max(0.0))
                        .sum();
                    for &leaf in &leaves {
                        for h in s..=e {
                            let share = if base > 0.0 {
                                stat(leaf, h).max(0.0) / base
                            } else {
                                1.0 / n_cells as f64
                            };
                            add(leaf, h, units * share);
                        }
                    }
                }
            }
        }
        EventKind::Launch(l) => {
            let (s, _) = check_range(l.start, l.start)?;
            number("volume", l.volume, 0.0, "at least 0")?;
            let item_leaves = hierarchy.select(&NodeSelector::product(&l.item))?;
            if item_leaves.is_empty() {
                return Err(EventError::NoLeaves(l.item.clone()));
            }
            let like_leaves = hierarchy.select(&NodeSelector::product(&l.like_item))?;
            let window = s..h_len;
            let ramp = |k: usize| {
                if l.phase_in_buckets == 0 {
                    1.0
                } else {
                    ((k + 1) as f64 / l.phase_in_buckets as f64).min(1.0)
                }
            };
            let mut profile: Vec<f64> = window
                .clone()
                .enumerate()
                .map(|(k, h)| {
                    like_leaves
                        .iter()
                        .map(|&leaf| stat(leaf, h).max(0.0))
                        .sum::<f64>()
                        * ramp(k)
                })
                .collect();
            if profile.iter().sum::<f64>() <= 0.0 {
                profile = window.clone().enumerate().map(|(k, _)| ramp(k)).collect();
            }
            let profile_total: f64 = profile.iter().sum();
            // the like item's window forecast at each (location, customer)
            let leaves = hierarchy.leaves();
            let mix: Vec<f64> = item_leaves
                .iter()
                .map(|&leaf| {
                    like_leaves
                        .iter()
                        .filter(|&&like| {
                            leaves[like].location == leaves[leaf].location
                                && leaves[like].customer == leaves[leaf].customer
                        })
                        .map(|&like| window.clone().map(|h| stat(like, h).max(0.0)).sum::<f64>())
                        .sum()
                })
                .collect();
            let mix_total: f64 = mix.iter().sum();
            for (n, &leaf) in item_leaves.iter().enumerate() {
                let share = if mix_total > 0.0 {
                    mix[n] / mix_total
                } else {
                    1.0 / item_leaves.len() as f64
                };
                for (k, h) in window.clone().enumerate() {
                    add(leaf, h, l.volume * profile[k] / profile_total * share);
                }
            }
            if let Some(old) = &l.replaces {
                for leaf in hierarchy.select(&NodeSelector::product(old))? {
                    for (k, h) in window.clone().enumerate() {
                        let factor = if l.phase_out_buckets == 0 {
                            0.0
                        } else {
                            (1.0 - (k + 1) as f64 / l.phase_out_buckets as f64).max(0.0)
                        };
                        add(leaf, h, -stat(leaf, h) * (1.0 - factor));
                    }
                }
            }
        }
    }
    Ok(cells
        .into_iter()
        .filter(|&(_, units)| units != 0.0)
        .map(|((leaf, h), units)| (leaf, h, units))
        .collect())
}
