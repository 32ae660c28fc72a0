//! The planning calendar: a timeline of buckets split into history and horizon.
//!
//! Buckets are addressed by [`BucketIdx`], a position on the timeline: indices
//! `0..history_len` are history and `history_len..history_len + horizon_len` are
//! the planning horizon. Only monthly buckets exist today; the [`Granularity`]
//! enum is where weekly buckets will go without changing the index scheme.

use std::fmt;
use std::ops::Range;

/// Position of a bucket on a [`Calendar`]'s timeline (0 = oldest history bucket).
pub type BucketIdx = usize;

/// The smallest and largest planning horizon Fulcrum accepts, in buckets.
pub const HORIZON_RANGE: std::ops::RangeInclusive<usize> = 18..=36;
/// The longest history Fulcrum keeps, in buckets.
pub const MAX_HISTORY: usize = 120;

/// The length of one bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granularity {
    /// Calendar months, labelled `YYYY-MM`.
    Month,
}

impl Granularity {
    /// The label used in files and the API (`month`).
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
        }
    }

    /// Parses the label written by [`Granularity::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "month" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// Buckets per year, the natural season length.
    pub fn buckets_per_year(self) -> usize {
        match self {
            Granularity::Month => 12,
        }
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Four-digit year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u32,
}

impl YearMonth {
    /// Builds a month, or `None` when `month` is not 1..=12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (year, month) = text.split_once('-')?;
        let digits =
            |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(year, 4) || !digits(month, 2) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u32 = month.parse().ok()?;
        YearMonth::new(year, month)
    }

    /// The month `n` months later (or earlier when negative).
    pub fn plus(self, n: i64) -> Self {
        let zero_based = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        YearMonth {
            year: zero_based.div_euclid(12) as i32,
            month: (zero_based.rem_euclid(12) + 1) as u32,
        }
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Why a calendar could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The horizon is outside [`HORIZON_RANGE`].
    #[error("horizon must be between 18 and 36 buckets, got {0}")]
    Horizon(usize),
    /// The history is longer than [`MAX_HISTORY`].
    #[error("history must be at most 120 buckets, got {0}")]
    History(usize),
}

/// Why a bucket label does not name a bucket of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BucketError {
    /// The label is not of the calendar's form.
    #[error("'{0}' is not a month (expected YYYY-MM)")]
    Malformed(String),
    /// The label is well formed but outside history and horizon.
    #[error("{label} is outside the calendar ({first} to {last})")]
    OutsideCalendar {
        /// The label as given.
        label: String,
        /// First bucket of the calendar.
        first: String,
        /// Last bucket of the calendar.
        last: String,
    },
}

/// The planning calendar: granularity, first planning bucket, history and horizon lengths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    granularity: Granularity,
    plan_start: YearMonth,
    history_len: usize,
    horizon_len: usize,
}

impl Calendar {
    /// Builds a monthly calendar whose horizon starts at `plan_start`.
    pub fn monthly(
        plan_start: YearMonth,
        history_len: usize,
        horizon_len: usize,
    ) -> Result<Self, CalendarError> {
        if !HORIZON_RANGE.contains(&horizon_len) {
            return Err(CalendarError::Horizon(horizon_len));
        }
        if history_len > MAX_HISTORY {
            return Err(CalendarError::History(history_len));
        }
        Ok(Calendar {
            granularity: Granularity::Month,
            plan_start,
            history_len,
            horizon_len,
        })
    }

    /// The bucket length.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// The first bucket of the horizon.
    pub fn plan_start(&self) -> YearMonth {
        self.plan_start
    }

    /// Number of history buckets.
    pub fn history_len(&self) -> usize {
        self.history_len
    }

    /// Number of horizon buckets.
    pub fn horizon_len(&self) -> usize {
        self.horizon_len
    }

    /// Number of buckets on the whole timeline.
    pub fn len(&self) -> usize {
        self.history_len + self.horizon_len
    }

    /// Always false: a calendar has at least 18 horizon buckets.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Timeline indices of the history buckets.
    pub fn history(&self) -> Range<BucketIdx> {
        0..self.history_len
    }

    /// Timeline indices of the horizon buckets.
    pub fn horizon(&self) -> Range<BucketIdx> {
        self.history_len..self.len()
    }

    /// The month of a timeline index.
    pub fn month(&self, idx: BucketIdx) -> YearMonth {
        self.plan_start.plus(idx as i64 - self.history_len as i64)
    }

    /// The label of a timeline index (`YYYY-MM`).
    pub fn label(&self, idx: BucketIdx) -> String {
        self.month(idx).to_string()
    }

    /// Labels of every bucket in `range`.
    pub fn labels(&self, range: Range<BucketIdx>) -> Vec<String> {
        range.map(|idx| self.label(idx)).collect()
    }

    /// Parses a bucket label into its timeline index.
    pub fn parse_bucket(&self, label: &str) -> Result<BucketIdx, BucketError> {
        let month =
            YearMonth::parse(label).ok_or_else(|| BucketError::Malformed(label.to_string()))?;
        let first = self.month(0);
        let offset = first.months_until(month);
        if offset < 0 || offset >= self.len() as i64 {
            return Err(BucketError::OutsideCalendar {
                label: label.trim().to_string(),
                first: first.to_string(),
                last: self.label(self.len() - 1),
            });
        }
        Ok(offset as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> Calendar {
        Calendar::monthly(YearMonth::new(2026, 1).expect("month"), 36, 24).expect("calendar")
    }

    #[test]
    fn labels_and_indices_round_trip() {
        let cal = calendar();
        assert_eq!(cal.label(0), "2023-01");
        assert_eq!(cal.label(36), "2026-01");
        assert_eq!(cal.label(59), "2027-12");
        for idx in 0..cal.len() {
            assert_eq!(cal.parse_bucket(&cal.label(idx)), Ok(idx));
        }
    }

    #[test]
    fn rejects_malformed_and_outside_labels() {
        let cal = calendar();
        assert_eq!(
            cal.parse_bucket("2026-13"),
            Err(BucketError::Malformed("2026-13".into()))
        );
        assert_eq!(
            cal.parse_bucket("2022-12").map_err(|e| e.to_string()),
            Err("2022-12 is outside the calendar (2023-01 to 2027-12)".into())
        );
        assert_eq!(
            cal.parse_bucket("2028-01").map_err(|e| e.to_string()),
            Err("2028-01 is outside the calendar (2023-01 to 2027-12)".into())
        );
    }

    #[test]
    fn month_labels_are_exactly_yyyy_mm() {
        for bad in [
            "+202-01", "2026-1", "2026-+1", "20260-01", "2026/01", "", "2026-00",
        ] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
        assert_eq!(YearMonth::parse(" 2026-01 "), YearMonth::new(2026, 1));
    }

    #[test]
    fn horizon_must_be_18_to_36() {
        let start = YearMonth::new(2026, 1).expect("month");
        assert_eq!(
            Calendar::monthly(start, 12, 17),
            Err(CalendarError::Horizon(17))
        );
        assert_eq!(
            Calendar::monthly(start, 12, 37),
            Err(CalendarError::Horizon(37))
        );
        assert!(Calendar::monthly(start, 0, 18).is_ok());
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let dec = YearMonth::new(2025, 12).expect("month");
        assert_eq!(dec.plus(1).to_string(), "2026-01");
        assert_eq!(dec.plus(-12).to_string(), "2024-12");
        assert_eq!(
            dec.months_until(YearMonth::new(2027, 2).expect("month")),
            14
        );
    }
}
