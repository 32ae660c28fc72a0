//! Read-only views of a [`Plan`] shaped for the report: which families and
//! resources exist, and series values aligned to timeline buckets.

use std::collections::BTreeSet;
use std::ops::Range;

use fulcrum_core::{BucketIdx, KeyFigure, Plan, Series, SeriesKey};

/// The value of `series` in bucket `idx`, or `None` outside its span.
pub(crate) fn covered(series: &Series, idx: BucketIdx) -> Option<f64> {
    idx.checked_sub(series.first_bucket)
        .and_then(|offset| series.values.get(offset))
        .copied()
}

/// Values of `series` over `range`, `None` where it has none.
pub(crate) fn aligned(series: Option<&Series>, range: Range<BucketIdx>) -> Vec<Option<f64>> {
    range
        .map(|idx| series.and_then(|s| covered(s, idx)))
        .collect()
}

/// True when a key is a family-level key (family set, nothing else).
fn is_family_key(key: &SeriesKey) -> bool {
    key.family.is_some() && key.item.is_none() && key.location.is_none() && key.resource.is_none()
}

/// True when a key is a company total.
fn is_total_key(key: &SeriesKey) -> bool {
    key.family.is_none() && key.item.is_none() && key.location.is_none() && key.resource.is_none()
}

/// Family codes with at least one family-level series, sorted.
pub(crate) fn families(plan: &Plan) -> Vec<String> {
    plan.series
        .iter()
        .filter(|s| is_family_key(&s.key))
        .filter_map(|s| s.key.family.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Resource codes with a capacity series, sorted.
pub(crate) fn resources(plan: &Plan) -> Vec<String> {
    plan.series
        .iter()
        .filter(|s| {
            matches!(
                s.key.figure,
                KeyFigure::CapacityLoad | KeyFigure::CapacityAvailable
            ) && s.key.item.is_none()
        })
        .filter_map(|s| s.key.resource.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The family-level series of `figure` for `family`.
pub(crate) fn family_series<'p>(
    plan: &'p Plan,
    figure: KeyFigure,
    family: &str,
) -> Option<&'p Series> {
    plan.series(&SeriesKey::family(figure, family))
}

/// The company total of `figure` over `range`: the total series when present,
/// otherwise the sum of the family series; `None` where neither has a value.
pub(crate) fn company_total(
    plan: &Plan,
    figure: KeyFigure,
    range: Range<BucketIdx>,
) -> Option<Vec<Option<f64>>> {
    let total = plan
        .series_of(figure)
        .find(|s| is_total_key(&s.key))
        .map(|s| vec![s]);
    let parts = total.unwrap_or_else(|| {
        plan.series_of(figure)
            .filter(|s| is_family_key(&s.key))
            .collect()
    });
    if parts.is_empty() {
        return None;
    }
    Some(
        range
            .map(|idx| {
                parts
                    .iter()
                    .filter_map(|s| covered(s, idx))
                    .fold(None, |acc: Option<f64>, v| Some(acc.unwrap_or(0.0) + v))
            })
            .collect(),
    )
}

/// Sum of the present values.
pub(crate) fn sum(values: &[Option<f64>]) -> f64 {
    values.iter().flatten().sum()
}

/// An item-location whose projected inventory falls below its safety stock.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shortfall {
    pub item: String,
    pub location: String,
    /// Horizon buckets with projected inventory below safety stock.
    pub buckets_below: usize,
    /// First such bucket.
    pub first_below: BucketIdx,
    /// The largest gap (safety stock minus projected inventory).
    pub worst_gap: f64,
    /// Lowest projected inventory over the horizon.
    pub lowest: f64,
}

/// Item-locations below safety stock, worst first (most buckets, then largest gap).
pub(crate) fn shortfalls(plan: &Plan) -> Vec<Shortfall> {
    let horizon = plan.calendar.horizon();
    let mut out: Vec<Shortfall> = plan
        .series_of(KeyFigure::ProjectedInventory)
        .filter_map(|inventory| {
            let item = inventory.key.item.as_deref()?;
            let location = inventory.key.location.as_deref()?;
            let safety = plan.series(&SeriesKey::item_location(
                KeyFigure::SafetyStock,
                item,
                location,
            ));
            let mut below = 0;
            let mut first_below = None;
            let mut worst_gap = 0.0f64;
            let mut lowest = f64::INFINITY;
            for idx in horizon.clone() {
                let Some(level) = covered(inventory, idx) else {
                    continue;
                };
                lowest = lowest.min(level);
                let target = safety.and_then(|s| covered(s, idx)).unwrap_or(0.0);
                if level < target - 1e-9 {
                    below += 1;
                    first_below.get_or_insert(idx);
                    worst_gap = worst_gap.max(target - level);
                }
            }
            Some(Shortfall {
                item: item.to_string(),
                location: location.to_string(),
                buckets_below: below,
                first_below: first_below?,
                worst_gap,
                lowest,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.buckets_below
            .cmp(&a.buckets_below)
            .then(b.worst_gap.total_cmp(&a.worst_gap))
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.location.cmp(&b.location))
    });
    out
}
