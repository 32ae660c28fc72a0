//! Events as planners send them (the API, the grid page, the CLI): promotions,
//! one-time events and new-product launches, with months as labels and codes as
//! text, turned into the workspace's [`Event`]s. Their arithmetic is the
//! workspace's (`fulcrum_workspace::events`); this module only resolves names.

use fulcrum_core::{BucketIdx, Dataset};
use fulcrum_workspace::{
    Event, EventKind, EventSlot, Launch, NodeSelector, OneTime, Promotion, Quantity,
};
use serde::{Deserialize, Serialize};

use crate::target::{selector, shown};

/// An event as a planner describes it. Months are labels of the horizon
/// (`2026-05`); percentages are in percent (20 = 20%).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventSpec {
    /// A promotion on the combinations under a node.
    Promotion {
        /// Display name.
        name: String,
        /// Family or item promoted.
        product: String,
        /// Region or location; absent for every one.
        #[serde(default)]
        location: Option<String>,
        /// Channel or customer; absent for every one.
        #[serde(default)]
        customer: Option<String>,
        /// First month.
        start: String,
        /// Last month (inclusive).
        end: String,
        /// Uplift on the statistical forecast during the promotion, %.
        uplift_pct: f64,
        /// Share of the uplift taken from the months before, %.
        #[serde(default)]
        pull_forward_pct: f64,
        /// Months before `start` the pull-forward comes from.
        #[serde(default)]
        pull_forward_months: usize,
        /// Dip after the promotion, % of the statistical forecast.
        #[serde(default)]
        dip_pct: f64,
        /// Months the dip lasts.
        #[serde(default)]
        dip_months: usize,
        /// Items that lose volume to the promotion.
        #[serde(default)]
        cannibalised_items: Vec<String>,
        /// What they lose of their statistical forecast during it, %.
        #[serde(default)]
        cannibalisation_pct: f64,
    },
    /// A one-time event: units in total, or a percentage of each cell.
    OneTime {
        /// Display name.
        name: String,
        /// Family or item.
        product: String,
        /// Region or location; absent for every one.
        #[serde(default)]
        location: Option<String>,
        /// Channel or customer; absent for every one.
        #[serde(default)]
        customer: Option<String>,
        /// First month.
        start: String,
        /// Last month (inclusive).
        end: String,
        /// Units in total (negative removes); give this or `percent`.
        #[serde(default)]
        units: Option<f64>,
        /// Percent of each cell's statistical forecast; give this or `units`.
        #[serde(default)]
        percent: Option<f64>,
    },
    /// A new-product launch following a like item's profile.
    Launch {
        /// Display name.
        name: String,
        /// The new item.
        item: String,
        /// The item whose forecast shape it follows.
        like_item: String,
        /// Units of the new item from `start` to the end of the horizon.
        volume: f64,
        /// First month of the launch.
        start: String,
        /// Months over which the new item ramps up.
        #[serde(default)]
        phase_in_months: usize,
        /// The item it replaces, if any.
        #[serde(default)]
        replaces: Option<String>,
        /// Months over which the replaced item ramps down.
        #[serde(default)]
        phase_out_months: usize,
    },
}

/// What a problem with a spec names: its field and the reason.
pub type SpecProblem = (&'static str, String);

impl EventSpec {
    /// The workspace event `id` (active) of this spec; every problem with a
    /// name or code named by field. Ranges and numbers are checked when the
    /// workspace computes the effect.
    pub fn resolve(&self, dataset: &Dataset, id: u64) -> Result<Event, Vec<SpecProblem>> {
        let mut problems = Vec::new();
        let month = |field: &'static str, label: &str, problems: &mut Vec<SpecProblem>| {
            dataset
                .calendar()
                .parse_bucket(label.trim())
                .map_err(|error| problems.push((field, format!("'{}': {error}", shown(label)))))
                .ok()
        };
        let node = |product: &str,
                    location: &Option<String>,
                    customer: &Option<String>,
                    problems: &mut Vec<SpecProblem>| {
            selector(
                dataset,
                Some(product),
                location.as_deref(),
                customer.as_deref(),
            )
            .map_err(|(field, reason)| problems.push((field, reason)))
            .ok()
        };
        let item = |field: &'static str, code: &str, problems: &mut Vec<SpecProblem>| {
            if dataset.item(code).is_none() {
                problems.push((field, format!("no item is coded '{}'", shown(code))));
            }
            code.to_string()
        };
        let (name, kind) = match self {
            EventSpec::Promotion {
                name,
                product,
                location,
                customer,
                start,
                end,
                uplift_pct,
                pull_forward_pct,
                pull_forward_months,
                dip_pct,
                dip_months,
                cannibalised_items,
                cannibalisation_pct,
            } => {
                let selector = node(product, location, customer, &mut problems);
                let (start, end) = (
                    month("start", start, &mut problems),
                    month("end", end, &mut problems),
                );
                let cannibalised: Vec<String> = cannibalised_items
                    .iter()
                    .map(|code| item("cannibalised_items", code, &mut problems))
                    .collect();
                (
                    name,
                    build(selector, start, end, |selector, start, end| {
                        EventKind::Promotion(Promotion {
                            selector,
                            start,
                            end,
                            uplift_pct: *uplift_pct,
                            pull_forward_pct: *pull_forward_pct,
                            pull_forward_buckets: *pull_forward_months,
                            dip_pct: *dip_pct,
                            dip_buckets: *dip_months,
                            cannibalised_items: cannibalised,
                            cannibalisation_pct: *cannibalisation_pct,
                        })
                    }),
                )
            }
            EventSpec::OneTime {
                name,
                product,
                location,
                customer,
                start,
                end,
                units,
                percent,
            } => {
                let selector = node(product, location, customer, &mut problems);
                let (start, end) = (
                    month("start", start, &mut problems),
                    month("end", end, &mut problems),
                );
                let quantity = match (units, percent) {
                    (Some(units), None) => Some(Quantity::Units(*units)),
                    (None, Some(percent)) => Some(Quantity::Percent(*percent)),
                    _ => {
                        problems.push(("units", "give units or percent, not both".into()));
                        None
                    }
                };
                (
                    name,
                    build(selector, start, end, |selector, start, end| {
                        quantity.map(|quantity| {
                            EventKind::OneTime(OneTime {
                                selector,
                                start,
                                end,
                                quantity,
                            })
                        })
                    })
                    .flatten(),
                )
            }
            EventSpec::Launch {
                name,
                item: new_item,
                like_item,
                volume,
                start,
                phase_in_months,
                replaces,
                phase_out_months,
            } => {
                let new_item = item("item", new_item, &mut problems);
                let like_item = item("like_item", like_item, &mut problems);
                let replaces = replaces
                    .as_deref()
                    .map(|code| item("replaces", code, &mut problems));
                let start = month("start", start, &mut problems);
                (
                    name,
                    start.map(|start| {
                        EventKind::Launch(Launch {
                            item: new_item,
                            like_item,
                            volume: *volume,
                            start,
                            phase_in_buckets: *phase_in_months,
                            replaces,
                            phase_out_buckets: *phase_out_months,
                        })
                    }),
                )
            }
        };
        if name.trim().is_empty() {
            problems.push(("name", "give the event a name".into()));
        }
        match kind {
            Some(kind) if problems.is_empty() => Ok(Event {
                id,
                name: name.trim().to_string(),
                active: true,
                kind,
            }),
            _ => Err(problems),
        }
    }
}

/// `make(selector, start, end)` when all three resolved.
fn build<T>(
    selector: Option<NodeSelector>,
    start: Option<BucketIdx>,
    end: Option<BucketIdx>,
    make: impl FnOnce(NodeSelector, BucketIdx, BucketIdx) -> T,
) -> Option<T> {
    Some(make(selector?, start?, end?))
}

/// An event as listed: what it is, whether it is on, and its effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventInfo {
    /// Id (what `set_event` and undo take).
    pub id: u64,
    /// Name.
    pub name: String,
    /// `promotion`, `one_time` or `launch`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether it feeds the consensus.
    pub active: bool,
    /// What it does, in words.
    pub what: String,
    /// Its effect summed over every cell, in units (signed).
    pub net_units: f64,
    /// Cells it changes.
    pub cells: usize,
}

/// The listing of a workspace event.
pub fn info(slot: &EventSlot, dataset: &Dataset) -> EventInfo {
    let calendar = dataset.calendar();
    let range = |start: BucketIdx, end: BucketIdx| {
        format!("{} to {}", calendar.label(start), calendar.label(end))
    };
    let (kind, what) = match &slot.event.kind {
        EventKind::Promotion(p) => (
            "promotion",
            format!(
                "+{}% on {} {}{}{}{}",
                p.uplift_pct,
                p.selector.describe(),
                range(p.start, p.end),
                if p.pull_forward_pct > 0.0 {
                    format!(
                        ", {}% pulled forward from {} months before",
                        p.pull_forward_pct, p.pull_forward_buckets
                    )
                } else {
                    String::new()
                },
                if p.dip_pct > 0.0 {
                    format!(", −{}% dip for {} months after", p.dip_pct, p.dip_buckets)
                } else {
                    String::new()
                },
                if p.cannibalised_items.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", −{}% on {}",
                        p.cannibalisation_pct,
                        p.cannibalised_items.join(", ")
                    )
                }
            ),
        ),
        EventKind::OneTime(o) => (
            "one_time",
            format!(
                "{} on {} {}",
                match o.quantity {
                    Quantity::Units(units) =>
                        format!("{} units", crate::describe::thousands(units)),
                    Quantity::Percent(pct) => format!("{pct:+}%"),
                },
                o.selector.describe(),
                range(o.start, o.end)
            ),
        ),
        EventKind::Launch(l) => (
            "launch",
            format!(
                "{} units of {} from {} like {}{}",
                crate::describe::thousands(l.volume),
                l.item,
                calendar.label(l.start),
                l.like_item,
                l.replaces
                    .as_ref()
                    .map(|old| format!(", replacing {old} over {} months", l.phase_out_buckets))
                    .unwrap_or_default()
            ),
        ),
    };
    EventInfo {
        id: slot.event.id,
        name: slot.event.name.clone(),
        kind,
        active: slot.event.active,
        what,
        net_units: slot.effect.iter().map(|(_, _, units)| units).sum(),
        cells: slot.effect.len(),
    }
}
