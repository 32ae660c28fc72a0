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

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_core::{Calendar, YearMonth};

    fn plan(series: Vec<Series>) -> Plan {
        let mut series = series;
        series.sort_by(|a, b| a.key.cmp(&b.key));
        Plan {
            calendar: Calendar::monthly(
                YearMonth {
                    year: 2026,
                    month: 1,
                },
                2,
                18,
            )
            .expect("calendar"),
            series,
            planned_orders: Vec::new(),
            pegging: Vec::new(),
            kpis: Vec::new(),
            forecast_models: Vec::new(),
            safety_stocks: Vec::new(),
            exceptions: Vec::new(),
        }
    }

    fn series(key: SeriesKey, first_bucket: usize, values: &[f64]) -> Series {
        Series {
            key,
            first_bucket,
            values: values.to_vec(),
        }
    }

    #[test]
    fn company_total_prefers_total_then_sums_families() {
        let with_total = plan(vec![
            series(SeriesKey::total(KeyFigure::Revenue), 2, &[10.0, 20.0]),
            series(SeriesKey::family(KeyFigure::Revenue, "A"), 2, &[1.0, 2.0]),
        ]);
        assert_eq!(
            company_total(&with_total, KeyFigure::Revenue, 1..5),
            Some(vec![None, Some(10.0), Some(20.0), None])
        );
        let families_only = plan(vec![
            series(SeriesKey::family(KeyFigure::Revenue, "A"), 2, &[1.0, 2.0]),
            series(SeriesKey::family(KeyFigure::Revenue, "B"), 3, &[5.0]),
            series(SeriesKey::resource(KeyFigure::Revenue, "R"), 2, &[100.0]),
        ]);
        assert_eq!(
            company_total(&families_only, KeyFigure::Revenue, 2..4),
            Some(vec![Some(1.0), Some(7.0)])
        );
        assert_eq!(
            company_total(&families_only, KeyFigure::GrossMargin, 2..4),
            None
        );
        assert_eq!(
            families(&families_only),
            vec!["A".to_string(), "B".to_string()]
        );
    }

    #[test]
    fn shortfalls_rank_worst_first() {
        let plan = plan(vec![
            series(
                SeriesKey::item_location(KeyFigure::ProjectedInventory, "X", "L"),
                2,
                &[5.0, 15.0],
            ),
            series(
                SeriesKey::item_location(KeyFigure::SafetyStock, "X", "L"),
                2,
                &[10.0, 10.0],
            ),
            series(
                SeriesKey::item_location(KeyFigure::ProjectedInventory, "Y", "L"),
                2,
                &[-3.0, 1.0],
            ),
            series(
                SeriesKey::item_location(KeyFigure::SafetyStock, "Y", "L"),
                2,
                &[2.0, 2.0],
            ),
            series(
                SeriesKey::item_location(KeyFigure::ProjectedInventory, "Z", "L"),
                2,
                &[50.0, 50.0],
            ),
        ]);
        let found = shortfalls(&plan);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            Shortfall {
                item: "Y".into(),
                location: "L".into(),
                buckets_below: 2,
                first_below: 2,
                worst_gap: 5.0,
                lowest: -3.0,
            }
        );
        assert_eq!(found[1].item, "X");
        assert_eq!(found[1].buckets_below, 1);
    }
}
