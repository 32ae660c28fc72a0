//! Time grain: months, quarters and years over the calendar's horizon.
//!
//! A [`Period`] is a grain and an index counted from the start of the horizon:
//! month 0 is the first horizon bucket; quarter 0 and year 0 are the calendar
//! quarter and year that hold the first horizon bucket. Quarters and years are
//! calendar quarters (January–March, …) and calendar years, clipped to the
//! horizon, so the first and last may be partial.

use std::ops::Range;

use fulcrum_core::{BucketIdx, Calendar};

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grain {
    /// One bucket.
    Month,
    /// A calendar quarter.
    Quarter,
    /// A calendar year.
    Year,
}

impl Grain {
    /// The label used in files and the API (`month`, `quarter`, `year`).
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
        }
    }

    /// Parses the label written by [`Grain::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "month" => Some(Grain::Month),
            "quarter" => Some(Grain::Quarter),
            "year" => Some(Grain::Year),
            _ => None,
        }
    }

    fn months(self) -> i64 {
        match self {
            Grain::Month => 1,
            Grain::Quarter => 3,
            Grain::Year => 12,
        }
    }
}

/// A period of the horizon: a grain and its index from the start of the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// Month, quarter or year.
    pub grain: Grain,
    /// 0 = the period holding the first horizon bucket.
    pub index: usize,
}

impl Period {
    /// The `index`-th horizon month.
    pub fn month(index: usize) -> Self {
        Period {
            grain: Grain::Month,
            index,
        }
    }

    /// The `index`-th horizon quarter.
    pub fn quarter(index: usize) -> Self {
        Period {
            grain: Grain::Quarter,
            index,
        }
    }

    /// The `index`-th horizon year.
    pub fn year(index: usize) -> Self {
        Period {
            grain: Grain::Year,
            index,
        }
    }
}

/// Timeline bucket indices of a period, clipped to the horizon; `None` when the
/// period lies wholly outside the horizon.
pub fn buckets(calendar: &Calendar, period: Period) -> Option<Range<BucketIdx>> {
    let horizon = calendar.horizon();
    let size = period.grain.months();
    let start_month = calendar.plan_start();
    // months from the start of the first period to the plan start
    let offset = (i64::from(start_month.month) - 1).rem_euclid(size);
    let first = horizon.start as i64 - offset + size * period.index as i64;
    let last = first + size;
    let start = first.max(horizon.start as i64);
    let end = last.min(horizon.end as i64);
    (start < end).then_some(start as usize..end as usize)
}

/// How many periods of `grain` the horizon holds.
pub fn count(calendar: &Calendar, grain: Grain) -> usize {
    let mut n = 0;
    while buckets(calendar, Period { grain, index: n }).is_some() {
        n += 1;
    }
    n
}

/// The label of a period: `2026-03`, `2026-Q1` or `2026`.
pub fn label(calendar: &Calendar, period: Period) -> String {
    let Some(range) = buckets(calendar, period) else {
        return format!(
            "{} {} (outside the horizon)",
            period.grain.as_str(),
            period.index
        );
    };
    let month = calendar.month(range.start);
    match period.grain {
        Grain::Month => month.to_string(),
        Grain::Quarter => format!("{}-Q{}", month.year, (month.month - 1) / 3 + 1),
        Grain::Year => month.year.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fulcrum_core::YearMonth;

    fn check(start_month: u32, period: Period, expected: Option<(String, Range<usize>)>) {
        let calendar = Calendar::monthly(YearMonth::new(2026, start_month).expect("month"), 12, 24)
            .expect("calendar");
        let got = buckets(&calendar, period).map(|range| (label(&calendar, period), range));
        assert_eq!(got, expected, "{period:?}");
    }

    #[test]
    fn periods_map_to_bucket_ranges() {
        check(1, Period::month(0), Some(("2026-01".into(), 12..13)));
        check(1, Period::quarter(1), Some(("2026-Q2".into(), 15..18)));
        check(1, Period::year(1), Some(("2027".into(), 24..36)));
        check(1, Period::year(2), None);
        // a horizon starting in February: the first quarter and year are partial
        check(2, Period::quarter(0), Some(("2026-Q1".into(), 12..14)));
        check(2, Period::quarter(1), Some(("2026-Q2".into(), 14..17)));
        check(2, Period::year(0), Some(("2026".into(), 12..23)));
        check(2, Period::year(2), Some(("2028".into(), 35..36)));
        check(2, Period::month(24), None);
    }

    #[test]
    fn counts() {
        let calendar =
            Calendar::monthly(YearMonth::new(2026, 2).expect("month"), 0, 24).expect("calendar");
        assert_eq!(count(&calendar, Grain::Month), 24);
        assert_eq!(count(&calendar, Grain::Quarter), 9);
        assert_eq!(count(&calendar, Grain::Year), 3);
    }
}
