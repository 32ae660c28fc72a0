//! Typed access to the cells of one row, reporting every bad cell.
//!
//! Each accessor returns `None` only after a problem has been recorded (or the
//! column is missing from the header, which was reported when the header was
//! read), so a row whose accessors all return `Some` is valid.

use std::collections::{HashMap, HashSet};

use fulcrum_core::{BucketError, Calendar, YearMonth};

use crate::format::format_number;
use crate::problem::Problems;
use crate::table::{Row, Table};

/// Which part of the calendar a bucket must lie in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Anywhere on the calendar.
    Calendar,
    /// A history bucket.
    History,
    /// A horizon bucket.
    Horizon,
}

/// The allowed range of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    /// `>= 0`.
    NonNegative,
    /// `> 0`.
    Positive,
    /// `[0, 1)`, a scrap rate.
    Scrap,
    /// `(0, 1]`, an efficiency.
    Efficiency,
    /// `(0, 1)`, a probability such as a service level.
    Probability,
}

/// The largest plausible magnitude of a number in `column`, and what the
/// column holds, for the message: a value beyond it is surely a typo or a unit
/// mistake (see the table in `docs/data-format.md`).
///
/// Columns are named alike across files for alike things (`unit_cost` in lanes
/// and supplier items, `quantity` in on hand, open orders and sales), so the
/// name decides. Columns with a tighter rule of their own (scrap, efficiency,
/// service levels, settings) are not listed.
pub(crate) fn plausible_limit(column: &str) -> Option<(f64, &'static str)> {
    Some(match column {
        "quantity" | "volume" | "min_order" | "order_multiple" | "safety_stock" | "lot_size"
        | "value" => (1e12, "a quantity"),
        "price" | "material_cost" | "labour_cost" | "overhead_cost" | "unit_cost"
        | "order_cost" => (1e9, "a price or cost"),
        "revenue" => (1e15, "an amount of money"),
        "hours_per_bucket" | "hours" => (1e6, "hours in a bucket"),
        "hours_per_unit" => (1e5, "hours per unit"),
        "quantity_per" => (1e6, "a quantity per parent unit"),
        "lead_time" | "lead_time_sd" | "cover_periods" => (120.0, "a number of buckets"),
        _ => return None,
    })
}

/// The problem with `value` in `column`, if it is beyond [`plausible_limit`].
fn implausible(column: &str, value: f64) -> Option<String> {
    let (limit, what) = plausible_limit(column)?;
    (value.abs() > limit).then(|| {
        format!(
            "must be at most {} for {what}, got {}",
            format_number(limit),
            format_number(value)
        )
    })
}

/// The codes declared in one file, for reference checks.
#[derive(Debug, Default)]
pub(crate) struct Codes {
    /// Every non-empty code cell.
    codes: HashSet<String>,
    /// Lower-cased code -> the smallest code with that spelling, for hints.
    by_lowercase: HashMap<String, String>,
    /// False when the file could not be read (or lacks its code column), so
    /// references to it are not checked rather than all reported as unknown.
    known: bool,
}

impl Codes {
    /// Codes of a readable file (`known`) or of an unreadable one (not checked).
    pub(crate) fn new(codes: impl IntoIterator<Item = String>, known: bool) -> Self {
        let codes: HashSet<String> = codes.into_iter().collect();
        let mut by_lowercase: HashMap<String, String> = HashMap::new();
        for code in &codes {
            let entry = by_lowercase
                .entry(code.to_lowercase())
                .or_insert_with(|| code.clone());
            if code < entry {
                entry.clone_from(code);
            }
        }
        Codes {
            codes,
            by_lowercase,
            known,
        }
    }

    /// The problem with referring to `code`, if it is unknown: `unknown item
    /// 'fg1'; did you mean 'FG1'?`.
    fn unknown(&self, code: &str, what: &str) -> Option<String> {
        if !self.known || self.codes.contains(code) {
            return None;
        }
        let hint = self
            .by_lowercase
            .get(&code.to_lowercase())
            .map(|close| format!("; did you mean '{close}'?"))
            .unwrap_or_default();
        Some(format!("unknown {what} '{code}'{hint}"))
    }
}

/// Parses a number in the file format: `.` decimal separator, finite; `-0` is 0.
pub(crate) fn parse_number(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(if value == 0.0 { 0.0 } else { value }),
        _ if text.contains(',') => Err(format!(
            "'{text}' is not a number (use '.' as the decimal separator)"
        )),
        _ => Err(format!("'{text}' is not a number")),
    }
}

/// Parses a whole, non-negative number that fits in `u32`.
pub(crate) fn parse_whole(text: &str) -> Result<u32, String> {
    let value = parse_number(text)?;
    if value < 0.0 {
        return Err(format!(
            "must not be negative, got {}",
            format_number(value)
        ));
    }
    if value.fract() != 0.0 {
        return Err(format!(
            "must be a whole number, got {}",
            format_number(value)
        ));
    }
    if value > f64::from(u32::MAX) {
        return Err(format!(
            "must be at most {}, got {}",
            u32::MAX,
            format_number(value)
        ));
    }
    // In range and whole, so the conversion is exact.
    Ok(value as u32)
}

/// Parses a month label in its canonical form `YYYY-MM` only.
pub(crate) fn parse_month(text: &str) -> Option<YearMonth> {
    let canonical = matches!(
        text.as_bytes(),
        [y1, y2, y3, y4, b'-', m1, m2]
            if [y1, y2, y3, y4, m1, m2].iter().all(|digit| digit.is_ascii_digit())
    );
    if !canonical {
        return None;
    }
    YearMonth::parse(text)
}

/// The cells of one row, with the table they belong to and the problem sink.
pub(crate) struct RowCheck<'a> {
    table: &'a Table,
    row: &'a Row,
    problems: &'a mut Problems,
}

impl<'a> RowCheck<'a> {
    /// Starts checking `row` of `table`.
    pub(crate) fn new(table: &'a Table, row: &'a Row, problems: &'a mut Problems) -> Self {
        RowCheck {
            table,
            row,
            problems,
        }
    }

    /// Records a problem in `column` of this row.
    pub(crate) fn report(&mut self, column: &str, reason: impl Into<String>) {
        self.problems.push(
            self.table.rank,
            &self.table.label,
            Some(self.row.number),
            Some(column),
            reason,
        );
    }

    /// The cell, `None` when empty or the column is missing.
    pub(crate) fn cell(&self, column: &str) -> Option<&'a str> {
        self.table.cell(self.row, column)
    }

    fn is_present(&self, column: &str) -> bool {
        self.table
            .schema()
            .column_index(column)
            .is_some_and(|idx| self.table.present[idx])
    }

    /// A required text cell.
    pub(crate) fn text(&mut self, column: &str) -> Option<String> {
        match self.cell(column) {
            Some(text) => Some(text.to_string()),
            None => {
                if self.is_present(column) {
                    self.report(column, "required value is empty");
                }
                None
            }
        }
    }

    fn check_range(&mut self, column: &str, value: f64, range: Range) -> Option<f64> {
        let shown = format_number(value);
        let reason = match range {
            Range::NonNegative if value < 0.0 => format!("must not be negative, got {shown}"),
            Range::Positive if value <= 0.0 => format!("must be greater than 0, got {shown}"),
            Range::Scrap if !(0.0..1.0).contains(&value) => {
                format!("must be at least 0 and less than 1, got {shown}")
            }
            Range::Efficiency if !(value > 0.0 && value <= 1.0) => {
                format!("must be greater than 0 and at most 1, got {shown}")
            }
            Range::Probability if !(value > 0.0 && value < 1.0) => {
                format!("must be greater than 0 and less than 1, got {shown}")
            }
            _ => match implausible(column, value) {
                Some(reason) => reason,
                None => return Some(value),
            },
        };
        self.report(column, reason);
        None
    }

    fn parse_in_range(&mut self, column: &str, text: &str, range: Range) -> Option<f64> {
        match parse_number(text) {
            Ok(value) => self.check_range(column, value, range),
            Err(reason) => {
                self.report(column, reason);
                None
            }
        }
    }

    /// A required number in `range`.
    pub(crate) fn number(&mut self, column: &str, range: Range) -> Option<f64> {
        let text = self.text(column)?;
        self.parse_in_range(column, &text, range)
    }

    /// An optional number in `range`; `default` when empty.
    pub(crate) fn optional_number(
        &mut self,
        column: &str,
        range: Range,
        default: f64,
    ) -> Option<f64> {
        match self.cell(column) {
            Some(text) => self.parse_in_range(column, text, range),
            None => Some(default),
        }
    }

    /// An optional number in `range` with no default: `Some(None)` when empty, `None`
    /// when the cell is bad (reported).
    pub(crate) fn maybe_number(&mut self, column: &str, range: Range) -> Option<Option<f64>> {
        match self.cell(column) {
            Some(text) => self.parse_in_range(column, text, range).map(Some),
            None => Some(None),
        }
    }

    /// An optional label: `Some(None)` when empty, `None` when not one of `labels`.
    pub(crate) fn optional_label<T>(
        &mut self,
        column: &str,
        parse: fn(&str) -> Option<T>,
        labels: &[&str],
    ) -> Option<Option<T>> {
        if self.cell(column).is_none() {
            return Some(None);
        }
        self.label(column, parse, labels).map(Some)
    }

    /// A required whole, non-negative number (lead times, bucket counts).
    pub(crate) fn whole(&mut self, column: &str) -> Option<u32> {
        let text = self.text(column)?;
        match parse_whole(&text) {
            Ok(value) => match implausible(column, f64::from(value)) {
                Some(reason) => {
                    self.report(column, reason);
                    None
                }
                None => Some(value),
            },
            Err(reason) => {
                self.report(column, reason);
                None
            }
        }
    }

    /// One of a fixed set of labels, parsed by `parse`.
    pub(crate) fn label<T>(
        &mut self,
        column: &str,
        parse: fn(&str) -> Option<T>,
        labels: &[&str],
    ) -> Option<T> {
        let text = self.text(column)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.report(
                column,
                format!("'{text}' is not one of {}", labels.join(", ")),
            );
        }
        parsed
    }

    /// A required reference to a code of `codes`; `what` names the kind (`item`).
    pub(crate) fn reference(&mut self, column: &str, codes: &Codes, what: &str) -> Option<String> {
        let code = self.text(column)?;
        if let Some(reason) = codes.unknown(&code, what) {
            self.report(column, reason);
            return None;
        }
        Some(code)
    }

    /// An optional reference; `Some(None)` when empty, `None` when unknown.
    pub(crate) fn optional_reference(
        &mut self,
        column: &str,
        codes: &Codes,
        what: &str,
    ) -> Option<Option<String>> {
        let Some(code) = self.cell(column) else {
            return Some(None);
        };
        if let Some(reason) = codes.unknown(code, what) {
            self.report(column, reason);
            return None;
        }
        Some(Some(code.to_string()))
    }

    /// A required bucket label in `scope` of `calendar`. Without a calendar
    /// (invalid settings) only the label's form is checked.
    pub(crate) fn bucket(
        &mut self,
        column: &str,
        calendar: Option<&Calendar>,
        scope: Scope,
    ) -> Option<String> {
        let text = self.text(column)?;
        self.check_bucket(column, &text, calendar, scope)
    }

    /// An optional bucket label; `Some(None)` when empty.
    pub(crate) fn optional_bucket(
        &mut self,
        column: &str,
        calendar: Option<&Calendar>,
        scope: Scope,
    ) -> Option<Option<String>> {
        match self.cell(column) {
            Some(text) => self.check_bucket(column, text, calendar, scope).map(Some),
            None => Some(None),
        }
    }

    fn check_bucket(
        &mut self,
        column: &str,
        text: &str,
        calendar: Option<&Calendar>,
        scope: Scope,
    ) -> Option<String> {
        if parse_month(text).is_none() {
            self.report(column, BucketError::Malformed(text.to_string()).to_string());
            return None;
        }
        let Some(calendar) = calendar else {
            return Some(text.to_string());
        };
        let idx = calendar.parse_bucket(text);
        let (range, what) = match scope {
            Scope::Calendar => match idx {
                Ok(_) => return Some(text.to_string()),
                Err(error) => {
                    self.report(column, error.to_string());
                    return None;
                }
            },
            Scope::History => (calendar.history(), "history"),
            Scope::Horizon => (calendar.horizon(), "horizon"),
        };
        if idx.as_ref().is_ok_and(|idx| range.contains(idx)) {
            return Some(text.to_string());
        }
        let bounds = if range.is_empty() {
            format!("the calendar has no {what} buckets")
        } else {
            format!(
                "{} to {}",
                calendar.label(range.start),
                calendar.label(range.end - 1)
            )
        };
        self.report(column, format!("{text} is not a {what} bucket ({bounds})"));
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_finite_with_a_dot() {
        assert_eq!(parse_number("1.5"), Ok(1.5));
        assert_eq!(parse_number("-0"), Ok(0.0));
        assert!(parse_number("-0").is_ok_and(|value| value.is_sign_positive()));
        assert_eq!(
            parse_number("NaN"),
            Err("'NaN' is not a number".to_string())
        );
        assert_eq!(
            parse_number("inf"),
            Err("'inf' is not a number".to_string())
        );
        assert_eq!(
            parse_number("1e999"),
            Err("'1e999' is not a number".to_string())
        );
        assert_eq!(
            parse_number("1,5"),
            Err("'1,5' is not a number (use '.' as the decimal separator)".to_string())
        );
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("3"), Ok(3));
        assert_eq!(parse_whole("3.0"), Ok(3));
        assert_eq!(
            parse_whole("1.5"),
            Err("must be a whole number, got 1.5".to_string())
        );
        assert_eq!(
            parse_whole("-1"),
            Err("must not be negative, got -1".to_string())
        );
        assert_eq!(
            parse_whole("5000000000"),
            Err("must be at most 4294967295, got 5000000000".to_string())
        );
    }

    #[test]
    fn months_must_be_canonical() {
        assert!(parse_month("2026-01").is_some());
        assert!(parse_month("+202-01").is_none());
        assert!(parse_month("2026-1").is_none());
        assert!(parse_month("2026-13").is_none());
    }
}
